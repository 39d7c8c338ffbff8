/* dkg-nist.h — the 15 statistical tests of NIST SP 800-22 rev 1a (docs/SPECIFICATION.md §6.7)
 *
 * Bits are read most significant bit first from bytes (docs/SPECIFICATION.md §6.7). Parameters are
 * pinned to the defaults of NIST's reference implementation sts-2.1.2 and are reported with every
 * result. Section numbers below are those of SP 800-22 rev 1a (April 2010).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * DkgNistTest:
 * @DKG_NIST_FREQUENCY: §2.1 frequency (monobit)
 * @DKG_NIST_BLOCK_FREQUENCY: §2.2 frequency within a block
 * @DKG_NIST_CUMULATIVE_SUMS: §2.13 cumulative sums, forward and reverse
 * @DKG_NIST_RUNS: §2.3 runs
 * @DKG_NIST_LONGEST_RUN: §2.4 longest run of ones in a block
 * @DKG_NIST_RANK: §2.5 binary matrix rank (32 × 32)
 * @DKG_NIST_DFT: §2.6 discrete Fourier transform (spectral); not applicable above 2^26 bits,
 *   or 2^22 bits when n has a prime factor above 31 (memory of the FFT)
 * @DKG_NIST_NON_OVERLAPPING_TEMPLATE: §2.7 non-overlapping template matching, every aperiodic
 *   template
 * @DKG_NIST_OVERLAPPING_TEMPLATE: §2.8 overlapping template matching (template of m ones)
 * @DKG_NIST_UNIVERSAL: §2.9 Maurer's "universal statistical" test
 * @DKG_NIST_APPROXIMATE_ENTROPY: §2.12 approximate entropy
 * @DKG_NIST_RANDOM_EXCURSIONS: §2.14 random excursions, states ±1..±4
 * @DKG_NIST_RANDOM_EXCURSIONS_VARIANT: §2.15 random excursions variant, states ±1..±9
 * @DKG_NIST_SERIAL: §2.11 serial, ∇ψ² and ∇²ψ²
 * @DKG_NIST_LINEAR_COMPLEXITY: §2.10 linear complexity
 *
 * The tests, in the order of sts-2.1.2's menu and final report.
 */
typedef enum
{
  DKG_NIST_FREQUENCY,
  DKG_NIST_BLOCK_FREQUENCY,
  DKG_NIST_CUMULATIVE_SUMS,
  DKG_NIST_RUNS,
  DKG_NIST_LONGEST_RUN,
  DKG_NIST_RANK,
  DKG_NIST_DFT,
  DKG_NIST_NON_OVERLAPPING_TEMPLATE,
  DKG_NIST_OVERLAPPING_TEMPLATE,
  DKG_NIST_UNIVERSAL,
  DKG_NIST_APPROXIMATE_ENTROPY,
  DKG_NIST_RANDOM_EXCURSIONS,
  DKG_NIST_RANDOM_EXCURSIONS_VARIANT,
  DKG_NIST_SERIAL,
  DKG_NIST_LINEAR_COMPLEXITY,
} DkgNistTest;

/** DKG_NIST_N_TESTS: the number of #DkgNistTest values. */
#define DKG_NIST_N_TESTS 15

/**
 * DkgNistStatus:
 * @DKG_NIST_STATUS_PASS: the proportion of p-values ≥ α is at least the §4.2.1 bound (see
 *   dkg_nist_result_get_min_proportion()); for a single p-value: p ≥ α
 * @DKG_NIST_STATUS_FAIL: the proportion is below that bound; for a single p-value: p < α
 * @DKG_NIST_STATUS_NOT_APPLICABLE: a precondition of the test does not hold; there are no
 *   p-values and dkg_nist_result_get_reason() says why
 */
typedef enum
{
  DKG_NIST_STATUS_PASS,
  DKG_NIST_STATUS_FAIL,
  DKG_NIST_STATUS_NOT_APPLICABLE,
} DkgNistStatus;

/**
 * DkgNistParams:
 * @block_frequency_m: M of §2.2 (sts-2.1.2: 128)
 * @non_overlapping_m: template length m of §2.7, 2..16 (sts-2.1.2: 9, all 148 aperiodic
 *   templates; for m ≥ 10 sts-2.1.2 uses 148 of them, every ⌊count/148⌋-th, and so do we)
 * @non_overlapping_n_blocks: number of blocks N of §2.7 (sts-2.1.2: 8)
 * @overlapping_m: template length m of §2.8, 2..16 (sts-2.1.2: 9)
 * @overlapping_block_length: block length M of §2.8 (sts-2.1.2: 1032)
 * @linear_complexity_m: block length M of §2.10 (sts-2.1.2: 500)
 * @serial_m: block length m of §2.11, 2..20 (sts-2.1.2: 16)
 * @approximate_entropy_m: block length m of §2.12, 1..20 (sts-2.1.2: 10)
 * @alpha: significance level, 0 < α < 1 (SP 800-22 §4.2: 0.01)
 *
 * Parameters a caller may change. The others follow from n as the spec's tables say: the
 * longest-run (M, K) of §2.4.2, universal (L, Q) of §2.9.7, the 32 × 32 matrices of §2.5.
 * Initialise with dkg_nist_params_init().
 */
typedef struct
{
  guint  block_frequency_m;
  guint  non_overlapping_m;
  guint  non_overlapping_n_blocks;
  guint  overlapping_m;
  guint  overlapping_block_length;
  guint  linear_complexity_m;
  guint  serial_m;
  guint  approximate_entropy_m;
  double alpha;
} DkgNistParams;

typedef struct _DkgNistBits DkgNistBits;
typedef struct _DkgNistResult DkgNistResult;
typedef struct _DkgNistReport DkgNistReport;

void                 dkg_nist_params_init               (DkgNistParams       *params);
gboolean             dkg_nist_params_validate           (const DkgNistParams *params,
                                                         GError             **error);

const char          *dkg_nist_test_get_id               (DkgNistTest          test);
const char          *dkg_nist_test_get_title            (DkgNistTest          test);
const char          *dkg_nist_test_get_section          (DkgNistTest          test);
const char          *dkg_nist_status_to_string          (DkgNistStatus        status);

guint8              *dkg_nist_parse_ascii               (const char          *text,
                                                         gssize               length,
                                                         gsize                max_bits,
                                                         gsize               *n_bits,
                                                         GError             **error);

DkgNistBits         *dkg_nist_bits_new                  (const guint8        *bits_msb_first,
                                                         gsize                n_bits);
void                 dkg_nist_bits_free                 (DkgNistBits         *bits);
gsize                dkg_nist_bits_get_length           (const DkgNistBits   *bits);
guint                dkg_nist_bits_get                  (const DkgNistBits   *bits,
                                                         gsize                i);

DkgNistResult       *dkg_nist_run_test                  (DkgNistTest          test,
                                                         const DkgNistBits   *bits,
                                                         const DkgNistParams *params,
                                                         GError             **error);
DkgNistReport       *dkg_nist_run_all                   (const guint8        *bits_msb_first,
                                                         gsize                n_bits,
                                                         const DkgNistParams *params,
                                                         GError             **error);
DkgNistReport       *dkg_nist_run_all_bits              (const DkgNistBits   *bits,
                                                         const DkgNistParams *params,
                                                         GError             **error);

void                 dkg_nist_result_free               (DkgNistResult       *result);
DkgNistTest          dkg_nist_result_get_test           (const DkgNistResult *result);
const char          *dkg_nist_result_get_name           (const DkgNistResult *result);
DkgNistStatus        dkg_nist_result_get_status         (const DkgNistResult *result);
const char          *dkg_nist_result_get_reason         (const DkgNistResult *result);
const char          *dkg_nist_result_get_note           (const DkgNistResult *result);
double               dkg_nist_result_get_alpha          (const DkgNistResult *result);
guint                dkg_nist_result_get_n_p_values     (const DkgNistResult *result);
double               dkg_nist_result_get_p_value        (const DkgNistResult *result,
                                                         guint                i);
const char          *dkg_nist_result_get_p_value_label  (const DkgNistResult *result,
                                                         guint                i);
gboolean             dkg_nist_result_get_passed         (const DkgNistResult *result,
                                                         guint                i);
guint                dkg_nist_result_get_n_passed       (const DkgNistResult *result);
double               dkg_nist_result_get_proportion     (const DkgNistResult *result);
double               dkg_nist_result_get_min_proportion (const DkgNistResult *result);
guint                dkg_nist_result_get_n_params       (const DkgNistResult *result);
gint64               dkg_nist_result_get_param          (const DkgNistResult *result,
                                                         guint                i,
                                                         const char         **name);
gboolean             dkg_nist_result_lookup_param       (const DkgNistResult *result,
                                                         const char          *name,
                                                         gint64              *value);
guint                dkg_nist_result_get_n_stats        (const DkgNistResult *result);
double               dkg_nist_result_get_stat           (const DkgNistResult *result,
                                                         guint                i,
                                                         const char         **name);
gboolean             dkg_nist_result_lookup_stat        (const DkgNistResult *result,
                                                         const char          *name,
                                                         double              *value);
double               dkg_nist_result_get_elapsed        (const DkgNistResult *result);

void                 dkg_nist_report_free               (DkgNistReport       *report);
gsize                dkg_nist_report_get_n_bits         (const DkgNistReport *report);
const DkgNistParams *dkg_nist_report_get_params         (const DkgNistReport *report);
const DkgNistResult *dkg_nist_report_get_result         (const DkgNistReport *report,
                                                         DkgNistTest          test);
guint                dkg_nist_report_count_status       (const DkgNistReport *report,
                                                         DkgNistStatus        status);
double               dkg_nist_report_get_elapsed        (const DkgNistReport *report);
char                *dkg_nist_report_to_json            (const DkgNistReport *report,
                                                         gboolean             pretty);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DkgNistBits, dkg_nist_bits_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DkgNistResult, dkg_nist_result_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DkgNistReport, dkg_nist_report_free)

G_END_DECLS
