/* hearth-scene.h: a scene, a named set of (control, state) pairs across
 * devices and families ("Movie": the TV backlight 20 % orange, the key
 * lights off, the blinds at 30 %)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "hearth-change.h"
#include "hearth-types.h"

G_BEGIN_DECLS

#define HEARTH_TYPE_SCENE (hearth_scene_get_type ())

G_DECLARE_FINAL_TYPE (HearthScene, hearth_scene, HEARTH, SCENE, GObject)

/* A member is a control, named by its device's hardware id and its own
 * id (as in the store's keys), and the state it is brought to (a
 * HearthChange without a toggle). Members keep the order they were put in;
 * a control is a member once. */
HearthScene        *hearth_scene_new               (const char          *name);
HearthScene        *hearth_scene_copy              (HearthScene         *self);
gboolean            hearth_scene_equal             (HearthScene         *a,
                                                    HearthScene         *b);
const char         *hearth_scene_get_name          (HearthScene         *self);
void                hearth_scene_set_name          (HearthScene         *self,
                                                    const char          *name);
guint               hearth_scene_get_n_members     (HearthScene         *self);
const char         *hearth_scene_get_device_id     (HearthScene         *self,
                                                    guint                index);
const char         *hearth_scene_get_control_id    (HearthScene         *self,
                                                    guint                index);
const HearthChange *hearth_scene_get_change        (HearthScene         *self,
                                                    guint                index);
/* The member of that control, or -1 */
int                 hearth_scene_find_member       (HearthScene         *self,
                                                    const char          *device_id,
                                                    const char          *control_id);
/* Adds the member, or replaces the state of the one of that control */
void                hearth_scene_set_member        (HearthScene         *self,
                                                    const char          *device_id,
                                                    const char          *control_id,
                                                    const HearthChange  *change);
gboolean            hearth_scene_remove_member     (HearthScene         *self,
                                                    const char          *device_id,
                                                    const char          *control_id);
/* The state @control is in now, as a change that brings it back: on or
 * off, brightness, colour or white temperature, a cover's position. NULL
 * when there is nothing to bring back (a sensor, a state not known yet). */
HearthChange       *hearth_scene_capture_control   (HearthControl       *control);

/* A member of a recalled scene that did not take its state (@message set),
 * or that was skipped as its control was forgotten (@message NULL) */
typedef struct
{
  char *device_id;
  char *control_id;
  char *device_name;   /* as the home or the store knows it, else the id */
  char *control_name;
  char *message;
} HearthSceneMiss;

void                hearth_scene_miss_free         (HearthSceneMiss     *miss);

G_END_DECLS
