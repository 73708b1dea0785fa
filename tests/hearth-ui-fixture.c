/* hearth-ui-fixture.c: what the UI tests share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hearth-group-button.h"
#include "hearth-ui-fixture.h"
#include "hearth-window-private.h"

#define TIMEOUT_MS 20000

void
hearth_ui_test_init (int    *argc,
                     char ***argv)
{
  /* Then not gtk_test_init (): in GTK 4 it ignores its options, and the
   * store must live in each test's own folder, never the user's */
  gtk_disable_setlocale ();
  gtk_init ();
  adw_init ();
  g_free (g_content_type_guess ("icon.svg", NULL, 0, NULL));
  g_test_init (argc, argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
}

void
hearth_ui_use_gnome_window_buttons (void)
{
  g_object_set (gtk_settings_get_default (), "gtk-decoration-layout", "appmenu:close", NULL);
}

AdwApplication *
hearth_ui_application_new (const char *application_id)
{
  g_autoptr(GError) error = NULL;
  AdwApplication *app = adw_application_new (application_id, G_APPLICATION_NON_UNIQUE);

  g_object_set (app, "resource-base-path", "/io/github/hearthapp/Hearth", NULL);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);

  return app;
}

AdwApplication *
hearth_ui_window_test_init (int         *argc,
                            char      ***argv,
                            const char  *application_id)
{
  hearth_ui_test_init (argc, argv);
  hearth_ui_use_gnome_window_buttons ();
  return hearth_ui_application_new (application_id);
}

void
hearth_ui_spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
}

const HearthTestSimDevice *
hearth_ui_sim_device (HearthTestSim *sim,
                      const char    *name)
{
  for (guint i = 0; i < hearth_test_sim_get_n_devices (sim); i++)
    {
      const HearthTestSimDevice *device = hearth_test_sim_get_device (sim, i);

      if (g_strcmp0 (device->name, name) == 0)
        return device;
    }

  g_error ("No simulated device called “%s”", name);
}

void
hearth_ui_find_group_buttons (GtkWidget *widget,
                              GPtrArray *found)
{
  if (!gtk_widget_get_visible (widget))
    return;
  if (HEARTH_IS_GROUP_BUTTON (widget))
    {
      g_ptr_array_add (found, widget);
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    hearth_ui_find_group_buttons (child, found);
}

GtkWindow *
hearth_ui_find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();  /* borrowed */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }

  return NULL;
}

char *
hearth_ui_key_for (HearthTestSim *sim,
                   const char    *device_name,
                   const char    *control_id)
{
  return hearth_store_key (hearth_ui_sim_device (sim, device_name)->id, control_id);
}

typedef struct
{
  guint pending;
} AddWait;

static void
on_added (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  AddWait *wait = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(HearthDevice) device = hearth_home_add_address_finish (HEARTH_HOME (object), result, &error);

  g_assert_no_error (error);
  g_assert_nonnull (device);
  wait->pending--;
}

static gboolean
none_pending (gpointer data)
{
  return ((AddWait *) data)->pending == 0;
}

void
hearth_ui_add_sim_devices (HearthHome    *home,
                           HearthTestSim *sim)
{
  AddWait wait = { 0 };

  for (guint i = 0; i < hearth_test_sim_get_n_devices (sim); i++)
    {
      const HearthTestSimDevice *device = hearth_test_sim_get_device (sim, i);

      wait.pending++;
      hearth_home_add_address_async (home, device->host, device->port, NULL, on_added, &wait);
    }
  g_assert_true (hearth_test_await (none_pending, &wait, TIMEOUT_MS));
}

gboolean
hearth_ui_all_online (gpointer home)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (home));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HearthDevice) device = g_list_model_get_item (G_LIST_MODEL (home), i);

      /* A device that waits for its button to be pressed has said so: settled */
      if (hearth_device_get_state (device) != HEARTH_DEVICE_STATE_ONLINE &&
          hearth_device_get_state (device) != HEARTH_DEVICE_STATE_NEEDS_PAIRING)
        return FALSE;
    }
  return n > 0;
}

/* Screenshots */

char *
hearth_ui_shot_path (const char *name)
{
  const char *dir = g_getenv ("HEARTH_SCREENSHOT_DIR");

  if (dir == NULL)
    dir = g_getenv ("G_TEST_BUILDDIR");
  if (dir == NULL)
    dir = ".";
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);

  return g_build_filename (dir, name, NULL);
}

void
hearth_ui_save_png (GtkWidget  *widget,
                    const char *name)
{
  g_autofree char *path = hearth_ui_shot_path (name);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));

  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);

  /* A window not drawn yet (its first frame late on a busy machine) gives
   * nothing: wait for it, a frame at a time, up to 10 s */
  for (guint tries = 0; node == NULL && tries < 100; tries++)
    {
      g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
      GtkSnapshot *snapshot = gtk_snapshot_new ();

      if (tries > 0)
        hearth_ui_spin (100);
      gdk_paintable_snapshot (paintable, snapshot, width, height);
      node = gtk_snapshot_free_to_node (snapshot);
    }
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("Saved %s (%d × %d)", path, width, height);
}

/* The fixture */

static HearthDetailsPage *
find_details_page (GtkWidget *widget)
{
  if (HEARTH_IS_DETAILS_PAGE (widget))
    return HEARTH_DETAILS_PAGE (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      HearthDetailsPage *page = find_details_page (child);

      if (page != NULL)
        return page;
    }

  return NULL;
}

void
hearth_ui_fixture_open_home (HearthUiFixture *f,
                             gboolean         add_sim_devices)
{
  g_autoptr(GError) error = NULL;

  f->store = hearth_store_new (f->store_path);
  g_assert_true (hearth_store_load (f->store, &error));
  g_assert_no_error (error);

  f->home = hearth_home_new (hearth_drivers_new_all ());
  hearth_home_set_store (f->home, f->store);
  f->list = hearth_control_list_new (f->home, f->store);
  if (f->setup & HEARTH_UI_BROWSE)
    hearth_home_start (f->home);

  if (add_sim_devices)
    {
      hearth_ui_add_sim_devices (f->home, f->sim);
      g_assert_true (hearth_test_await (hearth_ui_all_online, f->home, TIMEOUT_MS));
    }

  f->window = hearth_window_new (f->app, f->home, f->list);
  f->grid = _hearth_window_get_grid (f->window);
  gtk_window_set_default_size (GTK_WINDOW (f->window), f->width, f->height);
  gtk_window_present (GTK_WINDOW (f->window));
  f->page = find_details_page (GTK_WIDGET (f->window));
  g_assert_nonnull (f->page);
  hearth_ui_spin (100);
}

void
hearth_ui_fixture_close_home (HearthUiFixture *f)
{
  g_autoptr(GError) error = NULL;

  if (f->store != NULL)
    {
      g_assert_true (hearth_store_flush (f->store, &error));
      g_assert_no_error (error);
    }

  if (f->window != NULL)
    gtk_window_destroy (GTK_WINDOW (f->window));
  f->window = NULL;
  f->grid = NULL;
  f->page = NULL;
  hearth_ui_spin (20);
  g_clear_object (&f->list);
  g_clear_object (&f->home);
  g_clear_object (&f->store);
}

void
hearth_ui_fixture_set_up (HearthUiFixture *f,
                          HearthUiSetup    setup,
                          AdwApplication  *app,
                          int              width,
                          int              height)
{
  g_autofree char *real_home = g_build_filename (g_get_home_dir (), ".local", NULL);

  f->setup = setup;
  f->app = app;
  f->width = width;
  f->height = height;

  if (setup & HEARTH_UI_NO_SYSTEM_BUS)
    {
      g_autofree char *nowhere = g_build_filename (g_get_tmp_dir (), "no-such-bus", NULL);
      g_autofree char *address = g_strconcat ("unix:path=", nowhere, NULL);

      g_setenv ("DBUS_SYSTEM_BUS_ADDRESS", address, TRUE);
    }

  if (setup & (HEARTH_UI_SIM | HEARTH_UI_ADD_SIM))
    f->sim = hearth_test_sim_start ("--demo", NULL);
  f->store_path = g_build_filename (g_get_user_data_dir (), "hearth", "home.json", NULL);
  /* Isolated: never the user's own choices */
  g_assert_false (g_str_has_prefix (f->store_path, real_home));

  hearth_ui_fixture_open_home (f, (setup & HEARTH_UI_ADD_SIM) != 0);
}

void
hearth_ui_fixture_tear_down (HearthUiFixture *f)
{
  hearth_ui_fixture_close_home (f);
  g_clear_pointer (&f->sim, hearth_test_sim_stop);
  g_clear_pointer (&f->store_path, g_free);
  g_unsetenv ("DBUS_SYSTEM_BUS_ADDRESS");
}
