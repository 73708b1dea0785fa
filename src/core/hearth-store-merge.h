/* hearth-store-merge.h: what this process changed, put over the file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "hearth-store-format.h"

G_BEGIN_DECLS

/* What this process changed since it last read or wrote the file: the
 * names of the items, their values are in memory */
typedef enum
{
  HEARTH_STORE_KIND_KEY,      /* a control's choices, by key */
  HEARTH_STORE_KIND_DEVICE,   /* a known device, by id */
  HEARTH_STORE_KIND_LOGIN,    /* a login's user name, by device id */
  HEARTH_STORE_KIND_HOST,     /* an entry of the hosts list */
  HEARTH_STORE_KIND_ROOM,     /* a room, by name */
  HEARTH_STORE_KIND_SCENE,    /* a scene, by name */
  HEARTH_STORE_N_KINDS
} HearthStoreKind;

typedef struct
{
  GHashTable *sets[HEARTH_STORE_N_KINDS];
} HearthStoreChanges;

HearthStoreChanges *hearth_store_changes_new    (void);
void                hearth_store_changes_free   (HearthStoreChanges  *changes);
void                hearth_store_changes_add    (GHashTable          *set,
                                                 const char          *item);
/* Adds every item of @from (may be NULL) to @into */
void                hearth_store_changes_absorb (HearthStoreChanges  *into,
                                                 HearthStoreChanges  *from);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HearthStoreChanges, hearth_store_changes_free)

/* Puts the items of @changes, as @mine has them, over @base (see
 * hearth-store-merge.c). @written (may be NULL): what this process already
 * wrote, "KIND:item" → (guint64 *) generation; @mine is of @generation,
 * and an item written since from a newer generation is left as it is. */
void                hearth_store_merge_changes  (HearthStoreContents *base,
                                                 HearthStoreContents *mine,
                                                 HearthStoreChanges  *changes,
                                                 GHashTable          *written,
                                                 guint64              generation);
/* Notes in @written that the items of @changes are on disk as of @generation */
void                hearth_store_note_written   (GHashTable          *written,
                                                 HearthStoreChanges  *changes,
                                                 guint64              generation);
/* What differs from @old in @new, as HearthStore::changed names it (an
 * array of strings) */
GPtrArray          *hearth_store_contents_diff  (const HearthStoreContents *old,
                                                 const HearthStoreContents *new);

G_END_DECLS
