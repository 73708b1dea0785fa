/* hearth-room-dialog.c: a room's (or the favourites') details
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One page: the group's quick actions (HearthGroupControls, the same as
 * the heading's), then its members, each with its state as it changes.
 * Who is a member is the engine's word (hearth_home_dup_group()), read
 * again whenever the store changes while the dialog is open.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "hearth-control-item.h"
#include "hearth-group-controls.h"
#include "hearth-room-dialog.h"

struct _HearthRoomDialog
{
  AdwPreferencesWindow  parent_instance;

  HearthControlList    *list;
  char                 *room;
  guint                 n_members;
  AdwPreferencesGroup  *members_group;
  GtkWidget            *members;   /* GtkListBox */
};

G_DEFINE_FINAL_TYPE (HearthRoomDialog, hearth_room_dialog, ADW_TYPE_PREFERENCES_WINDOW)

static GtkWidget *
member_row (HearthControlItem *item)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new ();

  g_object_bind_property (item, "title", row, "title", G_BINDING_SYNC_CREATE);
  g_object_bind_property (item, "state-text", row, "subtitle", G_BINDING_SYNC_CREATE);
  g_object_bind_property (item, "icon-name", icon, "icon-name", G_BINDING_SYNC_CREATE);
  gtk_accessible_update_state (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  return row;
}

/* The members, in the order of the tiles' list */
static void
update_members (HearthRoomDialog *self)
{
  HearthHome *home = hearth_control_list_get_home (self->list);
  g_autoptr(GPtrArray) group = hearth_home_dup_group (home, self->room, HEARTH_GROUP_ALL);
  g_autoptr(GHashTable) in_group = g_hash_table_new (NULL, NULL);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->list));
  guint shown = 0;
  GtkWidget *child;

  for (guint i = 0; i < group->len; i++)
    g_hash_table_add (in_group, g_ptr_array_index (group, i));

  while ((child = gtk_widget_get_first_child (self->members)) != NULL)
    gtk_list_box_remove (GTK_LIST_BOX (self->members), child);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HearthControlItem) item = g_list_model_get_item (G_LIST_MODEL (self->list), i);

      if (!g_hash_table_contains (in_group, hearth_control_item_get_control (item)))
        continue;
      gtk_list_box_append (GTK_LIST_BOX (self->members), member_row (item));
      shown++;
    }
  self->n_members = shown;
  if (shown == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     self->room != NULL ? _("Nothing is in this room yet")
                                                        : _("No favourites yet"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
      gtk_list_box_append (GTK_LIST_BOX (self->members), row);
    }
}

static void
on_store_changed (HearthRoomDialog *self)
{
  update_members (self);
}

static void
hearth_room_dialog_finalize (GObject *object)
{
  HearthRoomDialog *self = HEARTH_ROOM_DIALOG (object);

  g_clear_object (&self->list);
  g_free (self->room);

  G_OBJECT_CLASS (hearth_room_dialog_parent_class)->finalize (object);
}

static void
hearth_room_dialog_class_init (HearthRoomDialogClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hearth_room_dialog_finalize;
}

static void
hearth_room_dialog_init (HearthRoomDialog *self)
{
}

GtkWidget *
hearth_room_dialog_new (GtkWindow         *parent,
                        HearthControlList *list,
                        const char        *room,
                        GActionGroup      *actions)
{
  HearthRoomDialog *self;
  HearthHome *home;
  HearthStore *store;
  GtkWidget *page;
  GtkWidget *group;
  const char *title = hearth_group_controls_title (room);

  g_return_val_if_fail (HEARTH_IS_CONTROL_LIST (list), NULL);
  g_return_val_if_fail (G_IS_ACTION_GROUP (actions), NULL);

  self = g_object_new (HEARTH_TYPE_ROOM_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       "destroy-with-parent", TRUE,
                       "search-enabled", FALSE,
                       "title", title,
                       "default-width", 480,
                       "default-height", 560,
                       NULL);
  self->list = g_object_ref (list);
  self->room = g_strdup (room);
  home = hearth_control_list_get_home (list);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "room", actions);

  page = adw_preferences_page_new ();
  adw_preferences_page_set_title (ADW_PREFERENCES_PAGE (page), title);
  adw_preferences_page_set_icon_name (ADW_PREFERENCES_PAGE (page), "hearth-light-on-symbolic");

  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Quick Actions"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         room != NULL ? _("Every light and switch in the room at once")
                                                      : _("Every favourite light and switch at once"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), hearth_group_controls_new (home, room, FALSE));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));

  group = adw_preferences_group_new ();
  self->members_group = ADW_PREFERENCES_GROUP (group);
  adw_preferences_group_set_title (self->members_group, _("Members"));
  self->members = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (self->members), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (self->members, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->members),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Members"), -1);
  adw_preferences_group_add (self->members_group, self->members);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), self->members_group);

  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), ADW_PREFERENCES_PAGE (page));

  update_members (self);
  store = hearth_home_get_store (home);
  if (store != NULL)
    g_signal_connect_object (store, "changed", G_CALLBACK (on_store_changed), self,
                             G_CONNECT_SWAPPED);

  return GTK_WIDGET (self);
}

const char *
hearth_room_dialog_get_room (HearthRoomDialog *self)
{
  g_return_val_if_fail (HEARTH_IS_ROOM_DIALOG (self), NULL);
  return self->room;
}

guint
hearth_room_dialog_get_n_members (HearthRoomDialog *self)
{
  g_return_val_if_fail (HEARTH_IS_ROOM_DIALOG (self), 0);
  return self->n_members;
}
