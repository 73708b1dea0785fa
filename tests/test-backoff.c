/* test-backoff.c: HearthBackoff doubles up to its limit and starts over
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hearth-backoff.h"

static void
test_backoff_doubles (void)
{
  HearthBackoff backoff;
  const guint expected[] = { 1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000 };

  hearth_backoff_init (&backoff, 1000, 60000);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_assert_cmpuint (hearth_backoff_peek (&backoff), ==, expected[i]);
      g_assert_cmpuint (hearth_backoff_next (&backoff), ==, expected[i]);
    }
}

static void
test_backoff_reset (void)
{
  HearthBackoff backoff;

  hearth_backoff_init (&backoff, 500, 3000);
  g_assert_cmpuint (hearth_backoff_next (&backoff), ==, 500);
  g_assert_cmpuint (hearth_backoff_next (&backoff), ==, 1000);
  hearth_backoff_reset (&backoff);
  g_assert_cmpuint (hearth_backoff_next (&backoff), ==, 500);
}

/* No overflow near G_MAXUINT */
static void
test_backoff_large (void)
{
  HearthBackoff backoff;

  hearth_backoff_init (&backoff, G_MAXUINT / 2 + 1, G_MAXUINT);
  g_assert_cmpuint (hearth_backoff_next (&backoff), ==, G_MAXUINT / 2 + 1);
  g_assert_cmpuint (hearth_backoff_next (&backoff), ==, G_MAXUINT);
  g_assert_cmpuint (hearth_backoff_next (&backoff), ==, G_MAXUINT);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/backoff/doubles", test_backoff_doubles);
  g_test_add_func ("/backoff/reset", test_backoff_reset);
  g_test_add_func ("/backoff/large", test_backoff_large);

  return g_test_run ();
}
