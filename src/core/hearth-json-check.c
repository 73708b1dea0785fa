/* hearth-json-check.c: RFC 8259 JSON, checked without recursion
 *
 * json-glib 1.6 is lenient (single-quoted strings, comments, ...) and its
 * parser recurses once per nesting level. Everything that reaches it has
 * passed this check first: strict JSON only, bounded in size and depth,
 * walked with an explicit stack so no input can exhaust the C stack.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "hearth-error.h"
#include "hearth-json-check.h"

typedef struct
{
  const char *data;
  gsize       length;
  gsize       pos;
  const char *problem;  /* static text: what is wrong at pos */
} Reader;

static inline gboolean
at_end (Reader *r)
{
  return r->pos >= r->length;
}

static inline guchar
peek (Reader *r)
{
  return at_end (r) ? '\0' : (guchar) r->data[r->pos];
}

static void
skip_whitespace (Reader *r)
{
  while (!at_end (r))
    {
      switch (r->data[r->pos])
        {
        case ' ':
        case '\t':
        case '\n':
        case '\r':
          r->pos++;
          break;
        default:
          return;
        }
    }
}

static gboolean
fail (Reader     *r,
      const char *problem)
{
  r->problem = problem;
  return FALSE;
}

static gboolean
read_hex4 (Reader  *r,
           guint   *out)
{
  guint value = 0;

  if (r->length - r->pos < 4)
    return fail (r, "a \\u escape needs four hexadecimal digits");

  for (guint i = 0; i < 4; i++)
    {
      int digit = g_ascii_xdigit_value (r->data[r->pos]);

      if (digit < 0)
        return fail (r, "a \\u escape needs four hexadecimal digits");
      value = value * 16 + (guint) digit;
      r->pos++;
    }

  *out = value;
  return TRUE;
}

/* At the opening quote; leaves pos after the closing one. Bytes above
 * 0x7f were validated as UTF-8 for the whole text beforehand. */
static gboolean
read_string (Reader *r)
{
  if (peek (r) != '"')
    return fail (r, "a string (in double quotes) was expected");
  r->pos++;

  for (;;)
    {
      guchar c;

      if (at_end (r))
        return fail (r, "a string is not closed");

      c = (guchar) r->data[r->pos];
      if (c == '"')
        {
          r->pos++;
          return TRUE;
        }
      if (c < 0x20)
        return fail (r, "a control character is not escaped in a string");
      if (c != '\\')
        {
          r->pos++;
          continue;
        }

      r->pos++;
      switch (peek (r))
        {
        case '"':
        case '\\':
        case '/':
        case 'b':
        case 'f':
        case 'n':
        case 'r':
        case 't':
          r->pos++;
          break;
        case 'u':
          {
            guint unit;
            guint low;

            r->pos++;
            if (!read_hex4 (r, &unit))
              return FALSE;
            if (unit >= 0xdc00 && unit <= 0xdfff)
              return fail (r, "a \\u escape is a low surrogate without a high one");
            if (unit >= 0xd800 && unit <= 0xdbff)
              {
                if (r->length - r->pos < 2 || r->data[r->pos] != '\\' || r->data[r->pos + 1] != 'u')
                  return fail (r, "a \\u escape is a high surrogate without a low one");
                r->pos += 2;
                if (!read_hex4 (r, &low))
                  return FALSE;
                if (low < 0xdc00 || low > 0xdfff)
                  return fail (r, "a \\u escape is a high surrogate without a low one");
              }
          }
          break;
        default:
          return fail (r, "a string holds an invalid escape");
        }
    }
}

static gboolean
read_digits (Reader *r)
{
  gsize start = r->pos;

  while (!at_end (r) && g_ascii_isdigit (r->data[r->pos]))
    r->pos++;

  return r->pos > start;
}

/* -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
static gboolean
read_number (Reader *r)
{
  if (peek (r) == '-')
    r->pos++;

  if (peek (r) == '0')
    {
      r->pos++;
      if (g_ascii_isdigit (peek (r)))
        return fail (r, "a number has a leading zero");
    }
  else if (!read_digits (r))
    return fail (r, "a number needs a digit");

  if (peek (r) == '.')
    {
      r->pos++;
      if (!read_digits (r))
        return fail (r, "a number needs a digit after its decimal point");
    }

  if (peek (r) == 'e' || peek (r) == 'E')
    {
      r->pos++;
      if (peek (r) == '+' || peek (r) == '-')
        r->pos++;
      if (!read_digits (r))
        return fail (r, "a number needs a digit in its exponent");
    }

  return TRUE;
}

static gboolean
read_literal (Reader     *r,
              const char *word)
{
  gsize n = strlen (word);

  if (r->length - r->pos < n || memcmp (r->data + r->pos, word, n) != 0)
    return fail (r, "a value was expected");

  r->pos += n;
  return TRUE;
}

/* At the start of a member: "key" : */
static gboolean
read_key (Reader *r)
{
  if (peek (r) != '"')
    return fail (r, "a member name (in double quotes) was expected");
  if (!read_string (r))
    return FALSE;
  skip_whitespace (r);
  if (peek (r) != ':')
    return fail (r, "a ':' was expected after a member name");
  r->pos++;
  skip_whitespace (r);
  return TRUE;
}

gboolean
hearth_json_check (const char  *data,
                   gsize        length,
                   GError     **error)
{
  return hearth_json_check_as (data, length, "The answer", error);
}

gboolean
hearth_json_check_as (const char  *data,
                      gsize        length,
                      const char  *what,
                      GError     **error)
{
  Reader r = { data, length, 0, NULL };
  char stack[HEARTH_JSON_MAX_DEPTH];
  guint depth = 0;
  const char *invalid = NULL;

  if (length > HEARTH_JSON_MAX_SIZE)
    {
      g_autofree char *size = g_format_size_full (HEARTH_JSON_MAX_SIZE, G_FORMAT_SIZE_IEC_UNITS);

      g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD,
                   "%s is larger than %s", what, size);
      return FALSE;
    }

  /* Also rejects NUL bytes, which JSON allows nowhere unescaped */
  if (length > 0 && !g_utf8_validate_len (data, length, &invalid))
    {
      g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD,
                   "%s is not valid JSON (not UTF-8 at byte %" G_GSIZE_FORMAT ")",
                   what, (gsize) (invalid - data));
      return FALSE;
    }

  skip_whitespace (&r);

  for (;;)
    {
      gboolean ok = TRUE;

      /* A value */
      switch (peek (&r))
        {
        case '{':
        case '[':
          if (depth >= HEARTH_JSON_MAX_DEPTH)
            {
              g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD,
                           "%s is nested more than %d levels deep",
                           what, HEARTH_JSON_MAX_DEPTH);
              return FALSE;
            }
          stack[depth++] = r.data[r.pos];
          r.pos++;
          skip_whitespace (&r);
          if (peek (&r) == (stack[depth - 1] == '{' ? '}' : ']'))
            {
              r.pos++;
              depth--;
            }
          else if (stack[depth - 1] == '{')
            {
              ok = read_key (&r);
              if (ok)
                continue;
            }
          else
            continue;
          break;
        case '"':
          ok = read_string (&r);
          break;
        case '-':
        case '0': case '1': case '2': case '3': case '4':
        case '5': case '6': case '7': case '8': case '9':
          ok = read_number (&r);
          break;
        case 't':
          ok = read_literal (&r, "true");
          break;
        case 'f':
          ok = read_literal (&r, "false");
          break;
        case 'n':
          ok = read_literal (&r, "null");
          break;
        default:
          ok = fail (&r, at_end (&r) ? "the text ends where a value was expected"
                                     : "a value was expected");
          break;
        }

      /* What may follow a value: closing brackets, a comma, the end */
      while (ok)
        {
          char close;

          skip_whitespace (&r);
          if (depth == 0)
            {
              if (!at_end (&r))
                ok = fail (&r, "something follows the value");
              else
                return TRUE;
              break;
            }

          close = stack[depth - 1] == '{' ? '}' : ']';
          if (peek (&r) == close)
            {
              r.pos++;
              depth--;
              continue;
            }
          if (peek (&r) != ',')
            {
              ok = fail (&r, at_end (&r) ? "the text ends inside an object or array"
                                         : "a ',' or a closing bracket was expected");
              break;
            }
          r.pos++;
          skip_whitespace (&r);
          if (stack[depth - 1] == '{')
            ok = read_key (&r);
          break;
        }

      if (!ok)
        {
          g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD,
                       "%s is not valid JSON (%s, at byte %" G_GSIZE_FORMAT ")",
                       what, r.problem, r.pos);
          return FALSE;
        }
    }
}
