/* hearth-ui-fixture.h: what the UI tests share: GTK set up for a test,
 * the main window on a home of hearth-sim's demo devices, screenshots
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "hearth-test-utils.h"
#include "hearth-control-item.h"
#include "hearth-control-list.h"
#include "hearth-details-page.h"
#include "hearth-tile-grid.h"
#include "hearth-window.h"

G_BEGIN_DECLS

/* GTK and libadwaita first, while the desktop's folders are in place
 * (libadwaita 1.2 reads its settings once; the MIME database, or no SVG
 * icon loads), then g_test_init() with folders of the test's own, and
 * criticals fatal (G_DEBUG=fatal-criticals; g_test_init would make
 * warnings fatal too) */
void            hearth_ui_test_init      (int        *argc,
                                          char     ***argv);
/* GNOME's window buttons (GTK's own default, without a settings daemon,
 * adds minimize and maximize, which no GNOME desktop shows) */
void            hearth_ui_use_gnome_window_buttons (void);
/* For the tests of the main window: hearth_ui_test_init(), GNOME's
 * window buttons, and hearth_ui_application_new (@application_id) */
AdwApplication *hearth_ui_window_test_init (int        *argc,
                                            char     ***argv,
                                            const char *application_id);
/* An application loading style.css and the icons from the resources,
 * registered (not unique) */
AdwApplication *hearth_ui_application_new (const char *application_id);

/* Iterates the default main context for @ms milliseconds */
void            hearth_ui_spin           (guint ms);

/* The simulated device called @name; fails the test when there is none */
const HearthTestSimDevice *hearth_ui_sim_device (HearthTestSim *sim,
                                                 const char    *name);
/* The store key of control @control_id of the device called @device_name */
char           *hearth_ui_key_for        (HearthTestSim *sim,
                                          const char    *device_name,
                                          const char    *control_id);
/* Adds the visible HearthGroupButtons in @widget (the grid's headings'),
 * in order, to @found */
void            hearth_ui_find_group_buttons (GtkWidget *widget,
                                              GPtrArray *found);
/* The first visible toplevel window of @type (a dialog), or NULL */
GtkWindow      *hearth_ui_find_toplevel  (GType       type);
/* Adds every device of @sim to @home by its address, all at once, and
 * waits until each was added */
void            hearth_ui_add_sim_devices (HearthHome    *home,
                                           HearthTestSim *sim);
/* For hearth_test_await(): every device of the HearthHome @home is online
 * or waits for its button to be pressed (settled), and there is one */
gboolean        hearth_ui_all_online     (gpointer home);

/* Screenshots: the file @name in $HEARTH_SCREENSHOT_DIR (default: the
 * test's build folder), its folder made */
char           *hearth_ui_shot_path      (const char *name);
/* @widget as it is on screen, through GTK's own renderer, saved as PNG
 * to hearth_ui_shot_path (@name) */
void            hearth_ui_save_png       (GtkWidget  *widget,
                                          const char *name);

typedef enum
{
  HEARTH_UI_SIM = 1 << 0,            /* hearth-sim --demo */
  HEARTH_UI_ADD_SIM = 1 << 1,        /* ...each of its devices added by address */
  HEARTH_UI_BROWSE = 1 << 2,         /* hearth_home_start (mDNS) */
  HEARTH_UI_NO_SYSTEM_BUS = 1 << 3,  /* no system bus at all (no Avahi) */
} HearthUiSetup;

/* The main window on a home: the store (in the test's own data folder),
 * the home on it, its control list, and the simulator */
typedef struct
{
  HearthUiSetup      setup;
  AdwApplication    *app;
  int                width;
  int                height;

  HearthTestSim     *sim;
  char              *store_path;
  HearthStore       *store;
  HearthHome        *home;
  HearthControlList *list;
  HearthWindow      *window;
  HearthTileGrid    *grid;     /* the window's */
  HearthDetailsPage *page;     /* the window's */
} HearthUiFixture;

/* Starts what @setup says, then opens the home and presents the window
 * (@app may be NULL) at @width × @height. A test may start @f->sim of its
 * own first (with @setup asking for none): the tear-down stops it too. */
void hearth_ui_fixture_set_up     (HearthUiFixture *f,
                                   HearthUiSetup    setup,
                                   AdwApplication  *app,
                                   int              width,
                                   int              height);
/* Closes the window and the home (the store written), then stops the
 * simulator */
void hearth_ui_fixture_tear_down  (HearthUiFixture *f);
/* Opens the store again, a home on it, the list and the window (as after
 * a restart); with @add_sim_devices, every simulated device added again
 * and awaited online */
void hearth_ui_fixture_open_home  (HearthUiFixture *f,
                                   gboolean         add_sim_devices);
/* Writes the store, destroys the window, drops the list, home and store */
void hearth_ui_fixture_close_home (HearthUiFixture *f);

G_END_DECLS
