/* fuzz-wled.c: WLED: /json/info, /json/eff, /json/presets.json,
 * /json/state, and each WebSocket message as classified before parsing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fuzz-common.h"
#include "hearth-wled-parse.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(JsonNode) message = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(HearthDevice) device = NULL;
  HearthWledInfo info = { 0 };
  HearthWledCatalog catalog = { 0 };
  g_auto(GStrv) list = NULL;
  int main_segment = 0;
  int code = 0;

  /* A WebSocket text frame */
  if (hearth_wled_classify_message ((const char *) data, size, &message, &code) == HEARTH_WLED_MESSAGE_STATE &&
      message != NULL)
    {
      g_autoptr(HearthDevice) live = hearth_device_new ("aabbccddeeff", "wled");

      (void) hearth_wled_parse_state (live, message, NULL, &main_segment, NULL);
    }

  root = fuzz_parse (data, size);
  if (root == NULL)
    return 0;

  (void) hearth_wled_parse_info (root, &info, NULL);
  device = hearth_wled_device_new_from_info (root, NULL);
  if (device == NULL)
    device = hearth_device_new ("aabbccddeeff", "wled");

  catalog.effects = hearth_wled_parse_effects (root, NULL);
  catalog.presets = hearth_wled_parse_presets (root, NULL);
  list = hearth_wled_catalog_list (&catalog);

  (void) hearth_wled_parse_state (device, root, &catalog, &main_segment, NULL);
  (void) hearth_wled_parse_state (device, root, NULL, &main_segment, NULL);

  hearth_wled_catalog_clear (&catalog);
  hearth_wled_info_clear (&info);
  return 0;
}
