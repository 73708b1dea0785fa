/* hearth-control-list.h: every control of every device, as items
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "hearth-engine.h"

G_BEGIN_DECLS

#define HEARTH_TYPE_CONTROL_LIST (hearth_control_list_get_type ())

G_DECLARE_FINAL_TYPE (HearthControlList, hearth_control_list, HEARTH, CONTROL_LIST, GObject)

/* A GListModel of HearthControlItem, one per control of every device in
 * @home, kept in step with the devices and their controls (items-changed
 * only where something changed). A reading that belongs to another control
 * (a switch's power, "switch:0/power") is no tile of its own: it is in the
 * item's "attached" list. Hidden controls are still items (views filter). */
HearthControlList *hearth_control_list_new      (HearthHome        *home,
                                                 HearthStore       *store);
HearthHome        *hearth_control_list_get_home (HearthControlList *self);
HearthControlItem *hearth_control_list_find     (HearthControlList *self,
                                                 const char        *key);

G_END_DECLS
