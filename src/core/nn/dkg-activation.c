/* dkg-activation.c — ReLU, LeakyReLU, tanh, residual add, spatial mean
 *
 * Element-wise layers over n floats (any shape); out may alias inp. The backward passes take
 * the forward *output* and accumulate (+=) into dinp:
 *   ReLU       y = max(x, 0)            dx += dy·[y > 0]
 *   LeakyReLU  y = x > 0 ? x : a·x      dx += dy·(y > 0 ? 1 : a)     (a > 0 keeps the sign)
 *   tanh       y = tanh(x)              dx += dy·(1 − y²)
 *   add        y = a + b                da += dy, db += dy
 *   spatial mean  inp (B, C, HW) → out (B, C) = mean over HW;  dx += dy / HW
 * The loops are branch-free vector selects (the sign of an activation is unpredictable, so a
 * branch per element costs a misprediction every other element).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>

#include "dkg-activation.h"
#include "dkg-simd-private.h"

/** dkg_relu_forward: @out, @inp (n): out = max(inp, 0) (PyTorch nn.ReLU). */
DKG_HOT void
dkg_relu_forward (float *out, const float *inp, gsize n)
{
  const DkgV16 zero = { 0 };
  gsize i = 0;

  for (; i + DKG_VL <= n; i += DKG_VL)
    {
      DkgV16 x = DKG_LOADU (inp + i);

      DKG_STOREU (out + i, DKG_SELECT (x > zero, x, zero));
    }
  for (; i < n; i++)
    out[i] = inp[i] > 0.0f ? inp[i] : 0.0f;
}

/** dkg_relu_backward: @dinp, @dout, @out (n): dinp += dout·[out > 0]. */
DKG_HOT void
dkg_relu_backward (float *dinp, const float *dout, const float *out, gsize n)
{
  const DkgV16 zero = { 0 };
  gsize i = 0;

  for (; i + DKG_VL <= n; i += DKG_VL)
    DKG_STOREU (dinp + i, DKG_LOADU (dinp + i)
                            + DKG_SELECT (DKG_LOADU (out + i) > zero, DKG_LOADU (dout + i), zero));
  for (; i < n; i++)
    dinp[i] += out[i] > 0.0f ? dout[i] : 0.0f;
}

/** dkg_relu_tangent: @out, @dout, @fwd_out (n): out = dout·[fwd_out > 0]. */
DKG_HOT void
dkg_relu_tangent (float *out, const float *dout, const float *fwd_out, gsize n)
{
  const DkgV16 zero = { 0 };
  gsize i = 0;

  for (; i + DKG_VL <= n; i += DKG_VL)
    DKG_STOREU (out + i, DKG_SELECT (DKG_LOADU (fwd_out + i) > zero, DKG_LOADU (dout + i), zero));
  for (; i < n; i++)
    out[i] = fwd_out[i] > 0.0f ? dout[i] : 0.0f;
}

/**
 * dkg_leaky_relu_forward:
 * @out: (n) may alias @inp
 * @inp: (n)
 * @slope: a > 0, %DKG_LEAKY_RELU_SLOPE in the networks
 *
 * out = inp > 0 ? inp : a·inp (PyTorch nn.LeakyReLU(a)).
 */
DKG_HOT void
dkg_leaky_relu_forward (float *out, const float *inp, gsize n, float slope)
{
  const DkgV16 zero = { 0 };
  gsize i = 0;

  for (; i + DKG_VL <= n; i += DKG_VL)
    {
      DkgV16 x = DKG_LOADU (inp + i);

      DKG_STOREU (out + i, DKG_SELECT (x > zero, x, x * slope));
    }
  for (; i < n; i++)
    out[i] = inp[i] > 0.0f ? inp[i] : slope * inp[i];
}

/** dkg_leaky_relu_backward: @dinp, @dout, @out (n): dinp += dout·(out > 0 ? 1 : slope). */
DKG_HOT void
dkg_leaky_relu_backward (float *dinp, const float *dout, const float *out, gsize n, float slope)
{
  const DkgV16 zero = { 0 };
  gsize i = 0;

  for (; i + DKG_VL <= n; i += DKG_VL)
    {
      DkgV16 d = DKG_LOADU (dout + i);

      DKG_STOREU (dinp + i, DKG_LOADU (dinp + i)
                              + DKG_SELECT (DKG_LOADU (out + i) > zero, d, d * slope));
    }
  for (; i < n; i++)
    dinp[i] += out[i] > 0.0f ? dout[i] : slope * dout[i];
}

/** dkg_leaky_relu_tangent: @out, @dout, @fwd_out (n): out = dout·(fwd_out > 0 ? 1 : slope). */
DKG_HOT void
dkg_leaky_relu_tangent (float *out, const float *dout, const float *fwd_out, gsize n, float slope)
{
  const DkgV16 zero = { 0 };
  gsize i = 0;

  for (; i + DKG_VL <= n; i += DKG_VL)
    {
      DkgV16 d = DKG_LOADU (dout + i);

      DKG_STOREU (out + i, DKG_SELECT (DKG_LOADU (fwd_out + i) > zero, d, d * slope));
    }
  for (; i < n; i++)
    out[i] = fwd_out[i] > 0.0f ? dout[i] : slope * dout[i];
}

/* tanh of 16 floats. |x| < 2⁻¹²: x; |x| < 0.625: x + x³·P(x²) (Cephes tanhf); otherwise
 * 1 − 2/(e^{2|x|} + 1) with e^t by Cephes expf (t = n·ln 2 + r, |r| ≤ ln2/2, degree-6
 * polynomial, 2^n through the exponent bits), 1 beyond |x| = 9.1 where tanhf rounds to 1; the
 * sign put back; NaN passes through. Within 3 ulp of the correctly rounded value (tested). */
#define TANH16(x)                                                                              \
  ({                                                                                           \
    DkgV16 x_ = (x), a_, z_, small_, t_, r_, e_, p_, big_, y_;                                 \
    DkgV16i n_, neg_;                                                                          \
    neg_ = (DkgV16i) x_ & ((DkgV16i) { 0 } + G_MININT32);                                     \
    a_ = (DkgV16) ((DkgV16i) x_ & ~neg_);                                                      \
    z_ = x_ * x_;                                                                              \
    small_ = ((((-5.70498872745e-3f * z_ + 2.06390887954e-2f) * z_ - 5.37397155531e-2f) * z_   \
               + 1.33314422036e-1f) * z_ - 3.33332819422e-1f) * z_ * x_ + x_;                   \
    t_ = 2.0f * a_;                                                                            \
    t_ = DKG_SELECT (t_ < 19.0f, t_, (DkgV16) { 0 } + 19.0f);                                  \
    n_ = __builtin_convertvector (t_ * 1.44269504088896341f + 0.5f, DkgV16i);                  \
    r_ = t_ - __builtin_convertvector (n_, DkgV16) * 0.693359375f;                             \
    r_ = r_ + __builtin_convertvector (n_, DkgV16) * 2.12194440e-4f;                           \
    p_ = (((((1.9875691500e-4f * r_ + 1.3981999507e-3f) * r_ + 8.3334519073e-3f) * r_          \
           + 4.1665795894e-2f) * r_ + 1.6666665459e-1f) * r_ + 5.0000001201e-1f) * (r_ * r_)   \
         + r_ + 1.0f;                                                                          \
    e_ = p_ * (DkgV16) ((n_ + 127) << 23);                                                     \
    big_ = 1.0f - 2.0f / (e_ + 1.0f);                                                          \
    big_ = DKG_SELECT (a_ < 9.1f, big_, (DkgV16) { 0 } + 1.0f);                                \
    big_ = (DkgV16) ((DkgV16i) big_ | neg_);                                                   \
    y_ = DKG_SELECT (a_ < 0.625f, small_, big_);                                               \
    y_ = DKG_SELECT (a_ < 2.44140625e-4f, x_, y_);  /* tanh x = x in float (keeps −0) */       \
    DKG_SELECT (x_ == x_, y_, x_);                                                             \
  })

/**
 * dkg_tanh_forward:
 * @out: (n) may alias @inp
 * @inp: (n)
 *
 * out = tanh(inp), vectorised (TANH16 above; within 3 ulp of tanhf), libm tanhf for the tail.
 */
DKG_HOT void
dkg_tanh_forward (float *out, const float *inp, gsize n)
{
  gsize i = 0;

  for (; i + DKG_VL <= n; i += DKG_VL)
    DKG_STOREU (out + i, TANH16 (DKG_LOADU (inp + i)));
  for (; i < n; i++)
    out[i] = tanhf (inp[i]);
}

/** dkg_tanh_backward: @dinp, @dout, @out (n): dinp += dout·(1 − out²). */
DKG_HOT void
dkg_tanh_backward (float *dinp, const float *dout, const float *out, gsize n)
{
  gsize i = 0;

  for (; i + DKG_VL <= n; i += DKG_VL)
    {
      DkgV16 y = DKG_LOADU (out + i);

      DKG_STOREU (dinp + i, DKG_LOADU (dinp + i) + DKG_LOADU (dout + i) * (1.0f - y * y));
    }
  for (; i < n; i++)
    dinp[i] += dout[i] * (1.0f - out[i] * out[i]);
}

/** dkg_add_forward: @out, @a, @b (n): out = a + b (the residual connection). */
DKG_HOT void
dkg_add_forward (float *out, const float *a, const float *b, gsize n)
{
  gsize i = 0;

  for (; i + DKG_VL <= n; i += DKG_VL)
    DKG_STOREU (out + i, DKG_LOADU (a + i) + DKG_LOADU (b + i));
  for (; i < n; i++)
    out[i] = a[i] + b[i];
}

/**
 * dkg_spatial_mean_forward:
 * @out: (out): (B, C)
 * @inp: (B, C, HW)
 *
 * out[b, c] = (1/HW) Σ_i inp[b, c, i], summed in double (the critic's score,
 * docs/SPECIFICATION.md §3.4).
 */
void
dkg_spatial_mean_forward (float *out, const float *inp, int B, int C, int HW)
{
  for (gsize p = 0; p < (gsize) B * C; p++)
    {
      const float *x = inp + p * HW;
      double s = 0.0;

      for (int i = 0; i < HW; i++)
        s += x[i];
      out[p] = (float) (s / HW);
    }
}

/** dkg_spatial_mean_backward: @dinp (B, C, HW), @dout (B, C): dinp[b, c, i] += dout[b, c] / HW. */
void
dkg_spatial_mean_backward (float *dinp, const float *dout, int B, int C, int HW)
{
  for (gsize p = 0; p < (gsize) B * C; p++)
    {
      float *dx = dinp + p * HW;
      float g = dout[p] / (float) HW;

      for (int i = 0; i < HW; i++)
        dx[i] += g;
    }
}
