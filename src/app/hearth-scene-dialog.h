/* hearth-scene-dialog.h: a new scene from the state of chosen tiles, or a
 * scene edited: its name, its members, their state taken again
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "hearth-engine.h"

G_BEGIN_DECLS

#define HEARTH_TYPE_SCENE_DIALOG (hearth_scene_dialog_get_type ())

G_DECLARE_FINAL_TYPE (HearthSceneDialog, hearth_scene_dialog, HEARTH, SCENE_DIALOG, AdwWindow)

/* Lists the controls of @home by room, each with a check button. @scene
 * NULL: a new scene, with the controls of @room (NULL: none) checked;
 * else that scene's members are checked, and saving takes their state
 * again. */
GtkWidget *hearth_scene_dialog_new (GtkWindow   *parent,
                                    HearthHome  *home,
                                    const char  *scene,
                                    const char  *room);

G_END_DECLS
