/* hearth-http-request.h: one request's life in a HearthHttpQueue (inside
 * core: the queue's own business)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "hearth-http-queue.h"

G_BEGIN_DECLS

typedef struct _HearthHttpRequest HearthHttpRequest;

struct _HearthHttpRequest
{
  gatomicrefcount   ref_count;

  HearthHttpQueue  *queue;           /* strong */
  GTask            *task;            /* NULL once the caller has its answer */
  gboolean          websocket;

  char             *method;
  GUri             *uri;
  GBytes           *body;
  char             *username;
  char             *password;

  GCancellable     *cancellable;     /* internal: deadline, caller, dispose */
  GSource          *cancel_source;   /* watches the caller's cancellable */
  GSource          *deadline_source;
  GSource          *wait_source;     /* waiting for a connection */
  gboolean          running;
  guint             deadline_ms;
  guint             attempts;
  gboolean          sent_credentials;  /* in the current attempt */

  SoupMessage      *msg;
  GInputStream     *stream;
  GByteArray       *buffer;
  gsize             read_from;       /* where the pending read writes in buffer */
  goffset           expected_length; /* the answer's Content-Length, or -1 */
  gboolean          draining_401;
};

/* A request of @queue answering @task, cancelled with @cancellable too */
HearthHttpRequest *hearth_http_request_new              (HearthHttpQueue   *queue,
                                                         GTask             *task,
                                                         GCancellable      *cancellable);
HearthHttpRequest *hearth_http_request_ref              (HearthHttpRequest *req);
void               hearth_http_request_unref            (HearthHttpRequest *req);
/* Sends it (it has its slot): the first attempt */
void               hearth_http_request_send             (HearthHttpRequest *req);
/* Opens its WebSocket (req->msg set), within the deadline */
void               hearth_http_request_connect_websocket (HearthHttpRequest *req);
/* The caller hears G_IO_ERROR_CANCELLED with @reason now; a queued request
 * leaves the queue, a running one winds down */
void               hearth_http_request_cancel           (HearthHttpRequest *req,
                                                         const char        *reason);
/* The HTTP status a finished request's task was answered with, or 0 */
guint              hearth_http_request_get_status       (GAsyncResult      *result);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HearthHttpRequest, hearth_http_request_unref)

G_END_DECLS
