/* hearth-nanoleaf-driver.h: Nanoleaf Light Panels, Canvas, Shapes, Elements, Lines
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define HEARTH_TYPE_NANOLEAF_DRIVER (hearth_nanoleaf_driver_get_type ())

G_DECLARE_FINAL_TYPE (HearthNanoleafDriver, hearth_nanoleaf_driver, HEARTH, NANOLEAF_DRIVER, GObject)

G_END_DECLS
