/* hearth-shelly-gen1-parse.c: Shelly Gen1 JSON to the model and back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Gen1 Shellies speak plain REST (protocols.md §2): GET /shelly (identity,
 * never protected), /settings (names, mode), /status (state), and one GET
 * per channel with a query string to change it, answered with that
 * channel's status. Energy: meters[].total counts watt-minutes,
 * emeters[].total watt-hours.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "hearth-change.h"
#include "hearth-control.h"
#include "hearth-device.h"
#include "hearth-error.h"
#include "hearth-json.h"
#include "hearth-sensor.h"

#include "hearth-shelly-gen1-parse.h"

/* The RGBW2's effects in colour mode, by number (0 = none) */
static const char * const rgbw2_effects[] = {
  "Off", "Meteor Shower", "Gradual Change", "Flash", NULL,
};

/* Whether a "light:N" of a bulb is in colour mode (gain is its brightness) */
#define COLOR_MODE_KEY "hearth-shelly-gen1-color-mode"

/* A number (not a boolean); @value is left alone otherwise */
static gboolean
get_number (JsonObject *object,
            const char *member,
            double     *value)
{
  double number;

  if (object == NULL || !hearth_json_has (object, member, JSON_NODE_VALUE))
    return FALSE;
  if (json_node_get_value_type (json_object_get_member (object, member)) == G_TYPE_BOOLEAN)
    return FALSE;

  number = hearth_json_get_double (object, member, NAN);
  if (isnan (number))
    return FALSE;

  *value = number;
  return TRUE;
}

static int
clamp_int (double value,
           int    min,
           int    max)
{
  return (int) CLAMP (round (value), min, max);
}

/* Channels */

typedef enum
{
  CHANNEL_RELAY,
  CHANNEL_LIGHT,
  CHANNEL_COLOR,
  CHANNEL_WHITE,
  CHANNEL_ROLLER,
} ChannelType;

static const char * const endpoints[] = { "relay", "light", "color", "white", "roller" };

static gboolean
split_control_id (const char  *control_id,
                  ChannelType *type,
                  guint       *index)
{
  const char *colon;
  guint64 value;

  if (control_id == NULL)
    return FALSE;

  colon = strchr (control_id, ':');
  if (colon == NULL || colon[1] == '\0')
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (endpoints); i++)
    {
      if (strlen (endpoints[i]) == (gsize) (colon - control_id) &&
          strncmp (endpoints[i], control_id, colon - control_id) == 0)
        {
          if (!g_ascii_string_to_unsigned (colon + 1, 10, 0, 99, &value, NULL))
            return FALSE;
          *type = (ChannelType) i;
          *index = (guint) value;
          return TRUE;
        }
    }

  return FALSE;
}

gboolean
hearth_shelly_gen1_parse_control_id (const char   *control_id,
                                     const char  **endpoint,
                                     guint        *index)
{
  ChannelType type;
  guint n;

  if (!split_control_id (control_id, &type, &n))
    return FALSE;

  if (endpoint != NULL)
    *endpoint = endpoints[type];
  if (index != NULL)
    *index = n;
  return TRUE;
}

static HearthCoverState
roller_state (const char *state,
              double      position,
              gboolean    has_position)
{
  if (g_strcmp0 (state, "open") == 0)
    return HEARTH_COVER_STATE_OPENING;
  if (g_strcmp0 (state, "close") == 0)
    return HEARTH_COVER_STATE_CLOSING;
  if (has_position && position >= 100)
    return HEARTH_COVER_STATE_OPEN;
  if (has_position && position <= 0)
    return HEARTH_COVER_STATE_CLOSED;
  return HEARTH_COVER_STATE_STOPPED;
}

/* Whether @status is a usable status of a channel of @type (no changes) */
static gboolean
check_channel (ChannelType  type,
               JsonObject  *status,
               const char  *what,
               GError     **error)
{
  double unused;

  if (status == NULL)
    {
      g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD,
                   "The Shelly's %s is not a JSON object", what);
      return FALSE;
    }

  if (type == CHANNEL_ROLLER)
    {
      if (!hearth_json_has (status, "state", JSON_NODE_VALUE) &&
          !get_number (status, "current_pos", &unused))
        {
          g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD,
                       "The Shelly's %s has neither \"state\" nor \"current_pos\"", what);
          return FALSE;
        }
      return TRUE;
    }

  if (!hearth_json_has (status, "ison", JSON_NODE_VALUE) ||
      json_node_get_value_type (json_object_get_member (status, "ison")) != G_TYPE_BOOLEAN)
    {
      g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD,
                   "The Shelly's %s has no \"ison\" true or false", what);
      return FALSE;
    }

  return TRUE;
}

static int
rgb_from (JsonObject *status)
{
  double red = 0, green = 0, blue = 0;

  get_number (status, "red", &red);
  get_number (status, "green", &green);
  get_number (status, "blue", &blue);

  return (clamp_int (red, 0, 255) << 16) | (clamp_int (green, 0, 255) << 8) |
         clamp_int (blue, 0, 255);
}

/* Applies a checked channel status to @control */
static void
apply_channel (ChannelType    type,
               JsonObject    *status,
               HearthControl *control)
{
  HearthCapabilities caps = HEARTH_CAPABILITY_NONE;
  double value;

  switch (type)
    {
    case CHANNEL_RELAY:
      hearth_control_set_capabilities (control, HEARTH_CAPABILITY_ON_OFF);
      hearth_control_set_on (control, hearth_json_get_bool (status, "ison", FALSE));
      break;

    case CHANNEL_WHITE:
      caps = HEARTH_CAPABILITY_ON_OFF | HEARTH_CAPABILITY_BRIGHTNESS;
      hearth_control_set_capabilities (control, caps);
      hearth_control_set_on (control, hearth_json_get_bool (status, "ison", FALSE));
      if (get_number (status, "brightness", &value))
        hearth_control_set_brightness (control, clamp_int (value, 0, 100));
      break;

    case CHANNEL_COLOR:
      caps = HEARTH_CAPABILITY_ON_OFF | HEARTH_CAPABILITY_BRIGHTNESS | HEARTH_CAPABILITY_COLOR;
      if (get_number (status, "effect", &value))
        caps |= HEARTH_CAPABILITY_EFFECT;
      hearth_control_set_capabilities (control, caps);
      hearth_control_set_on (control, hearth_json_get_bool (status, "ison", FALSE));
      if (get_number (status, "gain", &value))
        hearth_control_set_brightness (control, clamp_int (value, 0, 100));
      hearth_control_set_color (control, rgb_from (status));
      if (get_number (status, "effect", &value))
        {
          int effect = (int) value;

          hearth_control_set_effects (control, rgbw2_effects);
          /* An effect this list does not know is none we can name */
          hearth_control_set_effect (control,
                                     effect >= 0 && effect < (int) G_N_ELEMENTS (rgbw2_effects) - 1
                                     ? rgbw2_effects[effect] : NULL);
        }
      break;

    case CHANNEL_LIGHT:
      {
        /* Dimmers and the Vintage: brightness; Duo: also temp; colour
         * bulbs: mode color (red/green/blue, gain) or white (brightness,
         * temp). */
        const char *mode = hearth_json_get_string (status, "mode", NULL);
        gboolean has_color = get_number (status, "red", &value);
        gboolean color_mode = has_color && g_strcmp0 (mode, "white") != 0;

        caps = HEARTH_CAPABILITY_ON_OFF;
        if (get_number (status, "brightness", &value) || get_number (status, "gain", &value))
          caps |= HEARTH_CAPABILITY_BRIGHTNESS;
        if (has_color)
          caps |= HEARTH_CAPABILITY_COLOR;
        if (get_number (status, "temp", &value))
          caps |= HEARTH_CAPABILITY_TEMPERATURE;
        hearth_control_set_capabilities (control, caps);
        g_object_set_data (G_OBJECT (control), COLOR_MODE_KEY, GINT_TO_POINTER (color_mode));

        hearth_control_set_on (control, hearth_json_get_bool (status, "ison", FALSE));
        if (get_number (status, color_mode ? "gain" : "brightness", &value))
          hearth_control_set_brightness (control, clamp_int (value, 0, 100));
        if (has_color)
          hearth_control_set_color (control, rgb_from (status));
        if (get_number (status, "temp", &value))
          {
            int min = hearth_control_get_temperature_min (control);
            int max = hearth_control_get_temperature_max (control);

            if (min <= 0 || max <= 0)
              {
                hearth_control_set_temperature_range (control, 2700, 6500);
                min = 2700;
                max = 6500;
              }
            hearth_control_set_temperature (control, clamp_int (value, min, max));
          }
      }
      break;

    case CHANNEL_ROLLER:
      {
        const char *state = hearth_json_get_string (status, "state", NULL);
        gboolean positioning = hearth_json_get_bool (status, "positioning", FALSE);
        gboolean has_position = positioning && get_number (status, "current_pos", &value) &&
                                value >= 0;

        hearth_control_set_capabilities (control, has_position ? HEARTH_CAPABILITY_POSITION
                                                               : HEARTH_CAPABILITY_NONE);
        hearth_control_set_position (control, has_position ? clamp_int (value, 0, 100) : -1);
        hearth_control_set_cover_state (control,
                                        roller_state (state, has_position ? value : -1,
                                                      has_position));
      }
      break;

    default:
      g_assert_not_reached ();
    }
}

gboolean
hearth_shelly_gen1_parse_channel (JsonNode       *root,
                                  HearthControl  *control,
                                  GError        **error)
{
  ChannelType type;
  guint index;
  g_autofree char *what = NULL;

  if (!split_control_id (hearth_control_get_id (control), &type, &index))
    {
      g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_NOT_FOUND,
                   "A Gen1 Shelly has no channel “%s”", hearth_control_get_id (control));
      return FALSE;
    }

  what = g_strdup_printf ("answer for /%s/%u", endpoints[type], index);
  if (!check_channel (type,
                      root != NULL && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL,
                      what, error))
    return FALSE;

  apply_channel (type, json_node_get_object (root), control);
  return TRUE;
}

/* /status */

static gboolean
check_array (JsonObject  *status,
             const char  *member,
             ChannelType  type,
             gboolean     is_channel,
             GError     **error)
{
  JsonNode *node = json_object_get_member (status, member);
  JsonArray *array;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD,
                   "The Shelly's status \"%s\" is not a list", member);
      return FALSE;
    }

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *item = hearth_json_array_get_object (array, i);
      g_autofree char *what = g_strdup_printf ("status %s[%u]", member, i);

      if (item == NULL)
        {
          g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD,
                       "The Shelly's %s is not a JSON object", what);
          return FALSE;
        }
      if (is_channel && !check_channel (type, item, what, error))
        return FALSE;
    }

  return TRUE;
}

static guint
array_length (JsonObject *object,
              const char *member)
{
  JsonArray *array = hearth_json_get_array (object, member);

  return array != NULL ? json_array_get_length (array) : 0;
}

/* The configured name of channel @index in settings[@member], else the
 * device's name with the channel number (and @what) */
static char *
channel_name (HearthDevice *device,
              JsonObject   *settings,
              const char   *member,
              guint         index,
              const char   *what)
{
  JsonObject *config = NULL;
  const char *configured;
  const char *device_name = hearth_device_get_name (device);
  GString *name;

  if (settings != NULL && member != NULL)
    config = hearth_json_array_get_object (hearth_json_get_array (settings, member), index);
  configured = config != NULL ? hearth_json_get_text (config, "name") : NULL;

  if (configured != NULL && what == NULL)
    return g_strdup (configured);

  name = g_string_new (configured != NULL ? configured
                       : device_name != NULL && *device_name != '\0' ? device_name : "Shelly");
  if (configured == NULL && index > 0)
    g_string_append_printf (name, " %u", index + 1);
  if (what != NULL)
    g_string_append_printf (name, " %s", what);

  return g_string_free (name, FALSE);
}

static void
apply_channels (HearthDevice *device,
                GHashTable   *seen,
                JsonObject   *status,
                JsonObject   *settings,
                const char   *member,
                const char   *settings_member,
                ChannelType   type)
{
  JsonArray *array = hearth_json_get_array (status, member);
  const char *model = hearth_device_get_model (device);
  HearthControlKind kind;

  if (array == NULL)
    return;

  switch (type)
    {
    case CHANNEL_RELAY:
      kind = HEARTH_CONTROL_KIND_SWITCH;
      break;
    case CHANNEL_ROLLER:
      kind = HEARTH_CONTROL_KIND_COVER;
      break;
    case CHANNEL_LIGHT:
    case CHANNEL_COLOR:
    case CHANNEL_WHITE:
    default:
      kind = HEARTH_CONTROL_KIND_LIGHT;
      break;
    }

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *item = hearth_json_array_get_object (array, i);
      g_autofree char *id = g_strdup_printf ("%s:%u", endpoints[type], i);
      g_autofree char *name = channel_name (device, settings, settings_member, i, NULL);
      HearthControl *control;

      control = hearth_device_ensure_control (device, id, kind, name);
      hearth_control_set_name (control, name);

      /* Colour temperature ranges: Duo 2700–6500 K, Bulb 3000–6500 K */
      if (type == CHANNEL_LIGHT)
        {
          if (g_strcmp0 (model, "SHBLB-1") == 0 || g_strcmp0 (model, "SHCB-1") == 0)
            hearth_control_set_temperature_range (control, 3000, 6500);
          else
            hearth_control_set_temperature_range (control, 2700, 6500);
        }

      apply_channel (type, item, control);
      g_hash_table_add (seen, g_steal_pointer (&id));
    }
}

/* Which light endpoint an RGBW2 or a bulb's lights[] belong to */
static ChannelType
light_channel_type (HearthDevice *device,
                    JsonObject   *status,
                    JsonObject   *settings)
{
  const char *mode;

  if (g_strcmp0 (hearth_device_get_model (device), "SHRGBW2") != 0)
    return CHANNEL_LIGHT;

  mode = hearth_json_get_string (status, "mode", NULL);
  if (mode == NULL && settings != NULL)
    mode = hearth_json_get_string (settings, "mode", NULL);
  if (mode == NULL)
    {
      /* As a last resort the shape of the first light tells */
      JsonObject *first = hearth_json_array_get_object (hearth_json_get_array (status, "lights"), 0);

      mode = first != NULL && json_object_has_member (first, "red") ? "color" : "white";
    }

  return g_strcmp0 (mode, "white") == 0 ? CHANNEL_WHITE : CHANNEL_COLOR;
}

static void
apply_meters (HearthDevice *device,
              GHashTable   *seen,
              JsonObject   *status,
              JsonObject   *settings,
              const char   *owner_member,
              const char   *owner_settings_member,
              ChannelType   owner_type)
{
  JsonArray *meters = hearth_json_get_array (status, "meters");
  guint n_owners = array_length (status, owner_member);

  if (meters == NULL)
    return;

  for (guint i = 0; i < json_array_get_length (meters); i++)
    {
      JsonObject *meter = hearth_json_array_get_object (meters, i);
      g_autofree char *prefix = NULL;
      g_autofree char *power_name = NULL;
      g_autofree char *energy_name = NULL;
      double value;

      /* Meter N measures channel N where the counts match; a roller's
       * two meters are its two directions. */
      if (owner_member != NULL && i < n_owners && owner_type != CHANNEL_ROLLER)
        {
          prefix = g_strdup_printf ("%s:%u", endpoints[owner_type], i);
          power_name = channel_name (device, settings, owner_settings_member, i, "Power");
          energy_name = channel_name (device, settings, owner_settings_member, i, "Energy");
        }
      else
        {
          prefix = g_strdup_printf ("meter:%u", i);
          power_name = channel_name (device, NULL, NULL, i, "Power");
          energy_name = channel_name (device, NULL, NULL, i, "Energy");
        }

      if (get_number (meter, "power", &value))
        {
          g_autofree char *id = g_strconcat (prefix, "/power", NULL);

          hearth_sensor_update (device, seen, id, power_name, value, "W", "power");
        }
      if (get_number (meter, "total", &value))
        {
          g_autofree char *id = g_strconcat (prefix, "/energy", NULL);

          /* watt-minutes */
          hearth_sensor_update (device, seen, id, energy_name, value / 60000.0, "kWh", "energy");
        }
    }
}

static void
apply_emeters (HearthDevice *device,
               GHashTable   *seen,
               JsonObject   *status)
{
  JsonArray *emeters = hearth_json_get_array (status, "emeters");

  if (emeters == NULL)
    return;

  for (guint i = 0; i < json_array_get_length (emeters); i++)
    {
      JsonObject *emeter = hearth_json_array_get_object (emeters, i);
      double value;

      if (get_number (emeter, "power", &value))
        {
          g_autofree char *id = g_strdup_printf ("emeter:%u/power", i);
          g_autofree char *name = channel_name (device, NULL, NULL, i, "Power");

          hearth_sensor_update (device, seen, id, name, value, "W", "power");
        }
      if (get_number (emeter, "total", &value))
        {
          g_autofree char *id = g_strdup_printf ("emeter:%u/energy", i);
          g_autofree char *name = channel_name (device, NULL, NULL, i, "Energy");

          /* watt-hours */
          hearth_sensor_update (device, seen, id, name, value / 1000.0, "kWh", "energy");
        }
      if (get_number (emeter, "voltage", &value))
        {
          g_autofree char *id = g_strdup_printf ("emeter:%u/voltage", i);
          g_autofree char *name = channel_name (device, NULL, NULL, i, "Voltage");

          hearth_sensor_update (device, seen, id, name, value, "V", "voltage");
        }
    }
}

/* The H&T: tmp{value,units,tC,…}, hum{value}, bat{value,voltage} */
static void
apply_climate (HearthDevice *device,
               GHashTable   *seen,
               JsonObject   *status)
{
  JsonObject *hum = hearth_json_get_object (status, "hum");
  JsonObject *tmp = hearth_json_get_object (status, "tmp");
  JsonObject *bat = hearth_json_get_object (status, "bat");
  const char *device_name = hearth_device_get_name (device);
  double value;

  /* Relays, plugs and the 2.5 report their own chip's tmp too: only a
   * device reporting humidity is a climate sensor. */
  if (hum == NULL)
    return;

  if (device_name == NULL || *device_name == '\0')
    device_name = "Shelly";

  if (tmp != NULL && hearth_json_get_bool (tmp, "is_valid", TRUE) &&
      (get_number (tmp, "tC", &value) ||
       (g_strcmp0 (hearth_json_get_string (tmp, "units", "C"), "C") == 0 &&
        get_number (tmp, "value", &value))))
    {
      g_autofree char *name = g_strdup_printf ("%s Temperature", device_name);

      hearth_sensor_update (device, seen, "temperature", name, value, "°C", "temperature");
    }

  if (hearth_json_get_bool (hum, "is_valid", TRUE) && get_number (hum, "value", &value))
    {
      g_autofree char *name = g_strdup_printf ("%s Humidity", device_name);

      hearth_sensor_update (device, seen, "humidity", name, value, "%", "humidity");
    }

  if (bat != NULL && get_number (bat, "value", &value))
    {
      g_autofree char *name = g_strdup_printf ("%s Battery", device_name);

      hearth_sensor_update (device, seen, "battery", name, value, "%", "battery");
    }
}

gboolean
hearth_shelly_gen1_parse_status (JsonNode      *root,
                                 JsonNode      *settings_root,
                                 HearthDevice  *device,
                                 GError       **error)
{
  JsonObject *status;
  JsonObject *settings = NULL;
  g_autoptr(GHashTable) seen = NULL;
  g_autoptr(GPtrArray) gone = NULL;
  GListModel *controls;
  ChannelType light_type;
  const char *owner_member = NULL;
  const char *owner_settings_member = NULL;
  ChannelType owner_type = CHANNEL_RELAY;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD,
                           "The Shelly's /status answer is not a JSON object");
      return FALSE;
    }
  status = json_node_get_object (root);
  if (settings_root != NULL && JSON_NODE_HOLDS_OBJECT (settings_root))
    settings = json_node_get_object (settings_root);

  light_type = light_channel_type (device, status, settings);

  /* Check everything first */
  if (!check_array (status, "relays", CHANNEL_RELAY, TRUE, error) ||
      !check_array (status, "lights", light_type, TRUE, error) ||
      !check_array (status, "rollers", CHANNEL_ROLLER, TRUE, error) ||
      !check_array (status, "meters", CHANNEL_RELAY, FALSE, error) ||
      !check_array (status, "emeters", CHANNEL_RELAY, FALSE, error))
    return FALSE;

  if (!json_object_has_member (status, "relays") &&
      !json_object_has_member (status, "lights") &&
      !json_object_has_member (status, "rollers") &&
      !json_object_has_member (status, "meters") &&
      !json_object_has_member (status, "emeters") &&
      !json_object_has_member (status, "hum") &&
      !json_object_has_member (status, "mac"))
    {
      g_set_error_literal (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD,
                           "The Shelly's /status answer has none of the things a Shelly reports");
      return FALSE;
    }

  seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  apply_channels (device, seen, status, settings, "relays", "relays", CHANNEL_RELAY);
  apply_channels (device, seen, status, settings, "lights", "lights", light_type);
  apply_channels (device, seen, status, settings, "rollers", "rollers", CHANNEL_ROLLER);

  if (array_length (status, "relays") > 0)
    {
      owner_member = "relays";
      owner_settings_member = "relays";
      owner_type = CHANNEL_RELAY;
    }
  else if (array_length (status, "lights") > 0)
    {
      owner_member = "lights";
      owner_settings_member = "lights";
      owner_type = light_type;
    }
  else if (array_length (status, "rollers") > 0)
    {
      owner_member = "rollers";
      owner_type = CHANNEL_ROLLER;
    }
  apply_meters (device, seen, status, settings, owner_member, owner_settings_member, owner_type);
  apply_emeters (device, seen, status);
  apply_climate (device, seen, status);

  /* What the device no longer has (a mode change: relays ↔ roller,
   * colour ↔ white) goes away */
  controls = hearth_device_get_controls (device);
  gone = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < g_list_model_get_n_items (controls); i++)
    {
      g_autoptr(HearthControl) control = g_list_model_get_item (controls, i);

      if (!g_hash_table_contains (seen, hearth_control_get_id (control)))
        g_ptr_array_add (gone, g_strdup (hearth_control_get_id (control)));
    }
  for (guint i = 0; i < gone->len; i++)
    hearth_device_remove_control (device, g_ptr_array_index (gone, i));

  return TRUE;
}

/* Changes */

char *
hearth_shelly_gen1_build_request (HearthControl       *control,
                                  const HearthChange  *change,
                                  GError             **error)
{
  ChannelType type;
  guint index;
  g_autoptr(GString) query = NULL;
  HearthChangeFields supported;
  gboolean color_mode;

  if (!split_control_id (hearth_control_get_id (control), &type, &index))
    {
      g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_NOT_FOUND,
                   "A Gen1 Shelly has no channel “%s”", hearth_control_get_id (control));
      return NULL;
    }

  switch (type)
    {
    case CHANNEL_RELAY:
      supported = HEARTH_CHANGE_ON;
      break;
    case CHANNEL_WHITE:
      supported = HEARTH_CHANGE_ON | HEARTH_CHANGE_BRIGHTNESS;
      break;
    case CHANNEL_COLOR:
      supported = HEARTH_CHANGE_ON | HEARTH_CHANGE_BRIGHTNESS | HEARTH_CHANGE_COLOR;
      if (hearth_control_has_capability (control, HEARTH_CAPABILITY_EFFECT))
        supported |= HEARTH_CHANGE_EFFECT;
      break;
    case CHANNEL_LIGHT:
      supported = HEARTH_CHANGE_ON | HEARTH_CHANGE_BRIGHTNESS;
      if (hearth_control_has_capability (control, HEARTH_CAPABILITY_COLOR))
        supported |= HEARTH_CHANGE_COLOR;
      if (hearth_control_has_capability (control, HEARTH_CAPABILITY_TEMPERATURE))
        supported |= HEARTH_CHANGE_TEMPERATURE;
      break;
    case CHANNEL_ROLLER:
      supported = HEARTH_CHANGE_COVER;
      if (hearth_control_has_capability (control, HEARTH_CAPABILITY_POSITION))
        supported |= HEARTH_CHANGE_POSITION;
      break;
    default:
      g_assert_not_reached ();
    }

  if (change->fields == 0)
    {
      g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_INVALID,
                   "Nothing to change on “%s”", hearth_control_get_name (control));
      return NULL;
    }
  if ((change->fields & ~supported) != 0)
    {
      g_autofree char *text = hearth_change_to_string (change);

      g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED,
                   "“%s” cannot do %s", hearth_control_get_name (control), text);
      return NULL;
    }

  query = g_string_new (NULL);
  g_string_append_printf (query, "/%s/%u", endpoints[type], index);

#define ADD(...) G_STMT_START {                                 \
    g_string_append_c (query, strchr (query->str, '?') ? '&' : '?'); \
    g_string_append_printf (query, __VA_ARGS__);                \
  } G_STMT_END

  if (type == CHANNEL_ROLLER)
    {
      if (change->fields & HEARTH_CHANGE_POSITION)
        ADD ("go=to_pos&roller_pos=%d", CLAMP (change->position, 0, 100));
      else
        ADD ("go=%s", change->cover == HEARTH_COVER_ACTION_OPEN ? "open"
                      : change->cover == HEARTH_COVER_ACTION_CLOSE ? "close" : "stop");
      return g_string_free (g_steal_pointer (&query), FALSE);
    }

  /* A bulb changes mode with its colour or temperature; its brightness is
   * "gain" in colour mode */
  color_mode = type == CHANNEL_COLOR ||
               (type == CHANNEL_LIGHT && (change->fields & HEARTH_CHANGE_COLOR)) ||
               (type == CHANNEL_LIGHT && !(change->fields & HEARTH_CHANGE_TEMPERATURE) &&
                GPOINTER_TO_INT (g_object_get_data (G_OBJECT (control), COLOR_MODE_KEY)));

  if (type == CHANNEL_LIGHT && (change->fields & HEARTH_CHANGE_COLOR))
    ADD ("mode=color");
  else if (type == CHANNEL_LIGHT && (change->fields & HEARTH_CHANGE_TEMPERATURE) &&
           hearth_control_has_capability (control, HEARTH_CAPABILITY_COLOR))
    ADD ("mode=white");

  if (change->fields & HEARTH_CHANGE_COLOR)
    ADD ("red=%d&green=%d&blue=%d",
         (change->color >> 16) & 0xff, (change->color >> 8) & 0xff, change->color & 0xff);
  if (change->fields & HEARTH_CHANGE_EFFECT)
    {
      int effect = -1;

      for (int i = 0; rgbw2_effects[i] != NULL; i++)
        if (g_strcmp0 (change->effect, rgbw2_effects[i]) == 0)
          effect = i;
      if (effect < 0)
        {
          g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_INVALID,
                       "“%s” has no effect “%s”", hearth_control_get_name (control),
                       change->effect != NULL ? change->effect : "");
          return NULL;
        }
      ADD ("effect=%d", effect);
    }
  if (change->fields & HEARTH_CHANGE_TEMPERATURE)
    ADD ("temp=%d", change->temperature);
  if (change->fields & HEARTH_CHANGE_BRIGHTNESS)
    ADD ("%s=%d", color_mode ? "gain" : "brightness", CLAMP (change->brightness, 0, 100));
  if (change->fields & HEARTH_CHANGE_ON)
    ADD ("turn=%s", change->on ? "on" : "off");

#undef ADD

  return g_string_free (g_steal_pointer (&query), FALSE);
}
