/* hearth-pair-dialog.c: pairing a device by a button on it (Nanoleaf, Hue)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "hearth-pair-dialog-private.h"

struct _HearthPairDialog
{
  AdwWindow       parent_instance;

  HearthHome     *home;
  HearthDevice   *device;
  HearthPairing  *pairing;       /* the last one started */
  guint           seconds;       /* 0: the family's window */
  GCancellable   *cancellable;   /* set while waiting for the button */
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

G_DEFINE_FINAL_TYPE (HearthPairDialog, hearth_pair_dialog, ADW_TYPE_WINDOW)

typedef enum
{
  PROP_HOME = 1,
  PROP_DEVICE,
} HearthPairDialogProperty;

static GParamSpec *properties[PROP_DEVICE + 1];

gboolean
_hearth_pair_dialog_is_waiting (HearthPairDialog *self)
{
  g_return_val_if_fail (HEARTH_IS_PAIR_DIALOG (self), FALSE);
  return self->cancellable != NULL;
}

static void
stop_waiting (HearthPairDialog *self)
{
  g_clear_handle_id (&self->tick_source, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
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
                             hearth_device_get_name (self->device));
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
  g_autoptr(GError) keyring_error = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  GtkWindow *parent;

  if (!hearth_home_pair_finish (self->home, result, &keyring_error, &error) &&
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
               hearth_device_get_id (self->device), keyring_error->message);
      /* TRANSLATORS: %s is a device's name */
      message = g_strdup_printf (_("Paired with %s, but the keyring did not keep the token: pair again after the next start"),
                                 hearth_device_get_name (self->device));
    }
  else
    {
      /* TRANSLATORS: %s is a device's name */
      message = g_strdup_printf (_("Paired with %s"), hearth_device_get_name (self->device));
    }

  parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  if (parent != NULL)
    gtk_widget_activate_action (GTK_WIDGET (parent), "win.toast", "s", message);
  gtk_window_close (GTK_WINDOW (self));
}

static void
start_waiting (HearthPairDialog *self)
{
  stop_waiting (self);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_widget_set_visible (self->retry_button, FALSE);
  gtk_widget_set_visible (self->waiting_box, TRUE);
  gtk_spinner_set_spinning (self->spinner, TRUE);

  self->cancellable = g_cancellable_new ();
  g_clear_object (&self->pairing);
  self->pairing = hearth_home_pair_async (self->home, self->device, self->seconds, self->cancellable,
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

  G_OBJECT_CLASS (hearth_pair_dialog_parent_class)->constructed (object);

  g_assert (HEARTH_IS_HOME (self->home));
  g_assert (HEARTH_IS_DEVICE (self->device));

  /* TRANSLATORS: %s is a device's name */
  title = g_strdup_printf (_("Pair with %s"), hearth_device_get_name (self->device));
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
  g_clear_object (&self->device);
  g_clear_object (&self->home);

  gtk_widget_dispose_template (GTK_WIDGET (self), HEARTH_TYPE_PAIR_DIALOG);

  G_OBJECT_CLASS (hearth_pair_dialog_parent_class)->dispose (object);
}

static void
hearth_pair_dialog_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  HearthPairDialog *self = HEARTH_PAIR_DIALOG (object);

  switch ((HearthPairDialogProperty) prop_id)
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
hearth_pair_dialog_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  HearthPairDialog *self = HEARTH_PAIR_DIALOG (object);

  switch ((HearthPairDialogProperty) prop_id)
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
hearth_pair_dialog_class_init (HearthPairDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = hearth_pair_dialog_constructed;
  object_class->dispose = hearth_pair_dialog_dispose;
  object_class->get_property = hearth_pair_dialog_get_property;
  object_class->set_property = hearth_pair_dialog_set_property;

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
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (HEARTH_IS_HOME (home), NULL);
  g_return_val_if_fail (HEARTH_IS_DEVICE (device), NULL);

  return g_object_new (HEARTH_TYPE_PAIR_DIALOG,
                       "transient-for", parent,
                       "home", home,
                       "device", device,
                       NULL);
}

HearthDevice *
hearth_pair_dialog_get_device (HearthPairDialog *self)
{
  g_return_val_if_fail (HEARTH_IS_PAIR_DIALOG (self), NULL);
  return self->device;
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
