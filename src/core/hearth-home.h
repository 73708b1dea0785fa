/* hearth-home.h: the engine; a GListModel of every HearthDevice
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The one door of the faces (the app, hearthctl): they ask the home, and
 * include none of hearth-link.h, hearth-driver.h, hearth-secrets.h,
 * hearth-http*.h. Which call replaces which:
 *
 *   hearth_link_apply_async (hearth_home_get_link (…), control_id, …)
 *                                    → hearth_home_apply_async (controls)
 *   hearth_link_set_credentials + hearth_link_refresh_async +
 *   hearth_secrets_store_async + hearth_store_set_login_user
 *                                    → hearth_home_log_in_async
 *   hearth_driver_pair_async once a second + set_credentials + keeping
 *   the token; hearth_driver_get_pairing_hint/_seconds
 *                                    → hearth_home_pair_async, HearthPairing
 *   hearth_home_add_address(_with_login)_async + hearth_store_add_host +
 *   hearth_secrets_store_async       → hearth_home_add_host_async
 *   hearth_secrets_clear_async, hearth_secrets_lookup_async (was one
 *   kept?), hearth_store_forget_device → hearth_home_forget_async
 *   hearth_store_get_hosts + hearth_store_split_host
 *                                    → hearth_home_dup_hosts (HearthHost)
 *   hearth_store_remove_host         → hearth_home_forget_host
 *   hearth_link_get_wrong_device_reason → hearth_home_get_wrong_device_reason
 *   hearth_link_get_username/_password != NULL → hearth_home_has_login
 *   hearth_link_set_username         → hearth_home_set_username
 *   hearth_link_get_poll_interval    → hearth_home_get_poll_interval
 *   hearth_driver_can_pair           → hearth_home_can_pair
 *   hearth_driver_get_default_username → hearth_home_get_default_username
 *   hearth_driver_can_identify_with_login (by family)
 *                                    → hearth_home_family_logs_in
 *   hearth_http_raise_file_limit     → hearth_home_raise_file_limit
 *
 * hearth_home_get_link() and hearth_home_get_driver() are for the engine
 * and its tests; a face does not call them (tests/check-layers.py).
 */
#pragma once

#include <gio/gio.h>

#include "hearth-change.h"
#include "hearth-history.h"
#include "hearth-host.h"
#include "hearth-pairing.h"
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
/* How long the home waits for a device's answer, in milliseconds */
guint          hearth_home_get_deadline_ms    (HearthHome          *self);
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

/* Power over time (hearth-home-history.c). Once set, the home records
 * every power reading of its devices in @history (as it changes, and once
 * a minute while the device is online). NULL: none. */
void           hearth_home_set_history        (HearthHome          *self,
                                               HearthHistory       *history);
HearthHistory *hearth_home_get_history        (HearthHome          *self);
/* Whether @control is a power reading the history keeps */
gboolean       hearth_home_is_power_reading   (HearthControl       *control);
/* The points of @control of @device from @since (Unix seconds) to now
 * (HearthHistoryPoint, oldest first; empty without a history) */
GArray        *hearth_home_dup_history        (HearthHome          *self,
                                               HearthDevice        *device,
                                               HearthControl       *control,
                                               gint64               since,
                                               HearthHistoryResolution resolution);

/* Workflows: what a face asks. Every network call is the device link's
 * (one request at a time per device), with its deadline. */

/* Applies @change to each HearthControl of @controls (of one device or
 * many: each device's changes go out one after another, the devices' at
 * the same time). A device that fails (or is not connected) keeps none of
 * the others from their changes. Fails with the first failure: with one
 * control, the device's own error; with more, its message names the device
 * and the control ("Desk Lamp (Light): …"), same domain and code. A control
 * of no device the home knows fails with HEARTH_ERROR_NOT_FOUND. */
void           hearth_home_apply_async        (HearthHome          *self,
                                               GPtrArray           *controls,
                                               const HearthChange  *change,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean       hearth_home_apply_finish       (HearthHome          *self,
                                               GAsyncResult        *result,
                                               GError             **error);
/* The devices (HearthDevice) that failed in that apply, each once, in the
 * order they failed; empty when none did (or it was cancelled). Transfer
 * full. */
GPtrArray     *hearth_home_apply_dup_failed   (HearthHome          *self,
                                               GAsyncResult        *result);

/* Groups (hearth-home-groups.c): a room, or the favourites, acting as one */

/**
 * HearthGroupMembers:
 * @HEARTH_GROUP_ALL: every control of the group (its details)
 * @HEARTH_GROUP_SWITCHABLE: the lights and switches that turn on and off
 *   ("all on", "all off")
 * @HEARTH_GROUP_DIMMABLE: the lights with a brightness ("brightness for all")
 *
 * Which of a group's controls an action acts on.
 */
typedef enum
{
  HEARTH_GROUP_ALL,
  HEARTH_GROUP_SWITCHABLE,
  HEARTH_GROUP_DIMMABLE,
} HearthGroupMembers;

/* The controls (HearthControl) of the devices the home has in @room (NULL:
 * the favourites), as the store keeps them, hidden ones left out; of
 * those, the ones @members says; in the order of the devices and their
 * controls. Transfer full; empty when the group has none. Pass it to
 * hearth_home_apply_async() to act on the group. */
GPtrArray     *hearth_home_dup_group          (HearthHome          *self,
                                               const char          *room,
                                               HearthGroupMembers   members);

/* Scenes, kept in the home's store (hearth_store_dup_scene_names(); the
 * store renames and removes them too) */

/* A scene called @name of the state @controls (HearthControl of devices
 * the home has) are in now (hearth_scene_capture_control()); those with no
 * state to bring back (sensors) are left out: HEARTH_ERROR_INVALID when
 * none is left. */
HearthScene   *hearth_home_capture_scene      (HearthHome          *self,
                                               const char          *name,
                                               GPtrArray           *controls,
                                               GError             **error);
/* Captures the scene and keeps it in the store (hearth_store_set_scene()) */
gboolean       hearth_home_save_scene         (HearthHome          *self,
                                               const char          *name,
                                               GPtrArray           *controls,
                                               gboolean             replace,
                                               GError             **error);
/* Brings each member of the scene @name (whatever the case) to its state,
 * as hearth_home_apply_async() does: the devices at the same time, each
 * device's members one after another. A member whose control was
 * forgotten (its device is known to neither the home nor the store, or no
 * longer has that control) is skipped. Fails with HEARTH_ERROR_NOT_FOUND
 * when there is no such scene, HEARTH_ERROR_FAILED when a member did not
 * take its state (the message names each, by device and control). */
void           hearth_home_recall_scene_async (HearthHome          *self,
                                               const char          *name,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean       hearth_home_recall_scene_finish (HearthHome         *self,
                                                GAsyncResult       *result,
                                                GError            **error);
/* After finish: the members that failed (HearthSceneMiss with a message),
 * then those skipped (message NULL); borrowed from @result, NULL when
 * there was no such scene */
GPtrArray     *hearth_home_recall_scene_get_misses (HearthHome     *self,
                                                    GAsyncResult   *result);

/* Logs in to @device (@username NULL: the family's usual one): checked
 * with the device first (HEARTH_ERROR_BAD_PASSWORD or
 * HEARTH_ERROR_NEEDS_PASSWORD when it refuses it); accepted, the link
 * reconnects with it, the user name goes to the store and the password to
 * the keyring. Then finish returns TRUE, with @keyring_error set when the
 * keyring did not keep the password (asked again on the next start). */
void           hearth_home_log_in_async       (HearthHome          *self,
                                               HearthDevice        *device,
                                               const char          *username,
                                               const char          *password,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean       hearth_home_log_in_finish      (HearthHome          *self,
                                               GAsyncResult        *result,
                                               GError             **keyring_error,
                                               GError             **error);

/* Pairs @device by a button on it: asks about once a second until the
 * device's window (@seconds, 0: the family's) closes; the returned
 * HearthPairing (transfer full) tells the hint and the time left. Paired,
 * the token is the device's password: the link reconnects with it and
 * the keyring keeps it; finish returns TRUE (@keyring_error as for
 * logging in). Not pressed in time: HEARTH_ERROR_NEEDS_PAIRING. A device
 * of a family that pairs no button: HEARTH_ERROR_UNSUPPORTED. */
HearthPairing *hearth_home_pair_async         (HearthHome          *self,
                                               HearthDevice        *device,
                                               guint                seconds,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean       hearth_home_pair_finish        (HearthHome          *self,
                                               GAsyncResult        *result,
                                               GError             **keyring_error,
                                               GError             **error);

/* Adds the device at @host by address, as hearth_home_add_address_async()
 * (with a login when @password is not NULL; @username NULL: the family's
 * usual one), and keeps it: the host in the store (probed on later starts,
 * without mDNS), and with a login, the user name in the store and the
 * password in the keyring once the device accepted it; @keyring_error is
 * set (the device still returned) when the keyring did not keep it. */
void           hearth_home_add_host_async     (HearthHome          *self,
                                               const HearthHost    *host,
                                               const char          *username,
                                               const char          *password,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
HearthDevice  *hearth_home_add_host_finish    (HearthHome          *self,
                                               GAsyncResult        *result,
                                               GError             **keyring_error,
                                               GError             **error);

/* Adds the device at @host as a later run finds it: a device of a family
 * that tells nothing about itself without its password (a Tasmota or an
 * ESPHome node with a web password), known to @store at that address from
 * an earlier run with a password the keyring keeps, is identified with
 * that login first (not after every family was probed without it); then
 * without one. The password goes only to the address where that device
 * was last, and a device found there with another id is not taken for it:
 * hearth_home_get_other_at_kept_host() tells where. Finish with
 * hearth_home_add_known_address_finish(). */
void           hearth_home_add_known_address_async  (HearthHome          *self,
                                                     HearthStore         *store,
                                                     const HearthHost    *host,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
HearthDevice  *hearth_home_add_known_address_finish (HearthHome          *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);
/* "HOST:PORT" where another device answered the login kept for the
 * device @id, or NULL */
const char    *hearth_home_get_other_at_kept_host   (HearthHome          *self,
                                                     const char          *id);

/* The hosts added by hand (HearthHost), from the store; transfer full */
GPtrArray     *hearth_home_dup_hosts          (HearthHome          *self);
/* The device at @host (any port when its port is 0); borrowed, NULL when
 * none answered there yet */
HearthDevice  *hearth_home_lookup_host        (HearthHome          *self,
                                               const HearthHost    *host);
/* Forgets a host added by hand, and the device found there with it
 * (hearth_home_forget_device()) */
void           hearth_home_forget_host        (HearthHome          *self,
                                               const HearthHost    *host);
/* Forgets the device with @device_id, known to the home or only to the
 * store or the keyring: as hearth_home_forget_device() when the home has
 * it, its store entries otherwise, and waits for the keyring to forget its
 * secret. @secret_forgotten: whether one was kept (FALSE, no error, when
 * there is no keyring to ask). Fails only when the keyring did not forget
 * a secret it keeps. */
void           hearth_home_forget_async       (HearthHome          *self,
                                               const char          *device_id,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean       hearth_home_forget_finish      (HearthHome          *self,
                                               GAsyncResult        *result,
                                               gboolean            *secret_forgotten,
                                               GError             **error);

/* What a face shows or decides about a device */

/* Why another device is taken to answer at @device's address (another
 * certificate, another serial number), when the link knows more than
 * "another id"; NULL otherwise */
const char    *hearth_home_get_wrong_device_reason (HearthHome     *self,
                                                    HearthDevice   *device);
/* Whether the device that answers at @device's address instead of it had
 * its password or token once: the one login or read that asked who
 * answers, for a family that tells nothing without it. FALSE: nothing
 * secret went there. */
gboolean       hearth_home_get_wrong_device_had_secret (HearthHome   *self,
                                                        HearthDevice *device);
/* Whether @device's link has a login (a user name or a password) */
gboolean       hearth_home_has_login          (HearthHome          *self,
                                               HearthDevice        *device);
/* The user name @device logs in with (the keyring still gives the
 * password) */
void           hearth_home_set_username       (HearthHome          *self,
                                               HearthDevice        *device,
                                               const char          *username);
/* Poll period in milliseconds while @device has no push channel; 0 when
 * it has no link */
guint          hearth_home_get_poll_interval  (HearthHome          *self,
                                               HearthDevice        *device);
/* Whether @device's family pairs by a button (hearth_home_pair_async()) */
gboolean       hearth_home_can_pair           (HearthHome          *self,
                                               HearthDevice        *device);
/* The user name of @device's family's logins; NULL when its logins have
 * none (a password only) */
const char    *hearth_home_get_default_username (HearthHome        *self,
                                                 HearthDevice      *device);
/* Whether a device of @family is identified with a login when it tells
 * nothing without one */
gboolean       hearth_home_family_logs_in     (HearthHome          *self,
                                               const char          *family);
/* Raises the process's limit of open files (a connection per device):
 * call once at the start of a face */
void           hearth_home_raise_file_limit   (void);

G_END_DECLS
