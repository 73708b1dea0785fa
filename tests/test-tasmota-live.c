/* test-tasmota-live.c: the Tasmota driver and link against hearth-sim, over real sockets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hearth-test-utils.h"
#include "hearth-tasmota-driver.h"

#define POLL_MS  200
#define PASSWORD "pump&pa ss;#1"

typedef struct
{
  HearthTestLive             live;
  const HearthTestSimDevice *plug;
  const HearthTestSimDevice *bulb;
  const HearthTestSimDevice *relay4;
  const HearthTestSimDevice *shutter;
  const HearthTestSimDevice *wled;
} Fixture;

/* The simulator puts the variant in the MAC's fourth byte */
static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  HearthTestSim *sim;

  /* The test's data: the password the plug wants, or NULL (and then
   * one device of each variant) */
  if (data != NULL)
    hearth_test_live_start (&fixture->live, HEARTH_TYPE_TASMOTA_DRIVER, data,
                            "--device", "tasmota:plug=Garden Pump",
                            NULL);
  else
    hearth_test_live_start (&fixture->live, HEARTH_TYPE_TASMOTA_DRIVER, NULL,
                            "--device", "tasmota:plug=Garden Pump",
                            "--device", "tasmota:bulb=Reading Lamp",
                            "--device", "tasmota:relay4=Garden Valves",
                            "--device", "tasmota:shutter=Patio Awning",
                            "--wled", "1",
                            NULL);
  sim = fixture->live.sim;
  fixture->plug = hearth_test_sim_require (sim, "tasmota", "a4cf1270");
  if (data == NULL)
    {
      fixture->bulb = hearth_test_sim_require (sim, "tasmota", "a4cf1271");
      fixture->relay4 = hearth_test_sim_require (sim, "tasmota", "a4cf1272");
      fixture->shutter = hearth_test_sim_require (sim, "tasmota", "a4cf1273");
      fixture->wled = hearth_test_sim_require (sim, "wled", NULL);
    }
}

/* The family polls gently by default; the tests poll every POLL_MS */
static const HearthTestLinkSetup polling = {
  .default_poll_ms = 5000,
  .poll_ms = POLL_MS,
  .live = HEARTH_LIVE_POLL,
};

/* Starts a link for @device, with @password when it is not NULL */
static HearthLink *
start_link (Fixture      *fixture,
            HearthDevice *device,
            const char   *password)
{
  HearthTestLinkSetup setup = polling;

  setup.password = password;
  return hearth_test_live_start_link (&fixture->live, device, &setup);
}

/* Identifies @sim_device by address and waits until its link polls it */
static HearthLink *
connect_device (Fixture                   *fixture,
                const HearthTestSimDevice *sim_device,
                HearthDevice             **device_out)
{
  return hearth_test_live_connect (&fixture->live, sim_device, &polling, device_out);
}

/* A stopped link lets go of itself once the cancellation of a request it
 * had in flight has been delivered */
#define LINK_GONE_MS 5000

static const char *
sim_string (JsonObject *state,
            const char *member)
{
  return json_object_get_string_member_with_default (state, member, NULL);
}

static gint64
sim_int (JsonObject *state,
         const char *member)
{
  return json_object_get_int_member_with_default (state, member, -1);
}

/* Identification */

static void
test_identify (Fixture       *fixture,
               gconstpointer  data)
{
  const struct {
    const HearthTestSimDevice *sim;
    const char *name;
    const char *model;
    const char *firmware;
  } cases[] = {
    { fixture->plug, "Garden Pump", "ESP8266EX", "13.4.0(tasmota)" },
    { fixture->bulb, "Reading Lamp", "ESP32-C3", "14.1.0(tasmota32)" },
    { fixture->relay4, "Garden Valves", "ESP8266EX", "13.4.0(tasmota)" },
    { fixture->shutter, "Patio Awning", "ESP8266EX", "13.4.0(tasmota)" },
  };
  g_autoptr(HearthDevice) wled = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(HearthDevice) device = hearth_test_live_identify (&fixture->live, cases[i].sim,
                                                                  NULL, &error);

      g_assert_no_error (error);
      /* The MAC from StatusNET, 12 lowercase hex digits */
      g_assert_cmpstr (hearth_device_get_id (device), ==, cases[i].sim->id);
      g_assert_cmpuint (strlen (hearth_device_get_id (device)), ==, 12);
      g_assert_cmpstr (hearth_device_get_family (device), ==, "tasmota");
      g_assert_cmpstr (hearth_device_get_name (device), ==, cases[i].name);
      g_assert_cmpstr (hearth_device_get_model (device), ==, cases[i].model);
      g_assert_cmpstr (hearth_device_get_firmware (device), ==, cases[i].firmware);
      g_assert_cmpstr (hearth_device_get_host (device), ==, cases[i].sim->host);
      g_assert_cmpuint (hearth_device_get_port (device), ==, cases[i].sim->port);
    }

  /* A WLED has no /cm: not a Tasmota */
  wled = hearth_test_live_identify (&fixture->live, fixture->wled, NULL, &error);
  g_assert_null (wled);
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED);
  g_clear_error (&error);

  /* No answer within the deadline stays a network failure */
  hearth_http_set_deadline_ms (fixture->live.http, 500);
  hearth_test_sim_misbehave (fixture->plug, "hang");
  g_assert_null (hearth_test_live_identify (&fixture->live, fixture->plug, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  hearth_test_sim_misbehave (fixture->plug, "none");

  /* The driver's facts */
  g_assert_cmpstr (hearth_driver_get_family (fixture->live.driver), ==, "tasmota");
  g_assert_cmpuint (hearth_driver_get_default_port (fixture->live.driver), ==, 80);
  g_assert_cmpstr (hearth_driver_get_default_username (fixture->live.driver), ==, "admin");
  g_assert_false (hearth_driver_can_pair (fixture->live.driver));
}

static void
test_claims_service (Fixture       *fixture,
                     gconstpointer  data)
{
  const char *tasmota_txt[] = { "devicetype=tasmota", NULL };
  const char *other_txt[] = { "path=/", NULL };
  g_autoptr(HearthService) tasmota = hearth_service_new ("_http._tcp", "tasmota-700001-0037",
                                                         "tasmota-700001-0037.local",
                                                         "192.0.2.10", 80, tasmota_txt);
  g_autoptr(HearthService) printer = hearth_service_new ("_http._tcp", "Printer", "printer.local",
                                                         "192.0.2.11", 80, other_txt);
  g_autoptr(HearthService) elgato = hearth_service_new ("_elg._tcp", "Elgato Key Light",
                                                        "elgato.local", "192.0.2.12", 9123,
                                                        tasmota_txt);

  g_assert_true (hearth_driver_claims_service (fixture->live.driver, tasmota));
  g_assert_false (hearth_driver_claims_service (fixture->live.driver, printer));
  g_assert_false (hearth_driver_claims_service (fixture->live.driver, elgato));
  g_assert_null (hearth_driver_get_service_id (fixture->live.driver, tasmota));
}

/* Status and actions */

static gboolean
control_on (gpointer data)
{
  return hearth_control_get_on (HEARTH_CONTROL (data));
}

static gboolean
control_off (gpointer data)
{
  return !hearth_control_get_on (HEARTH_CONTROL (data));
}

static gboolean
energy_is_120 (gpointer data)
{
  return hearth_control_get_value (HEARTH_CONTROL (data)) == 120;
}

static void
test_plug (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(HearthDevice) device = NULL;
  g_autoptr(JsonObject) state = NULL;
  HearthControl *relay;
  HearthControl *power;
  HearthLink *link;
  guint max_in_flight = 0;

  hearth_test_sim_reset_stats (fixture->plug);
  link = connect_device (fixture, fixture->plug, &device);

  relay = hearth_device_find_control (device, "power1");
  g_assert_nonnull (relay);
  g_assert_cmpint (hearth_control_get_kind (relay), ==, HEARTH_CONTROL_KIND_SWITCH);
  g_assert_cmpstr (hearth_control_get_name (relay), ==, "Garden Pump");
  g_assert_false (hearth_control_get_on (relay));
  power = hearth_device_find_control (device, "energy/power");
  g_assert_nonnull (power);
  g_assert_cmpstr (hearth_control_get_unit (power), ==, "W");
  g_assert_cmpfloat (hearth_control_get_value (power), ==, 0);
  g_assert_cmpfloat_with_epsilon (hearth_control_get_value (hearth_device_find_control (device, "energy/energy")),
                                  12.345, 1e-6);
  g_assert_cmpfloat (hearth_control_get_value (hearth_device_find_control (device, "energy/voltage")), ==, 231);

  hearth_test_apply_ok (link, "power1", "on");
  state = hearth_test_sim_get_state_object (fixture->plug);
  g_assert_cmpstr (sim_string (state, "POWER1"), ==, "ON");
  g_assert_true (hearth_control_get_on (relay));
  g_clear_pointer (&state, json_object_unref);

  /* The meter follows within a poll */
  hearth_test_sim_set_state (fixture->plug, "{\"ENERGY\":{\"Power\":120}}");
  g_assert_true (hearth_test_await (energy_is_120, power, 3000));

  hearth_test_apply_ok (link, "power1", "toggle");
  state = hearth_test_sim_get_state_object (fixture->plug);
  g_assert_cmpstr (sim_string (state, "POWER1"), ==, "OFF");
  g_clear_pointer (&state, json_object_unref);

  /* A change at the device (its button) reaches the model by polling */
  hearth_test_sim_set_state (fixture->plug, "{\"POWER1\":\"ON\"}");
  g_assert_true (hearth_test_await (control_on, relay, 3000));
  hearth_test_sim_set_state (fixture->plug, "{\"POWER1\":\"OFF\"}");
  g_assert_true (hearth_test_await (control_off, relay, 3000));

  /* One request at a time, ever */
  hearth_test_sim_get_stats (fixture->plug, NULL, &max_in_flight);
  g_assert_cmpuint (max_in_flight, ==, 1);

  /* A switch has no brightness */
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (hearth_test_apply (link, "power1", "brightness=20", &error));
    g_assert_nonnull (error);
  }

  hearth_test_stop_link (link, LINK_GONE_MS);
}

static void
test_bulb (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(HearthDevice) device = NULL;
  g_autoptr(JsonObject) state = NULL;
  HearthControl *light;
  HearthLink *link;

  link = connect_device (fixture, fixture->bulb, &device);
  light = hearth_device_find_control (device, "power1");
  g_assert_nonnull (light);
  g_assert_cmpuint (g_list_model_get_n_items (hearth_device_get_controls (device)), ==, 1);
  g_assert_cmpint (hearth_control_get_kind (light), ==, HEARTH_CONTROL_KIND_LIGHT);
  g_assert_cmpint (hearth_control_get_capabilities (light), ==,
                   HEARTH_CAPABILITY_ON_OFF | HEARTH_CAPABILITY_BRIGHTNESS |
                   HEARTH_CAPABILITY_TEMPERATURE | HEARTH_CAPABILITY_COLOR);
  g_assert_false (hearth_control_get_on (light));
  g_assert_cmpint (hearth_control_get_brightness (light), ==, 40);
  hearth_test_assert_temperature (light, 3333, 2000, 6536);

  hearth_test_apply_ok (link, "power1", "on");
  state = hearth_test_sim_get_state_object (fixture->bulb);
  g_assert_cmpstr (sim_string (state, "POWER1"), ==, "ON");
  g_clear_pointer (&state, json_object_unref);

  hearth_test_apply_ok (link, "power1", "brightness=55");
  state = hearth_test_sim_get_state_object (fixture->bulb);
  g_assert_cmpint (sim_int (state, "Dimmer"), ==, 55);
  g_assert_cmpint (hearth_control_get_brightness (light), ==, 55);
  g_clear_pointer (&state, json_object_unref);

  hearth_test_apply_ok (link, "power1", "temperature=2700");
  state = hearth_test_sim_get_state_object (fixture->bulb);
  g_assert_cmpint (sim_int (state, "CT"), ==, 370);
  g_assert_cmpint (hearth_control_get_temperature (light), ==, 2703);
  g_clear_pointer (&state, json_object_unref);

  /* Colour keeps the brightness */
  hearth_test_apply_ok (link, "power1", "color=#00ff00");
  state = hearth_test_sim_get_state_object (fixture->bulb);
  g_assert_cmpstr (sim_string (state, "HSBColor"), ==, "120,100,55");
  g_assert_cmpint (hearth_control_get_color (light), ==, 0x00ff00);
  g_assert_cmpint (hearth_control_get_brightness (light), ==, 55);
  g_clear_pointer (&state, json_object_unref);

  /* Several together: one Backlog, then read back */
  hearth_test_apply_ok (link, "power1", "off brightness=20 temperature=4000");
  state = hearth_test_sim_get_state_object (fixture->bulb);
  g_assert_cmpstr (sim_string (state, "POWER1"), ==, "OFF");
  g_assert_cmpint (sim_int (state, "Dimmer"), ==, 20);
  g_assert_cmpint (sim_int (state, "CT"), ==, 250);
  g_assert_false (hearth_control_get_on (light));
  g_assert_cmpint (hearth_control_get_brightness (light), ==, 20);
  g_assert_cmpint (hearth_control_get_temperature (light), ==, 4000);
  g_clear_pointer (&state, json_object_unref);

  hearth_test_apply_ok (link, "power1", "on color=#ff0000 brightness=70");
  state = hearth_test_sim_get_state_object (fixture->bulb);
  g_assert_cmpstr (sim_string (state, "POWER1"), ==, "ON");
  g_assert_cmpstr (sim_string (state, "HSBColor"), ==, "0,100,70");
  g_assert_cmpint (hearth_control_get_color (light), ==, 0xff0000);
  g_clear_pointer (&state, json_object_unref);

  /* No effects on a Tasmota light here */
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (hearth_test_apply (link, "power1", "effect=Wakeup", &error));
    g_assert_nonnull (error);
  }

  hearth_test_stop_link (link, LINK_GONE_MS);
}

typedef struct
{
  HearthControl *control;
  gboolean       on;
} OnExpect;

static gboolean
on_is (gpointer data)
{
  OnExpect *expect = data;

  return hearth_control_get_on (expect->control) == expect->on;
}

static void
test_relay4 (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(HearthDevice) device = NULL;
  HearthLink *link;
  const char *names[] = { "Garden Valves", "Tasmota2", "Tasmota3", "Tasmota4" };

  link = connect_device (fixture, fixture->relay4, &device);
  g_assert_cmpuint (g_list_model_get_n_items (hearth_device_get_controls (device)), ==, 4);

  for (guint i = 1; i <= 4; i++)
    {
      g_autofree char *id = g_strdup_printf ("power%u", i);
      g_autofree char *key = g_strdup_printf ("POWER%u", i);
      HearthControl *control = hearth_device_find_control (device, id);
      g_autoptr(JsonObject) state = NULL;

      g_assert_nonnull (control);
      g_assert_cmpint (hearth_control_get_kind (control), ==, HEARTH_CONTROL_KIND_SWITCH);
      g_assert_cmpstr (hearth_control_get_name (control), ==, names[i - 1]);

      hearth_test_apply_ok (link, id, "on");
      state = hearth_test_sim_get_state_object (fixture->relay4);
      g_assert_cmpstr (sim_string (state, key), ==, "ON");
      /* Only that one */
      for (guint j = i + 1; j <= 4; j++)
        {
          g_autofree char *other = g_strdup_printf ("POWER%u", j);
          g_assert_cmpstr (sim_string (state, other), ==, "OFF");
        }
    }

  hearth_test_apply_ok (link, "power3", "off");
  {
    g_autoptr(JsonObject) state = hearth_test_sim_get_state_object (fixture->relay4);
    g_assert_cmpstr (sim_string (state, "POWER3"), ==, "OFF");
    g_assert_cmpstr (sim_string (state, "POWER2"), ==, "ON");
  }

  /* A relay switched at the device shows at the next poll */
  {
    OnExpect expect = { hearth_device_find_control (device, "power4"), FALSE };

    hearth_test_sim_set_state (fixture->relay4, "{\"POWER4\":\"OFF\"}");
    g_assert_true (hearth_test_await (on_is, &expect, 3000));
  }

  hearth_test_stop_link (link, LINK_GONE_MS);
}

typedef struct
{
  const HearthTestSimDevice *sim;
  HearthControl             *control;
  int                        position;
} ShutterExpect;

static gboolean
shutter_at (gpointer data)
{
  ShutterExpect *expect = data;
  g_autoptr(JsonObject) state = hearth_test_sim_get_state_object (expect->sim);
  JsonObject *shutter = json_object_get_object_member (state, "Shutter1");

  return json_object_get_int_member_with_default (shutter, "Position", -1) == expect->position &&
         json_object_get_int_member_with_default (shutter, "Direction", -9) == 0 &&
         hearth_control_get_position (expect->control) == expect->position;
}

static gboolean
shutter_moving (gpointer data)
{
  ShutterExpect *expect = data;
  g_autoptr(JsonObject) state = hearth_test_sim_get_state_object (expect->sim);
  JsonObject *shutter = json_object_get_object_member (state, "Shutter1");

  /* Closing, and on its way */
  return json_object_get_int_member_with_default (shutter, "Direction", 0) < 0 &&
         json_object_get_int_member_with_default (shutter, "Position", 100) < 90;
}

static void
test_shutter (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(HearthDevice) device = NULL;
  ShutterExpect expect = { fixture->shutter, NULL, 0 };
  HearthControl *cover;
  HearthLink *link;

  link = connect_device (fixture, fixture->shutter, &device);
  cover = hearth_device_find_control (device, "shutter1");
  g_assert_nonnull (cover);
  /* Its two relays are the shutter's, not switches */
  g_assert_cmpuint (g_list_model_get_n_items (hearth_device_get_controls (device)), ==, 1);
  g_assert_cmpint (hearth_control_get_kind (cover), ==, HEARTH_CONTROL_KIND_COVER);
  g_assert_cmpstr (hearth_control_get_name (cover), ==, "Patio Awning");
  g_assert_cmpint (hearth_control_get_position (cover), ==, 0);
  g_assert_cmpint (hearth_control_get_cover_state (cover), ==, HEARTH_COVER_STATE_CLOSED);
  expect.control = cover;

  hearth_test_apply_ok (link, "shutter1", "position=40");
  /* The answer says it is on its way up */
  g_assert_cmpint (hearth_control_get_cover_state (cover), ==, HEARTH_COVER_STATE_OPENING);
  expect.position = 40;
  g_assert_true (hearth_test_await (shutter_at, &expect, 5000));
  g_assert_cmpint (hearth_control_get_cover_state (cover), ==, HEARTH_COVER_STATE_STOPPED);

  hearth_test_apply_ok (link, "shutter1", "open");
  expect.position = 100;
  g_assert_true (hearth_test_await (shutter_at, &expect, 5000));
  g_assert_cmpint (hearth_control_get_cover_state (cover), ==, HEARTH_COVER_STATE_OPEN);

  hearth_test_apply_ok (link, "shutter1", "close");
  g_assert_true (hearth_test_await (shutter_moving, &expect, 2000));
  hearth_test_apply_ok (link, "shutter1", "stop");
  {
    g_autoptr(JsonObject) state = hearth_test_sim_get_state_object (fixture->shutter);
    JsonObject *shutter = json_object_get_object_member (state, "Shutter1");
    int stopped_at = (int) json_object_get_int_member_with_default (shutter, "Position", -1);

    g_assert_cmpint (json_object_get_int_member_with_default (shutter, "Direction", -9), ==, 0);
    g_assert_cmpint (stopped_at, <, 100);
    g_assert_cmpint (stopped_at, >, 0);
    expect.position = stopped_at;
    g_assert_true (hearth_test_await (shutter_at, &expect, 3000));
  }

  hearth_test_apply_ok (link, "shutter1", "close");
  expect.position = 0;
  g_assert_true (hearth_test_await (shutter_at, &expect, 5000));
  g_assert_cmpint (hearth_control_get_cover_state (cover), ==, HEARTH_COVER_STATE_CLOSED);

  hearth_test_stop_link (link, LINK_GONE_MS);
}

static gboolean
poll_interval_is_5000 (gpointer data)
{
  return hearth_link_get_poll_interval (HEARTH_LINK (data)) == 5000;
}

/* At the default 5 s poll, a travelling shutter is still followed within
 * a second or so, and the pace goes back once it stopped */
static void
test_shutter_pace (Fixture       *fixture,
                   gconstpointer  data)
{
  /* The family's own pace, left as it is */
  const HearthTestLinkSetup own_pace = { .default_poll_ms = 5000 };
  g_autoptr(GError) error = NULL;
  g_autoptr(HearthDevice) device = hearth_test_live_identify (&fixture->live, fixture->shutter,
                                                              NULL, &error);
  ShutterExpect expect = { fixture->shutter, NULL, 30 };
  HearthLink *link;

  g_assert_no_error (error);
  link = hearth_test_live_start_link (&fixture->live, device, &own_pace);
  g_assert_true (hearth_test_await_state (device, HEARTH_DEVICE_STATE_ONLINE, 5000));
  expect.control = hearth_device_find_control (device, "shutter1");
  g_assert_nonnull (expect.control);

  hearth_test_apply_ok (link, "shutter1", "position=30");
  g_assert_cmpuint (hearth_link_get_poll_interval (link), ==, 1000);
  /* 300 ms of travel, then at most a second until the next poll */
  g_assert_true (hearth_test_await (shutter_at, &expect, 2500));
  g_assert_cmpint (hearth_control_get_cover_state (expect.control), ==, HEARTH_COVER_STATE_STOPPED);
  g_assert_true (hearth_test_await (poll_interval_is_5000, link, 1000));

  hearth_test_stop_link (link, LINK_GONE_MS);
}

/* The address now answers for another device: refused, model untouched */
static void
test_readdress (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(HearthDevice) device = NULL;
  g_autoptr(GError) error = NULL;
  HearthControl *relay;
  HearthLink *link;

  link = connect_device (fixture, fixture->plug, &device);
  relay = hearth_device_find_control (device, "power1");

  hearth_link_readdress (link, fixture->bulb->host, fixture->bulb->port);
  g_assert_false (hearth_test_refresh (link, &error));
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_WRONG_DEVICE);
  g_assert_nonnull (strstr (error->message, fixture->bulb->id));
  g_clear_error (&error);
  g_assert_true (hearth_test_await_state (device, HEARTH_DEVICE_STATE_WRONG_DEVICE, 3000));
  /* Still the plug's relay, not the bulb's light */
  g_assert_true (hearth_device_find_control (device, "power1") == relay);
  g_assert_cmpint (hearth_control_get_kind (relay), ==, HEARTH_CONTROL_KIND_SWITCH);
  g_assert_nonnull (hearth_device_find_control (device, "energy/power"));

  /* Back at its own address */
  hearth_link_readdress (link, fixture->plug->host, fixture->plug->port);
  g_assert_true (hearth_test_await_state (device, HEARTH_DEVICE_STATE_ONLINE, 3000));

  hearth_test_stop_link (link, LINK_GONE_MS);
}

/* Bad answers. Errors, rollback and recovery are test-link-conformance's
 * bad-answers case, for the Tasmota plug as for every family; here what
 * only Tasmota answers. */

static void
test_bad_answers (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(HearthDevice) device = NULL;
  HearthControl *relay;
  HearthLink *link;

  link = connect_device (fixture, fixture->plug, &device);
  relay = hearth_device_find_control (device, "power1");
  hearth_test_apply_ok (link, "power1", "off");
  g_assert_false (hearth_control_get_on (relay));

  /* An unknown command answer is the device's refusal, not a crash */
  {
    g_autofree char *body = NULL;
    guint status = 0;

    body = hearth_test_sim_request (fixture->plug, "GET", "/cm?cmnd=Frobnicate%201", NULL, &status);
    g_assert_cmpuint (status, ==, 200);
    g_assert_cmpstr (body, ==, "{\"Command\":\"Unknown\"}");
  }

  hearth_test_apply_ok (link, "power1", "on");
  g_assert_true (hearth_control_get_on (relay));

  hearth_test_stop_link (link, LINK_GONE_MS);
}

/* Logins */

static void
test_password (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(HearthDevice) device = NULL;
  g_autoptr(HearthDevice) refused = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) state = NULL;
  g_autofree char *body = NULL;
  HearthLink *link;
  guint status = 0;

  /* The device's own answer: HTTP 200 and the WARNING */
  body = hearth_test_sim_request (fixture->plug, "GET", "/cm?cmnd=Power%20On", NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (body, ==, "{\"WARNING\":\"Need user=<username>&password=<password>\"}");
  g_clear_pointer (&body, g_free);
  body = hearth_test_sim_request (fixture->plug, "GET",
                                  "/cm?user=admin&password=wrong&cmnd=Power%20On", NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_nonnull (strstr (body, "WARNING"));
  state = hearth_test_sim_get_state_object (fixture->plug);
  g_assert_cmpstr (sim_string (state, "POWER1"), ==, "OFF");
  g_assert_cmpint (sim_int (state, "refused"), ==, 2);
  g_clear_pointer (&state, json_object_unref);

  /* Without a password it cannot even be identified: it needs one */
  g_assert_null (hearth_test_live_identify (&fixture->live, fixture->plug, NULL, &error));
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_NEEDS_PASSWORD);
  /* Saying where */
  g_assert_nonnull (strstr (error->message, fixture->plug->host));
  g_clear_error (&error);

  /* A wrong one is refused, never success */
  refused = hearth_test_live_identify_with_login (&fixture->live, fixture->plug, NULL, "wrong",
                                                  &error);
  g_assert_null (refused);
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PASSWORD);
  g_clear_error (&error);

  /* The right one (with characters that need encoding) */
  device = hearth_test_live_identify_with_login (&fixture->live, fixture->plug, NULL, PASSWORD,
                                                 &error);
  g_assert_no_error (error);
  g_assert_cmpstr (hearth_device_get_id (device), ==, fixture->plug->id);
  g_assert_cmpstr (hearth_device_get_name (device), ==, "Garden Pump");

  /* A link with a wrong password: needs a password, not online */
  link = start_link (fixture, device, "wrong");
  g_assert_true (hearth_test_await_state (device, HEARTH_DEVICE_STATE_NEEDS_PASSWORD, 5000));
  g_assert_false (hearth_test_refresh (link, &error));
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PASSWORD);
  g_clear_error (&error);
  g_assert_false (hearth_test_apply (link, "power1", "on", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  state = hearth_test_sim_get_state_object (fixture->plug);
  g_assert_cmpstr (sim_string (state, "POWER1"), ==, "OFF");
  g_clear_pointer (&state, json_object_unref);
  hearth_test_stop_link (link, LINK_GONE_MS);

  /* With no password at all: needs one too */
  hearth_device_set_state (device, HEARTH_DEVICE_STATE_CONNECTING);
  link = start_link (fixture, device, NULL);
  hearth_link_set_credentials (link, NULL, NULL);
  g_assert_false (hearth_test_refresh (link, &error));
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_NEEDS_PASSWORD);
  g_clear_error (&error);
  g_assert_true (hearth_test_await_state (device, HEARTH_DEVICE_STATE_NEEDS_PASSWORD, 5000));
  hearth_test_stop_link (link, LINK_GONE_MS);

  /* The right password: online, status and actions work */
  link = start_link (fixture, device, PASSWORD);
  g_assert_true (hearth_test_await_state (device, HEARTH_DEVICE_STATE_ONLINE, 5000));
  g_assert_nonnull (hearth_device_find_control (device, "energy/power"));
  hearth_test_apply_ok (link, "power1", "on");
  state = hearth_test_sim_get_state_object (fixture->plug);
  g_assert_cmpstr (sim_string (state, "POWER1"), ==, "ON");
  g_clear_pointer (&state, json_object_unref);
  hearth_test_stop_link (link, LINK_GONE_MS);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *encoded = g_uri_escape_string (PASSWORD, NULL, FALSE);
  /* The password, plain or URL-encoded, and any query carrying one, are
   * in no log line (debug ones too, libsoup's included) */
  const char *secrets[] = { PASSWORD, encoded, "password=", NULL };

  hearth_test_forbid_in_logs (secrets);
  /* No session bus, so no keyring: a link that would need one fails */
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/hearth-tasmota-live", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func, data) \
  hearth_test_add_live (path, Fixture, data, fixture_set_up, func)

  ADD ("/tasmota-live/identify", test_identify, NULL);
  ADD ("/tasmota-live/claims-service", test_claims_service, NULL);
  ADD ("/tasmota-live/plug", test_plug, NULL);
  ADD ("/tasmota-live/bulb", test_bulb, NULL);
  ADD ("/tasmota-live/relay4", test_relay4, NULL);
  ADD ("/tasmota-live/shutter", test_shutter, NULL);
  ADD ("/tasmota-live/shutter/pace", test_shutter_pace, NULL);
  ADD ("/tasmota-live/readdress", test_readdress, NULL);
  ADD ("/tasmota-live/bad-answers", test_bad_answers, NULL);
  ADD ("/tasmota-live/password", test_password, PASSWORD);

#undef ADD

  return g_test_run ();
}
