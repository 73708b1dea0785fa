/* hearth-tasmota-parse.h: Tasmota command-API JSON to the model and back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "hearth-types.h"

G_BEGIN_DECLS

#define HEARTH_TASMOTA_DEFAULT_PORT     80
#define HEARTH_TASMOTA_DEFAULT_USERNAME "admin"

/* CT takes 153–500 mireds: 6536 K to 2000 K */
#define HEARTH_TASMOTA_CT_MIN 153
#define HEARTH_TASMOTA_CT_MAX 500

/* Control ids: "power1".."powerN" (relays; the last one is a light when
 * the device has a dimmer), "shutter1".."shutterN", and sensors
 * "<sensor>/<quantity>" ("energy/power", "energy/energy",
 * "energy/voltage", "ds18b20/temperature", "am2301/humidity"). */

/* "/cm?user=…&password=…&cmnd=…" with every part URL-encoded (';' and
 * spaces too). Without @password no credentials are sent; @username
 * NULL or empty means "admin". The result holds the password: never log
 * it. */
char         *hearth_tasmota_build_path         (const char          *command,
                                                 const char          *username,
                                                 const char          *password);

/* Checks any /cm answer before it is used: the login WARNING ("Need
 * user=<username>&password=<password>", sent with HTTP 200) is
 * HEARTH_ERROR_NEEDS_PASSWORD when no password was sent and
 * HEARTH_ERROR_BAD_PASSWORD when one was; {"Command":"Unknown"} or
 * {"Command":"Error"} is HEARTH_ERROR_DEVICE; anything but an object is
 * HEARTH_ERROR_BAD_PAYLOAD. */
gboolean      hearth_tasmota_check_answer       (JsonNode            *root,
                                                 gboolean             sent_password,
                                                 GError             **error);

/* `Status 0` to a new device ("tasmota"; id = StatusNET.Mac as 12
 * lowercase hex digits; name = Status.DeviceName, else the first
 * FriendlyName, else "Tasmota"; model = Status.Module when it is a name,
 * else StatusFWR.Hardware, else "Module N"; firmware = StatusFWR.Version).
 * HEARTH_ERROR_UNSUPPORTED when the answer is not a Tasmota's. The
 * address is left to the caller. */
HearthDevice *hearth_tasmota_parse_identity     (JsonNode            *root,
                                                 GError             **error);

/* A status answer into @device: `Status 0` (all of it, with relay names
 * from Status.FriendlyName), `Status 11` ({"StatusSTS":…}: relays, light)
 * or `Status 10` ({"StatusSNS":…}: sensors, shutters). Controls are added
 * for what the answer shows, and those of a section the answer holds but
 * that no longer lists them are removed. Relays that drive a shutter (two
 * per shutter: 1 and 2 for shutter 1, …) are not shown as switches. On a
 * HEARTH_ERROR_BAD_PAYLOAD error the model is untouched. */
gboolean      hearth_tasmota_parse_status       (JsonNode            *root,
                                                 HearthDevice        *device,
                                                 GError             **error);

/* A command's answer ({"POWER1":"ON"}, {"Dimmer":40,…},
 * {"Shutter1":{"Position":…}}) into the controls @device already has.
 * *@has_state tells whether the answer carried any state at all (a
 * Backlog's answer may not). */
gboolean      hearth_tasmota_parse_result       (JsonNode            *root,
                                                 HearthDevice        *device,
                                                 gboolean            *has_state,
                                                 GError             **error);

/* The command for @change on @control: one command ("Power2 On",
 * "ShutterPosition1 40"), or "Backlog a;b;c" when several go together.
 * HEARTH_ERROR_UNSUPPORTED for what the control cannot do. */
char         *hearth_tasmota_build_command      (HearthControl       *control,
                                                 const HearthChange  *change,
                                                 GError             **error);

/* "power3" → 3, "shutter1" → 1; FALSE for other ids */
gboolean      hearth_tasmota_parse_power_id     (const char          *control_id,
                                                 guint               *index);
gboolean      hearth_tasmota_parse_shutter_id   (const char          *control_id,
                                                 guint               *index);


G_END_DECLS
