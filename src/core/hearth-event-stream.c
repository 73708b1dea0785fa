/* hearth-event-stream.c: one Server-Sent Events stream from a device
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A GET that never ends, read in chunks and split by HearthSseParser (so
 * a line and an event stay under their caps whatever the device sends).
 * It goes through the device's HearthHttpQueue for what belongs to the
 * device: the scheme and address, and the certificate check
 * (hearth_http_queue_watch_message()); it is sent on the queue's session
 * outside the queue's turn, since it never ends. The headers have the
 * session's deadline; the stream itself, the liveness deadline if one is
 * set. A 401 is answered with the stream's login, if it has one
 * (hearth-http-auth.c). Every async step carries the generation it was started in:
 * one that finds the stream closed or opened again since drops its
 * result. Signals:
 *
 * - "opened": the headers are in (2xx, text/event-stream);
 * - "event" (type, data, id): one whole event;
 * - "closed" (error): the stream ended (never after hearth_event_stream_close()).
 */
#include "config.h"

#include <string.h>

#include "hearth-error.h"
#include "hearth-event-stream.h"
#include "hearth-http.h"
#include "hearth-http-auth.h"
#include "hearth-http-queue.h"
#include "hearth-sse-parser.h"
#include "hearth-timers.h"

#define READ_CHUNK 4096

struct _HearthEventStream
{
  GObject                     parent_instance;

  HearthHttpQueue            *queue;
  char                       *path;
  char                       *query;
  GPtrArray                  *headers;     /* name, value, name, value… */
  gsize                       max_line;
  gsize                       max_event;
  guint                       liveness_ms;
  gboolean                    resume;
  char                       *resume_id;
  gboolean                    login;
  char                       *username;
  char                       *password;

  /* One opening, until it ends */
  guint                       generation;
  gboolean                    active;
  gboolean                    open;
  GCancellable               *cancellable;
  GCancellable               *outer;
  gulong                      outer_id;
  SoupMessage                *msg;
  GInputStream               *input;
  HearthSseParser            *parser;
  char                       *authorization;
  guint                       answered;
  guint                       header_source;
  guint                       liveness_source;
  guint                       status;
  gint64                      last_read;
};

G_DEFINE_FINAL_TYPE (HearthEventStream, hearth_event_stream, G_TYPE_OBJECT)

enum
{
  SIGNAL_OPENED,
  SIGNAL_EVENT,
  SIGNAL_CLOSED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static char *
stream_label (HearthEventStream *self)
{
  const char *host = hearth_http_queue_get_host (self->queue);
  guint16 port = hearth_http_queue_get_port (self->queue);

  if (strchr (host, ':') != NULL)
    return g_strdup_printf ("[%s]:%u", host, port);
  return g_strdup_printf ("%s:%u", host, port);
}

/* One async step: the stream, and which opening it belongs to */
typedef struct
{
  HearthEventStream *self;
  guint              generation;
} Step;

static Step *
step_new (HearthEventStream *self)
{
  Step *step = g_new0 (Step, 1);

  step->self = g_object_ref (self);
  step->generation = self->generation;
  return step;
}

static void
step_free (Step *step)
{
  g_object_unref (step->self);
  g_free (step);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Step, step_free)

static gboolean
step_is_current (Step *step)
{
  return step->self->active && step->generation == step->self->generation;
}

static void
stream_stop (HearthEventStream *self)
{
  self->generation++;
  self->active = FALSE;
  self->open = FALSE;
  g_clear_handle_id (&self->header_source, g_source_remove);
  g_clear_handle_id (&self->liveness_source, hearth_timer_remove);
  if (self->outer != NULL)
    {
      /* Not g_cancellable_disconnect(): this may run inside "cancelled" */
      g_clear_signal_handler (&self->outer_id, self->outer);
      g_clear_object (&self->outer);
    }
  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
    }
  /* A read still pending holds its own reference until it is cancelled;
   * the connection closes when the last one goes. */
  g_clear_object (&self->input);
  g_clear_object (&self->msg);
  g_clear_pointer (&self->authorization, g_free);
}

/* Ends the stream with @error (owned) */
static void
stream_fail (HearthEventStream *self,
             GError            *error)
{
  g_autoptr(HearthEventStream) hold = g_object_ref (self);
  g_autoptr(GError) owned = error;

  stream_stop (self);
  g_signal_emit (self, signals[SIGNAL_CLOSED], 0, owned);
}

static gboolean
on_liveness_timeout (gpointer user_data)
{
  HearthEventStream *self = user_data;
  g_autofree char *label = stream_label (self);

  self->liveness_source = 0;
  stream_fail (self, g_error_new (G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                                  "%s sent nothing on its event stream for %u ms",
                                  label, self->liveness_ms));
  return G_SOURCE_REMOVE;
}

static void
liveness_restart (HearthEventStream *self)
{
  g_clear_handle_id (&self->liveness_source, hearth_timer_remove);
  if (self->open && self->liveness_ms > 0)
    self->liveness_source = hearth_timer_add (self->liveness_ms, on_liveness_timeout, self);
}

static gboolean
on_header_timeout (gpointer user_data)
{
  HearthEventStream *self = user_data;
  g_autofree char *label = stream_label (self);

  self->header_source = 0;
  stream_fail (self, g_error_new (G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                                  "%s did not open its event stream in time", label));
  return G_SOURCE_REMOVE;
}

static void
on_outer_cancelled (GCancellable *outer,
                    gpointer      user_data)
{
  HearthEventStream *self = user_data;

  /* The pending step ends as cancelled, and reports it */
  g_cancellable_cancel (self->cancellable);
}

static gboolean
on_parser_event (const char *type,
                 const char *data,
                 const char *id,
                 gpointer    user_data)
{
  Step *step = user_data;

  g_signal_emit (step->self, signals[SIGNAL_EVENT], 0, type, data, id);
  return step_is_current (step);
}

static void read_more (HearthEventStream *self);

static void
on_input_read (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(Step) step = user_data;
  HearthEventStream *self = step->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  const char *data;
  gsize size = 0;

  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, &error);
  if (!step_is_current (step))
    return;

  if (bytes == NULL)
    {
      stream_fail (self, g_steal_pointer (&error));
      return;
    }

  data = g_bytes_get_data (bytes, &size);
  if (size == 0)
    {
      g_autofree char *label = stream_label (self);

      stream_fail (self, g_error_new (G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                                      "%s ended its event stream", label));
      return;
    }

  self->last_read = g_get_monotonic_time ();
  liveness_restart (self);

  if (!hearth_sse_parser_feed (self->parser, data, size, on_parser_event, step, &error))
    {
      if (error != NULL && step_is_current (step))
        {
          g_autofree char *label = stream_label (self);

          g_prefix_error (&error, "%s: ", label);
          stream_fail (self, g_steal_pointer (&error));
        }
      return;
    }

  if (step_is_current (step))
    read_more (self);
}

static void
read_more (HearthEventStream *self)
{
  g_input_stream_read_bytes_async (self->input, READ_CHUNK, HEARTH_NETWORK_PRIORITY,
                                   self->cancellable, on_input_read, step_new (self));
}

static void stream_send (HearthEventStream *self);

/* A 401: answered with the login, once, or the end */
static void
stream_answer_challenge (HearthEventStream *self,
                         GInputStream      *body)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (self->msg);
  const char *header = soup_message_headers_get_list (headers, "WWW-Authenticate");
  g_autofree char *label = stream_label (self);
  g_autofree char *target = NULL;
  g_autoptr(HearthHttpChallenge) challenge = NULL;
  GUri *uri = soup_message_get_uri (self->msg);

  if (self->password == NULL)
    {
      stream_fail (self, g_error_new (HEARTH_ERROR, HEARTH_ERROR_NEEDS_PASSWORD,
                                      "%s needs a password", label));
      return;
    }

  challenge = hearth_http_challenge_parse (header, NULL);
  if (challenge == NULL)
    {
      stream_fail (self, g_error_new (HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED,
                                      "%s asks for a kind of login Hearth does not know", label));
      return;
    }

  /* Refused once already: only a nonce gone stale deserves another try */
  if (self->answered > 0 && (!challenge->stale || self->answered > 1))
    {
      stream_fail (self, g_error_new (HEARTH_ERROR, HEARTH_ERROR_BAD_PASSWORD,
                                      "The password for %s was refused", label));
      return;
    }

  /* The request-target as sent */
  if (g_uri_get_query (uri) != NULL)
    target = g_strdup_printf ("%s?%s", g_uri_get_path (uri), g_uri_get_query (uri));
  else
    target = g_strdup (g_uri_get_path (uri));

  self->answered++;
  g_free (self->authorization);
  self->authorization = hearth_http_auth_answer (challenge, "GET", target,
                                                 self->username, self->password);
  g_input_stream_close (body, NULL, NULL);
  stream_send (self);
}

static void
on_session_sent (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(Step) step = user_data;
  HearthEventStream *self = step->self;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) body = NULL;
  g_autofree char *label = NULL;
  const char *content_type;

  body = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  if (!step_is_current (step) || msg != self->msg)
    return;

  label = stream_label (self);
  if (body == NULL)
    {
      if (g_object_get_data (G_OBJECT (msg), "hearth-certificate-refused"))
        {
          g_clear_error (&error);
          error = g_error_new (G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE,
                               "%s showed a certificate Hearth does not trust", label);
        }
      stream_fail (self, g_steal_pointer (&error));
      return;
    }

  self->status = soup_message_get_status (msg);
  if (self->status == SOUP_STATUS_UNAUTHORIZED && self->login)
    {
      stream_answer_challenge (self, body);
      return;
    }

  if (!SOUP_STATUS_IS_SUCCESSFUL (self->status))
    {
      stream_fail (self, g_error_new (HEARTH_ERROR, HEARTH_ERROR_HTTP_STATUS,
                                      "%s answered %u %s", label, self->status,
                                      soup_status_get_phrase (self->status)));
      return;
    }

  content_type = soup_message_headers_get_content_type (soup_message_get_response_headers (msg), NULL);
  if (g_strcmp0 (content_type, "text/event-stream") != 0)
    {
      stream_fail (self, g_error_new (HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD,
                                      "%s answered %s with %s, not an event stream", label,
                                      self->path, content_type ? content_type : "no content type"));
      return;
    }

  g_clear_handle_id (&self->header_source, g_source_remove);
  self->input = g_steal_pointer (&body);
  self->open = TRUE;
  liveness_restart (self);
  read_more (self);

  g_signal_emit (self, signals[SIGNAL_OPENED], 0);
}

static void
stream_send (HearthEventStream *self)
{
  g_autoptr(GUri) uri = NULL;
  SoupMessageHeaders *headers;
  const char *last_id;

  uri = hearth_http_queue_build_uri (self->queue, NULL, self->path, self->query);
  if (uri == NULL)
    {
      g_autofree char *label = stream_label (self);

      stream_fail (self, g_error_new (HEARTH_ERROR, HEARTH_ERROR_INVALID,
                                      "“%s” on %s is not a valid address", self->path, label));
      return;
    }

  g_clear_object (&self->msg);
  self->msg = soup_message_new_from_uri (SOUP_METHOD_GET, uri);
  headers = soup_message_get_request_headers (self->msg);
  soup_message_headers_replace (headers, "Accept", "text/event-stream");
  for (guint i = 0; i + 1 < self->headers->len; i += 2)
    soup_message_headers_replace (headers, self->headers->pdata[i], self->headers->pdata[i + 1]);
  /* Where the last stream left off: the device sends what came since */
  last_id = hearth_sse_parser_get_last_event_id (self->parser);
  if (self->resume && last_id != NULL)
    soup_message_headers_replace (headers, "Last-Event-ID", last_id);
  if (self->authorization != NULL)
    soup_message_headers_replace (headers, "Authorization", self->authorization);

  hearth_http_queue_watch_message (self->queue, self->msg, self->cancellable);
  soup_session_send_async (hearth_http_queue_get_session (self->queue), self->msg, HEARTH_NETWORK_PRIORITY,
                           self->cancellable, on_session_sent, step_new (self));
}

void
hearth_event_stream_open (HearthEventStream *self,
                          GCancellable      *cancellable)
{
  HearthHttp *http;

  g_return_if_fail (HEARTH_IS_EVENT_STREAM (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  stream_stop (self);

  http = hearth_http_queue_get_http (self->queue);
  self->active = TRUE;
  self->answered = 0;
  self->status = 0;
  self->cancellable = g_cancellable_new ();
  if (self->parser == NULL)
    self->parser = hearth_sse_parser_new (self->max_line, self->max_event);
  hearth_sse_parser_reset (self->parser, self->resume_id);
  g_clear_pointer (&self->resume_id, g_free);
  self->header_source = g_timeout_add (hearth_http_get_deadline_ms (http), on_header_timeout, self);
  if (cancellable != NULL)
    {
      self->outer = g_object_ref (cancellable);
      /* Runs at once when it is cancelled already: the send then fails */
      self->outer_id = g_cancellable_connect (cancellable, G_CALLBACK (on_outer_cancelled),
                                              self, NULL);
    }

  stream_send (self);
}

void
hearth_event_stream_close (HearthEventStream *self)
{
  g_return_if_fail (HEARTH_IS_EVENT_STREAM (self));

  stream_stop (self);
}

gboolean
hearth_event_stream_is_open (HearthEventStream *self)
{
  g_return_val_if_fail (HEARTH_IS_EVENT_STREAM (self), FALSE);

  return self->open;
}

guint
hearth_event_stream_get_status (HearthEventStream *self)
{
  g_return_val_if_fail (HEARTH_IS_EVENT_STREAM (self), 0);

  return self->status;
}

gint64
hearth_event_stream_get_last_read (HearthEventStream *self)
{
  g_return_val_if_fail (HEARTH_IS_EVENT_STREAM (self), 0);

  return self->last_read;
}

HearthHttpQueue *
hearth_event_stream_get_queue (HearthEventStream *self)
{
  g_return_val_if_fail (HEARTH_IS_EVENT_STREAM (self), NULL);

  return self->queue;
}

const char *
hearth_event_stream_get_path (HearthEventStream *self)
{
  g_return_val_if_fail (HEARTH_IS_EVENT_STREAM (self), NULL);

  return self->path;
}

void
hearth_event_stream_set_header (HearthEventStream *self,
                                const char        *name,
                                const char        *value)
{
  g_return_if_fail (HEARTH_IS_EVENT_STREAM (self));
  g_return_if_fail (name != NULL && value != NULL);

  g_ptr_array_add (self->headers, g_strdup (name));
  g_ptr_array_add (self->headers, g_strdup (value));
}

void
hearth_event_stream_set_limits (HearthEventStream *self,
                                gsize              max_line,
                                gsize              max_event)
{
  g_return_if_fail (HEARTH_IS_EVENT_STREAM (self));

  self->max_line = max_line;
  self->max_event = max_event;
  g_clear_pointer (&self->parser, hearth_sse_parser_free);
  if (self->active)
    self->parser = hearth_sse_parser_new (max_line, max_event);
}

void
hearth_event_stream_set_liveness (HearthEventStream *self,
                                  guint              liveness_ms)
{
  g_return_if_fail (HEARTH_IS_EVENT_STREAM (self));

  self->liveness_ms = liveness_ms;
  liveness_restart (self);
}

void
hearth_event_stream_set_resume (HearthEventStream *self,
                                gboolean           resume,
                                const char        *last_event_id)
{
  g_return_if_fail (HEARTH_IS_EVENT_STREAM (self));

  self->resume = resume;
  if (last_event_id != NULL)
    {
      g_free (self->resume_id);
      self->resume_id = g_strdup (last_event_id);
    }
}

const char *
hearth_event_stream_get_last_event_id (HearthEventStream *self)
{
  g_return_val_if_fail (HEARTH_IS_EVENT_STREAM (self), NULL);

  if (self->resume_id != NULL)
    return self->resume_id;
  return self->parser != NULL ? hearth_sse_parser_get_last_event_id (self->parser) : NULL;
}

void
hearth_event_stream_set_login (HearthEventStream *self,
                               const char        *username,
                               const char        *password)
{
  g_return_if_fail (HEARTH_IS_EVENT_STREAM (self));

  self->login = TRUE;
  g_free (self->username);
  self->username = g_strdup (username != NULL ? username : "");
  if (self->password != NULL)
    memset (self->password, 0, strlen (self->password));
  g_free (self->password);
  self->password = g_strdup (password);
}

static void
hearth_event_stream_dispose (GObject *object)
{
  HearthEventStream *self = HEARTH_EVENT_STREAM (object);

  stream_stop (self);

  G_OBJECT_CLASS (hearth_event_stream_parent_class)->dispose (object);
}

static void
hearth_event_stream_finalize (GObject *object)
{
  HearthEventStream *self = HEARTH_EVENT_STREAM (object);

  g_clear_object (&self->queue);
  g_free (self->path);
  g_free (self->query);
  g_ptr_array_unref (self->headers);
  g_free (self->resume_id);
  g_free (self->username);
  if (self->password != NULL)
    memset (self->password, 0, strlen (self->password));
  g_free (self->password);
  g_clear_pointer (&self->parser, hearth_sse_parser_free);

  G_OBJECT_CLASS (hearth_event_stream_parent_class)->finalize (object);
}

static void
hearth_event_stream_class_init (HearthEventStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = hearth_event_stream_dispose;
  object_class->finalize = hearth_event_stream_finalize;

  signals[SIGNAL_OPENED] =
    g_signal_new ("opened", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* type, data, id (nullable) */
  signals[SIGNAL_EVENT] =
    g_signal_new ("event", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);
  signals[SIGNAL_CLOSED] =
    g_signal_new ("closed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                  G_TYPE_ERROR | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
hearth_event_stream_init (HearthEventStream *self)
{
  self->headers = g_ptr_array_new_with_free_func (g_free);
}

HearthEventStream *
hearth_event_stream_new (HearthHttpQueue *queue,
                         const char      *path_and_query)
{
  HearthEventStream *self;
  const char *question;

  g_return_val_if_fail (HEARTH_IS_HTTP_QUEUE (queue), NULL);
  g_return_val_if_fail (path_and_query != NULL, NULL);

  self = g_object_new (HEARTH_TYPE_EVENT_STREAM, NULL);
  self->queue = g_object_ref (queue);
  question = strchr (path_and_query, '?');
  if (question != NULL)
    {
      self->path = g_strndup (path_and_query, question - path_and_query);
      self->query = g_strdup (question + 1);
    }
  else
    self->path = g_strdup (path_and_query);

  return self;
}
