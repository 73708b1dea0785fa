/* test-nanoleaf-live.c: the Nanoleaf driver and link against hearth-sim, over real sockets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hearth-test-utils.h"
#include "hearth-nanoleaf-driver.h"
#include "hearth-nanoleaf-link.h"

#define POLL_MS 200
#define LIGHT   "light"

typedef struct
{
  HearthTestLive             live;
  const HearthTestSimDevice *nanoleaf;
  const HearthTestSimDevice *elgato;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  hearth_test_live_start (&fixture->live, HEARTH_TYPE_NANOLEAF_DRIVER, NULL,
                          "--nanoleaf", "1", "--elgato", "1", NULL);
  fixture->nanoleaf = hearth_test_sim_require (fixture->live.sim, "nanoleaf", NULL);
  fixture->elgato = hearth_test_sim_require (fixture->live.sim, "elgato", NULL);
}

static char *
pair_once (Fixture       *fixture,
           HearthDevice  *device,
           GError       **error)
{
  return hearth_test_live_pair (&fixture->live, fixture->nanoleaf, device, error);
}

static char *
press_and_pair (Fixture      *fixture,
                HearthDevice *device)
{
  g_autoptr(GError) error = NULL;
  char *token;

  hearth_test_sim_set_state (fixture->nanoleaf, "{\"button\":\"pressed\"}");
  token = pair_once (fixture, device, &error);
  g_assert_no_error (error);
  g_assert_nonnull (token);
  return token;
}

static HearthService *
sim_service (const HearthTestSimDevice *sim_device)
{
  g_autofree char *id = g_strdup_printf ("id=%s", sim_device->id);
  const char *txt[] = { id, "md=NL42", "srcvers=9.2.4", NULL };

  return hearth_service_new ("_nanoleafapi._tcp", sim_device->name, "shapes-test.local",
                             sim_device->host, sim_device->port, txt);
}

/* Identifies by mDNS, pairs, and starts the link: live over the stream */
static HearthLink *
connect_device (Fixture       *fixture,
                HearthDevice **device_out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HearthService) service = sim_service (fixture->nanoleaf);
  g_autoptr(HearthDevice) device = hearth_test_live_identify (&fixture->live, fixture->nanoleaf,
                                                              service, &error);
  g_autofree char *token = NULL;
  HearthLink *link;

  g_assert_no_error (error);
  token = press_and_pair (fixture, device);
  {
    const HearthTestLinkSetup setup = {
      .link_type = HEARTH_TYPE_NANOLEAF_LINK,
      .default_poll_ms = HEARTH_NANOLEAF_POLL_INTERVAL_MS,
      .poll_ms = POLL_MS,
      .password = token,
    };

    link = hearth_test_live_start_link (&fixture->live, device, &setup);
  }
  g_assert_true (hearth_test_await_online (device, HEARTH_LIVE_PUSH, NULL, 5000));
  g_assert_nonnull (hearth_device_find_control (device, LIGHT));

  *device_out = g_steal_pointer (&device);
  return link;
}

/* Identification */

static void
test_identify (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HearthService) service = sim_service (fixture->nanoleaf);
  g_autoptr(HearthDevice) by_mdns = hearth_test_live_identify (&fixture->live, fixture->nanoleaf,
                                                               service, &error);
  g_autoptr(HearthDevice) by_address = NULL;
  g_autofree char *service_id = NULL;
  g_autofree char *address_id = NULL;

  /* Found by mDNS: the identity is the TXT's */
  g_assert_no_error (error);
  g_assert_cmpstr (hearth_device_get_id (by_mdns), ==, fixture->nanoleaf->id);
  g_assert_cmpstr (hearth_device_get_family (by_mdns), ==, "nanoleaf");
  g_assert_cmpstr (hearth_device_get_name (by_mdns), ==, fixture->nanoleaf->name);
  g_assert_cmpstr (hearth_device_get_model (by_mdns), ==, "NL42");
  g_assert_cmpstr (hearth_device_get_firmware (by_mdns), ==, "9.2.4");
  g_assert_cmpstr (hearth_device_get_host (by_mdns), ==, fixture->nanoleaf->host);
  g_assert_cmpuint (hearth_device_get_port (by_mdns), ==, fixture->nanoleaf->port);
  service_id = hearth_driver_get_service_id (fixture->live.driver, service);
  g_assert_cmpstr (service_id, ==, fixture->nanoleaf->id);
  g_assert_true (hearth_driver_claims_service (fixture->live.driver, service));

  /* By address: only "a Nanoleaf answers here" */
  by_address = hearth_test_live_identify (&fixture->live, fixture->nanoleaf, NULL, &error);
  g_assert_no_error (error);
  address_id = g_strdup_printf ("nanoleaf@%s:%u", fixture->nanoleaf->host, fixture->nanoleaf->port);
  g_assert_cmpstr (hearth_device_get_id (by_address), ==, address_id);
  g_assert_cmpstr (hearth_device_get_name (by_address), ==, "Nanoleaf");

  /* Another family's device is not ours */
  hearth_test_live_assert_not_ours (&fixture->live, fixture->elgato);

  g_assert_cmpstr (hearth_driver_get_family (fixture->live.driver), ==, "nanoleaf");
  g_assert_cmpuint (hearth_driver_get_default_port (fixture->live.driver), ==, 16021);
}

/* Pairing, and the device before and after it */

static void
test_pairing (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HearthDevice) device = hearth_test_live_identify (&fixture->live, fixture->nanoleaf, NULL, &error);
  g_autoptr(JsonObject) state = NULL;
  g_autofree char *token = NULL;
  g_autofree char *none = NULL;
  g_autofree char *address_id = NULL;
  HearthLink *link;
  HearthControl *light;

  g_assert_no_error (error);
  g_assert_true (hearth_driver_can_pair (fixture->live.driver));
  g_assert_nonnull (hearth_driver_get_pairing_hint (fixture->live.driver));
  g_assert_cmpuint (hearth_driver_get_pairing_seconds (fixture->live.driver), ==, 30);

  /* Unpaired: the link says so, and asks nothing of the device */
  link = hearth_test_live_start_link (&fixture->live, device,
                                      &(HearthTestLinkSetup) { .poll_ms = POLL_MS });
  g_assert_true (hearth_test_await_state (device, HEARTH_DEVICE_STATE_NEEDS_PAIRING, 5000));

  /* The button not pressed yet */
  none = pair_once (fixture, device, &error);
  g_assert_null (none);
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_NEEDS_PAIRING);
  g_clear_error (&error);

  token = press_and_pair (fixture, device);
  g_assert_cmpuint (strlen (token), ==, 32);
  state = hearth_test_sim_get_state_object (fixture->nanoleaf);
  g_assert_cmpint (json_object_get_int_member_with_default (state, "tokens", -1), ==, 1);

  /* With it, the device comes online over its event stream, and the
   * device added by address learns its name, model and firmware; its id
   * stays what it was */
  hearth_test_stop_link (link, 0);
  link = hearth_test_live_start_link (&fixture->live, device,
                                      &(HearthTestLinkSetup) { .poll_ms = POLL_MS, .password = token });
  g_assert_true (hearth_test_await_online (device, HEARTH_LIVE_PUSH, NULL, 5000));
  address_id = g_strdup_printf ("nanoleaf@%s:%u", fixture->nanoleaf->host, fixture->nanoleaf->port);
  g_assert_cmpstr (hearth_device_get_id (device), ==, address_id);
  g_assert_cmpstr (hearth_device_get_name (device), ==, fixture->nanoleaf->name);
  g_assert_cmpstr (hearth_device_get_model (device), ==, "NL42");
  g_assert_cmpstr (hearth_device_get_firmware (device), ==, "9.2.4");
  light = hearth_device_find_control (device, LIGHT);
  g_assert_nonnull (light);
  g_assert_cmpint (hearth_control_get_capabilities (light), ==,
                   HEARTH_CAPABILITY_ON_OFF | HEARTH_CAPABILITY_BRIGHTNESS |
                   HEARTH_CAPABILITY_COLOR | HEARTH_CAPABILITY_TEMPERATURE |
                   HEARTH_CAPABILITY_EFFECT);
  g_assert_false (hearth_control_get_on (light));
  g_assert_cmpint (hearth_control_get_brightness (light), ==, 60);
  g_assert_cmpint (hearth_control_get_temperature (light), ==, 2700);
  g_assert_cmpint (hearth_control_get_temperature_min (light), ==, 1200);
  g_assert_cmpint (hearth_control_get_temperature_max (light), ==, 6500);

  /* A token the device no longer takes (a factory reset): pair again */
  hearth_test_sim_set_state (fixture->nanoleaf, "{\"revoke_tokens\":true,\"drop_events\":true}");
  g_assert_true (hearth_test_await_state (device, HEARTH_DEVICE_STATE_NEEDS_PAIRING, 5000));

  hearth_test_stop_link (link, 0);
}

/* Every action, checked on the device's side */

static void
test_actions (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(HearthDevice) device = NULL;
  HearthLink *link = connect_device (fixture, &device);
  HearthControl *light = hearth_device_find_control (device, LIGHT);

  hearth_test_apply_ok (link, LIGHT, "on");
  {
    g_autoptr(JsonObject) state = hearth_test_sim_get_state_object (fixture->nanoleaf);

    g_assert_true (json_object_get_boolean_member (state, "on"));
  }

  /* Off with a brightness: "on" must go last, or the brightness would
   * switch the light back on */
  hearth_test_apply_ok (link, LIGHT, "off brightness=40");
  {
    g_autoptr(JsonObject) state = hearth_test_sim_get_state_object (fixture->nanoleaf);
    JsonArray *keys = json_object_get_array_member (state, "last_state_keys");

    g_assert_false (json_object_get_boolean_member (state, "on"));
    g_assert_cmpint (json_object_get_int_member (state, "brightness"), ==, 40);
    g_assert_cmpuint (json_array_get_length (keys), ==, 2);
    g_assert_cmpstr (json_array_get_string_element (keys, 1), ==, "on");
  }

  hearth_test_apply_ok (link, LIGHT, "on color=#0000ff");
  {
    g_autoptr(JsonObject) state = hearth_test_sim_get_state_object (fixture->nanoleaf);

    g_assert_true (json_object_get_boolean_member (state, "on"));
    g_assert_cmpint (json_object_get_int_member (state, "hue"), ==, 240);
    g_assert_cmpint (json_object_get_int_member (state, "sat"), ==, 100);
    g_assert_cmpstr (json_object_get_string_member (state, "colorMode"), ==, "hs");
  }
  g_assert_cmpint (hearth_control_get_color (light), ==, 0x0000ff);

  hearth_test_apply_ok (link, LIGHT, "temperature=3000");
  {
    g_autoptr(JsonObject) state = hearth_test_sim_get_state_object (fixture->nanoleaf);

    g_assert_cmpint (json_object_get_int_member (state, "ct"), ==, 3000);
    g_assert_cmpstr (json_object_get_string_member (state, "colorMode"), ==, "ct");
  }

  hearth_test_apply_ok (link, LIGHT, "effect=Forest");
  {
    g_autoptr(JsonObject) state = hearth_test_sim_get_state_object (fixture->nanoleaf);

    g_assert_cmpstr (json_object_get_string_member (state, "effect"), ==, "Forest");
    g_assert_cmpstr (json_object_get_string_member (state, "colorMode"), ==, "effect");
  }
  g_assert_cmpstr (hearth_control_get_effect (light), ==, "Forest");

  hearth_test_apply_ok (link, LIGHT, "toggle");
  {
    g_autoptr(JsonObject) state = hearth_test_sim_get_state_object (fixture->nanoleaf);

    g_assert_false (json_object_get_boolean_member (state, "on"));
  }

  /* An effect the device does not have is refused before sending */
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (hearth_test_apply (link, LIGHT, "effect=Nope", &error));
    g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_INVALID);
  }

  hearth_test_stop_link (link, 0);
}

/* Changes made at the device arrive over the stream */

static gboolean
brightness_is_12 (gpointer data)
{
  return hearth_control_get_brightness (HEARTH_CONTROL (data)) == 12;
}

static gboolean
effect_is_flames (gpointer data)
{
  return g_strcmp0 (hearth_control_get_effect (HEARTH_CONTROL (data)), "Flames") == 0;
}

static gboolean
color_is_green (gpointer data)
{
  return hearth_control_get_color (HEARTH_CONTROL (data)) == 0x00ff00;
}

static gboolean
brightness_is_77 (gpointer data)
{
  return hearth_control_get_brightness (HEARTH_CONTROL (data)) == 77;
}

static void
test_push (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(HearthDevice) device = NULL;
  HearthLink *link = connect_device (fixture, &device);
  HearthControl *light = hearth_device_find_control (device, LIGHT);
  g_autoptr(JsonObject) state = NULL;

  state = hearth_test_sim_get_state_object (fixture->nanoleaf);
  g_assert_cmpint (json_object_get_int_member (state, "event_clients"), ==, 1);

  hearth_test_sim_set_state (fixture->nanoleaf, "{\"brightness\":12,\"on\":true}");
  g_assert_true (hearth_test_await (brightness_is_12, light, 1000));
  g_assert_true (hearth_control_get_on (light));

  hearth_test_sim_set_state (fixture->nanoleaf, "{\"effect\":\"Flames\"}");
  g_assert_true (hearth_test_await (effect_is_flames, light, 1000));

  /* Hue and saturation together make a colour */
  hearth_test_sim_set_state (fixture->nanoleaf, "{\"hue\":120,\"sat\":100}");
  g_assert_true (hearth_test_await (color_is_green, light, 1000));
  g_assert_null (hearth_control_get_effect (light));

  /* The stream drops and cannot be opened again: polling takes over */
  hearth_test_sim_set_state (fixture->nanoleaf, "{\"events\":\"refuse\",\"drop_events\":true}");
  g_assert_true (hearth_test_await_online (device, HEARTH_LIVE_POLL, NULL, 3000));
  hearth_test_sim_set_state (fixture->nanoleaf, "{\"brightness\":77}");
  g_assert_true (hearth_test_await (brightness_is_77, light, 2000));

  /* It comes back: live again */
  hearth_test_sim_set_state (fixture->nanoleaf, "{\"events\":\"accept\"}");
  g_assert_true (hearth_test_await_online (device, HEARTH_LIVE_PUSH, NULL, 10000));
  hearth_test_sim_set_state (fixture->nanoleaf, "{\"brightness\":12}");
  g_assert_true (hearth_test_await (brightness_is_12, light, 1000));

  /* Stopping closes the stream on the device's side too */
  hearth_link_stop (link);
  {
    guint clients = 1;

    for (guint i = 0; i < 50 && clients != 0; i++)
      {
        g_autoptr(JsonObject) now = NULL;

        g_usleep (20000);
        now = hearth_test_sim_get_state_object (fixture->nanoleaf);
        clients = json_object_get_int_member (now, "event_clients");
      }
    g_assert_cmpuint (clients, ==, 0);
  }
  g_assert_finalize_object (link);
}

/* A device that answers badly: errors and rollback, never a crash */

static void
test_bad_answers (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(HearthDevice) device = NULL;
  HearthLink *link = connect_device (fixture, &device);
  HearthControl *light = hearth_device_find_control (device, LIGHT);
  g_autoptr(GError) error = NULL;
  int brightness = hearth_control_get_brightness (light);

  /* Short deadlines from here on: the read that follows the refused
   * change below must not hang the device's queue for the default 10 s
   * once the device hangs */
  hearth_http_set_deadline_ms (fixture->live.http, 500);
  hearth_test_sim_misbehave (fixture->nanoleaf, "error");
  g_assert_false (hearth_test_apply (link, LIGHT, "brightness=5", &error));
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_HTTP_STATUS);
  g_clear_error (&error);
  /* Rolled back */
  g_assert_cmpint (hearth_control_get_brightness (light), ==, brightness);

  /* A stream request that never answers, and reads that return garbage */
  hearth_test_sim_misbehave (fixture->nanoleaf, "hang");
  hearth_test_sim_set_state (fixture->nanoleaf, "{\"drop_events\":true}");
  g_assert_true (hearth_test_await_state (device, HEARTH_DEVICE_STATE_UNAVAILABLE, 5000));
  hearth_test_sim_misbehave (fixture->nanoleaf, "garbage");
  {
    g_autoptr(GAsyncResult) result = NULL;

    /* A read joins the identity check that may still wait for the hung
     * device: the first answer after the hang is garbage */
    do
      {
        g_clear_object (&result);
        g_clear_error (&error);
        hearth_link_refresh_async (link, NULL, hearth_test_store_result, &result);
        hearth_test_await_result (&result, 5000);
        g_assert_false (hearth_link_refresh_finish (link, result, &error));
      }
    while (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT));
    g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD);
    g_clear_error (&error);
  }

  /* And it recovers */
  hearth_http_set_deadline_ms (fixture->live.http, 10000);
  hearth_test_sim_misbehave (fixture->nanoleaf, "none");
  g_assert_true (hearth_test_await_online (device, HEARTH_LIVE_PUSH, NULL, 15000));
  hearth_test_apply_ok (link, LIGHT, "brightness=5");

  hearth_test_stop_link (link, 0);
}

/* Identity before secrets: a Nanoleaf tells nothing without its token, so
 * the link confirms it with one read carrying the token and compares the
 * serial number before it uses anything. Another Nanoleaf at the address
 * that takes the token (one that learned it) is "another device", and the
 * token goes there no more. (That one read cannot be kept from it: see
 * hearth-link.c.) */
static void
test_impostor (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(HearthDevice) device = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autofree char *port = NULL;
  g_autofree char *accept = NULL;
  const HearthTestSimDevice *real_device, *other_device;
  HearthTestSim *real, *other;
  HearthLink *link;
  guint secrets;

  real = hearth_test_sim_start ("--nanoleaf", "1", NULL);
  real_device = hearth_test_sim_get_device (real, 0);
  device = hearth_test_live_identify (&fixture->live, real_device, NULL, &error);
  g_assert_no_error (error);
  hearth_test_sim_set_state (real_device, "{\"button\":\"pressed\"}");
  token = hearth_test_live_pair (&fixture->live, real_device, device, &error);
  g_assert_no_error (error);

  link = hearth_driver_create_link (fixture->live.driver, device, fixture->live.http);
  hearth_link_set_poll_interval (link, 500);
  hearth_link_set_credentials (link, NULL, token);
  hearth_link_start (link);
  g_assert_true (hearth_test_await_online (device, HEARTH_LIVE_PUSH, LIGHT, 5000));

  /* The controller goes; another one, that takes the token, answers at
   * its address */
  port = g_strdup_printf ("%u", real_device->port);
  hearth_test_sim_stop (real);
  other = hearth_test_sim_start ("--nanoleaf", "1", "--first-index", "2", "--port-base", port, NULL);
  other_device = hearth_test_sim_get_device (other, 0);
  g_assert_cmpuint (other_device->port, ==, hearth_device_get_port (device));
  accept = g_strdup_printf ("{\"accept_token\":\"%s\"}", token);
  g_test_message ("before it takes the token: %u request(s) with it", hearth_test_sim_get_secrets (other_device));
  hearth_test_sim_set_state (other_device, accept);

  g_assert_true (hearth_test_await_state (device, HEARTH_DEVICE_STATE_WRONG_DEVICE, 10000));
  /* And stays so, asking again without the token */
  g_assert_false (hearth_test_await_state (device, HEARTH_DEVICE_STATE_ONLINE, 3000));
  g_assert_cmpint (hearth_device_get_state (device), ==, HEARTH_DEVICE_STATE_WRONG_DEVICE);
  g_assert_nonnull (strstr (hearth_link_get_wrong_device_reason (link), "serial number"));

  /* A read is refused with the reason, and sends nothing either */
  g_assert_false (hearth_test_refresh (link, &error));
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_WRONG_DEVICE);
  g_clear_error (&error);

  secrets = hearth_test_sim_get_secrets (other_device);
  g_test_message ("%s at the address of %s: %u request(s) with the token reached it; %s",
                  other_device->id, hearth_device_get_id (device), secrets,
                  hearth_device_state_to_string (hearth_device_get_state (device)));
  g_assert_cmpuint (secrets, ==, 1);
  g_assert_true (hearth_link_get_wrong_device_had_secret (link));
  g_assert_null (hearth_link_get_password (link));

  hearth_test_stop_link (link, 2000);
  hearth_test_sim_stop (other);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  hearth_test_add_live ("/nanoleaf-live/" path, Fixture, NULL, fixture_set_up, func)
  ADD ("identify", test_identify);
  ADD ("pairing", test_pairing);
  ADD ("actions", test_actions);
  ADD ("push", test_push);
  ADD ("bad-answers", test_bad_answers);
  ADD ("impostor", test_impostor);
#undef ADD

  return g_test_run ();
}
