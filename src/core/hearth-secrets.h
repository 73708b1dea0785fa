/* hearth-secrets.h: passwords and tokens in the keyring, keyed by hardware id
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "hearth-secret.h"

G_BEGIN_DECLS

/* A secret is stored for exactly one hardware id and only ever looked up
 * by it, so a device with another id never receives it. */
void      hearth_secrets_lookup_async (const char          *device_id,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);
/* Returns the secret, or NULL (no error) when none is stored */
char     *hearth_secrets_lookup_finish (GAsyncResult       *result,
                                        GError            **error);
void      hearth_secrets_store_async  (const char          *device_id,
                                       const char          *device_name,
                                       const char          *secret,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);
gboolean  hearth_secrets_store_finish (GAsyncResult        *result,
                                       GError             **error);
void      hearth_secrets_clear_async  (const char          *device_id,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);
gboolean  hearth_secrets_clear_finish (GAsyncResult        *result,
                                       GError             **error);


G_END_DECLS
