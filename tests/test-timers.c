/* test-timers.c: the per-device timers share one GSource, fire in the
 * order of their deadlines, repeat while asked to and can be removed from
 * anywhere, their own callback included
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hearth-test-utils.h"
#include "hearth-timers.h"

#define N_TIMERS 1000

typedef struct
{
  GArray *fired;       /* guint: which timer, in the order they fired */
  guint   index;
  guint   times;       /* how many more times it asks to be called */
  guint   remove_id;   /* a timer it removes when called, or 0 */
  guint  *own_id;      /* its own id, removed when called, or NULL */
} Tick;

static gboolean
on_tick (gpointer user_data)
{
  Tick *tick = user_data;

  g_array_append_val (tick->fired, tick->index);
  if (tick->remove_id != 0)
    hearth_timer_remove (tick->remove_id);
  if (tick->own_id != NULL)
    {
      g_clear_handle_id (tick->own_id, hearth_timer_remove);
      return G_SOURCE_CONTINUE;   /* removed: not called again all the same */
    }
  if (tick->times > 0)
    tick->times--;
  return tick->times > 0 ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static void
run_until_idle (void)
{
  while (hearth_timer_get_n_timers () > 0)
    g_main_context_iteration (NULL, TRUE);
}

/* A thousand timers: one source, each fired once, in the order of their
 * deadlines (the same deadline: in the order they were added) */
static void
test_timers_one_source (void)
{
  g_autoptr(GArray) fired = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree Tick *ticks = g_new0 (Tick, N_TIMERS);
  guint before = hearth_test_count_sources (NULL);
  guint after;

  for (guint i = 0; i < N_TIMERS; i++)
    {
      ticks[i] = (Tick) { .fired = fired, .index = i, .times = 1 };
      /* 40 ms for the first half, 20 ms for the second */
      hearth_timer_add (i < N_TIMERS / 2 ? 40 : 20, on_tick, &ticks[i]);
    }
  after = hearth_test_count_sources (NULL);
  g_test_message ("%u timers: %u sources before, %u after", N_TIMERS, before, after);
  g_assert_cmpuint (after, <=, before + 1);
  g_assert_cmpuint (hearth_timer_get_n_timers (), ==, N_TIMERS);

  run_until_idle ();
  g_assert_cmpuint (fired->len, ==, N_TIMERS);
  for (guint i = 0; i < N_TIMERS / 2; i++)
    {
      g_assert_cmpuint (g_array_index (fired, guint, i), ==, N_TIMERS / 2 + i);
      g_assert_cmpuint (g_array_index (fired, guint, N_TIMERS / 2 + i), ==, i);
    }
  g_assert_cmpuint (hearth_test_count_sources (NULL), <=, before + 1);
}

/* G_SOURCE_CONTINUE: again after the interval, until it says no more */
static void
test_timers_repeat (void)
{
  g_autoptr(GArray) fired = g_array_new (FALSE, FALSE, sizeof (guint));
  Tick tick = { .fired = fired, .index = 7, .times = 3 };
  gint64 started = g_get_monotonic_time ();

  hearth_timer_add (10, on_tick, &tick);
  run_until_idle ();
  g_assert_cmpuint (fired->len, ==, 3);
  /* Each time a whole interval after the last one */
  g_assert_cmpint (g_get_monotonic_time () - started, >=, 30 * 1000);
}

/* Removed before its time, by another timer before its turn, or by
 * itself from its callback: never called (again) */
static void
test_timers_remove (void)
{
  g_autoptr(GArray) fired = g_array_new (FALSE, FALSE, sizeof (guint));
  Tick gone = { .fired = fired, .index = 1, .times = 1 };
  Tick second = { .fired = fired, .index = 2, .times = 1 };
  Tick first = { .fired = fired, .index = 3, .times = 1 };
  Tick self = { .fired = fired, .index = 4 };
  guint self_id;

  hearth_timer_remove (hearth_timer_add (10, on_tick, &gone));
  first.remove_id = hearth_timer_add (30, on_tick, &second);
  hearth_timer_add (10, on_tick, &first);
  self_id = hearth_timer_add (10, on_tick, &self);
  self.own_id = &self_id;

  run_until_idle ();
  g_assert_cmpuint (fired->len, ==, 2);
  g_assert_cmpuint (g_array_index (fired, guint, 0), ==, 3);
  g_assert_cmpuint (g_array_index (fired, guint, 1), ==, 4);
  g_assert_cmpuint (self_id, ==, 0);
  g_assert_cmpuint (hearth_timer_get_n_timers (), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/timers/one-source", test_timers_one_source);
  g_test_add_func ("/timers/repeat", test_timers_repeat);
  g_test_add_func ("/timers/remove", test_timers_remove);

  return g_test_run ();
}
