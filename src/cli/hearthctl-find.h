/* hearthctl-find.h: finding the device a command names: by mDNS, at an
 * address, or among the hosts added by hand; and waiting for it to say how
 * it is
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "hearth-device.h"
#include "hearth-home.h"

G_BEGIN_DECLS

gboolean      hearthctl_browser_gave_up    (HearthHome    *home);
guint         hearthctl_explain_unbrowsed  (HearthHome    *home);
void          hearthctl_explain_no_daemon  (HearthHome    *home);
void          hearthctl_discover           (HearthHome    *home,
                                            const char    *target);
void          hearthctl_explain_unreached  (HearthHome    *home);
gboolean      hearthctl_looks_like_address (const char    *target);
gboolean      hearthctl_device_settled     (gpointer       data);
gboolean      hearthctl_device_ready       (HearthHome    *home,
                                            HearthDevice  *device,
                                            GError       **error);
HearthDevice *hearthctl_find_device        (HearthHome    *home,
                                            const char    *target,
                                            GError       **error);
HearthDevice *hearthctl_find_target        (HearthHome    *home,
                                            const char    *target,
                                            GError       **error);
/* @device's control of that id, else of that name (whatever the case);
 * borrowed, NULL when none is */
HearthControl *hearthctl_find_control             (HearthDevice  *device,
                                                   const char    *name);
/* @device's first control that is not a sensor; borrowed, or NULL */
HearthControl *hearthctl_first_actionable_control (HearthDevice  *device);

G_END_DECLS
