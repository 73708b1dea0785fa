/* hearth-history-format.c: the history's file, written and read
 *
 * Little-endian: "HEARTHHI", a u32 version, a u32 number of series; then
 * per series its two ids (u16 length, UTF-8 bytes), i64 newest minute,
 * f64 sum and u32 count of what the newest minute got so far, i64 newest
 * hour, f32 minutes[MINUTES], f32 hour averages[HOURS], f32 hour
 * peaks[HOURS], u8 minute of the peak[HOURS]. Nothing else. What is read
 * is checked whole: any byte out of place refuses all of it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "hearth-history-private.h"

#define MAGIC            "HEARTHHI"
#define MAGIC_LENGTH     8
#define FORMAT_VERSION   1
#define SERIES_BYTES     (8 + 8 + 4 + 8 + HEARTH_HISTORY_MINUTES * 4 + HEARTH_HISTORY_HOURS * 9)

static void
put_u16 (GByteArray *out,
         guint16     value)
{
  value = GUINT16_TO_LE (value);
  g_byte_array_append (out, (const guint8 *) &value, 2);
}

static void
put_u32 (GByteArray *out,
         guint32     value)
{
  value = GUINT32_TO_LE (value);
  g_byte_array_append (out, (const guint8 *) &value, 4);
}

static void
put_u64 (GByteArray *out,
         guint64     value)
{
  value = GUINT64_TO_LE (value);
  g_byte_array_append (out, (const guint8 *) &value, 8);
}

static void
put_f32 (GByteArray *out,
         float       value)
{
  guint32 bits;

  memcpy (&bits, &value, 4);
  put_u32 (out, bits);
}

static void
put_f64 (GByteArray *out,
         double      value)
{
  guint64 bits;

  memcpy (&bits, &value, 8);
  put_u64 (out, bits);
}

static void
put_string (GByteArray *out,
            const char *text)
{
  gsize length = strlen (text);

  put_u16 (out, (guint16) length);
  g_byte_array_append (out, (const guint8 *) text, length);
}

GBytes *
_hearth_history_format_write (GHashTable *all_series)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new ();
  GByteArray *out;
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, all_series);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (all, value);
  g_ptr_array_sort (all, _hearth_history_compare_series);

  out = g_byte_array_sized_new (16 + all->len * (SERIES_BYTES + 64));
  g_byte_array_append (out, (const guint8 *) MAGIC, MAGIC_LENGTH);
  put_u32 (out, FORMAT_VERSION);
  put_u32 (out, all->len);
  for (guint i = 0; i < all->len; i++)
    {
      const Series *series = g_ptr_array_index (all, i);

      put_string (out, series->device_id);
      put_string (out, series->control_id);
      put_u64 (out, (guint64) series->last_minute);
      put_f64 (out, series->minute_sum);
      put_u32 (out, series->minute_count);
      put_u64 (out, (guint64) series->last_hour);
      for (guint j = 0; j < HEARTH_HISTORY_MINUTES; j++)
        put_f32 (out, series->minutes[j]);
      for (guint j = 0; j < HEARTH_HISTORY_HOURS; j++)
        put_f32 (out, series->hour_average[j]);
      for (guint j = 0; j < HEARTH_HISTORY_HOURS; j++)
        put_f32 (out, series->hour_peak[j]);
      g_byte_array_append (out, series->hour_peak_minute, HEARTH_HISTORY_HOURS);
    }
  return g_byte_array_free_to_bytes (out);
}

typedef struct
{
  const guint8 *data;
  gsize         left;
} Reader;

static gboolean
take (Reader  *reader,
      void    *to,
      gsize    length)
{
  if (reader->left < length)
    return FALSE;
  memcpy (to, reader->data, length);
  reader->data += length;
  reader->left -= length;
  return TRUE;
}

static gboolean
take_u32 (Reader  *reader,
          guint32 *value)
{
  if (!take (reader, value, 4))
    return FALSE;
  *value = GUINT32_FROM_LE (*value);
  return TRUE;
}

static gboolean
take_u64 (Reader  *reader,
          guint64 *value)
{
  if (!take (reader, value, 8))
    return FALSE;
  *value = GUINT64_FROM_LE (*value);
  return TRUE;
}

/* A value read: finite, or NaN for a gap */
static gboolean
take_f32 (Reader *reader,
          float  *value)
{
  guint32 bits;

  if (!take_u32 (reader, &bits))
    return FALSE;
  memcpy (value, &bits, 4);
  return !isinf (*value);
}

static char *
take_string (Reader *reader)
{
  guint16 length;
  char *text;

  if (!take (reader, &length, 2))
    return NULL;
  length = GUINT16_FROM_LE (length);
  if (length == 0 || length > MAX_ID_LENGTH || reader->left < length)
    return NULL;
  text = g_strndup ((const char *) reader->data, length);
  reader->data += length;
  reader->left -= length;
  if (strlen (text) != length || strchr (text, '\n') != NULL || !g_utf8_validate (text, -1, NULL))
    g_clear_pointer (&text, g_free);
  return text;
}

static Series *
take_series (Reader *reader)
{
  g_autofree char *device_id = take_string (reader);
  g_autofree char *control_id = device_id != NULL ? take_string (reader) : NULL;
  Series *series;
  guint64 last_minute, last_hour, sum_bits;
  guint32 count;

  if (control_id == NULL ||
      !take_u64 (reader, &last_minute) || !take_u64 (reader, &sum_bits) ||
      !take_u32 (reader, &count) || !take_u64 (reader, &last_hour))
    return NULL;

  series = _hearth_history_series_new (device_id, control_id);
  series->last_minute = (gint64) last_minute;
  memcpy (&series->minute_sum, &sum_bits, 8);
  series->minute_count = count;
  series->last_hour = (gint64) last_hour;

  /* Both none, or the newest hour is the newest minute's */
  if (series->last_minute == NONE
      ? (series->last_hour != NONE || count != 0)
      : (series->last_minute < 0 || series->last_minute > MAX_MINUTE ||
         series->last_hour != series->last_minute / 60 ||
         !isfinite (series->minute_sum) || count > G_MAXINT32))
    goto broken;

  for (guint i = 0; i < HEARTH_HISTORY_MINUTES; i++)
    if (!take_f32 (reader, &series->minutes[i]))
      goto broken;
  for (guint i = 0; i < HEARTH_HISTORY_HOURS; i++)
    if (!take_f32 (reader, &series->hour_average[i]))
      goto broken;
  for (guint i = 0; i < HEARTH_HISTORY_HOURS; i++)
    if (!take_f32 (reader, &series->hour_peak[i]))
      goto broken;
  if (!take (reader, series->hour_peak_minute, HEARTH_HISTORY_HOURS))
    goto broken;
  for (guint i = 0; i < HEARTH_HISTORY_HOURS; i++)
    if (series->hour_peak_minute[i] >= 60)
      goto broken;

  return series;

broken:
  _hearth_history_series_free (series);
  return NULL;
}

GHashTable *
_hearth_history_format_read (GBytes  *data,
                             GError **error)
{
  g_autoptr(GHashTable) loaded = NULL;
  Reader reader;
  char magic[MAGIC_LENGTH];
  guint32 version, n_series;

  reader.data = g_bytes_get_data (data, &reader.left);
  if (!take (&reader, magic, MAGIC_LENGTH) || memcmp (magic, MAGIC, MAGIC_LENGTH) != 0 ||
      !take_u32 (&reader, &version))
    {
      g_set_error_literal (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                           _("It is not a history of readings"));
      return NULL;
    }
  if (version != FORMAT_VERSION)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                   _("It is a history of readings of another format (%u)"), version);
      return NULL;
    }
  if (!take_u32 (&reader, &n_series) || n_series > HEARTH_HISTORY_MAX_SERIES)
    goto broken;

  loaded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, _hearth_history_series_free);
  for (guint32 i = 0; i < n_series; i++)
    {
      Series *series = take_series (&reader);
      char *key;

      if (series == NULL)
        goto broken;
      key = _hearth_history_make_key (series->device_id, series->control_id);
      if (g_hash_table_contains (loaded, key))
        {
          g_free (key);
          _hearth_history_series_free (series);
          goto broken;
        }
      g_hash_table_insert (loaded, key, series);
    }
  if (reader.left != 0)
    goto broken;

  return g_steal_pointer (&loaded);

broken:
  g_set_error_literal (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                       _("The history of readings is damaged"));
  return NULL;
}
