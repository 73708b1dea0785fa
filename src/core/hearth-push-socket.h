/* hearth-push-socket.h: one WebSocket a device pushes its state over
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "hearth-types.h"

G_BEGIN_DECLS

#define HEARTH_TYPE_PUSH_SOCKET (hearth_push_socket_get_type ())

G_DECLARE_FINAL_TYPE (HearthPushSocket, hearth_push_socket, HEARTH, PUSH_SOCKET, GObject)

HearthPushSocket *hearth_push_socket_new                    (HearthHttpQueue  *queue,
                                                             const char       *path,
                                                             const char       *label);
void              hearth_push_socket_open                   (HearthPushSocket *self,
                                                             GCancellable     *cancellable);
void              hearth_push_socket_confirm                (HearthPushSocket *self);
gboolean          hearth_push_socket_send_text              (HearthPushSocket *self,
                                                             const char       *text);
void              hearth_push_socket_close                  (HearthPushSocket *self);
gboolean          hearth_push_socket_is_open                (HearthPushSocket *self);
gboolean          hearth_push_socket_is_confirmed           (HearthPushSocket *self);
guint             hearth_push_socket_get_heartbeat_interval (HearthPushSocket *self);
void              hearth_push_socket_set_heartbeat_interval (HearthPushSocket *self,
                                                             guint             interval_ms);
guint             hearth_push_socket_get_first_message_timeout (HearthPushSocket *self);
void              hearth_push_socket_set_first_message_timeout (HearthPushSocket *self,
                                                                guint             timeout_ms);

G_END_DECLS
