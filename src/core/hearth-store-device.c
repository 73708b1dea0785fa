/* hearth-store-device.c: a known device as the store's file keeps it
 *
 * Pure: a HearthDevice ⇄ its entry in "devices" (identity, address,
 * controls and their last state, and the host entries that led to it), and
 * the host entries themselves ("host", "host:port", "[v6]:port").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "hearth-control.h"
#include "hearth-device.h"
#include "hearth-enums.h"
#include "hearth-host.h"
#include "hearth-json.h"
#include "hearth-store.h"
#include "hearth-store-device.h"
#include "hearth-store-format.h"

static const char *
enum_nick (GType type,
           int   value)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (type);
  GEnumValue *enum_value = g_enum_get_value (klass, value);

  return enum_value != NULL ? enum_value->value_nick : NULL;
}

static int
enum_from_nick (GType       type,
                const char *nick,
                int         fallback)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (type);
  GEnumValue *enum_value = nick != NULL ? g_enum_get_value_by_nick (klass, nick) : NULL;

  return enum_value != NULL ? enum_value->value : fallback;
}

static void
add_string_member (JsonBuilder *builder,
                   const char  *name,
                   const char  *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

static void
add_int_member (JsonBuilder *builder,
                const char  *name,
                gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

static JsonNode *
control_to_json (HearthControl *control)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GFlagsClass) flags = g_type_class_ref (HEARTH_TYPE_CAPABILITIES);
  HearthCapabilities caps = hearth_control_get_capabilities (control);
  HearthControlKind kind = hearth_control_get_kind (control);
  const char * const *effects = hearth_control_get_effects (control);

  json_builder_begin_object (builder);
  add_string_member (builder, "id", hearth_control_get_id (control));
  add_string_member (builder, "kind", enum_nick (HEARTH_TYPE_CONTROL_KIND, kind));
  add_string_member (builder, "name", hearth_control_get_name (control));

  json_builder_set_member_name (builder, "capabilities");
  json_builder_begin_array (builder);
  for (guint i = 0; i < flags->n_values; i++)
    {
      if (flags->values[i].value != 0 && (caps & flags->values[i].value) == flags->values[i].value)
        json_builder_add_string_value (builder, flags->values[i].value_nick);
    }
  json_builder_end_array (builder);

  if (hearth_control_get_temperature_min (control) > 0)
    {
      add_int_member (builder, "temperature-min", hearth_control_get_temperature_min (control));
      add_int_member (builder, "temperature-max", hearth_control_get_temperature_max (control));
    }

  if (effects != NULL)
    {
      json_builder_set_member_name (builder, "effects");
      json_builder_begin_array (builder);
      for (guint i = 0; effects[i] != NULL; i++)
        json_builder_add_string_value (builder, effects[i]);
      json_builder_end_array (builder);
    }

  /* The last state, shown while the device is connecting */
  json_builder_set_member_name (builder, "state");
  json_builder_begin_object (builder);
  if (caps & HEARTH_CAPABILITY_ON_OFF)
    {
      json_builder_set_member_name (builder, "on");
      json_builder_add_boolean_value (builder, hearth_control_get_on (control));
    }
  if (hearth_control_get_brightness (control) >= 0)
    add_int_member (builder, "brightness", hearth_control_get_brightness (control));
  if (hearth_control_get_temperature (control) > 0)
    add_int_member (builder, "temperature", hearth_control_get_temperature (control));
  if (hearth_control_get_color (control) >= 0)
    add_int_member (builder, "color", hearth_control_get_color (control));
  if (hearth_control_get_position (control) >= 0)
    add_int_member (builder, "position", hearth_control_get_position (control));
  if (kind == HEARTH_CONTROL_KIND_COVER)
    add_string_member (builder, "cover-state",
                       enum_nick (HEARTH_TYPE_COVER_STATE, hearth_control_get_cover_state (control)));
  add_string_member (builder, "effect", hearth_control_get_effect (control));
  if (kind == HEARTH_CONTROL_KIND_SENSOR || (caps & HEARTH_CAPABILITY_VALUE))
    {
      json_builder_set_member_name (builder, "value");
      json_builder_add_double_value (builder, hearth_control_get_value (control));
    }
  add_string_member (builder, "unit", hearth_control_get_unit (control));
  add_string_member (builder, "quantity", hearth_control_get_quantity (control));
  json_builder_end_object (builder);

  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

JsonNode *
hearth_store_device_to_json (HearthDevice *device,
                             JsonObject   *previous)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  GListModel *controls = hearth_device_get_controls (device);
  const char *name = hearth_device_get_name (device);
  JsonArray *hosts = previous != NULL ? hearth_json_get_array (previous, "hosts") : NULL;

  json_builder_begin_object (builder);
  add_string_member (builder, "id", hearth_device_get_id (device));
  add_string_member (builder, "family", hearth_device_get_family (device));
  /* Only a name of its own: the model and the id are fallbacks */
  if (g_strcmp0 (name, hearth_device_get_model (device)) != 0 &&
      g_strcmp0 (name, hearth_device_get_id (device)) != 0)
    add_string_member (builder, "name", name);
  add_string_member (builder, "model", hearth_device_get_model (device));
  add_string_member (builder, "firmware", hearth_device_get_firmware (device));
  add_string_member (builder, "host", hearth_device_get_host (device));
  add_int_member (builder, "port", hearth_device_get_port (device));
  add_string_member (builder, "live", hearth_live_to_string (hearth_device_get_live (device)));

  /* Entries of the hosts list that led to this device (kept once seen, so
   * that forgetting the device also forgets them after it moved) */
  if (hosts != NULL && json_array_get_length (hosts) > 0)
    {
      json_builder_set_member_name (builder, "hosts");
      json_builder_add_value (builder, json_node_copy (json_object_get_member (previous, "hosts")));
    }

  json_builder_set_member_name (builder, "controls");
  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (controls); i++)
    {
      g_autoptr(HearthControl) control = g_list_model_get_item (controls, i);

      json_builder_add_value (builder, control_to_json (control));
    }
  json_builder_end_array (builder);

  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* Parsing (the file is ours, but people edit files: never trust it) */

HearthDevice *
hearth_store_device_from_json (JsonObject *object)
{
  g_autoptr(HearthDevice) device = NULL;
  JsonArray *controls;
  gint64 port;

  if (!hearth_store_valid_device (object))
    return NULL;

  device = hearth_device_new (hearth_json_get_string (object, "id", NULL),
                              hearth_json_get_string (object, "family", NULL));
  hearth_device_set_name (device, hearth_json_get_string (object, "name", NULL));
  hearth_device_set_model (device, hearth_json_get_string (object, "model", NULL));
  hearth_device_set_firmware (device, hearth_json_get_string (object, "firmware", NULL));
  port = hearth_json_get_int (object, "port", 0);
  if (hearth_json_get_string (object, "host", NULL) != NULL && port > 0 && port <= G_MAXUINT16)
    hearth_device_set_address (device, hearth_json_get_string (object, "host", NULL), (guint16) port);
  hearth_device_set_live (device,
                          g_strcmp0 (hearth_json_get_string (object, "live", NULL), "push") == 0
                          ? HEARTH_LIVE_PUSH : HEARTH_LIVE_POLL);
  hearth_device_set_state (device, HEARTH_DEVICE_STATE_CONNECTING);

  controls = hearth_json_get_array (object, "controls");
  for (guint i = 0; controls != NULL && i < json_array_get_length (controls); i++)
    {
      JsonObject *entry = hearth_json_array_get_object (controls, i);
      g_autoptr(GFlagsClass) flags = g_type_class_ref (HEARTH_TYPE_CAPABILITIES);
      const char *id;
      HearthControl *control;
      HearthCapabilities caps = HEARTH_CAPABILITY_NONE;
      JsonArray *array;
      JsonObject *state;
      int kind;

      if (entry == NULL)
        continue;
      id = hearth_json_get_string (entry, "id", NULL);
      kind = enum_from_nick (HEARTH_TYPE_CONTROL_KIND, hearth_json_get_string (entry, "kind", NULL), -1);
      if (id == NULL || *id == '\0' || kind < 0 || hearth_device_find_control (device, id) != NULL)
        continue;

      control = hearth_device_ensure_control (device, id, kind, hearth_json_get_string (entry, "name", NULL));

      array = hearth_json_get_array (entry, "capabilities");
      for (guint j = 0; array != NULL && j < json_array_get_length (array); j++)
        {
          JsonNode *node = json_array_get_element (array, j);
          GFlagsValue *value;

          if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
            continue;
          value = g_flags_get_value_by_nick (flags, json_node_get_string (node));
          if (value != NULL)
            caps |= value->value;
        }
      hearth_control_set_capabilities (control, caps);

      hearth_control_set_temperature_range (control,
                                            (int) CLAMP (hearth_json_get_int (entry, "temperature-min", -1), -1, 100000),
                                            (int) CLAMP (hearth_json_get_int (entry, "temperature-max", -1), -1, 100000));

      array = hearth_json_get_array (entry, "effects");
      if (array != NULL)
        {
          g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
          g_auto(GStrv) effects = NULL;

          for (guint j = 0; j < json_array_get_length (array); j++)
            {
              JsonNode *node = json_array_get_element (array, j);

              if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
                g_strv_builder_add (builder, json_node_get_string (node));
            }
          effects = g_strv_builder_end (builder);
          hearth_control_set_effects (control, (const char * const *) effects);
        }

      state = hearth_json_get_object (entry, "state");
      if (state == NULL)
        continue;

      hearth_control_set_on (control, hearth_json_get_bool (state, "on", FALSE));
      hearth_control_set_brightness (control, (int) CLAMP (hearth_json_get_int (state, "brightness", -1), -1, 100));
      hearth_control_set_temperature (control, (int) CLAMP (hearth_json_get_int (state, "temperature", -1), -1, 100000));
      hearth_control_set_color (control, (int) CLAMP (hearth_json_get_int (state, "color", -1), -1, 0xffffff));
      hearth_control_set_position (control, (int) CLAMP (hearth_json_get_int (state, "position", -1), -1, 100));
      hearth_control_set_cover_state (control,
                                      enum_from_nick (HEARTH_TYPE_COVER_STATE,
                                                      hearth_json_get_string (state, "cover-state", NULL),
                                                      HEARTH_COVER_STATE_STOPPED));
      hearth_control_set_effect (control, hearth_json_get_string (state, "effect", NULL));
      if (hearth_json_has (state, "value", JSON_NODE_VALUE))
        hearth_control_set_value (control, hearth_json_get_double (state, "value", 0.0));
      hearth_control_set_unit (control, hearth_json_get_string (state, "unit", NULL));
      hearth_control_set_quantity (control, hearth_json_get_string (state, "quantity", NULL));
    }

  return g_steal_pointer (&device);
}

GPtrArray *
hearth_store_device_from_entries (GPtrArray *entries,
                                  GArray    *positions)
{
  GPtrArray *devices = g_ptr_array_new_with_free_func (g_object_unref);
  guint n = positions != NULL ? positions->len : entries->len;

  for (guint i = 0; i < n; i++)
    {
      guint position = positions != NULL ? g_array_index (positions, guint, i) : i;
      HearthDevice *device;

      device = hearth_store_device_from_json (json_node_get_object (g_ptr_array_index (entries, position)));
      if (device != NULL)
        g_ptr_array_add (devices, device);
    }
  return devices;
}

/* Host entries */

/* Declared in hearth-store.h, for the faces */
gboolean
hearth_store_split_host (const char  *entry,
                         char       **host,
                         guint16     *port)
{
  g_return_val_if_fail (host != NULL, FALSE);
  g_return_val_if_fail (port != NULL, FALSE);

  *host = NULL;
  *port = 0;

  if (entry == NULL)
    return FALSE;

  return hearth_host_parse (entry, host, port, NULL);
}

char *
hearth_store_join_host (const char *host,
                        guint16     port)
{
  if (port == 0)
    return g_strdup (host);
  if (strchr (host, ':') != NULL)
    return g_strdup_printf ("[%s]:%u", host, port);
  return g_strdup_printf ("%s:%u", host, port);
}

/* "Kitchen.local" and "kitchen.local" are one host; a bracketed IPv6
 * address is unbracketed. NULL when not a host at all. */
char *
hearth_store_clean_host (const char *host)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *name = NULL;
  guint16 ignored;

  if (host == NULL)
    return NULL;

  trimmed = g_strstrip (g_ascii_strdown (host, -1));
  if (trimmed[0] == '[' && g_str_has_suffix (trimmed, "]"))
    {
      trimmed[strlen (trimmed) - 1] = '\0';
      memmove (trimmed, trimmed + 1, strlen (trimmed));
    }

  /* Only a host: a port in it is not what was asked */
  if (!hearth_store_split_host (trimmed, &name, &ignored) || ignored != 0)
    return NULL;
  return g_steal_pointer (&name);
}

/* Whether host entry @entry reaches @host:@port */
gboolean
hearth_store_host_entry_matches (const char *entry,
                                 const char *host,
                                 guint16     port)
{
  g_autofree char *entry_host = NULL;
  guint16 entry_port;

  if (host == NULL || !hearth_store_split_host (entry, &entry_host, &entry_port))
    return FALSE;
  return g_ascii_strcasecmp (entry_host, host) == 0 && (entry_port == 0 || entry_port == port);
}

/* Whether host entry @entry led to the device of entry @object: it reaches
 * the device's address, or is one of its "hosts" */
gboolean
hearth_store_device_has_host (JsonObject *object,
                              const char *entry)
{
  JsonArray *own = hearth_json_get_array (object, "hosts");
  const char *host = hearth_json_get_string (object, "host", NULL);
  guint16 port = (guint16) CLAMP (hearth_json_get_int (object, "port", 0), 0, G_MAXUINT16);

  if (hearth_store_host_entry_matches (entry, host, port))
    return TRUE;
  for (guint i = 0; own != NULL && i < json_array_get_length (own); i++)
    {
      JsonNode *node = json_array_get_element (own, i);

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING &&
          g_str_equal (json_node_get_string (node), entry))
        return TRUE;
    }
  return FALSE;
}

/* Adds @entry to the "hosts" of entry @object, once */
void
hearth_store_device_add_host (JsonObject *object,
                              const char *entry)
{
  JsonArray *hosts = hearth_json_get_array (object, "hosts");

  if (hosts == NULL)
    {
      json_object_set_array_member (object, "hosts", json_array_new ());
      hosts = json_object_get_array_member (object, "hosts");
    }
  for (guint i = 0; i < json_array_get_length (hosts); i++)
    {
      if (g_strcmp0 (json_node_get_string (json_array_get_element (hosts, i)), entry) == 0)
        return;
    }
  json_array_add_string_element (hosts, entry);
}

/* The entries of a hosts list by the host they name (lower-case): host →
 * GPtrArray of entries, borrowed from @hosts */
GHashTable *
hearth_store_hosts_by_name (GPtrArray *hosts)
{
  GHashTable *index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             (GDestroyNotify) g_ptr_array_unref);

  for (guint i = 0; i < hosts->len; i++)
    {
      g_autofree char *host = NULL;
      g_autofree char *lower = NULL;
      GPtrArray *entries;
      guint16 port;

      if (!hearth_store_split_host (g_ptr_array_index (hosts, i), &host, &port))
        continue;
      lower = g_ascii_strdown (host, -1);
      entries = g_hash_table_lookup (index, lower);
      if (entries == NULL)
        {
          entries = g_ptr_array_new ();
          g_hash_table_insert (index, g_steal_pointer (&lower), entries);
        }
      g_ptr_array_add (entries, g_ptr_array_index (hosts, i));
    }
  return index;
}

/* The entries of @index naming @host, whatever the case (NULL: none) */
GPtrArray *
hearth_store_hosts_named (GHashTable *index,
                          const char *host)
{
  g_autofree char *lower = host != NULL ? g_ascii_strdown (host, -1) : NULL;

  return lower != NULL ? g_hash_table_lookup (index, lower) : NULL;
}
