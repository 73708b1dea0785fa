/* hearth-nanoleaf-parse.h: Nanoleaf OpenAPI JSON to the model and back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "hearth-types.h"

G_BEGIN_DECLS

#define HEARTH_NANOLEAF_DEFAULT_PORT     16021
/* The window after the power button was held, in seconds */
#define HEARTH_NANOLEAF_PAIRING_SECONDS  30
/* The one control of a Nanoleaf controller */
#define HEARTH_NANOLEAF_CONTROL_ID       "light"
/* A token goes into the URL path: no longer than this */
#define HEARTH_NANOLEAF_MAX_TOKEN_LENGTH 128

/* What the device last told about its light, in its own units and ranges.
 * The model holds RGB; hue and saturation are kept here so that an event
 * changing only one of them makes the right colour. */
typedef struct
{
  gboolean  on;
  int       brightness, brightness_min, brightness_max;
  int       hue, hue_min, hue_max;
  int       sat, sat_min, sat_max;
  int       ct, ct_min, ct_max;           /* Kelvin */
  char     *color_mode;                   /* "hs", "ct", "effect" */
  char     *effect;                       /* effects.select */
  GStrv     effects;                      /* effectsList, reserved names dropped */
  char     *serial;                       /* serialNo */
} HearthNanoleafState;

void          hearth_nanoleaf_state_init       (HearthNanoleafState *state);
void          hearth_nanoleaf_state_clear      (HearthNanoleafState *state);

/* The TXT id ("4E:AF:12:34:56:78") as the hardware id: upper-case hex
 * pairs joined by colons; NULL when it is not that. */
char         *hearth_nanoleaf_normalize_id     (const char          *txt_id);
/* Whether @token may go into a URL path (letters and digits, 1 to
 * HEARTH_NANOLEAF_MAX_TOKEN_LENGTH) */
gboolean      hearth_nanoleaf_token_is_valid   (const char          *token);

/* The answer to POST /api/v1/new: the token (new string), or
 * HEARTH_ERROR_BAD_PAYLOAD. */
char         *hearth_nanoleaf_parse_pairing    (JsonNode            *root,
                                                GError             **error);

/* GET /api/v1/<token>/ into @state and @device (name, model, firmware and
 * the control "light"). Checks everything before changing anything: on a
 * HEARTH_ERROR_BAD_PAYLOAD error both are untouched. */
gboolean      hearth_nanoleaf_parse_info       (JsonNode            *root,
                                                HearthNanoleafState *state,
                                                HearthDevice        *device,
                                                GError             **error);

/* Writes @state into @device's control "light", adding it when missing. */
void          hearth_nanoleaf_state_apply      (const HearthNanoleafState *state,
                                                HearthDevice        *device);

/* One Server-Sent Event of /api/v1/<token>/events: @event_id "1" (state),
 * "2" (layout), "3" (effects), "4" (touch); @data its JSON
 * {"events":[{"attr":N,"value":…}]}. Updates @state and returns TRUE when
 * it changed the light (the caller then applies @state); FALSE with
 * @error unset for events about other things; HEARTH_ERROR_BAD_PAYLOAD
 * (and @state untouched) for data that does not parse. */
gboolean      hearth_nanoleaf_parse_event      (const char          *event_id,
                                                const char          *data,
                                                HearthNanoleafState *state,
                                                GError             **error);

/* The body of PUT /api/v1/<token>/state for @change, or NULL when the
 * change touches nothing there (only an effect). Keys in this order:
 * brightness, hue, sat, ct, on: "on" last, as the firmware wants in a
 * combined update. Values are clamped to the device's own ranges.
 * Colour becomes hue/saturation; HEARTH_ERROR_UNSUPPORTED for what the
 * light cannot do. */
JsonNode     *hearth_nanoleaf_build_state_change (const HearthChange  *change,
                                                  const HearthNanoleafState *state,
                                                  GError             **error);
/* The body of PUT /api/v1/<token>/effects, {"select":"<name>"};
 * HEARTH_ERROR_UNSUPPORTED for a name the device does not list. */
JsonNode     *hearth_nanoleaf_build_effect_change (const HearthChange *change,
                                                   const HearthNanoleafState *state,
                                                   GError            **error);
/* After the device accepted @change: the state it now has */
void          hearth_nanoleaf_state_update     (HearthNanoleafState *state,
                                                const HearthChange  *change);

G_END_DECLS
