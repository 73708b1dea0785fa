/* fuzz-hue.c: Hue bridges: /api/config, the pairing answer, v1 replies,
 * lights and groups (whole and one by one), v2 resources, the v2 event
 * stream's data and id: lines, and the kept secret
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fuzz-common.h"
#include "hearth-hue-parse.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(JsonNode) root = fuzz_parse (data, size);
  g_autofree char *text = fuzz_string (data, size);
  g_autofree char *event_id = hearth_hue_parse_event_id (text);
  g_autofree char *key = NULL;
  g_autofree char *pin = NULL;
  g_autoptr(HearthDevice) device = NULL;
  g_autoptr(HearthControl) control = hearth_control_new ("light:1", HEARTH_CONTROL_KIND_LIGHT, "L");
  g_autofree char *app_key = NULL;
  gboolean changed = FALSE;

  (void) hearth_hue_secret_parse (text, &key, &pin, NULL);

  if (root == NULL)
    return 0;

  device = hearth_hue_parse_config (root, NULL);
  if (device == NULL)
    device = hearth_device_new ("ecb5fafffe2ca569", "hue");

  app_key = hearth_hue_parse_pairing (root, NULL);
  (void) hearth_hue_parse_v1_reply (root, NULL);
  (void) hearth_hue_parse_v1_change_reply (root, control, NULL);
  (void) hearth_hue_parse_v1_change_reply (root, NULL, NULL);
  (void) hearth_hue_parse_v1_lights (root, device, NULL);
  (void) hearth_hue_parse_v1_groups (root, device, NULL);
  (void) hearth_hue_parse_v2_resources (root, device, NULL);
  (void) hearth_hue_parse_v2_event (root, device, &changed, NULL);

  if (JSON_NODE_HOLDS_OBJECT (root))
    {
      JsonObject *object = json_node_get_object (root);
      g_autoptr(GList) members = json_object_get_members (object);

      for (GList *l = members; l != NULL; l = l->next)
        {
          JsonNode *member = json_object_get_member (object, l->data);

          (void) hearth_hue_parse_v1_light (l->data, member, device, NULL);
          (void) hearth_hue_parse_v1_group (l->data, member, device, NULL);
        }
    }

  return 0;
}
