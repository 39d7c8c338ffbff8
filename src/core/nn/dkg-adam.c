/* dkg-adam.c — Adam as torch.optim.Adam (no weight decay, amsgrad off)
 *
 * Shapes: param, grad, m, v (n), flat (one model's parameter buffer). t is 1-based.
 *   m = β1·m + (1 − β1)·g
 *   v = β2·v + (1 − β2)·g²
 *   p −= (lr / (1 − β1^t)) · m / (sqrt(v) / sqrt(1 − β2^t) + eps)
 * (Kingma & Ba 2015, Alg. 1, with eps placed as PyTorch's _single_tensor_adam does:
 * denom = sqrt(v)/bias_correction2_sqrt + eps; p.addcdiv_(m, denom, value=−step_size).)
 * The loop is vectorised with AVX-512 or AVX2 where the CPU has them (the square root has no
 * portable vector form in GCC's vector extension), else scalar.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <immintrin.h>
#include <math.h>

#include "dkg-adam.h"

typedef struct
{
  float b1, b2, omb1, omb2, step_size, bc2_sqrt, eps;
} AdamConsts;

static inline void
adam_one (float *param, const float *grad, float *m, float *v, gsize i, const AdamConsts *k)
{
  float g = grad[i], denom;

  m[i] = k->b1 * m[i] + k->omb1 * g;
  v[i] = k->b2 * v[i] + k->omb2 * g * g;
  denom = sqrtf (v[i]) / k->bc2_sqrt + k->eps;
  param[i] -= k->step_size * (m[i] / denom);
}

__attribute__ ((target ("avx512f"))) static void
adam_avx512 (float *param, const float *grad, float *m, float *v, gsize n, const AdamConsts *k)
{
  __m512 b1 = _mm512_set1_ps (k->b1), b2 = _mm512_set1_ps (k->b2);
  __m512 omb1 = _mm512_set1_ps (k->omb1), omb2 = _mm512_set1_ps (k->omb2);
  __m512 ss = _mm512_set1_ps (k->step_size), bc2 = _mm512_set1_ps (k->bc2_sqrt);
  __m512 eps = _mm512_set1_ps (k->eps);
  gsize i = 0;

  for (; i + 16 <= n; i += 16)
    {
      __m512 g = _mm512_loadu_ps (grad + i);
      __m512 mm = _mm512_add_ps (_mm512_mul_ps (b1, _mm512_loadu_ps (m + i)),
                                 _mm512_mul_ps (omb1, g));
      __m512 vv = _mm512_add_ps (_mm512_mul_ps (b2, _mm512_loadu_ps (v + i)),
                                 _mm512_mul_ps (_mm512_mul_ps (omb2, g), g));
      __m512 denom = _mm512_add_ps (_mm512_div_ps (_mm512_sqrt_ps (vv), bc2), eps);

      _mm512_storeu_ps (m + i, mm);
      _mm512_storeu_ps (v + i, vv);
      _mm512_storeu_ps (param + i, _mm512_sub_ps (_mm512_loadu_ps (param + i),
                                                  _mm512_mul_ps (ss, _mm512_div_ps (mm, denom))));
    }
  for (; i < n; i++)
    adam_one (param, grad, m, v, i, k);
}

__attribute__ ((target ("avx2"))) static void
adam_avx2 (float *param, const float *grad, float *m, float *v, gsize n, const AdamConsts *k)
{
  __m256 b1 = _mm256_set1_ps (k->b1), b2 = _mm256_set1_ps (k->b2);
  __m256 omb1 = _mm256_set1_ps (k->omb1), omb2 = _mm256_set1_ps (k->omb2);
  __m256 ss = _mm256_set1_ps (k->step_size), bc2 = _mm256_set1_ps (k->bc2_sqrt);
  __m256 eps = _mm256_set1_ps (k->eps);
  gsize i = 0;

  for (; i + 8 <= n; i += 8)
    {
      __m256 g = _mm256_loadu_ps (grad + i);
      __m256 mm = _mm256_add_ps (_mm256_mul_ps (b1, _mm256_loadu_ps (m + i)),
                                 _mm256_mul_ps (omb1, g));
      __m256 vv = _mm256_add_ps (_mm256_mul_ps (b2, _mm256_loadu_ps (v + i)),
                                 _mm256_mul_ps (_mm256_mul_ps (omb2, g), g));
      __m256 denom = _mm256_add_ps (_mm256_div_ps (_mm256_sqrt_ps (vv), bc2), eps);

      _mm256_storeu_ps (m + i, mm);
      _mm256_storeu_ps (v + i, vv);
      _mm256_storeu_ps (param + i, _mm256_sub_ps (_mm256_loadu_ps (param + i),
                                                  _mm256_mul_ps (ss, _mm256_div_ps (mm, denom))));
    }
  for (; i < n; i++)
    adam_one (param, grad, m, v, i, k);
}

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
 * as PyTorch does with its Python-float step_size and bias_correction2_sqrt; the vector and
 * scalar loops evaluate the same expression (the compiler may fuse a multiply-add in either,
 * a difference in the last bit).
 */
void
dkg_adam_step (float *param, const float *grad, float *m, float *v, gsize n,
               const DkgAdamConfig *config, int t)
{
  AdamConsts k;

  g_return_if_fail (config != NULL && t >= 1);
  k.b1 = config->beta1;
  k.b2 = config->beta2;
  k.omb1 = 1.0f - config->beta1;
  k.omb2 = 1.0f - config->beta2;
  k.eps = config->eps;
  k.step_size = (float) ((double) config->lr / (1.0 - pow ((double) config->beta1, t)));
  k.bc2_sqrt = (float) sqrt (1.0 - pow ((double) config->beta2, t));

  __builtin_cpu_init ();
  if (__builtin_cpu_supports ("avx512f"))
    adam_avx512 (param, grad, m, v, n, &k);
  else if (__builtin_cpu_supports ("avx2"))
    adam_avx2 (param, grad, m, v, n, &k);
  else
    for (gsize i = 0; i < n; i++)
      adam_one (param, grad, m, v, i, &k);
}
