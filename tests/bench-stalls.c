/* bench-stalls.c: names what stalled the main loop (bench-home --stalls)
 *
 * A debug aid of the benchmark, not a test. Before each iteration of the
 * main loop, the sources created since the last one get a copy of their
 * GSourceFuncs whose dispatch times the real one; an iteration that took
 * longer than the threshold is printed (to stderr) with the dispatches in
 * it that took more than a millisecond: the source's name, its callback
 * (a symbol, or module+offset for `addr2line -f -e MODULE OFFSET`) and
 * milliseconds. A frame (GdkFrameClock's paint source) is also split in
 * its phases: update (tick callbacks), layout and paint.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE
#include "config.h"

#include <dlfcn.h>
#include <stdio.h>

#include "bench-stalls.h"

#define DISPATCH_SHOWN_US 1000
#define DISPATCHES_MAX    8

typedef struct
{
  GSourceFuncs  funcs;        /* first: a source's source_funcs points here */
  const GSourceFuncs *real;
} Wrapped;

typedef struct
{
  char   *what;
  gint64  us;
} Dispatch;

static gint64      threshold_us;
static gint64      started;
static guint       last_id;
static GHashTable *wrapped;     /* real GSourceFuncs → Wrapped */
static GArray     *dispatches;  /* Dispatch, of this iteration */
static gint64      iteration_at;

/* The frame's phases (the ends of each, from the frame clock's signals) */
static gint64      phase_at;
static gint64      phase_us[3];

static char *
name_function (gpointer function)
{
  Dl_info info;

  if (function == NULL)
    return g_strdup ("-");
  if (dladdr (function, &info) == 0)
    return g_strdup_printf ("%p", function);
  if (info.dli_sname != NULL && info.dli_saddr == function)
    return g_strdup (info.dli_sname);
  return g_strdup_printf ("%s+0x%lx", info.dli_fname,
                          (unsigned long) ((char *) function - (char *) info.dli_fbase));
}

static gboolean
timed_dispatch (GSource     *source,
                GSourceFunc  callback,
                gpointer     user_data)
{
  Wrapped *wrap = (Wrapped *) source->source_funcs;
  gint64 before = g_get_monotonic_time ();
  gboolean again;
  gint64 us;

  memset (phase_us, 0, sizeof phase_us);
  again = wrap->real->dispatch (source, callback, user_data);
  us = g_get_monotonic_time () - before;

  /* GLib holds the source until its dispatch returned */
  if (us >= DISPATCH_SHOWN_US)
    {
      const char *name = g_source_get_name (source);
      /* without a callback (Avahi's, D-Bus'), what dispatches it */
      g_autofree char *function = name_function (callback != NULL ? (gpointer) callback
                                                                  : (gpointer) wrap->real->dispatch);
      Dispatch dispatch = { NULL, us };

      if (phase_us[0] + phase_us[1] + phase_us[2] > 0)
        dispatch.what = g_strdup_printf ("%s %s (update %.1f, layout %.1f, paint %.1f)",
                                         name != NULL ? name : "(unnamed)", function,
                                         phase_us[0] / 1000.0, phase_us[1] / 1000.0,
                                         phase_us[2] / 1000.0);
      else
        dispatch.what = g_strdup_printf ("%s %s", name != NULL ? name : "(unnamed)", function);
      g_array_append_val (dispatches, dispatch);
    }
  return again;
}

static void
wrap_source (GSource *source)
{
  Wrapped *wrap;

  if (source->source_funcs == NULL || source->source_funcs->dispatch == timed_dispatch)
    return;
  wrap = g_hash_table_lookup (wrapped, source->source_funcs);
  if (wrap == NULL)
    {
      wrap = g_new0 (Wrapped, 1);
      wrap->real = source->source_funcs;
      wrap->funcs = *source->source_funcs;
      wrap->funcs.dispatch = timed_dispatch;
      g_hash_table_insert (wrapped, (gpointer) source->source_funcs, wrap);
    }
  source->source_funcs = &wrap->funcs;
}

/* The sources made since the last iteration (ids only grow) */
static void
wrap_new_sources (void)
{
  guint newest = g_idle_add (G_SOURCE_FUNC (g_source_remove), NULL);

  g_source_remove (newest);
  for (guint id = last_id + 1; id < newest; id++)
    {
      GSource *source = g_main_context_find_source_by_id (NULL, id);

      if (source != NULL)
        wrap_source (source);
    }
  last_id = newest;
}

static void
on_phase_end (GdkFrameClock *clock,
              gpointer       phase)
{
  gint64 now = g_get_monotonic_time ();

  if (GPOINTER_TO_INT (phase) >= 0)
    phase_us[GPOINTER_TO_INT (phase)] += now - phase_at;
  phase_at = now;
}

void
bench_stalls_start (GdkFrameClock *clock,
                    guint          threshold_ms,
                    gint64         start)
{
  threshold_us = threshold_ms * 1000;
  started = start;
  wrapped = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  dispatches = g_array_new (FALSE, FALSE, sizeof (Dispatch));
  g_signal_connect_after (clock, "before-paint", G_CALLBACK (on_phase_end), GINT_TO_POINTER (-1));
  g_signal_connect_after (clock, "update", G_CALLBACK (on_phase_end), GINT_TO_POINTER (0));
  g_signal_connect_after (clock, "layout", G_CALLBACK (on_phase_end), GINT_TO_POINTER (1));
  g_signal_connect_after (clock, "paint", G_CALLBACK (on_phase_end), GINT_TO_POINTER (2));
}

void
bench_stalls_before_iteration (void)
{
  wrap_new_sources ();
  iteration_at = g_get_monotonic_time ();
}

/* The sources attached now, by name (what each iteration of the main
 * loop goes through in its prepare and check) */
void
bench_stalls_print_sources (void)
{
  guint newest = g_idle_add (G_SOURCE_FUNC (g_source_remove), NULL);
  g_autoptr(GHashTable) by_name = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer name, count;
  guint total = 0;

  g_source_remove (newest);
  for (guint id = 1; id < newest; id++)
    {
      GSource *source = g_main_context_find_source_by_id (NULL, id);
      const char *source_name;

      if (source == NULL)
        continue;
      source_name = g_source_get_name (source) != NULL ? g_source_get_name (source) : "(unnamed)";
      count = g_hash_table_lookup (by_name, source_name);
      g_hash_table_insert (by_name, (gpointer) source_name, GUINT_TO_POINTER (GPOINTER_TO_UINT (count) + 1));
      total++;
    }
  g_printerr ("sources attached when done: %u\n", total);
  g_hash_table_iter_init (&iter, by_name);
  while (g_hash_table_iter_next (&iter, &name, &count))
    if (GPOINTER_TO_UINT (count) >= 10)
      g_printerr ("  %7u    %s\n", GPOINTER_TO_UINT (count), (const char *) name);
}

void
bench_stalls_after_iteration (void)
{
  gint64 us = g_get_monotonic_time () - iteration_at;

  if (us > threshold_us)
    {
      g_printerr ("stall %.1f ms at %.0f ms:\n", us / 1000.0, (iteration_at - started) / 1000.0);
      for (guint i = 0; i < dispatches->len && i < DISPATCHES_MAX; i++)
        {
          Dispatch *dispatch = &g_array_index (dispatches, Dispatch, i);

          g_printerr ("  %7.1f ms  %s\n", dispatch->us / 1000.0, dispatch->what);
        }
      if (dispatches->len > DISPATCHES_MAX)
        g_printerr ("  (%u more)\n", dispatches->len - DISPATCHES_MAX);
    }
  for (guint i = 0; i < dispatches->len; i++)
    g_free (g_array_index (dispatches, Dispatch, i).what);
  g_array_set_size (dispatches, 0);
}
