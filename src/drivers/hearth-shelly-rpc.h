/* hearth-shelly-rpc.h: Shelly Gen2+ JSON-RPC frames, and the request a
 * change becomes
 *
 * Plain functions, no I/O, as in hearth-shelly-parse.h: untrusted JSON
 * gives a GError (HEARTH_ERROR_BAD_PAYLOAD), never a CRITICAL.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "hearth-types.h"
#include "hearth-change.h"

G_BEGIN_DECLS

/* JSON-RPC frames */
typedef enum
{
  HEARTH_SHELLY_FRAME_RESULT,
  HEARTH_SHELLY_FRAME_ERROR,
  HEARTH_SHELLY_FRAME_NOTIFICATION,
} HearthShellyFrameKind;

typedef struct
{
  HearthShellyFrameKind  kind;
  gint64                 id;             /* -1 for notifications */
  char                  *src;            /* nullable */
  char                  *method;         /* notifications */
  JsonNode              *result;         /* RESULT: the result; NOTIFICATION: params */
  int                    error_code;     /* ERROR */
  char                  *error_message;  /* ERROR */
} HearthShellyFrame;

HearthShellyFrame *hearth_shelly_frame_parse      (JsonNode            *node,
                                                   GError             **error);
HearthShellyFrame *hearth_shelly_frame_parse_data (const char          *data,
                                                   gsize                length,
                                                   GError             **error);
void               hearth_shelly_frame_free       (HearthShellyFrame   *frame);
/* The error an ERROR frame stands for: 401 is HEARTH_ERROR_NEEDS_PASSWORD
 * when @had_auth is FALSE, else HEARTH_ERROR_BAD_PASSWORD; any other code
 * is HEARTH_ERROR_DEVICE with the device's message. */
GError            *hearth_shelly_frame_to_error   (const HearthShellyFrame *frame,
                                                   gboolean             had_auth);
/* {"id":@id,"src":@src,"method":@method[,"params":@params][,"auth":@auth]};
 * @params and @auth are copied. */
JsonNode          *hearth_shelly_frame_build      (gint64               id,
                                                   const char          *src,
                                                   const char          *method,
                                                   JsonObject          *params,
                                                   JsonObject          *auth);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HearthShellyFrame, hearth_shelly_frame_free)


/* Changes to requests: the RPC method ("Switch.Set", "Cover.GoToPosition", ...)
 * and its params for a change (already checked) to @control.
 * HEARTH_ERROR_UNSUPPORTED when the control cannot do it. */
gboolean          hearth_shelly_change_to_rpc   (HearthControl          *control,
                                                 const HearthChange     *change,
                                                 char                  **method,
                                                 JsonObject            **params,
                                                 GError                **error);

G_END_DECLS
