/* dkg-similarity.h — MSE, PSNR and SSIM (docs/SPECIFICATION.md §6.5)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "dkg-analysis-common.h"
#include "dkg-image.h"

G_BEGIN_DECLS

/** DKG_SSIM_WINDOW: side of the Gaussian SSIM window (σ = 1.5, truncated at 3.5σ: radius 5). */
#define DKG_SSIM_WINDOW 11

/**
 * DkgSimilarity:
 * @channels: channels compared
 * @bit_depth: 8 or 16
 * @peak: L = 2^@bit_depth − 1, the data range of MSE, PSNR and SSIM
 * @mse: per channel mean squared error, squared sample units, 0 … L²
 * @mse_all: over all samples of all channels
 * @psnr: per channel 10·log₁₀(L²/MSE), dB; +∞ when MSE = 0 (identical channels)
 * @psnr_all: from @mse_all
 * @ssim_defined: %FALSE when the image is narrower or lower than the 11×11 window (then
 *   @ssim and @ssim_mean are NaN)
 * @ssim: per channel mean SSIM, −1 … 1
 * @ssim_mean: mean of @ssim over the channels
 */
typedef struct
{
  guint     channels;
  guint     bit_depth;
  double    peak;
  double    mse[DKG_ANALYSIS_MAX_CHANNELS];
  double    mse_all;
  double    psnr[DKG_ANALYSIS_MAX_CHANNELS];
  double    psnr_all;
  gboolean  ssim_defined;
  double    ssim[DKG_ANALYSIS_MAX_CHANNELS];
  double    ssim_mean;
} DkgSimilarity;

double    dkg_similarity_psnr            (double           mse,
                                          double           peak);
gboolean  dkg_similarity_ssim            (const void      *a,
                                          const void      *b,
                                          guint            width,
                                          guint            height,
                                          guint            channels,
                                          guint            bit_depth,
                                          gboolean         is_signed,
                                          double          *ssim_channel,
                                          double          *ssim_mean,
                                          GError         **error);
void      dkg_similarity_compute         (const void      *a,
                                          const void      *b,
                                          guint            width,
                                          guint            height,
                                          guint            channels,
                                          guint            bit_depth,
                                          gboolean         is_signed,
                                          DkgSimilarity   *out);
gboolean  dkg_similarity_compute_images  (const DkgImage  *a,
                                          const DkgImage  *b,
                                          DkgSimilarity   *out,
                                          GError         **error);

G_END_DECLS
