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

#include <string.h>

#include "hearth-change.h"
#include "hearth-control.h"
#include "hearth-device.h"
#include "hearth-error.h"
#include "hearth-http-queue.h"
#include "hearth-json.h"
#include "hearth-push-socket.h"
#include "hearth-link-task.h"

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
  HearthPushSocket        *socket;
  gboolean                 ws_loading;      /* a catalog read for a message */
  JsonNode                *ws_pending;      /* the latest message meanwhile */
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

/* The presets from their answer, for the catalog */
static gboolean
take_presets (HearthWledLink  *self,
              CatalogRequest  *request,
              JsonNode        *root,
              GError         **error)
{
  g_autoptr(GPtrArray) presets = NULL;

  if (root == NULL && g_error_matches (*error, HEARTH_ERROR, HEARTH_ERROR_HTTP_STATUS))
    {
      /* No presets.json (404) means no presets */
      g_debug ("WLED %s has no presets: %s",
               hearth_device_get_id (hearth_link_get_device (HEARTH_LINK (self))),
               (*error)->message);
      presets = g_ptr_array_new ();
      g_clear_error (error);
    }
  else if (root != NULL)
    presets = hearth_wled_parse_presets (root, error);

  if (presets == NULL)
    return FALSE;

  g_clear_pointer (&self->catalog.presets, g_ptr_array_unref);
  self->catalog.presets = g_steal_pointer (&presets);
  self->pmt = request->pmt;
  request->need_presets = FALSE;
  return TRUE;
}

/* The effects from their answer, for the catalog */
static gboolean
take_effects (HearthWledLink  *self,
              CatalogRequest  *request,
              JsonNode        *root,
              GError         **error)
{
  GStrv effects = NULL;

  if (root != NULL)
    effects = hearth_wled_parse_effects (root, error);
  if (effects == NULL)
    return FALSE;

  g_strfreev (self->catalog.effects);
  self->catalog.effects = effects;
  self->fxcount = request->fxcount;
  request->need_effects = FALSE;
  return TRUE;
}

/* The answer to catalog_step()'s request: the effects while they are
 * needed, then the presets */
static void
on_catalog_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  HearthWledLink *self = g_task_get_source_object (task);
  CatalogRequest *request = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  gboolean taken;

  root = hearth_http_queue_send_json_finish (HEARTH_HTTP_QUEUE (source), result, &error);
  if (request->need_effects)
    taken = take_effects (self, request, root, &error);
  else
    taken = take_presets (self, request, root, &error);

  if (!taken)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

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
                                  cancellable, on_catalog_cb, task);
  else if (request->need_presets)
    hearth_http_queue_send_async (queue, "GET", "/presets.json", NULL, NULL, NULL,
                                  cancellable, on_catalog_cb, task);
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

/* The WebSocket */

/* The channel failed: tear it down and let the base poll and reconnect. */
static void
ws_fail (HearthWledLink *self,
         const GError   *error)
{
  ws_teardown (self);
  hearth_link_push_closed (HEARTH_LINK (self), error);
}

/* The heartbeat: the firmware answers a text starting with 'p' */
static void
on_socket_heartbeat (HearthPushSocket *socket,
                     HearthWledLink   *self)
{
  hearth_push_socket_send_text (socket, "ping");
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

  /* The first state applied: the push is open */
  if (!hearth_push_socket_is_confirmed (self->socket))
    {
      hearth_push_socket_confirm (self->socket);
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
  if (root == NULL || self->socket == NULL)
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
          catalog_update_async (self, &request, hearth_link_get_cancellable (HEARTH_LINK (self)),
                                on_ws_catalog_cb, g_object_ref (self));
          hearth_wled_info_clear (&info);
          return;
        }
      hearth_wled_info_clear (&info);
    }

  ws_apply (self, root);
}

static void
on_socket_message (HearthPushSocket *socket,
                   const char       *text,
                   HearthWledLink   *self)
{
  g_autoptr(JsonNode) root = NULL;
  int code = 0;

  switch (hearth_wled_classify_message (text, strlen (text), &root, &code))
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

/* Closed by the device, silent, or the link stopped meanwhile (then the
 * error is G_IO_ERROR_CANCELLED, which the base ignores) */
static void
on_socket_closed (HearthPushSocket *socket,
                  const GError     *error,
                  HearthWledLink   *self)
{
  ws_fail (self, error);
}

static void
ws_teardown (HearthWledLink *self)
{
  g_clear_pointer (&self->ws_pending, json_node_unref);

  if (self->socket != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->socket, self);
      hearth_push_socket_close (self->socket);
      g_clear_object (&self->socket);
    }
}

static void
hearth_wled_link_open_push (HearthLink *link)
{
  HearthWledLink *self = HEARTH_WLED_LINK (link);

  ws_teardown (self);

  self->socket = hearth_push_socket_new (hearth_link_get_queue (link), "/ws",
                                         hearth_device_get_name (hearth_link_get_device (link)));
  g_object_bind_property (link, "liveness-interval", self->socket, "heartbeat-interval",
                          G_BINDING_SYNC_CREATE);
  g_signal_connect (self->socket, "message", G_CALLBACK (on_socket_message), self);
  g_signal_connect (self->socket, "heartbeat", G_CALLBACK (on_socket_heartbeat), self);
  g_signal_connect (self->socket, "closed", G_CALLBACK (on_socket_closed), self);
  hearth_push_socket_open (self->socket, hearth_link_get_cancellable (link));
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
  link_class->refresh_finish = hearth_link_task_finish;
  link_class->send_async = hearth_wled_link_send_async;
  link_class->send_finish = hearth_link_task_finish;
}

static void
hearth_wled_link_init (HearthWledLink *self)
{
  hearth_link_set_liveness_interval (HEARTH_LINK (self), HEARTH_WLED_HEARTBEAT_MS);
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

