/* fuzz-history.c: the history of readings (history.bin), as it is loaded
 * at start: read, checked, kept or refused whole
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fuzz-common.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(HearthHistory) history = hearth_history_new (NULL);
  g_autoptr(GBytes) bytes = g_bytes_new_static (data, size);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) keys = NULL;
  gboolean loaded;

  loaded = hearth_history_load_bytes (history, bytes, &error);
  g_assert (loaded == (error == NULL));
  keys = hearth_history_dup_keys (history);
  g_assert (loaded || keys[0] == NULL);

  /* Whatever was read answers every question, and writes what reads back */
  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_auto(GStrv) ids = g_strsplit (keys[i], "\n", 2);

      g_assert (g_strv_length (ids) == 2);
      for (int resolution = HEARTH_HISTORY_MINUTE; resolution <= HEARTH_HISTORY_HOUR; resolution++)
        {
          g_autoptr(GArray) points = hearth_history_dup_series (history, ids[0], ids[1], 0, resolution);
          g_autofree char *summary = NULL;

          summary = hearth_history_summarize ((HearthHistoryPoint *) (void *) points->data,
                                              points->len, "W");
          g_assert (points->len == 0 || g_utf8_validate (summary, -1, NULL));
        }
      hearth_history_record (history, ids[0], ids[1], 1.0);
    }
  if (loaded)
    {
      g_autoptr(HearthHistory) again = hearth_history_new (NULL);
      g_autoptr(GBytes) written = hearth_history_to_bytes (history);

      g_assert (hearth_history_load_bytes (again, written, NULL));
    }
  return 0;
}
