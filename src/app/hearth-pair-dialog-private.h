/* hearth-pair-dialog-private.h: what the UI tests look at
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "hearth-pair-dialog.h"

G_BEGIN_DECLS

/* A child of the template by its id ("hint_label", "error_label"...) */
GtkWidget *_hearth_pair_dialog_get_child  (HearthPairDialog *self,
                                           const char       *name);
/* Whether it is still waiting for the button */
gboolean   _hearth_pair_dialog_is_waiting (HearthPairDialog *self);
/* The pairing window in seconds (tests make it short); restarts */
void       _hearth_pair_dialog_set_seconds (HearthPairDialog *self,
                                            guint             seconds);

G_END_DECLS
