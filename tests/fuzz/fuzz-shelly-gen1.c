/* fuzz-shelly-gen1.c: first-generation Shelly: /shelly, /settings,
 * /status, and a channel's answer (/relay/N, /roller/N, /color/N, ...)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fuzz-common.h"
#include "hearth-shelly-gen1-info.h"
#include "hearth-shelly-gen1-parse.h"

/* The fixtures' combined dumps hold each endpoint's body as a member */
static JsonNode *
member_or_self (JsonNode   *root,
                const char *member)
{
  JsonNode *inner = JSON_NODE_HOLDS_OBJECT (root) ?
                    json_object_get_member (json_node_get_object (root), member) : NULL;

  return inner != NULL ? inner : root;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(JsonNode) root = fuzz_parse (data, size);
  g_autoptr(HearthDevice) device = NULL;
  const char *ids[] = { "relay:0", "roller:0", "light:0", "color:0", "white:1", "relay:0/power" };
  HearthControlKind kinds[] = { HEARTH_CONTROL_KIND_SWITCH, HEARTH_CONTROL_KIND_COVER,
                                HEARTH_CONTROL_KIND_LIGHT, HEARTH_CONTROL_KIND_LIGHT,
                                HEARTH_CONTROL_KIND_LIGHT, HEARTH_CONTROL_KIND_SENSOR };
  gboolean auth = FALSE;

  if (root == NULL)
    return 0;

  device = hearth_shelly_gen1_parse_shelly (member_or_self (root, "shelly"), &auth, NULL);
  if (device == NULL)
    device = hearth_device_new ("shelly1-aabbccddeeff", HEARTH_SHELLY_GEN1_FAMILY);

  /* /settings, then /status with and without those settings */
  (void) hearth_shelly_gen1_parse_settings (member_or_self (root, "settings"), device, NULL);
  (void) hearth_shelly_gen1_parse_status (member_or_self (root, "status"),
                                          member_or_self (root, "settings"), device, NULL);
  (void) hearth_shelly_gen1_parse_status (root, NULL, device, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autoptr(HearthControl) control = hearth_control_new (ids[i], kinds[i], "C");

      (void) hearth_shelly_gen1_parse_channel (root, control, NULL);
    }

  return 0;
}
