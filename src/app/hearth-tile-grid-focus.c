/* hearth-tile-grid-focus.c: the tile grid's keyboard navigation: arrows
 * move between tiles across strips and groups, Home and End go to the
 * first and last tile; a strip far away is scrolled into view and made
 * first, then focused.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "hearth-tile.h"
#include "hearth-tile-grid.h"
#include "hearth-tile-grid-private.h"
#include "hearth-tile-row.h"
#include "hearth-tile-rows.h"

static GtkWidget *
find_bound_row (HearthTileGrid *self,
                guint           position)
{
  GHashTableIter iter;
  gpointer widget;
  gpointer list_item;

  g_hash_table_iter_init (&iter, self->bound);
  while (g_hash_table_iter_next (&iter, &widget, &list_item))
    {
      if (gtk_list_item_get_position (list_item) == position)
        return widget;
    }
  return NULL;
}

static gboolean
locate_focus (HearthTileGrid *self,
              guint          *position,
              guint          *column)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;
  GtkWidget *tile;
  GHashTableIter iter;
  gpointer widget;
  gpointer list_item;

  if (focus == NULL)
    return FALSE;
  tile = gtk_widget_get_ancestor (focus, HEARTH_TYPE_TILE);
  if (tile == NULL || !gtk_widget_is_ancestor (tile, GTK_WIDGET (self)))
    return FALSE;

  g_hash_table_iter_init (&iter, self->bound);
  while (g_hash_table_iter_next (&iter, &widget, &list_item))
    {
      HearthRowWidgets *widgets = _hearth_tile_grid_get_row_widgets (widget);
      guint index;

      if (g_ptr_array_find (widgets->tiles, tile, &index))
        {
          *position = gtk_list_item_get_position (list_item);
          *column = index;
          return TRUE;
        }
    }
  return FALSE;
}

static guint
row_n_items (HearthTileGrid *self,
             guint           position)
{
  g_autoptr(HearthTileRow) row = g_list_model_get_item (hearth_tile_rows_get_rows (self->rows), position);

  if (row == NULL || hearth_tile_row_is_heading (row))
    return 0;
  return hearth_tile_row_get_n_items (row);
}

/* The next row with tiles from @position in @direction (±1) */
static gboolean
next_strip (HearthTileGrid *self,
            guint           position,
            int             direction,
            guint          *result)
{
  guint n = g_list_model_get_n_items (hearth_tile_rows_get_rows (self->rows));
  int p = (int) position;

  for (p += direction; p >= 0 && p < (int) n; p += direction)
    {
      if (row_n_items (self, p) > 0)
        {
          *result = p;
          return TRUE;
        }
    }
  return FALSE;
}

typedef struct
{
  HearthTileGrid *grid;
  guint           position;
  guint           column;
  guint           tries;
} FocusRequest;

static void
focus_request_free (FocusRequest *request)
{
  g_object_unref (request->grid);
  g_free (request);
}

static gboolean
focus_tile_at (HearthTileGrid *self,
               guint           position,
               guint           column)
{
  GtkWidget *row_widget = find_bound_row (self, position);
  HearthRowWidgets *widgets;

  if (row_widget == NULL)
    return FALSE;
  widgets = _hearth_tile_grid_get_row_widgets (row_widget);
  if (column >= widgets->tiles->len)
    return FALSE;
  return hearth_tile_focus (g_ptr_array_index (widgets->tiles, column));
}

static gboolean
retry_focus (gpointer user_data)
{
  FocusRequest *request = user_data;

  if (focus_tile_at (request->grid, request->position, request->column) ||
      ++request->tries > 10)
    return G_SOURCE_REMOVE;
  return G_SOURCE_CONTINUE;
}

static void
move_focus (HearthTileGrid *self,
            guint           position,
            guint           column)
{
  FocusRequest *request;

  /* Keeps the row in view; a row far away is made first, then focused */
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", position);
  if (focus_tile_at (self, position, column))
    return;

  request = g_new0 (FocusRequest, 1);
  request->grid = g_object_ref (self);
  request->position = position;
  request->column = column;
  g_timeout_add_full (G_PRIORITY_DEFAULT, 16, retry_focus, request,
                      (GDestroyNotify) focus_request_free);
}

gboolean
_hearth_tile_grid_on_keys_key_pressed (GtkEventControllerKey *controller,
                                        guint                  keyval,
                                        guint                  keycode,
                                        GdkModifierType        state,
                                        HearthTileGrid        *self)
{
  guint position;
  guint column;
  guint target;
  gboolean rtl = gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL;

  if (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK))
    return FALSE;
  if (!locate_focus (self, &position, &column))
    return FALSE;

  switch (keyval)
    {
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      {
        gboolean forward = (keyval == GDK_KEY_Right || keyval == GDK_KEY_KP_Right) != rtl;

        if (forward)
          {
            if (column + 1 < row_n_items (self, position))
              move_focus (self, position, column + 1);
            else if (next_strip (self, position, 1, &target))
              move_focus (self, target, 0);
          }
        else
          {
            if (column > 0)
              move_focus (self, position, column - 1);
            else if (next_strip (self, position, -1, &target))
              move_focus (self, target, row_n_items (self, target) - 1);
          }
        return TRUE;
      }

    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      if (next_strip (self, position, -1, &target))
        move_focus (self, target, MIN (column, row_n_items (self, target) - 1));
      return TRUE;

    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      if (next_strip (self, position, 1, &target))
        move_focus (self, target, MIN (column, row_n_items (self, target) - 1));
      return TRUE;

    case GDK_KEY_Home:
    case GDK_KEY_KP_Home:
      hearth_tile_grid_focus_first (self);
      return TRUE;

    case GDK_KEY_End:
    case GDK_KEY_KP_End:
      {
        guint n = g_list_model_get_n_items (hearth_tile_rows_get_rows (self->rows));

        if (n == 0)
          return TRUE;
        if (row_n_items (self, n - 1) > 0)
          target = n - 1;
        else if (!next_strip (self, n - 1, -1, &target))
          return TRUE;
        move_focus (self, target, row_n_items (self, target) - 1);
        return TRUE;
      }

    default:
      return FALSE;
    }
}

gboolean
hearth_tile_grid_focus_first (HearthTileGrid *self)
{
  guint target;

  g_return_val_if_fail (HEARTH_IS_TILE_GRID (self), FALSE);

  if (row_n_items (self, 0) > 0)
    target = 0;
  else if (!next_strip (self, 0, 1, &target))
    return FALSE;

  move_focus (self, target, 0);
  return TRUE;
}
