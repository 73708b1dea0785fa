/* hearth-tasmota-link.h: polling a Tasmota device, and commanding it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "hearth-link.h"

G_BEGIN_DECLS

#define HEARTH_TYPE_TASMOTA_LINK (hearth_tasmota_link_get_type ())

G_DECLARE_FINAL_TYPE (HearthTasmotaLink, hearth_tasmota_link, HEARTH, TASMOTA_LINK, HearthLink)

/* No push over HTTP (Tasmota pushes over MQTT only): poll this often */
#define HEARTH_TASMOTA_POLL_INTERVAL_MS 5000
/* …and this often while a shutter travels */
#define HEARTH_TASMOTA_MOVING_POLL_MS   1000
/* Every this many polls, a full Status 0 again (names, firmware) */
#define HEARTH_TASMOTA_FULL_EVERY       12

HearthLink *hearth_tasmota_link_new (HearthDevice *device,
                                     HearthHttp   *http);

G_END_DECLS
