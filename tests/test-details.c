/* test-details.c: the details page, the rooms, add-device and preferences
 * windows, against the demo home of hearth-sim (UI suite: Xvfb and a
 * private session bus)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <libsoup/soup.h>

#include "hearth-ui-fixture.h"
#include "hearth-device-text.h"
#include "hearth-add-device-dialog.h"
#include "hearth-control-item.h"
#include "hearth-control-list.h"
#include "hearth-details-page-private.h"
#include "hearth-preferences-window.h"
#include "hearth-rooms-dialog.h"
#include "hearth-window.h"

#define TIMEOUT_MS 15000
/* Longer than the page leaves a value alone after the person moved it */
#define SETTLE_WAIT_MS 1000

/* The main window (480 × 800, the details page in it) on a home: hearth-sim's demo devices */
typedef HearthUiFixture Fixture;

/* Helpers */

#define spin hearth_ui_spin
#define find_sim_device(f, name) hearth_ui_sim_device ((f)->sim, (name))
#define key_for(f, device_name, control_id) hearth_ui_key_for ((f)->sim, (device_name), (control_id))

static void
split_host_port (const HearthTestSimDevice  *device,
                 char                      **host,
                 guint16                    *port)
{
  *host = g_strdup (device->host);
  *port = device->port;
}

static char *
host_port (const HearthTestSimDevice *device)
{
  return g_strdup_printf ("%s:%u", device->host, device->port);
}

typedef struct
{
  Fixture    *f;
  const char *key;
} ItemWait;

static gboolean
item_ready (gpointer data)
{
  ItemWait *wait = data;
  HearthControlItem *item = hearth_control_list_find (wait->f->list, wait->key);

  return item != NULL && hearth_control_item_get_available (item);
}

static gboolean
item_ready_item (gpointer data)
{
  return hearth_control_item_get_available (data);
}

static HearthControlItem *
await_item (Fixture    *f,
            const char *key)
{
  ItemWait wait = { f, key };

  if (!hearth_test_await (item_ready, &wait, TIMEOUT_MS))
    g_error ("%s never came online", key);

  return hearth_control_list_find (f->list, key);
}

static GtkWidget *
child (Fixture    *f,
       const char *name)
{
  GtkWidget *widget = _hearth_details_page_get_child (f->page, name);

  g_assert_nonnull (widget);
  return widget;
}

static gboolean
shown (Fixture    *f,
       const char *name)
{
  GtkWidget *widget = child (f, name);

  /* Visible itself and in a visible group */
  for (; widget != NULL && widget != GTK_WIDGET (f->page); widget = gtk_widget_get_parent (widget))
    if (!gtk_widget_get_visible (widget))
      return FALSE;

  return TRUE;
}

static void
show_details (Fixture    *f,
              const char *key)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-details", "s", key));
  spin (50);
  g_assert_nonnull (hearth_details_page_get_item (f->page));
  g_assert_cmpstr (hearth_control_item_get_key (hearth_details_page_get_item (f->page)), ==, key);
  g_assert_cmpstr (hearth_window_get_page (f->window), ==, "details");
}

static guint
n_rows (GtkListBox *list)
{
  guint n = 0;

  while (gtk_list_box_get_row_at_index (list, n) != NULL)
    n++;

  return n;
}

static const char *
row_subtitle (Fixture    *f,
              const char *name)
{
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (child (f, name)));
}

/* The fixture: the demo home, each device added by its address */

static void
open_home (Fixture  *f,
           gboolean  add_sim_devices)
{
  hearth_ui_fixture_open_home (f, add_sim_devices);
}

static void
close_home (Fixture *f)
{
  hearth_ui_fixture_close_home (f);
}

static void
set_up (Fixture       *f,
        gconstpointer  data)
{
  hearth_ui_fixture_set_up (f,
                            HEARTH_UI_SIM | (GPOINTER_TO_INT (data) == 0 ? HEARTH_UI_ADD_SIM : 0),
                            NULL, 480, 800);
}

static void
tear_down (Fixture       *f,
           gconstpointer  data)
{
  hearth_ui_fixture_tear_down (f);
}

/* The rows each kind of control gets */

static void
test_rows_per_kind (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *rgbw = key_for (f, "Kitchen Cabinet Light", "rgb:0");
  g_autofree char *keylight = key_for (f, "Desk Key Light", "light:0");
  g_autofree char *wled = key_for (f, "TV Backlight", "light");
  g_autofree char *coffee = key_for (f, "Coffee Machine", "switch:0");
  g_autofree char *blinds = key_for (f, "Living Room Blinds", "cover:0");
  g_autofree char *climate = key_for (f, "Bedroom Climate", "temperature:0");
  HearthControlItem *item;
  HearthControl *control;
  GtkAdjustment *adjustment;

  /* A colour light with power readings */
  item = await_item (f, rgbw);
  show_details (f, rgbw);
  g_assert_true (shown (f, "power_row"));
  g_assert_true (shown (f, "brightness_row"));
  g_assert_true (shown (f, "color_row"));
  g_assert_false (shown (f, "temperature_row"));
  g_assert_false (shown (f, "position_row"));
  g_assert_false (shown (f, "cover_buttons_row"));
  g_assert_false (shown (f, "reading_label"));
  g_assert_true (shown (f, "readings_group"));
  g_assert_cmpuint (n_rows (GTK_LIST_BOX (child (f, "readings_list"))), ==, 2);
  g_assert_cmpint ((int) gtk_range_get_value (GTK_RANGE (child (f, "brightness_scale"))), ==,
                   hearth_control_get_brightness (hearth_control_item_get_control (item)));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (child (f, "title_label"))), ==, "Kitchen Cabinet Light");
  /* The device's facts */
  g_assert_cmpstr (row_subtitle (f, "hardware_id_row"), ==, find_sim_device (f, "Kitchen Cabinet Light")->id);
  {
    g_autofree char *address = host_port (find_sim_device (f, "Kitchen Cabinet Light"));

    g_assert_cmpstr (row_subtitle (f, "address_row"), ==, address);
  }
  g_assert_cmpstr (row_subtitle (f, "firmware_row"), ==,
                   hearth_device_get_firmware (hearth_control_item_get_device (item)));
  g_assert_true (g_str_has_prefix (row_subtitle (f, "model_row"), "Shelly "));
  g_assert_cmpstr (row_subtitle (f, "updates_row"), ==, "Pushed by the device");
  g_assert_cmpstr (row_subtitle (f, "status_row"), ==, "Online");
  g_assert_cmpuint (strlen (row_subtitle (f, "last_seen_row")), ==, 5);  /* "14:02" */
  /* Found by mDNS or by address in a test: only hosts in the store can be forgotten */
  g_assert_false (shown (f, "forget_button"));

  /* Colour temperature within the light's own range, no colour */
  item = await_item (f, keylight);
  control = hearth_control_item_get_control (item);
  show_details (f, keylight);
  g_assert_true (shown (f, "power_row"));
  g_assert_true (shown (f, "brightness_row"));
  g_assert_true (shown (f, "temperature_row"));
  g_assert_false (shown (f, "color_row"));
  g_assert_false (shown (f, "effect_row"));
  g_assert_false (shown (f, "readings_group"));
  adjustment = gtk_range_get_adjustment (GTK_RANGE (child (f, "temperature_scale")));
  g_assert_cmpint ((int) gtk_adjustment_get_lower (adjustment), ==, hearth_control_get_temperature_min (control));
  g_assert_cmpint ((int) gtk_adjustment_get_upper (adjustment), ==, hearth_control_get_temperature_max (control));
  g_assert_cmpint ((int) gtk_adjustment_get_value (adjustment), ==, hearth_control_get_temperature (control));
  g_assert_true (g_str_has_prefix (row_subtitle (f, "updates_row"), "Asked every"));

  /* Effects where the device has them */
  item = await_item (f, wled);
  control = hearth_control_item_get_control (item);
  show_details (f, wled);
  g_assert_true (shown (f, "effect_row"));
  g_assert_true (shown (f, "color_row"));
  {
    AdwComboRow *row = ADW_COMBO_ROW (child (f, "effect_row"));
    GtkStringObject *selected = adw_combo_row_get_selected_item (row);

    g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (row)), ==,
                      g_strv_length ((char **) hearth_control_get_effects (control)));
    g_assert_nonnull (selected);
    g_assert_cmpstr (gtk_string_object_get_string (selected), ==, hearth_control_get_effect (control));
  }

  /* A switch: power, and its readings */
  await_item (f, coffee);
  show_details (f, coffee);
  g_assert_true (shown (f, "power_row"));
  g_assert_false (shown (f, "brightness_row"));
  g_assert_false (shown (f, "color_row"));
  g_assert_true (shown (f, "readings_group"));
  g_assert_cmpuint (n_rows (GTK_LIST_BOX (child (f, "readings_list"))), ==, 2);
  {
    AdwActionRow *power = ADW_ACTION_ROW (gtk_list_box_get_row_at_index (GTK_LIST_BOX (child (f, "readings_list")), 0));

    g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (power)), ==, "Power");
  }

  /* A cover: position, open, stop, close; no power switch */
  item = await_item (f, blinds);
  control = hearth_control_item_get_control (item);
  show_details (f, blinds);
  g_assert_false (shown (f, "power_row"));
  g_assert_true (shown (f, "position_row"));
  g_assert_true (shown (f, "cover_buttons_row"));
  g_assert_true (shown (f, "readings_group"));
  g_assert_cmpint ((int) gtk_range_get_value (GTK_RANGE (child (f, "position_scale"))), ==,
                   hearth_control_get_position (control));
  /* Fully open: nothing to open or stop */
  g_assert_cmpint (hearth_control_get_position (control), ==, 100);
  g_assert_false (gtk_widget_get_sensitive (child (f, "open_button")));
  g_assert_false (gtk_widget_get_sensitive (child (f, "stop_button")));
  g_assert_true (gtk_widget_get_sensitive (child (f, "close_button")));

  /* A sensor: the reading, big, and the device's other readings */
  await_item (f, climate);
  show_details (f, climate);
  g_assert_false (shown (f, "controls_group"));
  g_assert_true (shown (f, "reading_label"));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (child (f, "reading_label"))), ==, "22.0 °C");
  g_assert_true (shown (f, "readings_group"));
  g_assert_cmpuint (n_rows (GTK_LIST_BOX (child (f, "readings_list"))), ==, 2);

  /* Back home */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.back", NULL));
  spin (20);
  g_assert_null (hearth_details_page_get_item (f->page));
}

/* Dragging a slider */

typedef struct
{
  const HearthTestSimDevice *device;
  int                        brightness;
} SimWait;

static gboolean
sim_has_brightness (gpointer data)
{
  SimWait *wait = data;
  g_autoptr(JsonNode) state = hearth_test_sim_get_state (wait->device);
  JsonObject *object = json_node_get_object (state);
  JsonArray *lights = json_object_get_array_member (object, "lights");

  return json_object_get_int_member (json_array_get_object_element (lights, 0), "brightness") ==
         wait->brightness;
}

typedef struct
{
  Fixture       *f;
  HearthControl *control;
  int            value;
} SettleWait;

static gboolean
settled_at (gpointer data)
{
  SettleWait *wait = data;

  return !_hearth_details_page_is_busy (wait->f->page) &&
         hearth_control_get_brightness (wait->control) == wait->value &&
         (int) gtk_range_get_value (GTK_RANGE (child (wait->f, "brightness_scale"))) == wait->value;
}

static void
test_drag_brightness (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *key = key_for (f, "Desk Key Light", "light:0");
  const HearthTestSimDevice *device = find_sim_device (f, "Desk Key Light");
  HearthControlItem *item = await_item (f, key);
  HearthControl *control = hearth_control_item_get_control (item);
  GtkRange *scale;
  SimWait sim_wait = { device, 37 };
  SettleWait settle = { f, control, 37 };
  guint requests = 0;
  guint max_in_flight = 0;
  guint n_changes = 0;
  gint64 started;
  double seconds;

  show_details (f, key);
  scale = GTK_RANGE (child (f, "brightness_scale"));
  hearth_test_sim_reset_stats (device);
  started = g_get_monotonic_time ();

  /* About a second of dragging: up to 90 %, down to 37 %, a value every
   * 10 ms. The slider stays under the finger the whole time. */
  for (int value = 41; value <= 90; value++, n_changes++)
    {
      gtk_range_set_value (scale, value);
      spin (10);
      g_assert_cmpint ((int) gtk_range_get_value (scale), ==, value);
    }
  for (int value = 89; value >= 37; value--, n_changes++)
    {
      gtk_range_set_value (scale, value);
      spin (10);
      g_assert_cmpint ((int) gtk_range_get_value (scale), ==, value);
    }

  seconds = (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC;

  /* Released at 37: the device ends there, and so do the model and the slider */
  g_assert_true (hearth_test_await (sim_has_brightness, &sim_wait, TIMEOUT_MS));
  g_assert_true (hearth_test_await (settled_at, &settle, TIMEOUT_MS));

  /* A few requests, not one per value: at most about 12 a second of
   * dragging, plus the last value and a poll or two; one at a time */
  hearth_test_sim_get_stats (device, &requests, &max_in_flight);
  g_test_message ("%u values dragged in %.2f s, %u requests to the device",
                  n_changes, seconds, requests);
  g_assert_cmpuint (n_changes, >=, 100);
  g_assert_cmpuint (requests, >=, 2);
  /* The bound follows the time the drag took (a loaded machine drags
   * slower), not the number of values. */
  g_assert_cmpuint (requests, <=, (guint) (seconds * 1000 / 80) + 4);
  g_assert_cmpuint (max_in_flight, ==, 1);

  /* A change made at the device moves the slider (once nobody drags) */
  hearth_test_sim_set_state (device, "{\"brightness\": 80}");
  settle.value = 80;
  g_assert_true (hearth_test_await (settled_at, &settle, TIMEOUT_MS));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (child (f, "brightness_value"))), ==, "80 %");
}

/* The other controls reach the device */

static JsonObject *
sim_component (const HearthTestSimDevice *device,
               JsonNode                  *state,
               const char                *component)
{
  return json_object_get_object_member (json_node_get_object (state), component);
}

typedef struct
{
  const HearthTestSimDevice *device;
  gboolean (*check) (JsonNode *state);
} StateWait;

static gboolean
sim_state_matches (gpointer data)
{
  StateWait *wait = data;
  g_autoptr(JsonNode) state = hearth_test_sim_get_state (wait->device);

  return wait->check (state);
}

static gboolean
rgbw_on (JsonNode *state)
{
  return json_object_get_boolean_member (sim_component (NULL, state, "rgb:0"), "output");
}

static gboolean
rgbw_red (JsonNode *state)
{
  JsonArray *rgb = json_object_get_array_member (sim_component (NULL, state, "rgb:0"), "rgb");

  return json_array_get_int_element (rgb, 0) == 0xe0 &&
         json_array_get_int_element (rgb, 1) == 0x1b &&
         json_array_get_int_element (rgb, 2) == 0x24;
}

static gboolean
rgbw_off (JsonNode *state)
{
  return !rgbw_on (state);
}

static int wanted_fx;

static gboolean
wled_has_fx (JsonNode *state)
{
  JsonArray *segments = json_object_get_array_member (json_node_get_object (state), "seg");

  return json_object_get_int_member (json_array_get_object_element (segments, 0), "fx") == wanted_fx;
}

static GtkWidget *
swatch_button (Fixture    *f,
               const char *name)
{
  for (GtkWidget *c = gtk_widget_get_first_child (child (f, "swatch_box")); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *button = gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (c));

      if (g_strcmp0 (gtk_widget_get_tooltip_text (button), name) == 0)
        return button;
    }

  g_error ("No swatch “%s”", name);
}

static void
test_light_controls (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *rgbw = key_for (f, "Kitchen Cabinet Light", "rgb:0");
  g_autofree char *wled = key_for (f, "TV Backlight", "light");
  HearthControlItem *item = await_item (f, rgbw);
  HearthControl *control = hearth_control_item_get_control (item);
  StateWait wait = { find_sim_device (f, "Kitchen Cabinet Light"), rgbw_on };
  AdwComboRow *effects;
  guint index = GTK_INVALID_LIST_POSITION;

  show_details (f, rgbw);

  /* The power switch */
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (child (f, "power_switch"))));
  gtk_switch_set_active (GTK_SWITCH (child (f, "power_switch")), TRUE);
  g_assert_true (hearth_test_await (sim_state_matches, &wait, TIMEOUT_MS));

  /* A swatch */
  g_signal_emit_by_name (swatch_button (f, "Red"), "clicked");
  wait.check = rgbw_red;
  g_assert_true (hearth_test_await (sim_state_matches, &wait, TIMEOUT_MS));
  g_assert_cmpint (hearth_control_get_color (control), ==, 0xe01b24);

  /* Switched off at the device: the switch follows */
  hearth_test_sim_set_state (wait.device, "{\"rgb:0\": {\"output\": false}}");
  wait.check = rgbw_off;
  g_assert_true (hearth_test_await (sim_state_matches, &wait, TIMEOUT_MS));
  {
    gint64 end = g_get_monotonic_time () + TIMEOUT_MS * 1000;

    while (gtk_switch_get_active (GTK_SWITCH (child (f, "power_switch"))) &&
           g_get_monotonic_time () < end)
      spin (20);
    g_assert_false (gtk_switch_get_active (GTK_SWITCH (child (f, "power_switch"))));
  }

  /* An effect, by name */
  item = await_item (f, wled);
  control = hearth_control_item_get_control (item);
  show_details (f, wled);
  effects = ADW_COMBO_ROW (child (f, "effect_row"));
  for (guint i = 0; hearth_control_get_effects (control)[i] != NULL; i++)
    if (g_str_equal (hearth_control_get_effects (control)[i], "Rainbow"))
      index = i;
  g_assert_cmpuint (index, !=, GTK_INVALID_LIST_POSITION);
  wanted_fx = (int) index;
  adw_combo_row_set_selected (effects, index);
  wait.device = find_sim_device (f, "TV Backlight");
  wait.check = wled_has_fx;
  g_assert_true (hearth_test_await (sim_state_matches, &wait, TIMEOUT_MS));
  g_assert_cmpstr (hearth_control_get_effect (control), ==, "Rainbow");
}

typedef struct
{
  Fixture       *f;
  HearthControl *control;
} CoverWait;

static gboolean
cover_closing (gpointer data)
{
  CoverWait *wait = data;

  return hearth_control_get_cover_state (wait->control) == HEARTH_COVER_STATE_CLOSING &&
         hearth_control_get_position (wait->control) < 100;
}

static gboolean
cover_stopped (gpointer data)
{
  CoverWait *wait = data;

  return hearth_control_get_cover_state (wait->control) != HEARTH_COVER_STATE_CLOSING;
}

static void
test_cover (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *key = key_for (f, "Living Room Blinds", "cover:0");
  HearthControlItem *item = await_item (f, key);
  HearthControl *control = hearth_control_item_get_control (item);
  CoverWait wait = { f, control };
  int position;

  show_details (f, key);
  g_signal_emit_by_name (child (f, "close_button"), "clicked");

  /* Moving: the line says so, Stop is offered, the slider follows */
  g_assert_true (hearth_test_await (cover_closing, &wait, TIMEOUT_MS));
  spin (SETTLE_WAIT_MS);
  g_assert_true (g_str_has_prefix (gtk_label_get_label (GTK_LABEL (child (f, "state_label"))), "Closing"));
  g_assert_true (gtk_widget_get_sensitive (child (f, "stop_button")));
  g_assert_false (gtk_widget_get_sensitive (child (f, "close_button")));
  g_assert_cmpint ((int) gtk_range_get_value (GTK_RANGE (child (f, "position_scale"))), ==,
                   hearth_control_get_position (control));

  g_signal_emit_by_name (child (f, "stop_button"), "clicked");
  g_assert_true (hearth_test_await (cover_stopped, &wait, TIMEOUT_MS));
  position = hearth_control_get_position (control);
  g_assert_cmpint (position, >, 0);
  g_assert_cmpint (position, <, 100);
  g_assert_true (gtk_widget_get_sensitive (child (f, "open_button")));
  g_assert_true (gtk_widget_get_sensitive (child (f, "close_button")));
}

/* A device that stops answering */

static gboolean
item_unavailable (gpointer data)
{
  return !hearth_control_item_get_available (data);
}

static void
test_unavailable (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *key = key_for (f, "Desk Key Light", "light:0");
  const HearthTestSimDevice *device = find_sim_device (f, "Desk Key Light");
  HearthControlItem *item = await_item (f, key);
  gint64 started;

  show_details (f, key);
  g_assert_true (gtk_widget_get_sensitive (child (f, "controls_group")));
  g_assert_cmpstr (row_subtitle (f, "status_row"), ==, "Online");

  started = g_get_monotonic_time ();
  /* A polled light that stops answering */
  hearth_test_sim_misbehave (device, "hang");
  g_assert_true (hearth_test_await (item_unavailable, item, 60000));
  g_test_message ("Unavailable after %.1f s",
                  (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC);
  spin (50);

  /* Dimmed, says since when, and offers nothing to press */
  g_assert_false (gtk_widget_get_sensitive (child (f, "controls_group")));
  g_assert_true (g_str_has_prefix (gtk_label_get_label (GTK_LABEL (child (f, "state_label"))), "Unavailable"));
  g_assert_cmpstr (row_subtitle (f, "status_row"), ==, "Not answering");
  g_assert_true (gtk_widget_has_css_class (child (f, "header_box"), "unavailable"));

  /* It comes back on its own */
  hearth_test_sim_misbehave (device, "none");
  g_assert_true (hearth_test_await (item_ready_item, item, 60000));
  spin (50);
  g_assert_true (gtk_widget_get_sensitive (child (f, "controls_group")));
  g_assert_false (gtk_widget_has_css_class (child (f, "header_box"), "unavailable"));
}

/* Organising, and it surviving a restart */

static void
test_organise_persists (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *key = key_for (f, "Desk Key Light", "light:0");
  g_autofree char *other = key_for (f, "Coffee Machine", "switch:0");
  HearthControlItem *item = await_item (f, key);
  AdwComboRow *room_row;
  AdwMessageDialog *dialog;
  GtkStringObject *selected;

  show_details (f, key);

  /* Rename */
  gtk_editable_set_text (GTK_EDITABLE (child (f, "name_row")), "  Reading Lamp ");
  g_signal_emit_by_name (child (f, "name_row"), "apply");
  spin (20);
  g_assert_cmpstr (hearth_store_get_name (f->store, key), ==, "Reading Lamp");
  g_assert_cmpstr (hearth_control_item_get_title (item), ==, "Reading Lamp");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (child (f, "title_label"))), ==, "Reading Lamp");

  /* A new room, from the room row: "No Room", the rooms, "New Room…" */
  room_row = ADW_COMBO_ROW (child (f, "room_row"));
  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (room_row)), ==, 2);
  adw_combo_row_set_selected (room_row, 1);
  spin (50);
  dialog = ADW_MESSAGE_DIALOG (hearth_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (dialog);
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "add"));
  gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog)), "Study");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "add"));
  adw_message_dialog_response (dialog, "add");
  spin (50);
  g_assert_cmpstr (hearth_store_get_room (f->store, key), ==, "Study");
  g_assert_cmpstr (hearth_control_item_get_room (item), ==, "Study");
  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (room_row)), ==, 3);
  selected = adw_combo_row_get_selected_item (room_row);
  g_assert_cmpstr (gtk_string_object_get_string (selected), ==, "Study");

  /* Favourite, and hide */
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (child (f, "favourite_button")), TRUE);
  gtk_switch_set_active (GTK_SWITCH (child (f, "hidden_switch")), TRUE);
  spin (20);
  g_assert_true (hearth_store_get_favourite (f->store, key));
  g_assert_true (hearth_store_get_hidden (f->store, key));
  g_assert_true (hearth_control_item_get_favourite (item));

  /* Another control, put in the existing room from the list */
  await_item (f, other);
  show_details (f, other);
  adw_combo_row_set_selected (room_row, 1);
  spin (20);
  g_assert_cmpstr (hearth_store_get_room (f->store, other), ==, "Study");

  /* The rooms dialog sees it; renaming the room moves both along */
  {
    GtkWidget *rooms = hearth_rooms_dialog_new (GTK_WINDOW (f->window), f->store);
    GtkListBox *list;
    GtkListBoxRow *row;

    gtk_window_present (GTK_WINDOW (rooms));
    spin (50);
    list = GTK_LIST_BOX (gtk_widget_get_template_child (rooms, HEARTH_TYPE_ROOMS_DIALOG, "rooms_list"));
    g_assert_cmpuint (n_rows (list), ==, 1);
    row = gtk_list_box_get_row_at_index (list, 0);
    gtk_editable_set_text (GTK_EDITABLE (row), "Office");
    g_signal_emit_by_name (row, "apply");
    spin (20);
    g_assert_cmpstr (hearth_store_get_room (f->store, key), ==, "Office");
    g_assert_cmpstr (hearth_store_get_room (f->store, other), ==, "Office");
    g_assert_cmpstr (gtk_string_object_get_string (adw_combo_row_get_selected_item (room_row)), ==, "Office");

    /* A new room from the dialog */
    gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_template_child (rooms, HEARTH_TYPE_ROOMS_DIALOG, "new_room_row")),
                           "Garage");
    g_signal_emit_by_name (gtk_widget_get_template_child (rooms, HEARTH_TYPE_ROOMS_DIALOG, "new_room_row"), "apply");
    spin (20);
    g_assert_cmpuint (n_rows (list), ==, 2);
    g_assert_cmpuint (g_strv_length ((char **) hearth_store_get_rooms (f->store)), ==, 2);
    gtk_window_destroy (GTK_WINDOW (rooms));
  }

  /* The coffee machine goes back to no room */
  adw_combo_row_set_selected (room_row, 0);
  spin (20);
  g_assert_null (hearth_store_get_room (f->store, other));

  /* Restart: a new store from the same file, a new home and window */
  close_home (f);
  open_home (f, TRUE);

  item = await_item (f, key);
  g_assert_cmpstr (hearth_control_item_get_title (item), ==, "Reading Lamp");
  g_assert_cmpstr (hearth_control_item_get_room (item), ==, "Office");
  g_assert_true (hearth_control_item_get_favourite (item));
  g_assert_true (hearth_control_item_get_hidden (item));

  show_details (f, key);
  room_row = ADW_COMBO_ROW (child (f, "room_row"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (f, "name_row"))), ==, "Reading Lamp");
  g_assert_cmpstr (gtk_string_object_get_string (adw_combo_row_get_selected_item (room_row)), ==, "Office");
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (child (f, "favourite_button"))));
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (child (f, "hidden_switch"))));

  /* Preferences list it as hidden; "Show" gives it its tile back */
  {
    GtkWidget *prefs = hearth_preferences_window_new (GTK_WINDOW (f->window));
    GtkListBox *hidden;
    GtkListBoxRow *row;

    gtk_window_present (GTK_WINDOW (prefs));
    spin (50);
    hidden = GTK_LIST_BOX (gtk_widget_get_template_child (prefs, HEARTH_TYPE_PREFERENCES_WINDOW, "hidden_list"));
    g_assert_cmpuint (n_rows (hidden), ==, 1);
    row = gtk_list_box_get_row_at_index (hidden, 0);
    g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Reading Lamp");

    /* The row's only button */
    for (GtkWidget *w = GTK_WIDGET (row); w != NULL; )
      {
        GtkWidget *next = gtk_widget_get_first_child (w);

        if (GTK_IS_BUTTON (w))
          {
            g_signal_emit_by_name (w, "clicked");
            break;
          }
        while (next == NULL && w != NULL && w != GTK_WIDGET (row))
          {
            next = gtk_widget_get_next_sibling (w);
            if (next == NULL)
              w = gtk_widget_get_parent (w);
          }
        w = next;
      }
    spin (50);
    g_assert_false (hearth_store_get_hidden (f->store, key));
    g_assert_cmpuint (n_rows (hidden), ==, 0);
    g_assert_false (gtk_switch_get_active (GTK_SWITCH (child (f, "hidden_switch"))));
    gtk_window_destroy (GTK_WINDOW (prefs));
  }
}

/* Adding by address, and forgetting */

static const char *
stack_page (GtkWidget *dialog)
{
  return gtk_stack_get_visible_child_name (GTK_STACK (gtk_widget_get_template_child (dialog, HEARTH_TYPE_ADD_DEVICE_DIALOG,
                                                                                      "result_stack")));
}

static gboolean
probe_done (gpointer data)
{
  const char *page = stack_page (data);

  return g_strcmp0 (page, "found") == 0 || g_strcmp0 (page, "failed") == 0;
}

static const char *
dialog_label (GtkWidget  *dialog,
              const char *name)
{
  return gtk_label_get_label (GTK_LABEL (gtk_widget_get_template_child (dialog, HEARTH_TYPE_ADD_DEVICE_DIALOG, name)));
}

static GtkWidget *
add_by_address (Fixture    *f,
                const char *host,
                const char *port)
{
  GtkWidget *dialog = hearth_add_device_dialog_new (GTK_WINDOW (f->window), f->home);
  GtkWidget *add = GTK_WIDGET (gtk_widget_get_template_child (dialog, HEARTH_TYPE_ADD_DEVICE_DIALOG, "add_button"));

  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_false (gtk_widget_get_sensitive (add));
  gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_template_child (dialog, HEARTH_TYPE_ADD_DEVICE_DIALOG, "host_row")),
                         host);
  gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_template_child (dialog, HEARTH_TYPE_ADD_DEVICE_DIALOG, "port_row")),
                         port);
  g_assert_true (gtk_widget_get_sensitive (add));
  g_signal_emit_by_name (add, "clicked");
  g_assert_cmpstr (stack_page (dialog), ==, "probing");
  g_assert_true (hearth_test_await (probe_done, dialog, TIMEOUT_MS));

  return dialog;
}

static guint16
dead_port (void)
{
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GError) error = NULL;
  guint16 port;

  g_socket_listener_add_address (listener, address, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                 NULL, &effective, &error);
  g_assert_no_error (error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  g_socket_listener_close (listener);

  return port;
}

static void
on_stranger_request (SoupServer        *server,
                     SoupServerMessage *msg,
                     const char        *path,
                     GHashTable        *query,
                     gpointer           user_data)
{
  soup_server_message_set_status (msg, 404, NULL);
  soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC, "<h1>Router</h1>", 15);
}

static void
test_add_and_forget (Fixture       *f,
                     gconstpointer  data)
{
  const HearthTestSimDevice *device = find_sim_device (f, "Desk Key Light");
  g_autofree char *host = NULL;
  g_autofree char *port_text = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *key = NULL;
  GtkWidget *dialog;
  guint16 port = 0;
  const char * const *hosts;
  HearthDevice *added;

  /* Something answers, but it is no device */
  {
    g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
    g_autoptr(GError) error = NULL;
    g_autoslist(GUri) uris = NULL;

    soup_server_add_handler (server, NULL, on_stranger_request, NULL, NULL);
    soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
    g_assert_no_error (error);
    uris = soup_server_get_uris (server);
    port_text = g_strdup_printf ("%d", g_uri_get_port (uris->data));
    dialog = add_by_address (f, "127.0.0.1", port_text);
    g_assert_cmpstr (stack_page (dialog), ==, "failed");
    expected = g_strdup_printf ("127.0.0.1:%s answered, but is no device Hearth knows", port_text);
    g_assert_cmpstr (dialog_label (dialog, "failed_title"), ==, expected);
    {
      g_autofree char *families = hearth_device_text_families (f->home);
      g_autofree char *detail = g_strdup_printf ("Hearth knows %s devices. If this is one, check the port.",
                                                 families);

      /* Every family the drivers know, named as each driver tells, once
       * (Shelly's two generations are one name), in the drivers' order */
      g_assert_cmpstr (families, ==, "Shelly, WLED, Elgato, Tasmota, ESPHome, Nanoleaf and Philips Hue");
      g_assert_cmpstr (dialog_label (dialog, "failed_detail"), ==, detail);
    }
    gtk_window_destroy (GTK_WINDOW (dialog));
    g_clear_pointer (&expected, g_free);
    g_clear_pointer (&port_text, g_free);
  }

  /* Not an address at all */
  dialog = hearth_add_device_dialog_new (GTK_WINDOW (f->window), f->home);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_template_child (dialog, HEARTH_TYPE_ADD_DEVICE_DIALOG, "host_row")),
                         "my lamp");
  g_signal_emit_by_name (gtk_widget_get_template_child (dialog, HEARTH_TYPE_ADD_DEVICE_DIALOG, "add_button"), "clicked");
  g_assert_cmpstr (stack_page (dialog), ==, "failed");
  g_assert_cmpstr (dialog_label (dialog, "failed_title"), ==, "“my lamp” is neither a host name nor an address");
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* A scoped IPv6 address: said at once, nothing sent */
  dialog = hearth_add_device_dialog_new (GTK_WINDOW (f->window), f->home);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_template_child (dialog, HEARTH_TYPE_ADD_DEVICE_DIALOG, "host_row")),
                         "fe80::1%eth0");
  g_signal_emit_by_name (gtk_widget_get_template_child (dialog, HEARTH_TYPE_ADD_DEVICE_DIALOG, "add_button"), "clicked");
  g_assert_cmpstr (stack_page (dialog), ==, "failed");
  g_assert_nonnull (strstr (dialog_label (dialog, "failed_title"), "IPv6 address with a zone"));
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* The Key Light, typed as a person would ("http://127.0.0.1:PORT/") */
  split_host_port (device, &host, &port);
  {
    g_autofree char *typed = g_strdup_printf ("http://%s:%u/", host, port);

    dialog = add_by_address (f, typed, "");
  }
  g_assert_cmpstr (stack_page (dialog), ==, "found");
  g_assert_cmpstr (dialog_label (dialog, "found_title"), ==, "Added Desk Key Light");
  expected = g_strdup_printf ("Elgato Key Light at %s:%u", host, port);
  g_assert_cmpstr (dialog_label (dialog, "found_detail"), ==, expected);
  added = hearth_add_device_dialog_get_device (HEARTH_ADD_DEVICE_DIALOG (dialog));
  g_assert_nonnull (added);
  g_assert_cmpstr (hearth_device_get_id (added), ==, device->id);
  /* For good: in the store */
  hosts = hearth_store_get_hosts (f->store);
  g_assert_nonnull (hosts);
  {
    g_autofree char *entry = host_port (device);

    g_assert_true (g_strv_contains (hosts, entry));
  }
  /* "Done" closes */
  g_signal_emit_by_name (gtk_widget_get_template_child (dialog, HEARTH_TYPE_ADD_DEVICE_DIALOG, "add_button"), "clicked");
  spin (20);

  /* Its details offer to forget it */
  key = hearth_store_key (device->id, "light:0");
  await_item (f, key);
  show_details (f, key);
  g_assert_true (shown (f, "forget_button"));
  g_signal_emit_by_name (child (f, "forget_button"), "clicked");
  spin (50);
  {
    AdwMessageDialog *confirm = ADW_MESSAGE_DIALOG (hearth_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));

    g_assert_nonnull (confirm);
    g_assert_cmpstr (adw_message_dialog_get_heading (confirm), ==, "Forget Desk Key Light?");
    adw_message_dialog_response (confirm, "forget");
  }
  spin (50);
  g_assert_null (hearth_home_lookup (f->home, device->id));
  g_assert_null (hearth_control_list_find (f->list, key));
  hosts = hearth_store_get_hosts (f->store);
  g_assert_true (hosts == NULL || hosts[0] == NULL);
  g_assert_cmpstr (hearth_window_get_page (f->window), !=, "details");
}

static void
test_add_dead_address (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *port_text = NULL;
  g_autofree char *expected = NULL;
  GtkWidget *dialog;
  guint16 port;

  /* Nothing listens there */
  port = dead_port ();
  port_text = g_strdup_printf ("%u", port);
  dialog = add_by_address (f, "127.0.0.1", port_text);
  g_assert_cmpstr (stack_page (dialog), ==, "failed");
  expected = g_strdup_printf ("127.0.0.1:%u refused the connection", port);
  g_assert_cmpstr (dialog_label (dialog, "failed_title"), ==, expected);
  g_assert_null (hearth_add_device_dialog_get_device (HEARTH_ADD_DEVICE_DIALOG (dialog)));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->home)), ==, 0);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

int
main (int    argc,
      char **argv)
{
  hearth_ui_test_init (&argc, &argv);

  g_test_add ("/details/rows-per-kind", Fixture, NULL, set_up, test_rows_per_kind, tear_down);
  g_test_add ("/details/drag-brightness", Fixture, NULL, set_up, test_drag_brightness, tear_down);
  g_test_add ("/details/light-controls", Fixture, NULL, set_up, test_light_controls, tear_down);
  g_test_add ("/details/cover", Fixture, NULL, set_up, test_cover, tear_down);
  g_test_add ("/details/unavailable", Fixture, NULL, set_up, test_unavailable, tear_down);
  g_test_add ("/details/organise-persists", Fixture, NULL, set_up, test_organise_persists, tear_down);
  g_test_add ("/details/add-and-forget", Fixture, GINT_TO_POINTER (1), set_up, test_add_and_forget, tear_down);
  g_test_add ("/details/add-dead-address", Fixture, GINT_TO_POINTER (1), set_up, test_add_dead_address, tear_down);

  return g_test_run ();
}
