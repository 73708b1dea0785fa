/* hearth-control-editor.h: what a control can do, as a person changes it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "hearth-item-group.h"

G_BEGIN_DECLS

#define HEARTH_TYPE_CONTROL_EDITOR (hearth_control_editor_get_type ())

G_DECLARE_FINAL_TYPE (HearthControlEditor, hearth_control_editor, HEARTH, CONTROL_EDITOR, HearthItemGroup)

/* The rows of "item"'s control (on and off, brightness, colour
 * temperature, colour, effect, a cover's position and buttons), shown as
 * the control has them; hidden when it has none. What a person changes
 * goes out as the window's win.apply action, a dragged value at most
 * every few dozen milliseconds. */
GtkWidget         *hearth_control_editor_new      (void);
/* Whether a value the person moves is still being sent or settling */
gboolean           hearth_control_editor_is_busy  (HearthControlEditor *self);

G_END_DECLS
