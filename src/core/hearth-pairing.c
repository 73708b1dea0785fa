/* hearth-pairing.c: one pairing by a button on the device, as it goes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a face shows while hearth_home_pair_async() waits for the button:
 * the hint, the window's length and the seconds left. The home drives it
 * (hearth-pairing-private.h); the seconds left follow the clock on their
 * own, notified once a second.
 */
#include "config.h"

#include "hearth-device.h"
#include "hearth-pairing-private.h"

struct _HearthPairing
{
  GObject       parent_instance;

  HearthDevice *device;
  char         *hint;
  guint         seconds;
  guint         seconds_left;
  gint64        deadline;
  guint         tick_source;
  gboolean      waiting;
};

G_DEFINE_FINAL_TYPE (HearthPairing, hearth_pairing, G_TYPE_OBJECT)

typedef enum
{
  PROP_DEVICE = 1,
  PROP_HINT,
  PROP_SECONDS,
  PROP_SECONDS_LEFT,
  PROP_WAITING,
} HearthPairingProperty;

static GParamSpec *properties[PROP_WAITING + 1];

static guint
count_seconds_left (HearthPairing *self)
{
  gint64 left_us = MAX (0, self->deadline - g_get_monotonic_time ());

  return (guint) ((left_us + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
}

static void
update_seconds_left (HearthPairing *self)
{
  guint left = self->waiting ? count_seconds_left (self) : 0;

  if (left == self->seconds_left)
    return;
  self->seconds_left = left;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SECONDS_LEFT]);
}

static gboolean
on_pairing_tick (gpointer user_data)
{
  HearthPairing *self = HEARTH_PAIRING (user_data);

  update_seconds_left (self);
  if (self->seconds_left > 0)
    return G_SOURCE_CONTINUE;
  self->tick_source = 0;
  return G_SOURCE_REMOVE;
}

static void
hearth_pairing_dispose (GObject *object)
{
  HearthPairing *self = HEARTH_PAIRING (object);

  g_clear_handle_id (&self->tick_source, g_source_remove);
  g_clear_object (&self->device);

  G_OBJECT_CLASS (hearth_pairing_parent_class)->dispose (object);
}

static void
hearth_pairing_finalize (GObject *object)
{
  HearthPairing *self = HEARTH_PAIRING (object);

  g_free (self->hint);

  G_OBJECT_CLASS (hearth_pairing_parent_class)->finalize (object);
}

static void
hearth_pairing_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  HearthPairing *self = HEARTH_PAIRING (object);

  switch ((HearthPairingProperty) prop_id)
    {
    case PROP_DEVICE:
      g_value_set_object (value, self->device);
      break;
    case PROP_HINT:
      g_value_set_string (value, self->hint);
      break;
    case PROP_SECONDS:
      g_value_set_uint (value, self->seconds);
      break;
    case PROP_SECONDS_LEFT:
      g_value_set_uint (value, self->seconds_left);
      break;
    case PROP_WAITING:
      g_value_set_boolean (value, self->waiting);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hearth_pairing_class_init (HearthPairingClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = hearth_pairing_dispose;
  object_class->finalize = hearth_pairing_finalize;
  object_class->get_property = hearth_pairing_get_property;

  properties[PROP_DEVICE] =
    g_param_spec_object ("device", NULL, NULL, HEARTH_TYPE_DEVICE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_HINT] =
    g_param_spec_string ("hint", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SECONDS] =
    g_param_spec_uint ("seconds", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SECONDS_LEFT] =
    g_param_spec_uint ("seconds-left", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_WAITING] =
    g_param_spec_boolean ("waiting", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, G_N_ELEMENTS (properties), properties);
}

static void
hearth_pairing_init (HearthPairing *self)
{
}

HearthPairing *
_hearth_pairing_new (HearthDevice *device,
                     const char   *hint,
                     guint         seconds)
{
  HearthPairing *self = g_object_new (HEARTH_TYPE_PAIRING, NULL);

  self->device = g_object_ref (device);
  self->hint = g_strdup (hint);
  self->seconds = seconds;
  self->deadline = g_get_monotonic_time () + (gint64) seconds * G_USEC_PER_SEC;
  self->seconds_left = seconds;
  self->waiting = TRUE;
  /* Often enough to notify each second close to when it turns */
  self->tick_source = g_timeout_add (250, on_pairing_tick, self);
  return self;
}

void
_hearth_pairing_end (HearthPairing *self)
{
  g_return_if_fail (HEARTH_IS_PAIRING (self));

  if (!self->waiting)
    return;
  g_clear_handle_id (&self->tick_source, g_source_remove);
  self->waiting = FALSE;
  update_seconds_left (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WAITING]);
}

HearthDevice *
hearth_pairing_get_device (HearthPairing *self)
{
  g_return_val_if_fail (HEARTH_IS_PAIRING (self), NULL);
  return self->device;
}

const char *
hearth_pairing_get_hint (HearthPairing *self)
{
  g_return_val_if_fail (HEARTH_IS_PAIRING (self), NULL);
  return self->hint;
}

guint
hearth_pairing_get_seconds (HearthPairing *self)
{
  g_return_val_if_fail (HEARTH_IS_PAIRING (self), 0);
  return self->seconds;
}

guint
hearth_pairing_get_seconds_left (HearthPairing *self)
{
  g_return_val_if_fail (HEARTH_IS_PAIRING (self), 0);
  return self->seconds_left;
}

gboolean
hearth_pairing_get_waiting (HearthPairing *self)
{
  g_return_val_if_fail (HEARTH_IS_PAIRING (self), FALSE);
  return self->waiting;
}

gint64
hearth_pairing_get_deadline (HearthPairing *self)
{
  g_return_val_if_fail (HEARTH_IS_PAIRING (self), 0);
  return self->deadline;
}
