/* hearth-organise-group.c: where a control lives: its name, its room,
 * whether it is a favourite or hidden; forgetting a device added by hand
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "hearth-organise-group.h"

struct _HearthOrganiseGroup
{
  HearthItemGroup      parent_instance;

  HearthHome          *home;
  GSignalGroup        *item_signals;
  GSignalGroup        *device_signals;
  GSignalGroup        *store_signals;

  GtkStringList       *rooms_model;
  gboolean             can_forget;
  guint                syncing;

  /* template children */
  AdwEntryRow         *name_row;
  AdwComboRow         *room_row;
  GtkSwitch           *hidden_switch;
};

G_DEFINE_FINAL_TYPE (HearthOrganiseGroup, hearth_organise_group, HEARTH_TYPE_ITEM_GROUP)

typedef enum
{
  PROP_HOME = 1,
  PROP_CAN_FORGET,
} HearthOrganiseGroupProperty;

static GParamSpec *properties[PROP_CAN_FORGET + 1];

static HearthControlItem *
get_item (HearthOrganiseGroup *self)
{
  return hearth_item_group_get_item (HEARTH_ITEM_GROUP (self));
}

#define get_control(self) hearth_item_group_get_control (HEARTH_ITEM_GROUP (self))
#define get_device(self) hearth_item_group_get_device (HEARTH_ITEM_GROUP (self))
#define get_store(self) hearth_item_group_get_store (HEARTH_ITEM_GROUP (self))

static void
toast (HearthOrganiseGroup *self,
       const char          *message)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", message);
}

/* The store's entry for a device added by hand ("host" or "host:port"), or NULL */
static const char *
find_host_entry (HearthStore  *store,
                 HearthDevice *device)
{
  const char * const *hosts = hearth_store_get_hosts (store);
  const char *host = hearth_device_get_host (device);

  for (guint i = 0; host != NULL && hosts != NULL && hosts[i] != NULL; i++)
    {
      g_autofree char *entry_host = NULL;
      guint16 port = 0;

      if (hearth_store_split_host (hosts[i], &entry_host, &port) &&
          g_ascii_strcasecmp (entry_host, host) == 0 &&
          (port == 0 || port == hearth_device_get_port (device)))
        return hosts[i];
    }

  return NULL;
}

/* Following the model */

static void
update_can_forget (HearthOrganiseGroup *self)
{
  HearthDevice *device = get_device (self);
  HearthStore *store = get_store (self);
  gboolean by_hand;

  if (device == NULL)
    return;

  /* Only devices added by hand can be forgotten: mDNS would bring the
   * others right back. */
  by_hand = store != NULL && find_host_entry (store, device) != NULL;
  if (self->can_forget != by_hand)
    {
      self->can_forget = by_hand;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_FORGET]);
    }
}

static void
update_organise (HearthOrganiseGroup *self)
{
  if (get_item (self) == NULL)
    return;

  self->syncing++;
  gtk_switch_set_active (self->hidden_switch, hearth_control_item_get_hidden (get_item (self)));
  self->syncing--;

  /* Do not overwrite what the person is typing */
  if (!gtk_widget_has_focus (GTK_WIDGET (self->name_row)) &&
      gtk_widget_get_focus_child (GTK_WIDGET (self->name_row)) == NULL)
    {
      const char *title = hearth_control_item_get_title (get_item (self));

      if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->name_row)), title) != 0)
        {
          self->syncing++;
          gtk_editable_set_text (GTK_EDITABLE (self->name_row), title ? title : "");
          self->syncing--;
        }
    }
}

static void
update_rooms (HearthOrganiseGroup *self)
{
  HearthStore *store = get_store (self);
  const char * const *rooms;
  const char *room;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) strings = NULL;
  guint n_rooms = 0;
  guint selected = 0;
  guint n_old;
  gboolean same;

  if (store == NULL)
    return;

  rooms = hearth_store_get_rooms (store);
  room = hearth_control_item_get_room (get_item (self));

  g_strv_builder_add (builder, _("No Room"));
  for (guint i = 0; rooms != NULL && rooms[i] != NULL; i++)
    {
      g_strv_builder_add (builder, rooms[i]);
      n_rooms++;
      if (g_strcmp0 (room, rooms[i]) == 0)
        selected = i + 1;
    }
  g_strv_builder_add (builder, _("New Room…"));
  strings = g_strv_builder_end (builder);

  n_old = g_list_model_get_n_items (G_LIST_MODEL (self->rooms_model));
  same = n_old == n_rooms + 2;
  for (guint i = 0; same && i < n_old; i++)
    same = g_str_equal (gtk_string_list_get_string (self->rooms_model, i), strings[i]);

  self->syncing++;
  if (!same)
    gtk_string_list_splice (self->rooms_model, 0, n_old, (const char * const *) strings);
  if (adw_combo_row_get_selected (self->room_row) != selected)
    adw_combo_row_set_selected (self->room_row, selected);
  self->syncing--;
}

static void
on_item_notify (HearthOrganiseGroup *self,
                GParamSpec          *pspec)
{
  if (g_strcmp0 (g_param_spec_get_name (pspec), "room") == 0)
    update_rooms (self);
  else
    update_organise (self);
}

static void
on_device_notify (HearthOrganiseGroup *self)
{
  update_can_forget (self);
}

static void
on_store_changed (HearthOrganiseGroup *self)
{
  /* Rooms may have been added, renamed or removed; hosts forgotten */
  update_rooms (self);
  update_can_forget (self);
}

/* What the person does */

static void
on_hidden_switch_notify_active (HearthOrganiseGroup *self)
{
  if (self->syncing || get_item (self) == NULL)
    return;

  hearth_store_set_hidden (get_store (self),
                           hearth_control_item_get_key (get_item (self)),
                           gtk_switch_get_active (self->hidden_switch));
}

static void
on_name_row_apply (HearthOrganiseGroup *self)
{
  g_autofree char *name = NULL;
  HearthControl *control = get_control (self);

  if (get_item (self) == NULL)
    return;

  name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));

  /* Empty, or the device's own name: no name of our own */
  if (*name == '\0' || g_strcmp0 (name, hearth_control_get_name (control)) == 0)
    g_clear_pointer (&name, g_free);

  hearth_store_set_name (get_store (self), hearth_control_item_get_key (get_item (self)), name);

  /* Show the name as it is now (the control's own if cleared) */
  self->syncing++;
  gtk_editable_set_text (GTK_EDITABLE (self->name_row),
                         hearth_control_item_get_title (get_item (self)));
  self->syncing--;
}

/* "New Room…" */

static void
on_new_room_dialog_response (AdwMessageDialog    *dialog,
                             const char          *response,
                             HearthOrganiseGroup *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  g_autoptr(GError) error = NULL;
  HearthStore *store = get_store (self);

  if (g_str_equal (response, "add") && *name != '\0' && store != NULL)
    {
      const char * const *rooms = hearth_store_get_rooms (store);
      gboolean exists = rooms != NULL && g_strv_contains (rooms, name);

      if (exists || hearth_store_add_room (store, name, &error))
        hearth_store_set_room (store, hearth_control_item_get_key (get_item (self)), name);
      else
        toast (self, error->message);
    }

  /* Cancelled or not: show where the control is now */
  update_rooms (self);
}

static void
on_new_room_entry_changed (GtkEditable      *entry,
                           AdwMessageDialog *dialog)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "add", *name != '\0');
}

static void
on_new_room_entry_activate (GtkEntry         *entry,
                            AdwMessageDialog *dialog)
{
  if (adw_message_dialog_get_response_enabled (dialog, "add"))
    adw_message_dialog_response (dialog, "add");
}

static void
ask_new_room (HearthOrganiseGroup *self)
{
  GtkWidget *dialog;
  GtkWidget *entry;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("New Room"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("“%s” will be put in it."),
                                  hearth_control_item_get_title (get_item (self)));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "add", _("_Add"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "add",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "add", FALSE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "add");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Kitchen"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Room name"),
                                  -1);
  g_signal_connect (entry, "changed", G_CALLBACK (on_new_room_entry_changed), dialog);
  g_signal_connect (entry, "activate", G_CALLBACK (on_new_room_entry_activate), dialog);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);

  g_signal_connect_object (dialog, "response",
                           G_CALLBACK (on_new_room_dialog_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

static void
on_room_row_notify_selected (HearthOrganiseGroup *self)
{
  guint selected = adw_combo_row_get_selected (self->room_row);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->rooms_model));
  HearthStore *store = get_store (self);
  const char *key;

  if (self->syncing || get_item (self) == NULL || store == NULL ||
      selected == GTK_INVALID_LIST_POSITION)
    return;

  key = hearth_control_item_get_key (get_item (self));
  if (selected == 0)
    hearth_store_set_room (store, key, NULL);
  else if (selected == n - 1)
    ask_new_room (self);
  else
    hearth_store_set_room (store, key, gtk_string_list_get_string (self->rooms_model, selected));
}

/* "Forget Device…" */

static void
on_forget_dialog_response (AdwMessageDialog    *dialog,
                           const char          *response,
                           HearthOrganiseGroup *self)
{
  g_autoptr(HearthDevice) device = NULL;
  g_autoptr(HearthStore) store = NULL;
  const char *entry;

  if (!g_str_equal (response, "forget") || get_item (self) == NULL || self->home == NULL)
    return;

  device = g_object_ref (get_device (self));
  store = g_object_ref (get_store (self));
  /* Leave the page first: the item goes away with the device */
  gtk_widget_activate_action (GTK_WIDGET (self), "win.back", NULL);
  hearth_home_forget_device (self->home, device);

  /* And the host it was added by, so it is not probed again (the store
   * drops it too, once it has remembered the device) */
  for (guint tries = 0; tries < 8 && (entry = find_host_entry (store, device)) != NULL; tries++)
    {
      g_autofree char *host = NULL;
      guint16 port = 0;

      if (!hearth_store_split_host (entry, &host, &port))
        break;
      hearth_store_remove_host (store, host, port);
    }
}

void
hearth_organise_group_ask_forget (HearthOrganiseGroup *self)
{
  GtkWidget *dialog;
  GtkRoot *root;
  HearthDevice *device;

  g_return_if_fail (HEARTH_IS_ORGANISE_GROUP (self));

  root = gtk_widget_get_root (GTK_WIDGET (self));
  device = get_device (self);
  if (device == NULL)
    return;

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, NULL, NULL);
  adw_message_dialog_format_heading (ADW_MESSAGE_DIALOG (dialog), _("Forget %s?"),
                                     hearth_device_get_name (device));
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog),
                               _("Hearth will stop asking it for its state, and forget the names, "
                                 "rooms and favourites of its controls. You can add it again "
                                 "by its address."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "forget", _("_Forget"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "forget",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_forget_dialog_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}


void
hearth_organise_group_set_favourite (HearthOrganiseGroup *self,
                                     gboolean             favourite)
{
  g_return_if_fail (HEARTH_IS_ORGANISE_GROUP (self));

  if (get_item (self) == NULL)
    return;

  hearth_store_set_favourite (get_store (self),
                              hearth_control_item_get_key (get_item (self)),
                              favourite);
}

/* GObject */

GtkWidget *
hearth_organise_group_new (void)
{
  return g_object_new (HEARTH_TYPE_ORGANISE_GROUP, NULL);
}

HearthHome *
hearth_organise_group_get_home (HearthOrganiseGroup *self)
{
  g_return_val_if_fail (HEARTH_IS_ORGANISE_GROUP (self), NULL);

  return self->home;
}

void
hearth_organise_group_set_home (HearthOrganiseGroup *self,
                                HearthHome          *home)
{
  g_return_if_fail (HEARTH_IS_ORGANISE_GROUP (self));
  g_return_if_fail (home == NULL || HEARTH_IS_HOME (home));

  if (g_set_object (&self->home, home))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HOME]);
}

gboolean
hearth_organise_group_get_can_forget (HearthOrganiseGroup *self)
{
  g_return_val_if_fail (HEARTH_IS_ORGANISE_GROUP (self), FALSE);

  return self->can_forget;
}

static void
hearth_organise_group_dispose (GObject *object)
{
  HearthOrganiseGroup *self = HEARTH_ORGANISE_GROUP (object);

  if (self->item_signals != NULL)
    {
      g_signal_group_set_target (self->item_signals, NULL);
      g_signal_group_set_target (self->device_signals, NULL);
      g_signal_group_set_target (self->store_signals, NULL);
    }
  g_clear_object (&self->item_signals);
  g_clear_object (&self->device_signals);
  g_clear_object (&self->store_signals);

  gtk_widget_dispose_template (GTK_WIDGET (self), HEARTH_TYPE_ORGANISE_GROUP);

  g_clear_object (&self->rooms_model);
  g_clear_object (&self->home);

  G_OBJECT_CLASS (hearth_organise_group_parent_class)->dispose (object);
}

static void
hearth_organise_group_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  HearthOrganiseGroup *self = HEARTH_ORGANISE_GROUP (object);

  switch ((HearthOrganiseGroupProperty) prop_id)
    {
    case PROP_HOME:
      g_value_set_object (value, self->home);
      break;
    case PROP_CAN_FORGET:
      g_value_set_boolean (value, self->can_forget);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hearth_organise_group_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  HearthOrganiseGroup *self = HEARTH_ORGANISE_GROUP (object);

  switch ((HearthOrganiseGroupProperty) prop_id)
    {
    case PROP_HOME:
      hearth_organise_group_set_home (self, g_value_get_object (value));
      break;
    case PROP_CAN_FORGET:
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hearth_organise_group_bind (HearthItemGroup *group)
{
  HearthOrganiseGroup *self = HEARTH_ORGANISE_GROUP (group);
  HearthControlItem *item = hearth_item_group_get_item (group);

  g_signal_group_set_target (self->item_signals, item);
  g_signal_group_set_target (self->device_signals, hearth_item_group_get_device (group));
  g_signal_group_set_target (self->store_signals, hearth_item_group_get_store (group));

  if (item != NULL)
    {
      /* The name entry shows this item's name, not a leftover edit */
      self->syncing++;
      gtk_editable_set_text (GTK_EDITABLE (self->name_row),
                             hearth_control_item_get_title (item));
      self->syncing--;
      update_organise (self);
      update_can_forget (self);
      update_rooms (self);
    }
}

static void
hearth_organise_group_class_init (HearthOrganiseGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hearth_organise_group_dispose;
  HEARTH_ITEM_GROUP_CLASS (klass)->bind = hearth_organise_group_bind;
  object_class->get_property = hearth_organise_group_get_property;
  object_class->set_property = hearth_organise_group_set_property;

  properties[PROP_HOME] =
    g_param_spec_object ("home", NULL, NULL, HEARTH_TYPE_HOME,
                         G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_FORGET] =
    g_param_spec_boolean ("can-forget", NULL, NULL, FALSE,
                          G_PARAM_READABLE |
                          G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, G_N_ELEMENTS (properties), properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/hearthapp/Hearth/hearth-organise-group.ui");
  gtk_widget_class_bind_template_child (widget_class, HearthOrganiseGroup, name_row);
  gtk_widget_class_bind_template_child (widget_class, HearthOrganiseGroup, room_row);
  gtk_widget_class_bind_template_child (widget_class, HearthOrganiseGroup, hidden_switch);

  gtk_widget_class_bind_template_callback (widget_class, on_hidden_switch_notify_active);
  gtk_widget_class_bind_template_callback (widget_class, on_name_row_apply);
  gtk_widget_class_bind_template_callback (widget_class, on_room_row_notify_selected);
}

static void
hearth_organise_group_init (HearthOrganiseGroup *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->rooms_model = gtk_string_list_new (NULL);
  adw_combo_row_set_model (self->room_row, G_LIST_MODEL (self->rooms_model));

  self->item_signals = g_signal_group_new (HEARTH_TYPE_CONTROL_ITEM);
  g_signal_group_connect_swapped (self->item_signals, "notify",
                                  G_CALLBACK (on_item_notify), self);
  self->device_signals = g_signal_group_new (HEARTH_TYPE_DEVICE);
  g_signal_group_connect_swapped (self->device_signals, "notify",
                                  G_CALLBACK (on_device_notify), self);
  self->store_signals = g_signal_group_new (HEARTH_TYPE_STORE);
  g_signal_group_connect_swapped (self->store_signals, "changed",
                                  G_CALLBACK (on_store_changed), self);
}
