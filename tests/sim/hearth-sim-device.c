/* hearth-sim-device.c: one simulated device, its own HTTP server
 *
 * The base class owns the SoupServer. Every request (except /sim/…) is
 * counted from the moment it has been read until its response is written
 * or abandoned, so tests can check how gently a client treats a device
 * (and, for the changes, how many all the devices had at once).
 * Handlers registered through hearth_sim_device_add_handler() are answered
 * after "latency" ms (the message is paused meanwhile, so concurrent
 * requests really overlap) and obey /sim/misbehave.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include "hearth-sim-device.h"

#define SLOW_DELAY_MS 3000
#define HUGE_SIZE (16 * 1024 * 1024)

typedef enum
{
  MISBEHAVE_NONE,
  MISBEHAVE_HANG,
  MISBEHAVE_SLOW,
  MISBEHAVE_ERROR,
  MISBEHAVE_GARBAGE,
  MISBEHAVE_HUGE,
} Misbehaviour;

static const char * const misbehaviour_names[] = {
  "none", "hang", "slow", "error", "garbage", "huge",
};

typedef struct
{
  char         *id;
  char         *name;
  char         *address;
  char         *password;
  char         *user;       /* NULL: the family's usual one */
  guint16       port;
  guint         latency;

  SoupServer   *server;
  Misbehaviour  mode;

  guint         requests;
  guint         secrets;      /* requests that carried a credential */
  guint         in_flight;
  guint         max_in_flight;

  /* SoupServerMessage → Pending: answers waiting for their moment */
  GHashTable   *pending;
  /* open SoupWebsocketConnections */
  GPtrArray    *websockets;
  GBytes       *huge_body;
} HearthSimDevicePrivate;

G_DEFINE_TYPE_WITH_PRIVATE (HearthSimDevice, hearth_sim_device, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_ADDRESS,
  PROP_PORT,
  PROP_PASSWORD,
  PROP_LATENCY,
  PROP_USER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Marks a message counted as in flight (1; 2: a change, counted in
 * all_changes_in_flight too) */
static GQuark counted_quark;

/* Changes (requests other than GET and HEAD) in flight at all the devices
 * of this process at once, and the most ever: whether a client sends a
 * group's changes to its devices at the same time */
static guint all_changes_in_flight;
static guint all_changes_max_in_flight;

typedef struct
{
  HearthSimDevice    *self;
  SoupServerCallback  callback;
  gpointer            user_data;
  GDestroyNotify      destroy;
} Handler;

typedef struct
{
  HearthSimDevice             *self;
  SoupServerWebsocketCallback  callback;
  gpointer                     user_data;
  GDestroyNotify               destroy;
} WebsocketHandler;

typedef struct
{
  HearthSimDevice   *self;
  SoupServerMessage *msg;
  Handler           *handler;
  char              *path;
  GHashTable        *query;
  Misbehaviour       mode;
  guint              timeout_id;
  GSource           *hangup_source;
} Pending;

HearthSimService *
hearth_sim_service_new (const char         *type,
                        const char         *name,
                        const char * const *txt)
{
  HearthSimService *service;

  g_return_val_if_fail (type != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  service = g_new0 (HearthSimService, 1);
  service->type = g_strdup (type);
  service->name = g_strdup (name);
  service->txt = txt ? g_strdupv ((char **) txt) : g_new0 (char *, 1);

  return service;
}

void
hearth_sim_service_free (HearthSimService *service)
{
  if (service == NULL)
    return;

  g_free (service->type);
  g_free (service->name);
  g_strfreev (service->txt);
  g_free (service);
}

static void
handler_free (gpointer data)
{
  Handler *handler = data;

  if (handler->destroy)
    handler->destroy (handler->user_data);
  g_free (handler);
}

static void
websocket_handler_free (gpointer data)
{
  WebsocketHandler *handler = data;

  if (handler->destroy)
    handler->destroy (handler->user_data);
  g_free (handler);
}

static void
pending_free (gpointer data)
{
  Pending *pending = data;

  g_clear_handle_id (&pending->timeout_id, g_source_remove);
  if (pending->hangup_source)
    {
      g_source_destroy (pending->hangup_source);
      g_clear_pointer (&pending->hangup_source, g_source_unref);
    }
  g_clear_object (&pending->msg);
  g_clear_pointer (&pending->query, g_hash_table_unref);
  g_free (pending->path);
  g_free (pending);
}

static gboolean
is_sim_path (const char *path)
{
  return g_str_equal (path, "/sim") || g_str_has_prefix (path, "/sim/");
}

static const char *
message_path (SoupServerMessage *msg)
{
  GUri *uri = soup_server_message_get_uri (msg);

  return uri ? g_uri_get_path (uri) : "";
}

/* ------------------------------------------------------------------ */
/* Counting                                                            */

static void
request_done (HearthSimDevice   *self,
              SoupServerMessage *msg)
{
  HearthSimDevicePrivate *priv = hearth_sim_device_get_instance_private (self);

  if (g_object_get_qdata (G_OBJECT (msg), counted_quark) == NULL)
    return;

  if (GPOINTER_TO_INT (g_object_get_qdata (G_OBJECT (msg), counted_quark)) == 2 &&
      all_changes_in_flight > 0)
    all_changes_in_flight--;
  g_object_set_qdata (G_OBJECT (msg), counted_quark, NULL);
  if (priv->in_flight > 0)
    priv->in_flight--;
}

static void
on_message_finished (SoupServerMessage *msg,
                     gpointer           user_data)
{
  HearthSimDevice *self = user_data;
  HearthSimDevicePrivate *priv = hearth_sim_device_get_instance_private (self);

  request_done (self, msg);
  if (priv->pending)
    g_hash_table_remove (priv->pending, msg);
}

/* libsoup 3.2 (Debian 12) never closes a kept-alive connection that the
 * client closes between two requests (fixed in libsoup 3.3: "server: do
 * not leak idle connections closed by the client"): every client that
 * leaves would keep a socket here in CLOSE-WAIT, and a simulator serving a
 * thousand devices runs out of file descriptors after a few runs. So after
 * each answer the base class watches the connection itself, and closes it
 * when the client has hung up. */
static gboolean
on_idle_connection_readable (GSocket      *socket,
                             GIOCondition  condition,
                             gpointer      user_data)
{
  char byte;
  gssize n;

  n = recv (g_socket_get_fd (socket), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR))
    g_socket_close (socket, NULL);

  /* Otherwise the next request came: libsoup reads it, and this is
   * watched again once it is answered. */
  return G_SOURCE_REMOVE;
}

static void
on_server_request_finished (SoupServer        *server,
                            SoupServerMessage *msg,
                            gpointer           user_data)
{
  GSocket *socket = soup_server_message_get_socket (msg);
  g_autoptr(GSource) source = NULL;

  if (socket == NULL || g_socket_is_closed (socket))
    return;

  source = g_socket_create_source (socket, G_IO_IN | G_IO_HUP | G_IO_ERR, NULL);
  g_source_set_callback (source, (GSourceFunc) (GCallback) on_idle_connection_readable,
                         g_object_ref (socket), g_object_unref);
  g_source_attach (source, NULL);
}

static void
on_message_wrote_informational (SoupServerMessage *msg,
                                gpointer           user_data)
{
  /* A WebSocket upgrade: libsoup steals the connection and never reports
   * the message finished, so the request ends here. */
  if (soup_server_message_get_status (msg) == SOUP_STATUS_SWITCHING_PROTOCOLS)
    request_done (HEARTH_SIM_DEVICE (user_data), msg);
}

/* Whether a request carries a credential of any family, whichever
 * device it was meant for: an Authorization header (Basic, Digest), a
 * password in the query (Tasmota's user=…&password=…), a Hue application
 * key (the hue-application-key header, /api/<key>/… of the v1 API) or a
 * Nanoleaf token (/api/v1/<token>/…). For the impostor tests: nothing
 * secret may reach a device that is not the one it belongs to. */
static gboolean
carries_secret (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  GUri *uri = soup_server_message_get_uri (msg);
  const char *path = g_uri_get_path (uri);
  const char *query = g_uri_get_query (uri);

  if (soup_message_headers_get_one (headers, "Authorization") != NULL ||
      soup_message_headers_get_one (headers, "hue-application-key") != NULL)
    return TRUE;

  if (query != NULL)
    {
      g_autoptr(GHashTable) params = soup_form_decode (query);

      if (params != NULL && g_hash_table_contains (params, "password"))
        return TRUE;
    }

  if (path != NULL && g_str_has_prefix (path, "/api/"))
    {
      g_auto(GStrv) segments = g_strsplit (path + strlen ("/api/"), "/", 3);

      if (segments[0] == NULL || *segments[0] == '\0')
        return FALSE;
      if (g_str_equal (segments[0], "v1"))
        return segments[1] != NULL && *segments[1] != '\0' && !g_str_equal (segments[1], "new");
      return !g_str_equal (segments[0], "config");
    }

  return FALSE;
}

void
hearth_sim_device_count_secret (HearthSimDevice *self)
{
  HearthSimDevicePrivate *priv = hearth_sim_device_get_instance_private (self);

  g_return_if_fail (HEARTH_IS_SIM_DEVICE (self));
  priv->secrets++;
}

static gboolean
is_change (SoupServerMessage *msg)
{
  const char *method = soup_server_message_get_method (msg);

  return !g_str_equal (method, SOUP_METHOD_GET) && !g_str_equal (method, SOUP_METHOD_HEAD);
}

static void
on_request_read (SoupServer        *server,
                 SoupServerMessage *msg,
                 gpointer           user_data)
{
  HearthSimDevice *self = user_data;
  HearthSimDevicePrivate *priv = hearth_sim_device_get_instance_private (self);

  if (is_sim_path (message_path (msg)))
    return;

  priv->requests++;
  if (carries_secret (msg))
    priv->secrets++;
  priv->in_flight++;
  priv->max_in_flight = MAX (priv->max_in_flight, priv->in_flight);
  if (is_change (msg))
    {
      all_changes_in_flight++;
      all_changes_max_in_flight = MAX (all_changes_max_in_flight, all_changes_in_flight);
      g_object_set_qdata (G_OBJECT (msg), counted_quark, GINT_TO_POINTER (2));
    }
  else
    g_object_set_qdata (G_OBJECT (msg), counted_quark, GINT_TO_POINTER (1));

  g_signal_connect_object (msg, "finished",
                           G_CALLBACK (on_message_finished), self, 0);
  g_signal_connect_object (msg, "wrote-informational",
                           G_CALLBACK (on_message_wrote_informational), self, 0);
}

/* ------------------------------------------------------------------ */
/* Delayed answers                                                     */

static void
reply_garbage (SoupServerMessage *msg)
{
  static const char garbage[] =
    "{\"id\":1,\"result\":{\"on\":tru<html><body><h1>503 Service "
    "Temporarily Unavailable</h1></body></html>";

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC,
                                    garbage, sizeof garbage - 1);
}

static GBytes *
get_huge_body (HearthSimDevice *self)
{
  HearthSimDevicePrivate *priv = hearth_sim_device_get_instance_private (self);

  if (priv->huge_body == NULL)
    {
      /* Valid JSON of exactly 16 MiB: only a size cap stops it */
      static const char head[] = "{\"padding\":\"";
      static const char tail[] = "\"}";
      char *data = g_malloc (HUGE_SIZE);

      memset (data, 'x', HUGE_SIZE);
      memcpy (data, head, sizeof head - 1);
      memcpy (data + HUGE_SIZE - (sizeof tail - 1), tail, sizeof tail - 1);
      priv->huge_body = g_bytes_new_take (data, HUGE_SIZE);
    }

  return priv->huge_body;
}

static void
reply_huge (HearthSimDevice   *self,
            SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  SoupMessageBody *body = soup_server_message_get_response_body (msg);

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_content_type (headers, "application/json", NULL);
  soup_message_body_truncate (body);
  soup_message_body_append_bytes (body, get_huge_body (self));
}

static gboolean
answer_now (gpointer data)
{
  Pending *pending = data;
  HearthSimDevice *self = pending->self;
  HearthSimDevicePrivate *priv = hearth_sim_device_get_instance_private (self);
  g_autoptr(SoupServerMessage) msg = g_object_ref (pending->msg);

  pending->timeout_id = 0;

  /* Own it from here: the callback may finish the message (and with it
   * the table entry) in ways we cannot foresee. */
  g_hash_table_steal (priv->pending, msg);

  soup_server_message_unpause (msg);

  switch (pending->mode)
    {
    case MISBEHAVE_ERROR:
      hearth_sim_reply_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR,
                              "Internal Server Error (simulated)");
      break;

    case MISBEHAVE_GARBAGE:
      reply_garbage (msg);
      break;

    case MISBEHAVE_HUGE:
      reply_huge (self, msg);
      break;

    case MISBEHAVE_NONE:
    case MISBEHAVE_HANG:
    case MISBEHAVE_SLOW:
    default:
      pending->handler->callback (priv->server, msg, pending->path,
                                  pending->query, pending->handler->user_data);
      break;
    }

  pending_free (pending);

  return G_SOURCE_REMOVE;
}

/* The client gave up (closed its side) while we held its answer back:
 * finish the message now so it no longer counts as in flight. */
static gboolean
on_client_readable (GSocket      *socket,
                    GIOCondition  condition,
                    gpointer      data)
{
  Pending *pending = data;
  HearthSimDevicePrivate *priv = hearth_sim_device_get_instance_private (pending->self);
  g_autoptr(SoupServerMessage) msg = NULL;
  char byte;
  gssize n;

  n = recv (g_socket_get_fd (socket), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  if (n > 0 || (n < 0 && (errno == EAGAIN || errno == EINTR)))
    {
      /* Data (a pipelined request?) rather than a hang-up: stop watching */
      g_clear_pointer (&pending->hangup_source, g_source_unref);
      return G_SOURCE_REMOVE;
    }

  g_debug ("Client of %s went away before its answer", priv->id);

  msg = g_object_ref (pending->msg);
  g_clear_pointer (&pending->hangup_source, g_source_unref);
  g_hash_table_steal (priv->pending, msg);
  pending_free (pending);

  soup_server_message_unpause (msg);
  soup_server_message_set_status (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, NULL);

  return G_SOURCE_REMOVE;
}

static void
wrapped_handler_cb (SoupServer        *server,
                    SoupServerMessage *msg,
                    const char        *path,
                    GHashTable        *query,
                    gpointer           user_data)
{
  Handler *handler = user_data;
  HearthSimDevice *self = handler->self;
  HearthSimDevicePrivate *priv = hearth_sim_device_get_instance_private (self);
  Pending *pending;
  GSocket *socket;

  pending = g_new0 (Pending, 1);
  pending->self = self;
  pending->msg = g_object_ref (msg);
  pending->handler = handler;
  pending->path = g_strdup (path);
  pending->query = query ? g_hash_table_ref (query) : NULL;
  pending->mode = priv->mode;

  soup_server_message_pause (msg);

  switch (pending->mode)
    {
    case MISBEHAVE_HANG:
      /* never answered, until the client leaves or the device stops */
      break;

    case MISBEHAVE_SLOW:
      pending->timeout_id = g_timeout_add (SLOW_DELAY_MS, answer_now, pending);
      break;

    case MISBEHAVE_NONE:
    case MISBEHAVE_ERROR:
    case MISBEHAVE_GARBAGE:
    case MISBEHAVE_HUGE:
    default:
      pending->timeout_id = g_timeout_add (priv->latency, answer_now, pending);
      break;
    }

  socket = soup_server_message_get_socket (msg);
  if (socket != NULL)
    {
      pending->hangup_source = g_socket_create_source (socket, G_IO_IN, NULL);
      g_source_set_callback (pending->hangup_source,
                             (GSourceFunc) (GCallback) on_client_readable,
                             pending, NULL);
      g_source_attach (pending->hangup_source, NULL);
    }

  g_hash_table_replace (priv->pending, msg, pending);
}

void
hearth_sim_device_add_handler (HearthSimDevice    *self,
                               const char         *path,
                               SoupServerCallback  callback,
                               gpointer            user_data,
                               GDestroyNotify      destroy)
{
  HearthSimDevicePrivate *priv = hearth_sim_device_get_instance_private (self);
  Handler *handler;

  g_return_if_fail (HEARTH_IS_SIM_DEVICE (self));
  g_return_if_fail (priv->server != NULL);
  g_return_if_fail (path != NULL);
  g_return_if_fail (callback != NULL);

  handler = g_new0 (Handler, 1);
  handler->self = self;
  handler->callback = callback;
  handler->user_data = user_data;
  handler->destroy = destroy;

  soup_server_add_handler (priv->server, path, wrapped_handler_cb,
                           handler, handler_free);
}

/* ------------------------------------------------------------------ */
/* WebSockets                                                          */

static void
on_websocket_closed (SoupWebsocketConnection *connection,
                     gpointer                 user_data)
{
  HearthSimDevice *self = user_data;
  HearthSimDevicePrivate *priv = hearth_sim_device_get_instance_private (self);

  /* Only the base's own handler: a subclass may listen with the same data. */
  g_signal_handlers_disconnect_by_func (connection, on_websocket_closed, self);
  if (priv->websockets)
    g_ptr_array_remove (priv->websockets, connection);
}

void
hearth_sim_device_track_websocket (HearthSimDevice         *self,
                                   SoupWebsocketConnection *connection)
{
  HearthSimDevicePrivate *priv = hearth_sim_device_get_instance_private (self);

  g_return_if_fail (HEARTH_IS_SIM_DEVICE (self));
  g_return_if_fail (SOUP_IS_WEBSOCKET_CONNECTION (connection));

  if (g_ptr_array_find (priv->websockets, connection, NULL))
    return;

  if (soup_websocket_connection_get_state (connection) == SOUP_WEBSOCKET_STATE_CLOSED)
    return;

  g_ptr_array_add (priv->websockets, g_object_ref (connection));
  g_signal_connect_object (connection, "closed",
                           G_CALLBACK (on_websocket_closed), self, 0);
}

static void
websocket_handler_cb (SoupServer              *server,
                      SoupServerMessage       *msg,
                      const char              *path,
                      SoupWebsocketConnection *connection,
                      gpointer                 user_data)
{
  WebsocketHandler *handler = user_data;

  hearth_sim_device_track_websocket (handler->self, connection);
  handler->callback (server, msg, path, connection, handler->user_data);
}

void
hearth_sim_device_add_websocket_handler (HearthSimDevice             *self,
                                         const char                  *path,
                                         SoupServerWebsocketCallback  callback,
                                         gpointer                     user_data,
                                         GDestroyNotify               destroy)
{
  HearthSimDevicePrivate *priv = hearth_sim_device_get_instance_private (self);
  WebsocketHandler *handler;

  g_return_if_fail (HEARTH_IS_SIM_DEVICE (self));
  g_return_if_fail (priv->server != NULL);
  g_return_if_fail (path != NULL);
  g_return_if_fail (callback != NULL);

  handler = g_new0 (WebsocketHandler, 1);
  handler->self = self;
  handler->callback = callback;
  handler->user_data = user_data;
  handler->destroy = destroy;

  soup_server_add_websocket_handler (priv->server, path, NULL, NULL,
                                     websocket_handler_cb, handler,
                                     websocket_handler_free);
}

GPtrArray *
hearth_sim_device_get_websockets (HearthSimDevice *self)
{
  HearthSimDevicePrivate *priv = hearth_sim_device_get_instance_private (self);

  g_return_val_if_fail (HEARTH_IS_SIM_DEVICE (self), NULL);

  return priv->websockets;
}

void
hearth_sim_device_broadcast_text (HearthSimDevice *self,
                                  const char      *text)
{
  HearthSimDevicePrivate *priv = hearth_sim_device_get_instance_private (self);
  g_autoptr(GPtrArray) connections = NULL;

  g_return_if_fail (HEARTH_IS_SIM_DEVICE (self));
  g_return_if_fail (text != NULL);

  /* a copy: sending may close a broken connection under our feet */
  connections = g_ptr_array_copy (priv->websockets, (GCopyFunc) (GCallback) g_object_ref, NULL);
  g_ptr_array_set_free_func (connections, g_object_unref);

  for (guint i = 0; i < connections->len; i++)
    {
      SoupWebsocketConnection *connection = g_ptr_array_index (connections, i);

      if (soup_websocket_connection_get_state (connection) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_send_text (connection, text);
    }
}

/* ------------------------------------------------------------------ */
/* JSON helpers                                                        */

void
hearth_sim_reply_json (SoupServerMessage *msg,
                       JsonNode          *node)
{
  char *text;

  g_return_if_fail (SOUP_IS_SERVER_MESSAGE (msg));

  /* @node is not consumed */
  text = node ? json_to_string (node, FALSE) : g_strdup ("null");
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE,
                                    text, strlen (text));
}

void
hearth_sim_reply_error (SoupServerMessage *msg,
                        guint              status,
                        const char        *body)
{
  g_return_if_fail (SOUP_IS_SERVER_MESSAGE (msg));

  soup_server_message_set_status (msg, status, NULL);
  if (body != NULL)
    {
      /* Devices answer errors in JSON (Shelly, WLED) or plain text */
      const char *type = (body[0] == '{' || body[0] == '[') ? "application/json" : "text/plain";

      soup_server_message_set_response (msg, type, SOUP_MEMORY_COPY,
                                        body, strlen (body));
    }
}

JsonNode *
hearth_sim_object_node (JsonObject *object)
{
  JsonNode *node = json_node_init_object (json_node_alloc (), object);

  json_object_unref (object);
  return node;
}

gconstpointer
hearth_sim_find_variant (gconstpointer  table,
                         gsize          n_entries,
                         gsize          entry_size,
                         const char    *name)
{
  const guint8 *entry = table;

  g_return_val_if_fail (table != NULL && n_entries > 0, NULL);

  if (name == NULL)
    return table;
  for (gsize i = 0; i < n_entries; i++, entry += entry_size)
    if (g_str_equal (*(const char * const *) entry, name))
      return entry;
  return NULL;
}

JsonObject *
hearth_sim_read_json_object (SoupServerMessage *msg)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GBytes) bytes = NULL;
  SoupMessageBody *body;
  JsonNode *root;
  gsize size;
  const char *data;

  g_return_val_if_fail (SOUP_IS_SERVER_MESSAGE (msg), NULL);

  body = soup_server_message_get_request_body (msg);
  if (body == NULL)
    return NULL;

  bytes = soup_message_body_flatten (body);
  data = g_bytes_get_data (bytes, &size);
  if (data == NULL || size == 0)
    return NULL;

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, data, size, NULL))
    return NULL;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;

  /* transfer full */
  return json_object_ref (json_node_get_object (root));
}

/* ------------------------------------------------------------------ */
/* /sim/…                                                              */

static void
reply_stats (HearthSimDevice   *self,
             SoupServerMessage *msg)
{
  HearthSimDevicePrivate *priv = hearth_sim_device_get_instance_private (self);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "requests");
  json_builder_add_int_value (builder, priv->requests);
  json_builder_set_member_name (builder, "max_in_flight");
  json_builder_add_int_value (builder, priv->max_in_flight);
  json_builder_set_member_name (builder, "in_flight");
  json_builder_add_int_value (builder, priv->in_flight);
  json_builder_set_member_name (builder, "secrets");
  json_builder_add_int_value (builder, priv->secrets);
  json_builder_set_member_name (builder, "websockets");
  json_builder_add_int_value (builder, priv->websockets->len);
  json_builder_set_member_name (builder, "all_changes_max_in_flight");
  json_builder_add_int_value (builder, all_changes_max_in_flight);
  json_builder_set_member_name (builder, "misbehave");
  json_builder_add_string_value (builder, misbehaviour_names[priv->mode]);
  json_builder_end_object (builder);

  node = json_builder_get_root (builder);
  hearth_sim_reply_json (msg, node);
}

static void
handle_misbehave (HearthSimDevice   *self,
                  SoupServerMessage *msg)
{
  HearthSimDevicePrivate *priv = hearth_sim_device_get_instance_private (self);
  g_autoptr(JsonObject) request = hearth_sim_read_json_object (msg);
  const char *mode = NULL;

  if (request != NULL)
    {
      JsonNode *member = json_object_get_member (request, "mode");

      if (member != NULL && JSON_NODE_HOLDS_VALUE (member) &&
          json_node_get_value_type (member) == G_TYPE_STRING)
        mode = json_node_get_string (member);
    }

  if (mode == NULL)
    {
      hearth_sim_reply_error (msg, SOUP_STATUS_BAD_REQUEST,
                              "expected a JSON object like {\"mode\":\"hang\"}");
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (misbehaviour_names); i++)
    {
      if (g_str_equal (mode, misbehaviour_names[i]))
        {
          priv->mode = (Misbehaviour) i;
          reply_stats (self, msg);
          return;
        }
    }

  {
    g_autofree char *message =
      g_strdup_printf ("unknown mode \"%s\" (none, hang, slow, error, garbage, huge)", mode);

    hearth_sim_reply_error (msg, SOUP_STATUS_BAD_REQUEST, message);
  }
}

static void
handle_state (HearthSimDevice   *self,
              SoupServerMessage *msg,
              gboolean           post)
{
  HearthSimDeviceClass *klass = HEARTH_SIM_DEVICE_GET_CLASS (self);

  if (!post)
    {
      g_autoptr(JsonNode) node = NULL;

      if (klass->get_sim_state == NULL ||
          (node = klass->get_sim_state (self)) == NULL)
        {
          hearth_sim_reply_error (msg, SOUP_STATUS_NOT_IMPLEMENTED,
                                  "this device has no simulated state");
          return;
        }

      hearth_sim_reply_json (msg, node);
    }
  else
    {
      g_autoptr(JsonObject) changes = hearth_sim_read_json_object (msg);
      g_autoptr(GError) error = NULL;

      if (changes == NULL)
        {
          hearth_sim_reply_error (msg, SOUP_STATUS_BAD_REQUEST,
                                  "the body must be a JSON object");
          return;
        }

      if (klass->set_sim_state == NULL)
        {
          hearth_sim_reply_error (msg, SOUP_STATUS_NOT_IMPLEMENTED,
                                  "this device's state cannot be changed");
          return;
        }

      if (!klass->set_sim_state (self, changes, &error))
        {
          hearth_sim_reply_error (msg, SOUP_STATUS_BAD_REQUEST,
                                  error ? error->message : "the change was refused");
          return;
        }

      handle_state (self, msg, FALSE);
    }
}

static void
sim_handler_cb (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  HearthSimDevice *self = user_data;
  HearthSimDevicePrivate *priv = hearth_sim_device_get_instance_private (self);
  const char *method = soup_server_message_get_method (msg);
  gboolean get = g_str_equal (method, SOUP_METHOD_GET);
  gboolean post = g_str_equal (method, SOUP_METHOD_POST);

  if (g_str_equal (path, "/sim/stats") && get)
    {
      reply_stats (self, msg);
    }
  else if (g_str_equal (path, "/sim/stats/reset") && post)
    {
      /* what is still in flight stays counted as such */
      priv->requests = 0;
      priv->secrets = 0;
      priv->max_in_flight = priv->in_flight;
      all_changes_max_in_flight = all_changes_in_flight;
      reply_stats (self, msg);
    }
  else if (g_str_equal (path, "/sim/state") && (get || post))
    {
      handle_state (self, msg, post);
    }
  else if (g_str_equal (path, "/sim/misbehave") && post)
    {
      handle_misbehave (self, msg);
    }
  else if (g_str_equal (path, "/sim/misbehave") && get)
    {
      reply_stats (self, msg);
    }
  else if (g_str_equal (path, "/sim/stats") ||
           g_str_equal (path, "/sim/stats/reset") ||
           g_str_equal (path, "/sim/state") ||
           g_str_equal (path, "/sim/misbehave"))
    {
      hearth_sim_reply_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED,
                              "method not allowed");
    }
  else
    {
      hearth_sim_reply_error (msg, SOUP_STATUS_NOT_FOUND,
                              "unknown /sim path (stats, stats/reset, state, misbehave)");
    }
}

/* ------------------------------------------------------------------ */
/* The object                                                          */

const char *
hearth_sim_device_get_family (HearthSimDevice *self)
{
  g_return_val_if_fail (HEARTH_IS_SIM_DEVICE (self), NULL);

  return HEARTH_SIM_DEVICE_GET_CLASS (self)->family;
}

const char *
hearth_sim_device_get_id (HearthSimDevice *self)
{
  HearthSimDevicePrivate *priv = hearth_sim_device_get_instance_private (self);

  g_return_val_if_fail (HEARTH_IS_SIM_DEVICE (self), NULL);

  return priv->id;
}

const char *
hearth_sim_device_get_name (HearthSimDevice *self)
{
  HearthSimDevicePrivate *priv = hearth_sim_device_get_instance_private (self);

  g_return_val_if_fail (HEARTH_IS_SIM_DEVICE (self), NULL);

  return priv->name;
}

const char *
hearth_sim_device_get_address (HearthSimDevice *self)
{
  HearthSimDevicePrivate *priv = hearth_sim_device_get_instance_private (self);

  g_return_val_if_fail (HEARTH_IS_SIM_DEVICE (self), NULL);

  return priv->address;
}

guint16
hearth_sim_device_get_port (HearthSimDevice *self)
{
  HearthSimDevicePrivate *priv = hearth_sim_device_get_instance_private (self);

  g_return_val_if_fail (HEARTH_IS_SIM_DEVICE (self), 0);

  return priv->port;
}

const char *
hearth_sim_device_get_password (HearthSimDevice *self)
{
  HearthSimDevicePrivate *priv = hearth_sim_device_get_instance_private (self);

  g_return_val_if_fail (HEARTH_IS_SIM_DEVICE (self), NULL);

  return priv->password;
}

const char *
hearth_sim_device_get_user (HearthSimDevice *self)
{
  HearthSimDevicePrivate *priv = hearth_sim_device_get_instance_private (self);

  g_return_val_if_fail (HEARTH_IS_SIM_DEVICE (self), NULL);

  return priv->user;
}

void
hearth_sim_device_list_services (HearthSimDevice *self,
                                 GPtrArray       *services)
{
  HearthSimDeviceClass *klass;

  g_return_if_fail (HEARTH_IS_SIM_DEVICE (self));
  g_return_if_fail (services != NULL);

  klass = HEARTH_SIM_DEVICE_GET_CLASS (self);
  if (klass->list_services)
    klass->list_services (self, services);
}

gboolean
hearth_sim_device_start (HearthSimDevice  *self,
                         GError          **error)
{
  HearthSimDevicePrivate *priv = hearth_sim_device_get_instance_private (self);
  HearthSimDeviceClass *klass;
  g_autoptr(GInetAddress) inet = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  GSList *listeners;

  g_return_val_if_fail (HEARTH_IS_SIM_DEVICE (self), FALSE);
  g_return_val_if_fail (priv->server == NULL, FALSE);

  inet = g_inet_address_new_from_string (priv->address ? priv->address : "127.0.0.1");
  if (inet == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "“%s” is not an IP address", priv->address);
      return FALSE;
    }

  priv->server = soup_server_new (NULL, NULL);
  g_signal_connect_object (priv->server, "request-read",
                           G_CALLBACK (on_request_read), self, 0);
  g_signal_connect (priv->server, "request-finished",
                    G_CALLBACK (on_server_request_finished), NULL);

  klass = HEARTH_SIM_DEVICE_GET_CLASS (self);
  if (klass->setup)
    klass->setup (self, priv->server);

  soup_server_add_handler (priv->server, "/sim", sim_handler_cb, self, NULL);

  /* A family that speaks HTTPS (the Hue bridge) gave the server a
   * certificate in setup: then it listens with TLS */
  g_object_get (priv->server, "tls-certificate", &certificate, NULL);

  address = g_inet_socket_address_new (inet, priv->port);
  if (!soup_server_listen (priv->server, address,
                           certificate != NULL ? SOUP_SERVER_LISTEN_HTTPS : 0, error))
    {
      g_prefix_error (error, "Cannot listen on %s:%u: ",
                      priv->address, priv->port);
      return FALSE;
    }

  listeners = soup_server_get_listeners (priv->server);
  if (listeners != NULL)
    {
      g_autoptr(GSocketAddress) local = g_socket_get_local_address (listeners->data, NULL);

      if (G_IS_INET_SOCKET_ADDRESS (local))
        {
          priv->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local));
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PORT]);
        }
    }

  return TRUE;
}

static void
hearth_sim_device_dispose (GObject *object)
{
  HearthSimDevice *self = HEARTH_SIM_DEVICE (object);
  HearthSimDevicePrivate *priv = hearth_sim_device_get_instance_private (self);

  /* Hung and delayed answers are dropped with their connections */
  g_clear_pointer (&priv->pending, g_hash_table_unref);

  if (priv->websockets != NULL)
    {
      g_autoptr(GPtrArray) websockets = g_steal_pointer (&priv->websockets);

      for (guint i = 0; i < websockets->len; i++)
        {
          SoupWebsocketConnection *connection = g_ptr_array_index (websockets, i);

          g_signal_handlers_disconnect_by_func (connection, on_websocket_closed, self);
          if (soup_websocket_connection_get_state (connection) == SOUP_WEBSOCKET_STATE_OPEN)
            soup_websocket_connection_close (connection, SOUP_WEBSOCKET_CLOSE_GOING_AWAY,
                                             "device stopped");
        }
    }

  if (priv->server != NULL)
    {
      g_signal_handlers_disconnect_by_data (priv->server, self);
      soup_server_disconnect (priv->server);
      g_clear_object (&priv->server);
    }

  G_OBJECT_CLASS (hearth_sim_device_parent_class)->dispose (object);
}

static void
hearth_sim_device_finalize (GObject *object)
{
  HearthSimDevice *self = HEARTH_SIM_DEVICE (object);
  HearthSimDevicePrivate *priv = hearth_sim_device_get_instance_private (self);

  g_clear_pointer (&priv->huge_body, g_bytes_unref);
  g_free (priv->id);
  g_free (priv->name);
  g_free (priv->address);
  g_free (priv->password);
  g_free (priv->user);

  G_OBJECT_CLASS (hearth_sim_device_parent_class)->finalize (object);
}

static void
hearth_sim_device_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  HearthSimDevice *self = HEARTH_SIM_DEVICE (object);
  HearthSimDevicePrivate *priv = hearth_sim_device_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, priv->id);
      break;

    case PROP_NAME:
      g_value_set_string (value, priv->name);
      break;

    case PROP_ADDRESS:
      g_value_set_string (value, priv->address);
      break;

    case PROP_PORT:
      g_value_set_uint (value, priv->port);
      break;

    case PROP_PASSWORD:
      g_value_set_string (value, priv->password);
      break;

    case PROP_LATENCY:
      g_value_set_uint (value, priv->latency);
      break;

    case PROP_USER:
      g_value_set_string (value, priv->user);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
set_string (HearthSimDevice *self,
            char           **field,
            const GValue    *value,
            GParamSpec      *pspec)
{
  const char *text = g_value_get_string (value);

  if (g_strcmp0 (*field, text) == 0)
    return;

  g_free (*field);
  *field = g_strdup (text);
  g_object_notify_by_pspec (G_OBJECT (self), pspec);
}

static void
hearth_sim_device_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  HearthSimDevice *self = HEARTH_SIM_DEVICE (object);
  HearthSimDevicePrivate *priv = hearth_sim_device_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_ID:
      set_string (self, &priv->id, value, pspec);
      break;

    case PROP_NAME:
      set_string (self, &priv->name, value, pspec);
      break;

    case PROP_ADDRESS:
      if (g_value_get_string (value) != NULL)
        set_string (self, &priv->address, value, pspec);
      break;

    case PROP_PORT:
      if (priv->port != g_value_get_uint (value))
        {
          priv->port = g_value_get_uint (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    case PROP_PASSWORD:
      {
        const char *password = g_value_get_string (value);

        /* "" means no password, like NULL */
        if (password != NULL && *password == '\0')
          password = NULL;
        if (g_strcmp0 (priv->password, password) != 0)
          {
            g_free (priv->password);
            priv->password = g_strdup (password);
            g_object_notify_by_pspec (object, pspec);
          }
      }
      break;

    case PROP_LATENCY:
      if (priv->latency != g_value_get_uint (value))
        {
          priv->latency = g_value_get_uint (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    case PROP_USER:
      {
        const char *user = g_value_get_string (value);

        /* "" means the family's usual one, like NULL */
        if (user != NULL && *user == '\0')
          user = NULL;
        if (g_strcmp0 (priv->user, user) != 0)
          {
            g_free (priv->user);
            priv->user = g_strdup (user);
            g_object_notify_by_pspec (object, pspec);
          }
      }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hearth_sim_device_class_init (HearthSimDeviceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = hearth_sim_device_dispose;
  object_class->finalize = hearth_sim_device_finalize;
  object_class->get_property = hearth_sim_device_get_property;
  object_class->set_property = hearth_sim_device_set_property;

  counted_quark = g_quark_from_static_string ("hearth-sim-counted");

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ADDRESS] =
    g_param_spec_string ("address", NULL, NULL,
                         "127.0.0.1",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PORT] =
    g_param_spec_uint ("port", NULL, NULL,
                       0, G_MAXUINT16, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PASSWORD] =
    g_param_spec_string ("password", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LATENCY] =
    g_param_spec_uint ("latency", NULL, NULL,
                       0, 60000, 20,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_USER] =
    g_param_spec_string ("user", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
hearth_sim_device_init (HearthSimDevice *self)
{
  HearthSimDevicePrivate *priv = hearth_sim_device_get_instance_private (self);

  priv->address = g_strdup ("127.0.0.1");
  priv->latency = 20;
  priv->pending = g_hash_table_new_full (NULL, NULL, NULL, pending_free);
  priv->websockets = g_ptr_array_new_with_free_func (g_object_unref);
}
