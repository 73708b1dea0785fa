/* fuzz-tasmota.c: Tasmota: every answer is checked first (a refused
 * password, an unknown command), then read as Status 0 (identity and
 * state) and as a command's result
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fuzz-common.h"
#include "hearth-tasmota-parse.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(JsonNode) root = fuzz_parse (data, size);
  g_autoptr(HearthDevice) device = NULL;
  gboolean has_state = FALSE;

  if (root == NULL)
    return 0;

  (void) hearth_tasmota_check_answer (root, FALSE, NULL);
  (void) hearth_tasmota_check_answer (root, TRUE, NULL);

  device = hearth_tasmota_parse_identity (root, NULL);
  if (device == NULL)
    device = hearth_device_new ("a4cf12000007", "tasmota");

  (void) hearth_tasmota_parse_status (root, device, NULL);
  (void) hearth_tasmota_parse_result (root, device, &has_state, NULL);

  return 0;
}
