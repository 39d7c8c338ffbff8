/* test-metric-rows.c — dkg-metric-rows.c: each metric's verdict on its criterion's both sides,
 * the published critical values in the rows, the pair table's order and count
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "dkg-metric-rows.h"
#include "dkg-test-util.h"

/* The verdict words: text reports print "pass"/"FAIL", badges the lower-case labels. */
static void
test_verdict_words (void)
{
  g_autofree char *tiny = dkg_metric_format_p (0.00004);
  g_autofree char *half = dkg_metric_format_p (0.5);
  g_autofree char *edge = dkg_metric_format_p (0.00005);

  g_assert_cmpstr (dkg_verdict_to_string (DKG_VERDICT_PASS), ==, "pass");
  g_assert_cmpstr (dkg_verdict_to_string (DKG_VERDICT_FAIL), ==, "FAIL");
  g_assert_cmpstr (dkg_verdict_to_string (DKG_VERDICT_NOT_APPLICABLE), ==, "n/a");
  g_assert_cmpstr (dkg_verdict_get_label (DKG_VERDICT_FAIL), ==, "fail");
  g_assert_cmpint (dkg_verdict_from_pass (TRUE), ==, DKG_VERDICT_PASS);
  g_assert_cmpint (dkg_verdict_from_pass (FALSE), ==, DKG_VERDICT_FAIL);
  g_assert_cmpstr (tiny, ==, "p < 0.0001");
  g_assert_cmpstr (half, ==, "p = 0.5000");
  g_assert_cmpstr (edge, ==, "p = 0.0001");
}

/* NPCR/UACI rows of a 256 × 256 8-bit pair carry Wu, Noonan & Agaian's (2011) published
 * critical values (N*₀.₀₅ = 99.5693 %, N*₀.₀₀₁ = 99.5341 %, U*₀.₀₅ = 33.2824–33.6447 %,
 * U*₀.₀₀₁ = 33.1594–33.7677 %), and
 * decide on both sides of them. */
static void
test_npcr_uaci (void)
{
  DkgDifferentialStats s = { 0 };
  const double alphas[] = { 0.05, 0.01, 0.001 };

  s.n_samples = 256 * 256;
  for (int a = 0; a < DKG_ANALYSIS_N_ALPHAS; a++)
    dkg_differential_critical (s.n_samples, 8, alphas[a], &s.critical[a]);
  s.npcr = 99.60;
  s.uaci = 33.70;
  for (int a = 0; a < DKG_ANALYSIS_N_ALPHAS; a++)
    {
      s.npcr_pass[a] = s.npcr >= s.critical[a].npcr_critical;
      s.uaci_pass[a] = s.uaci >= s.critical[a].uaci_low && s.uaci <= s.critical[a].uaci_high;
    }
  {
    g_autoptr(DkgMetricRow) n0 = dkg_metric_row_npcr (&s, 0, NULL);
    g_autoptr(DkgMetricRow) n2 = dkg_metric_row_npcr (&s, 2, "NPCR, keys");
    g_autoptr(DkgMetricRow) u0 = dkg_metric_row_uaci (&s, 0, NULL);
    g_autoptr(DkgMetricRow) u2 = dkg_metric_row_uaci (&s, 2, NULL);

    g_assert_cmpfloat_with_epsilon (n0->low, 99.5693, 5e-5);
    g_assert_cmpint (n0->verdict, ==, DKG_VERDICT_PASS);        /* 99.60 ≥ 99.5693 */
    g_assert_true (isinf (n0->high));
    g_assert_cmpstr (n0->value, ==, "99.6000 %");
    g_assert_cmpstr (n0->name, ==, "NPCR, plaintext against ciphertext");
    g_assert_nonnull (strstr (n0->criterion, "99.5693"));
    g_assert_cmpfloat_with_epsilon (n2->low, 99.5341, 5e-5);   /* N*₀.₀₀₁, published */
    g_assert_cmpint (n2->verdict, ==, DKG_VERDICT_PASS);
    g_assert_cmpstr (n2->name, ==, "NPCR, keys");
    g_assert_cmpfloat_with_epsilon (u0->low, 33.2824, 5e-5);
    g_assert_cmpfloat_with_epsilon (u0->high, 33.6447, 5e-5);
    g_assert_cmpint (u0->verdict, ==, DKG_VERDICT_FAIL);        /* 33.70 > 33.6447 */
    g_assert_nonnull (strstr (u0->criterion, "33.2824–33.6447"));
    g_assert_cmpfloat_with_epsilon (u2->low, 33.1594, 5e-5);   /* U*₀.₀₀₁, published: wider … */
    g_assert_cmpfloat_with_epsilon (u2->high, 33.7677, 5e-5);
    g_assert_cmpint (u2->verdict, ==, DKG_VERDICT_PASS);        /* … so it passes there */
  }
}

/* χ² decides at p = 0.05; correlation at |r|·√n = 1.96; SSIM at |SSIM| = 0.1. */
static void
test_thresholds (void)
{
  DkgHistogram h = { 0 };
  DkgCorrelationValue r1 = { 10000, TRUE, 0.0190 };    /* |r|·√n = 1.90 */
  DkgCorrelationValue r2 = { 10000, TRUE, -0.0200 };   /* 2.00 */
  DkgCorrelationValue undef = { 10000, FALSE, 0 };
  DkgSimilarity sim = { 0 };

  h.df = 255;
  h.chi2_all = 293.0;
  h.chi2_critical[0] = 293.2478;
  h.p_value_all = 0.05;
  {
    g_autoptr(DkgMetricRow) a = dkg_metric_row_chi2 (&h, "χ² of the key");
    g_assert_cmpint (a->verdict, ==, DKG_VERDICT_PASS);
    g_assert_cmpstr (a->value, ==, "χ² = 293.0");
    g_assert_cmpstr (a->criterion, ==, "Uniform histogram: p = 0.0500, df = 255, critical χ² = 293.2");
    g_assert_cmpfloat (a->p_value, ==, 0.05);
  }
  h.p_value_all = 0.0499;
  {
    g_autoptr(DkgMetricRow) b = dkg_metric_row_chi2 (&h, "χ² of the key");
    g_assert_cmpint (b->verdict, ==, DKG_VERDICT_FAIL);
  }
  {
    g_autoptr(DkgMetricRow) c1 = dkg_metric_row_correlation (&r1, NULL, DKG_DIRECTION_HORIZONTAL);
    g_autoptr(DkgMetricRow) c2 = dkg_metric_row_correlation (&r2, &r1, DKG_DIRECTION_VERTICAL);
    g_autoptr(DkgMetricRow) c3 = dkg_metric_row_correlation (&undef, NULL, DKG_DIRECTION_DIAGONAL);

    g_assert_cmpint (c1->verdict, ==, DKG_VERDICT_PASS);
    g_assert_cmpfloat_with_epsilon (c1->high, 0.01959964, 1e-8);   /* 1.959964 / √10000 */
    g_assert_cmpfloat_with_epsilon (c1->low, -0.01959964, 1e-8);
    g_assert_cmpstr (c1->name, ==, "Correlation of horizontal neighbours");
    g_assert_nonnull (strstr (c1->criterion, "|r|·√n = 1.90"));
    g_assert_cmpint (c2->verdict, ==, DKG_VERDICT_FAIL);
    g_assert_cmpstr (c2->criterion, ==, "Ciphertext; plaintext r = 0.01900. Independence test: "
                     "|r|·√n = 2.00 (critical 1.96)");
    g_assert_cmpint (c3->verdict, ==, DKG_VERDICT_FAIL);
    g_assert_cmpstr (c3->value, ==, "undefined");
  }
  sim.ssim_defined = TRUE;
  sim.ssim_mean = 0.0999;
  sim.psnr_all = INFINITY;
  {
    g_autoptr(DkgMetricRow) s1 = dkg_metric_row_ssim (&sim);
    g_autoptr(DkgMetricRow) p = dkg_metric_row_psnr (&sim);
    g_assert_cmpint (s1->verdict, ==, DKG_VERDICT_PASS);
    g_assert_cmpint (p->verdict, ==, DKG_VERDICT_INFO);
    g_assert_cmpstr (p->value, ==, "∞");
  }
  sim.ssim_mean = -0.1;
  {
    g_autoptr(DkgMetricRow) s2 = dkg_metric_row_ssim (&sim);
    g_assert_cmpint (s2->verdict, ==, DKG_VERDICT_FAIL);
  }
}

/* The pair table of a 64 × 64 grey ramp against its bytes xor 0x5a: the Analysis page's eleven
 * rows in its order; the identical-image checks fail, the counts match the verdicts. */
static void
test_pair_rows (void)
{
  g_autoptr(DkgImage) plain = dkg_image_new (64, 64, 1, 8, FALSE, NULL);
  g_autoptr(DkgImage) cipher = NULL;
  g_autoptr(DkgImage) key = dkg_image_new (16, 16, 3, 8, FALSE, NULL);
  g_autoptr(DkgPairAnalysis) pa = NULL;
  g_autoptr(DkgImageAnalysis) ka = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  const char *names[] = { "NPCR, plaintext against ciphertext", "UACI, plaintext against ciphertext",
                          "Entropy of the ciphertext", "Local Shannon entropy of the ciphertext",
                          "χ² test of the ciphertext's histogram", "Entropy of the key",
                          "χ² test of the key's histogram", "Correlation of horizontal neighbours",
                          "Correlation of vertical neighbours", "Correlation of diagonal neighbours",
                          "SSIM, plaintext against ciphertext", "PSNR, plaintext against ciphertext" };
  guint n_pass = 0, n_tests = 0, want_pass = 0, want_tests = 0;

  for (guint i = 0; i < 64 * 64; i++)
    plain->data[i] = (guint8) (i % 64 * 4);
  for (guint i = 0; i < 16 * 16 * 3; i++)
    key->data[i] = (guint8) (i * 7);
  cipher = dkg_image_copy (plain);
  for (guint i = 0; i < 64 * 64; i++)
    cipher->data[i] ^= 0x5a;
  pa = dkg_pair_analysis_compute (plain, cipher, NULL, &error);
  g_assert_no_error (error);
  ka = dkg_image_analysis_compute (key, NULL);
  rows = dkg_metric_rows_pair (pa, ka, 64, 64);
  g_assert_cmpuint (rows->len, ==, G_N_ELEMENTS (names));
  for (guint i = 0; i < rows->len; i++)
    {
      const DkgMetricRow *r = rows->pdata[i];
      g_assert_cmpstr (r->name, ==, names[i]);
      want_pass += r->verdict == DKG_VERDICT_PASS;
      want_tests += r->verdict == DKG_VERDICT_PASS || r->verdict == DKG_VERDICT_FAIL;
    }
  /* A ramp xor a constant: the horizontal neighbours stay correlated (r near 1). */
  g_assert_cmpint (((DkgMetricRow *) rows->pdata[7])->verdict, ==, DKG_VERDICT_FAIL);
  g_assert_cmpfloat (((DkgMetricRow *) rows->pdata[7])->number, >, 0.5);
  g_assert_cmpint (((DkgMetricRow *) rows->pdata[2])->verdict, ==, DKG_VERDICT_INFO);
  g_assert_cmpint (((DkgMetricRow *) rows->pdata[5])->verdict, ==, DKG_VERDICT_INFO);
  g_assert_cmpint (((DkgMetricRow *) rows->pdata[11])->verdict, ==, DKG_VERDICT_INFO);
  dkg_metric_rows_count (rows, &n_pass, &n_tests);
  g_assert_cmpuint (n_pass, ==, want_pass);
  g_assert_cmpuint (n_tests, ==, want_tests);
  g_assert_cmpuint (n_tests, ==, 9);        /* 12 rows less the two entropy figures and PSNR */
}

/* NIST rows of 2,000 zero bits: the frequency test fails with p < 0.0001; a test needing more
 * bits is "n/a" with the reason. */
static void
test_nist_rows (void)
{
  guint8 zeros[250] = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(DkgNistReport) rep = dkg_nist_run_all (zeros, 2000, NULL, &error);
  g_autoptr(GPtrArray) rows = NULL;
  const DkgMetricRow *freq, *univ;

  g_assert_no_error (error);
  rows = dkg_metric_rows_nist (rep);
  g_assert_cmpuint (rows->len, ==, DKG_NIST_N_TESTS);
  freq = rows->pdata[DKG_NIST_FREQUENCY];
  univ = rows->pdata[DKG_NIST_UNIVERSAL];
  g_assert_cmpstr (freq->name, ==, "Frequency (monobit)");
  g_assert_cmpint (freq->verdict, ==, DKG_VERDICT_FAIL);
  g_assert_cmpstr (freq->value, ==, "p < 0.0001");
  g_assert_cmpfloat (freq->p_value, <, 1e-10);     /* erfc(√2000/√2) ≈ 0 */
  g_assert_cmpint (univ->verdict, ==, DKG_VERDICT_NOT_APPLICABLE);
  g_assert_true (g_str_has_prefix (univ->criterion, "Not applicable: "));
  g_assert_true (isnan (univ->p_value));
}

int
main (int argc, char **argv)
{
  dkg_test_init (&argc, &argv);
  g_test_add_func ("/core/metric-rows/verdict-words", test_verdict_words);
  g_test_add_func ("/core/metric-rows/npcr-uaci", test_npcr_uaci);
  g_test_add_func ("/core/metric-rows/thresholds", test_thresholds);
  g_test_add_func ("/core/metric-rows/pair", test_pair_rows);
  g_test_add_func ("/core/metric-rows/nist", test_nist_rows);
  return g_test_run ();
}
