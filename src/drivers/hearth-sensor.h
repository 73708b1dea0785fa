/* hearth-sensor.h: a read-only value on a device's model, as every family parses one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "hearth-device.h"

G_BEGIN_DECLS

void hearth_sensor_update (HearthDevice *device,
                           GHashTable   *seen,
                           const char   *id,
                           const char   *name,
                           double        value,
                           const char   *unit,
                           const char   *quantity);

G_END_DECLS
