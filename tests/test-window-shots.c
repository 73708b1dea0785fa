/* test-window-shots.c: screenshots of the main window with the demo home
 * (light and dark, wide and narrow; the empty and no-Avahi states; a
 * device that stopped answering; a room's quick actions and details), saved as PNG to $HEARTH_SCREENSHOT_DIR
 * through GTK's own renderer. Fails when a page cannot be shown.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "hearth-ui-fixture.h"
#include "hearth-control-item.h"
#include "hearth-control-list.h"
#include "hearth-command-bar.h"
#include "hearth-demo.h"
#include "hearth-group-button.h"
#include "hearth-room-dialog.h"
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

/* The window with @popover drawn where it shows, as one PNG */
static void
save_png_with_popover (GtkWidget  *window,
                       GtkWidget  *popover,
                       const char *name)
{
  g_autofree char *path = hearth_ui_shot_path (name);
  int width = gtk_widget_get_width (window);
  int height = gtk_widget_get_height (window);
  g_autoptr(GdkPaintable) window_paintable = gtk_widget_paintable_new (window);
  g_autoptr(GdkPaintable) popover_paintable = gtk_widget_paintable_new (popover);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (window));
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (popover));
  double window_x, window_y, popover_x, popover_y;

  gtk_native_get_surface_transform (GTK_NATIVE (window), &window_x, &window_y);
  gtk_native_get_surface_transform (GTK_NATIVE (popover), &popover_x, &popover_y);
  gdk_paintable_snapshot (window_paintable, snapshot, width, height);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot,
                          &GRAPHENE_POINT_INIT (gdk_popup_get_position_x (GDK_POPUP (surface)) + popover_x - window_x,
                                                gdk_popup_get_position_y (GDK_POPUP (surface)) + popover_y - window_y));
  gdk_paintable_snapshot (popover_paintable, snapshot,
                          gtk_widget_get_width (popover), gtk_widget_get_height (popover));
  gtk_snapshot_restore (snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("Saved %s (%d × %d)", path, width, height);
}

/* A room's quick actions open from its heading, and its details */
static void
shoot_room (HearthHome        *home,
            HearthControlList *list,
            int                width,
            int                height,
            gboolean           dark,
            const char        *suffix)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();
  g_autofree char *actions_name = g_strdup_printf ("room-actions%s.png", suffix);
  g_autofree char *details_name = g_strdup_printf ("room-details%s.png", suffix);
  HearthWindow *window;
  GtkWidget *menu_button;
  GtkWidget *popover;
  GtkWindow *dialog;

  set_dark (dark);
  window = hearth_window_new (app, home, list);
  hearth_window_set_subtitle (window, "Demo Home");
  present (window, width, height);

  /* Favourites, then Living Room */
  hearth_ui_find_group_buttons (GTK_WIDGET (_hearth_window_get_grid (window)), buttons);
  g_assert_cmpuint (buttons->len, >=, 2);
  menu_button = gtk_widget_get_first_child (g_ptr_array_index (buttons, 1));
  gtk_menu_button_popup (GTK_MENU_BUTTON (menu_button));
  spin (500);
  popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (menu_button)));
  g_assert_nonnull (popover);
  g_assert_true (gtk_widget_get_mapped (popover));
  save_png_with_popover (GTK_WIDGET (window), popover, actions_name);
  gtk_menu_button_popdown (GTK_MENU_BUTTON (menu_button));

  g_assert_true (hearth_group_button_show_details (g_ptr_array_index (buttons, 1)));
  spin (100);
  dialog = hearth_ui_find_toplevel (HEARTH_TYPE_ROOM_DIALOG);
  g_assert_nonnull (dialog);
  gtk_window_set_default_size (dialog, MIN (width, 480), MIN (height, 640));
  spin (500);
  save_png (GTK_WIDGET (dialog), details_name);
  gtk_window_destroy (dialog);
  gtk_window_destroy (GTK_WINDOW (window));
  spin (50);
}

/* The first widget of @type under @widget */
static GtkWidget *
find_widget (GtkWidget *widget,
             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
living_room_lights_off (gpointer data)
{
  HearthHome *home = data;
  /* Shelf Light Strip was made to hang above: the TV backlight tells */
  const char * const names[] = { "TV Backlight" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      HearthDevice *device = hearth_home_lookup (home, names[i]);
      GListModel *controls = hearth_device_get_controls (device);

      for (guint j = 0; j < g_list_model_get_n_items (controls); j++)
        {
          g_autoptr(HearthControl) control = g_list_model_get_item (controls, j);

          if (hearth_control_get_kind (control) == HEARTH_CONTROL_KIND_LIGHT && hearth_control_get_on (control))
            return FALSE;
        }
    }
  return TRUE;
}

/* Presses Ctrl+L as the window's shortcut controllers take it */
static gboolean
press_control_l (GtkWidget *window)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (window);
  g_autoptr(GtkShortcutTrigger) wanted = gtk_keyval_trigger_new (GDK_KEY_l, GDK_CONTROL_MASK);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);

          if (gtk_shortcut_trigger_equal (gtk_shortcut_get_trigger (shortcut), wanted))
            return gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0, window, NULL);
        }
    }
  return FALSE;
}

/* The search entry takes a command: what it understood, before Enter does
 * it; a question back when it is not sure; and Enter doing it */
static void
shoot_command_bar (HearthHome *home,
                   HearthControlList *list)
{
  const struct
  {
    const char *name;
    const char *text;
    const char *summary;
    int         width;
    gboolean    dark;
  } shots[] = {
    { "command-bar.png", "turn off the living room lights", "Turn off 2 lights in Living Room", 1100, FALSE },
    { "command-bar-dark.png", "turn off the living room lights", "Turn off 2 lights in Living Room", 1100, TRUE },
    { "command-bar-narrow.png", "turn off the living room lights", "Turn off 2 lights in Living Room", 360, FALSE },
    { "command-bar-narrow-dark.png", "turn off the living room lights", "Turn off 2 lights in Living Room", 360, TRUE },
    { "command-bar-which.png", "turn on the living room light", "Which one: ", 1100, FALSE },
    { "command-bar-which-narrow-dark.png", "turn on the living room light", "Which one: ", 360, TRUE },
  };

  /* Ctrl+L opens the search with a hint that it takes commands */
  {
    HearthWindow *window = hearth_window_new (app, home, list);
    HearthCommandBar *bar;

    hearth_window_set_subtitle (window, "Demo Home");
    present (window, 360, 720);
    g_assert_true (press_control_l (GTK_WIDGET (window)));
    spin (600);
    bar = HEARTH_COMMAND_BAR (find_widget (GTK_WIDGET (window), HEARTH_TYPE_COMMAND_BAR));
    g_assert_cmpstr (hearth_command_bar_get_summary (bar), ==, "Say What to Do");
    save_png (GTK_WIDGET (window), "command-bar-prompt-narrow.png");
    gtk_window_destroy (GTK_WINDOW (window));
    spin (50);
  }

  for (guint i = 0; i < G_N_ELEMENTS (shots); i++)
    {
      HearthWindow *window = hearth_window_new (app, home, list);
      HearthCommandBar *bar;
      GtkWidget *entry;

      set_dark (shots[i].dark);
      hearth_window_set_subtitle (window, "Demo Home");
      present (window, shots[i].width, 720);
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL));
      entry = gtk_widget_get_parent (gtk_root_get_focus (GTK_ROOT (window)));
      gtk_editable_set_text (GTK_EDITABLE (entry), shots[i].text);
      spin (600);
      hearth_tile_grid_flush (_hearth_window_get_grid (window));
      spin (300);
      bar = HEARTH_COMMAND_BAR (find_widget (GTK_WIDGET (window), HEARTH_TYPE_COMMAND_BAR));
      g_assert_nonnull (hearth_command_bar_get_summary (bar));
      g_assert_true (g_str_has_prefix (hearth_command_bar_get_summary (bar), shots[i].summary));
      save_png (GTK_WIDGET (window), shots[i].name);

      /* Enter does what it says; a search stays a search */
      if (i == G_N_ELEMENTS (shots) - 1)
        {
          gtk_editable_set_text (GTK_EDITABLE (entry), "turn off the living room lights");
          spin (400);
          g_signal_emit_by_name (entry, "activate");
          g_assert_true (hearth_test_await (living_room_lights_off, home, TIMEOUT_MS));
          gtk_editable_set_text (GTK_EDITABLE (entry), "light");
          spin (400);
          g_assert_null (hearth_command_bar_get_summary (bar));
          g_assert_false (hearth_command_bar_activate (bar));
        }
      gtk_window_destroy (GTK_WINDOW (window));
      spin (50);
    }
  set_dark (FALSE);
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

  /* A room's quick actions and details */
  shoot_room (home, list, 1100, 760, FALSE, "");
  shoot_room (home, list, 1100, 760, TRUE, "-dark");
  shoot_room (home, list, 360, 720, FALSE, "-narrow");
  shoot_room (home, list, 360, 720, TRUE, "-narrow-dark");

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

  shoot_command_bar (home, list);

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
