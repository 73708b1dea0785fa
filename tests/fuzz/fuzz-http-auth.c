/* fuzz-http-auth.c: a 401's WWW-Authenticate header, read and answered
 * (hearth-http-auth.c), and the same bytes as a Shelly 401 frame's
 * digest challenge
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "hearth-error.h"
#include "hearth-http-auth.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = fuzz_string (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(HearthHttpChallenge) challenge = NULL;
  g_autoptr(HearthHttpChallenge) frame = NULL;

  challenge = hearth_http_challenge_parse (text, &error);
  if (challenge != NULL)
    {
      g_autofree char *answer = NULL;

      g_assert_no_error (error);
      answer = hearth_http_auth_answer (challenge, "GET", "/path?query", "user", "password");
      g_assert (g_str_has_prefix (answer, "Basic ") || g_str_has_prefix (answer, "Digest "));
      /* What we send is a header value: one line */
      g_assert (strpbrk (answer, "\r\n") == NULL);
    }
  else
    {
      g_assert (error != NULL && error->domain == HEARTH_ERROR);
      g_assert (error->code == HEARTH_ERROR_NOT_FOUND ||
                error->code == HEARTH_ERROR_BAD_PAYLOAD ||
                error->code == HEARTH_ERROR_UNSUPPORTED);
    }
  g_clear_error (&error);

  frame = hearth_http_challenge_parse_shelly_frame (text, &error);
  if (frame != NULL)
    {
      g_autoptr(JsonObject) auth = hearth_http_auth_shelly_frame (frame, "admin", "password",
                                                                  frame->nc + 1, "cnonce");

      g_assert (json_object_has_member (auth, "response"));
    }
  else
    g_assert (error != NULL && error->domain == HEARTH_ERROR);

  return 0;
}
