/* hearth-http-request.c: one request's life in a HearthHttpQueue
 *
 * A request holds its slot in the queue from when it starts until
 * libsoup is really done with it. It sends, answers a 401 (Basic or
 * Digest, hearth-http-auth.c) by reading the 401's body and retrying in
 * the same slot, and reads the answer up to the session's size cap.
 *
 * Each running request has a total deadline: libsoup's own timeout is per
 * read, so a device trickling one byte a second would never time out. The
 * deadline counts from when libsoup starts on the request's connection (a
 * new one, or one kept from an earlier request), not from when it was
 * handed to libsoup: while the session's connections are all taken (by
 * devices that hang, say) a request waits without being charged, within a
 * longer bound of its own. The deadline cancels an internal GCancellable;
 * the caller's cancellable, when it fires, does the same. Either way the
 * caller hears at once, and the slot frees itself when libsoup has wound
 * down.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "hearth-error.h"
#include "hearth-http.h"
#include "hearth-http-auth.h"
#include "hearth-http-queue-private.h"
#include "hearth-http-request.h"

/* A read asks for what the answer has left (its Content-Length), at most
 * this much: a read waiting on a slow device holds no more buffer than it
 * needs, whatever the number of devices waited on */
#define READ_CHUNK_SIZE          (16 * 1024)
/* Without a Content-Length (chunked, or until the connection closes) */
#define READ_UNKNOWN_SIZE        (4 * 1024)
/* A 401's body is read (so the connection can be reused), but only so much */
#define MAX_CHALLENGE_BODY_SIZE  (64 * 1024)
#define WEBSOCKET_MAX_PAYLOAD    (1024 * 1024)
#define WEBSOCKET_KEEPALIVE_S    30
/* How much longer than the deadline a request may wait for a connection */
#define CONNECTION_WAIT_FACTOR   3

static char *
format_duration (guint ms)
{
  if (ms < 1000)
    return g_strdup_printf ("%u ms", ms);
  if (ms % 1000 == 0)
    return g_strdup_printf ("%u s", ms / 1000);
  return g_strdup_printf ("%.1f s", ms / 1000.0);
}

/* Requests */

HearthHttpRequest *
hearth_http_request_ref (HearthHttpRequest *req)
{
  g_atomic_ref_count_inc (&req->ref_count);
  return req;
}

void
hearth_http_request_unref (HearthHttpRequest *req)
{
  if (!g_atomic_ref_count_dec (&req->ref_count))
    return;

  g_assert (req->task == NULL);
  g_assert (req->cancel_source == NULL);
  g_assert (req->deadline_source == NULL);
  g_assert (req->wait_source == NULL);

  g_clear_object (&req->queue);
  g_free (req->method);
  g_clear_pointer (&req->uri, g_uri_unref);
  g_clear_pointer (&req->body, g_bytes_unref);
  g_free (req->username);
  if (req->password != NULL)
    {
      memset (req->password, 0, strlen (req->password));
      g_free (req->password);
    }
  g_clear_object (&req->cancellable);
  g_clear_object (&req->msg);
  g_clear_object (&req->stream);
  g_clear_pointer (&req->buffer, g_byte_array_unref);
  g_free (req);
}

static void
clear_source (GSource **source)
{
  if (*source != NULL)
    {
      g_source_destroy (*source);
      g_clear_pointer (source, g_source_unref);
    }
}

/* Gives the caller its answer (once): @error, or @result freed with
 * @result_free. The caller's callback may run from here, so the queue's
 * state must be consistent before calling this. */
static G_DEFINE_QUARK (hearth-http-queue-status, status)

static void
request_complete (HearthHttpRequest *req,
                  GError            *error,
                  gpointer           result,
                  GDestroyNotify     result_free)
{
  g_autoptr(GTask) task = g_steal_pointer (&req->task);

  clear_source (&req->cancel_source);
  clear_source (&req->deadline_source);
  clear_source (&req->wait_source);

  if (task == NULL)
    {
      if (error != NULL)
        g_error_free (error);
      if (result != NULL)
        result_free (result);
      return;
    }

  /* For hearth_http_queue_get_status(): the status of the last answer */
  if (req->msg != NULL)
    g_object_set_qdata (G_OBJECT (task), status_quark (),
                        GUINT_TO_POINTER (soup_message_get_status (req->msg)));

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, result_free);
}

static void
request_complete_error (HearthHttpRequest *req,
                        GQuark             domain,
                        int                code,
                        const char        *format,
                        ...) G_GNUC_PRINTF (4, 5);

static void
request_complete_error (HearthHttpRequest *req,
                        GQuark             domain,
                        int                code,
                        const char        *format,
                        ...)
{
  va_list args;
  GError *error;

  va_start (args, format);
  error = g_error_new_valist (domain, code, format, args);
  va_end (args);

  request_complete (req, error, NULL, NULL);
}

/* libsoup is done with @req: free its slot for the next one, giving the
 * caller @error or @bytes if it is still waiting. */
static void
request_finish (HearthHttpRequest *req,
                GError            *error,
                GBytes            *bytes)
{
  g_autoptr(HearthHttpQueue) self = g_object_ref (req->queue);
  g_autoptr(HearthHttpRequest) hold = hearth_http_request_ref (req);

  g_clear_object (&req->stream);
  if (req->running)
    {
      req->running = FALSE;
      hearth_http_queue_release (self, req);
    }

  request_complete (req, error, bytes, (GDestroyNotify) g_bytes_unref);
  hearth_http_queue_pump (self);
}

/* Stops whatever libsoup is doing for @req, then finishes it */
static void
request_abort (HearthHttpRequest *req,
               GError            *error)
{
  g_cancellable_cancel (req->cancellable);
  request_finish (req, error, NULL);
}

static gboolean
request_deadline_cb (gpointer data)
{
  HearthHttpRequest *req = data;
  g_autofree char *label = hearth_http_queue_dup_label (req->queue);
  g_autofree char *duration = format_duration (req->deadline_ms);

  /* The caller hears now; the slot frees when libsoup has wound down */
  if (req->websocket)
    request_complete_error (req, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                            "%s did not accept a WebSocket within %s", label, duration);
  else
    request_complete_error (req, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                            "%s did not answer within %s", label, duration);
  g_cancellable_cancel (req->cancellable);

  return G_SOURCE_REMOVE;
}

void
hearth_http_request_cancel (HearthHttpRequest *req,
                            const char        *reason)
{
  g_autoptr(HearthHttpRequest) hold = hearth_http_request_ref (req);

  if (req->task == NULL)
    return;

  if (!req->running && !req->websocket)
    {
      /* Still queued: it never reached the device */
      if (hearth_http_queue_unqueue (req->queue, req))
        hearth_http_request_unref (req);
      request_complete_error (req, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s", reason);
      return;
    }

  request_complete_error (req, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s", reason);
  g_cancellable_cancel (req->cancellable);
}

static gboolean
request_caller_cancelled_cb (GCancellable *cancellable,
                             gpointer      data)
{
  hearth_http_request_cancel (data, "The request was cancelled");
  return G_SOURCE_REMOVE;
}

HearthHttpRequest *
hearth_http_request_new (HearthHttpQueue *self,
             GTask           *task,
             GCancellable    *cancellable)
{
  HearthHttpRequest *req = g_new0 (HearthHttpRequest, 1);

  g_atomic_ref_count_init (&req->ref_count);
  req->queue = g_object_ref (self);
  req->task = g_object_ref (task);
  req->cancellable = g_cancellable_new ();

  if (cancellable != NULL)
    {
      req->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (req->cancel_source,
                             G_SOURCE_FUNC (request_caller_cancelled_cb),
                             hearth_http_request_ref (req),
                             (GDestroyNotify) hearth_http_request_unref);
      g_source_attach (req->cancel_source, g_task_get_context (task));
    }

  return req;
}

static void
request_start_deadline (HearthHttpRequest *req)
{
  if (req->task == NULL || req->deadline_source != NULL)
    return;

  clear_source (&req->wait_source);
  req->deadline_ms = hearth_http_get_deadline_ms (hearth_http_queue_get_http (req->queue));
  req->deadline_source = g_timeout_source_new (req->deadline_ms);
  g_source_set_callback (req->deadline_source,
                         request_deadline_cb,
                         hearth_http_request_ref (req),
                         (GDestroyNotify) hearth_http_request_unref);
  g_source_attach (req->deadline_source, g_task_get_context (req->task));
}

static gboolean
request_wait_cb (gpointer data)
{
  HearthHttpRequest *req = data;
  g_autofree char *label = hearth_http_queue_dup_label (req->queue);
  g_autofree char *duration = format_duration (req->deadline_ms * CONNECTION_WAIT_FACTOR);

  request_complete_error (req, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                          "Hearth found no free connection for %s within %s: "
                          "too many devices do not answer",
                          label, duration);
  g_cancellable_cancel (req->cancellable);

  return G_SOURCE_REMOVE;
}

/* libsoup starts on a connection for @msg: a new one ("network-event"
 * comes first) or one kept alive ("starting") */
static void
on_message_network_event (SoupMessage        *msg,
                          GSocketClientEvent  event,
                          GIOStream          *connection,
                          gpointer            user_data)
{
  request_start_deadline (user_data);
}

static void
on_message_starting (SoupMessage *msg,
                     gpointer     user_data)
{
  request_start_deadline (user_data);
}

/* The deadline of the request sending @msg starts once @msg gets its
 * connection; until then it waits, CONNECTION_WAIT_FACTOR times as long
 * at most. Until libsoup has answered (send_cb, websocket_cb) the request
 * is held by the callback, so the handlers need no reference of theirs;
 * request_unwatch_connection() disconnects them there. */
static void
request_watch_connection (HearthHttpRequest *req,
                          SoupMessage       *msg)
{
  g_signal_connect (msg, "network-event", G_CALLBACK (on_message_network_event), req);
  g_signal_connect (msg, "starting", G_CALLBACK (on_message_starting), req);

  if (req->deadline_source != NULL || req->wait_source != NULL)
    return;

  req->deadline_ms = hearth_http_get_deadline_ms (hearth_http_queue_get_http (req->queue));
  req->wait_source = g_timeout_source_new ((guint) MIN ((guint64) req->deadline_ms * CONNECTION_WAIT_FACTOR,
                                                        G_MAXUINT));
  g_source_set_callback (req->wait_source,
                         request_wait_cb,
                         hearth_http_request_ref (req),
                         (GDestroyNotify) hearth_http_request_unref);
  g_source_attach (req->wait_source, g_task_get_context (req->task));
}

static void
request_unwatch_connection (HearthHttpRequest *req,
                            SoupMessage       *msg)
{
  if (msg != NULL)
    g_signal_handlers_disconnect_by_data (msg, req);
}

/* An I/O error from libsoup: the caller hears it unless it already heard
 * something (the deadline, a cancellation) */
static void
request_fail_io (HearthHttpRequest *req,
                 GError            *error,
                 gboolean           connecting)
{
  g_autofree char *label = hearth_http_queue_dup_label (req->queue);

  if (req->msg != NULL && g_object_get_data (G_OBJECT (req->msg), "hearth-certificate-refused"))
    {
      g_error_free (error);
      request_abort (req, hearth_http_queue_certificate_refused_error (req->queue));
      return;
    }

  if (req->task != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_prefix_error (&error, connecting ? "Could not reach %s: " : "The connection to %s failed: ", label);

  request_abort (req, error);
}

static void read_next_chunk (HearthHttpRequest *req);

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(HearthHttpRequest) req = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *label = NULL;
  gssize nread;
  gsize limit;

  nread = g_input_stream_read_finish (G_INPUT_STREAM (object), result, &error);
  g_byte_array_set_size (req->buffer, req->read_from + MAX (nread, 0));
  if (nread < 0)
    {
      request_fail_io (req, g_steal_pointer (&error), FALSE);
      return;
    }

  if (req->task == NULL)
    {
      request_abort (req, NULL);
      return;
    }

  if (nread == 0)
    {
      /* The whole body is here */
      g_clear_object (&req->stream);

      if (req->draining_401)
        {
          req->draining_401 = FALSE;
          g_byte_array_set_size (req->buffer, 0);
          hearth_http_request_send (req);
          return;
        }

      request_finish (req, NULL, g_byte_array_free_to_bytes (g_steal_pointer (&req->buffer)));
      return;
    }

  limit = hearth_http_get_max_body_size (hearth_http_queue_get_http (req->queue));
  if (req->draining_401)
    limit = MIN (limit, MAX_CHALLENGE_BODY_SIZE);

  if (req->buffer->len > limit)
    {
      g_autofree char *size = g_format_size_full (limit, G_FORMAT_SIZE_IEC_UNITS);

      label = hearth_http_queue_dup_label (req->queue);
      request_abort (req, g_error_new (HEARTH_ERROR, HEARTH_ERROR_TOO_LARGE,
                                       "The answer from %s is larger than %s", label, size));
      return;
    }

  read_next_chunk (req);
}

/* Reads into the request's own buffer: what the Content-Length says is
 * left (and a byte more to see the end), or a small chunk without one */
static void
read_next_chunk (HearthHttpRequest *req)
{
  gsize want = READ_UNKNOWN_SIZE;

  if (req->expected_length >= 0)
    want = CLAMP ((guint64) MAX (req->expected_length - (goffset) req->buffer->len, 0) + 1,
                  1, READ_CHUNK_SIZE);

  req->read_from = req->buffer->len;
  g_byte_array_set_size (req->buffer, req->read_from + want);
  g_input_stream_read_async (req->stream,
                             req->buffer->data + req->read_from,
                             want,
                             HEARTH_NETWORK_PRIORITY,
                             req->cancellable,
                             read_cb,
                             hearth_http_request_ref (req));
}

/* A 401: fail, or read the body and try again with the credentials */
static void
handle_unauthorized (HearthHttpRequest *req)
{
  HearthHttpQueue *self = req->queue;
  g_autofree char *label = hearth_http_queue_dup_label (self);
  SoupMessageHeaders *headers = soup_message_get_response_headers (req->msg);
  g_autoptr(HearthHttpChallenge) challenge = NULL;
  g_autoptr(GError) challenge_error = NULL;
  gboolean stale;
  gboolean any_challenge;

  challenge = hearth_http_challenge_parse (soup_message_headers_get_list (headers, "WWW-Authenticate"),
                                           &challenge_error);
  /* One we cannot read counts as one we do not know */
  any_challenge = challenge != NULL ||
                  !g_error_matches (challenge_error, HEARTH_ERROR, HEARTH_ERROR_NOT_FOUND);
  stale = challenge != NULL && challenge->stale;

  if (req->password == NULL)
    {
      request_abort (req, g_error_new (HEARTH_ERROR, HEARTH_ERROR_NEEDS_PASSWORD,
                                       "%s needs a password", label));
      return;
    }

  if (challenge == NULL && any_challenge)
    {
      request_abort (req, g_error_new (HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED,
                                       "%s asks for a kind of login Hearth does not know", label));
      return;
    }

  if (challenge == NULL && !req->sent_credentials)
    {
      request_abort (req, g_error_new (HEARTH_ERROR, HEARTH_ERROR_HTTP_STATUS,
                                       "%s answered 401 Unauthorized without saying how to log in",
                                       label));
      return;
    }

  /* Attempt 1 may go without credentials or with a remembered challenge;
   * attempt 2 answers a fresh challenge. A 401 to that is a refusal,
   * unless the server only says the nonce went stale in between. */
  if (challenge == NULL || req->attempts >= 3 || (req->attempts == 2 && !stale))
    {
      request_abort (req, g_error_new (HEARTH_ERROR, HEARTH_ERROR_BAD_PASSWORD,
                                       "The password for %s was refused", label));
      return;
    }

  hearth_http_queue_take_challenge (self, g_steal_pointer (&challenge));

  /* Read the 401's body so the connection stays usable, then retry in the
   * same slot */
  req->draining_401 = TRUE;
  read_next_chunk (req);
}

static void
send_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(HearthHttpRequest) req = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *label = NULL;
  SoupMessageHeaders *headers;
  guint status;

  request_unwatch_connection (req, req->msg);
  req->stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (req->stream == NULL)
    {
      request_fail_io (req, g_steal_pointer (&error), TRUE);
      return;
    }

  if (req->task == NULL)
    {
      request_abort (req, NULL);
      return;
    }

  headers = soup_message_get_response_headers (req->msg);
  req->expected_length = soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH ?
                         soup_message_headers_get_content_length (headers) : -1;

  if (!hearth_http_queue_certificate_acceptable (req->queue, req->msg))
    {
      request_abort (req, hearth_http_queue_certificate_refused_error (req->queue));
      return;
    }

  label = hearth_http_queue_dup_label (req->queue);
  status = soup_message_get_status (req->msg);

  if (status == SOUP_STATUS_UNAUTHORIZED)
    {
      handle_unauthorized (req);
      return;
    }

  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      const char *reason = soup_message_get_reason_phrase (req->msg);

      if (reason == NULL || *reason == '\0')
        reason = soup_status_get_phrase (status);

      request_abort (req, g_error_new (HEARTH_ERROR, HEARTH_ERROR_HTTP_STATUS,
                                       "%s answered %u %s", label, status,
                                       reason != NULL ? reason : ""));
      return;
    }

  if (req->expected_length > (goffset) hearth_http_get_max_body_size (hearth_http_queue_get_http (req->queue)))
    {
      g_autofree char *size = g_format_size_full (hearth_http_get_max_body_size (hearth_http_queue_get_http (req->queue)),
                                                     G_FORMAT_SIZE_IEC_UNITS);

      request_abort (req, g_error_new (HEARTH_ERROR, HEARTH_ERROR_TOO_LARGE,
                                       "The answer from %s is larger than %s", label, size));
      return;
    }

  read_next_chunk (req);
}

/* The request-target as libsoup sends it: path and query */
static char *
request_target (GUri *uri)
{
  const char *path = g_uri_get_path (uri);
  const char *query = g_uri_get_query (uri);

  if (path == NULL || *path == '\0')
    path = "/";

  if (query != NULL)
    return g_strdup_printf ("%s?%s", path, query);
  return g_strdup (path);
}

void
hearth_http_request_send (HearthHttpRequest *req)
{
  HearthHttpQueue *self = req->queue;
  SoupSession *session = hearth_http_queue_get_session (self);
  HearthHttpChallenge *challenge = hearth_http_queue_get_challenge (self);
  SoupMessageHeaders *headers;

  req->attempts++;
  req->sent_credentials = FALSE;
  g_clear_object (&req->msg);
  g_clear_object (&req->stream);
  if (req->buffer == NULL)
    req->buffer = g_byte_array_new ();

  req->msg = soup_message_new_from_uri (req->method, req->uri);
  hearth_http_queue_watch_message (self, req->msg, req->cancellable);
  request_watch_connection (req, req->msg);
  headers = soup_message_get_request_headers (req->msg);
  soup_message_headers_replace (headers, "Accept", "application/json");
  if (!hearth_http_queue_keeps_connection (self))
    soup_message_headers_replace (headers, "Connection", "close");
  if (req->body != NULL)
    soup_message_set_request_body_from_bytes (req->msg, "application/json", req->body);

  if (req->password != NULL && challenge != NULL)
    {
      g_autofree char *target = request_target (req->uri);
      g_autofree char *authorization = hearth_http_auth_answer (challenge,
                                                                req->method,
                                                                target,
                                                                req->username,
                                                                req->password);

      soup_message_headers_replace (headers, "Authorization", authorization);
      req->sent_credentials = TRUE;
    }

  soup_session_send_async (session,
                           req->msg,
                           HEARTH_NETWORK_PRIORITY,
                           req->cancellable,
                           send_cb,
                           hearth_http_request_ref (req));
}

static void
websocket_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(HearthHttpRequest) req = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupWebsocketConnection) connection = NULL;

  request_unwatch_connection (req, req->msg);
  connection = soup_session_websocket_connect_finish (SOUP_SESSION (object), result, &error);
  if (connection == NULL)
    {
      if (req->task != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *label = hearth_http_queue_dup_label (req->queue);

          g_prefix_error (&error, "Could not open a WebSocket to %s: ", label);
        }
      request_complete (req, g_steal_pointer (&error), NULL, NULL);
      return;
    }

  if (req->task == NULL)
    {
      /* Too late: the caller gave up (deadline or cancel) meanwhile */
      soup_websocket_connection_close (connection, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);
      return;
    }

  soup_websocket_connection_set_max_incoming_payload_size (connection, WEBSOCKET_MAX_PAYLOAD);
  soup_websocket_connection_set_keepalive_interval (connection, WEBSOCKET_KEEPALIVE_S);

  request_complete (req, NULL, g_steal_pointer (&connection), g_object_unref);
}


/* Opens @req's WebSocket (its msg set), within the deadline */
void
hearth_http_request_connect_websocket (HearthHttpRequest *req)
{
  HearthHttpQueue *self = req->queue;

  hearth_http_queue_watch_message (self, req->msg, req->cancellable);
  request_watch_connection (req, req->msg);

  soup_session_websocket_connect_async (hearth_http_queue_get_session (self),
                                        req->msg,
                                        NULL,
                                        NULL,
                                        HEARTH_NETWORK_PRIORITY,
                                        req->cancellable,
                                        websocket_cb,
                                        hearth_http_request_ref (req));
}

/* For hearth_http_queue_get_status() */
guint
hearth_http_request_get_status (GAsyncResult *result)
{
  return GPOINTER_TO_UINT (g_object_get_qdata (G_OBJECT (result), status_quark ()));
}
