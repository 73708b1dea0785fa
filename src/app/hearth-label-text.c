/* hearth-label-text.c: setting a label's text only when it changes
 *
 * The views refresh their labels on every notify of the model; a label is
 * only touched when its text differs. A NULL text is "".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hearth-label-text.h"

void
hearth_label_text_set (GtkLabel   *label,
                       const char *text)
{
  g_return_if_fail (GTK_IS_LABEL (label));

  if (g_strcmp0 (gtk_label_get_label (label), text ? text : "") != 0)
    gtk_label_set_label (label, text ? text : "");
}
