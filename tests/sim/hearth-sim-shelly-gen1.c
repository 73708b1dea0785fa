/* hearth-sim-shelly-gen1.c: a simulated first-generation Shelly
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Variants (answers shaped like the captures in tests/fixtures/shelly-gen1):
 *   "plug-s"          (default) Shelly Plug S, SHPLG-S: relays[0] and a
 *                     meter (power while on; total in watt-minutes).
 *   "shelly25-roller" Shelly 2.5 in roller mode, SHSW-25: rollers[0]
 *                     (calibrated, positioning) and two meters; it moves
 *                     10 % every 100 ms.
 *   "rgbw2-color"     Shelly RGBW2, SHRGBW2, in colour mode: lights[0]
 *                     with red/green/blue/white/gain/effect; switched to
 *                     white mode (4 channels of brightness) by
 *                     /settings?mode=white.
 *   "dimmer"          Shelly Dimmer 2, SHDM-2: lights[0] with brightness,
 *                     and a meter.
 *   "ht"              Shelly H&T, SHHT-1: tmp, hum, bat (the real one
 *                     sleeps between readings; this one stays awake).
 *
 * Speaks plain HTTP GET with query strings (protocols.md §2):
 *   /shelly                     identity, never protected
 *   /settings[?mode=color|white] names, mode, login
 *   /status                     the whole state
 *   /relay/N[?turn=on|off|toggle]
 *   /light/N[?turn=…&brightness=0..100]
 *   /color/N[?turn=…&red=&green=&blue=&white=0..255&gain=0..100&effect=0..3]
 *   /white/N[?turn=…&brightness=0..100]
 *   /roller/N[?go=open|close|stop|to_pos&roller_pos=0..100]
 * each channel answering its own status. A parameter out of range or not
 * a number is refused with 400 and a text body, as the firmware does
 * ("Bad brightness!"); a channel the device does not have is 404.
 *
 * With the simulator's --password everything but /shelly wants HTTP Basic
 * (user "admin", or the one given with --user), /shelly says "auth":true, and a missing or wrong login
 * is 401 with WWW-Authenticate: Basic realm="<hostname>".
 *
 * /sim/state: GET answers what /status answers plus "name" and "mode".
 * POST merges a person's change at the device: "name", "mode"
 * ("color"/"white" for the RGBW2), "relays", "lights", "rollers" and
 * "meters" as lists of objects with the keys /status uses (entry N changes
 * channel N; {} leaves one alone), or for the H&T "tmp", "hum" and "bat"
 * as plain numbers.
 *
 * mDNS: _http._tcp only, instance name = the hostname ("shellyplug-s-
 * 0A0001"), no TXT (Gen1 announces none we know of; no "gen").
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "hearth-sim-families.h"

#define N_LIGHTS_MAX 4

#define HEARTH_TYPE_SIM_SHELLY_GEN1_DEVICE (hearth_sim_shelly_gen1_device_get_type ())
G_DECLARE_FINAL_TYPE (HearthSimShellyGen1Device, hearth_sim_shelly_gen1_device,
                      HEARTH, SIM_SHELLY_GEN1_DEVICE, HearthSimDevice)

typedef enum
{
  VARIANT_PLUG_S,
  VARIANT_ROLLER,
  VARIANT_RGBW2,
  VARIANT_DIMMER,
  VARIANT_HT,
} Variant;

typedef struct
{
  gboolean ison;
  int      brightness;
  int      red, green, blue, white;
  int      gain;
  int      effect;
} SimLight;

struct _HearthSimShellyGen1Device
{
  HearthSimDevice parent_instance;

  Variant   variant;
  char     *type;
  char     *mac;
  char     *hostname;
  char     *name;         /* NULL: none set */
  const char *fw;

  guint     n_relays;
  gboolean  relays[2];
  char     *relay_names[2];

  guint     n_meters;
  double    meter_power[2];
  double    meter_total[2];   /* watt-minutes */
  double    load;             /* W while on */

  gboolean  white_mode;       /* RGBW2 */
  SimLight  lights[N_LIGHTS_MAX];
  char     *light_names[N_LIGHTS_MAX];

  gboolean  has_roller;
  int       roller_pos;
  int       roller_target;
  const char *roller_state;   /* "stop", "open", "close" */
  const char *last_direction;
  guint     roller_source;

  double    tmp;
  double    hum;
  int       bat;
};

G_DEFINE_FINAL_TYPE (HearthSimShellyGen1Device, hearth_sim_shelly_gen1_device,
                     HEARTH_TYPE_SIM_DEVICE)

static guint
n_lights (HearthSimShellyGen1Device *self)
{
  switch (self->variant)
    {
    case VARIANT_RGBW2:
      return self->white_mode ? 4 : 1;
    case VARIANT_DIMMER:
      return 1;
    case VARIANT_PLUG_S:
    case VARIANT_ROLLER:
    case VARIANT_HT:
    default:
      return 0;
    }
}

static void
update_power (HearthSimShellyGen1Device *self)
{
  if (self->variant == VARIANT_PLUG_S)
    self->meter_power[0] = self->relays[0] ? self->load : 0.0;
  else if (self->variant == VARIANT_DIMMER)
    self->meter_power[0] = self->lights[0].ison ? self->load * self->lights[0].brightness / 100.0 : 0.0;
  else if (self->variant == VARIANT_ROLLER)
    {
      self->meter_power[0] = g_str_equal (self->roller_state, "open") ? self->load : 0.0;
      self->meter_power[1] = g_str_equal (self->roller_state, "close") ? self->load : 0.0;
    }
}

/* Building answers */

static JsonObject *
relay_status (HearthSimShellyGen1Device *self,
              guint                      i)
{
  JsonObject *object = json_object_new ();

  json_object_set_boolean_member (object, "ison", self->relays[i]);
  json_object_set_boolean_member (object, "has_timer", FALSE);
  json_object_set_int_member (object, "timer_started", 0);
  json_object_set_int_member (object, "timer_duration", 0);
  json_object_set_int_member (object, "timer_remaining", 0);
  json_object_set_boolean_member (object, "overpower", FALSE);
  json_object_set_string_member (object, "source", "http");
  return object;
}

static JsonObject *
light_status (HearthSimShellyGen1Device *self,
              guint                      i)
{
  JsonObject *object = json_object_new ();
  SimLight *light = &self->lights[i];

  json_object_set_boolean_member (object, "ison", light->ison);
  json_object_set_string_member (object, "source", "http");
  json_object_set_boolean_member (object, "has_timer", FALSE);
  json_object_set_int_member (object, "timer_started", 0);
  json_object_set_int_member (object, "timer_duration", 0);
  json_object_set_int_member (object, "timer_remaining", 0);
  if (self->variant == VARIANT_RGBW2 && !self->white_mode)
    {
      json_object_set_string_member (object, "mode", "color");
      json_object_set_int_member (object, "red", light->red);
      json_object_set_int_member (object, "green", light->green);
      json_object_set_int_member (object, "blue", light->blue);
      json_object_set_int_member (object, "white", light->white);
      json_object_set_int_member (object, "gain", light->gain);
      json_object_set_int_member (object, "effect", light->effect);
      json_object_set_int_member (object, "transition", 0);
      json_object_set_int_member (object, "power", 0);
      json_object_set_boolean_member (object, "overpower", FALSE);
    }
  else
    {
      json_object_set_string_member (object, "mode", "white");
      json_object_set_int_member (object, "brightness", light->brightness);
      json_object_set_int_member (object, "transition", 0);
      json_object_set_boolean_member (object, "overpower", FALSE);
    }
  return object;
}

static JsonObject *
roller_status (HearthSimShellyGen1Device *self)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "state", self->roller_state);
  json_object_set_string_member (object, "source", "http");
  json_object_set_int_member (object, "power", (gint64) (self->meter_power[0] + self->meter_power[1]));
  json_object_set_boolean_member (object, "is_valid", TRUE);
  json_object_set_boolean_member (object, "safety_switch", FALSE);
  json_object_set_boolean_member (object, "overtemperature", FALSE);
  json_object_set_string_member (object, "stop_reason", "normal");
  json_object_set_string_member (object, "last_direction", self->last_direction);
  json_object_set_int_member (object, "current_pos", self->roller_pos);
  json_object_set_boolean_member (object, "calibrating", FALSE);
  json_object_set_boolean_member (object, "positioning", TRUE);
  return object;
}

static JsonNode *
build_shelly (HearthSimShellyGen1Device *self)
{
  JsonObject *object = json_object_new ();
  gboolean auth = hearth_sim_device_get_password (HEARTH_SIM_DEVICE (self)) != NULL;

  json_object_set_string_member (object, "type", self->type);
  json_object_set_string_member (object, "mac", self->mac);
  json_object_set_boolean_member (object, "auth", auth);
  json_object_set_string_member (object, "fw", self->fw);
  json_object_set_boolean_member (object, "discoverable", TRUE);
  json_object_set_int_member (object, "longid", 1);
  if (self->variant != VARIANT_HT)
    json_object_set_int_member (object, "num_outputs",
                                self->variant == VARIANT_ROLLER ? 2 : MAX (self->n_relays, 1));
  if (self->n_meters > 0)
    json_object_set_int_member (object, "num_meters", self->n_meters);
  if (self->variant == VARIANT_ROLLER)
    {
      json_object_set_int_member (object, "num_rollers", 1);
      json_object_set_string_member (object, "mode", "roller");
    }
  if (self->variant == VARIANT_RGBW2)
    json_object_set_string_member (object, "mode", self->white_mode ? "white" : "color");
  /* The Plug S capture has its name here; the others do not */
  if (self->variant == VARIANT_PLUG_S && self->name != NULL)
    json_object_set_string_member (object, "name", self->name);

  return hearth_sim_object_node (object);
}

static void
set_name_member (JsonObject *object,
                 const char *name)
{
  if (name != NULL)
    json_object_set_string_member (object, "name", name);
  else
    json_object_set_null_member (object, "name");
}

static JsonNode *
build_settings (HearthSimShellyGen1Device *self)
{
  JsonObject *object = json_object_new ();
  JsonObject *device = json_object_new ();
  JsonObject *login = json_object_new ();
  gboolean auth = hearth_sim_device_get_password (HEARTH_SIM_DEVICE (self)) != NULL;

  json_object_set_string_member (device, "type", self->type);
  json_object_set_string_member (device, "mac", self->mac);
  json_object_set_string_member (device, "hostname", self->hostname);
  if (self->variant != VARIANT_HT)
    json_object_set_int_member (device, "num_outputs",
                                self->variant == VARIANT_ROLLER ? 2 : MAX (self->n_relays, 1));
  json_object_set_object_member (object, "device", device);

  json_object_set_boolean_member (login, "enabled", auth);
  json_object_set_boolean_member (login, "unprotected", FALSE);
  json_object_set_string_member (login, "username",
                                 hearth_sim_device_get_user (HEARTH_SIM_DEVICE (self)) != NULL
                                 ? hearth_sim_device_get_user (HEARTH_SIM_DEVICE (self)) : "admin");
  json_object_set_object_member (object, "login", login);

  set_name_member (object, self->name);
  json_object_set_string_member (object, "fw", self->fw);

  if (self->variant == VARIANT_ROLLER)
    json_object_set_string_member (object, "mode", "roller");
  if (self->variant == VARIANT_RGBW2)
    json_object_set_string_member (object, "mode", self->white_mode ? "white" : "color");

  if (self->n_relays > 0 || self->variant == VARIANT_ROLLER)
    {
      JsonArray *relays = json_array_new ();

      for (guint i = 0; i < MAX (self->n_relays, self->variant == VARIANT_ROLLER ? 2u : 0u); i++)
        {
          JsonObject *relay = json_object_new ();

          set_name_member (relay, i < 2 ? self->relay_names[i] : NULL);
          json_object_set_string_member (relay, "appliance_type", "General");
          json_object_set_boolean_member (relay, "ison", i < self->n_relays && self->relays[i]);
          json_object_set_string_member (relay, "default_state", "off");
          json_array_add_object_element (relays, relay);
        }
      json_object_set_array_member (object, "relays", relays);
    }

  if (n_lights (self) > 0)
    {
      JsonArray *lights = json_array_new ();

      for (guint i = 0; i < n_lights (self); i++)
        {
          JsonObject *light = json_object_new ();

          set_name_member (light, self->light_names[i]);
          json_object_set_boolean_member (light, "ison", self->lights[i].ison);
          json_object_set_string_member (light, "default_state", "last");
          json_array_add_object_element (lights, light);
        }
      json_object_set_array_member (object, "lights", lights);
    }

  if (self->has_roller)
    {
      JsonArray *rollers = json_array_new ();
      JsonObject *roller = json_object_new ();

      json_object_set_int_member (roller, "maxtime", 20);
      json_object_set_string_member (roller, "default_state", "stop");
      json_object_set_string_member (roller, "state", self->roller_state);
      json_object_set_boolean_member (roller, "positioning", TRUE);
      json_array_add_object_element (rollers, roller);
      json_object_set_array_member (object, "rollers", rollers);
    }

  return hearth_sim_object_node (object);
}

static JsonNode *
build_status (HearthSimShellyGen1Device *self)
{
  JsonObject *object = json_object_new ();
  JsonObject *wifi = json_object_new ();

  json_object_set_boolean_member (wifi, "connected", TRUE);
  json_object_set_string_member (wifi, "ssid", "Wifi-Network-Name");
  json_object_set_string_member (wifi, "ip", "192.0.2.50");
  json_object_set_int_member (wifi, "rssi", -58);
  json_object_set_object_member (object, "wifi_sta", wifi);
  json_object_set_string_member (object, "mac", self->mac);
  json_object_set_boolean_member (object, "has_update", FALSE);

  if (self->n_relays > 0)
    {
      JsonArray *relays = json_array_new ();

      for (guint i = 0; i < self->n_relays; i++)
        json_array_add_object_element (relays, relay_status (self, i));
      json_object_set_array_member (object, "relays", relays);
    }

  if (self->variant == VARIANT_RGBW2)
    json_object_set_string_member (object, "mode", self->white_mode ? "white" : "color");

  if (n_lights (self) > 0)
    {
      JsonArray *lights = json_array_new ();

      for (guint i = 0; i < n_lights (self); i++)
        json_array_add_object_element (lights, light_status (self, i));
      json_object_set_array_member (object, "lights", lights);
    }

  if (self->has_roller)
    {
      JsonArray *rollers = json_array_new ();

      json_array_add_object_element (rollers, roller_status (self));
      json_object_set_array_member (object, "rollers", rollers);
    }

  if (self->n_meters > 0)
    {
      JsonArray *meters = json_array_new ();

      for (guint i = 0; i < self->n_meters; i++)
        {
          JsonObject *meter = json_object_new ();

          json_object_set_double_member (meter, "power", self->meter_power[i]);
          json_object_set_boolean_member (meter, "overpower", FALSE);
          json_object_set_boolean_member (meter, "is_valid", TRUE);
          json_object_set_int_member (meter, "timestamp", 1707335841);
          json_object_set_int_member (meter, "total", (gint64) self->meter_total[i]);
          json_array_add_object_element (meters, meter);
        }
      json_object_set_array_member (object, "meters", meters);
    }

  if (self->variant == VARIANT_HT)
    {
      JsonObject *tmp = json_object_new ();
      JsonObject *hum = json_object_new ();
      JsonObject *bat = json_object_new ();

      json_object_set_double_member (tmp, "value", self->tmp);
      json_object_set_string_member (tmp, "units", "C");
      json_object_set_double_member (tmp, "tC", self->tmp);
      json_object_set_double_member (tmp, "tF", round ((self->tmp * 9.0 / 5.0 + 32.0) * 100) / 100);
      json_object_set_boolean_member (tmp, "is_valid", TRUE);
      json_object_set_object_member (object, "tmp", tmp);
      json_object_set_double_member (hum, "value", self->hum);
      json_object_set_boolean_member (hum, "is_valid", TRUE);
      json_object_set_object_member (object, "hum", hum);
      json_object_set_int_member (bat, "value", self->bat);
      json_object_set_double_member (bat, "voltage", 2.9);
      json_object_set_object_member (object, "bat", bat);
    }
  else
    {
      /* The chip's own temperature, as the captures have it */
      JsonObject *tmp = json_object_new ();

      json_object_set_double_member (tmp, "tC", 41.2);
      json_object_set_double_member (tmp, "tF", 106.16);
      json_object_set_boolean_member (tmp, "is_valid", TRUE);
      json_object_set_object_member (object, "tmp", tmp);
    }

  json_object_set_int_member (object, "uptime", 4242);
  return hearth_sim_object_node (object);
}

/* Requests */

static void
reply_bad (SoupServerMessage *msg,
           const char        *what)
{
  g_autofree char *body = g_strdup_printf ("Bad %s!", what);

  hearth_sim_reply_error (msg, SOUP_STATUS_BAD_REQUEST, body);
}

/* A query parameter as an integer in [min, max]; FALSE (and a 400 sent)
 * when it is there but not one */
static gboolean
query_int (GHashTable        *query,
           const char        *key,
           int                min,
           int                max,
           int               *value,
           gboolean          *present,
           SoupServerMessage *msg)
{
  const char *text = query != NULL ? g_hash_table_lookup (query, key) : NULL;
  gint64 number;

  *present = text != NULL;
  if (text == NULL)
    return TRUE;

  if (!g_ascii_string_to_signed (text, 10, min, max, &number, NULL))
    {
      reply_bad (msg, key);
      return FALSE;
    }
  *value = (int) number;
  return TRUE;
}

/* turn=on|off|toggle applied to *@ison; FALSE (and a 400) when bad */
static gboolean
query_turn (GHashTable        *query,
            gboolean          *ison,
            SoupServerMessage *msg)
{
  const char *turn = query != NULL ? g_hash_table_lookup (query, "turn") : NULL;

  if (turn == NULL)
    return TRUE;
  if (g_str_equal (turn, "on"))
    *ison = TRUE;
  else if (g_str_equal (turn, "off"))
    *ison = FALSE;
  else if (g_str_equal (turn, "toggle"))
    *ison = !*ison;
  else
    {
      reply_bad (msg, "turn");
      return FALSE;
    }
  return TRUE;
}

static gboolean
on_roller_tick (gpointer user_data)
{
  HearthSimShellyGen1Device *self = user_data;

  if (self->roller_pos < self->roller_target)
    self->roller_pos = MIN (self->roller_pos + 10, self->roller_target);
  else if (self->roller_pos > self->roller_target)
    self->roller_pos = MAX (self->roller_pos - 10, self->roller_target);

  if (self->roller_pos == self->roller_target)
    {
      self->roller_state = "stop";
      update_power (self);
      self->roller_source = 0;
      return G_SOURCE_REMOVE;
    }

  /* Energy while moving: W × 0.1 s in watt-minutes */
  self->meter_total[g_str_equal (self->roller_state, "open") ? 0 : 1] += self->load * 0.1 / 60.0;
  return G_SOURCE_CONTINUE;
}

static void
roller_go (HearthSimShellyGen1Device *self,
           int                        target)
{
  g_clear_handle_id (&self->roller_source, g_source_remove);

  self->roller_target = CLAMP (target, 0, 100);
  if (self->roller_target > self->roller_pos)
    self->roller_state = self->last_direction = "open";
  else if (self->roller_target < self->roller_pos)
    self->roller_state = self->last_direction = "close";
  else
    self->roller_state = "stop";
  update_power (self);

  if (!g_str_equal (self->roller_state, "stop"))
    self->roller_source = g_timeout_add (100, on_roller_tick, self);
}

static gboolean
authorized (HearthSimShellyGen1Device *self,
            SoupServerMessage         *msg)
{
  const char *password = hearth_sim_device_get_password (HEARTH_SIM_DEVICE (self));
  const char *user = hearth_sim_device_get_user (HEARTH_SIM_DEVICE (self));
  const char *header;
  g_autofree char *expected_plain = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *challenge = NULL;

  if (password == NULL)
    return TRUE;

  header = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                         "Authorization");
  expected_plain = g_strdup_printf ("%s:%s", user != NULL ? user : "admin", password);
  expected = g_base64_encode ((const guchar *) expected_plain, strlen (expected_plain));
  if (header != NULL && g_ascii_strncasecmp (header, "Basic ", 6) == 0 &&
      g_str_equal (header + 6, expected))
    return TRUE;

  challenge = g_strdup_printf ("Basic realm=\"%s\"", self->hostname);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "WWW-Authenticate", challenge);
  hearth_sim_reply_error (msg, SOUP_STATUS_UNAUTHORIZED, "401 Unauthorized");
  return FALSE;
}

/* "/relay/0" → "relay", 0 */
static gboolean
split_path (const char  *path,
            char       **endpoint,
            guint       *index)
{
  g_auto(GStrv) parts = g_strsplit (path + 1, "/", -1);
  guint64 value;

  if (g_strv_length (parts) != 2 ||
      !g_ascii_string_to_unsigned (parts[1], 10, 0, 99, &value, NULL))
    return FALSE;

  *endpoint = g_strdup (parts[0]);
  *index = (guint) value;
  return TRUE;
}

static void
on_http_api_request (SoupServer        *server,
                     SoupServerMessage *msg,
                     const char        *path,
                     GHashTable        *query,
                     gpointer           user_data)
{
  HearthSimShellyGen1Device *self = HEARTH_SIM_SHELLY_GEN1_DEVICE (user_data);
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *endpoint = NULL;
  guint index = 0;
  gboolean present;
  int value;

  if (g_strcmp0 (soup_server_message_get_method (msg), "GET") != 0 &&
      g_strcmp0 (soup_server_message_get_method (msg), "POST") != 0)
    {
      hearth_sim_reply_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, NULL);
      return;
    }

  if (g_str_equal (path, "/shelly"))
    {
      answer = build_shelly (self);
      hearth_sim_reply_json (msg, answer);
      return;
    }

  if (!authorized (self, msg))
    return;

  if (g_str_equal (path, "/status"))
    answer = build_status (self);
  else if (g_str_equal (path, "/settings"))
    {
      const char *mode = query != NULL ? g_hash_table_lookup (query, "mode") : NULL;

      if (mode != NULL)
        {
          if (self->variant != VARIANT_RGBW2 ||
              (!g_str_equal (mode, "color") && !g_str_equal (mode, "white")))
            {
              reply_bad (msg, "mode");
              return;
            }
          self->white_mode = g_str_equal (mode, "white");
        }
      answer = build_settings (self);
    }
  else if (!split_path (path, &endpoint, &index))
    {
      hearth_sim_reply_error (msg, SOUP_STATUS_NOT_FOUND, "Not Found");
      return;
    }
  else if (g_str_equal (endpoint, "relay") && index < self->n_relays)
    {
      gboolean ison = self->relays[index];

      if (!query_turn (query, &ison, msg))
        return;
      self->relays[index] = ison;
      update_power (self);
      answer = hearth_sim_object_node (relay_status (self, index));
    }
  else if (((g_str_equal (endpoint, "light") && self->variant == VARIANT_DIMMER) ||
            (g_str_equal (endpoint, "white") && self->variant == VARIANT_RGBW2 && self->white_mode)) &&
           index < n_lights (self))
    {
      SimLight light = self->lights[index];

      if (!query_turn (query, &light.ison, msg) ||
          !query_int (query, "brightness", 0, 100, &light.brightness, &present, msg))
        return;
      self->lights[index] = light;
      update_power (self);
      answer = hearth_sim_object_node (light_status (self, index));
    }
  else if (g_str_equal (endpoint, "color") && self->variant == VARIANT_RGBW2 &&
           !self->white_mode && index < n_lights (self))
    {
      SimLight light = self->lights[index];

      if (!query_turn (query, &light.ison, msg) ||
          !query_int (query, "red", 0, 255, &light.red, &present, msg) ||
          !query_int (query, "green", 0, 255, &light.green, &present, msg) ||
          !query_int (query, "blue", 0, 255, &light.blue, &present, msg) ||
          !query_int (query, "white", 0, 255, &light.white, &present, msg) ||
          !query_int (query, "gain", 0, 100, &light.gain, &present, msg) ||
          !query_int (query, "effect", 0, 3, &light.effect, &present, msg))
        return;
      self->lights[index] = light;
      answer = hearth_sim_object_node (light_status (self, index));
    }
  else if (g_str_equal (endpoint, "roller") && self->has_roller && index == 0)
    {
      const char *go = query != NULL ? g_hash_table_lookup (query, "go") : NULL;

      if (go == NULL)
        ;
      else if (g_str_equal (go, "open"))
        roller_go (self, 100);
      else if (g_str_equal (go, "close"))
        roller_go (self, 0);
      else if (g_str_equal (go, "stop"))
        roller_go (self, self->roller_pos);
      else if (g_str_equal (go, "to_pos"))
        {
          if (!query_int (query, "roller_pos", 0, 100, &value, &present, msg))
            return;
          if (!present)
            {
              reply_bad (msg, "roller_pos");
              return;
            }
          roller_go (self, value);
        }
      else
        {
          reply_bad (msg, "go");
          return;
        }
      answer = hearth_sim_object_node (roller_status (self));
    }
  else
    {
      hearth_sim_reply_error (msg, SOUP_STATUS_NOT_FOUND, "Not Found");
      return;
    }

  hearth_sim_reply_json (msg, answer);
}

static void
hearth_sim_shelly_gen1_device_setup (HearthSimDevice *device,
                                     SoupServer      *server)
{
  static const char * const paths[] = {
    "/shelly", "/settings", "/status", "/relay", "/light", "/color", "/white", "/roller",
  };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    hearth_sim_device_add_handler (device, paths[i], on_http_api_request, device, NULL);
}

static void
hearth_sim_shelly_gen1_device_list_services (HearthSimDevice *device,
                                             GPtrArray       *services)
{
  HearthSimShellyGen1Device *self = HEARTH_SIM_SHELLY_GEN1_DEVICE (device);

  g_ptr_array_add (services, hearth_sim_service_new ("_http._tcp", self->hostname, NULL));
}

static JsonNode *
hearth_sim_shelly_gen1_device_get_sim_state (HearthSimDevice *device)
{
  HearthSimShellyGen1Device *self = HEARTH_SIM_SHELLY_GEN1_DEVICE (device);
  JsonNode *state = build_status (self);
  JsonObject *object = json_node_get_object (state);

  set_name_member (object, self->name);
  if (self->variant == VARIANT_RGBW2)
    json_object_set_string_member (object, "mode", self->white_mode ? "white" : "color");
  else if (self->variant == VARIANT_ROLLER)
    json_object_set_string_member (object, "mode", "roller");

  return state;
}

/* Reading /sim/state: a member as an integer in range */
static gboolean
sim_int (JsonObject  *object,
         const char  *member,
         int          min,
         int          max,
         int         *value,
         GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  double number;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) ||
      (json_node_get_value_type (node) != G_TYPE_INT64 &&
       json_node_get_value_type (node) != G_TYPE_DOUBLE))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "%s must be a number", member);
      return FALSE;
    }
  number = json_node_get_double (node);
  if (!isfinite (number) || number < min || number > max)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "%s must be within %d..%d", member, min, max);
      return FALSE;
    }
  *value = (int) round (number);
  return TRUE;
}

static gboolean
sim_bool (JsonObject  *object,
          const char  *member,
          gboolean    *value,
          GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "%s must be true or false", member);
      return FALSE;
    }
  *value = json_node_get_boolean (node);
  return TRUE;
}

static gboolean
sim_double (JsonObject  *object,
            const char  *member,
            double       min,
            double       max,
            double      *value,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) ||
      (json_node_get_value_type (node) != G_TYPE_INT64 &&
       json_node_get_value_type (node) != G_TYPE_DOUBLE) ||
      json_node_get_double (node) < min || json_node_get_double (node) > max)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "%s must be a number within %g..%g", member, min, max);
      return FALSE;
    }
  *value = json_node_get_double (node);
  return TRUE;
}

/* Entry i of the list @member, or NULL; FALSE on a bad list */
static gboolean
sim_list (JsonObject  *changes,
          const char  *member,
          guint        max,
          JsonArray  **array,
          GError     **error)
{
  JsonNode *node = json_object_get_member (changes, member);

  *array = NULL;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (json_node_get_array (node)) > max)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "%s must be a list of at most %u objects (this device has %u)", member, max, max);
      return FALSE;
    }
  *array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (*array); i++)
    if (!JSON_NODE_HOLDS_OBJECT (json_array_get_element (*array, i)))
      {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                     "%s[%u] must be an object", member, i);
        return FALSE;
      }
  return TRUE;
}

static gboolean
hearth_sim_shelly_gen1_device_set_sim_state (HearthSimDevice  *device,
                                             JsonObject       *changes,
                                             GError          **error)
{
  HearthSimShellyGen1Device *self = HEARTH_SIM_SHELLY_GEN1_DEVICE (device);
  JsonArray *relays, *lights, *rollers, *meters;
  gboolean relay_state[2];
  SimLight light_state[N_LIGHTS_MAX];
  double power[2], total[2];
  double tmp = self->tmp, hum = self->hum;
  int bat = self->bat;
  int roller_pos = -1;
  gboolean white_mode = self->white_mode;
  const char *name = NULL;
  JsonNode *node;

  memcpy (relay_state, self->relays, sizeof relay_state);
  memcpy (light_state, self->lights, sizeof light_state);
  memcpy (power, self->meter_power, sizeof power);
  memcpy (total, self->meter_total, sizeof total);

  /* Check everything, then change */
  node = json_object_get_member (changes, "mode");
  if (node != NULL)
    {
      const char *mode = JSON_NODE_HOLDS_VALUE (node) &&
                         json_node_get_value_type (node) == G_TYPE_STRING ? json_node_get_string (node) : NULL;

      if (self->variant != VARIANT_RGBW2 || mode == NULL ||
          (!g_str_equal (mode, "color") && !g_str_equal (mode, "white")))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       "mode is \"color\" or \"white\", for the RGBW2 only");
          return FALSE;
        }
      white_mode = g_str_equal (mode, "white");
    }

  node = json_object_get_member (changes, "name");
  if (node != NULL)
    {
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "name must be a string");
          return FALSE;
        }
      name = json_node_get_string (node);
    }

  if (!sim_list (changes, "relays", self->n_relays, &relays, error) ||
      !sim_list (changes, "lights", self->variant == VARIANT_RGBW2 && white_mode ? 4
                                    : self->variant == VARIANT_RGBW2 || self->variant == VARIANT_DIMMER ? 1 : 0,
                 &lights, error) ||
      !sim_list (changes, "rollers", self->has_roller ? 1 : 0, &rollers, error) ||
      !sim_list (changes, "meters", self->n_meters, &meters, error))
    return FALSE;

  for (guint i = 0; relays != NULL && i < json_array_get_length (relays); i++)
    if (!sim_bool (json_array_get_object_element (relays, i), "ison", &relay_state[i], error))
      return FALSE;

  for (guint i = 0; lights != NULL && i < json_array_get_length (lights); i++)
    {
      JsonObject *light = json_array_get_object_element (lights, i);
      SimLight *l = &light_state[i];

      if (!sim_bool (light, "ison", &l->ison, error) ||
          !sim_int (light, "brightness", 0, 100, &l->brightness, error) ||
          !sim_int (light, "red", 0, 255, &l->red, error) ||
          !sim_int (light, "green", 0, 255, &l->green, error) ||
          !sim_int (light, "blue", 0, 255, &l->blue, error) ||
          !sim_int (light, "white", 0, 255, &l->white, error) ||
          !sim_int (light, "gain", 0, 100, &l->gain, error) ||
          !sim_int (light, "effect", 0, 3, &l->effect, error))
        return FALSE;
    }

  if (rollers != NULL && json_array_get_length (rollers) > 0 &&
      !sim_int (json_array_get_object_element (rollers, 0), "current_pos", 0, 100, &roller_pos, error))
    return FALSE;

  for (guint i = 0; meters != NULL && i < json_array_get_length (meters); i++)
    {
      JsonObject *meter = json_array_get_object_element (meters, i);

      if (!sim_double (meter, "power", 0, 100000, &power[i], error) ||
          !sim_double (meter, "total", 0, 1e12, &total[i], error))
        return FALSE;
    }

  if ((json_object_has_member (changes, "tmp") || json_object_has_member (changes, "hum") ||
       json_object_has_member (changes, "bat")) && self->variant != VARIANT_HT)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "tmp, hum and bat are the H&T's");
      return FALSE;
    }
  if (!sim_double (changes, "tmp", -40, 60, &tmp, error) ||
      !sim_double (changes, "hum", 0, 100, &hum, error) ||
      !sim_int (changes, "bat", 0, 100, &bat, error))
    return FALSE;

  /* Change */
  if (name != NULL)
    {
      g_free (self->name);
      self->name = *name != '\0' ? g_strdup (name) : NULL;
    }
  if (white_mode != self->white_mode)
    self->white_mode = white_mode;
  memcpy (self->relays, relay_state, sizeof relay_state);
  memcpy (self->lights, light_state, sizeof light_state);
  update_power (self);
  /* Explicit meter readings win over the simulated load */
  for (guint i = 0; meters != NULL && i < json_array_get_length (meters); i++)
    {
      self->meter_power[i] = power[i];
      self->meter_total[i] = total[i];
    }
  if (roller_pos >= 0)
    {
      /* Moved by the wall switch: it is there now */
      g_clear_handle_id (&self->roller_source, g_source_remove);
      self->roller_pos = self->roller_target = roller_pos;
      self->roller_state = "stop";
      update_power (self);
    }
  self->tmp = tmp;
  self->hum = hum;
  self->bat = bat;

  return TRUE;
}

static void
hearth_sim_shelly_gen1_device_finalize (GObject *object)
{
  HearthSimShellyGen1Device *self = HEARTH_SIM_SHELLY_GEN1_DEVICE (object);

  g_clear_handle_id (&self->roller_source, g_source_remove);
  g_clear_pointer (&self->type, g_free);
  g_clear_pointer (&self->mac, g_free);
  g_clear_pointer (&self->hostname, g_free);
  g_clear_pointer (&self->name, g_free);
  for (guint i = 0; i < G_N_ELEMENTS (self->relay_names); i++)
    g_clear_pointer (&self->relay_names[i], g_free);
  for (guint i = 0; i < G_N_ELEMENTS (self->light_names); i++)
    g_clear_pointer (&self->light_names[i], g_free);

  G_OBJECT_CLASS (hearth_sim_shelly_gen1_device_parent_class)->finalize (object);
}

static void
hearth_sim_shelly_gen1_device_class_init (HearthSimShellyGen1DeviceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  HearthSimDeviceClass *device_class = HEARTH_SIM_DEVICE_CLASS (klass);

  object_class->finalize = hearth_sim_shelly_gen1_device_finalize;

  device_class->family = "shelly-gen1";
  device_class->setup = hearth_sim_shelly_gen1_device_setup;
  device_class->list_services = hearth_sim_shelly_gen1_device_list_services;
  device_class->get_sim_state = hearth_sim_shelly_gen1_device_get_sim_state;
  device_class->set_sim_state = hearth_sim_shelly_gen1_device_set_sim_state;
}

static void
hearth_sim_shelly_gen1_device_init (HearthSimShellyGen1Device *self)
{
  self->roller_state = "stop";
  self->last_direction = "close";
}

/**
 * hearth_sim_shelly_gen1_new:
 * @variant: "plug-s" (default), "shelly25-roller", "rgbw2-color", "dimmer", "ht"
 * @index: makes the MAC unique
 * @name: the device's name, or %NULL for none (Hearth then shows the model)
 */
HearthSimDevice *
hearth_sim_shelly_gen1_new (const char *variant,
                            guint       index,
                            const char *name)
{
  g_autoptr(HearthSimShellyGen1Device) self = NULL;
  Variant v;
  const char *type;
  const char *host_prefix;
  const char *fw;
  guint variant_byte;
  g_autofree char *mac = NULL;
  g_autofree char *hostname = NULL;
  g_autofree char *id = NULL;

  if (variant == NULL || g_str_equal (variant, "plug-s"))
    {
      v = VARIANT_PLUG_S, type = "SHPLG-S", host_prefix = "shellyplug-s", variant_byte = 1;
      fw = "20230913-113421/v1.14.0-gcb84623";
    }
  else if (g_str_equal (variant, "shelly25-roller"))
    {
      v = VARIANT_ROLLER, type = "SHSW-25", host_prefix = "shellyswitch25", variant_byte = 2;
      fw = "20230913-112234/v1.14.0-gcb84623";
    }
  else if (g_str_equal (variant, "rgbw2-color"))
    {
      v = VARIANT_RGBW2, type = "SHRGBW2", host_prefix = "shellyrgbw2", variant_byte = 3;
      fw = "20230913-113259/v1.14.0-gcb84623";
    }
  else if (g_str_equal (variant, "dimmer"))
    {
      v = VARIANT_DIMMER, type = "SHDM-2", host_prefix = "shellydimmer2", variant_byte = 4;
      fw = "20230913-114008/v1.14.0-gcb84623";
    }
  else if (g_str_equal (variant, "ht"))
    {
      v = VARIANT_HT, type = "SHHT-1", host_prefix = "shellyht", variant_byte = 5;
      fw = "20230913-112003/v1.14.0-gcb84623";
    }
  else
    {
      g_printerr ("hearth-sim: unknown Shelly Gen1 variant “%s” "
                  "(plug-s, shelly25-roller, rgbw2-color, dimmer, ht)\n", variant);
      return NULL;
    }

  mac = g_strdup_printf ("C45BBE%02X%04X", variant_byte, index & 0xffff);
  /* The Plug S and the H&T name their host by the MAC's last 6 digits,
   * the others by all of it (as the captures do) */
  if (v == VARIANT_PLUG_S || v == VARIANT_HT)
    hostname = g_strdup_printf ("%s-%s", host_prefix, mac + 6);
  else
    hostname = g_strdup_printf ("%s-%s", host_prefix, mac);
  id = g_ascii_strdown (mac, -1);

  self = g_object_new (HEARTH_TYPE_SIM_SHELLY_GEN1_DEVICE,
                       "id", id,
                       "name", name != NULL ? name : "",
                       NULL);

  self->variant = v;
  self->type = g_strdup (type);
  self->mac = g_steal_pointer (&mac);
  self->hostname = g_steal_pointer (&hostname);
  self->name = name != NULL && *name != '\0' ? g_strdup (name) : NULL;
  self->fw = fw;

  switch (v)
    {
    case VARIANT_PLUG_S:
      self->n_relays = 1;
      self->n_meters = 1;
      self->meter_total[0] = 2632;
      self->load = 35.5;
      break;
    case VARIANT_ROLLER:
      self->has_roller = TRUE;
      self->n_meters = 2;
      self->meter_total[1] = 5;
      self->load = 120;
      break;
    case VARIANT_RGBW2:
      /* One meter for the whole strip (0 W here), as the capture has */
      self->n_meters = 1;
      for (guint i = 0; i < N_LIGHTS_MAX; i++)
        self->lights[i] = (SimLight) { FALSE, 50, 0, 255, 0, 0, 100, 0 };
      break;
    case VARIANT_DIMMER:
      self->n_meters = 1;
      self->meter_total[0] = 600;
      self->load = 60;
      self->lights[0] = (SimLight) { FALSE, 40, 0, 0, 0, 0, 0, 0 };
      break;
    case VARIANT_HT:
      self->tmp = 21.5;
      self->hum = 48.5;
      self->bat = 87;
      break;
    default:
      g_assert_not_reached ();
    }
  update_power (self);

  return HEARTH_SIM_DEVICE (g_steal_pointer (&self));
}
