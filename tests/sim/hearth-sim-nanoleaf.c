/* hearth-sim-nanoleaf.c: a simulated Nanoleaf controller (OpenAPI v1)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Variants:
 *   "shapes" (default) Nanoleaf Shapes, model NL42, firmware 9.2.4
 *   "canvas"           Nanoleaf Canvas, model NL29, firmware 8.5.2,
 *                      colour temperature 1200–6500 K like Shapes
 *
 * Speaks, on the device's own port (16021 on a real controller):
 *   POST   /api/v1/new                   pairing: 403 unless the power button
 *                                        was held in the last 30 s, then 200
 *                                        {"auth_token":"<32 letters and digits>"}
 *   GET    /api/v1/  (no token)          401, as a real controller
 *   *      /api/v1/<bad token>/…         401
 *   GET    /api/v1/<token>/              name, serialNo, manufacturer,
 *                                        firmwareVersion, hardwareVersion, model,
 *                                        state{…}, effects{…}, panelLayout{…}
 *   GET    /api/v1/<token>/state         the state object
 *   PUT    /api/v1/<token>/state         {"brightness":{"value":60},"on":{"value":true}}:
 *                                        applied key by key in the body's order,
 *                                        as the firmware does; setting a brightness
 *                                        also switches the light on (so "on":false
 *                                        must come last). 204.
 *   GET    /api/v1/<token>/effects       {"select":…,"effectsList":[…]}
 *   PUT    /api/v1/<token>/effects       {"select":"<name>"}: 204; unknown name 404
 *   GET    /api/v1/<token>/effects/select, …/effects/effectsList
 *   PUT    /api/v1/<token>/identify      flashes (counted in /sim/state)
 *   DELETE /api/v1/<token>               revokes the token (204)
 *   GET    /api/v1/<token>/events?id=1,2,3,4
 *                                        Server-Sent Events: "id: 1" state
 *                                        (attrs 1 on, 2 brightness, 3 hue, 4 sat,
 *                                        5 ct, 6 colorMode), "id: 3" effects
 *                                        (attr 1, the name), after every change by
 *                                        any means. Nothing is sent on connect.
 *
 * The device's "password" property, when set, is a token it already issued
 * (a controller paired before). hearth-sim's --password does not reach
 * Nanoleaf devices: they start unpaired, as a new one does.
 *
 * /sim/state: GET answers the light's state plus "pairing" (the window is
 * open), "tokens" (how many were issued), "event_clients" (open streams),
 * "identified" and "last_state_keys" (the keys of the last PUT …/state in
 * their order). POST takes:
 *   {"button":"pressed"}      the person held the power button: the pairing
 *                             window is open for 30 s
 *   {"on":true,"brightness":50,"hue":120,"sat":80,"ct":2700,"effect":"Forest"}
 *                             changes made at the device (pushed to streams)
 *   {"drop_events":true}      ends every open event stream
 *   {"events":"refuse"}       answers new event streams 503 ("accept" undoes)
 *   {"revoke_tokens":true}    forgets every token (a factory reset)
 *   {"accept_token":"<token>"} takes a token another controller issued (an
 *                             impostor that learned it)
 *
 * mDNS: _nanoleafapi._tcp, instance "<Product> <last 4 hex of the id>", TXT
 * id=<colon id>, md=<model>, srcvers=<firmware>.
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include "hearth-sim-families.h"

#define PAIRING_WINDOW_US (30 * G_USEC_PER_SEC)
#define TOKEN_LENGTH      32

#define HEARTH_TYPE_SIM_NANOLEAF_DEVICE (hearth_sim_nanoleaf_device_get_type ())
G_DECLARE_FINAL_TYPE (HearthSimNanoleafDevice, hearth_sim_nanoleaf_device,
                      HEARTH, SIM_NANOLEAF_DEVICE, HearthSimDevice)

typedef struct
{
  gboolean  on;
  int       brightness;
  int       hue;
  int       sat;
  int       ct;
  char     *color_mode;
  char     *effect;
} SimState;

typedef struct
{
  HearthSimNanoleafDevice *self;
  SoupServerMessage       *msg;
  guint                    ids;    /* bit N = event type N */
  GSource                 *hangup; /* the client going away */
} Stream;

struct _HearthSimNanoleafDevice
{
  HearthSimDevice parent_instance;

  char       *product;
  char       *model;
  char       *firmware;
  char       *serial;
  char       *txt_id;
  int         ct_min;
  int         ct_max;
  GPtrArray  *effects;

  SimState    state;
  GHashTable *tokens;
  gint64      pairing_until;   /* monotonic µs */
  guint       identified;
  gboolean    refuse_events;
  GPtrArray  *streams;         /* Stream */
  GStrv       last_state_keys;
};

G_DEFINE_FINAL_TYPE (HearthSimNanoleafDevice, hearth_sim_nanoleaf_device, HEARTH_TYPE_SIM_DEVICE)

static const char * const default_effects[] = {
  "Color Burst", "Flames", "Forest", "Inner Peace", "Northern Lights", "Romantic", "Snowfall",
};

static void
sim_state_copy (SimState       *dest,
                const SimState *src)
{
  *dest = *src;
  dest->color_mode = g_strdup (src->color_mode);
  dest->effect = g_strdup (src->effect);
}

static void
sim_state_clear (SimState *state)
{
  g_clear_pointer (&state->color_mode, g_free);
  g_clear_pointer (&state->effect, g_free);
}

/* ------------------------------------------------------------------ */
/* Answers                                                            */

static void
add_ranged (JsonBuilder *builder,
            const char  *member,
            int          value,
            int          min,
            int          max)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "value");
  json_builder_add_int_value (builder, value);
  json_builder_set_member_name (builder, "max");
  json_builder_add_int_value (builder, max);
  json_builder_set_member_name (builder, "min");
  json_builder_add_int_value (builder, min);
  json_builder_end_object (builder);
}

static void
build_state (HearthSimNanoleafDevice *self,
             JsonBuilder             *builder)
{
  json_builder_begin_object (builder);
  add_ranged (builder, "brightness", self->state.brightness, 0, 100);
  json_builder_set_member_name (builder, "colorMode");
  json_builder_add_string_value (builder, self->state.color_mode);
  add_ranged (builder, "ct", self->state.ct, self->ct_min, self->ct_max);
  add_ranged (builder, "hue", self->state.hue, 0, 360);
  json_builder_set_member_name (builder, "on");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "value");
  json_builder_add_boolean_value (builder, self->state.on);
  json_builder_end_object (builder);
  add_ranged (builder, "sat", self->state.sat, 0, 100);
  json_builder_end_object (builder);
}

static void
build_effects_list (HearthSimNanoleafDevice *self,
                    JsonBuilder             *builder)
{
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->effects->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (self->effects, i));
  json_builder_end_array (builder);
}

static void
build_effects (HearthSimNanoleafDevice *self,
               JsonBuilder             *builder)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "effectsList");
  build_effects_list (self, builder);
  json_builder_set_member_name (builder, "select");
  json_builder_add_string_value (builder, self->state.effect);
  json_builder_end_object (builder);
}

static JsonNode *
build_info (HearthSimNanoleafDevice *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, hearth_sim_device_get_name (HEARTH_SIM_DEVICE (self)));
  json_builder_set_member_name (builder, "serialNo");
  json_builder_add_string_value (builder, self->serial);
  json_builder_set_member_name (builder, "manufacturer");
  json_builder_add_string_value (builder, "Nanoleaf");
  json_builder_set_member_name (builder, "firmwareVersion");
  json_builder_add_string_value (builder, self->firmware);
  json_builder_set_member_name (builder, "hardwareVersion");
  json_builder_add_string_value (builder, "1.0-4");
  json_builder_set_member_name (builder, "model");
  json_builder_add_string_value (builder, self->model);
  json_builder_set_member_name (builder, "cloudHash");
  json_builder_begin_object (builder);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "effects");
  build_effects (self, builder);
  json_builder_set_member_name (builder, "panelLayout");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "globalOrientation");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "value");
  json_builder_add_int_value (builder, 0);
  json_builder_set_member_name (builder, "max");
  json_builder_add_int_value (builder, 360);
  json_builder_set_member_name (builder, "min");
  json_builder_add_int_value (builder, 0);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "layout");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "numPanels");
  json_builder_add_int_value (builder, 0);
  json_builder_set_member_name (builder, "sideLength");
  json_builder_add_int_value (builder, 0);
  json_builder_set_member_name (builder, "positionData");
  json_builder_begin_array (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "state");
  build_state (self, builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* ------------------------------------------------------------------ */
/* Events                                                             */

static void
stream_send (Stream     *stream,
             const char *text)
{
  SoupMessageBody *body = soup_server_message_get_response_body (stream->msg);

  soup_message_body_append (body, SOUP_MEMORY_COPY, text, strlen (text));
  soup_server_message_unpause (stream->msg);
}

static void
broadcast (HearthSimNanoleafDevice *self,
           guint                    event_id,
           JsonBuilder             *events)
{
  g_autoptr(JsonNode) root = json_builder_get_root (events);
  g_autofree char *data = json_to_string (root, FALSE);
  g_autofree char *text = g_strdup_printf ("id: %u\ndata: %s\n\n", event_id, data);

  for (guint i = 0; i < self->streams->len; i++)
    {
      Stream *stream = g_ptr_array_index (self->streams, i);

      if (stream->ids & (1u << event_id))
        stream_send (stream, text);
    }
}

static void
add_event (JsonBuilder *builder,
           int          attr)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "attr");
  json_builder_add_int_value (builder, attr);
  json_builder_set_member_name (builder, "value");
}

/* Pushes what differs between @old and the current state */
static void
push_changes (HearthSimNanoleafDevice *self,
              const SimState          *old)
{
  const SimState *now = &self->state;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  gboolean any = FALSE;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "events");
  json_builder_begin_array (builder);
#define INT_EVENT(attr, field) \
  if (old->field != now->field) \
    { \
      add_event (builder, attr); \
      json_builder_add_int_value (builder, now->field); \
      json_builder_end_object (builder); \
      any = TRUE; \
    }
  if (old->on != now->on)
    {
      add_event (builder, 1);
      json_builder_add_boolean_value (builder, now->on);
      json_builder_end_object (builder);
      any = TRUE;
    }
  INT_EVENT (2, brightness)
  INT_EVENT (3, hue)
  INT_EVENT (4, sat)
  INT_EVENT (5, ct)
#undef INT_EVENT
  if (g_strcmp0 (old->color_mode, now->color_mode) != 0)
    {
      add_event (builder, 6);
      json_builder_add_string_value (builder, now->color_mode);
      json_builder_end_object (builder);
      any = TRUE;
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  if (any)
    broadcast (self, 1, builder);

  if (g_strcmp0 (old->effect, now->effect) != 0)
    {
      g_autoptr(JsonBuilder) effects = json_builder_new ();

      json_builder_begin_object (effects);
      json_builder_set_member_name (effects, "events");
      json_builder_begin_array (effects);
      add_event (effects, 1);
      json_builder_add_string_value (effects, now->effect);
      json_builder_end_object (effects);
      json_builder_end_array (effects);
      json_builder_end_object (effects);
      broadcast (self, 3, effects);
    }
}

static void
on_stream_finished (SoupServerMessage *msg,
                    gpointer           user_data)
{
  Stream *stream = user_data;

  g_ptr_array_remove_fast (stream->self->streams, stream);
}

static void
stream_free (gpointer data)
{
  Stream *stream = data;

  if (stream->hangup != NULL)
    {
      g_source_destroy (stream->hangup);
      g_source_unref (stream->hangup);
    }
  g_signal_handlers_disconnect_by_func (stream->msg, on_stream_finished, stream);
  g_object_unref (stream->msg);
  g_free (stream);
}

/* While a stream waits for events the server does not read its socket, so
 * a client that went away is only noticed here */
static gboolean
on_stream_readable (GSocket      *socket,
                    GIOCondition  condition,
                    gpointer      data)
{
  Stream *stream = data;
  HearthSimNanoleafDevice *self = stream->self;
  char byte;
  gssize n;

  n = recv (g_socket_get_fd (socket), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  if (n < 0 && (errno == EAGAIN || errno == EINTR))
    return G_SOURCE_CONTINUE;
  if (n > 0)
    {
      /* Data rather than a hang-up: stop watching, or this would spin */
      g_clear_pointer (&stream->hangup, g_source_unref);
      return G_SOURCE_REMOVE;
    }

  /* Gone: end the message; the server drops the connection */
  g_source_unref (g_steal_pointer (&stream->hangup));
  g_object_ref (stream->msg);
  {
    g_autoptr(SoupServerMessage) msg = stream->msg;

    g_ptr_array_remove_fast (self->streams, stream);
    soup_message_body_complete (soup_server_message_get_response_body (msg));
    soup_server_message_unpause (msg);
  }
  return G_SOURCE_REMOVE;
}

static void
drop_streams (HearthSimNanoleafDevice *self)
{
  g_autoptr(GPtrArray) streams = g_ptr_array_new_with_free_func (stream_free);

  /* Take them out first: finishing a message may run "finished" at once */
  while (self->streams->len > 0)
    {
      Stream *stream = g_ptr_array_steal_index_fast (self->streams, 0);

      g_ptr_array_add (streams, stream);
    }

  for (guint i = 0; i < streams->len; i++)
    {
      Stream *stream = g_ptr_array_index (streams, i);

      g_signal_handlers_disconnect_by_func (stream->msg, on_stream_finished, stream);
      soup_message_body_complete (soup_server_message_get_response_body (stream->msg));
      soup_server_message_unpause (stream->msg);
    }
}

static void
open_stream (HearthSimNanoleafDevice *self,
             SoupServerMessage       *msg,
             GHashTable              *query)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  const char *ids = query ? g_hash_table_lookup (query, "id") : NULL;
  g_auto(GStrv) parts = NULL;
  Stream *stream;
  guint mask = 0;

  if (self->refuse_events)
    {
      hearth_sim_reply_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, NULL);
      return;
    }

  parts = g_strsplit (ids != NULL ? ids : "", ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      guint64 id;

      if (!g_ascii_string_to_unsigned (parts[i], 10, 1, 4, &id, NULL))
        {
          hearth_sim_reply_error (msg, SOUP_STATUS_BAD_REQUEST, NULL);
          return;
        }
      mask |= 1u << id;
    }
  if (mask == 0)
    {
      hearth_sim_reply_error (msg, SOUP_STATUS_BAD_REQUEST, NULL);
      return;
    }

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  soup_message_headers_set_content_type (headers, "text/event-stream", NULL);
  soup_message_headers_replace (headers, "Cache-Control", "no-cache");
  soup_message_body_set_accumulate (soup_server_message_get_response_body (msg), FALSE);

  stream = g_new0 (Stream, 1);
  stream->self = self;
  stream->msg = g_object_ref (msg);
  stream->ids = mask;
  g_signal_connect (msg, "finished", G_CALLBACK (on_stream_finished), stream);
  if (soup_server_message_get_socket (msg) != NULL)
    {
      stream->hangup = g_socket_create_source (soup_server_message_get_socket (msg),
                                               G_IO_IN | G_IO_HUP | G_IO_ERR, NULL);
      g_source_set_callback (stream->hangup, (GSourceFunc) (GCallback) on_stream_readable,
                             stream, NULL);
      g_source_attach (stream->hangup, NULL);
    }
  g_ptr_array_add (self->streams, stream);
}

/* ------------------------------------------------------------------ */
/* Changes                                                            */

/* {"value":N} or {"increment":N} of @member as a number: FALSE when bad */
static gboolean
read_value (JsonObject *body,
            const char *member,
            int         current,
            int         min,
            int         max,
            int        *result)
{
  JsonNode *node = json_object_get_member (body, member);
  JsonObject *object;
  JsonNode *value;
  gboolean increment = FALSE;
  gint64 v;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;
  object = json_node_get_object (node);
  value = json_object_get_member (object, "value");
  if (value == NULL)
    {
      value = json_object_get_member (object, "increment");
      increment = TRUE;
    }
  if (value == NULL || !JSON_NODE_HOLDS_VALUE (value) ||
      json_node_get_value_type (value) != G_TYPE_INT64)
    return FALSE;

  v = json_node_get_int (value);
  if (v < -100000 || v > 100000)
    return FALSE;
  if (increment)
    v += current;
  *result = (int) CLAMP (v, min, max);
  return TRUE;
}

static void
set_mode (SimState   *state,
          const char *mode)
{
  g_free (state->color_mode);
  state->color_mode = g_strdup (mode);
  if (!g_str_equal (mode, "effect"))
    {
      g_free (state->effect);
      state->effect = g_strdup ("*Solid*");
    }
}

/* PUT …/state: checked whole, then applied key by key in the body's order */
static gboolean
put_state (HearthSimNanoleafDevice *self,
           JsonObject              *body)
{
  g_autoptr(GList) members = json_object_get_members (body);
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();
  SimState next;
  SimState old;

  sim_state_copy (&next, &self->state);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *key = l->data;
      int value = 0;

      if (g_str_equal (key, "on"))
        {
          JsonObject *on = JSON_NODE_HOLDS_OBJECT (json_object_get_member (body, key)) ?
                           json_object_get_object_member (body, key) : NULL;
          JsonNode *v = on ? json_object_get_member (on, "value") : NULL;

          if (v == NULL || !JSON_NODE_HOLDS_VALUE (v) ||
              json_node_get_value_type (v) != G_TYPE_BOOLEAN)
            goto bad;
          next.on = json_node_get_boolean (v);
        }
      else if (g_str_equal (key, "brightness"))
        {
          if (!read_value (body, key, next.brightness, 0, 100, &value))
            goto bad;
          next.brightness = value;
          /* As the firmware: a brightness switches the light on */
          next.on = TRUE;
        }
      else if (g_str_equal (key, "hue") || g_str_equal (key, "sat"))
        {
          gboolean hue = g_str_equal (key, "hue");

          if (!read_value (body, key, hue ? next.hue : next.sat, 0, hue ? 360 : 100, &value))
            goto bad;
          if (hue)
            next.hue = value;
          else
            next.sat = value;
          set_mode (&next, "hs");
        }
      else if (g_str_equal (key, "ct"))
        {
          if (!read_value (body, key, next.ct, self->ct_min, self->ct_max, &value))
            goto bad;
          next.ct = value;
          set_mode (&next, "ct");
        }
      else
        goto bad;

      g_ptr_array_add (keys, (gpointer) key);
    }
  g_ptr_array_add (keys, NULL);

  g_strfreev (self->last_state_keys);
  self->last_state_keys = g_strdupv ((GStrv) keys->pdata);

  old = self->state;
  self->state = next;
  push_changes (self, &old);
  sim_state_clear (&old);
  return TRUE;

bad:
  sim_state_clear (&next);
  return FALSE;
}

static gboolean
select_effect (HearthSimNanoleafDevice *self,
               const char              *name)
{
  SimState old;

  if (name == NULL)
    return FALSE;
  for (guint i = 0; i < self->effects->len; i++)
    if (g_str_equal (name, g_ptr_array_index (self->effects, i)))
      {
        sim_state_copy (&old, &self->state);
        g_free (self->state.effect);
        self->state.effect = g_strdup (name);
        g_free (self->state.color_mode);
        self->state.color_mode = g_strdup ("effect");
        push_changes (self, &old);
        sim_state_clear (&old);
        return TRUE;
      }

  return FALSE;
}

static char *
new_token (void)
{
  static const char alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  char *token = g_malloc (TOKEN_LENGTH + 1);

  for (guint i = 0; i < TOKEN_LENGTH; i++)
    token[i] = alphabet[g_random_int_range (0, sizeof alphabet - 1)];
  token[TOKEN_LENGTH] = '\0';

  return token;
}

static void
reply_json_node (SoupServerMessage *msg,
                 JsonBuilder       *builder)
{
  g_autoptr(JsonNode) node = json_builder_get_root (builder);

  hearth_sim_reply_json (msg, node);
}

static void
on_api_request (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  HearthSimNanoleafDevice *self = HEARTH_SIM_NANOLEAF_DEVICE (user_data);
  const char *method = soup_server_message_get_method (msg);
  gboolean is_get = g_str_equal (method, SOUP_METHOD_GET);
  gboolean is_put = g_str_equal (method, SOUP_METHOD_PUT);
  const char *rest;
  g_autofree char *token = NULL;
  const char *slash;
  const char *sub;

  if (!g_str_has_prefix (path, "/api/v1"))
    {
      hearth_sim_reply_error (msg, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }
  rest = path + strlen ("/api/v1");
  if (*rest == '/')
    rest++;

  if (g_str_equal (rest, "new"))
    {
      if (!g_str_equal (method, SOUP_METHOD_POST))
        {
          hearth_sim_reply_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, NULL);
          return;
        }
      if (g_get_monotonic_time () >= self->pairing_until)
        {
          hearth_sim_reply_error (msg, SOUP_STATUS_FORBIDDEN, NULL);
          return;
        }
      else
        {
          g_autoptr(JsonBuilder) builder = json_builder_new ();
          char *issued = new_token ();

          g_hash_table_add (self->tokens, issued);
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "auth_token");
          json_builder_add_string_value (builder, issued);
          json_builder_end_object (builder);
          reply_json_node (msg, builder);
          return;
        }
    }

  slash = strchr (rest, '/');
  token = slash ? g_strndup (rest, slash - rest) : g_strdup (rest);
  sub = slash ? slash + 1 : "";
  if (*token == '\0' || !g_hash_table_contains (self->tokens, token))
    {
      hearth_sim_reply_error (msg, SOUP_STATUS_UNAUTHORIZED, NULL);
      return;
    }

  if (*sub == '\0' && is_get)
    {
      g_autoptr(JsonNode) info = build_info (self);

      hearth_sim_reply_json (msg, info);
    }
  else if (*sub == '\0' && g_str_equal (method, SOUP_METHOD_DELETE))
    {
      g_hash_table_remove (self->tokens, token);
      soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
    }
  else if (g_str_equal (sub, "state") && is_get)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      build_state (self, builder);
      reply_json_node (msg, builder);
    }
  else if (g_str_equal (sub, "state") && is_put)
    {
      g_autoptr(JsonObject) body = hearth_sim_read_json_object (msg);

      if (body == NULL || !put_state (self, body))
        hearth_sim_reply_error (msg, SOUP_STATUS_BAD_REQUEST, NULL);
      else
        soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
    }
  else if (g_str_equal (sub, "effects") && is_get)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      build_effects (self, builder);
      reply_json_node (msg, builder);
    }
  else if (g_str_equal (sub, "effects/select") && is_get)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_VALUE);

      /* A bare JSON string, as the firmware answers */
      json_node_set_string (node, self->state.effect);
      {
        g_autofree char *text = json_to_string (node, FALSE);

        soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
        soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY,
                                          text, strlen (text));
      }
    }
  else if (g_str_equal (sub, "effects/effectsList") && is_get)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      build_effects_list (self, builder);
      reply_json_node (msg, builder);
    }
  else if (g_str_equal (sub, "effects") && is_put)
    {
      g_autoptr(JsonObject) body = hearth_sim_read_json_object (msg);
      JsonNode *select = body ? json_object_get_member (body, "select") : NULL;

      if (select == NULL || !JSON_NODE_HOLDS_VALUE (select) ||
          json_node_get_value_type (select) != G_TYPE_STRING)
        hearth_sim_reply_error (msg, SOUP_STATUS_BAD_REQUEST, NULL);
      else if (!select_effect (self, json_node_get_string (select)))
        hearth_sim_reply_error (msg, SOUP_STATUS_NOT_FOUND, NULL);
      else
        soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
    }
  else if (g_str_equal (sub, "identify") && is_put)
    {
      self->identified++;
      soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
    }
  else if (g_str_equal (sub, "events") && is_get)
    open_stream (self, msg, query);
  else
    hearth_sim_reply_error (msg, SOUP_STATUS_NOT_FOUND, NULL);
}

/* ------------------------------------------------------------------ */
/* HearthSimDevice                                                    */

static void
hearth_sim_nanoleaf_device_setup (HearthSimDevice *device,
                                  SoupServer      *server)
{
  HearthSimNanoleafDevice *self = HEARTH_SIM_NANOLEAF_DEVICE (device);
  const char *password = hearth_sim_device_get_password (device);

  if (password != NULL && *password != '\0')
    g_hash_table_add (self->tokens, g_strdup (password));

  hearth_sim_device_add_handler (device, "/api/v1", on_api_request, device, NULL);
}

static void
hearth_sim_nanoleaf_device_list_services (HearthSimDevice *device,
                                          GPtrArray       *services)
{
  HearthSimNanoleafDevice *self = HEARTH_SIM_NANOLEAF_DEVICE (device);
  g_autofree char *id = g_strdup_printf ("id=%s", self->txt_id);
  g_autofree char *md = g_strdup_printf ("md=%s", self->model);
  g_autofree char *srcvers = g_strdup_printf ("srcvers=%s", self->firmware);
  g_autofree char *name = NULL;
  const char *txt[] = { id, md, srcvers, NULL };
  gsize n = strlen (self->txt_id);

  /* "Shapes 4A2B": the product and the id's last two bytes */
  name = g_strdup_printf ("%s %c%c%c%c", self->product,
                          self->txt_id[n - 5], self->txt_id[n - 4],
                          self->txt_id[n - 2], self->txt_id[n - 1]);

  g_ptr_array_add (services, hearth_sim_service_new ("_nanoleafapi._tcp", name, txt));
}

static JsonNode *
hearth_sim_nanoleaf_device_get_sim_state (HearthSimDevice *device)
{
  HearthSimNanoleafDevice *self = HEARTH_SIM_NANOLEAF_DEVICE (device);
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "on");
  json_builder_add_boolean_value (builder, self->state.on);
  json_builder_set_member_name (builder, "brightness");
  json_builder_add_int_value (builder, self->state.brightness);
  json_builder_set_member_name (builder, "hue");
  json_builder_add_int_value (builder, self->state.hue);
  json_builder_set_member_name (builder, "sat");
  json_builder_add_int_value (builder, self->state.sat);
  json_builder_set_member_name (builder, "ct");
  json_builder_add_int_value (builder, self->state.ct);
  json_builder_set_member_name (builder, "colorMode");
  json_builder_add_string_value (builder, self->state.color_mode);
  json_builder_set_member_name (builder, "effect");
  json_builder_add_string_value (builder, self->state.effect);
  json_builder_set_member_name (builder, "pairing");
  json_builder_add_boolean_value (builder, g_get_monotonic_time () < self->pairing_until);
  json_builder_set_member_name (builder, "tokens");
  json_builder_add_int_value (builder, g_hash_table_size (self->tokens));
  json_builder_set_member_name (builder, "event_clients");
  json_builder_add_int_value (builder, self->streams->len);
  json_builder_set_member_name (builder, "identified");
  json_builder_add_int_value (builder, self->identified);
  json_builder_set_member_name (builder, "last_state_keys");
  json_builder_begin_array (builder);
  for (guint i = 0; self->last_state_keys != NULL && self->last_state_keys[i] != NULL; i++)
    json_builder_add_string_value (builder, self->last_state_keys[i]);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static gboolean
get_int (JsonObject  *changes,
         const char  *member,
         int          min,
         int          max,
         int         *value,
         gboolean    *present,
         GError     **error)
{
  JsonNode *node = json_object_get_member (changes, member);

  *present = node != NULL;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
      json_node_get_int (node) < min || json_node_get_int (node) > max)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "\"%s\" must be an integer from %d to %d", member, min, max);
      return FALSE;
    }
  *value = (int) json_node_get_int (node);
  return TRUE;
}

static const char *
node_string (JsonNode *node)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
hearth_sim_nanoleaf_device_set_sim_state (HearthSimDevice  *device,
                                          JsonObject       *changes,
                                          GError          **error)
{
  HearthSimNanoleafDevice *self = HEARTH_SIM_NANOLEAF_DEVICE (device);
  int brightness = 0, hue = 0, sat = 0, ct = 0;
  gboolean has_brightness, has_hue, has_sat, has_ct;
  JsonNode *on = json_object_get_member (changes, "on");
  JsonNode *effect = json_object_get_member (changes, "effect");
  JsonNode *button = json_object_get_member (changes, "button");
  JsonNode *events = json_object_get_member (changes, "events");
  JsonNode *accept = json_object_get_member (changes, "accept_token");
  SimState old;

  if (!get_int (changes, "brightness", 0, 100, &brightness, &has_brightness, error) ||
      !get_int (changes, "hue", 0, 360, &hue, &has_hue, error) ||
      !get_int (changes, "sat", 0, 100, &sat, &has_sat, error) ||
      !get_int (changes, "ct", self->ct_min, self->ct_max, &ct, &has_ct, error))
    return FALSE;
  if (on != NULL && (!JSON_NODE_HOLDS_VALUE (on) ||
                     json_node_get_value_type (on) != G_TYPE_BOOLEAN))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "\"on\" must be a boolean");
      return FALSE;
    }
  if (effect != NULL)
    {
      gboolean known = FALSE;

      if (JSON_NODE_HOLDS_VALUE (effect) && json_node_get_value_type (effect) == G_TYPE_STRING)
        for (guint i = 0; i < self->effects->len; i++)
          known |= g_str_equal (json_node_get_string (effect), g_ptr_array_index (self->effects, i));
      if (!known)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "unknown effect");
          return FALSE;
        }
    }
  if (accept != NULL && (node_string (accept) == NULL || *node_string (accept) == '\0'))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "\"accept_token\" must be a token");
      return FALSE;
    }
  if (button != NULL && g_strcmp0 (node_string (button), "pressed") != 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "\"button\" can only be \"pressed\"");
      return FALSE;
    }
  if (events != NULL && g_strcmp0 (node_string (events), "refuse") != 0 &&
      g_strcmp0 (node_string (events), "accept") != 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "\"events\" is \"refuse\" or \"accept\"");
      return FALSE;
    }

  if (button != NULL)
    self->pairing_until = g_get_monotonic_time () + PAIRING_WINDOW_US;
  if (events != NULL)
    self->refuse_events = g_str_equal (node_string (events), "refuse");
  if (json_object_get_boolean_member_with_default (changes, "revoke_tokens", FALSE))
    g_hash_table_remove_all (self->tokens);
  if (accept != NULL)
    g_hash_table_add (self->tokens, g_strdup (node_string (accept)));

  sim_state_copy (&old, &self->state);
  if (on != NULL)
    self->state.on = json_node_get_boolean (on);
  if (has_brightness)
    self->state.brightness = brightness;
  if (has_hue)
    self->state.hue = hue;
  if (has_sat)
    self->state.sat = sat;
  if (has_hue || has_sat)
    set_mode (&self->state, "hs");
  if (has_ct)
    {
      self->state.ct = ct;
      set_mode (&self->state, "ct");
    }
  if (effect != NULL)
    {
      g_free (self->state.effect);
      self->state.effect = g_strdup (json_node_get_string (effect));
      g_free (self->state.color_mode);
      self->state.color_mode = g_strdup ("effect");
    }
  push_changes (self, &old);
  sim_state_clear (&old);

  if (json_object_get_boolean_member_with_default (changes, "drop_events", FALSE))
    drop_streams (self);

  return TRUE;
}

static void
hearth_sim_nanoleaf_device_dispose (GObject *object)
{
  HearthSimNanoleafDevice *self = HEARTH_SIM_NANOLEAF_DEVICE (object);

  if (self->streams != NULL)
    drop_streams (self);

  G_OBJECT_CLASS (hearth_sim_nanoleaf_device_parent_class)->dispose (object);
}

static void
hearth_sim_nanoleaf_device_finalize (GObject *object)
{
  HearthSimNanoleafDevice *self = HEARTH_SIM_NANOLEAF_DEVICE (object);

  g_clear_pointer (&self->product, g_free);
  g_clear_pointer (&self->model, g_free);
  g_clear_pointer (&self->firmware, g_free);
  g_clear_pointer (&self->serial, g_free);
  g_clear_pointer (&self->txt_id, g_free);
  g_clear_pointer (&self->effects, g_ptr_array_unref);
  g_clear_pointer (&self->tokens, g_hash_table_unref);
  g_clear_pointer (&self->streams, g_ptr_array_unref);
  g_clear_pointer (&self->last_state_keys, g_strfreev);
  sim_state_clear (&self->state);

  G_OBJECT_CLASS (hearth_sim_nanoleaf_device_parent_class)->finalize (object);
}

static void
hearth_sim_nanoleaf_device_class_init (HearthSimNanoleafDeviceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  HearthSimDeviceClass *device_class = HEARTH_SIM_DEVICE_CLASS (klass);

  object_class->dispose = hearth_sim_nanoleaf_device_dispose;
  object_class->finalize = hearth_sim_nanoleaf_device_finalize;

  device_class->family = "nanoleaf";
  device_class->setup = hearth_sim_nanoleaf_device_setup;
  device_class->list_services = hearth_sim_nanoleaf_device_list_services;
  device_class->get_sim_state = hearth_sim_nanoleaf_device_get_sim_state;
  device_class->set_sim_state = hearth_sim_nanoleaf_device_set_sim_state;
}

static void
hearth_sim_nanoleaf_device_init (HearthSimNanoleafDevice *self)
{
  self->tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->streams = g_ptr_array_new_with_free_func (stream_free);
  self->effects = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < G_N_ELEMENTS (default_effects); i++)
    g_ptr_array_add (self->effects, g_strdup (default_effects[i]));
}

/**
 * hearth_sim_nanoleaf_new:
 * @variant: "shapes" (default) or "canvas"
 * @index: makes the id and serial number unique
 * @name: the device's name, or %NULL for the factory one ("Shapes 4A2B")
 */
HearthSimDevice *
hearth_sim_nanoleaf_new (const char *variant,
                         guint       index,
                         const char *name)
{
  g_autoptr(HearthSimNanoleafDevice) self = NULL;
  gboolean canvas;
  g_autofree char *txt_id = NULL;
  g_autofree char *default_name = NULL;
  const char *product;

  if (variant == NULL || g_str_equal (variant, "shapes"))
    canvas = FALSE;
  else if (g_str_equal (variant, "canvas"))
    canvas = TRUE;
  else
    {
      g_printerr ("hearth-sim: unknown Nanoleaf variant “%s” (shapes, canvas)\n", variant);
      return NULL;
    }

  product = canvas ? "Canvas" : "Shapes";
  txt_id = g_strdup_printf ("4E:AF:%02X:00:%02X:%02X", canvas ? 0x29 : 0x42,
                            (index >> 8) & 0xff, index & 0xff);
  default_name = g_strdup_printf ("%s %c%c%c%c", product,
                                  txt_id[12], txt_id[13], txt_id[15], txt_id[16]);

  self = g_object_new (HEARTH_TYPE_SIM_NANOLEAF_DEVICE,
                       "id", txt_id,
                       "name", name != NULL && *name != '\0' ? name : default_name,
                       NULL);

  self->product = g_strdup (product);
  self->model = g_strdup (canvas ? "NL29" : "NL42");
  self->firmware = g_strdup (canvas ? "8.5.2" : "9.2.4");
  self->serial = g_strdup_printf ("S%s%05u", canvas ? "1911" : "2124", index % 100000);
  self->txt_id = g_steal_pointer (&txt_id);
  self->ct_min = 1200;
  self->ct_max = 6500;

  self->state.on = FALSE;
  self->state.brightness = 60;
  self->state.hue = 30;
  self->state.sat = 80;
  self->state.ct = 2700;
  self->state.color_mode = g_strdup ("ct");
  self->state.effect = g_strdup ("*Solid*");

  return HEARTH_SIM_DEVICE (g_steal_pointer (&self));
}
