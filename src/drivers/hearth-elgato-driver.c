/* hearth-elgato-driver.c: Elgato Key Light, Key Light Air/Mini, Ring Light, Light Strip
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Announced as _elg._tcp on port 9123. The TXT "id" is the MAC, but the
 * device's identity is its serialNumber, which only GET
 * /elgato/accessory-info tells; so get_service_id returns NULL and
 * identification reads accessory-info.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "hearth-driver.h"

#include "hearth-elgato-driver.h"
#include "hearth-elgato-link.h"
#include "hearth-elgato-parse.h"

struct _HearthElgatoDriver
{
  GObject parent_instance;
};

static void hearth_elgato_driver_iface_init (HearthDriverInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HearthElgatoDriver, hearth_elgato_driver, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (HEARTH_TYPE_DRIVER,
                                                      hearth_elgato_driver_iface_init))

static const char * const service_types[] = { "_elg._tcp", NULL };

static const HearthDriverInfo info = {
  .family = "elgato",
  /* TRANSLATORS: the name of a device family (a brand), as the app shows it */
  .display_name = N_("Elgato"),
  .service_types = service_types,
  .default_port = HEARTH_ELGATO_DEFAULT_PORT,
  /* TXT id= is the MAC; the hardware id is the serial number. */
  .service_id_key = NULL,
  .identify_path = "/elgato/accessory-info",
  .identify_parse = hearth_elgato_parse_accessory_info,
  .identify_live = HEARTH_LIVE_POLL,
  .identify_not_ours = "Not an Elgato light",
  .new_link = hearth_elgato_link_new,
};

static void
hearth_elgato_driver_iface_init (HearthDriverInterface *iface)
{
  iface->info = &info;
}

static void
hearth_elgato_driver_class_init (HearthElgatoDriverClass *klass)
{
}

static void
hearth_elgato_driver_init (HearthElgatoDriver *self)
{
}
