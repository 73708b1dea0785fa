/* hearthctl-manage.c: the commands that change what Hearth remembers: add, forget
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "hearth-error.h"
#include "hearth-host.h"
#include "hearthctl-address.h"
#include "hearthctl-commands.h"
#include "hearthctl-find.h"
#include "hearthctl-runner.h"

/* How to give the password of the device at (or called) @target */
static void
explain_login (const char *target)
{
  g_autofree char *hint = NULL;

  /* TRANSLATORS: %s is what the person typed: an address (HOST or
   * HOST:PORT), a device id or a name */
  hint = g_strdup_printf (_("It asks for a password: give it with “hearthctl login %s” "
                            "(it is read from standard input)"), target);
  g_printerr ("hearthctl: %s\n", hint);
}

int
cmd_add (HearthHome  *home,
         int          argc,
         char       **argv)
{
  g_autoptr(HearthStore) store = NULL;
  g_autoptr(HearthDevice) device = NULL;
  g_autoptr(GError) wait_error = NULL;
  g_autoptr(HearthHost) host = NULL;
  GError *error = NULL;

  if (argc != 2)
    return hearthctl_usage_error (_("“add” takes one HOST[:PORT]"));

  host = hearth_host_new_parse (argv[1], &error);
  if (host == NULL)
    return hearthctl_fail (error);

  store = hearthctl_open_store ();

  device = hearthctl_add_address (home, store, host, &error);
  if (device == NULL)
    {
      /* Nothing to keep: without its password it did not even say what
       * it is (a Tasmota or an ESPHome node with a web password). */
      gboolean password = g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_NEEDS_PASSWORD) ||
                          g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PASSWORD);
      int status = hearthctl_fail (error);

      if (password)
        explain_login (argv[1]);
      return status;
    }

  /* It answered: kept for good, even when it cannot say more now (a
   * password, say); with its controls when it can. */
  if (!hearthctl_device_ready (home, device, &wait_error))
    {
      g_printerr ("hearthctl: %s\n", wait_error->message);
      if (g_error_matches (wait_error, HEARTH_ERROR, HEARTH_ERROR_NEEDS_PASSWORD))
        explain_login (argv[1]);
    }

  hearth_store_add_host (store, hearth_host_get_host (host), hearth_host_get_port (host));
  hearth_store_remember_device (store, device);
  if (!hearth_store_flush (store, &error))
    return hearthctl_fail (error);

  hearthctl_print_device (device);
  return EXIT_OK;
}

/* The home forgets the device @id, and the keyring its password or token
 * (@kept: whether one was kept; none kept, or no keyring to ask, is no
 * error). Waited for: the process must not end before it is done. */
static gboolean
forget_secret (HearthHome  *home,
               const char  *id,
               gboolean    *kept,
               GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  hearth_home_forget_async (home, id, NULL, hearthctl_store_result, &result);
  hearthctl_wait_for (hearthctl_result_is_set, &result, G_MAXINT);
  return hearth_home_forget_finish (home, result, kept, error);
}

int
cmd_forget (HearthHome  *home,
            int          argc,
            char       **argv)
{
  g_autoptr(HearthStore) store = NULL;
  g_autoptr(GPtrArray) known = NULL;
  g_autoptr(GPtrArray) hosts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(HearthHost) host = NULL;
  g_autofree char *folded = NULL;
  const char * const *entries;
  const char *target;
  GError *error = NULL;
  guint forgotten = 0;
  gboolean in_file;
  int status = EXIT_OK;

  if (argc != 2)
    return hearthctl_usage_error (_("“forget” takes one TARGET"));

  target = argv[1];
  if (hearthctl_looks_like_address (target))
    {
      host = hearth_host_new_parse (target, &error);
      if (host == NULL)
        return hearthctl_fail (error);
    }

  /* Only the file and the keyring: nothing on the network is asked. */
  store = hearthctl_open_store ();
  known = hearth_store_dup_known_devices (store);
  folded = g_utf8_casefold (target, -1);

  for (guint i = 0; i < known->len; i++)
    {
      HearthDevice *device = g_ptr_array_index (known, i);
      g_autofree char *name = g_utf8_casefold (hearth_device_get_name (device), -1);

      if (g_str_equal (hearth_device_get_id (device), target) || g_str_equal (name, folded) ||
          (host != NULL && hearth_host_matches (host, hearth_device_get_host (device), hearth_device_get_port (device))))
        {
          g_print (_("Forgot %s (%s)\n"), hearth_device_get_name (device), hearth_device_get_id (device));
          hearth_store_forget_device (store, hearth_device_get_id (device));
          g_ptr_array_add (ids, g_strdup (hearth_device_get_id (device)));
          forgotten++;
        }
    }

  /* A host added by hand that never answered has no device to go with it */
  entries = hearth_store_get_hosts (store);
  for (guint i = 0; host != NULL && entries[i] != NULL; i++)
    {
      g_autoptr(HearthHost) entry = hearth_host_new_parse (entries[i], NULL);

      if (entry != NULL &&
          hearth_host_matches (host, hearth_host_get_host (entry), hearth_host_get_port (entry)))
        g_ptr_array_add (hosts, g_strdup (entries[i]));
    }
  for (guint i = 0; i < hosts->len; i++)
    {
      g_autoptr(HearthHost) entry = hearth_host_new_parse (g_ptr_array_index (hosts, i), NULL);

      hearth_store_remove_host (store, hearth_host_get_host (entry), hearth_host_get_port (entry));
      g_print (_("Forgot the address %s\n"), (const char *) g_ptr_array_index (hosts, i));
      forgotten++;
    }

  /* A device never kept in the file (found by mDNS, logged in to) may
   * still have its password in the keyring: named by its id, it goes. */
  in_file = forgotten > 0;
  if (!in_file && host == NULL)
    g_ptr_array_add (ids, g_strdup (target));

  if (in_file && !hearth_store_flush (store, &error))
    return hearthctl_fail (error);

  /* And its password or token: a device found again is logged in or
   * paired anew */
  for (guint i = 0; i < ids->len; i++)
    {
      const char *id = g_ptr_array_index (ids, i);
      g_autoptr(GError) keyring_error = NULL;
      gboolean kept = FALSE;

      if (!forget_secret (home, id, &kept, &keyring_error))
        {
          /* TRANSLATORS: %s is a device id */
          g_autofree char *message = g_strdup_printf (_("The keyring did not forget the password of %s"), id);

          g_printerr ("hearthctl: %s: %s\n", message, keyring_error->message);
          status = EXIT_FAILURE_DEVICE;
          forgotten++;
        }
      else if (kept)
        {
          g_print (_("Forgot the password kept for %s\n"), id);
          forgotten++;
        }
    }

  if (forgotten == 0)
    return hearthctl_fail (g_error_new (HEARTH_ERROR, HEARTH_ERROR_NOT_FOUND,
                                        _("No device that Hearth remembers is called or at “%s”"), target));

  return status;
}
