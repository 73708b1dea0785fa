/* hearth-sim-families.h: the simulated families
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "hearth-sim-device.h"

G_BEGIN_DECLS

/* Each makes a device of a family. @variant picks the model (NULL = the
 * family's most common one; each file lists its variants), @index makes
 * the hardware id unique (it ends up in the MAC), @name is the name the
 * device reports (NULL = the firmware's default). */
HearthSimDevice *hearth_sim_shelly_new  (const char *variant,
                                         guint       index,
                                         const char *name);
HearthSimDevice *hearth_sim_wled_new    (const char *variant,
                                         guint       index,
                                         const char *name);
HearthSimDevice *hearth_sim_elgato_new  (const char *variant,
                                         guint       index,
                                         const char *name);
HearthSimDevice *hearth_sim_esphome_new (const char *variant,
                                         guint       index,
                                         const char *name);
HearthSimDevice *hearth_sim_hue_new     (const char *variant,
                                         guint       index,
                                         const char *name);
HearthSimDevice *hearth_sim_shelly_gen1_new (const char *variant,
                                             guint       index,
                                             const char *name);
HearthSimDevice *hearth_sim_nanoleaf_new (const char *variant,
                                          guint       index,
                                          const char *name);

/* "plug" (default), "bulb", "relay4", "shutter" */
HearthSimDevice *hearth_sim_tasmota_new (const char *variant, guint index, const char *name);

G_END_DECLS
