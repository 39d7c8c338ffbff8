/* test-baseline-eval.c — dkg-baseline-eval.c: one row of the baseline tables (paper Tables
 * XVII–XIX, docs/SPECIFICATION.md §6.10): a classic generator's key with its entropy, χ²,
 * correlation and NIST SP 800-22 results
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "dkg-baseline-eval.h"
#include "dkg-test-util.h"

/* The tables' rows on the shipped seed image: 256×256×3 keys, entropy, χ², correlation and
 * NIST SP 800-22 on all 1,572,864 bits; the times go to the test log. */
static void
test_baselines_evaluate (void)
{
  g_autofree char *path = dkg_test_source_path ("data/samples/colin27_ch2_axial_z090_8bit.png");
  g_autoptr(DkgImage) seed = NULL;
  g_autoptr(GError) error = NULL;
  double entropy[DKG_N_BASELINES];
  guint fails[DKG_N_BASELINES];
  DkgNistStatus frequency[DKG_N_BASELINES];

  seed = dkg_image_load (path, NULL, &error);
  g_assert_no_error (error);

  for (guint k = 0; k < DKG_N_BASELINES; k++)
    {
      g_autoptr(DkgBaselineResult) r = NULL;
      g_autoptr(DkgImage) again = NULL;

      r = dkg_baseline_evaluate ((DkgBaseline) k, seed, 256, 256, TRUE, NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (r);
      g_assert_cmpuint (r->n_bytes, ==, DKG_BASELINE_DEFAULT_BYTES);
      g_assert_cmpuint (r->key->width, ==, 256);
      g_assert_cmpuint (r->key->height, ==, 256);
      g_assert_cmpuint (r->key->channels, ==, 3);
      g_assert_cmpuint (r->key->bit_depth, ==, 8);
      g_assert_cmpfloat (r->generation_ms, >=, 0);
      g_assert_cmpfloat_with_epsilon (r->entropy_expected, 7.99906, 5e-6);
      g_assert_cmpfloat (r->entropy, <=, 8.0);
      g_assert_cmpuint (r->correlation.channels, ==, 3);
      g_assert_nonnull (r->nist);
      g_assert_cmpuint (dkg_nist_report_get_n_bits (r->nist), ==, 8 * DKG_BASELINE_DEFAULT_BYTES);
      entropy[k] = r->entropy;
      fails[k] = dkg_nist_report_count_status (r->nist, DKG_NIST_STATUS_FAIL);
      frequency[k] = dkg_nist_result_get_status (dkg_nist_report_get_result (r->nist,
                                                                             DKG_NIST_FREQUENCY));
      g_test_message ("%-20s %8.3f ms  entropy %.5f (ideal %.5f)  chi2 %9.1f (p = %.3g)  "
                      "r_h(R) %+.4f  NIST %u pass, %u fail, %u n/a",
                      dkg_baseline_get_name ((DkgBaseline) k), r->generation_ms, r->entropy,
                      r->entropy_expected, r->chi2, r->chi2_p_value,
                      r->correlation.value[0][DKG_DIRECTION_HORIZONTAL].r,
                      dkg_nist_report_count_status (r->nist, DKG_NIST_STATUS_PASS), fails[k],
                      dkg_nist_report_count_status (r->nist, DKG_NIST_STATUS_NOT_APPLICABLE));

      /* The key image is dkg_baseline_generate_key()'s. */
      if (r->deterministic)
        {
          again = dkg_baseline_generate_key ((DkgBaseline) k, seed, 256, 256, NULL, &error);
          g_assert_no_error (error);
          g_assert_true (dkg_image_equal (again, r->key));
        }
    }
  /* The cryptographic generators look uniform and pass NIST. The OS CSPRNG is fresh each run,
   * and ideal data fails a test now and then: random excursions (8 p-values, all must pass at
   * the §4.2.1 proportion bound) about 8 % of the time, serial and cumulative sums (2 p-values)
   * about 2 % each; 4 failures or more have a probability near 10⁻⁴. Textbook RSA of a mostly black seed does not: its zero
   * blocks encrypt to zeros. The chaotic keystream has a flat histogram, but its tent-map
   * structure (two new bits per byte, see dkg-chaotic-cipher.c) fails several NIST tests. */
  g_assert_cmpfloat (entropy[DKG_BASELINE_CHACHA20], >, 7.998);
  g_assert_cmpfloat (entropy[DKG_BASELINE_OS_CSPRNG], >, 7.998);
  g_assert_cmpfloat (entropy[DKG_BASELINE_RC4], >, 7.998);
  g_assert_cmpfloat (entropy[DKG_BASELINE_MT19937], >, 7.998);
  g_assert_cmpfloat (entropy[DKG_BASELINE_CHAOTIC], >, 7.998);
  g_assert_cmpfloat (entropy[DKG_BASELINE_RSA], <, 7.9);
  g_assert_cmpuint (fails[DKG_BASELINE_CHACHA20], ==, 0);
  g_assert_cmpuint (fails[DKG_BASELINE_RC4], ==, 0);
  g_assert_cmpuint (fails[DKG_BASELINE_MT19937], ==, 0);
  g_assert_cmpuint (fails[DKG_BASELINE_OS_CSPRNG], <=, 3);
  g_assert_cmpuint (fails[DKG_BASELINE_CHAOTIC], >=, 3);
  g_assert_cmpuint (fails[DKG_BASELINE_RSA], >=, 3);
  g_assert_cmpint (frequency[DKG_BASELINE_RSA], ==, DKG_NIST_STATUS_FAIL);
}

/* With NIST: a small key (64×64×3 = 98,304 bits) gets all 15 results. */
static void
test_baselines_evaluate_nist (void)
{
  static const guint8 pixels[4] = { 1, 2, 3, 4 };
  g_autoptr(DkgImage) seed = dkg_image_new (2, 2, 1, 8, FALSE, NULL);
  g_autoptr(DkgBaselineResult) good = NULL;
  g_autoptr(DkgBaselineResult) zero = NULL;
  g_autoptr(DkgImage) black = dkg_image_new (16, 16, 1, 8, FALSE, NULL);
  g_autoptr(GError) error = NULL;

  memcpy (seed->data, pixels, 4);
  good = dkg_baseline_evaluate (DKG_BASELINE_CHACHA20, seed, 64, 64, TRUE, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (good->nist);
  g_assert_cmpuint (dkg_nist_report_get_n_bits (good->nist), ==, 64 * 64 * 3 * 8);
  g_assert_cmpuint (dkg_nist_report_count_status (good->nist, DKG_NIST_STATUS_PASS)
                    + dkg_nist_report_count_status (good->nist, DKG_NIST_STATUS_FAIL)
                    + dkg_nist_report_count_status (good->nist, DKG_NIST_STATUS_NOT_APPLICABLE),
                    ==, DKG_NIST_N_TESTS);
  g_assert_cmpint (dkg_nist_result_get_status (dkg_nist_report_get_result (good->nist,
                                                                           DKG_NIST_FREQUENCY)),
                   ==, DKG_NIST_STATUS_PASS);

  /* Textbook RSA of a black seed: an all-zero key, which fails the frequency test. */
  zero = dkg_baseline_evaluate (DKG_BASELINE_RSA, black, 64, 64, TRUE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (zero->entropy, ==, 0.0);
  g_assert_cmpint (dkg_nist_result_get_status (dkg_nist_report_get_result (zero->nist,
                                                                           DKG_NIST_FREQUENCY)),
                   ==, DKG_NIST_STATUS_FAIL);
}

int
main (int argc, char **argv)
{
  dkg_test_init (&argc, &argv);
  g_test_add_func ("/core/baselines/evaluate", test_baselines_evaluate);
  g_test_add_func ("/core/baselines/evaluate-nist", test_baselines_evaluate_nist);
  return g_test_run ();
}
