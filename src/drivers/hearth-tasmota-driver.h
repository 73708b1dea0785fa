/* hearth-tasmota-driver.h: Tasmota (plugs, relays, bulbs, shutters, sensors)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "hearth-types.h"

G_BEGIN_DECLS

#define HEARTH_TYPE_TASMOTA_DRIVER (hearth_tasmota_driver_get_type ())

G_DECLARE_FINAL_TYPE (HearthTasmotaDriver, hearth_tasmota_driver, HEARTH, TASMOTA_DRIVER, GObject)

/* A Tasmota with a web password tells nothing, not even its MAC, without
 * it: hearth_driver_identify_async() then fails with
 * HEARTH_ERROR_NEEDS_PASSWORD. It is identified with the person's login
 * through hearth_driver_identify_with_login_async() (@username NULL =
 * "admin"; a refused one is HEARTH_ERROR_BAD_PASSWORD), which
 * hearth_home_add_address_with_login_async() calls. */

G_END_DECLS
