/* hearth-hue-parse.c: Philips Hue bridge JSON to the model and back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Controls: every light of the bridge is "light:<v1 id>" (kind light, its
 * capabilities from what its state carries: bri, ct, xy/hue), every Room
 * is "room:<v1 id>" (kind switch: it switches its lights together). The
 * v1 ids tie the v1 API (state and changes) to the v2 event stream, whose
 * resources carry an id_v1 ("/lights/3", "/groups/1").
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "hearth-change.h"
#include "hearth-control.h"
#include "hearth-device.h"
#include "hearth-error.h"
#include "hearth-json.h"

#include "hearth-hue-parse.h"

/* Identity and pairing */

HearthDevice *
hearth_hue_parse_config (JsonNode  *root,
                         GError   **error)
{
  JsonObject *object;
  const char *bridge_id, *name, *model, *firmware;
  g_autofree char *id = NULL;
  HearthDevice *device;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED,
                   "Not a Hue bridge: /api/config is not a JSON object");
      return NULL;
    }

  object = json_node_get_object (root);
  bridge_id = hearth_json_get_string (object, "bridgeid", NULL);
  if (bridge_id == NULL || *bridge_id == '\0')
    {
      g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED,
                   "Not a Hue bridge: /api/config has no bridgeid");
      return NULL;
    }
  for (const char *p = bridge_id; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p))
      {
        g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED,
                     "Not a Hue bridge: “%s” is not a bridge id", bridge_id);
        return NULL;
      }

  id = g_ascii_strdown (bridge_id, -1);
  model = hearth_json_get_string (object, "modelid", NULL);
  name = hearth_json_get_string (object, "name", NULL);
  firmware = hearth_json_get_string (object, "swversion", NULL);

  if (name == NULL || *name == '\0')
    name = "Hue Bridge";

  device = hearth_device_new (id, "hue");
  hearth_device_set_name (device, name);
  hearth_device_set_model (device, model != NULL ? model : "Hue Bridge");
  hearth_device_set_firmware (device, firmware);

  return device;
}

/* The first "error" object of a v1 array answer, or NULL */
static JsonObject *
find_v1_error (JsonArray *array)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *item = hearth_json_array_get_object (array, i);
      JsonObject *err = item != NULL ? hearth_json_get_object (item, "error") : NULL;

      if (err != NULL)
        return err;
    }

  return NULL;
}

char *
hearth_hue_parse_pairing (JsonNode  *root,
                          GError   **error)
{
  JsonArray *array;
  JsonObject *err;

  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    {
      g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD,
                   "The bridge's answer to pairing is not a JSON array");
      return NULL;
    }

  array = json_node_get_array (root);
  err = find_v1_error (array);
  if (err != NULL)
    {
      gint64 type = hearth_json_get_int (err, "type", -1);
      const char *description = hearth_json_get_string (err, "description", "no reason given");

      if (type == 101)
        g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_NEEDS_PAIRING,
                     "The bridge's link button was not pressed yet");
      else
        g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_DEVICE,
                     "The bridge refused pairing: %s (error %" G_GINT64_FORMAT ")",
                     description, type);
      return NULL;
    }

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *item = hearth_json_array_get_object (array, i);
      JsonObject *success = item != NULL ? hearth_json_get_object (item, "success") : NULL;
      const char *username = success != NULL ? hearth_json_get_string (success, "username", NULL) : NULL;

      if (username != NULL && *username != '\0')
        return g_strdup (username);
    }

  g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD,
               "The bridge's answer to pairing has no app key");
  return NULL;
}

gboolean
hearth_hue_parse_v1_reply (JsonNode  *root,
                           GError   **error)
{
  JsonObject *err;

  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    {
      g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD,
                   "The bridge's answer is not a JSON array");
      return FALSE;
    }

  err = find_v1_error (json_node_get_array (root));
  if (err != NULL)
    {
      gint64 type = hearth_json_get_int (err, "type", -1);
      const char *description = hearth_json_get_string (err, "description", "no reason given");

      if (type == 1)
        g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_NEEDS_PAIRING,
                     "The bridge does not know Hearth's key any more: pair it again");
      else
        g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_DEVICE,
                     "The bridge refused: %s (error %" G_GINT64_FORMAT ")",
                     description, type);
      return FALSE;
    }

  return TRUE;
}

/* The prefix of the addresses a v1 answer names for @control's keys:
 * "/lights/1/state/" or "/groups/1/action/" */
static char *
control_address_prefix (HearthControl *control)
{
  g_autofree char *v1_id = NULL;
  gboolean room = FALSE;

  if (!hearth_hue_parse_control_id (hearth_control_get_id (control), &room, &v1_id))
    return NULL;

  return room ? g_strdup_printf ("/groups/%s/action/", v1_id)
              : g_strdup_printf ("/lights/%s/state/", v1_id);
}

/* What the bridge confirmed: "on" (the driver may have added it) and
 * "bri" (exact both ways); colours and temperatures come back through the
 * next read or event, converted the way reads are */
static void
apply_confirmed (HearthControl *control,
                 const char    *prefix,
                 JsonObject    *success)
{
  JsonObjectIter iter;
  const char *address;
  JsonNode *value;

  json_object_iter_init (&iter, success);
  while (json_object_iter_next (&iter, &address, &value))
    {
      const char *key;

      if (!g_str_has_prefix (address, prefix) || !JSON_NODE_HOLDS_VALUE (value))
        continue;
      key = address + strlen (prefix);

      if (g_str_equal (key, "on") && json_node_get_value_type (value) == G_TYPE_BOOLEAN)
        hearth_control_set_on (control, json_node_get_boolean (value));
      else if (g_str_equal (key, "bri") && json_node_get_value_type (value) == G_TYPE_INT64 &&
               hearth_control_has_capability (control, HEARTH_CAPABILITY_BRIGHTNESS))
        hearth_control_set_brightness (control, hearth_hue_bri_to_percent ((int) json_node_get_int (value)));
    }
}

gboolean
hearth_hue_parse_v1_change_reply (JsonNode       *root,
                                  HearthControl  *control,
                                  GError        **error)
{
  g_autoptr(GString) refusals = NULL;
  g_autofree char *prefix = NULL;
  JsonArray *array;
  gboolean off = FALSE;
  guint n_errors = 0;

  g_return_val_if_fail (control == NULL || HEARTH_IS_CONTROL (control), FALSE);

  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    {
      g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD,
                   _("The bridge's answer is not a JSON array"));
      return FALSE;
    }

  array = json_node_get_array (root);
  refusals = g_string_new (NULL);

  /* Every error item counts, not only the first: a 201 for brightness
   * often comes after the success of "on" */
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *item = hearth_json_array_get_object (array, i);
      JsonObject *err;
      gint64 type;
      const char *description;

      /* An error item, even one that says nothing readable */
      if (item == NULL || !json_object_has_member (item, "error"))
        continue;

      err = hearth_json_get_object (item, "error");
      type = err != NULL ? hearth_json_get_int (err, "type", -1) : -1;
      description = err != NULL ? hearth_json_get_string (err, "description", NULL) : NULL;
      if (type == 1)
        {
          g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_NEEDS_PAIRING,
                       "The bridge does not know Hearth's key any more: pair it again");
          return FALSE;
        }

      off |= type == 201;
      n_errors++;
      if (refusals->len > 0)
        g_string_append (refusals, "; ");
      g_string_append_printf (refusals, "%s (error %" G_GINT64_FORMAT ")",
                              description != NULL && *description != '\0'
                              ? description : _("no reason given"),
                              type);
    }

  if (n_errors > 0)
    {
      if (off && control != NULL)
        /* TRANSLATORS: the first %s is a light's or room's name, the second
         * what the bridge said, e.g. "parameter, bri, is not modifiable.
         * Device is set to off. (error 201)" */
        g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_DEVICE,
                     _("%s is off, and the bridge does not change a light that is off: %s"),
                     hearth_control_get_name (control), refusals->str);
      else
        /* TRANSLATORS: %s is what the bridge said, e.g. "parameter, ct, not
         * available (error 6)" */
        g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_DEVICE,
                     _("The bridge refused: %s"), refusals->str);
      return FALSE;
    }

  if (control == NULL)
    return TRUE;

  prefix = control_address_prefix (control);
  for (guint i = 0; prefix != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *item = hearth_json_array_get_object (array, i);
      JsonObject *success = item != NULL ? hearth_json_get_object (item, "success") : NULL;

      if (success != NULL)
        apply_confirmed (control, prefix, success);
    }

  return TRUE;
}

/* v1 state */

static gboolean
check_v1_light (const char  *light_id,
                JsonNode    *light,
                GError     **error)
{
  JsonObject *state;

  if (light == NULL || !JSON_NODE_HOLDS_OBJECT (light))
    {
      g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD,
                   "Hue light %s is not a JSON object", light_id);
      return FALSE;
    }

  state = hearth_json_get_object (json_node_get_object (light), "state");
  if (state == NULL || !hearth_json_has (state, "on", JSON_NODE_VALUE))
    {
      g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD,
                   "Hue light %s has no state", light_id);
      return FALSE;
    }

  return TRUE;
}

static gboolean
read_xy (JsonArray *xy,
         double    *x,
         double    *y)
{
  JsonNode *nx, *ny;

  if (xy == NULL || json_array_get_length (xy) != 2)
    return FALSE;
  nx = json_array_get_element (xy, 0);
  ny = json_array_get_element (xy, 1);
  if (!JSON_NODE_HOLDS_VALUE (nx) || !JSON_NODE_HOLDS_VALUE (ny))
    return FALSE;
  if (json_node_get_value_type (nx) != G_TYPE_DOUBLE && json_node_get_value_type (nx) != G_TYPE_INT64)
    return FALSE;
  if (json_node_get_value_type (ny) != G_TYPE_DOUBLE && json_node_get_value_type (ny) != G_TYPE_INT64)
    return FALSE;
  *x = json_node_get_double (nx);
  *y = json_node_get_double (ny);
  return TRUE;
}

static void
apply_v1_light (const char   *light_id,
                JsonObject   *light,
                HearthDevice *device)
{
  g_autofree char *control_id = g_strconcat ("light:", light_id, NULL);
  JsonObject *state = hearth_json_get_object (light, "state");
  JsonObject *caps = hearth_json_get_object (light, "capabilities");
  JsonObject *control_caps = caps != NULL ? hearth_json_get_object (caps, "control") : NULL;
  JsonObject *ct_range = control_caps != NULL ? hearth_json_get_object (control_caps, "ct") : NULL;
  const char *name = hearth_json_get_string (light, "name", NULL);
  const char *colormode = hearth_json_get_string (state, "colormode", NULL);
  HearthCapabilities capabilities = HEARTH_CAPABILITY_ON_OFF;
  HearthControl *control;
  double x = 0, y = 0;
  gboolean has_xy = read_xy (hearth_json_get_array (state, "xy"), &x, &y);
  gboolean has_hs = hearth_json_has (state, "hue", JSON_NODE_VALUE) &&
                    hearth_json_has (state, "sat", JSON_NODE_VALUE);
  gboolean has_ct = hearth_json_has (state, "ct", JSON_NODE_VALUE);
  gboolean has_bri = hearth_json_has (state, "bri", JSON_NODE_VALUE);
  int temperature = -1, color = -1;

  if (name == NULL || *name == '\0')
    name = hearth_device_get_name (device);

  control = hearth_device_ensure_control (device, control_id, HEARTH_CONTROL_KIND_LIGHT, name);
  hearth_control_set_name (control, name);

  if (has_bri)
    capabilities |= HEARTH_CAPABILITY_BRIGHTNESS;
  if (has_ct)
    capabilities |= HEARTH_CAPABILITY_TEMPERATURE;
  if (has_xy || has_hs)
    capabilities |= HEARTH_CAPABILITY_COLOR;
  hearth_control_set_capabilities (control, capabilities);

  if (has_ct)
    hearth_hue_set_mired_range (control,
                     ct_range != NULL ? hearth_json_get_int (ct_range, "min", 0) : 0,
                     ct_range != NULL ? hearth_json_get_int (ct_range, "max", 0) : 0);

  hearth_control_set_on (control, hearth_json_get_bool (state, "on", FALSE));
  if (has_bri)
    hearth_control_set_brightness (control,
                                   hearth_hue_bri_to_percent ((int) hearth_json_get_int (state, "bri", 254)));

  if (g_strcmp0 (colormode, "ct") == 0 || (colormode == NULL && has_ct && !has_xy && !has_hs))
    {
      if (has_ct)
        {
          int mired = (int) hearth_json_get_int (state, "ct", 0);

          if (mired > 0)
            temperature = hearth_hue_mired_to_kelvin (mired);
        }
    }
  else if (g_strcmp0 (colormode, "hs") == 0 && has_hs)
    color = hearth_hue_hs_to_rgb ((int) hearth_json_get_int (state, "hue", 0),
                                  (int) hearth_json_get_int (state, "sat", 0));
  else if (has_xy)
    color = hearth_hue_xy_to_rgb (x, y);

  if (has_ct)
    {
      if (temperature > 0)
        temperature = CLAMP (temperature,
                             hearth_control_get_temperature_min (control),
                             hearth_control_get_temperature_max (control));
      hearth_control_set_temperature (control, temperature);
    }
  if (has_xy || has_hs)
    hearth_control_set_color (control, color);
}

gboolean
hearth_hue_parse_v1_light (const char    *light_id,
                           JsonNode      *light,
                           HearthDevice  *device,
                           GError       **error)
{
  g_return_val_if_fail (light_id != NULL, FALSE);
  g_return_val_if_fail (HEARTH_IS_DEVICE (device), FALSE);

  if (!check_v1_light (light_id, light, error))
    return FALSE;

  apply_v1_light (light_id, json_node_get_object (light), device);
  return TRUE;
}

/* Removes controls "<prefix>X" whose X is not a member of @present */
static void
remove_missing (HearthDevice *device,
                const char   *prefix,
                JsonObject   *present,
                GHashTable   *kept)
{
  GListModel *controls = hearth_device_get_controls (device);
  g_autoptr(GPtrArray) gone = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < g_list_model_get_n_items (controls); i++)
    {
      g_autoptr(HearthControl) control = g_list_model_get_item (controls, i);
      const char *id = hearth_control_get_id (control);

      if (!g_str_has_prefix (id, prefix))
        continue;
      if (present != NULL && json_object_has_member (present, id + strlen (prefix)) &&
          (kept == NULL || g_hash_table_contains (kept, id + strlen (prefix))))
        continue;
      g_ptr_array_add (gone, g_strdup (id));
    }

  for (guint i = 0; i < gone->len; i++)
    hearth_device_remove_control (device, g_ptr_array_index (gone, i));
}

/* A v1 collection (an object of id → item), or an error answer */
static JsonObject *
get_v1_collection (JsonNode    *root,
                   const char  *what,
                   GError     **error)
{
  if (root != NULL && JSON_NODE_HOLDS_ARRAY (root))
    {
      if (hearth_hue_parse_v1_reply (root, error))
        g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD,
                     "The bridge's %s are not a JSON object", what);
      return NULL;
    }

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD,
                   "The bridge's %s are not a JSON object", what);
      return NULL;
    }

  return json_node_get_object (root);
}

gboolean
hearth_hue_parse_v1_lights (JsonNode      *root,
                            HearthDevice  *device,
                            GError       **error)
{
  JsonObject *lights;
  JsonObjectIter iter;
  const char *member;
  JsonNode *node;

  g_return_val_if_fail (HEARTH_IS_DEVICE (device), FALSE);

  lights = get_v1_collection (root, "lights", error);
  if (lights == NULL)
    return FALSE;

  json_object_iter_init (&iter, lights);
  while (json_object_iter_next (&iter, &member, &node))
    if (!check_v1_light (member, node, error))
      return FALSE;

  json_object_iter_init (&iter, lights);
  while (json_object_iter_next (&iter, &member, &node))
    apply_v1_light (member, json_node_get_object (node), device);

  remove_missing (device, "light:", lights, NULL);
  return TRUE;
}

static gboolean
is_room (JsonObject *group)
{
  return g_strcmp0 (hearth_json_get_string (group, "type", NULL), "Room") == 0;
}

static gboolean
check_v1_group (const char  *group_id,
                JsonNode    *group,
                GError     **error)
{
  if (group == NULL || !JSON_NODE_HOLDS_OBJECT (group))
    {
      g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD,
                   "Hue group %s is not a JSON object", group_id);
      return FALSE;
    }

  if (is_room (json_node_get_object (group)) &&
      hearth_json_get_object (json_node_get_object (group), "state") == NULL)
    {
      g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD,
                   "Hue room %s has no state", group_id);
      return FALSE;
    }

  return TRUE;
}

static void
apply_v1_group (const char   *group_id,
                JsonObject   *group,
                HearthDevice *device)
{
  g_autofree char *control_id = g_strconcat ("room:", group_id, NULL);
  JsonObject *state = hearth_json_get_object (group, "state");
  const char *name = hearth_json_get_string (group, "name", NULL);
  HearthControl *control;

  if (name == NULL || *name == '\0')
    name = "Room";

  control = hearth_device_ensure_control (device, control_id, HEARTH_CONTROL_KIND_SWITCH, name);
  hearth_control_set_name (control, name);
  hearth_control_set_capabilities (control, HEARTH_CAPABILITY_ON_OFF);
  hearth_control_set_on (control, hearth_json_get_bool (state, "any_on", FALSE));
}

gboolean
hearth_hue_parse_v1_group (const char    *group_id,
                           JsonNode      *group,
                           HearthDevice  *device,
                           GError       **error)
{
  g_return_val_if_fail (group_id != NULL, FALSE);
  g_return_val_if_fail (HEARTH_IS_DEVICE (device), FALSE);

  if (!check_v1_group (group_id, group, error))
    return FALSE;

  if (is_room (json_node_get_object (group)))
    apply_v1_group (group_id, json_node_get_object (group), device);
  return TRUE;
}

gboolean
hearth_hue_parse_v1_groups (JsonNode      *root,
                            HearthDevice  *device,
                            GError       **error)
{
  g_autoptr(GHashTable) rooms = g_hash_table_new (g_str_hash, g_str_equal);
  JsonObject *groups;
  JsonObjectIter iter;
  const char *member;
  JsonNode *node;

  g_return_val_if_fail (HEARTH_IS_DEVICE (device), FALSE);

  groups = get_v1_collection (root, "groups", error);
  if (groups == NULL)
    return FALSE;

  json_object_iter_init (&iter, groups);
  while (json_object_iter_next (&iter, &member, &node))
    if (!check_v1_group (member, node, error))
      return FALSE;

  json_object_iter_init (&iter, groups);
  while (json_object_iter_next (&iter, &member, &node))
    if (is_room (json_node_get_object (node)))
      {
        apply_v1_group (member, json_node_get_object (node), device);
        g_hash_table_add (rooms, (gpointer) member);
      }

  remove_missing (device, "room:", groups, rooms);
  return TRUE;
}

/* Changes */

gboolean
hearth_hue_parse_control_id (const char  *control_id,
                             gboolean    *is_room,
                             char       **v1_id)
{
  const char *rest;
  gboolean room;

  if (control_id == NULL)
    return FALSE;

  if (g_str_has_prefix (control_id, "light:"))
    {
      room = FALSE;
      rest = control_id + 6;
    }
  else if (g_str_has_prefix (control_id, "room:"))
    {
      room = TRUE;
      rest = control_id + 5;
    }
  else
    return FALSE;

  if (*rest == '\0')
    return FALSE;
  for (const char *p = rest; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-')
      return FALSE;

  if (is_room != NULL)
    *is_room = room;
  if (v1_id != NULL)
    *v1_id = g_strdup (rest);
  return TRUE;
}

JsonNode *
hearth_hue_build_v1_change (const HearthChange  *change,
                            HearthControl       *control,
                            char               **path,
                            GError             **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *v1_id = NULL;
  gboolean room = FALSE;
  HearthChangeFields supported = HEARTH_CHANGE_ON | HEARTH_CHANGE_TOGGLE;

  g_return_val_if_fail (change != NULL, NULL);
  g_return_val_if_fail (HEARTH_IS_CONTROL (control), NULL);

  if (!hearth_hue_parse_control_id (hearth_control_get_id (control), &room, &v1_id))
    {
      g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_NOT_FOUND,
                   "A Hue bridge has no control “%s”", hearth_control_get_id (control));
      return NULL;
    }

  if (!room)
    {
      if (hearth_control_has_capability (control, HEARTH_CAPABILITY_BRIGHTNESS))
        supported |= HEARTH_CHANGE_BRIGHTNESS;
      if (hearth_control_has_capability (control, HEARTH_CAPABILITY_TEMPERATURE))
        supported |= HEARTH_CHANGE_TEMPERATURE;
      if (hearth_control_has_capability (control, HEARTH_CAPABILITY_COLOR))
        supported |= HEARTH_CHANGE_COLOR;
    }

  if ((change->fields & ~supported) != 0 || change->fields == 0)
    {
      g_autofree char *what = hearth_change_to_string (change);

      g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED,
                   "“%s” cannot do “%s”", hearth_control_get_name (control), what);
      return NULL;
    }

  json_builder_begin_object (builder);

  if (change->fields & HEARTH_CHANGE_ON)
    {
      json_builder_set_member_name (builder, "on");
      json_builder_add_boolean_value (builder, change->on);
    }
  else if (change->fields & HEARTH_CHANGE_TOGGLE)
    {
      json_builder_set_member_name (builder, "on");
      json_builder_add_boolean_value (builder, !hearth_control_get_on (control));
    }
  else if (change->fields & (HEARTH_CHANGE_BRIGHTNESS | HEARTH_CHANGE_TEMPERATURE | HEARTH_CHANGE_COLOR))
    {
      /* Brightness or colour of a light that is off: it comes on with
       * them (the bridge would refuse them otherwise). Sent whatever the
       * model says, as the model may be behind the bridge. */
      json_builder_set_member_name (builder, "on");
      json_builder_add_boolean_value (builder, TRUE);
    }

  if (change->fields & HEARTH_CHANGE_BRIGHTNESS)
    {
      json_builder_set_member_name (builder, "bri");
      json_builder_add_int_value (builder, hearth_hue_percent_to_bri (change->brightness));
    }

  if (change->fields & HEARTH_CHANGE_COLOR)
    {
      double x, y;

      hearth_hue_rgb_to_xy (change->color, &x, &y);
      json_builder_set_member_name (builder, "xy");
      json_builder_begin_array (builder);
      json_builder_add_double_value (builder, x);
      json_builder_add_double_value (builder, y);
      json_builder_end_array (builder);
    }
  else if (change->fields & HEARTH_CHANGE_TEMPERATURE)
    {
      int min_k = hearth_control_get_temperature_min (control);
      int max_k = hearth_control_get_temperature_max (control);
      int kelvin = change->temperature;
      int mired;

      if (min_k > 0 && max_k > 0)
        kelvin = CLAMP (kelvin, min_k, max_k);
      mired = hearth_hue_kelvin_to_mired (kelvin);
      if (mired <= 0)
        {
          g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_INVALID,
                       "%d K is not a colour temperature", change->temperature);
          return NULL;
        }
      json_builder_set_member_name (builder, "ct");
      json_builder_add_int_value (builder, CLAMP (mired, 153, 500));
    }

  json_builder_end_object (builder);

  if (path != NULL)
    *path = room ? g_strdup_printf ("groups/%s/action", v1_id)
                 : g_strdup_printf ("lights/%s/state", v1_id);

  return json_builder_get_root (builder);
}

/* The keyring's secret */

char *
hearth_hue_secret_build (const char *key,
                         const char *cert_sha256)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (cert_sha256 != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "key");
  json_builder_add_string_value (builder, key);
  json_builder_set_member_name (builder, "cert_sha256");
  json_builder_add_string_value (builder, cert_sha256);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static gboolean
is_sha256_hex (const char *text)
{
  if (text == NULL || strlen (text) != 64)
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isxdigit (*p) || g_ascii_isupper (*p))
      return FALSE;
  return TRUE;
}

gboolean
hearth_hue_secret_parse (const char  *secret,
                         char       **key,
                         char       **cert_sha256,
                         GError     **error)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  const char *k, *pin;

  if (secret != NULL)
    root = hearth_json_parse (secret, -1, NULL);

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_NEEDS_PAIRING,
                   "The stored key of this bridge has no certificate pin: pair it again");
      return FALSE;
    }

  object = json_node_get_object (root);
  k = hearth_json_get_string (object, "key", NULL);
  pin = hearth_json_get_string (object, "cert_sha256", NULL);
  if (k == NULL || *k == '\0' || !is_sha256_hex (pin))
    {
      g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_NEEDS_PAIRING,
                   "The stored key of this bridge is incomplete: pair it again");
      return FALSE;
    }

  if (key != NULL)
    *key = g_strdup (k);
  if (cert_sha256 != NULL)
    *cert_sha256 = g_strdup (pin);
  return TRUE;
}
