/* hearth-secrets.c: passwords and tokens in the keyring (libsecret; the
 * Secret portal inside the Flatpak)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>

#include "hearth-secrets.h"

static const SecretSchema *
get_schema (void)
{
  static const SecretSchema schema = {
    "io.github.hearthapp.Hearth.Device",
    SECRET_SCHEMA_DONT_MATCH_NAME,
    {
      { "device-id", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
    0, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  };

  return &schema;
}

/* The task one keyring call ends */
static GTask *
task_new (GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data,
          gpointer             source_tag)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  return task;
}

static void
on_lookup (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  char *secret;

  secret = secret_password_lookup_finish (result, &error);
  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, secret, (GDestroyNotify) secret_password_free);
}

void
hearth_secrets_lookup_async (const char          *device_id,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (device_id != NULL && *device_id != '\0');

  secret_password_lookup (get_schema (), cancellable, on_lookup,
                          task_new (cancellable, callback, user_data, hearth_secrets_lookup_async),
                          "device-id", device_id,
                          NULL);
}

char *
hearth_secrets_lookup_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_autofree char *secret = NULL;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  /* Hand out a plain string: callers free it with g_free. */
  secret = g_task_propagate_pointer (G_TASK (result), error);
  if (secret == NULL)
    return NULL;
  return g_strdup (secret);
}

static void
on_stored (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!secret_password_store_finish (result, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

void
hearth_secrets_store_async (const char          *device_id,
                            const char          *device_name,
                            const char          *secret,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autofree char *label = NULL;

  g_return_if_fail (device_id != NULL && *device_id != '\0');
  g_return_if_fail (secret != NULL);

  /* Translators: the label of a password in the keyring */
  label = g_strdup_printf (_("Hearth: %s"), device_name != NULL ? device_name : device_id);
  secret_password_store (get_schema (), SECRET_COLLECTION_DEFAULT, label, secret, cancellable,
                         on_stored, task_new (cancellable, callback, user_data,
                                              hearth_secrets_store_async),
                         "device-id", device_id,
                         NULL);
}

gboolean
hearth_secrets_store_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
on_cleared (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  secret_password_clear_finish (result, &error);
  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

void
hearth_secrets_clear_async (const char          *device_id,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (device_id != NULL && *device_id != '\0');

  secret_password_clear (get_schema (), cancellable, on_cleared,
                         task_new (cancellable, callback, user_data, hearth_secrets_clear_async),
                         "device-id", device_id,
                         NULL);
}

gboolean
hearth_secrets_clear_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
