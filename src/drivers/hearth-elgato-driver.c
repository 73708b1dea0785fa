/* hearth-elgato-driver.c: Elgato Key Light, Key Light Air/Mini, Ring Light, Light Strip
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Announced as _elg._tcp on port 9123. The TXT "id" is the MAC, but the
 * device's identity is its serialNumber, which only GET
 * /elgato/accessory-info tells; so get_service_id returns NULL and
 * identification reads accessory-info.
 */
#include "config.h"

#include "hearth-device.h"
#include "hearth-driver.h"
#include "hearth-error.h"
#include "hearth-http-queue.h"
#include "hearth-service.h"

#include "hearth-elgato-driver.h"
#include "hearth-elgato-link.h"
#include "hearth-elgato-parse.h"

struct _HearthElgatoDriver
{
  GObject parent_instance;
};

static void hearth_elgato_driver_iface_init (HearthDriverInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HearthElgatoDriver, hearth_elgato_driver, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (HEARTH_TYPE_DRIVER,
                                                      hearth_elgato_driver_iface_init))

static const char *
hearth_elgato_driver_get_family (HearthDriver *driver)
{
  return "elgato";
}

static const char * const *
hearth_elgato_driver_get_service_types (HearthDriver *driver)
{
  static const char * const types[] = { "_elg._tcp", NULL };

  return types;
}

static guint16
hearth_elgato_driver_get_default_port (HearthDriver *driver)
{
  return HEARTH_ELGATO_DEFAULT_PORT;
}

static gboolean
hearth_elgato_driver_claims_service (HearthDriver  *driver,
                                     HearthService *service)
{
  return g_strcmp0 (hearth_service_get_type_name (service), "_elg._tcp") == 0;
}

static char *
hearth_elgato_driver_get_service_id (HearthDriver  *driver,
                                     HearthService *service)
{
  /* TXT id= is the MAC; the hardware id is the serial number. */
  return NULL;
}

static void
on_accessory_info_cb (GObject      *source,
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
      /* Another kind of device at this address answers 404, HTML or some
       * other JSON: not ours. A network failure stays what it is. */
      if (g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_HTTP_STATUS) ||
          g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD) ||
          g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_TOO_LARGE))
        g_task_return_new_error (task, HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED,
                                 "Not an Elgato light: %s", error->message);
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  device = hearth_elgato_parse_accessory_info (root, &error);
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
hearth_elgato_driver_identify_async (HearthDriver        *driver,
                                     HearthHttpQueue     *queue,
                                     HearthService       *service,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  task = g_task_new (driver, cancellable, callback, user_data);
  g_task_set_source_tag (task, hearth_elgato_driver_identify_async);

  hearth_http_queue_send_async (queue, "GET", "/elgato/accessory-info", NULL,
                                NULL, NULL, cancellable,
                                on_accessory_info_cb, g_steal_pointer (&task));
}

static HearthDevice *
hearth_elgato_driver_identify_finish (HearthDriver  *driver,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, driver), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static HearthLink *
hearth_elgato_driver_create_link (HearthDriver *driver,
                                  HearthDevice *device,
                                  HearthHttp   *http)
{
  return hearth_elgato_link_new (device, http);
}

static void
hearth_elgato_driver_iface_init (HearthDriverInterface *iface)
{
  iface->get_family = hearth_elgato_driver_get_family;
  iface->get_service_types = hearth_elgato_driver_get_service_types;
  iface->get_default_port = hearth_elgato_driver_get_default_port;
  iface->claims_service = hearth_elgato_driver_claims_service;
  iface->get_service_id = hearth_elgato_driver_get_service_id;
  iface->identify_async = hearth_elgato_driver_identify_async;
  iface->identify_finish = hearth_elgato_driver_identify_finish;
  iface->create_link = hearth_elgato_driver_create_link;
}

static void
hearth_elgato_driver_class_init (HearthElgatoDriverClass *klass)
{
}

static void
hearth_elgato_driver_init (HearthElgatoDriver *self)
{
}
