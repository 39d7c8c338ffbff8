/* dkg-entropy.h — global and local Shannon entropy (docs/SPECIFICATION.md §6.1)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "dkg-analysis-common.h"
#include "dkg-histogram.h"
#include "dkg-image.h"

G_BEGIN_DECLS

/**
 * DkgEntropy:
 * @channels: channels of the image, 1–4
 * @bit_depth: 8 or 16
 * @n_bins: 2^@bit_depth
 * @n_per_channel: samples per channel (width·height)
 * @channel: Shannon entropy of each channel's histogram, bits per sample, 0 … @bit_depth
 * @all: Shannon entropy of all samples of all channels pooled, bits per sample
 * @expected_channel: exact mean entropy of @n_per_channel independent uniform samples over
 *   @n_bins bins (dkg_entropy_expected()), the value ideal random data of this size has
 * @expected_all: the same for @channels·@n_per_channel samples
 */
typedef struct
{
  guint    channels;
  guint    bit_depth;
  guint64  n_bins;
  guint64  n_per_channel;
  double   channel[DKG_ANALYSIS_MAX_CHANNELS];
  double   all;
  double   expected_channel;
  double   expected_all;
} DkgEntropy;

/**
 * DkgLocalEntropyOptions:
 * @n_blocks: k, blocks to draw (Wu et al. 2013: 30)
 * @block_size: side of the square blocks in pixels (44, so T_B = 1936 pixels)
 * @seed: seed of the block selection (#DkgRand)
 *
 * %NULL options mean { 30, 44, 0 }.
 */
typedef struct
{
  guint    n_blocks;
  guint    block_size;
  guint64  seed;
} DkgLocalEntropyOptions;

/**
 * DkgEntropyInterval:
 * @alpha: significance level
 * @h_left: lower critical value of the mean of k block entropies, bits
 * @h_right: upper critical value, bits
 */
typedef struct
{
  double  alpha;
  double  h_left;
  double  h_right;
} DkgEntropyInterval;

/**
 * DkgLocalEntropy:
 * @channels: channels of the image
 * @bit_depth: 8 or 16; block entropies are over 2^@bit_depth symbols
 * @n_blocks_requested: k asked for
 * @n_blocks: k used: fewer than requested when the image holds fewer disjoint blocks
 *   (a 256×256 image holds 25 blocks of 44×44); the critical values are computed for this k
 * @block_size: side of the blocks
 * @seed: seed of the block selection
 * @block_x: (array length=n_blocks): left column of each block
 * @block_y: (array length=n_blocks): top row of each block
 * @channel: per channel, the mean of the @n_blocks block entropies, bits (the same blocks
 *   in every channel)
 * @mu: exact mean of the entropy of one block of uniform random samples
 * @sigma: exact standard deviation of that entropy
 * @interval: critical intervals at α = 0.05, 0.01, 0.001
 * @pass: @pass[c][a] is %TRUE when @channel[c] lies in @interval[a]
 */
typedef struct
{
  guint               channels;
  guint               bit_depth;
  guint               n_blocks_requested;
  guint               n_blocks;
  guint               block_size;
  guint64             seed;
  guint              *block_x;
  guint              *block_y;
  double              channel[DKG_ANALYSIS_MAX_CHANNELS];
  double              mu;
  double              sigma;
  DkgEntropyInterval  interval[DKG_ANALYSIS_N_ALPHAS];
  gboolean            pass[DKG_ANALYSIS_MAX_CHANNELS][DKG_ANALYSIS_N_ALPHAS];
} DkgLocalEntropy;

double            dkg_entropy_from_counts          (const guint64                *counts,
                                                    gsize                         n_bins);
double            dkg_entropy_bytes                (const guint8                 *data,
                                                    gsize                         n);
void              dkg_entropy_from_histogram       (const DkgHistogram           *histogram,
                                                    DkgEntropy                   *out);
void              dkg_entropy_compute              (const void                   *samples,
                                                    guint                         width,
                                                    guint                         height,
                                                    guint                         channels,
                                                    guint                         bit_depth,
                                                    gboolean                      is_signed,
                                                    DkgEntropy                   *out);
void              dkg_entropy_compute_image        (const DkgImage               *image,
                                                    DkgEntropy                   *out);
double            dkg_entropy_expected             (guint64                       n,
                                                    guint64                       n_bins);
double            dkg_entropy_expected_approx      (guint64                       n,
                                                    guint64                       n_bins);
void              dkg_entropy_moments              (guint64                       n,
                                                    guint64                       n_bins,
                                                    double                       *mean,
                                                    double                       *variance);

void              dkg_local_entropy_critical       (guint                         n_blocks,
                                                    guint64                       block_pixels,
                                                    guint64                       n_symbols,
                                                    double                        alpha,
                                                    double                       *mu,
                                                    double                       *sigma,
                                                    DkgEntropyInterval           *interval);
DkgLocalEntropy  *dkg_local_entropy_compute        (const void                   *samples,
                                                    guint                         width,
                                                    guint                         height,
                                                    guint                         channels,
                                                    guint                         bit_depth,
                                                    gboolean                      is_signed,
                                                    const DkgLocalEntropyOptions *options,
                                                    GError                      **error);
DkgLocalEntropy  *dkg_local_entropy_compute_image  (const DkgImage               *image,
                                                    const DkgLocalEntropyOptions *options,
                                                    GError                      **error);
void              dkg_local_entropy_free           (DkgLocalEntropy              *local);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DkgLocalEntropy, dkg_local_entropy_free)

G_END_DECLS
