/* hearthctl-find.h: finding the device a command names: by mDNS, at an
 * address, or among the hosts added by hand; and waiting for it to say how
 * it is
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "hearth.h"

G_BEGIN_DECLS

gboolean      browser_gave_up    (HearthHome    *home);
guint         explain_unbrowsed  (HearthHome    *home);
void          explain_no_daemon  (HearthHome    *home);
void          discover           (HearthHome    *home,
                                  const char    *target);
void          explain_unreached  (HearthHome    *home);
gboolean      parse_address      (const char    *target,
                                  char         **host,
                                  guint16       *port,
                                  GError       **error);
gboolean      looks_like_address (const char    *target);
gboolean      device_settled     (gpointer       data);
gboolean      device_ready       (HearthHome    *home,
                                  HearthDevice  *device,
                                  GError       **error);
HearthDevice *find_device        (HearthHome    *home,
                                  const char    *target,
                                  GError       **error);
HearthDevice *find_target        (HearthHome    *home,
                                  const char    *target,
                                  GError       **error);

G_END_DECLS
