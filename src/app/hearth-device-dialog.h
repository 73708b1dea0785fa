/* hearth-device-dialog.h: what the dialogs about one device share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "hearth-engine.h"

G_BEGIN_DECLS

#define HEARTH_TYPE_DEVICE_DIALOG (hearth_device_dialog_get_type ())

G_DECLARE_DERIVABLE_TYPE (HearthDeviceDialog, hearth_device_dialog, HEARTH, DEVICE_DIALOG, AdwWindow)

struct _HearthDeviceDialogClass
{
  AdwWindowClass parent_class;

  gpointer       padding[4];
};

/* The base of the login, pair and add-device dialogs (abstract):
 * "home" (construct-only) asks for everything, "device" (construct-only,
 * or set by the dialog once it has one) is the device the dialog is about.
 * One request to the home at a time, cancelled when the dialog goes. */
HearthHome   *hearth_device_dialog_get_home   (HearthDeviceDialog *self);
HearthDevice *hearth_device_dialog_get_device (HearthDeviceDialog *self);

G_END_DECLS
