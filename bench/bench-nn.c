/* bench-nn.c — speed and memory of the networks (issue "Core engine"), one JSON object
 *
 *   bench-nn [--threads T] [--reps R]
 *
 * resnet (6 blocks) at 256×256, batch 1: forward (inference) and forward+backward (training
 * mode, parameter and input gradients); patchgan and wgan-critic forward+backward with the
 * input gradient (what trains the generator); medians of R runs (default 10) after one warm-up.
 * resnet_forward_gflops counts 2 FLOP per multiply-add of the convolutions (3.03 GFLOP).
 * sgemm_1024_gflops: OpenBLAS sgemm of two 1024×1024 matrices in the same run. peak_rss_mb_*:
 * peak resident memory (VmHWM) of a fresh process that only builds the generator and runs one
 * inference forward at 256×256 / 2048×2048; it includes the process's libraries (about 11 MB).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <cblas.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "dkg-blas.h"
#include "dkg-tensor.h"
#include "dkg-net.h"

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

static double
median (double *v, int n)
{
  qsort (v, (size_t) n, sizeof *v, cmp_double);
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static double
time_pass (DkgNet *net, const float *x, int size, gboolean backward, int reps)
{
  double *t = g_new (double, reps + 1);
  const float *y;
  float *dout = NULL;
  int oc, oh, ow;
  double r;

  for (int i = 0; i <= reps; i++)
    {
      double t0 = now_ms ();
      y = dkg_net_forward (net, x, 1, size, size, backward, &oc, &oh, &ow, NULL);
      g_assert (y != NULL);
      if (backward)
        {
          if (dout == NULL)
            {
              dout = dkg_alloc_floats ((gsize) oc * oh * ow);
              for (int k = 0; k < oc * oh * ow; k++)
                dout[k] = 1.0f / (oc * oh * ow);
            }
          dkg_params_zero_grad (net->params);
          dkg_net_backward (net, dout, net->arch != DKG_ARCH_RESNET);
        }
      t[i] = now_ms () - t0;
    }
  r = median (t + 1, reps);      /* t[0] is the warm-up */
  dkg_free_floats (dout);
  g_free (t);
  return r;
}

static double
sgemm_gflops (int reps)
{
  const int n = 1024;
  float *a = dkg_alloc_floats ((gsize) n * n), *b = dkg_alloc_floats ((gsize) n * n);
  float *c = dkg_alloc_floats ((gsize) n * n);
  double *t = g_new (double, reps + 1), r;

  for (gsize i = 0; i < (gsize) n * n; i++)
    {
      a[i] = (float) (i % 7) * 0.1f;
      b[i] = (float) (i % 5) * 0.1f;
    }
  for (int i = 0; i <= reps; i++)
    {
      double t0 = now_ms ();
      cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1.0f, a, n, b, n, 0.0f,
                   c, n);
      t[i] = now_ms () - t0;
    }
  r = 2.0 * n * n * n / (median (t + 1, reps) * 1e6);
  dkg_free_floats (a);
  dkg_free_floats (b);
  dkg_free_floats (c);
  g_free (t);
  return r;
}

/* In a fresh process: one inference forward at size², print peak RSS in MB. */
static int
rss_child (int size)
{
  g_autoptr(DkgNet) g = dkg_net_new (DKG_ARCH_RESNET, 6);
  g_autoptr(DkgRand) r = dkg_rand_new_seeded (1);
  float *x = dkg_alloc_floats ((gsize) 3 * size * size);
  g_autofree char *status = NULL;
  const char *hwm;
  struct rusage ru;

  dkg_net_init_weights (g, r);
  if (dkg_net_forward (g, x, 1, size, size, FALSE, NULL, NULL, NULL, NULL) == NULL)
    return 1;
  /* VmHWM belongs to this process image; ru_maxrss would include the parent's RSS at fork. */
  if (g_file_get_contents ("/proc/self/status", &status, NULL, NULL)
      && (hwm = strstr (status, "VmHWM:")) != NULL)
    printf ("%.1f\n", g_ascii_strtod (hwm + 6, NULL) / 1024.0);
  else
    {
      getrusage (RUSAGE_SELF, &ru);
      printf ("%.1f\n", ru.ru_maxrss / 1024.0);
    }
  return 0;
}

static double
peak_rss_mb (const char *self, int size, int threads)
{
  g_autofree char *out = NULL;
  g_autofree char *sz = g_strdup_printf ("%d", size);
  g_autofree char *th = g_strdup_printf ("%d", threads);
  const char *argv[] = { self, "--rss-child", sz, "--threads", th, NULL };
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL,
                     &status, NULL) || status != 0)
    return -1;
  return g_ascii_strtod (out, NULL);
}

int
main (int argc, char **argv)
{
  int threads = 1, reps = 10, rss_size = 0;
  GOptionEntry entries[] = {
    { "threads", 't', 0, G_OPTION_ARG_INT, &threads, "OpenBLAS threads (default 1)", "T" },
    { "reps", 'r', 0, G_OPTION_ARG_INT, &reps, "Timed runs per figure (default 10)", "R" },
    { "rss-child", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_INT, &rss_size, NULL, NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new ("— time the networks");
  g_autoptr(GError) error = NULL;
  g_autoptr(DkgNet) g = NULL;
  g_autoptr(DkgNet) d = NULL;
  g_autoptr(DkgNet) c = NULL;
  g_autoptr(DkgRand) r = dkg_rand_new_seeded (1);
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  float *x;
  double fwd, fb, flops;

  dkg_blas_init (argv);
  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    {
      fprintf (stderr, "bench-nn: %s\n", error->message);
      return 2;
    }
  dkg_blas_set_threads (threads);
  if (rss_size > 0)
    return rss_child (rss_size);

  g = dkg_net_new (DKG_ARCH_RESNET, 6);
  d = dkg_net_new (DKG_ARCH_PATCHGAN, 0);
  c = dkg_net_new (DKG_ARCH_WGAN_CRITIC, 0);
  dkg_net_init_weights (g, r);
  dkg_net_init_weights (d, r);
  dkg_net_init_weights (c, r);
  x = dkg_alloc_floats (3 * 256 * 256);
  for (int i = 0; i < 3 * 256 * 256; i++)
    x[i] = (float) (2.0 * dkg_rand_double (r) - 1.0);

  flops = dkg_net_forward_flops (g, 1, 256, 256);
  fwd = time_pass (g, x, 256, FALSE, reps);
  fb = time_pass (g, x, 256, TRUE, reps);
  printf ("{\"threads\": %d, \"openblas_core\": \"%s\", \"resnet_forward_ms\": %.2f, "
          "\"resnet_forward_backward_ms\": %.2f, \"patchgan_forward_backward_ms\": %.2f, "
          "\"wgan_critic_forward_backward_ms\": %.2f, \"resnet_forward_gflop\": %.4f, "
          "\"resnet_forward_gflops\": %.1f, \"sgemm_1024_gflops\": %.1f, "
          "\"peak_rss_mb_256\": %.1f, \"peak_rss_mb_2048\": %.1f}\n",
          threads, dkg_blas_get_corename (), fwd, fb, time_pass (d, x, 256, TRUE, reps),
          time_pass (c, x, 256, TRUE, reps), flops / 1e9, flops / (fwd * 1e6),
          sgemm_gflops (reps), peak_rss_mb (self, 256, threads), peak_rss_mb (self, 2048, threads));
  dkg_free_floats (x);
  return 0;
}
