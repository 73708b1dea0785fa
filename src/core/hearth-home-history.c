/* hearth-home-history.c: HearthHome records power readings over time
 *
 * Once a history is set, the home follows every device of its model: the
 * power readings among its controls (a sensor of "power", which every
 * family that measures power gives: a Shelly's apower, a Gen1 meter, a
 * Tasmota's energy) are recorded as their value changes, as their device
 * comes online, and once a minute while it is online (a steady load
 * changes nothing, and its minutes are not gaps). A face asks the home for a reading's points.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hearth-control.h"
#include "hearth-device.h"
#include "hearth-home-private.h"

#define TICK_S  60

/* The power readings of one device being followed */
typedef struct
{
  HearthHome   *home;
  HearthDevice *device;
  GPtrArray    *readings;   /* HearthControl */
} HistoryWatch;

gboolean
hearth_home_is_power_reading (HearthControl *control)
{
  g_return_val_if_fail (HEARTH_IS_CONTROL (control), FALSE);

  return hearth_control_get_kind (control) == HEARTH_CONTROL_KIND_SENSOR &&
         g_strcmp0 (hearth_control_get_quantity (control), "power") == 0;
}

static void
record (HearthHome    *self,
        HearthDevice  *device,
        HearthControl *control)
{
  double value = hearth_control_get_value (control);

  /* -1 is "unknown" for every reading */
  if (value < 0 || hearth_device_get_state (device) != HEARTH_DEVICE_STATE_ONLINE)
    return;
  hearth_history_record (self->history, hearth_device_get_id (device),
                         hearth_control_get_id (control), value);
}

static void
on_reading_notify_value (HearthControl *control,
                         GParamSpec    *pspec,
                         HistoryWatch  *watch)
{
  record (watch->home, watch->device, control);
}

/* Online again (or at last): what it reads now starts its minute */
static void
on_device_notify_state (HearthDevice *device,
                        GParamSpec   *pspec,
                        HistoryWatch *watch)
{
  for (guint i = 0; i < watch->readings->len; i++)
    record (watch->home, device, g_ptr_array_index (watch->readings, i));
}

static void
unwatch_readings (HistoryWatch *watch)
{
  for (guint i = 0; i < watch->readings->len; i++)
    g_signal_handlers_disconnect_by_func (g_ptr_array_index (watch->readings, i),
                                          on_reading_notify_value, watch);
  g_ptr_array_set_size (watch->readings, 0);
}

static void
on_device_controls_changed (GListModel   *controls,
                            guint         position,
                            guint         removed,
                            guint         added,
                            HistoryWatch *watch)
{
  guint n = g_list_model_get_n_items (controls);

  unwatch_readings (watch);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HearthControl) control = g_list_model_get_item (controls, i);

      if (!hearth_home_is_power_reading (control))
        continue;
      g_ptr_array_add (watch->readings, g_object_ref (control));
      g_signal_connect (control, "notify::value", G_CALLBACK (on_reading_notify_value), watch);
      record (watch->home, watch->device, control);
    }
}

static void
history_watch_free (gpointer data)
{
  HistoryWatch *watch = data;

  unwatch_readings (watch);
  g_signal_handlers_disconnect_by_func (hearth_device_get_controls (watch->device),
                                        on_device_controls_changed, watch);
  g_signal_handlers_disconnect_by_func (watch->device, on_device_notify_state, watch);
  g_ptr_array_unref (watch->readings);
  g_object_unref (watch->device);
  g_free (watch);
}

/* Follows the devices of the model, and only those */
static void
on_home_items_changed (HearthHome *self,
                       guint       position,
                       guint       removed,
                       guint       added)
{
  g_autoptr(GHashTable) present = g_hash_table_new (NULL, NULL);
  GHashTableIter iter;
  gpointer device;

  for (guint i = 0; i < self->devices->len; i++)
    g_hash_table_add (present, g_ptr_array_index (self->devices, i));

  g_hash_table_iter_init (&iter, self->history_watches);
  while (g_hash_table_iter_next (&iter, &device, NULL))
    if (!g_hash_table_contains (present, device))
      g_hash_table_iter_remove (&iter);

  g_hash_table_iter_init (&iter, present);
  while (g_hash_table_iter_next (&iter, &device, NULL))
    {
      HistoryWatch *watch;
      GListModel *controls;

      if (g_hash_table_contains (self->history_watches, device))
        continue;
      watch = g_new0 (HistoryWatch, 1);
      watch->home = self;
      watch->device = g_object_ref (device);
      watch->readings = g_ptr_array_new_with_free_func (g_object_unref);
      g_hash_table_insert (self->history_watches, device, watch);
      controls = hearth_device_get_controls (device);
      g_signal_connect (controls, "items-changed", G_CALLBACK (on_device_controls_changed), watch);
      g_signal_connect (device, "notify::state", G_CALLBACK (on_device_notify_state), watch);
      on_device_controls_changed (controls, 0, 0, 0, watch);
    }
}

static gboolean
on_history_tick (gpointer user_data)
{
  HearthHome *self = user_data;
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->history_watches);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      HistoryWatch *watch = value;

      for (guint i = 0; i < watch->readings->len; i++)
        record (self, watch->device, g_ptr_array_index (watch->readings, i));
    }
  return G_SOURCE_CONTINUE;
}

void
_hearth_home_history_dispose (HearthHome *self)
{
  if (self->history == NULL)
    return;
  g_signal_handlers_disconnect_by_func (self, on_home_items_changed, NULL);
  g_clear_handle_id (&self->history_tick_source, g_source_remove);
  g_clear_pointer (&self->history_watches, g_hash_table_unref);
  g_clear_object (&self->history);
}

void
hearth_home_set_history (HearthHome    *self,
                         HearthHistory *history)
{
  g_return_if_fail (HEARTH_IS_HOME (self));
  g_return_if_fail (history == NULL || HEARTH_IS_HISTORY (history));

  if (history == self->history)
    return;
  _hearth_home_history_dispose (self);
  if (history == NULL)
    return;

  self->history = g_object_ref (history);
  self->history_watches = g_hash_table_new_full (NULL, NULL, NULL, history_watch_free);
  g_signal_connect (self, "items-changed", G_CALLBACK (on_home_items_changed), NULL);
  self->history_tick_source = g_timeout_add_seconds (TICK_S, on_history_tick, self);
  on_home_items_changed (self, 0, 0, 0);
}

HearthHistory *
hearth_home_get_history (HearthHome *self)
{
  g_return_val_if_fail (HEARTH_IS_HOME (self), NULL);
  return self->history;
}

GArray *
hearth_home_dup_history (HearthHome              *self,
                         HearthDevice            *device,
                         HearthControl           *control,
                         gint64                   since,
                         HearthHistoryResolution  resolution)
{
  g_return_val_if_fail (HEARTH_IS_HOME (self), NULL);
  g_return_val_if_fail (HEARTH_IS_DEVICE (device), NULL);
  g_return_val_if_fail (HEARTH_IS_CONTROL (control), NULL);

  if (self->history == NULL)
    return g_array_new (FALSE, FALSE, sizeof (HearthHistoryPoint));
  return hearth_history_dup_series (self->history, hearth_device_get_id (device),
                                    hearth_control_get_id (control), since, resolution);
}
