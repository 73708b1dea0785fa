/* hearth-command-decide.c: from the words understood to a command: the
 * targets, the action and its values, what it will do in the command's
 * language, and the answer to a question
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "hearth-command-private.h"
#include "hearth-device.h"

/* The names a question back lists at most */
#define MAX_NAMES_SHOWN 6
/* The answers a question gets at most */
#define MAX_ANSWERS 12

static void
not_understood (HearthCommand *command,
                char          *message)
{
  command->understood = FALSE;
  command->action = HEARTH_COMMAND_NONE;
  g_ptr_array_set_size (command->targets, 0);
  command->brightness = command->temperature = command->color = command->position = -1;
  g_clear_pointer (&command->scene, g_free);
  g_clear_pointer (&command->summary, g_free);
  g_clear_pointer (&command->answer, g_free);
  g_free (command->message);
  command->message = message;
}

static gboolean
in_rooms (HearthCommandTarget *target,
          GPtrArray           *rooms)
{
  return rooms->len == 0 ||
         (target->room != NULL && g_ptr_array_find_with_equal_func (rooms, target->room, g_str_equal, NULL));
}

/* "Ceiling (Kitchen)" where two tiles are called "Ceiling" */
static char *
shown_name (HearthParse         *parse,
            HearthCommandTarget *target)
{
  for (guint i = 0; i < parse->all_targets->len; i++)
    {
      HearthCommandTarget *other = g_ptr_array_index (parse->all_targets, i);

      if (other != target && g_utf8_collate (other->name, target->name) == 0 && target->room != NULL)
        return g_strdup_printf ("%s (%s)", target->name, target->room);
    }
  return g_strdup (target->name);
}

/* "Which one: A, B or C?", with the candidates */
static void
ask_which (HearthParse   *parse,
           HearthCommand *command,
           GPtrArray     *choices)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *or = hearth_grammar_say (parse->grammar, "or", NULL, NULL, NULL);
  GString *list = g_string_new (NULL);
  guint shown = MIN (choices->len, MAX_NAMES_SHOWN);

  for (guint i = 0; i < choices->len; i++)
    g_ptr_array_add (names, shown_name (parse, g_ptr_array_index (choices, i)));

  for (guint i = 0; i < shown; i++)
    {
      if (i > 0)
        g_string_append (list, i == shown - 1 && shown == choices->len ? " " : ", ");
      if (i > 0 && i == shown - 1 && shown == choices->len)
        g_string_append_printf (list, "%s ", or);
      g_string_append (list, g_ptr_array_index (names, i));
    }
  if (shown < choices->len)
    g_string_append (list, ", …");

  not_understood (command, hearth_grammar_say (parse->grammar, "which", list->str, NULL, NULL));
  g_string_free (list, TRUE);
  g_ptr_array_add (names, NULL);
  g_strfreev (command->candidates);
  command->candidates = (GStrv) g_ptr_array_steal (names, NULL);
}

/* Whether every word of @words is a word of @name (as people type it) */
static gboolean
name_has_words (HearthParse  *parse,
                const char   *name,
                GPtrArray    *words)
{
  g_auto(GStrv) name_words = hearth_words_split (name);
  const char * const *suffixes = hearth_grammar_get_suffixes (parse->grammar);

  for (guint i = 0; i < words->len; i++)
    {
      gboolean found = FALSE;

      for (guint j = 0; name_words[j] != NULL && !found; j++)
        found = hearth_words_similar (g_ptr_array_index (words, i), name_words[j], suffixes);
      if (!found)
        return FALSE;
    }
  return TRUE;
}

static gboolean
is_kind (HearthCommandTarget *target,
         const char          *kind)
{
  return g_str_equal (hearth_control_kind_to_string (hearth_control_get_kind (target->control)), kind);
}

/* The tiles (in the rooms named; of the kind named, when that leaves
 * any) whose names hold every word left over */
static GPtrArray *
tiles_named_in_part (HearthParse *parse,
                     GPtrArray   *rooms)
{
  GPtrArray *found = g_ptr_array_new ();
  guint n_of_kind = 0;

  for (guint i = 0; i < parse->all_targets->len; i++)
    {
      HearthCommandTarget *target = g_ptr_array_index (parse->all_targets, i);

      if (in_rooms (target, rooms) && name_has_words (parse, target->name, parse->unknown))
        {
          g_ptr_array_add (found, target);
          n_of_kind += parse->kind != NULL && is_kind (target, parse->kind);
        }
    }
  if (n_of_kind > 0)
    {
      for (guint i = 0; i < found->len; i++)
        {
          if (!is_kind (g_ptr_array_index (found, i), parse->kind))
            g_ptr_array_remove_index (found, i--);
        }
    }
  return found;
}


static void
add_target (GPtrArray           *targets,
            HearthCommandTarget *target)
{
  if (!g_ptr_array_find (targets, target, NULL))
    g_ptr_array_add (targets, target);
}

/* A question for a quantity about a tile: the device's own reading of it
 * ("how much power is the desk fan using") */
static void
readings_of (HearthParse *parse,
             GPtrArray   *targets)
{
  g_autoptr(GPtrArray) readings = g_ptr_array_new ();

  for (guint i = 0; i < targets->len; i++)
    {
      HearthCommandTarget *target = g_ptr_array_index (targets, i);

      for (guint j = 0; j < parse->all_targets->len; j++)
        {
          HearthCommandTarget *other = g_ptr_array_index (parse->all_targets, j);

          if (g_str_equal (other->device_id, target->device_id) &&
              g_strcmp0 (hearth_control_get_quantity (other->control), parse->quantity) == 0)
            add_target (readings, other);
        }
    }
  if (readings->len > 0)
    {
      g_ptr_array_set_size (targets, 0);
      g_ptr_array_extend (targets, readings, NULL, NULL);
    }
}

/* Whether @target tells what a question asks */
static gboolean
answers (HearthParse         *parse,
         HearthCommandTarget *target)
{
  HearthControl *control = target->control;

  if (parse->quantity == NULL)
    return hearth_control_get_kind (control) != HEARTH_CONTROL_KIND_SENSOR || parse->all == FALSE;
  if (g_str_equal (parse->quantity, "brightness"))
    return hearth_control_has_capability (control, HEARTH_CAPABILITY_BRIGHTNESS);
  if (g_str_equal (parse->quantity, "position"))
    return hearth_control_has_capability (control, HEARTH_CAPABILITY_POSITION);
  return g_strcmp0 (hearth_control_get_quantity (control), parse->quantity) == 0;
}

static char *
reading_text (HearthControl *control)
{
  double value = hearth_control_get_value (control);
  const char *unit = hearth_control_get_unit (control);
  g_autofree char *number = NULL;

  if (fabs (value - round (value)) < 0.05)
    number = g_strdup_printf ("%.0f", value);
  else
    number = g_strdup_printf ("%.1f", value);
  return unit != NULL && *unit != '\0' ? g_strdup_printf ("%s %s", number, unit) : g_steal_pointer (&number);
}

static char *
answer_one (HearthParse         *parse,
            HearthCommandTarget *target)
{
  HearthControl *control = target->control;
  HearthGrammar *grammar = parse->grammar;
  g_autofree char *value = NULL;

  if (!target->available)
    return hearth_grammar_say (grammar, "unreachable", target->name, NULL, NULL);
  if (parse->quantity != NULL && g_str_equal (parse->quantity, "brightness"))
    {
      value = g_strdup_printf ("%d %%", hearth_control_get_brightness (control));
      return hearth_grammar_say (grammar, "is-value", target->name, value, NULL);
    }

  switch (hearth_control_get_kind (control))
    {
    case HEARTH_CONTROL_KIND_SENSOR:
      value = reading_text (control);
      return hearth_grammar_say (grammar, "is-value", target->name, value, NULL);
    case HEARTH_CONTROL_KIND_COVER:
      switch (hearth_control_get_cover_state (control))
        {
        case HEARTH_COVER_STATE_OPENING:
        case HEARTH_COVER_STATE_CLOSING:
          return hearth_grammar_say (grammar, "is-moving", target->name, NULL, NULL);
        case HEARTH_COVER_STATE_CLOSED:
          return hearth_grammar_say (grammar, "is-closed", target->name, NULL, NULL);
        case HEARTH_COVER_STATE_STOPPED:
        case HEARTH_COVER_STATE_OPEN:
        default:
          if (hearth_control_get_position (control) == 0)
            return hearth_grammar_say (grammar, "is-closed", target->name, NULL, NULL);
          value = g_strdup_printf ("%d", MAX (hearth_control_get_position (control), 0));
          return hearth_grammar_say (grammar, "is-open", target->name, value, NULL);
        }
    case HEARTH_CONTROL_KIND_SWITCH:
    case HEARTH_CONTROL_KIND_LIGHT:
    default:
      return hearth_grammar_say (grammar, hearth_control_get_on (control) ? "is-on" : "is-off",
                                 target->name, NULL, NULL);
    }
}

static char *
answer (HearthParse *parse,
        GPtrArray   *targets)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < targets->len && i < MAX_ANSWERS; i++)
    {
      g_autofree char *one = answer_one (parse, g_ptr_array_index (targets, i));

      if (i > 0)
        g_string_append (text, "; ");
      g_string_append (text, one);
    }
  if (targets->len > MAX_ANSWERS)
    g_string_append (text, "; …");
  return g_string_free (text, FALSE);
}

/* "Desk lamp", "3 lights in Kitchen" */
static char *
describe_targets (HearthParse *parse,
                  GPtrArray   *targets,
                  GPtrArray   *rooms)
{
  HearthCommandTarget *first = g_ptr_array_index (targets, 0);
  const char *kind = hearth_control_kind_to_string (hearth_control_get_kind (first->control));
  g_autofree char *count = NULL;
  g_autofree char *key = NULL;
  g_autofree char *number = NULL;

  if (targets->len == 1)
    return g_strdup (first->name);

  for (guint i = 1; i < targets->len; i++)
    {
      if (!is_kind (g_ptr_array_index (targets, i), kind))
        kind = "any";
    }
  key = g_strconcat ("count ", kind, NULL);
  number = g_strdup_printf ("%u", targets->len);
  count = hearth_grammar_say (parse->grammar, key, number, NULL, NULL);
  if (rooms->len == 1)
    return hearth_grammar_say (parse->grammar, "in", count, g_ptr_array_index (rooms, 0), NULL);
  return g_steal_pointer (&count);
}

static char *
summarise (HearthParse   *parse,
           HearthCommand *command,
           GPtrArray     *rooms)
{
  g_autofree char *what = describe_targets (parse, command->targets, rooms);
  HearthGrammar *grammar = parse->grammar;
  GString *text = g_string_new (NULL);
  g_autofree char *number = NULL;

  switch (command->action)
    {
    case HEARTH_COMMAND_ON:
    case HEARTH_COMMAND_OFF:
    case HEARTH_COMMAND_TOGGLE:
    case HEARTH_COMMAND_OPEN:
    case HEARTH_COMMAND_CLOSE:
    case HEARTH_COMMAND_STOP:
    case HEARTH_COMMAND_STATE:
      {
        g_autofree char *said = hearth_grammar_say (grammar, hearth_command_action_to_string (command->action),
                                                    what, NULL, NULL);
        g_string_append (text, said);
      }
      break;
    case HEARTH_COMMAND_POSITION:
      {
        g_autofree char *said = NULL;

        number = g_strdup_printf ("%d", command->position);
        said = hearth_grammar_say (grammar, "position", what, number, NULL);
        g_string_append (text, said);
      }
      break;
    case HEARTH_COMMAND_NONE:
    case HEARTH_COMMAND_SET:
    case HEARTH_COMMAND_SCENE:
    default:
      break;
    }

  /* The values, each in its own words ("Turn on Desk lamp, Set Desk lamp to 30 %") */
  if (command->action == HEARTH_COMMAND_ON || command->action == HEARTH_COMMAND_SET)
    {
      const struct { int value; const char *key; } values[] = {
        { command->brightness, "brightness" },
        { command->temperature, "temperature" },
        { command->color, "color" },
      };

      for (guint i = 0; i < G_N_ELEMENTS (values); i++)
        {
          g_autofree char *shown = NULL;
          g_autofree char *said = NULL;

          if (values[i].value < 0)
            continue;
          if (g_str_equal (values[i].key, "color"))
            shown = g_strdup_printf ("%s (#%06x)", parse->color_words, (guint) values[i].value);
          else
            shown = g_strdup_printf ("%d", values[i].value);
          said = hearth_grammar_say (grammar, values[i].key, what, shown, NULL);
          if (text->len > 0)
            g_string_append (text, ", ");
          g_string_append (text, said);
        }
    }
  return g_string_free (text, FALSE);
}

/* Narrows a group to what can do the command; the targets named
 * explicitly must all be able to, or the command says which cannot */
static gboolean
check_targets (HearthParse   *parse,
               HearthCommand *command,
               gboolean       named)
{
  g_autoptr(HearthChange) change = hearth_command_dup_change (command);

  for (guint i = 0; i < command->targets->len; i++)
    {
      HearthCommandTarget *target = g_ptr_array_index (command->targets, i);
      g_autoptr(GError) error = NULL;
      gboolean able;

      if (command->action == HEARTH_COMMAND_STATE)
        able = answers (parse, target);
      else
        able = hearth_change_check (change, target->control, &error);
      if (able)
        continue;
      if (named && error != NULL)
        {
          not_understood (command, hearth_grammar_say (parse->grammar, "nothing-can", error->message, NULL, NULL));
          return FALSE;
        }
      g_ptr_array_remove_index (command->targets, i--);
    }

  if (command->targets->len == 0)
    {
      g_autofree char *what = g_strdup (parse->text);

      if (command->action == HEARTH_COMMAND_STATE && parse->quantity != NULL)
        not_understood (command, hearth_grammar_say (parse->grammar, "no-answer", parse->quantity, NULL, NULL));
      else
        not_understood (command, hearth_grammar_say (parse->grammar, "nothing-can", g_strstrip (what), NULL, NULL));
      return FALSE;
    }
  return TRUE;
}

/* The action and its values, from the words (and whether the targets are
 * covers, for whom a number is a position) */
static gboolean
decide_action (HearthParse   *parse,
               HearthCommand *command,
               GPtrArray     *targets)
{
  gboolean covers = targets->len > 0;
  int level = parse->percent >= 0 ? parse->percent : parse->level;
  const char *action = parse->action;

  for (guint i = 0; i < targets->len; i++)
    covers = covers && is_kind (g_ptr_array_index (targets, i), "cover");
  if (action != NULL && (g_str_equal (action, "open") || g_str_equal (action, "close")))
    covers = TRUE;

  if (level > 100)
    {
      g_autofree char *number = g_strdup_printf ("%d", level);

      not_understood (command, hearth_grammar_say (parse->grammar, "too-high", number,
                                                   covers ? "0–100" : "0–100 %", "100"));
      return FALSE;
    }
  if (parse->kelvin >= 0 && (parse->kelvin < 1000 || parse->kelvin > 10000))
    {
      g_autofree char *number = g_strdup_printf ("%d K", parse->kelvin);

      not_understood (command, hearth_grammar_say (parse->grammar, "too-high", number, "K", "10000 K"));
      return FALSE;
    }

  if (parse->question != NULL)
    {
      command->action = HEARTH_COMMAND_STATE;
      return TRUE;
    }

  if (covers)
    command->position = level;
  else
    command->brightness = level;
  command->temperature = parse->kelvin;
  command->color = parse->color;

  if (action == NULL)
    {
      if (command->position >= 0)
        command->action = HEARTH_COMMAND_POSITION;
      else if (command->brightness >= 0 || command->temperature >= 0 || command->color >= 0)
        command->action = HEARTH_COMMAND_SET;
    }
  else if (g_str_equal (action, "open") || g_str_equal (action, "close"))
    command->action = command->position >= 0 ? HEARTH_COMMAND_POSITION :
                      g_str_equal (action, "open") ? HEARTH_COMMAND_OPEN : HEARTH_COMMAND_CLOSE;
  else if (g_str_equal (action, "stop"))
    command->action = HEARTH_COMMAND_STOP;
  else if (g_str_equal (action, "on"))
    command->action = covers && command->position >= 0 ? HEARTH_COMMAND_POSITION : HEARTH_COMMAND_ON;
  else if (g_str_equal (action, "off"))
    command->action = HEARTH_COMMAND_OFF;
  else if (g_str_equal (action, "toggle"))
    command->action = HEARTH_COMMAND_TOGGLE;

  /* Off, toggle, open, close and stop take no values */
  if (command->action != HEARTH_COMMAND_ON && command->action != HEARTH_COMMAND_SET)
    command->brightness = command->temperature = command->color = -1;
  if (command->action != HEARTH_COMMAND_POSITION)
    command->position = -1;

  if (command->action == HEARTH_COMMAND_NONE)
    {
      not_understood (command, hearth_grammar_say (parse->grammar, "not-understood", parse->text, NULL, NULL));
      return FALSE;
    }
  return TRUE;
}

/* The scenes whose names hold every word left over */
static int
scene_named_in_part (HearthParse *parse,
                     guint       *n_found)
{
  int found = -1;

  *n_found = 0;
  for (guint i = 0; parse->scenes != NULL && parse->scenes[i] != NULL; i++)
    {
      if (parse->unknown->len > 0 && name_has_words (parse, parse->scenes[i], parse->unknown))
        {
          found = (int) i;
          (*n_found)++;
        }
    }
  return found;
}

void
hearth_command_decide (HearthParse   *parse,
                       HearthCommand *command)
{
  g_autoptr(GPtrArray) rooms = g_ptr_array_new ();
  g_autoptr(GPtrArray) targets = g_ptr_array_new ();
  g_autoptr(GPtrArray) tile_spans = g_ptr_array_new ();
  int scene = -1;
  gboolean named = FALSE;

  if (parse->n_words == 0)
    {
      not_understood (command, hearth_grammar_say (parse->grammar, "not-understood", parse->text, NULL, NULL));
      return;
    }

  for (guint s = 0; s < parse->spans->len; s++)
    {
      Span *span = g_ptr_array_index (parse->spans, s);
      guint first = g_array_index (span->entities, guint, 0);

      if (span->type == ENTITY_SCENE)
        scene = (int) first;
      else if (span->type == ENTITY_ROOM)
        {
          if (!g_ptr_array_find (rooms, g_ptr_array_index (parse->rooms, first), NULL))
            g_ptr_array_add (rooms, g_ptr_array_index (parse->rooms, first));
        }
      else
        g_ptr_array_add (tile_spans, span);
    }

  /* Named tiles, in the rooms named when that leaves any */
  for (guint s = 0; s < tile_spans->len; s++)
    {
      Span *span = g_ptr_array_index (tile_spans, s);
      g_autoptr(GPtrArray) choices = g_ptr_array_new ();
      g_autoptr(GPtrArray) everywhere = g_ptr_array_new ();

      for (guint e = 0; e < span->entities->len; e++)
        {
          HearthCommandTarget *target = g_ptr_array_index (parse->all_targets,
                                                           g_array_index (span->entities, guint, e));

          g_ptr_array_add (everywhere, target);
          if (in_rooms (target, rooms))
            g_ptr_array_add (choices, target);
        }
      if (choices->len == 0)
        g_ptr_array_extend (choices, everywhere, NULL, NULL);
      if (choices->len > 1 && !parse->plural && !parse->all)
        {
          ask_which (parse, command, choices);
          return;
        }
      g_ptr_array_extend (targets, choices, NULL, NULL);
      named = TRUE;
    }

  /* Words left over: a name said in part, or not a name at all */
  if (parse->unknown->len > 0)
    {
      g_autoptr(GPtrArray) choices = tiles_named_in_part (parse, rooms);
      guint n_scenes = 0;
      int partial_scene = -1;

      if (choices->len == 0)
        partial_scene = scene_named_in_part (parse, &n_scenes);
      if (choices->len == 0 && n_scenes == 1 && targets->len == 0)
        scene = partial_scene;
      else if (choices->len == 0)
        {
          g_autofree char *said = NULL;

          g_ptr_array_add (parse->unknown_typed, NULL);
          said = g_strjoinv (" ", (char **) parse->unknown_typed->pdata);
          g_ptr_array_remove_index (parse->unknown_typed, parse->unknown_typed->len - 1);
          not_understood (command, hearth_grammar_say (parse->grammar, "no-name", said, NULL, NULL));
          return;
        }
      else if (choices->len > 1 && !parse->plural && !parse->all)
        {
          ask_which (parse, command, choices);
          return;
        }
      else
        {
          g_ptr_array_extend (targets, choices, NULL, NULL);
          named = TRUE;
        }
    }

  /* A tile called by a word of the grammar ("Blinds"), said exactly: it,
   * unless "all" were meant, or it is not in the room named */
  if (targets->len == 0 && parse->unknown->len == 0 && !parse->all)
    {
      for (guint s = 0; s < parse->weak_spans->len; s++)
        {
          Span *span = g_ptr_array_index (parse->weak_spans, s);
          g_autoptr(GPtrArray) choices = g_ptr_array_new ();

          for (guint e = 0; e < span->entities->len; e++)
            {
              HearthCommandTarget *target = g_ptr_array_index (parse->all_targets,
                                                               g_array_index (span->entities, guint, e));

              if (in_rooms (target, rooms))
                g_ptr_array_add (choices, target);
            }
          if (choices->len > 1 && !parse->plural)
            {
              ask_which (parse, command, choices);
              return;
            }
          g_ptr_array_extend (targets, choices, NULL, NULL);
          named = named || choices->len > 0;
        }
    }

  /* A scene, when nothing else is named */
  if (scene >= 0 && targets->len == 0 && parse->question == NULL)
    {
      command->understood = TRUE;
      command->action = HEARTH_COMMAND_SCENE;
      command->scene = g_strdup (parse->scenes[scene]);
      command->summary = hearth_grammar_say (parse->grammar, "scene", command->scene, NULL, NULL);
      return;
    }

  /* A group: a room, the favourites, all of a kind, everything */
  if (!named)
    {
      if (rooms->len == 0 && !parse->favourites && parse->kind == NULL && !parse->all &&
          !(parse->question != NULL && parse->quantity != NULL))
        {
          if (parse->action == NULL && parse->question == NULL && parse->percent < 0 && parse->level < 0 &&
              parse->kelvin < 0 && parse->color < 0)
            not_understood (command, hearth_grammar_say (parse->grammar, "not-understood", parse->text, NULL, NULL));
          else
            not_understood (command, hearth_grammar_say (parse->grammar, "no-target", NULL, NULL, NULL));
          return;
        }
      for (guint i = 0; i < parse->all_targets->len; i++)
        {
          HearthCommandTarget *target = g_ptr_array_index (parse->all_targets, i);

          if (in_rooms (target, rooms) && (!parse->favourites || target->favourite) &&
              (parse->kind == NULL || is_kind (target, parse->kind)))
            g_ptr_array_add (targets, target);
        }
    }
  else if (parse->question != NULL && parse->quantity != NULL)
    readings_of (parse, targets);

  if (!decide_action (parse, command, targets))
    return;

  for (guint i = 0; i < targets->len; i++)
    g_ptr_array_add (command->targets, hearth_command_target_ref (g_ptr_array_index (targets, i)));
  if (!check_targets (parse, command, named))
    return;

  /* "the kitchen light", where the kitchen has two */
  if (!named && parse->kind != NULL && !parse->plural && !parse->all && command->targets->len > 1 &&
      command->action != HEARTH_COMMAND_STATE)
    {
      g_autoptr(GPtrArray) choices = g_ptr_array_new ();

      g_ptr_array_extend (choices, command->targets, NULL, NULL);
      ask_which (parse, command, choices);
      return;
    }

  command->understood = TRUE;
  command->summary = summarise (parse, command, rooms);
  if (command->action == HEARTH_COMMAND_STATE)
    command->answer = answer (parse, command->targets);
}
