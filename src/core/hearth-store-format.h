/* hearth-store-format.h: the store file's format, home.json ⇄ the home
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define HEARTH_STORE_FORMAT_VERSION 1

/* What a person chose for one control */
typedef struct
{
  char     *name;
  char     *room;
  gboolean  favourite;
  gboolean  hidden;
} HearthStoreChoices;

/* The whole home, as in the file */
typedef struct
{
  GHashTable *choices;   /* key → HearthStoreChoices */
  GPtrArray  *rooms;     /* NULL-terminated */
  GPtrArray  *hosts;     /* NULL-terminated */
  GPtrArray  *devices;   /* JsonNode (objects), in the order first seen;
                          changed with hearth_store_contents_*_device() */
  GHashTable *logins;    /* device id → user name of its login */
  GHashTable *device_index;  /* device id → its position in devices + 1 */
  GHashTable *address_index; /* host (lower-case) → port → GPtrArray of the
                                ids of the devices at that address */
  GHashTable *scenes;    /* name → HearthScene, never changed once in
                            (hearth-store-scenes.c) */
} HearthStoreContents;

void                 hearth_store_choices_free            (gpointer                   data);
gboolean             hearth_store_choices_empty           (const HearthStoreChoices  *choices);
gboolean             hearth_store_choices_equal           (const HearthStoreChoices  *a,
                                                           const HearthStoreChoices  *b);
HearthStoreChoices  *hearth_store_choices_copy            (const HearthStoreChoices  *choices);

/* NULL-terminated arrays of strings */
GPtrArray           *hearth_store_strv_new                (void);
const char * const  *hearth_store_strv_get                (GPtrArray                 *array);
gboolean             hearth_store_strv_equal              (GPtrArray                 *a,
                                                           GPtrArray                 *b);

char                *hearth_store_clean_text              (const char                *text);
int                  hearth_store_find_folded             (GPtrArray                 *array,
                                                           const char                *text);
/* An entry of "devices" with an id (that can be in a key) and a family */
gboolean             hearth_store_valid_device            (JsonObject                *object);
gboolean             hearth_store_valid_device_id         (const char                *id);
gboolean             hearth_store_valid_user              (const char                *user);
GHashTable          *hearth_store_logins_new              (void);
gboolean             hearth_store_logins_equal            (GHashTable                *a,
                                                           GHashTable                *b);

void                 hearth_store_contents_init           (HearthStoreContents       *contents);
void                 hearth_store_contents_clear          (HearthStoreContents       *contents);
/* @copy: uninitialised */
void                 hearth_store_contents_copy           (HearthStoreContents       *copy,
                                                           const HearthStoreContents *from);
/* The known devices, found by id at no cost per device: the position of
 * @id's entry in @contents->devices, -1 when it has none */
int                  hearth_store_contents_find_device    (const HearthStoreContents *contents,
                                                           const char                *id);
/* The known devices at @host (whatever the case) and @port (any when 0),
 * found at no cost per device elsewhere: their positions in
 * @contents->devices (guint), in order */
GArray              *hearth_store_contents_find_devices_at (const HearthStoreContents *contents,
                                                           const char                *host,
                                                           guint16                    port);
/* Appends @node (taken): a valid entry, of an id not in @contents yet */
void                 hearth_store_contents_add_device     (HearthStoreContents       *contents,
                                                           JsonNode                  *node);
/* Puts @node (taken), an entry of the same id, in place of the one at @index */
void                 hearth_store_contents_replace_device (HearthStoreContents       *contents,
                                                           guint                      index,
                                                           JsonNode                  *node);
void                 hearth_store_contents_remove_device  (HearthStoreContents       *contents,
                                                           guint                      index);
/* Every room in use is in the list, spelled as there */
void                 hearth_store_contents_fix_rooms      (HearthStoreContents       *contents);

/* The file's text: the same home always gives the same text */
GBytes              *hearth_store_format_to_text          (const HearthStoreContents *home);
/* @contents: uninitialised, filled on success. @version: the file's
 * format; one newer than HEARTH_STORE_FORMAT_VERSION is read as far as
 * this version understands it (the caller must not write it).
 * HEARTH_ERROR_BAD_PAYLOAD when it cannot be read at all. */
gboolean             hearth_store_format_parse            (const char                *text,
                                                           gsize                      length,
                                                           HearthStoreContents       *contents,
                                                           int                       *version,
                                                           GError                   **error);

G_END_DECLS
