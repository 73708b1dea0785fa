/* hearth-history.h: power readings over time, kept on disk
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For each reading (a device id and a control id): a value per minute for
 * the last 48 hours and, per hour for the last 90 days, the average of the
 * hour's minutes and its peak (with the minute it was reached). Both are
 * rings of a fixed size, so the file's size is bounded by the number of
 * readings. A minute's value is the average of what was recorded in it; a
 * minute with nothing recorded is a gap.
 *
 * The file (history.bin beside the store's file) is loaded at once and
 * written off the main thread a while after a change, atomically; a file
 * that cannot be read gives a warning and an empty history.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define HEARTH_TYPE_HISTORY (hearth_history_get_type ())

G_DECLARE_FINAL_TYPE (HearthHistory, hearth_history, HEARTH, HISTORY, GObject)

#define HEARTH_HISTORY_MINUTES        (48 * 60)
#define HEARTH_HISTORY_HOURS          (90 * 24)
/* At most this many readings are kept; more are not recorded */
#define HEARTH_HISTORY_MAX_SERIES     512

typedef enum
{
  HEARTH_HISTORY_MINUTE,
  HEARTH_HISTORY_HOUR,
} HearthHistoryResolution;

/* One point of a series: @time is the start of its minute or hour (Unix
 * seconds); @peak and @peak_time are the highest minute in it (for a
 * minute, its own value and time) */
typedef struct
{
  gint64 time;
  double value;
  double peak;
  gint64 peak_time;
} HearthHistoryPoint;

/* Now, in Unix seconds (tests set their own) */
typedef gint64 (*HearthHistoryClock) (gpointer user_data);

/* The history kept in the file at @path (NULL: none, in memory only) */
HearthHistory *hearth_history_new            (const char          *path);
/* history.bin in the folder of the store's file @store_path */
char          *hearth_history_path_for_store (const char          *store_path);
const char    *hearth_history_get_path       (HearthHistory       *self);
void           hearth_history_set_clock      (HearthHistory       *self,
                                              HearthHistoryClock   clock,
                                              gpointer             user_data);
gint64         hearth_history_now            (HearthHistory       *self);

/* Reads the file (a missing one is an empty history). FALSE with @error
 * when it cannot be read or is not a history: the history is empty then. */
gboolean       hearth_history_load           (HearthHistory       *self,
                                              GError             **error);
/* Reads history @data of a file; FALSE (and nothing kept) when it is not one */
gboolean       hearth_history_load_bytes     (HearthHistory       *self,
                                              GBytes              *data,
                                              GError             **error);
/* The file's bytes as they would be written now */
GBytes        *hearth_history_to_bytes       (HearthHistory       *self);
/* Writes the file now, on this thread (at exit); TRUE when nothing was to
 * be written */
gboolean       hearth_history_flush          (HearthHistory       *self,
                                              GError             **error);
/* Writes the file off the main thread @delay_s seconds after the first
 * change not written yet (0: a write per change, for tests) */
void           hearth_history_set_write_delay (HearthHistory      *self,
                                               guint               delay_s);
/* Number of writes of the file done (a test counts them) */
guint          hearth_history_get_writes     (HearthHistory       *self);

/* Records @value for the reading @control_id of @device_id at the clock's
 * now. NaN and infinities are not recorded. */
void           hearth_history_record         (HearthHistory       *self,
                                              const char          *device_id,
                                              const char          *control_id,
                                              double               value);
void           hearth_history_record_at      (HearthHistory       *self,
                                              const char          *device_id,
                                              const char          *control_id,
                                              double               value,
                                              gint64               time);
/* Forgets every reading of @device_id */
void           hearth_history_forget_device  (HearthHistory       *self,
                                              const char          *device_id);

/* The points of a reading from @since (Unix seconds) to now, oldest
 * first, gaps left out; an empty array when there are none */
GArray        *hearth_history_dup_series     (HearthHistory       *self,
                                              const char          *device_id,
                                              const char          *control_id,
                                              gint64               since,
                                              HearthHistoryResolution resolution);
/* The readings kept, as "DEVICE-ID\nCONTROL-ID" strings; transfer full */
GStrv          hearth_history_dup_keys       (HearthHistory       *self);

/* The summary of @points ("Average 42 W, peak 1.2 kW at 19:04"); NULL
 * when there are none */
char          *hearth_history_summarize      (const HearthHistoryPoint *points,
                                              guint                     n_points,
                                              const char               *unit);
/* A value of @unit ("W") as people read it: "42 W", "1.2 kW" */
char          *hearth_history_format_value   (double               value,
                                              const char          *unit);

G_END_DECLS
