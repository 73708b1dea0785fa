/* hearth-browser-resolve.c: HearthBrowser's entries (one per browsed
 * item) and their resolution
 *
 * Each browsed item is resolved once, and its resolver freed at once; at
 * most MAX_RESOLVING resolvers are open at once, the other entries wait
 * their turn in the browser's queue. When avahi-daemon refuses a resolver
 * for "Too many objects" (its objects-per-client-max, which the browsers
 * count against too) while others are open, the window shrinks to those
 * and the entry waits for one of them. A failed resolution is tried again
 * after a growing delay. See hearth-browser.c for why.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <net/if.h>
#include <string.h>

#include <avahi-common/error.h>

#include "hearth-browser-private.h"

/* Entries, keyed by (interface, protocol, type, name, domain) */

guint
hearth_browser_entry_hash (gconstpointer data)
{
  const Entry *entry = data;
  guint hash = g_str_hash (entry->name);

  hash = hash * 31 + g_str_hash (entry->type);
  hash = hash * 31 + g_str_hash (entry->domain);
  hash = hash * 31 + (guint) entry->interface;
  hash = hash * 31 + (guint) entry->protocol;

  return hash;
}

gboolean
hearth_browser_entry_equal (gconstpointer a,
             gconstpointer b)
{
  const Entry *ea = a;
  const Entry *eb = b;

  return ea->interface == eb->interface &&
         ea->protocol == eb->protocol &&
         g_str_equal (ea->type, eb->type) &&
         g_str_equal (ea->name, eb->name) &&
         g_str_equal (ea->domain, eb->domain);
}

/* Takes @entry out of the queue or frees its resolver, whichever holds it */
static void
entry_stop (Entry *entry)
{
  HearthBrowser *self = entry->browser;

  if (entry->queued != NULL)
    {
      g_queue_delete_link (&self->queue, entry->queued);
      entry->queued = NULL;
    }

  if (entry->resolver != NULL)
    {
      hearth_browser_note_avahi_call (self);
      g_clear_pointer (&entry->resolver, avahi_service_resolver_free);
      g_assert (self->n_resolving > 0);
      self->n_resolving--;
    }

  hearth_browser_retry_cancel (&entry->retry);
}

/* Frees the resolver and the entry; the caller took care of the model. */
void
hearth_browser_entry_free (gpointer data)
{
  Entry *entry = data;

  entry_stop (entry);
  g_clear_object (&entry->service);
  hearth_browser_retry_clear (&entry->retry);
  g_free (entry->type);
  g_free (entry->name);
  g_free (entry->domain);
  g_free (entry);
}

/* Resolving */

static char *
address_to_string (const AvahiAddress *address,
                   AvahiIfIndex        interface)
{
  char text[AVAHI_ADDRESS_STR_MAX];

  if (avahi_address_snprint (text, sizeof text, address) == NULL)
    return NULL;

  /* fe80::/10 means nothing without the interface it was seen on */
  if (address->proto == AVAHI_PROTO_INET6 &&
      address->data.ipv6.address[0] == 0xfe &&
      (address->data.ipv6.address[1] & 0xc0) == 0x80)
    {
      char ifname[IF_NAMESIZE];

      if (interface > 0 && if_indextoname ((unsigned int) interface, ifname) != NULL)
        return g_strdup_printf ("%s%%%s", text, ifname);
      else
        return g_strdup_printf ("%s%%%d", text, interface);
    }

  return g_strdup (text);
}

static GStrv
txt_to_strv (AvahiStringList *txt)
{
  GPtrArray *strings = g_ptr_array_new ();

  /* libavahi-client's list is in the record's order (only
   * avahi_string_list_to_string() prints it backwards) */
  for (AvahiStringList *l = txt; l != NULL; l = avahi_string_list_get_next (l))
    {
      const char *text = (const char *) avahi_string_list_get_text (l);
      size_t size = avahi_string_list_get_size (l);

      if (size == 0)
        continue;

      /* TXT strings are bytes; keep what we hand out valid UTF-8 */
      g_ptr_array_add (strings, g_utf8_make_valid (text, (gssize) size));
    }

  g_ptr_array_add (strings, NULL);

  return (GStrv) g_ptr_array_free (strings, FALSE);
}

static gboolean entry_resolve (Entry         *entry,
                               AvahiProtocol  aprotocol);

static void hearth_browser_pump (HearthBrowser *self);

/* Asks for @entry to be resolved (again), now or when a resolver is free */
void
hearth_browser_entry_request (Entry *entry)
{
  HearthBrowser *self = entry->browser;

  hearth_browser_changed (self);

  switch (entry->status)
    {
    case ENTRY_QUEUED:
      return;

    case ENTRY_RESOLVING:
      entry->again = TRUE;
      return;

    case ENTRY_FAILED:
    case ENTRY_IDLE:
    default:
      hearth_browser_retry_cancel (&entry->retry);
      entry->status = ENTRY_QUEUED;
      g_queue_push_tail (&self->queue, entry);
      entry->queued = g_queue_peek_tail_link (&self->queue);
      hearth_browser_pump (self);
      return;
    }
}

static gboolean
entry_retry_cb (gpointer user_data)
{
  Entry *entry = user_data;

  g_clear_pointer (&entry->retry.source, g_source_unref);
  hearth_browser_entry_request (entry);
  hearth_browser_flush (entry->browser);

  return G_SOURCE_REMOVE;
}

static void
entry_request_later (Entry *entry,
                     guint  delay_ms)
{
  hearth_browser_retry_later (&entry->retry, delay_ms, entry->browser->context,
               entry_retry_cb, entry, "[hearth] browser resolve again");
}

/* The resolution failed: why, and a retry after a growing delay (the item
 * stays what it was: a device resolved before keeps its last address) */
static void
entry_failed (Entry      *entry,
              const char *reason)
{
  guint delay_ms;

  entry->status = ENTRY_FAILED;
  hearth_browser_changed (entry->browser);
  delay_ms = hearth_browser_retry_failed (&entry->retry, reason, entry->browser->context,
                           entry_retry_cb, entry, "[hearth] browser resolve again");

  g_debug ("Browser: resolving '%s' (%s) failed (%u in a row): %s; trying again in %u ms",
           entry->name, entry->type, entry->retry.n_failures, reason, delay_ms);
}

/* Opens resolvers for the queued entries while slots are free */
static void
hearth_browser_pump (HearthBrowser *self)
{
  while (self->n_resolving < self->max_resolving && !g_queue_is_empty (&self->queue))
    {
      Entry *entry = g_queue_pop_head (&self->queue);
      int error;

      entry->queued = NULL;
      if (entry_resolve (entry, AVAHI_PROTO_INET))
        {
          entry->again = FALSE;
          continue;
        }

      error = avahi_client_errno (self->client);
      if (error == AVAHI_ERR_TOO_MANY_OBJECTS && self->n_resolving > 0)
        {
          /* The daemon's room for this client is full: no more at once
           * than are open now; first in line when one of them is done */
          g_debug ("Browser: avahi-daemon allows %u resolvers at once", self->n_resolving);
          self->max_resolving = self->n_resolving;
          g_queue_push_head (&self->queue, entry);
          entry->queued = g_queue_peek_head_link (&self->queue);
          return;
        }

      entry->again = FALSE;
      entry_failed (entry, avahi_strerror (error));
    }
}

/* Forgets @entry: its resolver, its item, itself */
void
hearth_browser_drop_entry (HearthBrowser *self,
                           Entry         *entry)
{
  g_autoptr(HearthService) service = NULL;

  entry_stop (entry);
  service = g_steal_pointer (&entry->service);
  g_hash_table_remove (self->entries, entry);

  if (service != NULL)
    hearth_browser_remove_service (self, g_steal_pointer (&service));

  hearth_browser_pump (self);
}

static void
resolve_cb (AvahiServiceResolver   *resolver,
            AvahiIfIndex            interface,
            AvahiProtocol           protocol,
            AvahiResolverEvent      event,
            const char             *name,
            const char             *type,
            const char             *domain,
            const char             *host_name,
            const AvahiAddress     *address,
            uint16_t                port,
            AvahiStringList        *txt,
            AvahiLookupResultFlags  flags,
            void                   *user_data)
{
  Entry *entry = user_data;
  HearthBrowser *self = entry->browser;

  g_assert (entry->resolver == resolver);

  switch (event)
    {
    case AVAHI_RESOLVER_FOUND:
      {
        g_autofree char *text = address_to_string (address, interface);
        g_auto(GStrv) strv = txt_to_strv (txt);

        g_debug ("Browser: resolved '%s' (%s) on %d/%d: %s [%s]:%u",
                 entry->name, entry->type, interface, protocol,
                 host_name, text, port);

        /* Once: freeing a resolver from its own callback is allowed */
        entry_stop (entry);
        entry->status = ENTRY_IDLE;
        hearth_browser_retry_clear (&entry->retry);

        if (hearth_browser_set_entry_service (self, entry,
                                              hearth_service_new (entry->type,
                                                                  entry->name,
                                                                  host_name,
                                                                  text,
                                                                  port,
                                                                  (const char * const *) strv)))
          entry->n_checks = 0;

        if (entry->again)
          {
            hearth_browser_entry_request (entry);
          }
        else if (entry->n_checks > 0)
          {
            /* The same as before: look again in a while */
            entry_request_later (entry, CHECK_FIRST_MS << (CHECKS_AFTER_ASKED - entry->n_checks));
            entry->n_checks--;
          }
        hearth_browser_pump (self);
      }
      break;

    case AVAHI_RESOLVER_FAILURE:
      {
        int error = avahi_client_errno (avahi_service_resolver_get_client (resolver));

        g_debug ("Browser: resolving '%s' (%s) for %s failed: %s",
                 entry->name, entry->type,
                 entry->aprotocol == AVAHI_PROTO_INET ? "IPv4" : "any address",
                 avahi_strerror (error));

        entry_stop (entry);

        /* No IPv4 address: take whatever the host has */
        if (entry->aprotocol == AVAHI_PROTO_INET &&
            entry_resolve (entry, AVAHI_PROTO_UNSPEC))
          break;

        entry_failed (entry, avahi_strerror (error));
        if (entry->again)
          hearth_browser_entry_request (entry);
        hearth_browser_pump (self);
      }
      break;

    default:
      break;
    }

  hearth_browser_changed (self);
  hearth_browser_flush (self);
}

/* Opens a resolver for @entry, which holds one of the MAX_RESOLVING slots
 * until FOUND or FAILURE */
static gboolean
entry_resolve (Entry         *entry,
               AvahiProtocol  aprotocol)
{
  HearthBrowser *self = entry->browser;

  g_assert (entry->resolver == NULL);

  entry->aprotocol = aprotocol;
  hearth_browser_note_avahi_call (self);
  entry->resolver = avahi_service_resolver_new (self->client,
                                                entry->interface,
                                                entry->protocol,
                                                entry->name,
                                                entry->type,
                                                entry->domain,
                                                aprotocol,
                                                0,
                                                resolve_cb,
                                                entry);
  if (entry->resolver == NULL)
    return FALSE;

  entry->status = ENTRY_RESOLVING;
  self->n_resolving++;
  return TRUE;
}
