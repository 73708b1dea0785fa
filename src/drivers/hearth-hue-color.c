/* hearth-hue-color.c: Hue's units of light and colour, and Hearth's
 * (mireds and kelvins, bri and percents, CIE xy and hue/sat and RGB)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "hearth-color.h"
#include "hearth-control.h"

#include "hearth-hue-color.h"

/* Conversions */

int
hearth_hue_mired_to_kelvin (int mired)
{
  if (mired <= 0)
    return -1;
  return (int) lround (1000000.0 / mired);
}

int
hearth_hue_kelvin_to_mired (int kelvin)
{
  if (kelvin <= 0)
    return -1;
  return (int) lround (1000000.0 / kelvin);
}

int
hearth_hue_bri_to_percent (int bri)
{
  bri = CLAMP (bri, 1, 254);
  return CLAMP ((int) lround (bri * 100.0 / 254.0), 1, 100);
}

int
hearth_hue_percent_to_bri (int percent)
{
  percent = CLAMP (percent, 0, 100);
  return CLAMP ((int) lround (percent * 254.0 / 100.0), 1, 254);
}

static double
gamma_encode (double c)
{
  c = MAX (c, 0.0);
  return c <= 0.0031308 ? 12.92 * c : 1.055 * pow (c, 1.0 / 2.4) - 0.055;
}

static double
gamma_decode (double c)
{
  return c > 0.04045 ? pow ((c + 0.055) / 1.055, 2.4) : c / 12.92;
}

int
hearth_hue_xy_to_rgb (double x,
                      double y)
{
  double X, Y = 1.0, Z, r, g, b, max;
  int ri, gi, bi;

  if (!isfinite (x) || !isfinite (y) || y <= 0.0001)
    return 0xffffff;

  X = (Y / y) * x;
  Z = (Y / y) * (1.0 - x - y);

  /* Philips' wide-gamut conversion */
  r =  X * 1.656492 - Y * 0.354851 - Z * 0.255038;
  g = -X * 0.707196 + Y * 1.655397 + Z * 0.036152;
  b =  X * 0.051713 - Y * 0.121364 + Z * 1.011530;

  r = gamma_encode (r);
  g = gamma_encode (g);
  b = gamma_encode (b);

  /* Brightness is its own setting: the brightest colour of this xy */
  max = MAX (r, MAX (g, b));
  if (max <= 0.0)
    return 0;
  r /= max;
  g /= max;
  b /= max;

  ri = CLAMP ((int) lround (r * 255.0), 0, 255);
  gi = CLAMP ((int) lround (g * 255.0), 0, 255);
  bi = CLAMP ((int) lround (b * 255.0), 0, 255);

  return (ri << 16) | (gi << 8) | bi;
}

void
hearth_hue_rgb_to_xy (int     rgb,
                      double *x,
                      double *y)
{
  double r = gamma_decode (((rgb >> 16) & 0xff) / 255.0);
  double g = gamma_decode (((rgb >> 8) & 0xff) / 255.0);
  double b = gamma_decode ((rgb & 0xff) / 255.0);
  double X = r * 0.664511 + g * 0.154324 + b * 0.162028;
  double Y = r * 0.283881 + g * 0.668433 + b * 0.047685;
  double Z = r * 0.000088 + g * 0.072310 + b * 0.986039;
  double sum = X + Y + Z;

  if (sum <= 0.0)
    {
      /* Black has no chromaticity: white (D65) */
      *x = 0.3127;
      *y = 0.3290;
      return;
    }

  *x = round (X / sum * 10000.0) / 10000.0;
  *y = round (Y / sum * 10000.0) / 10000.0;
}

int
hearth_hue_hs_to_rgb (int hue,
                      int sat)
{
  return hearth_color_from_hsv (CLAMP (hue, 0, 65535) / 65535.0 * 360.0,
                                CLAMP (sat, 0, 254) / 254.0 * 100.0, 100);
}

/* A range from a bulb's min/max mireds, ignoring the 0 some bulbs send */
void
hearth_hue_set_mired_range (HearthControl *control,
                            gint64         min_mired,
                            gint64         max_mired)
{
  if (min_mired <= 0 || max_mired <= 0 || min_mired >= max_mired || max_mired > 10000)
    {
      min_mired = HEARTH_HUE_MIRED_MIN;
      max_mired = HEARTH_HUE_MIRED_MAX;
    }

  hearth_control_set_temperature_range (control,
                                        hearth_hue_mired_to_kelvin ((int) max_mired),
                                        hearth_hue_mired_to_kelvin ((int) min_mired));
}
