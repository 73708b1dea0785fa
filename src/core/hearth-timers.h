/* hearth-timers.h: the per-device timers of the main thread, on one GSource
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Like g_timeout_add() (G_PRIORITY_DEFAULT, the global default main
 * context), for timers there is one of per device: however many there are,
 * the main loop looks at a single source. Main thread only.
 *
 *   self->poll_id = hearth_timer_add (5000, on_poll_timeout, self);
 *   ...
 *   g_clear_handle_id (&self->poll_id, hearth_timer_remove);
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Calls @func (@data) in @interval_ms, and again every @interval_ms
 * while it returns G_SOURCE_CONTINUE; an id, never 0 */
guint hearth_timer_add         (guint       interval_ms,
                                GSourceFunc func,
                                gpointer    data);
/* Takes the timer away, also from within its own callback */
void  hearth_timer_remove      (guint       id);
/* Timers waiting (for tests) */
guint hearth_timer_get_n_timers (void);

G_END_DECLS
