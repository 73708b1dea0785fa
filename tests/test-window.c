/* test-window.c: the main window against hearth-sim's demo home (suite
 * 'ui': run by tests/hearth-ui-session on Xvfb with a private session bus)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "hearth-ui-fixture.h"
#include "hearth-application.h"
#include "hearth-control-item.h"
#include "hearth-control-list.h"
#include "hearth-group-button.h"
#include "hearth-room-dialog.h"
#include "hearth-tile-row.h"
#include "hearth-window.h"
#include "hearth-window-private.h"

#define TIMEOUT_MS 20000

/* hearth-sim --demo, every device added by address; hearth_home_start
 * (mDNS); no system bus at all */
#define SETUP_SIM (HEARTH_UI_SIM | HEARTH_UI_ADD_SIM)
#define SETUP_BROWSE HEARTH_UI_BROWSE
#define SETUP_NO_SYSTEM_BUS HEARTH_UI_NO_SYSTEM_BUS

/* The main window (1000 × 800) on a home */
typedef HearthUiFixture Fixture;

static AdwApplication *app;

/* Helpers */

#define spin hearth_ui_spin
#define sim_device(f, name) hearth_ui_sim_device ((f)->sim, (name))
#define key_for(f, device_name, control_id) hearth_ui_key_for ((f)->sim, (device_name), (control_id))

static void
set_up (Fixture       *f,
        gconstpointer  data)
{
  hearth_ui_fixture_set_up (f, GPOINTER_TO_UINT (data), app, 1000, 800);
}

static void
tear_down (Fixture       *f,
           gconstpointer  data)
{
  hearth_ui_fixture_tear_down (f);
}

static GtkWidget *
tile_button (HearthTile *tile)
{
  GtkWidget *overlay = gtk_widget_get_first_child (GTK_WIDGET (tile));

  return gtk_overlay_get_child (GTK_OVERLAY (overlay));
}

static const char *
tile_state (HearthTile *tile)
{
  GtkWidget *button = tile_button (tile);
  GtkWidget *box = gtk_button_get_child (GTK_BUTTON (button));
  GtkWidget *labels = gtk_widget_get_last_child (box);

  return gtk_label_get_label (GTK_LABEL (gtk_widget_get_last_child (labels)));
}

typedef struct
{
  Fixture    *f;
  const char *key;
} TileWait;

static gboolean
tile_shown (gpointer data)
{
  TileWait *wait = data;

  hearth_tile_grid_flush (wait->f->grid);
  return hearth_tile_grid_find_tile (wait->f->grid, wait->key) != NULL;
}

static HearthTile *
await_tile (Fixture    *f,
            const char *key)
{
  TileWait wait = { f, key };

  g_assert_true (hearth_test_await (tile_shown, &wait, TIMEOUT_MS));
  return hearth_tile_grid_find_tile (f->grid, key);
}

typedef struct
{
  Fixture    *f;
  const char *page;
} PageWait;

static gboolean
page_is (gpointer data)
{
  PageWait *wait = data;

  return g_strcmp0 (hearth_window_get_page (wait->f->window), wait->page) == 0;
}

static void
await_page (Fixture    *f,
            const char *page,
            guint       timeout_ms)
{
  PageWait wait = { f, page };

  if (!hearth_test_await (page_is, &wait, timeout_ms))
    g_error ("The window shows “%s”, not “%s”", hearth_window_get_page (f->window), page);
}

/* The demo home's tiles */

static void
test_demo_tiles (Fixture       *f,
                 gconstpointer  data)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (f->list));
  GListModel *rows = hearth_tile_grid_get_rows (f->grid);
  g_autofree char *backlight = key_for (f, "TV Backlight", "light");
  g_autofree char *power = key_for (f, "Coffee Machine", "switch:0/power");
  g_autoptr(HearthTileRow) first = NULL;
  HearthTile *tile;

  await_page (f, "home", TIMEOUT_MS);
  hearth_tile_grid_flush (f->grid);

  /* Nine devices; a relay's power and energy readings are no tiles of
   * their own, a relay with two channels gives two tiles */
  g_assert_cmpuint (n, >=, 9);
  g_assert_null (hearth_control_list_find (f->list, power));
  g_assert_nonnull (hearth_control_list_find (f->list, key_for (f, "Hallway Lights", "switch:1")));
  g_assert_cmpuint (hearth_tile_grid_get_n_visible (f->grid), ==, n);

  /* Every control has its tile on screen (the window is big enough) */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HearthControlItem) item = g_list_model_get_item (G_LIST_MODEL (f->list), i);

      tile = await_tile (f, hearth_control_item_get_key (item));
      g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (tile)));
      g_assert_cmpstr (tile_state (tile), ==, hearth_control_item_get_state_text (item));
    }

  /* No rooms yet: one group */
  first = g_list_model_get_item (rows, 0);
  g_assert_true (hearth_tile_row_is_heading (first));
  g_assert_cmpstr (hearth_tile_row_get_title (first), ==, "Devices");

  /* The WLED strip is on, in its colour */
  tile = await_tile (f, backlight);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (tile), "on"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (tile), "colored"));
  g_assert_true (g_str_has_prefix (tile_state (tile), "On · "));
}

/* Rooms and favourites regroup the tiles */

static void
test_groups (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *lamp = key_for (f, "Desk Key Light", "light:0");
  g_autofree char *blinds = key_for (f, "Living Room Blinds", "cover:0");
  GListModel *rows = hearth_tile_grid_get_rows (f->grid);
  g_autoptr(GError) error = NULL;
  GPtrArray *headings = g_ptr_array_new_with_free_func (g_free);

  await_page (f, "home", TIMEOUT_MS);
  g_assert_true (hearth_store_add_room (f->store, "Office", &error));
  g_assert_true (hearth_store_add_room (f->store, "Living Room", &error));
  hearth_store_set_room (f->store, lamp, "Office");
  hearth_store_set_room (f->store, blinds, "Living Room");
  hearth_store_set_favourite (f->store, blinds, TRUE);
  spin (50);
  hearth_tile_grid_flush (f->grid);

  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(HearthTileRow) row = g_list_model_get_item (rows, i);

      if (hearth_tile_row_is_heading (row))
        g_ptr_array_add (headings, g_strdup (hearth_tile_row_get_title (row)));
    }
  g_assert_cmpuint (headings->len, ==, 4);
  g_assert_cmpstr (g_ptr_array_index (headings, 0), ==, "Favourites");
  g_assert_cmpstr (g_ptr_array_index (headings, 1), ==, "Office");
  g_assert_cmpstr (g_ptr_array_index (headings, 2), ==, "Living Room");
  g_assert_cmpstr (g_ptr_array_index (headings, 3), ==, "Other Devices");
  g_ptr_array_unref (headings);

  /* A favourite is also in its room: the first tile from the top is the
   * favourite's */
  {
    g_autoptr(HearthTileRow) strip = g_list_model_get_item (rows, 1);

    g_assert_cmpstr (hearth_control_item_get_key (hearth_tile_row_get_item (strip, 0)), ==, blinds);
  }

  /* Hidden controls have no tile */
  hearth_store_set_hidden (f->store, lamp, TRUE);
  spin (50);
  hearth_tile_grid_flush (f->grid);
  g_assert_null (hearth_tile_grid_find_tile (f->grid, lamp));
  g_assert_cmpuint (hearth_tile_grid_get_n_visible (f->grid), ==,
                    g_list_model_get_n_items (G_LIST_MODEL (f->list)) - 1);
}

/* Every control hidden: said so, with the way back */

static void
test_all_hidden (Fixture       *f,
                 gconstpointer  data)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (f->list));

  await_page (f, "home", TIMEOUT_MS);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HearthControlItem) item = g_list_model_get_item (G_LIST_MODEL (f->list), i);

      hearth_store_set_hidden (f->store, hearth_control_item_get_key (item), TRUE);
    }
  await_page (f, "all-hidden", 5000);

  hearth_store_set_hidden (f->store, key_for (f, "Coffee Machine", "switch:0"), FALSE);
  await_page (f, "home", 5000);
  g_assert_cmpuint (hearth_tile_grid_get_n_visible (f->grid), ==, 1);
}

/* Activating a tile toggles the simulated device */

typedef struct
{
  const HearthTestSimDevice *device;
  gboolean                   on;
} SimWait;

static gboolean
sim_lamp_is (gpointer data)
{
  SimWait *wait = data;
  g_autoptr(JsonNode) state = hearth_test_sim_get_state (wait->device);
  JsonArray *lights = json_object_get_array_member (json_node_get_object (state), "lights");

  return json_object_get_int_member (json_array_get_object_element (lights, 0), "on") == (wait->on ? 1 : 0);
}

static gboolean
sim_relay_is (gpointer data)
{
  SimWait *wait = data;
  g_autoptr(JsonNode) state = hearth_test_sim_get_state (wait->device);
  JsonObject *relay = json_object_get_object_member (json_node_get_object (state), "switch:0");

  return json_object_get_boolean_member (relay, "output") == wait->on;
}

static void
test_toggle (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *lamp = key_for (f, "Desk Key Light", "light:0");
  g_autofree char *coffee = key_for (f, "Coffee Machine", "switch:0");
  SimWait wait = { sim_device (f, "Desk Key Light"), TRUE };
  HearthTile *tile;

  await_page (f, "home", TIMEOUT_MS);

  /* A light: off in the demo; one activation turns it on at the device */
  tile = await_tile (f, lamp);
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (tile), "on"));
  g_assert_true (gtk_widget_activate (tile_button (tile)));
  /* Optimistic: the tile says so at once (a button activated from the
   * keyboard clicks after its 250 ms press animation) */
  spin (300);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (tile), "on"));
  g_assert_true (hearth_test_await (sim_lamp_is, &wait, TIMEOUT_MS));

  /* And off again */
  wait.on = FALSE;
  g_assert_true (gtk_widget_activate (tile_button (tile)));
  g_assert_true (hearth_test_await (sim_lamp_is, &wait, TIMEOUT_MS));

  /* A relay, through the same action the tile uses */
  wait.device = sim_device (f, "Coffee Machine");
  wait.on = TRUE;
  tile = await_tile (f, coffee);
  g_assert_true (gtk_widget_activate (tile_button (tile)));
  g_assert_true (hearth_test_await (sim_relay_is, &wait, TIMEOUT_MS));

  /* A cover opens its details instead */
  tile = await_tile (f, key_for (f, "Living Room Blinds", "cover:0"));
  g_assert_true (gtk_widget_activate (tile_button (tile)));
  await_page (f, "details", 5000);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.back", NULL));
  await_page (f, "home", 5000);
}

/* A change made at the device shows on its tile, on the same tile */

typedef struct
{
  HearthTile *tile;
  const char *prefix;
} StateWait;

static gboolean
tile_state_starts (gpointer data)
{
  StateWait *wait = data;

  return g_str_has_prefix (tile_state (wait->tile), wait->prefix);
}

static void
on_rows_changed (GListModel *rows,
                 guint       position,
                 guint       removed,
                 guint       added,
                 gpointer    user_data)
{
  (*(guint *) user_data)++;
}

static void
test_sim_change_shows (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *pendant = key_for (f, "Dining Table Pendant", "light:0");
  g_autofree char *blinds = key_for (f, "Living Room Blinds", "cover:0");
  StateWait wait;
  HearthTile *tile;
  guint rows_changed = 0;
  gulong handler;

  await_page (f, "home", TIMEOUT_MS);
  tile = await_tile (f, pendant);
  g_assert_cmpstr (tile_state (tile), ==, "Off");

  handler = g_signal_connect (hearth_tile_grid_get_rows (f->grid), "items-changed",
                              G_CALLBACK (on_rows_changed), &rows_changed);

  /* Someone pressed the wall switch */
  hearth_test_sim_set_state (sim_device (f, "Dining Table Pendant"),
                             "{\"light:0\": {\"output\": true, \"brightness\": 70}}");
  wait.tile = tile;
  wait.prefix = "On · 70";
  g_assert_true (hearth_test_await (tile_state_starts, &wait, TIMEOUT_MS));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (tile), "on"));

  /* The blinds close at the device: the tile follows while they move */
  tile = await_tile (f, blinds);
  hearth_test_sim_set_state (sim_device (f, "Living Room Blinds"),
                             "{\"cover:0\": {\"target_pos\": 0}}");
  wait.tile = tile;
  wait.prefix = "Closing";
  g_assert_true (hearth_test_await (tile_state_starts, &wait, TIMEOUT_MS));

  /* State changes never rebuild the grid: the same tile widgets, no row
   * replaced (no flicker) */
  g_assert_true (hearth_tile_grid_find_tile (f->grid, blinds) == tile);
  g_assert_cmpuint (rows_changed, ==, 0);
  g_signal_handler_disconnect (hearth_tile_grid_get_rows (f->grid), handler);
}

/* A device that fails: a toast in plain words, a dimmed tile */

static gboolean
toast_shown (gpointer data)
{
  Fixture *f = data;

  return _hearth_window_get_last_toast (f->window) != NULL;
}

static gboolean
tile_dimmed (gpointer data)
{
  return gtk_widget_has_css_class (GTK_WIDGET (data), "unavailable");
}

static gboolean
tile_bright (gpointer data)
{
  return !gtk_widget_has_css_class (GTK_WIDGET (data), "unavailable");
}

static void
test_failing_device (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *lamp = key_for (f, "Desk Key Light", "light:0");
  const HearthTestSimDevice *device = sim_device (f, "Desk Key Light");
  HearthTile *tile;
  StateWait wait;

  await_page (f, "home", TIMEOUT_MS);
  tile = await_tile (f, lamp);
  g_assert_cmpstr (tile_state (tile), ==, "Off");

  /* The light stops answering, then someone taps it */
  hearth_test_sim_misbehave (device, "hang");
  g_assert_true (gtk_widget_activate (tile_button (tile)));

  g_assert_true (hearth_test_await (toast_shown, f, 60000));
  g_assert_cmpstr (_hearth_window_get_last_toast (f->window), ==, "Desk Key Light did not answer");
  g_assert_true (hearth_test_await (tile_dimmed, tile, 60000));
  /* The tile shows what is known: not the change that failed */
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (tile), "on"));
  wait.tile = tile;
  wait.prefix = "Unavailable since ";
  g_assert_true (hearth_test_await (tile_state_starts, &wait, 1000));

  /* It comes back on its own */
  hearth_test_sim_misbehave (device, "none");
  g_assert_true (hearth_test_await (tile_bright, tile, 60000));
  g_assert_false (hearth_control_get_on (hearth_control_item_get_control (hearth_tile_get_item (tile))));
}

/* Search */

typedef struct
{
  Fixture    *f;
  const char *text;
} SearchWait;

static gboolean
search_is (gpointer data)
{
  SearchWait *wait = data;

  return g_strcmp0 (hearth_tile_grid_get_search (wait->f->grid), wait->text) == 0;
}

static void
type_search (Fixture    *f,
             const char *text)
{
  GtkWidget *entry;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.search", NULL));
  entry = gtk_root_get_focus (GTK_ROOT (f->window));
  g_assert_true (GTK_IS_EDITABLE (entry) || GTK_IS_EDITABLE (gtk_widget_get_parent (entry)));
  if (!GTK_IS_EDITABLE (entry))
    entry = gtk_widget_get_parent (entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  /* GtkSearchEntry waits a little before "search-changed" */
  {
    SearchWait wait = { f, text };

    g_assert_true (hearth_test_await (search_is, &wait, 5000));
  }
  hearth_tile_grid_flush (f->grid);
}

static void
test_search (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *lamp = key_for (f, "Desk Key Light", "light:0");
  g_autofree char *coffee = key_for (f, "Coffee Machine", "switch:0");
  guint n = g_list_model_get_n_items (G_LIST_MODEL (f->list));
  guint lights = 0;

  await_page (f, "home", TIMEOUT_MS);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HearthControlItem) item = g_list_model_get_item (G_LIST_MODEL (f->list), i);

      if (hearth_control_get_kind (hearth_control_item_get_control (item)) == HEARTH_CONTROL_KIND_LIGHT)
        lights++;
    }
  g_assert_cmpuint (lights, >=, 4);

  /* By kind */
  type_search (f, "light");
  g_assert_cmpuint (hearth_tile_grid_get_n_visible (f->grid), >=, lights);
  g_assert_nonnull (hearth_tile_grid_find_tile (f->grid, lamp));

  /* By name, case and word order aside */
  type_search (f, "MACHINE coffee");
  g_assert_cmpuint (hearth_tile_grid_get_n_visible (f->grid), ==, 1);
  g_assert_nonnull (hearth_tile_grid_find_tile (f->grid, coffee));
  g_assert_null (hearth_tile_grid_find_tile (f->grid, lamp));

  /* By room */
  hearth_store_set_room (f->store, lamp, "Study");
  type_search (f, "study");
  g_assert_cmpuint (hearth_tile_grid_get_n_visible (f->grid), ==, 1);
  g_assert_nonnull (hearth_tile_grid_find_tile (f->grid, lamp));

  /* Nothing */
  type_search (f, "no such thing");
  await_page (f, "no-results", 5000);

  /* Closing the search shows everything again */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.search", NULL));
  gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_parent (gtk_root_get_focus (GTK_ROOT (f->window)))), "");
  spin (400);
  await_page (f, "home", 5000);
  g_assert_cmpuint (hearth_tile_grid_get_n_visible (f->grid), ==, n);
}

/* Honest states */

static gboolean
one_visible (gpointer data)
{
  Fixture *f = data;

  hearth_tile_grid_flush (f->grid);
  return hearth_tile_grid_get_n_visible (f->grid) == 1;
}

static void
test_no_avahi (Fixture       *f,
               gconstpointer  data)
{
  /* No system bus, so no Avahi: said plainly, without a device */
  await_page (f, "no-avahi", TIMEOUT_MS);

  /* Adding by address still works, and the home shows it */
  f->sim = hearth_test_sim_start ("--device", "elgato=Desk Lamp", NULL);
  hearth_ui_add_sim_devices (f->home, f->sim);
  await_page (f, "home", TIMEOUT_MS);
  g_assert_true (hearth_test_await (one_visible, f, TIMEOUT_MS));
}

static void
test_empty (Fixture       *f,
            gconstpointer  data)
{
  if (g_getenv ("HEARTH_SANDBOX_AVAHI") == NULL ||
      !g_str_equal (g_getenv ("HEARTH_SANDBOX_AVAHI"), "1"))
    {
      g_test_skip ("needs an avahi-daemon of its own (tests/hearth-sandbox, as root)");
      return;
    }

  /* Avahi runs and finds nothing: first "looking", then "nothing found",
   * with what to check and what to do */
  g_assert_cmpstr (hearth_window_get_page (f->window), ==, "searching");
  _hearth_window_set_search_grace (f->window, 1500);
  await_page (f, "empty", TIMEOUT_MS);
  g_assert_cmpint (hearth_browser_get_state (hearth_home_get_browser (f->home)), ==,
                   HEARTH_BROWSER_STATE_RUNNING);
}

/* Details and back */

static void
test_details (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *lamp = key_for (f, "Desk Key Light", "light:0");
  GtkWidget *focus;

  await_page (f, "home", TIMEOUT_MS);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-details", "s", lamp));
  await_page (f, "details", 5000);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.back", NULL));
  await_page (f, "home", 5000);

  /* Focus returns to the tile the person came from */
  focus = gtk_root_get_focus (GTK_ROOT (f->window));
  g_assert_nonnull (focus);
  g_assert_true (gtk_widget_get_ancestor (focus, HEARTH_TYPE_TILE) ==
                 GTK_WIDGET (hearth_tile_grid_find_tile (f->grid, lamp)));

  /* The tile's own details button does the same as win.show-details */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (hearth_tile_grid_find_tile (f->grid, lamp)),
                                             "tile.details", NULL));
  await_page (f, "details", 5000);
}

/* Rooms act as groups */

typedef struct
{
  HearthControl *controls[3];
  gboolean       on;
  int            brightness;   /* -1: any */
} GroupWait;

static gboolean
group_is (gpointer data)
{
  GroupWait *wait = data;

  for (guint i = 0; i < G_N_ELEMENTS (wait->controls) && wait->controls[i] != NULL; i++)
    {
      if (hearth_control_get_on (wait->controls[i]) != wait->on ||
          (wait->brightness >= 0 && hearth_control_get_brightness (wait->controls[i]) != wait->brightness))
        return FALSE;
    }
  return TRUE;
}

static HearthControl *
control_of (Fixture    *f,
            const char *key)
{
  return hearth_control_item_get_control (hearth_control_list_find (f->list, key));
}

/* The room's (and the favourites') actions: each room heading and the
 * favourites' have a button, the rest's none; all on, all off, a
 * brightness for all reach every member; one that fails is named in a
 * toast and keeps none of the others from following; the details show
 * the members */
static void
test_room_actions (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *lamp = key_for (f, "Desk Key Light", "light:0");
  g_autofree char *strip = key_for (f, "Shelf Light Strip", "light:0");
  g_autofree char *coffee = key_for (f, "Coffee Machine", "switch:0");
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();
  GroupWait wait = { { NULL }, FALSE, -1 };
  HearthRoomDialog *dialog;

  await_page (f, "home", TIMEOUT_MS);
  hearth_store_set_room (f->store, lamp, "Office");
  hearth_store_set_room (f->store, strip, "Office");
  hearth_store_set_room (f->store, coffee, "Office");
  spin (50);
  hearth_tile_grid_flush (f->grid);
  await_tile (f, lamp);

  /* "Office" and "Other Devices": one button; with a favourite, two */
  hearth_ui_find_group_buttons (GTK_WIDGET (f->grid), buttons);
  g_assert_cmpuint (buttons->len, ==, 1);
  hearth_store_set_favourite (f->store, lamp, TRUE);
  spin (50);
  hearth_tile_grid_flush (f->grid);
  spin (50);
  g_ptr_array_set_size (buttons, 0);
  hearth_ui_find_group_buttons (GTK_WIDGET (f->grid), buttons);
  g_assert_cmpuint (buttons->len, ==, 2);

  /* All on, all off, and a brightness for the two dimmable lights */
  wait.controls[0] = control_of (f, lamp);
  wait.controls[1] = control_of (f, strip);
  wait.controls[2] = control_of (f, coffee);
  wait.on = TRUE;
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "room.on", "ms", "Office"));
  g_assert_true (hearth_test_await (group_is, &wait, TIMEOUT_MS));
  wait.on = FALSE;
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "room.off", "ms", "Office"));
  g_assert_true (hearth_test_await (group_is, &wait, TIMEOUT_MS));
  wait.controls[2] = NULL;
  wait.on = TRUE;
  wait.brightness = 30;
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "room.brightness", "(msi)",
                                             "Office", 30));
  g_assert_true (hearth_test_await (group_is, &wait, TIMEOUT_MS));
  g_assert_false (hearth_control_get_on (control_of (f, coffee)));

  /* The favourites: only the lamp */
  wait.controls[1] = NULL;
  wait.on = FALSE;
  wait.brightness = -1;
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "room.off", "ms", NULL));
  g_assert_true (hearth_test_await (group_is, &wait, TIMEOUT_MS));
  g_assert_true (hearth_control_get_on (control_of (f, strip)));

  /* The strip fails: the others follow, the toast names it */
  hearth_test_sim_misbehave (sim_device (f, "Shelf Light Strip"), "error");
  wait.controls[1] = control_of (f, coffee);
  wait.on = TRUE;
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "room.on", "ms", "Office"));
  g_assert_true (hearth_test_await (toast_shown, f, TIMEOUT_MS));
  g_assert_cmpstr (_hearth_window_get_last_toast (f->window), ==,
                   "Office: Shelf Light Strip did not follow");
  g_assert_true (hearth_test_await (group_is, &wait, TIMEOUT_MS));
  hearth_test_sim_misbehave (sim_device (f, "Shelf Light Strip"), "none");

  /* The details: the members, and the same actions */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "room.details", "ms", "Office"));
  spin (200);
  dialog = HEARTH_ROOM_DIALOG (hearth_ui_find_toplevel (HEARTH_TYPE_ROOM_DIALOG));
  g_assert_nonnull (dialog);
  g_assert_cmpstr (hearth_room_dialog_get_room (dialog), ==, "Office");
  g_assert_cmpuint (hearth_room_dialog_get_n_members (dialog), ==, 3);
  hearth_store_set_room (f->store, coffee, NULL);
  spin (50);
  g_assert_cmpuint (hearth_room_dialog_get_n_members (dialog), ==, 2);
  wait.controls[1] = NULL;
  wait.on = FALSE;
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "room.off", "ms", "Office"));
  g_assert_true (hearth_test_await (group_is, &wait, TIMEOUT_MS));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* Keyboard: arrows between tiles, Space toggles, Menu opens details */

static void
xdotool (const char *first,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int status = 0;
  va_list args;

  g_ptr_array_add (argv, (gpointer) "xdotool");
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH,
                               NULL, NULL, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  spin (150);
}

static HearthTile *
focused_tile (Fixture *f)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (f->window));

  return focus ? HEARTH_TILE (gtk_widget_get_ancestor (focus, HEARTH_TYPE_TILE)) : NULL;
}

static void
test_keyboard (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *path = g_find_program_in_path ("xdotool");
  GListModel *rows = hearth_tile_grid_get_rows (f->grid);
  g_autoptr(HearthTileRow) strip = NULL;
  HearthControlItem *first;
  HearthControlItem *second;
  HearthControlItem *below;

  if (path == NULL)
    {
      g_test_skip ("xdotool is not installed");
      return;
    }

  await_page (f, "home", TIMEOUT_MS);
  hearth_tile_grid_flush (f->grid);
  g_assert_cmpuint (hearth_tile_grid_get_columns (f->grid), >=, 2);
  strip = g_list_model_get_item (rows, 1);
  first = hearth_tile_row_get_item (strip, 0);
  second = hearth_tile_row_get_item (strip, 1);
  {
    g_autoptr(HearthTileRow) next = g_list_model_get_item (rows, 2);

    below = hearth_tile_row_get_item (next, 0);
  }

  /* The pointer in the window: without a window manager, keys go where
   * the pointer is */
  xdotool ("mousemove", "500", "400", NULL);
  g_assert_true (hearth_tile_grid_focus_first (f->grid));
  spin (100);
  g_assert_true (hearth_tile_get_item (focused_tile (f)) == first);

  xdotool ("key", "Right", NULL);
  g_assert_true (hearth_tile_get_item (focused_tile (f)) == second);
  xdotool ("key", "Left", NULL);
  g_assert_true (hearth_tile_get_item (focused_tile (f)) == first);
  xdotool ("key", "Down", NULL);
  g_assert_true (hearth_tile_get_item (focused_tile (f)) == below);
  xdotool ("key", "Up", NULL);
  g_assert_true (hearth_tile_get_item (focused_tile (f)) == first);
  xdotool ("key", "End", NULL);
  g_assert_true (focused_tile (f) != NULL && hearth_tile_get_item (focused_tile (f)) != first);
  xdotool ("key", "Home", NULL);
  g_assert_true (hearth_tile_get_item (focused_tile (f)) == first);

  /* Space toggles the Coffee Machine (first in name order that toggles?
   * whatever it is: find a light or switch and go there with the keys) */
  while (!hearth_control_item_get_toggles (hearth_tile_get_item (focused_tile (f))))
    xdotool ("key", "Right", NULL);
  {
    HearthControlItem *item = hearth_tile_get_item (focused_tile (f));
    gboolean was_on = hearth_control_get_on (hearth_control_item_get_control (item));
    const char *device_name = hearth_device_get_name (hearth_control_item_get_device (item));
    const HearthTestSimDevice *device = NULL;

    for (guint i = 0; i < hearth_test_sim_get_n_devices (f->sim); i++)
      if (g_str_equal (hearth_test_sim_get_device (f->sim, i)->id,
                       hearth_device_get_id (hearth_control_item_get_device (item))))
        device = hearth_test_sim_get_device (f->sim, i);
    g_assert_nonnull (device);
    g_test_message ("Space on %s (%s)", hearth_control_item_get_title (item), device_name);

    xdotool ("key", "space", NULL);
    g_assert_cmpint (hearth_control_get_on (hearth_control_item_get_control (item)), !=, was_on);
  }

  /* Menu opens the details */
  xdotool ("key", "Menu", NULL);
  await_page (f, "details", 5000);
  xdotool ("key", "Escape", NULL);
  await_page (f, "home", 5000);

  /* Ctrl+F searches, and typing on the home searches too */
  xdotool ("key", "ctrl+f", NULL);
  g_assert_true (GTK_IS_TEXT (gtk_root_get_focus (GTK_ROOT (f->window))));
  /* Escape closes it, with or without text */
  xdotool ("key", "Escape", NULL);
  g_assert_false (GTK_IS_TEXT (gtk_root_get_focus (GTK_ROOT (f->window))));
  xdotool ("key", "ctrl+f", NULL);
  xdotool ("type", "xy", NULL);
  {
    SearchWait wait = { f, "xy" };

    g_assert_true (hearth_test_await (search_is, &wait, 5000));
  }
  xdotool ("key", "Escape", NULL);
  {
    SearchWait wait = { f, NULL };

    g_assert_true (hearth_test_await (search_is, &wait, 5000));
  }
  hearth_tile_grid_focus_first (f->grid);
  spin (100);
  xdotool ("type", "coffee", NULL);
  {
    SearchWait wait = { f, "coffee" };

    if (!hearth_test_await (search_is, &wait, 5000))
      g_error ("Typed “coffee”, the search is “%s”", hearth_tile_grid_get_search (f->grid));
  }
  hearth_tile_grid_flush (f->grid);
  g_assert_cmpuint (hearth_tile_grid_get_n_visible (f->grid), ==, 1);
}

/* 360 px wide: fewer columns, still every tile */

static void
test_narrow (Fixture       *f,
             gconstpointer  data)
{
  guint wide;

  await_page (f, "home", TIMEOUT_MS);
  hearth_tile_grid_flush (f->grid);
  wide = hearth_tile_grid_get_columns (f->grid);
  g_assert_cmpuint (wide, >=, 4);

  gtk_window_set_default_size (GTK_WINDOW (f->window), 360, 640);
  spin (300);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (f->window)), <=, 400);
  g_assert_cmpuint (hearth_tile_grid_get_columns (f->grid), ==, 2);
  g_assert_cmpuint (hearth_tile_grid_get_n_visible (f->grid), ==,
                    g_list_model_get_n_items (G_LIST_MODEL (f->list)));
}

/* Keyboard Shortcuts and About */

static void
test_help_and_about (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(HearthApplication) hearth = hearth_application_new ();
  g_autoptr(GError) error = NULL;
  GtkWindow *window;

  /* The shortcuts window from the resources (gtk/help-overlay.ui) */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-help-overlay", NULL));
  spin (200);
  window = hearth_ui_find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW);
  g_assert_nonnull (window);
  gtk_window_destroy (window);

  /* The application's own actions (on this test's private bus) */
  g_assert_true (g_application_register (G_APPLICATION (hearth), NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (hearth), "preferences"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (hearth), "quit"));
  g_action_group_activate_action (G_ACTION_GROUP (hearth), "about", NULL);
  spin (200);
  window = hearth_ui_find_toplevel (ADW_TYPE_ABOUT_WINDOW);
  g_assert_nonnull (window);
  g_assert_cmpstr (adw_about_window_get_application_name (ADW_ABOUT_WINDOW (window)), ==, "Hearth");
  gtk_window_destroy (window);
  spin (50);
}

/* The window's size, remembered */

static void
test_size_remembered (Fixture       *f,
                      gconstpointer  data)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettings) settings = NULL;
  int width = 0;
  int height = 0;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, "io.github.hearthapp.Hearth", TRUE);
  if (schema == NULL)
    {
      g_test_skip ("no compiled schema (GSETTINGS_SCHEMA_DIR)");
      return;
    }

  gtk_window_set_default_size (GTK_WINDOW (f->window), 700, 500);
  spin (100);
  gtk_window_close (GTK_WINDOW (f->window));
  spin (50);
  f->window = NULL;

  settings = g_settings_new ("io.github.hearthapp.Hearth");
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 700);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 500);

  f->window = hearth_window_new (app, f->home, f->list);
  gtk_window_get_default_size (GTK_WINDOW (f->window), &width, &height);
  g_assert_cmpint (width, ==, 700);
  g_assert_cmpint (height, ==, 500);
}

int
main (int    argc,
      char **argv)
{
  int status;

  /* The application loads style.css and the icons from the resources */
  app = hearth_ui_window_test_init (&argc, &argv, "io.github.hearthapp.Hearth.TestWindow");

  g_test_add ("/window/demo-tiles", Fixture, GUINT_TO_POINTER (SETUP_SIM), set_up, test_demo_tiles, tear_down);
  g_test_add ("/window/groups", Fixture, GUINT_TO_POINTER (SETUP_SIM), set_up, test_groups, tear_down);
  g_test_add ("/window/all-hidden", Fixture, GUINT_TO_POINTER (SETUP_SIM), set_up, test_all_hidden, tear_down);
  g_test_add ("/window/toggle", Fixture, GUINT_TO_POINTER (SETUP_SIM), set_up, test_toggle, tear_down);
  g_test_add ("/window/sim-change-shows", Fixture, GUINT_TO_POINTER (SETUP_SIM), set_up, test_sim_change_shows, tear_down);
  g_test_add ("/window/failing-device", Fixture, GUINT_TO_POINTER (SETUP_SIM), set_up, test_failing_device, tear_down);
  g_test_add ("/window/search", Fixture, GUINT_TO_POINTER (SETUP_SIM), set_up, test_search, tear_down);
  g_test_add ("/window/room-actions", Fixture, GUINT_TO_POINTER (SETUP_SIM), set_up, test_room_actions, tear_down);
  g_test_add ("/window/details", Fixture, GUINT_TO_POINTER (SETUP_SIM), set_up, test_details, tear_down);
  g_test_add ("/window/keyboard", Fixture, GUINT_TO_POINTER (SETUP_SIM), set_up, test_keyboard, tear_down);
  g_test_add ("/window/narrow", Fixture, GUINT_TO_POINTER (SETUP_SIM), set_up, test_narrow, tear_down);
  g_test_add ("/window/help-and-about", Fixture, GUINT_TO_POINTER (0), set_up, test_help_and_about, tear_down);
  g_test_add ("/window/size-remembered", Fixture, GUINT_TO_POINTER (0), set_up, test_size_remembered, tear_down);
  g_test_add ("/window/no-avahi", Fixture, GUINT_TO_POINTER (SETUP_BROWSE | SETUP_NO_SYSTEM_BUS),
              set_up, test_no_avahi, tear_down);
  g_test_add ("/window/empty", Fixture, GUINT_TO_POINTER (SETUP_BROWSE), set_up, test_empty, tear_down);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
