/* hearth-details-page.c: one control, all it can do, and where it lives
 *
 * The page is the header (icon, name, what the control is doing, the
 * favourite button) over the widgets that each show one part: the
 * control's rows (HearthControlEditor), its readings
 * (HearthReadingsGroup), where it lives (HearthOrganiseGroup) and the
 * device it runs on (HearthDeviceFacts).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "hearth-control-editor.h"
#include "hearth-details-page-private.h"
#include "hearth-device-facts.h"
#include "hearth-device-text.h"
#include "hearth-label-text.h"
#include "hearth-organise-group.h"
#include "hearth-readings-group.h"
#include "hearth-energy-group.h"
#include "hearth-swatch-picker.h"
#include "hearth-tile-icon.h"

struct _HearthDetailsPage
{
  AdwBin               parent_instance;

  HearthControlList   *list;
  HearthControlItem   *item;

  GSignalGroup        *item_signals;
  GSignalGroup        *control_signals;

  guint                syncing;

  /* template children */
  GtkWidget           *header_box;
  HearthTileIcon      *icon;
  GtkLabel            *title_label;
  GtkLabel            *reading_label;
  GtkLabel            *state_label;
  GtkToggleButton     *favourite_button;
  AdwButtonContent    *favourite_content;
  HearthControlEditor *controls_group;
  HearthReadingsGroup *readings_group;
  HearthEnergyGroup   *energy_group;
  HearthOrganiseGroup *organise_group;
  HearthDeviceFacts   *device_group;
  GtkWidget           *forget_button;
};

G_DEFINE_FINAL_TYPE (HearthDetailsPage, hearth_details_page, ADW_TYPE_BIN)

typedef enum
{
  PROP_LIST = 1,
  PROP_ITEM,
} HearthDetailsPageProperty;

static GParamSpec *properties[PROP_ITEM + 1];

static HearthControl *
get_control (HearthDetailsPage *self)
{
  return self->item != NULL ? hearth_control_item_get_control (self->item) : NULL;
}

/* Following the model */

static void
update_header (HearthDetailsPage *self)
{
  HearthControl *control = get_control (self);
  gboolean favourite;
  const char *state;

  if (control == NULL)
    return;

  hearth_label_text_set (self->title_label, hearth_control_item_get_title (self->item));
  hearth_tile_icon_set_icon_name (self->icon, hearth_control_item_get_icon_name (self->item));
  hearth_tile_icon_set_color (self->icon, hearth_control_item_get_color (self->item));
  if (hearth_control_item_get_available (self->item) &&
      hearth_control_get_kind (control) != HEARTH_CONTROL_KIND_SENSOR &&
      hearth_control_get_kind (control) != HEARTH_CONTROL_KIND_COVER &&
      hearth_control_get_on (control))
    gtk_widget_add_css_class (self->header_box, "on");
  else
    gtk_widget_remove_css_class (self->header_box, "on");
  if (hearth_control_item_get_available (self->item))
    gtk_widget_remove_css_class (self->header_box, "unavailable");
  else
    gtk_widget_add_css_class (self->header_box, "unavailable");

  /* A sensor's headline is its reading; the line below only says why
   * the reading is old */
  state = hearth_control_item_get_state_text (self->item);
  hearth_label_text_set (self->state_label, state);
  gtk_widget_set_visible (GTK_WIDGET (self->state_label),
                          hearth_control_get_kind (control) != HEARTH_CONTROL_KIND_SENSOR ||
                          !hearth_control_item_get_available (self->item));
  gtk_widget_set_opacity (GTK_WIDGET (self->reading_label),
                          hearth_control_item_get_available (self->item) ? 1.0 : 0.55);

  favourite = hearth_control_item_get_favourite (self->item);
  self->syncing++;
  gtk_toggle_button_set_active (self->favourite_button, favourite);
  self->syncing--;
  adw_button_content_set_icon_name (self->favourite_content,
                                    favourite ? "starred-symbolic" : "non-starred-symbolic");
  adw_button_content_set_label (self->favourite_content,
                                favourite ? _("In Favourites") : _("Add to Favourites"));
}

/* A sensor's reading is the headline */
static void
update_reading (HearthDetailsPage *self)
{
  HearthControl *control = get_control (self);
  gboolean is_sensor;

  if (control == NULL)
    return;

  is_sensor = hearth_control_get_kind (control) == HEARTH_CONTROL_KIND_SENSOR;
  gtk_widget_set_visible (GTK_WIDGET (self->reading_label), is_sensor);
  if (is_sensor)
    {
      g_autofree char *text = hearth_device_text_reading (control);

      hearth_label_text_set (self->reading_label, text);
    }
}

static void
on_item_notify (HearthDetailsPage *self,
                GParamSpec        *pspec)
{
  const char *name = pspec ? g_param_spec_get_name (pspec) : NULL;

  if (g_strcmp0 (name, "room") != 0 && g_strcmp0 (name, "attached") != 0)
    update_header (self);
}

static void
on_control_notify (HearthDetailsPage *self)
{
  update_reading (self);
}

/* What the person does */

static void
on_favourite_button_toggled (HearthDetailsPage *self)
{
  if (self->syncing || self->item == NULL)
    return;

  hearth_organise_group_set_favourite (self->organise_group,
                                       gtk_toggle_button_get_active (self->favourite_button));
}

static void
on_forget_button_clicked (HearthDetailsPage *self)
{
  hearth_organise_group_ask_forget (self->organise_group);
}

/* GObject */

GtkWidget *
hearth_details_page_new (HearthControlList *list)
{
  return g_object_new (HEARTH_TYPE_DETAILS_PAGE,
                       "list", list,
                       NULL);
}

HearthControlList *
hearth_details_page_get_list (HearthDetailsPage *self)
{
  g_return_val_if_fail (HEARTH_IS_DETAILS_PAGE (self), NULL);

  return self->list;
}

HearthControlItem *
hearth_details_page_get_item (HearthDetailsPage *self)
{
  g_return_val_if_fail (HEARTH_IS_DETAILS_PAGE (self), NULL);

  return self->item;
}

void
hearth_details_page_set_item (HearthDetailsPage *self,
                              HearthControlItem *item)
{
  g_return_if_fail (HEARTH_IS_DETAILS_PAGE (self));
  g_return_if_fail (item == NULL || HEARTH_IS_CONTROL_ITEM (item));

  if (self->item == item)
    return;

  g_set_object (&self->item, item);
  g_signal_group_set_target (self->item_signals, item);
  g_signal_group_set_target (self->control_signals,
                             item ? hearth_control_item_get_control (item) : NULL);

  hearth_item_group_set_item (HEARTH_ITEM_GROUP (self->controls_group), item);
  hearth_item_group_set_item (HEARTH_ITEM_GROUP (self->readings_group), item);
  hearth_item_group_set_item (HEARTH_ITEM_GROUP (self->energy_group), item);
  hearth_item_group_set_item (HEARTH_ITEM_GROUP (self->organise_group), item);
  hearth_item_group_set_item (HEARTH_ITEM_GROUP (self->device_group), item);

  if (item != NULL)
    {
      update_header (self);
      update_reading (self);
      gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (adw_bin_get_child (ADW_BIN (self)))), 0);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM]);
}

GtkWidget *
_hearth_details_page_get_child (HearthDetailsPage *self,
                                const char        *name)
{
  GtkWidget *swatch_picker;
  struct
  {
    GtkWidget *widget;
    GType      type;
  } parts[] = {
    { GTK_WIDGET (self), HEARTH_TYPE_DETAILS_PAGE },
    { GTK_WIDGET (self->controls_group), HEARTH_TYPE_CONTROL_EDITOR },
    { NULL, HEARTH_TYPE_SWATCH_PICKER },
    { GTK_WIDGET (self->readings_group), HEARTH_TYPE_READINGS_GROUP },
    { GTK_WIDGET (self->organise_group), HEARTH_TYPE_ORGANISE_GROUP },
    { GTK_WIDGET (self->device_group), HEARTH_TYPE_DEVICE_FACTS },
  };

  g_return_val_if_fail (HEARTH_IS_DETAILS_PAGE (self), NULL);

  /* Each part has a template of its own */
  swatch_picker = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (self->controls_group),
                                                             HEARTH_TYPE_CONTROL_EDITOR,
                                                             "swatch_picker"));
  parts[2].widget = swatch_picker;

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      GObject *child = gtk_widget_get_template_child (parts[i].widget, parts[i].type, name);

      if (GTK_IS_WIDGET (child))
        return GTK_WIDGET (child);
    }

  return NULL;
}

gboolean
_hearth_details_page_is_busy (HearthDetailsPage *self)
{
  g_return_val_if_fail (HEARTH_IS_DETAILS_PAGE (self), FALSE);

  return hearth_control_editor_is_busy (self->controls_group);
}

static void
hearth_details_page_dispose (GObject *object)
{
  HearthDetailsPage *self = HEARTH_DETAILS_PAGE (object);

  if (self->item_signals != NULL)
    {
      g_signal_group_set_target (self->item_signals, NULL);
      g_signal_group_set_target (self->control_signals, NULL);
    }
  g_clear_object (&self->item_signals);
  g_clear_object (&self->control_signals);

  gtk_widget_dispose_template (GTK_WIDGET (self), HEARTH_TYPE_DETAILS_PAGE);

  g_clear_object (&self->item);
  g_clear_object (&self->list);

  G_OBJECT_CLASS (hearth_details_page_parent_class)->dispose (object);
}

static void
hearth_details_page_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  HearthDetailsPage *self = HEARTH_DETAILS_PAGE (object);

  switch ((HearthDetailsPageProperty) prop_id)
    {
    case PROP_LIST:
      g_value_set_object (value, hearth_details_page_get_list (self));
      break;
    case PROP_ITEM:
      g_value_set_object (value, hearth_details_page_get_item (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hearth_details_page_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  HearthDetailsPage *self = HEARTH_DETAILS_PAGE (object);

  switch ((HearthDetailsPageProperty) prop_id)
    {
    case PROP_LIST:
      self->list = g_value_dup_object (value);
      break;
    case PROP_ITEM:
      hearth_details_page_set_item (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hearth_details_page_constructed (GObject *object)
{
  HearthDetailsPage *self = HEARTH_DETAILS_PAGE (object);
  HearthHome *home;

  G_OBJECT_CLASS (hearth_details_page_parent_class)->constructed (object);

  g_assert (HEARTH_IS_CONTROL_LIST (self->list));
  home = hearth_control_list_get_home (self->list);
  hearth_organise_group_set_home (self->organise_group, home);
  hearth_energy_group_set_home (self->energy_group, home);
  hearth_device_facts_set_home (self->device_group, home);
}

static void
hearth_details_page_class_init (HearthDetailsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = hearth_details_page_constructed;
  object_class->dispose = hearth_details_page_dispose;
  object_class->get_property = hearth_details_page_get_property;
  object_class->set_property = hearth_details_page_set_property;

  properties[PROP_LIST] =
    g_param_spec_object ("list", NULL, NULL, HEARTH_TYPE_CONTROL_LIST,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL, HEARTH_TYPE_CONTROL_ITEM,
                         G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, G_N_ELEMENTS (properties), properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/hearthapp/Hearth/hearth-details-page.ui");
  gtk_widget_class_bind_template_child (widget_class, HearthDetailsPage, header_box);
  gtk_widget_class_bind_template_child (widget_class, HearthDetailsPage, icon);
  gtk_widget_class_bind_template_child (widget_class, HearthDetailsPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, HearthDetailsPage, reading_label);
  gtk_widget_class_bind_template_child (widget_class, HearthDetailsPage, state_label);
  gtk_widget_class_bind_template_child (widget_class, HearthDetailsPage, favourite_button);
  gtk_widget_class_bind_template_child (widget_class, HearthDetailsPage, favourite_content);
  gtk_widget_class_bind_template_child (widget_class, HearthDetailsPage, controls_group);
  gtk_widget_class_bind_template_child (widget_class, HearthDetailsPage, readings_group);
  gtk_widget_class_bind_template_child (widget_class, HearthDetailsPage, energy_group);
  gtk_widget_class_bind_template_child (widget_class, HearthDetailsPage, organise_group);
  gtk_widget_class_bind_template_child (widget_class, HearthDetailsPage, device_group);
  gtk_widget_class_bind_template_child (widget_class, HearthDetailsPage, forget_button);

  gtk_widget_class_bind_template_callback (widget_class, on_favourite_button_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_forget_button_clicked);

  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);

  g_type_ensure (HEARTH_TYPE_TILE_ICON);
  g_type_ensure (HEARTH_TYPE_CONTROL_EDITOR);
  g_type_ensure (HEARTH_TYPE_READINGS_GROUP);
  g_type_ensure (HEARTH_TYPE_ENERGY_GROUP);
  g_type_ensure (HEARTH_TYPE_ORGANISE_GROUP);
  g_type_ensure (HEARTH_TYPE_DEVICE_FACTS);
}

static void
hearth_details_page_init (HearthDetailsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->item_signals = g_signal_group_new (HEARTH_TYPE_CONTROL_ITEM);
  g_signal_group_connect_swapped (self->item_signals, "notify",
                                  G_CALLBACK (on_item_notify), self);
  self->control_signals = g_signal_group_new (HEARTH_TYPE_CONTROL);
  g_signal_group_connect_swapped (self->control_signals, "notify",
                                  G_CALLBACK (on_control_notify), self);

  /* Devices added by hand can be forgotten */
  g_object_bind_property (self->organise_group, "can-forget",
                          self->forget_button, "visible",
                          G_BINDING_SYNC_CREATE);
}
