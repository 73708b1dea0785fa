/* hearth-browser.c: mDNS browsing and resolving through Avahi
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One AvahiClient (created with AVAHI_CLIENT_NO_FAIL, so a missing daemon
 * is waited for), one AvahiServiceBrowser per service type, one
 * AvahiServiceResolver per browsed item, kept open so that a changed record
 * is seen. Resolved items are HearthService objects in a GListModel.
 *
 * When the daemon goes away, libavahi-client reports FAILURE with
 * AVAHI_ERR_DISCONNECTED and closes its D-Bus connection: the items are
 * removed (HearthHome keeps its devices), everything Avahi is freed, and a
 * new client waits for the daemon to come back, then browses again.
 */

#include "config.h"

#include <net/if.h>
#include <string.h>

#include <avahi-client/client.h>
#include <avahi-client/lookup.h>
#include <avahi-common/error.h>
#include <avahi-glib/glib-watch.h>

#include "hearth-browser.h"
#include "hearth-enums.h"
#include "hearth-service.h"

/* Retrying avahi_client_new() when even the D-Bus system bus is missing
 * (with a bus, AVAHI_CLIENT_NO_FAIL waits for the daemon by itself). */
#define RETRY_MIN_MS 1000
#define RETRY_MAX_MS 30000

typedef struct
{
  HearthBrowser        *browser;   /* unowned */
  AvahiIfIndex          interface;
  AvahiProtocol         protocol;
  char                 *type;
  char                 *name;
  char                 *domain;
  /* The address family asked of the resolver: IPv4 first, then any */
  AvahiProtocol         aprotocol;
  AvahiServiceResolver *resolver;
  /* NULL until resolved; when set, it is also in browser->items */
  HearthService        *service;
} Entry;

struct _HearthBrowser
{
  GObject             parent_instance;

  GStrv               service_types;
  HearthBrowserState  state;
  gboolean            started;

  GMainContext       *context;
  AvahiGLibPoll      *poll;
  AvahiClient        *client;
  GPtrArray          *browsers;   /* AvahiServiceBrowser * */
  GHashTable         *entries;    /* Entry * (key and value) */
  GPtrArray          *items;      /* HearthService *, the model */

  GSource            *reconnect_source;
  guint               retry_ms;
};

static void hearth_browser_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HearthBrowser, hearth_browser, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      hearth_browser_list_model_init))

typedef enum
{
  PROP_SERVICE_TYPES = 1,
  PROP_STATE,
  PROP_LAST = PROP_STATE
} HearthBrowserProperty;

static GParamSpec *properties[PROP_LAST + 1];

static void hearth_browser_connect (HearthBrowser *self);
static void client_cb              (AvahiClient      *client,
                                    AvahiClientState  state,
                                    void             *user_data);

/* Entries, keyed by (interface, protocol, type, name, domain) */

static guint
entry_hash (gconstpointer data)
{
  const Entry *entry = data;
  guint hash = g_str_hash (entry->name);

  hash = hash * 31 + g_str_hash (entry->type);
  hash = hash * 31 + g_str_hash (entry->domain);
  hash = hash * 31 + (guint) entry->interface;
  hash = hash * 31 + (guint) entry->protocol;

  return hash;
}

static gboolean
entry_equal (gconstpointer a,
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

/* Frees the resolver and the entry; the caller took care of the model. */
static void
entry_free (gpointer data)
{
  Entry *entry = data;

  g_clear_pointer (&entry->resolver, avahi_service_resolver_free);
  g_clear_object (&entry->service);
  g_free (entry->type);
  g_free (entry->name);
  g_free (entry->domain);
  g_free (entry);
}

static void
hearth_browser_set_state (HearthBrowser      *self,
                          HearthBrowserState  state)
{
  if (self->state == state)
    return;

  self->state = state;

  switch (state)
    {
    case HEARTH_BROWSER_STATE_NO_DAEMON:
      g_debug ("Browser: avahi-daemon is not running; waiting for it");
      break;

    case HEARTH_BROWSER_STATE_RUNNING:
      g_debug ("Browser: avahi-daemon is running");
      break;

    case HEARTH_BROWSER_STATE_STARTING:
    case HEARTH_BROWSER_STATE_FAILED:
    default:
      break;
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

/* The model */

static void
hearth_browser_remove_service (HearthBrowser *self,
                               HearthService *service)
{
  guint position;

  if (g_ptr_array_find (self->items, service, &position))
    {
      g_ptr_array_remove_index (self->items, position);
      g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
    }
}

static gboolean
service_equal (HearthService *a,
               HearthService *b)
{
  return g_strcmp0 (hearth_service_get_type_name (a), hearth_service_get_type_name (b)) == 0 &&
         g_strcmp0 (hearth_service_get_name (a), hearth_service_get_name (b)) == 0 &&
         g_strcmp0 (hearth_service_get_host (a), hearth_service_get_host (b)) == 0 &&
         g_strcmp0 (hearth_service_get_address (a), hearth_service_get_address (b)) == 0 &&
         hearth_service_get_port (a) == hearth_service_get_port (b) &&
         g_strv_equal (hearth_service_get_txt (a), hearth_service_get_txt (b));
}

/* Takes @service: adds it, or replaces the entry's previous one in place
 * (one items-changed with removed = added = 1). */
static void
hearth_browser_set_entry_service (HearthBrowser *self,
                                  Entry         *entry,
                                  HearthService *service)
{
  g_autoptr(HearthService) old = NULL;
  guint position;

  if (entry->service != NULL &&
      g_ptr_array_find (self->items, entry->service, &position))
    {
      if (service_equal (entry->service, service))
        {
          g_object_unref (service);
          return;
        }

      old = g_ptr_array_index (self->items, position);
      g_set_object (&entry->service, service);
      g_ptr_array_index (self->items, position) = service;  /* takes the ref */
      g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 1);
      return;
    }

  g_set_object (&entry->service, service);
  g_ptr_array_add (self->items, service);  /* takes the ref */
  g_list_model_items_changed (G_LIST_MODEL (self), self->items->len - 1, 0, 1);
}

/* Frees every Avahi object but the client; removes the items (emitting
 * one items-changed when @notify) */
static void
hearth_browser_teardown (HearthBrowser *self,
                         gboolean       notify)
{
  guint n_items;

  g_hash_table_remove_all (self->entries);
  g_ptr_array_set_size (self->browsers, 0);

  n_items = self->items->len;
  g_ptr_array_set_size (self->items, 0);
  if (notify && n_items > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, n_items, 0);
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

static void resolve_cb (AvahiServiceResolver   *resolver,
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
                        void                   *user_data);

static gboolean
entry_resolve (Entry         *entry,
               AvahiProtocol  aprotocol)
{
  HearthBrowser *self = entry->browser;

  entry->aprotocol = aprotocol;
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
    {
      g_debug ("Browser: cannot resolve '%s' (%s): %s",
               entry->name, entry->type,
               avahi_strerror (avahi_client_errno (self->client)));
      return FALSE;
    }

  return TRUE;
}

/* Forgets @entry: its resolver, its item, itself */
static void
hearth_browser_drop_entry (HearthBrowser *self,
                           Entry         *entry)
{
  g_autoptr(HearthService) service = NULL;

  g_clear_pointer (&entry->resolver, avahi_service_resolver_free);
  service = g_steal_pointer (&entry->service);
  g_hash_table_remove (self->entries, entry);

  if (service != NULL)
    hearth_browser_remove_service (self, service);
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
  g_autoptr(HearthBrowser) self = g_object_ref (entry->browser);

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

        hearth_browser_set_entry_service (self, entry,
                                          hearth_service_new (entry->type,
                                                              entry->name,
                                                              host_name,
                                                              text,
                                                              port,
                                                              (const char * const *) strv));
      }
      break;

    case AVAHI_RESOLVER_FAILURE:
      {
        int error = avahi_client_errno (avahi_service_resolver_get_client (resolver));

        g_debug ("Browser: resolving '%s' (%s) for %s failed: %s",
                 entry->name, entry->type,
                 entry->aprotocol == AVAHI_PROTO_INET ? "IPv4" : "any address",
                 avahi_strerror (error));

        /* Freeing a resolver from its own callback is allowed */
        g_clear_pointer (&entry->resolver, avahi_service_resolver_free);

        /* No IPv4 address: take whatever the host has */
        if (entry->service == NULL && entry->aprotocol == AVAHI_PROTO_INET &&
            entry_resolve (entry, AVAHI_PROTO_UNSPEC))
          break;

        hearth_browser_drop_entry (self, entry);
      }
      break;

    default:
      break;
    }
}

/* Browsing */

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
  g_autoptr(HearthBrowser) self = g_object_ref (HEARTH_BROWSER (user_data));
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
      if (g_hash_table_contains (self->entries, &key))
        break;

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

      if (!entry_resolve (entry, AVAHI_PROTO_INET))
        hearth_browser_drop_entry (self, entry);
      break;

    case AVAHI_BROWSER_REMOVE:
      entry = g_hash_table_lookup (self->entries, &key);
      g_debug ("Browser: '%s' (%s) on %d/%d is gone",
               name, type, interface, protocol);
      if (entry != NULL)
        hearth_browser_drop_entry (self, entry);
      break;

    case AVAHI_BROWSER_FAILURE:
      /* Mostly the daemon going away, which the client reports too */
      g_debug ("Browser: browsing %s failed: %s",
               type != NULL ? type : "?",
               avahi_strerror (avahi_client_errno (avahi_service_browser_get_client (browser))));
      break;

    case AVAHI_BROWSER_CACHE_EXHAUSTED:
    case AVAHI_BROWSER_ALL_FOR_NOW:
    default:
      break;
    }
}

static void
hearth_browser_ensure_browsers (HearthBrowser *self)
{
  guint n_failed = 0;

  if (self->browsers->len > 0)
    return;

  for (guint i = 0; self->service_types[i] != NULL; i++)
    {
      AvahiServiceBrowser *browser;

      browser = avahi_service_browser_new (self->client,
                                           AVAHI_IF_UNSPEC,
                                           AVAHI_PROTO_UNSPEC,
                                           self->service_types[i],
                                           NULL,
                                           0,
                                           browse_cb,
                                           self);
      if (browser == NULL)
        {
          g_warning ("Cannot browse for %s: %s",
                     self->service_types[i],
                     avahi_strerror (avahi_client_errno (self->client)));
          n_failed++;
          continue;
        }

      g_ptr_array_add (self->browsers, browser);
    }

  if (n_failed > 0 && self->browsers->len == 0)
    hearth_browser_set_state (self, HEARTH_BROWSER_STATE_FAILED);
}

/* The client */

static void
hearth_browser_cancel_reconnect (HearthBrowser *self)
{
  if (self->reconnect_source != NULL)
    {
      g_source_destroy (self->reconnect_source);
      g_clear_pointer (&self->reconnect_source, g_source_unref);
    }
}

static gboolean
reconnect_cb (gpointer user_data)
{
  HearthBrowser *self = HEARTH_BROWSER (user_data);

  g_clear_pointer (&self->reconnect_source, g_source_unref);
  hearth_browser_connect (self);

  return G_SOURCE_REMOVE;
}

static void
hearth_browser_schedule_reconnect (HearthBrowser *self,
                                   guint          delay_ms)
{
  hearth_browser_cancel_reconnect (self);

  if (delay_ms == 0)
    self->reconnect_source = g_idle_source_new ();
  else
    self->reconnect_source = g_timeout_source_new (delay_ms);

  g_source_set_callback (self->reconnect_source, reconnect_cb, self, NULL);
  g_source_set_name (self->reconnect_source, "[hearth] browser reconnect");
  g_source_attach (self->reconnect_source, self->context);
}

static void
hearth_browser_handle_client_state (HearthBrowser    *self,
                                    AvahiClientState  state)
{
  switch (state)
    {
    case AVAHI_CLIENT_S_RUNNING:
      self->retry_ms = RETRY_MIN_MS;
      hearth_browser_set_state (self, HEARTH_BROWSER_STATE_RUNNING);
      hearth_browser_ensure_browsers (self);
      break;

    case AVAHI_CLIENT_S_REGISTERING:
    case AVAHI_CLIENT_S_COLLISION:
      /* The daemon is (re)announcing its host name; browsing works */
      self->retry_ms = RETRY_MIN_MS;
      if (self->state != HEARTH_BROWSER_STATE_RUNNING)
        hearth_browser_set_state (self, HEARTH_BROWSER_STATE_STARTING);
      hearth_browser_ensure_browsers (self);
      break;

    case AVAHI_CLIENT_CONNECTING:
      /* NO_FAIL: the client waits for the daemon to own its bus name */
      hearth_browser_set_state (self, HEARTH_BROWSER_STATE_NO_DAEMON);
      break;

    case AVAHI_CLIENT_FAILURE:
      {
        int error = avahi_client_errno (self->client);

        g_debug ("Browser: Avahi client failed: %s", avahi_strerror (error));

        hearth_browser_teardown (self, TRUE);

        if (error == AVAHI_ERR_DISCONNECTED ||
            error == AVAHI_ERR_NO_DAEMON ||
            error == AVAHI_ERR_DBUS_ERROR)
          hearth_browser_set_state (self, HEARTH_BROWSER_STATE_NO_DAEMON);
        else
          hearth_browser_set_state (self, HEARTH_BROWSER_STATE_FAILED);

        /* Not from within the client's own callback: free it and wait
         * for the daemon with a new one from an idle (after a growing
         * delay when the daemon refused us for another reason) */
        if (error == AVAHI_ERR_DISCONNECTED)
          {
            hearth_browser_schedule_reconnect (self, 0);
          }
        else
          {
            hearth_browser_schedule_reconnect (self, self->retry_ms);
            self->retry_ms = MIN (self->retry_ms * 2, RETRY_MAX_MS);
          }
      }
      break;

    default:
      break;
    }
}

static void
client_cb (AvahiClient      *client,
           AvahiClientState  state,
           void             *user_data)
{
  g_autoptr(HearthBrowser) self = g_object_ref (HEARTH_BROWSER (user_data));

  /* Called from within avahi_client_new() too, before self->client is
   * set: hearth_browser_connect() handles the initial state itself. */
  if (self->client != client)
    return;

  hearth_browser_handle_client_state (self, state);
}

static void
hearth_browser_connect (HearthBrowser *self)
{
  AvahiClient *client;
  int error = 0;

  hearth_browser_teardown (self, TRUE);
  g_clear_pointer (&self->client, avahi_client_free);

  client = avahi_client_new (avahi_glib_poll_get (self->poll),
                             AVAHI_CLIENT_NO_FAIL,
                             client_cb,
                             self,
                             &error);
  if (client == NULL)
    {
      /* Even NO_FAIL fails without a D-Bus system bus: try again later */
      g_debug ("Browser: cannot connect to Avahi: %s; retrying in %u ms",
               avahi_strerror (error), self->retry_ms);

      if (error == AVAHI_ERR_NO_DAEMON || error == AVAHI_ERR_DBUS_ERROR ||
          error == AVAHI_ERR_DISCONNECTED)
        hearth_browser_set_state (self, HEARTH_BROWSER_STATE_NO_DAEMON);
      else
        hearth_browser_set_state (self, HEARTH_BROWSER_STATE_FAILED);

      hearth_browser_schedule_reconnect (self, self->retry_ms);
      self->retry_ms = MIN (self->retry_ms * 2, RETRY_MAX_MS);
      return;
    }

  self->client = client;
  hearth_browser_handle_client_state (self, avahi_client_get_state (client));
}

/* GObject */

static void
hearth_browser_dispose (GObject *object)
{
  HearthBrowser *self = HEARTH_BROWSER (object);

  hearth_browser_cancel_reconnect (self);

  /* Resolvers and browsers before the client, the client before the
   * poll: nothing of Avahi can call back after this. */
  hearth_browser_teardown (self, FALSE);
  g_clear_pointer (&self->client, avahi_client_free);
  g_clear_pointer (&self->poll, avahi_glib_poll_free);

  G_OBJECT_CLASS (hearth_browser_parent_class)->dispose (object);
}

static void
hearth_browser_finalize (GObject *object)
{
  HearthBrowser *self = HEARTH_BROWSER (object);

  g_clear_pointer (&self->entries, g_hash_table_unref);
  g_clear_pointer (&self->browsers, g_ptr_array_unref);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->service_types, g_strfreev);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (hearth_browser_parent_class)->finalize (object);
}

static void
hearth_browser_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  HearthBrowser *self = HEARTH_BROWSER (object);

  switch ((HearthBrowserProperty) prop_id)
    {
    case PROP_SERVICE_TYPES:
      g_value_set_boxed (value, self->service_types);
      break;

    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hearth_browser_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  HearthBrowser *self = HEARTH_BROWSER (object);

  switch ((HearthBrowserProperty) prop_id)
    {
    case PROP_SERVICE_TYPES:
      {
        const char * const *types = g_value_get_boxed (value);
        g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
        g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

        /* Drivers share types (_http._tcp): one browser per type */
        for (guint i = 0; types != NULL && types[i] != NULL; i++)
          {
            if (g_hash_table_add (seen, (gpointer) types[i]))
              g_strv_builder_add (builder, types[i]);
          }

        g_strfreev (self->service_types);
        self->service_types = g_strv_builder_end (builder);
      }
      break;

    case PROP_STATE:
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hearth_browser_class_init (HearthBrowserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = hearth_browser_dispose;
  object_class->finalize = hearth_browser_finalize;
  object_class->get_property = hearth_browser_get_property;
  object_class->set_property = hearth_browser_set_property;

  /**
   * HearthBrowser:service-types:
   * The mDNS service types browsed, like "_shelly._tcp" (duplicates dropped).
   */
  properties[PROP_SERVICE_TYPES] =
    g_param_spec_boxed ("service-types", NULL, NULL,
                        G_TYPE_STRV,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                        G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * HearthBrowser:state:
   * Whether discovery works: STARTING until hearth_browser_start() and the
   * daemon answered, NO_DAEMON while waiting for avahi-daemon, RUNNING, or
   * FAILED when Avahi refused for another reason.
   */
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       HEARTH_TYPE_BROWSER_STATE,
                       HEARTH_BROWSER_STATE_STARTING,
                       G_PARAM_READABLE |
                       G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, G_N_ELEMENTS (properties), properties);
}

static void
hearth_browser_init (HearthBrowser *self)
{
  self->state = HEARTH_BROWSER_STATE_STARTING;
  self->service_types = g_new0 (char *, 1);
  self->browsers = g_ptr_array_new_with_free_func ((GDestroyNotify) avahi_service_browser_free);
  self->entries = g_hash_table_new_full (entry_hash, entry_equal, entry_free, NULL);
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->retry_ms = RETRY_MIN_MS;
}

/* GListModel */

static GType
hearth_browser_get_item_type (GListModel *model)
{
  return HEARTH_TYPE_SERVICE;
}

static guint
hearth_browser_get_n_items (GListModel *model)
{
  HearthBrowser *self = HEARTH_BROWSER (model);

  return self->items->len;
}

static gpointer
hearth_browser_get_item (GListModel *model,
                         guint       position)
{
  HearthBrowser *self = HEARTH_BROWSER (model);

  if (position >= self->items->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
hearth_browser_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = hearth_browser_get_item_type;
  iface->get_n_items = hearth_browser_get_n_items;
  iface->get_item = hearth_browser_get_item;
}

/* Public API */

/**
 * hearth_browser_new:
 * @service_types: (array zero-terminated=1): mDNS service types to browse,
 *   like "_wled._tcp"
 *
 * Returns: (transfer full): a new browser; call hearth_browser_start()
 */
HearthBrowser *
hearth_browser_new (const char * const *service_types)
{
  return g_object_new (HEARTH_TYPE_BROWSER,
                       "service-types", service_types,
                       NULL);
}

/**
 * hearth_browser_start:
 *
 * Connects to avahi-daemon on the thread-default main context and browses.
 * Without a daemon, the state becomes NO_DAEMON and the browser waits for
 * it. Calling it again does nothing.
 */
void
hearth_browser_start (HearthBrowser *self)
{
  g_return_if_fail (HEARTH_IS_BROWSER (self));

  if (self->started)
    return;

  self->started = TRUE;
  self->context = g_main_context_ref_thread_default ();
  self->poll = avahi_glib_poll_new (self->context, G_PRIORITY_DEFAULT);

  hearth_browser_connect (self);
}

HearthBrowserState
hearth_browser_get_state (HearthBrowser *self)
{
  g_return_val_if_fail (HEARTH_IS_BROWSER (self), HEARTH_BROWSER_STATE_FAILED);

  return self->state;
}
