/* hearth-sim-shelly.c: a simulated Shelly Gen2 (JSON-RPC) device
 *
 * Speaks what the real firmware speaks (protocols.md §1), with payloads
 * shaped like the captures in tests/fixtures/shelly-rpc/:
 * - GET /shelly (= Shelly.GetDeviceInfo, never protected)
 * - POST /rpc with a frame {"id","src","method","params"[,"auth"]}, answered
 *   with {"id","src","dst","result"|"error"}
 * - POST /rpc/<Method> with the params as the body, and
 *   GET /rpc/<Method>?id=0&on=true, answered with the bare result, or an
 *   HTTP error status with {"code","message"}
 * - WebSocket /rpc: frames as above; once a client sent a frame with a
 *   `src`, it gets NotifyStatus deltas (changed keys only, null for removed
 *   ones) whenever the state changes, whoever changed it, and NotifyEvent
 *   config_changed when the configuration changes.
 * - With a password (the "password" property, hearth-sim --password), every
 *   RPC but Shelly.GetDeviceInfo needs SHA-256 digest: over HTTP a
 *   `WWW-Authenticate: Digest` 401 answered per RFC 7616 (HA2 over
 *   "METHOD:uri"), or an `auth` object in a POST /rpc frame; over the
 *   WebSocket an error frame 401 whose message is the challenge as JSON
 *   text, answered with an `auth` object (HA2 = "dummy_method:dummy_uri").
 *
 * Variants: "plus1pm" (default; switch:0 with a power meter), "plus2pm"
 * (switch:0 and switch:1, metered), "plus2pm-cover" (cover:0, metered; it
 * moves 10 % every 250 ms and reports each step), "plusrgbwpm" (profile
 * rgb: rgb:0), "dimmer" (Plus Wall Dimmer: light:0, brightness only), "ht"
 * (Plus H&T: temperature:0, humidity:0, devicepower:0; it stays awake).
 *
 * /sim/state: GET returns the whole Shelly.GetStatus object. POST takes an
 * overlay of components, as if someone used the device itself:
 *   {"switch:0":{"output":true}}          (apower follows the output)
 *   {"light:0":{"brightness":30}}, {"rgb:0":{"rgb":[255,0,0]}}
 *   {"cover:0":{"target_pos":30}}         (the cover starts moving)
 *   {"cover:0":{"current_pos":30}}        (it is there now, stopped)
 *   {"temperature:0":{"tC":23.5}}         (tF follows)
 *   {"switch:1":{"name":"Porch"}}         ("name" goes to the configuration)
 * and two special members:
 *   "config": an overlay on Shelly.GetConfig (bumps cfg_rev, notifies
 *             config_changed), e.g. {"config":{"sys":{"device":{"name":"X"}}}}
 *   "sim":    {"drop_websockets":true}  closes every WebSocket client now;
 *             {"refuse_websockets":N}   closes the next N WebSockets at once;
 *             {"mute_websockets":true}  stops answering or pushing on the
 *             WebSockets (a wedged device), false to resume.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "hearth-sim-families.h"

#define HEARTH_TYPE_SIM_SHELLY_DEVICE (hearth_sim_shelly_device_get_type ())
G_DECLARE_FINAL_TYPE (HearthSimShellyDevice, hearth_sim_shelly_device,
                      HEARTH, SIM_SHELLY_DEVICE, HearthSimDevice)

#define COVER_STEP_MS       250
#define COVER_STEP_PERCENT  10
#define COVER_POWER_W       118.4
#define MAINS_VOLTAGE       231.4
#define MAX_NONCES          64

#define RPC_ERR_INVALID_ARG   (-103)
#define RPC_ERR_NOT_FOUND     (-105)
#define RPC_ERR_NO_HANDLER    404
#define RPC_ERR_UNAUTHORIZED  401

typedef struct
{
  const char *name;
  const char *app;
  const char *model;
  const char *id_prefix;
  const char *mac_prefix;   /* 8 hex digits; the index makes the last 4 */
  const char *profile;      /* NULL for single-profile devices */
  guint       n_inputs;
  guint       n_switches;
  gboolean    cover;
  gboolean    rgb;
  gboolean    light;
  gboolean    ht;
  double      load_w;       /* what a switched output draws */
} Variant;

static const Variant variants[] = {
  { "plus1pm", "Plus1PM", "SNSW-001P16EU", "shellyplus1pm", "A8032AB1", NULL, 1, 1, FALSE, FALSE, FALSE, FALSE, 1380.0 },
  { "plus2pm", "Plus2PM", "SNSW-102P16EU", "shellyplus2pm", "B48A0A22", "switch", 2, 2, FALSE, FALSE, FALSE, FALSE, 36.5 },
  { "plus2pm-cover", "Plus2PM", "SNSW-102P16EU", "shellyplus2pm", "B48A0A33", "cover", 2, 0, TRUE, FALSE, FALSE, FALSE, 0.0 },
  { "plusrgbwpm", "PlusRGBWPM", "SNDC-0D4P10WW", "shellyplusrgbwpm", "A0A3B344", "rgb", 4, 0, FALSE, TRUE, FALSE, FALSE, 14.2 },
  { "dimmer", "PlusWallDimmer", "SNDM-0013US", "shellywalldimmer", "C8F09E55", NULL, 0, 0, FALSE, FALSE, TRUE, FALSE, 0.0 },
  { "ht", "PlusHT", "SNSN-0013A", "shellyplusht", "08B61F66", NULL, 0, 0, FALSE, FALSE, FALSE, TRUE, 0.0 },
};

#define FIRMWARE_VERSION "1.4.4"
#define FIRMWARE_ID      "20241011-114455/1.4.4-g6d2a586"

struct _HearthSimShellyDevice
{
  HearthSimDevice  parent_instance;

  const Variant   *variant;
  guint            index;
  char            *mac;         /* uppercase, no colons */

  JsonObject      *status;      /* Shelly.GetStatus */
  JsonObject      *config;      /* Shelly.GetConfig */

  guint            cover_timer;
  gint64           started_at;  /* monotonic µs, for uptime */
  gint64           meter_at;    /* monotonic µs of the last energy update */

  GQueue           nonces;      /* of char *, the newest last */
  gint64           last_nonce;

  guint            refuse_websockets;
  gboolean         mute_websockets;
};

G_DEFINE_FINAL_TYPE (HearthSimShellyDevice, hearth_sim_shelly_device, HEARTH_TYPE_SIM_DEVICE)

/* Per WebSocket client: its `src` once it sent one */
#define WS_SRC_KEY "hearth-sim-shelly-src"

/* JSON helpers ------------------------------------------------------------- */

static JsonNode *
deep_copy (JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
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

  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *src = json_node_get_array (node);
      g_autoptr(JsonArray) dst = json_array_new ();

      for (guint i = 0; i < json_array_get_length (src); i++)
        json_array_add_element (dst, deep_copy (json_array_get_element (src, i)));

      return json_node_init_array (json_node_alloc (), dst);
    }

  return json_node_copy (node);
}

static JsonObject *
object_copy (JsonObject *object)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) copy = NULL;

  if (object == NULL)
    return json_object_new ();

  node = json_node_init_object (json_node_alloc (), object);
  copy = deep_copy (node);

  return json_object_ref (json_node_get_object (copy));
}

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (!json_parser_load_from_data (parser, text, -1, NULL))
    return NULL;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;

  return json_object_ref (json_node_get_object (root));
}

static JsonObject *
get_object (JsonObject *object,
            const char *member)
{
  JsonNode *node;

  if (object == NULL)
    return NULL;

  node = json_object_get_member (object, member);
  return (node != NULL && JSON_NODE_HOLDS_OBJECT (node)) ? json_node_get_object (node) : NULL;
}

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

  return TRUE;
}

static gboolean
get_bool (JsonObject *object,
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

static const char *
get_string (JsonObject *object,
            const char *member)
{
  JsonNode *node;

  if (object == NULL)
    return NULL;

  node = json_object_get_member (object, member);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

/* Objects merge, null removes, anything else replaces */
static void
merge (JsonObject *target,
       JsonObject *overlay)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;

  json_object_iter_init_ordered (&iter, overlay);
  while (json_object_iter_next_ordered (&iter, &name, &member))
    {
      JsonObject *current = get_object (target, name);

      if (JSON_NODE_HOLDS_NULL (member))
        {
          if (json_object_has_member (target, name))
            json_object_remove_member (target, name);
        }
      else if (current != NULL && JSON_NODE_HOLDS_OBJECT (member))
        merge (current, json_node_get_object (member));
      else
        json_object_set_member (target, name, deep_copy (member));
    }
}

/* What changed from @before to @after: changed members (recursively for
 * objects), null for removed ones; NULL when nothing did. A component's
 * "id" is always repeated, as the firmware does. */
static JsonObject *
diff (JsonObject *before,
      JsonObject *after,
      gboolean    component)
{
  g_autoptr(JsonObject) delta = json_object_new ();
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;

  json_object_iter_init_ordered (&iter, after);
  while (json_object_iter_next_ordered (&iter, &name, &member))
    {
      JsonNode *old = json_object_get_member (before, name);

      if (old != NULL && json_node_equal (old, member))
        continue;

      if (old != NULL && JSON_NODE_HOLDS_OBJECT (old) && JSON_NODE_HOLDS_OBJECT (member))
        {
          g_autoptr(JsonObject) sub = diff (json_node_get_object (old),
                                            json_node_get_object (member),
                                            !component);
          if (sub != NULL)
            json_object_set_object_member (delta, name, g_steal_pointer (&sub));
        }
      else
        json_object_set_member (delta, name, deep_copy (member));
    }

  json_object_iter_init_ordered (&iter, before);
  while (json_object_iter_next_ordered (&iter, &name, &member))
    if (!json_object_has_member (after, name))
      json_object_set_null_member (delta, name);

  if (json_object_get_size (delta) == 0)
    return NULL;

  if (component && json_object_has_member (after, "id") && !json_object_has_member (delta, "id"))
    json_object_set_member (delta, "id", deep_copy (json_object_get_member (after, "id")));

  return g_steal_pointer (&delta);
}

static double
round2 (double value)
{
  return round (value * 100.0) / 100.0;
}

static double
round1 (double value)
{
  return round (value * 10.0) / 10.0;
}

static JsonObject *
temperature_object (double celsius)
{
  JsonObject *object = json_object_new ();

  json_object_set_double_member (object, "tC", round1 (celsius));
  json_object_set_double_member (object, "tF", round1 (celsius * 9.0 / 5.0 + 32.0));
  return object;
}

static double
unix_time (void)
{
  return (double) g_get_real_time () / G_USEC_PER_SEC;
}

/* Building the device --------------------------------------------------- */

static const char *
device_name (HearthSimShellyDevice *self)
{
  JsonObject *device = get_object (get_object (self->config, "sys"), "device");

  return get_string (device, "name");
}

static JsonObject *
meter_status (HearthSimShellyDevice *self,
              guint                  id,
              double                 voltage,
              double                 total_wh)
{
  JsonObject *object = json_object_new ();
  g_autoptr(JsonObject) aenergy = json_object_new ();
  g_autoptr(JsonArray) by_minute = json_array_new ();

  json_object_set_int_member (object, "id", id);
  json_object_set_string_member (object, "source", "init");
  json_array_add_double_element (by_minute, 0.0);
  json_array_add_double_element (by_minute, 0.0);
  json_array_add_double_element (by_minute, 0.0);
  json_object_set_double_member (aenergy, "total", total_wh);
  json_object_set_array_member (aenergy, "by_minute", g_steal_pointer (&by_minute));
  json_object_set_int_member (aenergy, "minute_ts", (gint64) unix_time () / 60 * 60);

  json_object_set_double_member (object, "apower", 0.0);
  json_object_set_double_member (object, "voltage", voltage);
  json_object_set_double_member (object, "current", 0.0);
  json_object_set_object_member (object, "aenergy", g_steal_pointer (&aenergy));
  json_object_set_object_member (object, "temperature", temperature_object (38.6 + id));

  return object;
}

static void
build_state (HearthSimShellyDevice *self,
             const char            *name)
{
  const Variant *v = self->variant;
  g_autoptr(JsonObject) status = json_object_new ();
  g_autoptr(JsonObject) config = json_object_new ();
  JsonObject *sys;
  JsonObject *device;
  JsonObject *object;

  /* Configuration */
  sys = json_object_new ();
  device = json_object_new ();
  if (name != NULL)
    json_object_set_string_member (device, "name", name);
  else
    json_object_set_null_member (device, "name");
  json_object_set_string_member (device, "mac", self->mac);
  json_object_set_string_member (device, "fw_id", FIRMWARE_ID);
  json_object_set_boolean_member (device, "discoverable", TRUE);
  json_object_set_boolean_member (device, "eco_mode", FALSE);
  if (v->profile != NULL)
    json_object_set_string_member (device, "profile", v->profile);
  json_object_set_null_member (device, "addon_type");
  json_object_set_object_member (sys, "device", device);
  object = parse_object ("{\"lat\":52.52,\"lon\":13.405,\"tz\":\"Europe/Berlin\"}");
  json_object_set_object_member (sys, "location", object);
  object = parse_object ("{\"level\":2,\"file_level\":null,\"mqtt\":{\"enable\":false},"
                         "\"websocket\":{\"enable\":false},\"udp\":{\"addr\":null}}");
  json_object_set_object_member (sys, "debug", object);
  json_object_set_object_member (sys, "ui_data", json_object_new ());
  object = parse_object ("{\"dst_addr\":null,\"listen_port\":null}");
  json_object_set_object_member (sys, "rpc_udp", object);
  object = parse_object ("{\"server\":\"time.google.com\"}");
  json_object_set_object_member (sys, "sntp", object);
  json_object_set_int_member (sys, "cfg_rev", 12);
  json_object_set_object_member (config, "sys", sys);

  json_object_set_object_member (config, "ble",
                                 parse_object ("{\"enable\":true,\"rpc\":{\"enable\":true},"
                                               "\"observer\":{\"enable\":false}}"));
  json_object_set_object_member (config, "cloud",
                                 parse_object ("{\"enable\":false,"
                                               "\"server\":\"iot.shelly.cloud:6012/jrpc\"}"));
  json_object_set_object_member (config, "mqtt",
                                 parse_object ("{\"enable\":false,\"server\":null,\"client_id\":null,"
                                               "\"user\":null,\"ssl_ca\":null,\"topic_prefix\":null,"
                                               "\"rpc_ntf\":true,\"status_ntf\":false,"
                                               "\"use_client_cert\":false,\"enable_rpc\":true,"
                                               "\"enable_control\":true}"));
  json_object_set_object_member (config, "wifi",
                                 parse_object ("{\"ap\":{\"ssid\":\"\",\"is_open\":true,\"enable\":false},"
                                               "\"sta\":{\"ssid\":\"Hearth Sim\",\"is_open\":false,"
                                               "\"enable\":true,\"ipv4mode\":\"dhcp\",\"ip\":null,"
                                               "\"netmask\":null,\"gw\":null,\"nameserver\":null},"
                                               "\"roam\":{\"rssi_thr\":-80,\"interval\":60}}"));
  json_object_set_object_member (config, "ws",
                                 parse_object ("{\"enable\":false,\"server\":null,\"ssl_ca\":\"ca.pem\"}"));

  /* Status */
  json_object_set_object_member (status, "ble", json_object_new ());
  json_object_set_object_member (status, "cloud", parse_object ("{\"connected\":false}"));
  json_object_set_object_member (status, "mqtt", parse_object ("{\"connected\":false}"));

  for (guint i = 0; i < v->n_inputs; i++)
    {
      g_autofree char *key = g_strdup_printf ("input:%u", i);

      object = json_object_new ();
      json_object_set_int_member (object, "id", i);
      if (v->rgb)
        json_object_set_null_member (object, "state");
      else
        json_object_set_boolean_member (object, "state", FALSE);
      json_object_set_object_member (status, key, object);

      object = json_object_new ();
      json_object_set_int_member (object, "id", i);
      json_object_set_null_member (object, "name");
      json_object_set_string_member (object, "type", v->rgb ? "button" : "switch");
      json_object_set_boolean_member (object, "enable", TRUE);
      json_object_set_boolean_member (object, "invert", FALSE);
      json_object_set_boolean_member (object, "factory_reset", TRUE);
      json_object_set_object_member (config, key, object);
    }

  for (guint i = 0; i < v->n_switches; i++)
    {
      g_autofree char *key = g_strdup_printf ("switch:%u", i);

      object = meter_status (self, i, MAINS_VOLTAGE - i * 0.6, 1204.331 + 77.2 * i + self->index);
      json_object_set_boolean_member (object, "output", FALSE);
      json_object_set_object_member (status, key, object);

      object = parse_object ("{\"name\":null,\"in_mode\":\"follow\","
                             "\"initial_state\":\"match_input\",\"auto_on\":false,"
                             "\"auto_on_delay\":60.0,\"auto_off\":false,\"auto_off_delay\":60.0,"
                             "\"power_limit\":4480,\"voltage_limit\":280,"
                             "\"autorecover_voltage_errors\":false,\"current_limit\":16.0}");
      json_object_set_int_member (object, "id", i);
      json_object_set_object_member (config, key, object);
    }

  if (v->cover)
    {
      object = meter_status (self, 0, MAINS_VOLTAGE, 318.07 + self->index);
      json_object_set_string_member (object, "state", "open");
      json_object_set_double_member (object, "pf", 0.0);
      json_object_set_double_member (object, "freq", 50.0);
      json_object_set_boolean_member (object, "pos_control", TRUE);
      json_object_set_string_member (object, "last_direction", "open");
      json_object_set_int_member (object, "current_pos", 100);
      json_object_set_object_member (status, "cover:0", object);

      object = parse_object ("{\"id\":0,\"name\":null,"
                             "\"motor\":{\"idle_power_thr\":2.0,\"idle_confirm_period\":0.25},"
                             "\"maxtime_open\":60.0,\"maxtime_close\":60.0,"
                             "\"initial_state\":\"stopped\",\"invert_directions\":false,"
                             "\"in_mode\":\"dual\",\"swap_inputs\":false,\"safety_switch\":null,"
                             "\"power_limit\":4480,\"voltage_limit\":280,\"current_limit\":10.0,"
                             "\"obstruction_detection\":{\"enable\":false,\"direction\":\"both\","
                             "\"action\":\"stop\",\"power_thr\":1000,\"holdoff\":1.0},"
                             "\"swap_inputs\":false}");
      json_object_set_object_member (config, "cover:0", object);
    }

  if (v->rgb)
    {
      g_autoptr(JsonArray) rgb = json_array_new ();

      object = meter_status (self, 0, 12.6, 86.182 + self->index);
      json_object_set_boolean_member (object, "output", FALSE);
      json_array_add_int_element (rgb, 54);
      json_array_add_int_element (rgb, 97);
      json_array_add_int_element (rgb, 255);
      json_object_set_array_member (object, "rgb", g_steal_pointer (&rgb));
      json_object_set_int_member (object, "brightness", 62);
      json_object_set_object_member (status, "rgb:0", object);

      object = parse_object ("{\"id\":0,\"name\":null,\"initial_state\":\"restore_last\","
                             "\"auto_on\":false,\"auto_on_delay\":60,\"auto_off\":false,"
                             "\"auto_off_delay\":60,\"transition_duration\":3,"
                             "\"min_brightness_on_toggle\":3,"
                             "\"night_mode\":{\"enable\":false,\"brightness\":50,"
                             "\"rgb\":[255,255,255],\"active_between\":[]},"
                             "\"button_fade_rate\":3,\"in_mode\":\"dim\",\"current_limit\":10}");
      json_object_set_object_member (config, "rgb:0", object);
      json_object_set_object_member (config, "plusrgbwpm", parse_object ("{\"hf_mode\":false}"));
      json_object_set_object_member (status, "plusrgbwpm", json_object_new ());
    }

  if (v->light)
    {
      object = json_object_new ();
      json_object_set_int_member (object, "id", 0);
      json_object_set_string_member (object, "source", "init");
      json_object_set_boolean_member (object, "output", FALSE);
      json_object_set_int_member (object, "brightness", 50);
      json_object_set_object_member (object, "temperature", temperature_object (31.7));
      json_object_set_object_member (status, "light:0", object);

      object = parse_object ("{\"id\":0,\"name\":null,\"initial_state\":\"restore_last\","
                             "\"auto_on\":false,\"auto_on_delay\":60.0,\"auto_off\":false,"
                             "\"auto_off_delay\":60.0,\"transition_duration\":3.0,"
                             "\"min_brightness_on_toggle\":3,"
                             "\"night_mode\":{\"enable\":false,\"brightness\":50,"
                             "\"active_between\":[]},\"range_map\":null,"
                             "\"button_fade_rate\":3,\"button_presets\":"
                             "{\"button_doublepush\":{\"brightness\":100}}}");
      json_object_set_object_member (config, "light:0", object);
    }

  if (v->ht)
    {
      object = temperature_object (21.4 + 0.1 * self->index);
      json_object_set_int_member (object, "id", 0);
      json_object_set_object_member (status, "temperature:0", object);
      object = parse_object ("{\"id\":0,\"rh\":48.3}");
      json_object_set_object_member (status, "humidity:0", object);
      object = parse_object ("{\"id\":0,\"battery\":{\"V\":5.87,\"percent\":92},"
                             "\"external\":{\"present\":false}}");
      json_object_set_object_member (status, "devicepower:0", object);

      json_object_set_object_member (config, "temperature:0",
                                     parse_object ("{\"id\":0,\"name\":null,\"report_thr_C\":0.5,"
                                                   "\"offset_C\":0.0}"));
      json_object_set_object_member (config, "humidity:0",
                                     parse_object ("{\"id\":0,\"name\":null,\"report_thr\":1.0,"
                                                   "\"offset\":0.0}"));
    }

  object = json_object_new ();
  json_object_set_string_member (object, "mac", self->mac);
  json_object_set_boolean_member (object, "restart_required", FALSE);
  json_object_set_int_member (object, "cfg_rev", 12);
  json_object_set_int_member (object, "kvs_rev", 0);
  json_object_set_int_member (object, "schedule_rev", 0);
  json_object_set_int_member (object, "webhook_rev", 0);
  json_object_set_object_member (object, "available_updates", json_object_new ());
  json_object_set_int_member (object, "reset_reason", 3);
  if (v->ht)
    json_object_set_int_member (object, "wakeup_period", 0);
  json_object_set_object_member (status, "sys", object);

  object = json_object_new ();
  json_object_set_string_member (object, "sta_ip",
                                 hearth_sim_device_get_address (HEARTH_SIM_DEVICE (self)));
  json_object_set_string_member (object, "status", "got ip");
  json_object_set_string_member (object, "ssid", "Hearth Sim");
  json_object_set_int_member (object, "rssi", -52 - (int) (self->index % 20));
  json_object_set_object_member (status, "wifi", object);
  json_object_set_object_member (status, "ws", parse_object ("{\"connected\":false}"));

  g_clear_pointer (&self->status, json_object_unref);
  g_clear_pointer (&self->config, json_object_unref);
  self->status = g_steal_pointer (&status);
  self->config = g_steal_pointer (&config);
}

/* The time-dependent parts of sys, as of now */
static void
refresh_sys (HearthSimShellyDevice *self)
{
  JsonObject *sys = get_object (self->status, "sys");
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *time = g_date_time_format (now, "%H:%M");
  gint64 uptime = (g_get_monotonic_time () - self->started_at) / G_USEC_PER_SEC;

  json_object_set_string_member (sys, "time", time);
  json_object_set_int_member (sys, "unixtime", g_date_time_to_unix (now));
  json_object_set_int_member (sys, "uptime", 1843211 + uptime);
  json_object_set_int_member (sys, "ram_size", 246596);
  json_object_set_int_member (sys, "ram_free", 141004 - (gint64) (self->index % 7) * 512);
  json_object_set_int_member (sys, "fs_size", 458752);
  json_object_set_int_member (sys, "fs_free", 139264);
}

/* Energy drawn since the last change is added to the meters */
static void
update_meters (HearthSimShellyDevice *self)
{
  gint64 now = g_get_monotonic_time ();
  double hours = (double) (now - self->meter_at) / G_USEC_PER_SEC / 3600.0;
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;

  self->meter_at = now;
  json_object_iter_init_ordered (&iter, self->status);
  while (json_object_iter_next_ordered (&iter, &name, &member))
    {
      JsonObject *component = JSON_NODE_HOLDS_OBJECT (member) ? json_node_get_object (member) : NULL;
      JsonObject *aenergy = get_object (component, "aenergy");
      double power, total;

      if (aenergy == NULL || !get_number (component, "apower", &power) ||
          !get_number (aenergy, "total", &total) || power <= 0)
        continue;

      json_object_set_double_member (aenergy, "total", round (1000.0 * (total + power * hours)) / 1000.0);
    }
}

/* What an output draws follows whether it is on */
static void
update_power (HearthSimShellyDevice *self,
              JsonObject            *component,
              gboolean               on,
              double                 load)
{
  double voltage = MAINS_VOLTAGE;
  double power = on ? load : 0.0;

  if (!json_object_has_member (component, "apower"))
    return;

  get_number (component, "voltage", &voltage);
  json_object_set_double_member (component, "apower", round1 (power));
  json_object_set_double_member (component, "current", voltage > 0 ? round (1000.0 * power / voltage) / 1000.0 : 0.0);
}

static double
light_load (HearthSimShellyDevice *self,
            JsonObject            *component)
{
  double brightness = 100;

  get_number (component, "brightness", &brightness);
  return self->variant->load_w * brightness / 100.0;
}

/* Notifications ------------------------------------------------------------ */

static void
send_to_clients (HearthSimShellyDevice *self,
                 const char            *method,
                 JsonObject            *params)
{
  HearthSimDevice *sim = HEARTH_SIM_DEVICE (self);
  GPtrArray *websockets = hearth_sim_device_get_websockets (sim);
  g_autoptr(GPtrArray) targets = NULL;

  if (self->mute_websockets || websockets == NULL)
    return;

  /* A copy: sending may close a broken connection under our feet */
  targets = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < websockets->len; i++)
    g_ptr_array_add (targets, g_object_ref (g_ptr_array_index (websockets, i)));

  for (guint i = 0; i < targets->len; i++)
    {
      SoupWebsocketConnection *ws = g_ptr_array_index (targets, i);
      const char *src = g_object_get_data (G_OBJECT (ws), WS_SRC_KEY);
      g_autoptr(JsonObject) frame = NULL;
      g_autoptr(JsonNode) node = NULL;
      g_autofree char *text = NULL;

      /* Only clients that introduced themselves get notifications */
      if (src == NULL || soup_websocket_connection_get_state (ws) != SOUP_WEBSOCKET_STATE_OPEN)
        continue;

      frame = json_object_new ();
      json_object_set_string_member (frame, "src", hearth_sim_device_get_id (HEARTH_SIM_DEVICE (self)));
      json_object_set_string_member (frame, "dst", src);
      json_object_set_string_member (frame, "method", method);
      json_object_set_object_member (frame, "params", json_object_ref (params));
      node = json_node_init_object (json_node_alloc (), frame);
      text = json_to_string (node, FALSE);
      soup_websocket_connection_send_text (ws, text);
    }
}

/* Call with a copy of the status taken before a change: pushes what changed */
static void
commit (HearthSimShellyDevice *self,
        JsonObject            *before)
{
  g_autoptr(JsonObject) delta = NULL;
  g_autoptr(JsonObject) params = NULL;
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;

  delta = diff (before, self->status, FALSE);
  if (delta == NULL)
    return;

  /* Top-level members are components: their deltas repeat the id */
  params = json_object_new ();
  json_object_set_double_member (params, "ts", round2 (unix_time ()));
  json_object_iter_init_ordered (&iter, delta);
  while (json_object_iter_next_ordered (&iter, &name, &member))
    json_object_set_member (params, name, deep_copy (member));

  send_to_clients (self, "NotifyStatus", params);
}

static void
config_changed (HearthSimShellyDevice *self)
{
  g_autoptr(JsonObject) before = object_copy (self->status);
  g_autoptr(JsonObject) params = json_object_new ();
  g_autoptr(JsonObject) event = json_object_new ();
  g_autoptr(JsonArray) events = json_array_new ();
  JsonObject *sys_config = get_object (self->config, "sys");
  gint64 rev = json_object_get_int_member_with_default (sys_config, "cfg_rev", 0) + 1;

  json_object_set_int_member (sys_config, "cfg_rev", rev);
  json_object_set_int_member (get_object (self->status, "sys"), "cfg_rev", rev);

  json_object_set_string_member (event, "component", "sys");
  json_object_set_string_member (event, "event", "config_changed");
  json_object_set_int_member (event, "restart_required", FALSE);
  json_object_set_double_member (event, "ts", round2 (unix_time ()));
  json_object_set_int_member (event, "cfg_rev", rev);
  json_array_add_object_element (events, g_steal_pointer (&event));
  json_object_set_double_member (params, "ts", round2 (unix_time ()));
  json_object_set_array_member (params, "events", g_steal_pointer (&events));

  commit (self, before);
  send_to_clients (self, "NotifyEvent", params);
}

/* Covers move over time ------------------------------------------------------ */

static void cover_start (HearthSimShellyDevice *self, JsonObject *cover, int target, const char *source);

static gboolean
cover_step_cb (gpointer user_data)
{
  HearthSimShellyDevice *self = user_data;
  JsonObject *cover = get_object (self->status, "cover:0");
  g_autoptr(JsonObject) before = object_copy (self->status);
  double current = 0, target = 0;
  int next;

  if (cover == NULL || !get_number (cover, "current_pos", &current) ||
      !get_number (cover, "target_pos", &target))
    {
      self->cover_timer = 0;
      return G_SOURCE_REMOVE;
    }

  update_meters (self);

  if (target > current)
    next = (int) MIN (current + COVER_STEP_PERCENT, target);
  else
    next = (int) MAX (current - COVER_STEP_PERCENT, target);

  json_object_set_int_member (cover, "current_pos", next);

  if (next == (int) target)
    {
      json_object_remove_member (cover, "target_pos");
      if (json_object_has_member (cover, "move_timeout"))
        json_object_remove_member (cover, "move_timeout");
      if (json_object_has_member (cover, "move_started_at"))
        json_object_remove_member (cover, "move_started_at");
      json_object_set_string_member (cover, "state",
                                     next >= 100 ? "open" : next <= 0 ? "closed" : "stopped");
      update_power (self, cover, FALSE, 0);
      self->cover_timer = 0;
      commit (self, before);
      return G_SOURCE_REMOVE;
    }

  commit (self, before);
  return G_SOURCE_CONTINUE;
}

static void
cover_stop (HearthSimShellyDevice *self,
            JsonObject            *cover,
            const char            *source)
{
  double current = 0;

  g_clear_handle_id (&self->cover_timer, g_source_remove);
  update_meters (self);

  if (json_object_has_member (cover, "target_pos"))
    json_object_remove_member (cover, "target_pos");
  if (json_object_has_member (cover, "move_timeout"))
    json_object_remove_member (cover, "move_timeout");
  if (json_object_has_member (cover, "move_started_at"))
    json_object_remove_member (cover, "move_started_at");

  get_number (cover, "current_pos", &current);
  json_object_set_string_member (cover, "state",
                                 current >= 100 ? "open" : current <= 0 ? "closed" : "stopped");
  json_object_set_string_member (cover, "source", source);
  update_power (self, cover, FALSE, 0);
}

static void
cover_start (HearthSimShellyDevice *self,
             JsonObject            *cover,
             int                    target,
             const char            *source)
{
  double current = 0;
  const char *direction;

  target = CLAMP (target, 0, 100);
  get_number (cover, "current_pos", &current);
  json_object_set_string_member (cover, "source", source);

  if ((int) current == target)
    {
      cover_stop (self, cover, source);
      return;
    }

  update_meters (self);
  direction = target > current ? "open" : "close";
  json_object_set_string_member (cover, "state", target > current ? "opening" : "closing");
  json_object_set_string_member (cover, "last_direction", direction);
  json_object_set_int_member (cover, "target_pos", target);
  json_object_set_double_member (cover, "move_timeout", 60.0);
  json_object_set_double_member (cover, "move_started_at", round2 (unix_time ()));
  update_power (self, cover, TRUE, COVER_POWER_W);

  if (self->cover_timer == 0)
    self->cover_timer = g_timeout_add (COVER_STEP_MS, cover_step_cb, self);
}

/* RPC methods ---------------------------------------------------------------- */

typedef struct
{
  int   code;
  char *message;
} RpcError;

static void
rpc_error_clear (RpcError *error)
{
  g_clear_pointer (&error->message, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RpcError, rpc_error_clear)

/* A frame's answer: "result" (taking @result), or else "error" from @error */
static void
set_outcome (JsonObject     *answer,
             JsonNode       *result,
             const RpcError *error)
{
  if (result != NULL)
    json_object_set_member (answer, "result", result);
  else
    {
      JsonObject *err = json_object_new ();

      json_object_set_int_member (err, "code", error->code);
      json_object_set_string_member (err, "message", error->message);
      json_object_set_object_member (answer, "error", err);
    }
}

G_GNUC_PRINTF (3, 4)
static JsonNode *
rpc_fail (RpcError   *error,
          int         code,
          const char *format,
          ...)
{
  va_list args;

  va_start (args, format);
  error->code = code;
  error->message = g_strdup_vprintf (format, args);
  va_end (args);

  return NULL;
}

static JsonNode *
info_node (HearthSimShellyDevice *self)
{
  HearthSimDevice *sim = HEARTH_SIM_DEVICE (self);
  const char *password = hearth_sim_device_get_password (sim);
  const char *id = hearth_sim_device_get_id (sim);
  const char *name = device_name (self);
  g_autoptr(JsonObject) info = json_object_new ();

  if (name != NULL)
    json_object_set_string_member (info, "name", name);
  else
    json_object_set_null_member (info, "name");
  json_object_set_string_member (info, "id", id);
  json_object_set_string_member (info, "mac", self->mac);
  json_object_set_int_member (info, "slot", 0);
  json_object_set_string_member (info, "model", self->variant->model);
  json_object_set_int_member (info, "gen", 2);
  json_object_set_string_member (info, "fw_id", FIRMWARE_ID);
  json_object_set_string_member (info, "ver", FIRMWARE_VERSION);
  json_object_set_string_member (info, "app", self->variant->app);
  json_object_set_boolean_member (info, "auth_en", password != NULL);
  if (password != NULL)
    json_object_set_string_member (info, "auth_domain", id);
  else
    json_object_set_null_member (info, "auth_domain");
  if (self->variant->profile != NULL)
    json_object_set_string_member (info, "profile", self->variant->profile);

  return hearth_sim_object_node (g_steal_pointer (&info));
}

/* The component "<type>:<id>" named by params.id, or NULL with an error */
static JsonObject *
find_component (HearthSimShellyDevice *self,
                const char            *type,
                JsonObject            *params,
                char                 **key_out,
                RpcError              *error)
{
  double id;
  g_autofree char *key = NULL;
  JsonObject *component;

  if (!get_number (params, "id", &id))
    {
      rpc_fail (error, RPC_ERR_INVALID_ARG, "Missing required argument 'id'!");
      return NULL;
    }

  key = g_strdup_printf ("%s:%d", type, (int) id);
  component = get_object (self->status, key);
  if (component == NULL || id != floor (id))
    {
      rpc_fail (error, RPC_ERR_NOT_FOUND, "Argument 'id', value %g not found!", id);
      return NULL;
    }

  if (key_out != NULL)
    *key_out = g_steal_pointer (&key);
  return component;
}

static gboolean
read_rgb (JsonObject *params,
          int         rgb[3],
          RpcError   *error)
{
  JsonNode *node = json_object_get_member (params, "rgb");
  JsonArray *array;

  if (node == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (array = json_node_get_array (node)) != 3)
    {
      rpc_fail (error, RPC_ERR_INVALID_ARG, "Argument 'rgb' must be an array of 3 numbers!");
      return FALSE;
    }

  for (guint i = 0; i < 3; i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (element) ||
          (json_node_get_value_type (element) != G_TYPE_INT64 &&
           json_node_get_value_type (element) != G_TYPE_DOUBLE) ||
          json_node_get_double (element) < 0 || json_node_get_double (element) > 255)
        {
          rpc_fail (error, RPC_ERR_INVALID_ARG, "Argument 'rgb', value out of range!");
          return FALSE;
        }
      rgb[i] = (int) json_node_get_double (element);
    }

  return TRUE;
}

/* Switch.Set/Toggle, Light.*, RGB.* */
static JsonNode *
rpc_output (HearthSimShellyDevice *self,
            const char            *type,
            const char            *action,
            JsonObject            *params,
            const char            *source,
            RpcError              *error)
{
  JsonObject *component;
  g_autoptr(JsonObject) before = NULL;
  g_autoptr(JsonObject) result = NULL;
  gboolean was_on = FALSE;
  gboolean on = FALSE;
  gboolean have_on = FALSE;
  gboolean is_switch = g_str_equal (type, "switch");
  double brightness = -1;
  int rgb[3] = { -1, -1, -1 };

  component = find_component (self, type, params, NULL, error);
  if (component == NULL)
    return NULL;

  if (g_str_equal (action, "GetStatus"))
    return hearth_sim_object_node (object_copy (component));

  get_bool (component, "output", &was_on);

  if (g_str_equal (action, "Toggle"))
    {
      have_on = TRUE;
      on = !was_on;
    }
  else if (g_str_equal (action, "Set"))
    {
      have_on = get_bool (params, "on", &on);
      if (json_object_has_member (params, "on") && !have_on)
        return rpc_fail (error, RPC_ERR_INVALID_ARG, "Argument 'on' must be a boolean!");

      if (!is_switch && json_object_has_member (params, "brightness"))
        {
          double min = g_str_equal (type, "light") ? 0 : 1;

          if (!get_number (params, "brightness", &brightness) ||
              brightness < min || brightness > 100)
            return rpc_fail (error, RPC_ERR_INVALID_ARG,
                             "Argument 'brightness', value out of range [%g, 100]!", min);
        }

      if (g_str_equal (type, "rgb") && !read_rgb (params, rgb, error))
        return NULL;

      if (is_switch && !have_on)
        return rpc_fail (error, RPC_ERR_INVALID_ARG, "Missing required argument 'on'!");
      if (!is_switch && !have_on && brightness < 0 && rgb[0] < 0)
        return rpc_fail (error, RPC_ERR_INVALID_ARG,
                         "At least one of 'on', 'brightness'%s is required!",
                         g_str_equal (type, "rgb") ? ", 'rgb'" : "");
    }
  else
    return rpc_fail (error, RPC_ERR_NO_HANDLER, "No handler for %s", action);

  before = object_copy (self->status);
  update_meters (self);

  if (have_on)
    json_object_set_boolean_member (component, "output", on);
  else
    on = was_on;
  if (brightness >= 0)
    json_object_set_int_member (component, "brightness", (gint64) round (brightness));
  if (rgb[0] >= 0)
    {
      JsonArray *array = json_array_new ();

      for (guint i = 0; i < 3; i++)
        json_array_add_int_element (array, rgb[i]);
      json_object_set_array_member (component, "rgb", array);
    }
  json_object_set_string_member (component, "source", source);
  update_power (self, component, on, is_switch ? self->variant->load_w : light_load (self, component));
  commit (self, before);

  if (!is_switch && g_str_equal (action, "Set"))
    return json_node_new (JSON_NODE_NULL);

  result = json_object_new ();
  json_object_set_boolean_member (result, "was_on", was_on);
  return hearth_sim_object_node (g_steal_pointer (&result));
}

static JsonNode *
rpc_cover (HearthSimShellyDevice *self,
           const char            *action,
           JsonObject            *params,
           const char            *source,
           RpcError              *error)
{
  JsonObject *cover;
  g_autoptr(JsonObject) before = NULL;
  double pos;

  cover = find_component (self, "cover", params, NULL, error);
  if (cover == NULL)
    return NULL;

  if (g_str_equal (action, "GetStatus"))
    return hearth_sim_object_node (object_copy (cover));

  before = object_copy (self->status);

  if (g_str_equal (action, "Open"))
    cover_start (self, cover, 100, source);
  else if (g_str_equal (action, "Close"))
    cover_start (self, cover, 0, source);
  else if (g_str_equal (action, "Stop"))
    cover_stop (self, cover, source);
  else if (g_str_equal (action, "GoToPosition"))
    {
      if (!get_number (params, "pos", &pos))
        return rpc_fail (error, RPC_ERR_INVALID_ARG, "Missing required argument 'pos'!");
      if (pos < 0 || pos > 100)
        return rpc_fail (error, RPC_ERR_INVALID_ARG, "Argument 'pos', value %g out of range [0, 100]!", pos);
      cover_start (self, cover, (int) round (pos), source);
    }
  else
    return rpc_fail (error, RPC_ERR_NO_HANDLER, "No handler for Cover.%s", action);

  commit (self, before);
  return json_node_new (JSON_NODE_NULL);
}

/* Methods that need no password even with auth on */
static gboolean
method_is_open (const char *method)
{
  return g_strcmp0 (method, "Shelly.GetDeviceInfo") == 0;
}

static JsonNode *
rpc_dispatch (HearthSimShellyDevice *self,
              const char            *method,
              JsonObject            *params,
              const char            *source,
              RpcError              *error)
{
  g_auto(GStrv) parts = NULL;
  static const struct { const char *ns; const char *type; } outputs[] = {
    { "Switch", "switch" }, { "Light", "light" }, { "RGB", "rgb" },
  };
  static const struct { const char *ns; const char *type; } readings[] = {
    { "Temperature", "temperature" }, { "Humidity", "humidity" }, { "DevicePower", "devicepower" },
    { "Input", "input" },
  };
  g_autoptr(JsonObject) empty = json_object_new ();

  if (params == NULL)
    params = empty;

  if (g_strcmp0 (method, "Shelly.GetDeviceInfo") == 0)
    return info_node (self);

  if (g_strcmp0 (method, "Shelly.GetStatus") == 0)
    {
      refresh_sys (self);
      return hearth_sim_object_node (object_copy (self->status));
    }

  if (g_strcmp0 (method, "Shelly.GetConfig") == 0)
    return hearth_sim_object_node (object_copy (self->config));

  if (g_strcmp0 (method, "Sys.GetStatus") == 0)
    {
      refresh_sys (self);
      return hearth_sim_object_node (object_copy (get_object (self->status, "sys")));
    }

  if (g_strcmp0 (method, "Sys.GetConfig") == 0)
    return hearth_sim_object_node (object_copy (get_object (self->config, "sys")));

  parts = method != NULL ? g_strsplit (method, ".", 2) : NULL;
  if (parts == NULL || parts[0] == NULL || parts[1] == NULL)
    return rpc_fail (error, RPC_ERR_NO_HANDLER, "No handler for %s", method ? method : "(none)");

  for (guint i = 0; i < G_N_ELEMENTS (outputs); i++)
    if (g_str_equal (parts[0], outputs[i].ns))
      {
        if (g_str_equal (parts[1], "GetConfig"))
          {
            g_autofree char *key = NULL;

            if (find_component (self, outputs[i].type, params, &key, error) == NULL)
              return NULL;
            return hearth_sim_object_node (object_copy (get_object (self->config, key)));
          }
        return rpc_output (self, outputs[i].type, parts[1], params, source, error);
      }

  if (g_str_equal (parts[0], "Cover"))
    {
      if (g_str_equal (parts[1], "GetConfig"))
        {
          if (find_component (self, "cover", params, NULL, error) == NULL)
            return NULL;
          return hearth_sim_object_node (object_copy (get_object (self->config, "cover:0")));
        }
      return rpc_cover (self, parts[1], params, source, error);
    }

  for (guint i = 0; i < G_N_ELEMENTS (readings); i++)
    if (g_str_equal (parts[0], readings[i].ns) && g_str_equal (parts[1], "GetStatus"))
      {
        JsonObject *component = find_component (self, readings[i].type, params, NULL, error);

        return component != NULL ? hearth_sim_object_node (object_copy (component)) : NULL;
      }

  return rpc_fail (error, RPC_ERR_NO_HANDLER, "No handler for %s", method);
}

/* Digest authentication ------------------------------------------------------ */

static const char *
new_nonce (HearthSimShellyDevice *self)
{
  /* Decimal, time-based and increasing, like the firmware's */
  gint64 nonce = MAX ((gint64) unix_time (), self->last_nonce + 1);

  self->last_nonce = nonce;
  g_queue_push_tail (&self->nonces, g_strdup_printf ("%" G_GINT64_FORMAT, nonce));
  while (g_queue_get_length (&self->nonces) > MAX_NONCES)
    g_free (g_queue_pop_head (&self->nonces));

  return g_queue_peek_tail (&self->nonces);
}

static gboolean
nonce_is_known (HearthSimShellyDevice *self,
                const char            *nonce)
{
  return nonce != NULL &&
         g_queue_find_custom (&self->nonces, nonce, (GCompareFunc) g_strcmp0) != NULL;
}

static char *
sha256 (const char *text)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
}

static char *
ha1 (HearthSimShellyDevice *self)
{
  HearthSimDevice *sim = HEARTH_SIM_DEVICE (self);
  g_autofree char *input = g_strdup_printf ("admin:%s:%s", hearth_sim_device_get_id (sim),
                                            hearth_sim_device_get_password (sim));

  return sha256 (input);
}

static char *
challenge_message (HearthSimShellyDevice *self)
{
  const char *nonce = new_nonce (self);

  /* Exactly as the firmware writes it (see the Cover.Close capture) */
  return g_strdup_printf ("{\"auth_type\": \"digest\", \"nonce\": %s, \"nc\": 1, "
                          "\"realm\": \"%s\", \"algorithm\": \"SHA-256\"}",
                          nonce, hearth_sim_device_get_id (HEARTH_SIM_DEVICE (self)));
}

/* The `auth` object of a frame, with HA2 = SHA256("dummy_method:dummy_uri") */
static gboolean
frame_auth_valid (HearthSimShellyDevice *self,
                  JsonObject            *auth)
{
  g_autofree char *nonce = NULL;
  g_autofree char *nc = NULL;
  g_autofree char *a1 = NULL;
  g_autofree char *a2 = NULL;
  g_autofree char *input = NULL;
  g_autofree char *expected = NULL;
  const char *cnonce = get_string (auth, "cnonce");
  const char *response = get_string (auth, "response");
  JsonNode *node;
  double number;

  if (auth == NULL || cnonce == NULL || response == NULL)
    return FALSE;
  if (g_strcmp0 (get_string (auth, "username"), "admin") != 0 ||
      g_strcmp0 (get_string (auth, "realm"), hearth_sim_device_get_id (HEARTH_SIM_DEVICE (self))) != 0)
    return FALSE;
  if (get_string (auth, "algorithm") != NULL &&
      g_strcmp0 (get_string (auth, "algorithm"), "SHA-256") != 0)
    return FALSE;

  node = json_object_get_member (auth, "nonce");
  if (get_number (auth, "nonce", &number))
    nonce = g_strdup_printf ("%.0f", number);
  else if (node != NULL && get_string (auth, "nonce") != NULL)
    nonce = g_strdup (get_string (auth, "nonce"));
  if (!nonce_is_known (self, nonce))
    return FALSE;

  if (get_number (auth, "nc", &number))
    nc = g_strdup_printf ("%.0f", number);
  else if (get_string (auth, "nc") != NULL)
    nc = g_strdup (get_string (auth, "nc"));
  else
    nc = g_strdup ("1");

  a1 = ha1 (self);
  a2 = sha256 ("dummy_method:dummy_uri");
  input = g_strdup_printf ("%s:%s:%s:%s:auth:%s", a1, nonce, nc, cnonce, a2);
  expected = sha256 (input);

  return g_ascii_strcasecmp (expected, response) == 0;
}

/* The Authorization header, per RFC 7616 with SHA-256 */
static gboolean
header_auth_valid (HearthSimShellyDevice *self,
                   SoupServerMessage     *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *authorization = soup_message_headers_get_one (headers, "Authorization");
  GUri *uri = soup_server_message_get_uri (msg);
  g_autoptr(GHashTable) params = NULL;
  g_autofree char *a1 = NULL;
  g_autofree char *a2_input = NULL;
  g_autofree char *a2 = NULL;
  g_autofree char *input = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *request_uri = NULL;
  const char *username, *realm, *nonce, *digest_uri, *response, *qop, *nc, *cnonce, *algorithm;

  if (authorization == NULL || g_ascii_strncasecmp (authorization, "Digest ", 7) != 0)
    return FALSE;

  params = soup_header_parse_param_list (authorization + 7);
  username = g_hash_table_lookup (params, "username");
  realm = g_hash_table_lookup (params, "realm");
  nonce = g_hash_table_lookup (params, "nonce");
  digest_uri = g_hash_table_lookup (params, "uri");
  response = g_hash_table_lookup (params, "response");
  qop = g_hash_table_lookup (params, "qop");
  nc = g_hash_table_lookup (params, "nc");
  cnonce = g_hash_table_lookup (params, "cnonce");
  algorithm = g_hash_table_lookup (params, "algorithm");

  if (g_strcmp0 (username, "admin") != 0 ||
      g_strcmp0 (realm, hearth_sim_device_get_id (HEARTH_SIM_DEVICE (self))) != 0 ||
      !nonce_is_known (self, nonce) || digest_uri == NULL || response == NULL ||
      g_strcmp0 (qop, "auth") != 0 || nc == NULL || cnonce == NULL ||
      g_strcmp0 (algorithm, "SHA-256") != 0)
    return FALSE;

  /* The digest covers the request line's URI */
  if (g_uri_get_query (uri) != NULL)
    request_uri = g_strdup_printf ("%s?%s", g_uri_get_path (uri), g_uri_get_query (uri));
  else
    request_uri = g_strdup (g_uri_get_path (uri));
  if (!g_str_equal (digest_uri, request_uri))
    return FALSE;

  a1 = ha1 (self);
  a2_input = g_strdup_printf ("%s:%s", soup_server_message_get_method (msg), digest_uri);
  a2 = sha256 (a2_input);
  input = g_strdup_printf ("%s:%s:%s:%s:%s:%s", a1, nonce, nc, cnonce, qop, a2);
  expected = sha256 (input);

  return g_ascii_strcasecmp (expected, response) == 0;
}

static void
reply_unauthorized (HearthSimShellyDevice *self,
                    SoupServerMessage     *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  g_autofree char *challenge = NULL;

  challenge = g_strdup_printf ("Digest qop=\"auth\", realm=\"%s\", nonce=\"%s\", algorithm=SHA-256",
                               hearth_sim_device_get_id (HEARTH_SIM_DEVICE (self)),
                               new_nonce (self));
  soup_server_message_set_status (msg, SOUP_STATUS_UNAUTHORIZED, NULL);
  soup_message_headers_replace (headers, "WWW-Authenticate", challenge);
  soup_message_headers_replace (headers, "Connection", "close");
  /* An empty body, typed as JSON, like Mongoose's */
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, "", 0);
}

/* HTTP --------------------------------------------------------------------- */

static void
reply_node (SoupServerMessage *msg,
            JsonNode          *node)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  /* One-shot like the firmware: every answer closes the connection */
  soup_message_headers_replace (headers, "Connection", "close");
  soup_message_headers_replace (headers, "Server", "Mongoose/6.18");
  hearth_sim_reply_json (msg, node);
}

static void
handle_shelly (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  HearthSimShellyDevice *self = user_data;
  g_autoptr(JsonNode) node = NULL;

  if (!g_str_equal (soup_server_message_get_method (msg), SOUP_METHOD_GET))
    {
      hearth_sim_reply_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, NULL);
      return;
    }

  node = info_node (self);
  reply_node (msg, node);
}

/* "true" → true, "12" → 12, "[1,2]" → array, "\"x\"" → "x", else a string */
static JsonNode *
query_value (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (json_parser_load_from_data (parser, text, -1, NULL) && json_parser_get_root (parser) != NULL)
    return json_node_copy (json_parser_get_root (parser));

  return json_node_init_string (json_node_alloc (), text);
}

static gboolean
is_websocket_upgrade (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);

  return soup_message_headers_header_contains (headers, "Upgrade", "websocket");
}

static void
handle_rpc (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  HearthSimShellyDevice *self = user_data;
  const char *http_method = soup_server_message_get_method (msg);
  const char *password = hearth_sim_device_get_password (HEARTH_SIM_DEVICE (self));
  g_autoptr(JsonObject) params = NULL;
  g_autoptr(JsonObject) frame = NULL;
  g_autoptr(JsonNode) result = NULL;
  g_auto(RpcError) error = { 0, NULL };
  const char *method = NULL;
  const char *bad_request = NULL;
  gboolean authorized;

  /* The WebSocket on the same path: libsoup has done the handshake */
  if (is_websocket_upgrade (msg))
    return;

  /* libsoup also tried the WebSocket handshake on this plain request (the
   * path has a WebSocket handler) and wrote a 400 page into the answer */
  soup_message_body_truncate (soup_server_message_get_response_body (msg));

  if (g_str_equal (path, "/rpc") || g_str_equal (path, "/rpc/"))
    {
      /* A whole frame */
      if (!g_str_equal (http_method, SOUP_METHOD_POST))
        {
          hearth_sim_reply_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, NULL);
          return;
        }

      frame = hearth_sim_read_json_object (msg);
      method = get_string (frame, "method");
      if (frame == NULL || method == NULL)
        bad_request = "{\"code\":-103,\"message\":\"Invalid frame\"}";
      if (get_object (frame, "params") != NULL)
        params = json_object_ref (get_object (frame, "params"));
    }
  else if (g_str_has_prefix (path, "/rpc/"))
    {
      method = path + strlen ("/rpc/");

      if (g_str_equal (http_method, SOUP_METHOD_POST))
        {
          SoupMessageBody *body = soup_server_message_get_request_body (msg);

          params = hearth_sim_read_json_object (msg);
          if (params == NULL && body != NULL && body->length > 0)
            bad_request = "{\"code\":-103,\"message\":\"Invalid params\"}";
        }
      else if (g_str_equal (http_method, SOUP_METHOD_GET))
        {
          params = json_object_new ();
          if (query != NULL)
            {
              GHashTableIter iter;
              const char *key, *value;

              g_hash_table_iter_init (&iter, query);
              while (g_hash_table_iter_next (&iter, (gpointer *) &key, (gpointer *) &value))
                json_object_set_member (params, key, query_value (value));
            }
        }
      else
        {
          hearth_sim_reply_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, NULL);
          return;
        }
    }
  else
    {
      hearth_sim_reply_error (msg, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }

  if (frame != NULL && json_object_has_member (frame, "auth"))
    hearth_sim_device_count_secret (HEARTH_SIM_DEVICE (self));

  /* Authentication comes first: the header, or an `auth` object in a frame */
  authorized = password == NULL || (method != NULL && method_is_open (method)) ||
               header_auth_valid (self, msg) ||
               (frame != NULL && frame_auth_valid (self, get_object (frame, "auth")));
  if (!authorized)
    {
      reply_unauthorized (self, msg);
      return;
    }

  if (bad_request != NULL)
    {
      hearth_sim_reply_error (msg, SOUP_STATUS_BAD_REQUEST, bad_request);
      return;
    }

  result = rpc_dispatch (self, method, params, "HTTP_in", &error);

  if (frame != NULL)
    {
      g_autoptr(JsonObject) answer = json_object_new ();
      JsonNode *id = json_object_get_member (frame, "id");
      const char *src = get_string (frame, "src");
      g_autoptr(JsonNode) node = NULL;

      json_object_set_member (answer, "id", id != NULL ? json_node_copy (id) : json_node_new (JSON_NODE_NULL));
      json_object_set_string_member (answer, "src", hearth_sim_device_get_id (HEARTH_SIM_DEVICE (self)));
      if (src != NULL)
        json_object_set_string_member (answer, "dst", src);
      set_outcome (answer, g_steal_pointer (&result), &error);
      node = hearth_sim_object_node (g_steal_pointer (&answer));
      reply_node (msg, node);
      return;
    }

  if (result == NULL)
    {
      g_autoptr(JsonObject) err = json_object_new ();
      g_autoptr(JsonNode) node = NULL;
      g_autofree char *text = NULL;
      guint status = error.code == RPC_ERR_NO_HANDLER ? SOUP_STATUS_NOT_FOUND :
                     error.code == RPC_ERR_INVALID_ARG || error.code == RPC_ERR_NOT_FOUND ?
                     SOUP_STATUS_BAD_REQUEST : SOUP_STATUS_INTERNAL_SERVER_ERROR;

      json_object_set_int_member (err, "code", error.code);
      json_object_set_string_member (err, "message", error.message);
      node = hearth_sim_object_node (g_steal_pointer (&err));
      text = json_to_string (node, FALSE);
      hearth_sim_reply_error (msg, status, text);
      return;
    }

  reply_node (msg, result);
}

/* WebSocket ------------------------------------------------------------------ */

static void
ws_send_frame (SoupWebsocketConnection *ws,
               JsonObject              *frame)
{
  g_autoptr(JsonNode) node = hearth_sim_object_node (json_object_ref (frame));
  g_autofree char *text = json_to_string (node, FALSE);

  if (soup_websocket_connection_get_state (ws) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_send_text (ws, text);
}

static void
on_ws_message (SoupWebsocketConnection *ws,
               int                      type,
               GBytes                  *message,
               gpointer                 user_data)
{
  HearthSimShellyDevice *self = user_data;
  const char *password = hearth_sim_device_get_password (HEARTH_SIM_DEVICE (self));
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonObject) answer = json_object_new ();
  g_autoptr(JsonNode) result = NULL;
  g_auto(RpcError) error = { 0, NULL };
  JsonObject *frame;
  JsonNode *root;
  JsonNode *id;
  const char *src;
  const char *method;
  gsize length;
  const char *data;

  if (self->mute_websockets || type != SOUP_WEBSOCKET_DATA_TEXT)
    return;

  data = g_bytes_get_data (message, &length);
  if (!json_parser_load_from_data (parser, data, length, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      /* The firmware closes on garbage */
      soup_websocket_connection_close (ws, SOUP_WEBSOCKET_CLOSE_PROTOCOL_ERROR, "bad frame");
      return;
    }

  frame = json_node_get_object (root);
  if (json_object_has_member (frame, "auth"))
    hearth_sim_device_count_secret (HEARTH_SIM_DEVICE (self));
  id = json_object_get_member (frame, "id");
  src = get_string (frame, "src");
  method = get_string (frame, "method");

  /* Notifications go to whoever said who they are */
  if (src != NULL && g_object_get_data (G_OBJECT (ws), WS_SRC_KEY) == NULL)
    g_object_set_data_full (G_OBJECT (ws), WS_SRC_KEY, g_strdup (src), g_free);

  json_object_set_member (answer, "id", id != NULL ? json_node_copy (id) : json_node_new (JSON_NODE_NULL));
  json_object_set_string_member (answer, "src", hearth_sim_device_get_id (HEARTH_SIM_DEVICE (self)));
  if (src != NULL)
    json_object_set_string_member (answer, "dst", src);

  if (password != NULL && !method_is_open (method) &&
      !frame_auth_valid (self, get_object (frame, "auth")))
    {
      g_autofree char *challenge = challenge_message (self);
      JsonObject *err = json_object_new ();

      json_object_set_int_member (err, "code", RPC_ERR_UNAUTHORIZED);
      json_object_set_string_member (err, "message", challenge);
      json_object_set_object_member (answer, "error", err);
      ws_send_frame (ws, answer);
      return;
    }

  result = rpc_dispatch (self, method, get_object (frame, "params"), "WS_in", &error);
  set_outcome (answer, g_steal_pointer (&result), &error);

  ws_send_frame (ws, answer);
}

static void
handle_websocket (SoupServer              *server,
                  SoupServerMessage       *msg,
                  const char              *path,
                  SoupWebsocketConnection *ws,
                  gpointer                 user_data)
{
  HearthSimShellyDevice *self = user_data;

  if (self->refuse_websockets > 0)
    {
      self->refuse_websockets--;
      soup_websocket_connection_close (ws, SOUP_WEBSOCKET_CLOSE_SERVER_ERROR, "refused (simulated)");
      return;
    }

  g_signal_connect_object (ws, "message", G_CALLBACK (on_ws_message), self, 0);
}

/* HearthSimDevice ------------------------------------------------------------ */

static void
hearth_sim_shelly_device_setup (HearthSimDevice *device,
                                SoupServer      *server)
{
  HearthSimShellyDevice *self = HEARTH_SIM_SHELLY_DEVICE (device);

  self->started_at = g_get_monotonic_time ();
  self->meter_at = self->started_at;
  /* The address is known now */
  json_object_set_string_member (get_object (self->status, "wifi"), "sta_ip",
                                 hearth_sim_device_get_address (device));

  hearth_sim_device_add_handler (device, "/shelly", handle_shelly, self, NULL);
  hearth_sim_device_add_handler (device, "/rpc", handle_rpc, self, NULL);
  hearth_sim_device_add_websocket_handler (device, "/rpc", handle_websocket, self, NULL);
}

static void
hearth_sim_shelly_device_list_services (HearthSimDevice *device,
                                        GPtrArray       *services)
{
  HearthSimShellyDevice *self = HEARTH_SIM_SHELLY_DEVICE (device);
  const char *id = hearth_sim_device_get_id (device);
  g_autofree char *gen = g_strdup ("gen=2");
  g_autofree char *app = g_strdup_printf ("app=%s", self->variant->app);
  g_autofree char *ver = g_strdup ("ver=" FIRMWARE_VERSION);
  g_autofree char *id_txt = g_strdup_printf ("id=%s", id);
  const char *txt[] = { gen, app, ver, id_txt, NULL };

  g_ptr_array_add (services, hearth_sim_service_new ("_shelly._tcp", id, txt));
  g_ptr_array_add (services, hearth_sim_service_new ("_http._tcp", id, txt));
}

static JsonNode *
hearth_sim_shelly_device_get_sim_state (HearthSimDevice *device)
{
  HearthSimShellyDevice *self = HEARTH_SIM_SHELLY_DEVICE (device);

  refresh_sys (self);
  return hearth_sim_object_node (object_copy (self->status));
}

static gboolean
apply_sim_controls (HearthSimShellyDevice  *self,
                    JsonObject             *sim,
                    GError                **error)
{
  gboolean flag;
  double number;

  if (get_number (sim, "refuse_websockets", &number))
    self->refuse_websockets = (guint) CLAMP (number, 0, 1000);

  if (get_bool (sim, "mute_websockets", &flag))
    self->mute_websockets = flag;

  if (get_bool (sim, "drop_websockets", &flag) && flag)
    {
      GPtrArray *websockets = hearth_sim_device_get_websockets (HEARTH_SIM_DEVICE (self));
      g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = 0; websockets != NULL && i < websockets->len; i++)
        g_ptr_array_add (all, g_object_ref (g_ptr_array_index (websockets, i)));
      for (guint i = 0; i < all->len; i++)
        if (soup_websocket_connection_get_state (g_ptr_array_index (all, i)) == SOUP_WEBSOCKET_STATE_OPEN)
          soup_websocket_connection_close (g_ptr_array_index (all, i),
                                           SOUP_WEBSOCKET_CLOSE_GOING_AWAY, "dropped (simulated)");
    }

  return TRUE;
}

/* A person at the device: buttons, a sensor reading, the device's own app */
static gboolean
hearth_sim_shelly_device_set_sim_state (HearthSimDevice  *device,
                                        JsonObject       *changes,
                                        GError          **error)
{
  HearthSimShellyDevice *self = HEARTH_SIM_SHELLY_DEVICE (device);
  g_autoptr(JsonObject) before = object_copy (self->status);
  gboolean config_touched = FALSE;
  JsonObjectIter iter;
  const char *key;
  JsonNode *member;

  /* Check everything before changing anything */
  json_object_iter_init_ordered (&iter, changes);
  while (json_object_iter_next_ordered (&iter, &key, &member))
    {
      if (g_str_equal (key, "sim") || g_str_equal (key, "config"))
        {
          if (!JSON_NODE_HOLDS_OBJECT (member))
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           "“%s” must be an object", key);
              return FALSE;
            }
          continue;
        }

      if (get_object (self->status, key) == NULL || !JSON_NODE_HOLDS_OBJECT (member))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       "“%s” is not a component of this device, or its change is not an object", key);
          return FALSE;
        }
    }

  update_meters (self);

  json_object_iter_init_ordered (&iter, changes);
  while (json_object_iter_next_ordered (&iter, &key, &member))
    {
      JsonObject *overlay = json_node_get_object (member);
      JsonObject *component;
      g_autoptr(JsonObject) rest = NULL;
      gboolean on;
      double number;

      if (g_str_equal (key, "sim"))
        {
          if (!apply_sim_controls (self, overlay, error))
            return FALSE;
          continue;
        }

      if (g_str_equal (key, "config"))
        {
          merge (self->config, overlay);
          config_touched = TRUE;
          continue;
        }

      component = get_object (self->status, key);
      rest = object_copy (overlay);

      /* Names live in the configuration */
      if (json_object_has_member (rest, "name"))
        {
          JsonObject *config = get_object (self->config, key);

          if (config != NULL)
            {
              json_object_set_member (config, "name", deep_copy (json_object_get_member (rest, "name")));
              config_touched = TRUE;
            }
          json_object_remove_member (rest, "name");
        }

      /* A cover given a target starts moving there */
      if (g_str_has_prefix (key, "cover:") && get_number (rest, "target_pos", &number))
        {
          json_object_remove_member (rest, "target_pos");
          merge (component, rest);
          cover_start (self, component, (int) round (number), "button");
          continue;
        }

      merge (component, rest);
      if (json_object_get_size (rest) > 0)
        json_object_set_string_member (component, "source", "button");

      if (g_str_has_prefix (key, "cover:") && json_object_has_member (rest, "current_pos"))
        cover_stop (self, component, "button");

      if (get_number (rest, "tC", &number))
        {
          json_object_set_double_member (component, "tC", round1 (number));
          json_object_set_double_member (component, "tF", round1 (number * 9.0 / 5.0 + 32.0));
        }

      if (get_bool (component, "output", &on) &&
          !json_object_has_member (rest, "apower"))
        update_power (self, component, on,
                      g_str_has_prefix (key, "switch:") ? self->variant->load_w
                                                        : light_load (self, component));
    }

  if (config_touched)
    config_changed (self);
  else
    commit (self, before);

  return TRUE;
}

static void
hearth_sim_shelly_device_dispose (GObject *object)
{
  HearthSimShellyDevice *self = HEARTH_SIM_SHELLY_DEVICE (object);

  g_clear_handle_id (&self->cover_timer, g_source_remove);

  G_OBJECT_CLASS (hearth_sim_shelly_device_parent_class)->dispose (object);
}

static void
hearth_sim_shelly_device_finalize (GObject *object)
{
  HearthSimShellyDevice *self = HEARTH_SIM_SHELLY_DEVICE (object);

  g_clear_pointer (&self->status, json_object_unref);
  g_clear_pointer (&self->config, json_object_unref);
  g_queue_clear_full (&self->nonces, g_free);
  g_free (self->mac);

  G_OBJECT_CLASS (hearth_sim_shelly_device_parent_class)->finalize (object);
}

static void
hearth_sim_shelly_device_class_init (HearthSimShellyDeviceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  HearthSimDeviceClass *device_class = HEARTH_SIM_DEVICE_CLASS (klass);

  object_class->dispose = hearth_sim_shelly_device_dispose;
  object_class->finalize = hearth_sim_shelly_device_finalize;

  device_class->family = "shelly";
  device_class->setup = hearth_sim_shelly_device_setup;
  device_class->list_services = hearth_sim_shelly_device_list_services;
  device_class->get_sim_state = hearth_sim_shelly_device_get_sim_state;
  device_class->set_sim_state = hearth_sim_shelly_device_set_sim_state;
}

static void
hearth_sim_shelly_device_init (HearthSimShellyDevice *self)
{
  g_queue_init (&self->nonces);
}

HearthSimDevice *
hearth_sim_shelly_new (const char *variant,
                       guint       index,
                       const char *name)
{
  const Variant *v;
  HearthSimShellyDevice *self;
  g_autofree char *id = NULL;
  g_autofree char *lower = NULL;

  v = hearth_sim_find_variant (variants, G_N_ELEMENTS (variants), sizeof variants[0], variant);
  if (v == NULL)
    return NULL;

  self = g_object_new (HEARTH_TYPE_SIM_SHELLY_DEVICE, NULL);
  self->variant = v;
  self->index = index;
  self->mac = g_strdup_printf ("%s%04X", v->mac_prefix, index & 0xffff);
  lower = g_ascii_strdown (self->mac, -1);
  id = g_strdup_printf ("%s-%s", v->id_prefix, lower);

  /* An unnamed Shelly reports "name": null */
  g_object_set (self, "id", id, "name", name, NULL);
  build_state (self, name);

  return HEARTH_SIM_DEVICE (self);
}
