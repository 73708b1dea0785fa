/* hearth-group-controls.c: a room's (or the favourites') quick actions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two buttons (all on, all off) for the lights and switches, a scale for
 * the brightness of the dimmable lights (only where there are some), and
 * maybe a button to the group's details. The widget only activates the
 * "room." actions with the room as target ("ms": nothing for the
 * favourites); a drag of the scale is coalesced like a tile's
 * (HearthThrottle). Used in the grid's headings and in the room's details.
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "hearth-group-controls.h"
#include "hearth-throttle.h"

/* As a tile's brightness (hearth-control-editor.c) */
#define THROTTLE_MS 80
#define SETTLE_MS   800

struct _HearthGroupControls
{
  GtkWidget       parent_instance;

  HearthHome     *home;
  char           *room;

  GtkWidget      *on_button;
  GtkWidget      *off_button;
  GtkWidget      *brightness_box;
  GtkWidget      *brightness_scale;
  GtkWidget      *details_button;
  HearthThrottle *throttle;
  gboolean        syncing;
};

G_DEFINE_FINAL_TYPE (HearthGroupControls, hearth_group_controls, GTK_TYPE_WIDGET)

const char *
hearth_group_controls_title (const char *room)
{
  return room != NULL ? room : _("Favourites");
}

/* The group's brightness: the brightest of its lights that are on */
static int
group_brightness (GPtrArray *dimmable)
{
  int brightness = 0;

  for (guint i = 0; i < dimmable->len; i++)
    {
      HearthControl *control = g_ptr_array_index (dimmable, i);

      if (hearth_control_get_on (control))
        brightness = MAX (brightness, hearth_control_get_brightness (control));
    }
  return brightness;
}

/* What the group holds now says what is offered */
static void
update (HearthGroupControls *self)
{
  g_autoptr(GPtrArray) switchable = hearth_home_dup_group (self->home, self->room, HEARTH_GROUP_SWITCHABLE);
  g_autoptr(GPtrArray) dimmable = hearth_home_dup_group (self->home, self->room, HEARTH_GROUP_DIMMABLE);

  gtk_widget_set_sensitive (self->on_button, switchable->len > 0);
  gtk_widget_set_sensitive (self->off_button, switchable->len > 0);
  gtk_widget_set_visible (self->brightness_box, dimmable->len > 0);
  if (dimmable->len > 0 && !hearth_throttle_is_busy (self->throttle))
    {
      self->syncing = TRUE;
      gtk_range_set_value (GTK_RANGE (self->brightness_scale), group_brightness (dimmable));
      self->syncing = FALSE;
    }
}

static void
on_group_controls_map (GtkWidget *widget)
{
  update (HEARTH_GROUP_CONTROLS (widget));
}

static void
on_on_button_clicked (HearthGroupControls *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "room.on", "ms", self->room);
}

static void
on_off_button_clicked (HearthGroupControls *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "room.off", "ms", self->room);
}

static void
on_details_button_clicked (HearthGroupControls *self)
{
  GtkWidget *popover = gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_POPOVER);

  if (popover != NULL)
    gtk_popover_popdown (GTK_POPOVER (popover));
  gtk_widget_activate_action (GTK_WIDGET (self), "room.details", "ms", self->room);
}

static void
on_brightness_scale_value_changed (HearthGroupControls *self)
{
  if (self->syncing)
    return;
  hearth_throttle_push (self->throttle, (int) gtk_range_get_value (GTK_RANGE (self->brightness_scale)));
}

static void
on_throttle_send (HearthGroupControls *self,
                  int                  value)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "room.brightness", "(msi)", self->room, value);
}

static void
hearth_group_controls_dispose (GObject *object)
{
  HearthGroupControls *self = HEARTH_GROUP_CONTROLS (object);
  GtkWidget *child;

  if (self->throttle != NULL)
    hearth_throttle_flush (self->throttle);
  g_clear_object (&self->throttle);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (hearth_group_controls_parent_class)->dispose (object);
}

static void
hearth_group_controls_finalize (GObject *object)
{
  HearthGroupControls *self = HEARTH_GROUP_CONTROLS (object);

  g_clear_object (&self->home);
  g_free (self->room);

  G_OBJECT_CLASS (hearth_group_controls_parent_class)->finalize (object);
}

static void
hearth_group_controls_class_init (HearthGroupControlsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hearth_group_controls_dispose;
  object_class->finalize = hearth_group_controls_finalize;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "groupcontrols");
}

static void
hearth_group_controls_init (HearthGroupControls *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));

  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 12);
  g_signal_connect (self, "map", G_CALLBACK (on_group_controls_map), NULL);

  self->throttle = hearth_throttle_new (THROTTLE_MS, SETTLE_MS);
  g_signal_connect_object (self->throttle, "send", G_CALLBACK (on_throttle_send), self,
                           G_CONNECT_SWAPPED);
}

static GtkWidget *
pill_button (const char *label,
             const char *icon_name)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *content = adw_button_content_new ();

  adw_button_content_set_label (ADW_BUTTON_CONTENT (content), label);
  adw_button_content_set_icon_name (ADW_BUTTON_CONTENT (content), icon_name);
  adw_button_content_set_use_underline (ADW_BUTTON_CONTENT (content), TRUE);
  gtk_button_set_child (GTK_BUTTON (button), content);
  gtk_widget_set_hexpand (button, TRUE);
  return button;
}

GtkWidget *
hearth_group_controls_new (HearthHome *home,
                           const char *room,
                           gboolean    with_details)
{
  HearthGroupControls *self;
  GtkWidget *buttons;
  GtkWidget *icon;
  const char *title = hearth_group_controls_title (room);
  g_autofree char *on_name = NULL;
  g_autofree char *off_name = NULL;
  g_autofree char *brightness_name = NULL;

  g_return_val_if_fail (HEARTH_IS_HOME (home), NULL);

  self = g_object_new (HEARTH_TYPE_GROUP_CONTROLS, NULL);
  self->home = g_object_ref (home);
  self->room = g_strdup (room);

  buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_add_css_class (buttons, "linked");
  gtk_box_set_homogeneous (GTK_BOX (buttons), TRUE);
  self->on_button = pill_button (_("All _On"), "hearth-light-on-symbolic");
  self->off_button = pill_button (_("All O_ff"), "hearth-light-off-symbolic");
  if (room != NULL)
    {
      /* TRANSLATORS: %s is a room's name */
      on_name = g_strdup_printf (_("Turn on all lights and switches in %s"), title);
      /* TRANSLATORS: %s is a room's name */
      off_name = g_strdup_printf (_("Turn off all lights and switches in %s"), title);
      /* TRANSLATORS: %s is a room's name */
      brightness_name = g_strdup_printf (_("Brightness of all lights in %s"), title);
    }
  else
    {
      on_name = g_strdup (_("Turn on all favourite lights and switches"));
      off_name = g_strdup (_("Turn off all favourite lights and switches"));
      brightness_name = g_strdup (_("Brightness of all favourite lights"));
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->on_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, on_name, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->off_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, off_name, -1);
  gtk_widget_set_tooltip_text (self->on_button, on_name);
  gtk_widget_set_tooltip_text (self->off_button, off_name);
  g_signal_connect_object (self->on_button, "clicked", G_CALLBACK (on_on_button_clicked), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->off_button, "clicked", G_CALLBACK (on_off_button_clicked), self,
                           G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (buttons), self->on_button);
  gtk_box_append (GTK_BOX (buttons), self->off_button);
  gtk_widget_set_parent (buttons, GTK_WIDGET (self));

  self->brightness_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  icon = gtk_image_new_from_icon_name ("display-brightness-symbolic");
  gtk_accessible_update_state (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
  gtk_box_append (GTK_BOX (self->brightness_box), icon);
  self->brightness_scale = gtk_scale_new_with_range (GTK_ORIENTATION_HORIZONTAL, 0, 100, 1);
  gtk_scale_set_draw_value (GTK_SCALE (self->brightness_scale), FALSE);
  gtk_widget_set_hexpand (self->brightness_scale, TRUE);
  gtk_widget_set_size_request (self->brightness_scale, 180, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->brightness_scale),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, brightness_name, -1);
  gtk_widget_set_tooltip_text (self->brightness_scale, brightness_name);
  g_signal_connect_object (self->brightness_scale, "value-changed",
                           G_CALLBACK (on_brightness_scale_value_changed), self,
                           G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (self->brightness_box), self->brightness_scale);
  gtk_widget_set_parent (self->brightness_box, GTK_WIDGET (self));

  if (with_details)
    {
      g_autofree char *details_name = NULL;

      self->details_button = gtk_button_new_with_mnemonic (_("_Details"));
      gtk_widget_add_css_class (self->details_button, "flat");
      /* TRANSLATORS: %s is a room's name, or "Favourites" */
      details_name = g_strdup_printf (_("Details of %s"), title);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->details_button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, details_name, -1);
      g_signal_connect_object (self->details_button, "clicked",
                               G_CALLBACK (on_details_button_clicked), self, G_CONNECT_SWAPPED);
      gtk_widget_set_parent (self->details_button, GTK_WIDGET (self));
    }

  return GTK_WIDGET (self);
}

const char *
hearth_group_controls_get_room (HearthGroupControls *self)
{
  g_return_val_if_fail (HEARTH_IS_GROUP_CONTROLS (self), NULL);
  return self->room;
}
