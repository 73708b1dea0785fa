/* hearthctl-runner.h: what every command shares: waiting on the main loop
 * for a result, the exit codes and messages of a failure, the store,
 * printing a device
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "hearth-device.h"
#include "hearth-home.h"

G_BEGIN_DECLS

enum
{
  EXIT_OK = 0,
  EXIT_FAILURE_DEVICE = 1,
  EXIT_USAGE = 2,
};

/* How long to wait for a device that was found to say how it is */
#define STATE_TIMEOUT_MS 15000

/* The options common to every command (hearthctl.c) */
extern double   hearthctl_opt_timeout;
extern gboolean hearthctl_opt_json;
extern char    *hearthctl_opt_user;
extern gboolean hearthctl_opt_dry_run;
extern char    *hearthctl_opt_language;

typedef gboolean (*HearthctlCondition) (gpointer data);

/* Iterates the main loop until @condition holds or @timeout_ms passed;
 * returns whether it holds */
gboolean      hearthctl_wait_for              (HearthctlCondition   condition,
                                               gpointer             data,
                                               guint                timeout_ms);
/* A condition: *(GAsyncResult **) @data is set (by hearthctl_store_result) */
gboolean      hearthctl_result_is_set         (gpointer             data);
/* A condition: *(gboolean *) @data */
gboolean      hearthctl_flag_is_set           (gpointer             data);
void          hearthctl_store_result          (GObject             *object,
                                               GAsyncResult        *result,
                                               gpointer             user_data);
/* Prints @error, frees it and returns the exit code it calls for */
int           hearthctl_fail                  (GError              *error);
int           hearthctl_usage_error           (const char          *message);
HearthStore  *hearthctl_open_store            (void);
HearthHome   *hearthctl_home_new              (GPtrArray           *drivers);
void          hearthctl_print_device          (HearthDevice        *device);

G_END_DECLS
