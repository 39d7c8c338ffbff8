/* test-instance-norm.c — InstanceNorm2d against a double reference and finite differences
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "dkg-test-util.h"
#include "nn-check.h"
#include "dkg-activation.h"
#include "dkg-instance-norm.h"

typedef struct
{
  int          B, C, HW;
  double      *inp;
  const float *R;
} Ref;

/* out = (x − μ)/sqrt(σ² + eps) per (b, c) plane, σ² biased */
static void
instance_norm_naive (double *out, const double *inp, int B, int C, int HW)
{
  for (int p = 0; p < B * C; p++)
    {
      const double *x = inp + (gsize) p * HW;
      double mu = 0.0, var = 0.0;

      for (int i = 0; i < HW; i++)
        mu += x[i];
      mu /= HW;
      for (int i = 0; i < HW; i++)
        var += (x[i] - mu) * (x[i] - mu);
      var /= HW;
      for (int i = 0; i < HW; i++)
        out[(gsize) p * HW + i] = (x[i] - mu) / sqrt (var + 1e-5);
    }
}

static double
ref_loss (gpointer data)
{
  Ref *r = data;
  gsize n = (gsize) r->B * r->C * r->HW;
  g_autofree double *out = g_new (double, n);
  double L = 0.0;

  instance_norm_naive (out, r->inp, r->B, r->C, r->HW);
  for (gsize i = 0; i < n; i++)
    L += out[i] * r->R[i];
  return L;
}

static void
check_shape (int B, int C, int HW, float lo, float hi)
{
  gsize n = (gsize) B * C * HW;
  g_autoptr(DkgRand) rng = dkg_rand_new_seeded (300 + B + C * 5 + HW * 7);
  g_autofree float *inp = nn_check_new_uniform (rng, n, lo, hi);
  g_autofree float *R = nn_check_new_uniform (rng, n, -1, 1);
  g_autofree float *out = g_new (float, n);
  g_autofree float *mean = g_new (float, B * C);
  g_autofree float *rstd = g_new (float, B * C);
  g_autofree float *dinp0 = nn_check_new_uniform (rng, n, -1, 1);
  g_autofree float *dinp = g_memdup2 (dinp0, n * sizeof (float));
  g_autofree float *inplace = g_memdup2 (inp, n * sizeof (float));
  g_autofree float *mean2 = g_new (float, B * C);
  g_autofree float *rstd2 = g_new (float, B * C);
  g_autofree double *want = g_new (double, n);
  Ref ref = { B, C, HW, nn_check_new_double (inp, n), R };
  g_autofree char *name = g_strdup_printf ("B%d C%d HW%d U(%g,%g)", B, C, HW, lo, hi);
  g_autofree char *what = g_strdup_printf ("%s forward", name);

  dkg_instance_norm_forward (out, mean, rstd, inp, B, C, HW);
  instance_norm_naive (want, ref.inp, B, C, HW);
  /* the output has unit variance: compare at an absolute scale of 1 */
  nn_check_close (what, out, want, n, 1e-5, 1.0);
  for (int p = 0; p < B * C; p++)
    {
      double mu = 0.0;

      for (int i = 0; i < HW; i++)
        mu += inp[p * HW + i];
      mu /= HW;
      g_assert_cmpfloat_with_epsilon (mean[p], mu, 1e-6 * (1 + fabs (mu)));
    }
  /* With the ReLU fused: the same normalised values and their ReLU, bit for bit. */
  {
    g_autofree float *out2 = g_new (float, n);
    g_autofree float *relu2 = g_new (float, n);
    g_autofree float *relu_want = g_new (float, n);

    dkg_instance_norm_relu_forward (out2, relu2, mean2, rstd2, inp, B, C, HW);
    dkg_relu_forward (relu_want, out, n);
    g_assert_cmpmem (out2, n * sizeof (float), out, n * sizeof (float));
    g_assert_cmpmem (relu2, n * sizeof (float), relu_want, n * sizeof (float));
    g_assert_cmpmem (mean2, B * C * sizeof (float), mean, B * C * sizeof (float));
    g_assert_cmpmem (rstd2, B * C * sizeof (float), rstd, B * C * sizeof (float));
  }
  /* In place gives the same result. */
  dkg_instance_norm_forward (inplace, mean2, rstd2, inplace, B, C, HW);
  g_assert_cmpmem (inplace, n * sizeof (float), out, n * sizeof (float));

  dkg_instance_norm_backward (dinp, R, out, rstd, B, C, HW);
  g_free (what);
  what = g_strdup_printf ("%s dinp", name);
  nn_check_fd (what, ref.inp, n, ref_loss, &ref, dinp, dinp0, 1e-4 * (hi - lo), 1e-4, 0.05, 400,
               rng);

  /* The overwriting variant equals the backward into a zeroed buffer, bit for bit. */
  {
    g_autofree float *acc = g_new0 (float, n);
    g_autofree float *set = g_new (float, n);

    for (gsize i = 0; i < n; i++)
      set[i] = NAN;
    dkg_instance_norm_backward (acc, R, out, rstd, B, C, HW);
    dkg_instance_norm_backward_overwrite (set, R, out, rstd, B, C, HW);
    g_assert_cmpmem (set, n * sizeof (float), acc, n * sizeof (float));

    /* ReLU(InstanceNorm(x)) in one pass = dkg_relu_backward() then the InstanceNorm's. */
    {
      g_autofree float *relu_out = g_new (float, n);
      g_autofree float *drelu = g_new0 (float, n);

      dkg_relu_forward (relu_out, out, n);
      dkg_relu_backward (drelu, R, relu_out, n);
      memset (acc, 0, n * sizeof (float));
      dkg_instance_norm_backward (acc, drelu, out, rstd, B, C, HW);
      for (gsize i = 0; i < n; i++)
        set[i] = NAN;
      dkg_instance_norm_relu_backward_overwrite (set, R, out, rstd, B, C, HW);
      g_assert_cmpmem (set, n * sizeof (float), acc, n * sizeof (float));
    }
  }
  g_free (ref.inp);
}

static void
test_instance_norm_forward_backward (void)
{
  check_shape (1, 1, 2, -1, 1);
  check_shape (1, 3, 35, -1, 1);
  check_shape (3, 2, 17, -2, 5);      /* B = 3, offset data */
  check_shape (2, 4, 64, 10, 11);     /* large mean, small spread */
  check_shape (1, 16, 1024, -1, 1);
}

/* A constant plane normalises to 0 (var = 0, rstd = 1/sqrt(eps)) and passes no gradient. */
static void
test_instance_norm_constant (void)
{
  float x[8] = { 3, 3, 3, 3, -1, -1, -1, -1 }, mean[2], rstd[2], dx[8] = { 0 };
  const float dy[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };

  dkg_instance_norm_forward (x, mean, rstd, x, 1, 2, 4);
  for (int i = 0; i < 8; i++)
    g_assert_cmpfloat (x[i], ==, 0.0f);
  g_assert_cmpfloat (mean[0], ==, 3.0f);
  g_assert_cmpfloat_with_epsilon (rstd[0], 1.0 / sqrt (1e-5), 1e-2);
  dkg_instance_norm_backward (dx, dy, x, rstd, 1, 2, 4);
  /* dx = rstd·(dy − mean(dy)): (1,2,3,4) − 2.5 = (−1.5, −0.5, 0.5, 1.5) times 316.2 */
  g_assert_cmpfloat_with_epsilon (dx[0], -1.5 / sqrt (1e-5), 0.05);
  g_assert_cmpfloat_with_epsilon (dx[3], 1.5 / sqrt (1e-5), 0.05);
}

int
main (int argc, char **argv)
{
  dkg_test_init (&argc, &argv);
  g_test_add_func ("/core/instance-norm/forward-backward", test_instance_norm_forward_backward);
  g_test_add_func ("/core/instance-norm/constant", test_instance_norm_constant);
  return g_test_run ();
}
