/* hearth-group-button.h: the button of a grid heading that opens its
 * group's quick actions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "hearth-engine.h"

G_BEGIN_DECLS

#define HEARTH_TYPE_GROUP_BUTTON (hearth_group_button_get_type ())

G_DECLARE_FINAL_TYPE (HearthGroupButton, hearth_group_button, HEARTH, GROUP_BUTTON, GtkWidget)

GtkWidget *hearth_group_button_new          (void);
/* Shows the actions of @room (NULL: the favourites) of @home; hidden
 * when @home is NULL (a heading of no group) */
void       hearth_group_button_set_group    (HearthGroupButton *self,
                                             HearthHome        *home,
                                             const char        *room);
/* Opens the group's details ("room.details"); FALSE when it has none */
gboolean   hearth_group_button_show_details (HearthGroupButton *self);

G_END_DECLS
