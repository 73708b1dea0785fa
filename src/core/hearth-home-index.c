/* hearth-home-index.c: HearthHome finds its devices by id and by address in hash tables
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every device of the model is in the index: by its hardware id, and by
 * its address (host, case folded, and port; and by its host alone, for
 * what asks for any port). The address index follows the device: it is
 * kept up to date from the device's own "notify::host" and "notify::port",
 * whoever moved it (a link re-addressed, a device set where it went). A
 * lookup looks only at the devices at one address, not at every device of
 * the home; each one looked at is counted (lookup_visits, which a test
 * reads).
 */
#include "config.h"

#include "hearth-device.h"
#include "hearth-home-private.h"

/* Where a device is in the address index */
typedef struct
{
  char    *host;   /* case folded */
  guint16  port;
} IndexedAt;

static void
indexed_at_free (gpointer data)
{
  IndexedAt *at = data;

  g_free (at->host);
  g_free (at);
}

static char *
address_key (const char *host,
             guint16     port)
{
  g_autofree char *folded = g_ascii_strdown (host, -1);

  return g_strdup_printf ("%s %u", folded, port);
}

static void on_device_address (HearthDevice *device,
                               GParamSpec   *pspec,
                               HearthHome   *self);

void
_hearth_home_index_init (HearthHome *self)
{
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->by_address = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) g_ptr_array_unref);
  self->by_host = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) g_ptr_array_unref);
  self->indexed_at = g_hash_table_new_full (NULL, NULL, NULL, indexed_at_free);
}

void
_hearth_home_index_clear (HearthHome *self)
{
  GHashTableIter iter;
  gpointer device;

  if (self->by_id != NULL)
    {
      g_hash_table_iter_init (&iter, self->by_id);
      while (g_hash_table_iter_next (&iter, NULL, &device))
        g_signal_handlers_disconnect_by_func (device, on_device_address, self);
    }
  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->by_address, g_hash_table_unref);
  g_clear_pointer (&self->by_host, g_hash_table_unref);
  g_clear_pointer (&self->indexed_at, g_hash_table_unref);
}

/* Takes @device out of the bucket @key of @table (the bucket goes when
 * empty) */
static void
bucket_remove (GHashTable   *table,
               const char   *key,
               HearthDevice *device)
{
  GPtrArray *bucket = g_hash_table_lookup (table, key);

  if (bucket == NULL)
    return;
  g_ptr_array_remove (bucket, device);
  if (bucket->len == 0)
    g_hash_table_remove (table, key);
}

static void
bucket_add (GHashTable   *table,
            char         *key,
            HearthDevice *device)
{
  GPtrArray *bucket = g_hash_table_lookup (table, key);

  if (bucket == NULL)
    {
      bucket = g_ptr_array_new ();
      g_hash_table_insert (table, key, bucket);
    }
  else
    {
      g_free (key);
    }
  g_ptr_array_add (bucket, device);
}

static void
unindex_address (HearthHome   *self,
                 HearthDevice *device)
{
  IndexedAt *at = g_hash_table_lookup (self->indexed_at, device);
  g_autofree char *key = NULL;

  if (at == NULL)
    return;
  key = g_strdup_printf ("%s %u", at->host, at->port);
  bucket_remove (self->by_address, key, device);
  bucket_remove (self->by_host, at->host, device);
  g_hash_table_remove (self->indexed_at, device);
}

static void
index_address (HearthHome   *self,
               HearthDevice *device)
{
  const char *host = hearth_device_get_host (device);
  guint16 port = hearth_device_get_port (device);
  IndexedAt *at;

  if (host == NULL)
    return;

  at = g_new0 (IndexedAt, 1);
  at->host = g_ascii_strdown (host, -1);
  at->port = port;
  g_hash_table_insert (self->indexed_at, device, at);
  bucket_add (self->by_address, address_key (host, port), device);
  bucket_add (self->by_host, g_strdup (at->host), device);
}

/* The device moved (by whichever way): the index follows */
static void
on_device_address (HearthDevice *device,
                   GParamSpec   *pspec,
                   HearthHome   *self)
{
  IndexedAt *at = g_hash_table_lookup (self->indexed_at, device);
  const char *host = hearth_device_get_host (device);

  if (at != NULL && host != NULL && at->port == hearth_device_get_port (device) &&
      g_ascii_strcasecmp (at->host, host) == 0)
    return;

  unindex_address (self, device);
  index_address (self, device);
}

/* @device joins the index (it is in the model, or about to be) */
void
_hearth_home_index_add (HearthHome   *self,
                        HearthDevice *device)
{
  g_assert (g_hash_table_lookup (self->by_id, hearth_device_get_id (device)) == NULL);

  /* The id is the device's own string: it lives as long as the device,
   * which the model holds while it is in the index */
  g_hash_table_insert (self->by_id, (gpointer) hearth_device_get_id (device), device);
  index_address (self, device);
  /* (Disconnected when it leaves, or when the index goes) */
  g_signal_connect (device, "notify::host", G_CALLBACK (on_device_address), self);
  g_signal_connect (device, "notify::port", G_CALLBACK (on_device_address), self);
}

/* @device leaves the index (it leaves the model) */
void
_hearth_home_index_remove (HearthHome   *self,
                           HearthDevice *device)
{
  const char *id = hearth_device_get_id (device);

  if (g_hash_table_lookup (self->by_id, id) != device)
    return;

  g_signal_handlers_disconnect_by_func (device, on_device_address, self);
  unindex_address (self, device);
  g_hash_table_remove (self->by_id, id);
}

gboolean
_hearth_home_index_contains (HearthHome   *self,
                             HearthDevice *device)
{
  return g_hash_table_lookup (self->by_id, hearth_device_get_id (device)) == device;
}

HearthDevice *
_hearth_home_find_by_id (HearthHome *self,
                         const char *id)
{
  HearthDevice *device;

  if (id == NULL)
    return NULL;
  device = g_hash_table_lookup (self->by_id, id);
  if (device != NULL)
    self->lookup_visits++;
  return device;
}

/* The devices at @host (case folded) and @port, or at @host on any port
 * when @port is 0; NULL when none (owned by the index: not to be kept
 * while the home changes) */
GPtrArray *
_hearth_home_index_at (HearthHome *self,
                       const char *host,
                       guint16     port)
{
  g_autofree char *key = NULL;
  GPtrArray *bucket;

  if (host == NULL)
    return NULL;

  if (port == 0)
    {
      key = g_ascii_strdown (host, -1);
      bucket = g_hash_table_lookup (self->by_host, key);
    }
  else
    {
      key = address_key (host, port);
      bucket = g_hash_table_lookup (self->by_address, key);
    }

  if (bucket != NULL)
    self->lookup_visits += bucket->len;
  return bucket;
}
