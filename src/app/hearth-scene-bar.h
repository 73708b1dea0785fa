/* hearth-scene-bar.h: the scenes above the tiles, each recalled in one
 * click, and "New Scene"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "hearth-engine.h"

G_BEGIN_DECLS

#define HEARTH_TYPE_SCENE_BAR (hearth_scene_bar_get_type ())

G_DECLARE_FINAL_TYPE (HearthSceneBar, hearth_scene_bar, HEARTH, SCENE_BAR, GtkWidget)

/* The bar takes the home of the HearthWindow it is in, once shown.
 * The button that recalls the scene @name, or NULL (for the tests) */
GtkWidget *hearth_scene_bar_get_button (HearthSceneBar *self,
                                        const char     *name);

G_END_DECLS
