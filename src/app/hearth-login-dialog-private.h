/* hearth-login-dialog-private.h: what the UI tests look at
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "hearth-login-dialog.h"

G_BEGIN_DECLS

/* A child of the template by its id ("password_row", "error_label"...) */
GtkWidget *_hearth_login_dialog_get_child (HearthLoginDialog *self,
                                           const char        *name);
/* Whether a password is being checked or kept right now */
gboolean   _hearth_login_dialog_is_busy   (HearthLoginDialog *self);

G_END_DECLS
