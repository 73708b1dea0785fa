/* hearth-window.c: the main window: the home's tiles and everything around
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "hearth-add-device-dialog.h"
#include "hearth-command-bar.h"
#include "hearth-details-page.h"
#include "hearth-device-text.h"
#include "hearth-login-dialog.h"
#include "hearth-room-actions.h"
#include "hearth-rooms-dialog.h"
#include "hearth-scene-bar.h"
#include "hearth-tile-grid.h"
#include "hearth-window.h"
#include "hearth-window-private.h"

#define SETTINGS_SCHEMA "io.github.hearthapp.Hearth"
#define DEFAULT_SEARCH_GRACE_MS 4000

struct _HearthWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template */
  AdwToastOverlay      *toast_overlay;
  AdwHeaderBar         *header_bar;
  GtkWidget            *back_button;
  GtkWidget            *add_button;
  AdwWindowTitle       *window_title;
  GtkWidget            *menu_button;
  GtkWidget            *search_button;
  GtkSearchBar         *search_bar;
  GtkSearchEntry       *search_entry;
  HearthCommandBar     *command_bar;
  GtkRevealer          *banner;
  GtkStack             *stack;
  GtkSpinner           *spinner;
  HearthTileGrid       *grid;
  GtkWidget            *demo_button;
  GtkWidget            *demo_button_no_avahi;

  GtkWidget            *details_page;

  HearthHome           *home;
  HearthControlList    *list;
  GSettings            *settings;
  GCancellable         *cancellable;
  char                 *subtitle;
  char                 *last_toast;
  guint                 search_grace_id;
  guint                 search_grace_ms;
  gboolean              demo_available;
  gboolean              grace_over;
};

G_DEFINE_FINAL_TYPE (HearthWindow, hearth_window, ADW_TYPE_APPLICATION_WINDOW)

typedef enum
{
  PROP_HOME = 1,
  PROP_LIST,
  PROP_DEMO_AVAILABLE,
  PROP_SUBTITLE,
} HearthWindowProperty;

static GParamSpec *properties[PROP_SUBTITLE + 1];

/* Which page */

static gboolean
showing_details (HearthWindow *self)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "details") == 0;
}

static gboolean
discovery_is_off (HearthWindow *self)
{
  HearthBrowser *browser = hearth_home_get_browser (self->home);

  if (browser == NULL)
    return FALSE;

  switch (hearth_browser_get_state (browser))
    {
    case HEARTH_BROWSER_STATE_NO_DAEMON:
    case HEARTH_BROWSER_STATE_FAILED:
      return TRUE;
    case HEARTH_BROWSER_STATE_STARTING:
    case HEARTH_BROWSER_STATE_RUNNING:
    default:
      return FALSE;
    }
}

static const char *
pick_page (HearthWindow *self)
{
  const char *search = hearth_tile_grid_get_search (self->grid);

  if (hearth_tile_grid_get_n_visible (self->grid) > 0)
    return "home";
  if (search != NULL && g_list_model_get_n_items (G_LIST_MODEL (self->list)) > 0)
    return "no-results";
  /* Controls, every one of them hidden */
  if (g_list_model_get_n_items (G_LIST_MODEL (self->list)) > 0)
    return "all-hidden";
  /* Devices found, still being read */
  if (g_list_model_get_n_items (G_LIST_MODEL (self->home)) > 0)
    return "searching";
  if (discovery_is_off (self))
    return "no-avahi";
  if (!self->grace_over || hearth_home_get_busy (self->home) > 0)
    return "searching";
  return "empty";
}

static void
update_page (HearthWindow *self)
{
  const char *page;

  /* Not flushing the grid: it updates its rows once a frame however many
   * devices arrive meanwhile, and says so by "n-visible", which calls
   * this again */
  gtk_revealer_set_reveal_child (self->banner,
                                 discovery_is_off (self) &&
                                 g_list_model_get_n_items (G_LIST_MODEL (self->home)) > 0 &&
                                 !showing_details (self));

  if (showing_details (self))
    return;

  page = pick_page (self);
  gtk_spinner_set_spinning (self->spinner, g_str_equal (page, "searching"));
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), page) != 0)
    gtk_stack_set_visible_child_name (self->stack, page);
}

static void
on_home_changed (HearthWindow *self)
{
  update_page (self);
}

static gboolean
search_grace_cb (gpointer user_data)
{
  HearthWindow *self = user_data;

  self->search_grace_id = 0;
  self->grace_over = TRUE;
  update_page (self);
  return G_SOURCE_REMOVE;
}

/* Search */

static void
on_search_changed_cb (HearthWindow *self)
{
  hearth_tile_grid_set_search (self->grid, hearth_command_bar_get_search (self->command_bar));
  update_page (self);
}

static void
on_search_activate_cb (HearthWindow *self)
{
  if (!hearth_command_bar_activate (self->command_bar))
    hearth_tile_grid_focus_first (self->grid);
}

static void
on_search_stop_cb (HearthWindow *self)
{
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
}

static gboolean
close_search_cb (GtkWidget *widget,
                 GVariant  *args,
                 gpointer   user_data)
{
  HearthWindow *self = user_data;

  if (!gtk_search_bar_get_search_mode (self->search_bar))
    return FALSE;
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
  return TRUE;
}

static void
on_search_mode_changed (HearthWindow *self)
{
  if (!gtk_search_bar_get_search_mode (self->search_bar))
    {
      GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
      /* Back to the tiles, not into a hidden entry */
      if (focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->search_bar)))
        hearth_tile_grid_focus_first (self->grid);
    }
}

/* Pages */

static void
set_details_mode (HearthWindow *self,
                  gboolean      details)
{
  gtk_widget_set_visible (self->back_button, details);
  gtk_widget_set_visible (self->add_button, !details);
  gtk_widget_set_visible (self->search_button, !details);
  if (details)
    gtk_search_bar_set_search_mode (self->search_bar, FALSE);
  /* Typing on the details page goes to its fields, not the search */
  gtk_search_bar_set_key_capture_widget (self->search_bar, details ? NULL : GTK_WIDGET (self));
}

/* A device that needs a password or pairing opens its dialog, not details */
static gboolean
open_credentials_dialog (HearthWindow *self,
                         HearthDevice *device)
{
  GtkWidget *dialog = hearth_credentials_dialog_new (GTK_WINDOW (self), self->home, device);

  if (dialog == NULL)
    return FALSE;
  gtk_window_present (GTK_WINDOW (dialog));
  return TRUE;
}

static void
show_details_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  HearthWindow *self = HEARTH_WINDOW (widget);
  const char *key = g_variant_get_string (parameter, NULL);
  HearthControlItem *item = hearth_control_list_find (self->list, key);

  if (item == NULL || self->details_page == NULL)
    return;

  if (open_credentials_dialog (self, hearth_control_item_get_device (item)))
    return;

  hearth_details_page_set_item (HEARTH_DETAILS_PAGE (self->details_page), item);
  /* The page shows the name, large; the header says where it is */
  adw_window_title_set_title (self->window_title,
                              hearth_control_item_get_room (item) ? hearth_control_item_get_room (item) : "");
  adw_window_title_set_subtitle (self->window_title, NULL);
  set_details_mode (self, TRUE);
  gtk_stack_set_visible_child_name (self->stack, "details");
  gtk_revealer_set_reveal_child (self->banner, FALSE);
  gtk_widget_child_focus (self->details_page, GTK_DIR_TAB_FORWARD);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  HearthWindow *self = HEARTH_WINDOW (widget);
  g_autofree char *key = NULL;
  HearthControlItem *item = NULL;
  HearthTile *tile;

  if (!showing_details (self))
    return;

  if (self->details_page != NULL)
    {
      item = hearth_details_page_get_item (HEARTH_DETAILS_PAGE (self->details_page));
      if (item != NULL)
        key = g_strdup (hearth_control_item_get_key (item));
      hearth_details_page_set_item (HEARTH_DETAILS_PAGE (self->details_page), NULL);
    }

  adw_window_title_set_title (self->window_title, _("Hearth"));
  adw_window_title_set_subtitle (self->window_title, self->subtitle);
  set_details_mode (self, FALSE);
  gtk_stack_set_visible_child_name (self->stack, "home");
  update_page (self);

  /* Back where the person was */
  tile = key != NULL ? hearth_tile_grid_find_tile (self->grid, key) : NULL;
  if (tile != NULL)
    hearth_tile_focus (tile);
}

static void
on_details_item_notify (HearthWindow *self)
{
  /* The control shown went away (forgotten): back home */
  if (showing_details (self) &&
      hearth_details_page_get_item (HEARTH_DETAILS_PAGE (self->details_page)) == NULL)
    {
      set_details_mode (self, FALSE);
      adw_window_title_set_title (self->window_title, _("Hearth"));
      adw_window_title_set_subtitle (self->window_title, self->subtitle);
      gtk_stack_set_visible_child_name (self->stack, "home");
      update_page (self);
    }
}

/* Toasts */

static void
show_toast (HearthWindow *self,
            const char   *message)
{
  AdwToast *toast = adw_toast_new (message);

  g_free (self->last_toast);
  self->last_toast = g_strdup (message);
  adw_toast_set_timeout (toast, 5);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
toast_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  show_toast (HEARTH_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

/* Applying a change */

typedef struct
{
  GWeakRef  window;
  char     *title;
} ApplyData;

static void
apply_data_free (ApplyData *data)
{
  g_weak_ref_clear (&data->window);
  g_free (data->title);
  g_free (data);
}

static void
on_apply_done (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  ApplyData *data = user_data;
  g_autoptr(HearthWindow) self = g_weak_ref_get (&data->window);
  g_autoptr(GError) error = NULL;

  if (!hearth_home_apply_finish (HEARTH_HOME (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
      self != NULL)
    {
      g_autofree char *message = hearth_device_text_failure (data->title, error);

      g_debug ("Applying to %s failed: %s", data->title, error->message);
      show_toast (self, message);
    }

  apply_data_free (data);
}

static void
apply_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  HearthWindow *self = HEARTH_WINDOW (widget);
  const char *key = NULL;
  const char *action = NULL;
  const char *note = NULL;
  g_autoptr(HearthChange) change = NULL;
  g_autoptr(GError) error = NULL;
  HearthControlItem *item;
  g_autoptr(GPtrArray) controls = NULL;
  HearthDevice *device;
  ApplyData *data;

  g_variant_get (parameter, "(&s&s&s)", &key, &action, &note);
  g_debug ("win.apply %s %s", key, action);

  item = hearth_control_list_find (self->list, key);
  if (item == NULL)
    {
      g_debug ("win.apply: no control %s", key);
      return;
    }

  change = hearth_change_new ();
  if (!hearth_change_parse_action (change, action, &error))
    {
      /* Widgets build these strings: a wrong one is a bug */
      g_warning ("win.apply: “%s” for %s: %s", action, key, error->message);
      return;
    }

  /* Its device gone from the home (forgotten, say) */
  device = hearth_control_item_get_device (item);
  if (hearth_home_lookup (self->home, hearth_device_get_id (device)) != device)
    {
      g_autofree char *message =
        /* TRANSLATORS: %s is a control's name */
        g_strdup_printf (_("%s is not connected"), hearth_control_item_get_title (item));

      show_toast (self, message);
      return;
    }

  data = g_new0 (ApplyData, 1);
  g_weak_ref_init (&data->window, self);
  data->title = g_strdup (hearth_control_item_get_title (item));

  controls = g_ptr_array_new ();
  g_ptr_array_add (controls, hearth_control_item_get_control (item));
  hearth_home_apply_async (self->home, controls, change, self->cancellable, on_apply_done, data);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  HearthWindow *self = HEARTH_WINDOW (widget);

  if (showing_details (self))
    return;
  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
add_device_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  HearthWindow *self = HEARTH_WINDOW (widget);
  GtkWidget *dialog = hearth_add_device_dialog_new (GTK_WINDOW (self), self->home);

  gtk_window_present (GTK_WINDOW (dialog));
}

static void
edit_rooms_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  HearthWindow *self = HEARTH_WINDOW (widget);
  HearthStore *store = hearth_home_get_store (self->home);
  GtkWidget *dialog;

  if (store == NULL)
    return;

  dialog = hearth_rooms_dialog_new (GTK_WINDOW (self), store);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Window size */

static void
load_window_size (HearthWindow *self)
{
  if (self->settings == NULL)
    return;

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static void
save_window_size (HearthWindow *self)
{
  int width = 0;
  int height = 0;

  if (self->settings == NULL)
    return;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_delay (self->settings);
  if (width > 0 && height > 0)
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
  g_settings_apply (self->settings);
}

static gboolean
hearth_window_close_request (GtkWindow *window)
{
  save_window_size (HEARTH_WINDOW (window));

  return GTK_WINDOW_CLASS (hearth_window_parent_class)->close_request (window);
}

/* GObject */

static void
hearth_window_constructed (GObject *object)
{
  HearthWindow *self = (HearthWindow *)object;
  HearthBrowser *browser;

  G_OBJECT_CLASS (hearth_window_parent_class)->constructed (object);

  g_assert (HEARTH_IS_HOME (self->home));
  g_assert (HEARTH_IS_CONTROL_LIST (self->list));

  hearth_tile_grid_set_store (self->grid, hearth_home_get_store (self->home));
  hearth_tile_grid_set_model (self->grid, G_LIST_MODEL (self->list));

  hearth_room_actions_install (GTK_WIDGET (self), self->list);
  self->details_page = hearth_details_page_new (self->list);
  gtk_stack_add_named (self->stack, self->details_page, "details");
  /* Escape leaves the details, and only there: on the home it belongs to
   * the search entry (a window-wide binding would win over the entry's) */
  {
    GtkEventController *shortcuts = gtk_shortcut_controller_new ();

    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                          gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                                                            gtk_named_action_new ("win.back")));
    gtk_widget_add_controller (self->details_page, shortcuts);
  }
  g_signal_connect_object (self->details_page, "notify::item",
                           G_CALLBACK (on_details_item_notify), self,
                           G_CONNECT_SWAPPED);

  g_signal_connect_object (self->grid, "notify::n-visible",
                           G_CALLBACK (on_home_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->home, "items-changed",
                           G_CALLBACK (on_home_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->home, "notify::busy",
                           G_CALLBACK (on_home_changed), self,
                           G_CONNECT_SWAPPED);
  browser = hearth_home_get_browser (self->home);
  if (browser != NULL)
    g_signal_connect_object (browser, "notify::state",
                             G_CALLBACK (on_home_changed), self,
                             G_CONNECT_SWAPPED);

  self->search_grace_id = g_timeout_add (self->search_grace_ms, search_grace_cb, self);
  update_page (self);
}

static void
hearth_window_dispose (GObject *object)
{
  HearthWindow *self = (HearthWindow *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->search_grace_id, g_source_remove);

  gtk_widget_dispose_template (GTK_WIDGET (self), HEARTH_TYPE_WINDOW);

  g_clear_object (&self->list);
  g_clear_object (&self->home);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (hearth_window_parent_class)->dispose (object);
}

static void
hearth_window_finalize (GObject *object)
{
  HearthWindow *self = (HearthWindow *)object;

  g_clear_pointer (&self->subtitle, g_free);
  g_clear_pointer (&self->last_toast, g_free);

  G_OBJECT_CLASS (hearth_window_parent_class)->finalize (object);
}

static void
hearth_window_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  HearthWindow *self = HEARTH_WINDOW (object);

  switch ((HearthWindowProperty) prop_id)
    {
    case PROP_HOME:
      g_value_set_object (value, self->home);
      break;
    case PROP_LIST:
      g_value_set_object (value, self->list);
      break;
    case PROP_DEMO_AVAILABLE:
      g_value_set_boolean (value, self->demo_available);
      break;
    case PROP_SUBTITLE:
      g_value_set_string (value, self->subtitle);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hearth_window_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  HearthWindow *self = HEARTH_WINDOW (object);

  switch ((HearthWindowProperty) prop_id)
    {
    case PROP_HOME:
      self->home = g_value_dup_object (value);
      break;
    case PROP_LIST:
      self->list = g_value_dup_object (value);
      break;
    case PROP_DEMO_AVAILABLE:
      hearth_window_set_demo_available (self, g_value_get_boolean (value));
      break;
    case PROP_SUBTITLE:
      hearth_window_set_subtitle (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hearth_window_class_init (HearthWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = hearth_window_constructed;
  object_class->dispose = hearth_window_dispose;
  object_class->finalize = hearth_window_finalize;
  object_class->get_property = hearth_window_get_property;
  object_class->set_property = hearth_window_set_property;

  window_class->close_request = hearth_window_close_request;

  properties[PROP_HOME] =
    g_param_spec_object ("home", NULL, NULL, HEARTH_TYPE_HOME,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LIST] =
    g_param_spec_object ("list", NULL, NULL, HEARTH_TYPE_CONTROL_LIST,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DEMO_AVAILABLE] =
    g_param_spec_boolean ("demo-available", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SUBTITLE] =
    g_param_spec_string ("subtitle", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, G_N_ELEMENTS (properties), properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/hearthapp/Hearth/hearth-window.ui");
  gtk_widget_class_bind_template_child (widget_class, HearthWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, HearthWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, HearthWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, HearthWindow, add_button);
  gtk_widget_class_bind_template_child (widget_class, HearthWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, HearthWindow, menu_button);
  gtk_widget_class_bind_template_child (widget_class, HearthWindow, search_button);
  gtk_widget_class_bind_template_child (widget_class, HearthWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, HearthWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, HearthWindow, command_bar);
  gtk_widget_class_bind_template_child (widget_class, HearthWindow, banner);
  gtk_widget_class_bind_template_child (widget_class, HearthWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, HearthWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, HearthWindow, grid);
  gtk_widget_class_bind_template_child (widget_class, HearthWindow, demo_button);
  gtk_widget_class_bind_template_child (widget_class, HearthWindow, demo_button_no_avahi);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_stop_cb);

  gtk_widget_class_install_action (widget_class, "win.toast", "s", toast_action);
  gtk_widget_class_install_action (widget_class, "win.apply", "(sss)", apply_action);
  gtk_widget_class_install_action (widget_class, "win.show-details", "s", show_details_action);
  gtk_widget_class_install_action (widget_class, "win.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.add-device", NULL, add_device_action);
  gtk_widget_class_install_action (widget_class, "win.edit-rooms", NULL, edit_rooms_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "win.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Back, 0, "win.back", NULL);

  g_type_ensure (HEARTH_TYPE_TILE_GRID);
  g_type_ensure (HEARTH_TYPE_SCENE_BAR);
  g_type_ensure (HEARTH_TYPE_COMMAND_BAR);
}

static void
hearth_window_init (HearthWindow *self)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->search_grace_ms = DEFAULT_SEARCH_GRACE_MS;

  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  /* GtkSearchEntry 4.8 lets Escape through when it is empty: close then too */
  {
    GtkEventController *shortcuts = gtk_shortcut_controller_new ();

    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                          gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                                                            gtk_callback_action_new (close_search_cb, self, NULL)));
    gtk_widget_add_controller (GTK_WIDGET (self->search_bar), shortcuts);
  }
  gtk_search_bar_set_key_capture_widget (self->search_bar, GTK_WIDGET (self));
  g_signal_connect_object (self->search_bar, "notify::search-mode-enabled",
                           G_CALLBACK (on_search_mode_changed), self,
                           G_CONNECT_SWAPPED);

  /* Run from the build folder without an installed schema, the window
   * only forgets its size. */
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, SETTINGS_SCHEMA, TRUE);
  if (schema != NULL)
    self->settings = g_settings_new_full (schema, NULL, NULL);
  else
    g_debug ("No GSettings schema %s: the window size is not remembered", SETTINGS_SCHEMA);

  load_window_size (self);

  if (g_strcmp0 (PROFILE, "devel") == 0)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
}

HearthWindow *
hearth_window_new (AdwApplication    *application,
                   HearthHome        *home,
                   HearthControlList *list)
{
  g_return_val_if_fail (application == NULL || ADW_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (HEARTH_IS_HOME (home), NULL);
  g_return_val_if_fail (HEARTH_IS_CONTROL_LIST (list), NULL);

  return g_object_new (HEARTH_TYPE_WINDOW,
                       "application", application,
                       "home", home,
                       "list", list,
                       NULL);
}

HearthHome *
hearth_window_get_home (HearthWindow *self)
{
  g_return_val_if_fail (HEARTH_IS_WINDOW (self), NULL);
  return self->home;
}

HearthControlList *
hearth_window_get_list (HearthWindow *self)
{
  g_return_val_if_fail (HEARTH_IS_WINDOW (self), NULL);
  return self->list;
}

gboolean
hearth_window_get_demo_available (HearthWindow *self)
{
  g_return_val_if_fail (HEARTH_IS_WINDOW (self), FALSE);
  return self->demo_available;
}

void
hearth_window_set_demo_available (HearthWindow *self,
                                  gboolean      available)
{
  g_return_if_fail (HEARTH_IS_WINDOW (self));

  available = !!available;
  if (self->demo_available == available)
    return;

  self->demo_available = available;
  gtk_widget_set_visible (self->demo_button, available);
  gtk_widget_set_visible (self->demo_button_no_avahi, available);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEMO_AVAILABLE]);
}

const char *
hearth_window_get_subtitle (HearthWindow *self)
{
  g_return_val_if_fail (HEARTH_IS_WINDOW (self), NULL);
  return self->subtitle;
}

void
hearth_window_set_subtitle (HearthWindow *self,
                            const char   *subtitle)
{
  g_return_if_fail (HEARTH_IS_WINDOW (self));

  if (g_strcmp0 (self->subtitle, subtitle) == 0)
    return;

  g_free (self->subtitle);
  self->subtitle = g_strdup (subtitle);
  if (!showing_details (self))
    adw_window_title_set_subtitle (self->window_title, subtitle);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUBTITLE]);
}

const char *
hearth_window_get_page (HearthWindow *self)
{
  g_return_val_if_fail (HEARTH_IS_WINDOW (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

HearthTileGrid *
_hearth_window_get_grid (HearthWindow *self)
{
  g_return_val_if_fail (HEARTH_IS_WINDOW (self), NULL);
  return self->grid;
}

const char *
_hearth_window_get_last_toast (HearthWindow *self)
{
  g_return_val_if_fail (HEARTH_IS_WINDOW (self), NULL);
  return self->last_toast;
}

void
_hearth_window_set_search_grace (HearthWindow *self,
                                 guint         milliseconds)
{
  g_return_if_fail (HEARTH_IS_WINDOW (self));

  self->search_grace_ms = milliseconds;
  g_clear_handle_id (&self->search_grace_id, g_source_remove);
  self->grace_over = FALSE;
  self->search_grace_id = g_timeout_add (milliseconds, search_grace_cb, self);
}
