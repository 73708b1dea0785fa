/* hearth-esphome-parse.c: ESPHome web server JSON to the model and back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every entity is one control, keyed by the id the firmware gives it
 * (name_id first, then id: "light/Living Room", or "light-living_room" on
 * firmware before 2026.1), so that the URL for it can always be built
 * back from the control id alone. How the entity kinds map to controls:
 *
 *   switch         switch (on/off)
 *   light          light: brightness 0–255 ↔ 0–100 %, color r/g/b ↔ 0xRRGGBB,
 *                  color_temp mireds ↔ Kelvin (min_mireds/max_mireds when the
 *                  payload has them, else 153–500), effects when listed
 *   cover          cover: position 0.0–1.0 ↔ 0–100, current_operation
 *   fan            switch (on/off only: Hearth has no speed control, and
 *                  showing the speed as a brightness would be a lie)
 *   sensor         sensor: value, unit ("uom", else the text after the
 *                  number in "state", like "19.8 °C"), quantity from the unit
 *   binary_sensor  sensor with the value 0 or 1, the empty unit
 *   button         a momentary switch: it reads off; "on" presses it
 *   select         a switch with effects only: the options are the effects,
 *                  the current option the effect; no on/off
 *
 * Other kinds (text sensors, numbers, locks, …) are skipped.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "hearth-change.h"
#include "hearth-control.h"
#include "hearth-device.h"
#include "hearth-error.h"
#include "hearth-json.h"

#include "hearth-esphome-parse.h"

#define DEFAULT_MIRED_MIN 153
#define DEFAULT_MIRED_MAX 500

static gboolean
is_domain_char (char c)
{
  return (c >= 'a' && c <= 'z') || c == '_';
}

gboolean
hearth_esphome_split_id (const char  *id,
                         char       **domain,
                         char       **rest,
                         gboolean    *legacy)
{
  const char *p;

  if (id == NULL)
    return FALSE;

  for (p = id; is_domain_char (*p); p++)
    ;

  if (p == id || (*p != '/' && *p != '-') || p[1] == '\0')
    return FALSE;

  if (domain != NULL)
    *domain = g_strndup (id, p - id);
  if (rest != NULL)
    *rest = g_strdup (p + 1);
  if (legacy != NULL)
    *legacy = (*p == '-');
  return TRUE;
}

char *
hearth_esphome_build_path (const char  *id,
                           const char  *action,
                           GError     **error)
{
  g_autofree char *domain = NULL;
  g_autofree char *rest = NULL;
  gboolean legacy = FALSE;
  GString *path;

  if (!hearth_esphome_split_id (id, &domain, &rest, &legacy))
    {
      g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_INVALID,
                   "“%s” is not an ESPHome entity id", id ? id : "");
      return NULL;
    }

  path = g_string_new ("/");
  g_string_append (path, domain);

  if (legacy)
    {
      g_autofree char *escaped = g_uri_escape_string (rest, NULL, FALSE);

      g_string_append_c (path, '/');
      g_string_append (path, escaped);
    }
  else
    {
      /* A sub-device's entity is "device/name": two segments */
      g_auto(GStrv) segments = g_strsplit (rest, "/", 2);

      for (guint i = 0; segments[i] != NULL; i++)
        {
          g_autofree char *escaped = g_uri_escape_string (segments[i], NULL, FALSE);

          g_string_append_c (path, '/');
          g_string_append (path, escaped);
        }
    }

  if (action != NULL)
    {
      g_string_append_c (path, '/');
      g_string_append (path, action);
    }

  return g_string_free (path, FALSE);
}

const char *
hearth_esphome_payload_id (JsonObject *object)
{
  const char *id;

  if (object == NULL)
    return NULL;

  id = hearth_json_get_string (object, "name_id", NULL);
  if (id != NULL && hearth_esphome_split_id (id, NULL, NULL, NULL))
    return id;

  id = hearth_json_get_string (object, "id", NULL);
  if (id != NULL && hearth_esphome_split_id (id, NULL, NULL, NULL))
    return id;

  return NULL;
}

char *
hearth_esphome_control_domain (const char *control_id)
{
  char *domain = NULL;

  if (!hearth_esphome_split_id (control_id, &domain, NULL, NULL))
    return NULL;
  return domain;
}

/* The name a person sees: "name" when the payload has it, else the
 * configured name from a new id, else the object id made readable. */
static char *
entity_name (JsonObject *object,
             const char *rest,
             gboolean    legacy)
{
  const char *name = hearth_json_get_string (object, "name", NULL);

  if (name != NULL && *name != '\0')
    return g_strdup (name);

  if (!legacy)
    {
      const char *slash = strrchr (rest, '/');

      return g_strdup (slash != NULL && slash[1] != '\0' ? slash + 1 : rest);
    }
  else
    {
      char *readable = g_strdup (rest);

      g_strdelimit (readable, "_", ' ');
      readable[0] = g_ascii_toupper (readable[0]);
      return readable;
    }
}

/* "ON"/"OFF" in "state", or a boolean "value" */
static gboolean
read_on (JsonObject *object,
         gboolean   *on)
{
  const char *state = hearth_json_get_string (object, "state", NULL);

  if (state != NULL)
    {
      if (g_ascii_strcasecmp (state, "ON") == 0)
        {
          *on = TRUE;
          return TRUE;
        }
      if (g_ascii_strcasecmp (state, "OFF") == 0)
        {
          *on = FALSE;
          return TRUE;
        }
    }

  if (hearth_json_has (object, "value", JSON_NODE_VALUE))
    {
      JsonNode *value = json_object_get_member (object, "value");

      if (json_node_get_value_type (value) == G_TYPE_BOOLEAN)
        {
          *on = json_node_get_boolean (value);
          return TRUE;
        }
    }

  return FALSE;
}

static int
clamp_round (double value,
             int    min,
             int    max)
{
  if (isnan (value))
    return min;
  return CLAMP ((int) lround (value), min, max);
}

static int
mired_to_kelvin (double mired)
{
  if (!(mired > 0))
    return -1;
  return (int) lround (1000000.0 / mired);
}

static gboolean
has_number (JsonObject *object,
            const char *member)
{
  JsonNode *node;
  GType type;

  if (!hearth_json_has (object, member, JSON_NODE_VALUE))
    return FALSE;
  node = json_object_get_member (object, member);
  type = json_node_get_value_type (node);
  return type == G_TYPE_INT64 || type == G_TYPE_DOUBLE;
}

/* A JSON array of strings as a NULL-terminated vector; NULL if none */
static GStrv
string_list (JsonObject *object,
             const char *member)
{
  JsonArray *array = hearth_json_get_array (object, member);
  g_autoptr(GStrvBuilder) builder = NULL;

  if (array == NULL)
    return NULL;

  builder = g_strv_builder_new ();
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        g_strv_builder_add (builder, json_node_get_string (node));
    }
  return g_strv_builder_end (builder);
}

static void
apply_light (HearthControl *control,
             JsonObject    *object)
{
  HearthCapabilities caps = hearth_control_get_capabilities (control) | HEARTH_CAPABILITY_ON_OFF;
  JsonObject *color = hearth_json_get_object (object, "color");
  g_auto(GStrv) effects = string_list (object, "effects");
  gboolean on;

  if (read_on (object, &on))
    hearth_control_set_on (control, on);

  if (has_number (object, "brightness"))
    {
      double brightness = hearth_json_get_double (object, "brightness", 0);

      caps |= HEARTH_CAPABILITY_BRIGHTNESS;
      hearth_control_set_brightness (control, clamp_round (brightness * 100.0 / 255.0, 0, 100));
    }

  if (color != NULL && has_number (color, "r") && has_number (color, "g") && has_number (color, "b"))
    {
      int r = clamp_round (hearth_json_get_double (color, "r", 0), 0, 255);
      int g = clamp_round (hearth_json_get_double (color, "g", 0), 0, 255);
      int b = clamp_round (hearth_json_get_double (color, "b", 0), 0, 255);

      caps |= HEARTH_CAPABILITY_COLOR;
      hearth_control_set_color (control, (r << 16) | (g << 8) | b);
    }

  if (has_number (object, "color_temp"))
    {
      double min_mired = hearth_json_get_double (object, "min_mireds", DEFAULT_MIRED_MIN);
      double max_mired = hearth_json_get_double (object, "max_mireds", DEFAULT_MIRED_MAX);
      int kelvin = mired_to_kelvin (hearth_json_get_double (object, "color_temp", 0));

      if (!(min_mired > 0) || !(max_mired > min_mired))
        {
          min_mired = DEFAULT_MIRED_MIN;
          max_mired = DEFAULT_MIRED_MAX;
        }

      caps |= HEARTH_CAPABILITY_TEMPERATURE;
      hearth_control_set_temperature_range (control, mired_to_kelvin (max_mired),
                                            mired_to_kelvin (min_mired));
      if (kelvin > 0)
        hearth_control_set_temperature (control,
                                        CLAMP (kelvin,
                                               hearth_control_get_temperature_min (control),
                                               hearth_control_get_temperature_max (control)));
    }

  if (effects != NULL && effects[0] != NULL)
    {
      caps |= HEARTH_CAPABILITY_EFFECT;
      hearth_control_set_effects (control, (const char * const *) effects);
    }

  if (hearth_json_get_string (object, "effect", NULL) != NULL)
    hearth_control_set_effect (control, hearth_json_get_string (object, "effect", NULL));

  hearth_control_set_capabilities (control, caps);
}

static void
apply_cover (HearthControl *control,
             JsonObject    *object)
{
  HearthCapabilities caps = hearth_control_get_capabilities (control);
  const char *state = hearth_json_get_string (object, "state", NULL);
  const char *operation = hearth_json_get_string (object, "current_operation", "IDLE");
  int position = -1;

  if (has_number (object, "position"))
    {
      caps |= HEARTH_CAPABILITY_POSITION;
      position = clamp_round (hearth_json_get_double (object, "position", 0) * 100.0, 0, 100);
    }
  else if (has_number (object, "value"))
    {
      position = clamp_round (hearth_json_get_double (object, "value", 0) * 100.0, 0, 100);
    }
  else if (state != NULL)
    {
      if (g_ascii_strcasecmp (state, "OPEN") == 0)
        position = 100;
      else if (g_ascii_strcasecmp (state, "CLOSED") == 0)
        position = 0;
    }

  if (position >= 0)
    hearth_control_set_position (control, position);

  if (g_ascii_strcasecmp (operation, "OPENING") == 0)
    hearth_control_set_cover_state (control, HEARTH_COVER_STATE_OPENING);
  else if (g_ascii_strcasecmp (operation, "CLOSING") == 0)
    hearth_control_set_cover_state (control, HEARTH_COVER_STATE_CLOSING);
  else if (position == 0 || g_strcmp0 (state, "CLOSED") == 0)
    hearth_control_set_cover_state (control, HEARTH_COVER_STATE_CLOSED);
  else if (position == 100)
    hearth_control_set_cover_state (control, HEARTH_COVER_STATE_OPEN);
  else
    hearth_control_set_cover_state (control, HEARTH_COVER_STATE_STOPPED);

  hearth_control_set_capabilities (control, caps);
}

/* "°C" in "19.8 °C": what follows the number */
static char *
unit_from_state (const char *state)
{
  const char *space;

  if (state == NULL || (space = strchr (state, ' ')) == NULL)
    return NULL;

  space++;
  if (*space == '\0' || !g_utf8_validate (space, -1, NULL))
    return NULL;
  return g_strdup (space);
}

static const char *
quantity_for_unit (const char *unit,
                   const char *name)
{
  g_autofree char *lower = name ? g_utf8_strdown (name, -1) : g_strdup ("");

  if (unit == NULL)
    return NULL;
  if (g_str_equal (unit, "°C") || g_str_equal (unit, "°F") || g_str_equal (unit, "K"))
    return "temperature";
  if (g_str_equal (unit, "W") || g_str_equal (unit, "kW"))
    return "power";
  if (g_str_equal (unit, "kWh") || g_str_equal (unit, "Wh"))
    return "energy";
  if (g_str_equal (unit, "V"))
    return "voltage";
  if (g_str_equal (unit, "%"))
    {
      if (strstr (lower, "batt") != NULL)
        return "battery";
      if (strstr (lower, "humid") != NULL)
        return "humidity";
    }
  return NULL;
}

static void
apply_sensor (HearthControl *control,
              JsonObject    *object)
{
  const char *uom = hearth_json_get_string (object, "uom", NULL);
  g_autofree char *unit = uom != NULL && *uom != '\0' ? g_strdup (uom)
                                                      : unit_from_state (hearth_json_get_string (object, "state", NULL));

  hearth_control_set_capabilities (control, HEARTH_CAPABILITY_VALUE);
  /* A reading without a unit (a count) has the empty one */
  hearth_control_set_unit (control, unit != NULL ? unit : "");
  hearth_control_set_quantity (control, quantity_for_unit (unit, hearth_control_get_name (control)));

  /* A sensor without a reading yet says "NA" and has no number (or NaN,
   * which JSON cannot carry): keep the last value. */
  if (has_number (object, "value"))
    {
      double value = hearth_json_get_double (object, "value", 0);

      if (isfinite (value))
        hearth_control_set_value (control, value);
    }
}

static void
apply_binary_sensor (HearthControl *control,
                     JsonObject    *object)
{
  gboolean on;

  hearth_control_set_capabilities (control, HEARTH_CAPABILITY_VALUE);
  hearth_control_set_unit (control, "");
  if (read_on (object, &on))
    hearth_control_set_value (control, on ? 1 : 0);
}

static void
apply_select (HearthControl *control,
              JsonObject    *object)
{
  g_auto(GStrv) options = string_list (object, "option");
  const char *value = hearth_json_get_string (object, "value", NULL);

  if (value == NULL)
    value = hearth_json_get_string (object, "state", NULL);

  hearth_control_set_capabilities (control, HEARTH_CAPABILITY_EFFECT);
  if (options != NULL && options[0] != NULL)
    hearth_control_set_effects (control, (const char * const *) options);
  if (value != NULL)
    hearth_control_set_effect (control, value);
}

HearthControl *
hearth_esphome_apply_state (JsonNode      *root,
                            HearthDevice  *device,
                            GError       **error)
{
  JsonObject *object;
  const char *id;
  g_autofree char *domain = NULL;
  g_autofree char *rest = NULL;
  g_autofree char *name = NULL;
  gboolean legacy = FALSE;
  HearthControlKind kind;
  HearthControl *control;
  gboolean on;

  g_return_val_if_fail (HEARTH_IS_DEVICE (device), NULL);

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD,
                   "An ESPHome state is not a JSON object");
      return NULL;
    }

  object = json_node_get_object (root);
  id = hearth_esphome_payload_id (object);
  if (id == NULL)
    {
      g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD,
                   "An ESPHome state has no entity id");
      return NULL;
    }

  hearth_esphome_split_id (id, &domain, &rest, &legacy);

  if (g_str_equal (domain, "light"))
    kind = HEARTH_CONTROL_KIND_LIGHT;
  else if (g_str_equal (domain, "cover"))
    kind = HEARTH_CONTROL_KIND_COVER;
  else if (g_str_equal (domain, "sensor") || g_str_equal (domain, "binary_sensor"))
    kind = HEARTH_CONTROL_KIND_SENSOR;
  else if (g_str_equal (domain, "switch") || g_str_equal (domain, "fan") ||
           g_str_equal (domain, "button") || g_str_equal (domain, "select"))
    kind = HEARTH_CONTROL_KIND_SWITCH;
  else
    {
      g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED,
                   "Hearth does not show ESPHome %s entities", domain);
      return NULL;
    }

  name = entity_name (object, rest, legacy);
  control = hearth_device_find_control (device, id);
  if (control != NULL && hearth_control_get_kind (control) != kind)
    {
      hearth_device_remove_control (device, id);
      control = NULL;
    }
  if (control == NULL)
    control = hearth_device_ensure_control (device, id, kind, name);
  else if (hearth_json_get_string (object, "name", NULL) != NULL)
    hearth_control_set_name (control, name);

  if (g_str_equal (domain, "light"))
    apply_light (control, object);
  else if (g_str_equal (domain, "cover"))
    apply_cover (control, object);
  else if (g_str_equal (domain, "sensor"))
    apply_sensor (control, object);
  else if (g_str_equal (domain, "binary_sensor"))
    apply_binary_sensor (control, object);
  else if (g_str_equal (domain, "select"))
    apply_select (control, object);
  else if (g_str_equal (domain, "button"))
    {
      hearth_control_set_capabilities (control, HEARTH_CAPABILITY_ON_OFF);
      hearth_control_set_on (control, FALSE);
    }
  else
    {
      /* switch, fan */
      hearth_control_set_capabilities (control, HEARTH_CAPABILITY_ON_OFF);
      if (read_on (object, &on))
        hearth_control_set_on (control, on);
    }

  return control;
}

static void
add_param (GString    *query,
           const char *key,
           const char *value)
{
  g_autofree char *escaped = g_uri_escape_string (value, NULL, FALSE);

  g_string_append_c (query, query->len == 0 ? '?' : '&');
  g_string_append_printf (query, "%s=%s", key, escaped);
}

static void
add_int_param (GString    *query,
               const char *key,
               int         value)
{
  g_autofree char *text = g_strdup_printf ("%d", value);

  add_param (query, key, text);
}

static char *
path_with_query (const char  *id,
                 const char  *action,
                 GString     *query,
                 GError     **error)
{
  g_autofree char *path = hearth_esphome_build_path (id, action, error);

  if (path == NULL)
    return NULL;
  return g_strconcat (path, query != NULL ? query->str : "", NULL);
}

static char *
unsupported (HearthControl  *control,
             const char     *what,
             GError        **error)
{
  g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED,
               "“%s” cannot %s", hearth_control_get_name (control), what);
  return NULL;
}

char *
hearth_esphome_build_change (HearthControl       *control,
                             const HearthChange  *change,
                             GError             **error)
{
  const char *id = hearth_control_get_id (control);
  g_autofree char *domain = hearth_esphome_control_domain (id);
  g_autoptr(GString) query = g_string_new (NULL);

  if (domain == NULL)
    {
      g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_NOT_FOUND,
                   "“%s” is not an ESPHome entity", id);
      return NULL;
    }

  if (g_str_equal (domain, "light"))
    {
      if ((change->fields & HEARTH_CHANGE_ON) && !change->on)
        return path_with_query (id, "turn_off", NULL, error);

      if (change->fields & HEARTH_CHANGE_BRIGHTNESS)
        add_int_param (query, "brightness",
                       clamp_round (CLAMP (change->brightness, 0, 100) * 255.0 / 100.0, 0, 255));
      if (change->fields & HEARTH_CHANGE_COLOR)
        {
          add_int_param (query, "r", (change->color >> 16) & 0xff);
          add_int_param (query, "g", (change->color >> 8) & 0xff);
          add_int_param (query, "b", change->color & 0xff);
        }
      if ((change->fields & HEARTH_CHANGE_TEMPERATURE) && change->temperature > 0)
        add_int_param (query, "color_temp", mired_to_kelvin (change->temperature));
      if ((change->fields & HEARTH_CHANGE_EFFECT) && change->effect != NULL)
        add_param (query, "effect", change->effect);

      if (query->len == 0 && !(change->fields & HEARTH_CHANGE_ON))
        return unsupported (control, "make that change", error);
      return path_with_query (id, "turn_on", query, error);
    }

  if (g_str_equal (domain, "switch") || g_str_equal (domain, "fan"))
    {
      if (!(change->fields & HEARTH_CHANGE_ON))
        return unsupported (control, "do more than turn on and off", error);
      return path_with_query (id, change->on ? "turn_on" : "turn_off", NULL, error);
    }

  if (g_str_equal (domain, "button"))
    {
      if (!(change->fields & HEARTH_CHANGE_ON) || !change->on)
        return unsupported (control, "be turned off: a button is only pressed", error);
      return path_with_query (id, "press", NULL, error);
    }

  if (g_str_equal (domain, "cover"))
    {
      if (change->fields & HEARTH_CHANGE_POSITION)
        {
          char number[G_ASCII_DTOSTR_BUF_SIZE];

          g_ascii_formatd (number, sizeof number, "%.2f",
                           CLAMP (change->position, 0, 100) / 100.0);
          add_param (query, "position", number);
          return path_with_query (id, "set", query, error);
        }
      if (change->fields & HEARTH_CHANGE_COVER)
        {
          switch (change->cover)
            {
            case HEARTH_COVER_ACTION_OPEN:
              return path_with_query (id, "open", NULL, error);
            case HEARTH_COVER_ACTION_CLOSE:
              return path_with_query (id, "close", NULL, error);
            case HEARTH_COVER_ACTION_STOP:
            default:
              return path_with_query (id, "stop", NULL, error);
            }
        }
      return unsupported (control, "make that change", error);
    }

  if (g_str_equal (domain, "select"))
    {
      if (!(change->fields & HEARTH_CHANGE_EFFECT) || change->effect == NULL)
        return unsupported (control, "do more than choose an option", error);
      add_param (query, "option", change->effect);
      return path_with_query (id, "set", query, error);
    }

  return unsupported (control, "be changed", error);
}

char *
hearth_esphome_normalize_mac (const char *mac)
{
  GString *out;

  if (mac == NULL)
    return NULL;

  out = g_string_new (NULL);
  for (const char *p = mac; *p != '\0'; p++)
    {
      if (g_ascii_isxdigit (*p))
        g_string_append_c (out, g_ascii_tolower (*p));
      else if (*p != ':' && *p != '-')
        break;
    }

  if (out->len != 12 || mac[strspn (mac, "0123456789abcdefABCDEF:-")] != '\0')
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

static const char *
txt_lookup (const char * const *txt,
            const char         *key)
{
  gsize len = strlen (key);

  for (guint i = 0; txt != NULL && txt[i] != NULL; i++)
    {
      if (g_ascii_strncasecmp (txt[i], key, len) == 0 && txt[i][len] == '=')
        return txt[i] + len + 1;
    }
  return NULL;
}

HearthDevice *
hearth_esphome_device_from_txt (const char * const  *txt,
                                const char          *fallback_name,
                                GError             **error)
{
  g_autofree char *id = hearth_esphome_normalize_mac (txt_lookup (txt, "mac"));
  const char *name = txt_lookup (txt, "friendly_name");
  const char *board = txt_lookup (txt, "board");
  const char *platform = txt_lookup (txt, "platform");
  const char *version = txt_lookup (txt, "version");
  const char *project = txt_lookup (txt, "project_name");
  HearthDevice *device;

  if (id == NULL)
    {
      g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED,
                   "The ESPHome node announces no usable MAC address");
      return NULL;
    }

  device = hearth_device_new (id, "esphome");

  if (name == NULL || *name == '\0' || !g_utf8_validate (name, -1, NULL))
    name = fallback_name;
  hearth_device_set_name (device, name != NULL && *name != '\0' ? name : "ESPHome node");

  if (project != NULL && *project != '\0' && g_utf8_validate (project, -1, NULL))
    hearth_device_set_model (device, project);
  else if (board != NULL && platform != NULL && g_utf8_validate (board, -1, NULL) &&
           g_utf8_validate (platform, -1, NULL))
    {
      g_autofree char *model = g_strdup_printf ("%s (%s)", board, platform);

      hearth_device_set_model (device, model);
    }
  else
    hearth_device_set_model (device, "ESPHome");

  if (version != NULL && g_utf8_validate (version, -1, NULL))
    hearth_device_set_firmware (device, version);

  return device;
}
