/* hearth-drivers.c: the static list of device families
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>

#include "hearth-drivers.h"
#include "hearth-elgato-driver.h"
#include "hearth-esphome-driver.h"
#include "hearth-nanoleaf-driver.h"
#include "hearth-hue-driver.h"
#include "hearth-shelly-driver.h"
#include "hearth-shelly-gen1-driver.h"
#include "hearth-tasmota-driver.h"
#include "hearth-wled-driver.h"

GPtrArray *
hearth_drivers_new_all (void)
{
  GPtrArray *drivers = g_ptr_array_new_with_free_func (g_object_unref);

  /* Most specific first: probing a bare address tries them in this order. */
  /* DRIVERS: each family adds its line here */
  /* Gen1 before Gen2: HearthHome probes a service with the first driver
   * claiming it, and both claim _http._tcp "shelly*" (Gen1 only without
   * a gen= TXT); Gen2 devices still reach theirs through _shelly._tcp. */
  g_ptr_array_add (drivers, g_object_new (HEARTH_TYPE_SHELLY_GEN1_DRIVER, NULL));
  g_ptr_array_add (drivers, g_object_new (HEARTH_TYPE_SHELLY_DRIVER, NULL));
  g_ptr_array_add (drivers, g_object_new (HEARTH_TYPE_WLED_DRIVER, NULL));
  g_ptr_array_add (drivers, g_object_new (HEARTH_TYPE_ELGATO_DRIVER, NULL));
  g_ptr_array_add (drivers, g_object_new (HEARTH_TYPE_TASMOTA_DRIVER, NULL));
  g_ptr_array_add (drivers, g_object_new (HEARTH_TYPE_ESPHOME_DRIVER, NULL));
  /* Late: before pairing a Nanoleaf answers only a 401, as any device
   * behind a password does, so the families that can tell come first */
  g_ptr_array_add (drivers, g_object_new (HEARTH_TYPE_NANOLEAF_DRIVER, NULL));
  /* HTTPS: after the plain-HTTP families, so that probing an address
   * with a port of theirs never waits on a TLS hello first */
  g_ptr_array_add (drivers, g_object_new (HEARTH_TYPE_HUE_DRIVER, NULL));

  return drivers;
}
