/* hearthctl-runner.h: what every command shares: waiting on the main loop
 * for a result, the exit codes and messages of a failure, the store,
 * printing a device
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "hearth.h"

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
extern double   opt_timeout;
extern gboolean opt_json;
extern char    *opt_user;

typedef gboolean (*Condition) (gpointer data);

gboolean      on_deadline           (gpointer             data);
gboolean      wait_for              (Condition            condition,
                                     gpointer             data,
                                     guint                timeout_ms);
gboolean      result_is_set         (gpointer             data);
void          store_result          (GObject             *object,
                                     GAsyncResult        *result,
                                     gpointer             user_data);
int           fail                  (GError              *error);
int           usage_error           (const char          *message);
HearthStore  *open_store            (void);
void          on_home_items_changed (HearthHome          *home,
                                     guint                position,
                                     guint                removed,
                                     guint                added);
void          print_device          (HearthDevice        *device);

G_END_DECLS
