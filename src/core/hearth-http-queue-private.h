/* hearth-http-queue-private.h: what a HearthHttpQueue's requests
 * (hearth-http-request.c) reach inside their queue
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "hearth-http-auth.h"
#include "hearth-http-queue.h"
#include "hearth-http-request.h"

G_BEGIN_DECLS

/* How a person recognises the device: "192.0.2.4", "192.0.2.4:8080", "[fe80::1]:8080" */
char                *hearth_http_queue_dup_label              (HearthHttpQueue   *self);
/* Starts queued requests while there are free slots */
void                 hearth_http_queue_pump                   (HearthHttpQueue   *self);
/* Takes @req out of the queue before it started: TRUE if it was there
 * (the queue's reference is the caller's now) */
gboolean             hearth_http_queue_unqueue                (HearthHttpQueue   *self,
                                                               HearthHttpRequest *req);
/* libsoup is done with running @req: its slot is free */
void                 hearth_http_queue_release                (HearthHttpQueue   *self,
                                                               HearthHttpRequest *req);
/* The last challenge seen, answered straight away by the next request */
HearthHttpChallenge *hearth_http_queue_get_challenge          (HearthHttpQueue   *self);
void                 hearth_http_queue_take_challenge         (HearthHttpQueue     *self,
                                                               HearthHttpChallenge *challenge);
/* Whether the request about to be sent may leave its connection open for
 * a next one (else it asks for "Connection: close"); once per request */
gboolean             hearth_http_queue_keeps_connection       (HearthHttpQueue   *self);
/* TRUE when the queue's certificate check (if any) takes the certificate
 * @msg's connection has; marks @msg refused otherwise */
gboolean             hearth_http_queue_certificate_acceptable (HearthHttpQueue   *self,
                                                               SoupMessage       *msg);
GError              *hearth_http_queue_certificate_refused_error
                                                              (HearthHttpQueue   *self);

G_END_DECLS
