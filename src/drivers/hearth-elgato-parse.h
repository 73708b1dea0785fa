/* hearth-elgato-parse.h: Elgato light JSON to the model and back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "hearth-types.h"

G_BEGIN_DECLS

#define HEARTH_ELGATO_DEFAULT_PORT 9123

/* Colour temperature, in the device's mireds. Key Lights (and the widest
 * range any Elgato light reports) take 143–344; colour-capable lights (the
 * Light Strip) 153–285. */
#define HEARTH_ELGATO_MIRED_MIN        143
#define HEARTH_ELGATO_MIRED_MAX        344
#define HEARTH_ELGATO_COLOR_MIRED_MIN  153
#define HEARTH_ELGATO_COLOR_MIRED_MAX  285

/* K = round (1000000 / mired), and back. */
int           hearth_elgato_mired_to_kelvin     (int            mired);
int           hearth_elgato_kelvin_to_mired     (int            kelvin);
/* The range for a light, in mireds */
void          hearth_elgato_mired_range         (gboolean       color_capable,
                                                 int           *min_mired,
                                                 int           *max_mired);

/* GET /elgato/accessory-info to a new device ("elgato", id = serialNumber,
 * name = displayName or productName, model = productName, firmware =
 * "firmwareVersion (build N)"). HEARTH_ERROR_UNSUPPORTED when the answer
 * is not an Elgato light's. The address is left to the caller. */
HearthDevice *hearth_elgato_parse_accessory_info (JsonNode      *root,
                                                  GError       **error);

/* GET /elgato/lights/settings: whether the light takes hue/saturation
 * (powerOnHue present). HEARTH_ERROR_BAD_PAYLOAD when not an object. */
gboolean      hearth_elgato_parse_settings      (JsonNode      *root,
                                                 gboolean      *color_capable,
                                                 GError       **error);

/* GET (or the answer to PUT) /elgato/lights into @device: one control
 * "light:N" per light, added when missing, and controls for lights the
 * device no longer has removed. Checks everything before it changes
 * anything: on a HEARTH_ERROR_BAD_PAYLOAD error the model is untouched.
 * A light reporting hue makes @color_capable TRUE (it is in/out). */
gboolean      hearth_elgato_parse_lights        (JsonNode      *root,
                                                 HearthDevice  *device,
                                                 gboolean      *color_capable,
                                                 GError       **error);

/* The body of PUT /elgato/lights for @change to light @index of
 * @n_lights: the numberOfLights + lights[] wrapper, only the changed keys
 * (on as 0/1, temperature in mireds, colour as hue/saturation plus
 * brightness for its value; never temperature together with hue).
 * HEARTH_ERROR_UNSUPPORTED for what the light cannot do. */
JsonNode     *hearth_elgato_build_lights_change (const HearthChange *change,
                                                 guint          index,
                                                 guint          n_lights,
                                                 gboolean       color_capable,
                                                 GError       **error);

/* "light:N" to N; FALSE when @control_id is not one of ours */
gboolean      hearth_elgato_parse_control_id    (const char    *control_id,
                                                 guint         *index);

G_END_DECLS
