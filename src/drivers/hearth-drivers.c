/* hearth-drivers.c: the static list of device families
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>

#include "hearth-drivers.h"
#include "hearth-elgato-driver.h"
#include "hearth-shelly-driver.h"
#include "hearth-tasmota-driver.h"
#include "hearth-wled-driver.h"

GPtrArray *
hearth_drivers_new_all (void)
{
  GPtrArray *drivers = g_ptr_array_new_with_free_func (g_object_unref);

  /* Most specific first: probing a bare address tries them in this order. */
  /* DRIVERS: each family adds its line here */
  g_ptr_array_add (drivers, g_object_new (HEARTH_TYPE_SHELLY_DRIVER, NULL));
  g_ptr_array_add (drivers, g_object_new (HEARTH_TYPE_WLED_DRIVER, NULL));
  g_ptr_array_add (drivers, g_object_new (HEARTH_TYPE_ELGATO_DRIVER, NULL));
  g_ptr_array_add (drivers, g_object_new (HEARTH_TYPE_TASMOTA_DRIVER, NULL));

  return drivers;
}
