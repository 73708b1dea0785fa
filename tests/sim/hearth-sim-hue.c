/* hearth-sim-hue.c: a simulated Philips Hue bridge
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One variant, "bsb002" (the square v2 bridge), with three lights and two
 * rooms:
 *   light 1 "Sofa Lamp"     Extended color light (LCT015): bri, ct 153–500, xy, hue/sat
 *   light 2 "Reading Light" Color temperature light (LTW001): bri, ct 153–454
 *   light 3 "Hall Ceiling"  Dimmable light (LWB010): bri
 *   group 1 "Living Room"   Room with lights 1 and 2
 *   group 2 "Hallway"       Room with light 3
 *   group 3 "TV area"       Entertainment (not a room: Hearth skips it)
 *
 * It serves HTTPS only (like a Bridge Pro; plain HTTP is being phased out)
 * with a self-signed certificate from hearth-sim-hue-certs.h: bridges with
 * an odd index serve the first one, even ones the second.
 *   GET  /api/config                        identity, no key needed
 *   POST /api {"devicetype":"app#host"}     pairing: [{"error":{"type":101,…}}]
 *                                           until the link button was pressed
 *                                           (within 30 s), then
 *                                           [{"success":{"username":…}}]
 *   GET  /api/<key>/lights[/<id>], /api/<key>/groups[/<id>]
 *   PUT  /api/<key>/lights/<id>/state       on, bri 1–254, ct, xy, hue, sat, effect
 *   PUT  /api/<key>/groups/<id>/action      the same for every light of the group
 *   GET  /eventstream/clip/v2               SSE (header hue-application-key):
 *                                           "id: <unix time>:<n>"
 *                                           "data: [{"type":"update","data":[…]}]"
 *                                           with id_v1 on each resource
 * A PUT answers per key: {"success":{"/lights/1/state/bri":200}}, or an
 * error item. A light that is off refuses bri, ct, xy, hue, sat and effect
 * unless the same body has "on":true: {"error":{"type":201,"address":
 * "/lights/1/state/bri","description":"parameter, bri, is not modifiable.
 * Device is set to off."}} beside the successes, HTTP 200, the refused
 * values unchanged. A group action is refused the same way when none of
 * its lights is on; when some are, those that are off keep their values.
 * Keys a light does not have get error 6, a value of the wrong type error
 * 7 (and nothing changes).
 * The last 32 events are kept: a stream request with Last-Event-ID gets
 * the events after that id first (none when the id is no longer known).
 * An unknown key gets [{"error":{"type":1,…,"description":"unauthorized user"}}]
 * (HTTP 200, as the real bridge answers), or 403 on the event stream.
 *
 * /sim/state: GET {"button":"pressed"|"released","keys":N,"streams":N,
 * "eventstream":bool,"keyed_requests":<requests that carried an app key,
 * known or not>,"rate_violations":N,"event_id":<newest event's id>|null,
 * "history":N,"stream_requests":N,"stream_last_event_id":<the newest stream
 * request's Last-Event-ID>|null,"stream_resumed":<it was in the history>,
 * "stream_replayed":<events sent again to it>,"lights":{"1":{…v1 state…}},
 * "groups":{"1":{"any_on":…,"all_on":…}}}. POST takes
 *   {"button":"pressed"}         the link button: pairing works for 30 s
 *   {"button":"held"}            pairing always works (the demo home's bridge)
 *   {"lights":{"1":{"on":true}}} a change at the bridge (a wall switch)
 *   {"eventstream":false}        a bridge without the v2 event stream (404)
 *   {"drop_streams":true}        ends every open event stream
 *   {"history":N}                keeps N events for resuming (0: a bridge
 *                                that cannot resume, as after a restart)
 *   {"forget_keys":true}         the bridge forgets every app key
 * rate_violations counts v1 requests that came less than 200 ms after the
 * previous one (the real bridge starts refusing at a few per second).
 *
 * mDNS: _hue._tcp, instance "Hue Bridge - A10001" (the id's last 6),
 * TXT bridgeid=<16 hex lower case>, modelid=BSB002.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "hearth-sim-families.h"
#include "hearth-sim-hue-certs.h"

#define HUE_N_LIGHTS      3
#define HUE_LINK_WINDOW_S 30
#define HUE_RATE_GAP_US   (200 * 1000)
/* Events kept for a stream that comes back with Last-Event-ID */
#define HUE_EVENT_HISTORY 32

#define HEARTH_TYPE_SIM_HUE_DEVICE (hearth_sim_hue_device_get_type ())
G_DECLARE_FINAL_TYPE (HearthSimHueDevice, hearth_sim_hue_device,
                      HEARTH, SIM_HUE_DEVICE, HearthSimDevice)

typedef struct
{
  const char *name;
  const char *type;
  const char *modelid;
  const char *productname;
  const char *archetype;
  gboolean    has_ct;
  gboolean    has_color;
  int         ct_min;
  int         ct_max;

  gboolean    on;
  int         bri;
  int         ct;
  double      x, y;
  int         hue, sat;
  const char *colormode;   /* "ct", "xy", "hs" */
  char       *uuid;
  const char *effect;      /* "colorloop", or NULL: "none" */
} SimLight;

typedef struct
{
  const char *name;
  const char *type;
  const char *klass;
  int         lights[HUE_N_LIGHTS];   /* 1-based ids, 0 ends */
  char       *uuid;                    /* the grouped_light */
} SimGroup;

struct _HearthSimHueDevice
{
  HearthSimDevice parent_instance;

  guint      index;
  char      *bridge_id;     /* lower case */
  char      *mac;
  char      *bridge_name;
  gint64     button_until;  /* monotonic µs; 0: not pressed */
  GPtrArray *keys;          /* char* app keys */
  gboolean   eventstream;
  GPtrArray *streams;       /* SoupServerMessage* */
  guint      event_id;
  GQueue     history;       /* SimEvent*, oldest first */
  guint      history_max;
  guint      stream_requests;
  char      *stream_last_event_id;  /* what the newest stream request carried */
  gboolean   stream_resumed;        /* …and whether it was in the history */
  guint      stream_replayed;       /* events sent again from the history */
  gint64     last_v1_us;
  guint      rate_violations;
  guint      keyed_requests;  /* requests that carried an app key, any */

  SimLight   lights[HUE_N_LIGHTS];
  SimGroup   groups[3];
};

G_DEFINE_FINAL_TYPE (HearthSimHueDevice, hearth_sim_hue_device, HEARTH_TYPE_SIM_DEVICE)

/* One event as it went out on the stream, kept for a stream that comes
 * back with Last-Event-ID */
typedef struct
{
  char *id;
  char *chunk;   /* "id: …\ndata: …\n\n" */
} SimEvent;

static void
sim_event_free (gpointer data)
{
  SimEvent *event = data;

  g_free (event->id);
  g_free (event->chunk);
  g_free (event);
}

static char *
make_uuid (guint index,
           guint kind,
           guint n)
{
  return g_strdup_printf ("%08x-%04x-4%03x-8%03x-%012x", 0x5e1f0000u + index, kind, n, index & 0xfff, n);
}

static gboolean
button_pressed (HearthSimHueDevice *self)
{
  return self->button_until > g_get_monotonic_time ();
}

/* JSON of the model */

static void
add_xy (JsonBuilder *builder,
        double       x,
        double       y)
{
  json_builder_begin_array (builder);
  json_builder_add_double_value (builder, x);
  json_builder_add_double_value (builder, y);
  json_builder_end_array (builder);
}

static void
build_light_state (JsonBuilder *builder,
                   SimLight    *light)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "on");
  json_builder_add_boolean_value (builder, light->on);
  json_builder_set_member_name (builder, "bri");
  json_builder_add_int_value (builder, light->bri);
  if (light->has_color)
    {
      json_builder_set_member_name (builder, "hue");
      json_builder_add_int_value (builder, light->hue);
      json_builder_set_member_name (builder, "sat");
      json_builder_add_int_value (builder, light->sat);
      json_builder_set_member_name (builder, "effect");
      json_builder_add_string_value (builder, light->effect != NULL ? light->effect : "none");
      json_builder_set_member_name (builder, "xy");
      add_xy (builder, light->x, light->y);
    }
  if (light->has_ct)
    {
      json_builder_set_member_name (builder, "ct");
      json_builder_add_int_value (builder, light->ct);
    }
  json_builder_set_member_name (builder, "alert");
  json_builder_add_string_value (builder, "select");
  if (light->has_ct || light->has_color)
    {
      json_builder_set_member_name (builder, "colormode");
      json_builder_add_string_value (builder, light->colormode);
    }
  json_builder_set_member_name (builder, "mode");
  json_builder_add_string_value (builder, "homeautomation");
  json_builder_set_member_name (builder, "reachable");
  json_builder_add_boolean_value (builder, TRUE);
  json_builder_end_object (builder);
}

static void
build_light (JsonBuilder        *builder,
             HearthSimHueDevice *self,
             guint               i)
{
  SimLight *light = &self->lights[i];
  g_autofree char *uniqueid = g_strdup_printf ("00:17:88:01:%02x:%02x:%02x:%02x-0b",
                                               (self->index >> 8) & 0xff, self->index & 0xff,
                                               0x10, i + 1);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "state");
  build_light_state (builder, light);
  json_builder_set_member_name (builder, "swupdate");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "state");
  json_builder_add_string_value (builder, "noupdates");
  json_builder_set_member_name (builder, "lastinstall");
  json_builder_add_string_value (builder, "2025-06-12T08:31:02");
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, light->type);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, light->name);
  json_builder_set_member_name (builder, "modelid");
  json_builder_add_string_value (builder, light->modelid);
  json_builder_set_member_name (builder, "manufacturername");
  json_builder_add_string_value (builder, "Signify Netherlands B.V.");
  json_builder_set_member_name (builder, "productname");
  json_builder_add_string_value (builder, light->productname);
  json_builder_set_member_name (builder, "capabilities");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "certified");
  json_builder_add_boolean_value (builder, TRUE);
  json_builder_set_member_name (builder, "control");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "mindimlevel");
  json_builder_add_int_value (builder, 1000);
  json_builder_set_member_name (builder, "maxlumen");
  json_builder_add_int_value (builder, 806);
  if (light->has_color)
    {
      json_builder_set_member_name (builder, "colorgamuttype");
      json_builder_add_string_value (builder, "C");
      json_builder_set_member_name (builder, "colorgamut");
      json_builder_begin_array (builder);
      add_xy (builder, 0.6915, 0.3083);
      add_xy (builder, 0.17, 0.7);
      add_xy (builder, 0.1532, 0.0475);
      json_builder_end_array (builder);
    }
  if (light->has_ct)
    {
      json_builder_set_member_name (builder, "ct");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "min");
      json_builder_add_int_value (builder, light->ct_min);
      json_builder_set_member_name (builder, "max");
      json_builder_add_int_value (builder, light->ct_max);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "config");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "archetype");
  json_builder_add_string_value (builder, light->archetype);
  json_builder_set_member_name (builder, "function");
  json_builder_add_string_value (builder, "mixed");
  json_builder_set_member_name (builder, "direction");
  json_builder_add_string_value (builder, "omnidirectional");
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "uniqueid");
  json_builder_add_string_value (builder, uniqueid);
  json_builder_set_member_name (builder, "swversion");
  json_builder_add_string_value (builder, "1.116.3");
  json_builder_end_object (builder);
}

static void
group_on (HearthSimHueDevice *self,
          SimGroup           *group,
          gboolean           *any_on,
          gboolean           *all_on)
{
  *any_on = FALSE;
  *all_on = TRUE;
  for (guint j = 0; j < HUE_N_LIGHTS && group->lights[j] != 0; j++)
    {
      gboolean on = self->lights[group->lights[j] - 1].on;

      *any_on |= on;
      *all_on &= on;
    }
}

static void
build_group (JsonBuilder        *builder,
             HearthSimHueDevice *self,
             guint               g)
{
  SimGroup *group = &self->groups[g];
  SimLight *first = &self->lights[group->lights[0] - 1];
  gboolean any_on, all_on;

  group_on (self, group, &any_on, &all_on);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, group->name);
  json_builder_set_member_name (builder, "lights");
  json_builder_begin_array (builder);
  for (guint j = 0; j < HUE_N_LIGHTS && group->lights[j] != 0; j++)
    {
      g_autofree char *id = g_strdup_printf ("%d", group->lights[j]);
      json_builder_add_string_value (builder, id);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "sensors");
  json_builder_begin_array (builder);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, group->type);
  json_builder_set_member_name (builder, "state");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "all_on");
  json_builder_add_boolean_value (builder, all_on);
  json_builder_set_member_name (builder, "any_on");
  json_builder_add_boolean_value (builder, any_on);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "recycle");
  json_builder_add_boolean_value (builder, FALSE);
  json_builder_set_member_name (builder, "class");
  json_builder_add_string_value (builder, group->klass);
  json_builder_set_member_name (builder, "action");
  build_light_state (builder, first);
  json_builder_end_object (builder);
}

static JsonNode *
build_collection (HearthSimHueDevice *self,
                  gboolean            groups)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  for (guint i = 0; i < (groups ? G_N_ELEMENTS (self->groups) : HUE_N_LIGHTS); i++)
    {
      g_autofree char *id = g_strdup_printf ("%u", i + 1);

      json_builder_set_member_name (builder, id);
      if (groups)
        build_group (builder, self, i);
      else
        build_light (builder, self, i);
    }
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static JsonNode *
build_config (HearthSimHueDevice *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *upper = g_ascii_strup (self->bridge_id, -1);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, self->bridge_name);
  json_builder_set_member_name (builder, "datastoreversion");
  json_builder_add_string_value (builder, "172");
  json_builder_set_member_name (builder, "swversion");
  json_builder_add_string_value (builder, "1967054020");
  json_builder_set_member_name (builder, "apiversion");
  json_builder_add_string_value (builder, "1.67.0");
  json_builder_set_member_name (builder, "mac");
  json_builder_add_string_value (builder, self->mac);
  json_builder_set_member_name (builder, "bridgeid");
  json_builder_add_string_value (builder, upper);
  json_builder_set_member_name (builder, "factorynew");
  json_builder_add_boolean_value (builder, FALSE);
  json_builder_set_member_name (builder, "replacesbridgeid");
  json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "modelid");
  json_builder_add_string_value (builder, "BSB002");
  json_builder_set_member_name (builder, "starterkitid");
  json_builder_add_string_value (builder, "");
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static JsonNode *
v1_error (int         type,
          const char *address,
          const char *description)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_int_value (builder, type);
  json_builder_set_member_name (builder, "address");
  json_builder_add_string_value (builder, address);
  json_builder_set_member_name (builder, "description");
  json_builder_add_string_value (builder, description);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_end_array (builder);

  return json_builder_get_root (builder);
}

/* The event stream */

static void
v2_light_update (JsonBuilder        *builder,
                 HearthSimHueDevice *self,
                 guint               i)
{
  SimLight *light = &self->lights[i];
  g_autofree char *id_v1 = g_strdup_printf ("/lights/%u", i + 1);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, light->uuid);
  json_builder_set_member_name (builder, "id_v1");
  json_builder_add_string_value (builder, id_v1);
  json_builder_set_member_name (builder, "on");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "on");
  json_builder_add_boolean_value (builder, light->on);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "dimming");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "brightness");
  json_builder_add_double_value (builder, round (light->bri * 10000.0 / 254.0) / 100.0);
  json_builder_end_object (builder);
  if (light->has_ct)
    {
      gboolean valid = g_str_equal (light->colormode, "ct");

      json_builder_set_member_name (builder, "color_temperature");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "mirek");
      if (valid)
        json_builder_add_int_value (builder, light->ct);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "mirek_valid");
      json_builder_add_boolean_value (builder, valid);
      json_builder_end_object (builder);
    }
  if (light->has_color && !g_str_equal (light->colormode, "ct"))
    {
      json_builder_set_member_name (builder, "color");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "xy");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "x");
      json_builder_add_double_value (builder, light->x);
      json_builder_set_member_name (builder, "y");
      json_builder_add_double_value (builder, light->y);
      json_builder_end_object (builder);
      json_builder_end_object (builder);
    }
  json_builder_set_member_name (builder, "owner");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "rid");
  json_builder_add_string_value (builder, light->uuid);
  json_builder_set_member_name (builder, "rtype");
  json_builder_add_string_value (builder, "device");
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "light");
  json_builder_end_object (builder);
}

static void
broadcast (HearthSimHueDevice *self,
           const guint        *changed_lights,
           guint               n_changed)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *json = NULL;
  g_autofree char *chunk = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *created = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  g_autofree char *event_uuid = NULL;
  g_autofree char *id = NULL;
  SimEvent *event;

  /* Events happen whether anyone listens or not: the history keeps them
   * for a stream that comes back */
  if (n_changed == 0)
    return;

  self->event_id++;
  event_uuid = make_uuid (self->index, 0xe, self->event_id);

  builder = json_builder_new ();
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "creationtime");
  json_builder_add_string_value (builder, created);
  json_builder_set_member_name (builder, "data");
  json_builder_begin_array (builder);
  for (guint k = 0; k < n_changed; k++)
    v2_light_update (builder, self, changed_lights[k]);
  /* The rooms these lights are in */
  for (guint g = 0; g < G_N_ELEMENTS (self->groups); g++)
    {
      SimGroup *group = &self->groups[g];
      gboolean touched = FALSE, any_on, all_on;
      g_autofree char *id_v1 = g_strdup_printf ("/groups/%u", g + 1);

      for (guint j = 0; j < HUE_N_LIGHTS && group->lights[j] != 0; j++)
        for (guint k = 0; k < n_changed; k++)
          touched |= (guint) group->lights[j] == changed_lights[k] + 1;
      if (!touched)
        continue;

      group_on (self, group, &any_on, &all_on);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, group->uuid);
      json_builder_set_member_name (builder, "id_v1");
      json_builder_add_string_value (builder, id_v1);
      json_builder_set_member_name (builder, "on");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "on");
      json_builder_add_boolean_value (builder, any_on);
      json_builder_end_object (builder);
      json_builder_set_member_name (builder, "type");
      json_builder_add_string_value (builder, "grouped_light");
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, event_uuid);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "update");
  json_builder_end_object (builder);
  json_builder_end_array (builder);

  root = json_builder_get_root (builder);
  json = json_to_string (root, FALSE);
  /* The real bridge's ids look like "1700000000:0" */
  id = g_strdup_printf ("%" G_GINT64_FORMAT ":%u", g_get_real_time () / G_USEC_PER_SEC, self->event_id);
  chunk = g_strdup_printf ("id: %s\ndata: %s\n\n", id, json);

  event = g_new0 (SimEvent, 1);
  event->id = g_strdup (id);
  event->chunk = g_strdup (chunk);
  g_queue_push_tail (&self->history, event);
  while (g_queue_get_length (&self->history) > MAX (self->history_max, 1))
    sim_event_free (g_queue_pop_head (&self->history));

  for (guint i = 0; i < self->streams->len; i++)
    {
      SoupServerMessage *msg = g_ptr_array_index (self->streams, i);

      soup_message_body_append (soup_server_message_get_response_body (msg),
                                SOUP_MEMORY_COPY, chunk, strlen (chunk));
      soup_server_message_unpause (msg);
    }
}

static void
on_stream_finished (SoupServerMessage *msg,
                    gpointer           user_data)
{
  HearthSimHueDevice *self = user_data;

  g_ptr_array_remove (self->streams, msg);
}

static void
drop_streams (HearthSimHueDevice *self)
{
  g_autoptr(GPtrArray) streams = g_steal_pointer (&self->streams);

  self->streams = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < streams->len; i++)
    {
      SoupServerMessage *msg = g_ptr_array_index (streams, i);

      g_signal_handlers_disconnect_by_func (msg, on_stream_finished, self);
      soup_message_body_complete (soup_server_message_get_response_body (msg));
      soup_server_message_unpause (msg);
    }
}

/* Changes, from the API or from /sim/state */

static gboolean
read_int (JsonObject *object,
          const char *member,
          int         min,
          int         max,
          int        *value)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      (json_node_get_value_type (node) != G_TYPE_INT64 && json_node_get_value_type (node) != G_TYPE_DOUBLE))
    return FALSE;
  *value = CLAMP ((int) json_node_get_double (node), min, max);
  return TRUE;
}

/* What a light that is off refuses, unless the same body turns it on:
 * error 201, "parameter, bri, is not modifiable. Device is set to off." */
static gboolean
refused_when_off (const char *member)
{
  static const char * const names[] = { "bri", "ct", "xy", "hue", "sat", "effect", NULL };

  return g_strv_contains (names, member);
}

static gboolean
body_turns_on (JsonObject *body)
{
  JsonNode *node = json_object_get_member (body, "on");

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_BOOLEAN && json_node_get_boolean (node);
}

/* Whether @light has the v1 state key @member at all */
static gboolean
light_knows (const SimLight *light,
             const char     *member)
{
  if (g_str_equal (member, "on") || g_str_equal (member, "bri") ||
      g_str_equal (member, "transitiontime") || g_str_equal (member, "alert"))
    return TRUE;
  if (g_str_equal (member, "ct"))
    return light->has_ct;
  if (g_str_equal (member, "xy") || g_str_equal (member, "hue") ||
      g_str_equal (member, "sat") || g_str_equal (member, "effect"))
    return light->has_color;
  return FALSE;
}

static void
add_result_error (JsonBuilder *results,
                  int          type,
                  const char  *address,
                  const char  *description)
{
  json_builder_begin_object (results);
  json_builder_set_member_name (results, "error");
  json_builder_begin_object (results);
  json_builder_set_member_name (results, "type");
  json_builder_add_int_value (results, type);
  json_builder_set_member_name (results, "address");
  json_builder_add_string_value (results, address);
  json_builder_set_member_name (results, "description");
  json_builder_add_string_value (results, description);
  json_builder_end_object (results);
  json_builder_end_object (results);
}

/* The bridge's answer to a PUT of @body at @prefix ("/lights/1/state",
 * "/groups/1/action"): per key, success with the value, error 6 for a key
 * the light (or no light of the group) has, error 201 for what an off
 * light (a group with no light on) refuses. */
static void
add_results (JsonBuilder        *results,
             HearthSimHueDevice *self,
             const guint        *lights,
             guint               n_lights,
             JsonObject         *body,
             const char         *prefix)
{
  gboolean off = !body_turns_on (body);
  JsonObjectIter iter;
  const char *member;
  JsonNode *node;

  for (guint k = 0; k < n_lights; k++)
    off &= !self->lights[lights[k]].on;

  /* In the order of the request, as the bridge answers */
  json_object_iter_init_ordered (&iter, body);
  while (json_object_iter_next_ordered (&iter, &member, &node))
    {
      g_autofree char *address = g_strdup_printf ("%s/%s", prefix, member);
      gboolean known = FALSE;

      for (guint k = 0; k < n_lights; k++)
        known |= light_knows (&self->lights[lights[k]], member);

      if (!known)
        {
          g_autofree char *description = g_strdup_printf ("parameter, %s, not available", member);

          add_result_error (results, 6, address, description);
        }
      else if (off && refused_when_off (member))
        {
          g_autofree char *description =
            g_strdup_printf ("parameter, %s, is not modifiable. Device is set to off.", member);

          add_result_error (results, 201, address, description);
        }
      else
        {
          json_builder_begin_object (results);
          json_builder_set_member_name (results, "success");
          json_builder_begin_object (results);
          json_builder_set_member_name (results, address);
          json_builder_add_value (results, json_node_copy (node));
          json_builder_end_object (results);
          json_builder_end_object (results);
        }
    }
}

static gboolean
light_differs (const SimLight *a,
               const SimLight *b)
{
  return a->on != b->on || a->bri != b->bri || a->ct != b->ct || a->x != b->x || a->y != b->y ||
         a->hue != b->hue || a->sat != b->sat || g_strcmp0 (a->colormode, b->colormode) != 0 ||
         g_strcmp0 (a->effect, b->effect) != 0;
}

/* Applies the v1 state keys of @body to @light (a copy: nothing changes
 * on FALSE, when a key has the wrong type). Keys the light does not have
 * are skipped; with @refuse_off, so are those an off light refuses (unless
 * @body turns it on), as the real bridge does. */
static gboolean
merge_light (SimLight   *light,
             JsonObject *body,
             gboolean    refuse_off)
{
  SimLight next = *light;
  gboolean off = refuse_off && !light->on && !body_turns_on (body);
  JsonNode *node;
  int value;
  JsonObjectIter iter;
  const char *member;

  json_object_iter_init (&iter, body);
  while (json_object_iter_next (&iter, &member, &node))
    {
      gboolean ok = TRUE;

      if (!light_knows (light, member) || (off && refused_when_off (member)))
        continue;

      if (g_str_equal (member, "on"))
        {
          if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
            ok = FALSE;
          else
            next.on = json_node_get_boolean (node);
        }
      else if (g_str_equal (member, "bri"))
        {
          if (!read_int (body, member, 1, 254, &value))
            ok = FALSE;
          else
            next.bri = value;
        }
      else if (g_str_equal (member, "ct"))
        {
          if (!read_int (body, member, light->ct_min, light->ct_max, &value))
            ok = FALSE;
          else
            {
              next.ct = value;
              next.colormode = "ct";
            }
        }
      else if (g_str_equal (member, "xy"))
        {
          JsonArray *xy = JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

          if (xy == NULL || json_array_get_length (xy) != 2 ||
              !JSON_NODE_HOLDS_VALUE (json_array_get_element (xy, 0)) ||
              !JSON_NODE_HOLDS_VALUE (json_array_get_element (xy, 1)) ||
              json_node_get_value_type (json_array_get_element (xy, 0)) == G_TYPE_STRING ||
              json_node_get_value_type (json_array_get_element (xy, 1)) == G_TYPE_STRING)
            ok = FALSE;
          else
            {
              next.x = CLAMP (json_array_get_double_element (xy, 0), 0.0, 1.0);
              next.y = CLAMP (json_array_get_double_element (xy, 1), 0.0, 1.0);
              next.colormode = "xy";
            }
        }
      else if (g_str_equal (member, "hue"))
        {
          if (!read_int (body, member, 0, 65535, &value))
            ok = FALSE;
          else
            {
              next.hue = value;
              next.colormode = "hs";
            }
        }
      else if (g_str_equal (member, "sat"))
        {
          if (!read_int (body, member, 0, 254, &value))
            ok = FALSE;
          else
            {
              next.sat = value;
              next.colormode = "hs";
            }
        }
      else if (g_str_equal (member, "effect"))
        {
          const char *effect = JSON_NODE_HOLDS_VALUE (node) &&
                               json_node_get_value_type (node) == G_TYPE_STRING
                               ? json_node_get_string (node) : NULL;

          if (g_strcmp0 (effect, "none") == 0)
            next.effect = NULL;
          else if (g_strcmp0 (effect, "colorloop") == 0)
            next.effect = "colorloop";
          else
            ok = FALSE;
        }
      /* transitiontime and alert change nothing to see */

      if (!ok)
        return FALSE;
    }

  *light = next;
  return TRUE;
}

/* Request handling */

static void
reply_v1 (SoupServerMessage *msg,
          JsonNode          *node)
{
  hearth_sim_reply_json (msg, node);
  json_node_unref (node);
}

static void
note_v1_request (HearthSimHueDevice *self)
{
  gint64 now = g_get_monotonic_time ();

  if (self->last_v1_us != 0 && now - self->last_v1_us < HUE_RATE_GAP_US)
    self->rate_violations++;
  self->last_v1_us = now;
}

static gboolean
key_known (HearthSimHueDevice *self,
           const char         *key)
{
  for (guint i = 0; key != NULL && i < self->keys->len; i++)
    if (g_str_equal (g_ptr_array_index (self->keys, i), key))
      return TRUE;
  return FALSE;
}

static void
handle_pairing (HearthSimHueDevice *self,
                SoupServerMessage  *msg)
{
  g_autoptr(JsonObject) body = hearth_sim_read_json_object (msg);
  const char *devicetype = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autofree char *key = NULL;

  if (body != NULL && json_object_has_member (body, "devicetype") &&
      JSON_NODE_HOLDS_VALUE (json_object_get_member (body, "devicetype")) &&
      json_node_get_value_type (json_object_get_member (body, "devicetype")) == G_TYPE_STRING)
    devicetype = json_object_get_string_member (body, "devicetype");

  if (devicetype == NULL || *devicetype == '\0' || strlen (devicetype) > 40)
    {
      reply_v1 (msg, v1_error (7, "/devicetype", "invalid value, , for parameter, devicetype"));
      return;
    }

  if (!button_pressed (self))
    {
      reply_v1 (msg, v1_error (101, "", "link button not pressed"));
      return;
    }

  key = g_strdup_printf ("%08x%08x%08x%08x%08x",
                         g_random_int (), g_random_int (), g_random_int (),
                         g_random_int (), g_random_int ());
  g_ptr_array_add (self->keys, g_strdup (key));

  builder = json_builder_new ();
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "success");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "username");
  json_builder_add_string_value (builder, key);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  reply_v1 (msg, json_builder_get_root (builder));
}

/* /api/<key>/<collection>[/<id>[/state|/action]] */
static void
handle_v1 (HearthSimHueDevice *self,
           SoupServerMessage  *msg,
           const char         *method,
           char              **parts,
           guint               n_parts)
{
  const char *collection = parts[1];
  gboolean groups;
  guint64 id = 0;
  g_autofree char *address = g_strdup_printf ("/%s", collection);

  self->keyed_requests++;
  if (!key_known (self, parts[0]))
    {
      reply_v1 (msg, v1_error (1, address, "unauthorized user"));
      return;
    }

  if (g_str_equal (collection, "config") && n_parts == 2 && g_str_equal (method, "GET"))
    {
      reply_v1 (msg, build_config (self));
      return;
    }

  if (!g_str_equal (collection, "lights") && !g_str_equal (collection, "groups"))
    {
      reply_v1 (msg, v1_error (4, address, "method, GET, not available for resource"));
      return;
    }
  groups = g_str_equal (collection, "groups");

  if (n_parts >= 3 &&
      (!g_ascii_string_to_unsigned (parts[2], 10, 1,
                                    groups ? G_N_ELEMENTS (self->groups) : HUE_N_LIGHTS,
                                    &id, NULL)))
    {
      g_autofree char *resource = g_strdup_printf ("/%s/%s", collection, parts[2]);
      g_autofree char *description = g_strdup_printf ("resource, %s, not available", resource);

      reply_v1 (msg, v1_error (3, resource, description));
      return;
    }

  if (g_str_equal (method, "GET") && n_parts == 2)
    {
      reply_v1 (msg, build_collection (self, groups));
      return;
    }

  if (g_str_equal (method, "GET") && n_parts == 3)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      if (groups)
        build_group (builder, self, id - 1);
      else
        build_light (builder, self, id - 1);
      reply_v1 (msg, json_builder_get_root (builder));
      return;
    }

  if (g_str_equal (method, "PUT") && n_parts == 4 &&
      g_str_equal (parts[3], groups ? "action" : "state"))
    {
      g_autoptr(JsonObject) body = hearth_sim_read_json_object (msg);
      g_autoptr(JsonBuilder) results = json_builder_new ();
      g_autofree char *prefix = g_strdup_printf ("/%s/%s/%s", collection, parts[2], parts[3]);
      guint members[HUE_N_LIGHTS], changed[HUE_N_LIGHTS];
      SimLight next[HUE_N_LIGHTS];
      guint n_members = 0, n_changed = 0;

      if (body == NULL)
        {
          reply_v1 (msg, v1_error (2, prefix, "body contains invalid JSON"));
          return;
        }

      if (groups)
        {
          SimGroup *group = &self->groups[id - 1];

          for (guint j = 0; j < HUE_N_LIGHTS && group->lights[j] != 0; j++)
            members[n_members++] = group->lights[j] - 1;
        }
      else
        members[n_members++] = id - 1;

      /* All or nothing: a key of the wrong type changes no light */
      for (guint k = 0; k < n_members; k++)
        {
          next[k] = self->lights[members[k]];
          if (!merge_light (&next[k], body, TRUE))
            {
              reply_v1 (msg, v1_error (7, prefix, "invalid value for parameter"));
              return;
            }
        }

      /* One result list for the group, not one per light */
      json_builder_begin_array (results);
      add_results (results, self, members, n_members, body, prefix);
      json_builder_end_array (results);

      for (guint k = 0; k < n_members; k++)
        {
          if (light_differs (&self->lights[members[k]], &next[k]))
            changed[n_changed++] = members[k];
          self->lights[members[k]] = next[k];
        }

      reply_v1 (msg, json_builder_get_root (results));
      broadcast (self, changed, n_changed);
      return;
    }

  reply_v1 (msg, v1_error (4, address, "method not available for resource"));
}

static void
on_v1_api_request (SoupServer        *server,
                   SoupServerMessage *msg,
                   const char        *path,
                   GHashTable        *query,
                   gpointer           user_data)
{
  HearthSimHueDevice *self = HEARTH_SIM_HUE_DEVICE (user_data);
  const char *method = soup_server_message_get_method (msg);
  g_auto(GStrv) parts = NULL;
  guint n_parts;

  note_v1_request (self);

  if (g_str_equal (path, "/api") || g_str_equal (path, "/api/"))
    {
      if (g_str_equal (method, "POST"))
        handle_pairing (self, msg);
      else
        reply_v1 (msg, v1_error (4, "/", "method, GET, not available for resource, /"));
      return;
    }

  if (g_str_equal (path, "/api/config") && g_str_equal (method, "GET"))
    {
      reply_v1 (msg, build_config (self));
      return;
    }

  parts = g_strsplit (path + strlen ("/api/"), "/", -1);
  n_parts = g_strv_length (parts);
  if (n_parts >= 2 && n_parts <= 4 && parts[n_parts - 1][0] != '\0')
    {
      handle_v1 (self, msg, method, parts, n_parts);
      return;
    }

  reply_v1 (msg, v1_error (3, path, "resource not available"));
}

static void
on_eventstream_request (SoupServer        *server,
                        SoupServerMessage *msg,
                        const char        *path,
                        GHashTable        *query,
                        gpointer           user_data)
{
  HearthSimHueDevice *self = HEARTH_SIM_HUE_DEVICE (user_data);
  SoupMessageHeaders *request_headers = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  const char *key = soup_message_headers_get_one (request_headers, "hue-application-key");
  const char *last_event_id = soup_message_headers_get_one (request_headers, "Last-Event-ID");
  SoupMessageBody *body;
  static const char hello[] = ": hi\n\n";

  if (key != NULL)
    self->keyed_requests++;
  if (!self->eventstream || !g_str_equal (path, "/eventstream/clip/v2"))
    {
      hearth_sim_reply_error (msg, SOUP_STATUS_NOT_FOUND, "Not Found");
      return;
    }
  if (!g_str_equal (soup_server_message_get_method (msg), "GET"))
    {
      hearth_sim_reply_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "Method Not Allowed");
      return;
    }
  if (!key_known (self, key))
    {
      hearth_sim_reply_error (msg, SOUP_STATUS_FORBIDDEN, "Forbidden");
      return;
    }

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_content_type (headers, "text/event-stream", NULL);
  soup_message_headers_replace (headers, "Cache-Control", "no-cache");
  soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  body = soup_server_message_get_response_body (msg);
  soup_message_body_append (body, SOUP_MEMORY_STATIC, hello, strlen (hello));

  /* A stream that comes back says where it left off: what it missed is
   * sent again, from the history (an id the history no longer has, or a
   * bridge without history, sends nothing: the client must read all) */
  self->stream_requests++;
  g_free (self->stream_last_event_id);
  self->stream_last_event_id = g_strdup (last_event_id);
  self->stream_resumed = FALSE;
  self->stream_replayed = 0;
  if (last_event_id != NULL && self->history_max > 0)
    {
      for (GList *l = self->history.head; l != NULL; l = l->next)
        {
          SimEvent *event = l->data;

          if (self->stream_resumed)
            {
              soup_message_body_append (body, SOUP_MEMORY_COPY, event->chunk, strlen (event->chunk));
              self->stream_replayed++;
            }
          else if (g_str_equal (event->id, last_event_id))
            self->stream_resumed = TRUE;
        }
    }

  g_ptr_array_add (self->streams, g_object_ref (msg));
  g_signal_connect_object (msg, "finished", G_CALLBACK (on_stream_finished), self, 0);
}

/* HearthSimDevice */

static void
hearth_sim_hue_device_setup (HearthSimDevice *device,
                             SoupServer      *server)
{
  HearthSimHueDevice *self = HEARTH_SIM_HUE_DEVICE (device);
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GError) error = NULL;

  certificate = g_tls_certificate_new_from_pem (self->index % 2 == 1 ? hearth_sim_hue_pem_1
                                                                      : hearth_sim_hue_pem_2,
                                                -1, &error);
  if (certificate == NULL)
    g_error ("hearth-sim: the Hue bridge's certificate does not load: %s", error->message);

  /* The base listens with HTTPS when the server has a certificate */
  g_object_set (server, "tls-certificate", certificate, NULL);

  hearth_sim_device_add_handler (device, "/api", on_v1_api_request, device, NULL);
  hearth_sim_device_add_handler (device, "/eventstream", on_eventstream_request, device, NULL);
}

static void
hearth_sim_hue_device_list_services (HearthSimDevice *device,
                                     GPtrArray       *services)
{
  HearthSimHueDevice *self = HEARTH_SIM_HUE_DEVICE (device);
  g_autofree char *bridgeid = g_strdup_printf ("bridgeid=%s", self->bridge_id);
  g_autofree char *upper = g_ascii_strup (self->bridge_id + 10, -1);
  g_autofree char *name = g_strdup_printf ("Hue Bridge - %s", upper);
  const char *txt[] = { bridgeid, "modelid=BSB002", NULL };

  g_ptr_array_add (services, hearth_sim_service_new ("_hue._tcp", name, txt));
}

static JsonNode *
hearth_sim_hue_device_get_sim_state (HearthSimDevice *device)
{
  HearthSimHueDevice *self = HEARTH_SIM_HUE_DEVICE (device);
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "button");
  json_builder_add_string_value (builder, button_pressed (self) ? "pressed" : "released");
  json_builder_set_member_name (builder, "keys");
  json_builder_add_int_value (builder, self->keys->len);
  json_builder_set_member_name (builder, "streams");
  json_builder_add_int_value (builder, self->streams->len);
  json_builder_set_member_name (builder, "eventstream");
  json_builder_add_boolean_value (builder, self->eventstream);
  json_builder_set_member_name (builder, "keyed_requests");
  json_builder_add_int_value (builder, self->keyed_requests);
  json_builder_set_member_name (builder, "rate_violations");
  json_builder_add_int_value (builder, self->rate_violations);
  json_builder_set_member_name (builder, "event_id");
  if (self->history.tail != NULL)
    json_builder_add_string_value (builder, ((SimEvent *) self->history.tail->data)->id);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "history");
  json_builder_add_int_value (builder, self->history_max);
  json_builder_set_member_name (builder, "stream_requests");
  json_builder_add_int_value (builder, self->stream_requests);
  json_builder_set_member_name (builder, "stream_last_event_id");
  if (self->stream_last_event_id != NULL)
    json_builder_add_string_value (builder, self->stream_last_event_id);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "stream_resumed");
  json_builder_add_boolean_value (builder, self->stream_resumed);
  json_builder_set_member_name (builder, "stream_replayed");
  json_builder_add_int_value (builder, self->stream_replayed);
  json_builder_set_member_name (builder, "lights");
  json_builder_begin_object (builder);
  for (guint i = 0; i < HUE_N_LIGHTS; i++)
    {
      g_autofree char *id = g_strdup_printf ("%u", i + 1);

      json_builder_set_member_name (builder, id);
      build_light_state (builder, &self->lights[i]);
    }
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "groups");
  json_builder_begin_object (builder);
  for (guint g = 0; g < G_N_ELEMENTS (self->groups); g++)
    {
      g_autofree char *id = g_strdup_printf ("%u", g + 1);
      gboolean any_on, all_on;

      group_on (self, &self->groups[g], &any_on, &all_on);
      json_builder_set_member_name (builder, id);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "any_on");
      json_builder_add_boolean_value (builder, any_on);
      json_builder_set_member_name (builder, "all_on");
      json_builder_add_boolean_value (builder, all_on);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static gboolean
hearth_sim_hue_device_set_sim_state (HearthSimDevice  *device,
                                     JsonObject       *changes,
                                     GError          **error)
{
  HearthSimHueDevice *self = HEARTH_SIM_HUE_DEVICE (device);
  JsonNode *node;

  node = json_object_get_member (changes, "button");
  if (node != NULL)
    {
      const char *value = JSON_NODE_HOLDS_VALUE (node) &&
                          json_node_get_value_type (node) == G_TYPE_STRING ? json_node_get_string (node) : "";

      if (g_str_equal (value, "pressed"))
        self->button_until = g_get_monotonic_time () + HUE_LINK_WINDOW_S * G_USEC_PER_SEC;
      else if (g_str_equal (value, "held"))
        self->button_until = G_MAXINT64;
      else if (g_str_equal (value, "released"))
        self->button_until = 0;
      else
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       "button is \"pressed\", \"held\" or \"released\"");
          return FALSE;
        }
    }

  node = json_object_get_member (changes, "eventstream");
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    {
      self->eventstream = json_node_get_boolean (node);
      if (!self->eventstream)
        drop_streams (self);
    }

  node = json_object_get_member (changes, "history");
  if (node != NULL)
    {
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
          json_node_get_int (node) < 0 || json_node_get_int (node) > 1000)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       "history is a number of events, 0–1000");
          return FALSE;
        }
      self->history_max = (guint) json_node_get_int (node);
    }

  node = json_object_get_member (changes, "drop_streams");
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_boolean (node))
    drop_streams (self);

  node = json_object_get_member (changes, "forget_keys");
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_boolean (node))
    g_ptr_array_set_size (self->keys, 0);

  node = json_object_get_member (changes, "lights");
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObjectIter iter;
      const char *member;
      JsonNode *light;
      guint changed[HUE_N_LIGHTS];
      guint n_changed = 0;

      json_object_iter_init (&iter, json_node_get_object (node));
      while (json_object_iter_next (&iter, &member, &light))
        {
          guint64 id;

          /* A person at the bridge: no refusal, whatever the state */
          if (!g_ascii_string_to_unsigned (member, 10, 1, HUE_N_LIGHTS, &id, NULL) ||
              !JSON_NODE_HOLDS_OBJECT (light) ||
              !merge_light (&self->lights[id - 1], json_node_get_object (light), FALSE))
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           "lights: “%s” is not a light of this bridge, or a value is wrong", member);
              return FALSE;
            }
          changed[n_changed++] = id - 1;
        }
      broadcast (self, changed, n_changed);
    }

  return TRUE;
}

static void
hearth_sim_hue_device_dispose (GObject *object)
{
  HearthSimHueDevice *self = HEARTH_SIM_HUE_DEVICE (object);

  if (self->streams != NULL)
    drop_streams (self);

  G_OBJECT_CLASS (hearth_sim_hue_device_parent_class)->dispose (object);
}

static void
hearth_sim_hue_device_finalize (GObject *object)
{
  HearthSimHueDevice *self = HEARTH_SIM_HUE_DEVICE (object);

  g_clear_pointer (&self->bridge_id, g_free);
  g_clear_pointer (&self->mac, g_free);
  g_clear_pointer (&self->bridge_name, g_free);
  g_clear_pointer (&self->keys, g_ptr_array_unref);
  g_clear_pointer (&self->streams, g_ptr_array_unref);
  g_queue_clear_full (&self->history, sim_event_free);
  g_clear_pointer (&self->stream_last_event_id, g_free);
  for (guint i = 0; i < HUE_N_LIGHTS; i++)
    g_free (self->lights[i].uuid);
  for (guint g = 0; g < G_N_ELEMENTS (self->groups); g++)
    g_free (self->groups[g].uuid);

  G_OBJECT_CLASS (hearth_sim_hue_device_parent_class)->finalize (object);
}

static void
hearth_sim_hue_device_class_init (HearthSimHueDeviceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  HearthSimDeviceClass *device_class = HEARTH_SIM_DEVICE_CLASS (klass);

  object_class->dispose = hearth_sim_hue_device_dispose;
  object_class->finalize = hearth_sim_hue_device_finalize;

  device_class->family = "hue";
  device_class->setup = hearth_sim_hue_device_setup;
  device_class->list_services = hearth_sim_hue_device_list_services;
  device_class->get_sim_state = hearth_sim_hue_device_get_sim_state;
  device_class->set_sim_state = hearth_sim_hue_device_set_sim_state;
}

static void
hearth_sim_hue_device_init (HearthSimHueDevice *self)
{
  self->keys = g_ptr_array_new_with_free_func (g_free);
  self->streams = g_ptr_array_new_with_free_func (g_object_unref);
  self->eventstream = TRUE;
  g_queue_init (&self->history);
  self->history_max = HUE_EVENT_HISTORY;
}

/**
 * hearth_sim_hue_new:
 * @variant: "bsb002" (the default and only one)
 * @index: makes the bridge id, MAC and certificate choice
 * @name: the bridge's name, or %NULL for "Philips hue"
 */
HearthSimDevice *
hearth_sim_hue_new (const char *variant,
                    guint       index,
                    const char *name)
{
  g_autoptr(HearthSimHueDevice) self = NULL;
  g_autofree char *bridge_id = NULL;
  static const SimLight lights[HUE_N_LIGHTS] = {
    { "Sofa Lamp", "Extended color light", "LCT015", "Hue color lamp", "sultanbulb",
      TRUE, TRUE, 153, 500, FALSE, 200, 366, 0.4575, 0.4101, 14988, 141, "ct", NULL },
    { "Reading Light", "Color temperature light", "LTW001", "Hue ambiance lamp", "classicbulb",
      TRUE, FALSE, 153, 454, TRUE, 254, 233, 0, 0, 0, 0, "ct", NULL },
    { "Hall Ceiling", "Dimmable light", "LWB010", "Hue white lamp", "classicbulb",
      FALSE, FALSE, 0, 0, FALSE, 127, 0, 0, 0, 0, 0, "", NULL },
  };
  static const SimGroup groups[3] = {
    { "Living Room", "Room", "Living room", { 1, 2, 0 }, NULL },
    { "Hallway", "Room", "Hallway", { 3, 0, 0 }, NULL },
    { "TV area", "Entertainment", "TV", { 1, 0, 0 }, NULL },
  };

  if (variant != NULL && !g_str_equal (variant, "bsb002"))
    {
      g_printerr ("hearth-sim: unknown Hue variant “%s” (bsb002)\n", variant);
      return NULL;
    }

  bridge_id = g_strdup_printf ("001788fffea1%04x", index & 0xffff);

  self = g_object_new (HEARTH_TYPE_SIM_HUE_DEVICE,
                       "id", bridge_id,
                       "name", name != NULL && *name != '\0' ? name : "Philips hue",
                       NULL);

  self->index = index;
  self->bridge_name = g_strdup (name != NULL && *name != '\0' ? name : "Philips hue");
  self->mac = g_strdup_printf ("00:17:88:a1:%02x:%02x", (index >> 8) & 0xff, index & 0xff);
  self->bridge_id = g_steal_pointer (&bridge_id);

  for (guint i = 0; i < HUE_N_LIGHTS; i++)
    {
      self->lights[i] = lights[i];
      self->lights[i].uuid = make_uuid (index, 0x1, i + 1);
    }
  for (guint g = 0; g < G_N_ELEMENTS (self->groups); g++)
    {
      self->groups[g] = groups[g];
      self->groups[g].uuid = make_uuid (index, 0x2, g + 1);
    }

  return HEARTH_SIM_DEVICE (g_steal_pointer (&self));
}
