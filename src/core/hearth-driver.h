/* hearth-driver.h: everything one device family knows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "hearth-types.h"

G_BEGIN_DECLS

#define HEARTH_TYPE_DRIVER (hearth_driver_get_type ())

G_DECLARE_INTERFACE (HearthDriver, hearth_driver, HEARTH, DRIVER, GObject)

struct _HearthDriverInterface
{
  GTypeInterface parent_iface;

  /* "shelly", "wled", "elgato", ... */
  const char         *(*get_family)        (HearthDriver        *self);
  /* mDNS service types to browse, NULL-terminated */
  const char * const *(*get_service_types) (HearthDriver        *self);
  /* Port to probe when a person gives a host without one */
  guint16             (*get_default_port)  (HearthDriver        *self);
  /* Whether a resolved service is worth a request (no I/O) */
  gboolean            (*claims_service)    (HearthDriver        *self,
                                            HearthService       *service);
  /* The hardware id the TXT record already tells, or NULL. Optional. */
  char               *(*get_service_id)    (HearthDriver        *self,
                                            HearthService       *service);
  /* One cheap request that confirms the family and reads the identity.
   * @service is NULL for a device added by address. Returns a new device
   * with id, name, model, firmware and address set;
   * HEARTH_ERROR_UNSUPPORTED when the answer is not this family's. */
  void                (*identify_async)    (HearthDriver        *self,
                                            HearthHttpQueue     *queue,
                                            HearthService       *service,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
  HearthDevice       *(*identify_finish)   (HearthDriver        *self,
                                            GAsyncResult        *result,
                                            GError             **error);
  /* The live connection for @device; not started yet. */
  HearthLink         *(*create_link)       (HearthDriver        *self,
                                            HearthDevice        *device,
                                            HearthHttp          *http);
};

const char         *hearth_driver_get_family        (HearthDriver        *self);
const char * const *hearth_driver_get_service_types (HearthDriver        *self);
guint16             hearth_driver_get_default_port  (HearthDriver        *self);
gboolean            hearth_driver_claims_service    (HearthDriver        *self,
                                                     HearthService       *service);
char               *hearth_driver_get_service_id    (HearthDriver        *self,
                                                     HearthService       *service);
void                hearth_driver_identify_async    (HearthDriver        *self,
                                                     HearthHttpQueue     *queue,
                                                     HearthService       *service,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
HearthDevice       *hearth_driver_identify_finish   (HearthDriver        *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);
HearthLink         *hearth_driver_create_link       (HearthDriver        *self,
                                                     HearthDevice        *device,
                                                     HearthHttp          *http);

G_END_DECLS
