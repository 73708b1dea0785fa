/* hearthctl-organise.c: the app's organising commands: rename and room
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Both write what a person chose for a tile to the store, as the app does
 * (the app follows the file and shows it at once), for the device TARGET
 * names and its CONTROL (default: its first that is not a sensor, as for
 * set).
 */
#include "config.h"

#include <glib/gi18n.h>

#include "hearth-control.h"
#include "hearth-error.h"
#include "hearth-json.h"
#include "hearth-store.h"
#include "hearthctl-commands.h"
#include "hearthctl-find.h"
#include "hearthctl-runner.h"

typedef enum
{
  ORGANISE_NAME,
  ORGANISE_ROOM,
} Organise;

static void
print_tile (HearthStore   *store,
            HearthDevice  *device,
            HearthControl *control,
            const char    *key)
{
  const char *name = hearth_store_get_name (store, key);
  const char *room = hearth_store_get_room (store, key);

  if (name == NULL)
    name = hearth_control_get_name (control);

  if (hearthctl_opt_json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) node = NULL;
      g_autofree char *text = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, hearth_device_get_id (device));
      json_builder_set_member_name (builder, "control");
      json_builder_add_string_value (builder, hearth_control_get_id (control));
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, name);
      json_builder_set_member_name (builder, "room");
      if (room != NULL)
        json_builder_add_string_value (builder, room);
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
      node = json_builder_get_root (builder);
      text = hearth_json_to_data (node, TRUE, NULL);
      g_print ("%s\n", text);
    }
  else if (room != NULL)
    /* TRANSLATORS: a tile's name, its device's name, then a room */
    g_print (_("%s (%s) is in %s\n"), name, hearth_device_get_name (device), room);
  else
    /* TRANSLATORS: a tile's name, then its device's name */
    g_print (_("%s (%s) is in no room\n"), name, hearth_device_get_name (device));
}

/* TARGET [CONTROL] VALUE: VALUE "" clears the choice */
static int
organise (HearthHome  *home,
          int          argc,
          char       **argv,
          Organise     what)
{
  g_autoptr(HearthStore) store = NULL;
  g_autofree char *key = NULL;
  GError *error = NULL;
  HearthDevice *device;
  HearthControl *control;
  const char *value;

  if (argc != 3 && argc != 4)
    return hearthctl_usage_error (what == ORGANISE_NAME ?
                                  _("“rename” takes a TARGET, maybe a CONTROL, and a NAME") :
                                  _("“room” takes a TARGET, maybe a CONTROL, and a ROOM"));
  value = argv[argc - 1];

  device = hearthctl_find_target (home, argv[1], &error);
  if (device == NULL)
    return hearthctl_fail (error);

  control = argc == 4 ? hearthctl_find_control (device, argv[2])
                      : hearthctl_first_actionable_control (device);
  if (control == NULL && argc == 4)
    {
      g_printerr ("hearthctl: %s\n", _("No such control. The device has:"));
      hearthctl_print_device (device);
      return EXIT_USAGE;
    }
  if (control == NULL)
    return hearthctl_fail (g_error_new (HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED,
                                        /* TRANSLATORS: %s is a device's name */
                                        _("%s has only sensors: name one as CONTROL"),
                                        hearth_device_get_name (device)));

  store = hearthctl_open_store ();
  key = hearth_store_key (hearth_device_get_id (device), hearth_control_get_id (control));
  if (what == ORGANISE_NAME)
    hearth_store_set_name (store, key, value);
  else
    hearth_store_set_room (store, key, value);
  if (!hearth_store_flush (store, &error))
    return hearthctl_fail (error);

  print_tile (store, device, control, key);
  return EXIT_OK;
}

int
cmd_rename (HearthHome  *home,
            int          argc,
            char       **argv)
{
  return organise (home, argc, argv, ORGANISE_NAME);
}

int
cmd_room (HearthHome  *home,
          int          argc,
          char       **argv)
{
  return organise (home, argc, argv, ORGANISE_ROOM);
}
