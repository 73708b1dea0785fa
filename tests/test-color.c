/* test-color.c: 0xRRGGBB and hue/saturation/value
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "hearth-test-utils.h"

static void
test_from_hsv (void)
{
  g_assert_cmphex (hearth_color_from_hsv (0, 100, 100), ==, 0xff0000);
  g_assert_cmphex (hearth_color_from_hsv (120, 100, 100), ==, 0x00ff00);
  g_assert_cmphex (hearth_color_from_hsv (240, 100, 100), ==, 0x0000ff);
  g_assert_cmphex (hearth_color_from_hsv (360, 100, 100), ==, 0xff0000);
  g_assert_cmphex (hearth_color_from_hsv (-120, 100, 100), ==, 0x0000ff);
  g_assert_cmphex (hearth_color_from_hsv (60, 0, 100), ==, 0xffffff);
  g_assert_cmphex (hearth_color_from_hsv (60, 100, 0), ==, 0x000000);
  g_assert_cmphex (hearth_color_from_hsv (360, 0, 100), ==, 0xffffff);
  /* Out of range is clamped, never garbage */
  g_assert_cmphex (hearth_color_from_hsv (0, 250, 100), ==, 0xff0000);
  g_assert_cmphex (hearth_color_from_hsv (0, -5, 100), ==, 0xffffff);
  g_assert_cmphex (hearth_color_from_hsv (0, 100, 1000), ==, 0xff0000);
  g_assert_cmphex (hearth_color_from_hsv (NAN, 100, 100), ==, 0xff0000);
}

static void
test_to_hsv (void)
{
  double h, s, v;

  hearth_color_to_hsv (0xff0000, &h, &s, &v);
  g_assert_cmpfloat_with_epsilon (h, 0, 1e-9);
  g_assert_cmpfloat_with_epsilon (s, 100, 1e-9);
  g_assert_cmpfloat_with_epsilon (v, 100, 1e-9);
  hearth_color_to_hsv (0x0000ff, &h, NULL, NULL);
  g_assert_cmpfloat_with_epsilon (h, 240, 1e-9);
  hearth_color_to_hsv (0xff00ff, &h, NULL, NULL);
  g_assert_cmpfloat_with_epsilon (h, 300, 1e-9);
  hearth_color_to_hsv (0xff8000, &h, &s, NULL);
  g_assert_cmpfloat_with_epsilon (h, 30.1, 0.2);
  g_assert_cmpfloat_with_epsilon (s, 100, 0.01);
  /* Tasmota's HSBColor for a colour it reports as FF8C19 */
  hearth_color_to_hsv (0xff8c19, &h, &s, NULL);
  g_assert_cmpint ((int) lround (h), ==, 30);
  g_assert_cmpint ((int) lround (s), ==, 90);
  /* A dark colour is its hue and saturation: value is brightness's */
  hearth_color_to_hsv (0x000040, &h, &s, &v);
  g_assert_cmpfloat_with_epsilon (h, 240, 0.01);
  g_assert_cmpfloat_with_epsilon (s, 100, 0.01);
  g_assert_cmpfloat_with_epsilon (v, 25.1, 0.01);
  /* Greys and black have no hue or saturation */
  hearth_color_to_hsv (0x808080, &h, &s, NULL);
  g_assert_cmpfloat_with_epsilon (h, 0, 1e-9);
  g_assert_cmpfloat_with_epsilon (s, 0, 1e-9);
  hearth_color_to_hsv (0x000000, NULL, &s, &v);
  g_assert_cmpfloat_with_epsilon (s, 0, 1e-9);
  g_assert_cmpfloat_with_epsilon (v, 0, 1e-9);
}

static void
test_round_trip (void)
{
  static const int colors[] = {
    0xff0000, 0x00ff00, 0x0000ff, 0xffffff, 0x000000, 0xff8000,
    0x123456, 0x80ff80, 0x7f007f, 0xfefefe, 0x010203, 0xc0ffee,
  };

  /* RGB → HSV → RGB comes back exactly (doubles all the way) */
  for (guint i = 0; i < G_N_ELEMENTS (colors); i++)
    {
      double h, s, v;

      hearth_color_to_hsv (colors[i], &h, &s, &v);
      g_assert_cmphex (hearth_color_from_hsv (h, s, v), ==, colors[i]);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/color/from-hsv", test_from_hsv);
  g_test_add_func ("/color/to-hsv", test_to_hsv);
  g_test_add_func ("/color/round-trip", test_round_trip);

  return g_test_run ();
}
