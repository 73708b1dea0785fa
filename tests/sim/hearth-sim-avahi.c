/* hearth-sim-avahi.c: announces simulated devices through Avahi
 *
 * One entry group per device holds all of its services (Shelly: _shelly._tcp
 * and _http._tcp; WLED: _wled._tcp and _http._tcp; Elgato: _elg._tcp).
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

typedef struct
{
  HearthSimAvahi  *owner;
  HearthSimDevice *device;
  GPtrArray       *services;  /* HearthSimService, names renamed on collisions */
  AvahiEntryGroup *group;
  guint            renames;
} Entry;

struct _HearthSimAvahi
{
  AvahiGLibPoll   *poll;
  AvahiClient     *client;
  GPtrArray       *entries;
  guint            reconnect_id;
  /* With a host name of our own: its address record, in a group of its own */
  char            *host_name;
  char            *host_address;
  AvahiEntryGroup *host_group;
};

static void register_entry (Entry *entry);

static void
host_group_cb (AvahiEntryGroup      *group,
               AvahiEntryGroupState  state,
               void                 *user_data)
{
  HearthSimAvahi *self = user_data;

  if (state == AVAHI_ENTRY_GROUP_COLLISION || state == AVAHI_ENTRY_GROUP_FAILURE)
    g_warning ("Cannot announce the host name %s (%s): %s", self->host_name, self->host_address,
               avahi_strerror (avahi_client_errno (avahi_entry_group_get_client (group))));
}

/* The host name the services point to, when not the daemon's own */
static void
register_host (HearthSimAvahi *self)
{
  AvahiAddress address;
  int ret;

  if (self->host_name == NULL || self->client == NULL ||
      avahi_client_get_state (self->client) != AVAHI_CLIENT_S_RUNNING)
    return;

  if (self->host_group == NULL)
    {
      self->host_group = avahi_entry_group_new (self->client, host_group_cb, self);
      if (self->host_group == NULL)
        {
          g_warning ("Cannot create an Avahi entry group: %s",
                     avahi_strerror (avahi_client_errno (self->client)));
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

static void
register_entry (Entry *entry)
{
  AvahiClient *client = entry->owner->client;
  AvahiProtocol protocol = device_protocol (entry->device);
  guint16 port = hearth_sim_device_get_port (entry->device);
  guint i = 0;
  int ret;

  if (client == NULL || avahi_client_get_state (client) != AVAHI_CLIENT_S_RUNNING)
    return;

  if (entry->group == NULL)
    {
      entry->group = avahi_entry_group_new (client, entry_group_cb, entry);
      if (entry->group == NULL)
        {
          g_warning ("Cannot create an Avahi entry group: %s",
                     avahi_strerror (avahi_client_errno (client)));
          return;
        }
    }

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
        {
          g_warning ("Cannot announce “%s” (%s): %s", service->name,
                     service->type, avahi_strerror (ret));
          avahi_entry_group_reset (entry->group);
          return;
        }

      i++;
    }

  ret = avahi_entry_group_commit (entry->group);
  if (ret < 0)
    g_warning ("Cannot announce %s: %s",
               hearth_sim_device_get_id (entry->device), avahi_strerror (ret));
}

static void
forget_groups (HearthSimAvahi *self,
               gboolean        free_them)
{
  if (self->host_group && free_them)
    avahi_entry_group_free (self->host_group);
  self->host_group = NULL;

  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (self->entries, i);

      if (entry->group && free_them)
        avahi_entry_group_free (entry->group);
      entry->group = NULL;
    }
}

static void client_cb (AvahiClient      *client,
                       AvahiClientState  state,
                       void             *user_data);

static gboolean
connect_client (HearthSimAvahi  *self,
                GError         **error)
{
  int avahi_error = 0;

  self->client = avahi_client_new (avahi_glib_poll_get (self->poll),
                                   AVAHI_CLIENT_NO_FAIL,
                                   client_cb, self, &avahi_error);
  if (self->client == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "Cannot talk to Avahi: %s", avahi_strerror (avahi_error));
      return FALSE;
    }

  /* The callback runs before avahi_client_new() returns, when
   * self->client was still unset: catch up. */
  if (avahi_client_get_state (self->client) == AVAHI_CLIENT_S_RUNNING)
    {
      register_host (self);
      for (guint i = 0; i < self->entries->len; i++)
        register_entry (g_ptr_array_index (self->entries, i));
    }

  return TRUE;
}

static gboolean
reconnect_cb (gpointer user_data)
{
  HearthSimAvahi *self = user_data;
  g_autoptr(GError) error = NULL;

  self->reconnect_id = 0;

  /* Freeing the client frees its groups */
  forget_groups (self, FALSE);
  g_clear_pointer (&self->client, avahi_client_free);

  if (!connect_client (self, &error))
    {
      g_printerr ("hearth-sim: %s; trying again in 2 s\n", error->message);
      self->reconnect_id = g_timeout_add_seconds (2, reconnect_cb, self);
    }

  return G_SOURCE_REMOVE;
}

static void
client_cb (AvahiClient      *client,
           AvahiClientState  state,
           void             *user_data)
{
  HearthSimAvahi *self = user_data;

  switch (state)
    {
    case AVAHI_CLIENT_S_RUNNING:
      g_debug ("Avahi is running");
      if (self->client == client)
        {
          register_host (self);
          for (guint i = 0; i < self->entries->len; i++)
            register_entry (g_ptr_array_index (self->entries, i));
        }
      break;

    case AVAHI_CLIENT_S_COLLISION:
    case AVAHI_CLIENT_S_REGISTERING:
      /* The host name changes: withdraw, we publish again once running */
      if (self->host_group)
        avahi_entry_group_reset (self->host_group);
      for (guint i = 0; i < self->entries->len; i++)
        {
          Entry *entry = g_ptr_array_index (self->entries, i);

          if (entry->group)
            avahi_entry_group_reset (entry->group);
        }
      break;

    case AVAHI_CLIENT_CONNECTING:
      g_printerr ("hearth-sim: waiting for avahi-daemon\n");
      break;

    case AVAHI_CLIENT_FAILURE:
      if (avahi_client_errno (client) == AVAHI_ERR_DISCONNECTED)
        {
          /* The daemon went away (restart?): start over with a new client
           * that waits for it; not from inside the client's callback. */
          g_printerr ("hearth-sim: lost avahi-daemon, waiting for it to come back\n");
          if (self->reconnect_id == 0)
            self->reconnect_id = g_idle_add (reconnect_cb, self);
        }
      else
        {
          g_printerr ("hearth-sim: Avahi failed: %s; trying again in 2 s\n",
                      avahi_strerror (avahi_client_errno (client)));
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

  if (!connect_client (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

void
hearth_sim_avahi_free (HearthSimAvahi *self)
{
  if (self == NULL)
    return;

  g_clear_handle_id (&self->reconnect_id, g_source_remove);
  /* avahi_client_free() frees the groups (and withdraws them) */
  forget_groups (self, FALSE);
  g_clear_pointer (&self->client, avahi_client_free);
  g_clear_pointer (&self->entries, g_ptr_array_unref);
  g_clear_pointer (&self->poll, avahi_glib_poll_free);
  g_free (self->host_name);
  g_free (self->host_address);
  g_free (self);
}
