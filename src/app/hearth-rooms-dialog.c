/* hearth-rooms-dialog.c: create, rename and delete rooms
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "hearth-rooms-dialog.h"

struct _HearthRoomsDialog
{
  AdwPreferencesWindow  parent_instance;

  HearthStore          *store;
  GStrv                 shown;    /* the rooms the rows show, in order */

  /* template children */
  AdwEntryRow          *new_room_row;
  GtkListBox           *rooms_list;
};

G_DEFINE_FINAL_TYPE (HearthRoomsDialog, hearth_rooms_dialog, ADW_TYPE_PREFERENCES_WINDOW)

typedef enum
{
  PROP_STORE = 1,
} HearthRoomsDialogProperty;

static GParamSpec *properties[PROP_STORE + 1];

static void
toast (HearthRoomsDialog *self,
       const char        *message)
{
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (message));
}

static char *
entry_text (gpointer editable)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (editable))));
}

/* Renaming in place */

static void
on_room_row_apply (AdwEntryRow       *row,
                   HearthRoomsDialog *self)
{
  const char *old_name = g_object_get_data (G_OBJECT (row), "room");
  g_autofree char *new_name = entry_text (row);
  g_autoptr(GError) error = NULL;

  if (*new_name == '\0')
    {
      /* A room needs a name: put the old one back */
      gtk_editable_set_text (GTK_EDITABLE (row), old_name);
      return;
    }
  if (g_str_equal (new_name, old_name))
    return;

  if (!hearth_store_rename_room (self->store, old_name, new_name, &error))
    {
      toast (self, error->message);
      gtk_editable_set_text (GTK_EDITABLE (row), old_name);
    }
}

/* Deleting, after asking */

static void
on_delete_response (AdwMessageDialog  *dialog,
                    const char        *response,
                    HearthRoomsDialog *self)
{
  const char *room = g_object_get_data (G_OBJECT (dialog), "room");

  if (g_str_equal (response, "delete"))
    hearth_store_remove_room (self->store, room);
}

static void
on_delete_clicked (GtkButton         *button,
                   HearthRoomsDialog *self)
{
  const char *room = g_object_get_data (G_OBJECT (button), "room");
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), NULL, NULL);
  adw_message_dialog_format_heading (ADW_MESSAGE_DIALOG (dialog), _("Delete “%s”?"), room);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog),
                               _("Its controls stay in your home, in no room."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "delete", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "room", g_strdup (room), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_delete_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static GtkWidget *
create_room_row (HearthRoomsDialog *self,
                 const char        *room)
{
  GtkWidget *row;
  GtkWidget *button;
  g_autofree char *label = g_strdup_printf (_("Delete “%s”"), room);

  row = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Name"));
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (row), TRUE);
  gtk_editable_set_text (GTK_EDITABLE (row), room);
  g_object_set_data_full (G_OBJECT (row), "room", g_strdup (room), g_free);
  g_signal_connect_object (row, "apply", G_CALLBACK (on_room_row_apply), self, 0);

  button = gtk_button_new_from_icon_name ("user-trash-symbolic");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, _("Delete Room"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  g_object_set_data_full (G_OBJECT (button), "room", g_strdup (room), g_free);
  g_signal_connect_object (button, "clicked", G_CALLBACK (on_delete_clicked), self, 0);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), button);

  return row;
}

static void
update_rooms (HearthRoomsDialog *self)
{
  const char * const *rooms = hearth_store_get_rooms (self->store);
  GtkWidget *child;

  const char * const none[] = { NULL };

  if (rooms == NULL)
    rooms = none;

  /* Rebuild only when the rooms changed: a row being edited keeps its text */
  if (self->shown != NULL && g_strv_equal ((const char * const *) self->shown, rooms))
    return;

  while ((child = GTK_WIDGET (gtk_list_box_get_row_at_index (self->rooms_list, 0))) != NULL)
    gtk_list_box_remove (self->rooms_list, child);

  for (guint i = 0; rooms[i] != NULL; i++)
    gtk_list_box_append (self->rooms_list, create_room_row (self, rooms[i]));

  g_clear_pointer (&self->shown, g_strfreev);
  self->shown = g_strdupv ((char **) rooms);
}

static void
on_store_changed (HearthRoomsDialog *self)
{
  update_rooms (self);
}

static void
on_new_room_row_apply (HearthRoomsDialog *self)
{
  g_autofree char *name = entry_text (self->new_room_row);
  g_autoptr(GError) error = NULL;

  if (*name == '\0')
    return;

  if (!hearth_store_add_room (self->store, name, &error))
    {
      toast (self, error->message);
      return;
    }

  gtk_editable_set_text (GTK_EDITABLE (self->new_room_row), "");
}

GtkWidget *
hearth_rooms_dialog_new (GtkWindow   *parent,
                         HearthStore *store)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (HEARTH_IS_STORE (store), NULL);

  return g_object_new (HEARTH_TYPE_ROOMS_DIALOG,
                       "transient-for", parent,
                       "store", store,
                       NULL);
}

HearthStore *
hearth_rooms_dialog_get_store (HearthRoomsDialog *self)
{
  g_return_val_if_fail (HEARTH_IS_ROOMS_DIALOG (self), NULL);

  return self->store;
}

static void
hearth_rooms_dialog_constructed (GObject *object)
{
  HearthRoomsDialog *self = HEARTH_ROOMS_DIALOG (object);

  G_OBJECT_CLASS (hearth_rooms_dialog_parent_class)->constructed (object);

  g_signal_connect_object (self->store, "changed",
                           G_CALLBACK (on_store_changed), self,
                           G_CONNECT_SWAPPED);
  update_rooms (self);
}

static void
hearth_rooms_dialog_dispose (GObject *object)
{
  HearthRoomsDialog *self = HEARTH_ROOMS_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), HEARTH_TYPE_ROOMS_DIALOG);

  g_clear_object (&self->store);

  G_OBJECT_CLASS (hearth_rooms_dialog_parent_class)->dispose (object);
}

static void
hearth_rooms_dialog_finalize (GObject *object)
{
  HearthRoomsDialog *self = HEARTH_ROOMS_DIALOG (object);

  g_clear_pointer (&self->shown, g_strfreev);

  G_OBJECT_CLASS (hearth_rooms_dialog_parent_class)->finalize (object);
}

static void
hearth_rooms_dialog_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  HearthRoomsDialog *self = HEARTH_ROOMS_DIALOG (object);

  switch ((HearthRoomsDialogProperty) prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hearth_rooms_dialog_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  HearthRoomsDialog *self = HEARTH_ROOMS_DIALOG (object);

  switch ((HearthRoomsDialogProperty) prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hearth_rooms_dialog_class_init (HearthRoomsDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = hearth_rooms_dialog_constructed;
  object_class->dispose = hearth_rooms_dialog_dispose;
  object_class->finalize = hearth_rooms_dialog_finalize;
  object_class->get_property = hearth_rooms_dialog_get_property;
  object_class->set_property = hearth_rooms_dialog_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, HEARTH_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, G_N_ELEMENTS (properties), properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/hearthapp/Hearth/hearth-rooms-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, HearthRoomsDialog, new_room_row);
  gtk_widget_class_bind_template_child (widget_class, HearthRoomsDialog, rooms_list);
  gtk_widget_class_bind_template_callback (widget_class, on_new_room_row_apply);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
hearth_rooms_dialog_init (HearthRoomsDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
