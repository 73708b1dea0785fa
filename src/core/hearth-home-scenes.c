/* hearth-home-scenes.c: scenes saved from the state of controls, and
 * recalled through the one way HearthHome applies changes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "hearth-control.h"
#include "hearth-device.h"
#include "hearth-error.h"
#include "hearth-home-private.h"
#include "hearth-scene.h"

HearthScene *
hearth_home_capture_scene (HearthHome  *self,
                           const char  *name,
                           GPtrArray   *controls,
                           GError     **error)
{
  g_autoptr(HearthScene) scene = NULL;

  g_return_val_if_fail (HEARTH_IS_HOME (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (controls != NULL, NULL);

  scene = hearth_scene_new (name);
  for (guint i = 0; i < controls->len; i++)
    {
      HearthControl *control = g_ptr_array_index (controls, i);
      HearthDevice *device = _hearth_home_find_device_of (self, control);
      g_autoptr(HearthChange) change = NULL;

      if (device == NULL)
        {
          g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_NOT_FOUND,
                       /* TRANSLATORS: %s is a control's name */
                       _("%s is not connected"), hearth_control_get_name (control));
          return NULL;
        }
      change = hearth_scene_capture_control (control);
      if (change != NULL)
        hearth_scene_set_member (scene, hearth_device_get_id (device),
                                 hearth_control_get_id (control), change);
    }

  if (hearth_scene_get_n_members (scene) == 0)
    {
      g_set_error_literal (error, HEARTH_ERROR, HEARTH_ERROR_INVALID,
                           _("A scene needs a light, a switch or a cover whose state is known"));
      return NULL;
    }
  return g_steal_pointer (&scene);
}

gboolean
hearth_home_save_scene (HearthHome  *self,
                        const char  *name,
                        GPtrArray   *controls,
                        gboolean     replace,
                        GError     **error)
{
  g_autoptr(HearthScene) scene = NULL;

  g_return_val_if_fail (HEARTH_IS_HOME (self), FALSE);
  g_return_val_if_fail (self->store != NULL, FALSE);

  scene = hearth_home_capture_scene (self, name, controls, error);
  return scene != NULL && hearth_store_set_scene (self->store, scene, replace, error);
}

/* Recalling */

typedef struct
{
  char      *name;
  GPtrArray *failed;    /* HearthSceneMiss: found, did not take its state */
  GPtrArray *skipped;   /* HearthSceneMiss: forgotten */
  GPtrArray *misses;    /* both, as the finish tells them */
} RecallData;

static void
recall_data_free (RecallData *data)
{
  g_free (data->name);
  g_ptr_array_unref (data->failed);
  g_ptr_array_unref (data->skipped);
  g_clear_pointer (&data->misses, g_ptr_array_unref);
  g_free (data);
}

static HearthSceneMiss *
miss_new (HearthScene   *scene,
          guint          index,
          HearthDevice  *device,
          HearthControl *control,
          const char    *message)
{
  HearthSceneMiss *miss = g_new0 (HearthSceneMiss, 1);

  miss->device_id = g_strdup (hearth_scene_get_device_id (scene, index));
  miss->control_id = g_strdup (hearth_scene_get_control_id (scene, index));
  miss->device_name = g_strdup (device != NULL ? hearth_device_get_name (device) : miss->device_id);
  miss->control_name = g_strdup (control != NULL ? hearth_control_get_name (control) : miss->control_id);
  miss->message = g_strdup (message);
  return miss;
}

static void
recall_return (GTask *task)
{
  RecallData *data = g_task_get_task_data (task);
  g_autoptr(GString) text = g_string_new (NULL);

  data->misses = g_ptr_array_new ();
  for (guint i = 0; i < data->failed->len; i++)
    {
      HearthSceneMiss *miss = g_ptr_array_index (data->failed, i);

      g_ptr_array_add (data->misses, miss);
      if (text->len > 0)
        g_string_append (text, "; ");
      /* TRANSLATORS: a device's name, a control's name, then what went wrong */
      g_string_append_printf (text, _("%s (%s): %s"), miss->device_name, miss->control_name, miss->message);
    }
  g_ptr_array_extend (data->misses, data->skipped, NULL, NULL);

  if (data->failed->len == 0)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  g_task_return_new_error (task, HEARTH_ERROR, HEARTH_ERROR_FAILED,
                           /* TRANSLATORS: a number, a scene's name, then which members failed and why */
                           ngettext ("%u member of “%s” failed: %s", "%u members of “%s” failed: %s",
                                     data->failed->len),
                           data->failed->len, data->name, text->str);
}

static void
on_scene_applied (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RecallData *data = g_task_get_task_data (task);
  g_autoptr(GPtrArray) failed = NULL;
  GError *error = NULL;

  failed = _hearth_home_apply_each_finish (HEARTH_HOME (object), result, &error);
  if (failed == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* The members that failed at once come first, then those of the devices */
  for (guint i = 0; i < failed->len; i++)
    g_ptr_array_add (data->failed, g_steal_pointer (&failed->pdata[i]));
  recall_return (task);
}

void
hearth_home_recall_scene_async (HearthHome          *self,
                                const char          *name,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(HearthScene) scene = NULL;
  g_autoptr(GPtrArray) controls = g_ptr_array_new ();
  g_autoptr(GPtrArray) changes = g_ptr_array_new ();
  RecallData *data;

  g_return_if_fail (HEARTH_IS_HOME (self));
  g_return_if_fail (name != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hearth_home_recall_scene_async);
  data = g_new0 (RecallData, 1);
  data->failed = g_ptr_array_new_with_free_func ((GDestroyNotify) hearth_scene_miss_free);
  data->skipped = g_ptr_array_new_with_free_func ((GDestroyNotify) hearth_scene_miss_free);
  g_task_set_task_data (task, data, (GDestroyNotify) recall_data_free);

  scene = self->store != NULL ? hearth_store_dup_scene (self->store, name) : NULL;
  if (scene == NULL)
    {
      data->name = g_strdup (name);
      g_task_return_new_error (task, HEARTH_ERROR, HEARTH_ERROR_NOT_FOUND,
                               _("There is no scene called “%s”"), name);
      return;
    }
  data->name = g_strdup (hearth_scene_get_name (scene));

  for (guint i = 0; i < hearth_scene_get_n_members (scene); i++)
    {
      const char *device_id = hearth_scene_get_device_id (scene, i);
      const HearthChange *change = hearth_scene_get_change (scene, i);
      HearthDevice *device = _hearth_home_find_by_id (self, device_id);
      HearthControl *control = NULL;
      g_autoptr(GError) error = NULL;

      if (device != NULL)
        control = hearth_device_find_control (device, hearth_scene_get_control_id (scene, i));

      /* Forgotten: its device, or the control on a device that is there */
      if ((device == NULL && !hearth_store_has_known_device (self->store, device_id)) ||
          (device != NULL && control == NULL))
        g_ptr_array_add (data->skipped, miss_new (scene, i, device, NULL, NULL));
      else if (device == NULL || hearth_home_get_link (self, device) == NULL)
        /* TRANSLATORS: said of a device in a scene that the home does not reach */
        g_ptr_array_add (data->failed, miss_new (scene, i, device, control, _("not connected")));
      else if (!hearth_change_check (change, control, &error))
        g_ptr_array_add (data->failed, miss_new (scene, i, device, control, error->message));
      else
        {
          g_ptr_array_add (controls, control);
          g_ptr_array_add (changes, (gpointer) change);
        }
    }

  /* scene stays alive for @changes until apply_each copied them */
  _hearth_home_apply_each_async (self, controls, changes, cancellable, on_scene_applied,
                                 g_steal_pointer (&task));
}

gboolean
hearth_home_recall_scene_finish (HearthHome    *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (HEARTH_IS_HOME (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

GPtrArray *
hearth_home_recall_scene_get_misses (HearthHome   *self,
                                     GAsyncResult *result)
{
  RecallData *data;

  g_return_val_if_fail (HEARTH_IS_HOME (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  data = g_task_get_task_data (G_TASK (result));
  return data->misses;
}
