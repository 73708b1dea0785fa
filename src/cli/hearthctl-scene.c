/* hearthctl-scene.c: the scene command: list, save, recall, delete and
 * rename the scenes kept with the app's (the same store)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "hearth-control.h"
#include "hearth-error.h"
#include "hearth-json.h"
#include "hearth-scene.h"
#include "hearth-store.h"
#include "hearthctl-commands.h"
#include "hearthctl-find.h"
#include "hearthctl-runner.h"

/* The name a person gave the control (the app's), else its own */
static const char *
control_label (HearthStore   *store,
               const char    *device_id,
               HearthControl *control)
{
  g_autofree char *key = hearth_store_key (device_id, hearth_control_get_id (control));
  const char *name = hearth_store_get_name (store, key);

  return name != NULL ? name : hearth_control_get_name (control);
}

/* Known devices by id: names for the members of a scene */
static GHashTable *
known_by_id (HearthStore *store)
{
  g_autoptr(GPtrArray) known = hearth_store_dup_known_devices (store);
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);

  for (guint i = 0; i < known->len; i++)
    {
      HearthDevice *device = g_ptr_array_index (known, i);

      g_hash_table_replace (table, (gpointer) hearth_device_get_id (device), g_object_ref (device));
    }
  return table;
}

static int
scene_list (HearthStore *store)
{
  g_auto(GStrv) names = hearth_store_dup_scene_names (store);
  g_autoptr(GHashTable) known = known_by_id (store);
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr(HearthScene) scene = hearth_store_dup_scene (store, names[i]);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, names[i]);
      json_builder_set_member_name (builder, "members");
      json_builder_begin_array (builder);
      if (!hearthctl_opt_json)
        g_print ("%s\n", names[i]);
      for (guint j = 0; j < hearth_scene_get_n_members (scene); j++)
        {
          const char *device_id = hearth_scene_get_device_id (scene, j);
          const char *control_id = hearth_scene_get_control_id (scene, j);
          HearthDevice *device = g_hash_table_lookup (known, device_id);
          HearthControl *control = device != NULL ? hearth_device_find_control (device, control_id) : NULL;
          g_autofree char *state = hearth_change_to_string (hearth_scene_get_change (scene, j));
          g_auto(GStrv) actions = g_strsplit (state, " ", -1);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "device");
          json_builder_add_string_value (builder, device_id);
          json_builder_set_member_name (builder, "control");
          json_builder_add_string_value (builder, control_id);
          json_builder_set_member_name (builder, "device_name");
          json_builder_add_string_value (builder, device != NULL ? hearth_device_get_name (device) : NULL);
          json_builder_set_member_name (builder, "control_name");
          json_builder_add_string_value (builder, control != NULL ? control_label (store, device_id, control) : NULL);
          json_builder_set_member_name (builder, "state");
          json_builder_begin_array (builder);
          for (guint k = 0; actions[k] != NULL; k++)
            json_builder_add_string_value (builder, actions[k]);
          json_builder_end_array (builder);
          json_builder_end_object (builder);

          if (!hearthctl_opt_json && control != NULL)
            g_print ("  %s (%s): %s\n", hearth_device_get_name (device),
                     control_label (store, device_id, control), state);
          else if (!hearthctl_opt_json)
            /* TRANSLATORS: a member of a scene whose device or control was forgotten */
            g_print ("  %s/%s: %s (%s)\n", device_id, control_id, state, _("forgotten"));
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  if (hearthctl_opt_json)
    {
      g_autoptr(JsonNode) root = json_builder_get_root (builder);
      g_autofree char *text = hearth_json_to_data (root, TRUE, NULL);

      g_print ("%s\n", text);
    }
  return EXIT_OK;
}

/* Whether no device of the home is still connecting */
static gboolean
home_settled (gpointer data)
{
  GListModel *home = data;

  for (guint i = 0; i < g_list_model_get_n_items (home); i++)
    {
      g_autoptr(HearthDevice) device = g_list_model_get_item (home, i);

      if (hearth_device_get_state (device) == HEARTH_DEVICE_STATE_CONNECTING)
        return FALSE;
    }
  return TRUE;
}

/* The home with @store: the devices it knows connect at their last
 * address, and what the scene command finds is remembered */
static void
start_home (HearthHome  *home,
            HearthStore *store)
{
  hearth_home_set_store (home, store);
  hearth_home_start (home);
  hearthctl_wait_for (home_settled, home, STATE_TIMEOUT_MS);
}

/* Adds to @controls what can be switched of @device */
static void
add_device_controls (GPtrArray    *controls,
                     HearthDevice *device)
{
  GListModel *list = hearth_device_get_controls (device);

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(HearthControl) control = g_list_model_get_item (list, i);

      if (hearth_control_get_kind (control) != HEARTH_CONTROL_KIND_SENSOR &&
          !g_ptr_array_find (controls, control, NULL))
        g_ptr_array_add (controls, control);
    }
}

/* The controls of the room called @room (whatever the case), or FALSE
 * when there is no such room */
static gboolean
add_room_controls (HearthHome   *home,
                   HearthStore  *store,
                   const char   *room,
                   GPtrArray    *controls,
                   GError      **error)
{
  const char * const *rooms = hearth_store_get_rooms (store);
  g_autofree char *folded = g_utf8_casefold (room, -1);
  const char *found = NULL;

  for (guint i = 0; rooms[i] != NULL && found == NULL; i++)
    {
      g_autofree char *candidate = g_utf8_casefold (rooms[i], -1);

      if (g_str_equal (candidate, folded))
        found = rooms[i];
    }
  if (found == NULL)
    return FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (home)); i++)
    {
      g_autoptr(HearthDevice) device = g_list_model_get_item (G_LIST_MODEL (home), i);
      GListModel *list = hearth_device_get_controls (device);

      for (guint j = 0; j < g_list_model_get_n_items (list); j++)
        {
          g_autoptr(HearthControl) control = g_list_model_get_item (list, j);
          g_autofree char *key = hearth_store_key (hearth_device_get_id (device), hearth_control_get_id (control));

          if (g_strcmp0 (hearth_store_get_room (store, key), found) != 0 ||
              hearth_control_get_kind (control) == HEARTH_CONTROL_KIND_SENSOR)
            continue;
          if (!hearthctl_device_ready (home, device, error))
            return TRUE;
          if (!g_ptr_array_find (controls, control, NULL))
            g_ptr_array_add (controls, control);
        }
    }
  return TRUE;
}

/* TARGET: a room, a device (all it can switch) or DEVICE/CONTROL */
static gboolean
add_target (HearthHome   *home,
            HearthStore  *store,
            const char   *target,
            GPtrArray    *controls,
            GError      **error)
{
  g_autofree char *device_name = NULL;
  const char *slash;
  HearthDevice *device;
  HearthControl *control;

  if (add_room_controls (home, store, target, controls, error))
    return *error == NULL;

  slash = strrchr (target, '/');
  device_name = slash != NULL ? g_strndup (target, slash - target) : g_strdup (target);
  device = hearth_home_lookup (home, device_name);
  if (device == NULL)
    device = hearthctl_find_device (home, device_name, error);
  if (device == NULL || !hearthctl_device_ready (home, device, error))
    return FALSE;

  if (slash == NULL)
    {
      add_device_controls (controls, device);
      return TRUE;
    }
  control = hearthctl_find_control (device, slash + 1);
  if (control == NULL)
    {
      g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_NOT_FOUND,
                   /* TRANSLATORS: a device's name, then what the person typed */
                   _("%s has no control called “%s”"), hearth_device_get_name (device), slash + 1);
      return FALSE;
    }
  if (!g_ptr_array_find (controls, control, NULL))
    g_ptr_array_add (controls, control);
  return TRUE;
}

static int
scene_save (HearthHome  *home,
            HearthStore *store,
            int          argc,
            char       **argv)
{
  g_autoptr(GPtrArray) controls = g_ptr_array_new ();
  GError *error = NULL;

  if (argc < 3)
    return hearthctl_usage_error (_("“scene save” takes a NAME and at least one TARGET"));

  start_home (home, store);
  for (int i = 2; i < argc; i++)
    {
      if (!add_target (home, store, argv[i], controls, &error))
        return hearthctl_fail (error);
    }
  if (!hearth_home_save_scene (home, argv[1], controls, TRUE, &error))
    return hearthctl_fail (error);

  if (!hearth_store_flush (store, &error))
    return hearthctl_fail (error);
  /* TRANSLATORS: a scene's name, then how many controls it brings back */
  g_print (ngettext ("Saved “%s” with %u control\n", "Saved “%s” with %u controls\n", controls->len),
           argv[1], controls->len);
  return EXIT_OK;
}

static void
add_misses (JsonBuilder *builder,
            GPtrArray   *misses,
            gboolean     failed)
{
  for (guint i = 0; misses != NULL && i < misses->len; i++)
    {
      HearthSceneMiss *miss = g_ptr_array_index (misses, i);

      if ((miss->message != NULL) != failed)
        continue;
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "device");
      json_builder_add_string_value (builder, miss->device_id);
      json_builder_set_member_name (builder, "control");
      json_builder_add_string_value (builder, miss->control_id);
      json_builder_set_member_name (builder, "device_name");
      json_builder_add_string_value (builder, miss->device_name);
      json_builder_set_member_name (builder, "control_name");
      json_builder_add_string_value (builder, miss->control_name);
      if (failed)
        {
          json_builder_set_member_name (builder, "message");
          json_builder_add_string_value (builder, miss->message);
        }
      json_builder_end_object (builder);
    }
}

static int
scene_recall (HearthHome  *home,
              HearthStore *store,
              const char  *name)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(HearthScene) scene = hearth_store_dup_scene (store, name);
  GError *error = NULL;
  GPtrArray *misses;
  gboolean ok;

  if (scene == NULL)
    return hearthctl_fail (g_error_new (HEARTH_ERROR, HEARTH_ERROR_NOT_FOUND,
                                        _("There is no scene called “%s”"), name));

  start_home (home, store);
  hearth_home_recall_scene_async (home, name, NULL, hearthctl_store_result, &result);
  hearthctl_wait_for (hearthctl_result_is_set, &result, G_MAXINT);
  ok = hearth_home_recall_scene_finish (home, result, &error);
  misses = hearth_home_recall_scene_get_misses (home, result);

  if (hearthctl_opt_json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "scene");
      json_builder_add_string_value (builder, hearth_scene_get_name (scene));
      json_builder_set_member_name (builder, "members");
      json_builder_add_int_value (builder, hearth_scene_get_n_members (scene));
      json_builder_set_member_name (builder, "failed");
      json_builder_begin_array (builder);
      add_misses (builder, misses, TRUE);
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "skipped");
      json_builder_begin_array (builder);
      add_misses (builder, misses, FALSE);
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      text = hearth_json_to_data (root, TRUE, NULL);
      g_print ("%s\n", text);
    }

  for (guint i = 0; misses != NULL && i < misses->len; i++)
    {
      HearthSceneMiss *miss = g_ptr_array_index (misses, i);

      /* TRANSLATORS: a device's id and a control's id, in a scene */
      if (miss->message == NULL)
        g_printerr ("hearthctl: %s %s/%s\n", _("Skipped a forgotten control:"),
                    miss->device_id, miss->control_id);
    }

  if (!ok)
    return hearthctl_fail (error);
  if (!hearthctl_opt_json)
    g_print (_("Recalled “%s”\n"), hearth_scene_get_name (scene));
  return EXIT_OK;
}

int
cmd_scene (HearthHome  *home,
           int          argc,
           char       **argv)
{
  g_autoptr(HearthStore) store = NULL;
  GError *error = NULL;

  if (argc < 2)
    return hearthctl_usage_error (_("“scene” takes list, save NAME TARGET…, delete NAME, "
                                    "rename NAME NEW, or the NAME of a scene to recall"));

  store = hearthctl_open_store ();
  if (g_str_equal (argv[1], "list"))
    return argc == 2 ? scene_list (store)
                     : hearthctl_usage_error (_("“scene list” takes nothing more"));
  if (g_str_equal (argv[1], "save"))
    return scene_save (home, store, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "delete"))
    {
      if (argc != 3)
        return hearthctl_usage_error (_("“scene delete” takes one NAME"));
      if (!hearth_store_remove_scene (store, argv[2]))
        return hearthctl_fail (g_error_new (HEARTH_ERROR, HEARTH_ERROR_NOT_FOUND,
                                            _("There is no scene called “%s”"), argv[2]));
      if (!hearth_store_flush (store, &error))
        return hearthctl_fail (error);
      return EXIT_OK;
    }
  if (g_str_equal (argv[1], "rename"))
    {
      if (argc != 4)
        return hearthctl_usage_error (_("“scene rename” takes a NAME and a NEW name"));
      if (!hearth_store_rename_scene (store, argv[2], argv[3], &error) ||
          !hearth_store_flush (store, &error))
        return hearthctl_fail (error);
      return EXIT_OK;
    }
  if (argc != 2)
    return hearthctl_usage_error (_("“scene” recalls one NAME (quote a name with spaces)"));
  return scene_recall (home, store, argv[1]);
}
