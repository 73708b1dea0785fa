/* hearth-energy-group.h: the details' graph of power over time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "hearth-item-group.h"

G_BEGIN_DECLS

#define HEARTH_TYPE_ENERGY_GROUP (hearth_energy_group_get_type ())

G_DECLARE_FINAL_TYPE (HearthEnergyGroup, hearth_energy_group, HEARTH, ENERGY_GROUP, HearthItemGroup)

/* The power of "item" (a switch's power reading, or a power sensor
 * itself) over the last 24 hours, 7 days or 30 days, as the home's
 * history keeps it. Hidden for a control without power. */
GtkWidget *hearth_energy_group_new      (void);
void       hearth_energy_group_set_home (HearthEnergyGroup *self,
                                         HearthHome        *home);

G_END_DECLS
