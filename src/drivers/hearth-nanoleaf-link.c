/* hearth-nanoleaf-link.c: a Nanoleaf's event stream, and changing it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every request carries the token (the link's password) in its path:
 * /api/v1/<token>/…. Without a token, or when the controller answers 401
 * (the token was revoked, or another controller answers at the address),
 * the link fails with HEARTH_ERROR_NEEDS_PAIRING.
 *
 * Reading: GET /api/v1/<token>/ (info, state and effects at once).
 *
 * Live state: Server-Sent Events from GET /api/v1/<token>/events?id=1,2,3
 * (a HearthEventStream: lines of at most HEARTH_NANOLEAF_MAX_LINE, a
 * deadline on the headers only). The firmware sends nothing when the
 * stream opens, so once the headers are in, the whole state is read; the
 * push channel counts as open after that. A controller sends nothing on an
 * idle stream either: while it is open the state is still read every
 * HEARTH_NANOLEAF_CHECK_INTERVAL_MS, and a failure there ends the stream.
 * When the stream ends, the base class polls and reconnects.
 *
 * Changes: an effect is PUT /api/v1/<token>/effects {"select":…}; the rest
 * one PUT /api/v1/<token>/state with "on" as the last key (the firmware
 * applies the keys in order, and a brightness switches the light on).
 * Both answer 204 without a body: the stream brings the new state.
 */
#include "config.h"

#include <string.h>

#include "hearth-change.h"
#include "hearth-control.h"
#include "hearth-device.h"
#include "hearth-error.h"
#include "hearth-event-stream.h"
#include "hearth-http-queue.h"
#include "hearth-json.h"
#include "hearth-link-task.h"

#include "hearth-nanoleaf-link.h"
#include "hearth-nanoleaf-parse.h"

/* Event types asked for: state, layout, effects (not touch) */
#define EVENT_IDS      "1,2,3"
#define MAX_EVENT_DATA (256 * 1024)

struct _HearthNanoleafLink
{
  HearthLink           parent_instance;

  HearthNanoleafState  state;
  char                *serial;         /* the controller first paired with */

  /* The event stream, from the request until it ends */
  HearthEventStream   *stream;
  GCancellable        *check_cancellable;
  guint                no_token_source;
  guint                check_source;
  gboolean             checking;
};

G_DEFINE_FINAL_TYPE (HearthNanoleafLink, hearth_nanoleaf_link, HEARTH_TYPE_LINK)

static const char *
device_label (HearthNanoleafLink *self)
{
  HearthDevice *device = hearth_link_get_device (HEARTH_LINK (self));

  return hearth_device_get_name (device) ? hearth_device_get_name (device)
                                         : hearth_device_get_id (device);
}

/* The path for @sub (may be "") with the token, or NULL and
 * HEARTH_ERROR_NEEDS_PAIRING when there is no usable token */
static char *
token_path (HearthNanoleafLink  *self,
            const char          *sub,
            GError             **error)
{
  const char *token = hearth_link_get_password (HEARTH_LINK (self));

  if (!hearth_nanoleaf_token_is_valid (token))
    {
      g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_NEEDS_PAIRING,
                   "%s is not paired with Hearth yet", device_label (self));
      return NULL;
    }

  return g_strdup_printf ("/api/v1/%s/%s", token, sub);
}

/* A 401 reaches us as "needs a password" (no credentials were sent): for
 * a Nanoleaf that is a token it no longer takes. */
static GError *
map_error (HearthNanoleafLink *self,
           GError             *error)
{
  if (g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_NEEDS_PASSWORD) ||
      g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PASSWORD))
    {
      GError *mapped = g_error_new (HEARTH_ERROR, HEARTH_ERROR_NEEDS_PAIRING,
                                    "%s refused Hearth's token: pair it again",
                                    device_label (self));
      g_error_free (error);
      return mapped;
    }

  return error;
}

/* ------------------------------------------------------------------ */
/* Reading                                                            */

static void
on_info_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = G_TASK (user_data);
  HearthNanoleafLink *self = g_task_get_source_object (task);
  HearthDevice *device = hearth_link_get_device (HEARTH_LINK (self));
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  const char *serial = NULL;

  root = hearth_http_queue_send_json_finish (HEARTH_HTTP_QUEUE (source), result, &error);
  if (root == NULL)
    {
      g_task_return_error (task, map_error (self, g_steal_pointer (&error)));
      return;
    }

  if (JSON_NODE_HOLDS_OBJECT (root))
    serial = hearth_json_get_string (json_node_get_object (root), "serialNo", NULL);
  if (self->serial != NULL && serial != NULL && g_strcmp0 (serial, self->serial) != 0)
    {
      g_task_return_new_error (task, HEARTH_ERROR, HEARTH_ERROR_WRONG_DEVICE,
                               "Another Nanoleaf (serial number %s) answers at the address of %s",
                               serial, device_label (self));
      return;
    }

  if (!hearth_nanoleaf_parse_info (root, &self->state, device, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (self->serial == NULL && self->state.serial != NULL)
    self->serial = g_strdup (self->state.serial);

  hearth_link_reassert_pending (HEARTH_LINK (self));
  hearth_link_seen (HEARTH_LINK (self));
  g_task_return_boolean (task, TRUE);
}

static void
hearth_nanoleaf_link_refresh_async (HearthLink          *link,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  HearthNanoleafLink *self = HEARTH_NANOLEAF_LINK (link);
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hearth_nanoleaf_link_refresh_async);

  path = token_path (self, "", &error);
  if (path == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  hearth_http_queue_send_async (hearth_link_get_queue (link), "GET", path, NULL, NULL, NULL,
                                cancellable, on_info_cb, g_steal_pointer (&task));
}

/* ------------------------------------------------------------------ */
/* Changes                                                            */

typedef struct
{
  HearthChange *change;
  JsonNode     *state_body;   /* NULL: nothing for …/state */
  gboolean      state_sent;   /* the PUT on its way is …/state's */
} SendData;

static void
send_data_free (gpointer data)
{
  SendData *send = data;

  hearth_change_free (send->change);
  g_clear_pointer (&send->state_body, json_node_unref);
  g_free (send);
}

static void put_state (GTask *task);

/* The answer to the PUT of the change's effect (its state next) or of
 * its state */
static void
on_put_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GTask *task = G_TASK (user_data);
  HearthNanoleafLink *self = g_task_get_source_object (task);
  SendData *send = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;

  body = hearth_http_queue_send_finish (HEARTH_HTTP_QUEUE (source), result, &error);
  if (body == NULL)
    {
      g_task_return_error (task, map_error (self, g_steal_pointer (&error)));
      g_object_unref (task);
      return;
    }

  if (!send->state_sent)
    {
      put_state (task);
      return;
    }

  hearth_nanoleaf_state_update (&self->state, send->change);
  hearth_link_seen (HEARTH_LINK (self));
  g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

static void
put_state (GTask *task)
{
  HearthNanoleafLink *self = g_task_get_source_object (task);
  SendData *send = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  if (send->state_body == NULL)
    {
      hearth_nanoleaf_state_update (&self->state, send->change);
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }

  path = token_path (self, "state", &error);
  if (path == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  send->state_sent = TRUE;
  hearth_http_queue_send_async (hearth_link_get_queue (HEARTH_LINK (self)), "PUT", path,
                                send->state_body, NULL, NULL, g_task_get_cancellable (task),
                                on_put_cb, task);
}

static void
hearth_nanoleaf_link_send_async (HearthLink          *link,
                                 HearthControl       *control,
                                 const HearthChange  *change,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  HearthNanoleafLink *self = HEARTH_NANOLEAF_LINK (link);
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) effect_body = NULL;
  g_autofree char *path = NULL;
  SendData *send;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hearth_nanoleaf_link_send_async);

  if (g_strcmp0 (hearth_control_get_id (control), HEARTH_NANOLEAF_CONTROL_ID) != 0)
    {
      g_task_return_new_error (task, HEARTH_ERROR, HEARTH_ERROR_NOT_FOUND,
                               "A Nanoleaf has no control “%s”", hearth_control_get_id (control));
      return;
    }

  send = g_new0 (SendData, 1);
  send->change = hearth_change_copy (change);
  g_task_set_task_data (task, send, send_data_free);

  send->state_body = hearth_nanoleaf_build_state_change (change, &self->state, &error);
  if (error == NULL)
    effect_body = hearth_nanoleaf_build_effect_change (change, &self->state, &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (effect_body == NULL)
    {
      put_state (g_steal_pointer (&task));
      return;
    }

  /* The effect first: "on" comes last of all */
  path = token_path (self, "effects", &error);
  if (path == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  hearth_http_queue_send_async (hearth_link_get_queue (link), "PUT", path, effect_body,
                                NULL, NULL, cancellable, on_put_cb,
                                g_steal_pointer (&task));
}

/* ------------------------------------------------------------------ */
/* The event stream                                                   */

static void
stream_teardown (HearthNanoleafLink *self)
{
  g_clear_handle_id (&self->no_token_source, g_source_remove);
  g_clear_handle_id (&self->check_source, g_source_remove);
  self->checking = FALSE;
  if (self->check_cancellable != NULL)
    {
      g_cancellable_cancel (self->check_cancellable);
      g_clear_object (&self->check_cancellable);
    }
  if (self->stream != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->stream, self);
      hearth_event_stream_close (self->stream);
      g_clear_object (&self->stream);
    }
}

static void
stream_fail (HearthNanoleafLink *self,
             GError             *error)
{
  g_autoptr(GError) owned = error;

  stream_teardown (self);
  hearth_link_push_closed (HEARTH_LINK (self), owned);
}

static void
on_stream_event (HearthEventStream  *stream,
                 const char         *type,
                 const char         *data,
                 const char         *id,
                 HearthNanoleafLink *self)
{
  g_autoptr(GError) error = NULL;
  HearthDevice *device = hearth_link_get_device (HEARTH_LINK (self));

  hearth_link_seen (HEARTH_LINK (self));

  /* The last event id is Nanoleaf's event type */
  if (hearth_nanoleaf_parse_event (id, data, &self->state, &error))
    {
      hearth_nanoleaf_state_apply (&self->state, device);
      hearth_link_reassert_pending (HEARTH_LINK (self));
    }
  else if (error != NULL)
    g_debug ("Nanoleaf %s sent an event Hearth does not understand: %s",
             hearth_device_get_id (device), error->message);
}

static void
on_stream_closed (HearthEventStream  *stream,
                  const GError       *error,
                  HearthNanoleafLink *self)
{
  guint status = hearth_event_stream_get_status (stream);

  if (g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_HTTP_STATUS) &&
      status == SOUP_STATUS_UNAUTHORIZED)
    stream_fail (self, g_error_new (HEARTH_ERROR, HEARTH_ERROR_NEEDS_PAIRING,
                                    "%s refused Hearth's token: pair it again",
                                    device_label (self)));
  else if (g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_HTTP_STATUS))
    stream_fail (self, g_error_new (HEARTH_ERROR, HEARTH_ERROR_HTTP_STATUS,
                                    "%s answered %u to the event stream request",
                                    device_label (self), status));
  else
    stream_fail (self, g_error_copy (error));
}

static gboolean on_check_timeout (gpointer user_data);

/* The stream's first read of everything (then it is live, and checked
 * every liveness interval) or one of those checks */
static void
on_stream_refreshed (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(HearthEventStream) stream = user_data;
  HearthNanoleafLink *self = HEARTH_NANOLEAF_LINK (source);
  g_autoptr(GError) error = NULL;
  gboolean first;
  gboolean ok;

  ok = hearth_link_refresh_finish (HEARTH_LINK (source), result, &error);
  if (stream != self->stream)
    return;

  first = !self->checking;
  self->checking = FALSE;
  if (!ok)
    {
      stream_fail (self, g_steal_pointer (&error));
      return;
    }

  if (first)
    {
      self->check_source = g_timeout_add (hearth_link_get_liveness_interval (HEARTH_LINK (self)),
                                          on_check_timeout, self);
      hearth_link_push_opened (HEARTH_LINK (self));
    }
}

static gboolean
on_check_timeout (gpointer user_data)
{
  HearthNanoleafLink *self = user_data;

  if (!self->checking)
    {
      self->checking = TRUE;
      hearth_link_refresh_async (HEARTH_LINK (self), self->check_cancellable,
                                 on_stream_refreshed, g_object_ref (self->stream));
    }
  return G_SOURCE_CONTINUE;
}

static void
on_stream_opened (HearthEventStream  *stream,
                  HearthNanoleafLink *self)
{
  /* Nothing is sent on connect: read everything once, then it is live */
  hearth_link_refresh_async (HEARTH_LINK (self), self->check_cancellable,
                             on_stream_refreshed, g_object_ref (stream));
}

static gboolean
on_no_token (gpointer user_data)
{
  HearthNanoleafLink *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  self->no_token_source = 0;
  path = token_path (self, "events", &error);
  if (error == NULL)
    error = g_error_new (HEARTH_ERROR, HEARTH_ERROR_NEEDS_PAIRING,
                         "%s is not paired with Hearth yet", device_label (self));
  stream_fail (self, g_steal_pointer (&error));
  return G_SOURCE_REMOVE;
}

static void
hearth_nanoleaf_link_open_push (HearthLink *link)
{
  HearthNanoleafLink *self = HEARTH_NANOLEAF_LINK (link);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *path_and_query = NULL;

  stream_teardown (self);

  path = token_path (self, "events", &error);
  if (path == NULL)
    {
      /* Not from inside open_push: the base is not done with it yet */
      self->no_token_source = g_idle_add (on_no_token, self);
      return;
    }

  path_and_query = g_strconcat (path, "?id=" EVENT_IDS, NULL);
  self->stream = hearth_event_stream_new (hearth_link_get_queue (link), path_and_query);
  hearth_event_stream_set_limits (self->stream, HEARTH_NANOLEAF_MAX_LINE, MAX_EVENT_DATA);
  g_signal_connect (self->stream, "opened", G_CALLBACK (on_stream_opened), self);
  g_signal_connect (self->stream, "event", G_CALLBACK (on_stream_event), self);
  g_signal_connect (self->stream, "closed", G_CALLBACK (on_stream_closed), self);
  self->check_cancellable = g_cancellable_new ();
  hearth_event_stream_open (self->stream, hearth_link_get_cancellable (link));
}

static void
hearth_nanoleaf_link_close_push (HearthLink *link)
{
  stream_teardown (HEARTH_NANOLEAF_LINK (link));
}

/* ------------------------------------------------------------------ */

static void
hearth_nanoleaf_link_constructed (GObject *object)
{
  G_OBJECT_CLASS (hearth_nanoleaf_link_parent_class)->constructed (object);

  hearth_link_set_poll_interval (HEARTH_LINK (object), HEARTH_NANOLEAF_POLL_INTERVAL_MS);
}

static void
hearth_nanoleaf_link_dispose (GObject *object)
{
  HearthNanoleafLink *self = HEARTH_NANOLEAF_LINK (object);

  G_OBJECT_CLASS (hearth_nanoleaf_link_parent_class)->dispose (object);

  stream_teardown (self);
}

static void
hearth_nanoleaf_link_finalize (GObject *object)
{
  HearthNanoleafLink *self = HEARTH_NANOLEAF_LINK (object);

  hearth_nanoleaf_state_clear (&self->state);
  g_clear_pointer (&self->serial, g_free);

  G_OBJECT_CLASS (hearth_nanoleaf_link_parent_class)->finalize (object);
}

static void
hearth_nanoleaf_link_class_init (HearthNanoleafLinkClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  HearthLinkClass *link_class = HEARTH_LINK_CLASS (klass);

  object_class->constructed = hearth_nanoleaf_link_constructed;
  object_class->dispose = hearth_nanoleaf_link_dispose;
  object_class->finalize = hearth_nanoleaf_link_finalize;

  link_class->open_push = hearth_nanoleaf_link_open_push;
  link_class->close_push = hearth_nanoleaf_link_close_push;
  link_class->refresh_async = hearth_nanoleaf_link_refresh_async;
  link_class->refresh_finish = hearth_link_task_finish;
  link_class->send_async = hearth_nanoleaf_link_send_async;
  link_class->send_finish = hearth_link_task_finish;
}

static void
on_liveness_interval_changed (HearthNanoleafLink *self)
{
  if (self->check_source != 0)
    {
      g_source_remove (self->check_source);
      self->check_source = g_timeout_add (hearth_link_get_liveness_interval (HEARTH_LINK (self)),
                                          on_check_timeout, self);
    }
}

static void
hearth_nanoleaf_link_init (HearthNanoleafLink *self)
{
  hearth_nanoleaf_state_init (&self->state);
  hearth_link_set_liveness_interval (HEARTH_LINK (self), HEARTH_NANOLEAF_CHECK_INTERVAL_MS);
  g_signal_connect (self, "notify::liveness-interval", G_CALLBACK (on_liveness_interval_changed), NULL);
}

HearthLink *
hearth_nanoleaf_link_new (HearthDevice *device,
                          HearthHttp   *http)
{
  return g_object_new (HEARTH_TYPE_NANOLEAF_LINK,
                       "device", device,
                       "http", http,
                       NULL);
}

