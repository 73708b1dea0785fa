/* hearth-home-pair.c: HearthHome pairs a device by a button on it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Asks about once a second until the device's window closes, as the
 * families' documents ask; a face follows the HearthPairing. Paired, the
 * token is read with first: a device added by address takes its hardware
 * id then (hearth-home-rekey.c); then the link reconnects with it and the
 * keyring keeps it.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "hearth-device.h"
#include "hearth-error.h"
#include "hearth-home-private.h"
#include "hearth-pairing-private.h"
#include "hearth-secrets.h"

/* One attempt about every second, as the families' documents ask */
#define PAIR_ATTEMPT_INTERVAL_MS 1000

typedef struct
{
  HearthDevice  *device;
  HearthLink    *link;
  HearthDriver  *driver;
  HearthPairing *pairing;
  char          *token;
  gint64         attempt_started;
  guint          wait_source;
} PairData;

static void
pair_data_free (PairData *data)
{
  g_clear_handle_id (&data->wait_source, g_source_remove);
  if (data->pairing != NULL)
    _hearth_pairing_end (data->pairing);
  g_clear_object (&data->pairing);
  g_clear_object (&data->device);
  g_clear_object (&data->link);
  g_clear_object (&data->driver);
  hearth_secret_free (data->token);
  g_free (data);
}

static void pair_attempt (GTask *task);

/* Returns @error, the pairing ended first (takes both) */
static void
pair_fail (GTask  *task,
           GError *error)
{
  PairData *data = g_task_get_task_data (task);

  _hearth_pairing_end (data->pairing);
  g_task_return_error (task, error);
  g_object_unref (task);
}

static void
pair_time_up (GTask *task)
{
  PairData *data = g_task_get_task_data (task);

  pair_fail (task, g_error_new (HEARTH_ERROR, HEARTH_ERROR_NEEDS_PAIRING,
                                _("%s was not paired: its button was not pressed in time"),
                                hearth_device_get_name (data->device)));
}

static gboolean
on_pair_wait_done (gpointer user_data)
{
  GTask *task = user_data;
  PairData *data = g_task_get_task_data (task);

  data->wait_source = 0;
  if (g_task_get_cancellable (task) != NULL && g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    pair_fail (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "Cancelled"));
  else if (g_get_monotonic_time () >= hearth_pairing_get_deadline (data->pairing))
    pair_time_up (task);
  else
    pair_attempt (task);
  return G_SOURCE_REMOVE;
}

/* Reconnects the device's link with its token, and keeps the token */
static void
pair_done (GTask *task)
{
  PairData *data = g_task_get_task_data (task);

  _hearth_pairing_end (data->pairing);
  /* Unless the home was disposed meanwhile (its links stopped for good) */
  if (HEARTH_HOME (g_task_get_source_object (task))->links != NULL)
    _hearth_home_reconnect (data->link);
  _hearth_home_keep_secret (task, data->device, data->token);
}

static void
on_pair_rekeyed (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = user_data;
  HearthHome *self = g_task_get_source_object (task);
  PairData *data = g_task_get_task_data (task);
  g_autoptr(HearthDevice) device = _hearth_home_rekey_finish (self, result);

  if (device != NULL && device != data->device)
    {
      g_set_object (&data->device, device);
      g_set_object (&data->link, hearth_home_get_link (self, device));
      _hearth_pairing_set_device (data->pairing, device);
    }
  pair_done (task);
}

static void
on_paired_read (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GTask *task = user_data;
  HearthHome *self = g_task_get_source_object (task);
  PairData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  /* A device added by address takes the id it tells now */
  if (hearth_link_refresh_finish (HEARTH_LINK (object), result, &error) &&
      self->links != NULL && _hearth_home_can_rekey (self, data->device))
    {
      _hearth_home_rekey_async (self, data->device, data->token, on_pair_rekeyed, task);
      return;
    }
  if (error != NULL)
    g_debug ("Paired with %s, but it did not answer yet: %s",
             hearth_device_get_id (data->device), error->message);
  pair_done (task);
}

static void
on_pair_attempted (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GTask *task = user_data;
  PairData *data = g_task_get_task_data (task);
  g_autoptr(HearthSecret) token = NULL;
  GError *error = NULL;
  gint64 now, since_ms, wait_ms;

  token = hearth_driver_pair_finish (data->driver, result, &error);
  if (token != NULL)
    {
      /* Paired: the token is the device's password from now on; read
       * with it, the device tells what it is */
      data->token = g_strdup (token);
      hearth_link_set_credentials (data->link, NULL, token);
      hearth_link_refresh_async (data->link, g_task_get_cancellable (task), on_paired_read, task);
      return;
    }

  if (!g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_NEEDS_PAIRING))
    {
      pair_fail (task, error);
      return;
    }
  g_error_free (error);

  /* The last attempt may have left before the window closed: its answer
   * counted */
  now = g_get_monotonic_time ();
  if (now >= hearth_pairing_get_deadline (data->pairing))
    {
      pair_time_up (task);
      return;
    }

  /* The rest of the second (or of the window), then again */
  since_ms = (now - data->attempt_started) / 1000;
  wait_ms = since_ms >= PAIR_ATTEMPT_INTERVAL_MS ? 0 : PAIR_ATTEMPT_INTERVAL_MS - since_ms;
  wait_ms = MIN (wait_ms, (hearth_pairing_get_deadline (data->pairing) - now + 999) / 1000);
  data->wait_source = g_timeout_add ((guint) wait_ms, on_pair_wait_done, task);
}

static void
pair_attempt (GTask *task)
{
  PairData *data = g_task_get_task_data (task);

  data->attempt_started = g_get_monotonic_time ();
  hearth_driver_pair_async (data->driver, hearth_link_get_queue (data->link), data->device,
                            g_task_get_cancellable (task), on_pair_attempted, task);
}

HearthPairing *
hearth_home_pair_async (HearthHome          *self,
                        HearthDevice        *device,
                        guint                seconds,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  GTask *task;
  PairData *data;
  HearthLink *link;
  HearthDriver *driver;

  g_return_val_if_fail (HEARTH_IS_HOME (self), NULL);
  g_return_val_if_fail (HEARTH_IS_DEVICE (device), NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hearth_home_pair_async);

  link = hearth_home_get_link (self, device);
  driver = hearth_home_get_driver (self, device);
  data = g_new0 (PairData, 1);
  data->device = g_object_ref (device);
  if (driver != NULL && seconds == 0)
    seconds = hearth_driver_get_pairing_seconds (driver);
  data->pairing = _hearth_pairing_new (device,
                                       driver != NULL ? hearth_driver_get_pairing_hint (driver) : NULL,
                                       seconds);
  g_task_set_task_data (task, data, (GDestroyNotify) pair_data_free);

  if (link == NULL || driver == NULL || !hearth_driver_can_pair (driver))
    {
      _hearth_pairing_end (data->pairing);
      if (link == NULL)
        g_task_return_new_error (task, HEARTH_ERROR, HEARTH_ERROR_NOT_FOUND,
                                 _("%s is not connected"), hearth_device_get_name (device));
      else
        g_task_return_new_error (task, HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED,
                                 _("%s needs no pairing"), hearth_device_get_name (device));
      g_object_unref (task);
      return g_object_ref (data->pairing);
    }

  data->link = g_object_ref (link);
  data->driver = g_object_ref (driver);
  pair_attempt (task);
  return g_object_ref (data->pairing);
}

gboolean
hearth_home_pair_finish (HearthHome    *self,
                         GAsyncResult  *result,
                         GError       **keyring_error,
                         GError       **error)
{
  return _hearth_home_login_finish (self, result, keyring_error, error);
}
