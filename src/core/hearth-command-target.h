/* hearth-command-target.h: a tile as a command in plain words can name
 * it: its ids, the name and room a person gave it, and its control
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "hearth-control.h"
#include "hearth-home.h"

G_BEGIN_DECLS

typedef struct
{
  char          *device_id;
  char          *control_id;
  char          *name;        /* as the tile shows it */
  char          *room;        /* NULL: in no room */
  gboolean       favourite;
  gboolean       available;   /* whether its device can be reached */
  HearthControl *control;     /* its state, and what it can do */
} HearthCommandTarget;

/* A new target (ref-counted: hearth_command_target_ref/unref); @name NULL
 * or "": the control's name, else @fallback_name */
HearthCommandTarget *hearth_command_target_new    (const char          *device_id,
                                                   HearthControl       *control,
                                                   const char          *name,
                                                   const char          *fallback_name,
                                                   const char          *room,
                                                   gboolean             favourite,
                                                   gboolean             available);
HearthCommandTarget *hearth_command_target_ref    (HearthCommandTarget *self);
void                 hearth_command_target_unref  (HearthCommandTarget *self);
/* Every tile of @home, as the grid shows them: with the names and rooms
 * of @store (NULL: the home's own), without hidden tiles. A GPtrArray
 * that unrefs them. */
GPtrArray           *hearth_command_targets_from_home (HearthHome      *home,
                                                       HearthStore     *store);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HearthCommandTarget, hearth_command_target_unref)

G_END_DECLS
