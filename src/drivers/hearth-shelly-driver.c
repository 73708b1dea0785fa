/* hearth-shelly-driver.c: Shelly Gen2, Gen3 and Gen4 (JSON-RPC)
 *
 * Gen1 Shellies answer /shelly too, but without "gen": they are another
 * family's, so identification says HEARTH_ERROR_UNSUPPORTED for them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "hearth-service.h"
#include "hearth-shelly-driver.h"
#include "hearth-shelly-link.h"
#include "hearth-shelly-parse.h"

struct _HearthShellyDriver
{
  GObject parent_instance;
};

static void hearth_shelly_driver_iface_init (HearthDriverInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HearthShellyDriver, hearth_shelly_driver, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (HEARTH_TYPE_DRIVER,
                                                      hearth_shelly_driver_iface_init))

static gboolean
txt_says_rpc_generation (HearthService *service)
{
  const char *gen = hearth_service_lookup_txt (service, "gen");

  return g_strcmp0 (gen, "2") == 0 ||
         g_strcmp0 (gen, "3") == 0 ||
         g_strcmp0 (gen, "4") == 0;
}

static gboolean
hearth_shelly_driver_claims_service (HearthDriver  *driver,
                                     HearthService *service)
{
  const char *type = hearth_service_get_type_name (service);
  const char *name = hearth_service_get_name (service);

  if (g_strcmp0 (type, "_shelly._tcp") == 0)
    return TRUE;

  if (g_strcmp0 (type, "_http._tcp") != 0)
    return FALSE;

  /* _http._tcp is noisy: only what looks like a Shelly */
  if (name != NULL && g_ascii_strncasecmp (name, "shelly", 6) == 0)
    return TRUE;

  return txt_says_rpc_generation (service);
}

static char *
hearth_shelly_driver_get_service_id (HearthDriver  *driver,
                                     HearthService *service)
{
  const char *id = hearth_service_lookup_txt (service, "id");

  if (id == NULL || *id == '\0')
    return NULL;

  /* Device ids and realms are lowercase */
  return g_ascii_strdown (id, -1);
}

static HearthDevice *
parse_shelly (JsonNode  *root,
              GError   **error)
{
  g_autoptr(HearthShellyInfo) info = hearth_shelly_info_parse (root, error);

  return info != NULL ? hearth_shelly_info_to_device (info, NULL, 0) : NULL;
}

static const char * const service_types[] = { "_shelly._tcp", "_http._tcp", NULL };

static const HearthDriverInfo info = {
  .family = "shelly",
  /* TRANSLATORS: the name of a device family (a brand), as the app shows it */
  .display_name = N_("Shelly"),
  .service_types = service_types,
  .default_port = 80,
  /* /shelly is never protected, even with auth_en */
  .identify_path = "/shelly",
  .identify_parse = parse_shelly,
  .identify_live = HEARTH_LIVE_POLL,
  .identify_not_ours = "Not a Shelly",
  .new_link = hearth_shelly_link_new,
};

static void
hearth_shelly_driver_iface_init (HearthDriverInterface *iface)
{
  iface->info = &info;
  iface->claims_service = hearth_shelly_driver_claims_service;
  iface->get_service_id = hearth_shelly_driver_get_service_id;
}

static void
hearth_shelly_driver_class_init (HearthShellyDriverClass *klass)
{
}

static void
hearth_shelly_driver_init (HearthShellyDriver *self)
{
}
