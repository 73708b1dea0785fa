/* hearth-color.c: colours as 0xRRGGBB, and hue/saturation/value
 *
 * Elgato lights, Nanoleaf, Tasmota and Hue bridges speak hue and
 * saturation; controls and the interface speak 0xRRGGBB.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "hearth-color.h"

int
hearth_color_from_hsv (double hue,
                       double saturation,
                       double value)
{
  double h = fmod (hue, 360.0);
  double s = CLAMP (saturation, 0.0, 100.0) / 100.0;
  double v = CLAMP (value, 0.0, 100.0) / 100.0;
  double c, x, m;
  double r = 0, g = 0, b = 0;

  if (isnan (h))
    h = 0;
  if (h < 0)
    h += 360.0;

  c = v * s;
  x = c * (1.0 - fabs (fmod (h / 60.0, 2.0) - 1.0));
  m = v - c;

  switch ((int) (h / 60.0))
    {
    case 0: r = c; g = x; break;
    case 1: r = x; g = c; break;
    case 2: g = c; b = x; break;
    case 3: g = x; b = c; break;
    case 4: r = x; b = c; break;
    default: r = c; b = x; break;
    }

  return ((int) lround ((r + m) * 255.0) << 16) |
         ((int) lround ((g + m) * 255.0) << 8) |
         (int) lround ((b + m) * 255.0);
}

void
hearth_color_to_hsv (int     rgb,
                     double *hue,
                     double *saturation,
                     double *value)
{
  double r = ((rgb >> 16) & 0xff) / 255.0;
  double g = ((rgb >> 8) & 0xff) / 255.0;
  double b = (rgb & 0xff) / 255.0;
  double max = MAX (r, MAX (g, b));
  double min = MIN (r, MIN (g, b));
  double delta = max - min;
  double h = 0;

  if (delta > 0)
    {
      if (max == r)
        h = 60.0 * fmod ((g - b) / delta, 6.0);
      else if (max == g)
        h = 60.0 * ((b - r) / delta + 2.0);
      else
        h = 60.0 * ((r - g) / delta + 4.0);
      if (h < 0)
        h += 360.0;
    }

  if (hue != NULL)
    *hue = h;
  if (saturation != NULL)
    *saturation = max > 0 ? delta / max * 100.0 : 0.0;
  if (value != NULL)
    *value = max * 100.0;
}
