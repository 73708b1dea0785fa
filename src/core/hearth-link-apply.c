/* hearth-link-apply.c: HearthLink's changes: the queue that coalesces
 * them, optimistic state and its rollback
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "hearth-change.h"
#include "hearth-control.h"
#include "hearth-device.h"
#include "hearth-error.h"
#include "hearth-link.h"
#include "hearth-link-private.h"

void
_hearth_link_snapshot_free (gpointer data)
{
  Snapshot *snapshot = data;

  g_free (snapshot->effect);
  g_free (snapshot);
}

void
_hearth_link_pending_free (Pending *pending)
{
  g_free (pending->control_id);
  hearth_change_free (pending->change);
  g_ptr_array_unref (pending->tasks);
  g_free (pending);
}

void
_hearth_link_pending_return (Pending      *pending,
                             const GError *error)
{
  for (guint i = 0; i < pending->tasks->len; i++)
    {
      GTask *task = g_ptr_array_index (pending->tasks, i);

      if (error != NULL)
        g_task_return_error (task, g_error_copy (error));
      else
        g_task_return_boolean (task, TRUE);
    }
  g_ptr_array_set_size (pending->tasks, 0);
}

/* Changes */

static void
reassert (HearthLink *self,
          Pending    *pending)
{
  HearthLinkPrivate *priv = _hearth_link_get_private (self);
  HearthControl *control = hearth_device_find_control (priv->device, pending->control_id);

  if (control != NULL)
    hearth_change_apply (pending->change, control);
}

void
hearth_link_reassert_pending (HearthLink *self)
{
  HearthLinkPrivate *priv = _hearth_link_get_private (self);

  g_return_if_fail (HEARTH_IS_LINK (self));

  if (priv->in_flight != NULL)
    reassert (self, priv->in_flight);
  for (GList *l = priv->pending.head; l != NULL; l = l->next)
    reassert (self, l->data);
}

static void
snapshot_take (HearthLink    *self,
               HearthControl *control)
{
  HearthLinkPrivate *priv = _hearth_link_get_private (self);
  Snapshot *snapshot = g_hash_table_lookup (priv->snapshots, hearth_control_get_id (control));

  if (snapshot == NULL)
    {
      snapshot = g_new0 (Snapshot, 1);
      snapshot->on = hearth_control_get_on (control);
      snapshot->brightness = hearth_control_get_brightness (control);
      snapshot->temperature = hearth_control_get_temperature (control);
      snapshot->color = hearth_control_get_color (control);
      snapshot->cover_state = hearth_control_get_cover_state (control);
      snapshot->effect = g_strdup (hearth_control_get_effect (control));
      g_hash_table_insert (priv->snapshots, g_strdup (hearth_control_get_id (control)), snapshot);
    }

  snapshot->users++;
}

/* Drops one user of the snapshot; with @restore, puts the confirmed state
 * back on the control. */
void
_hearth_link_snapshot_release (HearthLink    *self,
                               HearthControl *control,
                               gboolean       restore)
{
  HearthLinkPrivate *priv = _hearth_link_get_private (self);
  const char *id = hearth_control_get_id (control);
  Snapshot *snapshot = g_hash_table_lookup (priv->snapshots, id);

  if (snapshot == NULL)
    return;

  if (restore)
    {
      g_object_freeze_notify (G_OBJECT (control));
      hearth_control_set_on (control, snapshot->on);
      hearth_control_set_brightness (control, snapshot->brightness);
      hearth_control_set_temperature (control, snapshot->temperature);
      hearth_control_set_color (control, snapshot->color);
      hearth_control_set_cover_state (control, snapshot->cover_state);
      hearth_control_set_effect (control, snapshot->effect);
      g_object_thaw_notify (G_OBJECT (control));
    }

  if (--snapshot->users == 0)
    g_hash_table_remove (priv->snapshots, id);
}

static void
on_sent (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(HearthLink) self = user_data;
  HearthLinkPrivate *priv = _hearth_link_get_private (self);
  g_autoptr(GError) error = NULL;
  Pending *pending = priv->in_flight;
  HearthControl *control;
  gboolean ok;

  ok = HEARTH_LINK_GET_CLASS (self)->send_finish (self, result, &error);

  priv->in_flight = NULL;
  if (pending == NULL)
    return;

  control = hearth_device_find_control (priv->device, pending->control_id);

  if (ok)
    {
      hearth_device_mark_seen (priv->device);
      if (control != NULL)
        _hearth_link_snapshot_release (self, control, FALSE);
      _hearth_link_pending_return (pending, NULL);
    }
  else
    {
      if (control != NULL)
        _hearth_link_snapshot_release (self, control, TRUE);
      _hearth_link_pending_return (pending, error);

      /* Whatever happened, show what the device really does now. */
      if (priv->started && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        hearth_link_refresh_async (self, hearth_link_get_cancellable (self), _hearth_link_on_poll_refreshed, NULL);
    }

  _hearth_link_pending_free (pending);
  _hearth_link_pump (self);
}

void
_hearth_link_pump (HearthLink *self)
{
  HearthLinkPrivate *priv = _hearth_link_get_private (self);
  HearthControl *control;
  Pending *pending;

  /* One change in flight per device: what comes meanwhile is merged. */
  if (priv->in_flight != NULL)
    return;

  if (!_hearth_link_identity_confirmed (self))
    {
      if (!g_queue_is_empty (&priv->pending))
        _hearth_link_confirm_identity (self);
      return;
    }

  pending = g_queue_pop_head (&priv->pending);
  if (pending == NULL)
    return;

  control = hearth_device_find_control (priv->device, pending->control_id);
  if (control == NULL)
    {
      g_autoptr(GError) error = g_error_new (HEARTH_ERROR, HEARTH_ERROR_NOT_FOUND,
                                             _("%s no longer has that control"),
                                             hearth_device_get_name (priv->device));
      _hearth_link_pending_return (pending, error);
      _hearth_link_pending_free (pending);
      _hearth_link_pump (self);
      return;
    }

  priv->in_flight = pending;
  HEARTH_LINK_GET_CLASS (self)->send_async (self, control, pending->change,
                                            hearth_link_get_cancellable (self),
                                            on_sent, g_object_ref (self));
}

void
hearth_link_apply_async (HearthLink          *self,
                         const char          *control_id,
                         const HearthChange  *change,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  HearthLinkPrivate *priv = _hearth_link_get_private (self);
  g_autoptr(GTask) task = NULL;
  g_autoptr(HearthChange) resolved = NULL;
  g_autoptr(GError) error = NULL;
  HearthControl *control;
  Pending *pending = NULL;

  g_return_if_fail (HEARTH_IS_LINK (self));
  g_return_if_fail (control_id != NULL);
  g_return_if_fail (change != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hearth_link_apply_async);

  control = hearth_device_find_control (priv->device, control_id);
  if (control == NULL)
    {
      g_task_return_new_error (task, HEARTH_ERROR, HEARTH_ERROR_NOT_FOUND,
                               _("%s has no control “%s”"),
                               hearth_device_get_name (priv->device), control_id);
      return;
    }

  if (!hearth_change_check (change, control, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!priv->started)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED,
                               _("%s is not connected"), hearth_device_get_name (priv->device));
      return;
    }

  /* A toggle means "the opposite of what it shows now". */
  resolved = hearth_change_copy (change);
  if (resolved->fields & HEARTH_CHANGE_TOGGLE)
    {
      resolved->fields &= ~HEARTH_CHANGE_TOGGLE;
      resolved->fields |= HEARTH_CHANGE_ON;
      resolved->on = !hearth_control_get_on (control);
    }

  for (GList *l = priv->pending.head; l != NULL; l = l->next)
    {
      Pending *p = l->data;

      if (g_str_equal (p->control_id, control_id))
        {
          pending = p;
          break;
        }
    }

  snapshot_take (self, control);
  hearth_change_apply (resolved, control);

  if (pending != NULL)
    {
      hearth_change_merge (pending->change, resolved);
      /* The merged change releases the snapshot once for everyone. */
      _hearth_link_snapshot_release (self, control, FALSE);
    }
  else
    {
      pending = g_new0 (Pending, 1);
      pending->control_id = g_strdup (control_id);
      pending->change = g_steal_pointer (&resolved);
      pending->tasks = g_ptr_array_new_with_free_func (g_object_unref);
      g_queue_push_tail (&priv->pending, pending);
    }

  g_ptr_array_add (pending->tasks, g_steal_pointer (&task));
  _hearth_link_pump (self);
}

gboolean
hearth_link_apply_finish (HearthLink    *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (HEARTH_IS_LINK (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
