/* hearth-hue-parse.h: Philips Hue bridge JSON to the model and back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "hearth-types.h"
#include "hearth-hue-color.h"
#include "hearth-hue-v2-parse.h"

G_BEGIN_DECLS

#define HEARTH_HUE_DEFAULT_PORT 443

/* GET /api/config (no key needed) to a new device: id = bridgeid in lower
 * case, family "hue", name, model = modelid, firmware = swversion.
 * HEARTH_ERROR_UNSUPPORTED without a bridgeid (not a bridge, or an
 * emulator). The address is left to the caller. */
HearthDevice *hearth_hue_parse_config         (JsonNode      *root,
                                               GError       **error);

/* The answer to POST /api {"devicetype":…}: the app key (a new string);
 * HEARTH_ERROR_NEEDS_PAIRING for error 101 (link button not pressed),
 * HEARTH_ERROR_DEVICE for any other error, HEARTH_ERROR_BAD_PAYLOAD when
 * it has neither. */
char         *hearth_hue_parse_pairing        (JsonNode      *root,
                                               GError       **error);

/* A v1 answer that is an array of per-item success/error objects (PUT
 * replies, or what GET answers for an unknown key): TRUE when there is no
 * error; error 1 (unauthorized user) is HEARTH_ERROR_NEEDS_PAIRING, any
 * other HEARTH_ERROR_DEVICE with the bridge's description. */
gboolean      hearth_hue_parse_v1_reply       (JsonNode      *root,
                                               GError       **error);

/* The answer to a v1 change (PUT …/lights/<id>/state or
 * …/groups/<id>/action): one item per key sent,
 * {"success":{"/lights/1/state/bri":200}} or {"error":{"type":…,
 * "address":…,"description":…}}. Any error item fails the whole change,
 * so that nothing the bridge refused is shown as done: error 1 is
 * HEARTH_ERROR_NEEDS_PAIRING, any other HEARTH_ERROR_DEVICE with every
 * refusal's description (201: "parameter, bri, is not modifiable. Device
 * is set to off."). Without errors, what the answer confirms for @control
 * (when given; other resources' addresses are left alone) is put on it:
 * "on" and "bri". */
gboolean      hearth_hue_parse_v1_change_reply (JsonNode      *root,
                                                HearthControl *control,
                                                GError       **error);

/* One v1 light object (GET /api/<key>/lights/<id>) into control
 * "light:<id>" of @device (added when missing). */
gboolean      hearth_hue_parse_v1_light       (const char    *light_id,
                                               JsonNode      *light,
                                               HearthDevice  *device,
                                               GError       **error);
/* GET /api/<key>/lights: every light, controls of lights that are gone
 * removed. Checks everything first: on error the model is untouched. */
gboolean      hearth_hue_parse_v1_lights      (JsonNode      *root,
                                               HearthDevice  *device,
                                               GError       **error);
/* One v1 group (GET /api/<key>/groups/<id>): a Room becomes control
 * "room:<id>", kind switch, on when any of its lights is on. Other group
 * types are skipped (returns TRUE). */
gboolean      hearth_hue_parse_v1_group       (const char    *group_id,
                                               JsonNode      *group,
                                               HearthDevice  *device,
                                               GError       **error);
/* GET /api/<key>/groups: every Room, as above; rooms that are gone removed */
gboolean      hearth_hue_parse_v1_groups      (JsonNode      *root,
                                               HearthDevice  *device,
                                               GError       **error);

/* "light:3" → @kind "light", @v1_id "3"; FALSE when not one of ours */
gboolean      hearth_hue_parse_control_id     (const char    *control_id,
                                               gboolean      *is_room,
                                               char         **v1_id);
/* The v1 path and body for @change to @control: PUT
 * /api/<key>/lights/<id>/state or /api/<key>/groups/<id>/action (@path
 * gets the part after the key). HEARTH_ERROR_UNSUPPORTED for what the
 * control cannot do. A bridge refuses brightness, temperature and colour
 * for a light (or a room) that is off (error 201) unless the same body
 * turns it on; a person who changes them expects the light to come on,
 * as in the Hue app: unless @change says "off", the body has "on":true
 * with them. (With "off", they are sent as asked: a light that was on
 * takes them before it goes off, one that was off refuses them, and the
 * refusal is reported.) */
JsonNode     *hearth_hue_build_v1_change      (const HearthChange *change,
                                               HearthControl *control,
                                               char         **path,
                                               GError       **error);

/* What the keyring keeps for a bridge: {"key":…,"cert_sha256":…} (the
 * app key and the SHA-256 of the certificate seen when pairing, lower-case
 * hex of its DER form) */
char         *hearth_hue_secret_build         (const char    *key,
                                               const char    *cert_sha256);
gboolean      hearth_hue_secret_parse         (const char    *secret,
                                               char         **key,
                                               char         **cert_sha256,
                                               GError       **error);

G_END_DECLS
