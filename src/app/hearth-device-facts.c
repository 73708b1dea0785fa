/* hearth-device-facts.c: the box a control runs on
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "hearth-device-facts.h"
#include "hearth-device-text.h"

struct _HearthDeviceFacts
{
  HearthItemGroup      parent_instance;

  HearthHome          *home;
  GSignalGroup        *device_signals;

  /* template children */
  AdwActionRow        *model_row;
  AdwActionRow        *firmware_row;
  AdwActionRow        *address_row;
  AdwActionRow        *hardware_id_row;
  AdwActionRow        *updates_row;
  AdwActionRow        *status_row;
  AdwActionRow        *last_seen_row;
};

G_DEFINE_FINAL_TYPE (HearthDeviceFacts, hearth_device_facts, HEARTH_TYPE_ITEM_GROUP)

typedef enum
{
  PROP_HOME = 1,
} HearthDeviceFactsProperty;

static GParamSpec *properties[PROP_HOME + 1];

/* Texts */

static const char *
format_status (HearthDevice *device)
{
  switch (hearth_device_get_state (device))
    {
    case HEARTH_DEVICE_STATE_CONNECTING:
      return _("Connecting…");
    case HEARTH_DEVICE_STATE_ONLINE:
      return _("Online");
    case HEARTH_DEVICE_STATE_UNAVAILABLE:
      return _("Not answering");
    case HEARTH_DEVICE_STATE_NEEDS_PAIRING:
      return _("Needs pairing");
    case HEARTH_DEVICE_STATE_NEEDS_PASSWORD:
      return _("Needs a password");
    case HEARTH_DEVICE_STATE_WRONG_DEVICE:
      return _("Another device answers at this address");
    default:
      return _("Unknown");
    }
}

static void
set_subtitle (AdwActionRow *row,
              const char   *text)
{
  if (g_strcmp0 (adw_action_row_get_subtitle (row), text ? text : "") != 0)
    adw_action_row_set_subtitle (row, text ? text : "");
}

static void
update_device (HearthDeviceFacts *self)
{
  HearthDevice *device = hearth_item_group_get_device (HEARTH_ITEM_GROUP (self));
  g_autofree char *model = NULL;
  g_autofree char *address = NULL;
  g_autofree char *updates = NULL;
  g_autofree char *last_seen = NULL;
  gint64 seen;

  if (device == NULL)
    return;

  model = hearth_device_text_model (self->home, device);
  address = hearth_device_text_address (hearth_device_get_host (device),
                                        hearth_device_get_port (device));
  set_subtitle (self->model_row, model);
  set_subtitle (self->firmware_row,
             hearth_device_get_firmware (device) ? hearth_device_get_firmware (device) : _("Unknown"));
  set_subtitle (self->address_row, address);
  set_subtitle (self->hardware_id_row, hearth_device_get_id (device));
  set_subtitle (self->status_row, format_status (device));

  if (hearth_device_get_live (device) == HEARTH_LIVE_PUSH)
    updates = g_strdup (_("Pushed by the device"));
  else
    {
      guint interval = self->home != NULL ? hearth_home_get_poll_interval (self->home, device) : 0;

      if (interval >= 1000)
        updates = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                "Asked every second",
                                                "Asked every %u seconds",
                                                interval / 1000),
                                   interval / 1000);
      else
        updates = g_strdup (_("Asked regularly"));
    }
  set_subtitle (self->updates_row, updates);

  seen = hearth_device_get_last_seen (device);
  last_seen = seen > 0 ? hearth_device_text_time (seen) : g_strdup (_("Never"));
  set_subtitle (self->last_seen_row, last_seen);
}

static void
on_device_notify (HearthDeviceFacts *self)
{
  update_device (self);
}

/* GObject */

GtkWidget *
hearth_device_facts_new (void)
{
  return g_object_new (HEARTH_TYPE_DEVICE_FACTS, NULL);
}

HearthHome *
hearth_device_facts_get_home (HearthDeviceFacts *self)
{
  g_return_val_if_fail (HEARTH_IS_DEVICE_FACTS (self), NULL);

  return self->home;
}

void
hearth_device_facts_set_home (HearthDeviceFacts *self,
                              HearthHome        *home)
{
  g_return_if_fail (HEARTH_IS_DEVICE_FACTS (self));
  g_return_if_fail (home == NULL || HEARTH_IS_HOME (home));

  if (g_set_object (&self->home, home))
    {
      update_device (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HOME]);
    }
}

static void
hearth_device_facts_dispose (GObject *object)
{
  HearthDeviceFacts *self = HEARTH_DEVICE_FACTS (object);

  if (self->device_signals != NULL)
    g_signal_group_set_target (self->device_signals, NULL);
  g_clear_object (&self->device_signals);

  gtk_widget_dispose_template (GTK_WIDGET (self), HEARTH_TYPE_DEVICE_FACTS);

  g_clear_object (&self->home);

  G_OBJECT_CLASS (hearth_device_facts_parent_class)->dispose (object);
}

static void
hearth_device_facts_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  HearthDeviceFacts *self = HEARTH_DEVICE_FACTS (object);

  switch ((HearthDeviceFactsProperty) prop_id)
    {
    case PROP_HOME:
      g_value_set_object (value, self->home);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hearth_device_facts_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  HearthDeviceFacts *self = HEARTH_DEVICE_FACTS (object);

  switch ((HearthDeviceFactsProperty) prop_id)
    {
    case PROP_HOME:
      hearth_device_facts_set_home (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hearth_device_facts_bind (HearthItemGroup *group)
{
  HearthDeviceFacts *self = HEARTH_DEVICE_FACTS (group);

  g_signal_group_set_target (self->device_signals, hearth_item_group_get_device (group));
  update_device (self);
}

static void
hearth_device_facts_class_init (HearthDeviceFactsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hearth_device_facts_dispose;
  HEARTH_ITEM_GROUP_CLASS (klass)->bind = hearth_device_facts_bind;
  object_class->get_property = hearth_device_facts_get_property;
  object_class->set_property = hearth_device_facts_set_property;

  properties[PROP_HOME] =
    g_param_spec_object ("home", NULL, NULL, HEARTH_TYPE_HOME,
                         G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, G_N_ELEMENTS (properties), properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/hearthapp/Hearth/hearth-device-facts.ui");
  gtk_widget_class_bind_template_child (widget_class, HearthDeviceFacts, model_row);
  gtk_widget_class_bind_template_child (widget_class, HearthDeviceFacts, firmware_row);
  gtk_widget_class_bind_template_child (widget_class, HearthDeviceFacts, address_row);
  gtk_widget_class_bind_template_child (widget_class, HearthDeviceFacts, hardware_id_row);
  gtk_widget_class_bind_template_child (widget_class, HearthDeviceFacts, updates_row);
  gtk_widget_class_bind_template_child (widget_class, HearthDeviceFacts, status_row);
  gtk_widget_class_bind_template_child (widget_class, HearthDeviceFacts, last_seen_row);
}

static void
hearth_device_facts_init (HearthDeviceFacts *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->device_signals = g_signal_group_new (HEARTH_TYPE_DEVICE);
  g_signal_group_connect_swapped (self->device_signals, "notify",
                                  G_CALLBACK (on_device_notify), self);
}
