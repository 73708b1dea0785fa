/* hearth-sha512-256.h: SHA-512/256 (FIPS 180-4 §6.7), which GChecksum
 * lacks and RFC 7616's Digest algorithm "SHA-512-256" needs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The digest of @length bytes at @data as 64 lower-case hex digits */
char *hearth_sha512_256_hex (const guint8 *data,
                             gsize         length);

G_END_DECLS
