/* hearth-driver.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "hearth-device.h"
#include "hearth-error.h"
#include "hearth-hex-id.h"
#include "hearth-driver.h"
#include "hearth-http-queue.h"
#include "hearth-link.h"
#include "hearth-service.h"

G_DEFINE_INTERFACE (HearthDriver, hearth_driver, G_TYPE_OBJECT)

static void
hearth_driver_default_init (HearthDriverInterface *iface)
{
}

static const HearthDriverInfo *
get_info (HearthDriver *self)
{
  return HEARTH_DRIVER_GET_IFACE (self)->info;
}

const char *
hearth_driver_get_family (HearthDriver *self)
{
  g_return_val_if_fail (HEARTH_IS_DRIVER (self), NULL);
  return get_info (self)->family;
}

const char *
hearth_driver_get_display_name (HearthDriver *self)
{
  const HearthDriverInfo *info;

  g_return_val_if_fail (HEARTH_IS_DRIVER (self), NULL);

  info = get_info (self);
  if (info->display_name == NULL)
    return info->family;
  return _(info->display_name);
}

const char * const *
hearth_driver_get_service_types (HearthDriver *self)
{
  g_return_val_if_fail (HEARTH_IS_DRIVER (self), NULL);
  return get_info (self)->service_types;
}

guint16
hearth_driver_get_default_port (HearthDriver *self)
{
  g_return_val_if_fail (HEARTH_IS_DRIVER (self), 0);
  return get_info (self)->default_port;
}

gboolean
hearth_driver_claims_service (HearthDriver  *self,
                              HearthService *service)
{
  HearthDriverInterface *iface;

  g_return_val_if_fail (HEARTH_IS_DRIVER (self), FALSE);

  iface = HEARTH_DRIVER_GET_IFACE (self);
  if (iface->claims_service != NULL)
    return iface->claims_service (self, service);

  return hearth_service_get_type_name (service) != NULL &&
         g_strv_contains ((const char * const *) iface->info->service_types,
                          hearth_service_get_type_name (service));
}

char *
hearth_driver_get_service_id (HearthDriver  *self,
                              HearthService *service)
{
  HearthDriverInterface *iface;
  const char *id;

  g_return_val_if_fail (HEARTH_IS_DRIVER (self), NULL);

  iface = HEARTH_DRIVER_GET_IFACE (self);
  if (iface->get_service_id != NULL)
    return iface->get_service_id (self, service);
  if (iface->info->service_id_key == NULL)
    return NULL;

  id = hearth_service_lookup_txt (service, iface->info->service_id_key);
  if (!hearth_hex_id_is_valid (id, iface->info->service_id_digits))
    return NULL;

  return g_ascii_strdown (id, -1);
}

void
hearth_driver_return_device (GTask           *task,
                             HearthHttpQueue *queue,
                             HearthDevice    *device,
                             HearthLive       live)
{
  g_return_if_fail (G_IS_TASK (task));
  g_return_if_fail (HEARTH_IS_HTTP_QUEUE (queue));
  g_return_if_fail (HEARTH_IS_DEVICE (device));

  hearth_device_set_address (device, hearth_http_queue_get_host (queue),
                             hearth_http_queue_get_port (queue));
  hearth_device_set_live (device, live);
  g_task_return_pointer (task, device, g_object_unref);
  g_object_unref (task);
}

static void
on_identify_answer (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  HearthHttpQueue *queue = HEARTH_HTTP_QUEUE (object);
  g_autoptr(GTask) task = user_data;
  const HearthDriverInfo *info = get_info (g_task_get_source_object (task));
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(HearthDevice) device = NULL;
  g_autoptr(GError) error = NULL;

  root = hearth_http_queue_send_json_finish (queue, result, &error);
  if (root != NULL)
    device = info->identify_parse (root, &error);

  if (device == NULL)
    {
      /* Another kind of device at this address answers 404, HTML, too
       * much or other JSON: not ours. */
      if (g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_HTTP_STATUS) ||
          g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD) ||
          g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_TOO_LARGE))
        g_task_return_new_error (task, HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED,
                                 "%s: %s", info->identify_not_ours, error->message);
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  hearth_driver_return_device (g_steal_pointer (&task), queue, g_steal_pointer (&device),
                               info->identify_live);
}

static void
identify (HearthDriver        *self,
          HearthHttpQueue     *queue,
          HearthService       *service,
          const char          *username,
          const char          *password,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data)
{
  HearthDriverInterface *iface = HEARTH_DRIVER_GET_IFACE (self);
  GTask *task;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hearth_driver_identify_async);

  if (iface->identify != NULL)
    {
      iface->identify (self, queue, service, username, password, task);
      return;
    }

  /* The identification HearthDriverInfo describes: one GET */
  hearth_http_queue_send_async (queue, "GET", iface->info->identify_path, NULL, NULL, NULL,
                                cancellable, on_identify_answer, task);
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

  identify (self, queue, service, NULL, NULL, cancellable, callback, user_data);
}

HearthDevice *
hearth_driver_identify_finish (HearthDriver  *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (HEARTH_IS_DRIVER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

gboolean
hearth_driver_can_identify_with_login (HearthDriver *self)
{
  g_return_val_if_fail (HEARTH_IS_DRIVER (self), FALSE);
  return get_info (self)->identifies_with_login;
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

  identify (self, queue, NULL, username, password, cancellable, callback, user_data);
}

HearthLink *
hearth_driver_create_link (HearthDriver *self,
                           HearthDevice *device,
                           HearthHttp   *http)
{
  HearthLink *link;

  g_return_val_if_fail (HEARTH_IS_DRIVER (self), NULL);
  g_return_val_if_fail (HEARTH_IS_DEVICE (device), NULL);

  link = get_info (self)->new_link (device, http);
  /* So that it confirms the device's identity before any secret */
  hearth_link_set_driver (link, self);
  return link;
}

gboolean
hearth_driver_can_pair (HearthDriver *self)
{
  g_return_val_if_fail (HEARTH_IS_DRIVER (self), FALSE);
  return HEARTH_DRIVER_GET_IFACE (self)->pair != NULL;
}

const char *
hearth_driver_get_pairing_hint (HearthDriver *self)
{
  const HearthDriverInfo *info;

  g_return_val_if_fail (HEARTH_IS_DRIVER (self), NULL);

  info = get_info (self);
  return info->pairing_hint != NULL ? _(info->pairing_hint) : NULL;
}

guint
hearth_driver_get_pairing_seconds (HearthDriver *self)
{
  const HearthDriverInfo *info;

  g_return_val_if_fail (HEARTH_IS_DRIVER (self), 0);

  info = get_info (self);
  return info->pairing_seconds != 0 ? info->pairing_seconds : 30;
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
  GTask *task;

  g_return_if_fail (HEARTH_IS_DRIVER (self));
  g_return_if_fail (HEARTH_IS_DEVICE (device));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hearth_driver_pair_async);

  iface = HEARTH_DRIVER_GET_IFACE (self);
  if (iface->pair == NULL)
    {
      g_task_return_new_error (task, HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED,
                               _("%s devices need no pairing"), hearth_driver_get_family (self));
      g_object_unref (task);
      return;
    }

  iface->pair (self, queue, device, task);
}

char *
hearth_driver_pair_finish (HearthDriver  *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (HEARTH_IS_DRIVER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

const char *
hearth_driver_get_default_username (HearthDriver *self)
{
  g_return_val_if_fail (HEARTH_IS_DRIVER (self), NULL);
  return get_info (self)->default_username;
}

gboolean
hearth_driver_identifies_over_tls (HearthDriver *self)
{
  g_return_val_if_fail (HEARTH_IS_DRIVER (self), FALSE);
  return get_info (self)->identifies_over_tls;
}
