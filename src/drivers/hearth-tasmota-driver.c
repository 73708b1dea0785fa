/* hearth-tasmota-driver.c: Tasmota (plugs, relays, bulbs, shutters, sensors)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Official Tasmota builds do not announce themselves over mDNS, so these
 * devices are mostly added by address. A custom build with SetOption55
 * registers _http._tcp with TXT devicetype=tasmota: such a service is
 * claimed too. Identification is GET /cm?cmnd=Status%200: StatusNET.Mac is
 * the hardware id. A device with a web password answers it (HTTP 200) with
 * {"WARNING":"Need user=<username>&password=<password>"} and nothing else.
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "hearth-device.h"
#include "hearth-driver.h"
#include "hearth-error.h"
#include "hearth-http-queue.h"
#include "hearth-service.h"

#include "hearth-tasmota-driver.h"
#include "hearth-tasmota-link.h"
#include "hearth-tasmota-parse.h"

struct _HearthTasmotaDriver
{
  GObject parent_instance;
};

static void hearth_tasmota_driver_iface_init (HearthDriverInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HearthTasmotaDriver, hearth_tasmota_driver, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (HEARTH_TYPE_DRIVER,
                                                      hearth_tasmota_driver_iface_init))

static gboolean
hearth_tasmota_driver_claims_service (HearthDriver  *driver,
                                      HearthService *service)
{
  const char *devicetype;

  if (g_strcmp0 (hearth_service_get_type_name (service), "_http._tcp") != 0)
    return FALSE;

  devicetype = hearth_service_lookup_txt (service, "devicetype");
  return devicetype != NULL && g_ascii_strcasecmp (devicetype, "tasmota") == 0;
}

static void
on_status0_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  HearthHttpQueue *queue = HEARTH_HTTP_QUEUE (source);
  g_autoptr(GTask) task = G_TASK (user_data);
  gboolean sent_password = GPOINTER_TO_INT (g_task_get_task_data (task));
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(HearthDevice) device = NULL;

  root = hearth_http_queue_send_json_finish (queue, result, &error);
  if (root == NULL)
    {
      /* Another kind of device answers 404, HTML or some other JSON: not
       * ours. So does one asking for an HTTP login (the queue has no
       * credentials): Tasmota asks in its answer, never with a 401. A
       * network failure stays what it is. */
      if (g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_HTTP_STATUS) ||
          g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD) ||
          g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_TOO_LARGE) ||
          g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_NEEDS_PASSWORD) ||
          g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED))
        g_task_return_new_error (task, HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED,
                                 "Not a Tasmota device: %s", error->message);
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!hearth_tasmota_check_answer (root, sent_password, &error))
    {
      g_autofree char *where = NULL;

      if (strchr (hearth_http_queue_get_host (queue), ':') != NULL)
        where = g_strdup_printf ("[%s]:%u", hearth_http_queue_get_host (queue),
                                 hearth_http_queue_get_port (queue));
      else
        where = g_strdup_printf ("%s:%u", hearth_http_queue_get_host (queue),
                                 hearth_http_queue_get_port (queue));

      if (g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_DEVICE))
        g_task_return_new_error (task, HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED,
                                 "Not a Tasmota device: %s", error->message);
      else if (g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_NEEDS_PASSWORD))
        g_task_return_new_error (task, HEARTH_ERROR, HEARTH_ERROR_NEEDS_PASSWORD,
                                 "The Tasmota device at %s needs its web password, "
                                 "even to tell who it is", where);
      else if (g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PASSWORD))
        g_task_return_new_error (task, HEARTH_ERROR, HEARTH_ERROR_BAD_PASSWORD,
                                 "The Tasmota device at %s refused the user name or password",
                                 where);
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  device = hearth_tasmota_parse_identity (root, &error);
  if (device == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  hearth_driver_return_device (g_steal_pointer (&task), queue, g_steal_pointer (&device),
                               HEARTH_LIVE_POLL);
}

/* A device with a web password tells nothing, not even its MAC, without
 * it: identification then fails with HEARTH_ERROR_NEEDS_PASSWORD, and a
 * person adding it by address gives the login (@username NULL = "admin") */
static void
hearth_tasmota_driver_identify (HearthDriver        *driver,
                                HearthHttpQueue     *queue,
                                HearthService       *service,
                                const char          *username,
                                const char          *password,
                                GTask               *task)
{
  g_autofree char *path = NULL;
  GCancellable *cancellable = g_task_get_cancellable (task);

  g_task_set_task_data (task, GINT_TO_POINTER (password != NULL), NULL);

  /* Holds the password: never logged */
  path = hearth_tasmota_build_path ("Status 0", username, password);
  hearth_http_queue_send_async (queue, "GET", path, NULL, NULL, NULL, cancellable,
                                on_status0_cb, task);
  memset (path, 0, strlen (path));
}

static const char * const service_types[] = { "_http._tcp", NULL };

static const HearthDriverInfo info = {
  .family = "tasmota",
  /* TRANSLATORS: the name of a device family (a brand), as the app shows it */
  .display_name = N_("Tasmota"),
  .service_types = service_types,
  .default_port = HEARTH_TASMOTA_DEFAULT_PORT,
  .default_username = HEARTH_TASMOTA_DEFAULT_USERNAME,
  /* The TXT record carries no MAC */
  .service_id_key = NULL,
  .identifies_with_login = TRUE,
  .new_link = hearth_tasmota_link_new,
};

static void
hearth_tasmota_driver_iface_init (HearthDriverInterface *iface)
{
  iface->info = &info;
  iface->claims_service = hearth_tasmota_driver_claims_service;
  iface->identify = hearth_tasmota_driver_identify;
}

static void
hearth_tasmota_driver_class_init (HearthTasmotaDriverClass *klass)
{
}

static void
hearth_tasmota_driver_init (HearthTasmotaDriver *self)
{
}
