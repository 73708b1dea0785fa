/* hearth-nanoleaf-driver.c: Nanoleaf Light Panels, Canvas, Shapes, Elements, Lines
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Announced as _nanoleafapi._tcp (port from SRV, 16021 by convention) with
 * TXT id (a colon-separated MAC-like device id), md (model) and srcvers
 * (firmware). Before pairing a controller tells nothing about itself over
 * HTTP: every request but POST /api/v1/new needs a token, and GET /api/v1/
 * without one answers 401. So:
 *
 * - Identification is that one request: a 401 from GET /api/v1/ says "a
 *   Nanoleaf answers here" (anything else: not ours). The identity comes
 *   from the TXT when the device was found by mDNS: id = the TXT id
 *   (upper-case), name = the instance name, model = md, firmware =
 *   srcvers. A device added by address has no TXT: its id is
 *   "nanoleaf@host:port" (hearth_device_make_address_id()), and its name,
 *   model and firmware are filled in by the link once it is paired (GET
 *   /api/v1/<token>/). Ids never change afterwards, so the keyring entry
 *   for the token stays the device's. The same controller found by mDNS
 *   and added by address is one device (HearthHome merges them by
 *   address); re-adding by address after it moved means pairing again.
 * - Until it is paired, its link fails with HEARTH_ERROR_NEEDS_PAIRING and
 *   the device shows "needs pairing".
 * - Pairing: the person holds the power button for 5–7 s; POST
 *   /api/v1/new answers 403 until then (HEARTH_ERROR_NEEDS_PAIRING) and
 *   {"auth_token":"…"} within the ~30 s window after it.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "hearth-device.h"
#include "hearth-driver.h"
#include "hearth-error.h"
#include "hearth-http-queue.h"
#include "hearth-service.h"

#include "hearth-nanoleaf-driver.h"
#include "hearth-nanoleaf-link.h"
#include "hearth-nanoleaf-parse.h"

#define SERVICE_TYPE "_nanoleafapi._tcp"

struct _HearthNanoleafDriver
{
  GObject parent_instance;
};

static void hearth_nanoleaf_driver_iface_init (HearthDriverInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HearthNanoleafDriver, hearth_nanoleaf_driver, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (HEARTH_TYPE_DRIVER,
                                                      hearth_nanoleaf_driver_iface_init))

static char *
hearth_nanoleaf_driver_get_service_id (HearthDriver  *driver,
                                       HearthService *service)
{
  if (g_strcmp0 (hearth_service_get_type_name (service), SERVICE_TYPE) != 0)
    return NULL;

  return hearth_nanoleaf_normalize_id (hearth_service_lookup_txt (service, "id"));
}

typedef struct
{
  HearthService *service;
} IdentifyData;

static void
identify_data_free (gpointer data)
{
  IdentifyData *identify = data;

  g_clear_object (&identify->service);
  g_free (identify);
}

static void
on_probe_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  HearthHttpQueue *queue = HEARTH_HTTP_QUEUE (source);
  g_autoptr(GTask) task = G_TASK (user_data);
  IdentifyData *identify = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(HearthDevice) device = NULL;
  g_autofree char *id = NULL;
  const char *host = hearth_http_queue_get_host (queue);
  guint16 port = hearth_http_queue_get_port (queue);

  body = hearth_http_queue_send_finish (queue, result, &error);
  if (body != NULL)
    {
      g_task_return_new_error (task, HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED,
                               "Not a Nanoleaf: GET /api/v1/ needs no token here");
      return;
    }
  if (!g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_NEEDS_PASSWORD))
    {
      /* 404, HTML, another kind of device: not ours. A network failure
       * stays what it is. */
      if (error->domain == HEARTH_ERROR)
        g_task_return_new_error (task, HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED,
                                 "Not a Nanoleaf: %s", error->message);
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* 401: the controller's answer to a request without a token */
  if (identify->service != NULL)
    id = hearth_nanoleaf_normalize_id (hearth_service_lookup_txt (identify->service, "id"));
  if (id == NULL)
    id = hearth_device_make_address_id ("nanoleaf", host, port);

  device = hearth_device_new (id, "nanoleaf");
  /* Until it is paired and tells its own name */
  hearth_device_set_name (device, "Nanoleaf");
  if (identify->service != NULL)
    {
      const char *name = hearth_service_get_name (identify->service);
      const char *model = hearth_service_lookup_txt (identify->service, "md");
      const char *firmware = hearth_service_lookup_txt (identify->service, "srcvers");

      if (name != NULL && *name != '\0' && g_utf8_validate (name, -1, NULL))
        hearth_device_set_name (device, name);
      if (model != NULL && *model != '\0' && g_utf8_validate (model, -1, NULL))
        hearth_device_set_model (device, model);
      if (firmware != NULL && *firmware != '\0' && g_utf8_validate (firmware, -1, NULL))
        hearth_device_set_firmware (device, firmware);
    }
  hearth_driver_return_device (g_steal_pointer (&task), queue, g_steal_pointer (&device),
                               HEARTH_LIVE_POLL);
}

static void
hearth_nanoleaf_driver_identify (HearthDriver        *driver,
                                 HearthHttpQueue     *queue,
                                 HearthService       *service,
                                 const char          *username,
                                 const char          *password,
                                 GTask               *task)
{
  IdentifyData *identify = g_new0 (IdentifyData, 1);

  identify->service = service ? g_object_ref (service) : NULL;
  g_task_set_task_data (task, identify, identify_data_free);

  hearth_http_queue_send_async (queue, "GET", "/api/v1/", NULL, NULL, NULL,
                                g_task_get_cancellable (task), on_probe_cb, task);
}

static void
on_new_token_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = G_TASK (user_data);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  char *token;

  root = hearth_http_queue_send_json_finish (HEARTH_HTTP_QUEUE (source), result, &error);
  if (root == NULL)
    {
      if (hearth_http_queue_get_status (HEARTH_HTTP_QUEUE (source), result) == SOUP_STATUS_FORBIDDEN)
        g_task_return_new_error (task, HEARTH_ERROR, HEARTH_ERROR_NEEDS_PAIRING,
                                 "The Nanoleaf is not in pairing mode yet: hold its power "
                                 "button for 5–7 seconds");
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  token = hearth_nanoleaf_parse_pairing (root, &error);
  if (token == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, token, g_free);
}

static void
hearth_nanoleaf_driver_pair (HearthDriver        *driver,
                             HearthHttpQueue     *queue,
                             HearthDevice        *device,
                             GTask               *task)
{
  hearth_http_queue_send_async (queue, "POST", "/api/v1/new", NULL, NULL, NULL,
                                g_task_get_cancellable (task), on_new_token_cb, task);
}

static const char * const service_types[] = { SERVICE_TYPE, NULL };

static const HearthDriverInfo info = {
  .family = "nanoleaf",
  /* TRANSLATORS: the name of a device family (a brand), as the app shows it */
  .display_name = N_("Nanoleaf"),
  .service_types = service_types,
  .default_port = HEARTH_NANOLEAF_DEFAULT_PORT,
  .new_link = hearth_nanoleaf_link_new,
  .pairing_hint = N_("Hold the power button of the Nanoleaf controller for 5–7 seconds, "
                     "until its lights flash."),
  .pairing_seconds = HEARTH_NANOLEAF_PAIRING_SECONDS,
};

static void
hearth_nanoleaf_driver_iface_init (HearthDriverInterface *iface)
{
  iface->info = &info;
  iface->get_service_id = hearth_nanoleaf_driver_get_service_id;
  iface->identify = hearth_nanoleaf_driver_identify;
  iface->pair = hearth_nanoleaf_driver_pair;
}

static void
hearth_nanoleaf_driver_class_init (HearthNanoleafDriverClass *klass)
{
}

static void
hearth_nanoleaf_driver_init (HearthNanoleafDriver *self)
{
}
