/* hearth-shelly-gen1-parse.h: Shelly Gen1 JSON to the model and back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "hearth-types.h"

G_BEGIN_DECLS

#define HEARTH_SHELLY_GEN1_FAMILY           "shelly-gen1"
#define HEARTH_SHELLY_GEN1_DEFAULT_PORT     80
#define HEARTH_SHELLY_GEN1_DEFAULT_USERNAME "admin"

/* GET /status into @device (with channel names from @settings, nullable):
 * "relay:N" switches, "light:N" (dimmers, bulbs), "color:N" / "white:N"
 * (RGBW2 in colour / white mode) lights, "roller:N" covers, meters as
 * "<channel>/power" and "<channel>/energy" (or "meter:N/…"), emeters as
 * "emeter:N/power|energy|voltage", and the H&T's "temperature",
 * "humidity" and "battery". Controls the device no longer reports are
 * removed. Checks everything before it changes anything: on
 * HEARTH_ERROR_BAD_PAYLOAD the model is untouched. */
gboolean      hearth_shelly_gen1_parse_status      (JsonNode     *root,
                                                    JsonNode     *settings,
                                                    HearthDevice *device,
                                                    GError      **error);

/* The answer to a channel request (/relay/N, /light/N, /color/N,
 * /white/N, /roller/N) into @control. HEARTH_ERROR_BAD_PAYLOAD when it is
 * not that channel's status; the control is then untouched. */
gboolean      hearth_shelly_gen1_parse_channel     (JsonNode     *root,
                                                    HearthControl *control,
                                                    GError      **error);

/* "relay:0" → "relay", 0. FALSE when @control_id is not a channel of ours
 * (relay, light, color, white, roller). @endpoint (nullable) is static. */
gboolean      hearth_shelly_gen1_parse_control_id  (const char   *control_id,
                                                    const char  **endpoint,
                                                    guint        *index);

/* The request for @change to @control, path and query:
 * "/relay/0?turn=on", "/color/0?red=255&green=0&blue=0&gain=40",
 * "/roller/0?go=to_pos&roller_pos=30". HEARTH_ERROR_UNSUPPORTED for what
 * the channel cannot do, HEARTH_ERROR_NOT_FOUND for a control that is not
 * a channel. */
char         *hearth_shelly_gen1_build_request     (HearthControl      *control,
                                                    const HearthChange *change,
                                                    GError            **error);

G_END_DECLS
