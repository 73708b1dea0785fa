/* hearth-room-actions.h: the "room." actions: a room, or the favourites,
 * acting as one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "hearth-control-item.h"
#include "hearth-control-list.h"

G_BEGIN_DECLS

/* Gives @window (a HearthWindow: its "win.toast" tells what failed) the
 * "room." actions, each with the group as target ("ms": a room's name,
 * nothing for the favourites), carried out on the devices of @list's home:
 *   room.on, room.off          ms     all the group's lights and switches
 *   room.brightness            (msi)  all its dimmable lights on at 0–100 %
 *                                     (0: off)
 *   room.details               ms     opens the group's details
 * Devices that failed are named in a toast. */
void hearth_room_actions_install (GtkWidget         *window,
                                  HearthControlList *list);

G_END_DECLS
