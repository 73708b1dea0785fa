/* hearth-push-socket.c: one WebSocket a device pushes its state over
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The life of a push WebSocket, the same for every family that has one
 * (Shelly Gen2, WLED); what the messages mean is the family's.
 *
 * - Opening goes through the device's queue (its address, login and
 *   deadline): "opened" once the handshake is done.
 * - The first-message deadline: from "opened", the family has until the
 *   first-message timeout (by default the queue's deadline) to call
 *   hearth_push_socket_confirm(), once the device sent what makes the
 *   channel useful (a state, the answer to a subscription).
 * - The heartbeat, from then on: every heartbeat-interval, "heartbeat" asks
 *   the family to send something the device answers; any message counts
 *   as the answer. A whole interval without one closes the socket.
 * - Text messages come out as "message"; binary ones are ignored.
 * - "closed" tells, once, that the socket is over: the device closed it or
 *   stopped answering, a deadline passed, the handshake failed, or the
 *   cancellable fired (G_IO_ERROR_CANCELLED). hearth_push_socket_close()
 *   (and the last unref) ends it without a word.
 *
 * One socket is one attempt: to reconnect, make a new one.
 */
#include "config.h"

#include <libsoup/soup.h>

#include "hearth-http.h"
#include "hearth-http-queue.h"
#include "hearth-push-socket.h"
#include "hearth-timers.h"

typedef enum
{
  STATE_NEW,
  STATE_CONNECTING,
  STATE_OPEN,
  STATE_CLOSED,
} State;

struct _HearthPushSocket
{
  GObject                  parent_instance;

  HearthHttpQueue         *queue;
  char                    *path;
  char                    *label;
  guint                    heartbeat_interval;     /* ms; 0 = none */
  guint                    first_message_timeout;  /* ms; 0 = the queue's deadline */

  State                    state;
  GCancellable            *cancellable;
  gulong                   cancelled_id;
  SoupWebsocketConnection *ws;
  GError                  *ws_error;        /* the first "error", told at "closed" */
  gboolean                 confirmed;
  guint                    first_message_source;
  guint                    heartbeat_source;
  gboolean                 awaiting_answer;
};

G_DEFINE_FINAL_TYPE (HearthPushSocket, hearth_push_socket, G_TYPE_OBJECT)

typedef enum
{
  PROP_HEARTBEAT_INTERVAL = 1,
  PROP_FIRST_MESSAGE_TIMEOUT,
} HearthPushSocketProperty;

static GParamSpec *properties[PROP_FIRST_MESSAGE_TIMEOUT + 1];

typedef enum
{
  SIGNAL_OPENED,
  SIGNAL_MESSAGE,
  SIGNAL_HEARTBEAT,
  SIGNAL_CLOSED,
  N_SIGNALS,
} HearthPushSocketSignal;

static guint signals[N_SIGNALS];

/* Stops everything and lets go of the connection, telling no one */
static void
teardown (HearthPushSocket *self)
{
  self->state = STATE_CLOSED;
  g_clear_handle_id (&self->first_message_source, g_source_remove);
  g_clear_handle_id (&self->heartbeat_source, hearth_timer_remove);
  self->awaiting_answer = FALSE;

  if (self->cancellable != NULL)
    {
      /* Not g_cancellable_disconnect(): this may run inside "cancelled" */
      g_clear_signal_handler (&self->cancelled_id, self->cancellable);
      g_clear_object (&self->cancellable);
    }

  if (self->ws != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->ws, self);
      if (soup_websocket_connection_get_state (self->ws) == SOUP_WEBSOCKET_STATE_OPEN)
        {
          /* Kept until the closing handshake is over, so that the device
           * really hears the close */
          g_signal_connect (self->ws, "closed", G_CALLBACK (g_object_unref), NULL);
          soup_websocket_connection_close (self->ws, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);
          self->ws = NULL;
        }
      g_clear_object (&self->ws);
    }
}

/* The socket is over: tear it down and say why, once */
static void
fail (HearthPushSocket *self,
      const GError     *error)
{
  g_autoptr(HearthPushSocket) hold = NULL;

  if (self->state == STATE_CLOSED)
    return;

  hold = g_object_ref (self);
  teardown (self);
  g_signal_emit (self, signals[SIGNAL_CLOSED], 0, error);
}

static gboolean
on_heartbeat_timeout (gpointer user_data)
{
  HearthPushSocket *self = HEARTH_PUSH_SOCKET (user_data);
  g_autoptr(HearthPushSocket) hold = g_object_ref (self);
  g_autoptr(GError) error = NULL;

  if (soup_websocket_connection_get_state (self->ws) != SOUP_WEBSOCKET_STATE_OPEN)
    {
      self->heartbeat_source = 0;
      error = g_error_new (G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                           "The WebSocket of %s is closing", self->label);
      fail (self, error);
      return G_SOURCE_REMOVE;
    }

  if (self->awaiting_answer)
    {
      self->heartbeat_source = 0;
      error = g_error_new (G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                           "The WebSocket of %s stopped answering", self->label);
      fail (self, error);
      return G_SOURCE_REMOVE;
    }

  self->awaiting_answer = TRUE;
  g_signal_emit (self, signals[SIGNAL_HEARTBEAT], 0);
  return self->state == STATE_OPEN ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static void
heartbeat_restart (HearthPushSocket *self)
{
  g_clear_handle_id (&self->heartbeat_source, hearth_timer_remove);
  self->awaiting_answer = FALSE;
  if (self->state == STATE_OPEN && self->confirmed && self->heartbeat_interval > 0)
    self->heartbeat_source = hearth_timer_add (self->heartbeat_interval, on_heartbeat_timeout, self);
}

static gboolean
on_first_message_timeout (gpointer user_data)
{
  HearthPushSocket *self = HEARTH_PUSH_SOCKET (user_data);
  g_autoptr(GError) error = NULL;

  self->first_message_source = 0;
  error = g_error_new (G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                       "%s opened its WebSocket but sent nothing to go on", self->label);
  fail (self, error);
  return G_SOURCE_REMOVE;
}

static void
on_ws_message (SoupWebsocketConnection *ws,
               int                      type,
               GBytes                  *message,
               gpointer                 user_data)
{
  HearthPushSocket *self = HEARTH_PUSH_SOCKET (user_data);
  g_autoptr(HearthPushSocket) hold = NULL;
  g_autofree char *text = NULL;
  const char *data;
  gsize size;

  if (type != SOUP_WEBSOCKET_DATA_TEXT)
    return;

  /* Anything at all says the connection is alive */
  self->awaiting_answer = FALSE;

  hold = g_object_ref (self);
  data = g_bytes_get_data (message, &size);
  text = g_strndup (data, size);
  g_signal_emit (self, signals[SIGNAL_MESSAGE], 0, text);
}

static void
on_ws_closed (SoupWebsocketConnection *ws,
              gpointer                 user_data)
{
  HearthPushSocket *self = HEARTH_PUSH_SOCKET (user_data);
  g_autoptr(GError) error = NULL;

  if (self->ws_error != NULL)
    error = g_error_new (G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                         "The WebSocket of %s closed: %s", self->label,
                         self->ws_error->message);
  else
    error = g_error_new (G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                         "The WebSocket of %s closed (code %u)", self->label,
                         soup_websocket_connection_get_close_code (ws));
  fail (self, error);
}

static void
on_ws_error (SoupWebsocketConnection *ws,
             GError                  *error,
             gpointer                 user_data)
{
  HearthPushSocket *self = HEARTH_PUSH_SOCKET (user_data);

  /* "closed" follows, and tells it */
  g_debug ("The WebSocket of %s: %s", self->label, error->message);
  if (self->ws_error == NULL)
    self->ws_error = g_error_copy (error);
}

static void
on_cancellable_cancelled (GCancellable *cancellable,
                          gpointer      user_data)
{
  HearthPushSocket *self = HEARTH_PUSH_SOCKET (user_data);
  g_autoptr(GError) error = NULL;

  error = g_error_new (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                       "The WebSocket of %s was closed", self->label);
  fail (self, error);
}

static void
on_queue_websocket_connected (GObject      *object,
                              GAsyncResult *result,
                              gpointer      user_data)
{
  g_autoptr(HearthPushSocket) self = user_data;
  g_autoptr(SoupWebsocketConnection) ws = NULL;
  g_autoptr(GError) error = NULL;
  guint timeout_ms;

  ws = hearth_http_queue_websocket_finish (HEARTH_HTTP_QUEUE (object), result, &error);

  /* Closed or cancelled meanwhile: this attempt is over */
  if (self->state != STATE_CONNECTING)
    {
      if (ws != NULL)
        soup_websocket_connection_close (ws, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);
      return;
    }

  if (ws == NULL)
    {
      fail (self, error);
      return;
    }

  self->state = STATE_OPEN;
  self->ws = g_steal_pointer (&ws);
  g_signal_connect (self->ws, "message", G_CALLBACK (on_ws_message), self);
  g_signal_connect (self->ws, "closed", G_CALLBACK (on_ws_closed), self);
  g_signal_connect (self->ws, "error", G_CALLBACK (on_ws_error), self);

  timeout_ms = self->first_message_timeout;
  if (timeout_ms == 0)
    timeout_ms = hearth_http_get_deadline_ms (hearth_http_queue_get_http (self->queue));
  self->first_message_source = g_timeout_add (timeout_ms, on_first_message_timeout, self);

  g_signal_emit (self, signals[SIGNAL_OPENED], 0);
}

static void
hearth_push_socket_dispose (GObject *object)
{
  HearthPushSocket *self = HEARTH_PUSH_SOCKET (object);

  teardown (self);

  G_OBJECT_CLASS (hearth_push_socket_parent_class)->dispose (object);
}

static void
hearth_push_socket_finalize (GObject *object)
{
  HearthPushSocket *self = HEARTH_PUSH_SOCKET (object);

  g_clear_object (&self->queue);
  g_clear_error (&self->ws_error);
  g_free (self->path);
  g_free (self->label);

  G_OBJECT_CLASS (hearth_push_socket_parent_class)->finalize (object);
}

static void
hearth_push_socket_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  HearthPushSocket *self = HEARTH_PUSH_SOCKET (object);

  switch ((HearthPushSocketProperty) prop_id)
    {
    case PROP_HEARTBEAT_INTERVAL:
      g_value_set_uint (value, self->heartbeat_interval);
      break;
    case PROP_FIRST_MESSAGE_TIMEOUT:
      g_value_set_uint (value, self->first_message_timeout);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hearth_push_socket_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  HearthPushSocket *self = HEARTH_PUSH_SOCKET (object);

  switch ((HearthPushSocketProperty) prop_id)
    {
    case PROP_HEARTBEAT_INTERVAL:
      hearth_push_socket_set_heartbeat_interval (self, g_value_get_uint (value));
      break;
    case PROP_FIRST_MESSAGE_TIMEOUT:
      hearth_push_socket_set_first_message_timeout (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hearth_push_socket_class_init (HearthPushSocketClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = hearth_push_socket_dispose;
  object_class->finalize = hearth_push_socket_finalize;
  object_class->get_property = hearth_push_socket_get_property;
  object_class->set_property = hearth_push_socket_set_property;

  /* How often the device must prove itself alive once confirmed, in ms (0: never) */
  properties[PROP_HEARTBEAT_INTERVAL] =
    g_param_spec_uint ("heartbeat-interval", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* How long after the handshake the family may take to confirm, in ms
   * (0: the queue's deadline) */
  properties[PROP_FIRST_MESSAGE_TIMEOUT] =
    g_param_spec_uint ("first-message-timeout", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, G_N_ELEMENTS (properties), properties);

  /* The handshake is done; the first-message deadline runs */
  signals[SIGNAL_OPENED] =
    g_signal_new ("opened", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* A text message (UTF-8, as libsoup checked) */
  signals[SIGNAL_MESSAGE] =
    g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);
  /* Send something the device answers; no message before the next one
   * closes the socket */
  signals[SIGNAL_HEARTBEAT] =
    g_signal_new ("heartbeat", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* The socket is over (see the top of this file); never after
   * hearth_push_socket_close() */
  signals[SIGNAL_CLOSED] =
    g_signal_new ("closed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                  G_TYPE_ERROR | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
hearth_push_socket_init (HearthPushSocket *self)
{
  self->state = STATE_NEW;
}

/**
 * hearth_push_socket_new:
 * @queue: the device's queue
 * @path: the WebSocket's path ("/ws")
 * @label: who it is, for messages (the device's name)
 */
HearthPushSocket *
hearth_push_socket_new (HearthHttpQueue *queue,
                        const char      *path,
                        const char      *label)
{
  HearthPushSocket *self;

  g_return_val_if_fail (HEARTH_IS_HTTP_QUEUE (queue), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (HEARTH_TYPE_PUSH_SOCKET, NULL);
  self->queue = g_object_ref (queue);
  self->path = g_strdup (path);
  self->label = g_strdup (label != NULL ? label : hearth_http_queue_get_host (queue));
  return self;
}

/* Starts the handshake; "opened" or "closed" follows. Once per socket. */
void
hearth_push_socket_open (HearthPushSocket *self,
                         GCancellable     *cancellable)
{
  g_return_if_fail (HEARTH_IS_PUSH_SOCKET (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));
  g_return_if_fail (self->state == STATE_NEW);

  self->state = STATE_CONNECTING;
  if (cancellable != NULL)
    {
      /* Already cancelled: the queue says so, from the main loop */
      self->cancellable = g_object_ref (cancellable);
      self->cancelled_id = g_signal_connect (cancellable, "cancelled",
                                             G_CALLBACK (on_cancellable_cancelled), self);
    }

  hearth_http_queue_websocket_async (self->queue, self->path, cancellable,
                                     on_queue_websocket_connected, g_object_ref (self));
}

/* The device sent what makes the channel useful: the first-message
 * deadline ends and the heartbeat starts. */
void
hearth_push_socket_confirm (HearthPushSocket *self)
{
  g_return_if_fail (HEARTH_IS_PUSH_SOCKET (self));

  if (self->state != STATE_OPEN || self->confirmed)
    return;

  self->confirmed = TRUE;
  g_clear_handle_id (&self->first_message_source, g_source_remove);
  heartbeat_restart (self);
}

/* FALSE when the socket is not open (any more) */
gboolean
hearth_push_socket_send_text (HearthPushSocket *self,
                              const char       *text)
{
  g_return_val_if_fail (HEARTH_IS_PUSH_SOCKET (self), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  if (self->state != STATE_OPEN ||
      soup_websocket_connection_get_state (self->ws) != SOUP_WEBSOCKET_STATE_OPEN)
    return FALSE;

  soup_websocket_connection_send_text (self->ws, text);
  return TRUE;
}

/* Closes the socket (or gives up the handshake) without a word */
void
hearth_push_socket_close (HearthPushSocket *self)
{
  g_return_if_fail (HEARTH_IS_PUSH_SOCKET (self));

  teardown (self);
}

/* Between "opened" and the end */
gboolean
hearth_push_socket_is_open (HearthPushSocket *self)
{
  g_return_val_if_fail (HEARTH_IS_PUSH_SOCKET (self), FALSE);

  return self->state == STATE_OPEN;
}

gboolean
hearth_push_socket_is_confirmed (HearthPushSocket *self)
{
  g_return_val_if_fail (HEARTH_IS_PUSH_SOCKET (self), FALSE);

  return self->state == STATE_OPEN && self->confirmed;
}

guint
hearth_push_socket_get_heartbeat_interval (HearthPushSocket *self)
{
  g_return_val_if_fail (HEARTH_IS_PUSH_SOCKET (self), 0);

  return self->heartbeat_interval;
}

/* A running heartbeat starts over at the new interval */
void
hearth_push_socket_set_heartbeat_interval (HearthPushSocket *self,
                                           guint             interval_ms)
{
  g_return_if_fail (HEARTH_IS_PUSH_SOCKET (self));

  if (self->heartbeat_interval == interval_ms)
    return;

  self->heartbeat_interval = interval_ms;
  if (self->heartbeat_source != 0 || (interval_ms > 0 && hearth_push_socket_is_confirmed (self)))
    heartbeat_restart (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HEARTBEAT_INTERVAL]);
}

guint
hearth_push_socket_get_first_message_timeout (HearthPushSocket *self)
{
  g_return_val_if_fail (HEARTH_IS_PUSH_SOCKET (self), 0);

  return self->first_message_timeout;
}

/* Takes effect at the next handshake */
void
hearth_push_socket_set_first_message_timeout (HearthPushSocket *self,
                                              guint             timeout_ms)
{
  g_return_if_fail (HEARTH_IS_PUSH_SOCKET (self));

  if (self->first_message_timeout == timeout_ms)
    return;

  self->first_message_timeout = timeout_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIRST_MESSAGE_TIMEOUT]);
}
