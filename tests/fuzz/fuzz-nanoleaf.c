/* fuzz-nanoleaf.c: Nanoleaf: the pairing answer, /api/v1/<token>/ (info
 * and state), and the event stream's events. An input whose first line is
 * "1" or "3" is also an event of that id with the rest as its data.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "hearth-nanoleaf-parse.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(JsonNode) root = fuzz_parse (data, size);
  g_autofree char *text = fuzz_string (data, size);
  g_autoptr(HearthDevice) device = hearth_device_new ("nanoleaf-s19xxx", "nanoleaf");
  g_autofree char *token = NULL;
  HearthNanoleafState state;
  char *newline;

  hearth_nanoleaf_state_init (&state);

  if (root != NULL)
    {
      token = hearth_nanoleaf_parse_pairing (root, NULL);
      if (token != NULL)
        (void) hearth_nanoleaf_token_is_valid (token);
      if (hearth_nanoleaf_parse_info (root, &state, device, NULL))
        hearth_nanoleaf_state_apply (&state, device);
    }

  /* As events over the state read so far (or none) */
  (void) hearth_nanoleaf_parse_event ("1", text, &state, NULL);
  (void) hearth_nanoleaf_parse_event ("3", text, &state, NULL);
  newline = strchr (text, '\n');
  if (newline != NULL)
    {
      *newline = '\0';
      (void) hearth_nanoleaf_parse_event (text, newline + 1, &state, NULL);
    }
  hearth_nanoleaf_state_apply (&state, device);

  hearth_nanoleaf_state_clear (&state);
  return 0;
}
