/* hearth-tile-rows.c: the home's controls as the grid shows them
 *
 * Why rows: GTK 4.8 has neither list sections nor spanning items in
 * GtkGridView (see hearth-tile-grid.c), so the grid is a GtkListView of
 * rows, each a group's heading or a strip of N tiles. This model makes
 * them: it groups, searches and leaves hidden items out; the grid only
 * displays what it says. Rows are rebuilt when the grouping changes,
 * never for a change of state: tiles follow their items themselves.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <gtk/gtk.h>

#include "hearth-control-item.h"
#include "hearth-tile-rows.h"

struct _HearthTileRows
{
  GObject         parent_instance;

  GPtrArray      *rows;       /* HearthTileRow */

  GListModel     *model;
  HearthStore    *store;
  char           *search;
  char          **search_words;

  GHashTable     *watched;    /* HearthControlItem → TRUE */
  guint           columns;
  guint           n_visible;
  guint           rebuild_id;
};

static void hearth_tile_rows_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HearthTileRows, hearth_tile_rows, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      hearth_tile_rows_list_model_init))

typedef enum
{
  PROP_MODEL = 1,
  PROP_STORE,
  PROP_SEARCH,
  PROP_COLUMNS,
  PROP_N_VISIBLE,
} HearthTileRowsProperty;

static GParamSpec *properties[PROP_N_VISIBLE + 1];

static void rebuild (HearthTileRows *self);

/* Grouping */

typedef struct
{
  HearthControlItem *item;
  char              *sort_key;
} Entry;

static void
entry_clear (gpointer data)
{
  Entry *entry = data;

  g_free (entry->sort_key);
}

static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  const Entry *ea = a;
  const Entry *eb = b;
  int cmp = strcmp (ea->sort_key, eb->sort_key);

  if (cmp != 0)
    return cmp;
  return g_strcmp0 (hearth_control_item_get_key (ea->item), hearth_control_item_get_key (eb->item));
}

static gboolean
matches_search (HearthTileRows    *self,
                HearthControlItem *item)
{
  const char *text;

  if (self->search_words == NULL)
    return TRUE;

  text = hearth_control_item_get_search_text (item);
  for (guint i = 0; self->search_words[i] != NULL; i++)
    {
      if (text == NULL || strstr (text, self->search_words[i]) == NULL)
        return FALSE;
    }
  return TRUE;
}

static void
add_group (HearthTileRows *self,
           GPtrArray      *rows,
           const char     *title,
           GArray         *entries)
{
  g_autoptr(GPtrArray) strip = NULL;

  if (entries->len == 0)
    return;

  g_array_sort (entries, compare_entries);
  g_ptr_array_add (rows, hearth_tile_row_new_heading (title));

  strip = g_ptr_array_new ();
  for (guint i = 0; i < entries->len; i++)
    {
      g_ptr_array_add (strip, g_array_index (entries, Entry, i).item);
      if (strip->len == self->columns || i + 1 == entries->len)
        {
          g_ptr_array_add (rows, hearth_tile_row_new_strip (strip, self->columns));
          g_ptr_array_set_size (strip, 0);
        }
    }
}

static GArray *
new_entries (void)
{
  GArray *entries = g_array_new (FALSE, FALSE, sizeof (Entry));

  g_array_set_clear_func (entries, entry_clear);
  return entries;
}

static void
append_entry (GArray            *entries,
              HearthControlItem *item)
{
  Entry entry;
  const char *title = hearth_control_item_get_title (item);

  entry.item = item;
  entry.sort_key = g_utf8_collate_key (title ? title : "", -1);
  g_array_append_val (entries, entry);
}

static gboolean
rebuild_cb (gpointer user_data)
{
  HearthTileRows *self = user_data;

  self->rebuild_id = 0;
  rebuild (self);
  return G_SOURCE_REMOVE;
}

/* Before the next frame is laid out */
static void
queue_rebuild (HearthTileRows *self)
{
  if (self->rebuild_id == 0)
    self->rebuild_id = g_idle_add_full (GDK_PRIORITY_REDRAW - 10, rebuild_cb, self, NULL);
}

static void
on_item_notify (HearthTileRows *self)
{
  queue_rebuild (self);
}

static void
watch_items (HearthTileRows *self)
{
  g_autoptr(GHashTable) now = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
  GHashTableIter iter;
  gpointer item;
  guint n = self->model ? g_list_model_get_n_items (self->model) : 0;

  for (guint i = 0; i < n; i++)
    g_hash_table_add (now, g_list_model_get_item (self->model, i));

  g_hash_table_iter_init (&iter, self->watched);
  while (g_hash_table_iter_next (&iter, &item, NULL))
    {
      if (!g_hash_table_contains (now, item))
        {
          g_signal_handlers_disconnect_by_data (item, self);
          g_hash_table_iter_remove (&iter);
        }
    }

  g_hash_table_iter_init (&iter, now);
  while (g_hash_table_iter_next (&iter, &item, NULL))
    {
      if (g_hash_table_contains (self->watched, item))
        continue;

      /* What moves a tile; a change of state does not */
      g_signal_connect_swapped (item, "notify::search-text", G_CALLBACK (on_item_notify), self);
      g_signal_connect_swapped (item, "notify::room", G_CALLBACK (on_item_notify), self);
      g_signal_connect_swapped (item, "notify::favourite", G_CALLBACK (on_item_notify), self);
      g_signal_connect_swapped (item, "notify::hidden", G_CALLBACK (on_item_notify), self);
      g_hash_table_insert (self->watched, g_object_ref (item), GINT_TO_POINTER (TRUE));
    }
}

static void
unwatch_all (HearthTileRows *self)
{
  GHashTableIter iter;
  gpointer item;

  g_hash_table_iter_init (&iter, self->watched);
  while (g_hash_table_iter_next (&iter, &item, NULL))
    g_signal_handlers_disconnect_by_data (item, self);
  g_hash_table_remove_all (self->watched);
}

static void
splice (HearthTileRows *self,
        guint           position,
        guint           n_removed,
        gpointer       *added,
        guint           n_added)
{
  g_ptr_array_remove_range (self->rows, position, n_removed);
  for (guint i = 0; i < n_added; i++)
    g_ptr_array_insert (self->rows, position + i, g_object_ref (added[i]));
  g_list_model_items_changed (G_LIST_MODEL (self), position, n_removed, n_added);
}

static void
rebuild (HearthTileRows *self)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) favourites = new_entries ();
  g_autoptr(GArray) unplaced = new_entries ();
  g_autoptr(GHashTable) by_room = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                         (GDestroyNotify) g_array_unref);
  g_autoptr(GHashTable) distinct = g_hash_table_new (NULL, NULL);
  g_autoptr(GPtrArray) room_order = g_ptr_array_new_with_free_func (g_free);
  const char * const *rooms = self->store ? hearth_store_get_rooms (self->store) : NULL;
  guint n = self->model ? g_list_model_get_n_items (self->model) : 0;
  guint old_n = self->rows->len;
  guint prefix = 0;
  guint suffix = 0;

  g_clear_handle_id (&self->rebuild_id, g_source_remove);

  watch_items (self);

  for (guint i = 0; rooms != NULL && rooms[i] != NULL; i++)
    {
      if (g_hash_table_contains (by_room, rooms[i]))
        continue;
      g_hash_table_insert (by_room, g_strdup (rooms[i]), new_entries ());
      g_ptr_array_add (room_order, g_strdup (rooms[i]));
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HearthControlItem) item = g_list_model_get_item (self->model, i);
      const char *room;
      GArray *group;

      if (hearth_control_item_get_hidden (item) || !matches_search (self, item))
        continue;

      g_hash_table_add (distinct, item);

      /* Favourites are also in their room, as in other home apps: the
       * room stays whole. Not while searching: one tile per result. */
      if (hearth_control_item_get_favourite (item) && self->search_words == NULL)
        append_entry (favourites, item);

      room = hearth_control_item_get_room (item);
      if (room == NULL)
        {
          append_entry (unplaced, item);
          continue;
        }

      group = g_hash_table_lookup (by_room, room);
      if (group == NULL)
        {
          /* A room the store does not list (yet): after the listed ones */
          group = new_entries ();
          g_hash_table_insert (by_room, g_strdup (room), group);
          g_ptr_array_add (room_order, g_strdup (room));
        }
      append_entry (group, item);
    }

  add_group (self, rows, _("Favourites"), favourites);
  for (guint i = 0; i < room_order->len; i++)
    {
      const char *room = g_ptr_array_index (room_order, i);

      add_group (self, rows, room, g_hash_table_lookup (by_room, room));
    }
  {
    gboolean any_room = FALSE;

    for (guint i = 0; i < room_order->len && !any_room; i++)
      any_room = ((GArray *) g_hash_table_lookup (by_room, g_ptr_array_index (room_order, i)))->len > 0;
    add_group (self, rows, any_room ? _("Other Devices") : _("Devices"), unplaced);
  }

  /* Replace only what differs, so the list view keeps its other rows */
  while (prefix < old_n && prefix < rows->len)
    {
      HearthTileRow *old = g_ptr_array_index (self->rows, prefix);

      if (!hearth_tile_row_equal (old, g_ptr_array_index (rows, prefix)))
        break;
      prefix++;
    }
  while (suffix < old_n - prefix && suffix < rows->len - prefix)
    {
      HearthTileRow *old = g_ptr_array_index (self->rows, old_n - 1 - suffix);

      if (!hearth_tile_row_equal (old, g_ptr_array_index (rows, rows->len - 1 - suffix)))
        break;
      suffix++;
    }

  if (prefix < old_n || prefix < rows->len)
    splice (self, prefix, old_n - prefix - suffix,
            rows->pdata + prefix, rows->len - prefix - suffix);

  if (self->n_visible != g_hash_table_size (distinct))
    {
      self->n_visible = g_hash_table_size (distinct);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_VISIBLE]);
    }
}

static void
on_model_items_changed (HearthTileRows *self)
{
  queue_rebuild (self);
}

static void
on_store_changed (HearthTileRows *self,
                  const char     *what)
{
  if (g_strcmp0 (what, "rooms") == 0)
    queue_rebuild (self);
}

/* GListModel */

static GType
hearth_tile_rows_get_item_type (GListModel *model)
{
  return HEARTH_TYPE_TILE_ROW;
}

static guint
hearth_tile_rows_get_n_items (GListModel *model)
{
  return HEARTH_TILE_ROWS (model)->rows->len;
}

static gpointer
hearth_tile_rows_get_item (GListModel *model,
                           guint       position)
{
  HearthTileRows *self = HEARTH_TILE_ROWS (model);

  if (position >= self->rows->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->rows, position));
}

static void
hearth_tile_rows_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = hearth_tile_rows_get_item_type;
  iface->get_n_items = hearth_tile_rows_get_n_items;
  iface->get_item = hearth_tile_rows_get_item;
}

/* GObject */

static void
hearth_tile_rows_dispose (GObject *object)
{
  HearthTileRows *self = HEARTH_TILE_ROWS (object);

  g_clear_handle_id (&self->rebuild_id, g_source_remove);
  if (self->watched != NULL)
    unwatch_all (self);
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->model);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (hearth_tile_rows_parent_class)->dispose (object);
}

static void
hearth_tile_rows_finalize (GObject *object)
{
  HearthTileRows *self = HEARTH_TILE_ROWS (object);

  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->search, g_free);
  g_clear_pointer (&self->search_words, g_strfreev);
  g_clear_pointer (&self->watched, g_hash_table_unref);

  G_OBJECT_CLASS (hearth_tile_rows_parent_class)->finalize (object);
}

static void
hearth_tile_rows_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  HearthTileRows *self = HEARTH_TILE_ROWS (object);

  switch ((HearthTileRowsProperty) prop_id)
    {
    case PROP_MODEL:
      g_value_set_object (value, self->model);
      break;
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_SEARCH:
      g_value_set_string (value, self->search);
      break;
    case PROP_COLUMNS:
      g_value_set_uint (value, self->columns);
      break;
    case PROP_N_VISIBLE:
      g_value_set_uint (value, self->n_visible);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hearth_tile_rows_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  HearthTileRows *self = HEARTH_TILE_ROWS (object);

  switch ((HearthTileRowsProperty) prop_id)
    {
    case PROP_MODEL:
      hearth_tile_rows_set_model (self, g_value_get_object (value));
      break;
    case PROP_STORE:
      hearth_tile_rows_set_store (self, g_value_get_object (value));
      break;
    case PROP_SEARCH:
      hearth_tile_rows_set_search (self, g_value_get_string (value));
      break;
    case PROP_COLUMNS:
      hearth_tile_rows_set_columns (self, g_value_get_uint (value));
      break;
    case PROP_N_VISIBLE:
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hearth_tile_rows_class_init (HearthTileRowsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = hearth_tile_rows_dispose;
  object_class->finalize = hearth_tile_rows_finalize;
  object_class->get_property = hearth_tile_rows_get_property;
  object_class->set_property = hearth_tile_rows_set_property;

  properties[PROP_MODEL] = g_param_spec_object ("model", NULL, NULL, G_TYPE_LIST_MODEL, rw);
  properties[PROP_STORE] = g_param_spec_object ("store", NULL, NULL, HEARTH_TYPE_STORE, rw);
  properties[PROP_SEARCH] = g_param_spec_string ("search", NULL, NULL, NULL, rw);
  properties[PROP_COLUMNS] = g_param_spec_uint ("columns", NULL, NULL, 1, G_MAXUINT, 1, rw);
  properties[PROP_N_VISIBLE] = g_param_spec_uint ("n-visible", NULL, NULL, 0, G_MAXUINT, 0, ro);
  g_object_class_install_properties (object_class, G_N_ELEMENTS (properties), properties);
}

static void
hearth_tile_rows_init (HearthTileRows *self)
{
  self->rows = g_ptr_array_new_with_free_func (g_object_unref);
  self->watched = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
  self->columns = 1;
}

HearthTileRows *
hearth_tile_rows_new (void)
{
  return g_object_new (HEARTH_TYPE_TILE_ROWS, NULL);
}

GListModel *
hearth_tile_rows_get_model (HearthTileRows *self)
{
  g_return_val_if_fail (HEARTH_IS_TILE_ROWS (self), NULL);
  return self->model;
}

void
hearth_tile_rows_set_model (HearthTileRows *self,
                            GListModel     *model)
{
  g_return_if_fail (HEARTH_IS_TILE_ROWS (self));
  g_return_if_fail (model == NULL || G_IS_LIST_MODEL (model));

  if (self->model == model)
    return;

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  unwatch_all (self);
  g_set_object (&self->model, model);
  if (model != NULL)
    g_signal_connect_object (model, "items-changed",
                             G_CALLBACK (on_model_items_changed), self,
                             G_CONNECT_SWAPPED);

  rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
}

HearthStore *
hearth_tile_rows_get_store (HearthTileRows *self)
{
  g_return_val_if_fail (HEARTH_IS_TILE_ROWS (self), NULL);
  return self->store;
}

void
hearth_tile_rows_set_store (HearthTileRows *self,
                            HearthStore    *store)
{
  g_return_if_fail (HEARTH_IS_TILE_ROWS (self));
  g_return_if_fail (store == NULL || HEARTH_IS_STORE (store));

  if (self->store == store)
    return;

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_set_object (&self->store, store);
  if (store != NULL)
    g_signal_connect_object (store, "changed",
                             G_CALLBACK (on_store_changed), self,
                             G_CONNECT_SWAPPED);

  queue_rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

const char *
hearth_tile_rows_get_search (HearthTileRows *self)
{
  g_return_val_if_fail (HEARTH_IS_TILE_ROWS (self), NULL);
  return self->search;
}

void
hearth_tile_rows_set_search (HearthTileRows *self,
                             const char     *search)
{
  g_autofree char *folded = NULL;

  g_return_if_fail (HEARTH_IS_TILE_ROWS (self));

  if (search != NULL && *search == '\0')
    search = NULL;
  if (g_strcmp0 (self->search, search) == 0)
    return;

  g_free (self->search);
  self->search = g_strdup (search);

  g_clear_pointer (&self->search_words, g_strfreev);
  if (search != NULL)
    {
      folded = g_utf8_casefold (search, -1);
      self->search_words = g_strsplit_set (g_strstrip (folded), " \t", -1);
      /* No empty words from runs of spaces */
      {
        guint j = 0;

        for (guint i = 0; self->search_words[i] != NULL; i++)
          {
            if (*self->search_words[i] != '\0')
              self->search_words[j++] = self->search_words[i];
            else
              g_free (self->search_words[i]);
          }
        self->search_words[j] = NULL;
        if (j == 0)
          g_clear_pointer (&self->search_words, g_strfreev);
      }
    }

  rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH]);
}

guint
hearth_tile_rows_get_columns (HearthTileRows *self)
{
  g_return_val_if_fail (HEARTH_IS_TILE_ROWS (self), 1);
  return self->columns;
}

void
hearth_tile_rows_set_columns (HearthTileRows *self,
                              guint           columns)
{
  g_return_if_fail (HEARTH_IS_TILE_ROWS (self));
  g_return_if_fail (columns > 0);

  if (self->columns == columns)
    return;

  self->columns = columns;
  rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COLUMNS]);
}

guint
hearth_tile_rows_get_n_visible (HearthTileRows *self)
{
  g_return_val_if_fail (HEARTH_IS_TILE_ROWS (self), 0);
  return self->n_visible;
}

void
hearth_tile_rows_flush (HearthTileRows *self)
{
  g_return_if_fail (HEARTH_IS_TILE_ROWS (self));

  if (self->rebuild_id != 0)
    rebuild (self);
}
