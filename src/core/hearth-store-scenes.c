/* hearth-store-scenes.c: the scenes a person saved, kept in the store
 *
 * In the file, by name:
 *   "scenes": {"Movie": {"members": [{"device": "<hardware id>",
 *     "control": "<control id>", "state": ["on", "brightness=20",
 *     "color=#ff8800"]}, …]}}
 * a member's state written as hearthctl's actions (hearth_change_parse_action()).
 * People edit files: a scene or a member of the wrong shape is skipped,
 * said in a message (not a WARNING: that is a bug of Hearth's, as the fuzz
 * target holds), and the rest is read.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "hearth-error.h"
#include "hearth-json.h"
#include "hearth-scene.h"
#include "hearth-store-private.h"
#include "hearth-store-scenes.h"

/* The home's table */

GHashTable *
hearth_store_scenes_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
}

void
hearth_store_scenes_copy_into (GHashTable *into,
                               GHashTable *from)
{
  GHashTableIter iter;
  gpointer key;
  gpointer value;

  g_hash_table_iter_init (&iter, from);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (into, g_strdup (key), g_object_ref (value));
}

gboolean
hearth_store_scenes_equal (GHashTable *a,
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
      if (!hearth_scene_equal (value, g_hash_table_lookup (b, key)))
        return FALSE;
    }
  return TRUE;
}

/* The name in @scenes spelled as @name whatever the case, or NULL */
static const char *
find_folded (GHashTable *scenes,
             const char *name)
{
  g_autofree char *folded = g_utf8_casefold (name, -1);
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, scenes);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      g_autofree char *candidate = g_utf8_casefold (key, -1);

      if (g_str_equal (candidate, folded))
        return key;
    }
  return NULL;
}

/* The file */

static void
skip (gboolean    newer,
      const char *scene,
      const char *why)
{
  g_autofree char *shown = g_strescape (scene, NULL);

  if (newer)
    g_debug ("Skipping the scene “%s” of a newer store: %s", shown, why);
  else
    g_message ("Skipping the scene “%s” in the store: %s", shown, why);
}

static gboolean
parse_member (JsonObject   *object,
              HearthScene  *scene,
              const char  **why)
{
  g_autoptr(HearthChange) change = hearth_change_new ();
  const char *device = hearth_json_get_string (object, "device", NULL);
  const char *control = hearth_json_get_string (object, "control", NULL);
  JsonArray *state = hearth_json_get_array (object, "state");

  if (!hearth_store_valid_device_id (device) || control == NULL || *control == '\0' ||
      !g_utf8_validate (control, -1, NULL))
    {
      *why = "a member without a device id and a control id";
      return FALSE;
    }
  for (guint i = 0; state != NULL && i < json_array_get_length (state); i++)
    {
      JsonNode *node = json_array_get_element (state, i);

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING ||
          !g_utf8_validate (json_node_get_string (node), -1, NULL) ||
          !hearth_change_parse_action (change, json_node_get_string (node), NULL))
        {
          *why = "a member with a state that is no action";
          return FALSE;
        }
    }
  if (change->fields == 0 || (change->fields & HEARTH_CHANGE_TOGGLE))
    {
      *why = "a member without a state to bring back";
      return FALSE;
    }
  if (hearth_scene_find_member (scene, device, control) >= 0)
    {
      *why = "a control twice";
      return FALSE;
    }

  hearth_scene_set_member (scene, device, control, change);
  return TRUE;
}

void
hearth_store_scenes_parse (JsonObject *root,
                           GHashTable *scenes,
                           gboolean    newer)
{
  JsonObject *object;
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  if (!json_object_has_member (root, "scenes"))
    return;
  object = hearth_json_get_object (root, "scenes");
  if (object == NULL)
    {
      skip (newer, "*", "“scenes” is no object");
      return;
    }

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, &node))
    {
      g_autofree char *clean = hearth_store_clean_text (name);
      g_autoptr(HearthScene) scene = NULL;
      JsonArray *members;

      if (clean == NULL)
        {
          skip (newer, name, "not a name");
          continue;
        }
      if (find_folded (scenes, clean) != NULL)
        {
          skip (newer, name, "another scene has that name");
          continue;
        }
      members = JSON_NODE_HOLDS_OBJECT (node) ? hearth_json_get_array (json_node_get_object (node), "members") : NULL;
      if (members == NULL)
        {
          skip (newer, name, "it has no members");
          continue;
        }

      scene = hearth_scene_new (clean);
      for (guint i = 0; i < json_array_get_length (members); i++)
        {
          JsonObject *member = hearth_json_array_get_object (members, i);
          const char *why = "a member that is no object";

          if (member == NULL || !parse_member (member, scene, &why))
            skip (newer, name, why);
        }
      g_hash_table_insert (scenes, g_steal_pointer (&clean), g_steal_pointer (&scene));
    }
}

void
hearth_store_scenes_to_json (JsonBuilder *builder,
                             GHashTable  *scenes)
{
  g_autoptr(GList) names = NULL;

  if (g_hash_table_size (scenes) == 0)
    return;

  json_builder_set_member_name (builder, "scenes");
  json_builder_begin_object (builder);
  names = g_list_sort (g_hash_table_get_keys (scenes), (GCompareFunc) g_strcmp0);
  for (GList *l = names; l != NULL; l = l->next)
    {
      HearthScene *scene = g_hash_table_lookup (scenes, l->data);

      json_builder_set_member_name (builder, l->data);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "members");
      json_builder_begin_array (builder);
      for (guint i = 0; i < hearth_scene_get_n_members (scene); i++)
        {
          g_autofree char *actions = hearth_change_to_string (hearth_scene_get_change (scene, i));
          g_auto(GStrv) state = g_strsplit (actions, " ", -1);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "device");
          json_builder_add_string_value (builder, hearth_scene_get_device_id (scene, i));
          json_builder_set_member_name (builder, "control");
          json_builder_add_string_value (builder, hearth_scene_get_control_id (scene, i));
          json_builder_set_member_name (builder, "state");
          json_builder_begin_array (builder);
          for (guint j = 0; state[j] != NULL; j++)
            json_builder_add_string_value (builder, state[j]);
          json_builder_end_array (builder);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
}

/* The store's scenes */

static void
scenes_changed (HearthStore *self,
                const char  *name)
{
  hearth_store_file_note_change (self->file, HEARTH_STORE_KIND_SCENE, name);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_utf8_collate (*(const char * const *) a, *(const char * const *) b);
}

char **
hearth_store_dup_scene_names (HearthStore *self)
{
  GPtrArray *names;
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (HEARTH_IS_STORE (self), NULL);

  names = g_ptr_array_new ();
  g_hash_table_iter_init (&iter, self->home.scenes);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (names, g_strdup (key));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return (char **) g_ptr_array_free (names, FALSE);
}

HearthScene *
hearth_store_dup_scene (HearthStore *self,
                        const char  *name)
{
  const char *key;

  g_return_val_if_fail (HEARTH_IS_STORE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  key = find_folded (self->home.scenes, name);
  return key != NULL ? hearth_scene_copy (g_hash_table_lookup (self->home.scenes, key)) : NULL;
}

/* @name cleaned, or NULL with @error set; @except: a name that may be
 * taken already (the scene being renamed or replaced) */
static char *
check_name (HearthStore  *self,
            const char   *name,
            const char   *except,
            GError      **error)
{
  g_autofree char *clean = hearth_store_clean_text (name);
  const char *existing;

  if (clean == NULL)
    {
      g_set_error_literal (error, HEARTH_ERROR, HEARTH_ERROR_INVALID, _("A scene needs a name"));
      return NULL;
    }
  existing = find_folded (self->home.scenes, clean);
  if (existing != NULL && g_strcmp0 (existing, except) != 0)
    {
      g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_INVALID,
                   _("There is already a scene called “%s”"), existing);
      return NULL;
    }
  return g_steal_pointer (&clean);
}

gboolean
hearth_store_set_scene (HearthStore  *self,
                        HearthScene  *scene,
                        gboolean      replace,
                        GError      **error)
{
  g_autofree char *clean = NULL;
  const char *existing;
  HearthScene *copy;

  g_return_val_if_fail (HEARTH_IS_STORE (self), FALSE);
  g_return_val_if_fail (HEARTH_IS_SCENE (scene), FALSE);

  existing = find_folded (self->home.scenes, hearth_scene_get_name (scene));
  clean = check_name (self, hearth_scene_get_name (scene), replace ? existing : NULL, error);
  if (clean == NULL)
    return FALSE;

  copy = hearth_scene_copy (scene);
  hearth_scene_set_name (copy, clean);
  if (existing != NULL && hearth_scene_equal (copy, g_hash_table_lookup (self->home.scenes, existing)))
    {
      g_object_unref (copy);
      return TRUE;
    }
  if (existing != NULL)
    {
      scenes_changed (self, existing);
      g_hash_table_remove (self->home.scenes, existing);
    }
  scenes_changed (self, clean);
  g_hash_table_insert (self->home.scenes, g_steal_pointer (&clean), copy);
  hearth_store_file_touch (self->file);
  g_signal_emit_by_name (self, "changed::scenes", "scenes");
  return TRUE;
}

gboolean
hearth_store_rename_scene (HearthStore  *self,
                           const char   *old_name,
                           const char   *new_name,
                           GError      **error)
{
  g_autofree char *clean = NULL;
  g_autofree char *existing = NULL;
  HearthScene *copy;

  g_return_val_if_fail (HEARTH_IS_STORE (self), FALSE);
  g_return_val_if_fail (old_name != NULL, FALSE);

  existing = g_strdup (find_folded (self->home.scenes, old_name));
  if (existing == NULL)
    {
      g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_NOT_FOUND,
                   _("There is no scene called “%s”"), old_name);
      return FALSE;
    }
  clean = check_name (self, new_name, existing, error);
  if (clean == NULL)
    return FALSE;
  if (g_str_equal (clean, existing))
    return TRUE;

  copy = hearth_scene_copy (g_hash_table_lookup (self->home.scenes, existing));
  hearth_scene_set_name (copy, clean);
  g_hash_table_remove (self->home.scenes, existing);
  scenes_changed (self, existing);
  scenes_changed (self, clean);
  g_hash_table_insert (self->home.scenes, g_steal_pointer (&clean), copy);
  hearth_store_file_touch (self->file);
  g_signal_emit_by_name (self, "changed::scenes", "scenes");
  return TRUE;
}

gboolean
hearth_store_remove_scene (HearthStore *self,
                           const char  *name)
{
  g_autofree char *existing = NULL;

  g_return_val_if_fail (HEARTH_IS_STORE (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  existing = g_strdup (find_folded (self->home.scenes, name));
  if (existing == NULL)
    return FALSE;

  g_hash_table_remove (self->home.scenes, existing);
  scenes_changed (self, existing);
  hearth_store_file_touch (self->file);
  g_signal_emit_by_name (self, "changed::scenes", "scenes");
  return TRUE;
}
