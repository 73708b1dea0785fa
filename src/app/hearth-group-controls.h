/* hearth-group-controls.h: a room's (or the favourites') quick actions:
 * all on, all off, a brightness for all
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "hearth-engine.h"

G_BEGIN_DECLS

#define HEARTH_TYPE_GROUP_CONTROLS (hearth_group_controls_get_type ())

G_DECLARE_FINAL_TYPE (HearthGroupControls, hearth_group_controls, HEARTH, GROUP_CONTROLS, GtkWidget)

/* The actions of @room (NULL: the favourites), as the "room." actions
 * (hearth-room-actions.h) carry them out; what @home has in the group
 * (hearth_home_dup_group()) says which are offered, each time the widget
 * is shown. @with_details: a button that opens the group's details too. */
GtkWidget  *hearth_group_controls_new      (HearthHome          *home,
                                            const char          *room,
                                            gboolean             with_details);
const char *hearth_group_controls_get_room (HearthGroupControls *self);
/* The label a person sees and hears for @room (NULL: "Favourites") */
const char *hearth_group_controls_title    (const char          *room);

G_END_DECLS
