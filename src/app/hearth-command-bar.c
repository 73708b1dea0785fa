/* hearth-command-bar.c: the search entry's words as a command: what it
 * understood (or why not, or which one), before Enter does it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "hearth-command-bar.h"

struct _HearthCommandBar
{
  AdwBin          parent_instance;

  GtkRevealer    *revealer;
  AdwActionRow   *row;
  GtkImage       *icon;
  GtkButton      *run_button;

  HearthHome     *home;
  GtkSearchEntry *entry;
  HearthGrammar  *grammar;
  HearthCommand  *command;
  GCancellable   *cancellable;
  GtkEventController *shortcuts;   /* Ctrl+L, on the window */
  char           *summary;
  char           *parsed;          /* the words read last */
  gboolean        prompting;       /* opened by Ctrl+L: the hint shows while empty */
};

G_DEFINE_FINAL_TYPE (HearthCommandBar, hearth_command_bar, ADW_TYPE_BIN)

typedef enum
{
  PROP_HOME = 1,
  PROP_ENTRY,
  PROP_SUMMARY,
} HearthCommandBarProperty;

static GParamSpec *properties[PROP_SUMMARY + 1];

static void
show (HearthCommandBar *self,
      const char       *icon,
      const char       *title,
      const char       *subtitle,
      gboolean          can_run)
{
  gboolean shown = title != NULL;

  if (g_strcmp0 (self->summary, title) != 0)
    {
      g_free (self->summary);
      self->summary = g_strdup (title);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUMMARY]);
    }
  if (shown)
    {
      gtk_image_set_from_icon_name (self->icon, icon);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->row), title);
      adw_action_row_set_subtitle (self->row, subtitle != NULL ? subtitle : "");
    }
  gtk_widget_set_visible (GTK_WIDGET (self->run_button), can_run);
  gtk_revealer_set_reveal_child (self->revealer, shown);
}

static void
update (HearthCommandBar *self)
{
  const char *text = self->entry != NULL ? gtk_editable_get_text (GTK_EDITABLE (self->entry)) : "";
  g_autoptr(GPtrArray) targets = NULL;
  g_auto(GStrv) scenes = NULL;
  HearthStore *store;
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  g_clear_pointer (&self->command, hearth_command_free);
  g_free (self->parsed);
  self->parsed = g_strdup (text);

  if (*stripped == '\0' || self->home == NULL || self->grammar == NULL)
    {
      if (self->prompting)
        show (self, "input-keyboard-symbolic", _("Say What to Do"),
              _("Like “kitchen lights off”, “desk lamp 30 %” or “is the porch on”"), FALSE);
      else
        show (self, NULL, NULL, NULL, FALSE);
      return;
    }

  targets = hearth_command_targets_from_home (self->home, NULL);
  store = hearth_home_get_store (self->home);
  scenes = store != NULL ? hearth_store_dup_scene_names (store) : NULL;
  self->command = hearth_command_parse (self->grammar, stripped, targets, (const char * const *) scenes);

  if (!self->command->reads_as_command)
    show (self, NULL, NULL, NULL, FALSE);
  else if (!self->command->understood)
    show (self, "dialog-question-symbolic", self->command->message, NULL, FALSE);
  else if (self->command->action == HEARTH_COMMAND_STATE)
    show (self, "dialog-information-symbolic", self->command->answer, NULL, FALSE);
  else
    show (self, "media-playback-start-symbolic", self->command->summary,
          _("Press Enter to do it"), TRUE);
}

static void
on_entry_search_changed (HearthCommandBar *self)
{
  update (self);
}

static void
on_entry_unmap (HearthCommandBar *self)
{
  self->prompting = FALSE;
  update (self);
}

static void
on_command_run (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(HearthCommandBar) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *done = g_strdup (self->summary);

  if (!hearth_command_run_finish (HEARTH_HOME (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", error->message);
    }
  else
    {
      gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", done != NULL ? done : "");
      if (self->entry != NULL)
        gtk_editable_set_text (GTK_EDITABLE (self->entry), "");
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->run_button), TRUE);
}

gboolean
hearth_command_bar_activate (HearthCommandBar *self)
{
  g_return_val_if_fail (HEARTH_IS_COMMAND_BAR (self), FALSE);

  if (self->command == NULL || !self->command->reads_as_command)
    return FALSE;
  if (!self->command->understood || self->command->action == HEARTH_COMMAND_STATE ||
      !gtk_widget_get_sensitive (GTK_WIDGET (self->run_button)))
    return TRUE;

  gtk_widget_set_sensitive (GTK_WIDGET (self->run_button), FALSE);
  hearth_command_run_async (self->home, self->command, self->cancellable, on_command_run, g_object_ref (self));
  return TRUE;
}

static void
on_run_button_clicked (HearthCommandBar *self)
{
  hearth_command_bar_activate (self);
}

const char *
hearth_command_bar_get_search (HearthCommandBar *self)
{
  const char *text;

  g_return_val_if_fail (HEARTH_IS_COMMAND_BAR (self), NULL);

  if (self->entry == NULL)
    return NULL;
  /* Whichever of the entry's handlers runs first */
  text = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  if (g_strcmp0 (text, self->parsed) != 0)
    update (self);
  return self->command != NULL && self->command->reads_as_command ? NULL : text;
}

const char *
hearth_command_bar_get_summary (HearthCommandBar *self)
{
  g_return_val_if_fail (HEARTH_IS_COMMAND_BAR (self), NULL);

  return self->summary;
}

/* Ctrl+L: the search, as a place for commands */
static gboolean
on_open_shortcut (GtkWidget *widget,
                  GVariant  *args,
                  gpointer   user_data)
{
  HearthCommandBar *self = user_data;

  if (!gtk_widget_activate_action (GTK_WIDGET (self), "win.search", NULL))
    return FALSE;
  self->prompting = TRUE;
  update (self);
  return TRUE;
}

static void
hearth_command_bar_root (GtkWidget *widget)
{
  HearthCommandBar *self = HEARTH_COMMAND_BAR (widget);
  GtkShortcut *shortcut;

  GTK_WIDGET_CLASS (hearth_command_bar_parent_class)->root (widget);

  self->shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (self->shortcuts), GTK_SHORTCUT_SCOPE_LOCAL);
  shortcut = gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_l, GDK_CONTROL_MASK),
                               gtk_callback_action_new (on_open_shortcut, self, NULL));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (self->shortcuts), shortcut);
  gtk_widget_add_controller (GTK_WIDGET (gtk_widget_get_root (widget)), g_object_ref (self->shortcuts));
}

static void
hearth_command_bar_unroot (GtkWidget *widget)
{
  HearthCommandBar *self = HEARTH_COMMAND_BAR (widget);

  if (self->shortcuts != NULL)
    {
      gtk_widget_remove_controller (GTK_WIDGET (gtk_widget_get_root (widget)), self->shortcuts);
      g_clear_object (&self->shortcuts);
    }
  GTK_WIDGET_CLASS (hearth_command_bar_parent_class)->unroot (widget);
}

static void
set_entry (HearthCommandBar *self,
           GtkSearchEntry   *entry)
{
  if (self->entry != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->entry, self);
      g_clear_object (&self->entry);
    }
  if (entry != NULL)
    {
      self->entry = g_object_ref (entry);
      g_signal_connect_swapped (entry, "search-changed", G_CALLBACK (on_entry_search_changed), self);
      g_signal_connect_swapped (entry, "unmap", G_CALLBACK (on_entry_unmap), self);
    }
  update (self);
}

static void
hearth_command_bar_dispose (GObject *object)
{
  HearthCommandBar *self = HEARTH_COMMAND_BAR (object);

  g_cancellable_cancel (self->cancellable);
  set_entry (self, NULL);
  g_clear_object (&self->home);
  g_clear_pointer (&self->command, hearth_command_free);

  G_OBJECT_CLASS (hearth_command_bar_parent_class)->dispose (object);
}

static void
hearth_command_bar_finalize (GObject *object)
{
  HearthCommandBar *self = HEARTH_COMMAND_BAR (object);

  g_clear_pointer (&self->grammar, hearth_grammar_free);
  g_clear_object (&self->cancellable);
  g_free (self->summary);
  g_free (self->parsed);

  G_OBJECT_CLASS (hearth_command_bar_parent_class)->finalize (object);
}

static void
hearth_command_bar_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  HearthCommandBar *self = HEARTH_COMMAND_BAR (object);

  switch ((HearthCommandBarProperty) prop_id)
    {
    case PROP_HOME:
      g_value_set_object (value, self->home);
      break;
    case PROP_ENTRY:
      g_value_set_object (value, self->entry);
      break;
    case PROP_SUMMARY:
      g_value_set_string (value, self->summary);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hearth_command_bar_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  HearthCommandBar *self = HEARTH_COMMAND_BAR (object);

  switch ((HearthCommandBarProperty) prop_id)
    {
    case PROP_HOME:
      g_set_object (&self->home, g_value_get_object (value));
      update (self);
      break;
    case PROP_ENTRY:
      set_entry (self, g_value_get_object (value));
      break;
    case PROP_SUMMARY:
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hearth_command_bar_class_init (HearthCommandBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hearth_command_bar_dispose;
  object_class->finalize = hearth_command_bar_finalize;
  object_class->get_property = hearth_command_bar_get_property;
  object_class->set_property = hearth_command_bar_set_property;
  widget_class->root = hearth_command_bar_root;
  widget_class->unroot = hearth_command_bar_unroot;

  properties[PROP_HOME] =
    g_param_spec_object ("home", NULL, NULL, HEARTH_TYPE_HOME,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ENTRY] =
    g_param_spec_object ("entry", NULL, NULL, GTK_TYPE_SEARCH_ENTRY,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SUMMARY] =
    g_param_spec_string ("summary", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, G_N_ELEMENTS (properties), properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/hearthapp/Hearth/hearth-command-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, HearthCommandBar, revealer);
  gtk_widget_class_bind_template_child (widget_class, HearthCommandBar, row);
  gtk_widget_class_bind_template_child (widget_class, HearthCommandBar, icon);
  gtk_widget_class_bind_template_child (widget_class, HearthCommandBar, run_button);
  gtk_widget_class_bind_template_callback (widget_class, on_run_button_clicked);
}

static void
hearth_command_bar_init (HearthCommandBar *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *language = hearth_grammar_language_for_locale ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->grammar = hearth_grammar_load (language, &error);
  if (self->grammar == NULL)
    g_debug ("No grammar for commands in %s: %s", language, error->message);
}
