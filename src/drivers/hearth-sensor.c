/* hearth-sensor.c: a read-only value on a device's model, as every family parses one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hearth-control.h"

#include "hearth-sensor.h"

/* Adds the sensor control @id to @device, or updates the one there, and
 * notes @id in @seen (a set of the ids an answer named, which owns its
 * strings) */
void
hearth_sensor_update (HearthDevice *device,
                      GHashTable   *seen,
                      const char   *id,
                      const char   *name,
                      double        value,
                      const char   *unit,
                      const char   *quantity)
{
  HearthControl *control;

  control = hearth_device_ensure_control (device, id, HEARTH_CONTROL_KIND_SENSOR, name);
  hearth_control_set_name (control, name);
  hearth_control_set_capabilities (control, HEARTH_CAPABILITY_VALUE);
  hearth_control_set_unit (control, unit);
  hearth_control_set_quantity (control, quantity);
  hearth_control_set_value (control, value);
  g_hash_table_add (seen, g_strdup (id));
}
