/* test-store-format.c: the store file's format (hearth-store-format.c),
 * text ⇄ home, without a file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "hearth-store-format.h"
#include "hearth-test-utils.h"

static void
add_choices (HearthStoreContents *home,
             const char          *key,
             const char          *name,
             const char          *room,
             gboolean             favourite,
             gboolean             hidden)
{
  HearthStoreChoices *choices = g_new0 (HearthStoreChoices, 1);

  choices->name = g_strdup (name);
  choices->room = g_strdup (room);
  choices->favourite = favourite;
  choices->hidden = hidden;
  g_hash_table_insert (home->choices, g_strdup (key), choices);
}

static void
add_device (HearthStoreContents *home,
            const char          *json)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = hearth_json_parse (json, -1, &error);

  g_assert_no_error (error);
  hearth_store_contents_add_device (home, node);
}

/* A home with a bit of everything, built as a store would */
static void
make_home (HearthStoreContents *home)
{
  hearth_store_contents_init (home);
  g_ptr_array_add (home->rooms, g_strdup ("Kitchen"));
  g_ptr_array_add (home->rooms, g_strdup ("Living room"));
  g_ptr_array_add (home->hosts, g_strdup ("192.0.2.10"));
  g_ptr_array_add (home->hosts, g_strdup ("[2001:db8::1]:8080"));
  add_choices (home, "shelly-1/switch:0", "Kettle", "Kitchen", TRUE, FALSE);
  add_choices (home, "wled-2/main", NULL, "Living room", FALSE, TRUE);
  add_choices (home, "elgato-3/light", "Desk “lamp”", NULL, FALSE, FALSE);
  add_device (home, "{\"id\": \"shelly-1\", \"family\": \"shelly\", \"host\": \"192.0.2.10\", "
                    "\"port\": 80, \"controls\": [{\"id\": \"switch:0\", \"kind\": \"switch\"}]}");
  add_device (home, "{\"id\": \"wled-2\", \"family\": \"wled\"}");
  g_hash_table_insert (home->logins, g_strdup ("shelly-1"), g_strdup ("admin"));
}

static void
assert_same_home (const HearthStoreContents *a,
                  const HearthStoreContents *b)
{
  GHashTableIter iter;
  gpointer key;
  gpointer value;

  g_assert_cmpuint (g_hash_table_size (a->choices), ==, g_hash_table_size (b->choices));
  g_hash_table_iter_init (&iter, a->choices);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_assert_true (hearth_store_choices_equal (value, g_hash_table_lookup (b->choices, key)));
  g_assert_true (hearth_store_strv_equal (a->rooms, b->rooms));
  g_assert_true (hearth_store_strv_equal (a->hosts, b->hosts));
  g_assert_true (hearth_store_logins_equal (a->logins, b->logins));
  g_assert_cmpuint (a->devices->len, ==, b->devices->len);
  for (guint i = 0; i < a->devices->len; i++)
    g_assert_true (json_node_equal (g_ptr_array_index (a->devices, i), g_ptr_array_index (b->devices, i)));
}

static void
parse_ok (GBytes              *text,
          HearthStoreContents *contents,
          int                 *version)
{
  g_autoptr(GError) error = NULL;
  gsize length;
  const char *data = g_bytes_get_data (text, &length);

  g_assert_true (hearth_store_format_parse (data, length, contents, version, &error));
  g_assert_no_error (error);
}

/* Home → text → home is the same home, and the same home always gives the
 * same text, whatever order it was built in */
static void
test_round_trip (void)
{
  HearthStoreContents home = { 0 };
  HearthStoreContents read = { 0 };
  HearthStoreContents copy = { 0 };
  g_autoptr(GBytes) text = NULL;
  g_autoptr(GBytes) again = NULL;
  g_autoptr(GBytes) of_copy = NULL;
  int version = 0;

  make_home (&home);
  text = hearth_store_format_to_text (&home);
  parse_ok (text, &read, &version);
  g_assert_cmpint (version, ==, HEARTH_STORE_FORMAT_VERSION);
  assert_same_home (&home, &read);

  again = hearth_store_format_to_text (&read);
  g_assert_true (g_bytes_equal (text, again));

  hearth_store_contents_copy (&copy, &home);
  assert_same_home (&home, &copy);
  of_copy = hearth_store_format_to_text (&copy);
  g_assert_true (g_bytes_equal (text, of_copy));

  /* The file says its format */
  g_assert_nonnull (strstr (g_bytes_get_data (text, NULL), "\"version\" : 1"));

  hearth_store_contents_clear (&home);
  hearth_store_contents_clear (&read);
  hearth_store_contents_clear (&copy);
}

/* What a newer Hearth may add inside a known device's entry is kept as it
 * is; members of the file this version does not know are not */
static void
test_unknown_fields (void)
{
  const char *text =
    "{\"version\": 1, \"future\": {\"x\": 1},"
    " \"devices\": [{\"id\": \"hue-1\", \"family\": \"hue\", \"colour-space\": \"p3\","
    "                \"controls\": [], \"extra\": [1, 2]}],"
    " \"controls\": {\"hue-1/light\": {\"name\": \"Lamp\", \"sparkle\": true}}}";
  HearthStoreContents home = { 0 };
  HearthStoreContents read = { 0 };
  g_autoptr(GBytes) written = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *device;
  int version = 0;

  g_assert_true (hearth_store_format_parse (text, strlen (text), &home, &version, &error));
  g_assert_no_error (error);
  written = hearth_store_format_to_text (&home);
  parse_ok (written, &read, &version);

  g_assert_cmpuint (read.devices->len, ==, 1);
  device = json_node_get_object (g_ptr_array_index (read.devices, 0));
  g_assert_cmpstr (hearth_json_get_string (device, "colour-space", NULL), ==, "p3");
  g_assert_true (hearth_json_has (device, "extra", JSON_NODE_ARRAY));
  g_assert_cmpstr (((HearthStoreChoices *) g_hash_table_lookup (read.choices, "hue-1/light"))->name, ==, "Lamp");

  g_assert_null (strstr (g_bytes_get_data (written, NULL), "future"));
  g_assert_null (strstr (g_bytes_get_data (written, NULL), "sparkle"));

  hearth_store_contents_clear (&home);
  hearth_store_contents_clear (&read);
}

/* A file of a newer format is read as far as this version understands it,
 * and says which format it is (the file does not write it); one without a
 * version is of the first */
static void
test_newer_format (void)
{
  const char *newer = "{\"version\": 2, \"rooms\": [\"Attic\"], \"hosts\": [\"192.0.2.7\"],"
                      " \"rooms-v2\": {\"Attic\": {\"floor\": 3}}}";
  const char *unversioned = "{\"rooms\": [\"Attic\"]}";
  HearthStoreContents home = { 0 };
  g_autoptr(GError) error = NULL;
  int version = 0;

  g_assert_true (hearth_store_format_parse (newer, strlen (newer), &home, &version, &error));
  g_assert_no_error (error);
  g_assert_cmpint (version, ==, 2);
  g_assert_cmpint (version, >, HEARTH_STORE_FORMAT_VERSION);
  g_assert_cmpstrv ((const char * const *) hearth_store_strv_get (home.rooms),
                    ((const char * const []) { "Attic", NULL }));
  g_assert_cmpstrv ((const char * const *) hearth_store_strv_get (home.hosts),
                    ((const char * const []) { "192.0.2.7", NULL }));
  hearth_store_contents_clear (&home);

  g_assert_true (hearth_store_format_parse (unversioned, strlen (unversioned), &home, &version, &error));
  g_assert_cmpint (version, ==, HEARTH_STORE_FORMAT_VERSION);
  hearth_store_contents_clear (&home);
}

/* What people put in files: read as far as it makes sense */
static void
test_cleaned (void)
{
  const char *text =
    "{\"version\": 1,"
    " \"rooms\": [\"Kitchen\", \"KITCHEN\", \"  Hall \\n\", 7, \"\"],"
    " \"hosts\": [\"192.0.2.1\", \"192.0.2.1\", \"not a host!\", \"h:99999\", null],"
    " \"controls\": {\"a/1\": {\"room\": \"kitchen\"}, \"a/2\": {\"room\": \"Cellar\"},"
    "                \"a/3\": {}, \"nokey\": {\"name\": \"x\"}, \"a/4\": 5},"
    " \"devices\": [{\"id\": \"a\", \"family\": \"wled\"}, {\"id\": \"a\", \"family\": \"hue\"},"
    "               {\"id\": \"b/c\", \"family\": \"wled\"}, {\"id\": \"d\"}, 3],"
    " \"logins\": {\"a\": {\"user\": \"admin\"}, \"b\": {\"user\": \"two\\nlines\"},"
    "              \"c\": {\"user\": \"\"}, \"d/e\": {\"user\": \"x\"}, \"f\": \"admin\"}}";
  HearthStoreContents home = { 0 };
  g_autoptr(GError) error = NULL;
  int version = 0;

  g_assert_true (hearth_store_format_parse (text, strlen (text), &home, &version, &error));
  g_assert_no_error (error);

  /* Unique whatever the case, trimmed; a room in use joins the list, spelled as there */
  g_assert_cmpstrv ((const char * const *) hearth_store_strv_get (home.rooms),
                    ((const char * const []) { "Kitchen", "Hall", "Cellar", NULL }));
  g_assert_cmpstr (((HearthStoreChoices *) g_hash_table_lookup (home.choices, "a/1"))->room, ==, "Kitchen");
  /* Nothing chosen, no key, no object: no entry */
  g_assert_cmpuint (g_hash_table_size (home.choices), ==, 2);
  g_assert_cmpstrv ((const char * const *) hearth_store_strv_get (home.hosts),
                    ((const char * const []) { "192.0.2.1", NULL }));
  /* The first of an id; never one that cannot be in a key, nor without a family */
  g_assert_cmpuint (home.devices->len, ==, 1);
  g_assert_cmpstr (hearth_json_get_string (json_node_get_object (g_ptr_array_index (home.devices, 0)),
                                           "family", NULL), ==, "wled");
  g_assert_cmpuint (g_hash_table_size (home.logins), ==, 1);
  g_assert_cmpstr (g_hash_table_lookup (home.logins, "a"), ==, "admin");

  hearth_store_contents_clear (&home);
}

/* What cannot be read at all is an error, and the contents are left
 * untouched (nothing to clear) */
static void
test_unreadable (void)
{
  const struct
  {
    const char *text;
    const char *says;
  } cases[] = {
    { "", "empty" },
    { "{ not json", "not valid JSON" },
    { "/* */ {}", "not valid JSON" },
    { "[{\"version\": 1}]", "no JSON object" },
    { "{\"rooms\": [\"\xff\"]}", "not valid JSON" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      HearthStoreContents home = { 0 };
      g_autoptr(GError) error = NULL;
      int version = 0;

      g_assert_false (hearth_store_format_parse (cases[i].text, strlen (cases[i].text), &home, &version, &error));
      g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD);
      g_test_message ("case %u: %s", i, error->message);
      g_assert_nonnull (strstr (error->message, cases[i].says));
      /* Said of the file, which is no device's answer */
      g_assert_true (g_str_has_prefix (error->message, "it "));
      g_assert_null (home.choices);
      g_assert_null (home.rooms);
    }
}

/* More than any home: not even parsed */
static void
test_too_large (void)
{
  gsize length = 9 * 1024 * 1024;
  g_autofree char *text = g_malloc (length);
  HearthStoreContents home = { 0 };
  g_autoptr(GError) error = NULL;
  int version = 0;

  memset (text, ' ', length);
  memcpy (text, "{}", 2);
  g_assert_false (hearth_store_format_parse (text, length, &home, &version, &error));
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD);
  g_assert_nonnull (strstr (error->message, "larger than 8 MiB"));
}

/* The small checks the store's setters share with the parser */
static void
test_checks (void)
{
  g_autofree char *long_user = g_strnfill (257, 'u');
  g_autofree char *clean = NULL;

  clean = hearth_store_clean_text ("  Living\nroom\t ");
  g_assert_cmpstr (clean, ==, "Living room");
  g_assert_null (hearth_store_clean_text (" \n "));
  g_assert_null (hearth_store_clean_text ("\xff"));
  g_assert_null (hearth_store_clean_text (NULL));

  g_assert_true (hearth_store_valid_user ("admin"));
  g_assert_false (hearth_store_valid_user (""));
  g_assert_false (hearth_store_valid_user ("a\tb"));
  g_assert_false (hearth_store_valid_user (long_user));
  g_assert_true (hearth_store_valid_device_id ("shelly-1"));
  g_assert_false (hearth_store_valid_device_id ("a/b"));
  g_assert_false (hearth_store_valid_device_id (""));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store-format/round-trip", test_round_trip);
  g_test_add_func ("/store-format/unknown-fields", test_unknown_fields);
  g_test_add_func ("/store-format/newer-format", test_newer_format);
  g_test_add_func ("/store-format/cleaned", test_cleaned);
  g_test_add_func ("/store-format/unreadable", test_unreadable);
  g_test_add_func ("/store-format/too-large", test_too_large);
  g_test_add_func ("/store-format/checks", test_checks);

  return g_test_run ();
}
