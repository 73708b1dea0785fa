/* fuzz-replay.c: runs a fuzz target on files, without libFuzzer
 *
 * Each argument is a file or a folder of files; each file is one input.
 * A folder that does not exist is skipped.
 * Used by meson test to replay the seeds and every crash ever found, in
 * every build (gcc included).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fuzz-common.h"

static guint n_inputs;

static void
replay_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, &error))
    g_error ("%s", error->message);

  g_print ("# %s (%" G_GSIZE_FORMAT " bytes)\n", path, length);
  LLVMFuzzerTestOneInput ((const uint8_t *) contents, length);
  n_inputs++;
}

static void
replay (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return;   /* no crash found yet, say */

  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      replay_file (path);
      return;
    }

  dir = g_dir_open (path, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (name[0] != '.' && !g_str_equal (name, "README.md"))
        replay (child);
    }
}

int
main (int   argc,
      char *argv[])
{
  LLVMFuzzerInitialize (&argc, &argv);

  for (int i = 1; i < argc; i++)
    replay (argv[i]);

  g_print ("1..1\nok 1 - %u inputs replayed\n", n_inputs);
  return n_inputs > 0 ? 0 : 1;
}
