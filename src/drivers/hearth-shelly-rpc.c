/* hearth-shelly-rpc.c: Shelly Gen2+ JSON-RPC frames, and the request a
 * change becomes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hearth-control.h"
#include "hearth-error.h"
#include "hearth-json.h"
#include "hearth-shelly-parse.h"
#include "hearth-shelly-rpc.h"

/* Frames ------------------------------------------------------------------ */

void
hearth_shelly_frame_free (HearthShellyFrame *frame)
{
  if (frame == NULL)
    return;

  g_free (frame->src);
  g_free (frame->method);
  g_clear_pointer (&frame->result, json_node_unref);
  g_free (frame->error_message);
  g_free (frame);
}

HearthShellyFrame *
hearth_shelly_frame_parse (JsonNode  *node,
                           GError   **error)
{
  g_autoptr(HearthShellyFrame) frame = NULL;
  JsonObject *object;
  JsonNode *id_node;
  JsonNode *error_node;
  JsonNode *result_node;
  const char *method;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD,
                           "The Shelly's RPC frame is not a JSON object");
      return NULL;
    }

  object = json_node_get_object (node);
  frame = g_new0 (HearthShellyFrame, 1);
  frame->id = -1;
  frame->src = g_strdup (hearth_json_get_string (object, "src", NULL));

  /* A number (whole, within gint64) or its text; anything else is -1 */
  id_node = json_object_get_member (object, "id");
  frame->id = hearth_json_get_int (object, "id", -1);

  method = hearth_json_get_string (object, "method", NULL);
  error_node = json_object_get_member (object, "error");
  result_node = json_object_get_member (object, "result");

  if (method != NULL && id_node == NULL)
    {
      JsonNode *params = json_object_get_member (object, "params");

      frame->kind = HEARTH_SHELLY_FRAME_NOTIFICATION;
      frame->method = g_strdup (method);
      if (params != NULL && JSON_NODE_HOLDS_OBJECT (params))
        frame->result = json_node_ref (params);
      return g_steal_pointer (&frame);
    }

  if (id_node == NULL)
    {
      g_set_error_literal (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD,
                           "The Shelly's RPC frame has neither an id nor a method");
      return NULL;
    }

  if (error_node != NULL && !JSON_NODE_HOLDS_NULL (error_node))
    {
      JsonObject *error_object;

      if (!JSON_NODE_HOLDS_OBJECT (error_node))
        {
          g_set_error_literal (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD,
                               "The Shelly's RPC error is not an object");
          return NULL;
        }

      error_object = json_node_get_object (error_node);
      frame->kind = HEARTH_SHELLY_FRAME_ERROR;
      frame->error_code = (int) hearth_json_get_int (error_object, "code", -1);
      frame->error_message = g_strdup (hearth_json_get_string (error_object, "message", NULL));
      return g_steal_pointer (&frame);
    }

  /* Cover.Open and friends answer "result": null */
  frame->kind = HEARTH_SHELLY_FRAME_RESULT;
  if (result_node != NULL && !JSON_NODE_HOLDS_NULL (result_node))
    frame->result = json_node_ref (result_node);

  return g_steal_pointer (&frame);
}

HearthShellyFrame *
hearth_shelly_frame_parse_data (const char  *data,
                                gsize        length,
                                GError     **error)
{
  g_autoptr(JsonNode) node = NULL;

  node = hearth_json_parse (data, (gssize) length, error);
  if (node == NULL)
    return NULL;

  return hearth_shelly_frame_parse (node, error);
}

GError *
hearth_shelly_frame_to_error (const HearthShellyFrame *frame,
                              gboolean                 had_auth)
{
  g_return_val_if_fail (frame != NULL, NULL);

  if (frame->error_code == 401)
    {
      if (had_auth)
        return g_error_new_literal (HEARTH_ERROR, HEARTH_ERROR_BAD_PASSWORD,
                                    "The Shelly refused the password");
      return g_error_new_literal (HEARTH_ERROR, HEARTH_ERROR_NEEDS_PASSWORD,
                                  "The Shelly is protected by a password");
    }

  return g_error_new (HEARTH_ERROR, HEARTH_ERROR_DEVICE,
                      "The Shelly refused the request: %s (code %d)",
                      frame->error_message != NULL ? frame->error_message : "no reason given",
                      frame->error_code);
}

JsonNode *
hearth_shelly_frame_build (gint64      id,
                           const char *src,
                           const char *method,
                           JsonObject *params,
                           JsonObject *auth)
{
  g_autoptr(JsonObject) frame = json_object_new ();

  g_return_val_if_fail (method != NULL, NULL);

  json_object_set_int_member (frame, "id", id);
  if (src != NULL)
    json_object_set_string_member (frame, "src", src);
  json_object_set_string_member (frame, "method", method);
  if (params != NULL)
    json_object_set_object_member (frame, "params", hearth_shelly_object_copy (params));
  if (auth != NULL)
    json_object_set_object_member (frame, "auth", hearth_shelly_object_copy (auth));

  return json_node_init_object (json_node_alloc (), frame);
}

/* Changes ----------------------------------------------------------------- */

static JsonArray *
rgb_array (int color)
{
  JsonArray *array = json_array_sized_new (3);

  json_array_add_int_element (array, (color >> 16) & 0xff);
  json_array_add_int_element (array, (color >> 8) & 0xff);
  json_array_add_int_element (array, color & 0xff);

  return array;
}

gboolean
hearth_shelly_change_to_rpc (HearthControl       *control,
                             const HearthChange  *change,
                             char               **method,
                             JsonObject         **params,
                             GError             **error)
{
  g_autofree char *type_name = NULL;
  g_autoptr(JsonObject) p = NULL;
  HearthShellyComponent type;
  const char *rpc = NULL;
  HearthChangeFields unsupported;
  int index;

  g_return_val_if_fail (HEARTH_IS_CONTROL (control), FALSE);
  g_return_val_if_fail (change != NULL, FALSE);

  if (!hearth_shelly_split_key (hearth_control_get_id (control), &type_name, &index))
    {
      g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED,
                   "“%s” is a reading and cannot be changed",
                   hearth_control_get_name (control));
      return FALSE;
    }

  type = hearth_shelly_component_type (type_name);
  p = json_object_new ();
  json_object_set_int_member (p, "id", index);

  switch (type)
    {
    case HEARTH_SHELLY_COMPONENT_SWITCH:
      unsupported = change->fields & ~HEARTH_CHANGE_ON;
      if (!(change->fields & HEARTH_CHANGE_ON))
        unsupported |= change->fields;
      rpc = "Switch.Set";
      break;
    case HEARTH_SHELLY_COMPONENT_LIGHT:
      unsupported = change->fields & ~(HEARTH_CHANGE_ON | HEARTH_CHANGE_BRIGHTNESS);
      rpc = "Light.Set";
      break;
    case HEARTH_SHELLY_COMPONENT_RGB:
      unsupported = change->fields & ~(HEARTH_CHANGE_ON | HEARTH_CHANGE_BRIGHTNESS | HEARTH_CHANGE_COLOR);
      rpc = "RGB.Set";
      break;
    case HEARTH_SHELLY_COMPONENT_RGBW:
      unsupported = change->fields & ~(HEARTH_CHANGE_ON | HEARTH_CHANGE_BRIGHTNESS | HEARTH_CHANGE_COLOR);
      rpc = "RGBW.Set";
      break;
    case HEARTH_SHELLY_COMPONENT_CCT:
      unsupported = change->fields & ~(HEARTH_CHANGE_ON | HEARTH_CHANGE_BRIGHTNESS | HEARTH_CHANGE_TEMPERATURE);
      rpc = "CCT.Set";
      break;
    case HEARTH_SHELLY_COMPONENT_COVER:
      unsupported = change->fields & ~(HEARTH_CHANGE_COVER | HEARTH_CHANGE_POSITION);
      break;
    case HEARTH_SHELLY_COMPONENT_TEMPERATURE:
    case HEARTH_SHELLY_COMPONENT_HUMIDITY:
    case HEARTH_SHELLY_COMPONENT_DEVICEPOWER:
    case HEARTH_SHELLY_COMPONENT_OTHER:
    default:
      unsupported = change->fields;
      break;
    }

  if (unsupported != 0 || change->fields == 0)
    {
      g_autofree char *what = hearth_change_to_string (change);

      g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED,
                   "“%s” cannot do %s", hearth_control_get_name (control),
                   what != NULL ? what : "that");
      return FALSE;
    }

  if (type == HEARTH_SHELLY_COMPONENT_COVER)
    {
      if (change->fields & HEARTH_CHANGE_COVER)
        {
          switch (change->cover)
            {
            case HEARTH_COVER_ACTION_OPEN:
              rpc = "Cover.Open";
              break;
            case HEARTH_COVER_ACTION_CLOSE:
              rpc = "Cover.Close";
              break;
            case HEARTH_COVER_ACTION_STOP:
            default:
              rpc = "Cover.Stop";
              break;
            }
        }
      else
        {
          if (!hearth_control_has_capability (control, HEARTH_CAPABILITY_POSITION))
            {
              g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED,
                           "“%s” is not calibrated, so it cannot go to a position",
                           hearth_control_get_name (control));
              return FALSE;
            }
          rpc = "Cover.GoToPosition";
          json_object_set_int_member (p, "pos", CLAMP (change->position, 0, 100));
        }
    }
  else
    {
      gboolean have_on = (change->fields & HEARTH_CHANGE_ON) != 0;
      gboolean on = change->on;

      if (change->fields & HEARTH_CHANGE_BRIGHTNESS)
        {
          /* 0 % means off; the RGB family takes 1–100 */
          if (change->brightness <= 0)
            {
              if (!have_on)
                {
                  have_on = TRUE;
                  on = FALSE;
                }
            }
          else
            json_object_set_int_member (p, "brightness", MIN (change->brightness, 100));
        }

      if (have_on)
        json_object_set_boolean_member (p, "on", on);

      if (change->fields & HEARTH_CHANGE_COLOR)
        json_object_set_array_member (p, "rgb", rgb_array (change->color));

      if (change->fields & HEARTH_CHANGE_TEMPERATURE)
        {
          int min_k = hearth_control_get_temperature_min (control);
          int max_k = hearth_control_get_temperature_max (control);
          int kelvin = change->temperature;

          if (min_k > 0 && max_k > min_k)
            kelvin = CLAMP (kelvin, min_k, max_k);
          json_object_set_int_member (p, "ct", kelvin);
        }
    }

  *method = g_strdup (rpc);
  *params = g_steal_pointer (&p);
  return TRUE;
}
