/* test-activation.c — ReLU, LeakyReLU, tanh, add, spatial mean: forward values and gradients
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "dkg-test-util.h"
#include "nn-check.h"
#include "dkg-activation.h"

enum { ACT_RELU, ACT_LEAKY, ACT_TANH };

typedef struct
{
  int          kind;
  gsize        n;
  double      *inp;
  const float *R;
} Ref;

static double
act_naive (int kind, double x)
{
  switch (kind)
    {
    case ACT_RELU:
      return x > 0 ? x : 0;
    case ACT_LEAKY:
      return x > 0 ? x : 0.2 * x;
    default:
      return tanh (x);
    }
}

static double
ref_loss (gpointer data)
{
  Ref *r = data;
  double L = 0.0;

  for (gsize i = 0; i < r->n; i++)
    L += act_naive (r->kind, r->inp[i]) * r->R[i];
  return L;
}

static void
check_act (int kind, const char *name)
{
  const gsize n = 257;
  g_autoptr(DkgRand) rng = dkg_rand_new_seeded (500 + kind);
  g_autofree float *inp = nn_check_new_uniform (rng, n, -3, 3);
  g_autofree float *R = nn_check_new_uniform (rng, n, -1, 1);
  g_autofree float *out = g_new (float, n);
  g_autofree float *dinp0 = nn_check_new_uniform (rng, n, -1, 1);
  g_autofree float *dinp = NULL;
  g_autofree double *want = g_new (double, n);
  g_autofree char *what = NULL;
  Ref ref = { kind, n, NULL, R };

  /* keep away from the kink at 0, where the one-sided derivatives differ */
  for (gsize i = 0; i < n; i++)
    if (fabsf (inp[i]) < 0.01f)
      inp[i] = 0.5f;
  ref.inp = nn_check_new_double (inp, n);
  dinp = g_memdup2 (dinp0, n * sizeof (float));
  if (kind == ACT_RELU)
    dkg_relu_forward (out, inp, n);
  else if (kind == ACT_LEAKY)
    dkg_leaky_relu_forward (out, inp, n, DKG_LEAKY_RELU_SLOPE);
  else
    dkg_tanh_forward (out, inp, n);
  for (gsize i = 0; i < n; i++)
    want[i] = act_naive (kind, ref.inp[i]);
  what = g_strdup_printf ("%s forward", name);
  nn_check_close (what, out, want, n, 1e-6, 1e-3);

  if (kind == ACT_RELU)
    dkg_relu_backward (dinp, R, out, n);
  else if (kind == ACT_LEAKY)
    dkg_leaky_relu_backward (dinp, R, out, n, DKG_LEAKY_RELU_SLOPE);
  else
    dkg_tanh_backward (dinp, R, out, n);
  g_free (what);
  what = g_strdup_printf ("%s dinp", name);
  nn_check_fd (what, ref.inp, n, ref_loss, &ref, dinp, dinp0, 1e-5, 1e-5, 1e-2, n, rng);

  /* The overwriting variants equal the backward into a zeroed buffer, bit for bit. */
  if (kind != ACT_TANH)
    {
      g_autofree float *acc = g_new0 (float, n);
      g_autofree float *set = g_new (float, n);

      for (gsize i = 0; i < n; i++)
        set[i] = NAN;
      if (kind == ACT_RELU)
        {
          dkg_relu_backward (acc, R, out, n);
          dkg_relu_tangent (set, R, out, n);
        }
      else
        {
          dkg_leaky_relu_backward (acc, R, out, n, DKG_LEAKY_RELU_SLOPE);
          dkg_leaky_relu_tangent (set, R, out, n, DKG_LEAKY_RELU_SLOPE);
        }
      g_assert_cmpmem (set, n * sizeof (float), acc, n * sizeof (float));
    }

  /* In place. */
  if (kind == ACT_RELU)
    dkg_relu_forward (inp, inp, n);
  else if (kind == ACT_LEAKY)
    dkg_leaky_relu_forward (inp, inp, n, DKG_LEAKY_RELU_SLOPE);
  else
    dkg_tanh_forward (inp, inp, n);
  g_assert_cmpmem (inp, n * sizeof (float), out, n * sizeof (float));
  g_free (ref.inp);
}

static void
test_activation_relu (void)
{
  const float x[4] = { -2, 0, 0.5f, 3 };
  float y[4], dx[4] = { 1, 1, 1, 1 };
  const float dy[4] = { 10, 10, 10, 10 };

  dkg_relu_forward (y, x, 4);
  g_assert_cmpfloat (y[0], ==, 0.0f);
  g_assert_cmpfloat (y[1], ==, 0.0f);
  g_assert_cmpfloat (y[3], ==, 3.0f);
  dkg_relu_backward (dx, dy, y, 4);
  g_assert_cmpfloat (dx[0], ==, 1.0f);   /* accumulates: 1 + 0 */
  g_assert_cmpfloat (dx[1], ==, 1.0f);   /* PyTorch: gradient 0 at 0 */
  g_assert_cmpfloat (dx[2], ==, 11.0f);
  check_act (ACT_RELU, "relu");
}

static void
test_activation_leaky_relu (void)
{
  const float x[3] = { -2, 0, 3 };
  float y[3], dx[3] = { 0 };
  const float dy[3] = { 1, 1, 1 };

  dkg_leaky_relu_forward (y, x, 3, 0.2f);
  g_assert_cmpfloat_with_epsilon (y[0], -0.4, 1e-7);
  g_assert_cmpfloat (y[2], ==, 3.0f);
  dkg_leaky_relu_backward (dx, dy, y, 3, 0.2f);
  g_assert_cmpfloat_with_epsilon (dx[0], 0.2, 1e-7);
  g_assert_cmpfloat_with_epsilon (dx[1], 0.2, 1e-7);  /* PyTorch: slope at 0 */
  g_assert_cmpfloat (dx[2], ==, 1.0f);
  check_act (ACT_LEAKY, "leaky-relu");
}

static void
test_activation_tanh (void)
{
  const float x[3] = { -20, 0, 0.5f };
  float y[3];

  dkg_tanh_forward (y, x, 3);
  g_assert_cmpfloat (y[0], ==, -1.0f);
  g_assert_cmpfloat (y[1], ==, 0.0f);
  g_assert_cmpfloat_with_epsilon (y[2], 0.46211715726, 1e-7);
  check_act (ACT_TANH, "tanh");
}

/* The vectorised tanh against tanh in double: 400,001 points on [−20, 20], the branch edges
 * and special values; every result within 3 ulp (3·2⁻²³·|tanh x|), NaN kept, ±inf → ±1. */
static void
test_activation_tanh_accuracy (void)
{
  const float special[] = { 0.0f, -0.0f, 1e-30f, -1e-30f, 1e-40f, 1e-4f, 0.6249999f, 0.625f,
                            0.6250001f, -0.625f, 4.5f, 9.0f, 9.09f, 9.1f, 9.2f, -9.2f, 15.0f,
                            44.0f, 88.0f, 1e30f, -1e30f, INFINITY, -INFINITY };
  const gsize n_grid = 400001, n = n_grid + G_N_ELEMENTS (special) + 1;
  g_autofree float *x = g_new (float, n);
  g_autofree float *y = g_new (float, n);
  double worst = 0.0;
  gsize worst_i = 0;

  for (gsize i = 0; i < n_grid; i++)
    x[i] = -20.0f + 40.0f * (float) i / (float) (n_grid - 1);
  for (gsize i = 0; i < G_N_ELEMENTS (special); i++)
    x[n_grid + i] = special[i];
  x[n - 1] = NAN;
  /* n = 25001·16 + 9: the special values fall partly in vector lanes, partly in the tail */
  dkg_tanh_forward (y, x, n);
  for (gsize i = 0; i + 1 < n; i++)
    {
      double want = tanh ((double) x[i]);
      double ulps = fabs ((double) y[i] - want) / (ldexp (1.0, -23) * MAX (fabs (want), 1e-38));

      if (ulps > worst)
        {
          worst = ulps;
          worst_i = i;
        }
    }
  g_test_message ("tanh: worst %.2f ulp at x = %.9g (got %.9g, want %.9g)", worst, x[worst_i],
                  y[worst_i], tanh ((double) x[worst_i]));
  g_assert_cmpfloat (worst, <=, 3.0);
  g_assert_true (isnan (y[n - 1]));
  g_assert_cmpfloat (y[n_grid + 21], ==, 1.0f);    /* +inf */
  g_assert_cmpfloat (y[n_grid + 22], ==, -1.0f);   /* −inf */
  g_assert_true (signbit (y[n_grid + 1]));          /* −0 stays −0 */
}

static void
test_activation_add (void)
{
  float a[3] = { 1, 2, 3 };
  const float b[3] = { 0.5f, -2, 10 };

  dkg_add_forward (a, a, b, 3);
  g_assert_cmpfloat (a[0], ==, 1.5f);
  g_assert_cmpfloat (a[1], ==, 0.0f);
  g_assert_cmpfloat (a[2], ==, 13.0f);
}

/* (B=2, C=2, HW=3): means are hand sums / 3; backward adds dout/3 to each element. */
static void
test_activation_spatial_mean (void)
{
  const float x[12] = { 1, 2, 3, -3, 0, 6, 0.5f, 0.5f, 0.5f, 9, 9, -9 };
  const float dy[4] = { 3, -6, 0, 1.5f };
  float y[4], dx[12];

  for (int i = 0; i < 12; i++)
    dx[i] = 1.0f;
  dkg_spatial_mean_forward (y, x, 2, 2, 3);
  g_assert_cmpfloat_with_epsilon (y[0], 2.0, 1e-7);
  g_assert_cmpfloat_with_epsilon (y[1], 1.0, 1e-7);
  g_assert_cmpfloat_with_epsilon (y[2], 0.5, 1e-7);
  g_assert_cmpfloat_with_epsilon (y[3], 3.0, 1e-7);
  dkg_spatial_mean_backward (dx, dy, 2, 2, 3);
  g_assert_cmpfloat_with_epsilon (dx[0], 2.0, 1e-7);
  g_assert_cmpfloat_with_epsilon (dx[5], -1.0, 1e-7);
  g_assert_cmpfloat_with_epsilon (dx[8], 1.0, 1e-7);
  g_assert_cmpfloat_with_epsilon (dx[11], 1.5, 1e-7);
}

int
main (int argc, char **argv)
{
  dkg_test_init (&argc, &argv);
  g_test_add_func ("/core/activation/relu", test_activation_relu);
  g_test_add_func ("/core/activation/leaky-relu", test_activation_leaky_relu);
  g_test_add_func ("/core/activation/tanh", test_activation_tanh);
  g_test_add_func ("/core/activation/tanh-accuracy", test_activation_tanh_accuracy);
  g_test_add_func ("/core/activation/add", test_activation_add);
  g_test_add_func ("/core/activation/spatial-mean", test_activation_spatial_mean);
  return g_test_run ();
}
