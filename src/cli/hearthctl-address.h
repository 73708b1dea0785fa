/* hearthctl-address.h: adding the device at an address, with the logins
 * earlier runs kept
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "hearth-device.h"
#include "hearth-home.h"

G_BEGIN_DECLS

/* Known id → "HOST:PORT", where another device answered for it */
extern GHashTable *hearthctl_others_at_kept_host;

void          hearthctl_add_address_async  (HearthHome           *home,
                                            HearthStore          *store,
                                            const HearthHost     *host,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
HearthDevice *hearthctl_add_address_finish (GAsyncResult         *result,
                                            GError              **error);
HearthDevice *hearthctl_add_address        (HearthHome           *home,
                                            HearthStore          *store,
                                            const HearthHost     *host,
                                            GError              **error);

G_END_DECLS
