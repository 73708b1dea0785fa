/* hearth-shelly-link.h: the live connection to one Shelly Gen2+ device
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "hearth-link.h"

G_BEGIN_DECLS

#define HEARTH_TYPE_SHELLY_LINK (hearth_shelly_link_get_type ())

G_DECLARE_FINAL_TYPE (HearthShellyLink, hearth_shelly_link, HEARTH, SHELLY_LINK, HearthLink)

#define HEARTH_SHELLY_LINK_DEFAULT_HEARTBEAT_MS 30000

HearthLink *hearth_shelly_link_new                   (HearthDevice     *device,
                                                      HearthHttp       *http);
/* How often the WebSocket is checked with a request; a device that does not
 * answer it within the HTTP deadline is taken as gone (the push closes and
 * the link falls back to polling). */

G_END_DECLS
