/* hearth-store.c: what a person chose, kept across restarts
 *
 * The home lives in memory (HearthStoreContents); every change is named
 * to the file (HearthStoreFile: written soon after on a worker thread,
 * merged under a lock with what other processes wrote, read back when they
 * write), and announced with "changed". What the file says is put in
 * memory by on_file_read(), which announces every difference. The format
 * of the file is hearth-store-format.c, a known device's entry
 * hearth-store-device.c, scenes hearth-store-scenes.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "hearth-device.h"
#include "hearth-error.h"
#include "hearth-json.h"
#include "hearth-store.h"
#include "hearth-store-device.h"
#include "hearth-store-file.h"
#include "hearth-store-format.h"
#include "hearth-store-merge.h"
#include "hearth-store-private.h"

G_DEFINE_FINAL_TYPE (HearthStore, hearth_store, G_TYPE_OBJECT)

enum
{
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
emit_changed (HearthStore *self,
              const char  *what)
{
  g_signal_emit (self, signals[CHANGED], g_quark_from_string (what), what);
}

static char *
hearth_store_key_internal (const char *device_id,
                           const char *control_id)
{
  return g_strconcat (device_id, "/", control_id, NULL);
}

/* Reading */

/* Replaces what is in memory with @contents (taken: what this process
 * changed and did not write yet is in it already), then announces every
 * difference. */
static void
on_file_read (HearthStoreFile     *file,
              HearthStoreContents *contents,
              HearthStore         *self)
{
  g_autoptr(GPtrArray) differences = NULL;
  HearthStoreContents old = self->home;

  hearth_store_contents_fix_rooms (contents);
  differences = hearth_store_contents_diff (&self->home, contents);

  self->home = *contents;
  g_clear_pointer (&self->hosts_by_name, g_hash_table_unref);
  *contents = (HearthStoreContents) { 0 };
  for (guint i = 0; i < differences->len; i++)
    emit_changed (self, g_ptr_array_index (differences, i));
  hearth_store_contents_clear (&old);
}

/* GObject */

typedef enum
{
  PROP_PATH = 1,
} HearthStoreProperty;

static GParamSpec *properties[PROP_PATH + 1];

static void
hearth_store_dispose (GObject *object)
{
  HearthStore *self = (HearthStore *)object;

  /* The last changes must not be lost at exit. */
  if (self->file != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->file, self);
      hearth_store_file_close (self->file);
      g_clear_object (&self->file);
    }

  G_OBJECT_CLASS (hearth_store_parent_class)->dispose (object);
}

static void
hearth_store_finalize (GObject *object)
{
  HearthStore *self = (HearthStore *)object;

  g_clear_pointer (&self->path, g_free);
  hearth_store_contents_clear (&self->home);
  g_clear_pointer (&self->hosts_by_name, g_hash_table_unref);

  G_OBJECT_CLASS (hearth_store_parent_class)->finalize (object);
}

static void
hearth_store_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  HearthStore *self = HEARTH_STORE (object);

  switch ((HearthStoreProperty) prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hearth_store_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  HearthStore *self = HEARTH_STORE (object);

  switch ((HearthStoreProperty) prop_id)
    {
    case PROP_PATH:
      g_free (self->path);
      self->path = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hearth_store_constructed (GObject *object)
{
  HearthStore *self = (HearthStore *)object;

  G_OBJECT_CLASS (hearth_store_parent_class)->constructed (object);

  if (self->path == NULL || *self->path == '\0')
    {
      const char *env = g_getenv ("HEARTH_STORE");

      g_free (self->path);
      if (env != NULL && *env != '\0')
        self->path = g_strdup (env);
      else
        self->path = g_build_filename (g_get_user_data_dir (), "hearth", "home.json", NULL);
    }

  self->file = hearth_store_file_new (self->path, &self->home);
  g_signal_connect (self->file, "read", G_CALLBACK (on_file_read), self);
}

static void
hearth_store_class_init (HearthStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = hearth_store_constructed;
  object_class->dispose = hearth_store_dispose;
  object_class->finalize = hearth_store_finalize;
  object_class->get_property = hearth_store_get_property;
  object_class->set_property = hearth_store_set_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, G_N_ELEMENTS (properties), properties);

  /**
   * HearthStore::changed:
   * @what: the key of the control whose choices changed, or "rooms",
   *   "hosts", "devices"
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
hearth_store_init (HearthStore *self)
{
  hearth_store_contents_init (&self->home);
}

/* Public API */

HearthStore *
hearth_store_new (const char *path)
{
  return g_object_new (HEARTH_TYPE_STORE, "path", path, NULL);
}

const char *
hearth_store_get_path (HearthStore *self)
{
  g_return_val_if_fail (HEARTH_IS_STORE (self), NULL);
  return self->path;
}

gboolean
hearth_store_load (HearthStore  *self,
                   GError      **error)
{
  g_return_val_if_fail (HEARTH_IS_STORE (self), FALSE);

  return hearth_store_file_load (self->file, error);
}

gboolean
hearth_store_flush (HearthStore  *self,
                    GError      **error)
{
  g_return_val_if_fail (HEARTH_IS_STORE (self), FALSE);

  return hearth_store_file_flush (self->file, error);
}

char *
hearth_store_key (const char *device_id,
                  const char *control_id)
{
  g_return_val_if_fail (device_id != NULL, NULL);
  g_return_val_if_fail (control_id != NULL, NULL);

  return hearth_store_key_internal (device_id, control_id);
}

static HearthStoreChoices *
lookup_choices (HearthStore *self,
                const char  *key)
{
  return key != NULL ? g_hash_table_lookup (self->home.choices, key) : NULL;
}

static HearthStoreChoices *
ensure_choices (HearthStore *self,
                const char  *key)
{
  HearthStoreChoices *choices = g_hash_table_lookup (self->home.choices, key);

  if (choices == NULL)
    {
      choices = g_new0 (HearthStoreChoices, 1);
      g_hash_table_insert (self->home.choices, g_strdup (key), choices);
    }
  return choices;
}

/* After @key's choices changed: drop an empty entry, save, announce */
static void
choices_changed (HearthStore *self,
                 const char  *key)
{
  g_autofree char *what = g_strdup (key);
  HearthStoreChoices *choices = g_hash_table_lookup (self->home.choices, key);

  if (choices != NULL && hearth_store_choices_empty (choices))
    g_hash_table_remove (self->home.choices, key);

  hearth_store_file_note_change (self->file, HEARTH_STORE_KIND_KEY, what);
  hearth_store_file_touch (self->file);
  emit_changed (self, what);
}

const char *
hearth_store_get_name (HearthStore *self,
                       const char  *key)
{
  HearthStoreChoices *choices;

  g_return_val_if_fail (HEARTH_IS_STORE (self), NULL);

  choices = lookup_choices (self, key);
  return choices != NULL ? choices->name : NULL;
}

void
hearth_store_set_name (HearthStore *self,
                       const char  *key,
                       const char  *name)
{
  g_autofree char *clean = NULL;
  HearthStoreChoices *choices;

  g_return_if_fail (HEARTH_IS_STORE (self));
  g_return_if_fail (key != NULL);

  clean = hearth_store_clean_text (name);
  if (g_strcmp0 (hearth_store_get_name (self, key), clean) == 0)
    return;

  choices = ensure_choices (self, key);
  g_free (choices->name);
  choices->name = g_steal_pointer (&clean);
  choices_changed (self, key);
}

const char *
hearth_store_get_room (HearthStore *self,
                       const char  *key)
{
  HearthStoreChoices *choices;

  g_return_val_if_fail (HEARTH_IS_STORE (self), NULL);

  choices = lookup_choices (self, key);
  return choices != NULL ? choices->room : NULL;
}

/* A room not in the list yet joins it at the end; the spelling of one that
 * is (whatever the case) is kept. */
void
hearth_store_set_room (HearthStore *self,
                       const char  *key,
                       const char  *room)
{
  g_autofree char *clean = NULL;
  gboolean added = FALSE;
  HearthStoreChoices *choices;

  g_return_if_fail (HEARTH_IS_STORE (self));
  g_return_if_fail (key != NULL);

  clean = hearth_store_clean_text (room);
  if (clean != NULL)
    {
      int index = hearth_store_find_folded (self->home.rooms, clean);

      if (index >= 0)
        {
          g_free (clean);
          clean = g_strdup (g_ptr_array_index (self->home.rooms, index));
        }
      else
        added = TRUE;
    }

  if (g_strcmp0 (hearth_store_get_room (self, key), clean) == 0)
    return;

  if (added)
    {
      g_ptr_array_add (self->home.rooms, g_strdup (clean));
      hearth_store_file_note_change (self->file, HEARTH_STORE_KIND_ROOM, clean);
    }

  choices = ensure_choices (self, key);
  g_free (choices->room);
  choices->room = g_steal_pointer (&clean);
  if (added)
    emit_changed (self, "rooms");
  choices_changed (self, key);
}

gboolean
hearth_store_get_favourite (HearthStore *self,
                            const char  *key)
{
  HearthStoreChoices *choices;

  g_return_val_if_fail (HEARTH_IS_STORE (self), FALSE);

  choices = lookup_choices (self, key);
  return choices != NULL && choices->favourite;
}

void
hearth_store_set_favourite (HearthStore *self,
                            const char  *key,
                            gboolean     favourite)
{
  g_return_if_fail (HEARTH_IS_STORE (self));
  g_return_if_fail (key != NULL);

  favourite = !!favourite;
  if (hearth_store_get_favourite (self, key) == favourite)
    return;

  ensure_choices (self, key)->favourite = favourite;
  choices_changed (self, key);
}

gboolean
hearth_store_get_hidden (HearthStore *self,
                         const char  *key)
{
  HearthStoreChoices *choices;

  g_return_val_if_fail (HEARTH_IS_STORE (self), FALSE);

  choices = lookup_choices (self, key);
  return choices != NULL && choices->hidden;
}

void
hearth_store_set_hidden (HearthStore *self,
                         const char  *key,
                         gboolean     hidden)
{
  g_return_if_fail (HEARTH_IS_STORE (self));
  g_return_if_fail (key != NULL);

  hidden = !!hidden;
  if (hearth_store_get_hidden (self, key) == hidden)
    return;

  ensure_choices (self, key)->hidden = hidden;
  choices_changed (self, key);
}

/* Rooms */

const char * const *
hearth_store_get_rooms (HearthStore *self)
{
  g_return_val_if_fail (HEARTH_IS_STORE (self), NULL);
  return hearth_store_strv_get (self->home.rooms);
}

static char *
check_room_name (HearthStore  *self,
                 const char   *room,
                 int           except,
                 GError      **error)
{
  g_autofree char *clean = hearth_store_clean_text (room);
  int existing;

  if (clean == NULL)
    {
      g_set_error_literal (error, HEARTH_ERROR, HEARTH_ERROR_INVALID, _("A room needs a name"));
      return NULL;
    }

  existing = hearth_store_find_folded (self->home.rooms, clean);
  if (existing >= 0 && existing != except)
    {
      g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_INVALID,
                   _("There is already a room called “%s”"),
                   (const char *) g_ptr_array_index (self->home.rooms, existing));
      return NULL;
    }

  return g_steal_pointer (&clean);
}

gboolean
hearth_store_add_room (HearthStore  *self,
                       const char   *room,
                       GError      **error)
{
  g_autofree char *clean = NULL;

  g_return_val_if_fail (HEARTH_IS_STORE (self), FALSE);

  clean = check_room_name (self, room, -1, error);
  if (clean == NULL)
    return FALSE;

  hearth_store_file_note_change (self->file, HEARTH_STORE_KIND_ROOM, clean);
  g_ptr_array_add (self->home.rooms, g_steal_pointer (&clean));
  hearth_store_file_touch (self->file);
  emit_changed (self, "rooms");
  return TRUE;
}

/* The keys of the controls in @room */
static GPtrArray *
keys_in_room (HearthStore *self,
              const char  *room)
{
  GPtrArray *keys = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer key;
  gpointer value;

  g_hash_table_iter_init (&iter, self->home.choices);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (g_strcmp0 (((HearthStoreChoices *) value)->room, room) == 0)
        g_ptr_array_add (keys, g_strdup (key));
    }
  return keys;
}

gboolean
hearth_store_rename_room (HearthStore  *self,
                          const char   *old_name,
                          const char   *new_name,
                          GError      **error)
{
  g_autofree char *clean = NULL;
  g_autofree char *old_room = NULL;
  g_autoptr(GPtrArray) keys = NULL;
  int index;

  g_return_val_if_fail (HEARTH_IS_STORE (self), FALSE);
  g_return_val_if_fail (old_name != NULL, FALSE);

  index = hearth_store_find_folded (self->home.rooms, old_name);
  if (index < 0)
    {
      g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_NOT_FOUND,
                   _("There is no room called “%s”"), old_name);
      return FALSE;
    }

  clean = check_room_name (self, new_name, index, error);
  if (clean == NULL)
    return FALSE;

  old_room = g_strdup (g_ptr_array_index (self->home.rooms, index));
  if (g_str_equal (old_room, clean))
    return TRUE;

  g_free (self->home.rooms->pdata[index]);
  self->home.rooms->pdata[index] = g_strdup (clean);
  hearth_store_file_note_change (self->file, HEARTH_STORE_KIND_ROOM, old_room);
  hearth_store_file_note_change (self->file, HEARTH_STORE_KIND_ROOM, clean);

  keys = keys_in_room (self, old_room);
  for (guint i = 0; i < keys->len; i++)
    {
      HearthStoreChoices *choices = g_hash_table_lookup (self->home.choices, g_ptr_array_index (keys, i));

      g_free (choices->room);
      choices->room = g_strdup (clean);
      hearth_store_file_note_change (self->file, HEARTH_STORE_KIND_KEY, g_ptr_array_index (keys, i));
    }

  hearth_store_file_touch (self->file);
  emit_changed (self, "rooms");
  for (guint i = 0; i < keys->len; i++)
    emit_changed (self, g_ptr_array_index (keys, i));
  return TRUE;
}

void
hearth_store_remove_room (HearthStore *self,
                          const char  *room)
{
  g_autofree char *old_room = NULL;
  g_autoptr(GPtrArray) keys = NULL;
  int index;

  g_return_if_fail (HEARTH_IS_STORE (self));
  g_return_if_fail (room != NULL);

  index = hearth_store_find_folded (self->home.rooms, room);
  if (index < 0)
    return;

  old_room = g_strdup (g_ptr_array_index (self->home.rooms, index));
  g_ptr_array_remove_index (self->home.rooms, index);
  hearth_store_file_note_change (self->file, HEARTH_STORE_KIND_ROOM, old_room);

  keys = keys_in_room (self, old_room);
  for (guint i = 0; i < keys->len; i++)
    {
      const char *key = g_ptr_array_index (keys, i);
      HearthStoreChoices *choices = g_hash_table_lookup (self->home.choices, key);

      g_clear_pointer (&choices->room, g_free);
      if (hearth_store_choices_empty (choices))
        g_hash_table_remove (self->home.choices, key);
      hearth_store_file_note_change (self->file, HEARTH_STORE_KIND_KEY, key);
    }

  hearth_store_file_touch (self->file);
  emit_changed (self, "rooms");
  for (guint i = 0; i < keys->len; i++)
    emit_changed (self, g_ptr_array_index (keys, i));
}

/* Hosts */

const char * const *
hearth_store_get_hosts (HearthStore *self)
{
  g_return_val_if_fail (HEARTH_IS_STORE (self), NULL);
  return hearth_store_strv_get (self->home.hosts);
}

void
hearth_store_add_host (HearthStore *self,
                       const char  *host,
                       guint16      port)
{
  g_autofree char *clean = NULL;
  g_autofree char *entry = NULL;

  g_return_if_fail (HEARTH_IS_STORE (self));
  g_return_if_fail (host != NULL);

  clean = hearth_store_clean_host (host);
  if (clean == NULL)
    {
      g_debug ("Not a host to keep: “%s”", host);
      return;
    }

  entry = hearth_store_join_host (clean, port);
  if (g_ptr_array_find_with_equal_func (self->home.hosts, entry, g_str_equal, NULL))
    return;

  hearth_store_file_note_change (self->file, HEARTH_STORE_KIND_HOST, entry);
  g_ptr_array_add (self->home.hosts, g_steal_pointer (&entry));
  g_clear_pointer (&self->hosts_by_name, g_hash_table_unref);
  hearth_store_file_touch (self->file);
  emit_changed (self, "hosts");
}

void
hearth_store_remove_host (HearthStore *self,
                          const char  *host,
                          guint16      port)
{
  g_autofree char *clean = NULL;
  g_autofree char *entry = NULL;
  guint index;

  g_return_if_fail (HEARTH_IS_STORE (self));
  g_return_if_fail (host != NULL);

  clean = hearth_store_clean_host (host);
  if (clean == NULL)
    return;

  entry = hearth_store_join_host (clean, port);
  if (!g_ptr_array_find_with_equal_func (self->home.hosts, entry, g_str_equal, &index))
    return;

  g_ptr_array_remove_index (self->home.hosts, index);
  g_clear_pointer (&self->hosts_by_name, g_hash_table_unref);
  hearth_store_file_note_change (self->file, HEARTH_STORE_KIND_HOST, entry);
  hearth_store_file_touch (self->file);
  emit_changed (self, "hosts");
}

/* Known devices */

GPtrArray *
hearth_store_dup_known_devices (HearthStore *self)
{
  return hearth_store_dup_known_devices_at (self, NULL, 0);
}

GPtrArray *
hearth_store_dup_known_devices_at (HearthStore *self,
                                   const char  *host,
                                   guint16      port)
{
  g_autoptr(GArray) positions = NULL;

  g_return_val_if_fail (HEARTH_IS_STORE (self), NULL);

  positions = host != NULL ? hearth_store_contents_find_devices_at (&self->home, host, port) : NULL;
  return hearth_store_device_from_entries (self->home.devices, positions);
}

/* Puts @device's entry in the home: TRUE when it changed, and @first
 * when the device was not known before */
static gboolean
remember (HearthStore  *self,
          HearthDevice *device,
          gboolean     *first)
{
  g_autoptr(JsonNode) node = NULL;
  JsonObject *previous = NULL;
  JsonObject *object;
  GPtrArray *entries;
  int index;

  if (strchr (hearth_device_get_id (device), '/') != NULL)
    return FALSE;   /* cannot be a key; no driver makes such ids */

  index = hearth_store_contents_find_device (&self->home, hearth_device_get_id (device));
  if (index >= 0)
    previous = json_node_get_object (g_ptr_array_index (self->home.devices, index));

  node = hearth_store_device_to_json (device, previous);
  object = json_node_get_object (node);

  /* A host added by hand that reaches it is its own (found by name) */
  if (self->hosts_by_name == NULL)
    self->hosts_by_name = hearth_store_hosts_by_name (self->home.hosts);
  entries = hearth_store_hosts_named (self->hosts_by_name, hearth_device_get_host (device));
  for (guint i = 0; entries != NULL && i < entries->len; i++)
    {
      const char *entry = g_ptr_array_index (entries, i);

      if (hearth_store_host_entry_matches (entry, hearth_device_get_host (device),
                                           hearth_device_get_port (device)))
        hearth_store_device_add_host (object, entry);
    }

  if (previous != NULL && json_node_equal (node, g_ptr_array_index (self->home.devices, index)))
    return FALSE;

  if (index >= 0)
    hearth_store_contents_replace_device (&self->home, index, g_steal_pointer (&node));
  else
    hearth_store_contents_add_device (&self->home, g_steal_pointer (&node));

  hearth_store_file_note_change (self->file, HEARTH_STORE_KIND_DEVICE, hearth_device_get_id (device));
  *first = *first || index < 0;
  return TRUE;
}

void
hearth_store_remember_device (HearthStore  *self,
                              HearthDevice *device)
{
  g_autoptr(GPtrArray) devices = g_ptr_array_new ();

  g_return_if_fail (HEARTH_IS_STORE (self));
  g_return_if_fail (HEARTH_IS_DEVICE (device));

  g_ptr_array_add (devices, device);
  hearth_store_remember_devices (self, devices);
}

void
hearth_store_remember_devices (HearthStore *self,
                               GPtrArray   *devices)
{
  gboolean changed = FALSE;
  gboolean first = FALSE;

  g_return_if_fail (HEARTH_IS_STORE (self));
  g_return_if_fail (devices != NULL);

  for (guint i = 0; i < devices->len; i++)
    g_return_if_fail (HEARTH_IS_DEVICE (g_ptr_array_index (devices, i)));

  for (guint i = 0; i < devices->len; i++)
    changed |= remember (self, g_ptr_array_index (devices, i), &first);

  if (changed)
    hearth_store_file_touch (self->file);
  if (first)
    emit_changed (self, "devices");
}

gboolean
hearth_store_has_known_device (HearthStore *self,
                               const char  *device_id)
{
  g_return_val_if_fail (HEARTH_IS_STORE (self), FALSE);
  g_return_val_if_fail (device_id != NULL, FALSE);

  return hearth_store_contents_find_device (&self->home, device_id) >= 0;
}

void
hearth_store_forget_device (HearthStore *self,
                            const char  *device_id)
{
  g_autofree char *prefix = NULL;
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  gboolean hosts_changed = FALSE;
  gboolean login_dropped;
  GHashTableIter iter;
  gpointer key;
  int index;

  g_return_if_fail (HEARTH_IS_STORE (self));
  g_return_if_fail (device_id != NULL);

  index = hearth_store_contents_find_device (&self->home, device_id);
  if (index >= 0)
    {
      JsonObject *object = json_node_get_object (g_ptr_array_index (self->home.devices, index));

      for (guint i = self->home.hosts->len; i > 0; i--)
        {
          const char *entry = g_ptr_array_index (self->home.hosts, i - 1);

          if (hearth_store_device_has_host (object, entry))
            {
              hearth_store_file_note_change (self->file, HEARTH_STORE_KIND_HOST, entry);
              g_ptr_array_remove_index (self->home.hosts, i - 1);
              g_clear_pointer (&self->hosts_by_name, g_hash_table_unref);
              hosts_changed = TRUE;
            }
        }

      hearth_store_contents_remove_device (&self->home, index);
      hearth_store_file_note_change (self->file, HEARTH_STORE_KIND_DEVICE, device_id);
    }

  prefix = g_strconcat (device_id, "/", NULL);
  g_hash_table_iter_init (&iter, self->home.choices);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      if (g_str_has_prefix (key, prefix))
        g_ptr_array_add (keys, g_strdup (key));
    }
  for (guint i = 0; i < keys->len; i++)
    {
      g_hash_table_remove (self->home.choices, g_ptr_array_index (keys, i));
      hearth_store_file_note_change (self->file, HEARTH_STORE_KIND_KEY, g_ptr_array_index (keys, i));
    }

  login_dropped = g_hash_table_remove (self->home.logins, device_id);
  if (login_dropped)
    hearth_store_file_note_change (self->file, HEARTH_STORE_KIND_LOGIN, device_id);

  if (index < 0 && keys->len == 0 && !login_dropped)
    return;

  hearth_store_file_touch (self->file);

  if (hosts_changed)
    emit_changed (self, "hosts");
  if (index >= 0)
    emit_changed (self, "devices");
  if (login_dropped)
    emit_changed (self, "logins");
  for (guint i = 0; i < keys->len; i++)
    emit_changed (self, g_ptr_array_index (keys, i));
}

/* Logins */

const char *
hearth_store_get_login_user (HearthStore *self,
                             const char  *device_id)
{
  g_return_val_if_fail (HEARTH_IS_STORE (self), NULL);
  g_return_val_if_fail (device_id != NULL, NULL);

  return g_hash_table_lookup (self->home.logins, device_id);
}

void
hearth_store_set_login_user (HearthStore *self,
                             const char  *device_id,
                             const char  *user)
{
  g_return_if_fail (HEARTH_IS_STORE (self));
  g_return_if_fail (device_id != NULL);

  if (user != NULL && *user == '\0')
    user = NULL;

  if (!hearth_store_valid_device_id (device_id))
    {
      g_debug ("Not a device id to keep a login for: “%s”", device_id);
      return;
    }
  if (user != NULL && !hearth_store_valid_user (user))
    {
      g_debug ("Not a user name to keep for %s", device_id);
      return;
    }

  if (g_strcmp0 (g_hash_table_lookup (self->home.logins, device_id), user) == 0)
    return;

  if (user != NULL)
    g_hash_table_replace (self->home.logins, g_strdup (device_id), g_strdup (user));
  else
    g_hash_table_remove (self->home.logins, device_id);

  hearth_store_file_note_change (self->file, HEARTH_STORE_KIND_LOGIN, device_id);
  hearth_store_file_touch (self->file);
  emit_changed (self, "logins");
}
