/* hearth-rooms-dialog.h: create, rename and delete rooms
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "hearth-engine.h"

G_BEGIN_DECLS

#define HEARTH_TYPE_ROOMS_DIALOG (hearth_rooms_dialog_get_type ())

G_DECLARE_FINAL_TYPE (HearthRoomsDialog, hearth_rooms_dialog, HEARTH, ROOMS_DIALOG, AdwPreferencesWindow)

/* The rooms of @store, in their order, each renamed in place; a new one
 * added at the top. Follows the store while open. */
GtkWidget   *hearth_rooms_dialog_new       (GtkWindow         *parent,
                                            HearthStore       *store);
HearthStore *hearth_rooms_dialog_get_store (HearthRoomsDialog *self);

G_END_DECLS
