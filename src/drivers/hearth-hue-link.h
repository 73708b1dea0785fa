/* hearth-hue-link.h: a Hue bridge's lights and rooms, live
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "hearth-link.h"

G_BEGIN_DECLS

#define HEARTH_TYPE_HUE_LINK (hearth_hue_link_get_type ())

G_DECLARE_FINAL_TYPE (HearthHueLink, hearth_hue_link, HEARTH, HUE_LINK, HearthLink)

/* Without the v2 event stream the link polls this often */
#define HEARTH_HUE_POLL_INTERVAL_MS 3000
/* v1: the bridge refuses more than a few requests a second */
#define HEARTH_HUE_MIN_GAP_MS       250

HearthLink *hearth_hue_link_new            (HearthDevice    *device,
                                            HearthHttp      *http);

/* The event stream may stay silent for long (nothing changes), and a
 * bridge that lost power leaves it open for ever: after this long without
 * a line the link reads the state once, and a failure closes the stream
 * (the base then polls). Milliseconds; for tests. */
#define HEARTH_HUE_STREAM_CHECK_MS 60000

/* The id of the last whole event the stream brought (sent back as
 * Last-Event-ID when the stream opens again), or NULL */
const char *hearth_hue_link_get_last_event_id        (HearthHueLink *self);

/* The certificate trust of a bridge's queue (HTTPS, scheme set here):
 * until a pin is known, the first certificate seen at that address is
 * taken and pinned for the queue's life (trust on first use, for
 * identification and pairing, which send no secret); a pin from the
 * keyring replaces it. Returns the pin in use (SHA-256 hex), or NULL
 * while nothing was seen yet. */
const char *hearth_hue_trust_queue         (HearthHttpQueue *queue);
void        hearth_hue_trust_set_pin       (HearthHttpQueue *queue,
                                            const char      *cert_sha256);
/* Whether the queue was made a bridge's (HTTPS, trust) already */
gboolean    hearth_hue_trust_is_set        (HearthHttpQueue *queue);
/* Undoes hearth_hue_trust_queue() for an address that turned out not to
 * be a bridge: plain HTTP again, no check, for the next family probed */
void        hearth_hue_trust_forget        (HearthHttpQueue *queue);

G_END_DECLS
