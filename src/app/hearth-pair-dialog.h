/* hearth-pair-dialog.h: pairing a device by a button on it (Nanoleaf, Hue)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "hearth-device-dialog.h"

G_BEGIN_DECLS

#define HEARTH_TYPE_PAIR_DIALOG (hearth_pair_dialog_get_type ())

G_DECLARE_FINAL_TYPE (HearthPairDialog, hearth_pair_dialog, HEARTH, PAIR_DIALOG, HearthDeviceDialog)

/* Tells what to do on the device (the driver's hint), then asks the
 * device for a token about once a second while its pairing window lasts,
 * with a countdown; keeps the token in the keyring for the device's
 * hardware id, reconnects, tells @parent ("win.toast") and closes. When
 * the time runs out or the device refuses, it says why and offers to try
 * again. Starts at once. */
GtkWidget    *hearth_pair_dialog_new        (GtkWindow        *parent,
                                             HearthHome       *home,
                                             HearthDevice     *device);
HearthDevice *hearth_pair_dialog_get_device (HearthPairDialog *self);

G_END_DECLS
