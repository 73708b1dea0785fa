/* hearth-shelly-driver.h: Shelly Gen2, Gen3 and Gen4 (JSON-RPC)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "hearth-driver.h"

G_BEGIN_DECLS

#define HEARTH_TYPE_SHELLY_DRIVER (hearth_shelly_driver_get_type ())

G_DECLARE_FINAL_TYPE (HearthShellyDriver, hearth_shelly_driver, HEARTH, SHELLY_DRIVER, GObject)

G_END_DECLS
