/* hearthctl-address.c: adding the device at an address, waiting for it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hearthctl-address.h"
#include "hearthctl-runner.h"

/* hearth_home_add_known_address_async(), waiting for it */
HearthDevice *
hearthctl_add_address (HearthHome        *home,
                       HearthStore       *store,
                       const HearthHost  *host,
                       GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  hearth_home_add_known_address_async (home, store, host, NULL, hearthctl_store_result, &result);
  hearthctl_wait_for (hearthctl_result_is_set, &result, G_MAXINT);
  return hearth_home_add_known_address_finish (home, result, error);
}
