/* hearthctl-runner.c: what every command shares: waiting on the main loop
 * for a result, the exit codes and messages of a failure, the store,
 * printing a device
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "hearth-error.h"
#include "hearth-json.h"
#include "hearth-store.h"
#include "hearthctl-output.h"
#include "hearthctl-runner.h"

/* Waiting on the main loop */

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
gboolean
hearthctl_wait_for (HearthctlCondition condition,
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

gboolean
hearthctl_flag_is_set (gpointer data)
{
  return *(gboolean *) data;
}

gboolean
hearthctl_result_is_set (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

void
hearthctl_store_result (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

int
hearthctl_fail (GError *error)
{
  int code = EXIT_FAILURE_DEVICE;

  if (g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_INVALID) ||
      g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED))
    code = EXIT_USAGE;

  g_printerr ("hearthctl: %s\n", error->message);
  g_error_free (error);
  return code;
}

int
hearthctl_usage_error (const char *message)
{
  g_printerr ("hearthctl: %s\n%s\n", message, _("Try “hearthctl --help”."));
  return EXIT_USAGE;
}

/* The same file as the app's, unless $HEARTH_STORE names another. Read
 * only, unless a command changes it. What is wrong with it (kept aside, of
 * a newer format) is said once, however often a command opens it. */
HearthStore *
hearthctl_open_store (void)
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
      const char *user;

      if (hearth_home_has_login (home, device))
        continue;
      if (store == NULL)
        store = hearthctl_open_store ();   /* once */
      user = hearth_store_get_login_user (store, hearth_device_get_id (device));
      if (user != NULL)
        hearth_home_set_username (home, device, user);
    }
}

/* The home every command asks, with the logins kept for its devices, and
 * the families of @drivers (transfer full) */
HearthHome *
hearthctl_home_new (GPtrArray *drivers)
{
  HearthHome *home = hearth_home_new (drivers);

  g_signal_connect (home, "items-changed", G_CALLBACK (on_home_items_changed), NULL);
  return home;
}

void
hearthctl_print_device (HearthDevice *device)
{
  if (hearthctl_opt_json)
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
