/* fuzz-shelly.c: Shelly Gen2+ (RPC): every parser of what a device sends
 *
 * Each input goes to all of them: as /shelly (info), as Shelly.GetConfig
 * and Shelly.GetStatus (config and status, separate or together), as a
 * status delta merged into the last status, as a WebSocket frame, and as
 * a 401 frame's digest challenge.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fuzz-common.h"
#include "hearth-http-auth.h"
#include "hearth-shelly-parse.h"
#include "hearth-shelly-rpc.h"

static JsonObject *
member_or_self (JsonObject *object,
                const char *member)
{
  JsonObject *inner = hearth_json_get_object (object, member);

  return inner != NULL ? inner : object;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(JsonNode) root = fuzz_parse (data, size);
  g_autoptr(HearthShellyFrame) frame = NULL;
  g_autofree char *message = fuzz_string (data, size);
  g_autoptr(HearthHttpChallenge) challenge = NULL;

  frame = hearth_shelly_frame_parse_data ((const char *) data, size, NULL);
  if (frame != NULL)
    {
      GError *as_error = hearth_shelly_frame_to_error (frame, FALSE);

      g_clear_error (&as_error);
      as_error = hearth_shelly_frame_to_error (frame, TRUE);
      g_clear_error (&as_error);

      if (frame->error_message != NULL)
        {
          g_autoptr(HearthHttpChallenge) frame_challenge =
            hearth_http_challenge_parse_shelly_frame (frame->error_message, NULL);

          if (frame_challenge != NULL)
            json_object_unref (hearth_http_auth_shelly_frame (frame_challenge, "admin", "secret", 1, "cnonce"));
        }
    }

  challenge = hearth_http_challenge_parse_shelly_frame (message, NULL);
  if (challenge != NULL)
    json_object_unref (hearth_http_auth_shelly_frame (challenge, "admin", "secret", challenge->nc + 1, "cnonce"));

  if (root == NULL)
    return 0;

  {
    g_autoptr(HearthShellyInfo) info = hearth_shelly_info_parse (root, NULL);
    g_autoptr(HearthDevice) device = NULL;
    JsonNode *shelly = JSON_NODE_HOLDS_OBJECT (root) ?
                       json_object_get_member (json_node_get_object (root), "shelly") : NULL;

    /* The fixtures' combined dumps hold /shelly as a member */
    if (info == NULL && shelly != NULL)
      info = hearth_shelly_info_parse (shelly, NULL);

    if (info != NULL)
      device = hearth_shelly_info_to_device (info, "192.0.2.1", 80);
    if (device == NULL)
      device = hearth_device_new ("shellyplus1pm-aabbccddeeff", "shelly");

    if (JSON_NODE_HOLDS_OBJECT (root))
      {
        JsonObject *object = json_node_get_object (root);
        g_autoptr(JsonObject) status = json_object_new ();

        (void) hearth_shelly_apply_status (device, member_or_self (object, "config"),
                                           member_or_self (object, "status"), NULL);
        (void) hearth_shelly_apply_status (device, NULL, object, NULL);

        /* As a NotifyStatus delta over the status it came with, twice */
        hearth_shelly_status_merge (status, member_or_self (object, "status"));
        hearth_shelly_status_merge (status, object);
        (void) hearth_shelly_apply_status (device, member_or_self (object, "config"), status, NULL);
      }
  }

  return 0;
}
