/* train-parity-dump.c — a recorded run of our C trainer, for tools/pytorch/train.py to replay
 *
 *   train-parity-dump OBJECTIVE[/GENERATOR[/DISCRIMINATOR]] ITERATIONS BATCH OUTDIR
 *                     [CKPT_ITERATIONS [SIZE]]
 *
 * Trains OBJECTIVE (deepkeygen or wgan-gp; the default recipe at size SIZE (32), seed 7, or
 * with another generator and discriminator: wgan-gp/resnet has no BatchNorm, so its batch can
 * be split over DDP processes without changing the maths; wgan-gp/encdec/wgan-critic-deep) for
 * ITERATIONS iterations on synthetic seeds (grey ramps of three sizes) and their chaotic
 * domain at the training resolution (dkg_dataset_new_chaotic_domain), through the public
 * API only, and writes to OUTDIR:
 *   init.ckpt         the checkpoint at iteration 0 (initial weights, zero Adam states)
 *   final.ckpt        the checkpoint after ITERATIONS iterations
 *   ckpt.<i>          checkpoints after the iterations i of the comma-separated list
 *                     CKPT_ITERATIONS (default "1,2"), for single-iteration comparisons that
 *                     start from the C trainer's own state
 *   record.safetensors  every batch the trainer drew, in order: src.<i>, dom.<i> (B, 3, S, S)
 *                     and alpha.<i> (B) for WGAN-GP's interpolation
 *   plane.safetensors a dkg_resample_plane() test vector (shrink and enlarge), for the
 *                     Python twin of the data pipeline
 *   seeds/seed<k>.png the synthetic seeds, for the Python twin to make its datasets from
 * and prints the final generator's key quality (dkg_key_probe_evaluate(), probe: seed0 and
 * seed1 at SIZE×SIZE) as "key_quality ENTROPY STD CHI2_P NPCR".
 *
 * The batches are not taken out of the trainer: a second DkgRand seeded alike makes the same
 * draws in the same order as dkg-gan-trainer.c (both networks' initialisation, then per
 * iteration the samples of step_gan / step_wgan_gp) with copies of the datasets. That order is
 * the trainer's, repeated here; the program checks it by comparing its generator's final
 * state with the rng_state of final.ckpt and fails if they differ (the trainer then draws
 * differently and this file must follow it).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dkg-blas.h"
#include "dkg-resample.h"
#include "dkg-tensor.h"
#include "dkg-key-quality.h"
#include "dkg-safetensors.h"
#include "dkg-net.h"
#include "dkg-dataset.h"
#include "dkg-domain.h"
#include "dkg-gan-trainer.h"

static int crop_size = 32;
#define SEED 7

static GPtrArray *
make_seeds (void)
{
  static const guint dims[][2] = { { 40, 36 }, { 52, 44 }, { 36, 64 } };
  GPtrArray *images = g_ptr_array_new_with_free_func ((GDestroyNotify) dkg_image_free);

  for (guint k = 0; k < G_N_ELEMENTS (dims); k++)
    {
      guint w = dims[k][0], h = dims[k][1];
      DkgImage *im = dkg_image_new (w, h, 1, 8, FALSE, NULL);
      for (guint i = 0; i < w * h; i++)
        im->data[i] = (guint8) (((i % w) * (5 + k) + (i / w) * 3 + k * 40 + (i * 7919) % 13) & 255);
      g_ptr_array_add (images, im);
    }
  return images;
}

static gboolean
make_datasets (GPtrArray *seeds, DkgDataset **src, DkgDataset **dom, GError **error)
{
  *src = dkg_dataset_new_from_images ((DkgImage **) seeds->pdata, seeds->len, crop_size,
                                      "3 synthetic ramps (tests/pytorch/train-parity-dump.c)");
  *dom = dkg_dataset_new_chaotic_domain (*src, NULL, "their chaotic domain (§4.3)", error);
  return *dom != NULL;
}

static void
record_batch (DkgSafetensors *st, const char *kind, guint *counter, const DkgDataset *ds,
              DkgRand *r, int B)
{
  gsize per = (gsize) 3 * crop_size * crop_size;
  float *buf = dkg_alloc_floats (B * per);
  gint64 shape[4] = { B, 3, crop_size, crop_size };
  g_autofree char *name = g_strdup_printf ("%s.%u", kind, (*counter)++);

  for (int b = 0; b < B; b++)
    dkg_dataset_sample (ds, r, buf + b * per);
  dkg_safetensors_add_f32 (st, name, 4, shape, buf);
  dkg_free_floats (buf);
}

static void
record_alpha (DkgSafetensors *st, guint *counter, DkgRand *r, int B)
{
  float a[256];
  gint64 shape[1] = { B };
  g_autofree char *name = g_strdup_printf ("alpha.%u", (*counter)++);

  for (int b = 0; b < B; b++)
    a[b] = (float) dkg_rand_double (r);
  dkg_safetensors_add_f32 (st, name, 1, shape, a);
}

/* Is i in the comma-separated list? */
static gboolean
wants_checkpoint (const char *list, int i)
{
  g_auto(GStrv) items = g_strsplit (list, ",", -1);

  for (guint k = 0; items[k] != NULL; k++)
    if (atoi (items[k]) == i)
      return TRUE;
  return FALSE;
}

static int
fail (const char *what, GError *error)
{
  fprintf (stderr, "train-parity-dump: %s: %s\n", what, error ? error->message : "failed");
  return 1;
}

/* The resampler's test vector: one plane shrunk (area) and enlarged (linear) on each axis. */
static gboolean
write_plane_vector (const char *path, GError **error)
{
  g_autoptr(DkgSafetensors) st = dkg_safetensors_new ();
  g_autoptr(DkgRand) r = dkg_rand_new_seeded (11);
  int sw = 53, sh = 29, dw = 36, dh = 45;
  float *src = dkg_alloc_floats ((gsize) sw * sh), *dst = dkg_alloc_floats ((gsize) dw * dh);
  gint64 s1[2] = { sh, sw }, s2[2] = { dh, dw };
  gboolean ok;

  for (int i = 0; i < sw * sh; i++)
    src[i] = (float) (2 * dkg_rand_double (r) - 1);
  dkg_resample_plane (src, sw, sh, dst, dw, dh);
  dkg_safetensors_add_f32 (st, "src", 2, s1, src);
  dkg_safetensors_add_f32 (st, "dst", 2, s2, dst);
  ok = dkg_safetensors_save (st, path, error);
  dkg_free_floats (src);
  dkg_free_floats (dst);
  return ok;
}

int
main (int argc, char **argv)
{
  g_autoptr(GPtrArray) seeds = NULL;
  g_autoptr(DkgTrainer) t = NULL;
  g_autoptr(DkgRand) r = NULL;
  g_autoptr(DkgNet) g0 = NULL;
  g_autoptr(DkgNet) d0 = NULL;
  g_autoptr(DkgSafetensors) rec = dkg_safetensors_new ();
  g_autoptr(DkgSafetensors) fin = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *init_path = NULL, *final_path = NULL, *rec_path = NULL, *plane_path = NULL;
  g_autofree char *seeds_dir = NULL;
  DkgDataset *src, *dom, *src2, *dom2;
  DkgTrainConfig c;
  DkgObjective objective;
  guint n_src = 0, n_dom = 0, n_alpha = 0;
  guint8 mine[DKG_RAND_STATE_SIZE];
  gint64 rs_shape[1] = { DKG_RAND_STATE_SIZE / 8 };
  const gint64 *theirs;
  const char *ckpts = "1,2";
  g_auto(GStrv) recipe = NULL;
  g_autoptr(DkgKeyProbe) probe = NULL;
  DkgKeyQuality q;
  DkgArch generator = DKG_ARCH_RESNET, critic = DKG_ARCH_WGAN_CRITIC;
  int iterations, B;

  dkg_blas_init (argv);
  dkg_blas_set_threads (1);
  recipe = g_strsplit (argc > 1 ? argv[1] : "", "/", 3);
  if (argc < 5 || argc > 7 || !dkg_objective_from_string (recipe[0], &objective)
      || (recipe[1] != NULL && !dkg_arch_from_string (recipe[1], &generator))
      || (recipe[1] != NULL && recipe[2] != NULL && !dkg_arch_from_string (recipe[2], &critic)))
    {
      fprintf (stderr, "usage: train-parity-dump deepkeygen|wgan-gp[/GENERATOR[/DISCRIMINATOR]] "
               "ITERATIONS BATCH OUTDIR [CKPT_ITERATIONS [SIZE]]\n");
      return 2;
    }
  iterations = atoi (argv[2]);
  if (argc >= 6)
    ckpts = argv[5];
  if (argc == 7)
    crop_size = atoi (argv[6]);
  if (crop_size < 32 || crop_size > 1024)
    return 2;
  B = atoi (argv[3]);
  if (iterations < 1 || B < 1 || B > 256)
    return 2;
  init_path = g_build_filename (argv[4], "init.ckpt", NULL);
  final_path = g_build_filename (argv[4], "final.ckpt", NULL);
  rec_path = g_build_filename (argv[4], "record.safetensors", NULL);
  plane_path = g_build_filename (argv[4], "plane.safetensors", NULL);

  seeds = make_seeds ();
  if (!make_datasets (seeds, &src, &dom, &error) || !make_datasets (seeds, &src2, &dom2, &error))
    return fail ("chaotic domain", error);

  dkg_train_config_init (&c, objective);
  if (recipe[1] != NULL)
    c.generator = generator;
  if (recipe[1] != NULL && recipe[2] != NULL)
    c.discriminator = critic;
  c.size = crop_size;
  c.batch = B;
  c.seeded = TRUE;
  c.seed = SEED;
  t = dkg_trainer_new (&c, src, dom, &error);
  if (t == NULL)
    return fail ("trainer", error);
  if (!dkg_trainer_save_checkpoint (t, init_path, &error))
    return fail (init_path, error);

  /* The trainer's draws, in its order: initialisation of G, then of D … */
  r = dkg_rand_new_seeded (SEED);
  g0 = dkg_net_new (c.generator, c.n_blocks);
  d0 = dkg_net_new (dkg_trainer_get_discriminator (t)->arch, 0);
  dkg_net_init_weights (g0, r);
  dkg_net_init_weights (d0, r);
  /* … then per iteration those of step_gan / step_wgan_gp. */
  for (int it = 0; it < iterations; it++)
    {
      if (objective == DKG_OBJECTIVE_GAN)
        {
          record_batch (rec, "src", &n_src, src2, r, B);
          record_batch (rec, "dom", &n_dom, dom2, r, B);
        }
      else
        {
          for (int k = 0; k < c.n_critic; k++)
            {
              record_batch (rec, "src", &n_src, src2, r, B);
              record_batch (rec, "dom", &n_dom, dom2, r, B);
              record_alpha (rec, &n_alpha, r, B);
            }
          record_batch (rec, "src", &n_src, src2, r, B);
        }
    }
  dkg_safetensors_set_metadata (rec, "source", dkg_dataset_get_description (src2));
  dkg_safetensors_set_metadata (rec, "domain", dkg_dataset_get_description (dom2));
  dkg_dataset_free (src2);
  dkg_dataset_free (dom2);
  if (!dkg_safetensors_save (rec, rec_path, &error))
    return fail (rec_path, error);

  for (int it = 0; it < iterations; it++)
    {
      if (!dkg_trainer_step (t, &error))
        return fail ("training step", error);
      if (wants_checkpoint (ckpts, it + 1))
        {
          g_autofree char *file = g_strdup_printf ("ckpt.%d", it + 1);
          g_autofree char *path = g_build_filename (argv[4], file, NULL);
          if (!dkg_trainer_save_checkpoint (t, path, &error))
            return fail (path, error);
        }
    }
  if (!dkg_trainer_save_checkpoint (t, final_path, &error))
    return fail (final_path, error);

  /* The recording is the trainer's only if both generators end in the same state. */
  fin = dkg_safetensors_load (final_path, &error);
  if (fin == NULL)
    return fail (final_path, error);
  theirs = dkg_safetensors_require_i64 (fin, "rng_state", 1, rs_shape, &error);
  if (theirs == NULL)
    return fail (final_path, error);
  dkg_rand_get_state (r, mine);
  if (memcmp (mine, theirs, DKG_RAND_STATE_SIZE) != 0)
    {
      fprintf (stderr, "train-parity-dump: the replayed draws do not end where the trainer's "
               "do: dkg-gan-trainer.c draws in another order now; update this program\n");
      return 1;
    }
  if (!write_plane_vector (plane_path, &error))
    return fail (plane_path, error);
  seeds_dir = g_build_filename (argv[4], "seeds", NULL);
  g_mkdir_with_parents (seeds_dir, 0755);
  for (guint k = 0; k < seeds->len; k++)
    {
      g_autofree char *file = g_strdup_printf ("seed%u.png", k);
      g_autofree char *path = g_build_filename (seeds_dir, file, NULL);
      if (!dkg_image_save_png (seeds->pdata[k], path, &error))
        return fail (path, error);
    }
  /* The key quality the trainer would log, for the Python twin: probe seeds 0 and 1 (the
   * figures of the worse key, the NPCR of seed 0's). */
  probe = dkg_key_probe_new (seeds->pdata[0], (guint) crop_size, (guint) crop_size);
  dkg_key_probe_add_seed (probe, seeds->pdata[1]);
  if (!dkg_key_probe_evaluate (dkg_trainer_get_generator (t), &q, probe, &error))
    return fail ("key quality", error);
  printf ("%s: %d iterations, batch %d, %u source and %u domain batches, %u α recorded\n",
          argv[1], iterations, B, n_src, n_dom, n_alpha);
  printf ("key_quality %.17g %.17g %.17g %.17g\n", q.entropy, q.std, q.chi2_p, q.npcr);
  return 0;
}
