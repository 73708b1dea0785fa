/* hearth-history.c: power readings over time, kept on disk
 *
 * Each reading is a Series: a ring of minutes (the average of what was
 * recorded in each) and a ring of hours (the average of the hour's minutes,
 * its peak and the minute of the peak). A slot is found by its absolute
 * index (minutes or hours since 1970) modulo the ring's size; the newest
 * index written tells which slots are current, and slots skipped over are
 * cleared to NaN (a gap) as time moves on. The file's bytes are
 * hearth-history-format.c's; here they are written off the main thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "hearth-history-private.h"

#define DEFAULT_DELAY_S  300


struct _HearthHistory
{
  GObject             parent_instance;

  char               *path;
  HearthHistoryClock  clock;
  gpointer            clock_data;
  GHashTable         *series;      /* "DEVICE\nCONTROL" → Series */
  guint               write_delay_s;
  guint               write_source;
  guint64             generation;  /* of the changes, for the writes */
  GMutex             *write_mutex; /* shared with a write in flight */
  guint64            *written;     /* generation on disk, under write_mutex */
  gboolean            writing;
  gboolean            write_again;
  guint               writes;
};

G_DEFINE_FINAL_TYPE (HearthHistory, hearth_history, G_TYPE_OBJECT)

char *
_hearth_history_make_key (const char *device_id,
          const char *control_id)
{
  return g_strconcat (device_id, "\n", control_id, NULL);
}

void
_hearth_history_series_free (gpointer data)
{
  Series *series = data;

  g_free (series->device_id);
  g_free (series->control_id);
  g_free (series);
}

Series *
_hearth_history_series_new (const char *device_id,
            const char *control_id)
{
  Series *series = g_new (Series, 1);

  series->device_id = g_strdup (device_id);
  series->control_id = g_strdup (control_id);
  series->last_minute = NONE;
  series->minute_sum = 0;
  series->minute_count = 0;
  series->last_hour = NONE;
  for (guint i = 0; i < HEARTH_HISTORY_MINUTES; i++)
    series->minutes[i] = NAN;
  for (guint i = 0; i < HEARTH_HISTORY_HOURS; i++)
    {
      series->hour_average[i] = NAN;
      series->hour_peak[i] = NAN;
      series->hour_peak_minute[i] = 0;
    }
  return series;
}

static gint64
floor_div (gint64 a,
           gint64 b)
{
  return a >= 0 ? a / b : -((-a + b - 1) / b);
}

/* Whether minute @m is still in the ring */
static gboolean
minute_kept (const Series *series,
             gint64        m)
{
  return series->last_minute != NONE && m <= series->last_minute &&
         m > series->last_minute - HEARTH_HISTORY_MINUTES;
}

static gboolean
hour_kept (const Series *series,
           gint64        h)
{
  return series->last_hour != NONE && h <= series->last_hour &&
         h > series->last_hour - HEARTH_HISTORY_HOURS;
}

/* Moves the rings on to minute @m (newer than the newest), clearing the
 * slots skipped over */
static void
advance (Series *series,
         gint64  m)
{
  gint64 h = m / 60;
  gint64 from;

  from = series->last_minute == NONE ? m - HEARTH_HISTORY_MINUTES + 1
                                     : MAX (series->last_minute + 1, m - HEARTH_HISTORY_MINUTES + 1);
  for (gint64 i = from; i <= m; i++)
    series->minutes[i % HEARTH_HISTORY_MINUTES] = NAN;
  series->last_minute = m;
  series->minute_sum = 0;
  series->minute_count = 0;

  if (series->last_hour != NONE && h <= series->last_hour)
    return;
  from = series->last_hour == NONE ? h - HEARTH_HISTORY_HOURS + 1
                                   : MAX (series->last_hour + 1, h - HEARTH_HISTORY_HOURS + 1);
  for (gint64 i = from; i <= h; i++)
    {
      series->hour_average[i % HEARTH_HISTORY_HOURS] = NAN;
      series->hour_peak[i % HEARTH_HISTORY_HOURS] = NAN;
      series->hour_peak_minute[i % HEARTH_HISTORY_HOURS] = 0;
    }
  series->last_hour = h;
}

/* The newest hour again, from its minutes */
static void
update_hour (Series *series)
{
  gint64 h = series->last_hour;
  double sum = 0, peak = NAN;
  guint n = 0, peak_minute = 0;

  for (guint i = 0; i < 60; i++)
    {
      gint64 m = h * 60 + i;
      float value;

      if (!minute_kept (series, m))
        continue;
      value = series->minutes[m % HEARTH_HISTORY_MINUTES];
      if (isnan (value))
        continue;
      sum += value;
      n++;
      if (isnan (peak) || value > peak)
        {
          peak = value;
          peak_minute = i;
        }
    }

  series->hour_average[h % HEARTH_HISTORY_HOURS] = n > 0 ? (float) (sum / n) : NAN;
  series->hour_peak[h % HEARTH_HISTORY_HOURS] = (float) peak;
  series->hour_peak_minute[h % HEARTH_HISTORY_HOURS] = peak_minute;
}

int
_hearth_history_compare_series (gconstpointer a,
                                gconstpointer b)
{
  const Series *x = *(const Series * const *) a;
  const Series *y = *(const Series * const *) b;
  int by_device = strcmp (x->device_id, y->device_id);

  return by_device != 0 ? by_device : strcmp (x->control_id, y->control_id);
}

/* Writing */

typedef struct
{
  char    *path;
  GBytes  *bytes;
  guint64  generation;
  GMutex  *mutex;
  guint64 *written;
} WriteJob;

static void
write_job_free (gpointer data)
{
  WriteJob *job = data;

  g_free (job->path);
  g_bytes_unref (job->bytes);
  g_free (job);
}

/* On any thread: writes @job's bytes atomically unless a newer generation
 * is on disk already */
static gboolean
write_job_run (WriteJob  *job,
               GError   **error)
{
  g_autofree char *folder = g_path_get_dirname (job->path);
  gboolean ok = TRUE;

  g_mutex_lock (job->mutex);
  if (*job->written >= job->generation)
    goto out;
  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("Could not create the folder %s: %s"), folder, g_strerror (saved_errno));
      ok = FALSE;
      goto out;
    }
  ok = g_file_set_contents_full (job->path,
                                 g_bytes_get_data (job->bytes, NULL),
                                 g_bytes_get_size (job->bytes),
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
  if (ok)
    *job->written = job->generation;
out:
  g_mutex_unlock (job->mutex);
  return ok;
}

static WriteJob *
write_job_new (HearthHistory *self)
{
  WriteJob *job = g_new0 (WriteJob, 1);

  job->path = g_strdup (self->path);
  job->bytes = hearth_history_to_bytes (self);
  job->generation = self->generation;
  job->mutex = self->write_mutex;
  job->written = self->written;
  return job;
}

static void
write_in_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  GError *error = NULL;

  if (write_job_run (task_data, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void schedule_write (HearthHistory *self);

static void
on_write_done (GObject      *source_object,
               GAsyncResult *result,
               gpointer      user_data)
{
  HearthHistory *self = HEARTH_HISTORY (source_object);
  g_autoptr(GError) error = NULL;

  self->writing = FALSE;
  self->writes++;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    g_warning ("Could not keep the history of readings: %s", error->message);
  if (self->write_again)
    {
      self->write_again = FALSE;
      schedule_write (self);
    }
}

static gboolean
on_write_timeout (gpointer user_data)
{
  HearthHistory *self = user_data;
  g_autoptr(GTask) task = NULL;

  self->write_source = 0;
  if (self->writing)
    {
      self->write_again = TRUE;
      return G_SOURCE_REMOVE;
    }

  self->writing = TRUE;
  task = g_task_new (self, NULL, on_write_done, NULL);
  g_task_set_source_tag (task, on_write_timeout);
  g_task_set_task_data (task, write_job_new (self), write_job_free);
  g_task_run_in_thread (task, write_in_thread);
  return G_SOURCE_REMOVE;
}

static void
schedule_write (HearthHistory *self)
{
  if (self->path == NULL || self->write_source != 0)
    return;
  if (self->writing)
    {
      self->write_again = TRUE;
      return;
    }
  self->write_source = g_timeout_add_seconds (self->write_delay_s, on_write_timeout, self);
}

static void
changed (HearthHistory *self)
{
  self->generation++;
  schedule_write (self);
}

gboolean
hearth_history_flush (HearthHistory  *self,
                      GError        **error)
{
  WriteJob *job;
  gboolean ok;

  g_return_val_if_fail (HEARTH_IS_HISTORY (self), FALSE);

  g_clear_handle_id (&self->write_source, g_source_remove);
  if (self->path == NULL)
    return TRUE;
  g_mutex_lock (self->write_mutex);
  ok = *self->written >= self->generation;
  g_mutex_unlock (self->write_mutex);
  if (ok)
    return TRUE;

  job = write_job_new (self);
  ok = write_job_run (job, error);
  write_job_free (job);
  self->writes++;
  return ok;
}

void
hearth_history_set_write_delay (HearthHistory *self,
                                guint          delay_s)
{
  g_return_if_fail (HEARTH_IS_HISTORY (self));
  self->write_delay_s = delay_s;
}

guint
hearth_history_get_writes (HearthHistory *self)
{
  g_return_val_if_fail (HEARTH_IS_HISTORY (self), 0);
  return self->writes;
}


GBytes *
hearth_history_to_bytes (HearthHistory *self)
{
  g_return_val_if_fail (HEARTH_IS_HISTORY (self), NULL);
  return _hearth_history_format_write (self->series);
}

gboolean
hearth_history_load_bytes (HearthHistory  *self,
                           GBytes         *data,
                           GError        **error)
{
  GHashTable *loaded;

  g_return_val_if_fail (HEARTH_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (data != NULL, FALSE);

  loaded = _hearth_history_format_read (data, error);
  if (loaded == NULL)
    return FALSE;
  g_hash_table_unref (self->series);
  self->series = loaded;
  return TRUE;
}

gboolean
hearth_history_load (HearthHistory  *self,
                     GError        **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) data = NULL;
  g_autofree char *text = NULL;
  gsize length = 0;

  g_return_val_if_fail (HEARTH_IS_HISTORY (self), FALSE);

  g_hash_table_remove_all (self->series);
  if (self->path == NULL)
    return TRUE;
  if (!g_file_get_contents (self->path, &text, &length, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  data = g_bytes_new_take (g_steal_pointer (&text), length);
  if (!hearth_history_load_bytes (self, data, &local_error))
    {
      g_set_error (error, local_error->domain, local_error->code,
                   "%s: %s", self->path, local_error->message);
      return FALSE;
    }
  return TRUE;
}

/* Recording */

void
hearth_history_record_at (HearthHistory *self,
                          const char    *device_id,
                          const char    *control_id,
                          double         value,
                          gint64         time)
{
  g_autofree char *key = NULL;
  Series *series;
  gint64 m;

  g_return_if_fail (HEARTH_IS_HISTORY (self));
  g_return_if_fail (device_id != NULL && control_id != NULL);

  if (!isfinite (value) || time < 0 || floor_div (time, 60) > MAX_MINUTE ||
      *device_id == '\0' || *control_id == '\0' ||
      strlen (device_id) > MAX_ID_LENGTH || strlen (control_id) > MAX_ID_LENGTH ||
      strchr (device_id, '\n') != NULL || strchr (control_id, '\n') != NULL)
    return;

  key = _hearth_history_make_key (device_id, control_id);
  series = g_hash_table_lookup (self->series, key);
  if (series == NULL)
    {
      if (g_hash_table_size (self->series) >= HEARTH_HISTORY_MAX_SERIES)
        return;
      series = _hearth_history_series_new (device_id, control_id);
      g_hash_table_insert (self->series, g_steal_pointer (&key), series);
    }

  m = floor_div (time, 60);
  if (series->last_minute != NONE && m < series->last_minute)
    return;   /* the clock went back: what is kept stays */
  if (series->last_minute == NONE || m > series->last_minute)
    advance (series, m);

  series->minute_sum += value;
  series->minute_count++;
  series->minutes[m % HEARTH_HISTORY_MINUTES] = (float) (series->minute_sum / series->minute_count);
  update_hour (series);
  changed (self);
}

void
hearth_history_record (HearthHistory *self,
                       const char    *device_id,
                       const char    *control_id,
                       double         value)
{
  hearth_history_record_at (self, device_id, control_id, value, hearth_history_now (self));
}

void
hearth_history_forget_device (HearthHistory *self,
                              const char    *device_id)
{
  GHashTableIter iter;
  gpointer value;
  gboolean removed = FALSE;

  g_return_if_fail (HEARTH_IS_HISTORY (self));

  g_hash_table_iter_init (&iter, self->series);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Series *series = value;

      if (g_strcmp0 (series->device_id, device_id) == 0)
        {
          g_hash_table_iter_remove (&iter);
          removed = TRUE;
        }
    }
  if (removed)
    changed (self);
}

/* Reading */

GArray *
hearth_history_dup_series (HearthHistory           *self,
                           const char              *device_id,
                           const char              *control_id,
                           gint64                   since,
                           HearthHistoryResolution  resolution)
{
  GArray *points = g_array_new (FALSE, FALSE, sizeof (HearthHistoryPoint));
  g_autofree char *key = NULL;
  const Series *series;
  gint64 now;

  g_return_val_if_fail (HEARTH_IS_HISTORY (self), points);
  g_return_val_if_fail (device_id != NULL && control_id != NULL, points);

  key = _hearth_history_make_key (device_id, control_id);
  series = g_hash_table_lookup (self->series, key);
  if (series == NULL || series->last_minute == NONE)
    return points;
  now = hearth_history_now (self);

  if (resolution == HEARTH_HISTORY_MINUTE)
    {
      gint64 to = MIN (floor_div (now, 60), series->last_minute);

      for (gint64 m = MAX (floor_div (since, 60), series->last_minute - HEARTH_HISTORY_MINUTES + 1);
           m <= to; m++)
        {
          float value = series->minutes[m % HEARTH_HISTORY_MINUTES];
          HearthHistoryPoint point = { m * 60, value, value, m * 60 };

          if (m >= 0 && !isnan (value))
            g_array_append_val (points, point);
        }
    }
  else
    {
      gint64 to = MIN (floor_div (now, 3600), series->last_hour);

      for (gint64 h = MAX (floor_div (since, 3600), series->last_hour - HEARTH_HISTORY_HOURS + 1);
           h <= to; h++)
        {
          guint slot;
          HearthHistoryPoint point;

          if (h < 0 || !hour_kept (series, h))
            continue;
          slot = h % HEARTH_HISTORY_HOURS;
          if (isnan (series->hour_average[slot]))
            continue;
          point.time = h * 3600;
          point.value = series->hour_average[slot];
          point.peak = series->hour_peak[slot];
          point.peak_time = point.time + series->hour_peak_minute[slot] * 60;
          g_array_append_val (points, point);
        }
    }
  return points;
}

GStrv
hearth_history_dup_keys (HearthHistory *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GPtrArray) all = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer value;

  g_return_val_if_fail (HEARTH_IS_HISTORY (self), NULL);

  g_hash_table_iter_init (&iter, self->series);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (all, value);
  g_ptr_array_sort (all, _hearth_history_compare_series);
  for (guint i = 0; i < all->len; i++)
    {
      const Series *series = g_ptr_array_index (all, i);
      g_autofree char *key = _hearth_history_make_key (series->device_id, series->control_id);

      g_strv_builder_add (builder, key);
    }
  return g_strv_builder_end (builder);
}

/* Text */

char *
hearth_history_format_value (double      value,
                             const char *unit)
{
  if (unit == NULL || *unit == '\0')
    return g_strdup_printf ("%.1f", value);
  if (g_str_equal (unit, "W"))
    {
      if (fabs (value) >= 1e6)
        return g_strdup_printf (_("%.1f MW"), value / 1e6);
      if (fabs (value) >= 1000)
        return g_strdup_printf (_("%.1f kW"), value / 1000);
      /* A few watts with their tenths (2.5 W), whole ones beyond */
      if (fabs (value) < 10 && fabs (value - round (value)) >= 0.05)
        return g_strdup_printf (_("%.1f W"), value);
      return g_strdup_printf (_("%.0f W"), value);
    }
  return g_strdup_printf ("%.1f %s", value, unit);
}

char *
hearth_history_summarize (const HearthHistoryPoint *points,
                          guint                     n_points,
                          const char               *unit)
{
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *average_text = NULL;
  g_autofree char *peak_text = NULL;
  g_autofree char *time_text = NULL;
  double sum = 0;
  guint peak_index = 0;

  if (n_points == 0)
    return NULL;

  for (guint i = 0; i < n_points; i++)
    {
      sum += points[i].value;
      if (points[i].peak > points[peak_index].peak)
        peak_index = i;
    }

  average_text = hearth_history_format_value (sum / n_points, unit);
  peak_text = hearth_history_format_value (points[peak_index].peak, unit);
  when = g_date_time_new_from_unix_local (points[peak_index].peak_time);
  if (points[n_points - 1].time - points[0].time <= 24 * 3600)
    /* Translators: the time of a peak of power, as strftime() writes it */
    time_text = g_date_time_format (when, C_("history", "%H:%M"));
  else
    /* Translators: the day and time of a peak of power, as strftime() writes it */
    time_text = g_date_time_format (when, C_("history", "%b %-d, %H:%M"));

  /* Translators: the summary of a graph of power: "Average 42 W, peak 1.2 kW at 19:04" */
  return g_strdup_printf (_("Average %s, peak %s at %s"), average_text, peak_text, time_text);
}

/* GObject */

static gint64
real_clock (gpointer user_data)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

gint64
hearth_history_now (HearthHistory *self)
{
  g_return_val_if_fail (HEARTH_IS_HISTORY (self), 0);
  return self->clock (self->clock_data);
}

void
hearth_history_set_clock (HearthHistory      *self,
                          HearthHistoryClock  clock,
                          gpointer            user_data)
{
  g_return_if_fail (HEARTH_IS_HISTORY (self));
  self->clock = clock != NULL ? clock : real_clock;
  self->clock_data = clock != NULL ? user_data : NULL;
}

char *
hearth_history_path_for_store (const char *store_path)
{
  g_autofree char *folder = g_path_get_dirname (store_path);

  return g_build_filename (folder, "history.bin", NULL);
}

const char *
hearth_history_get_path (HearthHistory *self)
{
  g_return_val_if_fail (HEARTH_IS_HISTORY (self), NULL);
  return self->path;
}

HearthHistory *
hearth_history_new (const char *path)
{
  HearthHistory *self = g_object_new (HEARTH_TYPE_HISTORY, NULL);

  self->path = g_strdup (path);
  return self;
}

static void
hearth_history_finalize (GObject *object)
{
  HearthHistory *self = HEARTH_HISTORY (object);

  g_clear_handle_id (&self->write_source, g_source_remove);
  g_free (self->path);
  g_hash_table_unref (self->series);
  /* A write in flight holds the task, and so this object: none is left */
  g_mutex_clear (self->write_mutex);
  g_free (self->write_mutex);
  g_free (self->written);

  G_OBJECT_CLASS (hearth_history_parent_class)->finalize (object);
}

static void
hearth_history_class_init (HearthHistoryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hearth_history_finalize;
}

static void
hearth_history_init (HearthHistory *self)
{
  self->clock = real_clock;
  self->series = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, _hearth_history_series_free);
  self->write_delay_s = DEFAULT_DELAY_S;
  self->write_mutex = g_new0 (GMutex, 1);
  g_mutex_init (self->write_mutex);
  self->written = g_new0 (guint64, 1);
}
