/* hearth-room-actions.c: the "room." actions, written once for every
 * widget that shows a group's quick actions (the grid's headings, a room's
 * details)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Who is in the group and how a change goes out are the engine's
 * (hearth_home_dup_group(), hearth_home_apply_async(): the devices at the
 * same time); here the action's target becomes a group and a change, and
 * what failed becomes a toast naming the devices, in the room's details
 * when they are open, else in the window.
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "hearth-group-controls.h"
#include "hearth-room-actions.h"
#include "hearth-room-dialog.h"

typedef struct
{
  GWeakRef           window;
  GWeakRef           dialog;    /* the details open, if any */
  GActionGroup      *actions;   /* owns this; not a ref */
  HearthControlList *list;
  GCancellable      *cancellable;
} RoomActions;

typedef struct
{
  GWeakRef  window;
  GWeakRef  dialog;
  char     *room;
} Applying;

static void
room_actions_free (RoomActions *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_weak_ref_clear (&self->window);
  g_weak_ref_clear (&self->dialog);
  g_clear_object (&self->list);
  g_free (self);
}

static void
applying_free (Applying *applying)
{
  g_weak_ref_clear (&applying->window);
  g_weak_ref_clear (&applying->dialog);
  g_free (applying->room);
  g_free (applying);
}

static void
toast (Applying   *applying,
       const char *message)
{
  g_autoptr(GtkWidget) dialog = g_weak_ref_get (&applying->dialog);
  g_autoptr(GtkWidget) window = g_weak_ref_get (&applying->window);

  if (dialog != NULL && gtk_widget_get_visible (dialog))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (dialog), adw_toast_new (message));
  else if (window != NULL)
    gtk_widget_activate_action (window, "win.toast", "s", message);
}

/* "Desk Lamp, Ceiling and Porch" */
static char *
join_names (GPtrArray *devices)
{
  g_autoptr(GString) names = g_string_new (NULL);

  for (guint i = 0; i < devices->len; i++)
    {
      const char *name = hearth_device_get_name (g_ptr_array_index (devices, i));

      if (i > 0 && i + 1 == devices->len)
        /* TRANSLATORS: between the last two names of a list */
        g_string_append (names, _(" and "));
      else if (i > 0)
        g_string_append (names, ", ");
      g_string_append (names, name);
    }
  return g_string_free (g_steal_pointer (&names), FALSE);
}

static void
on_group_applied (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Applying *applying = user_data;
  g_autoptr(GError) error = NULL;

  if (!hearth_home_apply_finish (HEARTH_HOME (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autoptr(GPtrArray) failed = hearth_home_apply_dup_failed (HEARTH_HOME (object), result);
      g_autofree char *names = failed->len > 0 ? join_names (failed) : NULL;
      g_autofree char *message = NULL;

      g_debug ("Applying to %s failed: %s", hearth_group_controls_title (applying->room),
               error->message);
      if (names != NULL)
        /* TRANSLATORS: a room's name (or "Favourites"), then the devices
         * that did not do what was asked ("Desk Lamp and Porch") */
        message = g_strdup_printf (_("%s: %s did not follow"),
                                   hearth_group_controls_title (applying->room), names);
      else
        message = g_strdup_printf (_("%s: %s"), hearth_group_controls_title (applying->room),
                                   error->message);
      toast (applying, message);
    }
  applying_free (applying);
}

/* @actions: as hearth_change_parse_action() takes them, one change */
static void
apply_to_group (RoomActions        *self,
                const char         *room,
                HearthGroupMembers  members,
                const char * const *actions)
{
  HearthHome *home = hearth_control_list_get_home (self->list);
  g_autoptr(GPtrArray) group = hearth_home_dup_group (home, room, members);
  g_autoptr(HearthChange) change = hearth_change_new ();
  Applying *applying;

  for (guint i = 0; actions[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;

      if (!hearth_change_parse_action (change, actions[i], &error))
        {
          /* Built here: a wrong one is a bug */
          g_warning ("room: “%s”: %s", actions[i], error->message);
          return;
        }
    }
  g_debug ("room: %s %s (%u controls)", hearth_group_controls_title (room), actions[0], group->len);
  if (group->len == 0)
    return;

  applying = g_new0 (Applying, 1);
  {
    g_autoptr(GObject) window = g_weak_ref_get (&self->window);
    g_autoptr(GObject) dialog = g_weak_ref_get (&self->dialog);

    g_weak_ref_init (&applying->window, window);
    g_weak_ref_init (&applying->dialog, dialog);
  }
  applying->room = g_strdup (room);
  hearth_home_apply_async (home, group, change, self->cancellable, on_group_applied, applying);
}

static const char *
target_room (GVariant *parameter)
{
  g_autoptr(GVariant) maybe = g_variant_get_maybe (parameter);

  /* the string lives as long as @parameter */
  return maybe != NULL ? g_variant_get_string (maybe, NULL) : NULL;
}

static void
on_on_activate (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  const char * const on[] = { "on", NULL };

  apply_to_group (user_data, target_room (parameter), HEARTH_GROUP_SWITCHABLE, on);
}

static void
on_off_activate (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  const char * const off[] = { "off", NULL };

  apply_to_group (user_data, target_room (parameter), HEARTH_GROUP_SWITCHABLE, off);
}

/* The dimmable lights at that brightness, those that were off too; at
 * 0 %, off */
static void
on_brightness_activate (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  g_autoptr(GVariant) maybe = g_variant_get_child_value (parameter, 0);
  g_autoptr(GVariant) room = g_variant_get_maybe (maybe);
  g_autofree char *brightness_action = NULL;
  const char *actions[3] = { NULL };
  int brightness;

  g_variant_get_child (parameter, 1, "i", &brightness);
  brightness = CLAMP (brightness, 0, 100);
  brightness_action = g_strdup_printf ("brightness=%d", brightness);
  actions[0] = brightness > 0 ? "on" : "off";
  actions[1] = brightness > 0 ? brightness_action : NULL;
  apply_to_group (user_data, room != NULL ? g_variant_get_string (room, NULL) : NULL,
                  HEARTH_GROUP_DIMMABLE, actions);
}

static void
on_details_activate (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  RoomActions *self = user_data;
  g_autoptr(GtkWidget) window = g_weak_ref_get (&self->window);
  GtkWidget *dialog;

  if (window == NULL)
    return;
  dialog = hearth_room_dialog_new (GTK_WINDOW (window), self->list, target_room (parameter),
                                   self->actions);
  g_weak_ref_set (&self->dialog, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
hearth_room_actions_install (GtkWidget         *window,
                             HearthControlList *list)
{
  const GActionEntry entries[] = {
    { "on", on_on_activate, "ms", NULL, NULL },
    { "off", on_off_activate, "ms", NULL, NULL },
    { "brightness", on_brightness_activate, "(msi)", NULL, NULL },
    { "details", on_details_activate, "ms", NULL, NULL },
  };
  g_autoptr(GSimpleActionGroup) actions = g_simple_action_group_new ();
  RoomActions *self;

  g_return_if_fail (GTK_IS_WIDGET (window));
  g_return_if_fail (HEARTH_IS_CONTROL_LIST (list));

  self = g_new0 (RoomActions, 1);
  g_weak_ref_init (&self->window, window);
  g_weak_ref_init (&self->dialog, NULL);
  self->actions = G_ACTION_GROUP (actions);
  self->list = g_object_ref (list);
  self->cancellable = g_cancellable_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (actions), entries, G_N_ELEMENTS (entries), self);
  g_object_set_data_full (G_OBJECT (actions), "hearth-room-actions", self,
                          (GDestroyNotify) room_actions_free);
  gtk_widget_insert_action_group (window, "room", G_ACTION_GROUP (actions));
}
