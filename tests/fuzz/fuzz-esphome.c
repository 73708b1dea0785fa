/* fuzz-esphome.c: ESPHome: the web server's event stream, as
 * HearthSseParser splits it (every event's data read as a state), the whole
 * input as one state, and its lines as an mDNS TXT record
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "hearth-esphome-parse.h"
#include "hearth-sse-parser.h"

static gboolean
on_event (const char *type,
          const char *data,
          const char *id,
          gpointer    user_data)
{
  g_autoptr(JsonNode) state = hearth_json_parse (data, -1, NULL);

  if (state != NULL)
    (void) hearth_esphome_apply_state (state, user_data, NULL);
  return TRUE;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(JsonNode) root = fuzz_parse (data, size);
  g_autofree char *text = fuzz_string (data, size);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autoptr(HearthDevice) device = hearth_device_new ("aabbccddeeff", "esphome");
  g_autoptr(HearthDevice) from_txt = NULL;
  g_autoptr(HearthSseParser) sse = hearth_sse_parser_new (0, 0);

  if (root != NULL)
    (void) hearth_esphome_apply_state (root, device, NULL);

  /* As the event stream hands them to the link */
  (void) hearth_sse_parser_feed (sse, (const char *) data, size, on_event, device, NULL);

  from_txt = hearth_esphome_device_from_txt ((const char * const *) lines, "fallback", NULL);

  return 0;
}
