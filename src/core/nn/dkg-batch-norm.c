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
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>

#include "dkg-batch-norm.h"

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
            {
              const float *x = inp + b * bstride + (gsize) c * HW;

              for (int i = 0; i < HW; i++)
                s += x[i];
            }
          m = (float) (s / (double) n);
          for (int b = 0; b < B; b++)
            {
              const float *x = inp + b * bstride + (gsize) c * HW;

              for (int i = 0; i < HW; i++)
                {
                  double d = (double) x[i] - m;
                  v += d * d;
                }
            }
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
        {
          const float *x = inp + b * bstride + (gsize) c * HW;
          float *y = out + b * bstride + (gsize) c * HW;

          for (int i = 0; i < HW; i++)
            y[i] = (x[i] - m) * g + sh;
        }
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
        {
          const float *x = inp + b * bstride + (gsize) c * HW;
          const float *dy = dout + b * bstride + (gsize) c * HW;

          for (int i = 0; i < HW; i++)
            {
              sdy += dy[i];
              sdyx += (double) dy[i] * ((x[i] - m) * r);
            }
        }
      if (dbeta != NULL)
        dbeta[c] += (float) sdy;
      if (dgamma != NULL)
        dgamma[c] += (float) sdyx;
      if (dinp == NULL)
        continue;
      mdy = training ? (float) (sdy / (double) n) : 0.0f;
      mdyx = training ? (float) (sdyx / (double) n) : 0.0f;
      for (int b = 0; b < B; b++)
        {
          const float *x = inp + b * bstride + (gsize) c * HW;
          const float *dy = dout + b * bstride + (gsize) c * HW;
          float *dx = dinp + b * bstride + (gsize) c * HW;

          for (int i = 0; i < HW; i++)
            dx[i] += gr * (dy[i] - mdy - (x[i] - m) * r * mdyx);
        }
    }
}
