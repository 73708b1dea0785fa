/* hearth-details-page.h: one control, all it can do, and where it lives
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "hearth-engine.h"
#include "hearth-control-item.h"
#include "hearth-control-list.h"

G_BEGIN_DECLS

#define HEARTH_TYPE_DETAILS_PAGE (hearth_details_page_get_type ())

G_DECLARE_FINAL_TYPE (HearthDetailsPage, hearth_details_page, HEARTH, DETAILS_PAGE, AdwBin)

/* Properties: "list" (construct-only; the home is its home), "item"
 * (the control shown, nullable). Every change a person makes goes out as
 * the window's win.apply action; names, rooms, favourites and hiding go
 * to the item's store. */
GtkWidget         *hearth_details_page_new      (HearthControlList *list);
HearthControlList *hearth_details_page_get_list (HearthDetailsPage *self);
HearthControlItem *hearth_details_page_get_item (HearthDetailsPage *self);
void               hearth_details_page_set_item (HearthDetailsPage *self,
                                                 HearthControlItem *item);

G_END_DECLS
