/* test-sim.c: hearth-sim's own behaviour, through the real binary over real
 * sockets: the "ready" protocol, request counting, requests in flight,
 * latency, misbehaviour, WebSocket clients, signals and bad options.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <string.h>

#include <glib/gstdio.h>

#include "hearth-test-utils.h"

/* A device path every Elgato light answers with plain JSON */
#define ELGATO_PATH "/elgato/lights"

typedef struct
{
  SoupMessage *msg;
  GBytes      *body;
  GError      *error;
  gint64       started;
  gint64       finished;
  gboolean     done;
} Reply;

static void
reply_clear (Reply *reply)
{
  g_clear_object (&reply->msg);
  g_clear_pointer (&reply->body, g_bytes_unref);
  g_clear_error (&reply->error);
}

static void
reply_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  Reply *reply = user_data;

  reply->body = soup_session_send_and_read_finish (SOUP_SESSION (source), result,
                                                   &reply->error);
  reply->finished = g_get_monotonic_time ();
  reply->done = TRUE;
}

static char *
device_uri (const HearthTestSimDevice *device,
            const char                *path)
{
  return g_strdup_printf ("http://%s:%u%s", device->host, device->port, path);
}

static void
send_get (SoupSession               *session,
          const HearthTestSimDevice *device,
          const char                *path,
          GCancellable              *cancellable,
          Reply                     *reply)
{
  g_autofree char *uri = device_uri (device, path);

  memset (reply, 0, sizeof *reply);
  reply->msg = soup_message_new ("GET", uri);
  reply->started = g_get_monotonic_time ();
  soup_session_send_and_read_async (session, reply->msg, G_PRIORITY_DEFAULT,
                                    cancellable, reply_cb, reply);
}

static gboolean
reply_done (gpointer data)
{
  return ((Reply *) data)->done;
}

static gboolean
replies_done (gpointer data)
{
  GPtrArray *replies = data;

  for (guint i = 0; i < replies->len; i++)
    if (!((Reply *) g_ptr_array_index (replies, i))->done)
      return FALSE;

  return TRUE;
}

static SoupSession *
new_session (void)
{
  /* enough connections for parallel requests to really be parallel */
  return g_object_new (SOUP_TYPE_SESSION,
                       "proxy-resolver", NULL,
                       "max-conns", 32,
                       "max-conns-per-host", 16,
                       NULL);
}

/* GET @path and wait; fails the test on a network error */
static void
get_and_wait (SoupSession               *session,
              const HearthTestSimDevice *device,
              const char                *path,
              Reply                     *reply)
{
  send_get (session, device, path, NULL, reply);
  g_assert_true (hearth_test_await (reply_done, reply, 10000));
  g_assert_no_error (reply->error);
}

static guint
stats_in_flight (const HearthTestSimDevice *device)
{
  guint in_flight = 0;

  hearth_test_sim_get_stats_full (device, NULL, NULL, &in_flight, NULL);

  return in_flight;
}

static gboolean
nothing_in_flight (gpointer data)
{
  return stats_in_flight (data) == 0;
}

/* Runs hearth-sim to its end (it must end within 10 s) */
static int
run_sim (const char * const *args,
         char              **out,
         char              **err)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (argv, (gpointer) g_getenv ("HEARTH_SIM"));
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  /* a child that goes with the test when the test is aborted */
  launcher = hearth_test_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                       G_SUBPROCESS_FLAGS_STDERR_PIPE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);

  g_subprocess_communicate_utf8_async (process, NULL, NULL,
                                       hearth_test_store_result, &result);
  hearth_test_await_result (&result, 10000);
  g_subprocess_communicate_utf8_finish (process, result, out, err, &error);
  g_assert_no_error (error);

  g_assert_true (g_subprocess_get_if_exited (process));

  return g_subprocess_get_exit_status (process);
}

/* ------------------------------------------------------------------ */

static void
test_ready_protocol (void)
{
  HearthTestSim *sim = hearth_test_sim_start ("--elgato", "2",
                                              "--device", "elgato:lightstrip=Shelf Light Strip",
                                              NULL);
  const HearthTestSimDevice *first;
  const HearthTestSimDevice *second;
  const HearthTestSimDevice *third;

  g_assert_cmpuint (hearth_test_sim_get_n_devices (sim), ==, 3);

  first = hearth_test_sim_get_device (sim, 0);
  second = hearth_test_sim_get_device (sim, 1);
  third = hearth_test_sim_get_device (sim, 2);

  g_assert_cmpstr (first->family, ==, "elgato");
  g_assert_cmpstr (first->host, ==, "127.0.0.1");
  g_assert_cmpuint (first->port, >, 0);
  g_assert_nonnull (first->id);
  g_assert_nonnull (first->name);

  /* unique ids and ports per device, names with spaces kept whole */
  g_assert_cmpstr (first->id, !=, second->id);
  g_assert_cmpstr (second->id, !=, third->id);
  g_assert_cmpstr (first->id, !=, third->id);
  g_assert_cmpuint (first->port, !=, second->port);
  g_assert_cmpstr (third->name, ==, "Shelf Light Strip");

  g_assert_true (hearth_test_sim_find (sim, "elgato") == first);
  g_assert_null (hearth_test_sim_find (sim, "hue"));

  /* every device answers on its own port */
  for (guint i = 0; i < 3; i++)
    {
      const HearthTestSimDevice *device = hearth_test_sim_get_device (sim, i);
      g_autofree char *body = NULL;
      guint status = 0;

      body = hearth_test_sim_request (device, "GET", "/elgato/accessory-info", NULL, &status);
      g_assert_cmpuint (status, ==, 200);
      g_assert_nonnull (strstr (body, device->id));
    }

  hearth_test_sim_stop (sim);
}

static void
test_counting (void)
{
  HearthTestSim *sim = hearth_test_sim_start ("--elgato", "1", NULL);
  const HearthTestSimDevice *device = hearth_test_sim_find (sim, "elgato");
  g_autoptr(SoupSession) session = new_session ();
  guint requests = G_MAXUINT;
  guint max_in_flight = G_MAXUINT;
  Reply reply;

  hearth_test_sim_get_stats (device, &requests, &max_in_flight);
  g_assert_cmpuint (requests, ==, 0);
  g_assert_cmpuint (max_in_flight, ==, 0);

  /* one after another: counted, never more than one at once */
  for (guint i = 0; i < 4; i++)
    {
      get_and_wait (session, device, ELGATO_PATH, &reply);
      g_assert_cmpuint (soup_message_get_status (reply.msg), ==, 200);
      reply_clear (&reply);
    }

  /* a path the device does not know is still a request it received */
  get_and_wait (session, device, "/no/such/thing", &reply);
  g_assert_cmpuint (soup_message_get_status (reply.msg), ==, 404);
  reply_clear (&reply);

  /* /sim/… is not counted */
  hearth_test_sim_get_state (device);
  hearth_test_sim_get_stats (device, &requests, &max_in_flight);
  g_assert_cmpuint (requests, ==, 5);
  g_assert_cmpuint (max_in_flight, ==, 1);

  hearth_test_sim_reset_stats (device);
  hearth_test_sim_get_stats (device, &requests, &max_in_flight);
  g_assert_cmpuint (requests, ==, 0);
  g_assert_cmpuint (max_in_flight, ==, 0);

  get_and_wait (session, device, ELGATO_PATH, &reply);
  reply_clear (&reply);
  hearth_test_sim_get_stats (device, &requests, &max_in_flight);
  g_assert_cmpuint (requests, ==, 1);
  g_assert_cmpuint (max_in_flight, ==, 1);

  hearth_test_sim_stop (sim);
}

typedef struct
{
  const char *pid;
  guint       most;
} OpenFiles;

static guint
count_open_files (const char *pid)
{
  g_autofree char *path = g_build_filename ("/proc", pid, "fd", NULL);
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;

  return n;
}

static gboolean
open_files_at_most (gpointer data)
{
  OpenFiles *files = data;

  return count_open_files (files->pid) <= files->most;
}

/* A client that keeps its connection between requests, then closes it
 * (as every hearthctl run does when it ends): the device closes its end
 * too, instead of keeping a socket per client until it has no file
 * descriptors left. */
static void
test_closed_connections (void)
{
  HearthTestSim *sim = hearth_test_sim_start ("--elgato", "1", "--wled", "1", NULL);
  OpenFiles files = { g_subprocess_get_identifier (hearth_test_sim_get_process (sim)), 0 };

  g_assert_nonnull (files.pid);
  files.most = count_open_files (files.pid);

  for (guint i = 0; i < 20; i++)
    {
      const HearthTestSimDevice *device = hearth_test_sim_get_device (sim, i % 2);
      g_autoptr(SoupSession) session = new_session ();
      Reply reply;

      /* two requests on one kept connection, then the client leaves */
      for (guint j = 0; j < 2; j++)
        {
          get_and_wait (session, device, j == 0 ? ELGATO_PATH : "/no/such/thing", &reply);
          reply_clear (&reply);
        }
      soup_session_abort (session);
    }

  if (!hearth_test_await (open_files_at_most, &files, 5000))
    g_error ("hearth-sim keeps %u files open after 20 clients came and went, %u before",
             count_open_files (files.pid), files.most);

  hearth_test_sim_stop (sim);
}

static void
test_in_flight (void)
{
  HearthTestSim *sim = hearth_test_sim_start ("--elgato", "1", "--latency", "300", NULL);
  const HearthTestSimDevice *device = hearth_test_sim_find (sim, "elgato");
  g_autoptr(SoupSession) session = new_session ();
  g_autoptr(GPtrArray) replies = g_ptr_array_new ();
  Reply parallel[3];
  guint requests = 0;
  guint max_in_flight = 0;
  guint in_flight = G_MAXUINT;

  for (guint i = 0; i < G_N_ELEMENTS (parallel); i++)
    {
      send_get (session, device, ELGATO_PATH, NULL, &parallel[i]);
      g_ptr_array_add (replies, &parallel[i]);
    }

  g_assert_true (hearth_test_await (replies_done, replies, 10000));
  for (guint i = 0; i < G_N_ELEMENTS (parallel); i++)
    {
      g_assert_no_error (parallel[i].error);
      g_assert_cmpuint (soup_message_get_status (parallel[i].msg), ==, 200);
      reply_clear (&parallel[i]);
    }

  hearth_test_sim_get_stats_full (device, &requests, &max_in_flight, &in_flight, NULL);
  g_assert_cmpuint (requests, ==, 3);
  g_assert_cmpuint (max_in_flight, ==, 3);
  g_assert_cmpuint (in_flight, ==, 0);

  /* after a reset, two at once are two */
  hearth_test_sim_reset_stats (device);
  g_ptr_array_set_size (replies, 0);
  for (guint i = 0; i < 2; i++)
    {
      send_get (session, device, ELGATO_PATH, NULL, &parallel[i]);
      g_ptr_array_add (replies, &parallel[i]);
    }

  g_assert_true (hearth_test_await (replies_done, replies, 10000));
  for (guint i = 0; i < 2; i++)
    reply_clear (&parallel[i]);

  hearth_test_sim_get_stats_full (device, &requests, &max_in_flight, &in_flight, NULL);
  g_assert_cmpuint (requests, ==, 2);
  g_assert_cmpuint (max_in_flight, ==, 2);
  g_assert_cmpuint (in_flight, ==, 0);

  hearth_test_sim_stop (sim);
}

static void
test_in_flight_seen_live (void)
{
  HearthTestSim *sim = hearth_test_sim_start ("--elgato", "1", "--latency", "1500", NULL);
  const HearthTestSimDevice *device = hearth_test_sim_find (sim, "elgato");
  g_autoptr(SoupSession) session = new_session ();
  Reply reply;
  guint in_flight = 0;
  gint64 deadline;

  send_get (session, device, ELGATO_PATH, NULL, &reply);

  /* /sim/stats answers at once, while the request waits for its answer */
  deadline = g_get_monotonic_time () + G_TIME_SPAN_SECOND;
  while (in_flight == 0 && g_get_monotonic_time () < deadline)
    in_flight = stats_in_flight (device);
  g_assert_cmpuint (in_flight, ==, 1);
  g_assert_false (reply.done);

  g_assert_true (hearth_test_await (reply_done, &reply, 10000));
  g_assert_no_error (reply.error);
  reply_clear (&reply);
  g_assert_cmpuint (stats_in_flight (device), ==, 0);

  hearth_test_sim_stop (sim);
}

static void
test_latency (void)
{
  HearthTestSim *sim = hearth_test_sim_start ("--elgato", "1", "--latency", "400", NULL);
  HearthTestSim *fast = hearth_test_sim_start ("--elgato", "1", NULL);
  const HearthTestSimDevice *device = hearth_test_sim_find (sim, "elgato");
  const HearthTestSimDevice *default_device = hearth_test_sim_find (fast, "elgato");
  g_autoptr(SoupSession) session = new_session ();
  Reply reply;
  gint64 elapsed_ms;
  gint64 sim_started;

  get_and_wait (session, device, ELGATO_PATH, &reply);
  elapsed_ms = (reply.finished - reply.started) / 1000;
  g_test_message ("latency 400: answered after %" G_GINT64_FORMAT " ms", elapsed_ms);
  g_assert_cmpint (elapsed_ms, >=, 400);
  g_assert_cmpint (elapsed_ms, <, 2500);
  reply_clear (&reply);

  /* /sim/… answers without the latency */
  sim_started = g_get_monotonic_time ();
  hearth_test_sim_reset_stats (device);
  g_assert_cmpint ((g_get_monotonic_time () - sim_started) / 1000, <, 300);

  /* the default is 20 ms */
  get_and_wait (session, default_device, ELGATO_PATH, &reply);
  elapsed_ms = (reply.finished - reply.started) / 1000;
  g_test_message ("default latency: answered after %" G_GINT64_FORMAT " ms", elapsed_ms);
  g_assert_cmpint (elapsed_ms, >=, 20);
  g_assert_cmpint (elapsed_ms, <, 400);
  reply_clear (&reply);

  hearth_test_sim_stop (fast);
  hearth_test_sim_stop (sim);
}

static void
test_misbehave (void)
{
  HearthTestSim *sim = hearth_test_sim_start ("--elgato", "1", NULL);
  const HearthTestSimDevice *device = hearth_test_sim_find (sim, "elgato");
  g_autoptr(SoupSession) session = new_session ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *answer = NULL;
  Reply reply;
  const char *data;
  gsize size;
  guint status = 0;

  /* error: 500 */
  hearth_test_sim_misbehave (device, "error");
  get_and_wait (session, device, ELGATO_PATH, &reply);
  g_assert_cmpuint (soup_message_get_status (reply.msg), ==, 500);
  reply_clear (&reply);

  /* garbage: 200, claims JSON, is not */
  hearth_test_sim_misbehave (device, "garbage");
  get_and_wait (session, device, ELGATO_PATH, &reply);
  g_assert_cmpuint (soup_message_get_status (reply.msg), ==, 200);
  g_assert_cmpstr (soup_message_headers_get_content_type (soup_message_get_response_headers (reply.msg), NULL),
                   ==, "application/json");
  data = g_bytes_get_data (reply.body, &size);
  g_assert_cmpuint (size, >, 0);
  g_assert_false (json_parser_load_from_data (parser, data, size, NULL));
  reply_clear (&reply);

  /* huge: 200 with 16 MiB */
  hearth_test_sim_misbehave (device, "huge");
  get_and_wait (session, device, ELGATO_PATH, &reply);
  g_assert_cmpuint (soup_message_get_status (reply.msg), ==, 200);
  g_assert_cmpuint (g_bytes_get_size (reply.body), ==, 16 * 1024 * 1024);
  reply_clear (&reply);

  /* slow: 3 s */
  hearth_test_sim_misbehave (device, "slow");
  get_and_wait (session, device, ELGATO_PATH, &reply);
  g_test_message ("slow: answered after %" G_GINT64_FORMAT " ms",
                  (reply.finished - reply.started) / 1000);
  g_assert_cmpint (reply.finished - reply.started, >=, 3 * G_TIME_SPAN_SECOND);
  g_assert_cmpuint (soup_message_get_status (reply.msg), ==, 200);
  reply_clear (&reply);

  /* none: back to normal */
  hearth_test_sim_misbehave (device, "none");
  get_and_wait (session, device, ELGATO_PATH, &reply);
  g_assert_cmpuint (soup_message_get_status (reply.msg), ==, 200);
  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (reply.body, NULL),
                                             g_bytes_get_size (reply.body), NULL));
  reply_clear (&reply);

  /* unknown modes and bodies are refused */
  answer = hearth_test_sim_request (device, "POST", "/sim/misbehave", "{\"mode\":\"explode\"}", &status);
  g_assert_cmpuint (status, ==, 400);
  g_assert_nonnull (strstr (answer, "explode"));
  g_clear_pointer (&answer, g_free);
  answer = hearth_test_sim_request (device, "POST", "/sim/misbehave", "hang", &status);
  g_assert_cmpuint (status, ==, 400);

  hearth_test_sim_stop (sim);
}

static void
test_hang (void)
{
  HearthTestSim *sim = hearth_test_sim_start ("--elgato", "1", NULL);
  const HearthTestSimDevice *device = hearth_test_sim_find (sim, "elgato");
  g_autoptr(SoupSession) session = new_session ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Reply reply;
  Reply stuck;
  guint requests = 0;
  guint max_in_flight = 0;

  hearth_test_sim_misbehave (device, "hang");

  /* no answer, ever: the client gives up after 1 s */
  send_get (session, device, ELGATO_PATH, cancellable, &reply);
  g_assert_false (hearth_test_await (reply_done, &reply, 1000));
  g_assert_cmpuint (stats_in_flight (device), ==, 1);
  g_cancellable_cancel (cancellable);
  g_assert_true (hearth_test_await (reply_done, &reply, 5000));
  g_assert_error (reply.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  reply_clear (&reply);

  /* the device notices the client left: no longer in flight */
  g_assert_true (hearth_test_await (nothing_in_flight, (gpointer) device, 5000));

  /* a device that hangs still serves /sim/… */
  hearth_test_sim_get_stats (device, &requests, &max_in_flight);
  g_assert_cmpuint (requests, ==, 1);
  g_assert_cmpuint (max_in_flight, ==, 1);

  /* stopping the device ends a hung request (with an error), and the
   * simulator still exits promptly and cleanly */
  send_get (session, device, ELGATO_PATH, NULL, &stuck);
  g_assert_false (hearth_test_await (reply_done, &stuck, 500));
  hearth_test_sim_stop (sim);
  g_assert_true (hearth_test_await (reply_done, &stuck, 5000));
  g_assert_nonnull (stuck.error);
  reply_clear (&stuck);
}

static void
test_state (void)
{
  HearthTestSim *sim = hearth_test_sim_start ("--elgato", "1", NULL);
  const HearthTestSimDevice *device = hearth_test_sim_find (sim, "elgato");
  g_autoptr(JsonNode) state = NULL;
  g_autofree char *answer = NULL;
  guint status = 0;

  /* GET and POST reach the family's vfuncs */
  state = hearth_test_sim_get_state (device);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (state));
  g_clear_pointer (&state, json_node_unref);

  hearth_test_sim_set_state (device, "{\"numberOfLights\":1,\"lights\":[{\"on\":1,\"brightness\":77}]}");
  answer = hearth_test_sim_request (device, "GET", ELGATO_PATH, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_nonnull (strstr (answer, "\"brightness\":77"));
  g_clear_pointer (&answer, g_free);

  /* not an object: 400 with a message */
  answer = hearth_test_sim_request (device, "POST", "/sim/state", "[1,2]", &status);
  g_assert_cmpuint (status, ==, 400);
  g_assert_cmpuint (strlen (answer), >, 0);
  g_clear_pointer (&answer, g_free);
  answer = hearth_test_sim_request (device, "POST", "/sim/state", "{not json", &status);
  g_assert_cmpuint (status, ==, 400);
  g_clear_pointer (&answer, g_free);

  /* unknown /sim paths and methods */
  answer = hearth_test_sim_request (device, "GET", "/sim/nothing", NULL, &status);
  g_assert_cmpuint (status, ==, 404);
  g_clear_pointer (&answer, g_free);
  answer = hearth_test_sim_request (device, "DELETE", "/sim/stats", NULL, &status);
  g_assert_cmpuint (status, ==, 405);

  hearth_test_sim_stop (sim);
}

static void
test_signals (void)
{
  HearthTestSim *sim = hearth_test_sim_start ("--elgato", "1", NULL);
  GSubprocess *process = hearth_test_sim_get_process (sim);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  /* SIGINT ends it cleanly too (SIGTERM: every hearth_test_sim_stop()) */
  g_subprocess_send_signal (process, SIGINT);
  g_subprocess_wait_async (process, NULL, hearth_test_store_result, &result);
  hearth_test_await_result (&result, 10000);
  g_assert_true (g_subprocess_wait_finish (process, result, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);

  hearth_test_sim_stop (sim);
}

static gboolean
port_is_free (guint port)
{
  g_autoptr(GSocket) probe = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);

  probe = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_assert_nonnull (probe);
  address = g_inet_socket_address_new (loopback, port);

  return g_socket_bind (probe, address, TRUE, NULL);
}

static void
test_port_base (void)
{
  g_autofree char *base_text = NULL;
  HearthTestSim *sim;
  guint base = 0;

  /* Two free ports in a row, below the kernel's ephemeral range (32768 on)
   * so that no other process's outgoing connection takes them meanwhile */
  for (guint attempt = 0; attempt < 50 && base == 0; attempt++)
    {
      guint candidate = (guint) g_random_int_range (20000, 30000);

      if (port_is_free (candidate) && port_is_free (candidate + 1))
        base = candidate;
    }
  g_assert_cmpuint (base, !=, 0);
  base_text = g_strdup_printf ("%u", base);

  sim = hearth_test_sim_start ("--elgato", "2", "--port-base", base_text, NULL);
  g_assert_cmpuint (hearth_test_sim_get_device (sim, 0)->port, ==, base);
  g_assert_cmpuint (hearth_test_sim_get_device (sim, 1)->port, ==, base + 1);
  hearth_test_sim_stop (sim);
}

static void
test_bad_options (void)
{
  const char * const *cases[] = {
    (const char * const[]) { NULL },
    (const char * const[]) { "--bogus", NULL },
    (const char * const[]) { "--elgato", "-1", NULL },
    (const char * const[]) { "--elgato", "many", NULL },
    (const char * const[]) { "--device", "toaster", NULL },
    (const char * const[]) { "--device", "elgato:nosuch", NULL },
    (const char * const[]) { "--elgato", "1", "--address", "not-an-address", NULL },
    (const char * const[]) { "--elgato", "1", "--latency", "-5", NULL },
    (const char * const[]) { "--elgato", "1", "--port-base", "70000", NULL },
    (const char * const[]) { "--elgato", "1", "stray", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      g_autofree char *joined = g_strjoinv (" ", (char **) cases[i]);
      int status;

      status = run_sim (cases[i], &out, &err);
      g_test_message ("hearth-sim %s → %d: %s", joined, status, err);
      g_assert_cmpint (status, ==, 2);
      g_assert_cmpstr (out, ==, "");
      g_assert_nonnull (strstr (err, "hearth-sim: "));
    }
}

static void
test_help (void)
{
  const char * const args[] = { "--help", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (run_sim (args, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "--device"));
  g_assert_nonnull (strstr (out, "--avahi"));
}

static void
test_demo (void)
{
  static const struct {
    const char *family;
    const char *name;
  } expected[] = {
    { "shelly", "Coffee Machine" },
    { "shelly", "Hallway Lights" },
    { "shelly", "Living Room Blinds" },
    { "shelly", "Kitchen Cabinet Light" },
    { "shelly", "Dining Table Pendant" },
    { "shelly", "Bedroom Climate" },
    { "wled", "TV Backlight" },
    { "elgato", "Desk Key Light" },
    { "elgato", "Shelf Light Strip" },
  };
  HearthTestSim *sim = hearth_test_sim_start ("--demo", NULL);
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);

  /* The first families' devices come first; later families add theirs after. */
  g_assert_cmpuint (hearth_test_sim_get_n_devices (sim), >=, G_N_ELEMENTS (expected));

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      const HearthTestSimDevice *device = hearth_test_sim_get_device (sim, i);
      g_autoptr(JsonNode) state = NULL;

      g_assert_cmpstr (device->family, ==, expected[i].family);
      g_assert_cmpstr (device->name, ==, expected[i].name);
      g_assert_true (g_hash_table_add (ids, device->id));

      /* each one is up and has a simulated state */
      state = hearth_test_sim_get_state (device);
      g_assert_nonnull (state);

      /* the two channels of the hallway have their own names */
      if (g_str_equal (device->name, "Hallway Lights"))
        {
          g_autofree char *config = NULL;
          guint status = 0;

          config = hearth_test_sim_request (device, "GET", "/rpc/Shelly.GetConfig", NULL, &status);
          g_assert_cmpuint (status, ==, 200);
          g_assert_nonnull (strstr (config, "\"Hallway\""));
          g_assert_nonnull (strstr (config, "\"Porch\""));
        }
    }

  hearth_test_sim_stop (sim);
}

typedef struct
{
  SoupWebsocketConnection *connection;
  GError                  *error;
  gboolean                 done;
} WebsocketConnect;

static void
websocket_connected_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  WebsocketConnect *connect = user_data;

  connect->connection = soup_session_websocket_connect_finish (SOUP_SESSION (source),
                                                               result, &connect->error);
  connect->done = TRUE;
}

static gboolean
websocket_connect_done (gpointer data)
{
  return ((WebsocketConnect *) data)->done;
}

typedef struct
{
  const HearthTestSimDevice *device;
  guint                      expected;
} WebsocketCount;

static gboolean
websockets_counted (gpointer data)
{
  WebsocketCount *count = data;
  guint websockets = G_MAXUINT;

  hearth_test_sim_get_stats_full (count->device, NULL, NULL, NULL, &websockets);

  return websockets == count->expected;
}

static void
check_websockets (const char *family,
                  const char *path)
{
  HearthTestSim *sim = hearth_test_sim_start ("--device", family, NULL);
  const HearthTestSimDevice *device = hearth_test_sim_find (sim, family);
  g_autoptr(SoupSession) session = new_session ();
  g_autofree char *uri = device_uri (device, path);
  WebsocketConnect first = { NULL, };
  WebsocketConnect second = { NULL, };
  WebsocketCount count = { device, 0 };
  g_autoptr(SoupMessage) msg1 = soup_message_new ("GET", uri);
  g_autoptr(SoupMessage) msg2 = soup_message_new ("GET", uri);
  guint in_flight = G_MAXUINT;

  soup_session_websocket_connect_async (session, msg1, NULL, NULL, G_PRIORITY_DEFAULT,
                                        NULL, websocket_connected_cb, &first);
  soup_session_websocket_connect_async (session, msg2, NULL, NULL, G_PRIORITY_DEFAULT,
                                        NULL, websocket_connected_cb, &second);
  g_assert_true (hearth_test_await (websocket_connect_done, &first, 10000));
  g_assert_true (hearth_test_await (websocket_connect_done, &second, 10000));
  g_assert_no_error (first.error);
  g_assert_no_error (second.error);

  count.expected = 2;
  g_assert_true (hearth_test_await (websockets_counted, &count, 5000));

  /* an open WebSocket is not a request in flight */
  hearth_test_sim_get_stats_full (device, NULL, NULL, &in_flight, NULL);
  g_assert_cmpuint (in_flight, ==, 0);

  /* a clean close and a dropped connection are both noticed */
  soup_websocket_connection_close (first.connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  count.expected = 1;
  g_assert_true (hearth_test_await (websockets_counted, &count, 5000));

  g_io_stream_close (soup_websocket_connection_get_io_stream (second.connection), NULL, NULL);
  count.expected = 0;
  g_assert_true (hearth_test_await (websockets_counted, &count, 5000));

  g_clear_object (&first.connection);
  g_clear_object (&second.connection);
  hearth_test_sim_stop (sim);
}

static void
test_websockets_wled (void)
{
  check_websockets ("wled", "/ws");
}

static void
test_websockets_shelly (void)
{
  check_websockets ("shelly", "/rpc");
}

static gboolean
counter_reached (gpointer data)
{
  return *(guint *) data >= 3;
}

static gboolean
count_cb (gpointer data)
{
  (*(guint *) data)++;

  return G_SOURCE_CONTINUE;
}

static gboolean
never (gpointer data)
{
  return FALSE;
}

static void
test_utils_await (void)
{
  guint counter = 0;
  guint source = g_timeout_add (10, count_cb, &counter);
  gint64 started;

  /* iterates the main context until the condition holds */
  g_assert_true (hearth_test_await (counter_reached, &counter, 5000));
  g_assert_cmpuint (counter, ==, 3);
  g_source_remove (source);

  /* gives up after the timeout, not before */
  started = g_get_monotonic_time ();
  g_assert_false (hearth_test_await (never, NULL, 200));
  g_assert_cmpint (g_get_monotonic_time () - started, >=, 200 * G_TIME_SPAN_MILLISECOND);
  g_assert_cmpint (g_get_monotonic_time () - started, <, 5 * G_TIME_SPAN_SECOND);
}

static void
test_utils_fixtures (void)
{
  g_auto(GStrv) files = hearth_test_list_fixtures ("elgato");
  guint n = g_strv_length (files);

  g_assert_cmpuint (n, >=, 4);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(JsonNode) node = hearth_test_load_fixture (files[i]);

      /* relative to $HEARTH_FIXTURES, sorted, each one parses */
      g_assert_true (g_str_has_prefix (files[i], "elgato/"));
      if (i > 0)
        g_assert_cmpstr (files[i - 1], <, files[i]);
      g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
    }
}

/* A case that hangs is cut off by its deadline, and says which it was */
static void
test_utils_deadline (void)
{
  if (g_test_subprocess ())
    {
      hearth_test_set_deadline (1);
      /* nothing will ever wake this up */
      for (;;)
        g_main_context_iteration (NULL, TRUE);
    }

  g_test_trap_subprocess (NULL, 30 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stdout ("*Bail out! /test-utils/deadline still running after its deadline of 1 s*");
}

static gboolean
process_gone (gpointer data)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/stat", (const char *) data);
  g_autofree char *stat = NULL;
  const char *end;

  /* gone, or a zombie that nobody reaped yet ("pid (comm) Z …") */
  if (!g_file_get_contents (path, &stat, NULL, NULL))
    return TRUE;
  end = strrchr (stat, ')');

  return end != NULL && end[1] == ' ' && end[2] == 'Z';
}

/* A test that dies (an abort, a crash) takes its hearth-sim with it */
static void
test_utils_child_dies_with_test (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *pid_file = NULL;
  g_autofree char *pid = NULL;
  g_autoptr(GError) error = NULL;

  if (g_test_subprocess ())
    {
      const char *argv[] = { g_getenv ("HEARTH_SIM"), "--elgato", "1", NULL };
      g_autoptr(GSubprocessLauncher) launcher =
        hearth_test_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                  G_SUBPROCESS_FLAGS_STDERR_SILENCE);
      GSubprocess *process = g_subprocess_launcher_spawnv (launcher, argv, &error);

      g_assert_no_error (error);
      g_assert_true (g_file_set_contents (g_getenv ("HEARTH_TEST_PID_FILE"),
                                          g_subprocess_get_identifier (process), -1, NULL));
      /* never stopped: the test dies first */
      abort ();
    }

  dir = g_dir_make_tmp ("hearth-test-XXXXXX", &error);
  g_assert_no_error (error);
  pid_file = g_build_filename (dir, "pid", NULL);
  g_setenv ("HEARTH_TEST_PID_FILE", pid_file, TRUE);
  g_test_trap_subprocess (NULL, 30 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();

  g_assert_true (g_file_get_contents (pid_file, &pid, NULL, &error));
  g_assert_no_error (error);
  g_test_message ("hearth-sim was pid %s", pid);
  g_assert_true (hearth_test_await (process_gone, pid, 5000));

  g_unlink (pid_file);
  g_rmdir (dir);
  g_unsetenv ("HEARTH_TEST_PID_FILE");
}

/* Every case has a deadline well within meson's timeout for the whole
 * file: one that hangs fails by name instead of running on */
#define CASE_DEADLINE_S 60

typedef struct
{
  const char *path;
  void      (*func) (void);
} Case;

static void
run_case (gconstpointer data)
{
  const Case *c = data;

  hearth_test_set_deadline (CASE_DEADLINE_S);
  c->func ();
  hearth_test_set_deadline (0);
}

int
main (int    argc,
      char **argv)
{
  static const Case cases[] = {
    { "/test-utils/await", test_utils_await },
    { "/test-utils/fixtures", test_utils_fixtures },
    { "/test-utils/deadline", test_utils_deadline },
    { "/test-utils/child-dies-with-test", test_utils_child_dies_with_test },
    { "/sim/ready-protocol", test_ready_protocol },
    { "/sim/counting", test_counting },
    { "/sim/closed-connections", test_closed_connections },
    { "/sim/in-flight", test_in_flight },
    { "/sim/in-flight-live", test_in_flight_seen_live },
    { "/sim/latency", test_latency },
    { "/sim/misbehave", test_misbehave },
    { "/sim/hang", test_hang },
    { "/sim/state", test_state },
    { "/sim/signals", test_signals },
    { "/sim/port-base", test_port_base },
    { "/sim/bad-options", test_bad_options },
    { "/sim/help", test_help },
    { "/sim/demo", test_demo },
    { "/sim/websockets/wled", test_websockets_wled },
    { "/sim/websockets/shelly", test_websockets_shelly },
  };

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_test_add_data_func (cases[i].path, &cases[i], run_case);

  return g_test_run ();
}
