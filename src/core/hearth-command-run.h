/* hearth-command-run.h: carrying out an understood command through the
 * home's one door (hearth_home_apply_async)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "hearth-command.h"
#include "hearth-home.h"

G_BEGIN_DECLS

/* Applies @command's change to its targets' controls, devices in
 * parallel (one request at a time per device). A question has nothing to
 * do and succeeds. Fails with HEARTH_ERROR_INVALID for a command not
 * understood, and with HEARTH_ERROR_UNSUPPORTED for a scene: recalling a
 * scene is not wired to commands yet. */
void     hearth_command_run_async  (HearthHome           *home,
                                    const HearthCommand  *command,
                                    GCancellable         *cancellable,
                                    GAsyncReadyCallback   callback,
                                    gpointer              user_data);
gboolean hearth_command_run_finish (HearthHome           *home,
                                    GAsyncResult         *result,
                                    GError              **error);

G_END_DECLS
