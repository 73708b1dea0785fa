/* test-device.c: the device and control models
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hearth-test-utils.h"

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

static void
test_control_defaults (void)
{
  g_autoptr(HearthControl) control = hearth_control_new ("switch:0", HEARTH_CONTROL_KIND_SWITCH, "Kettle");

  g_assert_cmpstr (hearth_control_get_id (control), ==, "switch:0");
  g_assert_cmpint (hearth_control_get_kind (control), ==, HEARTH_CONTROL_KIND_SWITCH);
  g_assert_false (hearth_control_get_on (control));
  g_assert_cmpint (hearth_control_get_brightness (control), ==, -1);
  g_assert_cmpint (hearth_control_get_temperature (control), ==, -1);
  g_assert_cmpint (hearth_control_get_color (control), ==, -1);
  g_assert_cmpint (hearth_control_get_position (control), ==, -1);
  g_assert_null (hearth_control_get_effects (control));
}

static void
test_control_notify_only_on_change (void)
{
  g_autoptr(HearthControl) control = hearth_control_new ("light:0", HEARTH_CONTROL_KIND_LIGHT, "Lamp");
  guint count = 0;

  g_signal_connect (control, "notify::brightness", G_CALLBACK (count_notify), &count);
  hearth_control_set_brightness (control, 50);
  hearth_control_set_brightness (control, 50);
  g_assert_cmpuint (count, ==, 1);
  hearth_control_set_brightness (control, 500);
  g_assert_cmpint (hearth_control_get_brightness (control), ==, 100);
  g_assert_cmpuint (count, ==, 2);

  hearth_control_set_temperature_range (control, 6500, 2700);
  g_assert_cmpint (hearth_control_get_temperature_min (control), ==, 2700);
  g_assert_cmpint (hearth_control_get_temperature_max (control), ==, 6500);

  hearth_control_set_color (control, 0x1ff8800);
  g_assert_cmpint (hearth_control_get_color (control), ==, 0xff8800);
}

static void
test_device_name_fallback (void)
{
  g_autoptr(HearthDevice) device = hearth_device_new ("shellyplus1pm-aabbccddeeff", "shelly");

  g_assert_cmpstr (hearth_device_get_name (device), ==, "shellyplus1pm-aabbccddeeff");
  hearth_device_set_model (device, "SNSW-001P16EU");
  g_assert_cmpstr (hearth_device_get_name (device), ==, "SNSW-001P16EU");
  hearth_device_set_name (device, "");
  g_assert_cmpstr (hearth_device_get_name (device), ==, "SNSW-001P16EU");
  hearth_device_set_name (device, "Coffee Machine");
  g_assert_cmpstr (hearth_device_get_name (device), ==, "Coffee Machine");
}

static void
test_device_controls (void)
{
  g_autoptr(HearthDevice) device = hearth_device_new ("aabbccddeeff", "wled");
  GListModel *controls = hearth_device_get_controls (device);
  HearthControl *a, *b;

  a = hearth_device_ensure_control (device, "light", HEARTH_CONTROL_KIND_LIGHT, "Strip");
  b = hearth_device_ensure_control (device, "light", HEARTH_CONTROL_KIND_LIGHT, "Strip");
  g_assert_true (a == b);
  g_assert_cmpuint (g_list_model_get_n_items (controls), ==, 1);
  g_assert_true (hearth_device_find_control (device, "light") == a);
  g_assert_null (hearth_device_find_control (device, "nope"));

  hearth_device_remove_control (device, "light");
  g_assert_cmpuint (g_list_model_get_n_items (controls), ==, 0);
}

static void
test_device_state (void)
{
  g_autoptr(HearthDevice) device = hearth_device_new ("CN11A1A00001", "elgato");
  guint available = 0;

  g_signal_connect (device, "notify::available", G_CALLBACK (count_notify), &available);
  g_assert_cmpint (hearth_device_get_state (device), ==, HEARTH_DEVICE_STATE_CONNECTING);
  g_assert_false (hearth_device_get_available (device));
  g_assert_cmpint (hearth_device_get_last_seen (device), ==, 0);

  hearth_device_mark_seen (device);
  g_assert_true (hearth_device_get_available (device));
  g_assert_cmpint (hearth_device_get_last_seen (device), >, 0);
  g_assert_cmpuint (available, ==, 1);

  hearth_device_set_state (device, HEARTH_DEVICE_STATE_UNAVAILABLE);
  g_assert_false (hearth_device_get_available (device));
  g_assert_cmpuint (available, ==, 2);

  hearth_device_set_address (device, "192.0.2.7", 9123);
  g_assert_cmpstr (hearth_device_get_host (device), ==, "192.0.2.7");
  g_assert_cmpuint (hearth_device_get_port (device), ==, 9123);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/control/defaults", test_control_defaults);
  g_test_add_func ("/control/notify-only-on-change", test_control_notify_only_on_change);
  g_test_add_func ("/device/name-fallback", test_device_name_fallback);
  g_test_add_func ("/device/controls", test_device_controls);
  g_test_add_func ("/device/state", test_device_state);

  return g_test_run ();
}
