/* hearth-home-rekey.c: a device added by address takes its hardware id
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A device that tells nothing about itself before it is paired (a
 * Nanoleaf) and was added by address is known by an id made from that
 * address ("nanoleaf@HOST:PORT"): it would be lost when its address
 * changes. Once paired it tells its serial number: then a new device with
 * that id takes its place in the model (same position: no second tile),
 * read in full with the new secret before it shows; the choices made in
 * the store (names, rooms, favourites, hidden controls, the login's user)
 * and the hosts it was added by follow it.
 */
#include "config.h"

#include <string.h>

#include "hearth-control.h"
#include "hearth-device.h"
#include "hearth-home-private.h"

typedef struct
{
  HearthDevice *old;
  HearthDevice *device;
  HearthLink   *link;
} RekeyData;

static void
rekey_data_free (RekeyData *data)
{
  g_clear_object (&data->old);
  g_clear_object (&data->device);
  g_clear_object (&data->link);
  g_free (data);
}

/* A serial number that can be an id: printable ASCII, no "@" (address
 * ids) and no "/" (the store's keys) */
static gboolean
is_usable_id (const char *serial)
{
  gsize len = serial != NULL ? strlen (serial) : 0;

  if (len == 0 || len > 64)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    {
      if (!g_ascii_isgraph (serial[i]) || serial[i] == '@' || serial[i] == '/')
        return FALSE;
    }
  return TRUE;
}

gboolean
_hearth_home_can_rekey (HearthHome   *self,
                        HearthDevice *device)
{
  /* Only a home that remembers its devices can find it again by that id
   * (hearthctl without a store asks by address: it keeps the address id) */
  return self->store != NULL &&
         hearth_device_has_address_id (device) &&
         is_usable_id (hearth_device_get_serial (device)) &&
         _hearth_home_find_by_id (self, hearth_device_get_serial (device)) == NULL &&
         _hearth_home_index_contains (self, device);
}

static void
copy_choices (HearthStore  *store,
              HearthDevice *old,
              HearthDevice *device)
{
  GListModel *controls = hearth_device_get_controls (device);
  const char *old_id = hearth_device_get_id (old);
  const char *id = hearth_device_get_id (device);

  for (guint i = 0; i < g_list_model_get_n_items (controls); i++)
    {
      g_autoptr(HearthControl) control = g_list_model_get_item (controls, i);
      g_autofree char *from = g_strconcat (old_id, "/", hearth_control_get_id (control), NULL);
      g_autofree char *to = g_strconcat (id, "/", hearth_control_get_id (control), NULL);

      if (hearth_store_get_name (store, from) != NULL)
        hearth_store_set_name (store, to, hearth_store_get_name (store, from));
      if (hearth_store_get_room (store, from) != NULL)
        hearth_store_set_room (store, to, hearth_store_get_room (store, from));
      if (hearth_store_get_favourite (store, from))
        hearth_store_set_favourite (store, to, TRUE);
      if (hearth_store_get_hidden (store, from))
        hearth_store_set_hidden (store, to, TRUE);
    }
  if (hearth_store_get_login_user (store, old_id) != NULL)
    hearth_store_set_login_user (store, id, hearth_store_get_login_user (store, old_id));
}

/* In the store: the new id's entry, the old one's choices and hosts */
static void
move_in_store (HearthHome   *self,
               HearthDevice *old,
               HearthDevice *device)
{
  g_autoptr(GPtrArray) hosts = hearth_home_dup_hosts (self);

  copy_choices (self->store, old, device);
  hearth_store_remember_device (self->store, device);
  g_hash_table_add (self->known_ids, g_strdup (hearth_device_get_id (device)));
  /* Forgetting the old id drops the hosts it was added by: back they go */
  hearth_store_forget_device (self->store, hearth_device_get_id (old));
  for (guint i = 0; i < hosts->len; i++)
    {
      HearthHost *host = g_ptr_array_index (hosts, i);

      if (hearth_host_matches (host, hearth_device_get_host (old), hearth_device_get_port (old)))
        hearth_store_add_host (self->store, hearth_host_get_host (host), hearth_host_get_port (host));
    }
}

static void
on_rekeyed_read (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = user_data;
  HearthHome *self = g_task_get_source_object (task);
  RekeyData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  const char *old_id = hearth_device_get_id (data->old);
  HearthLink *old_link;
  guint position;

  /* (The home may have been disposed meanwhile: then its links are gone) */
  if (!hearth_link_refresh_finish (data->link, result, &error) || self->links == NULL ||
      !g_ptr_array_find (self->devices, data->old, &position) ||
      _hearth_home_find_by_id (self, hearth_device_get_id (data->device)) != NULL)
    {
      /* Keeps its address id, for now */
      g_debug ("%s keeps its id: %s", old_id, error != NULL ? error->message : "gone meanwhile");
      g_task_return_pointer (task, g_object_ref (data->old), g_object_unref);
      g_object_unref (task);
      return;
    }

  g_debug ("%s is %s", old_id, hearth_device_get_id (data->device));

  if (self->store != NULL)
    move_in_store (self, data->old, data->device);

  /* The new device where the old one was */
  old_link = g_hash_table_lookup (self->links, old_id);
  if (old_link != NULL)
    hearth_link_stop (old_link);
  g_hash_table_remove (self->watches, old_id);
  g_hash_table_remove (self->to_remember, old_id);
  g_hash_table_remove (self->known_ids, old_id);
  g_hash_table_remove (self->links, old_id);

  g_hash_table_insert (self->links, g_strdup (hearth_device_get_id (data->device)),
                       g_object_ref (data->link));
  _hearth_home_index_remove (self, data->old);
  g_ptr_array_index (self->devices, position) = g_object_ref (data->device);
  _hearth_home_index_add (self, data->device);
  g_object_unref (data->old);   /* the model's reference */
  _hearth_home_follow_device_state (self, data->device);
  if (self->store != NULL)
    _hearth_home_watch_device (self, data->device);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 1);

  g_task_return_pointer (task, g_object_ref (data->device), g_object_unref);
  g_object_unref (task);
}

void
_hearth_home_rekey_async (HearthHome          *self,
                          HearthDevice        *device,
                          const char          *secret,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  GTask *task = g_task_new (self, NULL, callback, user_data);
  RekeyData *data = g_new0 (RekeyData, 1);
  HearthDriver *driver = hearth_home_get_driver (self, device);

  g_task_set_task_data (task, data, (GDestroyNotify) rekey_data_free);
  data->old = g_object_ref (device);
  data->device = hearth_device_new (hearth_device_get_serial (device), hearth_device_get_family (device));
  hearth_device_set_name (data->device, hearth_device_get_name (device));
  hearth_device_set_model (data->device, hearth_device_get_model (device));
  hearth_device_set_firmware (data->device, hearth_device_get_firmware (device));
  hearth_device_set_serial (data->device, hearth_device_get_serial (device));
  hearth_device_set_address (data->device, hearth_device_get_host (device), hearth_device_get_port (device));
  hearth_device_set_live (data->device, hearth_device_get_live (device));

  /* Read in full with the secret before it shows */
  data->link = hearth_driver_create_link (driver, data->device, self->http);
  hearth_link_set_credentials (data->link, NULL, secret);
  hearth_link_refresh_async (data->link, self->cancellable, on_rekeyed_read, task);
}

HearthDevice *
_hearth_home_rekey_finish (HearthHome    *self,
                           GAsyncResult  *result)
{
  return g_task_propagate_pointer (G_TASK (result), NULL);
}
