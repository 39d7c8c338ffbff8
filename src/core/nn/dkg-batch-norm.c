/* dkg-batch-norm.c — BatchNorm2d (affine), training and inference, forward and backward
 *
 * Shapes: inp, out (B, C, HW); gamma, beta, running_mean, running_var, mean, rstd (C).
 * n = B·HW values per channel.
 *
 * forward (training):   μ, σ² (biased) over (B, HW); rstd = 1 / sqrt(σ² + eps);
 *                       out = γ·(x − μ)·rstd + β;
 *                       running_mean = (1 − m)·running_mean + m·μ,
 *                       running_var  = (1 − m)·running_var  + m·σ²·n / (n − 1)
 * forward (inference):  μ = running_mean, rstd = 1 / sqrt(running_var + eps), same out
 * backward (training):  dx += γ·rstd·(dy − mean(dy) − xhat·mean(dy·xhat)), means over (B, HW)
 * backward (inference): dx += γ·rstd·dy
 *                       dγ += Σ dy·xhat ;  dβ += Σ dy       (Ioffe & Szegedy 2015, Alg. 1)
 * Sums in 64 float lanes per plane, combined in double; the plane loops are vectorised.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>

#include "dkg-batch-norm.h"
#include "dkg-simd-private.h"

/* The per-plane loops, vectorised (64 float lanes of partial sums, combined in double). */

/* Σ x, or Σ (x − m)² when sq */
DKG_HOT static double
plane_sum (const float *x, int n, gboolean sq, float m)
{
  DkgV16 a[4] = { { 0 }, { 0 }, { 0 }, { 0 } }, mv = (DkgV16) { 0 } + m;
  double s;
  int i = 0;

  for (; i + 4 * DKG_VL <= n; i += 4 * DKG_VL)
    for (int k = 0; k < 4; k++)
      {
        DkgV16 d = DKG_LOADU (x + i + k * DKG_VL);

        if (sq)
          {
            d -= mv;
            a[k] += d * d;
          }
        else
          a[k] += d;
      }
  s = dkg_v16_hsum4 (a);
  for (; i < n; i++)
    s += sq ? ((double) x[i] - m) * ((double) x[i] - m) : x[i];
  return s;
}

/* y = (x − m)·g + sh */
DKG_HOT static void
plane_affine (float *y, const float *x, int n, float m, float g, float sh)
{
  DkgV16 mv = (DkgV16) { 0 } + m, gv = (DkgV16) { 0 } + g, sv = (DkgV16) { 0 } + sh;
  int i = 0;

  for (; i + DKG_VL <= n; i += DKG_VL)
    DKG_STOREU (y + i, (DKG_LOADU (x + i) - mv) * gv + sv);
  for (; i < n; i++)
    y[i] = (x[i] - m) * g + sh;
}

/* *sdy += Σ dy, *sdyx += Σ dy·(x − m)·r */
DKG_HOT static void
plane_dsums (const float *dy, const float *x, int n, float m, float r, double *sdy, double *sdyx)
{
  DkgV16 a[4] = { { 0 }, { 0 }, { 0 }, { 0 } }, b[4] = { { 0 }, { 0 }, { 0 }, { 0 } };
  DkgV16 mv = (DkgV16) { 0 } + m, rv = (DkgV16) { 0 } + r;
  double s1, s2;
  int i = 0;

  for (; i + 4 * DKG_VL <= n; i += 4 * DKG_VL)
    for (int k = 0; k < 4; k++)
      {
        DkgV16 d = DKG_LOADU (dy + i + k * DKG_VL);

        a[k] += d;
        b[k] += d * ((DKG_LOADU (x + i + k * DKG_VL) - mv) * rv);
      }
  s1 = dkg_v16_hsum4 (a);
  s2 = dkg_v16_hsum4 (b);
  for (; i < n; i++)
    {
      s1 += dy[i];
      s2 += (double) dy[i] * ((x[i] - m) * r);
    }
  *sdy += s1;
  *sdyx += s2;
}

/* dx += gr·(dy − mdy − (x − m)·r·mdyx) */
DKG_HOT static void
plane_dx (float *dx, const float *dy, const float *x, int n, float m, float r, float gr,
          float mdy, float mdyx)
{
  DkgV16 mv = (DkgV16) { 0 } + m, rv = (DkgV16) { 0 } + r, gv = (DkgV16) { 0 } + gr;
  DkgV16 m1 = (DkgV16) { 0 } + mdy, m2 = (DkgV16) { 0 } + mdyx;
  int i = 0;

  for (; i + DKG_VL <= n; i += DKG_VL)
    DKG_STOREU (dx + i, DKG_LOADU (dx + i)
                          + gv * (DKG_LOADU (dy + i) - m1
                                  - (DKG_LOADU (x + i) - mv) * rv * m2));
  for (; i < n; i++)
    dx[i] += gr * (dy[i] - mdy - (x[i] - m) * r * mdyx);
}

/**
 * dkg_batch_norm_forward:
 * @out: (out): (B, C, HW); may alias @inp
 * @mean: (out): (C) the mean used (batch mean in training, running mean in inference)
 * @rstd: (out): (C) 1 / sqrt(var + eps) used
 * @running_mean: (inout): (C), updated in training
 * @running_var: (inout): (C), updated in training with the unbiased variance
 * @inp: (B, C, HW)
 * @gamma: (C)
 * @beta: (C)
 * @training: batch statistics (and running update) or running statistics
 *
 * PyTorch nn.BatchNorm2d(C, eps=1e-5, momentum=0.1, affine=True):
 * out = γ·(inp − μ)/sqrt(σ² + eps) + β. Training needs n = B·HW > 1 (as in PyTorch).
 */
void
dkg_batch_norm_forward (float *out, float *mean, float *rstd, float *running_mean,
                        float *running_var, const float *inp, const float *gamma,
                        const float *beta, int B, int C, int HW, gboolean training)
{
  gsize n = (gsize) B * HW, bstride = (gsize) C * HW;

  g_return_if_fail (out != NULL && mean != NULL && rstd != NULL && inp != NULL);
  g_return_if_fail (gamma != NULL && beta != NULL && running_mean != NULL && running_var != NULL);
  g_return_if_fail (!training || n > 1);

  for (int c = 0; c < C; c++)
    {
      float m, r, g, sh;

      if (training)
        {
          double s = 0.0, v = 0.0, var;

          for (int b = 0; b < B; b++)
            s += plane_sum (inp + b * bstride + (gsize) c * HW, HW, FALSE, 0.0f);
          m = (float) (s / (double) n);
          for (int b = 0; b < B; b++)
            v += plane_sum (inp + b * bstride + (gsize) c * HW, HW, TRUE, m);
          var = v / (double) n;
          r = (float) (1.0 / sqrt (var + DKG_BATCH_NORM_EPS));
          running_mean[c] = (1.0f - DKG_BATCH_NORM_MOMENTUM) * running_mean[c]
                            + DKG_BATCH_NORM_MOMENTUM * m;
          running_var[c] = (1.0f - DKG_BATCH_NORM_MOMENTUM) * running_var[c]
                           + DKG_BATCH_NORM_MOMENTUM
                             * (float) (var * (double) n / (double) (n - 1));
        }
      else
        {
          m = running_mean[c];
          r = (float) (1.0 / sqrt ((double) running_var[c] + DKG_BATCH_NORM_EPS));
        }
      mean[c] = m;
      rstd[c] = r;
      g = gamma[c] * r;
      sh = beta[c];
      for (int b = 0; b < B; b++)
        plane_affine (out + b * bstride + (gsize) c * HW, inp + b * bstride + (gsize) c * HW, HW,
                      m, g, sh);
    }
}

/**
 * dkg_batch_norm_backward:
 * @dinp: (nullable) (inout): (B, C, HW), accumulated into
 * @dgamma: (nullable) (inout): (C), accumulated into
 * @dbeta: (nullable) (inout): (C), accumulated into
 * @dout: (B, C, HW)
 * @inp: (B, C, HW), the forward input
 * @mean: (C), as written by the forward
 * @rstd: (C), as written by the forward
 * @gamma: (C)
 * @training: the mode of the forward
 *
 * xhat = (inp − mean)·rstd; dβ += Σ dout, dγ += Σ dout·xhat (sums over B, HW).
 * Training: dinp += γ·rstd·(dout − mean(dout) − xhat·mean(dout·xhat)) (the statistics depend
 * on the batch). Inference: dinp += γ·rstd·dout (the statistics are constants).
 */
void
dkg_batch_norm_backward (float *dinp, float *dgamma, float *dbeta, const float *dout,
                         const float *inp, const float *mean, const float *rstd,
                         const float *gamma, int B, int C, int HW, gboolean training)
{
  gsize n = (gsize) B * HW, bstride = (gsize) C * HW;

  g_return_if_fail (dout != NULL && inp != NULL && mean != NULL && rstd != NULL);
  g_return_if_fail (gamma != NULL);

  for (int c = 0; c < C; c++)
    {
      double sdy = 0.0, sdyx = 0.0;
      float m = mean[c], r = rstd[c], gr = gamma[c] * rstd[c], mdy, mdyx;

      for (int b = 0; b < B; b++)
        plane_dsums (dout + b * bstride + (gsize) c * HW, inp + b * bstride + (gsize) c * HW, HW,
                     m, r, &sdy, &sdyx);
      if (dbeta != NULL)
        dbeta[c] += (float) sdy;
      if (dgamma != NULL)
        dgamma[c] += (float) sdyx;
      if (dinp == NULL)
        continue;
      mdy = training ? (float) (sdy / (double) n) : 0.0f;
      mdyx = training ? (float) (sdyx / (double) n) : 0.0f;
      for (int b = 0; b < B; b++)
        plane_dx (dinp + b * bstride + (gsize) c * HW, dout + b * bstride + (gsize) c * HW,
                  inp + b * bstride + (gsize) c * HW, HW, m, r, gr, mdy, mdyx);
    }
}
