/* test-analysis.c — the plaintext/ciphertext convenience analysis (docs/SPECIFICATION.md §6)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "dkg-analysis.h"
#include "dkg-error.h"
#include "dkg-rand.h"
#include "dkg-test-util.h"

static DkgImage *
new_image (guint w, guint h, guint c, guint bits, gboolean is_signed)
{
  g_autoptr(GError) error = NULL;
  DkgImage *image = dkg_image_new (w, h, c, bits, is_signed, &error);

  g_assert_no_error (error);
  return image;
}

static void
test_analysis_alpha (void)
{
  g_assert_cmpfloat (dkg_analysis_alpha (0), ==, 0.05);
  g_assert_cmpfloat (dkg_analysis_alpha (1), ==, 0.01);
  g_assert_cmpfloat (dkg_analysis_alpha (2), ==, 0.001);
}

/* The pair analysis equals the individual metrics, field for field: a smooth RGB "plaintext"
 * and its XOR with random bytes as "ciphertext". */
static void
test_analysis_pair (void)
{
  g_autoptr(DkgImage) plain = new_image (300, 280, 3, 8, FALSE);
  g_autoptr(DkgImage) cipher = NULL;
  g_autoptr(DkgRand) r = dkg_rand_new_seeded (9);
  g_autoptr(DkgPairAnalysis) an = NULL;
  g_autoptr(DkgHistogram) h = NULL;
  g_autoptr(DkgLocalEntropy) le = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *ks = g_new (guint8, 300 * 280 * 3);
  DkgLocalEntropyOptions opts = { 30, 44, 5 };
  DkgEntropy e;
  DkgCorrelation corr;
  DkgDifferential d;
  DkgSimilarity s;

  for (guint y = 0; y < 280; y++)
    for (guint x = 0; x < 300; x++)
      for (guint c = 0; c < 3; c++)
        plain->data[(y * 300 + x) * 3 + c] = (guint8) ((x + y + 40 * c) / 3);
  cipher = dkg_image_copy (plain);
  dkg_rand_bytes (r, ks, 300 * 280 * 3);
  for (guint i = 0; i < 300 * 280 * 3; i++)
    cipher->data[i] ^= ks[i];

  an = dkg_pair_analysis_compute (plain, cipher, &opts, &error);
  g_assert_no_error (error);

  h = dkg_histogram_compute_image (cipher);
  g_assert_cmpmem (an->cipher->histogram->counts, 3 * 256 * sizeof (guint64), h->counts,
                   3 * 256 * sizeof (guint64));
  dkg_entropy_compute_image (cipher, &e);
  g_assert_cmpmem (&an->cipher->entropy, sizeof e, &e, sizeof e);
  dkg_correlation_compute_image (plain, &corr);
  for (guint c = 0; c < 3; c++)
    for (guint dir = 0; dir < DKG_N_DIRECTIONS; dir++)
      {
        const DkgCorrelationValue *v = &an->plain->correlation.value[c][dir];

        g_assert_cmpfloat (v->r, ==, corr.value[c][dir].r);
        g_assert_cmpint (v->defined, ==, corr.value[c][dir].defined);
        g_assert_cmpuint (v->n_pairs, ==, corr.value[c][dir].n_pairs);
      }
  le = dkg_local_entropy_compute_image (cipher, &opts, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (an->cipher->local_entropy->channel[1], ==, le->channel[1]);
  g_assert_null (an->cipher->local_entropy_note);
  g_assert_true (dkg_differential_compute_images (plain, cipher, &d, NULL));
  g_assert_cmpmem (&an->differential, sizeof d, &d, sizeof d);
  g_assert_true (dkg_similarity_compute_images (plain, cipher, &s, NULL));
  g_assert_cmpfloat (an->similarity.ssim_mean, ==, s.ssim_mean);
  g_assert_cmpfloat (an->similarity.mse_all, ==, s.mse_all);

  /* A good cipher: correlations near 0, the plaintext's near 1, NPCR ≈ 99.6 %. */
  for (guint dir = 0; dir < DKG_N_DIRECTIONS; dir++)
    {
      g_assert_cmpfloat (fabs (an->cipher->correlation.value[0][dir].r), <, 0.02);
      g_assert_cmpfloat (an->plain->correlation.value[0][dir].r, >, 0.95);
    }
  g_assert_true (an->differential.all.npcr_pass[0]);
  g_assert_cmpfloat (an->cipher->entropy.all, >, 7.99);
  g_assert_cmpfloat (fabs (an->similarity.ssim_mean), <, 0.05);
}

/* Small images: local entropy and SSIM not applicable, everything else computed;
 * mismatched formats are an error. */
static void
test_analysis_small_and_mismatch (void)
{
  g_autoptr(DkgImage) a = new_image (10, 30, 1, 16, TRUE);
  g_autoptr(DkgImage) b = new_image (10, 30, 1, 16, TRUE);
  g_autoptr(DkgImage) c = new_image (10, 30, 1, 16, FALSE);
  g_autoptr(DkgPairAnalysis) an = NULL;
  g_autoptr(GError) error = NULL;

  memset (b->data, 1, dkg_image_n_bytes (b));
  an = dkg_pair_analysis_compute (a, b, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (an->plain->local_entropy);
  g_assert_nonnull (strstr (an->plain->local_entropy_note, "not applicable"));
  g_assert_false (an->similarity.ssim_defined);
  g_assert_cmpfloat (an->differential.all.npcr, ==, 100.0);

  g_assert_null (dkg_pair_analysis_compute (a, c, NULL, &error));
  g_assert_error (error, DKG_ERROR, DKG_ERROR_SHAPE);
}

/* Time of the whole pair analysis on a 1024×1024 16-bit grey pair (reported, not asserted:
 * bench/bench-analysis measures the 4096×4096 target). */
static void
test_analysis_timing (void)
{
  g_autoptr(DkgImage) a = new_image (1024, 1024, 1, 16, FALSE);
  g_autoptr(DkgImage) b = new_image (1024, 1024, 1, 16, FALSE);
  g_autoptr(DkgRand) r = dkg_rand_new_seeded (1);
  g_autoptr(DkgPairAnalysis) an = NULL;
  gint64 t0;

  for (guint i = 0; i < 1024 * 1024; i++)
    ((guint16 *) a->data)[i] = (guint16) (i * 37);
  dkg_rand_bytes (r, b->data, dkg_image_n_bytes (b));
  t0 = g_get_monotonic_time ();
  an = dkg_pair_analysis_compute (a, b, NULL, NULL);
  g_test_message ("pair analysis, 1024x1024 16-bit: %.3f s",
                  (g_get_monotonic_time () - t0) / 1e6);
  g_assert_nonnull (an->cipher->local_entropy);
  g_assert_true (an->cipher->local_entropy->pass[0][2]);
}

int
main (int argc, char **argv)
{
  dkg_test_init (&argc, &argv);

  g_test_add_func ("/core/analysis/alpha", test_analysis_alpha);
  g_test_add_func ("/core/analysis/pair", test_analysis_pair);
  g_test_add_func ("/core/analysis/small-and-mismatch", test_analysis_small_and_mismatch);
  g_test_add_func ("/core/analysis/timing", test_analysis_timing);

  return g_test_run ();
}
