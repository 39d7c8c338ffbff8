/* dkg-metric-rows.h — the security metrics as rows: what was measured, our value, the
 * criterion and the verdict, worded once for every front end (docs/SPECIFICATION.md §6)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "dkg-analysis.h"
#include "dkg-nist.h"

G_BEGIN_DECLS

/**
 * DkgVerdict:
 * @DKG_VERDICT_PASS: the statistical test (or rule of thumb) is passed
 * @DKG_VERDICT_FAIL: it is failed
 * @DKG_VERDICT_INFO: no test applies; a figure to read
 * @DKG_VERDICT_NOT_APPLICABLE: the test's preconditions do not hold (too little data)
 */
typedef enum
{
  DKG_VERDICT_PASS,
  DKG_VERDICT_FAIL,
  DKG_VERDICT_INFO,
  DKG_VERDICT_NOT_APPLICABLE,
} DkgVerdict;

/**
 * DkgMetricRow:
 * @name: what was measured (translated), e.g. "NPCR, plaintext against ciphertext"
 * @value: our value with its unit (translated), e.g. "99.6094 %"
 * @criterion: the criterion or reference in words (translated), e.g. "Critical interval
 *   33.2295–33.6976 % (expected 33.4635 %)"
 * @verdict: the verdict
 * @number: our value as a number in the unit of @value (NAN when undefined)
 * @low: the pass region's lower end (−∞ when one-sided; NAN when no test applies)
 * @high: the pass region's upper end (+∞ when one-sided; NAN when no test applies)
 * @p_value: the p-value the verdict rests on (χ², NIST: the smallest), NAN for none
 *
 * One line of a metrics table. A test passes when @low ≤ @number ≤ @high, or for χ² and
 * NIST by its p-value; the wording of all three strings lives here only.
 */
typedef struct
{
  char       *name;
  char       *value;
  char       *criterion;
  DkgVerdict  verdict;
  double      number;
  double      low;
  double      high;
  double      p_value;
} DkgMetricRow;

const char   *dkg_verdict_to_string          (DkgVerdict                   verdict);
const char   *dkg_verdict_get_label          (DkgVerdict                   verdict);
DkgVerdict    dkg_verdict_from_pass          (gboolean                     pass);
char         *dkg_metric_format_p            (double                       p);

void          dkg_metric_row_free            (DkgMetricRow                *row);
DkgMetricRow *dkg_metric_row_npcr            (const DkgDifferentialStats  *stats,
                                              guint                        alpha_index,
                                              const char                  *name);
DkgMetricRow *dkg_metric_row_uaci            (const DkgDifferentialStats  *stats,
                                              guint                        alpha_index,
                                              const char                  *name);
DkgMetricRow *dkg_metric_row_entropy         (const DkgEntropy            *entropy,
                                              const char                  *name);
DkgMetricRow *dkg_metric_row_local_entropy   (const DkgImageAnalysis      *analysis,
                                              guint                        width,
                                              guint                        height,
                                              const char                  *name);
DkgMetricRow *dkg_metric_row_chi2            (const DkgHistogram          *histogram,
                                              const char                  *name);
DkgMetricRow *dkg_metric_row_correlation     (const DkgCorrelationValue   *value,
                                              const DkgCorrelationValue   *plain_value,
                                              DkgDirection                 direction);
DkgMetricRow *dkg_metric_row_ssim            (const DkgSimilarity         *similarity);
DkgMetricRow *dkg_metric_row_psnr            (const DkgSimilarity         *similarity);
DkgMetricRow *dkg_metric_row_nist            (const DkgNistReport         *report,
                                              DkgNistTest                  test);

GPtrArray    *dkg_metric_rows_pair           (const DkgPairAnalysis       *pair,
                                              const DkgImageAnalysis      *key,
                                              guint                        cipher_width,
                                              guint                        cipher_height);
GPtrArray    *dkg_metric_rows_nist           (const DkgNistReport         *report);
void          dkg_metric_rows_count          (GPtrArray                   *rows,
                                              guint                       *n_pass,
                                              guint                       *n_tests);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DkgMetricRow, dkg_metric_row_free)

G_END_DECLS
