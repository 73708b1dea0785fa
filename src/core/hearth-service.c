/* hearth-service.c: one resolved mDNS record, plain data
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "hearth-service.h"

struct _HearthService
{
  GObject  parent_instance;

  char    *type;
  char    *name;
  char    *host;
  char    *address;
  guint16  port;
  GStrv    txt;
};

G_DEFINE_FINAL_TYPE (HearthService, hearth_service, G_TYPE_OBJECT)

typedef enum
{
  PROP_TYPE = 1,
  PROP_NAME,
  PROP_HOST,
  PROP_ADDRESS,
  PROP_PORT,
  PROP_TXT,
  PROP_LAST = PROP_TXT
} HearthServiceProperty;

static GParamSpec *properties[PROP_LAST + 1];

static void
hearth_service_finalize (GObject *object)
{
  HearthService *self = HEARTH_SERVICE (object);

  g_clear_pointer (&self->type, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->host, g_free);
  g_clear_pointer (&self->address, g_free);
  g_clear_pointer (&self->txt, g_strfreev);

  G_OBJECT_CLASS (hearth_service_parent_class)->finalize (object);
}

static void
hearth_service_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  HearthService *self = HEARTH_SERVICE (object);

  switch ((HearthServiceProperty) prop_id)
    {
    case PROP_TYPE:
      g_value_set_string (value, self->type);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_HOST:
      g_value_set_string (value, self->host);
      break;

    case PROP_ADDRESS:
      g_value_set_string (value, self->address);
      break;

    case PROP_PORT:
      g_value_set_uint (value, self->port);
      break;

    case PROP_TXT:
      g_value_set_boxed (value, self->txt);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hearth_service_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  HearthService *self = HEARTH_SERVICE (object);

  switch ((HearthServiceProperty) prop_id)
    {
    case PROP_TYPE:
      g_free (self->type);
      self->type = g_value_dup_string (value);
      break;

    case PROP_NAME:
      g_free (self->name);
      self->name = g_value_dup_string (value);
      break;

    case PROP_HOST:
      g_free (self->host);
      self->host = g_value_dup_string (value);
      break;

    case PROP_ADDRESS:
      g_free (self->address);
      self->address = g_value_dup_string (value);
      break;

    case PROP_PORT:
      self->port = (guint16) g_value_get_uint (value);
      break;

    case PROP_TXT:
      g_strfreev (self->txt);
      self->txt = g_value_dup_boxed (value);
      if (self->txt == NULL)
        self->txt = g_new0 (char *, 1);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hearth_service_class_init (HearthServiceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = hearth_service_finalize;
  object_class->get_property = hearth_service_get_property;
  object_class->set_property = hearth_service_set_property;

  /**
   * HearthService:type:
   * The service type, like "_shelly._tcp".
   */
  properties[PROP_TYPE] =
    g_param_spec_string ("type", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * HearthService:name:
   * The service instance name, like "shellyplus1pm-a8032abcdef0".
   */
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * HearthService:host:
   * The mDNS host name, like "shellyplus1pm-a8032abcdef0.local".
   */
  properties[PROP_HOST] =
    g_param_spec_string ("host", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * HearthService:address:
   * A numeric address: IPv4, or IPv6 (link-local ones with "%ifname").
   */
  properties[PROP_ADDRESS] =
    g_param_spec_string ("address", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * HearthService:port:
   * The TCP port.
   */
  properties[PROP_PORT] =
    g_param_spec_uint ("port", NULL, NULL,
                       0, G_MAXUINT16, 0,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                       G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * HearthService:txt:
   * The TXT record as "key=value" (or bare "key") strings, never %NULL.
   */
  properties[PROP_TXT] =
    g_param_spec_boxed ("txt", NULL, NULL,
                        G_TYPE_STRV,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                        G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, G_N_ELEMENTS (properties), properties);
}

static void
hearth_service_init (HearthService *self)
{
  self->txt = g_new0 (char *, 1);
}

/**
 * hearth_service_new:
 * @type: the service type, like "_wled._tcp"
 * @name: the instance name
 * @host: (nullable): the mDNS host name
 * @address: (nullable): a numeric address
 * @port: the port
 * @txt: (nullable) (array zero-terminated=1): "key=value" strings
 *
 * Returns: (transfer full): a new #HearthService
 */
HearthService *
hearth_service_new (const char         *type,
                    const char         *name,
                    const char         *host,
                    const char         *address,
                    guint16             port,
                    const char * const *txt)
{
  g_return_val_if_fail (type != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return g_object_new (HEARTH_TYPE_SERVICE,
                       "type", type,
                       "name", name,
                       "host", host,
                       "address", address,
                       "port", (guint) port,
                       "txt", txt,
                       NULL);
}

const char *
hearth_service_get_type_name (HearthService *self)
{
  g_return_val_if_fail (HEARTH_IS_SERVICE (self), NULL);

  return self->type;
}

const char *
hearth_service_get_name (HearthService *self)
{
  g_return_val_if_fail (HEARTH_IS_SERVICE (self), NULL);

  return self->name;
}

const char *
hearth_service_get_host (HearthService *self)
{
  g_return_val_if_fail (HEARTH_IS_SERVICE (self), NULL);

  return self->host;
}

const char *
hearth_service_get_address (HearthService *self)
{
  g_return_val_if_fail (HEARTH_IS_SERVICE (self), NULL);

  return self->address;
}

guint16
hearth_service_get_port (HearthService *self)
{
  g_return_val_if_fail (HEARTH_IS_SERVICE (self), 0);

  return self->port;
}

/**
 * hearth_service_get_txt:
 *
 * Returns: (transfer none) (array zero-terminated=1): the TXT strings,
 *   never %NULL
 */
const char * const *
hearth_service_get_txt (HearthService *self)
{
  g_return_val_if_fail (HEARTH_IS_SERVICE (self), NULL);

  return (const char * const *) self->txt;
}

/**
 * hearth_service_lookup_txt:
 * @key: a TXT key, compared without regard to ASCII case (RFC 6763 §6.4)
 *
 * Returns: (nullable): the value of the first entry for @key, "" for a bare
 *   key or an empty value, %NULL when @key is absent
 */
const char *
hearth_service_lookup_txt (HearthService *self,
                           const char    *key)
{
  size_t key_len;

  g_return_val_if_fail (HEARTH_IS_SERVICE (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  /* A key never holds '=' (RFC 6763 §6.4) */
  if (strchr (key, '=') != NULL)
    return NULL;

  key_len = strlen (key);

  for (guint i = 0; self->txt[i] != NULL; i++)
    {
      const char *entry = self->txt[i];

      if (g_ascii_strncasecmp (entry, key, key_len) != 0)
        continue;

      if (entry[key_len] == '\0')
        return "";
      if (entry[key_len] == '=')
        return entry + key_len + 1;
    }

  return NULL;
}
