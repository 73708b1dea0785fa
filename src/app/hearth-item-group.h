/* hearth-item-group.h: a group of rows about one control (the details
 * page's parts): the "item" property, once
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "hearth-control-item.h"

G_BEGIN_DECLS

#define HEARTH_TYPE_ITEM_GROUP (hearth_item_group_get_type ())

G_DECLARE_DERIVABLE_TYPE (HearthItemGroup, hearth_item_group, HEARTH, ITEM_GROUP, AdwPreferencesGroup)

struct _HearthItemGroupClass
{
  AdwPreferencesGroupClass parent_class;

  /* Before "item" changes (the old one is still set), and after (the new
   * one is set; it may be NULL) */
  void (*unbind) (HearthItemGroup *self);
  void (*bind)   (HearthItemGroup *self);

  gpointer padding[4];
};

HearthControlItem *hearth_item_group_get_item    (HearthItemGroup   *self);
void               hearth_item_group_set_item    (HearthItemGroup   *self,
                                                  HearthControlItem *item);
/* The item's control, device and store, or NULL without an item */
HearthControl     *hearth_item_group_get_control (HearthItemGroup   *self);
HearthDevice      *hearth_item_group_get_device  (HearthItemGroup   *self);
HearthStore       *hearth_item_group_get_store   (HearthItemGroup   *self);

G_END_DECLS
