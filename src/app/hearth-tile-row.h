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

/* A heading when @title is set (then @items is empty), else a strip of
 * @items (HearthControlItem) laid out in @columns columns. Plain values:
 * a row never changes; the grid replaces rows that differ. */
HearthTileRow     *hearth_tile_row_new_heading (const char     *title);
HearthTileRow     *hearth_tile_row_new_strip   (GPtrArray      *items,
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
