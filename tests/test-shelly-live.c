/* test-shelly-live.c: the Shelly Gen2+ driver and link against hearth-sim,
 * over real sockets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "hearth-shelly-driver.h"
#include "hearth-shelly-link.h"
#include "hearth-test-utils.h"

#define PASSWORD "c0rrect horse"

typedef struct
{
  HearthTestLive live;
} Fixture;

/* The whole simulated range, one device of each variant */
static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  /* The test's data: the password the devices want, or NULL */
  if (data != NULL)
    hearth_test_live_start (&fixture->live, HEARTH_TYPE_SHELLY_DRIVER, data,
                            "--device", "shelly:plus1pm=Espresso",
                            "--device", "shelly:plus2pm-cover",
                            NULL);
  else
    hearth_test_live_start (&fixture->live, HEARTH_TYPE_SHELLY_DRIVER, NULL,
                            "--device", "shelly:plus1pm=Espresso",
                            "--device", "shelly:plus2pm=Hallway",
                            "--device", "shelly:plus2pm-cover=Blinds",
                            "--device", "shelly:plusrgbwpm",
                            "--device", "shelly:dimmer=Pendant",
                            "--device", "shelly:ht",
                            "--wled", "1",
                            NULL);
}

static const HearthTestSimDevice *
find_device (Fixture    *fixture,
             const char *id_prefix)
{
  return hearth_test_sim_require (fixture->live.sim, "shelly", id_prefix);
}

/* Online with its state pushed over the WebSocket */
static gboolean
await_pushing (HearthDevice *device,
               guint         timeout_ms)
{
  return hearth_test_await_online (device, HEARTH_LIVE_PUSH, NULL, timeout_ms);
}

/* Identifies @sim_device and starts its link; waits for the push channel */
static HearthLink *
connect_device (Fixture                   *fixture,
                const HearthTestSimDevice *sim_device,
                const char                *password,
                HearthDevice             **device_out)
{
  const HearthTestLinkSetup setup = {
    .link_type = HEARTH_TYPE_SHELLY_LINK,
    .username = "admin",
    .password = password,
    .live = HEARTH_LIVE_PUSH,
    .timeout_ms = 10000,
  };

  return hearth_test_live_connect (&fixture->live, sim_device, &setup, device_out);
}

/* The device stays the caller's; the stopped link goes */
static void
disconnect_device (HearthLink   *link,
                   HearthDevice *device)
{
  g_assert_true (hearth_link_get_device (link) == device);
  hearth_test_stop_link (link, 2000);
}

/* A component of the simulator's Shelly.GetStatus: the device's truth */
static JsonObject *
sim_component (const HearthTestSimDevice *sim_device,
               const char                *key)
{
  g_autoptr(JsonNode) state = hearth_test_sim_get_state (sim_device);
  JsonObject *component;

  g_assert_true (JSON_NODE_HOLDS_OBJECT (state));
  component = hearth_json_get_object (json_node_get_object (state), key);
  if (component == NULL)
    g_error ("The simulated %s has no %s", sim_device->id, key);

  return json_object_ref (component);
}

static gboolean
sim_bool (const HearthTestSimDevice *sim_device,
          const char                *key,
          const char                *member)
{
  g_autoptr(JsonObject) component = sim_component (sim_device, key);

  g_assert_true (hearth_json_has (component, member, JSON_NODE_VALUE));
  return hearth_json_get_bool (component, member, FALSE);
}

static gint64
sim_int (const HearthTestSimDevice *sim_device,
         const char                *key,
         const char                *member)
{
  g_autoptr(JsonObject) component = sim_component (sim_device, key);

  g_assert_true (hearth_json_has (component, member, JSON_NODE_VALUE));
  return hearth_json_get_int (component, member, G_MININT64);
}

static void
assert_gentle (const HearthTestSimDevice *sim_device)
{
  guint requests = 0, max_in_flight = 0;

  hearth_test_sim_get_stats (sim_device, &requests, &max_in_flight);
  g_test_message ("%s: %u requests, at most %u in flight", sim_device->id, requests, max_in_flight);
  g_assert_cmpuint (requests, >, 0);
  g_assert_cmpuint (max_in_flight, ==, 1);
}

/* A control property reaching a value */
typedef struct
{
  HearthControl *control;
  const char    *what;
  int            value;
} Expect;

static gboolean
expect_met (gpointer data)
{
  Expect *e = data;

  if (g_str_equal (e->what, "on"))
    return hearth_control_get_on (e->control) == e->value;
  if (g_str_equal (e->what, "brightness"))
    return hearth_control_get_brightness (e->control) == e->value;
  if (g_str_equal (e->what, "position"))
    return hearth_control_get_position (e->control) == e->value;
  if (g_str_equal (e->what, "cover-state"))
    return (int) hearth_control_get_cover_state (e->control) == e->value;
  if (g_str_equal (e->what, "value"))
    return fabs (hearth_control_get_value (e->control) - e->value / 10.0) < 1e-6;
  g_assert_not_reached ();
}

/* Waits up to @timeout_ms; returns how long it took, in ms */
static gint64
await_control (HearthControl *control,
               const char    *what,
               int            value,
               guint          timeout_ms)
{
  Expect e = { control, what, value };
  gint64 start = g_get_monotonic_time ();

  if (!hearth_test_await (expect_met, &e, timeout_ms))
    g_error ("%s: %s did not become %d within %u ms", hearth_control_get_id (control),
             what, value, timeout_ms);

  return (g_get_monotonic_time () - start) / 1000;
}

/* Identification ------------------------------------------------------------ */

static void
test_identify (Fixture       *fixture,
               gconstpointer  data)
{
  static const struct { const char *prefix; const char *name; const char *model; } cases[] = {
    { "shellyplus1pm-", "Espresso", "SNSW-001P16EU" },
    { "shellyplus2pm-b48a0a22", "Hallway", "SNSW-102P16EU" },
    { "shellyplus2pm-b48a0a33", "Blinds", "SNSW-102P16EU" },
    /* unnamed: the friendly model name stands in */
    { "shellyplusrgbwpm-", "Shelly Plus RGBWPM", "SNDC-0D4P10WW" },
    { "shellywalldimmer-", "Pendant", "SNDM-0013US" },
    { "shellyplusht-", "Shelly Plus HT", "SNSN-0013A" },
  };
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const HearthTestSimDevice *sim_device = find_device (fixture, cases[i].prefix);
      g_autoptr(HearthDevice) device = hearth_test_live_identify (&fixture->live, sim_device,
                                                                  NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (hearth_device_get_id (device), ==, sim_device->id);
      g_assert_cmpstr (hearth_device_get_family (device), ==, "shelly");
      g_assert_cmpstr (hearth_device_get_name (device), ==, cases[i].name);
      g_assert_cmpstr (hearth_device_get_model (device), ==, cases[i].model);
      g_assert_cmpstr (hearth_device_get_firmware (device), ==, "1.4.4");
      g_assert_cmpstr (hearth_device_get_host (device), ==, sim_device->host);
      g_assert_cmpuint (hearth_device_get_port (device), ==, sim_device->port);
    }

  /* A WLED answers /shelly with 404: not ours */
  hearth_test_live_assert_not_ours (&fixture->live,
                                    hearth_test_sim_require (fixture->live.sim, "wled", NULL));
}

/* Switches --------------------------------------------------------------------- */

static void
test_switch (Fixture       *fixture,
             gconstpointer  data)
{
  const HearthTestSimDevice *sim_device = find_device (fixture, "shellyplus1pm-");
  g_autoptr(HearthDevice) device = NULL;
  g_autoptr(JsonObject) component = NULL;
  HearthControl *sw, *power, *energy;
  HearthLink *link;
  gint64 ms;

  hearth_test_sim_reset_stats (sim_device);
  link = connect_device (fixture, sim_device, NULL, &device);

  g_assert_cmpuint (g_list_model_get_n_items (hearth_device_get_controls (device)), ==, 3);
  sw = hearth_device_find_control (device, "switch:0");
  power = hearth_device_find_control (device, "switch:0/power");
  energy = hearth_device_find_control (device, "switch:0/energy");
  g_assert_nonnull (sw);
  g_assert_nonnull (power);
  g_assert_nonnull (energy);
  g_assert_cmpint (hearth_control_get_kind (sw), ==, HEARTH_CONTROL_KIND_SWITCH);
  g_assert_cmpstr (hearth_control_get_name (sw), ==, "Espresso");
  g_assert_cmpstr (hearth_control_get_name (power), ==, "Espresso Power");

  /* The status is the device's */
  component = sim_component (sim_device, "switch:0");
  g_assert_cmpint (hearth_control_get_on (sw), ==, hearth_json_get_bool (component, "output", TRUE));
  g_assert_cmpfloat (hearth_control_get_value (power), ==, hearth_json_get_double (component, "apower", -1));
  g_assert_cmpfloat_with_epsilon (hearth_control_get_value (energy),
                                  hearth_json_get_double (hearth_json_get_object (component, "aenergy"),
                                                          "total", -1) / 1000.0, 1e-9);
  g_assert_cmpstr (hearth_control_get_unit (energy), ==, "kWh");

  hearth_test_apply_ok (link, "switch:0", "on");
  g_assert_true (sim_bool (sim_device, "switch:0", "output"));
  g_assert_true (hearth_control_get_on (sw));
  /* The meter follows, pushed by the device */
  await_control (power, "value", 13800, 1000);

  hearth_test_apply_ok (link, "switch:0", "off");
  g_assert_false (sim_bool (sim_device, "switch:0", "output"));
  await_control (sw, "on", FALSE, 1000);
  await_control (power, "value", 0, 1000);

  hearth_test_apply_ok (link, "switch:0", "toggle");
  g_assert_true (sim_bool (sim_device, "switch:0", "output"));
  g_assert_true (hearth_control_get_on (sw));

  /* Someone presses the button on the device: pushed within a second */
  hearth_test_sim_set_state (sim_device, "{\"switch:0\":{\"output\":false}}");
  ms = await_control (sw, "on", FALSE, 1000);
  g_test_message ("button press reached the model in %" G_GINT64_FORMAT " ms", ms);

  /* A switch has no brightness: refused before anything is sent */
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (hearth_test_apply (link, "switch:0", "brightness=50", &error));
    g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED);
  }

  assert_gentle (sim_device);
  disconnect_device (link, device);
}

static void
test_two_switches (Fixture       *fixture,
                   gconstpointer  data)
{
  const HearthTestSimDevice *sim_device = find_device (fixture, "shellyplus2pm-b48a0a22");
  g_autoptr(HearthDevice) device = NULL;
  HearthControl *first, *second;
  HearthLink *link;

  link = connect_device (fixture, sim_device, NULL, &device);
  g_assert_cmpuint (g_list_model_get_n_items (hearth_device_get_controls (device)), ==, 6);
  first = hearth_device_find_control (device, "switch:0");
  second = hearth_device_find_control (device, "switch:1");
  g_assert_cmpstr (hearth_control_get_name (first), ==, "Hallway");
  g_assert_cmpstr (hearth_control_get_name (second), ==, "Hallway 2");
  g_assert_nonnull (hearth_device_find_control (device, "switch:1/power"));
  g_assert_nonnull (hearth_device_find_control (device, "switch:1/energy"));

  hearth_test_apply_ok (link, "switch:1", "on");
  g_assert_true (sim_bool (sim_device, "switch:1", "output"));
  g_assert_false (sim_bool (sim_device, "switch:0", "output"));
  g_assert_false (hearth_control_get_on (first));

  /* Renamed on the device: the config_changed event brings the new name */
  hearth_test_sim_set_state (sim_device, "{\"switch:1\":{\"name\":\"Porch\"}}");
  {
    gint64 start = g_get_monotonic_time ();

    while (g_strcmp0 (hearth_control_get_name (second), "Porch") != 0 &&
           g_get_monotonic_time () - start < 2 * G_USEC_PER_SEC)
      g_main_context_iteration (NULL, TRUE);
    g_assert_cmpstr (hearth_control_get_name (second), ==, "Porch");
    g_assert_cmpstr (hearth_control_get_name (hearth_device_find_control (device, "switch:1/power")),
                     ==, "Porch Power");
  }

  assert_gentle (sim_device);
  disconnect_device (link, device);
}

/* Covers ----------------------------------------------------------------------- */

typedef struct
{
  GArray *positions;
  gboolean saw_closing;
  gboolean saw_opening;
} CoverLog;

static void
cover_notify_cb (HearthControl *control,
                 GParamSpec    *pspec,
                 CoverLog      *log)
{
  int position = hearth_control_get_position (control);

  if (log->positions->len == 0 ||
      g_array_index (log->positions, int, log->positions->len - 1) != position)
    g_array_append_val (log->positions, position);
  if (hearth_control_get_cover_state (control) == HEARTH_COVER_STATE_CLOSING)
    log->saw_closing = TRUE;
  if (hearth_control_get_cover_state (control) == HEARTH_COVER_STATE_OPENING)
    log->saw_opening = TRUE;
}

static gboolean
sim_cover_idle (const HearthTestSimDevice *sim_device)
{
  g_autoptr(JsonObject) cover = sim_component (sim_device, "cover:0");
  const char *state = hearth_json_get_string (cover, "state", "");

  return !g_str_equal (state, "opening") && !g_str_equal (state, "closing");
}

static void
test_cover (Fixture       *fixture,
            gconstpointer  data)
{
  const HearthTestSimDevice *sim_device = find_device (fixture, "shellyplus2pm-b48a0a33");
  g_autoptr(HearthDevice) device = NULL;
  HearthControl *cover;
  HearthLink *link;
  CoverLog log = { g_array_new (FALSE, FALSE, sizeof (int)), FALSE, FALSE };
  gulong handler;

  hearth_test_sim_reset_stats (sim_device);
  link = connect_device (fixture, sim_device, NULL, &device);
  cover = hearth_device_find_control (device, "cover:0");
  g_assert_nonnull (cover);
  g_assert_nonnull (hearth_device_find_control (device, "cover:0/power"));
  g_assert_cmpint (hearth_control_get_kind (cover), ==, HEARTH_CONTROL_KIND_COVER);
  g_assert_cmpstr (hearth_control_get_name (cover), ==, "Blinds");
  g_assert_true (hearth_control_has_capability (cover, HEARTH_CAPABILITY_POSITION));
  g_assert_cmpint (hearth_control_get_position (cover), ==, sim_int (sim_device, "cover:0", "current_pos"));
  g_assert_cmpint (hearth_control_get_position (cover), ==, 100);
  g_assert_cmpint (hearth_control_get_cover_state (cover), ==, HEARTH_COVER_STATE_OPEN);

  handler = g_signal_connect (cover, "notify", G_CALLBACK (cover_notify_cb), &log);

  /* To 30 %: it moves there step by step, and the model follows */
  hearth_test_apply_ok (link, "cover:0", "position=30");
  g_assert_cmpint (sim_int (sim_device, "cover:0", "target_pos"), ==, 30);
  await_control (cover, "cover-state", HEARTH_COVER_STATE_STOPPED, 5000);
  g_assert_cmpint (hearth_control_get_position (cover), ==, 30);
  g_assert_cmpint (sim_int (sim_device, "cover:0", "current_pos"), ==, 30);
  g_assert_true (sim_cover_idle (sim_device));
  g_assert_true (log.saw_closing);
  /* 100 → 30 by the device's steps; the optimistic 30 comes first */
  g_test_message ("positions seen: %u", log.positions->len);
  g_assert_cmpuint (log.positions->len, >=, 4);

  /* Open all the way */
  hearth_test_apply_ok (link, "cover:0", "open");
  await_control (cover, "cover-state", HEARTH_COVER_STATE_OPEN, 5000);
  g_assert_cmpint (hearth_control_get_position (cover), ==, 100);
  g_assert_true (log.saw_opening);
  g_assert_cmpint (sim_int (sim_device, "cover:0", "current_pos"), ==, 100);

  /* Close, and stop halfway */
  hearth_test_apply_ok (link, "cover:0", "close");
  await_control (cover, "cover-state", HEARTH_COVER_STATE_CLOSING, 1000);
  {
    gint64 start = g_get_monotonic_time ();

    while (hearth_control_get_position (cover) > 70 &&
           g_get_monotonic_time () - start < 5 * G_USEC_PER_SEC)
      g_main_context_iteration (NULL, TRUE);
  }
  hearth_test_apply_ok (link, "cover:0", "stop");
  g_assert_true (sim_cover_idle (sim_device));
  await_control (cover, "cover-state", HEARTH_COVER_STATE_STOPPED, 1000);
  await_control (cover, "position", (int) sim_int (sim_device, "cover:0", "current_pos"), 1000);
  g_assert_cmpint (hearth_control_get_position (cover), >, 0);
  g_assert_cmpint (hearth_control_get_position (cover), <, 100);

  /* Moved with the wall switch: the model follows */
  hearth_test_sim_set_state (sim_device, "{\"cover:0\":{\"target_pos\":0}}");
  await_control (cover, "cover-state", HEARTH_COVER_STATE_CLOSED, 5000);
  g_assert_cmpint (hearth_control_get_position (cover), ==, 0);

  g_signal_handler_disconnect (cover, handler);
  g_array_unref (log.positions);
  assert_gentle (sim_device);
  disconnect_device (link, device);
}

/* Lights ---------------------------------------------------------------------- */

static void
test_rgb (Fixture       *fixture,
          gconstpointer  data)
{
  const HearthTestSimDevice *sim_device = find_device (fixture, "shellyplusrgbwpm-");
  g_autoptr(HearthDevice) device = NULL;
  g_autoptr(JsonObject) component = NULL;
  HearthControl *light;
  HearthLink *link;
  JsonArray *rgb;

  link = connect_device (fixture, sim_device, NULL, &device);
  light = hearth_device_find_control (device, "rgb:0");
  g_assert_nonnull (light);
  g_assert_cmpstr (hearth_control_get_name (light), ==, "Shelly Plus RGBWPM");
  g_assert_true (hearth_control_has_capability (light, HEARTH_CAPABILITY_COLOR));
  g_assert_cmpint (hearth_control_get_brightness (light), ==, sim_int (sim_device, "rgb:0", "brightness"));
  g_assert_cmpint (hearth_control_get_color (light), ==, 0x3661ff);

  hearth_test_apply_ok (link, "rgb:0", "on color=#ff8000 brightness=40");
  component = sim_component (sim_device, "rgb:0");
  g_assert_true (hearth_json_get_bool (component, "output", FALSE));
  g_assert_cmpint (hearth_json_get_int (component, "brightness", -1), ==, 40);
  rgb = hearth_json_get_array (component, "rgb");
  g_assert_cmpint (json_array_get_int_element (rgb, 0), ==, 255);
  g_assert_cmpint (json_array_get_int_element (rgb, 1), ==, 128);
  g_assert_cmpint (json_array_get_int_element (rgb, 2), ==, 0);
  g_assert_cmpint (hearth_control_get_color (light), ==, 0xff8000);
  g_assert_cmpint (hearth_control_get_brightness (light), ==, 40);

  hearth_test_apply_ok (link, "rgb:0", "off");
  g_assert_false (sim_bool (sim_device, "rgb:0", "output"));

  assert_gentle (sim_device);
  disconnect_device (link, device);
}

static void
test_dimmer (Fixture       *fixture,
             gconstpointer  data)
{
  const HearthTestSimDevice *sim_device = find_device (fixture, "shellywalldimmer-");
  g_autoptr(HearthDevice) device = NULL;
  HearthControl *light;
  HearthLink *link;

  link = connect_device (fixture, sim_device, NULL, &device);
  /* No meter on this one */
  g_assert_cmpuint (g_list_model_get_n_items (hearth_device_get_controls (device)), ==, 1);
  light = hearth_device_find_control (device, "light:0");
  g_assert_cmpuint (hearth_control_get_capabilities (light), ==,
                    HEARTH_CAPABILITY_ON_OFF | HEARTH_CAPABILITY_BRIGHTNESS);

  hearth_test_apply_ok (link, "light:0", "on");
  g_assert_true (sim_bool (sim_device, "light:0", "output"));
  hearth_test_apply_ok (link, "light:0", "brightness=15");
  g_assert_cmpint (sim_int (sim_device, "light:0", "brightness"), ==, 15);
  g_assert_cmpint (hearth_control_get_brightness (light), ==, 15);

  hearth_test_sim_set_state (sim_device, "{\"light:0\":{\"brightness\":80}}");
  await_control (light, "brightness", 80, 1000);

  assert_gentle (sim_device);
  disconnect_device (link, device);
}

/* Sensors ---------------------------------------------------------------------- */

static void
test_ht (Fixture       *fixture,
         gconstpointer  data)
{
  const HearthTestSimDevice *sim_device = find_device (fixture, "shellyplusht-");
  g_autoptr(HearthDevice) device = NULL;
  g_autoptr(JsonObject) temperature = NULL;
  HearthControl *t, *h, *b;
  HearthLink *link;

  link = connect_device (fixture, sim_device, NULL, &device);
  t = hearth_device_find_control (device, "temperature:0");
  h = hearth_device_find_control (device, "humidity:0");
  b = hearth_device_find_control (device, "devicepower:0/battery");
  g_assert_nonnull (t);
  g_assert_nonnull (h);
  g_assert_nonnull (b);

  temperature = sim_component (sim_device, "temperature:0");
  g_assert_cmpfloat (hearth_control_get_value (t), ==, hearth_json_get_double (temperature, "tC", -1));
  g_assert_cmpstr (hearth_control_get_unit (t), ==, "°C");
  g_assert_cmpfloat (hearth_control_get_value (h), ==, 48.3);
  g_assert_cmpstr (hearth_control_get_unit (h), ==, "%");
  g_assert_cmpfloat (hearth_control_get_value (b), ==, 92);
  g_assert_cmpstr (hearth_control_get_quantity (b), ==, "battery");

  /* Readings are pushed */
  hearth_test_sim_set_state (sim_device, "{\"temperature:0\":{\"tC\":23.5},\"humidity:0\":{\"rh\":51}}");
  await_control (t, "value", 235, 1000);
  await_control (h, "value", 510, 1000);

  {
    g_autoptr(GError) error = NULL;

    g_assert_false (hearth_test_apply (link, "temperature:0", "on", &error));
    g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED);
  }

  disconnect_device (link, device);
}

/* Push lost, polling meanwhile, reconnecting ------------------------------------- */

static void
test_push_fallback (Fixture       *fixture,
                    gconstpointer  data)
{
  const HearthTestSimDevice *sim_device = find_device (fixture, "shellyplus1pm-");
  g_autoptr(HearthDevice) device = NULL;
  HearthControl *sw;
  HearthLink *link;
  guint websockets = 0;

  link = connect_device (fixture, sim_device, NULL, &device);
  hearth_link_set_poll_interval (link, 200);
  sw = hearth_device_find_control (device, "switch:0");

  /* One WebSocket per device */
  hearth_test_sim_get_stats_full (sim_device, NULL, NULL, NULL, &websockets);
  g_assert_cmpuint (websockets, ==, 1);

  /* The device drops the socket and refuses the next two */
  hearth_test_sim_set_state (sim_device, "{\"sim\":{\"drop_websockets\":true,\"refuse_websockets\":2}}");
  g_assert_true (hearth_test_await_live (device, HEARTH_LIVE_POLL, 2000));
  g_assert_cmpint (hearth_device_get_state (device), ==, HEARTH_DEVICE_STATE_ONLINE);

  /* Meanwhile polling keeps the model right */
  hearth_test_sim_set_state (sim_device, "{\"switch:0\":{\"output\":true}}");
  await_control (sw, "on", TRUE, 2000);
  hearth_test_apply_ok (link, "switch:0", "off");
  g_assert_false (sim_bool (sim_device, "switch:0", "output"));

  /* Backing off (1 s, 2 s, ...), it comes back */
  g_assert_true (await_pushing (device, 15000));
  hearth_test_sim_get_stats_full (sim_device, NULL, NULL, NULL, &websockets);
  g_assert_cmpuint (websockets, ==, 1);
  g_assert_cmpint (hearth_control_get_on (sw), ==, sim_bool (sim_device, "switch:0", "output"));

  /* and pushes again */
  hearth_test_sim_set_state (sim_device, "{\"switch:0\":{\"output\":true}}");
  await_control (sw, "on", TRUE, 1000);

  assert_gentle (sim_device);
  disconnect_device (link, device);
}

/* A wedged device: the socket stays open but nothing answers */
static void
test_heartbeat (Fixture       *fixture,
                gconstpointer  data)
{
  const HearthTestSimDevice *sim_device = find_device (fixture, "shellyplus1pm-");
  g_autoptr(HearthDevice) device = NULL;
  HearthLink *link;
  gint64 start;

  hearth_http_set_deadline_ms (fixture->live.http, 1000);
  link = connect_device (fixture, sim_device, NULL, &device);
  hearth_link_set_liveness_interval (link, 300);
  g_assert_cmpuint (hearth_link_get_liveness_interval (link), ==, 300);

  hearth_test_sim_set_state (sim_device, "{\"sim\":{\"mute_websockets\":true}}");
  start = g_get_monotonic_time ();
  g_assert_true (hearth_test_await_live (device, HEARTH_LIVE_POLL, 5000));
  g_test_message ("silence noticed after %" G_GINT64_FORMAT " ms",
                  (g_get_monotonic_time () - start) / 1000);

  hearth_test_sim_set_state (sim_device, "{\"sim\":{\"mute_websockets\":false}}");
  g_assert_true (await_pushing (device, 15000));

  disconnect_device (link, device);
}

/* Bad answers become errors, and the change is rolled back --------------------- */

static void
test_misbehave (Fixture       *fixture,
                gconstpointer  data)
{
  const HearthTestSimDevice *sim_device = find_device (fixture, "shellywalldimmer-");
  g_autoptr(HearthDevice) device = NULL;
  HearthControl *light;
  HearthLink *link;
  static const struct { const char *mode; GQuark (*domain) (void); int code; } cases[] = {
    { "error", hearth_error_quark, HEARTH_ERROR_HTTP_STATUS },
    { "garbage", hearth_error_quark, HEARTH_ERROR_BAD_PAYLOAD },
    { "huge", hearth_error_quark, HEARTH_ERROR_TOO_LARGE },
    { "hang", g_io_error_quark, G_IO_ERROR_TIMED_OUT },
  };

  hearth_http_set_deadline_ms (fixture->live.http, 1000);
  link = connect_device (fixture, sim_device, NULL, &device);
  light = hearth_device_find_control (device, "light:0");
  hearth_test_apply_ok (link, "light:0", "brightness=20");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("misbehave: %s", cases[i].mode);
      hearth_test_sim_misbehave (sim_device, cases[i].mode);
      g_assert_false (hearth_test_apply (link, "light:0", "brightness=70", &error));
      g_assert_error (error, cases[i].domain (), cases[i].code);
      /* Rolled back to what the device has */
      g_assert_cmpint (hearth_control_get_brightness (light), ==, 20);
      hearth_test_sim_misbehave (sim_device, "none");
      g_assert_cmpint (sim_int (sim_device, "light:0", "brightness"), ==, 20);
      /* Back, and confirmed again to be this device (after a failure the
       * link asks who answers before anything else; that answer would be
       * the next case's error): a read succeeds (the first may still join
       * a check that started while the device misbehaved) */
      for (guint tries = 0; !hearth_test_refresh (link, NULL); tries++)
        g_assert_cmpuint (tries, <, 10);
    }

  /* The device refuses a value (its own error frame) */
  {
    g_autofree char *answer = NULL;
    guint status = 0;

    answer = hearth_test_sim_request (sim_device, "POST", "/rpc",
                                      "{\"id\":5,\"method\":\"Light.Set\",\"params\":{\"id\":0}}",
                                      &status);
    g_assert_cmpuint (status, ==, 200);
    g_assert_nonnull (strstr (answer, "\"error\""));
  }

  hearth_test_apply_ok (link, "light:0", "brightness=70");
  g_assert_cmpint (sim_int (sim_device, "light:0", "brightness"), ==, 70);

  disconnect_device (link, device);
}

/* Authentication ----------------------------------------------------------------- */

static void
test_auth_right (Fixture       *fixture,
                 gconstpointer  data)
{
  const HearthTestSimDevice *sim_device = find_device (fixture, "shellyplus1pm-");
  g_autoptr(HearthDevice) device = NULL;
  HearthControl *sw;
  HearthLink *link;
  g_autofree char *answer = NULL;
  guint status = 0;

  /* The device really is protected: a bare RPC gets a SHA-256 challenge */
  answer = hearth_test_sim_request (sim_device, "GET", "/rpc/Switch.GetStatus?id=0", NULL, &status);
  g_assert_cmpuint (status, ==, 401);

  hearth_test_sim_reset_stats (sim_device);
  /* Identification needs no password; the WebSocket answers its challenge */
  link = connect_device (fixture, sim_device, PASSWORD, &device);
  sw = hearth_device_find_control (device, "switch:0");
  g_assert_nonnull (sw);
  g_assert_cmpstr (hearth_control_get_name (sw), ==, "Espresso");

  /* Changes over HTTP, digest answered by the queue */
  hearth_test_apply_ok (link, "switch:0", "on");
  g_assert_true (sim_bool (sim_device, "switch:0", "output"));
  hearth_test_apply_ok (link, "switch:0", "off");
  g_assert_false (sim_bool (sim_device, "switch:0", "output"));

  /* Pushes arrive on the authenticated socket */
  hearth_test_sim_set_state (sim_device, "{\"switch:0\":{\"output\":true}}");
  await_control (sw, "on", TRUE, 1000);

  /* Polling works with the password too */
  {
    g_autoptr(GError) error = NULL;

    g_assert_true (hearth_test_refresh (link, &error));
    g_assert_no_error (error);
  }

  assert_gentle (sim_device);
  disconnect_device (link, device);
}

static void
auth_fails (Fixture    *fixture,
            const char *password,
            int         expected)
{
  const HearthTestSimDevice *sim_device = find_device (fixture, "shellyplus1pm-");
  g_autoptr(GError) error = NULL;
  g_autoptr(HearthDevice) device = hearth_test_live_identify (&fixture->live, sim_device, NULL, &error);
  g_autoptr(HearthLink) link = NULL;

  g_assert_no_error (error);
  link = hearth_driver_create_link (fixture->live.driver, device, fixture->live.http);
  /* Given by hand (no keyring in tests): NULL is "no password stored" */
  hearth_link_set_credentials (link, password != NULL ? "admin" : NULL, password);

  /* A read says why */
  g_assert_false (hearth_test_refresh (link, &error));
  g_assert_error (error, HEARTH_ERROR, expected);
  g_test_message ("%s", error->message);

  /* and the device says it needs a (better) password */
  hearth_link_start (link);
  g_assert_true (hearth_test_await_state (device, HEARTH_DEVICE_STATE_NEEDS_PASSWORD, 10000));
  g_assert_cmpint (hearth_device_get_live (device), ==, HEARTH_LIVE_POLL);
  g_assert_cmpuint (g_list_model_get_n_items (hearth_device_get_controls (device)), ==, 0);

  /* Nothing was switched */
  g_assert_false (sim_bool (sim_device, "switch:0", "output"));
  hearth_link_stop (link);
}

static void
test_auth_wrong (Fixture       *fixture,
                 gconstpointer  data)
{
  auth_fails (fixture, "not the password", HEARTH_ERROR_BAD_PASSWORD);
}

static void
test_auth_none (Fixture       *fixture,
                gconstpointer  data)
{
  auth_fails (fixture, NULL, HEARTH_ERROR_NEEDS_PASSWORD);
}

/* A protected cover: every action through digest */
static void
test_auth_cover (Fixture       *fixture,
                 gconstpointer  data)
{
  const HearthTestSimDevice *sim_device = find_device (fixture, "shellyplus2pm-");
  g_autoptr(HearthDevice) device = NULL;
  HearthControl *cover;
  HearthLink *link;

  link = connect_device (fixture, sim_device, PASSWORD, &device);
  cover = hearth_device_find_control (device, "cover:0");
  hearth_test_apply_ok (link, "cover:0", "position=60");
  await_control (cover, "cover-state", HEARTH_COVER_STATE_STOPPED, 5000);
  g_assert_cmpint (sim_int (sim_device, "cover:0", "current_pos"), ==, 60);
  g_assert_cmpint (hearth_control_get_position (cover), ==, 60);
  assert_gentle (sim_device);
  disconnect_device (link, device);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func, data) \
  hearth_test_add_live (path, Fixture, data, fixture_set_up, func)

  ADD ("/shelly-live/identify", test_identify, NULL);
  ADD ("/shelly-live/switch", test_switch, NULL);
  ADD ("/shelly-live/two-switches", test_two_switches, NULL);
  ADD ("/shelly-live/cover", test_cover, NULL);
  ADD ("/shelly-live/rgb", test_rgb, NULL);
  ADD ("/shelly-live/dimmer", test_dimmer, NULL);
  ADD ("/shelly-live/ht", test_ht, NULL);
  ADD ("/shelly-live/push-fallback", test_push_fallback, NULL);
  ADD ("/shelly-live/heartbeat", test_heartbeat, NULL);
  ADD ("/shelly-live/misbehave", test_misbehave, NULL);
  ADD ("/shelly-live/auth/right", test_auth_right, PASSWORD);
  ADD ("/shelly-live/auth/wrong", test_auth_wrong, PASSWORD);
  ADD ("/shelly-live/auth/none", test_auth_none, PASSWORD);
  ADD ("/shelly-live/auth/cover", test_auth_cover, PASSWORD);

#undef ADD

  return g_test_run ();
}
