/* hearth-throttle.c: a value a person drags, sent at most every N ms
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hearth-throttle.h"

struct _HearthThrottle
{
  GObject  parent_instance;

  guint    interval_ms;
  guint    settle_ms;
  int      pending;      /* -1: nothing waiting */
  guint    throttle_id;
  guint    settle_id;
  gint64   touched;      /* monotonic µs of the last push */
};

G_DEFINE_FINAL_TYPE (HearthThrottle, hearth_throttle, G_TYPE_OBJECT)

enum
{
  SIGNAL_SEND,
  SIGNAL_SETTLED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
send (HearthThrottle *self,
      int             value)
{
  g_signal_emit (self, signals[SIGNAL_SEND], 0, value);
}

static gboolean
on_throttle_timeout (gpointer user_data)
{
  HearthThrottle *self = user_data;

  if (self->pending >= 0)
    {
      int value = self->pending;

      self->pending = -1;
      send (self, value);
      return G_SOURCE_CONTINUE;
    }

  self->throttle_id = 0;
  return G_SOURCE_REMOVE;
}

static gboolean
on_settle_timeout (gpointer user_data)
{
  HearthThrottle *self = user_data;

  self->settle_id = 0;
  if (self->throttle_id != 0)
    return G_SOURCE_REMOVE;

  /* The person let go */
  g_signal_emit (self, signals[SIGNAL_SETTLED], 0);

  return G_SOURCE_REMOVE;
}

void
hearth_throttle_push (HearthThrottle *self,
                      int             value)
{
  g_return_if_fail (HEARTH_IS_THROTTLE (self));
  g_return_if_fail (value >= 0);

  self->touched = g_get_monotonic_time ();

  if (self->throttle_id == 0)
    {
      send (self, value);
      self->pending = -1;
      self->throttle_id = g_timeout_add (self->interval_ms, on_throttle_timeout, self);
    }
  else
    self->pending = value;

  g_clear_handle_id (&self->settle_id, g_source_remove);
  self->settle_id = g_timeout_add (self->settle_ms, on_settle_timeout, self);
}

gboolean
hearth_throttle_is_busy (HearthThrottle *self)
{
  g_return_val_if_fail (HEARTH_IS_THROTTLE (self), FALSE);

  return self->throttle_id != 0 ||
         self->settle_id != 0 ||
         g_get_monotonic_time () - self->touched < (gint64) self->settle_ms * 1000;
}

void
hearth_throttle_flush (HearthThrottle *self)
{
  g_return_if_fail (HEARTH_IS_THROTTLE (self));

  if (self->pending >= 0)
    send (self, self->pending);
  self->pending = -1;
  self->touched = 0;
  g_clear_handle_id (&self->throttle_id, g_source_remove);
  g_clear_handle_id (&self->settle_id, g_source_remove);
}

HearthThrottle *
hearth_throttle_new (guint interval_ms,
                     guint settle_ms)
{
  HearthThrottle *self = g_object_new (HEARTH_TYPE_THROTTLE, NULL);

  self->interval_ms = interval_ms;
  self->settle_ms = settle_ms;

  return self;
}

static void
hearth_throttle_dispose (GObject *object)
{
  HearthThrottle *self = HEARTH_THROTTLE (object);

  g_clear_handle_id (&self->throttle_id, g_source_remove);
  g_clear_handle_id (&self->settle_id, g_source_remove);

  G_OBJECT_CLASS (hearth_throttle_parent_class)->dispose (object);
}

static void
hearth_throttle_class_init (HearthThrottleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = hearth_throttle_dispose;

  /* A value to send now */
  signals[SIGNAL_SEND] =
    g_signal_new ("send", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);
  /* The drag is over: the widget may follow the model again */
  signals[SIGNAL_SETTLED] =
    g_signal_new ("settled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
hearth_throttle_init (HearthThrottle *self)
{
  self->pending = -1;
}
