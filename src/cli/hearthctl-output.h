/* hearthctl-output.h: how hearthctl shows devices, as text and as JSON
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "hearth-control.h"
#include "hearth-device.h"
#include "hearth-json.h"

G_BEGIN_DECLS

JsonNode *hearthctl_device_to_json      (HearthDevice  *device);
JsonNode *hearthctl_control_to_json     (HearthControl *control);
/* "on · 70 % · 2700 K", "closing · 51 %", "21.5 °C" */
char     *hearthctl_describe_control    (HearthControl *control);
/* Several lines: the device, then one line per control */
char     *hearthctl_describe_device     (HearthDevice  *device);

G_END_DECLS
