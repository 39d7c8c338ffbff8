/* bench-analysis.c — speed of the analyses (issue "Security analysis"), one JSON object
 *
 *   bench-analysis [--reps R]
 *
 * nist_all_ms: all 15 NIST SP 800-22 tests (sts-2.1.2 parameters) on 1,572,864 bits (a
 * 256×256×3 key), wall time, median of R runs; nist_all_cpu_ms: the same in thread CPU time
 * (the figure to compare when the machine is shared). image_metrics_4096_ms: two 4096×4096
 * 16-bit grey images: every single-image metric of both (entropy, histogram + χ², correlation
 * H/V/D over all pairs, local entropy) plus NPCR/UACI, MSE/PSNR and SSIM between them
 * (dkg_pair_analysis_compute), median of R runs. Single thread throughout.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "dkg-analysis.h"
#include "dkg-nist.h"
#include "dkg-blas.h"
#include "dkg-rand.h"

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
thread_cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int
main (int argc, char **argv)
{
  int reps = 5;
  GOptionEntry entries[] = {
    { "reps", 'r', 0, G_OPTION_ARG_INT, &reps, "Timed runs per figure (default 5)", "R" },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new ("— time the analyses");
  g_autoptr(GError) error = NULL;
  g_autoptr(DkgRand) r = dkg_rand_new_seeded (7);
  g_autoptr(DkgImage) a = NULL;
  g_autoptr(DkgImage) b = NULL;
  const gsize n_bits = 1572864;
  guint8 *bits = g_malloc (n_bits / 8);
  double *wall = NULL, *cpu = NULL, *img = NULL;

  dkg_blas_init (argv);
  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &error) || reps < 1)
    {
      fprintf (stderr, "bench-analysis: %s\n", error ? error->message : "--reps must be ≥ 1");
      return 2;
    }
  wall = g_new (double, reps);
  cpu = g_new (double, reps);
  img = g_new (double, reps);
  dkg_rand_bytes (r, bits, n_bits / 8);
  for (int i = 0; i < reps; i++)
    {
      gint64 t0 = g_get_monotonic_time ();
      double c0 = thread_cpu_ms ();
      g_autoptr(DkgNistReport) rep = dkg_nist_run_all (bits, n_bits, NULL, &error);

      if (rep == NULL)
        g_error ("bench-analysis: %s", error->message);
      cpu[i] = thread_cpu_ms () - c0;
      wall[i] = (g_get_monotonic_time () - t0) / 1000.0;
    }

  a = dkg_image_new (4096, 4096, 1, 16, FALSE, &error);
  b = dkg_image_new (4096, 4096, 1, 16, FALSE, &error);
  if (a == NULL || b == NULL)
    g_error ("bench-analysis: %s", error->message);
  dkg_rand_bytes (r, a->data, dkg_image_n_bytes (a));
  dkg_rand_bytes (r, b->data, dkg_image_n_bytes (b));
  for (int i = 0; i < reps; i++)
    {
      gint64 t0 = g_get_monotonic_time ();
      g_autoptr(DkgPairAnalysis) pa = dkg_pair_analysis_compute (a, b, NULL, &error);

      if (pa == NULL)
        g_error ("bench-analysis: %s", error->message);
      img[i] = (g_get_monotonic_time () - t0) / 1000.0;
    }
  printf ("{\"nist_bits\": %zu, \"nist_all_ms\": %.1f, \"nist_all_cpu_ms\": %.1f, "
          "\"image_metrics_4096_ms\": %.1f}\n", n_bits, median (wall, reps), median (cpu, reps),
          median (img, reps));
  g_free (bits);
  g_free (wall);
  g_free (cpu);
  g_free (img);
  return 0;
}
