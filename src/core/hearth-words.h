/* hearth-words.h: words as people type them: split, folded, compared
 * with room for plurals and small typos (for hearth-command.c and
 * hearth-grammar.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* At most this many words are read from one text; the rest is dropped */
#define HEARTH_WORDS_MAX 64

/* Splits @text into words, folded: lower case, accents and apostrophes
 * dropped ("Küche" → "kuche", "what's" → "whats", "ß" → "ss"); a number
 * and what follows it are two words ("30%" → "30" "%", "4000K" → "4000"
 * "k"); "%" is a word; "#ff8800" stays one. Punctuation separates words.
 * Invalid UTF-8 is made valid first. NULL-terminated, never NULL. */
char   **hearth_words_split        (const char         *text);
/* The same, with the words as typed (not folded) in @as_typed, one for
 * each word */
char   **hearth_words_split_as_typed (const char       *text,
                                      char           ***as_typed);
/* Whether @a and @b are the same word as people type it: equal, one of
 * them with a plural ending of @suffixes more ("ceilings", "ceiling"), or
 * (words of 4 letters and more, not numbers) one typo apart (two from 8
 * letters on): a letter wrong, missing, extra or two swapped */
gboolean hearth_words_similar      (const char         *a,
                                    const char         *b,
                                    const char * const *suffixes);
/* Whether @a and @b differ only by a plural ending of @suffixes (or not
 * at all) */
gboolean hearth_words_same_stem    (const char         *a,
                                    const char         *b,
                                    const char * const *suffixes);
/* Whether @word is a whole number from 0 to 100000; its value then */
gboolean hearth_words_parse_number (const char         *word,
                                    int                *value);

G_END_DECLS
