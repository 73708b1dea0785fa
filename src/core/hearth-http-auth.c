/* hearth-http-auth.c: HTTP authentication, computed (Basic; Digest per
 * RFC 7616; Shelly Gen2+'s digest inside a JSON-RPC frame)
 *
 * A pure module. libsoup's own digest only knows MD5, and Shelly Gen2+
 * wants SHA-256, so the challenge is read and answered here, for every
 * family: the queue's requests, the event stream, Shelly's frames.
 *
 * The WWW-Authenticate reader follows RFC 7235 §4.1 strictly enough that
 * what it accepts means one thing: a header it cannot read is an error,
 * not a guess.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "hearth-error.h"
#include "hearth-http-auth.h"
#include "hearth-json.h"
#include "hearth-sha512-256.h"

/* Shelly's frame variant hashes this literal as HA2 (protocols.md §1.5) */
#define SHELLY_FRAME_A2  "dummy_method:dummy_uri"

/* One challenge as read, before we know whether we can answer it */
typedef struct
{
  char       *scheme;                /* lower case */
  GHashTable *params;                /* lower-case name → value, unquoted */
} RawChallenge;

static void
raw_challenge_free (gpointer data)
{
  RawChallenge *raw = data;

  g_free (raw->scheme);
  g_hash_table_unref (raw->params);
  g_free (raw);
}

/* Reading */

static gboolean
is_tchar (char c)
{
  return g_ascii_isalnum (c) || (c != '\0' && strchr ("!#$%&'*+-.^_`|~", c) != NULL);
}

static gboolean
is_token68_char (char c)
{
  return g_ascii_isalnum (c) || (c != '\0' && strchr ("-._~+/", c) != NULL);
}

static const char *
skip_spaces (const char *p)
{
  while (*p == ' ' || *p == '\t')
    p++;
  return p;
}

/* After a scheme and its space: a token68 (1*tchar68 *"=") standing alone
 * up to the next comma or the end? Returns its end, or NULL. */
static const char *
match_token68 (const char *p)
{
  const char *start = p;

  while (is_token68_char (*p))
    p++;
  if (p == start)
    return NULL;
  while (*p == '=')
    p++;
  p = skip_spaces (p);
  if (*p != '\0' && *p != ',')
    return NULL;
  return p;
}

/* Sets @error and returns NULL */
static gpointer
bad_header (GError     **error,
            const char  *header,
            const char  *at,
            const char  *what)
{
  g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD,
               "The login challenge cannot be read: %s at character %u",
               what, (guint) (at - header) + 1);
  return NULL;
}

/* Reads a quoted-string at @p (on its opening quote) into @value; returns
 * the character after the closing quote, or NULL if there is none */
static const char *
read_quoted (const char *p,
             GString    *value)
{
  g_assert (*p == '"');

  for (p++; *p != '"'; p++)
    {
      if (*p == '\\')
        p++;
      if (*p == '\0')
        return NULL;
      g_string_append_c (value, *p);
    }

  return p + 1;
}

/* Every challenge in @header, in order (RFC 7235 §4.1):
 *   1#( auth-scheme [ 1*SP ( token68 / #( token BWS "=" BWS ( token / quoted-string ) ) ) ] )
 * An unquoted value may hold more than a token ("nonce=abc/def=="), as
 * devices send it, but never a comma, a quote or a space. */
static GPtrArray *
read_challenges (const char  *header,
                 GError     **error)
{
  g_autoptr(GPtrArray) challenges = g_ptr_array_new_with_free_func (raw_challenge_free);
  RawChallenge *current = NULL;
  const char *p = header;

  if (!g_utf8_validate (header, -1, NULL))
    {
      g_set_error_literal (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD,
                           "The login challenge cannot be read: it is not UTF-8");
      return NULL;
    }

  for (const char *c = header; *c != '\0'; c++)
    {
      if (((guchar) *c < 0x20 && *c != '\t') || *c == 0x7f)
        return bad_header (error, header, c, "a control character");
    }

  while (TRUE)
    {
      const char *start;
      g_autofree char *token = NULL;

      /* Empty list elements are allowed (RFC 7230 §7) */
      while (*p == ' ' || *p == '\t' || *p == ',')
        p++;
      if (*p == '\0')
        break;

      start = p;
      while (is_tchar (*p))
        p++;
      if (p == start)
        return bad_header (error, header, p, "no name");
      token = g_ascii_strdown (start, p - start);
      p = skip_spaces (p);

      if (*p == '=')
        {
          /* name=value, a parameter of the current challenge */
          GString *value = g_string_new (NULL);

          if (current == NULL)
            {
              g_string_free (value, TRUE);
              return bad_header (error, header, start, "a parameter before any scheme");
            }

          p = skip_spaces (p + 1);
          if (*p == '"')
            {
              const char *end = read_quoted (p, value);

              if (end == NULL)
                {
                  g_string_free (value, TRUE);
                  return bad_header (error, header, p, "an unterminated quoted string");
                }
              p = end;
            }
          else
            {
              while (*p != '\0' && *p != ',' && *p != ' ' && *p != '\t' && *p != '"')
                g_string_append_c (value, *p++);
              if (value->len == 0)
                {
                  g_string_free (value, TRUE);
                  return bad_header (error, header, p, "a parameter without a value");
                }
            }

          if (g_hash_table_contains (current->params, token))
            {
              g_string_free (value, TRUE);
              return bad_header (error, header, start, "a parameter given twice");
            }
          g_hash_table_insert (current->params,
                               g_steal_pointer (&token),
                               g_string_free (value, FALSE));

          p = skip_spaces (p);
          if (*p != '\0' && *p != ',')
            return bad_header (error, header, p, "no comma after a parameter");
          continue;
        }

      /* A scheme, then maybe a token68 or its first parameter */
      current = g_new0 (RawChallenge, 1);
      current->scheme = g_steal_pointer (&token);
      current->params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      g_ptr_array_add (challenges, current);

      if (*p != '\0' && *p != ',')
        {
          const char *end = match_token68 (p);

          /* "Negotiate abc==": a token68; "Digest realm=…": a parameter */
          if (end != NULL)
            p = end;
          else if (!is_tchar (*p))
            return bad_header (error, header, p, "no parameter after the scheme");
        }
    }

  return g_steal_pointer (&challenges);
}

static gboolean
qop_offers_auth (const char *qop)
{
  g_auto(GStrv) options = g_strsplit (qop, ",", -1);

  for (guint i = 0; options[i] != NULL; i++)
    {
      g_strstrip (options[i]);
      if (g_ascii_strcasecmp (options[i], "auth") == 0)
        return TRUE;
    }

  return FALSE;
}

static const struct
{
  const char                *name;
  HearthHttpDigestAlgorithm  algorithm;
  gboolean                   sess;
} algorithms[] = {
  { "MD5", HEARTH_HTTP_DIGEST_MD5, FALSE },
  { "MD5-sess", HEARTH_HTTP_DIGEST_MD5, TRUE },
  { "SHA-256", HEARTH_HTTP_DIGEST_SHA256, FALSE },
  { "SHA-256-sess", HEARTH_HTTP_DIGEST_SHA256, TRUE },
  { "SHA-512-256", HEARTH_HTTP_DIGEST_SHA512_256, FALSE },
  { "SHA-512-256-sess", HEARTH_HTTP_DIGEST_SHA512_256, TRUE },
};

/* A Digest challenge we can answer, or NULL */
static HearthHttpChallenge *
digest_challenge_new (RawChallenge *raw)
{
  g_autoptr(HearthHttpChallenge) challenge = g_new0 (HearthHttpChallenge, 1);
  const char *algorithm = g_hash_table_lookup (raw->params, "algorithm");
  const char *nonce = g_hash_table_lookup (raw->params, "nonce");
  const char *qop = g_hash_table_lookup (raw->params, "qop");
  const char *realm = g_hash_table_lookup (raw->params, "realm");
  const char *stale = g_hash_table_lookup (raw->params, "stale");
  gboolean known = FALSE;

  if (nonce == NULL || *nonce == '\0')
    return NULL;

  challenge->scheme = HEARTH_HTTP_AUTH_DIGEST;
  if (algorithm == NULL)
    algorithm = "MD5";
  for (guint i = 0; i < G_N_ELEMENTS (algorithms); i++)
    if (g_ascii_strcasecmp (algorithm, algorithms[i].name) == 0)
      {
        challenge->algorithm = algorithms[i].algorithm;
        challenge->sess = algorithms[i].sess;
        known = TRUE;
      }
  if (!known)
    return NULL;

  if (qop != NULL)
    {
      if (!qop_offers_auth (qop))
        return NULL;
      challenge->qop_auth = TRUE;
    }

  challenge->stale = stale != NULL && g_ascii_strcasecmp (stale, "true") == 0;
  challenge->realm = g_strdup (realm != NULL ? realm : "");
  challenge->nonce = g_strdup (nonce);
  challenge->opaque = g_strdup (g_hash_table_lookup (raw->params, "opaque"));

  return g_steal_pointer (&challenge);
}

HearthHttpChallenge *
hearth_http_challenge_parse (const char  *header,
                             GError     **error)
{
  g_autoptr(GPtrArray) raws = NULL;
  g_autoptr(HearthHttpChallenge) best = NULL;
  gboolean basic = FALSE;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (header != NULL)
    {
      raws = read_challenges (header, error);
      if (raws == NULL)
        return NULL;
    }

  if (raws == NULL || raws->len == 0)
    {
      g_set_error_literal (error, HEARTH_ERROR, HEARTH_ERROR_NOT_FOUND,
                           "There is no login challenge");
      return NULL;
    }

  for (guint i = 0; i < raws->len; i++)
    {
      RawChallenge *raw = g_ptr_array_index (raws, i);

      if (g_str_equal (raw->scheme, "digest"))
        {
          g_autoptr(HearthHttpChallenge) candidate = digest_challenge_new (raw);

          if (candidate != NULL && (best == NULL || candidate->algorithm > best->algorithm))
            {
              g_clear_pointer (&best, hearth_http_challenge_free);
              best = g_steal_pointer (&candidate);
            }
        }
      else if (g_str_equal (raw->scheme, "basic"))
        basic = TRUE;
    }

  if (best == NULL && basic)
    {
      best = g_new0 (HearthHttpChallenge, 1);
      best->scheme = HEARTH_HTTP_AUTH_BASIC;
      best->realm = g_strdup ("");
    }

  if (best == NULL)
    {
      g_set_error_literal (error, HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED,
                           "The login challenge asks for a kind of login Hearth does not know");
      return NULL;
    }

  return g_steal_pointer (&best);
}

HearthHttpChallenge *
hearth_http_challenge_copy (const HearthHttpChallenge *challenge)
{
  HearthHttpChallenge *copy;

  g_return_val_if_fail (challenge != NULL, NULL);

  copy = g_memdup2 (challenge, sizeof *challenge);
  copy->realm = g_strdup (challenge->realm);
  copy->nonce = g_strdup (challenge->nonce);
  copy->opaque = g_strdup (challenge->opaque);

  return copy;
}

void
hearth_http_challenge_free (HearthHttpChallenge *challenge)
{
  if (challenge == NULL)
    return;

  g_free (challenge->realm);
  g_free (challenge->nonce);
  g_free (challenge->opaque);
  g_free (challenge);
}

const char *
hearth_http_challenge_get_algorithm_name (const HearthHttpChallenge *challenge)
{
  g_return_val_if_fail (challenge != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (algorithms); i++)
    if (algorithms[i].algorithm == challenge->algorithm && algorithms[i].sess == challenge->sess)
      return algorithms[i].name;

  g_return_val_if_reached (NULL);
}

/* Answering */

char *
hearth_http_digest_hash (HearthHttpDigestAlgorithm  algorithm,
                         const char                *first,
                         ...)
{
  g_autoptr(GString) text = g_string_new (first);
  va_list args;
  char *hex;

  va_start (args, first);
  for (const char *part = va_arg (args, const char *);
       part != NULL;
       part = va_arg (args, const char *))
    {
      g_string_append_c (text, ':');
      g_string_append (text, part);
    }
  va_end (args);

  switch (algorithm)
    {
    case HEARTH_HTTP_DIGEST_MD5:
      hex = g_compute_checksum_for_data (G_CHECKSUM_MD5, (const guchar *) text->str, text->len);
      break;
    case HEARTH_HTTP_DIGEST_SHA256:
      hex = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) text->str, text->len);
      break;
    case HEARTH_HTTP_DIGEST_SHA512_256:
      hex = hearth_sha512_256_hex ((const guint8 *) text->str, text->len);
      break;
    default:
      g_assert_not_reached ();
    }

  /* A password may have gone through this buffer */
  memset (text->str, 0, text->len);

  return hex;
}

char *
hearth_http_auth_basic (const char *username,
                        const char *password)
{
  g_autofree char *plain = NULL;
  g_autofree char *encoded = NULL;

  g_return_val_if_fail (username != NULL && password != NULL, NULL);

  plain = g_strdup_printf ("%s:%s", username, password);
  encoded = g_base64_encode ((const guchar *) plain, strlen (plain));
  memset (plain, 0, strlen (plain));

  return g_strdup_printf ("Basic %s", encoded);
}

static void
append_quoted (GString    *str,
               const char *name,
               const char *value)
{
  g_string_append_printf (str, "%s=\"", name);
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_c (str, '\\');
      g_string_append_c (str, *p);
    }
  g_string_append_c (str, '"');
}

char *
hearth_http_auth_digest (const HearthHttpChallenge *challenge,
                         const char                *method,
                         const char                *uri,
                         const char                *username,
                         const char                *password,
                         guint32                    nc,
                         const char                *cnonce)
{
  g_autofree char *ha1 = NULL;
  g_autofree char *ha2 = NULL;
  g_autofree char *response = NULL;
  char nc_text[9];
  GString *str;

  g_return_val_if_fail (challenge != NULL && challenge->scheme == HEARTH_HTTP_AUTH_DIGEST, NULL);
  g_return_val_if_fail (method != NULL && uri != NULL, NULL);
  g_return_val_if_fail (username != NULL && password != NULL && cnonce != NULL, NULL);

  g_snprintf (nc_text, sizeof nc_text, "%08x", nc);

  ha1 = hearth_http_digest_hash (challenge->algorithm, username, challenge->realm, password, NULL);
  if (challenge->sess)
    {
      char *sess_ha1 = hearth_http_digest_hash (challenge->algorithm,
                                                ha1, challenge->nonce, cnonce, NULL);
      g_free (ha1);
      ha1 = sess_ha1;
    }
  ha2 = hearth_http_digest_hash (challenge->algorithm, method, uri, NULL);

  if (challenge->qop_auth)
    response = hearth_http_digest_hash (challenge->algorithm,
                                        ha1, challenge->nonce, nc_text, cnonce, "auth", ha2, NULL);
  else
    response = hearth_http_digest_hash (challenge->algorithm, ha1, challenge->nonce, ha2, NULL);

  str = g_string_new ("Digest ");
  append_quoted (str, "username", username);
  g_string_append (str, ", ");
  append_quoted (str, "realm", challenge->realm);
  g_string_append (str, ", ");
  append_quoted (str, "nonce", challenge->nonce);
  g_string_append (str, ", ");
  append_quoted (str, "uri", uri);
  g_string_append_printf (str, ", algorithm=%s, ", hearth_http_challenge_get_algorithm_name (challenge));
  append_quoted (str, "response", response);
  if (challenge->qop_auth)
    {
      g_string_append_printf (str, ", qop=auth, nc=%s, ", nc_text);
      append_quoted (str, "cnonce", cnonce);
    }
  if (challenge->opaque != NULL)
    {
      g_string_append (str, ", ");
      append_quoted (str, "opaque", challenge->opaque);
    }

  return g_string_free (str, FALSE);
}

char *
hearth_http_auth_new_cnonce (void)
{
  return g_strdup_printf ("%08x%08x%08x%08x",
                          g_random_int (), g_random_int (),
                          g_random_int (), g_random_int ());
}

char *
hearth_http_auth_answer (HearthHttpChallenge *challenge,
                         const char          *method,
                         const char          *uri,
                         const char          *username,
                         const char          *password)
{
  g_autofree char *cnonce = NULL;

  g_return_val_if_fail (challenge != NULL, NULL);

  if (challenge->scheme == HEARTH_HTTP_AUTH_BASIC)
    return hearth_http_auth_basic (username, password);

  challenge->nc++;
  cnonce = hearth_http_auth_new_cnonce ();

  return hearth_http_auth_digest (challenge, method, uri, username, password,
                                  challenge->nc, cnonce);
}

/* Shelly's frames */

static const char *
get_text (JsonObject *object,
          const char *name)
{
  const char *text = hearth_json_get_string (object, name, NULL);

  return text != NULL && *text != '\0' ? text : NULL;
}

HearthHttpChallenge *
hearth_http_challenge_parse_shelly_frame (const char  *message,
                                          GError     **error)
{
  g_autoptr(HearthHttpChallenge) challenge = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonObject *object;
  JsonNode *nonce;
  JsonNode *nc;
  const char *realm;
  const char *algorithm;
  gint64 device_nc = 1;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (message == NULL)
    {
      g_set_error_literal (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD,
                           "The Shelly's 401 answer carries no challenge");
      return NULL;
    }

  node = hearth_json_parse (message, -1, &local_error);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD,
                   "The Shelly's 401 challenge is not a JSON object%s%s",
                   local_error != NULL ? ": " : "",
                   local_error != NULL ? local_error->message : "");
      return NULL;
    }

  object = json_node_get_object (node);
  realm = get_text (object, "realm");
  algorithm = hearth_json_get_string (object, "algorithm", "SHA-256");
  nonce = json_object_get_member (object, "nonce");

  if (realm == NULL || nonce == NULL || !JSON_NODE_HOLDS_VALUE (nonce))
    {
      g_set_error_literal (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD,
                           "The Shelly's 401 challenge lacks a realm or a nonce");
      return NULL;
    }

  if (g_ascii_strcasecmp (algorithm, "SHA-256") != 0)
    {
      g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED,
                   "The Shelly asks for digest algorithm “%s”; only SHA-256 is supported",
                   algorithm);
      return NULL;
    }

  challenge = g_new0 (HearthHttpChallenge, 1);
  challenge->scheme = HEARTH_HTTP_AUTH_DIGEST;
  challenge->algorithm = HEARTH_HTTP_DIGEST_SHA256;
  challenge->qop_auth = TRUE;
  challenge->realm = g_strdup (realm);

  if (json_node_get_value_type (nonce) == G_TYPE_INT64)
    {
      challenge->nonce = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (nonce));
      challenge->nonce_is_number = TRUE;
    }
  else if (json_node_get_value_type (nonce) == G_TYPE_DOUBLE &&
           json_node_get_double (nonce) >= 0 && json_node_get_double (nonce) < 1e15)
    {
      challenge->nonce = g_strdup_printf ("%.0f", json_node_get_double (nonce));
      challenge->nonce_is_number = TRUE;
    }
  else if (json_node_get_value_type (nonce) == G_TYPE_STRING)
    challenge->nonce = g_strdup (json_node_get_string (nonce));
  else
    {
      g_set_error_literal (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD,
                           "The Shelly's 401 challenge has a nonce of the wrong type");
      return NULL;
    }

  if (*challenge->nonce == '\0')
    {
      g_set_error_literal (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD,
                           "The Shelly's 401 challenge has an empty nonce");
      return NULL;
    }

  /* nc: a number, or a string on the Wall Display */
  nc = json_object_get_member (object, "nc");
  if (nc != NULL && JSON_NODE_HOLDS_VALUE (nc))
    {
      if (json_node_get_value_type (nc) == G_TYPE_INT64)
        device_nc = json_node_get_int (nc);
      else if (json_node_get_value_type (nc) == G_TYPE_STRING)
        device_nc = g_ascii_strtoll (json_node_get_string (nc), NULL, 10);
      device_nc = CLAMP (device_nc, 1, G_MAXUINT32);
    }
  challenge->nc = device_nc - 1;

  return g_steal_pointer (&challenge);
}

char *
hearth_http_auth_shelly_response (const HearthHttpChallenge *challenge,
                                  const char                *username,
                                  const char                *password,
                                  guint32                    nc,
                                  const char                *cnonce)
{
  g_autofree char *ha1 = NULL;
  g_autofree char *ha2 = NULL;
  char nc_text[11];

  g_return_val_if_fail (challenge != NULL && challenge->scheme == HEARTH_HTTP_AUTH_DIGEST, NULL);
  g_return_val_if_fail (username != NULL && password != NULL && cnonce != NULL, NULL);

  g_snprintf (nc_text, sizeof nc_text, "%u", nc);
  ha1 = hearth_http_digest_hash (challenge->algorithm, username, challenge->realm, password, NULL);
  ha2 = hearth_http_digest_hash (challenge->algorithm, SHELLY_FRAME_A2, NULL);

  return hearth_http_digest_hash (challenge->algorithm,
                                  ha1, challenge->nonce, nc_text, cnonce, "auth", ha2, NULL);
}

JsonObject *
hearth_http_auth_shelly_frame (const HearthHttpChallenge *challenge,
                               const char                *username,
                               const char                *password,
                               guint32                    nc,
                               const char                *cnonce)
{
  g_autofree char *response = NULL;
  JsonObject *auth;

  response = hearth_http_auth_shelly_response (challenge, username, password, nc, cnonce);
  g_return_val_if_fail (response != NULL, NULL);

  auth = json_object_new ();
  json_object_set_string_member (auth, "realm", challenge->realm);
  json_object_set_string_member (auth, "username", username);
  if (challenge->nonce_is_number)
    json_object_set_int_member (auth, "nonce", g_ascii_strtoll (challenge->nonce, NULL, 10));
  else
    json_object_set_string_member (auth, "nonce", challenge->nonce);
  json_object_set_string_member (auth, "cnonce", cnonce);
  json_object_set_string_member (auth, "response", response);
  json_object_set_string_member (auth, "algorithm", hearth_http_challenge_get_algorithm_name (challenge));
  json_object_set_int_member (auth, "nc", nc);

  return auth;
}
