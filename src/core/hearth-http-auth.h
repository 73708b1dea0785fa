/* hearth-http-auth.h: HTTP authentication, computed (Basic; Digest per
 * RFC 7616; Shelly Gen2+'s digest inside a JSON-RPC frame)
 *
 * A pure module: no I/O, no state but what the caller holds. The queue,
 * the event stream and Shelly's WebSocket frames all answer their
 * challenges here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  HEARTH_HTTP_AUTH_BASIC,
  HEARTH_HTTP_AUTH_DIGEST,
} HearthHttpAuthScheme;

/* In the order of preference: a later one is stronger */
typedef enum
{
  HEARTH_HTTP_DIGEST_MD5,
  HEARTH_HTTP_DIGEST_SHA256,
  HEARTH_HTTP_DIGEST_SHA512_256,
} HearthHttpDigestAlgorithm;

/* A challenge Hearth can answer */
typedef struct
{
  HearthHttpAuthScheme       scheme;
  /* Digest only */
  HearthHttpDigestAlgorithm  algorithm;
  gboolean                   sess;             /* "MD5-sess", "SHA-256-sess"… */
  gboolean                   qop_auth;         /* FALSE: RFC 2069, no qop */
  gboolean                   stale;            /* stale=true: only the nonce expired */
  char                      *realm;            /* "" when the challenge named none */
  char                      *nonce;            /* verbatim, never reinterpreted */
  char                      *opaque;           /* nullable */
  gboolean                   nonce_is_number;  /* Shelly frames: a JSON number */
  guint32                    nc;               /* the last nonce count used with
                                                * this nonce; the next is nc + 1 */
} HearthHttpChallenge;

/* Reads a WWW-Authenticate value (several headers joined by ", ", as
 * libsoup's soup_message_headers_get_list() gives them): every challenge in
 * it (RFC 7235: scheme, then name=value parameters, quoted or not, with
 * backslash escapes, or a token68; unknown schemes and parameters are
 * read and left), and returns the strongest one Hearth can answer:
 * Digest SHA-512-256, SHA-256, MD5 (each also -sess; qop, when offered,
 * must offer "auth"), then Basic.
 *
 * Errors (HEARTH_ERROR): NOT_FOUND when @header is NULL or holds no
 * challenge at all; BAD_PAYLOAD when it cannot be read (unterminated
 * quote, control characters, a parameter before any scheme, a parameter
 * twice, invalid UTF-8); UNSUPPORTED when it can, but names no challenge
 * Hearth can answer. */
HearthHttpChallenge *hearth_http_challenge_parse  (const char                 *header,
                                                   GError                    **error);
HearthHttpChallenge *hearth_http_challenge_copy   (const HearthHttpChallenge  *challenge);
void                 hearth_http_challenge_free   (HearthHttpChallenge        *challenge);

/* The name as sent in Digest: "MD5", "SHA-256", "SHA-512-256-sess"… */
const char          *hearth_http_challenge_get_algorithm_name (const HearthHttpChallenge *challenge);

/* "Basic base64(username:password)" */
char                *hearth_http_auth_basic       (const char                 *username,
                                                   const char                 *password);

/* The Authorization header answering a Digest @challenge for @method
 * @uri (the request-target as sent: path and query) with nonce count @nc
 * and client nonce @cnonce, RFC 7616 §3.4:
 *   HA1 = H(username:realm:password)  (-sess: H(H(…):nonce:cnonce))
 *   HA2 = H(method:uri)
 *   response = H(HA1:nonce:nc:cnonce:auth:HA2)   (no qop: H(HA1:nonce:HA2))
 * with nc as 8 hex digits. Does not change @challenge. */
char                *hearth_http_auth_digest      (const HearthHttpChallenge  *challenge,
                                                   const char                 *method,
                                                   const char                 *uri,
                                                   const char                 *username,
                                                   const char                 *password,
                                                   guint32                     nc,
                                                   const char                 *cnonce);

/* The Authorization header answering @challenge for one request: Basic,
 * or Digest with the next nonce count (stored back in @challenge->nc) and
 * a fresh random client nonce. */
char                *hearth_http_auth_answer      (HearthHttpChallenge        *challenge,
                                                   const char                 *method,
                                                   const char                 *uri,
                                                   const char                 *username,
                                                   const char                 *password);

/* A fresh random client nonce: 32 lower-case hex digits */
char                *hearth_http_auth_new_cnonce  (void);

/* H(first ":" … ":" last) as lower-case hex, with a Digest algorithm */
char                *hearth_http_digest_hash      (HearthHttpDigestAlgorithm   algorithm,
                                                   const char                 *first,
                                                   ...) G_GNUC_NULL_TERMINATED;

/* Shelly Gen2+ (protocols.md §1.5). A JSON-RPC frame sent without a login
 * fails with error 401 whose message is JSON text: {"auth_type":"digest",
 * "nonce":1725185413, "nc":1, "realm":"…", "algorithm":"SHA-256"}. This
 * reads it (nonce a number or a string; nc a number or, on the Wall
 * Display, a string; the device's nc n is stored as nc = n - 1, the last
 * one used). HEARTH_ERROR_BAD_PAYLOAD for a message of another shape,
 * HEARTH_ERROR_UNSUPPORTED for any algorithm but SHA-256. */
HearthHttpChallenge *hearth_http_challenge_parse_shelly_frame (const char                 *message,
                                                               GError                    **error);

/* response = H(HA1:nonce:nc:cnonce:auth:HA2) with HA1 =
 * H(username:realm:password), HA2 = H("dummy_method:dummy_uri") and nc in
 * decimal: Shelly's frame variant of RFC 7616 */
char                *hearth_http_auth_shelly_response (const HearthHttpChallenge  *challenge,
                                                       const char                 *username,
                                                       const char                 *password,
                                                       guint32                     nc,
                                                       const char                 *cnonce);

/* The frame's "auth" object answering @challenge: realm, username, nonce
 * (a number when it came as one), cnonce, response, algorithm, nc */
JsonObject          *hearth_http_auth_shelly_frame    (const HearthHttpChallenge  *challenge,
                                                       const char                 *username,
                                                       const char                 *password,
                                                       guint32                     nc,
                                                       const char                 *cnonce);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HearthHttpChallenge, hearth_http_challenge_free)

G_END_DECLS
