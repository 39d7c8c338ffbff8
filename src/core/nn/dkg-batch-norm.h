/* dkg-batch-norm.h — BatchNorm2d: affine, eps 1e-5, momentum 0.1, training and inference modes
 *
 * inp, out (B, C, H·W); gamma, beta, running_mean, running_var (C); mean, rstd (C) saved for
 * the backward pass. Training: batch statistics over (B, H, W) with the biased variance; the
 * running statistics are updated as PyTorch does: running = (1 − momentum)·running +
 * momentum·batch, with the unbiased variance (n / (n − 1)) for running_var. Inference: the
 * running statistics normalise. out may alias inp.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define DKG_BATCH_NORM_EPS      1e-5f
#define DKG_BATCH_NORM_MOMENTUM 0.1f

void dkg_batch_norm_forward  (float       *out,
                              float       *mean,
                              float       *rstd,
                              float       *running_mean,
                              float       *running_var,
                              const float *inp,
                              const float *gamma,
                              const float *beta,
                              int          B,
                              int          C,
                              int          HW,
                              gboolean     training);

/* Accumulates (+=) into dinp, dgamma, dbeta (each may be NULL). xhat = (inp − mean)·rstd is
 * recomputed from inp. In inference mode mean/rstd are those of the running statistics. */
void dkg_batch_norm_backward (float       *dinp,
                              float       *dgamma,
                              float       *dbeta,
                              const float *dout,
                              const float *inp,
                              const float *mean,
                              const float *rstd,
                              const float *gamma,
                              int          B,
                              int          C,
                              int          HW,
                              gboolean     training);

G_END_DECLS
