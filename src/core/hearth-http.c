/* hearth-http.c: the HTTP sessions, and a request queue per device address
 *
 * Each address gets its queue, and the queue a SoupSession shared with a
 * few dozen other addresses (HOSTS_PER_SESSION). libsoup looks through
 * every connection of a session, peeking at each idle one with a read,
 * and through every message queued in it, each time it runs its queue:
 * after every request, more than once. With one session for the whole
 * home that is work in proportion to the number of devices for every
 * request (a third of hearthctl's CPU at 1,500 devices); with a session
 * per few dozen addresses it stays the same whatever the size of the home.
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
/* Addresses that share a session */
#define HOSTS_PER_SESSION        32
/* Connections a session opens in all: three per address, for a request
 * (every family sends one at a time), an event stream and a spare (a
 * WebSocket is no longer the session's once open) */
#define CONNECTIONS_PER_SESSION  (HOSTS_PER_SESSION * 3)

/* A session and how many addresses it serves */
typedef struct
{
  SoupSession *session;
  guint        n_hosts;
} Partition;

/* An address: its session for good, and its queue while someone holds it */
typedef struct
{
  Partition       *partition;
  HearthHttpQueue *queue;    /* weak */
} Address;

struct _HearthHttp
{
  GObject      parent_instance;

  GPtrArray   *partitions;   /* Partition*, owned */
  guint        max_partitions;
  guint        deadline_ms;
  gsize        max_body_size;

  /* "host|port" → Address, owned */
  GHashTable  *addresses;
};

G_DEFINE_FINAL_TYPE (HearthHttp, hearth_http, G_TYPE_OBJECT)

static void
partition_free (Partition *partition)
{
  soup_session_abort (partition->session);
  g_object_unref (partition->session);
  g_free (partition);
}

static void
on_queue_gone (gpointer  data,
               GObject  *where_the_object_was)
{
  Address *address = data;

  address->queue = NULL;
}

static void
hearth_http_dispose (GObject *object)
{
  HearthHttp *self = (HearthHttp *)object;

  if (self->addresses != NULL)
    {
      GHashTableIter iter;
      gpointer value;

      g_hash_table_iter_init (&iter, self->addresses);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        {
          Address *address = value;

          if (address->queue != NULL)
            g_object_weak_unref (G_OBJECT (address->queue), on_queue_gone, address);
          address->queue = NULL;
        }
      g_hash_table_remove_all (self->addresses);
    }

  if (self->partitions != NULL)
    g_ptr_array_set_size (self->partitions, 0);

  G_OBJECT_CLASS (hearth_http_parent_class)->dispose (object);
}

static void
hearth_http_finalize (GObject *object)
{
  HearthHttp *self = (HearthHttp *)object;

  g_clear_pointer (&self->addresses, g_hash_table_unref);
  g_clear_pointer (&self->partitions, g_ptr_array_unref);

  G_OBJECT_CLASS (hearth_http_parent_class)->finalize (object);
}

static void
hearth_http_class_init (HearthHttpClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = hearth_http_dispose;
  object_class->finalize = hearth_http_finalize;
}

/* Connections in all, over every session: one per device for as many
 * devices as the open-file limit allows (raised by
 * hearth_http_raise_file_limit() first thing), keeping a quarter of it for
 * everything else, so that devices that do not answer cannot take every
 * connection from those that do. */
static guint
max_connections (void)
{
  struct rlimit limit;
  rlim_t files = 1024;

  if (getrlimit (RLIMIT_NOFILE, &limit) == 0)
    files = MIN (limit.rlim_cur, (rlim_t) MAX_CONNECTIONS * 2);

  return (guint) CLAMP (files - files / 4, MIN_CONNECTIONS, MAX_CONNECTIONS);
}

static Partition *
partition_new (void)
{
  Partition *partition = g_new0 (Partition, 1);

  /* libsoup's "timeout" is per read and write, not a total: every request
   * has its own deadline in HearthHttpQueue, so these are only a backstop.
   * A few connections per host so that a family allowed more than one
   * request in flight (max-in-flight) gets them. */
  /* No proxy: devices live on the local network, and a system proxy would
   * only get in the way (or leak what is in the home to it). */
  partition->session = soup_session_new_with_options ("user-agent", "Hearth/" PACKAGE_VERSION,
                                                      "max-conns-per-host", MAX_CONNECTIONS_PER_HOST,
                                                      "max-conns", CONNECTIONS_PER_SESSION,
                                                      "proxy-resolver", NULL,
                                                      NULL);
  /* Authentication is ours (SHA-256 digest, challenge reuse, one retry in
   * the same queue slot); libsoup's manager must not answer 401s itself. */
  soup_session_remove_feature_by_type (partition->session, SOUP_TYPE_AUTH_MANAGER);
  /* No permessage-deflate: a small compressed frame could inflate past the
   * incoming size cap, and no device we speak to needs it. */
  soup_session_remove_feature_by_type (partition->session, SOUP_TYPE_WEBSOCKET_EXTENSION_MANAGER);

  return partition;
}

/* The session for a new address: the first with room; a new one while the
 * open-file limit allows; past that, the least busy */
static Partition *
find_partition (HearthHttp *self)
{
  Partition *least = NULL;

  for (guint i = 0; i < self->partitions->len; i++)
    {
      Partition *partition = g_ptr_array_index (self->partitions, i);

      if (partition->n_hosts < HOSTS_PER_SESSION)
        return partition;
      if (least == NULL || partition->n_hosts < least->n_hosts)
        least = partition;
    }

  if (least == NULL || self->partitions->len < self->max_partitions)
    {
      least = partition_new ();
      g_ptr_array_add (self->partitions, least);
    }

  return least;
}

static void
hearth_http_init (HearthHttp *self)
{
  self->partitions = g_ptr_array_new_with_free_func ((GDestroyNotify) partition_free);
  self->max_partitions = MAX (max_connections () / CONNECTIONS_PER_SESSION, 1);
  self->deadline_ms = HEARTH_HTTP_DEFAULT_DEADLINE_SECONDS * 1000;
  self->max_body_size = HEARTH_HTTP_DEFAULT_MAX_BODY_SIZE;
  self->addresses = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

HearthHttp *
hearth_http_new (void)
{
  return g_object_new (HEARTH_TYPE_HTTP, NULL);
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
  Address *address;

  g_return_val_if_fail (HEARTH_IS_HTTP (self), NULL);
  g_return_val_if_fail (host != NULL && *host != '\0', NULL);

  normalized = normalize_host (host);
  key = g_strdup_printf ("%s|%u", normalized, port);

  address = g_hash_table_lookup (self->addresses, key);
  if (address != NULL && address->queue != NULL)
    return g_object_ref (address->queue);

  /* An address keeps its session when its queue comes and goes, so that
   * a new queue finds the connection the last one kept open */
  if (address == NULL)
    {
      address = g_new0 (Address, 1);
      address->partition = find_partition (self);
      address->partition->n_hosts++;
      g_hash_table_insert (self->addresses, g_steal_pointer (&key), address);
    }

  address->queue = g_object_new (HEARTH_TYPE_HTTP_QUEUE,
                                 "http", self,
                                 "session", address->partition->session,
                                 "host", normalized,
                                 "port", (guint) port,
                                 NULL);
  g_object_weak_ref (G_OBJECT (address->queue), on_queue_gone, address);

  return address->queue;
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
