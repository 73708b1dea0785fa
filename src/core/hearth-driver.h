/* hearth-driver.h: everything one device family knows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "hearth-types.h"

G_BEGIN_DECLS

#define HEARTH_TYPE_DRIVER (hearth_driver_get_type ())

G_DECLARE_INTERFACE (HearthDriver, hearth_driver, HEARTH, DRIVER, GObject)

struct _HearthDriverInterface
{
  GTypeInterface parent_iface;

  /* "shelly", "wled", "elgato", ... */
  const char         *(*get_family)        (HearthDriver        *self);
  /* The family's name as people know it ("Shelly", "Philips Hue"),
   * translated. Optional: the family id by default. */
  const char         *(*get_display_name)  (HearthDriver        *self);
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
   * HEARTH_ERROR_UNSUPPORTED when the answer is not this family's.
   * Most families can use hearth_driver_identify_by_get(). */
  void                (*identify_async)    (HearthDriver        *self,
                                            HearthHttpQueue     *queue,
                                            HearthService       *service,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
  /* Optional: by default, the device of a GTask whose source object is
   * the driver */
  HearthDevice       *(*identify_finish)   (HearthDriver        *self,
                                            GAsyncResult        *result,
                                            GError             **error);
  /* Identification of a device added by address that tells nothing about
   * itself without a login (a Tasmota or an ESPHome node with a web
   * password): as identify_async, with the person's @username (NULL: the
   * family's default) and @password, finished with identify_finish.
   * HEARTH_ERROR_BAD_PASSWORD when the device refuses them. Optional:
   * only families whose identify_async can fail with
   * HEARTH_ERROR_NEEDS_PASSWORD need it. */
  void                (*identify_with_login_async) (HearthDriver        *self,
                                                    HearthHttpQueue     *queue,
                                                    const char          *username,
                                                    const char          *password,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
  /* The live connection for @device; not started yet. */
  HearthLink         *(*create_link)       (HearthDriver        *self,
                                            HearthDevice        *device,
                                            HearthHttp          *http);

  /* Pairing by a button on the device (Nanoleaf, Hue), optional: what to
   * tell the person ("Hold the power button for 5–7 seconds until the
   * light flashes"), how long the device's window lasts, and one attempt
   * to get a token: HEARTH_ERROR_NEEDS_PAIRING while the button was not
   * pressed yet (callers retry about once a second until the window
   * closes), the token (a new string) once it was. The token is then kept
   * in the keyring for the device's hardware id and reaches the link as
   * its password. */
  const char         *(*get_pairing_hint)  (HearthDriver        *self);
  guint               (*get_pairing_seconds) (HearthDriver      *self);
  void                (*pair_async)        (HearthDriver        *self,
                                            HearthHttpQueue     *queue,
                                            HearthDevice        *device,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
  /* Optional: by default, the token of a GTask whose source object is
   * the driver */
  char               *(*pair_finish)       (HearthDriver        *self,
                                            GAsyncResult        *result,
                                            GError             **error);
  /* The user name a login uses when the person gives none ("admin"), or
   * NULL when the family has no logins. Optional. */
  const char         *(*get_default_username) (HearthDriver     *self);
  /* Whether identify_async() speaks TLS (a Hue bridge) rather than plain
   * HTTP: a port that answered plain HTTP is not worth a TLS hello.
   * Optional: FALSE by default. */
  gboolean            (*identifies_over_tls) (HearthDriver      *self);
};

const char         *hearth_driver_get_family        (HearthDriver        *self);
const char         *hearth_driver_get_display_name  (HearthDriver        *self);
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
/* The usual identify_async: GET @path (with a login, when @password is
 * not NULL), @parse the JSON answer into a device, give it the queue's
 * address and @live. An answer that is no JSON of the expected shape, too
 * large, or an HTTP error status means "not this family":
 * HEARTH_ERROR_UNSUPPORTED, "@not_ours: <why>". A network failure, a
 * device asking for a password and a cancellation stay what they are.
 * Finished with hearth_driver_identify_finish(). */
typedef HearthDevice *(*HearthDriverParseFunc) (JsonNode  *root,
                                                GError   **error);
void                hearth_driver_identify_by_get   (HearthDriver          *self,
                                                     HearthHttpQueue       *queue,
                                                     const char            *path,
                                                     const char            *username,
                                                     const char            *password,
                                                     HearthDriverParseFunc  parse,
                                                     HearthLive             live,
                                                     const char            *not_ours,
                                                     GCancellable          *cancellable,
                                                     GAsyncReadyCallback    callback,
                                                     gpointer               user_data);
gboolean            hearth_driver_can_identify_with_login (HearthDriver  *self);
void                hearth_driver_identify_with_login_async (HearthDriver        *self,
                                                             HearthHttpQueue     *queue,
                                                             const char          *username,
                                                             const char          *password,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
HearthLink         *hearth_driver_create_link       (HearthDriver        *self,
                                                     HearthDevice        *device,
                                                     HearthHttp          *http);
gboolean            hearth_driver_can_pair          (HearthDriver        *self);
const char         *hearth_driver_get_pairing_hint  (HearthDriver        *self);
guint               hearth_driver_get_pairing_seconds (HearthDriver      *self);
void                hearth_driver_pair_async        (HearthDriver        *self,
                                                     HearthHttpQueue     *queue,
                                                     HearthDevice        *device,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
char               *hearth_driver_pair_finish       (HearthDriver        *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);
const char         *hearth_driver_get_default_username (HearthDriver     *self);
gboolean            hearth_driver_identifies_over_tls  (HearthDriver     *self);

G_END_DECLS
