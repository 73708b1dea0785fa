/* hearth-command-private.h: what hearth-command.c (reading the words) and
 * hearth-command-decide.c (choosing the targets, saying what it does)
 * share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "hearth-command.h"
#include "hearth-words.h"

G_BEGIN_DECLS

/* Entities whose names are matched in the text */
typedef enum
{
  ENTITY_SCENE,
  ENTITY_ROOM,
  ENTITY_TILE,
} EntityType;

typedef struct
{
  EntityType  type;
  guint       index;      /* into scenes, rooms or targets */
  char      **words;
  gboolean    weak;       /* every word of it is also a grammar word */
} Entity;

/* Words of the text that name entities of one type */
typedef struct
{
  guint      start;
  guint      length;
  guint      n_exact;
  EntityType type;
  GArray    *entities;    /* guint: the index of each entity it names */
} Span;

typedef struct
{
  HearthGrammar      *grammar;
  const char         *text;
  char              **words;          /* folded */
  char              **typed;          /* the same words as typed */
  guint               n_words;
  gboolean            used[HEARTH_WORDS_MAX];
  gboolean            grammar_word[HEARTH_WORDS_MAX];   /* a word of the grammar as it is */
  GPtrArray          *all_targets;    /* HearthCommandTarget */
  const char * const *scenes;
  GPtrArray          *rooms;          /* the rooms' names, each once */
  GArray             *entities;       /* Entity */
  GPtrArray          *spans;          /* Span, as taken */
  GPtrArray          *weak_spans;     /* Span of weak names said exactly */
  GPtrArray          *unknown;        /* words of no name and no grammar */
  GPtrArray          *unknown_typed;  /* the same as typed */

  /* What the words said */
  const char         *question;       /* "state", "value" or NULL */
  const char         *action;         /* "on", "off", … or NULL */
  gboolean            set_word;
  gboolean            scene_word;
  gboolean            all;
  gboolean            favourites;
  const char         *kind;           /* "light", "switch", "cover", "sensor" or NULL */
  gboolean            plural;
  const char         *quantity;       /* "temperature", … or NULL */
  int                 level;          /* a word for a level: 0–100, or -1 */
  int                 percent;        /* a number that is not Kelvin, or -1 */
  int                 kelvin;
  int                 color;
  char               *color_words;    /* as said: "red", "#ff8800" */
} HearthParse;

/* hearth-command-decide.c: from what the words said to @command */
void     hearth_command_decide          (HearthParse   *parse,
                                         HearthCommand *command);
G_END_DECLS
