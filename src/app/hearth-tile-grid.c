/* hearth-tile-grid.c: the home's tiles, grouped, in as many columns as fit
 *
 * Why a list of rows: GTK 4.8 has neither list sections nor spanning
 * items in GtkGridView, and one GtkFlowBox per group would build every
 * tile up front and lay all of them out on every resize. A GtkListView
 * whose rows are a heading or a strip of N tiles keeps GTK's recycling
 * (it keeps at most a few hundred rows alive, whatever the model's size),
 * lays out only strips, and lets a change to one group touch only that
 * group's rows. HearthTileRows makes the rows (grouping, search, hidden
 * items); the grid shows them, says how many columns fit, and moves the
 * keyboard focus between tiles (hearth-tile-grid-focus.c). A strip keeps
 * its row widget while its items shift (a device arriving before them):
 * the same tiles show the items that moved in, so tiles are built only
 * for rows that are new.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "hearth-control-item.h"
#include "hearth-control-list.h"
#include "hearth-frame-budget.h"
#include "hearth-group-button.h"
#include "hearth-tile-grid.h"
#include "hearth-tile-grid-private.h"
#include "hearth-tile-row.h"
#include "hearth-tile-rows.h"

/* Tiles are about TILE_IDEAL_WIDTH wide (a name and "Unavailable since
 * 14:02" fit on their lines), never narrower than TILE_MIN_WIDTH, and a
 * phone-sized window still gets two columns. */
#define TILE_MIN_WIDTH   150
#define TILE_IDEAL_WIDTH 200
#define TILE_SPACING     12
#define SIDE_PADDING     18
#define MAX_CONTENT      1100

/* Tiles built in one frame at most (about 0.3–1 ms each, 1–3.5 ms on a
 * loaded machine: bench --stalls saw 40 take 40–140 ms): a burst of
 * strips bound at once (a home of hundreds arriving) gets its tiles over
 * the next frames, the ones bound first first */
#define TILES_PER_FRAME  24

G_DEFINE_FINAL_TYPE (HearthTileGrid, hearth_tile_grid, GTK_TYPE_WIDGET)

typedef enum
{
  PROP_MODEL = 1,
  PROP_STORE,
  PROP_SEARCH,
  PROP_N_VISIBLE,
  PROP_COLUMNS,
} HearthTileGridProperty;

static GParamSpec *properties[PROP_COLUMNS + 1];

/* Rows */


static void
row_widgets_unfollow (HearthRowWidgets *widgets)
{
  if (widgets->grid->budget != NULL)
    hearth_frame_budget_forget (widgets->grid->budget, widgets);
  if (widgets->row == NULL)
    return;
  g_signal_handlers_disconnect_by_data (widgets->row, widgets);
  g_clear_object (&widgets->row);
}

static void
row_widgets_free (HearthRowWidgets *widgets)
{
  row_widgets_unfollow (widgets);
  g_ptr_array_unref (widgets->tiles);
  g_free (widgets);
}

static void
on_factory_setup (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  HearthTileGrid           *self)
{
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  HearthRowWidgets *widgets = g_new0 (HearthRowWidgets, 1);

  widgets->grid = self;
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), MAX_CONTENT);
  adw_clamp_set_tightening_threshold (ADW_CLAMP (clamp), MAX_CONTENT);
  gtk_widget_set_margin_start (clamp, SIDE_PADDING);
  gtk_widget_set_margin_end (clamp, SIDE_PADDING);

  /* A screen reader's heading, so a person can jump from room to room */
  widgets->heading = g_object_new (GTK_TYPE_LABEL,
                                   "accessible-role", GTK_ACCESSIBLE_ROLE_HEADING,
                                   NULL);
  gtk_label_set_xalign (GTK_LABEL (widgets->heading), 0.0f);
  gtk_label_set_ellipsize (GTK_LABEL (widgets->heading), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (widgets->heading, "heading");
  gtk_accessible_update_property (GTK_ACCESSIBLE (widgets->heading),
                                  GTK_ACCESSIBLE_PROPERTY_LEVEL, 2, -1);
  /* The group's quick actions beside it; a click on it opens its details */
  widgets->heading_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_add_css_class (widgets->heading_box, "tile-group-title");
  gtk_box_append (GTK_BOX (widgets->heading_box), widgets->heading);
  widgets->group_button = hearth_group_button_new ();
  gtk_box_append (GTK_BOX (widgets->heading_box), widgets->group_button);
  {
    GtkGesture *click = gtk_gesture_click_new ();

    g_signal_connect_swapped (click, "released", G_CALLBACK (hearth_group_button_show_details),
                              widgets->group_button);
    gtk_widget_add_controller (widgets->heading, GTK_EVENT_CONTROLLER (click));
  }
  gtk_box_append (GTK_BOX (box), widgets->heading_box);

  widgets->strip = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, TILE_SPACING);
  gtk_box_set_homogeneous (GTK_BOX (widgets->strip), TRUE);
  gtk_widget_add_css_class (widgets->strip, "tile-strip");
  gtk_box_append (GTK_BOX (box), widgets->strip);

  widgets->tiles = g_ptr_array_new ();

  adw_clamp_set_child (ADW_CLAMP (clamp), box);
  g_object_set_data_full (G_OBJECT (clamp), "hearth-row-widgets", widgets,
                          (GDestroyNotify) row_widgets_free);

  gtk_list_item_set_activatable (list_item, FALSE);
  gtk_list_item_set_selectable (list_item, FALSE);
  gtk_list_item_set_child (list_item, clamp);
}

/* Whether @strip is in the part of the list the window shows (where it
 * was last laid out): the list view leaves the rows it keeps out of view
 * unmapped */
static gboolean
strip_in_view (HearthTileGrid *self,
               GtkWidget      *strip)
{
  graphene_rect_t bounds;

  if (!gtk_widget_get_mapped (strip) ||
      !gtk_widget_compute_bounds (strip, self->scrolled, &bounds))
    return FALSE;
  return bounds.origin.y + bounds.size.height >= 0 &&
         bounds.origin.y <= gtk_widget_get_height (self->scrolled);
}

/* The strip's tiles show its items; tiles are made only when the strip
 * has more columns than ever before. A tile already showing one of the
 * items keeps it and only moves along the strip (as items shift when a
 * device arrives before them): its text is not laid out again, and only
 * the tiles of items new to the strip are given another. @shifted: its
 * items changed while bound (else it was just bound). Returns whether the
 * tiles show the strip's items now (else it waits for a frame). */
static gboolean
fill_strip (HearthRowWidgets *widgets,
            gboolean          shifted)
{
  HearthTileRow *row = widgets->row;
  HearthTileGrid *self = widgets->grid;
  guint columns = hearth_tile_row_get_columns (row);
  g_autoptr(GPtrArray) old = NULL;
  GPtrArray *tiles;
  GtkWidget *previous = NULL;
  guint free_tile = 0;

  /* A strip that has no tiles yet waits for a frame with budget left,
   * as high as the last strip laid out, so the rows below do not move;
   * one that has tiles is never left half-built. One whose items shift
   * out of view waits too: as devices arrive before it, they shift again
   * and again, and it follows once a frame has budget left (or once it
   * comes into view), not at every shift. */
  if ((widgets->tiles->len == 0 || (shifted && !strip_in_view (self, widgets->strip))) &&
      !hearth_frame_budget_take (self->budget, columns))
    {
      hearth_frame_budget_wait (self->budget, widgets);
      if (widgets->tiles->len == 0)
        gtk_widget_set_size_request (widgets->strip, -1, self->strip_height);
      return FALSE;
    }
  hearth_frame_budget_forget (self->budget, widgets);
  gtk_widget_set_size_request (widgets->strip, -1, -1);
  if (gtk_widget_get_height (widgets->strip) > 0)
    self->strip_height = gtk_widget_get_height (widgets->strip);

  old = widgets->tiles;
  tiles = g_ptr_array_sized_new (columns);

  g_ptr_array_set_size (tiles, columns);
  for (guint i = 0; i < columns; i++)
    {
      HearthControlItem *item = hearth_tile_row_get_item (row, i);

      for (guint j = 0; item != NULL && j < old->len; j++)
        {
          HearthTile *tile = g_ptr_array_index (old, j);

          if (tile != NULL && hearth_tile_get_item (tile) == item)
            {
              g_ptr_array_index (tiles, i) = tile;
              g_ptr_array_index (old, j) = NULL;
              break;
            }
        }
    }

  for (guint i = 0; i < columns; i++)
    {
      if (g_ptr_array_index (tiles, i) != NULL)
        continue;

      while (free_tile < old->len && g_ptr_array_index (old, free_tile) == NULL)
        free_tile++;
      if (free_tile < old->len)
        {
          g_ptr_array_index (tiles, i) = g_ptr_array_index (old, free_tile);
          g_ptr_array_index (old, free_tile) = NULL;
        }
      else
        {
          GtkWidget *tile = hearth_tile_new ();

          widgets->grid->n_tiles_built++;
          gtk_box_append (GTK_BOX (widgets->strip), tile);
          g_ptr_array_index (tiles, i) = tile;
        }
    }

  for (guint j = 0; j < old->len; j++)
    {
      if (g_ptr_array_index (old, j) != NULL)
        gtk_box_remove (GTK_BOX (widgets->strip), g_ptr_array_index (old, j));
    }

  for (guint i = 0; i < columns; i++)
    {
      GtkWidget *tile = g_ptr_array_index (tiles, i);
      HearthControlItem *item = hearth_tile_row_get_item (row, i);

      hearth_tile_set_item (HEARTH_TILE (tile), item);
      /* An empty slot keeps its width, so columns line up */
      gtk_widget_set_child_visible (tile, item != NULL);
      if (gtk_widget_get_prev_sibling (tile) != previous)
        gtk_box_reorder_child_after (GTK_BOX (widgets->strip), tile, previous);
      previous = tile;
    }

  widgets->tiles = tiles;

  /* The height strips waiting for tiles hold, before any is laid out */
  if (self->strip_height == 0)
    gtk_widget_measure (widgets->strip, GTK_ORIENTATION_VERTICAL, -1,
                        NULL, &self->strip_height, NULL, NULL);
  return TRUE;
}

static gboolean
build_waiting_strip (gpointer waiting,
                     gpointer user_data)
{
  return fill_strip (waiting, TRUE);
}

static void
on_row_changed (HearthTileRow *row,
                HearthRowWidgets    *widgets)
{
  fill_strip (widgets, TRUE);
}

static void
on_factory_bind (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 HearthTileGrid           *self)
{
  GtkWidget *row_widget = gtk_list_item_get_child (list_item);
  HearthRowWidgets *widgets = _hearth_tile_grid_get_row_widgets (row_widget);
  HearthTileRow *row = gtk_list_item_get_item (list_item);

  g_hash_table_insert (self->bound, row_widget, list_item);
  row_widgets_unfollow (widgets);

  if (hearth_tile_row_is_heading (row))
    {
      HearthTileGroup group = hearth_tile_row_get_group (row);
      GListModel *model = hearth_tile_rows_get_model (self->rows);

      gtk_label_set_label (GTK_LABEL (widgets->heading), hearth_tile_row_get_title (row));
      hearth_group_button_set_group (HEARTH_GROUP_BUTTON (widgets->group_button),
                                     group != HEARTH_TILE_GROUP_OTHER && HEARTH_IS_CONTROL_LIST (model) ?
                                     hearth_control_list_get_home (HEARTH_CONTROL_LIST (model)) : NULL,
                                     group == HEARTH_TILE_GROUP_ROOM ? hearth_tile_row_get_title (row) : NULL);
      gtk_widget_set_visible (widgets->heading_box, TRUE);
      gtk_widget_set_visible (widgets->strip, FALSE);
      gtk_accessible_update_property (GTK_ACCESSIBLE (widgets->heading),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      hearth_tile_row_get_title (row),
                                      -1);
      return;
    }

  gtk_widget_set_visible (widgets->heading_box, FALSE);
  gtk_widget_set_visible (widgets->strip, TRUE);

  /* A strip's items change in place (a device arrived before them) */
  widgets->row = g_object_ref (row);
  g_signal_connect (row, "changed", G_CALLBACK (on_row_changed), widgets);
  fill_strip (widgets, FALSE);
}

static void
on_factory_unbind (GtkSignalListItemFactory *factory,
                   GtkListItem              *list_item,
                   HearthTileGrid           *self)
{
  GtkWidget *row_widget = gtk_list_item_get_child (list_item);
  HearthRowWidgets *widgets = _hearth_tile_grid_get_row_widgets (row_widget);

  g_hash_table_remove (self->bound, row_widget);
  row_widgets_unfollow (widgets);

  for (guint i = 0; i < widgets->tiles->len; i++)
    hearth_tile_set_item (g_ptr_array_index (widgets->tiles, i), NULL);
}

static void
on_factory_teardown (GtkSignalListItemFactory *factory,
                     GtkListItem              *list_item,
                     HearthTileGrid           *self)
{
  GtkWidget *row_widget = gtk_list_item_get_child (list_item);

  if (row_widget != NULL)
    g_hash_table_remove (self->bound, row_widget);
}

/* Layout: the number of columns follows the width */

static guint
columns_for_width (int width)
{
  int content = MIN (width - 2 * SIDE_PADDING, MAX_CONTENT);
  int ideal = (content + TILE_SPACING) / (TILE_IDEAL_WIDTH + TILE_SPACING);
  int most = (content + TILE_SPACING) / (TILE_MIN_WIDTH + TILE_SPACING);

  if (ideal < 2 && most >= 2)
    ideal = 2;
  return MAX (1, ideal);
}

static void
hearth_tile_grid_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  HearthTileGrid *self = HEARTH_TILE_GRID (widget);

  gtk_widget_measure (self->scrolled, orientation, for_size,
                      minimum, natural, minimum_baseline, natural_baseline);

  /* One column is always possible: the strips of today's column count
   * must not keep the window from getting narrower (the count follows
   * the width in size_allocate, before the strips are laid out) */
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = TILE_MIN_WIDTH + 2 * SIDE_PADDING;
      *natural = MAX (*natural, *minimum);
    }
}

static void
hearth_tile_grid_size_allocate (GtkWidget *widget,
                                int        width,
                                int        height,
                                int        baseline)
{
  HearthTileGrid *self = HEARTH_TILE_GRID (widget);
  guint columns = columns_for_width (width);

  /* Before the list is laid out, so no frame shows the old strips */
  if (columns != self->columns)
    {
      self->columns = columns;
      hearth_tile_rows_set_columns (self->rows, columns);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COLUMNS]);
    }

  gtk_widget_allocate (self->scrolled, width, height, baseline, NULL);
}

/* While shown, the rows change at most once a frame, in the frame's
 * update phase (before layout); while hidden (the window shows another
 * page), from an idle, so "n-visible" still follows the home */
static void
hearth_tile_grid_map (GtkWidget *widget)
{
  HearthTileGrid *self = HEARTH_TILE_GRID (widget);

  GTK_WIDGET_CLASS (hearth_tile_grid_parent_class)->map (widget);
  hearth_tile_rows_set_frame_clock (self->rows, gtk_widget_get_frame_clock (widget));
}

static void
hearth_tile_grid_unmap (GtkWidget *widget)
{
  HearthTileGrid *self = HEARTH_TILE_GRID (widget);

  hearth_tile_rows_set_frame_clock (self->rows, NULL);
  GTK_WIDGET_CLASS (hearth_tile_grid_parent_class)->unmap (widget);
}

/* GObject */

static void
hearth_tile_grid_dispose (GObject *object)
{
  HearthTileGrid *self = (HearthTileGrid *)object;

  if (self->rows != NULL)
    g_signal_handlers_disconnect_by_data (self->rows, self);
  g_clear_pointer (&self->scrolled, gtk_widget_unparent);
  g_clear_pointer (&self->budget, hearth_frame_budget_free);
  g_clear_object (&self->rows);

  G_OBJECT_CLASS (hearth_tile_grid_parent_class)->dispose (object);
}

static void
hearth_tile_grid_finalize (GObject *object)
{
  HearthTileGrid *self = (HearthTileGrid *)object;

  g_clear_pointer (&self->bound, g_hash_table_unref);

  G_OBJECT_CLASS (hearth_tile_grid_parent_class)->finalize (object);
}

static void
hearth_tile_grid_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  HearthTileGrid *self = HEARTH_TILE_GRID (object);

  switch ((HearthTileGridProperty) prop_id)
    {
    case PROP_MODEL:
      g_value_set_object (value, hearth_tile_rows_get_model (self->rows));
      break;
    case PROP_STORE:
      g_value_set_object (value, hearth_tile_rows_get_store (self->rows));
      break;
    case PROP_SEARCH:
      g_value_set_string (value, hearth_tile_rows_get_search (self->rows));
      break;
    case PROP_N_VISIBLE:
      g_value_set_uint (value, hearth_tile_rows_get_n_visible (self->rows));
      break;
    case PROP_COLUMNS:
      g_value_set_uint (value, self->columns);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hearth_tile_grid_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  HearthTileGrid *self = HEARTH_TILE_GRID (object);

  switch ((HearthTileGridProperty) prop_id)
    {
    case PROP_MODEL:
      hearth_tile_grid_set_model (self, g_value_get_object (value));
      break;
    case PROP_STORE:
      hearth_tile_grid_set_store (self, g_value_get_object (value));
      break;
    case PROP_SEARCH:
      hearth_tile_grid_set_search (self, g_value_get_string (value));
      break;
    case PROP_N_VISIBLE:
    case PROP_COLUMNS:
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hearth_tile_grid_class_init (HearthTileGridClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = hearth_tile_grid_dispose;
  object_class->finalize = hearth_tile_grid_finalize;
  object_class->get_property = hearth_tile_grid_get_property;
  object_class->set_property = hearth_tile_grid_set_property;

  widget_class->measure = hearth_tile_grid_measure;
  widget_class->size_allocate = hearth_tile_grid_size_allocate;
  widget_class->map = hearth_tile_grid_map;
  widget_class->unmap = hearth_tile_grid_unmap;

  properties[PROP_MODEL] = g_param_spec_object ("model", NULL, NULL, G_TYPE_LIST_MODEL, rw);
  properties[PROP_STORE] = g_param_spec_object ("store", NULL, NULL, HEARTH_TYPE_STORE, rw);
  properties[PROP_SEARCH] = g_param_spec_string ("search", NULL, NULL, NULL, rw);
  properties[PROP_N_VISIBLE] = g_param_spec_uint ("n-visible", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_COLUMNS] = g_param_spec_uint ("columns", NULL, NULL, 0, G_MAXUINT, 0, ro);
  g_object_class_install_properties (object_class, G_N_ELEMENTS (properties), properties);

  gtk_widget_class_set_css_name (widget_class, "tilegrid");
  g_type_ensure (HEARTH_TYPE_TILE);
}

static void
on_rows_notify_n_visible (HearthTileGrid *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_VISIBLE]);
}

static void
hearth_tile_grid_init (HearthTileGrid *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkEventController *keys;

  self->rows = hearth_tile_rows_new ();
  /* No rows (and no tiles built for them) before the width is known */
  hearth_tile_rows_set_columns (self->rows, 0);
  g_signal_connect_swapped (self->rows, "notify::n-visible",
                            G_CALLBACK (on_rows_notify_n_visible), self);
  self->bound = g_hash_table_new (NULL, NULL);
  self->budget = hearth_frame_budget_new (GTK_WIDGET (self), TILES_PER_FRAME,
                                          build_waiting_strip, NULL);

  g_signal_connect (factory, "setup", G_CALLBACK (on_factory_setup), self);
  g_signal_connect (factory, "bind", G_CALLBACK (on_factory_bind), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (on_factory_unbind), self);
  g_signal_connect (factory, "teardown", G_CALLBACK (on_factory_teardown), self);

  self->list_view = GTK_LIST_VIEW (gtk_list_view_new (GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (hearth_tile_rows_get_rows (self->rows)))),
                                                      factory));
  gtk_widget_add_css_class (GTK_WIDGET (self->list_view), "tile-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Controls"),
                                  -1);

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (_hearth_tile_grid_on_keys_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self->list_view), keys);

  self->scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scrolled),
                                  GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scrolled), GTK_WIDGET (self->list_view));
  gtk_widget_set_parent (self->scrolled, GTK_WIDGET (self));
}

GtkWidget *
hearth_tile_grid_new (void)
{
  return g_object_new (HEARTH_TYPE_TILE_GRID, NULL);
}

GListModel *
hearth_tile_grid_get_model (HearthTileGrid *self)
{
  g_return_val_if_fail (HEARTH_IS_TILE_GRID (self), NULL);
  return hearth_tile_rows_get_model (self->rows);
}

void
hearth_tile_grid_set_model (HearthTileGrid *self,
                            GListModel     *model)
{
  g_return_if_fail (HEARTH_IS_TILE_GRID (self));
  g_return_if_fail (model == NULL || G_IS_LIST_MODEL (model));

  if (hearth_tile_rows_get_model (self->rows) == model)
    return;

  hearth_tile_rows_set_model (self->rows, model);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
}

HearthStore *
hearth_tile_grid_get_store (HearthTileGrid *self)
{
  g_return_val_if_fail (HEARTH_IS_TILE_GRID (self), NULL);
  return hearth_tile_rows_get_store (self->rows);
}

void
hearth_tile_grid_set_store (HearthTileGrid *self,
                            HearthStore    *store)
{
  g_return_if_fail (HEARTH_IS_TILE_GRID (self));
  g_return_if_fail (store == NULL || HEARTH_IS_STORE (store));

  if (hearth_tile_rows_get_store (self->rows) == store)
    return;

  hearth_tile_rows_set_store (self->rows, store);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

const char *
hearth_tile_grid_get_search (HearthTileGrid *self)
{
  g_return_val_if_fail (HEARTH_IS_TILE_GRID (self), NULL);
  return hearth_tile_rows_get_search (self->rows);
}

void
hearth_tile_grid_set_search (HearthTileGrid *self,
                             const char     *search)
{
  g_return_if_fail (HEARTH_IS_TILE_GRID (self));

  if (search != NULL && *search == '\0')
    search = NULL;
  if (g_strcmp0 (hearth_tile_rows_get_search (self->rows), search) == 0)
    return;

  hearth_tile_rows_set_search (self->rows, search);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH]);
}

guint
hearth_tile_grid_get_n_visible (HearthTileGrid *self)
{
  g_return_val_if_fail (HEARTH_IS_TILE_GRID (self), 0);
  return hearth_tile_rows_get_n_visible (self->rows);
}

guint
hearth_tile_grid_get_columns (HearthTileGrid *self)
{
  g_return_val_if_fail (HEARTH_IS_TILE_GRID (self), 0);
  return self->columns;
}

GListModel *
hearth_tile_grid_get_rows (HearthTileGrid *self)
{
  g_return_val_if_fail (HEARTH_IS_TILE_GRID (self), NULL);
  return hearth_tile_rows_get_rows (self->rows);
}

HearthTile *
hearth_tile_grid_find_tile (HearthTileGrid *self,
                            const char     *key)
{
  GHashTableIter iter;
  gpointer widget;
  HearthTile *found = NULL;
  guint found_position = G_MAXUINT;
  gpointer list_item;

  g_return_val_if_fail (HEARTH_IS_TILE_GRID (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  /* The first one from the top (a favourite is also in its room) */
  g_hash_table_iter_init (&iter, self->bound);
  while (g_hash_table_iter_next (&iter, &widget, &list_item))
    {
      HearthRowWidgets *widgets = _hearth_tile_grid_get_row_widgets (widget);
      guint position = gtk_list_item_get_position (list_item);

      for (guint i = 0; i < widgets->tiles->len; i++)
        {
          HearthTile *tile = g_ptr_array_index (widgets->tiles, i);
          HearthControlItem *item = hearth_tile_get_item (tile);

          if (item != NULL && gtk_widget_get_child_visible (GTK_WIDGET (tile)) &&
              g_strcmp0 (hearth_control_item_get_key (item), key) == 0 &&
              position < found_position)
            {
              found = tile;
              found_position = position;
            }
        }
    }

  return found;
}

guint
hearth_tile_grid_get_n_tiles_built (HearthTileGrid *self)
{
  g_return_val_if_fail (HEARTH_IS_TILE_GRID (self), 0);
  return self->n_tiles_built;
}

guint
hearth_tile_grid_get_n_row_updates (HearthTileGrid *self)
{
  g_return_val_if_fail (HEARTH_IS_TILE_GRID (self), 0);
  return hearth_tile_rows_get_n_updates (self->rows);
}


void
hearth_tile_grid_flush (HearthTileGrid *self)
{
  g_return_if_fail (HEARTH_IS_TILE_GRID (self));

  hearth_tile_rows_flush (self->rows);
  hearth_frame_budget_flush (self->budget);
}
