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

/** dkg_tanh_forward: @out, @inp (n): out = tanh(inp) (libm tanhf). */
void
dkg_tanh_forward (float *out, const float *inp, gsize n)
{
  for (gsize i = 0; i < n; i++)
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
 * out[b, c] = (1/HW) Σ_i inp[b, c, i], summed in double (the critic's score, DESIGN.md §3.4).
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
