/* test-tile-grid.c: the tile grid's work as devices arrive and move:
 * HearthTileRows changes only the rows it must, and the grid builds one
 * tile widget per tile shown (suite 'ui': run by tests/hearth-ui-session
 * on Xvfb). Counts, never timings.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hearth-ui-fixture.h"
#include "hearth-tile-row.h"
#include "hearth-tile-rows.h"

#define N_DEVICES 200
#define COLUMNS 4

/* A home of items made here (no network): each its own device, in
 * @store, called "Lamp NNN" */
typedef struct
{
  HearthStore *store;
  GListStore  *items;         /* HearthControlItem */
  guint        n_removed;
  guint        n_added;
} Fixture;

static void
set_up (Fixture       *f,
        gconstpointer  data)
{
  /* In the test's own data folder (G_TEST_OPTION_ISOLATE_DIRS) */
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "home.json", NULL);

  f->store = hearth_store_new (path);
  f->items = g_list_store_new (HEARTH_TYPE_CONTROL_ITEM);
}

static void
tear_down (Fixture       *f,
           gconstpointer  data)
{
  g_clear_object (&f->items);
  g_clear_object (&f->store);
}

static HearthControlItem *
make_item (Fixture *f,
           guint    number)
{
  g_autofree char *id = g_strdup_printf ("lamp%03u", number);
  g_autofree char *name = g_strdup_printf ("Lamp %03u", number);
  g_autoptr(HearthDevice) device = hearth_device_new (id, "shelly");
  g_autoptr(HearthControl) control = hearth_control_new ("switch:0", HEARTH_CONTROL_KIND_SWITCH, NULL);

  hearth_device_set_name (device, name);
  return hearth_control_item_new (device, control, f->store);
}

/* Device @number arrives: it sorts before every one there */
static void
arrive_first (Fixture *f,
              guint    number)
{
  g_autoptr(HearthControlItem) item = make_item (f, number);

  g_list_store_insert (f->items, 0, item);
}

static void
on_rows_items_changed (GListModel *rows,
                       guint       position,
                       guint       removed,
                       guint       added,
                       Fixture    *f)
{
  f->n_removed += removed;
  f->n_added += added;
}

/* @rows shows what a HearthTileRows made from nothing shows */
static void
assert_rows_as_made_anew (Fixture        *f,
                          HearthTileRows *rows)
{
  g_autoptr(HearthTileRows) fresh = hearth_tile_rows_new ();
  GListModel *have = hearth_tile_rows_get_rows (rows);
  GListModel *want;

  hearth_tile_rows_set_store (fresh, f->store);
  hearth_tile_rows_set_columns (fresh, hearth_tile_rows_get_columns (rows));
  hearth_tile_rows_set_model (fresh, G_LIST_MODEL (f->items));
  hearth_tile_rows_flush (fresh);
  want = hearth_tile_rows_get_rows (fresh);

  g_assert_cmpuint (g_list_model_get_n_items (have), ==, g_list_model_get_n_items (want));
  for (guint i = 0; i < g_list_model_get_n_items (want); i++)
    {
      g_autoptr(HearthTileRow) a = g_list_model_get_item (have, i);
      g_autoptr(HearthTileRow) b = g_list_model_get_item (want, i);

      g_assert_true (hearth_tile_row_equal (a, b));
    }
}

static void
take_counts (Fixture *f,
             guint   *removed,
             guint   *added)
{
  *removed = f->n_removed;
  *added = f->n_added;
  f->n_removed = 0;
  f->n_added = 0;
}

static char *
key_of (Fixture *f,
        guint    number)
{
  g_autofree char *id = g_strdup_printf ("lamp%03u", number);

  return hearth_store_key (id, "switch:0");
}

/* Devices arriving at a group's top shift its strips' items in place:
 * rows are only added, one strip each time the group needs one more; a
 * rename or a move to a room adds and removes only what it must */
static void
test_rows_minimal_changes (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(HearthTileRows) rows = hearth_tile_rows_new ();
  g_autofree char *key = NULL;
  guint removed;
  guint added;

  hearth_tile_rows_set_store (rows, f->store);
  hearth_tile_rows_set_columns (rows, COLUMNS);
  hearth_tile_rows_set_model (rows, G_LIST_MODEL (f->items));
  g_signal_connect (hearth_tile_rows_get_rows (rows), "items-changed",
                    G_CALLBACK (on_rows_items_changed), f);

  for (guint number = N_DEVICES; number > 0; number--)
    {
      arrive_first (f, number);
      hearth_tile_rows_flush (rows);
    }
  take_counts (f, &removed, &added);
  g_test_message ("%u arrivals: %u rows removed, %u added", N_DEVICES, removed, added);
  /* "Devices", then N_DEVICES / COLUMNS strips */
  g_assert_cmpuint (g_list_model_get_n_items (hearth_tile_rows_get_rows (rows)), ==, 1 + N_DEVICES / COLUMNS);
  g_assert_cmpuint (removed, ==, 0);
  g_assert_cmpuint (added, ==, 1 + N_DEVICES / COLUMNS);
  assert_rows_as_made_anew (f, rows);

  /* The last one renamed to sort first: the strips shift, no row goes */
  key = key_of (f, N_DEVICES);
  hearth_store_set_name (f->store, key, "Aardvark Lamp");
  hearth_tile_rows_flush (rows);
  take_counts (f, &removed, &added);
  g_test_message ("a rename: %u rows removed, %u added", removed, added);
  g_assert_cmpuint (removed, ==, 0);
  g_assert_cmpuint (added, ==, 0);
  assert_rows_as_made_anew (f, rows);

  /* Into a room: its heading and a strip come before the rest, whose
   * heading becomes "Other Devices" */
  hearth_store_set_room (f->store, key, "Kitchen");
  hearth_tile_rows_flush (rows);
  take_counts (f, &removed, &added);
  g_test_message ("a move to a new room: %u rows removed, %u added", removed, added);
  g_assert_cmpuint (removed, ==, 1);
  g_assert_cmpuint (added, ==, 3);
  assert_rows_as_made_anew (f, rows);

  /* A second one into the room: it fits in the room's strip */
  g_clear_pointer (&key, g_free);
  key = key_of (f, 1);
  hearth_store_set_room (f->store, key, "Kitchen");
  hearth_tile_rows_flush (rows);
  take_counts (f, &removed, &added);
  g_test_message ("a move to the same room: %u rows removed, %u added", removed, added);
  g_assert_cmpuint (removed, ==, 0);
  g_assert_cmpuint (added, ==, 0);
  assert_rows_as_made_anew (f, rows);

  /* Back out of the room: the room goes, the rest is "Devices" again */
  hearth_store_set_room (f->store, key, NULL);
  g_clear_pointer (&key, g_free);
  key = key_of (f, N_DEVICES);
  hearth_store_set_room (f->store, key, NULL);
  hearth_tile_rows_flush (rows);
  take_counts (f, &removed, &added);
  g_test_message ("both out of the room: %u rows removed, %u added", removed, added);
  g_assert_cmpuint (removed, ==, 3);
  g_assert_cmpuint (added, ==, 1);
  assert_rows_as_made_anew (f, rows);
}

/* Tile widgets showing an item, under @widget */
static guint
count_tiles_shown (GtkWidget *widget)
{
  guint n = 0;

  if (HEARTH_IS_TILE (widget))
    return hearth_tile_get_item (HEARTH_TILE (widget)) != NULL &&
           gtk_widget_get_child_visible (widget) ? 1 : 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_tiles_shown (child);
  return n;
}

/* Tiles under @widget that show another item than in @items (tile →
 * item) last time, which then says what each shows now */
static guint
count_tiles_rebound (GtkWidget  *widget,
                     GHashTable *items)
{
  guint n = 0;

  if (HEARTH_IS_TILE (widget))
    {
      HearthControlItem *item = hearth_tile_get_item (HEARTH_TILE (widget));
      gpointer before;

      if (g_hash_table_lookup_extended (items, widget, NULL, &before) && before != item)
        n++;
      g_hash_table_insert (items, widget, item);
      return n;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_tiles_rebound (child, items);
  return n;
}

/* A window of its own with a grid on the home; the grid in @grid */
static GtkWidget *
present_grid (Fixture         *f,
              HearthTileGrid **grid,
              guint            settle_ms)
{
  GtkWidget *window = gtk_window_new ();

  *grid = HEARTH_TILE_GRID (hearth_tile_grid_new ());
  hearth_tile_grid_set_store (*grid, f->store);
  hearth_tile_grid_set_model (*grid, G_LIST_MODEL (f->items));
  hearth_tile_grid_flush (*grid);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (*grid));
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 800);
  gtk_window_present (GTK_WINDOW (window));
  hearth_ui_spin (settle_ms);
  return window;
}

/* At most 1.1 tile widgets built per tile shown */
static void
assert_tiles_built_per_shown (HearthTileGrid *grid)
{
  guint built = hearth_tile_grid_get_n_tiles_built (grid);
  guint shown = count_tiles_shown (GTK_WIDGET (grid));

  g_test_message ("%u devices in %u columns: %u tile widgets built, %u tiles shown",
                  hearth_tile_grid_get_n_visible (grid), hearth_tile_grid_get_columns (grid),
                  built, shown);
  g_assert_cmpuint (hearth_tile_grid_get_n_visible (grid), ==, N_DEVICES);
  g_assert_cmpuint (shown, >, 0);
  g_assert_cmpuint (built * 10, <=, shown * 11);
}

/* Devices arrive one by one, each before all the others, in an open
 * window: the grid reuses its tiles, and builds about one per tile shown;
 * a tile keeps its item as the items shift along a strip, so each strip
 * gives only the one item that comes in from the strip before to a tile */
static void
test_grid_tiles_built (Fixture       *f,
                       gconstpointer  data)
{
  HearthTileGrid *grid;
  GtkWidget *window = present_grid (f, &grid, 200);
  guint columns = hearth_tile_grid_get_columns (grid);
  guint rebound = 0;
  guint strips_after = 0;
  g_autoptr(GHashTable) items = g_hash_table_new (NULL, NULL);

  g_assert_cmpuint (columns, >, 1);
  for (guint number = N_DEVICES; number > 0; number--)
    {
      arrive_first (f, number);
      hearth_tile_grid_flush (grid);
      /* A frame: the list view makes and lays out its rows */
      hearth_ui_spin (20);
      strips_after += (g_list_model_get_n_items (G_LIST_MODEL (f->items)) + columns - 1) / columns;
      rebound += count_tiles_rebound (GTK_WIDGET (grid), items);
    }
  hearth_ui_spin (200);

  g_assert_cmpuint (hearth_tile_grid_get_columns (grid), ==, columns);
  assert_tiles_built_per_shown (grid);
  g_test_message ("%u tiles given another item (strips after each arrival: %u in all)",
                  rebound, strips_after);
  g_assert_cmpuint (rebound, <=, strips_after + N_DEVICES);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A home known before the window is shown (as at start-up): no tiles
 * are built for a column count the width then changes */
static void
test_grid_tiles_built_known (Fixture       *f,
                             gconstpointer  data)
{
  HearthTileGrid *grid;
  GtkWidget *window;

  for (guint number = N_DEVICES; number > 0; number--)
    arrive_first (f, number);
  window = present_grid (f, &grid, 500);

  assert_tiles_built_per_shown (grid);

  gtk_window_destroy (GTK_WINDOW (window));
}

typedef struct
{
  Fixture *f;
  guint    next;              /* the next device to arrive, 0 when done */
} Arrivals;

static gboolean
arrive_next_cb (gpointer user_data)
{
  Arrivals *arrivals = user_data;

  arrive_first (arrivals->f, arrivals->next--);
  return arrivals->next > 0 ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

/* Devices arriving in a burst, each in a main-loop turn of its own (as
 * they come in from the network), with nothing else to do in between:
 * the grid's rows are brought up to date once a frame, not once an
 * arrival */
static void
test_grid_updates_per_frame (Fixture       *f,
                             gconstpointer  data)
{
  HearthTileGrid *grid;
  GtkWidget *window = present_grid (f, &grid, 200);
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (grid));
  Arrivals arrivals = { f, N_DEVICES };
  gint64 frames = gdk_frame_clock_get_frame_counter (clock);
  guint updates = hearth_tile_grid_get_n_row_updates (grid);

  /* Below the frame clock's and the rows' own priority: each arrival is
   * a turn of its own, and frames still come meanwhile */
  g_idle_add (arrive_next_cb, &arrivals);
  while (arrivals.next > 0)
    g_main_context_iteration (NULL, TRUE);
  hearth_ui_spin (100);

  frames = gdk_frame_clock_get_frame_counter (clock) - frames;
  updates = hearth_tile_grid_get_n_row_updates (grid) - updates;
  g_test_message ("%u arrivals: %u rows updates in %" G_GINT64_FORMAT " frames",
                  N_DEVICES, updates, frames);
  g_assert_cmpuint (hearth_tile_grid_get_n_visible (grid), ==, N_DEVICES);
  g_assert_cmpuint (updates, >=, 1);
  g_assert_cmpint (updates, <=, frames + 1);
  assert_tiles_built_per_shown (grid);

  gtk_window_destroy (GTK_WINDOW (window));
}

typedef struct
{
  HearthTileGrid *grid;
  guint           built;      /* tiles built before this frame */
  guint           most;       /* in one frame, at most */
  guint           frames;     /* that built any */
} PerFrame;

static void
on_clock_after_paint (GdkFrameClock *clock,
                      PerFrame      *per_frame)
{
  guint built = hearth_tile_grid_get_n_tiles_built (per_frame->grid);

  per_frame->most = MAX (per_frame->most, built - per_frame->built);
  if (built > per_frame->built)
    per_frame->frames++;
  per_frame->built = built;
}

/* A home known at start-up, shown at once: the tiles are built over a
 * few frames, not all in the first */
static void
test_grid_tiles_spread (Fixture       *f,
                        gconstpointer  data)
{
  HearthTileGrid *grid;
  GtkWidget *window;
  GdkFrameClock *clock;
  PerFrame per_frame = { 0 };
  gulong handler;

  for (guint number = N_DEVICES; number > 0; number--)
    arrive_first (f, number);
  window = present_grid (f, &grid, 0);
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (grid));
  per_frame.grid = grid;
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (on_clock_after_paint), &per_frame);
  hearth_ui_spin (1000);
  g_signal_handler_disconnect (clock, handler);

  g_test_message ("%u tiles built in %u frames, at most %u in one",
                  per_frame.built, per_frame.frames, per_frame.most);
  g_assert_cmpuint (per_frame.most, <=, 24);   /* the grid's TILES_PER_FRAME */
  g_assert_cmpuint (per_frame.frames, >, 1);
  assert_tiles_built_per_shown (grid);

  gtk_window_destroy (GTK_WINDOW (window));
}

typedef struct
{
  HearthTileGrid *grid;
  GHashTable     *items;      /* tile → the item it showed last frame */
  guint           most;       /* tiles given another item in one frame, at most */
  guint           frames;
} Rebound;

static void
on_clock_after_paint_rebound (GdkFrameClock *clock,
                              Rebound       *rebound)
{
  guint n = count_tiles_rebound (GTK_WIDGET (rebound->grid), rebound->items);

  rebound->most = MAX (rebound->most, n);
  rebound->frames++;
}

static gboolean
on_grid_tick_arrive (GtkWidget     *widget,
                     GdkFrameClock *clock,
                     gpointer       user_data)
{
  Arrivals *arrivals = user_data;

  for (guint i = 0; i < 5 && arrivals->next > 0; i++)
    arrive_first (arrivals->f, arrivals->next--);
  return arrivals->next > 0 ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

/* Devices arriving while the window shows many, a few each frame, each
 * before all the others (each one shifts every tile's item): a frame gives
 * other items to the tiles in view, and to at most the frame's budget of
 * the others (they follow in later frames, as they are then), never to
 * every tile each frame */
static void
test_grid_rebound_per_frame (Fixture       *f,
                             gconstpointer  data)
{
  HearthTileGrid *grid;
  GtkWidget *window;
  GdkFrameClock *clock;
  Arrivals arrivals = { f, N_DEVICES / 2 };
  g_autoptr(GHashTable) items = g_hash_table_new (NULL, NULL);
  Rebound rebound = { NULL, items, 0, 0 };
  guint columns;
  guint in_view;
  gulong handler;

  for (guint number = N_DEVICES; number > N_DEVICES / 2; number--)
    arrive_first (f, number);
  window = present_grid (f, &grid, 200);
  /* laid out (slow under valgrind), and every strip built */
  while (hearth_tile_grid_get_columns (grid) == 0)
    g_main_context_iteration (NULL, TRUE);
  hearth_tile_grid_flush (grid);
  hearth_ui_spin (100);
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (grid));
  columns = hearth_tile_grid_get_columns (grid);
  rebound.grid = grid;

  count_tiles_rebound (GTK_WIDGET (grid), items);
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (on_clock_after_paint_rebound), &rebound);
  gtk_widget_add_tick_callback (GTK_WIDGET (grid), on_grid_tick_arrive, &arrivals, NULL);
  while (arrivals.next > 0)
    g_main_context_iteration (NULL, TRUE);
  hearth_ui_spin (1000);
  g_signal_handler_disconnect (clock, handler);

  /* The strips a 800-pixel window shows (a strip is more than 60 high),
   * and one more part-way at each end */
  in_view = (800 / 60 + 2) * columns;
  g_test_message ("%u arrivals in %u frames: at most %u tiles given another item in one "
                  "(%u tiles at most in view)", N_DEVICES / 2, rebound.frames, rebound.most, in_view);
  g_assert_cmpuint (hearth_tile_grid_get_n_visible (grid), ==, N_DEVICES);
  g_assert_cmpuint (rebound.most, <=, in_view + 24);  /* the grid's TILES_PER_FRAME */
  assert_tiles_built_per_shown (grid);
  /* every tile caught up */
  hearth_tile_grid_flush (grid);
  g_assert_cmpuint (count_tiles_rebound (GTK_WIDGET (grid), items), ==, 0);

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  hearth_ui_test_init (&argc, &argv);

  g_test_add ("/tile-grid/rows-minimal-changes", Fixture, NULL, set_up, test_rows_minimal_changes, tear_down);
  g_test_add ("/tile-grid/tiles-built", Fixture, NULL, set_up, test_grid_tiles_built, tear_down);
  g_test_add ("/tile-grid/tiles-built-known", Fixture, NULL, set_up, test_grid_tiles_built_known, tear_down);
  g_test_add ("/tile-grid/updates-per-frame", Fixture, NULL, set_up, test_grid_updates_per_frame, tear_down);
  g_test_add ("/tile-grid/rebound-per-frame", Fixture, NULL, set_up, test_grid_rebound_per_frame, tear_down);
  g_test_add ("/tile-grid/tiles-spread", Fixture, NULL, set_up, test_grid_tiles_spread, tear_down);

  return g_test_run ();
}
