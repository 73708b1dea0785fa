/* hearthctl-address.h: adding the device at an address, waiting for it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "hearth-device.h"
#include "hearth-home.h"

G_BEGIN_DECLS

HearthDevice *hearthctl_add_address        (HearthHome           *home,
                                            HearthStore          *store,
                                            const HearthHost     *host,
                                            GError              **error);

G_END_DECLS
