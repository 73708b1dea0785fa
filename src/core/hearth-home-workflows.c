/* hearth-home-workflows.c: what a face asks of HearthHome
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Applying changes, logging in, adding a host and forgetting (pairing
 * by a button: hearth-home-pair.c), each written once for every face: the app's dialogs and
 * hearthctl only ask, and never reach a link, a driver or the keyring.
 * Secrets go to the keyring only once the device accepted them.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "hearth-control.h"
#include "hearth-device.h"
#include "hearth-error.h"
#include "hearth-home-private.h"
#include "hearth-http.h"
#include "hearth-scene.h"
#include "hearth-secrets.h"

/* The keyring's answer is the last step of a workflow that succeeded:
 * its failure is told apart (the finish functions' @keyring_error), the
 * workflow's result stands. */
static void
on_secret_kept (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!hearth_secrets_store_finish (result, &error))
    {
      g_debug ("The keyring did not keep the secret: %s", error->message);
      g_object_set_data_full (G_OBJECT (task), "keyring-error",
                              g_steal_pointer (&error), (GDestroyNotify) g_error_free);
    }

  if (g_task_get_source_tag (task) == hearth_home_add_host_async)
    g_task_return_pointer (task, g_object_ref (g_object_get_data (G_OBJECT (task), "device")),
                           g_object_unref);
  else
    g_task_return_boolean (task, TRUE);
}

/* Keeps @secret for @device, then returns @task (taken) */
void
_hearth_home_keep_secret (GTask        *task,
                          HearthDevice *device,
                          const char   *secret)
{
  hearth_secrets_store_async (hearth_device_get_id (device), hearth_device_get_name (device),
                              secret, NULL, on_secret_kept, task);
}

void
_hearth_home_take_keyring_error (GAsyncResult  *result,
                                 GError       **keyring_error)
{
  GError *error = g_object_get_data (G_OBJECT (result), "keyring-error");

  if (error != NULL && keyring_error != NULL)
    *keyring_error = g_error_copy (error);
}

gboolean
_hearth_home_login_finish (HearthHome    *self,
                           GAsyncResult  *result,
                           GError       **keyring_error,
                           GError       **error)
{
  g_return_val_if_fail (HEARTH_IS_HOME (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  _hearth_home_take_keyring_error (result, keyring_error);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* The link reconnects with its new login (the push channel too) */
void
_hearth_home_reconnect (HearthLink *link)
{
  hearth_link_stop (link);
  hearth_link_start (link);
}

/* Applying */

typedef struct
{
  guint         running;
  gboolean      many;
  GError       *error;
  GPtrArray    *misses;     /* HearthSceneMiss, every failure */
  GPtrArray    *failed;     /* HearthDevice, each once, in the order they failed */
} ApplyData;

typedef struct
{
  GTask        *task;
  HearthDevice *device;
  HearthLink   *link;
  GPtrArray    *controls;   /* of this device, one after another */
  GPtrArray    *changes;    /* HearthChange, one for each of controls */
  guint         next;
} ApplyRun;

static void
apply_data_free (ApplyData *data)
{
  g_clear_error (&data->error);
  g_ptr_array_unref (data->misses);
  g_ptr_array_unref (data->failed);
  g_free (data);
}

static void
apply_run_free (ApplyRun *run)
{
  g_object_unref (run->task);
  g_object_unref (run->device);
  g_object_unref (run->link);
  g_ptr_array_unref (run->controls);
  g_ptr_array_unref (run->changes);
  g_free (run);
}

HearthDevice *
_hearth_home_find_device_of (HearthHome    *self,
                             HearthControl *control)
{
  for (guint i = 0; i < self->devices->len; i++)
    {
      HearthDevice *device = g_ptr_array_index (self->devices, i);
      GListModel *controls = hearth_device_get_controls (device);
      guint n = g_list_model_get_n_items (controls);

      for (guint j = 0; j < n; j++)
        {
          g_autoptr(HearthControl) item = g_list_model_get_item (controls, j);

          if (item == control)
            return device;
        }
    }
  return NULL;
}

static void
apply_done (GTask *task)
{
  ApplyData *data = g_task_get_task_data (task);

  if (--data->running > 0)
    return;
  if (g_task_get_source_tag (task) == _hearth_home_apply_each_async)
    g_task_return_pointer (task, g_ptr_array_ref (data->misses), (GDestroyNotify) g_ptr_array_unref);
  else if (data->error != NULL)
    g_task_return_error (task, g_steal_pointer (&data->error));
  else
    g_task_return_boolean (task, TRUE);
}

/* The first failure is the one told; with several controls it names
 * which. Every device that failed is kept (hearth_home_apply_dup_failed()). */
static void
apply_failed (ApplyData     *data,
              HearthDevice  *device,
              HearthControl *control,
              GError        *error)
{
  HearthSceneMiss *miss = g_new0 (HearthSceneMiss, 1);

  miss->device_id = g_strdup (hearth_device_get_id (device));
  miss->control_id = g_strdup (hearth_control_get_id (control));
  miss->device_name = g_strdup (hearth_device_get_name (device));
  miss->control_name = g_strdup (hearth_control_get_name (control));
  miss->message = g_strdup (error->message);
  g_ptr_array_add (data->misses, miss);

  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
      !g_ptr_array_find (data->failed, device, NULL))
    g_ptr_array_add (data->failed, g_object_ref (device));
  if (data->error != NULL)
    {
      g_error_free (error);
      return;
    }
  if (data->many && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* TRANSLATORS: a device's name, a control's name, then what went wrong */
      data->error = g_error_new (error->domain, error->code, _("%s (%s): %s"),
                                 hearth_device_get_name (device),
                                 hearth_control_get_name (control), error->message);
      g_error_free (error);
    }
  else
    data->error = error;
}

static void apply_next (ApplyRun *run);

static void
on_link_applied (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  ApplyRun *run = user_data;
  ApplyData *data = g_task_get_task_data (run->task);
  GError *error = NULL;

  if (!hearth_link_apply_finish (HEARTH_LINK (object), result, &error))
    apply_failed (data, run->device, g_ptr_array_index (run->controls, run->next - 1), error);
  apply_next (run);
}

static void
apply_next (ApplyRun *run)
{
  ApplyData *data = g_task_get_task_data (run->task);
  GCancellable *cancellable = g_task_get_cancellable (run->task);
  HearthControl *control;

  if (run->next >= run->controls->len || g_cancellable_is_cancelled (cancellable))
    {
      if (data->error == NULL && g_cancellable_is_cancelled (cancellable))
        data->error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "Cancelled");
      apply_done (run->task);
      apply_run_free (run);
      return;
    }

  control = g_ptr_array_index (run->controls, run->next);
  hearth_link_apply_async (run->link, hearth_control_get_id (control),
                           g_ptr_array_index (run->changes, run->next++),
                           cancellable, on_link_applied, run);
}

/* Applies @changes[i] to @controls[i], then returns @task (taken) */
static void
apply_start (HearthHome *self,
             GTask      *task,
             GPtrArray  *controls,
             GPtrArray  *changes)
{
  g_autoptr(GPtrArray) runs = g_ptr_array_new ();
  ApplyData *data;

  data = g_new0 (ApplyData, 1);
  data->many = controls->len > 1;
  data->misses = g_ptr_array_new_with_free_func ((GDestroyNotify) hearth_scene_miss_free);
  data->failed = g_ptr_array_new_with_free_func (g_object_unref);
  g_task_set_task_data (task, data, (GDestroyNotify) apply_data_free);

  /* Grouped by device: each device's link takes one change at a time */
  for (guint i = 0; i < controls->len; i++)
    {
      HearthControl *control = g_ptr_array_index (controls, i);
      HearthDevice *device = HEARTH_IS_CONTROL (control) ? _hearth_home_find_device_of (self, control) : NULL;
      HearthLink *link = device != NULL ? hearth_home_get_link (self, device) : NULL;
      ApplyRun *run = NULL;

      /* One control not connected does not keep the others from theirs */
      if (link == NULL)
        {
          GError *error = g_error_new (HEARTH_ERROR, HEARTH_ERROR_NOT_FOUND,
                                       /* TRANSLATORS: %s is a control's name */
                                       _("%s is not connected"),
                                       HEARTH_IS_CONTROL (control) ? hearth_control_get_name (control) : "?");

          if (device != NULL)
            apply_failed (data, device, control, error);
          else if (data->error == NULL)
            data->error = error;
          else
            g_error_free (error);
          continue;
        }

      for (guint j = 0; j < runs->len && run == NULL; j++)
        {
          if (((ApplyRun *) g_ptr_array_index (runs, j))->device == device)
            run = g_ptr_array_index (runs, j);
        }
      if (run == NULL)
        {
          run = g_new0 (ApplyRun, 1);
          run->task = g_object_ref (task);
          run->device = g_object_ref (device);
          run->link = g_object_ref (link);
          run->controls = g_ptr_array_new_with_free_func (g_object_unref);
          run->changes = g_ptr_array_new_with_free_func ((GDestroyNotify) hearth_change_free);
          g_ptr_array_add (runs, run);
        }
      g_ptr_array_add (run->controls, g_object_ref (control));
      g_ptr_array_add (run->changes, hearth_change_copy (g_ptr_array_index (changes, i)));
    }

  if (runs->len == 0)
    {
      data->running = 1;
      apply_done (task);
      g_object_unref (task);
      return;
    }

  data->running = runs->len;
  for (guint i = 0; i < runs->len; i++)
    apply_next (g_ptr_array_index (runs, i));
  g_object_unref (task);
}

void
hearth_home_apply_async (HearthHome          *self,
                         GPtrArray           *controls,
                         const HearthChange  *change,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  GTask *task;
  g_autoptr(GPtrArray) changes = g_ptr_array_new ();

  g_return_if_fail (HEARTH_IS_HOME (self));
  g_return_if_fail (controls != NULL);
  g_return_if_fail (change != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hearth_home_apply_async);
  for (guint i = 0; i < controls->len; i++)
    g_ptr_array_add (changes, (gpointer) change);
  apply_start (self, task, controls, changes);
}

/* As hearth_home_apply_async(), each control with its own change: every
 * control is tried, and every failure told (_finish) */
void
_hearth_home_apply_each_async (HearthHome          *self,
                               GPtrArray           *controls,
                               GPtrArray           *changes,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (HEARTH_IS_HOME (self));
  g_return_if_fail (controls != NULL && changes != NULL && controls->len == changes->len);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, _hearth_home_apply_each_async);
  apply_start (self, task, controls, changes);
}

/* The controls that failed (HearthSceneMiss), none when all took their
 * change; NULL when a control has no connected device, or cancelled */
GPtrArray *
_hearth_home_apply_each_finish (HearthHome    *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (HEARTH_IS_HOME (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

gboolean
hearth_home_apply_finish (HearthHome    *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (HEARTH_IS_HOME (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

GPtrArray *
hearth_home_apply_dup_failed (HearthHome   *self,
                              GAsyncResult *result)
{
  ApplyData *data;

  g_return_val_if_fail (HEARTH_IS_HOME (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == hearth_home_apply_async, NULL);

  data = g_task_get_task_data (G_TASK (result));
  return g_ptr_array_copy (data->failed, (GCopyFunc) (GCallback) g_object_ref, NULL);
}

/* Logging in */

/* A login on its way, for logging in to a device or adding a host: kept
 * (keep_login()) once the device took it */
typedef struct
{
  HearthDevice *device;     /* logging in */
  HearthLink   *link;       /* logging in */
  HearthHost   *host;       /* adding a host */
  char         *username;   /* as given: NULL is the family's usual one */
  char         *password;   /* NULL: adding a host without a login */
} LoginData;

static void
login_data_free (LoginData *data)
{
  g_clear_object (&data->device);
  g_clear_object (&data->link);
  g_clear_pointer (&data->host, hearth_host_unref);
  g_free (data->username);
  hearth_secret_free (data->password);
  g_free (data);
}

/* The device took the login: the user name into the store (none: the
 * family's usual one), the password into the keyring for the device's
 * id; then @task (taken) returns */
static void
keep_login (HearthHome   *self,
            GTask        *task,
            HearthDevice *device)
{
  LoginData *data = g_task_get_task_data (task);

  if (self->store != NULL)
    hearth_store_set_login_user (self->store, hearth_device_get_id (device), data->username);
  _hearth_home_keep_secret (task, device, data->password);
}

static void
on_login_checked (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *task = user_data;
  HearthHome *self = g_task_get_source_object (task);
  LoginData *data = g_task_get_task_data (task);
  GError *error = NULL;

  if (!hearth_link_refresh_finish (HEARTH_LINK (object), result, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  /* Right: reconnect with it, then keep it */
  _hearth_home_reconnect (data->link);
  keep_login (self, task, data->device);
}

void
hearth_home_log_in_async (HearthHome          *self,
                          HearthDevice        *device,
                          const char          *username,
                          const char          *password,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  GTask *task;
  LoginData *data;
  HearthLink *link;
  HearthDriver *driver;

  g_return_if_fail (HEARTH_IS_HOME (self));
  g_return_if_fail (HEARTH_IS_DEVICE (device));
  g_return_if_fail (password != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hearth_home_log_in_async);

  link = hearth_home_get_link (self, device);
  if (link == NULL)
    {
      g_task_return_new_error (task, HEARTH_ERROR, HEARTH_ERROR_NOT_FOUND,
                               _("%s is not connected"), hearth_device_get_name (device));
      g_object_unref (task);
      return;
    }

  data = g_new0 (LoginData, 1);
  data->device = g_object_ref (device);
  data->link = g_object_ref (link);
  data->username = g_strdup (username);
  data->password = g_strdup (password);
  g_task_set_task_data (task, data, (GDestroyNotify) login_data_free);

  /* Checked with the device before anything is kept */
  driver = hearth_link_get_driver (link);
  hearth_link_set_credentials (link,
                               username != NULL || driver == NULL
                                 ? username : hearth_driver_get_default_username (driver),
                               password);
  hearth_link_refresh_async (link, cancellable, on_login_checked, task);
}

gboolean
hearth_home_log_in_finish (HearthHome    *self,
                           GAsyncResult  *result,
                           GError       **keyring_error,
                           GError       **error)
{
  return _hearth_home_login_finish (self, result, keyring_error, error);
}

/* Adding a host, and keeping it */

static void
on_host_added (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GTask *task = user_data;
  HearthHome *self = HEARTH_HOME (object);
  LoginData *data = g_task_get_task_data (task);
  g_autoptr(HearthDevice) device = NULL;
  GError *error = NULL;
  guint16 port;

  device = hearth_home_add_address_finish (self, result, &error);
  if (device == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  /* Probed again on later starts, at the port it answered at */
  port = hearth_host_get_port (data->host);
  if (self->store != NULL)
    hearth_store_add_host (self->store, hearth_host_get_host (data->host),
                           port != 0 ? port : hearth_device_get_port (device));

  if (data->password == NULL)
    {
      g_task_return_pointer (task, g_steal_pointer (&device), g_object_unref);
      g_object_unref (task);
      return;
    }

  /* It took the login */
  g_object_set_data_full (G_OBJECT (task), "device", g_object_ref (device), g_object_unref);
  keep_login (self, task, device);
}

void
hearth_home_add_host_async (HearthHome          *self,
                            const HearthHost    *host,
                            const char          *username,
                            const char          *password,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GTask *task;
  LoginData *data;

  g_return_if_fail (HEARTH_IS_HOME (self));
  g_return_if_fail (host != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hearth_home_add_host_async);
  data = g_new0 (LoginData, 1);
  data->host = hearth_host_ref ((HearthHost *) host);
  data->username = g_strdup (username);
  data->password = g_strdup (password);
  g_task_set_task_data (task, data, (GDestroyNotify) login_data_free);

  if (password != NULL)
    hearth_home_add_address_with_login_async (self, hearth_host_get_host (host), hearth_host_get_port (host),
                                              username, password, cancellable, on_host_added, task);
  else
    hearth_home_add_address_async (self, hearth_host_get_host (host), hearth_host_get_port (host),
                                   cancellable, on_host_added, task);
}

HearthDevice *
hearth_home_add_host_finish (HearthHome    *self,
                             GAsyncResult  *result,
                             GError       **keyring_error,
                             GError       **error)
{
  g_return_val_if_fail (HEARTH_IS_HOME (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  _hearth_home_take_keyring_error (result, keyring_error);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Hosts added by hand */

GPtrArray *
hearth_home_dup_hosts (HearthHome *self)
{
  GPtrArray *hosts;
  const char * const *entries;

  g_return_val_if_fail (HEARTH_IS_HOME (self), NULL);

  hosts = g_ptr_array_new_with_free_func ((GDestroyNotify) hearth_host_unref);
  entries = self->store != NULL ? hearth_store_get_hosts (self->store) : NULL;
  for (guint i = 0; entries != NULL && entries[i] != NULL; i++)
    {
      g_autofree char *host = NULL;
      guint16 port = 0;

      if (hearth_store_split_host (entries[i], &host, &port))
        g_ptr_array_add (hosts, hearth_host_new (host, port));
    }
  return hosts;
}

HearthDevice *
hearth_home_lookup_host (HearthHome       *self,
                         const HearthHost *host)
{
  GPtrArray *there;

  g_return_val_if_fail (HEARTH_IS_HOME (self), NULL);
  g_return_val_if_fail (host != NULL, NULL);

  /* Among the devices at its host, on any port */
  there = _hearth_home_index_at (self, hearth_host_get_host (host), 0);
  for (guint i = 0; there != NULL && i < there->len; i++)
    {
      HearthDevice *device = g_ptr_array_index (there, i);

      if (hearth_host_matches (host, hearth_device_get_host (device), hearth_device_get_port (device)))
        return device;
    }
  return NULL;
}

void
hearth_home_forget_host (HearthHome       *self,
                         const HearthHost *host)
{
  HearthDevice *device;

  g_return_if_fail (HEARTH_IS_HOME (self));
  g_return_if_fail (host != NULL);

  /* A device found there goes with its host; else only the host */
  device = hearth_home_lookup_host (self, host);
  if (device != NULL)
    hearth_home_forget_device (self, device);
  if (self->store != NULL)
    hearth_store_remove_host (self->store, hearth_host_get_host (host), hearth_host_get_port (host));
}

/* Forgetting by id, waiting for the keyring */

static void
on_forget_secret_cleared (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  GTask *task = user_data;
  GError *error = NULL;

  if (!hearth_secrets_clear_finish (result, &error))
    g_task_return_error (task, error);
  else
    {
      g_object_set_data (G_OBJECT (task), "secret-forgotten", GINT_TO_POINTER (TRUE));
      g_task_return_boolean (task, TRUE);
    }
  g_object_unref (task);
}

static void
on_forget_secret_found (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  GTask *task = user_data;
  const char *id = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  char *secret;

  secret = hearth_secrets_lookup_finish (result, &error);
  if (secret == NULL)
    {
      /* None kept; or no keyring to ask (no session bus, say): nothing can
       * be kept there for the device either */
      if (error != NULL)
        g_debug ("No keyring to forget %s's secret in: %s", id, error->message);
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }

  hearth_secret_free (secret);
  hearth_secrets_clear_async (id, g_task_get_cancellable (task), on_forget_secret_cleared, task);
}

void
hearth_home_forget_async (HearthHome          *self,
                          const char          *device_id,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  GTask *task;
  HearthDevice *device;

  g_return_if_fail (HEARTH_IS_HOME (self));
  g_return_if_fail (device_id != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hearth_home_forget_async);
  g_task_set_task_data (task, g_strdup (device_id), g_free);

  device = _hearth_home_find_by_id (self, device_id);
  if (device != NULL)
    _hearth_home_forget_in_store (self, device);
  else if (self->store != NULL)
    hearth_store_forget_device (self->store, device_id);

  hearth_secrets_lookup_async (device_id, cancellable, on_forget_secret_found, task);
}

gboolean
hearth_home_forget_finish (HearthHome    *self,
                           GAsyncResult  *result,
                           gboolean      *secret_forgotten,
                           GError       **error)
{
  g_return_val_if_fail (HEARTH_IS_HOME (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (secret_forgotten != NULL)
    *secret_forgotten = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (result), "secret-forgotten"));
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* What a face shows or decides about a device */

const char *
hearth_home_get_wrong_device_reason (HearthHome   *self,
                                     HearthDevice *device)
{
  HearthLink *link = hearth_home_get_link (self, device);

  return link != NULL ? hearth_link_get_wrong_device_reason (link) : NULL;
}

gboolean
hearth_home_has_login (HearthHome   *self,
                       HearthDevice *device)
{
  HearthLink *link = hearth_home_get_link (self, device);

  return link != NULL &&
         (hearth_link_get_username (link) != NULL || hearth_link_get_password (link) != NULL);
}

void
hearth_home_set_username (HearthHome   *self,
                          HearthDevice *device,
                          const char   *username)
{
  HearthLink *link = hearth_home_get_link (self, device);

  if (link != NULL)
    hearth_link_set_username (link, username);
}

guint
hearth_home_get_poll_interval (HearthHome   *self,
                               HearthDevice *device)
{
  HearthLink *link = hearth_home_get_link (self, device);

  return link != NULL ? hearth_link_get_poll_interval (link) : 0;
}

gboolean
hearth_home_can_pair (HearthHome   *self,
                      HearthDevice *device)
{
  HearthDriver *driver = hearth_home_get_driver (self, device);

  return driver != NULL && hearth_driver_can_pair (driver);
}

const char *
hearth_home_get_default_username (HearthHome   *self,
                                  HearthDevice *device)
{
  HearthDriver *driver = hearth_home_get_driver (self, device);

  return driver != NULL ? hearth_driver_get_default_username (driver) : NULL;
}

gboolean
hearth_home_family_logs_in (HearthHome *self,
                            const char *family)
{
  HearthDriver *driver;

  g_return_val_if_fail (HEARTH_IS_HOME (self), FALSE);
  g_return_val_if_fail (family != NULL, FALSE);

  driver = hearth_home_get_driver_for_family (self, family);
  return driver != NULL && hearth_driver_can_identify_with_login (driver);
}

void
hearth_home_raise_file_limit (void)
{
  hearth_http_raise_file_limit ();
}
