/* test-adam.c — Adam against steps worked out by hand from torch.optim.Adam's formula
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>

#include "dkg-test-util.h"
#include "dkg-adam.h"

/*
 * lr = 0.1, β1 = 0.9, β2 = 0.999, eps = 1e-8; two parameters p = (1, −2).
 * The config holds floats: 0.999f = 0.99900001287, so 1 − β2 is 0.00099998713 and v comes out
 * 1.3e-5 (relative) below the decimal values; the bias correction 1 − β2^t has the same
 * factor, so p does not see it. The m and v checks allow for that, p is checked to 1e-6.
 *
 * Step 1, g = (0.5, −4):
 *   m = 0.1·g = (0.05, −0.4);  v = 0.001·g² = (0.00025, 0.016)
 *   lr / (1 − β1¹) = 0.1 / 0.1 = 1;  sqrt(1 − β2¹) = sqrt(0.001) = 0.0316227766
 *   p0: sqrt(v)/0.0316227766 = 0.0158113883/0.0316227766 = 0.5
 *       → p = 1 − 0.05/(0.5 + 1e-8) = 0.900000002
 *   p1: sqrt(0.016)/0.0316227766 = 4
 *       → p = −2 + 0.4/(4 + 1e-8) = −1.90000000025
 * Step 2, g = (−0.25, 1):
 *   m = 0.9·m + 0.1·g = (0.045 − 0.025, −0.36 + 0.1) = (0.02, −0.26)
 *   v = 0.999·v + 0.001·g² = (0.00024975 + 0.0000625, 0.015984 + 0.001) = (0.00031225, 0.016984)
 *   lr / (1 − 0.81) = 0.526315789;  sqrt(1 − 0.998001) = sqrt(0.001999) = 0.0447101778
 *   p0: sqrt(0.00031225) = 0.0176705970, /0.0447101778 = 0.395225381
 *       p = 0.900000002 − 0.526315789·0.02/0.395225391 = 0.900000002 − 0.026633703 = 0.873366299
 *   p1: sqrt(0.016984) = 0.130322676, /0.0447101778 = 2.91483243
 *       p = −1.90000000025 + 0.526315789·0.26/2.91483244 = −1.9 + 0.046946817 = −1.853053183
 */
static void
test_adam_two_steps (void)
{
  DkgAdamConfig cfg = { 0.1f, 0.9f, 0.999f, 1e-8f };
  float p[2] = { 1.0f, -2.0f }, m[2] = { 0, 0 }, v[2] = { 0, 0 };
  const float g1[2] = { 0.5f, -4.0f }, g2[2] = { -0.25f, 1.0f };

  dkg_adam_step (p, g1, m, v, 2, &cfg, 1);
  g_test_message ("step 1: p = (%.9g, %.9g) m = (%.9g, %.9g) v = (%.9g, %.9g)",
                  p[0], p[1], m[0], m[1], v[0], v[1]);
  g_assert_cmpfloat_with_epsilon (m[0], 0.05, 1e-7);
  g_assert_cmpfloat_with_epsilon (m[1], -0.4, 1e-7);
  g_assert_cmpfloat_with_epsilon (v[0], 0.00025, 0.00025 * 2e-5);
  g_assert_cmpfloat_with_epsilon (v[1], 0.016, 0.016 * 2e-5);
  g_assert_cmpfloat_with_epsilon (p[0], 0.900000002, 1e-6);
  g_assert_cmpfloat_with_epsilon (p[1], -1.90000000025, 2e-6);

  dkg_adam_step (p, g2, m, v, 2, &cfg, 2);
  g_test_message ("step 2: p = (%.9g, %.9g) m = (%.9g, %.9g) v = (%.9g, %.9g)",
                  p[0], p[1], m[0], m[1], v[0], v[1]);
  g_assert_cmpfloat_with_epsilon (m[0], 0.02, 1e-7);
  g_assert_cmpfloat_with_epsilon (m[1], -0.26, 1e-7);
  g_assert_cmpfloat_with_epsilon (v[0], 0.00031225, 0.00031225 * 2e-5);
  g_assert_cmpfloat_with_epsilon (v[1], 0.016984, 0.016984 * 2e-5);
  g_assert_cmpfloat_with_epsilon (p[0], 0.873366299, 1e-6);
  g_assert_cmpfloat_with_epsilon (p[1], -1.853053183, 2e-6);
}

/*
 * The WGAN-GP setting (docs/SPECIFICATION.md §4.2): lr = 1e-4, β = (0, 0.9), p = 0.5.
 * Step 1, g = 2: m = 2, v = 0.1·4 = 0.4; lr/(1 − 0) = 1e-4; sqrt(1 − 0.9) = 0.316227766;
 *   sqrt(0.4)/0.316227766 = 2  → p = 0.5 − 1e-4·2/2 = 0.4999
 * Step 2, g = −1: m = −1 (β1 = 0 keeps only g), v = 0.9·0.4 + 0.1·1 = 0.46;
 *   sqrt(1 − 0.81) = 0.435889894; sqrt(0.46) = 0.678232998; ratio 1.55597321
 *   → p = 0.4999 + 1e-4/1.555973 = 0.4999 + 0.0000642689 = 0.4999642689
 */
static void
test_adam_wgan_betas (void)
{
  DkgAdamConfig cfg = { 1e-4f, 0.0f, 0.9f, 1e-8f };
  float p = 0.5f, m = 0.0f, v = 0.0f, g = 2.0f;

  dkg_adam_step (&p, &g, &m, &v, 1, &cfg, 1);
  g_assert_cmpfloat_with_epsilon (p, 0.4999, 1e-7);
  g = -1.0f;
  dkg_adam_step (&p, &g, &m, &v, 1, &cfg, 2);
  g_test_message ("p = %.9g m = %.9g v = %.9g", p, m, v);
  g_assert_cmpfloat_with_epsilon (m, -1.0, 1e-7);
  g_assert_cmpfloat_with_epsilon (v, 0.46, 0.46 * 1e-6);
  g_assert_cmpfloat_with_epsilon (p, 0.4999642689, 1e-7);
}

/* A zero gradient from zero moments leaves the parameter where it is (no eps blow-up). */
static void
test_adam_zero_grad (void)
{
  DkgAdamConfig cfg = { 2e-4f, 0.5f, 0.999f, 1e-8f };
  float p[3] = { 0.25f, -1.0f, 3.0f }, m[3] = { 0 }, v[3] = { 0 }, g[3] = { 0 };

  for (int t = 1; t <= 3; t++)
    dkg_adam_step (p, g, m, v, 3, &cfg, t);
  g_assert_cmpfloat (p[0], ==, 0.25f);
  g_assert_cmpfloat (p[1], ==, -1.0f);
  g_assert_cmpfloat (p[2], ==, 3.0f);
}

/* 103 parameters (vector loop and scalar tail) over three steps against the formula in
 * double, with the float configuration's values of β1, β2, lr and eps. */
static void
test_adam_vector (void)
{
  const DkgAdamConfig cfg = { 2e-4f, 0.5f, 0.999f, 1e-8f };
  const gsize n = 103;
  g_autoptr(DkgRand) r = dkg_rand_new_seeded (9);
  g_autofree float *p = g_new (float, n), *m = g_new0 (float, n), *v = g_new0 (float, n);
  g_autofree float *g = g_new (float, n);
  g_autofree double *pd = g_new (double, n), *md = g_new0 (double, n), *vd = g_new0 (double, n);
  double worst = 0.0;

  dkg_test_fill_uniform (r, p, n, -1, 1);
  for (gsize i = 0; i < n; i++)
    pd[i] = p[i];
  for (int t = 1; t <= 3; t++)
    {
      dkg_test_fill_uniform (r, g, n, -0.5f, 0.5f);
      dkg_adam_step (p, g, m, v, n, &cfg, t);
      for (gsize i = 0; i < n; i++)
        {
          double b1 = cfg.beta1, b2 = cfg.beta2;

          md[i] = b1 * md[i] + (1 - b1) * g[i];
          vd[i] = b2 * vd[i] + (1 - b2) * (double) g[i] * g[i];
          pd[i] -= cfg.lr / (1 - pow (b1, t)) * md[i]
                   / (sqrt (vd[i]) / sqrt (1 - pow (b2, t)) + cfg.eps);
        }
    }
  for (gsize i = 0; i < n; i++)
    worst = MAX (worst, fabs (p[i] - pd[i]));
  g_test_message ("max |p - p_double| = %.3g", worst);
  /* each step moves p by about lr = 2e-4; float rounding of p (|p| < 1) is 6e-8 */
  g_assert_cmpfloat (worst, <, 2e-7);
  for (gsize i = 0; i < n; i++)
    g_assert_cmpfloat (fabs (p[i] - pd[i]), <, 2e-7);
}

int
main (int argc, char **argv)
{
  dkg_test_init (&argc, &argv);
  g_test_add_func ("/core/adam/two-steps", test_adam_two_steps);
  g_test_add_func ("/core/adam/wgan-betas", test_adam_wgan_betas);
  g_test_add_func ("/core/adam/zero-grad", test_adam_zero_grad);
  g_test_add_func ("/core/adam/vector", test_adam_vector);
  return g_test_run ();
}
