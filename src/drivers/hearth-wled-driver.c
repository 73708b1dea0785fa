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

#include <glib/gi18n.h>

#include "hearth-driver.h"
#include "hearth-hex-id.h"
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

static const char *
hearth_wled_driver_get_display_name (HearthDriver *driver)
{
  /* TRANSLATORS: the name of a device family (a brand), as the app shows it */
  return _("WLED");
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

  if (!hearth_hex_id_is_valid (mac, 12))
    return NULL;

  return g_ascii_strdown (mac, -1);
}

static void
hearth_wled_driver_identify_async (HearthDriver        *driver,
                                   HearthHttpQueue     *queue,
                                   HearthService       *service,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  hearth_driver_identify_by_get (driver, queue, "/json/info", NULL, NULL,
                                 hearth_wled_device_new_from_info, HEARTH_LIVE_PUSH,
                                 "Not a WLED device", cancellable, callback, user_data);
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
  iface->get_display_name = hearth_wled_driver_get_display_name;
  iface->get_service_types = hearth_wled_driver_get_service_types;
  iface->get_default_port = hearth_wled_driver_get_default_port;
  iface->claims_service = hearth_wled_driver_claims_service;
  iface->get_service_id = hearth_wled_driver_get_service_id;
  iface->identify_async = hearth_wled_driver_identify_async;
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
