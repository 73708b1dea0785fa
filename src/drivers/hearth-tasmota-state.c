/* hearth-tasmota-state.c: Tasmota status and command answers into the
 * model (`Status 0`, `Status 11`, `Status 10` and what a command answers;
 * see hearth-tasmota-parse.c for the API)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "hearth-color.h"
#include "hearth-control.h"
#include "hearth-device.h"
#include "hearth-error.h"
#include "hearth-json.h"
#include "hearth-sensor.h"

#include "hearth-tasmota-parse.h"
#include "hearth-tasmota-parse-private.h"

/* "h,s,b" */
static gboolean
parse_hsb (const char *text,
           int        *hue,
           int        *saturation,
           int        *brightness)
{
  g_auto(GStrv) parts = NULL;
  gint64 values[3];

  if (text == NULL)
    return FALSE;

  parts = g_strsplit (text, ",", -1);
  if (g_strv_length (parts) != 3)
    return FALSE;
  for (guint i = 0; i < 3; i++)
    if (!g_ascii_string_to_signed (g_strstrip (parts[i]), 10, 0, 360, &values[i], NULL))
      return FALSE;

  *hue = (int) values[0];
  *saturation = (int) MIN (values[1], 100);
  *brightness = (int) MIN (values[2], 100);
  return TRUE;
}

/* Color: "RRGGBB[WW[WW]]" (hex) or "r,g,b[,w…]" (SetOption17). Returns
 * the number of channels (0 when it does not parse) and the RGB part. */
static guint
parse_color (const char *text,
             int        *rgb)
{
  guint channels[5] = { 0 };
  guint n = 0;

  if (text == NULL || *text == '\0')
    return 0;

  if (strchr (text, ',') != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (text, ",", -1);

      for (n = 0; parts[n] != NULL; n++)
        {
          guint64 value;

          if (n >= G_N_ELEMENTS (channels) ||
              !g_ascii_string_to_unsigned (g_strstrip (parts[n]), 10, 0, 255, &value, NULL))
            return 0;
          channels[n] = (guint) value;
        }
    }
  else
    {
      gsize length = strlen (text);

      if (*text == '#')
        {
          text++;
          length--;
        }
      if (length == 0 || length % 2 != 0 || length / 2 > G_N_ELEMENTS (channels))
        return 0;
      for (n = 0; n < length / 2; n++)
        {
          int high = g_ascii_xdigit_value (text[2 * n]);
          int low = g_ascii_xdigit_value (text[2 * n + 1]);

          if (high < 0 || low < 0)
            return 0;
          channels[n] = (guint) (high * 16 + low);
        }
    }

  if (n >= 3)
    *rgb = (int) ((channels[0] << 16) | (channels[1] << 8) | channels[2]);
  return n;
}

/* State */

typedef struct
{
  int      power[HEARTH_TASMOTA_MAX_POWERS + 1];  /* -1 unknown, 0, 1; index 0 unused */
  guint    n_power;                /* highest index seen */
  gboolean has_dimmer;
} Powers;

static void
collect_powers (JsonObject *object,
                Powers     *powers)
{
  JsonObjectIter iter;
  const char *member;
  JsonNode *node;

  for (guint i = 0; i <= HEARTH_TASMOTA_MAX_POWERS; i++)
    powers->power[i] = -1;
  powers->n_power = 0;
  powers->has_dimmer = hearth_json_has (object, "Dimmer", JSON_NODE_VALUE) &&
                       hearth_json_get_int (object, "Dimmer", -1) >= 0;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &member, &node))
    {
      g_autofree char *lower = g_ascii_strdown (member, -1);
      guint index;
      const char *value;

      if (g_str_equal (lower, "power"))
        index = 1;
      else if (!hearth_tasmota_parse_index (lower, "power", &index))
        continue;

      value = hearth_json_get_string (object, member, NULL);
      if (value == NULL)
        continue;
      if (g_ascii_strcasecmp (value, "ON") == 0)
        powers->power[index] = 1;
      else if (g_ascii_strcasecmp (value, "OFF") == 0)
        powers->power[index] = 0;
      else
        continue;
      powers->n_power = MAX (powers->n_power, index);
    }
}

static int
mired_to_kelvin (gint64 mired)
{
  return (int) lround (1000000.0 / (double) mired);
}

/* Dimmer, CT, HSBColor/Color of a light into @control; with
 * @set_capabilities also what the light can do. */
static void
apply_light_fields (HearthControl *control,
                    JsonObject    *object,
                    gboolean       set_capabilities)
{
  gint64 dimmer = hearth_json_get_int (object, "Dimmer", -1);
  gint64 ct = hearth_json_get_int (object, "CT", -1);
  const char *hsb = hearth_json_get_string (object, "HSBColor", NULL);
  int hue, saturation, brightness;
  int rgb = -1;
  guint channels;

  channels = parse_color (hearth_json_get_string (object, "Color", NULL), &rgb);

  if (set_capabilities)
    {
      HearthCapabilities caps = HEARTH_CAPABILITY_ON_OFF | HEARTH_CAPABILITY_BRIGHTNESS;

      if (ct >= 0)
        caps |= HEARTH_CAPABILITY_TEMPERATURE;
      if (channels >= 3)
        caps |= HEARTH_CAPABILITY_COLOR;
      hearth_control_set_capabilities (control, caps);
      if (ct >= 0)
        hearth_control_set_temperature_range (control,
                                              mired_to_kelvin (HEARTH_TASMOTA_CT_MAX),
                                              mired_to_kelvin (HEARTH_TASMOTA_CT_MIN));
    }

  if (dimmer >= 0)
    hearth_control_set_brightness (control, (int) MIN (dimmer, 100));
  if (ct > 0)
    hearth_control_set_temperature (control,
                                    mired_to_kelvin (CLAMP (ct, HEARTH_TASMOTA_CT_MIN,
                                                            HEARTH_TASMOTA_CT_MAX)));
  if (parse_hsb (hsb, &hue, &saturation, &brightness))
    hearth_control_set_color (control, hearth_color_from_hsv (hue, saturation, 100));
  else if (channels >= 3)
    {
      double h, s;

      /* Color is scaled by the dimmer: the hue at full value */
      hearth_color_to_hsv (rgb, &h, &s, NULL);
      hearth_control_set_color (control, rgb == 0 ? 0xffffff : hearth_color_from_hsv (h, s, 100));
    }
}

static char *
numbered_name (HearthDevice *device,
               guint         index)
{
  const char *name = hearth_device_get_name (device);

  if (!hearth_tasmota_text_is_set (name))
    name = "Tasmota";
  if (index <= 1)
    return g_strdup (name);
  return g_strdup_printf ("%s %u", name, index);
}

static const char *
relay_name (JsonObject *status,
            guint       index)
{
  JsonArray *names = status != NULL ? hearth_json_get_array (status, "FriendlyName") : NULL;
  JsonNode *node;

  if (names == NULL || index > json_array_get_length (names))
    return NULL;
  node = json_array_get_element (names, index - 1);
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING &&
      *json_node_get_string (node) != '\0')
    return json_node_get_string (node);
  return NULL;
}

static guint
count_shutters (HearthDevice *device)
{
  GListModel *controls = hearth_device_get_controls (device);
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (controls); i++)
    {
      g_autoptr(HearthControl) control = g_list_model_get_item (controls, i);
      guint index;

      if (hearth_tasmota_parse_shutter_id (hearth_control_get_id (control), &index))
        n = MAX (n, index);
    }

  return n;
}

/* Removes the controls @drop says to */
static void
remove_controls (HearthDevice *device,
                 gboolean    (*drop) (const char *id, gpointer data),
                 gpointer      data)
{
  GListModel *controls = hearth_device_get_controls (device);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < g_list_model_get_n_items (controls); i++)
    {
      g_autoptr(HearthControl) control = g_list_model_get_item (controls, i);

      if (drop (hearth_control_get_id (control), data))
        g_ptr_array_add (ids, g_strdup (hearth_control_get_id (control)));
    }

  for (guint i = 0; i < ids->len; i++)
    hearth_device_remove_control (device, g_ptr_array_index (ids, i));
}

static gboolean
drop_unseen_power (const char *id,
                   gpointer    data)
{
  GHashTable *seen = data;
  guint index;

  return hearth_tasmota_parse_power_id (id, &index) && !g_hash_table_contains (seen, id);
}

static gboolean
drop_unseen_sns (const char *id,
                 gpointer    data)
{
  GHashTable *seen = data;
  guint index;

  return (strchr (id, '/') != NULL || hearth_tasmota_parse_shutter_id (id, &index)) &&
         !g_hash_table_contains (seen, id);
}

/* The shutters StatusSNS lists: the highest Shutter<n> with a position */
static guint
count_sns_shutters (JsonObject *sns)
{
  JsonObjectIter iter;
  const char *member;
  JsonNode *node;
  guint n = 0;

  json_object_iter_init (&iter, sns);
  while (json_object_iter_next (&iter, &member, &node))
    {
      g_autofree char *lower = g_ascii_strdown (member, -1);
      guint index;

      if (JSON_NODE_HOLDS_OBJECT (node) &&
          hearth_tasmota_parse_shutter_id (lower, &index) &&
          hearth_json_get_int (json_node_get_object (node), "Position", -1) >= 0)
        n = MAX (n, index);
    }

  return n;
}

/* @hidden: how many relays (from 1) drive shutters */
static void
apply_sts (HearthDevice *device,
           JsonObject   *sts,
           JsonObject   *status,
           guint         hidden)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  Powers powers;

  collect_powers (sts, &powers);

  for (guint i = 1; i <= powers.n_power; i++)
    {
      g_autofree char *id = NULL;
      g_autofree char *fallback = NULL;
      HearthControlKind kind;
      HearthControl *control;
      const char *name;

      if (powers.power[i] < 0 || i <= hidden)
        continue;

      id = g_strdup_printf ("power%u", i);
      kind = powers.has_dimmer && i == powers.n_power ? HEARTH_CONTROL_KIND_LIGHT
                                                      : HEARTH_CONTROL_KIND_SWITCH;
      control = hearth_device_find_control (device, id);
      if (control != NULL && hearth_control_get_kind (control) != kind)
        {
          hearth_device_remove_control (device, id);
          control = NULL;
        }

      name = relay_name (status, i);
      if (name == NULL && control != NULL)
        name = hearth_control_get_name (control);
      if (name == NULL)
        name = fallback = numbered_name (device, i);

      control = hearth_device_ensure_control (device, id, kind, name);
      if (g_strcmp0 (hearth_control_get_name (control), name) != 0)
        hearth_control_set_name (control, name);
      if (kind == HEARTH_CONTROL_KIND_LIGHT)
        apply_light_fields (control, sts, TRUE);
      else
        hearth_control_set_capabilities (control, HEARTH_CAPABILITY_ON_OFF);
      hearth_control_set_on (control, powers.power[i] == 1);

      g_hash_table_add (seen, g_steal_pointer (&id));
    }

  remove_controls (device, drop_unseen_power, seen);
}

static HearthCoverState
cover_state (gint64 position,
             gint64 direction)
{
  if (direction > 0)
    return HEARTH_COVER_STATE_OPENING;
  if (direction < 0)
    return HEARTH_COVER_STATE_CLOSING;
  if (position >= 100)
    return HEARTH_COVER_STATE_OPEN;
  if (position <= 0)
    return HEARTH_COVER_STATE_CLOSED;
  return HEARTH_COVER_STATE_STOPPED;
}

static void
apply_shutter (HearthControl *control,
               JsonObject    *shutter)
{
  gint64 position = hearth_json_get_int (shutter, "Position", -1);
  gint64 direction = hearth_json_get_int (shutter, "Direction", 0);

  if (position < 0)
    return;
  position = MIN (position, 100);
  hearth_control_set_position (control, (int) position);
  hearth_control_set_cover_state (control, cover_state (position, direction));
}

static void
add_sensor (HearthDevice *device,
            GHashTable   *seen,
            const char   *sensor,
            const char   *quantity,
            const char   *label,
            const char   *unit,
            double        value)
{
  g_autofree char *lower = g_ascii_strdown (sensor, -1);
  g_autofree char *id = g_strdup_printf ("%s/%s", lower, quantity);
  g_autofree char *name = NULL;
  const char *device_name = hearth_device_get_name (device);

  if (!hearth_tasmota_text_is_set (device_name))
    device_name = "Tasmota";
  if (g_ascii_strcasecmp (sensor, "ENERGY") == 0)
    name = g_strdup_printf ("%s %s", device_name, label);
  else
    name = g_strdup_printf ("%s %s (%s)", device_name, label, sensor);

  hearth_sensor_update (device, seen, id, name, value, unit, quantity);
}

/* A number; or, where a meter has several channels ("Power":[12,0]),
 * their sum */
static gboolean
get_number (JsonObject *object,
            const char *member,
            double     *value)
{
  JsonArray *array = hearth_json_get_array (object, member);

  if (array != NULL)
    {
      guint n = json_array_get_length (array);
      double sum = 0;

      if (n == 0)
        return FALSE;
      for (guint i = 0; i < n; i++)
        {
          JsonNode *node = json_array_get_element (array, i);
          GType type;

          if (!JSON_NODE_HOLDS_VALUE (node))
            return FALSE;
          type = json_node_get_value_type (node);
          if (type == G_TYPE_INT64)
            sum += (double) json_node_get_int (node);
          else if (type == G_TYPE_DOUBLE)
            sum += json_node_get_double (node);
          else
            return FALSE;
        }
      *value = sum;
      return isfinite (sum);
    }

  if (!hearth_json_has (object, member, JSON_NODE_VALUE))
    return FALSE;
  *value = hearth_json_get_double (object, member, NAN);
  return isfinite (*value);
}

static void
apply_sns (HearthDevice *device,
           JsonObject   *sns)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const char *temp_unit = hearth_json_get_string (sns, "TempUnit", "C");
  const char *degrees = g_ascii_strcasecmp (temp_unit, "F") == 0 ? "°F" : "°C";
  JsonObjectIter iter;
  const char *member;
  JsonNode *node;

  json_object_iter_init (&iter, sns);
  while (json_object_iter_next (&iter, &member, &node))
    {
      JsonObject *sensor;
      double value;
      guint index;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      sensor = json_node_get_object (node);

      {
        g_autofree char *lower = g_ascii_strdown (member, -1);

        if (hearth_tasmota_parse_shutter_id (lower, &index))
          {
            g_autofree char *id = g_strdup_printf ("shutter%u", index);
            g_autofree char *name = numbered_name (device, index);
            HearthControl *control;

            if (hearth_json_get_int (sensor, "Position", -1) < 0)
              continue;
            control = hearth_device_ensure_control (device, id, HEARTH_CONTROL_KIND_COVER, name);
            hearth_control_set_capabilities (control, HEARTH_CAPABILITY_POSITION);
            apply_shutter (control, sensor);
            g_hash_table_add (seen, g_steal_pointer (&id));
            continue;
          }
      }

      if (g_ascii_strcasecmp (member, "ENERGY") == 0)
        {
          if (get_number (sensor, "Power", &value))
            add_sensor (device, seen, member, "power", "Power", "W", value);
          if (get_number (sensor, "Total", &value))
            add_sensor (device, seen, member, "energy", "Energy", "kWh", value);
          if (get_number (sensor, "Voltage", &value))
            add_sensor (device, seen, member, "voltage", "Voltage", "V", value);
          continue;
        }

      if (get_number (sensor, "Temperature", &value))
        add_sensor (device, seen, member, "temperature", "Temperature", degrees, value);
      if (get_number (sensor, "Humidity", &value))
        add_sensor (device, seen, member, "humidity", "Humidity", "%", value);
    }

  remove_controls (device, drop_unseen_sns, seen);
}

static gboolean
check_section (JsonObject  *object,
               const char  *member,
               GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node != NULL && !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD,
                   "The Tasmota status has a “%s” that is not an object", member);
      return FALSE;
    }
  return TRUE;
}

gboolean
hearth_tasmota_parse_status (JsonNode      *root,
                             HearthDevice  *device,
                             GError       **error)
{
  JsonObject *object;
  JsonObject *sts;
  JsonObject *sns;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD,
                           "The Tasmota status is not a JSON object");
      return FALSE;
    }

  object = json_node_get_object (root);
  if (!check_section (object, "Status", error) ||
      !check_section (object, "StatusSTS", error) ||
      !check_section (object, "StatusSNS", error))
    return FALSE;

  sts = hearth_json_get_object (object, "StatusSTS");
  sns = hearth_json_get_object (object, "StatusSNS");
  if (sts == NULL && sns == NULL)
    {
      g_set_error_literal (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD,
                           "The Tasmota status has neither StatusSTS nor StatusSNS");
      return FALSE;
    }

  /* Relays first (the order tiles come in), but those that drive a
   * shutter are not switches: StatusSNS tells, else the shutters known */
  if (sts != NULL)
    apply_sts (device, sts, hearth_json_get_object (object, "Status"),
               2 * (sns != NULL ? count_sns_shutters (sns) : count_shutters (device)));
  if (sns != NULL)
    apply_sns (device, sns);

  return TRUE;
}

static HearthControl *
find_light (HearthDevice *device)
{
  GListModel *controls = hearth_device_get_controls (device);

  for (guint i = 0; i < g_list_model_get_n_items (controls); i++)
    {
      g_autoptr(HearthControl) control = g_list_model_get_item (controls, i);

      if (hearth_control_get_kind (control) == HEARTH_CONTROL_KIND_LIGHT)
        return control;  /* the device keeps its own reference */
    }

  return NULL;
}

gboolean
hearth_tasmota_parse_result (JsonNode      *root,
                             HearthDevice  *device,
                             gboolean      *has_state,
                             GError       **error)
{
  JsonObject *object;
  JsonObjectIter iter;
  const char *member;
  JsonNode *node;
  HearthControl *light;
  Powers powers;
  gboolean state = FALSE;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD,
                           "The Tasmota answer is not a JSON object");
      return FALSE;
    }
  object = json_node_get_object (root);

  collect_powers (object, &powers);
  for (guint i = 1; i <= powers.n_power; i++)
    {
      g_autofree char *id = g_strdup_printf ("power%u", i);
      HearthControl *control = hearth_device_find_control (device, id);

      if (powers.power[i] < 0)
        continue;
      state = TRUE;
      if (control != NULL)
        hearth_control_set_on (control, powers.power[i] == 1);
    }

  light = find_light (device);
  if (hearth_json_has (object, "Dimmer", JSON_NODE_VALUE) ||
      hearth_json_has (object, "CT", JSON_NODE_VALUE) ||
      hearth_json_has (object, "HSBColor", JSON_NODE_VALUE) ||
      hearth_json_has (object, "Color", JSON_NODE_VALUE))
    {
      state = TRUE;
      if (light != NULL)
        apply_light_fields (light, object, FALSE);
    }

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &member, &node))
    {
      g_autofree char *lower = g_ascii_strdown (member, -1);
      g_autofree char *id = NULL;
      HearthControl *control;
      guint index;

      if (JSON_NODE_HOLDS_OBJECT (node) && hearth_tasmota_parse_shutter_id (lower, &index))
        {
          id = g_strdup_printf ("shutter%u", index);
          state = TRUE;
          control = hearth_device_find_control (device, id);
          if (control != NULL)
            apply_shutter (control, json_node_get_object (node));
        }
      else if (JSON_NODE_HOLDS_VALUE (node) &&
               hearth_tasmota_parse_index (lower, "shutterposition", &index))
        {
          gint64 position = hearth_json_get_int (object, member, -1);

          id = g_strdup_printf ("shutter%u", index);
          control = hearth_device_find_control (device, id);
          if (position >= 0)
            {
              state = TRUE;
              if (control != NULL)
                hearth_control_set_position (control, (int) MIN (position, 100));
            }
        }
    }

  if (has_state != NULL)
    *has_state = state;
  return TRUE;
}
