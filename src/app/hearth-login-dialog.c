/* hearth-login-dialog.c: the password of a device that asks for one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "hearth-device-dialog-private.h"
#include "hearth-login-dialog-private.h"
#include "hearth-pair-dialog.h"

struct _HearthLoginDialog
{
  HearthDeviceDialog parent_instance;

  char         *user;       /* as typed; NULL: the family's usual one */

  /* template children */
  GtkButton    *login_button;
  GtkLabel     *title_label;
  AdwEntryRow  *user_row;
  GtkWidget    *password_row;
  GtkWidget    *checking_box;
  GtkSpinner   *spinner;
  GtkLabel     *error_label;
};

G_DEFINE_FINAL_TYPE (HearthLoginDialog, hearth_login_dialog, HEARTH_TYPE_DEVICE_DIALOG)

gboolean
_hearth_login_dialog_is_busy (HearthLoginDialog *self)
{
  g_return_val_if_fail (HEARTH_IS_LOGIN_DIALOG (self), FALSE);
  /* Checking the password with the device, then keeping it */
  return _hearth_device_dialog_is_busy (HEARTH_DEVICE_DIALOG (self));
}

static void
update_sensitivity (HearthLoginDialog *self)
{
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
  gboolean busy = _hearth_login_dialog_is_busy (self);

  gtk_widget_set_sensitive (GTK_WIDGET (self->login_button), !busy && password[0] != '\0');
  gtk_widget_set_sensitive (GTK_WIDGET (self->user_row), !busy);
  gtk_widget_set_sensitive (self->password_row, !busy);
  gtk_widget_set_visible (self->checking_box, busy);
  gtk_spinner_set_spinning (self->spinner, busy);
}

static void
show_error (HearthLoginDialog *self,
            const char        *message)
{
  gtk_label_set_label (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
on_entry_changed (HearthLoginDialog *self)
{
  update_sensitivity (self);
}

static void
on_logged_in (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(HearthLoginDialog) self = user_data;
  HearthDevice *device = hearth_device_dialog_get_device (HEARTH_DEVICE_DIALOG (self));
  g_autoptr(GError) keyring_error = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (!hearth_home_log_in_finish (HEARTH_HOME (object), result, &keyring_error, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  _hearth_device_dialog_end (HEARTH_DEVICE_DIALOG (self));

  if (error != NULL)
    {
      if (g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PASSWORD) ||
          g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_NEEDS_PASSWORD))
        message = g_strdup (_("The password was refused. Check it, and try again."));
      else
        /* TRANSLATORS: %s is a device's name, then the reason */
        message = g_strdup_printf (_("%s did not answer: %s"), hearth_device_get_name (device), error->message);

      show_error (self, message);
      update_sensitivity (self);
      gtk_widget_grab_focus (self->password_row);
      gtk_editable_select_region (GTK_EDITABLE (self->password_row), 0, -1);
      return;
    }

  if (keyring_error != NULL)
    {
      g_debug ("The keyring did not keep the password of %s: %s",
               hearth_device_get_id (device), keyring_error->message);
      /* TRANSLATORS: %s is a device's name */
      message = g_strdup_printf (_("Logged in to %s, but the keyring did not keep the password: Hearth will ask again next time"),
                                 hearth_device_get_name (device));
    }
  else
    {
      /* TRANSLATORS: %s is a device's name */
      message = g_strdup_printf (_("Logged in to %s"), hearth_device_get_name (device));
    }

  _hearth_device_dialog_done (HEARTH_DEVICE_DIALOG (self), message);
}

static void
on_login_clicked (HearthLoginDialog *self)
{
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
  const char *user = gtk_editable_get_text (GTK_EDITABLE (self->user_row));
  HearthDeviceDialog *dialog = HEARTH_DEVICE_DIALOG (self);
  GCancellable *cancellable;

  if (_hearth_login_dialog_is_busy (self) || password[0] == '\0')
    return;

  /* NULL: the family's usual one */
  g_clear_pointer (&self->user, g_free);
  if (gtk_widget_get_visible (GTK_WIDGET (self->user_row)) && user[0] != '\0')
    self->user = g_strdup (user);

  show_error (self, NULL);
  cancellable = _hearth_device_dialog_begin (dialog);
  update_sensitivity (self);

  /* Checked with the device before anything is kept */
  hearth_home_log_in_async (hearth_device_dialog_get_home (dialog),
                            hearth_device_dialog_get_device (dialog),
                            self->user, password,
                            cancellable, on_logged_in, g_object_ref (self));
}

static void
hearth_login_dialog_constructed (GObject *object)
{
  HearthLoginDialog *self = HEARTH_LOGIN_DIALOG (object);
  g_autofree char *title = NULL;
  const char *username;
  HearthStore *store;
  HearthHome *home;
  HearthDevice *device;

  G_OBJECT_CLASS (hearth_login_dialog_parent_class)->constructed (object);

  home = hearth_device_dialog_get_home (HEARTH_DEVICE_DIALOG (self));
  device = hearth_device_dialog_get_device (HEARTH_DEVICE_DIALOG (self));
  g_assert (HEARTH_IS_DEVICE (device));
  store = hearth_home_get_store (home);

  /* TRANSLATORS: %s is a device's name */
  title = g_strdup_printf (_("%s Needs a Password"), hearth_device_get_name (device));
  gtk_label_set_label (self->title_label, title);

  /* A user name only for the families whose logins have one: the one
   * this device was logged in with before, else the family's usual one */
  username = hearth_home_get_default_username (home, device);
  gtk_widget_set_visible (GTK_WIDGET (self->user_row), username != NULL);
  if (username != NULL && store != NULL &&
      hearth_store_get_login_user (store, hearth_device_get_id (device)) != NULL)
    username = hearth_store_get_login_user (store, hearth_device_get_id (device));
  if (username != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->user_row), username);

  update_sensitivity (self);
  gtk_widget_grab_focus (self->password_row);
}

static void
hearth_login_dialog_dispose (GObject *object)
{
  HearthLoginDialog *self = HEARTH_LOGIN_DIALOG (object);

  _hearth_device_dialog_cancel (HEARTH_DEVICE_DIALOG (self));
  g_clear_pointer (&self->user, g_free);

  gtk_widget_dispose_template (GTK_WIDGET (self), HEARTH_TYPE_LOGIN_DIALOG);

  G_OBJECT_CLASS (hearth_login_dialog_parent_class)->dispose (object);
}

static void
hearth_login_dialog_class_init (HearthLoginDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = hearth_login_dialog_constructed;
  object_class->dispose = hearth_login_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/hearthapp/Hearth/hearth-login-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, HearthLoginDialog, login_button);
  gtk_widget_class_bind_template_child (widget_class, HearthLoginDialog, title_label);
  gtk_widget_class_bind_template_child (widget_class, HearthLoginDialog, user_row);
  gtk_widget_class_bind_template_child (widget_class, HearthLoginDialog, password_row);
  gtk_widget_class_bind_template_child (widget_class, HearthLoginDialog, checking_box);
  gtk_widget_class_bind_template_child (widget_class, HearthLoginDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, HearthLoginDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, on_login_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_changed);
}

static void
hearth_login_dialog_init (HearthLoginDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
hearth_login_dialog_new (GtkWindow    *parent,
                         HearthHome   *home,
                         HearthDevice *device)
{
  g_return_val_if_fail (HEARTH_IS_DEVICE (device), NULL);

  return _hearth_device_dialog_new (HEARTH_TYPE_LOGIN_DIALOG, parent, home, device);
}

HearthDevice *
hearth_login_dialog_get_device (HearthLoginDialog *self)
{
  g_return_val_if_fail (HEARTH_IS_LOGIN_DIALOG (self), NULL);
  return hearth_device_dialog_get_device (HEARTH_DEVICE_DIALOG (self));
}

GtkWidget *
_hearth_login_dialog_get_child (HearthLoginDialog *self,
                                const char        *name)
{
  g_return_val_if_fail (HEARTH_IS_LOGIN_DIALOG (self), NULL);
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (self), HEARTH_TYPE_LOGIN_DIALOG, name));
}

GtkWidget *
hearth_credentials_dialog_new (GtkWindow    *parent,
                               HearthHome   *home,
                               HearthDevice *device)
{
  g_return_val_if_fail (HEARTH_IS_HOME (home), NULL);
  g_return_val_if_fail (HEARTH_IS_DEVICE (device), NULL);

  switch (hearth_device_get_state (device))
    {
    case HEARTH_DEVICE_STATE_NEEDS_PAIRING:
      if (hearth_home_can_pair (home, device))
        return hearth_pair_dialog_new (parent, home, device);
      return NULL;
    case HEARTH_DEVICE_STATE_NEEDS_PASSWORD:
      return hearth_login_dialog_new (parent, home, device);
    case HEARTH_DEVICE_STATE_CONNECTING:
    case HEARTH_DEVICE_STATE_ONLINE:
    case HEARTH_DEVICE_STATE_UNAVAILABLE:
    case HEARTH_DEVICE_STATE_WRONG_DEVICE:
    default:
      return NULL;
    }
}
