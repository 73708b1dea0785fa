/* hearth-control-item-private.h: what HearthControlList tells its items
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "hearth-control-item.h"

G_BEGIN_DECLS

/* Replaces the readings attached to @self (a switch's power and energy) */
void _hearth_control_item_set_attached (HearthControlItem  *self,
                                        HearthControl     **readings,
                                        guint               n_readings);

G_END_DECLS
