/* hearth-history-private.h: what hearth-history.c and its file format
 * (hearth-history-format.c) share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "hearth-history.h"

G_BEGIN_DECLS

#define MAX_ID_LENGTH    255
#define NONE             ((gint64) -1)
/* A minute index after the year 10000 is taken for a broken file */
#define MAX_MINUTE       ((gint64) 5000000000)

/* One reading: a ring of minutes and a ring of hours */
typedef struct
{
  char   *device_id;
  char   *control_id;
  gint64  last_minute;        /* index of the newest minute, or NONE */
  double  minute_sum;         /* what the newest minute got so far */
  guint32 minute_count;
  gint64  last_hour;          /* index of the newest hour, or NONE */
  float   minutes[HEARTH_HISTORY_MINUTES];
  float   hour_average[HEARTH_HISTORY_HOURS];
  float   hour_peak[HEARTH_HISTORY_HOURS];
  guint8  hour_peak_minute[HEARTH_HISTORY_HOURS];
} Series;

Series     *_hearth_history_series_new   (const char  *device_id,
                                          const char  *control_id);
void        _hearth_history_series_free  (gpointer     data);
/* "DEVICE\nCONTROL" */
char       *_hearth_history_make_key     (const char  *device_id,
                                          const char  *control_id);

/* By device id, then control id (the file's order) */
int         _hearth_history_compare_series (gconstpointer a,
                                            gconstpointer b);

/* hearth-history-format.c: the file's bytes of @series (key → Series),
 * and the series (a new table) of a file's bytes, or NULL with @error */
GBytes     *_hearth_history_format_write (GHashTable  *series);
GHashTable *_hearth_history_format_read  (GBytes      *data,
                                          GError     **error);

G_END_DECLS
