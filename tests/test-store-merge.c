/* test-store-merge.c: what this process changed, put over what the file
 * holds (hearth-store-merge.c), and what differs between two homes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hearth-store-merge.h"
#include "hearth-test-utils.h"

static void
set_choices (HearthStoreContents *home,
             const char          *key,
             const char          *name,
             const char          *room)
{
  HearthStoreChoices *choices = g_new0 (HearthStoreChoices, 1);

  choices->name = g_strdup (name);
  choices->room = g_strdup (room);
  g_hash_table_replace (home->choices, g_strdup (key), choices);
}

static void
add_device (HearthStoreContents *home,
            const char          *id)
{
  JsonNode *node = json_node_init_object (json_node_alloc (), json_object_new ());

  json_object_set_string_member (json_node_get_object (node), "id", id);
  json_object_set_string_member (json_node_get_object (node), "family", "wled");
  hearth_store_contents_add_device (home, node);
}

static void
add_strings (GPtrArray *array,
             ...)
{
  va_list args;
  const char *text;

  va_start (args, array);
  while ((text = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (array, g_strdup (text));
  va_end (args);
}

static const char *
name_of (HearthStoreContents *home,
         const char          *key)
{
  HearthStoreChoices *choices = g_hash_table_lookup (home->choices, key);

  return choices != NULL ? choices->name : NULL;
}

/* Only what this process changed goes over the file, item by item: two
 * processes adding a host each keep both; a device forgotten here goes
 * from the file; a control changed only in the file stays as there */
static void
test_item_by_item (void)
{
  HearthStoreContents file = { 0 };
  HearthStoreContents mine = { 0 };
  g_autoptr(HearthStoreChanges) changes = hearth_store_changes_new ();

  hearth_store_contents_init (&file);
  hearth_store_contents_init (&mine);
  add_strings (file.hosts, "192.0.2.1", NULL);
  add_strings (mine.hosts, "192.0.2.2", NULL);
  add_device (&file, "gone");
  add_device (&file, "kept");
  set_choices (&file, "kept/1", "Theirs", NULL);
  set_choices (&mine, "kept/1", "Old here", NULL);
  set_choices (&mine, "kept/2", "Mine", NULL);
  g_hash_table_insert (file.logins, g_strdup ("gone"), g_strdup ("admin"));

  hearth_store_changes_add (changes->sets[HEARTH_STORE_KIND_HOST], "192.0.2.2");
  hearth_store_changes_add (changes->sets[HEARTH_STORE_KIND_DEVICE], "gone");
  hearth_store_changes_add (changes->sets[HEARTH_STORE_KIND_KEY], "kept/2");
  hearth_store_changes_add (changes->sets[HEARTH_STORE_KIND_LOGIN], "gone");

  hearth_store_merge_changes (&file, &mine, changes, NULL, 1);

  g_assert_cmpstrv ((const char * const *) hearth_store_strv_get (file.hosts),
                    ((const char * const []) { "192.0.2.1", "192.0.2.2", NULL }));
  g_assert_cmpuint (file.devices->len, ==, 1);
  g_assert_cmpint (hearth_store_contents_find_device (&file, "kept"), ==, 0);
  g_assert_cmpstr (name_of (&file, "kept/1"), ==, "Theirs");
  g_assert_cmpstr (name_of (&file, "kept/2"), ==, "Mine");
  g_assert_false (g_hash_table_contains (file.logins, "gone"));

  hearth_store_contents_clear (&file);
  hearth_store_contents_clear (&mine);
}

/* A write never puts back an older value of an item over one this process
 * wrote since */
static void
test_written_newer (void)
{
  HearthStoreContents file = { 0 };
  HearthStoreContents mine = { 0 };
  g_autoptr(HearthStoreChanges) changes = hearth_store_changes_new ();
  g_autoptr(GHashTable) written = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  hearth_store_contents_init (&file);
  hearth_store_contents_init (&mine);
  set_choices (&file, "a/1", "Newer", NULL);
  set_choices (&mine, "a/1", "Older", NULL);
  hearth_store_changes_add (changes->sets[HEARTH_STORE_KIND_KEY], "a/1");

  hearth_store_note_written (written, changes, 5);
  hearth_store_merge_changes (&file, &mine, changes, written, 3);
  g_assert_cmpstr (name_of (&file, "a/1"), ==, "Newer");

  hearth_store_merge_changes (&file, &mine, changes, written, 5);
  g_assert_cmpstr (name_of (&file, "a/1"), ==, "Older");

  hearth_store_contents_clear (&file);
  hearth_store_contents_clear (&mine);
}

/* Rooms: gone here go, respelled here are respelled, new here come after
 * the room before them here */
static void
test_rooms (void)
{
  HearthStoreContents file = { 0 };
  HearthStoreContents mine = { 0 };
  g_autoptr(HearthStoreChanges) changes = hearth_store_changes_new ();

  hearth_store_contents_init (&file);
  hearth_store_contents_init (&mine);
  add_strings (file.rooms, "Attic", "Hall", "kitchen", "Study", NULL);
  add_strings (mine.rooms, "Hall", "Kitchen", "Pantry", NULL);
  hearth_store_changes_add (changes->sets[HEARTH_STORE_KIND_ROOM], "Attic");
  hearth_store_changes_add (changes->sets[HEARTH_STORE_KIND_ROOM], "Kitchen");
  hearth_store_changes_add (changes->sets[HEARTH_STORE_KIND_ROOM], "Pantry");

  hearth_store_merge_changes (&file, &mine, changes, NULL, 1);

  g_assert_cmpstrv ((const char * const *) hearth_store_strv_get (file.rooms),
                    ((const char * const []) { "Hall", "Kitchen", "Pantry", "Study", NULL }));

  hearth_store_contents_clear (&file);
  hearth_store_contents_clear (&mine);
}

/* What differs, as HearthStore::changed names it, lists first */
static void
test_diff (void)
{
  HearthStoreContents old = { 0 };
  HearthStoreContents new = { 0 };
  g_autoptr(GPtrArray) none = NULL;
  g_autoptr(GPtrArray) differences = NULL;

  hearth_store_contents_init (&old);
  hearth_store_contents_init (&new);
  set_choices (&old, "a/1", "One", NULL);
  set_choices (&new, "a/1", "One", NULL);
  none = hearth_store_contents_diff (&old, &new);
  g_assert_cmpuint (none->len, ==, 0);

  set_choices (&new, "a/1", "Uno", NULL);
  add_strings (new.rooms, "Hall", NULL);
  add_strings (new.hosts, "192.0.2.1", NULL);
  add_device (&new, "a");
  g_hash_table_insert (new.logins, g_strdup ("a"), g_strdup ("admin"));
  differences = hearth_store_contents_diff (&old, &new);
  g_ptr_array_add (differences, NULL);
  g_assert_cmpstrv ((const char * const *) differences->pdata,
                    ((const char * const []) { "rooms", "hosts", "devices", "logins", "a/1", NULL }));

  hearth_store_contents_clear (&old);
  hearth_store_contents_clear (&new);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store-merge/item-by-item", test_item_by_item);
  g_test_add_func ("/store-merge/written-newer", test_written_newer);
  g_test_add_func ("/store-merge/rooms", test_rooms);
  g_test_add_func ("/store-merge/diff", test_diff);

  return g_test_run ();
}
