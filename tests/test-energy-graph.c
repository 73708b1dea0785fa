/* test-energy-graph.c: HearthEnergyGraph on its own: its empty state, its
 * accessible summary, and any points it is given drawn without a warning
 * (light and dark, wide and 360 px)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <math.h>

#include "hearth-ui-fixture.h"
#include "hearth-energy-graph.h"

#define T0 ((gint64) 1796083200)   /* 2026-12-01 00:00 UTC */

static AdwApplication *app;

static GArray *
points_new (void)
{
  return g_array_new (FALSE, FALSE, sizeof (HearthHistoryPoint));
}

static void
add_point (GArray *points,
           gint64  time,
           double  value)
{
  HearthHistoryPoint point = { time, value, value, time };

  g_array_append_val (points, point);
}

static GtkWidget *
show (GtkWidget *graph,
      int        width,
      gboolean   dark)
{
  GtkWidget *window = gtk_window_new ();

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      dark ? ADW_COLOR_SCHEME_FORCE_DARK : ADW_COLOR_SCHEME_FORCE_LIGHT);
  gtk_window_set_child (GTK_WINDOW (window), graph);
  gtk_window_set_default_size (GTK_WINDOW (window), width, 220);
  gtk_window_present (GTK_WINDOW (window));
  hearth_ui_spin (200);
  return window;
}

/* Nothing recorded: "No readings yet", and no summary */
static void
test_empty (void)
{
  GtkWidget *graph = hearth_energy_graph_new ();
  g_autoptr(GArray) none = points_new ();
  GtkWidget *window;

  g_assert_null (hearth_energy_graph_get_summary (HEARTH_ENERGY_GRAPH (graph)));
  g_assert_cmpint (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (graph)), ==, GTK_ACCESSIBLE_ROLE_IMG);
  hearth_energy_graph_set_points (HEARTH_ENERGY_GRAPH (graph), none, T0, T0 + 86400, 60, "W");
  g_assert_null (hearth_energy_graph_get_summary (HEARTH_ENERGY_GRAPH (graph)));
  window = show (graph, 360, FALSE);
  g_assert_cmpint (gtk_widget_get_width (graph), ==, 360);
  hearth_ui_save_png (window, "energy-graph-empty.png");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The summary a screen reader reads, as the issue asks for it */
static void
test_summary (void)
{
  GtkWidget *graph = hearth_energy_graph_new ();
  g_autoptr(GArray) points = points_new ();
  GtkWidget *window;

  add_point (points, T0 + 3600, 40);
  add_point (points, T0 + 3660, 1200);
  add_point (points, T0 + 3720, 42);
  add_point (points, T0 + 3780, 40);
  add_point (points, T0 + 3840, 40);
  g_array_index (points, HearthHistoryPoint, 1).peak_time = T0 + 19 * 3600 + 4 * 60;
  g_array_index (points, HearthHistoryPoint, 1).value = 48;
  g_array_index (points, HearthHistoryPoint, 1).peak = 1234;
  hearth_energy_graph_set_points (HEARTH_ENERGY_GRAPH (graph), points, T0, T0 + 86400, 60, "W");
  g_assert_cmpstr (hearth_energy_graph_get_summary (HEARTH_ENERGY_GRAPH (graph)), ==,
                   "Average 42 W, peak 1.2 kW at 19:04");
  window = show (graph, 640, TRUE);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Whatever the points (one alone, before the start, far over the top,
 * below zero, kilowatts, a width too small): drawn without a warning */
static void
test_odd_points (void)
{
  const int widths[] = { 360, 120, 900 };

  for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
    for (int dark = 0; dark <= 1; dark++)
      {
        GtkWidget *graph = hearth_energy_graph_new ();
        g_autoptr(GArray) points = points_new ();
        GtkWidget *window;

        add_point (points, T0 - 7200, 5);
        add_point (points, T0 + 60, 0);
        add_point (points, T0 + 600, -3);
        add_point (points, T0 + 3600, 3.5e6);
        add_point (points, T0 + 3660, 2200);
        add_point (points, T0 + 86400 + 60, 7);
        hearth_energy_graph_set_points (HEARTH_ENERGY_GRAPH (graph), points, T0, T0 + 86400, 60, "W");
        g_assert_nonnull (strstr (hearth_energy_graph_get_summary (HEARTH_ENERGY_GRAPH (graph)), "MW"));
        window = show (graph, widths[w], dark);
        gtk_window_destroy (GTK_WINDOW (window));

        /* and an empty span */
        graph = hearth_energy_graph_new ();
        hearth_energy_graph_set_points (HEARTH_ENERGY_GRAPH (graph), points, T0, T0, 3600, NULL);
        window = show (graph, widths[w], dark);
        gtk_window_destroy (GTK_WINDOW (window));
      }
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_setenv ("TZ", "UTC", TRUE);
  gtk_disable_setlocale ();
  g_test_init (&argc, &argv, NULL);
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  app = hearth_ui_application_new ("io.github.hearthapp.Hearth.EnergyGraph");

  g_test_add_func ("/energy-graph/empty", test_empty);
  g_test_add_func ("/energy-graph/summary", test_summary);
  g_test_add_func ("/energy-graph/odd-points", test_odd_points);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
