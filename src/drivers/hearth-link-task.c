/* hearth-link-task.c: the finish half of a link's refresh and send
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every family's refresh_async and send_async end a GTask of the link with
 * a boolean; this is their refresh_finish and send_finish.
 */
#include "config.h"

#include "hearth-link-task.h"

gboolean
hearth_link_task_finish (HearthLink    *link,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, link), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
