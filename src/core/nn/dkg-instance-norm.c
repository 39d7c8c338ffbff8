/* dkg-instance-norm.c — InstanceNorm2d (no affine), forward and backward
 *
 * Shapes: inp, out, xhat (B, C, HW); mean, rstd (B, C), one pair per plane.
 *
 * forward:   μ = mean(x), σ² = mean((x − μ)²) (biased), rstd = 1 / sqrt(σ² + eps),
 *            out = (x − μ)·rstd                       (PyTorch nn.InstanceNorm2d, affine=False)
 * backward:  dx += rstd · (dy − mean(dy) − xhat · mean(dy · xhat))   over each plane
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>

#include "dkg-instance-norm.h"

/**
 * dkg_instance_norm_forward:
 * @out: (out): (B, C, HW); may alias @inp
 * @mean: (out): (B, C) per-plane mean μ
 * @rstd: (out): (B, C) per-plane 1 / sqrt(σ² + eps)
 * @inp: (B, C, HW)
 *
 * out = (inp − μ) / sqrt(σ² + eps) over each (b, c) plane, σ² the biased variance,
 * eps = %DKG_INSTANCE_NORM_EPS (Ulyanov et al. 2016; PyTorch InstanceNorm2d). The statistics
 * are accumulated in double, two passes.
 */
void
dkg_instance_norm_forward (float *out, float *mean, float *rstd, const float *inp, int B, int C,
                           int HW)
{
  g_return_if_fail (out != NULL && mean != NULL && rstd != NULL && inp != NULL && HW > 0);

  for (gsize p = 0; p < (gsize) B * C; p++)
    {
      const float *x = inp + p * HW;
      float *y = out + p * HW;
      double s = 0.0, v = 0.0;
      float m, r;

      for (int i = 0; i < HW; i++)
        s += x[i];
      m = (float) (s / HW);
      for (int i = 0; i < HW; i++)
        {
          double d = (double) x[i] - m;
          v += d * d;
        }
      r = (float) (1.0 / sqrt (v / HW + DKG_INSTANCE_NORM_EPS));
      for (int i = 0; i < HW; i++)
        y[i] = (x[i] - m) * r;
      mean[p] = m;
      rstd[p] = r;
    }
}

/**
 * dkg_instance_norm_backward:
 * @dinp: (inout): (B, C, HW), accumulated into
 * @dout: (B, C, HW)
 * @xhat: (B, C, HW), the forward output
 * @rstd: (B, C)
 *
 * dinp += rstd · (dout − mean(dout) − xhat · mean(dout · xhat)), the means over each plane:
 * the derivative of out = (x − μ)·rstd with μ and σ² depending on x.
 */
void
dkg_instance_norm_backward (float *dinp, const float *dout, const float *xhat, const float *rstd,
                            int B, int C, int HW)
{
  g_return_if_fail (dinp != NULL && dout != NULL && xhat != NULL && rstd != NULL && HW > 0);

  for (gsize p = 0; p < (gsize) B * C; p++)
    {
      const float *dy = dout + p * HW;
      const float *xh = xhat + p * HW;
      float *dx = dinp + p * HW;
      double sdy = 0.0, sdyx = 0.0;
      float mdy, mdyx, r = rstd[p];

      for (int i = 0; i < HW; i++)
        {
          sdy += dy[i];
          sdyx += (double) dy[i] * xh[i];
        }
      mdy = (float) (sdy / HW);
      mdyx = (float) (sdyx / HW);
      for (int i = 0; i < HW; i++)
        dx[i] += r * (dy[i] - mdy - xh[i] * mdyx);
    }
}
