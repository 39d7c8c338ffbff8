/* dkg-histogram.h — per-channel histograms and the χ² uniformity test (docs/SPECIFICATION.md §6.2)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "dkg-analysis-common.h"
#include "dkg-image.h"

G_BEGIN_DECLS

/**
 * DkgHistogram:
 * @channels: channels of the image, 1–4
 * @bit_depth: 8 or 16
 * @is_signed: samples were signed 16-bit; level v holds the sample value v − 32768
 * @n_bins: 2^@bit_depth
 * @n_per_channel: samples per channel (width·height)
 * @counts: @channels·@n_bins counts; counts[c·n_bins + level] is the number of samples of
 *   channel c at that level (level = sample value, + 32768 when @is_signed)
 * @df: degrees of freedom of the χ² tests, @n_bins − 1
 * @chi2: per channel, χ² = Σ (o − e)²/e against the uniform expectation e = @n_per_channel/@n_bins
 * @p_value: per channel, P(χ²(@df) ≥ @chi2), the upper tail (gsl_cdf_chisq_Q)
 * @chi2_all: χ² of the counts of all channels pooled (@n_bins bins, e = @channels·@n_per_channel/@n_bins)
 * @p_value_all: its upper-tail p-value
 * @chi2_critical: χ²(@df) upper quantiles at α = 0.05, 0.01, 0.001 (dkg_analysis_alpha());
 *   a channel passes the uniformity test at α when @chi2 ≤ @chi2_critical[α], i.e. @p_value ≥ α
 *   (for 8-bit, 293.2478 at α = 0.05)
 */
typedef struct
{
  guint     channels;
  guint     bit_depth;
  gboolean  is_signed;
  guint     n_bins;
  guint64   n_per_channel;
  guint64  *counts;
  guint     df;
  double    chi2[DKG_ANALYSIS_MAX_CHANNELS];
  double    p_value[DKG_ANALYSIS_MAX_CHANNELS];
  double    chi2_all;
  double    p_value_all;
  double    chi2_critical[DKG_ANALYSIS_N_ALPHAS];
} DkgHistogram;

DkgHistogram *dkg_histogram_compute        (const void         *samples,
                                            guint               width,
                                            guint               height,
                                            guint               channels,
                                            guint               bit_depth,
                                            gboolean            is_signed);
DkgHistogram *dkg_histogram_compute_image  (const DkgImage     *image);
void          dkg_histogram_free           (DkgHistogram       *histogram);
double        dkg_histogram_chi2           (const guint64      *counts,
                                            gsize               n_bins,
                                            double             *p_value);
int           dkg_histogram_level_value    (const DkgHistogram *histogram,
                                            guint               level);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DkgHistogram, dkg_histogram_free)

G_END_DECLS
