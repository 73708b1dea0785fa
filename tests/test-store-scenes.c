/* test-store-scenes.c: HearthScene, and scenes kept in the store: saved,
 * read back, renamed, removed, merged with another process's, and files
 * people edited read as far as they make sense
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hearth-test-utils.h"

typedef HearthTestFolder Fixture;

static void
set_up (Fixture       *fixture,
        gconstpointer  data)
{
  hearth_test_folder_set_up (fixture, "hearth-store-scenes", "hearth/home.json");
}

static void
tear_down (Fixture       *fixture,
           gconstpointer  data)
{
  hearth_test_folder_tear_down (fixture);
}

static HearthStore *
open_store (const char *path)
{
  g_autoptr(GError) error = NULL;
  HearthStore *store = hearth_store_new (path);

  g_assert_true (hearth_store_load (store, &error));
  g_assert_no_error (error);
  return store;
}

static void
close_store (HearthStore *store)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (hearth_store_flush (store, &error));
  g_assert_no_error (error);
  g_assert_finalize_object (store);
}

static HearthChange *
change_of (const char *actions)
{
  g_auto(GStrv) words = g_strsplit (actions, " ", -1);
  HearthChange *change = hearth_change_new ();

  for (guint i = 0; words[i] != NULL; i++)
    g_assert_true (hearth_change_parse_action (change, words[i], NULL));
  return change;
}

static HearthScene *
movie_scene (const char *name)
{
  HearthScene *scene = hearth_scene_new (name);
  g_autoptr(HearthChange) strip = change_of ("on brightness=20 color=#ff8800");
  g_autoptr(HearthChange) off = change_of ("off");
  g_autoptr(HearthChange) blinds = change_of ("position=30");

  hearth_scene_set_member (scene, "c8c9a3100001", "light", strip);
  hearth_scene_set_member (scene, "CN11A1A00001", "light:0", off);
  hearth_scene_set_member (scene, "shellyplus2pm-b48a0a330001", "cover:0", blinds);
  return scene;
}

static char *
member_state (HearthScene *scene,
              guint        index)
{
  return hearth_change_to_string (hearth_scene_get_change (scene, index));
}

static void
on_changed (HearthStore *store,
            const char  *what,
            guint       *count)
{
  g_assert_cmpstr (what, ==, "scenes");
  (*count)++;
}

/* Members keep their order; a control is a member once */
static void
test_scene_members (void)
{
  g_autoptr(HearthScene) scene = movie_scene ("Movie");
  g_autoptr(HearthScene) copy = NULL;
  g_autoptr(HearthChange) on = change_of ("on");
  g_autofree char *state = NULL;

  g_assert_cmpuint (hearth_scene_get_n_members (scene), ==, 3);
  g_assert_cmpstr (hearth_scene_get_control_id (scene, 2), ==, "cover:0");
  copy = hearth_scene_copy (scene);
  g_assert_true (hearth_scene_equal (scene, copy));

  hearth_scene_set_member (copy, "CN11A1A00001", "light:0", on);
  g_assert_cmpuint (hearth_scene_get_n_members (copy), ==, 3);
  state = member_state (copy, 1);
  g_assert_cmpstr (state, ==, "on");
  g_assert_false (hearth_scene_equal (scene, copy));

  g_assert_true (hearth_scene_remove_member (copy, "CN11A1A00001", "light:0"));
  g_assert_false (hearth_scene_remove_member (copy, "CN11A1A00001", "light:0"));
  g_assert_cmpint (hearth_scene_find_member (copy, "shellyplus2pm-b48a0a330001", "cover:0"), ==, 1);
}

/* The state a control is in, as the change that brings it back */
static void
test_capture (void)
{
  g_autoptr(HearthControl) light = hearth_control_new ("light", HEARTH_CONTROL_KIND_LIGHT, "Strip");
  g_autoptr(HearthControl) white = hearth_control_new ("light:0", HEARTH_CONTROL_KIND_LIGHT, "Key");
  g_autoptr(HearthControl) cover = hearth_control_new ("cover:0", HEARTH_CONTROL_KIND_COVER, "Blinds");
  g_autoptr(HearthControl) sensor = hearth_control_new ("power", HEARTH_CONTROL_KIND_SENSOR, "Power");
  g_autoptr(HearthChange) change = NULL;
  g_autofree char *text = NULL;

  hearth_control_set_capabilities (light, HEARTH_CAPABILITY_ON_OFF | HEARTH_CAPABILITY_BRIGHTNESS |
                                          HEARTH_CAPABILITY_COLOR | HEARTH_CAPABILITY_EFFECT);
  hearth_control_set_on (light, TRUE);
  hearth_control_set_brightness (light, 20);
  hearth_control_set_color (light, 0xff8800);
  change = hearth_scene_capture_control (light);
  text = hearth_change_to_string (change);
  g_assert_cmpstr (text, ==, "on brightness=20 color=#ff8800");

  /* Off: brought back off, and nothing that would light it */
  hearth_control_set_on (light, FALSE);
  g_clear_pointer (&change, hearth_change_free);
  g_clear_pointer (&text, g_free);
  change = hearth_scene_capture_control (light);
  text = hearth_change_to_string (change);
  g_assert_cmpstr (text, ==, "off");

  /* A white light in white: its temperature */
  hearth_control_set_capabilities (white, HEARTH_CAPABILITY_ON_OFF | HEARTH_CAPABILITY_BRIGHTNESS |
                                          HEARTH_CAPABILITY_TEMPERATURE);
  hearth_control_set_temperature_range (white, 2900, 7000);
  hearth_control_set_on (white, TRUE);
  hearth_control_set_brightness (white, 40);
  hearth_control_set_temperature (white, 3300);
  g_clear_pointer (&change, hearth_change_free);
  g_clear_pointer (&text, g_free);
  change = hearth_scene_capture_control (white);
  text = hearth_change_to_string (change);
  g_assert_cmpstr (text, ==, "on brightness=40 temperature=3300");

  hearth_control_set_capabilities (cover, HEARTH_CAPABILITY_POSITION);
  hearth_control_set_position (cover, 30);
  g_clear_pointer (&change, hearth_change_free);
  g_clear_pointer (&text, g_free);
  change = hearth_scene_capture_control (cover);
  text = hearth_change_to_string (change);
  g_assert_cmpstr (text, ==, "position=30");

  /* Nothing to bring back */
  hearth_control_set_capabilities (sensor, HEARTH_CAPABILITY_VALUE);
  g_assert_null (hearth_scene_capture_control (sensor));
  g_clear_object (&cover);
  cover = hearth_control_new ("c", HEARTH_CONTROL_KIND_COVER, "C");
  g_assert_null (hearth_scene_capture_control (cover));
}

/* Kept across restarts, listed sorted, found whatever the case */
static void
test_persist (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(HearthScene) movie = movie_scene ("Movie");
  g_autoptr(HearthScene) again = NULL;
  g_autoptr(HearthScene) other = hearth_scene_new ("  Abend  ");
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = NULL;
  HearthStore *store = open_store (fixture->path);
  guint changed = 0;

  g_signal_connect (store, "changed::scenes", G_CALLBACK (on_changed), &changed);
  g_assert_true (hearth_store_set_scene (store, movie, FALSE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changed, ==, 1);
  hearth_scene_set_member (other, "CN11A1A00001", "light:0", hearth_scene_get_change (movie, 1));
  g_assert_true (hearth_store_set_scene (store, other, FALSE, &error));
  g_assert_cmpuint (changed, ==, 2);
  /* The same again: nothing changed, nothing said */
  g_assert_true (hearth_store_set_scene (store, movie, TRUE, &error));
  g_assert_cmpuint (changed, ==, 2);

  /* A second of that name, whatever the case, only in its place */
  hearth_scene_set_name (movie, "MOVIE");
  g_assert_false (hearth_store_set_scene (store, movie, FALSE, &error));
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_INVALID);
  g_clear_error (&error);
  hearth_scene_set_name (movie, "");
  g_assert_false (hearth_store_set_scene (store, movie, TRUE, &error));
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_INVALID);
  g_clear_error (&error);
  hearth_scene_set_name (movie, "Movie");
  close_store (store);

  store = open_store (fixture->path);
  names = hearth_store_dup_scene_names (store);
  g_assert_cmpuint (g_strv_length (names), ==, 2);
  g_assert_cmpstr (names[0], ==, "Abend");
  g_assert_cmpstr (names[1], ==, "Movie");
  again = hearth_store_dup_scene (store, "movie");
  g_assert_nonnull (again);
  g_assert_true (hearth_scene_equal (again, movie));
  g_assert_null (hearth_store_dup_scene (store, "Cinema"));
  close_store (store);
}

static void
test_rename_remove (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(HearthScene) movie = movie_scene ("Movie");
  g_autoptr(HearthScene) night = movie_scene ("Night");
  g_autoptr(HearthScene) cinema = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) names = NULL;
  HearthStore *store = open_store (fixture->path);
  guint changed = 0;

  g_assert_true (hearth_store_set_scene (store, movie, FALSE, NULL));
  g_assert_true (hearth_store_set_scene (store, night, FALSE, NULL));
  g_signal_connect (store, "changed::scenes", G_CALLBACK (on_changed), &changed);

  g_assert_false (hearth_store_rename_scene (store, "Movie", "night", &error));
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (hearth_store_rename_scene (store, "Dawn", "Dusk", &error));
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpuint (changed, ==, 0);

  g_assert_true (hearth_store_rename_scene (store, "movie", "Cinema", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changed, ==, 1);
  g_assert_true (hearth_store_remove_scene (store, "NIGHT"));
  g_assert_false (hearth_store_remove_scene (store, "Night"));
  g_assert_cmpuint (changed, ==, 2);
  close_store (store);

  store = open_store (fixture->path);
  names = hearth_store_dup_scene_names (store);
  g_assert_cmpuint (g_strv_length (names), ==, 1);
  cinema = hearth_store_dup_scene (store, "Cinema");
  g_assert_cmpuint (hearth_scene_get_n_members (cinema), ==, 3);
  g_assert_true (hearth_store_remove_scene (store, "Cinema"));
  close_store (store);

  /* No scene left: the file says nothing of scenes, as before them */
  g_assert_true (g_file_get_contents (fixture->path, &text, NULL, NULL));
  g_assert_null (strstr (text, "scenes"));
}

/* Two processes at once: neither loses the other's scene, and one
 * removed is not brought back */
static void
test_merge (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(HearthScene) one = movie_scene ("One");
  g_autoptr(HearthScene) two = movie_scene ("Two");
  g_auto(GStrv) names = NULL;
  HearthStore *first = open_store (fixture->path);
  HearthStore *second = open_store (fixture->path);
  guint changed = 0;

  g_assert_true (hearth_store_set_scene (first, one, FALSE, NULL));
  g_assert_true (hearth_store_flush (first, NULL));
  g_signal_connect (second, "changed::scenes", G_CALLBACK (on_changed), &changed);
  g_assert_true (hearth_store_set_scene (second, two, FALSE, NULL));
  g_assert_true (hearth_store_flush (second, NULL));
  /* The second read the first's back as it wrote */
  names = hearth_store_dup_scene_names (second);
  g_assert_cmpuint (g_strv_length (names), ==, 2);
  g_assert_cmpuint (changed, >=, 2);

  g_assert_true (hearth_store_remove_scene (first, "One"));
  close_store (first);
  close_store (second);

  first = open_store (fixture->path);
  g_clear_pointer (&names, g_strfreev);
  names = hearth_store_dup_scene_names (first);
  g_assert_cmpuint (g_strv_length (names), ==, 1);
  g_assert_cmpstr (names[0], ==, "Two");
  close_store (first);
}

/* Files of earlier versions load; scenes and members of the wrong shape
 * are skipped with a message, the rest is read */
static void
test_edited_file (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *folder = g_path_get_dirname (fixture->path);
  g_autoptr(HearthScene) good = NULL;
  g_auto(GStrv) names = NULL;
  g_autofree char *state = NULL;
  const char *old = "{\"version\": 1, \"rooms\": [\"Hall\"], \"controls\": {\"d/a\": {\"name\": \"Lamp\"}}}";
  const char *edited =
    "{\"version\": 1, \"scenes\": {"
    " \"Good\": {\"members\": ["
    "   {\"device\": \"d1\", \"control\": \"light\", \"state\": [\"on\", \"brightness=20\"]},"
    "   {\"device\": \"a/b\", \"control\": \"light\", \"state\": [\"on\"]},"
    "   {\"device\": \"d2\", \"control\": \"light\", \"state\": [\"toggle\"]},"
    "   {\"device\": \"d3\", \"control\": \"light\", \"state\": [5]},"
    "   {\"device\": \"d4\", \"control\": \"light\", \"state\": [\"brightness=900\"]},"
    "   {\"device\": \"d1\", \"control\": \"light\", \"state\": [\"off\"]},"
    "   7]},"
    " \"Bad\": 5,"
    " \"   \": {\"members\": []},"
    " \"good\": {\"members\": []},"
    " \"Lost\": {}}}";
  HearthStore *store;

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  g_assert_true (g_file_set_contents (fixture->path, old, -1, NULL));
  store = open_store (fixture->path);
  names = hearth_store_dup_scene_names (store);
  g_assert_cmpuint (g_strv_length (names), ==, 0);
  g_assert_cmpstr (hearth_store_get_name (store, "d/a"), ==, "Lamp");
  close_store (store);
  g_clear_pointer (&names, g_strfreev);

  g_assert_true (g_file_set_contents (fixture->path, edited, -1, NULL));
  for (guint i = 0; i < 10; i++)
    g_test_expect_message (G_LOG_DOMAIN, G_LOG_LEVEL_MESSAGE, "Skipping the scene*");
  store = open_store (fixture->path);
  g_test_assert_expected_messages ();
  names = hearth_store_dup_scene_names (store);
  g_assert_cmpuint (g_strv_length (names), ==, 1);
  good = hearth_store_dup_scene (store, "Good");
  g_assert_cmpuint (hearth_scene_get_n_members (good), ==, 1);
  state = member_state (good, 0);
  g_assert_cmpstr (state, ==, "on brightness=20");
  g_object_unref (store);

  /* "scenes" of another shape in the file of a newer Hearth: quietly */
  g_assert_true (g_file_set_contents (fixture->path, "{\"version\": 7, \"scenes\": [1]}", -1, NULL));
  store = hearth_store_new (fixture->path);
  g_assert_false (hearth_store_load (store, NULL));
  g_object_unref (store);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/scene/members", test_scene_members);
  g_test_add_func ("/scene/capture", test_capture);
#define ADD(path, func) g_test_add ("/store-scenes/" path, Fixture, NULL, set_up, func, tear_down)
  ADD ("persist", test_persist);
  ADD ("rename-remove", test_rename_remove);
  ADD ("merge", test_merge);
  ADD ("edited-file", test_edited_file);
#undef ADD

  return g_test_run ();
}
