/* hearth-swatch-picker.c: colours one click away, any other through "Custom"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "hearth-swatch-picker.h"

struct _HearthSwatchPicker
{
  GtkWidget   parent_instance;

  GtkWidget  *color_chooser;
  GPtrArray  *swatches;
  GtkWidget  *custom_swatch;
  guint       syncing;

  /* template children */
  GtkFlowBox *swatch_box;
};

G_DEFINE_FINAL_TYPE (HearthSwatchPicker, hearth_swatch_picker, GTK_TYPE_WIDGET)

enum
{
  SIGNAL_PICKED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

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
on_swatch_button_clicked (HearthSwatchPicker *self,
                          GtkButton          *button)
{
  int rgb = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "rgb"));

  g_signal_emit (self, signals[SIGNAL_PICKED], 0, rgb);
  /* Show the choice at once; the model follows */
  hearth_swatch_picker_set_rgb (self, rgb);
}

static void
on_color_chooser_notify_rgba (HearthSwatchPicker *self,
                              GParamSpec         *pspec,
                              GtkColorChooser    *chooser)
{
  GdkRGBA rgba;
  int rgb;

  if (self->syncing)
    return;

  gtk_color_chooser_get_rgba (chooser, &rgba);
  rgb = ((int) (CLAMP (rgba.red, 0, 1) * 255 + 0.5) << 16) |
        ((int) (CLAMP (rgba.green, 0, 1) * 255 + 0.5) << 8) |
        (int) (CLAMP (rgba.blue, 0, 1) * 255 + 0.5);
  g_signal_emit (self, signals[SIGNAL_PICKED], 0, rgb);
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
create_swatch_button (HearthSwatchPicker *self,
                      int                 rgb,
                      const char         *name)
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
                           G_CALLBACK (on_swatch_button_clicked), self,
                           G_CONNECT_SWAPPED);

  return button;
}

static void
build_swatches (HearthSwatchPicker *self)
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
                           G_CALLBACK (on_color_chooser_notify_rgba), self,
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

void
hearth_swatch_picker_set_rgb (HearthSwatchPicker *self,
                              int                 rgb)
{
  gboolean preset = FALSE;
  int custom;

  g_return_if_fail (HEARTH_IS_SWATCH_PICKER (self));

  self->syncing++;

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

  self->syncing--;
}

GtkWidget *
hearth_swatch_picker_new (void)
{
  return g_object_new (HEARTH_TYPE_SWATCH_PICKER, NULL);
}

static void
hearth_swatch_picker_dispose (GObject *object)
{
  HearthSwatchPicker *self = HEARTH_SWATCH_PICKER (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), HEARTH_TYPE_SWATCH_PICKER);
  g_clear_pointer (&self->swatches, g_ptr_array_unref);

  G_OBJECT_CLASS (hearth_swatch_picker_parent_class)->dispose (object);
}

static void
hearth_swatch_picker_class_init (HearthSwatchPickerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hearth_swatch_picker_dispose;

  signals[SIGNAL_PICKED] =
    g_signal_new ("picked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/hearthapp/Hearth/hearth-swatch-picker.ui");
  gtk_widget_class_bind_template_child (widget_class, HearthSwatchPicker, swatch_box);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
hearth_swatch_picker_init (HearthSwatchPicker *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->swatches = g_ptr_array_new ();
  build_swatches (self);
}
