/* hearth-window-private.h: what the UI tests and the benchmark look at
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "hearth-tile-grid.h"
#include "hearth-window.h"

G_BEGIN_DECLS

HearthTileGrid *_hearth_window_get_grid       (HearthWindow *self);
/* The last toast shown, or NULL */
const char     *_hearth_window_get_last_toast (HearthWindow *self);
/* How long the window says "Looking for devices" before "No devices" */
void            _hearth_window_set_search_grace (HearthWindow *self,
                                                 guint         milliseconds);

G_END_DECLS
