/* nn-check.c — helpers for the layer tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>

#include "dkg-test-util.h"
#include "nn-check.h"

/** nn_check_new_uniform: Returns: (transfer full): n floats ~ U(lo, hi), free with g_free. */
float *
nn_check_new_uniform (DkgRand *r, gsize n, float lo, float hi)
{
  float *x = g_new (float, MAX (n, 1));

  dkg_test_fill_uniform (r, x, n, lo, hi);
  return x;
}

/** nn_check_new_double: Returns: (transfer full): x converted to double, free with g_free. */
double *
nn_check_new_double (const float *x, gsize n)
{
  double *d = g_new (double, MAX (n, 1));

  for (gsize i = 0; i < n; i++)
    d[i] = x[i];
  return d;
}

/**
 * nn_check_close:
 *
 * Asserts max_i |got_i − want_i| / max(|want_i|, floor) ≤ rtol and reports it with
 * g_test_message (llm.c's check_tensor).
 */
void
nn_check_close (const char *what, const float *got, const double *want, gsize n, double rtol,
                double floor)
{
  double maxdiff = 0.0, maxrel = 0.0;
  gsize worst = 0;

  for (gsize i = 0; i < n; i++)
    {
      double d = fabs ((double) got[i] - want[i]);
      double rel = d / MAX (fabs (want[i]), floor);

      g_assert_true (isfinite (got[i]));
      maxdiff = MAX (maxdiff, d);
      if (rel > maxrel)
        {
          maxrel = rel;
          worst = i;
        }
    }
  g_test_message ("%s: n=%" G_GSIZE_FORMAT " maxdiff=%.3g maxrel=%.3g (tol %.1g, floor %.3g)",
                  what, n, maxdiff, maxrel, rtol, floor);
  if (maxrel > rtol)
    g_error ("%s: element %" G_GSIZE_FORMAT ": got %.9g want %.9g (rel %.3g > %.1g)", what, worst,
             (double) got[worst], want[worst], maxrel, rtol);
}

/**
 * nn_check_fd_compute:
 * @ref: (out): filled with the sampled indices and their central differences
 * @theta: (inout): the reference model's parameters (double), perturbed and restored
 * @loss: L(θ) in double
 * @h: the finite-difference step
 * @max_samples: every element if n ≤ max_samples, else this many random ones
 *
 * want_k = (L(θ + h·e_i) − L(θ − h·e_i)) / 2h for the sampled i = idx_k.
 */
void
nn_check_fd_compute (NnFdRef *ref, double *theta, gsize n, NnLossFunc loss, gpointer ctx,
                     double h, gsize max_samples, DkgRand *r)
{
  ref->m = MIN (n, max_samples);
  ref->idx = g_new (gsize, MAX (ref->m, 1));
  ref->want = g_new (double, MAX (ref->m, 1));
  for (gsize k = 0; k < ref->m; k++)
    {
      gsize i = n <= max_samples ? k : dkg_rand_below (r, (guint32) n);
      double saved = theta[i], lp, lm;

      theta[i] = saved + h;
      lp = loss (ctx);
      theta[i] = saved - h;
      lm = loss (ctx);
      theta[i] = saved;
      ref->idx[k] = i;
      ref->want[k] = (lp - lm) / (2.0 * h);
    }
}

/**
 * nn_check_fd_against:
 * @analytic: the float32 gradient under test, after accumulation
 * @prefill: (nullable): what @analytic held before the backward pass (it accumulates)
 *
 * Compares analytic_i − prefill_i with the finite differences of @ref (nn_check_close()).
 */
void
nn_check_fd_against (const char *what, const NnFdRef *ref, const float *analytic,
                     const float *prefill, double rtol, double floor)
{
  g_autofree float *got = g_new (float, MAX (ref->m, 1));

  for (gsize k = 0; k < ref->m; k++)
    {
      gsize i = ref->idx[k];

      got[k] = (float) ((double) analytic[i] - (prefill != NULL ? (double) prefill[i] : 0.0));
    }
  nn_check_close (what, got, ref->want, ref->m, rtol, floor);
}

/** nn_check_fd_clear: frees what nn_check_fd_compute() allocated. */
void
nn_check_fd_clear (NnFdRef *ref)
{
  g_clear_pointer (&ref->idx, g_free);
  g_clear_pointer (&ref->want, g_free);
  ref->m = 0;
}

/**
 * nn_check_fd:
 * @theta: (inout): the reference model's parameters (double), perturbed and restored
 * @loss: L(θ) in double
 * @analytic: the float32 gradient under test, after accumulation
 * @prefill: (nullable): what @analytic held before the backward pass (it accumulates)
 * @h: the finite-difference step
 * @max_samples: check every element if n ≤ max_samples, else this many random ones
 *
 * Central differences (L(θ + h·e_i) − L(θ − h·e_i)) / 2h against analytic_i − prefill_i,
 * with nn_check_close()'s relative criterion.
 */
void
nn_check_fd (const char *what, double *theta, gsize n, NnLossFunc loss, gpointer ctx,
             const float *analytic, const float *prefill, double h, double rtol, double floor,
             gsize max_samples, DkgRand *r)
{
  NnFdRef ref = { 0 };

  nn_check_fd_compute (&ref, theta, n, loss, ctx, h, max_samples, r);
  nn_check_fd_against (what, &ref, analytic, prefill, rtol, floor);
  nn_check_fd_clear (&ref);
}
