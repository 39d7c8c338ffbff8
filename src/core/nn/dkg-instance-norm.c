/* dkg-instance-norm.c — InstanceNorm2d (no affine), forward and backward
 *
 * Shapes: inp, out, xhat (B, C, HW); mean, rstd (B, C), one pair per plane.
 *
 * forward:   μ = mean(x), σ² = mean((x − μ)²) (biased), rstd = 1 / sqrt(σ² + eps),
 *            out = (x − μ)·rstd                       (PyTorch nn.InstanceNorm2d, affine=False)
 * backward:  dx += rstd · (dy − mean(dy) − xhat · mean(dy · xhat))   over each plane
 *
 * Two passes for the statistics (the second over x − μ, so a large mean costs no precision),
 * summed in 64 float lanes and combined in double; vectorised with dkg-simd-private.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>

#include "dkg-instance-norm.h"
#include "dkg-simd-private.h"

/* Σ x and then Σ (x − μ)² over one plane of n floats. */
DKG_HOT static void
plane_stats (const float *x, int n, float *mean, float *rstd)
{
  DkgV16 a[4] = { { 0 }, { 0 }, { 0 }, { 0 } };
  DkgV16 mv;
  double s, q;
  int i = 0;
  float m;

  for (; i + 4 * DKG_VL <= n; i += 4 * DKG_VL)
    for (int k = 0; k < 4; k++)
      a[k] += DKG_LOADU (x + i + k * DKG_VL);
  s = dkg_v16_hsum4 (a);
  for (; i < n; i++)
    s += x[i];
  m = (float) (s / n);

  mv = (DkgV16) { 0 } + m;
  for (int k = 0; k < 4; k++)
    a[k] = (DkgV16) { 0 };
  for (i = 0; i + 4 * DKG_VL <= n; i += 4 * DKG_VL)
    for (int k = 0; k < 4; k++)
      {
        DkgV16 d = DKG_LOADU (x + i + k * DKG_VL) - mv;

        a[k] += d * d;
      }
  q = dkg_v16_hsum4 (a);
  for (; i < n; i++)
    {
      double d = (double) x[i] - m;

      q += d * d;
    }
  *mean = m;
  *rstd = (float) (1.0 / sqrt (q / n + DKG_INSTANCE_NORM_EPS));
}

/* y = (x − m)·r over n floats (y may alias x) */
DKG_HOT static void
plane_normalize (float *y, const float *x, int n, float m, float r)
{
  DkgV16 mv = (DkgV16) { 0 } + m, rv = (DkgV16) { 0 } + r;
  int i = 0;

  for (; i + DKG_VL <= n; i += DKG_VL)
    DKG_STOREU (y + i, (DKG_LOADU (x + i) - mv) * rv);
  for (; i < n; i++)
    y[i] = (x[i] - m) * r;
}

/* y = (x − m)·r and z = max(y, 0) over n floats: InstanceNorm then ReLU in one pass */
DKG_HOT static void
plane_normalize_relu (float *y, float *z, const float *x, int n, float m, float r)
{
  const DkgV16 zero = { 0 };
  DkgV16 mv = (DkgV16) { 0 } + m, rv = (DkgV16) { 0 } + r;
  int i = 0;

  for (; i + DKG_VL <= n; i += DKG_VL)
    {
      DkgV16 v = (DKG_LOADU (x + i) - mv) * rv;

      DKG_STOREU (y + i, v);
      DKG_STOREU (z + i, DKG_SELECT (v > zero, v, zero));
    }
  for (; i < n; i++)
    {
      y[i] = (x[i] - m) * r;
      z[i] = y[i] > 0.0f ? y[i] : 0.0f;
    }
}

/* dx += r·(dy − mean(dy) − xh·mean(dy·xh)) over one plane (dx = … unless accumulate); with
 * relu, dy is first masked by xh > 0: the backward of ReLU(InstanceNorm(x)), ReLU's output
 * being positive exactly where xh is */
DKG_HOT static void
plane_backward (float *dx, const float *dy, const float *xh, int n, float r, gboolean accumulate,
                gboolean relu)
{
  const DkgV16 zero = { 0 };
  DkgV16 a[4] = { { 0 }, { 0 }, { 0 }, { 0 } }, b[4] = { { 0 }, { 0 }, { 0 }, { 0 } };
  DkgV16 mdyv, mdyxv, rv;
  double sdy, sdyx;
  float mdy, mdyx;
  int i = 0;

#define DY_V(j) (relu ? DKG_SELECT (DKG_LOADU (xh + (j)) > zero, DKG_LOADU (dy + (j)), zero) \
                      : (DkgV16) DKG_LOADU (dy + (j)))
#define DY_S(j) (relu ? (xh[j] > 0.0f ? dy[j] : 0.0f) : dy[j])
  for (; i + 4 * DKG_VL <= n; i += 4 * DKG_VL)
    for (int k = 0; k < 4; k++)
      {
        DkgV16 d = DY_V (i + k * DKG_VL);

        a[k] += d;
        b[k] += d * DKG_LOADU (xh + i + k * DKG_VL);
      }
  sdy = dkg_v16_hsum4 (a);
  sdyx = dkg_v16_hsum4 (b);
  for (; i < n; i++)
    {
      sdy += DY_S (i);
      sdyx += (double) DY_S (i) * xh[i];
    }
  mdy = (float) (sdy / n);
  mdyx = (float) (sdyx / n);
  mdyv = (DkgV16) { 0 } + mdy;
  mdyxv = (DkgV16) { 0 } + mdyx;
  rv = (DkgV16) { 0 } + r;
  if (!accumulate)
    {
      for (i = 0; i + DKG_VL <= n; i += DKG_VL)
        DKG_STOREU (dx + i, rv * (DY_V (i) - mdyv - DKG_LOADU (xh + i) * mdyxv));
      for (; i < n; i++)
        dx[i] = r * (DY_S (i) - mdy - xh[i] * mdyx);
      return;
    }
  for (i = 0; i + DKG_VL <= n; i += DKG_VL)
    DKG_STOREU (dx + i, DKG_LOADU (dx + i) + rv * (DY_V (i) - mdyv - DKG_LOADU (xh + i) * mdyxv));
  for (; i < n; i++)
    dx[i] += r * (DY_S (i) - mdy - xh[i] * mdyx);
#undef DY_V
#undef DY_S
}

/**
 * dkg_instance_norm_forward:
 * @out: (out): (B, C, HW); may alias @inp
 * @mean: (out): (B, C) per-plane mean μ
 * @rstd: (out): (B, C) per-plane 1 / sqrt(σ² + eps)
 * @inp: (B, C, HW)
 *
 * out = (inp − μ) / sqrt(σ² + eps) over each (b, c) plane, σ² the biased variance,
 * eps = %DKG_INSTANCE_NORM_EPS (Ulyanov et al. 2016; PyTorch InstanceNorm2d).
 */
void
dkg_instance_norm_forward (float *out, float *mean, float *rstd, const float *inp, int B, int C,
                           int HW)
{
  g_return_if_fail (out != NULL && mean != NULL && rstd != NULL && inp != NULL && HW > 0);

  for (gsize p = 0; p < (gsize) B * C; p++)
    {
      plane_stats (inp + p * HW, HW, &mean[p], &rstd[p]);
      plane_normalize (out + p * HW, inp + p * HW, HW, mean[p], rstd[p]);
    }
}

/**
 * dkg_instance_norm_relu_forward:
 * @out: (out): (B, C, HW), the InstanceNorm's output
 * @relu_out: (out): (B, C, HW), max(@out, 0)
 * @mean: (out): (B, C)
 * @rstd: (out): (B, C)
 * @inp: (B, C, HW), not aliasing the outputs
 *
 * dkg_instance_norm_forward() then dkg_relu_forward(), bit for bit, in one pass over the
 * normalised values.
 */
void
dkg_instance_norm_relu_forward (float *out, float *relu_out, float *mean, float *rstd,
                                const float *inp, int B, int C, int HW)
{
  g_return_if_fail (out != NULL && relu_out != NULL && mean != NULL && rstd != NULL
                    && inp != NULL && HW > 0);

  for (gsize p = 0; p < (gsize) B * C; p++)
    {
      plane_stats (inp + p * HW, HW, &mean[p], &rstd[p]);
      plane_normalize_relu (out + p * HW, relu_out + p * HW, inp + p * HW, HW, mean[p], rstd[p]);
    }
}

/* plane_backward() over the B·C planes. */
static void
backward_planes (float *dinp, const float *dout, const float *xhat, const float *rstd,
                 gsize n_planes, int HW, gboolean accumulate, gboolean relu)
{
  for (gsize p = 0; p < n_planes; p++)
    plane_backward (dinp + p * HW, dout + p * HW, xhat + p * HW, HW, rstd[p], accumulate, relu);
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

  backward_planes (dinp, dout, xhat, rstd, (gsize) B * C, HW, TRUE, FALSE);
}

/**
 * dkg_instance_norm_backward_overwrite:
 * @dinp: (out): (B, C, HW), overwritten
 * @dout: (B, C, HW)
 * @xhat: (B, C, HW), the forward output
 * @rstd: (B, C)
 *
 * dkg_instance_norm_backward() into a zeroed @dinp, without reading it (the networks' backward
 * passes: one memset and one read of every input gradient fewer).
 */
void
dkg_instance_norm_backward_overwrite (float *dinp, const float *dout, const float *xhat,
                                      const float *rstd, int B, int C, int HW)
{
  g_return_if_fail (dinp != NULL && dout != NULL && xhat != NULL && rstd != NULL && HW > 0);

  backward_planes (dinp, dout, xhat, rstd, (gsize) B * C, HW, FALSE, FALSE);
}

/**
 * dkg_instance_norm_relu_backward_overwrite:
 * @dinp: (out): (B, C, HW), overwritten
 * @dout: (B, C, HW), the gradient at the ReLU's output
 * @xhat: (B, C, HW), the InstanceNorm's forward output (the ReLU's input)
 * @rstd: (B, C)
 *
 * The backward of ReLU(InstanceNorm(x)) in one pass: dkg_relu_backward() into a zeroed buffer
 * followed by dkg_instance_norm_backward_overwrite(), bit for bit, without the intermediate.
 */
void
dkg_instance_norm_relu_backward_overwrite (float *dinp, const float *dout, const float *xhat,
                                           const float *rstd, int B, int C, int HW)
{
  g_return_if_fail (dinp != NULL && dout != NULL && xhat != NULL && rstd != NULL && HW > 0);

  backward_planes (dinp, dout, xhat, rstd, (gsize) B * C, HW, FALSE, TRUE);
}
