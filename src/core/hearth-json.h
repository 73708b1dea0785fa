/* hearth-json.h: small helpers for reading untrusted JSON safely
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The one way into JSON from outside (devices, the store): parses @data
 * only when it is strict RFC 8259 JSON within hearth_json_check()'s size
 * and depth limits; HEARTH_ERROR_BAD_PAYLOAD otherwise, or unless the root
 * is an object or an array. */
JsonNode   *hearth_json_parse        (const char  *data,
                                      gssize       length,
                                      GError     **error);
/* The same, with the messages saying @what is wrong: "The answer" (a
 * device's reply, as hearth_json_parse() says), "it" (a file, named in
 * the sentence around) */
JsonNode   *hearth_json_parse_as     (const char  *data,
                                      gssize       length,
                                      const char  *what,
                                      GError     **error);
/* Each returns @fallback when @object lacks @member or it has another type;
 * none of them ever logs a CRITICAL. Integers accept whole doubles. */
JsonObject *hearth_json_get_object   (JsonObject  *object,
                                      const char  *member);
JsonArray  *hearth_json_get_array    (JsonObject  *object,
                                      const char  *member);
const char *hearth_json_get_string   (JsonObject  *object,
                                      const char  *member,
                                      const char  *fallback);
/* A string member that is present and not empty, else NULL */
const char *hearth_json_get_text     (JsonObject  *object,
                                      const char  *member);
gint64      hearth_json_get_int      (JsonObject  *object,
                                      const char  *member,
                                      gint64       fallback);
double      hearth_json_get_double   (JsonObject  *object,
                                      const char  *member,
                                      double       fallback);
/* Accepts true/false and 0/1 (Elgato sends integers) */
gboolean    hearth_json_get_bool     (JsonObject  *object,
                                      const char  *member,
                                      gboolean     fallback);
gboolean    hearth_json_has          (JsonObject  *object,
                                      const char  *member,
                                      JsonNodeType type);
/* Element @index of @array as an object, or NULL */
JsonObject *hearth_json_array_get_object (JsonArray *array,
                                          guint      index);
/* The one way out: JSON text of @node (NULL: "null") that
 * hearth_json_parse() reads again, whatever doubles it holds (json-glib's
 * own generator writes 1e22 as "1e+22.0"); non-finite numbers become null.
 * Pretty: indented by 2. */
char       *hearth_json_to_data      (JsonNode    *node,
                                      gboolean     pretty,
                                      gsize       *length);
/* hearth_json_to_data() on one line */
char       *hearth_json_to_string    (JsonNode    *node);

G_END_DECLS
