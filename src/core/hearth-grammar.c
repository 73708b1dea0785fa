/* hearth-grammar.c: reading a language's grammar file, strictly
 *
 * The files are data Hearth ships, yet read as if they came from outside:
 * every line is checked (category, key, value, phrases) and one wrong line
 * rejects the file with its number, so that a mistake shows when a
 * language is added rather than as a command misunderstood.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "hearth-error.h"
#include "hearth-grammar.h"
#include "hearth-language-resources.h"
#include "hearth-words.h"

#define RESOURCE_FOLDER "/io/github/hearthapp/Hearth/language/"
#define MAX_FILE_SIZE (256 * 1024)
#define MAX_PHRASE_WORDS 8

typedef struct
{
  const char *category;
  const char *key;
  const char *value;
  char      **words;
} Phrase;

struct _HearthGrammar
{
  char       *code;
  char       *name;
  GStringChunk *strings;
  GArray     *phrases;         /* Phrase */
  GHashTable *templates;       /* key → template */
  GPtrArray  *suffixes;        /* NULL-terminated */
};

/* What each category takes: the keys it allows (NULL: any word), and
 * whether a value follows the key */
typedef enum
{
  VALUE_NONE,
  VALUE_PERCENT,
  VALUE_COLOR,
  VALUE_KELVIN,
} ValueKind;

static const char * const actions[] = { "on", "off", "toggle", "open", "close", "stop", "set", "scene", NULL };
static const char * const kinds[] = { "light", "switch", "cover", "sensor", NULL };
static const char * const units[] = { "percent", "kelvin", NULL };
static const char * const questions[] = { "state", "value", NULL };
static const char * const quantities[] = { "temperature", "humidity", "power", "energy", "voltage",
                                           "battery", "brightness", "position", NULL };

static const struct
{
  const char         *category;
  guint               n_keys;      /* 0 or 1 */
  const char * const *keys;        /* NULL: any key */
  ValueKind           value;
} categories[] = {
  { "action", 1, actions, VALUE_NONE },
  { "verb", 0, NULL, VALUE_NONE },
  { "filler", 0, NULL, VALUE_NONE },
  { "article", 0, NULL, VALUE_NONE },
  { "preposition", 0, NULL, VALUE_NONE },
  { "all", 0, NULL, VALUE_NONE },
  { "favourites", 0, NULL, VALUE_NONE },
  { "kind", 1, kinds, VALUE_NONE },
  { "kinds", 1, kinds, VALUE_NONE },
  { "level", 1, NULL, VALUE_PERCENT },
  { "color", 1, NULL, VALUE_COLOR },
  { "white", 1, NULL, VALUE_KELVIN },
  { "unit", 1, units, VALUE_NONE },
  { "number", 1, NULL, VALUE_NONE },
  { "question", 1, questions, VALUE_NONE },
  { "quantity", 1, quantities, VALUE_NONE },
  { "scene", 0, NULL, VALUE_NONE },
  { "suffix", 0, NULL, VALUE_NONE },
};

/* The templates every grammar has */
static const char * const say_keys[] = {
  "on", "off", "toggle", "open", "close", "stop", "brightness", "temperature", "color",
  "position", "scene", "state", "count light", "count switch", "count cover",
  "count sensor", "count any", "in", "which", "or", "not-understood", "no-name",
  "no-target", "nothing-can", "too-high", "is-on", "is-off", "is-open", "is-closed",
  "is-moving", "is-value", "unreachable", "no-answer", NULL
};

void
hearth_grammar_free (HearthGrammar *self)
{
  if (self == NULL)
    return;

  for (guint i = 0; i < self->phrases->len; i++)
    g_strfreev (g_array_index (self->phrases, Phrase, i).words);
  g_array_unref (self->phrases);
  g_hash_table_unref (self->templates);
  g_ptr_array_unref (self->suffixes);
  g_string_chunk_free (self->strings);
  g_free (self->code);
  g_free (self->name);
  g_free (self);
}

static gboolean
fail (GError    **error,
      guint       line,
      const char *why)
{
  g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_INVALID, "line %u: %s", line, why);
  return FALSE;
}

static gboolean
check_value (ValueKind   kind,
             const char *value)
{
  guint64 number;

  switch (kind)
    {
    case VALUE_NONE:
      return value == NULL;
    case VALUE_PERCENT:
      return value != NULL && g_ascii_string_to_unsigned (value, 10, 0, 100, &number, NULL);
    case VALUE_KELVIN:
      return value != NULL && g_ascii_string_to_unsigned (value, 10, 1000, 10000, &number, NULL);
    case VALUE_COLOR:
      if (value == NULL || strlen (value) != 7 || value[0] != '#')
        return FALSE;
      for (guint i = 1; i < 7; i++)
        if (!g_ascii_isxdigit (value[i]))
          return FALSE;
      return TRUE;
    default:
      g_assert_not_reached ();
    }
}

/* Only {0}, {1} and {2}; every other brace is a mistake */
static gboolean
check_template (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '{')
        {
          if (p[1] < '0' || p[1] > '2' || p[2] != '}')
            return FALSE;
          p += 2;
        }
      else if (*p == '}')
        return FALSE;
    }
  return TRUE;
}

static gboolean
add_phrases (HearthGrammar *self,
             guint          line,
             const char    *category,
             const char    *key,
             const char    *value,
             const char    *body,
             GError       **error)
{
  g_auto(GStrv) alternatives = g_strsplit (body, "|", -1);

  for (guint i = 0; alternatives[i] != NULL; i++)
    {
      g_auto(GStrv) words = hearth_words_split (alternatives[i]);
      guint n = g_strv_length (words);
      Phrase phrase = { category, key, value, NULL };

      if (n == 0)
        return fail (error, line, "an empty phrase");
      if (n > MAX_PHRASE_WORDS)
        return fail (error, line, "a phrase of more than 8 words");
      if (g_str_equal (category, "suffix"))
        {
          if (n != 1 || !g_ascii_isalpha (words[0][0]))
            return fail (error, line, "an ending is one word");
          g_ptr_array_insert (self->suffixes, (int) self->suffixes->len - 1,
                              g_string_chunk_insert_const (self->strings, words[0]));
          continue;
        }
      phrase.words = g_steal_pointer (&words);
      g_array_append_val (self->phrases, phrase);
    }
  return TRUE;
}

static gboolean
read_line (HearthGrammar *self,
           guint          number,
           char          *line,
           GError       **error)
{
  char *colon = strchr (line, ':');
  g_auto(GStrv) head = NULL;
  const char *body;
  const char *category, *key = NULL, *value = NULL;
  guint n_head;

  if (colon == NULL)
    return fail (error, number, "no “:” after the category");
  *colon = '\0';
  body = g_strstrip (colon + 1);
  head = g_strsplit_set (g_strstrip (line), " \t", -1);
  /* g_strsplit_set gives "" between two spaces: drop them */
  {
    guint j = 0;

    for (guint i = 0; head[i] != NULL; i++)
      {
        if (head[i][0] == '\0')
          g_free (head[i]);
        else
          head[j++] = head[i];
      }
    head[j] = NULL;
  }
  n_head = g_strv_length (head);
  if (n_head == 0 || *body == '\0')
    return fail (error, number, "a category and a text are needed");
  category = head[0];

  if (g_str_equal (category, "name"))
    {
      if (n_head != 1 || self->name != NULL)
        return fail (error, number, "one name, without a key");
      self->name = g_strdup (body);
      return TRUE;
    }

  if (g_str_equal (category, "say"))
    {
      g_autofree char *say_key = NULL;

      if (n_head < 2 || n_head > 3)
        return fail (error, number, "a template takes a key of one or two words");
      say_key = g_strjoinv (" ", head + 1);
      if (!g_strv_contains (say_keys, say_key))
        return fail (error, number, "no such template");
      if (g_hash_table_contains (self->templates, say_key))
        return fail (error, number, "a template given twice");
      if (!check_template (body))
        return fail (error, number, "a template takes only {0}, {1} and {2}");
      g_hash_table_insert (self->templates, g_steal_pointer (&say_key), g_strdup (body));
      return TRUE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (categories); i++)
    {
      if (!g_str_equal (categories[i].category, category))
        continue;

      if (n_head != 1 + categories[i].n_keys + (categories[i].value != VALUE_NONE ? 1 : 0))
        return fail (error, number, "wrong number of words before “:”");
      if (categories[i].n_keys > 0)
        {
          key = head[1];
          if (categories[i].keys != NULL && !g_strv_contains (categories[i].keys, key))
            return fail (error, number, "no such key for this category");
          if (g_str_equal (category, "number") && !hearth_words_parse_number (key, &(int) { 0 }))
            return fail (error, number, "a number is a whole number from 0 to 100000");
        }
      if (categories[i].value != VALUE_NONE)
        value = head[2];
      if (!check_value (categories[i].value, value))
        return fail (error, number, "a wrong value");

      return add_phrases (self, number,
                          g_string_chunk_insert_const (self->strings, category),
                          key != NULL ? g_string_chunk_insert_const (self->strings, key) : NULL,
                          value != NULL ? g_string_chunk_insert_const (self->strings, value) : NULL,
                          body, error);
    }

  return fail (error, number, "no such category");
}

HearthGrammar *
hearth_grammar_new (const char  *code,
                    const char  *text,
                    gssize       length,
                    GError     **error)
{
  g_autoptr(HearthGrammar) self = g_new0 (HearthGrammar, 1);
  g_auto(GStrv) lines = NULL;
  g_autofree char *copy = NULL;

  g_return_val_if_fail (code != NULL, NULL);
  g_return_val_if_fail (text != NULL, NULL);

  if (length < 0)
    length = (gssize) strlen (text);
  self->code = g_strdup (code);
  self->strings = g_string_chunk_new (1024);
  self->phrases = g_array_new (FALSE, FALSE, sizeof (Phrase));
  self->templates = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->suffixes = g_ptr_array_new ();
  g_ptr_array_add (self->suffixes, NULL);

  if ((gsize) length > MAX_FILE_SIZE)
    return fail (error, 0, "larger than 256 KiB"), NULL;
  if (memchr (text, '\0', (gsize) length) != NULL || !g_utf8_validate_len (text, (gsize) length, NULL))
    return fail (error, 0, "not UTF-8 text"), NULL;

  copy = g_strndup (text, (gsize) length);
  lines = g_strsplit (copy, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);

      if (*line == '\0' || *line == '#')
        continue;
      if (!read_line (self, i + 1, line, error))
        return NULL;
    }

  if (self->name == NULL)
    return fail (error, 0, "no “name:” line"), NULL;
  for (guint i = 0; say_keys[i] != NULL; i++)
    {
      if (!g_hash_table_contains (self->templates, say_keys[i]))
        {
          g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_INVALID,
                       "the template “say %s” is missing", say_keys[i]);
          return NULL;
        }
    }
  for (guint i = 0; actions[i] != NULL; i++)
    {
      if (!hearth_grammar_has_word (self, "action", actions[i], NULL))
        {
          g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_INVALID,
                       "no words for the action “%s”", actions[i]);
          return NULL;
        }
    }

  return g_steal_pointer (&self);
}

HearthGrammar *
hearth_grammar_load (const char  *code,
                     GError     **error)
{
  g_autofree char *path = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gsize size;
  const char *data;

  g_return_val_if_fail (code != NULL, NULL);

  path = g_strconcat (RESOURCE_FOLDER, code, ".grammar", NULL);
  if (strchr (code, '/') == NULL && strchr (code, '.') == NULL)
    bytes = g_resource_lookup_data (hearth_language_get_resource (), path,
                                    G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  if (bytes == NULL)
    {
      g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_NOT_FOUND,
                   "Hearth knows no language “%s”", code);
      return NULL;
    }
  data = g_bytes_get_data (bytes, &size);
  return hearth_grammar_new (code, data, (gssize) size, error);
}

static int
compare_codes (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

char **
hearth_grammar_dup_languages (void)
{
  g_auto(GStrv) children = g_resource_enumerate_children (hearth_language_get_resource (),
                                                          RESOURCE_FOLDER,
                                                          G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  g_autoptr(GPtrArray) codes = g_ptr_array_new ();

  for (guint i = 0; children != NULL && children[i] != NULL; i++)
    {
      if (g_str_has_suffix (children[i], ".grammar"))
        g_ptr_array_add (codes, g_strndup (children[i], strlen (children[i]) - strlen (".grammar")));
    }
  g_ptr_array_sort (codes, compare_codes);
  g_ptr_array_add (codes, NULL);
  return (char **) g_ptr_array_steal (codes, NULL);
}

char *
hearth_grammar_language_for_locale (void)
{
  const char * const *names = g_get_language_names_with_category ("LC_MESSAGES");
  g_auto(GStrv) codes = hearth_grammar_dup_languages ();

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *code = g_strndup (names[i], strcspn (names[i], "_.@"));

      if (g_strv_contains ((const char * const *) codes, code))
        return g_steal_pointer (&code);
    }
  return g_strdup ("en");
}

const char *
hearth_grammar_get_code (HearthGrammar *self)
{
  return self->code;
}

const char *
hearth_grammar_get_name (HearthGrammar *self)
{
  return self->name;
}

const char * const *
hearth_grammar_get_suffixes (HearthGrammar *self)
{
  return (const char * const *) self->suffixes->pdata;
}

/* How many words of @phrase match @words from @pos on (0: it does not),
 * and how many exactly. Grammar words allow a typo only from 5 letters
 * on, and no plural ending (the plural is a word of its own there). */
static guint
match_phrase (char  **phrase,
              char  **words,
              guint   pos,
              guint  *n_exact)
{
  guint n = 0;

  *n_exact = 0;
  for (; phrase[n] != NULL; n++)
    {
      const char *word = words[pos + n];

      if (word == NULL)
        return 0;
      if (g_str_equal (word, phrase[n]))
        (*n_exact)++;
      else if (strlen (word) < 5 || strlen (phrase[n]) < 5 || !hearth_words_similar (word, phrase[n], NULL))
        return 0;
    }
  return n;
}

gboolean
hearth_grammar_match (HearthGrammar      *self,
                      const char         *category,
                      char              **words,
                      guint               pos,
                      HearthGrammarMatch *match)
{
  gboolean found = FALSE;

  g_return_val_if_fail (pos <= g_strv_length (words), FALSE);

  for (guint i = 0; i < self->phrases->len; i++)
    {
      const Phrase *phrase = &g_array_index (self->phrases, Phrase, i);
      guint n, n_exact;

      if (category != NULL && !g_str_equal (phrase->category, category))
        continue;
      n = match_phrase (phrase->words, words, pos, &n_exact);
      if (n == 0)
        continue;
      if (!found || n > match->n_words || (n == match->n_words && n_exact > match->n_exact))
        {
          match->category = phrase->category;
          match->key = phrase->key;
          match->value = phrase->value;
          match->n_words = n;
          match->n_exact = n_exact;
          found = TRUE;
        }
    }
  return found;
}

gboolean
hearth_grammar_has_word (HearthGrammar *self,
                         const char    *category,
                         const char    *key,
                         const char    *word)
{
  for (guint i = 0; i < self->phrases->len; i++)
    {
      const Phrase *phrase = &g_array_index (self->phrases, Phrase, i);

      if (!g_str_equal (phrase->category, category) || (key != NULL && g_strcmp0 (phrase->key, key) != 0))
        continue;
      if (word == NULL || (phrase->words[1] == NULL && g_str_equal (phrase->words[0], word)))
        return TRUE;
    }
  return FALSE;
}

char *
hearth_grammar_say (HearthGrammar *self,
                    const char    *key,
                    const char    *arg0,
                    const char    *arg1,
                    const char    *arg2)
{
  const char *template = g_hash_table_lookup (self->templates, key);
  const char *args[] = { arg0, arg1, arg2 };
  GString *out = g_string_new (NULL);

  for (const char *p = template != NULL ? template : ""; *p != '\0'; p++)
    {
      if (p[0] == '{' && p[1] >= '0' && p[1] <= '2' && p[2] == '}')
        {
          g_string_append (out, args[p[1] - '0'] != NULL ? args[p[1] - '0'] : "");
          p += 2;
        }
      else
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}
