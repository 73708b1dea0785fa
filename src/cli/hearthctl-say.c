/* hearthctl-say.c: the command that understands plain words: say
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "hearth-engine.h"
#include "hearthctl-commands.h"
#include "hearthctl-find.h"
#include "hearthctl-runner.h"

static JsonNode *
command_to_json (const HearthCommand *command)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "understood");
  json_builder_add_boolean_value (builder, command->understood);

  if (!command->understood)
    {
      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder, command->message);
      json_builder_set_member_name (builder, "candidates");
      json_builder_begin_array (builder);
      for (guint i = 0; command->candidates[i] != NULL; i++)
        json_builder_add_string_value (builder, command->candidates[i]);
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      return json_builder_get_root (builder);
    }

  json_builder_set_member_name (builder, "action");
  json_builder_add_string_value (builder, hearth_command_action_to_string (command->action));
  if (command->action != HEARTH_COMMAND_SCENE)
    {
      json_builder_set_member_name (builder, "targets");
      json_builder_begin_array (builder);
      for (guint i = 0; i < command->targets->len; i++)
        {
          HearthCommandTarget *target = g_ptr_array_index (command->targets, i);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "id");
          json_builder_add_string_value (builder, target->device_id);
          json_builder_set_member_name (builder, "control");
          json_builder_add_string_value (builder, target->control_id);
          json_builder_set_member_name (builder, "name");
          json_builder_add_string_value (builder, target->name);
          json_builder_set_member_name (builder, "room");
          if (target->room != NULL)
            json_builder_add_string_value (builder, target->room);
          else
            json_builder_add_null_value (builder);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
    }

#define ADD_INT(key, value)                                \
  G_STMT_START {                                           \
    if ((value) >= 0)                                      \
      {                                                    \
        json_builder_set_member_name (builder, key);       \
        json_builder_add_int_value (builder, value);       \
      }                                                    \
  } G_STMT_END
  ADD_INT ("brightness", command->brightness);
  ADD_INT ("temperature", command->temperature);
  ADD_INT ("position", command->position);
#undef ADD_INT
  if (command->color >= 0)
    {
      g_autofree char *color = g_strdup_printf ("#%06x", (guint) command->color);

      json_builder_set_member_name (builder, "color");
      json_builder_add_string_value (builder, color);
    }
  if (command->scene != NULL)
    {
      json_builder_set_member_name (builder, "scene");
      json_builder_add_string_value (builder, command->scene);
    }
  if (command->answer != NULL)
    {
      json_builder_set_member_name (builder, "answer");
      json_builder_add_string_value (builder, command->answer);
    }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
print_command (const HearthCommand *command)
{
  if (hearthctl_opt_json)
    {
      g_autoptr(JsonNode) node = command_to_json (command);
      g_autofree char *text = hearth_json_to_data (node, TRUE, NULL);

      g_print ("%s\n", text);
    }
  else if (!command->understood)
    g_printerr ("hearthctl: %s\n", command->message);
  else if (command->answer != NULL)
    g_print ("%s\n", command->answer);
  else
    g_print ("%s\n", command->summary);
}

int
cmd_say (HearthHome  *home,
         int          argc,
         char       **argv)
{
  g_autoptr(HearthGrammar) grammar = NULL;
  g_autoptr(HearthStore) store = NULL;
  g_autoptr(GPtrArray) targets = NULL;
  g_auto(GStrv) scenes = NULL;
  g_autoptr(HearthCommand) command = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *language = NULL;
  g_autofree char *text = NULL;
  GError *error = NULL;

  if (argc < 2)
    return hearthctl_usage_error (_("“say” needs what to do, in words: hearthctl say kitchen lights off"));

  text = g_strjoinv (" ", argv + 1);
  if (!g_utf8_validate (text, -1, NULL))
    return hearthctl_usage_error (_("What to do is written in UTF-8"));

  language = hearthctl_opt_language != NULL ? g_strdup (hearthctl_opt_language)
                                            : hearth_grammar_language_for_locale ();
  grammar = hearth_grammar_load (language, &error);
  if (grammar == NULL)
    {
      g_auto(GStrv) languages = hearth_grammar_dup_languages ();
      g_autofree char *list = g_strjoinv (", ", languages);
      g_autofree char *message = g_strdup_printf (_("No language “%s”: hearthctl understands %s"),
                                                  language, list);

      g_clear_error (&error);
      return hearthctl_usage_error (message);
    }

  /* The home keeps the store: a scene is recalled from it */
  store = hearthctl_open_store ();
  hearth_home_set_store (home, store);
  hearthctl_discover (home, NULL);
  targets = hearth_command_targets_from_home (home, store);
  scenes = hearth_store_dup_scene_names (store);
  command = hearth_command_parse (grammar, text, targets, (const char * const *) scenes);

  if (!command->understood)
    {
      print_command (command);
      return EXIT_FAILURE_DEVICE;
    }
  if (hearthctl_opt_dry_run || command->action == HEARTH_COMMAND_STATE)
    {
      print_command (command);
      return EXIT_OK;
    }

  hearth_command_run_async (home, command, NULL, hearthctl_store_result, &result);
  hearthctl_wait_for (hearthctl_result_is_set, &result, G_MAXINT);
  if (!hearth_command_run_finish (home, result, &error))
    return hearthctl_fail (error);

  print_command (command);
  return EXIT_OK;
}
