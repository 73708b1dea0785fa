/* hearth-control-editor.c: what a control can do, as a person changes it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "hearth-control-editor.h"
#include "hearth-label-text.h"
#include "hearth-swatch-picker.h"
#include "hearth-throttle.h"

/* A dragged slider sends at most this often (12 a second: smooth to the
 * eye, gentle on a small device); the engine coalesces the rest */
#define THROTTLE_MS 80
/* After the last local change, the model may still carry older values
 * (the device confirming an earlier request): leave the widget alone for
 * this long, then follow the model again. */
#define SETTLE_MS 800

struct _HearthControlEditor
{
  HearthItemGroup      parent_instance;

  GSignalGroup        *control_signals;
  GSignalGroup        *device_signals;

  /* Values a person drags or picks, sent through win.apply at most every
   * THROTTLE_MS, the last value always sent */
  HearthThrottle      *brightness;
  HearthThrottle      *temperature;
  HearthThrottle      *position;
  HearthThrottle      *color;

  GtkStringList       *effects_model;
  guint                syncing;

  /* template children */
  AdwActionRow        *power_row;
  GtkSwitch           *power_switch;
  GtkWidget           *brightness_row;
  GtkLabel            *brightness_value;
  GtkRange            *brightness_scale;
  GtkWidget           *temperature_row;
  GtkLabel            *temperature_value;
  GtkRange            *temperature_scale;
  GtkWidget           *color_row;
  HearthSwatchPicker  *swatch_picker;
  AdwComboRow         *effect_row;
  GtkWidget           *position_row;
  GtkLabel            *position_value;
  GtkRange            *position_scale;
  GtkWidget           *cover_buttons_row;
  GtkWidget           *open_button;
  GtkWidget           *stop_button;
  GtkWidget           *close_button;
};

G_DEFINE_FINAL_TYPE (HearthControlEditor, hearth_control_editor, HEARTH_TYPE_ITEM_GROUP)

static HearthControlItem *
get_item (HearthControlEditor *self)
{
  return hearth_item_group_get_item (HEARTH_ITEM_GROUP (self));
}

static HearthControl *
get_control (HearthControlEditor *self)
{
  return hearth_item_group_get_control (HEARTH_ITEM_GROUP (self));
}

/* Everything a person changes on the device goes out through the window */
static void
apply (HearthControlEditor *self,
       const char          *action)
{
  if (get_item (self) == NULL)
    return;

  g_debug ("Details: %s %s", hearth_control_item_get_key (get_item (self)), action);
  gtk_widget_activate_action (GTK_WIDGET (self), "win.apply", "(sss)",
                              hearth_control_item_get_key (get_item (self)),
                              action,
                              "");
}

/* Following the model */

static void
sync_scale (HearthControlEditor *self,
            HearthThrottle      *throttle,
            GtkRange            *scale,
            int                  value)
{
  if (value < 0 || hearth_throttle_is_busy (throttle))
    return;

  if ((int) gtk_range_get_value (scale) != value)
    {
      self->syncing++;
      gtk_range_set_value (scale, value);
      self->syncing--;
    }
}

static void
update_effects (HearthControlEditor *self,
                HearthControl       *control)
{
  const char * const *effects = hearth_control_get_effects (control);
  const char *effect = hearth_control_get_effect (control);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->effects_model));
  guint n_effects = effects != NULL ? g_strv_length ((char **) effects) : 0;
  gboolean same = n == n_effects;
  guint selected = GTK_INVALID_LIST_POSITION;

  for (guint i = 0; same && i < n; i++)
    same = g_strcmp0 (gtk_string_list_get_string (self->effects_model, i), effects[i]) == 0;

  self->syncing++;
  if (!same)
    gtk_string_list_splice (self->effects_model, 0, n, effects);

  for (guint i = 0; effect != NULL && i < n_effects; i++)
    if (g_str_equal (effects[i], effect))
      selected = i;

  if (adw_combo_row_get_selected (self->effect_row) != selected)
    adw_combo_row_set_selected (self->effect_row, selected);
  self->syncing--;
}

static void
update_controls (HearthControlEditor *self)
{
  HearthControl *control = get_control (self);
  HearthDevice *device = hearth_item_group_get_device (HEARTH_ITEM_GROUP (self));
  HearthControlKind kind;
  gboolean has_on;
  gboolean has_brightness;
  gboolean has_temperature;
  gboolean has_color;
  gboolean has_effects;
  gboolean has_position;
  gboolean is_cover;
  gboolean is_sensor;
  int value;

  if (control == NULL)
    return;

  kind = hearth_control_get_kind (control);
  is_cover = kind == HEARTH_CONTROL_KIND_COVER;
  is_sensor = kind == HEARTH_CONTROL_KIND_SENSOR;
  has_on = !is_cover && !is_sensor &&
           hearth_control_has_capability (control, HEARTH_CAPABILITY_ON_OFF);
  has_brightness = hearth_control_has_capability (control, HEARTH_CAPABILITY_BRIGHTNESS);
  has_temperature = hearth_control_has_capability (control, HEARTH_CAPABILITY_TEMPERATURE) &&
                    hearth_control_get_temperature_min (control) > 0 &&
                    hearth_control_get_temperature_max (control) > hearth_control_get_temperature_min (control);
  has_color = hearth_control_has_capability (control, HEARTH_CAPABILITY_COLOR);
  has_effects = hearth_control_has_capability (control, HEARTH_CAPABILITY_EFFECT) &&
                hearth_control_get_effects (control) != NULL &&
                hearth_control_get_effects (control)[0] != NULL;
  has_position = is_cover && hearth_control_has_capability (control, HEARTH_CAPABILITY_POSITION);

  gtk_widget_set_visible (GTK_WIDGET (self->power_row), has_on);
  gtk_widget_set_visible (self->brightness_row, has_brightness);
  gtk_widget_set_visible (self->temperature_row, has_temperature);
  gtk_widget_set_visible (self->color_row, has_color);
  gtk_widget_set_visible (GTK_WIDGET (self->effect_row), has_effects);
  gtk_widget_set_visible (self->position_row, has_position);
  gtk_widget_set_visible (self->cover_buttons_row, is_cover);
  gtk_widget_set_visible (GTK_WIDGET (self),
                          has_on || has_brightness || has_temperature || has_color ||
                          has_effects || is_cover);
  /* A device that does not answer cannot be told anything */
  gtk_widget_set_sensitive (GTK_WIDGET (self),
                            hearth_device_get_available (device));

  if (has_on && gtk_switch_get_active (self->power_switch) != hearth_control_get_on (control))
    {
      self->syncing++;
      gtk_switch_set_active (self->power_switch, hearth_control_get_on (control));
      self->syncing--;
    }

  if (has_brightness)
    sync_scale (self, self->brightness, self->brightness_scale,
                MAX (1, hearth_control_get_brightness (control)));

  if (has_temperature)
    {
      GtkAdjustment *adjustment = gtk_range_get_adjustment (self->temperature_scale);
      int min = hearth_control_get_temperature_min (control);
      int max = hearth_control_get_temperature_max (control);

      if ((int) gtk_adjustment_get_lower (adjustment) != min ||
          (int) gtk_adjustment_get_upper (adjustment) != max)
        {
          self->syncing++;
          gtk_adjustment_configure (adjustment,
                                    CLAMP (hearth_control_get_temperature (control), min, max),
                                    min, max, 50, 500, 0);
          self->syncing--;
        }
      value = hearth_control_get_temperature (control);
      if (value > 0)
        sync_scale (self, self->temperature, self->temperature_scale, CLAMP (value, min, max));
    }

  if (has_color && !hearth_throttle_is_busy (self->color))
    hearth_swatch_picker_set_rgb (self->swatch_picker, hearth_control_get_color (control));

  if (has_effects)
    update_effects (self, control);

  if (has_position)
    sync_scale (self, self->position, self->position_scale,
                hearth_control_get_position (control));

  if (is_cover)
    {
      HearthCoverState state = hearth_control_get_cover_state (control);
      int position = hearth_control_get_position (control);

      gtk_widget_set_sensitive (self->open_button,
                                state != HEARTH_COVER_STATE_OPEN &&
                                state != HEARTH_COVER_STATE_OPENING &&
                                position != 100);
      gtk_widget_set_sensitive (self->close_button,
                                state != HEARTH_COVER_STATE_CLOSED &&
                                state != HEARTH_COVER_STATE_CLOSING &&
                                position != 0);
      gtk_widget_set_sensitive (self->stop_button,
                                state == HEARTH_COVER_STATE_OPENING ||
                                state == HEARTH_COVER_STATE_CLOSING);
    }

}


static void
on_control_notify (HearthControlEditor *self)
{
  update_controls (self);
}

static void
on_device_notify (HearthControlEditor *self)
{
  HearthDevice *device = hearth_item_group_get_device (HEARTH_ITEM_GROUP (self));

  /* A device that does not answer cannot be told anything */
  gtk_widget_set_sensitive (GTK_WIDGET (self), hearth_device_get_available (device));
}

static void
on_throttle_send (HearthControlEditor *self,
                  int                  value,
                  HearthThrottle      *throttle)
{
  g_autofree char *action = NULL;

  if (throttle == self->color)
    action = g_strdup_printf ("color=#%06x", (unsigned int) value & 0xffffff);
  else if (throttle == self->brightness)
    action = g_strdup_printf ("brightness=%d", value);
  else if (throttle == self->temperature)
    action = g_strdup_printf ("temperature=%d", value);
  else
    action = g_strdup_printf ("position=%d", value);

  apply (self, action);
}

static void
on_throttle_settled (HearthControlEditor *self)
{
  /* The person let go: show what the device has now */
  update_controls (self);
}

/* What the person does */

static void
on_power_switch_notify_active (HearthControlEditor *self)
{
  if (self->syncing || get_item (self) == NULL)
    return;

  apply (self, gtk_switch_get_active (self->power_switch) ? "on" : "off");
}

/* Shows a scale's value (@text) and sends it when the person moved it */
static void
show_scale_value (HearthControlEditor *self,
                  GtkLabel            *label,
                  const char          *text,
                  HearthThrottle      *throttle,
                  int                  value)
{
  hearth_label_text_set (label, text);
  if (!self->syncing && get_item (self) != NULL)
    hearth_throttle_push (throttle, value);
}

static int
get_scale_value (GtkRange *scale)
{
  return (int) (gtk_range_get_value (scale) + 0.5);
}

static void
on_brightness_scale_value_changed (HearthControlEditor *self)
{
  int value = get_scale_value (self->brightness_scale);
  /* TRANSLATORS: a brightness, e.g. "70 %" */
  g_autofree char *text = g_strdup_printf (_("%d %%"), value);

  show_scale_value (self, self->brightness_value, text, self->brightness, value);
}

static void
on_temperature_scale_value_changed (HearthControlEditor *self)
{
  int value = get_scale_value (self->temperature_scale);
  /* TRANSLATORS: a colour temperature in Kelvin, e.g. "4000 K" */
  g_autofree char *text = g_strdup_printf (_("%d K"), value);

  show_scale_value (self, self->temperature_value, text, self->temperature, value);
}

static void
on_position_scale_value_changed (HearthControlEditor *self)
{
  int value = get_scale_value (self->position_scale);
  /* TRANSLATORS: how far a blind is open, e.g. "51 %" */
  g_autofree char *text = g_strdup_printf (_("%d %%"), value);

  show_scale_value (self, self->position_value, text, self->position, value);
}

static void
on_swatch_picker_picked (HearthControlEditor *self,
                         int                  rgb)
{
  hearth_throttle_push (self->color, rgb);
}

static void
on_effect_row_notify_selected (HearthControlEditor *self)
{
  guint selected = adw_combo_row_get_selected (self->effect_row);
  g_autofree char *action = NULL;

  if (self->syncing || get_item (self) == NULL || selected == GTK_INVALID_LIST_POSITION)
    return;

  action = g_strdup_printf ("effect=%s", gtk_string_list_get_string (self->effects_model, selected));
  apply (self, action);
}

static void
on_open_button_clicked (HearthControlEditor *self)
{
  hearth_throttle_flush (self->position);
  apply (self, "open");
}

static void
on_stop_button_clicked (HearthControlEditor *self)
{
  hearth_throttle_flush (self->position);
  apply (self, "stop");
}

static void
on_close_button_clicked (HearthControlEditor *self)
{
  hearth_throttle_flush (self->position);
  apply (self, "close");
}

/* GObject */

GtkWidget *
hearth_control_editor_new (void)
{
  return g_object_new (HEARTH_TYPE_CONTROL_EDITOR, NULL);
}

/* Whatever the person was dragging goes to the control it was meant for */
static void
hearth_control_editor_unbind (HearthItemGroup *group)
{
  HearthControlEditor *self = HEARTH_CONTROL_EDITOR (group);

  hearth_throttle_flush (self->brightness);
  hearth_throttle_flush (self->temperature);
  hearth_throttle_flush (self->position);
  hearth_throttle_flush (self->color);
}

static void
hearth_control_editor_bind (HearthItemGroup *group)
{
  HearthControlEditor *self = HEARTH_CONTROL_EDITOR (group);

  g_signal_group_set_target (self->control_signals, hearth_item_group_get_control (group));
  g_signal_group_set_target (self->device_signals, hearth_item_group_get_device (group));

  if (hearth_item_group_get_item (group) != NULL)
    update_controls (self);
}

gboolean
hearth_control_editor_is_busy (HearthControlEditor *self)
{
  g_return_val_if_fail (HEARTH_IS_CONTROL_EDITOR (self), FALSE);

  return hearth_throttle_is_busy (self->brightness) ||
         hearth_throttle_is_busy (self->temperature) ||
         hearth_throttle_is_busy (self->position) ||
         hearth_throttle_is_busy (self->color);
}

static void
hearth_control_editor_dispose (GObject *object)
{
  HearthControlEditor *self = HEARTH_CONTROL_EDITOR (object);

  g_clear_object (&self->brightness);
  g_clear_object (&self->temperature);
  g_clear_object (&self->position);
  g_clear_object (&self->color);

  if (self->control_signals != NULL)
    {
      g_signal_group_set_target (self->control_signals, NULL);
      g_signal_group_set_target (self->device_signals, NULL);
    }
  g_clear_object (&self->control_signals);
  g_clear_object (&self->device_signals);

  gtk_widget_dispose_template (GTK_WIDGET (self), HEARTH_TYPE_CONTROL_EDITOR);

  g_clear_object (&self->effects_model);

  G_OBJECT_CLASS (hearth_control_editor_parent_class)->dispose (object);
}

static void
hearth_control_editor_class_init (HearthControlEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hearth_control_editor_dispose;
  HEARTH_ITEM_GROUP_CLASS (klass)->unbind = hearth_control_editor_unbind;
  HEARTH_ITEM_GROUP_CLASS (klass)->bind = hearth_control_editor_bind;


  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/hearthapp/Hearth/hearth-control-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, HearthControlEditor, power_row);
  gtk_widget_class_bind_template_child (widget_class, HearthControlEditor, power_switch);
  gtk_widget_class_bind_template_child (widget_class, HearthControlEditor, brightness_row);
  gtk_widget_class_bind_template_child (widget_class, HearthControlEditor, brightness_value);
  gtk_widget_class_bind_template_child (widget_class, HearthControlEditor, brightness_scale);
  gtk_widget_class_bind_template_child (widget_class, HearthControlEditor, temperature_row);
  gtk_widget_class_bind_template_child (widget_class, HearthControlEditor, temperature_value);
  gtk_widget_class_bind_template_child (widget_class, HearthControlEditor, temperature_scale);
  gtk_widget_class_bind_template_child (widget_class, HearthControlEditor, color_row);
  gtk_widget_class_bind_template_child (widget_class, HearthControlEditor, swatch_picker);
  gtk_widget_class_bind_template_child (widget_class, HearthControlEditor, effect_row);
  gtk_widget_class_bind_template_child (widget_class, HearthControlEditor, position_row);
  gtk_widget_class_bind_template_child (widget_class, HearthControlEditor, position_value);
  gtk_widget_class_bind_template_child (widget_class, HearthControlEditor, position_scale);
  gtk_widget_class_bind_template_child (widget_class, HearthControlEditor, cover_buttons_row);
  gtk_widget_class_bind_template_child (widget_class, HearthControlEditor, open_button);
  gtk_widget_class_bind_template_child (widget_class, HearthControlEditor, stop_button);
  gtk_widget_class_bind_template_child (widget_class, HearthControlEditor, close_button);

  gtk_widget_class_bind_template_callback (widget_class, on_power_switch_notify_active);
  gtk_widget_class_bind_template_callback (widget_class, on_brightness_scale_value_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_temperature_scale_value_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_position_scale_value_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_swatch_picker_picked);
  gtk_widget_class_bind_template_callback (widget_class, on_effect_row_notify_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_open_button_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_button_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_close_button_clicked);

  g_type_ensure (HEARTH_TYPE_SWATCH_PICKER);
}

static HearthThrottle *
create_throttle (HearthControlEditor *self)
{
  HearthThrottle *throttle = hearth_throttle_new (THROTTLE_MS, SETTLE_MS);

  g_signal_connect_object (throttle, "send", G_CALLBACK (on_throttle_send), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (throttle, "settled", G_CALLBACK (on_throttle_settled), self, G_CONNECT_SWAPPED);

  return throttle;
}

static void
hearth_control_editor_init (HearthControlEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->brightness = create_throttle (self);
  self->temperature = create_throttle (self);
  self->position = create_throttle (self);
  self->color = create_throttle (self);

  self->effects_model = gtk_string_list_new (NULL);
  adw_combo_row_set_model (self->effect_row, G_LIST_MODEL (self->effects_model));

  self->control_signals = g_signal_group_new (HEARTH_TYPE_CONTROL);
  g_signal_group_connect_swapped (self->control_signals, "notify",
                                  G_CALLBACK (on_control_notify), self);
  self->device_signals = g_signal_group_new (HEARTH_TYPE_DEVICE);
  g_signal_group_connect_swapped (self->device_signals, "notify",
                                  G_CALLBACK (on_device_notify), self);

  /* Initial labels */
  on_brightness_scale_value_changed (self);
  on_temperature_scale_value_changed (self);
  on_position_scale_value_changed (self);
}
