/* hearth-sim-elgato.c: a simulated Elgato light
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Variants:
 *   "keylight"   (default) Elgato Key Light: on/brightness/temperature
 *                (143–344 mireds); accessory-info with macAddress and wifi-info.
 *   "lightstrip" Elgato Light Strip: also hue/saturation (temperature
 *                153–285 mireds); its accessory-info lacks macAddress,
 *                hardwareRevision and wifi-info, as the real one does, and
 *                lacks displayName until it is given one.
 *
 * Speaks, on the device's own port (9123 on a real light; here whatever the
 * simulator was given):
 *   GET  /elgato/accessory-info     identity
 *   PUT  /elgato/accessory-info     {"displayName":"…"}: rename; answers the info
 *   GET  /elgato/lights             {"numberOfLights":1,"lights":[{"on":1,…}]}
 *   PUT  /elgato/lights             the same wrapper, only the keys to change;
 *                                   answers the whole new lights object
 *   GET  /elgato/lights/settings    power-on behaviour and fade times
 *   PUT  /elgato/lights/settings    only the keys to change; answers the settings
 *   POST /elgato/identify           blinks (counted in /sim/state "identified")
 * "on" is the integer 0/1; a boolean, a string, a value out of its range
 * that makes no sense (on = 2, a negative brightness) or temperature sent
 * together with hue/saturation is refused with 400. Numbers a light can
 * take but not reach (brightness 120, 500 mireds) are clamped.
 *
 * /sim/state: GET answers exactly what GET /elgato/lights answers, plus
 * "identified" (how often it blinked). POST takes what PUT /elgato/lights
 * takes, or, for convenience, one light's keys without the wrapper
 * ({"on":0} means {"numberOfLights":1,"lights":[{"on":0}]}), and merges it
 * the same way, as a person pressing the light's own buttons would.
 *
 * mDNS: _elg._tcp, instance "Elgato Key Light 0A01" (product name and the
 * MAC's last two bytes), TXT as a real Key Light announces it:
 * mf=Elgato, dt=<hardwareBoardType>, id=<MAC with colons>, md=<model>, pv=1.0.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "hearth-sim-families.h"

#define ELGATO_N_LIGHTS 1

#define HEARTH_TYPE_SIM_ELGATO_DEVICE (hearth_sim_elgato_device_get_type ())
G_DECLARE_FINAL_TYPE (HearthSimElgatoDevice, hearth_sim_elgato_device,
                      HEARTH, SIM_ELGATO_DEVICE, HearthSimDevice)

typedef struct
{
  int    on;
  int    brightness;
  int    temperature;   /* mireds */
  double hue;
  double saturation;
  gboolean color_mode;  /* reports hue/saturation instead of temperature */
} SimLight;

struct _HearthSimElgatoDevice
{
  HearthSimDevice parent_instance;

  gboolean  strip;
  guint     index;
  char     *product;
  char     *model_txt;
  char     *serial;
  char     *mac;
  char     *display_name;   /* NULL: not reported */
  int       board_type;
  int       build;
  const char *firmware;
  int       min_mired;
  int       max_mired;
  guint     identified;

  SimLight  lights[ELGATO_N_LIGHTS];

  /* settings */
  int       power_on_behavior;
  int       power_on_brightness;
  int       power_on_temperature;
  double    power_on_hue;
  double    power_on_saturation;
  int       switch_on_ms;
  int       switch_off_ms;
  int       color_change_ms;
};

G_DEFINE_FINAL_TYPE (HearthSimElgatoDevice, hearth_sim_elgato_device, HEARTH_TYPE_SIM_DEVICE)

/* Reading a request: a member as a number. Returns FALSE when it is there
 * but not a number (booleans and strings are not numbers); *present tells
 * whether it was there at all. */
static gboolean
read_number (JsonObject *object,
             const char *member,
             gboolean   *present,
             double     *value,
             gboolean   *is_integer)
{
  JsonNode *node = json_object_get_member (object, member);
  GType type;

  *present = FALSE;
  if (node == NULL)
    return TRUE;
  *present = TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    {
      *value = json_node_get_int (node);
      *is_integer = TRUE;
      return TRUE;
    }
  if (type == G_TYPE_DOUBLE && isfinite (json_node_get_double (node)))
    {
      *value = json_node_get_double (node);
      *is_integer = *value == floor (*value);
      return TRUE;
    }

  return FALSE;
}

static JsonNode *
build_lights (HearthSimElgatoDevice *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "numberOfLights");
  json_builder_add_int_value (builder, ELGATO_N_LIGHTS);
  json_builder_set_member_name (builder, "lights");
  json_builder_begin_array (builder);
  for (guint i = 0; i < ELGATO_N_LIGHTS; i++)
    {
      SimLight *light = &self->lights[i];

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "on");
      json_builder_add_int_value (builder, light->on);
      if (light->color_mode)
        {
          json_builder_set_member_name (builder, "hue");
          json_builder_add_double_value (builder, light->hue);
          json_builder_set_member_name (builder, "saturation");
          json_builder_add_double_value (builder, light->saturation);
          json_builder_set_member_name (builder, "brightness");
          json_builder_add_int_value (builder, light->brightness);
        }
      else
        {
          json_builder_set_member_name (builder, "brightness");
          json_builder_add_int_value (builder, light->brightness);
          json_builder_set_member_name (builder, "temperature");
          json_builder_add_int_value (builder, light->temperature);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static JsonNode *
build_info (HearthSimElgatoDevice *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "productName");
  json_builder_add_string_value (builder, self->product);
  json_builder_set_member_name (builder, "hardwareBoardType");
  json_builder_add_int_value (builder, self->board_type);
  if (!self->strip)
    {
      json_builder_set_member_name (builder, "hardwareRevision");
      json_builder_add_int_value (builder, 1);
      json_builder_set_member_name (builder, "macAddress");
      json_builder_add_string_value (builder, self->mac);
    }
  json_builder_set_member_name (builder, "firmwareBuildNumber");
  json_builder_add_int_value (builder, self->build);
  json_builder_set_member_name (builder, "firmwareVersion");
  json_builder_add_string_value (builder, self->firmware);
  json_builder_set_member_name (builder, "serialNumber");
  json_builder_add_string_value (builder, self->serial);
  if (self->display_name != NULL)
    {
      json_builder_set_member_name (builder, "displayName");
      json_builder_add_string_value (builder, self->display_name);
    }
  json_builder_set_member_name (builder, "features");
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, "lights");
  json_builder_end_array (builder);
  if (!self->strip)
    {
      json_builder_set_member_name (builder, "wifi-info");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "ssid");
      json_builder_add_string_value (builder, "Hearth-Sim");
      json_builder_set_member_name (builder, "frequencyMHz");
      json_builder_add_int_value (builder, 2400);
      json_builder_set_member_name (builder, "rssi");
      json_builder_add_int_value (builder, -48 - (int) (self->index % 20));
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static JsonNode *
build_settings (HearthSimElgatoDevice *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "powerOnBehavior");
  json_builder_add_int_value (builder, self->power_on_behavior);
  json_builder_set_member_name (builder, "powerOnBrightness");
  json_builder_add_int_value (builder, self->power_on_brightness);
  json_builder_set_member_name (builder, "powerOnTemperature");
  json_builder_add_int_value (builder, self->power_on_temperature);
  if (self->strip)
    {
      json_builder_set_member_name (builder, "powerOnHue");
      json_builder_add_double_value (builder, self->power_on_hue);
      json_builder_set_member_name (builder, "powerOnSaturation");
      json_builder_add_double_value (builder, self->power_on_saturation);
    }
  json_builder_set_member_name (builder, "switchOnDurationMs");
  json_builder_add_int_value (builder, self->switch_on_ms);
  json_builder_set_member_name (builder, "switchOffDurationMs");
  json_builder_add_int_value (builder, self->switch_off_ms);
  json_builder_set_member_name (builder, "colorChangeDurationMs");
  json_builder_add_int_value (builder, self->color_change_ms);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* Checks one light's keys and, when @apply, merges them into @light. */
static gboolean
merge_light (HearthSimElgatoDevice  *self,
             SimLight               *light,
             JsonObject             *changes,
             gboolean                apply,
             GError                **error)
{
  gboolean has_on, has_brightness, has_temperature, has_hue, has_saturation;
  double on = 0, brightness = 0, temperature = 0, hue = 0, saturation = 0;
  gboolean on_int = FALSE, brightness_int = FALSE, temperature_int = FALSE, dummy;

  if (!read_number (changes, "on", &has_on, &on, &on_int) ||
      (has_on && (!on_int || (on != 0 && on != 1))))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "\"on\" must be 0 or 1");
      return FALSE;
    }
  if (!read_number (changes, "brightness", &has_brightness, &brightness, &brightness_int) ||
      (has_brightness && brightness < 0))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "\"brightness\" must be a number from 0 to 100");
      return FALSE;
    }
  if (!read_number (changes, "temperature", &has_temperature, &temperature, &temperature_int) ||
      (has_temperature && temperature <= 0))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "\"temperature\" must be a positive number of mireds");
      return FALSE;
    }
  if (!read_number (changes, "hue", &has_hue, &hue, &dummy) ||
      !read_number (changes, "saturation", &has_saturation, &saturation, &dummy) ||
      (has_hue && hue < 0) || (has_saturation && saturation < 0))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "\"hue\" and \"saturation\" must be non-negative numbers");
      return FALSE;
    }
  if ((has_hue || has_saturation) && !self->strip)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           "this light has no colour");
      return FALSE;
    }
  if ((has_hue || has_saturation) && has_temperature)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "temperature cannot be set together with hue or saturation");
      return FALSE;
    }

  if (!apply)
    return TRUE;

  if (has_on)
    light->on = (int) on;
  if (has_brightness)
    light->brightness = (int) CLAMP (lround (brightness), 0, 100);
  if (has_temperature)
    {
      light->temperature = (int) CLAMP (lround (temperature), self->min_mired, self->max_mired);
      light->color_mode = FALSE;
    }
  if (has_hue)
    light->hue = CLAMP (hue, 0.0, 360.0);
  if (has_saturation)
    light->saturation = CLAMP (saturation, 0.0, 100.0);
  if (has_hue || has_saturation)
    light->color_mode = TRUE;

  return TRUE;
}

/* Merges a PUT /elgato/lights body: all of it or nothing. */
static gboolean
merge_lights (HearthSimElgatoDevice  *self,
              JsonObject             *body,
              GError                **error)
{
  JsonNode *lights_node = json_object_get_member (body, "lights");
  JsonArray *lights;
  gboolean present;
  double number = 0;
  gboolean is_integer = FALSE;
  guint n;

  if (!read_number (body, "numberOfLights", &present, &number, &is_integer) ||
      (present && (!is_integer || number < 1 || number > ELGATO_N_LIGHTS)))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "\"numberOfLights\" must be 1 to %d", ELGATO_N_LIGHTS);
      return FALSE;
    }
  if (lights_node == NULL || !JSON_NODE_HOLDS_ARRAY (lights_node))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "a \"lights\" array is required");
      return FALSE;
    }

  lights = json_node_get_array (lights_node);
  n = json_array_get_length (lights);
  if (n == 0 || n > ELGATO_N_LIGHTS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "\"lights\" must hold 1 to %d lights", ELGATO_N_LIGHTS);
      return FALSE;
    }

  /* Check everything first, then apply. */
  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < n; i++)
      {
        JsonNode *element = json_array_get_element (lights, i);

        if (!JSON_NODE_HOLDS_OBJECT (element))
          {
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                         "light %u is not an object", i);
            return FALSE;
          }
        if (!merge_light (self, &self->lights[i], json_node_get_object (element),
                          pass == 1, error))
          return FALSE;
      }

  return TRUE;
}

static gboolean
merge_settings (HearthSimElgatoDevice  *self,
                JsonObject             *body,
                GError                **error)
{
  static const char * const int_keys[] = {
    "powerOnBehavior", "powerOnBrightness", "powerOnTemperature",
    "switchOnDurationMs", "switchOffDurationMs", "colorChangeDurationMs",
  };
  int *int_fields[] = {
    &self->power_on_behavior, &self->power_on_brightness, &self->power_on_temperature,
    &self->switch_on_ms, &self->switch_off_ms, &self->color_change_ms,
  };
  double values[G_N_ELEMENTS (int_keys)];
  gboolean present[G_N_ELEMENTS (int_keys)];
  double hue = 0, saturation = 0;
  gboolean has_hue, has_saturation, is_integer = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (int_keys); i++)
    if (!read_number (body, int_keys[i], &present[i], &values[i], &is_integer) ||
        (present[i] && (!is_integer || values[i] < 0 || values[i] > 100000)))
      {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                     "\"%s\" must be a non-negative integer", int_keys[i]);
        return FALSE;
      }
  if (!read_number (body, "powerOnHue", &has_hue, &hue, &is_integer) ||
      !read_number (body, "powerOnSaturation", &has_saturation, &saturation, &is_integer) ||
      ((has_hue || has_saturation) && !self->strip))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "bad powerOnHue/powerOnSaturation");
      return FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (int_keys); i++)
    if (present[i])
      *int_fields[i] = (int) values[i];
  self->power_on_brightness = CLAMP (self->power_on_brightness, 0, 100);
  self->power_on_temperature = CLAMP (self->power_on_temperature,
                                      self->min_mired, self->max_mired);
  if (has_hue)
    self->power_on_hue = CLAMP (hue, 0.0, 360.0);
  if (has_saturation)
    self->power_on_saturation = CLAMP (saturation, 0.0, 100.0);

  return TRUE;
}

static void
reply_bad_request (SoupServerMessage *msg,
                   const GError      *error)
{
  hearth_sim_reply_error (msg, SOUP_STATUS_BAD_REQUEST, error->message);
}

/* Reads a PUT's body and hands it to @merge; on bad input replies 400
 * and returns FALSE */
static gboolean
put_body (HearthSimElgatoDevice  *self,
          SoupServerMessage      *msg,
          gboolean              (*merge) (HearthSimElgatoDevice  *self,
                                          JsonObject             *body,
                                          GError                **error))
{
  g_autoptr(JsonObject) body = hearth_sim_read_json_object (msg);
  g_autoptr(GError) error = NULL;

  if (body == NULL)
    {
      hearth_sim_reply_error (msg, SOUP_STATUS_BAD_REQUEST,
                              "the body is not a JSON object");
      return FALSE;
    }
  if (!merge (self, body, &error))
    {
      reply_bad_request (msg, error);
      return FALSE;
    }
  return TRUE;
}

static void
on_elgato_request (SoupServer        *server,
                   SoupServerMessage *msg,
                   const char        *path,
                   GHashTable        *query,
                   gpointer           user_data)
{
  HearthSimElgatoDevice *self = HEARTH_SIM_ELGATO_DEVICE (user_data);
  const char *method = soup_server_message_get_method (msg);
  gboolean is_get = g_strcmp0 (method, SOUP_METHOD_GET) == 0;
  gboolean is_put = g_strcmp0 (method, SOUP_METHOD_PUT) == 0;
  gboolean is_post = g_strcmp0 (method, SOUP_METHOD_POST) == 0;
  g_autoptr(JsonNode) answer = NULL;

  if (g_strcmp0 (path, "/elgato/lights") == 0 && (is_get || is_put))
    {
      if (is_put && !put_body (self, msg, merge_lights))
        return;
      answer = build_lights (self);
    }
  else if (g_strcmp0 (path, "/elgato/lights/settings") == 0 && (is_get || is_put))
    {
      if (is_put && !put_body (self, msg, merge_settings))
        return;
      answer = build_settings (self);
    }
  else if (g_strcmp0 (path, "/elgato/accessory-info") == 0 && (is_get || is_put))
    {
      if (is_put)
        {
          g_autoptr(JsonObject) body = hearth_sim_read_json_object (msg);
          JsonNode *name = body != NULL ? json_object_get_member (body, "displayName") : NULL;

          if (name == NULL || !JSON_NODE_HOLDS_VALUE (name) ||
              json_node_get_value_type (name) != G_TYPE_STRING ||
              strlen (json_node_get_string (name)) > 64)
            {
              hearth_sim_reply_error (msg, SOUP_STATUS_BAD_REQUEST,
                                      "displayName must be a string");
              return;
            }
          g_free (self->display_name);
          self->display_name = g_strdup (json_node_get_string (name));
        }
      answer = build_info (self);
    }
  else if (g_strcmp0 (path, "/elgato/identify") == 0 && is_post)
    {
      self->identified++;
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      return;
    }
  else if (g_strcmp0 (path, "/elgato/lights") == 0 ||
           g_strcmp0 (path, "/elgato/lights/settings") == 0 ||
           g_strcmp0 (path, "/elgato/accessory-info") == 0 ||
           g_strcmp0 (path, "/elgato/identify") == 0)
    {
      hearth_sim_reply_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, NULL);
      return;
    }
  else
    {
      hearth_sim_reply_error (msg, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }

  hearth_sim_reply_json (msg, answer);
}

static void
hearth_sim_elgato_device_setup (HearthSimDevice *device,
                                SoupServer      *server)
{
  hearth_sim_device_add_handler (device, "/elgato", on_elgato_request, device, NULL);
}

static void
hearth_sim_elgato_device_list_services (HearthSimDevice *device,
                                        GPtrArray       *services)
{
  HearthSimElgatoDevice *self = HEARTH_SIM_ELGATO_DEVICE (device);
  g_autofree char *dt = g_strdup_printf ("dt=%d", self->board_type);
  g_autofree char *id = g_strdup_printf ("id=%s", self->mac);
  g_autofree char *md = g_strdup_printf ("md=%s", self->model_txt);
  g_autofree char *name = NULL;
  g_autofree char *mac_tail = NULL;
  const char *txt[] = { "mf=Elgato", dt, id, md, "pv=1.0", NULL };

  /* "Elgato Key Light 0A01": the product and the MAC's last two bytes */
  mac_tail = g_strdup_printf ("%c%c%c%c", self->mac[12], self->mac[13],
                              self->mac[15], self->mac[16]);
  name = g_strdup_printf ("%s %s", self->product, mac_tail);

  g_ptr_array_add (services, hearth_sim_service_new ("_elg._tcp", name, txt));
}

static JsonNode *
hearth_sim_elgato_device_get_sim_state (HearthSimDevice *device)
{
  HearthSimElgatoDevice *self = HEARTH_SIM_ELGATO_DEVICE (device);
  JsonNode *state = build_lights (self);

  json_object_set_int_member (json_node_get_object (state), "identified", self->identified);

  return state;
}

static gboolean
hearth_sim_elgato_device_set_sim_state (HearthSimDevice  *device,
                                        JsonObject       *changes,
                                        GError          **error)
{
  HearthSimElgatoDevice *self = HEARTH_SIM_ELGATO_DEVICE (device);

  if (json_object_has_member (changes, "lights"))
    return merge_lights (self, changes, error);

  /* One light's keys, without the wrapper: light 0 */
  return merge_light (self, &self->lights[0], changes, FALSE, error) &&
         merge_light (self, &self->lights[0], changes, TRUE, error);
}

static void
hearth_sim_elgato_device_finalize (GObject *object)
{
  HearthSimElgatoDevice *self = HEARTH_SIM_ELGATO_DEVICE (object);

  g_clear_pointer (&self->product, g_free);
  g_clear_pointer (&self->model_txt, g_free);
  g_clear_pointer (&self->serial, g_free);
  g_clear_pointer (&self->mac, g_free);
  g_clear_pointer (&self->display_name, g_free);

  G_OBJECT_CLASS (hearth_sim_elgato_device_parent_class)->finalize (object);
}

static void
hearth_sim_elgato_device_class_init (HearthSimElgatoDeviceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  HearthSimDeviceClass *device_class = HEARTH_SIM_DEVICE_CLASS (klass);

  object_class->finalize = hearth_sim_elgato_device_finalize;

  device_class->family = "elgato";
  device_class->setup = hearth_sim_elgato_device_setup;
  device_class->list_services = hearth_sim_elgato_device_list_services;
  device_class->get_sim_state = hearth_sim_elgato_device_get_sim_state;
  device_class->set_sim_state = hearth_sim_elgato_device_set_sim_state;
}

static void
hearth_sim_elgato_device_init (HearthSimElgatoDevice *self)
{
}

/**
 * hearth_sim_elgato_new:
 * @variant: "keylight" (default) or "lightstrip"
 * @index: makes the serial number and MAC unique
 * @name: the displayName, or %NULL for the factory default (an empty
 *   displayName on the Key Light, none at all on the Light Strip; Hearth
 *   then shows the product name)
 */
HearthSimDevice *
hearth_sim_elgato_new (const char *variant,
                       guint       index,
                       const char *name)
{
  g_autoptr(HearthSimElgatoDevice) self = NULL;
  gboolean strip;
  const char *product;
  g_autofree char *serial = NULL;

  if (variant == NULL || g_str_equal (variant, "keylight"))
    strip = FALSE;
  else if (g_str_equal (variant, "lightstrip"))
    strip = TRUE;
  else
    {
      g_printerr ("hearth-sim: unknown Elgato variant “%s” (keylight, lightstrip)\n", variant);
      return NULL;
    }

  product = strip ? "Elgato Light Strip" : "Elgato Key Light";
  serial = g_strdup_printf (strip ? "EW52J1A%05u" : "CN11A1A%05u", index % 100000);

  self = g_object_new (HEARTH_TYPE_SIM_ELGATO_DEVICE,
                       "id", serial,
                       "name", name != NULL && *name != '\0' ? name : product,
                       NULL);

  self->strip = strip;
  self->index = index;
  self->product = g_strdup (product);
  /* A real Key Light announces md=<product> <model number> */
  self->model_txt = g_strdup (strip ? product : "Elgato Key Light 20GAK9901");
  self->serial = g_steal_pointer (&serial);
  self->mac = g_strdup_printf ("3C:6A:9D:%02X:%02X:%02X", strip ? 0x21 : 0x20,
                               (index >> 8) & 0xff, index & 0xff);
  if (name != NULL)
    self->display_name = g_strdup (name);
  else if (!strip)
    self->display_name = g_strdup ("");
  self->board_type = strip ? 70 : 53;
  self->build = strip ? 211 : 218;
  self->firmware = strip ? "1.0.4" : "1.0.3";
  self->min_mired = strip ? 153 : 143;
  self->max_mired = strip ? 285 : 344;

  self->lights[0].on = 0;
  self->lights[0].brightness = 40;
  self->lights[0].temperature = strip ? 200 : 297;
  self->lights[0].hue = 30.0;
  self->lights[0].saturation = 80.0;
  self->lights[0].color_mode = strip;

  self->power_on_behavior = 1;
  self->power_on_brightness = 20;
  self->power_on_temperature = strip ? 200 : 213;
  self->power_on_hue = 40.0;
  self->power_on_saturation = 77.0;
  self->switch_on_ms = 100;
  self->switch_off_ms = 300;
  self->color_change_ms = 100;

  return HEARTH_SIM_DEVICE (g_steal_pointer (&self));
}
