/* test-nanoleaf.c: the Nanoleaf parsers, on answers shaped like a real
 * controller's (there is no capture in tests/fixtures), and on bad input
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "hearth-test-utils.h"
#include "hearth-device.h"
#include "hearth-nanoleaf-parse.h"

/* GET /api/v1/<token>/ of a Shapes controller, as OpenAPI v1 documents it */
static const char info_json[] =
  "{\"name\":\"Shapes 4A2B\",\"serialNo\":\"S19124C8036\",\"manufacturer\":\"Nanoleaf\","
  "\"firmwareVersion\":\"9.2.4\",\"hardwareVersion\":\"1.0-4\",\"model\":\"NL42\","
  "\"cloudHash\":{},\"discovery\":{},"
  "\"effects\":{\"effectsList\":[\"Color Burst\",\"Forest\",\"Inner Peace\",\"*Dynamic*\","
  "\"Northern Lights\",\"\",42],\"select\":\"*Solid*\"},"
  "\"firmwareUpgrade\":{},"
  "\"panelLayout\":{\"globalOrientation\":{\"value\":0,\"max\":360,\"min\":0},"
  "\"layout\":{\"numPanels\":2,\"sideLength\":0,\"positionData\":[]}},"
  "\"schedules\":{},"
  "\"state\":{\"brightness\":{\"value\":65,\"max\":100,\"min\":0},"
  "\"colorMode\":\"hs\",\"ct\":{\"value\":4000,\"max\":6500,\"min\":1200},"
  "\"hue\":{\"value\":120,\"max\":360,\"min\":0},\"on\":{\"value\":true},"
  "\"sat\":{\"value\":100,\"max\":100,\"min\":0}}}";

static HearthDevice *
device_from_info (const char          *json,
                  HearthNanoleafState *state)
{
  g_autoptr(JsonNode) root = hearth_test_parse_json (json);
  g_autoptr(GError) error = NULL;
  HearthDevice *device = hearth_device_new ("4E:AF:00:00:01:02", "nanoleaf");

  hearth_nanoleaf_state_init (state);
  g_assert_true (hearth_nanoleaf_parse_info (root, state, device, &error));
  g_assert_no_error (error);
  return device;
}

static void
test_info (void)
{
  HearthNanoleafState state;
  g_autoptr(HearthDevice) device = device_from_info (info_json, &state);
  HearthControl *light;
  const char * const *effects;

  g_assert_cmpstr (hearth_device_get_name (device), ==, "Shapes 4A2B");
  g_assert_cmpstr (hearth_device_get_model (device), ==, "NL42");
  g_assert_cmpstr (hearth_device_get_firmware (device), ==, "9.2.4");
  g_assert_cmpstr (state.serial, ==, "S19124C8036");

  g_assert_cmpuint (g_list_model_get_n_items (hearth_device_get_controls (device)), ==, 1);
  light = hearth_device_find_control (device, "light");
  g_assert_nonnull (light);
  g_assert_cmpint (hearth_control_get_kind (light), ==, HEARTH_CONTROL_KIND_LIGHT);
  g_assert_cmpstr (hearth_control_get_name (light), ==, "Shapes 4A2B");
  g_assert_cmpint (hearth_control_get_capabilities (light), ==,
                   HEARTH_CAPABILITY_ON_OFF | HEARTH_CAPABILITY_BRIGHTNESS |
                   HEARTH_CAPABILITY_COLOR | HEARTH_CAPABILITY_TEMPERATURE |
                   HEARTH_CAPABILITY_EFFECT);
  g_assert_true (hearth_control_get_on (light));
  g_assert_cmpint (hearth_control_get_brightness (light), ==, 65);
  /* hs mode: hue 120, sat 100 is pure green; no temperature, no effect */
  g_assert_cmpint (hearth_control_get_color (light), ==, 0x00ff00);
  g_assert_cmpint (hearth_control_get_temperature (light), ==, -1);
  g_assert_null (hearth_control_get_effect (light));
  /* The device's own Kelvin range */
  g_assert_cmpint (hearth_control_get_temperature_min (light), ==, 1200);
  g_assert_cmpint (hearth_control_get_temperature_max (light), ==, 6500);
  /* Reserved names, empty names and non-strings are dropped */
  effects = hearth_control_get_effects (light);
  g_assert_nonnull (effects);
  g_assert_cmpuint (g_strv_length ((GStrv) effects), ==, 4);
  g_assert_cmpstr (effects[0], ==, "Color Burst");
  g_assert_cmpstr (effects[3], ==, "Northern Lights");

  hearth_nanoleaf_state_clear (&state);
}

static void
test_info_ranges (void)
{
  /* Another range than the usual: brightness 0–200, hue 0–720; ct mode */
  static const char json[] =
    "{\"name\":\"Canvas\",\"state\":{\"on\":{\"value\":0},"
    "\"brightness\":{\"value\":100,\"min\":0,\"max\":200},"
    "\"hue\":{\"value\":360,\"min\":0,\"max\":720},\"sat\":{\"value\":50},"
    "\"ct\":{\"value\":9000,\"min\":2700,\"max\":5000},\"colorMode\":\"ct\"}}";
  HearthNanoleafState state;
  g_autoptr(HearthDevice) device = device_from_info (json, &state);
  HearthControl *light = hearth_device_find_control (device, "light");
  g_autoptr(HearthChange) change = hearth_change_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *text = NULL;

  g_assert_false (hearth_control_get_on (light));
  g_assert_cmpint (hearth_control_get_brightness (light), ==, 50);
  /* Clamped into the device's own range */
  g_assert_cmpint (hearth_control_get_temperature (light), ==, 5000);
  g_assert_cmpint (hearth_control_get_temperature_min (light), ==, 2700);
  g_assert_cmpint (hearth_control_get_temperature_max (light), ==, 5000);
  g_assert_cmpint (hearth_control_get_color (light), ==, -1);
  /* No effects listed: no effect capability */
  g_assert_false (hearth_control_has_capability (light, HEARTH_CAPABILITY_EFFECT));

  /* Scaled back into the device's ranges */
  g_assert_true (hearth_change_parse_action (change, "brightness=25", NULL));
  g_assert_true (hearth_change_parse_action (change, "color=#00ffff", NULL));
  body = hearth_nanoleaf_build_state_change (change, &state, NULL);
  text = json_to_string (body, FALSE);
  g_assert_cmpstr (text, ==,
                   "{\"brightness\":{\"value\":50},\"hue\":{\"value\":360},\"sat\":{\"value\":100}}");

  hearth_nanoleaf_state_clear (&state);
}

static void
test_bad_info (void)
{
  static const char * const bad[] = {
    "[]",
    "{}",
    "{\"state\":[]}",
    "{\"state\":{}}",
    "{\"state\":{\"on\":true,\"brightness\":{\"value\":1}}}",
    "{\"state\":{\"on\":{\"value\":true}}}",
    "{\"state\":{\"on\":{\"value\":true},\"brightness\":{\"value\":\"x\"}}}",
    "{\"state\":{\"on\":{\"value\":true},\"brightness\":{\"value\":1},\"hue\":7}}",
    "{\"state\":{\"on\":{\"value\":true},\"brightness\":{\"value\":1e30}}}",
  };
  HearthNanoleafState state;
  g_autoptr(HearthDevice) device = device_from_info (info_json, &state);
  HearthControl *light = hearth_device_find_control (device, "light");

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(JsonNode) root = hearth_test_parse_json (bad[i]);
      g_autoptr(GError) error = NULL;

      g_test_message ("bad info: %s", bad[i]);
      g_assert_false (hearth_nanoleaf_parse_info (root, &state, device, &error));
      g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD);
      /* Untouched */
      g_assert_cmpint (hearth_control_get_brightness (light), ==, 65);
      g_assert_cmpint (state.brightness, ==, 65);
      g_assert_cmpstr (state.serial, ==, "S19124C8036");
    }

  /* A broken range falls back to the usual one rather than failing */
  {
    g_autoptr(JsonNode) root =
      hearth_test_parse_json ("{\"state\":{\"on\":{\"value\":true},\"brightness\":{\"value\":30,\"min\":5,\"max\":5},"
                              "\"ct\":{\"value\":4000,\"min\":1,\"max\":99999}}}");

    g_assert_true (hearth_nanoleaf_parse_info (root, &state, device, NULL));
    g_assert_cmpint (state.brightness_max, ==, 100);
    g_assert_cmpint (hearth_control_get_temperature_min (light), ==, 1200);
    g_assert_cmpint (hearth_control_get_temperature_max (light), ==, 6500);
    /* Without hue and sat: no colour any more */
    g_assert_false (hearth_control_has_capability (light, HEARTH_CAPABILITY_COLOR));
  }

  hearth_nanoleaf_state_clear (&state);
}

static void
test_events (void)
{
  HearthNanoleafState state;
  g_autoptr(HearthDevice) device = device_from_info (info_json, &state);
  HearthControl *light = hearth_device_find_control (device, "light");
  g_autoptr(GError) error = NULL;

  /* State: brightness, then on */
  g_assert_true (hearth_nanoleaf_parse_event ("1", "{\"events\":[{\"attr\":2,\"value\":30},"
                                              "{\"attr\":1,\"value\":false}]}", &state, &error));
  g_assert_no_error (error);
  hearth_nanoleaf_state_apply (&state, device);
  g_assert_cmpint (hearth_control_get_brightness (light), ==, 30);
  g_assert_false (hearth_control_get_on (light));

  /* Hue alone keeps the saturation: 240/100 is blue */
  g_assert_true (hearth_nanoleaf_parse_event ("1", "{\"events\":[{\"attr\":3,\"value\":240}]}",
                                              &state, NULL));
  hearth_nanoleaf_state_apply (&state, device);
  g_assert_cmpint (hearth_control_get_color (light), ==, 0x0000ff);

  /* ct with its mode */
  g_assert_true (hearth_nanoleaf_parse_event ("1", "{\"events\":[{\"attr\":5,\"value\":2700},"
                                              "{\"attr\":6,\"value\":\"ct\"}]}", &state, NULL));
  hearth_nanoleaf_state_apply (&state, device);
  g_assert_cmpint (hearth_control_get_temperature (light), ==, 2700);
  g_assert_cmpint (hearth_control_get_color (light), ==, -1);

  /* Effects: the name, and the effect mode */
  g_assert_true (hearth_nanoleaf_parse_event ("3", "{\"events\":[{\"attr\":1,\"value\":\"Forest\"}]}",
                                              &state, NULL));
  hearth_nanoleaf_state_apply (&state, device);
  g_assert_cmpstr (hearth_control_get_effect (light), ==, "Forest");
  g_assert_cmpint (hearth_control_get_temperature (light), ==, -1);

  /* Layout and touch are about other things */
  g_assert_false (hearth_nanoleaf_parse_event ("2", "{\"events\":[]}", &state, &error));
  g_assert_no_error (error);
  g_assert_false (hearth_nanoleaf_parse_event ("4", "garbage", &state, &error));
  g_assert_no_error (error);
  g_assert_false (hearth_nanoleaf_parse_event (NULL, "{}", &state, &error));
  g_assert_no_error (error);
}

static void
test_bad_events (void)
{
  static const char * const bad[] = {
    "",
    "not json",
    "{\"events\":{}}",
    "[1,2]",
    "{\"events\":[1]}",
    "{\"events\":[{\"value\":3}]}",
    "{\"events\":[{\"attr\":2,\"value\":\"x\"}]}",
    "{\"events\":[{\"attr\":2,\"value\":99999999999}]}",
    "{\"events\":[{\"attr\":1}]}",
    "{\"events\":[{\"attr\":2,\"value\":10},{\"attr\":6,\"value\":7}]}",
  };
  HearthNanoleafState state;
  g_autoptr(HearthDevice) device = device_from_info (info_json, &state);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("bad event: %s", bad[i]);
      g_assert_false (hearth_nanoleaf_parse_event ("1", bad[i], &state, &error));
      g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD);
      /* All or nothing: the first entry of the last one is not applied */
      g_assert_cmpint (state.brightness, ==, 65);
    }

  {
    g_autoptr(GError) error = NULL;

    g_assert_false (hearth_nanoleaf_parse_event ("3", "{\"events\":[{\"attr\":1,\"value\":5}]}",
                                                 &state, &error));
    g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD);
    g_assert_cmpstr (state.effect, ==, "*Solid*");
  }

  hearth_nanoleaf_state_clear (&state);
}

static char *
build (const HearthNanoleafState *state,
       const char                *actions,
       GError                   **error)
{
  g_autoptr(HearthChange) change = hearth_change_new ();
  g_auto(GStrv) words = g_strsplit (actions, " ", -1);
  g_autoptr(JsonNode) body = NULL;

  for (guint i = 0; words[i] != NULL; i++)
    g_assert_true (hearth_change_parse_action (change, words[i], NULL));

  body = hearth_nanoleaf_build_state_change (change, state, error);
  return body ? json_to_string (body, FALSE) : NULL;
}

static void
test_build (void)
{
  HearthNanoleafState state;
  g_autoptr(HearthDevice) device = device_from_info (info_json, &state);
  g_autoptr(GError) error = NULL;
  g_autofree char *on_last = NULL;
  g_autofree char *toggle = NULL;
  g_autofree char *ct = NULL;
  g_autofree char *clamped = NULL;
  g_autoptr(HearthChange) effect = hearth_change_new ();
  g_autoptr(JsonNode) effect_body = NULL;
  g_autofree char *effect_text = NULL;

  /* "on" last, whatever order the person gave */
  on_last = build (&state, "on brightness=40 color=#ff0000", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (on_last, ==,
                   "{\"brightness\":{\"value\":40},\"hue\":{\"value\":0},\"sat\":{\"value\":100},"
                   "\"on\":{\"value\":true}}");

  /* Toggle from the state the device last told: it is on */
  toggle = build (&state, "toggle", NULL);
  g_assert_cmpstr (toggle, ==, "{\"on\":{\"value\":false}}");

  ct = build (&state, "temperature=3000 off", NULL);
  g_assert_cmpstr (ct, ==, "{\"ct\":{\"value\":3000},\"on\":{\"value\":false}}");

  /* Within the device's own range */
  clamped = build (&state, "temperature=10000", NULL);
  g_assert_cmpstr (clamped, ==, "{\"ct\":{\"value\":6500}}");

  /* Colour and temperature at once make no sense (a change made by hand:
   * parsing actions keeps only the later of the two) */
  {
    HearthChange both = { 0, };

    both.fields = HEARTH_CHANGE_TEMPERATURE | HEARTH_CHANGE_COLOR;
    both.temperature = 3000;
    both.color = 0xff0000;
    g_assert_null (hearth_nanoleaf_build_state_change (&both, &state, &error));
    g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_INVALID);
    g_clear_error (&error);
  }

  /* An effect alone touches no state */
  g_assert_true (hearth_change_parse_action (effect, "effect=Forest", NULL));
  g_assert_null (hearth_nanoleaf_build_state_change (effect, &state, &error));
  g_assert_no_error (error);
  effect_body = hearth_nanoleaf_build_effect_change (effect, &state, &error);
  g_assert_no_error (error);
  effect_text = json_to_string (effect_body, FALSE);
  g_assert_cmpstr (effect_text, ==, "{\"select\":\"Forest\"}");

  /* After success, the state follows */
  hearth_nanoleaf_state_update (&state, effect);
  g_assert_cmpstr (state.color_mode, ==, "effect");
  g_assert_cmpstr (state.effect, ==, "Forest");

  hearth_nanoleaf_state_clear (&state);
}

static void
test_build_unsupported (void)
{
  static const char json[] =
    "{\"name\":\"Old panels\",\"state\":{\"on\":{\"value\":true},"
    "\"brightness\":{\"value\":10,\"min\":0,\"max\":100}},"
    "\"effects\":{\"select\":\"Flames\",\"effectsList\":[\"Flames\"]}}";
  HearthNanoleafState state;
  g_autoptr(HearthDevice) device = device_from_info (json, &state);
  g_autoptr(GError) error = NULL;
  g_autoptr(HearthChange) change = hearth_change_new ();

  g_assert_null (build (&state, "color=#ff0000", &error));
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED);
  g_clear_error (&error);
  g_assert_null (build (&state, "temperature=3000", &error));
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED);
  g_clear_error (&error);

  g_assert_true (hearth_change_parse_action (change, "effect=Nope", NULL));
  g_assert_null (hearth_nanoleaf_build_effect_change (change, &state, &error));
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED);

  hearth_nanoleaf_state_clear (&state);
}

static void
test_pairing (void)
{
  static const char * const bad[] = {
    "[]",
    "{}",
    "{\"auth_token\":5}",
    "{\"auth_token\":\"\"}",
    "{\"auth_token\":\"../../x\"}",
    "{\"auth_token\":\"abc def\"}",
    "{\"auth_token\":\"abc?x=1\"}",
  };
  g_autoptr(JsonNode) good = hearth_test_parse_json ("{\"auth_token\":\"dTgEqSALq0uDmAHhkWjPlnIqWG4EwQrK\"}");
  g_autofree char *token = hearth_nanoleaf_parse_pairing (good, NULL);
  g_autofree char *long_token = g_strnfill (HEARTH_NANOLEAF_MAX_TOKEN_LENGTH + 1, 'a');

  g_assert_cmpstr (token, ==, "dTgEqSALq0uDmAHhkWjPlnIqWG4EwQrK");
  g_assert_false (hearth_nanoleaf_token_is_valid (long_token));
  g_assert_false (hearth_nanoleaf_token_is_valid (NULL));

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(JsonNode) root = hearth_test_parse_json (bad[i]);
      g_autoptr(GError) error = NULL;

      g_assert_null (hearth_nanoleaf_parse_pairing (root, &error));
      g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD);
    }
}

static void
test_ids (void)
{
  g_autofree char *id = hearth_nanoleaf_normalize_id ("4e:af:12:34:56:7a");
  g_autofree char *v4 = hearth_device_make_address_id ("nanoleaf", "192.0.2.7", 16021);
  g_autofree char *v6 = hearth_device_make_address_id ("nanoleaf", "fe80::1", 16021);
  static const char * const bad[] = { "", "4EAF12345678", "4E:AF:1", "4E:AF:ZZ", "4E::AF", ":" };

  g_assert_cmpstr (id, ==, "4E:AF:12:34:56:7A");
  g_assert_cmpstr (v4, ==, "nanoleaf@192.0.2.7:16021");
  g_assert_cmpstr (v6, ==, "nanoleaf@[fe80::1]:16021");
  g_assert_null (hearth_nanoleaf_normalize_id (NULL));
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *none = hearth_nanoleaf_normalize_id (bad[i]);

      g_assert_null (none);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/nanoleaf/info", test_info);
  g_test_add_func ("/nanoleaf/info/ranges", test_info_ranges);
  g_test_add_func ("/nanoleaf/info/bad", test_bad_info);
  g_test_add_func ("/nanoleaf/events", test_events);
  g_test_add_func ("/nanoleaf/events/bad", test_bad_events);
  g_test_add_func ("/nanoleaf/build", test_build);
  g_test_add_func ("/nanoleaf/build/unsupported", test_build_unsupported);
  g_test_add_func ("/nanoleaf/pairing", test_pairing);
  g_test_add_func ("/nanoleaf/ids", test_ids);

  return g_test_run ();
}
