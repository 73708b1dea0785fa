/* hearth-tasmota-parse-private.h: what the Tasmota parsers share
 * (hearth-tasmota-parse.c: commands, identity, changes;
 * hearth-tasmota-state.c: status and command answers)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The highest POWER<n> index taken */
#define HEARTH_TASMOTA_MAX_POWERS 32

/* "power3" with @prefix "power" → 3 (1..HEARTH_TASMOTA_MAX_POWERS) */
gboolean hearth_tasmota_parse_index (const char *text,
                                     const char *prefix,
                                     guint      *index);

static inline gboolean
hearth_tasmota_text_is_set (const char *text)
{
  return text != NULL && *text != '\0';
}

G_END_DECLS
