/* hearth-shelly-link.c: the live connection to one Shelly Gen2+ device
 *
 * State is read with Shelly.GetStatus (+ Shelly.GetConfig for the names)
 * over HTTP POST /rpc, through the device's queue. Changes go the same way.
 * Live updates come over one WebSocket /rpc: Shelly.GetStatus first (the
 * baseline, and the device only notifies a client that sent a frame with a
 * `src`), then NotifyStatus deltas overlaid on the cached status. A periodic
 * request on the socket notices a device that went away.
 *
 * With auth_en, HTTP requests carry the password to the queue, which
 * answers the SHA-256 digest challenge; on the WebSocket the 401 error frame
 * is answered with an `auth` object in the frame (protocols.md §1.5).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "hearth-control.h"
#include "hearth-device.h"
#include "hearth-error.h"
#include "hearth-http.h"
#include "hearth-http-auth.h"
#include "hearth-http-queue.h"
#include "hearth-json.h"
#include "hearth-push-socket.h"
#include "hearth-shelly-link.h"
#include "hearth-shelly-parse.h"
#include "hearth-shelly-rpc.h"

typedef struct _WsCall WsCall;

/* result is NULL for a null result; error is set on failure */
typedef void (*WsCallback) (HearthShellyLink *self,
                            JsonNode         *result,
                            const GError     *error);

struct _WsCall
{
  HearthShellyLink *self;      /* unowned: calls die with the socket */
  gint64            id;
  char             *method;
  JsonObject       *params;
  WsCallback        callback;
  gboolean          sent_auth;
  gboolean          retried;
  guint             timeout_id;
};

struct _HearthShellyLink
{
  HearthLink               parent_instance;

  JsonObject              *config;
  JsonObject              *status;
  char                    *src;
  gint64                   next_id;

  /* The push channel */
  HearthPushSocket        *socket;          /* from open_push until it closes */
  GCancellable            *link_cancellable; /* the link's, when it opened */
  GHashTable              *ws_calls;        /* gint64 id → WsCall */
  HearthHttpChallenge     *ws_challenge;    /* the last 401's; nc: the last used */
  gboolean                 ws_baseline;   /* this socket's GetStatus came */
  gboolean                 ws_opened;     /* and the config: push_opened() */
  gboolean                 heartbeat_waiting;

  /* The WebSocket handshake is an HTTP request too: it never overlaps one
   * of ours, so the device sees one request at a time. */
  guint                    http_busy;       /* our requests under way */
  gboolean                 ws_open_waiting; /* to open once they are done */
  gboolean                 ws_connecting;   /* handshake under way */
  GQueue                   deferred;        /* of GTask, held meanwhile */
};

typedef struct
{
  char       *method;
  JsonObject *params;
} RpcCall;

G_DEFINE_FINAL_TYPE (HearthShellyLink, hearth_shelly_link, HEARTH_TYPE_LINK)

static void ws_teardown (HearthShellyLink *self);
static void maybe_start_ws (HearthShellyLink *self);

/* Helpers ----------------------------------------------------------------- */

static const char *
get_password (HearthShellyLink *self)
{
  const char *password = hearth_link_get_password (HEARTH_LINK (self));

  return (password != NULL && *password != '\0') ? password : NULL;
}

static char *
random_hex (void)
{
  return g_strdup_printf ("%08x%08x", g_random_int (), g_random_int ());
}

static gint64
cfg_rev (JsonObject *object)
{
  return hearth_json_get_int (hearth_json_get_object (object, "sys"), "cfg_rev", -1);
}

static gboolean
apply_model (HearthShellyLink  *self,
             GError           **error)
{
  HearthDevice *device = hearth_link_get_device (HEARTH_LINK (self));

  if (self->status == NULL)
    return TRUE;

  return hearth_shelly_apply_status (device, self->config, self->status, error);
}

static void
set_status (HearthShellyLink *self,
            JsonObject       *status)
{
  g_clear_pointer (&self->status, json_object_unref);
  self->status = json_object_ref (status);
}

/* "switch:0" → "Switch" (for Switch.GetStatus) */
static const char *
component_namespace (const char *key)
{
  static const struct { const char *component; const char *ns; } map[] = {
    { "switch", "Switch" }, { "light", "Light" }, { "rgb", "RGB" },
    { "rgbw", "RGBW" }, { "cct", "CCT" }, { "cover", "Cover" },
  };
  g_autofree char *component = NULL;

  if (!hearth_shelly_split_key (key, &component, NULL))
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (map); i++)
    if (g_str_equal (component, map[i].component))
      return map[i].ns;

  return NULL;
}

/* RPC over HTTP: POST /rpc with a frame ------------------------------------ */

static void
rpc_http_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  HearthShellyLink *self = g_task_get_source_object (task);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(HearthShellyFrame) frame = NULL;
  g_autoptr(GError) error = NULL;

  node = hearth_http_queue_send_json_finish (HEARTH_HTTP_QUEUE (object), result, &error);

  g_assert (self->http_busy > 0);
  self->http_busy--;
  maybe_start_ws (self);
  if (node == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  frame = hearth_shelly_frame_parse (node, &error);
  if (frame == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* It answered, even if it said no */
  hearth_link_seen (HEARTH_LINK (self));

  switch (frame->kind)
    {
    case HEARTH_SHELLY_FRAME_RESULT:
      if (frame->result != NULL)
        g_task_return_pointer (task, json_node_ref (frame->result),
                               (GDestroyNotify) json_node_unref);
      else
        g_task_return_pointer (task, json_node_new (JSON_NODE_NULL),
                               (GDestroyNotify) json_node_unref);
      break;

    case HEARTH_SHELLY_FRAME_ERROR:
      g_task_return_error (task, hearth_shelly_frame_to_error (frame, get_password (self) != NULL));
      break;

    case HEARTH_SHELLY_FRAME_NOTIFICATION:
    default:
      g_task_return_new_error (task, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD,
                               "The Shelly answered a request with a notification");
      break;
    }
}

static void
rpc_call_free (gpointer data)
{
  RpcCall *call = data;

  g_free (call->method);
  g_clear_pointer (&call->params, json_object_unref);
  g_free (call);
}

static void
rpc_http_start (HearthShellyLink *self,
                GTask            *task)
{
  RpcCall *call = g_task_get_task_data (task);
  HearthHttpQueue *queue = hearth_link_get_queue (HEARTH_LINK (self));
  g_autoptr(JsonNode) frame = NULL;
  const char *password = get_password (self);

  if (queue == NULL)
    {
      g_task_return_new_error (task, HEARTH_ERROR, HEARTH_ERROR_FAILED,
                               "The Shelly has no address");
      g_object_unref (task);
      return;
    }

  self->http_busy++;
  frame = hearth_shelly_frame_build (self->next_id++, self->src, call->method, call->params, NULL);
  hearth_http_queue_send_async (queue, "POST", "/rpc", frame,
                                password != NULL ? "admin" : NULL, password,
                                g_task_get_cancellable (task), rpc_http_cb, task);
}

/* Sends the deferred requests once the handshake is over */
static void
rpc_http_flush (HearthShellyLink *self)
{
  GTask *task;

  while (!self->ws_connecting && (task = g_queue_pop_head (&self->deferred)) != NULL)
    rpc_http_start (self, task);
}

static void
rpc_http_async (HearthShellyLink    *self,
                const char          *method,
                JsonObject          *params,
                GCancellable        *cancellable,
                GAsyncReadyCallback  callback,
                gpointer             user_data)
{
  GTask *task;
  RpcCall *call;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rpc_http_async);

  call = g_new0 (RpcCall, 1);
  call->method = g_strdup (method);
  call->params = params != NULL ? json_object_ref (params) : NULL;
  g_task_set_task_data (task, call, rpc_call_free);

  if (self->ws_connecting)
    g_queue_push_tail (&self->deferred, task);
  else
    rpc_http_start (self, task);
}

/* Returns the result (a null node for a null result), or NULL with @error */
static JsonNode *
rpc_http_finish (HearthShellyLink  *self,
                 GAsyncResult      *result,
                 GError           **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Refresh: Shelly.GetStatus (+ Shelly.GetConfig when it changed) ----------- */

static void
refresh_config_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  HearthShellyLink *self = HEARTH_SHELLY_LINK (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonNode) config = NULL;
  g_autoptr(GError) error = NULL;

  config = rpc_http_finish (self, result, &error);
  if (config == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (!JSON_NODE_HOLDS_OBJECT (config))
    {
      g_task_return_new_error (task, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD,
                               "The Shelly's configuration is not an object");
      return;
    }

  g_clear_pointer (&self->config, json_object_unref);
  self->config = json_object_ref (json_node_get_object (config));

  if (!apply_model (self, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
refresh_status_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  HearthShellyLink *self = HEARTH_SHELLY_LINK (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonNode) status = NULL;
  g_autoptr(GError) error = NULL;

  status = rpc_http_finish (self, result, &error);
  if (status == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (!JSON_NODE_HOLDS_OBJECT (status))
    {
      g_task_return_new_error (task, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD,
                               "The Shelly's status is not an object");
      return;
    }

  set_status (self, json_node_get_object (status));

  /* The names live in the configuration; read it again only when it changed */
  if (self->config == NULL || cfg_rev (self->config) != cfg_rev (self->status) ||
      cfg_rev (self->status) < 0)
    {
      GCancellable *cancellable = g_task_get_cancellable (task);

      rpc_http_async (self, "Shelly.GetConfig", NULL, cancellable,
                      refresh_config_cb, g_steal_pointer (&task));
      return;
    }

  if (!apply_model (self, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
hearth_shelly_link_refresh_async (HearthLink          *link,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  HearthShellyLink *self = HEARTH_SHELLY_LINK (link);
  GTask *task;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hearth_shelly_link_refresh_async);

  rpc_http_async (self, "Shelly.GetStatus", NULL, cancellable, refresh_status_cb, task);
}

static gboolean
hearth_shelly_link_refresh_finish (HearthLink    *link,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, link), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Changes ----------------------------------------------------------------- */

static void
send_readback_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  HearthShellyLink *self = HEARTH_SHELLY_LINK (object);
  g_autoptr(GTask) task = user_data;
  const char *key = g_task_get_task_data (task);
  g_autoptr(JsonNode) component = NULL;
  g_autoptr(GError) error = NULL;

  /* The change itself succeeded; a failed read-back is left to polling */
  component = rpc_http_finish (self, result, &error);
  if (component == NULL || !JSON_NODE_HOLDS_OBJECT (component) || self->status == NULL)
    {
      if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Shelly %s: reading %s back failed: %s",
                 hearth_device_get_id (hearth_link_get_device (HEARTH_LINK (self))),
                 key, error->message);
      g_task_return_boolean (task, TRUE);
      return;
    }

  json_object_set_member (self->status, key, json_node_copy (component));
  if (!apply_model (self, &error))
    g_debug ("Shelly %s: %s", hearth_device_get_id (hearth_link_get_device (HEARTH_LINK (self))),
             error->message);

  g_task_return_boolean (task, TRUE);
}

static void
send_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  HearthShellyLink *self = HEARTH_SHELLY_LINK (object);
  g_autoptr(GTask) task = user_data;
  const char *key = g_task_get_task_data (task);
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) params = NULL;
  g_autofree char *method = NULL;
  const char *ns;
  GCancellable *cancellable;
  int index = 0;

  answer = rpc_http_finish (self, result, &error);
  if (answer == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* The answer ({"was_on":false}) does not carry the new state. With the
   * push channel up, NotifyStatus brings it; otherwise read it back. */
  ns = component_namespace (key);
  if (self->ws_opened || ns == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  hearth_shelly_split_key (key, NULL, &index);
  method = g_strdup_printf ("%s.GetStatus", ns);
  params = json_object_new ();
  json_object_set_int_member (params, "id", index);
  cancellable = g_task_get_cancellable (task);
  rpc_http_async (self, method, params, cancellable, send_readback_cb, g_steal_pointer (&task));
}

static void
hearth_shelly_link_send_async (HearthLink          *link,
                               HearthControl       *control,
                               const HearthChange  *change,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  HearthShellyLink *self = HEARTH_SHELLY_LINK (link);
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonObject) params = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *method = NULL;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hearth_shelly_link_send_async);
  g_task_set_task_data (task, g_strdup (hearth_control_get_id (control)), g_free);

  if (!hearth_shelly_change_to_rpc (control, change, &method, &params, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  rpc_http_async (self, method, params, cancellable, send_cb, g_steal_pointer (&task));
}

static gboolean
hearth_shelly_link_send_finish (HearthLink    *link,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, link), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

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

  ws_teardown (self);
  hearth_link_push_closed (HEARTH_LINK (self), error);
}

static void
ws_send_call (HearthShellyLink *self,
              WsCall           *call)
{
  g_autoptr(JsonNode) frame = NULL;
  g_autoptr(JsonObject) auth = NULL;
  g_autofree char *text = NULL;
  const char *password = get_password (self);

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

  if (get_password (self) == NULL || call->retried)
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
  if (!apply_model (self, &local_error))
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
      set_status (self, status);
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

  if (!apply_model (self, &error))
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
      set_status (self, json_node_get_object (result));
      if (!apply_model (self, &local_error))
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
      if (!apply_model (self, &local_error))
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
  set_status (self, json_node_get_object (result));
  self->ws_baseline = TRUE;

  ws_call (self, "Shelly.GetConfig", NULL, ws_config_cb);
}

/* The handshake is done */
static void
on_socket_opened (HearthPushSocket *socket,
                  HearthShellyLink *self)
{
  self->ws_connecting = FALSE;
  rpc_http_flush (self);

  self->ws_opened = FALSE;
  self->ws_baseline = FALSE;

  /* On every (re)open, read everything again: a reconnect must not leave
   * stale names or state behind. */
  ws_call (self, "Shelly.GetStatus", NULL, ws_baseline_cb);
}

static void
ws_teardown (HearthShellyLink *self)
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
      rpc_http_flush (self);
    }
}

static void
maybe_start_ws (HearthShellyLink *self)
{
  if (!self->ws_open_waiting || self->http_busy > 0 || self->ws_connecting)
    return;

  self->ws_open_waiting = FALSE;
  /* The link stopped meanwhile (it only calls close_push() once the push
   * is open) */
  if (self->socket == NULL || g_cancellable_is_cancelled (self->link_cancellable))
    {
      ws_teardown (self);
      return;
    }

  self->ws_connecting = TRUE;
  hearth_push_socket_open (self->socket, self->link_cancellable);
}

static void
hearth_shelly_link_open_push (HearthLink *link)
{
  HearthShellyLink *self = HEARTH_SHELLY_LINK (link);
  HearthHttpQueue *queue = hearth_link_get_queue (link);

  ws_teardown (self);
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
  maybe_start_ws (self);
}

static void
hearth_shelly_link_close_push (HearthLink *link)
{
  ws_teardown (HEARTH_SHELLY_LINK (link));
}

/* GObject ------------------------------------------------------------------ */

static void
hearth_shelly_link_dispose (GObject *object)
{
  HearthShellyLink *self = HEARTH_SHELLY_LINK (object);

  ws_teardown (self);

  G_OBJECT_CLASS (hearth_shelly_link_parent_class)->dispose (object);
}

static void
hearth_shelly_link_finalize (GObject *object)
{
  HearthShellyLink *self = HEARTH_SHELLY_LINK (object);

  g_clear_object (&self->link_cancellable);
  g_clear_pointer (&self->ws_calls, g_hash_table_unref);
  g_clear_pointer (&self->config, json_object_unref);
  g_clear_pointer (&self->status, json_object_unref);
  g_free (self->src);

  G_OBJECT_CLASS (hearth_shelly_link_parent_class)->finalize (object);
}

static void
hearth_shelly_link_class_init (HearthShellyLinkClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  HearthLinkClass *link_class = HEARTH_LINK_CLASS (klass);

  object_class->dispose = hearth_shelly_link_dispose;
  object_class->finalize = hearth_shelly_link_finalize;

  link_class->open_push = hearth_shelly_link_open_push;
  link_class->close_push = hearth_shelly_link_close_push;
  link_class->refresh_async = hearth_shelly_link_refresh_async;
  link_class->refresh_finish = hearth_shelly_link_refresh_finish;
  link_class->send_async = hearth_shelly_link_send_async;
  link_class->send_finish = hearth_shelly_link_send_finish;
}

static void
hearth_shelly_link_init (HearthShellyLink *self)
{
  g_autofree char *tag = random_hex ();

  self->src = g_strdup_printf ("hearth-%s", tag);
  self->next_id = 1;
  hearth_link_set_liveness_interval (HEARTH_LINK (self), HEARTH_SHELLY_LINK_DEFAULT_HEARTBEAT_MS);
  self->ws_calls = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_queue_init (&self->deferred);
}

HearthLink *
hearth_shelly_link_new (HearthDevice *device,
                        HearthHttp   *http)
{
  return g_object_new (HEARTH_TYPE_SHELLY_LINK,
                       "device", device,
                       "http", http,
                       NULL);
}


