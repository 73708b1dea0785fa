/* hearth-shelly-parse.h: Shelly Gen2+ (JSON-RPC) payloads to and from the model
 *
 * Plain functions, no I/O, so that every real capture can be run through
 * them in the unit tests. Everything here takes untrusted JSON: a wrong
 * shape becomes a GError (HEARTH_ERROR_BAD_PAYLOAD), never a CRITICAL.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "hearth-types.h"
#include "hearth-change.h"

G_BEGIN_DECLS

/* GET /shelly (= Shelly.GetDeviceInfo) */
typedef struct
{
  char     *id;           /* "shellyplus1pm-a8032ab1c2d3" */
  char     *mac;          /* "A8032AB1C2D3", may be NULL */
  char     *name;         /* the device's own name, may be NULL */
  char     *model;        /* "SNSW-001P16EU" */
  char     *firmware;     /* "1.4.2" (ver) */
  char     *app;          /* "Plus1PM", may be NULL */
  char     *profile;      /* "switch", "cover", "rgb", ... may be NULL */
  char     *auth_domain;  /* digest realm, may be NULL */
  int       gen;          /* 2, 3, 4 */
  gboolean  auth_en;
} HearthShellyInfo;

/* HEARTH_ERROR_UNSUPPORTED when @node is not a Gen2+ Shelly's answer (a
 * Gen1 Shelly has no "gen"), HEARTH_ERROR_BAD_PAYLOAD when it is one but
 * lacks the id. */
HearthShellyInfo *hearth_shelly_info_parse      (JsonNode               *node,
                                                 GError                **error);
void              hearth_shelly_info_free       (HearthShellyInfo       *info);
/* "Plus1PM" → "Shelly Plus 1PM"; falls back to the model code, then "Shelly" */
char             *hearth_shelly_friendly_name   (const char             *app,
                                                 const char             *model);
/* A new device (family "shelly") with id, name, model, firmware and address */
HearthDevice     *hearth_shelly_info_to_device  (const HearthShellyInfo *info,
                                                 const char             *host,
                                                 guint16                 port);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HearthShellyInfo, hearth_shelly_info_free)

/* Builds or updates @device's controls from a Shelly.GetConfig result
 * (@config, nullable: names then fall back to the device name) and a
 * complete Shelly.GetStatus result (@status). Controls for components that
 * are gone are removed. */
gboolean          hearth_shelly_apply_status    (HearthDevice           *device,
                                                 JsonObject             *config,
                                                 JsonObject             *status,
                                                 GError                **error);
/* Overlays a NotifyStatus params object onto a full status, in place:
 * objects merge recursively, null removes the key, "ts" is ignored. */
void              hearth_shelly_status_merge    (JsonObject             *status,
                                                 JsonObject             *delta);

/* A deep copy of @object */
JsonObject           *hearth_shelly_object_copy    (JsonObject *object);

/* What a status key's name ("switch" in "switch:0") is */
typedef enum
{
  HEARTH_SHELLY_COMPONENT_SWITCH,
  HEARTH_SHELLY_COMPONENT_COVER,
  HEARTH_SHELLY_COMPONENT_LIGHT,
  HEARTH_SHELLY_COMPONENT_RGB,
  HEARTH_SHELLY_COMPONENT_RGBW,
  HEARTH_SHELLY_COMPONENT_CCT,
  HEARTH_SHELLY_COMPONENT_TEMPERATURE,
  HEARTH_SHELLY_COMPONENT_HUMIDITY,
  HEARTH_SHELLY_COMPONENT_DEVICEPOWER,
  HEARTH_SHELLY_COMPONENT_OTHER,
} HearthShellyComponent;

HearthShellyComponent hearth_shelly_component_type (const char *name);

/* "switch:1" → "switch" and 1; FALSE unless @key is "<name>:<number>" */
gboolean          hearth_shelly_split_key       (const char             *key,
                                                 char                  **component,
                                                 int                    *index);

G_END_DECLS
