/* hearth-application.h: the application: one home, its window, the demo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "hearth-engine.h"

G_BEGIN_DECLS

#define HEARTH_TYPE_APPLICATION (hearth_application_get_type ())

G_DECLARE_FINAL_TYPE (HearthApplication, hearth_application, HEARTH, APPLICATION, AdwApplication)

/* Options: --demo (the demo home instead of the person's own, in an
 * instance of its own), --no-discovery (no mDNS: known devices and hosts
 * added by hand only), --version. Actions: app.quit, app.about,
 * app.preferences, app.show-demo. */
HearthApplication *hearth_application_new      (void);
/* The person's home (NULL until the first window, or in --demo) */
HearthHome        *hearth_application_get_home (HearthApplication *self);

G_END_DECLS
