/* hearth-store-format.c: the store file's format, home.json ⇄ the home
 *
 * Pure: text in, contents out, and back; no file, no thread, no signal.
 * The file is ours, but people edit files: whatever it holds is read as
 * far as it makes sense (a room in use joins the list, an entry of the
 * wrong shape is skipped), and what cannot be read at all is an error.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "hearth-error.h"
#include "hearth-json.h"
#include "hearth-store.h"
#include "hearth-store-format.h"
#include "hearth-store-scenes.h"

#define MAX_USER_LENGTH     256   /* bytes; longer is no user name */
#define MAX_FILE_SIZE       (8 * 1024 * 1024)   /* a home is kilobytes: more is no home */

/* Small things */

void
hearth_store_choices_free (gpointer data)
{
  HearthStoreChoices *choices = data;

  g_free (choices->name);
  g_free (choices->room);
  g_free (choices);
}

gboolean
hearth_store_choices_empty (const HearthStoreChoices *choices)
{
  return choices->name == NULL && choices->room == NULL && !choices->favourite && !choices->hidden;
}

gboolean
hearth_store_choices_equal (const HearthStoreChoices *a,
                            const HearthStoreChoices *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return g_strcmp0 (a->name, b->name) == 0 &&
         g_strcmp0 (a->room, b->room) == 0 &&
         a->favourite == b->favourite &&
         a->hidden == b->hidden;
}

HearthStoreChoices *
hearth_store_choices_copy (const HearthStoreChoices *choices)
{
  HearthStoreChoices *copy = g_new0 (HearthStoreChoices, 1);

  copy->name = g_strdup (choices->name);
  copy->room = g_strdup (choices->room);
  copy->favourite = choices->favourite;
  copy->hidden = choices->hidden;
  return copy;
}

GPtrArray *
hearth_store_strv_new (void)
{
  return g_ptr_array_new_null_terminated (0, g_free, TRUE);
}

/* An empty array may have no storage yet: never hand out NULL */
const char * const *
hearth_store_strv_get (GPtrArray *array)
{
  static const char * const empty[] = { NULL };

  return array->pdata != NULL ? (const char * const *) array->pdata : empty;
}

gboolean
hearth_store_strv_equal (GPtrArray *a,
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

/* Trims and collapses a name a person typed; NULL when nothing is left */
char *
hearth_store_clean_text (const char *text)
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
int
hearth_store_find_folded (GPtrArray  *array,
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

/* A device id that can name a login: as one in the devices list */
gboolean
hearth_store_valid_device_id (const char *id)
{
  return id != NULL && *id != '\0' && strchr (id, '/') == NULL && g_utf8_validate (id, -1, NULL);
}

/* The user name of a login, as the device got it: kept as it is (no
 * trimming), but never an empty, huge or multi-line one */
gboolean
hearth_store_valid_user (const char *user)
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

GHashTable *
hearth_store_logins_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

gboolean
hearth_store_logins_equal (GHashTable *a,
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

void
hearth_store_contents_clear (HearthStoreContents *contents)
{
  g_clear_pointer (&contents->choices, g_hash_table_unref);
  g_clear_pointer (&contents->rooms, g_ptr_array_unref);
  g_clear_pointer (&contents->hosts, g_ptr_array_unref);
  g_clear_pointer (&contents->devices, g_ptr_array_unref);
  g_clear_pointer (&contents->logins, g_hash_table_unref);
  g_clear_pointer (&contents->device_index, g_hash_table_unref);
  g_clear_pointer (&contents->address_index, g_hash_table_unref);
  g_clear_pointer (&contents->scenes, g_hash_table_unref);
}

void
hearth_store_contents_init (HearthStoreContents *contents)
{
  contents->choices = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, hearth_store_choices_free);
  contents->rooms = hearth_store_strv_new ();
  contents->hosts = hearth_store_strv_new ();
  contents->devices = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  contents->logins = hearth_store_logins_new ();
  contents->device_index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  contents->address_index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                   (GDestroyNotify) g_hash_table_unref);
  contents->scenes = hearth_store_scenes_new ();
}

/* @copy: uninitialised */
void
hearth_store_contents_copy (HearthStoreContents       *copy,
                            const HearthStoreContents *from)
{
  GHashTableIter iter;
  gpointer key;
  gpointer value;

  hearth_store_contents_init (copy);
  g_hash_table_iter_init (&iter, from->choices);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (copy->choices, g_strdup (key), hearth_store_choices_copy (value));
  for (guint i = 0; i < from->rooms->len; i++)
    g_ptr_array_add (copy->rooms, g_strdup (g_ptr_array_index (from->rooms, i)));
  for (guint i = 0; i < from->hosts->len; i++)
    g_ptr_array_add (copy->hosts, g_strdup (g_ptr_array_index (from->hosts, i)));
  for (guint i = 0; i < from->devices->len; i++)
    hearth_store_contents_add_device (copy, json_node_copy (g_ptr_array_index (from->devices, i)));
  g_hash_table_iter_init (&iter, from->logins);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (copy->logins, g_strdup (key), g_strdup (value));
  hearth_store_scenes_copy_into (copy->scenes, from->scenes);
}

/* Known devices */

static const char *
device_id (JsonNode *node)
{
  return hearth_json_get_string (json_node_get_object (node), "id", NULL);
}

/* The address of entry @node as hearth_store_device_from_json() reads it
 * (a port of 1 to 65535, else none), its host in lower case */
static gboolean
device_address (JsonNode  *node,
                char     **host,
                guint     *port)
{
  JsonObject *object = json_node_get_object (node);
  const char *name = hearth_json_get_string (object, "host", NULL);
  gint64 number = hearth_json_get_int (object, "port", 0);

  if (name == NULL || number <= 0 || number > G_MAXUINT16)
    return FALSE;
  *host = g_ascii_strdown (name, -1);
  *port = (guint) number;
  return TRUE;
}

/* Adds @node's id to the index at its address, or removes it (@add FALSE) */
static void
index_address (HearthStoreContents *contents,
               JsonNode            *node,
               gboolean             add)
{
  g_autofree char *host = NULL;
  GHashTable *ports;
  GPtrArray *ids = NULL;
  guint port;

  if (!device_address (node, &host, &port))
    return;
  ports = g_hash_table_lookup (contents->address_index, host);
  if (ports == NULL && add)
    {
      ports = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
      g_hash_table_insert (contents->address_index, g_strdup (host), ports);
    }
  if (ports != NULL)
    ids = g_hash_table_lookup (ports, GUINT_TO_POINTER (port));
  if (ids == NULL && add)
    {
      ids = g_ptr_array_new_with_free_func (g_free);
      g_hash_table_insert (ports, GUINT_TO_POINTER (port), ids);
    }
  if (add)
    {
      g_ptr_array_add (ids, g_strdup (device_id (node)));
      return;
    }

  for (guint i = 0; ids != NULL && i < ids->len; i++)
    {
      if (g_str_equal (g_ptr_array_index (ids, i), device_id (node)))
        {
          g_ptr_array_remove_index (ids, i);
          break;
        }
    }
  if (ids != NULL && ids->len == 0)
    g_hash_table_remove (ports, GUINT_TO_POINTER (port));
  if (ports != NULL && g_hash_table_size (ports) == 0)
    g_hash_table_remove (contents->address_index, host);
}

static void
add_positions (GArray                    *found,
               const HearthStoreContents *contents,
               GPtrArray                 *ids)
{
  for (guint i = 0; ids != NULL && i < ids->len; i++)
    {
      guint position = hearth_store_contents_find_device (contents, g_ptr_array_index (ids, i));

      g_array_append_val (found, position);
    }
}

static int
compare_positions (gconstpointer a,
                   gconstpointer b)
{
  guint first = *(const guint *) a;
  guint second = *(const guint *) b;

  return first < second ? -1 : first > second;
}

GArray *
hearth_store_contents_find_devices_at (const HearthStoreContents *contents,
                                       const char                *host,
                                       guint16                    port)
{
  g_autofree char *lower = g_ascii_strdown (host, -1);
  GHashTable *ports = g_hash_table_lookup (contents->address_index, lower);
  GArray *found = g_array_new (FALSE, FALSE, sizeof (guint));
  GHashTableIter iter;
  gpointer ids;

  if (ports == NULL)
    return found;
  if (port != 0)
    {
      add_positions (found, contents, g_hash_table_lookup (ports, GUINT_TO_POINTER (port)));
      return found;
    }
  g_hash_table_iter_init (&iter, ports);
  while (g_hash_table_iter_next (&iter, NULL, &ids))
    add_positions (found, contents, ids);
  g_array_sort (found, compare_positions);
  return found;
}

int
hearth_store_contents_find_device (const HearthStoreContents *contents,
                                   const char                *id)
{
  gpointer position = id != NULL ? g_hash_table_lookup (contents->device_index, id) : NULL;

  return position != NULL ? GPOINTER_TO_INT (position) - 1 : -1;
}

void
hearth_store_contents_add_device (HearthStoreContents *contents,
                                  JsonNode            *node)
{
  g_assert (hearth_store_contents_find_device (contents, device_id (node)) < 0);

  g_ptr_array_add (contents->devices, node);
  g_hash_table_insert (contents->device_index, g_strdup (device_id (node)),
                       GUINT_TO_POINTER (contents->devices->len));
  index_address (contents, node, TRUE);
}

void
hearth_store_contents_replace_device (HearthStoreContents *contents,
                                      guint                index,
                                      JsonNode            *node)
{
  g_assert (index < contents->devices->len);
  g_assert (g_strcmp0 (device_id (node), device_id (contents->devices->pdata[index])) == 0);

  index_address (contents, contents->devices->pdata[index], FALSE);
  json_node_unref (contents->devices->pdata[index]);
  contents->devices->pdata[index] = node;
  index_address (contents, node, TRUE);
}

/* Rare (a device forgotten): the ones after it move up */
void
hearth_store_contents_remove_device (HearthStoreContents *contents,
                                     guint                index)
{
  GHashTableIter iter;
  gpointer value;

  g_assert (index < contents->devices->len);

  g_hash_table_remove (contents->device_index, device_id (contents->devices->pdata[index]));
  index_address (contents, contents->devices->pdata[index], FALSE);
  g_ptr_array_remove_index (contents->devices, index);
  g_hash_table_iter_init (&iter, contents->device_index);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      if (GPOINTER_TO_UINT (value) > index + 1)
        g_hash_table_iter_replace (&iter, GUINT_TO_POINTER (GPOINTER_TO_UINT (value) - 1));
    }
}

/* Every room in use is in the list, spelled as there */
void
hearth_store_contents_fix_rooms (HearthStoreContents *contents)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, contents->choices);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      HearthStoreChoices *choices = value;
      int index;

      if (choices->room == NULL)
        continue;
      index = hearth_store_find_folded (contents->rooms, choices->room);
      if (index < 0)
        g_ptr_array_add (contents->rooms, g_strdup (choices->room));
      else if (!g_str_equal (choices->room, g_ptr_array_index (contents->rooms, index)))
        {
          g_free (choices->room);
          choices->room = g_strdup (g_ptr_array_index (contents->rooms, index));
        }
    }
}

/* Serialising */

static JsonNode *
to_json (const HearthStoreContents *home)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GList) keys = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, HEARTH_STORE_FORMAT_VERSION);

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
      const HearthStoreChoices *choices = g_hash_table_lookup (home->choices, l->data);

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

  hearth_store_scenes_to_json (builder, home->scenes);

  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

GBytes *
hearth_store_format_to_text (const HearthStoreContents *home)
{
  g_autoptr(JsonNode) root = to_json (home);
  gsize length;
  char *text;

  text = hearth_json_to_data (root, TRUE, &length);
  return g_bytes_new_take (text, length);
}

/* Parsing (the file is ours, but people edit files: never trust it) */

gboolean
hearth_store_valid_device (JsonObject *object)
{
  const char *id = hearth_json_get_string (object, "id", NULL);
  const char *family = hearth_json_get_string (object, "family", NULL);

  return id != NULL && *id != '\0' && strchr (id, '/') == NULL && family != NULL && *family != '\0';
}

/* @version: the file's format. One newer than ours is read as far as this
 * version understands it (the caller must not write it). */
gboolean
hearth_store_format_parse (const char           *text,
                           gsize                 length,
                           HearthStoreContents  *contents,
                           int                  *version,
                           GError              **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonObject *object;
  JsonObject *controls;
  JsonObject *logins;
  JsonArray *array;
  g_autoptr(GHashTable) hosts = g_hash_table_new (g_str_hash, g_str_equal);

  if (length > MAX_FILE_SIZE)
    {
      g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD,
                   _("it is larger than %u MiB, more than any home"), MAX_FILE_SIZE / (1024 * 1024));
      return FALSE;
    }

  /* The reasons say "it": the file, named around them */
  root = hearth_json_parse_as (text, length, "it", &local_error);
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
  *version = (int) CLAMP (hearth_json_get_int (object, "version", HEARTH_STORE_FORMAT_VERSION), 0, G_MAXINT);

  hearth_store_contents_init (contents);

  array = hearth_json_get_array (object, "rooms");
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      g_autofree char *room = NULL;

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        room = hearth_store_clean_text (json_node_get_string (node));
      if (room == NULL)
        continue;

      /* Unique, whatever the case */
      if (hearth_store_find_folded (contents->rooms, room) < 0)
        g_ptr_array_add (contents->rooms, g_steal_pointer (&room));
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
      if (g_hash_table_add (hosts, (gpointer) json_node_get_string (node)))
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
          HearthStoreChoices *choices;

          if (!JSON_NODE_HOLDS_OBJECT (node) || strchr (key, '/') == NULL)
            continue;
          entry = json_node_get_object (node);
          choices = g_new0 (HearthStoreChoices, 1);
          choices->name = hearth_store_clean_text (hearth_json_get_string (entry, "name", NULL));
          choices->room = hearth_store_clean_text (hearth_json_get_string (entry, "room", NULL));
          choices->favourite = hearth_json_get_bool (entry, "favourite", FALSE);
          choices->hidden = hearth_json_get_bool (entry, "hidden", FALSE);

          /* A room that is not in the list joins it */
          if (choices->room != NULL)
            {
              int index = hearth_store_find_folded (contents->rooms, choices->room);

              if (index >= 0)
                {
                  g_free (choices->room);
                  choices->room = g_strdup (g_ptr_array_index (contents->rooms, index));
                }
              else
                g_ptr_array_add (contents->rooms, g_strdup (choices->room));
            }

          if (hearth_store_choices_empty (choices))
            hearth_store_choices_free (choices);
          else
            g_hash_table_replace (contents->choices, g_strdup (key), choices);
        }
    }

  array = hearth_json_get_array (object, "devices");
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *device = hearth_json_array_get_object (array, i);

      if (device == NULL || !hearth_store_valid_device (device) ||
          hearth_store_contents_find_device (contents, hearth_json_get_string (device, "id", NULL)) >= 0)
        continue;
      hearth_store_contents_add_device (contents, json_node_copy (json_array_get_element (array, i)));
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

          if (!hearth_store_valid_device_id (key) || !JSON_NODE_HOLDS_OBJECT (node))
            continue;
          user = hearth_json_get_string (json_node_get_object (node), "user", NULL);
          if (hearth_store_valid_user (user))
            g_hash_table_replace (contents->logins, g_strdup (key), g_strdup (user));
        }
    }

  hearth_store_scenes_parse (object, contents->scenes, *version > HEARTH_STORE_FORMAT_VERSION);
  return TRUE;
}
