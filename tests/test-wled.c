/* test-wled.c: WLED parsing against every real capture, and bad input
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "hearth-test-utils.h"
#include "hearth-wled-parse.h"

/* What each capture in tests/fixtures/wled/ must give. Every file there
 * has to be listed: a new capture needs its expectations written here. */
typedef struct
{
  const char *file;
  const char *id;
  const char *name;
  const char *model;
  const char *firmware;
  gboolean    on;
  int         brightness;
  int         color;
  const char *effect;
  int         main_segment;
  guint       n_effects;      /* in the capture, reserved names included */
  guint       n_visible;      /* without "RSVD" and "-" */
} Capture;

static const Capture captures[] = {
  /* mainseg 1: the second segment is the one the UI shows */
  { "wled/python-wled_json_rgb.json", "aabbccddeeff", "WLED RGB Light", "WLED ESP32",
    "0.14.4", TRUE, 50, 0xffaa00, "Wipe", 1, 187, 179 },
  { "wled/python-wled_json_wled-0.15.0-esp32.json", "8813bf0455f0", "WLED", "WLED ESP32",
    "0.15.0", TRUE, 50, 0xffa000, "Solid", 0, 187, 180 },
  { "wled/python-wled_ws_rgb_websocket.json", "aabbccddeeff", "WLED WebSocket", "WLED ESP32",
    "0.99.0", TRUE, 50, 0x7facff, "Solid", 0, 187, 179 },
};

static const Capture *
find_capture (const char *file)
{
  for (guint i = 0; i < G_N_ELEMENTS (captures); i++)
    if (g_str_equal (captures[i].file, file))
      return &captures[i];
  return NULL;
}

static void
test_fixtures_listed (void)
{
  g_auto(GStrv) files = hearth_test_list_fixtures ("wled");

  g_assert_cmpuint (g_strv_length (files), ==, G_N_ELEMENTS (captures));
  for (guint i = 0; files[i] != NULL; i++)
    if (find_capture (files[i]) == NULL)
      g_error ("No expectations for the capture %s", files[i]);
}

static void
test_fixtures_info (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (captures); i++)
    {
      const Capture *c = &captures[i];
      g_autoptr(JsonNode) root = hearth_test_load_fixture (c->file);
      g_autoptr(GError) error = NULL;
      g_autoptr(HearthDevice) device = NULL;
      HearthWledInfo info = { 0, };

      g_test_message ("%s", c->file);
      g_assert_true (hearth_wled_parse_info (root, &info, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (info.id, ==, c->id);
      g_assert_cmpstr (info.name, ==, c->name);
      g_assert_cmpstr (info.model, ==, c->model);
      g_assert_cmpstr (info.firmware, ==, c->firmware);
      g_assert_cmpuint (info.lc, ==, HEARTH_WLED_LC_RGB);
      g_assert_cmpuint (info.fxcount, ==, c->n_effects);
      hearth_wled_info_clear (&info);

      /* The info object alone (GET /json/info) says the same */
      {
        JsonNode *inner = json_object_get_member (json_node_get_object (root), "info");

        device = hearth_wled_device_new_from_info (inner, &error);
        g_assert_no_error (error);
        g_assert_cmpstr (hearth_device_get_id (device), ==, c->id);
        g_assert_cmpstr (hearth_device_get_family (device), ==, "wled");
        g_assert_cmpstr (hearth_device_get_name (device), ==, c->name);
        g_assert_cmpstr (hearth_device_get_model (device), ==, c->model);
        g_assert_cmpstr (hearth_device_get_firmware (device), ==, c->firmware);
      }
    }
}

static void
test_fixtures_state (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (captures); i++)
    {
      const Capture *c = &captures[i];
      g_autoptr(JsonNode) root = hearth_test_load_fixture (c->file);
      g_autoptr(GError) error = NULL;
      g_autoptr(HearthDevice) device = hearth_device_new (c->id, "wled");
      g_auto(GStrv) list = NULL;
      HearthWledCatalog catalog = { NULL, NULL };
      HearthControl *control;
      int main_segment = -1;

      g_test_message ("%s", c->file);

      catalog.effects = hearth_wled_parse_effects (root, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (g_strv_length (catalog.effects), ==, c->n_effects);
      list = hearth_wled_catalog_list (&catalog);
      g_assert_cmpuint (g_strv_length (list), ==, c->n_visible);
      g_assert_false (g_strv_contains ((const char * const *) list, "RSVD"));
      g_assert_false (g_strv_contains ((const char * const *) list, "-"));
      g_assert_true (g_strv_contains ((const char * const *) list, "Solid"));

      g_assert_true (hearth_wled_parse_state (device, root, &catalog, &main_segment, &error));
      g_assert_no_error (error);
      g_assert_cmpint (main_segment, ==, c->main_segment);

      /* The info next to the state names the device */
      g_assert_cmpstr (hearth_device_get_name (device), ==, c->name);

      g_assert_cmpuint (g_list_model_get_n_items (hearth_device_get_controls (device)), ==, 1);
      control = hearth_device_find_control (device, "light");
      g_assert_nonnull (control);
      g_assert_cmpint (hearth_control_get_kind (control), ==, HEARTH_CONTROL_KIND_LIGHT);
      g_assert_cmpstr (hearth_control_get_name (control), ==, c->name);
      g_assert_cmpuint (hearth_control_get_capabilities (control), ==,
                        HEARTH_CAPABILITY_ON_OFF | HEARTH_CAPABILITY_BRIGHTNESS |
                        HEARTH_CAPABILITY_COLOR | HEARTH_CAPABILITY_EFFECT);
      g_assert_cmpint (hearth_control_get_on (control), ==, c->on);
      g_assert_cmpint (hearth_control_get_brightness (control), ==, c->brightness);
      g_assert_cmpint (hearth_control_get_color (control), ==, c->color);
      g_assert_cmpint (hearth_control_get_temperature (control), ==, -1);
      g_assert_cmpstr (hearth_control_get_effect (control), ==, c->effect);
      g_assert_true (g_strv_equal (hearth_control_get_effects (control),
                                   (const char * const *) list));

      /* Without a catalog, GET /json still names the effect from its own list */
      {
        g_autoptr(HearthDevice) other = hearth_device_new (c->id, "wled");

        g_assert_true (hearth_wled_parse_state (other, root, NULL, NULL, &error));
        g_assert_no_error (error);
        g_assert_cmpstr (hearth_control_get_effect (hearth_device_find_control (other, "light")),
                         ==, c->effect);
      }

      /* The state object alone (GET /json/state, a POST answer) too */
      {
        g_autoptr(HearthDevice) other = hearth_device_new (c->id, "wled");
        JsonNode *state = json_object_get_member (json_node_get_object (root), "state");
        HearthControl *light;

        g_assert_true (hearth_wled_parse_state (other, state, &catalog, NULL, &error));
        g_assert_no_error (error);
        light = hearth_device_find_control (other, "light");
        g_assert_cmpint (hearth_control_get_brightness (light), ==, c->brightness);
        g_assert_cmpint (hearth_control_get_color (light), ==, c->color);
        g_assert_cmpstr (hearth_control_get_effect (light), ==, c->effect);
      }

      hearth_wled_catalog_clear (&catalog);
    }
}

/* The first WebSocket message, as text */
static void
test_fixtures_message (void)
{
  g_autoptr(JsonNode) fixture = hearth_test_load_fixture ("wled/python-wled_ws_rgb_websocket.json");
  g_autofree char *text = json_to_string (fixture, FALSE);
  g_autoptr(JsonNode) root = NULL;
  int code = 0;

  g_assert_cmpint (hearth_wled_classify_message (text, strlen (text), &root, NULL), ==,
                   HEARTH_WLED_MESSAGE_STATE);
  g_assert_nonnull (root);
  g_assert_true (json_node_equal (root, fixture));

  g_assert_cmpint (hearth_wled_classify_message ("pong", 4, NULL, NULL), ==,
                   HEARTH_WLED_MESSAGE_PONG);
  g_assert_cmpint (hearth_wled_classify_message ("{\"error\":3}", 11, NULL, &code), ==,
                   HEARTH_WLED_MESSAGE_ERROR);
  g_assert_cmpint (code, ==, 3);
  g_assert_cmpint (hearth_wled_classify_message ("{\"error\":9}", 11, NULL, &code), ==,
                   HEARTH_WLED_MESSAGE_ERROR);
  g_assert_cmpint (code, ==, 9);
  g_assert_cmpint (hearth_wled_classify_message ("\x01\xff garbage", 10, NULL, NULL), ==,
                   HEARTH_WLED_MESSAGE_OTHER);
  g_assert_cmpint (hearth_wled_classify_message ("[1,2]", 5, NULL, NULL), ==,
                   HEARTH_WLED_MESSAGE_OTHER);
  g_assert_cmpint (hearth_wled_classify_message ("{\"success\":true}", 16, NULL, NULL), ==,
                   HEARTH_WLED_MESSAGE_OTHER);
  g_assert_cmpint (hearth_wled_classify_message ("", 0, NULL, NULL), ==,
                   HEARTH_WLED_MESSAGE_OTHER);
  g_assert_cmpint (hearth_wled_classify_message (NULL, 0, NULL, NULL), ==,
                   HEARTH_WLED_MESSAGE_OTHER);
}

static void
test_info_bad (void)
{
  static const struct {
    const char *json;
    int         code;
  } cases[] = {
    { "{\"ver\":\"0.15.0\",\"mac\":\"aabbccddeeff\"}", HEARTH_ERROR_UNSUPPORTED },
    { "{\"brand\":\"Shelly\",\"mac\":\"aabbccddeeff\"}", HEARTH_ERROR_UNSUPPORTED },
    { "{\"brand\":42,\"mac\":\"aabbccddeeff\"}", HEARTH_ERROR_UNSUPPORTED },
    { "[\"WLED\"]", HEARTH_ERROR_UNSUPPORTED },
    { "{\"brand\":\"WLED\"}", HEARTH_ERROR_BAD_PAYLOAD },
    { "{\"brand\":\"WLED\",\"mac\":\"aa:bb:cc:dd:ee:ff\"}", HEARTH_ERROR_BAD_PAYLOAD },
    { "{\"brand\":\"WLED\",\"mac\":\"aabbccddeefg\"}", HEARTH_ERROR_BAD_PAYLOAD },
    { "{\"brand\":\"WLED\",\"mac\":123456789012}", HEARTH_ERROR_BAD_PAYLOAD },
    { "{\"info\":{\"brand\":\"WLED\",\"mac\":null}}", HEARTH_ERROR_BAD_PAYLOAD },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) root = hearth_test_parse_json (cases[i].json);
      g_autoptr(GError) error = NULL;
      HearthDevice *device;

      g_test_message ("%s", cases[i].json);
      device = hearth_wled_device_new_from_info (root, &error);
      g_assert_null (device);
      g_assert_error (error, HEARTH_ERROR, cases[i].code);
    }

  g_assert_null (hearth_wled_device_new_from_info (NULL, NULL));
}

static void
test_info_odd (void)
{
  g_autoptr(GError) error = NULL;
  HearthWledInfo info = { 0, };
  g_autoptr(JsonNode) root = NULL;

  /* Upper-case MAC, no name, no arch, a vendor build, old-style leds */
  root = hearth_test_parse_json ("{\"brand\":\"WLED\",\"product\":\"Athom\",\"mac\":\"AABBCCDDEEFF\","
                                 "\"name\":\"  \",\"ver\":\"0.13.3\",\"leds\":{\"rgbw\":true,\"cct\":true},"
                                 "\"fs\":{\"pmt\":1234}}");
  g_assert_true (hearth_wled_parse_info (root, &info, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (info.id, ==, "aabbccddeeff");
  g_assert_cmpstr (info.model, ==, "Athom");
  g_assert_cmpstr (info.name, ==, "Athom");
  g_assert_cmpuint (info.lc, ==, HEARTH_WLED_LC_RGB | HEARTH_WLED_LC_WHITE | HEARTH_WLED_LC_CCT);
  g_assert_cmpint (info.pmt, ==, 1234);
  hearth_wled_info_clear (&info);
  g_clear_pointer (&root, json_node_unref);

  root = hearth_test_parse_json ("{\"brand\":\"WLED\",\"product\":\"FOSS\",\"arch\":\"esp32-s3\","
                                 "\"mac\":\"0123456789ab\",\"leds\":{\"lc\":5,\"rgbw\":false,\"cct\":4}}");
  g_assert_true (hearth_wled_parse_info (root, &info, &error));
  g_assert_cmpstr (info.model, ==, "WLED ESP32-S3");
  g_assert_cmpstr (info.name, ==, "WLED ESP32-S3");
  g_assert_null (info.firmware);
  g_assert_cmpuint (info.lc, ==, HEARTH_WLED_LC_RGB | HEARTH_WLED_LC_CCT);
  hearth_wled_info_clear (&info);
}

static HearthControl *
parse_into (HearthDevice *device,
            const char   *json)
{
  g_autoptr(JsonNode) root = hearth_test_parse_json (json);
  g_autoptr(GError) error = NULL;

  g_test_message ("%s", json);
  g_assert_true (hearth_wled_parse_state (device, root, NULL, NULL, &error));
  g_assert_no_error (error);
  return hearth_device_find_control (device, "light");
}

static void
test_state_bad (void)
{
  g_autoptr(HearthDevice) device = hearth_device_new ("aabbccddeeff", "wled");
  HearthControl *control;
  static const char *garbage[] = {
    "[1,2,3]",
    "{}",
    "{\"foo\":1}",
    "{\"on\":\"yes\",\"bri\":\"x\"}",
    "{\"on\":true}",
    "{\"bri\":128}",
    "{\"on\":1,\"bri\":128}",
    "{\"on\":true,\"bri\":-5}",
    "{\"on\":true,\"bri\":[1]}",
    "{\"state\":{\"on\":null,\"bri\":3}}",
    "{\"state\":[],\"info\":{}}",
    "{\"error\":3}",
  };

  /* Missing seg: power and brightness are still known */
  control = parse_into (device, "{\"on\":true,\"bri\":255}");
  g_assert_nonnull (control);
  g_assert_true (hearth_control_get_on (control));
  g_assert_cmpint (hearth_control_get_brightness (control), ==, 100);
  g_assert_cmpint (hearth_control_get_color (control), ==, -1);
  g_assert_null (hearth_control_get_effect (control));

  /* Empty col, a segment that is not an object, odd colour slots */
  parse_into (device, "{\"on\":true,\"bri\":10,\"seg\":[{\"id\":0,\"col\":[]}]}");
  g_assert_cmpint (hearth_control_get_brightness (control), ==, 4);
  g_assert_cmpint (hearth_control_get_color (control), ==, -1);
  parse_into (device, "{\"on\":true,\"bri\":10,\"seg\":[7,{\"id\":0,\"col\":[[1,2]]}]}");
  g_assert_cmpint (hearth_control_get_color (control), ==, -1);
  parse_into (device, "{\"on\":true,\"bri\":10,\"seg\":[{\"id\":0,\"col\":[\"nothex\"]}]}");
  g_assert_cmpint (hearth_control_get_color (control), ==, -1);
  parse_into (device, "{\"on\":true,\"bri\":10,\"seg\":[{\"id\":0,\"col\":[[\"a\",2,3]]}]}");
  g_assert_cmpint (hearth_control_get_color (control), ==, -1);
  parse_into (device, "{\"on\":true,\"bri\":10,\"seg\":{\"col\":5}}");
  g_assert_cmpint (hearth_control_get_color (control), ==, -1);

  /* Colours: RGBW arrays, hex strings, objects, out of range values */
  parse_into (device, "{\"on\":true,\"bri\":1,\"seg\":[{\"id\":0,\"col\":[[10,20,30,40]]}]}");
  g_assert_cmpint (hearth_control_get_color (control), ==, 0x0a141e);
  g_assert_cmpint (hearth_control_get_brightness (control), ==, 1);
  parse_into (device, "{\"on\":true,\"bri\":1,\"seg\":[{\"id\":0,\"col\":[\"FF8000\",\"000000\"]}]}");
  g_assert_cmpint (hearth_control_get_color (control), ==, 0xff8000);
  parse_into (device, "{\"on\":true,\"bri\":1,\"seg\":[{\"id\":0,\"col\":[\"00ff80aa\"]}]}");
  g_assert_cmpint (hearth_control_get_color (control), ==, 0x00ff80);
  parse_into (device, "{\"on\":true,\"bri\":1,\"seg\":[{\"id\":0,\"col\":[{\"r\":1,\"g\":2,\"b\":3}]}]}");
  g_assert_cmpint (hearth_control_get_color (control), ==, 0x010203);
  parse_into (device, "{\"on\":true,\"bri\":1,\"seg\":[{\"id\":0,\"col\":[[300,-4,12.6]]}]}");
  g_assert_cmpint (hearth_control_get_color (control), ==, 0xff000d);

  /* bri 0 is off, whatever "on" says, and never "on at 0 %" */
  parse_into (device, "{\"on\":true,\"bri\":200}");
  g_assert_cmpint (hearth_control_get_brightness (control), ==, 78);
  parse_into (device, "{\"on\":true,\"bri\":0}");
  g_assert_false (hearth_control_get_on (control));
  g_assert_cmpint (hearth_control_get_brightness (control), ==, 78);
  parse_into (device, "{\"on\":false,\"bri\":128}");
  g_assert_false (hearth_control_get_on (control));
  g_assert_cmpint (hearth_control_get_brightness (control), ==, 50);

  /* Garbage: an error, and the model as it was */
  hearth_control_set_color (control, 0x123456);
  for (guint i = 0; i < G_N_ELEMENTS (garbage); i++)
    {
      g_autoptr(JsonNode) root = hearth_test_parse_json (garbage[i]);
      g_autoptr(GError) error = NULL;

      g_test_message ("%s", garbage[i]);
      g_assert_false (hearth_wled_parse_state (device, root, NULL, NULL, &error));
      g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD);
      g_assert_false (hearth_control_get_on (control));
      g_assert_cmpint (hearth_control_get_brightness (control), ==, 50);
      g_assert_cmpint (hearth_control_get_color (control), ==, 0x123456);
    }
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (hearth_wled_parse_state (device, NULL, NULL, NULL, &error));
    g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD);
  }

  /* A bad info next to a good state: the state still counts */
  parse_into (device, "{\"state\":{\"on\":true,\"bri\":255},\"info\":{\"brand\":\"WLED\"}}");
  g_assert_true (hearth_control_get_on (control));
  g_assert_cmpstr (hearth_device_get_name (device), ==, "aabbccddeeff");
}

static void
test_state_cct (void)
{
  g_autoptr(HearthDevice) device = hearth_device_new ("aabbccddeeff", "wled");
  HearthControl *control;

  /* An RGB + white + CCT strip, as the simulated esp8266 is */
  control = parse_into (device,
                        "{\"state\":{\"on\":true,\"bri\":128,\"mainseg\":0,\"seg\":[{\"id\":0,"
                        "\"cct\":127,\"col\":[[255,160,0,60],[0,0,0,0],[0,0,0,0]],\"fx\":0}]},"
                        "\"info\":{\"brand\":\"WLED\",\"name\":\"Desk\",\"mac\":\"aabbccddeeff\","
                        "\"leds\":{\"lc\":7,\"rgbw\":true,\"wv\":2,\"cct\":4}}}");
  g_assert_cmpstr (hearth_device_get_name (device), ==, "Desk");
  g_assert_cmpstr (hearth_control_get_name (control), ==, "Desk");
  g_assert_true (hearth_control_has_capability (control, HEARTH_CAPABILITY_TEMPERATURE));
  g_assert_true (hearth_control_has_capability (control, HEARTH_CAPABILITY_COLOR));
  g_assert_cmpint (hearth_control_get_temperature (control), ==, 1900 + 127 * 32);
  g_assert_cmpint (hearth_control_get_temperature_min (control), ==, 1900);
  g_assert_cmpint (hearth_control_get_temperature_max (control), ==, 10060);
  g_assert_cmpint (hearth_control_get_color (control), ==, 0xffa000);

  /* A state alone keeps what the last info said */
  parse_into (device, "{\"on\":true,\"bri\":128,\"seg\":[{\"id\":0,\"cct\":0}]}");
  g_assert_true (hearth_control_has_capability (control, HEARTH_CAPABILITY_TEMPERATURE));
  g_assert_cmpint (hearth_control_get_temperature (control), ==, 1900);
  parse_into (device, "{\"on\":true,\"bri\":128,\"seg\":[{\"id\":0,\"cct\":255}]}");
  g_assert_cmpint (hearth_control_get_temperature (control), ==, 10060);
  parse_into (device, "{\"on\":true,\"bri\":128,\"seg\":[{\"id\":0,\"cct\":2700}]}");
  g_assert_cmpint (hearth_control_get_temperature (control), ==, 2700);

  /* A white-only strip: no colour, no temperature */
  parse_into (device,
              "{\"state\":{\"on\":true,\"bri\":128,\"seg\":[{\"id\":0,\"cct\":3,"
              "\"col\":[[0,0,0,255]]}]},\"info\":{\"brand\":\"WLED\",\"name\":\"Desk\","
              "\"mac\":\"aabbccddeeff\",\"leds\":{\"lc\":2}}}");
  g_assert_false (hearth_control_has_capability (control, HEARTH_CAPABILITY_COLOR));
  g_assert_false (hearth_control_has_capability (control, HEARTH_CAPABILITY_TEMPERATURE));
  g_assert_true (hearth_control_has_capability (control, HEARTH_CAPABILITY_BRIGHTNESS));
}

static void
test_segments (void)
{
  g_autoptr(HearthDevice) device = hearth_device_new ("aabbccddeeff", "wled");
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  int main_segment = -1;
  HearthControl *control;

  /* No mainseg: the first selected segment */
  root = hearth_test_parse_json ("{\"on\":true,\"bri\":9,\"seg\":[{\"id\":0,\"sel\":false,\"col\":[[1,1,1]]},"
                                 "{\"id\":4,\"sel\":true,\"col\":[[2,2,2]]}]}");
  g_assert_true (hearth_wled_parse_state (device, root, NULL, &main_segment, &error));
  g_assert_cmpint (main_segment, ==, 4);
  control = hearth_device_find_control (device, "light");
  g_assert_cmpint (hearth_control_get_color (control), ==, 0x020202);
  g_clear_pointer (&root, json_node_unref);

  /* mainseg naming no segment: the first selected, else the first */
  root = hearth_test_parse_json ("{\"on\":true,\"bri\":9,\"mainseg\":7,\"seg\":[{\"id\":2,\"col\":[[3,3,3]]},"
                                 "{\"id\":3,\"col\":[[4,4,4]]}]}");
  g_assert_true (hearth_wled_parse_state (device, root, NULL, &main_segment, &error));
  g_assert_cmpint (main_segment, ==, 2);
  g_assert_cmpint (hearth_control_get_color (control), ==, 0x030303);
}

static void
test_effects_presets (void)
{
  g_autoptr(JsonNode) eff = hearth_test_parse_json ("[\"Solid\",\"Blink\",\"RSVD\",5,\"-\",\"Rainbow\",\"\"]");
  g_autoptr(JsonNode) presets_root = NULL;
  g_autoptr(HearthDevice) device = hearth_device_new ("aabbccddeeff", "wled");
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) list = NULL;
  HearthWledCatalog catalog = { NULL, NULL };
  HearthWledPreset *preset;
  HearthControl *control;
  const char *expected[] = { "Solid", "Blink", "Rainbow", "Evening", "Preset 7", NULL };

  catalog.effects = hearth_wled_parse_effects (eff, &error);
  g_assert_no_error (error);
  /* Every slot kept, so fx ids still index it */
  g_assert_cmpuint (g_strv_length (catalog.effects), ==, 7);
  g_assert_cmpstr (catalog.effects[5], ==, "Rainbow");
  g_assert_cmpstr (catalog.effects[3], ==, "");

  presets_root = hearth_test_parse_json ("{\"0\":{},\"12\":{\"n\":\"Rainbow\",\"seg\":[{\"fx\":5}]},"
                                         "\"7\":{\"on\":true},\"2\":{\"n\":\" Evening \",\"bri\":90},"
                                         "\"x\":{\"n\":\"Bad\"},\"300\":{\"n\":\"Too far\"},\"5\":[]}");
  catalog.presets = hearth_wled_parse_presets (presets_root, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (catalog.presets->len, ==, 3);
  preset = g_ptr_array_index (catalog.presets, 0);
  g_assert_cmpint (preset->id, ==, 2);
  g_assert_cmpstr (preset->name, ==, "Evening");
  preset = g_ptr_array_index (catalog.presets, 1);
  g_assert_cmpint (preset->id, ==, 7);
  g_assert_cmpstr (preset->name, ==, "Preset 7");

  /* Reserved names go; a preset named like an effect is not offered */
  list = hearth_wled_catalog_list (&catalog);
  g_assert_cmpstrv (list, expected);

  /* The active preset names the effect, unless an effect has its name */
  parse_into (device, "{\"on\":true,\"bri\":9,\"ps\":-1,\"seg\":[{\"id\":0,\"fx\":1}]}");
  {
    g_autoptr(JsonNode) root = hearth_test_parse_json ("{\"on\":true,\"bri\":9,\"ps\":2,\"seg\":[{\"id\":0,\"fx\":1}]}");

    g_assert_true (hearth_wled_parse_state (device, root, &catalog, NULL, &error));
  }
  control = hearth_device_find_control (device, "light");
  g_assert_cmpstr (hearth_control_get_effect (control), ==, "Evening");
  g_assert_cmpstrv (hearth_control_get_effects (control), expected);
  {
    g_autoptr(JsonNode) root = hearth_test_parse_json ("{\"on\":true,\"bri\":9,\"ps\":12,\"seg\":[{\"id\":0,\"fx\":5}]}");

    g_assert_true (hearth_wled_parse_state (device, root, &catalog, NULL, &error));
  }
  g_assert_cmpstr (hearth_control_get_effect (control), ==, "Rainbow");
  /* A reserved or unknown fx is no effect */
  {
    g_autoptr(JsonNode) root = hearth_test_parse_json ("{\"on\":true,\"bri\":9,\"seg\":[{\"id\":0,\"fx\":2}]}");

    g_assert_true (hearth_wled_parse_state (device, root, &catalog, NULL, &error));
    g_assert_null (hearth_control_get_effect (control));
  }
  {
    g_autoptr(JsonNode) root = hearth_test_parse_json ("{\"on\":true,\"bri\":9,\"seg\":[{\"id\":0,\"fx\":99}]}");

    g_assert_true (hearth_wled_parse_state (device, root, &catalog, NULL, &error));
    g_assert_null (hearth_control_get_effect (control));
  }

  /* Wrong shapes */
  {
    g_autoptr(JsonNode) bad = hearth_test_parse_json ("{\"effects\":\"Solid\"}");

    g_assert_null (hearth_wled_parse_effects (bad, &error));
    g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD);
    g_clear_error (&error);
    g_assert_null (hearth_wled_parse_presets (eff, &error));
    g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD);
    g_clear_error (&error);
  }

  hearth_wled_catalog_clear (&catalog);
}

static void
test_conversions (void)
{
  for (int p = 1; p <= 100; p++)
    {
      int bri = hearth_wled_bri_from_brightness (p);

      g_assert_cmpint (bri, >=, 1);
      g_assert_cmpint (bri, <=, 255);
      g_assert_cmpint (hearth_wled_brightness_from_bri (bri), ==, p);
    }
  for (int bri = 1; bri <= 255; bri++)
    g_assert_cmpint (hearth_wled_brightness_from_bri (bri), >=, 1);
  g_assert_cmpint (hearth_wled_brightness_from_bri (0), ==, 0);
  g_assert_cmpint (hearth_wled_bri_from_brightness (100), ==, 255);
  g_assert_cmpint (hearth_wled_bri_from_brightness (0), ==, 1);
  g_assert_cmpint (hearth_wled_kelvin_from_cct (0), ==, 1900);
  g_assert_cmpint (hearth_wled_kelvin_from_cct (25), ==, 2700);
  g_assert_cmpint (hearth_wled_kelvin_from_cct (20000), ==, 10091);
}

static JsonObject *
request (const HearthChange      *change,
         const HearthWledCatalog *catalog,
         int                      main_segment)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = hearth_wled_build_request (change, catalog, main_segment, &error);
  JsonObject *object;

  g_assert_no_error (error);
  g_assert_nonnull (node);
  object = json_object_ref (json_node_get_object (node));
  json_node_unref (node);
  /* Always asks for the new state back */
  g_assert_true (json_object_get_boolean_member (object, "v"));
  return object;
}

static JsonObject *
request_seg (JsonObject *body,
             int         id)
{
  JsonArray *segs = json_object_get_array_member (body, "seg");
  JsonObject *seg;

  g_assert_cmpuint (json_array_get_length (segs), ==, 1);
  seg = json_array_get_object_element (segs, 0);
  g_assert_cmpint (json_object_get_int_member (seg, "id"), ==, id);
  return seg;
}

static void
test_requests (void)
{
  g_autoptr(JsonNode) eff = hearth_test_parse_json ("[\"Solid\",\"Blink\",\"RSVD\",\"Wipe\"]");
  g_autoptr(JsonNode) presets = hearth_test_parse_json ("{\"1\":{\"n\":\"Evening\"}}");
  HearthWledCatalog catalog = { NULL, NULL };
  g_autoptr(HearthChange) change = hearth_change_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *body;
  JsonObject *seg;
  JsonArray *col;

  catalog.effects = hearth_wled_parse_effects (eff, NULL);
  catalog.presets = hearth_wled_parse_presets (presets, NULL);

  change->fields = HEARTH_CHANGE_ON;
  change->on = TRUE;
  body = request (change, &catalog, 0);
  g_assert_true (json_object_get_boolean_member (body, "on"));
  g_assert_cmpuint (json_object_get_size (body), ==, 2);
  json_object_unref (body);

  change->on = FALSE;
  body = request (change, &catalog, 0);
  g_assert_false (json_object_get_boolean_member (body, "on"));
  g_assert_false (json_object_has_member (body, "bri"));
  json_object_unref (body);

  change->fields = HEARTH_CHANGE_BRIGHTNESS;
  change->brightness = 50;
  body = request (change, &catalog, 0);
  g_assert_cmpint (json_object_get_int_member (body, "bri"), ==, 128);
  g_assert_false (json_object_has_member (body, "on"));
  json_object_unref (body);
  change->brightness = 1;
  body = request (change, &catalog, 0);
  g_assert_cmpint (json_object_get_int_member (body, "bri"), ==, 3);
  json_object_unref (body);
  /* 0 % is off, never bri 0 */
  change->brightness = 0;
  body = request (change, &catalog, 0);
  g_assert_false (json_object_get_boolean_member (body, "on"));
  g_assert_false (json_object_has_member (body, "bri"));
  json_object_unref (body);

  change->fields = HEARTH_CHANGE_ON | HEARTH_CHANGE_BRIGHTNESS;
  change->on = TRUE;
  change->brightness = 100;
  body = request (change, &catalog, 0);
  g_assert_true (json_object_get_boolean_member (body, "on"));
  g_assert_cmpint (json_object_get_int_member (body, "bri"), ==, 255);
  json_object_unref (body);

  change->fields = HEARTH_CHANGE_COLOR;
  change->color = 0x00ffc8;
  body = request (change, &catalog, 1);
  seg = request_seg (body, 1);
  col = json_object_get_array_member (seg, "col");
  g_assert_cmpuint (json_array_get_length (col), ==, 1);
  col = json_array_get_array_element (col, 0);
  g_assert_cmpuint (json_array_get_length (col), ==, 3);
  g_assert_cmpint (json_array_get_int_element (col, 0), ==, 0);
  g_assert_cmpint (json_array_get_int_element (col, 1), ==, 255);
  g_assert_cmpint (json_array_get_int_element (col, 2), ==, 200);
  json_object_unref (body);

  change->fields = HEARTH_CHANGE_TEMPERATURE;
  change->temperature = 2700;
  body = request (change, &catalog, 0);
  g_assert_cmpint (json_object_get_int_member (request_seg (body, 0), "cct"), ==, 2700);
  json_object_unref (body);

  change->fields = HEARTH_CHANGE_EFFECT;
  change->effect = g_strdup ("Wipe");
  body = request (change, &catalog, 0);
  g_assert_cmpint (json_object_get_int_member (request_seg (body, 0), "fx"), ==, 3);
  json_object_unref (body);
  g_free (change->effect);
  change->effect = g_strdup ("evening");
  body = request (change, &catalog, 0);
  g_assert_cmpint (json_object_get_int_member (body, "ps"), ==, 1);
  g_assert_false (json_object_has_member (body, "seg"));
  json_object_unref (body);

  /* Names the device does not have, reserved ones included */
  g_free (change->effect);
  change->effect = g_strdup ("RSVD");
  g_assert_null (hearth_wled_build_request (change, &catalog, 0, &error));
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (hearth_wled_build_request (change, NULL, 0, &error));
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_INVALID);
  g_clear_error (&error);

  /* What a light cannot do */
  change->fields = HEARTH_CHANGE_POSITION;
  change->position = 40;
  g_assert_null (hearth_wled_build_request (change, &catalog, 0, &error));
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED);

  hearth_wled_catalog_clear (&catalog);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/wled/fixtures/listed", test_fixtures_listed);
  g_test_add_func ("/wled/fixtures/info", test_fixtures_info);
  g_test_add_func ("/wled/fixtures/state", test_fixtures_state);
  g_test_add_func ("/wled/fixtures/message", test_fixtures_message);
  g_test_add_func ("/wled/info/bad", test_info_bad);
  g_test_add_func ("/wled/info/odd", test_info_odd);
  g_test_add_func ("/wled/state/bad", test_state_bad);
  g_test_add_func ("/wled/state/cct", test_state_cct);
  g_test_add_func ("/wled/state/segments", test_segments);
  g_test_add_func ("/wled/effects-presets", test_effects_presets);
  g_test_add_func ("/wled/conversions", test_conversions);
  g_test_add_func ("/wled/requests", test_requests);

  return g_test_run ();
}
