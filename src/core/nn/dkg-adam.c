/* dkg-adam.c — Adam as torch.optim.Adam (no weight decay, amsgrad off)
 *
 * Shapes: param, grad, m, v (n), flat (one model's parameter buffer). t is 1-based.
 *   m = β1·m + (1 − β1)·g
 *   v = β2·v + (1 − β2)·g²
 *   p −= (lr / (1 − β1^t)) · m / (sqrt(v) / sqrt(1 − β2^t) + eps)
 * (Kingma & Ba 2015, Alg. 1, with eps placed as PyTorch's _single_tensor_adam does.)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>

#include "dkg-adam.h"

/**
 * dkg_adam_step:
 * @param: (inout): (n) parameters
 * @grad: (n) their gradients
 * @m: (inout): (n) first moments, zero before step 1
 * @v: (inout): (n) second moments, zero before step 1
 * @config: lr, β1, β2, eps
 * @t: the step number, 1 for the first step
 *
 * One Adam step. The bias corrections are computed in double and applied as float scalars,
 * as PyTorch does with its Python-float step_size and bias_correction2_sqrt.
 */
void
dkg_adam_step (float *param, const float *grad, float *m, float *v, gsize n,
               const DkgAdamConfig *config, int t)
{
  float b1, b2, step_size, bc2_sqrt, eps;

  g_return_if_fail (config != NULL && t >= 1);
  b1 = config->beta1;
  b2 = config->beta2;
  eps = config->eps;
  step_size = (float) ((double) config->lr / (1.0 - pow ((double) b1, t)));
  bc2_sqrt = (float) sqrt (1.0 - pow ((double) b2, t));
  for (gsize i = 0; i < n; i++)
    {
      float g = grad[i];

      m[i] = b1 * m[i] + (1.0f - b1) * g;
      v[i] = b2 * v[i] + (1.0f - b2) * g * g;
      param[i] -= step_size * m[i] / (sqrtf (v[i]) / bc2_sqrt + eps);
    }
}
