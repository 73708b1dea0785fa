/* test-login-dialog.c: a device that asks for a password, in the app: its
 * tile says so, a click opens HearthLoginDialog, a wrong password is
 * refused in plain words and kept nowhere, the right one brings the device
 * online and lands in the keyring. A device that pairs by a button (the
 * simulated Nanoleaf, when its driver is there; skipped otherwise): a click
 * opens HearthPairDialog with the driver's hint and a countdown; the
 * button pressed brings it online with its token in the keyring; not
 * pressed in time, the dialog says so and tries again. (UI suite, inside
 * tests/hearth-keyring: a private keyring, never the person's)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "hearth-test-utils.h"
#include "hearth-control-item.h"
#include "hearth-control-list.h"
#include "hearth-login-dialog-private.h"
#include "hearth-pair-dialog-private.h"
#include "hearth-tile.h"
#include "hearth-tile-grid.h"
#include "hearth-window.h"
#include "hearth-window-private.h"

#define TIMEOUT_MS 15000
#define PASSWORD "c0rrect horse"
#define WRONG "battery staple"

typedef struct
{
  HearthTestSim     *sim;
  char              *store_path;
  HearthStore       *store;
  HearthHome        *home;
  HearthControlList *list;
  HearthWindow      *window;
  HearthDevice      *device;   /* borrowed from the home */
  char              *key;      /* the device's tile */
  const char        *skip;     /* why the test cannot run here */
} Fixture;

/* Helpers */

static void
spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE) || (g_usleep (1000), TRUE);
}

static gboolean
device_needs_password (gpointer data)
{
  return hearth_device_get_state (HEARTH_DEVICE (data)) == HEARTH_DEVICE_STATE_NEEDS_PASSWORD;
}

static gboolean
device_online (gpointer data)
{
  return hearth_device_get_state (HEARTH_DEVICE (data)) == HEARTH_DEVICE_STATE_ONLINE;
}

static char *
keyring_lookup (const char *device_id)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *secret;

  hearth_secrets_lookup_async (device_id, NULL, hearth_test_store_result, &result);
  hearth_test_await_result (&result, TIMEOUT_MS);
  secret = hearth_secrets_lookup_finish (result, &error);
  g_assert_no_error (error);
  return secret;
}

/* The one HearthLoginDialog shown, or NULL */
static GtkWidget *
find_dialog (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (window))
        return window;
    }

  return NULL;
}

static gboolean
login_dialog_shown (gpointer data)
{
  return find_dialog (HEARTH_TYPE_LOGIN_DIALOG) != NULL;
}

static gboolean
dialog_idle (gpointer data)
{
  return !_hearth_login_dialog_is_busy (HEARTH_LOGIN_DIALOG (data));
}

static gboolean
pointer_cleared (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static gboolean
tile_shown (gpointer data)
{
  Fixture *f = data;
  HearthTileGrid *grid = _hearth_window_get_grid (f->window);

  hearth_tile_grid_flush (grid);
  return hearth_tile_grid_find_tile (grid, f->key) != NULL;
}

static GtkWidget *
tile_button (HearthTile *tile)
{
  GtkWidget *overlay = gtk_widget_get_first_child (GTK_WIDGET (tile));

  return gtk_overlay_get_child (GTK_OVERLAY (overlay));
}

/* Types a password into the dialog and presses "Log In" */
static void
log_in (GtkWidget  *dialog,
        const char *password)
{
  /* Held: on success the dialog closes itself */
  g_autoptr(HearthLoginDialog) login = g_object_ref (HEARTH_LOGIN_DIALOG (dialog));
  GtkWidget *row = _hearth_login_dialog_get_child (login, "password_row");
  GtkWidget *button = _hearth_login_dialog_get_child (login, "login_button");

  gtk_editable_set_text (GTK_EDITABLE (row), password);
  g_assert_true (gtk_widget_get_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
  g_assert_true (_hearth_login_dialog_is_busy (login));
  g_assert_true (hearth_test_await (dialog_idle, login, TIMEOUT_MS));
}

/* The fixture: one password-protected Shelly, added by its address */

static gboolean
device_needs_pairing (gpointer data)
{
  return hearth_device_get_state (HEARTH_DEVICE (data)) == HEARTH_DEVICE_STATE_NEEDS_PAIRING;
}

static gboolean
pair_dialog_shown (gpointer data)
{
  return find_dialog (HEARTH_TYPE_PAIR_DIALOG) != NULL;
}

static gboolean
widget_shown (gpointer data)
{
  return gtk_widget_get_visible (GTK_WIDGET (data));
}

static void
set_up (Fixture       *f,
        gconstpointer  data)
{
  const HearthTestSimDevice *sim_device;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  gboolean pairing = data != NULL;

  if (pairing)
    f->sim = hearth_test_sim_start ("--nanoleaf", "1", NULL);
  else
    f->sim = hearth_test_sim_start ("--password", PASSWORD, "--shelly", "1", NULL);
  sim_device = hearth_test_sim_get_device (f->sim, 0);

  /* Each test starts with nothing kept for the device */
  {
    g_autoptr(GAsyncResult) cleared = NULL;

    hearth_secrets_clear_async (sim_device->id, NULL, hearth_test_store_result, &cleared);
    hearth_test_await_result (&cleared, TIMEOUT_MS);
    g_assert_true (hearth_secrets_clear_finish (cleared, &error));
    g_assert_no_error (error);
  }

  f->store_path = g_build_filename (g_get_user_data_dir (), "hearth", "home.json", NULL);
  f->store = hearth_store_new (f->store_path);
  g_assert_true (hearth_store_load (f->store, &error));
  g_assert_no_error (error);

  f->home = hearth_home_new ();
  hearth_home_set_store (f->home, f->store);
  f->list = hearth_control_list_new (f->home, f->store);

  hearth_home_add_address_async (f->home, sim_device->host, sim_device->port, NULL,
                                 hearth_test_store_result, &result);
  hearth_test_await_result (&result, TIMEOUT_MS);
  {
    g_autoptr(HearthDevice) device = hearth_home_add_address_finish (f->home, result, &error);

    if (pairing && (g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_NOT_FOUND) ||
                    g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED)))
      {
        f->skip = "no driver for the simulated Nanoleaf yet";
        return;
      }
    g_assert_no_error (error);
    f->device = device;
  }
  g_assert_true (hearth_test_await (pairing ? device_needs_pairing : device_needs_password,
                                    f->device, TIMEOUT_MS));
  f->key = hearth_store_key (hearth_device_get_id (f->device), "device");

  /* Its id is known only now (by address, before pairing): nothing kept */
  {
    g_autoptr(GAsyncResult) cleared = NULL;

    hearth_secrets_clear_async (hearth_device_get_id (f->device), NULL, hearth_test_store_result, &cleared);
    hearth_test_await_result (&cleared, TIMEOUT_MS);
    g_assert_true (hearth_secrets_clear_finish (cleared, &error));
    g_assert_no_error (error);
  }

  f->window = hearth_window_new (NULL, f->home, f->list);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 480, 800);
  gtk_window_present (GTK_WINDOW (f->window));
  spin (50);
}

static void
tear_down (Fixture       *f,
           gconstpointer  data)
{
  GtkWidget *dialog;

  while ((dialog = find_dialog (HEARTH_TYPE_LOGIN_DIALOG)) != NULL)
    gtk_window_destroy (GTK_WINDOW (dialog));
  while ((dialog = find_dialog (HEARTH_TYPE_PAIR_DIALOG)) != NULL)
    gtk_window_destroy (GTK_WINDOW (dialog));
  if (f->window != NULL)
    gtk_window_destroy (GTK_WINDOW (f->window));
  spin (20);
  g_clear_object (&f->list);
  g_clear_object (&f->home);
  g_clear_object (&f->store);
  hearth_test_sim_stop (f->sim);
  g_free (f->store_path);
  g_free (f->key);
}

/* Tests */

/* Before it can say what it has, the device is one tile saying it needs a
 * password; one click on it opens the login dialog. */
static void
test_tile_opens_dialog (Fixture       *f,
                        gconstpointer  data)
{
  HearthControlItem *item = hearth_control_list_find (f->list, f->key);
  HearthTile *tile;

  g_assert_nonnull (item);
  g_assert_cmpstr (hearth_control_item_get_state_text (item), ==, "Needs a password");
  g_assert_cmpstr (hearth_control_item_get_title (item), ==, hearth_device_get_name (f->device));
  g_assert_false (hearth_control_item_get_available (item));

  g_assert_true (hearth_test_await (tile_shown, f, TIMEOUT_MS));
  tile = hearth_tile_grid_find_tile (_hearth_window_get_grid (f->window), f->key);
  g_assert_null (find_dialog (HEARTH_TYPE_LOGIN_DIALOG));
  g_signal_emit_by_name (tile_button (tile), "clicked");
  g_assert_true (hearth_test_await (login_dialog_shown, NULL, TIMEOUT_MS));

  g_assert_true (hearth_login_dialog_get_device (HEARTH_LOGIN_DIALOG (find_dialog (HEARTH_TYPE_LOGIN_DIALOG))) ==
                 f->device);
  /* Not the details page: the window stays on the grid */
  g_assert_null (find_dialog (HEARTH_TYPE_PAIR_DIALOG));
}

/* A wrong password: said plainly, the device still needs one, nothing is
 * kept. Then the right one: online, kept for this device's id, the dialog
 * closes, the window says so, and the device's real tiles replace the
 * placeholder. */
static void
test_wrong_then_right (Fixture       *f,
                       gconstpointer  data)
{
  GtkWidget *dialog;
  GtkWidget *error_label;
  g_autofree char *kept = NULL;
  g_autofree char *switch_key = NULL;
  HearthControlItem *item;

  g_assert_null (keyring_lookup (hearth_device_get_id (f->device)));

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-details", "s", f->key);
  g_assert_true (hearth_test_await (login_dialog_shown, NULL, TIMEOUT_MS));
  dialog = find_dialog (HEARTH_TYPE_LOGIN_DIALOG);

  /* Nothing typed: nothing to press */
  g_assert_false (gtk_widget_get_sensitive (_hearth_login_dialog_get_child (HEARTH_LOGIN_DIALOG (dialog),
                                                                            "login_button")));

  log_in (dialog, WRONG);
  error_label = _hearth_login_dialog_get_child (HEARTH_LOGIN_DIALOG (dialog), "error_label");
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (error_label)), ==,
                   "The password was refused. Check it, and try again.");
  g_assert_true (gtk_widget_get_visible (dialog));
  g_assert_cmpint (hearth_device_get_state (f->device), ==, HEARTH_DEVICE_STATE_NEEDS_PASSWORD);
  g_assert_null (keyring_lookup (hearth_device_get_id (f->device)));
  g_assert_cmpstr (hearth_control_item_get_state_text (hearth_control_list_find (f->list, f->key)), ==,
                   "Needs a password");

  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  log_in (dialog, PASSWORD);
  g_assert_true (hearth_test_await (device_online, f->device, TIMEOUT_MS));
  g_assert_true (hearth_test_await (pointer_cleared, &dialog, TIMEOUT_MS));

  kept = keyring_lookup (hearth_device_get_id (f->device));
  g_assert_cmpstr (kept, ==, PASSWORD);
  g_assert_cmpstr (_hearth_window_get_last_toast (f->window), ==, "Logged in to Shelly Plus 1PM");

  /* The device's own tiles now, not the placeholder */
  switch_key = hearth_store_key (hearth_device_get_id (f->device), "switch:0");
  item = hearth_control_list_find (f->list, switch_key);
  g_assert_nonnull (item);
  g_assert_true (hearth_control_item_get_available (item));
  g_assert_null (hearth_control_list_find (f->list, f->key));

  /* It works: a change reaches the device */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.apply", "(sss)", switch_key, "on", "");
  {
    HearthControl *control = hearth_control_item_get_control (item);

    spin (500);
    g_assert_true (hearth_control_get_on (control));
  }
}

/* The keyring's password reaches a new start of the app by itself */
static void
test_kept_for_next_start (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(HearthHome) home = NULL;
  g_autoptr(HearthDevice) device = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  const HearthTestSimDevice *sim_device = hearth_test_sim_get_device (f->sim, 0);
  GtkWidget *dialog;

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-details", "s", f->key);
  g_assert_true (hearth_test_await (login_dialog_shown, NULL, TIMEOUT_MS));
  dialog = find_dialog (HEARTH_TYPE_LOGIN_DIALOG);
  log_in (dialog, PASSWORD);
  g_assert_true (hearth_test_await (device_online, f->device, TIMEOUT_MS));

  home = hearth_home_new ();
  hearth_home_add_address_async (home, sim_device->host, sim_device->port, NULL,
                                 hearth_test_store_result, &result);
  hearth_test_await_result (&result, TIMEOUT_MS);
  device = hearth_home_add_address_finish (home, result, &error);
  g_assert_no_error (error);
  g_assert_true (hearth_test_await (device_online, device, TIMEOUT_MS));
}

/* Pairing: the tile opens the pair dialog with the driver's hint and a
 * countdown; the button pressed on the device brings it online */
static void
test_pair (Fixture       *f,
           gconstpointer  data)
{
  HearthDriver *driver;
  HearthTile *tile;
  GtkWidget *dialog;
  GtkWidget *label;
  g_autofree char *kept = NULL;

  if (f->skip != NULL)
    {
      g_test_skip (f->skip);
      return;
    }

  driver = hearth_home_get_driver (f->home, f->device);
  g_assert_cmpstr (hearth_control_item_get_state_text (hearth_control_list_find (f->list, f->key)), ==,
                   "Needs pairing");

  g_assert_true (hearth_test_await (tile_shown, f, TIMEOUT_MS));
  tile = hearth_tile_grid_find_tile (_hearth_window_get_grid (f->window), f->key);
  g_signal_emit_by_name (tile_button (tile), "clicked");
  g_assert_true (hearth_test_await (pair_dialog_shown, NULL, TIMEOUT_MS));
  dialog = find_dialog (HEARTH_TYPE_PAIR_DIALOG);
  g_assert_true (hearth_pair_dialog_get_device (HEARTH_PAIR_DIALOG (dialog)) == f->device);

  label = _hearth_pair_dialog_get_child (HEARTH_PAIR_DIALOG (dialog), "hint_label");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (label)), ==, hearth_driver_get_pairing_hint (driver));
  label = _hearth_pair_dialog_get_child (HEARTH_PAIR_DIALOG (dialog), "countdown_label");
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (label)), "seconds left"));
  g_assert_true (_hearth_pair_dialog_is_waiting (HEARTH_PAIR_DIALOG (dialog)));

  /* A few attempts go unanswered; then the person holds the button */
  spin (2500);
  g_assert_cmpint (hearth_device_get_state (f->device), ==, HEARTH_DEVICE_STATE_NEEDS_PAIRING);
  hearth_test_sim_set_state (hearth_test_sim_get_device (f->sim, 0), "{\"button\":\"pressed\"}");

  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_assert_true (hearth_test_await (device_online, f->device, TIMEOUT_MS));
  g_assert_true (hearth_test_await (pointer_cleared, &dialog, TIMEOUT_MS));

  kept = keyring_lookup (hearth_device_get_id (f->device));
  g_assert_nonnull (kept);
  g_assert_cmpstr (kept, !=, "");
  /* (by the name it had then: a device may tell its own name only once paired) */
  g_assert_true (g_str_has_prefix (_hearth_window_get_last_toast (f->window), "Paired with "));
  g_assert_null (hearth_control_list_find (f->list, f->key));
}

/* Not pressed in time: said plainly, and "Try Again" starts over */
static void
test_pair_time_out (Fixture       *f,
                    gconstpointer  data)
{
  GtkWidget *dialog;
  GtkWidget *error_label;
  GtkWidget *retry;

  if (f->skip != NULL)
    {
      g_test_skip (f->skip);
      return;
    }

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-details", "s", f->key);
  g_assert_true (hearth_test_await (pair_dialog_shown, NULL, TIMEOUT_MS));
  dialog = find_dialog (HEARTH_TYPE_PAIR_DIALOG);
  _hearth_pair_dialog_set_seconds (HEARTH_PAIR_DIALOG (dialog), 2);

  error_label = _hearth_pair_dialog_get_child (HEARTH_PAIR_DIALOG (dialog), "error_label");
  retry = _hearth_pair_dialog_get_child (HEARTH_PAIR_DIALOG (dialog), "retry_button");
  g_assert_true (hearth_test_await (widget_shown, error_label, TIMEOUT_MS));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (error_label)), "was not pressed in time"));
  g_assert_true (gtk_widget_get_visible (retry));
  g_assert_false (_hearth_pair_dialog_is_waiting (HEARTH_PAIR_DIALOG (dialog)));
  g_assert_cmpint (hearth_device_get_state (f->device), ==, HEARTH_DEVICE_STATE_NEEDS_PAIRING);

  hearth_test_sim_set_state (hearth_test_sim_get_device (f->sim, 0), "{\"button\":\"pressed\"}");
  g_signal_emit_by_name (retry, "clicked");
  g_assert_true (_hearth_pair_dialog_is_waiting (HEARTH_PAIR_DIALOG (dialog)));
  g_assert_false (gtk_widget_get_visible (error_label));
  g_assert_true (hearth_test_await (device_online, f->device, TIMEOUT_MS));
}

int
main (int    argc,
      char **argv)
{
  if (g_getenv ("HEARTH_KEYRING_DIR") == NULL)
    {
      /* Never the person's own keyring */
      g_print ("1..0 # SKIP needs a private keyring: run under tests/hearth-keyring\n");
      return 77;
    }

  /* As test-details: GTK first, then isolated folders, criticals fatal */
  gtk_disable_setlocale ();
  gtk_init ();
  adw_init ();
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);

  g_test_add ("/login-dialog/tile-opens-dialog", Fixture, NULL, set_up, test_tile_opens_dialog, tear_down);
  g_test_add ("/login-dialog/wrong-then-right", Fixture, NULL, set_up, test_wrong_then_right, tear_down);
  g_test_add ("/login-dialog/kept-for-next-start", Fixture, NULL, set_up, test_kept_for_next_start, tear_down);
  g_test_add ("/pair-dialog/pair", Fixture, "nanoleaf", set_up, test_pair, tear_down);
  g_test_add ("/pair-dialog/time-out", Fixture, "nanoleaf", set_up, test_pair_time_out, tear_down);

  return g_test_run ();
}
