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

static const char * const service_types[] = { "_wled._tcp", NULL };

static const HearthDriverInfo info = {
  .family = "wled",
  /* TRANSLATORS: the name of a device family (a brand), as the app shows it */
  .display_name = N_("WLED"),
  .service_types = service_types,
  .default_port = HEARTH_WLED_DEFAULT_PORT,
  .service_id_key = "mac",
  .service_id_digits = 12,
  .identify_path = "/json/info",
  .identify_parse = hearth_wled_device_new_from_info,
  .identify_live = HEARTH_LIVE_PUSH,
  .identify_not_ours = "Not a WLED device",
  .new_link = hearth_wled_link_new,
};

static void
hearth_wled_driver_iface_init (HearthDriverInterface *iface)
{
  iface->info = &info;
}

static void
hearth_wled_driver_class_init (HearthWledDriverClass *klass)
{
}

static void
hearth_wled_driver_init (HearthWledDriver *self)
{
}
