/* hearth-http.c: the one HTTP session, and a request queue per device address
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/resource.h>

#include "hearth-http.h"
#include "hearth-http-queue.h"

#define MAX_CONNECTIONS_PER_HOST 8
#define MIN_CONNECTIONS          64
#define MAX_CONNECTIONS          16384

struct _HearthHttp
{
  GObject      parent_instance;

  SoupSession *session;
  guint        deadline_ms;
  gsize        max_body_size;

  /* "host|port" → HearthHttpQueue (weak: a queue drops out when disposed) */
  GHashTable  *queues;
};

G_DEFINE_FINAL_TYPE (HearthHttp, hearth_http, G_TYPE_OBJECT)

static gboolean
remove_queue_cb (gpointer key,
                 gpointer value,
                 gpointer user_data)
{
  return value == user_data;
}

static void
queue_gone_cb (gpointer  data,
               GObject  *where_the_object_was)
{
  HearthHttp *self = data;

  g_hash_table_foreach_remove (self->queues, remove_queue_cb, where_the_object_was);
}

static void
hearth_http_dispose (GObject *object)
{
  HearthHttp *self = (HearthHttp *)object;

  if (self->queues != NULL)
    {
      GHashTableIter iter;
      gpointer value;

      g_hash_table_iter_init (&iter, self->queues);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        g_object_weak_unref (value, queue_gone_cb, self);
      g_hash_table_remove_all (self->queues);
    }

  if (self->session != NULL)
    soup_session_abort (self->session);

  G_OBJECT_CLASS (hearth_http_parent_class)->dispose (object);
}

static void
hearth_http_finalize (GObject *object)
{
  HearthHttp *self = (HearthHttp *)object;

  g_clear_pointer (&self->queues, g_hash_table_unref);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (hearth_http_parent_class)->finalize (object);
}

static void
hearth_http_class_init (HearthHttpClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = hearth_http_dispose;
  object_class->finalize = hearth_http_finalize;
}

/* Connections in all: one per device for as many devices as the open-file
 * limit allows (raised by hearth_http_raise_file_limit() first thing),
 * keeping a quarter of it for everything else, so that devices that do not
 * answer cannot take every connection from those that do. */
static guint
max_connections (void)
{
  struct rlimit limit;
  rlim_t files = 1024;

  if (getrlimit (RLIMIT_NOFILE, &limit) == 0)
    files = MIN (limit.rlim_cur, (rlim_t) MAX_CONNECTIONS * 2);

  return (guint) CLAMP (files - files / 4, MIN_CONNECTIONS, MAX_CONNECTIONS);
}

static void
hearth_http_init (HearthHttp *self)
{
  /* libsoup's "timeout" is per read and write, not a total: every request
   * has its own deadline in HearthHttpQueue, so these are only a backstop.
   * A few connections per host so that a family allowed more than one
   * request in flight (max-in-flight) gets them. */
  /* No proxy: devices live on the local network, and a system proxy would
   * only get in the way (or leak what is in the home to it). */
  self->session = soup_session_new_with_options ("user-agent", "Hearth/" PACKAGE_VERSION,
                                                 "max-conns-per-host", MAX_CONNECTIONS_PER_HOST,
                                                 "max-conns", max_connections (),
                                                 "proxy-resolver", NULL,
                                                 NULL);
  /* Authentication is ours (SHA-256 digest, challenge reuse, one retry in
   * the same queue slot); libsoup's manager must not answer 401s itself. */
  soup_session_remove_feature_by_type (self->session, SOUP_TYPE_AUTH_MANAGER);
  /* No permessage-deflate: a small compressed frame could inflate past the
   * incoming size cap, and no device we speak to needs it. */
  soup_session_remove_feature_by_type (self->session, SOUP_TYPE_WEBSOCKET_EXTENSION_MANAGER);

  self->deadline_ms = HEARTH_HTTP_DEFAULT_DEADLINE_SECONDS * 1000;
  self->max_body_size = HEARTH_HTTP_DEFAULT_MAX_BODY_SIZE;
  self->queues = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

HearthHttp *
hearth_http_new (void)
{
  return g_object_new (HEARTH_TYPE_HTTP, NULL);
}

SoupSession *
hearth_http_get_session (HearthHttp *self)
{
  g_return_val_if_fail (HEARTH_IS_HTTP (self), NULL);

  return self->session;
}

guint
hearth_http_get_deadline (HearthHttp *self)
{
  g_return_val_if_fail (HEARTH_IS_HTTP (self), 0);

  return (self->deadline_ms + 999) / 1000;
}

void
hearth_http_set_deadline_ms (HearthHttp *self,
                             guint       deadline_ms)
{
  g_return_if_fail (HEARTH_IS_HTTP (self));
  g_return_if_fail (deadline_ms > 0);

  self->deadline_ms = deadline_ms;
}

guint
hearth_http_get_deadline_ms (HearthHttp *self)
{
  g_return_val_if_fail (HEARTH_IS_HTTP (self), 0);

  return self->deadline_ms;
}

gsize
hearth_http_get_max_body_size (HearthHttp *self)
{
  g_return_val_if_fail (HEARTH_IS_HTTP (self), 0);

  return self->max_body_size;
}

void
hearth_http_set_max_body_size (HearthHttp *self,
                               gsize       max_body_size)
{
  g_return_if_fail (HEARTH_IS_HTTP (self));
  g_return_if_fail (max_body_size > 0);

  self->max_body_size = max_body_size;
}

/* "[::1]" and "::1" are the same address; host names are case-insensitive */
static char *
normalize_host (const char *host)
{
  gsize len = strlen (host);

  if (len >= 2 && host[0] == '[' && host[len - 1] == ']')
    {
      g_autofree char *inner = g_strndup (host + 1, len - 2);
      return g_ascii_strdown (inner, -1);
    }

  return g_ascii_strdown (host, -1);
}

HearthHttpQueue *
hearth_http_get_queue (HearthHttp *self,
                       const char *host,
                       guint16     port)
{
  g_autofree char *normalized = NULL;
  g_autofree char *key = NULL;
  HearthHttpQueue *queue;

  g_return_val_if_fail (HEARTH_IS_HTTP (self), NULL);
  g_return_val_if_fail (host != NULL && *host != '\0', NULL);

  normalized = normalize_host (host);
  key = g_strdup_printf ("%s|%u", normalized, port);

  queue = g_hash_table_lookup (self->queues, key);
  if (queue != NULL)
    return g_object_ref (queue);

  queue = g_object_new (HEARTH_TYPE_HTTP_QUEUE,
                        "http", self,
                        "host", normalized,
                        "port", (guint) port,
                        NULL);
  g_object_weak_ref (G_OBJECT (queue), queue_gone_cb, self);
  g_hash_table_insert (self->queues, g_steal_pointer (&key), queue);

  return queue;
}

void
hearth_http_raise_file_limit (void)
{
  struct rlimit limit;

  if (getrlimit (RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur >= limit.rlim_max)
    return;

  limit.rlim_cur = limit.rlim_max;
  if (setrlimit (RLIMIT_NOFILE, &limit) != 0)
    g_debug ("Could not raise the limit of open files: %s", g_strerror (errno));
}
