/* hearthctl.c: the engine on the command line: the options common to
 * every command, the usage, and main(), which makes the home and hands the
 * words to a command (hearthctl-commands.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>

#include "hearth-drivers.h"

#include "hearthctl-commands.h"
#include "hearthctl-runner.h"

/* Negative: not given (discovery looks 3 s, pairing waits the device's window) */
double   hearthctl_opt_timeout = -1.0;
gboolean hearthctl_opt_json;
char    *hearthctl_opt_user;
gboolean hearthctl_opt_dry_run;
char    *hearthctl_opt_language;

static const GOptionEntry common_entries[] = {
  { "json", 0, 0, G_OPTION_ARG_NONE, &hearthctl_opt_json, N_("Print JSON"), NULL },
  { "timeout", 't', 0, G_OPTION_ARG_DOUBLE, &hearthctl_opt_timeout,
    N_("Seconds to look for devices on the network (default 3); for pair, to wait for the button"),
    N_("SECONDS") },
  { "user", 'u', 0, G_OPTION_ARG_STRING, &hearthctl_opt_user,
    N_("The user name for login (default: the device’s usual one)"), N_("NAME") },
  { "dry-run", 0, 0, G_OPTION_ARG_NONE, &hearthctl_opt_dry_run,
    N_("For say: tell what would be done, and do nothing"), NULL },
  { "language", 0, 0, G_OPTION_ARG_STRING, &hearthctl_opt_language,
    N_("For say: the language of the words (en, de; default: the locale’s)"), N_("LANG") },
  { "since", 0, 0, G_OPTION_ARG_STRING, &hearthctl_opt_since,
    N_("For history: how far back (24h, 7d, 30d, N hours or days; default 24h)"), N_("SPAN") },
  { "csv", 0, 0, G_OPTION_ARG_NONE, &hearthctl_opt_csv, N_("For history: print CSV"), NULL },
  { NULL }
};

static const char usage_text[] =
  N_("Commands:\n"
     "  discover [--timeout S] [--json]      List the devices found on the network\n"
     "  status TARGET [--json]               Show a device and all its controls\n"
     "  set TARGET [CONTROL] ACTION...       Change a control, then show the device\n"
     "  watch TARGET [--json]                Print each change as it happens\n"
     "  add HOST[:PORT] [--json]             Add the device at an address for good\n"
     "                                       (one that asks for a password: use login)\n"
     "  forget TARGET                        Forget a device added or known before,\n"
     "                                       and its password in the keyring\n"
     "  login TARGET [--user NAME]           Check a password (read from standard input)\n"
     "                                       and keep it in the keyring; TARGET may be\n"
     "                                       the HOST[:PORT] of a device that tells\n"
     "                                       nothing without it: it is added too\n"
     "  pair TARGET [--timeout S]            Pair with a device’s button; keep the token\n"
     "  scene list [--json]                  List the scenes and their members\n"
     "  scene save NAME TARGET...            Save the state of the TARGETs as a scene;\n"
     "                                       TARGET: a device, DEVICE/CONTROL, or a room\n"
     "  scene NAME [--json]                  Recall a scene (exit 1 when a member failed)\n"
     "  scene delete NAME                    Delete a scene (scene rename NAME NEW too)\n"
     "  rename TARGET [CONTROL] NAME [--json]\n"
     "                                       Name a tile (\"\" gives it the device’s own)\n"
     "  room TARGET [CONTROL] ROOM [--json]  Put a tile in a room (\"\" takes it out)\n"
     "  say TEXT… [--dry-run] [--json] [--language LANG]\n"
     "                                       Do what the words say: “kitchen lights off”,\n"
     "                                       “desk lamp to half”, “is the porch on”\n"
     "  history TARGET [CONTROL] [--since 24h|7d|30d] [--json|--csv]\n"
     "                                       A device’s power over time, as the app\n"
     "                                       recorded it\n"
     "\n"
     "TARGET is a device id, a device name, or an address HOST[:PORT].\n"
     "Devices added by hand are kept in the same file as the app’s\n"
     "($HEARTH_STORE names another one), and found by discover and status.\n"
     "ACTION is on, off, toggle, brightness=N (0–100), temperature=K,\n"
     "color=#RRGGBB, position=N (0–100, 100 is open), open, close, stop\n"
     "or effect=NAME.");

/* The commands, each given the words from its name on */
static const struct
{
  const char *name;
  int       (*run) (HearthHome  *home,
                    int          argc,
                    char       **argv);
} commands[] = {
  { "discover", cmd_discover },
  { "status", cmd_status },
  { "set", cmd_set },
  { "watch", cmd_watch },
  { "add", cmd_add },
  { "forget", cmd_forget },
  { "login", cmd_login },
  { "pair", cmd_pair },
  { "scene", cmd_scene },
  { "rename", cmd_rename },
  { "room", cmd_room },
  { "say", cmd_say },
  { "history", cmd_history },
};

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(HearthHome) home = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *message = NULL;
  const char *command;
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  hearth_home_raise_file_limit ();

  context = g_option_context_new (_("COMMAND [ARGUMENTS…] — control the devices in your home"));
  g_option_context_add_main_entries (context, common_entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context, _(usage_text));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return hearthctl_usage_error (error->message);

  if (argc < 2)
    {
      summary = g_option_context_get_help (context, TRUE, NULL);
      g_printerr ("%s", summary);
      return EXIT_USAGE;
    }

  command = argv[1];
  /* Here, and only here, hearthctl chooses the families it knows */
  home = hearthctl_home_new (hearth_drivers_new_all ());

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (g_str_equal (command, commands[i].name))
        {
          status = commands[i].run (home, argc - 1, argv + 1);
          fflush (stdout);
          return status;
        }
    }

  message = g_strdup_printf (_("Unknown command “%s”"), command);
  return hearthctl_usage_error (message);
}
