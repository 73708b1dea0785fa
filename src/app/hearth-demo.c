/* hearth-demo.c: the demo home: hearth-sim's simulated devices, added by address
 *
 * For a newcomer without devices (and for screenshots): hearth-sim --demo
 * runs nine simulated devices on this machine, each its own HTTP server
 * speaking its family's real protocol. They are added by address, so the
 * demo works without Avahi. The demo home keeps its choices in a file of
 * its own in the cache folder, started afresh each time, so it never
 * mixes with the person's own home.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "hearth-demo.h"

struct _HearthDemo
{
  GObject           parent_instance;

  char             *simulator;
  HearthHome       *home;
  HearthStore      *store;
  GSubprocess      *process;
  GDataInputStream *lines;
  GCancellable     *cancellable;
  GTask            *task;
  guint             pending;
  gboolean          ready;
};

G_DEFINE_FINAL_TYPE (HearthDemo, hearth_demo, G_TYPE_OBJECT)

/* Rooms and favourites, so the demo shows what a furnished home looks like */
static const char * const demo_rooms[] = {
  N_("Living Room"), N_("Kitchen"), N_("Bedroom"), N_("Office"), N_("Hallway"), N_("Garden"), NULL,
};

static const struct
{
  const char *device;      /* as hearth-sim --demo names it */
  const char *room;
  const char *favourite;   /* a control id, or NULL */
} demo_places[] = {
  { "Coffee Machine", N_("Kitchen"), NULL },
  { "Hallway Lights", N_("Hallway"), NULL },
  { "Living Room Blinds", N_("Living Room"), "cover:0" },
  { "Kitchen Cabinet Light", N_("Kitchen"), NULL },
  { "Dining Table Pendant", N_("Kitchen"), NULL },
  { "Bedroom Climate", N_("Bedroom"), "temperature:0" },
  { "TV Backlight", N_("Living Room"), "light" },
  { "Desk Key Light", N_("Office"), "light:0" },
  { "Shelf Light Strip", N_("Living Room"), NULL },
  /* The demo home grows with the families Hearth learns; a device not
   * listed here is simply in no room */
  { "Dehumidifier", N_("Bedroom"), NULL },
  { "Garden Pump", N_("Garden"), NULL },
  { "Greenhouse Node", N_("Garden"), NULL },
};

char *
hearth_demo_find_simulator (void)
{
  const char *env = g_getenv ("HEARTH_SIM");

  if (env != NULL && *env != '\0')
    return g_file_test (env, G_FILE_TEST_IS_EXECUTABLE) ? g_strdup (env) : NULL;

#ifdef HEARTH_SIM_BUILD_PATH
  if (g_file_test (HEARTH_SIM_BUILD_PATH, G_FILE_TEST_IS_EXECUTABLE))
    return g_strdup (HEARTH_SIM_BUILD_PATH);
#endif

  return NULL;
}

/* Controls appear once the device has been read in full, so each one is
 * put in its place as it appears. */
typedef struct
{
  HearthStore  *store;
  HearthDevice *device;   /* borrowed: owns the controls this watches */
  guint         place;
} Furnishing;

static void
furnishing_free (gpointer data,
                 GClosure *closure)
{
  Furnishing *furnishing = data;

  g_clear_object (&furnishing->store);
  g_free (furnishing);
}

static void
furnish_controls (Furnishing *furnishing,
                  guint       position,
                  guint       added)
{
  GListModel *controls = hearth_device_get_controls (furnishing->device);

  for (guint j = position; j < position + added; j++)
    {
      g_autoptr(HearthControl) control = g_list_model_get_item (controls, j);
      g_autofree char *key = hearth_store_key (hearth_device_get_id (furnishing->device),
                                               hearth_control_get_id (control));

      if (hearth_store_get_room (furnishing->store, key) == NULL)
        hearth_store_set_room (furnishing->store, key, _(demo_places[furnishing->place].room));
      if (g_strcmp0 (demo_places[furnishing->place].favourite, hearth_control_get_id (control)) == 0)
        hearth_store_set_favourite (furnishing->store, key, TRUE);
    }
}

static void
on_controls_changed (GListModel *controls,
                     guint       position,
                     guint       removed,
                     guint       added,
                     Furnishing *furnishing)
{
  furnish_controls (furnishing, position, added);
}

static void
furnish (HearthDemo   *self,
         HearthDevice *device,
         const char   *sim_name)
{
  GListModel *controls = hearth_device_get_controls (device);

  for (guint i = 0; i < G_N_ELEMENTS (demo_places); i++)
    {
      Furnishing *furnishing;

      if (g_strcmp0 (demo_places[i].device, sim_name) != 0)
        continue;

      furnishing = g_new0 (Furnishing, 1);
      furnishing->store = g_object_ref (self->store);
      furnishing->device = device;
      furnishing->place = i;
      furnish_controls (furnishing, 0, g_list_model_get_n_items (controls));
      g_signal_connect_data (controls, "items-changed", G_CALLBACK (on_controls_changed),
                             furnishing, furnishing_free, 0);
      return;
    }
}

static void
maybe_done (HearthDemo *self)
{
  g_autoptr(GTask) task = NULL;

  if (!self->ready || self->pending > 0 || self->task == NULL)
    return;

  task = g_steal_pointer (&self->task);
  g_task_return_boolean (task, TRUE);
}

static void
fail (HearthDemo *self,
      GError     *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->task);

  if (task != NULL)
    g_task_return_error (task, error);
  else
    g_error_free (error);
}

typedef struct
{
  HearthDemo *demo;
  char       *name;
} Added;

static void
on_device_added (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Added *added = user_data;
  HearthDemo *self = added->demo;
  g_autoptr(HearthDevice) device = NULL;
  g_autoptr(GError) error = NULL;

  device = hearth_home_add_address_finish (HEARTH_HOME (object), result, &error);
  if (device != NULL)
    furnish (self, device, added->name);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_message ("Demo device %s was not added: %s", added->name, error->message);

  self->pending--;
  maybe_done (self);

  g_object_unref (added->demo);
  g_free (added->name);
  g_free (added);
}

/* "FAMILY ID HOST:PORT NAME" */
static void
add_device_line (HearthDemo *self,
                 const char *line)
{
  g_auto(GStrv) parts = g_strsplit (line, " ", 4);
  g_autofree char *host = NULL;
  const char *colon;
  guint64 port = 0;
  Added *added;

  if (g_strv_length (parts) < 3)
    return;

  /* Whoever started the demo from a terminal sees where each device is
   * (to press the simulated Nanoleaf's button, say). */
  g_printerr ("Demo device: %s\n", line);

  colon = strrchr (parts[2], ':');
  if (colon == NULL || !g_ascii_string_to_unsigned (colon + 1, 10, 1, G_MAXUINT16, &port, NULL))
    return;

  host = g_strndup (parts[2], colon - parts[2]);
  if (host[0] == '[' && host[strlen (host) - 1] == ']')
    {
      char *bare = g_strndup (host + 1, strlen (host) - 2);

      g_free (host);
      host = bare;
    }

  added = g_new0 (Added, 1);
  added->demo = g_object_ref (self);
  added->name = g_strdup (parts[3] != NULL ? parts[3] : parts[1]);
  self->pending++;
  hearth_home_add_address_async (self->home, host, (guint16) port, self->cancellable,
                                 on_device_added, added);
}

static void read_next_line (HearthDemo *self);

static void
on_line_read (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(HearthDemo) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object), result, NULL, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (line == NULL)
    {
      if (!self->ready)
        fail (self, g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED,
                                 _("The demo home did not start: %s"),
                                 error ? error->message : _("hearth-sim stopped")));
      return;
    }

  if (g_str_equal (line, "ready"))
    {
      /* hearth-sim prints nothing more, but keeps serving */
      self->ready = TRUE;
      maybe_done (self);
      return;
    }

  add_device_line (self, line);
  read_next_line (self);
}

static void
read_next_line (HearthDemo *self)
{
  g_data_input_stream_read_line_async (self->lines, G_PRIORITY_DEFAULT, self->cancellable,
                                       on_line_read, g_object_ref (self));
}

/* The simulator goes when Hearth goes, even when Hearth is killed */
static void
child_setup (gpointer user_data)
{
#ifdef __linux__
  prctl (PR_SET_PDEATHSIG, SIGTERM);
#endif
}

/* GObject */

static void
hearth_demo_dispose (GObject *object)
{
  hearth_demo_stop (HEARTH_DEMO (object));

  G_OBJECT_CLASS (hearth_demo_parent_class)->dispose (object);
}

static void
hearth_demo_finalize (GObject *object)
{
  HearthDemo *self = (HearthDemo *)object;

  g_clear_pointer (&self->simulator, g_free);

  G_OBJECT_CLASS (hearth_demo_parent_class)->finalize (object);
}

static void
hearth_demo_class_init (HearthDemoClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = hearth_demo_dispose;
  object_class->finalize = hearth_demo_finalize;
}

static void
hearth_demo_init (HearthDemo *self)
{
  self->cancellable = g_cancellable_new ();
}

HearthDemo *
hearth_demo_new (const char *simulator,
                 GPtrArray  *drivers)
{
  HearthDemo *self;
  g_autoptr(HearthHistory) history = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (simulator != NULL, NULL);

  self = g_object_new (HEARTH_TYPE_DEMO, NULL);
  self->simulator = g_strdup (simulator);

  /* Afresh each time: the simulator's ports change from run to run */
  path = g_build_filename (g_get_user_cache_dir (), "hearth", "demo-home.json", NULL);
  if (g_unlink (path) != 0 && errno != ENOENT)
    g_debug ("Could not remove %s: %s", path, g_strerror (errno));

  self->store = hearth_store_new (path);
  if (!hearth_store_load (self->store, &error))
    g_debug ("Demo store: %s", error->message);
  for (guint i = 0; demo_rooms[i] != NULL; i++)
    {
      g_autoptr(GError) room_error = NULL;

      if (!hearth_store_add_room (self->store, _(demo_rooms[i]), &room_error))
        g_debug ("Demo room: %s", room_error->message);
    }

  self->home = hearth_home_new (drivers);
  hearth_home_set_store (self->home, self->store);
  /* Power over time as the demo runs: in memory, as it starts afresh */
  history = hearth_history_new (NULL);
  hearth_home_set_history (self->home, history);

  return self;
}

HearthHome *
hearth_demo_get_home (HearthDemo *self)
{
  g_return_val_if_fail (HEARTH_IS_DEMO (self), NULL);
  return self->home;
}

void
hearth_demo_start_async (HearthDemo          *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  GInputStream *stdout_pipe;

  g_return_if_fail (HEARTH_IS_DEMO (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hearth_demo_start_async);

  if (self->process != NULL || self->task != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING,
                               "The demo home is already running");
      return;
    }

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);
  self->process = g_subprocess_launcher_spawn (launcher, &error, self->simulator, "--demo", NULL);
  if (self->process == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                               _("The demo home did not start: %s"), error->message);
      return;
    }

  stdout_pipe = g_subprocess_get_stdout_pipe (self->process);
  self->lines = g_data_input_stream_new (stdout_pipe);
  self->task = g_steal_pointer (&task);
  read_next_line (self);
}

gboolean
hearth_demo_start_finish (HearthDemo    *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (HEARTH_IS_DEMO (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
hearth_demo_stop (HearthDemo *self)
{
  g_return_if_fail (HEARTH_IS_DEMO (self));

  g_cancellable_cancel (self->cancellable);

  if (self->task != NULL)
    fail (self, g_error_new (G_IO_ERROR, G_IO_ERROR_CANCELLED, "Stopped"));

  if (self->process != NULL)
    {
      g_subprocess_send_signal (self->process, SIGTERM);
      g_clear_object (&self->process);
    }

  g_clear_object (&self->lines);
  g_clear_object (&self->home);
  g_clear_object (&self->store);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
}
