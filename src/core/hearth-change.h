/* hearth-change.h: what a person asked a control to do
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "hearth-types.h"

G_BEGIN_DECLS

#define HEARTH_TYPE_CHANGE (hearth_change_get_type ())

typedef enum /*< flags >*/
{
  HEARTH_CHANGE_ON          = 1 << 0,
  HEARTH_CHANGE_TOGGLE      = 1 << 1,
  HEARTH_CHANGE_BRIGHTNESS  = 1 << 2,
  HEARTH_CHANGE_TEMPERATURE = 1 << 3,
  HEARTH_CHANGE_COLOR       = 1 << 4,
  HEARTH_CHANGE_POSITION    = 1 << 5,
  HEARTH_CHANGE_COVER       = 1 << 6,
  HEARTH_CHANGE_EFFECT      = 1 << 7,
} HearthChangeFields;

/**
 * HearthChange:
 * @fields: which of the members below are set
 *
 * A plain value. Drivers never see %HEARTH_CHANGE_TOGGLE: the link resolves
 * it to %HEARTH_CHANGE_ON against the control's current state first.
 */
struct _HearthChange
{
  HearthChangeFields fields;
  gboolean           on;
  int                brightness;   /* 0–100 % */
  int                temperature;  /* Kelvin */
  int                color;        /* 0xRRGGBB */
  int                position;     /* 0–100, 100 = open */
  HearthCoverAction  cover;
  char              *effect;
};

GType         hearth_change_get_type       (void) G_GNUC_CONST;
HearthChange *hearth_change_new            (void);
HearthChange *hearth_change_copy           (const HearthChange  *self);
void          hearth_change_free           (HearthChange        *self);
void          hearth_change_merge          (HearthChange        *self,
                                            const HearthChange  *newer);
gboolean      hearth_change_parse_action   (HearthChange        *self,
                                            const char          *action,
                                            GError             **error);
gboolean      hearth_change_check          (const HearthChange  *self,
                                            HearthControl       *control,
                                            GError             **error);
void          hearth_change_apply          (const HearthChange  *self,
                                            HearthControl       *control);
char         *hearth_change_to_string      (const HearthChange  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HearthChange, hearth_change_free)

G_END_DECLS
