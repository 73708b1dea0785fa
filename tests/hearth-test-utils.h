/* hearth-test-utils.h: shared by the tests: hearth-sim as a child process,
 * waiting on the main loop, fixtures
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "hearth.h"

G_BEGIN_DECLS

typedef struct
{
  char    *family;
  char    *id;
  char    *host;
  guint16  port;
  char    *name;
} HearthTestSimDevice;

typedef struct _HearthTestSim HearthTestSim;

/* Runs $HEARTH_SIM with the given arguments (NULL-terminated) and waits
 * until it printed its device lines and "ready". Aborts the test on failure. */
HearthTestSim             *hearth_test_sim_start        (const char *first_arg,
                                                         ...) G_GNUC_NULL_TERMINATED;
void                       hearth_test_sim_stop         (HearthTestSim *sim);
guint                      hearth_test_sim_get_n_devices (HearthTestSim *sim);
const HearthTestSimDevice *hearth_test_sim_get_device   (HearthTestSim *sim,
                                                         guint          index);
/* The first device of @family, or NULL */
const HearthTestSimDevice *hearth_test_sim_find         (HearthTestSim *sim,
                                                         const char    *family);
/* GET /sim/state of @device (iterates the main loop until it answers) */
JsonNode                  *hearth_test_sim_get_state    (const HearthTestSimDevice *device);
/* POST /sim/state: a change made at the device, not by Hearth */
void                       hearth_test_sim_set_state    (const HearthTestSimDevice *device,
                                                         const char                *json);
/* GET /sim/stats: requests received, and the most ever in flight at once */
void                       hearth_test_sim_get_stats    (const HearthTestSimDevice *device,
                                                         guint                     *requests,
                                                         guint                     *max_in_flight);
void                       hearth_test_sim_reset_stats  (const HearthTestSimDevice *device);
/* POST /sim/misbehave {"mode": @mode} ("none", "hang", "error", "garbage", "huge", "slow") */
void                       hearth_test_sim_misbehave    (const HearthTestSimDevice *device,
                                                         const char                *mode);
/* Added: all of /sim/stats (NULL for what you do not need) */
void                       hearth_test_sim_get_stats_full (const HearthTestSimDevice *device,
                                                           guint                     *requests,
                                                           guint                     *max_in_flight,
                                                           guint                     *in_flight,
                                                           guint                     *websockets);
/* Added: any request to @device (@body: JSON or NULL); returns the body and
 * sets *@status. Fails the test when there is no answer within 10 s, so
 * not for a device told to hang. */
char                      *hearth_test_sim_request      (const HearthTestSimDevice *device,
                                                         const char                *method,
                                                         const char                *path,
                                                         const char                *body,
                                                         guint                     *status);
/* Added: the hearth-sim child process (owned by @sim) */
GSubprocess               *hearth_test_sim_get_process  (HearthTestSim *sim);

/* Iterates the default main context until @condition returns TRUE or
 * @timeout_ms passed; returns whether the condition became true. */
gboolean  hearth_test_await      (gboolean  (*condition) (gpointer data),
                                  gpointer    data,
                                  guint       timeout_ms);
/* Waits for an async call: iterates until *@result is set, returns it */
GAsyncResult *hearth_test_await_result (GAsyncResult **result,
                                        guint          timeout_ms);
/* A GAsyncReadyCallback storing a ref of the result into *(GAsyncResult **) user_data */
void      hearth_test_store_result (GObject      *source,
                                    GAsyncResult *result,
                                    gpointer      user_data);

/* $HEARTH_FIXTURES/@relative_path parsed as JSON; aborts when it does not parse */
JsonNode *hearth_test_load_fixture (const char *relative_path);
/* Every file in $HEARTH_FIXTURES/@family_folder, sorted */
GStrv     hearth_test_list_fixtures (const char *family_folder);

G_END_DECLS
