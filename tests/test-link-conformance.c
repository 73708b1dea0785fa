/* test-link-conformance.c: what every family's driver and link must do,
 * each case run over every family against hearth-sim
 *
 * A family gives its simulated device, a control and two changes of it;
 * the cases are the same for all: identify it by address and tell another
 * family's device from it, give up on a device that does not answer,
 * refuse bad answers with a clear error and roll the change back, come
 * back once the device does, and send nothing secret to an impostor.
 * What only one family does stays in its test-<family>-live.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "hearth.h"
#include "hearth-test-utils.h"

#include "hearth-elgato-driver.h"
#include "hearth-esphome-driver.h"
#include "hearth-hue-driver.h"
#include "hearth-nanoleaf-driver.h"
#include "hearth-shelly-driver.h"
#include "hearth-shelly-gen1-driver.h"
#include "hearth-tasmota-driver.h"
#include "hearth-wled-driver.h"

#define POLL_MS 200
/* The password of every family that has one */
#define PASSWORD "secret-pw"

typedef struct
{
  const char *family;
  GType       (*driver_type) (void);
  /* hearth-sim's --device for the device under test, and a device of
   * another family the driver must not claim */
  const char *device;
  const char *other;
  /* The other device does not even answer this family's question: a
   * plain HTTP server says nothing to a TLS hello (a timeout) */
  gboolean    other_says_nothing;
  /* The link reads its device's state by push or by polling; a bridge or
   * a panel needs a token from pairing first */
  HearthLive  live;
  gboolean    paired;
  /* Added by address, it tells its hardware id only once paired: until
   * then it is known by its address */
  gboolean    id_needs_pairing;
  /* /sim/state to set before the link starts (NULL: none) */
  const char *sim_state;
  /* A control, a change to it, and the change back */
  const char *control;
  const char *change;
  const char *revert;
  /* Whether a failed change also makes the device unavailable (a family
   * that polls), or only fails (one that keeps a push channel open) */
  gboolean    unavailable_on_error;
  /* The device answers a change with no body (ESPHome's web server, a
   * Nanoleaf's 204): only its status can be wrong */
  gboolean    change_answer_empty;
  /* Identity before secrets: the password the device is known with
   * (NULL: none), and whether the impostor asks for one too */
  const char *password;
  gboolean    impostor_password;
  /* A family that tells nothing without its token takes one read with it
   * to learn who answers: its own test says what an impostor gets */
  gboolean    impostor_own_test;
  /* Its device, with a password, says who it is only to the right login:
   * added by address, it needs the login to be added at all */
  gboolean    add_needs_login;
} Family;

static const Family families[] = {
  {
    .family = "elgato", .driver_type = hearth_elgato_driver_get_type,
    .device = "elgato", .other = "wled",
    .live = HEARTH_LIVE_POLL,
    .control = "light:0", .change = "on", .revert = "off",
    .unavailable_on_error = TRUE,
  },
  {
    .family = "shelly-gen1", .driver_type = hearth_shelly_gen1_driver_get_type,
    .device = "shelly-gen1:dimmer", .other = "shelly",
    .live = HEARTH_LIVE_POLL,
    .control = "light:0", .change = "on", .revert = "off",
    .unavailable_on_error = TRUE,
    .password = PASSWORD, .impostor_password = TRUE,
  },
  {
    .family = "tasmota", .driver_type = hearth_tasmota_driver_get_type,
    .device = "tasmota:plug", .other = "wled",
    .live = HEARTH_LIVE_POLL,
    .control = "power1", .change = "on", .revert = "off",
    .unavailable_on_error = TRUE,
    .password = PASSWORD, .impostor_password = TRUE,
    .add_needs_login = TRUE,
  },
  {
    .family = "hue", .driver_type = hearth_hue_driver_get_type,
    .device = "hue", .other = "elgato", .other_says_nothing = TRUE,
    .live = HEARTH_LIVE_POLL, .paired = TRUE,
    .sim_state = "{\"eventstream\":false}",
    .control = "light:3", .change = "on", .revert = "off",
    .unavailable_on_error = TRUE,
  },
  {
    .family = "shelly", .driver_type = hearth_shelly_driver_get_type,
    .device = "shelly:dimmer", .other = "wled",
    .live = HEARTH_LIVE_PUSH,
    .control = "light:0", .change = "on", .revert = "off",
    .password = PASSWORD, .impostor_password = TRUE,
  },
  {
    .family = "wled", .driver_type = hearth_wled_driver_get_type,
    .device = "wled", .other = "elgato",
    .live = HEARTH_LIVE_PUSH,
    .control = "light", .change = "on", .revert = "off",
  },
  {
    .family = "esphome", .driver_type = hearth_esphome_driver_get_type,
    .device = "esphome", .other = "wled",
    .live = HEARTH_LIVE_PUSH,
    .control = "switch/Irrigation Pump", .change = "on", .revert = "off",
    .change_answer_empty = TRUE,
    .password = PASSWORD, .impostor_password = TRUE,
    .add_needs_login = TRUE,
  },
  {
    .family = "nanoleaf", .driver_type = hearth_nanoleaf_driver_get_type,
    .device = "nanoleaf", .other = "elgato",
    .live = HEARTH_LIVE_PUSH, .paired = TRUE, .id_needs_pairing = TRUE,
    .control = "light", .change = "on", .revert = "off",
    .change_answer_empty = TRUE,
    .impostor_own_test = TRUE,
  },
};

typedef struct
{
  HearthTestLive             live;
  const Family              *family;
  const HearthTestSimDevice *device;
  const HearthTestSimDevice *other;
} Fixture;

/* The simulator with the family's device and the other one, the family's
 * device wanting @password (NULL: none) */
static void
set_up (Fixture      *fixture,
        const Family *family,
        const char   *password)
{
  g_auto(GStrv) other = g_strsplit (family->other, ":", 2);

  fixture->family = family;
  hearth_test_live_start (&fixture->live, family->driver_type (), password,
                          "--device", family->device,
                          "--device", family->other,
                          NULL);
  fixture->device = hearth_test_sim_get_device (fixture->live.sim, 0);
  fixture->other = hearth_test_sim_require (fixture->live.sim, other[0], NULL);
  g_assert_cmpstr (fixture->device->family, ==, family->family);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  set_up (fixture, data, NULL);
}

/* The family's device wants its password */
static void
fixture_set_up_locked (Fixture       *fixture,
                       gconstpointer  data)
{
  const Family *family = data;

  set_up (fixture, family, family->password);
}

/* Identified by address, started as the app starts it, and online */
static HearthLink *
connect_device (Fixture       *fixture,
                HearthDevice **device_out)
{
  const Family *family = fixture->family;
  g_autoptr(GError) error = NULL;
  g_autoptr(HearthDevice) device = NULL;
  g_autofree char *secret = NULL;
  HearthTestLinkSetup setup = {
    .poll_ms = POLL_MS,
    .control_id = family->control,
  };
  HearthLink *link;

  device = hearth_test_live_identify (&fixture->live, fixture->device, NULL, &error);
  g_assert_no_error (error);
  if (family->paired)
    {
      hearth_test_sim_set_state (fixture->device, "{\"button\":\"pressed\"}");
      secret = hearth_test_live_pair (&fixture->live, fixture->device, device, &error);
      g_assert_no_error (error);
      g_assert_nonnull (secret);
    }
  if (family->sim_state != NULL)
    hearth_test_sim_set_state (fixture->device, family->sim_state);

  setup.password = secret;
  link = hearth_test_live_start_link (&fixture->live, device, &setup);
  g_assert_true (hearth_test_await_online (device, family->live, family->control, 10000));

  *device_out = g_steal_pointer (&device);
  return link;
}

/* A read that succeeds, once the device answers again (the first may
 * still join an identity check that began while it misbehaved) */
static void
await_answering (HearthLink *link)
{
  for (guint tries = 0; !hearth_test_refresh (link, NULL); tries++)
    {
      g_assert_cmpuint (tries, <, 20);
      g_usleep (50 * G_TIME_SPAN_MILLISECOND);
    }
}

static void
test_identify (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HearthDevice) device = NULL;

  device = hearth_test_live_identify (&fixture->live, fixture->device, NULL, &error);
  g_assert_no_error (error);
  /* The hardware id, never the address */
  if (fixture->family->id_needs_pairing)
    {
      g_autofree char *id = g_strdup_printf ("%s@%s:%u", fixture->family->family,
                                             fixture->device->host, fixture->device->port);

      g_assert_cmpstr (hearth_device_get_id (device), ==, id);
    }
  else
    g_assert_cmpstr (hearth_device_get_id (device), ==, fixture->device->id);
  g_assert_cmpstr (hearth_device_get_family (device), ==, fixture->family->family);
  g_assert_cmpstr (hearth_device_get_host (device), ==, fixture->device->host);
  g_assert_cmpuint (hearth_device_get_port (device), ==, fixture->device->port);
  g_assert_nonnull (hearth_device_get_name (device));
  g_assert_cmpstr (hearth_device_get_name (device), !=, "");

  /* Another family's device at an address is not this family's */
  if (!fixture->family->other_says_nothing)
    {
      hearth_test_live_assert_not_ours (&fixture->live, fixture->other);
      return;
    }
  g_clear_object (&device);
  device = hearth_test_live_identify (&fixture->live, fixture->other, NULL, &error);
  g_assert_null (device);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
}

static void
test_identify_hanging (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HearthDevice) device = NULL;
  gint64 start = g_get_monotonic_time ();

  /* No answer within the deadline is a network failure, not "not ours" */
  hearth_http_set_deadline_ms (fixture->live.http, 500);
  hearth_test_sim_misbehave (fixture->device, "hang");
  device = hearth_test_live_identify (&fixture->live, fixture->device, NULL, &error);
  g_assert_null (device);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  g_assert_cmpint ((g_get_monotonic_time () - start) / 1000, <, 3000);
  hearth_test_sim_misbehave (fixture->device, "none");
}

static void
test_bad_answers (Fixture       *fixture,
                  gconstpointer  data)
{
  static const struct {
    const char *mode;
    int         code;
  } modes[] = {
    { "error", HEARTH_ERROR_HTTP_STATUS },
    { "garbage", HEARTH_ERROR_BAD_PAYLOAD },
    { "huge", HEARTH_ERROR_TOO_LARGE },
  };
  const Family *family = fixture->family;
  g_autoptr(HearthDevice) device = NULL;
  HearthControl *control;
  HearthLink *link;

  link = connect_device (fixture, &device);
  control = hearth_device_find_control (device, family->control);
  hearth_test_apply_ok (link, family->control, family->revert);
  g_assert_false (hearth_control_get_on (control));

  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    {
      g_autoptr(GError) error = NULL;

      if (family->change_answer_empty && modes[i].code != HEARTH_ERROR_HTTP_STATUS)
        continue;
      g_test_message ("misbehave: %s", modes[i].mode);
      hearth_test_sim_misbehave (fixture->device, modes[i].mode);

      /* The change fails with a clear error, and the model rolls back */
      g_assert_false (hearth_test_apply (link, family->control, family->change, &error));
      g_assert_nonnull (error);
      g_test_message ("%s", error->message);
      g_assert_error (error, HEARTH_ERROR, modes[i].code);
      g_assert_false (hearth_control_get_on (control));
      if (family->unavailable_on_error)
        g_assert_true (hearth_test_await_state (device, HEARTH_DEVICE_STATE_UNAVAILABLE, 3000));

      hearth_test_sim_misbehave (fixture->device, "none");
      await_answering (link);
      g_assert_true (hearth_test_await_state (device, HEARTH_DEVICE_STATE_ONLINE, 5000));
    }

  /* And afterwards it works */
  hearth_test_apply_ok (link, family->control, family->change);
  g_assert_true (hearth_control_get_on (control));

  hearth_test_stop_link (link, 0);
}

static void
test_hang_and_recover (Fixture       *fixture,
                       gconstpointer  data)
{
  const Family *family = fixture->family;
  g_autoptr(HearthDevice) device = NULL;
  g_autoptr(GError) error = NULL;
  HearthControl *control;
  HearthLink *link;

  link = connect_device (fixture, &device);
  control = hearth_device_find_control (device, family->control);
  hearth_test_apply_ok (link, family->control, family->revert);

  /* A device that stops answering: a timeout and a roll-back, not a hang */
  hearth_http_set_deadline_ms (fixture->live.http, 500);
  hearth_test_sim_misbehave (fixture->device, "hang");
  g_assert_false (hearth_test_apply (link, family->control, family->change, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  g_assert_false (hearth_control_get_on (control));
  if (family->unavailable_on_error)
    g_assert_true (hearth_test_await_state (device, HEARTH_DEVICE_STATE_UNAVAILABLE, 3000));

  /* It answers again: online, and what changed at the device meanwhile
   * reaches the model */
  hearth_test_sim_misbehave (fixture->device, "none");
  await_answering (link);
  g_assert_true (hearth_test_await_state (device, HEARTH_DEVICE_STATE_ONLINE, 10000));
  hearth_test_apply_ok (link, family->control, family->change);
  g_assert_true (hearth_control_get_on (control));

  hearth_test_stop_link (link, 0);
}

static void
test_impostor (Fixture       *fixture,
               gconstpointer  data)
{
  const Family *family = fixture->family;
  const HearthTestImpostor impostor = {
    .device = family->device,
    .password = family->password,
    .paired = family->paired,
  };

  hearth_test_live_impostor (&fixture->live, &impostor);
}

static void
test_impostor_with_password (Fixture       *fixture,
                             gconstpointer  data)
{
  const Family *family = fixture->family;
  const HearthTestImpostor impostor = {
    .device = family->device,
    .password = family->password,
    .impostor_password = TRUE,
  };

  hearth_test_live_impostor (&fixture->live, &impostor);
}

static gboolean
pointer_cleared (gpointer data)
{
  return *(gpointer *) data == NULL;
}

/* Added by address as the app and hearthctl add it, with a login */
static void
test_add_with_login (Fixture       *fixture,
                     gconstpointer  data)
{
  const Family *family = fixture->family;
  g_autoptr(HearthHome) home = hearth_home_new (hearth_drivers_new_all ());
  g_autoptr(HearthDevice) device = NULL;
  g_autoptr(HearthDevice) refused = NULL;
  g_autoptr(GError) error = NULL;
  HearthLink *link;
  gpointer weak_link;

  /* Without a login: the device needs one, says where, and nothing is
   * added */
  g_assert_null (hearth_test_home_add_address (home, fixture->device, NULL, NULL, &error));
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_NEEDS_PASSWORD);
  g_assert_nonnull (strstr (error->message, fixture->device->host));
  g_clear_error (&error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (home)), ==, 0);

  /* A wrong one, with the family's usual user name or the default one:
   * refused (the WARNING is no success), nothing added */
  refused = hearth_test_home_add_address (home, fixture->device, "admin", "wrong", &error);
  g_assert_null (refused);
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PASSWORD);
  g_clear_error (&error);
  refused = hearth_test_home_add_address (home, fixture->device, NULL, "wrong", &error);
  g_assert_null (refused);
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PASSWORD);
  g_clear_error (&error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (home)), ==, 0);

  /* The right one (no user name, as `hearthctl login` gives it: the
   * default one): the device by its hardware id, not by its address */
  device = hearth_test_home_add_address (home, fixture->device, NULL, family->password, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (hearth_device_get_id (device), ==, fixture->device->id);
  g_assert_false (hearth_device_has_address_id (device));
  g_assert_cmpstr (hearth_device_get_family (device), ==, family->family);
  g_assert_cmpstr (hearth_device_get_name (device), ==, fixture->device->name);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (home)), ==, 1);
  g_assert_true (hearth_home_lookup (home, fixture->device->id) == device);

  /* Online with the login it was added with: no keyring (there is no
   * session bus in this process to reach one) */
  link = hearth_home_get_link (home, device);
  g_assert_nonnull (link);
  g_assert_true (hearth_test_await_online (device, family->live, family->control, 10000));

  /* And it controls the device, with the same login */
  hearth_test_apply_ok (link, family->control, family->revert);
  hearth_test_apply_ok (link, family->control, family->change);
  g_assert_true (hearth_control_get_on (hearth_device_find_control (device, family->control)));

  /* The home lets go of its link with itself */
  weak_link = link;
  g_object_add_weak_pointer (G_OBJECT (link), &weak_link);
  g_clear_object (&home);
  g_assert_true (hearth_test_await (pointer_cleared, &weak_link, 5000));
}

int
main (int    argc,
      char **argv)
{
  static const char basic[] = "admin:" PASSWORD;
  g_autofree char *base64 = g_base64_encode ((const guchar *) basic, strlen (basic));
  /* The password, plain or as the Basic login that carries it, and any
   * query carrying one, are in no log line (debug ones too, libsoup's
   * included) */
  const char *secrets[] = { PASSWORD, base64, "password=", NULL };

  hearth_test_forbid_in_logs (secrets);
  /* No session bus, so no keyring: a link that would need one fails */
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/hearth-link-conformance", TRUE);
  /* Not G_TEST_OPTION_ISOLATE_DIRS: a SoupSession loads GIO's default
   * proxy resolver, whose GNOME module aborts without GSettings schemas,
   * and isolated XDG_DATA_DIRS hide them. Nothing here writes files. */
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (families); i++)
    {
      const Family *family = &families[i];

#define ADD(name, func) \
      G_STMT_START { \
        g_autofree char *path = g_strdup_printf ("/link-conformance/%s/%s", family->family, name); \
        hearth_test_add_live (path, Fixture, family, fixture_set_up, func); \
      } G_STMT_END

      ADD ("identify", test_identify);
      ADD ("identify/hanging", test_identify_hanging);
      ADD ("bad-answers", test_bad_answers);
      ADD ("hang-and-recover", test_hang_and_recover);
      if (!family->impostor_own_test)
        ADD ("impostor", test_impostor);
      if (family->impostor_password)
        ADD ("impostor-with-password", test_impostor_with_password);

      if (family->add_needs_login)
        {
          g_autofree char *path = g_strdup_printf ("/link-conformance/%s/add-with-login",
                                                   family->family);

          hearth_test_add_live (path, Fixture, family, fixture_set_up_locked, test_add_with_login);
        }

#undef ADD
    }

  return g_test_run ();
}
