/* fuzz-esphome.c: ESPHome: the web server's event stream, line by line
 * as the link feeds it (every event's data read as a state), the whole
 * input as one state, and its lines as an mDNS TXT record
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "hearth-esphome-parse.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(JsonNode) root = fuzz_parse (data, size);
  g_autofree char *text = fuzz_string (data, size);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autoptr(HearthDevice) device = hearth_device_new ("aabbccddeeff", "esphome");
  g_autoptr(HearthDevice) from_txt = NULL;
  g_autoptr(HearthEsphomeSse) sse = hearth_esphome_sse_new ();

  if (root != NULL)
    (void) hearth_esphome_apply_state (root, device, NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *event = NULL;
      const char *event_data = NULL;
      gsize length = strlen (lines[i]);

      if (length > 0 && lines[i][length - 1] == '\r')
        lines[i][length - 1] = '\0';

      if (hearth_esphome_sse_feed (sse, lines[i], &event, &event_data, NULL) &&
          event_data != NULL)
        {
          g_autoptr(JsonNode) state = hearth_json_parse (event_data, -1, NULL);

          if (state != NULL)
            (void) hearth_esphome_apply_state (state, device, NULL);
        }
    }

  from_txt = hearth_esphome_device_from_txt ((const char * const *) lines, "fallback", NULL);

  return 0;
}
