/* hearth-command.c: understanding a command in plain words
 *
 * In three passes over the words of the text:
 *  1. a question form at the start ("what is", "ist");
 *  2. the names of the home (scenes, rooms, tiles) wherever they stand,
 *     longest first, as people type them (hearth_words_similar());
 *  3. the grammar's words in what is left: actions, values, kinds, "all",
 *     articles and the like. Any word left over after that is part of a
 *     name said in part ("desk" for "Desk lamp" and "Desk fan"): then it
 *     is one of them, all of them (plural, "all"), or a question back.
 * Then the targets are chosen: named tiles (in the room named, when one
 * is), or a group (a room, favourites, all of a kind) narrowed to what can
 * do the action. Words of no language are in the grammar files.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "hearth-command-private.h"
#include "hearth-words.h"

static void
entity_clear (Entity *entity)
{
  g_strfreev (entity->words);
}

static void
span_free (Span *span)
{
  g_array_unref (span->entities);
  g_free (span);
}

/* Whether every word of @words is a word of the grammar on its own */
static gboolean
all_grammar_words (HearthGrammar  *grammar,
                   char          **words)
{
  for (guint i = 0; words[i] != NULL; i++)
    {
      char *one[] = { words[i], NULL };
      HearthGrammarMatch match;
      int number;

      if (!hearth_words_parse_number (words[i], &number) &&
          !hearth_grammar_match (grammar, NULL, one, 0, &match))
        return FALSE;
    }
  return TRUE;
}

static void
add_entity (HearthParse  *parse,
            EntityType    type,
            guint         index,
            const char   *name)
{
  Entity entity = { type, index, hearth_words_split (name), FALSE };

  if (entity.words[0] == NULL)
    {
      entity_clear (&entity);
      return;
    }
  entity.weak = all_grammar_words (parse->grammar, entity.words);
  g_array_append_val (parse->entities, entity);
}

/* How many words of @entity match the text from @pos on (0: not all of
 * them), and how many of those exactly */
static guint
match_entity (HearthParse  *parse,
              const Entity *entity,
              guint         pos,
              guint        *n_exact)
{
  const char * const *suffixes = hearth_grammar_get_suffixes (parse->grammar);
  guint n = 0;

  *n_exact = 0;
  for (; entity->words[n] != NULL; n++)
    {
      guint i = pos + n;

      if (i >= parse->n_words || parse->used[i])
        return 0;
      if (g_str_equal (parse->words[i], entity->words[n]))
        (*n_exact)++;
      else if (parse->grammar_word[i] && !hearth_words_same_stem (parse->words[i], entity->words[n], suffixes))
        return 0;             /* "half" is not a typo of "Hall" */
      else if (!hearth_words_similar (parse->words[i], entity->words[n], suffixes))
        return 0;
    }
  return n;
}

static int
compare_spans (gconstpointer a,
               gconstpointer b)
{
  const Span *x = *(const Span **) a;
  const Span *y = *(const Span **) b;

  if (x->length != y->length)
    return x->length > y->length ? -1 : 1;
  if (x->n_exact != y->n_exact)
    return x->n_exact > y->n_exact ? -1 : 1;
  if (x->type != y->type)
    return x->type < y->type ? -1 : 1;   /* a scene, then a room, then a tile */
  return x->start < y->start ? -1 : (x->start > y->start ? 1 : 0);
}

/* Pass 2: the names, longest first. Strong names take their words; weak
 * ones (a tile called "Light" or "Blinds") only where said exactly, and
 * leave the words to the grammar too: whether the tile or the kind is
 * meant is decided with the rest (hearth-command-decide.c). */
static void
find_names (HearthParse *parse,
            gboolean     weak)
{
  g_autoptr(GPtrArray) spans = g_ptr_array_new_with_free_func ((GDestroyNotify) span_free);

  for (guint pos = 0; pos < parse->n_words; pos++)
    {
      for (guint e = 0; e < parse->entities->len; e++)
        {
          const Entity *entity = &g_array_index (parse->entities, Entity, e);
          Span *span = NULL;
          guint n_exact;
          guint n;

          if (entity->weak != weak)
            continue;
          n = match_entity (parse, entity, pos, &n_exact);
          if (n == 0 || (weak && n_exact < n))
            continue;
          for (guint s = 0; s < spans->len && span == NULL; s++)
            {
              Span *other = g_ptr_array_index (spans, s);

              if (other->start == pos && other->length == n && other->type == entity->type &&
                  other->n_exact == n_exact)
                span = other;
            }
          if (span == NULL)
            {
              span = g_new0 (Span, 1);
              span->start = pos;
              span->length = n;
              span->n_exact = n_exact;
              span->type = entity->type;
              span->entities = g_array_new (FALSE, FALSE, sizeof (guint));
              g_ptr_array_add (spans, span);
            }
          g_array_append_val (span->entities, entity->index);
        }
    }

  g_ptr_array_sort (spans, compare_spans);
  for (guint s = 0; s < spans->len; s++)
    {
      Span *span = g_ptr_array_index (spans, s);
      gboolean free = TRUE;

      for (guint i = span->start; i < span->start + span->length; i++)
        free = free && !parse->used[i];
      if (!free)
        continue;
      if (weak)
        {
          g_ptr_array_add (parse->weak_spans, g_ptr_array_steal_index (spans, s));
          s--;
          continue;
        }
      for (guint i = span->start; i < span->start + span->length; i++)
        parse->used[i] = TRUE;
      g_ptr_array_add (parse->spans, g_ptr_array_steal_index (spans, s));
      s--;
    }
}

static int
number_of (const char *text)
{
  int value = -1;

  hearth_words_parse_number (text, &value);
  return value;
}

/* Whether the word at @pos is a value (a number, a level, a colour, a
 * white): "auf" before it is "to", not "open" */
static gboolean
value_at (HearthParse *parse,
          guint        pos)
{
  static const char * const value_categories[] = { "number", "level", "color", "white", NULL };
  HearthGrammarMatch match;
  int number;

  if (pos >= parse->n_words)
    return FALSE;
  if (hearth_words_parse_number (parse->words[pos], &number) || parse->words[pos][0] == '#')
    return TRUE;
  return hearth_grammar_match (parse->grammar, NULL, parse->words, pos, &match) &&
         g_strv_contains (value_categories, match.category);
}

static void
take_number (HearthParse *parse,
             guint       *pos,
             int          number)
{
  HearthGrammarMatch unit;

  if (hearth_grammar_match (parse->grammar, "unit", parse->words, *pos, &unit))
    {
      if (g_str_equal (unit.key, "kelvin"))
        parse->kelvin = number;
      else
        parse->percent = number;
      for (guint i = 0; i < unit.n_words; i++)
        parse->used[(*pos)++] = TRUE;
    }
  else if (number >= 1000)
    parse->kelvin = number;
  else
    parse->percent = number;
}

static gboolean
parse_hex_color (const char *word,
                 int        *color)
{
  guint64 value;

  if (word[0] != '#' || strlen (word) != 7 ||
      !g_ascii_string_to_unsigned (word + 1, 16, 0, 0xffffff, &value, NULL))
    return FALSE;
  *color = (int) value;
  return TRUE;
}

static void
take_grammar (HearthParse              *parse,
              const HearthGrammarMatch *match,
              guint                     pos)
{
  const char *category = match->category;

  if (g_str_equal (category, "action"))
    {
      if (g_str_equal (match->key, "scene"))
        parse->scene_word = TRUE;
      else if (g_str_equal (match->key, "set"))
        parse->set_word = TRUE;
      else
        parse->action = match->key;
    }
  else if (g_str_equal (category, "all"))
    parse->all = TRUE;
  else if (g_str_equal (category, "favourites"))
    parse->favourites = TRUE;
  else if (g_str_equal (category, "kind") || g_str_equal (category, "kinds"))
    {
      parse->kind = match->key;
      /* "Rollladen" is one and many */
      parse->plural = parse->plural || g_str_equal (category, "kinds") ||
                      (match->n_words == 1 &&
                       hearth_grammar_has_word (parse->grammar, "kinds", match->key, parse->words[pos]));
    }
  else if (g_str_equal (category, "level"))
    parse->level = atoi (match->value);
  else if (g_str_equal (category, "color"))
    {
      parse_hex_color (match->value, &parse->color);
      g_free (parse->color_words);
      parse->color_words = g_strjoinv (" ", (char *[]) { parse->words[pos], NULL });
      for (guint i = 1; i < match->n_words; i++)
        {
          char *joined = g_strconcat (parse->color_words, " ", parse->words[pos + i], NULL);

          g_free (parse->color_words);
          parse->color_words = joined;
        }
    }
  else if (g_str_equal (category, "white"))
    parse->kelvin = atoi (match->value);
  else if (g_str_equal (category, "quantity"))
    parse->quantity = match->key;
  else if (g_str_equal (category, "scene"))
    parse->scene_word = TRUE;
  /* verb, filler, article, preposition, question, unit alone: nothing */
}

/* Pass 3: the grammar's words, and the numbers */
static void
read_words (HearthParse *parse)
{
  for (guint pos = 0; pos < parse->n_words;)
    {
      HearthGrammarMatch match, quantity;
      int number;

      if (parse->used[pos])
        {
          pos++;
          continue;
        }
      if (hearth_words_parse_number (parse->words[pos], &number))
        {
          parse->used[pos++] = TRUE;
          take_number (parse, &pos, number);
          continue;
        }
      if (parse_hex_color (parse->words[pos], &parse->color))
        {
          g_free (parse->color_words);
          parse->color_words = g_strdup (parse->words[pos]);
          parse->used[pos++] = TRUE;
          continue;
        }
      if (hearth_grammar_match (parse->grammar, "preposition", parse->words, pos, &match) &&
          value_at (parse, pos + match.n_words))
        ;
      else if (!hearth_grammar_match (parse->grammar, NULL, parse->words, pos, &match))
        {
          g_ptr_array_add (parse->unknown, parse->words[pos]);
          g_ptr_array_add (parse->unknown_typed, parse->typed[pos]);
          pos++;
          continue;
        }
      /* In a question, "warm" asks for the temperature */
      if (parse->question != NULL &&
          hearth_grammar_match (parse->grammar, "quantity", parse->words, pos, &quantity) &&
          quantity.n_words >= match.n_words)
        match = quantity;

      if (g_str_equal (match.category, "number"))
        {
          for (guint i = 0; i < match.n_words; i++)
            parse->used[pos++] = TRUE;
          take_number (parse, &pos, number_of (match.key));
          continue;
        }
      take_grammar (parse, &match, pos);
      for (guint i = 0; i < match.n_words; i++)
        parse->used[pos++] = TRUE;
    }
}

HearthCommand *
hearth_command_parse (HearthGrammar      *grammar,
                      const char         *text,
                      GPtrArray          *targets,
                      const char * const *scenes)
{
  HearthParse parse = { 0, };
  HearthCommand *command = g_new0 (HearthCommand, 1);
  HearthGrammarMatch match;
  g_autoptr(GPtrArray) rooms = g_ptr_array_new ();
  g_autofree char *valid_text = NULL;

  g_return_val_if_fail (grammar != NULL, NULL);
  g_return_val_if_fail (targets != NULL, NULL);

  command->action = HEARTH_COMMAND_NONE;
  command->targets = g_ptr_array_new_with_free_func ((GDestroyNotify) hearth_command_target_unref);
  command->brightness = command->temperature = command->color = command->position = -1;
  command->candidates = g_new0 (char *, 1);

  parse.grammar = grammar;
  /* Messages quote it: valid UTF-8, whatever was typed */
  valid_text = g_utf8_make_valid (text != NULL ? text : "", -1);
  parse.text = valid_text;
  parse.words = hearth_words_split_as_typed (parse.text, &parse.typed);
  parse.n_words = g_strv_length (parse.words);
  parse.all_targets = targets;
  parse.scenes = scenes;
  parse.rooms = rooms;
  parse.entities = g_array_new (FALSE, FALSE, sizeof (Entity));
  g_array_set_clear_func (parse.entities, (GDestroyNotify) entity_clear);
  parse.spans = g_ptr_array_new_with_free_func ((GDestroyNotify) span_free);
  parse.weak_spans = g_ptr_array_new_with_free_func ((GDestroyNotify) span_free);
  parse.unknown = g_ptr_array_new ();
  parse.unknown_typed = g_ptr_array_new ();
  parse.percent = parse.kelvin = parse.level = parse.color = -1;

  for (guint i = 0; scenes != NULL && scenes[i] != NULL; i++)
    add_entity (&parse, ENTITY_SCENE, i, scenes[i]);
  for (guint i = 0; i < targets->len; i++)
    {
      HearthCommandTarget *target = g_ptr_array_index (targets, i);

      if (target->room != NULL && !g_ptr_array_find_with_equal_func (rooms, target->room, g_str_equal, NULL))
        {
          g_ptr_array_add (rooms, target->room);
          add_entity (&parse, ENTITY_ROOM, rooms->len - 1, target->room);
        }
      add_entity (&parse, ENTITY_TILE, i, target->name);
    }

  for (guint i = 0; i < parse.n_words; i++)
    {
      char *one[] = { parse.words[i], NULL };

      parse.grammar_word[i] = hearth_grammar_match (grammar, NULL, one, 0, &match) && match.n_exact == 1;
    }

  /* 1. a question form at the start */
  if (parse.n_words > 0 && hearth_grammar_match (grammar, "question", parse.words, 0, &match))
    {
      parse.question = match.key;
      for (guint i = 0; i < match.n_words; i++)
        parse.used[i] = TRUE;
    }
  /* 2. names, 3. words */
  find_names (&parse, FALSE);
  find_names (&parse, TRUE);
  read_words (&parse);

  hearth_command_decide (&parse, command);
  command->reads_as_command = command->understood || parse.action != NULL || parse.set_word ||
                              parse.scene_word || parse.question != NULL || parse.percent >= 0 ||
                              parse.level >= 0 || parse.kelvin >= 0 || parse.color >= 0;

  g_strfreev (parse.words);
  g_strfreev (parse.typed);
  g_array_unref (parse.entities);
  g_ptr_array_unref (parse.spans);
  g_ptr_array_unref (parse.weak_spans);
  g_ptr_array_unref (parse.unknown);
  g_ptr_array_unref (parse.unknown_typed);
  g_free (parse.color_words);
  return command;
}

void
hearth_command_free (HearthCommand *self)
{
  if (self == NULL)
    return;

  g_ptr_array_unref (self->targets);
  g_free (self->scene);
  g_free (self->summary);
  g_free (self->answer);
  g_free (self->message);
  g_strfreev (self->candidates);
  g_free (self);
}

const char *
hearth_command_action_to_string (HearthCommandAction action)
{
  static const char * const names[] = {
    NULL, "on", "off", "toggle", "set", "open", "close", "stop", "position", "state", "scene",
  };

  g_return_val_if_fail (action <= HEARTH_COMMAND_SCENE, NULL);
  return names[action];
}

HearthChange *
hearth_command_dup_change (const HearthCommand *self)
{
  HearthChange *change = hearth_change_new ();

  switch (self->action)
    {
    case HEARTH_COMMAND_ON:
    case HEARTH_COMMAND_OFF:
      change->fields |= HEARTH_CHANGE_ON;
      change->on = self->action == HEARTH_COMMAND_ON;
      break;
    case HEARTH_COMMAND_TOGGLE:
      change->fields |= HEARTH_CHANGE_TOGGLE;
      break;
    case HEARTH_COMMAND_OPEN:
    case HEARTH_COMMAND_CLOSE:
    case HEARTH_COMMAND_STOP:
      change->fields |= HEARTH_CHANGE_COVER;
      change->cover = self->action == HEARTH_COMMAND_OPEN ? HEARTH_COVER_ACTION_OPEN :
                      self->action == HEARTH_COMMAND_CLOSE ? HEARTH_COVER_ACTION_CLOSE :
                      HEARTH_COVER_ACTION_STOP;
      break;
    case HEARTH_COMMAND_SET:
      /* "desk lamp 30 %" and "floor lamp red" mean it shines so */
      if (self->brightness != 0)
        {
          change->fields |= HEARTH_CHANGE_ON;
          change->on = TRUE;
        }
      break;
    case HEARTH_COMMAND_NONE:
    case HEARTH_COMMAND_POSITION:
    case HEARTH_COMMAND_STATE:
    case HEARTH_COMMAND_SCENE:
    default:
      break;
    }

  if (self->brightness >= 0)
    {
      change->fields |= HEARTH_CHANGE_BRIGHTNESS;
      change->brightness = self->brightness;
    }
  if (self->temperature >= 0)
    {
      change->fields |= HEARTH_CHANGE_TEMPERATURE;
      change->temperature = self->temperature;
    }
  if (self->color >= 0)
    {
      change->fields |= HEARTH_CHANGE_COLOR;
      change->color = self->color;
    }
  if (self->position >= 0)
    {
      change->fields |= HEARTH_CHANGE_POSITION;
      change->position = self->position;
    }
  return change;
}
