/* dkg-baseline-eval.h — one row of the baseline tables: a classic generator's key, measured
 * (docs/SPECIFICATION.md §6.10)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "dkg-correlation.h"
#include "dkg-nist.h"
#include "dkg-baselines.h"

G_BEGIN_DECLS

/**
 * DkgBaselineResult:
 * @baseline: the generator
 * @width: width of @key
 * @height: height of @key
 * @n_bytes: key bytes generated, @width·@height·3
 * @generation_ms: wall-clock time of dkg_baseline_generate() alone, milliseconds
 * @deterministic: the same seed always gives the same key (all but the OS CSPRNG)
 * @key: *Owned*: the key, a @width × @height 8-bit RGB image whose bytes in raster order
 *   (channels interleaved) are the generator's output
 * @entropy: Shannon entropy of the @n_bytes bytes, bits per byte (§6.1), 0 … 8
 * @entropy_expected: mean entropy of @n_bytes uniform random bytes (dkg_entropy_expected())
 * @chi2: χ² of the byte histogram against uniform (§6.2), 255 degrees of freedom
 * @chi2_p_value: its upper-tail p-value; uniformity passes at α when @chi2_p_value ≥ α
 * @correlation: adjacent-pixel correlation of @key per channel and direction (§6.4)
 * @nist: (nullable): *Owned*: NIST SP 800-22 on all 8·@n_bytes bits, most significant bit
 *   first (§6.7), or %NULL when it was not asked for
 *
 * One row of the baseline tables.
 */
typedef struct
{
  DkgBaseline     baseline;
  guint           width;
  guint           height;
  gsize           n_bytes;
  double          generation_ms;
  gboolean        deterministic;
  DkgImage       *key;
  double          entropy;
  double          entropy_expected;
  double          chi2;
  double          chi2_p_value;
  DkgCorrelation  correlation;
  DkgNistReport  *nist;
} DkgBaselineResult;

DkgBaselineResult *dkg_baseline_evaluate            (DkgBaseline          baseline,
                                                     const DkgImage      *seed,
                                                     guint                width,
                                                     guint                height,
                                                     gboolean             run_nist,
                                                     const DkgNistParams *nist_params,
                                                     GError             **error);
void               dkg_baseline_result_free         (DkgBaselineResult   *result);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DkgBaselineResult, dkg_baseline_result_free)

G_END_DECLS
