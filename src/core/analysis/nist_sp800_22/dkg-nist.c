/* dkg-nist.c — parameters, special functions and the driver of the SP 800-22 suite
 *
 * One call, dkg_nist_run_all(), runs the 15 tests of NIST SP 800-22 rev 1a on one sequence
 * with the parameters of sts-2.1.2 (docs/SPECIFICATION.md §6.7). Each test lives in its own file:
 *   dkg-nist-frequency.c        §2.1 frequency, §2.2 block frequency, §2.13 cumulative sums
 *   dkg-nist-runs.c             §2.3 runs, §2.4 longest run of ones
 *   dkg-nist-rank.c             §2.5 binary matrix rank
 *   dkg-nist-dft.c              §2.6 discrete Fourier transform
 *   dkg-nist-template.c         §2.7 non-overlapping and §2.8 overlapping template matching
 *   dkg-nist-universal.c        §2.9 Maurer's universal statistical test
 *   dkg-nist-linear-complexity.c §2.10 linear complexity
 *   dkg-nist-serial.c           §2.11 serial, §2.12 approximate entropy
 *   dkg-nist-excursions.c       §2.14 random excursions, §2.15 random excursions variant
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sf_gamma.h>

#include "dkg-error.h"
#include "dkg-nist-private.h"

typedef void (*DkgNistTestFunc) (const DkgNistBits *b, const DkgNistParams *p, DkgNistResult *r);

static const struct
{
  const char     *id;        /* sts-2.1.2's name in finalAnalysisReport.txt */
  const char     *title;
  const char     *section;   /* SP 800-22 rev 1a */
  DkgNistTestFunc func;
} tests[DKG_NIST_N_TESTS] = {
  { "Frequency", N_("Frequency (monobit)"), "2.1", _dkg_nist_frequency },
  { "BlockFrequency", N_("Frequency within a block"), "2.2", _dkg_nist_block_frequency },
  { "CumulativeSums", N_("Cumulative sums (cusum)"), "2.13", _dkg_nist_cumulative_sums },
  { "Runs", N_("Runs"), "2.3", _dkg_nist_runs },
  { "LongestRun", N_("Longest run of ones in a block"), "2.4", _dkg_nist_longest_run },
  { "Rank", N_("Binary matrix rank"), "2.5", _dkg_nist_rank },
  { "FFT", N_("Discrete Fourier transform (spectral)"), "2.6", _dkg_nist_dft },
  { "NonOverlappingTemplate", N_("Non-overlapping template matching"), "2.7",
    _dkg_nist_non_overlapping_template },
  { "OverlappingTemplate", N_("Overlapping template matching"), "2.8",
    _dkg_nist_overlapping_template },
  { "Universal", N_("Maurer's universal statistical"), "2.9", _dkg_nist_universal },
  { "ApproximateEntropy", N_("Approximate entropy"), "2.12", _dkg_nist_approximate_entropy },
  { "RandomExcursions", N_("Random excursions"), "2.14", _dkg_nist_random_excursions },
  { "RandomExcursionsVariant", N_("Random excursions variant"), "2.15",
    _dkg_nist_random_excursions_variant },
  { "Serial", N_("Serial"), "2.11", _dkg_nist_serial },
  { "LinearComplexity", N_("Linear complexity"), "2.10", _dkg_nist_linear_complexity },
};

/* igamc(a, x) = Γ(a, x) / Γ(a), the complemented incomplete gamma function of SP 800-22 rev 1a
 * (its P-values of χ² statistics, e.g. §2.2.4 step 4). GSL returns 0 on underflow without calling its error handler (checked for a from 0.5
 * to 2¹⁹ and x up to 10¹²); x ≤ 0 is outside its domain and means a statistic of 0. */
double
_dkg_nist_igamc (double a, double x)
{
  if (!(x > 0))
    return 1.0;
  if (isinf (x))
    return 0.0;
  return gsl_sf_gamma_inc_Q (a, x);
}

/* Φ, the standard normal cumulative distribution function (rev 1a §2.13.4 step 4). */
double
_dkg_nist_normal_cdf (double x)
{
  return gsl_cdf_ugaussian_P (x);
}

/**
 * dkg_nist_params_init:
 * @params: (out caller-allocates): parameters to set
 *
 * Sets the defaults of sts-2.1.2 (docs/SPECIFICATION.md §6.7): block frequency M = 128 (SP 800-22
 * rev 1a §2.2), non-overlapping template m = 9 with N = 8 blocks (§2.7), overlapping template m =
 * 9, M = 1032 (§2.8), linear complexity M = 500 (§2.10), serial m = 16 (§2.11), approximate
 * entropy m = 10 (§2.12), α = 0.01 (§4.2).
 */
void
dkg_nist_params_init (DkgNistParams *params)
{
  g_return_if_fail (params != NULL);

  params->block_frequency_m = 128;
  params->non_overlapping_m = 9;
  params->non_overlapping_n_blocks = 8;
  params->overlapping_m = 9;
  params->overlapping_block_length = 1032;
  params->linear_complexity_m = 500;
  params->serial_m = 16;
  params->approximate_entropy_m = 10;
  params->alpha = 0.01;
}

static gboolean
check_range (const char *name, guint value, guint lo, guint hi, GError **error)
{
  if (value >= lo && value <= hi)
    return TRUE;
  g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT,
               "NIST SP 800-22 parameter %s = %u is outside %u..%u", name, value, lo, hi);
  return FALSE;
}

/**
 * dkg_nist_params_validate:
 * @params: parameters
 * @error: return location for a #GError
 *
 * Checks that every parameter is one the implementation supports: M ≥ 1 (§2.2), template
 * lengths 2..16 (§2.7, §2.8; sts-2.1.2 ships templates up to 21 but the 148 it uses for m ≥ 10
 * are a sample), 1 ≤ N ≤ 1000 blocks (§2.7), the overlapping block at least as long as its
 * template (§2.8), 1 ≤ M ≤ 65536 (§2.10), serial 2 ≤ m ≤ 20 (§2.11), approximate entropy
 * 1 ≤ m ≤ 20 (§2.12), 0 < α < 1 (§4.2).
 *
 * Returns: %TRUE if valid, else %FALSE with @error set (%DKG_ERROR_INVALID_ARGUMENT)
 */
gboolean
dkg_nist_params_validate (const DkgNistParams *params, GError **error)
{
  g_return_val_if_fail (params != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_range ("block_frequency_m", params->block_frequency_m, 1, G_MAXINT32, error)
      || !check_range ("non_overlapping_m", params->non_overlapping_m, 2, 16, error)
      || !check_range ("non_overlapping_n_blocks", params->non_overlapping_n_blocks, 1, 1000, error)
      || !check_range ("overlapping_m", params->overlapping_m, 2, 16, error)
      || !check_range ("overlapping_block_length", params->overlapping_block_length,
                       params->overlapping_m, G_MAXINT32, error)
      || !check_range ("linear_complexity_m", params->linear_complexity_m, 1, 65536, error)
      || !check_range ("serial_m", params->serial_m, 2, 20, error)
      || !check_range ("approximate_entropy_m", params->approximate_entropy_m, 1, 20, error))
    return FALSE;
  if (!(params->alpha > 0 && params->alpha < 1))
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT,
                   "NIST SP 800-22 significance level α = %g is outside (0, 1)", params->alpha);
      return FALSE;
    }
  return TRUE;
}

/**
 * dkg_nist_test_get_id:
 * @test: a test
 *
 * Returns: the stable identifier of the test of SP 800-22 rev 1a §2.x (the section is
 *   dkg_nist_test_get_section()): sts-2.1.2's name for it in its finalAnalysisReport.txt
 *   ("Frequency", "FFT", …), used as the "id" of dkg_nist_report_to_json()
 */
const char *
dkg_nist_test_get_id (DkgNistTest test)
{
  g_return_val_if_fail ((guint) test < DKG_NIST_N_TESTS, NULL);
  return tests[test].id;
}

/**
 * dkg_nist_test_get_title:
 * @test: a test
 *
 * Returns: the English title of @test as SP 800-22 rev 1a §2 names it (marked for translation:
 *   the app shows it through gettext)
 */
const char *
dkg_nist_test_get_title (DkgNistTest test)
{
  g_return_val_if_fail ((guint) test < DKG_NIST_N_TESTS, NULL);
  return tests[test].title;
}

/**
 * dkg_nist_test_get_section:
 * @test: a test
 *
 * Returns: the section of SP 800-22 rev 1a that defines @test, e.g. "2.6"
 */
const char *
dkg_nist_test_get_section (DkgNistTest test)
{
  g_return_val_if_fail ((guint) test < DKG_NIST_N_TESTS, NULL);
  return tests[test].section;
}

/**
 * dkg_nist_status_to_string:
 * @status: a status
 *
 * Returns: "pass", "fail" or "not-applicable" (the strings of dkg_nist_report_to_json()); pass
 *   and fail are decided at α as SP 800-22 rev 1a §4.2 describes (see dkg_nist_result_get_status())
 */
const char *
dkg_nist_status_to_string (DkgNistStatus status)
{
  switch (status)
    {
    case DKG_NIST_STATUS_PASS:
      return "pass";
    case DKG_NIST_STATUS_FAIL:
      return "fail";
    case DKG_NIST_STATUS_NOT_APPLICABLE:
      return "not-applicable";
    default:
      g_return_val_if_reached (NULL);
    }
}

static gboolean
check_length (gsize n, GError **error)
{
  if (n > G_MAXUINT32)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_TOO_LARGE,
                   "%" G_GSIZE_FORMAT " bits are more than the %u the NIST SP 800-22 tests take",
                   n, G_MAXUINT32);
      return FALSE;
    }
  return TRUE;
}

static DkgNistResult *
run_one (DkgNistTest test, const DkgNistBits *bits, const DkgNistParams *params)
{
  DkgNistResult *r = _dkg_nist_result_new (test, params->alpha);
  gint64 t0 = g_get_monotonic_time ();

  tests[test].func (bits, params, r);
  _dkg_nist_result_finish (r);
  _dkg_nist_result_set_elapsed (r, (double) (g_get_monotonic_time () - t0) * 1e-6);
  return r;
}

/**
 * dkg_nist_run_test:
 * @test: the test to run
 * @bits: the sequence
 * @params: (nullable): parameters, or %NULL for the sts-2.1.2 defaults (dkg_nist_params_init())
 * @error: return location for a #GError
 *
 * Runs one test of SP 800-22 rev 1a §2 (the section is dkg_nist_test_get_section()). A test
 * whose preconditions fail is not an error: it returns a result of status
 * %DKG_NIST_STATUS_NOT_APPLICABLE with the reason and no p-value.
 *
 * Returns: (transfer full): the result, or %NULL with @error set when @params are invalid
 *   (%DKG_ERROR_INVALID_ARGUMENT) or n > 2³² − 1 (%DKG_ERROR_TOO_LARGE)
 */
DkgNistResult *
dkg_nist_run_test (DkgNistTest test, const DkgNistBits *bits, const DkgNistParams *params,
                   GError **error)
{
  DkgNistParams defaults;

  g_return_val_if_fail ((guint) test < DKG_NIST_N_TESTS, NULL);
  g_return_val_if_fail (bits != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (params == NULL)
    {
      dkg_nist_params_init (&defaults);
      params = &defaults;
    }
  if (!dkg_nist_params_validate (params, error) || !check_length (bits->n, error))
    return NULL;
  return run_one (test, bits, params);
}

/**
 * dkg_nist_run_all_bits:
 * @bits: the sequence
 * @params: (nullable): parameters, or %NULL for the sts-2.1.2 defaults
 * @error: return location for a #GError
 *
 * Runs the 15 tests of SP 800-22 rev 1a §2 on @bits, one after the other on the calling
 * thread, as dkg_nist_run_all() does.
 *
 * Returns: (transfer full): the report, or %NULL with @error set (as dkg_nist_run_test())
 */
DkgNistReport *
dkg_nist_run_all_bits (const DkgNistBits *bits, const DkgNistParams *params, GError **error)
{
  g_autoptr(DkgNistReport) report = NULL;
  DkgNistParams defaults;
  gint64 t0 = g_get_monotonic_time ();

  g_return_val_if_fail (bits != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (params == NULL)
    {
      dkg_nist_params_init (&defaults);
      params = &defaults;
    }
  if (!dkg_nist_params_validate (params, error) || !check_length (bits->n, error))
    return NULL;
  report = _dkg_nist_report_new (bits->n, params);
  for (guint t = 0; t < DKG_NIST_N_TESTS; t++)
    _dkg_nist_report_take_result (report, run_one ((DkgNistTest) t, bits, params));
  _dkg_nist_report_set_elapsed (report, (double) (g_get_monotonic_time () - t0) * 1e-6);
  return g_steal_pointer (&report);
}

/**
 * dkg_nist_run_all:
 * @bits_msb_first: (array): ⌈@n_bits / 8⌉ bytes, most significant bit first
 *   (docs/SPECIFICATION.md §6.7)
 * @n_bits: the number of bits to test
 * @params: (nullable): parameters, or %NULL for the sts-2.1.2 defaults (dkg_nist_params_init())
 * @error: return location for a #GError
 *
 * Runs all 15 tests of NIST SP 800-22 rev 1a §2 on one sequence: frequency (§2.1), block
 * frequency (§2.2), cumulative sums (§2.13), runs (§2.3), longest run (§2.4), rank (§2.5),
 * DFT (§2.6), non-overlapping template (§2.7), overlapping template (§2.8), universal (§2.9),
 * approximate entropy (§2.12), random excursions (§2.14) and its variant (§2.15), serial
 * (§2.11) and linear complexity (§2.10). Single-threaded; each result records its time.
 *
 * Returns: (transfer full): the report, or %NULL with @error set: @n_bits = 0 or invalid
 *   @params (%DKG_ERROR_INVALID_ARGUMENT), more than 2³² − 1 bits (%DKG_ERROR_TOO_LARGE)
 */
DkgNistReport *
dkg_nist_run_all (const guint8 *bits_msb_first, gsize n_bits, const DkgNistParams *params,
                  GError **error)
{
  g_autoptr(DkgNistBits) bits = NULL;
  DkgNistReport *report;
  gint64 t0 = g_get_monotonic_time ();

  g_return_val_if_fail (bits_msb_first != NULL || n_bits == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (n_bits == 0)
    {
      g_set_error_literal (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT,
                           "The NIST SP 800-22 tests need at least one bit");
      return NULL;
    }
  if (!check_length (n_bits, error))
    return NULL;
  bits = dkg_nist_bits_new (bits_msb_first, n_bits);
  report = dkg_nist_run_all_bits (bits, params, error);
  if (report != NULL)
    _dkg_nist_report_set_elapsed (report, (double) (g_get_monotonic_time () - t0) * 1e-6);
  return report;
}
