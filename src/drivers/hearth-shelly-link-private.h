/* hearth-shelly-link-private.h: what the files of HearthShellyLink share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * HearthShellyLink is written in two files: hearth-shelly-link.c (the
 * object, RPC over HTTP, refreshing and changes) and
 * hearth-shelly-link-push.c (the push WebSocket: RPC calls on it, their
 * digest login, notifications, opening and closing).
 */
#pragma once

#include <json-glib/json-glib.h>

#include "hearth-http-auth.h"
#include "hearth-push-socket.h"
#include "hearth-shelly-link.h"

G_BEGIN_DECLS

typedef struct _WsCall WsCall;

/* result is NULL for a null result; error is set on failure */
typedef void (*WsCallback) (HearthShellyLink *self,
                            JsonNode         *result,
                            const GError     *error);

struct _WsCall
{
  HearthShellyLink *self;      /* unowned: calls die with the socket */
  gint64            id;
  char             *method;
  JsonObject       *params;
  WsCallback        callback;
  gboolean          sent_auth;
  gboolean          retried;
  guint             timeout_id;
};

struct _HearthShellyLink
{
  HearthLink               parent_instance;

  JsonObject              *config;
  JsonObject              *status;
  char                    *src;
  gint64                   next_id;

  /* The push channel */
  HearthPushSocket        *socket;          /* from open_push until it closes */
  GCancellable            *link_cancellable; /* the link's, when it opened */
  GHashTable              *ws_calls;        /* gint64 id → WsCall */
  HearthHttpChallenge     *ws_challenge;    /* the last 401's; nc: the last used */
  gboolean                 ws_baseline;   /* this socket's GetStatus came */
  gboolean                 ws_opened;     /* and the config: push_opened() */
  gboolean                 heartbeat_waiting;

  /* The WebSocket handshake is an HTTP request too: it never overlaps one
   * of ours, so the device sees one request at a time. */
  guint                    http_busy;       /* our requests under way */
  gboolean                 ws_open_waiting; /* to open once they are done */
  gboolean                 ws_connecting;   /* handshake under way */
  GQueue                   deferred;        /* of GTask, held meanwhile */
};

const char  *_hearth_shelly_link_get_password (HearthShellyLink *self);
gboolean     _hearth_shelly_link_apply_model (HearthShellyLink *self,
                                              GError **error);
void         _hearth_shelly_link_set_status (HearthShellyLink *self,
                                             JsonObject *status);
void         _hearth_shelly_link_rpc_http_flush (HearthShellyLink *self);
void         _hearth_shelly_link_ws_teardown (HearthShellyLink *self);
void         _hearth_shelly_link_maybe_start_ws (HearthShellyLink *self);
void         _hearth_shelly_link_open_push (HearthLink *link);
void         _hearth_shelly_link_close_push (HearthLink *link);

G_END_DECLS
