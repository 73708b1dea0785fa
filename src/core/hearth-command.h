/* hearth-command.h: a command in plain words ("kitchen lights off",
 * "Schreibtischlampe auf 30 %"), understood against a home's names with a
 * language's grammar (hearth-grammar.h); hearth-command-run.c carries it
 * out
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "hearth-change.h"
#include "hearth-command-target.h"
#include "hearth-grammar.h"

G_BEGIN_DECLS

typedef enum
{
  HEARTH_COMMAND_NONE,
  HEARTH_COMMAND_ON,
  HEARTH_COMMAND_OFF,
  HEARTH_COMMAND_TOGGLE,
  HEARTH_COMMAND_SET,
  HEARTH_COMMAND_OPEN,
  HEARTH_COMMAND_CLOSE,
  HEARTH_COMMAND_STOP,
  HEARTH_COMMAND_POSITION,
  HEARTH_COMMAND_STATE,
  HEARTH_COMMAND_SCENE,
} HearthCommandAction;

/* What was understood. Numbers are -1 where they do not apply. */
typedef struct
{
  gboolean             understood;
  gboolean             reads_as_command;  /* it says what to do, or asks (else it may be a search) */
  HearthCommandAction  action;
  GPtrArray           *targets;      /* HearthCommandTarget; empty for a scene */
  int                  brightness;   /* 0–100 % */
  int                  temperature;  /* Kelvin */
  int                  color;        /* 0xRRGGBB */
  int                  position;     /* 0–100, 100 = open */
  char                *scene;        /* the scene's name as it is kept */
  char                *summary;      /* understood: what it does ("Turn off 3 lights in Kitchen") */
  char                *answer;       /* a question: the answer, from the targets' state */
  char                *message;      /* not understood: why, and what would help */
  GStrv                candidates;   /* ambiguous: the names to choose from (else empty) */
} HearthCommand;

/* Understands @text with @grammar, naming the tiles of @targets
 * (HearthCommandTarget, as hearth_command_targets_from_home() gives) and
 * the scenes of @scenes (NULL: none). Never NULL: a command that is not
 * understood says why in its message. */
HearthCommand *hearth_command_parse          (HearthGrammar        *grammar,
                                              const char           *text,
                                              GPtrArray            *targets,
                                              const char * const   *scenes);
void           hearth_command_free           (HearthCommand        *self);
/* "on", "off", "toggle", "set", "open", "close", "stop", "position",
 * "state", "scene"; NULL for none */
const char    *hearth_command_action_to_string (HearthCommandAction action);
/* The change it makes to each target (for an understood command whose
 * action is none of state and scene); setting a value other than
 * brightness 0 also switches on ("desk lamp 30 %") */
HearthChange  *hearth_command_dup_change     (const HearthCommand  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HearthCommand, hearth_command_free)

G_END_DECLS
