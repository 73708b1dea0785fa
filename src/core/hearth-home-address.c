/* hearth-home-address.c: HearthHome identifies a device by its address, every family asked
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "hearth-device.h"
#include "hearth-error.h"
#include "hearth-home-private.h"
#include "hearth-host.h"
#include "hearth-http.h"
#include "hearth-http-queue.h"
#include "hearth-secrets.h"

/* Adding by address. The families that listen on the same port are asked
 * there one after another (one request at a time per host and port), those
 * on other ports at the same time. Only an answer makes the next family on
 * a port worth asking: a port that does not answer, or refuses the
 * connection, is given up at its first failure. */

typedef struct
{
  GTask      *task;        /* held by the probes together, see start_probes() */
  guint16     port;
  GPtrArray  *drivers;     /* HearthDriver, in the home's order */
  guint       next_driver;
  gboolean    login_sent;  /* to the driver being tried */
  gboolean    spoke_http;  /* in plain text: no family speaking TLS is asked */
  GError     *failure;     /* why nothing more was asked here */
} PortProbe;

typedef struct
{
  char         *host;
  guint16       port;
  char         *username;
  char         *password;  /* with a login: sent to the family that asks for one */
  GCancellable *cancellable;  /* the task's, and ends the others once one port found it */
  GCancellable *outer;
  gulong        outer_id;
  GPtrArray    *ports;     /* PortProbe, one per port; done ones stay for the message */
  guint         running;
  gboolean      returned;
  gboolean      answered;  /* something spoke HTTP there */
  GError       *last_error;
} AddData;

static void
port_probe_free (PortProbe *probe)
{
  g_clear_pointer (&probe->drivers, g_ptr_array_unref);
  g_clear_error (&probe->failure);
  g_free (probe);
}

static void
add_data_free (AddData *data)
{
  if (data->outer != NULL)
    g_cancellable_disconnect (data->outer, data->outer_id);
  g_clear_object (&data->outer);
  g_clear_object (&data->cancellable);
  g_clear_pointer (&data->ports, g_ptr_array_unref);
  g_free (data->host);
  g_free (data->username);
  hearth_secret_free (data->password);
  g_clear_error (&data->last_error);
  g_free (data);
}

/* The network said no: nothing at this port will answer another family */
static gboolean
is_transport_failure (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_NOT_FOUND) ||
         error->domain == G_RESOLVER_ERROR;
}

static char *
join_ports (AddData *data,
            gint     code)
{
  g_autoptr(GString) ports = g_string_new (NULL);

  for (guint i = 0; i < data->ports->len; i++)
    {
      PortProbe *probe = g_ptr_array_index (data->ports, i);

      if (g_error_matches (probe->failure, G_IO_ERROR, code))
        g_string_append_printf (ports, "%s%u", ports->len > 0 ? ", " : "", probe->port);
    }
  return g_string_free (g_steal_pointer (&ports), FALSE);
}

/* Nothing answered: what each port said, in plain words */
static GError *
describe_silence (AddData *data)
{
  g_autofree char *where = NULL;
  g_autofree char *timed_out = join_ports (data, G_IO_ERROR_TIMED_OUT);
  g_autofree char *refused = join_ports (data, G_IO_ERROR_CONNECTION_REFUSED);
  GError *first = NULL;

  if (data->port != 0 && strchr (data->host, ':') != NULL)
    where = g_strdup_printf ("[%s]:%u", data->host, data->port);
  else if (data->port != 0)
    where = g_strdup_printf ("%s:%u", data->host, data->port);
  else
    where = g_strdup (data->host);

  for (guint i = 0; i < data->ports->len && first == NULL; i++)
    first = ((PortProbe *) g_ptr_array_index (data->ports, i))->failure;

  if (*timed_out != '\0' && *refused != '\0')
    /* TRANSLATORS: the first %s is a host, the others lists of ports */
    return g_error_new (G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                        _("%s did not answer within %u s on port %s, and refused the connection on port %s"),
                        where, HEARTH_HTTP_DEFAULT_DEADLINE_SECONDS, timed_out, refused);
  if (*timed_out != '\0')
    return g_error_new (G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                        _("%s did not answer within %u s"),
                        where, HEARTH_HTTP_DEFAULT_DEADLINE_SECONDS);
  if (*refused != '\0')
    return g_error_new (G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED,
                        _("%s refused the connection"), where);
  if (first == NULL)
    first = data->last_error;
  if (first != NULL)
    /* Same domain and code (unreachable, no such host), plainer words */
    return g_error_new (first->domain, first->code, _("Nothing answered at %s: %s"),
                        where, first->message);
  return g_error_new (HEARTH_ERROR, HEARTH_ERROR_NOT_FOUND,
                      _("Nothing answered at %s"), where);
}

static void
add_finish (GTask *task)
{
  HearthHome *self = g_task_get_source_object (task);
  AddData *data = g_task_get_task_data (task);

  data->returned = TRUE;
  _hearth_home_set_busy (self, self->busy - 1);

  if (data->outer != NULL && g_cancellable_is_cancelled (data->outer))
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Cancelled");
  else if (data->last_error != NULL &&
           (g_error_matches (data->last_error, HEARTH_ERROR, HEARTH_ERROR_NEEDS_PASSWORD) ||
            g_error_matches (data->last_error, HEARTH_ERROR, HEARTH_ERROR_BAD_PASSWORD)))
    g_task_return_error (task, g_steal_pointer (&data->last_error));
  else if (data->answered)
    g_task_return_new_error (task, HEARTH_ERROR, HEARTH_ERROR_NOT_FOUND,
                             _("%s answered, but is no device Hearth knows"),
                             data->host);
  else
    g_task_return_error (task, describe_silence (data));
}

static void try_next_driver (PortProbe *probe);

/* The last probe to end returns the task, unless one found the device,
 * and lets go of it (and so of every probe) */
static void
port_done (PortProbe *probe)
{
  GTask *task = probe->task;
  AddData *data = g_task_get_task_data (task);

  g_assert (data->running > 0);
  if (--data->running > 0)
    return;
  if (!data->returned)
    add_finish (task);
  g_object_unref (task);
}

static void
on_address_identified (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  PortProbe *probe = user_data;
  HearthHome *self = g_task_get_source_object (probe->task);
  AddData *data = g_task_get_task_data (probe->task);
  HearthDriver *driver = HEARTH_DRIVER (object);
  g_autoptr(HearthDevice) device = NULL;
  g_autoptr(GError) error = NULL;

  device = hearth_driver_identify_finish (driver, result, &error);
  if (device != NULL && data->returned)
    {
      port_done (probe);
      return;
    }
  if (device != NULL)
    {
      HearthDevice *added;

      data->returned = TRUE;
      _hearth_home_set_busy (self, self->busy - 1);
      /* A family that tells its id without the login needs none when it
       * did: the password (kept for another device at this address,
       * perhaps) is not this device's to have. */
      added = _hearth_home_add_or_merge (self, driver, device, data->username,
                            probe->login_sent || !hearth_driver_can_identify_with_login (driver)
                              ? data->password : NULL);
      g_task_return_pointer (probe->task, g_object_ref (added), g_object_unref);
      /* The other ports have nothing more to say */
      g_cancellable_cancel (data->cancellable);
      port_done (probe);
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      port_done (probe);
      return;
    }

  /* The login goes only to the family that asked for one */
  if (g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_NEEDS_PASSWORD) &&
      data->password != NULL && !probe->login_sent &&
      hearth_driver_can_identify_with_login (driver))
    {
      g_autoptr(HearthHttpQueue) queue = hearth_http_get_queue (self->http, data->host, probe->port);

      probe->login_sent = TRUE;
      hearth_driver_identify_with_login_async (driver, queue, data->username, data->password,
                                               data->cancellable, on_address_identified, probe);
      return;
    }

  g_debug ("%s:%u is not a %s device: %s", data->host, probe->port,
           hearth_driver_get_family (driver), error->message);

  if (is_transport_failure (error))
    {
      probe->failure = g_steal_pointer (&error);
      port_done (probe);
      return;
    }

  /* Keep what tells the person most: a device asking for a password, then
   * a network failure, then "not this family". */
  if (error->domain == HEARTH_ERROR)
    {
      data->answered = TRUE;
      if (!hearth_driver_identifies_over_tls (driver))
        probe->spoke_http = TRUE;
    }
  if (data->last_error == NULL ||
      g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_NEEDS_PASSWORD) ||
      g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PASSWORD) ||
      (!g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED) &&
       !g_error_matches (data->last_error, HEARTH_ERROR, HEARTH_ERROR_NEEDS_PASSWORD) &&
       !g_error_matches (data->last_error, HEARTH_ERROR, HEARTH_ERROR_BAD_PASSWORD)))
    {
      g_clear_error (&data->last_error);
      data->last_error = g_steal_pointer (&error);
    }

  try_next_driver (probe);
}

static void
try_next_driver (PortProbe *probe)
{
  HearthHome *self = g_task_get_source_object (probe->task);
  AddData *data = g_task_get_task_data (probe->task);
  HearthDriver *driver;
  g_autoptr(HearthHttpQueue) queue = NULL;

  /* A port that answered plain HTTP would leave a TLS hello unanswered */
  while (probe->spoke_http && probe->next_driver < probe->drivers->len &&
         hearth_driver_identifies_over_tls (g_ptr_array_index (probe->drivers, probe->next_driver)))
    {
      g_debug ("%s:%u speaks plain HTTP: not asking whether it is a %s device", data->host,
               probe->port,
               hearth_driver_get_family (g_ptr_array_index (probe->drivers, probe->next_driver)));
      probe->next_driver++;
    }

  if (probe->next_driver >= probe->drivers->len || data->returned)
    {
      port_done (probe);
      return;
    }

  driver = g_ptr_array_index (probe->drivers, probe->next_driver++);
  queue = hearth_http_get_queue (self->http, data->host, probe->port);

  probe->login_sent = FALSE;
  hearth_driver_identify_async (driver, queue, NULL, data->cancellable,
                                on_address_identified, probe);
}

static void
on_add_cancelled (GCancellable *outer,
                  gpointer      user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

/* Each family, grouped by the port it is asked at: the one given, or
 * its own. Takes @task: the probes hold it until the last is done. */
static void
start_probes (HearthHome *self,
              GTask      *task)
{
  AddData *data = g_task_get_task_data (task);

  data->ports = g_ptr_array_new_with_free_func ((GDestroyNotify) port_probe_free);
  for (guint i = 0; i < self->drivers->len; i++)
    {
      HearthDriver *driver = g_ptr_array_index (self->drivers, i);
      guint16 port = data->port != 0 ? data->port : hearth_driver_get_default_port (driver);
      PortProbe *probe = NULL;

      for (guint j = 0; j < data->ports->len && probe == NULL; j++)
        {
          if (((PortProbe *) g_ptr_array_index (data->ports, j))->port == port)
            probe = g_ptr_array_index (data->ports, j);
        }
      if (probe == NULL)
        {
          probe = g_new0 (PortProbe, 1);
          probe->task = task;
          probe->port = port;
          probe->drivers = g_ptr_array_new ();
          g_ptr_array_add (data->ports, probe);
        }
      g_ptr_array_add (probe->drivers, driver);
    }

  g_assert (data->ports->len > 0);
  data->running = data->ports->len;
  for (guint i = 0; i < data->ports->len; i++)
    try_next_driver (g_ptr_array_index (data->ports, i));
}

/* A device already known at @host (and @port, unless 0) that answers */
static HearthDevice *
find_answering_at (HearthHome *self,
                   const char *host,
                   guint16     port)
{
  GPtrArray *there = _hearth_home_index_at (self, host, port);

  for (guint i = 0; there != NULL && i < there->len; i++)
    {
      HearthDevice *device = g_ptr_array_index (there, i);

      if (_hearth_home_device_at (device, host, port) &&
          hearth_device_get_state (device) != HEARTH_DEVICE_STATE_UNAVAILABLE &&
          hearth_device_get_state (device) != HEARTH_DEVICE_STATE_CONNECTING)
        return device;
    }
  return NULL;
}

static void
add_address (HearthHome *self,
             const char *host,
             guint16     port,
             const char *username,
             const char *password,
             GTask      *task)
{
  GCancellable *cancellable = g_task_get_cancellable (task);
  AddData *data;
  HearthDevice *known;
  GError *error = NULL;

  g_task_set_source_tag (task, hearth_home_add_address_async);

  /* Nothing goes out for an address that cannot be one */
  if (!hearth_host_check (host, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  /* Found by mDNS already (or added before): the same device, not a
   * second one. A login given for it is its login now. */
  known = find_answering_at (self, host, port);
  if (known != NULL)
    {
      HearthLink *link = g_hash_table_lookup (self->links, hearth_device_get_id (known));

      if (password != NULL && link != NULL)
        _hearth_home_add_or_merge (self, hearth_home_get_driver (self, known), known, username, password);
      g_task_return_pointer (task, g_object_ref (known), g_object_unref);
      g_object_unref (task);
      return;
    }

  data = g_new0 (AddData, 1);
  data->host = g_strdup (host);
  data->port = port;
  data->username = g_strdup (username);
  data->password = g_strdup (password);
  data->cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    {
      data->outer = g_object_ref (cancellable);
      data->outer_id = g_cancellable_connect (cancellable, G_CALLBACK (on_add_cancelled),
                                              g_object_ref (data->cancellable), g_object_unref);
    }
  g_task_set_task_data (task, data, (GDestroyNotify) add_data_free);

  _hearth_home_set_busy (self, self->busy + 1);
  start_probes (self, task);
}

void
hearth_home_add_address_async (HearthHome          *self,
                               const char          *host,
                               guint16              port,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (HEARTH_IS_HOME (self));
  g_return_if_fail (host != NULL);

  add_address (self, host, port, NULL, NULL, g_task_new (self, cancellable, callback, user_data));
}

void
hearth_home_add_address_with_login_async (HearthHome          *self,
                                          const char          *host,
                                          guint16              port,
                                          const char          *username,
                                          const char          *password,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_return_if_fail (HEARTH_IS_HOME (self));
  g_return_if_fail (host != NULL);
  g_return_if_fail (password != NULL);

  add_address (self, host, port, username, password,
               g_task_new (self, cancellable, callback, user_data));
}

HearthDevice *
hearth_home_add_address_finish (HearthHome    *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (HEARTH_IS_HOME (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
