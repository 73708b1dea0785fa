/* test-esphome-live.c: the ESPHome driver and link against hearth-sim, over real sockets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "hearth-test-utils.h"
#include "hearth-esphome-driver.h"
#include "hearth-esphome-link.h"

/* The simulator's entities, as their control ids */
#define PUMP     "switch/Irrigation Pump"
#define LIGHT    "light/Grow Light"
#define VENT     "cover/Vent Window"
#define FAN      "fan/Circulation Fan"
#define AIR      "sensor/Air Temperature"
#define SOIL     "sensor/Soil Humidity"
#define DOOR     "binary_sensor/Door"
#define RESTART  "button/Restart"
#define MODE     "select/Mode"

/* The node's web password (user "admin"), with a space in it */
#define PASSWORD "s3cret pass"

typedef struct
{
  HearthTestLive             live;
  const HearthTestSimDevice *node;
  HearthDevice              *device;
  HearthLink                *link;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  const char *variant = data;
  g_autofree char *spec = g_strdup_printf ("esphome:%s=Greenhouse Node", variant ? variant : "new-ids");
  HearthTestSim *sim;

  if (variant != NULL && g_str_equal (variant, "password"))
    sim = hearth_test_sim_start ("--device", "esphome=Greenhouse Node",
                                 "--password", PASSWORD, NULL);
  else
    sim = hearth_test_sim_start ("--device", spec, "--wled", "1", NULL);
  hearth_test_live_set_up (&fixture->live, sim, HEARTH_TYPE_ESPHOME_DRIVER);
  fixture->node = hearth_test_sim_require (sim, "esphome", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  /* A link still running is finalized at once when stopped */
  if (fixture->link != NULL)
    hearth_test_stop_link (g_steal_pointer (&fixture->link), 0);
  g_clear_object (&fixture->device);
  hearth_test_live_tear_down (&fixture->live);
}

static HearthService *
service_for (const char         *type,
             const char         *host,
             guint16             port,
             const char * const *txt)
{
  return hearth_service_new (type, "greenhouse-node", host, "127.0.0.1", port, txt);
}

/* Identification as mDNS found @service: at 127.0.0.1, on its port */
static HearthDevice *
identify (Fixture        *fixture,
          HearthService  *service,
          GError        **error)
{
  g_autoptr(HearthHttpQueue) queue = hearth_http_get_queue (fixture->live.http, "127.0.0.1",
                                                            hearth_service_get_port (service));
  g_autoptr(GAsyncResult) result = NULL;

  hearth_driver_identify_async (fixture->live.driver, queue, service, NULL,
                                hearth_test_store_result, &result);
  hearth_test_await_result (&result, 15000);

  return hearth_driver_identify_finish (fixture->live.driver, result, error);
}

static const char **
node_txt (Fixture *fixture)
{
  static char *txt[7];
  g_autofree char *mac = g_strdup_printf ("mac=%s", fixture->node->id);

  for (guint i = 0; i < G_N_ELEMENTS (txt); i++)
    g_clear_pointer (&txt[i], g_free);
  txt[0] = g_strdup ("friendly_name=Greenhouse Node");
  txt[1] = g_strdup ("version=2026.8.1");
  txt[2] = g_steal_pointer (&mac);
  txt[3] = g_strdup ("platform=ESP32");
  txt[4] = g_strdup ("board=esp32dev");
  txt[5] = g_strdup ("network=wifi");
  return (const char **) txt;
}

/* Identification as mDNS finds the node: _esphomelib (native API port)
 * and _http (the web server) on the same host */
static HearthDevice *
identify_node (Fixture  *fixture,
               GError  **error)
{
  g_autoptr(HearthService) api = service_for ("_esphomelib._tcp", "greenhouse-node.local", 6053,
                                              node_txt (fixture));
  g_autoptr(HearthService) http = service_for ("_http._tcp", "greenhouse-node.local",
                                               fixture->node->port, NULL);

  g_assert_true (hearth_driver_claims_service (fixture->live.driver, api));
  g_assert_true (hearth_driver_claims_service (fixture->live.driver, http));
  return identify (fixture, api, error);
}

/* Identifies the node as mDNS finds it and starts its link (polling every
 * 300 ms when its stream is down) with that login, or none stored */
static void
connect_node (Fixture    *fixture,
              const char *username,
              const char *password)
{
  const HearthTestLinkSetup setup = {
    .link_type = HEARTH_TYPE_ESPHOME_LINK,
    .poll_ms = 300,
    .username = username,
    .password = password,
    .set_credentials = TRUE,
  };
  g_autoptr(GError) error = NULL;

  fixture->device = identify_node (fixture, &error);
  g_assert_no_error (error);
  fixture->link = hearth_test_live_start_link (&fixture->live, fixture->device, &setup);
}

/* Online, and the state pushed over the node's event stream */
static gboolean
await_pushing (Fixture *fixture,
               guint    timeout_ms)
{
  return hearth_test_await_online (fixture->device, HEARTH_LIVE_PUSH, NULL, timeout_ms);
}

static void
connect_online (Fixture *fixture)
{
  connect_node (fixture, NULL, NULL);
  g_assert_true (await_pushing (fixture, 5000));
}

static HearthControl *
control (Fixture    *fixture,
         const char *id)
{
  HearthControl *found = hearth_device_find_control (fixture->device, id);

  if (found == NULL)
    g_error ("no control %s", id);
  return found;
}

/* The simulator's own state for entity @name */
static JsonObject *
sim_entity (Fixture    *fixture,
            const char *name)
{
  g_autoptr(JsonObject) state = hearth_test_sim_get_state_object (fixture->node);
  JsonObject *entities = json_object_get_object_member (state, "entities");

  g_assert_nonnull (entities);
  g_assert_true (json_object_has_member (entities, name));
  return json_object_ref (json_object_get_object_member (entities, name));
}

static gint64
sim_presses (Fixture *fixture)
{
  g_autoptr(JsonObject) state = hearth_test_sim_get_state_object (fixture->node);
  JsonObject *presses = json_object_get_object_member (state, "presses");

  return json_object_get_int_member_with_default (presses, "Restart", -1);
}

/* Tests */

static void
test_driver (Fixture       *fixture,
             gconstpointer  data)
{
  const char *txt[] = { "friendly_name=Greenhouse Node", "mac=a8032ab1c2d3", "version=2026.8.1", NULL };
  g_autoptr(HearthService) api = service_for ("_esphomelib._tcp", "greenhouse.local", 6053, txt);
  g_autoptr(HearthService) http = service_for ("_http._tcp", "greenhouse.local", 8080, NULL);
  g_autoptr(HearthService) other_http = service_for ("_http._tcp", "printer.local", 80, NULL);
  g_autofree char *id = NULL;

  g_assert_cmpstr (hearth_driver_get_family (fixture->live.driver), ==, "esphome");
  g_assert_cmpuint (hearth_driver_get_default_port (fixture->live.driver), ==, 80);
  /* Logins have a user name; the one ESPHome's documentation shows */
  g_assert_cmpstr (hearth_driver_get_default_username (fixture->live.driver), ==, "admin");
  g_assert_false (hearth_driver_can_pair (fixture->live.driver));

  /* Any _http._tcp is noise until its host announced _esphomelib */
  g_assert_false (hearth_driver_claims_service (fixture->live.driver, http));
  g_assert_true (hearth_driver_claims_service (fixture->live.driver, api));
  g_assert_true (hearth_driver_claims_service (fixture->live.driver, http));
  g_assert_false (hearth_driver_claims_service (fixture->live.driver, other_http));

  /* No id from the TXT: the engine would move the device to port 6053 */
  id = hearth_driver_get_service_id (fixture->live.driver, api);
  g_assert_null (id);
}

static void
test_identify (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HearthDevice) device = identify_node (fixture, &error);
  g_autoptr(HearthDevice) none = NULL;
  const HearthTestSimDevice *wled = hearth_test_sim_require (fixture->live.sim, "wled", NULL);
  g_autoptr(HearthService) wled_api = NULL;
  g_autoptr(HearthService) wled_http = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (hearth_device_get_id (device), ==, fixture->node->id);
  g_assert_cmpstr (hearth_device_get_family (device), ==, "esphome");
  g_assert_cmpstr (hearth_device_get_name (device), ==, "Greenhouse Node");
  g_assert_cmpstr (hearth_device_get_model (device), ==, "esp32dev (ESP32)");
  g_assert_cmpstr (hearth_device_get_firmware (device), ==, "2026.8.1");
  /* The web server's address, not the native API's */
  g_assert_cmpstr (hearth_device_get_host (device), ==, "127.0.0.1");
  g_assert_cmpuint (hearth_device_get_port (device), ==, fixture->node->port);

  /* Also when _http came first */
  g_clear_object (&fixture->live.driver);
  fixture->live.driver = g_object_new (HEARTH_TYPE_ESPHOME_DRIVER, NULL);
  {
    g_autoptr(HearthService) http = service_for ("_http._tcp", "greenhouse-node.local",
                                                 fixture->node->port, NULL);
    g_autoptr(HearthService) api = service_for ("_esphomelib._tcp", "greenhouse-node.local", 6053,
                                                node_txt (fixture));
    g_autoptr(HearthDevice) again = NULL;

    g_assert_false (hearth_driver_claims_service (fixture->live.driver, http));
    g_assert_true (hearth_driver_claims_service (fixture->live.driver, api));
    again = identify (fixture, api, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (hearth_device_get_port (again), ==, fixture->node->port);
  }

  /* Added by address: no TXT; the wifi_info MAC text sensor in the burst */
  {
    g_autoptr(HearthDevice) by_address = hearth_test_live_identify (&fixture->live, fixture->node,
                                                                    NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (hearth_device_get_id (by_address), ==, fixture->node->id);
    g_assert_cmpstr (hearth_device_get_name (by_address), ==, "Greenhouse Node");
    g_assert_cmpstr (hearth_device_get_firmware (by_address), ==, "2026.8.1");
    g_assert_cmpuint (hearth_device_get_port (by_address), ==, fixture->node->port);
  }

  /* A host announcing _esphomelib whose web server is something else */
  wled_api = hearth_service_new ("_esphomelib._tcp", "x", "other.local", "127.0.0.1", 6053,
                                 node_txt (fixture));
  wled_http = hearth_service_new ("_http._tcp", "x", "other.local", "127.0.0.1", wled->port, NULL);
  g_assert_true (hearth_driver_claims_service (fixture->live.driver, wled_api));
  g_assert_true (hearth_driver_claims_service (fixture->live.driver, wled_http));
  g_clear_object (&none);
  none = identify (fixture, wled_http, &error);
  g_assert_null (none);
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED);
}

static void
test_status (Fixture       *fixture,
             gconstpointer  data)
{
  HearthControl *c;

  connect_online (fixture);
  g_assert_cmpuint (g_list_model_get_n_items (hearth_device_get_controls (fixture->device)), ==, 9);

  c = control (fixture, PUMP);
  g_assert_cmpint (hearth_control_get_kind (c), ==, HEARTH_CONTROL_KIND_SWITCH);
  g_assert_cmpstr (hearth_control_get_name (c), ==, "Irrigation Pump");
  g_assert_false (hearth_control_get_on (c));

  c = control (fixture, LIGHT);
  g_assert_cmpint (hearth_control_get_kind (c), ==, HEARTH_CONTROL_KIND_LIGHT);
  g_assert_true (hearth_control_get_on (c));
  g_assert_cmpint (hearth_control_get_brightness (c), ==, 75);
  g_assert_cmpint (hearth_control_get_color (c), ==, 0xff60a0);
  g_assert_cmpint (hearth_control_get_temperature (c), ==, 4000);
  g_assert_cmpint (hearth_control_get_temperature_min (c), ==, 2000);
  g_assert_cmpint (hearth_control_get_temperature_max (c), ==, 6536);
  g_assert_cmpstr (hearth_control_get_effect (c), ==, "None");
  g_assert_cmpuint (g_strv_length ((GStrv) hearth_control_get_effects (c)), ==, 3);

  c = control (fixture, VENT);
  g_assert_cmpint (hearth_control_get_kind (c), ==, HEARTH_CONTROL_KIND_COVER);
  g_assert_cmpint (hearth_control_get_position (c), ==, 25);
  g_assert_cmpint (hearth_control_get_cover_state (c), ==, HEARTH_COVER_STATE_STOPPED);

  c = control (fixture, FAN);
  g_assert_cmpint (hearth_control_get_kind (c), ==, HEARTH_CONTROL_KIND_SWITCH);
  g_assert_false (hearth_control_get_on (c));

  c = control (fixture, AIR);
  g_assert_cmpint (hearth_control_get_kind (c), ==, HEARTH_CONTROL_KIND_SENSOR);
  g_assert_cmpfloat_with_epsilon (hearth_control_get_value (c), 19.76666, 1e-6);
  g_assert_cmpstr (hearth_control_get_unit (c), ==, "°C");
  g_assert_cmpstr (hearth_control_get_quantity (c), ==, "temperature");

  c = control (fixture, SOIL);
  g_assert_cmpstr (hearth_control_get_quantity (c), ==, "humidity");
  g_assert_cmpfloat (hearth_control_get_value (c), ==, 41);

  c = control (fixture, DOOR);
  g_assert_cmpint (hearth_control_get_kind (c), ==, HEARTH_CONTROL_KIND_SENSOR);
  g_assert_cmpfloat (hearth_control_get_value (c), ==, 0);

  c = control (fixture, RESTART);
  g_assert_false (hearth_control_get_on (c));

  c = control (fixture, MODE);
  g_assert_cmpstr (hearth_control_get_effect (c), ==, "Auto");
  g_assert_cmpstr (hearth_control_get_effects (c)[1], ==, "Manual");
}

static void
test_actions (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(JsonObject) entity = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *color;

  connect_online (fixture);

  hearth_test_apply_ok (fixture->link, PUMP, "on");
  entity = sim_entity (fixture, "Irrigation Pump");
  g_assert_true (json_object_get_boolean_member (entity, "value"));
  g_clear_pointer (&entity, json_object_unref);
  hearth_test_apply_ok (fixture->link, PUMP, "off");
  entity = sim_entity (fixture, "Irrigation Pump");
  g_assert_false (json_object_get_boolean_member (entity, "value"));
  g_clear_pointer (&entity, json_object_unref);

  hearth_test_apply_ok (fixture->link, LIGHT, "brightness=50 color=#10ff80");
  entity = sim_entity (fixture, "Grow Light");
  g_assert_cmpint (json_object_get_int_member (entity, "brightness"), ==, 128);
  color = json_object_get_object_member (entity, "color");
  g_assert_cmpint (json_object_get_int_member (color, "r"), ==, 0x10);
  g_assert_cmpint (json_object_get_int_member (color, "g"), ==, 0xff);
  g_assert_cmpint (json_object_get_int_member (color, "b"), ==, 0x80);
  g_clear_pointer (&entity, json_object_unref);

  hearth_test_apply_ok (fixture->link, LIGHT, "temperature=2500");
  entity = sim_entity (fixture, "Grow Light");
  g_assert_cmpint (json_object_get_int_member (entity, "color_temp"), ==, 400);
  g_clear_pointer (&entity, json_object_unref);

  hearth_test_apply_ok (fixture->link, LIGHT, "effect=Pulse");
  entity = sim_entity (fixture, "Grow Light");
  g_assert_cmpstr (json_object_get_string_member (entity, "effect"), ==, "Pulse");
  g_clear_pointer (&entity, json_object_unref);

  hearth_test_apply_ok (fixture->link, LIGHT, "off");
  entity = sim_entity (fixture, "Grow Light");
  g_assert_cmpstr (json_object_get_string_member (entity, "state"), ==, "OFF");
  g_clear_pointer (&entity, json_object_unref);

  hearth_test_apply_ok (fixture->link, VENT, "position=60");
  entity = sim_entity (fixture, "Vent Window");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (entity, "position"), 0.6, 1e-9);
  g_clear_pointer (&entity, json_object_unref);
  hearth_test_apply_ok (fixture->link, VENT, "close");
  entity = sim_entity (fixture, "Vent Window");
  g_assert_cmpfloat (json_object_get_double_member (entity, "position"), ==, 0);
  g_clear_pointer (&entity, json_object_unref);
  hearth_test_apply_ok (fixture->link, VENT, "open");
  hearth_test_apply_ok (fixture->link, VENT, "stop");
  entity = sim_entity (fixture, "Vent Window");
  g_assert_cmpfloat (json_object_get_double_member (entity, "position"), ==, 1);
  g_clear_pointer (&entity, json_object_unref);

  hearth_test_apply_ok (fixture->link, FAN, "on");
  entity = sim_entity (fixture, "Circulation Fan");
  g_assert_true (json_object_get_boolean_member (entity, "value"));
  g_clear_pointer (&entity, json_object_unref);

  g_assert_cmpint (sim_presses (fixture), ==, 0);
  hearth_test_apply_ok (fixture->link, RESTART, "toggle");
  g_assert_cmpint (sim_presses (fixture), ==, 1);
  /* Momentary: it reads off again */
  g_assert_false (hearth_control_get_on (control (fixture, RESTART)));

  hearth_test_apply_ok (fixture->link, MODE, "effect=Manual");
  entity = sim_entity (fixture, "Mode");
  g_assert_cmpstr (json_object_get_string_member (entity, "value"), ==, "Manual");
  g_clear_pointer (&entity, json_object_unref);

  /* Refused by the model before any request */
  g_assert_false (hearth_test_apply (fixture->link, AIR, "on", &error));
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED);
  g_clear_error (&error);
  g_assert_false (hearth_test_apply (fixture->link, MODE, "effect=Nonsense", &error));
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_INVALID);
}

typedef struct
{
  HearthControl *control;
  double         value;
} ValueWait;

static gboolean
pump_on (gpointer data)
{
  return hearth_control_get_on (HEARTH_CONTROL (data));
}

static gboolean
value_is (gpointer data)
{
  ValueWait *wait = data;

  return hearth_control_get_value (wait->control) == wait->value;
}

static void
test_push (Fixture       *fixture,
           gconstpointer  data)
{
  ValueWait wait;
  gint64 start;

  connect_online (fixture);

  start = g_get_monotonic_time ();
  hearth_test_sim_set_state (fixture->node, "{\"Irrigation Pump\":{\"state\":\"ON\"}}");
  g_assert_true (hearth_test_await (pump_on, control (fixture, PUMP), 1000));
  g_test_message ("pushed in %" G_GINT64_FORMAT " ms", (g_get_monotonic_time () - start) / 1000);

  wait.control = control (fixture, AIR);
  wait.value = 23.25;
  hearth_test_sim_set_state (fixture->node, "{\"Air Temperature\":{\"value\":23.25}}");
  g_assert_true (hearth_test_await (value_is, &wait, 1000));

  wait.control = control (fixture, DOOR);
  wait.value = 1;
  hearth_test_sim_set_state (fixture->node, "{\"Door\":{\"state\":\"ON\"}}");
  g_assert_true (hearth_test_await (value_is, &wait, 1000));
}

static gboolean
sim_has_no_stream (gpointer data)
{
  Fixture *fixture = data;
  g_autoptr(JsonNode) state = hearth_test_sim_get_state (fixture->node);

  return json_object_get_int_member (json_node_get_object (state), "sse_clients") == 0;
}

static void
test_drop (Fixture       *fixture,
           gconstpointer  data)
{
  HearthControl *pump;

  connect_online (fixture);
  pump = control (fixture, PUMP);

  /* The node ends the stream: polling (the burst, read and closed), then
   * back to the stream */
  hearth_test_sim_set_state (fixture->node, "{\"sse\":\"refuse\"}");
  g_assert_true (hearth_test_await_live (fixture->device, HEARTH_LIVE_POLL, 2000));
  hearth_test_sim_set_state (fixture->node, "{\"sse\":\"live\"}");
  g_assert_true (await_pushing (fixture, 5000));
  hearth_test_sim_set_state (fixture->node, "{\"Irrigation Pump\":{\"state\":\"ON\"}}");
  g_assert_true (hearth_test_await (pump_on, pump, 1000));

  /* A node that stops talking but keeps the connection: two missed pings */
  hearth_link_set_liveness_interval (fixture->link, 200);
  hearth_test_sim_set_state (fixture->node, "{\"ping_interval_ms\":200}");
  g_assert_true (await_pushing (fixture, 1000));
  hearth_test_sim_set_state (fixture->node, "{\"sse\":\"mute\"}");
  g_assert_true (hearth_test_await_live (fixture->device, HEARTH_LIVE_POLL, 3000));
  hearth_test_sim_set_state (fixture->node, "{\"sse\":\"live\"}");
  g_assert_true (await_pushing (fixture, 6000));

  /* One endless line: cut off at the cap, not read into memory */
  hearth_test_sim_set_state (fixture->node, "{\"sse\":\"flood\"}");
  g_assert_true (hearth_test_await_live (fixture->device, HEARTH_LIVE_POLL, 2000));
  g_assert_true (await_pushing (fixture, 6000));

  /* Stopping closes the stream on the node's side too */
  hearth_link_stop (fixture->link);
  g_assert_true (hearth_test_await (sim_has_no_stream, fixture, 3000));
}

static void
test_legacy (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(JsonObject) entity = NULL;

  connect_online (fixture);
  g_assert_cmpstr (hearth_control_get_name (control (fixture, "switch-irrigation_pump")), ==,
                   "Irrigation Pump");
  g_assert_null (hearth_device_find_control (fixture->device, PUMP));

  hearth_test_apply_ok (fixture->link, "switch-irrigation_pump", "on");
  hearth_test_apply_ok (fixture->link, "light-grow_light", "brightness=20");
  hearth_test_apply_ok (fixture->link, "cover-vent_window", "position=40");
  entity = sim_entity (fixture, "Irrigation Pump");
  g_assert_true (json_object_get_boolean_member (entity, "value"));
  g_clear_pointer (&entity, json_object_unref);
  entity = sim_entity (fixture, "Grow Light");
  g_assert_cmpint (json_object_get_int_member (entity, "brightness"), ==, 51);
  g_clear_pointer (&entity, json_object_unref);
  entity = sim_entity (fixture, "Vent Window");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (entity, "position"), 0.4, 1e-9);
}

static void
test_password (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) entity = NULL;

  /* By address, a node with a login cannot say who it is without it */
  {
    g_autoptr(HearthDevice) none = hearth_test_live_identify (&fixture->live, fixture->node,
                                                              NULL, &error);

    g_assert_null (none);
    g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_NEEDS_PASSWORD);
    g_assert_nonnull (strstr (error->message, "127.0.0.1"));
    g_test_message ("%s", error->message);
    g_clear_error (&error);
  }

  /* With one: a wrong password, the right one for another user, the
   * right login (the simulator's user is "admin", the default one) */
  {
    g_autoptr(HearthDevice) none = NULL;
    g_autoptr(HearthDevice) by_address = NULL;

    g_assert_true (hearth_driver_can_identify_with_login (fixture->live.driver));
    none = hearth_test_live_identify_with_login (&fixture->live, fixture->node,
                                                 "admin", "wrong", &error);
    g_assert_null (none);
    g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PASSWORD);
    g_assert_nonnull (strstr (error->message, "127.0.0.1"));
    g_clear_error (&error);
    none = hearth_test_live_identify_with_login (&fixture->live, fixture->node,
                                                 "root", PASSWORD, &error);
    g_assert_null (none);
    g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PASSWORD);
    g_clear_error (&error);

    by_address = hearth_test_live_identify_with_login (&fixture->live, fixture->node,
                                                       "admin", PASSWORD, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (hearth_device_get_id (by_address), ==, fixture->node->id);
    g_clear_object (&by_address);
    /* No user name: the default one */
    by_address = hearth_test_live_identify_with_login (&fixture->live, fixture->node,
                                                       NULL, PASSWORD, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (hearth_device_get_id (by_address), ==, fixture->node->id);
    g_assert_cmpstr (hearth_device_get_name (by_address), ==, "Greenhouse Node");
    g_assert_cmpstr (hearth_device_get_firmware (by_address), ==, "2026.8.1");
    g_assert_cmpuint (hearth_device_get_port (by_address), ==, fixture->node->port);
    g_assert_cmpint (hearth_device_get_live (by_address), ==, HEARTH_LIVE_PUSH);
  }

  /* No password: the probe still finds the node, the link says why not */
  connect_node (fixture, NULL, NULL);
  g_assert_true (hearth_test_await_state (fixture->device, HEARTH_DEVICE_STATE_NEEDS_PASSWORD,
                                         5000));
  hearth_test_stop_link (g_steal_pointer (&fixture->link), 0);
  g_clear_object (&fixture->device);

  /* A wrong one */
  connect_node (fixture, "admin", "wrong");
  g_assert_true (hearth_test_await_state (fixture->device, HEARTH_DEVICE_STATE_NEEDS_PASSWORD,
                                         5000));
  hearth_test_stop_link (g_steal_pointer (&fixture->link), 0);
  g_clear_object (&fixture->device);

  /* The right one (with a space in it): the stream and the actions */
  connect_node (fixture, "admin", PASSWORD);
  g_assert_true (await_pushing (fixture, 5000));
  hearth_test_apply_ok (fixture->link, PUMP, "on");
  entity = sim_entity (fixture, "Irrigation Pump");
  g_assert_true (json_object_get_boolean_member (entity, "value"));
}

static void
test_bad_answers (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  HearthControl *pump;

  connect_online (fixture);
  pump = control (fixture, PUMP);

  /* A refused change rolls back */
  hearth_test_sim_misbehave (fixture->node, "error");
  g_assert_false (hearth_test_apply (fixture->link, PUMP, "on", &error));
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_HTTP_STATUS);
  g_clear_error (&error);
  g_assert_false (hearth_control_get_on (pump));

  /* Garbage on /events is no event stream */
  hearth_test_sim_misbehave (fixture->node, "garbage");
  g_assert_false (hearth_test_refresh (fixture->link, &error));
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD);
  g_clear_error (&error);

  /* A node that never answers: the deadline */
  hearth_http_set_deadline_ms (fixture->live.http, 500);
  hearth_test_sim_misbehave (fixture->node, "hang");
  g_assert_false (hearth_test_refresh (fixture->link, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  g_clear_error (&error);

  /* 16 MiB of JSON: not an event stream either, refused before reading it */
  hearth_http_set_deadline_ms (fixture->live.http, 10000);
  hearth_test_sim_misbehave (fixture->node, "huge");
  g_assert_false (hearth_test_refresh (fixture->link, &error));
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD);
  g_clear_error (&error);

  /* Back to normal: a refresh reads the whole burst again */
  hearth_test_sim_misbehave (fixture->node, "none");
  hearth_test_sim_set_state (fixture->node, "{\"Mode\":{\"state\":\"Off\"}}");
  g_assert_true (hearth_test_refresh (fixture->link, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (hearth_control_get_effect (control (fixture, MODE)), ==, "Off");
}

int
main (int   argc,
      char *argv[])
{
  static const char basic[] = "admin:" PASSWORD;
  g_autofree char *encoded = g_uri_escape_string (PASSWORD, NULL, FALSE);
  g_autofree char *base64 = g_base64_encode ((const guchar *) basic, strlen (basic));
  /* The password, plain, URL-encoded or as the Basic login that carries
   * it, and any query carrying one, are in no log line (debug ones too,
   * libsoup's included) */
  const char *secrets[] = { PASSWORD, encoded, base64, "password=", NULL };

  hearth_test_forbid_in_logs (secrets);
  /* No session bus, so no keyring: a link that would need one fails */
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/hearth-esphome-live", TRUE);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func, data) \
  g_test_add (path, Fixture, data, fixture_set_up, func, fixture_tear_down)

  ADD ("/esphome-live/driver", test_driver, NULL);
  ADD ("/esphome-live/identify", test_identify, NULL);
  ADD ("/esphome-live/status", test_status, NULL);
  ADD ("/esphome-live/actions", test_actions, NULL);
  ADD ("/esphome-live/push", test_push, NULL);
  ADD ("/esphome-live/drop", test_drop, NULL);
  ADD ("/esphome-live/legacy", test_legacy, "legacy-ids");
  ADD ("/esphome-live/password", test_password, "password");
  ADD ("/esphome-live/bad-answers", test_bad_answers, NULL);

#undef ADD

  return g_test_run ();
}
