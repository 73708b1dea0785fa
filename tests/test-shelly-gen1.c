/* test-shelly-gen1.c: the Shelly Gen1 parsers on real captures and bad input
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "hearth-test-utils.h"
#include "hearth-shelly-gen1-info.h"
#include "hearth-shelly-gen1-parse.h"

static JsonNode *
member_node (JsonNode   *root,
             const char *member)
{
  JsonNode *node = json_object_get_member (json_node_get_object (root), member);

  g_assert_nonnull (node);
  return json_node_copy (node);
}

static HearthControl *
control (HearthDevice *device,
         const char   *id)
{
  HearthControl *found = hearth_device_find_control (device, id);

  if (found == NULL)
    g_error ("no control %s", id);
  return found;
}

static guint
n_controls (HearthDevice *device)
{
  return g_list_model_get_n_items (hearth_device_get_controls (device));
}

/* Identity, settings and status of one capture into a device */
static HearthDevice *
load_capture (JsonNode *root,
              gboolean *auth)
{
  g_autoptr(JsonNode) shelly = member_node (root, "shelly");
  g_autoptr(JsonNode) settings = member_node (root, "settings");
  g_autoptr(JsonNode) status = member_node (root, "status");
  g_autoptr(GError) error = NULL;
  g_autoptr(HearthDevice) device = NULL;

  device = hearth_shelly_gen1_parse_shelly (shelly, auth, &error);
  g_assert_no_error (error);
  g_assert_nonnull (device);
  g_assert_cmpstr (hearth_device_get_family (device), ==, "shelly-gen1");

  g_assert_true (hearth_shelly_gen1_parse_settings (settings, device, &error));
  g_assert_no_error (error);
  g_assert_true (hearth_shelly_gen1_parse_status (status, settings, device, &error));
  g_assert_no_error (error);

  return g_steal_pointer (&device);
}

static void
check_plug_s (JsonNode *root)
{
  gboolean auth = TRUE;
  g_autoptr(HearthDevice) device = load_capture (root, &auth);
  HearthControl *relay, *power, *energy;

  g_assert_false (auth);
  g_assert_cmpstr (hearth_device_get_id (device), ==, "aabbccddeeff");
  g_assert_cmpstr (hearth_device_get_name (device), ==, "Test Name");
  g_assert_cmpstr (hearth_device_get_model (device), ==, "SHPLG-S");
  g_assert_cmpstr (hearth_device_get_firmware (device), ==, "1.14.0");

  relay = control (device, "relay:0");
  g_assert_cmpint (hearth_control_get_kind (relay), ==, HEARTH_CONTROL_KIND_SWITCH);
  g_assert_cmpint (hearth_control_get_capabilities (relay), ==, HEARTH_CAPABILITY_ON_OFF);
  g_assert_false (hearth_control_get_on (relay));
  /* "name": null in settings.relays: the device's name */
  g_assert_cmpstr (hearth_control_get_name (relay), ==, "Test Name");

  power = control (device, "relay:0/power");
  g_assert_cmpint (hearth_control_get_kind (power), ==, HEARTH_CONTROL_KIND_SENSOR);
  g_assert_cmpfloat (hearth_control_get_value (power), ==, 0.0);
  g_assert_cmpstr (hearth_control_get_unit (power), ==, "W");
  g_assert_cmpstr (hearth_control_get_quantity (power), ==, "power");
  g_assert_cmpstr (hearth_control_get_name (power), ==, "Test Name Power");

  /* total is in watt-minutes: 2632 Wmin = 0.04387 kWh */
  energy = control (device, "relay:0/energy");
  g_assert_cmpfloat_with_epsilon (hearth_control_get_value (energy), 2632.0 / 60000.0, 1e-9);
  g_assert_cmpstr (hearth_control_get_unit (energy), ==, "kWh");
  g_assert_cmpstr (hearth_control_get_quantity (energy), ==, "energy");

  /* The chip's own tmp is no climate sensor */
  g_assert_null (hearth_device_find_control (device, "temperature"));
  g_assert_cmpuint (n_controls (device), ==, 3);
}

static void
check_rgbw2_color (JsonNode *root)
{
  g_autoptr(HearthDevice) device = load_capture (root, NULL);
  HearthControl *light;

  g_assert_cmpstr (hearth_device_get_id (device), ==, "ec64c9d3ffef");
  /* /shelly has no name; /settings does */
  g_assert_cmpstr (hearth_device_get_name (device), ==, "RGBW2 Gen1 Color");
  g_assert_cmpstr (hearth_device_get_model (device), ==, "SHRGBW2");

  light = control (device, "color:0");
  g_assert_cmpint (hearth_control_get_kind (light), ==, HEARTH_CONTROL_KIND_LIGHT);
  g_assert_cmpint (hearth_control_get_capabilities (light), ==,
                   HEARTH_CAPABILITY_ON_OFF | HEARTH_CAPABILITY_BRIGHTNESS |
                   HEARTH_CAPABILITY_COLOR | HEARTH_CAPABILITY_EFFECT);
  g_assert_false (hearth_control_get_on (light));
  g_assert_cmpint (hearth_control_get_color (light), ==, 0x00ff00);
  /* "effect": 0 */
  g_assert_cmpstr (hearth_control_get_effect (light), ==, "Off");
  g_assert_cmpuint (g_strv_length ((char **) hearth_control_get_effects (light)), ==, 4);
  g_assert_cmpstr (hearth_control_get_effects (light)[3], ==, "Flash");
  g_assert_cmpint (hearth_control_get_brightness (light), ==, 100);
  g_assert_null (hearth_device_find_control (device, "white:0"));
  g_assert_null (hearth_device_find_control (device, "light:0"));

  g_assert_nonnull (hearth_device_find_control (device, "color:0/power"));
  g_assert_nonnull (hearth_device_find_control (device, "color:0/energy"));
  g_assert_cmpuint (n_controls (device), ==, 3);
}

static void
check_shelly25_roller (JsonNode *root)
{
  g_autoptr(HearthDevice) device = load_capture (root, NULL);
  HearthControl *roller;

  g_assert_cmpstr (hearth_device_get_id (device), ==, "3494546bbf7e");
  g_assert_cmpstr (hearth_device_get_name (device), ==, "2.5 Gen1 Cover");
  g_assert_cmpstr (hearth_device_get_model (device), ==, "SHSW-25");

  roller = control (device, "roller:0");
  g_assert_cmpint (hearth_control_get_kind (roller), ==, HEARTH_CONTROL_KIND_COVER);
  g_assert_cmpint (hearth_control_get_capabilities (roller), ==, HEARTH_CAPABILITY_POSITION);
  g_assert_cmpint (hearth_control_get_position (roller), ==, 0);
  g_assert_cmpint (hearth_control_get_cover_state (roller), ==, HEARTH_COVER_STATE_CLOSED);

  /* In roller mode there are no relays; the two meters are the motor's
   * two directions */
  g_assert_null (hearth_device_find_control (device, "relay:0"));
  g_assert_cmpfloat (hearth_control_get_value (control (device, "meter:0/power")), ==, 0);
  g_assert_cmpfloat_with_epsilon (hearth_control_get_value (control (device, "meter:1/energy")),
                                  5.0 / 60000.0, 1e-12);
  g_assert_cmpstr (hearth_control_get_name (control (device, "meter:1/power")), ==,
                   "2.5 Gen1 Cover 2 Power");
  g_assert_cmpuint (n_controls (device), ==, 5);
}

static void
test_every_capture (void)
{
  g_auto(GStrv) files = hearth_test_list_fixtures ("shelly-gen1");
  guint checked = 0;

  g_assert_nonnull (files);
  for (guint i = 0; files[i] != NULL; i++)
    {
      g_autofree char *base = g_path_get_basename (files[i]);
      g_autofree char *relative = g_build_filename ("shelly-gen1", base, NULL);
      g_autoptr(JsonNode) root = NULL;

      if (!g_str_has_suffix (base, ".json"))
        continue;

      g_test_message ("capture %s", base);
      root = hearth_test_load_fixture (relative);

      if (strstr (base, "SHPLG-S") != NULL)
        check_plug_s (root);
      else if (strstr (base, "SHRGBW2_color") != NULL)
        check_rgbw2_color (root);
      else if (strstr (base, "SHSW-25_roller") != NULL)
        check_shelly25_roller (root);
      else
        g_error ("A new Shelly Gen1 capture, %s: teach this test what it holds", base);

      checked++;
    }

  g_assert_cmpuint (checked, ==, 3);
}

/* Identification */

static void
test_shelly_identity (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) gen2 = hearth_test_parse_json ("{\"name\":null,\"id\":\"shellyplus1pm-a8032ab1c2d3\","
                                                     "\"mac\":\"A8032AB1C2D3\",\"model\":\"SNSW-001P16EU\","
                                                     "\"gen\":2,\"fw_id\":\"x\",\"ver\":\"1.4.4\",\"app\":\"Plus1PM\","
                                                     "\"auth_en\":false,\"auth_domain\":null}");
  g_autoptr(JsonNode) noname = hearth_test_parse_json ("{\"type\":\"SHDM-2\",\"mac\":\"C45BBE000001\","
                                                       "\"auth\":true,\"fw\":\"odd\"}");
  g_autoptr(JsonNode) badmac = hearth_test_parse_json ("{\"type\":\"SHSW-1\",\"mac\":\"12:34\"}");
  g_autoptr(JsonNode) other = hearth_test_parse_json ("{\"hello\":\"world\"}");
  g_autoptr(JsonNode) array = hearth_test_parse_json ("[1,2]");
  g_autoptr(JsonNode) wrong_types = hearth_test_parse_json ("{\"type\":1,\"mac\":true}");
  g_autoptr(HearthDevice) device = NULL;
  gboolean auth = FALSE;

  /* Gen2 and later are the other driver's */
  g_assert_null (hearth_shelly_gen1_parse_shelly (gen2, NULL, &error));
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED);
  g_clear_error (&error);

  device = hearth_shelly_gen1_parse_shelly (noname, &auth, &error);
  g_assert_no_error (error);
  g_assert_true (auth);
  g_assert_cmpstr (hearth_device_get_name (device), ==, "Shelly Dimmer 2");
  g_assert_cmpstr (hearth_device_get_firmware (device), ==, "odd");
  g_assert_cmpstr (hearth_device_get_id (device), ==, "c45bbe000001");

  g_assert_null (hearth_shelly_gen1_parse_shelly (badmac, NULL, &error));
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD);
  g_clear_error (&error);
  g_assert_null (hearth_shelly_gen1_parse_shelly (other, NULL, &error));
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED);
  g_clear_error (&error);
  g_assert_null (hearth_shelly_gen1_parse_shelly (array, NULL, &error));
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED);
  g_clear_error (&error);
  g_assert_null (hearth_shelly_gen1_parse_shelly (wrong_types, NULL, &error));
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED);
  g_clear_error (&error);
  g_assert_null (hearth_shelly_gen1_parse_shelly (NULL, NULL, &error));
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED);
}

static void
test_firmware_and_models (void)
{
  g_autofree char *v1 = hearth_shelly_gen1_firmware_version ("20230913-113421/v1.14.0-gcb84623");
  g_autofree char *v2 = hearth_shelly_gen1_firmware_version ("20210115-103659/v1.9.4@e2732e05");
  g_autofree char *v3 = hearth_shelly_gen1_firmware_version ("weird/v");

  g_assert_cmpstr (v1, ==, "1.14.0");
  g_assert_cmpstr (v2, ==, "1.9.4@e2732e05");
  g_assert_cmpstr (v3, ==, "weird/v");
  g_assert_null (hearth_shelly_gen1_firmware_version (NULL));

  g_assert_cmpstr (hearth_shelly_gen1_model_name ("SHSW-25"), ==, "Shelly 2.5");
  g_assert_cmpstr (hearth_shelly_gen1_model_name ("shht-1"), ==, "Shelly H&T");
  g_assert_cmpstr (hearth_shelly_gen1_model_name ("SHNEW-9"), ==, "SHNEW-9");
}

/* Other models, from the shapes protocols.md §2 documents */

static HearthDevice *
device_of (const char *type)
{
  g_autofree char *json = g_strdup_printf ("{\"type\":\"%s\",\"mac\":\"AABBCC000001\","
                                           "\"auth\":false,\"fw\":\"x/v1.14.0-a\"}", type);
  g_autoptr(JsonNode) root = hearth_test_parse_json (json);
  g_autoptr(GError) error = NULL;
  HearthDevice *device = hearth_shelly_gen1_parse_shelly (root, NULL, &error);

  g_assert_no_error (error);
  return device;
}

static void
apply_status (HearthDevice *device,
              const char   *status_json,
              const char   *settings_json)
{
  g_autoptr(JsonNode) status = hearth_test_parse_json (status_json);
  g_autoptr(JsonNode) settings = settings_json != NULL ? hearth_test_parse_json (settings_json) : NULL;
  g_autoptr(GError) error = NULL;

  /* As the link does: /settings first (the device's name), then /status */
  if (settings != NULL && JSON_NODE_HOLDS_OBJECT (settings))
    g_assert_true (hearth_shelly_gen1_parse_settings (settings, device, &error));
  g_assert_true (hearth_shelly_gen1_parse_status (status, settings, device, &error));
  g_assert_no_error (error);
}

static void
test_dimmer (void)
{
  g_autoptr(HearthDevice) device = device_of ("SHDM-2");
  HearthControl *light;

  apply_status (device,
                "{\"lights\":[{\"ison\":true,\"source\":\"http\",\"has_timer\":false,"
                "\"mode\":\"white\",\"brightness\":42,\"transition\":0}],"
                "\"meters\":[{\"power\":12.5,\"is_valid\":true,\"total\":600}],"
                "\"tmp\":{\"tC\":40.1,\"is_valid\":true}}",
                "{\"name\":\"Hall\",\"lights\":[{\"name\":\"Ceiling\"}]}");

  light = control (device, "light:0");
  g_assert_cmpstr (hearth_control_get_name (light), ==, "Ceiling");
  g_assert_cmpint (hearth_control_get_capabilities (light), ==,
                   HEARTH_CAPABILITY_ON_OFF | HEARTH_CAPABILITY_BRIGHTNESS);
  g_assert_true (hearth_control_get_on (light));
  g_assert_cmpint (hearth_control_get_brightness (light), ==, 42);
  g_assert_cmpfloat (hearth_control_get_value (control (device, "light:0/power")), ==, 12.5);
  g_assert_cmpstr (hearth_control_get_name (control (device, "light:0/power")), ==, "Ceiling Power");
  g_assert_cmpfloat_with_epsilon (hearth_control_get_value (control (device, "light:0/energy")),
                                  0.01, 1e-12);
  g_assert_cmpuint (n_controls (device), ==, 3);
}

static void
test_rgbw2_white_and_mode_change (void)
{
  g_autoptr(HearthDevice) device = device_of ("SHRGBW2");

  apply_status (device,
                "{\"mode\":\"color\",\"lights\":[{\"ison\":true,\"mode\":\"color\",\"red\":255,"
                "\"green\":128,\"blue\":0,\"white\":0,\"gain\":30,\"effect\":0}]}", NULL);
  g_assert_cmpint (hearth_control_get_color (control (device, "color:0")), ==, 0xff8000);
  g_assert_cmpint (hearth_control_get_brightness (control (device, "color:0")), ==, 30);

  /* The person switched it to white mode in the Shelly app: four channels */
  apply_status (device,
                "{\"mode\":\"white\",\"lights\":["
                "{\"ison\":true,\"mode\":\"white\",\"brightness\":10},"
                "{\"ison\":false,\"mode\":\"white\",\"brightness\":20},"
                "{\"ison\":false,\"mode\":\"white\",\"brightness\":30},"
                "{\"ison\":true,\"mode\":\"white\",\"brightness\":100}]}",
                "{\"name\":\"Strip\",\"lights\":[{\"name\":null},{\"name\":\"\"},"
                "{\"name\":\"Shelf\"},{}]}");
  g_assert_null (hearth_device_find_control (device, "color:0"));
  g_assert_cmpuint (n_controls (device), ==, 4);
  g_assert_cmpint (hearth_control_get_brightness (control (device, "white:2")), ==, 30);
  g_assert_cmpstr (hearth_control_get_name (control (device, "white:0")), ==, "Strip");
  g_assert_cmpstr (hearth_control_get_name (control (device, "white:1")), ==, "Strip 2");
  g_assert_cmpstr (hearth_control_get_name (control (device, "white:2")), ==, "Shelf");
  g_assert_true (hearth_control_get_on (control (device, "white:3")));
  g_assert_cmpint (hearth_control_get_capabilities (control (device, "white:3")), ==,
                   HEARTH_CAPABILITY_ON_OFF | HEARTH_CAPABILITY_BRIGHTNESS);
}

static void
test_bulb (void)
{
  g_autoptr(HearthDevice) device = device_of ("SHBLB-1");
  HearthControl *light;
  g_autoptr(HearthChange) change = hearth_change_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *request = NULL;

  apply_status (device,
                "{\"lights\":[{\"ison\":true,\"mode\":\"color\",\"red\":0,\"green\":0,"
                "\"blue\":255,\"white\":0,\"gain\":70,\"temp\":4750,\"brightness\":20,"
                "\"effect\":0}]}", NULL);
  light = control (device, "light:0");
  g_assert_cmpint (hearth_control_get_capabilities (light), ==,
                   HEARTH_CAPABILITY_ON_OFF | HEARTH_CAPABILITY_BRIGHTNESS |
                   HEARTH_CAPABILITY_COLOR | HEARTH_CAPABILITY_TEMPERATURE);
  /* colour mode: gain is the brightness */
  g_assert_cmpint (hearth_control_get_brightness (light), ==, 70);
  g_assert_cmpint (hearth_control_get_color (light), ==, 0x0000ff);
  g_assert_cmpint (hearth_control_get_temperature (light), ==, 4750);
  g_assert_cmpint (hearth_control_get_temperature_min (light), ==, 3000);
  g_assert_cmpint (hearth_control_get_temperature_max (light), ==, 6500);

  change->fields = HEARTH_CHANGE_BRIGHTNESS;
  change->brightness = 55;
  request = hearth_shelly_gen1_build_request (light, change, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (request, ==, "/light/0?gain=55");
  g_clear_pointer (&request, g_free);

  change->fields = HEARTH_CHANGE_TEMPERATURE | HEARTH_CHANGE_BRIGHTNESS;
  change->temperature = 3100;
  request = hearth_shelly_gen1_build_request (light, change, &error);
  g_assert_cmpstr (request, ==, "/light/0?mode=white&temp=3100&brightness=55");
  g_clear_pointer (&request, g_free);

  /* white mode now */
  apply_status (device,
                "{\"lights\":[{\"ison\":false,\"mode\":\"white\",\"red\":0,\"green\":0,"
                "\"blue\":255,\"white\":0,\"gain\":70,\"temp\":3100,\"brightness\":55}]}", NULL);
  g_assert_cmpint (hearth_control_get_brightness (light), ==, 55);
  g_assert_false (hearth_control_get_on (light));

  change->fields = HEARTH_CHANGE_COLOR | HEARTH_CHANGE_ON;
  change->color = 0x102030;
  change->on = TRUE;
  request = hearth_shelly_gen1_build_request (light, change, &error);
  g_assert_cmpstr (request, ==, "/light/0?mode=color&red=16&green=32&blue=48&turn=on");
}

static void
test_ht (void)
{
  g_autoptr(HearthDevice) device = device_of ("SHHT-1");

  apply_status (device,
                "{\"is_valid\":true,\"tmp\":{\"value\":21.5,\"units\":\"C\",\"tC\":21.5,"
                "\"tF\":70.7,\"is_valid\":true},\"hum\":{\"value\":48.5,\"is_valid\":true},"
                "\"bat\":{\"value\":87,\"voltage\":2.91},\"act_reasons\":[\"sensor\"],"
                "\"mac\":\"AABBCC000001\"}", NULL);
  g_assert_cmpfloat (hearth_control_get_value (control (device, "temperature")), ==, 21.5);
  g_assert_cmpstr (hearth_control_get_unit (control (device, "temperature")), ==, "°C");
  g_assert_cmpfloat (hearth_control_get_value (control (device, "humidity")), ==, 48.5);
  g_assert_cmpstr (hearth_control_get_quantity (control (device, "humidity")), ==, "humidity");
  g_assert_cmpfloat (hearth_control_get_value (control (device, "battery")), ==, 87);
  g_assert_cmpstr (hearth_control_get_name (control (device, "battery")), ==,
                   "Shelly H&T Battery");
  g_assert_cmpuint (n_controls (device), ==, 3);

  /* Fahrenheit without tC: no temperature rather than a wrong one */
  apply_status (device,
                "{\"tmp\":{\"value\":70.7,\"units\":\"F\",\"is_valid\":true},"
                "\"hum\":{\"value\":48.5,\"is_valid\":true},\"bat\":{\"value\":87}}", NULL);
  g_assert_null (hearth_device_find_control (device, "temperature"));
}

static void
test_emeters (void)
{
  g_autoptr(HearthDevice) device = device_of ("SHEM");

  apply_status (device,
                "{\"relays\":[{\"ison\":true}],\"emeters\":["
                "{\"power\":230.5,\"reactive\":0,\"voltage\":229.9,\"is_valid\":true,"
                "\"total\":12345.6,\"total_returned\":0},"
                "{\"power\":-5,\"voltage\":229.9,\"total\":1000}]}", NULL);
  g_assert_true (hearth_control_get_on (control (device, "relay:0")));
  g_assert_cmpfloat (hearth_control_get_value (control (device, "emeter:0/power")), ==, 230.5);
  /* watt-hours */
  g_assert_cmpfloat_with_epsilon (hearth_control_get_value (control (device, "emeter:0/energy")),
                                  12.3456, 1e-9);
  g_assert_cmpfloat (hearth_control_get_value (control (device, "emeter:1/voltage")), ==, 229.9);
  g_assert_cmpstr (hearth_control_get_unit (control (device, "emeter:1/voltage")), ==, "V");
  g_assert_cmpuint (n_controls (device), ==, 7);
}

static void
test_roller_states (void)
{
  g_autoptr(HearthDevice) device = device_of ("SHSW-25");
  HearthControl *roller;

  apply_status (device,
                "{\"rollers\":[{\"state\":\"open\",\"current_pos\":40,\"positioning\":true}]}", NULL);
  roller = control (device, "roller:0");
  g_assert_cmpint (hearth_control_get_cover_state (roller), ==, HEARTH_COVER_STATE_OPENING);
  g_assert_cmpint (hearth_control_get_position (roller), ==, 40);

  apply_status (device,
                "{\"rollers\":[{\"state\":\"stop\",\"current_pos\":100,\"positioning\":true}]}", NULL);
  g_assert_cmpint (hearth_control_get_cover_state (roller), ==, HEARTH_COVER_STATE_OPEN);

  /* Not calibrated: no position */
  apply_status (device,
                "{\"rollers\":[{\"state\":\"close\",\"current_pos\":-1,\"positioning\":false}]}", NULL);
  g_assert_cmpint (hearth_control_get_cover_state (roller), ==, HEARTH_COVER_STATE_CLOSING);
  g_assert_cmpint (hearth_control_get_position (roller), ==, -1);
  g_assert_cmpint (hearth_control_get_capabilities (roller), ==, HEARTH_CAPABILITY_NONE);

  /* Back in relay mode: the roller goes, two relays come */
  apply_status (device, "{\"relays\":[{\"ison\":false},{\"ison\":true}]}",
                "{\"name\":\"Blinds\",\"relays\":[{\"name\":\"Left\"},{\"name\":null}]}");
  g_assert_null (hearth_device_find_control (device, "roller:0"));
  g_assert_cmpstr (hearth_control_get_name (control (device, "relay:0")), ==, "Left");
  g_assert_cmpstr (hearth_control_get_name (control (device, "relay:1")), ==, "Blinds 2");
}

static void
test_status_bad (void)
{
  g_autoptr(JsonNode) plug = hearth_test_load_fixture (
    "shelly-gen1/aioshelly_plug-s_SHPLG-S_fw1.14.0_shelly-settings-status.json");
  g_autoptr(HearthDevice) device = load_capture (plug, NULL);
  const char * const bad[] = {
    "[]",
    "{}",
    "{\"relays\":{}}",
    "{\"relays\":[1]}",
    "{\"relays\":[{\"ison\":\"yes\"}]}",
    "{\"relays\":[{}]}",
    "{\"relays\":[{\"ison\":true}],\"meters\":[null]}",
    "{\"relays\":[{\"ison\":true}],\"meters\":\"x\"}",
    "{\"rollers\":[{\"power\":0}]}",
    "{\"lights\":[{\"ison\":null}]}",
  };

  hearth_control_set_on (control (device, "relay:0"), TRUE);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(JsonNode) root = hearth_test_parse_json (bad[i]);
      g_autoptr(GError) error = NULL;

      g_test_message ("bad status %s", bad[i]);
      g_assert_false (hearth_shelly_gen1_parse_status (root, NULL, device, &error));
      g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD);
      /* untouched */
      g_assert_cmpuint (n_controls (device), ==, 3);
      g_assert_true (hearth_control_get_on (control (device, "relay:0")));
    }

  /* Odd values that still make sense are clamped or skipped, not fatal */
  apply_status (device,
                "{\"relays\":[{\"ison\":false}],\"meters\":[{\"power\":\"n/a\",\"total\":true}]}",
                "{\"relays\":\"nope\"}");
  g_assert_false (hearth_control_get_on (control (device, "relay:0")));
  g_assert_cmpuint (n_controls (device), ==, 1);

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) settings = hearth_test_parse_json ("[1]");

    g_assert_false (hearth_shelly_gen1_parse_settings (settings, device, &error));
    g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD);
    g_clear_error (&error);
    g_assert_false (hearth_shelly_gen1_parse_status (NULL, NULL, device, &error));
    g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD);
  }
}

static void
test_channel_answers (void)
{
  g_autoptr(HearthControl) relay = hearth_control_new ("relay:1", HEARTH_CONTROL_KIND_SWITCH, "R");
  g_autoptr(HearthControl) roller = hearth_control_new ("roller:0", HEARTH_CONTROL_KIND_COVER, "C");
  g_autoptr(HearthControl) color = hearth_control_new ("color:0", HEARTH_CONTROL_KIND_LIGHT, "L");
  g_autoptr(HearthControl) sensor = hearth_control_new ("relay:0/power", HEARTH_CONTROL_KIND_SENSOR, "P");
  g_autoptr(JsonNode) on = hearth_test_parse_json ("{\"ison\":true,\"has_timer\":false,\"timer_started\":0,"
                                                   "\"timer_duration\":0,\"timer_remaining\":0,"
                                                   "\"overpower\":false,\"source\":\"http\"}");
  g_autoptr(JsonNode) moving = hearth_test_parse_json ("{\"state\":\"close\",\"power\":120,\"is_valid\":true,"
                                                       "\"current_pos\":75,\"positioning\":true}");
  g_autoptr(JsonNode) col = hearth_test_parse_json ("{\"ison\":true,\"mode\":\"color\",\"red\":1,\"green\":2,"
                                                    "\"blue\":3,\"white\":0,\"gain\":250}");
  g_autoptr(JsonNode) garbage = hearth_test_parse_json ("{\"isok\":1}");
  g_autoptr(GError) error = NULL;

  g_assert_true (hearth_shelly_gen1_parse_channel (on, relay, &error));
  g_assert_no_error (error);
  g_assert_true (hearth_control_get_on (relay));

  g_assert_true (hearth_shelly_gen1_parse_channel (moving, roller, &error));
  g_assert_cmpint (hearth_control_get_position (roller), ==, 75);
  g_assert_cmpint (hearth_control_get_cover_state (roller), ==, HEARTH_COVER_STATE_CLOSING);

  g_assert_true (hearth_shelly_gen1_parse_channel (col, color, &error));
  g_assert_cmpint (hearth_control_get_color (color), ==, 0x010203);
  /* No "effect" in this answer: no effects */
  g_assert_false (hearth_control_has_capability (color, HEARTH_CAPABILITY_EFFECT));
  /* clamped */
  g_assert_cmpint (hearth_control_get_brightness (color), ==, 100);

  g_assert_false (hearth_shelly_gen1_parse_channel (garbage, relay, &error));
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD);
  g_assert_true (hearth_control_get_on (relay));
  g_clear_error (&error);
  g_assert_false (hearth_shelly_gen1_parse_channel (garbage, roller, &error));
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD);
  g_clear_error (&error);
  g_assert_false (hearth_shelly_gen1_parse_channel (on, sensor, &error));
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_NOT_FOUND);
}

static char *
build (HearthControl      *control,
       const HearthChange *change)
{
  g_autoptr(GError) error = NULL;
  char *request = hearth_shelly_gen1_build_request (control, change, &error);

  g_assert_no_error (error);
  return request;
}

static void
test_build_requests (void)
{
  g_autoptr(HearthControl) relay = hearth_control_new ("relay:1", HEARTH_CONTROL_KIND_SWITCH, "R");
  g_autoptr(HearthControl) roller = hearth_control_new ("roller:0", HEARTH_CONTROL_KIND_COVER, "C");
  g_autoptr(HearthControl) color = hearth_control_new ("color:0", HEARTH_CONTROL_KIND_LIGHT, "L");
  g_autoptr(HearthControl) white = hearth_control_new ("white:3", HEARTH_CONTROL_KIND_LIGHT, "W");
  g_autoptr(HearthControl) dimmer = hearth_control_new ("light:0", HEARTH_CONTROL_KIND_LIGHT, "D");
  g_autoptr(HearthChange) change = hearth_change_new ();
  g_autoptr(GError) error = NULL;
  char *request;

  hearth_control_set_capabilities (roller, HEARTH_CAPABILITY_POSITION);
  hearth_control_set_capabilities (dimmer, HEARTH_CAPABILITY_ON_OFF | HEARTH_CAPABILITY_BRIGHTNESS);

  change->fields = HEARTH_CHANGE_ON;
  change->on = TRUE;
  request = build (relay, change);
  g_assert_cmpstr (request, ==, "/relay/1?turn=on");
  g_free (request);
  change->on = FALSE;
  request = build (white, change);
  g_assert_cmpstr (request, ==, "/white/3?turn=off");
  g_free (request);

  change->fields = HEARTH_CHANGE_BRIGHTNESS | HEARTH_CHANGE_ON;
  change->brightness = 35;
  change->on = TRUE;
  request = build (dimmer, change);
  g_assert_cmpstr (request, ==, "/light/0?brightness=35&turn=on");
  g_free (request);
  request = build (color, change);
  g_assert_cmpstr (request, ==, "/color/0?gain=35&turn=on");
  g_free (request);

  change->fields = HEARTH_CHANGE_COLOR;
  change->color = 0xff0080;
  request = build (color, change);
  g_assert_cmpstr (request, ==, "/color/0?red=255&green=0&blue=128");
  g_free (request);

  /* Effects by name, sent by number; only the ones the RGBW2 has */
  hearth_control_set_capabilities (color, HEARTH_CAPABILITY_ON_OFF | HEARTH_CAPABILITY_COLOR |
                                          HEARTH_CAPABILITY_EFFECT);
  change->fields = HEARTH_CHANGE_EFFECT;
  change->effect = g_strdup ("Gradual Change");
  request = build (color, change);
  g_assert_cmpstr (request, ==, "/color/0?effect=2");
  g_free (request);
  g_free (change->effect);
  change->effect = g_strdup ("Disco");
  g_assert_null (hearth_shelly_gen1_build_request (color, change, &error));
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (hearth_shelly_gen1_build_request (white, change, &error));
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED);
  g_clear_error (&error);
  g_clear_pointer (&change->effect, g_free);

  change->fields = HEARTH_CHANGE_POSITION;
  change->position = 30;
  request = build (roller, change);
  g_assert_cmpstr (request, ==, "/roller/0?go=to_pos&roller_pos=30");
  g_free (request);

  change->fields = HEARTH_CHANGE_COVER;
  change->cover = HEARTH_COVER_ACTION_OPEN;
  request = build (roller, change);
  g_assert_cmpstr (request, ==, "/roller/0?go=open");
  g_free (request);
  change->cover = HEARTH_COVER_ACTION_CLOSE;
  request = build (roller, change);
  g_assert_cmpstr (request, ==, "/roller/0?go=close");
  g_free (request);
  change->cover = HEARTH_COVER_ACTION_STOP;
  request = build (roller, change);
  g_assert_cmpstr (request, ==, "/roller/0?go=stop");
  g_free (request);

  /* Refused: what the channel cannot do, nothing, toggles, not a channel */
  change->fields = HEARTH_CHANGE_BRIGHTNESS;
  g_assert_null (hearth_shelly_gen1_build_request (relay, change, &error));
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED);
  g_clear_error (&error);
  change->fields = HEARTH_CHANGE_TEMPERATURE;
  g_assert_null (hearth_shelly_gen1_build_request (dimmer, change, &error));
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED);
  g_clear_error (&error);
  change->fields = HEARTH_CHANGE_TOGGLE;
  g_assert_null (hearth_shelly_gen1_build_request (relay, change, &error));
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED);
  g_clear_error (&error);
  change->fields = 0;
  g_assert_null (hearth_shelly_gen1_build_request (relay, change, &error));
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_INVALID);
  g_clear_error (&error);
  hearth_control_set_capabilities (roller, HEARTH_CAPABILITY_NONE);
  change->fields = HEARTH_CHANGE_POSITION;
  g_assert_null (hearth_shelly_gen1_build_request (roller, change, &error));
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED);
  g_clear_error (&error);
  {
    g_autoptr(HearthControl) sensor = hearth_control_new ("humidity", HEARTH_CONTROL_KIND_SENSOR, "H");

    change->fields = HEARTH_CHANGE_ON;
    g_assert_null (hearth_shelly_gen1_build_request (sensor, change, &error));
    g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_NOT_FOUND);
  }
}

static void
test_control_ids (void)
{
  const char *endpoint = NULL;
  guint index = 99;

  g_assert_true (hearth_shelly_gen1_parse_control_id ("relay:0", &endpoint, &index));
  g_assert_cmpstr (endpoint, ==, "relay");
  g_assert_cmpuint (index, ==, 0);
  g_assert_true (hearth_shelly_gen1_parse_control_id ("white:3", &endpoint, &index));
  g_assert_cmpstr (endpoint, ==, "white");
  g_assert_cmpuint (index, ==, 3);
  g_assert_true (hearth_shelly_gen1_parse_control_id ("roller:1", NULL, NULL));
  g_assert_false (hearth_shelly_gen1_parse_control_id ("relay", &endpoint, &index));
  g_assert_false (hearth_shelly_gen1_parse_control_id ("relay:", &endpoint, &index));
  g_assert_false (hearth_shelly_gen1_parse_control_id ("relay:x", &endpoint, &index));
  g_assert_false (hearth_shelly_gen1_parse_control_id ("relay:-1", &endpoint, &index));
  g_assert_false (hearth_shelly_gen1_parse_control_id ("relays:0", &endpoint, &index));
  g_assert_false (hearth_shelly_gen1_parse_control_id ("switch:0", &endpoint, &index));
  g_assert_false (hearth_shelly_gen1_parse_control_id ("relay:0/power", &endpoint, &index));
  g_assert_false (hearth_shelly_gen1_parse_control_id (NULL, &endpoint, &index));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/shelly-gen1/captures", test_every_capture);
  g_test_add_func ("/shelly-gen1/shelly", test_shelly_identity);
  g_test_add_func ("/shelly-gen1/firmware-models", test_firmware_and_models);
  g_test_add_func ("/shelly-gen1/status/dimmer", test_dimmer);
  g_test_add_func ("/shelly-gen1/status/rgbw2-white", test_rgbw2_white_and_mode_change);
  g_test_add_func ("/shelly-gen1/status/bulb", test_bulb);
  g_test_add_func ("/shelly-gen1/status/ht", test_ht);
  g_test_add_func ("/shelly-gen1/status/emeters", test_emeters);
  g_test_add_func ("/shelly-gen1/status/rollers", test_roller_states);
  g_test_add_func ("/shelly-gen1/status/bad", test_status_bad);
  g_test_add_func ("/shelly-gen1/channel", test_channel_answers);
  g_test_add_func ("/shelly-gen1/build", test_build_requests);
  g_test_add_func ("/shelly-gen1/control-ids", test_control_ids);

  return g_test_run ();
}
