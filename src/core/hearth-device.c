/* hearth-device.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "hearth-control.h"
#include "hearth-device.h"
#include "hearth-enums.h"

struct _HearthDevice
{
  GObject            parent_instance;

  char              *id;
  char              *family;
  char              *name;
  char              *model;
  char              *firmware;
  char              *serial;
  char              *host;
  guint16            port;
  HearthDeviceState  state;
  HearthLive         live;
  gint64             last_seen;
  GListStore        *controls;
};

G_DEFINE_FINAL_TYPE (HearthDevice, hearth_device, G_TYPE_OBJECT)

typedef enum
{
  PROP_ID = 1,
  PROP_FAMILY,
  PROP_NAME,
  PROP_MODEL,
  PROP_FIRMWARE,
  PROP_SERIAL,
  PROP_HOST,
  PROP_PORT,
  PROP_STATE,
  PROP_AVAILABLE,
  PROP_LIVE,
  PROP_LAST_SEEN,
  PROP_CONTROLS,
} HearthDeviceProperty;

static GParamSpec *properties[PROP_CONTROLS + 1];

static void
hearth_device_finalize (GObject *object)
{
  HearthDevice *self = (HearthDevice *)object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->family, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->model, g_free);
  g_clear_pointer (&self->firmware, g_free);
  g_clear_pointer (&self->serial, g_free);
  g_clear_pointer (&self->host, g_free);
  g_clear_object (&self->controls);

  G_OBJECT_CLASS (hearth_device_parent_class)->finalize (object);
}

static void
hearth_device_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  HearthDevice *self = HEARTH_DEVICE (object);

  switch ((HearthDeviceProperty) prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_FAMILY:
      g_value_set_string (value, self->family);
      break;
    case PROP_NAME:
      g_value_set_string (value, hearth_device_get_name (self));
      break;
    case PROP_MODEL:
      g_value_set_string (value, self->model);
      break;
    case PROP_FIRMWARE:
      g_value_set_string (value, self->firmware);
      break;
    case PROP_SERIAL:
      g_value_set_string (value, self->serial);
      break;
    case PROP_HOST:
      g_value_set_string (value, self->host);
      break;
    case PROP_PORT:
      g_value_set_uint (value, self->port);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_AVAILABLE:
      g_value_set_boolean (value, hearth_device_get_available (self));
      break;
    case PROP_LIVE:
      g_value_set_enum (value, self->live);
      break;
    case PROP_LAST_SEEN:
      g_value_set_int64 (value, self->last_seen);
      break;
    case PROP_CONTROLS:
      g_value_set_object (value, self->controls);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hearth_device_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  HearthDevice *self = HEARTH_DEVICE (object);

  switch ((HearthDeviceProperty) prop_id)
    {
    case PROP_ID:
      self->id = g_value_dup_string (value);
      break;
    case PROP_FAMILY:
      self->family = g_value_dup_string (value);
      break;
    case PROP_NAME:
      hearth_device_set_name (self, g_value_get_string (value));
      break;
    case PROP_MODEL:
      hearth_device_set_model (self, g_value_get_string (value));
      break;
    case PROP_FIRMWARE:
      hearth_device_set_firmware (self, g_value_get_string (value));
      break;
    case PROP_SERIAL:
      hearth_device_set_serial (self, g_value_get_string (value));
      break;
    case PROP_STATE:
      hearth_device_set_state (self, g_value_get_enum (value));
      break;
    case PROP_LIVE:
      hearth_device_set_live (self, g_value_get_enum (value));
      break;
    case PROP_HOST:
    case PROP_PORT:
    case PROP_AVAILABLE:
    case PROP_LAST_SEEN:
    case PROP_CONTROLS:
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hearth_device_class_init (HearthDeviceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;
  const GParamFlags construct = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = hearth_device_finalize;
  object_class->get_property = hearth_device_get_property;
  object_class->set_property = hearth_device_set_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, construct);
  properties[PROP_FAMILY] = g_param_spec_string ("family", NULL, NULL, NULL, construct);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, rw);
  properties[PROP_MODEL] = g_param_spec_string ("model", NULL, NULL, NULL, rw);
  properties[PROP_FIRMWARE] = g_param_spec_string ("firmware", NULL, NULL, NULL, rw);
  properties[PROP_SERIAL] = g_param_spec_string ("serial", NULL, NULL, NULL, rw);
  properties[PROP_HOST] = g_param_spec_string ("host", NULL, NULL, NULL, ro);
  properties[PROP_PORT] = g_param_spec_uint ("port", NULL, NULL, 0, G_MAXUINT16, 0, ro);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       HEARTH_TYPE_DEVICE_STATE, HEARTH_DEVICE_STATE_CONNECTING, rw);
  properties[PROP_AVAILABLE] = g_param_spec_boolean ("available", NULL, NULL, FALSE, ro);
  properties[PROP_LIVE] =
    g_param_spec_enum ("live", NULL, NULL, HEARTH_TYPE_LIVE, HEARTH_LIVE_POLL, rw);
  properties[PROP_LAST_SEEN] = g_param_spec_int64 ("last-seen", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_CONTROLS] =
    g_param_spec_object ("controls", NULL, NULL, G_TYPE_LIST_MODEL, ro);

  g_object_class_install_properties (object_class, G_N_ELEMENTS (properties), properties);
}

static void
hearth_device_init (HearthDevice *self)
{
  self->controls = g_list_store_new (HEARTH_TYPE_CONTROL);
}

HearthDevice *
hearth_device_new (const char *id,
                   const char *family)
{
  g_return_val_if_fail (id != NULL && *id != '\0', NULL);
  g_return_val_if_fail (family != NULL, NULL);

  return g_object_new (HEARTH_TYPE_DEVICE, "id", id, "family", family, NULL);
}

const char *
hearth_device_get_id (HearthDevice *self)
{
  g_return_val_if_fail (HEARTH_IS_DEVICE (self), NULL);
  return self->id;
}

const char *
hearth_device_get_family (HearthDevice *self)
{
  g_return_val_if_fail (HEARTH_IS_DEVICE (self), NULL);
  return self->family;
}

static void
set_string (HearthDevice          *self,
            char                 **field,
            const char            *value,
            HearthDeviceProperty   prop)
{
  if (value != NULL && *value == '\0')
    value = NULL;
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

/* Never empty: a device always has something to call it by. */
const char *
hearth_device_get_name (HearthDevice *self)
{
  g_return_val_if_fail (HEARTH_IS_DEVICE (self), NULL);

  if (self->name != NULL)
    return self->name;
  if (self->model != NULL)
    return self->model;
  return self->id;
}

void
hearth_device_set_name (HearthDevice *self,
                        const char   *name)
{
  g_return_if_fail (HEARTH_IS_DEVICE (self));
  set_string (self, &self->name, name, PROP_NAME);
}

const char *
hearth_device_get_model (HearthDevice *self)
{
  g_return_val_if_fail (HEARTH_IS_DEVICE (self), NULL);
  return self->model;
}

void
hearth_device_set_model (HearthDevice *self,
                         const char   *model)
{
  g_return_if_fail (HEARTH_IS_DEVICE (self));

  g_object_freeze_notify (G_OBJECT (self));
  set_string (self, &self->model, model, PROP_MODEL);
  if (self->name == NULL)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
  g_object_thaw_notify (G_OBJECT (self));
}

const char *
hearth_device_get_firmware (HearthDevice *self)
{
  g_return_val_if_fail (HEARTH_IS_DEVICE (self), NULL);
  return self->firmware;
}

void
hearth_device_set_firmware (HearthDevice *self,
                            const char   *firmware)
{
  g_return_if_fail (HEARTH_IS_DEVICE (self));
  set_string (self, &self->firmware, firmware, PROP_FIRMWARE);
}

const char *
hearth_device_get_serial (HearthDevice *self)
{
  g_return_val_if_fail (HEARTH_IS_DEVICE (self), NULL);
  return self->serial;
}

void
hearth_device_set_serial (HearthDevice *self,
                          const char   *serial)
{
  g_return_if_fail (HEARTH_IS_DEVICE (self));
  set_string (self, &self->serial, serial, PROP_SERIAL);
}

const char *
hearth_device_get_host (HearthDevice *self)
{
  g_return_val_if_fail (HEARTH_IS_DEVICE (self), NULL);
  return self->host;
}

guint16
hearth_device_get_port (HearthDevice *self)
{
  g_return_val_if_fail (HEARTH_IS_DEVICE (self), 0);
  return self->port;
}

void
hearth_device_set_address (HearthDevice *self,
                           const char   *host,
                           guint16       port)
{
  g_return_if_fail (HEARTH_IS_DEVICE (self));

  g_object_freeze_notify (G_OBJECT (self));
  set_string (self, &self->host, host, PROP_HOST);
  if (self->port != port)
    {
      self->port = port;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PORT]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

HearthDeviceState
hearth_device_get_state (HearthDevice *self)
{
  g_return_val_if_fail (HEARTH_IS_DEVICE (self), HEARTH_DEVICE_STATE_UNAVAILABLE);
  return self->state;
}

void
hearth_device_set_state (HearthDevice      *self,
                         HearthDeviceState  state)
{
  gboolean was_available;

  g_return_if_fail (HEARTH_IS_DEVICE (self));

  if (self->state == state)
    return;

  was_available = hearth_device_get_available (self);
  self->state = state;

  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  if (was_available != hearth_device_get_available (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AVAILABLE]);
  g_object_thaw_notify (G_OBJECT (self));
}

gboolean
hearth_device_get_available (HearthDevice *self)
{
  g_return_val_if_fail (HEARTH_IS_DEVICE (self), FALSE);
  return self->state == HEARTH_DEVICE_STATE_ONLINE;
}

HearthLive
hearth_device_get_live (HearthDevice *self)
{
  g_return_val_if_fail (HEARTH_IS_DEVICE (self), HEARTH_LIVE_POLL);
  return self->live;
}

void
hearth_device_set_live (HearthDevice *self,
                        HearthLive    live)
{
  g_return_if_fail (HEARTH_IS_DEVICE (self));

  if (self->live == live)
    return;
  self->live = live;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LIVE]);
}

gint64
hearth_device_get_last_seen (HearthDevice *self)
{
  g_return_val_if_fail (HEARTH_IS_DEVICE (self), 0);
  return self->last_seen;
}

void
hearth_device_mark_seen (HearthDevice *self)
{
  gint64 now;

  g_return_if_fail (HEARTH_IS_DEVICE (self));

  now = g_get_real_time ();

  g_object_freeze_notify (G_OBJECT (self));
  /* last-seen is for people ("last seen 14:02"): a second is fine enough,
   * and spares the views a notify per pushed message. */
  if (now / G_USEC_PER_SEC != self->last_seen / G_USEC_PER_SEC)
    {
      self->last_seen = now;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_SEEN]);
    }
  hearth_device_set_state (self, HEARTH_DEVICE_STATE_ONLINE);
  g_object_thaw_notify (G_OBJECT (self));
}

GListModel *
hearth_device_get_controls (HearthDevice *self)
{
  g_return_val_if_fail (HEARTH_IS_DEVICE (self), NULL);
  return G_LIST_MODEL (self->controls);
}

static gboolean
find_control (HearthDevice *self,
              const char   *control_id,
              guint        *position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->controls));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HearthControl) control = g_list_model_get_item (G_LIST_MODEL (self->controls), i);

      if (g_strcmp0 (hearth_control_get_id (control), control_id) == 0)
        {
          *position = i;
          return TRUE;
        }
    }

  return FALSE;
}

HearthControl *
hearth_device_find_control (HearthDevice *self,
                            const char   *control_id)
{
  guint position;
  HearthControl *control;

  g_return_val_if_fail (HEARTH_IS_DEVICE (self), NULL);
  g_return_val_if_fail (control_id != NULL, NULL);

  if (!find_control (self, control_id, &position))
    return NULL;

  /* The store holds a reference: hand out a borrowed pointer. */
  control = g_list_model_get_item (G_LIST_MODEL (self->controls), position);
  g_object_unref (control);
  return control;
}

HearthControl *
hearth_device_ensure_control (HearthDevice      *self,
                              const char        *control_id,
                              HearthControlKind  kind,
                              const char        *name)
{
  g_autoptr(HearthControl) control = NULL;
  HearthControl *existing;

  g_return_val_if_fail (HEARTH_IS_DEVICE (self), NULL);
  g_return_val_if_fail (control_id != NULL, NULL);

  existing = hearth_device_find_control (self, control_id);
  if (existing != NULL)
    return existing;

  control = hearth_control_new (control_id, kind, name);
  g_list_store_append (self->controls, control);
  return control;
}

void
hearth_device_remove_control (HearthDevice *self,
                              const char   *control_id)
{
  guint position;

  g_return_if_fail (HEARTH_IS_DEVICE (self));
  g_return_if_fail (control_id != NULL);

  if (find_control (self, control_id, &position))
    g_list_store_remove (self->controls, position);
}

char *
hearth_device_make_address_id (const char *family,
                               const char *host,
                               guint16     port)
{
  g_return_val_if_fail (family != NULL, NULL);
  g_return_val_if_fail (host != NULL, NULL);

  if (strchr (host, ':') != NULL)
    return g_strdup_printf ("%s@[%s]:%u", family, host, port);
  return g_strdup_printf ("%s@%s:%u", family, host, port);
}

gboolean
hearth_device_has_address_id (HearthDevice *self)
{
  g_return_val_if_fail (HEARTH_IS_DEVICE (self), FALSE);

  return strchr (self->id, '@') != NULL;
}

const char *
hearth_device_state_to_string (HearthDeviceState state)
{
  switch (state)
    {
    case HEARTH_DEVICE_STATE_CONNECTING:
      return "connecting";
    case HEARTH_DEVICE_STATE_ONLINE:
      return "online";
    case HEARTH_DEVICE_STATE_UNAVAILABLE:
      return "unavailable";
    case HEARTH_DEVICE_STATE_NEEDS_PAIRING:
      return "needs-pairing";
    case HEARTH_DEVICE_STATE_NEEDS_PASSWORD:
      return "needs-password";
    case HEARTH_DEVICE_STATE_WRONG_DEVICE:
      return "wrong-device";
    default:
      return "unknown";
    }
}

const char *
hearth_live_to_string (HearthLive live)
{
  switch (live)
    {
    case HEARTH_LIVE_POLL:
      return "poll";
    case HEARTH_LIVE_PUSH:
      return "push";
    default:
      return "unknown";
    }
}
