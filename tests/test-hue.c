/* test-hue.c: the Hue parsers on every real capture, and on bad input
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "hearth-test-utils.h"
#include "hearth-hue-parse.h"

static HearthDevice *
new_bridge (void)
{
  return hearth_device_new ("ecb5fafffe2ca569", "hue");
}

/* Every capture goes through a parser: v1 lights and groups, v2 resources */

static void
check_v1_light_capture (JsonNode *root)
{
  g_autoptr(HearthDevice) device = new_bridge ();
  g_autoptr(GError) error = NULL;
  HearthControl *control;

  g_assert_true (hearth_hue_parse_v1_light ("1", root, device, &error));
  g_assert_no_error (error);

  control = hearth_device_find_control (device, "light:1");
  g_assert_nonnull (control);
  g_assert_cmpint (hearth_control_get_kind (control), ==, HEARTH_CONTROL_KIND_LIGHT);
  g_assert_cmpstr (hearth_control_get_name (control), ==, "Living Ceiling");
  g_assert_cmpuint (hearth_control_get_capabilities (control), ==,
                    HEARTH_CAPABILITY_ON_OFF | HEARTH_CAPABILITY_BRIGHTNESS |
                    HEARTH_CAPABILITY_TEMPERATURE | HEARTH_CAPABILITY_COLOR);
  g_assert_false (hearth_control_get_on (control));
  /* bri 168 of 254 */
  g_assert_cmpint (hearth_control_get_brightness (control), ==, 66);
  /* colormode ct, ct 284 mireds → 3521 K; the bulb's range 153–500 */
  g_assert_cmpint (hearth_control_get_temperature (control), ==, 3521);
  g_assert_cmpint (hearth_control_get_temperature_min (control), ==, 2000);
  g_assert_cmpint (hearth_control_get_temperature_max (control), ==, 6536);
  g_assert_cmpint (hearth_control_get_color (control), ==, -1);
}

static void
check_v1_group_capture (JsonNode *root)
{
  g_autoptr(HearthDevice) device = new_bridge ();
  g_autoptr(GError) error = NULL;
  HearthControl *control;

  g_assert_true (hearth_hue_parse_v1_group ("2", root, device, &error));
  g_assert_no_error (error);

  control = hearth_device_find_control (device, "room:2");
  g_assert_nonnull (control);
  g_assert_cmpint (hearth_control_get_kind (control), ==, HEARTH_CONTROL_KIND_SWITCH);
  g_assert_cmpstr (hearth_control_get_name (control), ==, "Bedroom Lamps");
  g_assert_cmpuint (hearth_control_get_capabilities (control), ==, HEARTH_CAPABILITY_ON_OFF);
  g_assert_false (hearth_control_get_on (control));
}

static void
check_v2_capture (JsonNode *root)
{
  g_autoptr(HearthDevice) device = new_bridge ();
  g_autoptr(GError) error = NULL;
  HearthControl *control;
  GListModel *controls;
  guint lights = 0, rooms = 0;

  g_assert_true (hearth_hue_parse_v2_resources (root, device, &error));
  g_assert_no_error (error);

  controls = hearth_device_get_controls (device);
  for (guint i = 0; i < g_list_model_get_n_items (controls); i++)
    {
      g_autoptr(HearthControl) c = g_list_model_get_item (controls, i);

      if (g_str_has_prefix (hearth_control_get_id (c), "light:"))
        lights++;
      else if (g_str_has_prefix (hearth_control_get_id (c), "room:"))
        rooms++;
    }
  /* 6 lights, 1 room in the capture */
  g_assert_cmpuint (lights, ==, 6);
  g_assert_cmpuint (rooms, ==, 1);

  /* Colour and temperature, showing a colour (mirek null, not valid) */
  control = hearth_device_find_control (device, "light:29");
  g_assert_nonnull (control);
  g_assert_cmpuint (hearth_control_get_capabilities (control), ==,
                    HEARTH_CAPABILITY_ON_OFF | HEARTH_CAPABILITY_BRIGHTNESS |
                    HEARTH_CAPABILITY_TEMPERATURE | HEARTH_CAPABILITY_COLOR);
  g_assert_cmpint (hearth_control_get_temperature (control), ==, -1);
  g_assert_cmpint (hearth_control_get_color (control), !=, -1);
  g_assert_cmpint (hearth_control_get_brightness (control), ==, 47);

  /* Temperature only, 153–454 mireds */
  control = hearth_device_find_control (device, "light:4");
  g_assert_nonnull (control);
  g_assert_cmpuint (hearth_control_get_capabilities (control), ==,
                    HEARTH_CAPABILITY_ON_OFF | HEARTH_CAPABILITY_BRIGHTNESS |
                    HEARTH_CAPABILITY_TEMPERATURE);
  g_assert_cmpint (hearth_control_get_temperature_min (control), ==, 2203);
  g_assert_cmpint (hearth_control_get_temperature_max (control), ==, 6536);
  g_assert_cmpint (hearth_control_get_temperature (control), ==, 2710);
  g_assert_false (hearth_control_get_on (control));
  g_assert_cmpstr (hearth_control_get_name (control), ==, "Hue light with color temperature only");

  /* On/off only (a third-party plug) */
  control = hearth_device_find_control (device, "light:23");
  g_assert_nonnull (control);
  g_assert_cmpuint (hearth_control_get_capabilities (control), ==, HEARTH_CAPABILITY_ON_OFF);

  /* Colour only: on */
  control = hearth_device_find_control (device, "light:11");
  g_assert_nonnull (control);
  g_assert_cmpuint (hearth_control_get_capabilities (control), ==,
                    HEARTH_CAPABILITY_ON_OFF | HEARTH_CAPABILITY_BRIGHTNESS | HEARTH_CAPABILITY_COLOR);
  g_assert_true (hearth_control_get_on (control));

  /* The room, off through its grouped_light */
  control = hearth_device_find_control (device, "room:3");
  g_assert_nonnull (control);
  g_assert_cmpstr (hearth_control_get_name (control), ==, "Test Room");
  g_assert_false (hearth_control_get_on (control));
}

static void
test_captures (void)
{
  const struct {
    const char *folder;
    const char *file;
    void (*check) (JsonNode *root);
  } known[] = {
    { "hue-v1", "node-hue-api_group_room.json", check_v1_group_capture },
    { "hue-v1", "node-hue-api_light_extended-color.json", check_v1_light_capture },
    { "hue-v2", "aiohue_v2_resources_bsb002-fw1.48_2025.json", check_v2_capture },
  };
  const char *folders[] = { "hue-v1", "hue-v2" };
  guint checked = 0;

  for (guint f = 0; f < G_N_ELEMENTS (folders); f++)
    {
      g_auto(GStrv) files = hearth_test_list_fixtures (folders[f]);

      for (guint i = 0; files[i] != NULL; i++)
        {
          g_autofree char *base = g_path_get_basename (files[i]);
          g_autofree char *relative = g_build_filename (folders[f], base, NULL);
          g_autoptr(JsonNode) root = hearth_test_load_fixture (relative);
          gboolean found = FALSE;

          for (guint k = 0; k < G_N_ELEMENTS (known); k++)
            if (g_str_equal (known[k].folder, folders[f]) && g_str_equal (known[k].file, base))
              {
                g_test_message ("capture %s", relative);
                known[k].check (root);
                found = TRUE;
                checked++;
              }

          if (!found)
            g_error ("No check for the capture %s: add one", relative);
        }
    }

  g_assert_cmpuint (checked, ==, G_N_ELEMENTS (known));
}

/* Lights and groups as a whole collection, like the simulator sends them */

static void
test_v1_collections (void)
{
  g_autoptr(HearthDevice) device = new_bridge ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) lights = NULL;
  g_autoptr(JsonNode) fewer = NULL;
  g_autoptr(JsonNode) groups = NULL;
  HearthControl *control;

  lights = hearth_test_parse_json ("{\"1\":{\"name\":\"Sofa\",\"type\":\"Extended color light\","
                                   "\"state\":{\"on\":true,\"bri\":254,\"hue\":0,\"sat\":254,\"xy\":[0.6915,0.3083],"
                                   "\"ct\":0,\"colormode\":\"xy\",\"reachable\":true},"
                                   "\"capabilities\":{\"control\":{\"ct\":{\"min\":0,\"max\":0}}}},"
                                   "\"2\":{\"name\":\"Hall\",\"state\":{\"on\":false,\"bri\":1,\"reachable\":true}},"
                                   "\"3\":{\"name\":\"Plug\",\"state\":{\"on\":true}},"
                                   "\"4\":{\"name\":\"Desk\",\"state\":{\"on\":true,\"bri\":127,\"hue\":21845,\"sat\":254,"
                                   "\"colormode\":\"hs\"}}}");
  g_assert_true (hearth_hue_parse_v1_lights (lights, device, &error));
  g_assert_no_error (error);

  control = hearth_device_find_control (device, "light:1");
  g_assert_true (hearth_control_get_on (control));
  g_assert_cmpint (hearth_control_get_brightness (control), ==, 100);
  /* ct 0 in the caps: the default range */
  g_assert_cmpint (hearth_control_get_temperature_min (control), ==, 2000);
  g_assert_cmpint (hearth_control_get_temperature (control), ==, -1);
  /* red in xy mode: mostly red */
  g_assert_cmpint ((hearth_control_get_color (control) >> 16) & 0xff, ==, 255);
  g_assert_cmpint ((hearth_control_get_color (control) >> 8) & 0xff, <, 60);

  control = hearth_device_find_control (device, "light:2");
  g_assert_cmpuint (hearth_control_get_capabilities (control), ==,
                    HEARTH_CAPABILITY_ON_OFF | HEARTH_CAPABILITY_BRIGHTNESS);
  g_assert_cmpint (hearth_control_get_brightness (control), ==, 1);

  control = hearth_device_find_control (device, "light:3");
  g_assert_cmpuint (hearth_control_get_capabilities (control), ==, HEARTH_CAPABILITY_ON_OFF);

  control = hearth_device_find_control (device, "light:4");
  g_assert_cmphex (hearth_control_get_color (control), ==, 0x00ff00);

  /* A light that is gone loses its control */
  fewer = hearth_test_parse_json ("{\"1\":{\"name\":\"Sofa\",\"state\":{\"on\":false}}}");
  g_assert_true (hearth_hue_parse_v1_lights (fewer, device, &error));
  g_assert_nonnull (hearth_device_find_control (device, "light:1"));
  g_assert_null (hearth_device_find_control (device, "light:2"));

  groups = hearth_test_parse_json ("{\"1\":{\"name\":\"Living room\",\"type\":\"Room\",\"lights\":[\"1\"],"
                                   "\"state\":{\"all_on\":false,\"any_on\":true},\"action\":{\"on\":true}},"
                                   "\"2\":{\"name\":\"Entertainment\",\"type\":\"Entertainment\",\"state\":{}},"
                                   "\"3\":{\"name\":\"Zone\",\"type\":\"Zone\",\"lights\":[]}}");
  g_assert_true (hearth_hue_parse_v1_groups (groups, device, &error));
  g_assert_no_error (error);
  control = hearth_device_find_control (device, "room:1");
  g_assert_nonnull (control);
  g_assert_true (hearth_control_get_on (control));
  g_assert_null (hearth_device_find_control (device, "room:2"));
  g_assert_null (hearth_device_find_control (device, "room:3"));
}

static void
test_bad_input (void)
{
  static const char *bad_lights[] = {
    "[]",
    "\"lights\"",
    "{\"1\":5}",
    "{\"1\":{\"name\":\"x\"}}",
    "{\"1\":{\"state\":[]}}",
    "{\"1\":{\"state\":{\"bri\":5}}}",
    "{\"1\":{\"state\":{\"on\":true}},\"2\":null}",
  };
  static const char *bad_groups[] = {
    "{\"1\":[]}",
    "{\"1\":{\"type\":\"Room\",\"name\":\"x\"}}",
    "7",
  };
  g_autoptr(HearthDevice) device = new_bridge ();
  g_autoptr(JsonNode) good = hearth_test_parse_json ("{\"9\":{\"name\":\"Kept\",\"state\":{\"on\":true}}}");

  g_assert_true (hearth_hue_parse_v1_lights (good, device, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (bad_lights); i++)
    {
      g_autoptr(JsonNode) root = hearth_test_parse_json (bad_lights[i]);
      g_autoptr(GError) error = NULL;

      g_test_message ("lights: %s", bad_lights[i]);
      g_assert_false (hearth_hue_parse_v1_lights (root, device, &error));
      g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD);
      /* untouched */
      g_assert_nonnull (hearth_device_find_control (device, "light:9"));
      g_assert_true (hearth_control_get_on (hearth_device_find_control (device, "light:9")));
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad_groups); i++)
    {
      g_autoptr(JsonNode) root = hearth_test_parse_json (bad_groups[i]);
      g_autoptr(GError) error = NULL;

      g_assert_false (hearth_hue_parse_v1_groups (root, device, &error));
      g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD);
    }

  /* A refused key on GET is an error array, not a collection */
  {
    g_autoptr(JsonNode) root = hearth_test_parse_json ("[{\"error\":{\"type\":1,\"address\":\"/lights\","
                                                       "\"description\":\"unauthorized user\"}}]");
    g_autoptr(GError) error = NULL;

    g_assert_false (hearth_hue_parse_v1_lights (root, device, &error));
    g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_NEEDS_PAIRING);
  }

  /* v2: garbage */
  {
    g_autoptr(JsonNode) root = hearth_test_parse_json ("{\"errors\":[]}");
    g_autoptr(JsonNode) items = hearth_test_parse_json ("[1, 2]");
    g_autoptr(JsonNode) odd = hearth_test_parse_json ("[{\"type\":\"light\",\"id_v1\":7,\"on\":{\"on\":\"yes\"},"
                                                      "\"dimming\":{\"brightness\":\"x\"},\"color\":[]},"
                                                      "{\"type\":\"room\",\"id_v1\":\"/groups/\",\"services\":5}]");
    g_autoptr(GError) error = NULL;

    g_assert_false (hearth_hue_parse_v2_resources (root, device, &error));
    g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD);
    g_clear_error (&error);
    g_assert_false (hearth_hue_parse_v2_resources (items, device, &error));
    g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD);
    g_clear_error (&error);
    /* Odd types: no crash, no CRITICAL */
    g_assert_true (hearth_hue_parse_v2_resources (odd, device, &error));
    g_assert_no_error (error);
  }
}

static void
test_config (void)
{
  g_autoptr(JsonNode) root = hearth_test_parse_json ("{\"name\":\"Philips hue\",\"datastoreversion\":\"126\","
                                                     "\"swversion\":\"1948086000\",\"apiversion\":\"1.48.0\","
                                                     "\"mac\":\"ec:b5:fa:2c:a5:69\",\"bridgeid\":\"ECB5FAFFFE2CA569\","
                                                     "\"factorynew\":false,\"replacesbridgeid\":null,"
                                                     "\"modelid\":\"BSB002\",\"starterkitid\":\"\"}");
  g_autoptr(GError) error = NULL;
  g_autoptr(HearthDevice) device = hearth_hue_parse_config (root, &error);
  static const char *not_bridges[] = {
    "{\"name\":\"emulator\",\"modelid\":\"BSB002\"}",
    "{\"bridgeid\":5}",
    "{\"bridgeid\":\"\"}",
    "{\"bridgeid\":\"ab/../cd\"}",
    "[]",
  };

  g_assert_no_error (error);
  g_assert_cmpstr (hearth_device_get_id (device), ==, "ecb5fafffe2ca569");
  g_assert_cmpstr (hearth_device_get_family (device), ==, "hue");
  g_assert_cmpstr (hearth_device_get_name (device), ==, "Philips hue");
  g_assert_cmpstr (hearth_device_get_model (device), ==, "BSB002");
  g_assert_cmpstr (hearth_device_get_firmware (device), ==, "1948086000");

  for (guint i = 0; i < G_N_ELEMENTS (not_bridges); i++)
    {
      g_autoptr(JsonNode) other = hearth_test_parse_json (not_bridges[i]);
      g_autoptr(GError) other_error = NULL;
      g_autoptr(HearthDevice) none = hearth_hue_parse_config (other, &other_error);

      g_assert_null (none);
      g_assert_error (other_error, HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED);
    }
}

static void
test_pairing (void)
{
  g_autoptr(JsonNode) pressed = hearth_test_parse_json ("[{\"success\":{\"username\":\"83b7780291a6ceffbe0bd049104df\","
                                                        "\"clientkey\":\"33DDF493992908E3D97FAAA1AC22E0A4\"}}]");
  g_autoptr(JsonNode) waiting = hearth_test_parse_json ("[{\"error\":{\"type\":101,\"address\":\"\","
                                                        "\"description\":\"link button not pressed\"}}]");
  g_autoptr(JsonNode) other = hearth_test_parse_json ("[{\"error\":{\"type\":7,\"address\":\"/devicetype\","
                                                      "\"description\":\"invalid value\"}}]");
  g_autoptr(JsonNode) empty = hearth_test_parse_json ("[]");
  g_autoptr(JsonNode) object = hearth_test_parse_json ("{\"success\":{\"username\":\"x\"}}");
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  char *none;

  key = hearth_hue_parse_pairing (pressed, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (key, ==, "83b7780291a6ceffbe0bd049104df");

  none = hearth_hue_parse_pairing (waiting, &error);
  g_assert_null (none);
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_NEEDS_PAIRING);
  g_clear_error (&error);

  none = hearth_hue_parse_pairing (other, &error);
  g_assert_null (none);
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_DEVICE);
  g_assert_nonnull (strstr (error->message, "invalid value"));
  g_clear_error (&error);

  none = hearth_hue_parse_pairing (empty, &error);
  g_assert_null (none);
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD);
  g_clear_error (&error);

  none = hearth_hue_parse_pairing (object, &error);
  g_assert_null (none);
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD);
}

static void
test_replies (void)
{
  g_autoptr(JsonNode) ok = hearth_test_parse_json ("[{\"success\":{\"/lights/1/state/on\":true}},"
                                                   "{\"success\":{\"/lights/1/state/bri\":200}}]");
  g_autoptr(JsonNode) unreachable = hearth_test_parse_json ("[{\"success\":{\"/lights/1/state/on\":true}},"
                                                            "{\"error\":{\"type\":201,\"address\":\"/lights/1/state/bri\","
                                                            "\"description\":\"parameter, bri, is not modifiable. Device is set to off.\"}}]");
  g_autoptr(GError) error = NULL;

  g_assert_true (hearth_hue_parse_v1_reply (ok, &error));
  g_assert_no_error (error);
  g_assert_false (hearth_hue_parse_v1_reply (unreachable, &error));
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_DEVICE);
  g_assert_nonnull (strstr (error->message, "not modifiable"));
}

static void
test_events (void)
{
  g_autoptr(HearthDevice) device = new_bridge ();
  g_autoptr(JsonNode) lights = hearth_test_parse_json ("{\"1\":{\"name\":\"Sofa\",\"state\":{\"on\":false,\"bri\":100,"
                                                       "\"ct\":300,\"xy\":[0.3,0.3],\"colormode\":\"ct\"}}}");
  g_autoptr(JsonNode) groups = hearth_test_parse_json ("{\"5\":{\"name\":\"Den\",\"type\":\"Room\",\"state\":{\"any_on\":false}}}");
  g_autoptr(JsonNode) event = hearth_test_parse_json ("[{\"creationtime\":\"2026-11-29T10:00:00Z\",\"id\":\"e1\",\"type\":\"update\","
                                                      "\"data\":[{\"id\":\"u1\",\"id_v1\":\"/lights/1\",\"type\":\"light\","
                                                      "\"on\":{\"on\":true},\"dimming\":{\"brightness\":25.5},"
                                                      "\"color_temperature\":{\"mirek\":250,\"mirek_valid\":true}},"
                                                      "{\"id\":\"g5\",\"id_v1\":\"/groups/5\",\"type\":\"grouped_light\","
                                                      "\"on\":{\"on\":true}},"
                                                      "{\"id\":\"zz\",\"id_v1\":\"/lights/99\",\"type\":\"light\",\"on\":{\"on\":true}}]}]");
  g_autoptr(JsonNode) color = hearth_test_parse_json ("[{\"type\":\"update\",\"data\":[{\"id_v1\":\"/lights/1\",\"type\":\"light\","
                                                      "\"color\":{\"xy\":{\"x\":0.17,\"y\":0.7}}}]}]");
  g_autoptr(JsonNode) bad = hearth_test_parse_json ("{\"type\":\"update\"}");
  g_autoptr(GError) error = NULL;
  HearthControl *light, *room;
  gboolean changed = FALSE;

  g_assert_true (hearth_hue_parse_v1_lights (lights, device, NULL));
  g_assert_true (hearth_hue_parse_v1_groups (groups, device, NULL));
  light = hearth_device_find_control (device, "light:1");
  room = hearth_device_find_control (device, "room:5");

  g_assert_true (hearth_hue_parse_v2_event (event, device, &changed, &error));
  g_assert_no_error (error);
  g_assert_true (changed);
  g_assert_true (hearth_control_get_on (light));
  g_assert_cmpint (hearth_control_get_brightness (light), ==, 26);
  g_assert_cmpint (hearth_control_get_temperature (light), ==, 4000);
  g_assert_cmpint (hearth_control_get_color (light), ==, -1);
  g_assert_true (hearth_control_get_on (room));
  g_assert_null (hearth_device_find_control (device, "light:99"));

  g_assert_true (hearth_hue_parse_v2_event (color, device, &changed, &error));
  g_assert_cmpint (hearth_control_get_temperature (light), ==, -1);
  g_assert_cmpint ((hearth_control_get_color (light) >> 8) & 0xff, ==, 255);

  g_assert_false (hearth_hue_parse_v2_event (bad, device, &changed, &error));
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD);
}

static void
test_changes (void)
{
  g_autoptr(HearthDevice) device = new_bridge ();
  g_autoptr(JsonNode) lights = hearth_test_parse_json ("{\"1\":{\"name\":\"Sofa\",\"state\":{\"on\":false,\"bri\":100,"
                                                       "\"ct\":300,\"xy\":[0.3,0.3],\"colormode\":\"ct\"},"
                                                       "\"capabilities\":{\"control\":{\"ct\":{\"min\":153,\"max\":454}}}},"
                                                       "\"2\":{\"name\":\"Plug\",\"state\":{\"on\":true}}}");
  g_autoptr(JsonNode) groups = hearth_test_parse_json ("{\"5\":{\"name\":\"Den\",\"type\":\"Room\",\"state\":{\"any_on\":true}}}");
  g_autoptr(HearthChange) change = hearth_change_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  JsonNode *body;

  g_assert_true (hearth_hue_parse_v1_lights (lights, device, NULL));
  g_assert_true (hearth_hue_parse_v1_groups (groups, device, NULL));

  change->fields = HEARTH_CHANGE_ON | HEARTH_CHANGE_BRIGHTNESS | HEARTH_CHANGE_TEMPERATURE;
  change->on = TRUE;
  change->brightness = 50;
  change->temperature = 2000; /* below the bulb's 2203 K */
  body = hearth_hue_build_v1_change (change, hearth_device_find_control (device, "light:1"), &path, &error);
  g_assert_no_error (error);
  text = json_to_string (body, FALSE);
  g_assert_cmpstr (path, ==, "lights/1/state");
  g_assert_cmpstr (text, ==, "{\"on\":true,\"bri\":127,\"ct\":454}");
  json_node_unref (body);
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&path, g_free);

  change->fields = HEARTH_CHANGE_COLOR;
  change->color = 0xff0000;
  body = hearth_hue_build_v1_change (change, hearth_device_find_control (device, "light:1"), &path, &error);
  g_assert_no_error (error);
  {
    JsonArray *xy = json_object_get_array_member (json_node_get_object (body), "xy");

    /* Colour alone: the light comes on with it (it is off; the bridge
     * would refuse the colour with error 201) */
    g_assert_cmpuint (json_object_get_size (json_node_get_object (body)), ==, 2);
    g_assert_true (json_object_get_boolean_member (json_node_get_object (body), "on"));
    g_assert_cmpfloat_with_epsilon (json_array_get_double_element (xy, 0), 0.7006, 0.00001);
    g_assert_cmpfloat_with_epsilon (json_array_get_double_element (xy, 1), 0.2993, 0.00001);
  }
  json_node_unref (body);
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&path, g_free);

  /* Brightness alone, temperature alone: on with it */
  change->fields = HEARTH_CHANGE_BRIGHTNESS;
  change->brightness = 10;
  body = hearth_hue_build_v1_change (change, hearth_device_find_control (device, "light:1"), &path, &error);
  g_assert_no_error (error);
  text = json_to_string (body, FALSE);
  g_assert_cmpstr (text, ==, "{\"on\":true,\"bri\":25}");
  json_node_unref (body);
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&path, g_free);

  change->fields = HEARTH_CHANGE_TEMPERATURE;
  change->temperature = 4000;
  body = hearth_hue_build_v1_change (change, hearth_device_find_control (device, "light:1"), &path, &error);
  g_assert_no_error (error);
  text = json_to_string (body, FALSE);
  g_assert_cmpstr (text, ==, "{\"on\":true,\"ct\":250}");
  json_node_unref (body);
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&path, g_free);

  /* "Off" with a brightness: sent as asked, never turned into "on" */
  change->fields = HEARTH_CHANGE_ON | HEARTH_CHANGE_BRIGHTNESS;
  change->on = FALSE;
  change->brightness = 100;
  body = hearth_hue_build_v1_change (change, hearth_device_find_control (device, "light:1"), &path, &error);
  g_assert_no_error (error);
  text = json_to_string (body, FALSE);
  g_assert_cmpstr (text, ==, "{\"on\":false,\"bri\":254}");
  json_node_unref (body);
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&path, g_free);

  /* On/off alone stays alone */
  change->fields = HEARTH_CHANGE_ON;
  change->on = TRUE;
  body = hearth_hue_build_v1_change (change, hearth_device_find_control (device, "light:2"), &path, &error);
  g_assert_no_error (error);
  text = json_to_string (body, FALSE);
  g_assert_cmpstr (text, ==, "{\"on\":true}");
  json_node_unref (body);
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&path, g_free);

  /* A room toggles: it is on, so off */
  change->fields = HEARTH_CHANGE_TOGGLE;
  body = hearth_hue_build_v1_change (change, hearth_device_find_control (device, "room:5"), &path, &error);
  g_assert_no_error (error);
  text = json_to_string (body, FALSE);
  g_assert_cmpstr (path, ==, "groups/5/action");
  g_assert_cmpstr (text, ==, "{\"on\":false}");
  json_node_unref (body);

  /* What a control cannot do */
  change->fields = HEARTH_CHANGE_BRIGHTNESS;
  g_assert_null (hearth_hue_build_v1_change (change, hearth_device_find_control (device, "light:2"), NULL, &error));
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED);
  g_clear_error (&error);
  g_assert_null (hearth_hue_build_v1_change (change, hearth_device_find_control (device, "room:5"), NULL, &error));
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED);
}

/* The answer to a change: every key confirmed, or the change fails */
static void
test_change_replies (void)
{
  g_autoptr(HearthDevice) device = new_bridge ();
  g_autoptr(JsonNode) lights = hearth_test_parse_json ("{\"1\":{\"name\":\"Sofa\",\"state\":{\"on\":false,\"bri\":100,"
                                                       "\"ct\":300,\"colormode\":\"ct\"}},"
                                                       "\"2\":{\"name\":\"Desk\",\"state\":{\"on\":false,\"bri\":1}}}");
  g_autoptr(JsonNode) groups = hearth_test_parse_json ("{\"5\":{\"name\":\"Den\",\"type\":\"Room\",\"state\":{\"any_on\":true}}}");
  g_autoptr(JsonNode) ok = hearth_test_parse_json ("[{\"success\":{\"/lights/1/state/on\":true}},"
                                                   "{\"success\":{\"/lights/1/state/bri\":200}},"
                                                   "{\"success\":{\"/lights/1/state/ct\":250}},"
                                                   "{\"success\":{\"/lights/2/state/on\":true}}]");
  g_autoptr(JsonNode) refused = hearth_test_parse_json ("[{\"success\":{\"/lights/1/state/on\":false}},"
                                                        "{\"error\":{\"type\":201,\"address\":\"/lights/1/state/bri\","
                                                        "\"description\":\"parameter, bri, is not modifiable. Device is set to off.\"}}]");
  g_autoptr(JsonNode) two = hearth_test_parse_json ("[{\"error\":{\"type\":201,\"address\":\"/lights/1/state/bri\","
                                                    "\"description\":\"parameter, bri, is not modifiable. Device is set to off.\"}},"
                                                    "{\"error\":{\"type\":201,\"address\":\"/lights/1/state/xy\","
                                                    "\"description\":\"parameter, xy, is not modifiable. Device is set to off.\"}}]");
  g_autoptr(JsonNode) other = hearth_test_parse_json ("[{\"error\":{\"type\":6,\"address\":\"/lights/1/state/ct\","
                                                      "\"description\":\"parameter, ct, not available\"}}]");
  g_autoptr(JsonNode) mute = hearth_test_parse_json ("[{\"success\":{\"/lights/1/state/on\":true}},{\"error\":\"boom\"}]");
  g_autoptr(JsonNode) unauthorized = hearth_test_parse_json ("[{\"error\":{\"type\":1,\"address\":\"/lights\","
                                                             "\"description\":\"unauthorized user\"}}]");
  g_autoptr(JsonNode) odd = hearth_test_parse_json ("[1,\"x\",null,[],{\"success\":\"yes\"},"
                                                    "{\"success\":{\"/lights/1/state/bri\":\"high\",\"/lights/1/state/on\":1,"
                                                    "\"/lights/1/state\":true,\"/lights/1/state/bri/x\":5}}]");
  g_autoptr(JsonNode) room = hearth_test_parse_json ("[{\"success\":{\"/groups/5/action/on\":false}}]");
  g_autoptr(JsonNode) object = hearth_test_parse_json ("{\"success\":true}");
  g_autoptr(GError) error = NULL;
  HearthControl *sofa, *desk, *den;

  g_assert_true (hearth_hue_parse_v1_lights (lights, device, NULL));
  g_assert_true (hearth_hue_parse_v1_groups (groups, device, NULL));
  sofa = hearth_device_find_control (device, "light:1");
  desk = hearth_device_find_control (device, "light:2");
  den = hearth_device_find_control (device, "room:5");

  /* Confirmed: "on" and "bri" of this light (not of another) are shown */
  g_assert_true (hearth_hue_parse_v1_change_reply (ok, sofa, &error));
  g_assert_no_error (error);
  g_assert_true (hearth_control_get_on (sofa));
  g_assert_cmpint (hearth_control_get_brightness (sofa), ==, 79);
  g_assert_false (hearth_control_get_on (desk));
  g_assert_true (hearth_hue_parse_v1_change_reply (ok, NULL, &error));

  /* One key refused (201): the whole change fails, with the bridge's words,
   * and the control is left alone (the link rolls back) */
  g_assert_false (hearth_hue_parse_v1_change_reply (refused, sofa, &error));
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_DEVICE);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "Sofa"));
  g_assert_nonnull (strstr (error->message, "parameter, bri, is not modifiable. Device is set to off."));
  g_assert_nonnull (strstr (error->message, "201"));
  g_assert_true (hearth_control_get_on (sofa));
  g_clear_error (&error);

  /* Every refusal is told, not only the first */
  g_assert_false (hearth_hue_parse_v1_change_reply (two, sofa, &error));
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_DEVICE);
  g_assert_nonnull (strstr (error->message, "parameter, bri,"));
  g_assert_nonnull (strstr (error->message, "parameter, xy,"));
  g_clear_error (&error);

  /* Any other error too */
  g_assert_false (hearth_hue_parse_v1_change_reply (other, sofa, &error));
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_DEVICE);
  g_assert_nonnull (strstr (error->message, "not available (error 6)"));
  g_clear_error (&error);

  /* An error item that says nothing readable is still a refusal */
  g_assert_false (hearth_hue_parse_v1_change_reply (mute, sofa, &error));
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_DEVICE);
  g_clear_error (&error);

  g_assert_false (hearth_hue_parse_v1_change_reply (unauthorized, sofa, &error));
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_NEEDS_PAIRING);
  g_clear_error (&error);

  g_assert_false (hearth_hue_parse_v1_change_reply (object, sofa, &error));
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD);
  g_clear_error (&error);
  g_assert_false (hearth_hue_parse_v1_change_reply (NULL, sofa, &error));
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD);
  g_clear_error (&error);

  /* Odd items and values of the wrong type are skipped, quietly */
  g_assert_true (hearth_hue_parse_v1_change_reply (odd, sofa, &error));
  g_assert_no_error (error);
  g_assert_true (hearth_control_get_on (sofa));
  g_assert_cmpint (hearth_control_get_brightness (sofa), ==, 79);

  /* A room's action */
  g_assert_true (hearth_control_get_on (den));
  g_assert_true (hearth_hue_parse_v1_change_reply (room, den, &error));
  g_assert_false (hearth_control_get_on (den));
  /* …is not a light's */
  g_assert_true (hearth_hue_parse_v1_change_reply (room, sofa, &error));
  g_assert_true (hearth_control_get_on (sofa));
}

/* The stream's ids, as sent back in Last-Event-ID */
static void
test_conversions (void)
{
  double x, y;

  g_assert_cmpint (hearth_hue_mired_to_kelvin (153), ==, 6536);
  g_assert_cmpint (hearth_hue_kelvin_to_mired (2700), ==, 370);
  g_assert_cmpint (hearth_hue_bri_to_percent (254), ==, 100);
  g_assert_cmpint (hearth_hue_bri_to_percent (1), ==, 1);
  g_assert_cmpint (hearth_hue_percent_to_bri (0), ==, 1);
  g_assert_cmpint (hearth_hue_percent_to_bri (100), ==, 254);
  g_assert_cmphex (hearth_hue_hs_to_rgb (0, 254), ==, 0xff0000);
  g_assert_cmphex (hearth_hue_hs_to_rgb (0, 0), ==, 0xffffff);

  /* Round trips of the primaries stay close */
  for (guint i = 0; i < 3; i++)
    {
      int rgb = 0xff << (8 * i);
      int back;

      hearth_hue_rgb_to_xy (rgb, &x, &y);
      back = hearth_hue_xy_to_rgb (x, y);
      g_assert_cmpint (ABS (((back >> (8 * i)) & 0xff) - 0xff), <=, 2);
    }

  hearth_hue_rgb_to_xy (0, &x, &y);
  g_assert_cmpfloat_with_epsilon (x, 0.3127, 0.0001);
  g_assert_cmphex (hearth_hue_xy_to_rgb (0.3, 0.0), ==, 0xffffff);
}

static void
test_secret (void)
{
  static const char pin[] = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
  g_autofree char *secret = hearth_hue_secret_build ("app-key", pin);
  g_autofree char *key = NULL;
  g_autofree char *cert = NULL;
  g_autoptr(GError) error = NULL;
  static const char *bad[] = {
    "plain-key",
    "{\"key\":\"k\"}",
    "{\"key\":\"k\",\"cert_sha256\":\"abc\"}",
    "{\"cert_sha256\":\"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\"}",
  };

  g_assert_true (hearth_hue_secret_parse (secret, &key, &cert, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (key, ==, "app-key");
  g_assert_cmpstr (cert, ==, pin);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) bad_error = NULL;

      g_assert_false (hearth_hue_secret_parse (bad[i], NULL, NULL, &bad_error));
      g_assert_error (bad_error, HEARTH_ERROR, HEARTH_ERROR_NEEDS_PAIRING);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/hue/captures", test_captures);
  g_test_add_func ("/hue/v1-collections", test_v1_collections);
  g_test_add_func ("/hue/bad-input", test_bad_input);
  g_test_add_func ("/hue/config", test_config);
  g_test_add_func ("/hue/pairing", test_pairing);
  g_test_add_func ("/hue/replies", test_replies);
  g_test_add_func ("/hue/events", test_events);
  g_test_add_func ("/hue/changes", test_changes);
  g_test_add_func ("/hue/change-replies", test_change_replies);
  g_test_add_func ("/hue/conversions", test_conversions);
  g_test_add_func ("/hue/secret", test_secret);

  return g_test_run ();
}
