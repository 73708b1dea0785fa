/* hearth-store.h: what a person chose, kept across restarts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "hearth-scene.h"
#include "hearth-types.h"

G_BEGIN_DECLS

#define HEARTH_TYPE_STORE (hearth_store_get_type ())

G_DECLARE_FINAL_TYPE (HearthStore, hearth_store, HEARTH, STORE, GObject)

/* Names, rooms, favourites and hidden controls; rooms in their order;
 * devices added by hand; and the devices known from the last run (so the
 * window can show them at once, marked as connecting). Kept in one JSON
 * file (default: $XDG_DATA_HOME/hearth/home.json), keyed by hardware id so
 * it survives address changes and devices being offline. Every change is
 * written soon after, atomically (a new file renamed over the old one),
 * merged under a lock (home.json.lock) into what other processes wrote
 * meanwhile, so that no process loses another's change; a file that cannot
 * be read is kept aside as home.json.broken, never overwritten silently,
 * and one written by a newer Hearth is read as far as this one can and
 * never written nor moved. Never holds a secret (the user name of a login
 * is kept here, its password in the keyring).
 *
 * Controls are named by "DEVICE_ID/CONTROL_ID" keys (hearth_store_key()).
 * The "changed" signal (detail: the key, or "rooms", "hosts", "devices"
 * when a device is first remembered or forgotten (once for the devices
 * remembered together), "logins", "scenes") follows every change;
 * its one argument is the detail as a string:
 *   void on_changed (HearthStore *store, const char *what, gpointer data);
 * A change made to the file by another process (hearthctl add) is read
 * back and announced the same way. */

/* @path NULL: $HEARTH_STORE when set, else the default file */
HearthStore        *hearth_store_new                (const char    *path);
const char         *hearth_store_get_path           (HearthStore   *self);
/* Reads the file (small, local; done once at start-up). A missing file is
 * an empty home, not an error; FALSE with @error set when it cannot be
 * read (kept aside) or was written by a newer Hearth (HEARTH_ERROR_UNSUPPORTED:
 * what can be read is, and nothing is saved). */
gboolean            hearth_store_load               (HearthStore   *self,
                                                     GError       **error);
/* Writes now if a change is pending (also done on its own shortly after
 * each change, and on dispose), and returns once it is on disk. */
gboolean            hearth_store_flush              (HearthStore   *self,
                                                     GError       **error);

char               *hearth_store_key                (const char    *device_id,
                                                     const char    *control_id);

/* NULL: the device's own name */
const char         *hearth_store_get_name           (HearthStore   *self,
                                                     const char    *key);
void                hearth_store_set_name           (HearthStore   *self,
                                                     const char    *key,
                                                     const char    *name);
/* NULL: in no room */
const char         *hearth_store_get_room           (HearthStore   *self,
                                                     const char    *key);
void                hearth_store_set_room           (HearthStore   *self,
                                                     const char    *key,
                                                     const char    *room);
gboolean            hearth_store_get_favourite      (HearthStore   *self,
                                                     const char    *key);
void                hearth_store_set_favourite      (HearthStore   *self,
                                                     const char    *key,
                                                     gboolean       favourite);
gboolean            hearth_store_get_hidden         (HearthStore   *self,
                                                     const char    *key);
void                hearth_store_set_hidden         (HearthStore   *self,
                                                     const char    *key,
                                                     gboolean       hidden);

/* Rooms, in the order a person put them */
const char * const *hearth_store_get_rooms          (HearthStore   *self);
gboolean            hearth_store_add_room           (HearthStore   *self,
                                                     const char    *room,
                                                     GError       **error);
/* Moves every control in @old_name along */
gboolean            hearth_store_rename_room        (HearthStore   *self,
                                                     const char    *old_name,
                                                     const char    *new_name,
                                                     GError       **error);
/* Controls in it end up in no room */
void                hearth_store_remove_room        (HearthStore   *self,
                                                     const char    *room);

/* Devices added by address ("host" or "host:port" strings, port 0 = probe
 * the usual ones); polled even when mDNS never sees them */
const char * const *hearth_store_get_hosts          (HearthStore   *self);
void                hearth_store_add_host           (HearthStore   *self,
                                                     const char    *host,
                                                     guint16        port);
void                hearth_store_remove_host        (HearthStore   *self,
                                                     const char    *host,
                                                     guint16        port);
/* Splits an entry of hearth_store_get_hosts() ("host", "host:port",
 * "[v6]:port") into host and port (0 when none); FALSE when malformed */
gboolean            hearth_store_split_host         (const char    *entry,
                                                     char         **host,
                                                     guint16       *port);

/* The devices of the last run, as new HearthDevice objects in state
 * CONNECTING, with their controls and last known state */
GPtrArray          *hearth_store_dup_known_devices  (HearthStore   *self);
/* The same for those at @host (whatever the case) and @port (any when 0),
 * found through an index: no cost for the others (@host NULL: every one) */
GPtrArray          *hearth_store_dup_known_devices_at (HearthStore  *self,
                                                       const char   *host,
                                                       guint16       port);
/* Remembers a device's identity, address and controls (called by the
 * engine as devices change; writes are batched) */
void                hearth_store_remember_device    (HearthStore   *self,
                                                     HearthDevice  *device);
/* The same for each of @devices (HearthDevice), with one "changed::devices"
 * for all those first remembered */
void                hearth_store_remember_devices   (HearthStore   *self,
                                                     GPtrArray     *devices);
/* Whether the device of that id is known (remembered and not forgotten) */
gboolean            hearth_store_has_known_device   (HearthStore   *self,
                                                     const char    *device_id);
/* Forgets a device: its entry, its host if added by hand, every name,
 * room, favourite and hidden flag of its controls, and its login's user */
void                hearth_store_forget_device      (HearthStore   *self,
                                                     const char    *device_id);

/* The user name a person logged in to a device with, by hardware id (not
 * a secret: the password is in the keyring). NULL: the family's usual
 * one. Setting NULL or "" clears it; a user name with control characters
 * or of more than 256 bytes is not kept. */
const char         *hearth_store_get_login_user     (HearthStore   *self,
                                                     const char    *device_id);
void                hearth_store_set_login_user     (HearthStore   *self,
                                                     const char    *device_id,
                                                     const char    *user);

/* Scenes (HearthScene), by name, unique whatever the case; a change is
 * announced as "changed::scenes" */
/* Their names, sorted; transfer full */
char              **hearth_store_dup_scene_names    (HearthStore   *self);
/* A copy of the scene called @name (whatever the case), or NULL */
HearthScene        *hearth_store_dup_scene          (HearthStore   *self,
                                                     const char    *name);
/* Keeps a copy of @scene under its name (trimmed). @replace: over the
 * scene of that name (whatever the case) if there is one; else that is an
 * error (HEARTH_ERROR_INVALID, as is an empty name). */
gboolean            hearth_store_set_scene          (HearthStore   *self,
                                                     HearthScene   *scene,
                                                     gboolean       replace,
                                                     GError       **error);
gboolean            hearth_store_rename_scene       (HearthStore   *self,
                                                     const char    *old_name,
                                                     const char    *new_name,
                                                     GError       **error);
/* FALSE when there was no such scene */
gboolean            hearth_store_remove_scene       (HearthStore   *self,
                                                     const char    *name);

G_END_DECLS
