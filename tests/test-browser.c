/* test-browser.c: HearthBrowser against a real avahi-daemon
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs inside tests/hearth-sandbox (a private network namespace with its
 * own dbus-daemon and avahi-daemon); skips when run outside of it. Services
 * are published by avahi-publish processes (and by an entry group of our
 * own where a record must change in place), exactly as a device would.
 * With `hearth-sandbox --no-avahi` no daemon runs at first: the tests start
 * and stop avahi-daemon themselves, as they do to restart it.
 */

#include "config.h"

#include <signal.h>

#include <avahi-client/client.h>
#include <avahi-client/publish.h>
#include <avahi-common/error.h>
#include <avahi-glib/glib-watch.h>
#include <glib/gstdio.h>

#include "hearth.h"
#include "hearth-browser-private.h"

#define TIMEOUT_MS 15000

static const char *sandbox_address;
static const char *avahi_conf;

/* Waiting on the main loop */

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterates the default main context until @condition holds or @timeout_ms
 * passed; returns whether it holds. */
static gboolean
await (gboolean (*condition) (gpointer data),
       gpointer   data,
       guint      timeout_ms)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (timeout_ms, timeout_cb, &timed_out);

  while (!condition (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (!timed_out)
    g_source_remove (id);

  return condition (data);
}

/* Runs the main loop for @ms whatever happens */
static void
spin (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* avahi-daemon and avahi-publish */

static gboolean
run_quietly (const char * const *argv)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  process = g_subprocess_newv (argv,
                               G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                               G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                               &error);
  g_assert_no_error (error);
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);

  return g_subprocess_get_successful (process);
}

static gboolean
daemon_is_running (gpointer data)
{
  const char *argv[] = { "avahi-daemon", "--check", NULL };

  return run_quietly (argv);
}

static gboolean
daemon_is_stopped (gpointer data)
{
  return !daemon_is_running (NULL);
}

static void
daemon_start (void)
{
  const char *argv[] = {
    "avahi-daemon", "--no-drop-root", "--no-chroot", "--no-rlimits",
    "--daemonize", "-f", avahi_conf, NULL
  };

  if (daemon_is_running (NULL))
    return;

  g_test_message ("starting avahi-daemon");
  g_assert_true (run_quietly (argv));
  g_assert_true (await (daemon_is_running, NULL, TIMEOUT_MS));
}

/* As in a crash: no goodbye packets, no clean D-Bus exit */
static void
daemon_crash (void)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  guint64 pid = 0;

  g_file_get_contents ("/run/avahi-daemon/pid", &text, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_ascii_string_to_unsigned (g_strstrip (text), 10, 2, G_MAXINT, &pid, NULL));

  g_test_message ("killing avahi-daemon (%" G_GUINT64_FORMAT ")", pid);
  g_assert_cmpint (kill ((pid_t) pid, SIGKILL), ==, 0);
  g_assert_true (await (daemon_is_stopped, NULL, TIMEOUT_MS));
}

static void
daemon_stop (void)
{
  const char *argv[] = { "avahi-daemon", "--kill", NULL };

  if (!daemon_is_running (NULL))
    return;

  g_test_message ("stopping avahi-daemon");
  g_assert_true (run_quietly (argv));
  g_assert_true (await (daemon_is_stopped, NULL, TIMEOUT_MS));
}

/* The sandbox's bus refuses to make service browsers ("Access denied",
 * as a busy avahi-daemon answers "An unexpected D-Bus error"), or lets it
 * make them again */
static void
bus_refuse_browsers (gboolean refuse)
{
  g_autofree char *path = g_build_filename (g_getenv ("HEARTH_SANDBOX_DIR"),
                                            "system-bus.d", "refuse-browsers.conf", NULL);
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  if (refuse)
    {
      const char *policy =
        "<busconfig>\n"
        "  <policy context=\"mandatory\">\n"
        "    <deny send_destination=\"org.freedesktop.Avahi\"\n"
        "          send_interface=\"org.freedesktop.Avahi.Server\" send_member=\"ServiceBrowserNew\"/>\n"
        "  </policy>\n"
        "</busconfig>\n";

      g_file_set_contents (path, policy, -1, &error);
      g_assert_no_error (error);
    }
  else
    {
      g_assert_cmpint (g_unlink (path), ==, 0);
    }

  g_test_message ("the bus %s service browsers", refuse ? "refuses" : "allows");
  bus = g_bus_get_sync (G_BUS_TYPE_SYSTEM, NULL, &error);
  g_assert_no_error (error);
  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "ReloadConfig",
                                       NULL, NULL, G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
}

/* A service announced by its own avahi-publish process, like a device */
static GSubprocess *
publish (const char *name,
         const char *type,
         guint16     port,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  const char *txt;
  va_list args;

  g_ptr_array_add (argv, g_strdup ("avahi-publish"));
  g_ptr_array_add (argv, g_strdup ("--service"));
  g_ptr_array_add (argv, g_strdup (name));
  g_ptr_array_add (argv, g_strdup (type));
  g_ptr_array_add (argv, g_strdup_printf ("%u", port));
  va_start (args, port);
  while ((txt = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, g_strdup (txt));
  va_end (args);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                               G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                               &error);
  g_assert_no_error (error);

  return g_steal_pointer (&process);
}

static void
unpublish (GSubprocess *process)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_send_signal (process, SIGTERM);
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
}

/* Looking at the model */

typedef struct
{
  HearthBrowser *browser;
  const char    *type;
  const char    *name;
  guint          n_items;
  HearthBrowserState state;
} Query;

static HearthService *
find_service (HearthBrowser *browser,
              const char    *type,
              const char    *name)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (browser));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HearthService) service = g_list_model_get_item (G_LIST_MODEL (browser), i);

      if (g_str_equal (hearth_service_get_type_name (service), type) &&
          g_str_equal (hearth_service_get_name (service), name))
        return g_steal_pointer (&service);
    }

  return NULL;
}

static gboolean
has_service (gpointer data)
{
  Query *query = data;
  g_autoptr(HearthService) service = find_service (query->browser, query->type, query->name);

  return service != NULL;
}

static gboolean
lacks_service (gpointer data)
{
  return !has_service (data);
}

static gboolean
has_n_items (gpointer data)
{
  Query *query = data;

  return g_list_model_get_n_items (G_LIST_MODEL (query->browser)) == query->n_items;
}

static gboolean
has_state (gpointer data)
{
  Query *query = data;

  return hearth_browser_get_state (query->browser) == query->state;
}

static HearthService *
await_service (HearthBrowser *browser,
               const char    *type,
               const char    *name)
{
  Query query = { browser, type, name, 0, 0 };

  if (!await (has_service, &query, TIMEOUT_MS))
    g_error ("'%s' (%s) did not appear within %u ms", name, type, TIMEOUT_MS);

  return find_service (browser, type, name);
}

static void
await_no_service (HearthBrowser *browser,
                  const char    *type,
                  const char    *name)
{
  Query query = { browser, type, name, 0, 0 };

  if (!await (lacks_service, &query, TIMEOUT_MS))
    g_error ("'%s' (%s) did not go within %u ms", name, type, TIMEOUT_MS);
}

static void
await_state (HearthBrowser      *browser,
             HearthBrowserState  state)
{
  Query query = { browser, NULL, NULL, 0, state };

  if (!await (has_state, &query, TIMEOUT_MS))
    g_error ("the browser's state stayed %d, not %d", hearth_browser_get_state (browser), state);
}

/* Records every items-changed and checks each against the model */
typedef struct
{
  guint position;
  guint removed;
  guint added;
} Change;

typedef struct
{
  GArray *changes;
  guint   n_items;   /* what the model held before the signal */
} Recorder;

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Recorder   *recorder)
{
  Change change = { position, removed, added };
  guint n = g_list_model_get_n_items (model);

  g_assert_cmpuint (position + removed, <=, recorder->n_items);
  g_assert_cmpuint (n, ==, recorder->n_items - removed + added);
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(HearthService) service = g_list_model_get_item (model, i);

      g_assert_true (HEARTH_IS_SERVICE (service));
    }

  recorder->n_items = n;
  g_array_append_val (recorder->changes, change);
}

static HearthBrowser *
browser_new (const char * const *types,
             Recorder           *recorder)
{
  HearthBrowser *browser = hearth_browser_new (types);

  if (recorder != NULL)
    {
      recorder->changes = g_array_new (FALSE, FALSE, sizeof (Change));
      recorder->n_items = 0;
      g_signal_connect (browser, "items-changed", G_CALLBACK (items_changed_cb), recorder);
    }

  return browser;
}

static void
recorder_clear (Recorder *recorder)
{
  g_clear_pointer (&recorder->changes, g_array_unref);
}

static void
count_cb (GObject    *object,
          GParamSpec *pspec,
          guint      *counter)
{
  (*counter)++;
}

static void
assert_txt (HearthService      *service,
            const char * const *expected)
{
  const char * const *txt = hearth_service_get_txt (service);

  if (!g_strv_equal (txt, expected))
    {
      g_autofree char *got = g_strjoinv (" ", (char **) txt);
      g_autofree char *want = g_strjoinv (" ", (char **) expected);

      g_error ("TXT of '%s': got [%s], expected [%s]",
               hearth_service_get_name (service), got, want);
    }
}

/* HearthService alone */

static void
test_service_data (void)
{
  const char *txt[] = { "gen=2", "ID=shellyplus1pm-a8032ab1c2d3", "flag", "empty=", "a=b=c", NULL };
  g_autoptr(HearthService) service = NULL;
  g_autoptr(HearthService) bare = NULL;
  g_autofree char *type = NULL;
  g_auto(GStrv) txt_prop = NULL;
  guint port = 0;

  service = hearth_service_new ("_shelly._tcp", "shellyplus1pm-a8032ab1c2d3",
                                "shellyplus1pm-a8032ab1c2d3.local", "192.0.2.7",
                                80, txt);
  g_assert_cmpstr (hearth_service_get_type_name (service), ==, "_shelly._tcp");
  g_assert_cmpstr (hearth_service_get_name (service), ==, "shellyplus1pm-a8032ab1c2d3");
  g_assert_cmpstr (hearth_service_get_host (service), ==, "shellyplus1pm-a8032ab1c2d3.local");
  g_assert_cmpstr (hearth_service_get_address (service), ==, "192.0.2.7");
  g_assert_cmpuint (hearth_service_get_port (service), ==, 80);
  g_assert_true (g_strv_equal (hearth_service_get_txt (service), txt));

  /* Keys are case-insensitive; "" for a bare key or an empty value */
  g_assert_cmpstr (hearth_service_lookup_txt (service, "gen"), ==, "2");
  g_assert_cmpstr (hearth_service_lookup_txt (service, "id"), ==, "shellyplus1pm-a8032ab1c2d3");
  g_assert_cmpstr (hearth_service_lookup_txt (service, "FLAG"), ==, "");
  g_assert_cmpstr (hearth_service_lookup_txt (service, "empty"), ==, "");
  g_assert_cmpstr (hearth_service_lookup_txt (service, "a"), ==, "b=c");
  g_assert_null (hearth_service_lookup_txt (service, "ge"));
  g_assert_null (hearth_service_lookup_txt (service, "gen=2"));
  g_assert_null (hearth_service_lookup_txt (service, "missing"));

  /* The same through properties, which are read-only after construction */
  g_object_get (service, "type", &type, "port", &port, "txt", &txt_prop, NULL);
  g_assert_cmpstr (type, ==, "_shelly._tcp");
  g_assert_cmpuint (port, ==, 80);
  g_assert_true (g_strv_equal ((const char * const *) txt_prop, txt));
  g_assert_true (g_object_class_find_property (G_OBJECT_GET_CLASS (service), "name")->flags & G_PARAM_CONSTRUCT_ONLY);

  /* No TXT at all: an empty list, never NULL */
  bare = hearth_service_new ("_elg._tcp", "Key Light", NULL, NULL, 9123, NULL);
  g_assert_nonnull (hearth_service_get_txt (bare));
  g_assert_null (hearth_service_get_txt (bare)[0]);
  g_assert_null (hearth_service_get_host (bare));
  g_assert_null (hearth_service_lookup_txt (bare, "id"));

  g_assert_finalize_object (g_steal_pointer (&service));
  g_assert_finalize_object (g_steal_pointer (&bare));
}

/* A browser that never started */

static void
test_browser_unstarted (void)
{
  const char *types[] = { "_wled._tcp", "_http._tcp", "_wled._tcp", NULL };
  g_autoptr(HearthBrowser) browser = hearth_browser_new (types);
  g_auto(GStrv) browsed = NULL;
  const char *unique[] = { "_wled._tcp", "_http._tcp", NULL };

  g_assert_cmpint (hearth_browser_get_state (browser), ==, HEARTH_BROWSER_STATE_STARTING);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (browser)) == HEARTH_TYPE_SERVICE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (browser)), ==, 0);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (browser), 0));

  /* One browser per type, whoever asked for it */
  g_object_get (browser, "service-types", &browsed, NULL);
  g_assert_true (g_strv_equal ((const char * const *) browsed, unique));

  g_assert_finalize_object (g_steal_pointer (&browser));
}

/* Publish, resolve, remove */

static void
test_browser_publish (void)
{
  const char *types[] = { "_wled._tcp", NULL };
  const char *txt[] = { "mac=aabbccddeeff", "ver=0.15.0", "flag", NULL };
  g_autoptr(HearthBrowser) browser = NULL;
  g_autoptr(HearthService) service = NULL;
  g_autoptr(GSubprocess) publisher = NULL;
  g_autoptr(HearthService) item = NULL;
  Recorder recorder = { 0 };
  Change *change;
  guint n_notify = 0;

  daemon_start ();

  browser = browser_new (types, &recorder);
  g_signal_connect (browser, "notify::state", G_CALLBACK (count_cb), &n_notify);
  hearth_browser_start (browser);
  await_state (browser, HEARTH_BROWSER_STATE_RUNNING);
  g_assert_cmpuint (n_notify, >=, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (browser)), ==, 0);

  publisher = publish ("Kitchen Light", "_wled._tcp", 8080,
                       "mac=aabbccddeeff", "ver=0.15.0", "flag", NULL);
  service = await_service (browser, "_wled._tcp", "Kitchen Light");

  g_assert_cmpstr (hearth_service_get_type_name (service), ==, "_wled._tcp");
  g_assert_cmpstr (hearth_service_get_name (service), ==, "Kitchen Light");
  g_assert_cmpstr (hearth_service_get_address (service), ==, sandbox_address);
  g_assert_cmpstr (hearth_service_get_host (service), ==, "hearth-sandbox.local");
  g_assert_cmpuint (hearth_service_get_port (service), ==, 8080);
  assert_txt (service, txt);
  g_assert_cmpstr (hearth_service_lookup_txt (service, "MAC"), ==, "aabbccddeeff");

  /* Announced once (on v0, over IPv4): one item, added in one signal */
  spin (500);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (browser)), ==, 1);
  g_assert_cmpuint (recorder.changes->len, ==, 1);
  change = &g_array_index (recorder.changes, Change, 0);
  g_assert_cmpuint (change->position, ==, 0);
  g_assert_cmpuint (change->removed, ==, 0);
  g_assert_cmpuint (change->added, ==, 1);

  /* get_item hands out a new reference each time, of the same object */
  item = g_list_model_get_item (G_LIST_MODEL (browser), 0);
  g_assert_true (item == service);
  g_assert_cmpuint (G_OBJECT (item)->ref_count, >=, 3);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (browser), 1));

  /* The device goes away: so does the item */
  unpublish (publisher);
  await_no_service (browser, "_wled._tcp", "Kitchen Light");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (browser)), ==, 0);
  g_assert_cmpuint (recorder.changes->len, ==, 2);
  change = &g_array_index (recorder.changes, Change, 1);
  g_assert_cmpuint (change->position, ==, 0);
  g_assert_cmpuint (change->removed, ==, 1);
  g_assert_cmpuint (change->added, ==, 0);

  /* The model dropped its reference */
  g_clear_object (&item);
  g_assert_finalize_object (g_steal_pointer (&service));

  g_assert_finalize_object (g_steal_pointer (&browser));
  recorder_clear (&recorder);
}

/* Several types at once, one name under two types, a type not asked for */

static void
test_browser_several_types (void)
{
  const char *types[] = { "_shelly._tcp", "_wled._tcp", "_elg._tcp", "_http._tcp", NULL };
  const char *shelly_txt[] = { "gen=2", "app=Plus1PM", "ver=1.1.0", NULL };
  const char *http_txt[] = { "path=/", NULL };
  const char *elgato_txt[] = { "mf=Elgato", "id=3C:6A:9D:00:00:01", "md=Elgato Key Light 20GAK9901", "pv=1.0", "dt=53", NULL };
  g_autoptr(HearthBrowser) browser = NULL;
  g_autoptr(GPtrArray) publishers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(HearthService) shelly = NULL;
  g_autoptr(HearthService) shelly_http = NULL;
  g_autoptr(HearthService) wled = NULL;
  g_autoptr(HearthService) elgato = NULL;
  Recorder recorder = { 0 };
  Query query = { 0 };

  daemon_start ();

  browser = browser_new (types, &recorder);
  hearth_browser_start (browser);
  await_state (browser, HEARTH_BROWSER_STATE_RUNNING);

  g_ptr_array_add (publishers, publish ("shellyplus1pm-a8032ab1c2d3", "_shelly._tcp", 8001,
                                        "gen=2", "app=Plus1PM", "ver=1.1.0", NULL));
  g_ptr_array_add (publishers, publish ("shellyplus1pm-a8032ab1c2d3", "_http._tcp", 8001,
                                        "path=/", NULL));
  g_ptr_array_add (publishers, publish ("wled-kitchen", "_wled._tcp", 8002,
                                        "mac=aabbccddee01", NULL));
  g_ptr_array_add (publishers, publish ("Elgato Key Light 0001", "_elg._tcp", 9123,
                                        "mf=Elgato", "id=3C:6A:9D:00:00:01",
                                        "md=Elgato Key Light 20GAK9901", "pv=1.0", "dt=53", NULL));
  /* Not browsed: must not show up */
  g_ptr_array_add (publishers, publish ("Printer", "_ipp._tcp", 631, "rp=printers/p", NULL));

  shelly = await_service (browser, "_shelly._tcp", "shellyplus1pm-a8032ab1c2d3");
  shelly_http = await_service (browser, "_http._tcp", "shellyplus1pm-a8032ab1c2d3");
  wled = await_service (browser, "_wled._tcp", "wled-kitchen");
  elgato = await_service (browser, "_elg._tcp", "Elgato Key Light 0001");
  spin (1000);

  /* Same name, two types: two items */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (browser)), ==, 4);
  g_assert_true (shelly != shelly_http);

  assert_txt (shelly, shelly_txt);
  assert_txt (shelly_http, http_txt);
  assert_txt (elgato, elgato_txt);
  g_assert_cmpuint (hearth_service_get_port (shelly), ==, 8001);
  g_assert_cmpuint (hearth_service_get_port (shelly_http), ==, 8001);
  g_assert_cmpuint (hearth_service_get_port (wled), ==, 8002);
  g_assert_cmpuint (hearth_service_get_port (elgato), ==, 9123);
  g_assert_cmpstr (hearth_service_get_address (shelly), ==, sandbox_address);
  g_assert_cmpstr (hearth_service_get_address (wled), ==, sandbox_address);
  g_assert_cmpstr (hearth_service_get_address (elgato), ==, sandbox_address);
  g_assert_cmpstr (hearth_service_lookup_txt (wled, "mac"), ==, "aabbccddee01");

  /* Removing one type's record leaves the other */
  unpublish (g_ptr_array_index (publishers, 1));
  await_no_service (browser, "_http._tcp", "shellyplus1pm-a8032ab1c2d3");
  g_clear_object (&shelly);
  shelly = find_service (browser, "_shelly._tcp", "shellyplus1pm-a8032ab1c2d3");
  g_assert_nonnull (shelly);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (browser)), ==, 3);

  /* All gone */
  for (guint i = 0; i < publishers->len; i++)
    unpublish (g_ptr_array_index (publishers, i));
  query.browser = browser;
  query.n_items = 0;
  g_assert_true (await (has_n_items, &query, TIMEOUT_MS));

  g_assert_finalize_object (g_steal_pointer (&browser));
  recorder_clear (&recorder);
}

/* A record that changes in place: our own entry group */

typedef struct
{
  AvahiGLibPoll   *poll;
  AvahiClient     *client;
  AvahiEntryGroup *group;
  AvahiEntryGroupState group_state;
  AvahiClientState client_state;
} Publisher;

static void
publisher_client_cb (AvahiClient      *client,
                     AvahiClientState  state,
                     void             *user_data)
{
  Publisher *publisher = user_data;

  publisher->client_state = state;
}

static void
publisher_group_cb (AvahiEntryGroup      *group,
                    AvahiEntryGroupState  state,
                    void                 *user_data)
{
  Publisher *publisher = user_data;

  publisher->group_state = state;
}

static gboolean
publisher_client_running (gpointer data)
{
  Publisher *publisher = data;

  return publisher->client_state == AVAHI_CLIENT_S_RUNNING;
}

static gboolean
publisher_established (gpointer data)
{
  Publisher *publisher = data;

  return publisher->group_state == AVAHI_ENTRY_GROUP_ESTABLISHED;
}

/* Connects @publisher's own client to the daemon, waiting until it runs */
static void
publisher_start (Publisher *publisher)
{
  int error = 0;

  publisher->poll = avahi_glib_poll_new (NULL, G_PRIORITY_DEFAULT);
  publisher->client = avahi_client_new (avahi_glib_poll_get (publisher->poll), 0,
                                        publisher_client_cb, publisher, &error);
  g_assert_nonnull (publisher->client);
  publisher->client_state = avahi_client_get_state (publisher->client);
  g_assert_true (await (publisher_client_running, publisher, TIMEOUT_MS));
}

static void
test_browser_replace (void)
{
  const char *types[] = { "_wled._tcp", NULL };
  const char *txt_after[] = { "mac=aabbccddee02", "ver=0.15.1", NULL };
  g_autoptr(HearthBrowser) browser = NULL;
  g_autoptr(HearthService) before = NULL;
  g_autoptr(HearthService) after = NULL;
  Publisher publisher = { 0 };
  Recorder recorder = { 0 };
  Change *change;
  int ret;

  daemon_start ();

  publisher_start (&publisher);
  publisher.group = avahi_entry_group_new (publisher.client, publisher_group_cb, &publisher);
  g_assert_nonnull (publisher.group);
  ret = avahi_entry_group_add_service (publisher.group, AVAHI_IF_UNSPEC, AVAHI_PROTO_UNSPEC, 0,
                                       "Porch", "_wled._tcp", NULL, NULL, 8090,
                                       "mac=aabbccddee02", "ver=0.14.0", NULL);
  g_assert_cmpint (ret, ==, AVAHI_OK);
  g_assert_cmpint (avahi_entry_group_commit (publisher.group), ==, AVAHI_OK);
  g_assert_true (await (publisher_established, &publisher, TIMEOUT_MS));

  browser = browser_new (types, &recorder);
  hearth_browser_start (browser);
  before = await_service (browser, "_wled._tcp", "Porch");
  g_assert_cmpstr (hearth_service_lookup_txt (before, "ver"), ==, "0.14.0");
  spin (300);
  g_assert_cmpuint (recorder.changes->len, ==, 1);

  /* Resolved again, the same: nothing changes */
  hearth_browser_resolve_again (browser, before);
  spin (500);
  g_assert_cmpuint (recorder.changes->len, ==, 1);

  /* The firmware was updated: same instance, other TXT. No resolver is
   * kept open: it is seen when resolved again (asked by HearthHome, when
   * the device stops answering as it was) */
  ret = avahi_entry_group_update_service_txt (publisher.group, AVAHI_IF_UNSPEC, AVAHI_PROTO_UNSPEC, 0,
                                              "Porch", "_wled._tcp", NULL,
                                              "mac=aabbccddee02", "ver=0.15.1", NULL);
  g_assert_cmpint (ret, ==, AVAHI_OK);
  spin (300);
  hearth_browser_resolve_again (browser, before);

  for (guint i = 0; i < TIMEOUT_MS / 100; i++)
    {
      g_clear_object (&after);
      after = find_service (browser, "_wled._tcp", "Porch");
      if (after != NULL && after != before)
        break;
      spin (100);
    }
  g_assert_nonnull (after);
  g_assert_true (after != before);
  assert_txt (after, txt_after);
  g_assert_cmpuint (hearth_service_get_port (after), ==, 8090);
  g_assert_cmpstr (hearth_service_get_address (after), ==, sandbox_address);

  /* Replaced in one go: removed 1 and added 1 at the same place */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (browser)), ==, 1);
  g_assert_cmpuint (recorder.changes->len, ==, 2);
  change = &g_array_index (recorder.changes, Change, 1);
  g_assert_cmpuint (change->position, ==, 0);
  g_assert_cmpuint (change->removed, ==, 1);
  g_assert_cmpuint (change->added, ==, 1);
  g_assert_finalize_object (g_steal_pointer (&before));

  /* Withdrawn */
  avahi_entry_group_reset (publisher.group);
  await_no_service (browser, "_wled._tcp", "Porch");

  avahi_entry_group_free (publisher.group);
  avahi_client_free (publisher.client);
  avahi_glib_poll_free (publisher.poll);

  g_clear_object (&after);
  g_assert_finalize_object (g_steal_pointer (&browser));
  recorder_clear (&recorder);
}

/* A device moves: it goes from one host, address and port to another, over
 * and over. Announced again at once under the same name, Avahi's browser
 * says nothing: HearthHome asks to resolve it again when the device stops
 * answering (a long-lived resolver per service saw the new host, but kept
 * the old address for 20 s and more). Withdrawn for a while first, it is
 * found again. Either way the browser must hand out the new address within
 * a few seconds each time. */

#define MOVE_LIMIT_MS 5000

typedef struct
{
  HearthBrowser *browser;
  const char    *address;
  guint16        port;
} Where;

static gboolean
service_is_at (gpointer data)
{
  Where *where = data;
  g_autoptr(HearthService) service = find_service (where->browser, "_wled._tcp", "Moving");

  return service != NULL &&
         g_strcmp0 (hearth_service_get_address (service), where->address) == 0 &&
         hearth_service_get_port (service) == where->port;
}

static void
publisher_announce (Publisher  *publisher,
                    const char *host,
                    const char *address,
                    guint16     port)
{
  AvahiAddress avahi_address;
  int ret;

  if (publisher->group != NULL)
    avahi_entry_group_free (publisher->group);
  publisher->group_state = AVAHI_ENTRY_GROUP_UNCOMMITED;
  publisher->group = avahi_entry_group_new (publisher->client, publisher_group_cb, publisher);
  g_assert_nonnull (publisher->group);

  if (host != NULL)
    {
      g_assert_nonnull (avahi_address_parse (address, AVAHI_PROTO_INET, &avahi_address));
      ret = avahi_entry_group_add_address (publisher->group, AVAHI_IF_UNSPEC, AVAHI_PROTO_INET,
                                           AVAHI_PUBLISH_NO_REVERSE, host, &avahi_address);
      g_assert_cmpint (ret, ==, AVAHI_OK);
    }
  ret = avahi_entry_group_add_service (publisher->group, AVAHI_IF_UNSPEC, AVAHI_PROTO_INET, 0,
                                       "Moving", "_wled._tcp", NULL, host, port,
                                       "mac=aabbccddee07", NULL);
  g_assert_cmpint (ret, ==, AVAHI_OK);
  g_assert_cmpint (avahi_entry_group_commit (publisher->group), ==, AVAHI_OK);
  g_assert_true (await (publisher_established, publisher, TIMEOUT_MS));
}

static void
test_browser_move (void)
{
  const char *types[] = { "_wled._tcp", NULL };
  g_autoptr(HearthBrowser) browser = NULL;
  g_autoptr(GString) times = g_string_new (NULL);
  Publisher publisher = { 0 };
  gint64 worst = 0;

  daemon_start ();

  publisher_start (&publisher);

  browser = hearth_browser_new (types);
  hearth_browser_start (browser);
  publisher_announce (&publisher, NULL, NULL, 8400);
  {
    Where where = { browser, sandbox_address, 8400 };

    g_assert_true (await (service_is_at, &where, TIMEOUT_MS));
  }

  for (guint i = 1; i <= 5; i++)
    {
      /* Away to another host, address and port, then back home */
      g_autofree char *host = g_strdup_printf ("moved-%u.local", i);
      Where away = { browser, "192.0.2.2", 8400 + i };
      Where home = { browser, sandbox_address, 8410 + i };
      Where *steps[] = { &away, &home };

      for (guint s = 0; s < G_N_ELEMENTS (steps); s++)
        {
          gint64 start;
          gint64 took;

          if (s == 1)
            {
              /* Away for a while: withdrawn, then announced again */
              avahi_entry_group_free (g_steal_pointer (&publisher.group));
              await_no_service (browser, "_wled._tcp", "Moving");
            }

          start = g_get_monotonic_time ();
          publisher_announce (&publisher, s == 0 ? host : NULL, s == 0 ? "192.0.2.2" : NULL,
                              steps[s]->port);
          if (s == 0)
            {
              /* At once elsewhere: its device stops answering; asked again
               * (unless Avahi saw it go this time: then it is found anew) */
              g_autoptr(HearthService) service = find_service (browser, "_wled._tcp", "Moving");

              if (service != NULL)
                hearth_browser_resolve_again (browser, service);
            }
          await (service_is_at, steps[s], 4 * MOVE_LIMIT_MS);
          took = (g_get_monotonic_time () - start) / 1000;
          g_string_append_printf (times, " %" G_GINT64_FORMAT, took);
          worst = MAX (worst, took);
          if (!service_is_at (steps[s]))
            {
              g_autoptr(HearthService) service = find_service (browser, "_wled._tcp", "Moving");

              g_error ("move %u: still at %s:%u after %u ms, not %s:%u", i,
                       service != NULL ? hearth_service_get_address (service) : "(nowhere)",
                       service != NULL ? hearth_service_get_port (service) : 0,
                       4 * MOVE_LIMIT_MS, steps[s]->address, steps[s]->port);
            }
        }
    }

  g_test_message ("time to take the new address (ms):%s", times->str);
  g_printerr ("# time to take the new address (ms):%s\n", times->str);
  g_assert_cmpint (worst, <, MOVE_LIMIT_MS);

  avahi_entry_group_free (publisher.group);
  avahi_client_free (publisher.client);
  avahi_glib_poll_free (publisher.poll);
  await_no_service (browser, "_wled._tcp", "Moving");
  g_assert_finalize_object (g_steal_pointer (&browser));
}

/* More services than Avahi allows objects to a client (1,024): one
 * resolver open per service failed past ~1,017 with "Too many objects".
 * Resolvers are freed once done, and only so many are open at once. */

#define MANY_SERVICES 1100
#define ENTRIES_PER_GROUP 32   /* Avahi's limit per entry group */

/* Announces @n_lights Elgato lights ("Light 0000"…, ports from 10000) in
 * groups of ENTRIES_PER_GROUP, added to @groups */
static void
publish_lights (Publisher *publisher,
                guint      n_lights,
                GPtrArray *groups)
{
  for (guint i = 0; i < n_lights; i++)
    {
      g_autofree char *name = g_strdup_printf ("Light %04u", i);
      g_autofree char *id = g_strdup_printf ("id=3C:6A:9D:00:%02X:%02X", i / 256, i % 256);
      AvahiEntryGroup *group;
      int ret;

      if (i % ENTRIES_PER_GROUP == 0)
        {
          group = avahi_entry_group_new (publisher->client, NULL, NULL);
          g_assert_nonnull (group);
          g_ptr_array_add (groups, group);
        }
      group = g_ptr_array_index (groups, groups->len - 1);
      ret = avahi_entry_group_add_service (group, AVAHI_IF_UNSPEC, AVAHI_PROTO_INET, 0,
                                           name, "_elg._tcp", NULL, NULL, 10000 + i, id, NULL);
      g_assert_cmpint (ret, ==, AVAHI_OK);
      if (i % ENTRIES_PER_GROUP == ENTRIES_PER_GROUP - 1 || i == n_lights - 1)
        g_assert_cmpint (avahi_entry_group_commit (group), ==, AVAHI_OK);
    }
}

static void
test_browser_many (void)
{
  const char *types[] = { "_elg._tcp", NULL };
  g_autoptr(HearthBrowser) browser = NULL;
  g_autoptr(GPtrArray) groups = g_ptr_array_new ();
  Publisher publisher = { 0 };
  Query query = { 0 };
  gint64 start;

  daemon_start ();

  publisher_start (&publisher);
  publish_lights (&publisher, MANY_SERVICES, groups);

  start = g_get_monotonic_time ();
  browser = hearth_browser_new (types);
  hearth_browser_start (browser);
  query.browser = browser;
  query.n_items = MANY_SERVICES;
  if (!await (has_n_items, &query, 60000))
    {
      g_auto(GStrv) unresolved = hearth_browser_dup_unresolved (browser);

      g_error ("%u of %u services resolved within 60 s; %u not (%s, …)",
               g_list_model_get_n_items (G_LIST_MODEL (browser)), MANY_SERVICES,
               g_strv_length (unresolved), unresolved[0] != NULL ? unresolved[0] : "none");
    }
  g_printerr ("# %u services resolved in %" G_GINT64_FORMAT " ms\n", MANY_SERVICES,
              (g_get_monotonic_time () - start) / 1000);
  g_assert_cmpuint (hearth_browser_get_n_unresolved (browser), ==, 0);

  for (guint i = 0; i < groups->len; i++)
    avahi_entry_group_free (g_ptr_array_index (groups, i));
  avahi_client_free (publisher.client);
  avahi_glib_poll_free (publisher.poll);
  query.n_items = 0;
  g_assert_true (await (has_n_items, &query, TIMEOUT_MS));
  g_assert_finalize_object (g_steal_pointer (&browser));
}

/* Addresses: IPv4 first; a host with only an IPv6 link-local address is
 * still reachable, with the interface it was seen on as zone */

static GSubprocess *
publish_address (const char *host,
                 const char *address)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                              G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                              &error,
                              "avahi-publish", "--address", "--no-reverse", host, address, NULL);
  g_assert_no_error (error);

  return g_steal_pointer (&process);
}

static void
test_browser_addresses (void)
{
  const char *types[] = { "_wled._tcp", NULL };
  g_autoptr(HearthBrowser) browser = NULL;
  g_autoptr(GSubprocess) address = NULL;
  g_autoptr(GSubprocess) v6_only = NULL;
  g_autoptr(GSubprocess) dual = NULL;
  g_autoptr(HearthService) service = NULL;

  daemon_start ();

  browser = hearth_browser_new (types);
  hearth_browser_start (browser);
  await_state (browser, HEARTH_BROWSER_STATE_RUNNING);

  /* hearth-sandbox.local has 192.0.2.1 and an fe80:: address on v0 */
  dual = publish ("Dual Stack", "_wled._tcp", 8301, NULL);
  service = await_service (browser, "_wled._tcp", "Dual Stack");
  g_assert_cmpstr (hearth_service_get_address (service), ==, sandbox_address);
  g_clear_object (&service);

  /* Only fe80::1234: resolving for IPv4 times out (5 s), then any address */
  address = publish_address ("v6only.local", "fe80::1234");
  v6_only = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                              G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                              NULL,
                              "avahi-publish", "--service", "--host=v6only.local",
                              "V6 Only", "_wled._tcp", "8302", "mac=000000000302", NULL);
  g_assert_nonnull (v6_only);
  service = await_service (browser, "_wled._tcp", "V6 Only");
  g_assert_cmpstr (hearth_service_get_host (service), ==, "v6only.local");
  g_assert_cmpstr (hearth_service_get_address (service), ==, "fe80::1234%v0");
  g_assert_cmpuint (hearth_service_get_port (service), ==, 8302);
  g_assert_cmpstr (hearth_service_lookup_txt (service, "mac"), ==, "000000000302");
  g_clear_object (&service);

  unpublish (v6_only);
  unpublish (address);
  unpublish (dual);
  await_no_service (browser, "_wled._tcp", "V6 Only");
  await_no_service (browser, "_wled._tcp", "Dual Stack");
  g_assert_finalize_object (g_steal_pointer (&browser));
}

/* No daemon yet: waited for, then found */

static void
test_browser_late_daemon (void)
{
  const char *types[] = { "_elg._tcp", NULL };
  g_autoptr(HearthBrowser) browser = NULL;
  g_autoptr(GSubprocess) publisher = NULL;
  g_autoptr(HearthService) service = NULL;
  guint n_notify = 0;

  /* Under `hearth-sandbox --no-avahi`, none ever ran; otherwise stop it */
  daemon_stop ();

  browser = hearth_browser_new (types);
  g_signal_connect (browser, "notify::state", G_CALLBACK (count_cb), &n_notify);
  hearth_browser_start (browser);
  await_state (browser, HEARTH_BROWSER_STATE_NO_DAEMON);
  g_assert_cmpuint (n_notify, ==, 1);

  /* Waiting is not failing */
  spin (1500);
  g_assert_cmpint (hearth_browser_get_state (browser), ==, HEARTH_BROWSER_STATE_NO_DAEMON);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (browser)), ==, 0);

  daemon_start ();
  await_state (browser, HEARTH_BROWSER_STATE_RUNNING);

  publisher = publish ("Elgato Key Light 0002", "_elg._tcp", 9124, "id=3C:6A:9D:00:00:02", NULL);
  service = await_service (browser, "_elg._tcp", "Elgato Key Light 0002");
  g_assert_cmpstr (hearth_service_get_address (service), ==, sandbox_address);
  g_assert_cmpuint (hearth_service_get_port (service), ==, 9124);
  g_assert_cmpstr (hearth_service_lookup_txt (service, "id"), ==, "3C:6A:9D:00:00:02");

  unpublish (publisher);
  await_no_service (browser, "_elg._tcp", "Elgato Key Light 0002");
  g_clear_object (&service);
  g_assert_finalize_object (g_steal_pointer (&browser));
}

/* avahi-daemon refuses to browse for a while (too busy): the types it
 * refused are told, browsed again later, and their services found */
static void
test_browser_browse_again (void)
{
  const char *types[] = { "_elg._tcp", "_wled._tcp", NULL };
  g_autoptr(HearthBrowser) browser = NULL;
  g_autoptr(HearthService) service = NULL;
  g_autoptr(GSubprocess) light = NULL;
  g_auto(GStrv) unbrowsed = NULL;

  daemon_start ();
  light = publish ("Elgato Key Light 0042", "_elg._tcp", 9123, NULL);

  bus_refuse_browsers (TRUE);
  browser = browser_new (types, NULL);
  hearth_browser_start (browser);
  await_state (browser, HEARTH_BROWSER_STATE_FAILED);
  g_assert_true (hearth_browser_get_settled (browser));

  /* Still refused when tried again (after 1 s) */
  spin (1500);
  unbrowsed = hearth_browser_dup_unbrowsed (browser);
  g_assert_cmpuint (g_strv_length (unbrowsed), ==, 2);
  g_assert_cmpstr (unbrowsed[0], ==, "could not browse _elg._tcp: Access denied");
  g_assert_cmpstr (unbrowsed[1], ==, "could not browse _wled._tcp: Access denied");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (browser)), ==, 0);
  g_clear_pointer (&unbrowsed, g_strfreev);

  bus_refuse_browsers (FALSE);
  service = await_service (browser, "_elg._tcp", "Elgato Key Light 0042");
  g_assert_cmpuint (hearth_service_get_port (service), ==, 9123);
  g_assert_cmpint (hearth_browser_get_state (browser), ==, HEARTH_BROWSER_STATE_RUNNING);
  unbrowsed = hearth_browser_dup_unbrowsed (browser);
  g_assert_cmpuint (g_strv_length (unbrowsed), ==, 0);

  unpublish (light);
  g_assert_finalize_object (g_steal_pointer (&browser));
}

/* The daemon restarts: items go with it, and come back with it */

/* A daemon that allows a client fewer objects than the resolvers Hearth
 * opens at once (the browsers count too): the window shrinks to what it
 * allows, and no resolution fails for "Too many objects" (each would wait
 * a second or more to be tried again). */

#define FEW_OBJECTS       20
#define FEW_OBJECTS_ITEMS 60

typedef struct
{
  Query  query;
  guint  n_failed;   /* polls that saw a failed resolution */
} FewObjects;

static gboolean
resolved_all_or_failed (gpointer data)
{
  FewObjects *few = data;
  g_auto(GStrv) unresolved = hearth_browser_dup_unresolved (few->query.browser);

  for (guint i = 0; unresolved[i] != NULL; i++)
    {
      if (strstr (unresolved[i], "failed") != NULL)
        {
          g_test_message ("%s", unresolved[i]);
          few->n_failed++;
          break;
        }
    }

  return few->n_failed > 0 || has_n_items (&few->query);
}

static void
test_browser_few_objects (void)
{
  const char *types[] = { "_elg._tcp", NULL };
  g_autofree char *conf = NULL;
  g_autofree char *few_conf = NULL;
  g_autofree char *few_path = g_build_filename (g_getenv ("HEARTH_SANDBOX_DIR"),
                                                "avahi-few-objects.conf", NULL);
  const char *argv[] = {
    "avahi-daemon", "--no-drop-root", "--no-chroot", "--no-rlimits",
    "--daemonize", "-f", few_path, NULL
  };
  g_autoptr(HearthBrowser) browser = NULL;
  g_autoptr(GPtrArray) groups = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  Publisher publisher = { 0 };
  FewObjects few = { { 0 } };

  /* The sandbox's configuration, with few objects per client */
  g_file_get_contents (avahi_conf, &conf, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (conf, "[server]\n"));
  few_conf = g_strdup_printf ("[server]\nobjects-per-client-max=%u\n%s", FEW_OBJECTS,
                              strstr (conf, "[server]\n") + strlen ("[server]\n"));
  g_file_set_contents (few_path, few_conf, -1, &error);
  g_assert_no_error (error);

  daemon_stop ();
  g_assert_true (run_quietly (argv));
  g_assert_true (await (daemon_is_running, NULL, TIMEOUT_MS));

  publisher_start (&publisher);
  publish_lights (&publisher, FEW_OBJECTS_ITEMS, groups);

  browser = hearth_browser_new (types);
  hearth_browser_start (browser);
  few.query.browser = browser;
  few.query.n_items = FEW_OBJECTS_ITEMS;
  g_assert_true (await (resolved_all_or_failed, &few, 60000));
  g_assert_cmpuint (few.n_failed, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (browser)), ==, FEW_OBJECTS_ITEMS);
  g_assert_cmpuint (hearth_browser_get_n_unresolved (browser), ==, 0);

  g_assert_finalize_object (g_steal_pointer (&browser));
  for (guint i = 0; i < groups->len; i++)
    avahi_entry_group_free (g_ptr_array_index (groups, i));
  avahi_client_free (publisher.client);
  avahi_glib_poll_free (publisher.poll);

  /* The sandbox's own daemon again, for the tests after this one */
  daemon_stop ();
  daemon_start ();
}

static void
test_browser_restart (void)
{
  const char *types[] = { "_shelly._tcp", "_wled._tcp", NULL };
  g_autoptr(HearthBrowser) browser = NULL;
  g_autoptr(GSubprocess) shelly = NULL;
  g_autoptr(GSubprocess) wled = NULL;
  g_autoptr(HearthService) service = NULL;
  Recorder recorder = { 0 };
  Query query = { 0 };
  Change *change;

  daemon_start ();

  browser = browser_new (types, &recorder);
  hearth_browser_start (browser);
  await_state (browser, HEARTH_BROWSER_STATE_RUNNING);
  shelly = publish ("shellyplus2pm-0001", "_shelly._tcp", 8101, "gen=2", NULL);
  wled = publish ("wled-0001", "_wled._tcp", 8102, NULL);
  g_clear_object (&service);
  service = await_service (browser, "_shelly._tcp", "shellyplus2pm-0001");
  g_clear_object (&service);
  service = await_service (browser, "_wled._tcp", "wled-0001");
  g_clear_object (&service);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (browser)), ==, 2);

  /* The daemon dies (avahi-publish exits with it) */
  daemon_crash ();
  await_state (browser, HEARTH_BROWSER_STATE_NO_DAEMON);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (browser)), ==, 0);
  /* Everything went in one signal */
  change = &g_array_index (recorder.changes, Change, recorder.changes->len - 1);
  g_assert_cmpuint (change->position, ==, 0);
  g_assert_cmpuint (change->removed, ==, 2);
  g_assert_cmpuint (change->added, ==, 0);
  unpublish (shelly);
  unpublish (wled);
  g_clear_object (&shelly);
  g_clear_object (&wled);

  spin (500);
  g_assert_cmpint (hearth_browser_get_state (browser), ==, HEARTH_BROWSER_STATE_NO_DAEMON);

  /* Back: browsing again */
  daemon_start ();
  await_state (browser, HEARTH_BROWSER_STATE_RUNNING);
  shelly = publish ("shellyplus2pm-0001", "_shelly._tcp", 8103, "gen=2", NULL);
  service = await_service (browser, "_shelly._tcp", "shellyplus2pm-0001");
  g_assert_cmpuint (hearth_service_get_port (service), ==, 8103);
  g_assert_cmpstr (hearth_service_get_address (service), ==, sandbox_address);

  unpublish (shelly);
  query.browser = browser;
  query.n_items = 0;
  g_assert_true (await (has_n_items, &query, TIMEOUT_MS));

  g_clear_object (&service);
  g_assert_finalize_object (g_steal_pointer (&browser));
  recorder_clear (&recorder);
}

/* Dropped while busy: nothing leaks, nothing fires afterwards (run it
 * under -Db_sanitize=address or valgrind to see the "nothing fires") */

static void
test_browser_dispose (void)
{
  const char *types[] = { "_wled._tcp", "_shelly._tcp", NULL };
  g_autoptr(GPtrArray) publishers = g_ptr_array_new_with_free_func (g_object_unref);

  daemon_start ();

  for (guint i = 0; i < 6; i++)
    {
      g_autofree char *name = g_strdup_printf ("wled-dispose-%u", i);

      g_ptr_array_add (publishers, publish (name, "_wled._tcp", 8200 + i, "mac=000000000000", NULL));
    }
  spin (1500);

  /* Dropped as soon as the items are being resolved, over and over */
  for (guint round = 0; round < 5; round++)
    {
      HearthBrowser *browser = hearth_browser_new (types);

      hearth_browser_start (browser);
      spin (round * 40);
      g_assert_finalize_object (browser);
    }

  /* A browser holding resolved items */
  {
    HearthBrowser *browser = hearth_browser_new (types);
    Query query = { browser, NULL, NULL, 6, 0 };

    hearth_browser_start (browser);
    g_assert_true (await (has_n_items, &query, TIMEOUT_MS));
    g_assert_finalize_object (browser);
  }

  /* Records still come and go: no callback may reach a freed browser */
  for (guint i = 0; i < publishers->len; i++)
    unpublish (g_ptr_array_index (publishers, i));
  spin (1000);

  /* A browser waiting for a daemon that never comes */
  daemon_stop ();
  {
    HearthBrowser *browser = hearth_browser_new (types);

    hearth_browser_start (browser);
    await_state (browser, HEARTH_BROWSER_STATE_NO_DAEMON);
    spin (200);
    g_assert_finalize_object (browser);
  }
  daemon_start ();
  spin (500);
}

/* libavahi-client blocks on a D-Bus round trip for each resolver made or
 * freed (long while the daemon is busy with hundreds of services): none
 * of its calls may be made on the thread that uses the browser, from
 * start to dispose, whatever it does in between */
static void
test_browser_thread (void)
{
  const char *types[] = { "_wled._tcp", "_elg._tcp", NULL };
  g_autoptr(GPtrArray) publishers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(HearthService) service = NULL;
  HearthBrowser *browser;
  Query query;

  daemon_start ();
  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *name = g_strdup_printf ("wled-thread-%u", i);

      g_ptr_array_add (publishers, publish (name, "_wled._tcp", 8300 + i, NULL));
    }

  browser = hearth_browser_new (types);
  hearth_browser_start (browser);
  query = (Query) { browser, NULL, NULL, 4, 0 };
  g_assert_true (await (has_n_items, &query, TIMEOUT_MS));

  /* Resolved again, and gone */
  service = await_service (browser, "_wled._tcp", "wled-thread-0");
  hearth_browser_resolve_again (browser, service);
  spin (300);
  unpublish (g_ptr_array_index (publishers, 3));
  await_no_service (browser, "_wled._tcp", "wled-thread-3");

  g_object_run_dispose (G_OBJECT (browser));
  g_assert_cmpuint (hearth_browser_get_n_caller_avahi_calls (browser), ==, 0);
  g_assert_finalize_object (browser);

  for (guint i = 0; i < 3; i++)
    unpublish (g_ptr_array_index (publishers, i));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  sandbox_address = g_getenv ("HEARTH_SANDBOX_ADDRESS");
  avahi_conf = g_getenv ("HEARTH_SANDBOX_AVAHI_CONF");

  g_test_add_func ("/browser/service/data", test_service_data);
  g_test_add_func ("/browser/unstarted", test_browser_unstarted);

  if (sandbox_address == NULL || avahi_conf == NULL)
    {
      g_test_message ("Not inside tests/hearth-sandbox: skipping the tests that need avahi-daemon");
      return g_test_run ();
    }

  /* Under --no-avahi this one comes first, while no daemon ever ran */
  g_test_add_func ("/browser/late-daemon", test_browser_late_daemon);
  g_test_add_func ("/browser/publish", test_browser_publish);
  g_test_add_func ("/browser/several-types", test_browser_several_types);
  g_test_add_func ("/browser/replace", test_browser_replace);
  g_test_add_func ("/browser/addresses", test_browser_addresses);
  g_test_add_func ("/browser/move", test_browser_move);
  g_test_add_func ("/browser/many", test_browser_many);
  g_test_add_func ("/browser/few-objects", test_browser_few_objects);
  g_test_add_func ("/browser/restart", test_browser_restart);
  g_test_add_func ("/browser/browse-again", test_browser_browse_again);
  g_test_add_func ("/browser/dispose", test_browser_dispose);
  g_test_add_func ("/browser/thread", test_browser_thread);

  return g_test_run ();
}
