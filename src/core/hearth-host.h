/* hearth-host.h: HOST[:PORT] as a person or a file gives it, checked once
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean hearth_host_check (const char  *host,
                            GError     **error);
gboolean hearth_host_parse (const char  *text,
                            char       **host,
                            guint16     *port,
                            GError     **error);
gboolean hearth_host_parse_port (const char  *text,
                                 guint16     *port,
                                 GError     **error);

G_END_DECLS
