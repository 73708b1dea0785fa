/* test-store.c: HearthStore, the file of a person's choices and known devices
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "hearth-test-utils.h"

typedef HearthTestFolder Fixture;

static void
set_up (Fixture       *fixture,
        gconstpointer  data)
{
  /* A folder that does not exist yet: the store makes it */
  hearth_test_folder_set_up (fixture, "hearth-store", "hearth/home.json");
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

static gboolean
never (gpointer data)
{
  return FALSE;
}

static void
spin (guint ms)
{
  hearth_test_await (never, NULL, ms);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static GStrv
list_folder (const char *folder)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  const char *name;
  GStrv names;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    g_strv_builder_add (builder, name);
  names = g_strv_builder_end (builder);
  qsort (names, g_strv_length (names), sizeof (char *), compare_names);
  return names;
}

typedef struct
{
  GPtrArray *seen;
} Recorder;

static void
on_changed (HearthStore *store,
            const char  *what,
            GPtrArray   *seen)
{
  g_ptr_array_add (seen, g_strdup (what));
}

static GPtrArray *
record_changes (HearthStore *store)
{
  GPtrArray *seen = g_ptr_array_new_with_free_func (g_free);

  g_signal_connect (store, "changed", G_CALLBACK (on_changed), seen);
  return seen;
}

static gboolean
saw (GPtrArray  *seen,
     const char *what)
{
  return g_ptr_array_find_with_equal_func (seen, what, g_str_equal, NULL);
}

/* A device like a Shelly Plus 2PM: a light with a temperature range and
 * effects, a cover, and a power reading */
static HearthDevice *
make_device (const char *id,
             const char *host,
             guint16     port)
{
  HearthDevice *device = hearth_device_new (id, "shelly");
  const char * const effects[] = { "Rainbow", "Candle", NULL };
  HearthControl *control;

  hearth_device_set_name (device, "Living Room");
  hearth_device_set_model (device, "SNSW-102P16EU");
  hearth_device_set_firmware (device, "1.4.4");
  hearth_device_set_address (device, host, port);
  hearth_device_set_live (device, HEARTH_LIVE_PUSH);

  control = hearth_device_ensure_control (device, "light:0", HEARTH_CONTROL_KIND_LIGHT, "Ceiling");
  hearth_control_set_capabilities (control, HEARTH_CAPABILITY_ON_OFF | HEARTH_CAPABILITY_BRIGHTNESS |
                                            HEARTH_CAPABILITY_TEMPERATURE | HEARTH_CAPABILITY_EFFECT);
  hearth_control_set_temperature_range (control, 2700, 6500);
  hearth_control_set_effects (control, effects);
  hearth_control_set_on (control, TRUE);
  hearth_control_set_brightness (control, 70);
  hearth_control_set_temperature (control, 3000);
  hearth_control_set_effect (control, "Candle");

  control = hearth_device_ensure_control (device, "cover:0", HEARTH_CONTROL_KIND_COVER, "Blinds");
  hearth_control_set_capabilities (control, HEARTH_CAPABILITY_POSITION);
  hearth_control_set_position (control, 51);
  hearth_control_set_cover_state (control, HEARTH_COVER_STATE_CLOSING);

  control = hearth_device_ensure_control (device, "switch:0/power", HEARTH_CONTROL_KIND_SENSOR, "Power");
  hearth_control_set_capabilities (control, HEARTH_CAPABILITY_VALUE);
  hearth_control_set_value (control, 12.5);
  hearth_control_set_unit (control, "W");
  hearth_control_set_quantity (control, "power");

  return device;
}

static void
test_missing_file (Fixture       *fixture,
                   gconstpointer  data)
{
  HearthStore *store = open_store (fixture->path);

  g_assert_cmpstr (hearth_store_get_path (store), ==, fixture->path);
  g_assert_cmpuint (g_strv_length ((char **) hearth_store_get_rooms (store)), ==, 0);
  g_assert_cmpuint (g_strv_length ((char **) hearth_store_get_hosts (store)), ==, 0);
  g_assert_null (hearth_store_get_name (store, "a/b"));
  g_assert_false (hearth_store_get_favourite (store, "a/b"));
  /* Nothing changed: nothing written */
  close_store (store);
  g_assert_false (g_file_test (fixture->path, G_FILE_TEST_EXISTS));
}

static void
test_default_path (void)
{
  g_autoptr(HearthStore) store = NULL;
  g_autoptr(HearthStore) other = NULL;
  g_autofree char *expected = g_build_filename (g_get_user_data_dir (), "hearth", "home.json", NULL);

  g_unsetenv ("HEARTH_STORE");
  store = hearth_store_new (NULL);
  g_assert_cmpstr (hearth_store_get_path (store), ==, expected);

  g_setenv ("HEARTH_STORE", "/tmp/elsewhere.json", TRUE);
  other = hearth_store_new (NULL);
  g_assert_cmpstr (hearth_store_get_path (other), ==, "/tmp/elsewhere.json");
  g_unsetenv ("HEARTH_STORE");
}

static void
test_key (void)
{
  g_autofree char *key = hearth_store_key ("shellyplus2pm-b48a0a220002", "switch:0/power");

  g_assert_cmpstr (key, ==, "shellyplus2pm-b48a0a220002/switch:0/power");
}

static void
test_round_trip (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(HearthDevice) device = make_device ("dev1", "192.0.2.10", 80);
  g_autoptr(GError) error = NULL;
  HearthStore *store = open_store (fixture->path);
  const char * const *rooms;
  const char * const *hosts;
  struct stat info;

  hearth_store_set_name (store, "dev1/light:0", "  Reading Lamp \n");
  hearth_store_set_room (store, "dev1/light:0", "Living Room");
  hearth_store_set_favourite (store, "dev1/light:0", TRUE);
  hearth_store_set_hidden (store, "dev1/switch:0/power", TRUE);
  g_assert_true (hearth_store_add_room (store, "Kitchen", &error));
  g_assert_no_error (error);
  hearth_store_add_host (store, "192.0.2.20", 0);
  hearth_store_add_host (store, "Tasmota.local", 8080);
  hearth_store_add_host (store, "[2001:db8::1]", 80);
  hearth_store_add_host (store, "192.0.2.20", 0);   /* once is enough */
  hearth_store_remember_device (store, device);

  /* Everything reads back at once, cleaned */
  g_assert_cmpstr (hearth_store_get_name (store, "dev1/light:0"), ==, "Reading Lamp");
  close_store (store);

  g_assert_true (g_stat (fixture->path, &info) == 0);
  g_assert_cmpint (info.st_mode & 0777, ==, 0600);

  store = open_store (fixture->path);
  g_assert_cmpstr (hearth_store_get_name (store, "dev1/light:0"), ==, "Reading Lamp");
  g_assert_cmpstr (hearth_store_get_room (store, "dev1/light:0"), ==, "Living Room");
  g_assert_true (hearth_store_get_favourite (store, "dev1/light:0"));
  g_assert_false (hearth_store_get_hidden (store, "dev1/light:0"));
  g_assert_true (hearth_store_get_hidden (store, "dev1/switch:0/power"));
  g_assert_null (hearth_store_get_room (store, "dev1/switch:0/power"));

  rooms = hearth_store_get_rooms (store);
  g_assert_cmpuint (g_strv_length ((char **) rooms), ==, 2);
  g_assert_cmpstr (rooms[0], ==, "Living Room");
  g_assert_cmpstr (rooms[1], ==, "Kitchen");

  hosts = hearth_store_get_hosts (store);
  g_assert_cmpuint (g_strv_length ((char **) hosts), ==, 3);
  g_assert_cmpstr (hosts[0], ==, "192.0.2.20");
  g_assert_cmpstr (hosts[1], ==, "tasmota.local:8080");
  g_assert_cmpstr (hosts[2], ==, "[2001:db8::1]:80");

  /* Clearing every choice drops the entry */
  hearth_store_set_name (store, "dev1/light:0", "   ");
  g_assert_null (hearth_store_get_name (store, "dev1/light:0"));
  hearth_store_set_room (store, "dev1/light:0", NULL);
  hearth_store_set_favourite (store, "dev1/light:0", FALSE);
  hearth_store_remove_host (store, "TASMOTA.local", 8080);
  close_store (store);

  store = open_store (fixture->path);
  g_assert_null (hearth_store_get_room (store, "dev1/light:0"));
  g_assert_false (hearth_store_get_favourite (store, "dev1/light:0"));
  g_assert_cmpuint (g_strv_length ((char **) hearth_store_get_hosts (store)), ==, 2);
  /* The room itself stays until removed */
  g_assert_cmpuint (g_strv_length ((char **) hearth_store_get_rooms (store)), ==, 2);
  close_store (store);
}

static void
test_batched_atomic_writes (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(HearthStore) reader = NULL;
  g_autofree char *folder = g_path_get_dirname (fixture->path);
  g_auto(GStrv) names = NULL;
  HearthStore *store = open_store (fixture->path);
  gint64 start;

  /* A burst of changes: none written on the spot (no I/O on the caller's
   * thread), one file soon after */
  start = g_get_monotonic_time ();
  for (guint i = 0; i < 500; i++)
    {
      g_autofree char *key = g_strdup_printf ("dev%u/switch:0", i % 50);
      g_autofree char *name = g_strdup_printf ("Plug %u", i);

      hearth_store_set_name (store, key, name);
    }
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);
  g_assert_false (g_file_test (fixture->path, G_FILE_TEST_EXISTS));

  spin (300);
  g_assert_false (g_file_test (fixture->path, G_FILE_TEST_EXISTS));
  spin (1000);
  g_assert_true (g_file_test (fixture->path, G_FILE_TEST_EXISTS));

  /* Written through a temporary file renamed over, under a lock kept in
   * a file beside it: nothing else is left */
  names = list_folder (folder);
  g_assert_cmpuint (g_strv_length (names), ==, 2);
  g_assert_cmpstr (names[0], ==, "home.json");
  g_assert_cmpstr (names[1], ==, "home.json.lock");

  reader = open_store (fixture->path);
  g_assert_cmpstr (hearth_store_get_name (reader, "dev49/switch:0"), ==, "Plug 499");
  g_assert_cmpstr (hearth_store_get_name (reader, "dev0/switch:0"), ==, "Plug 450");

  g_assert_finalize_object (store);
}

typedef struct
{
  const char *path;
  ino_t       inode;
} Watch;

static gboolean
file_replaced (gpointer data)
{
  Watch *watch = data;
  struct stat info;

  return g_stat (watch->path, &info) == 0 && info.st_ino != watch->inode;
}

static void
test_concurrent_writes (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *folder = g_path_get_dirname (fixture->path);
  g_auto(GStrv) names = NULL;
  HearthStore *store = open_store (fixture->path);
  HearthStore *reader;
  Watch watch = { fixture->path, 0 };
  struct stat info;
  guint replaced = 0;

  /* Changes keep coming while writes are under way on the worker thread,
   * and a flush races them: the newest state always ends up on disk, and
   * a steady stream is still written every few seconds, not never. */
  for (guint round = 0; round < 40; round++)
    {
      g_autofree char *name = g_strdup_printf ("Name %u", round);

      hearth_store_set_name (store, "dev/switch:0", name);
      hearth_store_set_favourite (store, "dev/switch:0", round % 2 == 0);
      if (g_stat (fixture->path, &info) == 0 && info.st_ino != watch.inode)
        {
          watch.inode = info.st_ino;
          replaced++;
        }
      spin (150);
    }
  /* 6 s of changes every 150 ms: written at least once on the way */
  g_assert_cmpuint (replaced, >=, 1);

  hearth_store_set_name (store, "dev/switch:0", "Final");
  if (g_stat (fixture->path, &info) == 0)
    watch.inode = info.st_ino;
  /* Let a worker start, then flush over it */
  hearth_test_await (file_replaced, &watch, 700);
  hearth_store_set_hidden (store, "dev/switch:0", TRUE);
  close_store (store);

  reader = open_store (fixture->path);
  g_assert_cmpstr (hearth_store_get_name (reader, "dev/switch:0"), ==, "Final");
  g_assert_true (hearth_store_get_hidden (reader, "dev/switch:0"));
  g_assert_false (hearth_store_get_favourite (reader, "dev/switch:0"));
  g_assert_finalize_object (reader);

  names = list_folder (folder);
  g_assert_cmpuint (g_strv_length (names), ==, 2);
  g_assert_cmpstr (names[1], ==, "home.json.lock");
}

static void
test_dispose_writes (Fixture       *fixture,
                     gconstpointer  data)
{
  HearthStore *store = open_store (fixture->path);

  hearth_store_set_favourite (store, "dev/light", TRUE);
  /* No flush, no main loop: the last change is not lost at exit */
  g_assert_finalize_object (store);

  store = open_store (fixture->path);
  g_assert_true (hearth_store_get_favourite (store, "dev/light"));
  close_store (store);
}

static void
test_corrupt_file (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *folder = g_path_get_dirname (fixture->path);
  g_autofree char *aside = g_strconcat (fixture->path, ".broken", NULL);
  g_autofree char *aside2 = g_strconcat (fixture->path, ".broken.2", NULL);
  g_autofree char *kept = NULL;
  g_autoptr(GError) error = NULL;
  const char *garbage = "{\"rooms\": [\"Kitchen\", ";
  HearthStore *store;

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  g_assert_true (g_file_set_contents (fixture->path, garbage, -1, NULL));

  store = hearth_store_new (fixture->path);
  g_assert_false (hearth_store_load (store, &error));
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD);
  /* Says what happened and where the file went */
  g_assert_nonnull (strstr (error->message, aside));
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  /* Kept aside byte for byte, and the home starts empty */
  g_assert_true (g_file_get_contents (aside, &kept, NULL, NULL));
  g_assert_cmpstr (kept, ==, garbage);
  g_assert_false (g_file_test (fixture->path, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (g_strv_length ((char **) hearth_store_get_rooms (store)), ==, 0);

  /* and works on */
  g_assert_true (hearth_store_add_room (store, "Hall", &error));
  close_store (store);
  store = open_store (fixture->path);
  g_assert_cmpstr (hearth_store_get_rooms (store)[0], ==, "Hall");
  g_assert_finalize_object (store);

  /* Broken again: the first copy is not overwritten */
  g_assert_true (g_file_set_contents (fixture->path, "[1, 2]", -1, NULL));
  store = hearth_store_new (fixture->path);
  g_assert_false (hearth_store_load (store, &error));
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD);
  g_clear_error (&error);
  g_assert_true (g_file_test (aside2, G_FILE_TEST_EXISTS));
  g_clear_pointer (&kept, g_free);
  g_assert_true (g_file_get_contents (aside, &kept, NULL, NULL));
  g_assert_cmpstr (kept, ==, garbage);
  g_assert_finalize_object (store);
}

/* Bytes that crashed json-glib's recursive parser (issue 8): a clear
 * error, the file kept aside as it was, an empty home */
static void
test_crafted_file (Fixture       *fixture,
                   gconstpointer  data)
{
  const char *prefixes[] = { "/* \" */", "['\"',", "{\"rooms\": /* \" */" };
  g_autofree char *folder = g_path_get_dirname (fixture->path);

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
    {
      g_autofree char *aside = g_strconcat (fixture->path, ".broken", NULL);
      g_autoptr(GString) text = g_string_new (prefixes[i]);
      g_autofree char *kept = NULL;
      g_autoptr(GError) error = NULL;
      HearthStore *store;
      gsize kept_length = 0;

      for (guint n = 0; n < 1000000; n++)
        g_string_append_c (text, '[');
      g_assert_true (g_file_set_contents (fixture->path, text->str, text->len, NULL));

      store = hearth_store_new (fixture->path);
      g_assert_false (hearth_store_load (store, &error));
      g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD);
      g_assert_nonnull (strstr (error->message, "not valid JSON"));
      g_assert_nonnull (strstr (error->message, aside));
      /* The file is not valid JSON, not "the answer" (a device's reply) */
      g_assert_nonnull (strstr (error->message, "it is not valid JSON"));
      g_assert_null (strstr (error->message, "answer"));
      g_test_message ("%s", error->message);

      g_assert_true (g_file_get_contents (aside, &kept, &kept_length, NULL));
      g_assert_cmpmem (kept, kept_length, text->str, text->len);
      g_assert_false (g_file_test (fixture->path, G_FILE_TEST_EXISTS));
      g_assert_cmpuint (g_strv_length ((char **) hearth_store_get_rooms (store)), ==, 0);
      g_assert_finalize_object (store);
      g_assert_cmpint (g_unlink (aside), ==, 0);
    }
}

static void
test_wrong_shapes (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *folder = g_path_get_dirname (fixture->path);
  g_autoptr(GPtrArray) devices = NULL;
  HearthStore *store;
  /* Valid JSON, odd content: whatever makes sense is kept, the rest is
   * skipped, and nothing logs a CRITICAL */
  const char *odd =
    "{\"version\": 1, \"rooms\": [\"Hall\", 3, \" hall \", \"\", null, \"Attic\"],"
    " \"hosts\": [\"192.0.2.1\", \"bad host\", 7, \"x:99999\", \"[::1]:80\"],"
    " \"controls\": {\"nokey\": {\"name\": \"x\"}, \"d/c\": {\"name\": 5, \"room\": \"Cellar\","
    "                \"favourite\": 1}, \"d/e\": []},"
    " \"devices\": [{\"id\": \"d\", \"family\": \"wled\", \"port\": \"eighty\", \"controls\": ["
    "   {\"id\": \"main\", \"kind\": \"light\", \"capabilities\": [\"on-off\", \"warp\", 4],"
    "    \"state\": {\"on\": \"yes\", \"brightness\": 900, \"color\": -5}},"
    "   {\"id\": \"odd\", \"kind\": \"toaster\"}, {\"kind\": \"switch\"}, 5]},"
    "  {\"family\": \"wled\"}, {\"id\": \"a/b\", \"family\": \"wled\"}, \"x\"]}";

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  g_assert_true (g_file_set_contents (fixture->path, odd, -1, NULL));
  store = open_store (fixture->path);

  g_assert_cmpuint (g_strv_length ((char **) hearth_store_get_rooms (store)), ==, 3);
  g_assert_cmpstr (hearth_store_get_rooms (store)[0], ==, "Hall");
  g_assert_cmpstr (hearth_store_get_rooms (store)[1], ==, "Attic");
  g_assert_cmpstr (hearth_store_get_rooms (store)[2], ==, "Cellar");
  g_assert_cmpuint (g_strv_length ((char **) hearth_store_get_hosts (store)), ==, 2);
  g_assert_null (hearth_store_get_name (store, "d/c"));
  g_assert_cmpstr (hearth_store_get_room (store, "d/c"), ==, "Cellar");
  g_assert_true (hearth_store_get_favourite (store, "d/c"));

  devices = hearth_store_dup_known_devices (store);
  g_assert_cmpuint (devices->len, ==, 1);
  {
    HearthDevice *device = g_ptr_array_index (devices, 0);
    HearthControl *main_light = hearth_device_find_control (device, "main");

    g_assert_cmpuint (hearth_device_get_port (device), ==, 0);
    g_assert_cmpuint (g_list_model_get_n_items (hearth_device_get_controls (device)), ==, 1);
    g_assert_cmpint (hearth_control_get_capabilities (main_light), ==, HEARTH_CAPABILITY_ON_OFF);
    g_assert_cmpint (hearth_control_get_brightness (main_light), ==, 100);
    g_assert_cmpint (hearth_control_get_color (main_light), ==, -1);
  }
  g_assert_finalize_object (store);
}

static void
test_unreadable (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *aside = g_strconcat (fixture->path, ".broken", NULL);
  g_autoptr(GError) error = NULL;
  HearthStore *store;

  /* Not a file at all */
  g_assert_cmpint (g_mkdir_with_parents (fixture->path, 0700), ==, 0);
  store = hearth_store_new (fixture->path);
  g_assert_false (hearth_store_load (store, &error));
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_true (g_file_test (aside, G_FILE_TEST_IS_DIR));
  hearth_store_set_hidden (store, "a/b", TRUE);
  close_store (store);
  g_assert_true (g_file_test (fixture->path, G_FILE_TEST_IS_REGULAR));
}

static void
test_rooms (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GPtrArray) seen = NULL;
  g_autoptr(GError) error = NULL;
  HearthStore *store = open_store (fixture->path);
  const char * const *rooms;

  seen = record_changes (store);

  g_assert_true (hearth_store_add_room (store, "Kitchen", &error));
  g_assert_true (hearth_store_add_room (store, "Bedroom", &error));
  g_assert_true (saw (seen, "rooms"));
  hearth_store_set_room (store, "a/switch:0", "Kitchen");
  hearth_store_set_room (store, "b/light", "kitchen");   /* the existing spelling wins */
  hearth_store_set_room (store, "c/light", "Bedroom");
  g_assert_cmpstr (hearth_store_get_room (store, "b/light"), ==, "Kitchen");
  /* A room given by name only joins the list */
  hearth_store_set_room (store, "d/light", "  Garden ");
  rooms = hearth_store_get_rooms (store);
  g_assert_cmpuint (g_strv_length ((char **) rooms), ==, 3);
  g_assert_cmpstr (rooms[2], ==, "Garden");

  /* Renaming moves every control along, and says so for each */
  g_ptr_array_set_size (seen, 0);
  g_assert_true (hearth_store_rename_room (store, "KITCHEN", "  Cuisine ", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (hearth_store_get_rooms (store)[0], ==, "Cuisine");
  g_assert_cmpstr (hearth_store_get_room (store, "a/switch:0"), ==, "Cuisine");
  g_assert_cmpstr (hearth_store_get_room (store, "b/light"), ==, "Cuisine");
  g_assert_cmpstr (hearth_store_get_room (store, "c/light"), ==, "Bedroom");
  g_assert_true (saw (seen, "rooms"));
  g_assert_true (saw (seen, "a/switch:0"));
  g_assert_true (saw (seen, "b/light"));
  g_assert_false (saw (seen, "c/light"));

  /* Only the case: allowed */
  g_assert_true (hearth_store_rename_room (store, "cuisine", "CUISINE", &error));
  g_assert_cmpstr (hearth_store_get_room (store, "a/switch:0"), ==, "CUISINE");

  /* Removing leaves its controls in no room, and others alone */
  g_ptr_array_set_size (seen, 0);
  hearth_store_remove_room (store, "Cuisine");
  g_assert_null (hearth_store_get_room (store, "a/switch:0"));
  g_assert_null (hearth_store_get_room (store, "b/light"));
  g_assert_cmpstr (hearth_store_get_room (store, "c/light"), ==, "Bedroom");
  g_assert_true (saw (seen, "a/switch:0"));
  rooms = hearth_store_get_rooms (store);
  g_assert_cmpuint (g_strv_length ((char **) rooms), ==, 2);
  g_assert_cmpstr (rooms[0], ==, "Bedroom");
  g_assert_cmpstr (rooms[1], ==, "Garden");
  hearth_store_remove_room (store, "No such room");

  close_store (store);
  store = open_store (fixture->path);
  rooms = hearth_store_get_rooms (store);
  g_assert_cmpuint (g_strv_length ((char **) rooms), ==, 2);
  g_assert_null (hearth_store_get_room (store, "a/switch:0"));
  g_assert_cmpstr (hearth_store_get_room (store, "d/light"), ==, "Garden");
  close_store (store);
}

static void
test_invalid_names (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) seen = NULL;
  g_autoptr(GError) error = NULL;
  HearthStore *store = open_store (fixture->path);

  g_assert_true (hearth_store_add_room (store, "Kitchen", &error));
  g_assert_true (hearth_store_add_room (store, "Hall", &error));
  seen = record_changes (store);

  g_assert_false (hearth_store_add_room (store, "   ", &error));
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (hearth_store_add_room (store, NULL, &error));
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (hearth_store_add_room (store, " kitchen ", &error));
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Kitchen"));
  g_clear_error (&error);

  g_assert_false (hearth_store_rename_room (store, "Hall", "KITCHEN", &error));
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (hearth_store_rename_room (store, "Hall", "\t", &error));
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (hearth_store_rename_room (store, "Attic", "Loft", &error));
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Nothing changed by any of them */
  g_assert_cmpuint (seen->len, ==, 0);
  g_assert_cmpuint (g_strv_length ((char **) hearth_store_get_rooms (store)), ==, 2);

  /* A name that is only spaces or newlines means "the device's own" */
  hearth_store_set_name (store, "d/c", "Lamp");
  hearth_store_set_name (store, "d/c", " \n ");
  g_assert_null (hearth_store_get_name (store, "d/c"));
  hearth_store_set_name (store, "d/c", "Desk\nLamp");
  g_assert_cmpstr (hearth_store_get_name (store, "d/c"), ==, "Desk Lamp");
  hearth_store_set_name (store, "d/c", "\xff\xfe");
  g_assert_null (hearth_store_get_name (store, "d/c"));

  /* Hosts that are not hosts are not kept */
  g_ptr_array_set_size (seen, 0);
  hearth_store_add_host (store, "", 0);
  hearth_store_add_host (store, "two words", 0);
  hearth_store_add_host (store, "http://x/", 0);
  hearth_store_add_host (store, "host:80", 0);
  g_assert_cmpuint (seen->len, ==, 0);
  g_assert_cmpuint (g_strv_length ((char **) hearth_store_get_hosts (store)), ==, 0);

  close_store (store);
}

static void
test_split_host (void)
{
  struct {
    const char *entry;
    gboolean    ok;
    const char *host;
    guint16     port;
  } cases[] = {
    { "192.0.2.1", TRUE, "192.0.2.1", 0 },
    { "192.0.2.1:8080", TRUE, "192.0.2.1", 8080 },
    { "plug.local", TRUE, "plug.local", 0 },
    { "[2001:db8::1]:80", TRUE, "2001:db8::1", 80 },
    { "[2001:db8::1]", TRUE, "2001:db8::1", 0 },
    { "2001:db8::1", TRUE, "2001:db8::1", 0 },
    /* A zone: GInetAddress has none, so nothing could reach it */
    { "fe80::1%eth0", FALSE, NULL, 0 },
    { "%s%n.%n:80", FALSE, NULL, 0 },
    { "host:0", FALSE, NULL, 0 },
    { "host:65536", FALSE, NULL, 0 },
    { "host:", FALSE, NULL, 0 },
    { ":80", FALSE, NULL, 0 },
    { "[]:80", FALSE, NULL, 0 },
    { "[::1]x", FALSE, NULL, 0 },
    { "a b", FALSE, NULL, 0 },
    { "x::y::z", FALSE, NULL, 0 },
    { "", FALSE, NULL, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *host = NULL;
      guint16 port = 1;

      g_assert_cmpint (hearth_store_split_host (cases[i].entry, &host, &port), ==, cases[i].ok);
      g_assert_cmpstr (host, ==, cases[i].host);
      g_assert_cmpuint (port, ==, cases[i].port);
    }
}

static void
assert_same_controls (HearthDevice *expected,
                      HearthDevice *actual)
{
  GListModel *a = hearth_device_get_controls (expected);
  GListModel *b = hearth_device_get_controls (actual);

  g_assert_cmpuint (g_list_model_get_n_items (a), ==, g_list_model_get_n_items (b));
  for (guint i = 0; i < g_list_model_get_n_items (a); i++)
    {
      g_autoptr(HearthControl) x = g_list_model_get_item (a, i);
      g_autoptr(HearthControl) y = g_list_model_get_item (b, i);

      g_assert_cmpstr (hearth_control_get_id (x), ==, hearth_control_get_id (y));
      g_assert_cmpint (hearth_control_get_kind (x), ==, hearth_control_get_kind (y));
      g_assert_cmpstr (hearth_control_get_name (x), ==, hearth_control_get_name (y));
      g_assert_cmpint (hearth_control_get_capabilities (x), ==, hearth_control_get_capabilities (y));
      g_assert_cmpint (hearth_control_get_on (x), ==, hearth_control_get_on (y));
      g_assert_cmpint (hearth_control_get_brightness (x), ==, hearth_control_get_brightness (y));
      g_assert_cmpint (hearth_control_get_temperature (x), ==, hearth_control_get_temperature (y));
      g_assert_cmpint (hearth_control_get_temperature_min (x), ==, hearth_control_get_temperature_min (y));
      g_assert_cmpint (hearth_control_get_temperature_max (x), ==, hearth_control_get_temperature_max (y));
      g_assert_cmpint (hearth_control_get_color (x), ==, hearth_control_get_color (y));
      g_assert_cmpint (hearth_control_get_position (x), ==, hearth_control_get_position (y));
      g_assert_cmpint (hearth_control_get_cover_state (x), ==, hearth_control_get_cover_state (y));
      g_assert_cmpstr (hearth_control_get_effect (x), ==, hearth_control_get_effect (y));
      if (hearth_control_get_effects (x) == NULL)
        g_assert_null (hearth_control_get_effects (y));
      else
        g_assert_true (g_strv_equal (hearth_control_get_effects (x), hearth_control_get_effects (y)));
      g_assert_cmpfloat (hearth_control_get_value (x), ==, hearth_control_get_value (y));
      g_assert_cmpstr (hearth_control_get_unit (x), ==, hearth_control_get_unit (y));
      g_assert_cmpstr (hearth_control_get_quantity (x), ==, hearth_control_get_quantity (y));
    }
}

static void
test_known_devices (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(HearthDevice) device = make_device ("dev1", "192.0.2.10", 80);
  g_autoptr(HearthDevice) plain = hearth_device_new ("EW52J1A00002", "elgato");
  g_autoptr(GPtrArray) seen = NULL;
  g_autoptr(GPtrArray) known = NULL;
  HearthStore *store = open_store (fixture->path);
  HearthDevice *restored;

  hearth_device_set_model (plain, "Elgato Light Strip");
  hearth_device_set_address (plain, "192.0.2.11", 9123);
  hearth_device_mark_seen (plain);

  seen = record_changes (store);
  hearth_store_remember_device (store, device);
  hearth_store_remember_device (store, plain);
  g_assert_true (saw (seen, "devices"));

  /* The same again: nothing to write, nothing to say */
  g_ptr_array_set_size (seen, 0);
  hearth_store_remember_device (store, device);
  g_assert_cmpuint (seen->len, ==, 0);
  close_store (store);

  store = open_store (fixture->path);
  known = hearth_store_dup_known_devices (store);
  g_assert_cmpuint (known->len, ==, 2);

  restored = g_ptr_array_index (known, 0);
  g_assert_cmpstr (hearth_device_get_id (restored), ==, "dev1");
  g_assert_cmpstr (hearth_device_get_family (restored), ==, "shelly");
  g_assert_cmpstr (hearth_device_get_name (restored), ==, "Living Room");
  g_assert_cmpstr (hearth_device_get_model (restored), ==, "SNSW-102P16EU");
  g_assert_cmpstr (hearth_device_get_firmware (restored), ==, "1.4.4");
  g_assert_cmpstr (hearth_device_get_host (restored), ==, "192.0.2.10");
  g_assert_cmpuint (hearth_device_get_port (restored), ==, 80);
  g_assert_cmpint (hearth_device_get_live (restored), ==, HEARTH_LIVE_PUSH);
  /* Known, not seen yet */
  g_assert_cmpint (hearth_device_get_state (restored), ==, HEARTH_DEVICE_STATE_CONNECTING);
  g_assert_false (hearth_device_get_available (restored));
  assert_same_controls (device, restored);

  restored = g_ptr_array_index (known, 1);
  g_assert_cmpstr (hearth_device_get_id (restored), ==, "EW52J1A00002");
  /* The model stands in for a name, as before */
  g_assert_cmpstr (hearth_device_get_name (restored), ==, "Elgato Light Strip");
  g_assert_cmpint (hearth_device_get_state (restored), ==, HEARTH_DEVICE_STATE_CONNECTING);
  g_assert_cmpuint (g_list_model_get_n_items (hearth_device_get_controls (restored)), ==, 0);

  /* Each call gives new objects */
  {
    g_autoptr(GPtrArray) again = hearth_store_dup_known_devices (store);
    g_assert_true (g_ptr_array_index (again, 0) != g_ptr_array_index (known, 0));
  }
  close_store (store);
}

/* A sensor's reading is whatever the device said: json-glib 1.6 wrote
 * 1e22 as "1e+22.0", so the next start found the file unreadable and set
 * the whole home aside (found by tests/fuzz/fuzz-json) */
static void
test_huge_reading (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(HearthDevice) device = make_device ("dev1", "192.0.2.10", 80);
  g_autoptr(GPtrArray) known = NULL;
  HearthControl *power = hearth_device_find_control (device, "switch:0/power");
  HearthStore *store = open_store (fixture->path);

  hearth_control_set_value (power, 1e22);
  hearth_store_remember_device (store, device);
  hearth_store_add_room (store, "Hall", NULL);
  close_store (store);

  store = open_store (fixture->path);
  known = hearth_store_dup_known_devices (store);
  g_assert_cmpuint (known->len, ==, 1);
  power = hearth_device_find_control (g_ptr_array_index (known, 0), "switch:0/power");
  g_assert_cmpfloat (hearth_control_get_value (power), ==, 1e22);
  g_assert_cmpstr (hearth_store_get_rooms (store)[0], ==, "Hall");
  close_store (store);
}

static void
test_address_change (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(HearthDevice) device = make_device ("dev1", "192.0.2.10", 80);
  g_autoptr(HearthDevice) moved = make_device ("dev1", "192.0.2.99", 8080);
  g_autoptr(GPtrArray) known = NULL;
  HearthStore *store = open_store (fixture->path);

  hearth_store_remember_device (store, device);
  hearth_store_set_name (store, "dev1/light:0", "Reading Lamp");
  hearth_store_set_room (store, "dev1/light:0", "Study");
  close_store (store);

  /* Next run: the device has another address (DHCP), same hardware id */
  store = open_store (fixture->path);
  hearth_store_remember_device (store, moved);
  close_store (store);

  store = open_store (fixture->path);
  known = hearth_store_dup_known_devices (store);
  g_assert_cmpuint (known->len, ==, 1);
  g_assert_cmpstr (hearth_device_get_host (g_ptr_array_index (known, 0)), ==, "192.0.2.99");
  g_assert_cmpuint (hearth_device_get_port (g_ptr_array_index (known, 0)), ==, 8080);
  g_assert_cmpstr (hearth_store_get_name (store, "dev1/light:0"), ==, "Reading Lamp");
  g_assert_cmpstr (hearth_store_get_room (store, "dev1/light:0"), ==, "Study");
  close_store (store);
}

static void
test_forget (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(HearthDevice) device = make_device ("dev1", "192.0.2.10", 80);
  g_autoptr(HearthDevice) other = make_device ("dev2", "192.0.2.20", 80);
  g_autoptr(GPtrArray) seen = NULL;
  g_autoptr(GPtrArray) known = NULL;
  HearthStore *store = open_store (fixture->path);
  const char * const *hosts;

  /* dev1 was added by hand, then moved: its host entry still goes with it */
  hearth_store_add_host (store, "192.0.2.10", 0);
  hearth_store_add_host (store, "192.0.2.20", 80);
  hearth_store_add_host (store, "192.0.2.30", 0);
  hearth_store_remember_device (store, device);
  hearth_store_remember_device (store, other);
  hearth_device_set_address (device, "192.0.2.11", 80);
  hearth_store_remember_device (store, device);

  hearth_store_set_name (store, "dev1/light:0", "Lamp");
  hearth_store_set_room (store, "dev1/cover:0", "Hall");
  hearth_store_set_favourite (store, "dev1/switch:0/power", TRUE);
  hearth_store_set_name (store, "dev2/light:0", "Other Lamp");
  /* Not a prefix match on "dev1" alone */
  hearth_store_set_name (store, "dev10/light:0", "Not dev1");

  seen = record_changes (store);
  hearth_store_forget_device (store, "dev1");
  g_assert_true (saw (seen, "devices"));
  g_assert_true (saw (seen, "hosts"));
  g_assert_true (saw (seen, "dev1/light:0"));
  g_assert_true (saw (seen, "dev1/cover:0"));
  g_assert_false (saw (seen, "dev2/light:0"));

  g_assert_null (hearth_store_get_name (store, "dev1/light:0"));
  g_assert_null (hearth_store_get_room (store, "dev1/cover:0"));
  g_assert_false (hearth_store_get_favourite (store, "dev1/switch:0/power"));
  g_assert_cmpstr (hearth_store_get_name (store, "dev2/light:0"), ==, "Other Lamp");
  g_assert_cmpstr (hearth_store_get_name (store, "dev10/light:0"), ==, "Not dev1");
  /* The room stays: other controls may be put in it */
  g_assert_cmpstr (hearth_store_get_rooms (store)[0], ==, "Hall");

  /* Forgetting twice, or an unknown device: nothing happens */
  g_ptr_array_set_size (seen, 0);
  hearth_store_forget_device (store, "dev1");
  hearth_store_forget_device (store, "nobody");
  g_assert_cmpuint (seen->len, ==, 0);
  close_store (store);

  store = open_store (fixture->path);
  known = hearth_store_dup_known_devices (store);
  g_assert_cmpuint (known->len, ==, 1);
  g_assert_cmpstr (hearth_device_get_id (g_ptr_array_index (known, 0)), ==, "dev2");
  hosts = hearth_store_get_hosts (store);
  g_assert_cmpuint (g_strv_length ((char **) hosts), ==, 2);
  g_assert_cmpstr (hosts[0], ==, "192.0.2.20:80");
  g_assert_cmpstr (hosts[1], ==, "192.0.2.30");
  g_assert_null (hearth_store_get_name (store, "dev1/light:0"));
  close_store (store);
}

static gboolean
has_host (gpointer data)
{
  const char * const *hosts = hearth_store_get_hosts (HEARTH_STORE (data));

  return g_strv_contains (hosts, "192.0.2.50");
}

static void
test_other_writer (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) seen = NULL;
  g_autoptr(GError) error = NULL;
  HearthStore *app = open_store (fixture->path);
  HearthStore *cli;

  hearth_store_set_name (app, "d/a", "Lamp");
  g_assert_true (hearth_store_flush (app, &error));
  /* A change made here, not written yet, while another program (hearthctl
   * add) writes the file: both survive. */
  hearth_store_set_favourite (app, "d/a", TRUE);
  seen = record_changes (app);

  cli = open_store (fixture->path);
  g_assert_cmpstr (hearth_store_get_name (cli, "d/a"), ==, "Lamp");
  hearth_store_add_host (cli, "192.0.2.50", 0);
  hearth_store_set_name (cli, "d/b", "Kettle");
  close_store (cli);

  g_assert_true (hearth_test_await (has_host, app, 5000));
  g_assert_true (saw (seen, "hosts"));
  g_assert_true (saw (seen, "d/b"));
  g_assert_false (saw (seen, "d/a"));
  g_assert_cmpstr (hearth_store_get_name (app, "d/b"), ==, "Kettle");
  g_assert_true (hearth_store_get_favourite (app, "d/a"));
  close_store (app);

  cli = open_store (fixture->path);
  g_assert_true (hearth_store_get_favourite (cli, "d/a"));
  g_assert_cmpstr (hearth_store_get_name (cli, "d/b"), ==, "Kettle");
  g_assert_true (g_strv_contains (hearth_store_get_hosts (cli), "192.0.2.50"));
  close_store (cli);
}

static gboolean
has_login (gpointer data)
{
  return hearth_store_get_login_user (HEARTH_STORE (data), "node2") != NULL;
}

/* The user name of a login: kept by device id, written and read back,
 * cleared with NULL or "", announced as "logins"; never a password */
static void
test_login_user (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) seen = NULL;
  g_autofree char *text = NULL;
  g_autofree char *huge = g_strnfill (257, 'u');
  g_autofree char *longest = g_strnfill (256, 'u');
  HearthStore *store = open_store (fixture->path);
  HearthStore *other;

  g_assert_null (hearth_store_get_login_user (store, "node1"));

  seen = record_changes (store);
  hearth_store_set_login_user (store, "node1", "kitchen");
  g_assert_cmpstr (hearth_store_get_login_user (store, "node1"), ==, "kitchen");
  g_assert_true (saw (seen, "logins"));
  /* The same again: no change */
  g_ptr_array_set_size (seen, 0);
  hearth_store_set_login_user (store, "node1", "kitchen");
  g_assert_cmpuint (seen->len, ==, 0);

  /* As typed: spaces and any script are part of a user name */
  hearth_store_set_login_user (store, "node2", " Küche 2 ");
  g_assert_cmpstr (hearth_store_get_login_user (store, "node2"), ==, " Küche 2 ");
  hearth_store_set_login_user (store, "node3", longest);
  g_assert_cmpstr (hearth_store_get_login_user (store, "node3"), ==, longest);
  /* Not a user name (kept as it was), not a device id */
  hearth_store_set_login_user (store, "node2", "two\nlines");
  hearth_store_set_login_user (store, "node2", huge);
  hearth_store_set_login_user (store, "node2", "\xff\xfe");
  g_assert_cmpstr (hearth_store_get_login_user (store, "node2"), ==, " Küche 2 ");
  hearth_store_set_login_user (store, "a/b", "kitchen");
  hearth_store_set_login_user (store, "", "kitchen");
  g_assert_null (hearth_store_get_login_user (store, "a/b"));
  g_assert_null (hearth_store_get_login_user (store, ""));
  close_store (store);

  /* Written, with no secret next to it */
  g_assert_true (g_file_get_contents (fixture->path, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, "\"logins\""));
  g_assert_nonnull (strstr (text, "\"kitchen\""));
  g_assert_null (strstr (text, "password"));

  /* Read back */
  store = open_store (fixture->path);
  g_assert_cmpstr (hearth_store_get_login_user (store, "node1"), ==, "kitchen");
  g_assert_cmpstr (hearth_store_get_login_user (store, "node2"), ==, " Küche 2 ");
  g_assert_cmpstr (hearth_store_get_login_user (store, "node3"), ==, longest);

  /* Cleared, with NULL or "" */
  g_clear_pointer (&seen, g_ptr_array_unref);
  seen = record_changes (store);
  hearth_store_set_login_user (store, "node1", NULL);
  hearth_store_set_login_user (store, "node3", "");
  g_assert_null (hearth_store_get_login_user (store, "node1"));
  g_assert_null (hearth_store_get_login_user (store, "node3"));
  g_assert_true (saw (seen, "logins"));
  /* Clearing what is not there: nothing happens */
  g_ptr_array_set_size (seen, 0);
  hearth_store_set_login_user (store, "node1", NULL);
  hearth_store_set_login_user (store, "nobody", "");
  g_assert_cmpuint (seen->len, ==, 0);
  close_store (store);

  store = open_store (fixture->path);
  g_assert_null (hearth_store_get_login_user (store, "node1"));
  g_assert_null (hearth_store_get_login_user (store, "node3"));
  g_assert_cmpstr (hearth_store_get_login_user (store, "node2"), ==, " Küche 2 ");

  /* The last one gone: the file has no "logins" at all */
  hearth_store_set_login_user (store, "node2", NULL);
  close_store (store);
  g_clear_pointer (&text, g_free);
  g_assert_true (g_file_get_contents (fixture->path, &text, NULL, NULL));
  g_assert_null (strstr (text, "logins"));

  /* Another program (hearthctl login) sets one: read back and announced;
   * one set here and not written yet wins over the file */
  store = open_store (fixture->path);
  hearth_store_set_login_user (store, "node1", "mine");
  g_clear_pointer (&seen, g_ptr_array_unref);
  seen = record_changes (store);
  other = open_store (fixture->path);
  hearth_store_set_login_user (other, "node1", "theirs");
  hearth_store_set_login_user (other, "node2", "pantry");
  close_store (other);
  g_assert_true (hearth_test_await (has_login, store, 5000));
  g_assert_true (saw (seen, "logins"));
  g_assert_cmpstr (hearth_store_get_login_user (store, "node2"), ==, "pantry");
  g_assert_cmpstr (hearth_store_get_login_user (store, "node1"), ==, "mine");
  close_store (store);

  store = open_store (fixture->path);
  g_assert_cmpstr (hearth_store_get_login_user (store, "node1"), ==, "mine");
  g_assert_cmpstr (hearth_store_get_login_user (store, "node2"), ==, "pantry");
  close_store (store);
}

/* Forgetting a device drops its login's user name, and only its own */
static void
test_login_user_forget (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(HearthDevice) device = make_device ("dev1", "192.0.2.10", 80);
  g_autoptr(GPtrArray) seen = NULL;
  HearthStore *store = open_store (fixture->path);

  hearth_store_remember_device (store, device);
  hearth_store_set_login_user (store, "dev1", "kitchen");
  hearth_store_set_login_user (store, "dev10", "pantry");
  /* A device the store knows only by its login */
  hearth_store_set_login_user (store, "dev2", "cellar");
  close_store (store);

  store = open_store (fixture->path);
  seen = record_changes (store);
  hearth_store_forget_device (store, "dev1");
  g_assert_true (saw (seen, "devices"));
  g_assert_true (saw (seen, "logins"));
  g_assert_null (hearth_store_get_login_user (store, "dev1"));
  g_assert_cmpstr (hearth_store_get_login_user (store, "dev10"), ==, "pantry");

  g_ptr_array_set_size (seen, 0);
  hearth_store_forget_device (store, "dev2");
  g_assert_true (saw (seen, "logins"));
  g_assert_false (saw (seen, "devices"));
  g_assert_null (hearth_store_get_login_user (store, "dev2"));
  close_store (store);

  store = open_store (fixture->path);
  g_assert_null (hearth_store_get_login_user (store, "dev1"));
  g_assert_null (hearth_store_get_login_user (store, "dev2"));
  g_assert_cmpstr (hearth_store_get_login_user (store, "dev10"), ==, "pantry");
  close_store (store);
}

/* Odd "logins" in the file: the good entries are kept, the rest skipped,
 * nothing logs a CRITICAL, and the rest of the home is read as ever */
static void
test_login_user_wrong_shapes (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autofree char *folder = g_path_get_dirname (fixture->path);
  g_autofree char *huge = g_strnfill (300, 'x');
  g_autofree char *odd = NULL;
  HearthStore *store;
  const char * const shapes[] = {
    "\"logins\": 5",
    "\"logins\": [\"kitchen\"]",
    "\"logins\": null",
    "\"logins\": \"kitchen\"",
  };

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);

  odd = g_strdup_printf (
    "{\"version\": 1, \"rooms\": [\"Hall\"],"
    " \"logins\": {\"good\": {\"user\": \"kitchen\"},"
    "   \"number\": {\"user\": 5}, \"empty\": {\"user\": \"\"},"
    "   \"null\": {\"user\": null}, \"nested\": {\"user\": {\"name\": \"x\"}},"
    "   \"plain\": \"kitchen\", \"list\": [\"kitchen\"], \"none\": {},"
    "   \"newline\": {\"user\": \"a\\nb\"}, \"nul\": {\"user\": \"a\\u0000b\"},"
    "   \"huge\": {\"user\": \"%s\"},"
    "   \"a/b\": {\"user\": \"kitchen\"}, \"\": {\"user\": \"kitchen\"},"
    "   \"extra\": {\"user\": \"pantry\", \"password\": 7}}}", huge);
  g_assert_true (g_file_set_contents (fixture->path, odd, -1, NULL));
  store = open_store (fixture->path);
  g_assert_cmpstr (hearth_store_get_rooms (store)[0], ==, "Hall");
  g_assert_cmpstr (hearth_store_get_login_user (store, "good"), ==, "kitchen");
  g_assert_cmpstr (hearth_store_get_login_user (store, "extra"), ==, "pantry");
  /* (json-glib ends a string at an escaped NUL: "nul" is read as "a",
   * harmless, and no crash) */
  for (guint i = 0; i < 10; i++)
    {
      const char *bad[] = { "number", "empty", "null", "nested", "plain", "list", "none",
                            "newline", "huge", "a/b" };

      g_assert_null (hearth_store_get_login_user (store, bad[i]));
    }
  g_assert_null (hearth_store_get_login_user (store, ""));
  g_assert_finalize_object (store);

  /* "logins" of another shape altogether: no logins, the rest as ever */
  for (guint i = 0; i < G_N_ELEMENTS (shapes); i++)
    {
      g_autofree char *text = g_strdup_printf ("{\"version\": 1, \"rooms\": [\"Hall\"], %s}", shapes[i]);

      g_assert_true (g_file_set_contents (fixture->path, text, -1, NULL));
      store = open_store (fixture->path);
      g_assert_cmpstr (hearth_store_get_rooms (store)[0], ==, "Hall");
      g_assert_null (hearth_store_get_login_user (store, "kitchen"));
      g_assert_finalize_object (store);
    }
}

/* Two processes (two stores on one file, each with its own writer) change
 * the home at once from the same starting point, and write in turn without
 * reading each other's change in between: neither write is lost, and what
 * one forgot the other does not bring back. */
static void
test_two_writers (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(HearthDevice) gone = make_device ("gone", "192.0.2.9", 80);
  g_autoptr(HearthDevice) kept = make_device ("kept", "192.0.2.10", 80);
  g_autoptr(GPtrArray) devices = NULL;
  g_autoptr(GError) error = NULL;
  HearthStore *first = open_store (fixture->path);
  HearthStore *second;
  const char * const *hosts;
  const char * const *rooms;

  hearth_store_add_host (first, "192.0.2.9", 80);
  hearth_store_remember_device (first, gone);
  hearth_store_remember_device (first, kept);
  hearth_store_set_name (first, "gone/light:0", "Old lamp");
  g_assert_true (hearth_store_add_room (first, "Kitchen", &error));
  close_store (first);

  first = open_store (fixture->path);
  second = open_store (fixture->path);

  /* One adds and forgets, the other adds; both write, in turn */
  hearth_store_add_host (first, "192.0.2.1", 0);
  hearth_store_forget_device (first, "gone");
  g_assert_true (hearth_store_add_room (first, "Hall", &error));
  hearth_store_set_login_user (first, "kept", "admin");
  hearth_store_add_host (second, "192.0.2.2", 8080);
  hearth_store_set_name (second, "kept/light:0", "Desk");
  g_assert_true (hearth_store_rename_room (second, "kitchen", "Cuisine", &error));
  hearth_store_set_room (second, "kept/cover:0", "Attic");
  g_assert_true (hearth_store_flush (first, &error));
  g_assert_no_error (error);
  g_assert_true (hearth_store_flush (second, &error));
  g_assert_no_error (error);

  /* The second one sees the first one's change once it wrote */
  g_assert_true (g_strv_contains (hearth_store_get_hosts (second), "192.0.2.1"));
  g_assert_finalize_object (first);
  g_assert_finalize_object (second);

  first = open_store (fixture->path);
  hosts = hearth_store_get_hosts (first);
  g_assert_true (g_strv_contains (hosts, "192.0.2.1"));
  g_assert_true (g_strv_contains (hosts, "192.0.2.2:8080"));
  /* Forgotten with its device, and not brought back */
  g_assert_false (g_strv_contains (hosts, "192.0.2.9:80"));
  g_assert_cmpuint (g_strv_length ((char **) hosts), ==, 2);
  devices = hearth_store_dup_known_devices (first);
  g_assert_cmpuint (devices->len, ==, 1);
  g_assert_cmpstr (hearth_device_get_id (g_ptr_array_index (devices, 0)), ==, "kept");
  g_assert_null (hearth_store_get_name (first, "gone/light:0"));
  g_assert_cmpstr (hearth_store_get_name (first, "kept/light:0"), ==, "Desk");
  g_assert_cmpstr (hearth_store_get_login_user (first, "kept"), ==, "admin");
  rooms = hearth_store_get_rooms (first);
  g_assert_cmpuint (g_strv_length ((char **) rooms), ==, 3);
  g_assert_cmpstr (rooms[0], ==, "Cuisine");
  g_assert_true (g_strv_contains (rooms, "Hall"));
  g_assert_true (g_strv_contains (rooms, "Attic"));
  g_assert_cmpstr (hearth_store_get_room (first, "kept/cover:0"), ==, "Attic");

  /* The other way round: removing what the other one has in memory */
  second = open_store (fixture->path);
  hearth_store_remove_host (first, "192.0.2.2", 8080);
  hearth_store_remove_room (first, "Hall");
  hearth_store_set_favourite (second, "kept/light:0", TRUE);
  g_assert_true (hearth_store_flush (first, &error));
  g_assert_true (hearth_store_flush (second, &error));
  g_assert_finalize_object (first);
  g_assert_finalize_object (second);

  first = open_store (fixture->path);
  g_assert_false (g_strv_contains (hearth_store_get_hosts (first), "192.0.2.2:8080"));
  g_assert_false (g_strv_contains (hearth_store_get_rooms (first), "Hall"));
  g_assert_true (hearth_store_get_favourite (first, "kept/light:0"));
  close_store (first);
}

/* Many stores, each adding its own host from the same start and writing
 * on its worker thread: every host is kept */
static void
test_many_writers (Fixture       *fixture,
                   gconstpointer  data)
{
  HearthStore *stores[8];
  HearthStore *reader;

  for (guint i = 0; i < G_N_ELEMENTS (stores); i++)
    stores[i] = open_store (fixture->path);
  for (guint i = 0; i < G_N_ELEMENTS (stores); i++)
    {
      g_autofree char *host = g_strdup_printf ("192.0.2.%u", i + 1);
      hearth_store_add_host (stores[i], host, 0);
    }
  /* Written on the workers, half a second later */
  spin (1500);
  for (guint i = 0; i < G_N_ELEMENTS (stores); i++)
    close_store (stores[i]);

  reader = open_store (fixture->path);
  g_assert_cmpuint (g_strv_length ((char **) hearth_store_get_hosts (reader)), ==, G_N_ELEMENTS (stores));
  g_assert_finalize_object (reader);
}

/* A file written by a newer Hearth: read as far as this version
 * understands it, never moved aside nor written, and the caller is told */
static void
test_newer_format (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *folder = g_path_get_dirname (fixture->path);
  g_autofree char *aside = g_strconcat (fixture->path, ".broken", NULL);
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  const char *newer = "{\"version\": 7, \"rooms\": [\"Hall\"], \"hosts\": [\"192.0.2.7\"],"
                      " \"scenes\": {\"evening\": [1, 2]}}";
  HearthStore *store;
  HearthStore *other;

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  g_assert_true (g_file_set_contents (fixture->path, newer, -1, NULL));

  store = hearth_store_new (fixture->path);
  g_assert_false (hearth_store_load (store, &error));
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "newer version"));
  g_assert_nonnull (strstr (error->message, "format 7"));
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  g_assert_cmpstr (hearth_store_get_rooms (store)[0], ==, "Hall");
  g_assert_true (g_strv_contains (hearth_store_get_hosts (store), "192.0.2.7"));

  /* A change is not saved over it, now nor at exit */
  hearth_store_set_name (store, "d/a", "Lamp");
  spin (800);
  g_assert_false (hearth_store_flush (store, &error));
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "newer version"));
  g_clear_error (&error);
  g_assert_finalize_object (store);
  g_assert_true (g_file_get_contents (fixture->path, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, newer);
  g_assert_false (g_file_test (aside, G_FILE_TEST_EXISTS));

  /* Written by a newer Hearth while this one runs: not written over either */
  g_assert_true (g_file_set_contents (fixture->path, "{\"version\": 1}", -1, NULL));
  store = open_store (fixture->path);
  other = open_store (fixture->path);
  g_assert_true (g_file_set_contents (fixture->path, newer, -1, NULL));
  hearth_store_set_name (store, "d/a", "Lamp");
  g_assert_false (hearth_store_flush (store, &error));
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "newer version"));
  g_clear_error (&error);
  g_assert_finalize_object (store);
  /* and one that only reads it back (the file monitor) stops writing */
  g_test_expect_message (G_LOG_DOMAIN, G_LOG_LEVEL_WARNING, "*newer version of Hearth (format 7)*");
  spin (500);
  g_test_assert_expected_messages ();
  hearth_store_set_name (other, "d/b", "Kettle");
  g_assert_false (hearth_store_flush (other, NULL));
  g_assert_finalize_object (other);
  g_clear_pointer (&after, g_free);
  g_assert_true (g_file_get_contents (fixture->path, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, newer);
}

/* Crafted files: kept aside with a message that says why, and the home
 * starts empty and works on */
static void
test_crafted_files (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *folder = g_path_get_dirname (fixture->path);
  g_autofree char *aside = g_strconcat (fixture->path, ".broken", NULL);
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autoptr(GString) huge = g_string_new ("{\"version\": 1, \"rooms\": [\"");
  const char *small[] = {
    "",
    "\xff\xfe{}",
    "null",
    "\"home\"",
    "[{\"version\": 1}]",
    "{\"version\": 1, \"rooms\": [\"Hall\"",
  };

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  g_string_prepend (deep, "{\"version\": 1, \"rooms\": ");
  /* Larger than any home could be */
  for (guint i = 0; i < 20 * 1024 * 1024; i += 32)
    g_string_append (huge, "Hall Hall Hall Hall Hall Hall Ha");
  g_string_append (huge, "\"]}");

  for (guint i = 0; i < G_N_ELEMENTS (small) + 2; i++)
    {
      const char *text = i < G_N_ELEMENTS (small) ? small[i] : i == G_N_ELEMENTS (small) ? deep->str : huge->str;
      gsize length = i < G_N_ELEMENTS (small) ? strlen (text) : i == G_N_ELEMENTS (small) ? deep->len : huge->len;
      g_autoptr(GError) error = NULL;
      g_autofree char *kept = NULL;
      gsize kept_length = 0;
      HearthStore *store;

      g_assert_true (g_file_set_contents (fixture->path, text, length, NULL));
      store = hearth_store_new (fixture->path);
      g_assert_false (hearth_store_load (store, &error));
      g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD);
      g_assert_nonnull (strstr (error->message, aside));
      /* What is wrong is said of the file ("it"), never of "the answer" */
      g_assert_nonnull (strstr (error->message, " (it "));
      g_assert_null (strstr (error->message, "answer"));
      g_test_message ("%s", error->message);

      g_assert_true (g_file_get_contents (aside, &kept, &kept_length, NULL));
      g_assert_cmpmem (kept, kept_length, text, length);
      g_assert_cmpuint (g_strv_length ((char **) hearth_store_get_rooms (store)), ==, 0);
      hearth_store_set_hidden (store, "a/b", TRUE);
      close_store (store);

      store = open_store (fixture->path);
      g_assert_true (hearth_store_get_hidden (store, "a/b"));
      g_assert_finalize_object (store);
      g_assert_cmpint (g_unlink (aside), ==, 0);
    }
}

/* A writer stuck with the lock held (stopped, a hung disk) does not hang
 * this one: its flush fails after a few seconds, saying why, and the change
 * is written once the lock is free */
static void
test_lock_held (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *lock_path = g_strconcat (fixture->path, ".lock", NULL);
  g_autoptr(GError) error = NULL;
  HearthStore *store = open_store (fixture->path);
  HearthStore *reader;
  gint64 start;
  int lock;

  lock = g_open (lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  g_assert_cmpint (lock, >=, 0);
  g_assert_cmpint (flock (lock, LOCK_EX), ==, 0);

  hearth_store_set_name (store, "d/a", "Lamp");
  start = g_get_monotonic_time ();
  g_assert_false (hearth_store_flush (store, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_AGAIN);
  g_assert_nonnull (strstr (error->message, lock_path));
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 8 * G_USEC_PER_SEC);
  g_assert_false (g_file_test (fixture->path, G_FILE_TEST_EXISTS));

  close (lock);
  close_store (store);
  reader = open_store (fixture->path);
  g_assert_cmpstr (hearth_store_get_name (reader, "d/a"), ==, "Lamp");
  g_assert_finalize_object (reader);
}

/* Writes the home again and again (the helper of kill-during-writes): two
 * names and a host change in each round, so a torn or mixed file shows */
static int
write_forever (const char *path)
{
  g_autoptr(HearthStore) store = hearth_store_new (path);

  hearth_store_load (store, NULL);
  for (guint round = 1; ; round++)
    {
      g_autofree char *name = g_strdup_printf ("Round %u", round);
      g_autofree char *host = g_strdup_printf ("192.0.2.%u", round % 250 + 1);

      hearth_store_set_name (store, "dev/a", name);
      hearth_store_set_name (store, "dev/b", name);
      for (guint i = 0; i < 200; i++)
        {
          g_autofree char *key = g_strdup_printf ("dev%u/light", i);

          hearth_store_set_room (store, key, i % 2 == 0 ? "Hall" : "Attic");
          hearth_store_set_favourite (store, key, round % 2 == 0);
        }
      hearth_store_add_host (store, host, 0);
      if (!hearth_store_flush (store, NULL))
        return 1;
    }
  return 0;
}

/* kill -9 at random moments while another process writes: the file is
 * always the old or the new home, whole, and the next load removes what
 * a write cut short left behind */
static void
test_kill_during_writes (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *folder = g_path_get_dirname (fixture->path);
  g_autofree char *self_path = g_test_build_filename (G_TEST_BUILT, "test-store", NULL);
  guint left_behind = 0;
  guint rounds = 0;
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);

  for (guint i = 0; i < 20 && g_get_monotonic_time () < deadline; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GSubprocess) writer = NULL;
      g_auto(GStrv) names = NULL;
      g_autofree char *text = NULL;
      HearthStore *store;
      const char *a;

      writer = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error,
                                 self_path, "--write-forever", fixture->path, NULL);
      g_assert_no_error (error);
      g_usleep (g_random_int_range (50, 400) * 1000);
      g_subprocess_force_exit (writer);
      g_assert_true (g_subprocess_wait (writer, NULL, NULL));
      g_assert_false (g_subprocess_get_if_exited (writer));

      names = list_folder (folder);
      for (guint j = 0; names[j] != NULL; j++)
        {
          if (g_str_has_prefix (names[j], "home.json.") && !g_str_equal (names[j], "home.json.lock"))
            left_behind++;
        }

      /* Old or new, never torn */
      if (!g_file_test (fixture->path, G_FILE_TEST_EXISTS))
        continue;
      rounds++;
      store = open_store (fixture->path);
      a = hearth_store_get_name (store, "dev/a");
      g_assert_cmpstr (a, ==, hearth_store_get_name (store, "dev/b"));
      g_assert_cmpuint (g_strv_length ((char **) hearth_store_get_rooms (store)), ==, 2);
      g_assert_finalize_object (store);

      /* Nothing but the file and its lock after that load */
      g_clear_pointer (&names, g_strfreev);
      names = list_folder (folder);
      for (guint j = 0; names[j] != NULL; j++)
        {
          if (!g_str_equal (names[j], "home.json.lock"))
            g_assert_cmpstr (names[j], ==, "home.json");
        }
    }
  g_test_message ("%u kills, %u of them left a temporary file", rounds, left_behind);
  g_assert_cmpuint (rounds, >, 0);
}

/* Devices remembered together (the engine's batch): one announcement for
 * those first known, none for those known already, each found by id */
static void
test_remember_many (Fixture       *fixture,
                    gconstpointer  data)
{
  HearthStore *store = open_store (fixture->path);
  g_autoptr(GPtrArray) devices = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) seen = record_changes (store);
  g_autoptr(GPtrArray) known = NULL;

  for (guint i = 0; i < 300; i++)
    {
      g_autofree char *id = g_strdup_printf ("dev%u", i);

      g_ptr_array_add (devices, make_device (id, "192.0.2.10", (guint16) (1000 + i)));
    }
  hearth_store_remember_device (store, g_ptr_array_index (devices, 0));
  g_assert_cmpuint (seen->len, ==, 1);

  hearth_store_remember_devices (store, devices);
  g_assert_cmpuint (seen->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (seen, 1), ==, "devices");
  g_assert_true (hearth_store_has_known_device (store, "dev0"));
  g_assert_true (hearth_store_has_known_device (store, "dev299"));
  g_assert_false (hearth_store_has_known_device (store, "dev300"));

  /* Known already, one of them changed: nothing to announce */
  hearth_device_set_address (g_ptr_array_index (devices, 7), "192.0.2.11", 80);
  hearth_store_remember_devices (store, devices);
  g_assert_cmpuint (seen->len, ==, 2);

  /* A host added by hand after the device was known is its own from its
   * next change, whatever the case it is written in; it goes with it */
  hearth_store_add_host (store, "Lamp.LOCAL", 0);
  hearth_device_set_address (g_ptr_array_index (devices, 5), "lamp.local", 80);
  hearth_store_remember_devices (store, devices);
  hearth_device_set_address (g_ptr_array_index (devices, 5), "192.0.2.12", 80);
  hearth_store_remember_devices (store, devices);
  g_assert_cmpstr (hearth_store_get_hosts (store)[0], ==, "lamp.local");

  hearth_store_forget_device (store, "dev5");
  g_assert_null (hearth_store_get_hosts (store)[0]);
  g_assert_false (hearth_store_has_known_device (store, "dev5"));
  g_assert_true (hearth_store_has_known_device (store, "dev6"));
  g_assert_true (hearth_store_has_known_device (store, "dev299"));

  g_signal_handlers_disconnect_by_func (store, on_changed, seen);
  close_store (store);

  /* Read back in the order remembered, each once */
  store = open_store (fixture->path);
  known = hearth_store_dup_known_devices (store);
  g_assert_cmpuint (known->len, ==, 299);
  g_assert_cmpstr (hearth_device_get_id (g_ptr_array_index (known, 5)), ==, "dev6");
  g_assert_cmpstr (hearth_device_get_host (g_ptr_array_index (known, 6)), ==, "192.0.2.11");
  g_assert_true (hearth_store_has_known_device (store, "dev299"));
  close_store (store);
}

/* The known devices at one address are found through an index: by host
 * whatever its case, by port (any when 0), in the order known; the index
 * follows devices that move, are forgotten, and are read back */
static void
assert_known_at (HearthStore *store,
                 const char  *host,
                 guint16      port,
                 const char  *ids)
{
  g_autoptr(GPtrArray) known = hearth_store_dup_known_devices_at (store, host, port);
  g_autoptr(GString) found = g_string_new ("");

  for (guint i = 0; i < known->len; i++)
    g_string_append_printf (found, "%s%s", i > 0 ? " " : "", hearth_device_get_id (g_ptr_array_index (known, i)));
  g_assert_cmpstr (found->str, ==, ids);
}

static void
test_known_at (Fixture       *fixture,
               gconstpointer  data)
{
  HearthStore *store = open_store (fixture->path);
  g_autoptr(GPtrArray) devices = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) all = NULL;

  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *id = g_strdup_printf ("dev%u", i);

      g_ptr_array_add (devices, make_device (id, "192.0.2.10", (guint16) (1004 - i)));
    }
  g_ptr_array_add (devices, make_device ("lamp", "Lamp.local", 80));
  g_ptr_array_add (devices, make_device ("strip", "lamp.LOCAL", 81));
  hearth_store_remember_devices (store, devices);

  assert_known_at (store, "192.0.2.10", 1003, "dev1");
  assert_known_at (store, "192.0.2.10", 0, "dev0 dev1 dev2 dev3 dev4");
  assert_known_at (store, "LAMP.local", 0, "lamp strip");
  assert_known_at (store, "lamp.local", 81, "strip");
  assert_known_at (store, "lamp.local", 82, "");
  assert_known_at (store, "192.0.2.11", 0, "");
  all = hearth_store_dup_known_devices_at (store, NULL, 0);
  g_assert_cmpuint (all->len, ==, 7);

  /* Moved, forgotten (those after it move up): found where they are now */
  hearth_device_set_address (g_ptr_array_index (devices, 1), "192.0.2.11", 80);
  hearth_device_set_address (g_ptr_array_index (devices, 6), "lamp.local", 80);
  hearth_store_remember_devices (store, devices);
  hearth_store_forget_device (store, "dev0");
  assert_known_at (store, "192.0.2.10", 1003, "");
  assert_known_at (store, "192.0.2.11", 80, "dev1");
  assert_known_at (store, "192.0.2.10", 0, "dev2 dev3 dev4");
  assert_known_at (store, "192.0.2.10", 1004, "");
  assert_known_at (store, "lamp.local", 80, "lamp strip");
  assert_known_at (store, "lamp.local", 81, "");
  close_store (store);

  /* Read back */
  store = open_store (fixture->path);
  assert_known_at (store, "192.0.2.11", 0, "dev1");
  assert_known_at (store, "192.0.2.10", 1002, "dev2");
  assert_known_at (store, "LAMP.LOCAL", 80, "lamp strip");
  close_store (store);
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 3 && g_str_equal (argv[1], "--write-forever"))
    return write_forever (argv[2]);

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/store/default-path", test_default_path);
  g_test_add_func ("/store/key", test_key);
  g_test_add_func ("/store/split-host", test_split_host);
#define ADD(path, func) g_test_add ("/store/" path, Fixture, NULL, set_up, func, tear_down)
  ADD ("missing-file", test_missing_file);
  ADD ("round-trip", test_round_trip);
  ADD ("batched-atomic-writes", test_batched_atomic_writes);
  ADD ("concurrent-writes", test_concurrent_writes);
  ADD ("dispose-writes", test_dispose_writes);
  ADD ("corrupt-file", test_corrupt_file);
  ADD ("crafted-file", test_crafted_file);
  ADD ("wrong-shapes", test_wrong_shapes);
  ADD ("unreadable", test_unreadable);
  ADD ("rooms", test_rooms);
  ADD ("invalid-names", test_invalid_names);
  ADD ("known-devices", test_known_devices);
  ADD ("huge-reading", test_huge_reading);
  ADD ("address-change", test_address_change);
  ADD ("forget", test_forget);
  ADD ("other-writer", test_other_writer);
  ADD ("login-user", test_login_user);
  ADD ("login-user-forget", test_login_user_forget);
  ADD ("login-user-wrong-shapes", test_login_user_wrong_shapes);
  ADD ("two-writers", test_two_writers);
  ADD ("many-writers", test_many_writers);
  ADD ("newer-format", test_newer_format);
  ADD ("crafted-files", test_crafted_files);
  ADD ("kill-during-writes", test_kill_during_writes);
  ADD ("lock-held", test_lock_held);
  ADD ("remember-many", test_remember_many);
  ADD ("known-at", test_known_at);
#undef ADD

  return g_test_run ();
}
