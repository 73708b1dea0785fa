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

static HearthDevice *
parse_shelly (JsonNode  *root,
              GError   **error)
{
  return hearth_shelly_gen1_parse_shelly (root, NULL, error);
}

static const char * const service_types[] = { "_http._tcp", NULL };

static const HearthDriverInfo info = {
  .family = HEARTH_SHELLY_GEN1_FAMILY,
  /* TRANSLATORS: the name of a device family (a brand), as the app shows it */
  .display_name = N_("Shelly"),
  .service_types = service_types,
  .default_port = HEARTH_SHELLY_GEN1_DEFAULT_PORT,
  .default_username = HEARTH_SHELLY_GEN1_DEFAULT_USERNAME,
  /* No TXT tells the MAC; /shelly does, and is never protected, even
   * with a login */
  .service_id_key = NULL,
  .identify_path = "/shelly",
  .identify_parse = parse_shelly,
  .identify_live = HEARTH_LIVE_POLL,
  .identify_not_ours = "Not a Gen1 Shelly",
  .new_link = hearth_shelly_gen1_link_new,
};

static void
hearth_shelly_gen1_driver_iface_init (HearthDriverInterface *iface)
{
  iface->info = &info;
  iface->claims_service = hearth_shelly_gen1_driver_claims_service;
}

static void
hearth_shelly_gen1_driver_class_init (HearthShellyGen1DriverClass *klass)
{
}

static void
hearth_shelly_gen1_driver_init (HearthShellyGen1Driver *self)
{
}
