/* hearth-secret.h: a password or a token in memory, wiped when freed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Overwrites @secret (a password, a token) before freeing it, so that it
 * does not linger in freed memory. NULL is allowed. */
void      hearth_secret_free          (char                *secret);
/* g_autoptr(HearthSecret) password = …: freed with hearth_secret_free() */
typedef char HearthSecret;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HearthSecret, hearth_secret_free)

G_END_DECLS
