/* hearth-throttle.h: a value a person drags, sent at most every N ms
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define HEARTH_TYPE_THROTTLE (hearth_throttle_get_type ())

G_DECLARE_FINAL_TYPE (HearthThrottle, hearth_throttle, HEARTH, THROTTLE, GObject)

/* Coalesces the values of a drag: the first one goes out at once
 * ("send"), then at most one every @interval_ms, the last one always.
 * "settled" comes @settle_ms after the last push, once nothing is
 * waiting any more: the person let go. Values are >= 0. */
HearthThrottle *hearth_throttle_new     (guint           interval_ms,
                                         guint           settle_ms);
void            hearth_throttle_push    (HearthThrottle *self,
                                         int             value);
/* Whether the person is (or just was) moving the value: what the model
 * says must not pull the widget from under their finger */
gboolean        hearth_throttle_is_busy (HearthThrottle *self);
/* Sends what is waiting now and forgets the drag (released, or the value
 * is about to mean another control) */
void            hearth_throttle_flush   (HearthThrottle *self);

G_END_DECLS
