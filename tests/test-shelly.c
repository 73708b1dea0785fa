/* test-shelly.c: Shelly Gen2+ parsing against every real capture, and bad input
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "hearth-http-auth.h"
#include "hearth-shelly-driver.h"
#include "hearth-shelly-parse.h"
#include "hearth-shelly-rpc.h"
#include "hearth-test-utils.h"

#define RPGB_FIXTURE   "shelly-rpc/matterbridge_plus-rgbw-pm_SNDC-0D4P10WW_rgb_fw1.7.5.json"
#define PLUS1PM_FIXTURE "shelly-rpc/aioshelly_plus-1pm_SNSW-001P16EU_fw1.1.0_shelly-config-status.json"
#define COVER401_FIXTURE "shelly-rpc/aioshelly_plus-2pm_Cover.Close_auth-failure-401.json"
#define GETSHELLY_FIXTURE "shelly-rpc/aioshelly_plus-2pm_GET-shelly.json"

static JsonObject *
member_object (JsonNode   *root,
               const char *member)
{
  JsonObject *object = hearth_json_get_object (json_node_get_object (root), member);

  g_assert_nonnull (object);
  return object;
}

static guint
n_controls (HearthDevice *device)
{
  return g_list_model_get_n_items (hearth_device_get_controls (device));
}

static HearthControl *
control (HearthDevice *device,
         const char   *id)
{
  HearthControl *c = hearth_device_find_control (device, id);

  if (c == NULL)
    g_error ("No control %s", id);
  return c;
}

static void
assert_sensor (HearthDevice *device,
               const char   *id,
               const char   *name,
               double        value,
               const char   *unit,
               const char   *quantity)
{
  HearthControl *c = control (device, id);

  g_assert_cmpint (hearth_control_get_kind (c), ==, HEARTH_CONTROL_KIND_SENSOR);
  g_assert_cmpuint (hearth_control_get_capabilities (c), ==, HEARTH_CAPABILITY_VALUE);
  g_assert_cmpstr (hearth_control_get_name (c), ==, name);
  g_assert_cmpfloat_with_epsilon (hearth_control_get_value (c), value, 1e-9);
  g_assert_cmpstr (hearth_control_get_unit (c), ==, unit);
  g_assert_cmpstr (hearth_control_get_quantity (c), ==, quantity);
}

/* Every capture has a test below; a new file needs its expectations */
static void
test_fixtures_listed (void)
{
  static const char * const known[] = {
    PLUS1PM_FIXTURE, COVER401_FIXTURE, GETSHELLY_FIXTURE, RPGB_FIXTURE,
  };
  g_auto(GStrv) files = hearth_test_list_fixtures ("shelly-rpc");

  g_assert_cmpuint (g_strv_length (files), ==, G_N_ELEMENTS (known));
  for (guint i = 0; files[i] != NULL; i++)
    if (!g_strv_contains (known, files[i]))
      g_error ("No expectations for the capture %s", files[i]);
}

/* GET /shelly: the standalone capture and the "shelly" member of the dumps */
static void
test_fixtures_info (void)
{
  static const struct
  {
    const char *file;
    const char *member;
    const char *id;
    const char *name;
    const char *device_name;
    const char *model;
    const char *firmware;
    const char *profile;
    int         gen;
    gboolean    auth_en;
  } cases[] = {
    { GETSHELLY_FIXTURE, NULL, "shellyplus2pm-aabbccddeeff", "Shelly Plus 2PM", "Shelly Plus 2PM",
      "SNSW-102P16EU", "1.4.2", "switch", 2, TRUE },
    { PLUS1PM_FIXTURE, "shelly", "shellyplus1pm-aabbccddeeff", "Test Name", "Test Name",
      "SNSW-001P16EU", "1.1.0", NULL, 2, FALSE },
    { RPGB_FIXTURE, "shelly", "shellyplusrgbwpm-a0a3b35c7024", "RGBW PM Plus Rgb",
      "RGBW PM Plus Rgb", "SNDC-0D4P10WW", "1.7.5", "rgb", 2, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) root = hearth_test_load_fixture (cases[i].file);
      g_autoptr(JsonNode) node = NULL;
      g_autoptr(HearthShellyInfo) info = NULL;
      g_autoptr(HearthDevice) device = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("%s", cases[i].file);
      if (cases[i].member != NULL)
        node = json_node_ref (json_object_get_member (json_node_get_object (root), cases[i].member));
      else
        node = json_node_ref (root);

      info = hearth_shelly_info_parse (node, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (info->id, ==, cases[i].id);
      g_assert_cmpstr (info->name, ==, cases[i].name);
      g_assert_cmpstr (info->model, ==, cases[i].model);
      g_assert_cmpstr (info->firmware, ==, cases[i].firmware);
      g_assert_cmpstr (info->profile, ==, cases[i].profile);
      g_assert_cmpint (info->gen, ==, cases[i].gen);
      g_assert_cmpint (info->auth_en, ==, cases[i].auth_en);

      device = hearth_shelly_info_to_device (info, "192.0.2.10", 80);
      g_assert_cmpstr (hearth_device_get_id (device), ==, cases[i].id);
      g_assert_cmpstr (hearth_device_get_family (device), ==, "shelly");
      g_assert_cmpstr (hearth_device_get_name (device), ==, cases[i].device_name);
      g_assert_cmpstr (hearth_device_get_model (device), ==, cases[i].model);
      g_assert_cmpstr (hearth_device_get_firmware (device), ==, cases[i].firmware);
      g_assert_cmpstr (hearth_device_get_host (device), ==, "192.0.2.10");
      g_assert_cmpuint (hearth_device_get_port (device), ==, 80);
    }

  /* The 2PM capture says auth_en: its realm is the id */
  {
    g_autoptr(JsonNode) root = hearth_test_load_fixture (GETSHELLY_FIXTURE);
    g_autoptr(HearthShellyInfo) info = hearth_shelly_info_parse (root, NULL);

    g_assert_cmpstr (info->auth_domain, ==, "shellyplus2pm-aabbccddeeff");
    g_assert_cmpstr (info->mac, ==, "AABBCCDDEEFF");
  }
}

/* Plus 1PM: switch:0 with its meter, named in the config; input:0, script:1
 * and the rest are no controls */
static void
test_fixture_plus1pm (void)
{
  g_autoptr(JsonNode) root = hearth_test_load_fixture (PLUS1PM_FIXTURE);
  g_autoptr(HearthDevice) device = hearth_device_new ("shellyplus1pm-aabbccddeeff", "shelly");
  g_autoptr(GError) error = NULL;
  HearthControl *sw;

  hearth_device_set_name (device, "Something else");
  g_assert_true (hearth_shelly_apply_status (device, member_object (root, "config"),
                                            member_object (root, "status"), &error));
  g_assert_no_error (error);

  /* The device's own name, from sys.device.name */
  g_assert_cmpstr (hearth_device_get_name (device), ==, "Test Name");
  g_assert_cmpuint (n_controls (device), ==, 3);

  sw = control (device, "switch:0");
  g_assert_cmpint (hearth_control_get_kind (sw), ==, HEARTH_CONTROL_KIND_SWITCH);
  g_assert_cmpuint (hearth_control_get_capabilities (sw), ==, HEARTH_CAPABILITY_ON_OFF);
  g_assert_cmpstr (hearth_control_get_name (sw), ==, "Switch Test Name 0");
  g_assert_false (hearth_control_get_on (sw));

  assert_sensor (device, "switch:0/power", "Switch Test Name 0 Power", 0.0, "W", "power");
  /* aenergy.total is in Wh */
  assert_sensor (device, "switch:0/energy", "Switch Test Name 0 Energy", 0.110046, "kWh", "energy");

  /* Without the config the names fall back to the device's */
  {
    g_autoptr(HearthDevice) bare = hearth_device_new ("shellyplus1pm-aabbccddeeff", "shelly");

    hearth_device_set_name (bare, "Kettle");
    g_assert_true (hearth_shelly_apply_status (bare, NULL, member_object (root, "status"), &error));
    g_assert_no_error (error);
    g_assert_cmpstr (hearth_control_get_name (control (bare, "switch:0")), ==, "Kettle");
    g_assert_cmpstr (hearth_control_get_name (control (bare, "switch:0/power")), ==, "Kettle Power");
  }
}

/* Plus RGBW PM in the rgb profile; its GetConfig is under "settings" and
 * rgb:0 has "name": null */
static void
test_fixture_rgbwpm (void)
{
  g_autoptr(JsonNode) root = hearth_test_load_fixture (RPGB_FIXTURE);
  g_autoptr(HearthDevice) device = hearth_device_new ("shellyplusrgbwpm-a0a3b35c7024", "shelly");
  g_autoptr(GError) error = NULL;
  HearthControl *light;

  g_assert_true (hearth_shelly_apply_status (device, member_object (root, "settings"),
                                            member_object (root, "status"), &error));
  g_assert_no_error (error);

  g_assert_cmpstr (hearth_device_get_name (device), ==, "RGBW PM Plus Rgb");
  g_assert_cmpuint (n_controls (device), ==, 3);

  light = control (device, "rgb:0");
  g_assert_cmpint (hearth_control_get_kind (light), ==, HEARTH_CONTROL_KIND_LIGHT);
  g_assert_cmpuint (hearth_control_get_capabilities (light), ==,
                    HEARTH_CAPABILITY_ON_OFF | HEARTH_CAPABILITY_BRIGHTNESS | HEARTH_CAPABILITY_COLOR);
  g_assert_cmpstr (hearth_control_get_name (light), ==, "RGBW PM Plus Rgb");
  g_assert_false (hearth_control_get_on (light));
  g_assert_cmpint (hearth_control_get_brightness (light), ==, 62);
  g_assert_cmpint (hearth_control_get_color (light), ==, 0x3661ff);
  g_assert_cmpint (hearth_control_get_temperature (light), ==, -1);

  /* apower and total are integers (0, 86.182) in this capture */
  assert_sensor (device, "rgb:0/power", "RGBW PM Plus Rgb Power", 0.0, "W", "power");
  assert_sensor (device, "rgb:0/energy", "RGBW PM Plus Rgb Energy", 0.086182, "kWh", "energy");
}

/* The Cover.Close frame: a 401 with the digest challenge in `message` */
static void
test_fixture_auth_failure (void)
{
  g_autoptr(JsonNode) root = hearth_test_load_fixture (COVER401_FIXTURE);
  g_autoptr(HearthShellyFrame) frame = NULL;
  g_autoptr(HearthHttpChallenge) challenge = NULL;
  g_autoptr(JsonObject) auth = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) needs = NULL;
  g_autoptr(GError) bad = NULL;
  g_autofree char *response = NULL;

  frame = hearth_shelly_frame_parse (root, &error);
  g_assert_no_error (error);
  g_assert_cmpint (frame->kind, ==, HEARTH_SHELLY_FRAME_ERROR);
  g_assert_cmpint (frame->id, ==, 18);
  g_assert_cmpstr (frame->src, ==, "shellyplus2pm-485519992590");
  g_assert_cmpint (frame->error_code, ==, 401);
  g_assert_null (frame->result);

  needs = hearth_shelly_frame_to_error (frame, FALSE);
  g_assert_error (needs, HEARTH_ERROR, HEARTH_ERROR_NEEDS_PASSWORD);
  bad = hearth_shelly_frame_to_error (frame, TRUE);
  g_assert_error (bad, HEARTH_ERROR, HEARTH_ERROR_BAD_PASSWORD);

  challenge = hearth_http_challenge_parse_shelly_frame (frame->error_message, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (challenge->realm, ==, "shellyplus2pm-485519992590");
  g_assert_cmpstr (challenge->nonce, ==, "1725185413");
  g_assert_true (challenge->nonce_is_number);
  /* The device's nc 1 is the next to use */
  g_assert_cmpint (challenge->nc + 1, ==, 1);
  g_assert_cmpstr (hearth_http_challenge_get_algorithm_name (challenge), ==, "SHA-256");

  /* Known answers, computed independently (Python hashlib) with
   * HA2 = SHA256("dummy_method:dummy_uri") */
  response = hearth_http_auth_shelly_response (challenge, "admin", "s3cret", 1, "0123456789abcdef");
  g_assert_cmpstr (response, ==, "c9b7886ed6cd95595d540378b32e09df985ca644d2705c12c0f225cefa18fa81");
  g_clear_pointer (&response, g_free);
  response = hearth_http_auth_shelly_response (challenge, "admin", "s3cret", 7, "0123456789abcdef");
  g_assert_cmpstr (response, ==, "ccf11707a5d9bf3d50882e52b0bc6c15365a75f599c004c9ccdfd5dbbc8b88fa");

  /* The auth object to put in the retried frame */
  auth = hearth_http_auth_shelly_frame (challenge, "admin", "s3cret", 1, "0123456789abcdef");
  g_assert_cmpstr (hearth_json_get_string (auth, "realm", NULL), ==, "shellyplus2pm-485519992590");
  g_assert_cmpstr (hearth_json_get_string (auth, "username", NULL), ==, "admin");
  g_assert_true (hearth_json_has (auth, "nonce", JSON_NODE_VALUE));
  g_assert_cmpint (hearth_json_get_int (auth, "nonce", 0), ==, 1725185413);
  g_assert_cmpint (hearth_json_get_int (auth, "nc", 0), ==, 1);
  g_assert_cmpstr (hearth_json_get_string (auth, "cnonce", NULL), ==, "0123456789abcdef");
  g_assert_cmpstr (hearth_json_get_string (auth, "algorithm", NULL), ==, "SHA-256");
  g_assert_cmpstr (hearth_json_get_string (auth, "response", NULL), ==,
                   "c9b7886ed6cd95595d540378b32e09df985ca644d2705c12c0f225cefa18fa81");

  /* The frame that carries it */
  {
    g_autoptr(JsonObject) params = json_object_new ();
    g_autoptr(JsonNode) built = NULL;
    JsonObject *object;

    json_object_set_int_member (params, "id", 0);
    built = hearth_shelly_frame_build (19, "hearth-test", "Cover.Close", params, auth);
    object = json_node_get_object (built);
    g_assert_cmpint (hearth_json_get_int (object, "id", 0), ==, 19);
    g_assert_cmpstr (hearth_json_get_string (object, "src", NULL), ==, "hearth-test");
    g_assert_cmpstr (hearth_json_get_string (object, "method", NULL), ==, "Cover.Close");
    g_assert_cmpint (hearth_json_get_int (hearth_json_get_object (object, "params"), "id", -1), ==, 0);
    g_assert_cmpstr (hearth_json_get_string (hearth_json_get_object (object, "auth"), "response", NULL),
                     ==, "c9b7886ed6cd95595d540378b32e09df985ca644d2705c12c0f225cefa18fa81");
  }
}

/* Gen1 answers /shelly without "gen": another family's */
static void
test_gen1_unsupported (void)
{
  g_auto(GStrv) files = hearth_test_list_fixtures ("shelly-gen1");

  for (guint i = 0; files[i] != NULL; i++)
    {
      g_autoptr(JsonNode) root = hearth_test_load_fixture (files[i]);
      JsonNode *shelly = json_object_get_member (json_node_get_object (root), "shelly");
      g_autoptr(HearthShellyInfo) info = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("%s", files[i]);
      g_assert_nonnull (shelly);
      info = hearth_shelly_info_parse (shelly, &error);
      g_assert_null (info);
      g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED);
    }
}

static void
test_info_bad (void)
{
  static const struct { const char *json; HearthError code; } cases[] = {
    { "[]", HEARTH_ERROR_UNSUPPORTED },
    { "{}", HEARTH_ERROR_UNSUPPORTED },
    { "{\"id\":\"shellyplus1-aa\",\"gen\":\"two\"}", HEARTH_ERROR_UNSUPPORTED },
    { "{\"id\":\"shellyplus1-aa\",\"gen\":1}", HEARTH_ERROR_UNSUPPORTED },
    { "{\"id\":\"shellyplus1-aa\",\"gen\":null}", HEARTH_ERROR_UNSUPPORTED },
    { "{\"gen\":2}", HEARTH_ERROR_BAD_PAYLOAD },
    { "{\"gen\":2,\"id\":42}", HEARTH_ERROR_BAD_PAYLOAD },
    { "{\"gen\":2,\"id\":\"\"}", HEARTH_ERROR_BAD_PAYLOAD },
    { "{\"brand\":\"WLED\",\"mac\":\"aabbccddeeff\"}", HEARTH_ERROR_UNSUPPORTED },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) node = hearth_test_parse_json (cases[i].json);
      g_autoptr(HearthShellyInfo) info = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("%s", cases[i].json);
      info = hearth_shelly_info_parse (node, &error);
      g_assert_null (info);
      g_assert_error (error, HEARTH_ERROR, (int) cases[i].code);
    }

  g_assert_null (hearth_shelly_info_parse (NULL, NULL));

  /* Wrong types for the optional members are just missing */
  {
    g_autoptr(JsonNode) node = hearth_test_parse_json ("{\"gen\":3,\"id\":\"shelly1minig3-aabbccddeeff\","
                                                       "\"name\":7,\"model\":[1],\"ver\":{},\"app\":null,"
                                                       "\"fw_id\":\"20231102-112148/1.0.8-g6a48b7c\","
                                                       "\"auth_en\":\"yes\"}");
    g_autoptr(HearthShellyInfo) info = hearth_shelly_info_parse (node, NULL);
    g_autoptr(HearthDevice) device = NULL;

    g_assert_nonnull (info);
    g_assert_null (info->name);
    g_assert_null (info->model);
    g_assert_cmpstr (info->firmware, ==, "1.0.8-g6a48b7c");
    g_assert_false (info->auth_en);
    device = hearth_shelly_info_to_device (info, NULL, 0);
    g_assert_cmpstr (hearth_device_get_name (device), ==, "Shelly");
  }
}

static void
test_friendly_name (void)
{
  static const struct { const char *app; const char *model; const char *name; } cases[] = {
    { "Plus1PM", "SNSW-001P16EU", "Shelly Plus 1PM" },
    { "Plus2PM", NULL, "Shelly Plus 2PM" },
    { "PlusWallDimmer", NULL, "Shelly Plus Wall Dimmer" },
    { "PlusRGBWPM", NULL, "Shelly Plus RGBWPM" },
    { "PlusHT", NULL, "Shelly Plus HT" },
    { NULL, "SNSW-001P16EU", "Shelly SNSW-001P16EU" },
    { "", "", "Shelly" },
    { NULL, NULL, "Shelly" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = hearth_shelly_friendly_name (cases[i].app, cases[i].model);

      g_assert_cmpstr (name, ==, cases[i].name);
    }
}

/* Every kind of component, written like the firmware's status */
static const char synthetic_config[] =
  "{\"sys\":{\"device\":{\"name\":null}},"
  " \"switch:1\":{\"id\":1,\"name\":\"Porch\"},"
  " \"cct:0\":{\"id\":0,\"name\":\"Desk Lamp\",\"ct_range\":[3000,5000]},"
  " \"cover:0\":{\"id\":0,\"name\":\"\"},"
  " \"temperature:0\":{\"id\":0,\"name\":null}}";

static const char synthetic_status[] =
  "{\"switch:0\":{\"id\":0,\"output\":true,\"apower\":12.5,\"aenergy\":{\"total\":1500}},"
  " \"switch:1\":{\"id\":1,\"output\":false},"
  " \"switch:2\":{\"id\":2,\"output\":true},"
  " \"light:0\":{\"id\":0,\"output\":true,\"brightness\":75.4},"
  " \"rgbw:0\":{\"id\":0,\"output\":true,\"brightness\":10,\"rgb\":[255,128,0],\"white\":20},"
  " \"cct:0\":{\"id\":0,\"output\":false,\"brightness\":40,\"ct\":4000},"
  " \"cover:0\":{\"id\":0,\"state\":\"closing\",\"current_pos\":51,\"pos_control\":true,"
  "              \"apower\":123.1},"
  " \"cover:1\":{\"id\":1,\"state\":\"stopped\",\"current_pos\":null,\"pos_control\":false},"
  " \"temperature:0\":{\"id\":0,\"tC\":21.3,\"tF\":70.3},"
  " \"humidity:0\":{\"id\":0,\"rh\":45},"
  " \"devicepower:0\":{\"id\":0,\"battery\":{\"V\":5.9,\"percent\":87},\"external\":{\"present\":false}},"
  " \"input:0\":{\"id\":0,\"state\":false},"
  " \"em:0\":{\"id\":0},"
  " \"sys\":{\"cfg_rev\":3},\"wifi\":{\"rssi\":-60},\"cloud\":{\"connected\":false},"
  " \"script:1\":{\"id\":1,\"running\":false},"
  " \"switch\":{},\"switch:x\":{},\"switch:-1\":{}}";

static HearthDevice *
synthetic_device (void)
{
  g_autoptr(JsonNode) config = hearth_test_parse_json (synthetic_config);
  g_autoptr(JsonNode) status = hearth_test_parse_json (synthetic_status);
  g_autoptr(GError) error = NULL;
  HearthDevice *device = hearth_device_new ("shellypro-0123456789ab", "shelly");

  hearth_device_set_name (device, "Workshop");
  g_assert_true (hearth_shelly_apply_status (device, json_node_get_object (config),
                                            json_node_get_object (status), &error));
  g_assert_no_error (error);
  return device;
}

static void
test_every_kind (void)
{
  g_autoptr(HearthDevice) device = synthetic_device ();
  HearthControl *c;
  GListModel *controls = hearth_device_get_controls (device);
  static const char * const order[] = {
    "switch:0", "switch:0/power", "switch:0/energy", "switch:1", "switch:2",
    "cover:0", "cover:0/power", "cover:1", "light:0", "rgbw:0", "cct:0",
    "temperature:0", "humidity:0", "devicepower:0/battery",
  };

  /* A config name of null keeps the device's name */
  g_assert_cmpstr (hearth_device_get_name (device), ==, "Workshop");

  /* Grouped by kind, in channel order, each meter after its output */
  g_assert_cmpuint (g_list_model_get_n_items (controls), ==, G_N_ELEMENTS (order));
  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      g_autoptr(HearthControl) item = g_list_model_get_item (controls, i);

      g_assert_cmpstr (hearth_control_get_id (item), ==, order[i]);
    }

  c = control (device, "switch:0");
  g_assert_cmpstr (hearth_control_get_name (c), ==, "Workshop");
  g_assert_true (hearth_control_get_on (c));
  assert_sensor (device, "switch:0/power", "Workshop Power", 12.5, "W", "power");
  assert_sensor (device, "switch:0/energy", "Workshop Energy", 1.5, "kWh", "energy");
  g_assert_cmpstr (hearth_control_get_name (control (device, "switch:1")), ==, "Porch");
  g_assert_cmpstr (hearth_control_get_name (control (device, "switch:2")), ==, "Workshop 3");

  c = control (device, "light:0");
  g_assert_cmpint (hearth_control_get_kind (c), ==, HEARTH_CONTROL_KIND_LIGHT);
  g_assert_cmpuint (hearth_control_get_capabilities (c), ==,
                    HEARTH_CAPABILITY_ON_OFF | HEARTH_CAPABILITY_BRIGHTNESS);
  g_assert_cmpint (hearth_control_get_brightness (c), ==, 75);

  c = control (device, "rgbw:0");
  g_assert_cmpuint (hearth_control_get_capabilities (c), ==,
                    HEARTH_CAPABILITY_ON_OFF | HEARTH_CAPABILITY_BRIGHTNESS | HEARTH_CAPABILITY_COLOR);
  g_assert_cmpint (hearth_control_get_color (c), ==, 0xff8000);
  g_assert_cmpint (hearth_control_get_brightness (c), ==, 10);

  c = control (device, "cct:0");
  g_assert_cmpstr (hearth_control_get_name (c), ==, "Desk Lamp");
  g_assert_cmpuint (hearth_control_get_capabilities (c), ==,
                    HEARTH_CAPABILITY_ON_OFF | HEARTH_CAPABILITY_BRIGHTNESS | HEARTH_CAPABILITY_TEMPERATURE);
  g_assert_false (hearth_control_get_on (c));
  g_assert_cmpint (hearth_control_get_temperature (c), ==, 4000);
  g_assert_cmpint (hearth_control_get_temperature_min (c), ==, 3000);
  g_assert_cmpint (hearth_control_get_temperature_max (c), ==, 5000);

  c = control (device, "cover:0");
  g_assert_cmpint (hearth_control_get_kind (c), ==, HEARTH_CONTROL_KIND_COVER);
  g_assert_cmpstr (hearth_control_get_name (c), ==, "Workshop");   /* "" is no name */
  g_assert_cmpuint (hearth_control_get_capabilities (c), ==, HEARTH_CAPABILITY_POSITION);
  g_assert_cmpint (hearth_control_get_position (c), ==, 51);
  g_assert_cmpint (hearth_control_get_cover_state (c), ==, HEARTH_COVER_STATE_CLOSING);
  assert_sensor (device, "cover:0/power", "Workshop Power", 123.1, "W", "power");

  /* Not calibrated: no position */
  c = control (device, "cover:1");
  g_assert_cmpstr (hearth_control_get_name (c), ==, "Workshop 2");
  g_assert_cmpuint (hearth_control_get_capabilities (c), ==, HEARTH_CAPABILITY_NONE);
  g_assert_cmpint (hearth_control_get_position (c), ==, -1);
  g_assert_cmpint (hearth_control_get_cover_state (c), ==, HEARTH_COVER_STATE_STOPPED);

  assert_sensor (device, "temperature:0", "Workshop Temperature", 21.3, "°C", "temperature");
  assert_sensor (device, "humidity:0", "Workshop Humidity", 45, "%", "humidity");
  assert_sensor (device, "devicepower:0/battery", "Workshop Battery", 87, "%", "battery");
}

/* NotifyStatus: deltas overlay the cached status; null removes */
static void
test_notify_merge (void)
{
  g_autoptr(JsonNode) root = hearth_test_load_fixture (PLUS1PM_FIXTURE);
  g_autoptr(JsonNode) status_node = json_node_copy (json_object_get_member (json_node_get_object (root),
                                                                            "status"));
  g_autoptr(HearthDevice) device = hearth_device_new ("shellyplus1pm-aabbccddeeff", "shelly");
  g_autoptr(JsonNode) delta = NULL;
  g_autoptr(JsonNode) gone = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *config = member_object (root, "config");
  JsonObject *status;
  JsonObject *sw;

  /* Work on a private copy: the merge changes it in place */
  {
    g_autofree char *text = json_to_string (status_node, FALSE);

    g_clear_pointer (&status_node, json_node_unref);
    status_node = hearth_test_parse_json (text);
  }
  status = json_node_get_object (status_node);

  g_assert_true (hearth_shelly_apply_status (device, config, status, &error));
  g_assert_false (hearth_control_get_on (control (device, "switch:0")));

  delta = hearth_test_parse_json ("{\"ts\":1707326940.51,"
                                  " \"switch:0\":{\"id\":0,\"output\":true,\"source\":\"button\",\"apower\":803.2,"
                                  "               \"aenergy\":{\"total\":112.5}}}");
  hearth_shelly_status_merge (status, json_node_get_object (delta));
  g_assert_false (json_object_has_member (status, "ts"));

  /* Untouched members stay: voltage, aenergy.by_minute */
  sw = hearth_json_get_object (status, "switch:0");
  g_assert_cmpfloat (hearth_json_get_double (sw, "voltage", 0), ==, 232.8);
  g_assert_nonnull (hearth_json_get_array (hearth_json_get_object (sw, "aenergy"), "by_minute"));
  g_assert_cmpstr (hearth_json_get_string (sw, "source", NULL), ==, "button");

  g_assert_true (hearth_shelly_apply_status (device, config, status, &error));
  g_assert_no_error (error);
  g_assert_true (hearth_control_get_on (control (device, "switch:0")));
  assert_sensor (device, "switch:0/power", "Switch Test Name 0 Power", 803.2, "W", "power");
  assert_sensor (device, "switch:0/energy", "Switch Test Name 0 Energy", 0.1125, "kWh", "energy");

  /* A reading that disappears, then a whole component */
  gone = hearth_test_parse_json ("{\"switch:0\":{\"apower\":null}}");
  hearth_shelly_status_merge (status, json_node_get_object (gone));
  g_assert_true (hearth_shelly_apply_status (device, config, status, &error));
  g_assert_null (hearth_device_find_control (device, "switch:0/power"));
  g_assert_nonnull (hearth_device_find_control (device, "switch:0/energy"));
  g_clear_pointer (&gone, json_node_unref);

  gone = hearth_test_parse_json ("{\"switch:0\":null}");
  hearth_shelly_status_merge (status, json_node_get_object (gone));
  g_assert_true (hearth_shelly_apply_status (device, config, status, &error));
  g_assert_cmpuint (n_controls (device), ==, 0);

  /* A new component appears */
  g_clear_pointer (&delta, json_node_unref);
  delta = hearth_test_parse_json ("{\"light:0\":{\"id\":0,\"output\":true,\"brightness\":20}}");
  hearth_shelly_status_merge (status, json_node_get_object (delta));
  g_assert_true (hearth_shelly_apply_status (device, config, status, &error));
  g_assert_cmpint (hearth_control_get_brightness (control (device, "light:0")), ==, 20);
}

/* A bad status changes nothing and says why */
static void
test_status_bad (void)
{
  static const char * const bad[] = {
    "{\"switch:0\":\"on\"}",
    "{\"switch:0\":{\"id\":0,\"output\":true},\"cover:0\":[1,2]}",
    "{\"temperature:0\":null}",
  };
  g_autoptr(HearthDevice) device = synthetic_device ();
  guint before = n_controls (device);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(JsonNode) node = hearth_test_parse_json (bad[i]);
      g_autoptr(GError) error = NULL;

      g_test_message ("%s", bad[i]);
      g_assert_false (hearth_shelly_apply_status (device, NULL, json_node_get_object (node), &error));
      g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD);
      g_assert_cmpuint (n_controls (device), ==, before);
      g_assert_true (hearth_control_get_on (control (device, "switch:0")));
    }

  {
    g_autoptr(GError) error = NULL;

    g_assert_false (hearth_shelly_apply_status (device, NULL, NULL, &error));
    g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD);
  }

  /* Wrong types inside a component: the value stays unknown, no CRITICAL */
  {
    g_autoptr(HearthDevice) fresh = hearth_device_new ("shellyx-000000000000", "shelly");
    g_autoptr(JsonNode) config = hearth_test_parse_json ("{\"sys\":[],\"rgb:0\":{\"name\":5},\"cct:0\":{\"ct_range\":[9000,10]}}");
    g_autoptr(JsonNode) node = hearth_test_parse_json ("{\"switch:0\":{\"output\":\"yes\",\"apower\":\"12\","
                                                       "               \"aenergy\":{\"total\":null}},"
                                                       " \"rgb:0\":{\"brightness\":\"x\",\"rgb\":[1,2],\"output\":1},"
                                                       " \"cct:0\":{\"ct\":-5,\"brightness\":1e9},"
                                                       " \"cover:0\":{\"current_pos\":\"50\",\"pos_control\":\"true\",\"state\":7},"
                                                       " \"temperature:0\":{\"tC\":null},"
                                                       " \"humidity:0\":{\"rh\":\"wet\"},"
                                                       " \"devicepower:0\":{\"battery\":5}}");
    g_autoptr(GError) error = NULL;
    HearthControl *c;

    hearth_device_set_name (fresh, "Odd");
    g_assert_true (hearth_shelly_apply_status (fresh, json_node_get_object (config),
                                              json_node_get_object (node), &error));
    g_assert_no_error (error);
    g_assert_null (hearth_device_find_control (fresh, "switch:0/power"));
    g_assert_null (hearth_device_find_control (fresh, "switch:0/energy"));
    g_assert_null (hearth_device_find_control (fresh, "temperature:0"));
    g_assert_null (hearth_device_find_control (fresh, "humidity:0"));
    g_assert_null (hearth_device_find_control (fresh, "devicepower:0/battery"));
    c = control (fresh, "rgb:0");
    g_assert_cmpstr (hearth_control_get_name (c), ==, "Odd");
    g_assert_cmpint (hearth_control_get_brightness (c), ==, -1);
    g_assert_cmpint (hearth_control_get_color (c), ==, -1);
    c = control (fresh, "cct:0");
    g_assert_cmpint (hearth_control_get_brightness (c), ==, 100);
    g_assert_cmpint (hearth_control_get_temperature (c), ==, -1);
    g_assert_cmpint (hearth_control_get_temperature_min (c), ==, 2700);
    g_assert_cmpint (hearth_control_get_temperature_max (c), ==, 6500);
    c = control (fresh, "cover:0");
    g_assert_cmpuint (hearth_control_get_capabilities (c), ==, HEARTH_CAPABILITY_NONE);
  }
}

static void
test_frames (void)
{
  static const struct { const char *json; HearthShellyFrameKind kind; gint64 id; } good[] = {
    { "{\"id\":1,\"src\":\"shellyplus1-a\",\"dst\":\"me\",\"result\":{\"was_on\":true}}",
      HEARTH_SHELLY_FRAME_RESULT, 1 },
    { "{\"id\":\"7\",\"result\":null}", HEARTH_SHELLY_FRAME_RESULT, 7 },
    { "{\"id\":3}", HEARTH_SHELLY_FRAME_RESULT, 3 },
    { "{\"id\":4,\"error\":{\"code\":-103,\"message\":\"Invalid argument 'id'\"}}",
      HEARTH_SHELLY_FRAME_ERROR, 4 },
    { "{\"src\":\"shellyplus1-a\",\"dst\":\"me\",\"method\":\"NotifyStatus\","
      "\"params\":{\"ts\":1631186545.04,\"switch:0\":{\"id\":0,\"output\":true}}}",
      HEARTH_SHELLY_FRAME_NOTIFICATION, -1 },
  };
  static const char * const bad[] = {
    "[]", "{}", "{\"src\":\"x\"}", "{\"id\":1,\"error\":\"boom\"}", "{\"method\":5}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(HearthShellyFrame) frame = NULL;
      g_autoptr(GError) error = NULL;

      frame = hearth_shelly_frame_parse_data (good[i].json, strlen (good[i].json), &error);
      g_assert_no_error (error);
      g_assert_cmpint (frame->kind, ==, good[i].kind);
      g_assert_cmpint (frame->id, ==, good[i].id);
    }

  {
    const char *text = good[3].json;
    g_autoptr(HearthShellyFrame) frame = hearth_shelly_frame_parse_data (text, strlen (text), NULL);
    g_autoptr(GError) error = hearth_shelly_frame_to_error (frame, FALSE);

    g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_DEVICE);
    g_assert_nonnull (strstr (error->message, "Invalid argument 'id'"));
  }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(HearthShellyFrame) frame = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("%s", bad[i]);
      frame = hearth_shelly_frame_parse_data (bad[i], strlen (bad[i]), &error);
      g_assert_null (frame);
      g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD);
    }

  /* Not JSON at all */
  {
    g_autoptr(GError) error = NULL;
    const char garbage[] = "{\"id\":1,\"result\":{\"on\":tru<html>";

    g_assert_null (hearth_shelly_frame_parse_data (garbage, sizeof garbage - 1, &error));
    g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD);
  }
}

/* An id that is no gint64 is no id (it was cast from a double: undefined
 * behaviour; found by tests/fuzz/fuzz-shelly: crashes/shelly/id-1e82) */
static void
test_frame_ids (void)
{
  struct { const char *json; gint64 id; } cases[] = {
    { "{\"id\":1E82,\"src\":\"x\",\"error\":{\"code\":401,\"message\":\"no\"}}", -1 },
    { "{\"id\":-1e300,\"result\":{}}", -1 },
    { "{\"id\":9223372036854775808.0,\"result\":{}}", -1 },
    { "{\"id\":7.5,\"result\":{}}", -1 },
    { "{\"id\":7.0,\"result\":{}}", 7 },
    { "{\"id\":\"12\",\"result\":{}}", 12 },
    { "{\"id\":\"12x\",\"result\":{}}", -1 },
    { "{\"id\":9007199254740993,\"result\":{}}", 9007199254740993 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(HearthShellyFrame) frame = hearth_shelly_frame_parse_data (cases[i].json, strlen (cases[i].json), &error);

      g_assert_no_error (error);
      g_assert_nonnull (frame);
      g_assert_cmpint (frame->id, ==, cases[i].id);
    }
}

static void
test_challenge_bad (void)
{
  static const struct { const char *message; HearthError code; } cases[] = {
    { "not json", HEARTH_ERROR_BAD_PAYLOAD },
    { "[1]", HEARTH_ERROR_BAD_PAYLOAD },
    { "{\"realm\":\"x\"}", HEARTH_ERROR_BAD_PAYLOAD },
    { "{\"nonce\":1}", HEARTH_ERROR_BAD_PAYLOAD },
    { "{\"realm\":\"x\",\"nonce\":{}}", HEARTH_ERROR_BAD_PAYLOAD },
    { "{\"realm\":\"x\",\"nonce\":true}", HEARTH_ERROR_BAD_PAYLOAD },
    { "{\"realm\":\"x\",\"nonce\":\"\"}", HEARTH_ERROR_BAD_PAYLOAD },
    { "{\"realm\":\"x\",\"nonce\":1,\"algorithm\":\"MD5\"}", HEARTH_ERROR_UNSUPPORTED },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(HearthHttpChallenge) challenge = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("%s", cases[i].message);
      challenge = hearth_http_challenge_parse_shelly_frame (cases[i].message, &error);
      g_assert_null (challenge);
      g_assert_error (error, HEARTH_ERROR, (int) cases[i].code);
    }

  g_assert_null (hearth_http_challenge_parse_shelly_frame (NULL, NULL));

  /* The Wall Display sends nc as a string; some nonces are strings */
  {
    g_autoptr(HearthHttpChallenge) challenge =
      hearth_http_challenge_parse_shelly_frame ("{\"auth_type\":\"digest\",\"nonce\":\"60a3f\",\"nc\":\"3\","
                                     "\"realm\":\"shellywalldisplay-00082261e102\"}", NULL);
    g_autoptr(JsonObject) auth = NULL;

    g_assert_nonnull (challenge);
    g_assert_cmpstr (challenge->nonce, ==, "60a3f");
    g_assert_false (challenge->nonce_is_number);
    g_assert_cmpint (challenge->nc + 1, ==, 3);
    auth = hearth_http_auth_shelly_frame (challenge, "admin", "pw", 3, "abc");
    g_assert_cmpstr (hearth_json_get_string (auth, "nonce", NULL), ==, "60a3f");
  }
}

static HearthControl *
make_control (const char         *id,
              HearthControlKind   kind,
              HearthCapabilities  caps)
{
  HearthControl *c = hearth_control_new (id, kind, "Test");

  hearth_control_set_capabilities (c, caps);
  return c;
}

static char *
to_rpc (HearthControl  *c,
        HearthChange   *change,
        GError        **error)
{
  g_autofree char *method = NULL;
  g_autoptr(JsonObject) params = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;

  if (!hearth_shelly_change_to_rpc (c, change, &method, &params, error))
    return NULL;

  node = json_node_init_object (json_node_alloc (), params);
  text = json_to_string (node, FALSE);
  return g_strdup_printf ("%s %s", method, text);
}

static void
check_rpc (HearthControl *c,
           HearthChange  *change,
           const char    *expected)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *got = to_rpc (c, change, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (got, ==, expected);
}

static void
check_unsupported (HearthControl *c,
                   HearthChange  *change)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *got = to_rpc (c, change, &error);

  g_assert_null (got);
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED);
}

static void
test_changes (void)
{
  g_autoptr(HearthControl) sw = make_control ("switch:1", HEARTH_CONTROL_KIND_SWITCH,
                                              HEARTH_CAPABILITY_ON_OFF);
  g_autoptr(HearthControl) light = make_control ("light:0", HEARTH_CONTROL_KIND_LIGHT,
                                                 HEARTH_CAPABILITY_ON_OFF | HEARTH_CAPABILITY_BRIGHTNESS);
  g_autoptr(HearthControl) rgb = make_control ("rgb:0", HEARTH_CONTROL_KIND_LIGHT,
                                               HEARTH_CAPABILITY_ON_OFF | HEARTH_CAPABILITY_BRIGHTNESS |
                                               HEARTH_CAPABILITY_COLOR);
  g_autoptr(HearthControl) rgbw = make_control ("rgbw:2", HEARTH_CONTROL_KIND_LIGHT,
                                                HEARTH_CAPABILITY_ON_OFF | HEARTH_CAPABILITY_COLOR);
  g_autoptr(HearthControl) cct = make_control ("cct:0", HEARTH_CONTROL_KIND_LIGHT,
                                               HEARTH_CAPABILITY_ON_OFF | HEARTH_CAPABILITY_TEMPERATURE);
  g_autoptr(HearthControl) cover = make_control ("cover:0", HEARTH_CONTROL_KIND_COVER,
                                                 HEARTH_CAPABILITY_POSITION);
  g_autoptr(HearthControl) uncalibrated = make_control ("cover:1", HEARTH_CONTROL_KIND_COVER,
                                                        HEARTH_CAPABILITY_NONE);
  g_autoptr(HearthControl) sensor = make_control ("switch:0/power", HEARTH_CONTROL_KIND_SENSOR,
                                                  HEARTH_CAPABILITY_VALUE);
  g_autoptr(HearthChange) change = hearth_change_new ();

  hearth_control_set_temperature_range (cct, 2700, 6500);

  change->fields = HEARTH_CHANGE_ON;
  change->on = TRUE;
  check_rpc (sw, change, "Switch.Set {\"id\":1,\"on\":true}");
  check_rpc (light, change, "Light.Set {\"id\":0,\"on\":true}");
  check_unsupported (cover, change);
  check_unsupported (sensor, change);

  change->fields = HEARTH_CHANGE_BRIGHTNESS;
  change->brightness = 40;
  check_rpc (light, change, "Light.Set {\"id\":0,\"brightness\":40}");
  check_unsupported (sw, change);
  change->brightness = 0;
  check_rpc (rgb, change, "RGB.Set {\"id\":0,\"on\":false}");

  change->fields = HEARTH_CHANGE_ON | HEARTH_CHANGE_BRIGHTNESS | HEARTH_CHANGE_COLOR;
  change->on = TRUE;
  change->brightness = 55;
  change->color = 0x48525c;
  check_rpc (rgb, change, "RGB.Set {\"id\":0,\"brightness\":55,\"on\":true,\"rgb\":[72,82,92]}");
  check_rpc (rgbw, change, "RGBW.Set {\"id\":2,\"brightness\":55,\"on\":true,\"rgb\":[72,82,92]}");
  check_unsupported (light, change);
  check_unsupported (cct, change);

  change->fields = HEARTH_CHANGE_TEMPERATURE;
  change->temperature = 4000;
  check_rpc (cct, change, "CCT.Set {\"id\":0,\"ct\":4000}");
  change->temperature = 9000;   /* clamped to the range */
  check_rpc (cct, change, "CCT.Set {\"id\":0,\"ct\":6500}");
  check_unsupported (rgb, change);

  change->fields = HEARTH_CHANGE_COVER;
  change->cover = HEARTH_COVER_ACTION_OPEN;
  check_rpc (cover, change, "Cover.Open {\"id\":0}");
  change->cover = HEARTH_COVER_ACTION_CLOSE;
  check_rpc (cover, change, "Cover.Close {\"id\":0}");
  change->cover = HEARTH_COVER_ACTION_STOP;
  check_rpc (uncalibrated, change, "Cover.Stop {\"id\":1}");
  check_unsupported (sw, change);

  change->fields = HEARTH_CHANGE_POSITION;
  change->position = 30;
  check_rpc (cover, change, "Cover.GoToPosition {\"id\":0,\"pos\":30}");
  check_unsupported (uncalibrated, change);

  change->fields = HEARTH_CHANGE_EFFECT;
  check_unsupported (rgb, change);

  change->fields = 0;
  check_unsupported (sw, change);
}

static void
test_split_key (void)
{
  g_autofree char *component = NULL;
  int index = -1;

  g_assert_true (hearth_shelly_split_key ("switch:12", &component, &index));
  g_assert_cmpstr (component, ==, "switch");
  g_assert_cmpint (index, ==, 12);
  g_assert_false (hearth_shelly_split_key ("switch", NULL, NULL));
  g_assert_false (hearth_shelly_split_key ("switch:", NULL, NULL));
  g_assert_false (hearth_shelly_split_key (":1", NULL, NULL));
  g_assert_false (hearth_shelly_split_key ("switch:-1", NULL, NULL));
  g_assert_false (hearth_shelly_split_key ("switch:1x", NULL, NULL));
  g_assert_false (hearth_shelly_split_key ("switch:0/power", NULL, NULL));
  g_assert_false (hearth_shelly_split_key ("switch:99999999999", NULL, NULL));
  g_assert_false (hearth_shelly_split_key (NULL, NULL, NULL));
}

/* Which mDNS records the driver takes; no I/O */
static void
test_driver_claims (void)
{
  g_autoptr(HearthDriver) driver = g_object_new (HEARTH_TYPE_SHELLY_DRIVER, NULL);
  const char *gen2[] = { "gen=2", "app=Plus1PM", "ver=1.4.4", "id=shellyplus1pm-a8032ab1c2d3", NULL };
  const char *gen4[] = { "gen=4", NULL };
  const char *none[] = { "path=/", NULL };
  const char *gen1ish[] = { "gen=1", NULL };
  const struct
  {
    const char  *type;
    const char  *name;
    const char **txt;
    gboolean     claimed;
    const char  *id;
  } cases[] = {
    { "_shelly._tcp", "shellyplus1pm-a8032ab1c2d3", gen2, TRUE, "shellyplus1pm-a8032ab1c2d3" },
    { "_http._tcp", "shellyplus1pm-a8032ab1c2d3", gen2, TRUE, "shellyplus1pm-a8032ab1c2d3" },
    { "_http._tcp", "ShellyPlugUS-C049EF8873E8", none, TRUE, NULL },
    { "_http._tcp", "Living room plug", gen4, TRUE, NULL },
    { "_http._tcp", "Office printer", none, FALSE, NULL },
    { "_http._tcp", "Office printer", gen1ish, FALSE, NULL },
    { "_wled._tcp", "shelly-lookalike", gen2, FALSE, "shellyplus1pm-a8032ab1c2d3" },
  };

  g_assert_cmpstr (hearth_driver_get_family (driver), ==, "shelly");
  g_assert_cmpuint (hearth_driver_get_default_port (driver), ==, 80);
  g_assert_true (g_strv_contains (hearth_driver_get_service_types (driver), "_shelly._tcp"));
  g_assert_true (g_strv_contains (hearth_driver_get_service_types (driver), "_http._tcp"));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(HearthService) service = hearth_service_new (cases[i].type, cases[i].name,
                                                             "dev.local", "192.0.2.20", 80,
                                                             cases[i].txt);
      g_autofree char *id = hearth_driver_get_service_id (driver, service);

      g_test_message ("%s %s", cases[i].type, cases[i].name);
      g_assert_cmpint (hearth_driver_claims_service (driver, service), ==, cases[i].claimed);
      if (cases[i].claimed)
        g_assert_cmpstr (id, ==, cases[i].id);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/shelly/fixtures/listed", test_fixtures_listed);
  g_test_add_func ("/shelly/fixtures/info", test_fixtures_info);
  g_test_add_func ("/shelly/fixtures/plus1pm", test_fixture_plus1pm);
  g_test_add_func ("/shelly/fixtures/rgbwpm", test_fixture_rgbwpm);
  g_test_add_func ("/shelly/fixtures/auth-failure", test_fixture_auth_failure);
  g_test_add_func ("/shelly/fixtures/gen1-unsupported", test_gen1_unsupported);
  g_test_add_func ("/shelly/info/bad", test_info_bad);
  g_test_add_func ("/shelly/info/friendly-name", test_friendly_name);
  g_test_add_func ("/shelly/status/every-kind", test_every_kind);
  g_test_add_func ("/shelly/status/notify-merge", test_notify_merge);
  g_test_add_func ("/shelly/status/bad", test_status_bad);
  g_test_add_func ("/shelly/frames", test_frames);
  g_test_add_func ("/shelly/frames/ids", test_frame_ids);
  g_test_add_func ("/shelly/challenge/bad", test_challenge_bad);
  g_test_add_func ("/shelly/changes", test_changes);
  g_test_add_func ("/shelly/split-key", test_split_key);
  g_test_add_func ("/shelly/driver/claims", test_driver_claims);

  return g_test_run ();
}
