/* dkg-steganalysis.h — the chi-square attack on LSB embedding (Westfeld & Pfitzmann, 1999)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "dkg-image.h"

G_BEGIN_DECLS

/** DKG_STEGANALYSIS_DEFAULT_POINTS: points of the curve by default (1 % steps). */
#define DKG_STEGANALYSIS_DEFAULT_POINTS 100
/** DKG_STEGANALYSIS_MAX_POINTS: most points of a curve. */
#define DKG_STEGANALYSIS_MAX_POINTS 10000
/** DKG_STEGANALYSIS_MIN_EXPECTED: a pair of values is a category only if its expected count
 * (n₂ᵢ + n₂ᵢ₊₁)/2 is at least this (the usual rule for the χ² approximation). */
#define DKG_STEGANALYSIS_MIN_EXPECTED 5.0
/** DKG_STEGANALYSIS_THRESHOLD: a scanned prefix counts as embedded when p exceeds this. */
#define DKG_STEGANALYSIS_THRESHOLD 0.5

/**
 * DkgSteganalysisPoint:
 * @fraction: fraction of the carrier samples scanned, in (0, 1]
 * @n_samples: samples scanned
 * @chi2: χ² = Σ (n₂ᵢ − n*ᵢ)² / n*ᵢ over the categories, n*ᵢ = (n₂ᵢ + n₂ᵢ₊₁)/2
 * @df: degrees of freedom, categories − 1
 * @p_value: probability of embedding, P(χ²(@df) ≥ @chi2); NaN when fewer than two pairs
 *   qualify as categories (the test is not applicable)
 */
typedef struct
{
  double   fraction;
  guint64  n_samples;
  double   chi2;
  guint    df;
  double   p_value;
} DkgSteganalysisPoint;

/**
 * DkgSteganalysis:
 * @n_points: points of the curve
 * @points: (array length=n_points): the curve, at fractions 1/@n_points, 2/@n_points, …, 1
 * @n_carriers: carrier samples of the image (dkg_lsb_stego_n_carriers(): alpha excluded)
 * @p_full: p at 100 % scanned (NaN if not applicable)
 * @embedded_fraction: the largest scanned fraction at which p > %DKG_STEGANALYSIS_THRESHOLD,
 *   0 if there is none: an estimate of the share of the image carrying a message written
 *   sequentially from the first sample (it tends to overshoot a little)
 * @detected: @embedded_fraction > 0
 *
 * The result of dkg_steganalysis_chi2_attack().
 */
typedef struct
{
  guint                  n_points;
  DkgSteganalysisPoint  *points;
  guint64                n_carriers;
  double                 p_full;
  double                 embedded_fraction;
  gboolean               detected;
} DkgSteganalysis;

double           dkg_steganalysis_pairs_test   (const guint64     counts[256],
                                                double           *chi2,
                                                guint            *df);
DkgSteganalysis *dkg_steganalysis_chi2_attack  (const DkgImage   *image,
                                                guint             n_points,
                                                GError          **error);
void             dkg_steganalysis_free         (DkgSteganalysis  *result);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DkgSteganalysis, dkg_steganalysis_free)

G_END_DECLS
