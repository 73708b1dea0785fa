/* hearthctl-find.c: finding the device a command names: by mDNS, at an
 * address, or among the hosts added by hand; and waiting for it to say how
 * it is; and the control a command names
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "hearth-browser.h"
#include "hearth-control.h"
#include "hearth-error.h"
#include "hearthctl-address.h"
#include "hearthctl-find.h"
#include "hearthctl-runner.h"

/* Finding devices */

/* Hosts added by hand still being asked */
static guint hosts_probing;

/* Past the time to look, discovery goes on as long as it moves (services
 * resolved, devices identified and answering): a big home behind a busy
 * avahi-daemon takes a while. It stops after this many request deadlines
 * without any progress, and in any case after CAP_DEADLINES. Progress is
 * looked at every LOOK_US (it counts every device). */
#define QUIET_DEADLINES 2
#define CAP_DEADLINES   30
#define LOOK_US         (100 * 1000)

typedef struct
{
  HearthHome *home;
  const char *target;
  gint64      until;
  gint64      quiet_us;
  /* The most discovery has done, and when it last did more */
  guint       progress[3];
  gint64      last_look;
  gint64      last_progress;
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

/* Whether discovery went further than ever before since the last look:
 * more services resolved, devices found or devices answering (a device
 * that comes and goes is no progress) */
static gboolean
search_moved (Search *search)
{
  HearthBrowser *browser = hearth_home_get_browser (search->home);
  GListModel *devices = G_LIST_MODEL (search->home);
  guint n_devices = g_list_model_get_n_items (devices);
  guint n_answered = 0;
  guint progress[G_N_ELEMENTS (search->progress)];
  gboolean moved = FALSE;

  for (guint i = 0; i < n_devices; i++)
    {
      g_autoptr(HearthDevice) device = g_list_model_get_item (devices, i);

      if (hearth_device_get_state (device) != HEARTH_DEVICE_STATE_CONNECTING)
        n_answered++;
    }

  progress[0] = browser != NULL ? g_list_model_get_n_items (G_LIST_MODEL (browser)) : 0;
  progress[1] = n_devices;
  progress[2] = n_answered;

  for (guint i = 0; i < G_N_ELEMENTS (progress); i++)
    {
      if (progress[i] > search->progress[i])
        {
          search->progress[i] = progress[i];
          moved = TRUE;
        }
    }

  return moved;
}

static gboolean
search_done (gpointer data)
{
  Search *search = data;
  gint64 now = g_get_monotonic_time ();

  if (search->target != NULL && hearth_home_lookup (search->home, search->target) != NULL)
    return TRUE;

  if (now - search->last_look >= LOOK_US)
    {
      search->last_look = now;
      if (search_moved (search))
        search->last_progress = now;
    }

  /* A quiet spell past the time to look: what is left will not come */
  if (now >= MAX (search->until, search->last_progress) + search->quiet_us)
    return TRUE;

  /* Past the time to look, wait only for devices still being identified
   * (between two tries, a host added by hand is not "busy" in the home),
   * for avahi-daemon to list what it knows, and for services found but not
   * resolved yet (hundreds of them take a while; each is identified once
   * resolved). */
  return now >= search->until && hearth_home_get_busy (search->home) == 0 &&
         hosts_probing == 0 && browser_settled (search->home) && n_unresolved (search->home) == 0;
}

gboolean
hearthctl_browser_gave_up (HearthHome *home)
{
  HearthBrowser *browser = hearth_home_get_browser (home);

  return browser != NULL &&
         (hearth_browser_get_state (browser) == HEARTH_BROWSER_STATE_NO_DAEMON ||
          hearth_browser_get_state (browser) == HEARTH_BROWSER_STATE_FAILED);
}

/* The service types avahi-daemon could not browse, on stderr; returns how
 * many */
guint
hearthctl_explain_unbrowsed (HearthHome *home)
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
void
hearthctl_explain_no_daemon (HearthHome *home)
{
  if (hearthctl_explain_unbrowsed (home) > 0)
    return;

  g_printerr ("hearthctl: %s\n",
              _("Avahi (the mDNS service) is not running, so devices cannot be discovered. "
                "Start avahi-daemon, or name a device by its address: hearthctl status 192.0.2.10"));
}

static void
on_host_probed (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(HearthDevice) device = NULL;
  g_autoptr(GError) error = NULL;
  char *entry = user_data;

  device = hearth_home_add_known_address_finish (HEARTH_HOME (object), result, &error);
  if (device == NULL)
    g_debug ("%s (added by hand) does not answer: %s", entry, error->message);
  g_free (entry);
  hosts_probing--;
}

/* Devices added by hand are found where mDNS does not reach. */
static void
probe_hosts_by_hand (HearthHome *home)
{
  g_autoptr(HearthStore) store = hearthctl_open_store ();
  const char * const *hosts = hearth_store_get_hosts (store);

  for (guint i = 0; hosts[i] != NULL; i++)
    {
      g_autoptr(HearthHost) host = hearth_host_new_parse (hosts[i], NULL);

      if (host != NULL)
        {
          hosts_probing++;
          hearth_home_add_known_address_async (home, store, host, NULL, on_host_probed, g_strdup (hosts[i]));
        }
    }
}

void
hearthctl_discover (HearthHome *home,
                    const char *target)
{
  guint deadline_ms = hearth_home_get_deadline_ms (home);
  guint timeout_ms = (guint) (MAX (hearthctl_opt_timeout < 0 ? 3.0 : hearthctl_opt_timeout, 0.1) * 1000);
  Search search = { home, target, 0, (gint64) QUIET_DEADLINES * deadline_ms * 1000 };

  search.until = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  search.last_progress = search.until;
  /* A home with a store probes them itself */
  if (hearth_home_get_store (home) == NULL)
    probe_hosts_by_hand (home);
  hearth_home_start (home);
  /* Identification has its own deadline; allow for it, and for the
   * services still being resolved, after the search, as long as they
   * progress (search_done()); however long they take, no more than this. */
  hearthctl_wait_for (search_done, &search, timeout_ms + CAP_DEADLINES * deadline_ms);
}

/* After hearthctl_discover(): what was found but could not be reached */
void
hearthctl_explain_unreached (HearthHome *home)
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

gboolean
hearthctl_looks_like_address (const char *target)
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

gboolean
hearthctl_device_settled (gpointer data)
{
  return hearth_device_get_state (HEARTH_DEVICE (data)) != HEARTH_DEVICE_STATE_CONNECTING;
}

gboolean
hearthctl_device_ready (HearthHome    *home,
                        HearthDevice  *device,
                        GError       **error)
{
  const char *reason;

  hearthctl_wait_for (hearthctl_device_settled, device, STATE_TIMEOUT_MS);

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
      {
        g_autofree char *answers = NULL;

        /* Why, when the link knows more than "another id" (another
         * certificate, another serial number) */
        reason = hearth_home_get_wrong_device_reason (home, device);
        if (hearth_home_get_wrong_device_had_secret (home, device))
          /* TRANSLATORS: an address, then a device's name and id. The
           * device tells who it is only when asked with its password */
          answers = g_strdup_printf (_("Another device answers at %s:%u, not %s (%s); it had the "
                                       "password once, in the one request that asked who answers"),
                                     hearth_device_get_host (device), hearth_device_get_port (device),
                                     hearth_device_get_name (device), hearth_device_get_id (device));
        else
          /* TRANSLATORS: an address, then a device's name and id */
          answers = g_strdup_printf (_("Another device answers at %s:%u, not %s (%s); nothing secret was sent to it"),
                                     hearth_device_get_host (device), hearth_device_get_port (device),
                                     hearth_device_get_name (device), hearth_device_get_id (device));
        if (reason != NULL)
          g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_WRONG_DEVICE, "%s (%s)", answers, reason);
        else
          g_set_error_literal (error, HEARTH_ERROR, HEARTH_ERROR_WRONG_DEVICE, answers);
      }
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
  g_autoptr(HearthStore) store = hearthctl_open_store ();
  g_autoptr(GPtrArray) known = hearth_store_dup_known_devices (store);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (home));

  for (guint i = 0; i < known->len; i++)
    {
      HearthDevice *kept = g_ptr_array_index (known, i);
      g_autoptr(HearthHost) kept_at = NULL;
      /* Asked there with the login kept for it: another device answered */
      gboolean other = hearth_home_get_other_at_kept_host (home, target) != NULL;

      if (!g_str_equal (hearth_device_get_id (kept), target) || hearth_device_get_host (kept) == NULL)
        continue;
      kept_at = hearth_host_new (hearth_device_get_host (kept), hearth_device_get_port (kept));

      /* Or another device identified there without anything secret */
      for (guint j = 0; j < n && !other; j++)
        {
          g_autoptr(HearthDevice) there = g_list_model_get_item (G_LIST_MODEL (home), j);

          other = g_strcmp0 (hearth_device_get_id (there), target) != 0 &&
                  hearth_host_matches (kept_at, hearth_device_get_host (there), hearth_device_get_port (there));
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
HearthDevice *
hearthctl_find_device (HearthHome  *home,
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

  if (hearthctl_looks_like_address (target))
    {
      g_autoptr(HearthStore) store = NULL;
      g_autoptr(HearthHost) host = hearth_host_new_parse (target, error);

      if (host == NULL)
        return NULL;

      store = hearthctl_open_store ();
      device = hearthctl_add_address (home, store, host, error);
      if (device == NULL)
        return NULL;
      g_object_unref (device);
    }
  else
    {
      hearthctl_discover (home, target);
      device = hearth_home_lookup (home, target);
      if (device == NULL && other_at_kept_host (home, target, error))
        return NULL;
      if (device == NULL)
        {
          if (hearthctl_browser_gave_up (home))
            hearthctl_explain_no_daemon (home);
          else
            hearthctl_explain_unbrowsed (home);
          g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_NOT_FOUND,
                       _("No device with the id or name “%s” was found on the network"), target);
          return NULL;
        }
    }

  return device;
}

/* The device, online */
HearthDevice *
hearthctl_find_target (HearthHome  *home,
                       const char  *target,
                       GError     **error)
{
  HearthDevice *device = hearthctl_find_device (home, target, error);

  if (device == NULL || !hearthctl_device_ready (home, device, error))
    return NULL;

  return device;
}

/* The control of @device called @name: its id, or its name whatever the case */
HearthControl *
hearthctl_find_control (HearthDevice *device,
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

HearthControl *
hearthctl_first_actionable_control (HearthDevice *device)
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
