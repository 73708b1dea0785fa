/* hearth-shelly-gen1-info.c: who a Gen1 Shelly is (GET /shelly,
 * GET /settings)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "hearth-device.h"
#include "hearth-error.h"
#include "hearth-hex-id.h"
#include "hearth-json.h"

#include "hearth-shelly-gen1-info.h"
#include "hearth-shelly-gen1-parse.h"

static const struct
{
  const char *type;
  const char *name;
} models[] = {
  { "SHSW-1", "Shelly 1" },
  { "SHSW-PM", "Shelly 1PM" },
  { "SHSW-L", "Shelly 1L" },
  { "SHSW-21", "Shelly 2" },
  { "SHSW-25", "Shelly 2.5" },
  { "SHSW-44", "Shelly 4Pro" },
  { "SHPLG-1", "Shelly Plug" },
  { "SHPLG-S", "Shelly Plug S" },
  { "SHPLG-U1", "Shelly Plug US" },
  { "SHPLG2-1", "Shelly Plug" },
  { "SHDM-1", "Shelly Dimmer" },
  { "SHDM-2", "Shelly Dimmer 2" },
  { "SHDI-1", "Shelly Dimmer" },
  { "SHRGBW2", "Shelly RGBW2" },
  { "SHBLB-1", "Shelly Bulb" },
  { "SHCB-1", "Shelly Color Bulb" },
  { "SHBDUO-1", "Shelly Duo" },
  { "SHVIN-1", "Shelly Vintage" },
  { "SHHT-1", "Shelly H&T" },
  { "SHEM", "Shelly EM" },
  { "SHEM-3", "Shelly 3EM" },
  { "SHUNI-1", "Shelly UNI" },
  { "SHIX3-1", "Shelly i3" },
};

const char *
hearth_shelly_gen1_model_name (const char *type)
{
  if (type == NULL)
    return "Shelly";

  for (guint i = 0; i < G_N_ELEMENTS (models); i++)
    if (g_ascii_strcasecmp (models[i].type, type) == 0)
      return models[i].name;

  return type;
}

char *
hearth_shelly_gen1_firmware_version (const char *fw)
{
  const char *start;
  const char *end;

  if (fw == NULL)
    return NULL;

  start = strstr (fw, "/v");
  if (start == NULL)
    return g_strdup (fw);
  start += 2;
  end = strchr (start, '-');
  if (end == NULL)
    end = start + strlen (start);
  if (end == start)
    return g_strdup (fw);

  return g_strndup (start, end - start);
}

HearthDevice *
hearth_shelly_gen1_parse_shelly (JsonNode  *root,
                                 gboolean  *auth,
                                 GError   **error)
{
  JsonObject *object;
  const char *type;
  const char *mac;
  const char *name;
  g_autofree char *id = NULL;
  g_autofree char *firmware = NULL;
  HearthDevice *device;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED,
                           "The answer to /shelly is not a JSON object: not a Shelly");
      return NULL;
    }

  object = json_node_get_object (root);
  if (json_object_has_member (object, "gen"))
    {
      g_set_error_literal (error, HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED,
                           "This Shelly is Gen2 or later (\"gen\" in /shelly), not Gen1");
      return NULL;
    }

  type = hearth_json_get_text (object, "type");
  mac = hearth_json_get_text (object, "mac");
  if (type == NULL || mac == NULL)
    {
      g_set_error_literal (error, HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED,
                           "Not a Gen1 Shelly: /shelly has no \"type\" and \"mac\"");
      return NULL;
    }
  if (!hearth_hex_id_is_valid (mac, 12))
    {
      g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD,
                   "The Shelly's /shelly answer has no valid \"mac\" (“%s”)", mac);
      return NULL;
    }

  id = g_ascii_strdown (mac, -1);
  device = hearth_device_new (id, HEARTH_SHELLY_GEN1_FAMILY);
  hearth_device_set_model (device, type);

  name = hearth_json_get_text (object, "name");
  hearth_device_set_name (device, name != NULL ? name : hearth_shelly_gen1_model_name (type));

  firmware = hearth_shelly_gen1_firmware_version (hearth_json_get_text (object, "fw"));
  if (firmware != NULL)
    hearth_device_set_firmware (device, firmware);

  if (auth != NULL)
    *auth = hearth_json_get_bool (object, "auth", FALSE);

  return device;
}

gboolean
hearth_shelly_gen1_parse_settings (JsonNode      *root,
                                   HearthDevice  *device,
                                   GError       **error)
{
  JsonObject *object;
  const char *name;
  g_autofree char *firmware = NULL;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD,
                           "The Shelly's /settings answer is not a JSON object");
      return FALSE;
    }

  object = json_node_get_object (root);
  name = hearth_json_get_text (object, "name");
  if (name != NULL)
    hearth_device_set_name (device, name);

  firmware = hearth_shelly_gen1_firmware_version (hearth_json_get_text (object, "fw"));
  if (firmware != NULL)
    hearth_device_set_firmware (device, firmware);

  return TRUE;
}
