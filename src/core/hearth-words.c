/* hearth-words.c: words as people type them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "hearth-words.h"

/* Longer words are not compared letter by letter (a typo in a word of
 * more than this many letters is compared as if it were not one) */
#define MAX_WORD_CHARS 48

typedef enum
{
  CLASS_NONE,
  CLASS_LETTER,
  CLASS_DIGIT,
} CharClass;

static CharClass
char_class (gunichar c)
{
  if (g_unichar_isdigit (c))
    return CLASS_DIGIT;
  if (g_unichar_isalpha (c))
    return CLASS_LETTER;
  return CLASS_NONE;
}

/* Lower case, without accents: "Küche" → "kuche", "Weiß" → "weiss" */
static char *
fold (const char *text)
{
  g_autofree char *folded = g_utf8_casefold (text, -1);
  g_autofree char *decomposed = g_utf8_normalize (folded, -1, G_NORMALIZE_NFKD);
  GString *out = g_string_new (NULL);

  for (const char *p = decomposed; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_ismark (c))
        continue;
      g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

static gboolean
is_apostrophe (gunichar c)
{
  return c == '\'' || c == 0x2019 || c == 0x2018 || c == 0x00B4 || c == '`';
}

char **
hearth_words_split (const char *text)
{
  return hearth_words_split_as_typed (text, NULL);
}

/* Splits the text as typed, then folds each word: the words as typed stay
 * at hand for messages ("Nothing is called “Kühlschrank”") */
char **
hearth_words_split_as_typed (const char   *text,
                             char       ***as_typed)
{
  g_autoptr(GPtrArray) words = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) typed = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);
  GString *word = g_string_new (NULL);
  CharClass last = CLASS_NONE;
  gboolean hex = FALSE;

#define END_WORD()                                                 \
  G_STMT_START {                                                   \
    if (word->len > 0 && words->len < HEARTH_WORDS_MAX)            \
      {                                                            \
        g_ptr_array_add (words, fold (word->str));                 \
        g_ptr_array_add (typed, g_strdup (word->str));             \
      }                                                            \
    g_string_truncate (word, 0);                                   \
    hex = FALSE;                                                   \
  } G_STMT_END

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      CharClass class = char_class (c);

      if (hex && g_unichar_isxdigit (c) && word->len < 16)
        {
          g_string_append_unichar (word, c);
          continue;
        }
      if (is_apostrophe (c) && last == CLASS_LETTER)
        continue;                     /* "what's" → "whats" */
      if (class == CLASS_NONE)
        {
          END_WORD ();
          if (c == '%' && words->len < HEARTH_WORDS_MAX)
            {
              g_ptr_array_add (words, g_strdup ("%"));
              g_ptr_array_add (typed, g_strdup ("%"));
            }
          else if (c == '#')
            {
              g_string_append_c (word, '#');
              hex = TRUE;
            }
          last = CLASS_NONE;
          continue;
        }
      if (hex || (last != CLASS_NONE && class != last))
        END_WORD ();                  /* "30%", "4000k", "#ff" then letters */
      g_string_append_unichar (word, c);
      last = class;
    }
  END_WORD ();
#undef END_WORD

  g_string_free (word, TRUE);
  g_ptr_array_add (words, NULL);
  g_ptr_array_add (typed, NULL);
  if (as_typed != NULL)
    *as_typed = (char **) g_ptr_array_steal (typed, NULL);
  return (char **) g_ptr_array_steal (words, NULL);
}

gboolean
hearth_words_same_stem (const char         *a,
                        const char         *b,
                        const char * const *suffixes)
{
  size_t la = strlen (a);
  size_t lb = strlen (b);
  const char *longer = la > lb ? a : b;
  const char *shorter = la > lb ? b : a;
  size_t ls = MIN (la, lb);

  if (la == lb)
    return strcmp (a, b) == 0;
  if (ls < 2 || strncmp (longer, shorter, ls) != 0)
    return FALSE;
  for (guint i = 0; suffixes != NULL && suffixes[i] != NULL; i++)
    {
      if (strcmp (longer + ls, suffixes[i]) == 0)
        return TRUE;
    }
  return FALSE;
}

/* Letters apart (optimal string alignment: a swap of two neighbours is
 * one), up to @limit + 1 */
static guint
distance (const gunichar *a,
          glong           la,
          const gunichar *b,
          glong           lb,
          guint           limit)
{
  guint rows[3][MAX_WORD_CHARS + 1];
  guint *before = rows[0], *previous = rows[1], *current = rows[2];

  if ((guint) ABS (la - lb) > limit)
    return limit + 1;

  for (glong j = 0; j <= lb; j++)
    previous[j] = j;
  for (glong i = 1; i <= la; i++)
    {
      guint best = G_MAXUINT;

      current[0] = i;
      for (glong j = 1; j <= lb; j++)
        {
          guint cost = a[i - 1] == b[j - 1] ? 0 : 1;
          guint value = MIN (MIN (previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);

          if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
            value = MIN (value, before[j - 2] + 1);
          current[j] = value;
          best = MIN (best, value);
        }
      if (best > limit)
        return limit + 1;
      {
        guint *spare = before;

        before = previous;
        previous = current;
        current = spare;
      }
    }
  return previous[lb];
}

static gboolean
is_number (const char *word)
{
  return g_ascii_isdigit (word[0]);
}

gboolean
hearth_words_similar (const char         *a,
                      const char         *b,
                      const char * const *suffixes)
{
  g_autofree gunichar *ua = NULL;
  g_autofree gunichar *ub = NULL;
  glong la, lb;
  guint limit;

  if (hearth_words_same_stem (a, b, suffixes))
    return TRUE;
  if (is_number (a) || is_number (b) || a[0] == '#' || b[0] == '#')
    return FALSE;

  ua = g_utf8_to_ucs4_fast (a, -1, &la);
  ub = g_utf8_to_ucs4_fast (b, -1, &lb);
  if (MIN (la, lb) < 4 || MAX (la, lb) > MAX_WORD_CHARS)
    return FALSE;
  limit = MIN (la, lb) >= 8 ? 2 : 1;
  return distance (ua, la, ub, lb, limit) <= limit;
}

gboolean
hearth_words_parse_number (const char *word,
                           int        *value)
{
  guint64 number;

  if (word == NULL || !g_ascii_isdigit (word[0]) || strlen (word) > 6)
    return FALSE;
  if (!g_ascii_string_to_unsigned (word, 10, 0, 100000, &number, NULL))
    return FALSE;
  *value = (int) number;
  return TRUE;
}
