/* hearth-browser-messages.c: what HearthBrowser's worker thread tells the
 * caller's thread (hearth-browser.c says why there are two)
 *
 * The worker posts the changes of the items, the state and its progress
 * (whether every type was listed, what is unresolved or unbrowsed) in
 * order; what one of its callbacks did is handed over together at its end
 * (hearth_browser_flush()) into a GAsyncQueue, and a source on the caller's
 * context reads them, a few milliseconds at a time, only ever stopping
 * after the last message of a callback: the items and the counts the
 * caller sees always agree.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "hearth-browser-private.h"

/* The caller's thread reads messages for at most this long at once */
#define INBOX_BUDGET_US 8000

/* From the worker to the caller's thread */
typedef enum
{
  MESSAGE_STATE,
  MESSAGE_ADD,       /* service */
  MESSAGE_REPLACE,   /* old by service */
  MESSAGE_REMOVE,    /* service */
  MESSAGE_CLEAR,
  MESSAGE_PROGRESS,
} MessageKind;

typedef struct
{
  MessageKind         kind;
  HearthBrowserState  state;
  HearthService      *service;
  HearthService      *old;
  gboolean            listed;
  guint               n_unresolved;
  GStrv               unresolved;
  GStrv               unbrowsed;
  /* The last of what one callback of the worker's did: the items and the
   * counts agree after it */
  gboolean            last;
} Message;

void
hearth_browser_message_free (gpointer data)
{
  Message *message = data;

  g_clear_object (&message->service);
  g_clear_object (&message->old);
  g_strfreev (message->unresolved);
  g_strfreev (message->unbrowsed);
  g_free (message);
}

/* Worker: takes @message to the caller's thread, with the others of the
 * same callback (hearth_browser_flush()) */
static void
hearth_browser_post (HearthBrowser *self,
                     MessageKind    kind,
                     Message       *message)
{
  if (message == NULL)
    message = g_new0 (Message, 1);
  message->kind = kind;
  g_queue_push_tail (&self->outbox, message);
  /* Flushed at the latest when the worker has nothing else to do */
  hearth_browser_changed (self);
}

/* Takes @old */
static Message *
message_new_service (HearthService *service,
                     HearthService *old)
{
  Message *message = g_new0 (Message, 1);

  message->service = g_object_ref (service);
  message->old = old;
  return message;
}

/* Worker: whether every service type was listed once (but those that
 * could not be browsed) */
static gboolean
hearth_browser_listed (HearthBrowser *self)
{
  if (self->browsers->len == 0)
    return FALSE;

  /* A type that could not be browsed is told by
   * hearth_browser_dup_unbrowsed() */
  for (guint i = 0; i < self->browsers->len; i++)
    {
      Browse *browse = g_ptr_array_index (self->browsers, i);

      if (browse->avahi != NULL && !browse->listed)
        return FALSE;
    }

  return TRUE;
}

/* Worker: how many entries are being resolved for the first time, and
 * how many have no item (those that failed too) */
static guint
hearth_browser_count_unresolved (HearthBrowser *self,
                                 guint         *n_lines)
{
  GHashTableIter iter;
  Entry *entry;
  guint n = 0;

  *n_lines = 0;
  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, (gpointer *) &entry, NULL))
    {
      if (entry->service != NULL)
        continue;

      (*n_lines)++;
      if (entry->status != ENTRY_FAILED)
        n++;
    }

  return n;
}

/* Worker: the lines of hearth_browser_dup_unresolved() */
static GStrv
hearth_browser_list_unresolved (HearthBrowser *self)
{
  GPtrArray *lines = g_ptr_array_new ();
  GHashTableIter iter;
  Entry *entry;

  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, (gpointer *) &entry, NULL))
    {
      if (entry->service != NULL)
        continue;

      switch (entry->status)
        {
        case ENTRY_FAILED:
          /* TRANSLATORS: a service's name, its type, why it could not be resolved */
          g_ptr_array_add (lines,
                               g_strdup_printf (_("%s (%s): failed (%s)"),
                                                entry->name, entry->type, entry->retry.error));
          break;

        case ENTRY_QUEUED:
          g_ptr_array_add (lines,
                               g_strdup_printf (_("%s (%s): waiting to be resolved"),
                                                entry->name, entry->type));
          break;

        case ENTRY_RESOLVING:
        case ENTRY_IDLE:
        default:
          g_ptr_array_add (lines,
                               g_strdup_printf (_("%s (%s): resolving"),
                                                entry->name, entry->type));
          break;
        }
    }

  g_ptr_array_add (lines, NULL);
  return (GStrv) g_ptr_array_free (lines, FALSE);
}

/* Worker: the lines of hearth_browser_dup_unbrowsed() */
static GStrv
hearth_browser_list_unbrowsed (HearthBrowser *self)
{
  GPtrArray *lines = g_ptr_array_new ();

  for (guint i = 0; i < self->browsers->len; i++)
    {
      Browse *browse = g_ptr_array_index (self->browsers, i);

      if (browse->avahi == NULL && browse->retry.error != NULL)
        /* TRANSLATORS: an mDNS service type like _elg._tcp, and why */
        g_ptr_array_add (lines, g_strdup_printf (_("could not browse %s: %s"),
                                                 browse->type, browse->retry.error));
    }

  g_ptr_array_add (lines, NULL);
  return (GStrv) g_ptr_array_free (lines, FALSE);
}

/* Worker: tells the caller's thread where it is now. Its counts go with
 * each change of the items (hearth_browser_flush()); the lines
 * of what is unresolved, hundreds while a crowd is announced, only when
 * the worker has nothing else to do or when they are few (@full). */
#define FEW_UNRESOLVED_LINES 32

static void
hearth_browser_post_progress (HearthBrowser *self,
                              gboolean       full)
{
  Message *message = g_new0 (Message, 1);
  guint n_lines;

  self->progress_dirty = FALSE;
  message->listed = hearth_browser_listed (self);
  message->n_unresolved = hearth_browser_count_unresolved (self, &n_lines);
  message->unbrowsed = hearth_browser_list_unbrowsed (self);
  if (full || n_lines <= FEW_UNRESOLVED_LINES)
    message->unresolved = hearth_browser_list_unresolved (self);
  hearth_browser_post (self, MESSAGE_PROGRESS, message);
}

static gboolean
on_progress_idle (gpointer user_data)
{
  HearthBrowser *self = HEARTH_BROWSER (user_data);

  g_clear_pointer (&self->progress_source, g_source_unref);
  hearth_browser_post_progress (self, TRUE);
  hearth_browser_flush (self);

  return G_SOURCE_REMOVE;
}

/* Worker: at the end of each callback, hands what it did to the caller's
 * thread at once, with the counts after it, so that the caller never sees
 * items and counts that disagree */
void
hearth_browser_flush (HearthBrowser *self)
{
  Message *message;

  if (self->progress_dirty)
    hearth_browser_post_progress (self, FALSE);

  if (g_queue_is_empty (&self->outbox))
    return;

  ((Message *) g_queue_peek_tail (&self->outbox))->last = TRUE;
  g_async_queue_lock (self->messages);
  while ((message = g_queue_pop_head (&self->outbox)) != NULL)
    g_async_queue_push_unlocked (self->messages, message);
  g_async_queue_unlock (self->messages);

  /* Thread-safe, and wakes the caller's context */
  g_source_set_ready_time (self->inbox, 0);
}

/* Worker: the entries or browsers changed */
void
hearth_browser_changed (HearthBrowser *self)
{
  self->progress_dirty = TRUE;
  if (self->progress_source != NULL)
    return;

  self->progress_source = g_idle_source_new ();
  g_source_set_priority (self->progress_source, G_PRIORITY_LOW);
  g_source_set_callback (self->progress_source, on_progress_idle, self, NULL);
  g_source_set_name (self->progress_source, "[hearth] browser progress");
  g_source_attach (self->progress_source, self->context);
}

/* The caller's thread: what the worker said */
static void
hearth_browser_apply (HearthBrowser *self,
                      Message       *message)
{
  guint position;

  switch (message->kind)
    {
    case MESSAGE_STATE:
      if (self->state != message->state)
        {
          self->state = message->state;
          g_object_notify (G_OBJECT (self), "state");
        }
      break;

    case MESSAGE_ADD:
      g_ptr_array_add (self->items, g_steal_pointer (&message->service));
      g_list_model_items_changed (G_LIST_MODEL (self), self->items->len - 1, 0, 1);
      break;

    case MESSAGE_REPLACE:
      if (g_ptr_array_find (self->items, message->old, &position))
        {
          g_autoptr(HearthService) old = g_ptr_array_index (self->items, position);

          g_ptr_array_index (self->items, position) = g_steal_pointer (&message->service);
          g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 1);
        }
      break;

    case MESSAGE_REMOVE:
      if (g_ptr_array_find (self->items, message->service, &position))
        {
          g_ptr_array_remove_index (self->items, position);
          g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
        }
      break;

    case MESSAGE_CLEAR:
      position = self->items->len;
      g_ptr_array_set_size (self->items, 0);
      if (position > 0)
        g_list_model_items_changed (G_LIST_MODEL (self), 0, position, 0);
      break;

    case MESSAGE_PROGRESS:
    default:
      self->listed = message->listed;
      self->n_unresolved = message->n_unresolved;
      if (message->unresolved != NULL)
        {
          g_strfreev (self->unresolved);
          self->unresolved = g_steal_pointer (&message->unresolved);
        }
      g_strfreev (self->unbrowsed);
      self->unbrowsed = g_steal_pointer (&message->unbrowsed);
      break;
    }
}

static gboolean
inbox_dispatch (GSource     *source,
                GSourceFunc  callback,
                gpointer     user_data)
{
  return callback (user_data);
}

static GSourceFuncs inbox_funcs = {
  .dispatch = inbox_dispatch,
};

/* The caller's thread: reads the worker's messages, for a while */
static gboolean
on_browser_inbox (gpointer user_data)
{
  g_autoptr(HearthBrowser) self = g_object_ref (HEARTH_BROWSER (user_data));
  gint64 deadline = g_get_monotonic_time () + INBOX_BUDGET_US;
  Message *message;

  /* Before reading: a message posted meanwhile sets it again */
  g_source_set_ready_time (self->inbox, -1);

  /* A handler may dispose of the browser (self->inbox is then NULL) */
  while (self->inbox != NULL &&
         (message = g_async_queue_try_pop (self->messages)) != NULL)
    {
      gboolean last = message->last;

      hearth_browser_apply (self, message);
      hearth_browser_message_free (message);

      if (last && self->inbox != NULL && g_get_monotonic_time () >= deadline)
        {
          g_source_set_ready_time (self->inbox, 0);
          break;
        }
    }

  return G_SOURCE_CONTINUE;
}

/* The model, as the worker sees it */

/* Takes @service (the worker keeps no reference of an item gone, so
 * that it is gone once the caller read this) */
void
hearth_browser_remove_service (HearthBrowser *self,
                               HearthService *service)
{
  Message *message = g_new0 (Message, 1);

  message->service = service;
  hearth_browser_post (self, MESSAGE_REMOVE, message);
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
 * (one items-changed with removed = added = 1). Returns whether the model
 * changed. */
gboolean
hearth_browser_set_entry_service (HearthBrowser *self,
                                  Entry         *entry,
                                  HearthService *service)
{
  HearthService *old;

  if (entry->service != NULL)
    {
      if (service_equal (entry->service, service))
        {
          g_object_unref (service);
          return FALSE;
        }

      old = g_steal_pointer (&entry->service);
      entry->service = service;  /* takes the ref */
      hearth_browser_post (self, MESSAGE_REPLACE, message_new_service (service, old));
      return TRUE;
    }

  entry->service = service;  /* takes the ref */
  hearth_browser_post (self, MESSAGE_ADD, message_new_service (service, NULL));
  return TRUE;
}

/* Worker: the items are gone (the client failed or went) */
void
hearth_browser_post_clear (HearthBrowser *self)
{
  hearth_browser_post (self, MESSAGE_CLEAR, NULL);
}

/* Worker: the state changed */
void
hearth_browser_post_state (HearthBrowser      *self,
                           HearthBrowserState  state)
{
  Message *message = g_new0 (Message, 1);

  /* Where it is, then the state it is in: read in that order */
  hearth_browser_post_progress (self, FALSE);
  message->state = state;
  hearth_browser_post (self, MESSAGE_STATE, message);
}

/* The source that reads the worker's messages on the caller's context */
GSource *
hearth_browser_inbox_new (HearthBrowser *self)
{
  GSource *source = g_source_new (&inbox_funcs, sizeof (GSource));

  g_source_set_callback (source, on_browser_inbox, self, NULL);
  g_source_set_priority (source, HEARTH_NETWORK_PRIORITY);
  g_source_set_name (source, "[hearth] browser inbox");
  return source;
}
