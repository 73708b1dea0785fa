/* hearth-store-device.h: a known device as the store's file keeps it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "hearth-types.h"

G_BEGIN_DECLS

/* A known device's entry; @previous: its entry so far (its "hosts" are kept) */
JsonNode     *hearth_store_device_to_json     (HearthDevice *device,
                                               JsonObject   *previous);
/* A new device in state CONNECTING, or NULL when @object is no device */
HearthDevice *hearth_store_device_from_json   (JsonObject   *object);
/* New devices from the valid ones of @entries (JsonNode) at @positions
 * (guint; NULL: all) */
GPtrArray    *hearth_store_device_from_entries (GPtrArray   *entries,
                                                GArray      *positions);

/* "host" or "host:port" ("[v6]:port"); @host as hearth_store_clean_host() gives it */
char         *hearth_store_join_host          (const char   *host,
                                               guint16       port);
/* "Kitchen.local" and "kitchen.local" are one host; a bracketed IPv6
 * address is unbracketed. NULL when not a host at all. */
char         *hearth_store_clean_host         (const char   *host);
/* Whether host entry @entry reaches @host:@port */
gboolean      hearth_store_host_entry_matches (const char   *entry,
                                               const char   *host,
                                               guint16       port);
/* Whether host entry @entry led to the device of entry @object (reaches its
 * address, or is one of its "hosts") */
gboolean      hearth_store_device_has_host    (JsonObject   *object,
                                               const char   *entry);
/* Adds host entry @entry to the "hosts" of entry @object, once */
void          hearth_store_device_add_host    (JsonObject   *object,
                                               const char   *entry);
/* The entries of a hosts list by the host they name (lower-case): host →
 * GPtrArray of entries, borrowed from @hosts */
GHashTable   *hearth_store_hosts_by_name      (GPtrArray    *hosts);
/* The entries of such an index naming @host, whatever the case (NULL: none) */
GPtrArray    *hearth_store_hosts_named        (GHashTable   *index,
                                               const char   *host);

G_END_DECLS
