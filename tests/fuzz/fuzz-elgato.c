/* fuzz-elgato.c: Elgato lights: accessory-info, lights/settings, lights
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fuzz-common.h"
#include "hearth-elgato-parse.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(JsonNode) root = fuzz_parse (data, size);
  g_autoptr(HearthDevice) device = NULL;
  gboolean color_capable = FALSE;

  if (root == NULL)
    return 0;

  device = hearth_elgato_parse_accessory_info (root, NULL);
  if (device == NULL)
    device = hearth_device_new ("CN11A1A00001", "elgato");

  (void) hearth_elgato_parse_settings (root, &color_capable, NULL);
  (void) hearth_elgato_parse_lights (root, device, &color_capable, NULL);
  color_capable = !color_capable;
  (void) hearth_elgato_parse_lights (root, device, &color_capable, NULL);

  return 0;
}
