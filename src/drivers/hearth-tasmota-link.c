/* hearth-tasmota-link.c: polling a Tasmota device, and commanding it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Tasmota has no HTTP push: the base class polls by calling refresh. The
 * first refresh (and every HEARTH_TASMOTA_FULL_EVERY-th) reads `Status 0`;
 * the others `Status 11` (relays, light) and, when the device has sensors
 * or shutters, `Status 10` after it: one request at a time, never two at
 * once. A change is one command, or a Backlog of several; its answer
 * updates the model where it carries state, and a Backlog (whose answer
 * may carry none) is followed by `Status 11`.
 *
 * The web password travels as user=…&password=… in the query (the only
 * way the command API takes it). The path holding it is built right
 * before the request and never logged; errors name the device's address
 * only. A 200 answer with the login WARNING is a login failure.
 */
#include "config.h"

#include <string.h>

#include "hearth-change.h"
#include "hearth-control.h"
#include "hearth-device.h"
#include "hearth-error.h"
#include "hearth-http-queue.h"
#include "hearth-link-task.h"

#include "hearth-tasmota-link.h"
#include "hearth-tasmota-parse.h"

struct _HearthTasmotaLink
{
  HearthLink parent_instance;

  gboolean   full_known;
  guint      polls;
  /* The address of the last full read: a new one is read in full first,
   * and must still be the same device */
  char      *read_host;
  guint16    read_port;
  /* While a shutter moves the link polls faster; the period to go back to */
  guint      idle_interval;
};

G_DEFINE_FINAL_TYPE (HearthTasmotaLink, hearth_tasmota_link, HEARTH_TYPE_LINK)

/* One command, its answer checked for the login WARNING and errors */

static void
on_command_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = G_TASK (user_data);
  gboolean sent_password = GPOINTER_TO_INT (g_task_get_task_data (task));
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;

  root = hearth_http_queue_send_json_finish (HEARTH_HTTP_QUEUE (source), result, &error);
  if (root == NULL || !hearth_tasmota_check_answer (root, sent_password, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  hearth_link_seen (HEARTH_LINK (g_task_get_source_object (task)));
  g_task_return_pointer (task, g_steal_pointer (&root), (GDestroyNotify) json_node_unref);
}

static void
command_async (HearthTasmotaLink   *self,
               const char          *command,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  HearthLink *link = HEARTH_LINK (self);
  const char *password = hearth_link_get_password (link);
  g_autofree char *path = NULL;
  GTask *task;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, command_async);
  g_task_set_task_data (task, GINT_TO_POINTER (password != NULL), NULL);

  /* Holds the password: not to be logged */
  path = hearth_tasmota_build_path (command, hearth_link_get_username (link), password);
  /* The credentials go in the query; they answer no 401 challenge */
  hearth_http_queue_send_async (hearth_link_get_queue (link), "GET", path, NULL,
                                NULL, NULL, cancellable, on_command_cb, task);
  if (path != NULL)
    memset (path, 0, strlen (path));
}

static JsonNode *
command_finish (HearthTasmotaLink  *self,
                GAsyncResult       *result,
                GError            **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* While a shutter travels, poll every HEARTH_TASMOTA_MOVING_POLL_MS so
 * that its position and its stop show soon; then go back. */
static void
update_poll_pace (HearthTasmotaLink *self)
{
  HearthLink *link = HEARTH_LINK (self);
  GListModel *controls = hearth_device_get_controls (hearth_link_get_device (link));
  gboolean moving = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controls) && !moving; i++)
    {
      g_autoptr(HearthControl) control = g_list_model_get_item (controls, i);
      HearthCoverState state;

      if (hearth_control_get_kind (control) != HEARTH_CONTROL_KIND_COVER)
        continue;
      state = hearth_control_get_cover_state (control);
      moving = state == HEARTH_COVER_STATE_OPENING || state == HEARTH_COVER_STATE_CLOSING;
    }

  if (moving && self->idle_interval == 0)
    {
      self->idle_interval = hearth_link_get_poll_interval (link);
      if (self->idle_interval > HEARTH_TASMOTA_MOVING_POLL_MS)
        hearth_link_set_poll_interval (link, HEARTH_TASMOTA_MOVING_POLL_MS);
    }
  else if (!moving && self->idle_interval != 0)
    {
      if (hearth_link_get_poll_interval (link) == HEARTH_TASMOTA_MOVING_POLL_MS)
        hearth_link_set_poll_interval (link, self->idle_interval);
      self->idle_interval = 0;
    }
}

/* Refresh */

static gboolean
has_sns_controls (HearthDevice *device)
{
  GListModel *controls = hearth_device_get_controls (device);

  for (guint i = 0; i < g_list_model_get_n_items (controls); i++)
    {
      g_autoptr(HearthControl) control = g_list_model_get_item (controls, i);
      guint index;

      if (strchr (hearth_control_get_id (control), '/') != NULL ||
          hearth_tasmota_parse_shutter_id (hearth_control_get_id (control), &index))
        return TRUE;
    }

  return FALSE;
}

/* What a status read asks next: the task data of on_status_cb() */
typedef enum
{
  READ_STATE,              /* Status 11 only */
  READ_STATE_AND_SENSORS,  /* Status 11, then Status 10 when there are sensors */
  READ_SENSORS,            /* Status 10, the last */
} StatusRead;

static void
on_status_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = G_TASK (user_data);
  HearthTasmotaLink *self = HEARTH_TASMOTA_LINK (source);
  HearthDevice *device = hearth_link_get_device (HEARTH_LINK (self));
  StatusRead read = GPOINTER_TO_INT (g_task_get_task_data (task));
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = command_finish (self, result, &error);

  if (root == NULL || !hearth_tasmota_parse_status (root, device, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* Sensors and shutters only when there are any; one request at a time */
  if (read == READ_STATE_AND_SENSORS && has_sns_controls (device))
    {
      GCancellable *cancellable = g_task_get_cancellable (task);

      g_task_set_task_data (task, GINT_TO_POINTER (READ_SENSORS), NULL);
      command_async (self, "Status 10", cancellable, on_status_cb, g_steal_pointer (&task));
      return;
    }

  if (read == READ_SENSORS)
    update_poll_pace (self);
  g_task_return_boolean (task, TRUE);
}

static void
on_status0_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = G_TASK (user_data);
  HearthTasmotaLink *self = HEARTH_TASMOTA_LINK (source);
  HearthDevice *device = hearth_link_get_device (HEARTH_LINK (self));
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = command_finish (self, result, &error);
  g_autoptr(HearthDevice) identity = NULL;

  if (root == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  identity = hearth_tasmota_parse_identity (root, &error);
  if (identity == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (g_strcmp0 (hearth_device_get_id (identity), hearth_device_get_id (device)) != 0)
    {
      g_task_return_new_error (task, HEARTH_ERROR, HEARTH_ERROR_FAILED,
                               "Another Tasmota device (%s) now answers at %s:%u",
                               hearth_device_get_id (identity),
                               hearth_device_get_host (device),
                               hearth_device_get_port (device));
      return;
    }

  if (g_strcmp0 (hearth_device_get_name (identity), hearth_device_get_name (device)) != 0)
    hearth_device_set_name (device, hearth_device_get_name (identity));
  if (g_strcmp0 (hearth_device_get_firmware (identity), hearth_device_get_firmware (device)) != 0)
    hearth_device_set_firmware (device, hearth_device_get_firmware (identity));

  if (!hearth_tasmota_parse_status (root, device, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  self->full_known = TRUE;
  g_free (self->read_host);
  self->read_host = g_strdup (hearth_device_get_host (device));
  self->read_port = hearth_device_get_port (device);
  update_poll_pace (self);
  g_task_return_boolean (task, TRUE);
}

static void
hearth_tasmota_link_refresh_async (HearthLink          *link,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  HearthTasmotaLink *self = HEARTH_TASMOTA_LINK (link);
  HearthDevice *device = hearth_link_get_device (link);
  g_autoptr(GTask) task = NULL;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hearth_tasmota_link_refresh_async);

  if (g_strcmp0 (self->read_host, hearth_device_get_host (device)) != 0 ||
      self->read_port != hearth_device_get_port (device))
    self->full_known = FALSE;

  if (!self->full_known || ++self->polls % HEARTH_TASMOTA_FULL_EVERY == 0)
    {
      command_async (self, "Status 0", cancellable, on_status0_cb, g_steal_pointer (&task));
      return;
    }

  g_task_set_task_data (task, GINT_TO_POINTER (READ_STATE_AND_SENSORS), NULL);
  command_async (self, "Status 11", cancellable, on_status_cb, g_steal_pointer (&task));
}

/* Changes */

static void
on_send_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = G_TASK (user_data);
  HearthTasmotaLink *self = HEARTH_TASMOTA_LINK (source);
  gboolean backlog = GPOINTER_TO_INT (g_task_get_task_data (task));
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = command_finish (self, result, &error);
  gboolean has_state = FALSE;

  if (root == NULL ||
      !hearth_tasmota_parse_result (root, hearth_link_get_device (HEARTH_LINK (self)),
                                    &has_state, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (backlog || !has_state)
    {
      /* Read back what the device now has (Status 11 only) */
      GCancellable *cancellable = g_task_get_cancellable (task);

      g_task_set_task_data (task, GINT_TO_POINTER (READ_STATE), NULL);
      command_async (self, "Status 11", cancellable, on_status_cb, g_steal_pointer (&task));
      return;
    }

  update_poll_pace (self);
  g_task_return_boolean (task, TRUE);
}

static void
hearth_tasmota_link_send_async (HearthLink          *link,
                                HearthControl       *control,
                                const HearthChange  *change,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  HearthTasmotaLink *self = HEARTH_TASMOTA_LINK (link);
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *command = NULL;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hearth_tasmota_link_send_async);

  command = hearth_tasmota_build_command (control, change, &error);
  if (command == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_set_task_data (task, GINT_TO_POINTER (g_str_has_prefix (command, "Backlog ")), NULL);
  command_async (self, command, cancellable, on_send_cb, g_steal_pointer (&task));
}

static void
hearth_tasmota_link_finalize (GObject *object)
{
  HearthTasmotaLink *self = HEARTH_TASMOTA_LINK (object);

  g_clear_pointer (&self->read_host, g_free);

  G_OBJECT_CLASS (hearth_tasmota_link_parent_class)->finalize (object);
}

static void
hearth_tasmota_link_constructed (GObject *object)
{
  G_OBJECT_CLASS (hearth_tasmota_link_parent_class)->constructed (object);

  hearth_link_set_poll_interval (HEARTH_LINK (object), HEARTH_TASMOTA_POLL_INTERVAL_MS);
}

static void
hearth_tasmota_link_class_init (HearthTasmotaLinkClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  HearthLinkClass *link_class = HEARTH_LINK_CLASS (klass);

  object_class->constructed = hearth_tasmota_link_constructed;
  object_class->finalize = hearth_tasmota_link_finalize;

  /* No push: open_push stays NULL and the base class polls. */
  link_class->refresh_async = hearth_tasmota_link_refresh_async;
  link_class->refresh_finish = hearth_link_task_finish;
  link_class->send_async = hearth_tasmota_link_send_async;
  link_class->send_finish = hearth_link_task_finish;
}

static void
hearth_tasmota_link_init (HearthTasmotaLink *self)
{
}

HearthLink *
hearth_tasmota_link_new (HearthDevice *device,
                         HearthHttp   *http)
{
  return g_object_new (HEARTH_TYPE_TASMOTA_LINK,
                       "device", device,
                       "http", http,
                       NULL);
}
