/* hearth-control.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "hearth-control.h"
#include "hearth-enums.h"

struct _HearthControl
{
  GObject             parent_instance;

  char               *id;
  HearthControlKind   kind;
  char               *name;
  HearthCapabilities  capabilities;
  gboolean            on;
  int                 brightness;
  int                 temperature;
  int                 temperature_min;
  int                 temperature_max;
  int                 color;
  int                 position;
  HearthCoverState    cover_state;
  char               *effect;
  GStrv               effects;
  double              value;
  char               *unit;
  char               *quantity;
};

G_DEFINE_FINAL_TYPE (HearthControl, hearth_control, G_TYPE_OBJECT)

typedef enum
{
  PROP_ID = 1,
  PROP_KIND,
  PROP_NAME,
  PROP_CAPABILITIES,
  PROP_ON,
  PROP_BRIGHTNESS,
  PROP_TEMPERATURE,
  PROP_TEMPERATURE_MIN,
  PROP_TEMPERATURE_MAX,
  PROP_COLOR,
  PROP_POSITION,
  PROP_COVER_STATE,
  PROP_EFFECT,
  PROP_EFFECTS,
  PROP_VALUE,
  PROP_UNIT,
  PROP_QUANTITY,
} HearthControlProperty;

static GParamSpec *properties[PROP_QUANTITY + 1];

static void
hearth_control_finalize (GObject *object)
{
  HearthControl *self = (HearthControl *)object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->effect, g_free);
  g_clear_pointer (&self->effects, g_strfreev);
  g_clear_pointer (&self->unit, g_free);
  g_clear_pointer (&self->quantity, g_free);

  G_OBJECT_CLASS (hearth_control_parent_class)->finalize (object);
}

static void
hearth_control_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  HearthControl *self = HEARTH_CONTROL (object);

  switch ((HearthControlProperty) prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_CAPABILITIES:
      g_value_set_flags (value, self->capabilities);
      break;
    case PROP_ON:
      g_value_set_boolean (value, self->on);
      break;
    case PROP_BRIGHTNESS:
      g_value_set_int (value, self->brightness);
      break;
    case PROP_TEMPERATURE:
      g_value_set_int (value, self->temperature);
      break;
    case PROP_TEMPERATURE_MIN:
      g_value_set_int (value, self->temperature_min);
      break;
    case PROP_TEMPERATURE_MAX:
      g_value_set_int (value, self->temperature_max);
      break;
    case PROP_COLOR:
      g_value_set_int (value, self->color);
      break;
    case PROP_POSITION:
      g_value_set_int (value, self->position);
      break;
    case PROP_COVER_STATE:
      g_value_set_enum (value, self->cover_state);
      break;
    case PROP_EFFECT:
      g_value_set_string (value, self->effect);
      break;
    case PROP_EFFECTS:
      g_value_set_boxed (value, self->effects);
      break;
    case PROP_VALUE:
      g_value_set_double (value, self->value);
      break;
    case PROP_UNIT:
      g_value_set_string (value, self->unit);
      break;
    case PROP_QUANTITY:
      g_value_set_string (value, self->quantity);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hearth_control_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  HearthControl *self = HEARTH_CONTROL (object);

  switch ((HearthControlProperty) prop_id)
    {
    case PROP_ID:
      self->id = g_value_dup_string (value);
      break;
    case PROP_KIND:
      self->kind = g_value_get_enum (value);
      break;
    case PROP_NAME:
      hearth_control_set_name (self, g_value_get_string (value));
      break;
    case PROP_CAPABILITIES:
      hearth_control_set_capabilities (self, g_value_get_flags (value));
      break;
    case PROP_ON:
      hearth_control_set_on (self, g_value_get_boolean (value));
      break;
    case PROP_BRIGHTNESS:
      hearth_control_set_brightness (self, g_value_get_int (value));
      break;
    case PROP_TEMPERATURE:
      hearth_control_set_temperature (self, g_value_get_int (value));
      break;
    case PROP_COLOR:
      hearth_control_set_color (self, g_value_get_int (value));
      break;
    case PROP_POSITION:
      hearth_control_set_position (self, g_value_get_int (value));
      break;
    case PROP_COVER_STATE:
      hearth_control_set_cover_state (self, g_value_get_enum (value));
      break;
    case PROP_EFFECT:
      hearth_control_set_effect (self, g_value_get_string (value));
      break;
    case PROP_EFFECTS:
      hearth_control_set_effects (self, g_value_get_boxed (value));
      break;
    case PROP_VALUE:
      hearth_control_set_value (self, g_value_get_double (value));
      break;
    case PROP_UNIT:
      hearth_control_set_unit (self, g_value_get_string (value));
      break;
    case PROP_QUANTITY:
      hearth_control_set_quantity (self, g_value_get_string (value));
      break;
    case PROP_TEMPERATURE_MIN:
    case PROP_TEMPERATURE_MAX:
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hearth_control_class_init (HearthControlClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = hearth_control_finalize;
  object_class->get_property = hearth_control_get_property;
  object_class->set_property = hearth_control_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL,
                       HEARTH_TYPE_CONTROL_KIND, HEARTH_CONTROL_KIND_SWITCH,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL, rw);
  properties[PROP_CAPABILITIES] =
    g_param_spec_flags ("capabilities", NULL, NULL,
                        HEARTH_TYPE_CAPABILITIES, HEARTH_CAPABILITY_NONE, rw);
  properties[PROP_ON] =
    g_param_spec_boolean ("on", NULL, NULL, FALSE, rw);
  properties[PROP_BRIGHTNESS] =
    g_param_spec_int ("brightness", NULL, NULL, -1, 100, -1, rw);
  properties[PROP_TEMPERATURE] =
    g_param_spec_int ("temperature", NULL, NULL, -1, G_MAXINT, -1, rw);
  properties[PROP_TEMPERATURE_MIN] =
    g_param_spec_int ("temperature-min", NULL, NULL, -1, G_MAXINT, -1, ro);
  properties[PROP_TEMPERATURE_MAX] =
    g_param_spec_int ("temperature-max", NULL, NULL, -1, G_MAXINT, -1, ro);
  properties[PROP_COLOR] =
    g_param_spec_int ("color", NULL, NULL, -1, 0xffffff, -1, rw);
  properties[PROP_POSITION] =
    g_param_spec_int ("position", NULL, NULL, -1, 100, -1, rw);
  properties[PROP_COVER_STATE] =
    g_param_spec_enum ("cover-state", NULL, NULL,
                       HEARTH_TYPE_COVER_STATE, HEARTH_COVER_STATE_STOPPED, rw);
  properties[PROP_EFFECT] =
    g_param_spec_string ("effect", NULL, NULL, NULL, rw);
  properties[PROP_EFFECTS] =
    g_param_spec_boxed ("effects", NULL, NULL, G_TYPE_STRV, rw);
  properties[PROP_VALUE] =
    g_param_spec_double ("value", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0.0, rw);
  properties[PROP_UNIT] =
    g_param_spec_string ("unit", NULL, NULL, NULL, rw);
  properties[PROP_QUANTITY] =
    g_param_spec_string ("quantity", NULL, NULL, NULL, rw);

  g_object_class_install_properties (object_class, G_N_ELEMENTS (properties), properties);
}

static void
hearth_control_init (HearthControl *self)
{
  self->brightness = -1;
  self->temperature = -1;
  self->temperature_min = -1;
  self->temperature_max = -1;
  self->color = -1;
  self->position = -1;
}

HearthControl *
hearth_control_new (const char        *id,
                    HearthControlKind  kind,
                    const char        *name)
{
  g_return_val_if_fail (id != NULL, NULL);

  return g_object_new (HEARTH_TYPE_CONTROL,
                       "id", id,
                       "kind", kind,
                       "name", name,
                       NULL);
}

const char *
hearth_control_get_id (HearthControl *self)
{
  g_return_val_if_fail (HEARTH_IS_CONTROL (self), NULL);
  return self->id;
}

HearthControlKind
hearth_control_get_kind (HearthControl *self)
{
  g_return_val_if_fail (HEARTH_IS_CONTROL (self), HEARTH_CONTROL_KIND_SWITCH);
  return self->kind;
}

static gboolean
set_string (HearthControl  *self,
            char          **field,
            const char     *value,
            HearthControlProperty prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
  return TRUE;
}

static void
set_int (HearthControl         *self,
         int                   *field,
         int                    value,
         HearthControlProperty  prop)
{
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

const char *
hearth_control_get_name (HearthControl *self)
{
  g_return_val_if_fail (HEARTH_IS_CONTROL (self), NULL);
  return self->name;
}

void
hearth_control_set_name (HearthControl *self,
                         const char    *name)
{
  g_return_if_fail (HEARTH_IS_CONTROL (self));
  set_string (self, &self->name, name, PROP_NAME);
}

HearthCapabilities
hearth_control_get_capabilities (HearthControl *self)
{
  g_return_val_if_fail (HEARTH_IS_CONTROL (self), HEARTH_CAPABILITY_NONE);
  return self->capabilities;
}

void
hearth_control_set_capabilities (HearthControl      *self,
                                 HearthCapabilities  capabilities)
{
  g_return_if_fail (HEARTH_IS_CONTROL (self));

  if (self->capabilities == capabilities)
    return;
  self->capabilities = capabilities;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAPABILITIES]);
}

gboolean
hearth_control_has_capability (HearthControl      *self,
                               HearthCapabilities  capability)
{
  g_return_val_if_fail (HEARTH_IS_CONTROL (self), FALSE);
  return (self->capabilities & capability) == capability;
}

gboolean
hearth_control_get_on (HearthControl *self)
{
  g_return_val_if_fail (HEARTH_IS_CONTROL (self), FALSE);
  return self->on;
}

void
hearth_control_set_on (HearthControl *self,
                       gboolean       on)
{
  g_return_if_fail (HEARTH_IS_CONTROL (self));

  on = !!on;
  if (self->on == on)
    return;
  self->on = on;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ON]);
}

int
hearth_control_get_brightness (HearthControl *self)
{
  g_return_val_if_fail (HEARTH_IS_CONTROL (self), -1);
  return self->brightness;
}

void
hearth_control_set_brightness (HearthControl *self,
                               int            brightness)
{
  g_return_if_fail (HEARTH_IS_CONTROL (self));
  set_int (self, &self->brightness, brightness < 0 ? -1 : MIN (brightness, 100), PROP_BRIGHTNESS);
}

int
hearth_control_get_temperature (HearthControl *self)
{
  g_return_val_if_fail (HEARTH_IS_CONTROL (self), -1);
  return self->temperature;
}

void
hearth_control_set_temperature (HearthControl *self,
                                int            kelvin)
{
  g_return_if_fail (HEARTH_IS_CONTROL (self));
  set_int (self, &self->temperature, kelvin <= 0 ? -1 : kelvin, PROP_TEMPERATURE);
}

int
hearth_control_get_temperature_min (HearthControl *self)
{
  g_return_val_if_fail (HEARTH_IS_CONTROL (self), -1);
  return self->temperature_min;
}

int
hearth_control_get_temperature_max (HearthControl *self)
{
  g_return_val_if_fail (HEARTH_IS_CONTROL (self), -1);
  return self->temperature_max;
}

void
hearth_control_set_temperature_range (HearthControl *self,
                                      int            min_kelvin,
                                      int            max_kelvin)
{
  g_return_if_fail (HEARTH_IS_CONTROL (self));

  if (min_kelvin > max_kelvin)
    {
      int tmp = min_kelvin;
      min_kelvin = max_kelvin;
      max_kelvin = tmp;
    }

  g_object_freeze_notify (G_OBJECT (self));
  set_int (self, &self->temperature_min, min_kelvin <= 0 ? -1 : min_kelvin, PROP_TEMPERATURE_MIN);
  set_int (self, &self->temperature_max, max_kelvin <= 0 ? -1 : max_kelvin, PROP_TEMPERATURE_MAX);
  g_object_thaw_notify (G_OBJECT (self));
}

int
hearth_control_get_color (HearthControl *self)
{
  g_return_val_if_fail (HEARTH_IS_CONTROL (self), -1);
  return self->color;
}

void
hearth_control_set_color (HearthControl *self,
                          int            rgb)
{
  g_return_if_fail (HEARTH_IS_CONTROL (self));
  set_int (self, &self->color, rgb < 0 ? -1 : (rgb & 0xffffff), PROP_COLOR);
}

int
hearth_control_get_position (HearthControl *self)
{
  g_return_val_if_fail (HEARTH_IS_CONTROL (self), -1);
  return self->position;
}

void
hearth_control_set_position (HearthControl *self,
                             int            position)
{
  g_return_if_fail (HEARTH_IS_CONTROL (self));
  set_int (self, &self->position, position < 0 ? -1 : MIN (position, 100), PROP_POSITION);
}

HearthCoverState
hearth_control_get_cover_state (HearthControl *self)
{
  g_return_val_if_fail (HEARTH_IS_CONTROL (self), HEARTH_COVER_STATE_STOPPED);
  return self->cover_state;
}

void
hearth_control_set_cover_state (HearthControl    *self,
                                HearthCoverState  state)
{
  g_return_if_fail (HEARTH_IS_CONTROL (self));

  if (self->cover_state == state)
    return;
  self->cover_state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COVER_STATE]);
}

const char *
hearth_control_get_effect (HearthControl *self)
{
  g_return_val_if_fail (HEARTH_IS_CONTROL (self), NULL);
  return self->effect;
}

void
hearth_control_set_effect (HearthControl *self,
                           const char    *effect)
{
  g_return_if_fail (HEARTH_IS_CONTROL (self));
  set_string (self, &self->effect, effect, PROP_EFFECT);
}

const char * const *
hearth_control_get_effects (HearthControl *self)
{
  g_return_val_if_fail (HEARTH_IS_CONTROL (self), NULL);
  return (const char * const *) self->effects;
}

void
hearth_control_set_effects (HearthControl      *self,
                            const char * const *effects)
{
  g_return_if_fail (HEARTH_IS_CONTROL (self));

  if (self->effects == NULL && effects == NULL)
    return;
  if (self->effects != NULL && effects != NULL &&
      g_strv_equal ((const char * const *) self->effects, effects))
    return;

  g_strfreev (self->effects);
  self->effects = g_strdupv ((char **) effects);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EFFECTS]);
}

double
hearth_control_get_value (HearthControl *self)
{
  g_return_val_if_fail (HEARTH_IS_CONTROL (self), 0.0);
  return self->value;
}

void
hearth_control_set_value (HearthControl *self,
                          double         value)
{
  g_return_if_fail (HEARTH_IS_CONTROL (self));

  if (!isfinite (value) || self->value == value)
    return;
  self->value = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALUE]);
}

const char *
hearth_control_get_unit (HearthControl *self)
{
  g_return_val_if_fail (HEARTH_IS_CONTROL (self), NULL);
  return self->unit;
}

void
hearth_control_set_unit (HearthControl *self,
                         const char    *unit)
{
  g_return_if_fail (HEARTH_IS_CONTROL (self));
  set_string (self, &self->unit, unit, PROP_UNIT);
}

const char *
hearth_control_get_quantity (HearthControl *self)
{
  g_return_val_if_fail (HEARTH_IS_CONTROL (self), NULL);
  return self->quantity;
}

void
hearth_control_set_quantity (HearthControl *self,
                             const char    *quantity)
{
  g_return_if_fail (HEARTH_IS_CONTROL (self));
  set_string (self, &self->quantity, quantity, PROP_QUANTITY);
}

const char *
hearth_control_kind_to_string (HearthControlKind kind)
{
  switch (kind)
    {
    case HEARTH_CONTROL_KIND_SWITCH:
      return "switch";
    case HEARTH_CONTROL_KIND_LIGHT:
      return "light";
    case HEARTH_CONTROL_KIND_COVER:
      return "cover";
    case HEARTH_CONTROL_KIND_SENSOR:
      return "sensor";
    default:
      return "unknown";
    }
}

const char *
hearth_cover_state_to_string (HearthCoverState state)
{
  switch (state)
    {
    case HEARTH_COVER_STATE_STOPPED:
      return "stopped";
    case HEARTH_COVER_STATE_OPENING:
      return "opening";
    case HEARTH_COVER_STATE_CLOSING:
      return "closing";
    case HEARTH_COVER_STATE_OPEN:
      return "open";
    case HEARTH_COVER_STATE_CLOSED:
      return "closed";
    default:
      return "unknown";
    }
}
