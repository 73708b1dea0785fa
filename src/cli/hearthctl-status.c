/* hearthctl-status.c: the commands that look: discover, status, watch
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <stdio.h>

#include "hearth-browser.h"
#include "hearth-control.h"
#include "hearth-json.h"
#include "hearthctl-commands.h"
#include "hearthctl-find.h"
#include "hearthctl-output.h"
#include "hearthctl-runner.h"

int
cmd_discover (HearthHome  *home,
              int          argc,
              char       **argv)
{
  g_autoptr(JsonArray) array = json_array_new ();
  GListModel *devices = G_LIST_MODEL (home);
  guint n_unbrowsed;
  guint n;

  if (argc != 1)
    return hearthctl_usage_error (_("“discover” takes no arguments"));

  hearthctl_discover (home, NULL);
  hearthctl_explain_unreached (home);
  n_unbrowsed = hearthctl_explain_unbrowsed (home);

  /* Give every device found the chance to say how it is. */
  n = g_list_model_get_n_items (devices);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HearthDevice) device = g_list_model_get_item (devices, i);

      hearthctl_wait_for (hearthctl_device_settled, device, STATE_TIMEOUT_MS);
    }

  if (n == 0 && hearthctl_browser_gave_up (home))
    {
      if (n_unbrowsed == 0)
        hearthctl_explain_no_daemon (home);
      return EXIT_FAILURE_DEVICE;
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HearthDevice) device = g_list_model_get_item (devices, i);

      if (hearthctl_opt_json)
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

  if (hearthctl_opt_json)
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

int
cmd_status (HearthHome  *home,
            int          argc,
            char       **argv)
{
  GError *error = NULL;
  HearthDevice *device;

  if (argc != 2)
    return hearthctl_usage_error (_("“status” takes one TARGET"));

  device = hearthctl_find_target (home, argv[1], &error);
  if (device == NULL)
    return hearthctl_fail (error);

  hearthctl_print_device (device);
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

  if (hearthctl_opt_json)
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
on_controls_items_changed (GListModel *controls,
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

int
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
    return hearthctl_usage_error (_("“watch” takes one TARGET"));

  device = hearthctl_find_target (home, argv[1], &error);
  if (device == NULL)
    return hearthctl_fail (error);

  watch.device = device;
  watch.dirty = g_hash_table_new (NULL, NULL);
  if (hearthctl_opt_json)
    print_changes (&watch);   /* one line per state, the first one too */
  else
    hearthctl_print_device (device);
  fflush (stdout);

  controls = hearth_device_get_controls (device);
  for (guint i = 0; i < g_list_model_get_n_items (controls); i++)
    {
      g_autoptr(HearthControl) control = g_list_model_get_item (controls, i);
      watch_control (&watch, control);
    }
  g_signal_connect (controls, "items-changed", G_CALLBACK (on_controls_items_changed), &watch);
  g_signal_connect (device, "notify", G_CALLBACK (on_device_notify), &watch);

  g_unix_signal_add (SIGINT, on_quit_signal, &quit);
  g_unix_signal_add (SIGTERM, on_quit_signal, &quit);
  while (!hearthctl_flag_is_set (&quit))
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
