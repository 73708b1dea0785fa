/* hearth-hue-driver.c: Philips Hue bridge
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Announced as _hue._tcp (SRV port 443) with TXT bridgeid=<16 hex>, which
 * is the device's hardware id. Identification: GET https://…/api/config
 * (no key needed). Pairing: POST /api {"devicetype":"hearth#<host>"}
 * answers error 101 until the link button was pressed, then the app key.
 *
 * HTTPS only, with the bridge's own certificate pinned: identification
 * and pairing trust the first certificate seen at the address (they send
 * no secret); pairing returns, as the token for the keyring,
 * {"key":<app key>,"cert_sha256":<that certificate's SHA-256>}, and from
 * then on the link refuses any other certificate (hearth-hue-link.c).
 */
#include "config.h"

#include <glib/gi18n.h>

#include "hearth-device.h"
#include "hearth-driver.h"
#include "hearth-error.h"
#include "hearth-http-queue.h"

#include "hearth-hue-driver.h"
#include "hearth-hue-link.h"
#include "hearth-hue-parse.h"

#define HUE_PAIRING_SECONDS 30
/* A bridge answers /api/config at once; something else at the address
 * may never answer a TLS hello (a plain HTTP server waiting for a request
 * line): do not keep the next family waiting for the whole deadline */
#define HUE_IDENTIFY_TIMEOUT_MS 5000

typedef struct
{
  gboolean      created_trust;
  GCancellable *inner;
  GCancellable *outer;
  gulong        outer_handler;
  guint         timeout_id;
  gboolean      timed_out;
} Identify;

static void
identify_free (gpointer data)
{
  Identify *identify = data;

  g_clear_handle_id (&identify->timeout_id, g_source_remove);
  if (identify->outer != NULL)
    g_cancellable_disconnect (identify->outer, identify->outer_handler);
  g_clear_object (&identify->outer);
  g_clear_object (&identify->inner);
  g_free (identify);
}

static void
on_identify_outer_cancelled (GCancellable *cancellable,
                             gpointer      user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

static gboolean
on_identify_timeout (gpointer user_data)
{
  Identify *identify = user_data;

  identify->timeout_id = 0;
  identify->timed_out = TRUE;
  g_cancellable_cancel (identify->inner);

  return G_SOURCE_REMOVE;
}

struct _HearthHueDriver
{
  GObject parent_instance;
};

static void hearth_hue_driver_iface_init (HearthDriverInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HearthHueDriver, hearth_hue_driver, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (HEARTH_TYPE_DRIVER,
                                                      hearth_hue_driver_iface_init))

static void
on_config_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  HearthHttpQueue *queue = HEARTH_HTTP_QUEUE (source);
  g_autoptr(GTask) task = G_TASK (user_data);
  Identify *identify = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(HearthDevice) device = NULL;

  root = hearth_http_queue_send_json_finish (queue, result, &error);
  g_clear_handle_id (&identify->timeout_id, g_source_remove);
  if (root != NULL)
    device = hearth_hue_parse_config (root, &error);

  if (device == NULL)
    {
      /* Not a bridge: the address is another family's to try, over
       * plain HTTP, as it was */
      if (identify->created_trust)
        hearth_hue_trust_forget (queue);

      /* Silence, not an answer: adding by address asks nothing more there */
      if (identify->timed_out)
        {
          g_clear_error (&error);
          error = g_error_new (G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                               "%s:%u did not answer HTTPS within %u s",
                               hearth_http_queue_get_host (queue),
                               hearth_http_queue_get_port (queue),
                               HUE_IDENTIFY_TIMEOUT_MS / 1000);
        }

      if (g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_HTTP_STATUS) ||
          g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD) ||
          g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_TOO_LARGE) ||
          g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_NOT_TLS))
        g_task_return_new_error (task, HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED,
                                 "Not a Hue bridge: %s", error->message);
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  hearth_driver_return_device (g_steal_pointer (&task), queue, g_steal_pointer (&device),
                               HEARTH_LIVE_POLL);
}

static void
hearth_hue_driver_identify (HearthDriver        *driver,
                            HearthHttpQueue     *queue,
                            HearthService       *service,
                            const char          *username,
                            const char          *password,
                            GTask               *task)
{
  GCancellable *cancellable = g_task_get_cancellable (task);
  Identify *identify;

  identify = g_new0 (Identify, 1);
  identify->inner = g_cancellable_new ();
  if (cancellable != NULL)
    {
      identify->outer = g_object_ref (cancellable);
      identify->outer_handler = g_cancellable_connect (cancellable,
                                                       G_CALLBACK (on_identify_outer_cancelled),
                                                       g_object_ref (identify->inner),
                                                       g_object_unref);
    }
  identify->timeout_id = g_timeout_add (HUE_IDENTIFY_TIMEOUT_MS, on_identify_timeout, identify);

  /* HTTPS with the bridge's own certificate (scheme and trust); undone
   * when this turns out not to be a bridge */
  identify->created_trust = !hearth_hue_trust_is_set (queue);
  g_task_set_task_data (task, identify, identify_free);
  hearth_hue_trust_queue (queue);

  hearth_http_queue_send_async (queue, "GET", "/api/config", NULL, NULL, NULL,
                                identify->inner, on_config_cb, task);
}

static void
on_pair_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  HearthHttpQueue *queue = HEARTH_HTTP_QUEUE (source);
  g_autoptr(GTask) task = G_TASK (user_data);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *key = NULL;
  const char *pin;

  root = hearth_http_queue_send_json_finish (queue, result, &error);
  if (root == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  key = hearth_hue_parse_pairing (root, &error);
  if (key == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* The certificate this answer came with: the one to pin */
  pin = hearth_hue_trust_queue (queue);
  if (pin == NULL)
    {
      g_task_return_new_error (task, HEARTH_ERROR, HEARTH_ERROR_FAILED,
                               "The bridge at %s showed no certificate to pin",
                               hearth_http_queue_get_host (queue));
      return;
    }

  g_task_return_pointer (task, hearth_hue_secret_build (key, pin), g_free);
}

static void
hearth_hue_driver_pair (HearthDriver        *driver,
                        HearthHttpQueue     *queue,
                        HearthDevice        *device,
                        GTask               *task)
{
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *host = g_ascii_strdown (g_get_host_name (), -1);
  g_autofree char *devicetype = NULL;

  /* "app#device": the bridge takes at most 40 characters */
  devicetype = g_strdup_printf ("hearth#%.19s", host);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "devicetype");
  json_builder_add_string_value (builder, devicetype);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  hearth_hue_trust_queue (queue);
  hearth_http_queue_send_async (queue, "POST", "/api", body, NULL, NULL,
                                cancellable, on_pair_cb, task);
}

static const char * const service_types[] = { "_hue._tcp", NULL };

static const HearthDriverInfo info = {
  .family = "hue",
  /* TRANSLATORS: the name of a device family (a brand), as the app shows it */
  .display_name = N_("Philips Hue"),
  .service_types = service_types,
  .default_port = HEARTH_HUE_DEFAULT_PORT,
  .service_id_key = "bridgeid",
  .service_id_digits = 16,
  .identifies_over_tls = TRUE,
  .new_link = hearth_hue_link_new,
  .pairing_hint = N_("Press the round link button on top of the Hue bridge."),
  .pairing_seconds = HUE_PAIRING_SECONDS,
};

static void
hearth_hue_driver_iface_init (HearthDriverInterface *iface)
{
  iface->info = &info;
  iface->identify = hearth_hue_driver_identify;
  iface->pair = hearth_hue_driver_pair;
}

static void
hearth_hue_driver_class_init (HearthHueDriverClass *klass)
{
}

static void
hearth_hue_driver_init (HearthHueDriver *self)
{
}
