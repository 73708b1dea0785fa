/* hearth-readings-group.c: a switch's power and energy, a sensor's siblings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hearth-device-text.h"
#include "hearth-label-text.h"
#include "hearth-readings-group.h"

struct _HearthReadingsGroup
{
  HearthItemGroup      parent_instance;

  GSignalGroup        *item_signals;
  GListModel          *readings_model;
  gulong               readings_changed_id;

  /* template children */
  GtkListBox          *readings_list;
};

G_DEFINE_FINAL_TYPE (HearthReadingsGroup, hearth_readings_group, HEARTH_TYPE_ITEM_GROUP)

static HearthControlItem *
get_item (HearthReadingsGroup *self)
{
  return hearth_item_group_get_item (HEARTH_ITEM_GROUP (self));
}

static HearthControl *
get_control (HearthReadingsGroup *self)
{
  return hearth_item_group_get_control (HEARTH_ITEM_GROUP (self));
}

static void
on_reading_control_notify (AdwActionRow  *row,
                           GParamSpec    *pspec,
                           HearthControl *control)
{
  g_autofree char *text = hearth_device_text_reading (control);
  GtkLabel *label = g_object_get_data (G_OBJECT (row), "value-label");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), hearth_device_text_quantity (control));
  hearth_label_text_set (label, text);
}

static GtkWidget *
create_reading_row (gpointer item,
                    gpointer user_data)
{
  HearthControl *control = item;
  GtkWidget *row;
  GtkWidget *label;

  row = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  label = gtk_label_new (NULL);
  gtk_widget_add_css_class (label, "numeric");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  g_object_set_data (G_OBJECT (row), "value-label", label);

  on_reading_control_notify (ADW_ACTION_ROW (row), NULL, control);
  g_signal_connect_object (control, "notify",
                           G_CALLBACK (on_reading_control_notify), row,
                           G_CONNECT_SWAPPED);

  return row;
}

/* A sensor shows the other readings of its device (a climate sensor's
 * humidity and battery next to its temperature) */
static gboolean
filter_sibling_reading (gpointer item,
                        gpointer user_data)
{
  HearthReadingsGroup *self = user_data;
  HearthControl *control = item;

  return control != get_control (self) &&
         hearth_control_get_kind (control) == HEARTH_CONTROL_KIND_SENSOR;
}

static void
on_readings_model_items_changed (HearthReadingsGroup *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self),
                          self->readings_model != NULL &&
                          g_list_model_get_n_items (self->readings_model) > 0);
}

static void
update_readings (HearthReadingsGroup *self)
{
  g_autoptr(GListModel) model = NULL;
  HearthControl *control = get_control (self);

  if (control != NULL)
    {
      GListModel *attached = hearth_control_item_get_attached (get_item (self));

      if (attached != NULL && g_list_model_get_n_items (attached) > 0)
        model = g_object_ref (attached);
      else if (hearth_control_get_kind (control) == HEARTH_CONTROL_KIND_SENSOR)
        {
          GtkCustomFilter *filter;
          HearthDevice *device = hearth_control_item_get_device (get_item (self));

          filter = gtk_custom_filter_new (filter_sibling_reading, self, NULL);
          model = G_LIST_MODEL (gtk_filter_list_model_new (g_object_ref (hearth_device_get_controls (device)),
                                                           GTK_FILTER (filter)));
        }
    }

  if (model == self->readings_model)
    {
      gtk_widget_set_visible (GTK_WIDGET (self),
                              model != NULL && g_list_model_get_n_items (model) > 0);
      return;
    }

  if (self->readings_model != NULL)
    g_clear_signal_handler (&self->readings_changed_id, self->readings_model);
  g_set_object (&self->readings_model, model);
  if (model != NULL)
    self->readings_changed_id =
      g_signal_connect_swapped (model, "items-changed",
                                G_CALLBACK (on_readings_model_items_changed), self);
  gtk_list_box_bind_model (self->readings_list, self->readings_model,
                           create_reading_row, NULL, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self),
                          model != NULL && g_list_model_get_n_items (model) > 0);
}

static void
on_item_notify_attached (HearthReadingsGroup *self)
{
  update_readings (self);
}

/* GObject */

GtkWidget *
hearth_readings_group_new (void)
{
  return g_object_new (HEARTH_TYPE_READINGS_GROUP, NULL);
}

static void
hearth_readings_group_bind (HearthItemGroup *group)
{
  HearthReadingsGroup *self = HEARTH_READINGS_GROUP (group);

  g_signal_group_set_target (self->item_signals, hearth_item_group_get_item (group));
  update_readings (self);
}

static void
hearth_readings_group_dispose (GObject *object)
{
  HearthReadingsGroup *self = HEARTH_READINGS_GROUP (object);

  if (self->item_signals != NULL)
    g_signal_group_set_target (self->item_signals, NULL);
  g_clear_object (&self->item_signals);

  if (self->readings_model != NULL)
    g_clear_signal_handler (&self->readings_changed_id, self->readings_model);
  if (self->readings_list != NULL)
    gtk_list_box_bind_model (self->readings_list, NULL, NULL, NULL, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), HEARTH_TYPE_READINGS_GROUP);

  g_clear_object (&self->readings_model);

  G_OBJECT_CLASS (hearth_readings_group_parent_class)->dispose (object);
}

static void
hearth_readings_group_class_init (HearthReadingsGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hearth_readings_group_dispose;
  HEARTH_ITEM_GROUP_CLASS (klass)->bind = hearth_readings_group_bind;


  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/hearthapp/Hearth/hearth-readings-group.ui");
  gtk_widget_class_bind_template_child (widget_class, HearthReadingsGroup, readings_list);
}

static void
hearth_readings_group_init (HearthReadingsGroup *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->item_signals = g_signal_group_new (HEARTH_TYPE_CONTROL_ITEM);
  g_signal_group_connect_swapped (self->item_signals, "notify::attached",
                                  G_CALLBACK (on_item_notify_attached), self);

  /* Nothing to show until an item comes */
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}
