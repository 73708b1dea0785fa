/* hearthctl-login.c: the commands that give a device its secret: login, pair
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>
#include <termios.h>
#include <unistd.h>

#include "hearth-error.h"
#include "hearth-pairing.h"
#include "hearth-secret.h"
#include "hearthctl-commands.h"
#include "hearthctl-find.h"
#include "hearthctl-runner.h"

/* One line from standard input, without its line end; without echo when
 * it is a terminal. NULL at end of input. */
static char *
read_password (const char *prompt)
{
  struct termios saved, quiet;
  gboolean tty = isatty (STDIN_FILENO);
  GString *line = g_string_new (NULL);
  int c;

  if (tty)
    {
      g_printerr ("%s", prompt);
      tcgetattr (STDIN_FILENO, &saved);
      quiet = saved;
      quiet.c_lflag &= ~(tcflag_t) ECHO;
      quiet.c_lflag |= ECHONL;
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet);
    }

  while ((c = getchar ()) != EOF && c != '\n')
    g_string_append_c (line, (char) c);

  if (tty)
    tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved);

  if (line->len > 0 && line->str[line->len - 1] == '\r')
    g_string_truncate (line, line->len - 1);

  if (c == EOF && line->len == 0)
    {
      hearth_secret_free (g_string_free (line, FALSE));
      return NULL;
    }
  return g_string_free (line, FALSE);
}

/* Found, and answering (even if only to say what it needs) */
static HearthDevice *
find_device_answering (HearthHome  *home,
                       const char  *target,
                       GError     **error)
{
  HearthDevice *device = hearthctl_find_device (home, target, error);

  if (device == NULL)
    return NULL;

  hearthctl_wait_for (hearthctl_device_settled, device, STATE_TIMEOUT_MS);
  switch (hearth_device_get_state (device))
    {
    case HEARTH_DEVICE_STATE_ONLINE:
    case HEARTH_DEVICE_STATE_NEEDS_PASSWORD:
    case HEARTH_DEVICE_STATE_NEEDS_PAIRING:
      return device;
    case HEARTH_DEVICE_STATE_CONNECTING:
    case HEARTH_DEVICE_STATE_UNAVAILABLE:
    case HEARTH_DEVICE_STATE_WRONG_DEVICE:
    default:
      return hearthctl_device_ready (home, device, error) ? device : NULL;
    }
}

/* As hearthctl_fail(), but a password the device refused is said so */
static int
fail_login (GError *error)
{
  if (g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PASSWORD) ||
      g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_NEEDS_PASSWORD))
    {
      g_printerr ("hearthctl: %s\n", _("The password was refused"));
      g_error_free (error);
      return EXIT_FAILURE_DEVICE;
    }
  return hearthctl_fail (error);
}

/* The device took the password, and the keyring did not keep it */
static int
fail_keyring (const GError *keyring_error)
{
  g_printerr ("hearthctl: %s: %s\n",
              _("The password is right, but the keyring did not keep it"), keyring_error->message);
  return EXIT_FAILURE_DEVICE;
}

/* The device took the password and the keyring kept it: the store keeps
 * the user name for later runs (none: the family's usual one), and, for a
 * device logged in to at an address (@host), that address and the id
 * found at it */
static int
keep_login (HearthDevice     *device,
            const HearthHost *host)
{
  g_autoptr(HearthStore) store = NULL;
  GError *error = NULL;

  store = hearthctl_open_store ();
  if (host != NULL)
    {
      hearth_store_add_host (store, hearth_host_get_host (host), hearth_host_get_port (host));
      hearth_store_remember_device (store, device);
    }
  hearth_store_set_login_user (store, hearth_device_get_id (device), hearthctl_opt_user);
  if (!hearth_store_flush (store, &error))
    return hearthctl_fail (error);

  g_printerr (_("Logged in to %s; the password is kept in the keyring\n"), hearth_device_get_name (device));
  hearthctl_print_device (device);
  return EXIT_OK;
}

/* A device that tells nothing about itself without its password (a
 * Tasmota or an ESPHome node with a web password) is identified with it;
 * then the password is kept for the id it tells (by the home, once the
 * device identified itself with it), and its address for good, as "add"
 * does. Nothing is kept when the password is refused. */
static int
login_at_address (HearthHome *home,
                  const char *target)
{
  g_autoptr(HearthSecret) password = NULL;
  g_autoptr(HearthHost) host = NULL;
  g_autoptr(HearthDevice) device = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) keyring_error = NULL;
  g_autofree char *prompt = NULL;
  GError *error = NULL;

  host = hearth_host_new_parse (target, &error);
  if (host == NULL)
    return hearthctl_fail (error);

  /* TRANSLATORS: %s is an address, HOST or HOST:PORT */
  prompt = g_strdup_printf (_("Password for the device at %s: "), target);
  password = read_password (prompt);
  if (password == NULL || *password == '\0')
    return hearthctl_usage_error (_("No password on standard input"));

  /* The home keeps the password in the keyring once the device took it */
  hearth_home_add_host_async (home, host, hearthctl_opt_user, password,
                              NULL, hearthctl_store_result, &result);
  hearthctl_wait_for (hearthctl_result_is_set, &result, G_MAXINT);
  device = hearth_home_add_host_finish (home, result, &keyring_error, &error);
  if (device == NULL)
    return fail_login (error);

  /* With its controls, before anything more is kept */
  if (!hearthctl_device_ready (home, device, &error))
    return fail_login (error);

  if (keyring_error != NULL)
    return fail_keyring (keyring_error);

  /* Found again on later runs: the store knows its id at that address and
   * the user name, and the keyring the password for that id */
  return keep_login (device, host);
}

int
cmd_login (HearthHome  *home,
           int          argc,
           char       **argv)
{
  g_autoptr(HearthSecret) password = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) keyring_error = NULL;
  g_autofree char *prompt = NULL;
  GError *error = NULL;
  HearthDevice *device;

  if (argc != 2)
    return hearthctl_usage_error (_("“login” takes one TARGET; the password comes from standard input"));

  device = find_device_answering (home, argv[1], &error);
  if (device == NULL)
    {
      /* Tells nothing without its password, not even what it is */
      if (hearthctl_looks_like_address (argv[1]) &&
          (g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_NEEDS_PASSWORD) ||
           g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PASSWORD)))
        {
          g_clear_error (&error);
          return login_at_address (home, argv[1]);
        }
      return hearthctl_fail (error);
    }

  if (hearth_device_get_state (device) == HEARTH_DEVICE_STATE_NEEDS_PAIRING)
    return hearthctl_fail (g_error_new (HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED,
                                        _("%s is paired with a button, not a password: hearthctl pair %s"),
                                        hearth_device_get_name (device), argv[1]));

  prompt = g_strdup_printf (_("Password for %s: "), hearth_device_get_name (device));
  password = read_password (prompt);
  if (password == NULL || *password == '\0')
    return hearthctl_usage_error (_("No password on standard input"));

  /* Checked against the device before anything is kept (no user name
   * given: the family's usual one) */
  hearth_home_log_in_async (home, device, hearthctl_opt_user, password,
                            NULL, hearthctl_store_result, &result);
  hearthctl_wait_for (hearthctl_result_is_set, &result, G_MAXINT);
  if (!hearth_home_log_in_finish (home, result, &keyring_error, &error))
    return fail_login (error);

  if (keyring_error != NULL)
    return fail_keyring (keyring_error);

  /* The user name in the store, for later runs (none: the usual one) */
  return keep_login (device, NULL);
}

/* "Waiting for the button: 12 seconds left", written over itself */
static void
on_pairing_seconds_left_notify (HearthPairing *pairing,
                                GParamSpec    *pspec,
                                gpointer       user_data)
{
  int n = (int) hearth_pairing_get_seconds_left (pairing);

  if (!hearth_pairing_get_waiting (pairing))
    return;

  g_printerr ("\r");
  g_printerr (ngettext ("Waiting for the button: %d second left",
                        "Waiting for the button: %d seconds left", n), n);
  g_printerr ("  ");
}

int
cmd_pair (HearthHome  *home,
          int          argc,
          char       **argv)
{
  g_autoptr(HearthPairing) pairing = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) keyring_error = NULL;
  GError *error = NULL;
  HearthDevice *device;
  guint seconds;

  if (argc != 2)
    return hearthctl_usage_error (_("“pair” takes one TARGET"));

  device = find_device_answering (home, argv[1], &error);
  if (device == NULL)
    return hearthctl_fail (error);

  if (!hearth_home_can_pair (home, device))
    return hearthctl_fail (g_error_new (HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED,
                                        _("%s needs no pairing"), hearth_device_get_name (device)));

  /* 0: the device's own window; a part of a second given counts whole */
  seconds = hearthctl_opt_timeout > 0 ? (guint) ceil (hearthctl_opt_timeout) : 0;

  /* One attempt about every second while the device's window is open */
  pairing = hearth_home_pair_async (home, device, seconds, NULL, hearthctl_store_result, &result);
  g_printerr ("%s\n", hearth_pairing_get_hint (pairing));
  on_pairing_seconds_left_notify (pairing, NULL, NULL);
  g_signal_connect (pairing, "notify::seconds-left", G_CALLBACK (on_pairing_seconds_left_notify), NULL);
  hearthctl_wait_for (hearthctl_result_is_set, &result, G_MAXINT);
  g_signal_handlers_disconnect_by_func (pairing, on_pairing_seconds_left_notify, NULL);
  g_printerr ("\n");

  if (!hearth_home_pair_finish (home, result, &keyring_error, &error))
    return hearthctl_fail (error);

  if (keyring_error != NULL)
    {
      g_printerr ("hearthctl: %s: %s\n",
                  _("Paired, but the keyring did not keep the token; pair again later"),
                  keyring_error->message);
      return EXIT_FAILURE_DEVICE;
    }

  /* A device added by address now has its hardware id: another object */
  device = hearth_pairing_get_device (pairing);
  g_printerr (_("Paired with %s; the token is kept in the keyring\n"), hearth_device_get_name (device));

  /* Now the device can say how it is: the link reconnected with the token */
  if (!hearthctl_device_ready (home, device, &error))
    return hearthctl_fail (error);

  hearthctl_print_device (device);
  return EXIT_OK;
}
