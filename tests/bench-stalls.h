/* bench-stalls.h: names what stalled the main loop (bench-home --stalls)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void bench_stalls_start            (GdkFrameClock *clock,
                                    guint          threshold_ms,
                                    gint64         start);
void bench_stalls_before_iteration (void);
void bench_stalls_after_iteration  (void);
void bench_stalls_print_sources    (void);

G_END_DECLS
