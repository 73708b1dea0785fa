/* hearth-swatch-picker.h: colours one click away, any other through "Custom"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define HEARTH_TYPE_SWATCH_PICKER (hearth_swatch_picker_get_type ())

G_DECLARE_FINAL_TYPE (HearthSwatchPicker, hearth_swatch_picker, HEARTH, SWATCH_PICKER, GtkWidget)

/* "picked" (int rgb, 0xRRGGBB): the person chose a colour (a swatch, or
 * one in the custom colour chooser). Setting the colour shown does not
 * emit it. */
GtkWidget *hearth_swatch_picker_new     (void);
/* Marks @rgb's swatch, or shows @rgb on the custom one; -1: none */
void       hearth_swatch_picker_set_rgb (HearthSwatchPicker *self,
                                         int                 rgb);

G_END_DECLS
