/* hearth-shelly-gen1-driver.c: first-generation Shellies (REST)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Gen1 devices announce only _http._tcp, with an instance name starting
 * with "shelly" and no TXT we can use. This driver claims those whose TXT
 * has no "gen" key, and identification (GET /shelly, never protected)
 * confirms: an answer with "gen" is a Gen2+ Shelly, the "shelly" driver's,
 * and is refused here with HEARTH_ERROR_UNSUPPORTED, just as that driver
 * refuses an answer without "gen". So the two never both claim a device.
 *
 * HearthHome probes a service with the first driver that claims it, so
 * this driver is registered before the Gen2 one: a Gen1 device's
 * _http._tcp service reaches it, while a Gen2 device is still found by the
 * Gen2 driver through its _shelly._tcp service (and its _http._tcp one
 * when the TXT says gen=2+, which this driver does not claim).
 */
#include "config.h"

#include "hearth-device.h"
#include "hearth-driver.h"
#include "hearth-error.h"
#include "hearth-http-queue.h"
#include "hearth-service.h"

#include "hearth-shelly-gen1-driver.h"
#include "hearth-shelly-gen1-link.h"
#include "hearth-shelly-gen1-parse.h"

struct _HearthShellyGen1Driver
{
  GObject parent_instance;
};

static void hearth_shelly_gen1_driver_iface_init (HearthDriverInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HearthShellyGen1Driver, hearth_shelly_gen1_driver, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (HEARTH_TYPE_DRIVER,
                                                      hearth_shelly_gen1_driver_iface_init))

static const char *
hearth_shelly_gen1_driver_get_family (HearthDriver *driver)
{
  return HEARTH_SHELLY_GEN1_FAMILY;
}

static const char * const *
hearth_shelly_gen1_driver_get_service_types (HearthDriver *driver)
{
  static const char * const types[] = { "_http._tcp", NULL };

  return types;
}

static guint16
hearth_shelly_gen1_driver_get_default_port (HearthDriver *driver)
{
  return HEARTH_SHELLY_GEN1_DEFAULT_PORT;
}

static gboolean
hearth_shelly_gen1_driver_claims_service (HearthDriver  *driver,
                                          HearthService *service)
{
  const char *name = hearth_service_get_name (service);

  if (g_strcmp0 (hearth_service_get_type_name (service), "_http._tcp") != 0)
    return FALSE;

  /* _http._tcp is noisy: only what is named like a Shelly, and not what
   * says it is Gen2 or later */
  if (name == NULL || g_ascii_strncasecmp (name, "shelly", 6) != 0)
    return FALSE;

  return hearth_service_lookup_txt (service, "gen") == NULL;
}

static char *
hearth_shelly_gen1_driver_get_service_id (HearthDriver  *driver,
                                          HearthService *service)
{
  /* No TXT tells the MAC; /shelly does */
  return NULL;
}

static void
on_shelly_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  HearthHttpQueue *queue = HEARTH_HTTP_QUEUE (source);
  g_autoptr(GTask) task = G_TASK (user_data);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(HearthDevice) device = NULL;

  root = hearth_http_queue_send_json_finish (queue, result, &error);
  if (root == NULL)
    {
      /* Something else at this address answers 404, HTML or too much:
       * not ours. A network failure stays what it is. */
      if (g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_HTTP_STATUS) ||
          g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD) ||
          g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_TOO_LARGE))
        g_task_return_new_error (task, HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED,
                                 "Not a Gen1 Shelly: %s", error->message);
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  device = hearth_shelly_gen1_parse_shelly (root, NULL, &error);
  if (device == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  hearth_device_set_address (device,
                             hearth_http_queue_get_host (queue),
                             hearth_http_queue_get_port (queue));
  hearth_device_set_live (device, HEARTH_LIVE_POLL);

  g_task_return_pointer (task, g_steal_pointer (&device), g_object_unref);
}

static void
hearth_shelly_gen1_driver_identify_async (HearthDriver        *driver,
                                          HearthHttpQueue     *queue,
                                          HearthService       *service,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  task = g_task_new (driver, cancellable, callback, user_data);
  g_task_set_source_tag (task, hearth_shelly_gen1_driver_identify_async);

  /* Never protected, even with a login */
  hearth_http_queue_send_async (queue, "GET", "/shelly", NULL, NULL, NULL,
                                cancellable, on_shelly_cb, g_steal_pointer (&task));
}

static HearthDevice *
hearth_shelly_gen1_driver_identify_finish (HearthDriver  *driver,
                                           GAsyncResult  *result,
                                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, driver), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static HearthLink *
hearth_shelly_gen1_driver_create_link (HearthDriver *driver,
                                       HearthDevice *device,
                                       HearthHttp   *http)
{
  return hearth_shelly_gen1_link_new (device, http);
}

static const char *
hearth_shelly_gen1_driver_get_default_username (HearthDriver *driver)
{
  return HEARTH_SHELLY_GEN1_DEFAULT_USERNAME;
}

static void
hearth_shelly_gen1_driver_iface_init (HearthDriverInterface *iface)
{
  iface->get_family = hearth_shelly_gen1_driver_get_family;
  iface->get_service_types = hearth_shelly_gen1_driver_get_service_types;
  iface->get_default_port = hearth_shelly_gen1_driver_get_default_port;
  iface->claims_service = hearth_shelly_gen1_driver_claims_service;
  iface->get_service_id = hearth_shelly_gen1_driver_get_service_id;
  iface->identify_async = hearth_shelly_gen1_driver_identify_async;
  iface->identify_finish = hearth_shelly_gen1_driver_identify_finish;
  iface->create_link = hearth_shelly_gen1_driver_create_link;
  iface->get_default_username = hearth_shelly_gen1_driver_get_default_username;
}

static void
hearth_shelly_gen1_driver_class_init (HearthShellyGen1DriverClass *klass)
{
}

static void
hearth_shelly_gen1_driver_init (HearthShellyGen1Driver *self)
{
}
