/* hearth-tile-grid.h: the home's tiles, grouped, in as many columns as fit
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "hearth-store.h"
#include "hearth-tile.h"

G_BEGIN_DECLS

#define HEARTH_TYPE_TILE_GRID (hearth_tile_grid_get_type ())

G_DECLARE_FINAL_TYPE (HearthTileGrid, hearth_tile_grid, HEARTH, TILE_GRID, GtkWidget)

/* Shows the HearthControlItems of "model" that are not hidden and match
 * "search" (every word in the item's search text): Favourites first (not
 * while searching), then each room in the store's order, then the rest.
 * GTK 4.8 has no list sections, so this is a GtkListView of rows (a
 * heading, or a strip of up to "columns" tiles), changed only where the
 * grouping changed; a strip's tiles take the items that shift into it,
 * and tiles follow their items' properties on their own. While shown, the
 * rows change at most once a frame, and a frame builds a bounded number of
 * tiles (strips bound in a burst get theirs over the next frames). */
GtkWidget     *hearth_tile_grid_new         (void);
GListModel    *hearth_tile_grid_get_model   (HearthTileGrid *self);
void           hearth_tile_grid_set_model   (HearthTileGrid *self,
                                             GListModel     *model);
HearthStore   *hearth_tile_grid_get_store   (HearthTileGrid *self);
void           hearth_tile_grid_set_store   (HearthTileGrid *self,
                                             HearthStore    *store);
const char    *hearth_tile_grid_get_search  (HearthTileGrid *self);
void           hearth_tile_grid_set_search  (HearthTileGrid *self,
                                             const char     *search);
/* Distinct items shown ("n-visible" notifies) */
guint          hearth_tile_grid_get_n_visible (HearthTileGrid *self);
guint          hearth_tile_grid_get_columns (HearthTileGrid *self);
/* The rows (HearthTileRow), as the list view shows them */
GListModel    *hearth_tile_grid_get_rows    (HearthTileGrid *self);
/* A tile on screen showing the item with @key, or NULL (borrowed) */
HearthTile    *hearth_tile_grid_find_tile   (HearthTileGrid *self,
                                             const char     *key);
/* Tile widgets built so far (the tests and build-aux/bench-tiles count
 * the work the grid does) */
guint          hearth_tile_grid_get_n_tiles_built (HearthTileGrid *self);
/* Times the rows were brought up to date (at most once a frame while
 * shown, however the changes come; the tests count them) */
guint          hearth_tile_grid_get_n_row_updates (HearthTileGrid *self);
/* Moves the keyboard focus to the first tile */
gboolean       hearth_tile_grid_focus_first (HearthTileGrid *self);
/* Applies pending changes now instead of before the next frame, and
 * builds the tiles of every strip now instead of some each frame */
void           hearth_tile_grid_flush       (HearthTileGrid *self);

G_END_DECLS
