/* hearthctl-commands.h: the commands main() dispatches to, one group per
 * file: hearthctl-status.c (discover, status, watch), hearthctl-control.c
 * (set), hearthctl-manage.c (add, forget), hearthctl-login.c (login, pair),
 * hearthctl-scene.c (scene), hearthctl-organise.c (rename, room),
 * hearthctl-say.c (say), hearthctl-history.c (history).
 * Each takes the words from the command's name on.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "hearth-home.h"

G_BEGIN_DECLS

int cmd_discover (HearthHome  *home,
                  int          argc,
                  char       **argv);
int cmd_status   (HearthHome  *home,
                  int          argc,
                  char       **argv);
int cmd_watch    (HearthHome  *home,
                  int          argc,
                  char       **argv);
int cmd_set      (HearthHome  *home,
                  int          argc,
                  char       **argv);
int cmd_add      (HearthHome  *home,
                  int          argc,
                  char       **argv);
int cmd_forget   (HearthHome  *home,
                  int          argc,
                  char       **argv);
int cmd_login    (HearthHome  *home,
                  int          argc,
                  char       **argv);
int cmd_pair     (HearthHome  *home,
                  int          argc,
                  char       **argv);
int cmd_scene    (HearthHome  *home,
                  int          argc,
                  char       **argv);
int cmd_rename   (HearthHome  *home,
                  int          argc,
                  char       **argv);
int cmd_room     (HearthHome  *home,
                  int          argc,
                  char       **argv);
int cmd_say      (HearthHome  *home,
                  int          argc,
                  char       **argv);
/* hearthctl-history.c */
extern char     *hearthctl_opt_since;
extern gboolean  hearthctl_opt_csv;
int cmd_history  (HearthHome  *home,
                  int          argc,
                  char       **argv);

G_END_DECLS
