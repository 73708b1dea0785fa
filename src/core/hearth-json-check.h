/* hearth-json-check.h: RFC 8259 JSON, checked without recursion
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* json-glib's parser recurses once per nesting level; no device nests
 * anywhere near this deep, and 256 levels stay far from any stack limit. */
#define HEARTH_JSON_MAX_DEPTH 256
/* Eight times the HTTP layer's largest body by default (2 MiB), and far
 * above any store file */
#define HEARTH_JSON_MAX_SIZE  (16 * 1024 * 1024)

/* TRUE when @data is one RFC 8259 JSON value (any type), with only
 * whitespace around it, at most HEARTH_JSON_MAX_DEPTH deep and
 * HEARTH_JSON_MAX_SIZE long: no comments, single quotes, trailing commas,
 * NaN, leading zeros, invalid escapes or UTF-8, raw control characters.
 * Otherwise HEARTH_ERROR_BAD_PAYLOAD, saying what and at which byte. */
gboolean hearth_json_check    (const char  *data,
                               gsize        length,
                               GError     **error);
/* The same, with the messages saying @what is wrong: "The answer" (a
 * device's reply, as hearth_json_check() says), "it" (a file, named in
 * the sentence around) */
gboolean hearth_json_check_as (const char  *data,
                               gsize        length,
                               const char  *what,
                               GError     **error);

G_END_DECLS
