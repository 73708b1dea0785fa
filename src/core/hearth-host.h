/* hearth-host.h: HOST[:PORT] as a person or a file gives it, checked once;
 * HearthHost, a host and port (a host added by hand) as one boxed value
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define HEARTH_TYPE_HOST (hearth_host_get_type ())

/* A host (name or address, without brackets) and a port (0: each family's
 * usual one). Immutable. */
typedef struct _HearthHost HearthHost;

GType         hearth_host_get_type  (void) G_GNUC_CONST;
/* @host must pass hearth_host_check() */
HearthHost   *hearth_host_new       (const char        *host,
                                     guint16            port);
/* "HOST", "HOST:PORT", "[IPv6]:PORT" as hearth_host_parse() reads them */
HearthHost   *hearth_host_new_parse (const char        *text,
                                     GError           **error);
HearthHost   *hearth_host_ref       (HearthHost        *self);
void          hearth_host_unref     (HearthHost        *self);
const char   *hearth_host_get_host  (const HearthHost  *self);
guint16       hearth_host_get_port  (const HearthHost  *self);
/* "host", "host:port", "[v6]:port": what a person reads, and parses back */
char         *hearth_host_to_string (const HearthHost  *self);
gboolean      hearth_host_equal     (const HearthHost  *a,
                                     const HearthHost  *b);
/* Whether a device at @host:@port is at @self (host without case; a port
 * 0 on either side matches any) */
gboolean      hearth_host_matches   (const HearthHost  *self,
                                     const char        *host,
                                     guint16            port);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HearthHost, hearth_host_unref)

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
