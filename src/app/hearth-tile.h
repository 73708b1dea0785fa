/* hearth-tile.h: one control as a tile of the home grid
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "hearth-control-item.h"

G_BEGIN_DECLS

#define HEARTH_TYPE_TILE (hearth_tile_get_type ())

G_DECLARE_FINAL_TYPE (HearthTile, hearth_tile, HEARTH, TILE, GtkWidget)

/* A view of @item (property "item", nullable): icon, title, state line and
 * a details button. One click activates win.apply (key, "toggle", "") for
 * lights and switches, win.show-details (key) for the rest; the details
 * button, a right click, a long press, Menu or Shift+F10 open the details. */
GtkWidget         *hearth_tile_new      (void);
HearthControlItem *hearth_tile_get_item (HearthTile        *self);
void               hearth_tile_set_item (HearthTile        *self,
                                         HearthControlItem *item);
/* Moves the keyboard focus to the tile's main button */
gboolean           hearth_tile_focus    (HearthTile        *self);

G_END_DECLS
