/* test-wled-live.c: the WLED driver and link against hearth-sim, over real sockets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "hearth-test-utils.h"
#include "hearth-wled-driver.h"
#include "hearth-wled-link.h"

#define POLL_MS 200
#define LIGHT   "light"

typedef struct
{
  HearthTestLive             live;
  const HearthTestSimDevice *esp32;
  const HearthTestSimDevice *esp8266;
  const HearthTestSimDevice *elgato;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  hearth_test_live_start (&fixture->live, HEARTH_TYPE_WLED_DRIVER, NULL,
                          "--wled", "1",
                          "--device", "wled:esp8266=Desk Strip",
                          "--elgato", "1",
                          NULL);
  /* The simulated MACs: c8c9a310… on the ESP32, 5ccf7f20… on the ESP8266 */
  fixture->esp32 = hearth_test_sim_require (fixture->live.sim, "wled", "c8c9a310");
  fixture->esp8266 = hearth_test_sim_require (fixture->live.sim, "wled", "5ccf7f20");
  fixture->elgato = hearth_test_sim_require (fixture->live.sim, "elgato", NULL);
}

/* Online, with its light, its state pushed over the WebSocket */
static gboolean
await_pushing (HearthDevice *device,
               guint         timeout_ms)
{
  return hearth_test_await_online (device, HEARTH_LIVE_PUSH, LIGHT, timeout_ms);
}

static HearthControl *
light (HearthDevice *device)
{
  HearthControl *control = hearth_device_find_control (device, LIGHT);

  g_assert_nonnull (control);
  return control;
}

/* Identifies @sim_device, starts its link and waits for the WebSocket */
static HearthLink *
connect_device (Fixture                   *fixture,
                const HearthTestSimDevice *sim_device,
                HearthDevice             **device_out)
{
  const HearthTestLinkSetup setup = {
    .link_type = HEARTH_TYPE_WLED_LINK,
    .poll_ms = POLL_MS,
    .live = HEARTH_LIVE_PUSH,
    .control_id = LIGHT,
  };

  return hearth_test_live_connect (&fixture->live, sim_device, &setup, device_out);
}

/* The link goes once its cancelled requests came back; the device is
 * the caller's */
static void
disconnect_device (HearthLink   *link,
                   HearthDevice *device)
{
  hearth_test_stop_link (link, 2000);
  g_object_unref (device);
}

static JsonObject *
sim_segment (JsonObject *state)
{
  JsonArray *segs = json_object_get_array_member (state, "seg");

  g_assert_nonnull (segs);
  g_assert_cmpuint (json_array_get_length (segs), >=, 1);
  return json_array_get_object_element (segs, 0);
}

/* seg[0].col[0] on the simulator as 0xRRGGBB */
static int
sim_color (JsonObject *state)
{
  JsonArray *col = json_object_get_array_member (sim_segment (state), "col");
  JsonArray *rgb = json_array_get_array_element (col, 0);

  return (int) (json_array_get_int_element (rgb, 0) << 16 |
                json_array_get_int_element (rgb, 1) << 8 |
                json_array_get_int_element (rgb, 2));
}

/* GET @path through the same queue as the link, so it never overlaps */
static JsonObject *
device_get (Fixture                   *fixture,
            const HearthTestSimDevice *sim_device,
            const char                *path)
{
  g_autoptr(HearthHttpQueue) queue = hearth_http_get_queue (fixture->live.http, sim_device->host,
                                                            sim_device->port);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;

  hearth_http_queue_send_async (queue, "GET", path, NULL, NULL, NULL, NULL,
                                hearth_test_store_result, &result);
  hearth_test_await_result (&result, 15000);
  root = hearth_http_queue_send_json_finish (queue, result, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  return json_object_ref (json_node_get_object (root));
}

static gint64
sim_ws_clients (Fixture                   *fixture,
                const HearthTestSimDevice *sim_device)
{
  g_autoptr(JsonObject) info = device_get (fixture, sim_device, "/json/info");

  return json_object_get_int_member (info, "ws");
}

typedef struct
{
  Fixture                   *fixture;
  const HearthTestSimDevice *sim_device;
  gint64                     n;
} WsCount;

static gboolean
ws_clients_are (gpointer data)
{
  WsCount *count = data;

  gint64 n = sim_ws_clients (count->fixture, count->sim_device);

  return n == count->n;
}

/* A closing handshake takes a moment: wait for the count */
static void
await_ws_clients (Fixture                   *fixture,
                  const HearthTestSimDevice *sim_device,
                  gint64                     n)
{
  WsCount count = { fixture, sim_device, n };

  g_assert_true (hearth_test_await (ws_clients_are, &count, 2000));
}

/* Identification */

static void
test_identify (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HearthDevice) esp32 = hearth_test_live_identify (&fixture->live, fixture->esp32, NULL, &error);
  g_autoptr(HearthDevice) esp8266 = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (hearth_device_get_id (esp32), ==, fixture->esp32->id);
  g_assert_cmpuint (strlen (hearth_device_get_id (esp32)), ==, 12);
  g_assert_cmpstr (hearth_device_get_family (esp32), ==, "wled");
  g_assert_cmpstr (hearth_device_get_name (esp32), ==, "WLED");
  g_assert_cmpstr (hearth_device_get_name (esp32), ==, fixture->esp32->name);
  g_assert_cmpstr (hearth_device_get_model (esp32), ==, "WLED ESP32");
  g_assert_cmpstr (hearth_device_get_firmware (esp32), ==, "0.15.0");
  g_assert_cmpstr (hearth_device_get_host (esp32), ==, fixture->esp32->host);
  g_assert_cmpuint (hearth_device_get_port (esp32), ==, fixture->esp32->port);
  g_assert_cmpint (hearth_device_get_live (esp32), ==, HEARTH_LIVE_PUSH);

  esp8266 = hearth_test_live_identify (&fixture->live, fixture->esp8266, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (hearth_device_get_id (esp8266), ==, fixture->esp8266->id);
  g_assert_cmpstr (hearth_device_get_name (esp8266), ==, "Desk Strip");
  g_assert_cmpstr (hearth_device_get_model (esp8266), ==, "WLED ESP8266");
  g_assert_cmpstr (hearth_device_get_firmware (esp8266), ==, "0.14.4");

  /* Another family at that address is not ours */
  hearth_test_live_assert_not_ours (&fixture->live, fixture->elgato);
}

static void
test_service (Fixture       *fixture,
              gconstpointer  data)
{
  const char *txt[] = { "mac=C8C9A3100001", NULL };
  const char *bad[] = { "mac=c8:c9:a3:10:00:01", NULL };
  g_autoptr(HearthService) wled = hearth_service_new ("_wled._tcp", "wled-100001",
                                                      "wled-100001.local", "192.0.2.7", 80, txt);
  g_autoptr(HearthService) http = hearth_service_new ("_http._tcp", "wled-100001",
                                                      "wled-100001.local", "192.0.2.7", 80, NULL);
  g_autoptr(HearthService) odd = hearth_service_new ("_wled._tcp", "wled-100001",
                                                     "wled-100001.local", "192.0.2.7", 80, bad);
  g_autofree char *id = NULL;
  g_autofree char *no_id = NULL;
  const char * const *types = hearth_driver_get_service_types (fixture->live.driver);

  g_assert_cmpstr (hearth_driver_get_family (fixture->live.driver), ==, "wled");
  g_assert_cmpuint (hearth_driver_get_default_port (fixture->live.driver), ==, 80);
  g_assert_true (g_strv_contains (types, "_wled._tcp"));
  g_assert_false (g_strv_contains (types, "_http._tcp"));
  g_assert_true (hearth_driver_claims_service (fixture->live.driver, wled));
  g_assert_false (hearth_driver_claims_service (fixture->live.driver, http));

  id = hearth_driver_get_service_id (fixture->live.driver, wled);
  g_assert_cmpstr (id, ==, "c8c9a3100001");
  no_id = hearth_driver_get_service_id (fixture->live.driver, odd);
  g_assert_null (no_id);
}

/* Status: what the model shows once the WebSocket is up */

static void
test_status (Fixture       *fixture,
             gconstpointer  data)
{
  HearthDevice *device = NULL;
  HearthLink *link = connect_device (fixture, fixture->esp32, &device);
  HearthControl *control = light (device);
  const char * const *effects;

  g_assert_cmpuint (g_list_model_get_n_items (hearth_device_get_controls (device)), ==, 1);
  g_assert_cmpint (hearth_control_get_kind (control), ==, HEARTH_CONTROL_KIND_LIGHT);
  g_assert_cmpstr (hearth_control_get_name (control), ==, "WLED");
  g_assert_cmpuint (hearth_control_get_capabilities (control), ==,
                    HEARTH_CAPABILITY_ON_OFF | HEARTH_CAPABILITY_BRIGHTNESS |
                    HEARTH_CAPABILITY_COLOR | HEARTH_CAPABILITY_EFFECT);
  g_assert_true (hearth_control_get_on (control));
  g_assert_cmpint (hearth_control_get_brightness (control), ==, 50);
  g_assert_cmpint (hearth_control_get_color (control), ==, 0xffa000);
  g_assert_cmpstr (hearth_control_get_effect (control), ==, "Solid");

  /* Effects from /json/eff without the reserved names, then the presets
   * from /presets.json whose names no effect has */
  effects = hearth_control_get_effects (control);
  g_assert_nonnull (effects);
  g_assert_cmpstr (effects[0], ==, "Solid");
  g_assert_true (g_strv_contains (effects, "Candle"));
  g_assert_true (g_strv_contains (effects, "Evening"));
  g_assert_true (g_strv_contains (effects, "Party"));
  g_assert_false (g_strv_contains (effects, "RSVD"));
  g_assert_false (g_strv_contains (effects, "-"));
  {
    guint rainbows = 0;

    for (guint i = 0; effects[i] != NULL; i++)
      rainbows += g_str_equal (effects[i], "Rainbow");
    g_assert_cmpuint (rainbows, ==, 1);
  }

  /* One WebSocket, this one */
  await_ws_clients (fixture, fixture->esp32, 1);

  disconnect_device (link, device);

  /* The RGB + white + CCT strip: colour temperature too, no presets file */
  link = connect_device (fixture, fixture->esp8266, &device);
  control = light (device);
  g_assert_cmpstr (hearth_control_get_name (control), ==, "Desk Strip");
  hearth_test_assert_temperature (control, 1900 + 127 * 32, 1900, 10060);
  g_assert_true (hearth_control_has_capability (control, HEARTH_CAPABILITY_COLOR));
  g_assert_cmpint (hearth_control_get_color (control), ==, 0xffa000);
  effects = hearth_control_get_effects (control);
  g_assert_false (g_strv_contains (effects, "Evening"));
  g_assert_true (g_strv_contains (effects, "Rainbow"));
  disconnect_device (link, device);
}

/* Every action, checked on the simulator's side, one request at a time */

static void
test_actions (Fixture       *fixture,
              gconstpointer  data)
{
  HearthDevice *device = NULL;
  HearthLink *link = connect_device (fixture, fixture->esp32, &device);
  HearthControl *control = light (device);
  guint requests = 0;
  guint max_in_flight = 0;

  hearth_test_sim_reset_stats (fixture->esp32);

  hearth_test_apply_ok (link, LIGHT, "off");
  {
    g_autoptr(JsonObject) state = hearth_test_sim_get_state_object (fixture->esp32);

    g_assert_false (json_object_get_boolean_member (state, "on"));
    /* The brightness is kept for when it comes back on */
    g_assert_cmpint (json_object_get_int_member (state, "bri"), ==, 128);
  }
  g_assert_false (hearth_control_get_on (control));
  g_assert_cmpint (hearth_control_get_brightness (control), ==, 50);

  hearth_test_apply_ok (link, LIGHT, "on");
  {
    g_autoptr(JsonObject) state = hearth_test_sim_get_state_object (fixture->esp32);

    g_assert_true (json_object_get_boolean_member (state, "on"));
  }
  g_assert_true (hearth_control_get_on (control));

  hearth_test_apply_ok (link, LIGHT, "toggle");
  {
    g_autoptr(JsonObject) state = hearth_test_sim_get_state_object (fixture->esp32);

    g_assert_false (json_object_get_boolean_member (state, "on"));
  }
  g_assert_false (hearth_control_get_on (control));
  hearth_test_apply_ok (link, LIGHT, "toggle");
  g_assert_true (hearth_control_get_on (control));

  hearth_test_apply_ok (link, LIGHT, "brightness=20");
  {
    g_autoptr(JsonObject) state = hearth_test_sim_get_state_object (fixture->esp32);

    g_assert_cmpint (json_object_get_int_member (state, "bri"), ==, 51);
  }
  g_assert_cmpint (hearth_control_get_brightness (control), ==, 20);

  hearth_test_apply_ok (link, LIGHT, "brightness=100");
  {
    g_autoptr(JsonObject) state = hearth_test_sim_get_state_object (fixture->esp32);

    g_assert_cmpint (json_object_get_int_member (state, "bri"), ==, 255);
  }

  hearth_test_apply_ok (link, LIGHT, "color=#00ff80");
  {
    g_autoptr(JsonObject) state = hearth_test_sim_get_state_object (fixture->esp32);

    g_assert_cmpint (sim_color (state), ==, 0x00ff80);
  }
  g_assert_cmpint (hearth_control_get_color (control), ==, 0x00ff80);

  hearth_test_apply_ok (link, LIGHT, "effect=Rainbow");
  {
    g_autoptr(JsonObject) state = hearth_test_sim_get_state_object (fixture->esp32);

    g_assert_cmpint (json_object_get_int_member (sim_segment (state), "fx"), ==, 9);
    g_assert_cmpint (json_object_get_int_member (state, "ps"), ==, -1);
  }
  g_assert_cmpstr (hearth_control_get_effect (control), ==, "Rainbow");

  /* A preset: its own brightness and colour come with it */
  hearth_test_apply_ok (link, LIGHT, "effect=Evening");
  {
    g_autoptr(JsonObject) state = hearth_test_sim_get_state_object (fixture->esp32);

    g_assert_cmpint (json_object_get_int_member (state, "ps"), ==, 1);
    g_assert_cmpint (json_object_get_int_member (state, "bri"), ==, 90);
    g_assert_cmpint (sim_color (state), ==, 0xff9329);
  }
  g_assert_cmpstr (hearth_control_get_effect (control), ==, "Evening");
  g_assert_cmpint (hearth_control_get_brightness (control), ==, 35);
  g_assert_cmpint (hearth_control_get_color (control), ==, 0xff9329);

  /* Turning off by brightness 0 never sends bri 0 */
  hearth_test_apply_ok (link, LIGHT, "brightness=0");
  {
    g_autoptr(JsonObject) state = hearth_test_sim_get_state_object (fixture->esp32);

    g_assert_false (json_object_get_boolean_member (state, "on"));
    g_assert_cmpint (json_object_get_int_member (state, "bri"), ==, 90);
  }
  g_assert_false (hearth_control_get_on (control));

  /* Brightness on a light that is off turns it on, as the firmware does */
  hearth_test_apply_ok (link, LIGHT, "brightness=60");
  {
    g_autoptr(JsonObject) state = hearth_test_sim_get_state_object (fixture->esp32);

    g_assert_true (json_object_get_boolean_member (state, "on"));
    g_assert_cmpint (json_object_get_int_member (state, "bri"), ==, 153);
  }
  g_assert_true (hearth_control_get_on (control));
  g_assert_cmpint (hearth_control_get_brightness (control), ==, 60);

  /* What this light cannot do is refused before anything is sent */
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (hearth_test_apply (link, LIGHT, "temperature=2700", &error));
    g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED);
  }

  /* Gentle: never more than one HTTP request at a time */
  hearth_test_sim_get_stats (fixture->esp32, &requests, &max_in_flight);
  g_test_message ("%u requests, at most %u in flight", requests, max_in_flight);
  g_assert_cmpuint (requests, >=, 11);
  g_assert_cmpuint (max_in_flight, ==, 1);

  disconnect_device (link, device);

  /* Colour temperature on the CCT strip */
  link = connect_device (fixture, fixture->esp8266, &device);
  control = light (device);
  hearth_test_apply_ok (link, LIGHT, "temperature=2700");
  {
    g_autoptr(JsonObject) state = hearth_test_sim_get_state_object (fixture->esp8266);

    g_assert_cmpint (json_object_get_int_member (sim_segment (state), "cct"), ==, 25);
  }
  g_assert_cmpint (hearth_control_get_temperature (control), ==, 2700);
  hearth_test_apply_ok (link, LIGHT, "color=#102030");
  {
    g_autoptr(JsonObject) state = hearth_test_sim_get_state_object (fixture->esp8266);
    JsonArray *col = json_object_get_array_member (sim_segment (state), "col");

    /* RGBW: four channels */
    g_assert_cmpuint (json_array_get_length (json_array_get_array_element (col, 0)), ==, 4);
    g_assert_cmpint (sim_color (state), ==, 0x102030);
  }
  g_assert_cmpint (hearth_control_get_color (control), ==, 0x102030);
  disconnect_device (link, device);
}

/* A burst of changes: coalesced, one request at a time, ending at the last */

static void
test_burst (Fixture       *fixture,
            gconstpointer  data)
{
  HearthDevice *device = NULL;
  HearthLink *link = connect_device (fixture, fixture->esp32, &device);
  guint requests = 0;
  guint max_in_flight = 0;

  hearth_test_sim_reset_stats (fixture->esp32);
  hearth_test_apply_burst (link, LIGHT, 50, 15000);

  {
    g_autoptr(JsonObject) state = hearth_test_sim_get_state_object (fixture->esp32);

    g_assert_cmpint (json_object_get_int_member (state, "bri"), ==, 255);
  }
  g_assert_cmpint (hearth_control_get_brightness (light (device)), ==, 100);

  hearth_test_sim_get_stats (fixture->esp32, &requests, &max_in_flight);
  g_test_message ("50 changes: %u requests, at most %u in flight", requests, max_in_flight);
  g_assert_cmpuint (requests, <=, 5);
  g_assert_cmpuint (max_in_flight, ==, 1);

  disconnect_device (link, device);
}

/* Changes made at the device reach the model over the WebSocket */

typedef struct
{
  HearthControl *control;
  int            brightness;
  int            color;
  int            on;
} Expect;

static gboolean
control_matches (gpointer data)
{
  Expect *expect = data;

  return (expect->on < 0 || hearth_control_get_on (expect->control) == expect->on) &&
         (expect->brightness < 0 ||
          hearth_control_get_brightness (expect->control) == expect->brightness) &&
         (expect->color < 0 || hearth_control_get_color (expect->control) == expect->color);
}

/* Changes @json at the simulator; returns how long the model took, in ms */
static double
sim_change_reaches_model (const HearthTestSimDevice *sim_device,
                          HearthControl             *control,
                          const char                *json,
                          int                        on,
                          int                        brightness,
                          int                        color,
                          guint                      timeout_ms)
{
  Expect expect = { control, brightness, color, on };
  gint64 start = g_get_monotonic_time ();

  hearth_test_sim_set_state (sim_device, json);
  g_assert_true (hearth_test_await (control_matches, &expect, timeout_ms));
  return (g_get_monotonic_time () - start) / 1000.0;
}

static void
test_push (Fixture       *fixture,
           gconstpointer  data)
{
  HearthDevice *device = NULL;
  HearthLink *link = connect_device (fixture, fixture->esp32, &device);
  HearthControl *control = light (device);
  double ms;

  /* Polling is slow here on purpose: only the WebSocket can be this fast */
  hearth_link_set_poll_interval (link, 60000);

  ms = sim_change_reaches_model (fixture->esp32, control, "{\"on\":false}", FALSE, -1, -1, 1000);
  g_test_message ("{\"on\":false} reached the model in %.0f ms", ms);
  ms = sim_change_reaches_model (fixture->esp32, control, "{\"on\":true,\"bri\":40}",
                                 TRUE, 16, -1, 1000);
  g_test_message ("{\"bri\":40} reached the model in %.0f ms", ms);
  ms = sim_change_reaches_model (fixture->esp32, control,
                                 "{\"seg\":[{\"id\":0,\"col\":[[1,2,3]]}]}", -1, -1, 0x010203, 1000);
  g_test_message ("a colour reached the model in %.0f ms", ms);
  ms = sim_change_reaches_model (fixture->esp32, control, "{\"on\":\"t\"}", FALSE, -1, -1, 1000);
  g_test_message ("a toggle reached the model in %.0f ms", ms);
  g_assert_cmpint (hearth_device_get_live (device), ==, HEARTH_LIVE_PUSH);

  /* A preset picked at the device names the effect */
  hearth_test_sim_set_state (fixture->esp32, "{\"ps\":2}");
  {
    Expect expect = { control, 78, -1, TRUE };

    g_assert_true (hearth_test_await (control_matches, &expect, 1000));
  }
  g_assert_cmpstr (hearth_control_get_effect (control), ==, "Party");

  disconnect_device (link, device);
}

/* The WebSocket drops: polling meanwhile, then back to push */

static void
test_reconnect (Fixture       *fixture,
                gconstpointer  data)
{
  HearthDevice *device = NULL;
  HearthLink *link = connect_device (fixture, fixture->esp32, &device);
  HearthControl *control = light (device);
  gint64 start;
  double ms;

  /* Dropped, and refused for a while: the link polls */
  hearth_test_sim_set_state (fixture->esp32, "{\"ws\":\"refuse\"}");
  g_assert_true (hearth_test_await_live (device, HEARTH_LIVE_POLL, 1000));
  g_assert_cmpint (hearth_device_get_state (device), ==, HEARTH_DEVICE_STATE_ONLINE);
  ms = sim_change_reaches_model (fixture->esp32, control, "{\"bri\":200}", TRUE, 78, -1,
                                 POLL_MS * 5);
  g_test_message ("while polling, a change reached the model in %.0f ms", ms);
  g_assert_cmpint (hearth_device_get_live (device), ==, HEARTH_LIVE_POLL);

  /* The first retry (after a second) is refused too: still polling */
  g_assert_false (await_pushing (device, 1500));
  g_assert_cmpint (hearth_device_get_state (device), ==, HEARTH_DEVICE_STATE_ONLINE);

  /* Accepted again: back to push after the (longer) backoff */
  hearth_test_sim_set_state (fixture->esp32, "{\"ws\":\"accept\"}");
  start = g_get_monotonic_time ();
  g_assert_true (await_pushing (device, 15000));
  g_test_message ("the WebSocket came back after %.1f s",
                  (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);

  /* Polling is slow from here: only the new WebSocket can be this fast */
  hearth_link_set_poll_interval (link, 60000);
  ms = sim_change_reaches_model (fixture->esp32, control, "{\"bri\":20}", TRUE, 8, -1, 1000);
  g_test_message ("after reconnecting, a change reached the model in %.0f ms", ms);

  /* A plain drop: reconnects within the first backoff */
  hearth_test_sim_set_state (fixture->esp32, "{\"ws\":\"drop\"}");
  g_assert_true (hearth_test_await_live (device, HEARTH_LIVE_POLL, 1000));
  g_assert_true (await_pushing (device, 5000));
  /* The state changed while it was down is there at once */
  hearth_test_sim_set_state (fixture->esp32, "{\"ws\":\"drop\"}");
  g_assert_true (hearth_test_await_live (device, HEARTH_LIVE_POLL, 1000));
  hearth_test_sim_set_state (fixture->esp32, "{\"seg\":[{\"id\":0,\"col\":[[9,8,7]]}]}");
  g_assert_true (await_pushing (device, 5000));
  g_assert_cmpint (hearth_control_get_color (control), ==, 0x090807);

  /* Still one WebSocket */
  await_ws_clients (fixture, fixture->esp32, 1);

  disconnect_device (link, device);

  /* Nobody left connected once the link stopped */
  await_ws_clients (fixture, fixture->esp32, 0);
}

/* A WebSocket that stays open but says nothing, not even "pong" */

static void
test_heartbeat (Fixture       *fixture,
                gconstpointer  data)
{
  HearthDevice *device = NULL;
  HearthLink *link = connect_device (fixture, fixture->esp32, &device);
  guint requests = 0;
  guint max_in_flight = 0;

  hearth_link_set_liveness_interval (link, 100);

  /* Answered: the channel stays up across several heartbeats */
  hearth_test_sim_reset_stats (fixture->esp32);
  g_assert_false (hearth_test_await_live (device, HEARTH_LIVE_POLL, 600));
  hearth_test_sim_get_stats (fixture->esp32, &requests, &max_in_flight);
  /* Heartbeats travel over the WebSocket, not as HTTP requests */
  g_assert_cmpuint (requests, ==, 0);

  hearth_test_sim_set_state (fixture->esp32, "{\"ws\":\"mute\"}");
  g_assert_true (hearth_test_await_live (device, HEARTH_LIVE_POLL, 1000));
  hearth_test_sim_set_state (fixture->esp32, "{\"ws\":\"accept\"}");
  g_assert_true (await_pushing (device, 5000));

  disconnect_device (link, device);
}

/* The simulator's WebSocket limits, as the firmware's */

typedef struct
{
  SoupWebsocketConnection *ws;
  guint                    messages;
  char                    *last;
  gboolean                 closed;
} Client;

static void
on_client_message (SoupWebsocketConnection *ws,
                   int                      type,
                   GBytes                  *message,
                   gpointer                 user_data)
{
  Client *client = user_data;
  gsize size;
  const char *text = g_bytes_get_data (message, &size);

  client->messages++;
  g_free (client->last);
  client->last = g_strndup (text, size);
}

static void
on_client_closed (SoupWebsocketConnection *ws,
                  gpointer                 user_data)
{
  ((Client *) user_data)->closed = TRUE;
}

static gboolean
client_has_message (gpointer data)
{
  return ((Client *) data)->messages > 0;
}

static gboolean
client_closed (gpointer data)
{
  return ((Client *) data)->closed;
}

static gboolean
client_ponged (gpointer data)
{
  return g_strcmp0 (((Client *) data)->last, "pong") == 0;
}

static void
client_open (Fixture                   *fixture,
             const HearthTestSimDevice *sim_device,
             Client                    *client)
{
  g_autoptr(HearthHttpQueue) queue = hearth_http_get_queue (fixture->live.http, sim_device->host,
                                                            sim_device->port);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  hearth_http_queue_websocket_async (queue, "/ws", NULL, hearth_test_store_result, &result);
  hearth_test_await_result (&result, 15000);
  client->ws = hearth_http_queue_websocket_finish (queue, result, &error);
  g_assert_no_error (error);
  g_signal_connect (client->ws, "message", G_CALLBACK (on_client_message), client);
  g_signal_connect (client->ws, "closed", G_CALLBACK (on_client_closed), client);
  /* The first message: state and info */
  g_assert_true (hearth_test_await (client_has_message, client, 5000));
}

static void
client_close (Client *client)
{
  g_signal_handlers_disconnect_by_data (client->ws, client);
  if (soup_websocket_connection_get_state (client->ws) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (client->ws, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  g_clear_object (&client->ws);
  g_clear_pointer (&client->last, g_free);
}

static void
test_sim_websocket (Fixture       *fixture,
                    gconstpointer  data)
{
  Client clients[3] = { { 0, }, };
  g_autoptr(JsonNode) first = NULL;

  /* The ESP8266 takes 2 clients: a third closes the oldest */
  for (guint i = 0; i < 3; i++)
    client_open (fixture, fixture->esp8266, &clients[i]);
  g_assert_true (hearth_test_await (client_closed, &clients[0], 2000));
  g_assert_false (clients[1].closed);
  g_assert_false (clients[2].closed);
  await_ws_clients (fixture, fixture->esp8266, 2);

  /* The first message is state + info, as the capture */
  first = json_from_string (clients[2].last, NULL);
  g_assert_nonnull (first);
  g_assert_nonnull (json_object_get_object_member (json_node_get_object (first), "state"));
  g_assert_nonnull (json_object_get_object_member (json_node_get_object (first), "info"));

  /* The heartbeat */
  soup_websocket_connection_send_text (clients[2].ws, "ping");
  g_assert_true (hearth_test_await (client_ponged, &clients[2], 2000));

  /* A change over the WebSocket reaches every client */
  clients[1].messages = 0;
  soup_websocket_connection_send_text (clients[2].ws, "{\"bri\":33}");
  g_assert_true (hearth_test_await (client_has_message, &clients[1], 1000));
  g_assert_nonnull (strstr (clients[1].last, "\"bri\":33"));

  for (guint i = 0; i < 3; i++)
    client_close (&clients[i]);
}

/* Bad answers become errors and roll back; nothing crashes */

/* A refresh (polling, no WebSocket) reads the effects and presets too,
 * within the refresh's own task and cancellable */

static void
test_refresh_catalog (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HearthDevice) device = hearth_test_live_identify (&fixture->live, fixture->esp32,
                                                              NULL, &error);
  g_autoptr(HearthLink) link = NULL;
  const char * const *effects;

  g_assert_no_error (error);
  link = hearth_driver_create_link (fixture->live.driver, device, fixture->live.http);

  g_assert_true (hearth_test_refresh (link, &error));
  g_assert_no_error (error);

  effects = hearth_control_get_effects (light (device));
  g_assert_nonnull (effects);
  g_assert_cmpstr (effects[0], ==, "Solid");
  g_assert_true (g_strv_contains (effects, "Candle"));
  g_assert_true (g_strv_contains (effects, "Evening"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  hearth_test_add_live (path, Fixture, NULL, fixture_set_up, func)

  ADD ("/wled-live/identify", test_identify);
  ADD ("/wled-live/service", test_service);
  ADD ("/wled-live/status", test_status);
  ADD ("/wled-live/refresh-catalog", test_refresh_catalog);
  ADD ("/wled-live/actions", test_actions);
  ADD ("/wled-live/burst", test_burst);
  ADD ("/wled-live/push", test_push);
  ADD ("/wled-live/reconnect", test_reconnect);
  ADD ("/wled-live/heartbeat", test_heartbeat);
  ADD ("/wled-live/sim-websocket", test_sim_websocket);

#undef ADD

  return g_test_run ();
}
