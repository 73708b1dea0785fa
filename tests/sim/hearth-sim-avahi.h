/* hearth-sim-avahi.h: announces simulated devices through Avahi
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "hearth-sim-device.h"

G_BEGIN_DECLS

typedef struct _HearthSimAvahi HearthSimAvahi;

/* Publishes every service of every (started) device in @devices
 * (element-type HearthSimDevice) on the default GLib main context, with
 * libavahi-client. A daemon that is missing or restarts is waited for and
 * everything is published again when it is back; name collisions are
 * resolved with alternative names. With @host_name ("sim2.local"), the
 * services point to it and it is announced with the devices' address (as a
 * device of its own on the network would); otherwise they point to the
 * daemon's host name. NULL (and @error) only when no client can be made at
 * all. */
HearthSimAvahi *hearth_sim_avahi_new  (GPtrArray       *devices,
                                       const char      *host_name,
                                       GError         **error);
void            hearth_sim_avahi_free (HearthSimAvahi  *self);
/* Runs the default main context until avahi-daemon announces every group
 * (AVAHI_ENTRY_GROUP_ESTABLISHED for each device's services, and the host
 * name's), at most @timeout_ms, or until *@stop. Returns whether all were
 * announced; says on stderr which were not (or that no daemon runs: then
 * it does not wait, and everything is announced once one comes). */
gboolean        hearth_sim_avahi_wait_announced (HearthSimAvahi *self,
                                                 guint           timeout_ms,
                                                 const gboolean *stop);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HearthSimAvahi, hearth_sim_avahi_free)

G_END_DECLS
