/* hearth-home-private.h: what the files of HearthHome share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * HearthHome is written in several files, one part of the engine each:
 * hearth-home.c (the model, mDNS, the links), hearth-home-store.c
 * (remembering devices in the store), hearth-home-hosts.c (the hosts added
 * by hand), hearth-home-address.c (identifying a device by its address),
 * hearth-home-workflows.c (what a face asks: apply, log in, add, forget),
 * hearth-home-pair.c (pairing by a button), hearth-home-groups.c (the
 * controls of a room or the favourites), hearth-home-rekey.c (a
 * device added by address takes its hardware id), hearth-home-scenes.c
 * (scenes saved and recalled), hearth-home-history.c (power readings
 * kept over time) and hearth-home-index.c (its devices by id and by
 * address).
 */
#pragma once

#include "hearth-backoff.h"
#include "hearth-driver.h"
#include "hearth-history.h"
#include "hearth-home.h"
#include "hearth-link.h"

G_BEGIN_DECLS

struct _HearthHome
{
  GObject        parent_instance;

  HearthHttp    *http;
  HearthBrowser *browser;
  GPtrArray     *drivers;
  GPtrArray     *devices;
  GHashTable    *links;    /* device id → HearthLink */
  GHashTable    *probing;  /* "family host port" being identified */
  GCancellable  *cancellable;
  guint          busy;

  HearthStore   *store;
  GHashTable    *watches;      /* device id → Watch */
  GHashTable    *to_remember;  /* device ids */
  GHashTable    *known_ids;    /* ids the store has or had from us */
  guint          known_lookups;  /* devices looked up in the store to follow it (a test counts them) */
  guint          known_built;    /* known devices built to add an address (a test counts them) */
  guint          remember_soon_source;
  guint          remember_later_source;
  GHashTable    *hosts;        /* store host entry → HostProbe */
  GHashTable    *others_at_kept_host;  /* known id → "HOST:PORT" where another answered */

  HearthHistory *history;          /* hearth-home-history.c */
  GHashTable    *history_watches;  /* HearthDevice → its power readings followed */
  guint          history_tick_source;
  /* The index of the devices (hearth-home-index.c) */
  GHashTable    *by_id;        /* device id → HearthDevice */
  GHashTable    *by_address;   /* "host port" (host case folded) → GPtrArray of HearthDevice */
  GHashTable    *by_host;      /* host (case folded) → GPtrArray of HearthDevice */
  GHashTable    *indexed_at;   /* HearthDevice → where it is in by_address */
  guint          lookup_visits;  /* devices looked at to find one by id or address (a test counts them) */
};

/* Follows one device's changes, to remember them in the store */
typedef struct
{
  HearthHome   *home;
  HearthDevice *device;
  GPtrArray    *controls;      /* the controls connected to */
} Watch;

/* A host added by hand */
typedef struct
{
  HearthHome   *home;
  char         *entry;
  char         *host;
  guint16       port;
  HearthBackoff backoff;
  guint         retry_source;
  GCancellable *cancellable;
  gboolean      probing;
  gboolean      found;
} HostProbe;


/* hearth-home.c */
void          _hearth_home_set_busy            (HearthHome   *self,
                                                guint         busy);
HearthDevice *_hearth_home_find_by_id          (HearthHome   *self,
                                                const char   *id);
HearthDevice *_hearth_home_find_by_address     (HearthHome   *self,
                                                const char   *family,
                                                const char   *host,
                                                guint16       port);
/* Whether @device is at @host (and @port, unless 0) */
gboolean      _hearth_home_device_at           (HearthDevice *device,
                                                const char   *host,
                                                guint16       port);
void          _hearth_home_use_login_user      (HearthHome   *self,
                                                HearthLink   *link);
HearthDevice *_hearth_home_add_or_merge        (HearthHome   *self,
                                                HearthDriver *driver,
                                                HearthDevice *found,
                                                const char   *username,
                                                const char   *password);
void          _hearth_home_follow_device_state (HearthHome   *self,
                                                HearthDevice *device);
void          _hearth_home_remove_device       (HearthHome   *self,
                                                HearthDevice *device);
void          _hearth_home_forget_in_store     (HearthHome   *self,
                                                HearthDevice *device);

/* hearth-home-index.c: the devices by id and by address */
void          _hearth_home_index_init          (HearthHome   *self);
void          _hearth_home_index_clear         (HearthHome   *self);
void          _hearth_home_index_add           (HearthHome   *self,
                                                HearthDevice *device);
void          _hearth_home_index_remove        (HearthHome   *self,
                                                HearthDevice *device);
gboolean      _hearth_home_index_contains      (HearthHome   *self,
                                                HearthDevice *device);
GPtrArray    *_hearth_home_index_at            (HearthHome   *self,
                                                const char   *host,
                                                guint16       port);

/* hearth-home-store.c: remembering devices in the store */
void          _hearth_home_remember_pending    (HearthHome   *self);
void          _hearth_home_schedule_remember   (HearthHome   *self,
                                                HearthDevice *device,
                                                gboolean      soon);
void          _hearth_home_watch_device        (HearthHome   *self,
                                                HearthDevice *device);
void          _hearth_home_watch_free          (gpointer      data);
HearthLink   *_hearth_home_restore_device      (HearthHome   *self,
                                                HearthDevice *device);
void          _hearth_home_restore_known_devices (HearthHome *self);
void          _hearth_home_on_store_changed    (HearthHome   *self,
                                                const char   *what,
                                                HearthStore  *store);

/* hearth-home-history.c: power readings over time */
void          _hearth_home_history_dispose     (HearthHome   *self);

/* hearth-home-hosts.c: the hosts added by hand */
void          _hearth_home_host_probe_free     (gpointer      data);
void          _hearth_home_sync_hosts          (HearthHome   *self);

/* hearth-home-workflows.c: what the workflows share */
/* Keeps @secret for @device in the keyring, then returns @task (taken):
 * TRUE, or the device in its "device" data for hearth_home_add_host_async();
 * a keyring failure goes to the finish's @keyring_error */
void          _hearth_home_keep_secret         (GTask               *task,
                                                HearthDevice        *device,
                                                const char          *secret);
void          _hearth_home_take_keyring_error  (GAsyncResult        *result,
                                                GError             **keyring_error);
/* Finishes a login or pairing task of @self: its keyring failure to
 * @keyring_error, its outcome returned */
gboolean      _hearth_home_login_finish        (HearthHome          *self,
                                                GAsyncResult        *result,
                                                GError             **keyring_error,
                                                GError             **error);
/* The link reconnects with its new login (the push channel too) */
void          _hearth_home_reconnect           (HearthLink          *link);
/* The device of @control, or NULL; borrowed */
HearthDevice *_hearth_home_find_device_of      (HearthHome          *self,
                                                HearthControl       *control);
/* As hearth_home_apply_async(), each control of @controls with the
 * change at the same place in @changes: every control is tried; finish
 * returns the failures (HearthSceneMiss, transfer full; none when all
 * took their change) */
void          _hearth_home_apply_each_async    (HearthHome          *self,
                                                GPtrArray           *controls,
                                                GPtrArray           *changes,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
GPtrArray    *_hearth_home_apply_each_finish   (HearthHome          *self,
                                                GAsyncResult        *result,
                                                GError             **error);

/* hearth-home-rekey.c: a device added by address takes its hardware id */
gboolean      _hearth_home_can_rekey           (HearthHome          *self,
                                                HearthDevice        *device);
/* Finishes with the device that took @device's place (with its serial
 * number as id, read in full with @secret), or @device itself when it
 * could not be read */
void          _hearth_home_rekey_async         (HearthHome          *self,
                                                HearthDevice        *device,
                                                const char          *secret,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
HearthDevice *_hearth_home_rekey_finish        (HearthHome          *self,
                                                GAsyncResult        *result);

G_END_DECLS
