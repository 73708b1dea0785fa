/* hearth-tile.c: one control as a tile of the home grid
 *
 * A tile is a view: its labels and icon are bound to the item's
 * properties (one GBindingGroup, swapped when the tile is recycled for
 * another item), its style classes follow the item's notifications, and
 * what it does goes through actions (win.apply, win.show-details).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "hearth-store.h"
#include "hearth-tile.h"
#include "hearth-tile-icon.h"

struct _HearthTile
{
  GtkWidget          parent_instance;

  GtkWidget         *overlay;
  GtkButton         *button;
  HearthTileIcon    *icon;
  GtkLabel          *title_label;
  GtkLabel          *state_label;
  GtkButton         *details_button;

  HearthControlItem *item;
  GBindingGroup     *bindings;
  GSignalGroup      *signals;
};

G_DEFINE_FINAL_TYPE (HearthTile, hearth_tile, GTK_TYPE_WIDGET)

typedef enum
{
  PROP_ITEM = 1,
} HearthTileProperty;

static GParamSpec *properties[PROP_ITEM + 1];

static void
set_class (GtkWidget  *widget,
           const char *name,
           gboolean    on)
{
  if (on)
    gtk_widget_add_css_class (widget, name);
  else
    gtk_widget_remove_css_class (widget, name);
}

static void
sync_state (HearthTile *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  HearthControl *control;
  gboolean available;
  gboolean toggles;
  gboolean on;
  g_autofree char *details_label = NULL;

  if (self->item == NULL)
    {
      set_class (widget, "on", FALSE);
      set_class (widget, "unavailable", FALSE);
      return;
    }

  control = hearth_control_item_get_control (self->item);
  available = hearth_control_item_get_available (self->item);
  toggles = hearth_control_item_get_toggles (self->item);
  on = toggles && hearth_control_get_on (control);

  set_class (widget, "on", on && available);
  set_class (widget, "unavailable", !available);
  set_class (widget, "colored", hearth_control_item_get_color (self->item) >= 0);

  /* What a screen reader says: the name, then the state */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  hearth_control_item_get_title (self->item),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  hearth_control_item_get_state_text (self->item),
                                  -1);
  if (toggles)
    gtk_accessible_update_state (GTK_ACCESSIBLE (self->button),
                                 GTK_ACCESSIBLE_STATE_PRESSED, on ? GTK_ACCESSIBLE_TRISTATE_TRUE
                                                                  : GTK_ACCESSIBLE_TRISTATE_FALSE,
                                 -1);
  else
    gtk_accessible_reset_state (GTK_ACCESSIBLE (self->button), GTK_ACCESSIBLE_STATE_PRESSED);

  /* TRANSLATORS: the tile's details button, read by screen readers; %s is the control's name */
  details_label = g_strdup_printf (_("Details of %s"), hearth_control_item_get_title (self->item));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->details_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, details_label,
                                  -1);
}

static void
on_item_notify (HearthTile *self,
                GParamSpec *pspec)
{
  sync_state (self);
}

static void
show_details (HearthTile *self)
{
  if (self->item == NULL)
    return;
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-details", "s",
                              hearth_control_item_get_key (self->item));
}

static void
on_button_clicked_cb (HearthTile *self)
{
  if (self->item == NULL)
    return;

  /* A tile that cannot be used right now opens its details, which say why */
  if (hearth_control_item_get_toggles (self->item) &&
      hearth_control_item_get_available (self->item))
    gtk_widget_activate_action (GTK_WIDGET (self), "win.apply", "(sss)",
                                hearth_control_item_get_key (self->item), "toggle", "");
  else
    show_details (self);
}

static void
details_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  show_details (HEARTH_TILE (widget));
}

/* A right click and a long press both take the press and open the details */
static void
claim_and_show_details (GtkGesture *gesture,
                        HearthTile *self)
{
  gtk_gesture_set_state (gesture, GTK_EVENT_SEQUENCE_CLAIMED);
  show_details (self);
}

static void
on_secondary_pressed (GtkGestureClick *gesture,
                      int              n_press,
                      double           x,
                      double           y,
                      HearthTile      *self)
{
  claim_and_show_details (GTK_GESTURE (gesture), self);
}

static void
on_long_pressed (GtkGestureLongPress *gesture,
                 double               x,
                 double               y,
                 HearthTile          *self)
{
  claim_and_show_details (GTK_GESTURE (gesture), self);
}

/* GObject */

static void
hearth_tile_dispose (GObject *object)
{
  HearthTile *self = (HearthTile *)object;

  if (self->bindings != NULL)
    g_binding_group_set_source (self->bindings, NULL);
  if (self->signals != NULL)
    g_signal_group_set_target (self->signals, NULL);
  g_clear_object (&self->bindings);
  g_clear_object (&self->signals);
  g_clear_object (&self->item);

  gtk_widget_dispose_template (GTK_WIDGET (self), HEARTH_TYPE_TILE);

  G_OBJECT_CLASS (hearth_tile_parent_class)->dispose (object);
}

static void
hearth_tile_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  HearthTile *self = HEARTH_TILE (object);

  switch ((HearthTileProperty) prop_id)
    {
    case PROP_ITEM:
      g_value_set_object (value, self->item);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hearth_tile_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  HearthTile *self = HEARTH_TILE (object);

  switch ((HearthTileProperty) prop_id)
    {
    case PROP_ITEM:
      hearth_tile_set_item (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static gboolean
hearth_tile_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (HEARTH_TILE (widget)->button));
}

static void
hearth_tile_class_init (HearthTileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hearth_tile_dispose;
  object_class->get_property = hearth_tile_get_property;
  object_class->set_property = hearth_tile_set_property;

  widget_class->grab_focus = hearth_tile_grab_focus;

  properties[PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL, HEARTH_TYPE_CONTROL_ITEM,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, G_N_ELEMENTS (properties), properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/hearthapp/Hearth/hearth-tile.ui");
  gtk_widget_class_bind_template_child (widget_class, HearthTile, overlay);
  gtk_widget_class_bind_template_child (widget_class, HearthTile, button);
  gtk_widget_class_bind_template_child (widget_class, HearthTile, icon);
  gtk_widget_class_bind_template_child (widget_class, HearthTile, title_label);
  gtk_widget_class_bind_template_child (widget_class, HearthTile, state_label);
  gtk_widget_class_bind_template_child (widget_class, HearthTile, details_button);
  gtk_widget_class_bind_template_callback (widget_class, on_button_clicked_cb);

  gtk_widget_class_install_action (widget_class, "tile.details", NULL, details_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Menu, 0, "tile.details", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK, "tile.details", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "tile");

  g_type_ensure (HEARTH_TYPE_TILE_ICON);
}

static void
hearth_tile_init (HearthTile *self)
{
  GtkGesture *gesture;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->bindings = g_binding_group_new ();
  g_binding_group_bind (self->bindings, "title", self->title_label, "label", G_BINDING_SYNC_CREATE);
  g_binding_group_bind (self->bindings, "state-text", self->state_label, "label", G_BINDING_SYNC_CREATE);
  g_binding_group_bind (self->bindings, "icon-name", self->icon, "icon-name", G_BINDING_SYNC_CREATE);
  g_binding_group_bind (self->bindings, "color", self->icon, "color", G_BINDING_SYNC_CREATE);

  self->signals = g_signal_group_new (HEARTH_TYPE_CONTROL_ITEM);
  g_signal_group_connect_object (self->signals, "notify", G_CALLBACK (on_item_notify),
                                 self, G_CONNECT_SWAPPED);

  gesture = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_SECONDARY);
  g_signal_connect (gesture, "pressed", G_CALLBACK (on_secondary_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_long_press_new ();
  gtk_gesture_single_set_touch_only (GTK_GESTURE_SINGLE (gesture), TRUE);
  g_signal_connect (gesture, "pressed", G_CALLBACK (on_long_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));
}

GtkWidget *
hearth_tile_new (void)
{
  return g_object_new (HEARTH_TYPE_TILE, NULL);
}

HearthControlItem *
hearth_tile_get_item (HearthTile *self)
{
  g_return_val_if_fail (HEARTH_IS_TILE (self), NULL);
  return self->item;
}

void
hearth_tile_set_item (HearthTile        *self,
                      HearthControlItem *item)
{
  g_return_if_fail (HEARTH_IS_TILE (self));
  g_return_if_fail (item == NULL || HEARTH_IS_CONTROL_ITEM (item));

  if (!g_set_object (&self->item, item))
    return;

  g_binding_group_set_source (self->bindings, item);
  g_signal_group_set_target (self->signals, item);
  sync_state (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM]);
}

gboolean
hearth_tile_focus (HearthTile *self)
{
  g_return_val_if_fail (HEARTH_IS_TILE (self), FALSE);
  return gtk_widget_grab_focus (GTK_WIDGET (self->button));
}
