/* hearth-elgato-link.h: polling an Elgato light, and changing it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "hearth-link.h"

G_BEGIN_DECLS

#define HEARTH_TYPE_ELGATO_LINK (hearth_elgato_link_get_type ())

G_DECLARE_FINAL_TYPE (HearthElgatoLink, hearth_elgato_link, HEARTH, ELGATO_LINK, HearthLink)

/* The light has no push channel: the link polls this often by default. */
#define HEARTH_ELGATO_POLL_INTERVAL_MS 5000

HearthLink *hearth_elgato_link_new (HearthDevice *device,
                                    HearthHttp   *http);

G_END_DECLS
