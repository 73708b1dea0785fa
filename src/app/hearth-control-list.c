/* hearth-control-list.c: every control of every device, as items
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "hearth-store.h"
#include "hearth-control-item-private.h"
#include "hearth-control-list.h"

/* One device of the home: its items, in the order of its controls */
typedef struct
{
  HearthControlList *list;
  HearthDevice      *device;
  GListModel        *controls;
  GPtrArray         *items;     /* HearthControlItem */
  gulong             handler;
  /* A device that needs a password or pairing before it can say what
   * controls it has is one tile that says so (the device's, by name) */
  HearthControlItem *credentials_item;
  gulong             state_handler;
} Entry;

struct _HearthControlList
{
  GObject      parent_instance;

  HearthHome  *home;
  HearthStore *store;
  GPtrArray   *entries;  /* Entry, in the home's order */
  GPtrArray   *items;    /* every entry's items, flattened */
  GHashTable  *by_key;   /* key → HearthControlItem (borrowed) */
};

static void hearth_control_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HearthControlList, hearth_control_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, hearth_control_list_model_init))

typedef enum
{
  PROP_HOME = 1,
  PROP_STORE,
} HearthControlListProperty;

static GParamSpec *properties[PROP_STORE + 1];

/* GListModel */

static GType
hearth_control_list_get_item_type (GListModel *model)
{
  return HEARTH_TYPE_CONTROL_ITEM;
}

static guint
hearth_control_list_get_n_items (GListModel *model)
{
  return HEARTH_CONTROL_LIST (model)->items->len;
}

static gpointer
hearth_control_list_get_item (GListModel *model,
                              guint       position)
{
  HearthControlList *self = HEARTH_CONTROL_LIST (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
hearth_control_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = hearth_control_list_get_item_type;
  iface->get_n_items = hearth_control_list_get_n_items;
  iface->get_item = hearth_control_list_get_item;
}

/* Entries */

static void
entry_free (Entry *entry)
{
  g_clear_signal_handler (&entry->handler, entry->controls);
  g_clear_signal_handler (&entry->state_handler, entry->device);
  g_clear_object (&entry->credentials_item);
  g_clear_object (&entry->controls);
  g_clear_object (&entry->device);
  g_clear_pointer (&entry->items, g_ptr_array_unref);
  g_free (entry);
}

static guint
entry_offset (HearthControlList *self,
              guint              index)
{
  guint offset = 0;

  for (guint i = 0; i < index; i++)
    offset += ((Entry *) g_ptr_array_index (self->entries, i))->items->len;

  return offset;
}

static HearthControlItem *
find_item_for (GPtrArray     *items,
               HearthControl *control)
{
  for (guint i = 0; items != NULL && i < items->len; i++)
    {
      HearthControlItem *item = g_ptr_array_index (items, i);

      if (hearth_control_item_get_control (item) == control)
        return item;
    }

  return NULL;
}

/* "switch:0/power" belongs to "switch:0" when the device has one; a
 * reading whose parent is not a control of its own ("devicepower:0/battery")
 * is a tile. */
static HearthControl *
find_parent (HearthDevice  *device,
             HearthControl *control)
{
  const char *id = hearth_control_get_id (control);
  const char *slash;
  g_autofree char *parent_id = NULL;
  HearthControl *parent;

  if (hearth_control_get_kind (control) != HEARTH_CONTROL_KIND_SENSOR || id == NULL)
    return NULL;

  slash = strrchr (id, '/');
  if (slash == NULL || slash == id)
    return NULL;

  parent_id = g_strndup (id, slash - id);
  parent = hearth_device_find_control (device, parent_id);
  if (parent == NULL || parent == control ||
      hearth_control_get_kind (parent) == HEARTH_CONTROL_KIND_SENSOR)
    return NULL;

  return parent;
}

/* The items @entry should have now, reusing the ones it has */
static GPtrArray *
build_items (HearthControlList *self,
             Entry             *entry)
{
  GPtrArray *items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) readings = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
  guint n = g_list_model_get_n_items (entry->controls);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HearthControl) control = g_list_model_get_item (entry->controls, i);
      HearthControl *parent = find_parent (entry->device, control);
      HearthControlItem *item;

      if (parent != NULL)
        {
          GPtrArray *list = g_hash_table_lookup (readings, parent);

          if (list == NULL)
            {
              list = g_ptr_array_new ();
              g_hash_table_insert (readings, parent, list);
            }
          g_ptr_array_add (list, control);
          continue;
        }

      item = find_item_for (entry->items, control);
      if (item != NULL)
        g_ptr_array_add (items, g_object_ref (item));
      else
        g_ptr_array_add (items, hearth_control_item_new (entry->device, control, self->store));
    }

  if (n == 0 &&
      (hearth_device_get_state (entry->device) == HEARTH_DEVICE_STATE_NEEDS_PASSWORD ||
       hearth_device_get_state (entry->device) == HEARTH_DEVICE_STATE_NEEDS_PAIRING))
    {
      if (entry->credentials_item == NULL)
        {
          g_autoptr(HearthControl) control = hearth_control_new ("device", HEARTH_CONTROL_KIND_SENSOR, NULL);

          entry->credentials_item = hearth_control_item_new (entry->device, control, self->store);
        }
      g_ptr_array_add (items, g_object_ref (entry->credentials_item));
    }

  for (guint i = 0; i < items->len; i++)
    {
      HearthControlItem *item = g_ptr_array_index (items, i);
      GPtrArray *list = g_hash_table_lookup (readings, hearth_control_item_get_control (item));

      if (list != NULL)
        _hearth_control_item_set_attached (item, (HearthControl **) list->pdata, list->len);
      else
        _hearth_control_item_set_attached (item, NULL, 0);
    }

  return items;
}

static gboolean
same_items (GPtrArray *a,
            GPtrArray *b)
{
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    {
      if (g_ptr_array_index (a, i) != g_ptr_array_index (b, i))
        return FALSE;
    }
  return TRUE;
}

static guint
entry_index (HearthControlList *self,
             Entry             *entry)
{
  guint index = 0;

  if (!g_ptr_array_find (self->entries, entry, &index))
    g_assert_not_reached ();
  return index;
}

static void
unindex_items (HearthControlList *self,
               GPtrArray         *items)
{
  for (guint i = 0; i < items->len; i++)
    {
      HearthControlItem *item = g_ptr_array_index (items, i);

      if (g_hash_table_lookup (self->by_key, hearth_control_item_get_key (item)) == item)
        g_hash_table_remove (self->by_key, hearth_control_item_get_key (item));
    }
}

static void
index_items (HearthControlList *self,
             GPtrArray         *items)
{
  for (guint i = 0; i < items->len; i++)
    {
      HearthControlItem *item = g_ptr_array_index (items, i);

      g_hash_table_insert (self->by_key, (gpointer) hearth_control_item_get_key (item), item);
    }
}

/* Puts @items in place of @entry's, in the flat list too */
static void
entry_replace_items (HearthControlList *self,
                     Entry             *entry,
                     GPtrArray         *items,
                     gboolean           emit)
{
  guint offset = entry_offset (self, entry_index (self, entry));
  guint removed = entry->items->len;

  unindex_items (self, entry->items);
  g_ptr_array_remove_range (self->items, offset, removed);
  for (guint i = 0; i < items->len; i++)
    g_ptr_array_insert (self->items, offset + i, g_object_ref (g_ptr_array_index (items, i)));
  index_items (self, items);

  g_clear_pointer (&entry->items, g_ptr_array_unref);
  entry->items = g_ptr_array_ref (items);

  if (emit)
    g_list_model_items_changed (G_LIST_MODEL (self), offset, removed, items->len);
}

static void
on_controls_changed (GListModel *controls,
                     guint       position,
                     guint       removed,
                     guint       added,
                     gpointer    user_data)
{
  Entry *entry = user_data;
  HearthControlList *self = entry->list;
  g_autoptr(GPtrArray) items = build_items (self, entry);

  if (same_items (items, entry->items))
    return;

  entry_replace_items (self, entry, items, TRUE);
}

static void
on_device_state_changed (HearthDevice *device,
                         GParamSpec   *pspec,
                         gpointer      user_data)
{
  Entry *entry = user_data;

  on_controls_changed (entry->controls, 0, 0, 0, entry);
}

static Entry *
entry_new (HearthControlList *self,
           HearthDevice      *device)
{
  Entry *entry = g_new0 (Entry, 1);

  entry->list = self;
  entry->device = g_object_ref (device);
  entry->controls = g_object_ref (hearth_device_get_controls (device));
  entry->items = g_ptr_array_new_with_free_func (g_object_unref);
  entry->handler = g_signal_connect (entry->controls, "items-changed",
                                     G_CALLBACK (on_controls_changed), entry);
  entry->state_handler = g_signal_connect (device, "notify::state",
                                           G_CALLBACK (on_device_state_changed), entry);

  return entry;
}

static void
on_home_items_changed (HearthControlList *self,
                       guint              position,
                       guint              removed,
                       guint              added,
                       GListModel        *home)
{
  guint offset = entry_offset (self, position);
  guint items_removed = 0;
  guint items_added = 0;

  for (guint i = 0; i < removed; i++)
    {
      Entry *entry = g_ptr_array_index (self->entries, position + i);

      unindex_items (self, entry->items);
      items_removed += entry->items->len;
    }
  g_ptr_array_remove_range (self->items, offset, items_removed);
  g_ptr_array_remove_range (self->entries, position, removed);

  for (guint i = 0; i < added; i++)
    {
      g_autoptr(HearthDevice) device = g_list_model_get_item (home, position + i);
      Entry *entry = entry_new (self, device);
      g_autoptr(GPtrArray) items = NULL;

      g_ptr_array_insert (self->entries, position + i, entry);
      items = build_items (self, entry);
      /* Not emitted one by one: one items-changed for the lot below */
      entry_replace_items (self, entry, items, FALSE);
      items_added += items->len;
    }

  if (items_removed > 0 || items_added > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), offset, items_removed, items_added);
}

/* GObject */

static void
hearth_control_list_constructed (GObject *object)
{
  HearthControlList *self = (HearthControlList *)object;
  guint n;

  G_OBJECT_CLASS (hearth_control_list_parent_class)->constructed (object);

  g_assert (HEARTH_IS_HOME (self->home));

  g_signal_connect_object (self->home, "items-changed",
                           G_CALLBACK (on_home_items_changed), self,
                           G_CONNECT_SWAPPED);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->home));
  if (n > 0)
    on_home_items_changed (self, 0, 0, n, G_LIST_MODEL (self->home));
}

static void
hearth_control_list_dispose (GObject *object)
{
  HearthControlList *self = (HearthControlList *)object;

  if (self->home != NULL)
    g_signal_handlers_disconnect_by_data (self->home, self);
  if (self->entries != NULL)
    g_ptr_array_set_size (self->entries, 0);
  if (self->by_key != NULL)
    g_hash_table_remove_all (self->by_key);
  if (self->items != NULL)
    g_ptr_array_set_size (self->items, 0);
  g_clear_object (&self->home);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (hearth_control_list_parent_class)->dispose (object);
}

static void
hearth_control_list_finalize (GObject *object)
{
  HearthControlList *self = (HearthControlList *)object;

  g_clear_pointer (&self->entries, g_ptr_array_unref);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->by_key, g_hash_table_unref);

  G_OBJECT_CLASS (hearth_control_list_parent_class)->finalize (object);
}

static void
hearth_control_list_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  HearthControlList *self = HEARTH_CONTROL_LIST (object);

  switch ((HearthControlListProperty) prop_id)
    {
    case PROP_HOME:
      g_value_set_object (value, self->home);
      break;
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hearth_control_list_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  HearthControlList *self = HEARTH_CONTROL_LIST (object);

  switch ((HearthControlListProperty) prop_id)
    {
    case PROP_HOME:
      self->home = g_value_dup_object (value);
      break;
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hearth_control_list_class_init (HearthControlListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags construct = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = hearth_control_list_constructed;
  object_class->dispose = hearth_control_list_dispose;
  object_class->finalize = hearth_control_list_finalize;
  object_class->get_property = hearth_control_list_get_property;
  object_class->set_property = hearth_control_list_set_property;

  properties[PROP_HOME] =
    g_param_spec_object ("home", NULL, NULL, HEARTH_TYPE_HOME, construct);
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, HEARTH_TYPE_STORE, construct);

  g_object_class_install_properties (object_class, G_N_ELEMENTS (properties), properties);
}

static void
hearth_control_list_init (HearthControlList *self)
{
  self->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_key = g_hash_table_new (g_str_hash, g_str_equal);
}

HearthControlList *
hearth_control_list_new (HearthHome  *home,
                         HearthStore *store)
{
  g_return_val_if_fail (HEARTH_IS_HOME (home), NULL);
  g_return_val_if_fail (store == NULL || HEARTH_IS_STORE (store), NULL);

  return g_object_new (HEARTH_TYPE_CONTROL_LIST,
                       "home", home,
                       "store", store,
                       NULL);
}

HearthHome *
hearth_control_list_get_home (HearthControlList *self)
{
  g_return_val_if_fail (HEARTH_IS_CONTROL_LIST (self), NULL);

  return self->home;
}

/**
 * hearth_control_list_find:
 * Returns: (transfer none) (nullable): the item with @key
 */
HearthControlItem *
hearth_control_list_find (HearthControlList *self,
                          const char        *key)
{
  g_return_val_if_fail (HEARTH_IS_CONTROL_LIST (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  return g_hash_table_lookup (self->by_key, key);
}
