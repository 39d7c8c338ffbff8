/* test-trainer.c — GAN and WGAN-GP training: smoke runs, exact resume, divergence,
 * cancellation, metrics CSV, checkpoint errors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "dkg-error.h"
#include "dkg-tensor.h"
#include "dkg-model-file.h"
#include "dkg-safetensors.h"
#include "dkg-dataset.h"
#include "dkg-gan-trainer.h"
#include "dkg-test-util.h"

/* Tiny synthetic sets: smooth "seed" images and noisy "domain" images, 40×36 grey 8-bit. */
static DkgDataset *
make_dataset (gboolean noisy, int size, guint64 seed)
{
  g_autoptr(DkgRand) r = dkg_rand_new_seeded (seed);
  DkgImage *images[4];
  DkgDataset *ds;

  for (int k = 0; k < 4; k++)
    {
      images[k] = dkg_image_new (40, 36, 1, 8, FALSE, NULL);
      for (int i = 0; i < 40 * 36; i++)
        images[k]->data[i] = noisy ? (guint8) dkg_rand_below (r, 256)
                                   : (guint8) ((i % 40) * 5 + (i / 40) * 2 + k * 20);
    }
  ds = dkg_dataset_new_from_images (images, 4, size, noisy ? "noise" : "ramps");
  for (int k = 0; k < 4; k++)
    dkg_image_free (images[k]);
  return ds;
}

static void
small_config (DkgTrainConfig *c, DkgObjective objective, guint64 seed)
{
  dkg_train_config_init (c, objective);
  c->size = 32;
  c->n_blocks = 2;
  c->batch = objective == DKG_OBJECTIVE_GAN ? 1 : 2;
  c->n_critic = 2;
  c->seeded = TRUE;
  c->seed = seed;
}

static DkgTrainer *
make_trainer_with (const DkgTrainConfig *c)
{
  g_autoptr(GError) error = NULL;
  DkgTrainer *t = dkg_trainer_new (c, make_dataset (FALSE, 32, 1), make_dataset (TRUE, 32, 2),
                                   &error);

  g_assert_no_error (error);
  return t;
}

static DkgTrainer *
make_trainer (DkgObjective objective, guint64 seed)
{
  DkgTrainConfig c;

  small_config (&c, objective, seed);
  return make_trainer_with (&c);
}

static void
test_trainer_gan_smoke (void)
{
  g_autoptr(DkgTrainer) t = make_trainer (DKG_OBJECTIVE_GAN, 5);
  g_autoptr(GError) error = NULL;
  const DkgTrainProgress *p = dkg_trainer_get_progress (t);

  for (int i = 0; i < 50; i++)
    {
      g_assert_true (dkg_trainer_step (t, &error));
      g_assert_no_error (error);
      /* BCE losses are positive; ½(real + fake) of a discriminator at chance is ln 2. */
      g_assert_true (p->loss_d > 0 && p->loss_d < 5);
      g_assert_true (p->loss_g > 0 && p->loss_g < 20);
      g_assert_true (p->d_real > 0 && p->d_real < 1 && p->d_fake > 0 && p->d_fake < 1);
      g_assert_true (p->d_accuracy >= 0 && p->d_accuracy <= 1);
      g_assert_true (isnan (p->wasserstein) && isnan (p->gp));
    }
  g_assert_cmpuint (dkg_trainer_get_iteration (t), ==, 50);
  g_test_message ("after 50 GAN steps: loss_G %.4f loss_D %.4f D(real) %.3f D(fake) %.3f",
                  p->loss_g, p->loss_d, p->d_real, p->d_fake);
}

static void
test_trainer_wgan_gp_smoke (void)
{
  g_autoptr(DkgTrainer) t = make_trainer (DKG_OBJECTIVE_WGAN_GP, 6);
  g_autoptr(GError) error = NULL;
  const DkgTrainProgress *p = dkg_trainer_get_progress (t);

  for (int i = 0; i < 10; i++)
    {
      g_assert_true (dkg_trainer_step (t, &error));
      g_assert_no_error (error);
      g_assert_true (isfinite (p->loss_g) && isfinite (p->loss_d));
      g_assert_true (p->gp >= 0 && isfinite (p->gp));
      g_assert_cmpfloat (fabs (p->wasserstein - (p->d_real - p->d_fake)), <, 1e-9);
      g_assert_cmpfloat (fabs (p->loss_d - (-p->wasserstein + 10.0 * p->gp)), <,
                         1e-6 * (1 + fabs (p->loss_d)));
    }
  g_test_message ("after 10 WGAN-GP steps: W %.4f GP %.4f", p->wasserstein, p->gp);
}

static void
assert_nets_identical (DkgNet *a, DkgNet *b)
{
  gsize n = a->params->n;

  g_assert_cmpuint (n, ==, b->params->n);
  g_assert_cmpmem (a->params->memory, n * 4, b->params->memory, n * 4);
  g_assert_cmpmem (a->params->m, n * 4, b->params->m, n * 4);
  g_assert_cmpmem (a->params->v, n * 4, b->params->v, n * 4);
  g_assert_cmpint (a->params->adam_t, ==, b->params->adam_t);
  g_assert_cmpmem (a->buffers->memory, a->buffers->n * 4, b->buffers->memory, b->buffers->n * 4);
}

/* 2k iterations straight equal k + k with a checkpoint and a resume between, bit for bit. */
static void
check_exact_resume (DkgObjective objective)
{
  const guint64 k = 3;
  g_autoptr(DkgTrainer) straight = make_trainer (objective, 9);
  g_autoptr(DkgTrainer) first = make_trainer (objective, 9);
  g_autoptr(DkgTrainer) resumed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = dkg_test_make_tmpdir ();
  g_autofree char *ckpt = g_build_filename (dir, "run.ckpt", NULL);

  g_assert_true (dkg_trainer_run (straight, 2 * k, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (dkg_trainer_run (first, k, NULL, NULL, NULL, &error));
  g_assert_true (dkg_trainer_save_checkpoint (first, ckpt, &error));
  g_assert_no_error (error);
  resumed = dkg_trainer_new_from_checkpoint (ckpt, make_dataset (FALSE, 32, 1),
                                             make_dataset (TRUE, 32, 2), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dkg_trainer_get_iteration (resumed), ==, k);
  g_assert_true (dkg_trainer_run (resumed, 2 * k, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  assert_nets_identical (dkg_trainer_get_generator (straight), dkg_trainer_get_generator (resumed));
  assert_nets_identical (dkg_trainer_get_discriminator (straight),
                         dkg_trainer_get_discriminator (resumed));
  /* A different seed gives different weights (the comparison above can fail). */
  {
    g_autoptr(DkgTrainer) other = make_trainer (objective, 10);
    DkgNet *a = dkg_trainer_get_generator (straight), *b = dkg_trainer_get_generator (other);
    g_assert_true (dkg_trainer_run (other, 2 * k, NULL, NULL, NULL, &error));
    g_assert_true (memcmp (a->params->memory, b->params->memory, a->params->n * 4) != 0);
  }
  dkg_test_rm_rf (dir);
}

static void
test_trainer_exact_resume_gan (void)
{
  check_exact_resume (DKG_OBJECTIVE_GAN);
}

static void
test_trainer_exact_resume_wgan_gp (void)
{
  check_exact_resume (DKG_OBJECTIVE_WGAN_GP);
}

/* NaN weights: the step fails with DKG_ERROR_DIVERGED and the checkpoint on disk stays. */
static void
test_trainer_divergence_keeps_checkpoint (void)
{
  g_autoptr(DkgTrainer) t = make_trainer (DKG_OBJECTIVE_GAN, 11);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = dkg_test_make_tmpdir ();
  g_autofree char *ckpt = g_build_filename (dir, "run.ckpt", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize n1, n2;

  dkg_trainer_set_checkpoint (t, ckpt, 2);
  g_assert_true (dkg_trainer_run (t, 2, NULL, NULL, NULL, &error));
  g_assert_true (g_file_get_contents (ckpt, &before, &n1, NULL));
  dkg_trainer_get_generator (t)->params->memory[5] = NAN;
  g_assert_false (dkg_trainer_run (t, 6, NULL, NULL, NULL, &error));
  g_assert_error (error, DKG_ERROR, DKG_ERROR_DIVERGED);
  g_assert_nonnull (strstr (error->message, "iteration 3"));
  g_assert_nonnull (strstr (error->message, ckpt));
  g_assert_true (g_file_get_contents (ckpt, &after, &n2, NULL));
  g_assert_cmpmem (before, n1, after, n2);
  g_assert_cmpuint (dkg_test_count_files (dir), ==, 1);
  dkg_test_rm_rf (dir);
}

typedef struct
{
  GCancellable *cancel;
  guint64       at;
  guint         calls;
} CancelData;

static void
cancel_at (const DkgTrainProgress *p, gpointer user_data)
{
  CancelData *cd = user_data;

  cd->calls++;
  g_assert_true (p->its_per_sec > 0 && p->eta_s >= 0);
  if (p->iteration == cd->at)
    g_cancellable_cancel (cd->cancel);
}

/* Cancelling leaves a checkpoint at the last completed iteration; resuming finishes the run
 * exactly as an uninterrupted one; the metrics CSV holds one row per iteration. */
static void
test_trainer_cancel_resume_metrics (void)
{
  g_autoptr(DkgTrainer) t = make_trainer (DKG_OBJECTIVE_GAN, 12);
  g_autoptr(DkgTrainer) straight = make_trainer (DKG_OBJECTIVE_GAN, 12);
  g_autoptr(DkgTrainer) resumed = NULL;
  g_autoptr(GCancellable) cancel = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = dkg_test_make_tmpdir ();
  g_autofree char *ckpt = g_build_filename (dir, "run.ckpt", NULL);
  g_autofree char *csv = g_build_filename (dir, "metrics.csv", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  CancelData cd = { cancel, 4, 0 };
  FILE *f;

  dkg_trainer_set_checkpoint (t, ckpt, 100);
  g_assert_true (dkg_trainer_set_metrics_path (t, csv, &error));
  g_assert_false (dkg_trainer_run (t, 8, cancel_at, &cd, cancel, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_cmpuint (cd.calls, ==, 4);
  g_clear_pointer (&t, dkg_trainer_free);
  /* A torn row, as a kill during a write would leave. */
  f = g_fopen (csv, "a");
  fputs ("5,0.7", f);
  fclose (f);

  resumed = dkg_trainer_new_from_checkpoint (ckpt, make_dataset (FALSE, 32, 1),
                                             make_dataset (TRUE, 32, 2), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dkg_trainer_get_iteration (resumed), ==, 4);
  g_assert_true (dkg_trainer_set_metrics_path (resumed, csv, &error));
  g_assert_true (dkg_trainer_run (resumed, 8, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (dkg_trainer_run (straight, 8, NULL, NULL, NULL, &error));
  assert_nets_identical (dkg_trainer_get_generator (straight), dkg_trainer_get_generator (resumed));

  g_clear_pointer (&resumed, dkg_trainer_free);
  g_assert_true (g_file_get_contents (csv, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 1 + 8 + 1);
  g_assert_true (g_str_has_prefix (lines[0], "iteration,loss_g,loss_d"));
  for (int i = 1; i <= 8; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], ",", -1);
      g_assert_cmpuint (g_strv_length (fields), ==, 14);
      g_assert_cmpint (atoi (fields[0]), ==, i);
      g_assert_cmpstr (fields[6], ==, "");       /* no Wasserstein estimate for the GAN */
    }
  dkg_test_rm_rf (dir);
}

/* The authors' recipe (LSGAN, real label 0.9, a history pool of 3 images, the pool full after
 * 3 iterations) resumes bit for bit: the pool is in the checkpoint. */
static void
test_trainer_exact_resume_lsgan_pool (void)
{
  DkgTrainConfig c;
  g_autoptr(DkgTrainer) straight = NULL;
  g_autoptr(DkgTrainer) first = NULL;
  g_autoptr(DkgTrainer) resumed = NULL;
  g_autoptr(DkgTrainer) no_pool = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = dkg_test_make_tmpdir ();
  g_autofree char *ckpt = g_build_filename (dir, "run.ckpt", NULL);
  DkgNet *a, *b;

  small_config (&c, DKG_OBJECTIVE_GAN, 21);
  c.gan_loss = DKG_GAN_LOSS_LSGAN;
  c.real_label = 0.9f;
  c.pool_size = 3;
  straight = make_trainer_with (&c);
  first = make_trainer_with (&c);
  g_assert_true (dkg_trainer_run (straight, 10, NULL, NULL, NULL, &error));
  g_assert_true (dkg_trainer_run (first, 5, NULL, NULL, NULL, &error));
  g_assert_true (dkg_trainer_save_checkpoint (first, ckpt, &error));
  g_assert_no_error (error);
  resumed = dkg_trainer_new_from_checkpoint (ckpt, make_dataset (FALSE, 32, 1),
                                             make_dataset (TRUE, 32, 2), &error);
  g_assert_no_error (error);
  g_assert_cmpint (dkg_trainer_get_config (resumed)->gan_loss, ==, DKG_GAN_LOSS_LSGAN);
  g_assert_cmpfloat (dkg_trainer_get_config (resumed)->real_label, ==, 0.9f);
  g_assert_cmpint (dkg_trainer_get_config (resumed)->pool_size, ==, 3);
  g_assert_true (dkg_trainer_run (resumed, 10, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  assert_nets_identical (dkg_trainer_get_generator (straight), dkg_trainer_get_generator (resumed));
  assert_nets_identical (dkg_trainer_get_discriminator (straight),
                         dkg_trainer_get_discriminator (resumed));
  /* LSGAN scores are not probabilities: D(real) is the raw mean score. The pool changes the
   * run (so the comparison above tests it). */
  c.pool_size = 0;
  no_pool = make_trainer_with (&c);
  g_assert_true (dkg_trainer_run (no_pool, 10, NULL, NULL, NULL, &error));
  a = dkg_trainer_get_generator (straight);
  b = dkg_trainer_get_generator (no_pool);
  g_assert_true (memcmp (a->params->memory, b->params->memory, a->params->n * 4) != 0);
  dkg_test_rm_rf (dir);
}

/* A version-1 checkpoint (first release) resumes with the bias-free PatchGAN it was made with;
 * a new run has the biased one. */
static void
test_trainer_checkpoint_v1 (void)
{
  DkgTrainConfig c;
  g_autoptr(DkgTrainer) old = NULL;
  g_autoptr(DkgTrainer) resumed = NULL;
  g_autoptr(DkgSafetensors) st = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = dkg_test_make_tmpdir ();
  g_autofree char *ckpt = g_build_filename (dir, "v1.ckpt", NULL);

  small_config (&c, DKG_OBJECTIVE_GAN, 22);
  g_assert_cmpint (c.discriminator, ==, DKG_ARCH_PATCHGAN);
  c.discriminator = DKG_ARCH_PATCHGAN_NOBIAS;
  old = make_trainer_with (&c);
  g_assert_true (dkg_trainer_run (old, 2, NULL, NULL, NULL, &error));
  g_assert_true (dkg_trainer_save_checkpoint (old, ckpt, &error));
  st = dkg_safetensors_load (ckpt, &error);
  g_assert_no_error (error);
  dkg_safetensors_set_metadata (st, "format_version", "1");
  dkg_safetensors_set_metadata (st, "discriminator", "patchgan");   /* as version 1 wrote it */
  g_assert_true (dkg_safetensors_save (st, ckpt, &error));
  resumed = dkg_trainer_new_from_checkpoint (ckpt, make_dataset (FALSE, 32, 1),
                                             make_dataset (TRUE, 32, 2), &error);
  g_assert_no_error (error);
  g_assert_cmpint (dkg_trainer_get_discriminator (resumed)->arch, ==, DKG_ARCH_PATCHGAN_NOBIAS);
  g_assert_true (dkg_trainer_run (resumed, 4, NULL, NULL, NULL, &error));
  g_assert_true (dkg_trainer_run (old, 4, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  assert_nets_identical (dkg_trainer_get_generator (old), dkg_trainer_get_generator (resumed));
  dkg_test_rm_rf (dir);
}

typedef struct
{
  guint   calls;
  double  entropies[8];
} FakeProbe;

/* A DkgKeyQualityFunc whose "entropy" is a scripted sequence, to test the bookkeeping. */
static gboolean
fake_quality (DkgNet *g, DkgKeyQuality *q, gpointer data, GError **error)
{
  FakeProbe *fp = data;

  g_assert_nonnull (g);
  q->entropy = fp->entropies[fp->calls++];
  q->entropy_ideal = 7.99906;
  q->std = 10.0 * fp->calls;
  q->chi2_p = 0.5;
  q->npcr = 1.0;
  return TRUE;
}

/* Key quality every 2 iterations and at the end: in the progress, in the CSV's key columns on
 * those rows only, and the best generator by entropy (iteration 4 here) in its own file. */
static void
test_trainer_key_quality_keep_best (void)
{
  g_autoptr(DkgTrainer) t = make_trainer (DKG_OBJECTIVE_GAN, 23);
  g_autoptr(GError) error = NULL;
  g_autoptr(DkgSafetensors) st = NULL;
  g_autoptr(DkgNet) best = NULL;
  g_autofree char *dir = dkg_test_make_tmpdir ();
  g_autofree char *csv = g_build_filename (dir, "m.csv", NULL);
  g_autofree char *best_path = g_build_filename (dir, "best.safetensors", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  FakeProbe fp = { 0, { 7.1, 7.9, 7.5, 7.8 } };
  const DkgTrainProgress *p = dkg_trainer_get_progress (t);

  g_assert_cmpuint (p->key.iteration, ==, 0);
  g_assert_true (isnan (p->key.entropy));
  dkg_trainer_set_key_quality (t, 2, fake_quality, &fp);
  dkg_trainer_set_keep_best (t, best_path);
  g_assert_true (dkg_trainer_set_metrics_path (t, csv, &error));
  g_assert_true (dkg_trainer_run (t, 7, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fp.calls, ==, 4);                     /* iterations 2, 4, 6 and 7 */
  g_assert_cmpuint (p->key.iteration, ==, 7);
  g_assert_cmpfloat (p->key.entropy, ==, 7.8);
  g_clear_pointer (&t, dkg_trainer_free);
  g_assert_true (g_file_get_contents (csv, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  g_assert_true (g_str_has_suffix (lines[0], ",key_entropy,key_std,key_chi2_p,key_npcr"));
  for (int i = 1; i <= 7; i++)
    {
      g_auto(GStrv) f = g_strsplit (lines[i], ",", -1);
      gboolean evaluated = i % 2 == 0 || i == 7;

      g_assert_cmpuint (g_strv_length (f), ==, 14);
      g_assert_cmpint (f[10][0] != 0, ==, evaluated);
      if (i == 4)
        g_assert_cmpfloat (g_ascii_strtod (f[10], NULL), ==, 7.9);
    }
  best = dkg_model_load (best_path, &st, &error);
  g_assert_no_error (error);
  g_assert_nonnull (best);
  g_assert_cmpstr (dkg_safetensors_get_metadata (st, "iterations"), ==, "4");
  g_assert_cmpstr (dkg_safetensors_get_metadata (st, "best_key_iteration"), ==, "4");
  g_assert_cmpfloat (g_ascii_strtod (dkg_safetensors_get_metadata (st, "key_entropy"), NULL), ==,
                     7.9);
  dkg_test_rm_rf (dir);
}

/* Export: the generator alone, loadable as a model, with the training metadata. */
static void
test_trainer_export_generator (void)
{
  g_autoptr(DkgTrainer) t = make_trainer (DKG_OBJECTIVE_WGAN_GP, 13);
  g_autoptr(GError) error = NULL;
  g_autoptr(DkgNet) g = NULL;
  g_autoptr(DkgSafetensors) st = NULL;
  g_autofree char *dir = dkg_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "g.safetensors", NULL);

  g_assert_true (dkg_trainer_run (t, 2, NULL, NULL, NULL, &error));
  g_assert_true (dkg_trainer_export_generator (t, path, &error));
  g_assert_no_error (error);
  g = dkg_model_load (path, &st, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g->arch, ==, DKG_ARCH_ENCDEC);
  g_assert_cmpmem (g->params->memory, g->params->n * 4,
                   dkg_trainer_get_generator (t)->params->memory, g->params->n * 4);
  g_assert_cmpstr (dkg_safetensors_get_metadata (st, "objective"), ==, "wgan-gp");
  g_assert_cmpstr (dkg_safetensors_get_metadata (st, "iterations"), ==, "2");
  g_assert_cmpstr (dkg_safetensors_get_metadata (st, "seed"), ==, "13");
  g_assert_cmpstr (dkg_safetensors_get_metadata (st, "n_critic"), ==, "2");
  g_assert_nonnull (dkg_safetensors_get_metadata (st, "created"));
  /* A model file is not a checkpoint. */
  g_assert_null (dkg_trainer_new_from_checkpoint (path, make_dataset (FALSE, 32, 1),
                                                  make_dataset (TRUE, 32, 2), &error));
  g_assert_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE);
  dkg_test_rm_rf (dir);
}

static void
test_trainer_bad_settings (void)
{
  DkgTrainConfig c;
  g_autoptr(GError) error = NULL;

  dkg_train_config_init (&c, DKG_OBJECTIVE_WGAN_GP);
  c.size = 40;            /* not a multiple of 16 for encdec */
  g_assert_null (dkg_trainer_new (&c, make_dataset (FALSE, 40, 1), make_dataset (TRUE, 40, 2),
                                  &error));
  g_assert_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT);
}

/* The names the CLI, the metadata and train.py use: each value round-trips, and an unknown
 * name is refused without touching the output. */
static void
test_trainer_names (void)
{
  DkgGanLoss loss = DKG_GAN_LOSS_LSGAN;
  DkgObjective objective = DKG_OBJECTIVE_WGAN_GP;

  g_assert_cmpstr (dkg_gan_loss_to_string (DKG_GAN_LOSS_BCE), ==, "bce");
  g_assert_cmpstr (dkg_gan_loss_to_string (DKG_GAN_LOSS_LSGAN), ==, "lsgan");
  g_assert_true (dkg_gan_loss_from_string ("bce", &loss));
  g_assert_cmpint (loss, ==, DKG_GAN_LOSS_BCE);
  g_assert_true (dkg_gan_loss_from_string ("lsgan", &loss));
  g_assert_cmpint (loss, ==, DKG_GAN_LOSS_LSGAN);
  g_assert_false (dkg_gan_loss_from_string ("hinge", &loss));
  g_assert_cmpint (loss, ==, DKG_GAN_LOSS_LSGAN);
  for (int o = DKG_OBJECTIVE_GAN; o <= DKG_OBJECTIVE_WGAN_GP; o++)
    {
      DkgObjective back = o == DKG_OBJECTIVE_GAN ? DKG_OBJECTIVE_WGAN_GP : DKG_OBJECTIVE_GAN;

      g_assert_true (dkg_objective_from_string (dkg_objective_to_string (o), &back));
      g_assert_cmpint (back, ==, o);
    }
  g_assert_cmpstr (dkg_objective_to_string (DKG_OBJECTIVE_GAN), ==, "deepkeygen");
  g_assert_false (dkg_objective_from_string ("cyclegan", &objective));
  g_assert_cmpint (objective, ==, DKG_OBJECTIVE_WGAN_GP);
}

int
main (int argc, char **argv)
{
  dkg_test_init (&argc, &argv);
  g_test_add_func ("/core/trainer/gan-smoke", test_trainer_gan_smoke);
  g_test_add_func ("/core/trainer/wgan-gp-smoke", test_trainer_wgan_gp_smoke);
  g_test_add_func ("/core/trainer/exact-resume-gan", test_trainer_exact_resume_gan);
  g_test_add_func ("/core/trainer/exact-resume-wgan-gp", test_trainer_exact_resume_wgan_gp);
  g_test_add_func ("/core/trainer/divergence-keeps-checkpoint",
                   test_trainer_divergence_keeps_checkpoint);
  g_test_add_func ("/core/trainer/cancel-resume-metrics", test_trainer_cancel_resume_metrics);
  g_test_add_func ("/core/trainer/export-generator", test_trainer_export_generator);
  g_test_add_func ("/core/trainer/exact-resume-lsgan-pool", test_trainer_exact_resume_lsgan_pool);
  g_test_add_func ("/core/trainer/checkpoint-v1", test_trainer_checkpoint_v1);
  g_test_add_func ("/core/trainer/key-quality-keep-best", test_trainer_key_quality_keep_best);
  g_test_add_func ("/core/trainer/bad-settings", test_trainer_bad_settings);
  g_test_add_func ("/core/trainer/names", test_trainer_names);
  return g_test_run ();
}
