/* hearth-home.h: the engine; a GListModel of every HearthDevice
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "hearth-types.h"

G_BEGIN_DECLS

#define HEARTH_TYPE_HOME (hearth_home_get_type ())

G_DECLARE_FINAL_TYPE (HearthHome, hearth_home, HEARTH, HOME, GObject)

HearthHome    *hearth_home_new                (void);
HearthHttp    *hearth_home_get_http           (HearthHome          *self);
HearthBrowser *hearth_home_get_browser        (HearthHome          *self);
/* Browses mDNS for every service type a driver declares. */
void           hearth_home_start              (HearthHome          *self);
/* Number of devices being identified right now ("busy" notifies) */
guint          hearth_home_get_busy           (HearthHome          *self);
/* A device by hardware id, else by name (case-insensitive); borrowed */
HearthDevice  *hearth_home_lookup             (HearthHome          *self,
                                               const char          *id_or_name);
HearthLink    *hearth_home_get_link           (HearthHome          *self,
                                               HearthDevice        *device);
/* Identifies the device at @host (port 0: each family's usual port) by
 * probing, without mDNS, and adds it. */
void           hearth_home_add_address_async  (HearthHome          *self,
                                               const char          *host,
                                               guint16              port,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
HearthDevice  *hearth_home_add_address_finish (HearthHome          *self,
                                               GAsyncResult        *result,
                                               GError             **error);

G_END_DECLS
