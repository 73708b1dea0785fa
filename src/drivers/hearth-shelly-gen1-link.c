/* hearth-shelly-gen1-link.c: polling a first-generation Shelly, and changing it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Gen1 Shellies push only over CoIoT (CoAP over UDP multicast), which this
 * link does not join: the base class polls by calling refresh. A refresh
 * is GET /status, preceded by GET /settings on the first one and then
 * every HEARTH_SHELLY_GEN1_SETTINGS_EVERY polls (names, RGBW2 mode) — one
 * request at a time, on the device's queue. A change is one GET on the
 * channel with a query string ("/relay/0?turn=on"); the device answers
 * with that channel's status, which becomes the model's.
 *
 * A device with a login wants HTTP Basic on everything but /shelly: the
 * queue answers the 401 with the stored password (user "admin" unless
 * another was given), or fails with HEARTH_ERROR_NEEDS_PASSWORD /
 * HEARTH_ERROR_BAD_PASSWORD, which the base class turns into the device's
 * state.
 */
#include "config.h"

#include "hearth-change.h"
#include "hearth-control.h"
#include "hearth-device.h"
#include "hearth-error.h"
#include "hearth-http-queue.h"
#include "hearth-link-task.h"

#include "hearth-shelly-gen1-link.h"
#include "hearth-shelly-gen1-info.h"
#include "hearth-shelly-gen1-parse.h"

struct _HearthShellyGen1Link
{
  HearthLink  parent_instance;

  JsonNode   *settings;
  guint       polls_since_settings;
};

G_DEFINE_FINAL_TYPE (HearthShellyGen1Link, hearth_shelly_gen1_link, HEARTH_TYPE_LINK)

static const char *
get_username (HearthShellyGen1Link *self)
{
  const char *username = hearth_link_get_username (HEARTH_LINK (self));

  return username != NULL && *username != '\0' ? username : HEARTH_SHELLY_GEN1_DEFAULT_USERNAME;
}

static void
send_get (HearthShellyGen1Link *self,
          const char           *path_and_query,
          GCancellable         *cancellable,
          GAsyncReadyCallback   callback,
          gpointer              user_data)
{
  const char *password = hearth_link_get_password (HEARTH_LINK (self));

  hearth_http_queue_send_async (hearth_link_get_queue (HEARTH_LINK (self)),
                                "GET", path_and_query, NULL,
                                password != NULL ? get_username (self) : NULL,
                                password,
                                cancellable, callback, user_data);
}

static void on_read_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data);

static void
read_status (GTask *task)
{
  HearthShellyGen1Link *self = g_task_get_source_object (task);

  self->polls_since_settings++;
  g_task_set_task_data (task, GINT_TO_POINTER (FALSE), NULL);
  send_get (self, "/status", g_task_get_cancellable (task), on_read_cb, task);
}

/* A refresh's answer: the settings (the status next; the task data says
 * which was asked) or the status */
static void
on_read_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = G_TASK (user_data);
  HearthShellyGen1Link *self = g_task_get_source_object (task);
  HearthDevice *device = hearth_link_get_device (HEARTH_LINK (self));
  gboolean settings = GPOINTER_TO_INT (g_task_get_task_data (task));
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  gboolean ok = FALSE;

  root = hearth_http_queue_send_json_finish (HEARTH_HTTP_QUEUE (source), result, &error);
  if (root != NULL && settings)
    ok = hearth_shelly_gen1_parse_settings (root, device, &error);
  else if (root != NULL)
    ok = hearth_shelly_gen1_parse_status (root, self->settings, device, &error);
  if (!ok)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!settings)
    {
      hearth_link_seen (HEARTH_LINK (self));
      g_task_return_boolean (task, TRUE);
      return;
    }

  g_clear_pointer (&self->settings, json_node_unref);
  self->settings = g_steal_pointer (&root);
  self->polls_since_settings = 0;

  read_status (g_steal_pointer (&task));
}

static void
hearth_shelly_gen1_link_refresh_async (HearthLink          *link,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  HearthShellyGen1Link *self = HEARTH_SHELLY_GEN1_LINK (link);
  g_autoptr(GTask) task = NULL;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hearth_shelly_gen1_link_refresh_async);

  if (self->settings != NULL &&
      self->polls_since_settings < HEARTH_SHELLY_GEN1_SETTINGS_EVERY)
    {
      read_status (g_steal_pointer (&task));
      return;
    }

  g_task_set_task_data (task, GINT_TO_POINTER (TRUE), NULL);
  send_get (self, "/settings", cancellable, on_read_cb, g_steal_pointer (&task));
}

static void
on_channel_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = G_TASK (user_data);
  HearthShellyGen1Link *self = g_task_get_source_object (task);
  HearthControl *control = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;

  root = hearth_http_queue_send_json_finish (HEARTH_HTTP_QUEUE (source), result, &error);
  if (root == NULL || !hearth_shelly_gen1_parse_channel (root, control, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  hearth_link_seen (HEARTH_LINK (self));
  g_task_return_boolean (task, TRUE);
}

static void
hearth_shelly_gen1_link_send_async (HearthLink          *link,
                                    HearthControl       *control,
                                    const HearthChange  *change,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  HearthShellyGen1Link *self = HEARTH_SHELLY_GEN1_LINK (link);
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *request = NULL;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hearth_shelly_gen1_link_send_async);
  g_task_set_task_data (task, g_object_ref (control), g_object_unref);

  request = hearth_shelly_gen1_build_request (control, change, &error);
  if (request == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  send_get (self, request, cancellable, on_channel_cb, g_steal_pointer (&task));
}

static void
hearth_shelly_gen1_link_constructed (GObject *object)
{
  G_OBJECT_CLASS (hearth_shelly_gen1_link_parent_class)->constructed (object);

  hearth_link_set_poll_interval (HEARTH_LINK (object), HEARTH_SHELLY_GEN1_POLL_INTERVAL_MS);
}

static void
hearth_shelly_gen1_link_finalize (GObject *object)
{
  HearthShellyGen1Link *self = HEARTH_SHELLY_GEN1_LINK (object);

  g_clear_pointer (&self->settings, json_node_unref);

  G_OBJECT_CLASS (hearth_shelly_gen1_link_parent_class)->finalize (object);
}

static void
hearth_shelly_gen1_link_class_init (HearthShellyGen1LinkClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  HearthLinkClass *link_class = HEARTH_LINK_CLASS (klass);

  object_class->constructed = hearth_shelly_gen1_link_constructed;
  object_class->finalize = hearth_shelly_gen1_link_finalize;

  /* No push: open_push stays NULL and the base class polls. */
  link_class->refresh_async = hearth_shelly_gen1_link_refresh_async;
  link_class->refresh_finish = hearth_link_task_finish;
  link_class->send_async = hearth_shelly_gen1_link_send_async;
  link_class->send_finish = hearth_link_task_finish;
}

static void
hearth_shelly_gen1_link_init (HearthShellyGen1Link *self)
{
}

HearthLink *
hearth_shelly_gen1_link_new (HearthDevice *device,
                             HearthHttp   *http)
{
  return g_object_new (HEARTH_TYPE_SHELLY_GEN1_LINK,
                       "device", device,
                       "http", http,
                       NULL);
}
