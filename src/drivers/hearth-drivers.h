/* hearth-drivers.h: the static list of device families
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A new array holding one instance of every driver (HearthDriver), in the
 * order to try them when probing an address. */
GPtrArray *hearth_drivers_new_all (void);

G_END_DECLS
