/* hearth-esphome-parse.h: ESPHome web server JSON to the model and back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "hearth-types.h"

G_BEGIN_DECLS

/* The web server's port when the node's _http._tcp record is not known.
 * (_esphomelib._tcp announces the native API port, 6053: not HTTP.) */
#define HEARTH_ESPHOME_DEFAULT_PORT 80

/* The firmware sends "event: ping" every 10 s; a stream that stays silent
 * for more than two of those is dead. */
#define HEARTH_ESPHOME_PING_INTERVAL_MS 10000

/* An entity id as the firmware sends it, in either shape (protocols.md
 * §7.2): new "light/Living Room" (domain, then the configured name, or
 * "device/name" for a sub-device's entity) or legacy "light-living_room"
 * (domain, then the object id). Splits it; FALSE (no error, it is only a
 * test) when it is neither. */
gboolean       hearth_esphome_split_id          (const char          *id,
                                                 char               **domain,
                                                 char               **rest,
                                                 gboolean            *legacy);

/* "/<domain>/<escaped name>[/<action>]" for a new id (each path segment
 * URL-escaped, UTF-8 kept as percent-escapes), "/<domain>/<object id>[/…]"
 * for a legacy one. NULL with HEARTH_ERROR_INVALID for anything else. */
char          *hearth_esphome_build_path        (const char          *id,
                                                 const char          *action,
                                                 GError             **error);

/* The key of a state payload: name_id first (transition firmware), then id. */
const char    *hearth_esphome_payload_id        (JsonObject          *object);

/* Applies one state payload (an "event: state" data, or a REST GET answer)
 * to @device, adding the control when it is new. Returns the control
 * (borrowed); NULL with HEARTH_ERROR_BAD_PAYLOAD for a malformed payload
 * and HEARTH_ERROR_UNSUPPORTED for an entity kind Hearth does not show
 * (text sensors, numbers, locks…: callers skip those quietly). */
HearthControl *hearth_esphome_apply_state       (JsonNode            *root,
                                                 HearthDevice        *device,
                                                 GError             **error);

/* The entity's domain ("switch", "light", …) for a control id, or NULL;
 * a new string. */
char          *hearth_esphome_control_domain    (const char          *control_id);

/* One change as the POST path and query for it, e.g.
 * "/light/Living%20Room/turn_on?brightness=128&r=255&g=0&b=0". */
char          *hearth_esphome_build_change      (HearthControl       *control,
                                                 const HearthChange  *change,
                                                 GError             **error);

/* A device from the _esphomelib._tcp TXT record: id = "mac" (12 lowercase
 * hex), name = "friendly_name" (else @fallback_name), model = board
 * (platform), firmware = "version". NULL with HEARTH_ERROR_UNSUPPORTED when
 * there is no usable mac. */
HearthDevice  *hearth_esphome_device_from_txt   (const char * const  *txt,
                                                 const char          *fallback_name,
                                                 GError             **error);

/* Normalises a MAC ("AA:BB:CC:DD:EE:FF", "aabbccddeeff") to 12 lowercase
 * hex digits, or NULL */
char          *hearth_esphome_normalize_mac     (const char          *mac);

G_END_DECLS
