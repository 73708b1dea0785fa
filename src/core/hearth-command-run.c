/* hearth-command-run.c: carrying out an understood command
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "hearth-command-run.h"
#include "hearth-error.h"

static void
on_home_applied (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (hearth_home_apply_finish (HEARTH_HOME (object), result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
on_scene_recalled (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (hearth_home_recall_scene_finish (HEARTH_HOME (object), result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
hearth_command_run_async (HearthHome          *home,
                          const HearthCommand *command,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GPtrArray) controls = NULL;
  g_autoptr(HearthChange) change = NULL;

  g_return_if_fail (HEARTH_IS_HOME (home));
  g_return_if_fail (command != NULL);

  task = g_task_new (home, cancellable, callback, user_data);
  g_task_set_source_tag (task, hearth_command_run_async);

  if (!command->understood)
    {
      g_task_return_new_error (task, HEARTH_ERROR, HEARTH_ERROR_INVALID, "%s",
                               command->message != NULL ? command->message : "");
      return;
    }
  if (command->action == HEARTH_COMMAND_STATE)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (command->action == HEARTH_COMMAND_SCENE)
    {
      hearth_home_recall_scene_async (home, command->scene, cancellable,
                                      on_scene_recalled, g_steal_pointer (&task));
      return;
    }

  controls = g_ptr_array_new ();
  for (guint i = 0; i < command->targets->len; i++)
    {
      HearthCommandTarget *target = g_ptr_array_index (command->targets, i);

      g_ptr_array_add (controls, target->control);
    }
  change = hearth_command_dup_change (command);
  hearth_home_apply_async (home, controls, change, cancellable, on_home_applied, g_steal_pointer (&task));
}

gboolean
hearth_command_run_finish (HearthHome    *home,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, home), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
