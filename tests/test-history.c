/* test-history.c: HearthHistory (power readings over time, on disk) and
 * the home recording a device's power into it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>

#include "hearth-test-utils.h"

/* Tuesday 2026-12-01 00:00 UTC */
#define T0 ((gint64) 1796083200)

typedef struct
{
  HearthTestFolder files;
  HearthHistory   *history;
  gint64           now;
} Fixture;

static gint64
fixture_clock (gpointer user_data)
{
  Fixture *fixture = user_data;

  return fixture->now;
}

static void
set_up (Fixture       *fixture,
        gconstpointer  data)
{
  hearth_test_folder_set_up (&fixture->files, "hearth-history", "history.bin");
  fixture->history = hearth_history_new (fixture->files.path);
  fixture->now = T0;
  hearth_history_set_clock (fixture->history, fixture_clock, fixture);
}

static void
tear_down (Fixture       *fixture,
           gconstpointer  data)
{
  g_assert_finalize_object (fixture->history);
  hearth_test_folder_tear_down (&fixture->files);
}

static GArray *
series (Fixture                 *fixture,
        const char              *control_id,
        gint64                   since,
        HearthHistoryResolution  resolution)
{
  return hearth_history_dup_series (fixture->history, "dev", control_id, since, resolution);
}

#define POINT(points, i) (&g_array_index ((points), HearthHistoryPoint, (i)))

/* A minute is the average of what it got; a minute without anything is a
 * gap, left out */
static void
test_minutes (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GArray) points = NULL;

  hearth_history_record_at (fixture->history, "dev", "power", 10, T0 + 5);
  hearth_history_record_at (fixture->history, "dev", "power", 30, T0 + 50);
  hearth_history_record_at (fixture->history, "dev", "power", NAN, T0 + 55);
  hearth_history_record_at (fixture->history, "dev", "power", 100, T0 + 180);
  /* The clock went back: kept as it was */
  hearth_history_record_at (fixture->history, "dev", "power", 5000, T0 + 70);
  fixture->now = T0 + 200;

  points = series (fixture, "power", T0 - 3600, HEARTH_HISTORY_MINUTE);
  g_assert_cmpuint (points->len, ==, 2);
  g_assert_cmpint (POINT (points, 0)->time, ==, T0);
  g_assert_cmpfloat_with_epsilon (POINT (points, 0)->value, 20, 1e-6);
  g_assert_cmpint (POINT (points, 1)->time, ==, T0 + 180);
  g_assert_cmpfloat_with_epsilon (POINT (points, 1)->value, 100, 1e-6);
  g_clear_pointer (&points, g_array_unref);

  /* @since cuts */
  points = series (fixture, "power", T0 + 60, HEARTH_HISTORY_MINUTE);
  g_assert_cmpuint (points->len, ==, 1);
  g_clear_pointer (&points, g_array_unref);

  /* Another reading, another series */
  points = series (fixture, "power2", T0 - 3600, HEARTH_HISTORY_MINUTE);
  g_assert_cmpuint (points->len, ==, 0);
}

/* An hour is the average of its minutes, with its peak and when */
static void
test_hours (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GArray) points = NULL;

  for (int m = 0; m < 180; m++)
    hearth_history_record_at (fixture->history, "dev", "power",
                              m == 75 ? 1200 : (m < 60 ? 40 : 60), T0 + m * 60);
  fixture->now = T0 + 180 * 60;

  points = series (fixture, "power", T0, HEARTH_HISTORY_HOUR);
  g_assert_cmpuint (points->len, ==, 3);
  g_assert_cmpint (POINT (points, 0)->time, ==, T0);
  g_assert_cmpfloat_with_epsilon (POINT (points, 0)->value, 40, 1e-4);
  g_assert_cmpfloat_with_epsilon (POINT (points, 1)->value, (59 * 60 + 1200) / 60.0, 1e-3);
  g_assert_cmpfloat_with_epsilon (POINT (points, 1)->peak, 1200, 1e-4);
  g_assert_cmpint (POINT (points, 1)->peak_time, ==, T0 + 75 * 60);
  g_assert_cmpfloat_with_epsilon (POINT (points, 2)->value, 60, 1e-4);
}

/* Minutes are kept 48 hours, hours 90 days */
static void
test_rings (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GArray) minutes = NULL;
  g_autoptr(GArray) hours = NULL;
  gint64 end = T0 + (gint64) 100 * 24 * 3600;

  for (gint64 t = T0; t < end; t += 600)
    hearth_history_record_at (fixture->history, "dev", "power", 50, t);
  fixture->now = end;

  minutes = series (fixture, "power", T0, HEARTH_HISTORY_MINUTE);
  g_assert_cmpuint (minutes->len, ==, 48 * 6);
  g_assert_cmpint (POINT (minutes, 0)->time, >=, end - 48 * 3600);
  hours = series (fixture, "power", T0, HEARTH_HISTORY_HOUR);
  g_assert_cmpuint (hours->len, ==, 90 * 24);
  g_assert_cmpint (POINT (hours, 0)->time, ==, end - 90 * 24 * 3600);
  g_clear_pointer (&hours, g_array_unref);

  /* A long silence leaves gaps, not old values in new places */
  fixture->now = end + 50 * 24 * 3600;
  hearth_history_record_at (fixture->history, "dev", "power", 70, fixture->now);
  hours = series (fixture, "power", T0, HEARTH_HISTORY_HOUR);
  /* the last 40 days: 959 hours of the old (its last hour is the silence's first), 1 new */
  g_assert_cmpuint (hours->len, ==, (90 - 50) * 24);
  g_assert_cmpfloat_with_epsilon (POINT (hours, hours->len - 1)->value, 70, 1e-6);
}

static void
assert_same (HearthHistory *a,
             HearthHistory *b)
{
  g_autoptr(GBytes) bytes_a = hearth_history_to_bytes (a);
  g_autoptr(GBytes) bytes_b = hearth_history_to_bytes (b);

  g_assert_true (g_bytes_equal (bytes_a, bytes_b));
}

/* 20 readings, a value every minute for 90 days: the file stays small and
 * reads back the same */
static void
test_size (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(HearthHistory) again = hearth_history_new (fixture->files.path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) hours = NULL;
  g_auto(GStrv) keys = NULL;
  gint64 end = T0 + (gint64) 90 * 24 * 3600;
  GStatBuf buf;

  for (gint64 t = T0; t < end; t += 60)
    for (guint i = 0; i < 20; i++)
      {
        char control_id[16];

        g_snprintf (control_id, sizeof control_id, "switch:%u", i);
        hearth_history_record_at (fixture->history, "shellyplus1pm-a8032ab12345", control_id,
                                  i * 10 + (t / 60) % 100, t);
      }
  fixture->now = end;

  g_assert_true (hearth_history_flush (fixture->history, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (fixture->files.path, &buf), ==, 0);
  g_test_message ("history of 20 readings after 90 days: %" G_GINT64_FORMAT " bytes",
                  (gint64) buf.st_size);
  g_assert_cmpint (buf.st_size, <=, 640 * 1024);

  /* A day more leaves it the same size: rings */
  for (gint64 t = end; t < end + 24 * 3600; t += 60)
    for (guint i = 0; i < 20; i++)
      {
        char control_id[16];

        g_snprintf (control_id, sizeof control_id, "switch:%u", i);
        hearth_history_record_at (fixture->history, "shellyplus1pm-a8032ab12345", control_id, 5, t);
      }
  {
    g_autoptr(GBytes) bytes = hearth_history_to_bytes (fixture->history);

    g_assert_cmpint (g_bytes_get_size (bytes), ==, buf.st_size);
  }

  g_assert_true (hearth_history_load (again, &error));
  g_assert_no_error (error);
  keys = hearth_history_dup_keys (again);
  g_assert_cmpuint (g_strv_length (keys), ==, 20);
  hearth_history_set_clock (again, fixture_clock, fixture);
  hours = hearth_history_dup_series (again, "shellyplus1pm-a8032ab12345", "switch:3",
                                     T0, HEARTH_HISTORY_HOUR);
  g_assert_cmpuint (hours->len, ==, 90 * 24);
}

/* Written off the main thread a while after a change, and read back */
static void
test_write (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(HearthHistory) again = hearth_history_new (fixture->files.path);
  g_autoptr(GError) error = NULL;
  HearthHistory *history = fixture->history;

  hearth_history_set_write_delay (history, 0);
  hearth_history_record (history, "dev", "power", 42);
  g_assert_false (g_file_test (fixture->files.path, G_FILE_TEST_EXISTS));
  while (hearth_history_get_writes (history) < 1)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (g_file_test (fixture->files.path, G_FILE_TEST_EXISTS));

  g_assert_true (hearth_history_load (again, &error));
  g_assert_no_error (error);
  assert_same (history, again);

  /* Nothing new: the flush writes nothing */
  g_assert_true (hearth_history_flush (history, &error));
  g_assert_cmpuint (hearth_history_get_writes (history), ==, 1);

  hearth_history_forget_device (history, "dev");
  g_assert_true (hearth_history_flush (history, &error));
  g_assert_true (hearth_history_load (again, &error));
  g_assert_cmpuint (g_strv_length (hearth_history_dup_keys (again)), ==, 0);
}

static void
expect_broken (Fixture      *fixture,
               const guint8 *data,
               gsize         length)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_bytes_new (data, length);
  g_auto(GStrv) keys = NULL;

  g_assert_false (hearth_history_load_bytes (fixture->history, bytes, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL);
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (fixture->files.path, (const char *) data, length, NULL));
  g_assert_false (hearth_history_load (fixture->history, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, fixture->files.path));
  keys = hearth_history_dup_keys (fixture->history);
  g_assert_cmpuint (g_strv_length (keys), ==, 0);
}

/* Whatever is in the file: an error and an empty history */
static void
test_broken (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GBytes) good = NULL;
  g_autofree guint8 *copy = NULL;
  const guint8 *bytes;
  gsize length;
  guint32 value;

  hearth_history_record_at (fixture->history, "dev", "power", 42, T0);
  hearth_history_record_at (fixture->history, "dev", "power:1", 7, T0);
  good = hearth_history_to_bytes (fixture->history);
  bytes = g_bytes_get_data (good, &length);
  copy = g_memdup2 (bytes, length);

  expect_broken (fixture, (const guint8 *) "", 0);
  expect_broken (fixture, (const guint8 *) "{\"json\": true}", 14);
  /* Cut short anywhere, or something after it */
  expect_broken (fixture, bytes, 12);
  expect_broken (fixture, bytes, 20);
  expect_broken (fixture, bytes, length / 2);
  expect_broken (fixture, bytes, length - 1);
  {
    g_autofree guint8 *longer = g_malloc0 (length + 1);

    memcpy (longer, bytes, length);
    expect_broken (fixture, longer, length + 1);
  }
  /* Another version */
  value = GUINT32_TO_LE (2);
  memcpy (copy + 8, &value, 4);
  expect_broken (fixture, copy, length);
  memcpy (copy, bytes, length);
  /* More series than there are, or than are ever kept */
  value = GUINT32_TO_LE (3);
  memcpy (copy + 12, &value, 4);
  expect_broken (fixture, copy, length);
  value = GUINT32_TO_LE (G_MAXUINT32);
  memcpy (copy + 12, &value, 4);
  expect_broken (fixture, copy, length);
  memcpy (copy, bytes, length);
  /* An id's length beyond the end */
  copy[16] = 0xff;
  copy[17] = 0xff;
  expect_broken (fixture, copy, length);
  memcpy (copy, bytes, length);
  /* The same reading twice: the second one's id made the first's */
  {
    g_autoptr(HearthHistory) two = hearth_history_new (NULL);
    g_autoptr(GBytes) twice = NULL;
    g_autofree guint8 *same = NULL;
    gsize two_length;

    hearth_history_record_at (two, "dev", "aaaa", 1, T0);
    hearth_history_record_at (two, "dev", "bbbb", 2, T0);
    twice = hearth_history_to_bytes (two);
    same = g_bytes_unref_to_data (g_bytes_ref (twice), &two_length);
    g_assert_cmpmem (same + 16 + 2 + 3 + 2, 4, "aaaa", 4);
    g_assert_cmpmem (same + two_length / 2 + 8 + 2 + 3 + 2, 4, "bbbb", 4);
    memcpy (same + two_length / 2 + 8 + 2 + 3 + 2, "aaaa", 4);
    expect_broken (fixture, same, two_length);
  }
  /* A value that is infinity */
  memcpy (copy, bytes, length);
  value = GUINT32_TO_LE (0x7f800000);
  memcpy (copy + 16 + 2 + 3 + 2 + 5 + 28 + 4 * 7, &value, 4);
  expect_broken (fixture, copy, length);
  /* A newest hour that is not the newest minute's */
  memcpy (copy, bytes, length);
  copy[16 + 2 + 3 + 2 + 5 + 20] ^= 1;
  expect_broken (fixture, copy, length);

  /* Broken or not, a missing file is an empty history */
  g_assert_cmpint (g_unlink (fixture->files.path), ==, 0);
  g_assert_true (hearth_history_load (fixture->history, NULL));
}

/* Flipping any byte of a good file never crashes, and a load that fails
 * leaves nothing */
static void
test_flips (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GBytes) good = NULL;
  g_autofree guint8 *copy = NULL;
  const guint8 *bytes;
  gsize length;

  hearth_history_record_at (fixture->history, "dev", "power", 42, T0);
  good = hearth_history_to_bytes (fixture->history);
  bytes = g_bytes_get_data (good, &length);
  copy = g_memdup2 (bytes, length);

  for (gsize i = 0; i < 64 && i < length; i++)
    {
      g_autoptr(GBytes) flipped = NULL;

      memcpy (copy, bytes, length);
      copy[i] ^= 0xa5;
      flipped = g_bytes_new (copy, length);
      if (!hearth_history_load_bytes (fixture->history, flipped, NULL))
        {
          g_auto(GStrv) keys = hearth_history_dup_keys (fixture->history);

          /* The good history stays when the load fails */
          g_assert_cmpuint (g_strv_length (keys), ==, 1);
        }
      g_assert_true (hearth_history_load_bytes (fixture->history, good, NULL));
    }
}

static void
test_summary (void)
{
  HearthHistoryPoint points[] = {
    { T0, 40, 40, T0 },
    { T0 + 60, 44, 1234, T0 + 19 * 3600 + 4 * 60 },
    { T0 + 120, 42, 42, T0 + 120 },
  };
  g_autofree char *summary = NULL;
  g_autofree char *small = NULL;

  g_assert_null (hearth_history_summarize (points, 0, "W"));
  summary = hearth_history_summarize (points, G_N_ELEMENTS (points), "W");
  g_assert_cmpstr (summary, ==, "Average 42 W, peak 1.2 kW at 19:04");
  small = hearth_history_format_value (3.4, "W");
  g_assert_cmpstr (small, ==, "3.4 W");
  g_free (small);
  small = hearth_history_format_value (3.0, "W");
  g_assert_cmpstr (small, ==, "3 W");
  g_free (small);
  small = hearth_history_format_value (12.4, "W");
  g_assert_cmpstr (small, ==, "12 W");
}

/* The home records a device's power as it changes, at the history's clock */
typedef struct
{
  HearthHistory *history;
  const char    *device_id;
  const char    *control_id;
  gint64         since;
  double         value;
} Await;

static gboolean
has_value (gpointer data)
{
  Await *await = data;
  g_autoptr(GArray) points = hearth_history_dup_series (await->history, await->device_id,
                                                        await->control_id, await->since,
                                                        HEARTH_HISTORY_MINUTE);

  return points->len > 0 &&
         fabs (POINT (points, points->len - 1)->value - await->value) < 0.01;
}

/* @device's power reading (a Shelly Plus 1PM's), and @await set to
 * wait for its points in @history from @since */
static HearthControl *
await_power_reading (Await         *await,
                     HearthHistory *history,
                     HearthDevice  *device,
                     gint64         since)
{
  GListModel *controls = hearth_device_get_controls (device);
  HearthControl *power = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (controls); i++)
    {
      g_autoptr(HearthControl) control = g_list_model_get_item (controls, i);

      if (hearth_home_is_power_reading (control))
        power = control;
    }
  g_assert_nonnull (power);
  await->history = history;
  await->device_id = hearth_device_get_id (device);
  await->control_id = hearth_control_get_id (power);
  await->since = since;
  return power;
}

static void
test_home (Fixture       *fixture,
           gconstpointer  data)
{
  HearthTestSim *sim = hearth_test_sim_start ("--shelly", "1", NULL);
  const HearthTestSimDevice *shelly = hearth_test_sim_find (sim, "shelly");
  g_autoptr(HearthHome) home = hearth_home_new (hearth_drivers_new_all ());
  g_autoptr(HearthHost) host = hearth_host_new (shelly->host, shelly->port);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(HearthDevice) device = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) points = NULL;
  HearthControl *power;
  Await await;

  hearth_home_set_history (home, fixture->history);
  g_assert_true (hearth_home_get_history (home) == fixture->history);
  hearth_home_add_address_async (home, shelly->host, shelly->port, NULL,
                                 hearth_test_store_result, &result);
  device = hearth_home_add_address_finish (home, hearth_test_await_result (&result, 20000), &error);
  g_assert_no_error (error);
  g_assert_true (hearth_test_await_state (device, HEARTH_DEVICE_STATE_ONLINE, 15000));

  power = await_power_reading (&await, fixture->history, device, T0);

  /* Off, it draws nothing: recorded as it came online, unchanged since */
  await.value = 0;
  g_assert_cmpfloat (hearth_control_get_value (power), ==, 0);
  g_assert_true (hearth_test_await (has_value, &await, 2000));

  /* A minute later, switched on at the device: it draws its load */
  fixture->now = T0 + 60;
  hearth_test_sim_set_state (shelly, "{\"switch:0\":{\"output\":true}}");
  g_assert_true (hearth_test_await_state (device, HEARTH_DEVICE_STATE_ONLINE, 15000));
  await.value = -1;
  while (hearth_control_get_value (power) <= 0)
    g_main_context_iteration (NULL, TRUE);
  await.value = hearth_control_get_value (power);
  g_assert_true (hearth_test_await (has_value, &await, 15000));

  /* Ten minutes later it is off: a point at 0 W */
  fixture->now = T0 + 600;
  hearth_test_sim_set_state (shelly, "{\"switch:0\":{\"output\":false}}");
  await.value = 0;
  g_assert_true (hearth_test_await (has_value, &await, 15000));
  points = hearth_home_dup_history (home, device, power, T0, HEARTH_HISTORY_MINUTE);
  g_assert_cmpuint (points->len, ==, 3);
  g_assert_cmpint (POINT (points, 0)->time, ==, T0);
  g_assert_cmpfloat (POINT (points, 0)->value, ==, 0);
  g_assert_cmpint (POINT (points, 1)->time, ==, T0 + 60);
  g_assert_cmpfloat (POINT (points, 1)->value, >, 0);
  g_assert_cmpint (POINT (points, 2)->time, ==, T0 + 600);

  /* Forgotten, the device's history goes with it */
  hearth_home_forget_device (home, device);
  g_clear_pointer (&points, g_array_unref);
  points = hearth_home_dup_history (home, device, power, T0, HEARTH_HISTORY_MINUTE);
  g_assert_cmpuint (points->len, ==, 0);

  g_clear_object (&home);
  hearth_test_sim_stop (sim);
}

/* hearthctl history reads what a home recorded from hearth-sim, from the
 * file beside the store ($HEARTH_STORE) */
static int
hearthctl (const char  *store_path,
           char       **out,
           const char  *first_arg,
           ...)
{
  g_autoptr(GSubprocessLauncher) launcher = hearth_test_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  va_list ap;

  g_ptr_array_add (args, (char *) g_getenv ("HEARTHCTL"));
  va_start (ap, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (char *) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  g_subprocess_launcher_setenv (launcher, "HEARTH_STORE", store_path, TRUE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C", TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) args->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, out, &err, &error);
  g_assert_no_error (error);
  g_test_message ("hearthctl %s: %s%s", first_arg, *out, err);
  return g_subprocess_get_exit_status (process);
}

static void
test_hearthctl (Fixture       *fixture,
                gconstpointer  data)
{
  HearthTestSim *sim = hearth_test_sim_start ("--shelly", "1", NULL);
  const HearthTestSimDevice *shelly = hearth_test_sim_find (sim, "shelly");
  g_autofree char *store_path = g_build_filename (fixture->files.folder, "home.json", NULL);
  g_autoptr(HearthStore) store = hearth_store_new (store_path);
  g_autoptr(HearthHome) home = hearth_home_new (hearth_drivers_new_all ());
  g_autoptr(HearthHost) host = hearth_host_new (shelly->host, shelly->port);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(HearthDevice) device = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) keyring_error = NULL;
  g_autoptr(JsonNode) json = NULL;
  g_autofree char *out = NULL;
  g_autofree char *history_path = hearth_history_path_for_store (store_path);
  HearthControl *power;
  JsonObject *reading;
  JsonArray *points;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  Await await;

  /* The fixture's history is at the store's side */
  g_assert_cmpstr (history_path, ==, fixture->files.path);
  g_assert_true (hearth_store_load (store, NULL));
  hearth_home_set_store (home, store);
  hearth_home_set_history (home, fixture->history);
  fixture->now = now - 3 * 3600;

  hearth_home_add_host_async (home, host, NULL, NULL, NULL, hearth_test_store_result, &result);
  device = hearth_home_add_host_finish (home, hearth_test_await_result (&result, 20000),
                                        &keyring_error, &error);
  g_assert_no_error (error);
  g_assert_true (hearth_test_await_state (device, HEARTH_DEVICE_STATE_ONLINE, 15000));
  power = await_power_reading (&await, fixture->history, device, 0);

  /* Off as it came online three hours ago, on a minute later, off ten
   * minutes ago */
  fixture->now += 60;
  hearth_test_sim_set_state (shelly, "{\"switch:0\":{\"output\":true}}");
  while (hearth_control_get_value (power) <= 0)
    g_main_context_iteration (NULL, TRUE);
  await.value = hearth_control_get_value (power);
  g_assert_true (hearth_test_await (has_value, &await, 15000));
  fixture->now = now - 600;
  hearth_test_sim_set_state (shelly, "{\"switch:0\":{\"output\":false}}");
  await.value = 0;
  g_assert_true (hearth_test_await (has_value, &await, 15000));
  g_assert_true (hearth_history_flush (fixture->history, &error));
  g_assert_no_error (error);
  /* Known by name, as hearthctl add or the app keeps it */
  hearth_store_remember_device (store, device);
  g_clear_object (&home);
  g_assert_true (hearth_store_flush (store, &error));
  g_assert_no_error (error);

  /* By id, as JSON: the three points */
  g_assert_cmpint (hearthctl (store_path, &out, "history", hearth_device_get_id (device), "--json", NULL), ==, 0);
  json = hearth_json_parse (out, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (hearth_json_get_text (json_node_get_object (json), "device"), ==,
                   hearth_device_get_id (device));
  reading = hearth_json_array_get_object (json_object_get_array_member (json_node_get_object (json),
                                                                        "readings"), 0);
  g_assert_nonnull (reading);
  g_assert_cmpstr (hearth_json_get_text (reading, "control"), ==, hearth_control_get_id (power));
  g_assert_cmpstr (hearth_json_get_text (reading, "resolution"), ==, "minute");
  points = json_object_get_array_member (reading, "points");
  g_assert_cmpuint (json_array_get_length (points), ==, 3);
  g_assert_cmpfloat (hearth_json_get_double (hearth_json_array_get_object (points, 0), "value", -1), ==, 0);
  g_assert_cmpfloat (hearth_json_get_double (hearth_json_array_get_object (points, 1), "value", -1), >, 0);
  g_assert_cmpfloat (hearth_json_get_double (hearth_json_array_get_object (points, 2), "value", -1), ==, 0);
  g_clear_pointer (&out, g_free);

  /* By name and control, the last hour, as CSV: the point at 0 W alone */
  g_assert_cmpint (hearthctl (store_path, &out, "history", hearth_device_get_name (device),
                              hearth_control_get_id (power), "--since", "1h", "--csv", NULL), ==, 0);
  g_assert_true (g_str_has_prefix (out, "device,control,time,value,peak\n"));
  g_assert_cmpuint (g_strv_length (g_strsplit (out, "\n", -1)), ==, 3);
  g_assert_nonnull (strstr (out, ",0.00,0.00\n"));
  g_clear_pointer (&out, g_free);

  /* As text: the summary first; by the week, hours */
  g_assert_cmpint (hearthctl (store_path, &out, "history", hearth_device_get_id (device), NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Average "));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (hearthctl (store_path, &out, "history", hearth_device_get_id (device),
                              "--since", "7d", "--json", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "\"resolution\" : \"hour\""));
  g_clear_pointer (&out, g_free);

  /* Nothing of that name: 1; wrong words: 2 */
  g_assert_cmpint (hearthctl (store_path, &out, "history", "no-such-device", NULL), ==, 1);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (hearthctl (store_path, &out, "history", hearth_device_get_id (device), "no-such-reading", NULL), ==, 1);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (hearthctl (store_path, &out, "history", hearth_device_get_id (device), "--since", "yesterday", NULL), ==, 2);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (hearthctl (store_path, &out, "history", NULL), ==, 2);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (hearthctl (store_path, &out, "history", "x", "--json", "--csv", NULL), ==, 2);
  g_clear_pointer (&out, g_free);

  /* A damaged file: said, 1 */
  g_assert_true (g_file_set_contents (history_path, "HEARTHHI\1\0\0\0\xff", 13, NULL));
  g_assert_cmpint (hearthctl (store_path, &out, "history", hearth_device_get_id (device), NULL), ==, 1);

  hearth_test_sim_stop (sim);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, set_up, func, tear_down)
  ADD ("/history/minutes", test_minutes);
  ADD ("/history/hours", test_hours);
  ADD ("/history/rings", test_rings);
  ADD ("/history/size", test_size);
  ADD ("/history/write", test_write);
  ADD ("/history/broken", test_broken);
  ADD ("/history/flips", test_flips);
  ADD ("/history/home", test_home);
  ADD ("/history/hearthctl", test_hearthctl);
#undef ADD
  g_test_add_func ("/history/summary", test_summary);

  return g_test_run ();
}
