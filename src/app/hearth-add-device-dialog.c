/* hearth-add-device-dialog.c: a device by its address, for networks mDNS does not reach
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "hearth-add-device-dialog.h"
#include "hearth-device-dialog-private.h"
#include "hearth-device-text.h"

struct _HearthAddDeviceDialog
{
  HearthDeviceDialog    parent_instance;

  char                 *host;
  guint16               port;
  gboolean              login;      /* the device asked for a password */
  char                 *user;       /* of that login; NULL: the family's usual one */

  /* template children */
  GtkWidget            *cancel_button;
  GtkButton            *add_button;
  AdwEntryRow          *host_row;
  AdwEntryRow          *port_row;
  GtkStack             *result_stack;
  GtkSpinner           *spinner;
  GtkLabel             *probing_label;
  GtkLabel             *found_title;
  GtkLabel             *found_detail;
  GtkLabel             *failed_title;
  GtkLabel             *failed_detail;
  GtkWidget            *login_box;
  AdwPreferencesGroup  *login_group;
  AdwEntryRow          *user_row;
  GtkWidget            *password_row;
  GtkLabel             *error_label;
};

G_DEFINE_FINAL_TYPE (HearthAddDeviceDialog, hearth_add_device_dialog, HEARTH_TYPE_DEVICE_DIALOG)

static gboolean
is_probing (HearthAddDeviceDialog *self)
{
  return _hearth_device_dialog_is_busy (HEARTH_DEVICE_DIALOG (self));
}

/* The device added, once there is one */
static HearthDevice *
get_added (HearthAddDeviceDialog *self)
{
  return hearth_device_dialog_get_device (HEARTH_DEVICE_DIALOG (self));
}

static void
show_login_error (HearthAddDeviceDialog *self,
                  const char            *message)
{
  gtk_label_set_label (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

/* The primary button: "Add" for an address, "Log In" once the
 * device asked for a password; pressable when there is something to send
 * and nothing is on its way. */
static void
update_add_button (HearthAddDeviceDialog *self)
{
  g_autofree char *host = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->host_row))));
  gboolean ready = *host != '\0' && !is_probing (self);

  if (get_added (self) != NULL)
    return;

  if (self->login)
    ready = ready && *gtk_editable_get_text (GTK_EDITABLE (self->password_row)) != '\0';
  gtk_widget_set_sensitive (GTK_WIDGET (self->add_button), ready);
}

/* Asks for the password of the device at self->host, in this dialog */
static void
set_login (HearthAddDeviceDialog *self,
           gboolean               login)
{
  self->login = login;
  gtk_button_set_label (self->add_button, login ? _("_Log In") : _("_Add"));
  gtk_widget_set_visible (self->login_box, login);
  show_login_error (self, NULL);

  if (login)
    {
      g_autofree char *where = hearth_device_text_address (self->host, self->port);
      /* TRANSLATORS: %s is a device's address, e.g. "192.0.2.5" or "plug.local:8080" */
      g_autofree char *text = g_strdup_printf (_("%s asks for a password. Hearth keeps it in your keyring."),
                                               where);

      adw_preferences_group_set_description (self->login_group, text);
    }
  else
    {
      /* Nothing typed for one device stays for another */
      gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
      gtk_editable_set_text (GTK_EDITABLE (self->user_row), "");
    }
  update_add_button (self);
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
  if (get_added (self) != NULL)
    return;

  /* An old answer does not belong to a new address: nor does its login */
  if (!is_probing (self))
    {
      gtk_stack_set_visible_child_name (self->result_stack, "none");
      if (self->login)
        set_login (self, FALSE);
    }

  update_add_button (self);
}

static void
on_login_changed (HearthAddDeviceDialog *self)
{
  update_add_button (self);
}

static void
set_probing (HearthAddDeviceDialog *self,
             gboolean               probing)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->host_row), !probing);
  gtk_widget_set_sensitive (GTK_WIDGET (self->port_row), !probing);
  gtk_widget_set_sensitive (GTK_WIDGET (self->user_row), !probing);
  gtk_widget_set_sensitive (self->password_row, !probing);
  gtk_spinner_set_spinning (self->spinner, probing);
  if (probing)
    gtk_stack_set_visible_child_name (self->result_stack, "probing");
  update_add_button (self);
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
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
        *title = g_strdup_printf (_("%s did not answer"), where);
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
        *title = g_strdup_printf (_("%s refused the connection"), where);
      else
        *title = g_strdup_printf (_("Nothing answered at %s"), where);
      if (error->domain == G_RESOLVER_ERROR)
        *detail = g_strdup (_("No host on the network has that name. Check the name, or use the device’s address."));
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
        *detail = g_strdup (_("Something is there, but nothing listens at that port. Check the port, or leave it empty."));
      else
        *detail = g_strdup (_("Check the address, and that the device is switched on and on a network this computer can reach."));
    }
  else if (g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_INVALID))
    {
      *title = g_strdup (_("That is not an address"));
      *detail = g_strdup (error->message);
    }
  else if (g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_NEEDS_PASSWORD) ||
           g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PASSWORD))
    {
      *title = g_strdup_printf (_("%s asks for a password"), where);
      *detail = g_strdup (error->message);
    }
  else
    {
      g_autofree char *families = hearth_device_text_families (hearth_device_dialog_get_home (HEARTH_DEVICE_DIALOG (self)));

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

  device = hearth_home_add_host_finish (HEARTH_HOME (object), result, NULL, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  _hearth_device_dialog_end (HEARTH_DEVICE_DIALOG (self));
  set_probing (self, FALSE);

  if (g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_NEEDS_PASSWORD))
    {
      /* It tells nothing without a password: ask for it, here */
      g_debug ("%s:%u asks for a password", self->host, self->port);
      gtk_stack_set_visible_child_name (self->result_stack, "none");
      set_login (self, TRUE);
      gtk_widget_grab_focus (self->password_row);
      return;
    }

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

  /* The device is added (the home keeps its host for good: polled from
   * now on, even where mDNS never sees it) */
  _hearth_device_dialog_set_device (HEARTH_DEVICE_DIALOG (self), device);

  {
    g_autofree char *title = g_strdup_printf (_("Added %s"), hearth_device_get_name (device));
    g_autofree char *model = hearth_device_text_model (HEARTH_HOME (object), device);
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
on_logged_in (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(HearthAddDeviceDialog) self = user_data;
  g_autoptr(HearthDevice) device = NULL;
  g_autoptr(GError) keyring_error = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  device = hearth_home_add_host_finish (HEARTH_HOME (object), result, &keyring_error, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  _hearth_device_dialog_end (HEARTH_DEVICE_DIALOG (self));

  if (device == NULL)
    {
      set_probing (self, FALSE);
      g_debug ("Logging in to %s:%u failed: %s", self->host, self->port, error->message);

      if (g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PASSWORD) ||
          g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_NEEDS_PASSWORD))
        {
          gtk_stack_set_visible_child_name (self->result_stack, "none");
          show_login_error (self, _("The password was refused. Check it, and try again."));
        }
      else
        {
          g_autofree char *title = NULL;
          g_autofree char *detail = NULL;

          describe_error (self, error, &title, &detail);
          show_failure (self, title, detail);
        }
      gtk_widget_grab_focus (self->password_row);
      gtk_editable_select_region (GTK_EDITABLE (self->password_row), 0, -1);
      return;
    }

  /* Right: the home kept the user name in the store (none: the family's
   * usual one) and the password in the keyring for the device's id */
  _hearth_device_dialog_set_device (HEARTH_DEVICE_DIALOG (self), device);
  if (keyring_error != NULL)
    {
      g_debug ("The keyring did not keep the password of %s: %s",
               hearth_device_get_id (device), keyring_error->message);
      /* TRANSLATORS: %s is a device's name */
      message = g_strdup_printf (_("Added %s, but the keyring did not keep the password: Hearth will ask again next time"),
                                 hearth_device_get_name (device));
    }
  else
    {
      message = g_strdup_printf (_("Added %s"), hearth_device_get_name (device));
    }

  _hearth_device_dialog_done (HEARTH_DEVICE_DIALOG (self), message);
}

static void
log_in (HearthAddDeviceDialog *self)
{
  g_autofree char *checking = NULL;
  g_autofree char *where = NULL;
  g_autofree char *user = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->user_row))));
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
  g_autoptr(HearthHost) host = NULL;
  GCancellable *cancellable;

  if (password[0] == '\0')
    return;

  g_free (self->user);
  self->user = user[0] != '\0' ? g_strdup (user) : NULL;
  show_login_error (self, NULL);

  where = hearth_device_text_address (self->host, self->port);
  /* TRANSLATORS: %s is a device's address */
  checking = g_strdup_printf (_("Checking the password with %s…"), where);
  gtk_label_set_label (self->probing_label, checking);

  cancellable = _hearth_device_dialog_begin (HEARTH_DEVICE_DIALOG (self));
  set_probing (self, TRUE);
  /* An empty user name: the family's usual one */
  host = hearth_host_new (self->host, self->port);
  hearth_home_add_host_async (hearth_device_dialog_get_home (HEARTH_DEVICE_DIALOG (self)),
                              host, self->user, password,
                              cancellable, on_logged_in, g_object_ref (self));
}

static void
on_add_button_clicked (HearthAddDeviceDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *host = NULL;
  g_autofree char *probing = NULL;
  g_autofree char *where = NULL;
  g_autoptr(HearthHost) address = NULL;
  GCancellable *cancellable;
  guint16 port = 0;

  if (get_added (self) != NULL)
    {
      gtk_window_close (GTK_WINDOW (self));
      return;
    }

  if (is_probing (self))
    return;

  if (self->login)
    {
      log_in (self);
      return;
    }

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

  cancellable = _hearth_device_dialog_begin (HEARTH_DEVICE_DIALOG (self));
  set_probing (self, TRUE);
  address = hearth_host_new (self->host, self->port);
  hearth_home_add_host_async (hearth_device_dialog_get_home (HEARTH_DEVICE_DIALOG (self)),
                              address, NULL, NULL, cancellable,
                              on_address_added, g_object_ref (self));
}

GtkWidget *
hearth_add_device_dialog_new (GtkWindow  *parent,
                              HearthHome *home)
{
  return _hearth_device_dialog_new (HEARTH_TYPE_ADD_DEVICE_DIALOG, parent, home, NULL);
}

HearthDevice *
hearth_add_device_dialog_get_device (HearthAddDeviceDialog *self)
{
  g_return_val_if_fail (HEARTH_IS_ADD_DEVICE_DIALOG (self), NULL);

  return get_added (self);
}

static void
hearth_add_device_dialog_dispose (GObject *object)
{
  HearthAddDeviceDialog *self = HEARTH_ADD_DEVICE_DIALOG (object);

  /* The request first: nothing answers into a template that is gone */
  _hearth_device_dialog_cancel (HEARTH_DEVICE_DIALOG (self));
  gtk_widget_dispose_template (GTK_WIDGET (self), HEARTH_TYPE_ADD_DEVICE_DIALOG);

  G_OBJECT_CLASS (hearth_add_device_dialog_parent_class)->dispose (object);
}

static void
hearth_add_device_dialog_finalize (GObject *object)
{
  HearthAddDeviceDialog *self = HEARTH_ADD_DEVICE_DIALOG (object);

  g_clear_pointer (&self->host, g_free);
  g_clear_pointer (&self->user, g_free);

  G_OBJECT_CLASS (hearth_add_device_dialog_parent_class)->finalize (object);
}

static void
hearth_add_device_dialog_class_init (HearthAddDeviceDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hearth_add_device_dialog_dispose;
  object_class->finalize = hearth_add_device_dialog_finalize;

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
  gtk_widget_class_bind_template_child (widget_class, HearthAddDeviceDialog, login_box);
  gtk_widget_class_bind_template_child (widget_class, HearthAddDeviceDialog, login_group);
  gtk_widget_class_bind_template_child (widget_class, HearthAddDeviceDialog, user_row);
  gtk_widget_class_bind_template_child (widget_class, HearthAddDeviceDialog, password_row);
  gtk_widget_class_bind_template_child (widget_class, HearthAddDeviceDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_login_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_add_button_clicked);
}

static void
hearth_add_device_dialog_init (HearthAddDeviceDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
