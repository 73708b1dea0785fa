/* test-event-stream.c: HearthSseParser and HearthEventStream against a
 * real HTTP server (a SoupServer on 127.0.0.1 in the test) serving event
 * streams written in pieces, on a schedule
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "hearth-error.h"
#include "hearth-event-stream.h"
#include "hearth-http.h"
#include "hearth-http-queue.h"
#include "hearth-sse-parser.h"
#include "hearth-test-utils.h"

/* ------------------------------------------------------------------ */
/* The parser alone                                                   */

static gboolean
collect_event (const char *type,
               const char *data,
               const char *id,
               gpointer    user_data)
{
  g_ptr_array_add (user_data, g_strdup_printf ("%s|%s|%s", type, data, id ? id : "-"));
  return TRUE;
}

static void
test_parser_fields (void)
{
  /* Every line end, split at every byte */
  const char *text =
    ": hello\r\nretry: 30000\nid: 1234\revent: ping\r\ndata: {\"title\":\"Node\"}\n\n"
    "\r\nevent: state\ndata: {\"id\":\"switch/Pump\",\rdata:\"value\":true}\r\n\r\n"
    "event: ping\ndata: \n\n"
    "id\ndata: plain\n\n"
    "data\n\n"
    "id: 7\n\n";

  for (gsize step = 1; step <= strlen (text); step++)
    {
      g_autoptr(HearthSseParser) parser = hearth_sse_parser_new (0, 0);
      g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GError) error = NULL;

      for (gsize at = 0; at < strlen (text); at += step)
        {
          g_assert_true (hearth_sse_parser_feed (parser, text + at, MIN (step, strlen (text) - at),
                                                 collect_event, seen, &error));
          g_assert_no_error (error);
        }

      g_assert_cmpuint (seen->len, ==, 5);
      g_assert_cmpstr (seen->pdata[0], ==, "ping|{\"title\":\"Node\"}|1234");
      g_assert_cmpstr (seen->pdata[1], ==, "state|{\"id\":\"switch/Pump\",\n\"value\":true}|1234");
      g_assert_cmpstr (seen->pdata[2], ==, "ping||1234");
      g_assert_cmpstr (seen->pdata[3], ==, "message|plain|-");
      g_assert_cmpstr (seen->pdata[4], ==, "message||-");
      /* A lone id: counts once its (empty) event ends */
      g_assert_cmpstr (hearth_sse_parser_get_last_event_id (parser), ==, "7");
    }
}

static void
test_parser_limits (void)
{
  g_autoptr(HearthSseParser) parser = hearth_sse_parser_new (1024, 4096);
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *line = g_strnfill (1000, 'x');
  g_autofree char *long_line = g_strnfill (1100, 'x');

  /* Under the caps */
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *data = g_strdup_printf ("data: %s\n", line);

      g_assert_true (hearth_sse_parser_feed (parser, data, strlen (data), collect_event, seen, &error));
    }
  g_assert_true (hearth_sse_parser_feed (parser, "\n", 1, collect_event, seen, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (seen->len, ==, 1);

  /* An event over the cap, a line over it, a NUL, not UTF-8 */
  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *data = g_strdup_printf ("data: %s\n", line);
      gboolean ok = TRUE;

      for (guint j = 0; j < 5 && ok; j++)
        ok = hearth_sse_parser_feed (parser, data, strlen (data), collect_event, seen, &error);
      g_assert_false (ok);
      g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_TOO_LARGE);
      g_clear_error (&error);
      hearth_sse_parser_reset (parser, NULL);
    }
  g_assert_false (hearth_sse_parser_feed (parser, long_line, strlen (long_line), collect_event, seen, &error));
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_TOO_LARGE);
  g_clear_error (&error);
  hearth_sse_parser_reset (parser, NULL);
  g_assert_false (hearth_sse_parser_feed (parser, "data: a\0b\n", 10, collect_event, seen, &error));
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD);
  g_clear_error (&error);
  hearth_sse_parser_reset (parser, NULL);
  g_assert_false (hearth_sse_parser_feed (parser, "data: \xff\xfe\n", 9, collect_event, seen, &error));
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD);
  g_assert_cmpuint (seen->len, ==, 1);
}

static void
test_event_ids (void)
{
  g_autofree char *long_id = g_strnfill (HEARTH_SSE_MAX_EVENT_ID + 1, '7');
  g_autofree char *longest = g_strnfill (HEARTH_SSE_MAX_EVENT_ID, '7');
  struct {
    const char *value;
    const char *id;
  } cases[] = {
    { " 1700000000:12", "1700000000:12" },
    { "1700000000:0", "1700000000:0" },
    { "  two spaces", " two spaces" },
    { "", "" },
    { " ", "" },
    { " a\tb", NULL },
    { " \x7f", NULL },
    { " \xff\xfe", NULL },
    { long_id, NULL },
    { longest, longest },
    { NULL, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *id = hearth_sse_parse_event_id (cases[i].value);

      g_assert_cmpstr (id, ==, cases[i].id);
    }
}

/* ------------------------------------------------------------------ */
/* A server of event streams                                          */

/* What a path serves: pieces of the body, @gap_ms apart; then it ends
 * (or stays open, with @hold) */
typedef struct
{
  const char  *path;
  const char **pieces;
  guint        gap_ms;
  gboolean     hold;
  gboolean     no_headers;  /* never answers */
} Script;

typedef struct
{
  SoupServer  *server;
  guint16      port;
  GPtrArray   *last_event_ids;  /* what each request sent ("-": none) */
  GPtrArray   *streams;         /* Serving */
  const Script *scripts;
  HearthHttp  *http;
  HearthHttpQueue *queue;
} Fixture;

typedef struct
{
  Fixture           *fixture;
  SoupServerMessage *msg;
  const Script      *script;
  guint              next;
  guint              source;
  gboolean           finished;
} Serving;

static void
serving_free (gpointer data)
{
  Serving *serving = data;

  g_clear_handle_id (&serving->source, g_source_remove);
  g_object_unref (serving->msg);
  g_free (serving);
}

static gboolean
on_serving_timeout (gpointer user_data)
{
  Serving *serving = user_data;
  SoupMessageBody *body = soup_server_message_get_response_body (serving->msg);
  const char *piece = serving->script->pieces[serving->next];

  if (serving->finished)
    {
      serving->source = 0;
      return G_SOURCE_REMOVE;
    }

  if (piece == NULL)
    {
      serving->source = 0;
      if (!serving->script->hold)
        {
          soup_message_body_complete (body);
          soup_server_message_unpause (serving->msg);
        }
      return G_SOURCE_REMOVE;
    }

  soup_message_body_append (body, SOUP_MEMORY_COPY, piece, strlen (piece));
  soup_server_message_unpause (serving->msg);
  serving->next++;
  return G_SOURCE_CONTINUE;
}

static void
on_serving_finished (SoupServerMessage *msg,
                     gpointer           user_data)
{
  Serving *serving = user_data;

  serving->finished = TRUE;
  g_clear_handle_id (&serving->source, g_source_remove);
}

static gboolean
on_auth (SoupAuthDomain    *domain,
         SoupServerMessage *msg,
         const char        *username,
         gpointer           user_data)
{
  return FALSE;
}

static char *
on_digest_password (SoupAuthDomain    *domain,
                    SoupServerMessage *msg,
                    const char        *username,
                    gpointer           user_data)
{
  if (g_strcmp0 (username, "user") != 0)
    return NULL;
  return soup_auth_domain_digest_encode_password (username, soup_auth_domain_get_realm (domain),
                                                  user_data);
}

static void
on_script_request (SoupServer        *server,
                   SoupServerMessage *msg,
                   const char        *path,
                   GHashTable        *query,
                   gpointer           user_data)
{
  Fixture *fixture = user_data;
  SoupMessageHeaders *request = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  const char *last_id = soup_message_headers_get_one (request, "Last-Event-ID");
  const Script *script = NULL;
  Serving *serving;

  for (guint i = 0; fixture->scripts[i].path != NULL; i++)
    if (g_str_equal (fixture->scripts[i].path, path))
      script = &fixture->scripts[i];
  if (script == NULL)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }

  g_ptr_array_add (fixture->last_event_ids, g_strdup (last_id != NULL ? last_id : "-"));
  soup_server_message_pause (msg);
  serving = g_new0 (Serving, 1);
  serving->fixture = fixture;
  serving->msg = g_object_ref (msg);
  serving->script = script;
  g_signal_connect (msg, "finished", G_CALLBACK (on_serving_finished), serving);
  g_ptr_array_add (fixture->streams, serving);
  if (script->no_headers)
    return;

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  soup_message_headers_set_content_type (headers, "text/event-stream", NULL);
  soup_message_body_set_accumulate (soup_server_message_get_response_body (msg), FALSE);
  serving->source = g_timeout_add (script->gap_ms, on_serving_timeout, serving);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupAuthDomain) digest = NULL;
  GSList *uris;

  fixture->scripts = data;
  fixture->last_event_ids = g_ptr_array_new_with_free_func (g_free);
  fixture->streams = g_ptr_array_new_with_free_func (serving_free);
  fixture->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (fixture->server, NULL, on_script_request, fixture, NULL);

  /* /path asks for a digest login: user "user", password "password" */
  digest = soup_auth_domain_digest_new ("realm", "hearth-test", NULL);
  soup_auth_domain_add_path (digest, "/path");
  soup_auth_domain_set_generic_auth_callback (digest, on_auth, NULL, NULL);
  soup_auth_domain_digest_set_auth_callback (digest, on_digest_password, (gpointer) "password", NULL);
  soup_server_add_auth_domain (fixture->server, digest);

  g_assert_true (soup_server_listen_local (fixture->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (fixture->server);
  fixture->port = g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  fixture->http = hearth_http_new ();
  hearth_http_set_deadline_ms (fixture->http, 1000);
  fixture->queue = hearth_http_get_queue (fixture->http, "127.0.0.1", fixture->port);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->queue);
  g_clear_object (&fixture->http);
  g_ptr_array_unref (fixture->streams);
  soup_server_disconnect (fixture->server);
  g_clear_object (&fixture->server);
  g_ptr_array_unref (fixture->last_event_ids);
}

/* What a stream did */
typedef struct
{
  HearthEventStream *stream;
  GPtrArray         *events;
  guint              n_opened;
  GError            *error;
  gboolean           closed;
  GCancellable      *cancel_on_first;
} Watch;

static void
on_stream_opened (HearthEventStream *stream,
                  Watch             *watch)
{
  watch->n_opened++;
}

static void
on_stream_event (HearthEventStream *stream,
                 const char        *type,
                 const char        *data,
                 const char        *id,
                 Watch             *watch)
{
  g_ptr_array_add (watch->events, g_strdup_printf ("%s|%s|%s", type, data, id ? id : "-"));
  if (watch->cancel_on_first != NULL)
    g_cancellable_cancel (watch->cancel_on_first);
}

static void
on_stream_closed (HearthEventStream *stream,
                  const GError      *error,
                  Watch             *watch)
{
  g_assert_false (watch->closed);
  g_assert_nonnull (error);
  watch->closed = TRUE;
  watch->error = g_error_copy (error);
}

static void
watch_init (Watch             *watch,
            Fixture           *fixture,
            const char        *path)
{
  memset (watch, 0, sizeof *watch);
  watch->stream = hearth_event_stream_new (fixture->queue, path);
  watch->events = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (watch->stream, "opened", G_CALLBACK (on_stream_opened), watch);
  g_signal_connect (watch->stream, "event", G_CALLBACK (on_stream_event), watch);
  g_signal_connect (watch->stream, "closed", G_CALLBACK (on_stream_closed), watch);
}

static void
watch_clear (Watch *watch)
{
  g_clear_object (&watch->stream);
  g_clear_pointer (&watch->events, g_ptr_array_unref);
  g_clear_error (&watch->error);
}

static gboolean
watch_is_closed (gpointer data)
{
  return ((Watch *) data)->closed;
}

static void
watch_await_closed (Watch *watch,
                    guint  timeout_ms)
{
  g_assert_true (hearth_test_await (watch_is_closed, watch, timeout_ms));
}

/* ------------------------------------------------------------------ */

static const char *split_pieces[] = {
  ": hi\r", "\nevent: a\r", "\ndata: one\r\ndata", ": two\n", "\nid: 7\rdata: x\r", "\r",
  "data: l", "f\n\n", NULL
};
static const Script split_scripts[] = {
  { "/events", split_pieces, 20, FALSE, FALSE },
  { NULL },
};

static void
test_split (Fixture       *fixture,
            gconstpointer  data)
{
  Watch watch;

  watch_init (&watch, fixture, "/events?x=1");
  hearth_event_stream_open (watch.stream, NULL);
  watch_await_closed (&watch, 5000);

  g_assert_cmpuint (watch.n_opened, ==, 1);
  g_assert_cmpuint (watch.events->len, ==, 3);
  g_assert_cmpstr (watch.events->pdata[0], ==, "a|one\ntwo|-");
  g_assert_cmpstr (watch.events->pdata[1], ==, "message|x|7");
  g_assert_cmpstr (watch.events->pdata[2], ==, "message|lf|7");
  g_assert_error (watch.error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED);
  g_assert_false (hearth_event_stream_is_open (watch.stream));
  g_assert_cmpuint (hearth_event_stream_get_status (watch.stream), ==, 200);
  watch_clear (&watch);
}

static const char *long_line_pieces[] = { "data: first\n\n", "data: ", NULL, NULL };
static const Script long_line_scripts[] = {
  { "/events", long_line_pieces, 5, TRUE, FALSE },
  { NULL },
};

static void
test_long_line (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *chunk = g_strnfill (16 * 1024, 'x');
  Watch watch;

  /* One endless line, 16 KiB at a time */
  long_line_pieces[2] = chunk;
  watch_init (&watch, fixture, "/events");
  hearth_event_stream_set_limits (watch.stream, 8 * 1024, 0);
  hearth_event_stream_open (watch.stream, NULL);
  watch_await_closed (&watch, 5000);

  g_assert_cmpuint (watch.events->len, ==, 1);
  g_assert_error (watch.error, HEARTH_ERROR, HEARTH_ERROR_TOO_LARGE);
  long_line_pieces[2] = NULL;
  watch_clear (&watch);
}

static const char *big_event_pieces[] = {
  "data: small\n\n", "data: 0123456789abcdef0123456789abcdef\n", "data: 0123456789abcdef0123456789abcdef\n",
  "data: 0123456789abcdef0123456789abcdef\n", "data: 0123456789abcdef0123456789abcdef\n", NULL
};
static const Script big_event_scripts[] = {
  { "/events", big_event_pieces, 5, TRUE, FALSE },
  { NULL },
};

static void
test_big_event (Fixture       *fixture,
                gconstpointer  data)
{
  Watch watch;

  watch_init (&watch, fixture, "/events");
  hearth_event_stream_set_limits (watch.stream, 64, 100);
  hearth_event_stream_open (watch.stream, NULL);
  watch_await_closed (&watch, 5000);

  g_assert_cmpuint (watch.events->len, ==, 1);
  g_assert_error (watch.error, HEARTH_ERROR, HEARTH_ERROR_TOO_LARGE);
  watch_clear (&watch);
}

static const char *silent_pieces[] = { "data: a\n\n", NULL };
static const Script silent_scripts[] = {
  { "/events", silent_pieces, 5, TRUE, FALSE },
  { "/hang", silent_pieces, 5, TRUE, TRUE },
  { NULL },
};

static void
test_liveness (Fixture       *fixture,
               gconstpointer  data)
{
  Watch watch;
  gint64 start;

  /* Bytes, then none for longer than the liveness deadline */
  watch_init (&watch, fixture, "/events");
  hearth_event_stream_set_liveness (watch.stream, 300);
  start = g_get_monotonic_time ();
  hearth_event_stream_open (watch.stream, NULL);
  watch_await_closed (&watch, 5000);
  g_assert_cmpuint (watch.events->len, ==, 1);
  g_assert_error (watch.error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 300 * 1000);
  g_assert_cmpint (hearth_event_stream_get_last_read (watch.stream), >, start);
  watch_clear (&watch);

  /* No headers at all: the session's deadline */
  watch_init (&watch, fixture, "/hang");
  hearth_event_stream_open (watch.stream, NULL);
  watch_await_closed (&watch, 5000);
  g_assert_cmpuint (watch.n_opened, ==, 0);
  g_assert_error (watch.error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  watch_clear (&watch);
}

static const char *resume_pieces[] = {
  "id: 41\ndata: a\n\n", "id: 42\ndata: b\n\n", "id: 43\ndata: cut off", NULL
};
static const Script resume_scripts[] = {
  { "/events", resume_pieces, 5, FALSE, FALSE },
  { NULL },
};

static void
test_resume (Fixture       *fixture,
             gconstpointer  data)
{
  Watch watch;

  /* Without resume: no Last-Event-ID, ever */
  watch_init (&watch, fixture, "/events");
  hearth_event_stream_open (watch.stream, NULL);
  watch_await_closed (&watch, 5000);
  watch.closed = FALSE;
  hearth_event_stream_open (watch.stream, NULL);
  watch_await_closed (&watch, 5000);
  watch_clear (&watch);

  /* With it: from where the caller says, then from the last whole event
   * (43 was cut off) */
  watch_init (&watch, fixture, "/events");
  hearth_event_stream_set_resume (watch.stream, TRUE, "40");
  g_assert_cmpstr (hearth_event_stream_get_last_event_id (watch.stream), ==, "40");
  hearth_event_stream_open (watch.stream, NULL);
  watch_await_closed (&watch, 5000);
  g_assert_cmpstr (hearth_event_stream_get_last_event_id (watch.stream), ==, "42");
  watch.closed = FALSE;
  hearth_event_stream_open (watch.stream, NULL);
  watch_await_closed (&watch, 5000);
  g_assert_cmpuint (watch.events->len, ==, 4);
  g_assert_cmpstr (watch.events->pdata[3], ==, "message|b|42");
  watch_clear (&watch);

  g_assert_cmpuint (fixture->last_event_ids->len, ==, 4);
  g_assert_cmpstr (fixture->last_event_ids->pdata[0], ==, "-");
  g_assert_cmpstr (fixture->last_event_ids->pdata[1], ==, "-");
  g_assert_cmpstr (fixture->last_event_ids->pdata[2], ==, "40");
  g_assert_cmpstr (fixture->last_event_ids->pdata[3], ==, "42");
}

static const char *cancel_pieces[] = { "data: a\n\n", "data: b\n\n", "data: c\n\n", NULL };
static const Script cancel_scripts[] = {
  { "/events", cancel_pieces, 50, TRUE, FALSE },
  { NULL },
};

static gboolean
served_all (gpointer data)
{
  Fixture *fixture = data;
  Serving *serving = fixture->streams->len > 0 ? fixture->streams->pdata[0] : NULL;

  return serving != NULL && (serving->finished || serving->source == 0);
}

static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Watch watch;

  /* Cancelled from the first event's handler: closed as cancelled, and
   * nothing after it */
  watch_init (&watch, fixture, "/events");
  watch.cancel_on_first = cancellable;
  hearth_event_stream_open (watch.stream, cancellable);
  watch_await_closed (&watch, 5000);
  g_assert_error (watch.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  hearth_test_await (served_all, fixture, 1000);
  g_assert_cmpuint (watch.events->len, ==, 1);
  watch_clear (&watch);

  /* Closed by its owner: no "closed" */
  g_ptr_array_set_size (fixture->streams, 0);
  watch_init (&watch, fixture, "/events");
  hearth_event_stream_open (watch.stream, NULL);
  g_assert_true (hearth_test_await ((gboolean (*) (gpointer)) hearth_event_stream_is_open, watch.stream, 5000));
  hearth_event_stream_close (watch.stream);
  hearth_test_await (served_all, fixture, 1000);
  g_assert_false (watch.closed);
  watch_clear (&watch);

  /* A cancellable cancelled before it opens */
  watch_init (&watch, fixture, "/events");
  hearth_event_stream_open (watch.stream, cancellable);
  watch_await_closed (&watch, 5000);
  g_assert_error (watch.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (watch.n_opened, ==, 0);
  watch_clear (&watch);
}

static const char *login_pieces[] = { "data: in\n\n", NULL };
static const Script login_scripts[] = {
  { "/path", login_pieces, 5, FALSE, FALSE },
  { NULL },
};

static void
test_login (Fixture       *fixture,
            gconstpointer  data)
{
  struct {
    gboolean    login;
    const char *password;
    GQuark      domain;
    int         code;
  } cases[] = {
    /* Without a login, a 401 is a status like another */
    { FALSE, NULL, HEARTH_ERROR, HEARTH_ERROR_HTTP_STATUS },
    { TRUE, NULL, HEARTH_ERROR, HEARTH_ERROR_NEEDS_PASSWORD },
    /* A 401, then the digest answer: in */
    { TRUE, "password", G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED },
    /* A 401, a refused answer, a 401 again */
    { TRUE, "wrong", HEARTH_ERROR, HEARTH_ERROR_BAD_PASSWORD },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      Watch watch;

      watch_init (&watch, fixture, "/path?query");
      if (cases[i].login)
        hearth_event_stream_set_login (watch.stream, "user", cases[i].password);
      hearth_event_stream_open (watch.stream, NULL);
      watch_await_closed (&watch, 5000);
      g_assert_error (watch.error, cases[i].domain, cases[i].code);
      if (cases[i].code == G_IO_ERROR_CONNECTION_CLOSED)
        {
          g_assert_cmpuint (watch.n_opened, ==, 1);
          g_assert_cmpuint (watch.events->len, ==, 1);
          g_assert_cmpstr (watch.events->pdata[0], ==, "message|in|-");
        }
      else
        {
          g_assert_cmpuint (watch.n_opened, ==, 0);
          g_assert_cmpuint (hearth_event_stream_get_status (watch.stream), ==, 401);
        }
      watch_clear (&watch);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/event-stream/parser-fields", test_parser_fields);
  g_test_add_func ("/event-stream/parser-limits", test_parser_limits);
  g_test_add_func ("/event-stream/event-ids", test_event_ids);
#define ADD(name, scripts, func) \
  g_test_add ("/event-stream/" name, Fixture, scripts, fixture_set_up, func, fixture_tear_down)
  ADD ("split", split_scripts, test_split);
  ADD ("long-line", long_line_scripts, test_long_line);
  ADD ("big-event", big_event_scripts, test_big_event);
  ADD ("liveness", silent_scripts, test_liveness);
  ADD ("resume", resume_scripts, test_resume);
  ADD ("cancel", cancel_scripts, test_cancel);
  ADD ("login", login_scripts, test_login);
#undef ADD

  return g_test_run ();
}
