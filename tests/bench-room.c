/* bench-room.c: how long a room's "all off" takes against one device
 * alone (issue 11's note; not a test). Starts hearth-sim ($HEARTH_SIM,
 * default the build's) with N simulated lights answering after LATENCY ms
 * each, puts them in one room of a store of its own, and times, R times
 * each, alternating off and on: hearth_home_apply_async() on the room's
 * group (hearth_home_dup_group()), then on one light alone. Prints
 * "key value" lines:
 *
 *   bench-room [--devices N] [--latency MS] [--rounds R]
 *     devices, latency_ms
 *     group_ms   the median of the room's rounds
 *     single_ms  the median of one light's rounds
 *     ratio      group_ms / single_ms (1.0: the room takes as long as
 *                its slowest light; N: one light after another)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <glib/gstdio.h>

#include "hearth-test-utils.h"

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (GArray *values)
{
  g_array_sort (values, compare_doubles);
  return g_array_index (values, double, values->len / 2);
}

/* One apply, timed; fails the benchmark when it fails */
static double
timed_apply (HearthHome *home,
             GPtrArray  *controls,
             gboolean    on)
{
  g_autoptr(HearthChange) change = hearth_change_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start;

  hearth_change_parse_action (change, on ? "on" : "off", NULL);
  start = g_get_monotonic_time ();
  hearth_home_apply_async (home, controls, change, NULL, hearth_test_store_result, &result);
  hearth_test_await_result (&result, 60000);
  if (!hearth_home_apply_finish (home, result, &error))
    g_error ("Applying failed: %s", error->message);
  return (g_get_monotonic_time () - start) / 1000.0;
}

typedef struct
{
  guint          pending;
  GPtrArray     *devices;
} Adding;

static void
on_host_added (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Adding *adding = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) keyring_error = NULL;
  HearthDevice *device;

  device = hearth_home_add_host_finish (HEARTH_HOME (source), result, &keyring_error, &error);
  if (device == NULL)
    g_error ("A simulated light was not added: %s", error->message);
  g_ptr_array_add (adding->devices, device);
  adding->pending--;
}

static gboolean
all_added (gpointer data)
{
  return ((Adding *) data)->pending == 0;
}

static gboolean
all_online (gpointer data)
{
  GPtrArray *devices = data;

  for (guint i = 0; i < devices->len; i++)
    {
      if (hearth_device_get_state (g_ptr_array_index (devices, i)) != HEARTH_DEVICE_STATE_ONLINE)
        return FALSE;
    }
  return TRUE;
}

int
main (int    argc,
      char **argv)
{
  int n_devices = 12;
  int latency = 300;
  int rounds = 5;
  const GOptionEntry entries[] = {
    { "devices", 0, 0, G_OPTION_ARG_INT, &n_devices, "Lights in the room (12)", "N" },
    { "latency", 0, 0, G_OPTION_ARG_INT, &latency, "Milliseconds each light takes to answer (300)", "MS" },
    { "rounds", 0, 0, G_OPTION_ARG_INT, &rounds, "Times to switch each (5)", "R" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— a room's \"all off\" against one light");
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *path = NULL;
  g_autofree char *n_text = NULL;
  g_autofree char *latency_text = NULL;
  g_autoptr(HearthStore) store = NULL;
  g_autoptr(HearthHome) home = NULL;
  g_autoptr(GPtrArray) group = NULL;
  g_autoptr(GPtrArray) one = g_ptr_array_new ();
  g_autoptr(GArray) group_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) single_ms = g_array_new (FALSE, FALSE, sizeof (double));
  Adding adding = { 0 };
  HearthTestSim *sim;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) ||
      n_devices < 1 || n_devices > 500 || latency < 0 || latency > 10000 || rounds < 1)
    {
      g_printerr ("bench-room: %s\n", error != NULL ? error->message : "values out of range");
      return 2;
    }
  if (g_getenv ("HEARTH_SIM") == NULL)
    g_setenv ("HEARTH_SIM", BENCH_HEARTH_SIM, TRUE);
  hearth_home_raise_file_limit ();

  folder = g_dir_make_tmp ("bench-room-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (folder, "home.json", NULL);
  store = hearth_store_new (path);
  hearth_store_load (store, NULL);
  home = hearth_home_new (hearth_drivers_new_all ());
  hearth_home_set_store (home, store);

  n_text = g_strdup_printf ("%d", n_devices);
  latency_text = g_strdup_printf ("%d", latency);
  sim = hearth_test_sim_start ("--elgato", n_text, "--latency", latency_text, NULL);

  /* Every light added at once, then in the room */
  adding.devices = g_ptr_array_new_with_free_func (g_object_unref);
  adding.pending = hearth_test_sim_get_n_devices (sim);
  for (guint i = 0; i < hearth_test_sim_get_n_devices (sim); i++)
    {
      const HearthTestSimDevice *sim_device = hearth_test_sim_get_device (sim, i);
      g_autoptr(HearthHost) host = hearth_host_new (sim_device->host, sim_device->port);

      hearth_home_add_host_async (home, host, NULL, NULL, NULL, on_host_added, &adding);
    }
  if (!hearth_test_await (all_added, &adding, 120000) ||
      !hearth_test_await (all_online, adding.devices, 60000))
    g_error ("The simulated lights did not come online");
  for (guint i = 0; i < adding.devices->len; i++)
    {
      HearthDevice *device = g_ptr_array_index (adding.devices, i);
      HearthControl *control = hearth_test_first_control (device);
      g_autofree char *key = hearth_store_key (hearth_device_get_id (device),
                                               hearth_control_get_id (control));

      hearth_store_set_room (store, key, "Bench");
    }
  group = hearth_home_dup_group (home, "Bench", HEARTH_GROUP_SWITCHABLE);
  if ((int) group->len != n_devices)
    g_error ("The room holds %u lights, not %d", group->len, n_devices);
  g_ptr_array_add (one, g_ptr_array_index (group, 0));

  for (int i = 0; i < rounds; i++)
    {
      double group_time = timed_apply (home, group, i % 2 != 0);
      double single_time = timed_apply (home, one, i % 2 == 0);

      g_array_append_val (group_ms, group_time);
      g_array_append_val (single_ms, single_time);
    }

  printf ("devices %d\nlatency_ms %d\n", n_devices, latency);
  printf ("group_ms %.1f\nsingle_ms %.1f\nratio %.2f\n",
          median (group_ms), median (single_ms), median (group_ms) / median (single_ms));

  g_clear_pointer (&group, g_ptr_array_unref);
  g_clear_pointer (&one, g_ptr_array_unref);
  g_clear_pointer (&adding.devices, g_ptr_array_unref);
  g_clear_object (&home);
  hearth_test_sim_stop (sim);
  g_clear_object (&store);
  g_unlink (path);
  g_rmdir (folder);
  return 0;
}
