/* hearth-test-utils.c: shared by the tests: hearth-sim as a child process,
 * waiting on the main loop, fixtures
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <stdarg.h>
#include <sys/prctl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <json-glib/json-glib.h>

#include "hearth-test-utils.h"

/* hearth-sim prints its devices within milliseconds; sanitizer builds and
 * loaded CI machines are slower, so be generous */
#define SIM_READY_TIMEOUT_MS 20000
#define SIM_STOP_TIMEOUT_MS 10000
#define SIM_HTTP_TIMEOUT_MS 10000

struct _HearthTestSim
{
  GSubprocess      *process;
  GDataInputStream *output;
  GPtrArray        *devices;  /* HearthTestSimDevice */
  char             *command;  /* for messages */
};

/* Simulators still running, killed when a test fails: an orphan would keep
 * the test's output pipes open and meson waiting */
static GPtrArray *running;

G_GNUC_PRINTF (1, 2) G_NORETURN
static void
test_fail (const char *format,
           ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  for (guint i = 0; running && i < running->len; i++)
    g_subprocess_force_exit (g_ptr_array_index (running, i));

  g_assertion_message (G_LOG_DOMAIN, __FILE__, __LINE__, G_STRFUNC, message);
  /* non-fatal assertions would go on with garbage: stop here anyway */
  abort ();
}

static void
sim_device_free (gpointer data)
{
  HearthTestSimDevice *device = data;

  g_free (device->family);
  g_free (device->id);
  g_free (device->host);
  g_free (device->name);
  g_free (device);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HearthTestSimDevice, sim_device_free)

/* ------------------------------------------------------------------ */
/* Waiting                                                             */

static gboolean
flag_timeout_cb (gpointer data)
{
  gboolean *flag = data;

  *flag = TRUE;

  return G_SOURCE_REMOVE;
}

static gboolean
wake_up_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

gboolean
hearth_test_await (gboolean  (*condition) (gpointer data),
                   gpointer    data,
                   guint       timeout_ms)
{
  gboolean timed_out = FALSE;
  gboolean result;
  guint timeout_id;
  guint wake_id;

  g_return_val_if_fail (condition != NULL, FALSE);

  if (condition (data))
    return TRUE;

  timeout_id = g_timeout_add (timeout_ms, flag_timeout_cb, &timed_out);
  /* a condition may change without any source of ours firing */
  wake_id = g_timeout_add (10, wake_up_cb, NULL);

  while (!(result = condition (data)) && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (!timed_out)
    g_source_remove (timeout_id);
  g_source_remove (wake_id);

  return result;
}

static gboolean
result_is_set (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

GAsyncResult *
hearth_test_await_result (GAsyncResult **result,
                          guint          timeout_ms)
{
  g_return_val_if_fail (result != NULL, NULL);

  if (!hearth_test_await (result_is_set, result, timeout_ms))
    test_fail ("An asynchronous call did not finish within %u ms", timeout_ms);

  /* still owned by *result */
  return *result;
}

void
hearth_test_store_result (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  GAsyncResult **store = user_data;

  g_assert_nonnull (store);
  g_assert_null (*store);
  *store = g_object_ref (result);
}

JsonNode *
hearth_test_parse_json (const char *json)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (json, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);

  /* A document the drivers would get: strict JSON of bounded size and
   * depth, as hearth_json_parse() wants it */
  if (JSON_NODE_HOLDS_OBJECT (node) || JSON_NODE_HOLDS_ARRAY (node))
    {
      g_autoptr(JsonNode) strict = hearth_json_parse (json, -1, &error);

      g_assert_no_error (error);
      g_assert_nonnull (strict);
    }

  return node;
}

/* ------------------------------------------------------------------ */
/* hearth-sim as a child process                                       */

static char *
read_line (HearthTestSim *sim,
           guint          timeout_ms,
           GError       **error)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  gboolean timed_out = FALSE;
  guint timeout_id;
  char *line;

  g_data_input_stream_read_line_async (sim->output, G_PRIORITY_DEFAULT,
                                       cancellable, hearth_test_store_result,
                                       &result);

  timeout_id = g_timeout_add (timeout_ms, flag_timeout_cb, &timed_out);
  while (result == NULL)
    {
      if (timed_out)
        {
          /* cancel, and let the read come back before we leave */
          timed_out = FALSE;
          timeout_id = 0;
          g_cancellable_cancel (cancellable);
        }
      g_main_context_iteration (NULL, TRUE);
    }
  if (timeout_id != 0 && !timed_out)
    g_source_remove (timeout_id);

  line = g_data_input_stream_read_line_finish_utf8 (sim->output, result, NULL, error);
  if (line == NULL && error != NULL && *error == NULL)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CLOSED,
                         "hearth-sim closed its output (did it exit?)");
  if (line == NULL && g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_clear_error (error);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                   "no line from hearth-sim within %u ms", timeout_ms);
    }

  return line;
}

/* "FAMILY ID HOST:PORT[ NAME…]" */
static HearthTestSimDevice *
parse_device_line (const char *line)
{
  g_auto(GStrv) parts = g_strsplit (line, " ", 4);
  g_autoptr(HearthTestSimDevice) device = NULL;
  const char *host_port;
  const char *colon;
  guint64 port;

  if (g_strv_length (parts) < 3)
    return NULL;

  host_port = parts[2];
  colon = strrchr (host_port, ':');
  if (colon == NULL || colon == host_port)
    return NULL;
  if (!g_ascii_string_to_unsigned (colon + 1, 10, 1, G_MAXUINT16, &port, NULL))
    return NULL;

  device = g_new0 (HearthTestSimDevice, 1);
  device->family = g_strdup (parts[0]);
  device->id = g_strdup (parts[1]);
  if (host_port[0] == '[' && colon > host_port + 1 && colon[-1] == ']')
    device->host = g_strndup (host_port + 1, colon - host_port - 2);
  else
    device->host = g_strndup (host_port, colon - host_port);
  device->port = (guint16) port;
  device->name = (parts[3] && *parts[3]) ? g_strdup (parts[3]) : NULL;

  return g_steal_pointer (&device);
}

static void
sim_free (HearthTestSim *sim)
{
  if (running)
    g_ptr_array_remove (running, sim->process);
  g_clear_object (&sim->output);
  g_clear_object (&sim->process);
  g_clear_pointer (&sim->devices, g_ptr_array_unref);
  g_free (sim->command);
  g_free (sim);
}

static void
child_setup (gpointer data)
{
  pid_t parent = GPOINTER_TO_INT (data);

  /* Whatever becomes of the test (an abort, a crash), the child goes
   * with it; and if the test died before this line, at once */
  prctl (PR_SET_PDEATHSIG, SIGTERM);
  if (getppid () != parent)
    raise (SIGTERM);
}

GSubprocessLauncher *
hearth_test_launcher_new (GSubprocessFlags flags)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (flags);

  g_subprocess_launcher_set_child_setup (launcher, child_setup,
                                         GINT_TO_POINTER (getpid ()), NULL);

  return launcher;
}

/* Written by the SIGALRM handler, so made beforehand */
static char deadline_message[512];

static void
deadline_cb (int signum)
{
  /* only async-signal-safe calls here */
  if (write (STDOUT_FILENO, deadline_message, strlen (deadline_message)) < 0)
    {
      /* nothing else to tell it with */
    }
  abort ();
}

guint
hearth_test_count_sources (const char *name)
{
  GSource *probe = g_idle_source_new ();
  guint last = g_source_attach (probe, NULL);
  guint count = 0;

  g_source_destroy (probe);
  g_source_unref (probe);

  /* Ids count up from 1: every source there is has one below the probe's */
  for (guint id = 1; id < last; id++)
    {
      GSource *source = g_main_context_find_source_by_id (NULL, id);

      if (source != NULL && (name == NULL || g_strcmp0 (g_source_get_name (source), name) == 0))
        count++;
    }

  return count;
}

void
hearth_test_set_deadline (guint seconds)
{
  struct sigaction action = { 0, };

  if (seconds == 0)
    {
      alarm (0);
      return;
    }

  /* A TAP "Bail out!": meson shows it as the reason */
  g_snprintf (deadline_message, sizeof deadline_message,
              "Bail out! %s still running after its deadline of %u s\n",
              g_test_get_path () ? g_test_get_path () : "the test", seconds);
  action.sa_handler = deadline_cb;
  sigemptyset (&action.sa_mask);
  sigaction (SIGALRM, &action, NULL);
  alarm (seconds);
}

static HearthTestSim *sim_start_strv (const char * const *sim_args);

/* @first_arg and the rest of @args up to NULL, in a new array (without
 * the NULL) */
static GPtrArray *
collect_args (const char *first_arg,
              va_list     args)
{
  GPtrArray *array = g_ptr_array_new ();

  for (const char *arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (array, (gpointer) arg);
  return array;
}

HearthTestSim *
hearth_test_sim_start (const char *first_arg,
                       ...)
{
  g_autoptr(GPtrArray) sim_args = NULL;
  va_list args;

  va_start (args, first_arg);
  sim_args = collect_args (first_arg, args);
  va_end (args);
  g_ptr_array_add (sim_args, NULL);

  return sim_start_strv ((const char * const *) sim_args->pdata);
}

static HearthTestSim *
sim_start_strv (const char * const *sim_args)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  HearthTestSim *sim;
  const char *program = g_getenv ("HEARTH_SIM");
  gint64 deadline;

  if (program == NULL || *program == '\0')
    test_fail ("HEARTH_SIM is not set: run the tests with meson test");

  g_ptr_array_add (argv, (gpointer) program);
  for (guint i = 0; sim_args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) sim_args[i]);
  g_ptr_array_add (argv, NULL);

  sim = g_new0 (HearthTestSim, 1);
  sim->devices = g_ptr_array_new_with_free_func (sim_device_free);
  sim->command = g_strjoinv (" ", (char **) argv->pdata);

  launcher = hearth_test_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  sim->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata,
                                               &error);
  if (sim->process == NULL)
    test_fail ("Cannot run “%s”: %s", sim->command, error->message);

  if (running == NULL)
    running = g_ptr_array_new ();
  g_ptr_array_add (running, sim->process);

  sim->output = g_data_input_stream_new (g_subprocess_get_stdout_pipe (sim->process));

  g_test_message ("Started %s (pid %s)", sim->command,
                  g_subprocess_get_identifier (sim->process));

  deadline = g_get_monotonic_time () + SIM_READY_TIMEOUT_MS * G_TIME_SPAN_MILLISECOND;
  for (;;)
    {
      g_autofree char *line = NULL;
      gint64 left_ms = (deadline - g_get_monotonic_time ()) / G_TIME_SPAN_MILLISECOND;
      HearthTestSimDevice *device;

      if (left_ms <= 0)
        left_ms = 1;

      line = read_line (sim, (guint) left_ms, &error);
      if (line == NULL)
        {
          g_subprocess_force_exit (sim->process);
          test_fail ("“%s” did not get ready: %s", sim->command, error->message);
        }

      if (g_str_equal (line, "ready"))
        break;

      device = parse_device_line (line);
      if (device == NULL)
        {
          g_subprocess_force_exit (sim->process);
          test_fail ("“%s” printed a line that is neither a device nor “ready”: %s",
                     sim->command, line);
        }

      g_ptr_array_add (sim->devices, device);
    }

  return sim;
}

static gboolean
process_exited (gpointer data)
{
  HearthTestSim *sim = data;

  /* g_subprocess_get_if_exited() would be CRITICAL before it is done */
  return g_subprocess_get_identifier (sim->process) == NULL;
}

void
hearth_test_sim_stop (HearthTestSim *sim)
{
  g_autoptr(GCancellable) cancellable = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  if (sim == NULL)
    return;

  g_subprocess_send_signal (sim->process, SIGTERM);

  cancellable = g_cancellable_new ();
  g_subprocess_wait_async (sim->process, cancellable, hearth_test_store_result, &result);
  if (!hearth_test_await (result_is_set, &result, SIM_STOP_TIMEOUT_MS))
    {
      g_subprocess_force_exit (sim->process);
      g_cancellable_cancel (cancellable);
      hearth_test_await (result_is_set, &result, SIM_STOP_TIMEOUT_MS);
      test_fail ("“%s” did not exit within %u ms of SIGTERM",
                 sim->command, SIM_STOP_TIMEOUT_MS);
    }

  g_assert_true (process_exited (sim));

  if (g_subprocess_get_if_signaled (sim->process))
    test_fail ("“%s” was killed by signal %d after SIGTERM (a crash?)",
               sim->command, g_subprocess_get_term_sig (sim->process));
  if (g_subprocess_get_exit_status (sim->process) != 0)
    test_fail ("“%s” exited with status %d after SIGTERM, not 0",
               sim->command, g_subprocess_get_exit_status (sim->process));

  sim_free (sim);
}

guint
hearth_test_sim_get_n_devices (HearthTestSim *sim)
{
  g_return_val_if_fail (sim != NULL, 0);

  return sim->devices->len;
}

const HearthTestSimDevice *
hearth_test_sim_get_device (HearthTestSim *sim,
                            guint          index)
{
  g_return_val_if_fail (sim != NULL, NULL);
  g_return_val_if_fail (index < sim->devices->len, NULL);

  return g_ptr_array_index (sim->devices, index);
}

const HearthTestSimDevice *
hearth_test_sim_find (HearthTestSim *sim,
                      const char    *family)
{
  g_return_val_if_fail (sim != NULL, NULL);
  g_return_val_if_fail (family != NULL, NULL);

  for (guint i = 0; i < sim->devices->len; i++)
    {
      const HearthTestSimDevice *device = g_ptr_array_index (sim->devices, i);

      if (g_str_equal (device->family, family))
        return device;
    }

  return NULL;
}

GSubprocess *
hearth_test_sim_get_process (HearthTestSim *sim)
{
  g_return_val_if_fail (sim != NULL, NULL);

  return sim->process;
}

/* ------------------------------------------------------------------ */
/* Secrets kept out of the log                                         */

static char **forbidden_in_logs;

/* Every log line of the process reaches this writer (debug ones too,
 * shown or not, libsoup's included) */
static GLogWriterOutput
check_forbidden_in_logs (GLogLevelFlags   level,
                         const GLogField *fields,
                         gsize            n_fields,
                         gpointer         user_data)
{
  for (gsize i = 0; i < n_fields; i++)
    {
      g_autofree char *value = NULL;

      if (g_strcmp0 (fields[i].key, "MESSAGE") != 0)
        continue;
      value = fields[i].length < 0 ? g_strdup (fields[i].value)
                                   : g_strndup (fields[i].value, fields[i].length);
      /* The harness's own "Started hearth-sim … --password" line aside */
      if (strstr (value, "Started ") != NULL)
        continue;
      for (guint j = 0; forbidden_in_logs[j] != NULL; j++)
        if (strstr (value, forbidden_in_logs[j]) != NULL)
          g_error ("A log line holds the password: %s", value);
    }

  /* Debug lines are all looked at, but shown only when asked for */
  if ((level & (G_LOG_LEVEL_DEBUG | G_LOG_LEVEL_INFO)) != 0 &&
      g_getenv ("G_MESSAGES_DEBUG") == NULL)
    return G_LOG_WRITER_HANDLED;

  return g_log_writer_default (level, fields, n_fields, user_data);
}

void
hearth_test_folder_set_up (HearthTestFolder *folder,
                           const char       *prefix,
                           const char       *file)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *template = g_strconcat (prefix, "-XXXXXX", NULL);

  folder->folder = g_dir_make_tmp (template, &error);
  g_assert_no_error (error);
  folder->path = g_build_filename (folder->folder, file, NULL);
}

static void
remove_tree (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          remove_tree (child);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

void
hearth_test_folder_tear_down (HearthTestFolder *folder)
{
  remove_tree (folder->folder);
  g_clear_pointer (&folder->folder, g_free);
  g_clear_pointer (&folder->path, g_free);
}

gboolean
hearth_test_skip_without_keyring (void)
{
  if (g_getenv ("HEARTH_KEYRING_DIR") != NULL)
    return FALSE;
  /* Never the person's own keyring */
  g_test_skip ("needs a private keyring: run under tests/hearth-keyring");
  return TRUE;
}

void
hearth_test_forbid_in_logs (const char * const *texts)
{
  g_return_if_fail (texts != NULL && texts[0] != NULL);
  g_return_if_fail (forbidden_in_logs == NULL);

  for (guint i = 0; texts[i] != NULL; i++)
    g_return_if_fail (texts[i][0] != '\0');

  forbidden_in_logs = g_strdupv ((char **) texts);
  g_log_set_writer_func (check_forbidden_in_logs, NULL, NULL);
  /* Every debug line reaches the writer, shown or not */
  g_log_set_debug_enabled (TRUE);
}

/* ------------------------------------------------------------------ */
/* HTTP to the simulator                                               */

static gboolean
accept_sim_certificate (SoupMessage          *msg,
                        GTlsCertificate      *certificate,
                        GTlsCertificateFlags  errors,
                        gpointer              user_data)
{
  return TRUE;
}

char *
hearth_test_sim_request (const HearthTestSimDevice  *device,
                         const char                 *method,
                         const char                 *path,
                         const char                 *body,
                         guint                      *status)
{
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GCancellable) cancellable = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  gsize size = 0;
  const char *data;
  const char *scheme = "http";

  g_return_val_if_fail (device != NULL, NULL);
  g_return_val_if_fail (method != NULL, NULL);
  g_return_val_if_fail (path != NULL && path[0] == '/', NULL);

  /* Hue bridges speak HTTPS only (with their own certificate) */
  if (g_strcmp0 (device->family, "hue") == 0)
    scheme = "https";

  if (strchr (device->host, ':') != NULL)
    uri = g_strdup_printf ("%s://[%s]:%u%s", scheme, device->host, device->port, path);
  else
    uri = g_strdup_printf ("%s://%s:%u%s", scheme, device->host, device->port, path);

  /* no proxy: the simulator is local, and the default resolver wants
   * GSettings schemas that isolated test dirs do not have */
  session = g_object_new (SOUP_TYPE_SESSION, "proxy-resolver", NULL, NULL);
  msg = soup_message_new (method, uri);
  if (msg == NULL)
    test_fail ("Not a valid URI: %s", uri);
  /* The simulator's own self-signed certificate: this test-only session
   * takes it (Hearth itself pins it, see hearth-hue-link.c) */
  if (g_str_equal (scheme, "https"))
    g_signal_connect (msg, "accept-certificate", G_CALLBACK (accept_sim_certificate), NULL);

  if (body != NULL)
    {
      g_autoptr(GBytes) request = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", request);
    }

  cancellable = g_cancellable_new ();
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, cancellable,
                                    hearth_test_store_result, &result);
  if (!hearth_test_await (result_is_set, &result, SIM_HTTP_TIMEOUT_MS))
    {
      g_cancellable_cancel (cancellable);
      hearth_test_await (result_is_set, &result, SIM_HTTP_TIMEOUT_MS);
      test_fail ("%s %s: no answer within %u ms", method, uri, SIM_HTTP_TIMEOUT_MS);
    }

  bytes = soup_session_send_and_read_finish (session, result, &error);
  if (bytes == NULL)
    test_fail ("%s %s failed: %s", method, uri, error->message);

  if (status != NULL)
    *status = soup_message_get_status (msg);

  data = g_bytes_get_data (bytes, &size);

  return g_strndup (data ? data : "", size);
}

static JsonNode *
parse_json (const char *text,
            const char *what)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  if (!json_parser_load_from_data (parser, text, -1, &error))
    test_fail ("%s is not JSON (%s): %s", what, error->message, text);

  root = json_parser_get_root (parser);
  if (root == NULL)
    test_fail ("%s is empty", what);

  return json_node_copy (root);
}

/* Sends a request that must answer 200 with JSON */
static JsonNode *
sim_call (const HearthTestSimDevice *device,
          const char                *method,
          const char                *path,
          const char                *body)
{
  g_autofree char *answer = NULL;
  g_autofree char *what = NULL;
  guint status = 0;

  answer = hearth_test_sim_request (device, method, path, body, &status);
  if (status != SOUP_STATUS_OK)
    test_fail ("%s %s of %s answered %u: %s", method, path, device->id, status, answer);

  what = g_strdup_printf ("The answer to %s %s of %s", method, path, device->id);

  return parse_json (answer, what);
}

static guint
stats_member (JsonNode   *node,
              const char *member)
{
  JsonObject *object;
  JsonNode *value;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    test_fail ("/sim/stats is not an object");

  object = json_node_get_object (node);
  value = json_object_get_member (object, member);
  if (value == NULL || !JSON_NODE_HOLDS_VALUE (value) ||
      json_node_get_value_type (value) != G_TYPE_INT64 ||
      json_node_get_int (value) < 0)
    test_fail ("/sim/stats lacks a count “%s”", member);

  return (guint) json_node_get_int (value);
}

JsonNode *
hearth_test_sim_get_state (const HearthTestSimDevice *device)
{
  g_return_val_if_fail (device != NULL, NULL);

  return sim_call (device, "GET", "/sim/state", NULL);
}

void
hearth_test_sim_set_state (const HearthTestSimDevice *device,
                           const char                *json)
{
  g_autoptr(JsonNode) node = NULL;

  g_return_if_fail (device != NULL);
  g_return_if_fail (json != NULL);

  node = sim_call (device, "POST", "/sim/state", json);
}

void
hearth_test_sim_get_stats (const HearthTestSimDevice *device,
                           guint                     *requests,
                           guint                     *max_in_flight)
{
  g_autoptr(JsonNode) node = NULL;

  g_return_if_fail (device != NULL);

  node = sim_call (device, "GET", "/sim/stats", NULL);
  if (requests)
    *requests = stats_member (node, "requests");
  if (max_in_flight)
    *max_in_flight = stats_member (node, "max_in_flight");
}

void
hearth_test_sim_get_stats_full (const HearthTestSimDevice *device,
                                guint                     *requests,
                                guint                     *max_in_flight,
                                guint                     *in_flight,
                                guint                     *websockets)
{
  g_autoptr(JsonNode) node = NULL;

  g_return_if_fail (device != NULL);

  node = sim_call (device, "GET", "/sim/stats", NULL);
  if (requests)
    *requests = stats_member (node, "requests");
  if (max_in_flight)
    *max_in_flight = stats_member (node, "max_in_flight");
  if (in_flight)
    *in_flight = stats_member (node, "in_flight");
  if (websockets)
    *websockets = stats_member (node, "websockets");
}

guint
hearth_test_sim_get_secrets (const HearthTestSimDevice *device)
{
  g_autoptr(JsonNode) node = NULL;

  g_return_val_if_fail (device != NULL, 0);

  node = sim_call (device, "GET", "/sim/stats", NULL);
  return stats_member (node, "secrets");
}

void
hearth_test_sim_reset_stats (const HearthTestSimDevice *device)
{
  g_autoptr(JsonNode) node = NULL;

  g_return_if_fail (device != NULL);

  node = sim_call (device, "POST", "/sim/stats/reset", NULL);
}

void
hearth_test_sim_misbehave (const HearthTestSimDevice *device,
                           const char                *mode)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) request = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *body = NULL;

  g_return_if_fail (device != NULL);
  g_return_if_fail (mode != NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "mode");
  json_builder_add_string_value (builder, mode);
  json_builder_end_object (builder);
  request = json_builder_get_root (builder);
  body = json_to_string (request, FALSE);

  node = sim_call (device, "POST", "/sim/misbehave", body);
}

/* ------------------------------------------------------------------ */
/* A family's driver against hearth-sim                                */

#define LIVE_CALL_TIMEOUT_MS 15000
#define LIVE_ONLINE_TIMEOUT_MS 5000
/* Well under the HTTP deadline (10 s): a stopped link that waits for it to
 * end its last request fails */
#define LIVE_STOP_TIMEOUT_MS 2000
/* identification, then the first state of its link */
#define HOME_ADD_TIMEOUT_MS 30000

void
hearth_test_live_set_up (HearthTestLive *live,
                         HearthTestSim  *sim,
                         GType           driver_type)
{
  g_return_if_fail (live != NULL);
  g_return_if_fail (sim != NULL);
  g_return_if_fail (g_type_is_a (driver_type, HEARTH_TYPE_DRIVER));

  live->sim = sim;
  live->http = hearth_http_new ();
  live->driver = g_object_new (driver_type, NULL);
}

void
hearth_test_live_tear_down (HearthTestLive *live)
{
  g_return_if_fail (live != NULL);

  g_clear_object (&live->driver);
  g_clear_object (&live->http);
  g_clear_pointer (&live->sim, hearth_test_sim_stop);
}

void
hearth_test_live_start (HearthTestLive *live,
                        GType           driver_type,
                        const char     *password,
                        const char     *first_arg,
                        ...)
{
  g_autoptr(GPtrArray) sim_args = NULL;
  va_list args;

  va_start (args, first_arg);
  sim_args = collect_args (first_arg, args);
  va_end (args);
  if (password != NULL)
    {
      g_ptr_array_add (sim_args, (gpointer) "--password");
      g_ptr_array_add (sim_args, (gpointer) password);
    }
  g_ptr_array_add (sim_args, NULL);

  hearth_test_live_set_up (live, sim_start_strv ((const char * const *) sim_args->pdata),
                           driver_type);
}

void
hearth_test_live_fixture_tear_down (gpointer      fixture,
                                    gconstpointer data)
{
  hearth_test_live_tear_down (fixture);
}

const HearthTestSimDevice *
hearth_test_sim_require (HearthTestSim *sim,
                         const char    *family,
                         const char    *id_prefix)
{
  g_return_val_if_fail (sim != NULL, NULL);
  g_return_val_if_fail (family != NULL, NULL);

  for (guint i = 0; i < sim->devices->len; i++)
    {
      const HearthTestSimDevice *device = g_ptr_array_index (sim->devices, i);

      if (g_str_equal (device->family, family) &&
          (id_prefix == NULL || g_str_has_prefix (device->id, id_prefix)))
        return device;
    }

  test_fail ("“%s” started no %s device%s%s", sim->command, family,
             id_prefix ? " whose id starts with " : "", id_prefix ? id_prefix : "");
}

JsonObject *
hearth_test_sim_get_state_object (const HearthTestSimDevice *device)
{
  g_autoptr(JsonNode) state = NULL;

  g_return_val_if_fail (device != NULL, NULL);

  state = hearth_test_sim_get_state (device);
  if (!JSON_NODE_HOLDS_OBJECT (state))
    test_fail ("/sim/state of %s is not an object", device->id);

  return json_object_ref (json_node_get_object (state));
}

HearthDevice *
hearth_test_live_identify (HearthTestLive            *live,
                           const HearthTestSimDevice *device,
                           HearthService             *service,
                           GError                   **error)
{
  g_autoptr(HearthHttpQueue) queue = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  g_return_val_if_fail (live != NULL, NULL);
  g_return_val_if_fail (device != NULL, NULL);

  queue = hearth_http_get_queue (live->http, device->host, device->port);
  hearth_driver_identify_async (live->driver, queue, service, NULL,
                                hearth_test_store_result, &result);
  hearth_test_await_result (&result, LIVE_CALL_TIMEOUT_MS);

  return hearth_driver_identify_finish (live->driver, result, error);
}

HearthDevice *
hearth_test_live_identify_with_login (HearthTestLive            *live,
                                      const HearthTestSimDevice *device,
                                      const char                *username,
                                      const char                *password,
                                      GError                   **error)
{
  g_autoptr(HearthHttpQueue) queue = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  g_return_val_if_fail (live != NULL, NULL);
  g_return_val_if_fail (device != NULL, NULL);

  g_assert_true (hearth_driver_can_identify_with_login (live->driver));
  queue = hearth_http_get_queue (live->http, device->host, device->port);
  hearth_driver_identify_with_login_async (live->driver, queue, username, password, NULL,
                                           hearth_test_store_result, &result);
  hearth_test_await_result (&result, LIVE_CALL_TIMEOUT_MS);

  return hearth_driver_identify_finish (live->driver, result, error);
}

HearthDevice *
hearth_test_home_add_address (HearthHome                *home,
                              const HearthTestSimDevice *device,
                              const char                *username,
                              const char                *password,
                              GError                   **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  g_return_val_if_fail (HEARTH_IS_HOME (home), NULL);
  g_return_val_if_fail (device != NULL, NULL);

  if (password == NULL)
    hearth_home_add_address_async (home, device->host, device->port, NULL,
                                   hearth_test_store_result, &result);
  else
    hearth_home_add_address_with_login_async (home, device->host, device->port,
                                              username, password, NULL,
                                              hearth_test_store_result, &result);
  hearth_test_await_result (&result, HOME_ADD_TIMEOUT_MS);

  return hearth_home_add_address_finish (home, result, error);
}

void
hearth_test_live_assert_not_ours (HearthTestLive            *live,
                                  const HearthTestSimDevice *device)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HearthDevice) identified = NULL;

  identified = hearth_test_live_identify (live, device, NULL, &error);
  g_assert_null (identified);
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED);
}

char *
hearth_test_live_pair (HearthTestLive            *live,
                       const HearthTestSimDevice *sim_device,
                       HearthDevice              *device,
                       GError                   **error)
{
  g_autoptr(HearthHttpQueue) queue = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  g_return_val_if_fail (live != NULL, NULL);
  g_return_val_if_fail (sim_device != NULL, NULL);
  g_return_val_if_fail (HEARTH_IS_DEVICE (device), NULL);

  queue = hearth_http_get_queue (live->http, sim_device->host, sim_device->port);
  hearth_driver_pair_async (live->driver, queue, device, NULL,
                            hearth_test_store_result, &result);
  hearth_test_await_result (&result, LIVE_CALL_TIMEOUT_MS);

  return hearth_driver_pair_finish (live->driver, result, error);
}

HearthLink *
hearth_test_live_start_link (HearthTestLive            *live,
                             HearthDevice              *device,
                             const HearthTestLinkSetup *setup)
{
  HearthLink *link;
  GType link_type;

  g_return_val_if_fail (live != NULL, NULL);
  g_return_val_if_fail (HEARTH_IS_DEVICE (device), NULL);
  g_return_val_if_fail (setup != NULL, NULL);

  link_type = setup->link_type != 0 ? setup->link_type : HEARTH_TYPE_LINK;
  link = hearth_driver_create_link (live->driver, device, live->http);
  g_assert_true (G_TYPE_CHECK_INSTANCE_TYPE (link, link_type));
  if (setup->default_poll_ms != 0)
    g_assert_cmpuint (hearth_link_get_poll_interval (link), ==, setup->default_poll_ms);
  if (setup->poll_ms != 0)
    hearth_link_set_poll_interval (link, setup->poll_ms);
  if (setup->password != NULL || setup->set_credentials)
    hearth_link_set_credentials (link, setup->username, setup->password);
  hearth_link_start (link);

  return link;
}

HearthLink *
hearth_test_live_connect (HearthTestLive            *live,
                          const HearthTestSimDevice *sim_device,
                          const HearthTestLinkSetup *setup,
                          HearthDevice             **device_out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HearthDevice) device = NULL;
  HearthLink *link;
  guint timeout_ms;

  g_return_val_if_fail (live != NULL, NULL);
  g_return_val_if_fail (sim_device != NULL, NULL);
  g_return_val_if_fail (setup != NULL, NULL);
  g_return_val_if_fail (device_out != NULL, NULL);

  device = hearth_test_live_identify (live, sim_device, NULL, &error);
  g_assert_no_error (error);
  link = hearth_test_live_start_link (live, device, setup);

  timeout_ms = setup->timeout_ms != 0 ? setup->timeout_ms : LIVE_ONLINE_TIMEOUT_MS;
  if (!hearth_test_await_online (device, setup->live, setup->control_id, timeout_ms))
    test_fail ("%s is %s (%s)%s%s, not online (%s)%s%s after %u ms",
               sim_device->id,
               hearth_device_state_to_string (hearth_device_get_state (device)),
               hearth_live_to_string (hearth_device_get_live (device)),
               setup->control_id && !hearth_device_find_control (device, setup->control_id)
                 ? " without " : "",
               setup->control_id && !hearth_device_find_control (device, setup->control_id)
                 ? setup->control_id : "",
               hearth_live_to_string (setup->live),
               setup->control_id ? " with " : "",
               setup->control_id ? setup->control_id : "",
               timeout_ms);

  *device_out = g_steal_pointer (&device);
  return link;
}

HearthLink *
hearth_test_live_connect_with_password (HearthTestLive            *live,
                                        const HearthTestSimDevice *sim_device,
                                        const HearthTestLinkSetup *setup,
                                        const char                *password,
                                        HearthDevice             **device_out)
{
  HearthTestLinkSetup with_password = *setup;

  with_password.password = password;
  return hearth_test_live_connect (live, sim_device, &with_password, device_out);
}

static gboolean
pointer_is_null (gpointer data)
{
  return *(gpointer *) data == NULL;
}

void
hearth_test_stop_link (HearthLink *link,
                       guint       timeout_ms)
{
  gpointer weak = link;

  g_return_if_fail (HEARTH_IS_LINK (link));

  hearth_link_stop (link);
  g_object_add_weak_pointer (G_OBJECT (link), &weak);
  g_object_unref (link);
  /* Not at once: a request under way holds the link (its task's source
   * object) until its cancellation is delivered on a turn of the loop */
  if (timeout_ms == 0)
    timeout_ms = LIVE_STOP_TIMEOUT_MS;
  if (!hearth_test_await (pointer_is_null, &weak, timeout_ms))
    {
      g_object_remove_weak_pointer (G_OBJECT (weak), &weak);
      test_fail ("The stopped link of %s was not finalized within %u ms (a reference left?)",
                 hearth_device_get_id (hearth_link_get_device (weak)), timeout_ms);
    }
}

typedef struct
{
  HearthDevice      *device;
  HearthDeviceState  state;
  HearthLive         live;
  gboolean           online;      /* also in @state, online */
  gboolean           any_state;   /* only @live counts */
  const char        *control_id;
} DeviceWait;

static gboolean
device_is (gpointer data)
{
  DeviceWait *wait = data;

  if (wait->any_state)
    return hearth_device_get_live (wait->device) == wait->live;
  if (hearth_device_get_state (wait->device) != wait->state)
    return FALSE;
  if (!wait->online)
    return TRUE;

  return hearth_device_get_live (wait->device) == wait->live &&
         (wait->control_id == NULL ||
          hearth_device_find_control (wait->device, wait->control_id) != NULL);
}

gboolean
hearth_test_await_state (HearthDevice      *device,
                         HearthDeviceState  state,
                         guint              timeout_ms)
{
  DeviceWait wait = { device, state, HEARTH_LIVE_POLL, FALSE, FALSE, NULL };

  g_return_val_if_fail (HEARTH_IS_DEVICE (device), FALSE);

  return hearth_test_await (device_is, &wait, timeout_ms);
}

gboolean
hearth_test_await_live (HearthDevice *device,
                        HearthLive    live,
                        guint         timeout_ms)
{
  DeviceWait wait = { device, HEARTH_DEVICE_STATE_ONLINE, live, FALSE, TRUE, NULL };

  g_return_val_if_fail (HEARTH_IS_DEVICE (device), FALSE);

  return hearth_test_await (device_is, &wait, timeout_ms);
}

gboolean
hearth_test_await_online (HearthDevice *device,
                          HearthLive    live,
                          const char   *control_id,
                          guint         timeout_ms)
{
  DeviceWait wait = { device, HEARTH_DEVICE_STATE_ONLINE, live, TRUE, FALSE, control_id };

  g_return_val_if_fail (HEARTH_IS_DEVICE (device), FALSE);

  return hearth_test_await (device_is, &wait, timeout_ms);
}

gboolean
hearth_test_apply (HearthLink  *link,
                   const char  *control_id,
                   const char  *actions,
                   GError     **error)
{
  g_autoptr(HearthChange) change = hearth_change_new ();
  g_auto(GStrv) words = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  g_return_val_if_fail (HEARTH_IS_LINK (link), FALSE);
  g_return_val_if_fail (control_id != NULL, FALSE);
  g_return_val_if_fail (actions != NULL, FALSE);

  words = g_strsplit (actions, " ", -1);
  for (guint i = 0; words[i] != NULL; i++)
    if (!hearth_change_parse_action (change, words[i], NULL))
      test_fail ("Not an action: “%s”", words[i]);

  hearth_link_apply_async (link, control_id, change, NULL, hearth_test_store_result, &result);
  hearth_test_await_result (&result, LIVE_CALL_TIMEOUT_MS);

  return hearth_link_apply_finish (link, result, error);
}

void
hearth_test_apply_ok (HearthLink *link,
                      const char *control_id,
                      const char *actions)
{
  g_autoptr(GError) error = NULL;
  gboolean ok;

  g_test_message ("set %s: %s", control_id, actions);
  ok = hearth_test_apply (link, control_id, actions, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
}

HearthControl *
hearth_test_first_control (HearthDevice *device)
{
  g_autoptr(HearthControl) control = g_list_model_get_item (hearth_device_get_controls (device), 0);

  g_assert_nonnull (control);
  return control;   /* the device holds it */
}

void
hearth_test_assert_temperature (HearthControl *control,
                                int            kelvin,
                                int            min,
                                int            max)
{
  g_assert_true (HEARTH_IS_CONTROL (control));
  g_assert_true (hearth_control_has_capability (control, HEARTH_CAPABILITY_TEMPERATURE));
  g_assert_cmpint (hearth_control_get_temperature (control), ==, kelvin);
  g_assert_cmpint (hearth_control_get_temperature_min (control), ==, min);
  g_assert_cmpint (hearth_control_get_temperature_max (control), ==, max);
}

typedef struct
{
  guint pending;
  guint failed;
} Burst;

static void
on_burst_link_applied (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  Burst *burst = user_data;
  g_autoptr(GError) error = NULL;

  if (!hearth_link_apply_finish (HEARTH_LINK (source), result, &error))
    {
      g_test_message ("a change of the burst failed: %s", error->message);
      burst->failed++;
    }
  burst->pending--;
}

static gboolean
burst_done (gpointer data)
{
  return ((Burst *) data)->pending == 0;
}

void
hearth_test_apply_burst (HearthLink *link,
                         const char *control_id,
                         guint       n,
                         guint       timeout_ms)
{
  Burst burst = { 0, 0 };

  g_return_if_fail (HEARTH_IS_LINK (link));
  g_return_if_fail (n > 0 && n <= 100);

  for (guint i = 1; i <= n; i++)
    {
      g_autoptr(HearthChange) change = hearth_change_new ();

      change->fields = HEARTH_CHANGE_BRIGHTNESS;
      change->brightness = i * 100 / n;
      burst.pending++;
      hearth_link_apply_async (link, control_id, change, NULL, on_burst_link_applied, &burst);
    }
  g_assert_true (hearth_test_await (burst_done, &burst, timeout_ms));
  g_assert_cmpuint (burst.failed, ==, 0);
}

gboolean
hearth_test_refresh (HearthLink  *link,
                     GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  g_return_val_if_fail (HEARTH_IS_LINK (link), FALSE);

  hearth_link_refresh_async (link, NULL, hearth_test_store_result, &result);
  hearth_test_await_result (&result, LIVE_CALL_TIMEOUT_MS);

  return hearth_link_refresh_finish (link, result, error);
}

/* ------------------------------------------------------------------ */
/* Fixtures                                                            */

static char *
fixtures_dir (void)
{
  const char *dir = g_getenv ("HEARTH_FIXTURES");

  if (dir != NULL && *dir != '\0')
    return g_strdup (dir);

  dir = g_getenv ("G_TEST_SRCDIR");
  if (dir != NULL && *dir != '\0')
    return g_build_filename (dir, "fixtures", NULL);

  test_fail ("HEARTH_FIXTURES is not set: run the tests with meson test");
}

JsonNode *
hearth_test_load_fixture (const char *relative_path)
{
  g_autofree char *dir = fixtures_dir ();
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;

  g_return_val_if_fail (relative_path != NULL, NULL);

  path = g_build_filename (dir, relative_path, NULL);
  if (!g_file_get_contents (path, &contents, &length, &error))
    test_fail ("Cannot read the fixture %s: %s", path, error->message);

  return parse_json (contents, path);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

GStrv
hearth_test_list_fixtures (const char *family_folder)
{
  g_autofree char *dir = fixtures_dir ();
  g_autofree char *folder = NULL;
  g_autoptr(GDir) listing = NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *entry;

  g_return_val_if_fail (family_folder != NULL, NULL);

  folder = g_build_filename (dir, family_folder, NULL);
  listing = g_dir_open (folder, 0, &error);
  if (listing == NULL)
    test_fail ("Cannot list the fixtures in %s: %s", folder, error->message);

  /* Paths relative to $HEARTH_FIXTURES, ready for hearth_test_load_fixture() */
  while ((entry = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (folder, entry, NULL);

      if (entry[0] == '.' || !g_file_test (path, G_FILE_TEST_IS_REGULAR))
        continue;

      g_ptr_array_add (files, g_build_filename (family_folder, entry, NULL));
    }

  if (files->len == 0)
    test_fail ("No fixtures in %s", folder);

  g_ptr_array_sort (files, compare_strings);
  g_ptr_array_add (files, NULL);

  return (GStrv) g_ptr_array_free (g_steal_pointer (&files), FALSE);
}

/* ------------------------------------------------------------------ */
/* Added: identity before secrets, the same case for every family      */

static HearthTestSim *
impostor_sim_start (const HearthTestImpostor *impostor,
                    const char               *port,
                    gboolean                  with_password)
{
  g_autoptr(GPtrArray) sim_args = g_ptr_array_new ();

  g_ptr_array_add (sim_args, (gpointer) "--device");
  g_ptr_array_add (sim_args, (gpointer) impostor->device);
  g_ptr_array_add (sim_args, (gpointer) "--latency");
  g_ptr_array_add (sim_args, (gpointer) "5");
  if (with_password && impostor->password != NULL)
    {
      g_ptr_array_add (sim_args, (gpointer) "--password");
      g_ptr_array_add (sim_args, (gpointer) impostor->password);
    }
  if (port != NULL)
    {
      /* Another hardware id, on the real device's port */
      g_ptr_array_add (sim_args, (gpointer) "--first-index");
      g_ptr_array_add (sim_args, (gpointer) "2");
      g_ptr_array_add (sim_args, (gpointer) "--port-base");
      g_ptr_array_add (sim_args, (gpointer) port);
    }
  g_ptr_array_add (sim_args, NULL);

  return sim_start_strv ((const char * const *) sim_args->pdata);
}

void
hearth_test_live_impostor (HearthTestLive           *live,
                           const HearthTestImpostor *impostor)
{
  g_autoptr(HearthDevice) device = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *port = NULL;
  const HearthTestSimDevice *real_device, *other_device;
  HearthTestSim *real, *other;
  HearthLink *link;
  gboolean refused;
  guint secrets, expected;

  g_return_if_fail (live != NULL);
  g_return_if_fail (impostor != NULL && impostor->device != NULL);

  /* The real device, known with its secret */
  real = impostor_sim_start (impostor, NULL, TRUE);
  real_device = hearth_test_sim_get_device (real, 0);
  device = hearth_test_live_identify (live, real_device, NULL, &error);
  if (device == NULL && impostor->password != NULL &&
      g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_NEEDS_PASSWORD))
    {
      g_clear_error (&error);
      device = hearth_test_live_identify_with_login (live, real_device, NULL,
                                                     impostor->password, &error);
    }
  g_assert_no_error (error);
  if (impostor->paired)
    {
      hearth_test_sim_set_state (real_device, "{\"button\":\"pressed\"}");
      secret = hearth_test_live_pair (live, real_device, device, &error);
      g_assert_no_error (error);
    }
  else
    secret = g_strdup (impostor->password);
  port = g_strdup_printf ("%u", real_device->port);
  hearth_test_sim_stop (real);

  /* Another device of the family answers at its address */
  other = impostor_sim_start (impostor, port, impostor->impostor_password);
  other_device = hearth_test_sim_get_device (other, 0);
  g_assert_cmpuint (other_device->port, ==, hearth_device_get_port (device));
  g_assert_cmpstr (other_device->id, !=, hearth_device_get_id (device));

  /* As the app and hearthctl start it */
  link = hearth_driver_create_link (live->driver, device, live->http);
  hearth_link_set_poll_interval (link, 500);
  if (secret != NULL)
    hearth_link_set_credentials (link, NULL, secret);
  hearth_link_start (link);
  refused = hearth_test_await_state (device, HEARTH_DEVICE_STATE_WRONG_DEVICE, 5000);

  /* An impostor that itself wants a password, of a family that tells
   * nothing without one, gets the one login that asks who it is */
  expected = impostor->impostor_password && impostor->password != NULL &&
             hearth_driver_can_identify_with_login (live->driver) ? 1 : 0;
  secrets = hearth_test_sim_get_secrets (other_device);
  g_test_message ("%s (%s) at its address: %u request(s) with a secret reached it; "
                  "%s is %s", other_device->id, impostor->device, secrets,
                  hearth_device_get_id (device),
                  hearth_device_state_to_string (hearth_device_get_state (device)));
  g_assert_cmpuint (secrets, ==, expected);
  g_assert_true (refused);
  /* And the link knows whether the secret went there (what hearthctl says) */
  g_assert_cmpint (hearth_link_get_wrong_device_had_secret (link), ==, expected > 0);

  if (expected == 0)
    {
      /* A read is refused with the reason, and sends nothing secret either */
      g_assert_false (hearth_test_refresh (link, &error));
      g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_WRONG_DEVICE);
      g_assert_nonnull (strstr (error->message, other_device->id));
      g_clear_error (&error);
      g_assert_cmpuint (hearth_test_sim_get_secrets (other_device), ==, 0);
    }

  hearth_test_stop_link (link, 2000);
  hearth_test_sim_stop (other);
}
