/* hearthctl-output.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "hearthctl-output.h"

JsonNode *
hearthctl_control_to_json (HearthControl *control)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  HearthCapabilities caps = hearth_control_get_capabilities (control);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, hearth_control_get_id (control));
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, hearth_control_get_name (control));
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, hearth_control_kind_to_string (hearth_control_get_kind (control)));

  if (caps & HEARTH_CAPABILITY_ON_OFF)
    {
      json_builder_set_member_name (builder, "on");
      json_builder_add_boolean_value (builder, hearth_control_get_on (control));
    }
  if ((caps & HEARTH_CAPABILITY_BRIGHTNESS) && hearth_control_get_brightness (control) >= 0)
    {
      json_builder_set_member_name (builder, "brightness");
      json_builder_add_int_value (builder, hearth_control_get_brightness (control));
    }
  if ((caps & HEARTH_CAPABILITY_TEMPERATURE) && hearth_control_get_temperature (control) > 0)
    {
      json_builder_set_member_name (builder, "temperature");
      json_builder_add_int_value (builder, hearth_control_get_temperature (control));
    }
  if ((caps & HEARTH_CAPABILITY_COLOR) && hearth_control_get_color (control) >= 0)
    {
      g_autofree char *hex = g_strdup_printf ("#%06x", (guint) hearth_control_get_color (control));

      json_builder_set_member_name (builder, "color");
      json_builder_add_string_value (builder, hex);
    }
  if (hearth_control_get_kind (control) == HEARTH_CONTROL_KIND_COVER)
    {
      if (hearth_control_get_position (control) >= 0)
        {
          json_builder_set_member_name (builder, "position");
          json_builder_add_int_value (builder, hearth_control_get_position (control));
        }
      json_builder_set_member_name (builder, "moving");
      json_builder_add_string_value (builder, hearth_cover_state_to_string (hearth_control_get_cover_state (control)));
    }
  if (caps & HEARTH_CAPABILITY_EFFECT)
    {
      const char * const *effects = hearth_control_get_effects (control);

      if (hearth_control_get_effect (control) != NULL)
        {
          json_builder_set_member_name (builder, "effect");
          json_builder_add_string_value (builder, hearth_control_get_effect (control));
        }
      json_builder_set_member_name (builder, "effects");
      json_builder_begin_array (builder);
      for (guint i = 0; effects != NULL && effects[i] != NULL; i++)
        json_builder_add_string_value (builder, effects[i]);
      json_builder_end_array (builder);
    }
  if (caps & HEARTH_CAPABILITY_VALUE)
    {
      json_builder_set_member_name (builder, "value");
      json_builder_add_double_value (builder, hearth_control_get_value (control));
      json_builder_set_member_name (builder, "unit");
      json_builder_add_string_value (builder, hearth_control_get_unit (control));
      if (hearth_control_get_quantity (control) != NULL)
        {
          json_builder_set_member_name (builder, "quantity");
          json_builder_add_string_value (builder, hearth_control_get_quantity (control));
        }
    }

  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

JsonNode *
hearthctl_device_to_json (HearthDevice *device)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  GListModel *controls = hearth_device_get_controls (device);
  gint64 last_seen = hearth_device_get_last_seen (device);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, hearth_device_get_id (device));
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, hearth_device_get_name (device));
  json_builder_set_member_name (builder, "family");
  json_builder_add_string_value (builder, hearth_device_get_family (device));
  json_builder_set_member_name (builder, "model");
  json_builder_add_string_value (builder, hearth_device_get_model (device));
  json_builder_set_member_name (builder, "firmware");
  json_builder_add_string_value (builder, hearth_device_get_firmware (device));
  json_builder_set_member_name (builder, "host");
  json_builder_add_string_value (builder, hearth_device_get_host (device));
  json_builder_set_member_name (builder, "port");
  json_builder_add_int_value (builder, hearth_device_get_port (device));
  json_builder_set_member_name (builder, "available");
  json_builder_add_boolean_value (builder, hearth_device_get_available (device));
  json_builder_set_member_name (builder, "state");
  json_builder_add_string_value (builder, hearth_device_state_to_string (hearth_device_get_state (device)));
  json_builder_set_member_name (builder, "live");
  json_builder_add_string_value (builder, hearth_live_to_string (hearth_device_get_live (device)));
  json_builder_set_member_name (builder, "last_seen");
  if (last_seen > 0)
    {
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_utc (last_seen / G_USEC_PER_SEC);
      g_autofree char *iso = g_date_time_format_iso8601 (when);

      json_builder_add_string_value (builder, iso);
    }
  else
    json_builder_add_null_value (builder);

  json_builder_set_member_name (builder, "controls");
  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (controls); i++)
    {
      g_autoptr(HearthControl) control = g_list_model_get_item (controls, i);

      json_builder_add_value (builder, hearthctl_control_to_json (control));
    }
  json_builder_end_array (builder);

  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
append_part (GString    *s,
             const char *part)
{
  if (s->len > 0)
    g_string_append (s, " · ");
  g_string_append (s, part);
}

char *
hearthctl_describe_control (HearthControl *control)
{
  g_autoptr(GString) s = g_string_new (NULL);
  HearthCapabilities caps = hearth_control_get_capabilities (control);

  if (hearth_control_get_kind (control) == HEARTH_CONTROL_KIND_SENSOR)
    {
      g_autofree char *reading = g_strdup_printf ("%.*f %s",
                                                  g_strcmp0 (hearth_control_get_unit (control), "%") == 0 ? 0 : 1,
                                                  hearth_control_get_value (control),
                                                  hearth_control_get_unit (control) ? hearth_control_get_unit (control) : "");

      return g_strstrip (g_steal_pointer (&reading));
    }

  if (hearth_control_get_kind (control) == HEARTH_CONTROL_KIND_COVER)
    {
      HearthCoverState state = hearth_control_get_cover_state (control);
      int position = hearth_control_get_position (control);

      append_part (s, hearth_cover_state_to_string (state));
      if (position >= 0)
        g_string_append_printf (s, " · %d %%", position);
      return g_string_free (g_steal_pointer (&s), FALSE);
    }

  if (caps & HEARTH_CAPABILITY_ON_OFF)
    append_part (s, hearth_control_get_on (control) ? "on" : "off");
  if ((caps & HEARTH_CAPABILITY_BRIGHTNESS) && hearth_control_get_brightness (control) >= 0)
    g_string_append_printf (s, " · %d %%", hearth_control_get_brightness (control));
  if ((caps & HEARTH_CAPABILITY_TEMPERATURE) && hearth_control_get_temperature (control) > 0)
    g_string_append_printf (s, " · %d K", hearth_control_get_temperature (control));
  if ((caps & HEARTH_CAPABILITY_COLOR) && hearth_control_get_color (control) >= 0)
    g_string_append_printf (s, " · #%06x", (guint) hearth_control_get_color (control));
  if ((caps & HEARTH_CAPABILITY_EFFECT) && hearth_control_get_effect (control) != NULL)
    g_string_append_printf (s, " · %s", hearth_control_get_effect (control));

  return g_string_free (g_steal_pointer (&s), FALSE);
}

char *
hearthctl_describe_device (HearthDevice *device)
{
  g_autoptr(GString) s = g_string_new (NULL);
  GListModel *controls = hearth_device_get_controls (device);
  guint n = g_list_model_get_n_items (controls);
  int width = 0;
  int id_width = 0;

  g_string_append_printf (s, "%s (%s)\n", hearth_device_get_name (device), hearth_device_get_id (device));
  g_string_append_printf (s, "  %s %s, firmware %s, at %s:%u\n",
                          hearth_device_get_family (device),
                          hearth_device_get_model (device) ? hearth_device_get_model (device) : "",
                          hearth_device_get_firmware (device) ? hearth_device_get_firmware (device) : "unknown",
                          hearth_device_get_host (device),
                          hearth_device_get_port (device));
  g_string_append_printf (s, "  %s, state %s\n",
                          hearth_device_get_state (device) == HEARTH_DEVICE_STATE_ONLINE ? "online" :
                          hearth_device_state_to_string (hearth_device_get_state (device)),
                          hearth_device_get_live (device) == HEARTH_LIVE_PUSH ? "pushed" : "polled");

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HearthControl) control = g_list_model_get_item (controls, i);
      width = MAX (width, (int) g_utf8_strlen (hearth_control_get_name (control), -1));
      id_width = MAX (id_width, (int) strlen (hearth_control_get_id (control)));
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HearthControl) control = g_list_model_get_item (controls, i);
      g_autofree char *state = hearthctl_describe_control (control);
      const char *name = hearth_control_get_name (control);
      int pad = width - (int) g_utf8_strlen (name, -1);

      g_string_append_printf (s, "  %s%*s  %-7s %-*s  %s\n",
                              name, pad, "",
                              hearth_control_kind_to_string (hearth_control_get_kind (control)),
                              id_width, hearth_control_get_id (control),
                              state);
    }

  return g_string_free (g_steal_pointer (&s), FALSE);
}
