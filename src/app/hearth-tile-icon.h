/* hearth-tile-icon.h: a tile's icon in its round badge, in the light's colour
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define HEARTH_TYPE_TILE_ICON (hearth_tile_icon_get_type ())

G_DECLARE_FINAL_TYPE (HearthTileIcon, hearth_tile_icon, HEARTH, TILE_ICON, GtkWidget)

GtkWidget  *hearth_tile_icon_new           (void);
const char *hearth_tile_icon_get_icon_name (HearthTileIcon *self);
void        hearth_tile_icon_set_icon_name (HearthTileIcon *self,
                                            const char     *icon_name);
/* 0xRRGGBB fills the badge; -1 leaves it to the style sheet */
int         hearth_tile_icon_get_color     (HearthTileIcon *self);
void        hearth_tile_icon_set_color     (HearthTileIcon *self,
                                            int             color);

G_END_DECLS
