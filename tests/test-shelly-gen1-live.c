/* test-shelly-gen1-live.c: the Shelly Gen1 driver and link against hearth-sim, over real sockets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "hearth-test-utils.h"
#include "hearth-shelly-driver.h"
#include "hearth-shelly-gen1-driver.h"

#define POLL_MS 150

typedef struct
{
  HearthTestLive             live;
  const HearthTestSimDevice *plug;
  const HearthTestSimDevice *roller;
  const HearthTestSimDevice *rgbw2;
  const HearthTestSimDevice *dimmer;
  const HearthTestSimDevice *ht;
  const HearthTestSimDevice *gen2;
} Fixture;

/* The simulated Gen1 MACs tell the variant in their fourth byte */
static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  HearthTestSim *sim;

  /* The test's data: the password the devices want, or NULL */
  hearth_test_live_start (&fixture->live, HEARTH_TYPE_SHELLY_GEN1_DRIVER, data,
                          "--device", "shelly-gen1",
                          "--device", "shelly-gen1:shelly25-roller=Blinds",
                          "--device", "shelly-gen1:rgbw2-color=Strip",
                          "--device", "shelly-gen1:dimmer",
                          "--device", "shelly-gen1:ht",
                          "--shelly", "1",
                          NULL);
  sim = fixture->live.sim;
  g_assert_cmpuint (hearth_test_sim_get_n_devices (sim), ==, 6);
  fixture->plug = hearth_test_sim_require (sim, "shelly-gen1", "c45bbe01");
  fixture->roller = hearth_test_sim_require (sim, "shelly-gen1", "c45bbe02");
  fixture->rgbw2 = hearth_test_sim_require (sim, "shelly-gen1", "c45bbe03");
  fixture->dimmer = hearth_test_sim_require (sim, "shelly-gen1", "c45bbe04");
  fixture->ht = hearth_test_sim_require (sim, "shelly-gen1", "c45bbe05");
  fixture->gen2 = hearth_test_sim_require (sim, "shelly", NULL);
}

/* The family polls, gently, by default; the tests poll every POLL_MS */
static const HearthTestLinkSetup polling = {
  .default_poll_ms = 5000,
  .poll_ms = POLL_MS,
  .live = HEARTH_LIVE_POLL,
};

/* Identifies @sim_device and starts its link, polling */
static HearthLink *
connect_device (Fixture                   *fixture,
                const HearthTestSimDevice *sim_device,
                HearthDevice             **device_out)
{
  return hearth_test_live_connect (&fixture->live, sim_device, &polling, device_out);
}

/* A stopped link goes away once the requests it had under way (a poll,
 * say) ended: cancelled, they end at once */
#define LINK_GONE_MS 2000

/* Member @member of entry @index of list @list in the simulator's state */
static JsonNode *
sim_value (const HearthTestSimDevice *sim_device,
           const char                *list,
           guint                      index,
           const char                *member)
{
  g_autoptr(JsonNode) state = hearth_test_sim_get_state (sim_device);
  JsonArray *array;
  JsonObject *item;
  JsonNode *node;

  g_assert_true (JSON_NODE_HOLDS_OBJECT (state));
  array = json_object_get_array_member (json_node_get_object (state), list);
  g_assert_nonnull (array);
  g_assert_cmpuint (index, <, json_array_get_length (array));
  item = json_array_get_object_element (array, index);
  node = json_object_get_member (item, member);
  g_assert_nonnull (node);

  return json_node_copy (node);
}

static gboolean
sim_bool (const HearthTestSimDevice *sim_device,
          const char                *list,
          guint                      index,
          const char                *member)
{
  g_autoptr(JsonNode) node = sim_value (sim_device, list, index, member);

  return json_node_get_boolean (node);
}

static gint64
sim_int (const HearthTestSimDevice *sim_device,
         const char                *list,
         guint                      index,
         const char                *member)
{
  g_autoptr(JsonNode) node = sim_value (sim_device, list, index, member);

  return json_node_get_int (node);
}

typedef struct
{
  HearthDevice *device;
  const char   *control_id;
  double        value;      /* sensors */
  int           position;   /* covers; -2 = any */
  int           on;         /* -1 = any */
  HearthCoverState state;
} Expect;

static gboolean
sensor_reads (gpointer data)
{
  Expect *expect = data;
  HearthControl *control = hearth_device_find_control (expect->device, expect->control_id);

  return control != NULL && G_APPROX_VALUE (hearth_control_get_value (control), expect->value, 1e-6);
}

static gboolean
control_on (gpointer data)
{
  Expect *expect = data;
  HearthControl *control = hearth_device_find_control (expect->device, expect->control_id);

  return control != NULL && hearth_control_get_on (control) == expect->on;
}

static gboolean
cover_at (gpointer data)
{
  Expect *expect = data;
  HearthControl *control = hearth_device_find_control (expect->device, expect->control_id);

  return control != NULL && hearth_control_get_position (control) == expect->position &&
         hearth_control_get_cover_state (control) == expect->state;
}

static gboolean
has_control (gpointer data)
{
  Expect *expect = data;

  return hearth_device_find_control (expect->device, expect->control_id) != NULL;
}

static gboolean
lacks_control (gpointer data)
{
  return !has_control (data);
}

/* Identification */

static void
test_identify (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HearthDevice) plug = hearth_test_live_identify (&fixture->live, fixture->plug,
                                                            NULL, &error);
  g_autoptr(HearthDevice) roller = NULL;
  g_autoptr(HearthDriver) gen2_driver = g_object_new (HEARTH_TYPE_SHELLY_DRIVER, NULL);

  g_assert_no_error (error);
  g_assert_cmpstr (hearth_device_get_id (plug), ==, fixture->plug->id);
  g_assert_cmpstr (hearth_device_get_family (plug), ==, "shelly-gen1");
  /* No name set: the model's friendly name */
  g_assert_cmpstr (hearth_device_get_name (plug), ==, "Shelly Plug S");
  g_assert_cmpstr (hearth_device_get_model (plug), ==, "SHPLG-S");
  g_assert_cmpstr (hearth_device_get_firmware (plug), ==, "1.14.0");
  g_assert_cmpstr (hearth_device_get_host (plug), ==, fixture->plug->host);
  g_assert_cmpuint (hearth_device_get_port (plug), ==, fixture->plug->port);

  roller = hearth_test_live_identify (&fixture->live, fixture->roller, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (hearth_device_get_model (roller), ==, "SHSW-25");
  g_assert_cmpstr (hearth_device_get_id (roller), ==, fixture->roller->id);

  /* A Gen2 Shelly is not ours, and a Gen1 one is not the Gen2 driver's:
   * the two drivers never both claim a device */
  hearth_test_live_assert_not_ours (&fixture->live, fixture->gen2);
  {
    /* the same HTTP, the other driver */
    HearthTestLive by_gen2 = fixture->live;

    by_gen2.driver = gen2_driver;
    hearth_test_live_assert_not_ours (&by_gen2, fixture->plug);
  }
}

static void
test_identify_unreachable (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HearthDevice) device = NULL;

  hearth_http_set_deadline_ms (fixture->live.http, 500);
  hearth_test_sim_misbehave (fixture->plug, "hang");
  device = hearth_test_live_identify (&fixture->live, fixture->plug, NULL, &error);
  g_assert_null (device);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  g_clear_error (&error);

  hearth_test_sim_misbehave (fixture->plug, "garbage");
  device = hearth_test_live_identify (&fixture->live, fixture->plug, NULL, &error);
  g_assert_null (device);
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED);
  hearth_test_sim_misbehave (fixture->plug, "none");
}

static void
test_claims (Fixture       *fixture,
             gconstpointer  data)
{
  const char * const gen2_txt[] = { "gen=2", "app=Plus1PM", "ver=1.4.4", NULL };
  g_autoptr(HearthService) gen1 = hearth_service_new ("_http._tcp", "shellyplug-s-DDEEFF",
                                                      "shellyplug-s-DDEEFF.local",
                                                      "192.0.2.20", 80, NULL);
  g_autoptr(HearthService) upper = hearth_service_new ("_http._tcp", "ShellyVintage-AABBCCDDEEFF",
                                                       "ShellyVintage-AABBCCDDEEFF.local",
                                                       "192.0.2.21", 80, NULL);
  g_autoptr(HearthService) gen2 = hearth_service_new ("_http._tcp", "shellyplus1pm-a8032ab1c2d3",
                                                      "shellyplus1pm-a8032ab1c2d3.local",
                                                      "192.0.2.22", 80, gen2_txt);
  g_autoptr(HearthService) gen2_shelly = hearth_service_new ("_shelly._tcp", "shellyplus1pm-a8032ab1c2d3",
                                                             "shellyplus1pm-a8032ab1c2d3.local",
                                                             "192.0.2.22", 80, gen2_txt);
  g_autoptr(HearthService) printer = hearth_service_new ("_http._tcp", "Office Printer",
                                                         "printer.local", "192.0.2.23", 80, NULL);
  const char * const *types = hearth_driver_get_service_types (fixture->live.driver);

  g_assert_cmpstr (hearth_driver_get_family (fixture->live.driver), ==, "shelly-gen1");
  g_assert_cmpuint (g_strv_length ((char **) types), ==, 1);
  g_assert_cmpstr (types[0], ==, "_http._tcp");
  g_assert_cmpuint (hearth_driver_get_default_port (fixture->live.driver), ==, 80);
  g_assert_cmpstr (hearth_driver_get_default_username (fixture->live.driver), ==, "admin");
  g_assert_false (hearth_driver_can_pair (fixture->live.driver));

  g_assert_true (hearth_driver_claims_service (fixture->live.driver, gen1));
  g_assert_true (hearth_driver_claims_service (fixture->live.driver, upper));
  g_assert_false (hearth_driver_claims_service (fixture->live.driver, gen2));
  g_assert_false (hearth_driver_claims_service (fixture->live.driver, gen2_shelly));
  g_assert_false (hearth_driver_claims_service (fixture->live.driver, printer));
  g_assert_null (hearth_driver_get_service_id (fixture->live.driver, gen1));
}

/* Every kind of channel */

static void
test_plug (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(HearthDevice) device = NULL;
  HearthLink *link = connect_device (fixture, fixture->plug, &device);
  HearthControl *relay = hearth_device_find_control (device, "relay:0");
  Expect power = { device, "relay:0/power", 35.5 };
  Expect energy = { device, "relay:0/energy", 2632.0 / 60000.0 };
  guint requests = 0, max_in_flight = 0;

  g_assert_nonnull (relay);
  g_assert_cmpint (hearth_control_get_kind (relay), ==, HEARTH_CONTROL_KIND_SWITCH);
  g_assert_false (hearth_control_get_on (relay));
  g_assert_true (sensor_reads (&energy));
  g_assert_cmpstr (hearth_control_get_unit (hearth_device_find_control (device, "relay:0/power")),
                   ==, "W");

  hearth_test_apply_ok (link, "relay:0", "on");
  g_assert_true (hearth_control_get_on (relay));
  g_assert_true (sim_bool (fixture->plug, "relays", 0, "ison"));
  /* The load draws power; the next poll tells */
  g_assert_true (hearth_test_await (sensor_reads, &power, 3000));

  hearth_test_apply_ok (link, "relay:0", "toggle");
  g_assert_false (hearth_control_get_on (relay));
  g_assert_false (sim_bool (fixture->plug, "relays", 0, "ison"));
  power.value = 0;
  g_assert_true (hearth_test_await (sensor_reads, &power, 3000));

  /* One request at a time, always */
  hearth_test_sim_get_stats (fixture->plug, &requests, &max_in_flight);
  g_assert_cmpuint (requests, >=, 4);
  g_assert_cmpuint (max_in_flight, ==, 1);

  /* What a relay cannot do is refused before anything is sent */
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (hearth_test_apply (link, "relay:0", "brightness=50", &error));
    g_assert_nonnull (error);
  }

  hearth_test_stop_link (link, LINK_GONE_MS);
}

static void
test_roller (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(HearthDevice) device = NULL;
  HearthLink *link = connect_device (fixture, fixture->roller, &device);
  HearthControl *roller = hearth_device_find_control (device, "roller:0");
  Expect expect = { device, "roller:0" };

  g_assert_cmpstr (hearth_device_get_name (device), ==, "Blinds");
  g_assert_nonnull (roller);
  g_assert_cmpint (hearth_control_get_kind (roller), ==, HEARTH_CONTROL_KIND_COVER);
  g_assert_true (hearth_control_has_capability (roller, HEARTH_CAPABILITY_POSITION));
  g_assert_cmpint (hearth_control_get_position (roller), ==, 0);
  g_assert_cmpint (hearth_control_get_cover_state (roller), ==, HEARTH_COVER_STATE_CLOSED);
  g_assert_nonnull (hearth_device_find_control (device, "meter:0/power"));
  g_assert_nonnull (hearth_device_find_control (device, "meter:1/energy"));

  hearth_test_apply_ok (link, "roller:0", "position=50");
  expect.position = 50;
  expect.state = HEARTH_COVER_STATE_STOPPED;
  g_assert_true (hearth_test_await (cover_at, &expect, 5000));
  g_assert_cmpint (sim_int (fixture->roller, "rollers", 0, "current_pos"), ==, 50);

  hearth_test_apply_ok (link, "roller:0", "open");
  expect.position = 100;
  expect.state = HEARTH_COVER_STATE_OPEN;
  g_assert_true (hearth_test_await (cover_at, &expect, 5000));

  /* Closing, stopped on the way */
  hearth_test_apply_ok (link, "roller:0", "close");
  g_assert_cmpint (hearth_control_get_cover_state (roller), ==, HEARTH_COVER_STATE_CLOSING);
  /* It moves 10 % every 100 ms in the simulator */
  g_usleep (350 * 1000);
  hearth_test_apply_ok (link, "roller:0", "stop");
  {
    gint64 pos = sim_int (fixture->roller, "rollers", 0, "current_pos");

    g_assert_cmpint (pos, <, 100);
    g_assert_cmpint (pos, >, 0);
    expect.position = (int) pos;
    expect.state = HEARTH_COVER_STATE_STOPPED;
    g_assert_true (hearth_test_await (cover_at, &expect, 3000));
  }

  hearth_test_stop_link (link, LINK_GONE_MS);
}

static void
test_rgbw2 (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(HearthDevice) device = NULL;
  HearthLink *link = connect_device (fixture, fixture->rgbw2, &device);
  HearthControl *light = hearth_device_find_control (device, "color:0");
  Expect white2 = { device, "white:2" };
  Expect color = { device, "color:0" };

  g_assert_nonnull (light);
  g_assert_cmpstr (hearth_control_get_name (light), ==, "Strip");
  g_assert_true (hearth_control_has_capability (light, HEARTH_CAPABILITY_COLOR));
  g_assert_cmpint (hearth_control_get_color (light), ==, 0x00ff00);

  hearth_test_apply_ok (link, "color:0", "on color=#ff8000 brightness=40");
  g_assert_true (hearth_control_get_on (light));
  g_assert_cmpint (hearth_control_get_color (light), ==, 0xff8000);
  g_assert_cmpint (hearth_control_get_brightness (light), ==, 40);
  g_assert_true (sim_bool (fixture->rgbw2, "lights", 0, "ison"));
  g_assert_cmpint (sim_int (fixture->rgbw2, "lights", 0, "red"), ==, 255);
  g_assert_cmpint (sim_int (fixture->rgbw2, "lights", 0, "green"), ==, 128);
  g_assert_cmpint (sim_int (fixture->rgbw2, "lights", 0, "blue"), ==, 0);
  g_assert_cmpint (sim_int (fixture->rgbw2, "lights", 0, "gain"), ==, 40);

  hearth_test_apply_ok (link, "color:0", "effect=Flash");
  g_assert_cmpstr (hearth_control_get_effect (light), ==, "Flash");
  g_assert_cmpint (sim_int (fixture->rgbw2, "lights", 0, "effect"), ==, 3);
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (hearth_test_apply (link, "color:0", "effect=Disco", &error));
    g_assert_nonnull (error);
    g_assert_cmpint (sim_int (fixture->rgbw2, "lights", 0, "effect"), ==, 3);
  }

  /* Switched to white mode in the Shelly app: four channels come */
  hearth_test_sim_set_state (fixture->rgbw2, "{\"mode\":\"white\"}");
  g_assert_true (hearth_test_await (has_control, &white2, 3000));
  g_assert_true (hearth_test_await (lacks_control, &color, 1000));

  hearth_test_apply_ok (link, "white:2", "on brightness=70");
  g_assert_true (sim_bool (fixture->rgbw2, "lights", 2, "ison"));
  g_assert_cmpint (sim_int (fixture->rgbw2, "lights", 2, "brightness"), ==, 70);
  g_assert_false (sim_bool (fixture->rgbw2, "lights", 1, "ison"));

  hearth_test_stop_link (link, LINK_GONE_MS);
}

static void
test_dimmer (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(HearthDevice) device = NULL;
  HearthLink *link = connect_device (fixture, fixture->dimmer, &device);
  HearthControl *light = hearth_device_find_control (device, "light:0");
  Expect power = { device, "light:0/power", 18.0 };

  g_assert_nonnull (light);
  g_assert_cmpstr (hearth_device_get_name (device), ==, "Shelly Dimmer 2");
  g_assert_cmpint (hearth_control_get_capabilities (light), ==,
                   HEARTH_CAPABILITY_ON_OFF | HEARTH_CAPABILITY_BRIGHTNESS);
  g_assert_cmpint (hearth_control_get_brightness (light), ==, 40);

  hearth_test_apply_ok (link, "light:0", "on brightness=30");
  g_assert_true (sim_bool (fixture->dimmer, "lights", 0, "ison"));
  g_assert_cmpint (sim_int (fixture->dimmer, "lights", 0, "brightness"), ==, 30);
  /* 60 W at 30 % */
  g_assert_true (hearth_test_await (sensor_reads, &power, 3000));

  {
    g_autoptr(GError) error = NULL;

    g_assert_false (hearth_test_apply (link, "light:0", "temperature=3000", &error));
    g_assert_nonnull (error);
  }

  hearth_test_stop_link (link, LINK_GONE_MS);
}

static void
test_ht (Fixture       *fixture,
         gconstpointer  data)
{
  g_autoptr(HearthDevice) device = NULL;
  HearthLink *link = connect_device (fixture, fixture->ht, &device);
  Expect temperature = { device, "temperature", 21.5 };
  Expect humidity = { device, "humidity", 48.5 };
  Expect battery = { device, "battery", 87 };

  g_assert_true (sensor_reads (&temperature));
  g_assert_true (sensor_reads (&humidity));
  g_assert_true (sensor_reads (&battery));
  g_assert_cmpuint (g_list_model_get_n_items (hearth_device_get_controls (device)), ==, 3);
  g_assert_cmpstr (hearth_control_get_unit (hearth_device_find_control (device, "temperature")),
                   ==, "°C");

  /* A new reading reaches the model by the next polls */
  hearth_test_sim_set_state (fixture->ht, "{\"tmp\":25.25,\"hum\":61,\"bat\":79}");
  temperature.value = 25.25;
  humidity.value = 61;
  battery.value = 79;
  g_assert_true (hearth_test_await (sensor_reads, &temperature, 3000));
  g_assert_true (sensor_reads (&humidity));
  g_assert_true (sensor_reads (&battery));

  hearth_test_stop_link (link, LINK_GONE_MS);
}

static void
test_change_at_device (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(HearthDevice) device = NULL;
  HearthLink *link = connect_device (fixture, fixture->plug, &device);
  Expect on = { device, "relay:0", 0, 0, TRUE };
  Expect meter = { device, "relay:0/energy", 6000.0 / 60000.0 };

  hearth_test_sim_set_state (fixture->plug, "{\"relays\":[{\"ison\":true}],"
                                            "\"meters\":[{\"power\":12.5,\"total\":6000}]}");
  g_assert_true (hearth_test_await (control_on, &on, 3000));
  g_assert_true (hearth_test_await (sensor_reads, &meter, 3000));

  hearth_test_stop_link (link, LINK_GONE_MS);
}

static gboolean
device_named_dehumidifier (gpointer data)
{
  HearthDevice *device = data;
  HearthControl *relay = hearth_device_find_control (device, "relay:0");

  /* The device's name, and so its relay's (which has none of its own) */
  return g_strcmp0 (hearth_device_get_name (device), "Dehumidifier") == 0 &&
         relay != NULL && g_strcmp0 (hearth_control_get_name (relay), "Dehumidifier") == 0;
}

/* Renamed in the Shelly app: /settings is read again every few polls */
static void
test_renamed (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(HearthDevice) device = NULL;
  HearthLink *link = connect_device (fixture, fixture->plug, &device);

  hearth_test_sim_set_state (fixture->plug, "{\"name\":\"Dehumidifier\"}");
  g_assert_true (hearth_test_await (device_named_dehumidifier, device, 6000));
  g_assert_cmpstr (hearth_control_get_name (hearth_device_find_control (device, "relay:0")),
                   ==, "Dehumidifier");

  hearth_test_stop_link (link, LINK_GONE_MS);
}

/* Logins */

static void
test_auth_right (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(HearthDevice) device = NULL;
  g_autoptr(GError) error = NULL;
  HearthLink *link;
  gboolean auth = FALSE;

  /* /shelly is never protected and says a login is on */
  device = hearth_test_live_identify (&fixture->live, fixture->plug, NULL, &error);
  g_assert_no_error (error);
  {
    g_autofree char *body = NULL;
    guint status = 0;

    body = hearth_test_sim_request (fixture->plug, "GET", "/shelly", NULL, &status);
    g_assert_cmpuint (status, ==, 200);
    auth = strstr (body, "\"auth\":true") != NULL;
    g_assert_true (auth);
    g_free (body);
    body = hearth_test_sim_request (fixture->plug, "GET", "/status", NULL, &status);
    g_assert_cmpuint (status, ==, 401);
  }
  g_clear_object (&device);

  link = hearth_test_live_connect_with_password (&fixture->live, fixture->plug, &polling,
                                                 "gen1-secret", &device);
  hearth_test_apply_ok (link, "relay:0", "on");
  g_assert_true (sim_bool (fixture->plug, "relays", 0, "ison"));
  hearth_test_stop_link (link, LINK_GONE_MS);
}

static void
auth_fails (Fixture    *fixture,
            const char *password)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HearthDevice) device = hearth_test_live_identify (&fixture->live, fixture->plug, NULL, &error);
  HearthLink *link;

  g_assert_no_error (error);
  link = hearth_test_live_start_link (&fixture->live, device,
                                      &(HearthTestLinkSetup) {
                                        .poll_ms = POLL_MS,
                                        .username = "admin",
                                        .password = password,
                                      });
  g_assert_true (hearth_test_await_state (device, HEARTH_DEVICE_STATE_NEEDS_PASSWORD, 10000));
  g_assert_cmpuint (g_list_model_get_n_items (hearth_device_get_controls (device)), ==, 0);
  g_assert_false (sim_bool (fixture->plug, "relays", 0, "ison"));

  hearth_test_stop_link (link, LINK_GONE_MS);
}

static void
test_auth_wrong (Fixture       *fixture,
                 gconstpointer  data)
{
  auth_fails (fixture, "not the password");
}

static void
test_auth_none (Fixture       *fixture,
                gconstpointer  data)
{
  auth_fails (fixture, NULL);
}

/* Bad answers */

static void
test_sim_refuses_nonsense (Fixture       *fixture,
                           gconstpointer  data)
{
  static const struct {
    const char *path;
    guint       status;
  } cases[] = {
    { "/relay/0?turn=maybe", 400 },
    { "/relay/1?turn=on", 404 },
    { "/light/0?turn=on", 404 },
    { "/nothing", 404 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *body = NULL;
      guint status = 0;

      body = hearth_test_sim_request (fixture->plug, "GET", cases[i].path, NULL, &status);
      g_assert_cmpuint (status, ==, cases[i].status);
    }

  {
    g_autofree char *body = NULL;
    guint status = 0;

    body = hearth_test_sim_request (fixture->dimmer, "GET", "/light/0?brightness=101", NULL, &status);
    g_assert_cmpuint (status, ==, 400);
    g_free (body);
    body = hearth_test_sim_request (fixture->roller, "GET", "/roller/0?go=to_pos", NULL, &status);
    g_assert_cmpuint (status, ==, 400);
    g_free (body);
    body = hearth_test_sim_request (fixture->rgbw2, "GET", "/color/0?red=256", NULL, &status);
    g_assert_cmpuint (status, ==, 400);
    g_free (body);
    body = hearth_test_sim_request (fixture->rgbw2, "GET", "/white/0?turn=on", NULL, &status);
    g_assert_cmpuint (status, ==, 404);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func, password) \
  hearth_test_add_live ("/shelly-gen1-live/" path, Fixture, password, fixture_set_up, func)

  ADD ("identify", test_identify, NULL);
  ADD ("identify/unreachable", test_identify_unreachable, NULL);
  ADD ("claims", test_claims, NULL);
  ADD ("plug", test_plug, NULL);
  ADD ("roller", test_roller, NULL);
  ADD ("rgbw2", test_rgbw2, NULL);
  ADD ("dimmer", test_dimmer, NULL);
  ADD ("ht", test_ht, NULL);
  ADD ("change-at-device", test_change_at_device, NULL);
  ADD ("renamed", test_renamed, NULL);
  ADD ("auth/right", test_auth_right, "gen1-secret");
  ADD ("auth/wrong", test_auth_wrong, "gen1-secret");
  ADD ("auth/none", test_auth_none, "gen1-secret");
  ADD ("sim-refuses-nonsense", test_sim_refuses_nonsense, NULL);

#undef ADD

  return g_test_run ();
}
