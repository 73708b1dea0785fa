/* hearth-esphome-link.c: an ESPHome node's event stream, and changing it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The web server has no "all entities" request: the only full picture is
 * the burst of "event: state" that GET /events sends right after it opens
 * (one per entity, with names, options and effects). So:
 *
 * - Push: GET /events, read line by line (GDataInputStream over
 *   soup_session_send_async on the HearthHttp session; a line is taken
 *   only once it is whole in the buffer, which caps it at 64 KiB). The headers have
 *   the session's deadline, the stream none. The channel counts as open
 *   once the burst settled (BURST_QUIET_MS without a state event, or the
 *   next ping); every later state event updates the model. The firmware
 *   pings every 10 s: when no line came for two ping intervals the stream
 *   is dead and hearth_link_push_closed() says so (the base class then
 *   polls and reconnects).
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
 * Login: the queue answers Basic and Digest challenges itself. The stream
 * does not go through the queue, so it does the same here: on a 401 it
 * answers the WWW-Authenticate challenge (Basic, or Digest with MD5 or
 * SHA-256) once; without a password that is HEARTH_ERROR_NEEDS_PASSWORD,
 * a second 401 HEARTH_ERROR_BAD_PASSWORD. The user name is the person's;
 * without one, HEARTH_ESPHOME_DEFAULT_USERNAME (as the queue does for the
 * POSTs).
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "hearth-change.h"
#include "hearth-control.h"
#include "hearth-device.h"
#include "hearth-error.h"
#include "hearth-http.h"
#include "hearth-http-queue.h"
#include "hearth-json.h"

#include "hearth-esphome-link.h"
#include "hearth-esphome-parse.h"

#define BURST_QUIET_MS 300
#define MAX_LINE_BYTES (64 * 1024)
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
  HearthHttp        *http;
  char              *host;
  guint16            port;
  char              *username;
  char              *password;
  char              *authorization;
  guint              attempts;

  HearthEsphomeLink *link;      /* push and refresh */
  GTask             *task;      /* probe and refresh */
  gboolean           detached;  /* push: the link let go (close_push) */

  GCancellable      *cancellable;
  gulong             cancelled_id;
  GCancellable      *outer;
  SoupMessage       *msg;
  GDataInputStream  *data;
  HearthEsphomeSse  *sse;
  GError            *error;     /* why we cancelled ourselves */

  guint              deadline_source;
  guint              quiet_source;
  guint              watchdog_source;
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

static void stream_read_next (Stream *stream);

static char *
stream_label (Stream *stream)
{
  return g_strdup_printf ("%s:%u", stream->host, stream->port);
}

static void
stream_free (Stream *stream)
{
  g_clear_handle_id (&stream->deadline_source, g_source_remove);
  g_clear_handle_id (&stream->quiet_source, g_source_remove);
  g_clear_handle_id (&stream->watchdog_source, g_source_remove);
  if (stream->outer != NULL && stream->cancelled_id != 0)
    g_cancellable_disconnect (stream->outer, stream->cancelled_id);
  g_clear_object (&stream->outer);
  g_clear_object (&stream->cancellable);
  g_clear_object (&stream->msg);
  g_clear_object (&stream->data);
  g_clear_pointer (&stream->sse, hearth_esphome_sse_free);
  g_clear_error (&stream->error);
  g_clear_object (&stream->task);
  g_clear_object (&stream->link);
  g_clear_object (&stream->http);
  g_free (stream->host);
  g_free (stream->username);
  if (stream->password != NULL)
    memset (stream->password, 0, strlen (stream->password));
  g_free (stream->password);
  g_free (stream->authorization);
  g_free (stream->title);
  g_free (stream->mac);
  g_free (stream->version);
  g_free (stream);
}

/* Stops the stream because of @error (owned) from inside: the pending
 * read ends as cancelled, and stream_end() then reports @error. */
static void
stream_abort (Stream *stream,
              GError *error)
{
  if (stream->error == NULL)
    stream->error = error;
  else
    g_error_free (error);
  g_cancellable_cancel (stream->cancellable);
}

/* The last step of every stream: reports and frees. @error is owned. */
static void
stream_end (Stream *stream,
            GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && stream->error != NULL)
    {
      g_error_free (error);
      error = g_steal_pointer (&stream->error);
    }
  else if ((stream->mode == STREAM_REFRESH || stream->mode == STREAM_IDENTIFY) && stream->settled &&
           g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* We closed it ourselves, the burst read */
      g_clear_error (&error);
    }

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
        {
          g_autofree char *label = stream_label (stream);

          error = g_error_new (HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED,
                               "The ESPHome node at %s has no MAC address text sensor "
                               "(wifi_info) to tell who it is: let mDNS find it", label);
        }
      if (error == NULL)
        {
          g_autoptr(HearthDevice) device = hearth_device_new (stream->mac, "esphome");

          hearth_device_set_name (device, stream->title != NULL ? stream->title : "ESPHome node");
          hearth_device_set_model (device, "ESPHome");
          if (stream->version != NULL)
            hearth_device_set_firmware (device, stream->version);
          hearth_device_set_address (device, stream->host, stream->port);
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

static void
on_outer_cancelled (GCancellable *outer,
                    gpointer      user_data)
{
  Stream *stream = user_data;

  g_cancellable_cancel (stream->cancellable);
}

static gboolean
on_deadline (gpointer user_data)
{
  Stream *stream = user_data;
  g_autofree char *label = stream_label (stream);

  stream->deadline_source = 0;
  stream_abort (stream, g_error_new (G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                                     "%s did not answer in time", label));
  return G_SOURCE_REMOVE;
}

static gboolean
on_watchdog (gpointer user_data)
{
  Stream *stream = user_data;
  g_autofree char *label = stream_label (stream);

  stream->watchdog_source = 0;
  stream_abort (stream, g_error_new (G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                                     "%s stopped pinging on its event stream", label));
  return G_SOURCE_REMOVE;
}

static void
watchdog_reset (Stream *stream)
{
  if (stream->mode != STREAM_PUSH || stream->link == NULL)
    return;

  g_clear_handle_id (&stream->watchdog_source, g_source_remove);
  /* More than two intervals, and some slack for a busy node */
  stream->watchdog_source = g_timeout_add (2 * hearth_link_get_liveness_interval (HEARTH_LINK (stream->link)) + 500,
                                           on_watchdog, stream);
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
      /* Done: close, and report success from stream_end() */
      g_cancellable_cancel (stream->cancellable);
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

/* One complete line (without its end), already in the buffer */
static gboolean
stream_take_line (Stream *stream)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  const char *event = NULL;
  const char *data = NULL;
  gsize length = 0;

  line = g_data_input_stream_read_line_utf8 (stream->data, &length, NULL, &error);
  if (line == NULL)
    {
      if (error == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA))
        {
          g_clear_error (&error);
          error = g_error_new (HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD,
                               "The node's event stream is not UTF-8 text");
        }
      stream_end (stream, g_steal_pointer (&error));
      return FALSE;
    }

  if (length > 0 && line[length - 1] == '\r')
    line[length - 1] = '\0';

  watchdog_reset (stream);

  if (hearth_esphome_sse_feed (stream->sse, line, &event, &data, &error))
    handle_event (stream, event, data);
  else if (error != NULL)
    {
      stream_end (stream, g_steal_pointer (&error));
      return FALSE;
    }

  return TRUE;
}

static void
on_filled (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Stream *stream = user_data;
  g_autoptr(GError) error = NULL;
  gssize n;

  n = g_buffered_input_stream_fill_finish (G_BUFFERED_INPUT_STREAM (source), result, &error);
  if (n < 0)
    {
      stream_end (stream, g_steal_pointer (&error));
      return;
    }

  if (n == 0)
    {
      /* End of the stream: a refresh that saw the burst is done */
      if ((stream->mode == STREAM_REFRESH || stream->mode == STREAM_IDENTIFY) && stream->n_states > 0)
        {
          stream->settled = TRUE;
          stream_end (stream, NULL);
        }
      else
        {
          g_autofree char *label = stream_label (stream);

          stream_end (stream, g_error_new (HEARTH_ERROR, HEARTH_ERROR_FAILED,
                                           "%s ended its event stream", label));
        }
      return;
    }

  stream_read_next (stream);
}

/* Takes every complete line in the buffer, then waits for more. A line
 * never grows past MAX_LINE_BYTES in memory: a device that sends one
 * endless line is cut off, not followed. */
static void
stream_read_next (Stream *stream)
{
  GBufferedInputStream *buffered = G_BUFFERED_INPUT_STREAM (stream->data);

  for (;;)
    {
      gsize available = 0;
      const char *buffer = g_buffered_input_stream_peek_buffer (buffered, &available);

      if (available > 0 && memchr (buffer, '\n', available) != NULL)
        {
          if (!stream_take_line (stream))
            return;
          continue;
        }

      if (available >= MAX_LINE_BYTES)
        {
          stream_end (stream, g_error_new (HEARTH_ERROR, HEARTH_ERROR_TOO_LARGE,
                                           "A line of the node's event stream is longer than %d bytes",
                                           MAX_LINE_BYTES));
          return;
        }

      g_buffered_input_stream_fill_async (buffered, -1, G_PRIORITY_DEFAULT, stream->cancellable,
                                          on_filled, stream);
      return;
    }
}

/* Logins */

static char *
hash_hex (GChecksumType  type,
          const char    *first,
          ...)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (type);
  const char *part = first;
  va_list args;
  gboolean separator = FALSE;

  va_start (args, first);
  while (part != NULL)
    {
      if (separator)
        g_checksum_update (checksum, (const guchar *) ":", 1);
      g_checksum_update (checksum, (const guchar *) part, strlen (part));
      separator = TRUE;
      part = va_arg (args, const char *);
    }
  va_end (args);

  return g_strdup (g_checksum_get_string (checksum));
}

static gboolean
qop_has_auth (const char *qop)
{
  g_auto(GStrv) options = NULL;

  if (qop == NULL)
    return FALSE;
  options = g_strsplit (qop, ",", -1);
  for (guint i = 0; options[i] != NULL; i++)
    if (g_ascii_strcasecmp (g_strstrip (options[i]), "auth") == 0)
      return TRUE;
  return FALSE;
}

/* The Authorization header answering @challenge (one WWW-Authenticate
 * value), or NULL when Hearth does not know its kind */
static char *
answer_challenge (Stream     *stream,
                  const char *challenge)
{
  const char *user = stream->username != NULL && *stream->username != '\0'
                     ? stream->username : HEARTH_ESPHOME_DEFAULT_USERNAME;

  if (g_ascii_strncasecmp (challenge, "Basic", 5) == 0)
    {
      g_autofree char *plain = g_strdup_printf ("%s:%s", user, stream->password);
      g_autofree char *encoded = g_base64_encode ((const guchar *) plain, strlen (plain));

      memset (plain, 0, strlen (plain));
      return g_strdup_printf ("Basic %s", encoded);
    }

  if (g_ascii_strncasecmp (challenge, "Digest ", 7) == 0)
    {
      g_autoptr(GHashTable) params = soup_header_parse_param_list (challenge + 7);
      const char *realm = g_hash_table_lookup (params, "realm");
      const char *nonce = g_hash_table_lookup (params, "nonce");
      const char *opaque = g_hash_table_lookup (params, "opaque");
      const char *algorithm = g_hash_table_lookup (params, "algorithm");
      gboolean qop = qop_has_auth (g_hash_table_lookup (params, "qop"));
      GChecksumType type;
      g_autofree char *ha1 = NULL;
      g_autofree char *ha2 = NULL;
      g_autofree char *response = NULL;
      g_autofree char *cnonce = g_strdup_printf ("%08x%08x", g_random_int (), g_random_int ());
      GString *header;

      if (realm == NULL || nonce == NULL)
        return NULL;
      if (algorithm == NULL || g_ascii_strcasecmp (algorithm, "MD5") == 0)
        type = G_CHECKSUM_MD5;
      else if (g_ascii_strcasecmp (algorithm, "SHA-256") == 0)
        type = G_CHECKSUM_SHA256;
      else
        return NULL;

      ha1 = hash_hex (type, user, realm, stream->password, NULL);
      ha2 = hash_hex (type, "GET", "/events", NULL);
      if (qop)
        response = hash_hex (type, ha1, nonce, "00000001", cnonce, "auth", ha2, NULL);
      else
        response = hash_hex (type, ha1, nonce, ha2, NULL);

      header = g_string_new ("Digest ");
      g_string_append_printf (header, "username=\"%s\", realm=\"%s\", nonce=\"%s\", uri=\"/events\", "
                              "algorithm=%s, response=\"%s\"",
                              user, realm, nonce, type == G_CHECKSUM_MD5 ? "MD5" : "SHA-256", response);
      if (qop)
        g_string_append_printf (header, ", qop=auth, nc=00000001, cnonce=\"%s\"", cnonce);
      if (opaque != NULL)
        g_string_append_printf (header, ", opaque=\"%s\"", opaque);
      return g_string_free (header, FALSE);
    }

  return NULL;
}

static void stream_send (Stream *stream);

static void
on_headers (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Stream *stream = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) body = NULL;
  g_autofree char *label = stream_label (stream);
  SoupMessageHeaders *headers;
  const char *content_type;
  guint status;

  body = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  if (body == NULL)
    {
      stream_end (stream, g_steal_pointer (&error));
      return;
    }

  status = soup_message_get_status (stream->msg);
  headers = soup_message_get_response_headers (stream->msg);

  if (status == SOUP_STATUS_UNAUTHORIZED)
    {
      const char *challenge = soup_message_headers_get_one (headers, "WWW-Authenticate");

      if (stream->mode == STREAM_PROBE)
        {
          /* A web server asking for a login where the node announced one */
          stream_end (stream, NULL);
          return;
        }
      if (stream->password == NULL)
        {
          if (stream->mode == STREAM_IDENTIFY)
            /* TRANSLATORS: %s is the address (host:port) a person typed */
            stream_end (stream, g_error_new (HEARTH_ERROR, HEARTH_ERROR_NEEDS_PASSWORD,
                                             _("The ESPHome node at %s needs its web password, "
                                               "even to tell who it is"), label));
          else
            stream_end (stream, g_error_new (HEARTH_ERROR, HEARTH_ERROR_NEEDS_PASSWORD,
                                             "%s needs a password", label));
          return;
        }
      if (stream->attempts >= 2)
        {
          if (stream->mode == STREAM_IDENTIFY)
            /* TRANSLATORS: %s is the address (host:port) a person typed */
            stream_end (stream, g_error_new (HEARTH_ERROR, HEARTH_ERROR_BAD_PASSWORD,
                                             _("The ESPHome node at %s refused the user name "
                                               "or password"), label));
          else
            stream_end (stream, g_error_new (HEARTH_ERROR, HEARTH_ERROR_BAD_PASSWORD,
                                             "The password for %s was refused", label));
          return;
        }

      g_free (stream->authorization);
      stream->authorization = challenge != NULL ? answer_challenge (stream, challenge) : NULL;
      if (stream->authorization == NULL)
        {
          stream_end (stream, g_error_new (HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED,
                                           "%s asks for a kind of login Hearth does not know",
                                           label));
          return;
        }

      g_input_stream_close (body, NULL, NULL);
      stream_send (stream);
      return;
    }

  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      GError *failure = g_error_new (HEARTH_ERROR, HEARTH_ERROR_HTTP_STATUS,
                                     "%s answered %u %s", label, status,
                                     soup_status_get_phrase (status));

      if (stream->mode == STREAM_PROBE || stream->mode == STREAM_IDENTIFY)
        {
          g_autoptr(GError) owned = failure;

          failure = g_error_new (HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED,
                                 "No ESPHome web server: %s", owned->message);
        }
      stream_end (stream, failure);
      return;
    }

  content_type = soup_message_headers_get_content_type (headers, NULL);
  if (g_strcmp0 (content_type, "text/event-stream") != 0)
    {
      stream_end (stream, g_error_new (HEARTH_ERROR,
                                       stream->mode == STREAM_PROBE || stream->mode == STREAM_IDENTIFY
                                       ? HEARTH_ERROR_UNSUPPORTED
                                                                    : HEARTH_ERROR_BAD_PAYLOAD,
                                       "%s answered /events with %s, not an event stream",
                                       label, content_type ? content_type : "no content type"));
      return;
    }

  if (stream->mode == STREAM_PROBE)
    {
      stream_end (stream, NULL);
      return;
    }

  /* The stream itself has no deadline (a refresh keeps the total one) */
  if (stream->mode == STREAM_PUSH)
    g_clear_handle_id (&stream->deadline_source, g_source_remove);

  stream->data = g_data_input_stream_new (body);
  g_data_input_stream_set_newline_type (stream->data, G_DATA_STREAM_NEWLINE_TYPE_LF);
  g_buffered_input_stream_set_buffer_size (G_BUFFERED_INPUT_STREAM (stream->data),
                                           MAX_LINE_BYTES + 4096);
  stream->sse = hearth_esphome_sse_new ();
  watchdog_reset (stream);
  stream_read_next (stream);
}

static void
stream_send (Stream *stream)
{
  SoupSession *session = hearth_http_get_session (stream->http);
  g_autofree char *uri = NULL;
  SoupMessageHeaders *headers;

  stream->attempts++;
  g_clear_object (&stream->msg);

  if (strchr (stream->host, ':') != NULL)
    uri = g_strdup_printf ("http://[%s]:%u/events", stream->host, stream->port);
  else
    uri = g_strdup_printf ("http://%s:%u/events", stream->host, stream->port);

  stream->msg = soup_message_new (SOUP_METHOD_GET, uri);
  if (stream->msg == NULL)
    {
      g_autofree char *label = stream_label (stream);

      stream_end (stream, g_error_new (HEARTH_ERROR, HEARTH_ERROR_INVALID,
                                       "%s is not an address", label));
      return;
    }

  headers = soup_message_get_request_headers (stream->msg);
  soup_message_headers_replace (headers, "Accept", "text/event-stream");
  if (stream->authorization != NULL)
    soup_message_headers_replace (headers, "Authorization", stream->authorization);

  soup_session_send_async (session, stream->msg, G_PRIORITY_DEFAULT, stream->cancellable,
                           on_headers, stream);
}

static Stream *
stream_new (StreamMode    mode,
            HearthHttp   *http,
            const char   *host,
            guint16       port,
            GCancellable *outer)
{
  Stream *stream = g_new0 (Stream, 1);

  stream->mode = mode;
  stream->http = g_object_ref (http);
  stream->host = g_strdup (host);
  stream->port = port;
  stream->cancellable = g_cancellable_new ();
  if (outer != NULL)
    {
      stream->outer = g_object_ref (outer);
      stream->cancelled_id = g_cancellable_connect (outer, G_CALLBACK (on_outer_cancelled),
                                                    stream, NULL);
    }
  stream->deadline_source = g_timeout_add (hearth_http_get_deadline_ms (http), on_deadline, stream);
  return stream;
}

static Stream *
stream_new_for_link (HearthEsphomeLink *self,
                     StreamMode         mode,
                     GCancellable      *outer)
{
  HearthLink *link = HEARTH_LINK (self);
  HearthHttpQueue *queue = hearth_link_get_queue (link);
  Stream *stream = stream_new (mode, hearth_link_get_http (link),
                               hearth_http_queue_get_host (queue),
                               hearth_http_queue_get_port (queue), outer);

  stream->link = g_object_ref (self);
  stream->username = g_strdup (hearth_link_get_username (link));
  stream->password = g_strdup (hearth_link_get_password (link));
  return stream;
}

/* Probing */

void
hearth_esphome_probe_async (HearthHttp          *http,
                            const char          *host,
                            guint16              port,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  Stream *stream;

  g_return_if_fail (HEARTH_IS_HTTP (http));
  g_return_if_fail (host != NULL);

  stream = stream_new (STREAM_PROBE, http, host, port, cancellable);
  stream->task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (stream->task, hearth_esphome_probe_async);
  stream_send (stream);
}

gboolean
hearth_esphome_probe_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
hearth_esphome_identify_address_async (HearthHttp          *http,
                                       const char          *host,
                                       guint16              port,
                                       const char          *username,
                                       const char          *password,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  Stream *stream;

  g_return_if_fail (HEARTH_IS_HTTP (http));
  g_return_if_fail (host != NULL);

  stream = stream_new (STREAM_IDENTIFY, http, host, port, cancellable);
  /* Answers the node's challenge as the link's stream does; never logged */
  stream->username = g_strdup (username);
  stream->password = g_strdup (password);
  stream->task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (stream->task, hearth_esphome_identify_address_async);
  stream_send (stream);
}

HearthDevice *
hearth_esphome_identify_address_finish (GAsyncResult  *result,
                                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The link */

static void
hearth_esphome_link_open_push (HearthLink *link)
{
  HearthEsphomeLink *self = HEARTH_ESPHOME_LINK (link);

  if (self->push != NULL)
    return;

  self->push = stream_new_for_link (self, STREAM_PUSH, hearth_link_get_cancellable (link));
  stream_send (self->push);
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
  g_cancellable_cancel (stream->cancellable);
}

static void
hearth_esphome_link_refresh_async (HearthLink          *link,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  HearthEsphomeLink *self = HEARTH_ESPHOME_LINK (link);
  Stream *stream;

  stream = stream_new_for_link (self, STREAM_REFRESH, cancellable);
  stream->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (stream->task, hearth_esphome_link_refresh_async);
  stream_send (stream);
}

static gboolean
hearth_esphome_link_refresh_finish (HearthLink    *link,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, link), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
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

static gboolean
hearth_esphome_link_send_finish (HearthLink    *link,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, link), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
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
  link_class->refresh_finish = hearth_esphome_link_refresh_finish;
  link_class->send_async = hearth_esphome_link_send_async;
  link_class->send_finish = hearth_esphome_link_send_finish;
}

static void
on_liveness_interval_changed (HearthEsphomeLink *self)
{
  if (self->push != NULL && self->push->watchdog_source != 0)
    watchdog_reset (self->push);
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

