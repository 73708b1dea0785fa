/* hearth-sse-parser.h: Server-Sent Events, bytes in, events out (pure)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Defaults: no device sends a longer line or a larger event */
#define HEARTH_SSE_DEFAULT_MAX_LINE  (64 * 1024)
#define HEARTH_SSE_DEFAULT_MAX_EVENT (256 * 1024)
/* An id: longer than this is ignored (it goes back as a header) */
#define HEARTH_SSE_MAX_EVENT_ID      256

typedef struct _HearthSseParser HearthSseParser;

/* One whole event: @type ("message" when the stream named none), @data
 * (its data: lines joined by "\n"; "" when it had none) and @id (the last
 * event id so far, or NULL). Return FALSE to stop feeding (the stream was
 * closed by what the event did). */
typedef gboolean (*HearthSseEventFunc) (const char *type,
                                        const char *data,
                                        const char *id,
                                        gpointer    user_data);

HearthSseParser *hearth_sse_parser_new             (gsize              max_line,
                                                    gsize              max_event);
void             hearth_sse_parser_free            (HearthSseParser   *self);
/* Forgets a half-read line and event; the last event id stays (@id, when
 * not NULL, replaces it: where a stream resumes) */
void             hearth_sse_parser_reset           (HearthSseParser   *self,
                                                    const char        *id);
/* Splits @data (any chunk of the stream: lines end in CR, LF or CRLF, also
 * across chunks) and calls @func for every event it completes. A line
 * longer than max_line, an event larger than max_event
 * (HEARTH_ERROR_TOO_LARGE), a line that is not UTF-8 or holds a NUL
 * (HEARTH_ERROR_BAD_PAYLOAD) end the stream: FALSE with @error, and the
 * parser is of no further use until reset. FALSE without @error when @func
 * stopped it. */
gboolean         hearth_sse_parser_feed            (HearthSseParser   *self,
                                                    const char        *data,
                                                    gsize              size,
                                                    HearthSseEventFunc func,
                                                    gpointer           user_data,
                                                    GError           **error);
/* The id of the last whole event (an id: line counts once its event is
 * whole, even without data), or NULL */
const char      *hearth_sse_parser_get_last_event_id (HearthSseParser *self);

/* The id an "id:" line's @value (after the colon) sets: "" forgets it;
 * NULL when the line must be ignored (not UTF-8, a control character,
 * longer than HEARTH_SSE_MAX_EVENT_ID) */
char            *hearth_sse_parse_event_id         (const char        *value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HearthSseParser, hearth_sse_parser_free)

G_END_DECLS
