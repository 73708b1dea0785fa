/* hearth-demo.h: the demo home: hearth-sim's simulated devices, added by address
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "hearth-engine.h"

G_BEGIN_DECLS

#define HEARTH_TYPE_DEMO (hearth_demo_get_type ())

G_DECLARE_FINAL_TYPE (HearthDemo, hearth_demo, HEARTH, DEMO, GObject)

/* The simulator: $HEARTH_SIM, else the one in this build folder (hearth-sim
 * is built, not installed); NULL when there is none. */
char       *hearth_demo_find_simulator (void);

/* A home of its own (a store in a temporary folder, so the demo never
 * mixes with the person's own home), with rooms and favourites set up;
 * its devices are those of @drivers (transfer full, as hearth_home_new()). */
HearthDemo *hearth_demo_new            (const char          *simulator,
                                        GPtrArray           *drivers);
HearthHome *hearth_demo_get_home       (HearthDemo          *self);
/* Starts hearth-sim --demo and adds each device it prints by address;
 * completes when every device answered or failed. */
void        hearth_demo_start_async    (HearthDemo          *self,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
gboolean    hearth_demo_start_finish   (HearthDemo          *self,
                                        GAsyncResult        *result,
                                        GError             **error);
/* Stops the simulator and removes the temporary store (also on dispose) */
void        hearth_demo_stop           (HearthDemo          *self);

G_END_DECLS
