/* test-gradient-penalty.c — the exact weight gradient of WGAN-GP's penalty
 * (docs/SPECIFICATION.md §4.2)
 *
 * Reference: GP(θ) computed in double precision by a naive implementation of the critic
 * (convolutions, LeakyReLU, mean) and of its input gradient, written here independently of the
 * engine; ∂GP/∂θ by central differences of that double-precision GP along random directions
 * within each weight tensor. The engine's tangent-network gradient (float32) must agree to a
 * relative error ≤ 1e-4 for every weight tensor.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "dkg-tensor.h"
#include "dkg-net.h"
#include "dkg-gradient-penalty.h"
#include "dkg-test-util.h"

/* Naive conv2d in double: in (C, H, W) → out (OC, OH, OW), weights (OC, C, K, K). */
static void
conv_fwd (double *out, const double *in, const double *w, int C, int H, int W, int OC, int K,
          int S, int P, int OH, int OW)
{
  for (int o = 0; o < OC; o++)
    for (int y = 0; y < OH; y++)
      for (int x = 0; x < OW; x++)
        {
          double acc = 0;
          for (int c = 0; c < C; c++)
            for (int ky = 0; ky < K; ky++)
              for (int kx = 0; kx < K; kx++)
                {
                  int iy = y * S - P + ky, ix = x * S - P + kx;
                  if (iy >= 0 && iy < H && ix >= 0 && ix < W)
                    acc += w[((o * C + c) * K + ky) * K + kx] * in[(c * H + iy) * W + ix];
                }
          out[(o * OH + y) * OW + x] = acc;
        }
}

/* Its input gradient: din (C, H, W) = Σ dout · w. */
static void
conv_bwd_input (double *din, const double *dout, const double *w, int C, int H, int W, int OC,
                int K, int S, int P, int OH, int OW)
{
  memset (din, 0, sizeof (double) * C * H * W);
  for (int o = 0; o < OC; o++)
    for (int y = 0; y < OH; y++)
      for (int x = 0; x < OW; x++)
        for (int c = 0; c < C; c++)
          for (int ky = 0; ky < K; ky++)
            for (int kx = 0; kx < K; kx++)
              {
                int iy = y * S - P + ky, ix = x * S - P + kx;
                if (iy >= 0 && iy < H && ix >= 0 && ix < W)
                  din[(c * H + iy) * W + ix] += w[((o * C + c) * K + ky) * K + kx]
                                                * dout[(o * OH + y) * OW + x];
              }
}

/* GP(θ) in double for the critic's layer list; θ given as doubles in params order. */
static double
gp_double (DkgNet *critic, const double *theta, const float *xhat, int B, int H, int W)
{
  guint L = critic->layers->len;
  double gp = 0;

  for (int b = 0; b < B; b++)
    {
      double **act = g_new0 (double *, L + 1);     /* act[l] = input of layer l */
      double *grad = NULL;
      gsize n0 = (gsize) 3 * H * W, ss;
      double norm2 = 0;

      act[0] = g_new (double, n0);
      for (gsize k = 0; k < n0; k++)
        act[0][k] = xhat[b * n0 + k];
      for (guint l = 0; l < L; l++)
        {
          DkgLayer *ly = &g_array_index (critic->layers, DkgLayer, l);
          gsize n = (gsize) ly->out_c * ly->out_h * ly->out_w, nin;

          act[l + 1] = g_new0 (double, n);
          nin = (gsize) ly->in_c * ly->in_h * ly->in_w;
          if (ly->kind == DKG_LAYER_CONV2D)
            conv_fwd (act[l + 1], act[l], theta + ly->w, ly->C, ly->in_h, ly->in_w, ly->OC, ly->K,
                      ly->S, ly->P, ly->out_h, ly->out_w);
          else if (ly->kind == DKG_LAYER_LEAKY_RELU)
            for (gsize k = 0; k < n; k++)
              act[l + 1][k] = act[l][k] > 0 ? act[l][k] : 0.2 * act[l][k];
          else if (ly->kind == DKG_LAYER_SPATIAL_MEAN)
            {
              for (gsize k = 0; k < nin; k++)
                act[l + 1][0] += act[l][k] / nin;
            }
          else
            g_assert_not_reached ();
        }
      /* Backward of D = act[L][0] to the input. */
      grad = g_new (double, 1);
      grad[0] = 1;
      for (int l = (int) L - 1; l >= 0; l--)
        {
          DkgLayer *ly = &g_array_index (critic->layers, DkgLayer, l);
          gsize nin = (gsize) ly->in_c * ly->in_h * ly->in_w;
          double *gin = g_new0 (double, nin);

          if (ly->kind == DKG_LAYER_CONV2D)
            conv_bwd_input (gin, grad, theta + ly->w, ly->C, ly->in_h, ly->in_w, ly->OC, ly->K,
                            ly->S, ly->P, ly->out_h, ly->out_w);
          else if (ly->kind == DKG_LAYER_LEAKY_RELU)
            for (gsize k = 0; k < nin; k++)
              gin[k] = act[l][k] > 0 ? grad[k] : 0.2 * grad[k];
          else
            for (gsize k = 0; k < nin; k++)
              gin[k] = grad[0] / nin;
          g_free (grad);
          grad = gin;
        }
      for (ss = 0; ss < n0; ss++)
        norm2 += grad[ss] * grad[ss];
      gp += (sqrt (norm2) - 1) * (sqrt (norm2) - 1);
      g_free (grad);
      for (guint l = 0; l <= L; l++)
        g_free (act[l]);
      g_free (act);
    }
  return gp / B;
}

static void
check_gp_gradient (DkgArch arch, int B, int H, int W, int reps)
{
  g_autoptr(DkgNet) critic = dkg_net_new (arch, 0);
  g_autoptr(DkgRand) r = dkg_rand_new_seeded (77);
  g_autoptr(DkgGradientPenalty) gp = dkg_gradient_penalty_new ();
  g_autoptr(GError) error = NULL;
  gsize n_in = (gsize) B * 3 * H * W, np;
  float *xhat = dkg_alloc_floats (n_in);
  double *theta, *dir, value, value_d, mean_norm = 0;

  dkg_net_init_weights (critic, r);
  /* Weights large enough that ‖g‖ is of order 1 and (‖g‖ − 1) is not tiny. */
  for (gsize i = 0; i < critic->params->n; i++)
    critic->params->memory[i] *= 3.0f;
  dkg_test_fill_uniform (r, xhat, n_in, -1, 1);
  np = critic->params->n;

  dkg_params_zero_grad (critic->params);
  value = dkg_gradient_penalty_accumulate (gp, critic, xhat, B, H, W, 1.0f, &mean_norm, &error);
  g_assert_no_error (error);
  theta = g_new (double, np);
  dir = g_new (double, np);
  for (gsize i = 0; i < np; i++)
    theta[i] = critic->params->memory[i];
  value_d = gp_double (critic, theta, xhat, B, H, W);
  g_test_message ("GP float %.9g, double %.9g, mean ‖g‖ %.6g", value, value_d, mean_norm);
  g_assert_cmpfloat (fabs (value - value_d), <, 1e-5 * MAX (value_d, 1e-3));

  for (guint e = 0; e < dkg_params_n_entries (critic->params); e++)
    {
      const DkgParamEntry *pe = dkg_params_get_entry (critic->params, e);
      for (int rep = 0; rep < reps; rep++)
        {
          double analytic = 0, numeric, h = 1e-6, Lp, Lm, err;

          for (gsize i = 0; i < pe->numel; i++)
            dir[i] = 2 * dkg_rand_double (r) - 1;
          for (gsize i = 0; i < pe->numel; i++)
            analytic += (double) critic->params->grad[pe->offset + i] * dir[i];
          for (gsize i = 0; i < pe->numel; i++)
            theta[pe->offset + i] += h * dir[i];
          Lp = gp_double (critic, theta, xhat, B, H, W);
          for (gsize i = 0; i < pe->numel; i++)
            theta[pe->offset + i] -= 2 * h * dir[i];
          Lm = gp_double (critic, theta, xhat, B, H, W);
          for (gsize i = 0; i < pe->numel; i++)
            theta[pe->offset + i] = critic->params->memory[pe->offset + i];
          numeric = (Lp - Lm) / (2 * h);
          err = fabs (analytic - numeric) / fabs (numeric);
          g_test_message ("%s direction %d: analytic %.10g, finite differences %.10g, rel %.2g",
                          pe->name, rep, analytic, numeric, err);
          g_assert_cmpfloat (err, <=, 1e-4);
        }
    }
  g_free (theta);
  g_free (dir);
  dkg_free_floats (xhat);
}

static void
test_gp_gradient_matches_finite_differences (void)
{
  check_gp_gradient (DKG_ARCH_WGAN_CRITIC, 2, 16, 20, 3);
}

/* The deeper critic of the training study (receptive field 94 pixels): the same exactness. */
static void
test_gp_gradient_deep_critic (void)
{
  check_gp_gradient (DKG_ARCH_WGAN_CRITIC_DEEP, 1, 64, 64, 1);
}

/* λ scales the accumulated gradient, and the penalty accumulates onto existing gradients. */
static void
test_gp_lambda_and_accumulation (void)
{
  g_autoptr(DkgNet) critic = dkg_net_new (DKG_ARCH_WGAN_CRITIC, 0);
  g_autoptr(DkgRand) r = dkg_rand_new_seeded (78);
  g_autoptr(DkgGradientPenalty) gp = dkg_gradient_penalty_new ();
  g_autoptr(GError) error = NULL;
  float *xhat = dkg_alloc_floats (3 * 16 * 16), *g1;
  gsize np;

  dkg_net_init_weights (critic, r);
  dkg_test_fill_uniform (r, xhat, 3 * 16 * 16, -1, 1);
  np = critic->params->n;
  dkg_params_zero_grad (critic->params);
  dkg_gradient_penalty_accumulate (gp, critic, xhat, 1, 16, 16, 1.0f, NULL, &error);
  g_assert_no_error (error);
  g1 = g_memdup2 (critic->params->grad, np * sizeof (float));
  dkg_gradient_penalty_accumulate (gp, critic, xhat, 1, 16, 16, 10.0f, NULL, &error);
  {
    float scale = 0;
    for (gsize i = 0; i < np; i++)
      scale = MAX (scale, fabs (g1[i]));
    g_assert_cmpfloat (scale, >, 0);
    for (gsize i = 0; i < np; i++)
      g_assert_cmpfloat (fabs (critic->params->grad[i] - 11.0f * g1[i]), <=, 1e-5f * 11 * scale);
  }
  g_free (g1);
  dkg_free_floats (xhat);
}

int
main (int argc, char **argv)
{
  dkg_test_init (&argc, &argv);
  g_test_add_func ("/core/gradient-penalty/matches-finite-differences",
                   test_gp_gradient_matches_finite_differences);
  g_test_add_func ("/core/gradient-penalty/deep-critic", test_gp_gradient_deep_critic);
  g_test_add_func ("/core/gradient-penalty/lambda-and-accumulation",
                   test_gp_lambda_and_accumulation);
  return g_test_run ();
}
