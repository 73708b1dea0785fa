/* bench-tiles.c: how the tile grid copes with a big home (not a test: run
 * build-aux/bench-tiles). hearth-sim runs N simulated devices (300 by
 * default: a third each Shelly, WLED, Elgato, so 300 tiles); they are added
 * by address while a window is open, and the benchmark reports:
 *   - the time from the first device added to the first frame with every
 *     tile, the tile widgets the grid built meanwhile (against the tiles
 *     shown), and the work per frame while they arrived;
 * then a second window opens on the home with every device known:
 *   - the time from presenting the window to the first frame that shows
 *     the grid with every tile, and how many tile widgets exist then;
 *   - the work per frame (update + layout + paint, measured around the
 *     frame clock's phases) while scrolling from top to bottom and back;
 *   - the same while 60 controls per second change state (as pushed
 *     updates do), without scrolling.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>

#include <adwaita.h>

#include "hearth-test-utils.h"
#include "hearth-ui-fixture.h"
#include "hearth-control-item.h"
#include "hearth-control-list.h"
#include "hearth-window.h"
#include "hearth-window-private.h"

typedef struct
{
  GArray  *work_us;      /* per frame: before-paint … after-paint */
  gint64   frame_start;
  gboolean recording;
} Frames;

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

static void
report (const char *what,
        Frames     *frames)
{
  GArray *sorted = g_array_copy (frames->work_us);
  guint n = sorted->len;
  double sum = 0;

  if (n == 0)
    {
      g_print ("%-34s no frames\n", what);
      g_array_unref (sorted);
      return;
    }

  g_array_sort (sorted, compare_doubles);
  for (guint i = 0; i < n; i++)
    sum += g_array_index (sorted, double, i);

  g_print ("%-34s %4u frames  work per frame: median %.2f ms, p95 %.2f ms, max %.2f ms, mean %.2f ms\n",
           what, n,
           g_array_index (sorted, double, n / 2) / 1000.0,
           g_array_index (sorted, double, MIN (n - 1, (n * 95) / 100)) / 1000.0,
           g_array_index (sorted, double, n - 1) / 1000.0,
           sum / n / 1000.0);
  g_array_unref (sorted);
}

static void
on_update (GdkFrameClock *clock,
           Frames        *frames)
{
  frames->frame_start = g_get_monotonic_time ();
}

static void
on_after_paint (GdkFrameClock *clock,
                Frames        *frames)
{
  double work;

  if (!frames->recording || frames->frame_start == 0)
    return;
  work = g_get_monotonic_time () - frames->frame_start;
  g_array_append_val (frames->work_us, work);
  frames->frame_start = 0;
}

static void
spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (500);
    }
}

static guint
count_tiles (GtkWidget *widget)
{
  guint n = HEARTH_IS_TILE (widget) ? 1 : 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_tiles (child);
  return n;
}

/* Adding the simulated devices */

static gboolean
all_online (gpointer data)
{
  GListModel *home = data;
  guint n = g_list_model_get_n_items (home);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HearthDevice) device = g_list_model_get_item (home, i);

      if (hearth_device_get_state (device) != HEARTH_DEVICE_STATE_ONLINE)
        return FALSE;
    }
  return TRUE;
}

/* The first frame with every tile */

typedef struct
{
  HearthTileGrid *grid;
  guint           expected;
  gint64          shown_at;
} FirstFrame;

static void
on_first_after_paint (GdkFrameClock *clock,
                      FirstFrame    *first)
{
  if (first->shown_at == 0 &&
      hearth_tile_grid_get_n_visible (first->grid) == first->expected &&
      gtk_widget_get_mapped (GTK_WIDGET (first->grid)))
    first->shown_at = g_get_monotonic_time ();
}

static gboolean
first_shown (gpointer data)
{
  return ((FirstFrame *) data)->shown_at != 0;
}

/* Scrolling */

typedef struct
{
  GtkAdjustment *adjustment;
  double         step;
  int            direction;
  guint          passes;
} Scroll;

static gboolean
scroll_tick (GtkWidget     *widget,
             GdkFrameClock *clock,
             gpointer       user_data)
{
  Scroll *scroll = user_data;
  double value = gtk_adjustment_get_value (scroll->adjustment) + scroll->direction * scroll->step;
  double upper = gtk_adjustment_get_upper (scroll->adjustment) - gtk_adjustment_get_page_size (scroll->adjustment);

  if (value >= upper)
    {
      value = upper;
      scroll->direction = -1;
      scroll->passes++;
    }
  else if (value <= 0)
    {
      value = 0;
      scroll->direction = 1;
      scroll->passes++;
    }
  gtk_adjustment_set_value (scroll->adjustment, value);

  return scroll->passes < 2 ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static gboolean
scroll_done (gpointer data)
{
  return ((Scroll *) data)->passes >= 2;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(AdwApplication) app = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HearthStore) store = NULL;
  g_autoptr(HearthHome) home = NULL;
  g_autoptr(HearthControlList) list = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *store_path = NULL;
  g_autofree char *per_family = NULL;
  HearthTestSim *sim;
  HearthWindow *window;
  HearthTileGrid *grid;
  GdkFrameClock *clock;
  FirstFrame first = { 0 };
  Frames frames = { 0 };
  Scroll scroll = { 0 };
  gint64 started;
  gulong handlers[3];
  int n_devices = argc > 1 ? atoi (argv[1]) : 300;
  guint n_items;

  gtk_init ();
  adw_init ();
  hearth_ui_use_gnome_window_buttons ();

  app = hearth_ui_application_new ("io.github.hearthapp.Hearth.Bench");

  tmp = g_dir_make_tmp ("hearth-bench-XXXXXX", &error);
  g_assert_no_error (error);
  store_path = g_build_filename (tmp, "home.json", NULL);
  store = hearth_store_new (store_path);
  hearth_store_load (store, NULL);
  home = hearth_home_new (hearth_drivers_new_all ());
  hearth_home_set_store (home, store);
  list = hearth_control_list_new (home, store);

  per_family = g_strdup_printf ("%d", MAX (1, n_devices / 3));
  g_print ("hearth-sim: %s Shelly Plus 1PM, %s WLED, %s Elgato Key Light\n",
           per_family, per_family, per_family);
  started = g_get_monotonic_time ();
  sim = hearth_test_sim_start ("--shelly", per_family, "--wled", per_family,
                               "--elgato", per_family, "--latency", "0", NULL);
  g_print ("%-34s %.0f ms\n", "simulator ready", (g_get_monotonic_time () - started) / 1000.0);

  /* A window open while the devices arrive */
  window = hearth_window_new (app, home, list);
  grid = _hearth_window_get_grid (window);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 900);
  gtk_window_present (GTK_WINDOW (window));
  spin (500);
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  frames.work_us = g_array_new (FALSE, FALSE, sizeof (double));
  handlers[1] = g_signal_connect (clock, "update", G_CALLBACK (on_update), &frames);
  handlers[2] = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), &frames);
  frames.recording = TRUE;

  started = g_get_monotonic_time ();
  /* Each one added, or the bench stops */
  hearth_ui_add_sim_devices (home, sim);
  if (!hearth_test_await (all_online, home, 120000))
    g_error ("The devices did not all come online");
  n_items = g_list_model_get_n_items (G_LIST_MODEL (list));
  g_print ("%-34s %.0f ms (%u devices, %u tiles)\n", "devices added and online",
           (g_get_monotonic_time () - started) / 1000.0,
           g_list_model_get_n_items (G_LIST_MODEL (home)), n_items);

  first.grid = grid;
  first.expected = n_items;
  handlers[0] = g_signal_connect (clock, "after-paint", G_CALLBACK (on_first_after_paint), &first);
  if (!hearth_test_await (first_shown, &first, 60000))
    g_error ("The grid never showed every tile");
  frames.recording = FALSE;
  g_signal_handler_disconnect (clock, handlers[0]);
  g_signal_handler_disconnect (clock, handlers[1]);
  g_signal_handler_disconnect (clock, handlers[2]);
  g_print ("%-34s %.0f ms (%u tile widgets built, %u in the grid, %u tiles shown)\n",
           "arrivals: first frame with all",
           (first.shown_at - started) / 1000.0,
           hearth_tile_grid_get_n_tiles_built (grid),
           count_tiles (GTK_WIDGET (grid)),
           hearth_tile_grid_get_n_visible (grid));
  report ("arrivals: frames meanwhile", &frames);
  gtk_window_destroy (GTK_WINDOW (window));
  spin (50);
  first.shown_at = 0;
  g_array_set_size (frames.work_us, 0);

  /* What one tile costs to build, on its own */
  {
    GPtrArray *tiles = g_ptr_array_new_with_free_func ((GDestroyNotify) g_object_unref);

    started = g_get_monotonic_time ();
    for (guint i = 0; i < n_items; i++)
      g_ptr_array_add (tiles, g_object_ref_sink (hearth_tile_new ()));
    g_print ("%-34s %.0f ms (%u tiles, %.2f ms each)\n", "building tiles alone",
             (g_get_monotonic_time () - started) / 1000.0, n_items,
             (g_get_monotonic_time () - started) / 1000.0 / MAX (1, n_items));
    g_ptr_array_unref (tiles);
  }

  /* The window, with every device known */
  window = hearth_window_new (app, home, list);
  grid = _hearth_window_get_grid (window);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 900);
  gtk_widget_realize (GTK_WIDGET (window));
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  first.grid = grid;
  first.expected = n_items;
  handlers[0] = g_signal_connect (clock, "after-paint", G_CALLBACK (on_first_after_paint), &first);

  started = g_get_monotonic_time ();
  gtk_window_present (GTK_WINDOW (window));
  if (!hearth_test_await (first_shown, &first, 60000))
    g_error ("The grid never showed every tile");
  g_print ("%-34s %.0f ms (%u columns, %u tile widgets, %u rows)\n", "first frame with the grid",
           (first.shown_at - started) / 1000.0,
           hearth_tile_grid_get_columns (grid),
           count_tiles (GTK_WIDGET (grid)),
           g_list_model_get_n_items (hearth_tile_grid_get_rows (grid)));
  g_signal_handler_disconnect (clock, handlers[0]);
  spin (500);

  /* Scrolling, top to bottom and back, 40 px a frame */
  handlers[1] = g_signal_connect (clock, "update", G_CALLBACK (on_update), &frames);
  handlers[2] = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), &frames);
  {
    GtkWidget *scrolled = gtk_widget_get_first_child (GTK_WIDGET (grid));

    scroll.adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  }
  scroll.step = 40;
  scroll.direction = 1;
  g_print ("%-34s %.0f px\n", "scrollable height", gtk_adjustment_get_upper (scroll.adjustment));
  frames.recording = TRUE;
  gtk_widget_add_tick_callback (GTK_WIDGET (grid), scroll_tick, &scroll, NULL);
  if (!hearth_test_await (scroll_done, &scroll, 120000))
    g_error ("Scrolling did not finish");
  frames.recording = FALSE;
  report ("scrolling (40 px per frame)", &frames);
  g_print ("%-34s %u\n", "tile widgets after scrolling", count_tiles (GTK_WIDGET (grid)));

  /* Live updates: 60 controls a second change, for 5 s */
  g_array_set_size (frames.work_us, 0);
  frames.recording = TRUE;
  {
    gint64 end = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
    guint next = 0;

    while (g_get_monotonic_time () < end)
      {
        g_autoptr(HearthControlItem) item = g_list_model_get_item (G_LIST_MODEL (list), next++ % n_items);
        HearthControl *control = hearth_control_item_get_control (item);

        /* As a pushed update does: the model changes, the views follow */
        hearth_control_set_on (control, !hearth_control_get_on (control));
        if (hearth_control_has_capability (control, HEARTH_CAPABILITY_BRIGHTNESS))
          hearth_control_set_brightness (control, g_random_int_range (1, 101));
        spin (1000 / 60);
      }
  }
  frames.recording = FALSE;
  report ("live updates (60 changes a second)", &frames);

  g_signal_handler_disconnect (clock, handlers[1]);
  g_signal_handler_disconnect (clock, handlers[2]);
  g_array_unref (frames.work_us);
  gtk_window_destroy (GTK_WINDOW (window));
  spin (50);
  hearth_test_sim_stop (sim);

  return EXIT_SUCCESS;
}
