/* hearth-item-group.c: a group of rows about one control
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hearth-item-group.h"

typedef struct
{
  HearthControlItem *item;
} HearthItemGroupPrivate;

G_DEFINE_TYPE_WITH_PRIVATE (HearthItemGroup, hearth_item_group, ADW_TYPE_PREFERENCES_GROUP)

typedef enum
{
  PROP_ITEM = 1,
} HearthItemGroupProperty;

static GParamSpec *properties[PROP_ITEM + 1];

HearthControlItem *
hearth_item_group_get_item (HearthItemGroup *self)
{
  HearthItemGroupPrivate *priv = hearth_item_group_get_instance_private (self);

  g_return_val_if_fail (HEARTH_IS_ITEM_GROUP (self), NULL);

  return priv->item;
}

void
hearth_item_group_set_item (HearthItemGroup   *self,
                            HearthControlItem *item)
{
  HearthItemGroupPrivate *priv = hearth_item_group_get_instance_private (self);
  HearthItemGroupClass *klass;

  g_return_if_fail (HEARTH_IS_ITEM_GROUP (self));
  g_return_if_fail (item == NULL || HEARTH_IS_CONTROL_ITEM (item));

  if (priv->item == item)
    return;

  klass = HEARTH_ITEM_GROUP_GET_CLASS (self);
  if (klass->unbind != NULL)
    klass->unbind (self);
  g_set_object (&priv->item, item);
  if (klass->bind != NULL)
    klass->bind (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM]);
}

HearthControl *
hearth_item_group_get_control (HearthItemGroup *self)
{
  HearthItemGroupPrivate *priv = hearth_item_group_get_instance_private (self);

  return priv->item != NULL ? hearth_control_item_get_control (priv->item) : NULL;
}

HearthDevice *
hearth_item_group_get_device (HearthItemGroup *self)
{
  HearthItemGroupPrivate *priv = hearth_item_group_get_instance_private (self);

  return priv->item != NULL ? hearth_control_item_get_device (priv->item) : NULL;
}

HearthStore *
hearth_item_group_get_store (HearthItemGroup *self)
{
  HearthItemGroupPrivate *priv = hearth_item_group_get_instance_private (self);

  return priv->item != NULL ? hearth_control_item_get_store (priv->item) : NULL;
}

static void
hearth_item_group_dispose (GObject *object)
{
  HearthItemGroupPrivate *priv = hearth_item_group_get_instance_private (HEARTH_ITEM_GROUP (object));

  g_clear_object (&priv->item);

  G_OBJECT_CLASS (hearth_item_group_parent_class)->dispose (object);
}

static void
hearth_item_group_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  HearthItemGroup *self = HEARTH_ITEM_GROUP (object);

  switch ((HearthItemGroupProperty) prop_id)
    {
    case PROP_ITEM:
      g_value_set_object (value, hearth_item_group_get_item (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hearth_item_group_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  HearthItemGroup *self = HEARTH_ITEM_GROUP (object);

  switch ((HearthItemGroupProperty) prop_id)
    {
    case PROP_ITEM:
      hearth_item_group_set_item (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hearth_item_group_class_init (HearthItemGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = hearth_item_group_dispose;
  object_class->get_property = hearth_item_group_get_property;
  object_class->set_property = hearth_item_group_set_property;

  properties[PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL, HEARTH_TYPE_CONTROL_ITEM,
                         G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, G_N_ELEMENTS (properties), properties);
}

static void
hearth_item_group_init (HearthItemGroup *self)
{
}
