/* test-loss.c — BCE-with-logits, mean and MSE: values by hand, gradients by finite differences
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>

#include "dkg-test-util.h"
#include "nn-check.h"
#include "dkg-loss.h"

/*
 * ℓ(x, t) = max(x, 0) − x·t + log(1 + e^−|x|):
 *   x = 0, t = 1:     log 2                        = 0.69314718056
 *   x = 2, t = 0:     2 + log(1 + e^−2)            = 2.12692801104
 *   x = −3, t = 1:    3 + log(1 + e^−3)            = 3.04858735157
 *   x = 0.5, t = 0.3f: 0.5 − 0.5·0.300000012 + log(1 + e^−0.5) = 0.82407697822
 *                     (t is the float nearest 0.3, 0.300000011920929)
 *   x = 100, t = 1:   log(1 + e^−100) ≈ e^−100     = 3.720076e−44 (no cancellation)
 *   x = −100, t = 1:  100 + log(1 + e^−100)        = 100
 *   x = 1000, t = 0:  1000 (the naive −log(1 − σ(x)) would be inf)
 *   x = −1000, t = 1: 1000
 */
static void
test_bce_values (void)
{
  const float x[8] = { 0, 2, -3, 0.5f, 100, -100, 1000, -1000 };
  const float t[8] = { 1, 0, 1, 0.3f, 1, 1, 0, 1 };
  const double want[8] = { 0.69314718056, 2.12692801104, 3.04858735157, 0.82407697822,
                           3.720076e-44, 100.0, 1000.0, 1000.0 };

  for (int i = 0; i < 8; i++)
    {
      double got = dkg_bce_with_logits_forward (&x[i], t[i], 1);

      g_test_message ("x=%g t=%g: %.12g (want %.12g)", x[i], t[i], got, want[i]);
      g_assert_true (isfinite (got));
      g_assert_cmpfloat_with_epsilon (got, want[i], 1e-9 * MAX (1.0, want[i]));
    }
  /* The mean of the first four. */
  {
    const float x4[2] = { 0, 0 };

    g_assert_cmpfloat_with_epsilon (dkg_bce_with_logits_forward (x4, 1.0f, 2), 0.69314718056,
                                    1e-10);
  }
}

typedef struct
{
  int          kind;   /* 0 BCE, 1 mean, 2 MSE */
  gsize        n;
  float        target;
  double      *x;
  const float *b;
} Ref;

static double
ref_loss (gpointer data)
{
  Ref *r = data;
  double L = 0.0;

  for (gsize i = 0; i < r->n; i++)
    {
      double x = r->x[i];

      if (r->kind == 0)
        L += MAX (x, 0.0) - x * r->target + log1p (exp (-fabs (x)));
      else if (r->kind == 1)
        L += x;
      else
        L += (x - r->b[i]) * (x - r->b[i]);
    }
  return L / (double) r->n;
}

static void
test_bce_gradient (void)
{
  const gsize n = 37;
  const float scale = 1.5f;
  g_autoptr(DkgRand) rng = dkg_rand_new_seeded (600);
  g_autofree float *x = nn_check_new_uniform (rng, n, -8, 8);
  /* small: keeps d − d0 exact enough */
  g_autofree float *d0 = nn_check_new_uniform (rng, n, -0.01f, 0.01f);
  g_autofree float *d = g_memdup2 (d0, n * sizeof (float));
  g_autofree float *sd = g_new (float, n);
  Ref ref = { 0, n, 0.3f, NULL, NULL };

  x[0] = 60.0f;
  x[1] = -60.0f;
  ref.x = nn_check_new_double (x, n);
  dkg_bce_with_logits_backward (d, x, 0.3f, n, scale);
  /* compare d/scale − d0/scale with the gradient of the mean loss */
  for (gsize i = 0; i < n; i++)
    sd[i] = (d[i] - d0[i]) / scale;
  nn_check_fd ("bce dlogits", ref.x, n, ref_loss, &ref, sd, NULL, 1e-5, 1e-5, 1e-4, n, rng);
  /* σ(60) − 0.3 = 0.7, σ(−60) − 0.3 = −0.3 (to float precision), divided by n */
  g_assert_cmpfloat_with_epsilon (sd[0], 0.7 / n, 1e-7);
  g_assert_cmpfloat_with_epsilon (sd[1], -0.3 / n, 1e-7);
  g_free (ref.x);
}

static void
test_mean (void)
{
  const float x[4] = { 1, -2, 3.5f, 0.5f };
  float d[4] = { 1, 1, 1, 1 };

  g_assert_cmpfloat_with_epsilon (dkg_mean_forward (x, 4), 0.75, 1e-12);
  dkg_mean_backward (d, 4, -2.0f);
  for (int i = 0; i < 4; i++)
    g_assert_cmpfloat_with_epsilon (d[i], 0.5, 1e-7);   /* 1 + (−2)/4 */
}

/* (1 − 0)² + (2 − 4)² + (−1 − 0.5)² = 1 + 4 + 2.25 = 7.25, mean 2.4166667 */
static void
test_mse (void)
{
  const gsize n = 29;
  const float a3[3] = { 1, 2, -1 }, b3[3] = { 0, 4, 0.5f };
  g_autoptr(DkgRand) rng = dkg_rand_new_seeded (601);
  g_autofree float *a = nn_check_new_uniform (rng, n, -2, 2);
  g_autofree float *b = nn_check_new_uniform (rng, n, -2, 2);
  /* small: keeps d − d0 exact enough */
  g_autofree float *d0 = nn_check_new_uniform (rng, n, -0.01f, 0.01f);
  g_autofree float *d = g_memdup2 (d0, n * sizeof (float));
  g_autofree float *sd = g_new (float, n);
  Ref ref = { 2, n, 0, nn_check_new_double (a, n), b };
  Ref refm = { 1, n, 0, ref.x, NULL };
  float dm[29] = { 0 };

  g_assert_cmpfloat_with_epsilon (dkg_mse_forward (a3, b3, 3), 7.25 / 3, 1e-12);
  dkg_mse_backward (d, a, b, n, 0.5f);
  for (gsize i = 0; i < n; i++)
    sd[i] = (d[i] - d0[i]) / 0.5f;
  nn_check_fd ("mse da", ref.x, n, ref_loss, &ref, sd, NULL, 1e-4, 1e-5, 1e-3, n, rng);
  dkg_mean_backward (dm, n, 1.0f);
  nn_check_fd ("mean dx", refm.x, n, ref_loss, &refm, dm, NULL, 1e-4, 1e-5, 1e-3, n, rng);
  g_free (ref.x);
}

/* LSGAN: (0.5 − 0.9)² + (1.5 − 0.9)² + (−1 − 0.9)² = 0.16 + 0.36 + 3.61 = 4.13, mean 1.3766667;
 * the gradient is the MSE's against a constant array of the target. */
static void
test_least_squares (void)
{
  const gsize n = 29;
  const float x3[3] = { 0.5f, 1.5f, -1 };
  g_autoptr(DkgRand) rng = dkg_rand_new_seeded (602);
  g_autofree float *x = nn_check_new_uniform (rng, n, -2, 2);
  g_autofree float *t = g_new (float, n);
  float d[29] = { 0 }, dm[29] = { 0 };

  g_assert_cmpfloat_with_epsilon (dkg_least_squares_forward (x3, 0.9f, 3), 4.13 / 3, 1e-6);
  for (gsize i = 0; i < n; i++)
    t[i] = 0.9f;
  g_assert_cmpfloat_with_epsilon (dkg_least_squares_forward (x, 0.9f, n),
                                  dkg_mse_forward (x, t, n), 1e-12);
  dkg_least_squares_backward (d, x, 0.9f, n, -1.5f);
  dkg_mse_backward (dm, x, t, n, -1.5f);
  for (gsize i = 0; i < n; i++)
    g_assert_cmpfloat_with_epsilon (d[i], dm[i], 1e-7);
}

int
main (int argc, char **argv)
{
  dkg_test_init (&argc, &argv);
  g_test_add_func ("/core/loss/bce-values", test_bce_values);
  g_test_add_func ("/core/loss/bce-gradient", test_bce_gradient);
  g_test_add_func ("/core/loss/mean", test_mean);
  g_test_add_func ("/core/loss/mse", test_mse);
  g_test_add_func ("/core/loss/least-squares", test_least_squares);
  return g_test_run ();
}
