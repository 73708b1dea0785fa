/* hearth-login-dialog.h: the password of a device that asks for one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "hearth-device-dialog.h"

G_BEGIN_DECLS

#define HEARTH_TYPE_LOGIN_DIALOG (hearth_login_dialog_get_type ())

G_DECLARE_FINAL_TYPE (HearthLoginDialog, hearth_login_dialog, HEARTH, LOGIN_DIALOG, HearthDeviceDialog)

/* Asks for the password of @device (and a user name where its family has
 * one), checks it with the device, and only then keeps it in the keyring
 * for the device's hardware id; says plainly when it was refused. On
 * success it tells @parent ("win.toast") and closes. */
GtkWidget    *hearth_login_dialog_new        (GtkWindow         *parent,
                                              HearthHome        *home,
                                              HearthDevice      *device);
HearthDevice *hearth_login_dialog_get_device (HearthLoginDialog *self);

/* The dialog @device needs now: HearthPairDialog when it waits to be
 * paired (and its family pairs by a button), HearthLoginDialog when it
 * asks for a password, else NULL. */
GtkWidget    *hearth_credentials_dialog_new  (GtkWindow         *parent,
                                              HearthHome        *home,
                                              HearthDevice      *device);

G_END_DECLS
