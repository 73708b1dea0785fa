/* hearth-browser-private.h: what the parts of HearthBrowser share
 * (hearth-browser.c: the client and its thread, the model, the API;
 * hearth-browser-messages.c: from the worker thread to the caller's;
 * hearth-browser-resolve.c: the entries and their resolvers;
 * hearth-browser-browse.c: one browser per service type)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <avahi-client/client.h>
#include <avahi-client/lookup.h>
#include <avahi-glib/glib-watch.h>

#include "hearth-browser.h"
#include "hearth-service.h"

G_BEGIN_DECLS

/* Asked to resolve again (its device stopped answering), an item that
 * resolves as before is looked at again this many times, after 0.5, 1,
 * 2… seconds (15 s in all): the record of a device that moved at once may
 * still be the old one for a moment. */
#define CHECKS_AFTER_ASKED 5
#define CHECK_FIRST_MS     500

/* Resolvers open at once, far below avahi-daemon's 1,024 objects per
 * client (objects-per-client-max); fewer when the daemon allows less */
#define MAX_RESOLVING 64

/* Something of Avahi's to try again: why it failed, how many times in a
 * row, and the timeout that tries again */
typedef struct
{
  char    *error;
  guint    n_failures;
  GSource *source;
} Retry;

typedef enum
{
  ENTRY_IDLE,       /* new, or resolved (entry->service) */
  ENTRY_QUEUED,     /* waiting for a free resolver */
  ENTRY_RESOLVING,
  ENTRY_FAILED,     /* waiting to be tried again */
} EntryStatus;

/* Everything of an Entry and a Browse is the worker thread's */
typedef struct
{
  HearthBrowser        *browser;   /* unowned */
  AvahiIfIndex          interface;
  AvahiProtocol         protocol;
  char                 *type;
  char                 *name;
  char                 *domain;
  EntryStatus           status;
  /* The address family asked of the resolver: IPv4 first, then any */
  AvahiProtocol         aprotocol;
  AvahiServiceResolver *resolver;
  /* Asked again while resolving: the answer may predate what changed */
  gboolean              again;
  /* Looks left after being asked again (CHECKS_AFTER_ASKED) */
  guint                 n_checks;
  GList                *queued;    /* its link in browser->queue */
  /* After a failure, or to look again */
  Retry                 retry;
  /* NULL until resolved; when set, it is also in browser->items (once
   * the caller's thread read the message). A service resolved again keeps
   * its last address until then. */
  HearthService        *service;
} Entry;

struct _HearthBrowser
{
  GObject             parent_instance;

  GStrv               service_types;
  gboolean            started;

  /* The caller's side: the thread and context hearth_browser_start() was
   * called on, the only ones that touch these */
  GMainContext       *caller_context;
  GThread            *caller_thread;
  HearthBrowserState  state;
  GPtrArray          *items;      /* HearthService *, the model */
  GSource            *inbox;      /* drains messages, on caller_context */
  /* The worker's last word on its progress */
  gboolean            listed;     /* every browsed type listed once */
  guint               n_unresolved;
  GStrv               unresolved;
  GStrv               unbrowsed;

  /* Between them: the worker's messages, in order, and whether it must
   * stop */
  GAsyncQueue        *messages;   /* Message * */
  int                 quitting;
  /* Tests: calls into libavahi-client made on the caller's thread */
  int                 n_caller_avahi_calls;

  /* The worker's side: its thread and context, and everything Avahi */
  GThread            *thread;
  GMainContext       *context;
  HearthBrowserState  worker_state;
  AvahiGLibPoll      *poll;
  AvahiClient        *client;
  GPtrArray          *browsers;   /* Browse *, one per service type */
  GHashTable         *entries;    /* Entry * (key and value) */
  GQueue              queue;      /* Entry *, ENTRY_QUEUED, in order */
  guint               n_resolving;
  /* MAX_RESOLVING, or as many as the daemon allowed this client when it
   * refused one more ("Too many objects") */
  guint               max_resolving;
  GSource            *reconnect_source;
  guint               retry_ms;
  /* Messages of the callback running, handed over together at its end */
  GQueue              outbox;
  /* Changed since the caller's thread was last told its progress */
  gboolean            progress_dirty;
  GSource            *progress_source;
};

/* The browser of one service type */
typedef struct
{
  HearthBrowser       *browser;   /* unowned */
  char                *type;
  AvahiServiceBrowser *avahi;     /* NULL while failed */
  gboolean             listed;    /* it said ALL_FOR_NOW */
  Retry                retry;
} Browse;

/* hearth-browser.c; on the worker's thread but the last */
void     hearth_browser_note_avahi_call   (HearthBrowser      *self);
void     hearth_browser_retry_cancel      (Retry              *retry);
void     hearth_browser_retry_clear       (Retry              *retry);
void     hearth_browser_retry_later       (Retry              *retry,
                                           guint               delay_ms,
                                           GMainContext       *context,
                                           GSourceFunc         callback,
                                           gpointer            data,
                                           const char         *name);
guint    hearth_browser_retry_failed      (Retry              *retry,
                                           const char         *reason,
                                           GMainContext       *context,
                                           GSourceFunc         callback,
                                           gpointer            data,
                                           const char         *name);
void     hearth_browser_set_state         (HearthBrowser      *self,
                                           HearthBrowserState  state);
guint    hearth_browser_get_n_caller_avahi_calls (HearthBrowser *self);

/* hearth-browser-messages.c; on the worker's thread but the last two */
void     hearth_browser_changed           (HearthBrowser      *self);
void     hearth_browser_flush             (HearthBrowser      *self);
void     hearth_browser_post_clear        (HearthBrowser      *self);
void     hearth_browser_post_state        (HearthBrowser      *self,
                                           HearthBrowserState  state);
void     hearth_browser_remove_service    (HearthBrowser      *self,
                                           HearthService      *service);
gboolean hearth_browser_set_entry_service (HearthBrowser      *self,
                                           Entry              *entry,
                                           HearthService      *service);
void     hearth_browser_message_free      (gpointer            data);
GSource *hearth_browser_inbox_new         (HearthBrowser      *self);

/* hearth-browser-resolve.c */
guint    hearth_browser_entry_hash        (gconstpointer       data);
gboolean hearth_browser_entry_equal       (gconstpointer       a,
                                           gconstpointer       b);
void     hearth_browser_entry_free        (gpointer            data);
void     hearth_browser_entry_request     (Entry              *entry);
void     hearth_browser_drop_entry        (HearthBrowser      *self,
                                           Entry              *entry);

/* hearth-browser-browse.c */
void     hearth_browser_browse_free       (gpointer            data);
void     hearth_browser_ensure_browsers   (HearthBrowser      *self);

G_END_DECLS
