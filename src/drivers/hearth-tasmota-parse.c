/* hearth-tasmota-parse.c: Tasmota command-API JSON to the model and back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything goes through GET /cm?cmnd=<command> (protocols.md §8).
 * `Status 0` holds the identity (Status, StatusFWR, StatusNET) and the
 * state: StatusSTS (POWER or POWER1..N as "ON"/"OFF"; for a light also
 * Dimmer 0–100, CT 153–500 mireds, Color "RRGGBB[WW[WW]]" and HSBColor
 * "h,s,b") and StatusSNS (ENERGY{Power,Total,Voltage,…}, sensors such as
 * DS18B20{Temperature} or AM2301{Temperature,Humidity} with TempUnit, and
 * Shutter<n>{Position,Direction,Target}). `Status 11` answers
 * {"StatusSTS":…}, `Status 10` {"StatusSNS":…}. A command answers with
 * the state it touched at the top level ({"POWER2":"ON"}).
 *
 * A light takes the power index after the relays, so on a device with a
 * dimmer the last POWER<n> is the light.
 *
 * Here: commands and URLs, answers checked, control ids, the identity and
 * changes to commands; the status and command answers into the model are
 * in hearth-tasmota-state.c.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hearth-change.h"
#include "hearth-color.h"
#include "hearth-control.h"
#include "hearth-device.h"
#include "hearth-error.h"
#include "hearth-json.h"

#include "hearth-tasmota-parse.h"
#include "hearth-tasmota-parse-private.h"

/* Commands and URLs */

char *
hearth_tasmota_build_path (const char *command,
                           const char *username,
                           const char *password)
{
  g_autofree char *cmnd = g_uri_escape_string (command, NULL, FALSE);

  if (password != NULL)
    {
      g_autofree char *user = NULL;
      g_autofree char *pass = g_uri_escape_string (password, NULL, FALSE);

      if (username == NULL || *username == '\0')
        username = HEARTH_TASMOTA_DEFAULT_USERNAME;
      user = g_uri_escape_string (username, NULL, FALSE);

      return g_strdup_printf ("/cm?user=%s&password=%s&cmnd=%s", user, pass, cmnd);
    }

  return g_strdup_printf ("/cm?cmnd=%s", cmnd);
}

gboolean
hearth_tasmota_check_answer (JsonNode  *root,
                             gboolean   sent_password,
                             GError   **error)
{
  JsonObject *object;
  const char *warning;
  const char *command;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD,
                           "The Tasmota answer is not a JSON object");
      return FALSE;
    }

  object = json_node_get_object (root);
  warning = hearth_json_get_string (object, "WARNING", NULL);
  if (warning != NULL && strstr (warning, "Need user=") != NULL)
    {
      /* HTTP 200 all the same: only the body tells */
      if (sent_password)
        g_set_error_literal (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PASSWORD,
                             "The Tasmota device refused the user name or password");
      else
        g_set_error_literal (error, HEARTH_ERROR, HEARTH_ERROR_NEEDS_PASSWORD,
                             "The Tasmota device needs its web password");
      return FALSE;
    }

  command = hearth_json_get_string (object, "Command", NULL);
  if (command != NULL &&
      (g_ascii_strcasecmp (command, "Unknown") == 0 ||
       g_ascii_strcasecmp (command, "Error") == 0))
    {
      g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_DEVICE,
                   "The Tasmota device answered “Command: %s”", command);
      return FALSE;
    }

  return TRUE;
}

/* Ids */

gboolean
hearth_tasmota_parse_index (const char *text,
                            const char *prefix,
                            guint      *index)
{
  guint64 value;

  if (text == NULL || !g_str_has_prefix (text, prefix))
    return FALSE;
  text += strlen (prefix);
  if (*text == '\0' || !g_ascii_isdigit (*text) ||
      !g_ascii_string_to_unsigned (text, 10, 1, HEARTH_TASMOTA_MAX_POWERS, &value, NULL))
    return FALSE;

  *index = (guint) value;
  return TRUE;
}

gboolean
hearth_tasmota_parse_power_id (const char *control_id,
                               guint      *index)
{
  return hearth_tasmota_parse_index (control_id, "power", index);
}

gboolean
hearth_tasmota_parse_shutter_id (const char *control_id,
                                 guint      *index)
{
  return hearth_tasmota_parse_index (control_id, "shutter", index);
}

/* Identity */

static char *
normalize_mac (const char *mac)
{
  GString *hex;

  if (mac == NULL)
    return NULL;

  hex = g_string_new (NULL);
  for (const char *p = mac; *p != '\0'; p++)
    {
      if (g_ascii_isxdigit (*p))
        g_string_append_c (hex, g_ascii_tolower (*p));
      else if (*p != ':' && *p != '-')
        break;
    }

  if (hex->len != 12 || strcmp (hex->str, "000000000000") == 0)
    {
      g_string_free (hex, TRUE);
      return NULL;
    }

  return g_string_free (hex, FALSE);
}

static const char *
first_friendly_name (JsonObject *status)
{
  JsonArray *names = hearth_json_get_array (status, "FriendlyName");
  JsonNode *first;

  if (names == NULL || json_array_get_length (names) == 0)
    return hearth_json_get_string (status, "FriendlyName", NULL);

  first = json_array_get_element (names, 0);
  if (JSON_NODE_HOLDS_VALUE (first) && json_node_get_value_type (first) == G_TYPE_STRING)
    return json_node_get_string (first);
  return NULL;
}

HearthDevice *
hearth_tasmota_parse_identity (JsonNode  *root,
                               GError   **error)
{
  JsonObject *object;
  JsonObject *status;
  JsonObject *fwr;
  JsonObject *net;
  g_autofree char *id = NULL;
  g_autofree char *model = NULL;
  const char *name;
  const char *version;
  const char *module_name;
  HearthDevice *device;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED,
                           "Not a Tasmota device: the answer to Status 0 is not a JSON object");
      return NULL;
    }

  object = json_node_get_object (root);
  status = hearth_json_get_object (object, "Status");
  fwr = hearth_json_get_object (object, "StatusFWR");
  net = hearth_json_get_object (object, "StatusNET");
  if (status == NULL || fwr == NULL || net == NULL)
    {
      g_set_error_literal (error, HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED,
                           "Not a Tasmota device: no Status, StatusFWR and StatusNET in its Status 0");
      return NULL;
    }

  id = normalize_mac (hearth_json_get_string (net, "Mac", NULL));
  if (id == NULL)
    {
      g_set_error_literal (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD,
                           "The Tasmota device reports no MAC address (StatusNET.Mac)");
      return NULL;
    }

  name = hearth_json_get_string (status, "DeviceName", NULL);
  if (!hearth_tasmota_text_is_set (name))
    name = first_friendly_name (status);
  if (!hearth_tasmota_text_is_set (name))
    name = "Tasmota";

  module_name = hearth_json_get_string (status, "Module", NULL);
  if (hearth_tasmota_text_is_set (module_name))
    model = g_strdup (module_name);
  else if (hearth_tasmota_text_is_set (hearth_json_get_string (fwr, "Hardware", NULL)))
    model = g_strdup (hearth_json_get_string (fwr, "Hardware", NULL));
  else if (hearth_json_get_int (status, "Module", -1) >= 0)
    model = g_strdup_printf ("Module %" G_GINT64_FORMAT, hearth_json_get_int (status, "Module", -1));
  else
    model = g_strdup ("Tasmota");

  version = hearth_json_get_string (fwr, "Version", NULL);

  device = hearth_device_new (id, "tasmota");
  hearth_device_set_name (device, name);
  hearth_device_set_model (device, model);
  if (hearth_tasmota_text_is_set (version))
    hearth_device_set_firmware (device, version);

  return device;
}

/* Changes */

static int
kelvin_to_mired (int kelvin)
{
  if (kelvin <= 0)
    return HEARTH_TASMOTA_CT_MAX;
  return CLAMP ((int) lround (1000000.0 / kelvin), HEARTH_TASMOTA_CT_MIN, HEARTH_TASMOTA_CT_MAX);
}

char *
hearth_tasmota_build_command (HearthControl       *control,
                              const HearthChange  *change,
                              GError             **error)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  const char *id = hearth_control_get_id (control);
  HearthChangeFields supported;
  guint index;

  if (hearth_tasmota_parse_power_id (id, &index))
    {
      gboolean light = hearth_control_get_kind (control) == HEARTH_CONTROL_KIND_LIGHT;

      supported = HEARTH_CHANGE_ON;
      if (light)
        supported |= HEARTH_CHANGE_BRIGHTNESS | HEARTH_CHANGE_TEMPERATURE | HEARTH_CHANGE_COLOR;
      if ((change->fields & ~supported) != 0)
        goto unsupported;

      if ((change->fields & HEARTH_CHANGE_ON) && change->on)
        g_ptr_array_add (parts, g_strdup_printf ("Power%u On", index));
      if (change->fields & HEARTH_CHANGE_COLOR)
        {
          double h, s;
          int hue, saturation;
          int brightness = (change->fields & HEARTH_CHANGE_BRIGHTNESS) ? change->brightness
                                                                       : hearth_control_get_brightness (control);

          if (brightness < 0)
            brightness = 100;
          hearth_color_to_hsv (change->color, &h, &s, NULL);
          hue = (int) lround (h) % 360;
          saturation = (int) lround (s);
          g_ptr_array_add (parts, g_strdup_printf ("HSBColor %d,%d,%d", hue, saturation,
                                                   CLAMP (brightness, 0, 100)));
        }
      else if (change->fields & HEARTH_CHANGE_BRIGHTNESS)
        g_ptr_array_add (parts, g_strdup_printf ("Dimmer %d", CLAMP (change->brightness, 0, 100)));
      if (change->fields & HEARTH_CHANGE_TEMPERATURE)
        g_ptr_array_add (parts, g_strdup_printf ("CT %d", kelvin_to_mired (change->temperature)));
      /* Off last: a Dimmer or CT would switch the light back on */
      if ((change->fields & HEARTH_CHANGE_ON) && !change->on)
        g_ptr_array_add (parts, g_strdup_printf ("Power%u Off", index));
    }
  else if (hearth_tasmota_parse_shutter_id (id, &index))
    {
      supported = HEARTH_CHANGE_POSITION | HEARTH_CHANGE_COVER;
      if ((change->fields & ~supported) != 0)
        goto unsupported;

      if (change->fields & HEARTH_CHANGE_COVER)
        {
          switch (change->cover)
            {
            case HEARTH_COVER_ACTION_OPEN:
              g_ptr_array_add (parts, g_strdup_printf ("ShutterOpen%u", index));
              break;
            case HEARTH_COVER_ACTION_CLOSE:
              g_ptr_array_add (parts, g_strdup_printf ("ShutterClose%u", index));
              break;
            case HEARTH_COVER_ACTION_STOP:
            default:
              g_ptr_array_add (parts, g_strdup_printf ("ShutterStop%u", index));
              break;
            }
        }
      if (change->fields & HEARTH_CHANGE_POSITION)
        g_ptr_array_add (parts, g_strdup_printf ("ShutterPosition%u %d", index,
                                                 CLAMP (change->position, 0, 100)));
    }
  else
    {
      g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED,
                   "The Tasmota control “%s” cannot be changed", id);
      return NULL;
    }

  if (parts->len == 0)
    goto unsupported;
  if (parts->len == 1)
    return g_strdup (g_ptr_array_index (parts, 0));

  g_ptr_array_add (parts, NULL);
  {
    g_autofree char *joined = g_strjoinv (";", (char **) parts->pdata);

    return g_strconcat ("Backlog ", joined, NULL);
  }

unsupported:
  {
    g_autofree char *what = hearth_change_to_string (change);

    g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED,
                 "“%s” cannot do %s", hearth_control_get_name (control), what);
  }
  return NULL;
}
