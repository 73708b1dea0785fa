/* test-burst.c: a slider dragged fast must not flood a small device
 *
 * 100 brightness changes in a burst reach the device as a handful of
 * requests, never more than one in flight, ending at the last value.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hearth-test-utils.h"

#define BURST 100

typedef struct
{
  const char *sim_device;   /* --device argument */
  const char *family;
  const char *control_id;
} BurstCase;

static const BurstCase cases[] = {
  { "shelly:dimmer", "shelly", "light:0" },
  { "wled", "wled", "light" },
  { "elgato", "elgato", "light:0" },
};

typedef struct
{
  guint done;
  guint failed;
} Counter;

static void
on_applied (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Counter *counter = user_data;
  g_autoptr(GError) error = NULL;

  if (!hearth_link_apply_finish (HEARTH_LINK (object), result, &error))
    {
      g_test_message ("change failed: %s", error->message);
      counter->failed++;
    }
  counter->done++;
}

static gboolean
all_done (gpointer data)
{
  return ((Counter *) data)->done == BURST;
}

static gboolean
never (gpointer data)
{
  return FALSE;
}

static gboolean
device_online (gpointer data)
{
  return hearth_device_get_available (HEARTH_DEVICE (data));
}

/* The brightness the simulated device itself holds, in percent */
static int
sim_brightness (const HearthTestSimDevice *sim_device,
                const char                *family)
{
  g_autoptr(JsonNode) state = hearth_test_sim_get_state (sim_device);
  JsonObject *root = json_node_get_object (state);

  if (g_str_equal (family, "shelly"))
    return hearth_json_get_int (hearth_json_get_object (root, "light:0"), "brightness", -1);
  if (g_str_equal (family, "wled"))
    return (int) (hearth_json_get_int (root, "bri", -1) * 100 + 127) / 255;
  if (g_str_equal (family, "elgato"))
    return hearth_json_get_int (hearth_json_array_get_object (hearth_json_get_array (root, "lights"), 0),
                                "brightness", -1);
  g_assert_not_reached ();
}

static void
test_burst (gconstpointer data)
{
  const BurstCase *burst = data;
  g_autoptr(HearthHome) home = hearth_home_new (hearth_drivers_new_all ());
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(HearthDevice) device = NULL;
  g_autoptr(GError) error = NULL;
  const HearthTestSimDevice *sim_device;
  HearthTestSim *sim;
  HearthControl *control;
  HearthLink *link;
  Counter counter = { 0 };
  guint requests, max_in_flight;
  int last = -1;

  sim = hearth_test_sim_start ("--device", burst->sim_device, NULL);
  sim_device = hearth_test_sim_find (sim, burst->family);
  g_assert_nonnull (sim_device);

  hearth_home_add_address_async (home, sim_device->host, sim_device->port, NULL,
                                 hearth_test_store_result, &result);
  device = hearth_home_add_address_finish (home, hearth_test_await_result (&result, 15000), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (hearth_device_get_family (device), ==, burst->family);
  g_assert_true (hearth_test_await (device_online, device, 15000));

  link = hearth_home_get_link (home, device);
  control = hearth_device_find_control (device, burst->control_id);
  g_assert_nonnull (control);

  /* Let the first read and the push channel settle, then count from zero. */
  hearth_test_await (never, NULL, 500);
  hearth_test_sim_reset_stats (sim_device);

  for (guint i = 0; i < BURST; i++)
    {
      g_autoptr(HearthChange) change = hearth_change_new ();

      change->fields = HEARTH_CHANGE_BRIGHTNESS;
      change->brightness = last = 1 + (int) ((i * 37) % 100);
      hearth_link_apply_async (link, burst->control_id, change, NULL, on_applied, &counter);
    }

  /* The model shows the last value at once, before the device answered. */
  g_assert_cmpint (hearth_control_get_brightness (control), ==, last);

  g_assert_true (hearth_test_await (all_done, &counter, 20000));
  g_assert_cmpuint (counter.failed, ==, 0);

  hearth_test_sim_get_stats (sim_device, &requests, &max_in_flight);
  g_test_message ("%s: %d changes became %u requests, at most %u in flight",
                  burst->family, BURST, requests, max_in_flight);
  g_assert_cmpuint (max_in_flight, ==, 1);
  g_assert_cmpuint (requests, >=, 1);
  g_assert_cmpuint (requests, <=, 5);

  g_assert_cmpint (sim_brightness (sim_device, burst->family), ==, last);
  g_assert_cmpint (hearth_control_get_brightness (control), ==, last);

  g_clear_object (&home);
  hearth_test_sim_stop (sim);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/burst/%s", cases[i].family);
      g_test_add_data_func (path, &cases[i], test_burst);
    }

  return g_test_run ();
}
