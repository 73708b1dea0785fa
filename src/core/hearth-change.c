/* hearth-change.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "hearth-change.h"
#include "hearth-control.h"
#include "hearth-error.h"

G_DEFINE_BOXED_TYPE (HearthChange, hearth_change, hearth_change_copy, hearth_change_free)

HearthChange *
hearth_change_new (void)
{
  return g_new0 (HearthChange, 1);
}

HearthChange *
hearth_change_copy (const HearthChange *self)
{
  HearthChange *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->effect = g_strdup (self->effect);
  return copy;
}

void
hearth_change_free (HearthChange *self)
{
  if (self == NULL)
    return;
  g_free (self->effect);
  g_free (self);
}

/* Folds @newer into @self: where both set a field, the newer value wins. */
void
hearth_change_merge (HearthChange       *self,
                     const HearthChange *newer)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (newer != NULL);

  if (newer->fields & HEARTH_CHANGE_ON)
    {
      self->fields &= ~HEARTH_CHANGE_TOGGLE;
      self->on = newer->on;
    }
  if (newer->fields & HEARTH_CHANGE_TOGGLE)
    {
      /* Two toggles cancel out; a toggle after an explicit on/off flips it. */
      if (self->fields & HEARTH_CHANGE_ON)
        self->on = !self->on;
      else if (self->fields & HEARTH_CHANGE_TOGGLE)
        self->fields &= ~HEARTH_CHANGE_TOGGLE;
      else
        self->fields |= HEARTH_CHANGE_TOGGLE;
    }
  if (newer->fields & HEARTH_CHANGE_BRIGHTNESS)
    self->brightness = newer->brightness;
  if (newer->fields & HEARTH_CHANGE_TEMPERATURE)
    {
      /* A colour and a white temperature exclude each other: the last wins. */
      self->fields &= ~HEARTH_CHANGE_COLOR;
      self->temperature = newer->temperature;
    }
  if (newer->fields & HEARTH_CHANGE_COLOR)
    {
      self->fields &= ~HEARTH_CHANGE_TEMPERATURE;
      self->color = newer->color;
    }
  if (newer->fields & HEARTH_CHANGE_POSITION)
    {
      self->fields &= ~HEARTH_CHANGE_COVER;
      self->position = newer->position;
    }
  if (newer->fields & HEARTH_CHANGE_COVER)
    {
      self->fields &= ~HEARTH_CHANGE_POSITION;
      self->cover = newer->cover;
    }
  if (newer->fields & HEARTH_CHANGE_EFFECT)
    {
      g_free (self->effect);
      self->effect = g_strdup (newer->effect);
    }

  self->fields |= newer->fields & ~HEARTH_CHANGE_TOGGLE;
}

static gboolean
parse_number (const char  *action,
              const char  *value,
              int          min,
              int          max,
              int         *out,
              GError     **error)
{
  gint64 number;
  g_autofree char *trimmed = g_strstrip (g_strdup (value));
  gsize len = strlen (trimmed);

  /* "brightness=40%" and "temperature=2700K" read naturally; accept them. */
  if (len > 0 && (trimmed[len - 1] == '%' || trimmed[len - 1] == 'K' || trimmed[len - 1] == 'k'))
    trimmed[len - 1] = '\0';

  if (!g_ascii_string_to_signed (trimmed, 10, min, max, &number, NULL))
    {
      g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_INVALID,
                   _("“%s” needs a whole number from %d to %d, not “%s”"),
                   action, min, max, value);
      return FALSE;
    }

  *out = (int) number;
  return TRUE;
}

static gboolean
parse_color (const char  *value,
             int         *out,
             GError     **error)
{
  const char *hex = value;
  guint64 rgb;

  if (*hex == '#')
    hex++;

  if (strlen (hex) != 6 || !g_ascii_string_to_unsigned (hex, 16, 0, 0xffffff, &rgb, NULL))
    {
      g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_INVALID,
                   _("A colour is written #RRGGBB, like #ff8800, not “%s”"), value);
      return FALSE;
    }

  *out = (int) rgb;
  return TRUE;
}

/**
 * hearth_change_parse_action:
 * @action: "on", "off", "toggle", "brightness=N", "temperature=K",
 *   "color=#RRGGBB", "position=N", "open", "close", "stop" or "effect=NAME"
 *
 * Adds one action, as a person types it, to @self.
 */
gboolean
hearth_change_parse_action (HearthChange  *self,
                            const char    *action,
                            GError       **error)
{
  HearthChange change = { 0 };
  const char *eq;
  g_autofree char *key = NULL;
  const char *value = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (action != NULL, FALSE);

  eq = strchr (action, '=');
  if (eq != NULL)
    {
      key = g_ascii_strdown (action, eq - action);
      value = eq + 1;
    }
  else
    key = g_ascii_strdown (action, -1);

  if (value == NULL && g_str_equal (key, "on"))
    {
      change.fields = HEARTH_CHANGE_ON;
      change.on = TRUE;
    }
  else if (value == NULL && g_str_equal (key, "off"))
    change.fields = HEARTH_CHANGE_ON;
  else if (value == NULL && g_str_equal (key, "toggle"))
    change.fields = HEARTH_CHANGE_TOGGLE;
  else if (value == NULL && g_str_equal (key, "open"))
    {
      change.fields = HEARTH_CHANGE_COVER;
      change.cover = HEARTH_COVER_ACTION_OPEN;
    }
  else if (value == NULL && g_str_equal (key, "close"))
    {
      change.fields = HEARTH_CHANGE_COVER;
      change.cover = HEARTH_COVER_ACTION_CLOSE;
    }
  else if (value == NULL && g_str_equal (key, "stop"))
    {
      change.fields = HEARTH_CHANGE_COVER;
      change.cover = HEARTH_COVER_ACTION_STOP;
    }
  else if (value != NULL && g_str_equal (key, "brightness"))
    {
      if (!parse_number (key, value, 0, 100, &change.brightness, error))
        return FALSE;
      change.fields = HEARTH_CHANGE_BRIGHTNESS;
    }
  else if (value != NULL && g_str_equal (key, "temperature"))
    {
      if (!parse_number (key, value, 1000, 20000, &change.temperature, error))
        return FALSE;
      change.fields = HEARTH_CHANGE_TEMPERATURE;
    }
  else if (value != NULL && (g_str_equal (key, "color") || g_str_equal (key, "colour")))
    {
      if (!parse_color (value, &change.color, error))
        return FALSE;
      change.fields = HEARTH_CHANGE_COLOR;
    }
  else if (value != NULL && g_str_equal (key, "position"))
    {
      if (!parse_number (key, value, 0, 100, &change.position, error))
        return FALSE;
      change.fields = HEARTH_CHANGE_POSITION;
    }
  else if (value != NULL && g_str_equal (key, "effect"))
    {
      if (*value == '\0')
        {
          g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_INVALID,
                       _("“effect=” needs the name of an effect"));
          return FALSE;
        }
      change.fields = HEARTH_CHANGE_EFFECT;
      change.effect = (char *) value;
    }
  else
    {
      g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_INVALID,
                   _("Unknown action “%s”. Actions are on, off, toggle, brightness=N, "
                     "temperature=K, color=#RRGGBB, position=N, open, close, stop and effect=NAME"),
                   action);
      return FALSE;
    }

  hearth_change_merge (self, &change);
  return TRUE;
}

static gboolean
require (HearthControl       *control,
         HearthCapabilities   capability,
         const char          *what,
         GError             **error)
{
  if (hearth_control_has_capability (control, capability))
    return TRUE;

  g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED,
               _("%s has no %s"), hearth_control_get_name (control), what);
  return FALSE;
}

/**
 * hearth_change_check:
 *
 * Whether @control can take @self: a clear error naming what it lacks or
 * the range it takes when not.
 */
gboolean
hearth_change_check (const HearthChange  *self,
                     HearthControl       *control,
                     GError             **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (HEARTH_IS_CONTROL (control), FALSE);

  if (self->fields == 0)
    {
      g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_INVALID, _("Nothing to change"));
      return FALSE;
    }

  if ((self->fields & (HEARTH_CHANGE_ON | HEARTH_CHANGE_TOGGLE)) &&
      !require (control, HEARTH_CAPABILITY_ON_OFF, _("power switch"), error))
    return FALSE;
  if ((self->fields & HEARTH_CHANGE_BRIGHTNESS) &&
      !require (control, HEARTH_CAPABILITY_BRIGHTNESS, _("brightness"), error))
    return FALSE;
  if ((self->fields & HEARTH_CHANGE_COLOR) &&
      !require (control, HEARTH_CAPABILITY_COLOR, _("colour"), error))
    return FALSE;
  if ((self->fields & HEARTH_CHANGE_POSITION) &&
      !require (control, HEARTH_CAPABILITY_POSITION, _("position"), error))
    return FALSE;
  if ((self->fields & HEARTH_CHANGE_EFFECT) &&
      !require (control, HEARTH_CAPABILITY_EFFECT, _("effects"), error))
    return FALSE;

  if (self->fields & HEARTH_CHANGE_TEMPERATURE)
    {
      int min = hearth_control_get_temperature_min (control);
      int max = hearth_control_get_temperature_max (control);

      if (!require (control, HEARTH_CAPABILITY_TEMPERATURE, _("colour temperature"), error))
        return FALSE;

      if (min > 0 && max > 0 && (self->temperature < min || self->temperature > max))
        {
          g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_INVALID,
                       _("%s takes a colour temperature from %d K to %d K"),
                       hearth_control_get_name (control), min, max);
          return FALSE;
        }
    }

  if ((self->fields & HEARTH_CHANGE_COVER) &&
      hearth_control_get_kind (control) != HEARTH_CONTROL_KIND_COVER)
    {
      g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED,
                   _("%s is not a cover: it cannot open, close or stop"),
                   hearth_control_get_name (control));
      return FALSE;
    }

  if (self->fields & HEARTH_CHANGE_EFFECT)
    {
      const char * const *effects = hearth_control_get_effects (control);

      if (effects == NULL || !g_strv_contains (effects, self->effect))
        {
          g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_INVALID,
                       _("%s has no effect called “%s”"),
                       hearth_control_get_name (control), self->effect);
          return FALSE;
        }
    }

  return TRUE;
}

/**
 * hearth_change_apply:
 *
 * Shows @self on @control at once, before the device confirms it.
 */
void
hearth_change_apply (const HearthChange *self,
                     HearthControl      *control)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (HEARTH_IS_CONTROL (control));

  g_object_freeze_notify (G_OBJECT (control));

  if (self->fields & HEARTH_CHANGE_ON)
    hearth_control_set_on (control, self->on);
  if (self->fields & HEARTH_CHANGE_TOGGLE)
    hearth_control_set_on (control, !hearth_control_get_on (control));
  if (self->fields & HEARTH_CHANGE_BRIGHTNESS)
    hearth_control_set_brightness (control, self->brightness);
  if (self->fields & HEARTH_CHANGE_TEMPERATURE)
    hearth_control_set_temperature (control, self->temperature);
  if (self->fields & HEARTH_CHANGE_COLOR)
    hearth_control_set_color (control, self->color);
  if (self->fields & HEARTH_CHANGE_EFFECT)
    hearth_control_set_effect (control, self->effect);

  if (self->fields & HEARTH_CHANGE_POSITION)
    {
      int current = hearth_control_get_position (control);

      /* The cover takes a while to get there: show it moving. */
      if (current >= 0 && self->position > current)
        hearth_control_set_cover_state (control, HEARTH_COVER_STATE_OPENING);
      else if (current >= 0 && self->position < current)
        hearth_control_set_cover_state (control, HEARTH_COVER_STATE_CLOSING);
    }

  if (self->fields & HEARTH_CHANGE_COVER)
    {
      switch (self->cover)
        {
        case HEARTH_COVER_ACTION_OPEN:
          if (hearth_control_get_position (control) != 100)
            hearth_control_set_cover_state (control, HEARTH_COVER_STATE_OPENING);
          break;
        case HEARTH_COVER_ACTION_CLOSE:
          if (hearth_control_get_position (control) != 0)
            hearth_control_set_cover_state (control, HEARTH_COVER_STATE_CLOSING);
          break;
        case HEARTH_COVER_ACTION_STOP:
        default:
          hearth_control_set_cover_state (control, HEARTH_COVER_STATE_STOPPED);
          break;
        }
    }

  g_object_thaw_notify (G_OBJECT (control));
}

char *
hearth_change_to_string (const HearthChange *self)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  static const char * const cover_actions[] = { "open", "close", "stop" };

  g_return_val_if_fail (self != NULL, NULL);

  if (self->fields & HEARTH_CHANGE_ON)
    g_ptr_array_add (parts, g_strdup (self->on ? "on" : "off"));
  if (self->fields & HEARTH_CHANGE_TOGGLE)
    g_ptr_array_add (parts, g_strdup ("toggle"));
  if (self->fields & HEARTH_CHANGE_BRIGHTNESS)
    g_ptr_array_add (parts, g_strdup_printf ("brightness=%d", self->brightness));
  if (self->fields & HEARTH_CHANGE_TEMPERATURE)
    g_ptr_array_add (parts, g_strdup_printf ("temperature=%d", self->temperature));
  if (self->fields & HEARTH_CHANGE_COLOR)
    g_ptr_array_add (parts, g_strdup_printf ("color=#%06x", (guint) self->color));
  if (self->fields & HEARTH_CHANGE_POSITION)
    g_ptr_array_add (parts, g_strdup_printf ("position=%d", self->position));
  if (self->fields & HEARTH_CHANGE_COVER)
    g_ptr_array_add (parts, g_strdup (cover_actions[self->cover]));
  if (self->fields & HEARTH_CHANGE_EFFECT)
    g_ptr_array_add (parts, g_strdup_printf ("effect=%s", self->effect));

  g_ptr_array_add (parts, NULL);
  return g_strjoinv (" ", (char **) parts->pdata);
}
