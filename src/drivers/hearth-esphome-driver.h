/* hearth-esphome-driver.h: ESPHome nodes with the web_server component
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "hearth-driver.h"

G_BEGIN_DECLS

#define HEARTH_TYPE_ESPHOME_DRIVER (hearth_esphome_driver_get_type ())
G_DECLARE_FINAL_TYPE (HearthEsphomeDriver, hearth_esphome_driver, HEARTH, ESPHOME_DRIVER, GObject)

G_END_DECLS
