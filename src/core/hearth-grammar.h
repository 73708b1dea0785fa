/* hearth-grammar.h: a language's words and templates for commands in
 * plain words, read from its grammar file (src/core/language/CODE.grammar,
 * built in as a resource; the format is described in en.grammar)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _HearthGrammar HearthGrammar;

/* A phrase of the grammar found in a text; the strings are the grammar's */
typedef struct
{
  const char *category;   /* "action", "kind", "color", … */
  const char *key;        /* "on", "light", "red", …; NULL for a bare category */
  const char *value;      /* "#ff0000", "2700", …; NULL when the line has none */
  guint       n_words;    /* how many words of the text it covers */
  guint       n_exact;    /* how many of them without a typo */
} HearthGrammarMatch;

/* Reads a grammar from @text (@length bytes, -1: NUL-terminated) for the
 * language @code; HEARTH_ERROR_INVALID with the line that is wrong */
HearthGrammar      *hearth_grammar_new             (const char          *code,
                                                    const char          *text,
                                                    gssize               length,
                                                    GError             **error);
/* The grammar of @code ("en", "de") that Hearth ships; HEARTH_ERROR_NOT_FOUND
 * for a language it has none of */
HearthGrammar      *hearth_grammar_load            (const char          *code,
                                                    GError             **error);
void                hearth_grammar_free            (HearthGrammar       *self);
/* The codes of the languages Hearth ships a grammar for, sorted */
char              **hearth_grammar_dup_languages   (void);
/* The language the locale asks for (LANGUAGE, LC_ALL, LC_MESSAGES,
 * LANG) when Hearth has its grammar, else "en" */
char               *hearth_grammar_language_for_locale (void);

const char         *hearth_grammar_get_code        (HearthGrammar       *self);
/* "English", "Deutsch" */
const char         *hearth_grammar_get_name        (HearthGrammar       *self);
/* Plural endings ("s", "es") */
const char * const *hearth_grammar_get_suffixes    (HearthGrammar       *self);
/* The longest phrase of @category (NULL: of any) at @words[@pos]; of two
 * as long, the one with fewer typos, then the first in the file */
gboolean            hearth_grammar_match           (HearthGrammar       *self,
                                                    const char          *category,
                                                    char               **words,
                                                    guint                pos,
                                                    HearthGrammarMatch  *match);
/* Whether @word alone is a phrase of @category with @key (NULL: any) */
gboolean            hearth_grammar_has_word        (HearthGrammar       *self,
                                                    const char          *category,
                                                    const char          *key,
                                                    const char          *word);
/* The "say" template @key filled in with @args ({0}, {1}, {2}); a key
 * the grammar lacks gives "" (a loaded grammar has every one) */
char               *hearth_grammar_say             (HearthGrammar       *self,
                                                    const char          *key,
                                                    const char          *arg0,
                                                    const char          *arg1,
                                                    const char          *arg2);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HearthGrammar, hearth_grammar_free)

G_END_DECLS
