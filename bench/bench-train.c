/* bench-train.c — speed of training steps (issue "GAN training"), one JSON object
 *
 *   bench-train [--threads T] [--reps R] [--size S] [--cpu-time]
 *
 * gan_iteration_ms: one DeepKeyGen iteration (D step + G step, resnet vs patchgan) at S×S
 * (default 256), batch 1; wgan_gp_cycle_ms: one WGAN-GP cycle (5 critic steps with the exact
 * gradient penalty + 1 generator step, encdec vs wgan-critic). Medians of R (default 10 / 5)
 * steps after two warm-up steps, on synthetic 300×300 images (timing does not depend on
 * content). --cpu-time times the process's CPU time instead of the wall clock: on a shared
 * machine it leaves out the time spent waiting for a core (with T > 1 it adds up all threads).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "dkg-blas.h"
#include "dkg-gan-trainer.h"

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

static gboolean use_cpu_time = FALSE;

/* milliseconds: process CPU time with --cpu-time, else the monotonic clock */
static double
now_ms (void)
{
  struct timespec ts;

  if (!use_cpu_time)
    return g_get_monotonic_time () / 1000.0;
  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec * 1e-6;
}

static DkgDataset *
synthetic (int size, guint64 seed)
{
  g_autoptr(DkgRand) r = dkg_rand_new_seeded (seed);
  DkgImage *im[2];
  DkgDataset *ds;

  for (int k = 0; k < 2; k++)
    {
      im[k] = dkg_image_new (300, 300, 1, 8, FALSE, NULL);
      dkg_rand_bytes (r, im[k]->data, 300 * 300);
    }
  ds = dkg_dataset_new_from_images (im, 2, size, "synthetic");
  dkg_image_free (im[0]);
  dkg_image_free (im[1]);
  return ds;
}

static double
time_steps (DkgObjective objective, int size, int reps)
{
  DkgTrainConfig c;
  g_autoptr(DkgTrainer) t = NULL;
  g_autoptr(GError) error = NULL;
  double *ms = g_new (double, reps), med;

  dkg_train_config_init (&c, objective);
  c.size = size;
  c.seeded = TRUE;
  c.seed = 1;
  t = dkg_trainer_new (&c, synthetic (size, 1), synthetic (size, 2), &error);
  if (t == NULL)
    g_error ("bench-train: %s", error->message);
  for (int i = 0; i < 2; i++)
    dkg_trainer_step (t, NULL);
  for (int i = 0; i < reps; i++)
    {
      double t0 = now_ms ();
      if (!dkg_trainer_step (t, &error))
        g_error ("bench-train: %s", error->message);
      ms[i] = now_ms () - t0;
    }
  qsort (ms, (size_t) reps, sizeof *ms, cmp_double);
  med = reps % 2 ? ms[reps / 2] : 0.5 * (ms[reps / 2 - 1] + ms[reps / 2]);
  g_free (ms);
  return med;
}

int
main (int argc, char **argv)
{
  int threads = 1, reps = 0, size = 256;
  GOptionEntry entries[] = {
    { "threads", 't', 0, G_OPTION_ARG_INT, &threads, "OpenBLAS threads (default 1)", "T" },
    { "reps", 'r', 0, G_OPTION_ARG_INT, &reps, "Timed steps (default 10 GAN, 5 WGAN-GP)", "R" },
    { "size", 's', 0, G_OPTION_ARG_INT, &size, "Training size (default 256)", "S" },
    { "cpu-time", 'c', 0, G_OPTION_ARG_NONE, &use_cpu_time,
      "Time process CPU time, not the wall clock", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new ("— time training steps");
  g_autoptr(GError) error = NULL;
  double gan, wgan;

  dkg_blas_init (argv);
  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    {
      fprintf (stderr, "bench-train: %s\n", error->message);
      return 2;
    }
  dkg_blas_set_threads (threads);
  gan = time_steps (DKG_OBJECTIVE_GAN, size, reps > 0 ? reps : 10);
  wgan = time_steps (DKG_OBJECTIVE_WGAN_GP, size, reps > 0 ? reps : 5);
  printf ("{\"threads\": %d, \"openblas_core\": \"%s\", \"size\": %d, \"clock\": \"%s\", "
          "\"gan_iteration_ms\": %.1f, \"wgan_gp_cycle_ms\": %.1f}\n", threads,
          dkg_blas_get_corename (), size, use_cpu_time ? "process-cpu" : "wall", gan, wgan);
  return 0;
}
