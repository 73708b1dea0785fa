/* hearth-sim-wled.c: a simulated WLED controller
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Variants:
 *   "esp32"   (default) WLED 0.15.0 on an ESP32 driving a 30-LED RGB strip
 *             (leds.lc 1), with three presets in /presets.json (one of them
 *             named like an effect), at most 4 WebSocket clients.
 *   "esp8266" WLED 0.14.4 on an ESP8266 driving an RGB + white + CCT
 *             (analog five-channel) strip (leds.lc 7, so colours are
 *             [r,g,b,w] and seg.cct matters), no presets file (404), at most
 *             2 WebSocket clients.
 * Both answer with the fields, types and nesting of the real captures in
 * tests/fixtures/wled/ (info.leds{count,pwr,fps,maxpwr,maxseg,seglc,lc,rgbw,
 * wv,cct}, fs{u,t,pmt}, wifi, arch, core, ...). The effect list is shorter
 * than a real build's but has the same reserved names ("RSVD", "-").
 *
 * Speaks, on the device's own port:
 *   GET  /json            {state, info, effects, palettes}
 *   GET  /json/si         {state, info}
 *   GET  /json/state, /json/info, /json/eff, /json/pal, /json/nodes
 *   GET  /presets.json    presets keyed by id ("0" is the empty first entry)
 *   POST /json/state, /json   the JSON API: on (bool or "t"), bri (0 = off),
 *                         transition, tt, ps (1–250), nl, seg (object = the
 *                         selected segments, array = by id) with col
 *                         ([r,g,b(,w)], "RRGGBB(WW)", {"r",…}), fx (number, "r",
 *                         "~", "~-"), sx, ix, pal, cct (0–255, or 1900–10091 K),
 *                         on, bri. With "v":true the answer is the new state
 *                         (POST /json: state, info, effects, palettes),
 *                         otherwise {"success":true}; bad JSON is 400
 *                         {"error":9}. Setting bri on a light that is off
 *                         turns it on, as the firmware does; colour, effect
 *                         and cct changes end the active preset (ps -1).
 *   WS   /ws              on connect and after every state change (made by
 *                         any client, over HTTP, the WebSocket or POST
 *                         /sim/state) every client gets {"state":…,"info":…}
 *                         at once (the firmware's 1 s cooldown is left out).
 *                         A text starting with 'p' is answered "pong"; a JSON
 *                         object is applied like a POST, and {"v":true}
 *                         answers state+info to that client. A new client
 *                         beyond the variant's limit closes the oldest one.
 *                         info.ws counts the clients.
 *
 * /sim/state: GET answers exactly what GET /json/state answers. POST takes
 * what POST /json/state takes and merges it the same way ({"on":false},
 * {"bri":40}, {"seg":[{"id":0,"col":[[0,0,255]]}]}, {"ps":1}), as the
 * device's own button or app would, and pushes to WebSocket clients. One
 * key exists only here: "ws": "drop" closes every WebSocket (code 1011, as
 * if the firmware dropped it), "refuse" also closes every new one at once
 * (code 1013, what a firmware out of memory sends), "mute" keeps them open
 * but sends nothing more, not even "pong" (a half-dead connection),
 * "accept" undoes "refuse" and "mute".
 *
 * mDNS: _wled._tcp (TXT mac=<12 lowercase hex>) and _http._tcp, both with
 * instance name "wled-XXXXXX" (the MAC's last 6 hex digits), the firmware's
 * default mDNS name.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "hearth-sim-families.h"

/* RFC 6455 §7.4: what WLED sends when it runs out of memory */
#define WS_CLOSE_TRY_AGAIN_LATER 1013

#define HEARTH_TYPE_SIM_WLED_DEVICE (hearth_sim_wled_device_get_type ())
G_DECLARE_FINAL_TYPE (HearthSimWledDevice, hearth_sim_wled_device,
                      HEARTH, SIM_WLED_DEVICE, HearthSimDevice)

typedef struct
{
  const char *name;
  const char *mac_prefix;   /* 8 hex digits; the index fills the rest */
  const char *ver;
  gint64      vid;
  const char *cn;           /* release code name (0.15 only), or NULL */
  const char *release;      /* (0.15 only), or NULL */
  const char *arch;
  const char *core;
  int         clock;        /* MHz, 0 = not reported (0.14) */
  int         flash;        /* MB, 0 = not reported */
  gint64      freeheap;
  int         led_count;
  guint       lc;           /* 1 RGB, 2 white, 4 CCT */
  int         max_ws;
  gboolean    presets;
} Variant;

static const Variant variants[] = {
  { "esp32", "c8c9a310", "0.15.0", 2412100, "K\xc5\x8dsen", "ESP32", "esp32",
    "v3.3.6-16-gcc5440f6a2", 240, 4, 180364, 30, 1, 4, TRUE },
  { "esp8266", "5ccf7f20", "0.14.4", 2405180, NULL, NULL, "esp8266",
    "2_7_4_7", 0, 0, 21648, 60, 7, 2, FALSE },
};

/* A real build has 187; the shape (reserved names included) is what matters */
static const char *effects[] = {
  "Solid", "Blink", "Breathe", "Wipe", "Wipe Random", "Random Colors",
  "Sweep", "Dynamic", "Colorloop", "Rainbow", "Scan", "Scan Dual", "Fade",
  "Theater", "Theater Rainbow", "Running", "Saw", "Twinkle", "Dissolve",
  "Dissolve Rnd", "Sparkle", "RSVD", "-", "Fireworks", "Rain", "Fire 2012",
  "RSVD", "Candle",
};

static const char *palettes[] = {
  "Default", "* Random Cycle", "* Color 1", "* Colors 1&2", "* Color Gradient",
  "* Colors Only", "Party", "Cloud", "Lava", "Ocean", "Forest", "Rainbow",
  "Rainbow Bands", "Sunset",
};

/* /presets.json of the "esp32" variant; "Rainbow" is also an effect name */
static const char presets_json[] =
  "{\"0\":{},"
  "\"1\":{\"n\":\"Evening\",\"on\":true,\"bri\":90,\"transition\":7,\"mainseg\":0,"
  "\"seg\":[{\"id\":0,\"start\":0,\"stop\":30,\"grp\":1,\"spc\":0,\"of\":0,\"on\":true,"
  "\"frz\":false,\"bri\":255,\"cct\":127,\"col\":[[255,147,41],[0,0,0],[0,0,0]],"
  "\"fx\":0,\"sx\":128,\"ix\":128,\"pal\":0,\"sel\":true,\"rev\":false,\"mi\":false}]},"
  "\"2\":{\"n\":\"Party\",\"on\":true,\"bri\":200,\"seg\":[{\"id\":0,\"fx\":8,\"sx\":200,\"pal\":6}]},"
  "\"3\":{\"n\":\"Rainbow\",\"on\":true,\"seg\":[{\"id\":0,\"fx\":9}]}}";

typedef struct
{
  int      col[3][4];
  int      fx;
  int      sx;
  int      ix;
  int      pal;
  int      cct;
  gboolean on;
  int      bri;
} Segment;

struct _HearthSimWledDevice
{
  HearthSimDevice  parent_instance;

  const Variant   *variant;
  guint            index;
  char            *mac;

  gboolean         on;
  int              bri;          /* the last brightness that was not 0 */
  int              transition;
  int              ps;
  gboolean         nl_on;
  int              nl_dur;
  Segment          seg;

  JsonNode        *presets;
  gint64           pmt;
  gint64           started;      /* monotonic µs */

  GPtrArray       *clients;      /* SoupWebsocketConnection, oldest first */
  gboolean         refuse_ws;
  gboolean         mute_ws;
  guint            push_source;
};

G_DEFINE_FINAL_TYPE (HearthSimWledDevice, hearth_sim_wled_device, HEARTH_TYPE_SIM_DEVICE)

/* Serialising, in the firmware's key order */

static JsonNode *
build_state (HearthSimWledDevice *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  gboolean rgbw = (self->variant->lc & 2) != 0;
  int count = self->variant->led_count;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "on");
  json_builder_add_boolean_value (b, self->on);
  json_builder_set_member_name (b, "bri");
  json_builder_add_int_value (b, self->bri);
  json_builder_set_member_name (b, "transition");
  json_builder_add_int_value (b, self->transition);
  json_builder_set_member_name (b, "ps");
  json_builder_add_int_value (b, self->ps);
  json_builder_set_member_name (b, "pl");
  json_builder_add_int_value (b, -1);
  if (self->variant->cn != NULL)
    {
      json_builder_set_member_name (b, "ledmap");
      json_builder_add_int_value (b, 0);
    }
  json_builder_set_member_name (b, "nl");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "on");
  json_builder_add_boolean_value (b, self->nl_on);
  json_builder_set_member_name (b, "dur");
  json_builder_add_int_value (b, self->nl_dur);
  json_builder_set_member_name (b, "mode");
  json_builder_add_int_value (b, 1);
  json_builder_set_member_name (b, "tbri");
  json_builder_add_int_value (b, 0);
  json_builder_set_member_name (b, "rem");
  json_builder_add_int_value (b, -1);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "udpn");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "send");
  json_builder_add_boolean_value (b, FALSE);
  json_builder_set_member_name (b, "recv");
  json_builder_add_boolean_value (b, TRUE);
  json_builder_set_member_name (b, "sgrp");
  json_builder_add_int_value (b, 1);
  json_builder_set_member_name (b, "rgrp");
  json_builder_add_int_value (b, 1);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "lor");
  json_builder_add_int_value (b, 0);
  json_builder_set_member_name (b, "mainseg");
  json_builder_add_int_value (b, 0);

  json_builder_set_member_name (b, "seg");
  json_builder_begin_array (b);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_int_value (b, 0);
  json_builder_set_member_name (b, "start");
  json_builder_add_int_value (b, 0);
  json_builder_set_member_name (b, "stop");
  json_builder_add_int_value (b, count);
  json_builder_set_member_name (b, "len");
  json_builder_add_int_value (b, count);
  json_builder_set_member_name (b, "grp");
  json_builder_add_int_value (b, 1);
  json_builder_set_member_name (b, "spc");
  json_builder_add_int_value (b, 0);
  json_builder_set_member_name (b, "of");
  json_builder_add_int_value (b, 0);
  json_builder_set_member_name (b, "on");
  json_builder_add_boolean_value (b, self->seg.on);
  json_builder_set_member_name (b, "frz");
  json_builder_add_boolean_value (b, FALSE);
  json_builder_set_member_name (b, "bri");
  json_builder_add_int_value (b, self->seg.bri);
  json_builder_set_member_name (b, "cct");
  json_builder_add_int_value (b, self->seg.cct);
  json_builder_set_member_name (b, "set");
  json_builder_add_int_value (b, 0);
  json_builder_set_member_name (b, "col");
  json_builder_begin_array (b);
  for (guint i = 0; i < 3; i++)
    {
      json_builder_begin_array (b);
      for (guint c = 0; c < (rgbw ? 4 : 3); c++)
        json_builder_add_int_value (b, self->seg.col[i][c]);
      json_builder_end_array (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "fx");
  json_builder_add_int_value (b, self->seg.fx);
  json_builder_set_member_name (b, "sx");
  json_builder_add_int_value (b, self->seg.sx);
  json_builder_set_member_name (b, "ix");
  json_builder_add_int_value (b, self->seg.ix);
  json_builder_set_member_name (b, "pal");
  json_builder_add_int_value (b, self->seg.pal);
  json_builder_set_member_name (b, "c1");
  json_builder_add_int_value (b, 128);
  json_builder_set_member_name (b, "c2");
  json_builder_add_int_value (b, 128);
  json_builder_set_member_name (b, "c3");
  json_builder_add_int_value (b, 16);
  json_builder_set_member_name (b, "sel");
  json_builder_add_boolean_value (b, TRUE);
  json_builder_set_member_name (b, "rev");
  json_builder_add_boolean_value (b, FALSE);
  json_builder_set_member_name (b, "mi");
  json_builder_add_boolean_value (b, FALSE);
  json_builder_set_member_name (b, "o1");
  json_builder_add_boolean_value (b, FALSE);
  json_builder_set_member_name (b, "o2");
  json_builder_add_boolean_value (b, FALSE);
  json_builder_set_member_name (b, "o3");
  json_builder_add_boolean_value (b, FALSE);
  json_builder_set_member_name (b, "si");
  json_builder_add_int_value (b, 0);
  json_builder_set_member_name (b, "m12");
  json_builder_add_int_value (b, 0);
  json_builder_end_object (b);
  json_builder_end_array (b);
  json_builder_end_object (b);

  return json_builder_get_root (b);
}

static void
add_int (JsonBuilder *b,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_int_value (b, value);
}

static void
add_string (JsonBuilder *b,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_string_value (b, value);
}

static void
add_bool (JsonBuilder *b,
          const char  *name,
          gboolean     value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_boolean_value (b, value);
}

static JsonNode *
build_info (HearthSimWledDevice *self)
{
  HearthSimDevice *device = HEARTH_SIM_DEVICE (self);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *time = NULL;
  g_autofree char *bssid = NULL;
  const Variant *v = self->variant;
  const char *address = hearth_sim_device_get_address (device);
  gint64 uptime = (g_get_monotonic_time () - self->started) / G_USEC_PER_SEC;
  /* Roughly what the firmware estimates: 55 mA per white LED at full */
  gint64 pwr = self->on ? 20 * v->led_count + (gint64) self->bri * v->led_count / 20 : 0;

  time = g_strdup_printf ("%d-%d-%d, %02d:%02d:%02d",
                          g_date_time_get_year (now), g_date_time_get_month (now),
                          g_date_time_get_day_of_month (now), g_date_time_get_hour (now),
                          g_date_time_get_minute (now), g_date_time_get_second (now));
  bssid = g_strdup_printf ("82:22:1D:9A:7F:%02X", 0x60 + (self->index & 0x1f));

  json_builder_begin_object (b);
  add_string (b, "ver", v->ver);
  add_int (b, "vid", v->vid);
  if (v->cn != NULL)
    add_string (b, "cn", v->cn);
  if (v->release != NULL)
    add_string (b, "release", v->release);

  json_builder_set_member_name (b, "leds");
  json_builder_begin_object (b);
  add_int (b, "count", v->led_count);
  add_int (b, "pwr", pwr);
  add_int (b, "fps", self->seg.fx == 0 ? 3 : 42);
  add_int (b, "maxpwr", 850);
  add_int (b, "maxseg", v->max_ws > 2 ? 32 : 16);
  if (v->cn != NULL)
    add_int (b, "bootps", 0);
  json_builder_set_member_name (b, "seglc");
  json_builder_begin_array (b);
  json_builder_add_int_value (b, v->lc);
  json_builder_end_array (b);
  add_int (b, "lc", v->lc);
  add_bool (b, "rgbw", (v->lc & 2) != 0);
  add_int (b, "wv", v->lc & 2);
  add_int (b, "cct", v->lc & 4);
  json_builder_end_object (b);

  add_bool (b, "str", FALSE);
  add_string (b, "name", hearth_sim_device_get_name (device));
  add_int (b, "udpport", 21324);
  if (v->cn != NULL)
    add_bool (b, "simplifiedui", FALSE);
  add_bool (b, "live", FALSE);
  add_int (b, "liveseg", -1);
  add_string (b, "lm", "");
  add_string (b, "lip", "");
  add_int (b, "ws", self->clients->len);
  add_int (b, "fxcount", G_N_ELEMENTS (effects));
  add_int (b, "palcount", G_N_ELEMENTS (palettes));
  add_int (b, "cpalcount", 0);
  json_builder_set_member_name (b, "maps");
  json_builder_begin_array (b);
  json_builder_begin_object (b);
  add_int (b, "id", 0);
  json_builder_end_object (b);
  json_builder_end_array (b);

  json_builder_set_member_name (b, "wifi");
  json_builder_begin_object (b);
  add_string (b, "bssid", bssid);
  add_int (b, "rssi", -56);
  add_int (b, "signal", 88);
  add_int (b, "channel", 6);
  if (v->cn != NULL)
    add_bool (b, "ap", FALSE);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "fs");
  json_builder_begin_object (b);
  add_int (b, "u", self->presets ? 12 : 8);
  add_int (b, "t", v->max_ws > 2 ? 983 : 1002);
  add_int (b, "pmt", self->pmt);
  json_builder_end_object (b);

  add_int (b, "ndc", 1);
  add_string (b, "arch", v->arch);
  add_string (b, "core", v->core);
  if (v->clock > 0)
    add_int (b, "clock", v->clock);
  if (v->flash > 0)
    add_int (b, "flash", v->flash);
  add_int (b, "lwip", v->max_ws > 2 ? 0 : 2);
  add_int (b, "freeheap", v->freeheap);
  add_int (b, "uptime", uptime);
  add_string (b, "time", time);
  add_int (b, "opt", 79);
  add_string (b, "brand", "WLED");
  add_string (b, "product", "FOSS");
  add_string (b, "mac", self->mac);
  add_string (b, "ip", (address == NULL || g_str_equal (address, "0.0.0.0"))
                       ? "127.0.0.1" : address);
  json_builder_end_object (b);

  return json_builder_get_root (b);
}

static JsonNode *
build_names (const char **names,
             guint        n)
{
  JsonArray *array = json_array_sized_new (n);
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  for (guint i = 0; i < n; i++)
    json_array_add_string_element (array, names[i]);
  json_node_take_array (node, array);
  return node;
}

/* @full: also effects and palettes (GET /json) */
static JsonNode *
build_state_info (HearthSimWledDevice *self,
                  gboolean             full)
{
  JsonObject *object = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_member (object, "state", build_state (self));
  json_object_set_member (object, "info", build_info (self));
  if (full)
    {
      json_object_set_member (object, "effects", build_names (effects, G_N_ELEMENTS (effects)));
      json_object_set_member (object, "palettes", build_names (palettes, G_N_ELEMENTS (palettes)));
    }
  json_node_take_object (node, object);
  return node;
}

/* WebSocket pushes */

static void
send_node (SoupWebsocketConnection *connection,
           JsonNode                *node)
{
  g_autofree char *text = NULL;

  if (soup_websocket_connection_get_state (connection) != SOUP_WEBSOCKET_STATE_OPEN)
    return;
  text = json_to_string (node, FALSE);
  soup_websocket_connection_send_text (connection, text);
}

static gboolean
push_now (gpointer user_data)
{
  HearthSimWledDevice *self = user_data;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GPtrArray) clients = NULL;

  self->push_source = 0;
  if (self->clients->len == 0 || self->mute_ws)
    return G_SOURCE_REMOVE;

  node = build_state_info (self, FALSE);
  /* Sending may close a connection and so change the list */
  clients = g_ptr_array_copy (self->clients, (GCopyFunc) g_object_ref, NULL);
  g_ptr_array_set_free_func (clients, g_object_unref);
  for (guint i = 0; i < clients->len; i++)
    send_node (g_ptr_array_index (clients, i), node);

  return G_SOURCE_REMOVE;
}

/* Every change made while handling one request goes out as one push, right
 * after it. */
static void
schedule_push (HearthSimWledDevice *self)
{
  if (self->push_source == 0)
    self->push_source = g_idle_add (push_now, self);
}

/* The JSON API */

static JsonArray *
member_array (JsonObject *object,
              const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return (node != NULL && JSON_NODE_HOLDS_ARRAY (node)) ? json_node_get_array (node) : NULL;
}

static JsonObject *
member_object (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return (node != NULL && JSON_NODE_HOLDS_OBJECT (node)) ? json_node_get_object (node) : NULL;
}

static int
int_value (JsonNode *node,
           int       fallback)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return fallback;
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      return (int) CLAMP (json_node_get_int (node), G_MININT, G_MAXINT);
    case G_TYPE_DOUBLE:
      return isnan (json_node_get_double (node)) ? fallback
             : (int) CLAMP (json_node_get_double (node), G_MININT, G_MAXINT);
    case G_TYPE_BOOLEAN:
      return json_node_get_boolean (node) ? 1 : 0;
    default:
      return fallback;
    }
}

static gboolean
set_int (int      *field,
         JsonNode *node,
         int       min,
         int       max)
{
  int value = int_value (node, G_MININT);

  if (value == G_MININT)
    return FALSE;
  value = CLAMP (value, min, max);
  if (*field == value)
    return FALSE;
  *field = value;
  return TRUE;
}

/* One colour slot: [r,g,b(,w)], "RRGGBB(WW)" or {"r":…,"g":…,"b":…,"w":…} */
static gboolean
parse_slot (JsonNode *node,
            int       out[4])
{
  int c[4] = { 0, 0, 0, 0 };

  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      guint n = json_array_get_length (array);

      /* An empty slot leaves the colour alone, as the firmware does */
      if (n == 0)
        return FALSE;
      for (guint i = 0; i < MIN (n, 4); i++)
        c[i] = CLAMP (int_value (json_array_get_element (array, i), 0), 0, 255);
    }
  else if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      static const char *keys[] = { "r", "g", "b", "w" };

      for (guint i = 0; i < 4; i++)
        c[i] = CLAMP (int_value (json_object_get_member (object, keys[i]), 0), 0, 255);
    }
  else if (JSON_NODE_HOLDS_VALUE (node) &&
           json_node_get_value_type (node) == G_TYPE_STRING)
    {
      const char *hex = json_node_get_string (node);
      gsize len = strlen (hex);

      if (len != 6 && len != 8)
        return FALSE;
      for (gsize i = 0; i < len; i++)
        if (!g_ascii_isxdigit (hex[i]))
          return FALSE;
      for (guint i = 0; i < len / 2; i++)
        c[i] = g_ascii_xdigit_value (hex[2 * i]) * 16 + g_ascii_xdigit_value (hex[2 * i + 1]);
    }
  else
    return FALSE;

  memcpy (out, c, sizeof c);
  return TRUE;
}

static gboolean
apply_segment (HearthSimWledDevice *self,
               JsonObject          *elem)
{
  Segment *seg = &self->seg;
  gboolean changed = FALSE;
  gboolean look = FALSE;
  JsonNode *node;
  JsonArray *col;

  if ((col = member_array (elem, "col")) != NULL)
    for (guint i = 0; i < MIN (json_array_get_length (col), 3); i++)
      {
        int c[4];

        if (parse_slot (json_array_get_element (col, i), c) &&
            memcmp (c, seg->col[i], sizeof c) != 0)
          {
            memcpy (seg->col[i], c, sizeof c);
            look = TRUE;
          }
      }

  if ((node = json_object_get_member (elem, "fx")) != NULL)
    {
      int n = G_N_ELEMENTS (effects);
      int fx = seg->fx;

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        {
          const char *s = json_node_get_string (node);

          if (g_str_equal (s, "r"))
            fx = g_random_int_range (1, n);
          else if (g_str_equal (s, "~"))
            fx = (fx + 1) % n;
          else if (g_str_equal (s, "~-"))
            fx = (fx + n - 1) % n;
        }
      else
        fx = int_value (node, fx);
      /* Reserved ids are not effects: the firmware keeps the old one */
      if (fx >= 0 && fx < n && !g_str_equal (effects[fx], "RSVD") &&
          !g_str_equal (effects[fx], "-") && fx != seg->fx)
        {
          seg->fx = fx;
          look = TRUE;
        }
    }

  look |= set_int (&seg->sx, json_object_get_member (elem, "sx"), 0, 255);
  look |= set_int (&seg->ix, json_object_get_member (elem, "ix"), 0, 255);
  look |= set_int (&seg->pal, json_object_get_member (elem, "pal"), 0, G_N_ELEMENTS (palettes) - 1);

  if ((node = json_object_get_member (elem, "cct")) != NULL)
    {
      int cct = int_value (node, -1);

      if (cct >= 1900)
        cct = (MIN (cct, 10091) - 1900) >> 5;
      if (cct >= 0 && cct != seg->cct)
        {
          seg->cct = MIN (cct, 255);
          look = TRUE;
        }
    }

  if ((node = json_object_get_member (elem, "on")) != NULL &&
      JSON_NODE_HOLDS_VALUE (node))
    {
      gboolean on = seg->on;

      if (json_node_get_value_type (node) == G_TYPE_STRING &&
          g_str_equal (json_node_get_string (node), "t"))
        on = !on;
      else if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
        on = json_node_get_boolean (node);
      changed |= on != seg->on;
      seg->on = on;
    }
  changed |= set_int (&seg->bri, json_object_get_member (elem, "bri"), 0, 255);

  if (look)
    self->ps = -1;
  return changed || look;
}

static gboolean apply_json (HearthSimWledDevice *self,
                            JsonObject          *root,
                            guint                depth);

static gboolean
apply_preset (HearthSimWledDevice *self,
              int                  id,
              guint                depth)
{
  g_autofree char *key = g_strdup_printf ("%d", id);
  JsonObject *presets;
  JsonObject *preset;

  if (self->presets == NULL || depth > 0)
    return FALSE;
  presets = json_node_get_object (self->presets);
  preset = member_object (presets, key);
  if (preset == NULL || json_object_get_size (preset) == 0)
    return FALSE;

  apply_json (self, preset, depth + 1);
  self->ps = id;
  return TRUE;
}

/* The firmware's deserializeState(), for what a light needs. Returns
 * whether anything changed. */
static gboolean
apply_json (HearthSimWledDevice *self,
            JsonObject          *root,
            guint                depth)
{
  gboolean changed = FALSE;
  gboolean on = self->on;
  JsonNode *node;
  JsonNode *seg;

  if ((node = json_object_get_member (root, "bri")) != NULL)
    {
      int bri = int_value (node, -1);

      if (bri == 0)
        on = FALSE;
      else if (bri > 0)
        {
          changed |= MIN (bri, 255) != self->bri;
          self->bri = MIN (bri, 255);
          /* bri alone turns the light on */
          on = TRUE;
        }
    }

  if ((node = json_object_get_member (root, "on")) != NULL && JSON_NODE_HOLDS_VALUE (node))
    {
      if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
        on = json_node_get_boolean (node);
      else if (json_node_get_value_type (node) == G_TYPE_STRING &&
               g_str_equal (json_node_get_string (node), "t"))
        on = !self->on;
    }
  changed |= on != self->on;
  self->on = on;

  changed |= set_int (&self->transition, json_object_get_member (root, "transition"), 0, 65535);

  if ((node = json_object_get_member (root, "nl")) != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *nl = json_node_get_object (node);

      if (json_object_has_member (nl, "on"))
        {
          gboolean nl_on = int_value (json_object_get_member (nl, "on"), self->nl_on) != 0;

          changed |= nl_on != self->nl_on;
          self->nl_on = nl_on;
        }
      changed |= set_int (&self->nl_dur, json_object_get_member (nl, "dur"), 1, 255);
    }

  if ((seg = json_object_get_member (root, "seg")) != NULL)
    {
      if (JSON_NODE_HOLDS_OBJECT (seg))
        {
          JsonObject *elem = json_node_get_object (seg);

          /* Without an id: every selected segment, which is our only one */
          if (int_value (json_object_get_member (elem, "id"), 0) == 0)
            changed |= apply_segment (self, elem);
        }
      else if (JSON_NODE_HOLDS_ARRAY (seg))
        {
          JsonArray *array = json_node_get_array (seg);

          for (guint i = 0; i < json_array_get_length (array); i++)
            {
              JsonNode *e = json_array_get_element (array, i);

              if (JSON_NODE_HOLDS_OBJECT (e) &&
                  int_value (json_object_get_member (json_node_get_object (e), "id"), i) == 0)
                changed |= apply_segment (self, json_node_get_object (e));
            }
        }
    }

  if ((node = json_object_get_member (root, "ps")) != NULL)
    {
      int ps = int_value (node, -1);

      if (ps >= 1 && ps <= 250)
        changed |= apply_preset (self, ps, depth);
    }

  return changed;
}

static void
reply_json_error (SoupServerMessage *msg,
                  guint              status,
                  int                code)
{
  g_autofree char *body = g_strdup_printf ("{\"error\":%d}", code);

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY,
                                    body, strlen (body));
}

static void
on_json (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  HearthSimWledDevice *self = user_data;
  const char *method = soup_server_message_get_method (msg);
  const char *sub = path + strlen ("/json");
  g_autoptr(JsonNode) node = NULL;

  if (*sub == '/')
    sub++;

  if (g_str_equal (method, "POST"))
    {
      g_autoptr(JsonObject) root = NULL;

      if (*sub != '\0' && !g_str_equal (sub, "state") && !g_str_equal (sub, "si"))
        {
          reply_json_error (msg, 501, 4);
          return;
        }

      root = hearth_sim_read_json_object (msg);
      if (root == NULL)
        {
          reply_json_error (msg, 400, 9);
          return;
        }

      if (apply_json (self, root, 0))
        schedule_push (self);

      if (int_value (json_object_get_member (root, "v"), 0) != 0)
        node = g_str_equal (sub, "state") ? build_state (self)
               : build_state_info (self, *sub == '\0');
      else
        node = json_from_string ("{\"success\":true}", NULL);
      hearth_sim_reply_json (msg, node);
      return;
    }

  if (!g_str_equal (method, "GET") && !g_str_equal (method, "HEAD"))
    {
      soup_server_message_set_status (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, NULL);
      return;
    }

  if (*sub == '\0')
    node = build_state_info (self, TRUE);
  else if (g_str_equal (sub, "state"))
    node = build_state (self);
  else if (g_str_equal (sub, "info"))
    node = build_info (self);
  else if (g_str_equal (sub, "si"))
    node = build_state_info (self, FALSE);
  else if (g_str_equal (sub, "eff"))
    node = build_names (effects, G_N_ELEMENTS (effects));
  else if (g_str_equal (sub, "pal"))
    node = build_names (palettes, G_N_ELEMENTS (palettes));
  else if (g_str_equal (sub, "nodes"))
    node = json_from_string ("{\"nodes\":[]}", NULL);
  else
    {
      reply_json_error (msg, 501, 4);
      return;
    }

  hearth_sim_reply_json (msg, node);
}

static void
on_presets (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  HearthSimWledDevice *self = user_data;

  if (self->presets == NULL)
    {
      hearth_sim_reply_error (msg, SOUP_STATUS_NOT_FOUND, "Not Found");
      return;
    }
  hearth_sim_reply_json (msg, self->presets);
}

/* WebSocket /ws */

/* The base closes its tracked clients too when the device goes away */
static void
close_client (SoupWebsocketConnection *connection,
              gushort                  code)
{
  if (soup_websocket_connection_get_state (connection) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (connection, code, NULL);
}

static void on_ws_message (SoupWebsocketConnection *connection,
                           int                      type,
                           GBytes                  *message,
                           gpointer                 user_data);

/* Only our own handlers: the base watches "closed" too, with the same data */
static void
disconnect_client (HearthSimWledDevice     *self,
                   SoupWebsocketConnection *connection);

static void
on_ws_closed (SoupWebsocketConnection *connection,
              gpointer                 user_data)
{
  HearthSimWledDevice *self = user_data;

  disconnect_client (self, connection);
  g_ptr_array_remove (self->clients, connection);
}

static void
disconnect_client (HearthSimWledDevice     *self,
                   SoupWebsocketConnection *connection)
{
  g_signal_handlers_disconnect_by_func (connection, on_ws_message, self);
  g_signal_handlers_disconnect_by_func (connection, on_ws_closed, self);
}

static void
on_ws_message (SoupWebsocketConnection *connection,
               int                      type,
               GBytes                  *message,
               gpointer                 user_data)
{
  HearthSimWledDevice *self = user_data;
  g_autoptr(JsonParser) parser = NULL;
  gsize size;
  const char *data = g_bytes_get_data (message, &size);
  JsonNode *root;

  if (type != SOUP_WEBSOCKET_DATA_TEXT || size == 0 || self->mute_ws)
    return;

  /* The application-level heartbeat */
  if (data[0] == 'p')
    {
      soup_websocket_connection_send_text (connection, "pong");
      return;
    }

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, data, size, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return;   /* the firmware ignores what it cannot parse */

  if (apply_json (self, json_node_get_object (root), 0))
    schedule_push (self);
  else if (int_value (json_object_get_member (json_node_get_object (root), "v"), 0) != 0)
    {
      g_autoptr(JsonNode) node = build_state_info (self, FALSE);

      send_node (connection, node);
    }
}

static void
on_ws (SoupServer              *server,
       SoupServerMessage       *msg,
       const char              *path,
       SoupWebsocketConnection *connection,
       gpointer                 user_data)
{
  HearthSimWledDevice *self = user_data;
  g_autoptr(JsonNode) node = NULL;

  if (self->refuse_ws)
    {
      soup_websocket_connection_close (connection, WS_CLOSE_TRY_AGAIN_LATER, NULL);
      return;
    }

  /* A client beyond the limit makes room by closing the oldest one */
  while (self->clients->len >= (guint) self->variant->max_ws)
    {
      g_autoptr(SoupWebsocketConnection) oldest = g_object_ref (g_ptr_array_index (self->clients, 0));

      disconnect_client (self, oldest);
      g_ptr_array_remove_index (self->clients, 0);
      close_client (oldest, SOUP_WEBSOCKET_CLOSE_NORMAL);
    }

  g_ptr_array_add (self->clients, g_object_ref (connection));
  g_signal_connect (connection, "message", G_CALLBACK (on_ws_message), self);
  g_signal_connect (connection, "closed", G_CALLBACK (on_ws_closed), self);
  /* After ours: the base's "closed" handler disconnects every handler whose
   * data is the device, ours included */
  hearth_sim_device_track_websocket (HEARTH_SIM_DEVICE (self), connection);

  node = build_state_info (self, FALSE);
  send_node (connection, node);
}

static void
close_all_clients (HearthSimWledDevice *self,
                   gushort              code)
{
  while (self->clients->len > 0)
    {
      g_autoptr(SoupWebsocketConnection) connection = g_object_ref (g_ptr_array_index (self->clients, 0));

      disconnect_client (self, connection);
      g_ptr_array_remove_index (self->clients, 0);
      close_client (connection, code);
    }
}

/* HearthSimDevice */

static void
hearth_sim_wled_device_setup (HearthSimDevice *device,
                              SoupServer      *server)
{
  HearthSimWledDevice *self = HEARTH_SIM_WLED_DEVICE (device);

  hearth_sim_device_add_handler (device, "/json", on_json, self, NULL);
  hearth_sim_device_add_handler (device, "/presets.json", on_presets, self, NULL);
  soup_server_add_websocket_handler (server, "/ws", NULL, NULL, on_ws, self, NULL);
}

static void
hearth_sim_wled_device_list_services (HearthSimDevice *device,
                                      GPtrArray       *services)
{
  HearthSimWledDevice *self = HEARTH_SIM_WLED_DEVICE (device);
  g_autofree char *name = g_strdup_printf ("wled-%s", self->mac + 6);
  g_autofree char *mac = g_strdup_printf ("mac=%s", self->mac);
  const char *txt[] = { mac, NULL };

  g_ptr_array_add (services, hearth_sim_service_new ("_wled._tcp", name, txt));
  g_ptr_array_add (services, hearth_sim_service_new ("_http._tcp", name, NULL));
}

static JsonNode *
hearth_sim_wled_device_get_sim_state (HearthSimDevice *device)
{
  return build_state (HEARTH_SIM_WLED_DEVICE (device));
}

static gboolean
hearth_sim_wled_device_set_sim_state (HearthSimDevice  *device,
                                      JsonObject       *changes,
                                      GError          **error)
{
  HearthSimWledDevice *self = HEARTH_SIM_WLED_DEVICE (device);
  JsonNode *ws_node = json_object_get_member (changes, "ws");
  const char *ws = (ws_node != NULL && JSON_NODE_HOLDS_VALUE (ws_node))
                   ? json_node_get_string (ws_node) : NULL;

  if (json_object_has_member (changes, "ws"))
    {
      if (g_strcmp0 (ws, "drop") == 0)
        close_all_clients (self, SOUP_WEBSOCKET_CLOSE_SERVER_ERROR);
      else if (g_strcmp0 (ws, "refuse") == 0)
        {
          self->refuse_ws = TRUE;
          close_all_clients (self, WS_CLOSE_TRY_AGAIN_LATER);
        }
      else if (g_strcmp0 (ws, "mute") == 0)
        self->mute_ws = TRUE;
      else if (g_strcmp0 (ws, "accept") == 0)
        self->refuse_ws = self->mute_ws = FALSE;
      else
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       "\"ws\" takes \"drop\", \"refuse\", \"mute\" or \"accept\"");
          return FALSE;
        }
    }

  if (apply_json (self, changes, 0))
    schedule_push (self);
  return TRUE;
}

static void
hearth_sim_wled_device_dispose (GObject *object)
{
  HearthSimWledDevice *self = (HearthSimWledDevice *)object;

  g_clear_handle_id (&self->push_source, g_source_remove);
  if (self->clients != NULL)
    close_all_clients (self, SOUP_WEBSOCKET_CLOSE_GOING_AWAY);

  G_OBJECT_CLASS (hearth_sim_wled_device_parent_class)->dispose (object);
}

static void
hearth_sim_wled_device_finalize (GObject *object)
{
  HearthSimWledDevice *self = (HearthSimWledDevice *)object;

  g_clear_pointer (&self->clients, g_ptr_array_unref);
  g_clear_pointer (&self->presets, json_node_unref);
  g_clear_pointer (&self->mac, g_free);

  G_OBJECT_CLASS (hearth_sim_wled_device_parent_class)->finalize (object);
}

static void
hearth_sim_wled_device_class_init (HearthSimWledDeviceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  HearthSimDeviceClass *device_class = HEARTH_SIM_DEVICE_CLASS (klass);

  object_class->dispose = hearth_sim_wled_device_dispose;
  object_class->finalize = hearth_sim_wled_device_finalize;

  device_class->family = "wled";
  device_class->setup = hearth_sim_wled_device_setup;
  device_class->list_services = hearth_sim_wled_device_list_services;
  device_class->get_sim_state = hearth_sim_wled_device_get_sim_state;
  device_class->set_sim_state = hearth_sim_wled_device_set_sim_state;
}

static void
hearth_sim_wled_device_init (HearthSimWledDevice *self)
{
  self->clients = g_ptr_array_new_with_free_func (g_object_unref);
  self->started = g_get_monotonic_time ();

  /* A warm white strip at half brightness, as a fresh install looks after
   * a colour was picked */
  self->on = TRUE;
  self->bri = 128;
  self->transition = 7;
  self->ps = -1;
  self->nl_dur = 60;
  self->seg.on = TRUE;
  self->seg.bri = 255;
  self->seg.cct = 127;
  self->seg.col[0][0] = 255;
  self->seg.col[0][1] = 160;
  self->seg.col[0][2] = 0;
  self->seg.sx = 128;
  self->seg.ix = 128;
}

HearthSimDevice *
hearth_sim_wled_new (const char *variant,
                     guint       index,
                     const char *name)
{
  const Variant *v;
  HearthSimWledDevice *self;
  g_autofree char *mac = NULL;

  v = hearth_sim_find_variant (variants, G_N_ELEMENTS (variants), sizeof variants[0], variant);
  if (v == NULL)
    {
      g_printerr ("Unknown WLED variant “%s” (there are esp32 and esp8266)\n", variant);
      return NULL;
    }

  mac = g_strdup_printf ("%s%04x", v->mac_prefix, index & 0xffff);
  self = g_object_new (HEARTH_TYPE_SIM_WLED_DEVICE,
                       "id", mac,
                       "name", name ? name : "WLED",
                       NULL);
  self->variant = v;
  self->index = index;
  self->mac = g_steal_pointer (&mac);

  if (v->presets)
    {
      self->presets = json_from_string (presets_json, NULL);
      g_assert (self->presets != NULL);
      /* Seconds since the epoch when the file was last written */
      self->pmt = 1718827787 + index;
    }

  return HEARTH_SIM_DEVICE (self);
}
