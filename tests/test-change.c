/* test-change.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hearth-test-utils.h"

static void
test_parse_actions (void)
{
  g_autoptr(HearthChange) change = hearth_change_new ();
  g_autofree char *text = NULL;

  g_assert_true (hearth_change_parse_action (change, "on", NULL));
  g_assert_true (hearth_change_parse_action (change, "Brightness=40%", NULL));
  g_assert_true (hearth_change_parse_action (change, "temperature=2700K", NULL));
  g_assert_true (hearth_change_parse_action (change, "effect=Rainbow Runner", NULL));

  g_assert_cmpint (change->fields, ==,
                   HEARTH_CHANGE_ON | HEARTH_CHANGE_BRIGHTNESS | HEARTH_CHANGE_TEMPERATURE | HEARTH_CHANGE_EFFECT);
  g_assert_true (change->on);
  g_assert_cmpint (change->brightness, ==, 40);
  g_assert_cmpint (change->temperature, ==, 2700);
  g_assert_cmpstr (change->effect, ==, "Rainbow Runner");

  /* A colour replaces the white temperature: a light shows one or the other. */
  g_assert_true (hearth_change_parse_action (change, "color=#FF8800", NULL));
  g_assert_cmpint (change->color, ==, 0xff8800);
  g_assert_false (change->fields & HEARTH_CHANGE_TEMPERATURE);

  text = hearth_change_to_string (change);
  g_assert_cmpstr (text, ==, "on brightness=40 color=#ff8800 effect=Rainbow Runner");
}

static void
test_parse_cover (void)
{
  g_autoptr(HearthChange) change = hearth_change_new ();

  g_assert_true (hearth_change_parse_action (change, "position=30", NULL));
  g_assert_cmpint (change->fields, ==, HEARTH_CHANGE_POSITION);
  g_assert_true (hearth_change_parse_action (change, "stop", NULL));
  g_assert_cmpint (change->fields, ==, HEARTH_CHANGE_COVER);
  g_assert_cmpint (change->cover, ==, HEARTH_COVER_ACTION_STOP);
  g_assert_true (hearth_change_parse_action (change, "open", NULL));
  g_assert_cmpint (change->cover, ==, HEARTH_COVER_ACTION_OPEN);
}

static void
test_parse_errors (void)
{
  const char *bad[] = {
    "brightness=101", "brightness=-1", "brightness=", "brightness=abc", "brightness",
    "temperature=50", "color=#12345", "color=red", "color=#GGGGGG", "position=200",
    "effect=", "dance", "on=1", "",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(HearthChange) change = hearth_change_new ();
      g_autoptr(GError) error = NULL;

      g_assert_false (hearth_change_parse_action (change, bad[i], &error));
      g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_INVALID);
      g_assert_cmpint (change->fields, ==, 0);
    }
}

static void
test_merge_toggles (void)
{
  g_autoptr(HearthChange) change = hearth_change_new ();

  g_assert_true (hearth_change_parse_action (change, "toggle", NULL));
  g_assert_cmpint (change->fields, ==, HEARTH_CHANGE_TOGGLE);
  g_assert_true (hearth_change_parse_action (change, "toggle", NULL));
  g_assert_cmpint (change->fields, ==, 0);

  g_assert_true (hearth_change_parse_action (change, "off", NULL));
  g_assert_true (hearth_change_parse_action (change, "toggle", NULL));
  g_assert_cmpint (change->fields, ==, HEARTH_CHANGE_ON);
  g_assert_true (change->on);
}

static void
test_merge_latest_wins (void)
{
  g_autoptr(HearthChange) change = hearth_change_new ();

  for (int i = 0; i <= 100; i++)
    {
      g_autofree char *action = g_strdup_printf ("brightness=%d", i);
      g_assert_true (hearth_change_parse_action (change, action, NULL));
    }
  g_assert_cmpint (change->fields, ==, HEARTH_CHANGE_BRIGHTNESS);
  g_assert_cmpint (change->brightness, ==, 100);
}

static HearthControl *
make_light (void)
{
  HearthControl *control = hearth_control_new ("light:0", HEARTH_CONTROL_KIND_LIGHT, "Desk Lamp");
  const char * const effects[] = { "Solid", "Rainbow", NULL };

  hearth_control_set_capabilities (control,
                                   HEARTH_CAPABILITY_ON_OFF | HEARTH_CAPABILITY_BRIGHTNESS |
                                   HEARTH_CAPABILITY_TEMPERATURE | HEARTH_CAPABILITY_EFFECT);
  hearth_control_set_temperature_range (control, 2900, 7000);
  hearth_control_set_effects (control, effects);
  return control;
}

static void
test_check (void)
{
  g_autoptr(HearthControl) light = make_light ();
  g_autoptr(HearthControl) sensor = hearth_control_new ("temperature:0", HEARTH_CONTROL_KIND_SENSOR, "Bedroom");
  struct {
    HearthControl *control;
    const char    *action;
    int            error;   /* -1: accepted */
  } cases[] = {
    { light, "on", -1 },
    { light, "brightness=10", -1 },
    { light, "temperature=2900", -1 },
    { light, "temperature=2000", HEARTH_ERROR_INVALID },
    { light, "temperature=7001", HEARTH_ERROR_INVALID },
    { light, "color=#ff0000", HEARTH_ERROR_UNSUPPORTED },
    { light, "position=10", HEARTH_ERROR_UNSUPPORTED },
    { light, "open", HEARTH_ERROR_UNSUPPORTED },
    { light, "effect=Rainbow", -1 },
    { light, "effect=Disco", HEARTH_ERROR_INVALID },
    { sensor, "on", HEARTH_ERROR_UNSUPPORTED },
  };

  hearth_control_set_capabilities (sensor, HEARTH_CAPABILITY_VALUE);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(HearthChange) change = hearth_change_new ();
      g_autoptr(GError) error = NULL;
      gboolean ok;

      g_assert_true (hearth_change_parse_action (change, cases[i].action, NULL));
      ok = hearth_change_check (change, cases[i].control, &error);
      if (cases[i].error < 0)
        g_assert_no_error (error);
      else
        g_assert_error (error, HEARTH_ERROR, cases[i].error);
      g_assert_cmpint (ok, ==, cases[i].error < 0);
    }
}

static void
test_apply (void)
{
  g_autoptr(HearthControl) light = make_light ();
  g_autoptr(HearthControl) cover = hearth_control_new ("cover:0", HEARTH_CONTROL_KIND_COVER, "Blinds");
  g_autoptr(HearthChange) change = hearth_change_new ();
  g_autoptr(HearthChange) move = hearth_change_new ();

  g_assert_true (hearth_change_parse_action (change, "on", NULL));
  g_assert_true (hearth_change_parse_action (change, "brightness=70", NULL));
  hearth_change_apply (change, light);
  g_assert_true (hearth_control_get_on (light));
  g_assert_cmpint (hearth_control_get_brightness (light), ==, 70);

  hearth_control_set_position (cover, 40);
  g_assert_true (hearth_change_parse_action (move, "position=10", NULL));
  hearth_change_apply (move, cover);
  g_assert_cmpint (hearth_control_get_cover_state (cover), ==, HEARTH_COVER_STATE_CLOSING);
  /* The position itself is the device's to report as it moves. */
  g_assert_cmpint (hearth_control_get_position (cover), ==, 40);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/change/parse/actions", test_parse_actions);
  g_test_add_func ("/change/parse/cover", test_parse_cover);
  g_test_add_func ("/change/parse/errors", test_parse_errors);
  g_test_add_func ("/change/merge/toggles", test_merge_toggles);
  g_test_add_func ("/change/merge/latest-wins", test_merge_latest_wins);
  g_test_add_func ("/change/check", test_check);
  g_test_add_func ("/change/apply", test_apply);

  return g_test_run ();
}
