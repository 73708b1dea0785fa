/* hearth-readings-group.h: a switch's power and energy, a sensor's siblings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "hearth-item-group.h"

G_BEGIN_DECLS

#define HEARTH_TYPE_READINGS_GROUP (hearth_readings_group_get_type ())

G_DECLARE_FINAL_TYPE (HearthReadingsGroup, hearth_readings_group, HEARTH, READINGS_GROUP, HearthItemGroup)

/* The readings that go with "item": the controls attached to it (a
 * switch's power and energy), or for a sensor the other readings of its
 * device. Hidden when there are none. */
GtkWidget         *hearth_readings_group_new      (void);

G_END_DECLS
