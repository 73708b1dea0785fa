/* hearth-sim-device.h: one simulated device, its own HTTP server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

#define HEARTH_TYPE_SIM_DEVICE (hearth_sim_device_get_type ())

G_DECLARE_DERIVABLE_TYPE (HearthSimDevice, hearth_sim_device, HEARTH, SIM_DEVICE, GObject)

/* One mDNS announcement: type like "_shelly._tcp", TXT "key=value" strings */
typedef struct
{
  char  *type;
  char  *name;
  GStrv  txt;
} HearthSimService;

HearthSimService *hearth_sim_service_new  (const char         *type,
                                           const char         *name,
                                           const char * const *txt);
void              hearth_sim_service_free (HearthSimService   *service);

/**
 * HearthSimDeviceClass:
 * @setup: registers the family's handlers with
 *   hearth_sim_device_add_handler() and soup_server_add_websocket_handler()
 * @list_services: appends the device's mDNS announcements (HearthSimService)
 * @get_sim_state: the state as JSON, for GET /sim/state (tests read it)
 * @set_sim_state: changes state as a person at the device would (a button,
 *   the device's own app), for POST /sim/state; pushes to connected clients
 */
struct _HearthSimDeviceClass
{
  GObjectClass parent_class;

  const char *family;

  void       (*setup)         (HearthSimDevice  *self,
                               SoupServer       *server);
  void       (*list_services) (HearthSimDevice  *self,
                               GPtrArray        *services);
  JsonNode  *(*get_sim_state) (HearthSimDevice  *self);
  gboolean   (*set_sim_state) (HearthSimDevice  *self,
                               JsonObject       *changes,
                               GError          **error);
};

/* Properties: "id" (hardware id), "name", "address" (to listen on; default
 * 127.0.0.1, "0.0.0.0" for all), "port" (0 = any free), "password" (NULL =
 * no auth), "latency" (ms before each answer, default 20, so that
 * concurrent requests really overlap and are counted as such), "user"
 * (the user name a login wants where the family has one; NULL = the
 * family's usual one, "admin"). */
const char *hearth_sim_device_get_family   (HearthSimDevice *self);
const char *hearth_sim_device_get_id       (HearthSimDevice *self);
const char *hearth_sim_device_get_name     (HearthSimDevice *self);
const char *hearth_sim_device_get_address  (HearthSimDevice *self);
guint16     hearth_sim_device_get_port     (HearthSimDevice *self);
const char *hearth_sim_device_get_password (HearthSimDevice *self);
/* NULL: the family's usual one */
const char *hearth_sim_device_get_user     (HearthSimDevice *self);
gboolean    hearth_sim_device_start        (HearthSimDevice *self,
                                            GError         **error);
void        hearth_sim_device_list_services (HearthSimDevice *self,
                                            GPtrArray       *services);

/* For subclasses: a handler for @path that the base wraps with request
 * counting, the latency and misbehaviour (see /sim/misbehave). */
void        hearth_sim_device_add_handler  (HearthSimDevice    *self,
                                            const char         *path,
                                            SoupServerCallback  callback,
                                            gpointer            user_data,
                                            GDestroyNotify      destroy);
/* For subclasses: a credential came in some other way than the base
 * sees in a request (a Shelly RPC frame's "auth" object, also over a
 * WebSocket): counted in /sim/stats "secrets" */
void        hearth_sim_device_count_secret (HearthSimDevice    *self);
/* Replies with @node as JSON and status 200 */
void        hearth_sim_reply_json          (SoupServerMessage  *msg,
                                            JsonNode           *node);
void        hearth_sim_reply_error         (SoupServerMessage  *msg,
                                            guint               status,
                                            const char         *body);
/* Parses a request body as a JSON object, or NULL */
JsonObject *hearth_sim_read_json_object    (SoupServerMessage  *msg);
/* A node holding @object; takes @object */
JsonNode   *hearth_sim_object_node         (JsonObject         *object);

/* For the families' constructors: the entry of @table (@n_entries of
 * @entry_size bytes, each starting with its name as a const char *) named
 * @name, the first one for NULL; NULL when none is. */
gconstpointer hearth_sim_find_variant      (gconstpointer       table,
                                            gsize               n_entries,
                                            gsize               entry_size,
                                            const char         *name);

/* WebSocket clients (added for the families; optional). A WebSocket handler
 * registered through the base counts its open clients for /sim/stats
 * ("websockets") and closes them when the device goes away; @callback then
 * gets the connection as with soup_server_add_websocket_handler() (take a
 * ref to keep it). hearth_sim_device_track_websocket() does the counting
 * for a connection from a handler you registered yourself. */
void        hearth_sim_device_add_websocket_handler (HearthSimDevice             *self,
                                                     const char                  *path,
                                                     SoupServerWebsocketCallback  callback,
                                                     gpointer                     user_data,
                                                     GDestroyNotify               destroy);
void        hearth_sim_device_track_websocket (HearthSimDevice         *self,
                                               SoupWebsocketConnection *connection);
/* The open WebSocket clients tracked above (owned by the device) */
GPtrArray  *hearth_sim_device_get_websockets  (HearthSimDevice         *self);
/* Sends @text to every open tracked WebSocket client */
void        hearth_sim_device_broadcast_text  (HearthSimDevice         *self,
                                               const char              *text);

G_END_DECLS
