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
 * Live state: Server-Sent Events from GET /api/v1/<token>/events?id=1,2,3,
 * sent on the shared HTTP session outside the device's queue (it never
 * ends), with a deadline on the headers only. The stream is read in
 * chunks and split into lines here (CR, LF or CRLF, at most
 * HEARTH_NANOLEAF_MAX_LINE each) rather than by a GDataInputStream, which
 * would buffer a line without end. The firmware sends nothing when the
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
#include "hearth-http.h"
#include "hearth-http-queue.h"
#include "hearth-json.h"

#include "hearth-nanoleaf-link.h"
#include "hearth-nanoleaf-parse.h"

/* Event types asked for: state, layout, effects (not touch) */
#define EVENT_IDS      "1,2,3"
#define READ_CHUNK     4096
#define MAX_EVENT_DATA (256 * 1024)

struct _HearthNanoleafLink
{
  HearthLink           parent_instance;

  HearthNanoleafState  state;
  char                *serial;         /* the controller first paired with */

  /* The event stream, from the request until it ends */
  guint                generation;
  GCancellable        *sse_cancellable;
  GCancellable        *link_cancellable;
  gulong               link_cancelled_id;
  GInputStream        *sse_stream;
  guint                header_source;
  gboolean             sse_ready;
  GString             *line;
  gboolean             after_cr;
  GString             *data;
  gboolean             has_data;
  char                *event_id;
  guint                check_source;
  gboolean             checking;
};

G_DEFINE_FINAL_TYPE (HearthNanoleafLink, hearth_nanoleaf_link, HEARTH_TYPE_LINK)

static void sse_teardown (HearthNanoleafLink *self);

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

static gboolean
hearth_nanoleaf_link_refresh_finish (HearthLink    *link,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, link), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* Changes                                                            */

typedef struct
{
  HearthChange *change;
  JsonNode     *state_body;   /* NULL: nothing for …/state */
} SendData;

static void
send_data_free (gpointer data)
{
  SendData *send = data;

  hearth_change_free (send->change);
  g_clear_pointer (&send->state_body, json_node_unref);
  g_free (send);
}

static void
on_state_put_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = G_TASK (user_data);
  HearthNanoleafLink *self = g_task_get_source_object (task);
  SendData *send = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;

  body = hearth_http_queue_send_finish (HEARTH_HTTP_QUEUE (source), result, &error);
  if (body == NULL)
    {
      g_task_return_error (task, map_error (self, g_steal_pointer (&error)));
      return;
    }

  hearth_nanoleaf_state_update (&self->state, send->change);
  hearth_link_seen (HEARTH_LINK (self));
  g_task_return_boolean (task, TRUE);
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

  hearth_http_queue_send_async (hearth_link_get_queue (HEARTH_LINK (self)), "PUT", path,
                                send->state_body, NULL, NULL, g_task_get_cancellable (task),
                                on_state_put_cb, task);
}

static void
on_effect_put_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *task = G_TASK (user_data);
  HearthNanoleafLink *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;

  body = hearth_http_queue_send_finish (HEARTH_HTTP_QUEUE (source), result, &error);
  if (body == NULL)
    {
      g_task_return_error (task, map_error (self, g_steal_pointer (&error)));
      g_object_unref (task);
      return;
    }

  put_state (task);
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
                                NULL, NULL, cancellable, on_effect_put_cb,
                                g_steal_pointer (&task));
}

static gboolean
hearth_nanoleaf_link_send_finish (HearthLink    *link,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, link), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* The event stream                                                   */

/* One step of one stream: a weak reference, so that a read still pending
 * when the link stops does not keep the link alive */
typedef struct
{
  GWeakRef  self;
  guint     generation;
} Attempt;

static Attempt *
attempt_new (HearthNanoleafLink *self)
{
  Attempt *attempt = g_new0 (Attempt, 1);

  g_weak_ref_init (&attempt->self, self);
  attempt->generation = self->generation;
  return attempt;
}

static void
attempt_free (Attempt *attempt)
{
  g_weak_ref_clear (&attempt->self);
  g_free (attempt);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Attempt, attempt_free)

/* The link when @attempt is still its current stream (a new reference),
 * else NULL */
static HearthNanoleafLink *
attempt_get_current (Attempt *attempt)
{
  g_autoptr(HearthNanoleafLink) self = g_weak_ref_get (&attempt->self);

  if (self == NULL || attempt->generation != self->generation ||
      self->sse_cancellable == NULL)
    return NULL;
  return g_steal_pointer (&self);
}

static void
sse_fail (HearthNanoleafLink *self,
          GError             *error)
{
  g_autoptr(GError) owned = error;

  sse_teardown (self);
  hearth_link_push_closed (HEARTH_LINK (self), owned);
}

static void
dispatch_event (HearthNanoleafLink *self)
{
  g_autoptr(GError) error = NULL;
  HearthDevice *device = hearth_link_get_device (HEARTH_LINK (self));

  if (!self->has_data)
    return;

  if (hearth_nanoleaf_parse_event (self->event_id, self->data->str, &self->state, &error))
    {
      hearth_nanoleaf_state_apply (&self->state, device);
      hearth_link_reassert_pending (HEARTH_LINK (self));
    }
  else if (error != NULL)
    g_debug ("Nanoleaf %s sent an event Hearth does not understand: %s",
             hearth_device_get_id (device), error->message);

  g_string_truncate (self->data, 0);
  self->has_data = FALSE;
}

/* One line of the stream, without its end */
static void
handle_line (HearthNanoleafLink *self,
             const char         *line)
{
  const char *colon;
  g_autofree char *field = NULL;
  const char *value;

  if (*line == '\0')
    {
      dispatch_event (self);
      return;
    }
  if (*line == ':')
    return;   /* a comment */

  colon = strchr (line, ':');
  if (colon == NULL)
    {
      field = g_strdup (line);
      value = "";
    }
  else
    {
      field = g_strndup (line, colon - line);
      value = colon + 1;
      if (*value == ' ')
        value++;
    }

  if (g_str_equal (field, "id"))
    {
      /* The last event id: Nanoleaf's event type */
      g_free (self->event_id);
      self->event_id = g_strdup (value);
    }
  else if (g_str_equal (field, "data"))
    {
      if (self->has_data)
        g_string_append_c (self->data, '\n');
      g_string_append (self->data, value);
      self->has_data = TRUE;
    }
  /* "event", "retry" and anything else: not used by the firmware */
}

/* Splits @data into lines; FALSE (and @error) when the stream is broken */
static gboolean
feed (HearthNanoleafLink  *self,
      const char          *data,
      gsize                size,
      GError             **error)
{
  for (gsize i = 0; i < size; i++)
    {
      char c = data[i];

      if (c == '\n' && self->after_cr)
        {
          self->after_cr = FALSE;
          continue;
        }
      self->after_cr = c == '\r';

      if (c == '\r' || c == '\n')
        {
          if (!g_utf8_validate (self->line->str, self->line->len, NULL))
            {
              g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD,
                           "The event stream of %s is not text", device_label (self));
              return FALSE;
            }
          handle_line (self, self->line->str);
          g_string_truncate (self->line, 0);
          /* The stream may have been closed by what the line did */
          if (self->sse_cancellable == NULL)
            return TRUE;
          continue;
        }

      if (c == '\0' || self->line->len >= HEARTH_NANOLEAF_MAX_LINE ||
          self->data->len + self->line->len >= MAX_EVENT_DATA)
        {
          g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_TOO_LARGE,
                       "The event stream of %s sent a line that is too long or not text",
                       device_label (self));
          return FALSE;
        }
      g_string_append_c (self->line, c);
    }

  return TRUE;
}

static void read_more (HearthNanoleafLink *self);

static void
on_read_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(Attempt) attempt = user_data;
  g_autoptr(HearthNanoleafLink) self = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gsize size = 0;
  const char *data;

  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, &error);
  self = attempt_get_current (attempt);
  if (self == NULL)
    return;

  if (bytes == NULL)
    {
      sse_fail (self, g_steal_pointer (&error));
      return;
    }

  data = g_bytes_get_data (bytes, &size);
  if (size == 0)
    {
      sse_fail (self, g_error_new (G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                                   "The event stream of %s ended", device_label (self)));
      return;
    }

  hearth_link_seen (HEARTH_LINK (self));
  if (!feed (self, data, size, &error))
    {
      sse_fail (self, g_steal_pointer (&error));
      return;
    }

  if (attempt->generation == self->generation && self->sse_stream != NULL)
    read_more (self);
}

static void
read_more (HearthNanoleafLink *self)
{
  g_input_stream_read_bytes_async (self->sse_stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   self->sse_cancellable, on_read_cb, attempt_new (self));
}

static void
on_check_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(Attempt) attempt = user_data;
  g_autoptr(HearthNanoleafLink) self = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = hearth_link_refresh_finish (HEARTH_LINK (source), result, &error);
  self = attempt_get_current (attempt);
  if (self == NULL)
    return;

  self->checking = FALSE;
  if (!ok)
    sse_fail (self, g_steal_pointer (&error));
}

static gboolean
on_check_timeout (gpointer user_data)
{
  HearthNanoleafLink *self = user_data;

  if (!self->checking)
    {
      self->checking = TRUE;
      hearth_link_refresh_async (HEARTH_LINK (self), self->sse_cancellable,
                                 on_check_cb, attempt_new (self));
    }
  return G_SOURCE_CONTINUE;
}

static void
on_first_refresh_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(Attempt) attempt = user_data;
  g_autoptr(HearthNanoleafLink) self = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = hearth_link_refresh_finish (HEARTH_LINK (source), result, &error);
  self = attempt_get_current (attempt);
  if (self == NULL)
    return;

  if (!ok)
    {
      sse_fail (self, g_steal_pointer (&error));
      return;
    }

  self->sse_ready = TRUE;
  self->check_source = g_timeout_add (hearth_link_get_liveness_interval (HEARTH_LINK (self)), on_check_timeout, self);
  hearth_link_push_opened (HEARTH_LINK (self));
}

static void
on_sent_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(Attempt) attempt = user_data;
  g_autoptr(HearthNanoleafLink) self = NULL;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) stream = NULL;
  guint status;

  stream = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  self = attempt_get_current (attempt);
  if (self == NULL)
    return;
  g_clear_handle_id (&self->header_source, g_source_remove);

  if (stream == NULL)
    {
      sse_fail (self, g_steal_pointer (&error));
      return;
    }

  status = soup_message_get_status (msg);
  if (status == SOUP_STATUS_UNAUTHORIZED)
    {
      sse_fail (self, g_error_new (HEARTH_ERROR, HEARTH_ERROR_NEEDS_PAIRING,
                                   "%s refused Hearth's token: pair it again",
                                   device_label (self)));
      return;
    }
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      sse_fail (self, g_error_new (HEARTH_ERROR, HEARTH_ERROR_HTTP_STATUS,
                                   "%s answered %u to the event stream request",
                                   device_label (self), status));
      return;
    }

  self->sse_stream = g_steal_pointer (&stream);
  read_more (self);

  /* Nothing is sent on connect: read everything once, then it is live */
  hearth_link_refresh_async (HEARTH_LINK (self), self->sse_cancellable,
                             on_first_refresh_cb, attempt_new (self));
}

static gboolean
on_header_timeout (gpointer user_data)
{
  HearthNanoleafLink *self = user_data;

  self->header_source = 0;
  sse_fail (self, g_error_new (G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                               "%s did not open its event stream in time", device_label (self)));
  return G_SOURCE_REMOVE;
}

static void
on_link_cancelled (GCancellable *cancellable,
                   gpointer      user_data)
{
  sse_teardown (HEARTH_NANOLEAF_LINK (user_data));
}

static gboolean
on_no_token (gpointer user_data)
{
  Attempt *attempt = user_data;
  g_autoptr(HearthNanoleafLink) self = attempt_get_current (attempt);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  if (self != NULL)
    {
      path = token_path (self, "events", &error);
      if (error == NULL)
        error = g_error_new (HEARTH_ERROR, HEARTH_ERROR_NEEDS_PAIRING,
                             "%s is not paired with Hearth yet", device_label (self));
      sse_fail (self, g_steal_pointer (&error));
    }
  return G_SOURCE_REMOVE;
}

static void
hearth_nanoleaf_link_open_push (HearthLink *link)
{
  HearthNanoleafLink *self = HEARTH_NANOLEAF_LINK (link);
  GCancellable *cancellable = hearth_link_get_cancellable (link);
  HearthHttp *http = hearth_link_get_http (link);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(SoupMessage) msg = NULL;

  sse_teardown (self);

  self->sse_cancellable = g_cancellable_new ();
  self->link_cancellable = g_object_ref (cancellable);
  self->link_cancelled_id = g_signal_connect (cancellable, "cancelled",
                                              G_CALLBACK (on_link_cancelled), self);

  path = token_path (self, "events", &error);
  if (path == NULL)
    {
      /* Not from inside open_push: the base is not done with it yet */
      g_idle_add_full (G_PRIORITY_DEFAULT, on_no_token, attempt_new (self),
                       (GDestroyNotify) attempt_free);
      return;
    }

  uri = hearth_http_queue_build_uri (hearth_link_get_queue (link), "http", path, "id=" EVENT_IDS);
  msg = soup_message_new_from_uri (SOUP_METHOD_GET, uri);
  soup_message_headers_replace (soup_message_get_request_headers (msg),
                                "Accept", "text/event-stream");

  self->header_source = g_timeout_add (hearth_http_get_deadline_ms (http),
                                       on_header_timeout, self);
  soup_session_send_async (hearth_http_get_session (http), msg, G_PRIORITY_DEFAULT,
                           self->sse_cancellable, on_sent_cb, attempt_new (self));
}

static void
sse_teardown (HearthNanoleafLink *self)
{
  self->generation++;
  g_clear_handle_id (&self->header_source, g_source_remove);
  g_clear_handle_id (&self->check_source, g_source_remove);
  self->sse_ready = FALSE;
  self->checking = FALSE;
  self->after_cr = FALSE;
  self->has_data = FALSE;
  g_string_truncate (self->line, 0);
  g_string_truncate (self->data, 0);
  g_clear_pointer (&self->event_id, g_free);

  if (self->link_cancellable != NULL)
    {
      /* Not g_cancellable_disconnect(): this may run inside "cancelled" */
      g_clear_signal_handler (&self->link_cancelled_id, self->link_cancellable);
      g_clear_object (&self->link_cancellable);
    }

  if (self->sse_cancellable != NULL)
    {
      g_cancellable_cancel (self->sse_cancellable);
      g_clear_object (&self->sse_cancellable);
    }

  /* A read still pending holds its own reference until it is cancelled;
   * the connection closes when the last one goes. */
  g_clear_object (&self->sse_stream);
}

static void
hearth_nanoleaf_link_close_push (HearthLink *link)
{
  sse_teardown (HEARTH_NANOLEAF_LINK (link));
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

  sse_teardown (self);
}

static void
hearth_nanoleaf_link_finalize (GObject *object)
{
  HearthNanoleafLink *self = HEARTH_NANOLEAF_LINK (object);

  hearth_nanoleaf_state_clear (&self->state);
  g_clear_pointer (&self->serial, g_free);
  g_string_free (self->line, TRUE);
  g_string_free (self->data, TRUE);

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
  link_class->refresh_finish = hearth_nanoleaf_link_refresh_finish;
  link_class->send_async = hearth_nanoleaf_link_send_async;
  link_class->send_finish = hearth_nanoleaf_link_send_finish;
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
  self->line = g_string_new (NULL);
  self->data = g_string_new (NULL);
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

