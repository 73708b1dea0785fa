/* hearth-store.c: what a person chose, kept across restarts
 *
 * The whole home is a few kilobytes of JSON: it lives in memory, every
 * change marks it dirty, and a write follows half a second after the last
 * change (at most five seconds after the first), done on a worker thread:
 * a new file in the same folder, synced, renamed over the old one
 * (g_file_set_contents_full).
 *
 * Other processes (hearthctl add, forget; another window) write the same
 * file, so no write is a snapshot of this process' memory: each one takes
 * an advisory lock (flock on PATH.lock, held only while writing, on the
 * worker thread), reads the file again, puts over it what this process
 * changed since it last read or wrote it, item by item (see
 * merge_changes()), renames the result over the file and lets go of the
 * lock. Every item this process changed carries the generation it had
 * then, and a write never puts back an older value of an item over a newer
 * one of this process, so a synchronous flush racing a worker always
 * leaves the latest state on disk. A file monitor reads other processes'
 * writes back, with the same merge.
 *
 * A write cut short (kill -9) leaves the old file whole, and its temporary
 * file (PATH.XXXXXX), which the next load removes. A file written by a
 * newer Hearth is read as far as this version understands it and never
 * written nor moved; one that cannot be read at all is kept aside as
 * PATH.broken.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "hearth-control.h"
#include "hearth-device.h"
#include "hearth-enums.h"
#include "hearth-error.h"
#include "hearth-host.h"
#include "hearth-json.h"
#include "hearth-store.h"

#define FORMAT_VERSION      1
#define WRITE_DELAY_MS      500
#define WRITE_MAX_DELAY_MS  5000
#define RETRY_DELAY_MS      5000
#define RELOAD_DELAY_MS     100
#define RECENT_WRITES       8
#define MAX_USER_LENGTH     256   /* bytes; longer is no user name */
#define MAX_FILE_SIZE       (8 * 1024 * 1024)   /* a home is kilobytes: more is no home */
#define LOCK_WAIT_MS        5000  /* for another process' write to end */
#define LOCK_POLL_MS        10

/* What a person chose for one control */
typedef struct
{
  char     *name;
  char     *room;
  gboolean  favourite;
  gboolean  hidden;
} Choices;

/* The whole home, as in the file */
typedef struct
{
  GHashTable *choices;   /* key → Choices */
  GPtrArray  *rooms;     /* NULL-terminated */
  GPtrArray  *hosts;     /* NULL-terminated */
  GPtrArray  *devices;   /* JsonNode (objects), in the order first seen */
  GHashTable *logins;    /* device id → user name of its login */
} Contents;

/* What this process changed since it last read or wrote the file: the
 * names of the items, their values are in memory */
typedef enum
{
  KIND_KEY,      /* a control's choices, by key */
  KIND_DEVICE,   /* a known device, by id */
  KIND_LOGIN,    /* a login's user name, by device id */
  KIND_HOST,     /* an entry of the hosts list */
  KIND_ROOM,     /* a room, by name */
  N_KINDS
} Kind;

typedef struct
{
  GHashTable *sets[N_KINDS];
} Changes;

/* Shared with the worker thread: the file and what this process put in it */
typedef struct
{
  gatomicrefcount  ref;
  GMutex           mutex;
  char            *path;
  char            *lock_path;
  GHashTable      *written;   /* "KIND:item" → (guint64 *) generation of the value on disk */
} Writer;

typedef struct
{
  Writer   *writer;
  Contents  mine;        /* this process' home when the write started */
  Changes  *changes;     /* what of it goes over the file */
  guint64   generation;
  guint64   sequence;    /* of this write among this process' */
  GWeakRef  store;
  /* The outcome */
  Contents  merged;      /* what is on disk after it */
  GBytes   *text;
  int       newer;       /* the file's format, when it is newer than ours */
} WriteJob;

struct _HearthStore
{
  GObject       parent_instance;

  char         *path;
  Writer       *writer;

  /* As in Contents */
  GHashTable   *choices;
  GPtrArray    *rooms;
  GPtrArray    *hosts;
  GPtrArray    *devices;
  GHashTable   *logins;

  /* Changed here and not written yet: wins over another process' write */
  Changes      *changes;
  Changes      *in_flight;     /* taken by the write under way on the worker */

  guint64       generation;    /* of the last change */
  guint64       saved;         /* the newest generation known to be on disk */
  guint64       sequence;      /* of the last write started */
  guint64       applied;       /* the sequence of the last write read back */
  guint         write_source;
  gint64        first_change;  /* monotonic time of the first unwritten change */
  gboolean      writing;
  gboolean      broken;        /* the file could not be set aside: never write over it */
  int           newer_format;  /* the file's format, when newer than ours: never written */
  GQueue        recent;        /* checksums of what this process wrote or read */

  GFileMonitor *monitor;
  guint         reload_source;
  GCancellable *cancellable;
};

G_DEFINE_FINAL_TYPE (HearthStore, hearth_store, G_TYPE_OBJECT)

enum
{
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void schedule_write (HearthStore *self);

/* Small things */

static void
choices_free (gpointer data)
{
  Choices *choices = data;

  g_free (choices->name);
  g_free (choices->room);
  g_free (choices);
}

static gboolean
choices_empty (const Choices *choices)
{
  return choices->name == NULL && choices->room == NULL && !choices->favourite && !choices->hidden;
}

static gboolean
choices_equal (const Choices *a,
               const Choices *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return g_strcmp0 (a->name, b->name) == 0 &&
         g_strcmp0 (a->room, b->room) == 0 &&
         a->favourite == b->favourite &&
         a->hidden == b->hidden;
}

static Choices *
choices_copy (const Choices *choices)
{
  Choices *copy = g_new0 (Choices, 1);

  copy->name = g_strdup (choices->name);
  copy->room = g_strdup (choices->room);
  copy->favourite = choices->favourite;
  copy->hidden = choices->hidden;
  return copy;
}

static Writer *
writer_new (const char *path)
{
  Writer *writer = g_new0 (Writer, 1);

  g_atomic_ref_count_init (&writer->ref);
  g_mutex_init (&writer->mutex);
  writer->path = g_strdup (path);
  writer->lock_path = g_strconcat (path, ".lock", NULL);
  writer->written = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return writer;
}

static Writer *
writer_ref (Writer *writer)
{
  g_atomic_ref_count_inc (&writer->ref);
  return writer;
}

static void
writer_unref (Writer *writer)
{
  if (!g_atomic_ref_count_dec (&writer->ref))
    return;
  g_mutex_clear (&writer->mutex);
  g_free (writer->path);
  g_free (writer->lock_path);
  g_hash_table_unref (writer->written);
  g_free (writer);
}

static GHashTable *
string_set_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

static Changes *
changes_new (void)
{
  Changes *changes = g_new0 (Changes, 1);

  for (guint kind = 0; kind < N_KINDS; kind++)
    changes->sets[kind] = string_set_new ();
  return changes;
}

static void
changes_free (Changes *changes)
{
  for (guint kind = 0; kind < N_KINDS; kind++)
    g_hash_table_unref (changes->sets[kind]);
  g_free (changes);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Changes, changes_free)

static void
changes_add (GHashTable *set,
             const char *item)
{
  if (!g_hash_table_contains (set, item))
    g_hash_table_add (set, g_strdup (item));
}

/* Adds every item of @from (may be NULL) to @into */
static void
changes_absorb (Changes *into,
                Changes *from)
{
  for (guint kind = 0; from != NULL && kind < N_KINDS; kind++)
    {
      GHashTableIter iter;
      gpointer item;

      g_hash_table_iter_init (&iter, from->sets[kind]);
      while (g_hash_table_iter_next (&iter, &item, NULL))
        changes_add (into->sets[kind], item);
    }
}

static void contents_clear (Contents *contents);

static void
write_job_free (gpointer data)
{
  WriteJob *job = data;

  writer_unref (job->writer);
  contents_clear (&job->mine);
  contents_clear (&job->merged);
  g_clear_pointer (&job->changes, changes_free);
  g_clear_pointer (&job->text, g_bytes_unref);
  g_weak_ref_clear (&job->store);
  g_free (job);
}

static GPtrArray *
strv_array_new (void)
{
  return g_ptr_array_new_null_terminated (0, g_free, TRUE);
}

/* An empty array may have no storage yet: never hand out NULL */
static const char * const *
strv_array_get (GPtrArray *array)
{
  static const char * const empty[] = { NULL };

  return array->pdata != NULL ? (const char * const *) array->pdata : empty;
}

static gboolean
strv_array_equal (GPtrArray *a,
                  GPtrArray *b)
{
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    {
      if (g_strcmp0 (g_ptr_array_index (a, i), g_ptr_array_index (b, i)) != 0)
        return FALSE;
    }
  return TRUE;
}

static char *
checksum (const char *text,
          gsize       length)
{
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) text, length);
}

/* Remembers that @text is this process' own (written or read), so that the
 * file monitor does not take it for another process' change. */
static void
note_own_text (HearthStore *self,
               const char  *text,
               gsize        length)
{
  g_queue_push_head (&self->recent, checksum (text, length));
  while (g_queue_get_length (&self->recent) > RECENT_WRITES)
    g_free (g_queue_pop_tail (&self->recent));
}

static gboolean
is_own_text (HearthStore *self,
             const char  *text,
             gsize        length)
{
  g_autofree char *sum = checksum (text, length);

  return g_queue_find_custom (&self->recent, sum, (GCompareFunc) g_strcmp0) != NULL;
}

/* Trims and collapses a name a person typed; NULL when nothing is left */
static char *
clean_text (const char *text)
{
  g_autofree char *copy = NULL;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return NULL;

  copy = g_strstrip (g_strdup (text));
  for (char *p = copy; *p != '\0'; p++)
    {
      /* Control characters (a pasted newline) are never part of a name. */
      if ((guchar) *p < 0x20 || *p == 0x7f)
        *p = ' ';
    }
  g_strstrip (copy);
  if (*copy == '\0')
    return NULL;
  return g_steal_pointer (&copy);
}

/* The index of @text in @array, whatever the case; -1 when not in it */
static int
find_folded (GPtrArray  *array,
             const char *text)
{
  g_autofree char *folded = g_utf8_casefold (text, -1);

  for (guint i = 0; i < array->len; i++)
    {
      g_autofree char *candidate = g_utf8_casefold (g_ptr_array_index (array, i), -1);

      if (g_str_equal (candidate, folded))
        return (int) i;
    }
  return -1;
}

static int
find_device (GPtrArray  *devices,
             const char *id)
{
  for (guint i = 0; i < devices->len; i++)
    {
      JsonObject *object = json_node_get_object (g_ptr_array_index (devices, i));

      if (g_strcmp0 (hearth_json_get_string (object, "id", NULL), id) == 0)
        return (int) i;
    }
  return -1;
}

/* A device id that can name a login: as one in the devices list */
static gboolean
valid_device_id (const char *id)
{
  return id != NULL && *id != '\0' && strchr (id, '/') == NULL && g_utf8_validate (id, -1, NULL);
}

/* The user name of a login, as the device got it: kept as it is (no
 * trimming), but never an empty, huge or multi-line one */
static gboolean
valid_user (const char *user)
{
  if (user == NULL || *user == '\0' || strlen (user) > MAX_USER_LENGTH ||
      !g_utf8_validate (user, -1, NULL))
    return FALSE;
  for (const char *p = user; *p != '\0'; p++)
    {
      if ((guchar) *p < 0x20 || *p == 0x7f)
        return FALSE;
    }
  return TRUE;
}

static GHashTable *
logins_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

static gboolean
logins_equal (GHashTable *a,
              GHashTable *b)
{
  GHashTableIter iter;
  gpointer key;
  gpointer value;

  if (g_hash_table_size (a) != g_hash_table_size (b))
    return FALSE;
  g_hash_table_iter_init (&iter, a);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (g_strcmp0 (value, g_hash_table_lookup (b, key)) != 0)
        return FALSE;
    }
  return TRUE;
}

static void
contents_clear (Contents *contents)
{
  g_clear_pointer (&contents->choices, g_hash_table_unref);
  g_clear_pointer (&contents->rooms, g_ptr_array_unref);
  g_clear_pointer (&contents->hosts, g_ptr_array_unref);
  g_clear_pointer (&contents->devices, g_ptr_array_unref);
  g_clear_pointer (&contents->logins, g_hash_table_unref);
}

static void
contents_init (Contents *contents)
{
  contents->choices = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, choices_free);
  contents->rooms = strv_array_new ();
  contents->hosts = strv_array_new ();
  contents->devices = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  contents->logins = logins_new ();
}

/* @copy: uninitialised */
static void
contents_copy (Contents       *copy,
               const Contents *from)
{
  GHashTableIter iter;
  gpointer key;
  gpointer value;

  contents_init (copy);
  g_hash_table_iter_init (&iter, from->choices);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (copy->choices, g_strdup (key), choices_copy (value));
  for (guint i = 0; i < from->rooms->len; i++)
    g_ptr_array_add (copy->rooms, g_strdup (g_ptr_array_index (from->rooms, i)));
  for (guint i = 0; i < from->hosts->len; i++)
    g_ptr_array_add (copy->hosts, g_strdup (g_ptr_array_index (from->hosts, i)));
  for (guint i = 0; i < from->devices->len; i++)
    g_ptr_array_add (copy->devices, json_node_copy (g_ptr_array_index (from->devices, i)));
  g_hash_table_iter_init (&iter, from->logins);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (copy->logins, g_strdup (key), g_strdup (value));
}

/* This process' home, borrowed (never cleared) */
static Contents
store_view (HearthStore *self)
{
  return (Contents) { self->choices, self->rooms, self->hosts, self->devices, self->logins };
}

static void
emit_changed (HearthStore *self,
              const char  *what)
{
  g_signal_emit (self, signals[CHANGED], g_quark_from_string (what), what);
}

/* Marks the home changed: written soon, on a worker thread. */
static void
touch (HearthStore *self)
{
  self->generation++;
  if (self->first_change == 0)
    self->first_change = g_get_monotonic_time ();
  schedule_write (self);
}

/* Serialising */

static char *
hearth_store_key_internal (const char *device_id,
                           const char *control_id)
{
  return g_strconcat (device_id, "/", control_id, NULL);
}

static JsonNode *
to_json (const Contents *home)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GList) keys = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, FORMAT_VERSION);

  json_builder_set_member_name (builder, "rooms");
  json_builder_begin_array (builder);
  for (guint i = 0; i < home->rooms->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (home->rooms, i));
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "hosts");
  json_builder_begin_array (builder);
  for (guint i = 0; i < home->hosts->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (home->hosts, i));
  json_builder_end_array (builder);

  /* Sorted, so that the same home always gives the same file */
  json_builder_set_member_name (builder, "controls");
  json_builder_begin_object (builder);
  keys = g_list_sort (g_hash_table_get_keys (home->choices), (GCompareFunc) g_strcmp0);
  for (GList *l = keys; l != NULL; l = l->next)
    {
      const Choices *choices = g_hash_table_lookup (home->choices, l->data);

      json_builder_set_member_name (builder, l->data);
      json_builder_begin_object (builder);
      if (choices->name != NULL)
        {
          json_builder_set_member_name (builder, "name");
          json_builder_add_string_value (builder, choices->name);
        }
      if (choices->room != NULL)
        {
          json_builder_set_member_name (builder, "room");
          json_builder_add_string_value (builder, choices->room);
        }
      if (choices->favourite)
        {
          json_builder_set_member_name (builder, "favourite");
          json_builder_add_boolean_value (builder, TRUE);
        }
      if (choices->hidden)
        {
          json_builder_set_member_name (builder, "hidden");
          json_builder_add_boolean_value (builder, TRUE);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "devices");
  json_builder_begin_array (builder);
  for (guint i = 0; i < home->devices->len; i++)
    json_builder_add_value (builder, json_node_copy (g_ptr_array_index (home->devices, i)));
  json_builder_end_array (builder);

  /* The user names of logins (the passwords are in the keyring), by device
   * id; only when there is one, so that a home without any keeps the file
   * it had */
  if (g_hash_table_size (home->logins) > 0)
    {
      g_autoptr(GList) ids = g_list_sort (g_hash_table_get_keys (home->logins), (GCompareFunc) g_strcmp0);

      json_builder_set_member_name (builder, "logins");
      json_builder_begin_object (builder);
      for (GList *l = ids; l != NULL; l = l->next)
        {
          json_builder_set_member_name (builder, l->data);
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "user");
          json_builder_add_string_value (builder, g_hash_table_lookup (home->logins, l->data));
          json_builder_end_object (builder);
        }
      json_builder_end_object (builder);
    }

  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static GBytes *
to_text (const Contents *home)
{
  g_autoptr(JsonNode) root = to_json (home);
  gsize length;
  char *text;

  text = hearth_json_to_data (root, TRUE, &length);
  return g_bytes_new_take (text, length);
}

static const char *
enum_nick (GType type,
           int   value)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (type);
  GEnumValue *enum_value = g_enum_get_value (klass, value);

  return enum_value != NULL ? enum_value->value_nick : NULL;
}

static int
enum_from_nick (GType       type,
                const char *nick,
                int         fallback)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (type);
  GEnumValue *enum_value = nick != NULL ? g_enum_get_value_by_nick (klass, nick) : NULL;

  return enum_value != NULL ? enum_value->value : fallback;
}

static void
add_string_member (JsonBuilder *builder,
                   const char  *name,
                   const char  *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

static void
add_int_member (JsonBuilder *builder,
                const char  *name,
                gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

static JsonNode *
control_to_json (HearthControl *control)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GFlagsClass) flags = g_type_class_ref (HEARTH_TYPE_CAPABILITIES);
  HearthCapabilities caps = hearth_control_get_capabilities (control);
  HearthControlKind kind = hearth_control_get_kind (control);
  const char * const *effects = hearth_control_get_effects (control);

  json_builder_begin_object (builder);
  add_string_member (builder, "id", hearth_control_get_id (control));
  add_string_member (builder, "kind", enum_nick (HEARTH_TYPE_CONTROL_KIND, kind));
  add_string_member (builder, "name", hearth_control_get_name (control));

  json_builder_set_member_name (builder, "capabilities");
  json_builder_begin_array (builder);
  for (guint i = 0; i < flags->n_values; i++)
    {
      if (flags->values[i].value != 0 && (caps & flags->values[i].value) == flags->values[i].value)
        json_builder_add_string_value (builder, flags->values[i].value_nick);
    }
  json_builder_end_array (builder);

  if (hearth_control_get_temperature_min (control) > 0)
    {
      add_int_member (builder, "temperature-min", hearth_control_get_temperature_min (control));
      add_int_member (builder, "temperature-max", hearth_control_get_temperature_max (control));
    }

  if (effects != NULL)
    {
      json_builder_set_member_name (builder, "effects");
      json_builder_begin_array (builder);
      for (guint i = 0; effects[i] != NULL; i++)
        json_builder_add_string_value (builder, effects[i]);
      json_builder_end_array (builder);
    }

  /* The last state, shown while the device is connecting */
  json_builder_set_member_name (builder, "state");
  json_builder_begin_object (builder);
  if (caps & HEARTH_CAPABILITY_ON_OFF)
    {
      json_builder_set_member_name (builder, "on");
      json_builder_add_boolean_value (builder, hearth_control_get_on (control));
    }
  if (hearth_control_get_brightness (control) >= 0)
    add_int_member (builder, "brightness", hearth_control_get_brightness (control));
  if (hearth_control_get_temperature (control) > 0)
    add_int_member (builder, "temperature", hearth_control_get_temperature (control));
  if (hearth_control_get_color (control) >= 0)
    add_int_member (builder, "color", hearth_control_get_color (control));
  if (hearth_control_get_position (control) >= 0)
    add_int_member (builder, "position", hearth_control_get_position (control));
  if (kind == HEARTH_CONTROL_KIND_COVER)
    add_string_member (builder, "cover-state",
                       enum_nick (HEARTH_TYPE_COVER_STATE, hearth_control_get_cover_state (control)));
  add_string_member (builder, "effect", hearth_control_get_effect (control));
  if (kind == HEARTH_CONTROL_KIND_SENSOR || (caps & HEARTH_CAPABILITY_VALUE))
    {
      json_builder_set_member_name (builder, "value");
      json_builder_add_double_value (builder, hearth_control_get_value (control));
    }
  add_string_member (builder, "unit", hearth_control_get_unit (control));
  add_string_member (builder, "quantity", hearth_control_get_quantity (control));
  json_builder_end_object (builder);

  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static JsonNode *
device_to_json (HearthDevice *device,
                JsonObject   *previous)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  GListModel *controls = hearth_device_get_controls (device);
  const char *name = hearth_device_get_name (device);
  JsonArray *hosts = previous != NULL ? hearth_json_get_array (previous, "hosts") : NULL;

  json_builder_begin_object (builder);
  add_string_member (builder, "id", hearth_device_get_id (device));
  add_string_member (builder, "family", hearth_device_get_family (device));
  /* Only a name of its own: the model and the id are fallbacks */
  if (g_strcmp0 (name, hearth_device_get_model (device)) != 0 &&
      g_strcmp0 (name, hearth_device_get_id (device)) != 0)
    add_string_member (builder, "name", name);
  add_string_member (builder, "model", hearth_device_get_model (device));
  add_string_member (builder, "firmware", hearth_device_get_firmware (device));
  add_string_member (builder, "host", hearth_device_get_host (device));
  add_int_member (builder, "port", hearth_device_get_port (device));
  add_string_member (builder, "live", hearth_live_to_string (hearth_device_get_live (device)));

  /* Entries of the hosts list that led to this device (kept once seen, so
   * that forgetting the device also forgets them after it moved) */
  if (hosts != NULL && json_array_get_length (hosts) > 0)
    {
      json_builder_set_member_name (builder, "hosts");
      json_builder_add_value (builder, json_node_copy (json_object_get_member (previous, "hosts")));
    }

  json_builder_set_member_name (builder, "controls");
  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (controls); i++)
    {
      g_autoptr(HearthControl) control = g_list_model_get_item (controls, i);

      json_builder_add_value (builder, control_to_json (control));
    }
  json_builder_end_array (builder);

  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* Parsing (the file is ours, but people edit files: never trust it) */

static gboolean
valid_device (JsonObject *object)
{
  const char *id = hearth_json_get_string (object, "id", NULL);
  const char *family = hearth_json_get_string (object, "family", NULL);

  return id != NULL && *id != '\0' && strchr (id, '/') == NULL && family != NULL && *family != '\0';
}

/* @version: the file's format. One newer than ours is read as far as this
 * version understands it (the caller must not write it). */
static gboolean
parse_contents (const char  *text,
                gsize        length,
                Contents    *contents,
                int         *version,
                GError     **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonObject *object;
  JsonObject *controls;
  JsonObject *logins;
  JsonArray *array;

  if (length > MAX_FILE_SIZE)
    {
      g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD,
                   _("it is larger than %u MiB, more than any home"), MAX_FILE_SIZE / (1024 * 1024));
      return FALSE;
    }

  root = hearth_json_parse (text, length, &local_error);
  if (root == NULL)
    {
      g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD, "%s", local_error->message);
      return FALSE;
    }
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD,
                           _("it holds no JSON object"));
      return FALSE;
    }
  object = json_node_get_object (root);
  *version = (int) CLAMP (hearth_json_get_int (object, "version", FORMAT_VERSION), 0, G_MAXINT);

  contents_init (contents);

  array = hearth_json_get_array (object, "rooms");
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      g_autofree char *room = NULL;

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        room = clean_text (json_node_get_string (node));
      if (room == NULL)
        continue;

      /* Unique, whatever the case */
      {
        g_autofree char *folded = g_utf8_casefold (room, -1);
        gboolean duplicate = FALSE;

        for (guint j = 0; j < contents->rooms->len && !duplicate; j++)
          {
            g_autofree char *other = g_utf8_casefold (g_ptr_array_index (contents->rooms, j), -1);
            duplicate = g_str_equal (other, folded);
          }
        if (!duplicate)
          g_ptr_array_add (contents->rooms, g_steal_pointer (&room));
      }
    }

  array = hearth_json_get_array (object, "hosts");
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      g_autofree char *host = NULL;
      guint16 port;

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        continue;
      if (!hearth_store_split_host (json_node_get_string (node), &host, &port))
        {
          g_autofree char *shown = g_strescape (json_node_get_string (node), NULL);

          g_debug ("Skipping the host “%s” in the store: not an address", shown);
          continue;
        }
      if (!g_ptr_array_find_with_equal_func (contents->hosts, json_node_get_string (node), g_str_equal, NULL))
        g_ptr_array_add (contents->hosts, g_strdup (json_node_get_string (node)));
    }

  controls = hearth_json_get_object (object, "controls");
  if (controls != NULL)
    {
      JsonObjectIter iter;
      const char *key;
      JsonNode *node;

      json_object_iter_init (&iter, controls);
      while (json_object_iter_next (&iter, &key, &node))
        {
          JsonObject *entry;
          Choices *choices;

          if (!JSON_NODE_HOLDS_OBJECT (node) || strchr (key, '/') == NULL)
            continue;
          entry = json_node_get_object (node);
          choices = g_new0 (Choices, 1);
          choices->name = clean_text (hearth_json_get_string (entry, "name", NULL));
          choices->room = clean_text (hearth_json_get_string (entry, "room", NULL));
          choices->favourite = hearth_json_get_bool (entry, "favourite", FALSE);
          choices->hidden = hearth_json_get_bool (entry, "hidden", FALSE);

          /* A room that is not in the list joins it */
          if (choices->room != NULL)
            {
              g_autofree char *folded = g_utf8_casefold (choices->room, -1);
              gboolean found = FALSE;

              for (guint j = 0; j < contents->rooms->len && !found; j++)
                {
                  g_autofree char *other = g_utf8_casefold (g_ptr_array_index (contents->rooms, j), -1);

                  if (g_str_equal (other, folded))
                    {
                      found = TRUE;
                      g_free (choices->room);
                      choices->room = g_strdup (g_ptr_array_index (contents->rooms, j));
                    }
                }
              if (!found)
                g_ptr_array_add (contents->rooms, g_strdup (choices->room));
            }

          if (choices_empty (choices))
            choices_free (choices);
          else
            g_hash_table_replace (contents->choices, g_strdup (key), choices);
        }
    }

  array = hearth_json_get_array (object, "devices");
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *device = hearth_json_array_get_object (array, i);

      if (device == NULL || !valid_device (device) ||
          find_device (contents->devices, hearth_json_get_string (device, "id", NULL)) >= 0)
        continue;
      g_ptr_array_add (contents->devices, json_node_copy (json_array_get_element (array, i)));
    }

  /* "logins": {"<device id>": {"user": "<name>"}}; anything else is skipped */
  logins = hearth_json_get_object (object, "logins");
  if (logins != NULL)
    {
      JsonObjectIter iter;
      const char *key;
      JsonNode *node;

      json_object_iter_init (&iter, logins);
      while (json_object_iter_next (&iter, &key, &node))
        {
          const char *user;

          if (!valid_device_id (key) || !JSON_NODE_HOLDS_OBJECT (node))
            continue;
          user = hearth_json_get_string (json_node_get_object (node), "user", NULL);
          if (valid_user (user))
            g_hash_table_replace (contents->logins, g_strdup (key), g_strdup (user));
        }
    }

  return TRUE;
}

/* Merging
 *
 * What this process changed (Changes) goes over the home read from the
 * file, item by item; whatever it did not change stays as the file has it:
 *  - a control's choices (by key), a known device (by id), a login's user
 *    name (by device id): this process' value replaces the file's, and an
 *    item gone here (forgotten, cleared) goes from the file too;
 *  - a host entry: added when this process has it, removed when it has not;
 *  - a room: removed when this process has no room of that name (whatever
 *    the case); else respelled as here, or added after the room before it
 *    here (at the start when none is).
 * So two hearthctl add at once keep both hosts, and a device forgotten by
 * one process is not brought back by another that still had it in memory.
 * A room still used by a control that only the file knows stays, as a
 * room in use always joins the list. */

/* Names an item in Writer.written (rooms whatever their case) */
static char *
item_name (Kind        kind,
           const char *item)
{
  g_autofree char *folded = kind == KIND_ROOM ? g_utf8_casefold (item, -1) : NULL;

  return g_strdup_printf ("%d:%s", kind, folded != NULL ? folded : item);
}

/* Whether this process already put a newer value of @item on disk than
 * the one it had at @generation */
static gboolean
written_newer (GHashTable *written,
               Kind        kind,
               const char *item,
               guint64     generation)
{
  g_autofree char *name = NULL;
  guint64 *known;

  if (written == NULL)
    return FALSE;
  name = item_name (kind, item);
  known = g_hash_table_lookup (written, name);
  return known != NULL && *known > generation;
}

static void
note_written (GHashTable *written,
              Changes    *changes,
              guint64     generation)
{
  for (guint kind = 0; kind < N_KINDS; kind++)
    {
      GHashTableIter iter;
      gpointer item;

      g_hash_table_iter_init (&iter, changes->sets[kind]);
      while (g_hash_table_iter_next (&iter, &item, NULL))
        {
          char *name = item_name (kind, item);
          guint64 *known = g_hash_table_lookup (written, name);

          if (known == NULL)
            {
              known = g_new0 (guint64, 1);
              g_hash_table_insert (written, name, known);
            }
          else
            g_free (name);
          *known = MAX (*known, generation);
        }
    }
}

/* Whether @set holds @room, whatever the case */
static gboolean
set_has_room (GHashTable *set,
              const char *room)
{
  g_autofree char *folded = g_utf8_casefold (room, -1);
  GHashTableIter iter;
  gpointer item;

  g_hash_table_iter_init (&iter, set);
  while (g_hash_table_iter_next (&iter, &item, NULL))
    {
      g_autofree char *other = g_utf8_casefold (item, -1);

      if (g_str_equal (other, folded))
        return TRUE;
    }
  return FALSE;
}

/* Every room in use is in the list, spelled as there */
static void
contents_fix_rooms (Contents *contents)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, contents->choices);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Choices *choices = value;
      int index;

      if (choices->room == NULL)
        continue;
      index = find_folded (contents->rooms, choices->room);
      if (index < 0)
        g_ptr_array_add (contents->rooms, g_strdup (choices->room));
      else if (!g_str_equal (choices->room, g_ptr_array_index (contents->rooms, index)))
        {
          g_free (choices->room);
          choices->room = g_strdup (g_ptr_array_index (contents->rooms, index));
        }
    }
}

/* Puts the items of @changes, as @mine has them, over @base (see above).
 * @written (may be NULL): what this process already wrote, at which
 * generation; @mine is of @generation, and an item written since from a
 * newer generation is left as it is. */
static void
merge_changes (Contents   *base,
               Contents   *mine,
               Changes    *changes,
               GHashTable *written,
               guint64     generation)
{
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, changes->sets[KIND_KEY]);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      Choices *value = g_hash_table_lookup (mine->choices, key);

      if (written_newer (written, KIND_KEY, key, generation))
        continue;
      if (value != NULL)
        g_hash_table_replace (base->choices, g_strdup (key), choices_copy (value));
      else
        g_hash_table_remove (base->choices, key);
    }

  g_hash_table_iter_init (&iter, changes->sets[KIND_DEVICE]);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      int ours = find_device (mine->devices, key);
      int theirs = find_device (base->devices, key);

      if (written_newer (written, KIND_DEVICE, key, generation))
        continue;
      if (ours >= 0 && theirs >= 0)
        {
          json_node_unref (base->devices->pdata[theirs]);
          base->devices->pdata[theirs] = json_node_copy (g_ptr_array_index (mine->devices, ours));
        }
      else if (ours >= 0)
        g_ptr_array_add (base->devices, json_node_copy (g_ptr_array_index (mine->devices, ours)));
      else if (theirs >= 0)
        g_ptr_array_remove_index (base->devices, theirs);
    }

  g_hash_table_iter_init (&iter, changes->sets[KIND_LOGIN]);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      const char *user = g_hash_table_lookup (mine->logins, key);

      if (written_newer (written, KIND_LOGIN, key, generation))
        continue;
      if (user != NULL)
        g_hash_table_replace (base->logins, g_strdup (key), g_strdup (user));
      else
        g_hash_table_remove (base->logins, key);
    }

  g_hash_table_iter_init (&iter, changes->sets[KIND_HOST]);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      gboolean ours = g_ptr_array_find_with_equal_func (mine->hosts, key, g_str_equal, NULL);
      guint theirs;

      if (written_newer (written, KIND_HOST, key, generation))
        continue;
      if (!g_ptr_array_find_with_equal_func (base->hosts, key, g_str_equal, &theirs))
        {
          if (ours)
            g_ptr_array_add (base->hosts, g_strdup (key));
        }
      else if (!ours)
        g_ptr_array_remove_index (base->hosts, theirs);
    }

  /* Rooms gone here go, then the ones here join in this order */
  g_hash_table_iter_init (&iter, changes->sets[KIND_ROOM]);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      int theirs;

      if (written_newer (written, KIND_ROOM, key, generation) || find_folded (mine->rooms, key) >= 0)
        continue;
      theirs = find_folded (base->rooms, key);
      if (theirs >= 0)
        g_ptr_array_remove_index (base->rooms, theirs);
    }
  for (guint i = 0; i < mine->rooms->len; i++)
    {
      const char *room = g_ptr_array_index (mine->rooms, i);
      int theirs;
      guint position = 0;

      if (!set_has_room (changes->sets[KIND_ROOM], room) ||
          written_newer (written, KIND_ROOM, room, generation))
        continue;

      theirs = find_folded (base->rooms, room);
      if (theirs >= 0)
        {
          g_free (base->rooms->pdata[theirs]);
          base->rooms->pdata[theirs] = g_strdup (room);
          continue;
        }
      for (guint j = i; j > 0; j--)
        {
          int before = find_folded (base->rooms, g_ptr_array_index (mine->rooms, j - 1));

          if (before >= 0)
            {
              position = (guint) before + 1;
              break;
            }
        }
      g_ptr_array_insert (base->rooms, (int) position, g_strdup (room));
    }
}

/* Writing */

/* Keeps an unreadable file aside as PATH.broken (or .broken.2, ...) */
static char *
set_aside (const char  *path,
           GError     **error)
{
  for (guint i = 1; i < 100; i++)
    {
      g_autofree char *aside = i == 1 ? g_strconcat (path, ".broken", NULL)
                                      : g_strdup_printf ("%s.broken.%u", path, i);

      if (g_file_test (aside, G_FILE_TEST_EXISTS))
        continue;
      if (g_rename (path, aside) != 0)
        {
          int saved_errno = errno;

          g_set_error_literal (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                               g_strerror (saved_errno));
          return NULL;
        }
      return g_steal_pointer (&aside);
    }

  g_set_error_literal (error, G_FILE_ERROR, G_FILE_ERROR_EXIST,
                       _("too many broken copies are kept already"));
  return NULL;
}

/* Takes the lock that every writer of @path holds while it writes (an
 * advisory one, on PATH.lock, let go of when the descriptor is closed, by
 * the kernel too when the process dies). Waits @wait_ms at most: a writer
 * holds it for milliseconds, so one that holds it longer is stuck (stopped,
 * or on a hung disk), and waiting on would hang this process as well.
 * With @wait_ms 0, -1 and no error when another holds it. */
static int
take_lock (const char  *lock_path,
           guint        wait_ms,
           GError     **error)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) wait_ms * 1000;
  int fd = g_open (lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);

  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("Could not open %s: %s"), lock_path, g_strerror (saved_errno));
      return -1;
    }

  while (flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      int saved_errno = errno;

      if (saved_errno == EINTR)
        continue;
      if (saved_errno == EWOULDBLOCK && g_get_monotonic_time () < deadline)
        {
          g_usleep (LOCK_POLL_MS * 1000);
          continue;
        }
      close (fd);
      if (saved_errno == EWOULDBLOCK && wait_ms > 0)
        g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_AGAIN,
                     _("Another program has held %s for more than %u s"),
                     lock_path, wait_ms / 1000);
      else if (saved_errno != EWOULDBLOCK)
        g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                     _("Could not lock %s: %s"), lock_path, g_strerror (saved_errno));
      return -1;
    }
  return fd;
}

/* Under the lock: reads the file again, puts @changes (as @mine, of
 * @generation, has them) over it, and writes the result atomically if it
 * differs. @merged (uninitialised): what is on disk after, and @text the
 * same as written. A file of a newer format is not written: @newer is set
 * to its format. */
static gboolean
write_merged (Writer    *writer,
              Contents  *mine,
              Changes   *changes,
              guint64    generation,
              Contents  *merged,
              GBytes   **text,
              int       *newer,
              GError   **error)
{
  g_autofree char *folder = NULL;
  g_autofree char *old_text = NULL;
  g_autoptr(GError) read_error = NULL;
  g_autoptr(GBytes) new_text = NULL;
  gsize old_length = 0;
  int version = FORMAT_VERSION;
  int lock = -1;
  gboolean ok = FALSE;

  *merged = (Contents) { 0 };
  g_mutex_lock (&writer->mutex);

  folder = g_path_get_dirname (writer->path);
  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("Could not create the folder %s: %s"), folder, g_strerror (saved_errno));
      goto out;
    }

  lock = take_lock (writer->lock_path, LOCK_WAIT_MS, error);
  if (lock < 0)
    goto out;

  if (!g_file_get_contents (writer->path, &old_text, &old_length, &read_error))
    {
      if (!g_error_matches (read_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        {
          g_propagate_error (error, g_steal_pointer (&read_error));
          goto out;
        }
      /* Gone: this process' home is all there is */
      contents_copy (merged, mine);
    }
  else if (!parse_contents (old_text, old_length, merged, &version, &read_error))
    {
      g_autoptr(GError) aside_error = NULL;
      g_autofree char *aside = set_aside (writer->path, &aside_error);

      if (aside == NULL)
        {
          g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD,
                       _("%s cannot be read (%s) nor kept aside (%s), so nothing is saved over it"),
                       writer->path, read_error->message, aside_error->message);
          goto out;
        }
      g_warning ("%s was changed by another program and cannot be read (%s): it was kept as %s",
                 writer->path, read_error->message, aside);
      g_clear_pointer (&old_text, g_free);
      contents_copy (merged, mine);
    }
  else if (version > FORMAT_VERSION)
    {
      *newer = version;
      g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_FAILED,
                   _("%s was written by a newer version of Hearth (format %d), so nothing is saved over it"),
                   writer->path, version);
      goto out;
    }

  merge_changes (merged, mine, changes, writer->written, generation);
  contents_fix_rooms (merged);
  new_text = to_text (merged);

  if (old_text == NULL || g_bytes_get_size (new_text) != old_length ||
      memcmp (g_bytes_get_data (new_text, NULL), old_text, old_length) != 0)
    {
      if (!g_file_set_contents_full (writer->path,
                                     g_bytes_get_data (new_text, NULL), g_bytes_get_size (new_text),
                                     G_FILE_SET_CONTENTS_CONSISTENT, 0600, error))
        goto out;
    }

  note_written (writer->written, changes, generation);
  *text = g_steal_pointer (&new_text);
  ok = TRUE;

out:
  if (lock >= 0)
    close (lock);
  g_mutex_unlock (&writer->mutex);
  if (!ok)
    contents_clear (merged);
  return ok;
}

static void
write_in_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  WriteJob *job = task_data;
  GError *error = NULL;

  if (write_merged (job->writer, &job->mine, job->changes, job->generation,
                    &job->merged, &job->text, &job->newer, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static gboolean
may_write (HearthStore *self)
{
  return !self->broken && self->newer_format == 0;
}

static void apply_contents (HearthStore *self,
                            Contents    *contents,
                            gboolean     merge);
static void on_write_timeout (gpointer user_data);

/* After a write of @sequence landed: @merged (taken) is on disk, and
 * @text its text */
static void
written (HearthStore *self,
         guint64      sequence,
         guint64      generation,
         Contents    *merged,
         GBytes      *text)
{
  gsize length;
  const char *data = g_bytes_get_data (text, &length);

  note_own_text (self, data, length);
  self->saved = MAX (self->saved, generation);

  /* What another process wrote meanwhile is read back here, unless a
   * later write of this process did so already (or the store is going
   * away: nobody is to be told any more) */
  if (sequence > self->applied && !g_cancellable_is_cancelled (self->cancellable))
    {
      self->applied = sequence;
      apply_contents (self, merged, TRUE);
    }
}

static void
on_written (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  WriteJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(HearthStore) self = g_weak_ref_get (&job->store);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    g_warning ("Could not save %s: %s", job->writer->path, error->message);

  if (self == NULL)
    return;

  self->writing = FALSE;
  if (error != NULL)
    {
      /* What is in memory is still the truth: its changes go with the next
       * write, tried later. */
      changes_absorb (self->changes, self->in_flight);
      g_clear_pointer (&self->in_flight, changes_free);
      if (job->newer != 0)
        {
          self->newer_format = job->newer;
          return;
        }
      g_clear_handle_id (&self->write_source, g_source_remove);
      self->write_source = g_timeout_add_once (RETRY_DELAY_MS, on_write_timeout, self);
      return;
    }

  g_clear_pointer (&self->in_flight, changes_free);
  written (self, job->sequence, job->generation, &job->merged, job->text);
  if (self->generation > self->saved)
    schedule_write (self);
}

static void
start_write (HearthStore *self)
{
  g_autoptr(GTask) task = NULL;
  Contents view = store_view (self);
  WriteJob *job;

  g_assert (!self->writing);

  job = g_new0 (WriteJob, 1);
  job->writer = writer_ref (self->writer);
  contents_copy (&job->mine, &view);
  job->generation = self->generation;
  job->sequence = ++self->sequence;
  g_weak_ref_init (&job->store, self);

  /* Changes made from now on go with the next write */
  self->in_flight = g_steal_pointer (&self->changes);
  self->changes = changes_new ();
  job->changes = changes_new ();
  changes_absorb (job->changes, self->in_flight);
  self->first_change = 0;
  self->writing = TRUE;

  /* No source object: the store may go away while the thread writes. */
  task = g_task_new (NULL, NULL, on_written, NULL);
  g_task_set_source_tag (task, start_write);
  g_task_set_task_data (task, job, write_job_free);
  g_task_run_in_thread (task, write_in_thread);
}

static void
on_write_timeout (gpointer user_data)
{
  HearthStore *self = HEARTH_STORE (user_data);

  self->write_source = 0;
  if (!may_write (self) || self->generation <= self->saved)
    return;
  if (self->writing)
    return;   /* on_written() schedules the next one */
  start_write (self);
}

static void
schedule_write (HearthStore *self)
{
  gint64 waited_ms;
  guint delay;

  if (!may_write (self) || self->writing)
    return;

  /* Half a second after the last change, but never more than a few
   * seconds after the first one. */
  waited_ms = self->first_change != 0 ? (g_get_monotonic_time () - self->first_change) / 1000 : 0;
  delay = waited_ms >= WRITE_MAX_DELAY_MS - WRITE_DELAY_MS ? 0 : WRITE_DELAY_MS;
  if (delay == 0 && self->write_source != 0)
    return;

  g_clear_handle_id (&self->write_source, g_source_remove);
  self->write_source = g_timeout_add_once (delay, on_write_timeout, self);
}

/* Reading */

/* Replaces what is in memory with @contents (taken). With @merge, what
 * this process changed and did not write yet (or is writing) is kept over
 * @contents. Then announces every difference. */
static void
apply_contents (HearthStore *self,
                Contents    *contents,
                gboolean     merge)
{
  g_autoptr(GPtrArray) changed_keys = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) old_choices = NULL;
  g_autoptr(GPtrArray) old_rooms = NULL;
  g_autoptr(GPtrArray) old_hosts = NULL;
  g_autoptr(GPtrArray) old_devices = NULL;
  g_autoptr(GHashTable) old_logins = NULL;
  gboolean rooms_changed;
  gboolean hosts_changed;
  gboolean logins_changed;
  gboolean devices_changed = FALSE;
  GHashTableIter iter;
  gpointer key;
  gpointer value;

  if (merge)
    {
      Contents view = store_view (self);

      if (self->in_flight != NULL)
        merge_changes (contents, &view, self->in_flight, NULL, 0);
      merge_changes (contents, &view, self->changes, NULL, 0);
    }
  contents_fix_rooms (contents);

  g_hash_table_iter_init (&iter, contents->choices);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (!choices_equal (value, g_hash_table_lookup (self->choices, key)))
        g_ptr_array_add (changed_keys, g_strdup (key));
    }
  g_hash_table_iter_init (&iter, self->choices);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      if (!g_hash_table_contains (contents->choices, key))
        g_ptr_array_add (changed_keys, g_strdup (key));
    }

  rooms_changed = !strv_array_equal (self->rooms, contents->rooms);
  hosts_changed = !strv_array_equal (self->hosts, contents->hosts);
  logins_changed = !logins_equal (self->logins, contents->logins);
  if (self->devices->len != contents->devices->len)
    devices_changed = TRUE;
  for (guint i = 0; i < contents->devices->len && !devices_changed; i++)
    {
      JsonObject *object = json_node_get_object (g_ptr_array_index (contents->devices, i));

      devices_changed = find_device (self->devices, hearth_json_get_string (object, "id", NULL)) < 0;
    }

  old_choices = g_steal_pointer (&self->choices);
  old_rooms = g_steal_pointer (&self->rooms);
  old_hosts = g_steal_pointer (&self->hosts);
  old_devices = g_steal_pointer (&self->devices);
  old_logins = g_steal_pointer (&self->logins);
  self->choices = g_steal_pointer (&contents->choices);
  self->rooms = g_steal_pointer (&contents->rooms);
  self->hosts = g_steal_pointer (&contents->hosts);
  self->devices = g_steal_pointer (&contents->devices);
  self->logins = g_steal_pointer (&contents->logins);

  if (rooms_changed)
    emit_changed (self, "rooms");
  if (hosts_changed)
    emit_changed (self, "hosts");
  if (devices_changed)
    emit_changed (self, "devices");
  if (logins_changed)
    emit_changed (self, "logins");
  for (guint i = 0; i < changed_keys->len; i++)
    emit_changed (self, g_ptr_array_index (changed_keys, i));
}

static void
on_reloaded (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(HearthStore) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  Contents contents = { 0 };
  int version = FORMAT_VERSION;
  gsize length;

  if (!g_file_load_contents_finish (G_FILE (object), result, &text, &length, NULL, &error))
    {
      /* Gone (another process forgot everything, or is renaming): the
       * next change here writes it again. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Could not read %s back: %s", self->path, error->message);
      return;
    }

  if (is_own_text (self, text, length))
    return;

  if (!parse_contents (text, length, &contents, &version, &error))
    {
      g_warning ("%s was changed by another program and cannot be read (%s); "
                 "it will be kept aside on the next change",
                 self->path, error->message);
      return;
    }

  g_debug ("%s was changed by another program: reading it back", self->path);
  note_own_text (self, text, length);
  apply_contents (self, &contents, TRUE);
  contents_clear (&contents);

  if (version > FORMAT_VERSION && self->newer_format == 0)
    {
      self->newer_format = version;
      g_warning ("%s was written by a newer version of Hearth (format %d): "
                 "changes made here are not saved any more", self->path, version);
      return;
    }

  /* What this process changed meanwhile goes back to the file. */
  if (self->generation > self->saved)
    schedule_write (self);
}

static void
on_reload_timeout (gpointer user_data)
{
  HearthStore *self = HEARTH_STORE (user_data);
  g_autoptr(GFile) file = g_file_new_for_path (self->path);

  self->reload_source = 0;
  g_file_load_contents_async (file, self->cancellable, on_reloaded, g_object_ref (self));
}

static void
on_file_changed (HearthStore       *self,
                 GFile             *file,
                 GFile             *other_file,
                 GFileMonitorEvent  event,
                 GFileMonitor      *monitor)
{
  switch (event)
    {
    case G_FILE_MONITOR_EVENT_CHANGES_DONE_HINT:
    case G_FILE_MONITOR_EVENT_CREATED:
    case G_FILE_MONITOR_EVENT_MOVED_IN:
    case G_FILE_MONITOR_EVENT_RENAMED:
    case G_FILE_MONITOR_EVENT_CHANGED:
      /* A burst of events for one write: read once, when it settled */
      g_clear_handle_id (&self->reload_source, g_source_remove);
      self->reload_source = g_timeout_add_once (RELOAD_DELAY_MS, on_reload_timeout, self);
      break;
    case G_FILE_MONITOR_EVENT_DELETED:
    case G_FILE_MONITOR_EVENT_ATTRIBUTE_CHANGED:
    case G_FILE_MONITOR_EVENT_PRE_UNMOUNT:
    case G_FILE_MONITOR_EVENT_UNMOUNTED:
    case G_FILE_MONITOR_EVENT_MOVED:
    case G_FILE_MONITOR_EVENT_MOVED_OUT:
    default:
      break;
    }
}

static void
start_monitor (HearthStore *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = NULL;

  if (self->monitor != NULL)
    return;

  /* Watching needs the folder (else changes are only polled for) */
  folder = g_path_get_dirname (self->path);
  if (g_mkdir_with_parents (folder, 0700) != 0)
    g_debug ("Cannot create %s: %s", folder, g_strerror (errno));

  file = g_file_new_for_path (self->path);
  self->monitor = g_file_monitor_file (file, G_FILE_MONITOR_WATCH_MOVES, NULL, &error);
  if (self->monitor == NULL)
    {
      g_debug ("Cannot watch %s for changes by other programs: %s", self->path, error->message);
      return;
    }
  g_signal_connect_object (self->monitor, "changed", G_CALLBACK (on_file_changed), self,
                           G_CONNECT_SWAPPED);
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

  g_cancellable_cancel (self->cancellable);
  if (self->monitor != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->monitor, self);
      g_file_monitor_cancel (self->monitor);
      g_clear_object (&self->monitor);
    }
  g_clear_handle_id (&self->reload_source, g_source_remove);

  /* The last changes must not be lost at exit. */
  if (may_write (self) && self->generation > self->saved)
    {
      g_autoptr(GError) error = NULL;

      if (!hearth_store_flush (self, &error))
        g_warning ("Could not save %s: %s", self->path, error->message);
    }
  g_clear_handle_id (&self->write_source, g_source_remove);

  G_OBJECT_CLASS (hearth_store_parent_class)->dispose (object);
}

static void
hearth_store_finalize (GObject *object)
{
  HearthStore *self = (HearthStore *)object;

  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->writer, writer_unref);
  g_clear_pointer (&self->choices, g_hash_table_unref);
  g_clear_pointer (&self->rooms, g_ptr_array_unref);
  g_clear_pointer (&self->hosts, g_ptr_array_unref);
  g_clear_pointer (&self->devices, g_ptr_array_unref);
  g_clear_pointer (&self->logins, g_hash_table_unref);
  g_clear_pointer (&self->changes, changes_free);
  g_clear_pointer (&self->in_flight, changes_free);
  g_queue_clear_full (&self->recent, g_free);
  g_clear_object (&self->cancellable);

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

  self->writer = writer_new (self->path);
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
  self->choices = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, choices_free);
  self->rooms = strv_array_new ();
  self->hosts = strv_array_new ();
  self->devices = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  self->logins = logins_new ();
  self->changes = changes_new ();
  self->cancellable = g_cancellable_new ();
  g_queue_init (&self->recent);
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

/* Whether @name is PATH.XXXXXX, the name g_file_set_contents() gives the
 * new file until it is renamed over PATH (and never PATH.broken) */
static gboolean
is_temporary_name (const char *name,
                   const char *base)
{
  gsize base_length = strlen (base);
  const char *suffix;

  if (strncmp (name, base, base_length) != 0 || name[base_length] != '.')
    return FALSE;
  suffix = name + base_length + 1;
  if (strlen (suffix) != 6 || g_str_equal (suffix, "broken"))
    return FALSE;
  for (const char *p = suffix; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p))
        return FALSE;
    }
  return TRUE;
}

/* A write cut short (kill -9, a crash, power lost) leaves its new file
 * behind. Every writer makes, fills and renames it holding the lock, so
 * while the lock is held here no write is under way and each such file of
 * this user is a leftover; when another holds it, they wait for next time. */
static void
remove_leftovers (HearthStore *self)
{
  g_autofree char *folder = g_path_get_dirname (self->path);
  g_autofree char *base = g_path_get_basename (self->path);
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;
  int lock;

  if (dir == NULL)
    return;
  lock = take_lock (self->writer->lock_path, 0, NULL);
  if (lock < 0)
    return;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      GStatBuf info;

      if (!is_temporary_name (name, base))
        continue;
      path = g_build_filename (folder, name, NULL);
      if (g_lstat (path, &info) != 0 || !S_ISREG (info.st_mode) || info.st_uid != getuid ())
        continue;
      if (g_unlink (path) == 0)
        g_debug ("Removed %s, left by a write that was cut short", path);
    }
  close (lock);
}

gboolean
hearth_store_load (HearthStore  *self,
                   GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GError) aside_error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *aside = NULL;
  Contents contents = { 0 };
  int version = FORMAT_VERSION;
  gsize length = 0;

  g_return_val_if_fail (HEARTH_IS_STORE (self), FALSE);

  g_clear_handle_id (&self->write_source, g_source_remove);
  g_clear_pointer (&self->changes, changes_free);
  self->changes = changes_new ();
  self->broken = FALSE;
  self->newer_format = 0;

  remove_leftovers (self);

  if (g_file_get_contents (self->path, &text, &length, &local_error) &&
      parse_contents (text, length, &contents, &version, &local_error))
    {
      note_own_text (self, text, length);
      apply_contents (self, &contents, FALSE);
      contents_clear (&contents);
      self->saved = self->generation;
      self->first_change = 0;
      start_monitor (self);
      if (version <= FORMAT_VERSION)
        return TRUE;

      /* Not ours to change, nor to move: a newer Hearth reads it as it is. */
      self->newer_format = version;
      g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED,
                   _("%s was written by a newer version of Hearth (format %d). What this "
                     "version understands of it is used, and the file is left as it is: "
                     "changes made here are not saved."),
                   self->path, version);
      return FALSE;
    }

  /* No file yet: an empty home. */
  contents_init (&contents);
  apply_contents (self, &contents, FALSE);
  contents_clear (&contents);
  self->saved = self->generation;
  self->first_change = 0;

  if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    {
      start_monitor (self);
      return TRUE;
    }

  /* Never overwritten silently: kept aside, or not written at all. */
  aside = set_aside (self->path, &aside_error);
  if (aside == NULL)
    {
      self->broken = TRUE;
      g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD,
                   _("Could not read %s (%s), nor keep it aside (%s). Hearth starts with an "
                     "empty home and will not save over that file."),
                   self->path, local_error->message, aside_error->message);
      return FALSE;
    }

  start_monitor (self);
  g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD,
               _("Could not read %s (%s). It was kept as %s, and Hearth starts with an empty home."),
               self->path, local_error->message, aside);
  return FALSE;
}

gboolean
hearth_store_flush (HearthStore  *self,
                    GError      **error)
{
  g_autoptr(GBytes) text = NULL;
  g_autoptr(Changes) changes = NULL;
  Contents view = store_view (self);
  Contents mine = { 0 };
  Contents merged = { 0 };
  guint64 sequence;
  int newer = 0;
  gboolean ok;

  g_return_val_if_fail (HEARTH_IS_STORE (self), FALSE);

  if (self->broken)
    {
      g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_FAILED,
                   _("%s could not be read nor kept aside, so nothing is saved over it"),
                   self->path);
      return FALSE;
    }
  if (self->newer_format != 0)
    {
      g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_FAILED,
                   _("%s was written by a newer version of Hearth (format %d), so nothing is saved over it"),
                   self->path, self->newer_format);
      return FALSE;
    }

  if (self->generation <= self->saved)
    return TRUE;

  /* Also what a write under way on the worker carries: it may not have
   * landed yet. Waits for that write, if it has begun, then writes. */
  g_clear_handle_id (&self->write_source, g_source_remove);
  changes = changes_new ();
  changes_absorb (changes, self->in_flight);
  changes_absorb (changes, self->changes);
  contents_copy (&mine, &view);
  sequence = ++self->sequence;
  ok = write_merged (self->writer, &mine, changes, self->generation, &merged, &text, &newer, error);
  contents_clear (&mine);
  if (!ok)
    {
      self->newer_format = newer;
      return FALSE;
    }

  g_clear_pointer (&self->changes, changes_free);
  self->changes = changes_new ();
  self->first_change = 0;
  written (self, sequence, self->generation, &merged, text);
  contents_clear (&merged);
  return TRUE;
}

char *
hearth_store_key (const char *device_id,
                  const char *control_id)
{
  g_return_val_if_fail (device_id != NULL, NULL);
  g_return_val_if_fail (control_id != NULL, NULL);

  return hearth_store_key_internal (device_id, control_id);
}

static Choices *
lookup_choices (HearthStore *self,
                const char  *key)
{
  return key != NULL ? g_hash_table_lookup (self->choices, key) : NULL;
}

static Choices *
ensure_choices (HearthStore *self,
                const char  *key)
{
  Choices *choices = g_hash_table_lookup (self->choices, key);

  if (choices == NULL)
    {
      choices = g_new0 (Choices, 1);
      g_hash_table_insert (self->choices, g_strdup (key), choices);
    }
  return choices;
}

/* After @key's choices changed: drop an empty entry, save, announce */
static void
choices_changed (HearthStore *self,
                 const char  *key)
{
  g_autofree char *what = g_strdup (key);
  Choices *choices = g_hash_table_lookup (self->choices, key);

  if (choices != NULL && choices_empty (choices))
    g_hash_table_remove (self->choices, key);

  changes_add (self->changes->sets[KIND_KEY], what);
  touch (self);
  emit_changed (self, what);
}

const char *
hearth_store_get_name (HearthStore *self,
                       const char  *key)
{
  Choices *choices;

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
  Choices *choices;

  g_return_if_fail (HEARTH_IS_STORE (self));
  g_return_if_fail (key != NULL);

  clean = clean_text (name);
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
  Choices *choices;

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
  Choices *choices;

  g_return_if_fail (HEARTH_IS_STORE (self));
  g_return_if_fail (key != NULL);

  clean = clean_text (room);
  if (clean != NULL)
    {
      int index = find_folded (self->rooms, clean);

      if (index >= 0)
        {
          g_free (clean);
          clean = g_strdup (g_ptr_array_index (self->rooms, index));
        }
      else
        added = TRUE;
    }

  if (g_strcmp0 (hearth_store_get_room (self, key), clean) == 0)
    return;

  if (added)
    {
      g_ptr_array_add (self->rooms, g_strdup (clean));
      changes_add (self->changes->sets[KIND_ROOM], clean);
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
  Choices *choices;

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
  Choices *choices;

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
  return strv_array_get (self->rooms);
}

static char *
check_room_name (HearthStore  *self,
                 const char   *room,
                 int           except,
                 GError      **error)
{
  g_autofree char *clean = clean_text (room);
  int existing;

  if (clean == NULL)
    {
      g_set_error_literal (error, HEARTH_ERROR, HEARTH_ERROR_INVALID, _("A room needs a name"));
      return NULL;
    }

  existing = find_folded (self->rooms, clean);
  if (existing >= 0 && existing != except)
    {
      g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_INVALID,
                   _("There is already a room called “%s”"),
                   (const char *) g_ptr_array_index (self->rooms, existing));
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

  changes_add (self->changes->sets[KIND_ROOM], clean);
  g_ptr_array_add (self->rooms, g_steal_pointer (&clean));
  touch (self);
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

  g_hash_table_iter_init (&iter, self->choices);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (g_strcmp0 (((Choices *) value)->room, room) == 0)
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

  index = find_folded (self->rooms, old_name);
  if (index < 0)
    {
      g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_NOT_FOUND,
                   _("There is no room called “%s”"), old_name);
      return FALSE;
    }

  clean = check_room_name (self, new_name, index, error);
  if (clean == NULL)
    return FALSE;

  old_room = g_strdup (g_ptr_array_index (self->rooms, index));
  if (g_str_equal (old_room, clean))
    return TRUE;

  g_free (self->rooms->pdata[index]);
  self->rooms->pdata[index] = g_strdup (clean);
  changes_add (self->changes->sets[KIND_ROOM], old_room);
  changes_add (self->changes->sets[KIND_ROOM], clean);

  keys = keys_in_room (self, old_room);
  for (guint i = 0; i < keys->len; i++)
    {
      Choices *choices = g_hash_table_lookup (self->choices, g_ptr_array_index (keys, i));

      g_free (choices->room);
      choices->room = g_strdup (clean);
      changes_add (self->changes->sets[KIND_KEY], g_ptr_array_index (keys, i));
    }

  touch (self);
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

  index = find_folded (self->rooms, room);
  if (index < 0)
    return;

  old_room = g_strdup (g_ptr_array_index (self->rooms, index));
  g_ptr_array_remove_index (self->rooms, index);
  changes_add (self->changes->sets[KIND_ROOM], old_room);

  keys = keys_in_room (self, old_room);
  for (guint i = 0; i < keys->len; i++)
    {
      const char *key = g_ptr_array_index (keys, i);
      Choices *choices = g_hash_table_lookup (self->choices, key);

      g_clear_pointer (&choices->room, g_free);
      if (choices_empty (choices))
        g_hash_table_remove (self->choices, key);
      changes_add (self->changes->sets[KIND_KEY], key);
    }

  touch (self);
  emit_changed (self, "rooms");
  for (guint i = 0; i < keys->len; i++)
    emit_changed (self, g_ptr_array_index (keys, i));
}

/* Hosts */

gboolean
hearth_store_split_host (const char  *entry,
                         char       **host,
                         guint16     *port)
{
  g_return_val_if_fail (host != NULL, FALSE);
  g_return_val_if_fail (port != NULL, FALSE);

  *host = NULL;
  *port = 0;

  if (entry == NULL)
    return FALSE;

  return hearth_host_parse (entry, host, port, NULL);
}

static char *
join_host (const char *host,
           guint16     port)
{
  if (port == 0)
    return g_strdup (host);
  if (strchr (host, ':') != NULL)
    return g_strdup_printf ("[%s]:%u", host, port);
  return g_strdup_printf ("%s:%u", host, port);
}

/* "Kitchen.local" and "kitchen.local" are one host; a bracketed IPv6
 * address is unbracketed. NULL when not a host at all. */
static char *
clean_host (const char *host)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *name = NULL;
  guint16 ignored;

  if (host == NULL)
    return NULL;

  trimmed = g_strstrip (g_ascii_strdown (host, -1));
  if (trimmed[0] == '[' && g_str_has_suffix (trimmed, "]"))
    {
      trimmed[strlen (trimmed) - 1] = '\0';
      memmove (trimmed, trimmed + 1, strlen (trimmed));
    }

  /* Only a host: a port in it is not what was asked */
  if (!hearth_store_split_host (trimmed, &name, &ignored) || ignored != 0)
    return NULL;
  return g_steal_pointer (&name);
}

const char * const *
hearth_store_get_hosts (HearthStore *self)
{
  g_return_val_if_fail (HEARTH_IS_STORE (self), NULL);
  return strv_array_get (self->hosts);
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

  clean = clean_host (host);
  if (clean == NULL)
    {
      g_debug ("Not a host to keep: “%s”", host);
      return;
    }

  entry = join_host (clean, port);
  if (g_ptr_array_find_with_equal_func (self->hosts, entry, g_str_equal, NULL))
    return;

  changes_add (self->changes->sets[KIND_HOST], entry);
  g_ptr_array_add (self->hosts, g_steal_pointer (&entry));
  touch (self);
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

  clean = clean_host (host);
  if (clean == NULL)
    return;

  entry = join_host (clean, port);
  if (!g_ptr_array_find_with_equal_func (self->hosts, entry, g_str_equal, &index))
    return;

  g_ptr_array_remove_index (self->hosts, index);
  changes_add (self->changes->sets[KIND_HOST], entry);
  touch (self);
  emit_changed (self, "hosts");
}

/* Whether host entry @entry reaches @host:@port */
static gboolean
host_entry_matches (const char *entry,
                    const char *host,
                    guint16     port)
{
  g_autofree char *entry_host = NULL;
  guint16 entry_port;

  if (host == NULL || !hearth_store_split_host (entry, &entry_host, &entry_port))
    return FALSE;
  return g_ascii_strcasecmp (entry_host, host) == 0 && (entry_port == 0 || entry_port == port);
}

/* Known devices */

static HearthDevice *
device_from_json (JsonObject *object)
{
  g_autoptr(HearthDevice) device = NULL;
  JsonArray *controls;
  gint64 port;

  if (!valid_device (object))
    return NULL;

  device = hearth_device_new (hearth_json_get_string (object, "id", NULL),
                              hearth_json_get_string (object, "family", NULL));
  hearth_device_set_name (device, hearth_json_get_string (object, "name", NULL));
  hearth_device_set_model (device, hearth_json_get_string (object, "model", NULL));
  hearth_device_set_firmware (device, hearth_json_get_string (object, "firmware", NULL));
  port = hearth_json_get_int (object, "port", 0);
  if (hearth_json_get_string (object, "host", NULL) != NULL && port > 0 && port <= G_MAXUINT16)
    hearth_device_set_address (device, hearth_json_get_string (object, "host", NULL), (guint16) port);
  hearth_device_set_live (device,
                          g_strcmp0 (hearth_json_get_string (object, "live", NULL), "push") == 0
                          ? HEARTH_LIVE_PUSH : HEARTH_LIVE_POLL);
  hearth_device_set_state (device, HEARTH_DEVICE_STATE_CONNECTING);

  controls = hearth_json_get_array (object, "controls");
  for (guint i = 0; controls != NULL && i < json_array_get_length (controls); i++)
    {
      JsonObject *entry = hearth_json_array_get_object (controls, i);
      g_autoptr(GFlagsClass) flags = g_type_class_ref (HEARTH_TYPE_CAPABILITIES);
      const char *id;
      HearthControl *control;
      HearthCapabilities caps = HEARTH_CAPABILITY_NONE;
      JsonArray *array;
      JsonObject *state;
      int kind;

      if (entry == NULL)
        continue;
      id = hearth_json_get_string (entry, "id", NULL);
      kind = enum_from_nick (HEARTH_TYPE_CONTROL_KIND, hearth_json_get_string (entry, "kind", NULL), -1);
      if (id == NULL || *id == '\0' || kind < 0 || hearth_device_find_control (device, id) != NULL)
        continue;

      control = hearth_device_ensure_control (device, id, kind, hearth_json_get_string (entry, "name", NULL));

      array = hearth_json_get_array (entry, "capabilities");
      for (guint j = 0; array != NULL && j < json_array_get_length (array); j++)
        {
          JsonNode *node = json_array_get_element (array, j);
          GFlagsValue *value;

          if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
            continue;
          value = g_flags_get_value_by_nick (flags, json_node_get_string (node));
          if (value != NULL)
            caps |= value->value;
        }
      hearth_control_set_capabilities (control, caps);

      hearth_control_set_temperature_range (control,
                                            (int) CLAMP (hearth_json_get_int (entry, "temperature-min", -1), -1, 100000),
                                            (int) CLAMP (hearth_json_get_int (entry, "temperature-max", -1), -1, 100000));

      array = hearth_json_get_array (entry, "effects");
      if (array != NULL)
        {
          g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
          g_auto(GStrv) effects = NULL;

          for (guint j = 0; j < json_array_get_length (array); j++)
            {
              JsonNode *node = json_array_get_element (array, j);

              if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
                g_strv_builder_add (builder, json_node_get_string (node));
            }
          effects = g_strv_builder_end (builder);
          hearth_control_set_effects (control, (const char * const *) effects);
        }

      state = hearth_json_get_object (entry, "state");
      if (state == NULL)
        continue;

      hearth_control_set_on (control, hearth_json_get_bool (state, "on", FALSE));
      hearth_control_set_brightness (control, (int) CLAMP (hearth_json_get_int (state, "brightness", -1), -1, 100));
      hearth_control_set_temperature (control, (int) CLAMP (hearth_json_get_int (state, "temperature", -1), -1, 100000));
      hearth_control_set_color (control, (int) CLAMP (hearth_json_get_int (state, "color", -1), -1, 0xffffff));
      hearth_control_set_position (control, (int) CLAMP (hearth_json_get_int (state, "position", -1), -1, 100));
      hearth_control_set_cover_state (control,
                                      enum_from_nick (HEARTH_TYPE_COVER_STATE,
                                                      hearth_json_get_string (state, "cover-state", NULL),
                                                      HEARTH_COVER_STATE_STOPPED));
      hearth_control_set_effect (control, hearth_json_get_string (state, "effect", NULL));
      if (hearth_json_has (state, "value", JSON_NODE_VALUE))
        hearth_control_set_value (control, hearth_json_get_double (state, "value", 0.0));
      hearth_control_set_unit (control, hearth_json_get_string (state, "unit", NULL));
      hearth_control_set_quantity (control, hearth_json_get_string (state, "quantity", NULL));
    }

  return g_steal_pointer (&device);
}

GPtrArray *
hearth_store_dup_known_devices (HearthStore *self)
{
  GPtrArray *devices;

  g_return_val_if_fail (HEARTH_IS_STORE (self), NULL);

  devices = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < self->devices->len; i++)
    {
      HearthDevice *device = device_from_json (json_node_get_object (g_ptr_array_index (self->devices, i)));

      if (device != NULL)
        g_ptr_array_add (devices, device);
    }
  return devices;
}

void
hearth_store_remember_device (HearthStore  *self,
                              HearthDevice *device)
{
  g_autoptr(JsonNode) node = NULL;
  JsonObject *previous = NULL;
  JsonObject *object;
  JsonArray *hosts;
  int index;

  g_return_if_fail (HEARTH_IS_STORE (self));
  g_return_if_fail (HEARTH_IS_DEVICE (device));

  if (strchr (hearth_device_get_id (device), '/') != NULL)
    return;   /* cannot be a key; no driver makes such ids */

  index = find_device (self->devices, hearth_device_get_id (device));
  if (index >= 0)
    previous = json_node_get_object (g_ptr_array_index (self->devices, index));

  node = device_to_json (device, previous);
  object = json_node_get_object (node);

  /* A host added by hand that reaches the device is its own. */
  hosts = hearth_json_get_array (object, "hosts");
  for (guint i = 0; i < self->hosts->len; i++)
    {
      const char *entry = g_ptr_array_index (self->hosts, i);
      gboolean known = FALSE;

      if (!host_entry_matches (entry, hearth_device_get_host (device), hearth_device_get_port (device)))
        continue;

      if (hosts == NULL)
        {
          json_object_set_array_member (object, "hosts", json_array_new ());
          hosts = json_object_get_array_member (object, "hosts");
        }
      for (guint j = 0; j < json_array_get_length (hosts) && !known; j++)
        known = g_strcmp0 (json_node_get_string (json_array_get_element (hosts, j)), entry) == 0;
      if (!known)
        json_array_add_string_element (hosts, entry);
    }

  if (previous != NULL && json_node_equal (node, g_ptr_array_index (self->devices, index)))
    return;

  if (index >= 0)
    {
      json_node_unref (self->devices->pdata[index]);
      self->devices->pdata[index] = g_steal_pointer (&node);
    }
  else
    g_ptr_array_add (self->devices, g_steal_pointer (&node));

  changes_add (self->changes->sets[KIND_DEVICE], hearth_device_get_id (device));
  touch (self);
  if (index < 0)
    emit_changed (self, "devices");
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

  index = find_device (self->devices, device_id);
  if (index >= 0)
    {
      JsonObject *object = json_node_get_object (g_ptr_array_index (self->devices, index));
      JsonArray *own = hearth_json_get_array (object, "hosts");
      const char *host = hearth_json_get_string (object, "host", NULL);
      guint16 port = (guint16) CLAMP (hearth_json_get_int (object, "port", 0), 0, G_MAXUINT16);

      for (guint i = self->hosts->len; i > 0; i--)
        {
          const char *entry = g_ptr_array_index (self->hosts, i - 1);
          gboolean mine = host_entry_matches (entry, host, port);

          for (guint j = 0; own != NULL && j < json_array_get_length (own) && !mine; j++)
            {
              JsonNode *node = json_array_get_element (own, j);

              mine = JSON_NODE_HOLDS_VALUE (node) &&
                     json_node_get_value_type (node) == G_TYPE_STRING &&
                     g_str_equal (json_node_get_string (node), entry);
            }
          if (mine)
            {
              changes_add (self->changes->sets[KIND_HOST], entry);
              g_ptr_array_remove_index (self->hosts, i - 1);
              hosts_changed = TRUE;
            }
        }

      g_ptr_array_remove_index (self->devices, index);
      changes_add (self->changes->sets[KIND_DEVICE], device_id);
    }

  prefix = g_strconcat (device_id, "/", NULL);
  g_hash_table_iter_init (&iter, self->choices);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      if (g_str_has_prefix (key, prefix))
        g_ptr_array_add (keys, g_strdup (key));
    }
  for (guint i = 0; i < keys->len; i++)
    {
      g_hash_table_remove (self->choices, g_ptr_array_index (keys, i));
      changes_add (self->changes->sets[KIND_KEY], g_ptr_array_index (keys, i));
    }

  login_dropped = g_hash_table_remove (self->logins, device_id);
  if (login_dropped)
    changes_add (self->changes->sets[KIND_LOGIN], device_id);

  if (index < 0 && keys->len == 0 && !login_dropped)
    return;

  touch (self);

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

  return g_hash_table_lookup (self->logins, device_id);
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

  if (!valid_device_id (device_id))
    {
      g_debug ("Not a device id to keep a login for: “%s”", device_id);
      return;
    }
  if (user != NULL && !valid_user (user))
    {
      g_debug ("Not a user name to keep for %s", device_id);
      return;
    }

  if (g_strcmp0 (g_hash_table_lookup (self->logins, device_id), user) == 0)
    return;

  if (user != NULL)
    g_hash_table_replace (self->logins, g_strdup (device_id), g_strdup (user));
  else
    g_hash_table_remove (self->logins, device_id);

  changes_add (self->changes->sets[KIND_LOGIN], device_id);
  touch (self);
  emit_changed (self, "logins");
}
