/* dkg-baseline-eval.c — one row of the baseline tables (paper Tables XVII–XIX): a classic
 * generator's key (crypto/dkg-baselines.c) measured by the analyses of this area
 * (docs/SPECIFICATION.md §6.10)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "dkg-baseline-eval.h"
#include "dkg-entropy.h"
#include "dkg-histogram.h"

/**
 * dkg_baseline_evaluate:
 * @baseline: the generator
 * @seed: (nullable): the seed image; %NULL only for %DKG_BASELINE_OS_CSPRNG
 * @width: key width (256 for the tables)
 * @height: key height (256 for the tables)
 * @run_nist: also run the 15 NIST SP 800-22 tests on the key's bits (about a second for a
 *   256×256×3 key)
 * @nist_params: (nullable): NIST parameters, %NULL for the sts-2.1.2 defaults
 * @error: return location for a #GError
 *
 * One row of the paper's baseline tables (XVII–XIX): generates a @width × @height × 3 key
 * with dkg_baseline_generate_key(), records the generation time, then measures it: byte
 * entropy beside its ideal value (§6.1), χ² of the byte histogram (§6.2), adjacent-pixel
 * correlation (§6.4) and, with @run_nist, NIST SP 800-22 (§6.7) over all the key's bits.
 *
 * Returns: (transfer full) (nullable): the result; %NULL with an error of
 *   dkg_baseline_generate_key() or dkg_nist_run_all()
 */
DkgBaselineResult *
dkg_baseline_evaluate (DkgBaseline           baseline,
                       const DkgImage       *seed,
                       guint                 width,
                       guint                 height,
                       gboolean              run_nist,
                       const DkgNistParams  *nist_params,
                       GError              **error)
{
  g_autoptr(DkgBaselineResult) result = NULL;
  guint64 counts[256] = { 0 };

  g_return_val_if_fail ((guint) baseline < DKG_N_BASELINES, NULL);
  g_return_val_if_fail (seed != NULL || baseline == DKG_BASELINE_OS_CSPRNG, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  result = g_new0 (DkgBaselineResult, 1);
  result->baseline = baseline;
  result->width = width;
  result->height = height;
  result->deterministic = dkg_baseline_is_deterministic (baseline);
  result->key = dkg_baseline_generate_key (baseline, seed, width, height,
                                           &result->generation_ms, error);
  if (result->key == NULL)
    return NULL;
  result->n_bytes = dkg_image_n_bytes (result->key);

  for (gsize i = 0; i < result->n_bytes; i++)
    counts[result->key->data[i]]++;
  result->entropy = dkg_entropy_from_counts (counts, 256);
  result->entropy_expected = dkg_entropy_expected (result->n_bytes, 256);
  result->chi2 = dkg_histogram_chi2 (counts, 256, &result->chi2_p_value);
  dkg_correlation_compute_image (result->key, &result->correlation);

  if (run_nist)
    {
      result->nist = dkg_nist_run_all (result->key->data, 8 * result->n_bytes, nist_params,
                                       error);
      if (result->nist == NULL)
        return NULL;
    }
  return g_steal_pointer (&result);
}

/**
 * dkg_baseline_result_free:
 * @result: (nullable): a result of dkg_baseline_evaluate()
 *
 * Frees @result with its key and NIST report.
 */
void
dkg_baseline_result_free (DkgBaselineResult *result)
{
  if (result == NULL)
    return;
  dkg_image_free (result->key);
  dkg_nist_report_free (result->nist);
  g_free (result);
}
