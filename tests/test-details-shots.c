/* test-details-shots.c: screenshots of the details page (a colour light, a
 * cover, a sensor; light and dark; wide and narrow) against the demo home,
 * and of the Add Device dialog asking for a device's password (a simulated
 * Tasmota with a web password; as it asks, and once a password was
 * refused, narrow and dark too), saved as PNG to $HEARTH_SCREENSHOT_DIR (default: this test's build
 * folder) for people to look at and for the metainfo. Checks that each was
 * drawn, and that the page fits a narrow window.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "hearth-ui-fixture.h"
#include "hearth-add-device-dialog.h"
#include "hearth-control-item.h"
#include "hearth-control-list.h"
#include "hearth-details-page-private.h"
#include "hearth-energy-graph.h"
#include "hearth-energy-group.h"
#include "hearth-window.h"

#define TIMEOUT_MS 15000

static AdwApplication *app;
static HearthTestSim *sim;
static HearthStore *store;
static HearthHome *home;
static HearthControlList *list;
static HearthHistory *history;
static char *tmp_dir;

#define spin hearth_ui_spin
#define find_sim_device(name) hearth_ui_sim_device (sim, (name))

static gboolean
item_online (gpointer data)
{
  HearthControlItem *item = hearth_control_list_find (list, data);

  return item != NULL && hearth_control_item_get_available (item);
}

typedef struct
{
  const char *file;
  const char *device;
  const char *control;
  int         width;
  int         height;
  gboolean    dark;
  const char *range;   /* the graph's range button to press, if any */
} Shot;

static const Shot shots[] = {
  { "details-light.png", "Kitchen Cabinet Light", "rgb:0", 640, 1000, FALSE },
  { "details-light-dark.png", "Kitchen Cabinet Light", "rgb:0", 640, 1000, TRUE },
  { "details-light-narrow.png", "Desk Key Light", "light:0", 360, 760, FALSE },
  { "details-cover.png", "Living Room Blinds", "cover:0", 480, 900, FALSE },
  { "details-cover-narrow-dark.png", "Living Room Blinds", "cover:0", 360, 760, TRUE },
  { "details-sensor.png", "Bedroom Climate", "temperature:0", 480, 900, FALSE },
  { "details-power.png", "Dehumidifier", "relay:0", 640, 1200, FALSE, NULL },
  { "details-power-dark.png", "Dehumidifier", "relay:0", 640, 1200, TRUE, "7 days" },
  { "details-power-narrow.png", "Dehumidifier", "relay:0", 360, 1100, FALSE, "30 days" },
  { "details-power-narrow-dark.png", "Dehumidifier", "relay:0", 360, 1100, TRUE, NULL },
};

/* The first widget of @type under @widget, breadth first */
static GtkWidget *
find_widget (GtkWidget *widget,
             GType      type)
{
  g_autoptr(GPtrArray) queue = g_ptr_array_new ();

  g_ptr_array_add (queue, widget);
  while (queue->len > 0)
    {
      GtkWidget *w = g_ptr_array_steal_index (queue, 0);

      if (G_TYPE_CHECK_INSTANCE_TYPE (w, type))
        return w;
      for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL; c = gtk_widget_get_next_sibling (c))
        g_ptr_array_add (queue, c);
    }
  return NULL;
}

/* A dehumidifier's month: its compressor cycles, longer at night, with
 * a start-up surge; unplugged for an afternoon four days ago */
static void
record_dehumidifier (const char *device_id)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  gint64 now = hearth_history_now (history);
  gint64 start = now - 30 * 24 * 3600;

  for (gint64 t = start - start % 60; t < now - 60; t += 60)
    {
      g_autoptr(GDateTime) local = g_date_time_new_from_unix_local (t);
      int hour = g_date_time_get_hour (local);
      gboolean night = hour >= 22 || hour < 7;
      int period = 50;
      int on_minutes = night ? 34 : 18 + (int) (6 * sin (t / 86400.0));
      int phase = (int) ((t / 60) % period);
      double watts;

      if (t > now - 4 * 24 * 3600 && t < now - 4 * 24 * 3600 + 5 * 3600)
        continue;
      if (phase < on_minutes)
        watts = (phase == 0 ? 410 : 232) + g_rand_double_range (rand, -8, 8);
      else
        watts = 2.4 + g_rand_double_range (rand, -0.2, 0.2);
      hearth_history_record_at (history, device_id, "relay:0/power", watts, t);
    }
}

static void
test_shot (gconstpointer data)
{
  const Shot *shot = data;
  g_autofree char *key = hearth_store_key (find_sim_device (shot->device)->id, shot->control);
  g_autofree char *path = hearth_ui_shot_path (shot->file);
  HearthWindow *window;
  HearthDetailsPage *page;
  GtkWidget *content;
  GStatBuf buf;

  g_assert_true (hearth_test_await (item_online, key, TIMEOUT_MS));

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      shot->dark ? ADW_COLOR_SCHEME_FORCE_DARK
                                                 : ADW_COLOR_SCHEME_FORCE_LIGHT);

  window = hearth_window_new (app, home, list);
  gtk_window_set_default_size (GTK_WINDOW (window), shot->width, shot->height);
  gtk_window_present (GTK_WINDOW (window));
  spin (300);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-details", "s", key));
  /* Let the transition end and the icons load */
  spin (800);
  g_assert_cmpstr (hearth_window_get_page (window), ==, "details");

  /* Everything fits: the page is no wider than the window */
  content = adw_application_window_get_content (ADW_APPLICATION_WINDOW (window));
  page = NULL;
  {
    GPtrArray *queue = g_ptr_array_new ();

    g_ptr_array_add (queue, content);
    while (queue->len > 0 && page == NULL)
      {
        GtkWidget *w = g_ptr_array_steal_index (queue, 0);

        if (HEARTH_IS_DETAILS_PAGE (w))
          page = HEARTH_DETAILS_PAGE (w);
        for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL; c = gtk_widget_get_next_sibling (c))
          g_ptr_array_add (queue, c);
      }
    g_ptr_array_unref (queue);
  }
  g_assert_nonnull (page);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (page)), <=, gtk_widget_get_width (GTK_WIDGET (window)));
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (page)), >, 0);

  /* A switch with power shows its graph, summed up for a screen reader */
  {
    GtkWidget *group = find_widget (GTK_WIDGET (page), HEARTH_TYPE_ENERGY_GROUP);
    GtkWidget *graph = find_widget (GTK_WIDGET (page), HEARTH_TYPE_ENERGY_GRAPH);
    gboolean power = g_str_has_prefix (shot->file, "details-power");

    g_assert_nonnull (group);
    /* (A metered light has one too; a sensor of temperature none) */
    if (power)
      g_assert_true (gtk_widget_get_visible (group));
    else if (g_str_equal (shot->control, "temperature:0"))
      g_assert_false (gtk_widget_get_visible (group));
    if (power && shot->range != NULL)
      {
        GtkWidget *button = NULL;

        for (GtkWidget *w = find_widget (group, GTK_TYPE_TOGGLE_BUTTON); w != NULL;
             w = gtk_widget_get_next_sibling (w))
          if (g_strcmp0 (gtk_button_get_label (GTK_BUTTON (w)), shot->range) == 0)
            button = w;
        g_assert_nonnull (button);
        gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), TRUE);
        spin (100);
      }
    if (power)
      {
        const char *summary = hearth_energy_graph_get_summary (HEARTH_ENERGY_GRAPH (graph));

        g_assert_nonnull (summary);
        g_assert_true (g_str_has_prefix (summary, "Average "));
        g_assert_nonnull (strstr (summary, ", peak 4"));
        g_assert_cmpint (gtk_widget_get_width (graph), >, 200);
        /* Shown at once: the page scrolled down to it */
        {
          GtkScrolledWindow *scrolled = GTK_SCROLLED_WINDOW (adw_bin_get_child (ADW_BIN (page)));
          graphene_point_t at;

          g_assert_true (gtk_widget_compute_point (group, GTK_WIDGET (page),
                                                   &GRAPHENE_POINT_INIT (0, 0), &at));
          gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (scrolled),
                                    MAX (0, at.y - 300));
          spin (100);
        }
      }
  }

  hearth_ui_save_png (GTK_WIDGET (window), shot->file);
  g_assert_cmpint (g_stat (path, &buf), ==, 0);
  g_assert_cmpint (buf.st_size, >, 10000);

  gtk_window_destroy (GTK_WINDOW (window));
  spin (50);
}

/* The Add Device dialog asking for a password */

typedef struct
{
  const char *file;
  int         width;
  int         height;
  gboolean    dark;
  gboolean    refused;   /* after a wrong password */
} AddShot;

static const AddShot add_shots[] = {
  { "add-device-password.png", 440, 480, FALSE, FALSE },
  { "add-device-refused-narrow.png", 360, 560, FALSE, TRUE },
  { "add-device-refused-narrow-dark.png", 360, 560, TRUE, TRUE },
};

static GtkWidget *
add_child (GtkWidget  *dialog,
           const char *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (dialog, HEARTH_TYPE_ADD_DEVICE_DIALOG, name));
}

static gboolean
widget_shown (gpointer data)
{
  return gtk_widget_get_visible (GTK_WIDGET (data));
}

/* Every label shown is whole: none ellipsized for want of room */
static void
assert_nothing_ellipsized (GtkWidget *widget)
{
  if (!gtk_widget_get_mapped (widget))
    return;

  if (GTK_IS_LABEL (widget) &&
      gtk_label_get_ellipsize (GTK_LABEL (widget)) != PANGO_ELLIPSIZE_NONE &&
      pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (widget))))
    g_error ("“%s” is cut short", gtk_label_get_label (GTK_LABEL (widget)));

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    assert_nothing_ellipsized (child);
}

static void
test_add_shot (gconstpointer data)
{
  const AddShot *shot = data;
  g_autofree char *path = hearth_ui_shot_path (shot->file);
  g_autofree char *port = NULL;
  HearthTestSim *locked;
  const HearthTestSimDevice *device;
  HearthWindow *window;
  GtkWidget *dialog;
  GStatBuf buf;

  locked = hearth_test_sim_start ("--password", "c0rrect horse", "--device", "tasmota:plug=Porch Light", NULL);
  device = hearth_test_sim_get_device (locked, 0);
  port = g_strdup_printf ("%u", device->port);

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      shot->dark ? ADW_COLOR_SCHEME_FORCE_DARK
                                                 : ADW_COLOR_SCHEME_FORCE_LIGHT);

  window = hearth_window_new (app, home, list);
  gtk_window_set_default_size (GTK_WINDOW (window), 800, 700);
  gtk_window_present (GTK_WINDOW (window));
  spin (200);

  dialog = hearth_add_device_dialog_new (GTK_WINDOW (window), home);
  gtk_window_set_default_size (GTK_WINDOW (dialog), shot->width, shot->height);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_editable_set_text (GTK_EDITABLE (add_child (dialog, "host_row")), device->host);
  gtk_editable_set_text (GTK_EDITABLE (add_child (dialog, "port_row")), port);
  g_signal_emit_by_name (add_child (dialog, "add_button"), "clicked");
  g_assert_true (hearth_test_await (widget_shown, add_child (dialog, "login_box"), TIMEOUT_MS));
  if (shot->refused)
    {
      gtk_editable_set_text (GTK_EDITABLE (add_child (dialog, "password_row")), "battery staple");
      g_signal_emit_by_name (add_child (dialog, "add_button"), "clicked");
      g_assert_true (hearth_test_await (widget_shown, add_child (dialog, "error_label"), TIMEOUT_MS));
    }
  /* Let the transitions end and the icons load */
  spin (800);

  /* It fits the width asked for: nothing forces it wider */
  {
    int minimum;

    gtk_widget_measure (dialog, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
    g_assert_cmpint (minimum, <=, shot->width);
    g_assert_cmpint (gtk_widget_get_width (dialog), <=, shot->width);
  }
  g_assert_cmpint (gtk_widget_get_width (add_child (dialog, "add_button")), >, 0);
  /* and no text on it is cut short (the title, the buttons) */
  assert_nothing_ellipsized (dialog);

  hearth_ui_save_png (dialog, shot->file);
  g_assert_cmpint (g_stat (path, &buf), ==, 0);
  g_assert_cmpint (buf.st_size, >, 5000);

  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (window));
  spin (50);
  hearth_test_sim_stop (locked);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *store_path = NULL;
  int status;

  /* Not isolated: icons need the desktop's MIME database. The store is
   * a file of its own in a temporary folder. */
  gtk_disable_setlocale ();
  g_test_init (&argc, &argv, NULL);
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);

  /* The application loads style.css and the icons from the resources */
  app = hearth_ui_application_new ("io.github.hearthapp.Hearth.DetailsShots");

  tmp_dir = g_dir_make_tmp ("hearth-shots-XXXXXX", &error);
  g_assert_no_error (error);
  store_path = g_build_filename (tmp_dir, "home.json", NULL);
  store = hearth_store_new (store_path);
  g_assert_true (hearth_store_load (store, &error));

  sim = hearth_test_sim_start ("--demo", NULL);
  home = hearth_home_new (hearth_drivers_new_all ());
  hearth_home_set_store (home, store);
  history = hearth_history_new (NULL);
  hearth_home_set_history (home, history);
  record_dehumidifier (find_sim_device ("Dehumidifier")->id);
  list = hearth_control_list_new (home, store);
  hearth_ui_add_sim_devices (home, sim);

  /* A home someone lives in: the colour light on, in a room, a favourite */
  {
    const HearthTestSimDevice *kitchen = find_sim_device ("Kitchen Cabinet Light");
    g_autofree char *key = hearth_store_key (kitchen->id, "rgb:0");

    hearth_test_sim_set_state (kitchen, "{\"rgb:0\": {\"output\": true}}");
    hearth_store_add_room (store, "Kitchen", NULL);
    hearth_store_add_room (store, "Living Room", NULL);
    hearth_store_set_room (store, key, "Kitchen");
    hearth_store_set_favourite (store, key, TRUE);
  }

  for (guint i = 0; i < G_N_ELEMENTS (shots); i++)
    {
      g_autofree char *name = g_strdup_printf ("/details-shots/%s", shots[i].file);

      g_test_add_data_func (name, &shots[i], test_shot);
    }

  for (guint i = 0; i < G_N_ELEMENTS (add_shots); i++)
    {
      g_autofree char *name = g_strdup_printf ("/details-shots/%s", add_shots[i].file);

      g_test_add_data_func (name, &add_shots[i], test_add_shot);
    }

  status = g_test_run ();

  g_clear_object (&list);
  g_clear_object (&home);
  g_clear_object (&history);
  g_clear_object (&store);
  hearth_test_sim_stop (sim);
  g_clear_object (&app);
  if (store_path != NULL)
    g_remove (store_path);
  g_rmdir (tmp_dir);
  g_free (tmp_dir);

  return status;
}
