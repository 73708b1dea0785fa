/* hearth-frame-budget.c: how many widgets a frame may build
 *
 * A burst of work bound at once (hundreds of tiles for a home known at
 * start-up) would make one frame as long as all of it; with a budget, a
 * frame builds a bounded part, and the rest waits, in the order it asked,
 * for the next frames (a tick callback that runs only while something
 * waits, so an idle window does not wake up for it). The build function
 * decides what needs the budget: what does not (a strip in view) is built
 * at the next frame even behind what does.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hearth-frame-budget.h"

struct _HearthFrameBudget
{
  GtkWidget              *widget;     /* not owned: it owns this */
  guint                   per_frame;
  HearthFrameBudgetBuild  build;
  gpointer                user_data;

  GPtrArray              *waiting;
  guint                   tick_id;
  gint64                  frame;      /* the frame counter the budget is for */
  guint                   left;
  gboolean                unlimited;
};

HearthFrameBudget *
hearth_frame_budget_new (GtkWidget              *widget,
                         guint                   per_frame,
                         HearthFrameBudgetBuild  build,
                         gpointer                user_data)
{
  HearthFrameBudget *self = g_new0 (HearthFrameBudget, 1);

  self->widget = widget;
  self->per_frame = per_frame;
  self->build = build;
  self->user_data = user_data;
  self->waiting = g_ptr_array_new ();
  self->frame = -1;             /* the frame counter starts at 0 */
  return self;
}

void
hearth_frame_budget_free (HearthFrameBudget *self)
{
  if (self == NULL)
    return;
  if (self->tick_id != 0)
    gtk_widget_remove_tick_callback (self->widget, self->tick_id);
  g_ptr_array_unref (self->waiting);
  g_free (self);
}

gboolean
hearth_frame_budget_take (HearthFrameBudget *self,
                          guint              n)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (self->widget);
  gint64 frame;

  if (clock == NULL || self->unlimited)
    return TRUE;

  frame = gdk_frame_clock_get_frame_counter (clock);
  if (frame != self->frame)
    {
      self->frame = frame;
      self->left = self->per_frame;
    }
  if (n > self->left)
    return FALSE;
  self->left -= n;
  return TRUE;
}

/* What waits is built in order, as far as the budget goes; one that
 * can be built without it (the build function says so) does not wait
 * behind one that cannot */
static void
build_waiting (HearthFrameBudget *self)
{
  g_autoptr(GPtrArray) waiting = g_ptr_array_copy (self->waiting, NULL, NULL);

  for (guint i = 0; i < waiting->len; i++)
    {
      gpointer one = g_ptr_array_index (waiting, i);

      /* a build may make another forgotten (its widget went away) */
      if (!g_ptr_array_find (self->waiting, one, NULL))
        continue;
      if (self->build (one, self->user_data))
        hearth_frame_budget_forget (self, one);
    }
}

static gboolean
on_widget_tick (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       user_data)
{
  HearthFrameBudget *self = user_data;

  build_waiting (self);
  if (self->waiting->len > 0)
    return G_SOURCE_CONTINUE;
  self->tick_id = 0;
  return G_SOURCE_REMOVE;
}

void
hearth_frame_budget_wait (HearthFrameBudget *self,
                          gpointer           waiting)
{
  if (!g_ptr_array_find (self->waiting, waiting, NULL))
    g_ptr_array_add (self->waiting, waiting);
  if (self->tick_id == 0)
    self->tick_id = gtk_widget_add_tick_callback (self->widget, on_widget_tick, self, NULL);
}

void
hearth_frame_budget_forget (HearthFrameBudget *self,
                            gpointer           waiting)
{
  g_ptr_array_remove (self->waiting, waiting);
}

void
hearth_frame_budget_flush (HearthFrameBudget *self)
{
  self->unlimited = TRUE;
  build_waiting (self);
  self->unlimited = FALSE;
  if (self->waiting->len == 0 && self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (self->widget, self->tick_id);
      self->tick_id = 0;
    }
}
