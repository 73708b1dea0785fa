/* hearth-sim-esphome.c: a simulated ESPHome node with web_server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Variants:
 *   "new-ids"    (default) firmware 2026.8: entity ids "domain/Name", URLs
 *                by the entity's name (/light/Grow%20Light/turn_on); the old
 *                object-id URLs answer 404, as since 2026.7.0.
 *   "legacy-ids" firmware 2025.11: ids "domain-object_id", URLs by object
 *                id (/light/grow_light/turn_on); name URLs answer 404.
 *
 * Entities (the same on every node; the name only changes the title):
 *   switch "Irrigation Pump", light "Grow Light" (brightness, RGB, colour
 *   temperature 153–500 mireds, effects None/Pulse/Sunrise), cover "Vent
 *   Window" (position), fan "Circulation Fan" (3 speeds), sensors "Air
 *   Temperature" (°C) and "Soil Humidity" (%), binary sensor "Door",
 *   button "Restart", select "Mode" (Auto/Manual/Off), text sensors "MAC
 *   Address" (wifi_info: "24:DC:C3:A0:00:01") and "ESPHome Version".
 *
 * Speaks:
 *   GET  /events        text/event-stream: "event: ping" with the node's
 *                       title, then one "event: state" per entity (with
 *                       name, options, effects: ?detail=all), then a state
 *                       event on every change, and a ping with empty data
 *                       every ping_interval_ms (10 s, as the firmware).
 *   GET  /<domain>/<e>  the entity's state JSON (?detail=all adds detail)
 *   POST /<domain>/<e>/<action>[?…]  switch/fan turn_on|turn_off|toggle;
 *                       light turn_on?brightness=&r=&g=&b=&color_temp=&effect=,
 *                       turn_off, toggle; cover open|close|stop|set?position=;
 *                       button press; select set?option=. 200 with an empty
 *                       body, 400 for a bad parameter, 404 for an unknown
 *                       entity, 405 for an action by GET.
 * With --password, every request (but /sim/…) needs HTTP Basic for the user
 * "admin", or the one given with --user (ESPHome's web_server auth: any
 * username + password), else 401 with WWW-Authenticate: Basic.
 *
 * /sim/state: GET {"entities":{"<name>":{state as with detail},…},
 * "presses":{"Restart":n},"sse_clients":n,"ping_interval_ms":n}. POST
 * {"<name>":{"state":"ON"|"OFF","value":…,"brightness":…,"color":{…},
 * "color_temp":…,"effect":…,"position":0.0–1.0}} changes entities as a
 * person at the node would (pushed to every stream), and
 * {"remove":["<name>",…]} (a node reflashed without those entities; open
 * streams keep what they had, as browsers do until they reconnect),
 * {"ping_interval_ms":n}, {"sse":"drop"} (end every stream),
 * {"sse":"mute"} (keep streams open but send nothing: a stalled node),
 * {"sse":"flood"} (256 KiB of one line without an end, to every stream),
 * {"sse":"refuse"} (answer /events 503), {"sse":"live"} (normal).
 *
 * mDNS: _esphomelib._tcp and _http._tcp, instance = node name
 * ("greenhouse-node"), TXT on _esphomelib as the firmware: friendly_name,
 * version, mac (12 lowercase hex), platform, board, network.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "hearth-sim-families.h"

#define DEFAULT_PING_INTERVAL_MS 10000
#define SIM_USER "admin"

#define HEARTH_TYPE_SIM_ESPHOME_DEVICE (hearth_sim_esphome_device_get_type ())
G_DECLARE_FINAL_TYPE (HearthSimEsphomeDevice, hearth_sim_esphome_device,
                      HEARTH, SIM_ESPHOME_DEVICE, HearthSimDevice)

typedef enum
{
  KIND_SWITCH,
  KIND_LIGHT,
  KIND_COVER,
  KIND_FAN,
  KIND_SENSOR,
  KIND_BINARY_SENSOR,
  KIND_BUTTON,
  KIND_SELECT,
  KIND_TEXT_SENSOR,
} Kind;

static const char * const domains[] = {
  "switch", "light", "cover", "fan", "sensor", "binary_sensor", "button", "select", "text_sensor",
};

typedef struct
{
  Kind        kind;
  const char *name;
  const char *object_id;
  gboolean    on;
  int         brightness;   /* 0–255 */
  int         r, g, b;
  int         color_temp;   /* mireds */
  char       *effect;       /* light effect, select option, text */
  double      position;     /* 0–1 */
  int         speed;
  double      value;
  const char *unit;
  int         decimals;
  guint       presses;
} Entity;

typedef enum
{
  SSE_LIVE,
  SSE_MUTE,
  SSE_REFUSE,
} SseMode;

struct _HearthSimEsphomeDevice
{
  HearthSimDevice parent_instance;

  gboolean   legacy;
  char      *mac;
  char      *node_name;
  char      *version;
  Entity     entities[16];
  guint      n_entities;

  GPtrArray *clients;      /* SoupServerMessage, open /events streams */
  guint      ping_interval;
  guint      ping_source;
  guint64    event_id;
  SseMode    sse_mode;
};

G_DEFINE_FINAL_TYPE (HearthSimEsphomeDevice, hearth_sim_esphome_device, HEARTH_TYPE_SIM_DEVICE)

static const char * const light_effects[] = { "None", "Pulse", "Sunrise", NULL };
static const char * const select_options[] = { "Auto", "Manual", "Off", NULL };

static char *
entity_id (HearthSimEsphomeDevice *self,
           Entity                 *entity)
{
  if (self->legacy)
    return g_strdup_printf ("%s-%s", domains[entity->kind], entity->object_id);
  return g_strdup_printf ("%s/%s", domains[entity->kind], entity->name);
}

static void
add_strings (JsonBuilder        *builder,
             const char         *member,
             const char * const *strings)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; strings[i] != NULL; i++)
    json_builder_add_string_value (builder, strings[i]);
  json_builder_end_array (builder);
}

static JsonNode *
entity_json (HearthSimEsphomeDevice *self,
             Entity                 *entity,
             gboolean                detail)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *id = entity_id (self, entity);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, id);
  if (detail)
    {
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, entity->name);
    }

  switch (entity->kind)
    {
    case KIND_SWITCH:
    case KIND_BINARY_SENSOR:
    case KIND_FAN:
    case KIND_LIGHT:
      json_builder_set_member_name (builder, "state");
      json_builder_add_string_value (builder, entity->on ? "ON" : "OFF");
      if (entity->kind != KIND_LIGHT)
        {
          json_builder_set_member_name (builder, "value");
          json_builder_add_boolean_value (builder, entity->on);
        }
      if (entity->kind == KIND_FAN)
        {
          json_builder_set_member_name (builder, "speed_level");
          json_builder_add_int_value (builder, entity->speed);
          json_builder_set_member_name (builder, "oscillation");
          json_builder_add_boolean_value (builder, FALSE);
          if (detail)
            {
              json_builder_set_member_name (builder, "speed_count");
              json_builder_add_int_value (builder, 3);
            }
        }
      if (entity->kind == KIND_LIGHT)
        {
          json_builder_set_member_name (builder, "color_mode");
          json_builder_add_string_value (builder, "rgb");
          json_builder_set_member_name (builder, "brightness");
          json_builder_add_int_value (builder, entity->brightness);
          json_builder_set_member_name (builder, "color");
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "r");
          json_builder_add_int_value (builder, entity->r);
          json_builder_set_member_name (builder, "g");
          json_builder_add_int_value (builder, entity->g);
          json_builder_set_member_name (builder, "b");
          json_builder_add_int_value (builder, entity->b);
          json_builder_end_object (builder);
          json_builder_set_member_name (builder, "color_temp");
          json_builder_add_int_value (builder, entity->color_temp);
          json_builder_set_member_name (builder, "effect");
          json_builder_add_string_value (builder, entity->effect);
          if (detail)
            {
              json_builder_set_member_name (builder, "min_mireds");
              json_builder_add_int_value (builder, 153);
              json_builder_set_member_name (builder, "max_mireds");
              json_builder_add_int_value (builder, 500);
              add_strings (builder, "effects", light_effects);
            }
        }
      break;

    case KIND_COVER:
      json_builder_set_member_name (builder, "state");
      json_builder_add_string_value (builder, entity->position <= 0 ? "CLOSED" : "OPEN");
      json_builder_set_member_name (builder, "value");
      json_builder_add_double_value (builder, entity->position);
      json_builder_set_member_name (builder, "current_operation");
      json_builder_add_string_value (builder, "IDLE");
      json_builder_set_member_name (builder, "position");
      json_builder_add_double_value (builder, entity->position);
      break;

    case KIND_SENSOR:
      {
        g_autofree char *state = g_strdup_printf ("%.*f %s", entity->decimals,
                                                  entity->value, entity->unit);

        json_builder_set_member_name (builder, "state");
        json_builder_add_string_value (builder, state);
        json_builder_set_member_name (builder, "value");
        json_builder_add_double_value (builder, entity->value);
        if (detail)
          {
            json_builder_set_member_name (builder, "uom");
            json_builder_add_string_value (builder, entity->unit);
          }
      }
      break;

    case KIND_TEXT_SENSOR:
      json_builder_set_member_name (builder, "state");
      json_builder_add_string_value (builder, entity->effect);
      json_builder_set_member_name (builder, "value");
      json_builder_add_string_value (builder, entity->effect);
      break;

    case KIND_SELECT:
      json_builder_set_member_name (builder, "state");
      json_builder_add_string_value (builder, entity->effect);
      json_builder_set_member_name (builder, "value");
      json_builder_add_string_value (builder, entity->effect);
      if (detail)
        add_strings (builder, "option", select_options);
      break;

    case KIND_BUTTON:
    default:
      break;
    }

  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* Event stream */

static void
sse_send (HearthSimEsphomeDevice *self,
          SoupServerMessage      *msg,
          const char             *text)
{
  soup_message_body_append (soup_server_message_get_response_body (msg),
                            SOUP_MEMORY_COPY, text, strlen (text));
  soup_server_message_unpause (msg);
}

static void
sse_broadcast (HearthSimEsphomeDevice *self,
               const char             *text)
{
  if (self->sse_mode == SSE_MUTE)
    return;

  for (guint i = 0; i < self->clients->len; i++)
    sse_send (self, g_ptr_array_index (self->clients, i), text);
}

static char *
state_event (HearthSimEsphomeDevice *self,
             Entity                 *entity,
             gboolean                detail)
{
  g_autoptr(JsonNode) node = entity_json (self, entity, detail);
  g_autofree char *data = json_to_string (node, FALSE);

  return g_strdup_printf ("event: state\ndata: %s\n\n", data);
}

static void
push_entity (HearthSimEsphomeDevice *self,
             Entity                 *entity)
{
  g_autofree char *text = state_event (self, entity, FALSE);

  sse_broadcast (self, text);
}

static gboolean
on_ping (gpointer user_data)
{
  HearthSimEsphomeDevice *self = user_data;
  g_autofree char *text = g_strdup_printf ("id: %" G_GUINT64_FORMAT "\nevent: ping\ndata: \n\n",
                                           ++self->event_id);

  sse_broadcast (self, text);
  return G_SOURCE_CONTINUE;
}

static void
restart_ping (HearthSimEsphomeDevice *self)
{
  g_clear_handle_id (&self->ping_source, g_source_remove);
  if (self->clients->len > 0)
    self->ping_source = g_timeout_add (self->ping_interval, on_ping, self);
}

static void
on_client_finished (SoupServerMessage *msg,
                    gpointer           user_data)
{
  HearthSimEsphomeDevice *self = user_data;

  g_ptr_array_remove (self->clients, msg);
  if (self->clients->len == 0)
    g_clear_handle_id (&self->ping_source, g_source_remove);
}

static void
drop_clients (HearthSimEsphomeDevice *self)
{
  g_autoptr(GPtrArray) clients = g_ptr_array_copy (self->clients, (GCopyFunc) g_object_ref, NULL);

  g_ptr_array_set_free_func (clients, g_object_unref);
  for (guint i = 0; i < clients->len; i++)
    {
      SoupServerMessage *msg = g_ptr_array_index (clients, i);

      g_signal_handlers_disconnect_by_func (msg, on_client_finished, self);
      g_ptr_array_remove (self->clients, msg);
      soup_message_body_complete (soup_server_message_get_response_body (msg));
      soup_server_message_unpause (msg);
    }
  g_clear_handle_id (&self->ping_source, g_source_remove);
}

static void
open_events (HearthSimEsphomeDevice *self,
             SoupServerMessage      *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  g_autofree char *hello = NULL;
  g_autoptr(GString) burst = g_string_new (NULL);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) config = NULL;
  g_autofree char *config_text = NULL;

  if (self->sse_mode == SSE_REFUSE)
    {
      hearth_sim_reply_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "Service Unavailable");
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, hearth_sim_device_get_name (HEARTH_SIM_DEVICE (self)));
  json_builder_set_member_name (builder, "comment");
  json_builder_add_string_value (builder, "");
  json_builder_set_member_name (builder, "ota");
  json_builder_add_boolean_value (builder, TRUE);
  json_builder_set_member_name (builder, "log");
  json_builder_add_boolean_value (builder, FALSE);
  json_builder_set_member_name (builder, "lang");
  json_builder_add_string_value (builder, "en");
  json_builder_end_object (builder);
  config = json_builder_get_root (builder);
  config_text = json_to_string (config, FALSE);

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_content_type (headers, "text/event-stream", NULL);
  soup_message_headers_replace (headers, "Cache-Control", "no-cache");
  soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);

  g_string_append_printf (burst, "retry: 30000\nid: %" G_GUINT64_FORMAT "\nevent: ping\ndata: %s\n\n",
                          ++self->event_id, config_text);
  if (self->sse_mode != SSE_MUTE)
    for (guint i = 0; i < self->n_entities; i++)
      {
        g_autofree char *text = state_event (self, &self->entities[i], TRUE);

        g_string_append (burst, text);
      }

  g_ptr_array_add (self->clients, g_object_ref (msg));
  g_signal_connect_object (msg, "finished", G_CALLBACK (on_client_finished), self, 0);
  sse_send (self, msg, burst->str);
  if (self->ping_source == 0)
    restart_ping (self);
}

/* REST */

static gboolean
authorized (HearthSimEsphomeDevice *self,
            SoupServerMessage      *msg)
{
  const char *password = hearth_sim_device_get_password (HEARTH_SIM_DEVICE (self));
  const char *user = hearth_sim_device_get_user (HEARTH_SIM_DEVICE (self));
  const char *header;
  g_autofree char *plain = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *decoded = NULL;
  gsize len = 0;

  if (password == NULL)
    return TRUE;

  header = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                         "Authorization");
  if (header != NULL && g_ascii_strncasecmp (header, "Basic ", 6) == 0)
    {
      decoded = (char *) g_base64_decode (header + 6, &len);
      plain = g_strndup (decoded, len);
      expected = g_strdup_printf ("%s:%s", user != NULL ? user : SIM_USER, password);
      if (g_str_equal (plain, expected))
        return TRUE;
    }

  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "WWW-Authenticate", "Basic realm=\"Login Required\"");
  hearth_sim_reply_error (msg, SOUP_STATUS_UNAUTHORIZED, "Unauthorized");
  return FALSE;
}

static Entity *
find_entity (HearthSimEsphomeDevice *self,
             Kind                    kind,
             const char             *segment)
{
  for (guint i = 0; i < self->n_entities; i++)
    {
      Entity *entity = &self->entities[i];

      if (entity->kind != kind)
        continue;
      if (self->legacy ? g_str_equal (segment, entity->object_id)
                       : g_str_equal (segment, entity->name))
        return entity;
    }
  return NULL;
}

static Entity *
find_by_name (HearthSimEsphomeDevice *self,
              const char             *name)
{
  for (guint i = 0; i < self->n_entities; i++)
    if (g_str_equal (self->entities[i].name, name))
      return &self->entities[i];
  return NULL;
}

static gboolean
parse_number (GHashTable *query,
              const char *key,
              double      min,
              double      max,
              double     *out,
              gboolean   *bad)
{
  const char *text = query ? g_hash_table_lookup (query, key) : NULL;
  char *end = NULL;
  double value;

  if (text == NULL)
    return FALSE;
  value = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0' || !isfinite (value) || value < min || value > max)
    {
      *bad = TRUE;
      return FALSE;
    }
  *out = value;
  return TRUE;
}

static gboolean
is_option (const char * const *options,
           const char         *value)
{
  return value != NULL && g_strv_contains (options, value);
}

/* Runs @action on @entity; FALSE with a status for a bad request */
static guint
run_action (HearthSimEsphomeDevice *self,
            Entity                 *entity,
            const char             *action,
            GHashTable             *query)
{
  gboolean bad = FALSE;
  double number;

  switch (entity->kind)
    {
    case KIND_SWITCH:
    case KIND_FAN:
    case KIND_LIGHT:
      if (g_str_equal (action, "turn_off"))
        entity->on = FALSE;
      else if (g_str_equal (action, "toggle"))
        entity->on = !entity->on;
      else if (g_str_equal (action, "turn_on"))
        {
          if (entity->kind == KIND_LIGHT)
            {
              const char *effect = query ? g_hash_table_lookup (query, "effect") : NULL;
              double r = entity->r, g = entity->g, b = entity->b;
              gboolean has_r, has_g, has_b;

              if (parse_number (query, "brightness", 0, 255, &number, &bad))
                entity->brightness = (int) lround (number);
              has_r = parse_number (query, "r", 0, 255, &r, &bad);
              has_g = parse_number (query, "g", 0, 255, &g, &bad);
              has_b = parse_number (query, "b", 0, 255, &b, &bad);
              if (has_r || has_g || has_b)
                {
                  entity->r = (int) lround (r);
                  entity->g = (int) lround (g);
                  entity->b = (int) lround (b);
                }
              if (parse_number (query, "color_temp", 153, 500, &number, &bad))
                entity->color_temp = (int) lround (number);
              parse_number (query, "transition", 0, 3600, &number, &bad);
              if (effect != NULL)
                {
                  if (!is_option (light_effects, effect))
                    return SOUP_STATUS_BAD_REQUEST;
                  g_free (entity->effect);
                  entity->effect = g_strdup (effect);
                }
              if (bad)
                return SOUP_STATUS_BAD_REQUEST;
            }
          else if (entity->kind == KIND_FAN &&
                   parse_number (query, "speed_level", 1, 3, &number, &bad))
            entity->speed = (int) number;
          if (bad)
            return SOUP_STATUS_BAD_REQUEST;
          entity->on = TRUE;
        }
      else
        return SOUP_STATUS_NOT_FOUND;
      break;

    case KIND_COVER:
      if (g_str_equal (action, "open"))
        entity->position = 1.0;
      else if (g_str_equal (action, "close"))
        entity->position = 0.0;
      else if (g_str_equal (action, "stop"))
        ;
      else if (g_str_equal (action, "toggle"))
        entity->position = entity->position > 0 ? 0.0 : 1.0;
      else if (g_str_equal (action, "set"))
        {
          if (!parse_number (query, "position", 0, 1, &number, &bad))
            return SOUP_STATUS_BAD_REQUEST;
          entity->position = number;
        }
      else
        return SOUP_STATUS_NOT_FOUND;
      break;

    case KIND_BUTTON:
      if (!g_str_equal (action, "press"))
        return SOUP_STATUS_NOT_FOUND;
      entity->presses++;
      break;

    case KIND_SELECT:
      if (!g_str_equal (action, "set"))
        return SOUP_STATUS_NOT_FOUND;
      {
        const char *option = query ? g_hash_table_lookup (query, "option") : NULL;

        if (!is_option (select_options, option))
          return SOUP_STATUS_BAD_REQUEST;
        g_free (entity->effect);
        entity->effect = g_strdup (option);
      }
      break;

    case KIND_SENSOR:
    case KIND_BINARY_SENSOR:
    case KIND_TEXT_SENSOR:
    default:
      return SOUP_STATUS_METHOD_NOT_ALLOWED;
    }

  return SOUP_STATUS_OK;
}

static void
on_rest_request (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  HearthSimEsphomeDevice *self = user_data;
  const char *method = soup_server_message_get_method (msg);
  g_auto(GStrv) raw = NULL;
  g_autoptr(GPtrArray) segments = g_ptr_array_new_with_free_func (g_free);
  Entity *entity = NULL;
  const char *action = NULL;
  Kind kind = 0;
  gboolean known_domain = FALSE;
  guint status;

  if (!authorized (self, msg))
    return;

  if (g_str_equal (path, "/events"))
    {
      if (!g_str_equal (method, SOUP_METHOD_GET))
        hearth_sim_reply_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "Method Not Allowed");
      else
        open_events (self, msg);
      return;
    }

  raw = g_strsplit (path + 1, "/", -1);
  for (guint i = 0; raw[i] != NULL; i++)
    g_ptr_array_add (segments, g_uri_unescape_string (raw[i], NULL));

  for (guint i = 0; i < G_N_ELEMENTS (domains) && segments->len > 0; i++)
    if (g_strcmp0 (g_ptr_array_index (segments, 0), domains[i]) == 0)
      {
        kind = (Kind) i;
        known_domain = TRUE;
      }

  if (known_domain && (segments->len == 2 || segments->len == 3) &&
      g_ptr_array_index (segments, 1) != NULL)
    entity = find_entity (self, kind, g_ptr_array_index (segments, 1));
  if (entity == NULL)
    {
      hearth_sim_reply_error (msg, SOUP_STATUS_NOT_FOUND, "Not Found");
      return;
    }
  if (segments->len == 3)
    action = g_ptr_array_index (segments, 2);

  if (action == NULL)
    {
      g_autoptr(JsonNode) node = NULL;
      gboolean detail = query != NULL && g_strcmp0 (g_hash_table_lookup (query, "detail"), "all") == 0;

      if (!g_str_equal (method, SOUP_METHOD_GET))
        {
          hearth_sim_reply_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "Method Not Allowed");
          return;
        }
      node = entity_json (self, entity, detail);
      hearth_sim_reply_json (msg, node);
      return;
    }

  if (!g_str_equal (method, SOUP_METHOD_POST))
    {
      hearth_sim_reply_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "Method Not Allowed");
      return;
    }

  status = run_action (self, entity, action, query);
  if (status != SOUP_STATUS_OK)
    {
      hearth_sim_reply_error (msg, status, soup_status_get_phrase (status));
      return;
    }

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_STATIC, "", 0);
  push_entity (self, entity);
}

/* The device */

static void
hearth_sim_esphome_device_setup (HearthSimDevice *device,
                                 SoupServer      *server)
{
  hearth_sim_device_add_handler (device, "/events", on_rest_request, device, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (domains); i++)
    {
      g_autofree char *path = g_strdup_printf ("/%s", domains[i]);

      hearth_sim_device_add_handler (device, path, on_rest_request, device, NULL);
    }
}

static void
hearth_sim_esphome_device_list_services (HearthSimDevice *device,
                                         GPtrArray       *services)
{
  HearthSimEsphomeDevice *self = HEARTH_SIM_ESPHOME_DEVICE (device);
  g_autofree char *friendly = g_strdup_printf ("friendly_name=%s", hearth_sim_device_get_name (device));
  g_autofree char *version = g_strdup_printf ("version=%s", self->version);
  g_autofree char *mac = g_strdup_printf ("mac=%s", self->mac);
  const char *txt[] = { friendly, version, mac, "platform=ESP32", "board=esp32dev", "network=wifi", NULL };

  g_ptr_array_add (services, hearth_sim_service_new ("_esphomelib._tcp", self->node_name, txt));
  g_ptr_array_add (services, hearth_sim_service_new ("_http._tcp", self->node_name, NULL));
}

static JsonNode *
hearth_sim_esphome_device_get_sim_state (HearthSimDevice *device)
{
  HearthSimEsphomeDevice *self = HEARTH_SIM_ESPHOME_DEVICE (device);
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "entities");
  json_builder_begin_object (builder);
  for (guint i = 0; i < self->n_entities; i++)
    {
      json_builder_set_member_name (builder, self->entities[i].name);
      json_builder_add_value (builder, entity_json (self, &self->entities[i], TRUE));
    }
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "presses");
  json_builder_begin_object (builder);
  for (guint i = 0; i < self->n_entities; i++)
    if (self->entities[i].kind == KIND_BUTTON)
      {
        json_builder_set_member_name (builder, self->entities[i].name);
        json_builder_add_int_value (builder, self->entities[i].presses);
      }
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "sse_clients");
  json_builder_add_int_value (builder, self->clients->len);
  json_builder_set_member_name (builder, "ping_interval_ms");
  json_builder_add_int_value (builder, self->ping_interval);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static gboolean
get_number (JsonObject *object,
            const char *member,
            double     *out)
{
  JsonNode *node = json_object_get_member (object, member);
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  if (type != G_TYPE_INT64 && type != G_TYPE_DOUBLE)
    return FALSE;
  *out = json_node_get_double (node);
  return TRUE;
}

static gboolean
merge_entity (Entity      *entity,
              JsonObject  *changes,
              GError     **error)
{
  JsonNode *node;
  double number;

  node = json_object_get_member (changes, "value");
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    entity->on = json_node_get_boolean (node);
  node = json_object_get_member (changes, "state");
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) == G_TYPE_STRING)
    {
      const char *state = json_node_get_string (node);

      if (entity->kind == KIND_SELECT)
        {
          if (!is_option (select_options, state))
            goto bad;
          g_free (entity->effect);
          entity->effect = g_strdup (state);
        }
      else
        entity->on = g_ascii_strcasecmp (state, "ON") == 0;
    }

  if (entity->kind == KIND_SENSOR && get_number (changes, "value", &number))
    entity->value = number;
  if (get_number (changes, "brightness", &number))
    entity->brightness = CLAMP ((int) lround (number), 0, 255);
  if (get_number (changes, "color_temp", &number))
    entity->color_temp = CLAMP ((int) lround (number), 153, 500);
  if (get_number (changes, "position", &number))
    entity->position = CLAMP (number, 0.0, 1.0);
  if (json_object_has_member (changes, "color") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (changes, "color")))
    {
      JsonObject *color = json_object_get_object_member (changes, "color");

      if (get_number (color, "r", &number))
        entity->r = CLAMP ((int) lround (number), 0, 255);
      if (get_number (color, "g", &number))
        entity->g = CLAMP ((int) lround (number), 0, 255);
      if (get_number (color, "b", &number))
        entity->b = CLAMP ((int) lround (number), 0, 255);
    }
  node = json_object_get_member (changes, "effect");
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) == G_TYPE_STRING)
    {
      if (!is_option (light_effects, json_node_get_string (node)))
        goto bad;
      g_free (entity->effect);
      entity->effect = g_strdup (json_node_get_string (node));
    }
  return TRUE;

bad:
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
               "“%s” cannot take that value", entity->name);
  return FALSE;
}

static gboolean
hearth_sim_esphome_device_set_sim_state (HearthSimDevice  *device,
                                         JsonObject       *changes,
                                         GError          **error)
{
  HearthSimEsphomeDevice *self = HEARTH_SIM_ESPHOME_DEVICE (device);
  g_autoptr(GList) members = json_object_get_members (changes);

  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *key = l->data;
      JsonNode *node = json_object_get_member (changes, key);
      Entity *entity;

      if (g_str_equal (key, "ping_interval_ms"))
        {
          double ms;

          if (!get_number (changes, key, &ms) || ms < 10 || ms > 600000)
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           "ping_interval_ms must be 10–600000");
              return FALSE;
            }
          self->ping_interval = (guint) ms;
          restart_ping (self);
        }
      else if (g_str_equal (key, "sse"))
        {
          const char *mode = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_string (node) : NULL;

          if (g_strcmp0 (mode, "drop") == 0)
            drop_clients (self);
          else if (g_strcmp0 (mode, "mute") == 0)
            self->sse_mode = SSE_MUTE;
          else if (g_strcmp0 (mode, "refuse") == 0)
            {
              self->sse_mode = SSE_REFUSE;
              drop_clients (self);
            }
          else if (g_strcmp0 (mode, "live") == 0)
            self->sse_mode = SSE_LIVE;
          else if (g_strcmp0 (mode, "flood") == 0)
            {
              /* One line that never ends: 256 KiB and counting */
              g_autofree char *flood = g_strnfill (256 * 1024, 'x');

              memcpy (flood, "data: ", 6);
              sse_broadcast (self, flood);
            }
          else
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           "sse must be drop, mute, refuse, flood or live");
              return FALSE;
            }
        }
      else if (g_str_equal (key, "remove") && JSON_NODE_HOLDS_ARRAY (node))
        {
          /* Reflashed with fewer entities (the demo home's node is small) */
          JsonArray *names = json_node_get_array (node);

          for (guint i = 0; i < json_array_get_length (names); i++)
            {
              JsonNode *name = json_array_get_element (names, i);

              if (!JSON_NODE_HOLDS_VALUE (name) || json_node_get_value_type (name) != G_TYPE_STRING ||
                  (entity = find_by_name (self, json_node_get_string (name))) == NULL)
                {
                  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               "remove takes the names of entities");
                  return FALSE;
                }
              g_free (entity->effect);
              self->n_entities--;
              memmove (entity, entity + 1,
                       (self->n_entities - (entity - self->entities)) * sizeof (Entity));
            }
        }
      else if ((entity = find_by_name (self, key)) != NULL && JSON_NODE_HOLDS_OBJECT (node))
        {
          if (!merge_entity (entity, json_node_get_object (node), error))
            return FALSE;
          push_entity (self, entity);
        }
      else
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       "no entity “%s” (or its value is not an object)", key);
          return FALSE;
        }
    }

  return TRUE;
}

static void
hearth_sim_esphome_device_dispose (GObject *object)
{
  HearthSimEsphomeDevice *self = HEARTH_SIM_ESPHOME_DEVICE (object);

  if (self->clients != NULL)
    drop_clients (self);
  g_clear_handle_id (&self->ping_source, g_source_remove);

  G_OBJECT_CLASS (hearth_sim_esphome_device_parent_class)->dispose (object);
}

static void
hearth_sim_esphome_device_finalize (GObject *object)
{
  HearthSimEsphomeDevice *self = HEARTH_SIM_ESPHOME_DEVICE (object);

  for (guint i = 0; i < self->n_entities; i++)
    g_free (self->entities[i].effect);
  g_clear_pointer (&self->clients, g_ptr_array_unref);
  g_free (self->mac);
  g_free (self->node_name);
  g_free (self->version);

  G_OBJECT_CLASS (hearth_sim_esphome_device_parent_class)->finalize (object);
}

static void
hearth_sim_esphome_device_class_init (HearthSimEsphomeDeviceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  HearthSimDeviceClass *device_class = HEARTH_SIM_DEVICE_CLASS (klass);

  object_class->dispose = hearth_sim_esphome_device_dispose;
  object_class->finalize = hearth_sim_esphome_device_finalize;

  device_class->family = "esphome";
  device_class->setup = hearth_sim_esphome_device_setup;
  device_class->list_services = hearth_sim_esphome_device_list_services;
  device_class->get_sim_state = hearth_sim_esphome_device_get_sim_state;
  device_class->set_sim_state = hearth_sim_esphome_device_set_sim_state;
}

static void
hearth_sim_esphome_device_init (HearthSimEsphomeDevice *self)
{
  self->clients = g_ptr_array_new_with_free_func (g_object_unref);
  self->ping_interval = DEFAULT_PING_INTERVAL_MS;
}

static Entity *
add_entity (HearthSimEsphomeDevice *self,
            Kind                    kind,
            const char             *name,
            const char             *object_id)
{
  Entity *entity = &self->entities[self->n_entities++];

  g_assert (self->n_entities <= G_N_ELEMENTS (self->entities));
  entity->kind = kind;
  entity->name = name;
  entity->object_id = object_id;
  return entity;
}

/* "Greenhouse Node" → "greenhouse-node", as ESPHome names a node */
static char *
node_name_for (const char *name)
{
  GString *out = g_string_new (NULL);

  for (const char *p = name; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (out, g_ascii_tolower (*p));
      else if (out->len > 0 && out->str[out->len - 1] != '-')
        g_string_append_c (out, '-');
    }
  while (out->len > 0 && out->str[out->len - 1] == '-')
    g_string_truncate (out, out->len - 1);
  if (out->len == 0)
    g_string_append (out, "esphome-node");
  return g_string_free (out, FALSE);
}

/**
 * hearth_sim_esphome_new:
 * @variant: "new-ids" (default) or "legacy-ids"
 * @index: makes the MAC unique
 * @name: the friendly name, or %NULL for "ESPHome Node <n>"
 */
HearthSimDevice *
hearth_sim_esphome_new (const char *variant,
                        guint       index,
                        const char *name)
{
  g_autoptr(HearthSimEsphomeDevice) self = NULL;
  g_autofree char *mac = NULL;
  g_autofree char *default_name = NULL;
  gboolean legacy;
  Entity *entity;

  if (variant == NULL || g_str_equal (variant, "new-ids"))
    legacy = FALSE;
  else if (g_str_equal (variant, "legacy-ids"))
    legacy = TRUE;
  else
    {
      g_printerr ("hearth-sim: unknown ESPHome variant “%s” (new-ids, legacy-ids)\n", variant);
      return NULL;
    }

  /* Espressif's OUI; a byte for the variant, two for the index */
  mac = g_strdup_printf ("24dcc3%02x%04x", legacy ? 0xa1 : 0xa0, index & 0xffff);
  default_name = g_strdup_printf ("ESPHome Node %u", index + 1);
  if (name == NULL || *name == '\0')
    name = default_name;

  self = g_object_new (HEARTH_TYPE_SIM_ESPHOME_DEVICE,
                       "id", mac,
                       "name", name,
                       NULL);

  self->legacy = legacy;
  self->mac = g_steal_pointer (&mac);
  self->node_name = node_name_for (name);
  self->version = g_strdup (legacy ? "2025.11.2" : "2026.8.1");

  add_entity (self, KIND_SWITCH, "Irrigation Pump", "irrigation_pump");
  entity = add_entity (self, KIND_LIGHT, "Grow Light", "grow_light");
  entity->on = TRUE;
  entity->brightness = 191;
  entity->r = 255;
  entity->g = 96;
  entity->b = 160;
  entity->color_temp = 250;
  entity->effect = g_strdup ("None");
  entity = add_entity (self, KIND_COVER, "Vent Window", "vent_window");
  entity->position = 0.25;
  entity = add_entity (self, KIND_FAN, "Circulation Fan", "circulation_fan");
  entity->speed = 1;
  entity = add_entity (self, KIND_SENSOR, "Air Temperature", "air_temperature");
  entity->value = 19.76666;
  entity->unit = "°C";
  entity->decimals = 1;
  entity = add_entity (self, KIND_SENSOR, "Soil Humidity", "soil_humidity");
  entity->value = 41;
  entity->unit = "%";
  entity->decimals = 0;
  add_entity (self, KIND_BINARY_SENSOR, "Door", "door");
  add_entity (self, KIND_BUTTON, "Restart", "restart");
  entity = add_entity (self, KIND_SELECT, "Mode", "mode");
  entity->effect = g_strdup ("Auto");
  /* wifi_info's mac_address and the version text sensor, as many node
   * configurations have them (the only way a node added by address tells
   * its hardware id) */
  entity = add_entity (self, KIND_TEXT_SENSOR, "MAC Address", "mac_address");
  entity->effect = g_ascii_strup (self->mac, -1);
  for (int i = 10; i > 0; i -= 2)
    {
      char *with_colon = g_strdup_printf ("%.*s:%s", i, entity->effect, entity->effect + i);

      g_free (entity->effect);
      entity->effect = with_colon;
    }
  entity = add_entity (self, KIND_TEXT_SENSOR, "ESPHome Version", "esphome_version");
  entity->effect = g_strdup_printf ("%s Nov 29 2026, 10:00:00", self->version);

  return HEARTH_SIM_DEVICE (g_steal_pointer (&self));
}
