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
#include "hearth-home.h"
#include "hearth-host.h"
#include "hearth-http.h"
#include "hearth-http-queue.h"
#include "hearth-link.h"
#include "hearth-secrets.h"
#include "hearth-service.h"
#include "hearth-store.h"

/* Devices are remembered in the store soon after what identifies them
 * changes (name, address, controls), and at a slower pace for their state
 * (a brightness drag, a power reading every second), so that the file is
 * not rewritten for every tick. */
#define REMEMBER_SOON_MS       1000
#define REMEMBER_LATER_SECONDS 30

/* Hosts added by hand that do not answer are asked again, waiting longer
 * each time, up to a minute. */
#define HOST_RETRY_MIN_MS      1000
#define HOST_RETRY_MAX_MS      60000

struct _HearthHome
{
  GObject        parent_instance;

  HearthHttp    *http;
  HearthBrowser *browser;
  GPtrArray     *drivers;
  GPtrArray     *devices;
  GHashTable    *links;    /* device id → HearthLink */
  GHashTable    *probing;  /* "family host port" being identified */
  GCancellable  *cancellable;
  guint          busy;

  HearthStore   *store;
  GHashTable    *watches;      /* device id → Watch */
  GHashTable    *to_remember;  /* device ids */
  GHashTable    *known_ids;    /* ids the store has or had from us */
  guint          remember_soon_source;
  guint          remember_later_source;
  GHashTable    *hosts;        /* store host entry → HostProbe */
};

/* Follows one device's changes, to remember them in the store */
typedef struct
{
  HearthHome   *home;
  HearthDevice *device;
  GPtrArray    *controls;      /* the controls connected to */
} Watch;

/* A host added by hand */
typedef struct
{
  HearthHome   *home;
  char         *entry;
  char         *host;
  guint16       port;
  guint         backoff_ms;
  guint         retry_source;
  GCancellable *cancellable;
  gboolean      probing;
  gboolean      found;
} HostProbe;

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

static void
set_busy (HearthHome *self,
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

static HearthDevice *
find_by_id (HearthHome *self,
            const char *id)
{
  for (guint i = 0; i < self->devices->len; i++)
    {
      HearthDevice *device = g_ptr_array_index (self->devices, i);

      if (g_strcmp0 (hearth_device_get_id (device), id) == 0)
        return device;
    }
  return NULL;
}

static HearthDevice *
find_by_address (HearthHome *self,
                 const char *family,
                 const char *host,
                 guint16     port)
{
  for (guint i = 0; i < self->devices->len; i++)
    {
      HearthDevice *device = g_ptr_array_index (self->devices, i);

      if (g_strcmp0 (hearth_device_get_family (device), family) == 0 &&
          g_strcmp0 (hearth_device_get_host (device), host) == 0 &&
          hearth_device_get_port (device) == port)
        return device;
    }
  return NULL;
}

static void watch_device (HearthHome *self, HearthDevice *device);
static void schedule_remember (HearthHome *self, HearthDevice *device, gboolean soon);
static void follow_device_state (HearthHome *self, HearthDevice *device);

/* Two devices cannot answer at one address: another one known there (from
 * the last run, say, before DHCP gave its address away) is stale. It stays
 * unavailable until it is found again where it went. */
static void
evict_from_address (HearthHome   *self,
                    HearthDevice *device)
{
  for (guint i = 0; i < self->devices->len; i++)
    {
      HearthDevice *other = g_ptr_array_index (self->devices, i);
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
static void
use_login_user (HearthHome *self,
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
static HearthDevice *
add_or_merge (HearthHome   *self,
              HearthDriver *driver,
              HearthDevice *found,
              const char   *username,
              const char   *password)
{
  HearthDevice *existing = find_by_id (self, hearth_device_get_id (found));
  g_autoptr(HearthLink) link = NULL;

  /* A device that tells no id before it is paired is named for its address
   * when added by hand: it and the device of its family found at that
   * address by mDNS (with the id from its TXT record) are one device, the
   * one known first. */
  if (existing == NULL)
    {
      HearthDevice *there = find_by_address (self, hearth_device_get_family (found),
                                             hearth_device_get_host (found),
                                             hearth_device_get_port (found));

      if (there != NULL &&
          (hearth_device_has_address_id (found) || hearth_device_has_address_id (there)))
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
    use_login_user (self, link);
  g_hash_table_insert (self->links, g_strdup (hearth_device_get_id (found)), g_object_ref (link));
  g_ptr_array_add (self->devices, g_object_ref (found));
  follow_device_state (self, found);
  g_list_model_items_changed (G_LIST_MODEL (self), self->devices->len - 1, 0, 1);
  evict_from_address (self, found);

  if (self->store != NULL)
    {
      watch_device (self, found);
      schedule_remember (self, found, TRUE);
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
      set_busy (self, self->busy - 1);

      if (device != NULL)
        {
          add_or_merge (self, probe->driver, device, NULL, NULL);
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
      known = find_by_address (self, hearth_driver_get_family (driver), host, port);
      if (known != NULL && (id == NULL || g_strcmp0 (id, hearth_device_get_id (known)) == 0))
        {
          HearthLink *link = g_hash_table_lookup (self->links, hearth_device_get_id (known));

          /* Stopped when another device took its address: back now */
          if (link != NULL && hearth_device_get_state (known) == HEARTH_DEVICE_STATE_UNAVAILABLE)
            hearth_link_start (link);
          return;
        }

      /* Known by its id from the TXT record, at another address: it moved. */
      known = id != NULL ? find_by_id (self, id) : NULL;
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
      set_busy (self, self->busy + 1);

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
      self->browser == NULL || !g_ptr_array_find (self->devices, device, NULL))
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

static void
follow_device_state (HearthHome   *self,
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

/* Remembering devices in the store */

static void
remember_pending (HearthHome *self)
{
  GHashTableIter iter;
  gpointer id;

  g_clear_handle_id (&self->remember_soon_source, g_source_remove);
  g_clear_handle_id (&self->remember_later_source, g_source_remove);

  if (self->store == NULL)
    return;

  g_hash_table_iter_init (&iter, self->to_remember);
  while (g_hash_table_iter_next (&iter, &id, NULL))
    {
      HearthDevice *device = find_by_id (self, id);

      if (device != NULL)
        {
          hearth_store_remember_device (self->store, device);
          g_hash_table_add (self->known_ids, g_strdup (id));
        }
    }
  g_hash_table_remove_all (self->to_remember);
}

static gboolean
on_remember_later (gpointer user_data)
{
  HearthHome *self = HEARTH_HOME (user_data);

  self->remember_later_source = 0;
  remember_pending (self);
  return G_SOURCE_REMOVE;
}

static gboolean
on_remember_soon (gpointer user_data)
{
  HearthHome *self = HEARTH_HOME (user_data);

  self->remember_soon_source = 0;
  remember_pending (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_remember (HearthHome   *self,
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

  schedule_remember (watch->home, watch->device, g_strv_contains (identity, pspec->name));
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
  schedule_remember (watch->home, watch->device, TRUE);
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
    schedule_remember (watch->home, device, TRUE);
}

static void
watch_free (gpointer data)
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

static void
watch_device (HearthHome   *self,
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

/* Devices known from the last run: shown at once, connecting, each link
 * started at the last address it had */
static void
restore_known_devices (HearthHome *self)
{
  g_autoptr(GPtrArray) known = hearth_store_dup_known_devices (self->store);
  g_autoptr(GPtrArray) links = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  guint position = self->devices->len;

  for (guint i = 0; i < known->len; i++)
    {
      HearthDevice *device = g_ptr_array_index (known, i);
      const char *id = hearth_device_get_id (device);
      HearthDriver *driver;
      HearthLink *link;

      g_hash_table_add (self->known_ids, g_strdup (id));
      if (find_by_id (self, id) != NULL)
        continue;

      driver = hearth_home_get_driver (self, device);
      if (driver == NULL || hearth_device_get_host (device) == NULL || hearth_device_get_port (device) == 0)
        {
          g_debug ("Cannot reach %s (%s) known from the last run", id, hearth_device_get_family (device));
          continue;
        }
      if (!hearth_host_check (hearth_device_get_host (device), &error))
        {
          g_debug ("Cannot reach %s known from the last run: %s", id, error->message);
          g_clear_error (&error);
          continue;
        }

      link = hearth_driver_create_link (driver, device, self->http);
      use_login_user (self, link);
      g_hash_table_insert (self->links, g_strdup (id), g_object_ref (link));
      g_ptr_array_add (self->devices, g_object_ref (device));
      follow_device_state (self, device);
      g_ptr_array_add (links, link);
      watch_device (self, device);
    }

  if (self->devices->len > position)
    g_list_model_items_changed (G_LIST_MODEL (self), position, 0, self->devices->len - position);

  for (guint i = 0; i < links->len; i++)
    hearth_link_start (g_ptr_array_index (links, i));
}

/* Hosts added by hand */

static void probe_host (HostProbe *probe);

static void
host_probe_free (gpointer data)
{
  HostProbe *probe = data;

  g_cancellable_cancel (probe->cancellable);
  g_clear_object (&probe->cancellable);
  g_clear_handle_id (&probe->retry_source, g_source_remove);
  g_free (probe->entry);
  g_free (probe->host);
  g_free (probe);
}

static gboolean
device_at (HearthDevice *device,
           const char   *host,
           guint16       port)
{
  const char *device_host = hearth_device_get_host (device);

  return device_host != NULL && g_ascii_strcasecmp (device_host, host) == 0 &&
         (port == 0 || hearth_device_get_port (device) == port);
}

static gboolean
host_covered (HearthHome *self,
              const char *host,
              guint16     port)
{
  for (guint i = 0; i < self->devices->len; i++)
    {
      if (device_at (g_ptr_array_index (self->devices, i), host, port))
        return TRUE;
    }
  return FALSE;
}

static gboolean
on_host_retry (gpointer user_data)
{
  HostProbe *probe = user_data;

  probe->retry_source = 0;
  probe_host (probe);
  return G_SOURCE_REMOVE;
}

typedef struct
{
  HearthHome *home;
  char       *entry;
} HostProbeRef;

static void
on_host_probed (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  HostProbeRef *ref = user_data;
  HearthHome *self = ref->home;
  g_autoptr(HearthDevice) device = NULL;
  g_autoptr(GError) error = NULL;
  HostProbe *probe;

  device = hearth_home_add_address_finish (self, result, &error);
  probe = self->hosts != NULL ? g_hash_table_lookup (self->hosts, ref->entry) : NULL;

  if (probe != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      probe->probing = FALSE;
      if (device != NULL)
        {
          g_debug ("%s (added by hand) is %s", probe->entry, hearth_device_get_id (device));
          probe->found = TRUE;
          probe->backoff_ms = HOST_RETRY_MIN_MS;
        }
      else
        {
          g_debug ("%s (added by hand) does not answer, again in %u ms: %s",
                   probe->entry, probe->backoff_ms, error->message);
          probe->retry_source = g_timeout_add (probe->backoff_ms, on_host_retry, probe);
          probe->backoff_ms = MIN (probe->backoff_ms * 2, HOST_RETRY_MAX_MS);
        }
    }

  g_object_unref (ref->home);
  g_free (ref->entry);
  g_free (ref);
}

static void
probe_host (HostProbe *probe)
{
  HostProbeRef *ref;

  if (probe->probing || probe->found)
    return;

  /* Found meanwhile (by mDNS, or as a device known from the last run) */
  if (host_covered (probe->home, probe->host, probe->port))
    {
      probe->found = TRUE;
      return;
    }

  ref = g_new0 (HostProbeRef, 1);
  ref->home = g_object_ref (probe->home);
  ref->entry = g_strdup (probe->entry);
  probe->probing = TRUE;
  hearth_home_add_address_async (probe->home, probe->host, probe->port, probe->cancellable,
                                 on_host_probed, ref);
}

/* Follows the store's list: new hosts are probed, removed ones dropped */
static void
sync_hosts (HearthHome *self)
{
  const char * const *entries = hearth_store_get_hosts (self->store);
  g_autoptr(GPtrArray) gone = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer entry;

  g_hash_table_iter_init (&iter, self->hosts);
  while (g_hash_table_iter_next (&iter, &entry, NULL))
    {
      if (!g_strv_contains (entries, entry))
        g_ptr_array_add (gone, g_strdup (entry));
    }
  for (guint i = 0; i < gone->len; i++)
    g_hash_table_remove (self->hosts, g_ptr_array_index (gone, i));

  for (guint i = 0; entries[i] != NULL; i++)
    {
      HostProbe *probe;

      if (g_hash_table_contains (self->hosts, entries[i]))
        continue;

      probe = g_new0 (HostProbe, 1);
      if (!hearth_store_split_host (entries[i], &probe->host, &probe->port))
        {
          g_free (probe);
          continue;
        }
      probe->home = self;
      probe->entry = g_strdup (entries[i]);
      probe->backoff_ms = HOST_RETRY_MIN_MS;
      probe->cancellable = g_cancellable_new ();
      g_hash_table_insert (self->hosts, g_strdup (entries[i]), probe);
      probe_host (probe);
    }
}

static void remove_device (HearthHome *self, HearthDevice *device);

/* Another program (hearthctl forget) forgot a device: it goes here too. */
static void
sync_known_devices (HearthHome *self)
{
  g_autoptr(GPtrArray) known = hearth_store_dup_known_devices (self->store);
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) forgotten = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < known->len; i++)
    g_hash_table_add (ids, (gpointer) hearth_device_get_id (g_ptr_array_index (known, i)));

  for (guint i = 0; i < self->devices->len; i++)
    {
      HearthDevice *device = g_ptr_array_index (self->devices, i);
      const char *id = hearth_device_get_id (device);

      if (g_hash_table_contains (self->known_ids, id) && !g_hash_table_contains (ids, id) &&
          !g_hash_table_contains (self->to_remember, id))
        g_ptr_array_add (forgotten, g_object_ref (device));
    }

  for (guint i = 0; i < forgotten->len; i++)
    remove_device (self, g_ptr_array_index (forgotten, i));
}

static void
on_store_changed (HearthHome  *self,
                  const char  *what,
                  HearthStore *store)
{
  if (g_str_equal (what, "hosts"))
    sync_hosts (self);
  else if (g_str_equal (what, "devices"))
    sync_known_devices (self);
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
    remember_pending (self);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_pointer (&self->hosts, g_hash_table_unref);
  g_clear_pointer (&self->watches, g_hash_table_unref);

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

  g_clear_pointer (&self->devices, g_ptr_array_unref);
  g_clear_pointer (&self->drivers, g_ptr_array_unref);
  g_clear_pointer (&self->probing, g_hash_table_unref);
  g_clear_pointer (&self->to_remember, g_hash_table_unref);
  g_clear_pointer (&self->known_ids, g_hash_table_unref);
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
  self->links = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->probing = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->cancellable = g_cancellable_new ();
  self->watches = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, watch_free);
  self->to_remember = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->known_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->hosts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, host_probe_free);
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
    g_signal_connect_object (store, "changed", G_CALLBACK (on_store_changed), self,
                             G_CONNECT_SWAPPED);
}

HearthStore *
hearth_home_get_store (HearthHome *self)
{
  g_return_val_if_fail (HEARTH_IS_HOME (self), NULL);
  return self->store;
}

/* Takes @device out of the model, its link stopped (not from the store) */
static void
remove_device (HearthHome   *self,
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

void
hearth_home_forget_device (HearthHome   *self,
                           HearthDevice *device)
{
  g_autoptr(HearthDevice) keep = NULL;
  g_autofree char *id = NULL;

  g_return_if_fail (HEARTH_IS_HOME (self));
  g_return_if_fail (HEARTH_IS_DEVICE (device));

  keep = g_object_ref (device);
  id = g_strdup (hearth_device_get_id (device));

  remove_device (self, device);
  /* Also drops its hosts added by hand ("changed::hosts" stops probing
   * them) */
  if (self->store != NULL)
    hearth_store_forget_device (self->store, id);

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
      restore_known_devices (self);
      sync_hosts (self);
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

  device = find_by_id (self, id_or_name);
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

/* Adding by address. The families that listen on the same port are asked
 * there one after another (one request at a time per host and port), those
 * on other ports at the same time. Only an answer makes the next family on
 * a port worth asking: a port that does not answer, or refuses the
 * connection, is given up at its first failure. */

typedef struct
{
  GTask      *task;        /* held by the probes together, see start_probes() */
  guint16     port;
  GPtrArray  *drivers;     /* HearthDriver, in the home's order */
  guint       next_driver;
  gboolean    login_sent;  /* to the driver being tried */
  gboolean    spoke_http;  /* in plain text: no family speaking TLS is asked */
  GError     *failure;     /* why nothing more was asked here */
} PortProbe;

typedef struct
{
  char         *host;
  guint16       port;
  char         *username;
  char         *password;  /* with a login: sent to the family that asks for one */
  GCancellable *cancellable;  /* the task's, and ends the others once one port found it */
  GCancellable *outer;
  gulong        outer_id;
  GPtrArray    *ports;     /* PortProbe, one per port; done ones stay for the message */
  guint         running;
  gboolean      returned;
  gboolean      answered;  /* something spoke HTTP there */
  GError       *last_error;
} AddData;

static void
port_probe_free (PortProbe *probe)
{
  g_clear_pointer (&probe->drivers, g_ptr_array_unref);
  g_clear_error (&probe->failure);
  g_free (probe);
}

static void
add_data_free (AddData *data)
{
  if (data->outer != NULL)
    g_cancellable_disconnect (data->outer, data->outer_id);
  g_clear_object (&data->outer);
  g_clear_object (&data->cancellable);
  g_clear_pointer (&data->ports, g_ptr_array_unref);
  g_free (data->host);
  g_free (data->username);
  hearth_secret_free (data->password);
  g_clear_error (&data->last_error);
  g_free (data);
}

/* The network said no: nothing at this port will answer another family */
static gboolean
is_transport_failure (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_NOT_FOUND) ||
         error->domain == G_RESOLVER_ERROR;
}

static char *
join_ports (AddData *data,
            gint     code)
{
  g_autoptr(GString) ports = g_string_new (NULL);

  for (guint i = 0; i < data->ports->len; i++)
    {
      PortProbe *probe = g_ptr_array_index (data->ports, i);

      if (g_error_matches (probe->failure, G_IO_ERROR, code))
        g_string_append_printf (ports, "%s%u", ports->len > 0 ? ", " : "", probe->port);
    }
  return g_string_free (g_steal_pointer (&ports), FALSE);
}

/* Nothing answered: what each port said, in plain words */
static GError *
describe_silence (AddData *data)
{
  g_autofree char *where = NULL;
  g_autofree char *timed_out = join_ports (data, G_IO_ERROR_TIMED_OUT);
  g_autofree char *refused = join_ports (data, G_IO_ERROR_CONNECTION_REFUSED);
  GError *first = NULL;

  if (data->port != 0 && strchr (data->host, ':') != NULL)
    where = g_strdup_printf ("[%s]:%u", data->host, data->port);
  else if (data->port != 0)
    where = g_strdup_printf ("%s:%u", data->host, data->port);
  else
    where = g_strdup (data->host);

  for (guint i = 0; i < data->ports->len && first == NULL; i++)
    first = ((PortProbe *) g_ptr_array_index (data->ports, i))->failure;

  if (*timed_out != '\0' && *refused != '\0')
    /* TRANSLATORS: the first %s is a host, the others lists of ports */
    return g_error_new (G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                        _("%s did not answer within %u s on port %s, and refused the connection on port %s"),
                        where, HEARTH_HTTP_DEFAULT_DEADLINE_SECONDS, timed_out, refused);
  if (*timed_out != '\0')
    return g_error_new (G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                        _("%s did not answer within %u s"),
                        where, HEARTH_HTTP_DEFAULT_DEADLINE_SECONDS);
  if (*refused != '\0')
    return g_error_new (G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED,
                        _("%s refused the connection"), where);
  if (first == NULL)
    first = data->last_error;
  if (first != NULL)
    /* Same domain and code (unreachable, no such host), plainer words */
    return g_error_new (first->domain, first->code, _("Nothing answered at %s: %s"),
                        where, first->message);
  return g_error_new (HEARTH_ERROR, HEARTH_ERROR_NOT_FOUND,
                      _("Nothing answered at %s"), where);
}

static void
add_finish (GTask *task)
{
  HearthHome *self = g_task_get_source_object (task);
  AddData *data = g_task_get_task_data (task);

  data->returned = TRUE;
  set_busy (self, self->busy - 1);

  if (data->outer != NULL && g_cancellable_is_cancelled (data->outer))
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Cancelled");
  else if (data->last_error != NULL &&
           (g_error_matches (data->last_error, HEARTH_ERROR, HEARTH_ERROR_NEEDS_PASSWORD) ||
            g_error_matches (data->last_error, HEARTH_ERROR, HEARTH_ERROR_BAD_PASSWORD)))
    g_task_return_error (task, g_steal_pointer (&data->last_error));
  else if (data->answered)
    g_task_return_new_error (task, HEARTH_ERROR, HEARTH_ERROR_NOT_FOUND,
                             _("%s answered, but is no device Hearth knows"),
                             data->host);
  else
    g_task_return_error (task, describe_silence (data));
}

static void try_next_driver (PortProbe *probe);

/* The last probe to end returns the task, unless one found the device,
 * and lets go of it (and so of every probe) */
static void
port_done (PortProbe *probe)
{
  GTask *task = probe->task;
  AddData *data = g_task_get_task_data (task);

  g_assert (data->running > 0);
  if (--data->running > 0)
    return;
  if (!data->returned)
    add_finish (task);
  g_object_unref (task);
}

static void
on_address_identified (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  PortProbe *probe = user_data;
  HearthHome *self = g_task_get_source_object (probe->task);
  AddData *data = g_task_get_task_data (probe->task);
  HearthDriver *driver = HEARTH_DRIVER (object);
  g_autoptr(HearthDevice) device = NULL;
  g_autoptr(GError) error = NULL;

  device = hearth_driver_identify_finish (driver, result, &error);
  if (device != NULL && data->returned)
    {
      port_done (probe);
      return;
    }
  if (device != NULL)
    {
      HearthDevice *added;

      data->returned = TRUE;
      set_busy (self, self->busy - 1);
      /* A family that tells its id without the login needs none when it
       * did: the password (kept for another device at this address,
       * perhaps) is not this device's to have. */
      added = add_or_merge (self, driver, device, data->username,
                            probe->login_sent || !hearth_driver_can_identify_with_login (driver)
                              ? data->password : NULL);
      g_task_return_pointer (probe->task, g_object_ref (added), g_object_unref);
      /* The other ports have nothing more to say */
      g_cancellable_cancel (data->cancellable);
      port_done (probe);
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      port_done (probe);
      return;
    }

  /* The login goes only to the family that asked for one */
  if (g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_NEEDS_PASSWORD) &&
      data->password != NULL && !probe->login_sent &&
      hearth_driver_can_identify_with_login (driver))
    {
      g_autoptr(HearthHttpQueue) queue = hearth_http_get_queue (self->http, data->host, probe->port);

      probe->login_sent = TRUE;
      hearth_driver_identify_with_login_async (driver, queue, data->username, data->password,
                                               data->cancellable, on_address_identified, probe);
      return;
    }

  g_debug ("%s:%u is not a %s device: %s", data->host, probe->port,
           hearth_driver_get_family (driver), error->message);

  if (is_transport_failure (error))
    {
      probe->failure = g_steal_pointer (&error);
      port_done (probe);
      return;
    }

  /* Keep what tells the person most: a device asking for a password, then
   * a network failure, then "not this family". */
  if (error->domain == HEARTH_ERROR)
    {
      data->answered = TRUE;
      if (!hearth_driver_identifies_over_tls (driver))
        probe->spoke_http = TRUE;
    }
  if (data->last_error == NULL ||
      g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_NEEDS_PASSWORD) ||
      g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PASSWORD) ||
      (!g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED) &&
       !g_error_matches (data->last_error, HEARTH_ERROR, HEARTH_ERROR_NEEDS_PASSWORD) &&
       !g_error_matches (data->last_error, HEARTH_ERROR, HEARTH_ERROR_BAD_PASSWORD)))
    {
      g_clear_error (&data->last_error);
      data->last_error = g_steal_pointer (&error);
    }

  try_next_driver (probe);
}

static void
try_next_driver (PortProbe *probe)
{
  HearthHome *self = g_task_get_source_object (probe->task);
  AddData *data = g_task_get_task_data (probe->task);
  HearthDriver *driver;
  g_autoptr(HearthHttpQueue) queue = NULL;

  /* A port that answered plain HTTP would leave a TLS hello unanswered */
  while (probe->spoke_http && probe->next_driver < probe->drivers->len &&
         hearth_driver_identifies_over_tls (g_ptr_array_index (probe->drivers, probe->next_driver)))
    {
      g_debug ("%s:%u speaks plain HTTP: not asking whether it is a %s device", data->host,
               probe->port,
               hearth_driver_get_family (g_ptr_array_index (probe->drivers, probe->next_driver)));
      probe->next_driver++;
    }

  if (probe->next_driver >= probe->drivers->len || data->returned)
    {
      port_done (probe);
      return;
    }

  driver = g_ptr_array_index (probe->drivers, probe->next_driver++);
  queue = hearth_http_get_queue (self->http, data->host, probe->port);

  probe->login_sent = FALSE;
  hearth_driver_identify_async (driver, queue, NULL, data->cancellable,
                                on_address_identified, probe);
}

static void
on_add_cancelled (GCancellable *outer,
                  gpointer      user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

/* Each family, grouped by the port it is asked at: the one given, or
 * its own. Takes @task: the probes hold it until the last is done. */
static void
start_probes (HearthHome *self,
              GTask      *task)
{
  AddData *data = g_task_get_task_data (task);

  data->ports = g_ptr_array_new_with_free_func ((GDestroyNotify) port_probe_free);
  for (guint i = 0; i < self->drivers->len; i++)
    {
      HearthDriver *driver = g_ptr_array_index (self->drivers, i);
      guint16 port = data->port != 0 ? data->port : hearth_driver_get_default_port (driver);
      PortProbe *probe = NULL;

      for (guint j = 0; j < data->ports->len && probe == NULL; j++)
        {
          if (((PortProbe *) g_ptr_array_index (data->ports, j))->port == port)
            probe = g_ptr_array_index (data->ports, j);
        }
      if (probe == NULL)
        {
          probe = g_new0 (PortProbe, 1);
          probe->task = task;
          probe->port = port;
          probe->drivers = g_ptr_array_new ();
          g_ptr_array_add (data->ports, probe);
        }
      g_ptr_array_add (probe->drivers, driver);
    }

  g_assert (data->ports->len > 0);
  data->running = data->ports->len;
  for (guint i = 0; i < data->ports->len; i++)
    try_next_driver (g_ptr_array_index (data->ports, i));
}

/* A device already known at @host (and @port, unless 0) that answers */
static HearthDevice *
find_answering_at (HearthHome *self,
                   const char *host,
                   guint16     port)
{
  for (guint i = 0; i < self->devices->len; i++)
    {
      HearthDevice *device = g_ptr_array_index (self->devices, i);

      if (device_at (device, host, port) &&
          hearth_device_get_state (device) != HEARTH_DEVICE_STATE_UNAVAILABLE &&
          hearth_device_get_state (device) != HEARTH_DEVICE_STATE_CONNECTING)
        return device;
    }
  return NULL;
}

static void
add_address (HearthHome          *self,
             const char          *host,
             guint16              port,
             const char          *username,
             const char          *password,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  GTask *task;
  AddData *data;
  HearthDevice *known;
  GError *error = NULL;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hearth_home_add_address_async);

  /* Nothing goes out for an address that cannot be one */
  if (!hearth_host_check (host, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  /* Found by mDNS already (or added before): the same device, not a
   * second one. A login given for it is its login now. */
  known = find_answering_at (self, host, port);
  if (known != NULL)
    {
      HearthLink *link = g_hash_table_lookup (self->links, hearth_device_get_id (known));

      if (password != NULL && link != NULL)
        add_or_merge (self, hearth_home_get_driver (self, known), known, username, password);
      g_task_return_pointer (task, g_object_ref (known), g_object_unref);
      g_object_unref (task);
      return;
    }

  data = g_new0 (AddData, 1);
  data->host = g_strdup (host);
  data->port = port;
  data->username = g_strdup (username);
  data->password = g_strdup (password);
  data->cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    {
      data->outer = g_object_ref (cancellable);
      data->outer_id = g_cancellable_connect (cancellable, G_CALLBACK (on_add_cancelled),
                                              g_object_ref (data->cancellable), g_object_unref);
    }
  g_task_set_task_data (task, data, (GDestroyNotify) add_data_free);

  set_busy (self, self->busy + 1);
  start_probes (self, task);
}

void
hearth_home_add_address_async (HearthHome          *self,
                               const char          *host,
                               guint16              port,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (HEARTH_IS_HOME (self));
  g_return_if_fail (host != NULL);

  add_address (self, host, port, NULL, NULL, cancellable, callback, user_data);
}

void
hearth_home_add_address_with_login_async (HearthHome          *self,
                                          const char          *host,
                                          guint16              port,
                                          const char          *username,
                                          const char          *password,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_return_if_fail (HEARTH_IS_HOME (self));
  g_return_if_fail (host != NULL);
  g_return_if_fail (password != NULL);

  add_address (self, host, port, username, password, cancellable, callback, user_data);
}

HearthDevice *
hearth_home_add_address_finish (HearthHome    *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (HEARTH_IS_HOME (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
