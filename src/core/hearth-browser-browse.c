/* hearth-browser-browse.c: HearthBrowser's browsers, one per service
 * type
 *
 * A browser reports items (new, removed) and when it has listed them all;
 * one that could not be made (a busy daemon answers "An unexpected D-Bus
 * error") or failed is made again after a growing delay.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <avahi-common/error.h>

#include "hearth-browser-private.h"

/* Browsing */

static void browse_start  (Browse     *browse);
static void browse_failed (Browse     *browse,
                           const char *reason);

static void
browse_cb (AvahiServiceBrowser    *browser,
           AvahiIfIndex            interface,
           AvahiProtocol           protocol,
           AvahiBrowserEvent       event,
           const char             *name,
           const char             *type,
           const char             *domain,
           AvahiLookupResultFlags  flags,
           void                   *user_data)
{
  Browse *browse = user_data;
  HearthBrowser *self = browse->browser;
  Entry key = {
    .interface = interface,
    .protocol = protocol,
    .type = (char *) type,
    .name = (char *) name,
    .domain = (char *) domain,
  };
  Entry *entry;

  switch (event)
    {
    case AVAHI_BROWSER_NEW:
      entry = g_hash_table_lookup (self->entries, &key);
      if (entry != NULL)
        {
          /* Announced again: what it resolves to may have changed */
          g_debug ("Browser: '%s' (%s) on %d/%d again", name, type, interface, protocol);
          hearth_browser_entry_request (entry);
          break;
        }

      g_debug ("Browser: new '%s' (%s) in %s on %d/%d",
               name, type, domain, interface, protocol);

      entry = g_new0 (Entry, 1);
      entry->browser = self;
      entry->interface = interface;
      entry->protocol = protocol;
      entry->type = g_strdup (type);
      entry->name = g_strdup (name);
      entry->domain = g_strdup (domain);
      g_hash_table_add (self->entries, entry);
      hearth_browser_entry_request (entry);
      break;

    case AVAHI_BROWSER_REMOVE:
      entry = g_hash_table_lookup (self->entries, &key);
      g_debug ("Browser: '%s' (%s) on %d/%d is gone",
               name, type, interface, protocol);
      if (entry != NULL)
        hearth_browser_drop_entry (self, entry);
      break;

    case AVAHI_BROWSER_FAILURE:
      /* Mostly the daemon going away, which the client reports too (and
       * then frees everything); otherwise, browse again later. Freeing a
       * browser from its own callback is allowed. */
      hearth_browser_note_avahi_call (self);
      g_clear_pointer (&browse->avahi, avahi_service_browser_free);
      browse_failed (browse, avahi_strerror (avahi_client_errno (self->client)));
      break;

    case AVAHI_BROWSER_ALL_FOR_NOW:
      /* What the network answered at first is all here (for now) */
      if (!browse->listed)
        g_debug ("Browser: all of %s for now", browse->type);
      browse->listed = TRUE;
      break;

    case AVAHI_BROWSER_CACHE_EXHAUSTED:
    default:
      break;
    }

  hearth_browser_changed (self);
  hearth_browser_flush (self);
}

void
hearth_browser_browse_free (gpointer data)
{
  Browse *browse = data;

  if (browse->avahi != NULL)
    hearth_browser_note_avahi_call (browse->browser);
  g_clear_pointer (&browse->avahi, avahi_service_browser_free);
  hearth_browser_retry_clear (&browse->retry);
  g_free (browse->type);
  g_free (browse);
}

/* Whether no service type could be browsed */
static gboolean
hearth_browser_browses_none (HearthBrowser *self)
{
  for (guint i = 0; i < self->browsers->len; i++)
    {
      Browse *browse = g_ptr_array_index (self->browsers, i);

      if (browse->avahi != NULL)
        return FALSE;
    }

  return TRUE;
}

static gboolean
browse_retry_cb (gpointer user_data)
{
  Browse *browse = user_data;

  g_clear_pointer (&browse->retry.source, g_source_unref);
  browse_start (browse);
  hearth_browser_flush (browse->browser);

  return G_SOURCE_REMOVE;
}

/* The type could not be browsed: told by hearth_browser_dup_unbrowsed(),
 * and tried again after a growing delay */
static void
browse_failed (Browse     *browse,
               const char *reason)
{
  HearthBrowser *self = browse->browser;
  guint delay_ms;

  delay_ms = hearth_browser_retry_failed (&browse->retry, reason, self->context,
                           browse_retry_cb, browse, "[hearth] browser browse again");

  g_debug ("Browser: cannot browse %s (%u in a row): %s; trying again in %u ms",
           browse->type, browse->retry.n_failures, reason, delay_ms);

  hearth_browser_changed (self);
  if (hearth_browser_browses_none (self))
    hearth_browser_set_state (self, HEARTH_BROWSER_STATE_FAILED);
}

static void
browse_start (Browse *browse)
{
  HearthBrowser *self = browse->browser;

  g_assert (browse->avahi == NULL);

  browse->listed = FALSE;
  hearth_browser_note_avahi_call (self);
  browse->avahi = avahi_service_browser_new (self->client,
                                             AVAHI_IF_UNSPEC,
                                             AVAHI_PROTO_UNSPEC,
                                             browse->type,
                                             NULL,
                                             0,
                                             browse_cb,
                                             browse);
  if (browse->avahi == NULL)
    {
      browse_failed (browse, avahi_strerror (avahi_client_errno (self->client)));
      return;
    }

  if (browse->retry.n_failures > 0)
    g_debug ("Browser: browsing %s after %u failures", browse->type, browse->retry.n_failures);
  hearth_browser_retry_clear (&browse->retry);
  hearth_browser_changed (self);

  if (self->worker_state == HEARTH_BROWSER_STATE_FAILED)
    hearth_browser_set_state (self, HEARTH_BROWSER_STATE_RUNNING);
}

void
hearth_browser_ensure_browsers (HearthBrowser *self)
{
  if (self->browsers->len > 0)
    return;

  for (guint i = 0; self->service_types[i] != NULL; i++)
    {
      Browse *browse = g_new0 (Browse, 1);

      browse->browser = self;
      browse->type = g_strdup (self->service_types[i]);
      g_ptr_array_add (self->browsers, browse);
    }

  for (guint i = 0; i < self->browsers->len; i++)
    browse_start (g_ptr_array_index (self->browsers, i));
}

