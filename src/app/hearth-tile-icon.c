/* hearth-tile-icon.c: a tile's icon in its round badge, in the light's colour
 *
 * The badge is drawn here rather than with a style sheet per tile: one
 * rounded rectangle in the snapshot, no CSS provider for every colour.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hearth-tile-icon.h"

struct _HearthTileIcon
{
  GtkWidget  parent_instance;

  GtkWidget *image;
  int        color;
};

G_DEFINE_FINAL_TYPE (HearthTileIcon, hearth_tile_icon, GTK_TYPE_WIDGET)

typedef enum
{
  PROP_ICON_NAME = 1,
  PROP_COLOR,
} HearthTileIconProperty;

static GParamSpec *properties[PROP_COLOR + 1];

static void
hearth_tile_icon_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  HearthTileIcon *self = HEARTH_TILE_ICON (widget);

  if (self->color >= 0)
    {
      int width = gtk_widget_get_width (widget);
      int height = gtk_widget_get_height (widget);
      float radius = MIN (width, height) / 2.0f;
      GskRoundedRect clip;
      GdkRGBA rgba = {
        ((self->color >> 16) & 0xff) / 255.0f,
        ((self->color >> 8) & 0xff) / 255.0f,
        (self->color & 0xff) / 255.0f,
        1.0f,
      };

      gsk_rounded_rect_init_from_rect (&clip, &GRAPHENE_RECT_INIT (0, 0, width, height), radius);
      gtk_snapshot_push_rounded_clip (snapshot, &clip);
      gtk_snapshot_append_color (snapshot, &rgba, &GRAPHENE_RECT_INIT (0, 0, width, height));
      gtk_snapshot_pop (snapshot);
    }

  gtk_widget_snapshot_child (widget, self->image, snapshot);
}

static void
hearth_tile_icon_dispose (GObject *object)
{
  HearthTileIcon *self = (HearthTileIcon *)object;

  g_clear_pointer (&self->image, gtk_widget_unparent);

  G_OBJECT_CLASS (hearth_tile_icon_parent_class)->dispose (object);
}

static void
hearth_tile_icon_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  HearthTileIcon *self = HEARTH_TILE_ICON (object);

  switch ((HearthTileIconProperty) prop_id)
    {
    case PROP_ICON_NAME:
      g_value_set_string (value, hearth_tile_icon_get_icon_name (self));
      break;
    case PROP_COLOR:
      g_value_set_int (value, self->color);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hearth_tile_icon_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  HearthTileIcon *self = HEARTH_TILE_ICON (object);

  switch ((HearthTileIconProperty) prop_id)
    {
    case PROP_ICON_NAME:
      hearth_tile_icon_set_icon_name (self, g_value_get_string (value));
      break;
    case PROP_COLOR:
      hearth_tile_icon_set_color (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hearth_tile_icon_class_init (HearthTileIconClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hearth_tile_icon_dispose;
  object_class->get_property = hearth_tile_icon_get_property;
  object_class->set_property = hearth_tile_icon_set_property;

  widget_class->snapshot = hearth_tile_icon_snapshot;

  properties[PROP_ICON_NAME] =
    g_param_spec_string ("icon-name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COLOR] =
    g_param_spec_int ("color", NULL, NULL, -1, 0xffffff, -1,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, G_N_ELEMENTS (properties), properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "tile-icon");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_PRESENTATION);
}

static void
hearth_tile_icon_init (HearthTileIcon *self)
{
  self->color = -1;
  self->image = gtk_image_new ();
  gtk_widget_set_halign (self->image, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (self->image, GTK_ALIGN_CENTER);
  gtk_widget_set_parent (self->image, GTK_WIDGET (self));
}

GtkWidget *
hearth_tile_icon_new (void)
{
  return g_object_new (HEARTH_TYPE_TILE_ICON, NULL);
}

const char *
hearth_tile_icon_get_icon_name (HearthTileIcon *self)
{
  g_return_val_if_fail (HEARTH_IS_TILE_ICON (self), NULL);
  return gtk_image_get_icon_name (GTK_IMAGE (self->image));
}

void
hearth_tile_icon_set_icon_name (HearthTileIcon *self,
                                const char     *icon_name)
{
  g_return_if_fail (HEARTH_IS_TILE_ICON (self));

  if (g_strcmp0 (icon_name, gtk_image_get_icon_name (GTK_IMAGE (self->image))) == 0)
    return;
  gtk_image_set_from_icon_name (GTK_IMAGE (self->image), icon_name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ICON_NAME]);
}

int
hearth_tile_icon_get_color (HearthTileIcon *self)
{
  g_return_val_if_fail (HEARTH_IS_TILE_ICON (self), -1);
  return self->color;
}

void
hearth_tile_icon_set_color (HearthTileIcon *self,
                            int             color)
{
  g_return_if_fail (HEARTH_IS_TILE_ICON (self));

  if (color < -1 || color > 0xffffff)
    color = -1;
  if (self->color == color)
    return;

  self->color = color;

  /* The icon on the badge: dark on a pale colour, white on a deep one
   * (relative luminance, sRGB weights) */
  if (color >= 0)
    {
      double r = ((color >> 16) & 0xff) / 255.0;
      double g = ((color >> 8) & 0xff) / 255.0;
      double b = (color & 0xff) / 255.0;
      double luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;

      gtk_widget_add_css_class (GTK_WIDGET (self), "colored");
      if (luminance > 0.6)
        {
          gtk_widget_add_css_class (GTK_WIDGET (self), "pale");
          gtk_widget_remove_css_class (GTK_WIDGET (self), "deep");
        }
      else
        {
          gtk_widget_add_css_class (GTK_WIDGET (self), "deep");
          gtk_widget_remove_css_class (GTK_WIDGET (self), "pale");
        }
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self), "colored");
      gtk_widget_remove_css_class (GTK_WIDGET (self), "pale");
      gtk_widget_remove_css_class (GTK_WIDGET (self), "deep");
    }

  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COLOR]);
}
