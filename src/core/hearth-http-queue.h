/* hearth-http-queue.h: requests to one device, one (or a few) at a time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "hearth-types.h"

G_BEGIN_DECLS

#define HEARTH_TYPE_HTTP_QUEUE (hearth_http_queue_get_type ())

G_DECLARE_FINAL_TYPE (HearthHttpQueue, hearth_http_queue, HEARTH, HTTP_QUEUE, GObject)

HearthHttp  *hearth_http_queue_get_http         (HearthHttpQueue     *self);
/* The session this address's requests go through (shared with a few dozen
 * other addresses); for messages sent outside the queue, as event streams */
SoupSession *hearth_http_queue_get_session      (HearthHttpQueue     *self);
const char  *hearth_http_queue_get_host         (HearthHttpQueue     *self);
guint16      hearth_http_queue_get_port         (HearthHttpQueue     *self);
/* "http" by default; "https" for bridges */
void         hearth_http_queue_set_scheme       (HearthHttpQueue     *self,
                                                 const char          *scheme);
/* How many requests may be in flight at once; 1 by default. */
void         hearth_http_queue_set_max_in_flight (HearthHttpQueue    *self,
                                                 guint                max_in_flight);
guint        hearth_http_queue_get_max_in_flight (HearthHttpQueue    *self);
/* Builds scheme://host:port/path?query, bracketing IPv6 literals. */
GUri        *hearth_http_queue_build_uri        (HearthHttpQueue     *self,
                                                 const char          *scheme,
                                                 const char          *path,
                                                 const char          *query);

/* Sends @method @path_and_query ("/rpc", "/json/state", "/status?x=1") with
 * an optional JSON @body, after the requests queued before it. The whole
 * request has the session's deadline (G_IO_ERROR_TIMED_OUT), the body the
 * size cap (HEARTH_ERROR_TOO_LARGE). A non-2xx status is
 * HEARTH_ERROR_HTTP_STATUS.
 *
 * @username/@password (nullable) answer a 401 challenge: Basic, or Digest
 * with MD5 or SHA-256 (computed here: libsoup's digest is MD5 only). They
 * travel with the request, not the queue, because the queue belongs to an
 * address and a secret belongs to one device. Without a password a 401 is
 * HEARTH_ERROR_NEEDS_PASSWORD; a refused password is
 * HEARTH_ERROR_BAD_PASSWORD. */
void         hearth_http_queue_send_async       (HearthHttpQueue     *self,
                                                 const char          *method,
                                                 const char          *path_and_query,
                                                 JsonNode            *body,
                                                 const char          *username,
                                                 const char          *password,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
GBytes      *hearth_http_queue_send_finish      (HearthHttpQueue     *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);
/* The HTTP status the device answered a finished request with (also when
 * it failed: 403, 404, 503…), or 0 when no answer came (refused, timed
 * out, cancelled). Call after the _finish function. */
guint        hearth_http_queue_get_status       (HearthHttpQueue     *self,
                                                 GAsyncResult        *result);
/* As _send_finish, then parses the body: HEARTH_ERROR_BAD_PAYLOAD unless it
 * is JSON whose root is an object or an array. */
JsonNode    *hearth_http_queue_send_json_finish (HearthHttpQueue     *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);

/* HTTPS to a device with a certificate of its own (Hue bridges), without
 * turning verification off for anything else: @check decides about the
 * certificate the device presents on every request of this queue (and on
 * messages given to hearth_http_queue_watch_message()), whether or not a
 * CA vouches for it; FALSE refuses it, and the request fails with
 * G_TLS_ERROR_BAD_CERTIFICATE. Without a check (the default) libsoup's
 * normal verification applies. A new check replaces the old one. */
typedef gboolean (*HearthHttpCertificateCheck) (HearthHttpQueue      *queue,
                                                GTlsCertificate      *certificate,
                                                GTlsCertificateFlags  errors,
                                                gpointer              user_data);
void         hearth_http_queue_set_certificate_check (HearthHttpQueue            *self,
                                                      HearthHttpCertificateCheck  check,
                                                      gpointer                    user_data,
                                                      GDestroyNotify              destroy);
gboolean     hearth_http_queue_has_certificate_check (HearthHttpQueue            *self);
/* For a message the caller sends itself (a stream) with @cancellable: the
 * queue's check decides about its certificate too, on every connection
 * before a byte of @msg is written (a resumed TLS session and a kept
 * connection included); a refusal cancels @cancellable, and sending fails.
 * Call before sending it. */
void         hearth_http_queue_watch_message    (HearthHttpQueue     *self,
                                                 SoupMessage         *msg,
                                                 GCancellable        *cancellable);
/* Asks the device to close each connection after its answer
 * ("Connection: close"), so that none is kept for later requests: for
 * requests made while a certificate is trusted only provisionally. */
void         hearth_http_queue_set_close_connections (HearthHttpQueue *self,
                                                      gboolean         close_connections);
/* SHA-256 of @certificate's DER form, lower-case hex (a pin) */
char        *hearth_http_certificate_sha256     (GTlsCertificate     *certificate);

/* Opens a WebSocket to ws://host:port@path within the deadline, with an
 * incoming message size cap. It does not count against max-in-flight. */
void         hearth_http_queue_websocket_async  (HearthHttpQueue     *self,
                                                 const char          *path,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
SoupWebsocketConnection *
             hearth_http_queue_websocket_finish (HearthHttpQueue     *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);

G_END_DECLS
