/* hearth-link-task.h: the finish half of a link's refresh and send
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "hearth-link.h"

G_BEGIN_DECLS

gboolean hearth_link_task_finish (HearthLink    *link,
                                  GAsyncResult  *result,
                                  GError       **error);

G_END_DECLS
