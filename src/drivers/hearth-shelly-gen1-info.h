/* hearth-shelly-gen1-info.h: who a Gen1 Shelly is (GET /shelly,
 * GET /settings)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "hearth-types.h"

G_BEGIN_DECLS

/* A friendly model name for a Gen1 "type" code ("SHPLG-S" → "Shelly Plug S"),
 * or @type itself when it is not one we know. */
const char   *hearth_shelly_gen1_model_name        (const char   *type);

/* "20230913-113421/v1.14.0-gcb84623" → "1.14.0"; anything else as it is. */
char         *hearth_shelly_gen1_firmware_version  (const char   *fw);

/* GET /shelly to a new device: family "shelly-gen1", id = the MAC in
 * 12 lowercase hex digits, name = "name" or the friendly model name,
 * model = "type", firmware = the version in "fw". *@auth (nullable) tells
 * whether the device wants a login. HEARTH_ERROR_UNSUPPORTED when the
 * answer is not a Gen1 Shelly's (a "gen" key means Gen2 or later). The
 * address is left to the caller. */
HearthDevice *hearth_shelly_gen1_parse_shelly      (JsonNode     *root,
                                                    gboolean     *auth,
                                                    GError      **error);

/* GET /settings: checks it is an object and takes the device's name from
 * it when it has one. Keep the node: the status parser reads channel names
 * from it. */
gboolean      hearth_shelly_gen1_parse_settings    (JsonNode     *root,
                                                    HearthDevice *device,
                                                    GError      **error);

G_END_DECLS
