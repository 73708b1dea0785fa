/* hearth-home.c: the engine
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "hearth-browser.h"
#include "hearth-device.h"
#include "hearth-driver.h"
#include "hearth-error.h"
#include "hearth-home-private.h"
#include "hearth-host.h"
#include "hearth-http.h"
#include "hearth-http-queue.h"
#include "hearth-link.h"
#include "hearth-secrets.h"
#include "hearth-service.h"
#include "hearth-store.h"

static void hearth_home_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HearthHome, hearth_home, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, hearth_home_list_model_init))

typedef enum
{
  PROP_BUSY = 1,
} HearthHomeProperty;

static GParamSpec *properties[PROP_BUSY + 1];

/* GListModel */

static GType
hearth_home_get_item_type (GListModel *model)
{
  return HEARTH_TYPE_DEVICE;
}

static guint
hearth_home_get_n_items (GListModel *model)
{
  return HEARTH_HOME (model)->devices->len;
}

static gpointer
hearth_home_get_item (GListModel *model,
                      guint       position)
{
  HearthHome *self = HEARTH_HOME (model);

  if (position >= self->devices->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->devices, position));
}

static void
hearth_home_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = hearth_home_get_item_type;
  iface->get_n_items = hearth_home_get_n_items;
  iface->get_item = hearth_home_get_item;
}

/* Bookkeeping */

void
_hearth_home_set_busy (HearthHome *self,
                       guint       busy)
{
  if (self->busy == busy)
    return;
  self->busy = busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static char *
probe_key (HearthDriver *driver,
           const char   *host,
           guint16       port)
{
  return g_strdup_printf ("%s %s %u", hearth_driver_get_family (driver), host, port);
}

HearthDevice *
_hearth_home_find_by_address (HearthHome *self,
                              const char *family,
                              const char *host,
                              guint16     port)
{
  GPtrArray *there = _hearth_home_index_at (self, host, port);

  for (guint i = 0; there != NULL && i < there->len; i++)
    {
      HearthDevice *device = g_ptr_array_index (there, i);

      if (g_strcmp0 (hearth_device_get_family (device), family) == 0 &&
          g_strcmp0 (hearth_device_get_host (device), host) == 0 &&
          hearth_device_get_port (device) == port)
        return device;
    }
  return NULL;
}

gboolean
_hearth_home_device_at (HearthDevice *device,
                        const char   *host,
                        guint16       port)
{
  const char *device_host = hearth_device_get_host (device);

  return device_host != NULL && g_ascii_strcasecmp (device_host, host) == 0 &&
         (port == 0 || hearth_device_get_port (device) == port);
}

/* Two devices cannot answer at one address: another one known there (from
 * the last run, say, before DHCP gave its address away) is stale. It stays
 * unavailable until it is found again where it went. */
static void
evict_from_address (HearthHome   *self,
                    HearthDevice *device)
{
  GPtrArray *there = _hearth_home_index_at (self, hearth_device_get_host (device),
                                            hearth_device_get_port (device));
  g_autoptr(GPtrArray) others = there != NULL ? g_ptr_array_copy (there, NULL, NULL) : NULL;

  /* (A copy: a device that changes state may move meanwhile) */
  for (guint i = 0; others != NULL && i < others->len; i++)
    {
      HearthDevice *other = g_ptr_array_index (others, i);
      HearthLink *link;

      if (other == device ||
          g_strcmp0 (hearth_device_get_host (other), hearth_device_get_host (device)) != 0 ||
          hearth_device_get_port (other) != hearth_device_get_port (device))
        continue;

      g_debug ("%s is now at %s:%u, where %s was: %s is gone from there",
               hearth_device_get_id (device), hearth_device_get_host (device),
               hearth_device_get_port (device), hearth_device_get_id (other),
               hearth_device_get_id (other));
      link = g_hash_table_lookup (self->links, hearth_device_get_id (other));
      if (link != NULL)
        hearth_link_stop (link);
      hearth_device_set_state (other, HEARTH_DEVICE_STATE_UNAVAILABLE);
    }
}

/* A new link logs in with the user name a person chose for the device
 * earlier (kept in the store; the password is the keyring's) */
void
_hearth_home_use_login_user (HearthHome *self,
                             HearthLink *link)
{
  const char *user;

  if (self->store == NULL)
    return;
  user = hearth_store_get_login_user (self->store, hearth_device_get_id (hearth_link_get_device (link)));
  if (user != NULL)
    hearth_link_set_username (link, user);
}

/* The same device is often announced several times (under two service
 * types, on two addresses); it is kept once, by its hardware id, and a
 * device seen at a new address is moved there. @username and @password
 * (nullable) are a login the device was identified with: its link uses
 * them from its first request. */
HearthDevice *
_hearth_home_add_or_merge (HearthHome   *self,
                           HearthDriver *driver,
                           HearthDevice *found,
                           const char   *username,
                           const char   *password)
{
  HearthDevice *existing = _hearth_home_find_by_id (self, hearth_device_get_id (found));
  g_autoptr(HearthLink) link = NULL;

  /* A device that tells no id before it is paired is named for its address
   * when added by hand: it and the device of its family found at that
   * address by mDNS (with the id from its TXT record) are one device, the
   * one known first. */
  if (existing == NULL)
    {
      HearthDevice *there = _hearth_home_find_by_address (self, hearth_device_get_family (found),
                                             hearth_device_get_host (found),
                                             hearth_device_get_port (found));

      /* (Or was, before it took its serial number as id once paired) */
      if (there != NULL &&
          (hearth_device_has_address_id (found) || hearth_device_has_address_id (there) ||
           g_strcmp0 (hearth_device_get_id (there), hearth_device_get_serial (there)) == 0))
        {
          existing = there;
          /* What the TXT record tells, until the paired device tells more */
          if (hearth_device_has_address_id (there) && !hearth_device_has_address_id (found) &&
              hearth_device_get_state (there) != HEARTH_DEVICE_STATE_ONLINE)
            {
              hearth_device_set_name (there, hearth_device_get_name (found));
              hearth_device_set_model (there, hearth_device_get_model (found));
              hearth_device_set_firmware (there, hearth_device_get_firmware (found));
            }
        }
    }

  if (existing != NULL)
    {
      const char *host = hearth_device_get_host (found);
      guint16 port = hearth_device_get_port (found);
      HearthLink *existing_link = g_hash_table_lookup (self->links, hearth_device_get_id (existing));

      if (g_strcmp0 (hearth_device_get_host (existing), host) != 0 ||
          hearth_device_get_port (existing) != port)
        {
          g_debug ("%s moved to %s:%u", hearth_device_get_id (existing), host, port);
          if (existing_link != NULL)
            hearth_link_readdress (existing_link, host, port);
          else
            hearth_device_set_address (existing, host, port);
          evict_from_address (self, existing);
        }
      else if (existing_link != NULL && hearth_device_get_state (existing) == HEARTH_DEVICE_STATE_UNAVAILABLE)
        {
          /* Found where it was: a link stopped by evict_from_address()
           * starts again (a running one ignores this). */
          hearth_link_start (existing_link);
        }
      if (password != NULL && existing_link != NULL)
        {
          hearth_link_set_credentials (existing_link, username, password);
          if (hearth_device_get_state (existing) == HEARTH_DEVICE_STATE_NEEDS_PASSWORD)
            {
              hearth_link_stop (existing_link);
              hearth_link_start (existing_link);
            }
        }
      return existing;
    }

  link = hearth_driver_create_link (driver, found, self->http);
  if (password != NULL)
    hearth_link_set_credentials (link, username, password);
  else
    _hearth_home_use_login_user (self, link);
  g_hash_table_insert (self->links, g_strdup (hearth_device_get_id (found)), g_object_ref (link));
  g_ptr_array_add (self->devices, g_object_ref (found));
  _hearth_home_index_add (self, found);
  _hearth_home_follow_device_state (self, found);
  g_list_model_items_changed (G_LIST_MODEL (self), self->devices->len - 1, 0, 1);
  evict_from_address (self, found);

  if (self->store != NULL)
    {
      _hearth_home_watch_device (self, found);
      _hearth_home_schedule_remember (self, found, TRUE);
    }

  hearth_link_start (link);
  return found;
}

/* Services found by mDNS */

typedef struct
{
  HearthHome    *home;
  HearthDriver  *driver;
  HearthService *service;
  char          *key;
} Probe;

static void
probe_free (Probe *probe)
{
  g_clear_object (&probe->home);
  g_clear_object (&probe->driver);
  g_clear_object (&probe->service);
  g_free (probe->key);
  g_free (probe);
}

static void
on_service_identified (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  Probe *probe = user_data;
  HearthHome *self = probe->home;
  g_autoptr(HearthDevice) device = NULL;
  g_autoptr(GError) error = NULL;

  device = hearth_driver_identify_finish (HEARTH_DRIVER (object), result, &error);

  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_hash_table_remove (self->probing, probe->key);
      _hearth_home_set_busy (self, self->busy - 1);

      if (device != NULL)
        {
          _hearth_home_add_or_merge (self, probe->driver, device, NULL, NULL);
        }
      else
        {
          g_debug ("%s is not a %s device: %s", probe->key,
                   hearth_driver_get_family (probe->driver), error->message);

          /* Nothing reached there: the announcement may be an old one
           * (a device that came back at another address under the same
           * name changes only its SRV record, which a browser is not told
           * of), so it is resolved again, as for a device that stopped
           * answering; a new answer comes back through consider_service() */
          if (error->domain == G_IO_ERROR && self->browser != NULL)
            hearth_browser_resolve_again (self->browser, probe->service);
        }
    }

  probe_free (probe);
}

static void
consider_service (HearthHome    *self,
                  HearthService *service)
{
  const char *host = hearth_service_get_address (service);
  guint16 port = hearth_service_get_port (service);

  if (host == NULL)
    return;

  for (guint i = 0; i < self->drivers->len; i++)
    {
      HearthDriver *driver = g_ptr_array_index (self->drivers, i);
      g_autofree char *id = NULL;
      g_autofree char *key = NULL;
      g_autoptr(HearthHttpQueue) queue = NULL;
      HearthDevice *known;
      Probe *probe;

      if (!hearth_driver_claims_service (driver, service))
        continue;

      /* Known here already: nothing to ask the device. (Unless the TXT
       * record names another device: the one known here, from the last
       * run perhaps, is not there any more. Or the one known here was
       * added by address before it could tell its id: identified, it is
       * merged with it, and takes the name its TXT record tells.) */
      id = hearth_driver_get_service_id (driver, service);
      known = _hearth_home_find_by_address (self, hearth_driver_get_family (driver), host, port);
      if (known != NULL && (id == NULL || g_strcmp0 (id, hearth_device_get_id (known)) == 0))
        {
          HearthLink *link = g_hash_table_lookup (self->links, hearth_device_get_id (known));

          /* Stopped when another device took its address: back now */
          if (link != NULL && hearth_device_get_state (known) == HEARTH_DEVICE_STATE_UNAVAILABLE)
            hearth_link_start (link);
          return;
        }

      /* Known by its id from the TXT record, at another address: it moved. */
      known = id != NULL ? _hearth_home_find_by_id (self, id) : NULL;
      if (known != NULL && g_strcmp0 (hearth_device_get_family (known), hearth_driver_get_family (driver)) == 0)
        {
          HearthLink *link = g_hash_table_lookup (self->links, id);

          if (link != NULL)
            hearth_link_readdress (link, host, port);
          else
            hearth_device_set_address (known, host, port);
          evict_from_address (self, known);
          if (link != NULL && hearth_device_get_state (known) == HEARTH_DEVICE_STATE_UNAVAILABLE)
            hearth_link_start (link);
          return;
        }

      key = probe_key (driver, host, port);
      if (g_hash_table_contains (self->probing, key))
        return;

      g_hash_table_add (self->probing, g_strdup (key));
      _hearth_home_set_busy (self, self->busy + 1);

      probe = g_new0 (Probe, 1);
      probe->home = g_object_ref (self);
      probe->driver = g_object_ref (driver);
      probe->service = g_object_ref (service);
      probe->key = g_steal_pointer (&key);

      queue = hearth_http_get_queue (self->http, host, port);
      hearth_driver_identify_async (driver, queue, service, self->cancellable,
                                    on_service_identified, probe);
      return;
    }
}

/* A device that stopped answering, or where another device answers now,
 * may have moved: the services that told where it is (by the id in their
 * TXT record, or by its address) are resolved again, and the answer comes
 * back through consider_service(). */
static void
on_device_state (HearthDevice *device,
                 GParamSpec   *pspec,
                 HearthHome   *self)
{
  HearthDeviceState state = hearth_device_get_state (device);
  GListModel *services;
  guint n;

  if ((state != HEARTH_DEVICE_STATE_UNAVAILABLE && state != HEARTH_DEVICE_STATE_WRONG_DEVICE) ||
      self->browser == NULL || !_hearth_home_index_contains (self, device))
    return;

  services = G_LIST_MODEL (self->browser);
  n = g_list_model_get_n_items (services);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HearthService) service = g_list_model_get_item (services, i);

      for (guint j = 0; j < self->drivers->len; j++)
        {
          HearthDriver *driver = g_ptr_array_index (self->drivers, j);
          g_autofree char *id = NULL;

          if (g_strcmp0 (hearth_driver_get_family (driver), hearth_device_get_family (device)) != 0 ||
              !hearth_driver_claims_service (driver, service))
            continue;

          id = hearth_driver_get_service_id (driver, service);
          if (g_strcmp0 (id, hearth_device_get_id (device)) == 0 ||
              (g_strcmp0 (hearth_service_get_address (service), hearth_device_get_host (device)) == 0 &&
               hearth_service_get_port (service) == hearth_device_get_port (device)))
            hearth_browser_resolve_again (self->browser, service);
        }
    }
}

void
_hearth_home_follow_device_state (HearthHome   *self,
                                  HearthDevice *device)
{
  g_signal_connect_object (device, "notify::state", G_CALLBACK (on_device_state), self, 0);
}

static void
on_browser_items_changed (HearthHome *self,
                          guint       position,
                          guint       removed,
                          guint       added,
                          GListModel *browser)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(HearthService) service = g_list_model_get_item (browser, i);

      consider_service (self, service);
    }
}

/* GObject */

static void
hearth_home_dispose (GObject *object)
{
  HearthHome *self = (HearthHome *)object;
  GHashTableIter iter;
  gpointer link;

  /* What changed since the last time, before the links stop */
  if (self->to_remember != NULL)
    _hearth_home_remember_pending (self);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_pointer (&self->hosts, g_hash_table_unref);
  g_clear_pointer (&self->watches, g_hash_table_unref);
  _hearth_home_history_dispose (self);

  g_cancellable_cancel (self->cancellable);

  if (self->links != NULL)
    {
      g_hash_table_iter_init (&iter, self->links);
      while (g_hash_table_iter_next (&iter, NULL, &link))
        hearth_link_stop (link);
    }

  if (self->browser != NULL)
    g_signal_handlers_disconnect_by_data (self->browser, self);
  g_clear_object (&self->browser);
  g_clear_pointer (&self->links, g_hash_table_unref);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (hearth_home_parent_class)->dispose (object);
}

static void
hearth_home_finalize (GObject *object)
{
  HearthHome *self = (HearthHome *)object;

  _hearth_home_index_clear (self);
  g_clear_pointer (&self->devices, g_ptr_array_unref);
  g_clear_pointer (&self->drivers, g_ptr_array_unref);
  g_clear_pointer (&self->probing, g_hash_table_unref);
  g_clear_pointer (&self->to_remember, g_hash_table_unref);
  g_clear_pointer (&self->known_ids, g_hash_table_unref);
  g_clear_pointer (&self->others_at_kept_host, g_hash_table_unref);
  g_clear_object (&self->http);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (hearth_home_parent_class)->finalize (object);
}

static void
hearth_home_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  HearthHome *self = HEARTH_HOME (object);

  switch ((HearthHomeProperty) prop_id)
    {
    case PROP_BUSY:
      g_value_set_uint (value, self->busy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hearth_home_class_init (HearthHomeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = hearth_home_dispose;
  object_class->finalize = hearth_home_finalize;
  object_class->get_property = hearth_home_get_property;

  properties[PROP_BUSY] =
    g_param_spec_uint ("busy", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, G_N_ELEMENTS (properties), properties);
}

static void
hearth_home_init (HearthHome *self)
{
  self->http = hearth_http_new ();
  self->devices = g_ptr_array_new_with_free_func (g_object_unref);
  _hearth_home_index_init (self);
  self->others_at_kept_host = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->links = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->probing = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->cancellable = g_cancellable_new ();
  self->watches = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, _hearth_home_watch_free);
  self->to_remember = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->known_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->hosts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, _hearth_home_host_probe_free);
}

HearthHome *
hearth_home_new (GPtrArray *drivers)
{
  HearthHome *self;

  g_return_val_if_fail (drivers != NULL, NULL);

  self = g_object_new (HEARTH_TYPE_HOME, NULL);
  self->drivers = drivers;

  return self;
}

HearthDriver *
hearth_home_get_driver_for_family (HearthHome *self,
                                   const char *family)
{
  g_return_val_if_fail (HEARTH_IS_HOME (self), NULL);

  for (guint i = 0; family != NULL && i < self->drivers->len; i++)
    {
      HearthDriver *driver = g_ptr_array_index (self->drivers, i);

      if (g_strcmp0 (hearth_driver_get_family (driver), family) == 0)
        return driver;
    }

  return NULL;
}

HearthHttp *
hearth_home_get_http (HearthHome *self)
{
  g_return_val_if_fail (HEARTH_IS_HOME (self), NULL);
  return self->http;
}

gboolean
hearth_home_get_wrong_device_had_secret (HearthHome   *self,
                                         HearthDevice *device)
{
  HearthLink *link;

  g_return_val_if_fail (HEARTH_IS_HOME (self), FALSE);
  g_return_val_if_fail (HEARTH_IS_DEVICE (device), FALSE);

  link = hearth_home_get_link (self, device);
  return link != NULL && hearth_link_get_wrong_device_had_secret (link);
}

guint
hearth_home_get_deadline_ms (HearthHome *self)
{
  g_return_val_if_fail (HEARTH_IS_HOME (self), 0);

  return hearth_http_get_deadline_ms (self->http);
}

HearthBrowser *
hearth_home_get_browser (HearthHome *self)
{
  g_return_val_if_fail (HEARTH_IS_HOME (self), NULL);
  return self->browser;
}

void
hearth_home_set_store (HearthHome  *self,
                       HearthStore *store)
{
  g_return_if_fail (HEARTH_IS_HOME (self));
  g_return_if_fail (store == NULL || HEARTH_IS_STORE (store));
  g_return_if_fail (self->browser == NULL);   /* before hearth_home_start() */

  if (self->store == store)
    return;

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_set_object (&self->store, store);
  if (store != NULL)
    g_signal_connect_object (store, "changed", G_CALLBACK (_hearth_home_on_store_changed), self,
                             G_CONNECT_SWAPPED);
}

HearthStore *
hearth_home_get_store (HearthHome *self)
{
  g_return_val_if_fail (HEARTH_IS_HOME (self), NULL);
  return self->store;
}

/* Takes @device out of the model, its link stopped (not from the store) */
void
_hearth_home_remove_device (HearthHome   *self,
                            HearthDevice *device)
{
  g_autoptr(HearthDevice) keep = g_object_ref (device);
  const char *id = hearth_device_get_id (device);
  HearthLink *link = g_hash_table_lookup (self->links, id);
  guint position;

  if (link != NULL)
    hearth_link_stop (link);
  g_hash_table_remove (self->links, id);
  g_hash_table_remove (self->watches, id);
  g_hash_table_remove (self->to_remember, id);
  g_hash_table_remove (self->known_ids, id);

  _hearth_home_index_remove (self, device);
  if (g_ptr_array_find (self->devices, device, &position))
    {
      g_ptr_array_remove_index (self->devices, position);
      g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
    }
}

static void
on_secret_cleared (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autofree char *id = user_data;
  g_autoptr(GError) error = NULL;

  if (!hearth_secrets_clear_finish (result, &error))
    g_debug ("The keyring did not forget the secret of %s: %s", id, error->message);
}

/* Takes @device out of the model and the store: its entry, the choices
 * made for its controls, and the hosts it was added by (not the keyring) */
void
_hearth_home_forget_in_store (HearthHome   *self,
                              HearthDevice *device)
{
  g_autoptr(HearthDevice) keep = g_object_ref (device);
  g_autofree char *id = g_strdup (hearth_device_get_id (device));

  _hearth_home_remove_device (self, device);
  /* Also drops its hosts added by hand ("changed::hosts" stops probing
   * them) */
  if (self->store != NULL)
    hearth_store_forget_device (self->store, id);

  /* Those the store did not remember it by yet too, so that they are not
   * probed again */
  if (self->store != NULL && hearth_device_get_host (device) != NULL)
    {
      g_autoptr(GPtrArray) hosts = hearth_home_dup_hosts (self);

      for (guint i = 0; i < hosts->len; i++)
        {
          HearthHost *host = g_ptr_array_index (hosts, i);

          if (hearth_host_matches (host, hearth_device_get_host (device), hearth_device_get_port (device)))
            hearth_store_remove_host (self->store, hearth_host_get_host (host), hearth_host_get_port (host));
        }
    }
}

void
hearth_home_forget_device (HearthHome   *self,
                           HearthDevice *device)
{
  g_autofree char *id = NULL;

  g_return_if_fail (HEARTH_IS_HOME (self));
  g_return_if_fail (HEARTH_IS_DEVICE (device));

  id = g_strdup (hearth_device_get_id (device));
  _hearth_home_forget_in_store (self, device);
  if (self->history != NULL)
    hearth_history_forget_device (self->history, id);

  /* And its password or token: a device found again is paired anew */
  hearth_secrets_clear_async (id, NULL, on_secret_cleared, g_strdup (id));
}

void
hearth_home_start (HearthHome *self)
{
  g_autoptr(GPtrArray) types = NULL;
  guint n;

  g_return_if_fail (HEARTH_IS_HOME (self));

  if (self->browser != NULL)
    return;

  /* Every type any driver declares, once. */
  types = g_ptr_array_new ();
  for (guint i = 0; i < self->drivers->len; i++)
    {
      const char * const *driver_types = hearth_driver_get_service_types (g_ptr_array_index (self->drivers, i));

      for (guint j = 0; driver_types != NULL && driver_types[j] != NULL; j++)
        {
          if (!g_ptr_array_find_with_equal_func (types, driver_types[j], g_str_equal, NULL))
            g_ptr_array_add (types, (gpointer) driver_types[j]);
        }
    }
  g_ptr_array_add (types, NULL);

  /* What the last run knew is shown at once, before any mDNS answer */
  if (self->store != NULL)
    {
      _hearth_home_restore_known_devices (self);
      _hearth_home_sync_hosts (self);
    }

  self->browser = hearth_browser_new ((const char * const *) types->pdata);
  g_signal_connect_object (self->browser, "items-changed",
                           G_CALLBACK (on_browser_items_changed), self,
                           G_CONNECT_SWAPPED);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->browser));
  if (n > 0)
    on_browser_items_changed (self, 0, 0, n, G_LIST_MODEL (self->browser));
  hearth_browser_start (self->browser);
}

guint
hearth_home_get_busy (HearthHome *self)
{
  g_return_val_if_fail (HEARTH_IS_HOME (self), 0);
  return self->busy;
}

HearthDevice *
hearth_home_lookup (HearthHome *self,
                    const char *id_or_name)
{
  HearthDevice *device;

  g_return_val_if_fail (HEARTH_IS_HOME (self), NULL);
  g_return_val_if_fail (id_or_name != NULL, NULL);

  device = _hearth_home_find_by_id (self, id_or_name);
  if (device != NULL)
    return device;

  for (guint i = 0; i < self->devices->len; i++)
    {
      g_autofree char *a = NULL;
      g_autofree char *b = NULL;

      device = g_ptr_array_index (self->devices, i);
      a = g_utf8_casefold (hearth_device_get_name (device), -1);
      b = g_utf8_casefold (id_or_name, -1);
      if (g_strcmp0 (a, b) == 0)
        return device;
    }

  return NULL;
}

HearthDriver *
hearth_home_get_driver (HearthHome   *self,
                        HearthDevice *device)
{
  g_return_val_if_fail (HEARTH_IS_HOME (self), NULL);
  g_return_val_if_fail (HEARTH_IS_DEVICE (device), NULL);

  return hearth_home_get_driver_for_family (self, hearth_device_get_family (device));
}

const char *
hearth_home_get_family_name (HearthHome *self,
                             const char *family)
{
  HearthDriver *driver;

  g_return_val_if_fail (HEARTH_IS_HOME (self), NULL);

  driver = hearth_home_get_driver_for_family (self, family);
  return driver != NULL ? hearth_driver_get_display_name (driver) : family;
}

char **
hearth_home_dup_family_names (HearthHome *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  g_return_val_if_fail (HEARTH_IS_HOME (self), NULL);

  for (guint i = 0; i < self->drivers->len; i++)
    {
      const char *name = hearth_driver_get_display_name (g_ptr_array_index (self->drivers, i));

      if (!g_ptr_array_find_with_equal_func (names, name, g_str_equal, NULL))
        {
          g_ptr_array_add (names, (gpointer) name);
          g_strv_builder_add (builder, name);
        }
    }

  return g_strv_builder_end (builder);
}

HearthLink *
hearth_home_get_link (HearthHome   *self,
                      HearthDevice *device)
{
  g_return_val_if_fail (HEARTH_IS_HOME (self), NULL);
  g_return_val_if_fail (HEARTH_IS_DEVICE (device), NULL);

  return g_hash_table_lookup (self->links, hearth_device_get_id (device));
}
