/* hearth-sim.c: simulated devices for tests, benchmarks and the demo home
 *
 * Prints one line per device, "FAMILY ID HOST:PORT NAME", then "ready",
 * and serves until SIGINT or SIGTERM (exit status 0). Bad options: a
 * message and exit status 2.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib-unix.h>

#include "hearth-http.h"
#include "hearth-sim-avahi.h"
#include "hearth-sim-families.h"

#define EXIT_USAGE 2
/* How long "ready" waits for avahi-daemon to announce every device */
#define ANNOUNCE_TIMEOUT_MS            10000
#define ANNOUNCE_TIMEOUT_PER_DEVICE_MS 20

typedef HearthSimDevice *(*FamilyNew) (const char *variant,
                                       guint       index,
                                       const char *name);

typedef struct
{
  const char         *family;
  FamilyNew           create;
  const char * const *variants;  /* the first is the default */
} Family;

static const char * const shelly_variants[] = {
  "plus1pm", "plus2pm", "plus2pm-cover", "plusrgbwpm", "dimmer", "ht", NULL,
};
static const char * const wled_variants[] = { "esp32", "esp8266", NULL };
static const char * const elgato_variants[] = { "keylight", "lightstrip", NULL };
static const char * const tasmota_variants[] = { "plug", "bulb", "relay4", "shutter", NULL };
static const char * const esphome_variants[] = { "new-ids", "legacy-ids", NULL };
static const char * const hue_variants[] = { "bsb002", NULL };
static const char * const shelly_gen1_variants[] = {
  "plug-s", "shelly25-roller", "rgbw2-color", "dimmer", "ht", NULL,
};
static const char * const nanoleaf_variants[] = { "shapes", "canvas", NULL };

static const Family families[] = {
  { "shelly", hearth_sim_shelly_new, shelly_variants },
  { "wled", hearth_sim_wled_new, wled_variants },
  { "elgato", hearth_sim_elgato_new, elgato_variants },
  { "tasmota", hearth_sim_tasmota_new, tasmota_variants },
  { "esphome", hearth_sim_esphome_new, esphome_variants },
  { "hue", hearth_sim_hue_new, hue_variants },
  { "shelly-gen1", hearth_sim_shelly_gen1_new, shelly_gen1_variants },
  { "nanoleaf", hearth_sim_nanoleaf_new, nanoleaf_variants },
};

typedef struct
{
  const Family *family;
  char         *variant;  /* NULL = the family's default */
  char         *name;     /* NULL = the firmware's default */
  char         *sim_state; /* JSON for set_sim_state after creation, or NULL */
} Request;

static void
request_free (gpointer data)
{
  Request *request = data;

  g_free (request->variant);
  g_free (request->name);
  g_free (request->sim_state);
  g_free (request);
}

static const Family *
find_family (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (families); i++)
    {
      if (g_ascii_strcasecmp (families[i].family, name) == 0)
        return &families[i];
    }

  return NULL;
}

static Request *
request_new (const Family *family,
             const char   *variant,
             const char   *name,
             const char   *sim_state)
{
  Request *request = g_new0 (Request, 1);

  request->family = family;
  request->variant = g_strdup (variant);
  request->name = g_strdup (name);
  request->sim_state = g_strdup (sim_state);

  return request;
}

/* FAMILY[:VARIANT][=NAME] */
static Request *
parse_device_spec (const char  *spec,
                   GError     **error)
{
  g_autofree char *kind = NULL;
  g_autofree char *variant = NULL;
  const char *equals = strchr (spec, '=');
  const char *name = NULL;
  const Family *family;
  char *colon;

  kind = equals ? g_strndup (spec, equals - spec) : g_strdup (spec);
  if (equals)
    {
      name = equals + 1;
      if (*name == '\0')
        name = NULL;
    }

  colon = strchr (kind, ':');
  if (colon)
    {
      *colon = '\0';
      variant = g_strdup (colon + 1);
    }

  family = find_family (kind);
  if (family == NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "Unknown family “%s” in --device %s (shelly, wled, elgato)",
                   kind, spec);
      return NULL;
    }

  if (variant != NULL && *variant != '\0' &&
      !g_strv_contains ((const char * const *) family->variants, variant))
    {
      g_autofree char *known = g_strjoinv (", ", (char **) family->variants);

      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "Unknown %s variant “%s” in --device %s (%s)",
                   family->family, variant, spec, known);
      return NULL;
    }

  if (variant != NULL && *variant == '\0')
    g_clear_pointer (&variant, g_free);

  return request_new (family, variant, name, NULL);
}

/* A believable home: a few plugs, lights, a cover and a climate sensor */
static void
add_demo_home (GPtrArray *requests)
{
  const Family *shelly = find_family ("shelly");
  const Family *wled = find_family ("wled");
  const Family *elgato = find_family ("elgato");

  g_ptr_array_add (requests, request_new (shelly, "plus1pm", "Coffee Machine", NULL));
  g_ptr_array_add (requests, request_new (shelly, "plus2pm", "Hallway Lights",
                                          "{\"switch:0\":{\"name\":\"Hallway\"},"
                                          "\"switch:1\":{\"name\":\"Porch\"}}"));
  g_ptr_array_add (requests, request_new (shelly, "plus2pm-cover", "Living Room Blinds", NULL));
  g_ptr_array_add (requests, request_new (shelly, "plusrgbwpm", "Kitchen Cabinet Light", NULL));
  g_ptr_array_add (requests, request_new (shelly, "dimmer", "Dining Table Pendant", NULL));
  g_ptr_array_add (requests, request_new (shelly, "ht", "Bedroom Climate", NULL));
  g_ptr_array_add (requests, request_new (wled, "esp32", "TV Backlight", NULL));
  g_ptr_array_add (requests, request_new (elgato, "keylight", "Desk Key Light", NULL));
  g_ptr_array_add (requests, request_new (elgato, "lightstrip", "Shelf Light Strip", NULL));
  g_ptr_array_add (requests, request_new (find_family ("esphome"), "new-ids", "Greenhouse Node",
                                          "{\"remove\":[\"Grow Light\",\"Circulation Fan\",\"Soil Humidity\",\"Door\",\"Restart\",\"Mode\"]}"));
  g_ptr_array_add (requests, request_new (find_family ("shelly-gen1"), "plug-s", "Dehumidifier", NULL));
  g_ptr_array_add (requests, request_new (find_family ("tasmota"), "plug", "Garden Pump", NULL));
  /* The families that pair: the bridge's link button is held down, so
   * pairing it works at once; the Nanoleaf waits for its button (POST
   * {"button":"pressed"} to its /sim/state), as a real one would. */
  g_ptr_array_add (requests, request_new (find_family ("hue"), "bsb002", "Hue Bridge", "{\"button\":\"held\"}"));
  g_ptr_array_add (requests, request_new (find_family ("nanoleaf"), "shapes", "Hallway Shapes", NULL));
}

static void
apply_sim_state (HearthSimDevice *device,
                 const char      *json)
{
  HearthSimDeviceClass *klass = HEARTH_SIM_DEVICE_GET_CLASS (device);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  if (klass->set_sim_state == NULL ||
      !json_parser_load_from_data (parser, json, -1, &error))
    return;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return;

  /* Best effort: the demo only decorates (channel names) */
  if (!klass->set_sim_state (device, json_node_get_object (root), &error))
    g_debug ("Demo state for %s not applied: %s",
             hearth_sim_device_get_id (device), error->message);
}

/* A signal came (before the main loop runs, too) */
static gboolean quit_requested;

static gboolean
on_quit_signal (gpointer user_data)
{
  quit_requested = TRUE;
  g_main_loop_quit (user_data);

  return G_SOURCE_CONTINUE;
}

static char *
format_host_port (const char *address,
                  guint16     port)
{
  /* Listening everywhere: point clients at the loopback */
  if (g_str_equal (address, "0.0.0.0"))
    address = "127.0.0.1";
  else if (g_str_equal (address, "::"))
    address = "::1";

  if (strchr (address, ':') != NULL)
    return g_strdup_printf ("[%s]:%u", address, port);

  return g_strdup_printf ("%s:%u", address, port);
}

static int
usage_error (GOptionContext *context,
             const char     *message)
{
  g_printerr ("hearth-sim: %s\n", message);
  g_printerr ("Try “%s --help” for more.\n", g_get_prgname ());

  return EXIT_USAGE;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) requests = NULL;
  g_autoptr(GPtrArray) devices = NULL;
  g_autoptr(GHashTable) indexes = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(HearthSimAvahi) avahi = NULL;
  g_auto(GStrv) device_specs = NULL;
  g_autofree char *address = NULL;
  g_autofree char *avahi_host = NULL;
  g_autofree char *password = NULL;
  g_autofree char *user = NULL;
  int n_shelly = 0;
  int n_wled = 0;
  int n_elgato = 0;
  int n_tasmota = 0;
  int n_esphome = 0;
  int n_hue = 0;
  int n_shelly_gen1 = 0;
  int n_nanoleaf = 0;
  int port_base = 0;
  int latency = 20;
  int first_index = 1;
  gboolean demo = FALSE;
  gboolean use_avahi = FALSE;
  guint signal_ids[2];
  const GOptionEntry entries[] = {
    { "shelly", 0, 0, G_OPTION_ARG_INT, &n_shelly,
      "N Shelly devices (Plus 1PM)", "N" },
    { "wled", 0, 0, G_OPTION_ARG_INT, &n_wled,
      "N WLED devices (ESP32)", "N" },
    { "elgato", 0, 0, G_OPTION_ARG_INT, &n_elgato,
      "N Elgato lights (Key Light)", "N" },
    { "tasmota", 0, 0, G_OPTION_ARG_INT, &n_tasmota,
      "N Tasmota plugs (relay and energy meter; no mDNS: add them by address)", "N" },
    { "esphome", 0, 0, G_OPTION_ARG_INT, &n_esphome,
      "N ESPHome nodes with web_server (new entity ids)", "N" },
    { "hue", 0, 0, G_OPTION_ARG_INT, &n_hue,
      "N Hue bridges over HTTPS (pair with POST /sim/state {\"button\":\"pressed\"})", "N" },
    { "shelly-gen1", 0, 0, G_OPTION_ARG_INT, &n_shelly_gen1,
      "N first-generation Shellies (Plug S; HTTP Basic with --password)", "N" },
    { "nanoleaf", 0, 0, G_OPTION_ARG_INT, &n_nanoleaf,
      "N Nanoleaf controllers (Shapes; pair with POST /sim/state {\"button\":\"pressed\"})", "N" },
    { "device", 0, 0, G_OPTION_ARG_STRING_ARRAY, &device_specs,
      "One device, e.g. shelly:plus2pm-cover=Blinds (repeatable)", "FAMILY[:VARIANT][=NAME]" },
    { "demo", 0, 0, G_OPTION_ARG_NONE, &demo,
      "The demo home: plugs, lights, blinds and a climate sensor", NULL },
    { "avahi", 0, 0, G_OPTION_ARG_NONE, &use_avahi,
      "Announce every device through Avahi (mDNS)", NULL },
    { "avahi-host", 0, 0, G_OPTION_ARG_STRING, &avahi_host,
      "With --avahi: announce this host name (e.g. sim2.local) with --address, for the devices' services (default: the daemon's own host name)", "NAME" },
    { "address", 0, 0, G_OPTION_ARG_STRING, &address,
      "Listen on this address (default 127.0.0.1; 0.0.0.0 for all)", "ADDR" },
    { "port-base", 0, 0, G_OPTION_ARG_INT, &port_base,
      "Fixed ports from P on, one per device (default: any free port)", "P" },
    { "password", 0, 0, G_OPTION_ARG_STRING, &password,
      "Shelly (digest), first-generation Shelly and ESPHome (Basic) and Tasmota (its web password) devices require this password", "PW" },
    { "user", 0, 0, G_OPTION_ARG_STRING, &user,
      "With --password: ESPHome and first-generation Shelly logins want this user name (default admin)", "NAME" },
    { "latency", 0, 0, G_OPTION_ARG_INT, &latency,
      "Milliseconds before each answer (default 20)", "MS" },
    { "first-index", 0, 0, G_OPTION_ARG_INT, &first_index,
      "Number each family's devices from N (default 1): other hardware ids than "
      "a run with another N, e.g. an impostor on a known device's port", "N" },
    { NULL }
  };

  signal (SIGPIPE, SIG_IGN);
  g_set_prgname ("hearth-sim");

  context = g_option_context_new ("- simulated smart-home devices");
  g_option_context_set_summary (context,
    "Runs simulated Shelly, WLED, Elgato, Nanoleaf, Hue, ESPHome and Tasmota\n"
    "devices, each its own HTTP server speaking the real protocol. Prints\n"
    "“FAMILY ID HOST:PORT NAME” per device, then “ready”, and serves until\n"
    "interrupted.");
  g_option_context_add_main_entries (context, entries, NULL);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error (context, error->message);

  if (argc > 1)
    {
      g_autofree char *message = g_strdup_printf ("Unexpected argument “%s”", argv[1]);

      return usage_error (context, message);
    }

  if (n_shelly < 0 || n_wled < 0 || n_elgato < 0)
    return usage_error (context, "Device counts cannot be negative");
  if (n_shelly > 1000 || n_wled > 1000 || n_elgato > 1000)
    return usage_error (context, "At most 1000 devices per family");
  if (n_tasmota < 0 || n_tasmota > 1000)
    return usage_error (context, "--tasmota must be between 0 and 1000");
  if (n_esphome < 0 || n_esphome > 1000)
    return usage_error (context, "--esphome must be between 0 and 1000");
  if (n_hue < 0 || n_hue > 1000)
    return usage_error (context, "--hue must be between 0 and 1000");
  if (n_shelly_gen1 < 0 || n_shelly_gen1 > 1000)
    return usage_error (context, "--shelly-gen1 must be between 0 and 1000");
  if (n_nanoleaf < 0 || n_nanoleaf > 1000)
    return usage_error (context, "--nanoleaf must be between 0 and 1000");
  if (first_index < 1 || first_index > 100000)
    return usage_error (context, "--first-index must be between 1 and 100000");
  if (latency < 0 || latency > 60000)
    return usage_error (context, "--latency must be between 0 and 60000 ms");
  if (port_base < 0 || port_base > 65535)
    return usage_error (context, "--port-base must be a port number (1–65535)");

  if (address == NULL)
    address = g_strdup ("127.0.0.1");
  else
    {
      g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (address);

      if (inet == NULL)
        {
          g_autofree char *message =
            g_strdup_printf ("--address “%s” is not an IP address", address);

          return usage_error (context, message);
        }
    }

  requests = g_ptr_array_new_with_free_func (request_free);
  if (demo)
    add_demo_home (requests);
  for (int i = 0; i < n_shelly; i++)
    g_ptr_array_add (requests, request_new (find_family ("shelly"), NULL, NULL, NULL));
  for (int i = 0; i < n_wled; i++)
    g_ptr_array_add (requests, request_new (find_family ("wled"), NULL, NULL, NULL));
  for (int i = 0; i < n_elgato; i++)
    g_ptr_array_add (requests, request_new (find_family ("elgato"), NULL, NULL, NULL));
  for (int i = 0; i < n_tasmota; i++)
    g_ptr_array_add (requests, request_new (find_family ("tasmota"), NULL, NULL, NULL));
  for (int i = 0; i < n_esphome; i++)
    g_ptr_array_add (requests, request_new (find_family ("esphome"), NULL, NULL, NULL));
  for (int i = 0; i < n_hue; i++)
    g_ptr_array_add (requests, request_new (find_family ("hue"), NULL, NULL, NULL));
  for (int i = 0; i < n_shelly_gen1; i++)
    g_ptr_array_add (requests, request_new (find_family ("shelly-gen1"), NULL, NULL, NULL));
  for (int i = 0; i < n_nanoleaf; i++)
    g_ptr_array_add (requests, request_new (find_family ("nanoleaf"), NULL, NULL, NULL));
  for (guint i = 0; device_specs && device_specs[i]; i++)
    {
      Request *request = parse_device_spec (device_specs[i], &error);

      if (request == NULL)
        return usage_error (context, error->message);
      g_ptr_array_add (requests, request);
    }

  if (requests->len == 0)
    return usage_error (context, "No devices to simulate: try --demo, --shelly N, "
                                 "--wled N, --elgato N or --device");

  if (port_base > 0 && port_base + requests->len - 1 > 65535)
    return usage_error (context, "Not enough ports above --port-base for every device");

  if (use_avahi && g_str_equal (address, "127.0.0.1"))
    g_printerr ("hearth-sim: warning: mDNS announces this host's network addresses, "
                "but the devices only listen on 127.0.0.1; use --address\n");

  /* Each device is a listening socket and its clients' connections: a
   * thousand devices pass the usual soft limit of 1,024 open files. The
   * app's own helper, so the simulator lives with the limits it does. */
  hearth_http_raise_file_limit ();

  /* Before "ready": whoever reads it may stop us at once */
  loop = g_main_loop_new (NULL, FALSE);
  signal_ids[0] = g_unix_signal_add (SIGINT, on_quit_signal, loop);
  signal_ids[1] = g_unix_signal_add (SIGTERM, on_quit_signal, loop);

  /* Each family counts its devices from 1, so hardware ids never repeat */
  indexes = g_hash_table_new (g_str_hash, g_str_equal);
  devices = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < requests->len; i++)
    {
      Request *request = g_ptr_array_index (requests, i);
      g_autoptr(HearthSimDevice) device = NULL;
      guint index;

      index = GPOINTER_TO_UINT (g_hash_table_lookup (indexes, request->family->family));
      index = index == 0 ? (guint) first_index : index + 1;
      g_hash_table_insert (indexes, (gpointer) request->family->family, GUINT_TO_POINTER (index));

      device = request->family->create (request->variant, index, request->name);
      if (device == NULL)
        {
          g_printerr ("hearth-sim: cannot make a %s device (variant %s)\n",
                      request->family->family,
                      request->variant ? request->variant : "default");
          return EXIT_FAILURE;
        }

      g_object_set (device,
                    "address", address,
                    "port", port_base > 0 ? (guint) (port_base + i) : 0u,
                    "latency", (guint) latency,
                    NULL);
      if (password != NULL && (g_str_equal (request->family->family, "shelly") ||
                               g_str_equal (request->family->family, "shelly-gen1")))
        g_object_set (device, "password", password, NULL);
      /* Tasmota: user=admin&password=… on every /cm request */
      if (password != NULL && g_str_equal (request->family->family, "tasmota"))
        g_object_set (device, "password", password, NULL);
      /* ESPHome: HTTP Basic for the user "admin" on every request */
      if (password != NULL && g_str_equal (request->family->family, "esphome"))
        g_object_set (device, "password", password, NULL);
      /* Both take any user name, not only "admin" */
      if (user != NULL && (g_str_equal (request->family->family, "esphome") ||
                           g_str_equal (request->family->family, "shelly-gen1")))
        g_object_set (device, "user", user, NULL);

      if (!hearth_sim_device_start (device, &error))
        {
          g_printerr ("hearth-sim: %s\n", error->message);
          return EXIT_FAILURE;
        }

      if (request->sim_state != NULL)
        apply_sim_state (device, request->sim_state);

      g_ptr_array_add (devices, g_steal_pointer (&device));
    }

  if (use_avahi)
    {
      avahi = hearth_sim_avahi_new (devices, avahi_host, &error);
      if (avahi == NULL)
        {
          g_printerr ("hearth-sim: %s\n", error->message);
          return EXIT_FAILURE;
        }
    }

  for (guint i = 0; i < devices->len; i++)
    {
      HearthSimDevice *device = g_ptr_array_index (devices, i);
      g_autofree char *host_port = format_host_port (address,
                                                     hearth_sim_device_get_port (device));
      const char *name = hearth_sim_device_get_name (device);

      /* printf, not g_print: names stay UTF-8 whatever the locale */
      if (name != NULL && *name != '\0')
        printf ("%s %s %s %s\n", hearth_sim_device_get_family (device),
                hearth_sim_device_get_id (device), host_port, name);
      else
        printf ("%s %s %s\n", hearth_sim_device_get_family (device),
                hearth_sim_device_get_id (device), host_port);
    }
  /* "ready" means announced: avahi-daemon lists every device (a busy one
   * may refuse a group at first: it is made again a second later) */
  if (avahi != NULL)
    hearth_sim_avahi_wait_announced (avahi, ANNOUNCE_TIMEOUT_MS + ANNOUNCE_TIMEOUT_PER_DEVICE_MS * devices->len,
                                     &quit_requested);

  printf ("ready\n");
  fflush (stdout);

  if (!quit_requested)
    g_main_loop_run (loop);

  g_source_remove (signal_ids[0]);
  g_source_remove (signal_ids[1]);
  g_clear_pointer (&avahi, hearth_sim_avahi_free);
  g_clear_pointer (&devices, g_ptr_array_unref);

  return EXIT_SUCCESS;
}
