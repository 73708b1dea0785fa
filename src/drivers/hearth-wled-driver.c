/* hearth-wled-driver.c: WLED (ESP8266/ESP32 LED controllers)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The firmware announces _wled._tcp with TXT mac=<12 lowercase hex> and
 * _http._tcp; only _wled._tcp is claimed (the same device's _http._tcp
 * record adds nothing, and _http._tcp is noisy). The TXT mac is the
 * hardware id, so a device is known before it is asked anything; GET
 * /json/info (brand "WLED") confirms it and reads name, model and firmware.
 */
#include "config.h"

#include <string.h>

#include "hearth-device.h"
#include "hearth-driver.h"
#include "hearth-error.h"
#include "hearth-http-queue.h"
#include "hearth-service.h"

#include "hearth-wled-driver.h"
#include "hearth-wled-link.h"
#include "hearth-wled-parse.h"

struct _HearthWledDriver
{
  GObject parent_instance;
};

static void hearth_wled_driver_iface_init (HearthDriverInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HearthWledDriver, hearth_wled_driver, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (HEARTH_TYPE_DRIVER,
                                                      hearth_wled_driver_iface_init))

static const char *
hearth_wled_driver_get_family (HearthDriver *driver)
{
  return "wled";
}

static const char * const *
hearth_wled_driver_get_service_types (HearthDriver *driver)
{
  static const char * const types[] = { "_wled._tcp", NULL };

  return types;
}

static guint16
hearth_wled_driver_get_default_port (HearthDriver *driver)
{
  return HEARTH_WLED_DEFAULT_PORT;
}

static gboolean
hearth_wled_driver_claims_service (HearthDriver  *driver,
                                   HearthService *service)
{
  return g_strcmp0 (hearth_service_get_type_name (service), "_wled._tcp") == 0;
}

static char *
hearth_wled_driver_get_service_id (HearthDriver  *driver,
                                   HearthService *service)
{
  const char *mac = hearth_service_lookup_txt (service, "mac");

  if (mac == NULL || strlen (mac) != 12)
    return NULL;
  for (const char *p = mac; *p != '\0'; p++)
    if (!g_ascii_isxdigit (*p))
      return NULL;

  return g_ascii_strdown (mac, -1);
}

static void
on_info_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  HearthHttpQueue *queue = HEARTH_HTTP_QUEUE (source);
  g_autoptr(GTask) task = G_TASK (user_data);
  HearthService *service = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(HearthDevice) device = NULL;

  root = hearth_http_queue_send_json_finish (queue, result, &error);
  if (root == NULL)
    {
      /* Probing a bare address: another kind of device answers 404, HTML
       * or other JSON there. A device that announced _wled._tcp keeps its
       * real error, and a network failure stays what it is. */
      if (service == NULL &&
          (g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_HTTP_STATUS) ||
           g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD) ||
           g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_TOO_LARGE)))
        g_task_return_new_error (task, HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED,
                                 "Not a WLED device: %s", error->message);
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  device = hearth_wled_device_new_from_info (root, &error);
  if (device == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  hearth_device_set_address (device,
                             hearth_http_queue_get_host (queue),
                             hearth_http_queue_get_port (queue));
  hearth_device_set_live (device, HEARTH_LIVE_PUSH);

  g_task_return_pointer (task, g_steal_pointer (&device), g_object_unref);
}

static void
hearth_wled_driver_identify_async (HearthDriver        *driver,
                                   HearthHttpQueue     *queue,
                                   HearthService       *service,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  task = g_task_new (driver, cancellable, callback, user_data);
  g_task_set_source_tag (task, hearth_wled_driver_identify_async);
  if (service != NULL)
    g_task_set_task_data (task, g_object_ref (service), g_object_unref);

  hearth_http_queue_send_async (queue, "GET", "/json/info", NULL,
                                NULL, NULL, cancellable,
                                on_info_cb, g_steal_pointer (&task));
}

static HearthDevice *
hearth_wled_driver_identify_finish (HearthDriver  *driver,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, driver), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static HearthLink *
hearth_wled_driver_create_link (HearthDriver *driver,
                                HearthDevice *device,
                                HearthHttp   *http)
{
  return hearth_wled_link_new (device, http);
}

static void
hearth_wled_driver_iface_init (HearthDriverInterface *iface)
{
  iface->get_family = hearth_wled_driver_get_family;
  iface->get_service_types = hearth_wled_driver_get_service_types;
  iface->get_default_port = hearth_wled_driver_get_default_port;
  iface->claims_service = hearth_wled_driver_claims_service;
  iface->get_service_id = hearth_wled_driver_get_service_id;
  iface->identify_async = hearth_wled_driver_identify_async;
  iface->identify_finish = hearth_wled_driver_identify_finish;
  iface->create_link = hearth_wled_driver_create_link;
}

static void
hearth_wled_driver_class_init (HearthWledDriverClass *klass)
{
}

static void
hearth_wled_driver_init (HearthWledDriver *self)
{
}
