/* hearth-store-writer.h: one write of the store's file, under its lock
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "hearth-store-format.h"
#include "hearth-store-merge.h"

G_BEGIN_DECLS

/* The file and what this process put in it; shared with the worker
 * thread (one write at a time, whatever the thread) */
typedef struct _HearthStoreWriter HearthStoreWriter;

HearthStoreWriter *hearth_store_writer_new              (const char           *path);
HearthStoreWriter *hearth_store_writer_ref              (HearthStoreWriter    *writer);
void               hearth_store_writer_unref            (HearthStoreWriter    *writer);
const char        *hearth_store_writer_get_path         (HearthStoreWriter    *writer);

/* Under the lock: reads the file again, puts @changes (as @mine, of
 * @generation, has them) over it, and writes the result atomically if it
 * differs. @merged (uninitialised): what is on disk after, and @text the
 * same as written. A file of a newer format is not written: @newer is set
 * to its format. */
gboolean           hearth_store_writer_write            (HearthStoreWriter    *writer,
                                                         HearthStoreContents  *mine,
                                                         HearthStoreChanges   *changes,
                                                         guint64               generation,
                                                         HearthStoreContents  *merged,
                                                         GBytes              **text,
                                                         int                  *newer,
                                                         GError              **error);
/* Removes what writes cut short left (PATH.XXXXXX), unless another
 * process holds the lock */
void               hearth_store_writer_remove_leftovers (HearthStoreWriter    *writer);

/* Keeps an unreadable file aside as PATH.broken (or .broken.2, ...): the
 * name it has now */
char              *hearth_store_set_aside               (const char           *path,
                                                         GError              **error);

G_END_DECLS
