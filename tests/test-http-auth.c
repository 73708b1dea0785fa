/* test-http-auth.c: hearth-http-auth.c, against RFC 7616's published
 * examples and values computed apart (python3 hashlib, openssl dgst)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "hearth-error.h"
#include "hearth-http-auth.h"
#include "hearth-json.h"
#include "hearth-sha512-256.h"

/* RFC 7616 §3.9.1 */
#define RFC_USER     "Mufasa"
#define RFC_PASSWORD "Circle of Life"
#define RFC_REALM    "http-auth@example.org"
#define RFC_NONCE    "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v"
#define RFC_CNONCE   "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ"
#define RFC_OPAQUE   "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"
#define RFC_URI      "/dir/index.html"

/* The two WWW-Authenticate headers of the example, as libsoup joins them */
#define RFC_HEADER \
  "Digest realm=\"" RFC_REALM "\", qop=\"auth, auth-int\", algorithm=SHA-256, " \
  "nonce=\"" RFC_NONCE "\", opaque=\"" RFC_OPAQUE "\", " \
  "Digest realm=\"" RFC_REALM "\", qop=\"auth, auth-int\", algorithm=MD5, " \
  "nonce=\"" RFC_NONCE "\", opaque=\"" RFC_OPAQUE "\""

static GHashTable *
authorization_params (const char *authorization)
{
  g_assert_true (g_str_has_prefix (authorization, "Digest "));
  return soup_header_parse_param_list (authorization + strlen ("Digest "));
}

static HearthHttpChallenge *
parse_ok (const char *header)
{
  g_autoptr(GError) error = NULL;
  HearthHttpChallenge *challenge = hearth_http_challenge_parse (header, &error);

  g_assert_no_error (error);
  g_assert_nonnull (challenge);
  return challenge;
}

/* One RFC example: the header we send carries the published response */
static void
check_rfc_example (HearthHttpChallenge *challenge,
                   const char          *algorithm,
                   const char          *response)
{
  g_autofree char *authorization = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(GHashTable) params = NULL;

  g_assert_cmpstr (hearth_http_challenge_get_algorithm_name (challenge), ==, algorithm);
  authorization = hearth_http_auth_digest (challenge, "GET", RFC_URI, RFC_USER, RFC_PASSWORD,
                                           1, RFC_CNONCE);

  params = authorization_params (authorization);
  g_assert_cmpstr (g_hash_table_lookup (params, "response"), ==, response);

  /* The whole header, as the RFC's example request carries it (ours in
   * another order) */
  expected = g_strdup_printf ("Digest username=\"" RFC_USER "\", realm=\"" RFC_REALM "\", "
                              "nonce=\"" RFC_NONCE "\", uri=\"" RFC_URI "\", algorithm=%s, "
                              "response=\"%s\", qop=auth, nc=00000001, "
                              "cnonce=\"" RFC_CNONCE "\", opaque=\"" RFC_OPAQUE "\"",
                              algorithm, response);
  g_assert_cmpstr (authorization, ==, expected);
}

static void
test_rfc7616_vectors (void)
{
  g_autoptr(HearthHttpChallenge) sha256 = parse_ok (RFC_HEADER);
  g_autoptr(HearthHttpChallenge) md5 = NULL;

  /* SHA-256 is preferred to MD5 */
  g_assert_cmpint (sha256->scheme, ==, HEARTH_HTTP_AUTH_DIGEST);
  g_assert_cmpint (sha256->algorithm, ==, HEARTH_HTTP_DIGEST_SHA256);
  g_assert_false (sha256->sess);
  g_assert_true (sha256->qop_auth);
  g_assert_false (sha256->stale);
  g_assert_cmpstr (sha256->realm, ==, RFC_REALM);
  g_assert_cmpstr (sha256->nonce, ==, RFC_NONCE);
  g_assert_cmpstr (sha256->opaque, ==, RFC_OPAQUE);
  g_assert_cmpuint (sha256->nc, ==, 0);
  check_rfc_example (sha256, "SHA-256",
                     "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");

  md5 = parse_ok ("Digest realm=\"" RFC_REALM "\", qop=\"auth, auth-int\", algorithm=MD5, "
                  "nonce=\"" RFC_NONCE "\", opaque=\"" RFC_OPAQUE "\"");
  check_rfc_example (md5, "MD5", "8ca523f5e9506fed4657c9700eebdbec");
}

static void
test_digest_variants (void)
{
  g_autoptr(HearthHttpChallenge) challenge = NULL;
  g_autoptr(GHashTable) params = NULL;
  g_autofree char *authorization = NULL;

  /* The RFC example's inputs with SHA-512-256 (python3 hashlib "sha512_256") */
  challenge = parse_ok ("Digest realm=\"" RFC_REALM "\", qop=auth, algorithm=SHA-512-256, "
                        "nonce=\"" RFC_NONCE "\"");
  g_assert_cmpint (challenge->algorithm, ==, HEARTH_HTTP_DIGEST_SHA512_256);
  authorization = hearth_http_auth_digest (challenge, "GET", RFC_URI, RFC_USER, RFC_PASSWORD,
                                           1, RFC_CNONCE);
  params = authorization_params (authorization);
  g_assert_cmpstr (g_hash_table_lookup (params, "response"), ==,
                   "430d05014cecc49cab6fbe03176d41a1da86cbfe24a16580e22aaad928d960d0");
  g_assert_cmpstr (g_hash_table_lookup (params, "algorithm"), ==, "SHA-512-256");
  g_assert_null (g_hash_table_lookup (params, "opaque"));
  g_clear_pointer (&params, g_hash_table_unref);
  g_clear_pointer (&authorization, g_free);
  g_clear_pointer (&challenge, hearth_http_challenge_free);

  /* MD5-sess, nc 2: HA1 = H(H(user:realm:password):nonce:cnonce) */
  challenge = parse_ok ("Digest realm=\"" RFC_REALM "\", qop=\"auth\", algorithm=md5-SESS, "
                        "nonce=\"" RFC_NONCE "\"");
  g_assert_true (challenge->sess);
  g_assert_cmpstr (hearth_http_challenge_get_algorithm_name (challenge), ==, "MD5-sess");
  authorization = hearth_http_auth_digest (challenge, "GET", RFC_URI, RFC_USER, RFC_PASSWORD,
                                           2, RFC_CNONCE);
  params = authorization_params (authorization);
  g_assert_cmpstr (g_hash_table_lookup (params, "response"), ==, "6914b51e16f9459d9abc967ad41c4599");
  g_assert_cmpstr (g_hash_table_lookup (params, "nc"), ==, "00000002");
  g_clear_pointer (&params, g_hash_table_unref);
  g_clear_pointer (&authorization, g_free);
  g_clear_pointer (&challenge, hearth_http_challenge_free);

  /* No qop, no algorithm (RFC 2069): MD5, H(HA1:nonce:HA2), no nc or cnonce */
  challenge = parse_ok ("Digest realm=\"" RFC_REALM "\", nonce=\"" RFC_NONCE "\"");
  g_assert_false (challenge->qop_auth);
  authorization = hearth_http_auth_digest (challenge, "GET", RFC_URI, RFC_USER, RFC_PASSWORD,
                                           1, RFC_CNONCE);
  params = authorization_params (authorization);
  g_assert_cmpstr (g_hash_table_lookup (params, "response"), ==, "7b2cc3b30e75b4777ea31027084363fd");
  g_assert_null (g_hash_table_lookup (params, "nc"));
  g_assert_null (g_hash_table_lookup (params, "cnonce"));
  g_assert_null (g_hash_table_lookup (params, "qop"));
}

static void
test_sha512_256 (void)
{
  const struct {
    gsize       length;
    char        fill;
    const char *hex;
  } vectors[] = {
    /* FIPS 180-4's example (NIST, "SHA512_256.pdf"): "abc" */
    { 3, 0, "53048e2681941ef99b2e29b76b4c7dabe4c2d0c634fc6d46e0e2f13107e7af23" },
    /* Around the padding's edges (python3 hashlib, openssl dgst -sha512-256) */
    { 0, 'a', "c672b8d1ef56ed28ab87c3622c5114069bdd3ad7b8f9737498d0c01ecef0967a" },
    { 111, 'a', "0239e429f98d0ed61ee8e2a7c30afe98c1c3a80ce5dff62a107e9c538f7632ce" },
    { 112, 'a', "9216b5303edb66504570bee90e48ea5beaa5e9fe9f760bbd3e0460559fc005f6" },
    { 128, 'a', "b88f97e274f9c1d49f181c8cbd01a9c74930ad055a46ac4499a1d601f1c80bf2" },
    { 1000, 'a', "40eb4a70d4d69815407a9e272f0101cd67e3d11262a4a0bfc087712749c7fb53" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (vectors); i++)
    {
      g_autofree guint8 *data = g_malloc (MAX (vectors[i].length, 1));
      g_autofree char *hex = NULL;

      if (vectors[i].fill == 0)
        memcpy (data, "abc", 3);
      else
        memset (data, vectors[i].fill, vectors[i].length);
      hex = hearth_sha512_256_hex (data, vectors[i].length);
      g_assert_cmpstr (hex, ==, vectors[i].hex);
    }
}

static void
test_basic (void)
{
  g_autofree char *header = hearth_http_auth_basic ("Aladdin", "open sesame");
  g_autoptr(HearthHttpChallenge) challenge = parse_ok ("Basic realm=\"WallyWorld\", charset=\"UTF-8\"");
  g_autofree char *answer = NULL;

  /* RFC 7617 §2 */
  g_assert_cmpstr (header, ==, "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");

  g_assert_cmpint (challenge->scheme, ==, HEARTH_HTTP_AUTH_BASIC);
  answer = hearth_http_auth_answer (challenge, "GET", "/", "Aladdin", "open sesame");
  g_assert_cmpstr (answer, ==, header);
}

static void
test_answer_counts (void)
{
  g_autoptr(HearthHttpChallenge) challenge = parse_ok ("Digest realm=\"r\", nonce=\"n\", qop=auth, algorithm=SHA-256");
  g_autofree char *cnonce_1 = NULL;

  for (guint32 nc = 1; nc <= 3; nc++)
    {
      g_autofree char *answer = hearth_http_auth_answer (challenge, "POST", "/rpc?x=1", "admin", "pw");
      g_autoptr(GHashTable) params = authorization_params (answer);
      g_autofree char *nc_text = g_strdup_printf ("%08x", nc);
      g_autofree char *again = NULL;
      const char *cnonce = g_hash_table_lookup (params, "cnonce");

      /* The next count each time, stored back; a fresh cnonce each time */
      g_assert_cmpuint (challenge->nc, ==, nc);
      g_assert_cmpstr (g_hash_table_lookup (params, "nc"), ==, nc_text);
      g_assert_cmpstr (g_hash_table_lookup (params, "uri"), ==, "/rpc?x=1");
      g_assert_cmpuint (strlen (cnonce), ==, 32);
      if (nc == 1)
        cnonce_1 = g_strdup (cnonce);
      else
        g_assert_cmpstr (cnonce, !=, cnonce_1);

      /* The same as computed with those values given */
      again = hearth_http_auth_digest (challenge, "POST", "/rpc?x=1", "admin", "pw", nc, cnonce);
      g_assert_cmpstr (answer, ==, again);
    }
}

static void
test_parse_several (void)
{
  g_autoptr(HearthHttpChallenge) challenge = NULL;
  g_autoptr(HearthHttpChallenge) copy = NULL;
  g_autofree char *authorization = NULL;
  g_autoptr(GHashTable) params = NULL;

  /* Unknown schemes (one with a token68) and parameters, escapes, spaces
   * around "=", empty list elements, a scheme in odd case; the strongest
   * we can answer wins, wherever it stands */
  challenge = parse_ok (" Newauth realm=\"apps\", type=1, title=\"Login to \\\"apps\\\"\", "
                        "Negotiate abc==, Basic realm=\"simple\",, "
                        "DIGEST realm = \"a\\\\b\", nonce=\"n\\\"1\", algorithm=MD5, qop=\"auth-int,auth\", "
                        "  future=\"x, y\", stale=TRUE, opaque=o/p=, "
                        "Digest realm=\"c\", nonce=weak, algorithm=SHA-512, "
                        "Digest realm=\"d\", nonce=\"x\", qop=\"auth-int\", algorithm=SHA-256");
  g_assert_cmpint (challenge->scheme, ==, HEARTH_HTTP_AUTH_DIGEST);
  g_assert_cmpint (challenge->algorithm, ==, HEARTH_HTTP_DIGEST_MD5);
  g_assert_cmpstr (challenge->realm, ==, "a\\b");
  g_assert_cmpstr (challenge->nonce, ==, "n\"1");
  g_assert_cmpstr (challenge->opaque, ==, "o/p=");
  g_assert_true (challenge->stale);
  g_assert_true (challenge->qop_auth);

  /* What was unescaped is escaped again on the way out */
  copy = hearth_http_challenge_copy (challenge);
  authorization = hearth_http_auth_digest (copy, "GET", "/", "us\"er", "pw", 1, "c");
  g_assert_true (strstr (authorization, "username=\"us\\\"er\"") != NULL);
  g_assert_true (strstr (authorization, "realm=\"a\\\\b\"") != NULL);
  params = authorization_params (authorization);
  g_assert_cmpstr (g_hash_table_lookup (params, "nonce"), ==, "n\"1");
  g_assert_cmpstr (g_hash_table_lookup (params, "username"), ==, "us\"er");
  g_clear_pointer (&challenge, hearth_http_challenge_free);

  /* The order of preference, whatever the order in the header */
  challenge = parse_ok ("Digest nonce=1, algorithm=SHA-512-256, Digest nonce=2, algorithm=SHA-256, "
                        "Digest nonce=3, Basic");
  g_assert_cmpint (challenge->algorithm, ==, HEARTH_HTTP_DIGEST_SHA512_256);
  g_assert_cmpstr (challenge->nonce, ==, "1");
  g_assert_cmpstr (challenge->realm, ==, "");
  g_clear_pointer (&challenge, hearth_http_challenge_free);

  challenge = parse_ok ("Basic, Digest nonce=3, Digest nonce=2, algorithm=SHA-256-sess");
  g_assert_cmpint (challenge->algorithm, ==, HEARTH_HTTP_DIGEST_SHA256);
  g_assert_true (challenge->sess);
  g_clear_pointer (&challenge, hearth_http_challenge_free);

  /* Basic only when no Digest can be answered */
  challenge = parse_ok ("Digest nonce=\"x\", algorithm=SHA3-256, Basic realm=\"b\"");
  g_assert_cmpint (challenge->scheme, ==, HEARTH_HTTP_AUTH_BASIC);
}

static void
test_parse_errors (void)
{
  const struct {
    const char *header;
    int         code;
  } cases[] = {
    { NULL, HEARTH_ERROR_NOT_FOUND },
    { "", HEARTH_ERROR_NOT_FOUND },
    { " ,, ,\t", HEARTH_ERROR_NOT_FOUND },
    { "Digest", HEARTH_ERROR_UNSUPPORTED },
    { "Negotiate abc==", HEARTH_ERROR_UNSUPPORTED },
    { "Bearer realm=\"x\"", HEARTH_ERROR_UNSUPPORTED },
    { "Digest nonce=\"x\", algorithm=SHA-512", HEARTH_ERROR_UNSUPPORTED },
    { "Digest nonce=\"x\", qop=\"auth-int\"", HEARTH_ERROR_UNSUPPORTED },
    { "Digest nonce=\"\"", HEARTH_ERROR_UNSUPPORTED },
    { "Digest realm=\"unterminated", HEARTH_ERROR_BAD_PAYLOAD },
    { "Digest realm=\"ends in a backslash\\", HEARTH_ERROR_BAD_PAYLOAD },
    /* "nonce=" alone reads as a token68, which Digest does not take */
    { "Digest nonce=", HEARTH_ERROR_UNSUPPORTED },
    { "Digest realm=\"r\", nonce=, Basic", HEARTH_ERROR_BAD_PAYLOAD },
    { "realm=\"x\", Basic", HEARTH_ERROR_BAD_PAYLOAD },
    { "Digest nonce=\"a\", nonce=\"b\"", HEARTH_ERROR_BAD_PAYLOAD },
    { "Digest realm=\"a\" nonce=\"b\"", HEARTH_ERROR_BAD_PAYLOAD },
    { "Digest \"x\"", HEARTH_ERROR_BAD_PAYLOAD },
    { "Digest nonce=a\"b\"", HEARTH_ERROR_BAD_PAYLOAD },
    { "=\"\"==,, \"\\", HEARTH_ERROR_BAD_PAYLOAD },
    { "\x01\x02 Basic", HEARTH_ERROR_BAD_PAYLOAD },
    { "Basic realm=\"a\x7f\"", HEARTH_ERROR_BAD_PAYLOAD },
    { "Basic realm=\"\xff\"", HEARTH_ERROR_BAD_PAYLOAD },
    { "Digest nonce=\"x\"\r\nSet-Cookie: a=b", HEARTH_ERROR_BAD_PAYLOAD },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(HearthHttpChallenge) challenge = hearth_http_challenge_parse (cases[i].header, &error);
      g_autofree char *escaped = cases[i].header != NULL ? g_strescape (cases[i].header, NULL) : NULL;

      g_test_message ("“%s”: %s", escaped, error != NULL ? error->message : "(no error)");
      g_assert_null (challenge);
      g_assert_error (error, HEARTH_ERROR, cases[i].code);
    }
}

static void
test_parse_long (void)
{
  g_autoptr(GString) header = g_string_new ("Digest nonce=\"x\"");
  g_autoptr(HearthHttpChallenge) challenge = NULL;

  /* Many parameters, one long value: read, in time, without a fuss */
  for (guint i = 0; i < 20000; i++)
    g_string_append_printf (header, ", p%u=v", i);
  g_string_append (header, ", long=\"");
  for (guint i = 0; i < 100000; i++)
    g_string_append (header, "\\a");
  g_string_append (header, "\"");

  challenge = parse_ok (header->str);
  g_assert_cmpstr (challenge->nonce, ==, "x");
}

/* Shelly Gen2+'s frames (protocols.md §1.5; the response computed with
 * python3 hashlib from the formula there) */
static void
test_shelly_frame (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HearthHttpChallenge) challenge = NULL;
  g_autoptr(JsonObject) auth = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;
  g_autofree char *response = NULL;

  challenge = hearth_http_challenge_parse_shelly_frame ("{\"auth_type\": \"digest\", \"nonce\": 1725185413, "
                                                        "\"nc\": 1, \"realm\": \"shellyplus2pm-485519992590\", "
                                                        "\"algorithm\": \"SHA-256\"}", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (challenge->realm, ==, "shellyplus2pm-485519992590");
  g_assert_cmpstr (challenge->nonce, ==, "1725185413");
  g_assert_true (challenge->nonce_is_number);
  g_assert_cmpuint (challenge->nc, ==, 0);

  auth = hearth_http_auth_shelly_frame (challenge, "admin", "secret", challenge->nc + 1, "0123abcd");
  node = json_node_init_object (json_node_alloc (), auth);
  text = hearth_json_to_string (node);
  g_assert_cmpstr (text, ==,
                   "{\"realm\":\"shellyplus2pm-485519992590\",\"username\":\"admin\","
                   "\"nonce\":1725185413,\"cnonce\":\"0123abcd\","
                   "\"response\":\"37d9c74a5fd603194529483fe2c46b0d6ea7b0674803d7a5ac305a5d331a64a8\","
                   "\"algorithm\":\"SHA-256\",\"nc\":1}");
  g_clear_pointer (&challenge, hearth_http_challenge_free);

  /* A string nonce stays a string; a string nc (the Wall Display) */
  challenge = hearth_http_challenge_parse_shelly_frame ("{\"nonce\": \"60dc59c6\", \"nc\": \"7\", "
                                                        "\"realm\": \"shellyplus2pm-485519992590\"}", &error);
  g_assert_no_error (error);
  g_assert_false (challenge->nonce_is_number);
  g_assert_cmpuint (challenge->nc, ==, 6);
  response = hearth_http_auth_shelly_response (challenge, "admin", "secret", 7, "0123abcd");
  g_assert_cmpstr (response, ==, "5b0c35413b16242622c7d82f6b5dcbdeaf075c5112becb1c5414f4c32331ab15");
}

static void
test_shelly_frame_errors (void)
{
  const struct {
    const char *message;
    int         code;
  } cases[] = {
    { NULL, HEARTH_ERROR_BAD_PAYLOAD },
    { "", HEARTH_ERROR_BAD_PAYLOAD },
    { "[1]", HEARTH_ERROR_BAD_PAYLOAD },
    { "{\"nonce\": 1", HEARTH_ERROR_BAD_PAYLOAD },
    { "{\"nonce\": 1}", HEARTH_ERROR_BAD_PAYLOAD },
    { "{\"realm\": \"r\"}", HEARTH_ERROR_BAD_PAYLOAD },
    { "{\"realm\": \"r\", \"nonce\": {}}", HEARTH_ERROR_BAD_PAYLOAD },
    { "{\"realm\": \"r\", \"nonce\": true}", HEARTH_ERROR_BAD_PAYLOAD },
    { "{\"realm\": \"r\", \"nonce\": -1e300}", HEARTH_ERROR_BAD_PAYLOAD },
    { "{\"realm\": \"r\", \"nonce\": \"\"}", HEARTH_ERROR_BAD_PAYLOAD },
    { "{\"realm\": \"r\", \"nonce\": 1, \"algorithm\": \"MD5\"}", HEARTH_ERROR_UNSUPPORTED },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(HearthHttpChallenge) challenge = NULL;

      challenge = hearth_http_challenge_parse_shelly_frame (cases[i].message, &error);
      g_test_message ("“%s”: %s", cases[i].message, error != NULL ? error->message : "(no error)");
      g_assert_null (challenge);
      g_assert_error (error, HEARTH_ERROR, cases[i].code);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/http-auth/digest/rfc7616-vectors", test_rfc7616_vectors);
  g_test_add_func ("/http-auth/digest/variants", test_digest_variants);
  g_test_add_func ("/http-auth/digest/answer-counts", test_answer_counts);
  g_test_add_func ("/http-auth/sha512-256", test_sha512_256);
  g_test_add_func ("/http-auth/basic", test_basic);
  g_test_add_func ("/http-auth/parse/several", test_parse_several);
  g_test_add_func ("/http-auth/parse/errors", test_parse_errors);
  g_test_add_func ("/http-auth/parse/long", test_parse_long);
  g_test_add_func ("/http-auth/shelly/frame", test_shelly_frame);
  g_test_add_func ("/http-auth/shelly/frame-errors", test_shelly_frame_errors);

  return g_test_run ();
}
