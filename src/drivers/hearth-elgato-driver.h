/* hearth-elgato-driver.h: Elgato Key Light, Key Light Air/Mini, Ring Light, Light Strip
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define HEARTH_TYPE_ELGATO_DRIVER (hearth_elgato_driver_get_type ())

G_DECLARE_FINAL_TYPE (HearthElgatoDriver, hearth_elgato_driver, HEARTH, ELGATO_DRIVER, GObject)

G_END_DECLS
