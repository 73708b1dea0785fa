/* hearth-link.h: the live connection to one device
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "hearth-types.h"

G_BEGIN_DECLS

#define HEARTH_TYPE_LINK (hearth_link_get_type ())

G_DECLARE_DERIVABLE_TYPE (HearthLink, hearth_link, HEARTH, LINK, GObject)

/**
 * HearthLinkClass:
 * @open_push: opens the family's push channel (WebSocket, SSE); the
 *   subclass then calls hearth_link_push_opened() or
 *   hearth_link_push_closed(). %NULL for families that only poll. The
 *   subclass must bring the model fully up to date when the channel opens
 *   (a reconnect must never leave stale state).
 * @close_push: closes it; no call to hearth_link_push_closed() follows.
 * @refresh_async: reads the device's whole state once into the model.
 * @send_async: sends one change (already coalesced and checked) for
 *   @control; on success updates the model from the device's answer where
 *   the answer carries state.
 *
 * The base class does the rest: the first read, polling (when there is no
 * push, or while it is down), reconnecting with backoff, availability,
 * optimistic changes with rollback, coalescing, and looking up the
 * device's password.
 */
struct _HearthLinkClass
{
  GObjectClass parent_class;

  void     (*open_push)      (HearthLink          *self);
  void     (*close_push)     (HearthLink          *self);
  void     (*refresh_async)  (HearthLink          *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data);
  gboolean (*refresh_finish) (HearthLink          *self,
                              GAsyncResult        *result,
                              GError             **error);
  void     (*send_async)     (HearthLink          *self,
                              HearthControl       *control,
                              const HearthChange  *change,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data);
  gboolean (*send_finish)    (HearthLink          *self,
                              GAsyncResult        *result,
                              GError             **error);

  /*< private >*/
  gpointer padding[8];
};

HearthDevice    *hearth_link_get_device        (HearthLink          *self);
HearthHttp      *hearth_link_get_http          (HearthLink          *self);
/* The queue for the device's current address */
HearthHttpQueue *hearth_link_get_queue         (HearthLink          *self);
/* Cancelled when the link stops */
GCancellable    *hearth_link_get_cancellable   (HearthLink          *self);
/* Poll period in milliseconds while there is no push channel */
guint            hearth_link_get_poll_interval (HearthLink          *self);
void             hearth_link_set_poll_interval (HearthLink          *self,
                                                guint                interval_ms);
/* How often a push channel shows it is alive, in milliseconds (the
 * "liveness-interval" property): a family with a push channel sets its
 * default when the link is made and follows notify::liveness-interval. */
guint            hearth_link_get_liveness_interval (HearthLink      *self);
void             hearth_link_set_liveness_interval (HearthLink      *self,
                                                    guint            interval_ms);
/* The password for this device's hardware id, if one is stored; NULL
 * until the device was confirmed at its current address */
const char      *hearth_link_get_username      (HearthLink          *self);
const char      *hearth_link_get_password      (HearthLink          *self);
const char      *hearth_link_get_wrong_device_reason (HearthLink   *self);
gboolean         hearth_link_get_wrong_device_had_secret (HearthLink *self);
void             hearth_link_set_credentials   (HearthLink          *self,
                                                const char          *username,
                                                const char          *password);
/* The user name of the device's login (NULL: the family's usual one),
 * without a password: unlike hearth_link_set_credentials(), the keyring is
 * still asked for the password when the device wants one. */
void             hearth_link_set_username      (HearthLink          *self,
                                                const char          *username);

/* The family's driver, whose identify confirms, without credentials, that
 * the device at the link's address is this one before any secret goes to
 * it (set by hearth_driver_create_link()). A link without one confirms
 * nothing. */
HearthDriver    *hearth_link_get_driver        (HearthLink          *self);
void             hearth_link_set_driver        (HearthLink          *self,
                                                HearthDriver        *driver);

void             hearth_link_start             (HearthLink          *self);
void             hearth_link_stop              (HearthLink          *self);
/* The device moved: new address, same device. Reconnects. */
void             hearth_link_readdress         (HearthLink          *self,
                                                const char          *host,
                                                guint16              port);
/* Reads the whole state now (also used by polling). */
void             hearth_link_refresh_async     (HearthLink          *self,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean         hearth_link_refresh_finish    (HearthLink          *self,
                                                GAsyncResult        *result,
                                                GError             **error);
/* Applies @change to control @control_id at once, sends it, and confirms
 * or rolls it back from the device's answer. Changes to the same control
 * made while one is waiting to be sent are merged into it. */
void             hearth_link_apply_async       (HearthLink          *self,
                                                const char          *control_id,
                                                const HearthChange  *change,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean         hearth_link_apply_finish      (HearthLink          *self,
                                                GAsyncResult        *result,
                                                GError             **error);

/* For subclasses */
void             hearth_link_push_opened       (HearthLink          *self);
void             hearth_link_push_closed       (HearthLink          *self,
                                                const GError        *error);
/* Call after applying pushed state to the model: shows again the changes
 * not confirmed yet (waiting, or on their way), so that a push of older
 * state does not make a dragged slider jump back and forth. */
void             hearth_link_reassert_pending  (HearthLink          *self);
/* Call whenever the device answered or pushed: it is alive (last-seen;
 * brings an unavailable device back). Going online from "connecting" is
 * the base class's, after a full read. */
void             hearth_link_seen              (HearthLink          *self);

G_END_DECLS
