/* hearth-host.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every host Hearth is asked to reach (typed in hearthctl or the app, or
 * read from the store) is checked here before any network traffic: a host
 * name of RFC 1123 labels (an internationalised one in its ASCII form), an
 * IPv4 literal, or an IPv6 literal. Underscores are allowed in labels, as
 * DHCP gives them to many devices. A scoped IPv6 literal (fe80::1%eth0) is
 * refused: GResolver turns it into a GInetAddress, which has no zone, so
 * no connection to it could name the interface.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "hearth-error.h"
#include "hearth-host.h"

#define MAX_NAME_LENGTH 253
#define MAX_LABEL_LENGTH 63

static gboolean
is_host_name (const char *name)
{
  gsize len = strlen (name);
  const char *label = name;
  const char *last_label = name;
  gboolean all_digits = TRUE;

  /* "host.local." names the same host as "host.local" */
  if (len > 0 && name[len - 1] == '.')
    len--;
  if (len == 0 || len > MAX_NAME_LENGTH)
    return FALSE;

  for (gsize i = 0; i <= len; i++)
    {
      char c = i < len ? name[i] : '.';

      if (c == '.')
        {
          gsize label_len = (name + i) - label;

          if (label_len == 0 || label_len > MAX_LABEL_LENGTH ||
              label[0] == '-' || name[i - 1] == '-')
            return FALSE;
          last_label = label;
          label = name + i + 1;
        }
      else if (!g_ascii_isalnum (c) && c != '-' && c != '_')
        return FALSE;
    }

  /* "256.1.1.1" is no IPv4 address, and no name either: a top-level
   * label is never all digits */
  for (const char *p = last_label; p < name + len; p++)
    all_digits = all_digits && g_ascii_isdigit (*p);

  return !all_digits;
}

static void
set_invalid_host (GError     **error,
                  const char  *text)
{
  g_autofree char *shown = g_utf8_make_valid (text, -1);

  g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_INVALID,
               _("“%s” is neither a host name nor an address"), shown);
}

/**
 * hearth_host_check:
 * @host: a host name or an IP address, without a port or brackets
 *
 * Whether @host can be reached at all, without asking the network.
 *
 * Returns: %TRUE if it can; otherwise %FALSE with a %HEARTH_ERROR_INVALID
 *   that says why
 */
gboolean
hearth_host_check (const char  *host,
                   GError     **error)
{
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (host == NULL || *host == '\0')
    {
      g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_INVALID, _("The host is empty"));
      return FALSE;
    }

  if (!g_utf8_validate (host, -1, NULL))
    {
      g_autofree char *shown = g_utf8_make_valid (host, -1);

      g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_INVALID,
                   _("“%s” is not valid text: a host is written in UTF-8"), shown);
      return FALSE;
    }

  if (strchr (host, ':') != NULL)
    {
      if (strchr (host, '%') != NULL && g_hostname_is_ip_address (host))
        {
          g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_INVALID,
                       _("“%s” is an IPv6 address with a zone: Hearth cannot use those; "
                         "give the device’s host name or another of its addresses"),
                       host);
          return FALSE;
        }
      if (strchr (host, '%') != NULL || !g_hostname_is_ip_address (host))
        {
          set_invalid_host (error, host);
          return FALSE;
        }
      return TRUE;
    }

  if (g_hostname_is_ip_address (host))
    return TRUE;

  if (g_hostname_is_non_ascii (host))
    {
      g_autofree char *ascii = g_hostname_to_ascii (host);

      if (ascii == NULL || !is_host_name (ascii))
        {
          set_invalid_host (error, host);
          return FALSE;
        }
      return TRUE;
    }

  if (!is_host_name (host))
    {
      set_invalid_host (error, host);
      return FALSE;
    }

  return TRUE;
}

/**
 * hearth_host_parse_port:
 * @text: a port number, as typed
 * @port: (out): the port
 *
 * Returns: %TRUE if @text is a number from 1 to 65535
 */
gboolean
hearth_host_parse_port (const char  *text,
                        guint16     *port,
                        GError     **error)
{
  guint64 value = 0;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (port != NULL, FALSE);

  /* Digits only: no sign, no spaces, no "0x" */
  if (*text == '\0' || strspn (text, "0123456789") != strlen (text) ||
      !g_ascii_string_to_unsigned (text, 10, 1, G_MAXUINT16, &value, NULL))
    {
      g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_INVALID,
                   _("The port must be a number from 1 to 65535"));
      return FALSE;
    }

  *port = (guint16) value;
  return TRUE;
}

/**
 * hearth_host_parse:
 * @text: "HOST", "HOST:PORT", an IPv6 literal, or "[IPv6]:PORT"
 * @host: (out) (transfer full): the host, without brackets
 * @port: (out): the port, or 0 when @text gives none
 *
 * Returns: %TRUE if @text is an address Hearth can reach; otherwise %FALSE
 *   with a %HEARTH_ERROR_INVALID that says why
 */
gboolean
hearth_host_parse (const char  *text,
                   char       **host,
                   guint16     *port,
                   GError     **error)
{
  g_autofree char *name = NULL;
  const char *port_text = NULL;
  guint16 value = 0;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (host != NULL, FALSE);
  g_return_val_if_fail (port != NULL, FALSE);

  *host = NULL;
  *port = 0;

  if (!g_utf8_validate (text, -1, NULL))
    return hearth_host_check (text, error);

  if (text[0] == '[')
    {
      const char *end = strchr (text, ']');

      if (end == NULL || (end[1] != '\0' && end[1] != ':'))
        {
          set_invalid_host (error, text);
          return FALSE;
        }
      name = g_strndup (text + 1, end - text - 1);
      if (end[1] == ':')
        port_text = end + 2;
      /* Brackets hold an IPv6 literal, nothing else */
      if (strchr (name, ':') == NULL)
        {
          set_invalid_host (error, text);
          return FALSE;
        }
    }
  else
    {
      const char *colon = strchr (text, ':');

      /* One colon: HOST:PORT. More: a bare IPv6 literal. */
      if (colon != NULL && strchr (colon + 1, ':') == NULL)
        {
          name = g_strndup (text, colon - text);
          port_text = colon + 1;
        }
      else
        name = g_strdup (text);
    }

  if (!hearth_host_check (name, error))
    return FALSE;
  if (port_text != NULL && !hearth_host_parse_port (port_text, &value, error))
    return FALSE;

  *host = g_steal_pointer (&name);
  *port = value;
  return TRUE;
}

/* HearthHost */

struct _HearthHost
{
  char    *host;
  guint16  port;
};

G_DEFINE_BOXED_TYPE (HearthHost, hearth_host, hearth_host_ref, hearth_host_unref)

/**
 * hearth_host_new:
 * @host: a host that passes hearth_host_check()
 * @port: the port, or 0 for each family's usual one
 *
 * Returns: (transfer full): a new host
 */
HearthHost *
hearth_host_new (const char *host,
                 guint16     port)
{
  HearthHost *self;

  g_return_val_if_fail (host != NULL, NULL);

  self = g_atomic_rc_box_new0 (HearthHost);
  self->host = g_strdup (host);
  self->port = port;
  return self;
}

/**
 * hearth_host_new_parse:
 * @text: as for hearth_host_parse()
 *
 * Returns: (transfer full) (nullable): the host, or %NULL with a
 *   %HEARTH_ERROR_INVALID that says why
 */
HearthHost *
hearth_host_new_parse (const char  *text,
                       GError     **error)
{
  g_autofree char *host = NULL;
  guint16 port = 0;

  if (!hearth_host_parse (text, &host, &port, error))
    return NULL;
  return hearth_host_new (host, port);
}

HearthHost *
hearth_host_ref (HearthHost *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return g_atomic_rc_box_acquire (self);
}

static void
host_clear (HearthHost *self)
{
  g_free (self->host);
}

void
hearth_host_unref (HearthHost *self)
{
  g_return_if_fail (self != NULL);
  g_atomic_rc_box_release_full (self, (GDestroyNotify) host_clear);
}

const char *
hearth_host_get_host (const HearthHost *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->host;
}

guint16
hearth_host_get_port (const HearthHost *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->port;
}

/**
 * hearth_host_to_string:
 *
 * Returns: (transfer full): "host", "host:port", or "[v6]:port" for an
 *   IPv6 literal with a port; hearth_host_parse() reads it back
 */
char *
hearth_host_to_string (const HearthHost *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (self->port == 0)
    return g_strdup (self->host);
  if (strchr (self->host, ':') != NULL)
    return g_strdup_printf ("[%s]:%u", self->host, self->port);
  return g_strdup_printf ("%s:%u", self->host, self->port);
}

gboolean
hearth_host_equal (const HearthHost *a,
                   const HearthHost *b)
{
  g_return_val_if_fail (a != NULL, FALSE);
  g_return_val_if_fail (b != NULL, FALSE);

  return a->port == b->port && g_ascii_strcasecmp (a->host, b->host) == 0;
}

gboolean
hearth_host_matches (const HearthHost *self,
                     const char       *host,
                     guint16           port)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return host != NULL && g_ascii_strcasecmp (self->host, host) == 0 &&
         (self->port == 0 || port == 0 || self->port == port);
}
