/* hearth-control-item.h: one tile's worth of state for the views
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "hearth-engine.h"

G_BEGIN_DECLS

#define HEARTH_TYPE_CONTROL_ITEM (hearth_control_item_get_type ())

G_DECLARE_FINAL_TYPE (HearthControlItem, hearth_control_item, HEARTH, CONTROL_ITEM, GObject)

/* A control as a person sees it: its device's state and the choices kept in
 * the store (name, room, favourite, hidden) folded into properties that
 * views bind to and that notify only when they change:
 *   "device", "control", "store" (construct-only), "key" (store key),
 *   "title" (the chosen name, else the control's), "room" (or NULL),
 *   "favourite", "hidden", "available", "icon-name" (fits the kind and
 *   state: bulb on/off, plug, blind, thermometer...), "state-text"
 *   (translated: "On · 70 %", "Closing · 51 %", "21.5 °C", "Unavailable
 *   since 14:02", "Connecting…", "Needs a password"), "color" (0xRRGGBB of a
 *   coloured light that is on, else -1), "search-text" (title, room and
 *   kind, case-folded, for the search entry), "attached" (readings of this
 *   control, e.g. a switch's power: a GListModel of HearthControl). */
HearthControlItem *hearth_control_item_new            (HearthDevice      *device,
                                                       HearthControl     *control,
                                                       HearthStore       *store);
HearthDevice      *hearth_control_item_get_device     (HearthControlItem *self);
HearthControl     *hearth_control_item_get_control    (HearthControlItem *self);
HearthStore       *hearth_control_item_get_store      (HearthControlItem *self);
const char        *hearth_control_item_get_key        (HearthControlItem *self);
const char        *hearth_control_item_get_title      (HearthControlItem *self);
const char        *hearth_control_item_get_room       (HearthControlItem *self);
gboolean           hearth_control_item_get_favourite  (HearthControlItem *self);
gboolean           hearth_control_item_get_hidden     (HearthControlItem *self);
gboolean           hearth_control_item_get_available  (HearthControlItem *self);
const char        *hearth_control_item_get_icon_name  (HearthControlItem *self);
const char        *hearth_control_item_get_state_text (HearthControlItem *self);
int                hearth_control_item_get_color      (HearthControlItem *self);
const char        *hearth_control_item_get_search_text (HearthControlItem *self);
GListModel        *hearth_control_item_get_attached   (HearthControlItem *self);
/* What one click on the tile does: toggles lights and switches; covers and
 * sensors open their details instead (returns FALSE then). */
gboolean           hearth_control_item_get_toggles    (HearthControlItem *self);

G_END_DECLS
