/* test-json.c: the helpers for reading untrusted JSON
 *
 * Runs with G_DEBUG=fatal-criticals: any CRITICAL from json-glib on bad
 * input fails the test.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "hearth.h"
#include "hearth-json-check.h"

/* One object with every kind of member the helpers meet on devices */
static const char *sample =
  "{"
  "  \"name\": \"Kitchen\","
  "  \"empty\": \"\","
  "  \"int\": 42,"
  "  \"negative\": -7,"
  "  \"big\": 9007199254740993,"
  "  \"whole_double\": 75.0,"
  "  \"fraction\": 75.5,"
  "  \"huge_double\": 1e300,"
  "  \"int_string\": \"42\","
  "  \"double_string\": \"21.5\","
  "  \"whole_double_string\": \"12.0\","
  "  \"bad_number_string\": \"42abc\","
  "  \"spaced_number_string\": \" 42\","
  "  \"true\": true,"
  "  \"false\": false,"
  "  \"one\": 1,"
  "  \"zero\": 0,"
  "  \"two\": 2,"
  "  \"one_double\": 1.0,"
  "  \"true_string\": \"true\","
  "  \"false_string\": \"false\","
  "  \"null\": null,"
  "  \"object\": { \"inner\": 1 },"
  "  \"array\": [ { \"a\": 1 }, 2, null, \"x\", [] ]"
  "}";

static JsonObject *
load_sample (JsonNode **out_node)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = hearth_json_parse (sample, -1, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  *out_node = node;
  return json_node_get_object (node);
}

static void
test_parse_good (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) object = NULL;
  g_autoptr(JsonNode) array = NULL;
  g_autoptr(JsonNode) sized = NULL;
  const char with_trailing_garbage[] = "{\"a\":1}GARBAGE";

  object = hearth_json_parse ("{\"a\": [1, 2, {\"b\": \"c\"}]}", -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (object));
  g_assert_cmpint (hearth_json_get_int (json_node_get_object (object), "x", -1), ==, -1);

  array = hearth_json_parse ("  [1, 2, 3]\n", -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (array));
  g_assert_cmpuint (json_array_get_length (json_node_get_array (array)), ==, 3);

  /* An explicit length stops before whatever follows */
  sized = hearth_json_parse (with_trailing_garbage, 7, &error);
  g_assert_no_error (error);
  g_assert_cmpint (hearth_json_get_int (json_node_get_object (sized), "a", 0), ==, 1);
}

static void
assert_bad_payload (const char *data,
                    gssize      length)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = hearth_json_parse (data, length, &error);

  g_assert_null (node);
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD);
  g_assert_nonnull (error->message);
  g_assert_cmpstr (error->message, !=, "");
}

static void
test_parse_bad (void)
{
  g_autofree char *deep = NULL;
  g_autofree char *deep_ok = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  const char binary[] = { '{', '"', 'a', '"', ':', '\xff', '\xfe', '}', '\0', 'x' };
  const char embedded_nul[] = "{\"a\":1}\0{\"b\":2}";
  gsize n = 200000;

  assert_bad_payload (NULL, -1);
  assert_bad_payload (NULL, 10);
  assert_bad_payload ("", -1);
  assert_bad_payload ("   \n", -1);
  assert_bad_payload ("not json", -1);
  assert_bad_payload ("{\"a\":", -1);
  assert_bad_payload ("{\"a\":1} trailing", -1);
  assert_bad_payload ("<html><body>404</body></html>", -1);
  assert_bad_payload (binary, sizeof binary);
  assert_bad_payload (embedded_nul, sizeof embedded_nul - 1);

  /* Valid JSON, but not an object or an array */
  assert_bad_payload ("\"a string\"", -1);
  assert_bad_payload ("42", -1);
  assert_bad_payload ("4.5", -1);
  assert_bad_payload ("true", -1);
  assert_bad_payload ("null", -1);

  /* Deep nesting would overflow json-glib's recursive parser */
  deep = g_malloc (n + 1);
  memset (deep, '[', n);
  deep[n] = '\0';
  assert_bad_payload (deep, -1);
  memset (deep, '{', n);
  assert_bad_payload (deep, -1);

  /* Brackets inside strings do not count as nesting, and sane depth parses */
  deep_ok = g_strdup_printf ("{\"s\": \"%s\", \"a\": [[[[[[[[[[1]]]]]]]]]]}", "[[[[[[[[[[[[[[[[\\\"[[[[");
  node = hearth_json_parse (deep_ok, -1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);
}

/* json-glib 1.6 also reads comments and single-quoted strings, so a
 * bracket counter that knows only double quotes sees nothing of these;
 * its recursive parser then overflowed the stack (issue 8). */
static char *
crafted (const char *prefix,
         gsize       n_brackets,
         gsize      *out_length)
{
  gsize prefix_length = strlen (prefix);
  char *text = g_malloc (prefix_length + n_brackets + 1);

  memcpy (text, prefix, prefix_length);
  memset (text + prefix_length, '[', n_brackets);
  text[prefix_length + n_brackets] = '\0';
  *out_length = prefix_length + n_brackets;
  return text;
}

static void
test_parse_crafted (void)
{
  const char *prefixes[] = { "/* \" */", "['\"',", "// \"\n", "{'\"': ", "[/* \" */" };

  for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
    {
      gsize length;
      g_autofree char *text = crafted (prefixes[i], 1000000, &length);
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = hearth_json_parse (text, length, &error);
      g_autofree char *escaped = NULL;

      g_assert_null (node);
      g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD);
      escaped = g_strescape (prefixes[i], NULL);
      g_test_message ("%s...: %s", escaped, error->message);
    }
}

/* Each is accepted by json-glib 1.6 or is not RFC 8259 JSON */
static void
test_parse_strict (void)
{
  const char *bad[] = {
    /* comments */
    "{\"a\": 1 /* one */}",
    "/* x */ {\"a\": 1}",
    "// x\n{\"a\": 1}",
    "{\"a\": 1} # x",
    /* single quotes, bare words */
    "{'a': 1}",
    "{\"a\": 'x'}",
    "['x']",
    "{a: 1}",
    "[undefined]",
    /* trailing or missing commas */
    "[1,]",
    "{\"a\": 1,}",
    "[1,,2]",
    "[,1]",
    "[1 2]",
    "{\"a\": 1 \"b\": 2}",
    /* numbers */
    "[NaN]",
    "[Infinity]",
    "[-Infinity]",
    "[01]",
    "[-01]",
    "[00]",
    "[1.]",
    "[.5]",
    "[+1]",
    "[1e]",
    "[1e+]",
    "[-]",
    "[0x10]",
    "[1_000]",
    /* literals */
    "[tru]",
    "[True]",
    "[nul]",
    "[falsey]",
    /* escapes */
    "[\"\\x41\"]",
    "[\"\\a\"]",
    "[\"\\'\"]",
    "[\"\\u12\"]",
    "[\"\\u12G4\"]",
    "[\"\\ud800\"]",
    "[\"\\ud800x\"]",
    "[\"\\ud800\\u0041\"]",
    "[\"\\ud800\\ud800\"]",
    "[\"\\udc00\"]",
    "[\"\\udc00\\ud800\"]",
    "[\"\\",
    /* raw control characters in strings */
    "[\"a\tb\"]",
    "[\"a\nb\"]",
    "[\"a\x01\"]",
    "[\"a\x1f\"]",
    /* invalid UTF-8: truncated, overlong, surrogate, beyond U+10FFFF, stray */
    "[\"\xc3\"]",
    "[\"\xc3\x28\"]",
    "[\"\xc0\xaf\"]",
    "[\"\xe0\x80\xaf\"]",
    "[\"\xed\xa0\x80\"]",
    "[\"\xf4\x90\x80\x80\"]",
    "[\"\x80\"]",
    "[\"\xff\"]",
    /* one value, then only whitespace */
    "[1] [2]",
    "{\"a\": 1}}",
    "[1]]",
    "]",
    "}",
    "{\"a\": 1} x",
    "\xef\xbb\xbf{}",
    "\f{}",
    "\v[]",
    /* structure */
    "{\"a\" 1}",
    "{\"a\":}",
    "{1: 2}",
    "{\"a\"}",
    "{\"a\": 1:2}",
    "[1:2]",
    "{[1]: 2}",
    "[",
    "{",
    "[\"a\"",
    "{\"a\": [1}",
    "[1}",
    "{\"a\": 1]",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = hearth_json_parse (bad[i], -1, &error);
      g_autofree char *escaped = NULL;

      if (node != NULL)
        g_error ("accepted, but not RFC 8259 JSON: %s", bad[i]);
      g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD);
      escaped = g_strescape (bad[i], NULL);
      g_test_message ("%s: %s", escaped, error->message);
    }
}

/* Embedded NUL bytes: only with an explicit length */
static void
test_parse_strict_nul (void)
{
  const char in_string[] = "[\"a\0b\"]";
  const char after[] = "[1]\0";
  const char escaped[] = "[\"a\\u0000b\"]";
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  node = hearth_json_parse (in_string, sizeof in_string - 1, &error);
  g_assert_null (node);
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD);
  g_clear_error (&error);

  node = hearth_json_parse (after, sizeof after - 1, &error);
  g_assert_null (node);
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD);
  g_clear_error (&error);

  /* Escaped, it is JSON */
  node = hearth_json_parse (escaped, -1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);
}

static char *
nested (guint depth)
{
  GString *text = g_string_new ("{\"a\": ");

  for (guint i = 1; i < depth; i++)
    g_string_append (text, i % 2 ? "[" : "{\"b\": ");
  g_string_append (text, "1");
  for (guint i = depth - 1; i >= 1; i--)
    g_string_append (text, i % 2 ? "]" : "}");
  g_string_append (text, "}");
  return g_string_free (text, FALSE);
}

static void
test_parse_strict_good (void)
{
  const char *good[] = {
    "{}",
    "[]",
    " \t\r\n{ \t\r\n\"\" \t\r\n: \t\r\n[ \t\r\n] \t\r\n} \t\r\n",
    "[0, -0, 1, -1, 0.5, -0.0, 1e5, 1E5, 1e+5, 1e-5, 1.5E-300, 1e308, 10]",
    "[123456789012345678901234567890, -9223372036854775808, 9223372036854775807]",
    "[1e400, -1e400, 1e-400]",
    "[\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t\"]",
    "[\"\\u0041\\u00e9\\u20AC\\ud83d\\ude00\\uDBFF\\uDFFF\\uffff\"]",
    "[\"é € 😀 \xf4\x8f\xbf\xbf\x7f\"]",
    "[true, false, null, [null], {\"a\": {}}]",
    "{\"a\": 1, \"a\": 2}",
  };
  g_autofree char *deepest = nested (HEARTH_JSON_MAX_DEPTH);
  g_autofree char *too_deep = nested (HEARTH_JSON_MAX_DEPTH + 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) deep_node = NULL;
  JsonArray *array;

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) good_error = NULL;
      g_autoptr(JsonNode) good_node = hearth_json_parse (good[i], -1, &good_error);

      if (good_node == NULL)
        g_error ("refused, but RFC 8259 JSON: %s (%s)", good[i], good_error->message);
    }

  /* The escapes decode to what they say */
  node = hearth_json_parse ("[\"\\u00e9\\ud83d\\ude00\", 1.5e3]", -1, &error);
  g_assert_no_error (error);
  array = json_node_get_array (node);
  g_assert_cmpstr (json_array_get_string_element (array, 0), ==, "é😀");
  g_assert_cmpfloat (json_array_get_double_element (array, 1), ==, 1500.0);

  /* As deep as allowed, and one more */
  deep_node = hearth_json_parse (deepest, -1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (deep_node);
  g_assert_null (hearth_json_parse (too_deep, -1, &error));
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD);
  g_assert_nonnull (strstr (error->message, "256 levels"));
}

static void
test_parse_size_limit (void)
{
  gsize length = HEARTH_JSON_MAX_SIZE + 1;
  g_autofree char *text = g_malloc (length);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  /* Valid JSON, one byte too long */
  memset (text, ' ', length);
  text[0] = '[';
  text[length - 1] = ']';
  g_assert_null (hearth_json_parse (text, length, &error));
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD);
  g_assert_nonnull (strstr (error->message, "larger than"));
  g_clear_error (&error);

  /* At the limit, it parses */
  text[length - 2] = ']';
  node = hearth_json_parse (text, length - 1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);
}

/* A device's reply is "the answer"; a file is "it", named by the caller
 * (the store: "Could not read PATH (it is not valid JSON ...)") */
static void
test_parse_what (void)
{
  const char *texts[] = { "", "{ not json", "/* */ {}", "\xff", "42", "[[[[", };
  g_autofree char *deep = g_strnfill (HEARTH_JSON_MAX_DEPTH + 1, '[');

  for (guint i = 0; i <= G_N_ELEMENTS (texts); i++)
    {
      const char *text = i < G_N_ELEMENTS (texts) ? texts[i] : deep;
      g_autoptr(GError) answer_error = NULL;
      g_autoptr(GError) file_error = NULL;
      g_autoptr(JsonNode) answer = hearth_json_parse (text, -1, &answer_error);
      g_autoptr(JsonNode) file = hearth_json_parse_as (text, -1, "it", &file_error);

      g_assert_null (answer);
      g_assert_null (file);
      g_assert_error (answer_error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD);
      g_assert_error (file_error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD);
      g_assert_true (g_str_has_prefix (answer_error->message, "The answer is "));
      g_assert_true (g_str_has_prefix (file_error->message, "it is "));
      /* The same reason */
      g_assert_cmpstr (answer_error->message + strlen ("The answer"), ==, file_error->message + strlen ("it"));
    }
}

static void
test_get_object_array (void)
{
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object = load_sample (&node);
  JsonObject *inner;
  JsonArray *array;

  inner = hearth_json_get_object (object, "object");
  g_assert_nonnull (inner);
  g_assert_cmpint (hearth_json_get_int (inner, "inner", 0), ==, 1);

  array = hearth_json_get_array (object, "array");
  g_assert_nonnull (array);
  g_assert_cmpuint (json_array_get_length (array), ==, 5);

  /* Wrong types, missing members, null members, NULL arguments */
  g_assert_null (hearth_json_get_object (object, "array"));
  g_assert_null (hearth_json_get_object (object, "name"));
  g_assert_null (hearth_json_get_object (object, "null"));
  g_assert_null (hearth_json_get_object (object, "missing"));
  g_assert_null (hearth_json_get_object (object, NULL));
  g_assert_null (hearth_json_get_object (NULL, "object"));
  g_assert_null (hearth_json_get_array (object, "object"));
  g_assert_null (hearth_json_get_array (object, "int"));
  g_assert_null (hearth_json_get_array (object, "null"));
  g_assert_null (hearth_json_get_array (object, "missing"));
  g_assert_null (hearth_json_get_array (NULL, "array"));
  g_assert_null (hearth_json_get_array (object, NULL));
}

static void
test_get_string (void)
{
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object = load_sample (&node);

  g_assert_cmpstr (hearth_json_get_string (object, "name", "x"), ==, "Kitchen");
  g_assert_cmpstr (hearth_json_get_string (object, "empty", "x"), ==, "");
  g_assert_cmpstr (hearth_json_get_string (object, "int_string", NULL), ==, "42");

  g_assert_cmpstr (hearth_json_get_string (object, "int", "fallback"), ==, "fallback");
  g_assert_cmpstr (hearth_json_get_string (object, "true", "fallback"), ==, "fallback");
  g_assert_cmpstr (hearth_json_get_string (object, "null", "fallback"), ==, "fallback");
  g_assert_cmpstr (hearth_json_get_string (object, "object", "fallback"), ==, "fallback");
  g_assert_cmpstr (hearth_json_get_string (object, "array", "fallback"), ==, "fallback");

  /* Text: present and not empty */
  g_assert_cmpstr (hearth_json_get_text (object, "name"), ==, "Kitchen");
  g_assert_null (hearth_json_get_text (object, "empty"));
  g_assert_null (hearth_json_get_text (object, "int"));
  g_assert_null (hearth_json_get_text (object, "missing"));
  g_assert_null (hearth_json_get_text (NULL, "name"));
  g_assert_cmpstr (hearth_json_get_string (object, "missing", "fallback"), ==, "fallback");
  g_assert_null (hearth_json_get_string (object, "missing", NULL));
  g_assert_cmpstr (hearth_json_get_string (NULL, "name", "fallback"), ==, "fallback");
  g_assert_cmpstr (hearth_json_get_string (object, NULL, "fallback"), ==, "fallback");
}

static void
test_get_int (void)
{
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object = load_sample (&node);

  g_assert_cmpint (hearth_json_get_int (object, "int", -1), ==, 42);
  g_assert_cmpint (hearth_json_get_int (object, "negative", -1), ==, -7);
  g_assert_cmpint (hearth_json_get_int (object, "big", -1), ==, G_GINT64_CONSTANT (9007199254740993));
  g_assert_cmpint (hearth_json_get_int (object, "zero", -1), ==, 0);
  /* Whole doubles and numbers as strings are accepted */
  g_assert_cmpint (hearth_json_get_int (object, "whole_double", -1), ==, 75);
  g_assert_cmpint (hearth_json_get_int (object, "int_string", -1), ==, 42);
  g_assert_cmpint (hearth_json_get_int (object, "whole_double_string", -1), ==, 12);

  /* Anything else is the fallback */
  g_assert_cmpint (hearth_json_get_int (object, "fraction", -1), ==, -1);
  g_assert_cmpint (hearth_json_get_int (object, "huge_double", -1), ==, -1);
  g_assert_cmpint (hearth_json_get_int (object, "double_string", -1), ==, -1);
  g_assert_cmpint (hearth_json_get_int (object, "bad_number_string", -1), ==, -1);
  g_assert_cmpint (hearth_json_get_int (object, "spaced_number_string", -1), ==, -1);
  g_assert_cmpint (hearth_json_get_int (object, "name", -1), ==, -1);
  g_assert_cmpint (hearth_json_get_int (object, "empty", -1), ==, -1);
  g_assert_cmpint (hearth_json_get_int (object, "true", -1), ==, -1);
  g_assert_cmpint (hearth_json_get_int (object, "null", -1), ==, -1);
  g_assert_cmpint (hearth_json_get_int (object, "object", -1), ==, -1);
  g_assert_cmpint (hearth_json_get_int (object, "array", -1), ==, -1);
  g_assert_cmpint (hearth_json_get_int (object, "missing", -1), ==, -1);
  g_assert_cmpint (hearth_json_get_int (NULL, "int", -1), ==, -1);
  g_assert_cmpint (hearth_json_get_int (object, NULL, -1), ==, -1);
}

static void
test_get_int_limits (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object;

  node = hearth_json_parse ("{\"max\": 9223372036854775807, \"min\": -9223372036854775808,"
                            " \"over\": 9223372036854775808.0, \"under\": -9.3e18,"
                            " \"edge\": -9223372036854775808.0, \"nan\": \"nan\", \"inf\": \"inf\","
                            " \"over_string\": \"99999999999999999999\"}",
                            -1, &error);
  g_assert_no_error (error);
  object = json_node_get_object (node);

  g_assert_cmpint (hearth_json_get_int (object, "max", 0), ==, G_MAXINT64);
  g_assert_cmpint (hearth_json_get_int (object, "min", 0), ==, G_MININT64);
  g_assert_cmpint (hearth_json_get_int (object, "over", 5), ==, 5);
  g_assert_cmpint (hearth_json_get_int (object, "under", 5), ==, 5);
  g_assert_cmpint (hearth_json_get_int (object, "edge", 5), ==, G_MININT64);
  g_assert_cmpint (hearth_json_get_int (object, "nan", 5), ==, 5);
  g_assert_cmpint (hearth_json_get_int (object, "inf", 5), ==, 5);
  g_assert_cmpint (hearth_json_get_int (object, "over_string", 5), ==, 5);
  g_assert_cmpfloat (hearth_json_get_double (object, "nan", 1.5), ==, 1.5);
  g_assert_cmpfloat (hearth_json_get_double (object, "inf", 1.5), ==, 1.5);
}

static void
test_get_double (void)
{
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object = load_sample (&node);

  g_assert_cmpfloat (hearth_json_get_double (object, "fraction", -1), ==, 75.5);
  g_assert_cmpfloat (hearth_json_get_double (object, "whole_double", -1), ==, 75.0);
  g_assert_cmpfloat (hearth_json_get_double (object, "int", -1), ==, 42.0);
  g_assert_cmpfloat (hearth_json_get_double (object, "huge_double", -1), ==, 1e300);
  g_assert_cmpfloat (hearth_json_get_double (object, "double_string", -1), ==, 21.5);
  g_assert_cmpfloat (hearth_json_get_double (object, "int_string", -1), ==, 42.0);

  g_assert_cmpfloat (hearth_json_get_double (object, "bad_number_string", -1), ==, -1);
  g_assert_cmpfloat (hearth_json_get_double (object, "spaced_number_string", -1), ==, -1);
  g_assert_cmpfloat (hearth_json_get_double (object, "empty", -1), ==, -1);
  g_assert_cmpfloat (hearth_json_get_double (object, "name", -1), ==, -1);
  g_assert_cmpfloat (hearth_json_get_double (object, "true", -1), ==, -1);
  g_assert_cmpfloat (hearth_json_get_double (object, "null", -1), ==, -1);
  g_assert_cmpfloat (hearth_json_get_double (object, "object", -1), ==, -1);
  g_assert_cmpfloat (hearth_json_get_double (object, "array", -1), ==, -1);
  g_assert_cmpfloat (hearth_json_get_double (object, "missing", -1), ==, -1);
  g_assert_cmpfloat (hearth_json_get_double (NULL, "fraction", -1), ==, -1);
  g_assert_true (isnan (hearth_json_get_double (object, "missing", NAN)));
}

static void
test_get_bool (void)
{
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object = load_sample (&node);

  g_assert_true (hearth_json_get_bool (object, "true", FALSE));
  g_assert_false (hearth_json_get_bool (object, "false", TRUE));
  /* Elgato sends 0/1 */
  g_assert_true (hearth_json_get_bool (object, "one", FALSE));
  g_assert_false (hearth_json_get_bool (object, "zero", TRUE));
  g_assert_true (hearth_json_get_bool (object, "one_double", FALSE));
  g_assert_true (hearth_json_get_bool (object, "true_string", FALSE));
  g_assert_false (hearth_json_get_bool (object, "false_string", TRUE));

  /* Other numbers and types are the fallback, both ways */
  g_assert_true (hearth_json_get_bool (object, "two", TRUE));
  g_assert_false (hearth_json_get_bool (object, "two", FALSE));
  g_assert_true (hearth_json_get_bool (object, "fraction", TRUE));
  g_assert_false (hearth_json_get_bool (object, "name", FALSE));
  g_assert_true (hearth_json_get_bool (object, "name", TRUE));
  g_assert_true (hearth_json_get_bool (object, "null", TRUE));
  g_assert_false (hearth_json_get_bool (object, "object", FALSE));
  g_assert_true (hearth_json_get_bool (object, "array", TRUE));
  g_assert_true (hearth_json_get_bool (object, "missing", TRUE));
  g_assert_false (hearth_json_get_bool (object, "missing", FALSE));
  g_assert_true (hearth_json_get_bool (NULL, "true", TRUE));
  g_assert_false (hearth_json_get_bool (object, NULL, FALSE));
}

static void
test_has (void)
{
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object = load_sample (&node);

  g_assert_true (hearth_json_has (object, "object", JSON_NODE_OBJECT));
  g_assert_true (hearth_json_has (object, "array", JSON_NODE_ARRAY));
  g_assert_true (hearth_json_has (object, "int", JSON_NODE_VALUE));
  g_assert_true (hearth_json_has (object, "name", JSON_NODE_VALUE));
  g_assert_true (hearth_json_has (object, "null", JSON_NODE_NULL));

  g_assert_false (hearth_json_has (object, "null", JSON_NODE_VALUE));
  g_assert_false (hearth_json_has (object, "object", JSON_NODE_ARRAY));
  g_assert_false (hearth_json_has (object, "int", JSON_NODE_OBJECT));
  g_assert_false (hearth_json_has (object, "missing", JSON_NODE_VALUE));
  g_assert_false (hearth_json_has (object, "missing", JSON_NODE_NULL));
  g_assert_false (hearth_json_has (NULL, "object", JSON_NODE_OBJECT));
  g_assert_false (hearth_json_has (object, NULL, JSON_NODE_OBJECT));
}

static void
test_array_get_object (void)
{
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object = load_sample (&node);
  JsonArray *array = hearth_json_get_array (object, "array");
  JsonObject *first;

  first = hearth_json_array_get_object (array, 0);
  g_assert_nonnull (first);
  g_assert_cmpint (hearth_json_get_int (first, "a", 0), ==, 1);

  g_assert_null (hearth_json_array_get_object (array, 1));   /* a number */
  g_assert_null (hearth_json_array_get_object (array, 2));   /* null */
  g_assert_null (hearth_json_array_get_object (array, 3));   /* a string */
  g_assert_null (hearth_json_array_get_object (array, 4));   /* an array */
  g_assert_null (hearth_json_array_get_object (array, 5));   /* past the end */
  g_assert_null (hearth_json_array_get_object (array, G_MAXUINT));
  g_assert_null (hearth_json_array_get_object (NULL, 0));
}

static void
test_to_string (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autoptr(JsonNode) value = json_node_new (JSON_NODE_VALUE);
  g_autoptr(JsonNode) null = json_node_new (JSON_NODE_NULL);
  g_autofree char *text = NULL;
  g_autofree char *text_again = NULL;
  g_autofree char *value_text = NULL;
  g_autofree char *null_text = NULL;
  g_autofree char *nothing_text = NULL;

  node = hearth_json_parse ("{\"on\": true, \"bri\": 128, \"name\": \"a \\\"b\\\"\"}", -1, &error);
  g_assert_no_error (error);

  text = hearth_json_to_string (node);
  g_assert_nonnull (strstr (text, "\"on\":true"));
  g_assert_nonnull (strstr (text, "\"bri\":128"));
  g_assert_null (strchr (text, '\n'));

  /* It round-trips */
  again = hearth_json_parse (text, -1, &error);
  g_assert_no_error (error);
  text_again = hearth_json_to_string (again);
  g_assert_cmpstr (text, ==, text_again);
  g_assert_cmpstr (hearth_json_get_string (json_node_get_object (again), "name", NULL), ==, "a \"b\"");

  json_node_set_int (value, 5);
  value_text = hearth_json_to_string (value);
  g_assert_cmpstr (value_text, ==, "5");
  null_text = hearth_json_to_string (null);
  g_assert_cmpstr (null_text, ==, "null");
  nothing_text = hearth_json_to_string (NULL);
  g_assert_cmpstr (nothing_text, ==, "null");
}

/* json-glib 1.6 writes 1e22 as "1e+22.0" and infinity as "inf.0": what
 * Hearth writes (the store, request bodies) must read again (found by
 * tests/fuzz/fuzz-json: crashes/json/double-exponent) */
static void
test_to_string_doubles (void)
{
  const double values[] = { 1e22, -1e300, 1.7976931348623157e308, 5e-324, 1e-7, 0.1, 1.5,
                            2.0, -0.0, 123456789012345678.0, 1e16, 1e17 };
  g_autoptr(JsonArray) array = json_array_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);
  g_autoptr(JsonNode) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *pretty = NULL;
  JsonArray *read;
  gsize length = 0;

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    json_array_add_double_element (array, values[i]);
  json_array_add_double_element (array, INFINITY);
  json_array_add_double_element (array, -INFINITY);
  json_array_add_double_element (array, NAN);
  json_array_add_string_element (array, "1e+22.0 inf.0 \"nan\"");
  json_node_set_array (node, array);

  text = hearth_json_to_string (node);
  g_test_message ("%s", text);
  again = hearth_json_parse (text, -1, &error);
  g_assert_no_error (error);
  read = json_node_get_array (again);
  g_assert_cmpuint (json_array_get_length (read), ==, G_N_ELEMENTS (values) + 4);
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    g_assert_cmpfloat (json_array_get_double_element (read, i), ==, values[i]);
  for (guint i = G_N_ELEMENTS (values); i < G_N_ELEMENTS (values) + 3; i++)
    g_assert_true (json_array_get_null_element (read, i));
  g_assert_cmpstr (json_array_get_string_element (read, G_N_ELEMENTS (values) + 3), ==,
                   "1e+22.0 inf.0 \"nan\"");

  /* Pretty, and with its length */
  g_clear_pointer (&again, json_node_unref);
  pretty = hearth_json_to_data (node, TRUE, &length);
  g_assert_cmpuint (length, ==, strlen (pretty));
  g_assert_nonnull (strchr (pretty, '\n'));
  again = hearth_json_parse (pretty, length, &error);
  g_assert_no_error (error);
}

/* Every helper on every member of every fixture, and on every member type:
 * whatever the combination, no CRITICAL (the test runs with fatal ones). */
static void
poke_object (JsonObject *object,
             guint       depth)
{
  g_autoptr(GList) members = NULL;

  if (object == NULL || depth > 32)
    return;

  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *member = l->data;
      JsonArray *array;

      (void) hearth_json_get_string (object, member, NULL);
      (void) hearth_json_get_int (object, member, 0);
      (void) hearth_json_get_double (object, member, 0);
      (void) hearth_json_get_bool (object, member, FALSE);
      (void) hearth_json_has (object, member, JSON_NODE_VALUE);
      poke_object (hearth_json_get_object (object, member), depth + 1);

      array = hearth_json_get_array (object, member);
      if (array != NULL)
        {
          guint length = json_array_get_length (array);

          for (guint i = 0; i <= length; i++)
            poke_object (hearth_json_array_get_object (array, i), depth + 1);
        }
    }
}

static void
test_fixtures (void)
{
  const char *fixtures = g_getenv ("HEARTH_FIXTURES");
  const char *families[] = { "shelly-rpc", "shelly-gen1", "wled", "elgato", "hue-v1", "hue-v2" };
  guint n_files = 0;

  if (fixtures == NULL)
    {
      g_test_skip ("HEARTH_FIXTURES is not set (run through meson test)");
      return;
    }

  for (guint f = 0; f < G_N_ELEMENTS (families); f++)
    {
      g_autofree char *folder = g_build_filename (fixtures, families[f], NULL);
      g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
      const char *name;

      if (dir == NULL)
        continue;

      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_build_filename (folder, name, NULL);
          g_autofree char *contents = NULL;
          g_autoptr(GError) error = NULL;
          g_autoptr(JsonNode) node = NULL;
          gsize length = 0;

          if (!g_str_has_suffix (name, ".json"))
            continue;

          g_file_get_contents (path, &contents, &length, &error);
          g_assert_no_error (error);

          node = hearth_json_parse (contents, length, &error);
          g_assert_no_error (error);
          g_assert_nonnull (node);

          if (JSON_NODE_HOLDS_OBJECT (node))
            poke_object (json_node_get_object (node), 0);
          n_files++;

          /* Truncated anywhere, it is an error, never a crash */
          for (gsize cut = 0; cut < length; cut += MAX (1, length / 50))
            {
              g_autoptr(GError) cut_error = NULL;
              g_autoptr(JsonNode) cut_node = hearth_json_parse (contents, cut, &cut_error);

              if (cut_node == NULL)
                g_assert_error (cut_error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD);
            }
        }
    }

  g_assert_cmpuint (n_files, >, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/json/parse/good", test_parse_good);
  g_test_add_func ("/json/parse/bad", test_parse_bad);
  g_test_add_func ("/json/parse/crafted", test_parse_crafted);
  g_test_add_func ("/json/parse/strict", test_parse_strict);
  g_test_add_func ("/json/parse/strict-nul", test_parse_strict_nul);
  g_test_add_func ("/json/parse/strict-good", test_parse_strict_good);
  g_test_add_func ("/json/parse/size-limit", test_parse_size_limit);
  g_test_add_func ("/json/parse/what", test_parse_what);
  g_test_add_func ("/json/get-object-array", test_get_object_array);
  g_test_add_func ("/json/get-string", test_get_string);
  g_test_add_func ("/json/get-int", test_get_int);
  g_test_add_func ("/json/get-int-limits", test_get_int_limits);
  g_test_add_func ("/json/get-double", test_get_double);
  g_test_add_func ("/json/get-bool", test_get_bool);
  g_test_add_func ("/json/has", test_has);
  g_test_add_func ("/json/array-get-object", test_array_get_object);
  g_test_add_func ("/json/to-string", test_to_string);
  g_test_add_func ("/json/to-string-doubles", test_to_string_doubles);
  g_test_add_func ("/json/fixtures", test_fixtures);

  return g_test_run ();
}
