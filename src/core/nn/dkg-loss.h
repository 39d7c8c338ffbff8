/* dkg-loss.h — losses, mean-reduced, values in double
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* mean over n of BCE-with-logits against a constant target t ∈ [0, 1]:
 * ℓ(x) = max(x, 0) − x·t + log(1 + exp(−|x|))  (PyTorch's BCEWithLogitsLoss, numerically stable) */
double dkg_bce_with_logits_forward  (const float *logits, float target, gsize n);
/* dlogits += scale · ∂(mean ℓ)/∂x = scale · (σ(x) − t) / n */
void   dkg_bce_with_logits_backward (float *dlogits, const float *logits, float target, gsize n,
                                     float scale);
double dkg_mean_forward             (const float *x, gsize n);
/* dx += scale / n */
void   dkg_mean_backward            (float *dx, gsize n, float scale);
/* mean over n of (a − b)² */
double dkg_mse_forward              (const float *a, const float *b, gsize n);
/* da += scale · 2(a − b) / n */
void   dkg_mse_backward             (float *da, const float *a, const float *b, gsize n,
                                     float scale);
/* mean over n of (x − t)² against a constant target t (LSGAN, Mao et al. 2017, Eq. 2) */
double dkg_least_squares_forward    (const float *x, float target, gsize n);
/* dx += scale · 2(x − t) / n */
void   dkg_least_squares_backward   (float *dx, const float *x, float target, gsize n,
                                     float scale);

G_END_DECLS
