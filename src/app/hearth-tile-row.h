/* hearth-tile-row.h: one row of the home grid: a group's heading, or a
 * strip of up to N tiles
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "hearth-control-item.h"

G_BEGIN_DECLS

#define HEARTH_TYPE_TILE_ROW (hearth_tile_row_get_type ())

G_DECLARE_FINAL_TYPE (HearthTileRow, hearth_tile_row, HEARTH, TILE_ROW, GObject)

/* A heading when @title is set (then it has no items), else a strip of
 * @n_items @items (HearthControlItem, borrowed) laid out in @columns columns. A heading
 * never changes; a strip's items change in place ("changed" is emitted),
 * so the grid keeps the strip's widgets and points its tiles at the items
 * that moved along. */
HearthTileRow     *hearth_tile_row_new_heading (const char     *title);

/**
 * HearthTileGroup:
 * What a heading heads: its group's actions act on the favourites or on
 * the room of the heading's title; the rest has none.
 */
typedef enum
{
  HEARTH_TILE_GROUP_OTHER,
  HEARTH_TILE_GROUP_FAVOURITES,
  HEARTH_TILE_GROUP_ROOM,
} HearthTileGroup;

/* Set once, as the heading is made */
void               hearth_tile_row_set_group   (HearthTileRow  *self,
                                                HearthTileGroup group);
HearthTileGroup    hearth_tile_row_get_group   (HearthTileRow  *self);
HearthTileRow     *hearth_tile_row_new_strip   (gpointer       *items,
                                                guint           n_items,
                                                guint           columns);
/* Gives a strip @n_items of @items (borrowed) in @columns columns;
 * "changed" when it differs; TRUE then */
gboolean           hearth_tile_row_set_items   (HearthTileRow  *self,
                                                gpointer       *items,
                                                guint           n_items,
                                                guint           columns);
const char        *hearth_tile_row_get_title   (HearthTileRow  *self);
gboolean           hearth_tile_row_is_heading  (HearthTileRow  *self);
guint              hearth_tile_row_get_columns (HearthTileRow  *self);
guint              hearth_tile_row_get_n_items (HearthTileRow  *self);
/* Borrowed */
HearthControlItem *hearth_tile_row_get_item    (HearthTileRow  *self,
                                                guint           index);
gboolean           hearth_tile_row_equal       (HearthTileRow  *a,
                                                HearthTileRow  *b);

G_END_DECLS
