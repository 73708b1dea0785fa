/* hearth-store-file.h: the store's file on disk, written and read back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "hearth-store-format.h"
#include "hearth-store-merge.h"

G_BEGIN_DECLS

#define HEARTH_TYPE_STORE_FILE (hearth_store_file_get_type ())

G_DECLARE_FINAL_TYPE (HearthStoreFile, hearth_store_file, HEARTH, STORE_FILE, GObject)

/* Writes @home (the store's, borrowed) to @path, merged under a lock into
 * what other processes wrote, and reads back what they write; what is read
 * comes through the "read" signal:
 *   void on_read (HearthStoreFile *file, HearthStoreContents *contents, gpointer data);
 * whose handler takes what it keeps of @contents. */
HearthStoreFile *hearth_store_file_new          (const char          *path,
                                                 HearthStoreContents *home);
/* As hearth_store_load() and hearth_store_flush() */
gboolean         hearth_store_file_load         (HearthStoreFile     *self,
                                                 GError             **error);
gboolean         hearth_store_file_flush        (HearthStoreFile     *self,
                                                 GError             **error);
/* After a change to the home: names each item changed, then touches once
 * (a write follows soon) */
void             hearth_store_file_note_change  (HearthStoreFile     *self,
                                                 HearthStoreKind      kind,
                                                 const char          *item);
void             hearth_store_file_touch        (HearthStoreFile     *self);
/* Writes what is left and lets go of the home (before it goes away) */
void             hearth_store_file_close        (HearthStoreFile     *self);

G_END_DECLS
