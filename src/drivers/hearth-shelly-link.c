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
#include "hearth-link-task.h"
#include "hearth-shelly-link.h"
#include "hearth-shelly-link-private.h"
#include "hearth-shelly-parse.h"
#include "hearth-shelly-rpc.h"

typedef struct
{
  char       *method;
  JsonObject *params;
} RpcCall;

G_DEFINE_FINAL_TYPE (HearthShellyLink, hearth_shelly_link, HEARTH_TYPE_LINK)


/* Helpers ----------------------------------------------------------------- */

const char *
_hearth_shelly_link_get_password (HearthShellyLink *self)
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

gboolean
_hearth_shelly_link_apply_model (HearthShellyLink  *self,
                                 GError           **error)
{
  HearthDevice *device = hearth_link_get_device (HEARTH_LINK (self));

  if (self->status == NULL)
    return TRUE;

  return hearth_shelly_apply_status (device, self->config, self->status, error);
}

void
_hearth_shelly_link_set_status (HearthShellyLink *self,
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
  _hearth_shelly_link_maybe_start_ws (self);
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
      g_task_return_error (task, hearth_shelly_frame_to_error (frame, _hearth_shelly_link_get_password (self) != NULL));
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
  const char *password = _hearth_shelly_link_get_password (self);

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
void
_hearth_shelly_link_rpc_http_flush (HearthShellyLink *self)
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

  if (!_hearth_shelly_link_apply_model (self, &error))
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

  _hearth_shelly_link_set_status (self, json_node_get_object (status));

  /* The names live in the configuration; read it again only when it changed */
  if (self->config == NULL || cfg_rev (self->config) != cfg_rev (self->status) ||
      cfg_rev (self->status) < 0)
    {
      GCancellable *cancellable = g_task_get_cancellable (task);

      rpc_http_async (self, "Shelly.GetConfig", NULL, cancellable,
                      refresh_config_cb, g_steal_pointer (&task));
      return;
    }

  if (!_hearth_shelly_link_apply_model (self, &error))
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
  if (!_hearth_shelly_link_apply_model (self, &error))
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

/* GObject ------------------------------------------------------------------ */

static void
hearth_shelly_link_dispose (GObject *object)
{
  HearthShellyLink *self = HEARTH_SHELLY_LINK (object);

  _hearth_shelly_link_ws_teardown (self);

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

  link_class->open_push = _hearth_shelly_link_open_push;
  link_class->close_push = _hearth_shelly_link_close_push;
  link_class->refresh_async = hearth_shelly_link_refresh_async;
  link_class->refresh_finish = hearth_link_task_finish;
  link_class->send_async = hearth_shelly_link_send_async;
  link_class->send_finish = hearth_link_task_finish;
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


