/* hearth-details-page.c: one control, all it can do, and where it lives
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "hearth-details-page-private.h"
#include "hearth-device-text.h"
#include "hearth-tile-icon.h"

/* A dragged slider sends at most this often (12 a second: smooth to the
 * eye, gentle on a small device); the engine coalesces the rest */
#define THROTTLE_MS 80
/* After the last local change, the model may still carry older values
 * (the device confirming an earlier request): leave the widget alone for
 * this long, then follow the model again. */
#define SETTLE_MS 800

struct _HearthDetailsPage;

/* One value a person drags or picks, sent through win.apply at most every
 * THROTTLE_MS, the last value always sent. */
typedef struct
{
  struct _HearthDetailsPage *page;
  const char                *verb;       /* "brightness", "color"... */
  int                        pending;    /* -1: nothing waiting */
  guint                      throttle_id;
  guint                      settle_id;
  gint64                     touched;    /* monotonic µs of the last local change */
} Throttle;

struct _HearthDetailsPage
{
  AdwBin             parent_instance;

  HearthHome        *home;
  HearthControlList *list;
  HearthControlItem *item;

  GSignalGroup      *item_signals;
  GSignalGroup      *control_signals;
  GSignalGroup      *device_signals;
  GSignalGroup      *store_signals;

  Throttle           brightness;
  Throttle           temperature;
  Throttle           position;
  Throttle           color;

  GtkStringList     *effects_model;
  GtkStringList     *rooms_model;
  GListModel        *readings_model;
  gulong             readings_changed_id;
  GtkWidget         *color_chooser;
  GPtrArray         *swatches;
  GtkWidget         *custom_swatch;

  guint              syncing;

  /* template children */
  GtkWidget            *header_box;
  HearthTileIcon       *icon;
  GtkLabel             *title_label;
  GtkLabel             *reading_label;
  GtkLabel             *state_label;
  GtkToggleButton      *favourite_button;
  AdwButtonContent     *favourite_content;
  AdwPreferencesGroup  *controls_group;
  AdwActionRow         *power_row;
  GtkSwitch            *power_switch;
  GtkWidget            *brightness_row;
  GtkLabel             *brightness_value;
  GtkRange             *brightness_scale;
  GtkWidget            *temperature_row;
  GtkLabel             *temperature_value;
  GtkRange             *temperature_scale;
  GtkWidget            *color_row;
  GtkFlowBox           *swatch_box;
  AdwComboRow          *effect_row;
  GtkWidget            *position_row;
  GtkLabel             *position_value;
  GtkRange             *position_scale;
  GtkWidget            *cover_buttons_row;
  GtkWidget            *open_button;
  GtkWidget            *stop_button;
  GtkWidget            *close_button;
  AdwPreferencesGroup  *readings_group;
  GtkListBox           *readings_list;
  AdwPreferencesGroup  *organise_group;
  AdwEntryRow          *name_row;
  AdwComboRow          *room_row;
  GtkSwitch            *hidden_switch;
  AdwPreferencesGroup  *device_group;
  AdwActionRow         *model_row;
  AdwActionRow         *firmware_row;
  AdwActionRow         *address_row;
  AdwActionRow         *hardware_id_row;
  AdwActionRow         *updates_row;
  AdwActionRow         *status_row;
  AdwActionRow         *last_seen_row;
  GtkWidget            *forget_button;
};

G_DEFINE_FINAL_TYPE (HearthDetailsPage, hearth_details_page, ADW_TYPE_BIN)

typedef enum
{
  PROP_HOME = 1,
  PROP_LIST,
  PROP_ITEM,
} HearthDetailsPageProperty;

static GParamSpec *properties[PROP_ITEM + 1];

/* Colours one click away; anything else through "Custom" */
static const struct
{
  int         rgb;
  const char *name;
} swatches[] = {
  { 0xffffff, N_("White") },
  { 0xffb45a, N_("Warm White") },
  { 0xe01b24, N_("Red") },
  { 0xff7800, N_("Orange") },
  { 0xf6d32d, N_("Yellow") },
  { 0x33d17a, N_("Green") },
  { 0x3584e4, N_("Blue") },
  { 0x9141ac, N_("Purple") },
};

static void update_all       (HearthDetailsPage *self);
static void update_controls  (HearthDetailsPage *self);
static void update_rooms     (HearthDetailsPage *self);
static void sync_swatches    (HearthDetailsPage *self,
                              int                rgb);

/* Texts */

static const char *
format_status (HearthDevice *device)
{
  switch (hearth_device_get_state (device))
    {
    case HEARTH_DEVICE_STATE_CONNECTING:
      return _("Connecting…");
    case HEARTH_DEVICE_STATE_ONLINE:
      return _("Online");
    case HEARTH_DEVICE_STATE_UNAVAILABLE:
      return _("Not answering");
    case HEARTH_DEVICE_STATE_NEEDS_PAIRING:
      return _("Needs pairing");
    case HEARTH_DEVICE_STATE_NEEDS_PASSWORD:
      return _("Needs a password");
    case HEARTH_DEVICE_STATE_WRONG_DEVICE:
      return _("Another device answers at this address");
    default:
      return _("Unknown");
    }
}

/* Small helpers */

static HearthControl *
get_control (HearthDetailsPage *self)
{
  return self->item != NULL ? hearth_control_item_get_control (self->item) : NULL;
}

static HearthDevice *
get_device (HearthDetailsPage *self)
{
  return self->item != NULL ? hearth_control_item_get_device (self->item) : NULL;
}

static HearthStore *
get_store (HearthDetailsPage *self)
{
  return self->item != NULL ? hearth_control_item_get_store (self->item) : NULL;
}

static void
set_label (GtkLabel   *label,
           const char *text)
{
  if (g_strcmp0 (gtk_label_get_label (label), text ? text : "") != 0)
    gtk_label_set_label (label, text ? text : "");
}

static void
set_subtitle (AdwActionRow *row,
              const char   *text)
{
  if (g_strcmp0 (adw_action_row_get_subtitle (row), text ? text : "") != 0)
    adw_action_row_set_subtitle (row, text ? text : "");
}

static void
toast (HearthDetailsPage *self,
       const char        *message)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", message);
}

/* Everything a person changes on the device goes out through the window */
static void
apply (HearthDetailsPage *self,
       const char        *action)
{
  if (self->item == NULL)
    return;

  g_debug ("Details: %s %s", hearth_control_item_get_key (self->item), action);
  gtk_widget_activate_action (GTK_WIDGET (self), "win.apply", "(sss)",
                              hearth_control_item_get_key (self->item),
                              action,
                              "");
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

/* Throttled values */

static void
throttle_send (Throttle *throttle,
               int       value)
{
  g_autofree char *action = NULL;

  if (g_str_equal (throttle->verb, "color"))
    action = g_strdup_printf ("color=#%06x", (unsigned int) value & 0xffffff);
  else
    action = g_strdup_printf ("%s=%d", throttle->verb, value);

  apply (throttle->page, action);
}

static gboolean
throttle_tick_cb (gpointer user_data)
{
  Throttle *throttle = user_data;

  if (throttle->pending >= 0)
    {
      int value = throttle->pending;

      throttle->pending = -1;
      throttle_send (throttle, value);
      return G_SOURCE_CONTINUE;
    }

  throttle->throttle_id = 0;
  return G_SOURCE_REMOVE;
}

static gboolean
throttle_settle_cb (gpointer user_data)
{
  Throttle *throttle = user_data;

  throttle->settle_id = 0;
  if (throttle->throttle_id != 0)
    return G_SOURCE_REMOVE;

  /* The person let go: show what the device has now */
  update_controls (throttle->page);

  return G_SOURCE_REMOVE;
}

static void
throttle_push (Throttle *throttle,
               int       value)
{
  throttle->touched = g_get_monotonic_time ();

  if (throttle->throttle_id == 0)
    {
      throttle_send (throttle, value);
      throttle->pending = -1;
      throttle->throttle_id = g_timeout_add (THROTTLE_MS, throttle_tick_cb, throttle);
    }
  else
    throttle->pending = value;

  g_clear_handle_id (&throttle->settle_id, g_source_remove);
  throttle->settle_id = g_timeout_add (SETTLE_MS, throttle_settle_cb, throttle);
}

/* Whether the person is (or just was) moving this value: the model must
 * not pull the widget from under their finger. */
static gboolean
throttle_busy (Throttle *throttle)
{
  return throttle->throttle_id != 0 ||
         throttle->settle_id != 0 ||
         g_get_monotonic_time () - throttle->touched < SETTLE_MS * 1000;
}

/* Flushes anything pending (the page is about to show another item) */
static void
throttle_reset (Throttle *throttle)
{
  if (throttle->pending >= 0)
    throttle_send (throttle, throttle->pending);
  throttle->pending = -1;
  throttle->touched = 0;
  g_clear_handle_id (&throttle->throttle_id, g_source_remove);
  g_clear_handle_id (&throttle->settle_id, g_source_remove);
}

static void
throttle_init (Throttle          *throttle,
               HearthDetailsPage *page,
               const char        *verb)
{
  throttle->page = page;
  throttle->verb = verb;
  throttle->pending = -1;
}

/* Colour swatches */

static void
draw_swatch (GtkDrawingArea *area,
             cairo_t        *cr,
             int             width,
             int             height,
             gpointer        user_data)
{
  int rgb = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (area), "rgb"));
  gboolean selected = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (area), "selected"));
  double r = ((rgb >> 16) & 0xff) / 255.0;
  double g = ((rgb >> 8) & 0xff) / 255.0;
  double b = (rgb & 0xff) / 255.0;
  double size = MIN (width, height);
  double cx = width / 2.0;
  double cy = height / 2.0;

  if (rgb < 0)
    {
      /* "Any colour": a small colour wheel */
      for (int i = 0; i < 12; i++)
        {
          GdkRGBA hue = { 0, 0, 0, 1 };

          gtk_hsv_to_rgb (i / 12.0f, 0.75f, 1.0f, &hue.red, &hue.green, &hue.blue);
          cairo_move_to (cr, cx, cy);
          cairo_arc (cr, cx, cy, size / 2.0 - 1.0,
                     (i - 3) * G_PI / 6.0, (i - 2) * G_PI / 6.0 + 0.01);
          cairo_close_path (cr);
          gdk_cairo_set_source_rgba (cr, &hue);
          cairo_fill (cr);
        }
      cairo_arc (cr, cx, cy, size / 2.0 - 1.0, 0, 2 * G_PI);
      cairo_set_source_rgba (cr, 0, 0, 0, 0.15);
      cairo_set_line_width (cr, 1.0);
      cairo_stroke (cr);
      return;
    }

  cairo_arc (cr, cx, cy, size / 2.0 - 1.0, 0, 2 * G_PI);
  cairo_set_source_rgb (cr, r, g, b);
  cairo_fill_preserve (cr);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.15);
  cairo_set_line_width (cr, 1.0);
  cairo_stroke (cr);

  if (selected)
    {
      /* A check in whichever of black and white reads on this colour */
      double luma = 0.2126 * r + 0.7152 * g + 0.0722 * b;
      double s = size / 4.0;

      if (luma > 0.6)
        cairo_set_source_rgba (cr, 0, 0, 0, 0.8);
      else
        cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_set_line_width (cr, 2.5);
      cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
      cairo_move_to (cr, cx - s, cy);
      cairo_line_to (cr, cx - s / 3.0, cy + s * 0.7);
      cairo_line_to (cr, cx + s, cy - s * 0.6);
      cairo_stroke (cr);
    }
}

static void
on_swatch_clicked (HearthDetailsPage *self,
                   GtkButton         *button)
{
  int rgb = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "rgb"));

  throttle_push (&self->color, rgb);
  /* Show the choice at once; the model follows */
  self->syncing++;
  sync_swatches (self, rgb);
  self->syncing--;
}

static void
on_color_chooser_rgba (HearthDetailsPage *self,
                       GParamSpec        *pspec,
                       GtkColorChooser   *chooser)
{
  GdkRGBA rgba;
  int rgb;

  if (self->syncing)
    return;

  gtk_color_chooser_get_rgba (chooser, &rgba);
  rgb = ((int) (CLAMP (rgba.red, 0, 1) * 255 + 0.5) << 16) |
        ((int) (CLAMP (rgba.green, 0, 1) * 255 + 0.5) << 8) |
        (int) (CLAMP (rgba.blue, 0, 1) * 255 + 0.5);
  throttle_push (&self->color, rgb);
}

static GtkWidget *
create_swatch_area (int rgb)
{
  GtkWidget *area = gtk_drawing_area_new ();

  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (area), 28);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (area), 28);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (area), draw_swatch, NULL, NULL);
  g_object_set_data (G_OBJECT (area), "rgb", GINT_TO_POINTER (rgb));

  return area;
}

static GtkWidget *
create_swatch_button (HearthDetailsPage *self,
                      int                rgb,
                      const char        *name)
{
  GtkWidget *button;
  GtkWidget *area;

  area = create_swatch_area (rgb);
  g_ptr_array_add (self->swatches, area);

  button = gtk_button_new ();
  gtk_button_set_child (GTK_BUTTON (button), area);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_add_css_class (button, "circular");
  gtk_widget_set_halign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  -1);
  g_object_set_data (G_OBJECT (button), "rgb", GINT_TO_POINTER (rgb));
  g_signal_connect_object (button, "clicked",
                           G_CALLBACK (on_swatch_clicked), self,
                           G_CONNECT_SWAPPED);

  return button;
}

static void
build_swatches (HearthDetailsPage *self)
{
  GtkWidget *custom;
  GtkWidget *popover;

  for (guint i = 0; i < G_N_ELEMENTS (swatches); i++)
    gtk_flow_box_append (self->swatch_box,
                         create_swatch_button (self, swatches[i].rgb,
                                               _(swatches[i].name)));

  self->color_chooser = gtk_color_chooser_widget_new ();
  g_object_set (self->color_chooser, "show-editor", TRUE, NULL);
  gtk_color_chooser_set_use_alpha (GTK_COLOR_CHOOSER (self->color_chooser), FALSE);
  g_signal_connect_object (self->color_chooser, "notify::rgba",
                           G_CALLBACK (on_color_chooser_rgba), self,
                           G_CONNECT_SWAPPED);

  popover = gtk_popover_new ();
  gtk_popover_set_child (GTK_POPOVER (popover), self->color_chooser);

  /* Shows a colour wheel, or the light's colour when it is none of the above */
  self->custom_swatch = create_swatch_area (-1);
  custom = gtk_menu_button_new ();
  gtk_menu_button_set_child (GTK_MENU_BUTTON (custom), self->custom_swatch);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (custom), popover);
  gtk_widget_add_css_class (custom, "flat");
  gtk_widget_add_css_class (custom, "circular");
  gtk_widget_set_halign (custom, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (custom, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (custom, _("Custom Colour"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (custom),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Custom colour"),
                                  -1);
  gtk_flow_box_append (self->swatch_box, custom);

  /* The flow box's children should not take focus themselves: the buttons do */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->swatch_box));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    gtk_widget_set_focusable (child, FALSE);
}

static void
sync_swatches (HearthDetailsPage *self,
               int                rgb)
{
  gboolean preset = FALSE;
  int custom;

  for (guint i = 0; i < G_N_ELEMENTS (swatches); i++)
    preset |= swatches[i].rgb == rgb;
  custom = rgb >= 0 && !preset ? rgb : -1;
  if (GPOINTER_TO_INT (g_object_get_data (G_OBJECT (self->custom_swatch), "rgb")) != custom)
    {
      g_object_set_data (G_OBJECT (self->custom_swatch), "rgb", GINT_TO_POINTER (custom));
      g_object_set_data (G_OBJECT (self->custom_swatch), "selected", GINT_TO_POINTER (custom >= 0));
      gtk_widget_queue_draw (self->custom_swatch);
    }

  for (guint i = 0; i < self->swatches->len; i++)
    {
      GtkWidget *area = g_ptr_array_index (self->swatches, i);
      gboolean selected = rgb >= 0 &&
                          GPOINTER_TO_INT (g_object_get_data (G_OBJECT (area), "rgb")) == rgb;
      gboolean was = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (area), "selected"));

      if (selected != was)
        {
          g_object_set_data (G_OBJECT (area), "selected", GINT_TO_POINTER (selected));
          gtk_widget_queue_draw (area);
        }
    }

  if (rgb >= 0)
    {
      GdkRGBA rgba = {
        ((rgb >> 16) & 0xff) / 255.0f,
        ((rgb >> 8) & 0xff) / 255.0f,
        (rgb & 0xff) / 255.0f,
        1.0f,
      };
      GdkRGBA current;

      gtk_color_chooser_get_rgba (GTK_COLOR_CHOOSER (self->color_chooser), &current);
      if (!gdk_rgba_equal (&current, &rgba))
        gtk_color_chooser_set_rgba (GTK_COLOR_CHOOSER (self->color_chooser), &rgba);
    }
}

/* Readings */

static void
update_reading_row (AdwActionRow  *row,
                    GParamSpec    *pspec,
                    HearthControl *control)
{
  g_autofree char *text = hearth_device_text_reading (control);
  GtkLabel *label = g_object_get_data (G_OBJECT (row), "value-label");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), hearth_device_text_quantity (control));
  set_label (label, text);
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

  update_reading_row (ADW_ACTION_ROW (row), NULL, control);
  g_signal_connect_object (control, "notify",
                           G_CALLBACK (update_reading_row), row,
                           G_CONNECT_SWAPPED);

  return row;
}

/* A sensor shows the other readings of its device (a climate sensor's
 * humidity and battery next to its temperature) */
static gboolean
filter_sibling_reading (gpointer item,
                        gpointer user_data)
{
  HearthDetailsPage *self = user_data;
  HearthControl *control = item;

  return control != get_control (self) &&
         hearth_control_get_kind (control) == HEARTH_CONTROL_KIND_SENSOR;
}

static void
on_readings_changed (HearthDetailsPage *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->readings_group),
                          self->readings_model != NULL &&
                          g_list_model_get_n_items (self->readings_model) > 0);
}

static void
update_readings (HearthDetailsPage *self)
{
  g_autoptr(GListModel) model = NULL;
  HearthControl *control = get_control (self);

  if (control != NULL)
    {
      GListModel *attached = hearth_control_item_get_attached (self->item);

      if (attached != NULL && g_list_model_get_n_items (attached) > 0)
        model = g_object_ref (attached);
      else if (hearth_control_get_kind (control) == HEARTH_CONTROL_KIND_SENSOR)
        {
          GtkCustomFilter *filter;

          filter = gtk_custom_filter_new (filter_sibling_reading, self, NULL);
          model = G_LIST_MODEL (gtk_filter_list_model_new (g_object_ref (hearth_device_get_controls (get_device (self))),
                                                           GTK_FILTER (filter)));
        }
    }

  if (model == self->readings_model)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->readings_group),
                              model != NULL && g_list_model_get_n_items (model) > 0);
      return;
    }

  if (self->readings_model != NULL)
    g_clear_signal_handler (&self->readings_changed_id, self->readings_model);
  g_set_object (&self->readings_model, model);
  if (model != NULL)
    self->readings_changed_id =
      g_signal_connect_swapped (model, "items-changed",
                                G_CALLBACK (on_readings_changed), self);
  gtk_list_box_bind_model (self->readings_list, self->readings_model,
                           create_reading_row, NULL, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->readings_group),
                          model != NULL && g_list_model_get_n_items (model) > 0);
}

/* Following the model */

static void
sync_scale (HearthDetailsPage *self,
            Throttle          *throttle,
            GtkRange          *scale,
            int                value)
{
  if (value < 0 || throttle_busy (throttle))
    return;

  if ((int) gtk_range_get_value (scale) != value)
    {
      self->syncing++;
      gtk_range_set_value (scale, value);
      self->syncing--;
    }
}

static void
update_effects (HearthDetailsPage *self,
                HearthControl     *control)
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
update_controls (HearthDetailsPage *self)
{
  HearthControl *control = get_control (self);
  HearthDevice *device = get_device (self);
  HearthControlKind kind;
  gboolean has_on;
  gboolean has_brightness;
  gboolean has_temperature;
  gboolean has_color;
  gboolean has_effects;
  gboolean has_position;
  gboolean is_cover;
  gboolean is_sensor;
  g_autofree char *text = NULL;
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
  gtk_widget_set_visible (GTK_WIDGET (self->controls_group),
                          has_on || has_brightness || has_temperature || has_color ||
                          has_effects || is_cover);
  /* A device that does not answer cannot be told anything */
  gtk_widget_set_sensitive (GTK_WIDGET (self->controls_group),
                            hearth_device_get_available (device));

  if (has_on && gtk_switch_get_active (self->power_switch) != hearth_control_get_on (control))
    {
      self->syncing++;
      gtk_switch_set_active (self->power_switch, hearth_control_get_on (control));
      self->syncing--;
    }

  if (has_brightness)
    sync_scale (self, &self->brightness, self->brightness_scale,
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
        sync_scale (self, &self->temperature, self->temperature_scale, CLAMP (value, min, max));
    }

  if (has_color && !throttle_busy (&self->color))
    {
      self->syncing++;
      sync_swatches (self, hearth_control_get_color (control));
      self->syncing--;
    }

  if (has_effects)
    update_effects (self, control);

  if (has_position)
    sync_scale (self, &self->position, self->position_scale,
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

  /* A sensor's reading is the headline */
  gtk_widget_set_visible (GTK_WIDGET (self->reading_label), is_sensor);
  if (is_sensor)
    {
      text = hearth_device_text_reading (control);
      set_label (self->reading_label, text);
    }
}

static void
update_device (HearthDetailsPage *self)
{
  HearthDevice *device = get_device (self);
  HearthStore *store = get_store (self);
  g_autofree char *model = NULL;
  g_autofree char *address = NULL;
  g_autofree char *updates = NULL;
  g_autofree char *last_seen = NULL;
  gint64 seen;
  gboolean by_hand = FALSE;

  if (device == NULL)
    return;

  model = hearth_device_text_model (self->home, device);
  address = hearth_device_text_address (hearth_device_get_host (device),
                                        hearth_device_get_port (device));
  set_subtitle (self->model_row, model);
  set_subtitle (self->firmware_row,
             hearth_device_get_firmware (device) ? hearth_device_get_firmware (device) : _("Unknown"));
  set_subtitle (self->address_row, address);
  set_subtitle (self->hardware_id_row, hearth_device_get_id (device));
  set_subtitle (self->status_row, format_status (device));

  if (hearth_device_get_live (device) == HEARTH_LIVE_PUSH)
    updates = g_strdup (_("Pushed by the device"));
  else
    {
      HearthLink *link = self->home != NULL ? hearth_home_get_link (self->home, device) : NULL;
      guint interval = link != NULL ? hearth_link_get_poll_interval (link) : 0;

      if (interval >= 1000)
        updates = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                "Asked every second",
                                                "Asked every %u seconds",
                                                interval / 1000),
                                   interval / 1000);
      else
        updates = g_strdup (_("Asked regularly"));
    }
  set_subtitle (self->updates_row, updates);

  seen = hearth_device_get_last_seen (device);
  last_seen = seen > 0 ? hearth_device_text_time (seen) : g_strdup (_("Never"));
  set_subtitle (self->last_seen_row, last_seen);

  /* Only devices added by hand can be forgotten: mDNS would bring the
   * others right back. */
  by_hand = store != NULL && find_host_entry (store, device) != NULL;
  gtk_widget_set_visible (self->forget_button, by_hand);

  gtk_widget_set_sensitive (GTK_WIDGET (self->controls_group),
                            hearth_device_get_available (device));
}

static void
update_header (HearthDetailsPage *self)
{
  HearthControl *control = get_control (self);
  gboolean favourite;
  const char *state;

  if (control == NULL)
    return;

  set_label (self->title_label, hearth_control_item_get_title (self->item));
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
  set_label (self->state_label, state);
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

  self->syncing++;
  gtk_switch_set_active (self->hidden_switch, hearth_control_item_get_hidden (self->item));
  self->syncing--;

  /* Do not overwrite what the person is typing */
  if (!gtk_widget_has_focus (GTK_WIDGET (self->name_row)) &&
      gtk_widget_get_focus_child (GTK_WIDGET (self->name_row)) == NULL)
    {
      const char *title = hearth_control_item_get_title (self->item);

      if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->name_row)), title) != 0)
        {
          self->syncing++;
          gtk_editable_set_text (GTK_EDITABLE (self->name_row), title ? title : "");
          self->syncing--;
        }
    }
}

static void
update_rooms (HearthDetailsPage *self)
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
  room = hearth_control_item_get_room (self->item);

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
update_all (HearthDetailsPage *self)
{
  if (self->item == NULL)
    return;

  update_header (self);
  update_controls (self);
  update_readings (self);
  update_device (self);
  update_rooms (self);
}

static void
on_item_notify (HearthDetailsPage *self,
                GParamSpec        *pspec)
{
  const char *name = pspec ? g_param_spec_get_name (pspec) : NULL;

  if (g_strcmp0 (name, "room") == 0)
    update_rooms (self);
  else if (g_strcmp0 (name, "attached") == 0)
    update_readings (self);
  else
    update_header (self);
}

static void
on_control_notify (HearthDetailsPage *self)
{
  update_controls (self);
}

static void
on_device_notify (HearthDetailsPage *self)
{
  update_device (self);
}

static void
on_store_changed (HearthDetailsPage *self)
{
  /* Rooms may have been added, renamed or removed; hosts forgotten */
  update_rooms (self);
  update_device (self);
}

/* What the person does */

static void
on_power_switch_active (HearthDetailsPage *self)
{
  if (self->syncing || self->item == NULL)
    return;

  apply (self, gtk_switch_get_active (self->power_switch) ? "on" : "off");
}

static void
on_scale_value_changed (GtkRange          *scale,
                        HearthDetailsPage *self)
{
  int value = (int) (gtk_range_get_value (scale) + 0.5);
  g_autofree char *text = NULL;

  if (scale == self->brightness_scale)
    {
      /* TRANSLATORS: a brightness, e.g. "70 %" */
      text = g_strdup_printf (_("%d %%"), value);
      set_label (self->brightness_value, text);
      if (!self->syncing && self->item != NULL)
        throttle_push (&self->brightness, value);
    }
  else if (scale == self->temperature_scale)
    {
      /* TRANSLATORS: a colour temperature in Kelvin, e.g. "4000 K" */
      text = g_strdup_printf (_("%d K"), value);
      set_label (self->temperature_value, text);
      if (!self->syncing && self->item != NULL)
        throttle_push (&self->temperature, value);
    }
  else if (scale == self->position_scale)
    {
      /* TRANSLATORS: how far a blind is open, e.g. "51 %" */
      text = g_strdup_printf (_("%d %%"), value);
      set_label (self->position_value, text);
      if (!self->syncing && self->item != NULL)
        throttle_push (&self->position, value);
    }
}

static void
on_effect_row_selected (HearthDetailsPage *self)
{
  guint selected = adw_combo_row_get_selected (self->effect_row);
  g_autofree char *action = NULL;

  if (self->syncing || self->item == NULL || selected == GTK_INVALID_LIST_POSITION)
    return;

  action = g_strdup_printf ("effect=%s", gtk_string_list_get_string (self->effects_model, selected));
  apply (self, action);
}

static void
on_open_button_clicked (HearthDetailsPage *self)
{
  throttle_reset (&self->position);
  apply (self, "open");
}

static void
on_stop_button_clicked (HearthDetailsPage *self)
{
  throttle_reset (&self->position);
  apply (self, "stop");
}

static void
on_close_button_clicked (HearthDetailsPage *self)
{
  throttle_reset (&self->position);
  apply (self, "close");
}

static void
on_favourite_button_toggled (HearthDetailsPage *self)
{
  if (self->syncing || self->item == NULL)
    return;

  hearth_store_set_favourite (get_store (self),
                              hearth_control_item_get_key (self->item),
                              gtk_toggle_button_get_active (self->favourite_button));
}

static void
on_hidden_switch_active (HearthDetailsPage *self)
{
  if (self->syncing || self->item == NULL)
    return;

  hearth_store_set_hidden (get_store (self),
                           hearth_control_item_get_key (self->item),
                           gtk_switch_get_active (self->hidden_switch));
}

static void
on_name_row_apply (HearthDetailsPage *self)
{
  g_autofree char *name = NULL;
  HearthControl *control = get_control (self);

  if (self->item == NULL)
    return;

  name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));

  /* Empty, or the device's own name: no name of our own */
  if (*name == '\0' || g_strcmp0 (name, hearth_control_get_name (control)) == 0)
    g_clear_pointer (&name, g_free);

  hearth_store_set_name (get_store (self), hearth_control_item_get_key (self->item), name);

  /* Show the name as it is now (the control's own if cleared) */
  self->syncing++;
  gtk_editable_set_text (GTK_EDITABLE (self->name_row),
                         hearth_control_item_get_title (self->item));
  self->syncing--;
}

/* "New Room…" */

static void
on_new_room_response (AdwMessageDialog  *dialog,
                      const char        *response,
                      HearthDetailsPage *self)
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
        hearth_store_set_room (store, hearth_control_item_get_key (self->item), name);
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
ask_new_room (HearthDetailsPage *self)
{
  GtkWidget *dialog;
  GtkWidget *entry;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("New Room"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("“%s” will be put in it."),
                                  hearth_control_item_get_title (self->item));
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
                           G_CALLBACK (on_new_room_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

static void
on_room_row_selected (HearthDetailsPage *self)
{
  guint selected = adw_combo_row_get_selected (self->room_row);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->rooms_model));
  HearthStore *store = get_store (self);
  const char *key;

  if (self->syncing || self->item == NULL || store == NULL ||
      selected == GTK_INVALID_LIST_POSITION)
    return;

  key = hearth_control_item_get_key (self->item);
  if (selected == 0)
    hearth_store_set_room (store, key, NULL);
  else if (selected == n - 1)
    ask_new_room (self);
  else
    hearth_store_set_room (store, key, gtk_string_list_get_string (self->rooms_model, selected));
}

/* "Forget Device…" */

static void
on_forget_response (AdwMessageDialog  *dialog,
                    const char        *response,
                    HearthDetailsPage *self)
{
  g_autoptr(HearthDevice) device = NULL;
  g_autoptr(HearthStore) store = NULL;
  const char *entry;

  if (!g_str_equal (response, "forget") || self->item == NULL || self->home == NULL)
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

static void
on_forget_button_clicked (HearthDetailsPage *self)
{
  GtkWidget *dialog;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  HearthDevice *device = get_device (self);

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
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_forget_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* GObject */

GtkWidget *
hearth_details_page_new (HearthHome        *home,
                         HearthControlList *list)
{
  return g_object_new (HEARTH_TYPE_DETAILS_PAGE,
                       "home", home,
                       "list", list,
                       NULL);
}

HearthHome *
hearth_details_page_get_home (HearthDetailsPage *self)
{
  g_return_val_if_fail (HEARTH_IS_DETAILS_PAGE (self), NULL);

  return self->home;
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

  /* Whatever the person was dragging goes to the control it was meant for */
  throttle_reset (&self->brightness);
  throttle_reset (&self->temperature);
  throttle_reset (&self->position);
  throttle_reset (&self->color);

  g_set_object (&self->item, item);
  g_signal_group_set_target (self->item_signals, item);
  g_signal_group_set_target (self->control_signals,
                             item ? hearth_control_item_get_control (item) : NULL);
  g_signal_group_set_target (self->device_signals,
                             item ? hearth_control_item_get_device (item) : NULL);
  g_signal_group_set_target (self->store_signals,
                             item ? hearth_control_item_get_store (item) : NULL);

  if (item != NULL)
    {
      /* The name entry shows this item's name, not a leftover edit */
      self->syncing++;
      gtk_editable_set_text (GTK_EDITABLE (self->name_row),
                             hearth_control_item_get_title (item));
      self->syncing--;
      update_all (self);
      gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (adw_bin_get_child (ADW_BIN (self)))), 0);
    }
  else
    update_readings (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM]);
}

GtkWidget *
_hearth_details_page_get_child (HearthDetailsPage *self,
                                const char        *name)
{
  GObject *child;

  g_return_val_if_fail (HEARTH_IS_DETAILS_PAGE (self), NULL);

  child = gtk_widget_get_template_child (GTK_WIDGET (self), HEARTH_TYPE_DETAILS_PAGE, name);

  return GTK_IS_WIDGET (child) ? GTK_WIDGET (child) : NULL;
}

gboolean
_hearth_details_page_is_busy (HearthDetailsPage *self)
{
  g_return_val_if_fail (HEARTH_IS_DETAILS_PAGE (self), FALSE);

  return throttle_busy (&self->brightness) || throttle_busy (&self->temperature) ||
         throttle_busy (&self->position) || throttle_busy (&self->color);
}

static void
hearth_details_page_dispose (GObject *object)
{
  HearthDetailsPage *self = HEARTH_DETAILS_PAGE (object);

  g_clear_handle_id (&self->brightness.throttle_id, g_source_remove);
  g_clear_handle_id (&self->brightness.settle_id, g_source_remove);
  g_clear_handle_id (&self->temperature.throttle_id, g_source_remove);
  g_clear_handle_id (&self->temperature.settle_id, g_source_remove);
  g_clear_handle_id (&self->position.throttle_id, g_source_remove);
  g_clear_handle_id (&self->position.settle_id, g_source_remove);
  g_clear_handle_id (&self->color.throttle_id, g_source_remove);
  g_clear_handle_id (&self->color.settle_id, g_source_remove);

  if (self->item_signals != NULL)
    {
      g_signal_group_set_target (self->item_signals, NULL);
      g_signal_group_set_target (self->control_signals, NULL);
      g_signal_group_set_target (self->device_signals, NULL);
      g_signal_group_set_target (self->store_signals, NULL);
    }
  g_clear_object (&self->item_signals);
  g_clear_object (&self->control_signals);
  g_clear_object (&self->device_signals);
  g_clear_object (&self->store_signals);

  if (self->readings_model != NULL)
    g_clear_signal_handler (&self->readings_changed_id, self->readings_model);
  if (self->readings_list != NULL)
    gtk_list_box_bind_model (self->readings_list, NULL, NULL, NULL, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), HEARTH_TYPE_DETAILS_PAGE);

  g_clear_object (&self->readings_model);
  g_clear_object (&self->effects_model);
  g_clear_object (&self->rooms_model);
  g_clear_object (&self->item);
  g_clear_object (&self->list);
  g_clear_object (&self->home);
  g_clear_pointer (&self->swatches, g_ptr_array_unref);

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
    case PROP_HOME:
      g_value_set_object (value, self->home);
      break;
    case PROP_LIST:
      g_value_set_object (value, self->list);
      break;
    case PROP_ITEM:
      g_value_set_object (value, self->item);
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
    case PROP_HOME:
      self->home = g_value_dup_object (value);
      break;
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
hearth_details_page_class_init (HearthDetailsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hearth_details_page_dispose;
  object_class->get_property = hearth_details_page_get_property;
  object_class->set_property = hearth_details_page_set_property;

  properties[PROP_HOME] =
    g_param_spec_object ("home", NULL, NULL, HEARTH_TYPE_HOME,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
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
  gtk_widget_class_bind_template_child (widget_class, HearthDetailsPage, power_row);
  gtk_widget_class_bind_template_child (widget_class, HearthDetailsPage, power_switch);
  gtk_widget_class_bind_template_child (widget_class, HearthDetailsPage, brightness_row);
  gtk_widget_class_bind_template_child (widget_class, HearthDetailsPage, brightness_value);
  gtk_widget_class_bind_template_child (widget_class, HearthDetailsPage, brightness_scale);
  gtk_widget_class_bind_template_child (widget_class, HearthDetailsPage, temperature_row);
  gtk_widget_class_bind_template_child (widget_class, HearthDetailsPage, temperature_value);
  gtk_widget_class_bind_template_child (widget_class, HearthDetailsPage, temperature_scale);
  gtk_widget_class_bind_template_child (widget_class, HearthDetailsPage, color_row);
  gtk_widget_class_bind_template_child (widget_class, HearthDetailsPage, swatch_box);
  gtk_widget_class_bind_template_child (widget_class, HearthDetailsPage, effect_row);
  gtk_widget_class_bind_template_child (widget_class, HearthDetailsPage, position_row);
  gtk_widget_class_bind_template_child (widget_class, HearthDetailsPage, position_value);
  gtk_widget_class_bind_template_child (widget_class, HearthDetailsPage, position_scale);
  gtk_widget_class_bind_template_child (widget_class, HearthDetailsPage, cover_buttons_row);
  gtk_widget_class_bind_template_child (widget_class, HearthDetailsPage, open_button);
  gtk_widget_class_bind_template_child (widget_class, HearthDetailsPage, stop_button);
  gtk_widget_class_bind_template_child (widget_class, HearthDetailsPage, close_button);
  gtk_widget_class_bind_template_child (widget_class, HearthDetailsPage, readings_group);
  gtk_widget_class_bind_template_child (widget_class, HearthDetailsPage, readings_list);
  gtk_widget_class_bind_template_child (widget_class, HearthDetailsPage, organise_group);
  gtk_widget_class_bind_template_child (widget_class, HearthDetailsPage, name_row);
  gtk_widget_class_bind_template_child (widget_class, HearthDetailsPage, room_row);
  gtk_widget_class_bind_template_child (widget_class, HearthDetailsPage, hidden_switch);
  gtk_widget_class_bind_template_child (widget_class, HearthDetailsPage, device_group);
  gtk_widget_class_bind_template_child (widget_class, HearthDetailsPage, model_row);
  gtk_widget_class_bind_template_child (widget_class, HearthDetailsPage, firmware_row);
  gtk_widget_class_bind_template_child (widget_class, HearthDetailsPage, address_row);
  gtk_widget_class_bind_template_child (widget_class, HearthDetailsPage, hardware_id_row);
  gtk_widget_class_bind_template_child (widget_class, HearthDetailsPage, updates_row);
  gtk_widget_class_bind_template_child (widget_class, HearthDetailsPage, status_row);
  gtk_widget_class_bind_template_child (widget_class, HearthDetailsPage, last_seen_row);
  gtk_widget_class_bind_template_child (widget_class, HearthDetailsPage, forget_button);

  gtk_widget_class_bind_template_callback (widget_class, on_power_switch_active);
  gtk_widget_class_bind_template_callback (widget_class, on_effect_row_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_open_button_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_button_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_close_button_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_favourite_button_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_hidden_switch_active);
  gtk_widget_class_bind_template_callback (widget_class, on_name_row_apply);
  gtk_widget_class_bind_template_callback (widget_class, on_room_row_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_forget_button_clicked);

  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);

  g_type_ensure (HEARTH_TYPE_TILE_ICON);
}

static void
hearth_details_page_init (HearthDetailsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  throttle_init (&self->brightness, self, "brightness");
  throttle_init (&self->temperature, self, "temperature");
  throttle_init (&self->position, self, "position");
  throttle_init (&self->color, self, "color");

  g_signal_connect (self->brightness_scale, "value-changed",
                    G_CALLBACK (on_scale_value_changed), self);
  g_signal_connect (self->temperature_scale, "value-changed",
                    G_CALLBACK (on_scale_value_changed), self);
  g_signal_connect (self->position_scale, "value-changed",
                    G_CALLBACK (on_scale_value_changed), self);

  self->swatches = g_ptr_array_new ();
  build_swatches (self);

  self->effects_model = gtk_string_list_new (NULL);
  adw_combo_row_set_model (self->effect_row, G_LIST_MODEL (self->effects_model));
  self->rooms_model = gtk_string_list_new (NULL);
  adw_combo_row_set_model (self->room_row, G_LIST_MODEL (self->rooms_model));

  self->item_signals = g_signal_group_new (HEARTH_TYPE_CONTROL_ITEM);
  g_signal_group_connect_swapped (self->item_signals, "notify",
                                  G_CALLBACK (on_item_notify), self);
  self->control_signals = g_signal_group_new (HEARTH_TYPE_CONTROL);
  g_signal_group_connect_swapped (self->control_signals, "notify",
                                  G_CALLBACK (on_control_notify), self);
  self->device_signals = g_signal_group_new (HEARTH_TYPE_DEVICE);
  g_signal_group_connect_swapped (self->device_signals, "notify",
                                  G_CALLBACK (on_device_notify), self);
  self->store_signals = g_signal_group_new (HEARTH_TYPE_STORE);
  g_signal_group_connect_swapped (self->store_signals, "changed",
                                  G_CALLBACK (on_store_changed), self);

  /* Nothing to show until an item comes */
  gtk_widget_set_visible (GTK_WIDGET (self->readings_group), FALSE);
  gtk_widget_set_visible (self->forget_button, FALSE);

  /* Initial labels */
  on_scale_value_changed (self->brightness_scale, self);
  on_scale_value_changed (self->temperature_scale, self);
  on_scale_value_changed (self->position_scale, self);
}
