/* hearth-room-dialog.h: a room's (or the favourites') details: its
 * quick actions and its members
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "hearth-control-item.h"
#include "hearth-control-list.h"

G_BEGIN_DECLS

#define HEARTH_TYPE_ROOM_DIALOG (hearth_room_dialog_get_type ())

G_DECLARE_FINAL_TYPE (HearthRoomDialog, hearth_room_dialog, HEARTH, ROOM_DIALOG, AdwPreferencesWindow)

/* The details of @room (NULL: the favourites) of @list's home, over
 * @parent; its actions are the "room." ones of @actions (the window's,
 * hearth-room-actions.h) */
GtkWidget  *hearth_room_dialog_new      (GtkWindow         *parent,
                                         HearthControlList *list,
                                         const char        *room,
                                         GActionGroup      *actions);
const char *hearth_room_dialog_get_room (HearthRoomDialog  *self);
/* How many members it shows */
guint       hearth_room_dialog_get_n_members (HearthRoomDialog *self);

G_END_DECLS
