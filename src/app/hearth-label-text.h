/* hearth-label-text.h: setting a label's text only when it changes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void hearth_label_text_set (GtkLabel   *label,
                            const char *text);

G_END_DECLS
