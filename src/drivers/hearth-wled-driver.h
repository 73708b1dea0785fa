/* hearth-wled-driver.h: WLED (ESP8266/ESP32 LED controllers)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define HEARTH_WLED_DEFAULT_PORT 80

#define HEARTH_TYPE_WLED_DRIVER (hearth_wled_driver_get_type ())

G_DECLARE_FINAL_TYPE (HearthWledDriver, hearth_wled_driver, HEARTH, WLED_DRIVER, GObject)

G_END_DECLS
