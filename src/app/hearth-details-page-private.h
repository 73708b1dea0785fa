/* hearth-details-page-private.h: what the UI tests look at
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "hearth-details-page.h"

G_BEGIN_DECLS

/* A child of the page's template, or of one of its parts' (the control
 * editor, the swatch picker, the readings, organise and device groups),
 * by its id ("brightness_scale", "room_row"...), or NULL */
GtkWidget *_hearth_details_page_get_child (HearthDetailsPage *self,
                                           const char        *name);
/* Whether a value the person moves is still being sent or settling */
gboolean   _hearth_details_page_is_busy   (HearthDetailsPage *self);

G_END_DECLS
