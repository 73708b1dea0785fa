/* hearth-link-private.h: what the files of HearthLink share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * HearthLink is written in three files: hearth-link.c (the object,
 * polling and the push channel), hearth-link-identity.c (identity before
 * secrets, and the wrong device) and hearth-link-apply.c (changes: the
 * queue that coalesces them, optimistic state and its rollback).
 */
#pragma once

#include "hearth-backoff.h"
#include "hearth-link.h"

G_BEGIN_DECLS

/* The last state the device confirmed for a control, to roll back to when
 * an optimistic change fails. */
typedef struct
{
  gboolean          on;
  int               brightness;
  int               temperature;
  int               color;
  HearthCoverState  cover_state;
  char             *effect;
  guint             users;
} Snapshot;

/* A change waiting to be sent (or being sent) and everyone waiting for it. */
typedef struct
{
  char         *control_id;
  HearthChange *change;
  GPtrArray    *tasks;
} Pending;

/* Whether the device at the link's address was shown to be this one */
typedef enum
{
  IDENTITY_UNCONFIRMED,
  IDENTITY_CONFIRMING,
  IDENTITY_CONFIRMED,
} Identity;

typedef struct
{
  HearthDevice    *device;
  HearthHttp      *http;
  HearthDriver    *driver;
  HearthHttpQueue *queue;
  GCancellable    *cancellable;

  char            *username;
  char            *password;
  gboolean         secret_looked_up;
  /* What the device wants while the keyring is asked: needs a password, or pairing */
  HearthDeviceState wanting;

  guint            poll_interval;
  guint            liveness_interval;
  guint            poll_source;
  guint            reconnect_source;
  HearthBackoff    backoff;         /* reconnecting the push channel */
  guint            read_retry_source;
  HearthBackoff    read_backoff;    /* reading again a device that answered badly */
  gboolean         started;
  gboolean         push_open;
  gboolean         refreshing;

  Identity         identity;
  guint            identity_serial;  /* an answer to an older attempt is dropped */
  /* Open the push channel or poll once the identity is confirmed */
  gboolean         resume_confirmed;
  GPtrArray       *refresh_waiting;  /* of GTask: refreshes waiting for the identity */
  guint            confirm_source;   /* the next attempt after a wrong device */
  HearthBackoff    confirm_backoff;
  /* A family that tells its id only with the credential: the one read
   * with it that confirms the device is under way */
  gboolean         reading_identity;
  /* Confirmed by that read (not by an id told without the credential) */
  gboolean         confirmed_by_read;
  /* That read showed another device: the credential goes to this address
   * no more (until the link is given another one) */
  gboolean         refused_here;
  char            *wrong_reason;     /* why the device is a wrong device */
  /* The login that asked who answers went to another device… */
  gboolean         login_to_wrong;
  /* …or that, or the read above: the device that answers instead had the
   * credential once, since the device was last confirmed */
  gboolean         secret_to_wrong;

  GQueue           pending;     /* of Pending, not sent yet, in order */
  Pending         *in_flight;
  GHashTable      *snapshots;   /* control id → Snapshot */
} HearthLinkPrivate;

HearthLinkPrivate *_hearth_link_get_private (HearthLink *self);

void     _hearth_link_report_failure (HearthLink *self,
                                      const GError *error);
void     _hearth_link_on_poll_refreshed (GObject *object,
                                         GAsyncResult *result,
                                         gpointer user_data);
void     _hearth_link_open_push_or_poll (HearthLink *self);
void     _hearth_link_on_refreshed (GObject *object,
                                    GAsyncResult *result,
                                    gpointer user_data);
gboolean _hearth_link_identity_confirmed (HearthLink *self);
void     _hearth_link_return_waiting_refreshes (HearthLink *self,
                                                const GError *error);
void     _hearth_link_fail_unconfirmed (HearthLink *self,
                                        const GError *error);
void     _hearth_link_enter_wrong_device (HearthLink *self,
                                          const GError *error);
void     _hearth_link_confirm_identity (HearthLink *self);
void     _hearth_link_snapshot_free (gpointer data);
void     _hearth_link_pending_free (Pending *pending);
void     _hearth_link_pending_return (Pending *pending,
                                      const GError *error);
void     _hearth_link_snapshot_release (HearthLink *self,
                                        HearthControl *control,
                                        gboolean restore);
void     _hearth_link_pump (HearthLink *self);

G_END_DECLS
