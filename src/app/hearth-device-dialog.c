/* hearth-device-dialog.c: what the dialogs about one device share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hearth-device-dialog-private.h"

typedef struct
{
  HearthHome   *home;
  HearthDevice *device;
  GCancellable *cancellable;   /* set while a request is on its way */
} HearthDeviceDialogPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (HearthDeviceDialog, hearth_device_dialog, ADW_TYPE_WINDOW)

typedef enum
{
  PROP_HOME = 1,
  PROP_DEVICE,
} HearthDeviceDialogProperty;

static GParamSpec *properties[PROP_DEVICE + 1];

GtkWidget *
_hearth_device_dialog_new (GType         type,
                           GtkWindow    *parent,
                           HearthHome   *home,
                           HearthDevice *device)
{
  g_return_val_if_fail (g_type_is_a (type, HEARTH_TYPE_DEVICE_DIALOG), NULL);
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (HEARTH_IS_HOME (home), NULL);
  g_return_val_if_fail (device == NULL || HEARTH_IS_DEVICE (device), NULL);

  return g_object_new (type,
                       "transient-for", parent,
                       "home", home,
                       "device", device,
                       NULL);
}

HearthHome *
hearth_device_dialog_get_home (HearthDeviceDialog *self)
{
  HearthDeviceDialogPrivate *priv = hearth_device_dialog_get_instance_private (self);

  g_return_val_if_fail (HEARTH_IS_DEVICE_DIALOG (self), NULL);

  return priv->home;
}

HearthDevice *
hearth_device_dialog_get_device (HearthDeviceDialog *self)
{
  HearthDeviceDialogPrivate *priv = hearth_device_dialog_get_instance_private (self);

  g_return_val_if_fail (HEARTH_IS_DEVICE_DIALOG (self), NULL);

  return priv->device;
}

void
_hearth_device_dialog_set_device (HearthDeviceDialog *self,
                                  HearthDevice       *device)
{
  HearthDeviceDialogPrivate *priv = hearth_device_dialog_get_instance_private (self);

  g_return_if_fail (HEARTH_IS_DEVICE_DIALOG (self));
  g_return_if_fail (device == NULL || HEARTH_IS_DEVICE (device));

  if (g_set_object (&priv->device, device))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEVICE]);
}

GCancellable *
_hearth_device_dialog_begin (HearthDeviceDialog *self)
{
  HearthDeviceDialogPrivate *priv = hearth_device_dialog_get_instance_private (self);

  g_return_val_if_fail (HEARTH_IS_DEVICE_DIALOG (self), NULL);

  _hearth_device_dialog_cancel (self);
  priv->cancellable = g_cancellable_new ();

  return priv->cancellable;
}

void
_hearth_device_dialog_end (HearthDeviceDialog *self)
{
  HearthDeviceDialogPrivate *priv = hearth_device_dialog_get_instance_private (self);

  g_return_if_fail (HEARTH_IS_DEVICE_DIALOG (self));

  g_clear_object (&priv->cancellable);
}

void
_hearth_device_dialog_cancel (HearthDeviceDialog *self)
{
  HearthDeviceDialogPrivate *priv = hearth_device_dialog_get_instance_private (self);

  g_return_if_fail (HEARTH_IS_DEVICE_DIALOG (self));

  if (priv->cancellable != NULL)
    g_cancellable_cancel (priv->cancellable);
  g_clear_object (&priv->cancellable);
}

gboolean
_hearth_device_dialog_is_busy (HearthDeviceDialog *self)
{
  HearthDeviceDialogPrivate *priv = hearth_device_dialog_get_instance_private (self);

  g_return_val_if_fail (HEARTH_IS_DEVICE_DIALOG (self), FALSE);

  return priv->cancellable != NULL;
}

void
_hearth_device_dialog_done (HearthDeviceDialog *self,
                            const char         *message)
{
  GtkWindow *parent;

  g_return_if_fail (HEARTH_IS_DEVICE_DIALOG (self));
  g_return_if_fail (message != NULL);

  parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  if (parent != NULL)
    gtk_widget_activate_action (GTK_WIDGET (parent), "win.toast", "s", message);
  gtk_window_close (GTK_WINDOW (self));
}

static void
hearth_device_dialog_constructed (GObject *object)
{
  HearthDeviceDialog *self = HEARTH_DEVICE_DIALOG (object);
  HearthDeviceDialogPrivate *priv = hearth_device_dialog_get_instance_private (self);

  G_OBJECT_CLASS (hearth_device_dialog_parent_class)->constructed (object);

  g_assert (HEARTH_IS_HOME (priv->home));
}

static void
hearth_device_dialog_dispose (GObject *object)
{
  HearthDeviceDialog *self = HEARTH_DEVICE_DIALOG (object);
  HearthDeviceDialogPrivate *priv = hearth_device_dialog_get_instance_private (self);

  _hearth_device_dialog_cancel (self);
  g_clear_object (&priv->device);
  g_clear_object (&priv->home);

  G_OBJECT_CLASS (hearth_device_dialog_parent_class)->dispose (object);
}

static void
hearth_device_dialog_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  HearthDeviceDialog *self = HEARTH_DEVICE_DIALOG (object);
  HearthDeviceDialogPrivate *priv = hearth_device_dialog_get_instance_private (self);

  switch ((HearthDeviceDialogProperty) prop_id)
    {
    case PROP_HOME:
      g_value_set_object (value, priv->home);
      break;
    case PROP_DEVICE:
      g_value_set_object (value, priv->device);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hearth_device_dialog_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  HearthDeviceDialog *self = HEARTH_DEVICE_DIALOG (object);
  HearthDeviceDialogPrivate *priv = hearth_device_dialog_get_instance_private (self);

  switch ((HearthDeviceDialogProperty) prop_id)
    {
    case PROP_HOME:
      priv->home = g_value_dup_object (value);
      break;
    case PROP_DEVICE:
      priv->device = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hearth_device_dialog_class_init (HearthDeviceDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = hearth_device_dialog_constructed;
  object_class->dispose = hearth_device_dialog_dispose;
  object_class->get_property = hearth_device_dialog_get_property;
  object_class->set_property = hearth_device_dialog_set_property;

  properties[PROP_HOME] =
    g_param_spec_object ("home", NULL, NULL,
                         HEARTH_TYPE_HOME,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DEVICE] =
    g_param_spec_object ("device", NULL, NULL,
                         HEARTH_TYPE_DEVICE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, G_N_ELEMENTS (properties), properties);
}

static void
hearth_device_dialog_init (HearthDeviceDialog *self)
{
}
