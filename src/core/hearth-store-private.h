/* hearth-store-private.h: what the files of HearthStore share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * HearthStore is written in two files: hearth-store.c (names, rooms,
 * hosts, known devices, logins) and hearth-store-scenes.c (scenes).
 */
#pragma once

#include "hearth-store.h"
#include "hearth-store-file.h"
#include "hearth-store-format.h"

G_BEGIN_DECLS

struct _HearthStore
{
  GObject              parent_instance;

  char                *path;
  HearthStoreFile     *file;
  HearthStoreContents  home;
  GHashTable          *hosts_by_name;  /* of home.hosts; NULL: to be built again */
};

G_END_DECLS
