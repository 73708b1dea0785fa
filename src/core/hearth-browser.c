/* hearth-browser.c: mDNS browsing and resolving through Avahi
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One AvahiClient (created with AVAHI_CLIENT_NO_FAIL, so a missing daemon
 * is waited for), one AvahiServiceBrowser per service type. Each browsed
 * item is resolved once, and its resolver freed at once: a resolver kept
 * open goes stale when the device moves to another host (it kept the old
 * address for 20 s and more), and Avahi allows a client only 1,024 objects,
 * which a thousand services used up. An item is resolved again when the
 * browser reports it again, when its resolution failed (after a growing
 * delay), and when asked to (hearth_browser_resolve_again(): its device
 * stopped answering there). At most MAX_RESOLVING resolvers are open at
 * once (fewer if the daemon allows a client fewer objects); the other items
 * wait their turn. Resolved items are HearthService
 * objects in a GListModel. A service type whose browser could not be made
 * (a busy daemon answers "An unexpected D-Bus error") or failed is browsed
 * again with the same growing delay as a failed resolution (Retry).
 *
 * When the daemon goes away, libavahi-client reports FAILURE with
 * AVAHI_ERR_DISCONNECTED and closes its D-Bus connection: the items are
 * removed (HearthHome keeps its devices), everything Avahi is freed, and a
 * new client waits for the daemon to come back, then browses again.
 *
 * libavahi-client makes each browser and resolver made or freed a blocking
 * D-Bus round trip to the daemon, which takes seconds while it is busy
 * with hundreds of services: everything Avahi (the AvahiGLibPoll, the
 * client, its browsers and resolvers, the entries) lives on a worker
 * thread with its own GMainContext, and only there. The worker tells the
 * caller's thread (the one hearth_browser_start() was called on) what
 * changed by messages in order (a GAsyncQueue drained by a source on the
 * caller's context at HEARTH_NETWORK_PRIORITY): the items, the state, and
 * its progress (whether every type is listed, what is unresolved). The
 * model, the properties and the API are the caller's thread's only.
 * Dispose stops the worker and joins it before anything is freed.
 *
 * Here: the client, its thread, the model and the API. What the worker
 * tells the caller's thread, and how, is in hearth-browser-messages.c. The entries and their
 * resolvers are in hearth-browser-resolve.c, the browsers of each service
 * type in hearth-browser-browse.c (hearth-browser-private.h between them).
 */

#include "config.h"

#include <net/if.h>
#include <string.h>

#include <avahi-client/client.h>
#include <avahi-client/lookup.h>
#include <avahi-common/error.h>
#include <avahi-glib/glib-watch.h>

#include "hearth-browser.h"
#include "hearth-browser-private.h"
#include "hearth-enums.h"
#include "hearth-service.h"

/* Retrying avahi_client_new() when even the D-Bus system bus is missing
 * (with a bus, AVAHI_CLIENT_NO_FAIL waits for the daemon by itself). */
#define RETRY_MIN_MS 1000
#define RETRY_MAX_MS 30000

/* A failed resolution or browser is tried again after this, doubling
 * each time */
#define FAILED_RETRY_MIN_MS 1000
#define FAILED_RETRY_MAX_MS 60000

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

/* Tests: libavahi-client blocks on D-Bus round trips, so none of its
 * calls may be made on the caller's thread (see the header comment) */
void
hearth_browser_note_avahi_call (HearthBrowser *self)
{
  if (g_thread_self () == self->caller_thread)
    g_atomic_int_inc (&self->n_caller_avahi_calls);
}

guint
hearth_browser_get_n_caller_avahi_calls (HearthBrowser *self)
{
  return (guint) g_atomic_int_get (&self->n_caller_avahi_calls);
}

/* Retrying */

void
hearth_browser_retry_cancel (Retry *retry)
{
  if (retry->source != NULL)
    {
      g_source_destroy (retry->source);
      g_clear_pointer (&retry->source, g_source_unref);
    }
}

/* It worked */
void
hearth_browser_retry_clear (Retry *retry)
{
  hearth_browser_retry_cancel (retry);
  retry->n_failures = 0;
  g_clear_pointer (&retry->error, g_free);
}

/* Calls @callback (which must clear retry->source) in @delay_ms */
void
hearth_browser_retry_later (Retry         *retry,
             guint          delay_ms,
             GMainContext  *context,
             GSourceFunc    callback,
             gpointer       data,
             const char    *name)
{
  hearth_browser_retry_cancel (retry);
  retry->source = g_timeout_source_new (delay_ms);
  g_source_set_callback (retry->source, callback, data, NULL);
  g_source_set_name (retry->source, name);
  g_source_attach (retry->source, context);
}

/* It failed for @reason: calls @callback after a delay that grows with
 * each failure in a row, which it returns */
guint
hearth_browser_retry_failed (Retry         *retry,
              const char    *reason,
              GMainContext  *context,
              GSourceFunc    callback,
              gpointer       data,
              const char    *name)
{
  guint delay_ms = FAILED_RETRY_MIN_MS << MIN (retry->n_failures, 6);

  delay_ms = MIN (delay_ms, FAILED_RETRY_MAX_MS);
  retry->n_failures++;
  g_free (retry->error);
  retry->error = g_strdup (reason);
  hearth_browser_retry_later (retry, delay_ms, context, callback, data, name);

  return delay_ms;
}

/* Worker */
void
hearth_browser_set_state (HearthBrowser      *self,
                          HearthBrowserState  state)
{
  if (self->worker_state == state)
    return;

  self->worker_state = state;

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

  hearth_browser_post_state (self, state);
}

/* Worker: frees every Avahi object but the client; removes the items
 * (in one items-changed when @notify) */
static void
hearth_browser_teardown (HearthBrowser *self,
                         gboolean       notify)
{
  g_hash_table_remove_all (self->entries);
  g_assert (g_queue_is_empty (&self->queue));
  g_assert (self->n_resolving == 0);
  g_ptr_array_set_size (self->browsers, 0);
  /* A new client has the daemon's whole allowance */
  self->max_resolving = MAX_RESOLVING;

  if (notify)
    hearth_browser_post_clear (self);
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
  hearth_browser_flush (self);

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
      if (self->worker_state != HEARTH_BROWSER_STATE_RUNNING)
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
  HearthBrowser *self = HEARTH_BROWSER (user_data);

  /* Called from within avahi_client_new() too, before self->client is
   * set: hearth_browser_connect() handles the initial state itself. */
  if (self->client != client)
    return;

  hearth_browser_handle_client_state (self, state);
  hearth_browser_flush (self);
}

static void
hearth_browser_connect (HearthBrowser *self)
{
  AvahiClient *client;
  int error = 0;

  hearth_browser_teardown (self, TRUE);
  if (self->client != NULL)
    hearth_browser_note_avahi_call (self);
  g_clear_pointer (&self->client, avahi_client_free);

  hearth_browser_note_avahi_call (self);
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
  hearth_browser_flush (self);
}

/* The worker thread */

static gpointer
hearth_browser_work (gpointer data)
{
  HearthBrowser *self = data;

  g_main_context_push_thread_default (self->context);

  hearth_browser_note_avahi_call (self);
  self->poll = avahi_glib_poll_new (self->context, HEARTH_NETWORK_PRIORITY);
  hearth_browser_connect (self);

  while (!g_atomic_int_get (&self->quitting))
    g_main_context_iteration (self->context, TRUE);

  hearth_browser_cancel_reconnect (self);

  /* Resolvers and browsers before the client, the client before the
   * poll: nothing of Avahi can call back after this. */
  hearth_browser_teardown (self, FALSE);
  if (self->client != NULL)
    hearth_browser_note_avahi_call (self);
  g_clear_pointer (&self->client, avahi_client_free);
  g_clear_pointer (&self->poll, avahi_glib_poll_free);

  if (self->progress_source != NULL)
    {
      g_source_destroy (self->progress_source);
      g_clear_pointer (&self->progress_source, g_source_unref);
    }
  g_queue_clear_full (&self->outbox, hearth_browser_message_free);

  g_main_context_pop_thread_default (self->context);

  return NULL;
}

/* GObject */

static void
hearth_browser_dispose (GObject *object)
{
  HearthBrowser *self = HEARTH_BROWSER (object);
  gpointer message;

  /* The worker frees everything Avahi and ends; it touches nothing of
   * the browser after this */
  if (self->thread != NULL)
    {
      g_atomic_int_set (&self->quitting, TRUE);
      g_main_context_wakeup (self->context);
      g_clear_pointer (&self->thread, g_thread_join);
    }

  if (self->inbox != NULL)
    {
      g_source_destroy (self->inbox);
      g_clear_pointer (&self->inbox, g_source_unref);
    }

  while ((message = g_async_queue_try_pop (self->messages)) != NULL)
    hearth_browser_message_free (message);

  g_ptr_array_set_size (self->items, 0);

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
  g_clear_pointer (&self->unresolved, g_strfreev);
  g_clear_pointer (&self->unbrowsed, g_strfreev);
  g_clear_pointer (&self->messages, g_async_queue_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->caller_context, g_main_context_unref);

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
  self->worker_state = HEARTH_BROWSER_STATE_STARTING;
  self->messages = g_async_queue_new ();
  self->service_types = g_new0 (char *, 1);
  self->browsers = g_ptr_array_new_with_free_func (hearth_browser_browse_free);
  self->entries = g_hash_table_new_full (hearth_browser_entry_hash, hearth_browser_entry_equal, hearth_browser_entry_free, NULL);
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->retry_ms = RETRY_MIN_MS;
  self->max_resolving = MAX_RESOLVING;
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
 * Connects to avahi-daemon and browses, on a thread of its own; the
 * model, its signals and the state change on the thread-default main
 * context. Without a daemon, the state becomes NO_DAEMON and the browser
 * waits for it. Calling it again does nothing.
 */
void
hearth_browser_start (HearthBrowser *self)
{
  g_return_if_fail (HEARTH_IS_BROWSER (self));

  if (self->started)
    return;

  self->started = TRUE;
  self->caller_thread = g_thread_self ();
  self->caller_context = g_main_context_ref_thread_default ();

  self->inbox = hearth_browser_inbox_new (self);
  g_source_attach (self->inbox, self->caller_context);

  self->context = g_main_context_new ();
  self->thread = g_thread_new ("hearth-avahi", hearth_browser_work, self);
}

HearthBrowserState
hearth_browser_get_state (HearthBrowser *self)
{
  g_return_val_if_fail (HEARTH_IS_BROWSER (self), HEARTH_BROWSER_STATE_FAILED);

  return self->state;
}

typedef struct
{
  HearthBrowser *browser;   /* unowned: joined before it goes */
  HearthService *service;
} ResolveAgain;

static void
resolve_again_free (gpointer data)
{
  ResolveAgain *again = data;

  g_object_unref (again->service);
  g_free (again);
}

/* Worker */
static gboolean
on_resolve_again_idle (gpointer data)
{
  ResolveAgain *again = data;
  HearthBrowser *self = again->browser;
  HearthService *service = again->service;
  GHashTableIter iter;
  Entry *entry;

  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, (gpointer *) &entry, NULL))
    {
      if (entry->service == service ||
          (g_strcmp0 (entry->type, hearth_service_get_type_name (service)) == 0 &&
           g_strcmp0 (entry->name, hearth_service_get_name (service)) == 0))
        {
          g_debug ("Browser: resolving '%s' (%s) again, as asked", entry->name, entry->type);
          entry->n_checks = CHECKS_AFTER_ASKED;
          hearth_browser_entry_request (entry);
        }
    }
  hearth_browser_flush (self);

  return G_SOURCE_REMOVE;
}

/**
 * hearth_browser_resolve_again:
 * @service: an item of the browser
 *
 * Resolves @service again (every item of its type and name): its device
 * stopped answering at its address, or another device answers there. The
 * item is replaced when the answer differs; until then it stays.
 */
void
hearth_browser_resolve_again (HearthBrowser *self,
                              HearthService *service)
{
  g_autoptr(GSource) source = NULL;
  ResolveAgain *again;

  g_return_if_fail (HEARTH_IS_BROWSER (self));
  g_return_if_fail (HEARTH_IS_SERVICE (service));

  if (self->thread == NULL)
    return;

  again = g_new0 (ResolveAgain, 1);
  again->browser = self;
  again->service = g_object_ref (service);
  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, on_resolve_again_idle, again, resolve_again_free);
  g_source_set_name (source, "[hearth] browser resolve again");
  g_source_attach (source, self->context);
}

/**
 * hearth_browser_get_settled:
 *
 * Whether there is nothing more to wait for to know what is on the
 * network (for now): avahi-daemon answered and listed every service type
 * once (but those it could not browse: hearth_browser_dup_unbrowsed()),
 * or it is missing or failed. Services found are then resolved:
 * see hearth_browser_get_n_unresolved().
 */
gboolean
hearth_browser_get_settled (HearthBrowser *self)
{
  g_return_val_if_fail (HEARTH_IS_BROWSER (self), TRUE);

  switch (self->state)
    {
    case HEARTH_BROWSER_STATE_NO_DAEMON:
    case HEARTH_BROWSER_STATE_FAILED:
      return TRUE;

    case HEARTH_BROWSER_STATE_RUNNING:
      return self->listed;

    case HEARTH_BROWSER_STATE_STARTING:
    default:
      return FALSE;
    }
}

/**
 * hearth_browser_get_n_unresolved:
 *
 * Returns: how many items were found and are being resolved for the first
 *   time (those that failed, being tried again later, are not counted;
 *   hearth_browser_dup_unresolved() lists them too)
 */
guint
hearth_browser_get_n_unresolved (HearthBrowser *self)
{
  g_return_val_if_fail (HEARTH_IS_BROWSER (self), 0);

  return self->n_unresolved;
}

/**
 * hearth_browser_dup_unresolved:
 *
 * What was found but is not resolved (yet): one line per item, its name,
 * type and where it is, like "Porch (_wled._tcp): resolving" or
 * "Porch (_wled._tcp): failed (Timeout reached)" (tried again later). Items
 * resolved before that are being resolved again are not in it.
 *
 * Returns: (transfer full): a %NULL-terminated array, empty when every
 *   item found is resolved
 */
GStrv
hearth_browser_dup_unresolved (HearthBrowser *self)
{
  g_return_val_if_fail (HEARTH_IS_BROWSER (self), NULL);

  return self->unresolved != NULL ? g_strdupv (self->unresolved) : g_new0 (char *, 1);
}

/**
 * hearth_browser_dup_unbrowsed:
 *
 * The service types that could not be browsed (avahi-daemon refused, or
 * the browser failed), each tried again after a growing delay: one line per
 * type, like "could not browse _elg._tcp: An unexpected D-Bus error".
 *
 * Returns: (transfer full): a %NULL-terminated array, empty when every
 *   type is browsed (or the daemon is missing: see #HearthBrowser:state)
 */
GStrv
hearth_browser_dup_unbrowsed (HearthBrowser *self)
{
  g_return_val_if_fail (HEARTH_IS_BROWSER (self), NULL);

  return self->unbrowsed != NULL ? g_strdupv (self->unbrowsed) : g_new0 (char *, 1);
}
