/* hearth-pairing-private.h: what the home drives of a HearthPairing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "hearth-pairing.h"

G_BEGIN_DECLS

/* Waiting from now, for @seconds */
HearthPairing *_hearth_pairing_new (HearthDevice  *device,
                                    const char    *hint,
                                    guint          seconds);
/* Not waiting any more (paired, failed or cancelled) */
void           _hearth_pairing_end (HearthPairing *self);

G_END_DECLS
