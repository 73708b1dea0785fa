/* hearth-home.h: the engine; a GListModel of every HearthDevice
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "hearth-store.h"
#include "hearth-types.h"

G_BEGIN_DECLS

#define HEARTH_TYPE_HOME (hearth_home_get_type ())

G_DECLARE_FINAL_TYPE (HearthHome, hearth_home, HEARTH, HOME, GObject)

/* A home whose devices are those of @drivers (transfer full: a
 * GPtrArray of HearthDriver that frees them, in the order to try them when
 * probing an address). The faces pass hearth_drivers_new_all(); core
 * itself knows no family. */
HearthHome    *hearth_home_new                (GPtrArray           *drivers);
HearthHttp    *hearth_home_get_http           (HearthHome          *self);
HearthBrowser *hearth_home_get_browser        (HearthHome          *self);
/* The store to remember devices in (set before hearth_home_start()):
 * then start shows the devices known from the last run at once (connecting)
 * and probes the hosts added by hand, retrying those that do not answer;
 * devices are remembered as they are found or change. */
void           hearth_home_set_store          (HearthHome          *self,
                                               HearthStore         *store);
HearthStore   *hearth_home_get_store          (HearthHome          *self);
/* Browses mDNS for every service type a driver declares. */
void           hearth_home_start              (HearthHome          *self);
/* Number of devices being identified right now ("busy" notifies) */
guint          hearth_home_get_busy           (HearthHome          *self);
/* A device by hardware id, else by name (case-insensitive); borrowed */
HearthDevice  *hearth_home_lookup             (HearthHome          *self,
                                               const char          *id_or_name);
HearthLink    *hearth_home_get_link           (HearthHome          *self,
                                               HearthDevice        *device);
/* The family's driver of @device (for pairing and logins); borrowed */
HearthDriver  *hearth_home_get_driver         (HearthHome          *self,
                                               HearthDevice        *device);
/* The driver of @family ("shelly", "wled"...), or NULL; borrowed */
HearthDriver  *hearth_home_get_driver_for_family (HearthHome        *self,
                                                  const char        *family);
/* The name people know @family by ("Shelly", "Philips Hue"; translated),
 * as its driver tells; @family itself when no driver has it */
const char    *hearth_home_get_family_name    (HearthHome          *self,
                                               const char          *family);
/* The names of the families the home has a driver for, each once
 * (Shelly's two generations are one), in the drivers' order */
char         **hearth_home_dup_family_names   (HearthHome          *self);
/* Identifies the device at @host (port 0: each family's usual port) by
 * probing, without mDNS, and adds it; a device that answers there already
 * (found by mDNS, say) is returned as it is. A device that tells nothing
 * about itself without a password fails with HEARTH_ERROR_NEEDS_PASSWORD:
 * then ask the person and use _with_login. To keep it across restarts (and
 * polled without mDNS) add the host to the store too:
 * hearth_store_add_host (hearth_home_get_store (home), host, port). */
void           hearth_home_add_address_async  (HearthHome          *self,
                                               const char          *host,
                                               guint16              port,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
/* As hearth_home_add_address_async(), with a login (@username NULL: the
 * family's usual one): a family whose identification asks for a password
 * gets it (and only that family), HEARTH_ERROR_BAD_PASSWORD when the device
 * refuses it. The device found uses the login from its first request;
 * keeping it in the keyring (for the device's id) is the caller's. Finish
 * with hearth_home_add_address_finish(). */
void           hearth_home_add_address_with_login_async (HearthHome          *self,
                                                         const char          *host,
                                                         guint16              port,
                                                         const char          *username,
                                                         const char          *password,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
HearthDevice  *hearth_home_add_address_finish (HearthHome          *self,
                                               GAsyncResult        *result,
                                               GError             **error);

/* Stops the device's link, removes it from the model, forgets it in the
 * store (its entry, its host added by hand, the choices made for its
 * controls) and its secret in the keyring. */
void           hearth_home_forget_device      (HearthHome          *self,
                                               HearthDevice        *device);

G_END_DECLS
