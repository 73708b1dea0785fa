/* hearth-group-button.c: the button of a grid heading that opens its
 * group's quick actions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A flat menu button whose popover (a HearthGroupControls with a button
 * to the details) is made only when it opens, so a heading costs one
 * button however many there are; headings are recycled, so the group is
 * set at each bind.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "hearth-group-button.h"
#include "hearth-group-controls.h"

struct _HearthGroupButton
{
  GtkWidget   parent_instance;

  GtkWidget  *menu_button;
  HearthHome *home;
  char       *room;
};

G_DEFINE_FINAL_TYPE (HearthGroupButton, hearth_group_button, GTK_TYPE_WIDGET)

static void
create_popup (GtkMenuButton *menu_button,
              gpointer       user_data)
{
  HearthGroupButton *self = user_data;
  GtkWidget *popover;
  GtkWidget *controls;

  if (self->home == NULL)
    return;
  popover = gtk_popover_new ();
  controls = hearth_group_controls_new (self->home, self->room, TRUE);
  gtk_widget_set_margin_top (controls, 6);
  gtk_widget_set_margin_bottom (controls, 6);
  gtk_widget_set_margin_start (controls, 6);
  gtk_widget_set_margin_end (controls, 6);
  gtk_popover_set_child (GTK_POPOVER (popover), controls);
  gtk_menu_button_set_popover (menu_button, popover);
}

static void
hearth_group_button_dispose (GObject *object)
{
  HearthGroupButton *self = HEARTH_GROUP_BUTTON (object);

  g_clear_pointer (&self->menu_button, gtk_widget_unparent);
  g_clear_object (&self->home);
  g_clear_pointer (&self->room, g_free);

  G_OBJECT_CLASS (hearth_group_button_parent_class)->dispose (object);
}

static void
hearth_group_button_class_init (HearthGroupButtonClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = hearth_group_button_dispose;
  gtk_widget_class_set_layout_manager_type (GTK_WIDGET_CLASS (klass), GTK_TYPE_BIN_LAYOUT);
}

static void
hearth_group_button_init (HearthGroupButton *self)
{
  self->menu_button = gtk_menu_button_new ();
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (self->menu_button), "view-more-symbolic");
  gtk_menu_button_set_has_frame (GTK_MENU_BUTTON (self->menu_button), FALSE);
  gtk_widget_add_css_class (self->menu_button, "circular");
  gtk_widget_set_valign (self->menu_button, GTK_ALIGN_CENTER);
  gtk_menu_button_set_create_popup_func (GTK_MENU_BUTTON (self->menu_button), create_popup, self, NULL);
  gtk_widget_set_parent (self->menu_button, GTK_WIDGET (self));
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

GtkWidget *
hearth_group_button_new (void)
{
  return g_object_new (HEARTH_TYPE_GROUP_BUTTON, NULL);
}

void
hearth_group_button_set_group (HearthGroupButton *self,
                               HearthHome        *home,
                               const char        *room)
{
  g_autofree char *name = NULL;

  g_return_if_fail (HEARTH_IS_GROUP_BUTTON (self));
  g_return_if_fail (home == NULL || HEARTH_IS_HOME (home));

  gtk_widget_set_visible (GTK_WIDGET (self), home != NULL);
  if (home == self->home && g_strcmp0 (room, self->room) == 0)
    return;

  g_set_object (&self->home, home);
  g_free (self->room);
  self->room = g_strdup (room);
  /* A recycled heading: the next popup is this group's */
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (self->menu_button), NULL);
  if (home == NULL)
    return;

  /* TRANSLATORS: %s is a room's name, or "Favourites" */
  name = g_strdup_printf (_("Actions for %s"), hearth_group_controls_title (room));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->menu_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  gtk_widget_set_tooltip_text (self->menu_button, name);
}

gboolean
hearth_group_button_show_details (HearthGroupButton *self)
{
  g_return_val_if_fail (HEARTH_IS_GROUP_BUTTON (self), FALSE);

  if (self->home == NULL)
    return FALSE;
  return gtk_widget_activate_action (GTK_WIDGET (self), "room.details", "ms", self->room);
}
