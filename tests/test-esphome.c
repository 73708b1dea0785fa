/* test-esphome.c: the ESPHome parsers on payloads shaped like the firmware's
 * (protocols.md §7; there is no ESPHome capture in tests/fixtures), and on
 * bad input
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hearth-test-utils.h"
#include "hearth-esphome-parse.h"

static HearthControl *
apply (HearthDevice *device,
       const char   *json,
       GError      **error)
{
  g_autoptr(GError) parse_error = NULL;
  g_autoptr(JsonNode) node = json_from_string (json, &parse_error);

  g_assert_no_error (parse_error);
  return hearth_esphome_apply_state (node, device, error);
}

static HearthControl *
apply_ok (HearthDevice *device,
          const char   *json)
{
  g_autoptr(GError) error = NULL;
  HearthControl *control = apply (device, json, &error);

  g_assert_no_error (error);
  g_assert_nonnull (control);
  return control;
}

static void
test_split_id (void)
{
  g_autofree char *domain = NULL;
  g_autofree char *rest = NULL;
  gboolean legacy = TRUE;

  g_assert_true (hearth_esphome_split_id ("light/Living Room", &domain, &rest, &legacy));
  g_assert_cmpstr (domain, ==, "light");
  g_assert_cmpstr (rest, ==, "Living Room");
  g_assert_false (legacy);
  g_clear_pointer (&domain, g_free);
  g_clear_pointer (&rest, g_free);

  g_assert_true (hearth_esphome_split_id ("binary_sensor-front_door", &domain, &rest, &legacy));
  g_assert_cmpstr (domain, ==, "binary_sensor");
  g_assert_cmpstr (rest, ==, "front_door");
  g_assert_true (legacy);

  g_assert_false (hearth_esphome_split_id ("", NULL, NULL, NULL));
  g_assert_false (hearth_esphome_split_id ("light", NULL, NULL, NULL));
  g_assert_false (hearth_esphome_split_id ("light/", NULL, NULL, NULL));
  g_assert_false (hearth_esphome_split_id ("/Living Room", NULL, NULL, NULL));
  g_assert_false (hearth_esphome_split_id ("Light/x", NULL, NULL, NULL));
  g_assert_false (hearth_esphome_split_id (NULL, NULL, NULL, NULL));
}

static void
test_build_path (void)
{
  struct { const char *id, *action, *path; } cases[] = {
    { "light/Living Room", "turn_on", "/light/Living%20Room/turn_on" },
    { "light-living_room", "turn_on", "/light/living_room/turn_on" },
    { "sensor/Température", NULL, "/sensor/Temp%C3%A9rature" },
    { "switch/Pump #2 & Co?", "toggle", "/switch/Pump%20%232%20%26%20Co%3F/toggle" },
    { "switch/Garden/Pump", "turn_off", "/switch/Garden/Pump/turn_off" },
    { "cover/50% Blind", "set", "/cover/50%25%20Blind/set" },
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *bad = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = hearth_esphome_build_path (cases[i].id, cases[i].action, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (path, ==, cases[i].path);
    }

  bad = hearth_esphome_build_path ("nonsense", "turn_on", &error);
  g_assert_null (bad);
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_INVALID);
}

static void
test_payload_id (void)
{
  g_autoptr(HearthDevice) device = hearth_device_new ("aabbccddeeff", "esphome");
  HearthControl *control;

  /* Transition firmware: legacy id plus name_id; name_id wins */
  control = apply_ok (device, "{\"id\":\"sensor-outside_temperature\","
                              "\"name_id\":\"sensor/Outside Temperature\","
                              "\"state\":\"19.8 °C\",\"value\":19.76666}");
  g_assert_cmpstr (hearth_control_get_id (control), ==, "sensor/Outside Temperature");
  g_assert_cmpstr (hearth_control_get_name (control), ==, "Outside Temperature");

  /* Legacy only: the object id, made readable for the name */
  control = apply_ok (device, "{\"id\":\"switch-garden_pump\",\"state\":\"ON\",\"value\":true}");
  g_assert_cmpstr (hearth_control_get_id (control), ==, "switch-garden_pump");
  g_assert_cmpstr (hearth_control_get_name (control), ==, "Garden pump");

  /* A "name" from ?detail=all is the name */
  control = apply_ok (device, "{\"id\":\"switch-garden_pump\",\"name\":\"Garden Pump\","
                              "\"state\":\"ON\",\"value\":true}");
  g_assert_cmpstr (hearth_control_get_name (control), ==, "Garden Pump");

  /* A malformed name_id falls back to id */
  control = apply_ok (device, "{\"id\":\"switch/Heater\",\"name_id\":42,\"state\":\"OFF\"}");
  g_assert_cmpstr (hearth_control_get_id (control), ==, "switch/Heater");
  g_assert_false (hearth_control_get_on (control));
}

static void
test_switch_fan_button (void)
{
  g_autoptr(HearthDevice) device = hearth_device_new ("aabbccddeeff", "esphome");
  HearthControl *control;

  control = apply_ok (device, "{\"id\":\"switch/Dehumidifier\",\"state\":\"ON\",\"value\":true}");
  g_assert_cmpint (hearth_control_get_kind (control), ==, HEARTH_CONTROL_KIND_SWITCH);
  g_assert_cmpint (hearth_control_get_capabilities (control), ==, HEARTH_CAPABILITY_ON_OFF);
  g_assert_true (hearth_control_get_on (control));

  /* "value" alone */
  control = apply_ok (device, "{\"id\":\"switch/Dehumidifier\",\"value\":false}");
  g_assert_false (hearth_control_get_on (control));

  control = apply_ok (device, "{\"id\":\"fan/Ceiling Fan\",\"state\":\"ON\",\"value\":true,"
                              "\"speed_level\":2,\"oscillation\":false}");
  g_assert_cmpint (hearth_control_get_kind (control), ==, HEARTH_CONTROL_KIND_SWITCH);
  g_assert_cmpint (hearth_control_get_capabilities (control), ==, HEARTH_CAPABILITY_ON_OFF);
  g_assert_true (hearth_control_get_on (control));

  control = apply_ok (device, "{\"id\":\"button/Restart\",\"name\":\"Restart\"}");
  g_assert_cmpint (hearth_control_get_kind (control), ==, HEARTH_CONTROL_KIND_SWITCH);
  g_assert_false (hearth_control_get_on (control));

  g_assert_cmpuint (g_list_model_get_n_items (hearth_device_get_controls (device)), ==, 3);
}

static void
test_light (void)
{
  g_autoptr(HearthDevice) device = hearth_device_new ("aabbccddeeff", "esphome");
  HearthControl *control;

  control = apply_ok (device,
                      "{\"id\":\"light/Living Room\",\"state\":\"ON\",\"brightness\":128,"
                      "\"color\":{\"r\":255,\"g\":128,\"b\":0},\"color_temp\":250,"
                      "\"min_mireds\":153,\"max_mireds\":370,"
                      "\"effect\":\"None\",\"effects\":[\"None\",\"Rainbow\",\"Pulse\"],"
                      "\"white_value\":0}");
  g_assert_cmpint (hearth_control_get_kind (control), ==, HEARTH_CONTROL_KIND_LIGHT);
  g_assert_cmpint (hearth_control_get_capabilities (control), ==,
                   HEARTH_CAPABILITY_ON_OFF | HEARTH_CAPABILITY_BRIGHTNESS |
                   HEARTH_CAPABILITY_COLOR | HEARTH_CAPABILITY_TEMPERATURE |
                   HEARTH_CAPABILITY_EFFECT);
  g_assert_true (hearth_control_get_on (control));
  g_assert_cmpint (hearth_control_get_brightness (control), ==, 50);
  g_assert_cmpint (hearth_control_get_color (control), ==, 0xff8000);
  g_assert_cmpint (hearth_control_get_temperature (control), ==, 4000);
  g_assert_cmpint (hearth_control_get_temperature_min (control), ==, 2703);
  g_assert_cmpint (hearth_control_get_temperature_max (control), ==, 6536);
  g_assert_cmpstr (hearth_control_get_effects (control)[1], ==, "Rainbow");
  g_assert_cmpstr (hearth_control_get_effect (control), ==, "None");

  /* A later push without the detail keeps what it does not repeat */
  control = apply_ok (device, "{\"id\":\"light/Living Room\",\"state\":\"OFF\",\"brightness\":255,"
                              "\"effect\":\"Rainbow\"}");
  g_assert_false (hearth_control_get_on (control));
  g_assert_cmpint (hearth_control_get_brightness (control), ==, 100);
  g_assert_true (hearth_control_has_capability (control, HEARTH_CAPABILITY_EFFECT));
  g_assert_cmpstr (hearth_control_get_effect (control), ==, "Rainbow");

  /* Bad numbers are clamped, wrong types ignored */
  control = apply_ok (device, "{\"id\":\"light/Desk\",\"state\":\"ON\",\"brightness\":9000,"
                              "\"color\":{\"r\":\"x\",\"g\":1,\"b\":2},\"color_temp\":-5}");
  g_assert_cmpint (hearth_control_get_brightness (control), ==, 100);
  g_assert_false (hearth_control_has_capability (control, HEARTH_CAPABILITY_COLOR));
}

static void
test_cover (void)
{
  g_autoptr(HearthDevice) device = hearth_device_new ("aabbccddeeff", "esphome");
  HearthControl *control;

  control = apply_ok (device, "{\"id\":\"cover/Vent Window\",\"state\":\"OPEN\",\"value\":0.8,"
                              "\"position\":0.8,\"current_operation\":\"IDLE\"}");
  g_assert_cmpint (hearth_control_get_kind (control), ==, HEARTH_CONTROL_KIND_COVER);
  g_assert_true (hearth_control_has_capability (control, HEARTH_CAPABILITY_POSITION));
  g_assert_cmpint (hearth_control_get_position (control), ==, 80);
  g_assert_cmpint (hearth_control_get_cover_state (control), ==, HEARTH_COVER_STATE_STOPPED);

  control = apply_ok (device, "{\"id\":\"cover/Vent Window\",\"state\":\"OPEN\",\"value\":0.9,"
                              "\"position\":0.9,\"current_operation\":\"OPENING\"}");
  g_assert_cmpint (hearth_control_get_cover_state (control), ==, HEARTH_COVER_STATE_OPENING);

  control = apply_ok (device, "{\"id\":\"cover/Vent Window\",\"state\":\"CLOSED\",\"value\":0,"
                              "\"position\":0,\"current_operation\":\"IDLE\"}");
  g_assert_cmpint (hearth_control_get_position (control), ==, 0);
  g_assert_cmpint (hearth_control_get_cover_state (control), ==, HEARTH_COVER_STATE_CLOSED);

  /* Open/close only: no position capability */
  control = apply_ok (device, "{\"id\":\"cover-garage_door\",\"state\":\"OPEN\",\"value\":1,"
                              "\"current_operation\":\"IDLE\"}");
  g_assert_false (hearth_control_has_capability (control, HEARTH_CAPABILITY_POSITION));
  g_assert_cmpint (hearth_control_get_cover_state (control), ==, HEARTH_COVER_STATE_OPEN);
}

static void
test_sensors (void)
{
  g_autoptr(HearthDevice) device = hearth_device_new ("aabbccddeeff", "esphome");
  HearthControl *control;

  control = apply_ok (device, "{\"id\":\"sensor/Outside Temperature\",\"state\":\"19.8 °C\","
                              "\"value\":19.76666}");
  g_assert_cmpint (hearth_control_get_kind (control), ==, HEARTH_CONTROL_KIND_SENSOR);
  g_assert_cmpfloat_with_epsilon (hearth_control_get_value (control), 19.76666, 1e-9);
  g_assert_cmpstr (hearth_control_get_unit (control), ==, "°C");
  g_assert_cmpstr (hearth_control_get_quantity (control), ==, "temperature");

  control = apply_ok (device, "{\"id\":\"sensor/Soil Humidity\",\"state\":\"41 %\",\"value\":41,\"uom\":\"%\"}");
  g_assert_cmpstr (hearth_control_get_unit (control), ==, "%");
  g_assert_cmpstr (hearth_control_get_quantity (control), ==, "humidity");

  /* No reading yet: "NA" and no number keeps the value unknown */
  control = apply_ok (device, "{\"id\":\"sensor/Power\",\"state\":\"NA\"}");
  g_assert_cmpint (hearth_control_get_kind (control), ==, HEARTH_CONTROL_KIND_SENSOR);
  g_assert_cmpstr (hearth_control_get_unit (control), ==, "");

  control = apply_ok (device, "{\"id\":\"binary_sensor/Door\",\"state\":\"ON\",\"value\":true}");
  g_assert_cmpfloat (hearth_control_get_value (control), ==, 1);
  g_assert_cmpstr (hearth_control_get_unit (control), ==, "");
  control = apply_ok (device, "{\"id\":\"binary_sensor/Door\",\"state\":\"OFF\",\"value\":false}");
  g_assert_cmpfloat (hearth_control_get_value (control), ==, 0);
}

static void
test_select (void)
{
  g_autoptr(HearthDevice) device = hearth_device_new ("aabbccddeeff", "esphome");
  HearthControl *control;

  control = apply_ok (device, "{\"id\":\"select/Mode\",\"state\":\"Auto\",\"value\":\"Auto\","
                              "\"option\":[\"Auto\",\"Manual\",\"Off\"]}");
  g_assert_cmpint (hearth_control_get_kind (control), ==, HEARTH_CONTROL_KIND_SWITCH);
  g_assert_cmpint (hearth_control_get_capabilities (control), ==, HEARTH_CAPABILITY_EFFECT);
  g_assert_cmpstr (hearth_control_get_effect (control), ==, "Auto");
  g_assert_cmpstr (hearth_control_get_effects (control)[2], ==, "Off");
}

static void
test_bad_payloads (void)
{
  const char *bad[] = {
    "[]", "{}", "{\"id\":5}", "{\"id\":\"nonsense\"}", "{\"id\":\"light\"}", "{\"state\":\"ON\"}",
  };
  g_autoptr(HearthDevice) device = hearth_device_new ("aabbccddeeff", "esphome");
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_null (apply (device, bad[i], &error));
      g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD);
      g_clear_error (&error);
    }

  g_assert_null (hearth_esphome_apply_state (NULL, device, &error));
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD);
  g_clear_error (&error);

  /* Kinds Hearth does not show */
  g_assert_null (apply (device, "{\"id\":\"text_sensor/IP\",\"state\":\"192.0.2.5\"}", &error));
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED);
  g_clear_error (&error);

  /* Wrong types everywhere: a control with nothing known, no CRITICAL */
  apply_ok (device, "{\"id\":\"light/X\",\"state\":7,\"brightness\":\"full\",\"color\":[],"
                    "\"effects\":{},\"effect\":false}");
  apply_ok (device, "{\"id\":\"cover/Y\",\"state\":[],\"position\":\"half\",\"current_operation\":1}");
  apply_ok (device, "{\"id\":\"sensor/Z\",\"state\":5,\"value\":\"hot\",\"uom\":3}");
  apply_ok (device, "{\"id\":\"select/W\",\"option\":[1,null,\"A\"],\"value\":{}}");

  /* An entity that changed kind (a reflashed node) is replaced */
  apply_ok (device, "{\"id\":\"switch-thing\",\"value\":true}");
  g_assert_cmpint (hearth_control_get_kind (apply_ok (device, "{\"id\":\"switch-thing\",\"value\":true}")),
                   ==, HEARTH_CONTROL_KIND_SWITCH);
}

static char *
change_path (HearthControl *control,
             HearthChange  *change,
             GError       **error)
{
  return hearth_esphome_build_change (control, change, error);
}

static void
test_build_change (void)
{
  g_autoptr(HearthDevice) device = hearth_device_new ("aabbccddeeff", "esphome");
  HearthControl *light = apply_ok (device, "{\"id\":\"light/Living Room\",\"state\":\"ON\","
                                           "\"brightness\":128,\"color\":{\"r\":1,\"g\":2,\"b\":3},"
                                           "\"color_temp\":250}");
  HearthControl *legacy = apply_ok (device, "{\"id\":\"light-porch\",\"state\":\"ON\",\"brightness\":1}");
  HearthControl *sw = apply_ok (device, "{\"id\":\"switch/Pump\",\"value\":true}");
  HearthControl *button = apply_ok (device, "{\"id\":\"button/Restart\"}");
  HearthControl *cover = apply_ok (device, "{\"id\":\"cover/Vent\",\"position\":0.5,\"value\":0.5}");
  HearthControl *select = apply_ok (device, "{\"id\":\"select/Mode\",\"value\":\"Auto\"}");
  HearthControl *sensor = apply_ok (device, "{\"id\":\"sensor/T\",\"value\":1}");
  g_autoptr(HearthChange) change = hearth_change_new ();
  g_autoptr(GError) error = NULL;
  char *path;

#define EXPECT(control, expected) \
  G_STMT_START { \
    path = change_path (control, change, &error); \
    g_assert_no_error (error); \
    g_assert_cmpstr (path, ==, expected); \
    g_free (path); \
  } G_STMT_END
#define EXPECT_ERROR(control, code) \
  G_STMT_START { \
    path = change_path (control, change, &error); \
    g_assert_null (path); \
    g_assert_error (error, HEARTH_ERROR, code); \
    g_clear_error (&error); \
  } G_STMT_END

  change->fields = HEARTH_CHANGE_ON;
  change->on = FALSE;
  EXPECT (light, "/light/Living%20Room/turn_off");
  EXPECT (legacy, "/light/porch/turn_off");
  EXPECT (sw, "/switch/Pump/turn_off");
  EXPECT_ERROR (button, HEARTH_ERROR_UNSUPPORTED);
  change->on = TRUE;
  EXPECT (light, "/light/Living%20Room/turn_on");
  EXPECT (sw, "/switch/Pump/turn_on");
  EXPECT (button, "/button/Restart/press");
  EXPECT_ERROR (sensor, HEARTH_ERROR_UNSUPPORTED);
  EXPECT_ERROR (select, HEARTH_ERROR_UNSUPPORTED);

  change->fields = HEARTH_CHANGE_BRIGHTNESS | HEARTH_CHANGE_COLOR;
  change->brightness = 50;
  change->color = 0xff8001;
  EXPECT (light, "/light/Living%20Room/turn_on?brightness=128&r=255&g=128&b=1");

  change->fields = HEARTH_CHANGE_TEMPERATURE | HEARTH_CHANGE_ON;
  change->temperature = 4000;
  EXPECT (light, "/light/Living%20Room/turn_on?color_temp=250");

  change->fields = HEARTH_CHANGE_EFFECT;
  change->effect = g_strdup ("Fast Pulse");
  EXPECT (light, "/light/Living%20Room/turn_on?effect=Fast%20Pulse");
  EXPECT (select, "/select/Mode/set?option=Fast%20Pulse");

  change->fields = HEARTH_CHANGE_POSITION;
  change->position = 35;
  EXPECT (cover, "/cover/Vent/set?position=0.35");
  change->fields = HEARTH_CHANGE_COVER;
  change->cover = HEARTH_COVER_ACTION_OPEN;
  EXPECT (cover, "/cover/Vent/open");
  change->cover = HEARTH_COVER_ACTION_CLOSE;
  EXPECT (cover, "/cover/Vent/close");
  change->cover = HEARTH_COVER_ACTION_STOP;
  EXPECT (cover, "/cover/Vent/stop");

#undef EXPECT
#undef EXPECT_ERROR
}

static void
test_txt (void)
{
  const char *txt[] = {
    "friendly_name=Greenhouse Node", "version=2026.8.1", "mac=A8032AB1C2D3",
    "platform=ESP32", "board=esp32dev", "network=wifi", NULL,
  };
  const char *no_mac[] = { "friendly_name=X", "mac=nothex", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(HearthDevice) device = hearth_esphome_device_from_txt (txt, "greenhouse", &error);
  g_autoptr(HearthDevice) none = NULL;
  g_autofree char *mac = hearth_esphome_normalize_mac ("A8:03:2A:B1:C2:D3");

  g_assert_no_error (error);
  g_assert_cmpstr (hearth_device_get_id (device), ==, "a8032ab1c2d3");
  g_assert_cmpstr (hearth_device_get_family (device), ==, "esphome");
  g_assert_cmpstr (hearth_device_get_name (device), ==, "Greenhouse Node");
  g_assert_cmpstr (hearth_device_get_model (device), ==, "esp32dev (ESP32)");
  g_assert_cmpstr (hearth_device_get_firmware (device), ==, "2026.8.1");
  g_assert_cmpstr (mac, ==, "a8032ab1c2d3");

  none = hearth_esphome_device_from_txt (no_mac, NULL, &error);
  g_assert_null (none);
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED);
  g_assert_null (hearth_esphome_device_from_txt (NULL, NULL, NULL));
  g_assert_null (hearth_esphome_normalize_mac ("a8032ab1c2d3ff"));
  g_assert_null (hearth_esphome_normalize_mac ("a8032ab1c2"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/esphome/split-id", test_split_id);
  g_test_add_func ("/esphome/build-path", test_build_path);
  g_test_add_func ("/esphome/payload-id", test_payload_id);
  g_test_add_func ("/esphome/switch-fan-button", test_switch_fan_button);
  g_test_add_func ("/esphome/light", test_light);
  g_test_add_func ("/esphome/cover", test_cover);
  g_test_add_func ("/esphome/sensors", test_sensors);
  g_test_add_func ("/esphome/select", test_select);
  g_test_add_func ("/esphome/bad-payloads", test_bad_payloads);
  g_test_add_func ("/esphome/build-change", test_build_change);
  g_test_add_func ("/esphome/txt", test_txt);

  return g_test_run ();
}
