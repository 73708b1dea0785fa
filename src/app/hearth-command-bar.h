/* hearth-command-bar.h: what the search entry's words would do, when
 * they read as a command ("kitchen lights off"), shown before it is done
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "hearth-engine.h"

G_BEGIN_DECLS

#define HEARTH_TYPE_COMMAND_BAR (hearth_command_bar_get_type ())

G_DECLARE_FINAL_TYPE (HearthCommandBar, hearth_command_bar, HEARTH, COMMAND_BAR, AdwBin)

/* Properties: "home" (HearthHome), "entry" (the GtkSearchEntry whose
 * words it reads), "summary" (what it shows, read only; NULL when
 * hidden). Ctrl+L in its window opens the search (win.search) with a
 * hint that it takes commands. */

/* Enter in the entry: does what the command says and returns TRUE when
 * the words read as a command (also when they are not understood: the
 * bar says why); FALSE when they are a search */
gboolean    hearth_command_bar_activate    (HearthCommandBar *self);
const char *hearth_command_bar_get_summary (HearthCommandBar *self);
/* What the tiles are filtered by: the entry's words, or NULL while they
 * read as a command (every tile stays in sight) */
const char *hearth_command_bar_get_search  (HearthCommandBar *self);

G_END_DECLS
