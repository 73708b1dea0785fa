/* hearth-http-queue.c: requests to one device, one (or a few) at a time
 *
 * Every request to an address goes through its queue: first in, first out,
 * at most max-in-flight at once. A request leaves the queue when it starts
 * and holds its slot until libsoup is really done with it, so a device never
 * has more requests in flight than allowed, even when a caller gave up early.
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
 * A queue with a certificate check (a pinned bridge) checks the
 * certificate of every new connection as soon as its TLS handshake is
 * done, before the request is written: also when the handshake resumed an
 * earlier session, and no certificate was exchanged (then no
 * "accept-certificate" comes); and that of a kept connection when a
 * message starts on it. A refusal cancels the message there, before
 * libsoup writes it.
 *
 * Authentication is ours too (hearth-http-auth.c): Basic, or Digest
 * (RFC 7616) with MD5, SHA-256 or SHA-512-256, which libsoup cannot do.
 * The last challenge is remembered, so the next request answers it
 * straight away with the next nonce count instead of costing a 401 round
 * trip (Shelly firmware ≥ 2.0 accepts that); a 401 then falls back to a
 * fresh challenge. The retry runs in the same slot.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "hearth-error.h"
#include "hearth-http.h"
#include "hearth-http-auth.h"
#include "hearth-http-queue.h"
#include "hearth-json.h"

#define READ_CHUNK_SIZE          (16 * 1024)
/* A 401's body is read (so the connection can be reused), but only so much */
#define MAX_CHALLENGE_BODY_SIZE  (64 * 1024)
#define WEBSOCKET_MAX_PAYLOAD    (1024 * 1024)
#define WEBSOCKET_KEEPALIVE_S    30
/* How much longer than the deadline a request may wait for a connection */
#define CONNECTION_WAIT_FACTOR   3
#define DEFAULT_USERNAME         "admin"

typedef struct
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
  gboolean          draining_401;
} Request;

struct _HearthHttpQueue
{
  GObject     parent_instance;

  HearthHttp *http;
  char       *host;
  guint16     port;
  char       *scheme;
  guint       max_in_flight;

  GQueue      pending;               /* Request*, owned */
  GPtrArray  *running;               /* Request*, owned */
  gboolean    disposed;

  HearthHttpChallenge *challenge;    /* the last one seen, for reuse */

  gboolean                    close_connections;
  HearthHttpCertificateCheck  certificate_check;
  gpointer                    certificate_data;
  GDestroyNotify              certificate_destroy;
};

G_DEFINE_FINAL_TYPE (HearthHttpQueue, hearth_http_queue, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_HTTP,
  PROP_HOST,
  PROP_PORT,
  PROP_SCHEME,
  PROP_MAX_IN_FLIGHT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void request_send_attempt (Request *req);

/* Names */

static guint16
default_port (const char *scheme)
{
  if (g_strcmp0 (scheme, "https") == 0 || g_strcmp0 (scheme, "wss") == 0)
    return 443;
  return 80;
}

/* How a person recognises the device: "192.0.2.4", "192.0.2.4:8080", "[fe80::1]:8080" */
static char *
queue_label (HearthHttpQueue *self)
{
  if (self->port == default_port (self->scheme))
    return g_strdup (self->host);
  if (strchr (self->host, ':') != NULL)
    return g_strdup_printf ("[%s]:%u", self->host, self->port);
  return g_strdup_printf ("%s:%u", self->host, self->port);
}

static char *
format_duration (guint ms)
{
  if (ms < 1000)
    return g_strdup_printf ("%u ms", ms);
  if (ms % 1000 == 0)
    return g_strdup_printf ("%u s", ms / 1000);
  return g_strdup_printf ("%.1f s", ms / 1000.0);
}

/* Escapes what may not appear in a path or query, keeping existing escapes */
static char *
escape_part (const char *part)
{
  return g_uri_escape_string (part, "!$&'()*+,;=:@/?%", FALSE);
}

/* Requests */

static Request *
request_ref (Request *req)
{
  g_atomic_ref_count_inc (&req->ref_count);
  return req;
}

static void
request_unref (Request *req)
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

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Request, request_unref)

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
request_complete (Request        *req,
                  GError         *error,
                  gpointer        result,
                  GDestroyNotify  result_free)
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
request_complete_error (Request    *req,
                        GQuark      domain,
                        int         code,
                        const char *format,
                        ...) G_GNUC_PRINTF (4, 5);

static void
request_complete_error (Request    *req,
                        GQuark      domain,
                        int         code,
                        const char *format,
                        ...)
{
  va_list args;
  GError *error;

  va_start (args, format);
  error = g_error_new_valist (domain, code, format, args);
  va_end (args);

  request_complete (req, error, NULL, NULL);
}

static void
queue_pump (HearthHttpQueue *self)
{
  /* Keep going until the slots are full: starting a request never
   * completes it synchronously, so this cannot recurse. */
  while (!self->disposed &&
         self->running->len < self->max_in_flight &&
         !g_queue_is_empty (&self->pending))
    {
      Request *req = g_queue_pop_head (&self->pending);

      g_ptr_array_add (self->running, req);
      req->running = TRUE;
      request_send_attempt (req);
    }
}

/* libsoup is done with @req: free its slot for the next one, giving the
 * caller @error or @bytes if it is still waiting. */
static void
request_finish (Request *req,
                GError  *error,
                GBytes  *bytes)
{
  g_autoptr(HearthHttpQueue) self = g_object_ref (req->queue);
  g_autoptr(Request) hold = request_ref (req);

  g_clear_object (&req->stream);
  if (req->running)
    {
      req->running = FALSE;
      g_ptr_array_remove (self->running, req);
    }

  request_complete (req, error, bytes, (GDestroyNotify) g_bytes_unref);
  queue_pump (self);
}

/* Stops whatever libsoup is doing for @req, then finishes it */
static void
request_abort (Request *req,
               GError  *error)
{
  g_cancellable_cancel (req->cancellable);
  request_finish (req, error, NULL);
}

static gboolean
request_deadline_cb (gpointer data)
{
  Request *req = data;
  g_autofree char *label = queue_label (req->queue);
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

static void
request_cancel (Request    *req,
                const char *reason)
{
  g_autoptr(Request) hold = request_ref (req);

  if (req->task == NULL)
    return;

  if (!req->running && !req->websocket)
    {
      /* Still queued: it never reached the device */
      if (g_queue_remove (&req->queue->pending, req))
        request_unref (req);
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
  request_cancel (data, "The request was cancelled");
  return G_SOURCE_REMOVE;
}

static Request *
request_new (HearthHttpQueue *self,
             GTask           *task,
             GCancellable    *cancellable)
{
  Request *req = g_new0 (Request, 1);

  g_atomic_ref_count_init (&req->ref_count);
  req->queue = g_object_ref (self);
  req->task = g_object_ref (task);
  req->cancellable = g_cancellable_new ();

  if (cancellable != NULL)
    {
      req->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (req->cancel_source,
                             G_SOURCE_FUNC (request_caller_cancelled_cb),
                             request_ref (req),
                             (GDestroyNotify) request_unref);
      g_source_attach (req->cancel_source, g_task_get_context (task));
    }

  return req;
}

static void
request_start_deadline (Request *req)
{
  if (req->task == NULL || req->deadline_source != NULL)
    return;

  clear_source (&req->wait_source);
  req->deadline_ms = hearth_http_get_deadline_ms (req->queue->http);
  req->deadline_source = g_timeout_source_new (req->deadline_ms);
  g_source_set_callback (req->deadline_source,
                         request_deadline_cb,
                         request_ref (req),
                         (GDestroyNotify) request_unref);
  g_source_attach (req->deadline_source, g_task_get_context (req->task));
}

static gboolean
request_wait_cb (gpointer data)
{
  Request *req = data;
  g_autofree char *label = queue_label (req->queue);
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
request_watch_connection (Request     *req,
                          SoupMessage *msg)
{
  g_signal_connect (msg, "network-event", G_CALLBACK (on_message_network_event), req);
  g_signal_connect (msg, "starting", G_CALLBACK (on_message_starting), req);

  if (req->deadline_source != NULL || req->wait_source != NULL)
    return;

  req->deadline_ms = hearth_http_get_deadline_ms (req->queue->http);
  req->wait_source = g_timeout_source_new ((guint) MIN ((guint64) req->deadline_ms * CONNECTION_WAIT_FACTOR,
                                                        G_MAXUINT));
  g_source_set_callback (req->wait_source,
                         request_wait_cb,
                         request_ref (req),
                         (GDestroyNotify) request_unref);
  g_source_attach (req->wait_source, g_task_get_context (req->task));
}

static void
request_unwatch_connection (Request     *req,
                            SoupMessage *msg)
{
  if (msg != NULL)
    g_signal_handlers_disconnect_by_data (msg, req);
}

/* Certificates */

static gboolean
on_accept_certificate (SoupMessage          *msg,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       gpointer              user_data)
{
  HearthHttpQueue *self = user_data;

  /* Without a check: what libsoup would do anyway */
  if (self->certificate_check == NULL)
    return FALSE;

  if (self->certificate_check (self, certificate, errors, self->certificate_data))
    return TRUE;

  g_object_set_data (G_OBJECT (msg), "hearth-certificate-refused", GINT_TO_POINTER (TRUE));
  return FALSE;
}

/* Also for a certificate that a CA vouched for, or that came with a
 * connection reused from an earlier request: TRUE when the check (if any)
 * takes it. */
static gboolean
certificate_acceptable (HearthHttpQueue *self,
                        SoupMessage     *msg)
{
  GTlsCertificate *peer;

  if (self->certificate_check == NULL)
    return TRUE;
  if (g_strcmp0 (g_uri_get_scheme (soup_message_get_uri (msg)), "https") != 0)
    return TRUE;

  peer = soup_message_get_tls_peer_certificate (msg);
  if (peer == NULL ||
      !self->certificate_check (self, peer, soup_message_get_tls_peer_certificate_errors (msg),
                                self->certificate_data))
    {
      g_object_set_data (G_OBJECT (msg), "hearth-certificate-refused", GINT_TO_POINTER (TRUE));
      return FALSE;
    }

  return TRUE;
}

/* A message sent with a queue's certificate check: refused before a byte
 * of it is written */
typedef struct
{
  GWeakRef      queue;           /* the message must not keep it alive */
  GCancellable *cancellable;     /* the one the message is sent with */
} Watch;

static void
watch_free (Watch *watch)
{
  g_weak_ref_clear (&watch->queue);
  g_object_unref (watch->cancellable);
  g_free (watch);
}

static void
watch_refuse (Watch       *watch,
              SoupMessage *msg)
{
  g_object_set_data (G_OBJECT (msg), "hearth-certificate-refused", GINT_TO_POINTER (TRUE));
  /* libsoup writes nothing with a cancelled cancellable */
  g_cancellable_cancel (watch->cancellable);
}

/* A new connection's TLS handshake is done, the request not written yet:
 * the certificate the connection ended up with decides, also when the
 * handshake resumed an earlier session (no "accept-certificate" then), and
 * when there is none to see */
static void
on_watched_network_event (SoupMessage        *msg,
                          GSocketClientEvent  event,
                          GIOStream          *connection,
                          gpointer            user_data)
{
  Watch *watch = user_data;
  g_autoptr(HearthHttpQueue) self = NULL;
  GTlsCertificate *peer = NULL;
  GTlsCertificateFlags errors = 0;

  if (event != G_SOCKET_CLIENT_TLS_HANDSHAKED)
    return;

  /* Without its queue, nothing of the message should go out either */
  self = g_weak_ref_get (&watch->queue);
  if (self == NULL)
    {
      watch_refuse (watch, msg);
      return;
    }
  if (self->certificate_check == NULL)
    return;

  if (G_IS_TLS_CONNECTION (connection))
    {
      peer = g_tls_connection_get_peer_certificate (G_TLS_CONNECTION (connection));
      errors = g_tls_connection_get_peer_certificate_errors (G_TLS_CONNECTION (connection));
    }

  if (peer == NULL || !self->certificate_check (self, peer, errors, self->certificate_data))
    watch_refuse (watch, msg);
}

/* The message is about to be written on its connection, new or kept from
 * an earlier request (checked when it was made, but perhaps against
 * another pin) */
static void
on_watched_starting (SoupMessage *msg,
                     gpointer     user_data)
{
  Watch *watch = user_data;
  g_autoptr(HearthHttpQueue) self = g_weak_ref_get (&watch->queue);

  if (self == NULL || !certificate_acceptable (self, msg))
    watch_refuse (watch, msg);
}

static GError *
certificate_refused_error (HearthHttpQueue *self)
{
  g_autofree char *label = queue_label (self);

  return g_error_new (G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE,
                      "%s presented a certificate that is not the one expected for it", label);
}

/* An I/O error from libsoup: the caller hears it unless it already heard
 * something (the deadline, a cancellation) */
static void
request_fail_io (Request *req,
                 GError  *error,
                 gboolean connecting)
{
  g_autofree char *label = queue_label (req->queue);

  if (req->msg != NULL && g_object_get_data (G_OBJECT (req->msg), "hearth-certificate-refused"))
    {
      g_error_free (error);
      request_abort (req, certificate_refused_error (req->queue));
      return;
    }

  if (req->task != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_prefix_error (&error, connecting ? "Could not reach %s: " : "The connection to %s failed: ", label);

  request_abort (req, error);
}

static void read_next_chunk (Request *req);

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(Request) req = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *label = NULL;
  gsize limit;

  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  if (bytes == NULL)
    {
      request_fail_io (req, g_steal_pointer (&error), FALSE);
      return;
    }

  if (req->task == NULL)
    {
      request_abort (req, NULL);
      return;
    }

  if (g_bytes_get_size (bytes) == 0)
    {
      /* The whole body is here */
      g_clear_object (&req->stream);

      if (req->draining_401)
        {
          req->draining_401 = FALSE;
          g_byte_array_set_size (req->buffer, 0);
          request_send_attempt (req);
          return;
        }

      request_finish (req, NULL, g_byte_array_free_to_bytes (g_steal_pointer (&req->buffer)));
      return;
    }

  g_byte_array_append (req->buffer, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

  limit = hearth_http_get_max_body_size (req->queue->http);
  if (req->draining_401)
    limit = MIN (limit, MAX_CHALLENGE_BODY_SIZE);

  if (req->buffer->len > limit)
    {
      g_autofree char *size = g_format_size_full (limit, G_FORMAT_SIZE_IEC_UNITS);

      label = queue_label (req->queue);
      request_abort (req, g_error_new (HEARTH_ERROR, HEARTH_ERROR_TOO_LARGE,
                                       "The answer from %s is larger than %s", label, size));
      return;
    }

  read_next_chunk (req);
}

static void
read_next_chunk (Request *req)
{
  g_input_stream_read_bytes_async (req->stream,
                                   READ_CHUNK_SIZE,
                                   G_PRIORITY_DEFAULT,
                                   req->cancellable,
                                   read_cb,
                                   request_ref (req));
}

/* A 401: fail, or read the body and try again with the credentials */
static void
handle_unauthorized (Request *req)
{
  HearthHttpQueue *self = req->queue;
  g_autofree char *label = queue_label (self);
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

  g_clear_pointer (&self->challenge, hearth_http_challenge_free);
  self->challenge = g_steal_pointer (&challenge);

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
  g_autoptr(Request) req = user_data;
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

  if (!certificate_acceptable (req->queue, req->msg))
    {
      request_abort (req, certificate_refused_error (req->queue));
      return;
    }

  label = queue_label (req->queue);
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

  headers = soup_message_get_response_headers (req->msg);
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (headers) > hearth_http_get_max_body_size (req->queue->http))
    {
      g_autofree char *size = g_format_size_full (hearth_http_get_max_body_size (req->queue->http),
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

static void
request_send_attempt (Request *req)
{
  HearthHttpQueue *self = req->queue;
  SoupSession *session = hearth_http_get_session (self->http);
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
  if (self->close_connections)
    soup_message_headers_replace (headers, "Connection", "close");
  if (req->body != NULL)
    soup_message_set_request_body_from_bytes (req->msg, "application/json", req->body);

  if (req->password != NULL && self->challenge != NULL)
    {
      g_autofree char *target = request_target (req->uri);
      g_autofree char *authorization = hearth_http_auth_answer (self->challenge,
                                                                req->method,
                                                                target,
                                                                req->username,
                                                                req->password);

      soup_message_headers_replace (headers, "Authorization", authorization);
      req->sent_credentials = TRUE;
    }

  soup_session_send_async (session,
                           req->msg,
                           G_PRIORITY_DEFAULT,
                           req->cancellable,
                           send_cb,
                           request_ref (req));
}

/* GObject */

static void
hearth_http_queue_dispose (GObject *object)
{
  HearthHttpQueue *self = (HearthHttpQueue *)object;
  g_autofree char *label = NULL;
  g_autofree char *reason = NULL;

  if (!self->disposed && self->host != NULL)
    {
      Request *req;

      self->disposed = TRUE;
      label = queue_label (self);
      reason = g_strdup_printf ("The request to %s was dropped", label);

      while ((req = g_queue_pop_head (&self->pending)) != NULL)
        {
          request_complete_error (req, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s", reason);
          request_unref (req);
        }

      /* Running ones leave the array when libsoup is done with them */
      if (self->running != NULL)
        {
          g_autoptr(GPtrArray) running = g_ptr_array_copy (self->running,
                                                           (GCopyFunc) request_ref,
                                                           NULL);
          g_ptr_array_set_free_func (running, (GDestroyNotify) request_unref);

          for (guint i = 0; i < running->len; i++)
            request_cancel (g_ptr_array_index (running, i), reason);
        }
    }

  g_clear_pointer (&self->challenge, hearth_http_challenge_free);

  G_OBJECT_CLASS (hearth_http_queue_parent_class)->dispose (object);
}

static void
hearth_http_queue_finalize (GObject *object)
{
  HearthHttpQueue *self = (HearthHttpQueue *)object;

  g_assert (g_queue_is_empty (&self->pending));
  g_assert (self->running == NULL || self->running->len == 0);

  g_clear_pointer (&self->running, g_ptr_array_unref);
  g_clear_object (&self->http);
  if (self->certificate_destroy != NULL)
    self->certificate_destroy (self->certificate_data);
  g_free (self->host);
  g_free (self->scheme);

  G_OBJECT_CLASS (hearth_http_queue_parent_class)->finalize (object);
}

static void
hearth_http_queue_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  HearthHttpQueue *self = HEARTH_HTTP_QUEUE (object);

  switch (prop_id)
    {
    case PROP_HTTP:
      g_value_set_object (value, self->http);
      break;
    case PROP_HOST:
      g_value_set_string (value, self->host);
      break;
    case PROP_PORT:
      g_value_set_uint (value, self->port);
      break;
    case PROP_SCHEME:
      g_value_set_string (value, self->scheme);
      break;
    case PROP_MAX_IN_FLIGHT:
      g_value_set_uint (value, self->max_in_flight);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hearth_http_queue_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  HearthHttpQueue *self = HEARTH_HTTP_QUEUE (object);

  switch (prop_id)
    {
    case PROP_HTTP:
      self->http = g_value_dup_object (value);
      break;
    case PROP_HOST:
      self->host = g_value_dup_string (value);
      break;
    case PROP_PORT:
      self->port = (guint16) g_value_get_uint (value);
      break;
    case PROP_SCHEME:
      hearth_http_queue_set_scheme (self, g_value_get_string (value));
      break;
    case PROP_MAX_IN_FLIGHT:
      hearth_http_queue_set_max_in_flight (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hearth_http_queue_constructed (GObject *object)
{
  HearthHttpQueue *self = (HearthHttpQueue *)object;

  G_OBJECT_CLASS (hearth_http_queue_parent_class)->constructed (object);

  g_assert (HEARTH_IS_HTTP (self->http));
  g_assert (self->host != NULL);
}

static void
hearth_http_queue_class_init (HearthHttpQueueClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = hearth_http_queue_constructed;
  object_class->dispose = hearth_http_queue_dispose;
  object_class->finalize = hearth_http_queue_finalize;
  object_class->get_property = hearth_http_queue_get_property;
  object_class->set_property = hearth_http_queue_set_property;

  properties[PROP_HTTP] =
    g_param_spec_object ("http", NULL, NULL,
                         HEARTH_TYPE_HTTP,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HOST] =
    g_param_spec_string ("host", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PORT] =
    g_param_spec_uint ("port", NULL, NULL,
                       0, G_MAXUINT16, 80,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SCHEME] =
    g_param_spec_string ("scheme", NULL, NULL,
                         "http",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MAX_IN_FLIGHT] =
    g_param_spec_uint ("max-in-flight", NULL, NULL,
                       1, G_MAXUINT, 1,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
hearth_http_queue_init (HearthHttpQueue *self)
{
  self->scheme = g_strdup ("http");
  self->port = 80;
  self->max_in_flight = 1;
  self->running = g_ptr_array_new_with_free_func ((GDestroyNotify) request_unref);
  g_queue_init (&self->pending);
}

/* Public API */

HearthHttp *
hearth_http_queue_get_http (HearthHttpQueue *self)
{
  g_return_val_if_fail (HEARTH_IS_HTTP_QUEUE (self), NULL);

  return self->http;
}

const char *
hearth_http_queue_get_host (HearthHttpQueue *self)
{
  g_return_val_if_fail (HEARTH_IS_HTTP_QUEUE (self), NULL);

  return self->host;
}

guint16
hearth_http_queue_get_port (HearthHttpQueue *self)
{
  g_return_val_if_fail (HEARTH_IS_HTTP_QUEUE (self), 0);

  return self->port;
}

void
hearth_http_queue_set_scheme (HearthHttpQueue *self,
                              const char      *scheme)
{
  g_return_if_fail (HEARTH_IS_HTTP_QUEUE (self));

  if (scheme == NULL)
    scheme = "http";

  if (g_strcmp0 (self->scheme, scheme) == 0)
    return;

  g_free (self->scheme);
  self->scheme = g_ascii_strdown (scheme, -1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCHEME]);
}

void
hearth_http_queue_set_certificate_check (HearthHttpQueue            *self,
                                         HearthHttpCertificateCheck  check,
                                         gpointer                    user_data,
                                         GDestroyNotify              destroy)
{
  GDestroyNotify old_destroy;
  gpointer old_data;

  g_return_if_fail (HEARTH_IS_HTTP_QUEUE (self));

  old_destroy = self->certificate_destroy;
  old_data = self->certificate_data;

  self->certificate_check = check;
  self->certificate_data = user_data;
  self->certificate_destroy = destroy;

  if (old_destroy != NULL)
    old_destroy (old_data);
}

gboolean
hearth_http_queue_has_certificate_check (HearthHttpQueue *self)
{
  g_return_val_if_fail (HEARTH_IS_HTTP_QUEUE (self), FALSE);

  return self->certificate_check != NULL;
}

void
hearth_http_queue_watch_message (HearthHttpQueue *self,
                                 SoupMessage     *msg,
                                 GCancellable    *cancellable)
{
  Watch *watch;

  g_return_if_fail (HEARTH_IS_HTTP_QUEUE (self));
  g_return_if_fail (SOUP_IS_MESSAGE (msg));
  g_return_if_fail (G_IS_CANCELLABLE (cancellable));

  /* Always connected: without a check it refuses what libsoup would */
  g_signal_connect_object (msg, "accept-certificate",
                           G_CALLBACK (on_accept_certificate), self, 0);

  watch = g_new0 (Watch, 1);
  g_weak_ref_init (&watch->queue, self);
  watch->cancellable = g_object_ref (cancellable);
  g_signal_connect_data (msg, "network-event",
                         G_CALLBACK (on_watched_network_event), watch,
                         (GClosureNotify) watch_free, 0);
  g_signal_connect (msg, "starting", G_CALLBACK (on_watched_starting), watch);
}

void
hearth_http_queue_set_close_connections (HearthHttpQueue *self,
                                         gboolean         close_connections)
{
  g_return_if_fail (HEARTH_IS_HTTP_QUEUE (self));

  self->close_connections = close_connections;
}

char *
hearth_http_certificate_sha256 (GTlsCertificate *certificate)
{
  g_autoptr(GByteArray) der = NULL;

  g_return_val_if_fail (G_IS_TLS_CERTIFICATE (certificate), NULL);

  g_object_get (certificate, "certificate", &der, NULL);
  if (der == NULL)
    return NULL;

  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, der->data, der->len);
}

void
hearth_http_queue_set_max_in_flight (HearthHttpQueue *self,
                                     guint            max_in_flight)
{
  g_return_if_fail (HEARTH_IS_HTTP_QUEUE (self));
  g_return_if_fail (max_in_flight >= 1);

  if (self->max_in_flight == max_in_flight)
    return;

  self->max_in_flight = max_in_flight;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_IN_FLIGHT]);
  queue_pump (self);
}

guint
hearth_http_queue_get_max_in_flight (HearthHttpQueue *self)
{
  g_return_val_if_fail (HEARTH_IS_HTTP_QUEUE (self), 0);

  return self->max_in_flight;
}

GUri *
hearth_http_queue_build_uri (HearthHttpQueue *self,
                             const char      *scheme,
                             const char      *path,
                             const char      *query)
{
  g_autofree char *escaped_path = NULL;
  g_autofree char *escaped_query = NULL;
  g_autofree char *joined = NULL;
  int port;

  g_return_val_if_fail (HEARTH_IS_HTTP_QUEUE (self), NULL);

  if (scheme == NULL)
    scheme = self->scheme;
  if (path == NULL || *path == '\0')
    path = "/";

  escaped_path = escape_part (path);
  if (escaped_path[0] != '/')
    {
      char *rooted = g_strconcat ("/", escaped_path, NULL);
      g_free (escaped_path);
      escaped_path = rooted;
    }
  if (query != NULL)
    escaped_query = escape_part (query);

  port = self->port == default_port (scheme) ? -1 : self->port;

  /* The host goes in unencoded: g_uri_join brackets an IPv6 literal and
   * escapes its zone id ("fe80::1%eth0" → "[fe80::1%25eth0]"). */
  joined = g_uri_join (G_URI_FLAGS_ENCODED_PATH | G_URI_FLAGS_ENCODED_QUERY,
                       scheme, NULL, self->host, port,
                       escaped_path, escaped_query, NULL);

  return g_uri_parse (joined, SOUP_HTTP_URI_FLAGS, NULL);
}

void
hearth_http_queue_send_async (HearthHttpQueue     *self,
                              const char          *method,
                              const char          *path_and_query,
                              JsonNode            *body,
                              const char          *username,
                              const char          *password,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *path = NULL;
  g_autofree char *label = NULL;
  const char *query = NULL;
  const char *question;
  Request *req;
  GUri *uri;

  g_return_if_fail (HEARTH_IS_HTTP_QUEUE (self));
  g_return_if_fail (method != NULL);
  g_return_if_fail (path_and_query != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hearth_http_queue_send_async);

  label = queue_label (self);

  if (self->disposed)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               "The request to %s was dropped", label);
      return;
    }

  if (g_task_return_error_if_cancelled (task))
    return;

  question = strchr (path_and_query, '?');
  if (question != NULL)
    {
      path = g_strndup (path_and_query, question - path_and_query);
      query = question + 1;
    }
  else
    path = g_strdup (path_and_query);

  uri = hearth_http_queue_build_uri (self, NULL, path, query);
  if (uri == NULL)
    {
      g_task_return_new_error (task, HEARTH_ERROR, HEARTH_ERROR_INVALID,
                               "“%s” on %s is not a valid address", path_and_query, label);
      return;
    }

  req = request_new (self, task, cancellable);
  req->method = g_ascii_strup (method, -1);
  req->uri = uri;
  if (password != NULL)
    {
      req->username = g_strdup (username != NULL ? username : DEFAULT_USERNAME);
      req->password = g_strdup (password);
    }
  if (body != NULL)
    {
      gsize length = 0;
      char *data = hearth_json_to_data (body, FALSE, &length);

      req->body = g_bytes_new_take (data, length);
    }

  g_queue_push_tail (&self->pending, req);
  queue_pump (self);
}

GBytes *
hearth_http_queue_send_finish (HearthHttpQueue  *self,
                               GAsyncResult     *result,
                               GError          **error)
{
  g_return_val_if_fail (HEARTH_IS_HTTP_QUEUE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == hearth_http_queue_send_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

guint
hearth_http_queue_get_status (HearthHttpQueue *self,
                              GAsyncResult    *result)
{
  g_return_val_if_fail (HEARTH_IS_HTTP_QUEUE (self), 0);
  g_return_val_if_fail (g_task_is_valid (result, self), 0);

  return GPOINTER_TO_UINT (g_object_get_qdata (G_OBJECT (result), status_quark ()));
}

JsonNode *
hearth_http_queue_send_json_finish (HearthHttpQueue  *self,
                                    GAsyncResult     *result,
                                    GError          **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *node;
  gsize size = 0;
  const char *data;

  bytes = hearth_http_queue_send_finish (self, result, error);
  if (bytes == NULL)
    return NULL;

  data = g_bytes_get_data (bytes, &size);
  node = hearth_json_parse (data, size, &local_error);
  if (node == NULL)
    {
      g_autofree char *label = queue_label (self);

      g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "%s: ", label);
      return NULL;
    }

  return node;
}

/* WebSocket */

static void
websocket_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(Request) req = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupWebsocketConnection) connection = NULL;

  request_unwatch_connection (req, req->msg);
  connection = soup_session_websocket_connect_finish (SOUP_SESSION (object), result, &error);
  if (connection == NULL)
    {
      if (req->task != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *label = queue_label (req->queue);

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

void
hearth_http_queue_websocket_async (HearthHttpQueue     *self,
                                   const char          *path,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(Request) req = NULL;
  g_autofree char *label = NULL;
  const char *scheme;
  GUri *uri;

  g_return_if_fail (HEARTH_IS_HTTP_QUEUE (self));
  g_return_if_fail (path != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hearth_http_queue_websocket_async);

  label = queue_label (self);

  if (self->disposed)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               "The WebSocket to %s was dropped", label);
      return;
    }

  if (g_task_return_error_if_cancelled (task))
    return;

  scheme = g_str_equal (self->scheme, "https") ? "wss" : "ws";
  uri = hearth_http_queue_build_uri (self, scheme, path, NULL);
  if (uri == NULL)
    {
      g_task_return_new_error (task, HEARTH_ERROR, HEARTH_ERROR_INVALID,
                               "“%s” on %s is not a valid address", path, label);
      return;
    }

  req = request_new (self, task, cancellable);
  req->websocket = TRUE;
  req->method = g_strdup ("GET");
  req->uri = uri;
  req->msg = soup_message_new_from_uri ("GET", uri);
  hearth_http_queue_watch_message (self, req->msg, req->cancellable);
  request_watch_connection (req, req->msg);

  soup_session_websocket_connect_async (hearth_http_get_session (self->http),
                                        req->msg,
                                        NULL,
                                        NULL,
                                        G_PRIORITY_DEFAULT,
                                        req->cancellable,
                                        websocket_cb,
                                        request_ref (req));
}

SoupWebsocketConnection *
hearth_http_queue_websocket_finish (HearthHttpQueue  *self,
                                    GAsyncResult     *result,
                                    GError          **error)
{
  g_return_val_if_fail (HEARTH_IS_HTTP_QUEUE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == hearth_http_queue_websocket_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
