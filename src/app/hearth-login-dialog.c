/* hearth-login-dialog.c: the password of a device that asks for one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "hearth-login-dialog-private.h"
#include "hearth-pair-dialog.h"

struct _HearthLoginDialog
{
  AdwWindow     parent_instance;

  HearthHome   *home;
  HearthDevice *device;
  GCancellable *cancellable;
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

G_DEFINE_FINAL_TYPE (HearthLoginDialog, hearth_login_dialog, ADW_TYPE_WINDOW)

typedef enum
{
  PROP_HOME = 1,
  PROP_DEVICE,
} HearthLoginDialogProperty;

static GParamSpec *properties[PROP_DEVICE + 1];

gboolean
_hearth_login_dialog_is_busy (HearthLoginDialog *self)
{
  g_return_val_if_fail (HEARTH_IS_LOGIN_DIALOG (self), FALSE);
  /* Checking the password with the device, then keeping it */
  return self->cancellable != NULL;
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
toast_parent (HearthLoginDialog *self,
              const char        *message)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  if (parent != NULL)
    gtk_widget_activate_action (GTK_WIDGET (parent), "win.toast", "s", message);
}

static void
on_logged_in (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(HearthLoginDialog) self = user_data;
  g_autoptr(GError) keyring_error = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (!hearth_home_log_in_finish (self->home, result, &keyring_error, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->cancellable);

  if (error != NULL)
    {
      if (g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PASSWORD) ||
          g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_NEEDS_PASSWORD))
        message = g_strdup (_("The password was refused. Check it, and try again."));
      else
        /* TRANSLATORS: %s is a device's name, then the reason */
        message = g_strdup_printf (_("%s did not answer: %s"), hearth_device_get_name (self->device), error->message);

      show_error (self, message);
      update_sensitivity (self);
      gtk_widget_grab_focus (self->password_row);
      gtk_editable_select_region (GTK_EDITABLE (self->password_row), 0, -1);
      return;
    }

  if (keyring_error != NULL)
    {
      g_debug ("The keyring did not keep the password of %s: %s",
               hearth_device_get_id (self->device), keyring_error->message);
      /* TRANSLATORS: %s is a device's name */
      message = g_strdup_printf (_("Logged in to %s, but the keyring did not keep the password: Hearth will ask again next time"),
                                 hearth_device_get_name (self->device));
    }
  else
    {
      /* TRANSLATORS: %s is a device's name */
      message = g_strdup_printf (_("Logged in to %s"), hearth_device_get_name (self->device));
    }

  toast_parent (self, message);
  gtk_window_close (GTK_WINDOW (self));
}

static void
on_login_clicked (HearthLoginDialog *self)
{
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
  const char *user = gtk_editable_get_text (GTK_EDITABLE (self->user_row));

  if (_hearth_login_dialog_is_busy (self) || password[0] == '\0')
    return;

  /* NULL: the family's usual one */
  g_clear_pointer (&self->user, g_free);
  if (gtk_widget_get_visible (GTK_WIDGET (self->user_row)) && user[0] != '\0')
    self->user = g_strdup (user);

  show_error (self, NULL);
  self->cancellable = g_cancellable_new ();
  update_sensitivity (self);

  /* Checked with the device before anything is kept */
  hearth_home_log_in_async (self->home, self->device, self->user, password,
                            self->cancellable, on_logged_in, g_object_ref (self));
}

static void
hearth_login_dialog_constructed (GObject *object)
{
  HearthLoginDialog *self = HEARTH_LOGIN_DIALOG (object);
  g_autofree char *title = NULL;
  const char *username;
  HearthStore *store;

  G_OBJECT_CLASS (hearth_login_dialog_parent_class)->constructed (object);

  g_assert (HEARTH_IS_HOME (self->home));
  g_assert (HEARTH_IS_DEVICE (self->device));
  store = hearth_home_get_store (self->home);

  /* TRANSLATORS: %s is a device's name */
  title = g_strdup_printf (_("%s Needs a Password"), hearth_device_get_name (self->device));
  gtk_label_set_label (self->title_label, title);

  /* A user name only for the families whose logins have one: the one
   * this device was logged in with before, else the family's usual one */
  username = hearth_home_get_default_username (self->home, self->device);
  gtk_widget_set_visible (GTK_WIDGET (self->user_row), username != NULL);
  if (username != NULL && store != NULL &&
      hearth_store_get_login_user (store, hearth_device_get_id (self->device)) != NULL)
    username = hearth_store_get_login_user (store, hearth_device_get_id (self->device));
  if (username != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->user_row), username);

  update_sensitivity (self);
  gtk_widget_grab_focus (self->password_row);
}

static void
hearth_login_dialog_dispose (GObject *object)
{
  HearthLoginDialog *self = HEARTH_LOGIN_DIALOG (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->user, g_free);
  g_clear_object (&self->device);
  g_clear_object (&self->home);

  gtk_widget_dispose_template (GTK_WIDGET (self), HEARTH_TYPE_LOGIN_DIALOG);

  G_OBJECT_CLASS (hearth_login_dialog_parent_class)->dispose (object);
}

static void
hearth_login_dialog_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  HearthLoginDialog *self = HEARTH_LOGIN_DIALOG (object);

  switch ((HearthLoginDialogProperty) prop_id)
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
hearth_login_dialog_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  HearthLoginDialog *self = HEARTH_LOGIN_DIALOG (object);

  switch ((HearthLoginDialogProperty) prop_id)
    {
    case PROP_HOME:
      self->home = g_value_dup_object (value);
      break;
    case PROP_DEVICE:
      self->device = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hearth_login_dialog_class_init (HearthLoginDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = hearth_login_dialog_constructed;
  object_class->dispose = hearth_login_dialog_dispose;
  object_class->get_property = hearth_login_dialog_get_property;
  object_class->set_property = hearth_login_dialog_set_property;

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
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (HEARTH_IS_HOME (home), NULL);
  g_return_val_if_fail (HEARTH_IS_DEVICE (device), NULL);

  return g_object_new (HEARTH_TYPE_LOGIN_DIALOG,
                       "transient-for", parent,
                       "home", home,
                       "device", device,
                       NULL);
}

HearthDevice *
hearth_login_dialog_get_device (HearthLoginDialog *self)
{
  g_return_val_if_fail (HEARTH_IS_LOGIN_DIALOG (self), NULL);
  return self->device;
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
