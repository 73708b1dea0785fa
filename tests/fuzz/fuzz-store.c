/* fuzz-store.c: the store file (home.json), loaded as at start-up: read,
 * checked, applied, or kept aside
 *
 * Goes through the file system (a private folder under $TMPDIR) so the
 * store is exercised exactly as when it starts; nothing of it is exposed
 * for this.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "fuzz-common.h"

static char *folder;
static char *path;
static char *aside;

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_autoptr(GError) error = NULL;

  fuzz_init ();
  folder = g_dir_make_tmp ("hearth-fuzz-store-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (folder, "home.json", NULL);
  aside = g_strconcat (path, ".broken", NULL);
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) devices = NULL;
  g_auto(GStrv) names = NULL;
  const char * const *rooms;
  const char * const *hosts;
  HearthStore *store;
  gboolean loaded;

  if (!g_file_set_contents (path, (const char *) data, size, &error))
    g_error ("%s", error->message);

  store = hearth_store_new (path);
  loaded = hearth_store_load (store, &error);
  g_assert (loaded == (error == NULL));

  /* Whatever was read answers every question */
  rooms = hearth_store_get_rooms (store);
  for (guint i = 0; rooms != NULL && rooms[i] != NULL; i++)
    g_assert (g_utf8_validate (rooms[i], -1, NULL));
  hosts = hearth_store_get_hosts (store);
  for (guint i = 0; hosts != NULL && hosts[i] != NULL; i++)
    {
      g_autofree char *host = NULL;
      guint16 port = 0;

      (void) hearth_store_split_host (hosts[i], &host, &port);
    }
  names = hearth_store_dup_scene_names (store);
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr(HearthScene) scene = hearth_store_dup_scene (store, names[i]);

      g_assert (scene != NULL && g_utf8_validate (names[i], -1, NULL));
      for (guint j = 0; j < hearth_scene_get_n_members (scene); j++)
        g_free (hearth_change_to_string (hearth_scene_get_change (scene, j)));
    }
  devices = hearth_store_dup_known_devices (store);
  for (guint i = 0; i < devices->len; i++)
    {
      const char *id = hearth_device_get_id (g_ptr_array_index (devices, i));

      (void) hearth_store_get_login_user (store, id);
      (void) hearth_store_get_name (store, id);
    }
  g_object_unref (store);

  /* An unreadable file was kept aside, never left in place */
  if (!loaded && !g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED))
    {
      g_assert (!g_file_test (path, G_FILE_TEST_EXISTS));
      g_assert (g_file_test (aside, G_FILE_TEST_EXISTS));
    }

  g_unlink (aside);
  g_unlink (path);
  return 0;
}
