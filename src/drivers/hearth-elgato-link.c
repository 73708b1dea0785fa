/* hearth-elgato-link.c: polling an Elgato light, and changing it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Elgato lights have no push channel: the base class polls by calling
 * refresh. A refresh reads /elgato/lights/settings once (powerOnHue there
 * means the light takes hue/saturation: the Light Strip), then
 * /elgato/lights. A change is one PUT /elgato/lights with the
 * numberOfLights + lights[] wrapper and only the changed keys; the light
 * answers with its whole new lights state, which becomes the model's.
 */
#include "config.h"

#include "hearth-change.h"
#include "hearth-control.h"
#include "hearth-device.h"
#include "hearth-error.h"
#include "hearth-http-queue.h"
#include "hearth-link-task.h"

#include "hearth-elgato-link.h"
#include "hearth-elgato-parse.h"

struct _HearthElgatoLink
{
  HearthLink parent_instance;

  gboolean   settings_known;
  gboolean   color_capable;
};

G_DEFINE_FINAL_TYPE (HearthElgatoLink, hearth_elgato_link, HEARTH_TYPE_LINK)

static gboolean
apply_lights (HearthElgatoLink  *self,
              JsonNode          *root,
              GError           **error)
{
  HearthDevice *device = hearth_link_get_device (HEARTH_LINK (self));

  if (!hearth_elgato_parse_lights (root, device, &self->color_capable, error))
    return FALSE;

  hearth_link_seen (HEARTH_LINK (self));
  return TRUE;
}

static void on_answer_cb (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data);

/* One request of the link's for @task (taken): the answer goes to
 * on_answer_cb() */
static void
request (GTask      *task,
         const char *method,
         const char *path,
         JsonNode   *body)
{
  HearthElgatoLink *self = g_task_get_source_object (task);

  hearth_http_queue_send_async (hearth_link_get_queue (HEARTH_LINK (self)),
                                method, path, body, NULL, NULL,
                                g_task_get_cancellable (task), on_answer_cb, task);
}

/* The answer to the settings (the lights next; the task data says the
 * settings were asked) or to a read or change of the lights */
static void
on_answer_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = G_TASK (user_data);
  HearthElgatoLink *self = g_task_get_source_object (task);
  gboolean settings = GPOINTER_TO_INT (g_task_get_task_data (task));
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  gboolean color_capable = FALSE;
  gboolean ok = FALSE;

  root = hearth_http_queue_send_json_finish (HEARTH_HTTP_QUEUE (source), result, &error);
  if (root != NULL && settings)
    ok = hearth_elgato_parse_settings (root, &color_capable, &error);
  else if (root != NULL)
    ok = apply_lights (self, root, &error);
  if (!ok)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!settings)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  self->settings_known = TRUE;
  self->color_capable |= color_capable;

  g_task_set_task_data (task, GINT_TO_POINTER (FALSE), NULL);
  request (g_steal_pointer (&task), "GET", "/elgato/lights", NULL);
}

static void
hearth_elgato_link_refresh_async (HearthLink          *link,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  HearthElgatoLink *self = HEARTH_ELGATO_LINK (link);
  g_autoptr(GTask) task = NULL;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hearth_elgato_link_refresh_async);

  if (self->settings_known)
    {
      request (g_steal_pointer (&task), "GET", "/elgato/lights", NULL);
      return;
    }

  g_task_set_task_data (task, GINT_TO_POINTER (TRUE), NULL);
  request (g_steal_pointer (&task), "GET", "/elgato/lights/settings", NULL);
}

/* How many lights the model holds: one more than the highest light:N. */
static guint
count_lights (HearthDevice *device)
{
  GListModel *controls = hearth_device_get_controls (device);
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (controls); i++)
    {
      g_autoptr(HearthControl) control = g_list_model_get_item (controls, i);
      guint index;

      if (hearth_elgato_parse_control_id (hearth_control_get_id (control), &index))
        n = MAX (n, index + 1);
    }

  return n;
}

static void
hearth_elgato_link_send_async (HearthLink          *link,
                               HearthControl       *control,
                               const HearthChange  *change,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  HearthElgatoLink *self = HEARTH_ELGATO_LINK (link);
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(GError) error = NULL;
  guint index;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hearth_elgato_link_send_async);

  if (!hearth_elgato_parse_control_id (hearth_control_get_id (control), &index))
    {
      g_task_return_new_error (task, HEARTH_ERROR, HEARTH_ERROR_NOT_FOUND,
                               "An Elgato light has no control “%s”",
                               hearth_control_get_id (control));
      return;
    }

  body = hearth_elgato_build_lights_change (change, index,
                                            count_lights (hearth_link_get_device (link)),
                                            self->color_capable, &error);
  if (body == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  request (g_steal_pointer (&task), "PUT", "/elgato/lights", body);
}

static void
hearth_elgato_link_constructed (GObject *object)
{
  G_OBJECT_CLASS (hearth_elgato_link_parent_class)->constructed (object);

  hearth_link_set_poll_interval (HEARTH_LINK (object), HEARTH_ELGATO_POLL_INTERVAL_MS);
}

static void
hearth_elgato_link_class_init (HearthElgatoLinkClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  HearthLinkClass *link_class = HEARTH_LINK_CLASS (klass);

  object_class->constructed = hearth_elgato_link_constructed;

  /* No push: open_push stays NULL and the base class polls. */
  link_class->refresh_async = hearth_elgato_link_refresh_async;
  link_class->refresh_finish = hearth_link_task_finish;
  link_class->send_async = hearth_elgato_link_send_async;
  link_class->send_finish = hearth_link_task_finish;
}

static void
hearth_elgato_link_init (HearthElgatoLink *self)
{
}

HearthLink *
hearth_elgato_link_new (HearthDevice *device,
                        HearthHttp   *http)
{
  return g_object_new (HEARTH_TYPE_ELGATO_LINK,
                       "device", device,
                       "http", http,
                       NULL);
}
