/* hearth-hue-link.c: a Hue bridge's lights and rooms, live
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything goes over HTTPS. The bridge's certificate is no CA's: it is
 * pinned. The keyring keeps, for the bridge's id, {"key":…,"cert_sha256":…}
 * (hearth-hue-parse.h): the app key and the SHA-256 of the certificate the
 * bridge showed when it was paired. The link pins the queue to that
 * certificate (hearth_http_queue_set_certificate_check), so a different
 * certificate at the bridge's address (another bridge, an impostor) is
 * refused before any key is sent, with an error saying so. Verification is
 * never turned off for anything else.
 *
 * State: v1 (GET /api/<key>/lights and /groups), changes: v1 PUT
 * …/lights/<id>/state and …/groups/<id>/action. v1 requests go one at a
 * time (max in flight 1) and at least 250 ms apart (protocols.md §6.6).
 * Live: the v2 event stream (a HearthEventStream: GET /eventstream/clip/v2, header
 * hue-application-key) where the bridge has it; its resources carry id_v1,
 * which names our controls. Each time it opens, the whole state is read
 * again. Where it is missing (404) or drops, the base class polls v1 and
 * tries the stream again later.
 *
 * Resuming: the stream's events carry ids ("id: 1700000000:12"); a stream
 * opened again sends the last one as Last-Event-ID, so a bridge that
 * still has the events of the gap sends them first, in order. The full
 * read on every (re)connection stays all the same: nothing tells whether
 * the bridge did resume (one that restarted has forgotten its ids), and a
 * stale model after a reconnect is worse than two more requests.
 *
 * Changes to a light that is off: see hearth_hue_build_v1_change() (it
 * comes on with its new brightness or colour) and
 * hearth_hue_parse_v1_change_reply() (any key the bridge refused fails
 * the change). Rooms are switches: their body is "on" alone, which the
 * bridge never refuses for being off; their answers are read the same
 * way.
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

#include "hearth-hue-link.h"
#include "hearth-hue-parse.h"

#define MAX_EVENT_SIZE (1024 * 1024)

/* Trust of one queue (one address) */

typedef struct
{
  gatomicrefcount  ref_count;
  char            *pin;
  gboolean         from_keyring;
} Trust;

static Trust *
trust_ref (Trust *trust)
{
  g_atomic_ref_count_inc (&trust->ref_count);
  return trust;
}

static void
trust_unref (gpointer data)
{
  Trust *trust = data;

  if (!g_atomic_ref_count_dec (&trust->ref_count))
    return;
  g_free (trust->pin);
  g_free (trust);
}

static gboolean
trust_check (HearthHttpQueue      *queue,
             GTlsCertificate      *certificate,
             GTlsCertificateFlags  errors,
             gpointer              user_data)
{
  Trust *trust = user_data;
  g_autofree char *sha = hearth_http_certificate_sha256 (certificate);

  if (sha == NULL)
    return FALSE;

  if (trust->pin == NULL)
    {
      trust->pin = g_steal_pointer (&sha);
      return TRUE;
    }

  return g_str_equal (trust->pin, sha);
}

static Trust *
get_trust (HearthHttpQueue *queue)
{
  Trust *trust = g_object_get_data (G_OBJECT (queue), "hearth-hue-trust");

  hearth_http_queue_set_scheme (queue, "https");

  if (trust == NULL)
    {
      trust = g_new0 (Trust, 1);
      g_atomic_ref_count_init (&trust->ref_count);
      g_object_set_data_full (G_OBJECT (queue), "hearth-hue-trust", trust, trust_unref);
      hearth_http_queue_set_certificate_check (queue, trust_check, trust_ref (trust), trust_unref);
      /* A certificate taken on first use is only provisional: no
       * connection made under it may be reused once the keyring's pin
       * is known (a key would travel over it before any check) */
      hearth_http_queue_set_close_connections (queue, TRUE);
    }

  return trust;
}

const char *
hearth_hue_trust_queue (HearthHttpQueue *queue)
{
  g_return_val_if_fail (HEARTH_IS_HTTP_QUEUE (queue), NULL);

  return get_trust (queue)->pin;
}

void
hearth_hue_trust_set_pin (HearthHttpQueue *queue,
                          const char      *cert_sha256)
{
  Trust *trust;

  g_return_if_fail (HEARTH_IS_HTTP_QUEUE (queue));
  g_return_if_fail (cert_sha256 != NULL);

  trust = get_trust (queue);
  trust->from_keyring = TRUE;
  hearth_http_queue_set_close_connections (queue, FALSE);
  if (g_strcmp0 (trust->pin, cert_sha256) == 0)
    return;

  g_free (trust->pin);
  trust->pin = g_strdup (cert_sha256);
}

gboolean
hearth_hue_trust_is_set (HearthHttpQueue *queue)
{
  g_return_val_if_fail (HEARTH_IS_HTTP_QUEUE (queue), FALSE);

  return g_object_get_data (G_OBJECT (queue), "hearth-hue-trust") != NULL;
}

void
hearth_hue_trust_forget (HearthHttpQueue *queue)
{
  g_return_if_fail (HEARTH_IS_HTTP_QUEUE (queue));

  hearth_http_queue_set_certificate_check (queue, NULL, NULL, NULL);
  hearth_http_queue_set_close_connections (queue, FALSE);
  g_object_set_data (G_OBJECT (queue), "hearth-hue-trust", NULL);
  hearth_http_queue_set_scheme (queue, "http");
}

/* The link */

struct _HearthHueLink
{
  HearthLink        parent_instance;

  gint64            next_request_us;

  /* The event stream */
  HearthEventStream *stream;
  GCancellable     *check_cancellable;
  guint             stream_check;
  gint64            stream_heard_at; /* its last read at the last check */
  gboolean          stream_checking;
  char             *last_event_id;   /* of the last whole event, between streams */
};

G_DEFINE_FINAL_TYPE (HearthHueLink, hearth_hue_link, HEARTH_TYPE_LINK)

static const char *
device_label (HearthHueLink *self)
{
  HearthDevice *device = hearth_link_get_device (HEARTH_LINK (self));

  return hearth_device_get_name (device) ? hearth_device_get_name (device)
                                         : hearth_device_get_id (device);
}

/* The app key, and the queue pinned to the paired certificate */
static char *
prepare (HearthHueLink  *self,
         GError        **error)
{
  HearthHttpQueue *queue = hearth_link_get_queue (HEARTH_LINK (self));
  const char *secret = hearth_link_get_password (HEARTH_LINK (self));
  g_autofree char *key = NULL;
  g_autofree char *pin = NULL;

  if (secret == NULL)
    {
      g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_NEEDS_PAIRING,
                   "%s is not paired with Hearth yet: press its link button", device_label (self));
      return NULL;
    }

  if (!hearth_hue_secret_parse (secret, &key, &pin, error))
    return NULL;

  hearth_hue_trust_set_pin (queue, pin);
  hearth_http_queue_set_max_in_flight (queue, 1);

  return g_steal_pointer (&key);
}

/* Errors that deserve the bridge's name and what to do */
static GError *
map_error (HearthHueLink *self,
           GError        *error)
{
  if (g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE))
    {
      /* Another device for all Hearth can tell: shown as "another device
       * answers at this address", with the reason */
      GError *mapped = g_error_new (HEARTH_ERROR, HEARTH_ERROR_WRONG_DEVICE,
                                    "The bridge at %s is not the %s Hearth was paired with: "
                                    "its certificate is different. Hearth will not talk to it; "
                                    "if the bridge was reset or replaced, pair it again",
                                    hearth_device_get_host (hearth_link_get_device (HEARTH_LINK (self))),
                                    device_label (self));
      g_error_free (error);
      return mapped;
    }

  return error;
}

/* v1 requests, at least HEARTH_HUE_MIN_GAP_MS apart */

typedef struct
{
  HearthHueLink       *self;
  char                *method;
  char                *path;
  JsonNode            *body;
  GCancellable        *cancellable;
  GAsyncReadyCallback  callback;
  gpointer             user_data;
} Delayed;

static void
delayed_send (Delayed *delayed)
{
  hearth_http_queue_send_async (hearth_link_get_queue (HEARTH_LINK (delayed->self)),
                                delayed->method, delayed->path, delayed->body,
                                NULL, NULL, delayed->cancellable,
                                delayed->callback, delayed->user_data);
}

static gboolean
on_delayed_timeout (gpointer data)
{
  Delayed *delayed = data;

  delayed_send (delayed);
  return G_SOURCE_REMOVE;
}

static void
delayed_free (gpointer data)
{
  Delayed *delayed = data;

  g_object_unref (delayed->self);
  g_free (delayed->method);
  g_free (delayed->path);
  g_clear_pointer (&delayed->body, json_node_unref);
  g_clear_object (&delayed->cancellable);
  g_free (delayed);
}

static void
hue_send (HearthHueLink       *self,
          const char          *method,
          const char          *path,
          JsonNode            *body,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data)
{
  gint64 now = g_get_monotonic_time ();
  gint64 due = MAX (now, self->next_request_us);
  Delayed *delayed = g_new0 (Delayed, 1);

  self->next_request_us = due + HEARTH_HUE_MIN_GAP_MS * 1000;

  delayed->self = g_object_ref (self);
  delayed->method = g_strdup (method);
  delayed->path = g_strdup (path);
  delayed->body = body != NULL ? json_node_ref (body) : NULL;
  delayed->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  delayed->callback = callback;
  delayed->user_data = user_data;

  if (due <= now)
    {
      delayed_send (delayed);
      delayed_free (delayed);
      return;
    }

  g_timeout_add_full (G_PRIORITY_DEFAULT, (guint) ((due - now + 999) / 1000),
                      on_delayed_timeout, delayed, delayed_free);
}

/* Refresh: lights, then groups */

typedef struct
{
  char *key;
} RefreshData;

static void
refresh_data_free (gpointer data)
{
  RefreshData *refresh = data;

  g_free (refresh->key);
  g_free (refresh);
}

/* The end of an answer the bridge gave (@ok: it was read and applied):
 * a failure, mapped, ends @task and gives FALSE; otherwise the bridge is
 * seen, and changes still on their way stay shown over what it said */
static gboolean
answer_applied (HearthHueLink  *self,
                GTask          *task,
                gboolean        ok,
                GError        **error)
{
  if (!ok)
    {
      g_task_return_error (task, map_error (self, g_steal_pointer (error)));
      return FALSE;
    }

  hearth_link_seen (HEARTH_LINK (self));
  hearth_link_reassert_pending (HEARTH_LINK (self));
  return TRUE;
}

static void on_last_answer_cb (GObject      *source,
                               GAsyncResult *result,
                               gpointer      user_data);

static void
on_lights_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = G_TASK (user_data);
  HearthHueLink *self = g_task_get_source_object (task);
  RefreshData *refresh = g_task_get_task_data (task);
  HearthDevice *device = hearth_link_get_device (HEARTH_LINK (self));
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *path = NULL;
  GCancellable *cancellable;

  /* A change on its way stays shown over a read from before it */
  root = hearth_http_queue_send_json_finish (HEARTH_HTTP_QUEUE (source), result, &error);
  if (!answer_applied (self, task,
                       root != NULL && hearth_hue_parse_v1_lights (root, device, &error),
                       &error))
    return;

  path = g_strdup_printf ("/api/%s/groups", refresh->key);
  cancellable = g_task_get_cancellable (task);
  hue_send (self, "GET", path, NULL, cancellable, on_last_answer_cb, g_steal_pointer (&task));
}

static void
hearth_hue_link_refresh_async (HearthLink          *link,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  HearthHueLink *self = HEARTH_HUE_LINK (link);
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  RefreshData *refresh;
  char *key;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hearth_hue_link_refresh_async);

  key = prepare (self, &error);
  if (key == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  refresh = g_new0 (RefreshData, 1);
  refresh->key = key;
  g_task_set_task_data (task, refresh, refresh_data_free);

  path = g_strdup_printf ("/api/%s/lights", key);
  hue_send (self, "GET", path, NULL, cancellable, on_lights_cb, g_steal_pointer (&task));
}

/* Changes */

/* The last answer of a refresh (the groups, after the lights) or of a
 * change */
static void
on_last_answer_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = G_TASK (user_data);
  HearthHueLink *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  gboolean ok = FALSE;

  root = hearth_http_queue_send_json_finish (HEARTH_HTTP_QUEUE (source), result, &error);
  if (root != NULL && g_task_get_source_tag (task) == hearth_hue_link_refresh_async)
    ok = hearth_hue_parse_v1_groups (root, hearth_link_get_device (HEARTH_LINK (self)), &error);
  else if (root != NULL)
    /* An answer with an error item for any key (201: the light is off) is
     * no confirmation: the change fails with the bridge's words, and the
     * base rolls it back and reads what the bridge really did */
    ok = hearth_hue_parse_v1_change_reply (root, g_task_get_task_data (task), &error);

  /* What was confirmed is on the device now; changes still on their way
   * stay shown over it */
  if (answer_applied (self, task, ok, &error))
    g_task_return_boolean (task, TRUE);
}

static void
hearth_hue_link_send_async (HearthLink          *link,
                            HearthControl       *control,
                            const HearthChange  *change,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  HearthHueLink *self = HEARTH_HUE_LINK (link);
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *key = NULL;
  g_autofree char *sub = NULL;
  g_autofree char *path = NULL;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hearth_hue_link_send_async);

  key = prepare (self, &error);
  if (key == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  body = hearth_hue_build_v1_change (change, control, &sub, &error);
  if (body == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* The bridge turns the light on with its new brightness or colour
   * (hearth_hue_build_v1_change): show it on at once, like the rest of the
   * change; the base puts back what was confirmed if this fails */
  if ((change->fields & (HEARTH_CHANGE_ON | HEARTH_CHANGE_TOGGLE)) == 0 &&
      hearth_json_get_bool (json_node_get_object (body), "on", FALSE))
    hearth_control_set_on (control, TRUE);

  g_task_set_task_data (task, g_object_ref (control), g_object_unref);
  path = g_strdup_printf ("/api/%s/%s", key, sub);
  hue_send (self, "PUT", path, body, cancellable, on_last_answer_cb, g_steal_pointer (&task));
}

/* The v2 event stream */

static void
push_clear (HearthHueLink *self)
{
  g_clear_handle_id (&self->stream_check, g_source_remove);
  self->stream_checking = FALSE;
  if (self->check_cancellable != NULL)
    {
      g_cancellable_cancel (self->check_cancellable);
      g_clear_object (&self->check_cancellable);
    }
  if (self->stream != NULL)
    {
      /* Where the next stream resumes: the last whole event */
      g_free (self->last_event_id);
      self->last_event_id = g_strdup (hearth_event_stream_get_last_event_id (self->stream));
      g_signal_handlers_disconnect_by_data (self->stream, self);
      hearth_event_stream_close (self->stream);
      g_clear_object (&self->stream);
    }
}

static void
push_fail (HearthHueLink *self,
           GError        *error)
{
  push_clear (self);
  hearth_link_push_closed (HEARTH_LINK (self), error);
  g_error_free (error);
}

static void
on_stream_event (HearthEventStream *stream,
                 const char        *type,
                 const char        *data,
                 const char        *id,
                 HearthHueLink     *self)
{
  HearthDevice *device = hearth_link_get_device (HEARTH_LINK (self));
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  gboolean changed = FALSE;

  if (*data == '\0')
    return;

  root = hearth_json_parse (data, -1, &error);
  if (root == NULL || !hearth_hue_parse_v2_event (root, device, &changed, &error))
    {
      /* One odd event is no reason to drop the stream */
      g_debug ("%s: an event Hearth does not understand: %s", device_label (self), error->message);
      return;
    }

  hearth_link_seen (HEARTH_LINK (self));
  if (changed)
    hearth_link_reassert_pending (HEARTH_LINK (self));
}

static void
on_stream_closed (HearthEventStream *stream,
                  const GError      *error,
                  HearthHueLink     *self)
{
  guint status = hearth_event_stream_get_status (stream);

  if (g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE))
    push_fail (self, map_error (self, g_error_copy (error)));
  else if (g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_HTTP_STATUS) &&
           (status == SOUP_STATUS_FORBIDDEN || status == SOUP_STATUS_UNAUTHORIZED))
    push_fail (self, g_error_new (HEARTH_ERROR, HEARTH_ERROR_NEEDS_PAIRING,
                                  "%s refused Hearth's key: pair it again", device_label (self)));
  else if (g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_HTTP_STATUS))
    push_fail (self, g_error_new (HEARTH_ERROR, HEARTH_ERROR_HTTP_STATUS,
                                  "%s has no event stream (it answered %u): polling",
                                  device_label (self), status));
  else
    push_fail (self, g_error_copy (error));
}

static gboolean on_stream_check (gpointer user_data);

/* The whole state read when the stream (re)connects (then it is live, and
 * checked when it stays silent for an interval) or one of those checks */
static void
on_stream_refreshed (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(HearthEventStream) stream = user_data;
  HearthHueLink *self = HEARTH_HUE_LINK (source);
  g_autoptr(GError) error = NULL;
  gboolean ok = hearth_link_task_finish (HEARTH_LINK (self), result, &error);
  gboolean check;

  if (stream != self->stream)
    return;  /* that stream is gone already */

  check = self->stream_checking;
  self->stream_checking = FALSE;
  if (!ok)
    {
      if (check)
        g_prefix_error (&error, "The event stream of %s went silent and the bridge does not answer: ",
                        device_label (self));
      push_fail (self, g_steal_pointer (&error));
      return;
    }
  if (check)
    return;

  hearth_link_push_opened (HEARTH_LINK (self));
  hearth_link_reassert_pending (HEARTH_LINK (self));

  self->stream_heard_at = hearth_event_stream_get_last_read (stream);
  g_clear_handle_id (&self->stream_check, g_source_remove);
  self->stream_check = g_timeout_add (hearth_link_get_liveness_interval (HEARTH_LINK (self)), on_stream_check, self);
}

static gboolean
on_stream_check (gpointer user_data)
{
  HearthHueLink *self = user_data;
  gint64 last_read = hearth_event_stream_get_last_read (self->stream);

  if (last_read != self->stream_heard_at || self->stream_checking)
    {
      self->stream_heard_at = last_read;
      return G_SOURCE_CONTINUE;
    }

  /* Silent for a whole interval: is the bridge still there? */
  self->stream_checking = TRUE;
  hearth_hue_link_refresh_async (HEARTH_LINK (self), self->check_cancellable,
                                 on_stream_refreshed, g_object_ref (self->stream));
  return G_SOURCE_CONTINUE;
}

static void
on_stream_opened (HearthEventStream *stream,
                  HearthHueLink     *self)
{
  /* Every (re)connection starts from the whole state */
  hearth_hue_link_refresh_async (HEARTH_LINK (self), self->check_cancellable,
                                 on_stream_refreshed, g_object_ref (stream));
}

static void
hearth_hue_link_open_push (HearthLink *link)
{
  HearthHueLink *self = HEARTH_HUE_LINK (link);
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;

  push_clear (self);

  key = prepare (self, &error);
  if (key == NULL)
    {
      hearth_link_push_closed (link, error);
      return;
    }

  self->stream = hearth_event_stream_new (hearth_link_get_queue (link), "/eventstream/clip/v2");
  hearth_event_stream_set_header (self->stream, "hue-application-key", key);
  /* An event is one line */
  hearth_event_stream_set_limits (self->stream, MAX_EVENT_SIZE, MAX_EVENT_SIZE);
  /* Where the last stream left off: the bridge sends what came since */
  hearth_event_stream_set_resume (self->stream, TRUE, self->last_event_id);
  g_signal_connect (self->stream, "opened", G_CALLBACK (on_stream_opened), self);
  g_signal_connect (self->stream, "event", G_CALLBACK (on_stream_event), self);
  g_signal_connect (self->stream, "closed", G_CALLBACK (on_stream_closed), self);
  self->check_cancellable = g_cancellable_new ();
  hearth_event_stream_open (self->stream, NULL);
}

static void
hearth_hue_link_close_push (HearthLink *link)
{
  push_clear (HEARTH_HUE_LINK (link));
}

static void
hearth_hue_link_dispose (GObject *object)
{
  push_clear (HEARTH_HUE_LINK (object));

  G_OBJECT_CLASS (hearth_hue_link_parent_class)->dispose (object);
}

static void
hearth_hue_link_finalize (GObject *object)
{
  HearthHueLink *self = HEARTH_HUE_LINK (object);

  g_free (self->last_event_id);

  G_OBJECT_CLASS (hearth_hue_link_parent_class)->finalize (object);
}

static void
hearth_hue_link_constructed (GObject *object)
{
  G_OBJECT_CLASS (hearth_hue_link_parent_class)->constructed (object);

  hearth_link_set_poll_interval (HEARTH_LINK (object), HEARTH_HUE_POLL_INTERVAL_MS);
}

static void
hearth_hue_link_class_init (HearthHueLinkClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  HearthLinkClass *link_class = HEARTH_LINK_CLASS (klass);

  object_class->constructed = hearth_hue_link_constructed;
  object_class->dispose = hearth_hue_link_dispose;
  object_class->finalize = hearth_hue_link_finalize;

  link_class->open_push = hearth_hue_link_open_push;
  link_class->close_push = hearth_hue_link_close_push;
  link_class->refresh_async = hearth_hue_link_refresh_async;
  link_class->refresh_finish = hearth_link_task_finish;
  link_class->send_async = hearth_hue_link_send_async;
  link_class->send_finish = hearth_link_task_finish;
}

static void
hearth_hue_link_init (HearthHueLink *self)
{
  hearth_link_set_liveness_interval (HEARTH_LINK (self), HEARTH_HUE_STREAM_CHECK_MS);
}


const char *
hearth_hue_link_get_last_event_id (HearthHueLink *self)
{
  g_return_val_if_fail (HEARTH_IS_HUE_LINK (self), NULL);

  if (self->stream != NULL)
    return hearth_event_stream_get_last_event_id (self->stream);
  return self->last_event_id;
}

HearthLink *
hearth_hue_link_new (HearthDevice *device,
                     HearthHttp   *http)
{
  return g_object_new (HEARTH_TYPE_HUE_LINK,
                       "device", device,
                       "http", http,
                       NULL);
}
