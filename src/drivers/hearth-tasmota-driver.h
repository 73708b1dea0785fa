/* hearth-tasmota-driver.h: Tasmota (plugs, relays, bulbs, shutters, sensors)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "hearth-types.h"

G_BEGIN_DECLS

#define HEARTH_TYPE_TASMOTA_DRIVER (hearth_tasmota_driver_get_type ())

G_DECLARE_FINAL_TYPE (HearthTasmotaDriver, hearth_tasmota_driver, HEARTH, TASMOTA_DRIVER, GObject)

/* A Tasmota with a web password tells nothing, not even its MAC, without
 * it: hearth_driver_identify_async() then fails with
 * HEARTH_ERROR_NEEDS_PASSWORD. This identifies it with the person's login
 * (@username NULL = "admin"); a refused one is HEARTH_ERROR_BAD_PASSWORD. */
void          hearth_tasmota_driver_identify_with_login_async  (HearthTasmotaDriver *self,
                                                                HearthHttpQueue     *queue,
                                                                const char          *username,
                                                                const char          *password,
                                                                GCancellable        *cancellable,
                                                                GAsyncReadyCallback  callback,
                                                                gpointer             user_data);
HearthDevice *hearth_tasmota_driver_identify_with_login_finish (HearthTasmotaDriver *self,
                                                                GAsyncResult        *result,
                                                                GError             **error);

G_END_DECLS
