/* hearthctl-history.c: the history command: a device's power over time,
 * read from the history the app keeps (history.bin beside the store's
 * file); no network
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "hearth-engine.h"
#include "hearthctl-commands.h"
#include "hearthctl-runner.h"

char    *hearthctl_opt_since;
gboolean hearthctl_opt_csv;

#define DEFAULT_SINCE  "24h"

/* "24h", "7d", "N(h|d)": seconds, or 0 when it is none of those */
static gint64
parse_since (const char *text)
{
  guint64 n = 0;
  char *end = NULL;
  const char *unit;

  if (text == NULL || !g_ascii_isdigit (*text))
    return 0;
  n = g_ascii_strtoull (text, &end, 10);
  unit = end;
  if (n == 0 || n > 90 * 24 || end == text ||
      (!g_str_equal (unit, "h") && !g_str_equal (unit, "d")))
    return 0;
  if (g_str_equal (unit, "d"))
    {
      if (n > 90)
        return 0;
      return (gint64) n * 24 * 3600;
    }
  return (gint64) n * 3600;
}

/* A reading of the history: its device id and control id, and what the
 * store tells of them */
typedef struct
{
  char          *device_id;
  char          *control_id;
  HearthControl *control;   /* NULL when the store does not know it */
} Reading;

static void
reading_free (gpointer data)
{
  Reading *reading = data;

  g_free (reading->device_id);
  g_free (reading->control_id);
  g_clear_object (&reading->control);
  g_free (reading);
}

static HearthDevice *
find_known (GPtrArray  *known,
            const char *target)
{
  for (guint i = 0; i < known->len; i++)
    if (g_str_equal (hearth_device_get_id (g_ptr_array_index (known, i)), target))
      return g_ptr_array_index (known, i);
  for (guint i = 0; i < known->len; i++)
    {
      const char *name = hearth_device_get_name (g_ptr_array_index (known, i));

      if (name != NULL && g_utf8_collate (name, target) == 0)
        return g_ptr_array_index (known, i);
    }
  for (guint i = 0; i < known->len; i++)
    {
      g_autofree char *name = NULL;
      g_autofree char *wanted = g_utf8_casefold (target, -1);
      const char *device_name = hearth_device_get_name (g_ptr_array_index (known, i));

      name = device_name != NULL ? g_utf8_casefold (device_name, -1) : NULL;
      if (name != NULL && g_str_equal (name, wanted))
        return g_ptr_array_index (known, i);
    }
  return NULL;
}

static HearthControl *
find_control (HearthDevice *device,
              const char   *control_id)
{
  GListModel *controls;

  if (device == NULL)
    return NULL;
  controls = hearth_device_get_controls (device);
  for (guint i = 0; i < g_list_model_get_n_items (controls); i++)
    {
      g_autoptr(HearthControl) control = g_list_model_get_item (controls, i);

      if (g_str_equal (hearth_control_get_id (control), control_id))
        return g_steal_pointer (&control);
    }
  return NULL;
}

/* Whether @wanted (an id or a name, any case) names @reading */
static gboolean
names_reading (Reading    *reading,
               const char *wanted)
{
  g_autofree char *folded = NULL;
  g_autofree char *name = NULL;

  if (g_str_equal (reading->control_id, wanted))
    return TRUE;
  if (reading->control == NULL)
    return FALSE;
  folded = g_utf8_casefold (wanted, -1);
  name = g_utf8_casefold (hearth_control_get_name (reading->control), -1);
  return g_str_equal (folded, name);
}

static char *
format_time (gint64 time)
{
  g_autoptr(GDateTime) local = g_date_time_new_from_unix_local (time);

  return g_date_time_format_iso8601 (local);
}

static const char *
unit_of (Reading *reading)
{
  const char *unit = reading->control != NULL ? hearth_control_get_unit (reading->control) : NULL;

  return unit != NULL ? unit : "W";
}

static const char *
name_of (Reading *reading)
{
  return reading->control != NULL ? hearth_control_get_name (reading->control) : reading->control_id;
}

static JsonNode *
reading_to_json (Reading                 *reading,
                 GArray                  *points,
                 HearthHistoryResolution  resolution,
                 gint64                   since)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *since_text = format_time (since);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "control");
  json_builder_add_string_value (builder, reading->control_id);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, name_of (reading));
  json_builder_set_member_name (builder, "unit");
  json_builder_add_string_value (builder, unit_of (reading));
  json_builder_set_member_name (builder, "resolution");
  json_builder_add_string_value (builder, resolution == HEARTH_HISTORY_MINUTE ? "minute" : "hour");
  json_builder_set_member_name (builder, "since");
  json_builder_add_string_value (builder, since_text);
  json_builder_set_member_name (builder, "points");
  json_builder_begin_array (builder);
  for (guint i = 0; i < points->len; i++)
    {
      const HearthHistoryPoint *point = &g_array_index (points, HearthHistoryPoint, i);
      g_autofree char *time = format_time (point->time);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "time");
      json_builder_add_string_value (builder, time);
      json_builder_set_member_name (builder, "value");
      json_builder_add_double_value (builder, point->value);
      if (resolution == HEARTH_HISTORY_HOUR)
        {
          g_autofree char *peak_time = format_time (point->peak_time);

          json_builder_set_member_name (builder, "peak");
          json_builder_add_double_value (builder, point->peak);
          json_builder_set_member_name (builder, "peak_time");
          json_builder_add_string_value (builder, peak_time);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
print_reading (Reading                 *reading,
               GArray                  *points,
               HearthHistoryResolution  resolution)
{
  const HearthHistoryPoint *all = (const HearthHistoryPoint *) (const void *) points->data;
  g_autofree char *summary = hearth_history_summarize (all, points->len, unit_of (reading));

  g_print ("%s (%s)\n", name_of (reading), reading->control_id);
  if (summary == NULL)
    {
      g_print ("  %s\n", _("No readings yet"));
      return;
    }
  g_print ("  %s\n", summary);
  for (guint i = 0; i < points->len; i++)
    {
      g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (all[i].time);
      g_autofree char *when = g_date_time_format (time, "%Y-%m-%d %H:%M");
      g_autofree char *value = hearth_history_format_value (all[i].value, unit_of (reading));

      g_print ("  %s  %s\n", when, value);
    }
}

int
cmd_history (HearthHome  *home,
             int          argc,
             char       **argv)
{
  g_autoptr(HearthStore) store = NULL;
  g_autoptr(HearthHistory) history = NULL;
  g_autoptr(GPtrArray) known = NULL;
  g_autoptr(GPtrArray) readings = g_ptr_array_new_with_free_func (reading_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autofree char *path = NULL;
  g_auto(GStrv) keys = NULL;
  HearthHistoryResolution resolution;
  HearthDevice *device;
  const char *device_id;
  gint64 span, since;

  if (argc < 2 || argc > 3)
    return hearthctl_usage_error (_("“history” takes a TARGET and an optional CONTROL"));
  if (hearthctl_opt_json && hearthctl_opt_csv)
    return hearthctl_usage_error (_("Choose one of --json and --csv"));
  span = parse_since (hearthctl_opt_since != NULL ? hearthctl_opt_since : DEFAULT_SINCE);
  if (span == 0)
    return hearthctl_usage_error (_("--since takes hours or days up to 90 days: 24h, 7d, 30d"));

  store = hearthctl_open_store ();
  path = hearth_history_path_for_store (hearth_store_get_path (store));
  history = hearth_history_new (path);
  if (!hearth_history_load (history, &error))
    return hearthctl_fail (g_steal_pointer (&error));

  known = hearth_store_dup_known_devices (store);
  device = find_known (known, argv[1]);
  device_id = device != NULL ? hearth_device_get_id (device) : argv[1];

  keys = hearth_history_dup_keys (history);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_auto(GStrv) ids = g_strsplit (keys[i], "\n", 2);
      Reading *reading;

      if (!g_str_equal (ids[0], device_id))
        continue;
      reading = g_new0 (Reading, 1);
      reading->device_id = g_strdup (ids[0]);
      reading->control_id = g_strdup (ids[1]);
      reading->control = find_control (device, ids[1]);
      if (argc == 3 && !names_reading (reading, argv[2]))
        {
          reading_free (reading);
          continue;
        }
      g_ptr_array_add (readings, reading);
    }

  if (readings->len == 0)
    {
      g_autofree char *message = NULL;

      if (device == NULL)
        /* TRANSLATORS: %s is a device id or name */
        message = g_strdup_printf (_("No history of “%s”: no device of that id or name had power readings"),
                                   argv[1]);
      else if (argc == 3)
        /* TRANSLATORS: the first %s is a control's id or name, the second a device's name */
        message = g_strdup_printf (_("No history of “%s” of %s"), argv[2], hearth_device_get_name (device));
      else
        message = g_strdup_printf (_("No history of %s: it has no power readings"),
                                   hearth_device_get_name (device));
      g_printerr ("hearthctl: %s\n", message);
      return EXIT_FAILURE_DEVICE;
    }

  since = hearth_history_now (history) - span;
  resolution = span <= 48 * 3600 ? HEARTH_HISTORY_MINUTE : HEARTH_HISTORY_HOUR;
  if (hearthctl_opt_json)
    {
      builder = json_builder_new ();
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "device");
      json_builder_add_string_value (builder, device_id);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, device != NULL ? hearth_device_get_name (device) : device_id);
      json_builder_set_member_name (builder, "readings");
      json_builder_begin_array (builder);
    }
  else if (hearthctl_opt_csv)
    g_print ("device,control,time,value,peak\n");

  for (guint i = 0; i < readings->len; i++)
    {
      Reading *reading = g_ptr_array_index (readings, i);
      g_autoptr(GArray) points = hearth_history_dup_series (history, reading->device_id,
                                                            reading->control_id, since, resolution);

      if (hearthctl_opt_json)
        json_builder_add_value (builder, reading_to_json (reading, points, resolution, since));
      else if (hearthctl_opt_csv)
        for (guint j = 0; j < points->len; j++)
          {
            const HearthHistoryPoint *point = &g_array_index (points, HearthHistoryPoint, j);
            g_autofree char *time = format_time (point->time);
            char value[G_ASCII_DTOSTR_BUF_SIZE];
            char peak[G_ASCII_DTOSTR_BUF_SIZE];

            g_print ("%s,%s,%s,%s,%s\n", reading->device_id, reading->control_id, time,
                     g_ascii_formatd (value, sizeof value, "%.2f", point->value),
                     g_ascii_formatd (peak, sizeof peak, "%.2f", point->peak));
          }
      else
        print_reading (reading, points, resolution);
    }

  if (hearthctl_opt_json)
    {
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;

      json_builder_end_array (builder);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      text = hearth_json_to_data (root, TRUE, NULL);
      g_print ("%s\n", text);
    }
  return EXIT_OK;
}
