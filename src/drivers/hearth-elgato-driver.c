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
#include "hearth-service.h"

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

static const char *
hearth_elgato_driver_get_family (HearthDriver *driver)
{
  return "elgato";
}

static const char *
hearth_elgato_driver_get_display_name (HearthDriver *driver)
{
  /* TRANSLATORS: the name of a device family (a brand), as the app shows it */
  return _("Elgato");
}

static const char * const *
hearth_elgato_driver_get_service_types (HearthDriver *driver)
{
  static const char * const types[] = { "_elg._tcp", NULL };

  return types;
}

static guint16
hearth_elgato_driver_get_default_port (HearthDriver *driver)
{
  return HEARTH_ELGATO_DEFAULT_PORT;
}

static gboolean
hearth_elgato_driver_claims_service (HearthDriver  *driver,
                                     HearthService *service)
{
  return g_strcmp0 (hearth_service_get_type_name (service), "_elg._tcp") == 0;
}

static char *
hearth_elgato_driver_get_service_id (HearthDriver  *driver,
                                     HearthService *service)
{
  /* TXT id= is the MAC; the hardware id is the serial number. */
  return NULL;
}

static void
hearth_elgato_driver_identify_async (HearthDriver        *driver,
                                     HearthHttpQueue     *queue,
                                     HearthService       *service,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  hearth_driver_identify_by_get (driver, queue, "/elgato/accessory-info", NULL, NULL,
                                 hearth_elgato_parse_accessory_info, HEARTH_LIVE_POLL,
                                 "Not an Elgato light", cancellable, callback, user_data);
}

static HearthLink *
hearth_elgato_driver_create_link (HearthDriver *driver,
                                  HearthDevice *device,
                                  HearthHttp   *http)
{
  return hearth_elgato_link_new (device, http);
}

static void
hearth_elgato_driver_iface_init (HearthDriverInterface *iface)
{
  iface->get_family = hearth_elgato_driver_get_family;
  iface->get_display_name = hearth_elgato_driver_get_display_name;
  iface->get_service_types = hearth_elgato_driver_get_service_types;
  iface->get_default_port = hearth_elgato_driver_get_default_port;
  iface->claims_service = hearth_elgato_driver_claims_service;
  iface->get_service_id = hearth_elgato_driver_get_service_id;
  iface->identify_async = hearth_elgato_driver_identify_async;
  iface->create_link = hearth_elgato_driver_create_link;
}

static void
hearth_elgato_driver_class_init (HearthElgatoDriverClass *klass)
{
}

static void
hearth_elgato_driver_init (HearthElgatoDriver *self)
{
}
