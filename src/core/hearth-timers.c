/* hearth-timers.c: the per-device timers of the main thread, on one GSource
 *
 * GLib looks at every source of a main context on every iteration of its
 * loop. A timer per device (a poll, a push socket's heartbeat, an event
 * stream's liveness) made each iteration, and so each request and each
 * message, cost work in proportion to the number of devices. These timers
 * are kept in order of their deadlines instead, behind a single source
 * whose ready time is the earliest of them: the loop looks at one source
 * however many devices there are. Same meaning as g_timeout_add() at
 * G_PRIORITY_DEFAULT on the global default main context; the main thread
 * only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hearth-timers.h"

typedef struct
{
  guint          id;
  guint          interval_ms;
  gint64         deadline_us;    /* monotonic */
  GSourceFunc    func;
  gpointer       data;
  guint64        armed_in;       /* the dispatch it was (re)armed in */
  GSequenceIter *iter;           /* NULL while it runs */
  gboolean       removed;        /* removed while it ran */
} Timer;

typedef struct
{
  GSource     source;
  GSequence  *timers;            /* Timer*, earliest first, owned */
  GHashTable *by_id;             /* id → Timer* */
  guint       last_id;
  guint64     dispatch;          /* dispatches so far */
} TimerSource;

static TimerSource *timers;

static int
compare_timers (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  const Timer *ta = a;
  const Timer *tb = b;

  if (ta->deadline_us != tb->deadline_us)
    return ta->deadline_us < tb->deadline_us ? -1 : 1;
  /* Same deadline: in the order they were added, as GLib does */
  return ta->id < tb->id ? -1 : (ta->id > tb->id ? 1 : 0);
}

static void
update_ready_time (void)
{
  GSequenceIter *first = g_sequence_get_begin_iter (timers->timers);

  if (g_sequence_iter_is_end (first))
    g_source_set_ready_time ((GSource *) timers, -1);
  else
    g_source_set_ready_time ((GSource *) timers, ((Timer *) g_sequence_get (first))->deadline_us);
}

static void
schedule (Timer  *timer,
          gint64  now_us)
{
  timer->deadline_us = now_us + (gint64) timer->interval_ms * 1000;
  timer->armed_in = timers->dispatch;
  timer->iter = g_sequence_insert_sorted (timers->timers, timer, compare_timers, NULL);
}

static gboolean
timer_source_dispatch (GSource     *source,
                       GSourceFunc  callback,
                       gpointer     user_data)
{
  gint64 now_us = g_source_get_time (source);

  /* Timers armed from now on (from a callback, with an interval of 0)
   * wait for the next dispatch, as they would with their own sources */
  timers->dispatch++;

  for (;;)
    {
      GSequenceIter *first = g_sequence_get_begin_iter (timers->timers);
      Timer *timer;
      gboolean again;

      if (g_sequence_iter_is_end (first))
        break;
      timer = g_sequence_get (first);
      if (timer->deadline_us > now_us || timer->armed_in == timers->dispatch)
        break;

      g_sequence_remove (first);
      timer->iter = NULL;
      again = timer->func (timer->data);

      if (timer->removed || !again)
        {
          if (!timer->removed)
            g_hash_table_remove (timers->by_id, GUINT_TO_POINTER (timer->id));
          g_free (timer);
          continue;
        }

      /* Again from now, as a GLib timeout does; not before the others
       * that are due now had their turn */
      schedule (timer, MAX (now_us, g_get_monotonic_time ()));
    }

  update_ready_time ();
  return G_SOURCE_CONTINUE;
}

static GSourceFuncs timer_source_funcs = {
  .dispatch = timer_source_dispatch,
};

static void
ensure_source (void)
{
  if (timers != NULL)
    return;

  timers = (TimerSource *) g_source_new (&timer_source_funcs, sizeof (TimerSource));
  timers->timers = g_sequence_new (NULL);
  timers->by_id = g_hash_table_new (NULL, NULL);
  g_source_set_static_name ((GSource *) timers, "Hearth timers");
  g_source_set_ready_time ((GSource *) timers, -1);
  /* Lives as long as the process: one source for good */
  g_source_attach ((GSource *) timers, NULL);
}

guint
hearth_timer_add (guint       interval_ms,
                  GSourceFunc func,
                  gpointer    data)
{
  Timer *timer;

  g_return_val_if_fail (func != NULL, 0);

  ensure_source ();

  timer = g_new0 (Timer, 1);
  /* Ids are never 0, and wrap around only after 4 billion timers */
  do
    timer->id = ++timers->last_id;
  while (timer->id == 0 || g_hash_table_contains (timers->by_id, GUINT_TO_POINTER (timer->id)));
  timer->interval_ms = interval_ms;
  timer->func = func;
  timer->data = data;
  g_hash_table_insert (timers->by_id, GUINT_TO_POINTER (timer->id), timer);
  schedule (timer, g_get_monotonic_time ());
  update_ready_time ();

  return timer->id;
}

void
hearth_timer_remove (guint id)
{
  Timer *timer;

  g_return_if_fail (id != 0);
  g_return_if_fail (timers != NULL);

  timer = g_hash_table_lookup (timers->by_id, GUINT_TO_POINTER (id));
  g_return_if_fail (timer != NULL);

  g_hash_table_remove (timers->by_id, GUINT_TO_POINTER (id));
  if (timer->iter == NULL)
    {
      /* It is running: freed when its callback returns */
      timer->removed = TRUE;
      return;
    }

  g_sequence_remove (timer->iter);
  g_free (timer);
  update_ready_time ();
}

guint
hearth_timer_get_n_timers (void)
{
  return timers != NULL ? g_hash_table_size (timers->by_id) : 0;
}
