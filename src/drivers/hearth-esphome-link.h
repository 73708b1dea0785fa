/* hearth-esphome-link.h: an ESPHome node's event stream, and changing it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "hearth-link.h"

G_BEGIN_DECLS

#define HEARTH_TYPE_ESPHOME_LINK (hearth_esphome_link_get_type ())
G_DECLARE_FINAL_TYPE (HearthEsphomeLink, hearth_esphome_link, HEARTH, ESPHOME_LINK, HearthLink)

/* The user name of a login given without one (web_server's auth has no
 * default; this is the one ESPHome's documentation shows) */
#define HEARTH_ESPHOME_DEFAULT_USERNAME "admin"

HearthLink *hearth_esphome_link_new               (HearthDevice *device,
                                                   HearthHttp   *http);
/* How often the node pings on its stream (10 s on real firmware); the
 * stream counts as dead after two intervals without a line. For tests. */

/* Whether @host:@port serves an ESPHome event stream: TRUE for GET /events
 * answering text/event-stream, or 401 asking for a login (the node's web
 * server wants a password); HEARTH_ERROR_UNSUPPORTED for anything else.
 * Reads no more than the headers, within the session's deadline. */
void        hearth_esphome_probe_async            (HearthHttp          *http,
                                                   const char          *host,
                                                   guint16              port,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean    hearth_esphome_probe_finish           (GAsyncResult        *result,
                                                   GError             **error);

/* A node added by address: reads the /events burst for the node's title
 * and the MAC address a wifi_info text sensor reports (the hardware id);
 * HEARTH_ERROR_UNSUPPORTED without one. A node with a web password fails
 * with HEARTH_ERROR_NEEDS_PASSWORD when @password is NULL, and
 * HEARTH_ERROR_BAD_PASSWORD when it refuses @username (NULL:
 * HEARTH_ESPHOME_DEFAULT_USERNAME) and @password (Basic or Digest).
 * Answers @task (taken) with the device; the node at the queue's address. */
void          hearth_esphome_identify_address        (HearthHttpQueue     *queue,
                                                      const char          *username,
                                                      const char          *password,
                                                      GTask               *task);

G_END_DECLS
