/* test-host.c: HOST[:PORT], checked before any network traffic
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hearth-test-utils.h"

static void
test_valid (void)
{
  const struct { const char *text; const char *host; guint16 port; } cases[] = {
    { "192.168.1.20", "192.168.1.20", 0 },
    { "192.168.1.20:8080", "192.168.1.20", 8080 },
    { "shelly-plug.local", "shelly-plug.local", 0 },
    { "shelly-plug.local.", "shelly-plug.local.", 0 },
    { "shelly_plug:80", "shelly_plug", 80 },
    { "localhost:65535", "localhost", 65535 },
    { "a:1", "a", 1 },
    { "::1", "::1", 0 },
    { "fe80::1", "fe80::1", 0 },
    { "[::1]", "::1", 0 },
    { "[2001:db8::5]:16021", "2001:db8::5", 16021 },
    { "küche.local", "küche.local", 0 },
    { "host.example:9123", "host.example", 9123 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *host = NULL;
      guint16 port = 1234;

      g_test_message ("%s", cases[i].text);
      g_assert_true (hearth_host_parse (cases[i].text, &host, &port, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (host, ==, cases[i].host);
      g_assert_cmpuint (port, ==, cases[i].port);
      g_assert_true (hearth_host_check (host, NULL));
    }
}

static void
test_invalid (void)
{
  const char *cases[] = {
    "",
    "%s%n.%n:80",
    "%s%n.%n",
    "fe80::1%eth0",
    "[fe80::1%eth0]:80",
    "[fe80::1%25eth0]:80",
    "host:0",
    "host:65536",
    "host:",
    "host:-1",
    "host:+80",
    "host: 80",
    "host:0x50",
    "host:80a",
    "host name",
    " host",
    "host/path",
    "user@host",
    "-host",
    "host-",
    "host..local",
    ".host",
    "a.-b.c",
    "256.1.1.1",
    "1.2.3",
    "[host]:80",
    "[::1",
    "[::1]80",
    "[]",
    "::g",
    "1:2:3:4:5:6:7:8:9",
    "host\n",
    "ho\tst",
    "\xff\xfe",
    "caf\xc3",
    "host\x01",
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.local",  /* a 64-byte label */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *host = NULL;
      guint16 port = 1234;
      g_autofree char *shown = g_strescape (cases[i], NULL);

      g_test_message ("%s", shown);
      g_assert_false (hearth_host_parse (cases[i], &host, &port, &error));
      g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_INVALID);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      g_assert_null (host);
      g_assert_cmpuint (port, ==, 0);
    }
}

static void
test_long_name (void)
{
  g_autoptr(GString) name = g_string_new (NULL);

  /* 4 × 63 + 3 dots = 255 > 253 */
  for (guint i = 0; i < 4; i++)
    {
      if (i > 0)
        g_string_append_c (name, '.');
      for (guint j = 0; j < 63; j++)
        g_string_append_c (name, 'a');
    }
  g_assert_false (hearth_host_check (name->str, NULL));
  g_string_truncate (name, 253);
  g_assert_true (hearth_host_check (name->str, NULL));
}

static void
test_messages (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *host = NULL;
  guint16 port;

  g_assert_false (hearth_host_parse ("fe80::1%eth0", &host, &port, &error));
  g_assert_nonnull (strstr (error->message, "zone"));
  g_clear_error (&error);

  g_assert_false (hearth_host_parse ("light:0", &host, &port, &error));
  g_assert_nonnull (strstr (error->message, "1 to 65535"));
  g_clear_error (&error);

  g_assert_false (hearth_host_parse ("%s%n.%n:80", &host, &port, &error));
  g_assert_nonnull (strstr (error->message, "neither a host name nor an address"));
}

/* HearthHost reads what it writes, and compares hosts without case */
static void
test_boxed (void)
{
  static const char *texts[] = { "lamp.local", "lamp.local:8080", "[fe80::1]:16021", "fe80::1", "10.0.0.2:80" };
  g_autoptr(HearthHost) a = hearth_host_new ("Lamp.Local", 80);
  g_autoptr(HearthHost) b = hearth_host_new ("lamp.local", 80);
  g_autoptr(HearthHost) any = hearth_host_new ("lamp.local", 0);
  g_autoptr(GError) error = NULL;
  HearthHost *bad;

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(HearthHost) host = hearth_host_new_parse (texts[i], &error);
      g_autofree char *text = NULL;

      g_assert_no_error (error);
      text = hearth_host_to_string (host);
      g_assert_cmpstr (text, ==, texts[i]);
    }

  g_assert_true (hearth_host_equal (a, b));
  g_assert_false (hearth_host_equal (a, any));
  g_assert_true (hearth_host_matches (any, "LAMP.local", 8080));
  g_assert_true (hearth_host_matches (a, "lamp.local", 0));
  g_assert_false (hearth_host_matches (a, "lamp.local", 81));
  g_assert_false (hearth_host_matches (a, NULL, 80));
  g_assert_cmpuint (hearth_host_get_port (a), ==, 80);
  g_assert_cmpstr (hearth_host_get_host (a), ==, "Lamp.Local");

  bad = hearth_host_new_parse ("lamp local", &error);
  g_assert_null (bad);
  g_assert_error (error, HEARTH_ERROR, HEARTH_ERROR_INVALID);
  g_assert_true (G_TYPE_IS_BOXED (HEARTH_TYPE_HOST));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/host/valid", test_valid);
  g_test_add_func ("/host/invalid", test_invalid);
  g_test_add_func ("/host/long-name", test_long_name);
  g_test_add_func ("/host/messages", test_messages);
  g_test_add_func ("/host/boxed", test_boxed);

  return g_test_run ();
}
