/* hearth-organise-group.h: where a control lives: its name, its room,
 * whether it is a favourite or hidden; forgetting a device added by hand
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "hearth-engine.h"
#include "hearth-item-group.h"

G_BEGIN_DECLS

#define HEARTH_TYPE_ORGANISE_GROUP (hearth_organise_group_get_type ())

G_DECLARE_FINAL_TYPE (HearthOrganiseGroup, hearth_organise_group, HEARTH, ORGANISE_GROUP, HearthItemGroup)

/* Properties: "home", "item", and "can-forget" (read-only: the item's
 * device was added by hand, so forgetting it means something; mDNS would
 * bring the others right back). The rows write to the item's store. */
GtkWidget         *hearth_organise_group_new            (void);
HearthHome        *hearth_organise_group_get_home       (HearthOrganiseGroup *self);
void               hearth_organise_group_set_home       (HearthOrganiseGroup *self,
                                                         HearthHome          *home);
gboolean           hearth_organise_group_get_can_forget (HearthOrganiseGroup *self);
/* The item among the favourites, or not */
void               hearth_organise_group_set_favourite  (HearthOrganiseGroup *self,
                                                         gboolean             favourite);
/* Asks whether to forget the item's device, and does when told to */
void               hearth_organise_group_ask_forget     (HearthOrganiseGroup *self);

G_END_DECLS
