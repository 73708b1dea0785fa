/* hearth-hue-v2-parse.h: a Hue bridge's CLIP v2 resources and event
 * stream messages to the model
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "hearth-types.h"

G_BEGIN_DECLS

/* CLIP v2 resources (GET /clip/v2/resource: the envelope, or its data
 * array) into @device: "light" resources as "light:<v1 id>" and "room"
 * resources as "room:<v1 id>" (their grouped_light tells on/off). */
gboolean      hearth_hue_parse_v2_resources   (JsonNode      *root,
                                               HearthDevice  *device,
                                               GError       **error);
/* One v2 event stream message (the JSON of a `data:` line: an array of
 * {"type":"update"|…,"data":[partial resources]}): updates the lights and
 * rooms it names, by their id_v1. *@changed tells whether any control of
 * @device was touched. */
gboolean      hearth_hue_parse_v2_event       (JsonNode      *root,
                                               HearthDevice  *device,
                                               gboolean      *changed,
                                               GError       **error);

G_END_DECLS
