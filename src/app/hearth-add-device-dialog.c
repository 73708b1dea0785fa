/* hearth-add-device-dialog.c: a device by its address, for networks mDNS does not reach
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "hearth-add-device-dialog.h"
#include "hearth-device-text.h"

struct _HearthAddDeviceDialog
{
  AdwWindow     parent_instance;

  HearthHome   *home;
  HearthDevice *device;
  GCancellable *cancellable;
  char         *host;
  guint16       port;

  /* template children */
  GtkWidget    *cancel_button;
  GtkButton    *add_button;
  AdwEntryRow  *host_row;
  AdwEntryRow  *port_row;
  GtkStack     *result_stack;
  GtkSpinner   *spinner;
  GtkLabel     *probing_label;
  GtkLabel     *found_title;
  GtkLabel     *found_detail;
  GtkLabel     *failed_title;
  GtkLabel     *failed_detail;
};

G_DEFINE_FINAL_TYPE (HearthAddDeviceDialog, hearth_add_device_dialog, ADW_TYPE_WINDOW)

typedef enum
{
  PROP_HOME = 1,
  PROP_DEVICE,
} HearthAddDeviceDialogProperty;

static GParamSpec *properties[PROP_DEVICE + 1];

static gboolean
is_probing (HearthAddDeviceDialog *self)
{
  return self->cancellable != NULL;
}

static void
show_failure (HearthAddDeviceDialog *self,
              const char            *title,
              const char            *detail)
{
  gtk_label_set_label (self->failed_title, title);
  gtk_label_set_label (self->failed_detail, detail ? detail : "");
  gtk_widget_set_visible (GTK_WIDGET (self->failed_detail), detail != NULL);
  gtk_stack_set_visible_child_name (self->result_stack, "failed");
}

static void
on_entry_changed (HearthAddDeviceDialog *self)
{
  g_autofree char *host = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->host_row))));

  if (self->device != NULL)
    return;

  gtk_widget_set_sensitive (GTK_WIDGET (self->add_button), *host != '\0' && !is_probing (self));

  /* An old answer does not belong to a new address */
  if (!is_probing (self))
    gtk_stack_set_visible_child_name (self->result_stack, "none");
}

static void
set_probing (HearthAddDeviceDialog *self,
             gboolean               probing)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->host_row), !probing);
  gtk_widget_set_sensitive (GTK_WIDGET (self->port_row), !probing);
  gtk_widget_set_sensitive (GTK_WIDGET (self->add_button), !probing);
  gtk_spinner_set_spinning (self->spinner, probing);
  if (probing)
    gtk_stack_set_visible_child_name (self->result_stack, "probing");
}

static void
describe_error (HearthAddDeviceDialog  *self,
                const GError           *error,
                char                  **title,
                char                  **detail)
{
  g_autofree char *where = hearth_device_text_address (self->host, self->port);

  if (error->domain == G_IO_ERROR || error->domain == G_RESOLVER_ERROR)
    {
      *title = g_strdup_printf (_("Nothing answered at %s"), where);
      if (error->domain == G_RESOLVER_ERROR)
        *detail = g_strdup (_("No host on the network has that name. Check the name, or use the device’s address."));
      else
        *detail = g_strdup (_("Check the address, and that the device is switched on and on a network this computer can reach."));
    }
  else if (g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_NEEDS_PASSWORD) ||
           g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PASSWORD))
    {
      *title = g_strdup_printf (_("%s asks for a password"), where);
      *detail = g_strdup (error->message);
    }
  else
    {
      g_autofree char *families = hearth_device_text_families ();

      *title = g_strdup_printf (_("%s answered, but is no device Hearth knows"), where);
      /* TRANSLATORS: %s is a list of device families, "Shelly, WLED and Elgato" */
      *detail = g_strdup_printf (_("Hearth knows %s devices. If this is one, check the port."), families);
    }
}

static void
on_address_added (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(HearthAddDeviceDialog) self = user_data;
  g_autoptr(HearthDevice) device = NULL;
  g_autoptr(GError) error = NULL;
  HearthStore *store;

  device = hearth_home_add_address_finish (HEARTH_HOME (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->cancellable);
  set_probing (self, FALSE);

  if (device == NULL)
    {
      g_autofree char *title = NULL;
      g_autofree char *detail = NULL;

      g_debug ("Adding %s:%u failed: %s", self->host, self->port, error->message);
      describe_error (self, error, &title, &detail);
      show_failure (self, title, detail);
      gtk_widget_grab_focus (GTK_WIDGET (self->host_row));
      return;
    }

  /* For good: polled from now on, even where mDNS never sees it */
  store = hearth_home_get_store (self->home);
  if (store != NULL)
    hearth_store_add_host (store, self->host,
                           self->port != 0 ? self->port : hearth_device_get_port (device));

  g_set_object (&self->device, device);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEVICE]);

  {
    g_autofree char *title = g_strdup_printf (_("Added %s"), hearth_device_get_name (device));
    g_autofree char *model = hearth_device_text_model (device);
    g_autofree char *where = hearth_device_text_address (hearth_device_get_host (device),
                                                         hearth_device_get_port (device));
    /* TRANSLATORS: a device's model and where it is, e.g. "Elgato Key Light at 192.0.2.5" */
    g_autofree char *detail = g_strdup_printf (_("%s at %s"), model, where);

    gtk_label_set_label (self->found_title, title);
    gtk_label_set_label (self->found_detail, detail);
  }
  gtk_stack_set_visible_child_name (self->result_stack, "found");

  /* Nothing left to do here but close */
  gtk_widget_set_sensitive (GTK_WIDGET (self->host_row), FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->port_row), FALSE);
  gtk_widget_set_visible (self->cancel_button, FALSE);
  gtk_button_set_label (self->add_button, _("_Done"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->add_button), TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->add_button));
}

static void
on_add_button_clicked (HearthAddDeviceDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *host = NULL;
  g_autofree char *probing = NULL;
  g_autofree char *where = NULL;
  guint16 port = 0;

  if (self->device != NULL)
    {
      gtk_window_close (GTK_WINDOW (self));
      return;
    }

  if (is_probing (self))
    return;

  if (!hearth_device_text_parse_host (gtk_editable_get_text (GTK_EDITABLE (self->host_row)),
                                      gtk_editable_get_text (GTK_EDITABLE (self->port_row)),
                                      &host, &port, &error))
    {
      show_failure (self, error->message, NULL);
      return;
    }

  g_free (self->host);
  self->host = g_steal_pointer (&host);
  self->port = port;

  where = hearth_device_text_address (self->host, self->port);
  probing = g_strdup_printf (_("Looking for a device at %s…"), where);
  gtk_label_set_label (self->probing_label, probing);

  self->cancellable = g_cancellable_new ();
  set_probing (self, TRUE);
  hearth_home_add_address_async (self->home, self->host, self->port, self->cancellable,
                                 on_address_added, g_object_ref (self));
}

GtkWidget *
hearth_add_device_dialog_new (GtkWindow  *parent,
                              HearthHome *home)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (HEARTH_IS_HOME (home), NULL);

  return g_object_new (HEARTH_TYPE_ADD_DEVICE_DIALOG,
                       "transient-for", parent,
                       "home", home,
                       NULL);
}

HearthHome *
hearth_add_device_dialog_get_home (HearthAddDeviceDialog *self)
{
  g_return_val_if_fail (HEARTH_IS_ADD_DEVICE_DIALOG (self), NULL);

  return self->home;
}

HearthDevice *
hearth_add_device_dialog_get_device (HearthAddDeviceDialog *self)
{
  g_return_val_if_fail (HEARTH_IS_ADD_DEVICE_DIALOG (self), NULL);

  return self->device;
}

static void
hearth_add_device_dialog_dispose (GObject *object)
{
  HearthAddDeviceDialog *self = HEARTH_ADD_DEVICE_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), HEARTH_TYPE_ADD_DEVICE_DIALOG);

  g_clear_object (&self->device);
  g_clear_object (&self->home);

  G_OBJECT_CLASS (hearth_add_device_dialog_parent_class)->dispose (object);
}

static void
hearth_add_device_dialog_finalize (GObject *object)
{
  HearthAddDeviceDialog *self = HEARTH_ADD_DEVICE_DIALOG (object);

  g_clear_pointer (&self->host, g_free);

  G_OBJECT_CLASS (hearth_add_device_dialog_parent_class)->finalize (object);
}

static void
hearth_add_device_dialog_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  HearthAddDeviceDialog *self = HEARTH_ADD_DEVICE_DIALOG (object);

  switch ((HearthAddDeviceDialogProperty) prop_id)
    {
    case PROP_HOME:
      g_value_set_object (value, self->home);
      break;
    case PROP_DEVICE:
      g_value_set_object (value, self->device);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hearth_add_device_dialog_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  HearthAddDeviceDialog *self = HEARTH_ADD_DEVICE_DIALOG (object);

  switch ((HearthAddDeviceDialogProperty) prop_id)
    {
    case PROP_HOME:
      self->home = g_value_dup_object (value);
      break;
    case PROP_DEVICE:
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hearth_add_device_dialog_class_init (HearthAddDeviceDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hearth_add_device_dialog_dispose;
  object_class->finalize = hearth_add_device_dialog_finalize;
  object_class->get_property = hearth_add_device_dialog_get_property;
  object_class->set_property = hearth_add_device_dialog_set_property;

  properties[PROP_HOME] =
    g_param_spec_object ("home", NULL, NULL, HEARTH_TYPE_HOME,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DEVICE] =
    g_param_spec_object ("device", NULL, NULL, HEARTH_TYPE_DEVICE,
                         G_PARAM_READABLE |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, G_N_ELEMENTS (properties), properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/hearthapp/Hearth/hearth-add-device-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, HearthAddDeviceDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, HearthAddDeviceDialog, add_button);
  gtk_widget_class_bind_template_child (widget_class, HearthAddDeviceDialog, host_row);
  gtk_widget_class_bind_template_child (widget_class, HearthAddDeviceDialog, port_row);
  gtk_widget_class_bind_template_child (widget_class, HearthAddDeviceDialog, result_stack);
  gtk_widget_class_bind_template_child (widget_class, HearthAddDeviceDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, HearthAddDeviceDialog, probing_label);
  gtk_widget_class_bind_template_child (widget_class, HearthAddDeviceDialog, found_title);
  gtk_widget_class_bind_template_child (widget_class, HearthAddDeviceDialog, found_detail);
  gtk_widget_class_bind_template_child (widget_class, HearthAddDeviceDialog, failed_title);
  gtk_widget_class_bind_template_child (widget_class, HearthAddDeviceDialog, failed_detail);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_add_button_clicked);
}

static void
hearth_add_device_dialog_init (HearthAddDeviceDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
