/* hearth-service.h: one resolved mDNS record, plain data
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "hearth-types.h"

G_BEGIN_DECLS

#define HEARTH_TYPE_SERVICE (hearth_service_get_type ())

G_DECLARE_FINAL_TYPE (HearthService, hearth_service, HEARTH, SERVICE, GObject)

/* @txt holds "key=value" (or bare "key") strings, as in the TXT record. */
HearthService      *hearth_service_new           (const char         *type,
                                                  const char         *name,
                                                  const char         *host,
                                                  const char         *address,
                                                  guint16             port,
                                                  const char * const *txt);
const char         *hearth_service_get_type_name (HearthService      *self);
const char         *hearth_service_get_name      (HearthService      *self);
/* The mDNS host name, like "shellyplus1pm-a8032abcdef0.local" */
const char         *hearth_service_get_host      (HearthService      *self);
/* A numeric address to connect to: IPv4 preferred; IPv6 link-local with "%ifname" */
const char         *hearth_service_get_address   (HearthService      *self);
guint16             hearth_service_get_port      (HearthService      *self);
const char * const *hearth_service_get_txt       (HearthService      *self);
/* The value of TXT key @key (case-insensitive), "" for a bare key, NULL if absent */
const char         *hearth_service_lookup_txt    (HearthService      *self,
                                                  const char         *key);

G_END_DECLS
