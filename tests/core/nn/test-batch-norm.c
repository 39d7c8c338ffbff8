/* test-batch-norm.c — BatchNorm2d: forward against a double reference, running statistics
 * against hand-computed values, gradients by finite differences in training and inference
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "dkg-test-util.h"
#include "nn-check.h"
#include "dkg-batch-norm.h"

typedef struct
{
  int          B, C, HW;
  gboolean     training;
  double      *inp, *gamma, *beta;
  const float *rmean, *rvar;      /* inference statistics */
  const float *R;
} Ref;

static void
batch_norm_naive (double *out, const Ref *r)
{
  gsize n = (gsize) r->B * r->HW;

  for (int c = 0; c < r->C; c++)
    {
      double mu = 0.0, var = 0.0;

      if (r->training)
        {
          for (int b = 0; b < r->B; b++)
            for (int i = 0; i < r->HW; i++)
              mu += r->inp[((gsize) b * r->C + c) * r->HW + i];
          mu /= n;
          for (int b = 0; b < r->B; b++)
            for (int i = 0; i < r->HW; i++)
              {
                double d = r->inp[((gsize) b * r->C + c) * r->HW + i] - mu;
                var += d * d;
              }
          var /= n;
        }
      else
        {
          mu = r->rmean[c];
          var = r->rvar[c];
        }
      for (int b = 0; b < r->B; b++)
        for (int i = 0; i < r->HW; i++)
          {
            gsize k = ((gsize) b * r->C + c) * r->HW + i;
            out[k] = r->gamma[c] * (r->inp[k] - mu) / sqrt (var + 1e-5) + r->beta[c];
          }
    }
}

static double
ref_loss (gpointer data)
{
  Ref *r = data;
  gsize n = (gsize) r->B * r->C * r->HW;
  g_autofree double *out = g_new (double, n);
  double L = 0.0;

  batch_norm_naive (out, r);
  for (gsize i = 0; i < n; i++)
    L += out[i] * r->R[i];
  return L;
}

static void
check_shape (int B, int C, int HW, gboolean training)
{
  gsize n = (gsize) B * C * HW;
  g_autoptr(DkgRand) rng = dkg_rand_new_seeded (400 + B + C * 5 + HW * 7 + training);
  g_autofree float *inp = nn_check_new_uniform (rng, n, -2, 3);
  g_autofree float *gamma = nn_check_new_uniform (rng, C, 0.5, 1.5);
  g_autofree float *beta = nn_check_new_uniform (rng, C, -1, 1);
  g_autofree float *rmean = nn_check_new_uniform (rng, C, -0.5, 0.5);
  g_autofree float *rvar = nn_check_new_uniform (rng, C, 0.5, 2);
  g_autofree float *rmean0 = g_memdup2 (rmean, C * sizeof (float));
  g_autofree float *rvar0 = g_memdup2 (rvar, C * sizeof (float));
  g_autofree float *R = nn_check_new_uniform (rng, n, -1, 1);
  g_autofree float *out = g_new (float, n);
  g_autofree float *mean = g_new (float, C);
  g_autofree float *rstd = g_new (float, C);
  g_autofree float *dinp0 = nn_check_new_uniform (rng, n, -1, 1);
  g_autofree float *dg0 = nn_check_new_uniform (rng, C, -1, 1);
  g_autofree float *db0 = nn_check_new_uniform (rng, C, -1, 1);
  g_autofree float *dinp = g_memdup2 (dinp0, n * sizeof (float));
  g_autofree float *dg = g_memdup2 (dg0, C * sizeof (float));
  g_autofree float *db = g_memdup2 (db0, C * sizeof (float));
  g_autofree double *want = g_new (double, n);
  Ref ref = { B, C, HW, training, nn_check_new_double (inp, n), nn_check_new_double (gamma, C),
              nn_check_new_double (beta, C), rmean0, rvar0, R };
  g_autofree char *name = g_strdup_printf ("B%d C%d HW%d %s", B, C, HW,
                                           training ? "training" : "inference");
  g_autofree char *what = g_strdup_printf ("%s forward", name);

  dkg_batch_norm_forward (out, mean, rstd, rmean, rvar, inp, gamma, beta, B, C, HW, training);
  batch_norm_naive (want, &ref);
  nn_check_close (what, out, want, n, 1e-5, 1.0);
  if (!training)
    {
      /* Inference never touches the running statistics. */
      g_assert_cmpmem (rmean, C * sizeof (float), rmean0, C * sizeof (float));
      g_assert_cmpmem (rvar, C * sizeof (float), rvar0, C * sizeof (float));
    }

  dkg_batch_norm_backward (dinp, dg, db, R, inp, mean, rstd, gamma, B, C, HW, training);
  g_free (what);
  what = g_strdup_printf ("%s dinp", name);
  nn_check_fd (what, ref.inp, n, ref_loss, &ref, dinp, dinp0, 1e-4, 1e-4, 0.05, 400, rng);
  g_free (what);
  what = g_strdup_printf ("%s dgamma", name);
  nn_check_fd (what, ref.gamma, C, ref_loss, &ref, dg, dg0, 1e-4, 1e-4, 0.05, 400, rng);
  g_free (what);
  what = g_strdup_printf ("%s dbeta", name);
  nn_check_fd (what, ref.beta, C, ref_loss, &ref, db, db0, 1e-4, 1e-4, 0.05, 400, rng);

  /* NULL gradients are skipped, the others still right. */
  memcpy (dg, dg0, C * sizeof (float));
  dkg_batch_norm_backward (NULL, dg, NULL, R, inp, mean, rstd, gamma, B, C, HW, training);
  g_free (what);
  what = g_strdup_printf ("%s dgamma alone", name);
  nn_check_fd (what, ref.gamma, C, ref_loss, &ref, dg, dg0, 1e-4, 1e-4, 0.05, 400, rng);

  g_free (ref.inp);
  g_free (ref.gamma);
  g_free (ref.beta);
}

static void
test_batch_norm_training (void)
{
  check_shape (2, 1, 1, TRUE);     /* n = 2, the smallest batch PyTorch accepts */
  check_shape (1, 3, 10, TRUE);
  check_shape (3, 4, 7, TRUE);
  check_shape (4, 8, 16, TRUE);
  check_shape (2, 3, 150, TRUE);   /* planes long enough for the vector loops */
}

static void
test_batch_norm_inference (void)
{
  check_shape (1, 1, 1, FALSE);
  check_shape (1, 3, 10, FALSE);
  check_shape (3, 4, 7, FALSE);
  check_shape (2, 3, 150, FALSE);
}

/*
 * B = 2, C = 2, HW = 2. Channel 0 holds (1, 2 | 3, 4): mean 2.5, biased variance
 * (2.25 + 0.25 + 0.25 + 2.25)/4 = 1.25, unbiased 5/3. Channel 1 holds (−1, −1 | 5, −3): mean 0,
 * biased variance (1 + 1 + 25 + 9)/4 = 9, unbiased 12.
 * Running statistics start at (0, 1) and (2, 4); momentum 0.1:
 *   channel 0: mean 0.9·0 + 0.1·2.5 = 0.25;   var 0.9·1 + 0.1·5/3 = 1.0666667
 *   channel 1: mean 0.9·2 + 0.1·0   = 1.8;    var 0.9·4 + 0.1·12  = 4.8
 * A second step on the same batch: channel 0 mean 0.9·0.25 + 0.25 = 0.475,
 *   var 0.9·1.0666667 + 0.1666667 = 1.1266667.
 * Output with γ = (2, 1), β = (0.5, 0): channel 0, x = 1: 2·(1 − 2.5)/sqrt(1.25 + 1e-5) + 0.5
 *   = −3/1.1180385 + 0.5 = −2.1832708; channel 1, x = 5: 5/sqrt(9.00001) = 1.6666657.
 * Inference with the running statistics after one step: channel 0, x = 1:
 *   2·(1 − 0.25)/sqrt(1.0666667 + 1e-5) + 0.5 = 1.5/1.0328004 + 0.5 = 1.9523619.
 */
static void
test_batch_norm_running_stats (void)
{
  const float x[8] = { 1, 2, -1, -1, 3, 4, 5, -3 };   /* (B, C, HW) */
  const float gamma[2] = { 2, 1 }, beta[2] = { 0.5f, 0 };
  float rmean[2] = { 0, 2 }, rvar[2] = { 1, 4 }, out[8], mean[2], rstd[2];

  dkg_batch_norm_forward (out, mean, rstd, rmean, rvar, x, gamma, beta, 2, 2, 2, TRUE);
  g_test_message ("running mean (%.8g, %.8g) var (%.8g, %.8g)", rmean[0], rmean[1], rvar[0],
                  rvar[1]);
  g_assert_cmpfloat_with_epsilon (mean[0], 2.5, 1e-7);
  g_assert_cmpfloat_with_epsilon (mean[1], 0.0, 1e-7);
  g_assert_cmpfloat_with_epsilon (rstd[0], 1.0 / sqrt (1.25 + 1e-5), 1e-6);
  g_assert_cmpfloat_with_epsilon (rmean[0], 0.25, 1e-7);
  g_assert_cmpfloat_with_epsilon (rvar[0], 1.0666667, 1e-6);
  g_assert_cmpfloat_with_epsilon (rmean[1], 1.8, 1e-6);
  g_assert_cmpfloat_with_epsilon (rvar[1], 4.8, 1e-6);
  g_assert_cmpfloat_with_epsilon (out[0], -2.1832708, 1e-6);
  g_assert_cmpfloat_with_epsilon (out[6], 1.6666657, 1e-6);

  dkg_batch_norm_forward (out, mean, rstd, rmean, rvar, x, gamma, beta, 2, 2, 2, TRUE);
  g_assert_cmpfloat_with_epsilon (rmean[0], 0.475, 1e-7);
  g_assert_cmpfloat_with_epsilon (rvar[0], 1.1266667, 1e-6);

  rmean[0] = 0.25f;
  rvar[0] = 1.0666667f;
  dkg_batch_norm_forward (out, mean, rstd, rmean, rvar, x, gamma, beta, 2, 2, 2, FALSE);
  g_assert_cmpfloat_with_epsilon (out[0], 1.9523619, 1e-6);
  g_assert_cmpfloat (mean[0], ==, 0.25f);
  g_assert_cmpfloat_with_epsilon (rstd[0], 1.0 / sqrt (1.0666667 + 1e-5), 1e-6);
}

int
main (int argc, char **argv)
{
  dkg_test_init (&argc, &argv);
  g_test_add_func ("/core/batch-norm/training", test_batch_norm_training);
  g_test_add_func ("/core/batch-norm/inference", test_batch_norm_inference);
  g_test_add_func ("/core/batch-norm/running-stats", test_batch_norm_running_stats);
  return g_test_run ();
}
