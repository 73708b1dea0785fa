/* hearth-add-device-dialog.h: a device by its address, for networks mDNS does not reach
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "hearth-device-dialog.h"

G_BEGIN_DECLS

#define HEARTH_TYPE_ADD_DEVICE_DIALOG (hearth_add_device_dialog_get_type ())

G_DECLARE_FINAL_TYPE (HearthAddDeviceDialog, hearth_add_device_dialog, HEARTH, ADD_DEVICE_DIALOG, HearthDeviceDialog)

/* Probes the host a person types (hearth_home_add_address_async), says
 * what answered or why nothing did, and keeps the host in the home's
 * store so the device is polled from then on, with or without mDNS.
 * A device that tells nothing about itself without a password: the
 * dialog asks for it (and a user name, empty for the family's usual one),
 * adds the device with that login (hearth_home_add_address_with_login_async),
 * keeps the password in the keyring for the device's id, closes and says
 * "Added NAME" in the parent window's toast. "device" (of
 * HearthDeviceDialog) is the device added, once there is one. */
GtkWidget    *hearth_add_device_dialog_new        (GtkWindow             *parent,
                                                   HearthHome            *home);
HearthDevice *hearth_add_device_dialog_get_device (HearthAddDeviceDialog *self);

G_END_DECLS
