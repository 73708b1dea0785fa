/* fuzz-http-auth.c: a 401's WWW-Authenticate header, read and answered
 * (hearth-http-queue.c), and a Shelly 401 frame's digest challenge
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fuzz-common.h"
#include "hearth-http-queue-private.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *header = fuzz_string (data, size);
  g_autofree char *answer = NULL;
  gboolean stale = FALSE;

  /* A header value cannot hold a line break: libsoup ends it there */
  g_strdelimit (header, "\r\n", ' ');

  answer = hearth_http_queue_answer_challenge (header, &stale);
  if (answer != NULL)
    g_assert (g_str_has_prefix (answer, "Basic ") || g_str_has_prefix (answer, "Digest "));

  return 0;
}
