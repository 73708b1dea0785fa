/* test-elgato.c: the Elgato parsers on every real capture, and on bad input
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hearth-test-utils.h"
#include "hearth-elgato-driver.h"
#include "hearth-elgato-parse.h"

static char *
to_string (JsonNode *node)
{
  return json_to_string (node, FALSE);
}

/* Every capture */

static void
check_accessory_info_capture (JsonNode *root)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HearthDevice) device = hearth_elgato_parse_accessory_info (root, &error);

  g_assert_no_error (error);
  g_assert_nonnull (device);
  g_assert_cmpstr (hearth_device_get_id (device), ==, "CN11A1A00001");
  g_assert_cmpstr (hearth_device_get_family (device), ==, "elgato");
  g_assert_cmpstr (hearth_device_get_name (device), ==, "Frenck");
  g_assert_cmpstr (hearth_device_get_model (device), ==, "Elgato Key Light");
  g_assert_cmpstr (hearth_device_get_firmware (device), ==, "1.0.3 (build 218)");
}

static void
check_settings_capture (JsonNode *root)
{
  g_autoptr(GError) error = NULL;
  gboolean color = TRUE;

  g_assert_true (hearth_elgato_parse_settings (root, &color, &error));
  g_assert_no_error (error);
  /* The Key Light's settings have no powerOnHue */
  g_assert_false (color);
}

static void
check_temperature_capture (JsonNode *root)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HearthDevice) device = hearth_device_new ("CN11A1A00001", "elgato");
  HearthControl *light;
  gboolean color = FALSE;

  hearth_device_set_name (device, "Frenck");
  g_assert_true (hearth_elgato_parse_lights (root, device, &color, &error));
  g_assert_no_error (error);
  g_assert_false (color);

  g_assert_cmpuint (g_list_model_get_n_items (hearth_device_get_controls (device)), ==, 1);
  light = hearth_device_find_control (device, "light:0");
  g_assert_nonnull (light);
  g_assert_cmpint (hearth_control_get_kind (light), ==, HEARTH_CONTROL_KIND_LIGHT);
  g_assert_cmpstr (hearth_control_get_name (light), ==, "Frenck");
  g_assert_cmpint (hearth_control_get_capabilities (light), ==,
                   HEARTH_CAPABILITY_ON_OFF | HEARTH_CAPABILITY_BRIGHTNESS |
                   HEARTH_CAPABILITY_TEMPERATURE);
  g_assert_true (hearth_control_get_on (light));
  g_assert_cmpint (hearth_control_get_brightness (light), ==, 21);
  /* 297 mireds: 1000000 / 297 = 3367.0 */
  g_assert_cmpint (hearth_control_get_temperature (light), ==, 3367);
  /* 344 and 143 mireds */
  g_assert_cmpint (hearth_control_get_temperature_min (light), ==, 2907);
  g_assert_cmpint (hearth_control_get_temperature_max (light), ==, 6993);
  g_assert_cmpint (hearth_control_get_color (light), ==, -1);
}

static void
check_color_capture (JsonNode *root)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HearthDevice) device = hearth_device_new ("EW52J1A00082", "elgato");
  HearthControl *light;
  gboolean color = FALSE;

  hearth_device_set_name (device, "Elgato Light Strip");
  g_assert_true (hearth_elgato_parse_lights (root, device, &color, &error));
  g_assert_no_error (error);
  /* A light reporting hue takes colour, even before its settings were read */
  g_assert_true (color);

  light = hearth_device_find_control (device, "light:0");
  g_assert_nonnull (light);
  g_assert_true (hearth_control_has_capability (light, HEARTH_CAPABILITY_COLOR));
  g_assert_true (hearth_control_has_capability (light, HEARTH_CAPABILITY_TEMPERATURE));
  g_assert_true (hearth_control_get_on (light));
  g_assert_cmpint (hearth_control_get_brightness (light), ==, 50);
  /* hue 358, saturation 6 %, value 50 %: by hand, r = 0.5, g = b = 0.47 */
  g_assert_cmpint (hearth_control_get_color (light), ==, 0x807878);
  /* In colour mode there is no temperature */
  g_assert_cmpint (hearth_control_get_temperature (light), ==, -1);
  /* 285 and 153 mireds */
  g_assert_cmpint (hearth_control_get_temperature_min (light), ==, 3509);
  g_assert_cmpint (hearth_control_get_temperature_max (light), ==, 6536);
}

static void
test_every_capture (void)
{
  g_auto(GStrv) files = hearth_test_list_fixtures ("elgato");
  guint checked = 0;

  g_assert_nonnull (files);
  for (guint i = 0; files[i] != NULL; i++)
    {
      g_autofree char *base = g_path_get_basename (files[i]);
      g_autofree char *relative = g_build_filename ("elgato", base, NULL);
      g_autoptr(JsonNode) root = NULL;

      if (!g_str_has_suffix (base, ".json"))
        continue;

      g_test_message ("capture %s", base);
      root = hearth_test_load_fixture (relative);

      if (strstr (base, "accessory-info") != NULL)
        check_accessory_info_capture (root);
      else if (strstr (base, "lights-settings") != NULL)
        check_settings_capture (root);
      else if (strstr (base, "lights-state-temperature") != NULL)
        check_temperature_capture (root);
      else if (strstr (base, "lights-state-color") != NULL)
        check_color_capture (root);
      else
        g_error ("A new Elgato capture, %s: teach this test what it holds", base);

      checked++;
    }

  g_assert_cmpuint (checked, ==, 4);
}

/* Units */

static void
test_mireds (void)
{
  int min, max;

  g_assert_cmpint (hearth_elgato_mired_to_kelvin (297), ==, 3367);
  g_assert_cmpint (hearth_elgato_mired_to_kelvin (143), ==, 6993);
  g_assert_cmpint (hearth_elgato_mired_to_kelvin (344), ==, 2907);
  g_assert_cmpint (hearth_elgato_mired_to_kelvin (0), ==, -1);
  g_assert_cmpint (hearth_elgato_kelvin_to_mired (3367), ==, 297);
  g_assert_cmpint (hearth_elgato_kelvin_to_mired (5000), ==, 200);
  g_assert_cmpint (hearth_elgato_kelvin_to_mired (2700), ==, 370);
  g_assert_cmpint (hearth_elgato_kelvin_to_mired (-5), ==, -1);

  hearth_elgato_mired_range (FALSE, &min, &max);
  g_assert_cmpint (min, ==, 143);
  g_assert_cmpint (max, ==, 344);
  hearth_elgato_mired_range (TRUE, &min, &max);
  g_assert_cmpint (min, ==, 153);
  g_assert_cmpint (max, ==, 285);
}

/* Bad input */

static void
test_lights_bad (void)
{
  static const struct {
    const char *json;
    const char *why;
  } cases[] = {
    { "{\"numberOfLights\":1,\"lights\":[{\"on\":true,\"brightness\":21,\"temperature\":297}]}", "on as a boolean" },
    { "{\"numberOfLights\":1,\"lights\":[{\"on\":false,\"brightness\":21,\"temperature\":297}]}", "off as a boolean" },
    { "{\"numberOfLights\":1,\"lights\":[{\"brightness\":21,\"temperature\":297}]}", "on missing" },
    { "{\"numberOfLights\":1,\"lights\":[{\"on\":2,\"brightness\":21}]}", "on = 2" },
    { "{\"numberOfLights\":1,\"lights\":[{\"on\":\"1\",\"brightness\":21}]}", "on as a string" },
    { "{\"numberOfLights\":1,\"lights\":[{\"on\":0.5,\"brightness\":21}]}", "on = 0.5" },
    { "{\"numberOfLights\":1,\"lights\":[{\"on\":null,\"brightness\":21}]}", "on = null" },
    { "{\"numberOfLights\":1,\"lights\":[{\"on\":1}]}", "brightness missing" },
    { "{\"numberOfLights\":1,\"lights\":[{\"on\":1,\"brightness\":101}]}", "brightness 101" },
    { "{\"numberOfLights\":1,\"lights\":[{\"on\":1,\"brightness\":-1}]}", "brightness -1" },
    { "{\"numberOfLights\":1,\"lights\":[{\"on\":1,\"brightness\":\"50\"}]}", "brightness as a string" },
    { "{\"numberOfLights\":1,\"lights\":[{\"on\":1,\"brightness\":21,\"temperature\":500}]}", "500 mireds" },
    { "{\"numberOfLights\":1,\"lights\":[{\"on\":1,\"brightness\":21,\"temperature\":142}]}", "142 mireds" },
    { "{\"numberOfLights\":1,\"lights\":[{\"on\":1,\"brightness\":21,\"temperature\":0}]}", "0 mireds" },
    { "{\"numberOfLights\":1,\"lights\":[{\"on\":1,\"brightness\":21,\"temperature\":\"warm\"}]}", "temperature as a string" },
    { "{\"numberOfLights\":1,\"lights\":[{\"on\":1,\"brightness\":21,\"hue\":10}]}", "hue without saturation" },
    { "{\"numberOfLights\":1,\"lights\":[{\"on\":1,\"brightness\":21,\"hue\":400,\"saturation\":5}]}", "hue 400" },
    { "{\"numberOfLights\":1,\"lights\":[{\"on\":1,\"brightness\":21,\"hue\":40,\"saturation\":101}]}", "saturation 101" },
    { "{\"numberOfLights\":0,\"lights\":[]}", "empty lights" },
    { "{\"numberOfLights\":1}", "lights missing" },
    { "{\"numberOfLights\":1,\"lights\":{\"on\":1}}", "lights not an array" },
    { "{\"numberOfLights\":1,\"lights\":[1]}", "a light that is not an object" },
    { "{\"numberOfLights\":2,\"lights\":[{\"on\":1,\"brightness\":5},\"x\"]}", "the second light garbage" },
    { "{}", "an empty object" },
    { "[]", "an array" },
    { "\"garbage\"", "a string" },
    { "42", "a number" },
    { "null", "null" },
  };
  g_autoptr(HearthDevice) device = hearth_device_new ("CN11A1A00001", "elgato");
  g_autoptr(JsonNode) good = hearth_test_parse_json ("{\"numberOfLights\":1,\"lights\":[{\"on\":0,\"brightness\":33,\"temperature\":250}]}");
  HearthControl *light;
  gboolean color = FALSE;

  g_assert_true (hearth_elgato_parse_lights (good, device, &color, NULL));
  light = hearth_device_find_control (device, "light:0");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) root = hearth_test_parse_json (cases[i].json);
      g_autoptr(GError) error = NULL;
      g_autoptr(HearthDevice) fresh = hearth_device_new ("X", "elgato");

      g_test_message ("%s", cases[i].why);
      g_assert_false (hearth_elgato_parse_lights (root, device, &color, &error));
      g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD);
      g_assert_nonnull (error->message);
      g_clear_error (&error);

      /* Nothing changed on a model that had state, nothing added to an empty one */
      g_assert_false (color);
      g_assert_cmpuint (g_list_model_get_n_items (hearth_device_get_controls (device)), ==, 1);
      g_assert_false (hearth_control_get_on (light));
      g_assert_cmpint (hearth_control_get_brightness (light), ==, 33);
      g_assert_cmpint (hearth_control_get_temperature (light), ==, 4000);

      g_assert_false (hearth_elgato_parse_lights (root, fresh, &color, &error));
      g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD);
      g_assert_cmpuint (g_list_model_get_n_items (hearth_device_get_controls (fresh)), ==, 0);
    }

  g_assert_false (hearth_elgato_parse_lights (NULL, device, &color, NULL));
}

static void
test_lights_several (void)
{
  g_autoptr(HearthDevice) device = hearth_device_new ("X", "elgato");
  g_autoptr(JsonNode) two = hearth_test_parse_json ("{\"numberOfLights\":2,\"lights\":["
                                                    "{\"on\":1,\"brightness\":10,\"temperature\":200},"
                                                    "{\"on\":0,\"brightness\":90.0,\"temperature\":300.0}]}");
  g_autoptr(JsonNode) one = hearth_test_parse_json ("{\"numberOfLights\":1,\"lights\":[{\"on\":0,\"brightness\":10,\"temperature\":200}]}");
  HearthControl *second;
  gboolean color = FALSE;

  hearth_device_set_name (device, "Studio");
  g_assert_true (hearth_elgato_parse_lights (two, device, &color, NULL));
  g_assert_cmpuint (g_list_model_get_n_items (hearth_device_get_controls (device)), ==, 2);
  g_assert_cmpstr (hearth_control_get_name (hearth_device_find_control (device, "light:0")), ==, "Studio");
  second = hearth_device_find_control (device, "light:1");
  g_assert_nonnull (second);
  g_assert_cmpstr (hearth_control_get_name (second), ==, "Studio 2");
  g_assert_false (hearth_control_get_on (second));
  g_assert_cmpint (hearth_control_get_brightness (second), ==, 90);
  g_assert_cmpint (hearth_control_get_temperature (second), ==, 3333);

  /* A light that went away takes its control with it */
  g_assert_true (hearth_elgato_parse_lights (one, device, &color, NULL));
  g_assert_cmpuint (g_list_model_get_n_items (hearth_device_get_controls (device)), ==, 1);
  g_assert_null (hearth_device_find_control (device, "light:1"));

  /* A nameless device still names its lights, after whatever it shows */
  {
    g_autoptr(HearthDevice) nameless = hearth_device_new ("Y", "elgato");
    const char *name;

    g_assert_true (hearth_elgato_parse_lights (one, nameless, &color, NULL));
    name = hearth_control_get_name (hearth_device_find_control (nameless, "light:0"));
    g_assert_nonnull (name);
    g_assert_cmpstr (name, !=, "");
  }
}

static void
test_lights_clamped_to_model_range (void)
{
  /* A colour light's range is 153–285 mireds; 300 is within the widest
   * Elgato range, so it is kept, and shown at the end of the light's. */
  g_autoptr(HearthDevice) device = hearth_device_new ("X", "elgato");
  g_autoptr(JsonNode) root = hearth_test_parse_json ("{\"numberOfLights\":1,\"lights\":[{\"on\":1,\"brightness\":10,\"temperature\":300}]}");
  gboolean color = TRUE;

  g_assert_true (hearth_elgato_parse_lights (root, device, &color, NULL));
  g_assert_cmpint (hearth_control_get_temperature (hearth_device_find_control (device, "light:0")),
                   ==, 3509);
}

static void
test_accessory_info (void)
{
  static const struct {
    const char *json;
    const char *id;
    const char *name;
    const char *model;
    const char *firmware;
  } good[] = {
    /* A Light Strip answers without macAddress, displayName, wifi-info */
    { "{\"productName\":\"Elgato Light Strip\",\"hardwareBoardType\":70,\"firmwareBuildNumber\":211,"
      "\"firmwareVersion\":\"1.0.4\",\"serialNumber\":\"EW52J1A00082\",\"features\":[\"lights\"]}",
      "EW52J1A00082", "Elgato Light Strip", "Elgato Light Strip", "1.0.4 (build 211)" },
    /* An empty displayName (a Key Light Air fresh from the factory) */
    { "{\"productName\":\"Elgato Key Light Air\",\"firmwareBuildNumber\":195,\"firmwareVersion\":\"1.0.3\","
      "\"serialNumber\":\"CW44J2A00001\",\"displayName\":\"\"}",
      "CW44J2A00001", "Elgato Key Light Air", "Elgato Key Light Air", "1.0.3 (build 195)" },
    /* A hardwareRevision as a fraction, no build number, a null name */
    { "{\"productName\":\"Elgato Key Light Mini\",\"hardwareRevision\":0.1,\"firmwareVersion\":\"1.0.4\","
      "\"serialNumber\":\"GW24L1A00001\",\"displayName\":null}",
      "GW24L1A00001", "Elgato Key Light Mini", "Elgato Key Light Mini", "1.0.4" },
    { "{\"productName\":\"Elgato Ring Light\",\"serialNumber\":\"RL1\",\"displayName\":\"Desk\"}",
      "RL1", "Desk", "Elgato Ring Light", NULL },
  };
  static const char * const bad[] = {
    "{}",
    "[]",
    "\"Elgato\"",
    "{\"productName\":\"Elgato Key Light\"}",
    "{\"productName\":\"Elgato Key Light\",\"serialNumber\":\"\"}",
    "{\"productName\":\"Elgato Key Light\",\"serialNumber\":12345}",
    "{\"serialNumber\":\"CN11A1A00001\"}",
    "{\"productName\":true,\"serialNumber\":\"CN11A1A00001\"}",
    /* A Shelly's /shelly or a WLED's /json/info is not ours */
    "{\"id\":\"shellyplus1pm-a8032ab1c2d3\",\"gen\":2}",
    "{\"brand\":\"WLED\",\"mac\":\"aabbccddeeff\"}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(JsonNode) root = hearth_test_parse_json (good[i].json);
      g_autoptr(GError) error = NULL;
      g_autoptr(HearthDevice) device = hearth_elgato_parse_accessory_info (root, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (hearth_device_get_id (device), ==, good[i].id);
      g_assert_cmpstr (hearth_device_get_name (device), ==, good[i].name);
      g_assert_cmpstr (hearth_device_get_model (device), ==, good[i].model);
      g_assert_cmpstr (hearth_device_get_firmware (device), ==, good[i].firmware);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(JsonNode) root = hearth_test_parse_json (bad[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(HearthDevice) device = hearth_elgato_parse_accessory_info (root, &error);

      g_test_message ("%s", bad[i]);
      g_assert_null (device);
      g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED);
    }
}

static void
test_settings (void)
{
  g_autoptr(JsonNode) strip = hearth_test_parse_json ("{\"powerOnBehavior\":1,\"powerOnBrightness\":20,\"powerOnTemperature\":200,"
                                                      "\"powerOnHue\":40.0,\"powerOnSaturation\":77.0}");
  g_autoptr(JsonNode) array = hearth_test_parse_json ("[1]");
  g_autoptr(GError) error = NULL;
  gboolean color = FALSE;

  g_assert_true (hearth_elgato_parse_settings (strip, &color, &error));
  g_assert_true (color);
  g_assert_false (hearth_elgato_parse_settings (array, &color, &error));
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD);
}

/* Changes to requests */

static JsonObject *
only_light (JsonNode *body,
            guint     index,
            guint     n_lights)
{
  JsonObject *object = json_node_get_object (body);
  JsonArray *lights = json_object_get_array_member (object, "lights");

  g_assert_cmpint (json_object_get_int_member (object, "numberOfLights"), ==, n_lights);
  g_assert_cmpuint (json_array_get_length (lights), ==, n_lights);
  for (guint i = 0; i < n_lights; i++)
    if (i != index)
      g_assert_cmpuint (json_object_get_size (json_array_get_object_element (lights, i)), ==, 0);

  return json_array_get_object_element (lights, index);
}

static JsonNode *
build (const char *action,
       guint       index,
       guint       n_lights,
       gboolean    color,
       GError    **error)
{
  g_autoptr(HearthChange) change = hearth_change_new ();
  g_auto(GStrv) actions = g_strsplit (action, " ", -1);

  for (guint i = 0; actions[i] != NULL; i++)
    g_assert_true (hearth_change_parse_action (change, actions[i], NULL));

  return hearth_elgato_build_lights_change (change, index, n_lights, color, error);
}

static void
test_build_change (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *text = NULL;
  JsonObject *light;

  /* on is the integer 1, in the wrapper, and nothing else */
  body = build ("on", 0, 1, FALSE, &error);
  g_assert_no_error (error);
  text = to_string (body);
  g_assert_cmpstr (text, ==, "{\"numberOfLights\":1,\"lights\":[{\"on\":1}]}");
  g_clear_pointer (&body, json_node_unref);
  g_clear_pointer (&text, g_free);

  body = build ("off brightness=30", 0, 1, FALSE, &error);
  text = to_string (body);
  g_assert_cmpstr (text, ==, "{\"numberOfLights\":1,\"lights\":[{\"on\":0,\"brightness\":30}]}");
  g_clear_pointer (&body, json_node_unref);
  g_clear_pointer (&text, g_free);

  /* Kelvin to mireds */
  body = build ("temperature=5000", 0, 1, FALSE, &error);
  text = to_string (body);
  g_assert_cmpstr (text, ==, "{\"numberOfLights\":1,\"lights\":[{\"temperature\":200}]}");
  g_clear_pointer (&body, json_node_unref);
  g_clear_pointer (&text, g_free);

  /* Past the ends of the light's range: the nearest end */
  body = build ("temperature=2000", 0, 1, FALSE, &error);
  g_assert_cmpint (json_object_get_int_member (only_light (body, 0, 1), "temperature"), ==, 344);
  g_clear_pointer (&body, json_node_unref);
  body = build ("temperature=2000", 0, 1, TRUE, &error);
  g_assert_cmpint (json_object_get_int_member (only_light (body, 0, 1), "temperature"), ==, 285);
  g_clear_pointer (&body, json_node_unref);
  body = build ("temperature=9000", 0, 1, TRUE, &error);
  g_assert_cmpint (json_object_get_int_member (only_light (body, 0, 1), "temperature"), ==, 153);
  g_clear_pointer (&body, json_node_unref);

  /* A colour: hue, saturation, and its value as brightness; no temperature */
  body = build ("color=#ff0000", 0, 1, TRUE, &error);
  g_assert_no_error (error);
  light = only_light (body, 0, 1);
  g_assert_cmpuint (json_object_get_size (light), ==, 3);
  g_assert_cmpfloat (json_object_get_double_member (light, "hue"), ==, 0.0);
  g_assert_cmpfloat (json_object_get_double_member (light, "saturation"), ==, 100.0);
  g_assert_cmpint (json_object_get_int_member (light, "brightness"), ==, 100);
  g_clear_pointer (&body, json_node_unref);

  body = build ("color=#004080", 0, 1, TRUE, &error);
  light = only_light (body, 0, 1);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (light, "hue"), 210.0, 0.05);
  g_assert_cmpfloat (json_object_get_double_member (light, "saturation"), ==, 100.0);
  g_assert_cmpint (json_object_get_int_member (light, "brightness"), ==, 50);
  g_assert_false (json_object_has_member (light, "temperature"));
  g_clear_pointer (&body, json_node_unref);

  /* A brightness given with the colour wins over the colour's value */
  body = build ("color=#004080 brightness=80 on", 0, 1, TRUE, &error);
  light = only_light (body, 0, 1);
  g_assert_cmpint (json_object_get_int_member (light, "brightness"), ==, 80);
  g_assert_cmpint (json_object_get_int_member (light, "on"), ==, 1);
  g_clear_pointer (&body, json_node_unref);

  /* The second of two lights */
  body = build ("off", 1, 2, FALSE, &error);
  text = to_string (body);
  g_assert_cmpstr (text, ==, "{\"numberOfLights\":2,\"lights\":[{},{\"on\":0}]}");
  g_clear_pointer (&body, json_node_unref);
  g_clear_pointer (&text, g_free);
}

static void
test_build_change_refused (void)
{
  g_autoptr(HearthChange) both = hearth_change_new ();
  g_autoptr(HearthChange) empty = hearth_change_new ();
  g_autoptr(HearthChange) toggle = hearth_change_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *body;

  /* No colour on a Key Light */
  body = build ("color=#ff0000", 0, 1, FALSE, &error);
  g_assert_null (body);
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED);
  g_clear_error (&error);

  /* Never temperature together with hue/saturation (merge drops one; a
   * hand-made change with both is refused) */
  both->fields = HEARTH_CHANGE_COLOR | HEARTH_CHANGE_TEMPERATURE;
  both->color = 0xff0000;
  both->temperature = 4000;
  body = hearth_elgato_build_lights_change (both, 0, 1, TRUE, &error);
  g_assert_null (body);
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_INVALID);
  g_clear_error (&error);

  body = build ("position=50", 0, 1, TRUE, &error);
  g_assert_null (body);
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED);
  g_clear_error (&error);

  body = build ("open", 0, 1, TRUE, &error);
  g_assert_null (body);
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED);
  g_clear_error (&error);

  /* The link resolves toggles; one reaching here is refused, not guessed */
  toggle->fields = HEARTH_CHANGE_TOGGLE;
  body = hearth_elgato_build_lights_change (toggle, 0, 1, TRUE, &error);
  g_assert_null (body);
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED);
  g_clear_error (&error);

  body = hearth_elgato_build_lights_change (empty, 0, 1, TRUE, &error);
  g_assert_null (body);
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_INVALID);
  g_clear_error (&error);

  body = build ("on", 1, 1, TRUE, &error);
  g_assert_null (body);
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_NOT_FOUND);
}

static void
test_control_ids (void)
{
  guint index = 99;

  g_assert_true (hearth_elgato_parse_control_id ("light:0", &index));
  g_assert_cmpuint (index, ==, 0);
  g_assert_true (hearth_elgato_parse_control_id ("light:3", &index));
  g_assert_cmpuint (index, ==, 3);
  g_assert_false (hearth_elgato_parse_control_id ("light", &index));
  g_assert_false (hearth_elgato_parse_control_id ("light:", &index));
  g_assert_false (hearth_elgato_parse_control_id ("light:x", &index));
  g_assert_false (hearth_elgato_parse_control_id ("light:-1", &index));
  g_assert_false (hearth_elgato_parse_control_id ("switch:0", &index));
  g_assert_false (hearth_elgato_parse_control_id (NULL, &index));
}

/* The driver, without a network */

static void
test_driver (void)
{
  g_autoptr(HearthDriver) driver = g_object_new (HEARTH_TYPE_ELGATO_DRIVER, NULL);
  const char * const txt[] = { "mf=Elgato", "dt=53", "id=3C:6A:9D:14:D5:69",
                               "md=Elgato Key Light 20GAK9901", "pv=1.0", NULL };
  g_autoptr(HearthService) elg = hearth_service_new ("_elg._tcp", "Elgato Key Light 993B",
                                                     "elgato-key-light-993b.local",
                                                     "192.0.2.39", 9123, txt);
  g_autoptr(HearthService) http = hearth_service_new ("_http._tcp", "Elgato Key Light 993B",
                                                      "elgato-key-light-993b.local",
                                                      "192.0.2.39", 80, txt);
  const char * const *types = hearth_driver_get_service_types (driver);

  g_assert_cmpstr (hearth_driver_get_family (driver), ==, "elgato");
  g_assert_cmpuint (g_strv_length ((char **) types), ==, 1);
  g_assert_cmpstr (types[0], ==, "_elg._tcp");
  g_assert_cmpuint (hearth_driver_get_default_port (driver), ==, 9123);
  g_assert_true (hearth_driver_claims_service (driver, elg));
  g_assert_false (hearth_driver_claims_service (driver, http));
  /* The TXT id is the MAC, not the serial number the device is known by */
  g_assert_null (hearth_driver_get_service_id (driver, elg));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/elgato/captures", test_every_capture);
  g_test_add_func ("/elgato/mireds", test_mireds);
  g_test_add_func ("/elgato/lights/bad", test_lights_bad);
  g_test_add_func ("/elgato/lights/several", test_lights_several);
  g_test_add_func ("/elgato/lights/model-range", test_lights_clamped_to_model_range);
  g_test_add_func ("/elgato/accessory-info", test_accessory_info);
  g_test_add_func ("/elgato/settings", test_settings);
  g_test_add_func ("/elgato/change/build", test_build_change);
  g_test_add_func ("/elgato/change/refused", test_build_change_refused);
  g_test_add_func ("/elgato/control-ids", test_control_ids);
  g_test_add_func ("/elgato/driver", test_driver);

  return g_test_run ();
}
