/* hearth-window.h: the main window: the home's tiles and everything around
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "hearth-engine.h"
#include "hearth-control-item.h"
#include "hearth-control-list.h"

G_BEGIN_DECLS

#define HEARTH_TYPE_WINDOW (hearth_window_get_type ())

G_DECLARE_FINAL_TYPE (HearthWindow, hearth_window, HEARTH, WINDOW, AdwApplicationWindow)

/* Properties "home", "list" (construct-only), "demo-available" (whether
 * the empty state offers the demo home: app.show-demo) and "subtitle".
 * Pages of its stack: "searching", "home", "empty", "no-avahi",
 * "no-results" and "details". Actions: win.toast (s), win.apply ((sss):
 * store key, action as hearthctl takes it, and a note, may be ""),
 * win.show-details (s: store key), win.back, win.search, win.add-device,
 * win.edit-rooms. */
HearthWindow      *hearth_window_new                (AdwApplication *application,
                                                     HearthHome     *home,
                                                     HearthControlList *list);
HearthHome        *hearth_window_get_home           (HearthWindow   *self);
HearthControlList *hearth_window_get_list           (HearthWindow   *self);
gboolean           hearth_window_get_demo_available (HearthWindow   *self);
void               hearth_window_set_demo_available (HearthWindow   *self,
                                                     gboolean        available);
const char        *hearth_window_get_subtitle       (HearthWindow   *self);
void               hearth_window_set_subtitle       (HearthWindow   *self,
                                                     const char     *subtitle);
/* The name of the stack page shown */
const char        *hearth_window_get_page           (HearthWindow   *self);

G_END_DECLS
