/* hearth-store-file.c: the store's file on disk, written and read back
 *
 * The whole home is a few kilobytes of JSON: it lives in memory (the
 * store's), every change marks it dirty, and a write follows half a second
 * after the last change (at most five seconds after the first), done on a
 * worker thread: a new file in the same folder, synced, renamed over the
 * old one (g_file_set_contents_full).
 *
 * Other processes (hearthctl add, forget; another window) write the same
 * file, so no write is a snapshot of this process' memory: each one takes
 * an advisory lock (flock on PATH.lock, held only while writing, on the
 * worker thread), reads the file again, puts over it what this process
 * changed since it last read or wrote it, item by item (see
 * hearth_store_merge_changes()), renames the result over the file and lets
 * go of the lock. Every item this process changed carries the generation
 * it had then, and a write never puts back an older value of an item over
 * a newer one of this process, so a synchronous flush racing a worker
 * always leaves the latest state on disk. A file monitor reads other
 * processes' writes back, with the same merge.
 *
 * A write cut short (kill -9) leaves the old file whole, and its temporary
 * file (PATH.XXXXXX), which the next load removes. A file written by a
 * newer Hearth is read as far as this version understands it and never
 * written nor moved; one that cannot be read at all is kept aside as
 * PATH.broken.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>

#include <glib/gi18n.h>

#include "hearth-error.h"
#include "hearth-store-file.h"
#include "hearth-store-format.h"
#include "hearth-store-merge.h"
#include "hearth-store-writer.h"

#define WRITE_DELAY_MS      500
#define WRITE_MAX_DELAY_MS  5000
#define RETRY_DELAY_MS      5000
#define RELOAD_DELAY_MS     100
#define RECENT_WRITES       8

/* One write, handed to the worker thread */
typedef struct
{
  HearthStoreWriter   *writer;
  HearthStoreContents  mine;         /* this process' home when the write started */
  HearthStoreChanges  *changes;      /* what of it goes over the file */
  guint64              generation;
  guint64              sequence;     /* of this write among this process' */
  GWeakRef             file;
  /* The outcome */
  HearthStoreContents  merged;       /* what is on disk after it */
  GBytes              *text;
  int                  newer;        /* the file's format, when it is newer than ours */
} WriteJob;

struct _HearthStoreFile
{
  GObject              parent_instance;

  char                *path;
  HearthStoreWriter   *writer;
  HearthStoreContents *home;          /* the store's, borrowed; NULL once closed */

  /* Changed here and not written yet: wins over another process' write */
  HearthStoreChanges  *changes;
  HearthStoreChanges  *in_flight;     /* taken by the write under way on the worker */

  guint64              generation;    /* of the last change */
  guint64              saved;         /* the newest generation known to be on disk */
  guint64              sequence;      /* of the last write started */
  guint64              applied;       /* the sequence of the last write read back */
  guint                write_source;
  gint64               first_change;  /* monotonic time of the first unwritten change */
  gboolean             writing;
  gboolean             broken;        /* the file could not be set aside: never write over it */
  int                  newer_format;  /* the file's format, when newer than ours: never written */
  GQueue               recent;        /* checksums of what this process wrote or read */

  GFileMonitor        *monitor;
  guint                reload_source;
  GCancellable        *cancellable;
};

G_DEFINE_FINAL_TYPE (HearthStoreFile, hearth_store_file, G_TYPE_OBJECT)

enum
{
  READ,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void schedule_write (HearthStoreFile *self);

static void
write_job_free (gpointer data)
{
  WriteJob *job = data;

  hearth_store_writer_unref (job->writer);
  hearth_store_contents_clear (&job->mine);
  hearth_store_contents_clear (&job->merged);
  g_clear_pointer (&job->changes, hearth_store_changes_free);
  g_clear_pointer (&job->text, g_bytes_unref);
  g_weak_ref_clear (&job->file);
  g_free (job);
}

static char *
checksum (const char *text,
          gsize       length)
{
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) text, length);
}

/* Remembers that @text is this process' own (written or read), so that the
 * file monitor does not take it for another process' change. */
static void
note_own_text (HearthStoreFile *self,
               const char      *text,
               gsize            length)
{
  g_queue_push_head (&self->recent, checksum (text, length));
  while (g_queue_get_length (&self->recent) > RECENT_WRITES)
    g_free (g_queue_pop_tail (&self->recent));
}

static gboolean
is_own_text (HearthStoreFile *self,
             const char      *text,
             gsize            length)
{
  g_autofree char *sum = checksum (text, length);

  return g_queue_find_custom (&self->recent, sum, (GCompareFunc) g_strcmp0) != NULL;
}

/* Writing */

static void
write_in_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  WriteJob *job = task_data;
  GError *error = NULL;

  if (hearth_store_writer_write (job->writer, &job->mine, job->changes, job->generation,
                                 &job->merged, &job->text, &job->newer, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static gboolean
may_write (HearthStoreFile *self)
{
  return !self->broken && self->newer_format == 0;
}

static void on_write_timeout (gpointer user_data);

/* Hands @contents, read from the file, to the store (which takes what it
 * keeps of them). With @merge, what this process changed and did not
 * write yet (or is writing) is kept over @contents. */
static void
apply_contents (HearthStoreFile     *self,
                HearthStoreContents *contents,
                gboolean             merge)
{
  if (self->home == NULL)
    return;   /* closed */

  if (merge)
    {
      if (self->in_flight != NULL)
        hearth_store_merge_changes (contents, self->home, self->in_flight, NULL, 0);
      hearth_store_merge_changes (contents, self->home, self->changes, NULL, 0);
    }
  g_signal_emit (self, signals[READ], 0, contents);
}

/* After a write of @sequence landed: @merged (taken) is on disk, and
 * @text its text */
static void
written (HearthStoreFile     *self,
         guint64              sequence,
         guint64              generation,
         HearthStoreContents *merged,
         GBytes              *text)
{
  gsize length;
  const char *data = g_bytes_get_data (text, &length);

  note_own_text (self, data, length);
  self->saved = MAX (self->saved, generation);

  /* What another process wrote meanwhile is read back here, unless a
   * later write of this process did so already (or the store is going
   * away: nobody is to be told any more) */
  if (sequence > self->applied && !g_cancellable_is_cancelled (self->cancellable))
    {
      self->applied = sequence;
      apply_contents (self, merged, TRUE);
    }
}

static void
on_written (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  WriteJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(HearthStoreFile) self = g_weak_ref_get (&job->file);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    g_warning ("Could not save %s: %s", hearth_store_writer_get_path (job->writer), error->message);

  if (self == NULL)
    return;

  self->writing = FALSE;
  if (error != NULL)
    {
      /* What is in memory is still the truth: its changes go with the next
       * write, tried later. */
      hearth_store_changes_absorb (self->changes, self->in_flight);
      g_clear_pointer (&self->in_flight, hearth_store_changes_free);
      if (job->newer != 0)
        {
          self->newer_format = job->newer;
          return;
        }
      g_clear_handle_id (&self->write_source, g_source_remove);
      self->write_source = g_timeout_add_once (RETRY_DELAY_MS, on_write_timeout, self);
      return;
    }

  g_clear_pointer (&self->in_flight, hearth_store_changes_free);
  written (self, job->sequence, job->generation, &job->merged, job->text);
  if (self->generation > self->saved)
    schedule_write (self);
}

static void
start_write (HearthStoreFile *self)
{
  g_autoptr(GTask) task = NULL;
  WriteJob *job;

  g_assert (!self->writing);

  job = g_new0 (WriteJob, 1);
  job->writer = hearth_store_writer_ref (self->writer);
  hearth_store_contents_copy (&job->mine, self->home);
  job->generation = self->generation;
  job->sequence = ++self->sequence;
  g_weak_ref_init (&job->file, self);

  /* Changes made from now on go with the next write */
  self->in_flight = g_steal_pointer (&self->changes);
  self->changes = hearth_store_changes_new ();
  job->changes = hearth_store_changes_new ();
  hearth_store_changes_absorb (job->changes, self->in_flight);
  self->first_change = 0;
  self->writing = TRUE;

  /* No source object: the store may go away while the thread writes. */
  task = g_task_new (NULL, NULL, on_written, NULL);
  g_task_set_source_tag (task, start_write);
  g_task_set_task_data (task, job, write_job_free);
  g_task_run_in_thread (task, write_in_thread);
}

static void
on_write_timeout (gpointer user_data)
{
  HearthStoreFile *self = HEARTH_STORE_FILE (user_data);

  self->write_source = 0;
  if (!may_write (self) || self->generation <= self->saved)
    return;
  if (self->writing)
    return;   /* on_written() schedules the next one */
  start_write (self);
}

static void
schedule_write (HearthStoreFile *self)
{
  gint64 waited_ms;
  guint delay;

  if (!may_write (self) || self->writing)
    return;

  /* Half a second after the last change, but never more than a few
   * seconds after the first one. */
  waited_ms = self->first_change != 0 ? (g_get_monotonic_time () - self->first_change) / 1000 : 0;
  delay = waited_ms >= WRITE_MAX_DELAY_MS - WRITE_DELAY_MS ? 0 : WRITE_DELAY_MS;
  if (delay == 0 && self->write_source != 0)
    return;

  g_clear_handle_id (&self->write_source, g_source_remove);
  self->write_source = g_timeout_add_once (delay, on_write_timeout, self);
}

/* Reading */

static void
on_reloaded (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(HearthStoreFile) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  HearthStoreContents contents = { 0 };
  int version = HEARTH_STORE_FORMAT_VERSION;
  gsize length;

  if (!g_file_load_contents_finish (G_FILE (object), result, &text, &length, NULL, &error))
    {
      /* Gone (another process forgot everything, or is renaming): the
       * next change here writes it again. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Could not read %s back: %s", self->path, error->message);
      return;
    }

  if (is_own_text (self, text, length))
    return;

  if (!hearth_store_format_parse (text, length, &contents, &version, &error))
    {
      g_warning ("%s was changed by another program and cannot be read (%s); "
                 "it will be kept aside on the next change",
                 self->path, error->message);
      return;
    }

  g_debug ("%s was changed by another program: reading it back", self->path);
  note_own_text (self, text, length);
  apply_contents (self, &contents, TRUE);
  hearth_store_contents_clear (&contents);

  if (version > HEARTH_STORE_FORMAT_VERSION && self->newer_format == 0)
    {
      self->newer_format = version;
      g_warning ("%s was written by a newer version of Hearth (format %d): "
                 "changes made here are not saved any more", self->path, version);
      return;
    }

  /* What this process changed meanwhile goes back to the file. */
  if (self->generation > self->saved)
    schedule_write (self);
}

static void
on_reload_timeout (gpointer user_data)
{
  HearthStoreFile *self = HEARTH_STORE_FILE (user_data);
  g_autoptr(GFile) file = g_file_new_for_path (self->path);

  self->reload_source = 0;
  g_file_load_contents_async (file, self->cancellable, on_reloaded, g_object_ref (self));
}

static void
on_monitor_changed (HearthStoreFile   *self,
                    GFile             *file,
                    GFile             *other_file,
                    GFileMonitorEvent  event,
                    GFileMonitor      *monitor)
{
  switch (event)
    {
    case G_FILE_MONITOR_EVENT_CHANGES_DONE_HINT:
    case G_FILE_MONITOR_EVENT_CREATED:
    case G_FILE_MONITOR_EVENT_MOVED_IN:
    case G_FILE_MONITOR_EVENT_RENAMED:
    case G_FILE_MONITOR_EVENT_CHANGED:
      /* A burst of events for one write: read once, when it settled */
      g_clear_handle_id (&self->reload_source, g_source_remove);
      self->reload_source = g_timeout_add_once (RELOAD_DELAY_MS, on_reload_timeout, self);
      break;
    case G_FILE_MONITOR_EVENT_DELETED:
    case G_FILE_MONITOR_EVENT_ATTRIBUTE_CHANGED:
    case G_FILE_MONITOR_EVENT_PRE_UNMOUNT:
    case G_FILE_MONITOR_EVENT_UNMOUNTED:
    case G_FILE_MONITOR_EVENT_MOVED:
    case G_FILE_MONITOR_EVENT_MOVED_OUT:
    default:
      break;
    }
}

static void
start_monitor (HearthStoreFile *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = NULL;

  if (self->monitor != NULL)
    return;

  /* Watching needs the folder (else changes are only polled for) */
  folder = g_path_get_dirname (self->path);
  if (g_mkdir_with_parents (folder, 0700) != 0)
    g_debug ("Cannot create %s: %s", folder, g_strerror (errno));

  file = g_file_new_for_path (self->path);
  self->monitor = g_file_monitor_file (file, G_FILE_MONITOR_WATCH_MOVES, NULL, &error);
  if (self->monitor == NULL)
    {
      g_debug ("Cannot watch %s for changes by other programs: %s", self->path, error->message);
      return;
    }
  g_signal_connect_object (self->monitor, "changed", G_CALLBACK (on_monitor_changed), self,
                           G_CONNECT_SWAPPED);
}

/* GObject */

static void
hearth_store_file_dispose (GObject *object)
{
  HearthStoreFile *self = (HearthStoreFile *)object;

  if (self->home != NULL)
    hearth_store_file_close (self);

  G_OBJECT_CLASS (hearth_store_file_parent_class)->dispose (object);
}

static void
hearth_store_file_finalize (GObject *object)
{
  HearthStoreFile *self = (HearthStoreFile *)object;

  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->writer, hearth_store_writer_unref);
  g_clear_pointer (&self->changes, hearth_store_changes_free);
  g_clear_pointer (&self->in_flight, hearth_store_changes_free);
  g_queue_clear_full (&self->recent, g_free);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (hearth_store_file_parent_class)->finalize (object);
}

static void
hearth_store_file_class_init (HearthStoreFileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = hearth_store_file_dispose;
  object_class->finalize = hearth_store_file_finalize;

  /**
   * HearthStoreFile::read:
   * @contents: (type gpointer): the home as read from the file (with this
   *   process' unwritten changes over it); a handler takes what it keeps
   *
   * The file was read: loaded, read back after a write, or changed by
   * another process.
   */
  signals[READ] =
    g_signal_new ("read", G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_POINTER);
}

static void
hearth_store_file_init (HearthStoreFile *self)
{
  self->changes = hearth_store_changes_new ();
  self->cancellable = g_cancellable_new ();
  g_queue_init (&self->recent);
}

/* Public API */

/* @home: the store's home, which is written, and over which what is read
 * comes (through HearthStoreFile::read); it must outlive the file, or
 * hearth_store_file_close() be called before it goes */
HearthStoreFile *
hearth_store_file_new (const char          *path,
                       HearthStoreContents *home)
{
  HearthStoreFile *self;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (home != NULL, NULL);

  self = g_object_new (HEARTH_TYPE_STORE_FILE, NULL);
  self->path = g_strdup (path);
  self->writer = hearth_store_writer_new (path);
  self->home = home;
  return self;
}

/* Names an item this process changed (it goes over the file with the next
 * write); hearth_store_file_touch() after */
void
hearth_store_file_note_change (HearthStoreFile *self,
                               HearthStoreKind  kind,
                               const char      *item)
{
  g_return_if_fail (HEARTH_IS_STORE_FILE (self));
  g_return_if_fail (kind < HEARTH_STORE_N_KINDS);

  hearth_store_changes_add (self->changes->sets[kind], item);
}

/* Marks the home changed: written soon, on a worker thread. */
void
hearth_store_file_touch (HearthStoreFile *self)
{
  g_return_if_fail (HEARTH_IS_STORE_FILE (self));

  self->generation++;
  if (self->first_change == 0)
    self->first_change = g_get_monotonic_time ();
  schedule_write (self);
}

gboolean
hearth_store_file_load (HearthStoreFile  *self,
                        GError          **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GError) aside_error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *aside = NULL;
  HearthStoreContents contents = { 0 };
  int version = HEARTH_STORE_FORMAT_VERSION;
  gsize length = 0;

  g_return_val_if_fail (HEARTH_IS_STORE_FILE (self), FALSE);

  g_clear_handle_id (&self->write_source, g_source_remove);
  g_clear_pointer (&self->changes, hearth_store_changes_free);
  self->changes = hearth_store_changes_new ();
  self->broken = FALSE;
  self->newer_format = 0;

  hearth_store_writer_remove_leftovers (self->writer);

  if (g_file_get_contents (self->path, &text, &length, &local_error) &&
      hearth_store_format_parse (text, length, &contents, &version, &local_error))
    {
      note_own_text (self, text, length);
      apply_contents (self, &contents, FALSE);
      hearth_store_contents_clear (&contents);
      self->saved = self->generation;
      self->first_change = 0;
      start_monitor (self);
      if (version <= HEARTH_STORE_FORMAT_VERSION)
        return TRUE;

      /* Not ours to change, nor to move: a newer Hearth reads it as it is. */
      self->newer_format = version;
      g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED,
                   _("%s was written by a newer version of Hearth (format %d). What this "
                     "version understands of it is used, and the file is left as it is: "
                     "changes made here are not saved."),
                   self->path, version);
      return FALSE;
    }

  /* No file yet: an empty home. */
  hearth_store_contents_init (&contents);
  apply_contents (self, &contents, FALSE);
  hearth_store_contents_clear (&contents);
  self->saved = self->generation;
  self->first_change = 0;

  if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    {
      start_monitor (self);
      return TRUE;
    }

  /* Never overwritten silently: kept aside, or not written at all. */
  aside = hearth_store_set_aside (self->path, &aside_error);
  if (aside == NULL)
    {
      self->broken = TRUE;
      g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD,
                   _("Could not read %s (%s), nor keep it aside (%s). Hearth starts with an "
                     "empty home and will not save over that file."),
                   self->path, local_error->message, aside_error->message);
      return FALSE;
    }

  start_monitor (self);
  g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD,
               _("Could not read %s (%s). It was kept as %s, and Hearth starts with an empty home."),
               self->path, local_error->message, aside);
  return FALSE;
}

gboolean
hearth_store_file_flush (HearthStoreFile  *self,
                         GError          **error)
{
  g_autoptr(GBytes) text = NULL;
  g_autoptr(HearthStoreChanges) changes = NULL;
  HearthStoreContents mine = { 0 };
  HearthStoreContents merged = { 0 };
  guint64 sequence;
  int newer = 0;
  gboolean ok;

  g_return_val_if_fail (HEARTH_IS_STORE_FILE (self), FALSE);

  if (self->broken)
    {
      g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_FAILED,
                   _("%s could not be read nor kept aside, so nothing is saved over it"),
                   self->path);
      return FALSE;
    }
  if (self->newer_format != 0)
    {
      g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_FAILED,
                   _("%s was written by a newer version of Hearth (format %d), so nothing is saved over it"),
                   self->path, self->newer_format);
      return FALSE;
    }

  if (self->generation <= self->saved)
    return TRUE;

  /* Also what a write under way on the worker carries: it may not have
   * landed yet. Waits for that write, if it has begun, then writes. */
  g_clear_handle_id (&self->write_source, g_source_remove);
  changes = hearth_store_changes_new ();
  hearth_store_changes_absorb (changes, self->in_flight);
  hearth_store_changes_absorb (changes, self->changes);
  hearth_store_contents_copy (&mine, self->home);
  sequence = ++self->sequence;
  ok = hearth_store_writer_write (self->writer, &mine, changes, self->generation,
                                  &merged, &text, &newer, error);
  hearth_store_contents_clear (&mine);
  if (!ok)
    {
      self->newer_format = newer;
      return FALSE;
    }

  g_clear_pointer (&self->changes, hearth_store_changes_free);
  self->changes = hearth_store_changes_new ();
  self->first_change = 0;
  written (self, sequence, self->generation, &merged, text);
  hearth_store_contents_clear (&merged);
  return TRUE;
}

/* Stops watching and reading back, and writes what is left to write: the
 * store is going away (done on dispose too) */
void
hearth_store_file_close (HearthStoreFile *self)
{
  g_return_if_fail (HEARTH_IS_STORE_FILE (self));

  g_cancellable_cancel (self->cancellable);
  if (self->monitor != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->monitor, self);
      g_file_monitor_cancel (self->monitor);
      g_clear_object (&self->monitor);
    }
  g_clear_handle_id (&self->reload_source, g_source_remove);

  /* The last changes must not be lost at exit. */
  if (may_write (self) && self->generation > self->saved)
    {
      g_autoptr(GError) error = NULL;

      if (!hearth_store_file_flush (self, &error))
        g_warning ("Could not save %s: %s", self->path, error->message);
    }
  g_clear_handle_id (&self->write_source, g_source_remove);
  self->home = NULL;
}
