/* hearth-pairing.h: one pairing by a button on the device, as it goes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "hearth-types.h"

G_BEGIN_DECLS

#define HEARTH_TYPE_PAIRING (hearth_pairing_get_type ())

G_DECLARE_FINAL_TYPE (HearthPairing, hearth_pairing, HEARTH, PAIRING, GObject)

/* Made by hearth_home_pair_async(); a face shows its properties:
 * "device", "hint" (what to do on the device, translated), "seconds" (how
 * long the device's window is open), "seconds-left" (notified each second
 * while waiting) and "waiting" (FALSE once it ended, either way). */
HearthDevice *hearth_pairing_get_device       (HearthPairing *self);
const char   *hearth_pairing_get_hint         (HearthPairing *self);
guint         hearth_pairing_get_seconds      (HearthPairing *self);
guint         hearth_pairing_get_seconds_left (HearthPairing *self);
gboolean      hearth_pairing_get_waiting      (HearthPairing *self);
/* The monotonic time (g_get_monotonic_time()) the window closes at, for a
 * smooth progress bar */
gint64        hearth_pairing_get_deadline     (HearthPairing *self);

G_END_DECLS
