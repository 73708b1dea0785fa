/* fuzz-sse.c: the Server-Sent Events parser every event stream goes
 * through: the input as one chunk, then again split into small chunks at
 * places its first bytes choose, with small caps
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fuzz-common.h"
#include "hearth-sse-parser.h"

static gboolean
on_event (const char *type,
          const char *data,
          const char *id,
          gpointer    user_data)
{
  guint *n_events = user_data;

  g_assert (type != NULL && data != NULL);
  (*n_events)++;
  return *n_events < 1000;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(HearthSseParser) whole = hearth_sse_parser_new (0, 0);
  g_autoptr(HearthSseParser) pieces = hearth_sse_parser_new (64, 256);
  const char *text = (const char *) data;
  guint n_events = 0;
  gsize at = 0;

  (void) hearth_sse_parser_feed (whole, text, size, on_event, &n_events, NULL);

  n_events = 0;
  while (at < size)
    {
      gsize step = 1 + (guint8) text[at] % 7;

      step = MIN (step, size - at);
      if (!hearth_sse_parser_feed (pieces, text + at, step, on_event, &n_events, NULL))
        hearth_sse_parser_reset (pieces, NULL);
      at += step;
    }
  g_free (hearth_sse_parse_event_id (hearth_sse_parser_get_last_event_id (pieces)));

  return 0;
}
