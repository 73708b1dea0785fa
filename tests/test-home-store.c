/* test-home-store.c: HearthHome with a HearthStore, against hearth-sim:
 * devices known from the last run, hosts added by hand, devices that move,
 * forgetting; logins with a user name of their own across restarts (those
 * need a keyring: run under tests/hearth-keyring, skipped elsewhere)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "hearth-home-private.h"
#include "hearth-test-utils.h"

typedef HearthTestFolder Fixture;

static void
set_up (Fixture       *fixture,
        gconstpointer  data)
{
  hearth_test_folder_set_up (fixture, "hearth-home-store", "home.json");
}

static void
tear_down (Fixture       *fixture,
           gconstpointer  data)
{
  hearth_test_folder_tear_down (fixture);
}

static HearthStore *
open_store (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  HearthStore *store = hearth_store_new (fixture->path);

  g_assert_true (hearth_store_load (store, &error));
  g_assert_no_error (error);
  return store;
}

/* A home as the app makes one: store set, then started */
static HearthHome *
open_home (HearthStore *store)
{
  HearthHome *home = hearth_home_new (hearth_drivers_new_all ());

  hearth_home_set_store (home, store);
  g_assert_true (hearth_home_get_store (home) == store);
  hearth_home_start (home);
  return home;
}

/* Ends a run: the home remembers what changed, the store writes it */
static void
close_home (HearthHome  *home,
            HearthStore *store)
{
  g_autoptr(GError) error = NULL;

  g_assert_finalize_object (home);
  g_assert_true (hearth_store_flush (store, &error));
  g_assert_no_error (error);
  g_assert_finalize_object (store);
}

static gboolean
device_online (gpointer data)
{
  return hearth_device_get_available (HEARTH_DEVICE (data));
}

static gboolean
device_unavailable (gpointer data)
{
  return hearth_device_get_state (HEARTH_DEVICE (data)) == HEARTH_DEVICE_STATE_UNAVAILABLE;
}

static HearthDevice *
add_address (HearthHome *home,
             const char *host,
             guint16     port)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  HearthDevice *device;

  hearth_home_add_address_async (home, host, port, NULL, hearth_test_store_result, &result);
  device = hearth_home_add_address_finish (home, hearth_test_await_result (&result, 15000), &error);
  g_assert_no_error (error);
  g_assert_nonnull (device);
  return device;
}

/* A port nothing listens on right now */
static guint16
free_port (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  guint16 port;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_assert_true (g_socket_bind (socket, any, FALSE, &error));
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_socket_close (socket, NULL);
  return port;
}

static HearthTestSim *
start_sim_at (const char *family,
              guint16     port)
{
  g_autofree char *base = g_strdup_printf ("%u", port);

  return hearth_test_sim_start ("--device", family, "--port-base", base, NULL);
}

/* Devices known from the last run are in the model as soon as the home
 * starts, connecting, with their controls and last state; then they come
 * online. */
static void
test_known_devices (Fixture       *fixture,
                    gconstpointer  data)
{
  HearthTestSim *sim = hearth_test_sim_start ("--device", "wled", "--device", "elgato", NULL);
  const HearthTestSimDevice *wled = hearth_test_sim_find (sim, "wled");
  const HearthTestSimDevice *elgato = hearth_test_sim_find (sim, "elgato");
  g_autoptr(HearthDevice) first = NULL;
  g_autoptr(HearthDevice) second = NULL;
  g_autofree char *control_id = NULL;
  g_autofree char *key = NULL;
  HearthStore *store;
  HearthHome *home;
  HearthDevice *device;
  HearthControl *control;
  gint64 start;

  /* First run: both found (as mDNS would), a change made */
  store = open_store (fixture);
  home = open_home (store);
  first = add_address (home, wled->host, wled->port);
  second = add_address (home, elgato->host, elgato->port);
  g_assert_true (hearth_test_await (device_online, first, 15000));
  g_assert_true (hearth_test_await (device_online, second, 15000));
  control_id = g_strdup (hearth_control_get_id (hearth_test_first_control (first)));
  hearth_test_apply_ok (hearth_home_get_link (home, first), control_id, "brightness=37");
  key = hearth_store_key (wled->id, control_id);
  hearth_store_set_name (store, key, "TV Glow");
  g_clear_object (&first);
  g_clear_object (&second);
  close_home (home, store);

  /* Second run: there at once, before any answer */
  store = open_store (fixture);
  start = g_get_monotonic_time ();
  home = open_home (store);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (home)), ==, 2);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 100 * 1000);

  device = hearth_home_lookup (home, wled->id);
  g_assert_nonnull (device);
  g_assert_cmpint (hearth_device_get_state (device), ==, HEARTH_DEVICE_STATE_CONNECTING);
  g_assert_cmpstr (hearth_device_get_host (device), ==, wled->host);
  g_assert_cmpuint (hearth_device_get_port (device), ==, wled->port);
  control = hearth_device_find_control (device, control_id);
  g_assert_nonnull (control);
  g_assert_cmpint (hearth_control_get_brightness (control), ==, 37);
  g_assert_cmpstr (hearth_store_get_name (store, key), ==, "TV Glow");
  g_assert_nonnull (hearth_home_get_link (home, device));

  g_assert_true (hearth_test_await (device_online, device, 15000));
  g_assert_true (hearth_test_await (device_online, hearth_home_lookup (home, elgato->id), 15000));
  /* Still one of each */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (home)), ==, 2);
  /* The same control object, brought up to date */
  g_assert_true (hearth_device_find_control (device, control_id) == control);

  close_home (home, store);
  hearth_test_sim_stop (sim);
}

typedef struct
{
  HearthHome *home;
  const char *id;
} Lookup;

static gboolean
found_online (gpointer data)
{
  Lookup *lookup = data;
  HearthDevice *device = hearth_home_lookup (lookup->home, lookup->id);

  return device != NULL && hearth_device_get_available (device);
}

static gboolean
brightness_is (gpointer data)
{
  HearthControl *control = data;

  return hearth_control_get_brightness (control) == 12;
}

/* A host added by hand is probed at start-up, again and again while it
 * does not answer, and its device is then polled. */
static void
test_host_by_hand (Fixture       *fixture,
                   gconstpointer  data)
{
  guint16 port = free_port ();
  g_autoptr(GPtrArray) known = NULL;
  HearthTestSim *sim;
  const HearthTestSimDevice *elgato;
  HearthStore *store;
  HearthHome *home;
  HearthDevice *device;
  HearthControl *control;
  Lookup lookup;

  store = open_store (fixture);
  hearth_store_add_host (store, "127.0.0.1", port);
  home = open_home (store);

  /* Nothing answers there yet */
  hearth_test_await (found_online, &(Lookup) { home, "none" }, 1500);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (home)), ==, 0);

  /* The device is switched on later: found on its own */
  sim = start_sim_at ("elgato", port);
  elgato = hearth_test_sim_find (sim, "elgato");
  g_assert_cmpuint (elgato->port, ==, port);
  lookup.home = home;
  lookup.id = elgato->id;
  g_assert_true (hearth_test_await (found_online, &lookup, 20000));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (home)), ==, 1);
  device = hearth_home_lookup (home, elgato->id);
  g_assert_cmpint (hearth_device_get_live (device), ==, HEARTH_LIVE_POLL);

  /* Polled: a change made at the device shows */
  hearth_link_set_poll_interval (hearth_home_get_link (home, device), 300);
  control = hearth_test_first_control (device);
  hearth_test_sim_set_state (elgato, "{\"brightness\": 12}");
  g_assert_true (hearth_test_await (brightness_is, control, 10000));

  /* Remembered soon, with the host it was added by */
  hearth_test_await (found_online, &(Lookup) { home, "none" }, 1500);
  known = hearth_store_dup_known_devices (store);
  g_assert_cmpuint (known->len, ==, 1);
  g_assert_cmpstr (hearth_device_get_id (g_ptr_array_index (known, 0)), ==, elgato->id);
  g_assert_cmpuint (hearth_device_get_port (g_ptr_array_index (known, 0)), ==, port);
  close_home (home, store);

  /* Next run: known, and not probed a second time beside its link */
  store = open_store (fixture);
  home = open_home (store);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (home)), ==, 1);
  lookup.home = home;
  g_assert_true (hearth_test_await (found_online, &lookup, 15000));
  hearth_test_await (found_online, &(Lookup) { home, "none" }, 1000);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (home)), ==, 1);
  g_assert_cmpuint (hearth_home_get_busy (home), ==, 0);
  close_home (home, store);

  hearth_test_sim_stop (sim);
}

/* A device known from the last run at one address, found at another: the
 * same device, moved there, not a second one. */
static void
test_moved (Fixture       *fixture,
            gconstpointer  data)
{
  guint16 old_port = free_port ();
  guint16 new_port;
  g_autoptr(HearthDevice) found = NULL;
  g_autoptr(GPtrArray) known = NULL;
  g_autofree char *key = NULL;
  g_autoptr(HearthHost) at_new = NULL;
  HearthTestSim *sim;
  const HearthTestSimDevice *wled;
  HearthStore *store;
  HearthHome *home;
  HearthDevice *device;
  char *id;

  sim = start_sim_at ("wled", old_port);
  wled = hearth_test_sim_find (sim, "wled");
  id = g_strdup (wled->id);

  store = open_store (fixture);
  home = open_home (store);
  found = add_address (home, wled->host, wled->port);
  g_assert_true (hearth_test_await (device_online, found, 15000));
  key = hearth_store_key (id, hearth_control_get_id (hearth_test_first_control (found)));
  hearth_store_set_room (store, key, "Living Room");
  g_clear_object (&found);
  close_home (home, store);

  /* The device restarts elsewhere */
  hearth_test_sim_stop (sim);
  do
    new_port = free_port ();
  while (new_port == old_port);
  sim = start_sim_at ("wled", new_port);
  wled = hearth_test_sim_find (sim, "wled");
  g_assert_cmpstr (wled->id, ==, id);

  store = open_store (fixture);
  home = open_home (store);
  device = hearth_home_lookup (home, id);
  g_assert_nonnull (device);
  g_assert_cmpuint (hearth_device_get_port (device), ==, old_port);
  /* Nothing at the old address */
  g_assert_true (hearth_test_await (device_unavailable, device, 15000));

  /* Found at the new one (as mDNS or a person would): merged by id */
  at_new = hearth_host_new (wled->host, new_port);
  found = add_address (home, wled->host, new_port);
  g_assert_true (found == device);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (home)), ==, 1);
  g_assert_cmpuint (hearth_device_get_port (device), ==, new_port);
  /* Found by its new address, no more by the old one (the home's index
   * followed it) */
  g_assert_true (hearth_home_lookup_host (home, at_new) == device);
  g_assert_true (_hearth_home_find_by_address (home, "wled", wled->host, new_port) == device);
  g_assert_null (_hearth_home_find_by_address (home, "wled", wled->host, old_port));
  g_assert_null (_hearth_home_index_at (home, wled->host, old_port));
  g_assert_true (hearth_test_await (device_online, device, 15000));
  g_clear_object (&found);
  close_home (home, store);

  /* And remembered there, its choices kept */
  store = open_store (fixture);
  known = hearth_store_dup_known_devices (store);
  g_assert_cmpuint (known->len, ==, 1);
  g_assert_cmpuint (hearth_device_get_port (g_ptr_array_index (known, 0)), ==, new_port);
  g_assert_cmpstr (hearth_store_get_room (store, key), ==, "Living Room");
  g_assert_finalize_object (store);

  hearth_test_sim_stop (sim);
  g_free (id);
}

/* Forgetting a device added by hand: gone from the model, its link
 * stopped, its host and choices gone from the store, and not probed again */
static void
test_forget (Fixture       *fixture,
             gconstpointer  data)
{
  HearthTestSim *sim = hearth_test_sim_start ("--device", "wled", "--device", "elgato", NULL);
  const HearthTestSimDevice *wled = hearth_test_sim_find (sim, "wled");
  const HearthTestSimDevice *elgato = hearth_test_sim_find (sim, "elgato");
  g_autoptr(GPtrArray) known = NULL;
  g_autofree char *key = NULL;
  HearthStore *store;
  HearthHome *home;
  HearthDevice *device;
  guint requests = 0;
  Lookup lookup;

  store = open_store (fixture);
  hearth_store_add_host (store, wled->host, wled->port);
  hearth_store_add_host (store, elgato->host, elgato->port);
  home = open_home (store);
  lookup.home = home;
  lookup.id = wled->id;
  g_assert_true (hearth_test_await (found_online, &lookup, 15000));
  lookup.id = elgato->id;
  g_assert_true (hearth_test_await (found_online, &lookup, 15000));
  device = hearth_home_lookup (home, elgato->id);
  key = hearth_store_key (elgato->id, hearth_control_get_id (hearth_test_first_control (device)));
  hearth_store_set_favourite (store, key, TRUE);

  /* Polled often: so that silence after forgetting means something */
  hearth_link_set_poll_interval (hearth_home_get_link (home, device), 200);
  hearth_test_sim_reset_stats (elgato);
  hearth_test_await (found_online, &(Lookup) { home, "none" }, 1500);
  hearth_test_sim_get_stats (elgato, &requests, NULL);
  g_assert_cmpuint (requests, >=, 3);

  hearth_home_forget_device (home, device);
  device = NULL;
  g_assert_null (hearth_home_lookup (home, elgato->id));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (home)), ==, 1);
  g_assert_false (hearth_store_get_favourite (store, key));
  g_assert_cmpuint (g_strv_length ((char **) hearth_store_get_hosts (store)), ==, 1);
  known = hearth_store_dup_known_devices (store);
  g_assert_cmpuint (known->len, ==, 1);
  g_assert_cmpstr (hearth_device_get_id (g_ptr_array_index (known, 0)), ==, wled->id);

  /* Nothing asks it anything any more */
  hearth_test_sim_reset_stats (elgato);
  hearth_test_await (found_online, &(Lookup) { home, "none" }, 2500);
  hearth_test_sim_get_stats (elgato, &requests, NULL);
  g_assert_cmpuint (requests, ==, 0);
  g_assert_null (hearth_home_lookup (home, elgato->id));
  close_home (home, store);

  /* Next run: only the other one, and the forgotten one is not probed */
  store = open_store (fixture);
  home = open_home (store);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (home)), ==, 1);
  hearth_test_await (found_online, &(Lookup) { home, "none" }, 2000);
  g_assert_null (hearth_home_lookup (home, elgato->id));
  hearth_test_sim_get_stats (elgato, &requests, NULL);
  g_assert_cmpuint (requests, ==, 0);
  close_home (home, store);

  hearth_test_sim_stop (sim);
}

/* Logins with another user name than the family's usual one ("admin"):
 * the name is the store's, the password the keyring's */

#define LOGIN_USER "kitchen"
#define LOGIN_PASSWORD "s3cret pantry"

static gboolean
device_needs_password (gpointer data)
{
  return hearth_device_get_state (HEARTH_DEVICE (data)) == HEARTH_DEVICE_STATE_NEEDS_PASSWORD;
}

static void
keyring_keep (const char *device_id,
              const char *secret)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  hearth_secrets_store_async (device_id, "test", secret, NULL, hearth_test_store_result, &result);
  g_assert_true (hearth_secrets_store_finish (hearth_test_await_result (&result, 15000), &error));
  g_assert_no_error (error);
}

static void
keyring_clear (const char *device_id)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  hearth_secrets_clear_async (device_id, NULL, hearth_test_store_result, &result);
  g_assert_true (hearth_secrets_clear_finish (hearth_test_await_result (&result, 15000), &error));
  g_assert_no_error (error);
}

/* The next start, from the store's file and the keyring alone */
static HearthDevice *
restart (Fixture      *fixture,
         const char   *id,
         HearthStore **store,
         HearthHome  **home)
{
  HearthDevice *device;

  *store = open_store (fixture);
  *home = open_home (*store);
  device = hearth_home_lookup (*home, id);
  g_assert_nonnull (device);
  return device;
}

/* An ESPHome node whose web_server login is "kitchen", not "admin", added
 * with that login (as the add-device dialog does: the user name into the
 * store, the password into the keyring), is back online on the next start
 * with that user name. Without the store's user name it is not: the
 * keyring's password with the usual user name is refused. */
static void
test_login_user (Fixture       *fixture,
                 gconstpointer  data)
{
  HearthTestSim *sim = NULL;
  const HearthTestSimDevice *node;
  g_autoptr(GError) error = NULL;
  g_autoptr(HearthDevice) added = NULL;
  HearthStore *store;
  HearthHome *home;
  HearthDevice *device;

  if (hearth_test_skip_without_keyring ())
    return;

  sim = hearth_test_sim_start ("--device", "esphome", "--user", LOGIN_USER,
                               "--password", LOGIN_PASSWORD, NULL);
  node = hearth_test_sim_find (sim, "esphome");
  g_assert_nonnull (node);

  store = open_store (fixture);
  home = open_home (store);

  /* The usual user name with the right password is refused: the node
   * really wants its own */
  added = hearth_test_home_add_address (home, node, NULL, LOGIN_PASSWORD, &error);
  g_assert_true (g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PASSWORD) ||
                 g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_NEEDS_PASSWORD));
  g_assert_null (added);
  g_clear_error (&error);

  added = hearth_test_home_add_address (home, node, LOGIN_USER, LOGIN_PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_nonnull (added);
  g_assert_cmpstr (hearth_device_get_id (added), ==, node->id);
  g_assert_true (hearth_test_await (device_online, added, 15000));
  g_assert_cmpstr (hearth_link_get_username (hearth_home_get_link (home, added)), ==, LOGIN_USER);
  hearth_store_set_login_user (store, node->id, LOGIN_USER);
  keyring_keep (node->id, LOGIN_PASSWORD);
  g_clear_object (&added);
  close_home (home, store);

  /* Next start: known from the store, the password from the keyring, the
   * user name from the store */
  device = restart (fixture, node->id, &store, &home);
  g_assert_cmpstr (hearth_store_get_login_user (store, node->id), ==, LOGIN_USER);
  g_assert_true (hearth_test_await (device_online, device, 15000));
  g_assert_cmpstr (hearth_link_get_username (hearth_home_get_link (home, device)), ==, LOGIN_USER);
  /* and works */
  g_assert_cmpuint (g_list_model_get_n_items (hearth_device_get_controls (device)), >, 0);

  /* Without the user name (the person logged in with the usual one since,
   * say): the same password with "admin" is refused */
  hearth_store_set_login_user (store, node->id, NULL);
  g_assert_null (hearth_store_get_login_user (store, node->id));
  close_home (home, store);

  device = restart (fixture, node->id, &store, &home);
  g_assert_true (hearth_test_await (device_needs_password, device, 15000));
  g_assert_false (hearth_device_get_available (device));
  close_home (home, store);

  keyring_clear (node->id);
  hearth_test_sim_stop (sim);
}

/* A device identified without a login (a first-generation Shelly tells
 * what it is on /shelly) gets the store's user name on its new link too:
 * it comes online with the keyring's password for that user. */
static void
test_login_user_found (Fixture       *fixture,
                       gconstpointer  data)
{
  HearthTestSim *sim = NULL;
  const HearthTestSimDevice *plug;
  g_autoptr(GPtrArray) known = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HearthDevice) added = NULL;
  HearthStore *store;
  HearthHome *home;

  if (hearth_test_skip_without_keyring ())
    return;

  sim = hearth_test_sim_start ("--device", "shelly-gen1", "--user", LOGIN_USER,
                               "--password", LOGIN_PASSWORD, NULL);
  plug = hearth_test_sim_find (sim, "shelly-gen1");
  g_assert_nonnull (plug);
  keyring_keep (plug->id, LOGIN_PASSWORD);

  /* The keyring's password alone, with the usual user name: refused */
  store = open_store (fixture);
  home = open_home (store);
  added = hearth_test_home_add_address (home, plug, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (added);
  g_assert_cmpstr (hearth_device_get_id (added), ==, plug->id);
  g_assert_true (hearth_test_await (device_needs_password, added, 15000));
  g_clear_object (&added);
  close_home (home, store);

  /* With the user name kept in the store (and nothing else: a home of its
   * own, where the device is new): online */
  g_assert_cmpint (g_unlink (fixture->path), ==, 0);
  store = open_store (fixture);
  known = hearth_store_dup_known_devices (store);
  g_assert_cmpuint (known->len, ==, 0);
  hearth_store_set_login_user (store, plug->id, LOGIN_USER);
  home = open_home (store);
  added = hearth_test_home_add_address (home, plug, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (added);
  g_assert_true (hearth_test_await (device_online, added, 15000));
  g_assert_cmpstr (hearth_link_get_username (hearth_home_get_link (home, added)), ==, LOGIN_USER);
  g_clear_object (&added);
  close_home (home, store);

  keyring_clear (plug->id);
  hearth_test_sim_stop (sim);
}

/* The app on a file written by a newer Hearth: the devices it names are
 * found and used, and the file is never written nor moved, however much
 * the home changes */
static void
test_newer_format (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *after = NULL;
  g_autofree char *broken = g_strconcat (fixture->path, ".broken", NULL);
  HearthTestSim *sim = hearth_test_sim_start ("--device", "elgato", NULL);
  const HearthTestSimDevice *elgato = hearth_test_sim_find (sim, "elgato");
  g_autofree char *key = hearth_store_key (elgato->id, "light");
  HearthStore *store;
  HearthHome *home;
  HearthDevice *device;
  Lookup lookup = { NULL, elgato->id };

  text = g_strdup_printf ("{\"version\": 5, \"hosts\": [\"%s:%u\"], \"scenes\": [{\"at\": \"dusk\"}]}",
                          elgato->host, elgato->port);
  g_assert_true (g_file_set_contents (fixture->path, text, -1, NULL));

  store = hearth_store_new (fixture->path);
  g_assert_false (hearth_store_load (store, &error));
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED);
  g_clear_error (&error);
  home = open_home (store);
  lookup.home = home;
  g_assert_true (hearth_test_await (found_online, &lookup, 20000));
  device = hearth_home_lookup (home, elgato->id);
  hearth_store_set_name (store, key, "Desk");
  hearth_test_apply_ok (hearth_home_get_link (home, device),
                        hearth_control_get_id (hearth_test_first_control (device)), "on");
  /* Long enough for a write, were there one */
  hearth_test_await (found_online, &(Lookup) { home, "none" }, 1500);

  g_assert_finalize_object (home);
  g_assert_false (hearth_store_flush (store, &error));
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_FAILED);
  g_assert_finalize_object (store);

  g_assert_true (g_file_get_contents (fixture->path, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, text);
  g_assert_false (g_file_test (broken, G_FILE_TEST_EXISTS));
  hearth_test_sim_stop (sim);
}

/* Many devices found at once, as at start-up in a big home: remembering
 * each one costs the same whatever the number already known. Counted, not
 * timed: the store announces "changed::devices" once for the devices
 * remembered together (not once a device), and the home does not look its
 * devices up in the store again for what it remembered itself. */
typedef struct
{
  HearthHome *home;
  guint       pending;
  guint       n_devices;
} ManyAdds;

static void
on_many_added (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  ManyAdds *adds = user_data;
  g_autoptr(HearthDevice) device = NULL;
  g_autoptr(GError) error = NULL;

  device = hearth_home_add_address_finish (HEARTH_HOME (object), result, &error);
  g_assert_no_error (error);
  adds->pending--;
}

static gboolean
many_added (gpointer data)
{
  return ((ManyAdds *) data)->pending == 0;
}

static gboolean
many_remembered (gpointer data)
{
  ManyAdds *adds = data;

  return g_hash_table_size (adds->home->known_ids) == adds->n_devices;
}

static void
count_announcement (HearthStore *store,
                    const char  *what,
                    guint       *count)
{
  (*count)++;
}

static void
test_many_devices (Fixture       *fixture,
                   gconstpointer  data)
{
  HearthTestSim *sim = hearth_test_sim_start ("--shelly", "100", "--wled", "100", "--elgato", "100", NULL);
  guint n = hearth_test_sim_get_n_devices (sim);
  g_autoptr(GPtrArray) known = NULL;
  ManyAdds adds = { 0 };
  guint announced = 0;
  HearthStore *store;

  g_assert_cmpuint (n, ==, 300);
  store = open_store (fixture);
  adds.home = open_home (store);
  adds.n_devices = n;
  g_signal_connect (store, "changed::devices", G_CALLBACK (count_announcement), &announced);

  for (guint i = 0; i < n; i++)
    {
      const HearthTestSimDevice *device = hearth_test_sim_get_device (sim, i);

      adds.pending++;
      hearth_home_add_address_async (adds.home, device->host, device->port, NULL, on_many_added, &adds);
    }
  g_assert_true (hearth_test_await (many_added, &adds, 60000));
  g_assert_true (hearth_test_await (many_remembered, &adds, 15000));

  known = hearth_store_dup_known_devices (store);
  g_assert_cmpuint (known->len, ==, n);
  g_test_message ("%u devices: \"changed::devices\" announced %u times, %u devices looked up in the store, "
                  "%u looked at to find one by id or address",
                  n, announced, adds.home->known_lookups, adds.home->lookup_visits);
  /* Once for each batch remembered (a second apart), not once a device */
  g_assert_cmpuint (announced, <=, n / 10);
  g_assert_cmpuint (adds.home->known_lookups, <=, n);
  /* Each device is found by its id and its address in the home's index,
   * not among all the devices known so far */
  g_assert_cmpuint (adds.home->lookup_visits, <=, 10 * n);

  g_signal_handlers_disconnect_by_func (store, count_announcement, &announced);
  close_home (adds.home, store);
  hearth_test_sim_stop (sim);
}

/* Adding the addresses of many known devices (hearthctl discover with many
 * hosts added by hand): each address builds only the device known there,
 * not every known device again (counted, not timed), and brings that
 * device back by its hardware id. */
typedef struct
{
  HearthHome    *home;
  GHashTable    *ids;      /* of the devices at the addresses still to come */
  guint          pending;
} KnownAdds;

static void
on_known_added (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  KnownAdds *adds = user_data;
  g_autoptr(HearthDevice) device = NULL;
  g_autoptr(GError) error = NULL;

  device = hearth_home_add_known_address_finish (HEARTH_HOME (object), result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (device);
  g_assert_true (g_hash_table_remove (adds->ids, hearth_device_get_id (device)));
  adds->pending--;
}

static gboolean
known_added (gpointer data)
{
  return ((KnownAdds *) data)->pending == 0;
}

static void
test_many_known_addresses (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GPtrArray) devices = g_ptr_array_new_with_free_func (g_object_unref);
  HearthTestSim *sim = hearth_test_sim_start ("--wled", "150", "--elgato", "150", NULL);
  guint n = hearth_test_sim_get_n_devices (sim);
  KnownAdds adds = { 0 };
  HearthStore *store;

  g_assert_cmpuint (n, ==, 300);

  /* What an earlier run knew: every device, at its address */
  store = open_store (fixture);
  for (guint i = 0; i < n; i++)
    {
      const HearthTestSimDevice *known = hearth_test_sim_get_device (sim, i);
      HearthDevice *device = hearth_device_new (known->id, known->family);

      hearth_device_set_address (device, known->host, known->port);
      g_ptr_array_add (devices, device);
    }
  hearth_store_remember_devices (store, devices);

  adds.home = open_home (store);
  adds.ids = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < n; i++)
    {
      const HearthTestSimDevice *known = hearth_test_sim_get_device (sim, i);
      g_autoptr(HearthHost) host = hearth_host_new (known->host, known->port);

      g_hash_table_add (adds.ids, known->id);
      adds.pending++;
      hearth_home_add_known_address_async (adds.home, store, host, NULL, on_known_added, &adds);
    }
  g_assert_true (hearth_test_await (known_added, &adds, 60000));

  g_test_message ("%u addresses of %u known devices: %u known devices built",
                  n, n, adds.home->known_built);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (adds.home)), ==, n);
  g_assert_cmpuint (adds.home->known_built, ==, n);

  g_hash_table_unref (adds.ids);
  close_home (adds.home, store);
  hearth_test_sim_stop (sim);
}

static gboolean
home_is_empty (gpointer data)
{
  return g_list_model_get_n_items (G_LIST_MODEL (data)) == 0;
}

static gboolean
remembered (gpointer data)
{
  Lookup *lookup = data;

  return g_hash_table_contains (lookup->home->known_ids, lookup->id);
}

/* Another program (hearthctl forget) forgets a device the home knows: the
 * home reads the file back and lets it go too */
static void
test_forgotten_elsewhere (Fixture       *fixture,
                          gconstpointer  data)
{
  HearthTestSim *sim = hearth_test_sim_start ("--device", "wled", NULL);
  const HearthTestSimDevice *wled = hearth_test_sim_find (sim, "wled");
  g_autoptr(HearthDevice) device = NULL;
  g_autoptr(GError) error = NULL;
  HearthStore *other;
  HearthStore *store;
  Lookup lookup;

  store = open_store (fixture);
  lookup.home = open_home (store);
  lookup.id = wled->id;
  device = add_address (lookup.home, wled->host, wled->port);
  g_assert_true (hearth_test_await (remembered, &lookup, 15000));
  g_assert_true (hearth_store_flush (store, &error));
  g_assert_no_error (error);

  other = open_store (fixture);
  hearth_store_forget_device (other, wled->id);
  g_assert_true (hearth_store_flush (other, &error));
  g_assert_no_error (error);
  g_assert_finalize_object (other);

  g_assert_true (hearth_test_await (home_is_empty, lookup.home, 15000));
  g_assert_null (hearth_home_lookup (lookup.home, wled->id));

  close_home (lookup.home, store);
  hearth_test_sim_stop (sim);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) g_test_add ("/home-store/" path, Fixture, NULL, set_up, func, tear_down)
  ADD ("known-devices", test_known_devices);
  ADD ("host-by-hand", test_host_by_hand);
  ADD ("moved", test_moved);
  ADD ("forget", test_forget);
  ADD ("newer-format", test_newer_format);
  ADD ("many-devices", test_many_devices);
  ADD ("many-known-addresses", test_many_known_addresses);
  ADD ("forgotten-elsewhere", test_forgotten_elsewhere);
  ADD ("login/other-user", test_login_user);
  ADD ("login/other-user-found", test_login_user_found);
#undef ADD

  return g_test_run ();
}
