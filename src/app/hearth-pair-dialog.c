/* hearth-pair-dialog.c: pairing a device by a button on it (Nanoleaf, Hue)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "hearth-device-dialog-private.h"
#include "hearth-pair-dialog-private.h"

struct _HearthPairDialog
{
  HearthDeviceDialog parent_instance;

  HearthPairing  *pairing;       /* the last one started */
  guint           seconds;       /* 0: the family's window */
  guint           tick_source;
  gboolean        done;

  /* template children */
  GtkLabel       *title_label;
  GtkLabel       *hint_label;
  GtkWidget      *waiting_box;
  GtkProgressBar *progress_bar;
  GtkSpinner     *spinner;
  GtkLabel       *countdown_label;
  GtkLabel       *error_label;
  GtkWidget      *retry_button;
};

G_DEFINE_FINAL_TYPE (HearthPairDialog, hearth_pair_dialog, HEARTH_TYPE_DEVICE_DIALOG)

gboolean
_hearth_pair_dialog_is_waiting (HearthPairDialog *self)
{
  g_return_val_if_fail (HEARTH_IS_PAIR_DIALOG (self), FALSE);
  return _hearth_device_dialog_is_busy (HEARTH_DEVICE_DIALOG (self));
}

static void
stop_waiting (HearthPairDialog *self)
{
  g_clear_handle_id (&self->tick_source, g_source_remove);
  _hearth_device_dialog_cancel (HEARTH_DEVICE_DIALOG (self));
  gtk_spinner_set_spinning (self->spinner, FALSE);
}

static void
show_failure (HearthPairDialog *self,
              const char       *message)
{
  stop_waiting (self);
  gtk_label_set_label (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
  gtk_widget_set_visible (self->waiting_box, FALSE);
  gtk_widget_set_visible (self->retry_button, TRUE);
  gtk_window_set_default_widget (GTK_WINDOW (self), self->retry_button);
}

static void
update_countdown (HearthPairDialog *self)
{
  guint seconds = hearth_pairing_get_seconds (self->pairing);
  gint64 left_us = MAX (0, hearth_pairing_get_deadline (self->pairing) - g_get_monotonic_time ());
  int left = (int) ((left_us + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
  g_autofree char *text = NULL;

  /* TRANSLATORS: the time left to press the button on the device */
  text = g_strdup_printf (ngettext ("Waiting for the button: %d second left",
                                    "Waiting for the button: %d seconds left", left), left);
  gtk_label_set_label (self->countdown_label, text);
  gtk_progress_bar_set_fraction (self->progress_bar,
                                 seconds > 0 ? (double) left_us / (seconds * (double) G_USEC_PER_SEC) : 0.0);
}

static void
time_up (HearthPairDialog *self)
{
  g_autofree char *message = NULL;

  /* TRANSLATORS: %s is a device's name */
  message = g_strdup_printf (_("The button on %s was not pressed in time. Try again, and press it while this window waits."),
                             hearth_device_get_name (hearth_device_dialog_get_device (HEARTH_DEVICE_DIALOG (self))));
  show_failure (self, message);
}

/* The progress bar, smoothly; the home ends the pairing when the
 * device's window closes */
static gboolean
on_tick (gpointer user_data)
{
  HearthPairDialog *self = user_data;

  update_countdown (self);
  if (g_get_monotonic_time () < hearth_pairing_get_deadline (self->pairing))
    return G_SOURCE_CONTINUE;

  self->tick_source = 0;
  return G_SOURCE_REMOVE;
}

static void
on_paired (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(HearthPairDialog) self = user_data;
  HearthDevice *device = hearth_device_dialog_get_device (HEARTH_DEVICE_DIALOG (self));
  g_autoptr(GError) keyring_error = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (!hearth_home_pair_finish (HEARTH_HOME (object), result, &keyring_error, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_NEEDS_PAIRING))
    {
      time_up (self);
      return;
    }

  if (error != NULL)
    {
      /* TRANSLATORS: %s is the reason */
      message = g_strdup_printf (_("Pairing failed: %s"), error->message);
      show_failure (self, message);
      return;
    }

  /* Paired: the token is the device's password from now on */
  self->done = TRUE;
  stop_waiting (self);
  if (keyring_error != NULL)
    {
      g_debug ("The keyring did not keep the token of %s: %s",
               hearth_device_get_id (device), keyring_error->message);
      /* TRANSLATORS: %s is a device's name */
      message = g_strdup_printf (_("Paired with %s, but the keyring did not keep the token: pair again after the next start"),
                                 hearth_device_get_name (device));
    }
  else
    {
      /* TRANSLATORS: %s is a device's name */
      message = g_strdup_printf (_("Paired with %s"), hearth_device_get_name (device));
    }

  _hearth_device_dialog_done (HEARTH_DEVICE_DIALOG (self), message);
}

static void
start_waiting (HearthPairDialog *self)
{
  HearthDeviceDialog *dialog = HEARTH_DEVICE_DIALOG (self);
  GCancellable *cancellable;

  stop_waiting (self);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_widget_set_visible (self->retry_button, FALSE);
  gtk_widget_set_visible (self->waiting_box, TRUE);
  gtk_spinner_set_spinning (self->spinner, TRUE);

  cancellable = _hearth_device_dialog_begin (dialog);
  g_clear_object (&self->pairing);
  self->pairing = hearth_home_pair_async (hearth_device_dialog_get_home (dialog),
                                          hearth_device_dialog_get_device (dialog),
                                          self->seconds, cancellable,
                                          on_paired, g_object_ref (self));
  gtk_label_set_label (self->hint_label, hearth_pairing_get_hint (self->pairing));
  update_countdown (self);
  self->tick_source = g_timeout_add (250, on_tick, self);
}

static void
on_retry_clicked (HearthPairDialog *self)
{
  start_waiting (self);
}

static void
hearth_pair_dialog_constructed (GObject *object)
{
  HearthPairDialog *self = HEARTH_PAIR_DIALOG (object);
  g_autofree char *title = NULL;
  HearthDevice *device;

  G_OBJECT_CLASS (hearth_pair_dialog_parent_class)->constructed (object);

  device = hearth_device_dialog_get_device (HEARTH_DEVICE_DIALOG (self));
  g_assert (HEARTH_IS_DEVICE (device));

  /* TRANSLATORS: %s is a device's name */
  title = g_strdup_printf (_("Pair with %s"), hearth_device_get_name (device));
  gtk_label_set_label (self->title_label, title);

  start_waiting (self);
}

static void
hearth_pair_dialog_dispose (GObject *object)
{
  HearthPairDialog *self = HEARTH_PAIR_DIALOG (object);

  if (self->spinner != NULL)
    stop_waiting (self);
  g_clear_object (&self->pairing);

  gtk_widget_dispose_template (GTK_WIDGET (self), HEARTH_TYPE_PAIR_DIALOG);

  G_OBJECT_CLASS (hearth_pair_dialog_parent_class)->dispose (object);
}

static void
hearth_pair_dialog_class_init (HearthPairDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = hearth_pair_dialog_constructed;
  object_class->dispose = hearth_pair_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/hearthapp/Hearth/hearth-pair-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, HearthPairDialog, title_label);
  gtk_widget_class_bind_template_child (widget_class, HearthPairDialog, hint_label);
  gtk_widget_class_bind_template_child (widget_class, HearthPairDialog, waiting_box);
  gtk_widget_class_bind_template_child (widget_class, HearthPairDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, HearthPairDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, HearthPairDialog, countdown_label);
  gtk_widget_class_bind_template_child (widget_class, HearthPairDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, HearthPairDialog, retry_button);
  gtk_widget_class_bind_template_callback (widget_class, on_retry_clicked);
}

static void
hearth_pair_dialog_init (HearthPairDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
hearth_pair_dialog_new (GtkWindow    *parent,
                        HearthHome   *home,
                        HearthDevice *device)
{
  g_return_val_if_fail (HEARTH_IS_DEVICE (device), NULL);

  return _hearth_device_dialog_new (HEARTH_TYPE_PAIR_DIALOG, parent, home, device);
}

HearthDevice *
hearth_pair_dialog_get_device (HearthPairDialog *self)
{
  g_return_val_if_fail (HEARTH_IS_PAIR_DIALOG (self), NULL);
  return hearth_device_dialog_get_device (HEARTH_DEVICE_DIALOG (self));
}

GtkWidget *
_hearth_pair_dialog_get_child (HearthPairDialog *self,
                               const char       *name)
{
  g_return_val_if_fail (HEARTH_IS_PAIR_DIALOG (self), NULL);
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (self), HEARTH_TYPE_PAIR_DIALOG, name));
}

void
_hearth_pair_dialog_set_seconds (HearthPairDialog *self,
                                 guint             seconds)
{
  g_return_if_fail (HEARTH_IS_PAIR_DIALOG (self));

  self->seconds = seconds;
  if (!self->done)
    start_waiting (self);
}
