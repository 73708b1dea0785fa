/* hearth-wled-parse.h: WLED JSON (GET /json, /json/si, /json/state,
 * /json/info, /json/eff, /presets.json, WebSocket /ws messages) into the
 * model, and changes into POST /json/state bodies. No I/O here, so every
 * function can be checked against real captures.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "hearth-types.h"

G_BEGIN_DECLS

/* The one control a WLED device has */
#define HEARTH_WLED_CONTROL_ID "light"

/* info.leds.lc bits */
#define HEARTH_WLED_LC_RGB   (1 << 0)
#define HEARTH_WLED_LC_WHITE (1 << 1)
#define HEARTH_WLED_LC_CCT   (1 << 2)

/* seg.cct in Kelvin as the firmware converts it: K = 1900 + 32 × relative */
#define HEARTH_WLED_KELVIN_MIN 1900
#define HEARTH_WLED_KELVIN_MAX 10091

/**
 * HearthWledInfo:
 * What GET /json/info says (also the "info" of /json, /json/si and of
 * every WebSocket message).
 * @id: the MAC, 12 lowercase hex digits
 * @name: the device's own name (info.name), never empty
 * @model: "WLED ESP32", or "<product> (<ARCH>)" for a vendor build
 * @firmware: info.ver
 * @lc: the light capabilities of all LED outputs (HEARTH_WLED_LC_*)
 * @fxcount: how many effects the build has (reserved names included)
 * @pmt: when presets.json last changed (info.fs.pmt), 0 when unknown
 */
typedef struct
{
  char   *id;
  char   *name;
  char   *model;
  char   *firmware;
  guint   lc;
  guint   fxcount;
  gint64  pmt;
} HearthWledInfo;

void     hearth_wled_info_clear      (HearthWledInfo  *info);

/* @root is the info object itself or an object holding "info".
 * HEARTH_ERROR_UNSUPPORTED when it is not WLED's (no brand "WLED"),
 * HEARTH_ERROR_BAD_PAYLOAD when it is WLED's but unusable (no MAC). */
gboolean hearth_wled_parse_info      (JsonNode        *root,
                                      HearthWledInfo  *info,
                                      GError         **error);

/* A new device (family "wled") with id, name, model and firmware set */
HearthDevice *hearth_wled_device_new_from_info (JsonNode  *root,
                                                GError   **error);

typedef struct
{
  int   id;
  char *name;
} HearthWledPreset;

/**
 * HearthWledCatalog:
 * The names that the state refers to by number.
 * @effects: every effect name, indexed by fx id, reserved names ("RSVD",
 *   "-") kept so the indices hold; %NULL when not known yet
 * @presets: HearthWledPreset sorted by id (never preset 0); %NULL when
 *   not known yet
 */
typedef struct
{
  GStrv      effects;
  GPtrArray *presets;
} HearthWledCatalog;

void     hearth_wled_catalog_clear   (HearthWledCatalog *catalog);
/* The names a person can pick: effects without reserved names, then preset
 * names that no effect already has. */
GStrv    hearth_wled_catalog_list    (const HearthWledCatalog *catalog);

gboolean hearth_wled_effect_is_reserved (const char *name);

/* @root is the array of GET /json/eff, or an object holding "effects"
 * (GET /json). Returns every name, reserved names included. */
GStrv      hearth_wled_parse_effects (JsonNode  *root,
                                      GError   **error);
/* @root is GET /presets.json: an object keyed by preset id. Entries
 * without a name are called "Preset N". */
GPtrArray *hearth_wled_parse_presets (JsonNode  *root,
                                      GError   **error);

/* Updates the "light" control of @device from @root: a state object
 * (GET /json/state, the answer to POST /json/state with "v":true), or an
 * object holding "state" and optionally "info" (GET /json, /json/si, a
 * WebSocket message). With "info" the capabilities and the device's name
 * follow it as well. @catalog (nullable) names the effect. On success
 * *@main_segment (nullable) is the segment changes address.
 * HEARTH_ERROR_BAD_PAYLOAD, and the model untouched, when @root is not a
 * WLED state. */
gboolean hearth_wled_parse_state     (HearthDevice            *device,
                                      JsonNode                *root,
                                      const HearthWledCatalog *catalog,
                                      int                     *main_segment,
                                      GError                 **error);

/* What a WebSocket text message is */
typedef enum
{
  HEARTH_WLED_MESSAGE_STATE,  /* state (+ info): parse it */
  HEARTH_WLED_MESSAGE_PONG,   /* the heartbeat's answer */
  HEARTH_WLED_MESSAGE_ERROR,  /* {"error":N}: the device was busy */
  HEARTH_WLED_MESSAGE_OTHER,  /* anything else: ignore it */
} HearthWledMessage;

/* Classifies @text; for STATE, *@root (nullable) is the parsed message,
 * for ERROR *@error_code (nullable) is N. */
HearthWledMessage hearth_wled_classify_message (const char  *text,
                                                gsize        length,
                                                JsonNode   **root,
                                                int         *error_code);

/* Colour conversions, exposed for the tests */
int      hearth_wled_brightness_from_bri (gint64 bri);
int      hearth_wled_bri_from_brightness (int    brightness);
int      hearth_wled_kelvin_from_cct     (gint64 cct);

/* The body of POST /json/state for @change ("v":true included), addressed
 * to segment @main_segment. HEARTH_ERROR_INVALID for an effect name the
 * device does not have. */
JsonNode *hearth_wled_build_request  (const HearthChange      *change,
                                      const HearthWledCatalog *catalog,
                                      int                      main_segment,
                                      GError                 **error);

G_END_DECLS
