/* dkg-differential.h — NPCR and UACI with the critical values of Wu, Noonan & Agaian (2011)
 * (docs/SPECIFICATION.md §6.3, §6.6)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "dkg-analysis-common.h"
#include "dkg-image.h"

G_BEGIN_DECLS

/**
 * DkgDifferentialCritical:
 * @alpha: significance level
 * @npcr_mu: expected NPCR of two independent uniform random images, percent
 * @npcr_sigma: its standard deviation, percent
 * @npcr_critical: N*_α, percent; NPCR passes when NPCR ≥ N*_α
 * @uaci_mu: expected UACI, percent
 * @uaci_sigma: its standard deviation, percent
 * @uaci_low: U*−_α, percent
 * @uaci_high: U*+_α, percent; UACI passes when U*−_α ≤ UACI ≤ U*+_α
 */
typedef struct
{
  double  alpha;
  double  npcr_mu;
  double  npcr_sigma;
  double  npcr_critical;
  double  uaci_mu;
  double  uaci_sigma;
  double  uaci_low;
  double  uaci_high;
} DkgDifferentialCritical;

/**
 * DkgDifferentialStats:
 * @n_samples: samples compared (width·height for one channel, ·channels when pooled)
 * @npcr: number of changing pixel rate, percent, 0 … 100
 * @uaci: unified average changing intensity, percent, 0 … 100
 * @critical: critical values for @n_samples at α = 0.05, 0.01, 0.001
 * @npcr_pass: NPCR ≥ N*_α
 * @uaci_pass: U*−_α ≤ UACI ≤ U*+_α
 */
typedef struct
{
  guint64                  n_samples;
  double                   npcr;
  double                   uaci;
  DkgDifferentialCritical  critical[DKG_ANALYSIS_N_ALPHAS];
  gboolean                 npcr_pass[DKG_ANALYSIS_N_ALPHAS];
  gboolean                 uaci_pass[DKG_ANALYSIS_N_ALPHAS];
} DkgDifferentialStats;

/**
 * DkgDifferential:
 * @channels: channels compared
 * @bit_depth: 8 or 16; F = 2^@bit_depth − 1
 * @channel: per channel
 * @all: all channels pooled
 */
typedef struct
{
  guint                 channels;
  guint                 bit_depth;
  DkgDifferentialStats  channel[DKG_ANALYSIS_MAX_CHANNELS];
  DkgDifferentialStats  all;
} DkgDifferential;

void      dkg_differential_critical        (guint64                  n_samples,
                                            guint                    bit_depth,
                                            double                   alpha,
                                            DkgDifferentialCritical *out);
void      dkg_differential_compute         (const void              *a,
                                            const void              *b,
                                            guint                    width,
                                            guint                    height,
                                            guint                    channels,
                                            guint                    bit_depth,
                                            gboolean                 is_signed,
                                            DkgDifferential         *out);
gboolean  dkg_differential_compute_images  (const DkgImage          *a,
                                            const DkgImage          *b,
                                            DkgDifferential         *out,
                                            GError                 **error);
gboolean  dkg_differential_keys            (const DkgImage          *key1,
                                            const DkgImage          *key2,
                                            DkgDifferential         *out,
                                            GError                 **error);
gboolean  dkg_differential_perturb_sample  (DkgImage                *image,
                                            guint                    x,
                                            guint                    y,
                                            guint                    channel,
                                            GError                 **error);

G_END_DECLS
