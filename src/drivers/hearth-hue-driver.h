/* hearth-hue-driver.h: Philips Hue bridge
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define HEARTH_TYPE_HUE_DRIVER (hearth_hue_driver_get_type ())

G_DECLARE_FINAL_TYPE (HearthHueDriver, hearth_hue_driver, HEARTH, HUE_DRIVER, GObject)

G_END_DECLS
