/* hearth-elgato-parse.c: Elgato light JSON to the model and back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The shapes, from real captures (tests/fixtures/elgato/):
 *   GET /elgato/accessory-info  {"productName":"Elgato Key Light", "serialNumber":"…",
 *                                "displayName":"…", "firmwareVersion":"1.0.3",
 *                                "firmwareBuildNumber":218, …}
 *   GET /elgato/lights          {"numberOfLights":1,
 *                                "lights":[{"on":1,"brightness":21,"temperature":297}]}
 *                               or, in colour mode, {"on":1,"hue":358.0,"saturation":6.0,"brightness":50}
 *   GET /elgato/lights/settings {"powerOnBehavior":1, …} (+ "powerOnHue" on colour lights)
 * "on" is an integer 0/1, never a boolean; temperature is in mireds.
 */
#include "config.h"

#include <math.h>

#include "hearth-change.h"
#include "hearth-color.h"
#include "hearth-control.h"
#include "hearth-device.h"
#include "hearth-error.h"

#include "hearth-elgato-parse.h"

/* No Elgato device has more than one light; this only bounds nonsense. */
#define MAX_LIGHTS 16

typedef struct
{
  gboolean on;
  int      brightness;
  int      mired;       /* -1 when absent */
  double   hue;         /* -1 when absent */
  double   saturation;
} LightState;

/* The member as a number, without ever logging a CRITICAL. FALSE when it
 * is absent, null, or not a number (booleans and strings are not). */
static gboolean
get_number (JsonObject *object,
            const char *member,
            double     *value,
            gboolean   *is_integer)
{
  JsonNode *node = json_object_get_member (object, member);
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    {
      *value = (double) json_node_get_int (node);
      if (is_integer != NULL)
        *is_integer = TRUE;
      return TRUE;
    }
  if (type == G_TYPE_DOUBLE)
    {
      *value = json_node_get_double (node);
      if (is_integer != NULL)
        *is_integer = (*value == floor (*value));
      return isfinite (*value);
    }

  return FALSE;
}

/* A non-empty string member, or NULL */
static const char *
get_string (JsonObject *object,
            const char *member)
{
  JsonNode *node = json_object_get_member (object, member);
  const char *value;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  value = json_node_get_string (node);
  if (value == NULL || *value == '\0')
    return NULL;

  return value;
}

static gboolean
has_member (JsonObject *object,
            const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  return node != NULL && !JSON_NODE_HOLDS_NULL (node);
}

int
hearth_elgato_mired_to_kelvin (int mired)
{
  if (mired <= 0)
    return -1;

  return (int) lround (1000000.0 / mired);
}

int
hearth_elgato_kelvin_to_mired (int kelvin)
{
  if (kelvin <= 0)
    return -1;

  return (int) lround (1000000.0 / kelvin);
}

void
hearth_elgato_mired_range (gboolean  color_capable,
                           int      *min_mired,
                           int      *max_mired)
{
  *min_mired = color_capable ? HEARTH_ELGATO_COLOR_MIRED_MIN : HEARTH_ELGATO_MIRED_MIN;
  *max_mired = color_capable ? HEARTH_ELGATO_COLOR_MIRED_MAX : HEARTH_ELGATO_MIRED_MAX;
}

HearthDevice *
hearth_elgato_parse_accessory_info (JsonNode  *root,
                                    GError   **error)
{
  JsonObject *object;
  const char *product;
  const char *serial;
  const char *display_name;
  const char *version;
  double build = 0;
  gboolean build_is_integer = FALSE;
  g_autoptr(HearthDevice) device = NULL;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED,
                           "Not an Elgato light: its accessory-info is not a JSON object");
      return NULL;
    }

  object = json_node_get_object (root);
  product = get_string (object, "productName");
  serial = get_string (object, "serialNumber");
  if (product == NULL || serial == NULL)
    {
      g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED,
                   "Not an Elgato light: its accessory-info has no %s",
                   product == NULL ? "productName" : "serialNumber");
      return NULL;
    }

  display_name = get_string (object, "displayName");
  version = get_string (object, "firmwareVersion");

  device = hearth_device_new (serial, "elgato");
  hearth_device_set_name (device, display_name != NULL ? display_name : product);
  hearth_device_set_model (device, product);

  if (version != NULL &&
      get_number (object, "firmwareBuildNumber", &build, &build_is_integer) &&
      build_is_integer && build >= 0)
    {
      g_autofree char *firmware = g_strdup_printf ("%s (build %.0f)", version, build);

      hearth_device_set_firmware (device, firmware);
    }
  else
    {
      hearth_device_set_firmware (device, version);
    }

  return g_steal_pointer (&device);
}

gboolean
hearth_elgato_parse_settings (JsonNode  *root,
                              gboolean  *color_capable,
                              GError   **error)
{
  g_return_val_if_fail (color_capable != NULL, FALSE);

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD,
                           "The Elgato light's settings are not a JSON object");
      return FALSE;
    }

  *color_capable = has_member (json_node_get_object (root), "powerOnHue");

  return TRUE;
}

static gboolean
read_light (JsonObject  *light,
            guint        index,
            LightState  *state,
            GError     **error)
{
  double value;
  gboolean is_integer = FALSE;
  gboolean has_hue, has_saturation;

  if (!get_number (light, "on", &value, &is_integer) || !is_integer ||
      (value != 0 && value != 1))
    {
      g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD,
                   "Elgato light %u: \"on\" is %s, not 0 or 1", index,
                   has_member (light, "on") ? "of the wrong type or value" : "missing");
      return FALSE;
    }
  state->on = value == 1;

  if (!get_number (light, "brightness", &value, NULL) || value < 0 || value > 100)
    {
      g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD,
                   "Elgato light %u: \"brightness\" is missing or not within 0–100",
                   index);
      return FALSE;
    }
  state->brightness = (int) lround (value);

  state->mired = -1;
  if (has_member (light, "temperature"))
    {
      if (!get_number (light, "temperature", &value, NULL) ||
          value < HEARTH_ELGATO_MIRED_MIN || value > HEARTH_ELGATO_MIRED_MAX)
        {
          g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD,
                       "Elgato light %u: \"temperature\" is not a number of mireds "
                       "within %d–%d", index,
                       HEARTH_ELGATO_MIRED_MIN, HEARTH_ELGATO_MIRED_MAX);
          return FALSE;
        }
      state->mired = (int) lround (value);
    }

  state->hue = -1;
  state->saturation = -1;
  has_hue = has_member (light, "hue");
  has_saturation = has_member (light, "saturation");
  if (has_hue || has_saturation)
    {
      double hue = -1, saturation = -1;

      if (!get_number (light, "hue", &hue, NULL) || hue < 0 || hue > 360 ||
          !get_number (light, "saturation", &saturation, NULL) ||
          saturation < 0 || saturation > 100)
        {
          g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD,
                       "Elgato light %u: \"hue\" (0–360) and \"saturation\" (0–100) "
                       "must come together, as numbers", index);
          return FALSE;
        }
      state->hue = hue;
      state->saturation = saturation;
    }

  return TRUE;
}

static void
apply_light (HearthDevice     *device,
             guint             index,
             const LightState *state,
             gboolean          color_capable)
{
  g_autofree char *id = g_strdup_printf ("light:%u", index);
  g_autofree char *name = NULL;
  const char *device_name = hearth_device_get_name (device);
  HearthCapabilities caps;
  HearthControl *control;
  int min_mired, max_mired;

  if (device_name == NULL || *device_name == '\0')
    device_name = "Elgato light";
  name = index == 0 ? g_strdup (device_name)
                    : g_strdup_printf ("%s %u", device_name, index + 1);

  control = hearth_device_ensure_control (device, id, HEARTH_CONTROL_KIND_LIGHT, name);
  hearth_control_set_name (control, name);

  caps = HEARTH_CAPABILITY_ON_OFF | HEARTH_CAPABILITY_BRIGHTNESS |
         HEARTH_CAPABILITY_TEMPERATURE;
  if (color_capable)
    caps |= HEARTH_CAPABILITY_COLOR;
  hearth_control_set_capabilities (control, caps);

  hearth_elgato_mired_range (color_capable, &min_mired, &max_mired);
  hearth_control_set_temperature_range (control,
                                        hearth_elgato_mired_to_kelvin (max_mired),
                                        hearth_elgato_mired_to_kelvin (min_mired));

  hearth_control_set_on (control, state->on);
  hearth_control_set_brightness (control, state->brightness);

  /* A light reports either a temperature or a colour (HS mode). */
  if (state->mired > 0)
    hearth_control_set_temperature (control,
                                    hearth_elgato_mired_to_kelvin (CLAMP (state->mired,
                                                                          min_mired,
                                                                          max_mired)));
  else
    hearth_control_set_temperature (control, -1);

  if (state->hue >= 0)
    hearth_control_set_color (control,
                              hearth_color_from_hsv (state->hue, state->saturation,
                                                        state->brightness));
  else
    hearth_control_set_color (control, -1);
}

static void
remove_lights_from (HearthDevice *device,
                    guint         n_lights)
{
  GListModel *controls = hearth_device_get_controls (device);
  g_autoptr(GPtrArray) gone = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < g_list_model_get_n_items (controls); i++)
    {
      g_autoptr(HearthControl) control = g_list_model_get_item (controls, i);
      guint index;

      if (hearth_elgato_parse_control_id (hearth_control_get_id (control), &index) &&
          index >= n_lights)
        g_ptr_array_add (gone, g_strdup (hearth_control_get_id (control)));
    }

  for (guint i = 0; i < gone->len; i++)
    hearth_device_remove_control (device, g_ptr_array_index (gone, i));
}

gboolean
hearth_elgato_parse_lights (JsonNode      *root,
                            HearthDevice  *device,
                            gboolean      *color_capable,
                            GError       **error)
{
  JsonObject *object;
  JsonNode *lights_node;
  JsonArray *lights;
  guint n_lights;
  LightState states[MAX_LIGHTS];
  gboolean any_hue = FALSE;

  g_return_val_if_fail (HEARTH_IS_DEVICE (device), FALSE);
  g_return_val_if_fail (color_capable != NULL, FALSE);

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD,
                           "The Elgato light's state is not a JSON object");
      return FALSE;
    }

  object = json_node_get_object (root);
  lights_node = json_object_get_member (object, "lights");
  if (lights_node == NULL || !JSON_NODE_HOLDS_ARRAY (lights_node))
    {
      g_set_error_literal (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD,
                           "The Elgato light's state has no \"lights\" array");
      return FALSE;
    }

  /* The array is the truth; numberOfLights only repeats its length. */
  lights = json_node_get_array (lights_node);
  n_lights = json_array_get_length (lights);
  if (n_lights == 0 || n_lights > MAX_LIGHTS)
    {
      g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD,
                   "The Elgato light reports %u lights", n_lights);
      return FALSE;
    }

  for (guint i = 0; i < n_lights; i++)
    {
      JsonNode *element = json_array_get_element (lights, i);

      if (element == NULL || !JSON_NODE_HOLDS_OBJECT (element))
        {
          g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD,
                       "Elgato light %u is not a JSON object", i);
          return FALSE;
        }
      if (!read_light (json_node_get_object (element), i, &states[i], error))
        return FALSE;
      any_hue |= states[i].hue >= 0;
    }

  if (any_hue)
    *color_capable = TRUE;

  for (guint i = 0; i < n_lights; i++)
    apply_light (device, i, &states[i], *color_capable);
  remove_lights_from (device, n_lights);

  return TRUE;
}

gboolean
hearth_elgato_parse_control_id (const char *control_id,
                                guint      *index)
{
  guint64 value;

  if (control_id == NULL || !g_str_has_prefix (control_id, "light:"))
    return FALSE;
  if (!g_ascii_string_to_unsigned (control_id + strlen ("light:"), 10, 0, MAX_LIGHTS - 1,
                                   &value, NULL))
    return FALSE;

  if (index != NULL)
    *index = (guint) value;

  return TRUE;
}

JsonNode *
hearth_elgato_build_lights_change (const HearthChange  *change,
                                   guint                index,
                                   guint                n_lights,
                                   gboolean             color_capable,
                                   GError             **error)
{
  const HearthChangeFields ours = HEARTH_CHANGE_ON | HEARTH_CHANGE_BRIGHTNESS |
                                  HEARTH_CHANGE_TEMPERATURE | HEARTH_CHANGE_COLOR;
  g_autoptr(JsonBuilder) builder = NULL;
  int min_mired, max_mired;

  g_return_val_if_fail (change != NULL, NULL);

  if (index >= n_lights)
    {
      g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_NOT_FOUND,
                   "The Elgato light has no light %u", index);
      return NULL;
    }
  if (change->fields & ~ours)
    {
      g_set_error_literal (error, HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED,
                           "An Elgato light can only be switched, dimmed, "
                           "and given a colour temperature or colour");
      return NULL;
    }
  if ((change->fields & ours) == 0)
    {
      g_set_error_literal (error, HEARTH_ERROR, HEARTH_ERROR_INVALID,
                           "Nothing to change");
      return NULL;
    }
  if ((change->fields & HEARTH_CHANGE_COLOR) && !color_capable)
    {
      g_set_error_literal (error, HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED,
                           "This Elgato light has no colour, only a colour temperature");
      return NULL;
    }
  if ((change->fields & HEARTH_CHANGE_COLOR) && (change->fields & HEARTH_CHANGE_TEMPERATURE))
    {
      g_set_error_literal (error, HEARTH_ERROR, HEARTH_ERROR_INVALID,
                           "A light takes a colour or a colour temperature, not both at once");
      return NULL;
    }
  if ((change->fields & HEARTH_CHANGE_TEMPERATURE) && change->temperature <= 0)
    {
      g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_INVALID,
                   "%d K is not a colour temperature", change->temperature);
      return NULL;
    }

  hearth_elgato_mired_range (color_capable, &min_mired, &max_mired);

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "numberOfLights");
  json_builder_add_int_value (builder, n_lights);
  json_builder_set_member_name (builder, "lights");
  json_builder_begin_array (builder);

  for (guint i = 0; i < n_lights; i++)
    {
      json_builder_begin_object (builder);

      if (i == index)
        {
          gboolean brightness_set = FALSE;

          if (change->fields & HEARTH_CHANGE_ON)
            {
              json_builder_set_member_name (builder, "on");
              json_builder_add_int_value (builder, change->on ? 1 : 0);
            }
          if (change->fields & HEARTH_CHANGE_BRIGHTNESS)
            {
              json_builder_set_member_name (builder, "brightness");
              json_builder_add_int_value (builder, CLAMP (change->brightness, 0, 100));
              brightness_set = TRUE;
            }
          if (change->fields & HEARTH_CHANGE_TEMPERATURE)
            {
              int mired = hearth_elgato_kelvin_to_mired (change->temperature);

              json_builder_set_member_name (builder, "temperature");
              json_builder_add_int_value (builder, CLAMP (mired, min_mired, max_mired));
            }
          if (change->fields & HEARTH_CHANGE_COLOR)
            {
              double hue, saturation, value;

              hearth_color_to_hsv (change->color & 0xffffff, &hue, &saturation, &value);
              json_builder_set_member_name (builder, "hue");
              json_builder_add_double_value (builder, round (hue * 10.0) / 10.0);
              json_builder_set_member_name (builder, "saturation");
              json_builder_add_double_value (builder, round (saturation * 10.0) / 10.0);
              /* The colour's value is the light's brightness, unless the
               * change sets that itself. */
              if (!brightness_set)
                {
                  json_builder_set_member_name (builder, "brightness");
                  json_builder_add_int_value (builder, CLAMP ((int) lround (value), 0, 100));
                }
            }
        }

      json_builder_end_object (builder);
    }

  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}
