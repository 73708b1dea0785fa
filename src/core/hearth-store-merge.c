/* hearth-store-merge.c: what this process changed, put over the file
 *
 * Pure: the names of the items this process changed (HearthStoreChanges),
 * the merge of their values over a home read from the file, and what
 * differs between two homes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hearth-json.h"
#include "hearth-scene.h"
#include "hearth-store-format.h"
#include "hearth-store-merge.h"
#include "hearth-store-scenes.h"

static GHashTable *
string_set_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

HearthStoreChanges *
hearth_store_changes_new (void)
{
  HearthStoreChanges *changes = g_new0 (HearthStoreChanges, 1);

  for (guint kind = 0; kind < HEARTH_STORE_N_KINDS; kind++)
    changes->sets[kind] = string_set_new ();
  return changes;
}

void
hearth_store_changes_free (HearthStoreChanges *changes)
{
  for (guint kind = 0; kind < HEARTH_STORE_N_KINDS; kind++)
    g_hash_table_unref (changes->sets[kind]);
  g_free (changes);
}

void
hearth_store_changes_add (GHashTable *set,
                          const char *item)
{
  if (!g_hash_table_contains (set, item))
    g_hash_table_add (set, g_strdup (item));
}

/* Adds every item of @from (may be NULL) to @into */
void
hearth_store_changes_absorb (HearthStoreChanges *into,
                             HearthStoreChanges *from)
{
  for (guint kind = 0; from != NULL && kind < HEARTH_STORE_N_KINDS; kind++)
    {
      GHashTableIter iter;
      gpointer item;

      g_hash_table_iter_init (&iter, from->sets[kind]);
      while (g_hash_table_iter_next (&iter, &item, NULL))
        hearth_store_changes_add (into->sets[kind], item);
    }
}

/* Merging
 *
 * What this process changed (HearthStoreChanges) goes over the home read
 * from the file, item by item; whatever it did not change stays as the
 * file has it:
 *  - a control's choices (by key), a known device (by id), a login's user
 *    name (by device id), a scene (by name): this process' value replaces the file's, and an
 *    item gone here (forgotten, cleared) goes from the file too;
 *  - a host entry: added when this process has it, removed when it has not;
 *  - a room: removed when this process has no room of that name (whatever
 *    the case); else respelled as here, or added after the room before it
 *    here (at the start when none is).
 * So two hearthctl add at once keep both hosts, and a device forgotten by
 * one process is not brought back by another that still had it in memory.
 * A room still used by a control that only the file knows stays, as a
 * room in use always joins the list. */

/* Names an item in a table of what was written (rooms whatever their case) */
static char *
item_name (HearthStoreKind  kind,
           const char      *item)
{
  g_autofree char *folded = kind == HEARTH_STORE_KIND_ROOM ? g_utf8_casefold (item, -1) : NULL;

  return g_strdup_printf ("%d:%s", kind, folded != NULL ? folded : item);
}

/* Whether this process already put a newer value of @item on disk than
 * the one it had at @generation */
static gboolean
written_newer (GHashTable      *written,
               HearthStoreKind  kind,
               const char      *item,
               guint64          generation)
{
  g_autofree char *name = NULL;
  guint64 *known;

  if (written == NULL)
    return FALSE;
  name = item_name (kind, item);
  known = g_hash_table_lookup (written, name);
  return known != NULL && *known > generation;
}

void
hearth_store_note_written (GHashTable         *written,
                           HearthStoreChanges *changes,
                           guint64             generation)
{
  for (guint kind = 0; kind < HEARTH_STORE_N_KINDS; kind++)
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

/* Puts the items of @changes, as @mine has them, over @base (see above).
 * @written (may be NULL): what this process already wrote, at which
 * generation; @mine is of @generation, and an item written since from a
 * newer generation is left as it is. */
void
hearth_store_merge_changes (HearthStoreContents *base,
                            HearthStoreContents *mine,
                            HearthStoreChanges  *changes,
                            GHashTable          *written,
                            guint64              generation)
{
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, changes->sets[HEARTH_STORE_KIND_KEY]);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      HearthStoreChoices *value = g_hash_table_lookup (mine->choices, key);

      if (written_newer (written, HEARTH_STORE_KIND_KEY, key, generation))
        continue;
      if (value != NULL)
        g_hash_table_replace (base->choices, g_strdup (key), hearth_store_choices_copy (value));
      else
        g_hash_table_remove (base->choices, key);
    }

  g_hash_table_iter_init (&iter, changes->sets[HEARTH_STORE_KIND_DEVICE]);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      int ours = hearth_store_contents_find_device (mine, key);
      int theirs = hearth_store_contents_find_device (base, key);

      if (written_newer (written, HEARTH_STORE_KIND_DEVICE, key, generation))
        continue;
      if (ours >= 0 && theirs >= 0)
        hearth_store_contents_replace_device (base, theirs,
                                              json_node_copy (g_ptr_array_index (mine->devices, ours)));
      else if (ours >= 0)
        hearth_store_contents_add_device (base, json_node_copy (g_ptr_array_index (mine->devices, ours)));
      else if (theirs >= 0)
        hearth_store_contents_remove_device (base, theirs);
    }

  g_hash_table_iter_init (&iter, changes->sets[HEARTH_STORE_KIND_LOGIN]);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      const char *user = g_hash_table_lookup (mine->logins, key);

      if (written_newer (written, HEARTH_STORE_KIND_LOGIN, key, generation))
        continue;
      if (user != NULL)
        g_hash_table_replace (base->logins, g_strdup (key), g_strdup (user));
      else
        g_hash_table_remove (base->logins, key);
    }

  g_hash_table_iter_init (&iter, changes->sets[HEARTH_STORE_KIND_SCENE]);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      HearthScene *scene = g_hash_table_lookup (mine->scenes, key);

      if (written_newer (written, HEARTH_STORE_KIND_SCENE, key, generation))
        continue;
      if (scene != NULL)
        g_hash_table_replace (base->scenes, g_strdup (key), g_object_ref (scene));
      else
        g_hash_table_remove (base->scenes, key);
    }

  g_hash_table_iter_init (&iter, changes->sets[HEARTH_STORE_KIND_HOST]);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      gboolean ours = g_ptr_array_find_with_equal_func (mine->hosts, key, g_str_equal, NULL);
      guint theirs;

      if (written_newer (written, HEARTH_STORE_KIND_HOST, key, generation))
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
  g_hash_table_iter_init (&iter, changes->sets[HEARTH_STORE_KIND_ROOM]);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      int theirs;

      if (written_newer (written, HEARTH_STORE_KIND_ROOM, key, generation) ||
          hearth_store_find_folded (mine->rooms, key) >= 0)
        continue;
      theirs = hearth_store_find_folded (base->rooms, key);
      if (theirs >= 0)
        g_ptr_array_remove_index (base->rooms, theirs);
    }
  for (guint i = 0; i < mine->rooms->len; i++)
    {
      const char *room = g_ptr_array_index (mine->rooms, i);
      int theirs;
      guint position = 0;

      if (!set_has_room (changes->sets[HEARTH_STORE_KIND_ROOM], room) ||
          written_newer (written, HEARTH_STORE_KIND_ROOM, room, generation))
        continue;

      theirs = hearth_store_find_folded (base->rooms, room);
      if (theirs >= 0)
        {
          g_free (base->rooms->pdata[theirs]);
          base->rooms->pdata[theirs] = g_strdup (room);
          continue;
        }
      for (guint j = i; j > 0; j--)
        {
          int before = hearth_store_find_folded (base->rooms, g_ptr_array_index (mine->rooms, j - 1));

          if (before >= 0)
            {
              position = (guint) before + 1;
              break;
            }
        }
      g_ptr_array_insert (base->rooms, (int) position, g_strdup (room));
    }
}

/* What differs from @old in @new, as HearthStore::changed names it:
 * "rooms", "hosts", "devices" (one first known or forgotten), "logins",
 * "scenes", then the keys of the controls whose choices differ */
GPtrArray *
hearth_store_contents_diff (const HearthStoreContents *old,
                            const HearthStoreContents *new)
{
  GPtrArray *differences = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) changed_keys = g_ptr_array_new_with_free_func (g_free);
  gboolean devices_changed = FALSE;
  GHashTableIter iter;
  gpointer key;
  gpointer value;

  g_hash_table_iter_init (&iter, new->choices);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (!hearth_store_choices_equal (value, g_hash_table_lookup (old->choices, key)))
        g_ptr_array_add (changed_keys, g_strdup (key));
    }
  g_hash_table_iter_init (&iter, old->choices);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      if (!g_hash_table_contains (new->choices, key))
        g_ptr_array_add (changed_keys, g_strdup (key));
    }

  if (old->devices->len != new->devices->len)
    devices_changed = TRUE;
  for (guint i = 0; i < new->devices->len && !devices_changed; i++)
    {
      JsonObject *object = json_node_get_object (g_ptr_array_index (new->devices, i));

      devices_changed = hearth_store_contents_find_device (old, hearth_json_get_string (object, "id", NULL)) < 0;
    }

  if (!hearth_store_strv_equal (old->rooms, new->rooms))
    g_ptr_array_add (differences, g_strdup ("rooms"));
  if (!hearth_store_strv_equal (old->hosts, new->hosts))
    g_ptr_array_add (differences, g_strdup ("hosts"));
  if (devices_changed)
    g_ptr_array_add (differences, g_strdup ("devices"));
  if (!hearth_store_logins_equal (old->logins, new->logins))
    g_ptr_array_add (differences, g_strdup ("logins"));
  if (!hearth_store_scenes_equal (old->scenes, new->scenes))
    g_ptr_array_add (differences, g_strdup ("scenes"));
  g_ptr_array_extend_and_steal (differences, g_steal_pointer (&changed_keys));
  return differences;
}
