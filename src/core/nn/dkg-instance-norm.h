/* dkg-instance-norm.h — InstanceNorm2d without affine parameters, eps 1e-5, biased variance
 *
 * inp, out (B, C, H·W); mean, rstd (B, C): per-plane statistics saved for the backward pass.
 * out = (inp − mean) · rstd, rstd = 1 / sqrt(var + eps). out may alias inp.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define DKG_INSTANCE_NORM_EPS 1e-5f

void dkg_instance_norm_forward  (float       *out,
                                 float       *mean,
                                 float       *rstd,
                                 const float *inp,
                                 int          B,
                                 int          C,
                                 int          HW);

/* InstanceNorm then ReLU: out as above, relu_out = max(out, 0). */
void dkg_instance_norm_relu_forward (float       *out,
                                     float       *relu_out,
                                     float       *mean,
                                     float       *rstd,
                                     const float *inp,
                                     int          B,
                                     int          C,
                                     int          HW);

/* Accumulates (+=) into dinp. xhat is the forward output (inp − mean)·rstd. */
void dkg_instance_norm_backward (float       *dinp,
                                 const float *dout,
                                 const float *xhat,
                                 const float *rstd,
                                 int          B,
                                 int          C,
                                 int          HW);
/* The same, overwriting dinp (= dkg_instance_norm_backward() into a zeroed dinp). */
void dkg_instance_norm_backward_overwrite (float       *dinp,
                                           const float *dout,
                                           const float *xhat,
                                           const float *rstd,
                                           int          B,
                                           int          C,
                                           int          HW);
/* The backward of ReLU(InstanceNorm(x)) from the gradient at the ReLU's output, overwriting
 * dinp; xhat is the InstanceNorm's output. */
void dkg_instance_norm_relu_backward_overwrite (float       *dinp,
                                                const float *dout,
                                                const float *xhat,
                                                const float *rstd,
                                                int          B,
                                                int          C,
                                                int          HW);

G_END_DECLS
