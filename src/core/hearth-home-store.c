/* hearth-home-store.c: HearthHome remembers its devices in the store, and follows it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hearth-device.h"
#include "hearth-home-private.h"
#include "hearth-host.h"
#include "hearth-store.h"

/* Devices are remembered in the store soon after what identifies them
 * changes (name, address, controls), and at a slower pace for their state
 * (a brightness drag, a power reading every second), so that the file is
 * not rewritten for every tick. */
#define REMEMBER_SOON_MS       1000
#define REMEMBER_LATER_SECONDS 30

/* Remembering devices in the store */

void
_hearth_home_remember_pending (HearthHome *self)
{
  g_autoptr(GPtrArray) devices = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer id;

  g_clear_handle_id (&self->remember_soon_source, g_source_remove);
  g_clear_handle_id (&self->remember_later_source, g_source_remove);

  if (self->store == NULL)
    return;

  /* Each device to remember is watched (found by id at no cost) */
  g_hash_table_iter_init (&iter, self->to_remember);
  while (g_hash_table_iter_next (&iter, &id, NULL))
    {
      Watch *watch = g_hash_table_lookup (self->watches, id);

      if (watch != NULL)
        {
          g_ptr_array_add (devices, watch->device);
          g_hash_table_add (self->known_ids, g_strdup (id));
        }
    }
  g_hash_table_remove_all (self->to_remember);

  /* All at once, and not news to this home: devices it remembers cannot
   * have been forgotten (see sync_known_devices()) */
  g_signal_handlers_block_by_func (self->store, _hearth_home_on_store_changed, self);
  hearth_store_remember_devices (self->store, devices);
  g_signal_handlers_unblock_by_func (self->store, _hearth_home_on_store_changed, self);
}

static gboolean
on_remember_later (gpointer user_data)
{
  HearthHome *self = HEARTH_HOME (user_data);

  self->remember_later_source = 0;
  _hearth_home_remember_pending (self);
  return G_SOURCE_REMOVE;
}

static gboolean
on_remember_soon (gpointer user_data)
{
  HearthHome *self = HEARTH_HOME (user_data);

  self->remember_soon_source = 0;
  _hearth_home_remember_pending (self);
  return G_SOURCE_REMOVE;
}

void
_hearth_home_schedule_remember (HearthHome   *self,
                                HearthDevice *device,
                                gboolean      soon)
{
  if (self->store == NULL)
    return;

  g_hash_table_add (self->to_remember, g_strdup (hearth_device_get_id (device)));
  if (soon)
    {
      if (self->remember_soon_source == 0)
        self->remember_soon_source = g_timeout_add (REMEMBER_SOON_MS, on_remember_soon, self);
    }
  else if (self->remember_later_source == 0 && self->remember_soon_source == 0)
    self->remember_later_source = g_timeout_add_seconds (REMEMBER_LATER_SECONDS, on_remember_later, self);
}

static void
on_control_notify (HearthControl *control,
                   GParamSpec    *pspec,
                   Watch         *watch)
{
  static const char * const identity[] = {
    "name", "kind", "capabilities", "temperature-min", "temperature-max", "effects", NULL,
  };

  _hearth_home_schedule_remember (watch->home, watch->device, g_strv_contains (identity, pspec->name));
}

static void
watch_controls (Watch *watch)
{
  GListModel *controls = hearth_device_get_controls (watch->device);

  for (guint i = 0; i < watch->controls->len; i++)
    g_signal_handlers_disconnect_by_data (g_ptr_array_index (watch->controls, i), watch);
  g_ptr_array_set_size (watch->controls, 0);

  for (guint i = 0; i < g_list_model_get_n_items (controls); i++)
    {
      HearthControl *control = g_list_model_get_item (controls, i);

      g_signal_connect (control, "notify", G_CALLBACK (on_control_notify), watch);
      g_ptr_array_add (watch->controls, control);
    }
}

static void
on_controls_changed (GListModel *controls,
                     guint       position,
                     guint       removed,
                     guint       added,
                     Watch      *watch)
{
  watch_controls (watch);
  _hearth_home_schedule_remember (watch->home, watch->device, TRUE);
}

static void
on_device_notify (HearthDevice *device,
                  GParamSpec   *pspec,
                  Watch        *watch)
{
  static const char * const identity[] = {
    "name", "model", "firmware", "host", "port", NULL,
  };

  if (g_strv_contains (identity, pspec->name))
    _hearth_home_schedule_remember (watch->home, device, TRUE);
}

void
_hearth_home_watch_free (gpointer data)
{
  Watch *watch = data;

  for (guint i = 0; i < watch->controls->len; i++)
    g_signal_handlers_disconnect_by_data (g_ptr_array_index (watch->controls, i), watch);
  g_ptr_array_unref (watch->controls);
  g_signal_handlers_disconnect_by_data (hearth_device_get_controls (watch->device), watch);
  g_signal_handlers_disconnect_by_data (watch->device, watch);
  g_object_unref (watch->device);
  g_free (watch);
}

void
_hearth_home_watch_device (HearthHome   *self,
                           HearthDevice *device)
{
  Watch *watch;

  if (g_hash_table_contains (self->watches, hearth_device_get_id (device)))
    return;

  watch = g_new0 (Watch, 1);
  watch->home = self;
  watch->device = g_object_ref (device);
  watch->controls = g_ptr_array_new_with_free_func (g_object_unref);
  g_hash_table_insert (self->watches, g_strdup (hearth_device_get_id (device)), watch);

  g_signal_connect (device, "notify", G_CALLBACK (on_device_notify), watch);
  g_signal_connect (hearth_device_get_controls (device), "items-changed",
                    G_CALLBACK (on_controls_changed), watch);
  watch_controls (watch);
}

/* @device, known from an earlier run, joins the model (at its end, not
 * announced yet) with a link for its last address, not started; NULL when
 * it cannot be reached (no driver, no usable address) */
HearthLink *
_hearth_home_restore_device (HearthHome   *self,
                             HearthDevice *device)
{
  const char *id = hearth_device_get_id (device);
  g_autoptr(GError) error = NULL;
  HearthDriver *driver;
  HearthLink *link;

  driver = hearth_home_get_driver (self, device);
  if (driver == NULL || hearth_device_get_host (device) == NULL || hearth_device_get_port (device) == 0)
    {
      g_debug ("Cannot reach %s (%s) known from the last run", id, hearth_device_get_family (device));
      return NULL;
    }
  if (!hearth_host_check (hearth_device_get_host (device), &error))
    {
      g_debug ("Cannot reach %s known from the last run: %s", id, error->message);
      return NULL;
    }

  link = hearth_driver_create_link (driver, device, self->http);
  _hearth_home_use_login_user (self, link);
  g_hash_table_insert (self->links, g_strdup (id), g_object_ref (link));
  g_ptr_array_add (self->devices, g_object_ref (device));
  _hearth_home_index_add (self, device);
  _hearth_home_follow_device_state (self, device);
  _hearth_home_watch_device (self, device);

  return link;
}

/* Devices known from the last run: shown at once, connecting, each link
 * started at the last address it had */
void
_hearth_home_restore_known_devices (HearthHome *self)
{
  g_autoptr(GPtrArray) known = hearth_store_dup_known_devices (self->store);
  g_autoptr(GPtrArray) links = g_ptr_array_new_with_free_func (g_object_unref);
  guint position = self->devices->len;

  for (guint i = 0; i < known->len; i++)
    {
      HearthDevice *device = g_ptr_array_index (known, i);
      const char *id = hearth_device_get_id (device);
      HearthLink *link;

      g_hash_table_add (self->known_ids, g_strdup (id));
      if (_hearth_home_find_by_id (self, id) != NULL)
        continue;

      link = _hearth_home_restore_device (self, device);
      if (link != NULL)
        g_ptr_array_add (links, link);
    }

  if (self->devices->len > position)
    g_list_model_items_changed (G_LIST_MODEL (self), position, 0, self->devices->len - position);

  for (guint i = 0; i < links->len; i++)
    hearth_link_start (g_ptr_array_index (links, i));
}


/* Another program (hearthctl forget) forgot a device: it goes here too.
 * The store announces "devices" once for each change to the file (and for
 * what this home remembers, which it does not listen to then): each device
 * here is looked up in it, none built again from the file. */
static void
sync_known_devices (HearthHome *self)
{
  g_autoptr(GPtrArray) forgotten = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < self->devices->len; i++)
    {
      HearthDevice *device = g_ptr_array_index (self->devices, i);
      const char *id = hearth_device_get_id (device);

      if (!g_hash_table_contains (self->known_ids, id) || g_hash_table_contains (self->to_remember, id))
        continue;
      self->known_lookups++;
      if (!hearth_store_has_known_device (self->store, id))
        g_ptr_array_add (forgotten, g_object_ref (device));
    }

  for (guint i = 0; i < forgotten->len; i++)
    _hearth_home_remove_device (self, g_ptr_array_index (forgotten, i));
}

void
_hearth_home_on_store_changed (HearthHome  *self,
                               const char  *what,
                               HearthStore *store)
{
  if (g_str_equal (what, "hosts"))
    _hearth_home_sync_hosts (self);
  else if (g_str_equal (what, "devices"))
    sync_known_devices (self);
}
