/* test-push-socket.c: HearthPushSocket against a real WebSocket server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The server is a SoupServer on 127.0.0.1 in this process, told per case
 * how to behave: greet or stay silent, answer the heartbeat or not, close,
 * send a message larger than the queue allows.
 */
#include "config.h"

#include <libsoup/soup.h>

#include "hearth-http.h"
#include "hearth-http-queue.h"
#include "hearth-push-socket.h"
#include "hearth-timers.h"
#include "hearth-test-utils.h"

typedef struct
{
  /* How the server behaves */
  gboolean                 greet;        /* send "hello" when a client connects */
  gboolean                 answer;       /* answer "ping" with "pong" */
  gushort                  close_code;   /* close right after the greeting */
  gsize                    huge_size;    /* send a message this large after the greeting */

  SoupServer              *server;
  guint16                  port;
  GPtrArray               *server_sides; /* of SoupWebsocketConnection */
  guint                    server_closed;
  guint                    pings;

  HearthHttp              *http;
  HearthHttpQueue         *queue;
  HearthPushSocket        *socket;

  /* What the socket said */
  guint                    opened;
  guint                    messages;
  guint                    heartbeats;
  guint                    closed;
  GError                  *error;
  char                    *last;
  gboolean                 confirm_on_message;
} Fixture;

/* The server ------------------------------------------------------------- */

static void
on_server_message (SoupWebsocketConnection *ws,
                   int                      type,
                   GBytes                  *message,
                   gpointer                 user_data)
{
  Fixture *fixture = user_data;
  gsize size;
  const char *data = g_bytes_get_data (message, &size);

  if (size == 4 && memcmp (data, "ping", 4) == 0)
    {
      fixture->pings++;
      if (fixture->answer)
        soup_websocket_connection_send_text (ws, "pong");
    }
}

static void
on_server_closed (SoupWebsocketConnection *ws,
                  gpointer                 user_data)
{
  Fixture *fixture = user_data;

  fixture->server_closed++;
}

static void
on_server_websocket (SoupServer              *server,
                     SoupServerMessage       *msg,
                     const char              *path,
                     SoupWebsocketConnection *ws,
                     gpointer                 user_data)
{
  Fixture *fixture = user_data;

  g_ptr_array_add (fixture->server_sides, g_object_ref (ws));
  /* The queue lets the client take 1 MiB; the server must send more */
  soup_websocket_connection_set_max_incoming_payload_size (ws, 0);
  g_signal_connect (ws, "message", G_CALLBACK (on_server_message), fixture);
  g_signal_connect (ws, "closed", G_CALLBACK (on_server_closed), fixture);

  if (fixture->greet)
    soup_websocket_connection_send_text (ws, "hello");
  if (fixture->huge_size > 0)
    {
      g_autofree char *huge = g_malloc (fixture->huge_size + 1);

      memset (huge, 'x', fixture->huge_size);
      huge[fixture->huge_size] = '\0';
      soup_websocket_connection_send_text (ws, huge);
    }
  if (fixture->close_code != 0)
    soup_websocket_connection_close (ws, fixture->close_code, "bye");
}

/* The socket's signals --------------------------------------------------- */

static void
on_socket_opened (HearthPushSocket *socket,
                  Fixture          *fixture)
{
  fixture->opened++;
}

static void
on_socket_message (HearthPushSocket *socket,
                   const char       *text,
                   Fixture          *fixture)
{
  fixture->messages++;
  g_free (fixture->last);
  fixture->last = g_strdup (text);
  if (fixture->confirm_on_message)
    hearth_push_socket_confirm (socket);
}

static void
on_socket_heartbeat (HearthPushSocket *socket,
                     Fixture          *fixture)
{
  fixture->heartbeats++;
  g_assert_true (hearth_push_socket_send_text (socket, "ping"));
}

static void
on_socket_closed (HearthPushSocket *socket,
                  const GError     *error,
                  Fixture          *fixture)
{
  g_assert_nonnull (error);
  fixture->closed++;
  g_clear_error (&fixture->error);
  fixture->error = g_error_copy (error);
}

/* Set-up ------------------------------------------------------------------ */

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSList) uris = NULL;

  fixture->greet = TRUE;
  fixture->answer = TRUE;
  fixture->confirm_on_message = TRUE;
  fixture->server_sides = g_ptr_array_new_with_free_func (g_object_unref);

  fixture->server = soup_server_new (NULL, NULL);
  soup_server_add_websocket_handler (fixture->server, "/ws", NULL, NULL,
                                     on_server_websocket, fixture, NULL);
  soup_server_listen_local (fixture->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (fixture->server);
  fixture->port = (guint16) g_uri_get_port (uris->data);
  g_slist_foreach (uris, (GFunc) g_uri_unref, NULL);

  fixture->http = hearth_http_new ();
  hearth_http_set_deadline_ms (fixture->http, 2000);
  fixture->queue = hearth_http_get_queue (fixture->http, "127.0.0.1", fixture->port);
}

static void
make_socket (Fixture    *fixture,
             const char *path)
{
  fixture->socket = hearth_push_socket_new (fixture->queue, path, "the test server");
  g_signal_connect (fixture->socket, "opened", G_CALLBACK (on_socket_opened), fixture);
  g_signal_connect (fixture->socket, "message", G_CALLBACK (on_socket_message), fixture);
  g_signal_connect (fixture->socket, "heartbeat", G_CALLBACK (on_socket_heartbeat), fixture);
  g_signal_connect (fixture->socket, "closed", G_CALLBACK (on_socket_closed), fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  gpointer weak_socket = fixture->socket;

  if (fixture->socket != NULL)
    {
      /* Nothing else holds it once it is over */
      g_object_add_weak_pointer (G_OBJECT (fixture->socket), &weak_socket);
      g_clear_object (&fixture->socket);
      for (guint i = 0; i < 2000 && weak_socket != NULL; i++)
        if (!g_main_context_iteration (NULL, FALSE))
          g_usleep (1000);
      g_assert_null (weak_socket);
    }

  g_clear_object (&fixture->queue);
  g_clear_object (&fixture->http);
  for (guint i = 0; i < fixture->server_sides->len; i++)
    {
      SoupWebsocketConnection *ws = g_ptr_array_index (fixture->server_sides, i);

      g_signal_handlers_disconnect_by_data (ws, fixture);
    }
  g_ptr_array_unref (fixture->server_sides);
  soup_server_disconnect (fixture->server);
  g_clear_object (&fixture->server);
  g_clear_error (&fixture->error);
  g_free (fixture->last);
}

static gboolean
is_closed (gpointer data)
{
  return ((Fixture *) data)->closed > 0;
}

static gboolean
has_message (gpointer data)
{
  return ((Fixture *) data)->messages > 0;
}

static gboolean
server_saw_close (gpointer data)
{
  return ((Fixture *) data)->server_closed > 0;
}

static gboolean
never (gpointer data)
{
  return FALSE;
}

static void
wait_ms (guint ms)
{
  hearth_test_await (never, NULL, ms);
}

/* Cases ------------------------------------------------------------------- */

/* The greeting arrives, the family confirms, the heartbeat is answered:
 * the socket stays open across several intervals */
static void
test_heartbeat_answered (Fixture       *fixture,
                         gconstpointer  data)
{
  make_socket (fixture, "/ws");
  hearth_push_socket_set_heartbeat_interval (fixture->socket, 100);
  hearth_push_socket_open (fixture->socket, NULL);

  g_assert_true (hearth_test_await (has_message, fixture, 2000));
  g_assert_cmpuint (fixture->opened, ==, 1);
  g_assert_cmpstr (fixture->last, ==, "hello");
  g_assert_true (hearth_push_socket_is_confirmed (fixture->socket));

  g_assert_false (hearth_test_await (is_closed, fixture, 700));
  g_assert_cmpuint (fixture->heartbeats, >=, 4);
  g_assert_cmpuint (fixture->pings, >=, 4);
  g_assert_cmpstr (fixture->last, ==, "pong");
  g_assert_true (hearth_push_socket_is_open (fixture->socket));

  /* Closed on purpose: the server hears it, the family hears nothing */
  hearth_push_socket_close (fixture->socket);
  g_assert_true (hearth_test_await (server_saw_close, fixture, 2000));
  g_assert_cmpuint (fixture->closed, ==, 0);
  g_assert_false (hearth_push_socket_is_open (fixture->socket));
  g_assert_false (hearth_push_socket_send_text (fixture->socket, "ping"));
}

static gboolean
never_called (gpointer data)
{
  g_assert_not_reached ();
  return G_SOURCE_REMOVE;
}

/* A heartbeat adds no source of its own to the main context: with a push
 * socket per device, the loop's work per iteration would grow with the
 * home (they share one, hearth-timers.c) */
static void
test_heartbeat_shares_source (Fixture       *fixture,
                              gconstpointer  data)
{
  guint before;
  guint timers;

  /* The shared source exists from the first timer on */
  hearth_timer_remove (hearth_timer_add (1000, never_called, NULL));

  make_socket (fixture, "/ws");
  hearth_push_socket_open (fixture->socket, NULL);
  g_assert_true (hearth_test_await (has_message, fixture, 2000));
  g_assert_true (hearth_push_socket_is_confirmed (fixture->socket));

  before = hearth_test_count_sources (NULL);
  timers = hearth_timer_get_n_timers ();
  hearth_push_socket_set_heartbeat_interval (fixture->socket, 60000);
  g_test_message ("sources: %u before the heartbeat, %u with it", before, hearth_test_count_sources (NULL));
  g_assert_cmpuint (hearth_test_count_sources (NULL), ==, before);
  g_assert_cmpuint (hearth_timer_get_n_timers (), ==, timers + 1);

  hearth_push_socket_close (fixture->socket);
  g_assert_cmpuint (hearth_timer_get_n_timers (), ==, timers);
}

/* The device stops answering: one interval without a message closes it */
static void
test_heartbeat_unanswered (Fixture       *fixture,
                           gconstpointer  data)
{
  gint64 start;
  guint heartbeats;

  fixture->answer = FALSE;
  make_socket (fixture, "/ws");
  hearth_push_socket_set_heartbeat_interval (fixture->socket, 150);
  hearth_push_socket_open (fixture->socket, NULL);
  g_assert_true (hearth_test_await (has_message, fixture, 2000));

  start = g_get_monotonic_time ();
  g_assert_true (hearth_test_await (is_closed, fixture, 2000));
  g_assert_error (fixture->error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  g_assert_nonnull (strstr (fixture->error->message, "the test server stopped answering"));
  /* One ping sent, unanswered by the next tick */
  g_assert_cmpuint (fixture->heartbeats, ==, 1);
  g_assert_cmpint ((g_get_monotonic_time () - start) / 1000, >=, 250);
  g_assert_true (hearth_test_await (server_saw_close, fixture, 2000));

  /* Said once, and nothing more comes */
  heartbeats = fixture->heartbeats;
  wait_ms (400);
  g_assert_cmpuint (fixture->closed, ==, 1);
  g_assert_cmpuint (fixture->heartbeats, ==, heartbeats);
}

/* A changed interval applies to a running heartbeat */
static void
test_heartbeat_interval_changed (Fixture       *fixture,
                                 gconstpointer  data)
{
  make_socket (fixture, "/ws");
  hearth_push_socket_set_heartbeat_interval (fixture->socket, 60000);
  hearth_push_socket_open (fixture->socket, NULL);
  g_assert_true (hearth_test_await (has_message, fixture, 2000));

  g_assert_false (hearth_test_await (is_closed, fixture, 300));
  g_assert_cmpuint (fixture->heartbeats, ==, 0);

  hearth_push_socket_set_heartbeat_interval (fixture->socket, 50);
  g_assert_false (hearth_test_await (is_closed, fixture, 400));
  g_assert_cmpuint (fixture->heartbeats, >=, 3);
}

/* Opened, but nothing the family can confirm with in time */
static void
test_first_message_late (Fixture       *fixture,
                         gconstpointer  data)
{
  gint64 start = g_get_monotonic_time ();

  fixture->greet = FALSE;
  make_socket (fixture, "/ws");
  hearth_push_socket_set_first_message_timeout (fixture->socket, 300);
  hearth_push_socket_open (fixture->socket, NULL);

  g_assert_true (hearth_test_await (is_closed, fixture, 3000));
  g_assert_cmpuint (fixture->opened, ==, 1);
  g_assert_error (fixture->error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  g_assert_nonnull (strstr (fixture->error->message, "opened its WebSocket"));
  g_assert_cmpint ((g_get_monotonic_time () - start) / 1000, >=, 300);
  g_assert_true (hearth_test_await (server_saw_close, fixture, 2000));
}

/* Messages that do not confirm do not end the first-message deadline,
 * which is the queue's deadline by default */
static void
test_first_message_not_confirmed (Fixture       *fixture,
                                  gconstpointer  data)
{
  hearth_http_set_deadline_ms (fixture->http, 400);
  fixture->confirm_on_message = FALSE;
  make_socket (fixture, "/ws");
  hearth_push_socket_open (fixture->socket, NULL);

  g_assert_true (hearth_test_await (has_message, fixture, 2000));
  g_assert_false (hearth_push_socket_is_confirmed (fixture->socket));
  g_assert_true (hearth_test_await (is_closed, fixture, 3000));
  g_assert_error (fixture->error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
}

/* The device closes: said once, with its close code */
static void
test_peer_closes (Fixture       *fixture,
                  gconstpointer  data)
{
  fixture->close_code = 4000;
  make_socket (fixture, "/ws");
  hearth_push_socket_open (fixture->socket, NULL);

  g_assert_true (hearth_test_await (is_closed, fixture, 3000));
  g_assert_error (fixture->error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED);
  g_assert_nonnull (strstr (fixture->error->message, "(code 4000)"));
  g_assert_false (hearth_push_socket_is_open (fixture->socket));
  wait_ms (200);
  g_assert_cmpuint (fixture->closed, ==, 1);
}

/* A message over the queue's limit closes the socket, and never comes out */
static void
test_oversized_message (Fixture       *fixture,
                        gconstpointer  data)
{
  fixture->greet = FALSE;
  fixture->huge_size = 2 * 1024 * 1024;
  make_socket (fixture, "/ws");
  hearth_push_socket_open (fixture->socket, NULL);

  g_assert_true (hearth_test_await (is_closed, fixture, 5000));
  g_assert_error (fixture->error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED);
  /* libsoup's own words, not a bare close code */
  g_assert_nonnull (strstr (fixture->error->message, "larger than"));
  g_assert_cmpuint (fixture->messages, ==, 0);
}

/* No WebSocket at that path: the handshake's error */
static void
test_handshake_fails (Fixture       *fixture,
                      gconstpointer  data)
{
  make_socket (fixture, "/nothing-here");
  hearth_push_socket_open (fixture->socket, NULL);

  g_assert_true (hearth_test_await (is_closed, fixture, 3000));
  g_assert_cmpuint (fixture->opened, ==, 0);
  g_assert_false (g_error_matches (fixture->error, G_IO_ERROR, G_IO_ERROR_CANCELLED));
  g_assert_nonnull (strstr (fixture->error->message, "Could not open a WebSocket"));
}

/* The cancellable fires once the socket is open: the server hears the
 * close, the family hears G_IO_ERROR_CANCELLED */
static void
test_cancel_open (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  make_socket (fixture, "/ws");
  hearth_push_socket_set_heartbeat_interval (fixture->socket, 50);
  hearth_push_socket_open (fixture->socket, cancellable);
  g_assert_true (hearth_test_await (has_message, fixture, 2000));

  g_cancellable_cancel (cancellable);
  g_assert_cmpuint (fixture->closed, ==, 1);
  g_assert_error (fixture->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_true (hearth_test_await (server_saw_close, fixture, 2000));
  /* No heartbeat after the end */
  fixture->heartbeats = 0;
  wait_ms (200);
  g_assert_cmpuint (fixture->heartbeats, ==, 0);
}

/* Cancelled during the handshake, or before: no connection is left over */
static void
test_cancel_connecting (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();

  make_socket (fixture, "/ws");
  hearth_push_socket_open (fixture->socket, cancellable);
  g_cancellable_cancel (cancellable);
  g_assert_cmpuint (fixture->closed, ==, 1);
  g_assert_error (fixture->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  wait_ms (300);
  g_assert_cmpuint (fixture->opened, ==, 0);
  g_assert_cmpuint (fixture->closed, ==, 1);
  g_clear_object (&fixture->socket);

  /* Already cancelled: said from the main loop, not from open() */
  fixture->closed = 0;
  g_cancellable_cancel (cancelled);
  make_socket (fixture, "/ws");
  hearth_push_socket_open (fixture->socket, cancelled);
  g_assert_cmpuint (fixture->closed, ==, 0);
  g_assert_true (hearth_test_await (is_closed, fixture, 2000));
  g_assert_error (fixture->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (fixture->opened, ==, 0);
}

/* Closed on purpose during the handshake: nothing is said, and a
 * connection that arrives anyway is closed */
static void
test_close_connecting (Fixture       *fixture,
                       gconstpointer  data)
{
  make_socket (fixture, "/ws");
  hearth_push_socket_open (fixture->socket, NULL);
  hearth_push_socket_close (fixture->socket);

  wait_ms (500);
  g_assert_cmpuint (fixture->opened, ==, 0);
  g_assert_cmpuint (fixture->closed, ==, 0);
  g_assert_cmpuint (fixture->messages, ==, 0);
  if (fixture->server_sides->len > 0)
    g_assert_true (hearth_test_await (server_saw_close, fixture, 2000));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  hearth_test_set_deadline (120);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/push-socket/heartbeat/answered", test_heartbeat_answered);
  ADD ("/push-socket/heartbeat/unanswered", test_heartbeat_unanswered);
  ADD ("/push-socket/heartbeat/interval-changed", test_heartbeat_interval_changed);
  ADD ("/push-socket/heartbeat/shares-source", test_heartbeat_shares_source);
  ADD ("/push-socket/first-message/late", test_first_message_late);
  ADD ("/push-socket/first-message/not-confirmed", test_first_message_not_confirmed);
  ADD ("/push-socket/peer-closes", test_peer_closes);
  ADD ("/push-socket/oversized-message", test_oversized_message);
  ADD ("/push-socket/handshake-fails", test_handshake_fails);
  ADD ("/push-socket/cancel/open", test_cancel_open);
  ADD ("/push-socket/cancel/connecting", test_cancel_connecting);
  ADD ("/push-socket/close/connecting", test_close_connecting);

  return g_test_run ();
}
