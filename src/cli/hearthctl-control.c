/* hearthctl-control.c: the command that changes a control: set
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "hearth-change.h"
#include "hearth-control.h"
#include "hearth-error.h"
#include "hearthctl-commands.h"
#include "hearthctl-find.h"
#include "hearthctl-runner.h"

/* "effect=rainbow" finds "Rainbow" */
static void
match_effect_name (HearthChange  *change,
                   HearthControl *control)
{
  const char * const *effects = hearth_control_get_effects (control);
  g_autofree char *wanted = NULL;

  if (!(change->fields & HEARTH_CHANGE_EFFECT) || effects == NULL)
    return;

  wanted = g_utf8_casefold (change->effect, -1);
  for (guint i = 0; effects[i] != NULL; i++)
    {
      g_autofree char *candidate = g_utf8_casefold (effects[i], -1);

      if (g_str_equal (candidate, wanted))
        {
          g_free (change->effect);
          change->effect = g_strdup (effects[i]);
          return;
        }
    }
}

int
cmd_set (HearthHome  *home,
         int          argc,
         char       **argv)
{
  g_autoptr(HearthChange) change = hearth_change_new ();
  g_autoptr(GPtrArray) controls = g_ptr_array_new ();
  g_autoptr(GAsyncResult) result = NULL;
  GError *error = NULL;
  HearthDevice *device;
  HearthControl *control = NULL;
  const char *control_name = NULL;
  int first_action = 2;

  if (argc < 3)
    return hearthctl_usage_error (_("“set” takes a TARGET and at least one ACTION"));

  /* The word after TARGET is a CONTROL when it is not an action. */
  {
    g_autoptr(HearthChange) probe = hearth_change_new ();

    /* "brightness=-5" is an action, however wrong its value: its
     * message is the one to show */
    if (strchr (argv[2], '=') == NULL && !hearth_change_parse_action (probe, argv[2], NULL))
      {
        control_name = argv[2];
        first_action = 3;
      }
  }

  if (first_action >= argc)
    return hearthctl_usage_error (_("“set” needs at least one ACTION after the control"));

  for (int i = first_action; i < argc; i++)
    {
      if (!hearth_change_parse_action (change, argv[i], &error))
        return hearthctl_fail (error);
    }

  device = hearthctl_find_target (home, argv[1], &error);
  if (device == NULL)
    return hearthctl_fail (error);

  if (control_name != NULL)
    {
      control = hearthctl_find_control (device, control_name);
      if (control == NULL)
        {
          g_printerr ("hearthctl: %s\n", _("No such control. The device has:"));
          hearthctl_print_device (device);
          return EXIT_USAGE;
        }
    }
  else
    {
      control = hearthctl_first_actionable_control (device);
      if (control == NULL)
        return hearthctl_fail (g_error_new (HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED,
                                            _("%s has nothing to switch: it only has sensors"),
                                            hearth_device_get_name (device)));
    }

  match_effect_name (change, control);

  g_ptr_array_add (controls, control);
  hearth_home_apply_async (home, controls, change, NULL, hearthctl_store_result, &result);
  hearthctl_wait_for (hearthctl_result_is_set, &result, G_MAXINT);
  if (!hearth_home_apply_finish (home, result, &error))
    return hearthctl_fail (error);

  hearthctl_print_device (device);
  return EXIT_OK;
}
