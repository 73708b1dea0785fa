/* hearth-esphome-link.c: an ESPHome node's event stream, and changing it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The web server has no "all entities" request: the only full picture is
 * the burst of "event: state" that GET /events sends right after it opens
 * (one per entity, with names, options and effects). So:
 *
 * - Push: GET /events, a HearthEventStream (lines and events capped). The
 *   headers have the session's deadline, the stream none. The channel
 *   counts as open once the burst settled (BURST_QUIET_MS without a state
 *   event, or the next ping); every later state event updates the model.
 *   The firmware pings every 10 s: when nothing came for two ping
 *   intervals (the stream's liveness deadline) the stream is dead and
 *   hearth_link_push_closed() says so (the base class then polls and
 *   reconnects).
 * - Refresh (the first read, polling while the stream is down, and after a
 *   failed change): the same request, read until the burst settled, then
 *   closed. Its whole time is bounded by the session's deadline.
 * - Changes: POST /<domain>/<entity>/<action>?… through the device's
 *   queue (one at a time); the node answers 200 with an empty body and
 *   pushes the new state on the stream, so a change is confirmed by the 200
 *   and corrected by the push. A button reads off again once pressed.
 *
 * Identification of a node added by address (no mDNS TXT): the same burst,
 * read for the node's title (first ping) and the MAC address of a wifi_info
 * text sensor (and its version text sensor, if any); without such a sensor
 * the web server tells no hardware id, and the node is left to mDNS. A node
 * with a web password tells nothing without it: the identification takes
 * the person's login and answers the challenge as the stream below does.
 *
 * Login: the event stream answers a 401 with the person's login
 * (hearth_event_stream_set_login(), hearth-http-auth.c) once; without a
 * password that is HEARTH_ERROR_NEEDS_PASSWORD, a second 401
 * HEARTH_ERROR_BAD_PASSWORD. The user name is the person's; without one,
 * HEARTH_ESPHOME_DEFAULT_USERNAME (as the queue does for the POSTs).
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "hearth-change.h"
#include "hearth-control.h"
#include "hearth-device.h"
#include "hearth-error.h"
#include "hearth-event-stream.h"
#include "hearth-http.h"
#include "hearth-http-queue.h"
#include "hearth-json.h"
#include "hearth-link-task.h"

#include "hearth-esphome-link.h"
#include "hearth-esphome-parse.h"

#define BURST_QUIET_MS 300
#define POLL_INTERVAL_MS 10000

typedef enum
{
  STREAM_PROBE,    /* headers only */
  STREAM_REFRESH,  /* the burst, then close */
  STREAM_PUSH,     /* for as long as it lives */
  STREAM_IDENTIFY, /* the burst, for who the node is */
} StreamMode;

typedef struct
{
  StreamMode         mode;
  char              *label;     /* host:port */

  HearthEsphomeLink *link;      /* push and refresh */
  GTask             *task;      /* probe and refresh */
  gboolean           detached;  /* push: the link let go (close_push) */

  HearthEventStream *events;
  gboolean           opened;
  guint              deadline_source;
  guint              quiet_source;
  guint              end_source;
  guint              n_states;
  gboolean           settled;

  /* identify */
  char              *title;
  char              *mac;
  char              *version;
} Stream;

struct _HearthEsphomeLink
{
  HearthLink  parent_instance;

  Stream     *push;
};

G_DEFINE_FINAL_TYPE (HearthEsphomeLink, hearth_esphome_link, HEARTH_TYPE_LINK)

static void
stream_free (Stream *stream)
{
  g_clear_handle_id (&stream->deadline_source, g_source_remove);
  g_clear_handle_id (&stream->quiet_source, g_source_remove);
  g_clear_handle_id (&stream->end_source, g_source_remove);
  if (stream->events != NULL)
    {
      g_signal_handlers_disconnect_by_data (stream->events, stream);
      hearth_event_stream_close (stream->events);
      g_clear_object (&stream->events);
    }
  g_clear_object (&stream->task);
  g_clear_object (&stream->link);
  g_free (stream->label);
  g_free (stream->title);
  g_free (stream->mac);
  g_free (stream->version);
  g_free (stream);
}

/* The last step of every stream: reports and frees. @error is owned. */
static void
stream_end (Stream *stream,
            GError *error)
{
  switch (stream->mode)
    {
    case STREAM_PROBE:
    case STREAM_REFRESH:
      if (error == NULL)
        g_task_return_boolean (stream->task, TRUE);
      else
        g_task_return_error (stream->task, g_steal_pointer (&error));
      break;

    case STREAM_IDENTIFY:
      if (error == NULL && stream->mac == NULL)
        error = g_error_new (HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED,
                             "The ESPHome node at %s has no MAC address text sensor "
                             "(wifi_info) to tell who it is: let mDNS find it", stream->label);
      if (error == NULL)
        {
          g_autoptr(HearthDevice) device = hearth_device_new (stream->mac, "esphome");
          HearthHttpQueue *queue = hearth_event_stream_get_queue (stream->events);

          hearth_device_set_name (device, stream->title != NULL ? stream->title : "ESPHome node");
          hearth_device_set_model (device, "ESPHome");
          if (stream->version != NULL)
            hearth_device_set_firmware (device, stream->version);
          hearth_device_set_address (device, hearth_http_queue_get_host (queue),
                                     hearth_http_queue_get_port (queue));
          hearth_device_set_live (device, HEARTH_LIVE_PUSH);
          g_task_return_pointer (stream->task, g_steal_pointer (&device), g_object_unref);
        }
      else
        g_task_return_error (stream->task, g_steal_pointer (&error));
      break;

    case STREAM_PUSH:
    default:
      if (!stream->detached && stream->link != NULL)
        {
          if (error == NULL)
            error = g_error_new (HEARTH_ERROR, HEARTH_ERROR_FAILED,
                                 "The node ended its event stream");
          stream->link->push = NULL;
          hearth_link_push_closed (HEARTH_LINK (stream->link), error);
        }
      break;
    }

  g_clear_error (&error);
  stream_free (stream);
}

static gboolean
on_stream_end_idle (gpointer user_data)
{
  Stream *stream = user_data;

  stream->end_source = 0;
  stream_end (stream, NULL);
  return G_SOURCE_REMOVE;
}

/* Closes the stream now and ends it (successfully) from the main loop:
 * the caller may be inside one of its signals */
static void
stream_end_later (Stream *stream)
{
  hearth_event_stream_close (stream->events);
  g_clear_handle_id (&stream->deadline_source, g_source_remove);
  g_clear_handle_id (&stream->quiet_source, g_source_remove);
  if (stream->end_source == 0)
    stream->end_source = g_idle_add (on_stream_end_idle, stream);
}

static gboolean
on_deadline (gpointer user_data)
{
  Stream *stream = user_data;

  stream->deadline_source = 0;
  stream_end (stream, g_error_new (G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                                   "%s did not answer in time", stream->label));
  return G_SOURCE_REMOVE;
}

static void
stream_set_liveness (Stream *stream)
{
  /* The firmware pings every interval: more than two, and some slack for
   * a busy node */
  if (stream->mode == STREAM_PUSH && stream->link != NULL)
    hearth_event_stream_set_liveness (stream->events,
                                      2 * hearth_link_get_liveness_interval (HEARTH_LINK (stream->link)) + 500);
}

static void
stream_settled (Stream *stream)
{
  if (stream->settled)
    return;

  stream->settled = TRUE;
  g_clear_handle_id (&stream->quiet_source, g_source_remove);

  if (stream->mode == STREAM_REFRESH || stream->mode == STREAM_IDENTIFY)
    {
      /* Done: close, and report success */
      stream_end_later (stream);
      return;
    }

  if (stream->mode == STREAM_PUSH && !stream->detached && stream->link != NULL)
    {
      g_clear_handle_id (&stream->deadline_source, g_source_remove);
      hearth_link_push_opened (HEARTH_LINK (stream->link));
    }
}

static gboolean
on_quiet (gpointer user_data)
{
  Stream *stream = user_data;

  stream->quiet_source = 0;
  stream_settled (stream);
  return G_SOURCE_REMOVE;
}

static void
quiet_restart (Stream *stream)
{
  if (stream->settled)
    return;
  g_clear_handle_id (&stream->quiet_source, g_source_remove);
  stream->quiet_source = g_timeout_add (BURST_QUIET_MS, on_quiet, stream);
}

/* Who the node is, from its burst: the title in the first ping, the
 * wifi_info MAC address text sensor, the version text sensor */
static void
identify_event (Stream     *stream,
                const char *event,
                const char *data)
{
  g_autoptr(JsonNode) node = hearth_json_parse (data, -1, NULL);
  JsonObject *object = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;

  if (g_str_equal (event, "ping"))
    {
      const char *title = object ? hearth_json_get_string (object, "title", NULL) : NULL;

      if (stream->title == NULL && title != NULL && *title != '\0' && g_utf8_validate (title, -1, NULL))
        stream->title = g_strdup (title);
      if (stream->n_states > 0)
        stream_settled (stream);
      else
        quiet_restart (stream);
      return;
    }

  if (g_str_equal (event, "state") && object != NULL)
    {
      const char *id = hearth_esphome_payload_id (object);
      const char *state = hearth_json_get_string (object, "state", NULL);
      g_autofree char *domain = hearth_esphome_control_domain (id);
      g_autofree char *mac = NULL;

      stream->n_states++;
      quiet_restart (stream);
      if (g_strcmp0 (domain, "text_sensor") != 0 || state == NULL)
        return;

      mac = hearth_esphome_normalize_mac (state);
      if (mac != NULL && strchr (state, ':') != NULL && stream->mac == NULL)
        stream->mac = g_steal_pointer (&mac);
      else if (stream->version == NULL && id != NULL && g_utf8_validate (state, -1, NULL) &&
               strstr (id, "ersion") != NULL && g_ascii_isdigit (state[0]))
        stream->version = g_strndup (state, strcspn (state, " "));
    }
}

static void
handle_event (Stream     *stream,
              const char *event,
              const char *data)
{
  HearthLink *link = HEARTH_LINK (stream->link);
  HearthDevice *device;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  if (stream->mode == STREAM_IDENTIFY)
    {
      identify_event (stream, event, data);
      return;
    }
  if (link == NULL)
    return;
  device = hearth_link_get_device (link);

  if (g_str_equal (event, "ping"))
    {
      /* The first ping opens the stream; a later one ends the burst */
      if (stream->n_states > 0)
        stream_settled (stream);
      else
        quiet_restart (stream);
      if (stream->settled)
        hearth_link_seen (link);
      return;
    }

  if (!g_str_equal (event, "state"))
    return;

  node = hearth_json_parse (data, -1, &error);
  if (node == NULL || hearth_esphome_apply_state (node, device, &error) == NULL)
    {
      /* One entity the firmware describes oddly does not end the stream */
      if (!g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED))
        g_debug ("%s: skipping a state event: %s", hearth_device_get_id (device), error->message);
      return;
    }

  stream->n_states++;
  if (stream->settled)
    {
      hearth_link_reassert_pending (link);
      hearth_link_seen (link);
    }
  else
    quiet_restart (stream);
}

static void
on_events_event (HearthEventStream *events,
                 const char        *type,
                 const char        *data,
                 const char        *id,
                 Stream            *stream)
{
  if (stream->end_source == 0)
    handle_event (stream, type, data);
}

static void
on_events_opened (HearthEventStream *events,
                  Stream            *stream)
{
  stream->opened = TRUE;

  if (stream->mode == STREAM_PROBE)
    stream_end_later (stream);
  /* The stream itself has no deadline (a refresh keeps the total one) */
  else if (stream->mode == STREAM_PUSH)
    g_clear_handle_id (&stream->deadline_source, g_source_remove);
}

/* Why the stream ended, in the words of the mode it was opened for */
static GError *
stream_map_error (Stream       *stream,
                  const GError *error)
{
  gboolean asked = stream->mode == STREAM_PROBE || stream->mode == STREAM_IDENTIFY;
  guint status = hearth_event_stream_get_status (stream->events);

  if (stream->opened)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED))
        return g_error_new (HEARTH_ERROR, HEARTH_ERROR_FAILED, "%s ended its event stream",
                            stream->label);
      return g_error_copy (error);
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return g_error_new (G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "%s did not answer in time",
                        stream->label);
  if (stream->mode == STREAM_IDENTIFY && g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_NEEDS_PASSWORD))
    return g_error_new (HEARTH_ERROR, HEARTH_ERROR_NEEDS_PASSWORD,
                        /* TRANSLATORS: %s is the address (host:port) a person typed */
                        _("The ESPHome node at %s needs its web password, "
                          "even to tell who it is"), stream->label);
  if (stream->mode == STREAM_IDENTIFY && g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PASSWORD))
    return g_error_new (HEARTH_ERROR, HEARTH_ERROR_BAD_PASSWORD,
                        /* TRANSLATORS: %s is the address (host:port) a person typed */
                        _("The ESPHome node at %s refused the user name "
                          "or password"), stream->label);
  if (asked && g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_HTTP_STATUS) && status > 0)
    return g_error_new (HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED, "No ESPHome web server: %s",
                        error->message);
  /* Not text/event-stream */
  if (asked && g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD))
    return g_error_new_literal (HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED, error->message);

  return g_error_copy (error);
}

static void
on_events_closed (HearthEventStream *events,
                  const GError      *error,
                  Stream            *stream)
{
  guint status = hearth_event_stream_get_status (events);

  /* A web server asking for a login where the node announced one */
  if (stream->mode == STREAM_PROBE && status == SOUP_STATUS_UNAUTHORIZED)
    {
      stream_end (stream, NULL);
      return;
    }
  /* End of the stream: a refresh that saw the burst is done */
  if ((stream->mode == STREAM_REFRESH || stream->mode == STREAM_IDENTIFY) && stream->n_states > 0 &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED))
    {
      stream->settled = TRUE;
      stream_end (stream, NULL);
      return;
    }

  stream_end (stream, stream_map_error (stream, error));
}

static Stream *
stream_new (StreamMode    mode,
            HearthHttp   *http,
            const char   *host,
            guint16       port,
            const char   *username,
            const char   *password)
{
  Stream *stream = g_new0 (Stream, 1);
  g_autoptr(HearthHttpQueue) queue = hearth_http_get_queue (http, host, port);

  stream->mode = mode;
  stream->label = g_strdup_printf ("%s:%u", host, port);
  stream->events = hearth_event_stream_new (queue, "/events");
  /* The node's login; never logged. The user name is the person's;
   * without one, HEARTH_ESPHOME_DEFAULT_USERNAME (as the queue does for
   * the POSTs). */
  if (mode != STREAM_PROBE)
    hearth_event_stream_set_login (stream->events,
                                   username != NULL && *username != '\0'
                                   ? username : HEARTH_ESPHOME_DEFAULT_USERNAME,
                                   password);
  g_signal_connect (stream->events, "opened", G_CALLBACK (on_events_opened), stream);
  g_signal_connect (stream->events, "event", G_CALLBACK (on_events_event), stream);
  g_signal_connect (stream->events, "closed", G_CALLBACK (on_events_closed), stream);
  stream->deadline_source = g_timeout_add (hearth_http_get_deadline_ms (http), on_deadline, stream);
  return stream;
}

static Stream *
stream_new_for_link (HearthEsphomeLink *self,
                     StreamMode         mode)
{
  HearthLink *link = HEARTH_LINK (self);
  HearthHttpQueue *queue = hearth_link_get_queue (link);
  Stream *stream = stream_new (mode, hearth_link_get_http (link),
                               hearth_http_queue_get_host (queue),
                               hearth_http_queue_get_port (queue),
                               hearth_link_get_username (link),
                               hearth_link_get_password (link));

  stream->link = g_object_ref (self);
  stream_set_liveness (stream);
  return stream;
}

/* Probing */

/* Opens a stream of its own, for a node without a link: it ends a new task */
static void
stream_start (Stream              *stream,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data,
              gpointer             source_tag)
{
  stream->task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (stream->task, source_tag);
  hearth_event_stream_open (stream->events, cancellable);
}

void
hearth_esphome_probe_async (HearthHttp          *http,
                            const char          *host,
                            guint16              port,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (HEARTH_IS_HTTP (http));
  g_return_if_fail (host != NULL);

  stream_start (stream_new (STREAM_PROBE, http, host, port, NULL, NULL),
                cancellable, callback, user_data, hearth_esphome_probe_async);
}

gboolean
hearth_esphome_probe_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
hearth_esphome_identify_address (HearthHttpQueue *queue,
                                 const char      *username,
                                 const char      *password,
                                 GTask           *task)
{
  Stream *stream;

  g_return_if_fail (HEARTH_IS_HTTP_QUEUE (queue));
  g_return_if_fail (G_IS_TASK (task));

  /* Answers the node's challenge as the link's stream does */
  stream = stream_new (STREAM_IDENTIFY, hearth_http_queue_get_http (queue),
                       hearth_http_queue_get_host (queue), hearth_http_queue_get_port (queue),
                       username, password);
  stream->task = task;
  hearth_event_stream_open (stream->events, g_task_get_cancellable (task));
}

/* The link */

static void
hearth_esphome_link_open_push (HearthLink *link)
{
  HearthEsphomeLink *self = HEARTH_ESPHOME_LINK (link);

  if (self->push != NULL)
    return;

  self->push = stream_new_for_link (self, STREAM_PUSH);
  hearth_event_stream_open (self->push->events, hearth_link_get_cancellable (link));
}

static void
hearth_esphome_link_close_push (HearthLink *link)
{
  HearthEsphomeLink *self = HEARTH_ESPHOME_LINK (link);
  Stream *stream = g_steal_pointer (&self->push);

  if (stream == NULL)
    return;

  /* Let go of the link at once: the stream ends on its own, later */
  stream->detached = TRUE;
  g_clear_object (&stream->link);
  stream_end_later (stream);
}

static void
hearth_esphome_link_refresh_async (HearthLink          *link,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  HearthEsphomeLink *self = HEARTH_ESPHOME_LINK (link);
  Stream *stream;

  stream = stream_new_for_link (self, STREAM_REFRESH);
  stream->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (stream->task, hearth_esphome_link_refresh_async);
  hearth_event_stream_open (stream->events, cancellable);
}

static void
on_sent (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = G_TASK (user_data);
  HearthControl *control = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *domain = NULL;

  body = hearth_http_queue_send_finish (HEARTH_HTTP_QUEUE (source), result, &error);
  if (body == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* A button is only ever pressed: it reads off again */
  domain = hearth_esphome_control_domain (hearth_control_get_id (control));
  if (g_strcmp0 (domain, "button") == 0)
    hearth_control_set_on (control, FALSE);

  hearth_link_seen (HEARTH_LINK (g_task_get_source_object (task)));
  g_task_return_boolean (task, TRUE);
}

static void
hearth_esphome_link_send_async (HearthLink          *link,
                                HearthControl       *control,
                                const HearthChange  *change,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  const char *username;

  task = g_task_new (link, cancellable, callback, user_data);
  g_task_set_source_tag (task, hearth_esphome_link_send_async);
  g_task_set_task_data (task, g_object_ref (control), g_object_unref);

  path = hearth_esphome_build_change (control, change, &error);
  if (path == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  username = hearth_link_get_username (link);
  if (username != NULL && *username == '\0')
    username = NULL;  /* the queue's default, HEARTH_ESPHOME_DEFAULT_USERNAME too */
  hearth_http_queue_send_async (hearth_link_get_queue (link), "POST", path, NULL,
                                username, hearth_link_get_password (link),
                                cancellable, on_sent, g_steal_pointer (&task));
}

static void
hearth_esphome_link_dispose (GObject *object)
{
  hearth_esphome_link_close_push (HEARTH_LINK (object));

  G_OBJECT_CLASS (hearth_esphome_link_parent_class)->dispose (object);
}

static void
hearth_esphome_link_constructed (GObject *object)
{
  G_OBJECT_CLASS (hearth_esphome_link_parent_class)->constructed (object);

  hearth_link_set_poll_interval (HEARTH_LINK (object), POLL_INTERVAL_MS);
}

static void
hearth_esphome_link_class_init (HearthEsphomeLinkClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  HearthLinkClass *link_class = HEARTH_LINK_CLASS (klass);

  object_class->constructed = hearth_esphome_link_constructed;
  object_class->dispose = hearth_esphome_link_dispose;

  link_class->open_push = hearth_esphome_link_open_push;
  link_class->close_push = hearth_esphome_link_close_push;
  link_class->refresh_async = hearth_esphome_link_refresh_async;
  link_class->refresh_finish = hearth_link_task_finish;
  link_class->send_async = hearth_esphome_link_send_async;
  link_class->send_finish = hearth_link_task_finish;
}

static void
on_liveness_interval_changed (HearthEsphomeLink *self)
{
  if (self->push != NULL)
    stream_set_liveness (self->push);
}

static void
hearth_esphome_link_init (HearthEsphomeLink *self)
{
  hearth_link_set_liveness_interval (HEARTH_LINK (self), HEARTH_ESPHOME_PING_INTERVAL_MS);
  g_signal_connect (self, "notify::liveness-interval", G_CALLBACK (on_liveness_interval_changed), NULL);
}

HearthLink *
hearth_esphome_link_new (HearthDevice *device,
                         HearthHttp   *http)
{
  return g_object_new (HEARTH_TYPE_ESPHOME_LINK,
                       "device", device,
                       "http", http,
                       NULL);
}

