/* hearth-color.h: colours as 0xRRGGBB, and hue/saturation/value
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* @hue in degrees (taken modulo 360), @saturation and @value 0–100 (%,
 * clamped) to 0xRRGGBB */
int   hearth_color_from_hsv (double  hue,
                             double  saturation,
                             double  value);
/* 0xRRGGBB to @hue 0–360 (0 for greys), @saturation and @value 0–100;
 * each out argument may be NULL */
void  hearth_color_to_hsv   (int     rgb,
                             double *hue,
                             double *saturation,
                             double *value);

G_END_DECLS
