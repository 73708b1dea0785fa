/* hearth-scene-dialog.c: a new scene from the state of chosen tiles, or a
 * scene edited
 *
 * The controls of the home, by room (in the rooms' order, then those in
 * none), each with a check button; a room's "Select All" checks its
 * tiles. Saving takes the state the checked tiles are in now. Members of
 * an edited scene that the home does not show now (a device away) stay as
 * they were.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "hearth-scene-dialog.h"

struct _HearthSceneDialog
{
  AdwWindow    parent_instance;

  HearthHome  *home;
  HearthStore *store;
  char        *scene;       /* the scene edited, or NULL */
  GtkWidget   *name_row;
  GtkWidget   *save_button;
  GtkWidget   *page;
  GPtrArray   *checks;      /* GtkCheckButton, each with its "control" */
};

G_DEFINE_FINAL_TYPE (HearthSceneDialog, hearth_scene_dialog, ADW_TYPE_WINDOW)

static guint
n_checked (HearthSceneDialog *self)
{
  guint n = 0;

  for (guint i = 0; i < self->checks->len; i++)
    n += gtk_check_button_get_active (g_ptr_array_index (self->checks, i));
  return n;
}

static void
update_save (HearthSceneDialog *self)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));

  gtk_widget_set_sensitive (self->save_button, *name != '\0' && n_checked (self) > 0);
}

static void
on_select_all_clicked (GtkButton         *button,
                       HearthSceneDialog *self)
{
  GPtrArray *checks = g_object_get_data (G_OBJECT (button), "checks");

  for (guint i = 0; i < checks->len; i++)
    gtk_check_button_set_active (g_ptr_array_index (checks, i), TRUE);
}

static char *
key_of (HearthDevice  *device,
        HearthControl *control)
{
  return hearth_store_key (hearth_device_get_id (device), hearth_control_get_id (control));
}

/* The controls to choose from, by room; @checked: the keys to check */
static void
fill (HearthSceneDialog *self,
      GHashTable        *checked)
{
  const char * const *rooms = hearth_store_get_rooms (self->store);
  guint n_rooms = g_strv_length ((char **) rooms);
  GListModel *devices = G_LIST_MODEL (self->home);

  /* Each room, then the tiles in none (index n_rooms) */
  for (guint r = 0; r <= n_rooms; r++)
    {
      GtkWidget *group = NULL;
      GPtrArray *group_checks = g_ptr_array_new ();

      for (guint i = 0; i < g_list_model_get_n_items (devices); i++)
        {
          g_autoptr(HearthDevice) device = g_list_model_get_item (devices, i);
          GListModel *controls = hearth_device_get_controls (device);

          for (guint j = 0; j < g_list_model_get_n_items (controls); j++)
            {
              g_autoptr(HearthControl) control = g_list_model_get_item (controls, j);
              g_autofree char *key = key_of (device, control);
              const char *room = hearth_store_get_room (self->store, key);
              const char *name = hearth_store_get_name (self->store, key);
              GtkWidget *row;
              GtkWidget *check;

              if (hearth_control_get_kind (control) == HEARTH_CONTROL_KIND_SENSOR ||
                  hearth_store_get_hidden (self->store, key) ||
                  (r < n_rooms ? g_strcmp0 (room, rooms[r]) != 0 : room != NULL))
                continue;

              if (group == NULL)
                {
                  GtkWidget *all = gtk_button_new_with_label (_("Select All"));
                  g_autofree char *label = NULL;

                  group = adw_preferences_group_new ();
                  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group),
                                                   r < n_rooms ? rooms[r] : _("Other Tiles"));
                  gtk_widget_add_css_class (all, "flat");
                  gtk_widget_set_valign (all, GTK_ALIGN_CENTER);
                  /* TRANSLATORS: %s is a room's name */
                  label = g_strdup_printf (_("Select all in %s"), r < n_rooms ? rooms[r] : _("Other Tiles"));
                  gtk_accessible_update_property (GTK_ACCESSIBLE (all), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
                  g_object_set_data_full (G_OBJECT (all), "checks", group_checks,
                                          (GDestroyNotify) g_ptr_array_unref);
                  g_signal_connect (all, "clicked", G_CALLBACK (on_select_all_clicked), self);
                  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), all);
                  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self->page), ADW_PREFERENCES_GROUP (group));
                }

              row = adw_action_row_new ();
              adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                             name != NULL ? name : hearth_control_get_name (control));
              if (g_strcmp0 (hearth_device_get_name (device), name != NULL ? name : hearth_control_get_name (control)) != 0)
                adw_action_row_set_subtitle (ADW_ACTION_ROW (row), hearth_device_get_name (device));
              check = gtk_check_button_new ();
              gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
              gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                              name != NULL ? name : hearth_control_get_name (control), -1);
              gtk_check_button_set_active (GTK_CHECK_BUTTON (check), g_hash_table_contains (checked, key));
              g_object_set_data_full (G_OBJECT (check), "control", g_object_ref (control), g_object_unref);
              g_object_set_data_full (G_OBJECT (check), "key", g_steal_pointer (&key), g_free);
              g_signal_connect_swapped (check, "toggled", G_CALLBACK (update_save), self);
              adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
              adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
              adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
              g_ptr_array_add (self->checks, check);
              g_ptr_array_add (group_checks, check);
            }
        }
      if (group == NULL)
        g_ptr_array_unref (group_checks);
    }
}

static void
show_error (HearthSceneDialog *self,
            const GError      *error)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), _("The Scene Was Not Saved"),
                                              error->message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
save (HearthSceneDialog  *self,
      GError            **error)
{
  g_autoptr(GPtrArray) controls = g_ptr_array_new ();
  g_autoptr(GHashTable) shown = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(HearthScene) scene = NULL;
  g_autoptr(HearthScene) old = NULL;
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));

  for (guint i = 0; i < self->checks->len; i++)
    {
      GObject *check = g_ptr_array_index (self->checks, i);

      g_hash_table_add (shown, g_object_get_data (check, "key"));
      if (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)))
        g_ptr_array_add (controls, g_object_get_data (check, "control"));
    }

  scene = hearth_home_capture_scene (self->home, name, controls, error);
  if (scene == NULL)
    return FALSE;
  if (self->scene == NULL)
    return hearth_store_set_scene (self->store, scene, FALSE, error);

  /* Members not shown now (their device is away) stay as they were */
  old = hearth_store_dup_scene (self->store, self->scene);
  for (guint i = 0; old != NULL && i < hearth_scene_get_n_members (old); i++)
    {
      g_autofree char *key = hearth_store_key (hearth_scene_get_device_id (old, i),
                                               hearth_scene_get_control_id (old, i));

      if (!g_hash_table_contains (shown, key))
        hearth_scene_set_member (scene, hearth_scene_get_device_id (old, i),
                                 hearth_scene_get_control_id (old, i), hearth_scene_get_change (old, i));
    }
  if (old != NULL && !hearth_store_rename_scene (self->store, self->scene, name, error))
    return FALSE;
  return hearth_store_set_scene (self->store, scene, TRUE, error);
}

static void
on_save_clicked (HearthSceneDialog *self)
{
  g_autoptr(GError) error = NULL;

  if (!save (self, &error))
    {
      show_error (self, error);
      return;
    }
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
hearth_scene_dialog_dispose (GObject *object)
{
  HearthSceneDialog *self = (HearthSceneDialog *)object;

  g_clear_object (&self->home);
  g_clear_object (&self->store);
  g_clear_pointer (&self->checks, g_ptr_array_unref);

  G_OBJECT_CLASS (hearth_scene_dialog_parent_class)->dispose (object);
}

static void
hearth_scene_dialog_finalize (GObject *object)
{
  HearthSceneDialog *self = (HearthSceneDialog *)object;

  g_free (self->scene);

  G_OBJECT_CLASS (hearth_scene_dialog_parent_class)->finalize (object);
}

static void
hearth_scene_dialog_class_init (HearthSceneDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hearth_scene_dialog_dispose;
  object_class->finalize = hearth_scene_dialog_finalize;
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
hearth_scene_dialog_init (HearthSceneDialog *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  GtkWidget *group = adw_preferences_group_new ();

  self->checks = g_ptr_array_new ();
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (self), 440, 620);

  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (cancel), "window.close");
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  self->save_button = gtk_button_new_with_mnemonic (_("_Save"));
  gtk_widget_add_css_class (self->save_button, "suggested-action");
  g_signal_connect_swapped (self->save_button, "clicked", G_CALLBACK (on_save_clicked), self);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->save_button);
  gtk_box_append (GTK_BOX (box), header);

  self->page = adw_preferences_page_new ();
  gtk_widget_set_vexpand (self->page, TRUE);
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("The checked tiles are saved as they are now"));
  self->name_row = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->name_row), _("Name"));
  g_signal_connect_swapped (self->name_row, "changed", G_CALLBACK (update_save), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->name_row);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self->page), ADW_PREFERENCES_GROUP (group));
  gtk_box_append (GTK_BOX (box), self->page);

  adw_window_set_content (ADW_WINDOW (self), box);
}

GtkWidget *
hearth_scene_dialog_new (GtkWindow  *parent,
                         HearthHome *home,
                         const char *scene,
                         const char *room)
{
  HearthSceneDialog *self;
  g_autoptr(GHashTable) checked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(HearthScene) edited = NULL;

  g_return_val_if_fail (HEARTH_IS_HOME (home), NULL);
  g_return_val_if_fail (hearth_home_get_store (home) != NULL, NULL);

  self = g_object_new (HEARTH_TYPE_SCENE_DIALOG, "transient-for", parent, NULL);
  self->home = g_object_ref (home);
  self->store = g_object_ref (hearth_home_get_store (home));
  edited = scene != NULL ? hearth_store_dup_scene (self->store, scene) : NULL;
  self->scene = edited != NULL ? g_strdup (hearth_scene_get_name (edited)) : NULL;
  gtk_window_set_title (GTK_WINDOW (self), edited != NULL ? _("Edit Scene") : _("New Scene"));

  for (guint i = 0; edited != NULL && i < hearth_scene_get_n_members (edited); i++)
    g_hash_table_add (checked, hearth_store_key (hearth_scene_get_device_id (edited, i),
                                                 hearth_scene_get_control_id (edited, i)));
  if (edited != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->name_row), self->scene);

  /* A room's tiles, to start from */
  for (guint i = 0; room != NULL && i < g_list_model_get_n_items (G_LIST_MODEL (home)); i++)
    {
      g_autoptr(HearthDevice) device = g_list_model_get_item (G_LIST_MODEL (home), i);
      GListModel *controls = hearth_device_get_controls (device);

      for (guint j = 0; j < g_list_model_get_n_items (controls); j++)
        {
          g_autoptr(HearthControl) control = g_list_model_get_item (controls, j);
          char *key = key_of (device, control);

          if (g_strcmp0 (hearth_store_get_room (self->store, key), room) == 0)
            g_hash_table_add (checked, key);
          else
            g_free (key);
        }
    }

  fill (self, checked);
  update_save (self);
  return GTK_WIDGET (self);
}
