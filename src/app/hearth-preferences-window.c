/* hearth-preferences-window.c: hidden controls, devices added by hand, where choices live
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "hearth-control-item.h"
#include "hearth-device-text.h"
#include "hearth-preferences-window.h"

struct _HearthPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  HearthControlList    *list;
  HearthStore          *store;
  GtkFilter            *hidden_filter;
  GListModel           *hidden_model;

  /* template children */
  GtkListBox           *hidden_list;
  GtkListBox           *hosts_list;
  AdwActionRow         *file_row;
  GtkWidget            *open_folder_button;
};

G_DEFINE_FINAL_TYPE (HearthPreferencesWindow, hearth_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

typedef enum
{
  PROP_LIST = 1,
} HearthPreferencesWindowProperty;

static GParamSpec *properties[PROP_LIST + 1];

/* Hidden controls */

static gboolean
filter_hidden (gpointer item,
               gpointer user_data)
{
  HearthPreferencesWindow *self = user_data;

  /* The store is the truth: the items may not have heard of a change yet */
  return self->store != NULL &&
         hearth_store_get_hidden (self->store,
                                  hearth_control_item_get_key (HEARTH_CONTROL_ITEM (item)));
}

static void
on_show_clicked (GtkButton               *button,
                 HearthPreferencesWindow *self)
{
  HearthControlItem *item = g_object_get_data (G_OBJECT (button), "item");

  hearth_store_set_hidden (self->store, hearth_control_item_get_key (item), FALSE);
}

static GtkWidget *
create_hidden_row (gpointer item,
                   gpointer user_data)
{
  HearthPreferencesWindow *self = user_data;
  HearthControlItem *control_item = item;
  HearthDevice *device = hearth_control_item_get_device (control_item);
  const char *room = hearth_control_item_get_room (control_item);
  g_autofree char *label = NULL;
  GtkWidget *row;
  GtkWidget *button;

  row = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 hearth_control_item_get_title (control_item));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                               room != NULL ? room : hearth_device_get_name (device));
  adw_action_row_set_icon_name (ADW_ACTION_ROW (row),
                                hearth_control_item_get_icon_name (control_item));

  /* TRANSLATORS: a button that gives a hidden control its tile back */
  button = gtk_button_new_with_mnemonic (_("_Show"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  label = g_strdup_printf (_("Show %s on the home page"), hearth_control_item_get_title (control_item));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  g_object_set_data_full (G_OBJECT (button), "item", g_object_ref (control_item), g_object_unref);
  g_signal_connect_object (button, "clicked", G_CALLBACK (on_show_clicked), self, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);

  return row;
}

/* Hosts added by address */

static void
on_forget_host_clicked (GtkButton               *button,
                        HearthPreferencesWindow *self)
{
  HearthHost *host = g_object_get_data (G_OBJECT (button), "host");
  HearthHome *home = hearth_preferences_window_get_home (self);

  /* A device found there goes with its host; else only the host */
  if (host != NULL && home != NULL)
    hearth_home_forget_host (home, host);
}

static void
update_hosts (HearthPreferencesWindow *self)
{
  HearthHome *home = hearth_preferences_window_get_home (self);
  g_autoptr(GPtrArray) hosts = home != NULL ? hearth_home_dup_hosts (home) : NULL;
  GtkListBoxRow *old;

  while ((old = gtk_list_box_get_row_at_index (self->hosts_list, 0)) != NULL)
    gtk_list_box_remove (self->hosts_list, GTK_WIDGET (old));

  for (guint i = 0; hosts != NULL && i < hosts->len; i++)
    {
      HearthHost *host = g_ptr_array_index (hosts, i);
      g_autofree char *entry = hearth_host_to_string (host);
      g_autofree char *label = NULL;
      HearthDevice *device = hearth_home_lookup_host (home, host);
      GtkWidget *row;
      GtkWidget *button;

      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), entry);
      if (device != NULL)
        {
          g_autofree char *model = hearth_device_text_model (home, device);
          /* TRANSLATORS: a device's name and model, e.g. "Desk Lamp · Elgato Key Light" */
          g_autofree char *subtitle = g_strdup_printf (_("%s · %s"),
                                                       hearth_device_get_name (device), model);

          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
        }
      else
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("No device has answered there yet"));

      button = gtk_button_new_from_icon_name ("user-trash-symbolic");
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_set_tooltip_text (button, _("Forget"));
      label = g_strdup_printf (_("Forget %s"), entry);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                      -1);
      g_object_set_data_full (G_OBJECT (button), "host", hearth_host_ref (host),
                              (GDestroyNotify) hearth_host_unref);
      g_signal_connect_object (button, "clicked", G_CALLBACK (on_forget_host_clicked), self, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);

      gtk_list_box_append (self->hosts_list, row);
    }
}

static void
on_store_changed (HearthPreferencesWindow *self)
{
  gtk_filter_changed (self->hidden_filter, GTK_FILTER_CHANGE_DIFFERENT);
  update_hosts (self);
}

/* The file */

static void
on_open_folder_clicked (HearthPreferencesWindow *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) folder = NULL;
  g_autofree char *uri = NULL;

  if (self->store == NULL)
    return;

  file = g_file_new_for_path (hearth_store_get_path (self->store));
  folder = g_file_get_parent (file);
  if (folder == NULL)
    return;

  uri = g_file_get_uri (folder);
  gtk_show_uri (GTK_WINDOW (self), uri, GDK_CURRENT_TIME);
}

static void
update_file (HearthPreferencesWindow *self)
{
  const char *path = self->store != NULL ? hearth_store_get_path (self->store) : NULL;
  g_autofree char *display = NULL;
  const char *home_dir = g_get_home_dir ();

  if (path == NULL)
    {
      adw_action_row_set_subtitle (self->file_row, _("Nowhere: this session keeps nothing"));
      gtk_widget_set_visible (self->open_folder_button, FALSE);
      return;
    }

  /* "~/.local/share/hearth/home.json" reads better than the full path */
  if (home_dir != NULL && g_str_has_prefix (path, home_dir) && path[strlen (home_dir)] == '/')
    display = g_strconcat ("~", path + strlen (home_dir), NULL);
  else
    display = g_strdup (path);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->file_row), FALSE);
  adw_action_row_set_subtitle (self->file_row, display);
}

/* GObject */

GtkWidget *
hearth_preferences_window_new (GtkWindow *parent)
{
  g_autoptr(HearthControlList) list = NULL;
  GObjectClass *klass;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  /* The main window (HearthWindow) has one */
  klass = parent != NULL ? G_OBJECT_GET_CLASS (parent) : NULL;
  if (klass != NULL && g_object_class_find_property (klass, "list") != NULL)
    g_object_get (parent, "list", &list, NULL);

  return g_object_new (HEARTH_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "list", list,
                       NULL);
}

HearthHome *
hearth_preferences_window_get_home (HearthPreferencesWindow *self)
{
  g_return_val_if_fail (HEARTH_IS_PREFERENCES_WINDOW (self), NULL);

  return self->list != NULL ? hearth_control_list_get_home (self->list) : NULL;
}

HearthControlList *
hearth_preferences_window_get_list (HearthPreferencesWindow *self)
{
  g_return_val_if_fail (HEARTH_IS_PREFERENCES_WINDOW (self), NULL);

  return self->list;
}

static void
hearth_preferences_window_constructed (GObject *object)
{
  HearthPreferencesWindow *self = HEARTH_PREFERENCES_WINDOW (object);
  HearthHome *home;

  G_OBJECT_CLASS (hearth_preferences_window_parent_class)->constructed (object);

  home = hearth_preferences_window_get_home (self);
  if (home != NULL && hearth_home_get_store (home) != NULL)
    self->store = g_object_ref (hearth_home_get_store (home));

  self->hidden_filter = GTK_FILTER (gtk_custom_filter_new (filter_hidden, self, NULL));
  if (self->list != NULL)
    {
      self->hidden_model =
        G_LIST_MODEL (gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->list)),
                                                 g_object_ref (self->hidden_filter)));
      gtk_list_box_bind_model (self->hidden_list, self->hidden_model,
                               create_hidden_row, self, NULL);
    }

  if (self->store != NULL)
    g_signal_connect_object (self->store, "changed",
                             G_CALLBACK (on_store_changed), self,
                             G_CONNECT_SWAPPED);
  if (home != NULL)
    g_signal_connect_object (home, "items-changed",
                             G_CALLBACK (update_hosts), self,
                             G_CONNECT_SWAPPED);

  update_hosts (self);
  update_file (self);
}

static void
hearth_preferences_window_dispose (GObject *object)
{
  HearthPreferencesWindow *self = HEARTH_PREFERENCES_WINDOW (object);

  if (self->hidden_list != NULL)
    gtk_list_box_bind_model (self->hidden_list, NULL, NULL, NULL, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), HEARTH_TYPE_PREFERENCES_WINDOW);

  g_clear_object (&self->hidden_model);
  g_clear_object (&self->hidden_filter);
  g_clear_object (&self->store);
  g_clear_object (&self->list);

  G_OBJECT_CLASS (hearth_preferences_window_parent_class)->dispose (object);
}

static void
hearth_preferences_window_get_property (GObject    *object,
                                        guint       prop_id,
                                        GValue     *value,
                                        GParamSpec *pspec)
{
  HearthPreferencesWindow *self = HEARTH_PREFERENCES_WINDOW (object);

  switch ((HearthPreferencesWindowProperty) prop_id)
    {
    case PROP_LIST:
      g_value_set_object (value, hearth_preferences_window_get_list (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hearth_preferences_window_set_property (GObject      *object,
                                        guint         prop_id,
                                        const GValue *value,
                                        GParamSpec   *pspec)
{
  HearthPreferencesWindow *self = HEARTH_PREFERENCES_WINDOW (object);

  switch ((HearthPreferencesWindowProperty) prop_id)
    {
    case PROP_LIST:
      self->list = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hearth_preferences_window_class_init (HearthPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = hearth_preferences_window_constructed;
  object_class->dispose = hearth_preferences_window_dispose;
  object_class->get_property = hearth_preferences_window_get_property;
  object_class->set_property = hearth_preferences_window_set_property;

  properties[PROP_LIST] =
    g_param_spec_object ("list", NULL, NULL, HEARTH_TYPE_CONTROL_LIST,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, G_N_ELEMENTS (properties), properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/hearthapp/Hearth/hearth-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, HearthPreferencesWindow, hidden_list);
  gtk_widget_class_bind_template_child (widget_class, HearthPreferencesWindow, hosts_list);
  gtk_widget_class_bind_template_child (widget_class, HearthPreferencesWindow, file_row);
  gtk_widget_class_bind_template_child (widget_class, HearthPreferencesWindow, open_folder_button);
  gtk_widget_class_bind_template_callback (widget_class, on_open_folder_clicked);
}

static void
hearth_preferences_window_init (HearthPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
