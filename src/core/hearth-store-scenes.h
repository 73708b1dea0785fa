/* hearth-store-scenes.h: the scenes of the store file, home.json ⇄ the
 * home's table of scenes (name → HearthScene)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Scenes in the store are never changed once in (a change puts a copy in
 * their place): a copy of the home shares them, across threads too. */
GHashTable *hearth_store_scenes_new       (void);
void        hearth_store_scenes_copy_into (GHashTable  *into,
                                           GHashTable  *from);
gboolean    hearth_store_scenes_equal     (GHashTable  *a,
                                           GHashTable  *b);
/* Reads "scenes" of @root into @scenes: an entry of the wrong shape is
 * skipped with a message (quietly in the file of a newer Hearth, @newer) */
void        hearth_store_scenes_parse     (JsonObject  *root,
                                           GHashTable  *scenes,
                                           gboolean     newer);
/* Writes "scenes", sorted by name; nothing when there is none, so that a
 * home without scenes keeps the file it had */
void        hearth_store_scenes_to_json   (JsonBuilder *builder,
                                           GHashTable  *scenes);

G_END_DECLS
