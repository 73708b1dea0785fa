/* hearth-backoff.h: waiting longer after each failure, up to a limit
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A plain value, no GObject: embed one per thing that retries.
 *
 *   HearthBackoff backoff;
 *   hearth_backoff_init (&backoff, 1000, 60000);
 *   ... on a failure:  g_timeout_add (hearth_backoff_next (&backoff), retry, data);
 *   ... on a success:  hearth_backoff_reset (&backoff);
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  guint min_ms;
  guint max_ms;
  guint next_ms;  /* what hearth_backoff_next() returns next */
} HearthBackoff;

void  hearth_backoff_init  (HearthBackoff *backoff,
                            guint          min_ms,
                            guint          max_ms);
void  hearth_backoff_reset (HearthBackoff *backoff);
guint hearth_backoff_peek  (const HearthBackoff *backoff);
guint hearth_backoff_next  (HearthBackoff *backoff);

G_END_DECLS
