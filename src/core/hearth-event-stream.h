/* hearth-event-stream.h: one Server-Sent Events stream from a device
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "hearth-types.h"

G_BEGIN_DECLS

#define HEARTH_TYPE_EVENT_STREAM (hearth_event_stream_get_type ())

G_DECLARE_FINAL_TYPE (HearthEventStream, hearth_event_stream, HEARTH, EVENT_STREAM, GObject)

/* GET @path_and_query ("/events", "/api/v1/x/events?id=1") from @queue's
 * device, with its scheme, address and certificate check */
HearthEventStream *hearth_event_stream_new          (HearthHttpQueue   *queue,
                                                     const char        *path_and_query);
HearthHttpQueue   *hearth_event_stream_get_queue    (HearthEventStream *self);
const char        *hearth_event_stream_get_path     (HearthEventStream *self);
/* Sent with every request of the stream */
void               hearth_event_stream_set_header   (HearthEventStream *self,
                                                     const char        *name,
                                                     const char        *value);
/* Caps (0: HEARTH_SSE_DEFAULT_MAX_LINE / _MAX_EVENT) */
void               hearth_event_stream_set_limits   (HearthEventStream *self,
                                                     gsize              max_line,
                                                     gsize              max_event);
/* No byte for @liveness_ms once open ends the stream (G_IO_ERROR_TIMED_OUT);
 * 0 (the default) waits for ever. Takes effect at once. */
void               hearth_event_stream_set_liveness (HearthEventStream *self,
                                                     guint              liveness_ms);
/* With @resume, every open sends the id of the last whole event as
 * Last-Event-ID (@last_event_id, when not NULL, where to start) */
void               hearth_event_stream_set_resume   (HearthEventStream *self,
                                                     gboolean           resume,
                                                     const char        *last_event_id);
const char        *hearth_event_stream_get_last_event_id (HearthEventStream *self);
/* Answers a 401 with this login (hearth-http-auth: Basic, or Digest),
 * once. Without a password that is HEARTH_ERROR_NEEDS_PASSWORD, a second
 * 401 (unless only the nonce went stale) HEARTH_ERROR_BAD_PASSWORD, a
 * challenge Hearth cannot answer HEARTH_ERROR_UNSUPPORTED. Without a login
 * (the default), a 401 is HEARTH_ERROR_HTTP_STATUS like any status. */
void               hearth_event_stream_set_login    (HearthEventStream *self,
                                                     const char        *username,
                                                     const char        *password);

/* Sends the request: "opened" once the headers are in (within the
 * session's deadline), "event" for every event, "closed" once when it
 * ends. Opening an open stream closes it first (silently). */
void               hearth_event_stream_open         (HearthEventStream *self,
                                                     GCancellable      *cancellable);
/* Ends it without "closed"; nothing is emitted after this */
void               hearth_event_stream_close        (HearthEventStream *self);
gboolean           hearth_event_stream_is_open      (HearthEventStream *self);
/* The status of the last answer (0: none) */
guint              hearth_event_stream_get_status   (HearthEventStream *self);
/* Monotonic time of the last bytes read (0: none yet) */
gint64             hearth_event_stream_get_last_read (HearthEventStream *self);

G_END_DECLS
