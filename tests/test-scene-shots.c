/* test-scene-shots.c: scenes in the main window with the demo home: the
 * scene bar (light and dark, wide and 360 px), the New Scene and Edit
 * Scene dialogs (and a scene saved and renamed through them), and a recall
 * of which a member does not answer, said in a toast naming it. Screenshots go to $HEARTH_SCREENSHOT_DIR.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "hearth-ui-fixture.h"
#include "hearth-control-list.h"
#include "hearth-demo.h"
#include "hearth-scene-bar.h"
#include "hearth-scene-dialog.h"
#include "hearth-window.h"
#include "hearth-window-private.h"

#define TIMEOUT_MS 20000

static AdwApplication *app;

static void
set_dark (gboolean dark)
{
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      dark ? ADW_COLOR_SCHEME_FORCE_DARK : ADW_COLOR_SCHEME_FORCE_LIGHT);
}

static void
on_demo_started (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (hearth_demo_start_finish (HEARTH_DEMO (object), result, &error));
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

static gboolean
flag_set (gpointer data)
{
  return *(gboolean *) data;
}

static void
present (GtkWindow *window,
         int        width,
         int        height)
{
  gtk_window_set_default_size (window, width, height);
  gtk_window_present (window);
  hearth_ui_spin (700);
}

/* The controls of the devices called @names (NULL-terminated) */
static GPtrArray *
controls_of (HearthHome         *home,
             const char * const *names)
{
  GPtrArray *controls = g_ptr_array_new ();

  for (guint i = 0; names[i] != NULL; i++)
    {
      HearthDevice *device = hearth_home_lookup (home, names[i]);
      GListModel *list;

      g_assert_nonnull (device);
      list = hearth_device_get_controls (device);
      for (guint j = 0; j < g_list_model_get_n_items (list); j++)
        {
          g_autoptr(HearthControl) control = g_list_model_get_item (list, j);

          if (hearth_control_get_kind (control) != HEARTH_CONTROL_KIND_SENSOR)
            g_ptr_array_add (controls, control);
        }
    }
  return controls;
}

static HearthSceneBar *
find_bar (GtkWidget *widget)
{
  if (HEARTH_IS_SCENE_BAR (widget))
    return HEARTH_SCENE_BAR (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      HearthSceneBar *bar = find_bar (child);

      if (bar != NULL)
        return bar;
    }
  return NULL;
}

/* The first descendant of @widget of @type with @css_class */
static GtkWidget *
find_child (GtkWidget  *widget,
            GType       type,
            const char *css_class)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) && gtk_widget_has_css_class (widget, css_class))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_child (child, type, css_class);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_type (GtkWidget *widget,
           GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_type (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* A scene saved and edited through the dialog, as a person does */
static void
save_through_dialog (HearthWindow *window,
                     HearthHome   *home)
{
  HearthStore *store = hearth_home_get_store (home);
  g_autoptr(HearthScene) evening = NULL;
  g_auto(GStrv) names = NULL;
  GtkWidget *dialog = hearth_scene_dialog_new (GTK_WINDOW (window), home, NULL, "Living Room");
  GtkWidget *save = find_child (dialog, GTK_TYPE_BUTTON, "suggested-action");

  g_assert_nonnull (save);
  g_assert_false (gtk_widget_get_sensitive (save));   /* no name yet */
  gtk_editable_set_text (GTK_EDITABLE (find_type (dialog, ADW_TYPE_ENTRY_ROW)), "Evening");
  g_assert_true (gtk_widget_get_sensitive (save));
  g_signal_emit_by_name (save, "clicked");
  evening = hearth_store_dup_scene (store, "Evening");
  g_assert_nonnull (evening);
  g_assert_cmpuint (hearth_scene_get_n_members (evening), ==, 3);

  /* Renamed in the Edit dialog */
  dialog = hearth_scene_dialog_new (GTK_WINDOW (window), home, "evening", NULL);
  gtk_editable_set_text (GTK_EDITABLE (find_type (dialog, ADW_TYPE_ENTRY_ROW)), "Late Evening");
  g_signal_emit_by_name (find_child (dialog, GTK_TYPE_BUTTON, "suggested-action"), "clicked");
  names = hearth_store_dup_scene_names (store);
  g_assert_true (g_strv_contains ((const char * const *) names, "Late Evening"));
  g_assert_false (g_strv_contains ((const char * const *) names, "Evening"));
  g_assert_true (hearth_store_remove_scene (store, "Late Evening"));
}

static gboolean
has_toast (gpointer data)
{
  return _hearth_window_get_last_toast (data) != NULL;
}

static void
test_scenes (void)
{
  g_autofree char *simulator = hearth_demo_find_simulator ();
  g_autoptr(HearthDemo) demo = NULL;
  g_autoptr(HearthControlList) list = NULL;
  g_autoptr(GPtrArray) movie = NULL;
  g_autoptr(GPtrArray) night = NULL;
  g_autoptr(GError) error = NULL;
  const char * const movie_devices[] = { "TV Backlight", "Living Room Blinds", "Shelf Light Strip", NULL };
  const char * const night_devices[] = { "Hallway Lights", "Desk Key Light", NULL };
  HearthHome *home;
  HearthWindow *window;
  HearthSceneBar *bar;
  GtkWidget *dialog;
  gboolean started = FALSE;
  const struct
  {
    const char *name;
    int         width;
    gboolean    dark;
  } shots[] = {
    { "scenes.png", 1100, FALSE },
    { "scenes-dark.png", 1100, TRUE },
    { "scenes-narrow.png", 360, FALSE },
    { "scenes-narrow-dark.png", 360, TRUE },
  };

  g_assert_nonnull (simulator);
  demo = hearth_demo_new (simulator, hearth_drivers_new_all ());
  home = hearth_demo_get_home (demo);
  list = hearth_control_list_new (home, hearth_home_get_store (home));
  hearth_demo_start_async (demo, NULL, on_demo_started, &started);
  g_assert_true (hearth_test_await (flag_set, &started, TIMEOUT_MS));
  g_assert_true (hearth_test_await (hearth_ui_all_online, home, TIMEOUT_MS));

  /* No scene yet: no bar; New Scene from the window's menu */
  window = hearth_window_new (app, home, list);
  present (GTK_WINDOW (window), 1100, 720);
  bar = find_bar (GTK_WIDGET (window));
  g_assert_nonnull (bar);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (bar)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-scene", NULL));
  hearth_ui_spin (300);
  dialog = GTK_WIDGET (hearth_ui_find_toplevel (HEARTH_TYPE_SCENE_DIALOG));
  g_assert_nonnull (dialog);
  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (window));
  hearth_ui_spin (50);

  movie = controls_of (home, movie_devices);
  night = controls_of (home, night_devices);
  g_assert_true (hearth_home_save_scene (home, "Movie", movie, TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (hearth_home_save_scene (home, "Good Night", night, TRUE, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (shots); i++)
    {
      set_dark (shots[i].dark);
      window = hearth_window_new (app, home, list);
      hearth_window_set_subtitle (window, "Demo Home");
      present (GTK_WINDOW (window), shots[i].width, 720);
      hearth_tile_grid_flush (_hearth_window_get_grid (window));
      hearth_ui_spin (300);
      bar = find_bar (GTK_WIDGET (window));
      g_assert_nonnull (bar);
      g_assert_true (gtk_widget_get_visible (GTK_WIDGET (bar)));
      g_assert_nonnull (hearth_scene_bar_get_button (bar, "Movie"));
      g_assert_nonnull (hearth_scene_bar_get_button (bar, "Good Night"));
      hearth_ui_save_png (GTK_WIDGET (window), shots[i].name);

      /* New Scene, from the living room; Edit for "Movie" */
      dialog = hearth_scene_dialog_new (GTK_WINDOW (window), home, NULL, "Living Room");
      present (GTK_WINDOW (dialog), shots[i].width < 400 ? 360 : 440, 640);
      hearth_ui_save_png (dialog, shots[i].width < 400 ? (shots[i].dark ? "scene-new-narrow-dark.png" : "scene-new-narrow.png")
                                                       : (shots[i].dark ? "scene-new-dark.png" : "scene-new.png"));
      gtk_window_destroy (GTK_WINDOW (dialog));
      if (i == 0)
        {
          dialog = hearth_scene_dialog_new (GTK_WINDOW (window), home, "movie", NULL);
          present (GTK_WINDOW (dialog), 440, 640);
          hearth_ui_save_png (dialog, "scene-edit.png");
          gtk_window_destroy (GTK_WINDOW (dialog));
        }
      gtk_window_destroy (GTK_WINDOW (window));
      hearth_ui_spin (50);
    }

  /* A member that does not answer: the others change, the toast names it */
  set_dark (FALSE);
  window = hearth_window_new (app, home, list);
  hearth_window_set_subtitle (window, "Demo Home");
  present (GTK_WINDOW (window), 1100, 720);
  save_through_dialog (window, home);
  {
    HearthDevice *device = hearth_home_lookup (home, "Shelf Light Strip");
    HearthTestSimDevice sim_device = {
      .family = (char *) "elgato",
      .id = (char *) hearth_device_get_id (device),
      .host = (char *) hearth_device_get_host (device),
      .port = hearth_device_get_port (device),
      .name = (char *) hearth_device_get_name (device),
    };

    hearth_test_sim_misbehave (&sim_device, "hang");
    bar = find_bar (GTK_WIDGET (window));
    g_signal_emit_by_name (hearth_scene_bar_get_button (bar, "Movie"), "clicked");
    g_assert_true (hearth_test_await (has_toast, window, 30000));
    g_test_message ("%s", _hearth_window_get_last_toast (window));
    g_assert_nonnull (strstr (_hearth_window_get_last_toast (window), "“Movie”"));
    g_assert_nonnull (strstr (_hearth_window_get_last_toast (window), "Shelf Light Strip"));
    g_assert_null (strstr (_hearth_window_get_last_toast (window), "TV Backlight"));
    hearth_ui_spin (600);
    hearth_ui_save_png (GTK_WIDGET (window), "scenes-failed.png");
    hearth_test_sim_misbehave (&sim_device, "none");
  }
  gtk_window_destroy (GTK_WINDOW (window));
  hearth_ui_spin (50);

  hearth_demo_stop (demo);
}

int
main (int    argc,
      char **argv)
{
  int status;

  app = hearth_ui_window_test_init (&argc, &argv, "io.github.hearthapp.Hearth.SceneShots");
  g_test_add_func ("/scene-shots/scenes", test_scenes);
  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
