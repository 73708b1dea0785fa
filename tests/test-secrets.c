/* test-secrets.c: passwords and tokens in the keyring, keyed by hardware id
 *
 * Runs inside tests/hearth-keyring (a private session bus and an unlocked
 * keyring of its own), never against the person's keyring: it refuses to
 * run without $HEARTH_KEYRING_DIR.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hearth-secrets.h"
#include "hearth-test-utils.h"

#define TIMEOUT_MS 10000

static char *
lookup (const char  *device_id,
        GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  hearth_secrets_lookup_async (device_id, NULL, hearth_test_store_result, &result);
  hearth_test_await_result (&result, TIMEOUT_MS);
  return hearth_secrets_lookup_finish (result, error);
}

static void
store (const char *device_id,
       const char *secret)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  hearth_secrets_store_async (device_id, "Test Device", secret, NULL, hearth_test_store_result, &result);
  hearth_test_await_result (&result, TIMEOUT_MS);
  g_assert_true (hearth_secrets_store_finish (result, &error));
  g_assert_no_error (error);
}

static void
clear (const char *device_id)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  hearth_secrets_clear_async (device_id, NULL, hearth_test_store_result, &result);
  hearth_test_await_result (&result, TIMEOUT_MS);
  g_assert_true (hearth_secrets_clear_finish (result, &error));
  g_assert_no_error (error);
}

static void
assert_none (const char *device_id)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *secret = lookup (device_id, &error);

  g_assert_no_error (error);
  g_assert_null (secret);
}

static void
assert_secret (const char *device_id,
               const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *secret = lookup (device_id, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (secret, ==, expected);
}

static void
test_store_lookup_clear (void)
{
  assert_none ("shellyplus1-a8032ab0c1d4");

  store ("shellyplus1-a8032ab0c1d4", "c0rrect horse");
  assert_secret ("shellyplus1-a8032ab0c1d4", "c0rrect horse");

  /* Storing again replaces, never adds a second item */
  store ("shellyplus1-a8032ab0c1d4", "battery staple");
  assert_secret ("shellyplus1-a8032ab0c1d4", "battery staple");

  clear ("shellyplus1-a8032ab0c1d4");
  assert_none ("shellyplus1-a8032ab0c1d4");

  /* Clearing what is not there is no error */
  clear ("shellyplus1-a8032ab0c1d4");
}

static void
test_keyed_by_id (void)
{
  store ("nanoleaf-00:55:DA:51:12:34", "token-A");
  store ("nanoleaf-00:55:DA:51:12:35", "token-B");

  assert_secret ("nanoleaf-00:55:DA:51:12:34", "token-A");
  assert_secret ("nanoleaf-00:55:DA:51:12:35", "token-B");

  /* No prefix, suffix or case-folded match reaches another device */
  assert_none ("nanoleaf-00:55:DA:51:12:3");
  assert_none ("nanoleaf-00:55:DA:51:12:345");
  assert_none ("NANOLEAF-00:55:DA:51:12:34");
  assert_none ("nanoleaf-00:55:da:51:12:34");
  assert_none ("*");

  clear ("nanoleaf-00:55:DA:51:12:34");
  assert_none ("nanoleaf-00:55:DA:51:12:34");
  assert_secret ("nanoleaf-00:55:DA:51:12:35", "token-B");
  clear ("nanoleaf-00:55:DA:51:12:35");
}

static void
test_unicode (void)
{
  /* Whatever a person types goes in and comes back unchanged */
  store ("esphome-kitchen", "pässwörd ✓ with spaces\tand tab");
  assert_secret ("esphome-kitchen", "pässwörd ✓ with spaces\tand tab");
  clear ("esphome-kitchen");
}

static void
on_added (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  HearthDevice **device = user_data;
  g_autoptr(GError) error = NULL;

  *device = hearth_home_add_address_finish (HEARTH_HOME (object), result, &error);
  g_assert_no_error (error);
}

static gboolean
device_is_set (gpointer data)
{
  return *(HearthDevice **) data != NULL;
}

static gboolean
secret_gone (gpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *secret = lookup (data, &error);

  g_assert_no_error (error);
  return secret == NULL;
}

/* Forgetting a device forgets its password too: found again, it is a new
 * device to the person, and it is asked for again. */
static void
test_forget_clears (void)
{
  HearthTestSim *sim = hearth_test_sim_start ("--device", "shelly", NULL);
  const HearthTestSimDevice *shelly = hearth_test_sim_find (sim, "shelly");
  g_autoptr(HearthHome) home = hearth_home_new (hearth_drivers_new_all ());
  g_autoptr(HearthDevice) device = NULL;
  g_autofree char *id = NULL;

  hearth_home_add_address_async (home, shelly->host, shelly->port, NULL, on_added, &device);
  g_assert_true (hearth_test_await (device_is_set, &device, TIMEOUT_MS));
  id = g_strdup (hearth_device_get_id (device));
  g_assert_cmpstr (id, ==, shelly->id);

  store (id, "c0rrect horse");
  store ("shellyplus1-000000000000", "another device's");

  hearth_home_forget_device (home, device);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (home)), ==, 0);
  g_assert_true (hearth_test_await (secret_gone, id, TIMEOUT_MS));
  assert_secret ("shellyplus1-000000000000", "another device's");

  clear ("shellyplus1-000000000000");
  hearth_test_sim_stop (sim);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("HEARTH_KEYRING_DIR") == NULL)
    {
      /* Never the person's own keyring */
      g_print ("1..0 # SKIP needs a private keyring: run under tests/hearth-keyring\n");
      return 77;
    }

  g_test_add_func ("/secrets/store-lookup-clear", test_store_lookup_clear);
  g_test_add_func ("/secrets/keyed-by-id", test_keyed_by_id);
  g_test_add_func ("/secrets/unicode", test_unicode);
  g_test_add_func ("/secrets/forget-clears", test_forget_clears);

  return g_test_run ();
}
