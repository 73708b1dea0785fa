/* hearth-driver.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hearth-device.h"
#include "hearth-driver.h"
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

HearthLink *
hearth_driver_create_link (HearthDriver *self,
                           HearthDevice *device,
                           HearthHttp   *http)
{
  g_return_val_if_fail (HEARTH_IS_DRIVER (self), NULL);
  g_return_val_if_fail (HEARTH_IS_DEVICE (device), NULL);
  return HEARTH_DRIVER_GET_IFACE (self)->create_link (self, device, http);
}
