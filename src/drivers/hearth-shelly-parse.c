/* hearth-shelly-parse.c: Shelly Gen2+ (JSON-RPC) payloads to and from the model
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hearth-control.h"
#include "hearth-device.h"
#include "hearth-error.h"
#include "hearth-json.h"
#include "hearth-sensor.h"
#include "hearth-shelly-parse.h"

#define DEFAULT_CT_MIN 2700
#define DEFAULT_CT_MAX 6500

/* Small JSON helpers ---------------------------------------------------- */

static gboolean
get_number (JsonObject *object,
            const char *member,
            double     *out)
{
  JsonNode *node;
  GType type;

  if (object == NULL)
    return FALSE;

  node = json_object_get_member (object, member);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    *out = (double) json_node_get_int (node);
  else if (type == G_TYPE_DOUBLE)
    *out = json_node_get_double (node);
  else
    return FALSE;

  return isfinite (*out);
}

static gboolean
get_boolean (JsonObject *object,
             const char *member,
             gboolean   *out)
{
  JsonNode *node;

  if (object == NULL)
    return FALSE;

  node = json_object_get_member (object, member);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return FALSE;

  *out = json_node_get_boolean (node);
  return TRUE;
}

static JsonNode *
deep_copy (JsonNode *node)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *src = json_node_get_object (node);
        g_autoptr(JsonObject) dst = json_object_new ();
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;

        json_object_iter_init_ordered (&iter, src);
        while (json_object_iter_next_ordered (&iter, &name, &member))
          json_object_set_member (dst, name, deep_copy (member));

        return json_node_init_object (json_node_alloc (), dst);
      }

    case JSON_NODE_ARRAY:
      {
        JsonArray *src = json_node_get_array (node);
        g_autoptr(JsonArray) dst = json_array_sized_new (json_array_get_length (src));

        for (guint i = 0; i < json_array_get_length (src); i++)
          json_array_add_element (dst, deep_copy (json_array_get_element (src, i)));

        return json_node_init_array (json_node_alloc (), dst);
      }

    case JSON_NODE_VALUE:
    case JSON_NODE_NULL:
    default:
      return json_node_copy (node);
    }
}

/* A deep copy (json_object_ref() and json_node_copy() share the members) */
JsonObject *
hearth_shelly_object_copy (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);
  g_autoptr(JsonNode) copy = deep_copy (node);

  return json_object_ref (json_node_get_object (copy));
}

/* Identification --------------------------------------------------------- */

void
hearth_shelly_info_free (HearthShellyInfo *info)
{
  if (info == NULL)
    return;

  g_free (info->id);
  g_free (info->mac);
  g_free (info->name);
  g_free (info->model);
  g_free (info->firmware);
  g_free (info->app);
  g_free (info->profile);
  g_free (info->auth_domain);
  g_free (info);
}

HearthShellyInfo *
hearth_shelly_info_parse (JsonNode  *node,
                          GError   **error)
{
  g_autoptr(HearthShellyInfo) info = NULL;
  JsonObject *object;
  const char *id;
  gint64 gen;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED,
                           "The answer to /shelly is not a JSON object: not a Shelly");
      return NULL;
    }

  object = json_node_get_object (node);
  id = hearth_json_get_text (object, "id");
  gen = hearth_json_get_int (object, "gen", 0);

  if (!json_object_has_member (object, "gen"))
    {
      /* Gen1 answers /shelly too, with "type" and "mac" but no "gen" */
      if (json_object_has_member (object, "type"))
        g_set_error_literal (error, HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED,
                             "This is a first-generation Shelly (no \"gen\" in /shelly)");
      else
        g_set_error_literal (error, HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED,
                             "Not a Shelly: /shelly has no \"gen\"");
      return NULL;
    }

  if (gen < 2 || gen > 99)
    {
      g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED,
                   "Unsupported Shelly generation in /shelly (\"gen\": %s)",
                   gen == 0 ? "not a number" : "below 2");
      return NULL;
    }

  if (id == NULL)
    {
      g_set_error_literal (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD,
                           "The Shelly's /shelly answer has no \"id\"");
      return NULL;
    }

  info = g_new0 (HearthShellyInfo, 1);
  info->id = g_strdup (id);
  info->gen = (int) gen;
  info->mac = g_strdup (hearth_json_get_text (object, "mac"));
  info->name = g_strdup (hearth_json_get_text (object, "name"));
  info->model = g_strdup (hearth_json_get_text (object, "model"));
  info->firmware = g_strdup (hearth_json_get_text (object, "ver"));
  info->app = g_strdup (hearth_json_get_text (object, "app"));
  info->profile = g_strdup (hearth_json_get_text (object, "profile"));
  info->auth_domain = g_strdup (hearth_json_get_text (object, "auth_domain"));
  info->auth_en = hearth_json_get_bool (object, "auth_en", FALSE);

  /* Older firmware has only fw_id ("20231219-133934/1.1.0-g34b5d4f") */
  if (info->firmware == NULL)
    {
      const char *fw_id = hearth_json_get_text (object, "fw_id");
      const char *slash = fw_id != NULL ? strchr (fw_id, '/') : NULL;

      if (slash != NULL && slash[1] != '\0')
        info->firmware = g_strdup (slash + 1);
      else
        info->firmware = g_strdup (fw_id);
    }

  return g_steal_pointer (&info);
}

char *
hearth_shelly_friendly_name (const char *app,
                             const char *model)
{
  GString *name;

  if (app == NULL || *app == '\0')
    {
      if (model != NULL && *model != '\0')
        return g_strdup_printf ("Shelly %s", model);
      return g_strdup ("Shelly");
    }

  /* Split CamelCase app names at a lower→upper or lower→digit step:
   * "Plus1PM" → "Plus 1PM", "PlusWallDimmer" → "Plus Wall Dimmer". */
  name = g_string_new ("Shelly ");
  for (const char *p = app; *p != '\0'; p++)
    {
      if (p != app && g_ascii_islower (p[-1]) &&
          (g_ascii_isupper (*p) || g_ascii_isdigit (*p)))
        g_string_append_c (name, ' ');
      g_string_append_c (name, *p);
    }

  return g_string_free (name, FALSE);
}

HearthDevice *
hearth_shelly_info_to_device (const HearthShellyInfo *info,
                              const char             *host,
                              guint16                 port)
{
  HearthDevice *device;

  g_return_val_if_fail (info != NULL && info->id != NULL, NULL);

  device = hearth_device_new (info->id, "shelly");

  if (info->name != NULL)
    hearth_device_set_name (device, info->name);
  else
    {
      g_autofree char *friendly = hearth_shelly_friendly_name (info->app, info->model);
      hearth_device_set_name (device, friendly);
    }

  hearth_device_set_model (device, info->model != NULL ? info->model : info->app);
  hearth_device_set_firmware (device, info->firmware);
  if (host != NULL)
    hearth_device_set_address (device, host, port);

  return device;
}

/* Status → controls ------------------------------------------------------ */

gboolean
hearth_shelly_split_key (const char  *key,
                         char       **component,
                         int         *index)
{
  const char *colon;
  char *end = NULL;
  gint64 n;

  if (key == NULL)
    return FALSE;

  colon = strchr (key, ':');
  if (colon == NULL || colon == key || !g_ascii_isdigit (colon[1]))
    return FALSE;

  n = g_ascii_strtoll (colon + 1, &end, 10);
  if (end == NULL || *end != '\0' || n < 0 || n > G_MAXINT)
    return FALSE;

  if (component != NULL)
    *component = g_strndup (key, colon - key);
  if (index != NULL)
    *index = (int) n;

  return TRUE;
}


static const char * const component_names[] = {
  "switch", "cover", "light", "rgb", "rgbw", "cct",
  "temperature", "humidity", "devicepower",
};

HearthShellyComponent
hearth_shelly_component_type (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (component_names); i++)
    if (g_strcmp0 (name, component_names[i]) == 0)
      return (HearthShellyComponent) i;

  return HEARTH_SHELLY_COMPONENT_OTHER;
}

typedef struct
{
  const char    *key;
  HearthShellyComponent  type;
  int            index;
  JsonObject    *status;
  JsonObject    *config;
} Component;

static int
component_compare (gconstpointer a,
                   gconstpointer b)
{
  const Component *ca = a;
  const Component *cb = b;

  if (ca->type != cb->type)
    return (int) ca->type - (int) cb->type;
  return ca->index - cb->index;
}

/* The configured name, else the device's name with the channel number */
static char *
component_name (HearthDevice    *device,
                const Component *comp,
                const char      *what)
{
  const char *configured = hearth_json_get_text (comp->config, "name");
  const char *device_name = hearth_device_get_name (device);
  GString *name;

  if (configured != NULL)
    return g_strdup (configured);

  name = g_string_new (device_name != NULL && *device_name != '\0' ? device_name : "Shelly");
  if (what != NULL)
    g_string_append_printf (name, " %s", what);
  if (comp->index > 0)
    g_string_append_printf (name, " %d", comp->index + 1);

  return g_string_free (name, FALSE);
}

/* power (apower, W) and energy (aenergy.total Wh → kWh) of a metered output */
static void
add_meter_sensors (HearthDevice    *device,
                   GHashTable      *seen,
                   const Component *comp,
                   const char      *parent_name)
{
  double value;

  if (get_number (comp->status, "apower", &value))
    {
      g_autofree char *id = g_strdup_printf ("%s/power", comp->key);
      g_autofree char *name = g_strdup_printf ("%s Power", parent_name);

      hearth_sensor_update (device, seen, id, name, value, "W", "power");
    }

  if (get_number (hearth_json_get_object (comp->status, "aenergy"), "total", &value))
    {
      g_autofree char *id = g_strdup_printf ("%s/energy", comp->key);
      g_autofree char *name = g_strdup_printf ("%s Energy", parent_name);

      hearth_sensor_update (device, seen, id, name, value / 1000.0, "kWh", "energy");
    }
}

static int
clamp_percent (double value)
{
  return (int) CLAMP (round (value), 0, 100);
}

static void
apply_rgb (HearthControl *control,
           JsonObject    *status)
{
  JsonArray *rgb = hearth_json_get_array (status, "rgb");
  int color = 0;

  if (rgb == NULL || json_array_get_length (rgb) != 3)
    return;

  for (guint i = 0; i < 3; i++)
    {
      JsonNode *element = json_array_get_element (rgb, i);
      GType type;
      double channel;

      if (!JSON_NODE_HOLDS_VALUE (element))
        return;
      type = json_node_get_value_type (element);
      if (type == G_TYPE_INT64)
        channel = (double) json_node_get_int (element);
      else if (type == G_TYPE_DOUBLE)
        channel = json_node_get_double (element);
      else
        return;

      color = (color << 8) | (int) CLAMP (round (channel), 0, 255);
    }

  hearth_control_set_color (control, color);
}

static HearthCoverState
parse_cover_state (const char *state)
{
  if (g_strcmp0 (state, "open") == 0)
    return HEARTH_COVER_STATE_OPEN;
  if (g_strcmp0 (state, "closed") == 0)
    return HEARTH_COVER_STATE_CLOSED;
  if (g_strcmp0 (state, "opening") == 0)
    return HEARTH_COVER_STATE_OPENING;
  if (g_strcmp0 (state, "closing") == 0)
    return HEARTH_COVER_STATE_CLOSING;
  /* "stopped", "calibrating" */
  return HEARTH_COVER_STATE_STOPPED;
}

static void
apply_output (HearthDevice    *device,
              GHashTable      *seen,
              const Component *comp)
{
  g_autofree char *name = component_name (device, comp, NULL);
  HearthControlKind kind;
  HearthCapabilities caps = HEARTH_CAPABILITY_ON_OFF;
  HearthControl *control;
  gboolean on;
  double value;

  switch (comp->type)
    {
    case HEARTH_SHELLY_COMPONENT_SWITCH:
      kind = HEARTH_CONTROL_KIND_SWITCH;
      break;
    case HEARTH_SHELLY_COMPONENT_LIGHT:
      kind = HEARTH_CONTROL_KIND_LIGHT;
      caps |= HEARTH_CAPABILITY_BRIGHTNESS;
      break;
    case HEARTH_SHELLY_COMPONENT_RGB:
    case HEARTH_SHELLY_COMPONENT_RGBW:
      kind = HEARTH_CONTROL_KIND_LIGHT;
      caps |= HEARTH_CAPABILITY_BRIGHTNESS | HEARTH_CAPABILITY_COLOR;
      break;
    case HEARTH_SHELLY_COMPONENT_CCT:
      kind = HEARTH_CONTROL_KIND_LIGHT;
      caps |= HEARTH_CAPABILITY_BRIGHTNESS | HEARTH_CAPABILITY_TEMPERATURE;
      break;
    case HEARTH_SHELLY_COMPONENT_COVER:
    case HEARTH_SHELLY_COMPONENT_TEMPERATURE:
    case HEARTH_SHELLY_COMPONENT_HUMIDITY:
    case HEARTH_SHELLY_COMPONENT_DEVICEPOWER:
    case HEARTH_SHELLY_COMPONENT_OTHER:
    default:
      g_assert_not_reached ();
    }

  control = hearth_device_ensure_control (device, comp->key, kind, name);
  hearth_control_set_name (control, name);
  hearth_control_set_capabilities (control, caps);
  g_hash_table_add (seen, g_strdup (comp->key));

  if (get_boolean (comp->status, "output", &on))
    hearth_control_set_on (control, on);

  if ((caps & HEARTH_CAPABILITY_BRIGHTNESS) &&
      get_number (comp->status, "brightness", &value))
    hearth_control_set_brightness (control, clamp_percent (value));

  if (caps & HEARTH_CAPABILITY_COLOR)
    apply_rgb (control, comp->status);

  if (caps & HEARTH_CAPABILITY_TEMPERATURE)
    {
      JsonArray *range = hearth_json_get_array (comp->config, "ct_range");
      int min_k = DEFAULT_CT_MIN;
      int max_k = DEFAULT_CT_MAX;

      if (range != NULL && json_array_get_length (range) == 2)
        {
          JsonNode *lo = json_array_get_element (range, 0);
          JsonNode *hi = json_array_get_element (range, 1);

          if (JSON_NODE_HOLDS_VALUE (lo) && JSON_NODE_HOLDS_VALUE (hi) &&
              json_node_get_value_type (lo) == G_TYPE_INT64 &&
              json_node_get_value_type (hi) == G_TYPE_INT64 &&
              json_node_get_int (lo) > 0 &&
              json_node_get_int (lo) < json_node_get_int (hi) &&
              json_node_get_int (hi) < 100000)
            {
              min_k = (int) json_node_get_int (lo);
              max_k = (int) json_node_get_int (hi);
            }
        }

      hearth_control_set_temperature_range (control, min_k, max_k);
      if (get_number (comp->status, "ct", &value) && value > 0 && value < 100000)
        hearth_control_set_temperature (control, (int) round (value));
    }

  add_meter_sensors (device, seen, comp, name);
}

static void
apply_cover (HearthDevice    *device,
             GHashTable      *seen,
             const Component *comp)
{
  g_autofree char *name = component_name (device, comp, NULL);
  HearthCapabilities caps = HEARTH_CAPABILITY_NONE;
  HearthControl *control;
  gboolean pos_control = FALSE;
  double position;
  const char *state;

  control = hearth_device_ensure_control (device, comp->key, HEARTH_CONTROL_KIND_COVER, name);
  hearth_control_set_name (control, name);
  g_hash_table_add (seen, g_strdup (comp->key));

  /* Without calibration there is no position (current_pos is null) */
  get_boolean (comp->status, "pos_control", &pos_control);
  if (pos_control && get_number (comp->status, "current_pos", &position))
    {
      caps |= HEARTH_CAPABILITY_POSITION;
      hearth_control_set_position (control, clamp_percent (position));
    }
  else
    hearth_control_set_position (control, -1);

  hearth_control_set_capabilities (control, caps);

  state = hearth_json_get_string (comp->status, "state", NULL);
  if (state != NULL)
    hearth_control_set_cover_state (control, parse_cover_state (state));

  add_meter_sensors (device, seen, comp, name);
}

static void
apply_reading (HearthDevice    *device,
               GHashTable      *seen,
               const Component *comp)
{
  const char *what;
  const char *unit;
  const char *quantity;
  g_autofree char *id = NULL;
  g_autofree char *name = NULL;
  double value;

  switch (comp->type)
    {
    case HEARTH_SHELLY_COMPONENT_TEMPERATURE:
      if (!get_number (comp->status, "tC", &value))
        return;
      what = "Temperature";
      unit = "°C";
      quantity = "temperature";
      id = g_strdup (comp->key);
      break;

    case HEARTH_SHELLY_COMPONENT_HUMIDITY:
      if (!get_number (comp->status, "rh", &value))
        return;
      what = "Humidity";
      unit = "%";
      quantity = "humidity";
      id = g_strdup (comp->key);
      break;

    case HEARTH_SHELLY_COMPONENT_DEVICEPOWER:
      if (!get_number (hearth_json_get_object (comp->status, "battery"), "percent", &value))
        return;
      what = "Battery";
      unit = "%";
      quantity = "battery";
      id = g_strdup_printf ("%s/battery", comp->key);
      break;

    case HEARTH_SHELLY_COMPONENT_SWITCH:
    case HEARTH_SHELLY_COMPONENT_COVER:
    case HEARTH_SHELLY_COMPONENT_LIGHT:
    case HEARTH_SHELLY_COMPONENT_RGB:
    case HEARTH_SHELLY_COMPONENT_RGBW:
    case HEARTH_SHELLY_COMPONENT_CCT:
    case HEARTH_SHELLY_COMPONENT_OTHER:
    default:
      g_assert_not_reached ();
    }

  name = component_name (device, comp, what);
  hearth_sensor_update (device, seen, id, name, value, unit, quantity);
}

gboolean
hearth_shelly_apply_status (HearthDevice  *device,
                            JsonObject    *config,
                            JsonObject    *status,
                            GError       **error)
{
  g_autoptr(GArray) components = NULL;
  g_autoptr(GHashTable) seen = NULL;
  g_autoptr(GPtrArray) stale = NULL;
  JsonObjectIter iter;
  const char *key;
  JsonNode *member;
  const char *device_name;
  GListModel *controls;

  g_return_val_if_fail (HEARTH_IS_DEVICE (device), FALSE);

  if (status == NULL)
    {
      g_set_error_literal (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD,
                           "The Shelly sent no status object");
      return FALSE;
    }

  /* Check the whole answer first so a bad one changes nothing */
  components = g_array_new (FALSE, TRUE, sizeof (Component));
  json_object_iter_init_ordered (&iter, status);
  while (json_object_iter_next_ordered (&iter, &key, &member))
    {
      g_autofree char *type_name = NULL;
      Component comp = { 0, };

      if (!hearth_shelly_split_key (key, &type_name, &comp.index))
        continue;

      comp.type = hearth_shelly_component_type (type_name);
      if (comp.type == HEARTH_SHELLY_COMPONENT_OTHER)
        continue;

      if (!JSON_NODE_HOLDS_OBJECT (member))
        {
          g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD,
                       "The Shelly's status for “%s” is not an object", key);
          return FALSE;
        }

      comp.key = key;
      comp.status = json_node_get_object (member);
      comp.config = hearth_json_get_object (config, key);
      g_array_append_val (components, comp);
    }
  g_array_sort (components, component_compare);

  /* The device's own name, as configured on it */
  device_name = hearth_json_get_text (hearth_json_get_object (hearth_json_get_object (config, "sys"), "device"),
                          "name");
  if (device_name != NULL)
    hearth_device_set_name (device, device_name);

  seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < components->len; i++)
    {
      const Component *comp = &g_array_index (components, Component, i);

      switch (comp->type)
        {
        case HEARTH_SHELLY_COMPONENT_SWITCH:
        case HEARTH_SHELLY_COMPONENT_LIGHT:
        case HEARTH_SHELLY_COMPONENT_RGB:
        case HEARTH_SHELLY_COMPONENT_RGBW:
        case HEARTH_SHELLY_COMPONENT_CCT:
          apply_output (device, seen, comp);
          break;
        case HEARTH_SHELLY_COMPONENT_COVER:
          apply_cover (device, seen, comp);
          break;
        case HEARTH_SHELLY_COMPONENT_TEMPERATURE:
        case HEARTH_SHELLY_COMPONENT_HUMIDITY:
        case HEARTH_SHELLY_COMPONENT_DEVICEPOWER:
          apply_reading (device, seen, comp);
          break;
        case HEARTH_SHELLY_COMPONENT_OTHER:
        default:
          break;
        }
    }

  /* Components that are gone (a profile change, a removed add-on) */
  controls = hearth_device_get_controls (device);
  stale = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < g_list_model_get_n_items (controls); i++)
    {
      g_autoptr(HearthControl) control = g_list_model_get_item (controls, i);
      const char *id = hearth_control_get_id (control);

      if (!g_hash_table_contains (seen, id))
        g_ptr_array_add (stale, g_strdup (id));
    }
  for (guint i = 0; i < stale->len; i++)
    hearth_device_remove_control (device, g_ptr_array_index (stale, i));

  return TRUE;
}

void
hearth_shelly_status_merge (JsonObject *status,
                            JsonObject *delta)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;

  g_return_if_fail (status != NULL);

  if (delta == NULL)
    return;

  json_object_iter_init_ordered (&iter, delta);
  while (json_object_iter_next_ordered (&iter, &name, &member))
    {
      JsonNode *current;

      if (g_str_equal (name, "ts"))
        continue;

      if (JSON_NODE_HOLDS_NULL (member))
        {
          if (json_object_has_member (status, name))
            json_object_remove_member (status, name);
          continue;
        }

      current = json_object_get_member (status, name);
      if (current != NULL && JSON_NODE_HOLDS_OBJECT (current) && JSON_NODE_HOLDS_OBJECT (member))
        hearth_shelly_status_merge (json_node_get_object (current),
                                    json_node_get_object (member));
      else
        json_object_set_member (status, name, deep_copy (member));
    }
}
