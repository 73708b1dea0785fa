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

/* Turns the JSON answer of a family's identification request into a
 * device (see HearthDriverInfo.identify_path) */
typedef HearthDevice *(*HearthDriverParseFunc) (JsonNode  *root,
                                                GError   **error);

/* What a family states about itself: data only. Each driver points its
 * interface's info at one static HearthDriverInfo; the hearth_driver_*()
 * functions below read it, so the mechanism lives here once. */
typedef struct
{
  /* "shelly", "wled", "elgato", ... */
  const char            *family;
  /* The family's name as people know it ("Shelly", "Philips Hue"),
   * marked with N_(): hearth_driver_get_display_name() translates it */
  const char            *display_name;
  /* mDNS service types to browse, NULL-terminated. Unless the driver
   * has claims_service, a resolved service of one of these types is
   * claimed. */
  const char * const    *service_types;
  /* Port to probe when a person gives a host without one */
  guint16                default_port;
  /* The user name a login uses when the person gives none ("admin"), or
   * NULL when the family has no logins */
  const char            *default_username;
  /* Unless the driver has get_service_id: the TXT key whose value, of
   * @service_id_digits hex digits, is the hardware id (lowercased); NULL
   * when the TXT record tells none */
  const char            *service_id_key;
  guint                  service_id_digits;
  /* Unless the driver has identify: GET @identify_path and
   * @identify_parse the JSON answer into a device, given the queue's
   * address and @identify_live. An answer that is no JSON of the expected
   * shape, too large, or an HTTP error status means "not this family":
   * HEARTH_ERROR_UNSUPPORTED, "@identify_not_ours: <why>". A network
   * failure, a device asking for a password and a cancellation stay what
   * they are. */
  const char            *identify_path;
  HearthDriverParseFunc  identify_parse;
  HearthLive             identify_live;
  const char            *identify_not_ours;
  /* Whether identification speaks TLS (a Hue bridge) rather than plain
   * HTTP: a port that answered plain HTTP is not worth a TLS hello */
  gboolean               identifies_over_tls;
  /* Whether identify takes a login: a device added by address that
   * tells nothing about itself without one (a Tasmota or an ESPHome node
   * with a web password) */
  gboolean               identifies_with_login;
  /* The live connection for a device; not started yet */
  HearthLink          *(*new_link)     (HearthDevice *device,
                                        HearthHttp   *http);
  /* Pairing by a button on the device (Nanoleaf, Hue; see pair):
   * what to tell the person ("Hold the power button for 5–7 seconds
   * until the light flashes"), marked with N_(), and how long the
   * device's window lasts (30 s when 0) */
  const char            *pairing_hint;
  guint                  pairing_seconds;
} HearthDriverInfo;

struct _HearthDriverInterface
{
  GTypeInterface parent_iface;

  const HearthDriverInfo *info;

  /* Whether a resolved service is worth a request (no I/O). Optional:
   * see HearthDriverInfo.service_types. */
  gboolean            (*claims_service)    (HearthDriver        *self,
                                            HearthService       *service);
  /* The hardware id the TXT record already tells, or NULL. Optional: see
   * HearthDriverInfo.service_id_key. */
  char               *(*get_service_id)    (HearthDriver        *self,
                                            HearthService       *service);
  /* One cheap request that confirms the family and reads the identity,
   * answered on @task (owned; the driver is its source object, and its
   * cancellable the caller's). @service is NULL for a device added by
   * address. @password is NULL but when the family identifies_with_login
   * and the person gave a login (@username NULL: the family's default):
   * then HEARTH_ERROR_BAD_PASSWORD when the device refuses it. Returns a
   * new device with id, name, model, firmware and address set;
   * HEARTH_ERROR_UNSUPPORTED when the answer is not this family's.
   * Optional: see HearthDriverInfo.identify_path. */
  void                (*identify)          (HearthDriver        *self,
                                            HearthHttpQueue     *queue,
                                            HearthService       *service,
                                            const char          *username,
                                            const char          *password,
                                            GTask               *task);
  /* Pairing by a button on the device (Nanoleaf, Hue), optional: one
   * attempt to get a token, answered on @task (owned, as for identify):
   * HEARTH_ERROR_NEEDS_PAIRING while the button was not pressed yet
   * (callers retry about once a second until the window closes), the
   * token (a new string) once it was. The token is then kept in the
   * keyring for the device's hardware id and reaches the link as its
   * password. */
  void                (*pair)              (HearthDriver        *self,
                                            HearthHttpQueue     *queue,
                                            HearthDevice        *device,
                                            GTask               *task);
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
/* For a driver's identify: gives @device (taken) the queue's address and
 * @live, and returns it on @task (taken) */
void                hearth_driver_return_device     (GTask               *task,
                                                     HearthHttpQueue     *queue,
                                                     HearthDevice        *device,
                                                     HearthLive           live);
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
