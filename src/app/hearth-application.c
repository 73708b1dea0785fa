/* hearth-application.c: the application: one home, its window, the demo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>

#include <glib/gi18n.h>
#include <glib-unix.h>

#include "hearth-application.h"
#include "hearth-control-item.h"
#include "hearth-control-list.h"
#include "hearth-demo.h"
/* The one place the app names its driver set (tests/check-layers.py) */
#include "hearth-drivers.h"
#include "hearth-preferences-window.h"
#include "hearth-window.h"

struct _HearthApplication
{
  AdwApplication     parent_instance;

  HearthHome        *home;
  HearthControlList *list;

  char              *simulator;
  HearthDemo        *demo;
  HearthControlList *demo_list;
  HearthWindow      *demo_window;
  gboolean           demo_only;
};

G_DEFINE_FINAL_TYPE (HearthApplication, hearth_application, ADW_TYPE_APPLICATION)

/* The demo home */

static void
on_demo_started (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(HearthApplication) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!hearth_demo_start_finish (HEARTH_DEMO (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
      self->demo_window != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self->demo_window), "win.toast", "s", error->message);
}

static void
on_demo_window_destroyed (HearthApplication *self)
{
  self->demo_window = NULL;
  if (self->demo != NULL)
    hearth_demo_stop (self->demo);
  g_clear_object (&self->demo);
  g_clear_object (&self->demo_list);
}

static HearthWindow *
show_demo (HearthApplication *self)
{
  HearthHome *home;

  if (self->demo_window != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->demo_window));
      return self->demo_window;
    }

  if (self->simulator == NULL)
    return NULL;

  self->demo = hearth_demo_new (self->simulator, hearth_drivers_new_all ());
  home = hearth_demo_get_home (self->demo);
  self->demo_list = hearth_control_list_new (home, hearth_home_get_store (home));
  self->demo_window = hearth_window_new (ADW_APPLICATION (self), home, self->demo_list);
  hearth_window_set_subtitle (self->demo_window, _("Demo Home"));
  g_signal_connect_object (self->demo_window, "destroy",
                           G_CALLBACK (on_demo_window_destroyed), self,
                           G_CONNECT_SWAPPED);

  hearth_demo_start_async (self->demo, NULL, on_demo_started, g_object_ref (self));
  gtk_window_present (GTK_WINDOW (self->demo_window));

  return self->demo_window;
}

static void
show_demo_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  HearthApplication *self = user_data;
  GtkWindow *active = gtk_application_get_active_window (GTK_APPLICATION (self));
  HearthWindow *demo = show_demo (self);

  /* The empty window that offered it makes way */
  if (demo != NULL && active != NULL && active != GTK_WINDOW (demo))
    gtk_window_destroy (active);
}

/* The person's home */

static HearthWindow *
find_home_window (HearthApplication *self)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    {
      if (HEARTH_IS_WINDOW (l->data) && l->data != (gpointer) self->demo_window)
        return l->data;
    }
  return NULL;
}

static void
ensure_home (HearthApplication *self)
{
  g_autoptr(HearthStore) store = NULL;
  g_autoptr(HearthHistory) history = NULL;
  g_autofree char *history_path = NULL;
  g_autoptr(GError) error = NULL;

  if (self->home != NULL)
    return;

  store = hearth_store_new (NULL);
  if (!hearth_store_load (store, &error))
    g_warning ("%s", error->message);
  g_clear_error (&error);

  /* Power over time, beside the store (a damaged file: an empty history) */
  history_path = hearth_history_path_for_store (hearth_store_get_path (store));
  history = hearth_history_new (history_path);
  if (!hearth_history_load (history, &error))
    g_warning ("%s", error->message);

  self->home = hearth_home_new (hearth_drivers_new_all ());
  hearth_home_set_store (self->home, store);
  hearth_home_set_history (self->home, history);
  self->list = hearth_control_list_new (self->home, store);
  hearth_home_start (self->home);
}

static void
hearth_application_activate (GApplication *application)
{
  HearthApplication *self = HEARTH_APPLICATION (application);
  HearthWindow *window;

  if (self->demo_only)
    {
      if (show_demo (self) == NULL)
        g_printerr ("%s\n", _("The demo home needs hearth-sim: build Hearth from source, or set HEARTH_SIM"));
      return;
    }

  window = find_home_window (self);
  if (window == NULL)
    {
      ensure_home (self);
      window = hearth_window_new (ADW_APPLICATION (self), self->home, self->list);
      hearth_window_set_demo_available (window, self->simulator != NULL);
    }

  gtk_window_present (GTK_WINDOW (window));
}

/* Actions */

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  HearthApplication *self = user_data;

  /* Windows first, so they save their size */
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL;)
    {
      GtkWindow *window = l->data;

      l = l->next;
      gtk_window_close (window);
    }
  g_application_quit (G_APPLICATION (self));
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  HearthApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  const char *developers[] = { _("The Hearth developers"), NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", parent,
                        "modal", TRUE,
                        "application-name", _("Hearth"),
                        "application-icon", APPLICATION_ID,
                        "developer-name", _("The Hearth developers"),
                        "developers", developers,
                        "version", PACKAGE_VERSION,
                        "comments", _("Control the lights, plugs, switches, blinds and sensors "
                                      "on your home network, directly and without a cloud."),
                        "website", "https://github.com/hearthapp/hearth",
                        "issue-url", "https://github.com/hearthapp/hearth/issues",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "copyright", _("© The Hearth developers"),
                        /* TRANSLATORS: your name, and an address, one per line */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  HearthApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));

  gtk_window_present (GTK_WINDOW (hearth_preferences_window_new (parent)));
}

static const GActionEntry app_actions[] = {
  { "quit", quit_action, NULL, NULL, NULL },
  { "about", about_action, NULL, NULL, NULL },
  { "preferences", preferences_action, NULL, NULL, NULL },
  { "show-demo", show_demo_action, NULL, NULL, NULL },
};

/* GApplication */

static int
hearth_application_handle_local_options (GApplication *application,
                                         GVariantDict *options)
{
  HearthApplication *self = HEARTH_APPLICATION (application);

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("hearth %s\n", PACKAGE_VERSION);
      return 0;
    }

  if (g_variant_dict_contains (options, "demo"))
    {
      if (self->simulator == NULL)
        {
          g_printerr ("%s\n", _("The demo home needs hearth-sim: build Hearth from source, or set HEARTH_SIM"));
          return 1;
        }

      /* A window of its own, beside a Hearth that may be running already */
      self->demo_only = TRUE;
      g_application_set_flags (application,
                               g_application_get_flags (application) | G_APPLICATION_NON_UNIQUE);
    }

  return G_APPLICATION_CLASS (hearth_application_parent_class)->handle_local_options (application, options);
}

/* Ctrl+C in a terminal, or a polite kill: quit properly (the demo's
 * simulator stops, the store is written) */
static gboolean
on_quit_signal (gpointer user_data)
{
  g_application_quit (G_APPLICATION (user_data));
  return G_SOURCE_CONTINUE;
}

static void
hearth_application_startup (GApplication *application)
{
  HearthApplication *self = HEARTH_APPLICATION (application);
  const char *quit_accels[] = { "<Control>q", NULL };
  const char *close_accels[] = { "<Control>w", NULL };
  const char *preferences_accels[] = { "<Control>comma", NULL };

  G_APPLICATION_CLASS (hearth_application_parent_class)->startup (application);

  g_unix_signal_add (SIGINT, on_quit_signal, self);
  g_unix_signal_add (SIGTERM, on_quit_signal, self);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self), "show-demo")),
                               self->simulator != NULL);

  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "window.close", close_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences", preferences_accels);
}

static void
hearth_application_shutdown (GApplication *application)
{
  HearthApplication *self = HEARTH_APPLICATION (application);
  g_autoptr(GError) error = NULL;

  if (self->demo != NULL)
    hearth_demo_stop (self->demo);

  if (self->home != NULL && hearth_home_get_store (self->home) != NULL &&
      !hearth_store_flush (hearth_home_get_store (self->home), &error))
    g_warning ("%s", error->message);
  g_clear_error (&error);
  if (self->home != NULL && hearth_home_get_history (self->home) != NULL &&
      !hearth_history_flush (hearth_home_get_history (self->home), &error))
    g_warning ("%s", error->message);

  G_APPLICATION_CLASS (hearth_application_parent_class)->shutdown (application);
}

/* GObject */

static void
hearth_application_dispose (GObject *object)
{
  HearthApplication *self = (HearthApplication *)object;

  g_clear_object (&self->demo);
  g_clear_object (&self->demo_list);
  g_clear_object (&self->list);
  g_clear_object (&self->home);

  G_OBJECT_CLASS (hearth_application_parent_class)->dispose (object);
}

static void
hearth_application_finalize (GObject *object)
{
  HearthApplication *self = (HearthApplication *)object;

  g_clear_pointer (&self->simulator, g_free);

  G_OBJECT_CLASS (hearth_application_parent_class)->finalize (object);
}

static void
hearth_application_class_init (HearthApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = hearth_application_dispose;
  object_class->finalize = hearth_application_finalize;

  app_class->activate = hearth_application_activate;
  app_class->handle_local_options = hearth_application_handle_local_options;
  app_class->startup = hearth_application_startup;
  app_class->shutdown = hearth_application_shutdown;
}

static void
hearth_application_init (HearthApplication *self)
{
  const GOptionEntry entries[] = {
    { "demo", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Show the demo home: simulated devices on this computer"), NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Show the version and exit"), NULL },
    { NULL }
  };

  self->simulator = hearth_demo_find_simulator ();

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Controls the smart-home devices on your local network."));
}

HearthApplication *
hearth_application_new (void)
{
  return g_object_new (HEARTH_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/io/github/hearthapp/Hearth",
                       NULL);
}

HearthHome *
hearth_application_get_home (HearthApplication *self)
{
  g_return_val_if_fail (HEARTH_IS_APPLICATION (self), NULL);
  return self->home;
}
