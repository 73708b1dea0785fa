/* hearth-scene-bar.c: the scenes above the tiles
 *
 * A row of buttons that scrolls sideways when narrow: one per scene (a
 * click recalls it; its arrow offers Edit and Delete), then New Scene;
 * shown once there is a scene (the window's menu has New Scene too).
 * A recall that partly failed says which members in the window's toast.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "hearth-scene-bar.h"
#include "hearth-scene-dialog.h"
#include "hearth-window.h"

struct _HearthSceneBar
{
  GtkWidget     parent_instance;

  GtkWidget    *scroller;
  GtkWidget    *box;
  GtkWidget    *new_button;
  HearthHome   *home;
  HearthStore  *store;
  GCancellable *cancellable;
};

G_DEFINE_FINAL_TYPE (HearthSceneBar, hearth_scene_bar, GTK_TYPE_WIDGET)

typedef struct
{
  HearthSceneBar *bar;
  char           *name;
} Recall;

static void
recall_free (Recall *recall)
{
  g_object_unref (recall->bar);
  g_free (recall->name);
  g_free (recall);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Recall, recall_free)

static void
on_scene_recalled (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(Recall) recall = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) names = g_string_new (NULL);
  g_autofree char *message = NULL;
  GPtrArray *misses;
  guint failed = 0;

  if (hearth_home_recall_scene_finish (HEARTH_HOME (object), result, &error))
    return;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  misses = hearth_home_recall_scene_get_misses (HEARTH_HOME (object), result);
  for (guint i = 0; misses != NULL && i < misses->len; i++)
    {
      HearthSceneMiss *miss = g_ptr_array_index (misses, i);

      if (miss->message == NULL)
        continue;
      if (failed++ > 0)
        g_string_append (names, ", ");
      g_string_append (names, miss->control_name);
    }
  if (failed > 0)
    /* TRANSLATORS: a scene's name, then the names of its tiles that did not change */
    message = g_strdup_printf (_("“%s”: %s did not respond"), recall->name, names->str);
  else
    message = g_strdup (error->message);
  gtk_widget_activate_action (GTK_WIDGET (recall->bar), "win.toast", "s", message);
}

static void
on_scene_clicked (GtkWidget      *button,
                  HearthSceneBar *self)
{
  Recall *recall = g_new0 (Recall, 1);

  recall->bar = g_object_ref (self);
  recall->name = g_strdup (g_object_get_data (G_OBJECT (button), "scene"));
  hearth_home_recall_scene_async (self->home, recall->name, self->cancellable,
                                  on_scene_recalled, recall);
}

static GtkWidget *
scene_button_new (HearthSceneBar *self,
                  const char     *name)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenuItem) edit = g_menu_item_new (_("_Edit…"), NULL);
  g_autoptr(GMenuItem) delete = g_menu_item_new (_("_Delete…"), NULL);
  g_autofree char *tooltip = NULL;
  g_autofree char *more = NULL;
  GtkWidget *button = adw_split_button_new ();

  g_menu_item_set_action_and_target_value (edit, "scenes.edit", g_variant_new_string (name));
  g_menu_item_set_action_and_target_value (delete, "scenes.delete", g_variant_new_string (name));
  g_menu_append_item (menu, edit);
  g_menu_append_item (menu, delete);

  adw_split_button_set_label (ADW_SPLIT_BUTTON (button), name);
  adw_split_button_set_menu_model (ADW_SPLIT_BUTTON (button), G_MENU_MODEL (menu));
  /* TRANSLATORS: %s is a scene's name */
  tooltip = g_strdup_printf (_("Recall “%s”"), name);
  /* TRANSLATORS: %s is a scene's name */
  more = g_strdup_printf (_("Edit or Delete “%s”"), name);
  gtk_widget_set_tooltip_text (button, tooltip);
  adw_split_button_set_dropdown_tooltip (ADW_SPLIT_BUTTON (button), more);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, tooltip, -1);
  gtk_widget_add_css_class (button, "scene");
  g_object_set_data_full (G_OBJECT (button), "scene", g_strdup (name), g_free);
  g_signal_connect (button, "clicked", G_CALLBACK (on_scene_clicked), self);
  return button;
}

static void
rebuild (HearthSceneBar *self)
{
  g_auto(GStrv) names = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->box)) != self->new_button)
    gtk_box_remove (GTK_BOX (self->box), child);

  names = self->store != NULL ? hearth_store_dup_scene_names (self->store) : NULL;
  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    gtk_box_insert_child_after (GTK_BOX (self->box), scene_button_new (self, names[i]),
                                gtk_widget_get_prev_sibling (self->new_button));
  /* Shown once there is a scene (New Scene is in the window's menu too) */
  gtk_widget_set_visible (GTK_WIDGET (self), names != NULL && names[0] != NULL);
}

static void
on_store_changed (HearthStore    *store,
                  const char     *what,
                  HearthSceneBar *self)
{
  rebuild (self);
}

static void
open_dialog (HearthSceneBar *self,
             const char     *scene)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;

  if (self->home == NULL)
    return;
  dialog = hearth_scene_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->home, scene, NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  open_dialog (HEARTH_SCENE_BAR (widget), NULL);
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  open_dialog (HEARTH_SCENE_BAR (widget), g_variant_get_string (parameter, NULL));
}

static void
on_delete_response (AdwMessageDialog *dialog,
                    const char       *response,
                    HearthSceneBar   *self)
{
  const char *name = g_object_get_data (G_OBJECT (dialog), "scene");

  if (g_str_equal (response, "delete") && self->store != NULL)
    hearth_store_remove_scene (self->store, name);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  HearthSceneBar *self = HEARTH_SCENE_BAR (widget);
  const char *name = g_variant_get_string (parameter, NULL);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autofree char *heading = NULL;
  GtkWidget *dialog;

  /* TRANSLATORS: %s is a scene's name */
  heading = g_strdup_printf (_("Delete “%s”?"), name);
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading,
                                   _("The scene is deleted. The devices stay as they are."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "delete", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "scene", g_strdup (name), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_delete_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The window sets its home after its template (and so this bar) is built:
 * the bar takes it once the window is shown */
static void
on_window_map (HearthSceneBar *self,
               GtkWidget      *window)
{
  if (self->home != NULL || hearth_window_get_home (HEARTH_WINDOW (window)) == NULL)
    return;
  self->home = g_object_ref (hearth_window_get_home (HEARTH_WINDOW (window)));
  self->store = hearth_home_get_store (self->home);
  if (self->store != NULL)
    {
      g_object_ref (self->store);
      g_signal_connect_object (self->store, "changed::scenes", G_CALLBACK (on_store_changed), self, 0);
    }
  rebuild (self);
}

static void
on_new_scene_activate (GSimpleAction  *action,
                       GVariant       *parameter,
                       HearthSceneBar *self)
{
  open_dialog (self, NULL);
}

/* The window's menu offers New Scene (win.new-scene) even while the bar,
 * without scenes yet, is hidden */
static void
hearth_scene_bar_root (GtkWidget *widget)
{
  HearthSceneBar *self = HEARTH_SCENE_BAR (widget);
  GtkRoot *root;

  GTK_WIDGET_CLASS (hearth_scene_bar_parent_class)->root (widget);

  root = gtk_widget_get_root (widget);
  if (!HEARTH_IS_WINDOW (root) || g_action_map_lookup_action (G_ACTION_MAP (root), "new-scene") != NULL)
    return;

  {
    g_autoptr(GSimpleAction) action = g_simple_action_new ("new-scene", NULL);

    g_signal_connect_object (action, "activate", G_CALLBACK (on_new_scene_activate), self, 0);
    g_action_map_add_action (G_ACTION_MAP (root), G_ACTION (action));
  }
  g_signal_connect_object (root, "map", G_CALLBACK (on_window_map), self, G_CONNECT_SWAPPED);
}

static void
hearth_scene_bar_dispose (GObject *object)
{
  HearthSceneBar *self = (HearthSceneBar *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_pointer (&self->scroller, gtk_widget_unparent);
  g_clear_object (&self->store);
  g_clear_object (&self->home);

  G_OBJECT_CLASS (hearth_scene_bar_parent_class)->dispose (object);
}

static void
hearth_scene_bar_finalize (GObject *object)
{
  HearthSceneBar *self = (HearthSceneBar *)object;

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (hearth_scene_bar_parent_class)->finalize (object);
}

static void
hearth_scene_bar_class_init (HearthSceneBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hearth_scene_bar_dispose;
  object_class->finalize = hearth_scene_bar_finalize;
  widget_class->root = hearth_scene_bar_root;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "scenebar");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_TOOLBAR);
  gtk_widget_class_install_action (widget_class, "scenes.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "scenes.edit", "s", edit_action);
  gtk_widget_class_install_action (widget_class, "scenes.delete", "s", delete_action);
}

static void
hearth_scene_bar_init (HearthSceneBar *self)
{
  GtkWidget *content;

  self->cancellable = g_cancellable_new ();
  self->scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scroller),
                                  GTK_POLICY_AUTOMATIC, GTK_POLICY_NEVER);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (self->scroller), TRUE);
  gtk_widget_set_parent (self->scroller, GTK_WIDGET (self));

  self->box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_add_css_class (self->box, "scene-row");
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scroller), self->box);

  self->new_button = gtk_button_new ();
  content = adw_button_content_new ();
  adw_button_content_set_icon_name (ADW_BUTTON_CONTENT (content), "list-add-symbolic");
  adw_button_content_set_label (ADW_BUTTON_CONTENT (content), _("New Scene"));
  gtk_button_set_child (GTK_BUTTON (self->new_button), content);
  gtk_widget_add_css_class (self->new_button, "flat");
  gtk_widget_set_tooltip_text (self->new_button, _("Save the state of chosen tiles as a scene"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->new_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("New Scene"), -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->new_button), "scenes.new");
  gtk_box_append (GTK_BOX (self->box), self->new_button);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Scenes"), -1);
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

GtkWidget *
hearth_scene_bar_get_button (HearthSceneBar *self,
                             const char     *name)
{
  g_return_val_if_fail (HEARTH_IS_SCENE_BAR (self), NULL);

  for (GtkWidget *child = gtk_widget_get_first_child (self->box); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (g_strcmp0 (g_object_get_data (G_OBJECT (child), "scene"), name) == 0)
        return child;
    }
  return NULL;
}
