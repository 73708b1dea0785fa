/* fuzz-command.c: what a person types (a command in plain words), and a
 * grammar file, read as if it came from outside
 *
 * The first byte chooses: even, the rest is a command understood in
 * English or German against a small home; odd, the rest is a grammar file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "fuzz-common.h"

static HearthGrammar *grammars[2];
static GPtrArray *home;

static void
add_tile (const char        *device,
          HearthControlKind  kind,
          const char        *name,
          const char        *room,
          const char        *quantity)
{
  g_autoptr(HearthControl) control = hearth_control_new (name, kind, name);

  hearth_control_set_capabilities (control, kind == HEARTH_CONTROL_KIND_SENSOR ? HEARTH_CAPABILITY_VALUE :
                                            kind == HEARTH_CONTROL_KIND_COVER ? HEARTH_CAPABILITY_POSITION :
                                            HEARTH_CAPABILITY_ON_OFF | HEARTH_CAPABILITY_BRIGHTNESS |
                                            HEARTH_CAPABILITY_COLOR | HEARTH_CAPABILITY_TEMPERATURE);
  if (quantity != NULL)
    {
      hearth_control_set_quantity (control, quantity);
      hearth_control_set_unit (control, "°C");
      hearth_control_set_value (control, 21.5);
    }
  g_ptr_array_add (home, hearth_command_target_new (device, control, NULL, NULL, room, room == NULL, TRUE));
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_init ();
  grammars[0] = hearth_grammar_load ("en", NULL);
  grammars[1] = hearth_grammar_load ("de", NULL);
  g_assert (grammars[0] != NULL && grammars[1] != NULL);
  home = g_ptr_array_new_with_free_func ((GDestroyNotify) hearth_command_target_unref);
  add_tile ("a", HEARTH_CONTROL_KIND_LIGHT, "Kitchen ceiling", "Kitchen", NULL);
  add_tile ("b", HEARTH_CONTROL_KIND_LIGHT, "Kitchen cabinets", "Kitchen", NULL);
  add_tile ("c", HEARTH_CONTROL_KIND_LIGHT, "Light", "Küche", NULL);
  add_tile ("d", HEARTH_CONTROL_KIND_COVER, "Blinds", NULL, NULL);
  add_tile ("e", HEARTH_CONTROL_KIND_SWITCH, "Porch", NULL, NULL);
  add_tile ("e", HEARTH_CONTROL_KIND_SENSOR, "Climate", "Bedroom", "temperature");
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static const char * const scenes[] = { "Movie time", "Filmabend", "", NULL };
  g_autofree char *text = NULL;

  if (size == 0)
    return 0;

  text = g_strndup ((const char *) data + 1, size - 1);
  if (data[0] & 1)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(HearthGrammar) grammar = hearth_grammar_new ("xx", (const char *) data + 1, (gssize) size - 1, &error);

      g_assert ((grammar == NULL) == (error != NULL));
      if (grammar != NULL)
        {
          g_autoptr(HearthCommand) command = hearth_command_parse (grammar, "kitchen lights off", home, scenes);

          g_assert (command != NULL);
        }
      return 0;
    }

  {
    g_autoptr(HearthCommand) command = hearth_command_parse (grammars[(data[0] >> 1) & 1], text, home, scenes);
    g_autoptr(HearthChange) change = hearth_command_dup_change (command);

    g_assert (command->understood == (command->message == NULL));
    g_assert (!command->understood || command->summary != NULL);
    g_assert (command->candidates != NULL);
    if (command->understood && command->action != HEARTH_COMMAND_SCENE)
      g_assert (command->targets->len > 0);
    if (command->message != NULL)
      g_assert (g_utf8_validate (command->message, -1, NULL));
  }
  return 0;
}
