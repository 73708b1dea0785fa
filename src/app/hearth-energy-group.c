/* hearth-energy-group.c: the details' graph of power over time
 *
 * A card with three linked toggle buttons (24 hours, 7 days, 30 days)
 * over a HearthEnergyGraph. The points come from the home
 * (hearth_home_dup_history()): by the minute for a day, by the hour
 * beyond; again whenever the reading changes (the home records it then).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "hearth-energy-graph.h"
#include "hearth-energy-group.h"

typedef struct
{
  const char *label;
  const char *accessible;
  gint64      span;
  HearthHistoryResolution resolution;
} Range;

static const Range ranges[] = {
  { NC_("graph range", "24 h"), NC_("graph range", "Last 24 hours"), 24 * 3600, HEARTH_HISTORY_MINUTE },
  { NC_("graph range", "7 days"), NC_("graph range", "Last 7 days"), 7 * 24 * 3600, HEARTH_HISTORY_HOUR },
  { NC_("graph range", "30 days"), NC_("graph range", "Last 30 days"), 30 * 24 * 3600, HEARTH_HISTORY_HOUR },
};

struct _HearthEnergyGroup
{
  HearthItemGroup    parent_instance;

  HearthHome        *home;
  HearthControl     *reading;   /* the power reading shown */
  guint              range;
  GtkToggleButton   *buttons[G_N_ELEMENTS (ranges)];
  HearthEnergyGraph *graph;
};

G_DEFINE_FINAL_TYPE (HearthEnergyGroup, hearth_energy_group, HEARTH_TYPE_ITEM_GROUP)

/* The power reading of the item: the control itself, or one attached */
static HearthControl *
find_reading (HearthEnergyGroup *self)
{
  HearthControlItem *item = hearth_item_group_get_item (HEARTH_ITEM_GROUP (self));
  HearthControl *control = hearth_item_group_get_control (HEARTH_ITEM_GROUP (self));
  GListModel *attached;

  if (control == NULL)
    return NULL;
  if (hearth_home_is_power_reading (control))
    return g_object_ref (control);
  attached = hearth_control_item_get_attached (item);
  for (guint i = 0; attached != NULL && i < g_list_model_get_n_items (attached); i++)
    {
      g_autoptr(HearthControl) reading = g_list_model_get_item (attached, i);

      if (hearth_home_is_power_reading (reading))
        return g_steal_pointer (&reading);
    }
  return NULL;
}

static void
refresh (HearthEnergyGroup *self)
{
  const Range *range = &ranges[self->range];
  HearthDevice *device = hearth_item_group_get_device (HEARTH_ITEM_GROUP (self));
  HearthHistory *history = self->home != NULL ? hearth_home_get_history (self->home) : NULL;
  g_autoptr(GArray) points = NULL;
  g_autofree char *label = NULL;
  gint64 now;

  if (self->reading == NULL || device == NULL || self->home == NULL)
    return;

  now = history != NULL ? hearth_history_now (history) : g_get_real_time () / G_USEC_PER_SEC;
  points = hearth_home_dup_history (self->home, device, self->reading,
                                    now - range->span, range->resolution);
  hearth_energy_graph_set_points (self->graph, points, now - range->span, now,
                                  range->resolution == HEARTH_HISTORY_MINUTE ? 60 : 3600,
                                  hearth_control_get_unit (self->reading));
  /* Translators: the graph's accessible name: "Power, last 24 hours" */
  label = g_strdup_printf (_("Power, %s"), g_dpgettext2 (NULL, "graph range", range->accessible));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->graph),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static void
on_reading_notify_value (HearthEnergyGroup *self)
{
  refresh (self);
}

static void
set_reading (HearthEnergyGroup *self,
             HearthControl     *reading)
{
  if (self->reading != NULL)
    g_signal_handlers_disconnect_by_func (self->reading, on_reading_notify_value, self);
  g_set_object (&self->reading, reading);
  if (reading != NULL)
    g_signal_connect_object (reading, "notify::value", G_CALLBACK (on_reading_notify_value),
                             self, G_CONNECT_SWAPPED);
  gtk_widget_set_visible (GTK_WIDGET (self), reading != NULL);
  refresh (self);
}

static void
on_button_toggled (GtkToggleButton   *button,
                   HearthEnergyGroup *self)
{
  if (!gtk_toggle_button_get_active (button))
    return;
  for (guint i = 0; i < G_N_ELEMENTS (ranges); i++)
    if (self->buttons[i] == button)
      self->range = i;
  refresh (self);
}

static void
on_item_attached_items_changed (HearthEnergyGroup *self)
{
  g_autoptr(HearthControl) reading = find_reading (self);

  if (reading != self->reading)
    set_reading (self, reading);
}

static void
hearth_energy_group_unbind (HearthItemGroup *group)
{
  HearthEnergyGroup *self = HEARTH_ENERGY_GROUP (group);
  HearthControlItem *item = hearth_item_group_get_item (group);

  if (item != NULL && hearth_control_item_get_attached (item) != NULL)
    g_signal_handlers_disconnect_by_func (hearth_control_item_get_attached (item),
                                          on_item_attached_items_changed, self);
  set_reading (self, NULL);
}

static void
hearth_energy_group_bind (HearthItemGroup *group)
{
  HearthEnergyGroup *self = HEARTH_ENERGY_GROUP (group);
  HearthControlItem *item = hearth_item_group_get_item (group);
  g_autoptr(HearthControl) reading = NULL;

  if (item != NULL && hearth_control_item_get_attached (item) != NULL)
    g_signal_connect_object (hearth_control_item_get_attached (item), "items-changed",
                             G_CALLBACK (on_item_attached_items_changed), self, G_CONNECT_SWAPPED);
  reading = find_reading (self);
  set_reading (self, reading);
}

void
hearth_energy_group_set_home (HearthEnergyGroup *self,
                              HearthHome        *home)
{
  g_return_if_fail (HEARTH_IS_ENERGY_GROUP (self));
  g_return_if_fail (home == NULL || HEARTH_IS_HOME (home));

  g_set_object (&self->home, home);
  refresh (self);
}

GtkWidget *
hearth_energy_group_new (void)
{
  return g_object_new (HEARTH_TYPE_ENERGY_GROUP, NULL);
}

static void
hearth_energy_group_dispose (GObject *object)
{
  HearthEnergyGroup *self = HEARTH_ENERGY_GROUP (object);

  if (self->reading != NULL)
    g_signal_handlers_disconnect_by_func (self->reading, on_reading_notify_value, self);
  g_clear_object (&self->reading);
  g_clear_object (&self->home);

  G_OBJECT_CLASS (hearth_energy_group_parent_class)->dispose (object);
}

static void
hearth_energy_group_class_init (HearthEnergyGroupClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = hearth_energy_group_dispose;
  HEARTH_ITEM_GROUP_CLASS (klass)->bind = hearth_energy_group_bind;
  HEARTH_ITEM_GROUP_CLASS (klass)->unbind = hearth_energy_group_unbind;
}

static void
hearth_energy_group_init (HearthEnergyGroup *self)
{
  GtkWidget *linked = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self), _("Power Use"));

  /* The range above the graph, on its card: a narrow window keeps the
   * group's title whole */
  gtk_widget_add_css_class (linked, "linked");
  gtk_widget_set_halign (linked, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_top (linked, 12);
  for (guint i = 0; i < G_N_ELEMENTS (ranges); i++)
    {
      GtkWidget *button = gtk_toggle_button_new_with_label (g_dpgettext2 (NULL, "graph range", ranges[i].label));

      self->buttons[i] = GTK_TOGGLE_BUTTON (button);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      g_dpgettext2 (NULL, "graph range", ranges[i].accessible), -1);
      gtk_widget_set_tooltip_text (button, g_dpgettext2 (NULL, "graph range", ranges[i].accessible));
      if (i > 0)
        gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), self->buttons[0]);
      gtk_box_append (GTK_BOX (linked), button);
    }
  gtk_toggle_button_set_active (self->buttons[0], TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (ranges); i++)
    g_signal_connect (self->buttons[i], "toggled", G_CALLBACK (on_button_toggled), self);
  gtk_widget_add_css_class (card, "card");
  gtk_box_append (GTK_BOX (card), linked);
  self->graph = HEARTH_ENERGY_GRAPH (hearth_energy_graph_new ());
  gtk_widget_set_margin_top (GTK_WIDGET (self->graph), 12);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->graph), 12);
  gtk_widget_set_margin_start (GTK_WIDGET (self->graph), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->graph), 12);
  gtk_box_append (GTK_BOX (card), GTK_WIDGET (self->graph));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), card);

  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}
