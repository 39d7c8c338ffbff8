/* dkg-analysis.h — every image metric of a plaintext/ciphertext pair at once
 * (docs/SPECIFICATION.md §6)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "dkg-analysis-common.h"
#include "dkg-correlation.h"
#include "dkg-differential.h"
#include "dkg-entropy.h"
#include "dkg-histogram.h"
#include "dkg-similarity.h"
#include "dkg-image.h"

G_BEGIN_DECLS

/**
 * DkgImageAnalysis:
 * @histogram: per-channel histogram and χ² test
 * @entropy: global Shannon entropy, per channel and pooled, with its expectation
 * @correlation: adjacent-pixel correlation over all pairs, per channel and direction
 * @local_entropy: (nullable): local Shannon entropy; %NULL when the image is smaller than
 *   one block (then @local_entropy_note says so)
 * @local_entropy_note: (nullable): why @local_entropy is %NULL
 */
typedef struct
{
  DkgHistogram     *histogram;
  DkgEntropy        entropy;
  DkgCorrelation    correlation;
  DkgLocalEntropy  *local_entropy;
  char             *local_entropy_note;
} DkgImageAnalysis;

/**
 * DkgPairAnalysis:
 * @plain: metrics of the plaintext image
 * @cipher: metrics of the ciphertext image
 * @differential: NPCR/UACI between plaintext and ciphertext
 * @similarity: MSE, PSNR and SSIM between plaintext and ciphertext
 */
typedef struct
{
  DkgImageAnalysis  *plain;
  DkgImageAnalysis  *cipher;
  DkgDifferential    differential;
  DkgSimilarity      similarity;
} DkgPairAnalysis;

DkgImageAnalysis  *dkg_image_analysis_compute  (const DkgImage                *image,
                                                const DkgLocalEntropyOptions  *options);
void               dkg_image_analysis_free     (DkgImageAnalysis              *analysis);
DkgPairAnalysis   *dkg_pair_analysis_compute   (const DkgImage                *plain,
                                                const DkgImage                *cipher,
                                                const DkgLocalEntropyOptions  *options,
                                                GError                       **error);
void               dkg_pair_analysis_free      (DkgPairAnalysis               *analysis);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DkgImageAnalysis, dkg_image_analysis_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DkgPairAnalysis, dkg_pair_analysis_free)

G_END_DECLS
