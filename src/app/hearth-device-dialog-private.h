/* hearth-device-dialog-private.h: what the dialogs built on HearthDeviceDialog use
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "hearth-device-dialog.h"

G_BEGIN_DECLS

/* A new dialog of @type (a HearthDeviceDialog) about @device of @home,
 * on top of @parent */
GtkWidget    *_hearth_device_dialog_new        (GType               type,
                                                GtkWindow          *parent,
                                                HearthHome         *home,
                                                HearthDevice       *device);
/* The device the dialog has now (the one it added); notifies "device" */
void          _hearth_device_dialog_set_device (HearthDeviceDialog *self,
                                                HearthDevice       *device);

/* A request to the home starts: cancels the one before, if any, and
 * returns the cancellable of this one (the dialog keeps it) */
GCancellable *_hearth_device_dialog_begin      (HearthDeviceDialog *self);
/* The request has answered: the dialog forgets its cancellable */
void          _hearth_device_dialog_end        (HearthDeviceDialog *self);
/* The request is abandoned: cancelled, and forgotten */
void          _hearth_device_dialog_cancel     (HearthDeviceDialog *self);
/* Whether a request is on its way */
gboolean      _hearth_device_dialog_is_busy    (HearthDeviceDialog *self);

/* Done: says @message in the parent window's toast ("win.toast") and
 * closes */
void          _hearth_device_dialog_done       (HearthDeviceDialog *self,
                                                const char         *message);

G_END_DECLS
