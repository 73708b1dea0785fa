/* hearth-secrets.h: passwords and tokens in the keyring, keyed by hardware id
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

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

/* Overwrites @secret (a password, a token) before freeing it, so that it
 * does not linger in freed memory. NULL is allowed. */
void      hearth_secret_free          (char                *secret);
/* g_autoptr(HearthSecret) password = …: freed with hearth_secret_free() */
typedef char HearthSecret;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HearthSecret, hearth_secret_free)

G_END_DECLS
