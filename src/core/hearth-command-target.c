/* hearth-command-target.c: the tiles a command can name
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hearth-command-target.h"
#include "hearth-device.h"
#include "hearth-store.h"

static void
clear (HearthCommandTarget *self)
{
  g_free (self->device_id);
  g_free (self->control_id);
  g_free (self->name);
  g_free (self->room);
  g_clear_object (&self->control);
}

HearthCommandTarget *
hearth_command_target_new (const char    *device_id,
                           HearthControl *control,
                           const char    *name,
                           const char    *fallback_name,
                           const char    *room,
                           gboolean       favourite,
                           gboolean       available)
{
  HearthCommandTarget *self = g_rc_box_new0 (HearthCommandTarget);

  g_return_val_if_fail (device_id != NULL, NULL);
  g_return_val_if_fail (HEARTH_IS_CONTROL (control), NULL);

  if (name == NULL || *name == '\0')
    name = hearth_control_get_name (control);
  if (name == NULL || *name == '\0')
    name = fallback_name;
  if (name == NULL || *name == '\0')
    name = hearth_control_get_id (control);

  self->device_id = g_strdup (device_id);
  self->control_id = g_strdup (hearth_control_get_id (control));
  self->name = g_strdup (name);
  self->room = room != NULL && *room != '\0' ? g_strdup (room) : NULL;
  self->favourite = favourite;
  self->available = available;
  self->control = g_object_ref (control);
  return self;
}

HearthCommandTarget *
hearth_command_target_ref (HearthCommandTarget *self)
{
  return g_rc_box_acquire (self);
}

void
hearth_command_target_unref (HearthCommandTarget *self)
{
  g_rc_box_release_full (self, (GDestroyNotify) clear);
}

GPtrArray *
hearth_command_targets_from_home (HearthHome  *home,
                                  HearthStore *store)
{
  GPtrArray *targets = g_ptr_array_new_with_free_func ((GDestroyNotify) hearth_command_target_unref);
  GListModel *devices = G_LIST_MODEL (home);

  if (store == NULL)
    store = hearth_home_get_store (home);

  for (guint i = 0; i < g_list_model_get_n_items (devices); i++)
    {
      g_autoptr(HearthDevice) device = g_list_model_get_item (devices, i);
      GListModel *controls = hearth_device_get_controls (device);
      const char *device_id = hearth_device_get_id (device);

      for (guint j = 0; j < g_list_model_get_n_items (controls); j++)
        {
          g_autoptr(HearthControl) control = g_list_model_get_item (controls, j);
          g_autofree char *key = hearth_store_key (device_id, hearth_control_get_id (control));

          if (store != NULL && hearth_store_get_hidden (store, key))
            continue;
          g_ptr_array_add (targets,
                           hearth_command_target_new (device_id, control,
                                                      store != NULL ? hearth_store_get_name (store, key) : NULL,
                                                      hearth_device_get_name (device),
                                                      store != NULL ? hearth_store_get_room (store, key) : NULL,
                                                      store != NULL && hearth_store_get_favourite (store, key),
                                                      hearth_device_get_available (device)));
        }
    }
  return targets;
}
