/* hearth-tile-grid-private.h: what the tile grid's files share (the
 * grid itself in hearth-tile-grid.c, its keyboard navigation in
 * hearth-tile-grid-focus.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "hearth-frame-budget.h"
#include "hearth-tile-grid.h"
#include "hearth-tile-row.h"
#include "hearth-tile-rows.h"

G_BEGIN_DECLS

struct _HearthTileGrid
{
  GtkWidget       parent_instance;

  GtkWidget      *scrolled;
  GtkListView    *list_view;
  HearthTileRows *rows;

  GHashTable     *bound;      /* row widget → GtkListItem (bound ones) */
  guint           columns;
  guint           n_tiles_built;

  HearthFrameBudget *budget; /* tiles a frame builds; RowWidgets waiting */
  int             strip_height; /* a strip's, last laid out */
};

/* The widgets of one row of the list: a heading, or a strip of tiles */
typedef struct
{
  HearthTileGrid *grid;
  GtkWidget      *heading_box;   /* the heading and its group's button */
  GtkWidget      *heading;
  GtkWidget      *group_button;  /* HearthGroupButton */
  GtkWidget      *strip;
  GPtrArray      *tiles;
  HearthTileRow  *row;        /* the strip bound, followed while bound */
} HearthRowWidgets;

static inline HearthRowWidgets *
_hearth_tile_grid_get_row_widgets (GtkWidget *row)
{
  return g_object_get_data (G_OBJECT (row), "hearth-row-widgets");
}

gboolean _hearth_tile_grid_on_keys_key_pressed (GtkEventControllerKey *controller,
                                                guint                  keyval,
                                                guint                  keycode,
                                                GdkModifierType        state,
                                                HearthTileGrid        *self);

G_END_DECLS
