/* hearth-tile-rows.c: the home's controls as the grid shows them
 *
 * Why rows: GTK 4.8 has neither list sections nor spanning items in
 * GtkGridView (see hearth-tile-grid.c), so the grid is a GtkListView of
 * rows, each a group's heading or a strip of N tiles. This model makes
 * them: it groups, searches and leaves hidden items out; the grid only
 * displays what it says. Rows change when the grouping changes, never for
 * a change of state: tiles follow their items themselves.
 *
 * A change touches as little as it can: a group keeps its heading and its
 * strips, whose items shift in place (a device arriving at a group's top
 * moves every later tile one place on, in the same widgets); rows come and
 * go only at a group's end (one strip more or fewer) and with the group
 * itself, so the list view builds widgets only for rows that are new.
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

  GListStore     *rows;       /* HearthTileRow, as the grid shows them */
  GPtrArray      *groups;     /* Group, in the order of their rows */

  GListModel     *model;
  HearthStore    *store;
  char           *search;
  char          **search_words;

  GHashTable     *watched;    /* HearthControlItem → its sort key, or NULL */
  guint           columns;
  guint           n_visible;
  guint           rebuild_id;
  gboolean        pending;    /* a change waits to be applied */
  guint           n_updates;

  GdkFrameClock  *frame_clock;
  gulong          update_id;
};

G_DEFINE_FINAL_TYPE (HearthTileRows, hearth_tile_rows, G_TYPE_OBJECT)

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
  const char        *sort_key;
} Entry;

/* A group as the rows show it: its heading, then its strips */
typedef struct
{
  char          *id;          /* "f" (Favourites), "r" + room, "o" (the rest) */
  HearthTileRow *heading;
  GPtrArray     *strips;      /* HearthTileRow */
} Group;

/* A group as it should be */
typedef struct
{
  char       *id;
  const char *title;
  GArray     *entries;        /* Entry */
} Wanted;

static void
group_free (gpointer data)
{
  Group *group = data;

  if (group == NULL)
    return;
  g_free (group->id);
  g_clear_object (&group->heading);
  g_ptr_array_unref (group->strips);
  g_free (group);
}

static guint
group_n_rows (Group *group)
{
  return 1 + group->strips->len;
}

static void
wanted_free (gpointer data)
{
  Wanted *wanted = data;

  if (wanted == NULL)
    return;
  g_free (wanted->id);
  g_array_unref (wanted->entries);
  g_free (wanted);
}

static Wanted *
wanted_new (char       *id,
            const char *title)
{
  Wanted *wanted = g_new0 (Wanted, 1);

  wanted->id = id;
  wanted->title = title;
  wanted->entries = g_array_new (FALSE, FALSE, sizeof (Entry));
  return wanted;
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

/* The collation key of @item's title, made once per title */
static const char *
sort_key (HearthTileRows    *self,
          HearthControlItem *item)
{
  const char *key = g_hash_table_lookup (self->watched, item);

  if (key == NULL)
    {
      const char *title = hearth_control_item_get_title (item);
      char *made = g_utf8_collate_key (title ? title : "", -1);

      g_hash_table_insert (self->watched, g_object_ref (item), made);
      key = made;
    }
  return key;
}

static void
append_entry (HearthTileRows    *self,
              Wanted            *wanted,
              HearthControlItem *item)
{
  Entry entry;

  entry.item = item;
  entry.sort_key = sort_key (self, item);
  g_array_append_val (wanted->entries, entry);
}

static gboolean
rebuild_cb (gpointer user_data)
{
  HearthTileRows *self = user_data;

  self->rebuild_id = 0;
  rebuild (self);
  return G_SOURCE_REMOVE;
}

static void
on_frame_clock_update (GdkFrameClock  *clock,
                       HearthTileRows *self)
{
  if (self->pending)
    rebuild (self);
}

/* Before the next frame is laid out: in the frame clock's update phase if
 * there is one, so a burst of changes spread over many main-loop turns
 * (devices arriving one by one) is applied once a frame; else from an
 * idle just before the next frame. */
static void
schedule_rebuild (HearthTileRows *self)
{
  if (self->frame_clock != NULL)
    gdk_frame_clock_request_phase (self->frame_clock, GDK_FRAME_CLOCK_PHASE_UPDATE);
  else if (self->rebuild_id == 0)
    self->rebuild_id = g_idle_add_full (GDK_PRIORITY_REDRAW - 10, rebuild_cb, self, NULL);
}

static void
queue_rebuild (HearthTileRows *self)
{
  if (self->pending)
    return;
  self->pending = TRUE;
  schedule_rebuild (self);
}

static void
on_item_notify (HearthTileRows    *self,
                GParamSpec        *pspec,
                HearthControlItem *item)
{
  /* A new title sorts anew */
  if (g_strcmp0 (pspec->name, "title") == 0)
    g_hash_table_insert (self->watched, g_object_ref (item), NULL);
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
      g_signal_connect_swapped (item, "notify::title", G_CALLBACK (on_item_notify), self);
      g_signal_connect_swapped (item, "notify::search-text", G_CALLBACK (on_item_notify), self);
      g_signal_connect_swapped (item, "notify::room", G_CALLBACK (on_item_notify), self);
      g_signal_connect_swapped (item, "notify::favourite", G_CALLBACK (on_item_notify), self);
      g_signal_connect_swapped (item, "notify::hidden", G_CALLBACK (on_item_notify), self);
      g_hash_table_insert (self->watched, g_object_ref (item), NULL);
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

/* What the groups should be: Favourites, the rooms, the rest; the empty
 * ones left out. Returns the distinct items in them. */
static guint
want_groups (HearthTileRows *self,
             GPtrArray      *wanted)
{
  g_autoptr(GHashTable) by_room = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) distinct = g_hash_table_new (NULL, NULL);
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (wanted_free);
  const char * const *rooms = self->store ? hearth_store_get_rooms (self->store) : NULL;
  guint n = self->model ? g_list_model_get_n_items (self->model) : 0;
  Wanted *favourites;
  Wanted *unplaced;
  gboolean any_room = FALSE;

  favourites = wanted_new (g_strdup ("f"), _("Favourites"));
  g_ptr_array_add (all, favourites);
  for (guint i = 0; rooms != NULL && rooms[i] != NULL; i++)
    {
      Wanted *group;

      if (g_hash_table_contains (by_room, rooms[i]))
        continue;
      group = wanted_new (g_strconcat ("r", rooms[i], NULL), rooms[i]);
      g_hash_table_insert (by_room, (char *) group->title, group);
      g_ptr_array_add (all, group);
    }
  unplaced = wanted_new (g_strdup ("o"), NULL);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HearthControlItem) item = g_list_model_get_item (self->model, i);
      const char *room;
      Wanted *group;

      if (hearth_control_item_get_hidden (item) || !matches_search (self, item))
        continue;

      g_hash_table_add (distinct, item);

      /* Favourites are also in their room, as in other home apps: the
       * room stays whole. Not while searching: one tile per result. */
      if (hearth_control_item_get_favourite (item) && self->search_words == NULL)
        append_entry (self, favourites, item);

      room = hearth_control_item_get_room (item);
      if (room == NULL)
        {
          append_entry (self, unplaced, item);
          continue;
        }

      group = g_hash_table_lookup (by_room, room);
      if (group == NULL)
        {
          /* A room the store does not list (yet): after the listed ones.
           * The title is the item's own string, alive while it is. */
          group = wanted_new (g_strconcat ("r", room, NULL), room);
          g_hash_table_insert (by_room, (char *) group->title, group);
          g_ptr_array_add (all, group);
        }
      append_entry (self, group, item);
    }

  for (guint i = 1; i < all->len && !any_room; i++)
    any_room = ((Wanted *) g_ptr_array_index (all, i))->entries->len > 0;
  unplaced->title = any_room ? _("Other Devices") : _("Devices");
  g_ptr_array_add (all, unplaced);

  for (guint i = 0; i < all->len; i++)
    {
      Wanted *group = g_ptr_array_index (all, i);

      if (group->entries->len == 0)
        continue;
      g_array_sort (group->entries, compare_entries);
      g_ptr_array_add (wanted, g_steal_pointer (&all->pdata[i]));
    }

  return g_hash_table_size (distinct);
}

static void
splice_rows (HearthTileRows *self,
             guint           position,
             guint           n_removed,
             GPtrArray      *added)
{
  g_list_store_splice (self->rows, position, n_removed,
                       added ? added->pdata : NULL, added ? added->len : 0);
}

/* Shows @wanted in @group, whose rows start at @position: the heading
 * replaced if its title changed, the strips given their items in place,
 * strips added or removed at the end */
static void
update_group (HearthTileRows *self,
              Group          *group,
              Wanted         *wanted,
              guint           position)
{
  g_autofree gpointer *items = g_new (gpointer, wanted->entries->len);
  guint n = wanted->entries->len;
  guint columns = self->columns;
  guint needed = (n + columns - 1) / columns;
  guint had = group->strips->len;

  for (guint i = 0; i < n; i++)
    items[i] = g_array_index (wanted->entries, Entry, i).item;

  if (group->heading == NULL ||
      g_strcmp0 (hearth_tile_row_get_title (group->heading), wanted->title) != 0)
    {
      HearthTileRow *heading = hearth_tile_row_new_heading (wanted->title);

      hearth_tile_row_set_group (heading, wanted->id[0] == 'f' ? HEARTH_TILE_GROUP_FAVOURITES :
                                          wanted->id[0] == 'r' ? HEARTH_TILE_GROUP_ROOM : HEARTH_TILE_GROUP_OTHER);

      g_list_store_splice (self->rows, position, group->heading ? 1 : 0, (gpointer *) &heading, 1);
      g_clear_object (&group->heading);
      group->heading = heading;
    }

  for (guint i = 0; i < MIN (had, needed); i++)
    hearth_tile_row_set_items (g_ptr_array_index (group->strips, i),
                               items + i * columns, MIN (columns, n - i * columns), columns);

  if (needed > had)
    {
      g_autoptr(GPtrArray) added = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = had; i < needed; i++)
        g_ptr_array_add (added, hearth_tile_row_new_strip (items + i * columns,
                                                           MIN (columns, n - i * columns),
                                                           columns));
      splice_rows (self, position + 1 + had, 0, added);
      for (guint i = 0; i < added->len; i++)
        g_ptr_array_add (group->strips, g_object_ref (g_ptr_array_index (added, i)));
    }
  else if (needed < had)
    {
      splice_rows (self, position + 1 + needed, had - needed, NULL);
      g_ptr_array_remove_range (group->strips, needed, had - needed);
    }
}

static void
rebuild (HearthTileRows *self)
{
  g_autoptr(GPtrArray) wanted = g_ptr_array_new_with_free_func (wanted_free);
  g_autoptr(GPtrArray) groups = g_ptr_array_new_with_free_func (group_free);
  guint n_visible;
  guint position = 0;
  guint next_old = 0;

  g_clear_handle_id (&self->rebuild_id, g_source_remove);
  self->pending = FALSE;
  self->n_updates++;

  watch_items (self);
  n_visible = want_groups (self, wanted);
  /* No width yet: no rows, which would be cut again once there is one */
  if (self->columns == 0)
    g_ptr_array_set_size (wanted, 0);

  /* Groups that stay keep their rows; ones gone or out of order go, and
   * what is new (or moved) comes in where it belongs */
  for (guint i = 0; i < wanted->len; i++)
    {
      Wanted *want = g_ptr_array_index (wanted, i);
      Group *group = NULL;
      guint found = next_old;

      for (; found < self->groups->len; found++)
        {
          if (g_str_equal (((Group *) g_ptr_array_index (self->groups, found))->id, want->id))
            break;
        }

      if (found < self->groups->len)
        {
          for (; next_old < found; next_old++)
            {
              Group *gone = g_ptr_array_index (self->groups, next_old);

              splice_rows (self, position, group_n_rows (gone), NULL);
            }
          group = g_steal_pointer (&self->groups->pdata[found]);
          next_old = found + 1;
        }
      else
        {
          group = g_new0 (Group, 1);
          group->id = g_strdup (want->id);
          group->strips = g_ptr_array_new_with_free_func (g_object_unref);
        }

      update_group (self, group, want, position);
      position += group_n_rows (group);
      g_ptr_array_add (groups, group);
    }
  for (; next_old < self->groups->len; next_old++)
    splice_rows (self, position, group_n_rows (g_ptr_array_index (self->groups, next_old)), NULL);

  g_ptr_array_unref (self->groups);
  self->groups = g_steal_pointer (&groups);

  if (self->n_visible != n_visible)
    {
      self->n_visible = n_visible;
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

/* GObject */

static void
hearth_tile_rows_dispose (GObject *object)
{
  HearthTileRows *self = HEARTH_TILE_ROWS (object);

  self->pending = FALSE;
  hearth_tile_rows_set_frame_clock (self, NULL);
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

  g_clear_object (&self->rows);
  g_clear_pointer (&self->groups, g_ptr_array_unref);
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
  properties[PROP_COLUMNS] = g_param_spec_uint ("columns", NULL, NULL, 0, G_MAXUINT, 1, rw);
  properties[PROP_N_VISIBLE] = g_param_spec_uint ("n-visible", NULL, NULL, 0, G_MAXUINT, 0, ro);
  g_object_class_install_properties (object_class, G_N_ELEMENTS (properties), properties);
}

static void
hearth_tile_rows_init (HearthTileRows *self)
{
  self->rows = g_list_store_new (HEARTH_TYPE_TILE_ROW);
  self->groups = g_ptr_array_new_with_free_func (group_free);
  self->watched = g_hash_table_new_full (NULL, NULL, g_object_unref, g_free);
  self->columns = 1;
}

HearthTileRows *
hearth_tile_rows_new (void)
{
  return g_object_new (HEARTH_TYPE_TILE_ROWS, NULL);
}

GListModel *
hearth_tile_rows_get_rows (HearthTileRows *self)
{
  g_return_val_if_fail (HEARTH_IS_TILE_ROWS (self), NULL);
  return G_LIST_MODEL (self->rows);
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

  if (self->pending)
    rebuild (self);
}

void
hearth_tile_rows_set_frame_clock (HearthTileRows *self,
                                  GdkFrameClock  *clock)
{
  g_return_if_fail (HEARTH_IS_TILE_ROWS (self));
  g_return_if_fail (clock == NULL || GDK_IS_FRAME_CLOCK (clock));

  if (self->frame_clock == clock)
    return;

  if (self->frame_clock != NULL)
    g_clear_signal_handler (&self->update_id, self->frame_clock);
  g_set_object (&self->frame_clock, clock);
  if (clock != NULL)
    self->update_id = g_signal_connect (clock, "update",
                                        G_CALLBACK (on_frame_clock_update), self);

  /* A change waiting goes to the new clock (or the idle) */
  g_clear_handle_id (&self->rebuild_id, g_source_remove);
  if (self->pending)
    schedule_rebuild (self);
}

guint
hearth_tile_rows_get_n_updates (HearthTileRows *self)
{
  g_return_val_if_fail (HEARTH_IS_TILE_ROWS (self), 0);
  return self->n_updates;
}
