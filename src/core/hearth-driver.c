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
  g_return_val_if_fail (HEARTH_IS_DRIVER (self), NULL);
  return HEARTH_DRIVER_GET_IFACE (self)->identify_finish (self, result, error);
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
  g_return_val_if_fail (HEARTH_IS_DRIVER (self), NULL);
  g_return_val_if_fail (HEARTH_IS_DEVICE (device), NULL);
  return HEARTH_DRIVER_GET_IFACE (self)->create_link (self, device, http);
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

  if (g_async_result_is_tagged (result, hearth_driver_pair_async))
    return g_task_propagate_pointer (G_TASK (result), error);

  return HEARTH_DRIVER_GET_IFACE (self)->pair_finish (self, result, error);
}

const char *
hearth_driver_get_default_username (HearthDriver *self)
{
  HearthDriverInterface *iface;

  g_return_val_if_fail (HEARTH_IS_DRIVER (self), NULL);

  iface = HEARTH_DRIVER_GET_IFACE (self);
  return iface->get_default_username != NULL ? iface->get_default_username (self) : NULL;
}
