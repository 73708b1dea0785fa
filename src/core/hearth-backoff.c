/* hearth-backoff.c: waiting longer after each failure, up to a limit
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The delay starts at min_ms and doubles after every failure, to at most
 * max_ms; a success starts it over.
 */
#include "config.h"

#include "hearth-backoff.h"

void
hearth_backoff_init (HearthBackoff *backoff,
                     guint          min_ms,
                     guint          max_ms)
{
  g_return_if_fail (backoff != NULL);
  g_return_if_fail (min_ms > 0 && min_ms <= max_ms);

  backoff->min_ms = min_ms;
  backoff->max_ms = max_ms;
  backoff->next_ms = min_ms;
}

/* After a success: the next failure waits min_ms again */
void
hearth_backoff_reset (HearthBackoff *backoff)
{
  g_return_if_fail (backoff != NULL);

  backoff->next_ms = backoff->min_ms;
}

/* The delay the next failure waits, without counting a failure */
guint
hearth_backoff_peek (const HearthBackoff *backoff)
{
  g_return_val_if_fail (backoff != NULL, 0);

  return backoff->next_ms;
}

/* A failure: returns how long to wait before the next attempt, and
 * doubles the wait after it (up to max_ms). */
guint
hearth_backoff_next (HearthBackoff *backoff)
{
  guint delay_ms;

  g_return_val_if_fail (backoff != NULL, 0);

  delay_ms = backoff->next_ms;
  backoff->next_ms = delay_ms > backoff->max_ms / 2 ? backoff->max_ms : delay_ms * 2;
  return delay_ms;
}
