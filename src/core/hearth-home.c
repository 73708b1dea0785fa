/* hearth-home.c: the engine
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "hearth-browser.h"
#include "hearth-device.h"
#include "hearth-driver.h"
#include "hearth-drivers.h"
#include "hearth-error.h"
#include "hearth-home.h"
#include "hearth-http.h"
#include "hearth-http-queue.h"
#include "hearth-link.h"
#include "hearth-service.h"

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
};

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

/* The same device is often announced several times (under two service
 * types, on two addresses); it is kept once, by its hardware id, and a
 * device seen at a new address is moved there. */
static HearthDevice *
add_or_merge (HearthHome   *self,
              HearthDriver *driver,
              HearthDevice *found)
{
  HearthDevice *existing = find_by_id (self, hearth_device_get_id (found));
  g_autoptr(HearthLink) link = NULL;

  if (existing != NULL)
    {
      const char *host = hearth_device_get_host (found);
      guint16 port = hearth_device_get_port (found);

      if (g_strcmp0 (hearth_device_get_host (existing), host) != 0 ||
          hearth_device_get_port (existing) != port)
        {
          HearthLink *existing_link = g_hash_table_lookup (self->links, hearth_device_get_id (existing));

          g_debug ("%s moved to %s:%u", hearth_device_get_id (existing), host, port);
          if (existing_link != NULL)
            hearth_link_readdress (existing_link, host, port);
          else
            hearth_device_set_address (existing, host, port);
        }
      return existing;
    }

  link = hearth_driver_create_link (driver, found, self->http);
  g_hash_table_insert (self->links, g_strdup (hearth_device_get_id (found)), g_object_ref (link));
  g_ptr_array_add (self->devices, g_object_ref (found));
  g_list_model_items_changed (G_LIST_MODEL (self), self->devices->len - 1, 0, 1);

  hearth_link_start (link);
  return found;
}

/* Services found by mDNS */

typedef struct
{
  HearthHome   *home;
  HearthDriver *driver;
  char         *key;
} Probe;

static void
probe_free (Probe *probe)
{
  g_clear_object (&probe->home);
  g_clear_object (&probe->driver);
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
        add_or_merge (self, probe->driver, device);
      else
        g_debug ("%s is not a %s device: %s", probe->key,
                 hearth_driver_get_family (probe->driver), error->message);
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

      /* Known here already: nothing to ask the device. */
      if (find_by_address (self, hearth_driver_get_family (driver), host, port) != NULL)
        return;

      /* Known by its id from the TXT record, at another address: it moved. */
      id = hearth_driver_get_service_id (driver, service);
      known = id != NULL ? find_by_id (self, id) : NULL;
      if (known != NULL && g_strcmp0 (hearth_device_get_family (known), hearth_driver_get_family (driver)) == 0)
        {
          HearthLink *link = g_hash_table_lookup (self->links, id);

          if (link != NULL)
            hearth_link_readdress (link, host, port);
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
      probe->key = g_steal_pointer (&key);

      queue = hearth_http_get_queue (self->http, host, port);
      hearth_driver_identify_async (driver, queue, service, self->cancellable,
                                    on_service_identified, probe);
      return;
    }
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

  G_OBJECT_CLASS (hearth_home_parent_class)->dispose (object);
}

static void
hearth_home_finalize (GObject *object)
{
  HearthHome *self = (HearthHome *)object;

  g_clear_pointer (&self->devices, g_ptr_array_unref);
  g_clear_pointer (&self->drivers, g_ptr_array_unref);
  g_clear_pointer (&self->probing, g_hash_table_unref);
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
  self->drivers = hearth_drivers_new_all ();
  self->devices = g_ptr_array_new_with_free_func (g_object_unref);
  self->links = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->probing = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->cancellable = g_cancellable_new ();
}

HearthHome *
hearth_home_new (void)
{
  return g_object_new (HEARTH_TYPE_HOME, NULL);
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

HearthLink *
hearth_home_get_link (HearthHome   *self,
                      HearthDevice *device)
{
  g_return_val_if_fail (HEARTH_IS_HOME (self), NULL);
  g_return_val_if_fail (HEARTH_IS_DEVICE (device), NULL);

  return g_hash_table_lookup (self->links, hearth_device_get_id (device));
}

/* Adding by address: each family in turn, one request at a time. */

typedef struct
{
  char    *host;
  guint16  port;
  guint    next_driver;
  GError  *last_error;
} AddData;

static void
add_data_free (AddData *data)
{
  g_free (data->host);
  g_clear_error (&data->last_error);
  g_free (data);
}

static void try_next_driver (GTask *task);

static void
on_address_identified (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  HearthHome *self = g_task_get_source_object (task);
  AddData *data = g_task_get_task_data (task);
  HearthDriver *driver = HEARTH_DRIVER (object);
  g_autoptr(HearthDevice) device = NULL;
  g_autoptr(GError) error = NULL;

  device = hearth_driver_identify_finish (driver, result, &error);
  if (device != NULL)
    {
      HearthDevice *added;

      set_busy (self, self->busy - 1);
      added = add_or_merge (self, driver, device);
      g_task_return_pointer (task, g_object_ref (added), g_object_unref);
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      set_busy (self, self->busy - 1);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_debug ("%s:%u is not a %s device: %s", data->host, data->port,
           hearth_driver_get_family (driver), error->message);

  /* A timeout or a refused connection tells more than "not this family". */
  if (data->last_error == NULL ||
      !g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED))
    {
      g_clear_error (&data->last_error);
      data->last_error = g_steal_pointer (&error);
    }

  try_next_driver (g_steal_pointer (&task));
}

static void
try_next_driver (GTask *task)
{
  HearthHome *self = g_task_get_source_object (task);
  AddData *data = g_task_get_task_data (task);
  HearthDriver *driver;
  g_autoptr(HearthHttpQueue) queue = NULL;
  guint16 port;

  if (data->next_driver >= self->drivers->len)
    {
      set_busy (self, self->busy - 1);
      g_task_return_new_error (task, HEARTH_ERROR, HEARTH_ERROR_NOT_FOUND,
                               _("No device that Hearth knows answered at %s%s%s"),
                               data->host,
                               data->last_error != NULL ? ": " : "",
                               data->last_error != NULL ? data->last_error->message : "");
      g_object_unref (task);
      return;
    }

  driver = g_ptr_array_index (self->drivers, data->next_driver++);
  port = data->port != 0 ? data->port : hearth_driver_get_default_port (driver);
  queue = hearth_http_get_queue (self->http, data->host, port);

  hearth_driver_identify_async (driver, queue, NULL, g_task_get_cancellable (task),
                                on_address_identified, task);
}

void
hearth_home_add_address_async (HearthHome          *self,
                               const char          *host,
                               guint16              port,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *task;
  AddData *data;

  g_return_if_fail (HEARTH_IS_HOME (self));
  g_return_if_fail (host != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hearth_home_add_address_async);

  data = g_new0 (AddData, 1);
  data->host = g_strdup (host);
  data->port = port;
  g_task_set_task_data (task, data, (GDestroyNotify) add_data_free);

  set_busy (self, self->busy + 1);
  try_next_driver (task);
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
