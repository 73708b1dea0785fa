/* hearth-preferences-window.h: hidden controls, devices added by hand, where choices live
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "hearth-engine.h"
#include "hearth-control-item.h"
#include "hearth-control-list.h"

G_BEGIN_DECLS

#define HEARTH_TYPE_PREFERENCES_WINDOW (hearth_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (HearthPreferencesWindow, hearth_preferences_window, HEARTH, PREFERENCES_WINDOW, AdwPreferencesWindow)

/* What a person may want to undo or check: controls they hid (shown
 * again with one click), hosts they added by address (forgotten with
 * one), and the file their choices are kept in. Takes the list from
 * @parent when it is a HearthWindow, property "list" (construct-only)
 * otherwise; the home is the list's. */
GtkWidget         *hearth_preferences_window_new      (GtkWindow               *parent);
HearthHome        *hearth_preferences_window_get_home (HearthPreferencesWindow *self);
HearthControlList *hearth_preferences_window_get_list (HearthPreferencesWindow *self);

G_END_DECLS
