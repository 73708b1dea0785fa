/* hearth-shelly-gen1-link.h: polling a first-generation Shelly, and changing it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "hearth-link.h"

G_BEGIN_DECLS

#define HEARTH_TYPE_SHELLY_GEN1_LINK (hearth_shelly_gen1_link_get_type ())

G_DECLARE_FINAL_TYPE (HearthShellyGen1Link, hearth_shelly_gen1_link, HEARTH, SHELLY_GEN1_LINK, HearthLink)

/* No push channel we use (CoIoT is UDP multicast): the link polls /status
 * this often by default, one request at a time. */
#define HEARTH_SHELLY_GEN1_POLL_INTERVAL_MS 5000
/* /settings (names, mode) is read again every this many polls */
#define HEARTH_SHELLY_GEN1_SETTINGS_EVERY   12

HearthLink *hearth_shelly_gen1_link_new (HearthDevice *device,
                                         HearthHttp   *http);

G_END_DECLS
