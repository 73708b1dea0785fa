/* hearth-driver.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "hearth-device.h"
#include "hearth-error.h"
#include "hearth-driver.h"
#include "hearth-http-queue.h"
#include "hearth-link.h"

G_DEFINE_INTERFACE (HearthDriver, hearth_driver, G_TYPE_OBJECT)

static void
hearth_driver_default_init (HearthDriverInterface *iface)
{
}

const char *
hearth_driver_get_family (HearthDriver *self)
{
  g_return_val_if_fail (HEARTH_IS_DRIVER (self), NULL);
  return HEARTH_DRIVER_GET_IFACE (self)->get_family (self);
}

const char *
hearth_driver_get_display_name (HearthDriver *self)
{
  HearthDriverInterface *iface;

  g_return_val_if_fail (HEARTH_IS_DRIVER (self), NULL);

  iface = HEARTH_DRIVER_GET_IFACE (self);
  if (iface->get_display_name == NULL)
    return iface->get_family (self);
  return iface->get_display_name (self);
}

const char * const *
hearth_driver_get_service_types (HearthDriver *self)
{
  g_return_val_if_fail (HEARTH_IS_DRIVER (self), NULL);
  return HEARTH_DRIVER_GET_IFACE (self)->get_service_types (self);
}

guint16
hearth_driver_get_default_port (HearthDriver *self)
{
  g_return_val_if_fail (HEARTH_IS_DRIVER (self), 0);
  return HEARTH_DRIVER_GET_IFACE (self)->get_default_port (self);
}

gboolean
hearth_driver_claims_service (HearthDriver  *self,
                              HearthService *service)
{
  g_return_val_if_fail (HEARTH_IS_DRIVER (self), FALSE);
  return HEARTH_DRIVER_GET_IFACE (self)->claims_service (self, service);
}

char *
hearth_driver_get_service_id (HearthDriver  *self,
                              HearthService *service)
{
  HearthDriverInterface *iface;

  g_return_val_if_fail (HEARTH_IS_DRIVER (self), NULL);

  iface = HEARTH_DRIVER_GET_IFACE (self);
  if (iface->get_service_id == NULL)
    return NULL;
  return iface->get_service_id (self, service);
}

void
hearth_driver_identify_async (HearthDriver        *self,
                              HearthHttpQueue     *queue,
                              HearthService       *service,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (HEARTH_IS_DRIVER (self));
  HEARTH_DRIVER_GET_IFACE (self)->identify_async (self, queue, service, cancellable, callback, user_data);
}

HearthDevice *
hearth_driver_identify_finish (HearthDriver  *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  HearthDriverInterface *iface;

  g_return_val_if_fail (HEARTH_IS_DRIVER (self), NULL);

  iface = HEARTH_DRIVER_GET_IFACE (self);
  if (iface->identify_finish != NULL)
    return iface->identify_finish (self, result, error);

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct
{
  HearthDriverParseFunc  parse;
  HearthLive             live;
  char                  *not_ours;
} IdentifyByGet;

static void
identify_by_get_free (gpointer data)
{
  IdentifyByGet *identify = data;

  g_free (identify->not_ours);
  g_free (identify);
}

static void
on_identify_answer (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  HearthHttpQueue *queue = HEARTH_HTTP_QUEUE (object);
  g_autoptr(GTask) task = user_data;
  IdentifyByGet *identify = g_task_get_task_data (task);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(HearthDevice) device = NULL;
  g_autoptr(GError) error = NULL;

  root = hearth_http_queue_send_json_finish (queue, result, &error);
  if (root != NULL)
    device = identify->parse (root, &error);

  if (device == NULL)
    {
      /* Another kind of device at this address answers 404, HTML, too
       * much or other JSON: not ours. */
      if (g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_HTTP_STATUS) ||
          g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD) ||
          g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_TOO_LARGE))
        g_task_return_new_error (task, HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED,
                                 "%s: %s", identify->not_ours, error->message);
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  hearth_device_set_address (device, hearth_http_queue_get_host (queue),
                             hearth_http_queue_get_port (queue));
  hearth_device_set_live (device, identify->live);
  g_task_return_pointer (task, g_steal_pointer (&device), g_object_unref);
}

void
hearth_driver_identify_by_get (HearthDriver          *self,
                               HearthHttpQueue       *queue,
                               const char            *path,
                               const char            *username,
                               const char            *password,
                               HearthDriverParseFunc  parse,
                               HearthLive             live,
                               const char            *not_ours,
                               GCancellable          *cancellable,
                               GAsyncReadyCallback    callback,
                               gpointer               user_data)
{
  GTask *task;
  IdentifyByGet *identify;

  g_return_if_fail (HEARTH_IS_DRIVER (self));
  g_return_if_fail (HEARTH_IS_HTTP_QUEUE (queue));
  g_return_if_fail (path != NULL);
  g_return_if_fail (parse != NULL);
  g_return_if_fail (not_ours != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hearth_driver_identify_by_get);
  identify = g_new0 (IdentifyByGet, 1);
  identify->parse = parse;
  identify->live = live;
  identify->not_ours = g_strdup (not_ours);
  g_task_set_task_data (task, identify, identify_by_get_free);

  hearth_http_queue_send_async (queue, "GET", path, NULL, username, password,
                                cancellable, on_identify_answer, task);
}

gboolean
hearth_driver_can_identify_with_login (HearthDriver *self)
{
  g_return_val_if_fail (HEARTH_IS_DRIVER (self), FALSE);
  return HEARTH_DRIVER_GET_IFACE (self)->identify_with_login_async != NULL;
}

void
hearth_driver_identify_with_login_async (HearthDriver        *self,
                                         HearthHttpQueue     *queue,
                                         const char          *username,
                                         const char          *password,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_return_if_fail (HEARTH_IS_DRIVER (self));
  g_return_if_fail (HEARTH_IS_HTTP_QUEUE (queue));
  g_return_if_fail (password != NULL);
  g_return_if_fail (hearth_driver_can_identify_with_login (self));

  HEARTH_DRIVER_GET_IFACE (self)->identify_with_login_async (self, queue, username, password,
                                                             cancellable, callback, user_data);
}

HearthLink *
hearth_driver_create_link (HearthDriver *self,
                           HearthDevice *device,
                           HearthHttp   *http)
{
  HearthLink *link;

  g_return_val_if_fail (HEARTH_IS_DRIVER (self), NULL);
  g_return_val_if_fail (HEARTH_IS_DEVICE (device), NULL);

  link = HEARTH_DRIVER_GET_IFACE (self)->create_link (self, device, http);
  /* So that it confirms the device's identity before any secret */
  hearth_link_set_driver (link, self);
  return link;
}

gboolean
hearth_driver_can_pair (HearthDriver *self)
{
  g_return_val_if_fail (HEARTH_IS_DRIVER (self), FALSE);
  return HEARTH_DRIVER_GET_IFACE (self)->pair_async != NULL;
}

const char *
hearth_driver_get_pairing_hint (HearthDriver *self)
{
  HearthDriverInterface *iface;

  g_return_val_if_fail (HEARTH_IS_DRIVER (self), NULL);

  iface = HEARTH_DRIVER_GET_IFACE (self);
  return iface->get_pairing_hint != NULL ? iface->get_pairing_hint (self) : NULL;
}

guint
hearth_driver_get_pairing_seconds (HearthDriver *self)
{
  HearthDriverInterface *iface;

  g_return_val_if_fail (HEARTH_IS_DRIVER (self), 0);

  iface = HEARTH_DRIVER_GET_IFACE (self);
  return iface->get_pairing_seconds != NULL ? iface->get_pairing_seconds (self) : 30;
}

void
hearth_driver_pair_async (HearthDriver        *self,
                          HearthHttpQueue     *queue,
                          HearthDevice        *device,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  HearthDriverInterface *iface;

  g_return_if_fail (HEARTH_IS_DRIVER (self));
  g_return_if_fail (HEARTH_IS_DEVICE (device));

  iface = HEARTH_DRIVER_GET_IFACE (self);
  if (iface->pair_async == NULL)
    {
      g_task_report_new_error (self, callback, user_data, hearth_driver_pair_async,
                               HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED,
                               _("%s devices need no pairing"), hearth_driver_get_family (self));
      return;
    }

  iface->pair_async (self, queue, device, cancellable, callback, user_data);
}

char *
hearth_driver_pair_finish (HearthDriver  *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (HEARTH_IS_DRIVER (self), NULL);

  if (!g_async_result_is_tagged (result, hearth_driver_pair_async) &&
      HEARTH_DRIVER_GET_IFACE (self)->pair_finish != NULL)
    return HEARTH_DRIVER_GET_IFACE (self)->pair_finish (self, result, error);

  g_return_val_if_fail (G_IS_TASK (result), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

const char *
hearth_driver_get_default_username (HearthDriver *self)
{
  HearthDriverInterface *iface;

  g_return_val_if_fail (HEARTH_IS_DRIVER (self), NULL);

  iface = HEARTH_DRIVER_GET_IFACE (self);
  return iface->get_default_username != NULL ? iface->get_default_username (self) : NULL;
}

gboolean
hearth_driver_identifies_over_tls (HearthDriver *self)
{
  HearthDriverInterface *iface;

  g_return_val_if_fail (HEARTH_IS_DRIVER (self), FALSE);

  iface = HEARTH_DRIVER_GET_IFACE (self);
  return iface->identifies_over_tls != NULL && iface->identifies_over_tls (self);
}
