/* test-tasmota.c: the Tasmota parsers on documented payloads, and on bad input
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * There are no real Tasmota captures in tests/fixtures. The payloads below
 * are NOT captures: they were written by hand in the shape documented in
 * protocols.md §8 and the Tasmota command documentation (Status 0 with
 * Status/StatusFWR/StatusNET/StatusSNS/StatusSTS; Status 11 = StatusSTS;
 * Status 10 = StatusSNS; the login WARNING body), with documentation-range
 * addresses and made-up MACs.
 */
#include "config.h"

#include "hearth-test-utils.h"
#include "hearth-tasmota-parse.h"

/* A plug: one relay and an energy meter (Status 0) */
static const char plug_status0[] =
  "{\"Status\":{\"Module\":0,\"DeviceName\":\"Garden Pump\",\"FriendlyName\":[\"Garden Pump\"],"
  "\"Topic\":\"tasmota_A1B2C3\",\"ButtonTopic\":\"0\",\"Power\":1,\"PowerOnState\":3,"
  "\"LedState\":1,\"LedMask\":\"FFFF\",\"SaveData\":1,\"SaveState\":1,\"SwitchTopic\":\"0\","
  "\"SwitchMode\":[0,0,0,0,0,0,0,0],\"ButtonRetain\":0,\"SwitchRetain\":0,\"SensorRetain\":0,"
  "\"PowerRetain\":0,\"InfoRetain\":0,\"StateRetain\":0},"
  "\"StatusFWR\":{\"Version\":\"13.4.0(tasmota)\",\"BuildDateTime\":\"2024-03-07T10:19:43\","
  "\"Boot\":31,\"Core\":\"2_7_6\",\"SDK\":\"2.2.2-dev(38a443e)\",\"CpuFrequency\":80,"
  "\"Hardware\":\"ESP8266EX\",\"CR\":\"378/699\"},"
  "\"StatusNET\":{\"Hostname\":\"tasmota-A1B2C3-0451\",\"IPAddress\":\"192.0.2.10\","
  "\"Gateway\":\"192.0.2.1\",\"Subnetmask\":\"255.255.255.0\",\"DNSServer1\":\"192.0.2.1\","
  "\"DNSServer2\":\"0.0.0.0\",\"Mac\":\"A4:CF:12:A1:B2:C3\",\"Webserver\":2,\"HTTP_API\":1,"
  "\"WifiConfig\":4,\"WifiPower\":17.0},"
  "\"StatusSNS\":{\"Time\":\"2024-05-01T12:00:00\",\"ENERGY\":{\"TotalStartTime\":\"2024-01-01T00:00:00\","
  "\"Total\":12.345,\"Yesterday\":0.512,\"Today\":0.204,\"Power\":45,\"ApparentPower\":50,"
  "\"ReactivePower\":21,\"Factor\":0.90,\"Voltage\":231,\"Current\":0.217}},"
  "\"StatusSTS\":{\"Time\":\"2024-05-01T12:00:00\",\"Uptime\":\"0T01:00:00\",\"UptimeSec\":3600,"
  "\"Heap\":25,\"SleepMode\":\"Dynamic\",\"Sleep\":50,\"LoadAvg\":19,\"MqttCount\":0,"
  "\"POWER\":\"ON\",\"Wifi\":{\"AP\":1,\"SSId\":\"Hearth\",\"BSSId\":\"00:00:5E:00:53:01\","
  "\"Channel\":6,\"Mode\":\"11n\",\"RSSI\":80,\"Signal\":-60,\"LinkCount\":1,"
  "\"Downtime\":\"0T00:00:03\"}}}";

/* An RGBCCT bulb (Status 0, trimmed to what matters) */
static const char bulb_status0[] =
  "{\"Status\":{\"Module\":0,\"DeviceName\":\"\",\"FriendlyName\":[\"Reading Lamp\"],\"Power\":0},"
  "\"StatusFWR\":{\"Version\":\"14.1.0(tasmota32)\",\"Hardware\":\"ESP32-C3\"},"
  "\"StatusNET\":{\"Hostname\":\"tasmota-0A0B0C-1234\",\"Mac\":\"3c:71:bf:0a:0b:0c\"},"
  "\"StatusSNS\":{\"Time\":\"2024-05-01T12:00:00\"},"
  "\"StatusSTS\":{\"UptimeSec\":10,\"POWER\":\"OFF\",\"Dimmer\":40,\"Color\":\"66330A0000\","
  "\"HSBColor\":\"30,90,40\",\"White\":0,\"CT\":300,\"Channel\":[40,20,4,0,0],\"Scheme\":0,"
  "\"Fade\":\"OFF\",\"Speed\":1,\"LedTable\":\"ON\"}}";

/* Four relays, each with its FriendlyName */
static const char relay4_status0[] =
  "{\"Status\":{\"Module\":\"Sonoff 4CH\",\"DeviceName\":\"Garden Valves\","
  "\"FriendlyName\":[\"Lawn\",\"Beds\",\"\",\"Fountain\"],\"Power\":\"0101\"},"
  "\"StatusFWR\":{\"Version\":\"12.5.0(tasmota)\",\"Hardware\":\"ESP8285H16\"},"
  "\"StatusNET\":{\"Mac\":\"C8:2B:96:00:00:04\"},"
  "\"StatusSNS\":{\"Time\":\"2024-05-01T12:00:00\"},"
  "\"StatusSTS\":{\"POWER1\":\"OFF\",\"POWER2\":\"ON\",\"POWER3\":\"OFF\",\"POWER4\":\"ON\"}}";

/* A shutter on relays 1 and 2 (Status 0) and then Status 10 while it moves */
static const char shutter_status0[] =
  "{\"Status\":{\"Module\":0,\"DeviceName\":\"Patio Awning\",\"FriendlyName\":[\"Up\",\"Down\"]},"
  "\"StatusFWR\":{\"Version\":\"13.4.0(tasmota)\",\"Hardware\":\"ESP8266EX\"},"
  "\"StatusNET\":{\"Mac\":\"A4:CF:12:00:00:05\"},"
  "\"StatusSNS\":{\"Time\":\"2024-05-01T12:00:00\","
  "\"Shutter1\":{\"Position\":30,\"Direction\":0,\"Target\":30,\"Tilt\":0}},"
  "\"StatusSTS\":{\"POWER1\":\"OFF\",\"POWER2\":\"OFF\"}}";
static const char shutter_status10_opening[] =
  "{\"StatusSNS\":{\"Time\":\"2024-05-01T12:00:05\","
  "\"Shutter1\":{\"Position\":45,\"Direction\":1,\"Target\":100,\"Tilt\":0}}}";

/* Temperature sensors in Fahrenheit (Status 10) */
static const char sensors_status10[] =
  "{\"StatusSNS\":{\"Time\":\"2024-05-01T12:00:00\","
  "\"DS18B20\":{\"Id\":\"01144A0CB2AA\",\"Temperature\":70.7},"
  "\"AM2301\":{\"Temperature\":68.2,\"Humidity\":45.1,\"DewPoint\":46.4},"
  "\"TempUnit\":\"F\"}}";

static const char login_warning[] =
  "{\"WARNING\":\"Need user=<username>&password=<password>\"}";

static HearthDevice *
device_from (const char *status0)
{
  g_autoptr(JsonNode) root = hearth_test_parse_json (status0);
  g_autoptr(GError) error = NULL;
  HearthDevice *device = hearth_tasmota_parse_identity (root, &error);

  g_assert_no_error (error);
  g_assert_nonnull (device);
  g_assert_true (hearth_tasmota_parse_status (root, device, &error));
  g_assert_no_error (error);
  return device;
}

static guint
n_controls (HearthDevice *device)
{
  return g_list_model_get_n_items (hearth_device_get_controls (device));
}

/* Identity */

static void
test_identity (void)
{
  g_autoptr(JsonNode) root = hearth_test_parse_json (plug_status0);
  g_autoptr(GError) error = NULL;
  g_autoptr(HearthDevice) plug = hearth_tasmota_parse_identity (root, &error);
  g_autoptr(HearthDevice) bulb = NULL;
  g_autoptr(HearthDevice) relay4 = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (hearth_device_get_id (plug), ==, "a4cf12a1b2c3");
  g_assert_cmpstr (hearth_device_get_family (plug), ==, "tasmota");
  g_assert_cmpstr (hearth_device_get_name (plug), ==, "Garden Pump");
  /* Module 0 is a template: the chip names the model */
  g_assert_cmpstr (hearth_device_get_model (plug), ==, "ESP8266EX");
  g_assert_cmpstr (hearth_device_get_firmware (plug), ==, "13.4.0(tasmota)");

  /* An empty DeviceName: the first FriendlyName */
  bulb = device_from (bulb_status0);
  g_assert_cmpstr (hearth_device_get_id (bulb), ==, "3c71bf0a0b0c");
  g_assert_cmpstr (hearth_device_get_name (bulb), ==, "Reading Lamp");
  g_assert_cmpstr (hearth_device_get_model (bulb), ==, "ESP32-C3");

  /* A module given by name wins over the chip */
  relay4 = device_from (relay4_status0);
  g_assert_cmpstr (hearth_device_get_model (relay4), ==, "Sonoff 4CH");
}

static void
test_identity_bad (void)
{
  const struct { const char *json; int code; } cases[] = {
    /* Another family's answer, or some web page's JSON */
    { "{\"brand\":\"WLED\",\"mac\":\"aabbccddeeff\"}", HEARTH_ERROR_UNSUPPORTED },
    { "[1,2,3]", HEARTH_ERROR_UNSUPPORTED },
    { "{\"Status\":1,\"StatusFWR\":{},\"StatusNET\":{}}", HEARTH_ERROR_UNSUPPORTED },
    /* Tasmota's shape but no usable MAC */
    { "{\"Status\":{},\"StatusFWR\":{},\"StatusNET\":{}}", HEARTH_ERROR_BAD_PAYLOAD },
    { "{\"Status\":{},\"StatusFWR\":{},\"StatusNET\":{\"Mac\":42}}", HEARTH_ERROR_BAD_PAYLOAD },
    { "{\"Status\":{},\"StatusFWR\":{},\"StatusNET\":{\"Mac\":\"00:00:00:00:00:00\"}}", HEARTH_ERROR_BAD_PAYLOAD },
    { "{\"Status\":{},\"StatusFWR\":{},\"StatusNET\":{\"Mac\":\"A4:CF:12\"}}", HEARTH_ERROR_BAD_PAYLOAD },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) root = hearth_test_parse_json (cases[i].json);
      g_autoptr(GError) error = NULL;
      g_autoptr(HearthDevice) device = hearth_tasmota_parse_identity (root, &error);

      g_test_message ("%s", cases[i].json);
      g_assert_null (device);
      g_assert_error (error, HEARTH_ERROR, cases[i].code);
    }

  {
    g_autoptr(GError) error = NULL;
    g_assert_null (hearth_tasmota_parse_identity (NULL, &error));
    g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED);
  }

  /* Odd types for names and versions are not fatal */
  {
    g_autoptr(JsonNode) root = hearth_test_parse_json ("{\"Status\":{\"DeviceName\":7,\"FriendlyName\":[3]},"
                                                       "\"StatusFWR\":{\"Version\":[]},"
                                                       "\"StatusNET\":{\"Mac\":\"A4-CF-12-00-00-09\"}}");
    g_autoptr(GError) error = NULL;
    g_autoptr(HearthDevice) device = hearth_tasmota_parse_identity (root, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (hearth_device_get_id (device), ==, "a4cf12000009");
    g_assert_cmpstr (hearth_device_get_name (device), ==, "Tasmota");
    g_assert_cmpstr (hearth_device_get_model (device), ==, "Tasmota");
    g_assert_null (hearth_device_get_firmware (device));
  }
}

/* Status */

static void
test_status_plug (void)
{
  g_autoptr(HearthDevice) device = device_from (plug_status0);
  HearthControl *control;

  g_assert_cmpuint (n_controls (device), ==, 4);
  /* The relay's tile comes first, then the readings */
  {
    g_autoptr(HearthControl) first = g_list_model_get_item (hearth_device_get_controls (device), 0);
    g_assert_cmpstr (hearth_control_get_id (first), ==, "power1");
  }
  control = hearth_device_find_control (device, "power1");
  g_assert_nonnull (control);
  g_assert_cmpint (hearth_control_get_kind (control), ==, HEARTH_CONTROL_KIND_SWITCH);
  g_assert_cmpstr (hearth_control_get_name (control), ==, "Garden Pump");
  g_assert_cmpint (hearth_control_get_capabilities (control), ==, HEARTH_CAPABILITY_ON_OFF);
  g_assert_true (hearth_control_get_on (control));

  control = hearth_device_find_control (device, "energy/power");
  g_assert_nonnull (control);
  g_assert_cmpint (hearth_control_get_kind (control), ==, HEARTH_CONTROL_KIND_SENSOR);
  g_assert_cmpfloat (hearth_control_get_value (control), ==, 45);
  g_assert_cmpstr (hearth_control_get_unit (control), ==, "W");
  g_assert_cmpstr (hearth_control_get_quantity (control), ==, "power");
  g_assert_cmpstr (hearth_control_get_name (control), ==, "Garden Pump Power");

  control = hearth_device_find_control (device, "energy/energy");
  g_assert_cmpfloat_with_epsilon (hearth_control_get_value (control), 12.345, 1e-9);
  g_assert_cmpstr (hearth_control_get_unit (control), ==, "kWh");
  control = hearth_device_find_control (device, "energy/voltage");
  g_assert_cmpfloat (hearth_control_get_value (control), ==, 231);
  g_assert_cmpstr (hearth_control_get_unit (control), ==, "V");
}

static void
test_status_bulb (void)
{
  g_autoptr(HearthDevice) device = device_from (bulb_status0);
  HearthControl *light = hearth_device_find_control (device, "power1");

  g_assert_cmpuint (n_controls (device), ==, 1);
  g_assert_nonnull (light);
  g_assert_cmpint (hearth_control_get_kind (light), ==, HEARTH_CONTROL_KIND_LIGHT);
  g_assert_cmpstr (hearth_control_get_name (light), ==, "Reading Lamp");
  g_assert_cmpint (hearth_control_get_capabilities (light), ==,
                   HEARTH_CAPABILITY_ON_OFF | HEARTH_CAPABILITY_BRIGHTNESS |
                   HEARTH_CAPABILITY_TEMPERATURE | HEARTH_CAPABILITY_COLOR);
  g_assert_false (hearth_control_get_on (light));
  g_assert_cmpint (hearth_control_get_brightness (light), ==, 40);
  /* CT 300 mireds */
  g_assert_cmpint (hearth_control_get_temperature (light), ==, 3333);
  g_assert_cmpint (hearth_control_get_temperature_min (light), ==, 2000);
  g_assert_cmpint (hearth_control_get_temperature_max (light), ==, 6536);
  /* HSBColor 30,90: the hue at full value */
  g_assert_cmpint (hearth_control_get_color (light), ==, hearth_color_from_hsv (30, 90, 100));
  g_assert_cmpint (hearth_control_get_color (light), ==, 0xff8c19);
}

static void
test_status_relay4 (void)
{
  g_autoptr(HearthDevice) device = device_from (relay4_status0);
  g_autoptr(JsonNode) fewer = hearth_test_parse_json ("{\"StatusSTS\":{\"POWER1\":\"ON\",\"POWER2\":\"ON\"}}");
  g_autoptr(GError) error = NULL;
  const char *names[] = { "Lawn", "Beds", "Garden Valves 3", "Fountain" };
  const gboolean on[] = { FALSE, TRUE, FALSE, TRUE };

  g_assert_cmpuint (n_controls (device), ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *id = g_strdup_printf ("power%u", i + 1);
      HearthControl *control = hearth_device_find_control (device, id);

      g_assert_nonnull (control);
      g_assert_cmpint (hearth_control_get_kind (control), ==, HEARTH_CONTROL_KIND_SWITCH);
      g_assert_cmpstr (hearth_control_get_name (control), ==, names[i]);
      g_assert_cmpint (hearth_control_get_on (control), ==, on[i]);
    }

  /* Status 11 keeps the names it does not carry, and drops relays gone */
  g_assert_true (hearth_tasmota_parse_status (fewer, device, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_controls (device), ==, 2);
  g_assert_cmpstr (hearth_control_get_name (hearth_device_find_control (device, "power1")), ==, "Lawn");
  g_assert_true (hearth_control_get_on (hearth_device_find_control (device, "power1")));
  g_assert_null (hearth_device_find_control (device, "power4"));
}

static void
test_status_shutter (void)
{
  g_autoptr(HearthDevice) device = device_from (shutter_status0);
  g_autoptr(JsonNode) opening = hearth_test_parse_json (shutter_status10_opening);
  g_autoptr(JsonNode) sts = hearth_test_parse_json ("{\"StatusSTS\":{\"POWER1\":\"ON\",\"POWER2\":\"OFF\"}}");
  g_autoptr(GError) error = NULL;
  HearthControl *shutter = hearth_device_find_control (device, "shutter1");

  /* Relays 1 and 2 drive the shutter: no switches for them */
  g_assert_cmpuint (n_controls (device), ==, 1);
  g_assert_nonnull (shutter);
  g_assert_cmpint (hearth_control_get_kind (shutter), ==, HEARTH_CONTROL_KIND_COVER);
  g_assert_cmpstr (hearth_control_get_name (shutter), ==, "Patio Awning");
  g_assert_cmpint (hearth_control_get_capabilities (shutter), ==, HEARTH_CAPABILITY_POSITION);
  g_assert_cmpint (hearth_control_get_position (shutter), ==, 30);
  g_assert_cmpint (hearth_control_get_cover_state (shutter), ==, HEARTH_COVER_STATE_STOPPED);

  g_assert_true (hearth_tasmota_parse_status (opening, device, &error));
  g_assert_no_error (error);
  g_assert_cmpint (hearth_control_get_position (shutter), ==, 45);
  g_assert_cmpint (hearth_control_get_cover_state (shutter), ==, HEARTH_COVER_STATE_OPENING);

  /* Status 11 alone still knows the relays belong to the shutter */
  g_assert_true (hearth_tasmota_parse_status (sts, device, &error));
  g_assert_cmpuint (n_controls (device), ==, 1);
}

static void
test_status_sensors (void)
{
  g_autoptr(HearthDevice) device = hearth_device_new ("a4cf12000007", "tasmota");
  g_autoptr(JsonNode) root = hearth_test_parse_json (sensors_status10);
  g_autoptr(JsonNode) gone = hearth_test_parse_json ("{\"StatusSNS\":{\"Time\":\"x\",\"DS18B20\":{\"Temperature\":71}}}");
  g_autoptr(GError) error = NULL;
  HearthControl *control;

  hearth_device_set_name (device, "Greenhouse");
  g_assert_true (hearth_tasmota_parse_status (root, device, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_controls (device), ==, 3);

  control = hearth_device_find_control (device, "ds18b20/temperature");
  g_assert_cmpfloat_with_epsilon (hearth_control_get_value (control), 70.7, 1e-9);
  g_assert_cmpstr (hearth_control_get_unit (control), ==, "°F");
  g_assert_cmpstr (hearth_control_get_quantity (control), ==, "temperature");
  g_assert_cmpstr (hearth_control_get_name (control), ==, "Greenhouse Temperature (DS18B20)");
  control = hearth_device_find_control (device, "am2301/humidity");
  g_assert_cmpfloat_with_epsilon (hearth_control_get_value (control), 45.1, 1e-9);
  g_assert_cmpstr (hearth_control_get_unit (control), ==, "%");

  /* A sensor that is gone from StatusSNS goes from the model */
  g_assert_true (hearth_tasmota_parse_status (gone, device, &error));
  g_assert_cmpuint (n_controls (device), ==, 1);
  control = hearth_device_find_control (device, "ds18b20/temperature");
  g_assert_cmpfloat (hearth_control_get_value (control), ==, 71);
  /* No TempUnit: Celsius */
  g_assert_cmpstr (hearth_control_get_unit (control), ==, "°C");

  /* A two-channel meter reports arrays: the device's total */
  {
    g_autoptr(JsonNode) two = hearth_test_parse_json ("{\"StatusSNS\":{\"ENERGY\":{\"Total\":3.5,"
                                                      "\"Power\":[12,30.5],\"Voltage\":[230,\"x\"]}}}");

    g_assert_true (hearth_tasmota_parse_status (two, device, &error));
    g_assert_no_error (error);
    g_assert_cmpfloat (hearth_control_get_value (hearth_device_find_control (device, "energy/power")), ==, 42.5);
    g_assert_cmpfloat (hearth_control_get_value (hearth_device_find_control (device, "energy/energy")), ==, 3.5);
    /* Not all numbers: left out */
    g_assert_null (hearth_device_find_control (device, "energy/voltage"));
  }
}

static void
test_status_bad (void)
{
  g_autoptr(HearthDevice) device = device_from (relay4_status0);
  const char *bad[] = {
    "[]",
    "{}",
    "{\"StatusSTS\":\"ON\"}",
    "{\"StatusSNS\":[1]}",
    "{\"Status\":3,\"StatusSTS\":{\"POWER1\":\"OFF\"}}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(JsonNode) root = hearth_test_parse_json (bad[i]);
      g_autoptr(GError) error = NULL;

      g_test_message ("%s", bad[i]);
      g_assert_false (hearth_tasmota_parse_status (root, device, &error));
      g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD);
      /* The model is untouched */
      g_assert_cmpuint (n_controls (device), ==, 4);
      g_assert_true (hearth_control_get_on (hearth_device_find_control (device, "power2")));
    }

  /* Odd values are skipped, never CRITICALs */
  {
    g_autoptr(HearthDevice) bulb = device_from (bulb_status0);
    g_autoptr(JsonNode) odd = hearth_test_parse_json ("{\"StatusSTS\":{\"POWER\":\"MAYBE\",\"POWER2\":1,\"POWER99\":\"ON\","
                                                      "\"Dimmer\":40,\"CT\":\"warm\",\"Color\":\"zz\",\"HSBColor\":\"1,2\"},"
                                                      "\"StatusSNS\":{\"ENERGY\":{\"Power\":[1,null],\"Total\":\"x\"},"
                                                      "\"Shutter1\":{\"Position\":\"up\"},\"X\":{\"Temperature\":null}}}");
    g_autoptr(GError) error = NULL;

    g_assert_true (hearth_tasmota_parse_status (odd, bulb, &error));
    g_assert_no_error (error);
    /* No relay state it can read: no controls */
    g_assert_cmpuint (n_controls (bulb), ==, 0);
  }
}

/* Answers to commands */

static void
test_result (void)
{
  g_autoptr(HearthDevice) relays = device_from (relay4_status0);
  g_autoptr(HearthDevice) bulb = device_from (bulb_status0);
  g_autoptr(HearthDevice) shutter = device_from (shutter_status0);
  g_autoptr(GError) error = NULL;
  gboolean has_state = FALSE;
  HearthControl *light = hearth_device_find_control (bulb, "power1");

  {
    g_autoptr(JsonNode) root = hearth_test_parse_json ("{\"POWER2\":\"OFF\"}");
    g_assert_true (hearth_tasmota_parse_result (root, relays, &has_state, &error));
    g_assert_true (has_state);
    g_assert_false (hearth_control_get_on (hearth_device_find_control (relays, "power2")));
  }
  {
    g_autoptr(JsonNode) root = hearth_test_parse_json ("{\"POWER\":\"ON\",\"Dimmer\":75,\"Color\":\"BF7F00\","
                                                       "\"HSBColor\":\"40,100,75\",\"CT\":153}");
    g_assert_true (hearth_tasmota_parse_result (root, bulb, &has_state, &error));
    g_assert_true (has_state);
    g_assert_true (hearth_control_get_on (light));
    g_assert_cmpint (hearth_control_get_brightness (light), ==, 75);
    g_assert_cmpint (hearth_control_get_temperature (light), ==, 6536);
    g_assert_cmpint (hearth_control_get_color (light), ==, hearth_color_from_hsv (40, 100, 100));
  }
  {
    g_autoptr(JsonNode) root = hearth_test_parse_json ("{\"Shutter1\":{\"Position\":30,\"Direction\":-1,\"Target\":0}}");
    HearthControl *cover = hearth_device_find_control (shutter, "shutter1");

    g_assert_true (hearth_tasmota_parse_result (root, shutter, &has_state, &error));
    g_assert_true (has_state);
    g_assert_cmpint (hearth_control_get_cover_state (cover), ==, HEARTH_COVER_STATE_CLOSING);
  }
  {
    g_autoptr(JsonNode) root = hearth_test_parse_json ("{\"ShutterPosition1\":80}");
    g_assert_true (hearth_tasmota_parse_result (root, shutter, &has_state, &error));
    g_assert_true (has_state);
    g_assert_cmpint (hearth_control_get_position (hearth_device_find_control (shutter, "shutter1")), ==, 80);
  }
  {
    /* A Backlog may answer without state */
    g_autoptr(JsonNode) root = hearth_test_parse_json ("{\"WARNING\":\"Enable weblog 2 if response expected\"}");
    g_assert_true (hearth_tasmota_parse_result (root, bulb, &has_state, &error));
    g_assert_false (has_state);
  }
  {
    g_autoptr(JsonNode) root = hearth_test_parse_json ("[\"POWER\"]");
    g_assert_false (hearth_tasmota_parse_result (root, bulb, &has_state, &error));
    g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD);
  }
}

static void
test_check_answer (void)
{
  g_autoptr(JsonNode) warning = hearth_test_parse_json (login_warning);
  g_autoptr(JsonNode) other_warning = hearth_test_parse_json ("{\"WARNING\":\"Enable weblog 2 if response expected\"}");
  g_autoptr(JsonNode) unknown = hearth_test_parse_json ("{\"Command\":\"Unknown\"}");
  g_autoptr(JsonNode) cmd_error = hearth_test_parse_json ("{\"Command\":\"Error\"}");
  g_autoptr(JsonNode) array = hearth_test_parse_json ("[]");
  g_autoptr(JsonNode) power = hearth_test_parse_json ("{\"POWER\":\"ON\"}");
  g_autoptr(GError) error = NULL;

  /* HTTP 200 with the WARNING is a login failure, never success */
  g_assert_false (hearth_tasmota_check_answer (warning, FALSE, &error));
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_NEEDS_PASSWORD);
  g_clear_error (&error);
  g_assert_false (hearth_tasmota_check_answer (warning, TRUE, &error));
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PASSWORD);
  g_clear_error (&error);

  g_assert_true (hearth_tasmota_check_answer (other_warning, TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (hearth_tasmota_check_answer (power, FALSE, &error));

  g_assert_false (hearth_tasmota_check_answer (unknown, FALSE, &error));
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_DEVICE);
  g_clear_error (&error);
  g_assert_false (hearth_tasmota_check_answer (cmd_error, FALSE, &error));
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_DEVICE);
  g_clear_error (&error);
  g_assert_false (hearth_tasmota_check_answer (array, FALSE, &error));
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD);
}

/* Requests */

static void
test_build_path (void)
{
  g_autofree char *plain = hearth_tasmota_build_path ("Status 0", NULL, NULL);
  g_autofree char *backlog = hearth_tasmota_build_path ("Backlog Power1 On;Dimmer 50", NULL, NULL);
  g_autofree char *login = hearth_tasmota_build_path ("HSBColor 30,90,40", NULL, "p&ss w;rd#=?");
  g_autofree char *user = hearth_tasmota_build_path ("Power On", "ad min", "x");

  g_assert_cmpstr (plain, ==, "/cm?cmnd=Status%200");
  g_assert_cmpstr (backlog, ==, "/cm?cmnd=Backlog%20Power1%20On%3BDimmer%2050");
  g_assert_cmpstr (login, ==, "/cm?user=admin&password=p%26ss%20w%3Brd%23%3D%3F&cmnd=HSBColor%2030%2C90%2C40");
  g_assert_cmpstr (user, ==, "/cm?user=ad%20min&password=x&cmnd=Power%20On");

  /* It survives a round trip through a URI parser */
  {
    g_autofree char *absolute = g_strconcat ("http://192.0.2.1", login, NULL);
    g_autoptr(GUri) parsed = g_uri_parse (absolute, G_URI_FLAGS_ENCODED_QUERY, NULL);
    g_autoptr(GHashTable) params = NULL;

    g_assert_nonnull (parsed);
    params = g_uri_parse_params (g_uri_get_query (parsed), -1, "&", G_URI_PARAMS_NONE, NULL);
    g_assert_cmpstr (g_hash_table_lookup (params, "password"), ==, "p&ss w;rd#=?");
    g_assert_cmpstr (g_hash_table_lookup (params, "cmnd"), ==, "HSBColor 30,90,40");
  }
}

static char *
command_for (HearthDevice *device,
             const char   *control_id,
             const char   *actions,
             GError      **error)
{
  g_autoptr(HearthChange) change = hearth_change_new ();
  g_auto(GStrv) words = g_strsplit (actions, " ", -1);

  for (guint i = 0; words[i] != NULL; i++)
    g_assert_true (hearth_change_parse_action (change, words[i], NULL));

  return hearth_tasmota_build_command (hearth_device_find_control (device, control_id), change, error);
}

static void
test_build_command (void)
{
  g_autoptr(HearthDevice) relays = device_from (relay4_status0);
  g_autoptr(HearthDevice) bulb = device_from (bulb_status0);
  g_autoptr(HearthDevice) shutter = device_from (shutter_status0);
  g_autoptr(HearthDevice) plug = device_from (plug_status0);
  const struct { HearthDevice *device; const char *id; const char *actions; const char *command; } ok[] = {
    { relays, "power3", "on", "Power3 On" },
    { relays, "power1", "off", "Power1 Off" },
    { bulb, "power1", "brightness=55", "Dimmer 55" },
    { bulb, "power1", "temperature=2700", "CT 370" },
    /* Outside 153–500 mireds: clamped */
    { bulb, "power1", "temperature=10000", "CT 153" },
    /* Colour keeps the light's brightness (40) */
    { bulb, "power1", "color=#ff0000", "HSBColor 0,100,40" },
    { bulb, "power1", "on brightness=20 temperature=4000", "Backlog Power1 On;Dimmer 20;CT 250" },
    { bulb, "power1", "color=#00ff00 brightness=70", "HSBColor 120,100,70" },
    /* Off last: a Dimmer would switch the light on again */
    { bulb, "power1", "off brightness=10", "Backlog Dimmer 10;Power1 Off" },
    { shutter, "shutter1", "position=40", "ShutterPosition1 40" },
    { shutter, "shutter1", "open", "ShutterOpen1" },
    { shutter, "shutter1", "close", "ShutterClose1" },
    { shutter, "shutter1", "stop", "ShutterStop1" },
  };
  const struct { HearthDevice *device; const char *id; const char *actions; } unsupported[] = {
    { relays, "power2", "brightness=40" },
    { plug, "power1", "color=#ff0000" },
    { bulb, "power1", "effect=Wakeup" },
    { shutter, "shutter1", "on" },
    { plug, "energy/power", "on" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (ok); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *command = command_for (ok[i].device, ok[i].id, ok[i].actions, &error);

      g_test_message ("%s %s", ok[i].id, ok[i].actions);
      g_assert_no_error (error);
      g_assert_cmpstr (command, ==, ok[i].command);
    }

  for (guint i = 0; i < G_N_ELEMENTS (unsupported); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *command = command_for (unsupported[i].device, unsupported[i].id,
                                              unsupported[i].actions, &error);

      g_test_message ("%s %s", unsupported[i].id, unsupported[i].actions);
      g_assert_null (command);
      g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED);
    }
}

static void
test_ids (void)
{
  guint index = 0;

  g_assert_true (hearth_tasmota_parse_power_id ("power4", &index));
  g_assert_cmpuint (index, ==, 4);
  g_assert_true (hearth_tasmota_parse_shutter_id ("shutter2", &index));
  g_assert_cmpuint (index, ==, 2);
  g_assert_false (hearth_tasmota_parse_power_id ("power", &index));
  g_assert_false (hearth_tasmota_parse_power_id ("power0", &index));
  g_assert_false (hearth_tasmota_parse_power_id ("power33", &index));
  g_assert_false (hearth_tasmota_parse_power_id ("power-1", &index));
  g_assert_false (hearth_tasmota_parse_power_id ("poweronstate", &index));
  g_assert_false (hearth_tasmota_parse_shutter_id ("energy/power", &index));

}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tasmota/identity", test_identity);
  g_test_add_func ("/tasmota/identity/bad", test_identity_bad);
  g_test_add_func ("/tasmota/status/plug", test_status_plug);
  g_test_add_func ("/tasmota/status/bulb", test_status_bulb);
  g_test_add_func ("/tasmota/status/relay4", test_status_relay4);
  g_test_add_func ("/tasmota/status/shutter", test_status_shutter);
  g_test_add_func ("/tasmota/status/sensors", test_status_sensors);
  g_test_add_func ("/tasmota/status/bad", test_status_bad);
  g_test_add_func ("/tasmota/result", test_result);
  g_test_add_func ("/tasmota/check-answer", test_check_answer);
  g_test_add_func ("/tasmota/build-path", test_build_path);
  g_test_add_func ("/tasmota/build-command", test_build_command);
  g_test_add_func ("/tasmota/ids", test_ids);

  return g_test_run ();
}
