/* hearth-tile-rows.h: the home's controls as the grid shows them: grouped
 * by room, searched, hidden ones left out, cut into rows of N tiles
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gdk/gdk.h>

#include "hearth-store.h"
#include "hearth-tile-row.h"

G_BEGIN_DECLS

#define HEARTH_TYPE_TILE_ROWS (hearth_tile_rows_get_type ())

G_DECLARE_FINAL_TYPE (HearthTileRows, hearth_tile_rows, HEARTH, TILE_ROWS, GObject)

/* Rows (HearthTileRow) for the HearthControlItems of "model" that are not
 * hidden and match "search" (every word in the item's search text),
 * Favourites first (not while searching), then each room in the store's
 * order, then the rest; each group a heading and strips of up to
 * "columns" items. Brought up to date before the next frame when the
 * grouping changes (an item added, hidden, renamed, moved to a room,
 * favourited; the store's rooms), at once for a new model, search or
 * column count. A group keeps its rows: its strips take their new items
 * in place, and rows are added or removed only at a group's end or with
 * the group. */
HearthTileRows *hearth_tile_rows_new           (void);
/* The rows, a GListModel of HearthTileRow */
GListModel     *hearth_tile_rows_get_rows      (HearthTileRows *self);
GListModel     *hearth_tile_rows_get_model     (HearthTileRows *self);
void            hearth_tile_rows_set_model     (HearthTileRows *self,
                                                GListModel     *model);
HearthStore    *hearth_tile_rows_get_store     (HearthTileRows *self);
void            hearth_tile_rows_set_store     (HearthTileRows *self,
                                                HearthStore    *store);
const char     *hearth_tile_rows_get_search    (HearthTileRows *self);
void            hearth_tile_rows_set_search    (HearthTileRows *self,
                                                const char     *search);
/* 0 while the width is not known: then no rows ("n-visible" counts on) */
guint           hearth_tile_rows_get_columns   (HearthTileRows *self);
void            hearth_tile_rows_set_columns   (HearthTileRows *self,
                                                guint           columns);
/* Distinct items shown ("n-visible" notifies) */
guint           hearth_tile_rows_get_n_visible (HearthTileRows *self);
/* Applies pending changes now instead of before the next frame */
void            hearth_tile_rows_flush         (HearthTileRows *self);
/* While @clock is set (the grid's, while it is mapped), changes are
 * applied in its update phase, at most once a frame however many main-loop
 * turns they come in; without one, from an idle before the next frame */
void            hearth_tile_rows_set_frame_clock (HearthTileRows *self,
                                                  GdkFrameClock  *clock);
/* Times the rows were brought up to date (the tests count the work) */
guint           hearth_tile_rows_get_n_updates (HearthTileRows *self);

G_END_DECLS
