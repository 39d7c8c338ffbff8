/* dkg-activation.h — ReLU, LeakyReLU, tanh, residual add, spatial mean
 *
 * Element-wise over n floats; out may alias inp. Backward passes accumulate (+=) into dinp and
 * read the forward *output*, so the forward may run in place.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define DKG_LEAKY_RELU_SLOPE 0.2f

void dkg_relu_forward           (float *out, const float *inp, gsize n);
void dkg_relu_backward          (float *dinp, const float *dout, const float *out, gsize n);
/* out = dout·[fwd_out > 0], overwritten: dkg_relu_backward() into a zeroed buffer, in one pass */
void dkg_relu_tangent           (float *out, const float *dout, const float *fwd_out, gsize n);
void dkg_leaky_relu_forward     (float *out, const float *inp, gsize n, float slope);
void dkg_leaky_relu_backward    (float *dinp, const float *dout, const float *out, gsize n,
                                 float slope);
/* out = dout·(fwd_out > 0 ? 1 : slope), overwritten: the LeakyReLU's Jacobian applied to a
 * tangent (or, written into a zeroed buffer, its backward) */
void dkg_leaky_relu_tangent     (float *out, const float *dout, const float *fwd_out, gsize n,
                                 float slope);
void dkg_tanh_forward           (float *out, const float *inp, gsize n);
void dkg_tanh_backward          (float *dinp, const float *dout, const float *out, gsize n);
/* out = a + b (out may alias a or b). Its backward is dinp_a += dout, dinp_b += dout. */
void dkg_add_forward            (float *out, const float *a, const float *b, gsize n);
/* inp (B, C, HW) → out (B, C): mean over each plane. */
void dkg_spatial_mean_forward   (float *out, const float *inp, int B, int C, int HW);
void dkg_spatial_mean_backward  (float *dinp, const float *dout, int B, int C, int HW);

G_END_DECLS
