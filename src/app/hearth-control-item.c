/* hearth-control-item.c: one tile's worth of state for the views
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "hearth-store.h"
#include "hearth-device-text.h"
#include "hearth-control-item.h"
#include "hearth-control-item-private.h"

struct _HearthControlItem
{
  GObject        parent_instance;

  HearthDevice  *device;
  HearthControl *control;
  HearthStore   *store;
  GListStore    *attached;

  char          *key;
  char          *title;
  char          *room;
  char          *icon_name;
  char          *state_text;
  char          *search_text;
  int            color;
  guint          favourite : 1;
  guint          hidden : 1;
  guint          available : 1;
  guint          toggles : 1;
};

G_DEFINE_FINAL_TYPE (HearthControlItem, hearth_control_item, G_TYPE_OBJECT)

typedef enum
{
  PROP_DEVICE = 1,
  PROP_CONTROL,
  PROP_STORE,
  PROP_KEY,
  PROP_TITLE,
  PROP_ROOM,
  PROP_FAVOURITE,
  PROP_HIDDEN,
  PROP_AVAILABLE,
  PROP_ICON_NAME,
  PROP_STATE_TEXT,
  PROP_COLOR,
  PROP_SEARCH_TEXT,
  PROP_ATTACHED,
  PROP_TOGGLES,
} HearthControlItemProperty;

static GParamSpec *properties[PROP_TOGGLES + 1];

/* Texts */

static char *
format_percent (int value)
{
  /* TRANSLATORS: a percentage on a tile, e.g. "70 %" */
  return g_strdup_printf (_("%d %%"), value);
}

static char *
format_unavailable (HearthDevice *device)
{
  gint64 last_seen = hearth_device_get_last_seen (device);
  g_autoptr(GDateTime) when = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *time = NULL;

  if (last_seen <= 0)
    return g_strdup (_("Unavailable"));

  when = g_date_time_new_from_unix_local (last_seen / G_USEC_PER_SEC);
  now = g_date_time_new_now_local ();
  if (when == NULL || now == NULL)
    return g_strdup (_("Unavailable"));

  if (g_date_time_get_year (when) == g_date_time_get_year (now) &&
      g_date_time_get_day_of_year (when) == g_date_time_get_day_of_year (now))
    {
      /* TRANSLATORS: a time of day, as in "Unavailable since 14:02"; see strftime */
      time = g_date_time_format (when, _("%H:%M"));
      /* TRANSLATORS: %s is a time of day, e.g. "14:02" */
      return g_strdup_printf (_("Unavailable since %s"), time);
    }

  /* TRANSLATORS: a date, as in "Unavailable since 3 March"; see strftime */
  time = g_date_time_format (when, _("%-d %B"));
  /* TRANSLATORS: %s is a date, e.g. "3 March" */
  return g_strdup_printf (_("Unavailable since %s"), time);
}

static HearthControl *
find_attached (HearthControlItem *self,
               const char        *quantity)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->attached));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HearthControl) reading = g_list_model_get_item (G_LIST_MODEL (self->attached), i);

      if (g_strcmp0 (hearth_control_get_quantity (reading), quantity) == 0)
        return reading;
    }

  return NULL;
}

static char *
describe_state (HearthControlItem *self)
{
  HearthControl *control = self->control;
  HearthCapabilities caps = hearth_control_get_capabilities (control);
  g_autofree char *detail = NULL;

  switch (hearth_device_get_state (self->device))
    {
    case HEARTH_DEVICE_STATE_CONNECTING:
      return g_strdup (_("Connecting…"));
    case HEARTH_DEVICE_STATE_UNAVAILABLE:
      return format_unavailable (self->device);
    case HEARTH_DEVICE_STATE_NEEDS_PAIRING:
      return g_strdup (_("Needs pairing"));
    case HEARTH_DEVICE_STATE_NEEDS_PASSWORD:
      return g_strdup (_("Needs a password"));
    case HEARTH_DEVICE_STATE_WRONG_DEVICE:
      /* TRANSLATORS: on a tile, short: the details say the whole sentence */
      return g_strdup (_("Another device answers"));
    case HEARTH_DEVICE_STATE_ONLINE:
    default:
      break;
    }

  switch (hearth_control_get_kind (control))
    {
    case HEARTH_CONTROL_KIND_SENSOR:
      return hearth_device_text_reading (control);

    case HEARTH_CONTROL_KIND_COVER:
      {
        int position = hearth_control_get_position (control);

        switch (hearth_control_get_cover_state (control))
          {
          case HEARTH_COVER_STATE_OPENING:
            if (position < 0)
              return g_strdup (_("Opening"));
            detail = format_percent (position);
            /* TRANSLATORS: a cover moving, e.g. "Opening · 51 %" */
            return g_strdup_printf (_("Opening · %s"), detail);
          case HEARTH_COVER_STATE_CLOSING:
            if (position < 0)
              return g_strdup (_("Closing"));
            detail = format_percent (position);
            /* TRANSLATORS: a cover moving, e.g. "Closing · 51 %" */
            return g_strdup_printf (_("Closing · %s"), detail);
          case HEARTH_COVER_STATE_OPEN:
          case HEARTH_COVER_STATE_CLOSED:
          case HEARTH_COVER_STATE_STOPPED:
          default:
            if (position >= 100 || (position < 0 && hearth_control_get_cover_state (control) == HEARTH_COVER_STATE_OPEN))
              return g_strdup (_("Open"));
            if (position == 0 || (position < 0 && hearth_control_get_cover_state (control) == HEARTH_COVER_STATE_CLOSED))
              return g_strdup (_("Closed"));
            if (position < 0)
              return g_strdup (_("Stopped"));
            /* TRANSLATORS: a cover that is partly open, e.g. "51 % open" */
            return g_strdup_printf (_("%d %% open"), position);
          }
      }

    case HEARTH_CONTROL_KIND_LIGHT:
      if ((caps & HEARTH_CAPABILITY_ON_OFF) && !hearth_control_get_on (control))
        return g_strdup (_("Off"));
      if ((caps & HEARTH_CAPABILITY_BRIGHTNESS) && hearth_control_get_brightness (control) >= 0)
        {
          detail = format_percent (hearth_control_get_brightness (control));
          /* TRANSLATORS: a light that is on, e.g. "On · 70 %" */
          return g_strdup_printf (_("On · %s"), detail);
        }
      return g_strdup (_("On"));

    case HEARTH_CONTROL_KIND_SWITCH:
    default:
      if (!hearth_control_get_on (control))
        return g_strdup (_("Off"));
      {
        HearthControl *power = find_attached (self, "power");

        if (power != NULL && hearth_control_get_value (power) > 0.0)
          {
            detail = hearth_device_text_reading (power);
            /* TRANSLATORS: a switch that is on and what it draws, e.g. "On · 42 W" */
            return g_strdup_printf (_("On · %s"), detail);
          }
      }
      return g_strdup (_("On"));
    }
}

static const char *
pick_icon_name (HearthControlItem *self)
{
  HearthControl *control = self->control;

  switch (hearth_control_get_kind (control))
    {
    case HEARTH_CONTROL_KIND_LIGHT:
      return hearth_control_get_on (control) ? "hearth-light-on-symbolic" : "hearth-light-off-symbolic";

    case HEARTH_CONTROL_KIND_COVER:
      {
        int position = hearth_control_get_position (control);
        HearthCoverState state = hearth_control_get_cover_state (control);

        if (state == HEARTH_COVER_STATE_CLOSED || (position >= 0 && position <= 5))
          return "hearth-blinds-closed-symbolic";
        return "hearth-blinds-open-symbolic";
      }

    case HEARTH_CONTROL_KIND_SENSOR:
      {
        const char *quantity = hearth_control_get_quantity (control);

        if (g_strcmp0 (quantity, "temperature") == 0)
          return "hearth-thermometer-symbolic";
        if (g_strcmp0 (quantity, "humidity") == 0)
          return "hearth-humidity-symbolic";
        if (g_strcmp0 (quantity, "power") == 0 ||
            g_strcmp0 (quantity, "energy") == 0 ||
            g_strcmp0 (quantity, "voltage") == 0 ||
            g_strcmp0 (quantity, "current") == 0)
          return "hearth-power-symbolic";
        if (g_strcmp0 (quantity, "battery") == 0)
          {
            double level = hearth_control_get_value (control);

            if (level < 15.0)
              return "battery-level-10-symbolic";
            if (level < 45.0)
              return "battery-level-30-symbolic";
            if (level < 75.0)
              return "battery-level-60-symbolic";
            return "battery-level-100-symbolic";
          }
        return "hearth-sensor-symbolic";
      }

    case HEARTH_CONTROL_KIND_SWITCH:
    default:
      {
        const char *model = hearth_device_get_model (self->device);

        /* Shelly Plugs (Gen1 SHPLG-*, Gen2+ SNPL-*) are plugs; other
         * switches are relays behind a wall switch or an appliance. */
        if (model != NULL && (g_str_has_prefix (model, "SHPLG") || g_str_has_prefix (model, "SNPL")))
          return hearth_control_get_on (control) ? "hearth-plug-on-symbolic" : "hearth-plug-off-symbolic";
        return hearth_control_get_on (control) ? "hearth-switch-on-symbolic" : "hearth-switch-off-symbolic";
      }
    }
}

static const char *
kind_label (HearthControlKind kind)
{
  switch (kind)
    {
    case HEARTH_CONTROL_KIND_LIGHT:
      return _("Light");
    case HEARTH_CONTROL_KIND_COVER:
      return _("Cover");
    case HEARTH_CONTROL_KIND_SENSOR:
      return _("Sensor");
    case HEARTH_CONTROL_KIND_SWITCH:
    default:
      return _("Switch");
    }
}

/* Updating */

static gboolean
set_string (char       **field,
            const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

static gboolean
take_string (char **field,
             char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    {
      g_free (value);
      return FALSE;
    }
  g_free (*field);
  *field = value;
  return TRUE;
}

static void
update (HearthControlItem *self)
{
  GObject *object = G_OBJECT (self);
  const char *name = NULL;
  const char *room = NULL;
  gboolean favourite = FALSE;
  gboolean hidden = FALSE;
  gboolean available;
  int color = -1;
  g_autofree char *search = NULL;

  if (self->store != NULL)
    {
      name = hearth_store_get_name (self->store, self->key);
      room = hearth_store_get_room (self->store, self->key);
      favourite = hearth_store_get_favourite (self->store, self->key);
      hidden = hearth_store_get_hidden (self->store, self->key);
    }
  if (name == NULL || *name == '\0')
    name = hearth_control_get_name (self->control);
  if (name == NULL || *name == '\0')
    name = hearth_device_get_name (self->device);
  if (name == NULL || *name == '\0')
    name = hearth_control_get_id (self->control);
  if (room != NULL && *room == '\0')
    room = NULL;

  available = hearth_device_get_available (self->device);

  if (hearth_control_get_kind (self->control) == HEARTH_CONTROL_KIND_LIGHT &&
      hearth_control_has_capability (self->control, HEARTH_CAPABILITY_COLOR) &&
      hearth_control_get_on (self->control))
    color = hearth_control_get_color (self->control);

  g_object_freeze_notify (object);

  if (set_string (&self->title, name))
    g_object_notify_by_pspec (object, properties[PROP_TITLE]);
  if (set_string (&self->room, room))
    g_object_notify_by_pspec (object, properties[PROP_ROOM]);
  if (self->favourite != !!favourite)
    {
      self->favourite = !!favourite;
      g_object_notify_by_pspec (object, properties[PROP_FAVOURITE]);
    }
  if (self->hidden != !!hidden)
    {
      self->hidden = !!hidden;
      g_object_notify_by_pspec (object, properties[PROP_HIDDEN]);
    }
  if (self->available != !!available)
    {
      self->available = !!available;
      g_object_notify_by_pspec (object, properties[PROP_AVAILABLE]);
    }
  if (set_string (&self->icon_name, pick_icon_name (self)))
    g_object_notify_by_pspec (object, properties[PROP_ICON_NAME]);
  if (take_string (&self->state_text, describe_state (self)))
    g_object_notify_by_pspec (object, properties[PROP_STATE_TEXT]);
  if (self->color != color)
    {
      self->color = color;
      g_object_notify_by_pspec (object, properties[PROP_COLOR]);
    }
  if (self->toggles != !!hearth_control_item_get_toggles (self))
    {
      self->toggles = !self->toggles;
      g_object_notify_by_pspec (object, properties[PROP_TOGGLES]);
    }

  {
    HearthControlKind kind = hearth_control_get_kind (self->control);
    g_autofree char *joined = g_strjoin ("\n", self->title,
                                         self->room ? self->room : "",
                                         kind_label (kind),
                                         hearth_control_kind_to_string (kind),
                                         hearth_device_get_name (self->device) ? hearth_device_get_name (self->device) : "",
                                         NULL);

    search = g_utf8_casefold (joined, -1);
  }
  if (take_string (&self->search_text, g_steal_pointer (&search)))
    g_object_notify_by_pspec (object, properties[PROP_SEARCH_TEXT]);

  g_object_thaw_notify (object);
}

static void
on_source_notify (HearthControlItem *self)
{
  update (self);
}

static void
on_store_changed (HearthControlItem *self,
                  const char        *what)
{
  /* The detail carries the key, but a room renamed or removed moves
   * controls without naming each one. */
  if (what == NULL || g_strcmp0 (what, self->key) == 0 || g_strcmp0 (what, "rooms") == 0)
    update (self);
}

static void
on_attached_notify (HearthControlItem *self)
{
  update (self);
}

/* Private API, for HearthControlList */

void
_hearth_control_item_set_attached (HearthControlItem  *self,
                                   HearthControl     **readings,
                                   guint               n_readings)
{
  guint n;
  gboolean same;

  g_return_if_fail (HEARTH_IS_CONTROL_ITEM (self));

  n = g_list_model_get_n_items (G_LIST_MODEL (self->attached));
  same = n == n_readings;
  for (guint i = 0; same && i < n; i++)
    {
      g_autoptr(HearthControl) reading = g_list_model_get_item (G_LIST_MODEL (self->attached), i);

      same = reading == readings[i];
    }
  if (same)
    return;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HearthControl) reading = g_list_model_get_item (G_LIST_MODEL (self->attached), i);

      g_signal_handlers_disconnect_by_func (reading, on_attached_notify, self);
    }
  for (guint i = 0; i < n_readings; i++)
    g_signal_connect_object (readings[i], "notify::value",
                             G_CALLBACK (on_attached_notify), self,
                             G_CONNECT_SWAPPED);

  g_list_store_splice (self->attached, 0, n, (gpointer *) readings, n_readings);
  update (self);
}

/* GObject */

static void
hearth_control_item_constructed (GObject *object)
{
  HearthControlItem *self = (HearthControlItem *)object;
  g_autofree char *detailed = NULL;

  G_OBJECT_CLASS (hearth_control_item_parent_class)->constructed (object);

  g_assert (HEARTH_IS_DEVICE (self->device));
  g_assert (HEARTH_IS_CONTROL (self->control));

  self->key = hearth_store_key (hearth_device_get_id (self->device),
                                hearth_control_get_id (self->control));

  g_signal_connect_object (self->control, "notify",
                           G_CALLBACK (on_source_notify), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->device, "notify::state",
                           G_CALLBACK (on_source_notify), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->device, "notify::name",
                           G_CALLBACK (on_source_notify), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->device, "notify::model",
                           G_CALLBACK (on_source_notify), self,
                           G_CONNECT_SWAPPED);
  /* "Unavailable since" reads last-seen, but it only changes while the
   * device answers, and then the state changes too. */

  if (self->store != NULL)
    g_signal_connect_object (self->store, "changed",
                             G_CALLBACK (on_store_changed), self,
                             G_CONNECT_SWAPPED);

  update (self);
}

static void
hearth_control_item_dispose (GObject *object)
{
  HearthControlItem *self = (HearthControlItem *)object;

  if (self->attached != NULL)
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (self->attached));

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(HearthControl) reading = g_list_model_get_item (G_LIST_MODEL (self->attached), i);

          g_signal_handlers_disconnect_by_func (reading, on_attached_notify, self);
        }
      g_list_store_remove_all (self->attached);
    }

  G_OBJECT_CLASS (hearth_control_item_parent_class)->dispose (object);
}

static void
hearth_control_item_finalize (GObject *object)
{
  HearthControlItem *self = (HearthControlItem *)object;

  g_clear_object (&self->device);
  g_clear_object (&self->control);
  g_clear_object (&self->store);
  g_clear_object (&self->attached);
  g_clear_pointer (&self->key, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->room, g_free);
  g_clear_pointer (&self->icon_name, g_free);
  g_clear_pointer (&self->state_text, g_free);
  g_clear_pointer (&self->search_text, g_free);

  G_OBJECT_CLASS (hearth_control_item_parent_class)->finalize (object);
}

static void
hearth_control_item_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  HearthControlItem *self = HEARTH_CONTROL_ITEM (object);

  switch ((HearthControlItemProperty) prop_id)
    {
    case PROP_DEVICE:
      g_value_set_object (value, self->device);
      break;
    case PROP_CONTROL:
      g_value_set_object (value, self->control);
      break;
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_KEY:
      g_value_set_string (value, self->key);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_ROOM:
      g_value_set_string (value, self->room);
      break;
    case PROP_FAVOURITE:
      g_value_set_boolean (value, self->favourite);
      break;
    case PROP_HIDDEN:
      g_value_set_boolean (value, self->hidden);
      break;
    case PROP_AVAILABLE:
      g_value_set_boolean (value, self->available);
      break;
    case PROP_ICON_NAME:
      g_value_set_string (value, self->icon_name);
      break;
    case PROP_STATE_TEXT:
      g_value_set_string (value, self->state_text);
      break;
    case PROP_COLOR:
      g_value_set_int (value, self->color);
      break;
    case PROP_SEARCH_TEXT:
      g_value_set_string (value, self->search_text);
      break;
    case PROP_ATTACHED:
      g_value_set_object (value, self->attached);
      break;
    case PROP_TOGGLES:
      g_value_set_boolean (value, hearth_control_item_get_toggles (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hearth_control_item_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  HearthControlItem *self = HEARTH_CONTROL_ITEM (object);

  switch ((HearthControlItemProperty) prop_id)
    {
    case PROP_DEVICE:
      self->device = g_value_dup_object (value);
      break;
    case PROP_CONTROL:
      self->control = g_value_dup_object (value);
      break;
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_KEY:
    case PROP_TITLE:
    case PROP_ROOM:
    case PROP_FAVOURITE:
    case PROP_HIDDEN:
    case PROP_AVAILABLE:
    case PROP_ICON_NAME:
    case PROP_STATE_TEXT:
    case PROP_COLOR:
    case PROP_SEARCH_TEXT:
    case PROP_ATTACHED:
    case PROP_TOGGLES:
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hearth_control_item_class_init (HearthControlItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags construct = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = hearth_control_item_constructed;
  object_class->dispose = hearth_control_item_dispose;
  object_class->finalize = hearth_control_item_finalize;
  object_class->get_property = hearth_control_item_get_property;
  object_class->set_property = hearth_control_item_set_property;

  properties[PROP_DEVICE] =
    g_param_spec_object ("device", NULL, NULL, HEARTH_TYPE_DEVICE, construct);
  properties[PROP_CONTROL] =
    g_param_spec_object ("control", NULL, NULL, HEARTH_TYPE_CONTROL, construct);
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, HEARTH_TYPE_STORE, construct);
  properties[PROP_KEY] =
    g_param_spec_string ("key", NULL, NULL, NULL, ro);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL, ro);
  properties[PROP_ROOM] =
    g_param_spec_string ("room", NULL, NULL, NULL, ro);
  properties[PROP_FAVOURITE] =
    g_param_spec_boolean ("favourite", NULL, NULL, FALSE, ro);
  properties[PROP_HIDDEN] =
    g_param_spec_boolean ("hidden", NULL, NULL, FALSE, ro);
  properties[PROP_AVAILABLE] =
    g_param_spec_boolean ("available", NULL, NULL, FALSE, ro);
  properties[PROP_ICON_NAME] =
    g_param_spec_string ("icon-name", NULL, NULL, NULL, ro);
  properties[PROP_STATE_TEXT] =
    g_param_spec_string ("state-text", NULL, NULL, NULL, ro);
  properties[PROP_COLOR] =
    g_param_spec_int ("color", NULL, NULL, -1, 0xffffff, -1, ro);
  properties[PROP_SEARCH_TEXT] =
    g_param_spec_string ("search-text", NULL, NULL, NULL, ro);
  properties[PROP_ATTACHED] =
    g_param_spec_object ("attached", NULL, NULL, G_TYPE_LIST_MODEL, ro);
  properties[PROP_TOGGLES] =
    g_param_spec_boolean ("toggles", NULL, NULL, FALSE, ro);

  g_object_class_install_properties (object_class, G_N_ELEMENTS (properties), properties);
}

static void
hearth_control_item_init (HearthControlItem *self)
{
  self->attached = g_list_store_new (HEARTH_TYPE_CONTROL);
  self->color = -1;
}

HearthControlItem *
hearth_control_item_new (HearthDevice  *device,
                         HearthControl *control,
                         HearthStore   *store)
{
  g_return_val_if_fail (HEARTH_IS_DEVICE (device), NULL);
  g_return_val_if_fail (HEARTH_IS_CONTROL (control), NULL);
  g_return_val_if_fail (store == NULL || HEARTH_IS_STORE (store), NULL);

  return g_object_new (HEARTH_TYPE_CONTROL_ITEM,
                       "device", device,
                       "control", control,
                       "store", store,
                       NULL);
}

HearthDevice *
hearth_control_item_get_device (HearthControlItem *self)
{
  g_return_val_if_fail (HEARTH_IS_CONTROL_ITEM (self), NULL);
  return self->device;
}

HearthControl *
hearth_control_item_get_control (HearthControlItem *self)
{
  g_return_val_if_fail (HEARTH_IS_CONTROL_ITEM (self), NULL);
  return self->control;
}

HearthStore *
hearth_control_item_get_store (HearthControlItem *self)
{
  g_return_val_if_fail (HEARTH_IS_CONTROL_ITEM (self), NULL);
  return self->store;
}

const char *
hearth_control_item_get_key (HearthControlItem *self)
{
  g_return_val_if_fail (HEARTH_IS_CONTROL_ITEM (self), NULL);
  return self->key;
}

const char *
hearth_control_item_get_title (HearthControlItem *self)
{
  g_return_val_if_fail (HEARTH_IS_CONTROL_ITEM (self), NULL);
  return self->title;
}

const char *
hearth_control_item_get_room (HearthControlItem *self)
{
  g_return_val_if_fail (HEARTH_IS_CONTROL_ITEM (self), NULL);
  return self->room;
}

gboolean
hearth_control_item_get_favourite (HearthControlItem *self)
{
  g_return_val_if_fail (HEARTH_IS_CONTROL_ITEM (self), FALSE);
  return self->favourite;
}

gboolean
hearth_control_item_get_hidden (HearthControlItem *self)
{
  g_return_val_if_fail (HEARTH_IS_CONTROL_ITEM (self), FALSE);
  return self->hidden;
}

gboolean
hearth_control_item_get_available (HearthControlItem *self)
{
  g_return_val_if_fail (HEARTH_IS_CONTROL_ITEM (self), FALSE);
  return self->available;
}

const char *
hearth_control_item_get_icon_name (HearthControlItem *self)
{
  g_return_val_if_fail (HEARTH_IS_CONTROL_ITEM (self), NULL);
  return self->icon_name;
}

const char *
hearth_control_item_get_state_text (HearthControlItem *self)
{
  g_return_val_if_fail (HEARTH_IS_CONTROL_ITEM (self), NULL);
  return self->state_text;
}

int
hearth_control_item_get_color (HearthControlItem *self)
{
  g_return_val_if_fail (HEARTH_IS_CONTROL_ITEM (self), -1);
  return self->color;
}

const char *
hearth_control_item_get_search_text (HearthControlItem *self)
{
  g_return_val_if_fail (HEARTH_IS_CONTROL_ITEM (self), NULL);
  return self->search_text;
}

GListModel *
hearth_control_item_get_attached (HearthControlItem *self)
{
  g_return_val_if_fail (HEARTH_IS_CONTROL_ITEM (self), NULL);
  return G_LIST_MODEL (self->attached);
}

gboolean
hearth_control_item_get_toggles (HearthControlItem *self)
{
  HearthControlKind kind;

  g_return_val_if_fail (HEARTH_IS_CONTROL_ITEM (self), FALSE);

  kind = hearth_control_get_kind (self->control);
  return (kind == HEARTH_CONTROL_KIND_LIGHT || kind == HEARTH_CONTROL_KIND_SWITCH) &&
         hearth_control_has_capability (self->control, HEARTH_CAPABILITY_ON_OFF);
}
