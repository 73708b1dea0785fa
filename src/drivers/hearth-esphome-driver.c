/* hearth-esphome-driver.c: ESPHome nodes with the web_server component
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A node announces _esphomelib._tcp (the native API, protobuf on port
 * 6053: not HTTP) with the TXT record that identifies it (mac,
 * friendly_name, version, platform, board), and, only when web_server is
 * configured, _http._tcp on the web server's port (80 by default) with no
 * TXT. Hearth talks to the web server. So:
 *
 * - Both service types are browsed. _esphomelib is always claimed; its
 *   TXT is remembered by host and instance name (the firmware announces
 *   both services under the node's name). _http is claimed only when the
 *   same host announced _esphomelib under the same name (every other _http
 *   is someone else's), and its port is remembered the same way, whichever
 *   of the two came first.
 * - Identification takes the id (the mac, 12 lowercase hex), name and
 *   model from the TXT, and confirms the web server with GET /events at
 *   the _http port (80 until the _http record is known): an event stream,
 *   or a 401 asking for a login. A node without web_server is not Hearth's
 *   (HEARTH_ERROR_UNSUPPORTED).
 * - get_service_id returns NULL: the engine would otherwise take the
 *   _esphomelib record's port (6053) for the device's new address. The
 *   probe is cheap and finds the same device at the same address.
 * - A node added by address has no TXT, and the web server has no "who am
 *   I" request: its /events burst is read for the MAC address that a
 *   wifi_info text sensor reports (a common part of node configurations)
 *   and the title; without one, HEARTH_ERROR_UNSUPPORTED says to let mDNS
 *   find the node. A node with a web password answers /events 401 until
 *   it has the login: HEARTH_ERROR_NEEDS_PASSWORD, then
 *   identify_async again with the person's login (the same burst,
 *   the challenge answered as the link's stream answers it).
 */
#include "config.h"

#include <glib/gi18n.h>

#include "hearth-device.h"
#include "hearth-driver.h"
#include "hearth-error.h"
#include "hearth-http-queue.h"
#include "hearth-service.h"

#include "hearth-esphome-driver.h"
#include "hearth-esphome-link.h"
#include "hearth-esphome-parse.h"

typedef struct
{
  GStrv    txt;        /* from _esphomelib, NULL until seen */
  char    *name;       /* its instance name */
  guint16  http_port;  /* from _http, 0 until seen */
} Node;

struct _HearthEsphomeDriver
{
  GObject     parent_instance;

  GHashTable *nodes;   /* lower-case "host\ninstance name" → Node */
};

static void hearth_esphome_driver_iface_init (HearthDriverInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HearthEsphomeDriver, hearth_esphome_driver, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (HEARTH_TYPE_DRIVER,
                                                      hearth_esphome_driver_iface_init))

static void
node_free (gpointer data)
{
  Node *node = data;

  g_strfreev (node->txt);
  g_free (node->name);
  g_free (node);
}

static Node *
ensure_node (HearthEsphomeDriver *self,
             HearthService       *service)
{
  const char *host = hearth_service_get_host (service);
  const char *name = hearth_service_get_name (service);
  g_autofree char *key = NULL;
  g_autofree char *joined = NULL;
  Node *node;

  if (host == NULL)
    host = hearth_service_get_address (service);
  if (host == NULL)
    return NULL;

  /* The firmware announces both under the node's name, on its own host;
   * the name also tells apart nodes sharing a host (the simulator's) */
  joined = g_strdup_printf ("%s\n%s", host, name != NULL ? name : "");
  key = g_utf8_strdown (joined, -1);
  node = g_hash_table_lookup (self->nodes, key);
  if (node == NULL)
    {
      node = g_new0 (Node, 1);
      g_hash_table_insert (self->nodes, g_steal_pointer (&key), node);
    }
  return node;
}

static gboolean
hearth_esphome_driver_claims_service (HearthDriver  *driver,
                                      HearthService *service)
{
  HearthEsphomeDriver *self = HEARTH_ESPHOME_DRIVER (driver);
  const char *type = hearth_service_get_type_name (service);
  Node *node;

  if (g_strcmp0 (type, "_esphomelib._tcp") == 0)
    {
      node = ensure_node (self, service);
      if (node == NULL)
        return FALSE;
      g_strfreev (node->txt);
      node->txt = g_strdupv ((GStrv) hearth_service_get_txt (service));
      if (node->txt == NULL)
        node->txt = g_new0 (char *, 1);
      g_free (node->name);
      node->name = g_strdup (hearth_service_get_name (service));
      return TRUE;
    }

  if (g_strcmp0 (type, "_http._tcp") == 0)
    {
      node = ensure_node (self, service);
      if (node == NULL)
        return FALSE;
      node->http_port = hearth_service_get_port (service);
      return node->txt != NULL;
    }

  return FALSE;
}

typedef struct
{
  HearthDevice *device;
  HearthHttp   *http;
  char         *host;
  guint16       port;
  Node         *node;     /* borrowed from the driver's table, which keeps it */
  gboolean      retried;
} Identify;

static void
identify_free (gpointer data)
{
  Identify *identify = data;

  g_clear_object (&identify->device);
  g_clear_object (&identify->http);
  g_free (identify->host);
  g_free (identify);
}

static void
on_probed (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = G_TASK (user_data);
  Identify *identify = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!hearth_esphome_probe_finish (result, &error))
    {
      /* The _http record may have come while port 80 was tried: the engine
       * then skipped it when both share one port (as in the simulator) */
      if (!identify->retried && identify->node != NULL && identify->node->http_port != 0 &&
          identify->node->http_port != identify->port &&
          !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          GCancellable *cancellable = g_task_get_cancellable (task);

          identify->retried = TRUE;
          identify->port = identify->node->http_port;
          hearth_esphome_probe_async (identify->http, identify->host, identify->port,
                                      cancellable, on_probed, g_steal_pointer (&task));
          return;
        }
      if (g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_HTTP_STATUS) ||
          g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD))
        g_task_return_new_error (task, HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED,
                                 "No ESPHome web server: %s", error->message);
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  hearth_device_set_address (identify->device, identify->host, identify->port);
  hearth_device_set_live (identify->device, HEARTH_LIVE_PUSH);
  g_task_return_pointer (task, g_steal_pointer (&identify->device), g_object_unref);
}

static void
hearth_esphome_driver_identify (HearthDriver        *driver,
                                HearthHttpQueue     *queue,
                                HearthService       *service,
                                const char          *username,
                                const char          *password,
                                GTask               *task)
{
  HearthEsphomeDriver *self = HEARTH_ESPHOME_DRIVER (driver);
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autoptr(GError) error = NULL;
  Identify *identify;
  const char * const *txt = NULL;
  const char *name = NULL;
  guint16 port = HEARTH_ESPHOME_DEFAULT_PORT;
  Node *node;

  if (service == NULL)
    {
      hearth_esphome_identify_address (queue, username, password, task);
      return;
    }

  hearth_esphome_driver_claims_service (driver, service);
  node = ensure_node (self, service);
  if (node != NULL)
    {
      txt = (const char * const *) node->txt;
      name = node->name;
      if (node->http_port != 0)
        port = node->http_port;
    }
  if (g_strcmp0 (hearth_service_get_type_name (service), "_http._tcp") == 0)
    port = hearth_service_get_port (service);

  identify = g_new0 (Identify, 1);
  identify->device = hearth_esphome_device_from_txt (txt, name, &error);
  identify->host = g_strdup (hearth_http_queue_get_host (queue));
  identify->port = port;
  identify->http = g_object_ref (hearth_http_queue_get_http (queue));
  identify->node = node;
  g_task_set_task_data (task, identify, identify_free);
  if (identify->device == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  hearth_esphome_probe_async (hearth_http_queue_get_http (queue), identify->host, port,
                              cancellable, on_probed, task);
}

static const char * const service_types[] = { "_esphomelib._tcp", "_http._tcp", NULL };

static const HearthDriverInfo info = {
  .family = "esphome",
  /* TRANSLATORS: the name of a device family (a brand), as the app shows it */
  .display_name = N_("ESPHome"),
  .service_types = service_types,
  .default_port = HEARTH_ESPHOME_DEFAULT_PORT,
  /* The firmware has no default: web_server's auth names a user name, and
   * this is the one ESPHome's documentation shows. A login has one, so the
   * person is asked for it, starting from this. */
  .default_username = HEARTH_ESPHOME_DEFAULT_USERNAME,
  /* See the top of the file: the _esphomelib port is not the web server's */
  .service_id_key = NULL,
  .identifies_with_login = TRUE,
  .new_link = hearth_esphome_link_new,
  /* No pairing */
};

static void
hearth_esphome_driver_iface_init (HearthDriverInterface *iface)
{
  iface->info = &info;
  iface->claims_service = hearth_esphome_driver_claims_service;
  iface->identify = hearth_esphome_driver_identify;
}

static void
hearth_esphome_driver_finalize (GObject *object)
{
  HearthEsphomeDriver *self = HEARTH_ESPHOME_DRIVER (object);

  g_clear_pointer (&self->nodes, g_hash_table_unref);

  G_OBJECT_CLASS (hearth_esphome_driver_parent_class)->finalize (object);
}

static void
hearth_esphome_driver_class_init (HearthEsphomeDriverClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hearth_esphome_driver_finalize;
}

static void
hearth_esphome_driver_init (HearthEsphomeDriver *self)
{
  self->nodes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, node_free);
}
