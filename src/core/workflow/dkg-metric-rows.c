/* dkg-metric-rows.c — the security metrics as rows with their pass/fail wording
 * (docs/SPECIFICATION.md §6)
 *
 * Every front end shows the metrics of §6 with a verdict: the Analysis page as rows with a
 * badge, `deepkeygen analyze` as lines, `deepkeygen report` as table cells. The decisions and
 * their words live here once:
 *   NPCR      pass when NPCR ≥ N*_α (Wu, Noonan & Agaian 2011, for the image's size and depth);
 *   UACI      pass when U*−_α ≤ UACI ≤ U*+_α;
 *   local entropy  pass inside the critical interval of Wu et al. (2013);
 *   χ²        of the histogram against uniform, pass when p ≥ 0.05;
 *   correlation    independence of adjacent samples: r·√n is approximately standard normal
 *             under independence, pass when |r|·√n < z₀.₉₇₅ = 1.959964;
 *   SSIM      no statistical critical value: the rule of thumb |SSIM| < 0.1;
 *   NIST      the status of SP 800-22 at α = 0.01 (dkg-nist.h);
 *   entropy, PSNR  figures without a test (DKG_VERDICT_INFO).
 * The names, values and criteria are translated (the app's domain); the verdict words of
 * dkg_verdict_to_string() are not, so that text reports and their tests read the same in
 * every locale.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "dkg-metric-rows.h"

/* z₀.₉₇₅: the two-sided 5 % point of the standard normal distribution. */
#define Z_0_975 1.959964

/**
 * dkg_verdict_to_string:
 * @verdict: a verdict
 *
 * Returns: the word text reports print: "pass", "FAIL" (in capitals, to stand out), "info"
 *   or "n/a"; never translated
 */
const char *
dkg_verdict_to_string (DkgVerdict verdict)
{
  switch (verdict)
    {
    case DKG_VERDICT_PASS: return "pass";
    case DKG_VERDICT_FAIL: return "FAIL";
    case DKG_VERDICT_INFO: return "info";
    case DKG_VERDICT_NOT_APPLICABLE: return "n/a";
    default: g_return_val_if_reached (NULL);
    }
}

/**
 * dkg_verdict_get_label:
 * @verdict: a verdict
 *
 * Returns: the translated lower-case label for a badge: "pass", "fail", "info", "n/a"
 */
const char *
dkg_verdict_get_label (DkgVerdict verdict)
{
  switch (verdict)
    {
    case DKG_VERDICT_PASS: return _("pass");
    case DKG_VERDICT_FAIL: return _("fail");
    case DKG_VERDICT_INFO: return _("info");
    case DKG_VERDICT_NOT_APPLICABLE: return _("n/a");
    default: g_return_val_if_reached (NULL);
    }
}

/** dkg_verdict_from_pass: Returns: %DKG_VERDICT_PASS when @pass, else %DKG_VERDICT_FAIL */
DkgVerdict
dkg_verdict_from_pass (gboolean pass)
{
  return pass ? DKG_VERDICT_PASS : DKG_VERDICT_FAIL;
}

/**
 * dkg_metric_format_p:
 * @p: a p-value, 0…1 (NAN allowed)
 *
 * Returns: (transfer full): "p = 0.0123", or "p < 0.0001" when four decimals would print
 *   0.0000 (which reads as "impossible"), with the locale's decimal separator
 */
char *
dkg_metric_format_p (double p)
{
  if (isnan (p))
    return g_strdup ("p = NaN");
  if (p < 0.00005)
    /* Translators: a p-value too small for four decimals */
    return g_strdup_printf (_("p < %.4f"), 0.0001);
  return g_strdup_printf ("p = %.4f", p);
}

/** dkg_metric_row_free: @row: (nullable): a row */
void
dkg_metric_row_free (DkgMetricRow *row)
{
  if (row == NULL)
    return;
  g_free (row->name);
  g_free (row->value);
  g_free (row->criterion);
  g_free (row);
}

/* Takes @value and @criterion. */
static DkgMetricRow *
row_new (const char *name, char *value, char *criterion, DkgVerdict verdict, double number,
         double low, double high)
{
  DkgMetricRow *row = g_new0 (DkgMetricRow, 1);

  row->name = g_strdup (name);
  row->value = value;
  row->criterion = criterion;
  row->verdict = verdict;
  row->number = number;
  row->low = low;
  row->high = high;
  row->p_value = NAN;
  return row;
}

/**
 * dkg_metric_row_npcr:
 * @stats: NPCR/UACI of two images (dkg-differential.h)
 * @alpha_index: 0, 1, 2 for α = 0.05, 0.01, 0.001
 * @name: (nullable): what was compared; %NULL for "NPCR, plaintext against ciphertext"
 *
 * NPCR in percent against its critical value N*_α: pass when NPCR ≥ N*_α. At α = 0.05 the
 * criterion also gives the verdicts at α = 0.01 and 0.001.
 *
 * Returns: (transfer full): the row; @low is N*_α, @high +∞
 */
DkgMetricRow *
dkg_metric_row_npcr (const DkgDifferentialStats *stats, guint alpha_index, const char *name)
{
  const DkgDifferentialCritical *c;
  char *criterion;

  g_return_val_if_fail (stats != NULL && alpha_index < DKG_ANALYSIS_N_ALPHAS, NULL);
  c = &stats->critical[alpha_index];
  if (alpha_index == 0)
    criterion = g_strdup_printf (_("Critical value N*₀.₀₅ = %.4f %% (expected %.4f %% for random "
                                   "images); α = 0.01: %s, α = 0.001: %s"), c->npcr_critical,
                                 c->npcr_mu, dkg_verdict_get_label (dkg_verdict_from_pass (stats->npcr_pass[1])),
                                 dkg_verdict_get_label (dkg_verdict_from_pass (stats->npcr_pass[2])));
  else
    criterion = g_strdup_printf (_("Critical value at α = %g: %.4f %% (expected %.4f %% for "
                                   "random images)"), c->alpha, c->npcr_critical, c->npcr_mu);
  return row_new (name != NULL ? name : _("NPCR, plaintext against ciphertext"),
                  g_strdup_printf ("%.4f %%", stats->npcr), criterion,
                  dkg_verdict_from_pass (stats->npcr_pass[alpha_index]), stats->npcr,
                  c->npcr_critical, INFINITY);
}

/**
 * dkg_metric_row_uaci:
 * @stats: NPCR/UACI of two images (dkg-differential.h)
 * @alpha_index: 0, 1, 2 for α = 0.05, 0.01, 0.001
 * @name: (nullable): what was compared; %NULL for "UACI, plaintext against ciphertext"
 *
 * UACI in percent against its critical interval: pass when U*−_α ≤ UACI ≤ U*+_α.
 *
 * Returns: (transfer full): the row; @low and @high are the interval's ends
 */
DkgMetricRow *
dkg_metric_row_uaci (const DkgDifferentialStats *stats, guint alpha_index, const char *name)
{
  const DkgDifferentialCritical *c;

  g_return_val_if_fail (stats != NULL && alpha_index < DKG_ANALYSIS_N_ALPHAS, NULL);
  c = &stats->critical[alpha_index];
  return row_new (name != NULL ? name : _("UACI, plaintext against ciphertext"),
                  g_strdup_printf ("%.4f %%", stats->uaci),
                  g_strdup_printf (_("Critical interval %.4f–%.4f %% (expected %.4f %%)"),
                                   c->uaci_low, c->uaci_high, c->uaci_mu),
                  dkg_verdict_from_pass (stats->uaci_pass[alpha_index]), stats->uaci,
                  c->uaci_low, c->uaci_high);
}

/**
 * dkg_metric_row_entropy:
 * @entropy: the global entropy of an image (dkg-entropy.h)
 * @name: what it is the entropy of, e.g. "Entropy of the key"
 *
 * Shannon entropy over all samples beside the value ideal random data of the same size has
 * on average; a figure without a test (%DKG_VERDICT_INFO).
 *
 * Returns: (transfer full): the row; @low is the ideal value, @high NAN
 */
DkgMetricRow *
dkg_metric_row_entropy (const DkgEntropy *entropy, const char *name)
{
  g_return_val_if_fail (entropy != NULL && name != NULL, NULL);
  return row_new (name, g_strdup_printf (_("%.5f bits"), entropy->all),
                  g_strdup_printf (_("Ideal random data of this size: %.5f bits"),
                                   entropy->expected_all),
                  DKG_VERDICT_INFO, entropy->all, entropy->expected_all, NAN);
}

/**
 * dkg_metric_row_local_entropy:
 * @analysis: an image's analysis (dkg-analysis.h)
 * @width: the image's width, for the reason when it is too small
 * @height: the image's height
 * @name: what it is the local entropy of, e.g. "Local Shannon entropy of the ciphertext"
 *
 * Local Shannon entropy (Wu et al. 2013) of the first channel against its critical interval
 * at α = 0.05; %DKG_VERDICT_NOT_APPLICABLE with the reason when it was not computed (an
 * image smaller than one 44 × 44 block).
 *
 * Returns: (transfer full): the row; @low and @high are the interval's ends
 */
DkgMetricRow *
dkg_metric_row_local_entropy (const DkgImageAnalysis *analysis, guint width, guint height,
                              const char *name)
{
  const DkgLocalEntropy *le;

  g_return_val_if_fail (analysis != NULL && name != NULL, NULL);
  le = analysis->local_entropy;
  if (le == NULL)
    {
      /* The analysis' reason is English and starts in lower case; the one case it has for a
       * real image is one smaller than a 44 × 44 block (its default options). */
      char *why = width < 44 || height < 44
                  ? g_strdup_printf (_("Not applicable: the %u × %u image is smaller than one "
                                       "block of 44 × 44 pixels"), width, height)
                  : g_strdup (analysis->local_entropy_note != NULL ? analysis->local_entropy_note
                                                                   : "");
      return row_new (name, g_strdup (_("n/a")), why, DKG_VERDICT_NOT_APPLICABLE, NAN, NAN, NAN);
    }
  return row_new (name, g_strdup_printf (_("%.5f bits"), le->channel[0]),
                  g_strdup_printf (_("%u blocks of %u × %u pixels; critical interval %.5f–%.5f"),
                                   le->n_blocks, le->block_size, le->block_size,
                                   le->interval[0].h_left, le->interval[0].h_right),
                  dkg_verdict_from_pass (le->pass[0][0]), le->channel[0], le->interval[0].h_left,
                  le->interval[0].h_right);
}

/**
 * dkg_metric_row_chi2:
 * @histogram: an image's histogram (dkg-histogram.h)
 * @name: what it is the histogram of, e.g. "χ² test of the key's histogram"
 *
 * χ² of the histogram (all channels pooled) against the uniform distribution: pass when
 * p ≥ 0.05.
 *
 * Returns: (transfer full): the row; @number is χ², @p_value its p-value, @high the
 *   critical χ² at α = 0.05
 */
DkgMetricRow *
dkg_metric_row_chi2 (const DkgHistogram *histogram, const char *name)
{
  g_autofree char *p = NULL;
  DkgMetricRow *row;

  g_return_val_if_fail (histogram != NULL && name != NULL, NULL);
  p = dkg_metric_format_p (histogram->p_value_all);
  row = row_new (name, g_strdup_printf ("χ² = %.1f", histogram->chi2_all),
                 g_strdup_printf (_("Uniform histogram: %s, df = %u, critical χ² = %.1f"), p,
                                  histogram->df, histogram->chi2_critical[0]),
                 dkg_verdict_from_pass (histogram->p_value_all >= 0.05), histogram->chi2_all,
                 0, histogram->chi2_critical[0]);
  row->p_value = histogram->p_value_all;
  return row;
}

/**
 * dkg_metric_row_correlation:
 * @value: the correlation of a ciphertext's adjacent samples in one direction
 * @plain_value: (nullable): the plaintext's, for comparison
 * @direction: the direction
 *
 * Pearson r of adjacent samples with the independence test: under independence r·√n is
 * approximately standard normal, so pass when |r|·√n < 1.96 (α = 0.05). An undefined r (a
 * constant image) fails.
 *
 * Returns: (transfer full): the row; @number is r, @low and @high ∓1.96/√n
 */
DkgMetricRow *
dkg_metric_row_correlation (const DkgCorrelationValue *value,
                            const DkgCorrelationValue *plain_value, DkgDirection direction)
{
  const char *dir_names[] = { N_("horizontal"), N_("vertical"), N_("diagonal") };
  g_autofree char *name = NULL;
  double z, bound;

  g_return_val_if_fail (value != NULL && (guint) direction < DKG_N_DIRECTIONS, NULL);
  z = value->defined ? fabs (value->r) * sqrt ((double) value->n_pairs) : NAN;
  bound = value->n_pairs > 0 ? Z_0_975 / sqrt ((double) value->n_pairs) : NAN;
  name = g_strdup_printf (_("Correlation of %s neighbours"), _(dir_names[direction]));
  return row_new (name, value->defined ? g_strdup_printf ("r = %.5f", value->r)
                                       : g_strdup (_("undefined")),
                  plain_value != NULL
                  ? g_strdup_printf (_("Ciphertext; plaintext r = %.5f. Independence test: "
                                       "|r|·√n = %.2f (critical 1.96)"), plain_value->r, z)
                  : g_strdup_printf (_("Independence test: |r|·√n = %.2f (critical 1.96)"), z),
                  value->defined ? dkg_verdict_from_pass (z < Z_0_975) : DKG_VERDICT_FAIL,
                  value->defined ? value->r : NAN, -bound, bound);
}

/**
 * dkg_metric_row_ssim:
 * @similarity: plaintext against ciphertext (dkg-similarity.h), with ssim_defined
 *
 * SSIM: no structure should survive encryption. There is no statistical critical value;
 * the rule of thumb |SSIM| < 0.1 decides.
 *
 * Returns: (transfer full): the row; @low −0.1, @high 0.1
 */
DkgMetricRow *
dkg_metric_row_ssim (const DkgSimilarity *similarity)
{
  g_return_val_if_fail (similarity != NULL && similarity->ssim_defined, NULL);
  return row_new (_("SSIM, plaintext against ciphertext"),
                  g_strdup_printf ("%.5f", similarity->ssim_mean),
                  g_strdup (_("No structure should survive: rule of thumb |SSIM| < 0.1 (there is "
                              "no statistical critical value)")),
                  dkg_verdict_from_pass (fabs (similarity->ssim_mean) < 0.1),
                  similarity->ssim_mean, -0.1, 0.1);
}

/**
 * dkg_metric_row_psnr:
 * @similarity: plaintext against ciphertext (dkg-similarity.h)
 *
 * PSNR in dB (∞ for identical images) with the MSE; a figure without a test.
 *
 * Returns: (transfer full): the row
 */
DkgMetricRow *
dkg_metric_row_psnr (const DkgSimilarity *similarity)
{
  g_return_val_if_fail (similarity != NULL, NULL);
  return row_new (_("PSNR, plaintext against ciphertext"),
                  isinf (similarity->psnr_all) ? g_strdup ("∞")
                  : g_strdup_printf (_("%.2f dB"), similarity->psnr_all),
                  g_strdup_printf (_("MSE %.1f; low values mean the ciphertext is far from the "
                                     "plaintext"), similarity->mse_all),
                  DKG_VERDICT_INFO, similarity->psnr_all, NAN, NAN);
}

/**
 * dkg_metric_row_nist:
 * @report: a NIST SP 800-22 report
 * @test: one of its tests
 *
 * The test's status at α = 0.01: its p-value (one) or how many of its p-values pass and the
 * proportion rule of SP 800-22 §4.2.1 (several), or the reason it does not apply.
 *
 * Returns: (transfer full): the row; @number and @p_value are the smallest p-value (NAN when
 *   not applicable), @low the proportion needed for several p-values
 */
DkgMetricRow *
dkg_metric_row_nist (const DkgNistReport *report, DkgNistTest test)
{
  const DkgNistResult *r;
  DkgNistStatus status;
  guint n;
  double minp = 1;
  char *value, *criterion;
  DkgMetricRow *row;

  g_return_val_if_fail (report != NULL && (guint) test < DKG_NIST_N_TESTS, NULL);
  r = dkg_nist_report_get_result (report, test);
  status = dkg_nist_result_get_status (r);
  n = dkg_nist_result_get_n_p_values (r);
  for (guint k = 0; k < n; k++)
    minp = MIN (minp, dkg_nist_result_get_p_value (r, k));
  if (status == DKG_NIST_STATUS_NOT_APPLICABLE)
    {
      value = g_strdup (_("n/a"));
      criterion = g_strdup_printf (_("Not applicable: %s"), dkg_nist_result_get_reason (r));
      minp = NAN;
    }
  else if (n == 1)
    {
      value = dkg_metric_format_p (dkg_nist_result_get_p_value (r, 0));
      criterion = g_strdup_printf (_("SP 800-22 %s"), dkg_nist_test_get_section (test));
    }
  else
    {
      value = g_strdup_printf (_("%u of %u pass"), dkg_nist_result_get_n_passed (r), n);
      criterion = g_strdup_printf (_("SP 800-22 %s; %u p-values, proportion %.4f (at least %.4f "
                                     "needed)"), dkg_nist_test_get_section (test), n,
                                   dkg_nist_result_get_proportion (r),
                                   dkg_nist_result_get_min_proportion (r));
    }
  row = row_new (_(dkg_nist_test_get_title (test)), value, criterion,
                 status == DKG_NIST_STATUS_PASS ? DKG_VERDICT_PASS
                 : status == DKG_NIST_STATUS_FAIL ? DKG_VERDICT_FAIL : DKG_VERDICT_NOT_APPLICABLE,
                 minp, n > 1 ? dkg_nist_result_get_min_proportion (r) : 0.01, INFINITY);
  row->p_value = minp;
  return row;
}

/**
 * dkg_metric_rows_pair:
 * @pair: plaintext against ciphertext (dkg-analysis.h)
 * @key: the key's analysis
 * @cipher_width: the ciphertext's width (for the local entropy's reason when too small)
 * @cipher_height: its height
 *
 * The metrics table of an encryption, in the order the Analysis page shows it: NPCR, UACI,
 * ciphertext entropy, local entropy, ciphertext χ², key entropy, key χ², correlation H/V/D,
 * SSIM (when defined), PSNR. Verdicts at α = 0.05.
 *
 * Returns: (transfer full) (element-type DkgMetricRow): the rows
 */
GPtrArray *
dkg_metric_rows_pair (const DkgPairAnalysis *pair, const DkgImageAnalysis *key,
                      guint cipher_width, guint cipher_height)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) dkg_metric_row_free);
  const DkgImageAnalysis *ca;
  DkgMetricRow *row;

  g_return_val_if_fail (pair != NULL && key != NULL, NULL);
  ca = pair->cipher;
  g_ptr_array_add (rows, dkg_metric_row_npcr (&pair->differential.all, 0, NULL));
  g_ptr_array_add (rows, dkg_metric_row_uaci (&pair->differential.all, 0, NULL));
  row = dkg_metric_row_entropy (&ca->entropy, _("Entropy of the ciphertext"));
  g_free (row->criterion);
  row->criterion = g_strdup_printf (_("Ideal random data of this size: %.5f bits; the plaintext "
                                      "has %.5f"), ca->entropy.expected_all,
                                    pair->plain->entropy.all);
  g_ptr_array_add (rows, row);
  if (ca->local_entropy != NULL || ca->local_entropy_note != NULL)
    g_ptr_array_add (rows, dkg_metric_row_local_entropy (ca, cipher_width, cipher_height,
                                                         _("Local Shannon entropy of the ciphertext")));
  g_ptr_array_add (rows, dkg_metric_row_chi2 (ca->histogram,
                                              _("χ² test of the ciphertext's histogram")));
  row = dkg_metric_row_entropy (&key->entropy, _("Entropy of the key"));
  g_free (row->criterion);
  row->criterion = g_strdup_printf (_("Over all key bytes; ideal random data of this size: "
                                      "%.5f bits"), key->entropy.expected_all);
  g_ptr_array_add (rows, row);
  g_ptr_array_add (rows, dkg_metric_row_chi2 (key->histogram, _("χ² test of the key's histogram")));
  for (guint d = 0; d < DKG_N_DIRECTIONS; d++)
    g_ptr_array_add (rows, dkg_metric_row_correlation (&ca->correlation.value[0][d],
                                                       &pair->plain->correlation.value[0][d],
                                                       (DkgDirection) d));
  if (pair->similarity.ssim_defined)
    g_ptr_array_add (rows, dkg_metric_row_ssim (&pair->similarity));
  g_ptr_array_add (rows, dkg_metric_row_psnr (&pair->similarity));
  return rows;
}

/**
 * dkg_metric_rows_nist:
 * @report: a NIST SP 800-22 report
 *
 * Returns: (transfer full) (element-type DkgMetricRow): one row per test, in the order of
 *   #DkgNistTest
 */
GPtrArray *
dkg_metric_rows_nist (const DkgNistReport *report)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) dkg_metric_row_free);

  g_return_val_if_fail (report != NULL, NULL);
  for (guint t = 0; t < DKG_NIST_N_TESTS; t++)
    g_ptr_array_add (rows, dkg_metric_row_nist (report, (DkgNistTest) t));
  return rows;
}

/**
 * dkg_metric_rows_count:
 * @rows: (element-type DkgMetricRow): rows
 * @n_pass: (out): rows that pass
 * @n_tests: (out): rows with a test (pass or fail; info and n/a rows do not count)
 *
 * The verdict a reader reads first: "9 of 11 checks pass".
 */
void
dkg_metric_rows_count (GPtrArray *rows, guint *n_pass, guint *n_tests)
{
  guint np = 0, n = 0;

  g_return_if_fail (rows != NULL && n_pass != NULL && n_tests != NULL);
  for (guint i = 0; i < rows->len; i++)
    {
      const DkgMetricRow *row = rows->pdata[i];

      n += row->verdict == DKG_VERDICT_PASS || row->verdict == DKG_VERDICT_FAIL;
      np += row->verdict == DKG_VERDICT_PASS;
    }
  *n_pass = np;
  *n_tests = n;
}
