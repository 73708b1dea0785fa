/* hearth-energy-graph.c: a reading's power over time, drawn as a graph
 *
 * Drawn in the snapshot: the grid and the labels as GTK nodes, the line
 * and the area under it through cairo (GTK 4.8 has no path nodes). The
 * colours come from the style: the accent for the line and the area, the
 * foreground with alpha for the grid and the labels, so it follows light
 * and dark. A gap in the readings is a gap in the line. Without points it
 * says "No readings yet".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "hearth-energy-graph.h"

#define MIN_WIDTH      200
#define HEIGHT         180
#define PAD            6
#define LABEL_GAP      6

struct _HearthEnergyGraph
{
  GtkWidget  parent_instance;

  GArray    *points;
  gint64     from;
  gint64     to;
  gint64     step;
  char      *unit;
  char      *summary;
};

G_DEFINE_FINAL_TYPE (HearthEnergyGraph, hearth_energy_graph, GTK_TYPE_WIDGET)

/* 1, 2 or 5 times a power of ten, at least @value */
static double
nice_ceiling (double value)
{
  double magnitude, fraction;

  if (value <= 0)
    return 10;
  magnitude = pow (10, floor (log10 (value)));
  fraction = value / magnitude;
  if (fraction <= 1)
    return magnitude;
  if (fraction <= 2)
    return 2 * magnitude;
  if (fraction <= 5)
    return 5 * magnitude;
  return 10 * magnitude;
}

static void
get_colors (HearthEnergyGraph *self,
            GdkRGBA           *foreground,
            GdkRGBA           *accent)
{
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self));

  gtk_style_context_get_color (context, foreground);
  if (!gtk_style_context_lookup_color (context, "accent_color", accent))
    gdk_rgba_parse (accent, "#3584e4");
}

static PangoLayout *
make_label (HearthEnergyGraph *self,
            const char        *text)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  PangoAttrList *attributes = pango_attr_list_new ();

  pango_attr_list_insert (attributes, pango_attr_scale_new (PANGO_SCALE_SMALL));
  pango_attr_list_insert (attributes, pango_attr_font_features_new ("tnum=1"));
  pango_layout_set_attributes (layout, attributes);
  pango_attr_list_unref (attributes);
  return layout;
}

static void
draw_label (GtkSnapshot   *snapshot,
            PangoLayout   *layout,
            double         x,
            double         y,
            const GdkRGBA *color)
{
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT ((float) x, (float) y));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

/* The first tick at or after @from, and the ticks' interval: 6 hours
 * over a day or two, a day over a week, a week beyond */
static GDateTime *
first_tick (gint64  from,
            gint64  span,
            int    *hours)
{
  g_autoptr(GDateTime) start = g_date_time_new_from_unix_local (from);
  GDateTime *tick;

  *hours = span <= 2 * 24 * 3600 ? 6 : (span <= 8 * 24 * 3600 ? 24 : 7 * 24);
  if (*hours == 6)
    {
      int hour = (g_date_time_get_hour (start) / 6 + 1) * 6;
      g_autoptr(GDateTime) day = g_date_time_new_local (g_date_time_get_year (start),
                                                        g_date_time_get_month (start),
                                                        g_date_time_get_day_of_month (start), 0, 0, 0);

      tick = g_date_time_add_hours (day, hour);
    }
  else
    {
      g_autoptr(GDateTime) day = g_date_time_new_local (g_date_time_get_year (start),
                                                        g_date_time_get_month (start),
                                                        g_date_time_get_day_of_month (start), 0, 0, 0);

      tick = g_date_time_add_days (day, 1);
    }
  return tick;
}

static char *
tick_label (GDateTime *tick,
            int        hours)
{
  if (hours == 6)
    /* Translators: a time on the graph's axis, as strftime() writes it */
    return g_date_time_format (tick, C_("graph axis", "%H:%M"));
  if (hours == 24)
    /* Translators: a day on a week's graph's axis, as strftime() writes it */
    return g_date_time_format (tick, C_("graph axis", "%a"));
  /* Translators: a day on a month's graph's axis, as strftime() writes it */
  return g_date_time_format (tick, C_("graph axis", "%b %-d"));
}

static void
snapshot_empty (HearthEnergyGraph *self,
                GtkSnapshot       *snapshot,
                int                width,
                int                height,
                const GdkRGBA     *foreground)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), _("No readings yet"));
  GdkRGBA dim = *foreground;
  int text_width, text_height;

  dim.alpha *= 0.55f;
  pango_layout_get_pixel_size (layout, &text_width, &text_height);
  draw_label (snapshot, layout, (width - text_width) / 2.0, (height - text_height) / 2.0, &dim);
}

static void
hearth_energy_graph_snapshot (GtkWidget   *widget,
                              GtkSnapshot *snapshot)
{
  HearthEnergyGraph *self = HEARTH_ENERGY_GRAPH (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  g_autoptr(GDateTime) tick = NULL;
  GdkRGBA foreground, accent, grid, text, fill;
  double top = 0, left, right, plot_top, plot_bottom, span;
  int label_width = 0, label_height = 0, hours;
  cairo_t *cr;

  get_colors (self, &foreground, &accent);
  if (self->points == NULL || self->points->len == 0 || self->to <= self->from)
    {
      snapshot_empty (self, snapshot, width, height, &foreground);
      return;
    }

  grid = foreground;
  grid.alpha *= 0.12f;
  text = foreground;
  text.alpha *= 0.6f;
  fill = accent;
  fill.alpha = 0.22f;

  for (guint i = 0; i < self->points->len; i++)
    top = MAX (top, g_array_index (self->points, HearthHistoryPoint, i).value);
  top = nice_ceiling (top);

  /* Room for the value labels on the left, the times below */
  for (int i = 0; i <= 2; i++)
    {
      g_autofree char *value = hearth_history_format_value (top * i / 2, self->unit);
      g_autoptr(PangoLayout) layout = make_label (self, value);
      int w, h;

      pango_layout_get_pixel_size (layout, &w, &h);
      label_width = MAX (label_width, w);
      label_height = MAX (label_height, h);
    }
  left = PAD + label_width + LABEL_GAP;
  right = width - PAD;
  plot_top = PAD + label_height / 2.0;
  plot_bottom = height - PAD - label_height - LABEL_GAP;
  if (right - left < 10 || plot_bottom - plot_top < 10)
    return;
  span = (double) (self->to - self->from);

  /* The grid: zero, half and the top, with their values */
  for (int i = 0; i <= 2; i++)
    {
      g_autofree char *value = hearth_history_format_value (top * i / 2, self->unit);
      g_autoptr(PangoLayout) layout = make_label (self, value);
      double y = plot_bottom - (plot_bottom - plot_top) * i / 2;
      int w, h;

      gtk_snapshot_append_color (snapshot, &grid,
                                 &GRAPHENE_RECT_INIT ((float) left, (float) round (y), (float) (right - left), 1));
      pango_layout_get_pixel_size (layout, &w, &h);
      draw_label (snapshot, layout, left - LABEL_GAP - w, y - h / 2.0, &text);
    }

  /* The times below */
  tick = first_tick (self->from, self->to - self->from, &hours);
  while (g_date_time_to_unix (tick) < self->to)
    {
      g_autofree char *label = tick_label (tick, hours);
      g_autoptr(PangoLayout) layout = make_label (self, label);
      g_autoptr(GDateTime) next = NULL;
      double x = left + (right - left) * (g_date_time_to_unix (tick) - self->from) / span;
      int w, h;

      pango_layout_get_pixel_size (layout, &w, &h);
      gtk_snapshot_append_color (snapshot, &grid,
                                 &GRAPHENE_RECT_INIT ((float) round (x), (float) plot_top, 1,
                                                      (float) (plot_bottom - plot_top)));
      if (x - w / 2.0 >= left - label_width && x + w / 2.0 <= width)
        draw_label (snapshot, layout, x - w / 2.0, plot_bottom + LABEL_GAP, &text);
      next = g_date_time_add_hours (tick, hours);
      g_date_time_unref (tick);
      tick = g_steal_pointer (&next);
    }

  /* The area under the line, then the line: each point flat over its
   * minute or hour; a missing point breaks both */
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, (float) width, (float) height));
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  for (int pass = 0; pass < 2; pass++)
    {
      gboolean area = pass == 0;
      gboolean drawing = FALSE;
      double last_x = 0;
      gint64 last_time = 0;

      for (guint i = 0; i <= self->points->len; i++)
        {
          const HearthHistoryPoint *point = i < self->points->len
                                            ? &g_array_index (self->points, HearthHistoryPoint, i) : NULL;
          double x, y, end_x;

          if (drawing && (point == NULL || point->time - last_time > self->step))
            {
              if (area)
                {
                  cairo_line_to (cr, last_x, plot_bottom);
                  cairo_close_path (cr);
                }
              drawing = FALSE;
            }
          if (point == NULL)
            break;
          x = left + (right - left) * (point->time - self->from) / span;
          end_x = MIN (right, x + MAX (3, (right - left) * self->step / span));
          y = plot_bottom - (plot_bottom - plot_top) * CLAMP (point->value / top, 0, 1);
          if (x < left)
            continue;
          if (!drawing)
            {
              cairo_move_to (cr, x, area ? plot_bottom : y);
              drawing = TRUE;
            }
          cairo_line_to (cr, x, y);
          cairo_line_to (cr, end_x, y);
          last_x = end_x;
          last_time = point->time;
        }
      if (area)
        {
          gdk_cairo_set_source_rgba (cr, &fill);
          cairo_fill (cr);
        }
      else
        {
          gdk_cairo_set_source_rgba (cr, &accent);
          cairo_set_line_width (cr, 2);
          cairo_stroke (cr);
        }
    }
  cairo_destroy (cr);
}

static void
hearth_energy_graph_measure (GtkWidget      *widget,
                             GtkOrientation  orientation,
                             int             for_size,
                             int            *minimum,
                             int            *natural,
                             int            *minimum_baseline,
                             int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = MIN_WIDTH;
      *natural = 2 * MIN_WIDTH;
    }
  else
    *minimum = *natural = HEIGHT;
}

static void
hearth_energy_graph_css_changed (GtkWidget         *widget,
                                 GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (hearth_energy_graph_parent_class)->css_changed (widget, change);
  /* The accent and the foreground of the other scheme */
  gtk_widget_queue_draw (widget);
}

void
hearth_energy_graph_set_points (HearthEnergyGraph *self,
                                GArray            *points,
                                gint64             from,
                                gint64             to,
                                gint64             step,
                                const char        *unit)
{
  g_return_if_fail (HEARTH_IS_ENERGY_GRAPH (self));

  g_clear_pointer (&self->points, g_array_unref);
  if (points != NULL)
    {
      self->points = g_array_sized_new (FALSE, FALSE, sizeof (HearthHistoryPoint), points->len);
      g_array_append_vals (self->points, points->data, points->len);
    }
  self->from = from;
  self->to = to;
  self->step = MAX (step, 1);
  g_free (self->unit);
  self->unit = g_strdup (unit != NULL ? unit : "W");

  g_free (self->summary);
  self->summary = self->points != NULL
                  ? hearth_history_summarize ((const HearthHistoryPoint *) (const void *) self->points->data,
                                              self->points->len, self->unit)
                  : NULL;
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  self->summary != NULL ? self->summary : _("No readings yet"),
                                  -1);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), self->summary);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const char *
hearth_energy_graph_get_summary (HearthEnergyGraph *self)
{
  g_return_val_if_fail (HEARTH_IS_ENERGY_GRAPH (self), NULL);
  return self->summary;
}

GtkWidget *
hearth_energy_graph_new (void)
{
  return g_object_new (HEARTH_TYPE_ENERGY_GRAPH, NULL);
}

static void
hearth_energy_graph_finalize (GObject *object)
{
  HearthEnergyGraph *self = HEARTH_ENERGY_GRAPH (object);

  g_clear_pointer (&self->points, g_array_unref);
  g_free (self->unit);
  g_free (self->summary);

  G_OBJECT_CLASS (hearth_energy_graph_parent_class)->finalize (object);
}

static void
hearth_energy_graph_class_init (HearthEnergyGraphClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = hearth_energy_graph_finalize;
  widget_class->snapshot = hearth_energy_graph_snapshot;
  widget_class->measure = hearth_energy_graph_measure;
  widget_class->css_changed = hearth_energy_graph_css_changed;

  gtk_widget_class_set_css_name (widget_class, "energy-graph");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
hearth_energy_graph_init (HearthEnergyGraph *self)
{
  self->step = 60;
  self->unit = g_strdup ("W");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, _("No readings yet"),
                                  -1);
}
