/* hearth-json.c: small helpers for reading untrusted JSON safely
 *
 * Devices send what they send: members go missing, numbers arrive as
 * strings, integers as doubles, booleans as 0/1. Every helper here answers
 * with the caller's fallback instead of logging a CRITICAL, whatever the
 * input.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "hearth-error.h"
#include "hearth-json.h"
#include "hearth-json-check.h"

JsonNode *
hearth_json_parse (const char  *data,
                   gssize       length,
                   GError     **error)
{
  return hearth_json_parse_as (data, length, "The answer", error);
}

JsonNode *
hearth_json_parse_as (const char  *data,
                      gssize       length,
                      const char  *what,
                      GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  if (data == NULL)
    length = 0;
  else if (length < 0)
    length = strlen (data);

  if (length == 0)
    {
      g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD,
                   "%s is empty, not JSON", what);
      return NULL;
    }

  /* json-glib is lenient and recursive: it only ever sees strict JSON
   * of bounded size and depth */
  if (!hearth_json_check_as (data, length, what, error))
    return NULL;

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD,
                   "%s is not valid JSON (%s)", what, local_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD,
                   "%s is empty, not JSON", what);
      return NULL;
    }

  if (!JSON_NODE_HOLDS_OBJECT (root) && !JSON_NODE_HOLDS_ARRAY (root))
    {
      const char *kind;

      switch (JSON_NODE_HOLDS_VALUE (root) ? json_node_get_value_type (root) : G_TYPE_NONE)
        {
        case G_TYPE_STRING:
          kind = "a string";
          break;
        case G_TYPE_INT64:
        case G_TYPE_DOUBLE:
          kind = "a number";
          break;
        case G_TYPE_BOOLEAN:
          kind = "a boolean";
          break;
        default:
          kind = "null";
          break;
        }

      g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD,
                   "%s is %s, not a JSON object or array", what, kind);
      return NULL;
    }

  return json_node_copy (root);
}

/* The member's node, or NULL; never a CRITICAL */
static JsonNode *
get_member (JsonObject *object,
            const char *member)
{
  if (object == NULL || member == NULL)
    return NULL;

  return json_object_get_member (object, member);
}

/* The value node's GType, or G_TYPE_INVALID when @node is not a value */
static GType
value_type (JsonNode *node)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return G_TYPE_INVALID;

  return json_node_get_value_type (node);
}

static gboolean
double_to_int (double  value,
               gint64 *out)
{
  /* 2^63 is exactly representable; anything at or above it is not a gint64 */
  if (!isfinite (value) || value != floor (value) ||
      value < -9223372036854775808.0 || value >= 9223372036854775808.0)
    return FALSE;

  *out = (gint64) value;
  return TRUE;
}

static gboolean
string_to_double (const char *str,
                  double     *out)
{
  char *end = NULL;
  double value;

  if (str == NULL || *str == '\0' || g_ascii_isspace (*str))
    return FALSE;

  value = g_ascii_strtod (str, &end);
  if (end == NULL || *end != '\0' || !isfinite (value))
    return FALSE;

  *out = value;
  return TRUE;
}

static gboolean
string_to_int (const char *str,
               gint64     *out)
{
  double value;

  if (str == NULL)
    return FALSE;

  if (g_ascii_string_to_signed (str, 10, G_MININT64, G_MAXINT64, out, NULL))
    return TRUE;

  return string_to_double (str, &value) && double_to_int (value, out);
}

JsonObject *
hearth_json_get_object (JsonObject *object,
                        const char *member)
{
  JsonNode *node = get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  return json_node_get_object (node);
}

JsonArray *
hearth_json_get_array (JsonObject *object,
                       const char *member)
{
  JsonNode *node = get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;

  return json_node_get_array (node);
}

const char *
hearth_json_get_string (JsonObject *object,
                        const char *member,
                        const char *fallback)
{
  JsonNode *node = get_member (object, member);

  if (value_type (node) != G_TYPE_STRING)
    return fallback;

  return json_node_get_string (node);
}

const char *
hearth_json_get_text (JsonObject *object,
                      const char *member)
{
  const char *text = hearth_json_get_string (object, member, NULL);

  return text != NULL && *text != '\0' ? text : NULL;
}

gint64
hearth_json_get_int (JsonObject *object,
                     const char *member,
                     gint64      fallback)
{
  JsonNode *node = get_member (object, member);
  gint64 value;

  switch (value_type (node))
    {
    case G_TYPE_INT64:
      return json_node_get_int (node);
    case G_TYPE_DOUBLE:
      return double_to_int (json_node_get_double (node), &value) ? value : fallback;
    case G_TYPE_STRING:
      return string_to_int (json_node_get_string (node), &value) ? value : fallback;
    default:
      return fallback;
    }
}

double
hearth_json_get_double (JsonObject *object,
                        const char *member,
                        double      fallback)
{
  JsonNode *node = get_member (object, member);
  double value;

  switch (value_type (node))
    {
    case G_TYPE_INT64:
      return (double) json_node_get_int (node);
    case G_TYPE_DOUBLE:
      value = json_node_get_double (node);
      return isfinite (value) ? value : fallback;
    case G_TYPE_STRING:
      return string_to_double (json_node_get_string (node), &value) ? value : fallback;
    default:
      return fallback;
    }
}

gboolean
hearth_json_get_bool (JsonObject *object,
                      const char *member,
                      gboolean    fallback)
{
  JsonNode *node = get_member (object, member);
  const char *str;
  gint64 value;

  switch (value_type (node))
    {
    case G_TYPE_BOOLEAN:
      return json_node_get_boolean (node);
    case G_TYPE_INT64:
      value = json_node_get_int (node);
      break;
    case G_TYPE_DOUBLE:
      if (!double_to_int (json_node_get_double (node), &value))
        return fallback;
      break;
    case G_TYPE_STRING:
      str = json_node_get_string (node);
      if (g_strcmp0 (str, "true") == 0)
        return TRUE;
      if (g_strcmp0 (str, "false") == 0)
        return FALSE;
      if (!string_to_int (str, &value))
        return fallback;
      break;
    default:
      return fallback;
    }

  if (value == 0)
    return FALSE;
  if (value == 1)
    return TRUE;

  return fallback;
}

gboolean
hearth_json_has (JsonObject   *object,
                 const char   *member,
                 JsonNodeType  type)
{
  JsonNode *node = get_member (object, member);

  return node != NULL && JSON_NODE_TYPE (node) == type;
}

JsonObject *
hearth_json_array_get_object (JsonArray *array,
                              guint      index)
{
  JsonNode *node;

  if (array == NULL || index >= json_array_get_length (array))
    return NULL;

  node = json_array_get_element (array, index);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  return json_node_get_object (node);
}

/* Copies one number token of json-glib's output at @p to @out and returns
 * what follows it. json-glib 1.6 writes a double with "%.17g" and appends
 * ".0" when that has no '.': 1e22 becomes "1e+22.0", infinity "inf.0",
 * neither of them JSON (nor readable again). Those are mended here: the
 * exponent form loses its ".0", what is not a number becomes null. */
static const char *
copy_number (const char *p,
             GString    *out)
{
  const char *start = p;
  gsize length;

  while (g_ascii_isalnum (*p) || *p == '.' || *p == '+' || *p == '-')
    p++;
  length = p - start;

  if (memchr (start, 'n', length) != NULL)   /* inf, nan */
    g_string_append (out, "null");
  else if (length > 2 && start[length - 2] == '.' && start[length - 1] == '0' &&
           (memchr (start, 'e', length) != NULL || memchr (start, 'E', length) != NULL))
    g_string_append_len (out, start, length - 2);
  else
    g_string_append_len (out, start, length);

  return p;
}

char *
hearth_json_to_data (JsonNode *node,
                     gboolean  pretty,
                     gsize    *length)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;
  GString *out;
  const char *p;

  if (node == NULL)
    {
      if (length != NULL)
        *length = strlen ("null");
      return g_strdup ("null");
    }

  json_generator_set_root (generator, node);
  json_generator_set_pretty (generator, pretty);
  json_generator_set_indent (generator, 2);
  text = json_generator_to_data (generator, NULL);

  out = g_string_sized_new (strlen (text));
  p = text;
  while (*p != '\0')
    {
      if (*p == '"')
        {
          /* A string, copied as it is */
          const char *start = p++;

          while (*p != '\0' && *p != '"')
            p += (*p == '\\' && p[1] != '\0') ? 2 : 1;
          if (*p == '"')
            p++;
          g_string_append_len (out, start, p - start);
        }
      else if (*p == '-' || g_ascii_isdigit (*p) ||
               g_str_has_prefix (p, "inf") || g_str_has_prefix (p, "nan"))
        p = copy_number (p, out);
      else
        g_string_append_c (out, *p++);
    }

  if (length != NULL)
    *length = out->len;
  return g_string_free (out, FALSE);
}

char *
hearth_json_to_string (JsonNode *node)
{
  return hearth_json_to_data (node, FALSE, NULL);
}
