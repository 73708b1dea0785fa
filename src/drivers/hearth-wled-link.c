/* hearth-wled-link.c: a WLED device's WebSocket, and changing it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Live state comes over one WebSocket, /ws. The firmware sends state + info
 * when it opens and again after every change; that first message brings
 * the model up to date, so the push channel counts as open only once it
 * was applied. A text starting with 'p' is answered "pong": that is the
 * heartbeat (the firmware is said not to answer WebSocket ping frames).
 *
 * Reading (polling, and after a failed change): GET /json/si. Effect names
 * come from GET /json/eff, read again when info.fxcount changes; presets
 * from GET /presets.json (404 = none), read again when info.fs.pmt
 * changes, as python-wled does. Presets are offered next to the effects
 * under their own names (see hearth_wled_catalog_list()).
 *
 * Changes: POST /json/state with "v":true, whose answer is the new state.
 * Every HTTP request goes through the device's queue, one at a time, as
 * the firmware's single JSON buffer wants.
 */
#include "config.h"

#include "hearth-change.h"
#include "hearth-control.h"
#include "hearth-device.h"
#include "hearth-error.h"
#include "hearth-http.h"
#include "hearth-http-queue.h"
#include "hearth-json.h"

#include "hearth-wled-link.h"
#include "hearth-wled-parse.h"

/* After a failure to read effects or presets, wait this long before trying
 * again, so that a device with a broken file is not asked on every push. */
#define CATALOG_RETRY_US (30 * G_USEC_PER_SEC)

struct _HearthWledLink
{
  HearthLink               parent_instance;

  HearthWledCatalog        catalog;
  guint                    fxcount;         /* what catalog.effects was read for */
  gint64                   pmt;             /* what catalog.presets was read for */
  gint64                   catalog_retry;   /* monotonic µs; 0 = at once */
  int                      main_segment;

  /* The WebSocket, from the connection attempt until it closes */
  GCancellable            *ws_cancellable;  /* the link's, when it was opened */
  gulong                   ws_cancelled_id;
  gboolean                 ws_connecting;
  guint                    ws_generation;   /* which connection attempt is current */
  SoupWebsocketConnection *ws;
  gboolean                 ws_ready;        /* first message applied, push open */
  gboolean                 ws_loading;      /* a catalog read for a message */
  JsonNode                *ws_pending;      /* the latest message meanwhile */
  guint                    first_message_source;
  guint                    heartbeat_source;
  gboolean                 awaiting_pong;
};

G_DEFINE_FINAL_TYPE (HearthWledLink, hearth_wled_link, HEARTH_TYPE_LINK)

static void ws_teardown (HearthWledLink *self);

/* The catalog: effect names and presets */

typedef struct
{
  gboolean need_effects;
  gboolean need_presets;
  guint    fxcount;
  gint64   pmt;
} CatalogRequest;

static gboolean
catalog_needs (HearthWledLink       *self,
               const HearthWledInfo *info,
               CatalogRequest       *request)
{
  request->fxcount = info->fxcount;
  request->pmt = info->pmt;
  request->need_effects = self->catalog.effects == NULL || info->fxcount != self->fxcount;
  request->need_presets = self->catalog.presets == NULL || info->pmt != self->pmt;

  if (!request->need_effects && !request->need_presets)
    return FALSE;

  /* Effects are what a person picks; without them only wait after a failure */
  if (self->catalog_retry != 0 && g_get_monotonic_time () < self->catalog_retry)
    return FALSE;

  return TRUE;
}

static void catalog_step (GTask *task);

static void
on_presets_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  HearthWledLink *self = g_task_get_source_object (task);
  CatalogRequest *request = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) presets = NULL;

  root = hearth_http_queue_send_json_finish (HEARTH_HTTP_QUEUE (source), result, &error);
  if (root == NULL && g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_HTTP_STATUS))
    {
      /* No presets.json (404) means no presets */
      g_debug ("WLED %s has no presets: %s",
               hearth_device_get_id (hearth_link_get_device (HEARTH_LINK (self))),
               error->message);
      presets = g_ptr_array_new ();
      g_clear_error (&error);
    }
  else if (root != NULL)
    presets = hearth_wled_parse_presets (root, &error);

  if (presets == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_clear_pointer (&self->catalog.presets, g_ptr_array_unref);
  self->catalog.presets = g_steal_pointer (&presets);
  self->pmt = request->pmt;
  request->need_presets = FALSE;
  catalog_step (g_steal_pointer (&task));
}

static void
on_effects_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  HearthWledLink *self = g_task_get_source_object (task);
  CatalogRequest *request = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  GStrv effects = NULL;

  root = hearth_http_queue_send_json_finish (HEARTH_HTTP_QUEUE (source), result, &error);
  if (root != NULL)
    effects = hearth_wled_parse_effects (root, &error);
  if (effects == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_strfreev (self->catalog.effects);
  self->catalog.effects = effects;
  self->fxcount = request->fxcount;
  request->need_effects = FALSE;
  catalog_step (g_steal_pointer (&task));
}

static void
catalog_step (GTask *task)
{
  HearthWledLink *self = g_task_get_source_object (task);
  CatalogRequest *request = g_task_get_task_data (task);
  HearthHttpQueue *queue = hearth_link_get_queue (HEARTH_LINK (self));
  GCancellable *cancellable = g_task_get_cancellable (task);

  if (request->need_effects)
    hearth_http_queue_send_async (queue, "GET", "/json/eff", NULL, NULL, NULL,
                                  cancellable, on_effects_cb, task);
  else if (request->need_presets)
    hearth_http_queue_send_async (queue, "GET", "/presets.json", NULL, NULL, NULL,
                                  cancellable, on_presets_cb, task);
  else
    {
      self->catalog_retry = 0;
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
    }
}

static void
catalog_update_async (HearthWledLink       *self,
                      const CatalogRequest *request,
                      GCancellable         *cancellable,
                      GAsyncReadyCallback   callback,
                      gpointer              user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, catalog_update_async);
  g_task_set_task_data (task, g_memdup2 (request, sizeof *request), g_free);
  catalog_step (task);
}

/* A failure leaves the old catalog (or none) and is only logged: the state
 * is still worth showing. */
static void
catalog_update_finish (HearthWledLink *self,
                       GAsyncResult   *result)
{
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_debug ("Could not read the effects and presets of WLED %s: %s",
               hearth_device_get_id (hearth_link_get_device (HEARTH_LINK (self))),
               error->message);
      self->catalog_retry = g_get_monotonic_time () + CATALOG_RETRY_US;
    }
}

/* Reads the info next to a state, and checks that the device at this
 * address is still this one. */
static gboolean
read_info (HearthWledLink  *self,
           JsonNode        *root,
           HearthWledInfo  *info,
           GError         **error)
{
  HearthDevice *device = hearth_link_get_device (HEARTH_LINK (self));

  if (!hearth_wled_parse_info (root, info, error))
    return FALSE;

  if (g_strcmp0 (info->id, hearth_device_get_id (device)) != 0)
    {
      g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_FAILED,
                   "Another WLED device (%s) now answers at %s:%u instead of %s",
                   info->id, hearth_device_get_host (device),
                   hearth_device_get_port (device), hearth_device_get_id (device));
      hearth_wled_info_clear (info);
      return FALSE;
    }

  if (g_strcmp0 (info->firmware, hearth_device_get_firmware (device)) != 0)
    hearth_device_set_firmware (device, info->firmware);
  return TRUE;
}

/* Refreshing: GET /json/si, then effects and presets when they changed */

typedef struct
{
  JsonNode *root;
} RefreshData;

static void
refresh_data_free (gpointer data)
{
  RefreshData *refresh = data;

  g_clear_pointer (&refresh->root, json_node_unref);
  g_free (refresh);
}

static void
refresh_apply (GTask *task)
{
  HearthWledLink *self = g_task_get_source_object (task);
  RefreshData *refresh = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!hearth_wled_parse_state (hearth_link_get_device (HEARTH_LINK (self)),
                                refresh->root, &self->catalog,
                                &self->main_segment, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_refresh_catalog_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  HearthWledLink *self = HEARTH_WLED_LINK (source);

  catalog_update_finish (self, result);
  if (g_task_return_error_if_cancelled (task))
    return;
  refresh_apply (task);
}

static void
on_refresh_si_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  HearthWledLink *self = g_task_get_source_object (task);
  RefreshData *refresh = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  HearthWledInfo info = { 0, };
  CatalogRequest request;

  refresh->root = hearth_http_queue_send_json_finish (HEARTH_HTTP_QUEUE (source), result, &error);
  if (refresh->root == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!read_info (self, refresh->root, &info, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (catalog_needs (self, &info, &request))
    {
      /* Read before the task is handed over: the order in which a call's
       * arguments are evaluated is unspecified */
      GCancellable *cancellable = g_task_get_cancellable (task);

      catalog_update_async (self, &request, cancellable,
                            on_refresh_catalog_cb, g_steal_pointer (&task));
    }
  else
    refresh_apply (task);

  hearth_wled_info_clear (&info);
}

static void
hearth_wled_link_refresh_async (HearthLink          *link,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  task = g_task_new (link, cancellable, callback, user_data);
  g_task_set_source_tag (task, hearth_wled_link_refresh_async);
  g_task_set_task_data (task, g_new0 (RefreshData, 1), refresh_data_free);

  hearth_http_queue_send_async (hearth_link_get_queue (link), "GET", "/json/si", NULL,
                                NULL, NULL, cancellable,
                                on_refresh_si_cb, g_steal_pointer (&task));
}

static gboolean
hearth_wled_link_refresh_finish (HearthLink    *link,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, link), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Changes: POST /json/state {…, "v":true}; the answer is the new state */

static void
on_state_posted_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  HearthWledLink *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;

  root = hearth_http_queue_send_json_finish (HEARTH_HTTP_QUEUE (source), result, &error);
  if (root == NULL ||
      !hearth_wled_parse_state (hearth_link_get_device (HEARTH_LINK (self)), root,
                                &self->catalog, &self->main_segment, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
hearth_wled_link_send_async (HearthLink          *link,
                             HearthControl       *control,
                             const HearthChange  *change,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  HearthWledLink *self = HEARTH_WLED_LINK (link);
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(GError) error = NULL;

  task = g_task_new (link, cancellable, callback, user_data);
  g_task_set_source_tag (task, hearth_wled_link_send_async);

  body = hearth_wled_build_request (change, &self->catalog, self->main_segment, &error);
  if (body == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  hearth_http_queue_send_async (hearth_link_get_queue (link), "POST", "/json/state", body,
                                NULL, NULL, cancellable,
                                on_state_posted_cb, g_steal_pointer (&task));
}

static gboolean
hearth_wled_link_send_finish (HearthLink    *link,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, link), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* The WebSocket */

/* The channel failed: tear it down and let the base poll and reconnect. */
static void
ws_fail (HearthWledLink *self,
         GError         *error)
{
  ws_teardown (self);
  hearth_link_push_closed (HEARTH_LINK (self), error);
}

static gboolean
on_heartbeat (gpointer user_data)
{
  HearthWledLink *self = user_data;

  if (self->awaiting_pong)
    {
      g_autoptr(GError) error = NULL;

      self->heartbeat_source = 0;
      error = g_error_new (G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                           "The WebSocket of %s stopped answering",
                           hearth_device_get_name (hearth_link_get_device (HEARTH_LINK (self))));
      ws_fail (self, error);
      return G_SOURCE_REMOVE;
    }

  self->awaiting_pong = TRUE;
  if (self->ws != NULL &&
      soup_websocket_connection_get_state (self->ws) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_send_text (self->ws, "ping");
  return G_SOURCE_CONTINUE;
}

static void
ws_apply (HearthWledLink *self,
          JsonNode       *root)
{
  g_autoptr(GError) error = NULL;

  if (!hearth_wled_parse_state (hearth_link_get_device (HEARTH_LINK (self)), root,
                                &self->catalog, &self->main_segment, &error))
    {
      g_debug ("WLED %s pushed a message that is no state: %s",
               hearth_device_get_id (hearth_link_get_device (HEARTH_LINK (self))),
               error->message);
      return;
    }

  hearth_link_reassert_pending (HEARTH_LINK (self));
  hearth_link_seen (HEARTH_LINK (self));

  if (!self->ws_ready)
    {
      self->ws_ready = TRUE;
      g_clear_handle_id (&self->first_message_source, g_source_remove);
      self->awaiting_pong = FALSE;
      self->heartbeat_source = g_timeout_add (hearth_link_get_liveness_interval (HEARTH_LINK (self)), on_heartbeat, self);
      hearth_link_push_opened (HEARTH_LINK (self));
    }
}

static void ws_handle_state (HearthWledLink *self, JsonNode *root);

static void
on_ws_catalog_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(HearthWledLink) self = user_data;
  g_autoptr(JsonNode) root = NULL;

  catalog_update_finish (self, result);
  self->ws_loading = FALSE;

  /* The WebSocket went away meanwhile */
  root = g_steal_pointer (&self->ws_pending);
  if (root == NULL || self->ws == NULL)
    return;

  ws_handle_state (self, root);
}

static void
ws_handle_state (HearthWledLink *self,
                 JsonNode       *root)
{
  HearthWledInfo info = { 0, };
  g_autoptr(GError) error = NULL;
  CatalogRequest request;

  if (self->ws_loading)
    {
      g_clear_pointer (&self->ws_pending, json_node_unref);
      self->ws_pending = json_node_ref (root);
      return;
    }

  if (json_object_has_member (json_node_get_object (root), "info"))
    {
      if (!read_info (self, root, &info, &error))
        {
          /* Another device at this address: this channel is not ours */
          if (g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_FAILED))
            {
              ws_fail (self, error);
              return;
            }
          g_debug ("WLED %s: ignoring a pushed info: %s",
                   hearth_device_get_id (hearth_link_get_device (HEARTH_LINK (self))),
                   error->message);
        }
      else if (catalog_needs (self, &info, &request))
        {
          self->ws_loading = TRUE;
          self->ws_pending = json_node_ref (root);
          catalog_update_async (self, &request, self->ws_cancellable,
                                on_ws_catalog_cb, g_object_ref (self));
          hearth_wled_info_clear (&info);
          return;
        }
      hearth_wled_info_clear (&info);
    }

  ws_apply (self, root);
}

static void
on_ws_message (SoupWebsocketConnection *connection,
               int                      type,
               GBytes                  *message,
               gpointer                 user_data)
{
  HearthWledLink *self = user_data;
  g_autoptr(JsonNode) root = NULL;
  const char *data;
  gsize size;
  int code = 0;

  if (type != SOUP_WEBSOCKET_DATA_TEXT)
    return;

  /* Anything at all says the connection is alive */
  self->awaiting_pong = FALSE;

  data = g_bytes_get_data (message, &size);
  switch (hearth_wled_classify_message (data, size, &root, &code))
    {
    case HEARTH_WLED_MESSAGE_STATE:
      ws_handle_state (self, root);
      break;
    case HEARTH_WLED_MESSAGE_ERROR:
      /* 3: the JSON buffer was busy; the next push brings the state */
      g_debug ("WLED %s: WebSocket error %d",
               hearth_device_get_id (hearth_link_get_device (HEARTH_LINK (self))), code);
      break;
    case HEARTH_WLED_MESSAGE_PONG:
    case HEARTH_WLED_MESSAGE_OTHER:
    default:
      break;
    }
}

static void
on_ws_closed (SoupWebsocketConnection *connection,
              gpointer                 user_data)
{
  HearthWledLink *self = user_data;
  g_autoptr(GError) error = NULL;
  gushort code = soup_websocket_connection_get_close_code (connection);

  error = g_error_new (G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                       "The WebSocket of %s closed (code %u)",
                       hearth_device_get_name (hearth_link_get_device (HEARTH_LINK (self))),
                       code);
  ws_fail (self, error);
}

static void
on_ws_error (SoupWebsocketConnection *connection,
             GError                  *error,
             gpointer                 user_data)
{
  HearthWledLink *self = user_data;

  /* "closed" follows */
  g_debug ("WLED %s: WebSocket error: %s",
           hearth_device_get_id (hearth_link_get_device (HEARTH_LINK (self))),
           error->message);
}

static gboolean
on_first_message_timeout (gpointer user_data)
{
  HearthWledLink *self = user_data;
  g_autoptr(GError) error = NULL;

  self->first_message_source = 0;
  error = g_error_new (G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                       "%s opened its WebSocket but sent no state",
                       hearth_device_get_name (hearth_link_get_device (HEARTH_LINK (self))));
  ws_fail (self, error);
  return G_SOURCE_REMOVE;
}

/* The link stopped while the WebSocket was still coming up (the base only
 * calls close_push once it is open). */
static void
on_ws_cancelled (GCancellable *cancellable,
                 gpointer      user_data)
{
  ws_teardown (HEARTH_WLED_LINK (user_data));
}

typedef struct
{
  HearthWledLink *self;
  guint           generation;
} Attempt;

static void
on_ws_connected_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Attempt *attempt = user_data;
  g_autoptr(HearthWledLink) self = attempt->self;
  guint generation = attempt->generation;
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupWebsocketConnection) ws = NULL;
  HearthHttp *http = hearth_link_get_http (HEARTH_LINK (self));

  g_free (attempt);
  ws = hearth_http_queue_websocket_finish (HEARTH_HTTP_QUEUE (source), result, &error);

  /* Stopped, closed or opened again meanwhile: this attempt is over */
  if (!self->ws_connecting || generation != self->ws_generation)
    {
      if (ws != NULL)
        soup_websocket_connection_close (ws, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);
      return;
    }
  self->ws_connecting = FALSE;

  if (ws == NULL)
    {
      ws_fail (self, error);
      return;
    }

  self->ws = g_steal_pointer (&ws);
  g_signal_connect (self->ws, "message", G_CALLBACK (on_ws_message), self);
  g_signal_connect (self->ws, "closed", G_CALLBACK (on_ws_closed), self);
  g_signal_connect (self->ws, "error", G_CALLBACK (on_ws_error), self);
  self->first_message_source = g_timeout_add (hearth_http_get_deadline_ms (http),
                                              on_first_message_timeout, self);
}

static void
ws_teardown (HearthWledLink *self)
{
  self->ws_generation++;
  g_clear_handle_id (&self->first_message_source, g_source_remove);
  g_clear_handle_id (&self->heartbeat_source, g_source_remove);
  g_clear_pointer (&self->ws_pending, json_node_unref);
  self->ws_connecting = FALSE;
  self->ws_ready = FALSE;
  self->awaiting_pong = FALSE;

  if (self->ws_cancellable != NULL)
    {
      /* Not g_cancellable_disconnect(): this may run inside "cancelled" */
      g_clear_signal_handler (&self->ws_cancelled_id, self->ws_cancellable);
      g_clear_object (&self->ws_cancellable);
    }

  if (self->ws != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->ws, self);
      if (soup_websocket_connection_get_state (self->ws) == SOUP_WEBSOCKET_STATE_OPEN)
        {
          /* Keep it until the closing handshake is over, so that the
           * device really hears the close */
          g_signal_connect (self->ws, "closed", G_CALLBACK (g_object_unref), NULL);
          soup_websocket_connection_close (self->ws, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);
          self->ws = NULL;
        }
      g_clear_object (&self->ws);
    }
}

static void
hearth_wled_link_open_push (HearthLink *link)
{
  HearthWledLink *self = HEARTH_WLED_LINK (link);
  GCancellable *cancellable = hearth_link_get_cancellable (link);
  Attempt *attempt;

  ws_teardown (self);

  self->ws_cancellable = g_object_ref (cancellable);
  self->ws_cancelled_id = g_signal_connect (cancellable, "cancelled",
                                            G_CALLBACK (on_ws_cancelled), self);
  self->ws_connecting = TRUE;
  attempt = g_new0 (Attempt, 1);
  attempt->self = g_object_ref (self);
  attempt->generation = self->ws_generation;
  hearth_http_queue_websocket_async (hearth_link_get_queue (link), "/ws", cancellable,
                                     on_ws_connected_cb, attempt);
}

static void
hearth_wled_link_close_push (HearthLink *link)
{
  ws_teardown (HEARTH_WLED_LINK (link));
}

static void
hearth_wled_link_dispose (GObject *object)
{
  HearthWledLink *self = (HearthWledLink *)object;

  G_OBJECT_CLASS (hearth_wled_link_parent_class)->dispose (object);

  ws_teardown (self);
}

static void
hearth_wled_link_finalize (GObject *object)
{
  HearthWledLink *self = (HearthWledLink *)object;

  hearth_wled_catalog_clear (&self->catalog);

  G_OBJECT_CLASS (hearth_wled_link_parent_class)->finalize (object);
}

static void
hearth_wled_link_class_init (HearthWledLinkClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  HearthLinkClass *link_class = HEARTH_LINK_CLASS (klass);

  object_class->dispose = hearth_wled_link_dispose;
  object_class->finalize = hearth_wled_link_finalize;

  link_class->open_push = hearth_wled_link_open_push;
  link_class->close_push = hearth_wled_link_close_push;
  link_class->refresh_async = hearth_wled_link_refresh_async;
  link_class->refresh_finish = hearth_wled_link_refresh_finish;
  link_class->send_async = hearth_wled_link_send_async;
  link_class->send_finish = hearth_wled_link_send_finish;
}

static void
on_liveness_interval_changed (HearthWledLink *self)
{
  if (self->heartbeat_source != 0)
    {
      g_source_remove (self->heartbeat_source);
      self->heartbeat_source = g_timeout_add (hearth_link_get_liveness_interval (HEARTH_LINK (self)),
                                              on_heartbeat, self);
    }
}

static void
hearth_wled_link_init (HearthWledLink *self)
{
  hearth_link_set_liveness_interval (HEARTH_LINK (self), HEARTH_WLED_HEARTBEAT_MS);
  g_signal_connect (self, "notify::liveness-interval", G_CALLBACK (on_liveness_interval_changed), NULL);
}

HearthLink *
hearth_wled_link_new (HearthDevice *device,
                      HearthHttp   *http)
{
  return g_object_new (HEARTH_TYPE_WLED_LINK,
                       "device", device,
                       "http", http,
                       NULL);
}

