/* hearth-wled-parse.c: WLED JSON into the model, changes into requests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "hearth.h"
#include "hearth-hex-id.h"
#include "hearth-wled-parse.h"

void
hearth_wled_info_clear (HearthWledInfo *info)
{
  g_clear_pointer (&info->id, g_free);
  g_clear_pointer (&info->name, g_free);
  g_clear_pointer (&info->model, g_free);
  g_clear_pointer (&info->firmware, g_free);
  info->lc = 0;
  info->fxcount = 0;
  info->pmt = 0;
}

static JsonObject *
node_get_object (JsonNode *node)
{
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return json_node_get_object (node);
}

/* Old builds have no leds.lc, only the rgbw and cct booleans. */
static guint
parse_light_capabilities (JsonObject *leds)
{
  gint64 lc;

  if (leds == NULL)
    return HEARTH_WLED_LC_RGB;

  lc = hearth_json_get_int (leds, "lc", -1);
  if (lc < 0)
    {
      lc = HEARTH_WLED_LC_RGB;
      if (hearth_json_get_bool (leds, "rgbw", FALSE))
        lc |= HEARTH_WLED_LC_WHITE;
      if (hearth_json_get_bool (leds, "cct", FALSE))
        lc |= HEARTH_WLED_LC_CCT;
    }
  else if (lc == 0)
    {
      /* No output configured: what the UI shows then is an RGB picker */
      lc = HEARTH_WLED_LC_RGB;
    }

  return (guint) (lc & 0x7);
}

gboolean
hearth_wled_parse_info (JsonNode        *root,
                        HearthWledInfo  *info,
                        GError         **error)
{
  JsonObject *object = node_get_object (root);
  JsonObject *leds;
  JsonObject *fs;
  const char *brand;
  const char *mac;
  const char *name;
  const char *arch;
  const char *product;
  const char *ver;
  g_autofree char *arch_up = NULL;

  g_return_val_if_fail (info != NULL, FALSE);

  if (object == NULL)
    {
      g_set_error_literal (error, HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED,
                           "The answer is not a WLED info object");
      return FALSE;
    }
  if (hearth_json_get_object (object, "info") != NULL)
    object = hearth_json_get_object (object, "info");

  brand = hearth_json_get_string (object, "brand", NULL);
  if (brand == NULL || g_ascii_strncasecmp (brand, "WLED", 4) != 0)
    {
      g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED,
                   "Not a WLED device (brand “%s”)", brand ? brand : "none");
      return FALSE;
    }

  mac = hearth_json_get_string (object, "mac", NULL);
  if (!hearth_hex_id_is_valid (mac, 12))
    {
      g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD,
                   "The WLED device reports no usable MAC address (“%s”)",
                   mac ? mac : "none");
      return FALSE;
    }

  hearth_wled_info_clear (info);
  info->id = g_ascii_strdown (mac, -1);

  arch = hearth_json_get_string (object, "arch", NULL);
  arch_up = (arch != NULL && *arch != '\0') ? g_ascii_strup (arch, -1) : NULL;
  product = hearth_json_get_string (object, "product", NULL);
  if (product != NULL && *product != '\0' && g_strcmp0 (product, "FOSS") != 0)
    info->model = arch_up ? g_strdup_printf ("%s (%s)", product, arch_up)
                          : g_strdup (product);
  else
    info->model = arch_up ? g_strdup_printf ("WLED %s", arch_up) : g_strdup ("WLED");

  name = hearth_json_get_string (object, "name", NULL);
  if (name != NULL)
    info->name = g_strstrip (g_strdup (name));
  if (info->name == NULL || *info->name == '\0')
    {
      g_free (info->name);
      info->name = g_strdup (info->model);
    }

  ver = hearth_json_get_string (object, "ver", NULL);
  info->firmware = g_strdup (ver);

  leds = hearth_json_get_object (object, "leds");
  info->lc = parse_light_capabilities (leds);
  info->fxcount = (guint) CLAMP (hearth_json_get_int (object, "fxcount", 0), 0, G_MAXINT);

  fs = hearth_json_get_object (object, "fs");
  info->pmt = fs ? hearth_json_get_int (fs, "pmt", 0) : 0;

  return TRUE;
}

HearthDevice *
hearth_wled_device_new_from_info (JsonNode  *root,
                                  GError   **error)
{
  HearthWledInfo info = { 0, };
  HearthDevice *device;

  if (!hearth_wled_parse_info (root, &info, error))
    return NULL;

  device = hearth_device_new (info.id, "wled");
  hearth_device_set_name (device, info.name);
  hearth_device_set_model (device, info.model);
  hearth_device_set_firmware (device, info.firmware);
  hearth_wled_info_clear (&info);

  return device;
}

/* Effects and presets */

static void
preset_free (gpointer data)
{
  HearthWledPreset *preset = data;

  g_free (preset->name);
  g_free (preset);
}

void
hearth_wled_catalog_clear (HearthWledCatalog *catalog)
{
  g_clear_pointer (&catalog->effects, g_strfreev);
  g_clear_pointer (&catalog->presets, g_ptr_array_unref);
}

gboolean
hearth_wled_effect_is_reserved (const char *name)
{
  return name == NULL || *name == '\0' ||
         g_str_equal (name, "RSVD") || g_str_equal (name, "-");
}

static gboolean
catalog_has_effect (const HearthWledCatalog *catalog,
                    const char              *name)
{
  if (catalog->effects == NULL)
    return FALSE;
  for (guint i = 0; catalog->effects[i] != NULL; i++)
    if (!hearth_wled_effect_is_reserved (catalog->effects[i]) &&
        g_str_equal (catalog->effects[i], name))
      return TRUE;
  return FALSE;
}

GStrv
hearth_wled_catalog_list (const HearthWledCatalog *catalog)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  if (catalog->effects != NULL)
    for (guint i = 0; catalog->effects[i] != NULL; i++)
      {
        const char *name = catalog->effects[i];

        if (hearth_wled_effect_is_reserved (name) ||
            !g_hash_table_add (seen, (gpointer) name))
          continue;
        g_strv_builder_add (builder, name);
      }

  if (catalog->presets != NULL)
    for (guint i = 0; i < catalog->presets->len; i++)
      {
        HearthWledPreset *preset = g_ptr_array_index (catalog->presets, i);

        if (!g_hash_table_add (seen, preset->name))
          continue;
        g_strv_builder_add (builder, preset->name);
      }

  return g_strv_builder_end (builder);
}

GStrv
hearth_wled_parse_effects (JsonNode  *root,
                           GError   **error)
{
  g_autoptr(GStrvBuilder) builder = NULL;
  JsonArray *array = NULL;
  guint n;

  if (root != NULL && JSON_NODE_HOLDS_ARRAY (root))
    array = json_node_get_array (root);
  else if (node_get_object (root) != NULL)
    array = hearth_json_get_array (node_get_object (root), "effects");

  if (array == NULL)
    {
      g_set_error_literal (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD,
                           "The WLED effect list is not an array");
      return NULL;
    }

  builder = g_strv_builder_new ();
  n = json_array_get_length (array);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      const char *name = NULL;

      if (JSON_NODE_HOLDS_VALUE (element) &&
          json_node_get_value_type (element) == G_TYPE_STRING)
        name = json_node_get_string (element);
      /* Keep a slot for anything odd, so that later indices still hold */
      g_strv_builder_add (builder, name ? name : "");
    }

  return g_strv_builder_end (builder);
}

static int
compare_presets (gconstpointer a,
                 gconstpointer b)
{
  const HearthWledPreset *pa = *(HearthWledPreset * const *) a;
  const HearthWledPreset *pb = *(HearthWledPreset * const *) b;

  return (pa->id > pb->id) - (pa->id < pb->id);
}

GPtrArray *
hearth_wled_parse_presets (JsonNode  *root,
                           GError   **error)
{
  g_autoptr(GPtrArray) presets = NULL;
  JsonObject *object = node_get_object (root);
  JsonObjectIter iter;
  const char *key;
  JsonNode *value;

  if (object == NULL)
    {
      g_set_error_literal (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD,
                           "The WLED preset file is not an object");
      return NULL;
    }

  presets = g_ptr_array_new_with_free_func (preset_free);
  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &key, &value))
    {
      JsonObject *entry = node_get_object (value);
      HearthWledPreset *preset;
      const char *name;
      gint64 id;
      char *end = NULL;

      id = g_ascii_strtoll (key, &end, 10);
      /* Preset 0 is the file's empty first entry; ids go up to 250 */
      if (end == key || *end != '\0' || id < 1 || id > 250 || entry == NULL ||
          json_object_get_size (entry) == 0)
        continue;

      name = hearth_json_get_string (entry, "n", NULL);
      preset = g_new0 (HearthWledPreset, 1);
      preset->id = (int) id;
      preset->name = g_strstrip (g_strdup (name ? name : ""));
      if (*preset->name == '\0')
        {
          g_free (preset->name);
          preset->name = g_strdup_printf ("Preset %d", preset->id);
        }
      g_ptr_array_add (presets, preset);
    }

  g_ptr_array_sort (presets, compare_presets);
  return g_steal_pointer (&presets);
}

/* State */

int
hearth_wled_brightness_from_bri (gint64 bri)
{
  bri = CLAMP (bri, 0, 255);
  if (bri == 0)
    return 0;
  /* A light that is on is never reported at 0 % */
  return MAX (1, (int) lround (bri * 100.0 / 255.0));
}

int
hearth_wled_bri_from_brightness (int brightness)
{
  brightness = CLAMP (brightness, 0, 100);
  return CLAMP ((int) lround (brightness * 255.0 / 100.0), 1, 255);
}

int
hearth_wled_kelvin_from_cct (gint64 cct)
{
  if (cct >= HEARTH_WLED_KELVIN_MIN)
    return (int) MIN (cct, HEARTH_WLED_KELVIN_MAX);
  cct = CLAMP (cct, 0, 255);
  return HEARTH_WLED_KELVIN_MIN + (int) cct * 32;
}

static int
channel (JsonNode *node)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return -1;
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      return (int) CLAMP (json_node_get_int (node), 0, 255);
    case G_TYPE_DOUBLE:
      {
        double v = json_node_get_double (node);

        if (isnan (v))
          return -1;
        return (int) CLAMP (lround (v), 0, 255);
      }
    default:
      return -1;
    }
}

/* One entry of seg.col: [r,g,b], [r,g,b,w], "RRGGBB", "RRGGBBWW" or
 * {"r":…,"g":…,"b":…}. Returns 0xRRGGBB, or -1. */
static int
parse_color (JsonNode *node)
{
  int rgb[3];

  if (node == NULL)
    return -1;

  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      if (json_array_get_length (array) < 3)
        return -1;
      for (guint i = 0; i < 3; i++)
        if ((rgb[i] = channel (json_array_get_element (array, i))) < 0)
          return -1;
    }
  else if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      static const char *keys[] = { "r", "g", "b" };

      for (guint i = 0; i < 3; i++)
        if ((rgb[i] = channel (json_object_get_member (object, keys[i]))) < 0)
          return -1;
    }
  else if (JSON_NODE_HOLDS_VALUE (node) &&
           json_node_get_value_type (node) == G_TYPE_STRING)
    {
      const char *hex = json_node_get_string (node);
      gsize len;

      if (hex[0] == '#')
        hex++;
      len = strlen (hex);
      if (len != 6 && len != 8)
        return -1;
      for (gsize i = 0; i < len; i++)
        if (!g_ascii_isxdigit (hex[i]))
          return -1;
      for (guint i = 0; i < 3; i++)
        rgb[i] = g_ascii_xdigit_value (hex[2 * i]) * 16 +
                 g_ascii_xdigit_value (hex[2 * i + 1]);
    }
  else
    return -1;

  return (rgb[0] << 16) | (rgb[1] << 8) | rgb[2];
}

static gboolean
is_boolean (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_BOOLEAN;
}

static JsonObject *
find_segment (JsonArray *segs,
              gint64     id)
{
  guint n = segs ? json_array_get_length (segs) : 0;

  for (guint i = 0; i < n; i++)
    {
      JsonObject *seg = hearth_json_array_get_object (segs, i);

      if (seg != NULL && hearth_json_get_int (seg, "id", i) == id)
        return seg;
    }
  return NULL;
}

/* The segment the UI shows and changes: mainseg, else the first selected
 * one, else the first one. */
static JsonObject *
main_segment (JsonObject *state)
{
  JsonArray *segs;
  JsonObject *seg;
  guint n;

  /* A single segment may come as an object */
  if ((seg = hearth_json_get_object (state, "seg")) != NULL)
    return seg;

  segs = hearth_json_get_array (state, "seg");
  if (segs == NULL)
    return NULL;

  if (hearth_json_has (state, "mainseg", JSON_NODE_VALUE) &&
      (seg = find_segment (segs, hearth_json_get_int (state, "mainseg", -1))) != NULL)
    return seg;

  n = json_array_get_length (segs);
  for (guint i = 0; i < n; i++)
    {
      seg = hearth_json_array_get_object (segs, i);
      if (seg != NULL && hearth_json_get_bool (seg, "sel", FALSE))
        return seg;
    }
  for (guint i = 0; i < n; i++)
    if ((seg = hearth_json_array_get_object (segs, i)) != NULL)
      return seg;
  return NULL;
}

static const char *
effect_name (JsonObject              *state,
             JsonObject              *seg,
             const HearthWledCatalog *catalog)
{
  gint64 ps = hearth_json_get_int (state, "ps", -1);

  if (catalog == NULL)
    return NULL;

  if (ps >= 1 && catalog->presets != NULL)
    for (guint i = 0; i < catalog->presets->len; i++)
      {
        HearthWledPreset *preset = g_ptr_array_index (catalog->presets, i);

        /* A preset whose name an effect has is not offered: show the effect */
        if (preset->id == ps && !catalog_has_effect (catalog, preset->name))
          return preset->name;
      }

  if (seg != NULL && catalog->effects != NULL)
    {
      gint64 fx = hearth_json_get_int (seg, "fx", -1);

      if (fx >= 0 && fx < g_strv_length (catalog->effects) &&
          !hearth_wled_effect_is_reserved (catalog->effects[fx]))
        return catalog->effects[fx];
    }
  return NULL;
}

gboolean
hearth_wled_parse_state (HearthDevice             *device,
                         JsonNode                 *root,
                         const HearthWledCatalog  *catalog,
                         int                      *main_segment_out,
                         GError                  **error)
{
  JsonObject *object = node_get_object (root);
  JsonObject *state;
  JsonObject *seg;
  HearthWledInfo info = { 0, };
  gboolean have_info = FALSE;
  HearthWledCatalog own = { NULL, NULL };
  HearthControl *control;
  HearthCapabilities caps;
  gboolean on;
  gint64 bri;

  g_return_val_if_fail (HEARTH_IS_DEVICE (device), FALSE);

  if (object == NULL)
    {
      g_set_error_literal (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD,
                           "The WLED state is not a JSON object");
      return FALSE;
    }

  state = hearth_json_get_object (object, "state");
  if (state == NULL)
    state = object;

  /* What every state the firmware serialises has */
  if (!is_boolean (json_object_get_member (state, "on")) ||
      hearth_json_get_int (state, "bri", -1) < 0)
    {
      g_set_error_literal (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD,
                           "The WLED state has no valid “on” and “bri”");
      return FALSE;
    }

  if (state != object && hearth_json_get_object (object, "info") != NULL)
    {
      g_autoptr(GError) info_error = NULL;

      have_info = hearth_wled_parse_info (root, &info, &info_error);
      if (!have_info)
        g_debug ("WLED: ignoring the info next to the state: %s", info_error->message);
    }

  /* GET /json carries its own effect list */
  if (hearth_json_get_array (object, "effects") != NULL &&
      (catalog == NULL || catalog->effects == NULL))
    {
      own.effects = hearth_wled_parse_effects (root, NULL);
      own.presets = (catalog && catalog->presets) ? g_ptr_array_ref (catalog->presets) : NULL;
      catalog = &own;
    }

  if (have_info && g_strcmp0 (info.name, hearth_device_get_name (device)) != 0)
    hearth_device_set_name (device, info.name);

  control = hearth_device_find_control (device, HEARTH_WLED_CONTROL_ID);
  if (control == NULL)
    control = hearth_device_ensure_control (device, HEARTH_WLED_CONTROL_ID,
                                            HEARTH_CONTROL_KIND_LIGHT,
                                            hearth_device_get_name (device));
  else if (g_strcmp0 (hearth_control_get_name (control),
                      hearth_device_get_name (device)) != 0)
    hearth_control_set_name (control, hearth_device_get_name (device));

  caps = hearth_control_get_capabilities (control);
  if (have_info || caps == HEARTH_CAPABILITY_NONE)
    {
      guint lc = have_info ? info.lc : HEARTH_WLED_LC_RGB;

      caps = HEARTH_CAPABILITY_ON_OFF | HEARTH_CAPABILITY_BRIGHTNESS |
             HEARTH_CAPABILITY_EFFECT;
      if (lc & HEARTH_WLED_LC_RGB)
        caps |= HEARTH_CAPABILITY_COLOR;
      if (lc & HEARTH_WLED_LC_CCT)
        caps |= HEARTH_CAPABILITY_TEMPERATURE;
      if (caps != hearth_control_get_capabilities (control))
        hearth_control_set_capabilities (control, caps);
      if (caps & HEARTH_CAPABILITY_TEMPERATURE)
        hearth_control_set_temperature_range (control,
                                              hearth_wled_kelvin_from_cct (0),
                                              hearth_wled_kelvin_from_cct (255));
    }

  /* The firmware reports on = (bri > 0) and bri = the last brightness
   * that was not 0; a 0 here is off whatever "on" says. */
  bri = hearth_json_get_int (state, "bri", 0);
  on = hearth_json_get_bool (state, "on", FALSE) && bri > 0;
  if (bri > 0)
    hearth_control_set_brightness (control, hearth_wled_brightness_from_bri (bri));
  hearth_control_set_on (control, on);

  seg = main_segment (state);
  if (seg != NULL)
    {
      JsonArray *col = hearth_json_get_array (seg, "col");

      if ((caps & HEARTH_CAPABILITY_COLOR) && col != NULL && json_array_get_length (col) > 0)
        {
          int rgb = parse_color (json_array_get_element (col, 0));

          if (rgb >= 0)
            hearth_control_set_color (control, rgb);
        }

      if ((caps & HEARTH_CAPABILITY_TEMPERATURE) &&
          hearth_json_has (seg, "cct", JSON_NODE_VALUE))
        {
          gint64 cct = hearth_json_get_int (seg, "cct", -1);

          if (cct >= 0)
            hearth_control_set_temperature (control, hearth_wled_kelvin_from_cct (cct));
        }
    }

  if (catalog != NULL && catalog->effects != NULL)
    {
      g_auto(GStrv) names = hearth_wled_catalog_list (catalog);
      const char * const *current = hearth_control_get_effects (control);

      if (current == NULL || !g_strv_equal (current, (const char * const *) names))
        hearth_control_set_effects (control, (const char * const *) names);
    }
  if (catalog != NULL)
    {
      const char *effect = effect_name (state, seg, catalog);

      if (g_strcmp0 (effect, hearth_control_get_effect (control)) != 0)
        hearth_control_set_effect (control, effect);
    }

  if (main_segment_out != NULL)
    *main_segment_out = seg ? (int) CLAMP (hearth_json_get_int (seg, "id", 0), 0, 255) : 0;

  hearth_wled_info_clear (&info);
  hearth_wled_catalog_clear (&own);
  return TRUE;
}

HearthWledMessage
hearth_wled_classify_message (const char  *text,
                              gsize        length,
                              JsonNode   **root_out,
                              int         *error_code)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;

  if (text == NULL || length == 0)
    return HEARTH_WLED_MESSAGE_OTHER;

  if (length == 4 && memcmp (text, "pong", 4) == 0)
    return HEARTH_WLED_MESSAGE_PONG;

  root = hearth_json_parse (text, length, NULL);
  object = node_get_object (root);
  if (object == NULL)
    return HEARTH_WLED_MESSAGE_OTHER;

  if (hearth_json_has (object, "error", JSON_NODE_VALUE) &&
      hearth_json_get_object (object, "state") == NULL)
    {
      if (error_code != NULL)
        *error_code = (int) hearth_json_get_int (object, "error", -1);
      return HEARTH_WLED_MESSAGE_ERROR;
    }

  if (hearth_json_get_object (object, "state") != NULL ||
      hearth_json_has (object, "on", JSON_NODE_VALUE))
    {
      if (root_out != NULL)
        *root_out = g_steal_pointer (&root);
      return HEARTH_WLED_MESSAGE_STATE;
    }

  return HEARTH_WLED_MESSAGE_OTHER;
}

/* Requests */

static JsonArray *
color_array (int rgb)
{
  JsonArray *array = json_array_new ();

  json_array_add_int_element (array, (rgb >> 16) & 0xff);
  json_array_add_int_element (array, (rgb >> 8) & 0xff);
  json_array_add_int_element (array, rgb & 0xff);
  return array;
}

static gboolean
find_effect (const HearthWledCatalog *catalog,
             const char              *name,
             gint64                  *fx,
             gint64                  *ps)
{
  /* Exact names first, then regardless of case */
  for (guint pass = 0; pass < 2; pass++)
    {
      if (catalog->effects != NULL)
        for (guint i = 0; catalog->effects[i] != NULL; i++)
          {
            const char *effect = catalog->effects[i];

            if (hearth_wled_effect_is_reserved (effect))
              continue;
            if (pass == 0 ? g_str_equal (effect, name)
                          : g_ascii_strcasecmp (effect, name) == 0)
              {
                *fx = i;
                return TRUE;
              }
          }
      if (catalog->presets != NULL)
        for (guint i = 0; i < catalog->presets->len; i++)
          {
            HearthWledPreset *preset = g_ptr_array_index (catalog->presets, i);

            if (pass == 0 ? g_str_equal (preset->name, name)
                          : g_ascii_strcasecmp (preset->name, name) == 0)
              {
                *ps = preset->id;
                return TRUE;
              }
          }
    }
  return FALSE;
}

JsonNode *
hearth_wled_build_request (const HearthChange       *change,
                           const HearthWledCatalog  *catalog,
                           int                       main_segment,
                           GError                  **error)
{
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(JsonObject) seg = json_object_new ();
  JsonNode *node;
  gboolean off = FALSE;

  g_return_val_if_fail (change != NULL, NULL);

  if (change->fields & HEARTH_CHANGE_EFFECT)
    {
      gint64 fx = -1;
      gint64 ps = -1;

      if (change->effect == NULL || catalog == NULL ||
          !find_effect (catalog, change->effect, &fx, &ps))
        {
          g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_INVALID,
                       "This WLED device has no effect or preset named “%s”",
                       change->effect ? change->effect : "");
          return NULL;
        }
      if (ps >= 1)
        json_object_set_int_member (body, "ps", ps);
      else
        json_object_set_int_member (seg, "fx", fx);
    }

  if (change->fields & HEARTH_CHANGE_ON)
    off = !change->on;
  if ((change->fields & HEARTH_CHANGE_BRIGHTNESS) && change->brightness <= 0)
    off = TRUE;

  if (off)
    json_object_set_boolean_member (body, "on", FALSE);
  else
    {
      if (change->fields & HEARTH_CHANGE_ON)
        json_object_set_boolean_member (body, "on", TRUE);
      if (change->fields & HEARTH_CHANGE_BRIGHTNESS)
        json_object_set_int_member (body, "bri",
                                    hearth_wled_bri_from_brightness (change->brightness));
    }

  if (change->fields & HEARTH_CHANGE_COLOR)
    {
      JsonArray *col = json_array_new ();

      json_array_add_array_element (col, color_array (change->color));
      json_object_set_array_member (seg, "col", col);
    }

  if (change->fields & HEARTH_CHANGE_TEMPERATURE)
    json_object_set_int_member (seg, "cct",
                                CLAMP (change->temperature,
                                       HEARTH_WLED_KELVIN_MIN,
                                       HEARTH_WLED_KELVIN_MAX));

  if (json_object_get_size (seg) > 0)
    {
      JsonArray *segs = json_array_new ();

      json_object_set_int_member (seg, "id", MAX (main_segment, 0));
      json_array_add_object_element (segs, g_steal_pointer (&seg));
      json_object_set_array_member (body, "seg", segs);
    }

  if (json_object_get_size (body) == 0)
    {
      g_set_error_literal (error, HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED,
                           "WLED lights cannot make this change");
      return NULL;
    }

  json_object_set_boolean_member (body, "v", TRUE);

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, g_steal_pointer (&body));
  return node;
}
