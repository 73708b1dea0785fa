/* hearth-http.h: the HTTP sessions, and a request queue per device address
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "hearth-types.h"

G_BEGIN_DECLS

#define HEARTH_TYPE_HTTP (hearth_http_get_type ())

G_DECLARE_FINAL_TYPE (HearthHttp, hearth_http, HEARTH, HTTP, GObject)

/* Defaults: a request (connect, send, read the whole body) must end within
 * this many seconds from when it gets its connection, and a body may not
 * be larger than this. */
#define HEARTH_HTTP_DEFAULT_DEADLINE_SECONDS 10
#define HEARTH_HTTP_DEFAULT_MAX_BODY_SIZE    (2 * 1024 * 1024)

/* Its sessions open as many connections as the open-file limit allows:
 * call hearth_http_raise_file_limit() before. */
HearthHttp      *hearth_http_new               (void);
guint            hearth_http_get_deadline      (HearthHttp *self);
/* For tests and slow networks: the total deadline, in milliseconds */
void             hearth_http_set_deadline_ms   (HearthHttp *self,
                                                guint       deadline_ms);
guint            hearth_http_get_deadline_ms   (HearthHttp *self);
gsize            hearth_http_get_max_body_size (HearthHttp *self);
void             hearth_http_set_max_body_size (HearthHttp *self,
                                                gsize       max_body_size);
/* The queue of requests to @host:@port. Every caller asking for the same
 * address gets the same queue, so a device is never sent more than the
 * queue allows, whoever asks. Returns a new reference. An address keeps
 * its session (hearth_http_queue_get_session()) for the life of @self. */
HearthHttpQueue *hearth_http_get_queue         (HearthHttp *self,
                                                const char *host,
                                                guint16     port);

/* Every device keeps a connection open, most a WebSocket or an event
 * stream too: a home of several hundred devices passes the usual soft
 * limit of 1024 open files. Raises this process's soft limit to its hard
 * limit; call once, early in main(), before hearth_http_new(). */
void             hearth_http_raise_file_limit  (void);

G_END_DECLS
