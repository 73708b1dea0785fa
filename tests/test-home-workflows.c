/* test-home-workflows.c: what the faces ask of HearthHome, against
 * hearth-sim: applying to many devices and to a group, logging in, pairing by a button,
 * adding a host with its login, forgetting. Run under tests/hearth-keyring
 * (secrets go to a private keyring; skipped elsewhere).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>

#include "hearth-test-utils.h"

#define PASSWORD "hearth test pw"
/* The Nanoleaf's one light (hearth-nanoleaf-link.c) */
#define LIGHT "light"

typedef struct
{
  HearthTestFolder  files;
  HearthStore      *store;
  HearthHome       *home;
} Fixture;

static void
set_up (Fixture       *fixture,
        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  hearth_test_folder_set_up (&fixture->files, "hearth-home-workflows", "home.json");
  fixture->store = hearth_store_new (fixture->files.path);
  g_assert_true (hearth_store_load (fixture->store, &error));
  g_assert_no_error (error);
  fixture->home = hearth_home_new (hearth_drivers_new_all ());
  hearth_home_set_store (fixture->home, fixture->store);
}

static void
tear_down (Fixture       *fixture,
           gconstpointer  data)
{
  g_assert_finalize_object (fixture->home);
  hearth_store_flush (fixture->store, NULL);
  g_assert_finalize_object (fixture->store);
  hearth_test_folder_tear_down (&fixture->files);
}

static char *
keyring_lookup (const char *id)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *secret;

  hearth_secrets_lookup_async (id, NULL, hearth_test_store_result, &result);
  secret = hearth_secrets_lookup_finish (hearth_test_await_result (&result, 15000), &error);
  g_assert_no_error (error);
  return secret;
}

static HearthDevice *
add_host (Fixture                   *fixture,
          const HearthTestSimDevice *sim_device,
          const char                *password,
          GError                   **error)
{
  g_autoptr(HearthHost) host = hearth_host_new (sim_device->host, sim_device->port);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) keyring_error = NULL;
  HearthDevice *device;

  hearth_home_add_host_async (fixture->home, host, NULL, password, NULL,
                              hearth_test_store_result, &result);
  device = hearth_home_add_host_finish (fixture->home, hearth_test_await_result (&result, 20000),
                                        &keyring_error, error);
  g_assert_no_error (keyring_error);
  return device;
}

static gboolean
apply (Fixture      *fixture,
       GPtrArray    *controls,
       const char   *action,
       GError      **error)
{
  g_autoptr(HearthChange) change = hearth_change_new ();
  g_autoptr(GAsyncResult) result = NULL;

  g_assert_true (hearth_change_parse_action (change, action, NULL));
  hearth_home_apply_async (fixture->home, controls, change, NULL, hearth_test_store_result, &result);
  return hearth_home_apply_finish (fixture->home, hearth_test_await_result (&result, 20000), error);
}

/* One change to the controls of two devices at once: both switch; with
 * one device failing, the error names it */
static void
test_apply_many (Fixture       *fixture,
                 gconstpointer  data)
{
  HearthTestSim *sim = hearth_test_sim_start ("--wled", "1", "--elgato", "1", NULL);
  const HearthTestSimDevice *wled = hearth_test_sim_find (sim, "wled");
  const HearthTestSimDevice *elgato = hearth_test_sim_find (sim, "elgato");
  g_autoptr(HearthDevice) a = NULL;
  g_autoptr(HearthDevice) b = NULL;
  g_autoptr(GPtrArray) controls = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *prefix = NULL;

  a = add_host (fixture, wled, NULL, &error);
  g_assert_no_error (error);
  b = add_host (fixture, elgato, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (hearth_test_await_online (a, HEARTH_LIVE_PUSH, NULL, 15000) ||
                 hearth_device_get_available (a));
  g_assert_true (hearth_test_await_state (b, HEARTH_DEVICE_STATE_ONLINE, 15000));

  g_ptr_array_add (controls, hearth_test_first_control (a));
  g_ptr_array_add (controls, hearth_test_first_control (b));
  g_assert_true (apply (fixture, controls, "off", &error));
  g_assert_no_error (error);
  g_assert_false (hearth_control_get_on (hearth_test_first_control (a)));
  g_assert_false (hearth_control_get_on (hearth_test_first_control (b)));
  g_assert_true (apply (fixture, controls, "on", &error));
  g_assert_no_error (error);
  g_assert_true (hearth_control_get_on (hearth_test_first_control (a)));
  g_assert_true (hearth_control_get_on (hearth_test_first_control (b)));

  /* The Elgato answers with errors now: the WLED still switches, and the
   * error says which one failed */
  hearth_test_sim_misbehave (elgato, "error");
  g_assert_false (apply (fixture, controls, "off", &error));
  g_assert_nonnull (error);
  prefix = g_strdup_printf ("%s (%s): ", hearth_device_get_name (b),
                            hearth_control_get_name (hearth_test_first_control (b)));
  g_assert_true (g_str_has_prefix (error->message, prefix));
  g_assert_false (hearth_control_get_on (hearth_test_first_control (a)));
  g_clear_error (&error);
  hearth_test_sim_misbehave (elgato, "none");

  /* A control of no device the home knows */
  {
    g_autoptr(HearthControl) stray = hearth_control_new ("stray", HEARTH_CONTROL_KIND_LIGHT, "Stray");
    g_autoptr(GPtrArray) one = g_ptr_array_new ();

    g_ptr_array_add (one, stray);
    g_assert_false (apply (fixture, one, "on", &error));
    g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_NOT_FOUND);
  }

  hearth_test_sim_stop (sim);
}

/* The changes the simulator's devices had in flight at once, at most,
 * since the last reset */
static guint
sim_changes_max_in_flight (const HearthTestSimDevice *device)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *body = NULL;
  guint status = 0;

  body = hearth_test_sim_request (device, "GET", "/sim/stats", NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_true (json_parser_load_from_data (parser, body, -1, NULL));
  return json_object_get_int_member (json_node_get_object (json_parser_get_root (parser)),
                                     "all_changes_max_in_flight");
}

#define N_GROUP 12

/* A room of twelve lights and a switch acts as one group: its members as
 * the store has them (hidden ones left out; switchable, dimmable), the
 * favourites likewise; "all off" goes to the twelve devices at the same
 * time (the simulator counts the changes in flight at once: twelve, not
 * one after another); one device failing keeps none of the others from
 * switching and is told by name; a control not connected neither. */
static void
test_group (Fixture       *fixture,
            gconstpointer  data)
{
  g_autofree char *n_lights = g_strdup_printf ("%d", N_GROUP);
  HearthTestSim *sim = hearth_test_sim_start ("--elgato", n_lights, "--shelly", "1",
                                              "--latency", "100", NULL);
  g_autoptr(GPtrArray) devices = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) group = NULL;
  g_autoptr(GPtrArray) failed = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(HearthChange) off = hearth_change_new ();
  g_autoptr(GError) error = NULL;
  HearthDevice *shelly = NULL;
  const HearthTestSimDevice *broken = NULL;

  g_assert_cmpuint (hearth_test_sim_get_n_devices (sim), ==, N_GROUP + 1);
  for (guint i = 0; i < hearth_test_sim_get_n_devices (sim); i++)
    {
      const HearthTestSimDevice *sim_device = hearth_test_sim_get_device (sim, i);
      HearthDevice *device = add_host (fixture, sim_device, NULL, &error);
      GListModel *controls;

      g_assert_no_error (error);
      g_assert_true (hearth_test_await_state (device, HEARTH_DEVICE_STATE_ONLINE, 15000));
      g_ptr_array_add (devices, device);
      controls = hearth_device_get_controls (device);
      for (guint j = 0; j < g_list_model_get_n_items (controls); j++)
        {
          g_autoptr(HearthControl) control = g_list_model_get_item (controls, j);
          g_autofree char *key = hearth_store_key (hearth_device_get_id (device),
                                                   hearth_control_get_id (control));

          hearth_store_set_room (fixture->store, key, "Office");
          hearth_store_set_favourite (fixture->store, key, i < 2);
        }
      if (g_str_equal (sim_device->family, "shelly"))
        shelly = device;
      else if (broken == NULL)
        broken = sim_device;
    }
  g_assert_nonnull (shelly);

  /* Who is in the group */
  group = hearth_home_dup_group (fixture->home, "Office", HEARTH_GROUP_DIMMABLE);
  g_assert_cmpuint (group->len, ==, N_GROUP);
  g_clear_pointer (&group, g_ptr_array_unref);
  group = hearth_home_dup_group (fixture->home, "Office", HEARTH_GROUP_SWITCHABLE);
  g_assert_cmpuint (group->len, ==, N_GROUP + 1);
  g_assert_true (g_ptr_array_find (group, hearth_test_first_control (shelly), NULL));
  g_clear_pointer (&group, g_ptr_array_unref);
  group = hearth_home_dup_group (fixture->home, "Kitchen", HEARTH_GROUP_ALL);
  g_assert_cmpuint (group->len, ==, 0);
  g_clear_pointer (&group, g_ptr_array_unref);
  group = hearth_home_dup_group (fixture->home, NULL, HEARTH_GROUP_SWITCHABLE);
  g_assert_cmpuint (group->len, ==, 2);
  g_clear_pointer (&group, g_ptr_array_unref);
  {
    HearthDevice *first = g_ptr_array_index (devices, 0);
    g_autofree char *key = hearth_store_key (hearth_device_get_id (first),
                                             hearth_control_get_id (hearth_test_first_control (first)));

    guint n_all;

    group = hearth_home_dup_group (fixture->home, NULL, HEARTH_GROUP_ALL);
    n_all = group->len;
    g_assert_cmpuint (n_all, >=, 2);
    g_clear_pointer (&group, g_ptr_array_unref);
    hearth_store_set_hidden (fixture->store, key, TRUE);
    group = hearth_home_dup_group (fixture->home, NULL, HEARTH_GROUP_ALL);
    g_assert_cmpuint (group->len, ==, n_all - 1);
    g_clear_pointer (&group, g_ptr_array_unref);
    hearth_store_set_hidden (fixture->store, key, FALSE);
  }

  /* All off: the twelve lights' changes in flight at once */
  g_assert_true (hearth_change_parse_action (off, "off", NULL));
  group = hearth_home_dup_group (fixture->home, "Office", HEARTH_GROUP_DIMMABLE);
  hearth_test_sim_reset_stats (broken);
  g_assert_cmpuint (sim_changes_max_in_flight (broken), ==, 0);
  hearth_home_apply_async (fixture->home, group, off, NULL, hearth_test_store_result, &result);
  hearth_test_await_result (&result, 20000);
  g_assert_true (hearth_home_apply_finish (fixture->home, result, &error));
  g_assert_no_error (error);
  failed = hearth_home_apply_dup_failed (fixture->home, result);
  g_assert_cmpuint (failed->len, ==, 0);
  g_clear_pointer (&failed, g_ptr_array_unref);
  g_clear_object (&result);
  g_test_message ("changes in flight at once: %u", sim_changes_max_in_flight (broken));
  g_assert_cmpuint (sim_changes_max_in_flight (broken), ==, N_GROUP);
  for (guint i = 0; i < group->len; i++)
    g_assert_false (hearth_control_get_on (g_ptr_array_index (group, i)));

  /* One light fails: the others come on, and the caller learns which */
  hearth_test_sim_misbehave (broken, "error");
  g_assert_true (hearth_change_parse_action (off, "on", NULL));
  hearth_home_apply_async (fixture->home, group, off, NULL, hearth_test_store_result, &result);
  hearth_test_await_result (&result, 20000);
  g_assert_false (hearth_home_apply_finish (fixture->home, result, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  failed = hearth_home_apply_dup_failed (fixture->home, result);
  g_assert_cmpuint (failed->len, ==, 1);
  g_assert_cmpstr (hearth_device_get_id (g_ptr_array_index (failed, 0)), ==, broken->id);
  g_clear_pointer (&failed, g_ptr_array_unref);
  g_clear_object (&result);
  for (guint i = 0; i < devices->len; i++)
    {
      HearthDevice *device = g_ptr_array_index (devices, i);

      if (device == shelly || g_str_equal (hearth_device_get_id (device), broken->id))
        continue;
      g_assert_true (hearth_control_get_on (hearth_test_first_control (device)));
    }
  hearth_test_sim_misbehave (broken, "none");

  /* A control of no device the home knows, among others: they still
   * switch, and the error says it */
  {
    g_autoptr(HearthControl) stray = hearth_control_new ("stray", HEARTH_CONTROL_KIND_LIGHT, "Stray");
    g_autoptr(GPtrArray) two = g_ptr_array_new ();
    g_autoptr(GPtrArray) one = g_ptr_array_new ();

    g_ptr_array_add (one, hearth_test_first_control (shelly));
    g_assert_true (apply (fixture, one, "on", &error));
    g_assert_no_error (error);
    g_assert_true (hearth_control_get_on (hearth_test_first_control (shelly)));
    g_ptr_array_add (two, stray);
    g_ptr_array_add (two, hearth_test_first_control (shelly));
    g_assert_false (apply (fixture, two, "off", &error));
    g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_NOT_FOUND);
    g_assert_false (hearth_control_get_on (hearth_test_first_control (shelly)));
  }

  g_clear_pointer (&group, g_ptr_array_unref);
  g_clear_pointer (&devices, g_ptr_array_unref);
  hearth_test_sim_stop (sim);
}

static gboolean
has_login (gpointer data)
{
  return hearth_home_has_login (g_object_get_data (data, "home"), data);
}

/* Logging in: a refused password is not kept; an accepted one is, and the
 * device comes online with it */
static void
test_log_in (Fixture       *fixture,
             gconstpointer  data)
{
  HearthTestSim *sim = NULL;
  const HearthTestSimDevice *shelly;
  g_autoptr(HearthDevice) device = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) keyring_error = NULL;
  g_autofree char *kept = NULL;

  if (hearth_test_skip_without_keyring ())
    return;

  sim = hearth_test_sim_start ("--shelly", "1", "--password", PASSWORD, NULL);
  shelly = hearth_test_sim_find (sim, "shelly");
  device = add_host (fixture, shelly, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (hearth_test_await_state (device, HEARTH_DEVICE_STATE_NEEDS_PASSWORD, 15000));
  g_assert_false (hearth_home_has_login (fixture->home, device));

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GAsyncResult) result = NULL;
      gboolean ok;

      hearth_home_log_in_async (fixture->home, device, NULL, i == 0 ? "wrong" : PASSWORD,
                                NULL, hearth_test_store_result, &result);
      ok = hearth_home_log_in_finish (fixture->home, hearth_test_await_result (&result, 20000),
                                      &keyring_error, &error);
      g_assert_no_error (keyring_error);
      if (i == 0)
        {
          g_assert_false (ok);
          g_assert_true (g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PASSWORD) ||
                         g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_NEEDS_PASSWORD));
          g_clear_error (&error);
          kept = keyring_lookup (shelly->id);
          g_assert_null (kept);
        }
      else
        {
          g_assert_no_error (error);
          g_assert_true (ok);
        }
    }

  kept = keyring_lookup (shelly->id);
  g_assert_cmpstr (kept, ==, PASSWORD);
  /* Reconnected with the keyring's password, once it confirmed the device */
  g_object_set_data (G_OBJECT (device), "home", fixture->home);
  g_assert_true (hearth_test_await (has_login, device, 15000));
  g_assert_true (hearth_test_await_state (device, HEARTH_DEVICE_STATE_ONLINE, 15000));

  hearth_test_sim_stop (sim);
}

/* Adding a host with its login keeps the host, the login and the
 * password; forgetting the host forgets the device and its password */
static void
test_add_and_forget (Fixture       *fixture,
                     gconstpointer  data)
{
  HearthTestSim *sim = NULL;
  const HearthTestSimDevice *tasmota;
  g_autoptr(HearthDevice) device = NULL;
  g_autoptr(GPtrArray) hosts = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *kept = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  gboolean forgotten = TRUE;

  if (hearth_test_skip_without_keyring ())
    return;

  sim = hearth_test_sim_start ("--tasmota", "1", "--password", PASSWORD, NULL);
  tasmota = hearth_test_sim_find (sim, "tasmota");

  /* Tells nothing without its password */
  device = add_host (fixture, tasmota, NULL, &error);
  g_assert_null (device);
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_NEEDS_PASSWORD);
  g_clear_error (&error);
  hosts = hearth_home_dup_hosts (fixture->home);
  g_assert_cmpuint (hosts->len, ==, 0);
  g_clear_pointer (&hosts, g_ptr_array_unref);

  device = add_host (fixture, tasmota, PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (hearth_device_get_id (device), ==, tasmota->id);
  kept = keyring_lookup (tasmota->id);
  g_assert_cmpstr (kept, ==, PASSWORD);
  g_clear_pointer (&kept, g_free);
  hosts = hearth_home_dup_hosts (fixture->home);
  g_assert_cmpuint (hosts->len, ==, 1);
  g_assert_cmpstr (hearth_host_get_host (g_ptr_array_index (hosts, 0)), ==, tasmota->host);
  g_assert_cmpuint (hearth_host_get_port (g_ptr_array_index (hosts, 0)), ==, tasmota->port);
  g_assert_true (hearth_home_lookup_host (fixture->home, g_ptr_array_index (hosts, 0)) == device);

  /* Forgetting the host: the device goes with it */
  hearth_home_forget_host (fixture->home, g_ptr_array_index (hosts, 0));
  g_clear_pointer (&hosts, g_ptr_array_unref);
  hosts = hearth_home_dup_hosts (fixture->home);
  g_assert_cmpuint (hosts->len, ==, 0);
  g_assert_null (hearth_home_lookup (fixture->home, tasmota->id));

  /* Its password too, by id (hearth_home_forget_device() clears it in the
   * background; forgetting by id waits, and says whether one was kept) */
  hearth_home_forget_async (fixture->home, tasmota->id, NULL, hearth_test_store_result, &result);
  g_assert_true (hearth_home_forget_finish (fixture->home, hearth_test_await_result (&result, 15000),
                                            &forgotten, &error));
  g_assert_no_error (error);
  kept = keyring_lookup (tasmota->id);
  g_assert_null (kept);

  hearth_test_sim_stop (sim);
}

/* Forgetting by id a device only the keyring knows */
static void
test_forget_secret (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GAsyncResult) kept = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *left = NULL;

  if (hearth_test_skip_without_keyring ())
    return;

  hearth_secrets_store_async ("AABBCC000001", "test", "token", NULL, hearth_test_store_result, &kept);
  g_assert_true (hearth_secrets_store_finish (hearth_test_await_result (&kept, 15000), &error));
  g_assert_no_error (error);

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GAsyncResult) result = NULL;
      gboolean forgotten = i == 1;

      hearth_home_forget_async (fixture->home, "AABBCC000001", NULL, hearth_test_store_result, &result);
      g_assert_true (hearth_home_forget_finish (fixture->home, hearth_test_await_result (&result, 15000),
                                                &forgotten, &error));
      g_assert_no_error (error);
      /* Kept the first time; none left the second */
      g_assert_cmpint (forgotten, ==, i == 0);
    }
  left = keyring_lookup ("AABBCC000001");
  g_assert_null (left);
}

static void
on_seconds_left (HearthPairing *pairing,
                 GParamSpec    *pspec,
                 guint         *notified)
{
  (*notified)++;
}

static gboolean
press_button (gpointer data)
{
  hearth_test_sim_set_state (data, "{\"button\":\"pressed\"}");
  return G_SOURCE_REMOVE;
}

/* Pairing a Nanoleaf by its button: asked again until it is pressed, the
 * token kept; not pressed in time, an error that says so */
static void
test_pair (Fixture       *fixture,
           gconstpointer  data)
{
  HearthTestSim *sim = NULL;
  const HearthTestSimDevice *nanoleaf;
  g_autoptr(HearthDevice) device = NULL;
  g_autoptr(HearthPairing) pairing = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) keyring_error = NULL;
  g_autofree char *token = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *address_id = NULL;
  g_autofree char *old_key = NULL;
  g_autofree char *new_key = NULL;
  g_autoptr(GPtrArray) hosts = NULL;
  HearthDevice *paired;
  guint notified = 0;

  if (hearth_test_skip_without_keyring ())
    return;

  sim = hearth_test_sim_start ("--nanoleaf", "1", NULL);
  nanoleaf = hearth_test_sim_find (sim, "nanoleaf");
  device = add_host (fixture, nanoleaf, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (hearth_test_await_state (device, HEARTH_DEVICE_STATE_NEEDS_PAIRING, 15000));
  g_assert_true (hearth_home_can_pair (fixture->home, device));
  address_id = g_strdup_printf ("nanoleaf@%s:%u", nanoleaf->host, nanoleaf->port);
  g_assert_cmpstr (hearth_device_get_id (device), ==, address_id);
  /* Its light has a name, a room and is a favourite already */
  old_key = g_strconcat (address_id, "/", LIGHT, NULL);
  hearth_store_set_name (fixture->store, old_key, "Shelf Glow");
  g_assert_true (hearth_store_add_room (fixture->store, "Study", NULL));
  hearth_store_set_room (fixture->store, old_key, "Study");
  hearth_store_set_favourite (fixture->store, old_key, TRUE);

  /* Not pressed within two seconds */
  pairing = hearth_home_pair_async (fixture->home, device, 2, NULL, hearth_test_store_result, &result);
  g_assert_true (hearth_pairing_get_waiting (pairing));
  g_assert_cmpuint (hearth_pairing_get_seconds (pairing), ==, 2);
  g_assert_nonnull (hearth_pairing_get_hint (pairing));
  g_signal_connect (pairing, "notify::seconds-left", G_CALLBACK (on_seconds_left), &notified);
  g_assert_false (hearth_home_pair_finish (fixture->home, hearth_test_await_result (&result, 15000),
                                           &keyring_error, &error));
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_NEEDS_PAIRING);
  g_assert_no_error (keyring_error);
  g_assert_cmpuint (notified, >=, 1);
  g_assert_false (hearth_pairing_get_waiting (pairing));
  g_clear_error (&error);
  g_clear_object (&pairing);
  g_clear_object (&result);

  /* Pressed after a while: the attempts go on until then */
  g_timeout_add (1500, press_button, (gpointer) nanoleaf);
  pairing = hearth_home_pair_async (fixture->home, device, 0, NULL, hearth_test_store_result, &result);
  g_assert_cmpuint (hearth_pairing_get_seconds (pairing), ==, 30);
  g_assert_true (hearth_home_pair_finish (fixture->home, hearth_test_await_result (&result, 15000),
                                          &keyring_error, &error));
  g_assert_no_error (error);
  g_assert_no_error (keyring_error);
  g_assert_false (hearth_pairing_get_waiting (pairing));

  /* Added by address, it was known by its address; paired, it tells its
   * serial number, and takes it as id: in the same place in the model (one
   * tile), with the choices made for it, its host and its token */
  paired = hearth_pairing_get_device (pairing);
  g_assert_nonnull (hearth_device_get_serial (paired));
  g_assert_cmpstr (hearth_device_get_id (paired), ==, hearth_device_get_serial (paired));
  g_assert_false (hearth_device_has_address_id (paired));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->home)), ==, 1);
  g_assert_null (hearth_home_lookup (fixture->home, address_id));
  g_assert_true (hearth_home_lookup (fixture->home, hearth_device_get_id (paired)) == paired);

  token = keyring_lookup (hearth_device_get_id (paired));
  g_assert_nonnull (token);
  kept = keyring_lookup (address_id);
  g_assert_null (kept);
  g_assert_true (hearth_test_await_state (paired, HEARTH_DEVICE_STATE_ONLINE, 15000));
  g_assert_cmpstr (hearth_device_get_name (paired), ==, nanoleaf->name);

  new_key = g_strconcat (hearth_device_get_id (paired), "/", hearth_control_get_id (hearth_test_first_control (paired)), NULL);
  g_assert_cmpstr (hearth_store_get_name (fixture->store, new_key), ==, "Shelf Glow");
  g_assert_cmpstr (hearth_store_get_room (fixture->store, new_key), ==, "Study");
  g_assert_true (hearth_store_get_favourite (fixture->store, new_key));
  g_assert_null (hearth_store_get_name (fixture->store, old_key));
  hosts = hearth_home_dup_hosts (fixture->home);
  g_assert_cmpuint (hosts->len, ==, 1);
  g_assert_true (hearth_home_lookup_host (fixture->home, g_ptr_array_index (hosts, 0)) == paired);

  hearth_test_sim_stop (sim);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  hearth_test_set_deadline (300);

#define ADD(path, func) g_test_add ("/home-workflows/" path, Fixture, NULL, set_up, func, tear_down)
  ADD ("apply-many", test_apply_many);
  ADD ("group", test_group);
  ADD ("log-in", test_log_in);
  ADD ("add-and-forget", test_add_and_forget);
  ADD ("forget-secret", test_forget_secret);
  ADD ("pair", test_pair);
#undef ADD

  return g_test_run ();
}
