/* test-login-dialog.c: a device that asks for a password, in the app: its
 * tile says so, a click opens HearthLoginDialog, a wrong password is
 * refused in plain words and kept nowhere, the right one brings the device
 * online and lands in the keyring. A device that pairs by a button (the
 * simulated Nanoleaf, when its driver is there; skipped otherwise): a click
 * opens HearthPairDialog with the driver's hint and a countdown; the
 * button pressed brings it online with its token in the keyring; not
 * pressed in time, the dialog says so and tries again. A device that
 * tells nothing about itself without a password (a simulated Tasmota with
 * a web password), added by its address: the Add Device dialog asks for
 * the password, refuses a wrong one and adds nothing, adds the device
 * with the right one (kept in the keyring, its host in the store, its
 * tile working), and Cancel while it checks adds nothing. (UI suite,
 * inside tests/hearth-keyring: a private keyring, never the person's)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "hearth-test-utils.h"
#include "hearth-ui-fixture.h"
#include "hearth-add-device-dialog.h"
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
/* A login whose user name is not the family's usual "admin" */
#define OTHER_USER "kitchen"

/* The window on a home (its store in the test's data folder) and the
 * simulator, as the UI tests have them; and the device under test */
typedef struct
{
  HearthUiFixture  ui;
  HearthDevice    *device;   /* borrowed from the home */
  char            *key;      /* the device's tile */
  const char      *skip;     /* why the test cannot run here */
} Fixture;

/* Helpers */

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

/* The home's one device is online: a Nanoleaf added by address is
 * another HearthDevice once paired (it takes its serial number as id) */
static gboolean
home_device_online (gpointer data)
{
  g_autoptr(HearthDevice) device = NULL;

  if (g_list_model_get_n_items (G_LIST_MODEL (data)) != 1)
    return FALSE;
  device = g_list_model_get_item (G_LIST_MODEL (data), 0);
  return !hearth_device_has_address_id (device) && device_online (device);
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

/* The one dialog of @type shown, or NULL */
static GtkWidget *
find_dialog (GType type)
{
  return (GtkWidget *) hearth_ui_find_toplevel (type);
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
  HearthTileGrid *grid = _hearth_window_get_grid (f->ui.window);

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

/* Nothing kept in the keyring for the device with @id */
static void
forget_secrets (const char *id)
{
  g_autoptr(GAsyncResult) cleared = NULL;
  g_autoptr(GError) error = NULL;

  hearth_secrets_clear_async (id, NULL, hearth_test_store_result, &cleared);
  hearth_test_await_result (&cleared, TIMEOUT_MS);
  g_assert_true (hearth_secrets_clear_finish (cleared, &error));
  g_assert_no_error (error);
}

/* The home (its store in the test's data folder) and the main window on
 * it, shown, with @f->ui.sim started */
static void
open_window (Fixture *f)
{
  hearth_ui_fixture_set_up (&f->ui, 0, NULL, 480, 800);
}

static void
set_up (Fixture       *f,
        gconstpointer  data)
{
  const HearthTestSimDevice *sim_device;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  gboolean pairing = g_strcmp0 (data, "nanoleaf") == 0;

  if (pairing)
    f->ui.sim = hearth_test_sim_start ("--nanoleaf", "1", NULL);
  else if (data != NULL)
    f->ui.sim = hearth_test_sim_start ("--password", PASSWORD, "--user", OTHER_USER, "--device", data, NULL);
  else
    f->ui.sim = hearth_test_sim_start ("--password", PASSWORD, "--shelly", "1", NULL);
  sim_device = hearth_test_sim_get_device (f->ui.sim, 0);

  /* Each test starts with nothing kept for the device */
  forget_secrets (sim_device->id);
  open_window (f);

  hearth_home_add_address_async (f->ui.home, sim_device->host, sim_device->port, NULL,
                                 hearth_test_store_result, &result);
  hearth_test_await_result (&result, TIMEOUT_MS);
  {
    g_autoptr(HearthDevice) device = hearth_home_add_address_finish (f->ui.home, result, &error);

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
  forget_secrets (hearth_device_get_id (f->device));
}

/* The fixture for adding by address: a Tasmota with a web password (or
 * the family in @data, whose login wants the user OTHER_USER), not added
 * yet, and the window */
static void
set_up_add (Fixture       *f,
            gconstpointer  data)
{
  const HearthTestSimDevice *sim_device;

  if (data != NULL)
    f->ui.sim = hearth_test_sim_start ("--password", PASSWORD, "--user", OTHER_USER, "--device", data, NULL);
  else
    f->ui.sim = hearth_test_sim_start ("--password", PASSWORD, "--device", "tasmota:plug=Garden Pump", NULL);
  sim_device = hearth_test_sim_get_device (f->ui.sim, 0);
  g_assert_cmpstr (sim_device->family, ==, data != NULL ? data : "tasmota");

  forget_secrets (sim_device->id);
  open_window (f);
}

static void
tear_down (Fixture       *f,
           gconstpointer  data)
{
  GtkWidget *dialog;

  while ((dialog = find_dialog (HEARTH_TYPE_ADD_DEVICE_DIALOG)) != NULL)
    gtk_window_destroy (GTK_WINDOW (dialog));
  while ((dialog = find_dialog (HEARTH_TYPE_LOGIN_DIALOG)) != NULL)
    gtk_window_destroy (GTK_WINDOW (dialog));
  while ((dialog = find_dialog (HEARTH_TYPE_PAIR_DIALOG)) != NULL)
    gtk_window_destroy (GTK_WINDOW (dialog));
  hearth_ui_fixture_tear_down (&f->ui);
  g_free (f->key);
}

/* Tests */

/* Before it can say what it has, the device is one tile saying it needs a
 * password; one click on it opens the login dialog. */
static void
test_tile_opens_dialog (Fixture       *f,
                        gconstpointer  data)
{
  HearthControlItem *item = hearth_control_list_find (f->ui.list, f->key);
  HearthTile *tile;

  g_assert_nonnull (item);
  g_assert_cmpstr (hearth_control_item_get_state_text (item), ==, "Needs a password");
  g_assert_cmpstr (hearth_control_item_get_title (item), ==, hearth_device_get_name (f->device));
  g_assert_false (hearth_control_item_get_available (item));

  g_assert_true (hearth_test_await (tile_shown, f, TIMEOUT_MS));
  tile = hearth_tile_grid_find_tile (_hearth_window_get_grid (f->ui.window), f->key);
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

  gtk_widget_activate_action (GTK_WIDGET (f->ui.window), "win.show-details", "s", f->key);
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
  g_assert_cmpstr (hearth_control_item_get_state_text (hearth_control_list_find (f->ui.list, f->key)), ==,
                   "Needs a password");

  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  log_in (dialog, PASSWORD);
  g_assert_true (hearth_test_await (device_online, f->device, TIMEOUT_MS));
  g_assert_true (hearth_test_await (pointer_cleared, &dialog, TIMEOUT_MS));

  kept = keyring_lookup (hearth_device_get_id (f->device));
  g_assert_cmpstr (kept, ==, PASSWORD);
  g_assert_cmpstr (_hearth_window_get_last_toast (f->ui.window), ==, "Logged in to Shelly Plus 1PM");

  /* The device's own tiles now, not the placeholder */
  switch_key = hearth_store_key (hearth_device_get_id (f->device), "switch:0");
  item = hearth_control_list_find (f->ui.list, switch_key);
  g_assert_nonnull (item);
  g_assert_true (hearth_control_item_get_available (item));
  g_assert_null (hearth_control_list_find (f->ui.list, f->key));

  /* It works: a change reaches the device */
  gtk_widget_activate_action (GTK_WIDGET (f->ui.window), "win.apply", "(sss)", switch_key, "on", "");
  {
    HearthControl *control = hearth_control_item_get_control (item);

    hearth_ui_spin (500);
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
  const HearthTestSimDevice *sim_device = hearth_test_sim_get_device (f->ui.sim, 0);
  GtkWidget *dialog;

  gtk_widget_activate_action (GTK_WIDGET (f->ui.window), "win.show-details", "s", f->key);
  g_assert_true (hearth_test_await (login_dialog_shown, NULL, TIMEOUT_MS));
  dialog = find_dialog (HEARTH_TYPE_LOGIN_DIALOG);
  log_in (dialog, PASSWORD);
  g_assert_true (hearth_test_await (device_online, f->device, TIMEOUT_MS));

  home = hearth_home_new (hearth_drivers_new_all ());
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
  g_autoptr(HearthDevice) paired = NULL;

  if (f->skip != NULL)
    {
      g_test_skip (f->skip);
      return;
    }

  driver = hearth_home_get_driver (f->ui.home, f->device);
  g_assert_cmpstr (hearth_control_item_get_state_text (hearth_control_list_find (f->ui.list, f->key)), ==,
                   "Needs pairing");

  g_assert_true (hearth_test_await (tile_shown, f, TIMEOUT_MS));
  tile = hearth_tile_grid_find_tile (_hearth_window_get_grid (f->ui.window), f->key);
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
  hearth_ui_spin (2500);
  g_assert_cmpint (hearth_device_get_state (f->device), ==, HEARTH_DEVICE_STATE_NEEDS_PAIRING);
  hearth_test_sim_set_state (hearth_test_sim_get_device (f->ui.sim, 0), "{\"button\":\"pressed\"}");

  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_assert_true (hearth_test_await (home_device_online, f->ui.home, TIMEOUT_MS));
  g_assert_true (hearth_test_await (pointer_cleared, &dialog, TIMEOUT_MS));

  /* Added by address, it takes its serial number as id once paired: the
   * token is kept for that */
  paired = g_list_model_get_item (G_LIST_MODEL (f->ui.home), 0);
  g_assert_false (hearth_device_has_address_id (paired));
  kept = keyring_lookup (hearth_device_get_id (paired));
  g_assert_nonnull (kept);
  g_assert_cmpstr (kept, !=, "");
  /* (by the name it had then: a device may tell its own name only once paired) */
  g_assert_true (g_str_has_prefix (_hearth_window_get_last_toast (f->ui.window), "Paired with "));
  g_assert_null (hearth_control_list_find (f->ui.list, f->key));
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

  gtk_widget_activate_action (GTK_WIDGET (f->ui.window), "win.show-details", "s", f->key);
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

  hearth_test_sim_set_state (hearth_test_sim_get_device (f->ui.sim, 0), "{\"button\":\"pressed\"}");
  g_signal_emit_by_name (retry, "clicked");
  g_assert_true (_hearth_pair_dialog_is_waiting (HEARTH_PAIR_DIALOG (dialog)));
  g_assert_false (gtk_widget_get_visible (error_label));
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_assert_true (hearth_test_await (home_device_online, f->ui.home, TIMEOUT_MS));
  /* Closed once the token is kept */
  g_assert_true (hearth_test_await (pointer_cleared, &dialog, TIMEOUT_MS));
}

/* Adding by address a device that asks for a password */

static GtkWidget *
add_child (GtkWidget  *dialog,
           const char *name)
{
  GObject *child = gtk_widget_get_template_child (dialog, HEARTH_TYPE_ADD_DEVICE_DIALOG, name);

  g_assert_nonnull (child);
  return GTK_WIDGET (child);
}

static const char *
add_stack_page (GtkWidget *dialog)
{
  return gtk_stack_get_visible_child_name (GTK_STACK (add_child (dialog, "result_stack")));
}

static gboolean
add_dialog_shown (gpointer data)
{
  return find_dialog (HEARTH_TYPE_ADD_DEVICE_DIALOG) != NULL;
}

static gboolean
add_dialog_settled (gpointer data)
{
  return g_strcmp0 (add_stack_page (data), "probing") != 0;
}

/* The focus is in @widget (an entry row: in its text) */
static gboolean
has_focus_in (GtkWidget *dialog,
              GtkWidget *widget)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (dialog));

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

/* Enter in an entry row, as a person presses it */
static void
press_enter (GtkWidget *row)
{
  GtkEditable *text = gtk_editable_get_delegate (GTK_EDITABLE (row));

  g_assert_true (GTK_IS_TEXT (text));
  g_signal_emit_by_name (text, "activate");
}

static guint
sim_refused (const HearthTestSimDevice *sim_device)
{
  g_autoptr(JsonNode) state = hearth_test_sim_get_state (sim_device);

  return json_object_get_int_member_with_default (json_node_get_object (state), "refused", 0);
}

static gboolean
sim_power_on (gpointer data)
{
  g_autoptr(JsonNode) state = hearth_test_sim_get_state (data);

  return g_strcmp0 (json_object_get_string_member_with_default (json_node_get_object (state),
                                                                "POWER1", NULL), "ON") == 0;
}

/* The store remembers the device (for the next start) */
static gboolean
store_knows (gpointer data)
{
  Fixture *f = data;
  const HearthTestSimDevice *sim_device = hearth_test_sim_get_device (f->ui.sim, 0);
  g_autoptr(GPtrArray) known = hearth_store_dup_known_devices (f->ui.store);

  for (guint i = 0; known != NULL && i < known->len; i++)
    {
      if (g_strcmp0 (hearth_device_get_id (g_ptr_array_index (known, i)), sim_device->id) == 0)
        return TRUE;
    }
  return FALSE;
}

/* Opens Add Device from the window, types the Tasmota's address, presses
 * Add: the dialog asks for its password */
static GtkWidget *
open_and_probe (Fixture *f)
{
  const HearthTestSimDevice *sim_device = hearth_test_sim_get_device (f->ui.sim, 0);
  g_autofree char *port = g_strdup_printf ("%u", sim_device->port);
  g_autofree char *description = NULL;
  GtkWidget *dialog;
  GtkWidget *add;
  GtkWidget *password_row;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->ui.window), "win.add-device", NULL));
  g_assert_true (hearth_test_await (add_dialog_shown, NULL, TIMEOUT_MS));
  dialog = find_dialog (HEARTH_TYPE_ADD_DEVICE_DIALOG);
  add = add_child (dialog, "add_button");
  password_row = add_child (dialog, "password_row");

  /* Not before it is needed */
  g_assert_false (gtk_widget_get_visible (add_child (dialog, "login_box")));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (add)), ==, "_Add");

  gtk_editable_set_text (GTK_EDITABLE (add_child (dialog, "host_row")), sim_device->host);
  gtk_editable_set_text (GTK_EDITABLE (add_child (dialog, "port_row")), port);
  g_signal_emit_by_name (add, "clicked");
  g_assert_cmpstr (add_stack_page (dialog), ==, "probing");
  g_assert_true (hearth_test_await (add_dialog_settled, dialog, TIMEOUT_MS));

  /* It asks, in the same dialog, and says where the password goes */
  g_assert_cmpstr (add_stack_page (dialog), ==, "none");
  g_assert_true (gtk_widget_get_visible (add_child (dialog, "login_box")));
  description = g_strdup_printf ("%s:%u asks for a password. Hearth keeps it in your keyring.",
                                 sim_device->host, sim_device->port);
  g_assert_cmpstr (adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (add_child (dialog, "login_group"))),
                   ==, description);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (add)), ==, "_Log In");
  /* Empty: the family's usual user name */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (add_child (dialog, "user_row"))), ==, "");
  g_assert_false (gtk_widget_get_visible (add_child (dialog, "error_label")));
  /* Nothing typed: nothing to press; the password is where to type */
  g_assert_false (gtk_widget_get_sensitive (add));
  g_assert_true (has_focus_in (dialog, password_row));
  /* Nothing added yet */
  g_assert_null (hearth_add_device_dialog_get_device (HEARTH_ADD_DEVICE_DIALOG (dialog)));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->ui.home)), ==, 0);

  return dialog;
}

/* The app's next start, from the store's file and the keyring alone: the
 * device with @id comes online without asking, logged in as @user (NULL:
 * the family's usual one) */
static void
assert_online_at_next_start (Fixture    *f,
                             const char *id,
                             const char *user)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HearthStore) store = NULL;
  g_autoptr(HearthHome) home = NULL;
  HearthDevice *again;

  g_assert_true (hearth_store_flush (f->ui.store, &error));
  g_assert_no_error (error);
  store = hearth_store_new (f->ui.store_path);
  g_assert_true (hearth_store_load (store, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (hearth_store_get_login_user (store, id), ==, user);
  home = hearth_home_new (hearth_drivers_new_all ());
  hearth_home_set_store (home, store);
  hearth_home_start (home);
  again = hearth_home_lookup (home, id);
  g_assert_nonnull (again);
  g_assert_true (hearth_test_await (device_online, again, TIMEOUT_MS));
}

/* A wrong password: refused in plain words, selected to be typed again,
 * nothing added or kept. The right one: the device is added and works,
 * its password is in the keyring, its host in the store, the dialog
 * closes and the window says so. */
static void
test_add_with_login (Fixture       *f,
                     gconstpointer  data)
{
  const HearthTestSimDevice *sim_device = hearth_test_sim_get_device (f->ui.sim, 0);
  g_autofree char *host_port = g_strdup_printf ("%s:%u", sim_device->host, sim_device->port);
  g_autofree char *kept = NULL;
  GtkWidget *dialog = open_and_probe (f);
  GtkWidget *add = add_child (dialog, "add_button");
  GtkWidget *password_row = add_child (dialog, "password_row");
  GtkWidget *error_label = add_child (dialog, "error_label");
  const char * const *hosts;
  HearthDevice *device;
  HearthTile *tile;
  guint refused = sim_refused (sim_device);
  int start, end;

  /* Wrong, sent with Enter (the default button clicks itself a moment
   * later, after its pressed look) */
  gtk_editable_set_text (GTK_EDITABLE (password_row), WRONG);
  g_assert_true (gtk_widget_get_sensitive (add));
  press_enter (password_row);
  g_assert_true (hearth_test_await (widget_shown, error_label, TIMEOUT_MS));

  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (error_label)), ==,
                   "The password was refused. Check it, and try again.");
  g_assert_cmpstr (add_stack_page (dialog), ==, "none");
  g_assert_true (gtk_widget_get_visible (add_child (dialog, "login_box")));
  g_assert_true (gtk_widget_get_sensitive (password_row));
  g_assert_true (gtk_widget_get_sensitive (add));
  g_assert_true (has_focus_in (dialog, password_row));
  g_assert_true (gtk_editable_get_selection_bounds (GTK_EDITABLE (password_row), &start, &end));
  g_assert_cmpint (start, ==, 0);
  g_assert_cmpint (end, ==, strlen (WRONG));
  /* The device saw it, and refused it; nothing added, nothing kept */
  g_assert_cmpuint (sim_refused (sim_device), >, refused);
  g_assert_null (hearth_add_device_dialog_get_device (HEARTH_ADD_DEVICE_DIALOG (dialog)));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->ui.home)), ==, 0);
  hosts = hearth_store_get_hosts (f->ui.store);
  g_assert_true (hosts == NULL || hosts[0] == NULL);
  g_assert_null (keyring_lookup (sim_device->id));

  /* Right, sent with the button */
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  gtk_editable_set_text (GTK_EDITABLE (password_row), PASSWORD);
  g_signal_emit_by_name (add, "clicked");
  /* Busy: a spinner, nothing to press or type twice */
  g_assert_cmpstr (add_stack_page (dialog), ==, "probing");
  g_assert_false (gtk_widget_get_sensitive (add));
  g_assert_false (gtk_widget_get_sensitive (password_row));
  g_assert_true (gtk_spinner_get_spinning (GTK_SPINNER (add_child (dialog, "spinner"))));
  g_assert_false (gtk_widget_get_visible (error_label));
  g_assert_true (hearth_test_await (pointer_cleared, &dialog, TIMEOUT_MS));

  device = hearth_home_lookup (f->ui.home, sim_device->id);
  g_assert_nonnull (device);
  g_assert_cmpstr (hearth_device_get_name (device), ==, "Garden Pump");
  g_assert_true (hearth_test_await (device_online, device, TIMEOUT_MS));
  g_assert_cmpstr (_hearth_window_get_last_toast (f->ui.window), ==, "Added Garden Pump");

  /* Kept for the device's id, in the keyring only */
  kept = keyring_lookup (sim_device->id);
  g_assert_cmpstr (kept, ==, PASSWORD);
  hosts = hearth_store_get_hosts (f->ui.store);
  g_assert_nonnull (hosts);
  g_assert_true (g_strv_contains (hosts, host_port));

  /* Its tile, and a click on it reaches the device */
  f->key = hearth_store_key (sim_device->id, "power1");
  g_assert_true (hearth_test_await (tile_shown, f, TIMEOUT_MS));
  g_assert_true (hearth_control_item_get_available (hearth_control_list_find (f->ui.list, f->key)));
  g_assert_false (sim_power_on ((gpointer) sim_device));
  tile = hearth_tile_grid_find_tile (_hearth_window_get_grid (f->ui.window), f->key);
  g_signal_emit_by_name (tile_button (tile), "clicked");
  g_assert_true (hearth_test_await (sim_power_on, (gpointer) sim_device, TIMEOUT_MS));

  g_assert_true (hearth_test_await (store_knows, f, TIMEOUT_MS));
  assert_online_at_next_start (f, sim_device->id, NULL);
}

/* Cancel while the password is being checked: the dialog closes, nothing
 * is added or kept */
static void
test_add_with_login_cancel (Fixture       *f,
                            gconstpointer  data)
{
  const HearthTestSimDevice *sim_device = hearth_test_sim_get_device (f->ui.sim, 0);
  GtkWidget *dialog = open_and_probe (f);
  const char * const *hosts;

  /* The device stops answering: the check takes as long as it may */
  hearth_test_sim_misbehave (sim_device, "hang");
  gtk_editable_set_text (GTK_EDITABLE (add_child (dialog, "password_row")), PASSWORD);
  g_signal_emit_by_name (add_child (dialog, "add_button"), "clicked");
  hearth_ui_spin (300);
  g_assert_cmpstr (add_stack_page (dialog), ==, "probing");
  g_assert_true (gtk_widget_get_sensitive (add_child (dialog, "cancel_button")));

  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_signal_emit_by_name (add_child (dialog, "cancel_button"), "clicked");
  g_assert_true (hearth_test_await (pointer_cleared, &dialog, TIMEOUT_MS));
  hearth_ui_spin (300);

  hearth_test_sim_misbehave (sim_device, "none");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->ui.home)), ==, 0);
  hosts = hearth_store_get_hosts (f->ui.store);
  g_assert_true (hosts == NULL || hosts[0] == NULL);
  g_assert_null (keyring_lookup (sim_device->id));
  g_assert_null (_hearth_window_get_last_toast (f->ui.window));
}

/* A first-generation Shelly whose login is "kitchen", not "admin": the
 * dialog offers "admin" (refused), then the person types "kitchen": online,
 * the user name in the store, the password in the keyring; the next start
 * logs in with both, and the dialog offers "kitchen" from then on. */
static void
test_other_user (Fixture       *f,
                 gconstpointer  data)
{
  const char *id = hearth_device_get_id (f->device);
  g_autofree char *kept = NULL;
  GtkWidget *dialog;
  GtkWidget *user_row;

  gtk_widget_activate_action (GTK_WIDGET (f->ui.window), "win.show-details", "s", f->key);
  g_assert_true (hearth_test_await (login_dialog_shown, NULL, TIMEOUT_MS));
  dialog = find_dialog (HEARTH_TYPE_LOGIN_DIALOG);
  user_row = _hearth_login_dialog_get_child (HEARTH_LOGIN_DIALOG (dialog), "user_row");
  g_assert_true (gtk_widget_get_visible (user_row));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (user_row)), ==, "admin");

  /* The right password as "admin": refused, nothing kept */
  log_in (dialog, PASSWORD);
  g_assert_true (gtk_widget_get_visible (_hearth_login_dialog_get_child (HEARTH_LOGIN_DIALOG (dialog),
                                                                         "error_label")));
  g_assert_cmpint (hearth_device_get_state (f->device), ==, HEARTH_DEVICE_STATE_NEEDS_PASSWORD);
  g_assert_null (hearth_store_get_login_user (f->ui.store, id));
  g_assert_null (keyring_lookup (id));

  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  gtk_editable_set_text (GTK_EDITABLE (user_row), OTHER_USER);
  log_in (dialog, PASSWORD);
  g_assert_true (hearth_test_await (device_online, f->device, TIMEOUT_MS));
  g_assert_true (hearth_test_await (pointer_cleared, &dialog, TIMEOUT_MS));
  g_assert_cmpstr (hearth_store_get_login_user (f->ui.store, id), ==, OTHER_USER);
  kept = keyring_lookup (id);
  g_assert_cmpstr (kept, ==, PASSWORD);

  g_assert_true (hearth_test_await (store_knows, f, TIMEOUT_MS));
  assert_online_at_next_start (f, id, OTHER_USER);

  /* Asked again (a password changed on the device, say): the user name
   * it was logged in with is offered */
  dialog = hearth_login_dialog_new (GTK_WINDOW (f->ui.window), f->ui.home, f->device);
  user_row = _hearth_login_dialog_get_child (HEARTH_LOGIN_DIALOG (dialog), "user_row");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (user_row)), ==, OTHER_USER);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* Added by address, an ESPHome node whose web login is "kitchen": the
 * usual user name (left empty) is refused, "kitchen" is added; the user
 * name goes into the store, and the next start logs in with it. */
static void
test_add_other_user (Fixture       *f,
                     gconstpointer  data)
{
  const HearthTestSimDevice *sim_device = hearth_test_sim_get_device (f->ui.sim, 0);
  g_autofree char *kept = NULL;
  GtkWidget *dialog = open_and_probe (f);
  GtkWidget *add = add_child (dialog, "add_button");
  GtkWidget *error_label = add_child (dialog, "error_label");
  HearthDevice *device;

  gtk_editable_set_text (GTK_EDITABLE (add_child (dialog, "password_row")), PASSWORD);
  g_signal_emit_by_name (add, "clicked");
  g_assert_true (hearth_test_await (widget_shown, error_label, TIMEOUT_MS));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (error_label)), ==,
                   "The password was refused. Check it, and try again.");
  g_assert_null (hearth_store_get_login_user (f->ui.store, sim_device->id));

  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  gtk_editable_set_text (GTK_EDITABLE (add_child (dialog, "user_row")), OTHER_USER);
  g_signal_emit_by_name (add, "clicked");
  g_assert_true (hearth_test_await (pointer_cleared, &dialog, TIMEOUT_MS));

  device = hearth_home_lookup (f->ui.home, sim_device->id);
  g_assert_nonnull (device);
  g_assert_true (hearth_test_await (device_online, device, TIMEOUT_MS));
  g_assert_cmpstr (hearth_store_get_login_user (f->ui.store, sim_device->id), ==, OTHER_USER);
  kept = keyring_lookup (sim_device->id);
  g_assert_cmpstr (kept, ==, PASSWORD);

  g_assert_true (hearth_test_await (store_knows, f, TIMEOUT_MS));
  assert_online_at_next_start (f, sim_device->id, OTHER_USER);
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

  hearth_ui_test_init (&argc, &argv);

  g_test_add ("/login-dialog/tile-opens-dialog", Fixture, NULL, set_up, test_tile_opens_dialog, tear_down);
  g_test_add ("/login-dialog/wrong-then-right", Fixture, NULL, set_up, test_wrong_then_right, tear_down);
  g_test_add ("/login-dialog/kept-for-next-start", Fixture, NULL, set_up, test_kept_for_next_start, tear_down);
  g_test_add ("/pair-dialog/pair", Fixture, "nanoleaf", set_up, test_pair, tear_down);
  g_test_add ("/pair-dialog/time-out", Fixture, "nanoleaf", set_up, test_pair_time_out, tear_down);
  g_test_add ("/add-dialog/login", Fixture, NULL, set_up_add, test_add_with_login, tear_down);
  g_test_add ("/add-dialog/login-cancel", Fixture, NULL, set_up_add, test_add_with_login_cancel, tear_down);
  g_test_add ("/login-dialog/other-user", Fixture, "shelly-gen1", set_up, test_other_user, tear_down);
  g_test_add ("/add-dialog/login-other-user", Fixture, "esphome", set_up_add, test_add_other_user, tear_down);

  return g_test_run ();
}
