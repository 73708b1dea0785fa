/* test-window-shots.c: screenshots of the main window with the demo home
 * (light and dark, wide and narrow; the empty and no-Avahi states; a
 * device that stopped answering), saved as PNG to $HEARTH_SCREENSHOT_DIR
 * through GTK's own renderer. Fails when a page cannot be shown.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "hearth-ui-fixture.h"
#include "hearth-control-item.h"
#include "hearth-control-list.h"
#include "hearth-demo.h"
#include "hearth-window.h"
#include "hearth-window-private.h"

#define TIMEOUT_MS 20000

static AdwApplication *app;

#define spin hearth_ui_spin
#define save_png hearth_ui_save_png

static void
set_dark (gboolean dark)
{
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      dark ? ADW_COLOR_SCHEME_FORCE_DARK : ADW_COLOR_SCHEME_FORCE_LIGHT);
}

/* The demo home, as `hearth --demo` shows it */

typedef struct
{
  gboolean done;
  gboolean ok;
} StartWait;

static void
on_demo_started (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  StartWait *wait = user_data;
  g_autoptr(GError) error = NULL;

  wait->ok = hearth_demo_start_finish (HEARTH_DEMO (object), result, &error);
  g_assert_no_error (error);
  wait->done = TRUE;
}

static gboolean
start_done (gpointer data)
{
  return ((StartWait *) data)->done;
}

static gboolean
is_unavailable (gpointer data)
{
  return !hearth_device_get_available (data);
}

static void
present (HearthWindow *window,
         int           width,
         int           height)
{
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  spin (600);
  hearth_tile_grid_flush (_hearth_window_get_grid (window));
  spin (300);
}

static void
test_home (void)
{
  g_autofree char *simulator = hearth_demo_find_simulator ();
  g_autoptr(HearthDemo) demo = NULL;
  g_autoptr(HearthControlList) list = NULL;
  HearthHome *home;
  HearthWindow *window;
  StartWait wait = { 0 };
  const struct
  {
    const char *name;
    int         width;
    int         height;
    gboolean    dark;
  } shots[] = {
    { "home.png", 1100, 760, FALSE },
    { "home-dark.png", 1100, 760, TRUE },
    { "home-narrow.png", 360, 720, FALSE },
    { "home-narrow-dark.png", 360, 720, TRUE },
    { "home-full.png", 1920, 1080, FALSE },
  };

  g_assert_nonnull (simulator);
  demo = hearth_demo_new (simulator, hearth_drivers_new_all ());
  home = hearth_demo_get_home (demo);
  list = hearth_control_list_new (home, hearth_home_get_store (home));
  hearth_demo_start_async (demo, NULL, on_demo_started, &wait);
  g_assert_true (hearth_test_await (start_done, &wait, TIMEOUT_MS));
  g_assert_true (wait.ok);
  g_assert_true (hearth_test_await (hearth_ui_all_online, home, TIMEOUT_MS));

  /* The demo keeps its devices' power over time (for the details' graph) */
  {
    HearthDevice *dehumidifier = hearth_home_lookup (home, "Dehumidifier");
    HearthControl *power;
    g_autoptr(GArray) points = NULL;

    g_assert_nonnull (dehumidifier);
    power = hearth_device_find_control (dehumidifier, "relay:0/power");
    g_assert_nonnull (power);
    points = hearth_home_dup_history (home, dehumidifier, power, 0, HEARTH_HISTORY_MINUTE);
    g_assert_cmpuint (points->len, >=, 1);
  }

  for (guint i = 0; i < G_N_ELEMENTS (shots); i++)
    {
      set_dark (shots[i].dark);
      window = hearth_window_new (app, home, list);
      hearth_window_set_subtitle (window, "Demo Home");
      present (window, shots[i].width, shots[i].height);
      g_assert_cmpstr (hearth_window_get_page (window), ==, "home");
      save_png (GTK_WIDGET (window), shots[i].name);
      gtk_window_destroy (GTK_WINDOW (window));
      spin (50);
    }

  /* A device that stopped answering, and the toast of a failed action */
  set_dark (FALSE);
  window = hearth_window_new (app, home, list);
  hearth_window_set_subtitle (window, "Demo Home");
  present (window, 1100, 760);
  {
    HearthDevice *device = hearth_home_lookup (home, "Shelf Light Strip");

    g_assert_nonnull (device);
    /* hearth-sim's /sim/misbehave, at the device's own address */
    {
      HearthTestSimDevice sim_device = {
        .family = (char *) "elgato",
        .id = (char *) hearth_device_get_id (device),
        .host = (char *) hearth_device_get_host (device),
        .port = hearth_device_get_port (device),
        .name = (char *) hearth_device_get_name (device),
      };

      hearth_test_sim_misbehave (&sim_device, "hang");
    }
    g_assert_true (hearth_test_await (is_unavailable, device, 60000));
    /* As the window says it when a tap on that tile fails */
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.toast", "s",
                                               "Shelf Light Strip did not answer"));
    spin (600);
    save_png (GTK_WIDGET (window), "home-unavailable.png");
    /* How the tile words it when another device answers there (the
     * impostor tests bring a device there for real) */
    hearth_device_set_state (device, HEARTH_DEVICE_STATE_WRONG_DEVICE);
    spin (300);
    save_png (GTK_WIDGET (window), "home-wrong-device.png");
  }
  gtk_window_destroy (GTK_WINDOW (window));
  spin (50);

  /* Searching */
  window = hearth_window_new (app, home, list);
  present (window, 1100, 760);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL));
  gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_parent (gtk_root_get_focus (GTK_ROOT (window)))), "light");
  spin (500);
  hearth_tile_grid_flush (_hearth_window_get_grid (window));
  spin (200);
  save_png (GTK_WIDGET (window), "home-search.png");
  gtk_window_destroy (GTK_WINDOW (window));
  spin (50);

  hearth_demo_stop (demo);
}

/* The honest states */

static void
test_states (void)
{
  g_autoptr(HearthStore) store = NULL;
  g_autoptr(HearthHome) home = NULL;
  g_autoptr(HearthControlList) list = NULL;
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "hearth", "home.json", NULL);
  g_autofree char *nowhere = g_build_filename (g_get_tmp_dir (), "no-such-bus", NULL);
  g_autofree char *address = g_strconcat ("unix:path=", nowhere, NULL);
  HearthWindow *window;

  set_dark (FALSE);
  store = hearth_store_new (path);
  g_assert_true (hearth_store_load (store, NULL));
  home = hearth_home_new (hearth_drivers_new_all ());
  hearth_home_set_store (home, store);
  list = hearth_control_list_new (home, store);

  /* Looking, then (with a short wait) nothing found */
  window = hearth_window_new (app, home, list);
  hearth_window_set_demo_available (window, TRUE);
  present (window, 800, 640);
  g_assert_cmpstr (hearth_window_get_page (window), ==, "searching");
  save_png (GTK_WIDGET (window), "state-searching.png");
  _hearth_window_set_search_grace (window, 10);
  /* Past the stack's crossfade */
  spin (800);
  g_assert_cmpstr (hearth_window_get_page (window), ==, "empty");
  save_png (GTK_WIDGET (window), "state-empty.png");
  set_dark (TRUE);
  spin (300);
  save_png (GTK_WIDGET (window), "state-empty-dark.png");
  gtk_window_destroy (GTK_WINDOW (window));
  spin (50);
  g_clear_object (&list);
  g_clear_object (&home);

  /* No Avahi (no system bus at all) */
  set_dark (FALSE);
  g_setenv ("DBUS_SYSTEM_BUS_ADDRESS", address, TRUE);
  home = hearth_home_new (hearth_drivers_new_all ());
  hearth_home_set_store (home, store);
  list = hearth_control_list_new (home, store);
  hearth_home_start (home);
  window = hearth_window_new (app, home, list);
  hearth_window_set_demo_available (window, TRUE);
  present (window, 360, 720);
  spin (1500);
  g_assert_cmpstr (hearth_window_get_page (window), ==, "no-avahi");
  save_png (GTK_WIDGET (window), "state-no-avahi-narrow.png");
  gtk_window_destroy (GTK_WINDOW (window));
  spin (50);
  g_unsetenv ("DBUS_SYSTEM_BUS_ADDRESS");
}

int
main (int    argc,
      char **argv)
{
  int status;

  app = hearth_ui_window_test_init (&argc, &argv, "io.github.hearthapp.Hearth.WindowShots");

  g_test_add_func ("/window-shots/home", test_home);
  g_test_add_func ("/window-shots/states", test_states);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
