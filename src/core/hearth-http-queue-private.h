/* hearth-http-queue-private.h: what tests reach inside HearthHttpQueue
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Reads @header (a WWW-Authenticate value) as a 401 is read and builds the
 * Authorization header a request would send (user "user", password
 * "password"), or NULL when no challenge can be answered. */
char *hearth_http_queue_answer_challenge (const char *header,
                                          gboolean   *stale);

G_END_DECLS
