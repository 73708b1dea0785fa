/* test-elgato-live.c: the Elgato driver and link against hearth-sim, over real sockets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hearth-test-utils.h"
#include "hearth-elgato-driver.h"

#define POLL_MS 200
#define LIGHT   "light:0"

typedef struct
{
  HearthTestLive             live;
  const HearthTestSimDevice *keylight;
  const HearthTestSimDevice *strip;
  const HearthTestSimDevice *wled;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  hearth_test_live_start (&fixture->live, HEARTH_TYPE_ELGATO_DRIVER, NULL,
                          "--elgato", "1",
                          "--device", "elgato:lightstrip",
                          "--wled", "1",
                          NULL);
  /* Key Light serials start CN, Light Strip serials EW, as on real ones */
  fixture->keylight = hearth_test_sim_require (fixture->live.sim, "elgato", "CN");
  fixture->strip = hearth_test_sim_require (fixture->live.sim, "elgato", "EW");
  fixture->wled = hearth_test_sim_require (fixture->live.sim, "wled", NULL);
}

/* Identifies @sim_device and starts its link, polling every POLL_MS: the
 * family polls by default, every few seconds */
static HearthLink *
connect_device (Fixture                   *fixture,
                const HearthTestSimDevice *sim_device,
                HearthDevice             **device_out)
{
  static const HearthTestLinkSetup setup = {
    .default_poll_ms = 5000,
    .poll_ms = POLL_MS,
    .live = HEARTH_LIVE_POLL,
    .control_id = LIGHT,
  };

  return hearth_test_live_connect (&fixture->live, sim_device, &setup, device_out);
}

/* Light 0 of the simulator's state, as the device itself has it */
static JsonObject *
sim_light (const HearthTestSimDevice *sim_device)
{
  g_autoptr(JsonNode) state = hearth_test_sim_get_state (sim_device);
  JsonObject *object;
  JsonArray *lights;

  g_assert_true (JSON_NODE_HOLDS_OBJECT (state));
  object = json_node_get_object (state);
  g_assert_cmpint (json_object_get_int_member_with_default (object, "numberOfLights", -1), ==, 1);
  lights = json_object_get_array_member (object, "lights");
  g_assert_nonnull (lights);
  g_assert_cmpuint (json_array_get_length (lights), ==, 1);

  return json_object_ref (json_array_get_object_element (lights, 0));
}

/* Identification */

static void
test_identify (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HearthDevice) keylight = hearth_test_live_identify (&fixture->live, fixture->keylight, NULL, &error);
  g_autoptr(HearthDevice) strip = NULL;

  g_assert_no_error (error);
  /* The serial number, not the MAC */
  g_assert_cmpstr (hearth_device_get_id (keylight), ==, fixture->keylight->id);
  g_assert_cmpstr (hearth_device_get_family (keylight), ==, "elgato");
  /* A fresh Key Light's displayName is empty: the product name stands in */
  g_assert_cmpstr (hearth_device_get_name (keylight), ==, "Elgato Key Light");
  g_assert_cmpstr (hearth_device_get_name (keylight), ==, fixture->keylight->name);
  g_assert_cmpstr (hearth_device_get_model (keylight), ==, "Elgato Key Light");
  g_assert_cmpstr (hearth_device_get_firmware (keylight), ==, "1.0.3 (build 218)");
  g_assert_cmpstr (hearth_device_get_host (keylight), ==, fixture->keylight->host);
  g_assert_cmpuint (hearth_device_get_port (keylight), ==, fixture->keylight->port);

  /* The Light Strip has no displayName at all */
  strip = hearth_test_live_identify (&fixture->live, fixture->strip, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (hearth_device_get_id (strip), ==, fixture->strip->id);
  g_assert_cmpstr (hearth_device_get_name (strip), ==, "Elgato Light Strip");
  g_assert_cmpstr (hearth_device_get_model (strip), ==, "Elgato Light Strip");
  g_assert_cmpstr (hearth_device_get_firmware (strip), ==, "1.0.4 (build 211)");

  /* A WLED at that address is not an Elgato light */
  hearth_test_live_assert_not_ours (&fixture->live, fixture->wled);
}

static void
test_identify_renamed (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HearthDevice) device = NULL;
  g_autofree char *answer = NULL;
  guint status = 0;

  answer = hearth_test_sim_request (fixture->keylight, "PUT", "/elgato/accessory-info",
                                    "{\"displayName\":\"Desk\"}", &status);
  g_assert_cmpuint (status, ==, 200);
  device = hearth_test_live_identify (&fixture->live, fixture->keylight, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (hearth_device_get_name (device), ==, "Desk");
  g_assert_cmpstr (hearth_device_get_model (device), ==, "Elgato Key Light");
}

/* Status and actions */

static void
test_keylight (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(HearthDevice) device = NULL;
  g_autoptr(JsonObject) light = NULL;
  HearthLink *link;
  HearthControl *control;
  guint max_in_flight = 0;

  hearth_test_sim_reset_stats (fixture->keylight);
  link = connect_device (fixture, fixture->keylight, &device);
  control = hearth_device_find_control (device, LIGHT);
  g_assert_cmpuint (g_list_model_get_n_items (hearth_device_get_controls (device)), ==, 1);
  g_assert_cmpint (hearth_control_get_kind (control), ==, HEARTH_CONTROL_KIND_LIGHT);
  g_assert_cmpstr (hearth_control_get_name (control), ==, "Elgato Key Light");
  g_assert_false (hearth_control_has_capability (control, HEARTH_CAPABILITY_COLOR));
  g_assert_true (hearth_control_has_capability (control, HEARTH_CAPABILITY_TEMPERATURE));

  /* The status is what the device has */
  light = sim_light (fixture->keylight);
  g_assert_cmpint (hearth_control_get_on (control), ==,
                   json_object_get_int_member (light, "on") == 1);
  g_assert_cmpint (hearth_control_get_brightness (control), ==,
                   json_object_get_int_member (light, "brightness"));
  g_assert_cmpint (hearth_control_get_temperature (control), ==,
                   (int) (1000000.0 / json_object_get_int_member (light, "temperature") + 0.5));
  g_assert_cmpint (hearth_control_get_color (control), ==, -1);
  g_clear_pointer (&light, json_object_unref);

  hearth_test_apply_ok (link, LIGHT, "on");
  light = sim_light (fixture->keylight);
  g_assert_cmpint (json_object_get_int_member (light, "on"), ==, 1);
  g_assert_true (hearth_control_get_on (control));
  g_clear_pointer (&light, json_object_unref);

  hearth_test_apply_ok (link, LIGHT, "off");
  light = sim_light (fixture->keylight);
  g_assert_cmpint (json_object_get_int_member (light, "on"), ==, 0);
  g_assert_false (hearth_control_get_on (control));
  g_clear_pointer (&light, json_object_unref);

  hearth_test_apply_ok (link, LIGHT, "toggle");
  light = sim_light (fixture->keylight);
  g_assert_cmpint (json_object_get_int_member (light, "on"), ==, 1);
  g_assert_true (hearth_control_get_on (control));
  g_clear_pointer (&light, json_object_unref);

  hearth_test_apply_ok (link, LIGHT, "brightness=25");
  light = sim_light (fixture->keylight);
  g_assert_cmpint (json_object_get_int_member (light, "brightness"), ==, 25);
  g_assert_cmpint (hearth_control_get_brightness (control), ==, 25);
  g_clear_pointer (&light, json_object_unref);

  /* 5000 K is 200 mireds */
  hearth_test_apply_ok (link, LIGHT, "temperature=5000");
  light = sim_light (fixture->keylight);
  g_assert_cmpint (json_object_get_int_member (light, "temperature"), ==, 200);
  g_assert_cmpint (hearth_control_get_temperature (control), ==, 5000);
  g_clear_pointer (&light, json_object_unref);

  /* 3000 K is 333 mireds, which the device reports back as 3003 K */
  hearth_test_apply_ok (link, LIGHT, "temperature=3000");
  light = sim_light (fixture->keylight);
  g_assert_cmpint (json_object_get_int_member (light, "temperature"), ==, 333);
  g_assert_cmpint (hearth_control_get_temperature (control), ==, 3003);
  g_clear_pointer (&light, json_object_unref);

  /* A Key Light has no colour: refused before anything is sent */
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (hearth_test_apply (link, LIGHT, "color=#ff0000", &error));
    g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED);
  }

  hearth_test_sim_get_stats (fixture->keylight, NULL, &max_in_flight);
  g_assert_cmpuint (max_in_flight, ==, 1);

  hearth_test_stop_link (link, 0);
}

static void
test_lightstrip (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(HearthDevice) device = NULL;
  g_autoptr(JsonObject) light = NULL;
  HearthLink *link;
  HearthControl *control;
  int expected;

  link = connect_device (fixture, fixture->strip, &device);
  control = hearth_device_find_control (device, LIGHT);
  g_assert_true (hearth_control_has_capability (control, HEARTH_CAPABILITY_COLOR));
  g_assert_true (hearth_control_has_capability (control, HEARTH_CAPABILITY_TEMPERATURE));
  g_assert_cmpint (hearth_control_get_temperature_min (control), ==, 3509);
  g_assert_cmpint (hearth_control_get_temperature_max (control), ==, 6536);

  /* The simulated strip starts in colour mode: hue 30, saturation 80, 40 % */
  light = sim_light (fixture->strip);
  g_assert_true (json_object_has_member (light, "hue"));
  g_assert_false (json_object_has_member (light, "temperature"));
  g_assert_cmpint (hearth_control_get_brightness (control), ==,
                   json_object_get_int_member (light, "brightness"));
  /* by hand: v = 0.4, c = 0.32, x = 0.16, m = 0.08 → (102, 61, 20) */
  g_assert_cmpint (hearth_control_get_color (control), ==, 0x663d14);
  g_assert_cmpint (hearth_control_get_temperature (control), ==, -1);
  g_clear_pointer (&light, json_object_unref);

  hearth_test_apply_ok (link, LIGHT, "on color=#ff0000");
  light = sim_light (fixture->strip);
  g_assert_cmpint (json_object_get_int_member (light, "on"), ==, 1);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (light, "hue"), 0.0, 0.01);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (light, "saturation"), 100.0, 0.01);
  g_assert_cmpint (json_object_get_int_member (light, "brightness"), ==, 100);
  g_assert_cmpint (hearth_control_get_color (control), ==, 0xff0000);
  g_assert_cmpint (hearth_control_get_brightness (control), ==, 100);
  g_clear_pointer (&light, json_object_unref);

  /* A darker colour: its value is the brightness */
  hearth_test_apply_ok (link, LIGHT, "color=#004080");
  light = sim_light (fixture->strip);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (light, "hue"), 210.0, 0.1);
  g_assert_cmpint (json_object_get_int_member (light, "brightness"), ==, 50);
  /* hue 210, saturation 100, value 50 % comes back as #004080 */
  g_assert_cmpint (hearth_control_get_color (control), ==, 0x004080);
  g_clear_pointer (&light, json_object_unref);

  /* Dimming keeps the hue */
  hearth_test_apply_ok (link, LIGHT, "brightness=20");
  light = sim_light (fixture->strip);
  g_assert_cmpint (json_object_get_int_member (light, "brightness"), ==, 20);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (light, "hue"), 210.0, 0.1);
  expected = 0x001a33;  /* hue 210, s 100, v 20 % */
  g_assert_cmpint (hearth_control_get_color (control), ==, expected);
  g_clear_pointer (&light, json_object_unref);

  /* A white: temperature only (the device was never sent it with hue) */
  hearth_test_apply_ok (link, LIGHT, "temperature=4000");
  light = sim_light (fixture->strip);
  g_assert_cmpint (json_object_get_int_member (light, "temperature"), ==, 250);
  g_assert_false (json_object_has_member (light, "hue"));
  g_assert_cmpint (hearth_control_get_temperature (control), ==, 4000);
  g_assert_cmpint (hearth_control_get_color (control), ==, -1);
  g_clear_pointer (&light, json_object_unref);

  hearth_test_stop_link (link, 0);
}

/* Changes made at the device, bursts, misbehaviour */

typedef struct
{
  HearthControl *control;
  gboolean       on;
  int            brightness;
} Expect;

static gboolean
control_matches (gpointer data)
{
  Expect *expect = data;

  return hearth_control_get_on (expect->control) == expect->on &&
         hearth_control_get_brightness (expect->control) == expect->brightness;
}

static void
test_change_at_device (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(HearthDevice) device = NULL;
  HearthLink *link;
  Expect expect;
  gint64 start;

  link = connect_device (fixture, fixture->keylight, &device);
  expect.control = hearth_device_find_control (device, LIGHT);
  expect.on = TRUE;
  expect.brightness = 77;
  g_assert_false (control_matches (&expect));

  /* Someone presses the light's own button: the next poll shows it */
  start = g_get_monotonic_time ();
  hearth_test_sim_set_state (fixture->keylight, "{\"on\":1,\"brightness\":77}");
  g_assert_true (hearth_test_await (control_matches, &expect, 2000));
  g_test_message ("seen after %" G_GINT64_FORMAT " ms", (g_get_monotonic_time () - start) / 1000);

  /* The same with the wrapper the device's API uses */
  expect.on = FALSE;
  expect.brightness = 12;
  hearth_test_sim_set_state (fixture->keylight,
                             "{\"numberOfLights\":1,\"lights\":[{\"on\":0,\"brightness\":12}]}");
  g_assert_true (hearth_test_await (control_matches, &expect, 2000));

  hearth_test_stop_link (link, 0);
}

static void
test_burst (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(HearthDevice) device = NULL;
  g_autoptr(JsonObject) light = NULL;
  HearthLink *link;
  guint requests = 0, max_in_flight = 0;

  link = connect_device (fixture, fixture->keylight, &device);
  hearth_test_sim_reset_stats (fixture->keylight);

  hearth_test_apply_burst (link, LIGHT, 50, 10000);

  light = sim_light (fixture->keylight);
  g_assert_cmpint (json_object_get_int_member (light, "brightness"), ==, 100);
  g_assert_cmpint (hearth_control_get_brightness (hearth_device_find_control (device, LIGHT)),
                   ==, 100);

  hearth_test_sim_get_stats (fixture->keylight, &requests, &max_in_flight);
  g_test_message ("50 changes: %u requests, at most %u in flight", requests, max_in_flight);
  /* Coalesced: a handful of PUTs (and polls), never two at once */
  g_assert_cmpuint (requests, <, 15);
  g_assert_cmpuint (max_in_flight, ==, 1);

  hearth_test_stop_link (link, 0);
}

static gboolean
request_in_flight (gpointer data)
{
  const HearthTestSimDevice *sim_device = data;
  guint in_flight = 0;

  hearth_test_sim_get_stats_full (sim_device, NULL, NULL, &in_flight, NULL);
  return in_flight > 0;
}

/* Stopped while a poll's request hangs at the light: the refresh under way
 * holds the link until its cancellation comes back, a turn of the main loop
 * later, long before the request's own 10 s deadline would end it */
static void
test_stop_while_refreshing (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(HearthDevice) device = NULL;
  HearthLink *link;
  gint64 start;

  g_assert_cmpuint (hearth_http_get_deadline_ms (fixture->live.http), ==,
                    HEARTH_HTTP_DEFAULT_DEADLINE_SECONDS * 1000);
  link = connect_device (fixture, fixture->keylight, &device);

  hearth_test_sim_misbehave (fixture->keylight, "hang");
  g_assert_true (hearth_test_await (request_in_flight, (gpointer) fixture->keylight, 3000));

  start = g_get_monotonic_time ();
  hearth_test_stop_link (link, 0);
  g_test_message ("finalized after %" G_GINT64_FORMAT " ms",
                  (g_get_monotonic_time () - start) / 1000);
  /* Stopping is no failure of the light's */
  g_assert_cmpint (hearth_device_get_state (device), !=, HEARTH_DEVICE_STATE_UNAVAILABLE);
  hearth_test_sim_misbehave (fixture->keylight, "none");
}

static void
test_sim_refuses_nonsense (Fixture       *fixture,
                           gconstpointer  data)
{
  static const struct {
    const char *body;
    guint       status;
  } cases[] = {
    { "{\"numberOfLights\":1,\"lights\":[{\"on\":true}]}", 400 },
    { "{\"numberOfLights\":1,\"lights\":[{\"on\":2}]}", 400 },
    { "{\"numberOfLights\":1,\"lights\":[{\"brightness\":\"high\"}]}", 400 },
    { "{\"numberOfLights\":1,\"lights\":[{\"hue\":10,\"saturation\":50}]}", 400 },
    { "{\"numberOfLights\":1,\"lights\":[]}", 400 },
    { "{\"on\":1}", 400 },
    { "not json", 400 },
    { "{\"numberOfLights\":1,\"lights\":[{\"brightness\":150,\"temperature\":900}]}", 200 },
  };
  g_autoptr(JsonObject) light = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *answer = NULL;
      guint status = 0;

      answer = hearth_test_sim_request (fixture->keylight, "PUT", "/elgato/lights",
                                        cases[i].body, &status);
      g_test_message ("%s → %u %s", cases[i].body, status, answer);
      g_assert_cmpuint (status, ==, cases[i].status);
    }

  /* Out of range, but numbers: clamped as a light would */
  light = sim_light (fixture->keylight);
  g_assert_cmpint (json_object_get_int_member (light, "brightness"), ==, 100);
  g_assert_cmpint (json_object_get_int_member (light, "temperature"), ==, 344);
  g_clear_pointer (&light, json_object_unref);

  /* The strip refuses temperature together with hue */
  {
    g_autofree char *answer = NULL;
    guint status = 0;

    answer = hearth_test_sim_request (fixture->strip, "PUT", "/elgato/lights",
                                      "{\"numberOfLights\":1,\"lights\":[{\"hue\":10,\"temperature\":200}]}",
                                      &status);
    g_assert_cmpuint (status, ==, 400);
  }
}

int
main (int    argc,
      char **argv)
{
  /* Not G_TEST_OPTION_ISOLATE_DIRS: a SoupSession loads GIO's default
   * proxy resolver, whose GNOME module aborts without GSettings schemas,
   * and isolated XDG_DATA_DIRS hide them. Nothing here writes files. */
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  hearth_test_add_live ("/elgato-live/" path, Fixture, NULL, fixture_set_up, func)

  ADD ("identify", test_identify);
  ADD ("identify/renamed", test_identify_renamed);
  ADD ("keylight", test_keylight);
  ADD ("lightstrip", test_lightstrip);
  ADD ("change-at-device", test_change_at_device);
  ADD ("burst", test_burst);
  ADD ("stop-while-refreshing", test_stop_while_refreshing);
  ADD ("sim-refuses-nonsense", test_sim_refuses_nonsense);

#undef ADD

  return g_test_run ();
}
