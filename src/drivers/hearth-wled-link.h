/* hearth-wled-link.h: a WLED device's WebSocket, and changing it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "hearth-link.h"

G_BEGIN_DECLS

#define HEARTH_TYPE_WLED_LINK (hearth_wled_link_get_type ())

G_DECLARE_FINAL_TYPE (HearthWledLink, hearth_wled_link, HEARTH, WLED_LINK, HearthLink)

/* How often the WebSocket heartbeat ("ping", answered "pong") goes out; a
 * connection that said nothing between two of them is dead. */
#define HEARTH_WLED_HEARTBEAT_MS 20000

HearthLink *hearth_wled_link_new           (HearthDevice *device,
                                            HearthHttp   *http);
/* For tests: a shorter heartbeat */

G_END_DECLS
