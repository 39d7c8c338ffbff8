/* test-histogram.c — histograms and the χ² uniformity test (docs/SPECIFICATION.md §6.2)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "dkg-histogram.h"
#include "dkg-test-util.h"

static DkgImage *
new_image (guint w, guint h, guint c, guint bits, gboolean is_signed)
{
  g_autoptr(GError) error = NULL;
  DkgImage *image = dkg_image_new (w, h, c, bits, is_signed, &error);

  g_assert_no_error (error);
  return image;
}

/* Upper tail of χ² with an odd number ν of degrees of freedom, without GSL: Abramowitz &
 * Stegun 26.4.4, Q(x|ν) = 2Q(√x) + 2φ(√x)·Σ_{k=1}^{(ν−1)/2} x^{k−½}/(1·3·5···(2k − 1)), with
 * Q(z) = erfc(z/√2)/2 from libm and each term formed in logarithms. */
static double
chisq_q_odd (double x, guint nu)
{
  double z = sqrt (x), sum = 0, log_term = 0.5 * log (x);   /* k = 1: x^{1/2}/1 */
  double log_phi = -0.5 * x - 0.5 * log (2 * G_PI);

  g_assert (nu % 2 == 1);
  for (guint k = 1; k <= (nu - 1) / 2; k++)
    {
      sum += exp (log_term + log_phi);
      log_term += log (x) - log (2.0 * k + 1);
    }
  return erfc (z / G_SQRT2) + 2 * sum;
}

/* Counts per channel, including the offset-binary levels of signed samples. */
static void
test_histogram_counts (void)
{
  g_autoptr(DkgImage) rgb = new_image (3, 2, 3, 8, FALSE);
  g_autoptr(DkgImage) s16 = new_image (4, 1, 1, 16, TRUE);
  g_autoptr(DkgHistogram) h = NULL, hs = NULL;
  gint16 *ps = (gint16 *) s16->data;

  for (guint i = 0; i < 6; i++)
    {
      rgb->data[3 * i] = 9;
      rgb->data[3 * i + 1] = (guint8) (i % 2);
      rgb->data[3 * i + 2] = (guint8) (250 + i);
    }
  h = dkg_histogram_compute_image (rgb);
  g_assert_cmpuint (h->n_bins, ==, 256);
  g_assert_cmpuint (h->df, ==, 255);
  g_assert_cmpuint (h->n_per_channel, ==, 6);
  g_assert_cmpuint (h->counts[9], ==, 6);
  g_assert_cmpuint (h->counts[256 + 0], ==, 3);
  g_assert_cmpuint (h->counts[256 + 1], ==, 3);
  for (guint v = 250; v < 256; v++)
    g_assert_cmpuint (h->counts[512 + v], ==, 1);

  ps[0] = -32768;
  ps[1] = -1;
  ps[2] = 0;
  ps[3] = 32767;
  hs = dkg_histogram_compute_image (s16);
  g_assert_cmpuint (hs->n_bins, ==, 65536);
  g_assert_cmpuint (hs->counts[0], ==, 1);
  g_assert_cmpuint (hs->counts[32767], ==, 1);
  g_assert_cmpuint (hs->counts[32768], ==, 1);
  g_assert_cmpuint (hs->counts[65535], ==, 1);
  g_assert_cmpint (dkg_histogram_level_value (hs, 0), ==, -32768);
  g_assert_cmpint (dkg_histogram_level_value (hs, 65535), ==, 32767);
  g_assert_cmpint (dkg_histogram_level_value (h, 200), ==, 200);
}

/* A flat histogram: χ² = 0, p = 1. All in one bin of 256: χ² = (n − e)²/e + 255·e = 255·n. */
static void
test_histogram_chi2_extremes (void)
{
  g_autoptr(DkgImage) flat = new_image (256, 256, 1, 8, FALSE);
  g_autoptr(DkgHistogram) h = NULL;
  guint64 one[256] = { 65536 };
  double p;

  for (guint i = 0; i < 65536; i++)
    flat->data[i] = (guint8) (i * 7);
  h = dkg_histogram_compute_image (flat);
  g_assert_cmpfloat (h->chi2[0], ==, 0.0);
  g_assert_cmpfloat (h->p_value[0], ==, 1.0);
  g_assert_cmpfloat (dkg_histogram_chi2 (one, 256, &p), ==, 255.0 * 65536);
  g_assert_cmpfloat (p, <, 1e-300);
}

/* Counts 272, 240, 272, 240, … (n = 65,536, e = 256): χ² = 256·16²/256 = 256 with 255 degrees
 * of freedom. p = 0.47060886762716708 from scipy 1.10.1, /usr/bin/python3 -c
 * "from scipy.stats import chi2; print('%.17g' % chi2.sf(256, 255))", and from the GSL-free
 * series above; the α = 0.05 critical value chi2.isf(0.05, 255) = 293.24783508070118. The
 * image is RGB with three permutations of that histogram, so the pooled test sees 3·n. */
static void
test_histogram_chi2_known (void)
{
  g_autoptr(DkgImage) img = new_image (256, 256, 3, 8, FALSE);
  g_autoptr(DkgHistogram) h = NULL;
  guint i = 0;
  double q = chisq_q_odd (256, 255);

  for (guint v = 0; v < 256; v++)
    for (guint k = 0; k < (v % 2 ? 240u : 272u); k++, i++)
      {
        img->data[3 * i] = (guint8) v;
        img->data[3 * i + 1] = (guint8) (v ^ 0x5c);
        img->data[3 * i + 2] = (guint8) (255 - v);
      }
  g_assert_cmpuint (i, ==, 65536);
  h = dkg_histogram_compute_image (img);
  g_test_message ("p = %.17g (GSL), %.17g (series), 0.47060886762716708 (scipy)",
                  h->p_value[0], q);
  for (guint c = 0; c < 3; c++)
    {
      g_assert_cmpfloat (h->chi2[c], ==, 256.0);
      g_assert_cmpfloat (fabs (h->p_value[c] - 0.47060886762716708), <, 1e-12);
      g_assert_cmpfloat (fabs (h->p_value[c] - q), <, 1e-12);
    }
  /* Pooled: level v ⊕ 0x5c has the parity of v and 255 − v the other one, so every pooled bin
   * holds 272 + 272 + 240 = 784 or 240 + 240 + 272 = 752 of 196,608 (e = 768):
   * χ² = 256·16²/768 = 256/3. */
  g_assert_cmpfloat (h->chi2_all, ==, 256.0 / 3.0);
  g_assert_cmpfloat (fabs (h->chi2_critical[0] - 293.24783508070118), <, 1e-9);
  g_assert_true (h->chi2_critical[1] > h->chi2_critical[0]);
  g_assert_true (h->chi2_critical[2] > h->chi2_critical[1]);
}

/* 16 bits: 65,536 bins, df = 65,535; a ramp over all levels is flat. */
static void
test_histogram_16bit (void)
{
  g_autoptr(DkgImage) img = new_image (512, 256, 1, 16, FALSE);
  g_autoptr(DkgHistogram) h = NULL;
  guint16 *p = (guint16 *) img->data;

  for (guint i = 0; i < 512 * 256; i++)
    p[i] = (guint16) i;
  h = dkg_histogram_compute_image (img);
  g_assert_cmpuint (h->df, ==, 65535);
  g_assert_cmpuint (h->counts[12345], ==, 2);
  g_assert_cmpfloat (h->chi2[0], ==, 0.0);
  g_assert_cmpfloat (h->p_value[0], ==, 1.0);
}

int
main (int argc, char **argv)
{
  dkg_test_init (&argc, &argv);

  g_test_add_func ("/core/histogram/counts", test_histogram_counts);
  g_test_add_func ("/core/histogram/chi2-extremes", test_histogram_chi2_extremes);
  g_test_add_func ("/core/histogram/chi2-known", test_histogram_chi2_known);
  g_test_add_func ("/core/histogram/16bit", test_histogram_16bit);

  return g_test_run ();
}
