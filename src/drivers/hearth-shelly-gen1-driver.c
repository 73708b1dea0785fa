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

#include <glib/gi18n.h>

#include "hearth-driver.h"
#include "hearth-error.h"
#include "hearth-service.h"

#include "hearth-shelly-gen1-driver.h"
#include "hearth-shelly-gen1-link.h"
#include "hearth-shelly-gen1-info.h"
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

static const char *
hearth_shelly_gen1_driver_get_display_name (HearthDriver *driver)
{
  /* TRANSLATORS: the name of a device family (a brand), as the app shows it */
  return _("Shelly");
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

static HearthDevice *
parse_shelly (JsonNode  *root,
              GError   **error)
{
  return hearth_shelly_gen1_parse_shelly (root, NULL, error);
}

static void
hearth_shelly_gen1_driver_identify_async (HearthDriver        *driver,
                                          HearthHttpQueue     *queue,
                                          HearthService       *service,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  /* /shelly is never protected, even with a login */
  hearth_driver_identify_by_get (driver, queue, "/shelly", NULL, NULL, parse_shelly,
                                 HEARTH_LIVE_POLL, "Not a Gen1 Shelly",
                                 cancellable, callback, user_data);
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
  iface->get_display_name = hearth_shelly_gen1_driver_get_display_name;
  iface->get_service_types = hearth_shelly_gen1_driver_get_service_types;
  iface->get_default_port = hearth_shelly_gen1_driver_get_default_port;
  iface->claims_service = hearth_shelly_gen1_driver_claims_service;
  iface->get_service_id = hearth_shelly_gen1_driver_get_service_id;
  iface->identify_async = hearth_shelly_gen1_driver_identify_async;
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
