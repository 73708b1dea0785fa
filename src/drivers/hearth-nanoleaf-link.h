/* hearth-nanoleaf-link.h: a Nanoleaf's event stream, and changing it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "hearth-link.h"

G_BEGIN_DECLS

#define HEARTH_TYPE_NANOLEAF_LINK (hearth_nanoleaf_link_get_type ())

G_DECLARE_FINAL_TYPE (HearthNanoleafLink, hearth_nanoleaf_link, HEARTH, NANOLEAF_LINK, HearthLink)

/* While the event stream is down, the link polls this often by default. */
#define HEARTH_NANOLEAF_POLL_INTERVAL_MS  5000
/* While it is up, the state is read this often anyway: the firmware sends
 * nothing on an idle stream, and a controller that lost power would
 * otherwise look alive for ever. */
#define HEARTH_NANOLEAF_CHECK_INTERVAL_MS 60000
/* A line of the event stream longer than this ends the stream */
#define HEARTH_NANOLEAF_MAX_LINE          (64 * 1024)

HearthLink *hearth_nanoleaf_link_new              (HearthDevice       *device,
                                                   HearthHttp         *http);

G_END_DECLS
