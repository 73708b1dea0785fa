/* hearth-store-writer.c: one write of the store's file, under its lock
 *
 * What runs on the worker thread (or in a flush): take the lock every
 * writer of the file holds while it writes (flock on PATH.lock), read the
 * file again, put this process' changes over it (hearth-store-merge.c),
 * and write the result atomically (a new file, synced, renamed over the
 * old one). A file that cannot be read is kept aside as PATH.broken; one
 * of a newer format is left alone. The leftovers of a write cut short
 * (PATH.XXXXXX) are removed under the same lock.
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

#include "hearth-error.h"
#include "hearth-store-writer.h"

#define LOCK_WAIT_MS        5000  /* for another process' write to end */
#define LOCK_POLL_MS        10

/* Shared with the worker thread: the file and what this process put in it */
struct _HearthStoreWriter
{
  gatomicrefcount  ref;
  GMutex           mutex;
  char            *path;
  char            *lock_path;
  GHashTable      *written;   /* "KIND:item" → (guint64 *) generation of the value on disk */
};

HearthStoreWriter *
hearth_store_writer_new (const char *path)
{
  HearthStoreWriter *writer = g_new0 (HearthStoreWriter, 1);

  g_atomic_ref_count_init (&writer->ref);
  g_mutex_init (&writer->mutex);
  writer->path = g_strdup (path);
  writer->lock_path = g_strconcat (path, ".lock", NULL);
  writer->written = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return writer;
}

HearthStoreWriter *
hearth_store_writer_ref (HearthStoreWriter *writer)
{
  g_atomic_ref_count_inc (&writer->ref);
  return writer;
}

void
hearth_store_writer_unref (HearthStoreWriter *writer)
{
  if (!g_atomic_ref_count_dec (&writer->ref))
    return;
  g_mutex_clear (&writer->mutex);
  g_free (writer->path);
  g_free (writer->lock_path);
  g_hash_table_unref (writer->written);
  g_free (writer);
}

const char *
hearth_store_writer_get_path (HearthStoreWriter *writer)
{
  return writer->path;
}

/* Keeps an unreadable file aside as PATH.broken (or .broken.2, ...) */
char *
hearth_store_set_aside (const char  *path,
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

/* The merge under the lock: what it takes and gives is told in
 * hearth-store-writer.h */
gboolean
hearth_store_writer_write (HearthStoreWriter    *writer,
                           HearthStoreContents  *mine,
                           HearthStoreChanges   *changes,
                           guint64               generation,
                           HearthStoreContents  *merged,
                           GBytes              **text,
                           int                  *newer,
                           GError              **error)
{
  g_autofree char *folder = NULL;
  g_autofree char *old_text = NULL;
  g_autoptr(GError) read_error = NULL;
  g_autoptr(GBytes) new_text = NULL;
  gsize old_length = 0;
  int version = HEARTH_STORE_FORMAT_VERSION;
  int lock = -1;
  gboolean ok = FALSE;

  *merged = (HearthStoreContents) { 0 };
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
      hearth_store_contents_copy (merged, mine);
    }
  else if (!hearth_store_format_parse (old_text, old_length, merged, &version, &read_error))
    {
      g_autoptr(GError) aside_error = NULL;
      g_autofree char *aside = hearth_store_set_aside (writer->path, &aside_error);

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
      hearth_store_contents_copy (merged, mine);
    }
  else if (version > HEARTH_STORE_FORMAT_VERSION)
    {
      *newer = version;
      g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_FAILED,
                   _("%s was written by a newer version of Hearth (format %d), so nothing is saved over it"),
                   writer->path, version);
      goto out;
    }

  hearth_store_merge_changes (merged, mine, changes, writer->written, generation);
  hearth_store_contents_fix_rooms (merged);
  new_text = hearth_store_format_to_text (merged);

  if (old_text == NULL || g_bytes_get_size (new_text) != old_length ||
      memcmp (g_bytes_get_data (new_text, NULL), old_text, old_length) != 0)
    {
      if (!g_file_set_contents_full (writer->path,
                                     g_bytes_get_data (new_text, NULL), g_bytes_get_size (new_text),
                                     G_FILE_SET_CONTENTS_CONSISTENT, 0600, error))
        goto out;
    }

  hearth_store_note_written (writer->written, changes, generation);
  *text = g_steal_pointer (&new_text);
  ok = TRUE;

out:
  if (lock >= 0)
    close (lock);
  g_mutex_unlock (&writer->mutex);
  if (!ok)
    hearth_store_contents_clear (merged);
  return ok;
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
void
hearth_store_writer_remove_leftovers (HearthStoreWriter *writer)
{
  g_autofree char *folder = g_path_get_dirname (writer->path);
  g_autofree char *base = g_path_get_basename (writer->path);
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;
  int lock;

  if (dir == NULL)
    return;
  lock = take_lock (writer->lock_path, 0, NULL);
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
