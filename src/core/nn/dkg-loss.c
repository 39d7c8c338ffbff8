/* dkg-loss.c — BCE-with-logits, mean and MSE losses (mean-reduced, values in double)
 *
 * Shapes: flat arrays of n floats.
 *   BCE-with-logits  L = (1/n) Σ max(x, 0) − x·t + log(1 + exp(−|x|))    dx += s·(σ(x) − t)/n
 *   mean             L = (1/n) Σ x                                        dx += s/n
 *   MSE              L = (1/n) Σ (a − b)²                                  da += s·2(a − b)/n
 *   least squares    L = (1/n) Σ (x − t)²                                  dx += s·2(x − t)/n
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>

#include "dkg-loss.h"

/**
 * dkg_bce_with_logits_forward:
 * @logits: (n)
 * @target: t ∈ [0, 1], the same for every element
 *
 * Returns: (1/n) Σ max(x, 0) − x·t + log1p(exp(−|x|)), in double: PyTorch's
 * BCEWithLogitsLoss(reduction='mean'), finite for any finite x.
 */
double
dkg_bce_with_logits_forward (const float *logits, float target, gsize n)
{
  double s = 0.0;

  g_return_val_if_fail (n > 0, 0.0);
  for (gsize i = 0; i < n; i++)
    {
      double x = logits[i];

      s += MAX (x, 0.0) - x * target + log1p (exp (-fabs (x)));
    }
  return s / (double) n;
}

/**
 * dkg_bce_with_logits_backward:
 * @dlogits: (inout): (n), accumulated into
 * @logits: (n)
 * @target: t
 * @scale: s, e.g. 1 or a loss weight
 *
 * dlogits += s·(σ(x) − t)/n, σ computed without overflow for any x.
 */
void
dkg_bce_with_logits_backward (float *dlogits, const float *logits, float target, gsize n,
                              float scale)
{
  double k;

  g_return_if_fail (n > 0);
  k = (double) scale / (double) n;
  for (gsize i = 0; i < n; i++)
    {
      double x = logits[i], sig;

      if (x >= 0)
        sig = 1.0 / (1.0 + exp (-x));
      else
        {
          double e = exp (x);
          sig = e / (1.0 + e);
        }
      dlogits[i] += (float) (k * (sig - target));
    }
}

/** dkg_mean_forward: Returns: (1/n) Σ x, summed in double. */
double
dkg_mean_forward (const float *x, gsize n)
{
  double s = 0.0;

  g_return_val_if_fail (n > 0, 0.0);
  for (gsize i = 0; i < n; i++)
    s += x[i];
  return s / (double) n;
}

/** dkg_mean_backward: @dx (n): dx += scale / n. */
void
dkg_mean_backward (float *dx, gsize n, float scale)
{
  float g;

  g_return_if_fail (n > 0);
  g = (float) ((double) scale / (double) n);
  for (gsize i = 0; i < n; i++)
    dx[i] += g;
}

/** dkg_mse_forward: Returns: (1/n) Σ (a − b)², in double (PyTorch MSELoss, mean). */
double
dkg_mse_forward (const float *a, const float *b, gsize n)
{
  double s = 0.0;

  g_return_val_if_fail (n > 0, 0.0);
  for (gsize i = 0; i < n; i++)
    {
      double d = (double) a[i] - (double) b[i];
      s += d * d;
    }
  return s / (double) n;
}

/** dkg_mse_backward: @da (n): da += scale·2(a − b)/n. */
void
dkg_mse_backward (float *da, const float *a, const float *b, gsize n, float scale)
{
  float k;

  g_return_if_fail (n > 0);
  k = (float) (2.0 * scale / (double) n);
  for (gsize i = 0; i < n; i++)
    da[i] += k * (a[i] - b[i]);
}

/**
 * dkg_least_squares_forward:
 * @x: (n) scores
 * @target: t, the same for every element (LSGAN: 1 or 0.9 for real, 0 for fake)
 *
 * Returns: (1/n) Σ (x − t)², in double (LSGAN, Mao et al. 2017, Eq. 2)
 */
double
dkg_least_squares_forward (const float *x, float target, gsize n)
{
  double s = 0.0;

  g_return_val_if_fail (n > 0, 0.0);
  for (gsize i = 0; i < n; i++)
    {
      double d = (double) x[i] - target;
      s += d * d;
    }
  return s / (double) n;
}

/**
 * dkg_least_squares_backward:
 * @dx: (inout): (n), accumulated into
 * @x: (n)
 * @target: t
 * @scale: s
 *
 * dx += s·2(x − t)/n.
 */
void
dkg_least_squares_backward (float *dx, const float *x, float target, gsize n, float scale)
{
  double k;

  g_return_if_fail (n > 0);
  k = 2.0 * scale / (double) n;
  for (gsize i = 0; i < n; i++)
    dx[i] += (float) (k * ((double) x[i] - target));
}
