/* hearth-device-facts.h: the box a control runs on (model, firmware,
 * address, hardware id, how updates come, status, last seen)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "hearth-engine.h"
#include "hearth-item-group.h"

G_BEGIN_DECLS

#define HEARTH_TYPE_DEVICE_FACTS (hearth_device_facts_get_type ())

G_DECLARE_FINAL_TYPE (HearthDeviceFacts, hearth_device_facts, HEARTH, DEVICE_FACTS, HearthItemGroup)

/* Properties: "home" (where the device's link is asked how often it
 * polls) and "item"; the rows follow the item's device */
GtkWidget         *hearth_device_facts_new      (void);
HearthHome        *hearth_device_facts_get_home (HearthDeviceFacts *self);
void               hearth_device_facts_set_home (HearthDeviceFacts *self,
                                                 HearthHome        *home);

G_END_DECLS
