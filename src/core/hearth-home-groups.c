/* hearth-home-groups.c: which controls a room, or the favourites, holds
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The one place that says what a group is, for every face (the app's room
 * headings and details, hearthctl): the controls the store puts in a room
 * or among the favourites, of the devices the home has, filtered by what a
 * group action acts on. Acting on them is hearth_home_apply_async()'s
 * (the devices at the same time, each one's changes one after another).
 */
#include "config.h"

#include "hearth-control.h"
#include "hearth-device.h"
#include "hearth-home-private.h"

static gboolean
group_takes (HearthControl      *control,
             HearthGroupMembers  members)
{
  HearthControlKind kind = hearth_control_get_kind (control);

  switch (members)
    {
    case HEARTH_GROUP_SWITCHABLE:
      return (kind == HEARTH_CONTROL_KIND_LIGHT || kind == HEARTH_CONTROL_KIND_SWITCH) &&
             hearth_control_has_capability (control, HEARTH_CAPABILITY_ON_OFF);
    case HEARTH_GROUP_DIMMABLE:
      return kind == HEARTH_CONTROL_KIND_LIGHT &&
             hearth_control_has_capability (control, HEARTH_CAPABILITY_BRIGHTNESS);
    case HEARTH_GROUP_ALL:
    default:
      return TRUE;
    }
}

static gboolean
in_group (HearthStore *store,
          const char  *key,
          const char  *room)
{
  if (hearth_store_get_hidden (store, key))
    return FALSE;
  if (room == NULL)
    return hearth_store_get_favourite (store, key);
  return g_strcmp0 (hearth_store_get_room (store, key), room) == 0;
}

GPtrArray *
hearth_home_dup_group (HearthHome         *self,
                       const char         *room,
                       HearthGroupMembers  members)
{
  GPtrArray *group;

  g_return_val_if_fail (HEARTH_IS_HOME (self), NULL);

  group = g_ptr_array_new_with_free_func (g_object_unref);
  if (self->store == NULL)
    return group;

  for (guint i = 0; i < self->devices->len; i++)
    {
      HearthDevice *device = g_ptr_array_index (self->devices, i);
      GListModel *controls = hearth_device_get_controls (device);
      guint n = g_list_model_get_n_items (controls);

      for (guint j = 0; j < n; j++)
        {
          g_autoptr(HearthControl) control = g_list_model_get_item (controls, j);
          g_autofree char *key = hearth_store_key (hearth_device_get_id (device),
                                                   hearth_control_get_id (control));

          if (group_takes (control, members) && in_group (self->store, key, room))
            g_ptr_array_add (group, g_steal_pointer (&control));
        }
    }
  return group;
}
