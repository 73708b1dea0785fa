/* test-link.c: what every family's link shares, against hearth-sim
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hearth-test-utils.h"

typedef struct
{
  HearthTestSim             *sim;
  const HearthTestSimDevice *sim_device;
  HearthHome                *home;
  HearthDevice              *device;
  HearthLink                *link;
} Fixture;

static gboolean
device_online (gpointer data)
{
  return hearth_device_get_available (HEARTH_DEVICE (data));
}

static void
set_up (Fixture       *fixture,
        gconstpointer  data)
{
  const char *family = data;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  /* Slow answers, so that changes really wait behind each other */
  fixture->sim = hearth_test_sim_start ("--latency", "300", "--device", family, NULL);
  fixture->sim_device = hearth_test_sim_find (fixture->sim, family);
  fixture->home = hearth_home_new (hearth_drivers_new_all ());

  hearth_home_add_address_async (fixture->home, fixture->sim_device->host, fixture->sim_device->port,
                                 NULL, hearth_test_store_result, &result);
  fixture->device = hearth_home_add_address_finish (fixture->home,
                                                    hearth_test_await_result (&result, 15000),
                                                    &error);
  g_assert_no_error (error);
  g_assert_true (hearth_test_await (device_online, fixture->device, 15000));
  fixture->link = hearth_home_get_link (fixture->home, fixture->device);
}

static void
tear_down (Fixture       *fixture,
           gconstpointer  data)
{
  g_clear_object (&fixture->device);
  g_assert_finalize_object (fixture->home);
  hearth_test_sim_stop (fixture->sim);
}

static gboolean
apply (Fixture     *fixture,
       const char  *control_id,
       const char  *action,
       GError     **error)
{
  g_autoptr(HearthChange) change = hearth_change_new ();
  g_autoptr(GAsyncResult) result = NULL;

  g_assert_true (hearth_change_parse_action (change, action, NULL));
  hearth_link_apply_async (fixture->link, control_id, change, NULL, hearth_test_store_result, &result);
  return hearth_link_apply_finish (fixture->link, hearth_test_await_result (&result, 15000), error);
}

static void
test_toggle (Fixture       *fixture,
             gconstpointer  data)
{
  HearthControl *light = hearth_device_find_control (fixture->device, "light");
  gboolean before = hearth_control_get_on (light);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) state = NULL;

  g_assert_true (apply (fixture, "light", "toggle", &error));
  g_assert_no_error (error);
  g_assert_cmpint (hearth_control_get_on (light), ==, !before);

  state = hearth_test_sim_get_state (fixture->sim_device);
  g_assert_cmpint (hearth_json_get_bool (json_node_get_object (state), "on", before), ==, !before);
}

static void
on_applied_expect_error (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  GError **error = user_data;

  g_assert_false (hearth_link_apply_finish (HEARTH_LINK (object), result, error));
  g_assert_nonnull (*error);
}

static gboolean
error_is_set (gpointer data)
{
  return *(GError **) data != NULL;
}

static void
test_rollback (Fixture       *fixture,
               gconstpointer  data)
{
  HearthControl *light = hearth_device_find_control (fixture->device, "light");
  int before = hearth_control_get_brightness (light);
  int wanted = before == 20 ? 80 : 20;
  g_autoptr(HearthChange) change = hearth_change_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) state = NULL;

  hearth_test_sim_misbehave (fixture->sim_device, "error");

  change->fields = HEARTH_CHANGE_BRIGHTNESS;
  change->brightness = wanted;
  hearth_link_apply_async (fixture->link, "light", change, NULL, on_applied_expect_error, &error);

  /* Shown at once... */
  g_assert_cmpint (hearth_control_get_brightness (light), ==, wanted);
  /* ...and back to what the device really has when it refuses. */
  g_assert_true (hearth_test_await (error_is_set, &error, 15000));
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_HTTP_STATUS);
  g_assert_cmpint (hearth_control_get_brightness (light), ==, before);

  hearth_test_sim_misbehave (fixture->sim_device, "none");
  state = hearth_test_sim_get_state (fixture->sim_device);
  g_assert_cmpint ((hearth_json_get_int (json_node_get_object (state), "bri", -1) * 100 + 127) / 255, ==, before);
}

static void
test_bad_requests (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) not_found = NULL;
  g_autoptr(GError) unsupported = NULL;
  g_autoptr(GError) invalid = NULL;
  guint requests;

  hearth_test_sim_reset_stats (fixture->sim_device);

  g_assert_false (apply (fixture, "light:7", "on", &not_found));
  g_assert_error (not_found, HEARTH_ERROR, HEARTH_ERROR_NOT_FOUND);
  g_assert_false (apply (fixture, "light", "position=10", &unsupported));
  g_assert_error (unsupported, HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED);
  g_assert_false (apply (fixture, "light", "effect=No Such Effect", &invalid));
  g_assert_error (invalid, HEARTH_ERROR, HEARTH_ERROR_INVALID);

  /* Refused before anything was sent. */
  hearth_test_sim_get_stats (fixture->sim_device, &requests, NULL);
  g_assert_cmpuint (requests, ==, 0);
}

static gboolean
never (gpointer data)
{
  return FALSE;
}

typedef struct
{
  guint done;
} Count;

static void
on_applied_count (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Count *count = user_data;

  g_assert_true (hearth_link_apply_finish (HEARTH_LINK (object), result, NULL));
  count->done++;
}

static gboolean
two_done (gpointer data)
{
  return ((Count *) data)->done == 2;
}

/* A push of older state while a change is on its way does not make the
 * control jump back; the device ends at the last value asked for. */
static void
test_push_keeps_pending (Fixture       *fixture,
                         gconstpointer  data)
{
  HearthControl *light = hearth_device_find_control (fixture->device, "light");
  g_autoptr(HearthChange) first = hearth_change_new ();
  g_autoptr(HearthChange) second = hearth_change_new ();
  g_autoptr(JsonNode) state = NULL;
  Count count = { 0 };

  first->fields = second->fields = HEARTH_CHANGE_BRIGHTNESS;
  first->brightness = 10;
  second->brightness = 20;
  hearth_link_apply_async (fixture->link, "light", first, NULL, on_applied_count, &count);
  hearth_link_apply_async (fixture->link, "light", second, NULL, on_applied_count, &count);

  /* Someone at the device sets 90 %: the push arrives while ours wait. */
  hearth_test_sim_set_state (fixture->sim_device, "{\"on\":true,\"bri\":230}");
  hearth_test_await (never, NULL, 100);
  g_assert_cmpint (hearth_control_get_brightness (light), ==, 20);

  g_assert_true (hearth_test_await (two_done, &count, 15000));
  hearth_test_await (never, NULL, 200);
  g_assert_cmpint (hearth_control_get_brightness (light), ==, 20);
  state = hearth_test_sim_get_state (fixture->sim_device);
  g_assert_cmpint (hearth_json_get_int (json_node_get_object (state), "bri", -1), ==, 51);
}

static void
test_not_started (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  hearth_link_stop (fixture->link);
  g_assert_false (apply (fixture, "light", "on", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/link/toggle", Fixture, "wled", set_up, test_toggle, tear_down);
  g_test_add ("/link/rollback", Fixture, "wled", set_up, test_rollback, tear_down);
  g_test_add ("/link/bad-requests", Fixture, "wled", set_up, test_bad_requests, tear_down);
  g_test_add ("/link/push-keeps-pending", Fixture, "wled", set_up, test_push_keeps_pending, tear_down);
  g_test_add ("/link/not-started", Fixture, "wled", set_up, test_not_started, tear_down);

  return g_test_run ();
}
