/* hearth-shelly-link-push.c: a Shelly Gen2+'s push WebSocket
 *
 * Its life (handshake, first-message deadline, heartbeat timer, close) is
 * HearthPushSocket's; here: JSON-RPC calls on it with their deadline and
 * the digest login of a 401 frame, the open sequence (Shelly.GetStatus
 * with our src, which subscribes us, then Shelly.GetConfig), the
 * heartbeat's request and the notifications (NotifyStatus deltas overlaid
 * on the cached status).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "hearth-device.h"
#include "hearth-error.h"
#include "hearth-http.h"
#include "hearth-http-auth.h"
#include "hearth-json.h"
#include "hearth-push-socket.h"
#include "hearth-shelly-link.h"
#include "hearth-shelly-link-private.h"
#include "hearth-shelly-parse.h"
#include "hearth-shelly-rpc.h"

/* The WebSocket ------------------------------------------------------------ */

static void
ws_call_free (WsCall *call)
{
  g_clear_handle_id (&call->timeout_id, g_source_remove);
  g_free (call->method);
  g_clear_pointer (&call->params, json_object_unref);
  g_free (call);
}

/* The socket is gone (or was never right): drop it, and tell the base
 * unless we closed it on purpose. */
static void
ws_failed (HearthShellyLink *self,
           const GError     *error)
{
  if (self->socket == NULL)
    return;

  _hearth_shelly_link_ws_teardown (self);
  hearth_link_push_closed (HEARTH_LINK (self), error);
}

static void
ws_send_call (HearthShellyLink *self,
              WsCall           *call)
{
  g_autoptr(JsonNode) frame = NULL;
  g_autoptr(JsonObject) auth = NULL;
  g_autofree char *text = NULL;
  const char *password = _hearth_shelly_link_get_password (self);

  call->id = self->next_id++;
  call->sent_auth = FALSE;

  if (self->ws_challenge != NULL && password != NULL)
    {
      g_autofree char *cnonce = hearth_http_auth_new_cnonce ();

      self->ws_challenge->nc++;
      auth = hearth_http_auth_shelly_frame (self->ws_challenge, "admin", password,
                                            self->ws_challenge->nc, cnonce);
      call->sent_auth = TRUE;
    }

  frame = hearth_shelly_frame_build (call->id, self->src, call->method, call->params, auth);
  text = hearth_json_to_string (frame);
  g_hash_table_insert (self->ws_calls, &call->id, call);
  hearth_push_socket_send_text (self->socket, text);
}

static void
ws_call_complete (HearthShellyLink *self,
                  WsCall           *call,
                  JsonNode         *result,
                  const GError     *error)
{
  WsCallback callback = call->callback;

  g_hash_table_steal (self->ws_calls, &call->id);
  ws_call_free (call);
  callback (self, result, error);
}

static gboolean
ws_call_timeout_cb (gpointer user_data)
{
  WsCall *call = user_data;
  HearthShellyLink *self = call->self;
  g_autoptr(GError) error = NULL;

  call->timeout_id = 0;
  error = g_error_new (G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                       "The Shelly did not answer %s on its WebSocket", call->method);
  ws_call_complete (self, call, NULL, error);

  return G_SOURCE_REMOVE;
}

static void
ws_call (HearthShellyLink *self,
         const char       *method,
         JsonObject       *params,
         WsCallback        callback)
{
  HearthHttp *http = hearth_link_get_http (HEARTH_LINK (self));
  WsCall *call;
  guint deadline_ms;

  g_assert (self->socket != NULL);

  call = g_new0 (WsCall, 1);
  call->self = self;
  call->method = g_strdup (method);
  call->params = params != NULL ? json_object_ref (params) : NULL;
  call->callback = callback;

  deadline_ms = http != NULL ? hearth_http_get_deadline_ms (http) : 0;
  if (deadline_ms == 0)
    deadline_ms = HEARTH_HTTP_DEFAULT_DEADLINE_SECONDS * 1000;
  call->timeout_id = g_timeout_add (deadline_ms, ws_call_timeout_cb, call);

  ws_send_call (self, call);
}

/* A 401 error frame: answer the challenge once, or give up */
static void
ws_handle_unauthorized (HearthShellyLink        *self,
                        WsCall                  *call,
                        const HearthShellyFrame *frame)
{
  g_autoptr(HearthHttpChallenge) challenge = NULL;
  g_autoptr(GError) error = NULL;

  if (_hearth_shelly_link_get_password (self) == NULL || call->retried)
    {
      error = hearth_shelly_frame_to_error (frame, call->sent_auth);
      ws_call_complete (self, call, NULL, error);
      return;
    }

  challenge = hearth_http_challenge_parse_shelly_frame (frame->error_message, &error);
  if (challenge == NULL)
    {
      ws_call_complete (self, call, NULL, error);
      return;
    }

  /* A fresh nonce (the first challenge, or the old one expired) */
  g_clear_pointer (&self->ws_challenge, hearth_http_challenge_free);
  self->ws_challenge = g_steal_pointer (&challenge);

  g_hash_table_steal (self->ws_calls, &call->id);
  call->retried = TRUE;
  ws_send_call (self, call);
}

static void
ws_config_changed_cb (HearthShellyLink *self,
                      JsonNode         *result,
                      const GError     *error)
{
  g_autoptr(GError) local_error = NULL;

  if (error != NULL || result == NULL || !JSON_NODE_HOLDS_OBJECT (result))
    return;

  g_clear_pointer (&self->config, json_object_unref);
  self->config = json_object_ref (json_node_get_object (result));
  if (!_hearth_shelly_link_apply_model (self, &local_error))
    g_debug ("Shelly: %s", local_error->message);
}

static void
ws_handle_notification (HearthShellyLink        *self,
                        const HearthShellyFrame *frame)
{
  g_autoptr(GError) error = NULL;
  JsonObject *params;

  if (frame->result == NULL || !JSON_NODE_HOLDS_OBJECT (frame->result))
    return;

  params = json_node_get_object (frame->result);

  if (g_strcmp0 (frame->method, "NotifyStatus") == 0)
    {
      /* Deltas mean nothing before this connection's baseline */
      if (self->status == NULL || !self->ws_baseline)
        return;
      hearth_shelly_status_merge (self->status, params);
    }
  else if (g_strcmp0 (frame->method, "NotifyFullStatus") == 0)
    {
      g_autoptr(JsonObject) status = json_object_new ();

      hearth_shelly_status_merge (status, params);
      _hearth_shelly_link_set_status (self, status);
    }
  else if (g_strcmp0 (frame->method, "NotifyEvent") == 0)
    {
      JsonArray *events = hearth_json_get_array (params, "events");

      for (guint i = 0; events != NULL && i < json_array_get_length (events); i++)
        {
          JsonObject *event = hearth_json_array_get_object (events, i);

          if (g_strcmp0 (hearth_json_get_string (event, "event", NULL), "config_changed") == 0)
            {
              ws_call (self, "Shelly.GetConfig", NULL, ws_config_changed_cb);
              break;
            }
        }
      return;
    }
  else
    return;

  if (!_hearth_shelly_link_apply_model (self, &error))
    g_debug ("Shelly %s: %s",
             hearth_device_get_id (hearth_link_get_device (HEARTH_LINK (self))),
             error->message);
  hearth_link_reassert_pending (HEARTH_LINK (self));
}

static void
on_socket_message (HearthPushSocket *socket,
                   const char       *text,
                   HearthShellyLink *self)
{
  g_autoptr(HearthShellyFrame) frame = NULL;
  g_autoptr(GError) error = NULL;
  WsCall *call;

  frame = hearth_shelly_frame_parse_data (text, strlen (text), &error);
  if (frame == NULL)
    {
      g_debug ("Shelly %s: ignoring a bad WebSocket frame: %s",
               hearth_device_get_id (hearth_link_get_device (HEARTH_LINK (self))),
               error->message);
      return;
    }

  hearth_link_seen (HEARTH_LINK (self));

  if (frame->kind == HEARTH_SHELLY_FRAME_NOTIFICATION)
    {
      ws_handle_notification (self, frame);
      return;
    }

  call = g_hash_table_lookup (self->ws_calls, &frame->id);
  if (call == NULL)
    return;

  if (frame->kind == HEARTH_SHELLY_FRAME_ERROR && frame->error_code == 401)
    ws_handle_unauthorized (self, call, frame);
  else if (frame->kind == HEARTH_SHELLY_FRAME_ERROR)
    {
      error = hearth_shelly_frame_to_error (frame, call->sent_auth);
      ws_call_complete (self, call, NULL, error);
    }
  else
    ws_call_complete (self, call, frame->result, NULL);
}

/* The device closed it or went silent, the handshake failed, or the link
 * stopped meanwhile (G_IO_ERROR_CANCELLED, which the base ignores) */
static void
on_socket_closed (HearthPushSocket *socket,
                  const GError     *error,
                  HearthShellyLink *self)
{
  ws_failed (self, error);
}

static void
ws_heartbeat_cb (HearthShellyLink *self,
                 JsonNode         *result,
                 const GError     *error)
{
  g_autoptr(GError) local_error = NULL;

  self->heartbeat_waiting = FALSE;

  if (error != NULL)
    {
      /* No answer in time: the device is gone or wedged */
      ws_failed (self, error);
      return;
    }

  /* The answer is a full status: a free resync */
  if (result != NULL && JSON_NODE_HOLDS_OBJECT (result))
    {
      _hearth_shelly_link_set_status (self, json_node_get_object (result));
      if (!_hearth_shelly_link_apply_model (self, &local_error))
        g_debug ("Shelly: %s", local_error->message);
    }
}

/* A request on the socket that the device answers; the answer is a free
 * resync (see ws_heartbeat_cb) */
static void
on_socket_heartbeat (HearthPushSocket *socket,
                     HearthShellyLink *self)
{
  if (!self->heartbeat_waiting)
    {
      self->heartbeat_waiting = TRUE;
      ws_call (self, "Shelly.GetStatus", NULL, ws_heartbeat_cb);
    }
}

/* Second step of an open: the names; then everything is up to date */
static void
ws_config_cb (HearthShellyLink *self,
              JsonNode         *result,
              const GError     *error)
{
  g_autoptr(GError) local_error = NULL;

  if (error == NULL && (result == NULL || !JSON_NODE_HOLDS_OBJECT (result)))
    error = local_error = g_error_new_literal (HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD,
                                               "The Shelly's configuration is not an object");

  if (error == NULL)
    {
      g_clear_pointer (&self->config, json_object_unref);
      self->config = json_object_ref (json_node_get_object (result));
      if (!_hearth_shelly_link_apply_model (self, &local_error))
        error = local_error;
    }

  if (error != NULL)
    {
      ws_failed (self, error);
      return;
    }

  /* Up to date, and subscribed: the push is live */
  self->ws_opened = TRUE;
  self->heartbeat_waiting = FALSE;
  hearth_push_socket_confirm (self->socket);
  hearth_link_push_opened (HEARTH_LINK (self));
}

/* First step of an open: Shelly.GetStatus with our src, which is the
 * baseline and subscribes us to notifications */
static void
ws_baseline_cb (HearthShellyLink *self,
                JsonNode         *result,
                const GError     *error)
{
  if (error != NULL)
    {
      ws_failed (self, error);
      return;
    }

  if (result == NULL || !JSON_NODE_HOLDS_OBJECT (result))
    {
      g_autoptr(GError) local_error = g_error_new_literal (HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD,
                                                           "The Shelly's status is not an object");
      ws_failed (self, local_error);
      return;
    }

  /* Deltas from here on overlay this */
  _hearth_shelly_link_set_status (self, json_node_get_object (result));
  self->ws_baseline = TRUE;

  ws_call (self, "Shelly.GetConfig", NULL, ws_config_cb);
}

/* The handshake is done */
static void
on_socket_opened (HearthPushSocket *socket,
                  HearthShellyLink *self)
{
  self->ws_connecting = FALSE;
  _hearth_shelly_link_rpc_http_flush (self);

  self->ws_opened = FALSE;
  self->ws_baseline = FALSE;

  /* On every (re)open, read everything again: a reconnect must not leave
   * stale names or state behind. */
  ws_call (self, "Shelly.GetStatus", NULL, ws_baseline_cb);
}

void
_hearth_shelly_link_ws_teardown (HearthShellyLink *self)
{
  GHashTableIter iter;
  WsCall *call;

  self->ws_open_waiting = FALSE;
  self->ws_opened = FALSE;
  self->ws_baseline = FALSE;
  self->heartbeat_waiting = FALSE;
  g_clear_pointer (&self->ws_challenge, hearth_http_challenge_free);

  /* Pending calls are our own (open, heartbeat, config): just drop them */
  g_hash_table_iter_init (&iter, self->ws_calls);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &call))
    {
      g_hash_table_iter_steal (&iter);
      ws_call_free (call);
    }

  if (self->socket != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->socket, self);
      hearth_push_socket_close (self->socket);
      g_clear_object (&self->socket);
    }

  /* A handshake given up: the requests held for it go now */
  if (self->ws_connecting)
    {
      self->ws_connecting = FALSE;
      _hearth_shelly_link_rpc_http_flush (self);
    }
}

void
_hearth_shelly_link_maybe_start_ws (HearthShellyLink *self)
{
  if (!self->ws_open_waiting || self->http_busy > 0 || self->ws_connecting)
    return;

  self->ws_open_waiting = FALSE;
  /* The link stopped meanwhile (it only calls close_push() once the push
   * is open) */
  if (self->socket == NULL || g_cancellable_is_cancelled (self->link_cancellable))
    {
      _hearth_shelly_link_ws_teardown (self);
      return;
    }

  self->ws_connecting = TRUE;
  hearth_push_socket_open (self->socket, self->link_cancellable);
}

void
_hearth_shelly_link_open_push (HearthLink *link)
{
  HearthShellyLink *self = HEARTH_SHELLY_LINK (link);
  HearthHttpQueue *queue = hearth_link_get_queue (link);

  _hearth_shelly_link_ws_teardown (self);
  g_clear_object (&self->link_cancellable);
  self->link_cancellable = g_object_ref (hearth_link_get_cancellable (link));

  if (queue == NULL)
    {
      g_autoptr(GError) error = g_error_new_literal (HEARTH_ERROR, HEARTH_ERROR_FAILED,
                                                     "The Shelly has no address");
      hearth_link_push_closed (link, error);
      return;
    }

  self->socket = hearth_push_socket_new (queue, "/rpc",
                                         hearth_device_get_name (hearth_link_get_device (link)));
  g_object_bind_property (link, "liveness-interval", self->socket, "heartbeat-interval",
                          G_BINDING_SYNC_CREATE);
  g_signal_connect (self->socket, "opened", G_CALLBACK (on_socket_opened), self);
  g_signal_connect (self->socket, "message", G_CALLBACK (on_socket_message), self);
  g_signal_connect (self->socket, "heartbeat", G_CALLBACK (on_socket_heartbeat), self);
  g_signal_connect (self->socket, "closed", G_CALLBACK (on_socket_closed), self);

  /* After our HTTP requests under way, if any */
  self->ws_open_waiting = TRUE;
  _hearth_shelly_link_maybe_start_ws (self);
}

void
_hearth_shelly_link_close_push (HearthLink *link)
{
  _hearth_shelly_link_ws_teardown (HEARTH_SHELLY_LINK (link));
}
