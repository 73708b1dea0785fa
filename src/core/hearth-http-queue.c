/* hearth-http-queue.c: requests to one device, one (or a few) at a time
 *
 * Every request to an address goes through its queue: first in, first out,
 * at most max-in-flight at once. A request leaves the queue when it starts
 * and holds its slot until libsoup is really done with it, so a device never
 * has more requests in flight than allowed, even when a caller gave up early.
 *
 * How one request lives (its deadline, its retry on a 401, its size cap):
 * hearth-http-request.c.
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
 * The queue remembers the last challenge, so the next request answers it
 * straight away with the next nonce count instead of costing a 401 round
 * trip (Shelly firmware ≥ 2.0 accepts that); a 401 then falls back to a
 * fresh challenge.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "hearth-error.h"
#include "hearth-http.h"
#include "hearth-http-auth.h"
#include "hearth-http-queue.h"
#include "hearth-http-queue-private.h"
#include "hearth-http-request.h"
#include "hearth-json.h"

#define DEFAULT_USERNAME         "admin"
/* A connection is kept for the next request only when that one is near:
 * requests closer together than this (a chain of answers and questions,
 * a dragged slider) share one; a poll every few seconds does not keep one */
#define KEEP_ALIVE_WINDOW_US     G_USEC_PER_SEC

struct _HearthHttpQueue
{
  GObject     parent_instance;

  HearthHttp  *http;
  SoupSession *session;
  char       *host;
  guint16     port;
  char       *scheme;
  guint       max_in_flight;

  GQueue      pending;               /* HearthHttpRequest*, owned */
  GPtrArray  *running;               /* HearthHttpRequest*, owned */
  gboolean    disposed;
  gint64      last_request_us;       /* monotonic, 0 = none yet */

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
  PROP_SESSION,
  PROP_HOST,
  PROP_PORT,
  PROP_SCHEME,
  PROP_MAX_IN_FLIGHT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Names */

static guint16
default_port (const char *scheme)
{
  if (g_strcmp0 (scheme, "https") == 0 || g_strcmp0 (scheme, "wss") == 0)
    return 443;
  return 80;
}

/* How a person recognises the device: "192.0.2.4", "192.0.2.4:8080", "[fe80::1]:8080" */
char *
hearth_http_queue_dup_label (HearthHttpQueue *self)
{
  if (self->port == default_port (self->scheme))
    return g_strdup (self->host);
  if (strchr (self->host, ':') != NULL)
    return g_strdup_printf ("[%s]:%u", self->host, self->port);
  return g_strdup_printf ("%s:%u", self->host, self->port);
}

/* Escapes what may not appear in a path or query, keeping existing escapes */
static char *
escape_part (const char *part)
{
  return g_uri_escape_string (part, "!$&'()*+,;=:@/?%", FALSE);
}

void
hearth_http_queue_pump (HearthHttpQueue *self)
{
  /* Keep going until the slots are full: starting a request never
   * completes it synchronously, so this cannot recurse. */
  while (!self->disposed &&
         self->running->len < self->max_in_flight &&
         !g_queue_is_empty (&self->pending))
    {
      HearthHttpRequest *req = g_queue_pop_head (&self->pending);

      g_ptr_array_add (self->running, req);
      req->running = TRUE;
      hearth_http_request_send (req);
    }
}

gboolean
hearth_http_queue_unqueue (HearthHttpQueue   *self,
                           HearthHttpRequest *req)
{
  return g_queue_remove (&self->pending, req);
}

void
hearth_http_queue_release (HearthHttpQueue   *self,
                           HearthHttpRequest *req)
{
  g_ptr_array_remove (self->running, req);
}

HearthHttpChallenge *
hearth_http_queue_get_challenge (HearthHttpQueue *self)
{
  return self->challenge;
}

void
hearth_http_queue_take_challenge (HearthHttpQueue     *self,
                                  HearthHttpChallenge *challenge)
{
  g_clear_pointer (&self->challenge, hearth_http_challenge_free);
  self->challenge = challenge;
}

/* libsoup 3.2 attaches a GSource to the main context for every
 * connection it keeps (its idle timeout), and GLib looks at every source
 * on every main-loop iteration: with a connection kept per polled device,
 * each request cost work in proportion to the number of devices. So a
 * request asks the device to close its connection after the answer
 * unless another request to the address is waiting or came just before
 * it: an address that is polled every few seconds keeps no connection
 * (nor source) between polls. HTTPS keeps its connections: a TLS
 * handshake per request would cost more than it saves (and a
 * provisionally trusted certificate closes them, see
 * hearth_http_queue_set_close_connections()). Call once per request sent. */
gboolean
hearth_http_queue_keeps_connection (HearthHttpQueue *self)
{
  gint64 now = g_get_monotonic_time ();
  gboolean near = self->last_request_us != 0 && now - self->last_request_us < KEEP_ALIVE_WINDOW_US;

  self->last_request_us = now;

  if (self->close_connections)
    return FALSE;

  return g_str_equal (self->scheme, "https") || near || !g_queue_is_empty (&self->pending);
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
gboolean
hearth_http_queue_certificate_acceptable (HearthHttpQueue *self,
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

  if (self == NULL || !hearth_http_queue_certificate_acceptable (self, msg))
    watch_refuse (watch, msg);
}

GError *
hearth_http_queue_certificate_refused_error (HearthHttpQueue *self)
{
  g_autofree char *label = hearth_http_queue_dup_label (self);

  return g_error_new (G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE,
                      "%s presented a certificate that is not the one expected for it", label);
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
      HearthHttpRequest *req;

      self->disposed = TRUE;
      label = hearth_http_queue_dup_label (self);
      reason = g_strdup_printf ("The request to %s was dropped", label);

      while ((req = g_queue_pop_head (&self->pending)) != NULL)
        {
          hearth_http_request_cancel (req, reason);
          hearth_http_request_unref (req);
        }

      /* Running ones leave the array when libsoup is done with them */
      if (self->running != NULL)
        {
          g_autoptr(GPtrArray) running = g_ptr_array_copy (self->running,
                                                           (GCopyFunc) hearth_http_request_ref,
                                                           NULL);
          g_ptr_array_set_free_func (running, (GDestroyNotify) hearth_http_request_unref);

          for (guint i = 0; i < running->len; i++)
            hearth_http_request_cancel (g_ptr_array_index (running, i), reason);
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
  g_clear_object (&self->session);
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
    case PROP_SESSION:
      g_value_set_object (value, self->session);
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
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
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
  g_assert (SOUP_IS_SESSION (self->session));
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
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         SOUP_TYPE_SESSION,
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
  self->running = g_ptr_array_new_with_free_func ((GDestroyNotify) hearth_http_request_unref);
  g_queue_init (&self->pending);
}

/* Public API */

HearthHttp *
hearth_http_queue_get_http (HearthHttpQueue *self)
{
  g_return_val_if_fail (HEARTH_IS_HTTP_QUEUE (self), NULL);

  return self->http;
}

SoupSession *
hearth_http_queue_get_session (HearthHttpQueue *self)
{
  g_return_val_if_fail (HEARTH_IS_HTTP_QUEUE (self), NULL);

  return self->session;
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
  hearth_http_queue_pump (self);
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
  HearthHttpRequest *req;
  GUri *uri;

  g_return_if_fail (HEARTH_IS_HTTP_QUEUE (self));
  g_return_if_fail (method != NULL);
  g_return_if_fail (path_and_query != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hearth_http_queue_send_async);

  label = hearth_http_queue_dup_label (self);

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

  req = hearth_http_request_new (self, task, cancellable);
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
  hearth_http_queue_pump (self);
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

  return hearth_http_request_get_status (result);
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
      g_autofree char *label = hearth_http_queue_dup_label (self);

      g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "%s: ", label);
      return NULL;
    }

  return node;
}

/* WebSocket */

void
hearth_http_queue_websocket_async (HearthHttpQueue     *self,
                                   const char          *path,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(HearthHttpRequest) req = NULL;
  g_autofree char *label = NULL;
  const char *scheme;
  GUri *uri;

  g_return_if_fail (HEARTH_IS_HTTP_QUEUE (self));
  g_return_if_fail (path != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hearth_http_queue_websocket_async);

  label = hearth_http_queue_dup_label (self);

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

  req = hearth_http_request_new (self, task, cancellable);
  req->websocket = TRUE;
  req->method = g_strdup ("GET");
  req->uri = uri;
  req->msg = soup_message_new_from_uri ("GET", uri);
  hearth_http_request_connect_websocket (req);
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
