/* hearthctl.c: the engine on the command line
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <locale.h>
#include <stdio.h>
#include <termios.h>
#include <unistd.h>

#include "hearth.h"
#include "hearth-drivers.h"
#include "hearthctl-output.h"

enum
{
  EXIT_OK = 0,
  EXIT_FAILURE_DEVICE = 1,
  EXIT_USAGE = 2,
};

/* How long to wait for a device that was found to say how it is */
#define STATE_TIMEOUT_MS 15000

/* Negative: not given (discovery looks 3 s, pairing waits the device's window) */
static double   opt_timeout = -1.0;
static gboolean opt_json;
static char    *opt_user;

static const GOptionEntry common_entries[] = {
  { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json, N_("Print JSON"), NULL },
  { "timeout", 't', 0, G_OPTION_ARG_DOUBLE, &opt_timeout,
    N_("Seconds to look for devices on the network (default 3); for pair, to wait for the button"),
    N_("SECONDS") },
  { "user", 'u', 0, G_OPTION_ARG_STRING, &opt_user,
    N_("The user name for login (default: the device’s usual one)"), N_("NAME") },
  { NULL }
};

static const char usage_text[] =
  N_("Commands:\n"
     "  discover [--timeout S] [--json]      List the devices found on the network\n"
     "  status TARGET [--json]               Show a device and all its controls\n"
     "  set TARGET [CONTROL] ACTION...       Change a control, then show the device\n"
     "  watch TARGET [--json]                Print each change as it happens\n"
     "  add HOST[:PORT] [--json]             Add the device at an address for good\n"
     "                                       (one that asks for a password: use login)\n"
     "  forget TARGET                        Forget a device added or known before,\n"
     "                                       and its password in the keyring\n"
     "  login TARGET [--user NAME]           Check a password (read from standard input)\n"
     "                                       and keep it in the keyring; TARGET may be\n"
     "                                       the HOST[:PORT] of a device that tells\n"
     "                                       nothing without it: it is added too\n"
     "  pair TARGET [--timeout S]            Pair with a device’s button; keep the token\n"
     "\n"
     "TARGET is a device id, a device name, or an address HOST[:PORT].\n"
     "Devices added by hand are kept in the same file as the app’s\n"
     "($HEARTH_STORE names another one), and found by discover and status.\n"
     "ACTION is on, off, toggle, brightness=N (0–100), temperature=K,\n"
     "color=#RRGGBB, position=N (0–100, 100 is open), open, close, stop\n"
     "or effect=NAME.");

/* Waiting on the main loop */

typedef gboolean (*Condition) (gpointer data);

static gboolean
on_deadline (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
on_tick (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Conditions may depend on the clock, not only on events: a tick wakes the
 * loop to look again even when nothing else happens. */
static gboolean
wait_for (Condition condition,
          gpointer  data,
          guint     timeout_ms)
{
  gboolean timed_out = FALSE;
  guint source = g_timeout_add (timeout_ms, on_deadline, &timed_out);
  guint tick = g_timeout_add (100, on_tick, NULL);

  while (!condition (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (!timed_out)
    g_source_remove (source);
  g_source_remove (tick);

  return condition (data);
}

static gboolean
result_is_set (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

static void
store_result (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static int
fail (GError *error)
{
  int code = EXIT_FAILURE_DEVICE;

  if (g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_INVALID) ||
      g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED))
    code = EXIT_USAGE;

  g_printerr ("hearthctl: %s\n", error->message);
  g_error_free (error);
  return code;
}

static int
usage_error (const char *message)
{
  g_printerr ("hearthctl: %s\n%s\n", message, _("Try “hearthctl --help”."));
  return EXIT_USAGE;
}

/* Finding devices */

/* Hosts added by hand still being asked */
static guint hosts_probing;
/* Known id → "HOST:PORT", where another device answered for it */
static GHashTable *others_at_kept_host;

typedef struct
{
  HearthHome *home;
  const char *target;
  gint64      until;
} Search;

/* avahi-daemon listed what it knows (or is missing): busy with hundreds
 * of devices being announced, it answers late */
static gboolean
browser_settled (HearthHome *home)
{
  HearthBrowser *browser = hearth_home_get_browser (home);

  return browser == NULL || hearth_browser_get_settled (browser);
}

/* Services found on the network but not resolved (yet) */
static guint
n_unresolved (HearthHome *home)
{
  HearthBrowser *browser = hearth_home_get_browser (home);

  return browser != NULL ? hearth_browser_get_n_unresolved (browser) : 0;
}

static gboolean
search_done (gpointer data)
{
  Search *search = data;

  if (search->target != NULL && hearth_home_lookup (search->home, search->target) != NULL)
    return TRUE;

  /* Past the time to look, wait only for devices still being identified
   * (between two tries, a host added by hand is not "busy" in the home),
   * for avahi-daemon to list what it knows, and for services found but not
   * resolved yet (hundreds of them take a while; each is identified once
   * resolved). */
  return g_get_monotonic_time () >= search->until && hearth_home_get_busy (search->home) == 0 &&
         hosts_probing == 0 && browser_settled (search->home) && n_unresolved (search->home) == 0;
}

static gboolean
browser_gave_up (HearthHome *home)
{
  HearthBrowser *browser = hearth_home_get_browser (home);

  return browser != NULL &&
         (hearth_browser_get_state (browser) == HEARTH_BROWSER_STATE_NO_DAEMON ||
          hearth_browser_get_state (browser) == HEARTH_BROWSER_STATE_FAILED);
}

/* The service types avahi-daemon could not browse, on stderr; returns how
 * many */
static guint
explain_unbrowsed (HearthHome *home)
{
  HearthBrowser *browser = hearth_home_get_browser (home);
  g_auto(GStrv) unbrowsed = NULL;

  if (browser == NULL)
    return 0;

  unbrowsed = hearth_browser_dup_unbrowsed (browser);
  for (guint i = 0; unbrowsed[i] != NULL; i++)
    g_printerr ("hearthctl: %s\n", unbrowsed[i]);

  return g_strv_length (unbrowsed);
}

/* Avahi is missing, or refused every service type (which says why) */
static void
explain_no_daemon (HearthHome *home)
{
  if (explain_unbrowsed (home) > 0)
    return;

  g_printerr ("hearthctl: %s\n",
              _("Avahi (the mDNS service) is not running, so devices cannot be discovered. "
                "Start avahi-daemon, or name a device by its address: hearthctl status 192.0.2.10"));
}

/* The same file as the app's, unless $HEARTH_STORE names another. Read
 * only, unless a command changes it. What is wrong with it (kept aside, of
 * a newer format) is said once, however often a command opens it. */
static HearthStore *
open_store (void)
{
  static gboolean told;
  g_autoptr(GError) error = NULL;
  HearthStore *store = hearth_store_new (NULL);

  if (!hearth_store_load (store, &error) && !told)
    {
      g_printerr ("hearthctl: %s\n", error->message);
      told = TRUE;
    }
  return store;
}

/* A device found by mDNS logs in with the user name kept for it, as in
 * the app (a login given on this run wins). The links start right after
 * their device is added, so this comes first. */
static void
on_home_items_changed (HearthHome *home,
                       guint       position,
                       guint       removed,
                       guint       added)
{
  static HearthStore *store;

  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(HearthDevice) device = g_list_model_get_item (G_LIST_MODEL (home), i);
      HearthLink *link = hearth_home_get_link (home, device);
      const char *user;

      if (link == NULL || hearth_link_get_username (link) != NULL || hearth_link_get_password (link) != NULL)
        continue;
      if (store == NULL)
        store = open_store ();   /* once */
      user = hearth_store_get_login_user (store, hearth_device_get_id (device));
      if (user != NULL)
        hearth_link_set_username (link, user);
    }
}

static gboolean
host_matches (const char *host,
              guint16     port,
              const char *wanted_host,
              guint16     wanted_port)
{
  return host != NULL && g_ascii_strcasecmp (host, wanted_host) == 0 &&
         (wanted_port == 0 || port == 0 || port == wanted_port);
}

/* Adding by address, with what earlier runs kept. A device that tells
 * nothing about itself without its password (a Tasmota or an ESPHome node
 * with a web password) is known to the store by the id it told after a
 * login, and the keyring keeps the password for that id: it is identified
 * with that login first (so a command does not wait for every family to
 * be probed without it), then without one. As in the app, the password
 * goes to the address where that device was last; a device found there
 * with another id is not taken for it. */

/* Whether the family can be identified with a login */
static gboolean
family_logs_in (HearthHome *home,
                const char *family)
{
  HearthDriver *driver = hearth_home_get_driver_for_family (home, family);

  return driver != NULL && hearth_driver_can_identify_with_login (driver);
}

typedef struct
{
  HearthHome  *home;
  HearthStore *store;   /* the user names of the logins kept */
  char        *host;
  guint16      port;
  GPtrArray   *ids;      /* known at that address, still to try */
  char        *id;       /* the one being tried */
  GError      *refused;  /* the device refused the password kept for it */
} AddKnown;

static void
add_known_free (AddKnown *data)
{
  g_object_unref (data->home);
  g_object_unref (data->store);
  g_free (data->host);
  g_ptr_array_unref (data->ids);
  g_free (data->id);
  g_clear_error (&data->refused);
  g_free (data);
}

static void
on_added_without_login (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AddKnown *data = g_task_get_task_data (task);
  HearthDevice *device;
  GError *error = NULL;

  device = hearth_home_add_address_finish (data->home, result, &error);
  if (device != NULL)
    g_task_return_pointer (task, device, g_object_unref);
  else if (g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_NEEDS_PASSWORD) && data->refused != NULL)
    {
      g_error_free (error);
      g_task_return_error (task, g_steal_pointer (&data->refused));
    }
  else
    g_task_return_error (task, error);
}

static void try_next_known (GTask *task);

static void
on_added_with_kept_login (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AddKnown *data = g_task_get_task_data (task);
  g_autoptr(HearthDevice) device = NULL;
  g_autoptr(GError) error = NULL;

  device = hearth_home_add_address_finish (data->home, result, &error);
  if (device != NULL && g_str_equal (hearth_device_get_id (device), data->id))
    {
      g_task_return_pointer (task, g_steal_pointer (&device), g_object_unref);
      return;
    }

  if (device != NULL || g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_WRONG_DEVICE))
    {
      if (others_at_kept_host == NULL)
        others_at_kept_host = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      g_hash_table_replace (others_at_kept_host, g_strdup (data->id),
                            g_strdup_printf ("%s:%u", data->host, data->port));
    }
  if (device != NULL)
    g_debug ("%s is %s now, no longer %s", data->host, hearth_device_get_id (device), data->id);
  else
    g_debug ("%s (%s) with the password kept for it: %s", data->host, data->id, error->message);

  if (g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PASSWORD) && data->refused == NULL)
    data->refused = g_error_new (HEARTH_ERROR, HEARTH_ERROR_BAD_PASSWORD,
                                 /* TRANSLATORS: %s is an address, HOST or HOST:PORT */
                                 _("The device at %s refused the password kept in the keyring for it"),
                                 data->host);

  try_next_known (g_steal_pointer (&task));
}

static void
on_kept_secret (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GTask *task = user_data;
  AddKnown *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  char *secret;

  secret = hearth_secrets_lookup_finish (result, &error);
  if (secret == NULL)
    {
      if (error != NULL)
        g_debug ("No keyring to ask for %s's password: %s", data->id, error->message);
      try_next_known (task);
      return;
    }

  /* With the user name it was logged in with (NULL: the family's usual one) */
  hearth_home_add_address_with_login_async (data->home, data->host, data->port,
                                            hearth_store_get_login_user (data->store, data->id),
                                            secret, NULL, on_added_with_kept_login, task);
  hearth_secret_free (secret);
}

static void
try_next_known (GTask *task)
{
  AddKnown *data = g_task_get_task_data (task);

  g_clear_pointer (&data->id, g_free);
  if (data->ids->len == 0)
    {
      hearth_home_add_address_async (data->home, data->host, data->port, NULL,
                                     on_added_without_login, task);
      return;
    }

  data->id = g_ptr_array_steal_index (data->ids, 0);
  hearth_secrets_lookup_async (data->id, NULL, on_kept_secret, task);
}

/* As hearth_home_add_address_async(); @store holds the devices known from
 * earlier runs. */
static void
add_address_async (HearthHome          *home,
                   HearthStore         *store,
                   const char          *host,
                   guint16              port,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  g_autoptr(GPtrArray) known = hearth_store_dup_known_devices (store);
  GTask *task = g_task_new (NULL, NULL, callback, user_data);
  AddKnown *data = g_new0 (AddKnown, 1);

  data->home = g_object_ref (home);
  data->store = g_object_ref (store);
  data->host = g_strdup (host);
  data->port = port;
  data->ids = g_ptr_array_new_with_free_func (g_free);
  g_task_set_task_data (task, data, (GDestroyNotify) add_known_free);

  for (guint i = 0; i < known->len; i++)
    {
      HearthDevice *device = g_ptr_array_index (known, i);

      if (host_matches (hearth_device_get_host (device), hearth_device_get_port (device), host, port) &&
          family_logs_in (home, hearth_device_get_family (device)))
        g_ptr_array_add (data->ids, g_strdup (hearth_device_get_id (device)));
    }

  try_next_known (task);
}

static HearthDevice *
add_address_finish (GAsyncResult  *result,
                    GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The same, waiting for it */
static HearthDevice *
add_address (HearthHome   *home,
             HearthStore  *store,
             const char   *host,
             guint16       port,
             GError      **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  add_address_async (home, store, host, port, store_result, &result);
  wait_for (result_is_set, &result, G_MAXINT);
  return add_address_finish (result, error);
}

static void
on_host_probed (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(HearthDevice) device = NULL;
  g_autoptr(GError) error = NULL;
  char *entry = user_data;

  device = add_address_finish (result, &error);
  if (device == NULL)
    g_debug ("%s (added by hand) does not answer: %s", entry, error->message);
  g_free (entry);
  hosts_probing--;
}

/* Devices added by hand are found where mDNS does not reach. */
static void
probe_hosts_by_hand (HearthHome *home)
{
  g_autoptr(HearthStore) store = open_store ();
  const char * const *hosts = hearth_store_get_hosts (store);

  for (guint i = 0; hosts[i] != NULL; i++)
    {
      g_autofree char *host = NULL;
      guint16 port;

      if (hearth_store_split_host (hosts[i], &host, &port))
        {
          hosts_probing++;
          add_address_async (home, store, host, port, on_host_probed, g_strdup (hosts[i]));
        }
    }
}

static void
discover (HearthHome *home,
          const char *target)
{
  Search search = { home, target, 0 };
  guint timeout_ms = (guint) (MAX (opt_timeout < 0 ? 3.0 : opt_timeout, 0.1) * 1000);

  search.until = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  probe_hosts_by_hand (home);
  hearth_home_start (home);
  /* Identification has its own deadline; allow for it, and for the
   * services still being resolved, after the search. */
  wait_for (search_done, &search, timeout_ms + 2 * 1000 * HEARTH_HTTP_DEFAULT_DEADLINE_SECONDS);
}

/* After discover(): what was found but could not be reached */
static void
explain_unreached (HearthHome *home)
{
  HearthBrowser *browser = hearth_home_get_browser (home);
  g_auto(GStrv) unresolved = NULL;
  guint n_busy = hearth_home_get_busy (home);
  guint n;

  if (browser == NULL)
    return;

  unresolved = hearth_browser_dup_unresolved (browser);
  n = g_strv_length (unresolved);
  if (n > 0)
    {
      g_printerr ("hearthctl: ");
      g_printerr (ngettext ("%u service found on the network could not be resolved to an address:",
                            "%u services found on the network could not be resolved to an address:",
                            n),
                  n);
      g_printerr ("\n");
      for (guint i = 0; i < n && i < 10; i++)
        g_printerr ("  %s\n", unresolved[i]);
      if (n > 10)
        g_printerr ("  …\n");
    }

  if (n_busy > 0)
    {
      g_printerr ("hearthctl: ");
      g_printerr (ngettext ("%u device found on the network did not answer in time",
                            "%u devices found on the network did not answer in time",
                            n_busy),
                  n_busy);
      g_printerr ("\n");
    }
}

static gboolean
parse_address (const char  *target,
               char       **host,
               guint16     *port,
               GError     **error)
{
  return hearth_host_parse (target, host, port, error);
}

static gboolean
looks_like_address (const char *target)
{
  const char *colon = strrchr (target, ':');

  if (g_hostname_is_ip_address (target) || target[0] == '[' || strchr (target, '.') != NULL ||
      g_str_equal (target, "localhost"))
    return TRUE;

  /* "name:80" */
  if (colon != NULL && colon[1] != '\0' && strspn (colon + 1, "0123456789") == strlen (colon + 1))
    return TRUE;

  return FALSE;
}

static gboolean
device_settled (gpointer data)
{
  return hearth_device_get_state (HEARTH_DEVICE (data)) != HEARTH_DEVICE_STATE_CONNECTING;
}

static gboolean
device_ready (HearthHome    *home,
              HearthDevice  *device,
              GError       **error)
{
  HearthLink *link = hearth_home_get_link (home, device);
  const char *reason;

  wait_for (device_settled, device, STATE_TIMEOUT_MS);

  switch (hearth_device_get_state (device))
    {
    case HEARTH_DEVICE_STATE_ONLINE:
      return TRUE;
    case HEARTH_DEVICE_STATE_NEEDS_PASSWORD:
      /* TRANSLATORS: %s is a device's name, then its id */
      g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_NEEDS_PASSWORD,
                   _("%s needs a password Hearth does not have: give it with “hearthctl login %s”"),
                   hearth_device_get_name (device), hearth_device_get_id (device));
      return FALSE;
    case HEARTH_DEVICE_STATE_NEEDS_PAIRING:
      g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_NEEDS_PAIRING,
                   _("%s must be paired first"), hearth_device_get_name (device));
      return FALSE;
    case HEARTH_DEVICE_STATE_WRONG_DEVICE:
      /* Why, when the link knows more than "another id" (another
       * certificate, another serial number) */
      reason = link != NULL ? hearth_link_get_wrong_device_reason (link) : NULL;
      if (reason != NULL)
        /* TRANSLATORS: an address, then a device's name and id, then the reason */
        g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_WRONG_DEVICE,
                     _("Another device answers at %s:%u, not %s (%s); nothing secret was sent to it (%s)"),
                     hearth_device_get_host (device), hearth_device_get_port (device),
                     hearth_device_get_name (device), hearth_device_get_id (device), reason);
      else
        /* TRANSLATORS: an address, then a device's name and id */
        g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_WRONG_DEVICE,
                     _("Another device answers at %s:%u, not %s (%s); nothing secret was sent to it"),
                     hearth_device_get_host (device), hearth_device_get_port (device),
                     hearth_device_get_name (device), hearth_device_get_id (device));
      return FALSE;
    case HEARTH_DEVICE_STATE_CONNECTING:
    case HEARTH_DEVICE_STATE_UNAVAILABLE:
    default:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                   _("%s (%s:%u) does not answer"),
                   hearth_device_get_name (device),
                   hearth_device_get_host (device),
                   hearth_device_get_port (device));
      return FALSE;
    }
}

/* The device known by the id @target was not found, and another device
 * answers where the store keeps it (it was identified there, without
 * anything secret): that is what to say, not "no device was found". */
static gboolean
other_at_kept_host (HearthHome  *home,
                    const char  *target,
                    GError     **error)
{
  g_autoptr(HearthStore) store = open_store ();
  g_autoptr(GPtrArray) known = hearth_store_dup_known_devices (store);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (home));

  for (guint i = 0; i < known->len; i++)
    {
      HearthDevice *kept = g_ptr_array_index (known, i);
      /* Asked there with the login kept for it: another device answered */
      gboolean other = others_at_kept_host != NULL &&
                       g_hash_table_contains (others_at_kept_host, target);

      if (!g_str_equal (hearth_device_get_id (kept), target) || hearth_device_get_host (kept) == NULL)
        continue;

      /* Or another device identified there without anything secret */
      for (guint j = 0; j < n && !other; j++)
        {
          g_autoptr(HearthDevice) there = g_list_model_get_item (G_LIST_MODEL (home), j);

          other = g_strcmp0 (hearth_device_get_id (there), target) != 0 &&
                  host_matches (hearth_device_get_host (there), hearth_device_get_port (there),
                                hearth_device_get_host (kept), hearth_device_get_port (kept));
        }

      if (other)
        {
          /* TRANSLATORS: an address, then a device's name and id */
          g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_WRONG_DEVICE,
                       _("Another device answers at %s:%u, not %s (%s); nothing secret was sent to it"),
                       hearth_device_get_host (kept), hearth_device_get_port (kept),
                       hearth_device_get_name (kept), hearth_device_get_id (kept));
          return TRUE;
        }
    }

  return FALSE;
}

/* The device, whatever it says about itself (a password, pairing) */
static HearthDevice *
find_device (HearthHome  *home,
             const char  *target,
             GError     **error)
{
  HearthDevice *device;

  /* Neither an id, nor a name, nor an address */
  if (!g_utf8_validate (target, -1, NULL))
    {
      g_autofree char *shown = g_utf8_make_valid (target, -1);

      g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_INVALID,
                   _("“%s” is not valid text: a device or host is written in UTF-8"), shown);
      return NULL;
    }

  if (looks_like_address (target))
    {
      g_autoptr(HearthStore) store = NULL;
      g_autofree char *host = NULL;
      guint16 port;

      if (!parse_address (target, &host, &port, error))
        return NULL;

      store = open_store ();
      device = add_address (home, store, host, port, error);
      if (device == NULL)
        return NULL;
      g_object_unref (device);
    }
  else
    {
      discover (home, target);
      device = hearth_home_lookup (home, target);
      if (device == NULL && other_at_kept_host (home, target, error))
        return NULL;
      if (device == NULL)
        {
          if (browser_gave_up (home))
            explain_no_daemon (home);
          else
            explain_unbrowsed (home);
          g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_NOT_FOUND,
                       _("No device with the id or name “%s” was found on the network"), target);
          return NULL;
        }
    }

  return device;
}

/* The device, online */
static HearthDevice *
find_target (HearthHome  *home,
             const char  *target,
             GError     **error)
{
  HearthDevice *device = find_device (home, target, error);

  if (device == NULL || !device_ready (home, device, error))
    return NULL;

  return device;
}

static void
print_device (HearthDevice *device)
{
  if (opt_json)
    {
      g_autoptr(JsonNode) node = hearthctl_device_to_json (device);
      g_autofree char *text = hearth_json_to_data (node, TRUE, NULL);

      g_print ("%s\n", text);
    }
  else
    {
      g_autofree char *text = hearthctl_describe_device (device);

      g_print ("%s", text);
    }
}

/* Commands */

static int
cmd_discover (HearthHome  *home,
              int          argc,
              char       **argv)
{
  g_autoptr(JsonArray) array = json_array_new ();
  GListModel *devices = G_LIST_MODEL (home);
  guint n_unbrowsed;
  guint n;

  if (argc != 1)
    return usage_error (_("“discover” takes no arguments"));

  discover (home, NULL);
  explain_unreached (home);
  n_unbrowsed = explain_unbrowsed (home);

  /* Give every device found the chance to say how it is. */
  n = g_list_model_get_n_items (devices);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HearthDevice) device = g_list_model_get_item (devices, i);

      wait_for (device_settled, device, STATE_TIMEOUT_MS);
    }

  if (n == 0 && browser_gave_up (home))
    {
      if (n_unbrowsed == 0)
        explain_no_daemon (home);
      return EXIT_FAILURE_DEVICE;
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HearthDevice) device = g_list_model_get_item (devices, i);

      if (opt_json)
        json_array_add_element (array, hearthctl_device_to_json (device));
      else
        g_print ("%-8s %-30s %-24s %s:%u%s\n",
                 hearth_device_get_family (device),
                 hearth_device_get_id (device),
                 hearth_device_get_name (device),
                 hearth_device_get_host (device),
                 hearth_device_get_port (device),
                 hearth_device_get_available (device) ? "" : _(" (not answering)"));
    }

  if (opt_json)
    {
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);
      g_autofree char *text = NULL;

      json_node_set_array (root, array);
      text = hearth_json_to_data (root, TRUE, NULL);
      g_print ("%s\n", text);
    }
  else if (n == 0)
    g_print ("%s\n", _("No devices found. Are they on this network, and switched on?"));

  return EXIT_OK;
}

static int
cmd_status (HearthHome  *home,
            int          argc,
            char       **argv)
{
  GError *error = NULL;
  HearthDevice *device;

  if (argc != 2)
    return usage_error (_("“status” takes one TARGET"));

  device = find_target (home, argv[1], &error);
  if (device == NULL)
    return fail (error);

  print_device (device);
  return EXIT_OK;
}

static HearthControl *
find_control (HearthDevice *device,
              const char   *name)
{
  GListModel *controls = hearth_device_get_controls (device);
  HearthControl *control = hearth_device_find_control (device, name);
  g_autofree char *folded = g_utf8_casefold (name, -1);

  if (control != NULL)
    return control;

  for (guint i = 0; i < g_list_model_get_n_items (controls); i++)
    {
      g_autoptr(HearthControl) candidate = g_list_model_get_item (controls, i);
      g_autofree char *candidate_name = g_utf8_casefold (hearth_control_get_name (candidate), -1);

      if (g_str_equal (candidate_name, folded))
        return candidate;
    }

  return NULL;
}

static HearthControl *
first_actionable_control (HearthDevice *device)
{
  GListModel *controls = hearth_device_get_controls (device);

  for (guint i = 0; i < g_list_model_get_n_items (controls); i++)
    {
      g_autoptr(HearthControl) control = g_list_model_get_item (controls, i);

      if (hearth_control_get_kind (control) != HEARTH_CONTROL_KIND_SENSOR)
        return control;
    }

  return NULL;
}

/* "effect=rainbow" finds "Rainbow" */
static void
match_effect_name (HearthChange  *change,
                   HearthControl *control)
{
  const char * const *effects = hearth_control_get_effects (control);
  g_autofree char *wanted = NULL;

  if (!(change->fields & HEARTH_CHANGE_EFFECT) || effects == NULL)
    return;

  wanted = g_utf8_casefold (change->effect, -1);
  for (guint i = 0; effects[i] != NULL; i++)
    {
      g_autofree char *candidate = g_utf8_casefold (effects[i], -1);

      if (g_str_equal (candidate, wanted))
        {
          g_free (change->effect);
          change->effect = g_strdup (effects[i]);
          return;
        }
    }
}

static int
cmd_set (HearthHome  *home,
         int          argc,
         char       **argv)
{
  g_autoptr(HearthChange) change = hearth_change_new ();
  g_autoptr(GAsyncResult) result = NULL;
  GError *error = NULL;
  HearthDevice *device;
  HearthControl *control = NULL;
  const char *control_name = NULL;
  int first_action = 2;

  if (argc < 3)
    return usage_error (_("“set” takes a TARGET and at least one ACTION"));

  /* The word after TARGET is a CONTROL when it is not an action. */
  {
    g_autoptr(HearthChange) probe = hearth_change_new ();

    /* "brightness=-5" is an action, however wrong its value: its
     * message is the one to show */
    if (strchr (argv[2], '=') == NULL && !hearth_change_parse_action (probe, argv[2], NULL))
      {
        control_name = argv[2];
        first_action = 3;
      }
  }

  if (first_action >= argc)
    return usage_error (_("“set” needs at least one ACTION after the control"));

  for (int i = first_action; i < argc; i++)
    {
      if (!hearth_change_parse_action (change, argv[i], &error))
        return fail (error);
    }

  device = find_target (home, argv[1], &error);
  if (device == NULL)
    return fail (error);

  if (control_name != NULL)
    {
      control = find_control (device, control_name);
      if (control == NULL)
        {
          g_printerr ("hearthctl: %s\n", _("No such control. The device has:"));
          print_device (device);
          return EXIT_USAGE;
        }
    }
  else
    {
      control = first_actionable_control (device);
      if (control == NULL)
        return fail (g_error_new (HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED,
                                  _("%s has nothing to switch: it only has sensors"),
                                  hearth_device_get_name (device)));
    }

  match_effect_name (change, control);

  hearth_link_apply_async (hearth_home_get_link (home, device),
                           hearth_control_get_id (control), change,
                           NULL, store_result, &result);
  wait_for (result_is_set, &result, G_MAXINT);
  if (!hearth_link_apply_finish (hearth_home_get_link (home, device), result, &error))
    return fail (error);

  print_device (device);
  return EXIT_OK;
}

/* add, forget */

/* How to give the password of the device at (or called) @target */
static void
explain_login (const char *target)
{
  g_autofree char *hint = NULL;

  /* TRANSLATORS: %s is what the person typed: an address (HOST or
   * HOST:PORT), a device id or a name */
  hint = g_strdup_printf (_("It asks for a password: give it with “hearthctl login %s” "
                            "(it is read from standard input)"), target);
  g_printerr ("hearthctl: %s\n", hint);
}

static int
cmd_add (HearthHome  *home,
         int          argc,
         char       **argv)
{
  g_autoptr(HearthStore) store = NULL;
  g_autoptr(HearthDevice) device = NULL;
  g_autoptr(GError) wait_error = NULL;
  g_autofree char *host = NULL;
  GError *error = NULL;
  guint16 port;

  if (argc != 2)
    return usage_error (_("“add” takes one HOST[:PORT]"));

  if (!parse_address (argv[1], &host, &port, &error))
    return fail (error);

  store = open_store ();

  device = add_address (home, store, host, port, &error);
  if (device == NULL)
    {
      /* Nothing to keep: without its password it did not even say what
       * it is (a Tasmota or an ESPHome node with a web password). */
      gboolean password = g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_NEEDS_PASSWORD) ||
                          g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PASSWORD);
      int status = fail (error);

      if (password)
        explain_login (argv[1]);
      return status;
    }

  /* It answered: kept for good, even when it cannot say more now (a
   * password, say); with its controls when it can. */
  if (!device_ready (home, device, &wait_error))
    {
      g_printerr ("hearthctl: %s\n", wait_error->message);
      if (g_error_matches (wait_error, HEARTH_ERROR, HEARTH_ERROR_NEEDS_PASSWORD))
        explain_login (argv[1]);
    }

  hearth_store_add_host (store, host, port);
  hearth_store_remember_device (store, device);
  if (!hearth_store_flush (store, &error))
    return fail (error);

  print_device (device);
  return EXIT_OK;
}

/* The keyring forgets the password or token kept for @id (none kept is
 * no error). Waited for: the process must not end before it is done. */
static gboolean
forget_secret (const char  *id,
               GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  hearth_secrets_clear_async (id, NULL, store_result, &result);
  wait_for (result_is_set, &result, G_MAXINT);
  return hearth_secrets_clear_finish (result, error);
}

/* Whether the keyring keeps a password or token for @id; FALSE with
 * @error set when there is no keyring to ask */
static gboolean
secret_kept (const char  *id,
             GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  char *secret;

  hearth_secrets_lookup_async (id, NULL, store_result, &result);
  wait_for (result_is_set, &result, G_MAXINT);
  secret = hearth_secrets_lookup_finish (result, error);
  if (secret == NULL)
    return FALSE;

  hearth_secret_free (secret);
  return TRUE;
}

static int
cmd_forget (HearthHome  *home,
            int          argc,
            char       **argv)
{
  g_autoptr(HearthStore) store = NULL;
  g_autoptr(GPtrArray) known = NULL;
  g_autoptr(GPtrArray) hosts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *folded = NULL;
  g_autofree char *host = NULL;
  const char * const *entries;
  const char *target;
  GError *error = NULL;
  guint16 port = 0;
  guint forgotten = 0;
  gboolean in_file;
  int status = EXIT_OK;

  if (argc != 2)
    return usage_error (_("“forget” takes one TARGET"));

  target = argv[1];
  if (looks_like_address (target) && !parse_address (target, &host, &port, &error))
    return fail (error);

  /* Only the file and the keyring: nothing on the network is asked. */
  store = open_store ();
  known = hearth_store_dup_known_devices (store);
  folded = g_utf8_casefold (target, -1);

  for (guint i = 0; i < known->len; i++)
    {
      HearthDevice *device = g_ptr_array_index (known, i);
      g_autofree char *name = g_utf8_casefold (hearth_device_get_name (device), -1);

      if (g_str_equal (hearth_device_get_id (device), target) || g_str_equal (name, folded) ||
          (host != NULL && host_matches (hearth_device_get_host (device), hearth_device_get_port (device),
                                         host, port)))
        {
          g_print (_("Forgot %s (%s)\n"), hearth_device_get_name (device), hearth_device_get_id (device));
          hearth_store_forget_device (store, hearth_device_get_id (device));
          g_ptr_array_add (ids, g_strdup (hearth_device_get_id (device)));
          forgotten++;
        }
    }

  /* A host added by hand that never answered has no device to go with it */
  entries = hearth_store_get_hosts (store);
  for (guint i = 0; host != NULL && entries[i] != NULL; i++)
    {
      g_autofree char *entry_host = NULL;
      guint16 entry_port;

      if (hearth_store_split_host (entries[i], &entry_host, &entry_port) &&
          host_matches (entry_host, entry_port, host, port))
        g_ptr_array_add (hosts, g_strdup (entries[i]));
    }
  for (guint i = 0; i < hosts->len; i++)
    {
      g_autofree char *entry_host = NULL;
      guint16 entry_port;

      hearth_store_split_host (g_ptr_array_index (hosts, i), &entry_host, &entry_port);
      hearth_store_remove_host (store, entry_host, entry_port);
      g_print (_("Forgot the address %s\n"), (const char *) g_ptr_array_index (hosts, i));
      forgotten++;
    }

  /* A device never kept in the file (found by mDNS, logged in to) may
   * still have its password in the keyring: named by its id, it goes. */
  in_file = forgotten > 0;
  if (!in_file && host == NULL && secret_kept (target, NULL))
    {
      g_ptr_array_add (ids, g_strdup (target));
      forgotten++;
    }

  if (forgotten == 0)
    return fail (g_error_new (HEARTH_ERROR, HEARTH_ERROR_NOT_FOUND,
                              _("No device that Hearth remembers is called or at “%s”"), target));

  if (in_file && !hearth_store_flush (store, &error))
    return fail (error);

  /* And its password or token: a device found again is logged in or
   * paired anew */
  for (guint i = 0; i < ids->len; i++)
    {
      const char *id = g_ptr_array_index (ids, i);
      g_autoptr(GError) keyring_error = NULL;

      /* No keyring to ask (no session bus, say): nothing can be kept there
       * for the device either */
      if (!secret_kept (id, &keyring_error))
        {
          if (keyring_error != NULL)
            g_debug ("No keyring to forget %s's password in: %s", id, keyring_error->message);
          continue;
        }

      if (!forget_secret (id, &keyring_error))
        {
          /* TRANSLATORS: %s is a device id */
          g_autofree char *message = g_strdup_printf (_("The keyring did not forget the password of %s"), id);

          g_printerr ("hearthctl: %s: %s\n", message, keyring_error->message);
          status = EXIT_FAILURE_DEVICE;
        }
      else
        g_print (_("Forgot the password kept for %s\n"), id);
    }

  return status;
}

/* login, pair */


static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

/* One line from standard input, without its line end; without echo when
 * it is a terminal. NULL at end of input. */
static char *
read_password (const char *prompt)
{
  struct termios saved, quiet;
  gboolean tty = isatty (STDIN_FILENO);
  GString *line = g_string_new (NULL);
  int c;

  if (tty)
    {
      g_printerr ("%s", prompt);
      tcgetattr (STDIN_FILENO, &saved);
      quiet = saved;
      quiet.c_lflag &= ~(tcflag_t) ECHO;
      quiet.c_lflag |= ECHONL;
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet);
    }

  while ((c = getchar ()) != EOF && c != '\n')
    g_string_append_c (line, (char) c);

  if (tty)
    tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved);

  if (line->len > 0 && line->str[line->len - 1] == '\r')
    g_string_truncate (line, line->len - 1);

  if (c == EOF && line->len == 0)
    {
      hearth_secret_free (g_string_free (line, FALSE));
      return NULL;
    }
  return g_string_free (line, FALSE);
}

/* Found, and answering (even if only to say what it needs) */
static HearthDevice *
find_device_answering (HearthHome  *home,
                       const char  *target,
                       GError     **error)
{
  HearthDevice *device = find_device (home, target, error);

  if (device == NULL)
    return NULL;

  wait_for (device_settled, device, STATE_TIMEOUT_MS);
  switch (hearth_device_get_state (device))
    {
    case HEARTH_DEVICE_STATE_ONLINE:
    case HEARTH_DEVICE_STATE_NEEDS_PASSWORD:
    case HEARTH_DEVICE_STATE_NEEDS_PAIRING:
      return device;
    case HEARTH_DEVICE_STATE_CONNECTING:
    case HEARTH_DEVICE_STATE_UNAVAILABLE:
    case HEARTH_DEVICE_STATE_WRONG_DEVICE:
    default:
      return device_ready (home, device, error) ? device : NULL;
    }
}

static gboolean
keep_secret (HearthDevice  *device,
             const char    *secret,
             GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  hearth_secrets_store_async (hearth_device_get_id (device), hearth_device_get_name (device),
                              secret, NULL, store_result, &result);
  wait_for (result_is_set, &result, G_MAXINT);
  return hearth_secrets_store_finish (result, error);
}

static gboolean
refused (const GError *error)
{
  return g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PASSWORD) ||
         g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_NEEDS_PASSWORD);
}

/* A device that tells nothing about itself without its password (a
 * Tasmota or an ESPHome node with a web password) is identified with it;
 * then the password is kept for the id it tells, and its address for good,
 * as "add" does. Nothing is kept when the password is refused. */
static int
login_at_address (HearthHome *home,
                  const char *target)
{
  g_autoptr(HearthSecret) password = NULL;
  g_autoptr(HearthStore) store = NULL;
  g_autoptr(HearthDevice) device = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *prompt = NULL;
  g_autofree char *host = NULL;
  GError *error = NULL;
  guint16 port;

  if (!parse_address (target, &host, &port, &error))
    return fail (error);

  /* TRANSLATORS: %s is an address, HOST or HOST:PORT */
  prompt = g_strdup_printf (_("Password for the device at %s: "), target);
  password = read_password (prompt);
  if (password == NULL || *password == '\0')
    return usage_error (_("No password on standard input"));

  hearth_home_add_address_with_login_async (home, host, port, opt_user, password,
                                            NULL, store_result, &result);
  wait_for (result_is_set, &result, G_MAXINT);
  device = hearth_home_add_address_finish (home, result, &error);
  if (device == NULL)
    {
      if (refused (error))
        {
          g_printerr ("hearthctl: %s\n", _("The password was refused"));
          g_error_free (error);
          return EXIT_FAILURE_DEVICE;
        }
      return fail (error);
    }

  /* With its controls, before anything is kept */
  if (!device_ready (home, device, &error))
    {
      if (refused (error))
        {
          g_printerr ("hearthctl: %s\n", _("The password was refused"));
          g_error_free (error);
          return EXIT_FAILURE_DEVICE;
        }
      return fail (error);
    }

  if (!keep_secret (device, password, &error))
    {
      g_printerr ("hearthctl: %s: %s\n",
                  _("The password is right, but the keyring did not keep it"), error->message);
      g_error_free (error);
      return EXIT_FAILURE_DEVICE;
    }

  /* Found again on later runs: the store knows its id at that address and
   * the user name, and the keyring the password for that id */
  store = open_store ();
  hearth_store_add_host (store, host, port);
  hearth_store_remember_device (store, device);
  hearth_store_set_login_user (store, hearth_device_get_id (device), opt_user);
  if (!hearth_store_flush (store, &error))
    return fail (error);

  g_printerr (_("Logged in to %s; the password is kept in the keyring\n"), hearth_device_get_name (device));
  print_device (device);
  return EXIT_OK;
}

static int
cmd_login (HearthHome  *home,
           int          argc,
           char       **argv)
{
  g_autoptr(HearthSecret) password = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(HearthStore) store = NULL;
  g_autofree char *prompt = NULL;
  GError *error = NULL;
  HearthDevice *device;
  HearthDriver *driver;
  HearthLink *link;
  const char *username;

  if (argc != 2)
    return usage_error (_("“login” takes one TARGET; the password comes from standard input"));

  device = find_device_answering (home, argv[1], &error);
  if (device == NULL)
    {
      /* Tells nothing without its password, not even what it is */
      if (looks_like_address (argv[1]) &&
          (g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_NEEDS_PASSWORD) ||
           g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PASSWORD)))
        {
          g_clear_error (&error);
          return login_at_address (home, argv[1]);
        }
      return fail (error);
    }

  driver = hearth_home_get_driver (home, device);
  if (hearth_device_get_state (device) == HEARTH_DEVICE_STATE_NEEDS_PAIRING)
    return fail (g_error_new (HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED,
                              _("%s is paired with a button, not a password: hearthctl pair %s"),
                              hearth_device_get_name (device), argv[1]));

  username = opt_user != NULL ? opt_user : hearth_driver_get_default_username (driver);
  prompt = g_strdup_printf (_("Password for %s: "), hearth_device_get_name (device));
  password = read_password (prompt);
  if (password == NULL || *password == '\0')
    return usage_error (_("No password on standard input"));

  /* Checked against the device before anything is kept */
  link = hearth_home_get_link (home, device);
  hearth_link_set_credentials (link, username, password);
  hearth_link_refresh_async (link, NULL, store_result, &result);
  wait_for (result_is_set, &result, G_MAXINT);
  if (!hearth_link_refresh_finish (link, result, &local_error))
    {
      if (refused (local_error))
        {
          g_printerr ("hearthctl: %s\n", _("The password was refused"));
          return EXIT_FAILURE_DEVICE;
        }
      return fail (g_steal_pointer (&local_error));
    }

  if (!keep_secret (device, password, &error))
    {
      g_printerr ("hearthctl: %s: %s\n",
                  _("The password is right, but the keyring did not keep it"), error->message);
      g_error_free (error);
      return EXIT_FAILURE_DEVICE;
    }

  /* The user name in the store, for later runs (none: the usual one) */
  store = open_store ();
  hearth_store_set_login_user (store, hearth_device_get_id (device), opt_user);
  if (!hearth_store_flush (store, &error))
    return fail (error);

  g_printerr (_("Logged in to %s; the password is kept in the keyring\n"), hearth_device_get_name (device));
  print_device (device);
  return EXIT_OK;
}

static int
cmd_pair (HearthHome  *home,
          int          argc,
          char       **argv)
{
  g_autoptr(HearthSecret) token = NULL;
  GError *error = NULL;
  HearthDevice *device;
  HearthDriver *driver;
  HearthLink *link;
  gint64 deadline;
  double seconds;

  if (argc != 2)
    return usage_error (_("“pair” takes one TARGET"));

  device = find_device_answering (home, argv[1], &error);
  if (device == NULL)
    return fail (error);

  driver = hearth_home_get_driver (home, device);
  if (!hearth_driver_can_pair (driver))
    return fail (g_error_new (HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED,
                              _("%s needs no pairing"), hearth_device_get_name (device)));

  link = hearth_home_get_link (home, device);
  seconds = opt_timeout > 0 ? opt_timeout : hearth_driver_get_pairing_seconds (driver);
  deadline = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);

  g_printerr ("%s\n", hearth_driver_get_pairing_hint (driver));

  /* One attempt about every second while the device's window is open */
  while (token == NULL)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GError) attempt_error = NULL;
      gint64 started = g_get_monotonic_time ();
      gint64 left = deadline - started;
      gboolean waited = FALSE;

      if (left <= 0)
        {
          g_printerr ("\n");
          return fail (g_error_new (HEARTH_ERROR, HEARTH_ERROR_NEEDS_PAIRING,
                                    _("%s was not paired: its button was not pressed in time"),
                                    hearth_device_get_name (device)));
        }

      {
        int n = (int) ((left + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);

        g_printerr ("\r");
        g_printerr (ngettext ("Waiting for the button: %d second left",
                              "Waiting for the button: %d seconds left", n), n);
        g_printerr ("  ");
      }

      hearth_driver_pair_async (driver, hearth_link_get_queue (link), device, NULL, store_result, &result);
      wait_for (result_is_set, &result, G_MAXINT);
      token = hearth_driver_pair_finish (driver, result, &attempt_error);
      if (token != NULL)
        break;
      if (!g_error_matches (attempt_error, HEARTH_ERROR, HEARTH_ERROR_NEEDS_PAIRING))
        {
          g_printerr ("\n");
          return fail (g_steal_pointer (&attempt_error));
        }

      /* The rest of the second */
      g_timeout_add (MAX (0, 1000 - (g_get_monotonic_time () - started) / 1000), on_deadline, &waited);
      wait_for (is_true, &waited, G_MAXINT);
    }
  g_printerr ("\n");

  if (!keep_secret (device, token, &error))
    {
      g_printerr ("hearthctl: %s: %s\n",
                  _("Paired, but the keyring did not keep the token; pair again later"), error->message);
      g_error_free (error);
      return EXIT_FAILURE_DEVICE;
    }

  g_printerr (_("Paired with %s; the token is kept in the keyring\n"), hearth_device_get_name (device));

  /* Now the device can say how it is */
  {
    g_autoptr(GAsyncResult) result = NULL;

    hearth_link_set_credentials (link, NULL, token);
    hearth_link_refresh_async (link, NULL, store_result, &result);
    wait_for (result_is_set, &result, G_MAXINT);
    if (!hearth_link_refresh_finish (link, result, &error))
      return fail (error);
  }

  print_device (device);
  return EXIT_OK;
}

/* watch */

typedef struct
{
  HearthDevice *device;
  GHashTable   *dirty;     /* controls to print */
  gboolean      device_dirty;
  guint         idle;
} Watch;

static gboolean
print_changes (gpointer data)
{
  Watch *watch = data;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *time = g_date_time_format (now, "%H:%M:%S");
  GHashTableIter iter;
  gpointer control;

  watch->idle = 0;

  if (opt_json)
    {
      g_autoptr(JsonNode) node = hearthctl_device_to_json (watch->device);
      g_autofree char *text = hearth_json_to_data (node, FALSE, NULL);

      g_print ("%s\n", text);
    }
  else
    {
      if (watch->device_dirty)
        g_print ("%s  %s  %s, %s\n", time,
                 hearth_device_get_name (watch->device),
                 hearth_device_state_to_string (hearth_device_get_state (watch->device)),
                 hearth_device_get_live (watch->device) == HEARTH_LIVE_PUSH ? "pushed" : "polled");

      g_hash_table_iter_init (&iter, watch->dirty);
      while (g_hash_table_iter_next (&iter, &control, NULL))
        {
          g_autofree char *state = hearthctl_describe_control (control);

          g_print ("%s  %s  %s\n", time, hearth_control_get_name (control), state);
        }
    }

  g_hash_table_remove_all (watch->dirty);
  watch->device_dirty = FALSE;
  fflush (stdout);
  return G_SOURCE_REMOVE;
}

static void
schedule_print (Watch *watch)
{
  /* A pushed message changes several properties at once: one line for all. */
  if (watch->idle == 0)
    watch->idle = g_idle_add (print_changes, watch);
}

static void
on_control_notify (HearthControl *control,
                   GParamSpec    *pspec,
                   Watch         *watch)
{
  g_hash_table_add (watch->dirty, control);
  schedule_print (watch);
}

static void
on_device_notify (HearthDevice *device,
                  GParamSpec   *pspec,
                  Watch        *watch)
{
  if (g_str_equal (pspec->name, "last-seen"))
    return;
  watch->device_dirty = TRUE;
  schedule_print (watch);
}

static void
watch_control (Watch         *watch,
               HearthControl *control)
{
  g_signal_connect (control, "notify", G_CALLBACK (on_control_notify), watch);
}

static void
on_controls_changed (GListModel *controls,
                     guint       position,
                     guint       removed,
                     guint       added,
                     Watch      *watch)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(HearthControl) control = g_list_model_get_item (controls, i);

      watch_control (watch, control);
      g_hash_table_add (watch->dirty, control);
    }
  schedule_print (watch);
}

static gboolean
on_quit_signal (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
flag_is_set (gpointer data)
{
  return *(gboolean *) data;
}

static int
cmd_watch (HearthHome  *home,
           int          argc,
           char       **argv)
{
  GError *error = NULL;
  HearthDevice *device;
  GListModel *controls;
  gboolean quit = FALSE;
  Watch watch = { 0 };

  if (argc != 2)
    return usage_error (_("“watch” takes one TARGET"));

  device = find_target (home, argv[1], &error);
  if (device == NULL)
    return fail (error);

  watch.device = device;
  watch.dirty = g_hash_table_new (NULL, NULL);
  if (opt_json)
    print_changes (&watch);   /* one line per state, the first one too */
  else
    print_device (device);
  fflush (stdout);

  controls = hearth_device_get_controls (device);
  for (guint i = 0; i < g_list_model_get_n_items (controls); i++)
    {
      g_autoptr(HearthControl) control = g_list_model_get_item (controls, i);
      watch_control (&watch, control);
    }
  g_signal_connect (controls, "items-changed", G_CALLBACK (on_controls_changed), &watch);
  g_signal_connect (device, "notify", G_CALLBACK (on_device_notify), &watch);

  g_unix_signal_add (SIGINT, on_quit_signal, &quit);
  g_unix_signal_add (SIGTERM, on_quit_signal, &quit);
  while (!flag_is_set (&quit))
    g_main_context_iteration (NULL, TRUE);

  g_clear_handle_id (&watch.idle, g_source_remove);
  g_signal_handlers_disconnect_by_data (device, &watch);
  g_signal_handlers_disconnect_by_data (controls, &watch);
  for (guint i = 0; i < g_list_model_get_n_items (controls); i++)
    {
      g_autoptr(HearthControl) control = g_list_model_get_item (controls, i);
      g_signal_handlers_disconnect_by_data (control, &watch);
    }
  g_hash_table_unref (watch.dirty);
  return EXIT_OK;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(HearthHome) home = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;
  const char *command;
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  hearth_http_raise_file_limit ();

  context = g_option_context_new (_("COMMAND [ARGUMENTS…] — control the devices in your home"));
  g_option_context_add_main_entries (context, common_entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context, _(usage_text));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error (error->message);

  if (argc < 2)
    {
      summary = g_option_context_get_help (context, TRUE, NULL);
      g_printerr ("%s", summary);
      return EXIT_USAGE;
    }

  command = argv[1];
  home = hearth_home_new (hearth_drivers_new_all ());
  g_signal_connect (home, "items-changed", G_CALLBACK (on_home_items_changed), NULL);

  if (g_str_equal (command, "discover"))
    status = cmd_discover (home, argc - 1, argv + 1);
  else if (g_str_equal (command, "status"))
    status = cmd_status (home, argc - 1, argv + 1);
  else if (g_str_equal (command, "set"))
    status = cmd_set (home, argc - 1, argv + 1);
  else if (g_str_equal (command, "watch"))
    status = cmd_watch (home, argc - 1, argv + 1);
  else if (g_str_equal (command, "add"))
    status = cmd_add (home, argc - 1, argv + 1);
  else if (g_str_equal (command, "forget"))
    status = cmd_forget (home, argc - 1, argv + 1);
  else if (g_str_equal (command, "login"))
    status = cmd_login (home, argc - 1, argv + 1);
  else if (g_str_equal (command, "pair"))
    status = cmd_pair (home, argc - 1, argv + 1);
  else
    {
      g_autofree char *message = g_strdup_printf (_("Unknown command “%s”"), command);
      return usage_error (message);
    }

  fflush (stdout);
  return status;
}
