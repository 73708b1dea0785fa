/* hearth-browser.h: mDNS browsing and resolving through Avahi
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "hearth-types.h"

G_BEGIN_DECLS

#define HEARTH_TYPE_BROWSER (hearth_browser_get_type ())

G_DECLARE_FINAL_TYPE (HearthBrowser, hearth_browser, HEARTH, BROWSER, GObject)

/* A GListModel of HearthService: one item per resolved (interface, protocol,
 * type, name). Items appear once resolved and go when Avahi removes them;
 * an item resolved again (announced again, or asked to) is replaced in
 * place when the answer differs. What was found but could not be resolved
 * (yet) is told by hearth_browser_dup_unresolved(), a service type that
 * could not be browsed (tried again) by hearth_browser_dup_unbrowsed().
 * A missing or restarting avahi-daemon is waited for, never fatal; the
 * "state" property says which. */
HearthBrowser      *hearth_browser_new       (const char * const *service_types);
void                hearth_browser_start     (HearthBrowser      *self);
HearthBrowserState  hearth_browser_get_state (HearthBrowser      *self);

void                hearth_browser_resolve_again  (HearthBrowser *self,
                                                   HearthService *service);
gboolean            hearth_browser_get_settled      (HearthBrowser *self);
guint               hearth_browser_get_n_unresolved (HearthBrowser *self);
GStrv               hearth_browser_dup_unresolved (HearthBrowser *self);
GStrv               hearth_browser_dup_unbrowsed  (HearthBrowser *self);

G_END_DECLS
