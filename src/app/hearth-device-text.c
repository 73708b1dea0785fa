/* hearth-device-text.c: how the tiles, the details page and dialogs name a device
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "hearth-device-text.h"

char *
hearth_device_text_families (HearthHome *home)
{
  g_auto(GStrv) names = NULL;
  guint n;
  g_autofree char *head = NULL;
  char *last;

  g_return_val_if_fail (HEARTH_IS_HOME (home), NULL);

  names = hearth_home_dup_family_names (home);
  n = g_strv_length (names);
  if (n == 0)
    return g_strdup ("");
  if (n == 1)
    return g_strdup (names[0]);

  /* The others, NULL-terminated in place of the last */
  last = names[n - 1];
  names[n - 1] = NULL;
  /* TRANSLATORS: the separator in a list of device families, "Shelly, WLED" */
  head = g_strjoinv (_(", "), names);
  names[n - 1] = last;
  /* TRANSLATORS: the end of a list of device families, "Shelly, WLED and Elgato" */
  return g_strdup_printf (_("%s and %s"), head, last);
}

char *
hearth_device_text_model (HearthHome   *home,
                          HearthDevice *device)
{
  const char *family;
  const char *model;

  g_return_val_if_fail (home == NULL || HEARTH_IS_HOME (home), NULL);
  g_return_val_if_fail (HEARTH_IS_DEVICE (device), NULL);

  family = hearth_device_get_family (device);
  if (home != NULL)
    family = hearth_home_get_family_name (home, family);
  model = hearth_device_get_model (device);

  if (model == NULL || *model == '\0')
    return g_strdup (family != NULL ? family : _("Unknown"));
  if (family == NULL || g_ascii_strncasecmp (model, family, strlen (family)) == 0)
    return g_strdup (model);

  /* TRANSLATORS: a device family and its model, e.g. "Shelly SNSW-102P16EU" */
  return g_strdup_printf (C_("device model", "%s %s"), family, model);
}

char *
hearth_device_text_address (const char *host,
                            guint16     port)
{
  if (host == NULL)
    return g_strdup (_("Unknown"));
  if (port == 0 || port == 80)
    return g_strdup (host);
  if (strchr (host, ':') != NULL)
    return g_strdup_printf ("[%s]:%u", host, port);

  return g_strdup_printf ("%s:%u", host, port);
}

char *
hearth_device_text_reading (HearthControl *control)
{
  const char *unit;
  double value;
  int digits = 1;

  g_return_val_if_fail (HEARTH_IS_CONTROL (control), NULL);

  unit = hearth_control_get_unit (control);
  value = hearth_control_get_value (control);
  if (unit == NULL)
    unit = "";

  /* Whole numbers where tenths mean nothing to a person */
  if (g_str_equal (unit, "%") || g_str_equal (unit, "W") || g_str_equal (unit, "lx"))
    digits = 0;
  if (g_str_equal (unit, "W") && value < 10.0 && value != 0.0)
    digits = 1;

  if (*unit == '\0')
    return g_strdup_printf ("%.*f", digits, value);

  /* TRANSLATORS: a reading and its unit, e.g. "21.5 °C" or "48 %" */
  return g_strdup_printf (_("%.*f %s"), digits, value, unit);
}

const char *
hearth_device_text_quantity (HearthControl *control)
{
  const char *quantity;

  g_return_val_if_fail (HEARTH_IS_CONTROL (control), NULL);

  quantity = hearth_control_get_quantity (control);
  if (g_strcmp0 (quantity, "power") == 0)
    return _("Power");
  if (g_strcmp0 (quantity, "energy") == 0)
    return _("Energy");
  if (g_strcmp0 (quantity, "temperature") == 0)
    return _("Temperature");
  if (g_strcmp0 (quantity, "humidity") == 0)
    return _("Humidity");
  if (g_strcmp0 (quantity, "voltage") == 0)
    return _("Voltage");
  if (g_strcmp0 (quantity, "current") == 0)
    return _("Current");
  if (g_strcmp0 (quantity, "battery") == 0)
    return _("Battery");
  if (g_strcmp0 (quantity, "illuminance") == 0)
    return _("Light Level");

  return hearth_control_get_name (control);
}

char *
hearth_device_text_time (gint64 usec)
{
  g_autoptr(GDateTime) when = NULL;
  g_autoptr(GDateTime) now = NULL;

  when = g_date_time_new_from_unix_local (usec / G_USEC_PER_SEC);
  now = g_date_time_new_now_local ();
  if (when == NULL || now == NULL)
    return g_strdup (_("Unknown"));

  if (g_date_time_get_year (when) == g_date_time_get_year (now) &&
      g_date_time_get_day_of_year (when) == g_date_time_get_day_of_year (now))
    /* TRANSLATORS: a time of day, as in "Last seen 14:02"; see strftime */
    return g_date_time_format (when, _("%H:%M"));

  /* TRANSLATORS: a date and time, as in "Last seen 3 March, 14:02"; see strftime */
  return g_date_time_format (when, _("%-d %B, %H:%M"));
}

gboolean
hearth_device_text_parse_host (const char  *text,
                               const char  *port_text,
                               char       **host,
                               guint16     *port,
                               GError     **error)
{
  g_autofree char *copy = NULL;
  g_autofree char *port_copy = NULL;
  g_autofree char *name = NULL;
  char *start;
  char *end;
  guint16 value = 0;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (host != NULL && port != NULL, FALSE);

  copy = g_strstrip (g_strdup (text));
  start = copy;

  /* What a browser's address bar shows */
  if (g_ascii_strncasecmp (start, "http://", 7) == 0)
    start += 7;
  else if (g_ascii_strncasecmp (start, "https://", 8) == 0)
    start += 8;
  end = strchr (start, '/');
  if (end != NULL)
    *end = '\0';

  if (!hearth_host_parse (start, &name, &value, error))
    return FALSE;

  /* The port field wins over a port in the address */
  port_copy = g_strstrip (g_strdup (port_text != NULL ? port_text : ""));
  if (*port_copy != '\0' && !hearth_host_parse_port (port_copy, &value, error))
    return FALSE;

  *host = g_steal_pointer (&name);
  *port = value;
  return TRUE;
}

char *
hearth_device_text_failure (const char   *title,
                            const GError *error)
{
  if (error->domain == G_IO_ERROR)
    {
      switch (error->code)
        {
        case G_IO_ERROR_NOT_SUPPORTED:
          /* TRANSLATORS: %s is a control's name */
          return g_strdup_printf (_("%s cannot do that"), title);
        case G_IO_ERROR_INVALID_ARGUMENT:
          /* TRANSLATORS: %s is a control's name */
          return g_strdup_printf (_("%s cannot be set to that"), title);
        default:
          /* TRANSLATORS: %s is a control's name, e.g. "Desk Lamp did not answer" */
          return g_strdup_printf (_("%s did not answer"), title);
        }
    }

  if (error->domain == HEARTH_ERROR)
    {
      switch (error->code)
        {
        case HEARTH_ERROR_HTTP_STATUS:
          /* TRANSLATORS: %s is a control's name */
          return g_strdup_printf (_("%s reported an error"), title);
        case HEARTH_ERROR_BAD_PAYLOAD:
          /* TRANSLATORS: %s is a control's name */
          return g_strdup_printf (_("%s gave an answer Hearth does not understand"), title);
        case HEARTH_ERROR_UNSUPPORTED:
          /* TRANSLATORS: %s is a control's name */
          return g_strdup_printf (_("%s cannot do that"), title);
        default:
          break;
        }
    }

  /* TRANSLATORS: first %s is a control's name, the second what went wrong */
  return g_strdup_printf (_("%s: %s"), title, error->message);
}
