/* hearth-home-known.c: adding the device at an address, with the logins
 * earlier runs kept
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "hearth-device.h"
#include "hearth-error.h"
#include "hearth-home-private.h"
#include "hearth-host.h"
#include "hearth-secrets.h"
#include "hearth-store.h"

/* Adding by address, with what earlier runs kept. A device that tells
 * nothing about itself without its password (a Tasmota or an ESPHome node
 * with a web password) is known to the store by the id it told after a
 * login, and the keyring keeps the password for that id: it is identified
 * with that login first (so a command does not wait for every family to
 * be probed without it), then without one. As in the app, the password
 * goes to the address where that device was last; a device found there
 * with another id is not taken for it. */

typedef struct
{
  HearthHome  *home;
  HearthStore *store;   /* the user names of the logins kept */
  HearthHost  *host;
  GPtrArray   *ids;      /* known at that address, still to try */
  char        *id;       /* the one being tried */
  GError      *refused;  /* the device refused the password kept for it */
} AddKnown;

static void
add_known_free (AddKnown *data)
{
  g_object_unref (data->home);
  g_object_unref (data->store);
  hearth_host_unref (data->host);
  g_ptr_array_unref (data->ids);
  g_free (data->id);
  g_clear_error (&data->refused);
  g_free (data);
}

static void
on_added_without_login (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AddKnown *data = g_task_get_task_data (task);
  HearthDevice *device;
  GError *error = NULL;

  device = hearth_home_add_address_finish (data->home, result, &error);
  if (device != NULL)
    g_task_return_pointer (task, device, g_object_unref);
  else if (g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_NEEDS_PASSWORD) && data->refused != NULL)
    {
      g_error_free (error);
      g_task_return_error (task, g_steal_pointer (&data->refused));
    }
  else
    g_task_return_error (task, error);
}

static void try_next_known (GTask *task);

static void
on_added_with_kept_login (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AddKnown *data = g_task_get_task_data (task);
  g_autoptr(HearthDevice) device = NULL;
  g_autoptr(GError) error = NULL;

  device = hearth_home_add_address_finish (data->home, result, &error);
  if (device != NULL && g_str_equal (hearth_device_get_id (device), data->id))
    {
      g_task_return_pointer (task, g_steal_pointer (&device), g_object_unref);
      return;
    }

  if (device != NULL || g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_WRONG_DEVICE))
    {
      g_hash_table_replace (data->home->others_at_kept_host, g_strdup (data->id),
                            g_strdup_printf ("%s:%u", hearth_host_get_host (data->host),
                                             hearth_host_get_port (data->host)));
    }
  if (device != NULL)
    g_debug ("%s is %s now, no longer %s", hearth_host_get_host (data->host), hearth_device_get_id (device), data->id);
  else
    g_debug ("%s (%s) with the password kept for it: %s", hearth_host_get_host (data->host), data->id, error->message);

  if (g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PASSWORD) && data->refused == NULL)
    data->refused = g_error_new (HEARTH_ERROR, HEARTH_ERROR_BAD_PASSWORD,
                                 /* TRANSLATORS: %s is an address, HOST or HOST:PORT */
                                 _("The device at %s refused the password kept in the keyring for it"),
                                 hearth_host_get_host (data->host));

  try_next_known (g_steal_pointer (&task));
}

static void
on_kept_secret (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GTask *task = user_data;
  AddKnown *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  char *secret;

  secret = hearth_secrets_lookup_finish (result, &error);
  if (secret == NULL)
    {
      if (error != NULL)
        g_debug ("No keyring to ask for %s's password: %s", data->id, error->message);
      try_next_known (task);
      return;
    }

  /* With the user name it was logged in with (NULL: the family's usual one) */
  hearth_home_add_address_with_login_async (data->home, hearth_host_get_host (data->host),
                                            hearth_host_get_port (data->host),
                                            hearth_store_get_login_user (data->store, data->id),
                                            secret, g_task_get_cancellable (task),
                                            on_added_with_kept_login, task);
  hearth_secret_free (secret);
}

static void
try_next_known (GTask *task)
{
  AddKnown *data = g_task_get_task_data (task);

  g_clear_pointer (&data->id, g_free);
  if (data->ids->len == 0)
    {
      hearth_home_add_address_async (data->home, hearth_host_get_host (data->host),
                                     hearth_host_get_port (data->host), g_task_get_cancellable (task),
                                     on_added_without_login, task);
      return;
    }

  data->id = g_ptr_array_steal_index (data->ids, 0);
  hearth_secrets_lookup_async (data->id, g_task_get_cancellable (task), on_kept_secret, task);
}

/* A device an earlier run knew at that address by its hardware id joins
 * the home as that run knew it: its link confirms who answers there (a
 * Nanoleaf paired by address, known by its serial number, with the one
 * read with its token), and what answers there merges into it. */
static void
restore_known (HearthHome   *self,
               HearthDevice *device)
{
  g_autoptr(HearthLink) link = NULL;

  if (_hearth_home_find_by_id (self, hearth_device_get_id (device)) != NULL)
    return;

  link = _hearth_home_restore_device (self, device);
  if (link == NULL)
    return;
  g_list_model_items_changed (G_LIST_MODEL (self), self->devices->len - 1, 0, 1);
  hearth_link_start (link);
}

void
hearth_home_add_known_address_async (HearthHome          *home,
                                     HearthStore         *store,
                                     const HearthHost    *host,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GPtrArray) known = NULL;
  GTask *task;
  AddKnown *data;

  g_return_if_fail (HEARTH_IS_HOME (home));
  g_return_if_fail (HEARTH_IS_STORE (store));
  g_return_if_fail (host != NULL);

  known = hearth_store_dup_known_devices_at (store, hearth_host_get_host (host), hearth_host_get_port (host));
  home->known_built += known->len;
  task = g_task_new (home, cancellable, callback, user_data);
  g_task_set_source_tag (task, hearth_home_add_known_address_async);
  data = g_new0 (AddKnown, 1);

  data->home = g_object_ref (home);
  data->store = g_object_ref (store);
  data->host = hearth_host_ref ((HearthHost *) host);
  data->ids = g_ptr_array_new_with_free_func (g_free);
  g_task_set_task_data (task, data, (GDestroyNotify) add_known_free);

  for (guint i = 0; i < known->len; i++)
    {
      HearthDevice *device = g_ptr_array_index (known, i);

      if (hearth_home_family_logs_in (home, hearth_device_get_family (device)))
        g_ptr_array_add (data->ids, g_strdup (hearth_device_get_id (device)));
      else if (!hearth_device_has_address_id (device))
        restore_known (home, device);
    }

  try_next_known (task);
}

HearthDevice *
hearth_home_add_known_address_finish (HearthHome    *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  g_return_val_if_fail (HEARTH_IS_HOME (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

const char *
hearth_home_get_other_at_kept_host (HearthHome *self,
                                    const char *id)
{
  g_return_val_if_fail (HEARTH_IS_HOME (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return g_hash_table_lookup (self->others_at_kept_host, id);
}
