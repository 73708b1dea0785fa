/* hearth-hue-color.h: Hue's units of light and colour, and Hearth's
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "hearth-types.h"

G_BEGIN_DECLS

/* Mireds a bulb takes when it does not tell (or tells 0) */
#define HEARTH_HUE_MIRED_MIN 153
#define HEARTH_HUE_MIRED_MAX 500

/* K = round (1000000 / mired), and back */
int           hearth_hue_mired_to_kelvin      (int            mired);
int           hearth_hue_kelvin_to_mired      (int            kelvin);
/* v1 bri 1–254 ↔ 0–100 % */
int           hearth_hue_bri_to_percent       (int            bri);
int           hearth_hue_percent_to_bri       (int            percent);
/* CIE xy (brightness left aside: the brightest colour of that
 * chromaticity) to 0xRRGGBB, and back (sRGB, D65, Philips' wide gamut) */
int           hearth_hue_xy_to_rgb            (double         x,
                                               double         y);
void          hearth_hue_rgb_to_xy            (int            rgb,
                                               double        *x,
                                               double        *y);
/* v1 hue 0–65535, sat 0–254 to 0xRRGGBB at full value */
int           hearth_hue_hs_to_rgb            (int            hue,
                                               int            sat);

/* A range from a bulb's min/max mireds, ignoring the 0 some bulbs send */
void          hearth_hue_set_mired_range      (HearthControl *control,
                                               gint64         min_mired,
                                               gint64         max_mired);

G_END_DECLS
