/* hearth-secret.c: a password or a token in memory, wiped when freed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hearth-secret.h"

void
hearth_secret_free (char *secret)
{
  if (secret == NULL)
    return;
  for (volatile char *p = secret; *p != '\0'; p++)
    *p = '\0';
  g_free (secret);
}
