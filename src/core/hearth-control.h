/* hearth-control.h: one thing a person controls, and so one tile
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "hearth-types.h"

G_BEGIN_DECLS

#define HEARTH_TYPE_CONTROL (hearth_control_get_type ())

G_DECLARE_FINAL_TYPE (HearthControl, hearth_control, HEARTH, CONTROL, GObject)

/* Where a value is unknown it reads as -1 (numbers) or NULL (strings). */

HearthControl      *hearth_control_new                 (const char         *id,
                                                        HearthControlKind   kind,
                                                        const char         *name);
const char         *hearth_control_get_id              (HearthControl      *self);
HearthControlKind   hearth_control_get_kind            (HearthControl      *self);
const char         *hearth_control_get_name            (HearthControl      *self);
void                hearth_control_set_name            (HearthControl      *self,
                                                        const char         *name);
HearthCapabilities  hearth_control_get_capabilities    (HearthControl      *self);
void                hearth_control_set_capabilities    (HearthControl      *self,
                                                        HearthCapabilities  capabilities);
gboolean            hearth_control_has_capability      (HearthControl      *self,
                                                        HearthCapabilities  capability);
gboolean            hearth_control_get_on              (HearthControl      *self);
void                hearth_control_set_on              (HearthControl      *self,
                                                        gboolean            on);
/* 0–100 % */
int                 hearth_control_get_brightness      (HearthControl      *self);
void                hearth_control_set_brightness      (HearthControl      *self,
                                                        int                 brightness);
/* Kelvin, within the device's own range */
int                 hearth_control_get_temperature     (HearthControl      *self);
void                hearth_control_set_temperature     (HearthControl      *self,
                                                        int                 kelvin);
int                 hearth_control_get_temperature_min (HearthControl      *self);
int                 hearth_control_get_temperature_max (HearthControl      *self);
void                hearth_control_set_temperature_range (HearthControl    *self,
                                                        int                 min_kelvin,
                                                        int                 max_kelvin);
/* 0xRRGGBB, or -1 */
int                 hearth_control_get_color           (HearthControl      *self);
void                hearth_control_set_color           (HearthControl      *self,
                                                        int                 rgb);
/* 0–100, 100 = open */
int                 hearth_control_get_position        (HearthControl      *self);
void                hearth_control_set_position        (HearthControl      *self,
                                                        int                 position);
HearthCoverState    hearth_control_get_cover_state     (HearthControl      *self);
void                hearth_control_set_cover_state     (HearthControl      *self,
                                                        HearthCoverState    state);
const char         *hearth_control_get_effect          (HearthControl      *self);
void                hearth_control_set_effect          (HearthControl      *self,
                                                        const char         *effect);
const char * const *hearth_control_get_effects         (HearthControl      *self);
void                hearth_control_set_effects         (HearthControl      *self,
                                                        const char * const *effects);
/* Sensors: a reading, its unit ("W", "kWh", "°C", "%", "V") and what it measures
 * ("power", "energy", "temperature", "humidity", "voltage", "battery"). */
double              hearth_control_get_value           (HearthControl      *self);
void                hearth_control_set_value           (HearthControl      *self,
                                                        double              value);
const char         *hearth_control_get_unit            (HearthControl      *self);
void                hearth_control_set_unit            (HearthControl      *self,
                                                        const char         *unit);
const char         *hearth_control_get_quantity        (HearthControl      *self);
void                hearth_control_set_quantity        (HearthControl      *self,
                                                        const char         *quantity);

const char         *hearth_control_kind_to_string      (HearthControlKind   kind);
const char         *hearth_cover_state_to_string       (HearthCoverState    state);

G_END_DECLS
