/* hearth-hex-id.c: identifiers written as a fixed number of hex digits
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "hearth-hex-id.h"

/* TRUE when @text is exactly @n_digits hex digits (either case), nothing
 * else; FALSE for NULL */
gboolean
hearth_hex_id_is_valid (const char *text,
                        gsize       n_digits)
{
  if (text == NULL || strlen (text) != n_digits)
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isxdigit (*p))
      return FALSE;
  return TRUE;
}
