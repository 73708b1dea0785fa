/* bench-home.c: the app's side of build-aux/bench (not a test). Runs the
 * app's own code in-process, as the app does at start-up: a store of its
 * own (empty), HearthHome browsing mDNS (run it inside tests/hearth-sandbox
 * with hearth-sim --avahi), the control list and the window, on a display
 * of its own (tests/hearth-ui-session). Prints "key value" lines:
 *
 *   bench-home [--expect N] [--timeout S] [--linger]
 *     window_ms     start-up to the first frame of the window
 *     shown_ms      start-up to the first frame whose grid holds N tiles
 *                   (-1 when it never did: see last_tile_ms)
 *     last_tile_ms  start-up to the last change of the number of tiles
 *     online_ms     start-up to the moment the last device was online
 *     devices, online, tiles_shown
 *     tiles_built   HearthTile widgets constructed in all (the class's
 *                   constructed() is wrapped to count them)
 *     max_stall_ms  the longest the main loop did not run a high-priority
 *                   5 ms heartbeat, from presenting the window until done
 *                   (the longest callback or frame), and when
 *     cpu_ms        the process's CPU time (user + system) when done
 *     rss_kb        VmRSS one second after done
 *   Done: N tiles shown and every device online, or else nothing changed
 *   for 5 s while the browser is settled and idle (for 20 s in any case),
 *   or the timeout (180 s).
 *   --stalls: prints (to stderr) each main-loop iteration over 50 ms with
 *   the sources it dispatched, their callbacks and the frame's phases,
 *   and when done the sources attached, by name
 *   (bench-stalls.c; slows the loop a little: not for the figures)
 *   --linger: then prints "done" and runs on (for idle measurements) until
 *   SIGTERM or SIGINT; on SIGUSR1 it prints "wakeups" and the voluntary
 *   context switches of all its threads so far.
 *
 *   bench-home --bare
 *     the floor: a bare libadwaita window (header bar and status page) in
 *     the same kind of process on the same display; prints window_ms,
 *     cpu_ms and rss_kb (one second after its first frame).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

#include <adwaita.h>
#include <glib-unix.h>
#include <glib/gstdio.h>

#include "bench-stalls.h"
#include "hearth-browser.h"
#include "hearth-control-item.h"
#include "hearth-control-list.h"
#include "hearth-drivers.h"
#include "hearth-ui-fixture.h"
#include "hearth-window.h"
#include "hearth-window-private.h"

#define HEARTBEAT_MS 5
#define QUIET_MS     5000

/* Tiles built: HearthTile's constructed(), wrapped */

static void (*tile_constructed) (GObject *object);
static guint tiles_built;

static void
count_tile_constructed (GObject *object)
{
  tiles_built++;
  if (tile_constructed != NULL)
    tile_constructed (object);
}

static void
wrap_tile_constructed (void)
{
  GObjectClass *klass = g_type_class_ref (HEARTH_TYPE_TILE);

  tile_constructed = klass->constructed;
  klass->constructed = count_tile_constructed;
  /* the class stays referenced: the wrapper lives as long as the process */
}

/* The process */

static double
cpu_ms (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1000.0 +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1000.0;
}

static long
rss_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (line = strstr (status, "\nVmRSS:")) == NULL)
    return -1;
  return strtol (line + strlen ("\nVmRSS:"), NULL, 10);
}

static gint64 started;

static double
since_start_ms (gint64 when)
{
  return when > 0 ? (when - started) / 1000.0 : -1;
}

/* The main loop's longest stall */

typedef struct
{
  gint64 last;
  gint64 max_gap;
  gint64 max_at;
  guint  id;
} Heartbeat;

static gboolean
on_heartbeat_timeout (gpointer user_data)
{
  Heartbeat *beat = user_data;
  gint64 now = g_get_monotonic_time ();
  gint64 gap = now - beat->last - HEARTBEAT_MS * 1000;

  if (gap > beat->max_gap)
    {
      beat->max_gap = gap;
      beat->max_at = now;
    }
  beat->last = now;
  return G_SOURCE_CONTINUE;
}

static void
heartbeat_start (Heartbeat *beat)
{
  beat->last = g_get_monotonic_time ();
  beat->id = g_timeout_add_full (G_PRIORITY_HIGH, HEARTBEAT_MS, on_heartbeat_timeout, beat, NULL);
}

/* Watching the window */

typedef struct
{
  HearthHome     *home;
  HearthTileGrid *grid;
  Heartbeat       beat;
  guint           expected;
  guint           last_n_visible;
  guint           last_n_devices;
  guint           last_online;
  gint64          stirred_at;   /* the last change of devices, online or tiles */
  gint64          window_at;
  gint64          shown_at;
  gint64          changed_at;
  gint64          online_at;
  gint64          deadline;
  gboolean        done;
} Run;

static guint
n_online (HearthHome *home)
{
  GListModel *devices = G_LIST_MODEL (home);
  guint n = g_list_model_get_n_items (devices);
  guint online = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HearthDevice) device = g_list_model_get_item (devices, i);

      online += hearth_device_get_state (device) == HEARTH_DEVICE_STATE_ONLINE;
    }
  return online;
}

static gboolean
browser_idle (HearthHome *home)
{
  HearthBrowser *browser = hearth_home_get_browser (home);

  return hearth_home_get_busy (home) == 0 &&
         (browser == NULL ||
          (hearth_browser_get_settled (browser) && hearth_browser_get_n_unresolved (browser) == 0));
}

static void
on_clock_after_paint (GdkFrameClock *clock,
                      Run           *run)
{
  guint n_visible = hearth_tile_grid_get_n_visible (run->grid);
  gint64 now = g_get_monotonic_time ();

  if (run->window_at == 0)
    run->window_at = now;
  if (n_visible != run->last_n_visible)
    {
      run->last_n_visible = n_visible;
      run->changed_at = run->stirred_at = now;
    }
  if (run->shown_at == 0 && run->expected > 0 && n_visible >= run->expected &&
      gtk_widget_get_mapped (GTK_WIDGET (run->grid)))
    run->shown_at = now;
}

static gboolean
on_check_timeout (gpointer user_data)
{
  Run *run = user_data;
  gint64 now = g_get_monotonic_time ();
  guint n_devices = g_list_model_get_n_items (G_LIST_MODEL (run->home));
  guint online = n_online (run->home);

  if (run->online_at == 0 && n_devices > 0 && online == n_devices &&
      (run->expected == 0 || online >= run->expected))
    run->online_at = now;
  else if (online < n_devices)
    run->online_at = 0;

  if (n_devices != run->last_n_devices || online != run->last_online)
    {
      run->last_n_devices = n_devices;
      run->last_online = online;
      run->stirred_at = now;
    }

  /* Fewer than expected (services that never resolve, devices never
   * announced): done when nothing moved for a while */
  if (run->shown_at != 0 && run->online_at != 0)
    run->done = TRUE;
  else if (run->stirred_at != 0 && now - run->stirred_at > QUIET_MS * 1000 && online == n_devices &&
           run->last_n_visible == n_devices && browser_idle (run->home))
    run->done = TRUE;
  else if (run->stirred_at != 0 && now - run->stirred_at > 4 * QUIET_MS * 1000)
    run->done = TRUE;
  else if (now > run->deadline)
    run->done = TRUE;

  return G_SOURCE_CONTINUE;
}

static gboolean
on_quit_signal (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_CONTINUE;
}

/* SIGUSR1: how often the process went to sleep and woke up, all its
 * threads together, those that ended too (getrusage) */
static gboolean
on_wakeups_signal (gpointer user_data)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  g_print ("wakeups %ld\n", usage.ru_nvcsw);
  fflush (stdout);
  return G_SOURCE_CONTINUE;
}

static void
linger (void)
{
  gboolean quit = FALSE;

  g_unix_signal_add (SIGTERM, on_quit_signal, &quit);
  g_unix_signal_add (SIGINT, on_quit_signal, &quit);
  g_unix_signal_add (SIGUSR1, on_wakeups_signal, NULL);
  g_print ("done\n");
  fflush (stdout);
  while (!quit)
    g_main_context_iteration (NULL, TRUE);
}

static gboolean
first_frame (gpointer data)
{
  return *(gint64 *) data != 0;
}

static void
on_bare_after_paint (GdkFrameClock *clock,
                     gint64        *painted_at)
{
  if (*painted_at == 0)
    *painted_at = g_get_monotonic_time ();
}

/* The floor: a bare libadwaita window */
static void
run_bare (AdwApplication *app)
{
  GtkWidget *window = adw_application_window_new (GTK_APPLICATION (app));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *page = adw_status_page_new ();
  gint64 painted_at = 0;
  double cpu;

  adw_status_page_set_title (ADW_STATUS_PAGE (page), "Bare");
  gtk_widget_set_vexpand (page, TRUE);
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_box_append (GTK_BOX (box), page);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), box);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 900);
  gtk_widget_realize (window);
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (on_bare_after_paint), &painted_at);
  gtk_window_present (GTK_WINDOW (window));
  while (!first_frame (&painted_at))
    g_main_context_iteration (NULL, TRUE);
  cpu = cpu_ms ();
  hearth_ui_spin (1000);

  g_print ("window_ms %.1f\n", since_start_ms (painted_at));
  g_print ("cpu_ms %.1f\n", cpu);
  g_print ("rss_kb %ld\n", rss_kb ());
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(AdwApplication) app = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HearthStore) store = NULL;
  g_autoptr(HearthHome) home = NULL;
  g_autoptr(HearthControlList) list = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *store_path = NULL;
  gboolean bare = FALSE;
  gboolean opt_linger = FALSE;
  gboolean opt_stalls = FALSE;
  int expected = 0;
  int timeout_s = 180;
  HearthWindow *window;
  Run run = { 0 };
  guint check_id;
  double cpu;
  const GOptionEntry entries[] = {
    { "bare", 0, 0, G_OPTION_ARG_NONE, &bare, "A bare libadwaita window (the floor)", NULL },
    { "expect", 0, 0, G_OPTION_ARG_INT, &expected, "Devices (= tiles) to wait for", "N" },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &timeout_s, "Give up after S seconds (default 180)", "S" },
    { "linger", 0, 0, G_OPTION_ARG_NONE, &opt_linger, "When done, run on until SIGTERM", NULL },
    { "stalls", 0, 0, G_OPTION_ARG_NONE, &opt_stalls, "Name what stalled the main loop (stderr)", NULL },
    { NULL }
  };

  context = g_option_context_new ("- the app's start-up with a big home (build-aux/bench)");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || expected < 0 || timeout_s <= 0)
    {
      g_printerr ("bench-home: %s\n", error != NULL ? error->message : "bad --expect or --timeout");
      return 2;
    }

  started = g_get_monotonic_time ();
  g_print ("pid %d\n", (int) getpid ());
  fflush (stdout);

  gtk_init ();
  adw_init ();
  g_object_set (gtk_settings_get_default (), "gtk-decoration-layout", "appmenu:close", NULL);
  app = hearth_ui_application_new ("io.github.hearthapp.Hearth.Bench");

  if (bare)
    {
      run_bare (app);
      return EXIT_SUCCESS;
    }

  wrap_tile_constructed ();
  tmp = g_dir_make_tmp ("hearth-bench-XXXXXX", &error);
  if (tmp == NULL)
    {
      g_printerr ("bench-home: %s\n", error->message);
      return 1;
    }
  store_path = g_build_filename (tmp, "home.json", NULL);

  /* As the app starts (HearthApplication's activate) */
  store = hearth_store_new (store_path);
  hearth_store_load (store, NULL);
  home = hearth_home_new (hearth_drivers_new_all ());
  hearth_home_set_store (home, store);
  list = hearth_control_list_new (home, store);
  hearth_home_start (home);
  window = hearth_window_new (app, home, list);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 900);
  gtk_widget_realize (GTK_WIDGET (window));

  run.home = home;
  run.grid = _hearth_window_get_grid (window);
  run.expected = expected;
  run.deadline = started + (gint64) timeout_s * G_USEC_PER_SEC;
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "after-paint",
                    G_CALLBACK (on_clock_after_paint), &run);
  check_id = g_timeout_add (100, on_check_timeout, &run);
  gtk_window_present (GTK_WINDOW (window));
  /* from here on, the window waits for the main loop */
  heartbeat_start (&run.beat);
  if (opt_stalls)
    bench_stalls_start (gtk_widget_get_frame_clock (GTK_WIDGET (window)), 50, started);

  while (!run.done)
    {
      if (opt_stalls)
        bench_stalls_before_iteration ();
      g_main_context_iteration (NULL, TRUE);
      if (opt_stalls)
        bench_stalls_after_iteration ();
    }
  cpu = cpu_ms ();
  if (opt_stalls)
    bench_stalls_print_sources ();
  g_clear_handle_id (&run.beat.id, g_source_remove);
  g_source_remove (check_id);
  g_signal_handlers_disconnect_by_data (gtk_widget_get_frame_clock (GTK_WIDGET (window)), &run);
  hearth_ui_spin (1000);

  g_print ("window_ms %.1f\n", since_start_ms (run.window_at));
  g_print ("shown_ms %.1f\n", since_start_ms (run.shown_at));
  g_print ("last_tile_ms %.1f\n", since_start_ms (run.changed_at));
  g_print ("online_ms %.1f\n", since_start_ms (run.online_at));
  g_print ("devices %u\n", g_list_model_get_n_items (G_LIST_MODEL (home)));
  g_print ("online %u\n", n_online (home));
  g_print ("tiles_shown %u\n", hearth_tile_grid_get_n_visible (run.grid));
  g_print ("tiles_built %u\n", tiles_built);
  g_print ("max_stall_ms %.1f\n", run.beat.max_gap / 1000.0);
  g_print ("max_stall_at_ms %.1f\n", since_start_ms (run.beat.max_at));
  g_print ("cpu_ms %.1f\n", cpu);
  g_print ("rss_kb %ld\n", rss_kb ());
  fflush (stdout);

  if (opt_linger)
    linger ();

  gtk_window_destroy (GTK_WINDOW (window));
  hearth_ui_spin (50);
  g_unlink (store_path);
  g_rmdir (tmp);
  return EXIT_SUCCESS;
}
