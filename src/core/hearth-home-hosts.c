/* hearth-home-hosts.c: HearthHome probes the hosts added by hand, again until they answer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hearth-device.h"
#include "hearth-home-private.h"
#include "hearth-store.h"

/* Hosts added by hand that do not answer are asked again, waiting longer
 * each time, up to a minute. */
#define HOST_RETRY_MIN_MS      1000
#define HOST_RETRY_MAX_MS      60000

/* Hosts added by hand */

static void probe_host (HostProbe *probe);

void
_hearth_home_host_probe_free (gpointer data)
{
  HostProbe *probe = data;

  g_cancellable_cancel (probe->cancellable);
  g_clear_object (&probe->cancellable);
  g_clear_handle_id (&probe->retry_source, g_source_remove);
  g_free (probe->entry);
  g_free (probe->host);
  g_free (probe);
}

static gboolean
host_covered (HearthHome *self,
              const char *host,
              guint16     port)
{
  GPtrArray *there = _hearth_home_index_at (self, host, port);

  for (guint i = 0; there != NULL && i < there->len; i++)
    {
      if (_hearth_home_device_at (g_ptr_array_index (there, i), host, port))
        return TRUE;
    }
  return FALSE;
}

static gboolean
on_host_retry (gpointer user_data)
{
  HostProbe *probe = user_data;

  probe->retry_source = 0;
  probe_host (probe);
  return G_SOURCE_REMOVE;
}

typedef struct
{
  HearthHome *home;
  char       *entry;
} HostProbeRef;

static void
on_host_probed (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  HostProbeRef *ref = user_data;
  HearthHome *self = ref->home;
  g_autoptr(HearthDevice) device = NULL;
  g_autoptr(GError) error = NULL;
  HostProbe *probe;

  device = hearth_home_add_address_finish (self, result, &error);
  probe = self->hosts != NULL ? g_hash_table_lookup (self->hosts, ref->entry) : NULL;

  if (probe != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      probe->probing = FALSE;
      if (device != NULL)
        {
          g_debug ("%s (added by hand) is %s", probe->entry, hearth_device_get_id (device));
          probe->found = TRUE;
          hearth_backoff_reset (&probe->backoff);
        }
      else
        {
          guint delay_ms = hearth_backoff_next (&probe->backoff);

          g_debug ("%s (added by hand) does not answer, again in %u ms: %s",
                   probe->entry, delay_ms, error->message);
          probe->retry_source = g_timeout_add (delay_ms, on_host_retry, probe);
        }
    }

  g_object_unref (ref->home);
  g_free (ref->entry);
  g_free (ref);
}

static void
probe_host (HostProbe *probe)
{
  HostProbeRef *ref;

  if (probe->probing || probe->found)
    return;

  /* Found meanwhile (by mDNS, or as a device known from the last run) */
  if (host_covered (probe->home, probe->host, probe->port))
    {
      probe->found = TRUE;
      return;
    }

  ref = g_new0 (HostProbeRef, 1);
  ref->home = g_object_ref (probe->home);
  ref->entry = g_strdup (probe->entry);
  probe->probing = TRUE;
  hearth_home_add_address_async (probe->home, probe->host, probe->port, probe->cancellable,
                                 on_host_probed, ref);
}

/* Follows the store's list: new hosts are probed, removed ones dropped */
void
_hearth_home_sync_hosts (HearthHome *self)
{
  const char * const *entries = hearth_store_get_hosts (self->store);
  g_autoptr(GPtrArray) gone = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer entry;

  g_hash_table_iter_init (&iter, self->hosts);
  while (g_hash_table_iter_next (&iter, &entry, NULL))
    {
      if (!g_strv_contains (entries, entry))
        g_ptr_array_add (gone, g_strdup (entry));
    }
  for (guint i = 0; i < gone->len; i++)
    g_hash_table_remove (self->hosts, g_ptr_array_index (gone, i));

  for (guint i = 0; entries[i] != NULL; i++)
    {
      HostProbe *probe;

      if (g_hash_table_contains (self->hosts, entries[i]))
        continue;

      probe = g_new0 (HostProbe, 1);
      if (!hearth_store_split_host (entries[i], &probe->host, &probe->port))
        {
          g_free (probe);
          continue;
        }
      probe->home = self;
      probe->entry = g_strdup (entries[i]);
      hearth_backoff_init (&probe->backoff, HOST_RETRY_MIN_MS, HOST_RETRY_MAX_MS);
      probe->cancellable = g_cancellable_new ();
      g_hash_table_insert (self->hosts, g_strdup (entries[i]), probe);
      probe_host (probe);
    }
}
