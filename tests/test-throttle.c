/* test-throttle.c: HearthThrottle, the app's one way to send a dragged
 * value: the first at once, then at most one per interval, the last one
 * always; "settled" once the person let go
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hearth-test-utils.h"
#include "hearth-throttle.h"

#define INTERVAL_MS 50
#define SETTLE_MS 200

typedef struct
{
  HearthThrottle *throttle;
  GArray         *sent;
  guint           settled;
} Fixture;

static void
on_throttle_send (HearthThrottle *throttle,
                  int             value,
                  Fixture        *f)
{
  g_array_append_val (f->sent, value);
}

static void
on_throttle_settled (HearthThrottle *throttle,
                     Fixture        *f)
{
  f->settled++;
}

static void
set_up (Fixture       *f,
        gconstpointer  data)
{
  f->throttle = hearth_throttle_new (INTERVAL_MS, SETTLE_MS);
  f->sent = g_array_new (FALSE, FALSE, sizeof (int));
  g_signal_connect (f->throttle, "send", G_CALLBACK (on_throttle_send), f);
  g_signal_connect (f->throttle, "settled", G_CALLBACK (on_throttle_settled), f);
}

static void
tear_down (Fixture       *f,
           gconstpointer  data)
{
  g_clear_object (&f->throttle);
  g_array_unref (f->sent);
}

static gboolean
sent_two (gpointer data)
{
  return ((Fixture *) data)->sent->len >= 2;
}

static gboolean
settled (gpointer data)
{
  return ((Fixture *) data)->settled > 0;
}

static void
spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
}

/* A drag: the first value at once, the last one after the interval, none
 * in between; then "settled", once */
static void
test_coalesce (Fixture       *f,
               gconstpointer  data)
{
  g_assert_false (hearth_throttle_is_busy (f->throttle));

  hearth_throttle_push (f->throttle, 10);
  g_assert_cmpuint (f->sent->len, ==, 1);
  g_assert_cmpint (g_array_index (f->sent, int, 0), ==, 10);
  g_assert_true (hearth_throttle_is_busy (f->throttle));

  hearth_throttle_push (f->throttle, 20);
  hearth_throttle_push (f->throttle, 30);
  hearth_throttle_push (f->throttle, 40);
  g_assert_cmpuint (f->sent->len, ==, 1);

  g_assert_true (hearth_test_await (sent_two, f, 5000));
  g_assert_cmpint (g_array_index (f->sent, int, 1), ==, 40);
  g_assert_true (hearth_throttle_is_busy (f->throttle));

  g_assert_true (hearth_test_await (settled, f, 5000));
  g_assert_cmpuint (f->sent->len, ==, 2);
  g_assert_false (hearth_throttle_is_busy (f->throttle));
  spin (SETTLE_MS + INTERVAL_MS);
  g_assert_cmpuint (f->settled, ==, 1);
  g_assert_cmpuint (f->sent->len, ==, 2);
}

/* Released (or another control shown): what waits goes out now, and
 * nothing after */
static void
test_flush (Fixture       *f,
            gconstpointer  data)
{
  hearth_throttle_push (f->throttle, 1);
  hearth_throttle_push (f->throttle, 2);
  g_assert_cmpuint (f->sent->len, ==, 1);

  hearth_throttle_flush (f->throttle);
  g_assert_cmpuint (f->sent->len, ==, 2);
  g_assert_cmpint (g_array_index (f->sent, int, 1), ==, 2);
  g_assert_false (hearth_throttle_is_busy (f->throttle));

  /* Nothing waits: a second flush sends nothing */
  hearth_throttle_flush (f->throttle);
  spin (SETTLE_MS + INTERVAL_MS);
  g_assert_cmpuint (f->sent->len, ==, 2);
  g_assert_cmpuint (f->settled, ==, 0);
}

/* Gone mid-drag: no send, no timeout firing on a freed object */
static void
test_dispose (Fixture       *f,
              gconstpointer  data)
{
  hearth_throttle_push (f->throttle, 1);
  hearth_throttle_push (f->throttle, 2);
  g_clear_object (&f->throttle);
  spin (SETTLE_MS + INTERVAL_MS);
  g_assert_cmpuint (f->sent->len, ==, 1);
  g_assert_cmpuint (f->settled, ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/throttle/coalesce", Fixture, NULL, set_up, test_coalesce, tear_down);
  g_test_add ("/throttle/flush", Fixture, NULL, set_up, test_flush, tear_down);
  g_test_add ("/throttle/dispose", Fixture, NULL, set_up, test_dispose, tear_down);

  return g_test_run ();
}
