/* hearth-hue-v2-parse.c: a Hue bridge's CLIP v2 resources and event
 * stream messages to the model
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * v2 resources carry an id_v1 ("/lights/3", "/groups/1"): the names of
 * the controls the v1 API made (hearth-hue-parse.c).
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "hearth-control.h"
#include "hearth-device.h"
#include "hearth-error.h"
#include "hearth-json.h"

#include "hearth-hue-parse.h"
#include "hearth-hue-v2-parse.h"

/* v2 */

/* "/lights/3" → "light:3", "/groups/1" → "room:1", else NULL */
static char *
control_id_from_v1 (const char *id_v1)
{
  if (id_v1 == NULL)
    return NULL;
  if (g_str_has_prefix (id_v1, "/lights/") && id_v1[8] != '\0' && strchr (id_v1 + 8, '/') == NULL)
    return g_strconcat ("light:", id_v1 + 8, NULL);
  if (g_str_has_prefix (id_v1, "/groups/") && id_v1[8] != '\0' && strchr (id_v1 + 8, '/') == NULL)
    return g_strconcat ("room:", id_v1 + 8, NULL);
  return NULL;
}

/* Applies what a (full or partial) v2 light resource carries */
static void
apply_v2_light_fields (HearthControl *control,
                       JsonObject    *light)
{
  JsonObject *on = hearth_json_get_object (light, "on");
  JsonObject *dimming = hearth_json_get_object (light, "dimming");
  JsonObject *ct = hearth_json_get_object (light, "color_temperature");
  JsonObject *color = hearth_json_get_object (light, "color");
  JsonObject *xy = color != NULL ? hearth_json_get_object (color, "xy") : NULL;

  if (on != NULL && hearth_json_has (on, "on", JSON_NODE_VALUE))
    hearth_control_set_on (control, hearth_json_get_bool (on, "on", FALSE));

  if (dimming != NULL && hearth_json_has (dimming, "brightness", JSON_NODE_VALUE) &&
      hearth_control_has_capability (control, HEARTH_CAPABILITY_BRIGHTNESS))
    hearth_control_set_brightness (control,
                                   CLAMP ((int) lround (hearth_json_get_double (dimming, "brightness", 100)),
                                          1, 100));

  if (ct != NULL && hearth_control_has_capability (control, HEARTH_CAPABILITY_TEMPERATURE))
    {
      gboolean valid = hearth_json_get_bool (ct, "mirek_valid", TRUE);
      gint64 mirek = hearth_json_get_int (ct, "mirek", -1);

      if (valid && mirek > 0)
        {
          hearth_control_set_temperature (control,
                                          CLAMP (hearth_hue_mired_to_kelvin ((int) mirek),
                                                 hearth_control_get_temperature_min (control),
                                                 hearth_control_get_temperature_max (control)));
          if (hearth_control_has_capability (control, HEARTH_CAPABILITY_COLOR))
            hearth_control_set_color (control, -1);
        }
      else if (hearth_json_has (ct, "mirek", JSON_NODE_NULL) || !valid)
        hearth_control_set_temperature (control, -1);
    }

  if (xy != NULL && hearth_control_has_capability (control, HEARTH_CAPABILITY_COLOR) &&
      hearth_json_has (xy, "x", JSON_NODE_VALUE) && hearth_json_has (xy, "y", JSON_NODE_VALUE) &&
      (ct == NULL || !hearth_json_get_bool (ct, "mirek_valid", FALSE)))
    {
      hearth_control_set_color (control,
                                hearth_hue_xy_to_rgb (hearth_json_get_double (xy, "x", 0.3127),
                                                      hearth_json_get_double (xy, "y", 0.3290)));
      if (hearth_control_has_capability (control, HEARTH_CAPABILITY_TEMPERATURE))
        hearth_control_set_temperature (control, -1);
    }
}

static void
apply_v2_light (JsonObject   *light,
                HearthDevice *device)
{
  const char *id_v1 = hearth_json_get_string (light, "id_v1", NULL);
  const char *uuid = hearth_json_get_string (light, "id", NULL);
  g_autofree char *control_id = control_id_from_v1 (id_v1);
  JsonObject *metadata = hearth_json_get_object (light, "metadata");
  JsonObject *ct = hearth_json_get_object (light, "color_temperature");
  JsonObject *schema = ct != NULL ? hearth_json_get_object (ct, "mirek_schema") : NULL;
  const char *name = metadata != NULL ? hearth_json_get_string (metadata, "name", NULL) : NULL;
  HearthCapabilities capabilities = HEARTH_CAPABILITY_ON_OFF;
  HearthControl *control;

  if (control_id == NULL)
    {
      if (uuid == NULL || *uuid == '\0')
        return;
      control_id = g_strconcat ("light:", uuid, NULL);
    }
  if (!g_str_has_prefix (control_id, "light:"))
    return;
  if (name == NULL || *name == '\0')
    name = hearth_device_get_name (device);

  control = hearth_device_ensure_control (device, control_id, HEARTH_CONTROL_KIND_LIGHT, name);
  hearth_control_set_name (control, name);

  if (hearth_json_get_object (light, "dimming") != NULL)
    capabilities |= HEARTH_CAPABILITY_BRIGHTNESS;
  if (ct != NULL)
    capabilities |= HEARTH_CAPABILITY_TEMPERATURE;
  if (hearth_json_get_object (light, "color") != NULL)
    capabilities |= HEARTH_CAPABILITY_COLOR;
  hearth_control_set_capabilities (control, capabilities);

  if (ct != NULL)
    hearth_hue_set_mired_range (control,
                     schema != NULL ? hearth_json_get_int (schema, "mirek_minimum", 0) : 0,
                     schema != NULL ? hearth_json_get_int (schema, "mirek_maximum", 0) : 0);

  apply_v2_light_fields (control, light);
}

static JsonArray *
get_v2_data (JsonNode    *root,
             GError     **error)
{
  if (root != NULL && JSON_NODE_HOLDS_ARRAY (root))
    return json_node_get_array (root);

  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    {
      JsonArray *data = hearth_json_get_array (json_node_get_object (root), "data");

      if (data != NULL)
        return data;
    }

  g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD,
               "The bridge's resources are neither an array nor a data envelope");
  return NULL;
}

gboolean
hearth_hue_parse_v2_resources (JsonNode      *root,
                               HearthDevice  *device,
                               GError       **error)
{
  g_autoptr(GHashTable) grouped = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *data;

  g_return_val_if_fail (HEARTH_IS_DEVICE (device), FALSE);

  data = get_v2_data (root, error);
  if (data == NULL)
    return FALSE;

  for (guint i = 0; i < json_array_get_length (data); i++)
    if (hearth_json_array_get_object (data, i) == NULL)
      {
        g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD,
                     "Resource %u of the bridge is not a JSON object", i);
        return FALSE;
      }

  /* grouped_light: uuid → resource */
  for (guint i = 0; i < json_array_get_length (data); i++)
    {
      JsonObject *resource = hearth_json_array_get_object (data, i);
      const char *uuid = hearth_json_get_string (resource, "id", NULL);

      if (uuid != NULL && g_strcmp0 (hearth_json_get_string (resource, "type", NULL), "grouped_light") == 0)
        g_hash_table_insert (grouped, (gpointer) uuid, resource);
    }

  for (guint i = 0; i < json_array_get_length (data); i++)
    {
      JsonObject *resource = hearth_json_array_get_object (data, i);
      const char *type = hearth_json_get_string (resource, "type", "");

      if (g_str_equal (type, "light"))
        apply_v2_light (resource, device);
      else if (g_str_equal (type, "room"))
        {
          g_autofree char *control_id = control_id_from_v1 (hearth_json_get_string (resource, "id_v1", NULL));
          JsonObject *metadata = hearth_json_get_object (resource, "metadata");
          JsonArray *services = hearth_json_get_array (resource, "services");
          const char *name = metadata != NULL ? hearth_json_get_string (metadata, "name", NULL) : NULL;
          HearthControl *control;
          gboolean on = FALSE;

          if (control_id == NULL || !g_str_has_prefix (control_id, "room:"))
            continue;

          for (guint j = 0; services != NULL && j < json_array_get_length (services); j++)
            {
              JsonObject *ref = hearth_json_array_get_object (services, j);
              JsonObject *group = NULL;

              if (ref != NULL && g_strcmp0 (hearth_json_get_string (ref, "rtype", NULL), "grouped_light") == 0)
                group = g_hash_table_lookup (grouped, hearth_json_get_string (ref, "rid", ""));
              if (group != NULL && hearth_json_get_object (group, "on") != NULL)
                on = hearth_json_get_bool (hearth_json_get_object (group, "on"), "on", FALSE);
            }

          control = hearth_device_ensure_control (device, control_id, HEARTH_CONTROL_KIND_SWITCH,
                                                  name != NULL && *name != '\0' ? name : "Room");
          if (name != NULL && *name != '\0')
            hearth_control_set_name (control, name);
          hearth_control_set_capabilities (control, HEARTH_CAPABILITY_ON_OFF);
          hearth_control_set_on (control, on);
        }
    }

  return TRUE;
}

gboolean
hearth_hue_parse_v2_event (JsonNode      *root,
                           HearthDevice  *device,
                           gboolean      *changed,
                           GError       **error)
{
  JsonArray *events;

  g_return_val_if_fail (HEARTH_IS_DEVICE (device), FALSE);

  if (changed != NULL)
    *changed = FALSE;

  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    {
      g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD,
                   "A Hue event is not a JSON array");
      return FALSE;
    }

  events = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonObject *event = hearth_json_array_get_object (events, i);
      JsonArray *data;

      if (event == NULL)
        {
          g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD,
                       "Hue event %u is not a JSON object", i);
          return FALSE;
        }

      if (g_strcmp0 (hearth_json_get_string (event, "type", NULL), "update") != 0)
        continue;

      data = hearth_json_get_array (event, "data");
      for (guint j = 0; data != NULL && j < json_array_get_length (data); j++)
        {
          JsonObject *resource = hearth_json_array_get_object (data, j);
          g_autofree char *control_id = NULL;
          const char *type;
          HearthControl *control;

          if (resource == NULL)
            continue;

          type = hearth_json_get_string (resource, "type", "");
          control_id = control_id_from_v1 (hearth_json_get_string (resource, "id_v1", NULL));
          if (control_id == NULL)
            continue;
          control = hearth_device_find_control (device, control_id);
          if (control == NULL)
            continue;

          if (g_str_equal (type, "light") && g_str_has_prefix (control_id, "light:"))
            {
              apply_v2_light_fields (control, resource);
              if (changed != NULL)
                *changed = TRUE;
            }
          else if (g_str_equal (type, "grouped_light") && g_str_has_prefix (control_id, "room:"))
            {
              JsonObject *on = hearth_json_get_object (resource, "on");

              if (on != NULL && hearth_json_has (on, "on", JSON_NODE_VALUE))
                {
                  hearth_control_set_on (control, hearth_json_get_bool (on, "on", FALSE));
                  if (changed != NULL)
                    *changed = TRUE;
                }
            }
        }
    }

  return TRUE;
}
