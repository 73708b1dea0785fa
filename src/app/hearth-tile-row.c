/* hearth-tile-row.c: one row of the home grid
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hearth-tile-row.h"

struct _HearthTileRow
{
  GObject    parent_instance;

  char      *title;
  GPtrArray *items;
  guint      columns;
  HearthTileGroup group;
};

G_DEFINE_FINAL_TYPE (HearthTileRow, hearth_tile_row, G_TYPE_OBJECT)

enum
{
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
hearth_tile_row_finalize (GObject *object)
{
  HearthTileRow *self = (HearthTileRow *)object;

  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->items, g_ptr_array_unref);

  G_OBJECT_CLASS (hearth_tile_row_parent_class)->finalize (object);
}

static void
hearth_tile_row_class_init (HearthTileRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hearth_tile_row_finalize;

  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
hearth_tile_row_init (HearthTileRow *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
}

HearthTileRow *
hearth_tile_row_new_heading (const char *title)
{
  HearthTileRow *self;

  g_return_val_if_fail (title != NULL, NULL);

  self = g_object_new (HEARTH_TYPE_TILE_ROW, NULL);
  self->title = g_strdup (title);
  return self;
}

HearthTileRow *
hearth_tile_row_new_strip (gpointer *items,
                           guint     n_items,
                           guint     columns)
{
  HearthTileRow *self;

  g_return_val_if_fail (items != NULL || n_items == 0, NULL);
  g_return_val_if_fail (columns > 0, NULL);

  self = g_object_new (HEARTH_TYPE_TILE_ROW, NULL);
  for (guint i = 0; i < n_items; i++)
    g_ptr_array_add (self->items, g_object_ref (items[i]));
  self->columns = columns;
  return self;
}

gboolean
hearth_tile_row_set_items (HearthTileRow *self,
                           gpointer      *items,
                           guint          n_items,
                           guint          columns)
{
  gboolean same;

  g_return_val_if_fail (HEARTH_IS_TILE_ROW (self), FALSE);
  g_return_val_if_fail (self->title == NULL, FALSE);
  g_return_val_if_fail (items != NULL || n_items == 0, FALSE);
  g_return_val_if_fail (columns > 0, FALSE);

  same = self->columns == columns && self->items->len == n_items;
  for (guint i = 0; same && i < n_items; i++)
    same = g_ptr_array_index (self->items, i) == items[i];
  if (same)
    return FALSE;

  g_ptr_array_set_size (self->items, 0);
  for (guint i = 0; i < n_items; i++)
    g_ptr_array_add (self->items, g_object_ref (items[i]));
  self->columns = columns;

  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
  return TRUE;
}

void
hearth_tile_row_set_group (HearthTileRow   *self,
                           HearthTileGroup  group)
{
  g_return_if_fail (HEARTH_IS_TILE_ROW (self));
  g_return_if_fail (self->title != NULL);
  self->group = group;
}

HearthTileGroup
hearth_tile_row_get_group (HearthTileRow *self)
{
  g_return_val_if_fail (HEARTH_IS_TILE_ROW (self), HEARTH_TILE_GROUP_OTHER);
  return self->group;
}

const char *
hearth_tile_row_get_title (HearthTileRow *self)
{
  g_return_val_if_fail (HEARTH_IS_TILE_ROW (self), NULL);
  return self->title;
}

gboolean
hearth_tile_row_is_heading (HearthTileRow *self)
{
  g_return_val_if_fail (HEARTH_IS_TILE_ROW (self), FALSE);
  return self->title != NULL;
}

guint
hearth_tile_row_get_columns (HearthTileRow *self)
{
  g_return_val_if_fail (HEARTH_IS_TILE_ROW (self), 0);
  return self->columns;
}

guint
hearth_tile_row_get_n_items (HearthTileRow *self)
{
  g_return_val_if_fail (HEARTH_IS_TILE_ROW (self), 0);
  return self->items->len;
}

HearthControlItem *
hearth_tile_row_get_item (HearthTileRow *self,
                          guint          index)
{
  g_return_val_if_fail (HEARTH_IS_TILE_ROW (self), NULL);

  if (index >= self->items->len)
    return NULL;
  return g_ptr_array_index (self->items, index);
}

gboolean
hearth_tile_row_equal (HearthTileRow *a,
                       HearthTileRow *b)
{
  g_return_val_if_fail (HEARTH_IS_TILE_ROW (a), FALSE);
  g_return_val_if_fail (HEARTH_IS_TILE_ROW (b), FALSE);

  if (g_strcmp0 (a->title, b->title) != 0 ||
      a->columns != b->columns ||
      a->items->len != b->items->len)
    return FALSE;

  for (guint i = 0; i < a->items->len; i++)
    {
      if (g_ptr_array_index (a->items, i) != g_ptr_array_index (b->items, i))
        return FALSE;
    }

  return TRUE;
}
