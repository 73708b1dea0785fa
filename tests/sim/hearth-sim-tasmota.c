/* hearth-sim-tasmota.c: a simulated Tasmota device
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Variants:
 *   "plug"    (default) one relay and an energy meter (StatusSNS.ENERGY)
 *   "bulb"    an RGBCCT light: POWER, Dimmer, CT (153–500 mireds), Color,
 *             HSBColor
 *   "relay4"  four relays, each with its FriendlyName
 *   "shutter" one shutter on relays 1 (up) and 2 (down); it travels 10 %
 *             every 100 ms, and StatusSNS.Shutter1 reports it
 *
 * Speaks GET /cm?cmnd=<command> (also with user=…&password=…) as
 * protocols.md §8 documents it; the answers are built like the documented
 * JSON (they are not copies of a real device's). Commands: Status (no
 * payload, 0, 10, 11), Power<x> [on|off|toggle|1|0|2], Dimmer, CT, Color
 * (#RRGGBB, RRGGBB or r,g,b), HSBColor h,s,b, ShutterPosition<x>,
 * ShutterOpen<x>, ShutterClose<x>, ShutterStop<x>, FriendlyName<x>,
 * DeviceName and Backlog (commands separated by ';', answers merged).
 * Anything else answers {"Command":"Unknown"}. With the sim's --password
 * every /cm request needs user=admin and that password; otherwise it
 * answers HTTP 200 with {"WARNING":"Need user=<username>&password=<password>"},
 * as a real device does. Nothing else is served (404): the web UI is not
 * simulated, and neither is MQTT.
 *
 * /sim/state: GET answers {"variant", "DeviceName", "FriendlyName":[…],
 * "POWER1".."POWERn", and per variant "Dimmer", "CT", "HSBColor",
 * "Shutter1":{Position,Direction,Target}, "ENERGY":{Power,Total,Voltage};
 * "commands": how many commands ran, "refused": how many /cm requests
 * were refused for their credentials}. POST takes "POWER<n>" ("ON"/"OFF"
 * or a boolean), "Dimmer", "CT", "HSBColor", "Shutter1":{"Position":n}
 * (there at once), "ENERGY":{Power,Total,Voltage}, "DeviceName",
 * "FriendlyName":[…], or "cmnd":"<any command above>", as the device's
 * own buttons or console would.
 *
 * No mDNS: official Tasmota builds do not announce themselves.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hearth-sim-families.h"

#define MAX_RELAYS        4
#define CT_MIN            153
#define CT_MAX            500
#define SHUTTER_STEP      10
#define SHUTTER_PERIOD_MS 100

#define HEARTH_TYPE_SIM_TASMOTA_DEVICE (hearth_sim_tasmota_device_get_type ())
G_DECLARE_FINAL_TYPE (HearthSimTasmotaDevice, hearth_sim_tasmota_device,
                      HEARTH, SIM_TASMOTA_DEVICE, HearthSimDevice)

typedef enum
{
  VARIANT_PLUG,
  VARIANT_BULB,
  VARIANT_RELAY4,
  VARIANT_SHUTTER,
} Variant;

static const char * const variant_names[] = { "plug", "bulb", "relay4", "shutter" };

struct _HearthSimTasmotaDevice
{
  HearthSimDevice parent_instance;

  Variant   variant;
  guint     index;
  char     *mac;
  char     *device_name;
  char     *friendly[MAX_RELAYS];
  guint     n_relays;
  gboolean  power[MAX_RELAYS];

  /* bulb */
  int       dimmer;
  int       ct;
  int       hue;
  int       saturation;
  gboolean  white_mode;

  /* plug */
  double    energy_power;
  double    energy_total;
  double    energy_voltage;

  /* shutter */
  int       position;
  int       target;
  int       direction;
  guint     shutter_source;

  guint     commands;
  guint     refused;
};

G_DEFINE_FINAL_TYPE (HearthSimTasmotaDevice, hearth_sim_tasmota_device, HEARTH_TYPE_SIM_DEVICE)

/* Light colour */

static void
hsv_to_rgb (int  hue,
            int  saturation,
            int  value,
            int *r,
            int *g,
            int *b)
{
  double h = fmod (hue, 360) / 60.0;
  double v = value / 100.0;
  double c = v * saturation / 100.0;
  double x = c * (1.0 - fabs (fmod (h, 2.0) - 1.0));
  double m = v - c;
  double rr = 0, gg = 0, bb = 0;

  switch ((int) h)
    {
    case 0: rr = c; gg = x; break;
    case 1: rr = x; gg = c; break;
    case 2: gg = c; bb = x; break;
    case 3: gg = x; bb = c; break;
    case 4: rr = x; bb = c; break;
    default: rr = c; bb = x; break;
    }

  *r = (int) lround ((rr + m) * 255);
  *g = (int) lround ((gg + m) * 255);
  *b = (int) lround ((bb + m) * 255);
}

static void
rgb_to_hsv (int  r,
            int  g,
            int  b,
            int *hue,
            int *saturation,
            int *value)
{
  double rr = r / 255.0, gg = g / 255.0, bb = b / 255.0;
  double max = MAX (rr, MAX (gg, bb));
  double min = MIN (rr, MIN (gg, bb));
  double delta = max - min;
  double h = 0;

  if (delta > 0)
    {
      if (max == rr)
        h = 60.0 * fmod ((gg - bb) / delta, 6.0);
      else if (max == gg)
        h = 60.0 * ((bb - rr) / delta + 2.0);
      else
        h = 60.0 * ((rr - gg) / delta + 4.0);
    }
  if (h < 0)
    h += 360;

  *hue = (int) lround (h) % 360;
  *saturation = max > 0 ? (int) lround (delta / max * 100) : 0;
  *value = (int) lround (max * 100);
}

/* Building answers */

static const char *
on_off (gboolean on)
{
  return on ? "ON" : "OFF";
}

static char *
power_key (HearthSimTasmotaDevice *self,
           guint                   index)
{
  /* A device with one output answers "POWER", as Tasmota does */
  if (self->n_relays == 1)
    return g_strdup ("POWER");
  return g_strdup_printf ("POWER%u", index);
}

static void
add_powers (HearthSimTasmotaDevice *self,
            JsonObject             *object)
{
  for (guint i = 0; i < self->n_relays; i++)
    {
      g_autofree char *key = power_key (self, i + 1);

      json_object_set_string_member (object, key, on_off (self->power[i]));
    }
}

static void
add_light (HearthSimTasmotaDevice *self,
           JsonObject             *object)
{
  g_autofree char *color = NULL;
  g_autofree char *hsb = NULL;
  JsonArray *channels = json_array_new ();
  int r = 0, g = 0, b = 0, cw = 0, ww = 0;

  if (self->white_mode)
    {
      /* CT across the two white channels, scaled by the dimmer */
      double warm = (double) (self->ct - CT_MIN) / (CT_MAX - CT_MIN);

      cw = (int) lround ((1.0 - warm) * self->dimmer * 255 / 100);
      ww = (int) lround (warm * self->dimmer * 255 / 100);
    }
  else
    hsv_to_rgb (self->hue, self->saturation, self->dimmer, &r, &g, &b);

  color = g_strdup_printf ("%02X%02X%02X%02X%02X", r, g, b, cw, ww);
  hsb = g_strdup_printf ("%d,%d,%d", self->hue, self->saturation, self->dimmer);

  json_object_set_int_member (object, "Dimmer", self->dimmer);
  json_object_set_string_member (object, "Color", color);
  json_object_set_string_member (object, "HSBColor", hsb);
  json_object_set_int_member (object, "White", self->white_mode ? self->dimmer : 0);
  json_object_set_int_member (object, "CT", self->ct);
  json_array_add_int_element (channels, r * 100 / 255);
  json_array_add_int_element (channels, g * 100 / 255);
  json_array_add_int_element (channels, b * 100 / 255);
  json_array_add_int_element (channels, cw * 100 / 255);
  json_array_add_int_element (channels, ww * 100 / 255);
  json_object_set_array_member (object, "Channel", channels);
  json_object_set_int_member (object, "Scheme", 0);
  json_object_set_string_member (object, "Fade", "OFF");
  json_object_set_int_member (object, "Speed", 1);
  json_object_set_string_member (object, "LedTable", "ON");
}

static JsonObject *
build_shutter (HearthSimTasmotaDevice *self)
{
  JsonObject *shutter = json_object_new ();

  json_object_set_int_member (shutter, "Position", self->position);
  json_object_set_int_member (shutter, "Direction", self->direction);
  json_object_set_int_member (shutter, "Target", self->target);
  json_object_set_int_member (shutter, "Tilt", 0);
  return shutter;
}

/* A reading rounded to @decimals digits, as Tasmota reports it (json-glib
 * may still print the nearest double in full: 12.345000000000001) */
static JsonNode *
fixed (double value,
       int    decimals)
{
  JsonNode *node = json_node_new (JSON_NODE_VALUE);
  double scale = pow (10, decimals);

  json_node_set_double (node, round (value * scale) / scale);
  return node;
}

static JsonObject *
build_energy (HearthSimTasmotaDevice *self)
{
  JsonObject *energy = json_object_new ();
  double power = self->power[0] ? self->energy_power : 0;

  json_object_set_string_member (energy, "TotalStartTime", "2024-01-01T00:00:00");
  json_object_set_member (energy, "Total", fixed (self->energy_total, 3));
  json_object_set_member (energy, "Yesterday", fixed (0.512, 3));
  json_object_set_member (energy, "Today", fixed (0.204, 3));
  json_object_set_int_member (energy, "Power", (gint64) round (power));
  json_object_set_int_member (energy, "ApparentPower", power > 0 ? (gint64) round (power) + 5 : 0);
  json_object_set_int_member (energy, "ReactivePower", power > 0 ? 21 : 0);
  json_object_set_member (energy, "Factor", fixed (power > 0 ? 0.9 : 0, 2));
  json_object_set_int_member (energy, "Voltage", (gint64) round (self->energy_voltage));
  json_object_set_member (energy, "Current", fixed (power > 0 ? power / self->energy_voltage : 0, 3));
  return energy;
}

static JsonObject *
build_sts (HearthSimTasmotaDevice *self)
{
  JsonObject *sts = json_object_new ();
  JsonObject *wifi = json_object_new ();

  json_object_set_string_member (sts, "Time", "2024-05-01T12:00:00");
  json_object_set_string_member (sts, "Uptime", "0T01:00:00");
  json_object_set_int_member (sts, "UptimeSec", 3600);
  json_object_set_int_member (sts, "Heap", 25);
  json_object_set_string_member (sts, "SleepMode", "Dynamic");
  json_object_set_int_member (sts, "Sleep", 50);
  json_object_set_int_member (sts, "LoadAvg", 19);
  json_object_set_int_member (sts, "MqttCount", 0);
  add_powers (self, sts);
  if (self->variant == VARIANT_BULB)
    add_light (self, sts);
  json_object_set_int_member (wifi, "AP", 1);
  json_object_set_string_member (wifi, "SSId", "Hearth-Sim");
  json_object_set_string_member (wifi, "BSSId", "00:00:5E:00:53:01");
  json_object_set_int_member (wifi, "Channel", 6);
  json_object_set_string_member (wifi, "Mode", "11n");
  json_object_set_int_member (wifi, "RSSI", 80);
  json_object_set_int_member (wifi, "Signal", -60);
  json_object_set_int_member (wifi, "LinkCount", 1);
  json_object_set_string_member (wifi, "Downtime", "0T00:00:03");
  json_object_set_object_member (sts, "Wifi", wifi);
  return sts;
}

static JsonObject *
build_sns (HearthSimTasmotaDevice *self)
{
  JsonObject *sns = json_object_new ();

  json_object_set_string_member (sns, "Time", "2024-05-01T12:00:00");
  if (self->variant == VARIANT_PLUG)
    json_object_set_object_member (sns, "ENERGY", build_energy (self));
  if (self->variant == VARIANT_SHUTTER)
    json_object_set_object_member (sns, "Shutter1", build_shutter (self));
  return sns;
}

static JsonObject *
build_status (HearthSimTasmotaDevice *self)
{
  JsonObject *status = json_object_new ();
  JsonArray *names = json_array_new ();
  JsonArray *modes = json_array_new ();
  g_autofree char *topic = g_strdup_printf ("tasmota_%c%c%c%c%c%c",
                                            self->mac[9], self->mac[10], self->mac[12],
                                            self->mac[13], self->mac[15], self->mac[16]);
  int power = 0;

  for (guint i = 0; i < self->n_relays; i++)
    {
      json_array_add_string_element (names, self->friendly[i]);
      power |= self->power[i] << i;
    }
  for (guint i = 0; i < 8; i++)
    json_array_add_int_element (modes, 0);

  json_object_set_int_member (status, "Module", 0);
  json_object_set_string_member (status, "DeviceName", self->device_name);
  json_object_set_array_member (status, "FriendlyName", names);
  json_object_set_string_member (status, "Topic", topic);
  json_object_set_string_member (status, "ButtonTopic", "0");
  json_object_set_int_member (status, "Power", power);
  json_object_set_int_member (status, "PowerOnState", 3);
  json_object_set_int_member (status, "LedState", 1);
  json_object_set_string_member (status, "LedMask", "FFFF");
  json_object_set_int_member (status, "SaveData", 1);
  json_object_set_int_member (status, "SaveState", 1);
  json_object_set_string_member (status, "SwitchTopic", "0");
  json_object_set_array_member (status, "SwitchMode", modes);
  json_object_set_int_member (status, "ButtonRetain", 0);
  json_object_set_int_member (status, "SwitchRetain", 0);
  json_object_set_int_member (status, "SensorRetain", 0);
  json_object_set_int_member (status, "PowerRetain", 0);
  json_object_set_int_member (status, "InfoRetain", 0);
  json_object_set_int_member (status, "StateRetain", 0);
  return status;
}

static JsonObject *
build_status0 (HearthSimTasmotaDevice *self)
{
  JsonObject *root = json_object_new ();
  JsonObject *fwr = json_object_new ();
  JsonObject *net = json_object_new ();
  gboolean esp32 = self->variant == VARIANT_BULB;
  g_autofree char *hostname = g_strdup_printf ("tasmota-%c%c%c%c%c%c-%04u",
                                               self->mac[9], self->mac[10], self->mac[12],
                                               self->mac[13], self->mac[15], self->mac[16],
                                               (self->index * 37) % 10000);

  json_object_set_object_member (root, "Status", build_status (self));

  json_object_set_string_member (fwr, "Version", esp32 ? "14.1.0(tasmota32)" : "13.4.0(tasmota)");
  json_object_set_string_member (fwr, "BuildDateTime", esp32 ? "2024-06-19T09:58:44" : "2024-03-07T10:19:43");
  json_object_set_int_member (fwr, "Boot", 31);
  json_object_set_string_member (fwr, "Core", esp32 ? "3_0_1" : "2_7_6");
  json_object_set_string_member (fwr, "SDK", esp32 ? "5.1.4.240608" : "2.2.2-dev(38a443e)");
  json_object_set_int_member (fwr, "CpuFrequency", esp32 ? 160 : 80);
  json_object_set_string_member (fwr, "Hardware", esp32 ? "ESP32-C3" : "ESP8266EX");
  json_object_set_string_member (fwr, "CR", "378/699");
  json_object_set_object_member (root, "StatusFWR", fwr);

  json_object_set_string_member (net, "Hostname", hostname);
  json_object_set_string_member (net, "IPAddress", hearth_sim_device_get_address (HEARTH_SIM_DEVICE (self)));
  json_object_set_string_member (net, "Gateway", "192.0.2.1");
  json_object_set_string_member (net, "Subnetmask", "255.255.255.0");
  json_object_set_string_member (net, "DNSServer1", "192.0.2.1");
  json_object_set_string_member (net, "DNSServer2", "0.0.0.0");
  json_object_set_string_member (net, "Mac", self->mac);
  json_object_set_int_member (net, "Webserver", 2);
  json_object_set_int_member (net, "HTTP_API", 1);
  json_object_set_int_member (net, "WifiConfig", 4);
  json_object_set_double_member (net, "WifiPower", 17.0);
  json_object_set_object_member (root, "StatusNET", net);

  json_object_set_object_member (root, "StatusSNS", build_sns (self));
  json_object_set_object_member (root, "StatusSTS", build_sts (self));
  return root;
}

/* The shutter's travel */

static void set_shutter_relays (HearthSimTasmotaDevice *self);

static gboolean
on_shutter_tick (gpointer user_data)
{
  HearthSimTasmotaDevice *self = user_data;

  if (self->position < self->target)
    self->position = MIN (self->position + SHUTTER_STEP, self->target);
  else if (self->position > self->target)
    self->position = MAX (self->position - SHUTTER_STEP, self->target);

  if (self->position == self->target)
    {
      self->direction = 0;
      self->shutter_source = 0;
      set_shutter_relays (self);
      return G_SOURCE_REMOVE;
    }

  return G_SOURCE_CONTINUE;
}

static void
set_shutter_relays (HearthSimTasmotaDevice *self)
{
  self->power[0] = self->direction > 0;
  self->power[1] = self->direction < 0;
}

static void
shutter_move_to (HearthSimTasmotaDevice *self,
                 int                     target)
{
  self->target = CLAMP (target, 0, 100);
  self->direction = self->target > self->position ? 1 : self->target < self->position ? -1 : 0;
  set_shutter_relays (self);
  if (self->direction != 0 && self->shutter_source == 0)
    self->shutter_source = g_timeout_add (SHUTTER_PERIOD_MS, on_shutter_tick, self);
  if (self->direction == 0)
    g_clear_handle_id (&self->shutter_source, g_source_remove);
}

/* Commands */

static gboolean
parse_int (const char *text,
           int         min,
           int         max,
           int        *value)
{
  gint64 number;

  if (!g_ascii_string_to_signed (text, 10, G_MININT32, G_MAXINT32, &number, NULL))
    return FALSE;
  *value = (int) CLAMP (number, min, max);
  return TRUE;
}

/* Splits "ShutterPosition1" into "shutterposition" and 1 (0 = none) */
static void
split_command (const char  *word,
               char       **name,
               guint       *index)
{
  gsize length = strlen (word);
  gsize digits = length;

  while (digits > 0 && g_ascii_isdigit (word[digits - 1]))
    digits--;

  *name = g_ascii_strdown (word, digits);
  *index = digits < length ? (guint) strtoul (word + digits, NULL, 10) : 0;
}

static void
unknown (JsonObject *answer)
{
  json_object_set_string_member (answer, "Command", "Unknown");
}

static gboolean
set_light_power (HearthSimTasmotaDevice *self,
                 gboolean                on)
{
  self->power[0] = on;
  return TRUE;
}

static void
run_command (HearthSimTasmotaDevice *self,
             const char             *command,
             JsonObject             *answer,
             gboolean                in_backlog)
{
  g_autofree char *word = NULL;
  g_autofree char *name = NULL;
  const char *payload;
  const char *space;
  guint index;
  int value;

  while (g_ascii_isspace (*command))
    command++;
  space = strchr (command, ' ');
  word = space != NULL ? g_strndup (command, space - command) : g_strdup (command);
  payload = space != NULL ? space + 1 : "";
  while (g_ascii_isspace (*payload))
    payload++;
  split_command (word, &name, &index);

  if (*word == '\0')
    {
      unknown (answer);
      return;
    }

  self->commands++;

  if (g_str_equal (name, "backlog") && !in_backlog)
    {
      g_auto(GStrv) commands = g_strsplit (payload, ";", -1);

      for (guint i = 0; commands[i] != NULL; i++)
        if (*g_strstrip (commands[i]) != '\0')
          run_command (self, commands[i], answer, TRUE);
      return;
    }

  if (g_str_equal (name, "status"))
    {
      if (*payload == '\0')
        json_object_set_object_member (answer, "Status", build_status (self));
      else if (g_str_equal (payload, "0"))
        {
          g_autoptr(JsonObject) all = build_status0 (self);
          g_autoptr(GList) members = json_object_get_members (all);

          /* In the documented order: Status, StatusFWR, StatusNET, StatusSNS, StatusSTS */
          for (GList *l = members; l != NULL; l = l->next)
            json_object_set_member (answer, l->data,
                                    json_node_copy (json_object_get_member (all, l->data)));
        }
      else if (g_str_equal (payload, "10"))
        json_object_set_object_member (answer, "StatusSNS", build_sns (self));
      else if (g_str_equal (payload, "11"))
        json_object_set_object_member (answer, "StatusSTS", build_sts (self));
      else
        unknown (answer);
      return;
    }

  if (g_str_equal (name, "power"))
    {
      g_autofree char *key = NULL;
      guint i = index == 0 ? 1 : index;

      if (i > self->n_relays)
        {
          unknown (answer);
          return;
        }
      if (self->variant == VARIANT_SHUTTER && *payload != '\0')
        {
          /* The shutter owns its relays */
          unknown (answer);
          return;
        }
      if (g_ascii_strcasecmp (payload, "on") == 0 || g_str_equal (payload, "1") ||
          g_ascii_strcasecmp (payload, "true") == 0)
        self->power[i - 1] = TRUE;
      else if (g_ascii_strcasecmp (payload, "off") == 0 || g_str_equal (payload, "0") ||
               g_ascii_strcasecmp (payload, "false") == 0)
        self->power[i - 1] = FALSE;
      else if (g_ascii_strcasecmp (payload, "toggle") == 0 || g_str_equal (payload, "2"))
        self->power[i - 1] = !self->power[i - 1];
      else if (*payload != '\0')
        {
          json_object_set_string_member (answer, "Command", "Error");
          return;
        }
      key = power_key (self, i);
      json_object_set_string_member (answer, key, on_off (self->power[i - 1]));
      return;
    }

  if (self->variant == VARIANT_BULB &&
      (g_str_equal (name, "dimmer") || g_str_equal (name, "ct") ||
       g_str_equal (name, "color") || g_str_equal (name, "hsbcolor")))
    {
      if (*payload == '\0')
        ;  /* a query */
      else if (g_str_equal (name, "dimmer"))
        {
          if (!parse_int (payload, 0, 100, &value))
            {
              json_object_set_string_member (answer, "Command", "Error");
              return;
            }
          self->dimmer = value;
          set_light_power (self, value > 0);
        }
      else if (g_str_equal (name, "ct"))
        {
          if (!parse_int (payload, CT_MIN, CT_MAX, &value))
            {
              json_object_set_string_member (answer, "Command", "Error");
              return;
            }
          self->ct = value;
          self->white_mode = TRUE;
          set_light_power (self, TRUE);
        }
      else if (g_str_equal (name, "hsbcolor"))
        {
          g_auto(GStrv) parts = g_strsplit (payload, ",", -1);
          int h, s, b;

          if (g_strv_length (parts) != 3 ||
              !parse_int (parts[0], 0, 360, &h) || !parse_int (parts[1], 0, 100, &s) ||
              !parse_int (parts[2], 0, 100, &b))
            {
              json_object_set_string_member (answer, "Command", "Error");
              return;
            }
          self->hue = h % 360;
          self->saturation = s;
          self->dimmer = b;
          self->white_mode = FALSE;
          set_light_power (self, b > 0);
        }
      else
        {
          int rgb[3];
          const char *hex = payload[0] == '#' ? payload + 1 : payload;

          if (strchr (payload, ',') != NULL)
            {
              g_auto(GStrv) parts = g_strsplit (payload, ",", -1);

              if (g_strv_length (parts) < 3)
                {
                  json_object_set_string_member (answer, "Command", "Error");
                  return;
                }
              for (guint i = 0; i < 3; i++)
                if (!parse_int (parts[i], 0, 255, &rgb[i]))
                  {
                    json_object_set_string_member (answer, "Command", "Error");
                    return;
                  }
            }
          else
            {
              if (strlen (hex) < 6)
                {
                  json_object_set_string_member (answer, "Command", "Error");
                  return;
                }
              for (guint i = 0; i < 3; i++)
                {
                  int high = g_ascii_xdigit_value (hex[2 * i]);
                  int low = g_ascii_xdigit_value (hex[2 * i + 1]);

                  if (high < 0 || low < 0)
                    {
                      json_object_set_string_member (answer, "Command", "Error");
                      return;
                    }
                  rgb[i] = high * 16 + low;
                }
            }
          rgb_to_hsv (rgb[0], rgb[1], rgb[2], &self->hue, &self->saturation, &self->dimmer);
          self->white_mode = FALSE;
          set_light_power (self, self->dimmer > 0);
        }

      json_object_set_string_member (answer, "POWER", on_off (self->power[0]));
      add_light (self, answer);
      return;
    }

  if (self->variant == VARIANT_SHUTTER && index <= 1 &&
      (g_str_equal (name, "shutterposition") || g_str_equal (name, "shutteropen") ||
       g_str_equal (name, "shutterclose") || g_str_equal (name, "shutterstop")))
    {
      if (g_str_equal (name, "shutterposition"))
        {
          if (*payload != '\0')
            {
              if (!parse_int (payload, 0, 100, &value))
                {
                  json_object_set_string_member (answer, "Command", "Error");
                  return;
                }
              shutter_move_to (self, value);
            }
        }
      else if (g_str_equal (name, "shutteropen"))
        shutter_move_to (self, 100);
      else if (g_str_equal (name, "shutterclose"))
        shutter_move_to (self, 0);
      else
        shutter_move_to (self, self->position);

      json_object_set_object_member (answer, "Shutter1", build_shutter (self));
      return;
    }

  if (g_str_equal (name, "friendlyname"))
    {
      guint i = index == 0 ? 1 : index;
      g_autofree char *key = g_strdup_printf ("FriendlyName%u", i);

      if (i > self->n_relays)
        {
          unknown (answer);
          return;
        }
      if (*payload != '\0')
        {
          g_free (self->friendly[i - 1]);
          self->friendly[i - 1] = g_strdup (payload);
        }
      json_object_set_string_member (answer, key, self->friendly[i - 1]);
      return;
    }

  if (g_str_equal (name, "devicename") && index == 0)
    {
      if (*payload != '\0')
        {
          g_free (self->device_name);
          self->device_name = g_strdup (payload);
        }
      json_object_set_string_member (answer, "DeviceName", self->device_name);
      return;
    }

  self->commands--;
  unknown (answer);
}

static void
on_cm_request (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  HearthSimTasmotaDevice *self = HEARTH_SIM_TASMOTA_DEVICE (user_data);
  const char *password = hearth_sim_device_get_password (HEARTH_SIM_DEVICE (self));
  const char *command = query != NULL ? g_hash_table_lookup (query, "cmnd") : NULL;
  g_autoptr(JsonObject) answer = json_object_new ();
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);

  if (!g_str_equal (path, "/cm"))
    {
      hearth_sim_reply_error (msg, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }

  if (password != NULL)
    {
      const char *user = query != NULL ? g_hash_table_lookup (query, "user") : NULL;
      const char *given = query != NULL ? g_hash_table_lookup (query, "password") : NULL;

      if (g_strcmp0 (user, "admin") != 0 || g_strcmp0 (given, password) != 0)
        {
          self->refused++;
          /* HTTP 200: only the body says no */
          hearth_sim_reply_error (msg, SOUP_STATUS_OK,
                                  "{\"WARNING\":\"Need user=<username>&password=<password>\"}");
          return;
        }
    }

  if (command == NULL || *command == '\0')
    unknown (answer);
  else
    run_command (self, command, answer, FALSE);

  json_node_set_object (root, answer);
  hearth_sim_reply_json (msg, root);
}

/* HearthSimDevice */

static void
hearth_sim_tasmota_device_setup (HearthSimDevice *device,
                                 SoupServer      *server)
{
  hearth_sim_device_add_handler (device, "/cm", on_cm_request, device, NULL);
}

static void
hearth_sim_tasmota_device_list_services (HearthSimDevice *device,
                                         GPtrArray       *services)
{
  /* Official builds have no mDNS (SetOption55 needs a custom build) */
}

static JsonNode *
hearth_sim_tasmota_device_get_sim_state (HearthSimDevice *device)
{
  HearthSimTasmotaDevice *self = HEARTH_SIM_TASMOTA_DEVICE (device);
  JsonObject *state = json_object_new ();
  JsonArray *names = json_array_new ();
  JsonNode *root = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (state, "variant", variant_names[self->variant]);
  json_object_set_string_member (state, "DeviceName", self->device_name);
  for (guint i = 0; i < self->n_relays; i++)
    {
      g_autofree char *key = g_strdup_printf ("POWER%u", i + 1);

      json_array_add_string_element (names, self->friendly[i]);
      json_object_set_string_member (state, key, on_off (self->power[i]));
    }
  json_object_set_array_member (state, "FriendlyName", names);

  if (self->variant == VARIANT_BULB)
    {
      g_autofree char *hsb = g_strdup_printf ("%d,%d,%d", self->hue, self->saturation, self->dimmer);

      json_object_set_int_member (state, "Dimmer", self->dimmer);
      json_object_set_int_member (state, "CT", self->ct);
      json_object_set_string_member (state, "HSBColor", hsb);
      json_object_set_boolean_member (state, "white", self->white_mode);
    }
  if (self->variant == VARIANT_SHUTTER)
    json_object_set_object_member (state, "Shutter1", build_shutter (self));
  if (self->variant == VARIANT_PLUG)
    json_object_set_object_member (state, "ENERGY", build_energy (self));

  json_object_set_int_member (state, "commands", self->commands);
  json_object_set_int_member (state, "refused", self->refused);

  json_node_take_object (root, state);
  return root;
}

static gboolean
read_bool_or_on_off (JsonNode *node,
                     gboolean *value)
{
  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    {
      *value = json_node_get_boolean (node);
      return TRUE;
    }
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    {
      if (g_ascii_strcasecmp (json_node_get_string (node), "ON") == 0)
        *value = TRUE;
      else if (g_ascii_strcasecmp (json_node_get_string (node), "OFF") == 0)
        *value = FALSE;
      else
        return FALSE;
      return TRUE;
    }
  return FALSE;
}

static gboolean
hearth_sim_tasmota_device_set_sim_state (HearthSimDevice  *device,
                                         JsonObject       *changes,
                                         GError          **error)
{
  HearthSimTasmotaDevice *self = HEARTH_SIM_TASMOTA_DEVICE (device);
  JsonObjectIter iter;
  const char *member;
  JsonNode *node;

  /* Check first, then change */
  json_object_iter_init (&iter, changes);
  while (json_object_iter_next (&iter, &member, &node))
    {
      g_autofree char *name = NULL;
      guint index;
      gboolean on;

      split_command (member, &name, &index);
      if (index == 0)
        index = 1;
      if (g_str_equal (name, "power") &&
          (index > self->n_relays || !read_bool_or_on_off (node, &on)))
        goto bad;
      if ((g_str_equal (member, "Dimmer") || g_str_equal (member, "CT")) &&
          (self->variant != VARIANT_BULB || !JSON_NODE_HOLDS_VALUE (node) ||
           json_node_get_value_type (node) != G_TYPE_INT64))
        goto bad;
      if ((g_str_equal (member, "HSBColor") || g_str_equal (member, "cmnd") ||
           g_str_equal (member, "DeviceName")) &&
          (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING))
        goto bad;
      if ((g_str_equal (member, "Shutter1") && self->variant != VARIANT_SHUTTER) ||
          (g_str_equal (member, "ENERGY") && self->variant != VARIANT_PLUG) ||
          ((g_str_equal (member, "Shutter1") || g_str_equal (member, "ENERGY")) &&
           !JSON_NODE_HOLDS_OBJECT (node)))
        goto bad;
      if (g_str_equal (member, "FriendlyName") && !JSON_NODE_HOLDS_ARRAY (node))
        goto bad;
    }

  json_object_iter_init (&iter, changes);
  while (json_object_iter_next (&iter, &member, &node))
    {
      g_autofree char *name = NULL;
      guint index;

      split_command (member, &name, &index);
      if (index == 0)
        index = 1;
      if (g_str_equal (name, "power"))
        read_bool_or_on_off (node, &self->power[index - 1]);
      else if (g_str_equal (member, "Dimmer"))
        self->dimmer = (int) CLAMP (json_node_get_int (node), 0, 100);
      else if (g_str_equal (member, "CT"))
        {
          self->ct = (int) CLAMP (json_node_get_int (node), CT_MIN, CT_MAX);
          self->white_mode = TRUE;
        }
      else if (g_str_equal (member, "HSBColor"))
        {
          g_autofree char *command = g_strdup_printf ("HSBColor %s", json_node_get_string (node));
          g_autoptr(JsonObject) answer = json_object_new ();

          run_command (self, command, answer, FALSE);
        }
      else if (g_str_equal (member, "cmnd"))
        {
          g_autoptr(JsonObject) answer = json_object_new ();

          run_command (self, json_node_get_string (node), answer, FALSE);
        }
      else if (g_str_equal (member, "DeviceName"))
        {
          g_free (self->device_name);
          self->device_name = g_strdup (json_node_get_string (node));
        }
      else if (g_str_equal (member, "FriendlyName"))
        {
          JsonArray *names = json_node_get_array (node);

          for (guint i = 0; i < MIN (json_array_get_length (names), self->n_relays); i++)
            {
              JsonNode *element = json_array_get_element (names, i);

              if (JSON_NODE_HOLDS_VALUE (element) &&
                  json_node_get_value_type (element) == G_TYPE_STRING)
                {
                  g_free (self->friendly[i]);
                  self->friendly[i] = g_strdup (json_node_get_string (element));
                }
            }
        }
      else if (g_str_equal (member, "Shutter1"))
        {
          JsonObject *shutter = json_node_get_object (node);
          gint64 position = json_object_get_int_member_with_default (shutter, "Position", -1);

          if (position >= 0)
            {
              g_clear_handle_id (&self->shutter_source, g_source_remove);
              self->position = self->target = (int) CLAMP (position, 0, 100);
              self->direction = 0;
              set_shutter_relays (self);
            }
        }
      else if (g_str_equal (member, "ENERGY"))
        {
          JsonObject *energy = json_node_get_object (node);

          self->energy_power = json_object_get_double_member_with_default (energy, "Power", self->energy_power);
          self->energy_total = json_object_get_double_member_with_default (energy, "Total", self->energy_total);
          self->energy_voltage = json_object_get_double_member_with_default (energy, "Voltage", self->energy_voltage);
        }
    }

  return TRUE;

bad:
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               "Bad /sim/state member “%s” for a Tasmota %s", member, variant_names[self->variant]);
  return FALSE;
}

static void
hearth_sim_tasmota_device_dispose (GObject *object)
{
  HearthSimTasmotaDevice *self = HEARTH_SIM_TASMOTA_DEVICE (object);

  g_clear_handle_id (&self->shutter_source, g_source_remove);

  G_OBJECT_CLASS (hearth_sim_tasmota_device_parent_class)->dispose (object);
}

static void
hearth_sim_tasmota_device_finalize (GObject *object)
{
  HearthSimTasmotaDevice *self = HEARTH_SIM_TASMOTA_DEVICE (object);

  g_clear_pointer (&self->mac, g_free);
  g_clear_pointer (&self->device_name, g_free);
  for (guint i = 0; i < MAX_RELAYS; i++)
    g_clear_pointer (&self->friendly[i], g_free);

  G_OBJECT_CLASS (hearth_sim_tasmota_device_parent_class)->finalize (object);
}

static void
hearth_sim_tasmota_device_class_init (HearthSimTasmotaDeviceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  HearthSimDeviceClass *device_class = HEARTH_SIM_DEVICE_CLASS (klass);

  object_class->dispose = hearth_sim_tasmota_device_dispose;
  object_class->finalize = hearth_sim_tasmota_device_finalize;

  device_class->family = "tasmota";
  device_class->setup = hearth_sim_tasmota_device_setup;
  device_class->list_services = hearth_sim_tasmota_device_list_services;
  device_class->get_sim_state = hearth_sim_tasmota_device_get_sim_state;
  device_class->set_sim_state = hearth_sim_tasmota_device_set_sim_state;
}

static void
hearth_sim_tasmota_device_init (HearthSimTasmotaDevice *self)
{
}

/**
 * hearth_sim_tasmota_new:
 * @variant: "plug" (default), "bulb", "relay4" or "shutter"
 * @index: makes the MAC (and so the hardware id) unique
 * @name: the DeviceName and first FriendlyName, or %NULL for "Tasmota"
 */
HearthSimDevice *
hearth_sim_tasmota_new (const char *variant,
                        guint       index,
                        const char *name)
{
  g_autoptr(HearthSimTasmotaDevice) self = NULL;
  g_autofree char *id = NULL;
  Variant kind = VARIANT_PLUG;
  guint i;

  if (variant != NULL)
    {
      for (i = 0; i < G_N_ELEMENTS (variant_names); i++)
        if (g_str_equal (variant, variant_names[i]))
          break;
      if (i == G_N_ELEMENTS (variant_names))
        {
          g_printerr ("hearth-sim: unknown Tasmota variant “%s” (plug, bulb, relay4, shutter)\n",
                      variant);
          return NULL;
        }
      kind = (Variant) i;
    }

  if (name == NULL || *name == '\0')
    name = "Tasmota";

  /* A4:CF:12 is an Espressif prefix; the variant and index make it unique */
  id = g_strdup_printf ("a4cf12%02x%02x%02x", 0x70 + kind, (index >> 8) & 0xff, index & 0xff);

  self = g_object_new (HEARTH_TYPE_SIM_TASMOTA_DEVICE,
                       "id", id,
                       "name", name,
                       NULL);

  self->variant = kind;
  self->index = index;
  self->mac = g_strdup_printf ("A4:CF:12:%02X:%02X:%02X", 0x70 + kind, (index >> 8) & 0xff, index & 0xff);
  self->device_name = g_strdup (name);
  self->n_relays = kind == VARIANT_RELAY4 ? 4 : kind == VARIANT_SHUTTER ? 2 : 1;
  for (i = 0; i < self->n_relays; i++)
    {
      /* Tasmota's defaults: the device name, then "Tasmota2", … */
      if (i == 0)
        self->friendly[i] = g_strdup (name);
      else
        self->friendly[i] = g_strdup_printf ("Tasmota%u", i + 1);
    }

  self->dimmer = 40;
  self->ct = 300;
  self->hue = 30;
  self->saturation = 90;
  self->white_mode = TRUE;

  self->energy_power = 45;
  self->energy_total = 12.345;
  self->energy_voltage = 231;

  self->position = self->target = 0;

  return HEARTH_SIM_DEVICE (g_steal_pointer (&self));
}
