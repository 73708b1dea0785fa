/* hearth-hex-id.h: identifiers written as a fixed number of hex digits
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A MAC address without separators (12 digits) or a Hue bridge id (16),
 * as devices announce them in TXT records and JSON answers.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean hearth_hex_id_is_valid (const char *text,
                                 gsize       n_digits);

G_END_DECLS
