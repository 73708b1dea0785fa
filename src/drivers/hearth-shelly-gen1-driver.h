/* hearth-shelly-gen1-driver.h: first-generation Shellies (REST)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define HEARTH_TYPE_SHELLY_GEN1_DRIVER (hearth_shelly_gen1_driver_get_type ())

G_DECLARE_FINAL_TYPE (HearthShellyGen1Driver, hearth_shelly_gen1_driver, HEARTH, SHELLY_GEN1_DRIVER, GObject)

G_END_DECLS
