/* test-hanging.c: devices that hang must not starve those that answer
 *
 * 200 simulated devices that accept a connection and never answer, beside
 * a few healthy ones, all hosts added by hand to one HearthHome: the
 * healthy ones are identified and controlled in their usual time, well
 * within one deadline, while the hanging ones take every connection they
 * can get until their own deadlines. With the session's old limit of 64
 * connections in all, and deadlines counted from when a request was
 * queued, the healthy ones waited behind the hanging ones and timed out.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "hearth-test-utils.h"

#define N_HANGING     200
#define N_HEALTHY     3
/* "Their usual time": a few hundred ms each on loopback; well under the
 * 10 s deadline whatever the machine's load */
#define HEALTHY_MS    4000
#define CASE_DEADLINE_S 50

typedef struct
{
  HearthHome                 *home;
  const HearthTestSimDevice **healthy;
} Healthy;

static gboolean
all_healthy_online (gpointer data)
{
  Healthy *healthy = data;

  for (guint i = 0; i < N_HEALTHY; i++)
    {
      HearthDevice *device = hearth_home_lookup (healthy->home, healthy->healthy[i]->id);

      if (device == NULL ||
          hearth_device_get_state (device) != HEARTH_DEVICE_STATE_ONLINE ||
          hearth_device_find_control (device, "light") == NULL)
        return FALSE;
    }

  return TRUE;
}

static void
on_applied (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  guint *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (hearth_link_apply_finish (HEARTH_LINK (object), result, &error));
  g_assert_no_error (error);
  (*done)++;
}

static gboolean
all_applied (gpointer data)
{
  return *(guint *) data == N_HEALTHY;
}

static gboolean
never (gpointer data)
{
  return FALSE;
}

static void
test_hanging (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *store_path = NULL;
  g_autoptr(HearthStore) store = NULL;
  g_autoptr(HearthHome) home = NULL;
  g_autoptr(GTimer) timer = NULL;
  g_autofree char *n_hanging = g_strdup_printf ("%u", N_HANGING);
  g_autofree char *n_healthy = g_strdup_printf ("%u", N_HEALTHY);
  const HearthTestSimDevice *healthy[N_HEALTHY];
  HearthTestSim *sim;
  Healthy data;
  guint n_found = 0;
  guint applied = 0;
  double online_s, applied_s;

  hearth_test_set_deadline (CASE_DEADLINE_S);

  /* Hanging: Elgato lights; healthy: WLEDs (each family probed in turn at
   * a host added by hand, so the healthy ones wait for no probe of theirs) */
  sim = hearth_test_sim_start ("--elgato", n_hanging, "--wled", n_healthy, NULL);
  g_assert_cmpuint (hearth_test_sim_get_n_devices (sim), ==, N_HANGING + N_HEALTHY);

  dir = g_dir_make_tmp ("hearth-hanging-XXXXXX", &error);
  g_assert_no_error (error);
  store_path = g_build_filename (dir, "home.json", NULL);
  store = hearth_store_new (store_path);

  for (guint i = 0; i < hearth_test_sim_get_n_devices (sim); i++)
    {
      const HearthTestSimDevice *device = hearth_test_sim_get_device (sim, i);

      if (g_str_equal (device->family, "elgato"))
        hearth_test_sim_misbehave (device, "hang");
      else
        healthy[n_found++] = device;
      hearth_store_add_host (store, device->host, device->port);
    }
  g_assert_cmpuint (n_found, ==, N_HEALTHY);

  home = hearth_home_new (hearth_drivers_new_all ());
  hearth_home_set_store (home, store);
  timer = g_timer_new ();
  hearth_home_start (home);

  /* Identified, online with their light */
  data.home = home;
  data.healthy = healthy;
  g_assert_true (hearth_test_await (all_healthy_online, &data, 20000));
  online_s = g_timer_elapsed (timer, NULL);
  g_test_message ("%u healthy devices online beside %u hanging ones after %.2f s",
                  N_HEALTHY, N_HANGING, online_s);
  g_assert_cmpfloat (online_s * 1000, <, HEALTHY_MS);

  /* Controlled */
  g_timer_start (timer);
  for (guint i = 0; i < N_HEALTHY; i++)
    {
      HearthDevice *device = hearth_home_lookup (home, healthy[i]->id);
      g_autoptr(HearthChange) change = hearth_change_new ();

      change->fields = HEARTH_CHANGE_BRIGHTNESS;
      change->brightness = 40;
      hearth_link_apply_async (hearth_home_get_link (home, device), "light", change,
                               NULL, on_applied, &applied);
    }
  g_assert_true (hearth_test_await (all_applied, &applied, 20000));
  applied_s = g_timer_elapsed (timer, NULL);
  g_test_message ("%u healthy devices controlled in %.2f s", N_HEALTHY, applied_s);
  g_assert_cmpfloat (applied_s * 1000, <, HEALTHY_MS);

  for (guint i = 0; i < N_HEALTHY; i++)
    {
      g_autoptr(JsonObject) state = hearth_test_sim_get_state_object (healthy[i]);

      g_assert_cmpint (json_object_get_int_member (state, "bri"), ==, (40 * 255 + 50) / 100);
    }

  /* The hanging ones are no devices, whatever answers they were waited for */
  for (guint i = 0; i < hearth_test_sim_get_n_devices (sim); i++)
    {
      const HearthTestSimDevice *device = hearth_test_sim_get_device (sim, i);

      if (g_str_equal (device->family, "elgato"))
        g_assert_null (hearth_home_lookup (home, device->id));
    }

  g_clear_object (&home);
  /* Let the cancelled requests wind down before the simulator goes */
  hearth_test_await (never, NULL, 200);
  hearth_test_sim_stop (sim);
  g_unlink (store_path);
  g_rmdir (dir);
  hearth_test_set_deadline (0);
}

int
main (int   argc,
      char *argv[])
{
  /* As the app and hearthctl do, first thing */
  hearth_http_raise_file_limit ();

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/hanging/healthy-not-starved", test_hanging);

  return g_test_run ();
}
