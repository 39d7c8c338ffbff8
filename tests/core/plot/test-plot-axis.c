/* test-plot-axis.c — nice ticks, tick labels, plot-area mapping
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "dkg-test-util.h"
#include "dkg-plot.h"

static void
assert_ticks (const DkgPlotTicks *t,
              const double       *expected,
              guint               n)
{
  g_assert_cmpuint (t->n, ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpfloat (t->value[i], ==, expected[i]);
}

static void
test_linear_examples (void)
{
  DkgPlotTicks t;
  static const double pixel[] = { 0, 50, 100, 150, 200, 250 };
  static const double tenths[] = { 0, 0.2, 0.4, 0.6, 0.8, 1.0 };
  static const double neg[] = { -4, -2, 0, 2, 4, 6, 8 };

  /* 8-bit pixel values, kept as the range: multiples of 50 inside */
  dkg_plot_ticks_linear (&t, 0, 255, 6, FALSE);
  assert_ticks (&t, pixel, G_N_ELEMENTS (pixel));
  g_assert_cmpfloat (t.lo, ==, 0);
  g_assert_cmpfloat (t.hi, ==, 255);
  g_assert_cmpfloat (t.step, ==, 50);

  /* widened outwards to ticks, and exact decimals (no 0.6000000000000001) */
  dkg_plot_ticks_linear (&t, 0.1, 0.97, 6, TRUE);
  assert_ticks (&t, tenths, G_N_ELEMENTS (tenths));
  g_assert_cmpfloat (t.lo, ==, 0);
  g_assert_cmpfloat (t.hi, ==, 1.0);

  dkg_plot_ticks_linear (&t, -3.2, 7.9, 8, TRUE);
  assert_ticks (&t, neg, G_N_ELEMENTS (neg));

  /* degenerate ranges become usable ones */
  dkg_plot_ticks_linear (&t, 0, 0, 5, TRUE);
  g_assert_cmpfloat (t.lo, ==, 0);
  g_assert_cmpfloat (t.hi, ==, 1);
  g_assert_cmpuint (t.n, >=, 2);
  dkg_plot_ticks_linear (&t, NAN, 3, 5, FALSE);
  g_assert_cmpfloat (t.lo, ==, 0);
  g_assert_cmpfloat (t.hi, ==, 1);
  dkg_plot_ticks_linear (&t, 5, 5, 5, TRUE);
  g_assert_cmpfloat (t.lo, <, 5);
  g_assert_cmpfloat (t.hi, >, 5);
}

/* For many random ranges: at most max_ticks ticks, 1/2/5·10^k steps, evenly spaced, inside
 * the range, and a widened range covers the data and starts and ends on ticks. */
static void
test_linear_properties (void)
{
  GRand *rand = g_rand_new_with_seed (11);

  for (guint k = 0; k < 5000; k++)
    {
      double scale = pow (10, g_rand_double_range (rand, -6, 9));
      double a = g_rand_double_range (rand, -1, 1) * scale;
      double b = a + g_rand_double_range (rand, 1e-3, 3) * scale;
      guint max_n = g_rand_int_range (rand, 2, DKG_PLOT_MAX_TICKS + 1);
      gboolean extend = g_rand_boolean (rand);
      DkgPlotTicks t;
      double mant;

      dkg_plot_ticks_linear (&t, a, b, max_n, extend);
      g_assert_cmpuint (t.n, <=, extend ? MAX (max_n, 3) : max_n);
      g_assert_cmpuint (t.n, >=, extend ? 2 : 0);
      mant = t.step / pow (10, floor (log10 (t.step) + 1e-9));
      g_assert_true (fabs (mant - 1) < 1e-9 || fabs (mant - 2) < 1e-9 || fabs (mant - 5) < 1e-9);
      for (guint i = 0; i < t.n; i++)
        {
          g_assert_cmpfloat (t.value[i], >=, t.lo - 1e-9 * t.step);
          g_assert_cmpfloat (t.value[i], <=, t.hi + 1e-9 * t.step);
          if (i > 0)
            g_assert_cmpfloat_with_epsilon (t.value[i] - t.value[i - 1], t.step, 1e-6 * t.step);
        }
      if (extend)
        {
          g_assert_cmpfloat (t.lo, <=, a);
          g_assert_cmpfloat (t.hi, >=, b);
          g_assert_cmpfloat_with_epsilon (t.value[0], t.lo, 1e-9 * t.step);
          g_assert_cmpfloat_with_epsilon (t.value[t.n - 1], t.hi, 1e-9 * t.step);
        }
      else
        {
          g_assert_cmpfloat (t.lo, ==, a);
          g_assert_cmpfloat (t.hi, ==, b);
        }
    }
  g_rand_free (rand);
}

static void
test_log (void)
{
  DkgPlotTicks t;
  static const double decades[] = { 1, 10, 100, 1000 };
  static const double inside[] = { 2, 5 };

  dkg_plot_ticks_log (&t, 0.5, 2000);
  assert_ticks (&t, decades, G_N_ELEMENTS (decades));
  g_assert_true (t.log);
  g_assert_cmpfloat (t.lo, ==, 0.5);
  g_assert_cmpfloat (t.hi, ==, 2000);

  /* less than a decade: 1, 2, 5 × 10^k inside */
  dkg_plot_ticks_log (&t, 1.5, 8);
  assert_ticks (&t, inside, G_N_ELEMENTS (inside));

  /* 40 decades: every fifth */
  dkg_plot_ticks_log (&t, 1e-20, 1e20);
  g_assert_cmpuint (t.n, ==, 9);
  g_assert_cmpfloat (t.step, ==, 1e5);
}

static void
assert_label (const DkgPlotTicks *t,
              double              v,
              const char         *expected)
{
  char buf[40];
  gsize len = dkg_plot_ticks_format (t, v, buf, sizeof buf);

  g_assert_cmpstr (buf, ==, expected);
  g_assert_cmpuint (len, ==, strlen (expected));
}

static void
test_format (void)
{
  DkgPlotTicks t;

  dkg_plot_ticks_linear (&t, 0, 255, 6, FALSE);
  assert_label (&t, 0, "0");
  assert_label (&t, 250, "250");

  dkg_plot_ticks_linear (&t, 0.1, 0.97, 6, TRUE);
  assert_label (&t, t.value[1], "0.2");
  assert_label (&t, t.value[5], "1.0");

  dkg_plot_ticks_linear (&t, -1, 1, 5, TRUE);
  assert_label (&t, -0.5, "−0.5");
  assert_label (&t, t.value[2], "0");

  /* iterations: thousands as k, one unit on the whole axis */
  dkg_plot_ticks_linear (&t, 0, 100000, 6, FALSE);
  g_assert_cmpfloat (t.step, ==, 20000);
  assert_label (&t, 20000, "20k");
  assert_label (&t, 100000, "100k");
  dkg_plot_ticks_linear (&t, 0, 2.5e6, 6, TRUE);
  assert_label (&t, 1.5e6, "1.5M");
  assert_label (&t, 0, "0");

  /* below 10^4 numbers stay whole */
  dkg_plot_ticks_linear (&t, 0, 5000, 6, TRUE);
  assert_label (&t, 4000, "4000");

  /* tiny values */
  dkg_plot_ticks_linear (&t, 0, 4e-6, 5, TRUE);
  assert_label (&t, 2e-6, "2.0e-06");

  dkg_plot_ticks_log (&t, 0.5, 2e6);
  assert_label (&t, 1, "1");
  assert_label (&t, 1000, "1000");
  assert_label (&t, 10000, "10k");
  assert_label (&t, 1e6, "1M");
  dkg_plot_ticks_log (&t, 0.005, 2);
  assert_label (&t, 0.01, "0.01");
}

static void
test_area (void)
{
  DkgPlotArea a = { 50, 20, 400, 300, 0, 256, 0, 1000, FALSE };
  double x, y, dx, dy;

  dkg_plot_area_to_device (&a, 128, 500, &x, &y);
  g_assert_cmpfloat_with_epsilon (x, 250, 1e-9);
  g_assert_cmpfloat_with_epsilon (y, 170, 1e-9);
  dkg_plot_area_to_data (&a, x, y, &dx, &dy);
  g_assert_cmpfloat_with_epsilon (dx, 128, 1e-9);
  g_assert_cmpfloat_with_epsilon (dy, 500, 1e-9);
  g_assert_true (dkg_plot_area_contains (&a, 50, 320));
  g_assert_false (dkg_plot_area_contains (&a, 49.5, 100));

  a.y_log = TRUE;
  a.y_lo = 1;
  a.y_hi = 10000;
  dkg_plot_area_to_device (&a, 0, 100, NULL, &y);
  g_assert_cmpfloat_with_epsilon (y, 170, 1e-9);
  dkg_plot_area_to_data (&a, 0, y, NULL, &dy);
  g_assert_cmpfloat_with_epsilon (dy, 100, 1e-9);
}

int
main (int argc, char **argv)
{
  dkg_test_init (&argc, &argv);
  g_test_add_func ("/core/plot/ticks/linear-examples", test_linear_examples);
  g_test_add_func ("/core/plot/ticks/linear-properties", test_linear_properties);
  g_test_add_func ("/core/plot/ticks/log", test_log);
  g_test_add_func ("/core/plot/ticks/format", test_format);
  g_test_add_func ("/core/plot/area/mapping", test_area);
  return g_test_run ();
}
