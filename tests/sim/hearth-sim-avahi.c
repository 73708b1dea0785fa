/* hearth-sim-avahi.c: announces simulated devices through Avahi
 *
 * One entry group per device holds all of its services (Shelly: _shelly._tcp
 * and _http._tcp; WLED: _wled._tcp and _http._tcp; Elgato: _elg._tcp).
 * avahi-daemon allows a client only so many objects (objects-per-client-max,
 * 1,024 by default): when it refuses another group ("Too many objects"),
 * the next groups go to another client of ours, so any number of devices
 * can be announced.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <avahi-client/client.h>
#include <avahi-client/publish.h>
#include <avahi-common/address.h>
#include <avahi-common/alternative.h>
#include <avahi-common/error.h>
#include <avahi-common/malloc.h>
#include <avahi-common/strlst.h>
#include <avahi-glib/glib-watch.h>

#include "hearth-sim-avahi.h"

/* Gives up renaming after this many collisions in a row */
#define MAX_RENAMES 32

/* One connection to avahi-daemon, and whether it refused another group */
typedef struct
{
  HearthSimAvahi *owner;
  AvahiClient    *avahi;
  gboolean        full;
} Client;

typedef struct
{
  HearthSimAvahi  *owner;
  HearthSimDevice *device;
  GPtrArray       *services;  /* HearthSimService, names renamed on collisions */
  AvahiEntryGroup *group;
  Client          *client;    /* the one holding group */
  guint            renames;
  gboolean         established;  /* avahi-daemon announces it */
} Entry;

struct _HearthSimAvahi
{
  AvahiGLibPoll   *poll;
  GPtrArray       *clients;   /* Client *; the first holds host_group */
  GPtrArray       *entries;
  guint            reconnect_id;
  guint            retry_id;    /* registers what a busy daemon refused */
  /* With a host name of our own: its address record, in a group of its own */
  char            *host_name;
  char            *host_address;
  AvahiEntryGroup *host_group;
  gboolean         host_established;
};

static void     register_entry (Entry           *entry);
static void     register_later (HearthSimAvahi  *self);
static Client  *client_new     (HearthSimAvahi  *self,
                                GError         **error);

static gboolean
client_running (Client *client)
{
  return client->avahi != NULL &&
         avahi_client_get_state (client->avahi) == AVAHI_CLIENT_S_RUNNING;
}

/* The first client, where the host name is announced */
static Client *
first_client (HearthSimAvahi *self)
{
  return self->clients->len > 0 ? g_ptr_array_index (self->clients, 0) : NULL;
}

static void
host_group_cb (AvahiEntryGroup      *group,
               AvahiEntryGroupState  state,
               void                 *user_data)
{
  HearthSimAvahi *self = user_data;

  self->host_established = state == AVAHI_ENTRY_GROUP_ESTABLISHED;
  if (state == AVAHI_ENTRY_GROUP_COLLISION || state == AVAHI_ENTRY_GROUP_FAILURE)
    g_warning ("Cannot announce the host name %s (%s): %s", self->host_name, self->host_address,
               avahi_strerror (avahi_client_errno (avahi_entry_group_get_client (group))));
}

/* The host name the services point to, when not the daemon's own */
static void
register_host (HearthSimAvahi *self)
{
  Client *client = first_client (self);
  AvahiAddress address;
  int ret;

  if (self->host_name == NULL || client == NULL || !client_running (client))
    return;

  if (self->host_group == NULL)
    {
      self->host_group = avahi_entry_group_new (client->avahi, host_group_cb, self);
      if (self->host_group == NULL)
        {
          g_warning ("Cannot create an Avahi entry group: %s",
                     avahi_strerror (avahi_client_errno (client->avahi)));
          return;
        }
    }

  if (!avahi_entry_group_is_empty (self->host_group))
    return;

  if (avahi_address_parse (self->host_address, AVAHI_PROTO_UNSPEC, &address) == NULL)
    {
      g_warning ("Cannot announce %s: “%s” is not an IP address", self->host_name, self->host_address);
      return;
    }

  ret = avahi_entry_group_add_address (self->host_group, AVAHI_IF_UNSPEC, address.proto,
                                       AVAHI_PUBLISH_NO_REVERSE, self->host_name, &address);
  if (ret >= 0)
    ret = avahi_entry_group_commit (self->host_group);
  if (ret < 0)
    g_warning ("Cannot announce %s (%s): %s", self->host_name, self->host_address,
               avahi_strerror (ret));
}

static void
entry_free (gpointer data)
{
  Entry *entry = data;

  if (entry->group)
    avahi_entry_group_free (entry->group);
  g_clear_object (&entry->device);
  g_clear_pointer (&entry->services, g_ptr_array_unref);
  g_free (entry);
}

static void
rename_services (Entry *entry)
{
  for (guint i = 0; i < entry->services->len; i++)
    {
      HearthSimService *service = g_ptr_array_index (entry->services, i);
      char *alternative = avahi_alternative_service_name (service->name);

      g_printerr ("hearth-sim: the name “%s” (%s) is taken, now “%s”\n",
                  service->name, service->type, alternative);
      g_free (service->name);
      service->name = g_strdup (alternative);
      avahi_free (alternative);
    }
  entry->renames++;
}

static void
entry_group_cb (AvahiEntryGroup      *group,
                AvahiEntryGroupState  state,
                void                 *user_data)
{
  Entry *entry = user_data;

  entry->established = state == AVAHI_ENTRY_GROUP_ESTABLISHED;
  switch (state)
    {
    case AVAHI_ENTRY_GROUP_ESTABLISHED:
      entry->renames = 0;
      g_debug ("Announced %s", hearth_sim_device_get_id (entry->device));
      break;

    case AVAHI_ENTRY_GROUP_COLLISION:
      /* Someone else on the network has the name: pick another one */
      if (entry->renames >= MAX_RENAMES)
        {
          g_warning ("Giving up announcing %s after %u name collisions",
                     hearth_sim_device_get_id (entry->device), entry->renames);
          break;
        }
      rename_services (entry);
      avahi_entry_group_reset (group);
      register_entry (entry);
      break;

    case AVAHI_ENTRY_GROUP_FAILURE:
      g_warning ("Cannot announce %s: %s",
                 hearth_sim_device_get_id (entry->device),
                 avahi_strerror (avahi_client_errno (avahi_entry_group_get_client (group))));
      break;

    case AVAHI_ENTRY_GROUP_UNCOMMITED:
    case AVAHI_ENTRY_GROUP_REGISTERING:
    default:
      break;
    }
}

static AvahiProtocol
device_protocol (HearthSimDevice *device)
{
  g_autoptr(GInetAddress) address = NULL;

  address = g_inet_address_new_from_string (hearth_sim_device_get_address (device));
  if (address && g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV6)
    return AVAHI_PROTO_INET6;

  return AVAHI_PROTO_INET;
}

/* A new group for @entry, in the first running client that has room;
 * when every one is full, in a new client (or later, once it runs) */
static gboolean
client_add_group (Client *client,
                  Entry  *entry)
{
  entry->group = avahi_entry_group_new (client->avahi, entry_group_cb, entry);
  if (entry->group != NULL)
    {
      entry->client = client;
      return TRUE;
    }

  if (avahi_client_errno (client->avahi) == AVAHI_ERR_TOO_MANY_OBJECTS)
    {
      g_debug ("An Avahi client is full: the next groups go to another one");
      client->full = TRUE;
    }
  else
    {
      int error = avahi_client_errno (client->avahi);
      gboolean busy = error == AVAHI_ERR_DBUS_ERROR || error == AVAHI_ERR_TIMEOUT;

      /* A busy daemon answers "An unexpected D-Bus error" */
      g_warning ("Cannot create an Avahi entry group: %s%s", avahi_strerror (error),
                 busy ? "; trying again" : "");
      if (busy)
        register_later (client->owner);
    }

  return FALSE;
}

static gboolean
entry_new_group (Entry *entry)
{
  HearthSimAvahi *self = entry->owner;
  g_autoptr(GError) error = NULL;
  Client *client;

  for (guint i = 0; i < self->clients->len; i++)
    {
      client = g_ptr_array_index (self->clients, i);
      if (client->full || !client_running (client))
        continue;

      if (client_add_group (client, entry))
        return TRUE;
      if (!client->full)
        return FALSE;
    }

  /* All full (or not running yet: each registers every entry once it runs) */
  for (guint i = 0; i < self->clients->len; i++)
    {
      client = g_ptr_array_index (self->clients, i);
      if (!client->full && !client_running (client))
        return FALSE;
    }

  client = client_new (self, &error);
  if (client == NULL)
    {
      g_warning ("Cannot announce %s: %s", hearth_sim_device_get_id (entry->device),
                 error->message);
      return FALSE;
    }

  /* A new client that is full at once: the daemon allows no group at all */
  return client_running (client) && client_add_group (client, entry);
}

static void
register_entry (Entry *entry)
{
  AvahiProtocol protocol = device_protocol (entry->device);
  guint16 port = hearth_sim_device_get_port (entry->device);
  guint i = 0;
  int ret = AVAHI_OK;

  if (entry->group == NULL && !entry_new_group (entry))
    return;

  if (!avahi_entry_group_is_empty (entry->group))
    return;

  while (i < entry->services->len)
    {
      HearthSimService *service = g_ptr_array_index (entry->services, i);
      AvahiStringList *txt;

      txt = avahi_string_list_new_from_array ((const char **) service->txt, -1);
      ret = avahi_entry_group_add_service_strlst (entry->group, AVAHI_IF_UNSPEC,
                                                  protocol, 0,
                                                  service->name, service->type,
                                                  NULL, entry->owner->host_name, port, txt);
      avahi_string_list_free (txt);

      if (ret == AVAHI_ERR_COLLISION && entry->renames < MAX_RENAMES)
        {
          /* Taken locally (by another of our devices?): rename, start over */
          rename_services (entry);
          avahi_entry_group_reset (entry->group);
          i = 0;
          continue;
        }

      if (ret < 0)
        break;

      i++;
    }

  if (ret >= 0)
    ret = avahi_entry_group_commit (entry->group);
  if (ret < 0)
    {
      gboolean busy = ret == AVAHI_ERR_DBUS_ERROR || ret == AVAHI_ERR_TIMEOUT;

      /* A busy daemon answers "An unexpected D-Bus error": start over with
       * a new group in a while */
      g_warning ("Cannot announce %s: %s%s", hearth_sim_device_get_id (entry->device),
                 avahi_strerror (ret), busy ? "; trying again" : "");
      g_clear_pointer (&entry->group, avahi_entry_group_free);
      entry->client = NULL;
      entry->established = FALSE;
      if (busy)
        register_later (entry->owner);
    }
}

/* Forgets every group (and frees them when @free_them; freeing a client
 * frees its groups) */
static void
forget_groups (HearthSimAvahi *self,
               gboolean        free_them)
{
  if (self->host_group && free_them)
    avahi_entry_group_free (self->host_group);
  self->host_group = NULL;
  self->host_established = FALSE;

  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (self->entries, i);

      if (entry->group && free_them)
        avahi_entry_group_free (entry->group);
      entry->group = NULL;
      entry->client = NULL;
      entry->established = FALSE;
    }
}

static void
client_free (gpointer data)
{
  Client *client = data;

  g_clear_pointer (&client->avahi, avahi_client_free);
  g_free (client);
}

/* Withdraws everything (freeing the clients frees their groups) */
static void
disconnect_clients (HearthSimAvahi *self)
{
  forget_groups (self, FALSE);
  g_ptr_array_set_size (self->clients, 0);
}

static void
register_all (HearthSimAvahi *self)
{
  register_host (self);
  for (guint i = 0; i < self->entries->len; i++)
    register_entry (g_ptr_array_index (self->entries, i));
}

static gboolean
register_retry_cb (gpointer user_data)
{
  HearthSimAvahi *self = user_data;

  self->retry_id = 0;
  register_all (self);

  return G_SOURCE_REMOVE;
}

static void
register_later (HearthSimAvahi *self)
{
  if (self->retry_id == 0)
    self->retry_id = g_timeout_add_seconds (1, register_retry_cb, self);
}

static void client_cb (AvahiClient      *avahi,
                       AvahiClientState  state,
                       void             *user_data);

/* A new client, added to self->clients; NULL (and @error) only when none
 * can be made at all. The caller registers entries if it runs already. */
static Client *
client_new (HearthSimAvahi  *self,
            GError         **error)
{
  Client *client = g_new0 (Client, 1);
  int avahi_error = 0;

  client->owner = self;
  client->avahi = avahi_client_new (avahi_glib_poll_get (self->poll),
                                    AVAHI_CLIENT_NO_FAIL,
                                    client_cb, client, &avahi_error);
  if (client->avahi == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "Cannot talk to Avahi: %s", avahi_strerror (avahi_error));
      g_free (client);
      return NULL;
    }

  g_ptr_array_add (self->clients, client);
  return client;
}

static gboolean
connect_first_client (HearthSimAvahi  *self,
                      GError         **error)
{
  Client *client = client_new (self, error);

  if (client == NULL)
    return FALSE;

  /* The callback runs before avahi_client_new() returns, when
   * client->avahi was still unset: catch up. */
  if (client_running (client))
    register_all (self);

  return TRUE;
}

static gboolean
reconnect_cb (gpointer user_data)
{
  HearthSimAvahi *self = user_data;
  g_autoptr(GError) error = NULL;

  self->reconnect_id = 0;

  disconnect_clients (self);

  if (!connect_first_client (self, &error))
    {
      g_printerr ("hearth-sim: %s; trying again in 2 s\n", error->message);
      self->reconnect_id = g_timeout_add_seconds (2, reconnect_cb, self);
    }

  return G_SOURCE_REMOVE;
}

static void
client_cb (AvahiClient      *avahi,
           AvahiClientState  state,
           void             *user_data)
{
  Client *client = user_data;
  HearthSimAvahi *self = client->owner;

  /* Called from within avahi_client_new() too: client_new()'s caller
   * catches up */
  if (client->avahi != avahi)
    return;

  switch (state)
    {
    case AVAHI_CLIENT_S_RUNNING:
      g_debug ("Avahi is running");
      register_all (self);
      break;

    case AVAHI_CLIENT_S_COLLISION:
    case AVAHI_CLIENT_S_REGISTERING:
      /* The host name changes: withdraw, we publish again once running */
      if (self->host_group && client == first_client (self))
        {
          avahi_entry_group_reset (self->host_group);
          self->host_established = FALSE;
        }
      for (guint i = 0; i < self->entries->len; i++)
        {
          Entry *entry = g_ptr_array_index (self->entries, i);

          if (entry->group && entry->client == client)
            {
              avahi_entry_group_reset (entry->group);
              entry->established = FALSE;
            }
        }
      break;

    case AVAHI_CLIENT_CONNECTING:
      if (client == first_client (self))
        g_printerr ("hearth-sim: waiting for avahi-daemon\n");
      break;

    case AVAHI_CLIENT_FAILURE:
      if (avahi_client_errno (avahi) == AVAHI_ERR_DISCONNECTED)
        {
          /* The daemon went away (restart?): start over with a new client
           * that waits for it; not from inside the client's callback. */
          if (self->reconnect_id == 0)
            {
              g_printerr ("hearth-sim: lost avahi-daemon, waiting for it to come back\n");
              self->reconnect_id = g_idle_add (reconnect_cb, self);
            }
        }
      else
        {
          g_printerr ("hearth-sim: Avahi failed: %s; trying again in 2 s\n",
                      avahi_strerror (avahi_client_errno (avahi)));
          if (self->reconnect_id == 0)
            self->reconnect_id = g_timeout_add_seconds (2, reconnect_cb, self);
        }
      break;

    default:
      break;
    }
}

HearthSimAvahi *
hearth_sim_avahi_new (GPtrArray   *devices,
                      const char  *host_name,
                      GError     **error)
{
  g_autoptr(HearthSimAvahi) self = NULL;

  g_return_val_if_fail (devices != NULL, NULL);

  self = g_new0 (HearthSimAvahi, 1);
  self->clients = g_ptr_array_new_with_free_func (client_free);
  self->entries = g_ptr_array_new_with_free_func (entry_free);
  self->poll = avahi_glib_poll_new (NULL, G_PRIORITY_DEFAULT);
  if (host_name != NULL && devices->len > 0)
    {
      self->host_name = g_strdup (host_name);
      self->host_address = g_strdup (hearth_sim_device_get_address (g_ptr_array_index (devices, 0)));
    }

  for (guint i = 0; i < devices->len; i++)
    {
      HearthSimDevice *device = g_ptr_array_index (devices, i);
      Entry *entry = g_new0 (Entry, 1);

      entry->owner = self;
      entry->device = g_object_ref (device);
      entry->services = g_ptr_array_new_with_free_func ((GDestroyNotify) hearth_sim_service_free);
      hearth_sim_device_list_services (device, entry->services);
      g_ptr_array_add (self->entries, entry);
    }

  if (!connect_first_client (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

void
hearth_sim_avahi_free (HearthSimAvahi *self)
{
  if (self == NULL)
    return;

  g_clear_handle_id (&self->reconnect_id, g_source_remove);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  /* avahi_client_free() frees the groups (and withdraws them) */
  if (self->clients != NULL)
    disconnect_clients (self);
  g_clear_pointer (&self->clients, g_ptr_array_unref);
  g_clear_pointer (&self->entries, g_ptr_array_unref);
  g_clear_pointer (&self->poll, avahi_glib_poll_free);
  g_free (self->host_name);
  g_free (self->host_address);
  g_free (self);
}

/* Whether every group is announced (its AVAHI_ENTRY_GROUP_ESTABLISHED
 * came): each device's, and the host name's */
static gboolean
all_established (HearthSimAvahi *self)
{
  if (self->host_name != NULL && !self->host_established)
    return FALSE;
  for (guint i = 0; i < self->entries->len; i++)
    {
      if (!((Entry *) g_ptr_array_index (self->entries, i))->established)
        return FALSE;
    }
  return TRUE;
}

static gboolean
on_wait_timeout (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

gboolean
hearth_sim_avahi_wait_announced (HearthSimAvahi  *self,
                                 guint            timeout_ms,
                                 const gboolean  *stop)
{
  gboolean timed_out = FALSE;
  guint timeout_id;
  g_autoptr(GString) missing = NULL;
  guint n_missing = 0;

  g_return_val_if_fail (self != NULL, FALSE);

  /* No daemon yet: everything is announced once it comes */
  if (first_client (self) == NULL || !client_running (first_client (self)))
    {
      g_printerr ("hearth-sim: avahi-daemon is not running: ready, announced once it is\n");
      return FALSE;
    }

  timeout_id = g_timeout_add (timeout_ms, on_wait_timeout, &timed_out);
  while (!all_established (self) && !timed_out && !*stop)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (timeout_id);

  if (all_established (self) || *stop)
    return all_established (self);

  missing = g_string_new (NULL);
  if (self->host_name != NULL && !self->host_established)
    {
      g_string_append_printf (missing, " the host name %s", self->host_name);
      n_missing++;
    }
  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (self->entries, i);

      if (entry->established)
        continue;
      if (n_missing < 10)
        g_string_append_printf (missing, "%s%s", n_missing > 0 ? ", " : " ",
                                hearth_sim_device_get_id (entry->device));
      n_missing++;
    }
  if (n_missing > 10)
    g_string_append_printf (missing, " and %u more", n_missing - 10);
  g_printerr ("hearth-sim: avahi-daemon did not announce within %.1f s:%s\n",
              timeout_ms / 1000.0, missing->str);
  return FALSE;
}
