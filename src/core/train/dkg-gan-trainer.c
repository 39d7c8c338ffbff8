/* dkg-gan-trainer.c — DeepKeyGen GAN and WGAN-GP training (docs/SPECIFICATION.md §4)
 *
 * One iteration is one generator step:
 *   GAN (§4.1):     D step on BCE-with-logits (real = y, fake = G(x) detached; loss_D is the
 *                   mean of the two, as in CycleGAN/pix2pix), then G step on the
 *                   non-saturating loss −log σ(D(G(x))) (Goodfellow et al. 2014, §3).
 *   WGAN-GP (§4.2): n_critic critic steps on mean D(G(x)) − mean D(y) + λ·GP, each with fresh
 *                   x, y and α, then a generator step on −mean D(G(x)) (Gulrajani et al. 2017,
 *                   Alg. 1).
 * All randomness (initialisation, samples, crops, flips, α) comes from one DkgRand, whose
 * state is in the checkpoint with both networks and both Adam states, so a resumed run is
 * bit-identical to an uninterrupted one (with the same OpenBLAS thread count).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "dkg-error.h"
#include "dkg-file.h"
#include "dkg-tensor.h"
#include "dkg-loss.h"
#include "dkg-gan-trainer-private.h"
#include "dkg-gradient-penalty.h"

#define CSV_HEADER "iteration,loss_g,loss_d,d_real,d_fake,d_accuracy,wasserstein,gp," \
                   "its_per_sec,elapsed_s,key_entropy,key_std,key_chi2_p,key_npcr\n"


/**
 * dkg_train_config_init:
 * @config: (out caller-allocates): the configuration to fill
 * @objective: GAN or WGAN-GP
 *
 * The defaults of docs/SPECIFICATION.md §4: GAN — resnet with 6 blocks, Adam 2e-4 (0.5, 0.999), batch 1;
 * WGAN-GP — encdec, Adam 1e-4 (0, 0.9), n_critic 5, λ 10, batch 1. Size 256, CSPRNG seeding.
 * GAN: patchgan (with its biases), BCE, real label 1, no image pool; WGAN-GP: wgan-critic.
 */
void
dkg_train_config_init (DkgTrainConfig *config, DkgObjective objective)
{
  memset (config, 0, sizeof *config);
  config->objective = objective;
  config->n_blocks = 6;
  config->size = 256;
  config->batch = 1;
  config->n_critic = 5;
  config->lambda_gp = 10.0f;
  config->gan_loss = DKG_GAN_LOSS_BCE;
  config->real_label = 1.0f;
  config->pool_size = 0;
  if (objective == DKG_OBJECTIVE_GAN)
    {
      config->generator = DKG_ARCH_RESNET;
      config->discriminator = DKG_ARCH_PATCHGAN;
      config->lr_g = config->lr_d = 2e-4f;
      config->beta1 = 0.5f;
      config->beta2 = 0.999f;
    }
  else
    {
      config->generator = DKG_ARCH_ENCDEC;
      config->discriminator = DKG_ARCH_WGAN_CRITIC;
      config->lr_g = config->lr_d = 1e-4f;
      config->beta1 = 0.0f;
      config->beta2 = 0.9f;
    }
}

/** dkg_gan_loss_to_string: Returns: "bce" or "lsgan" */
const char *
dkg_gan_loss_to_string (DkgGanLoss loss)
{
  return loss == DKG_GAN_LOSS_LSGAN ? "lsgan" : "bce";
}

/**
 * dkg_gan_loss_from_string:
 * @name: "bce" or "lsgan"
 * @loss: (out): the loss
 *
 * Returns: %FALSE for another name
 */
gboolean
dkg_gan_loss_from_string (const char *name, DkgGanLoss *loss)
{
  if (g_strcmp0 (name, "bce") == 0)
    *loss = DKG_GAN_LOSS_BCE;
  else if (g_strcmp0 (name, "lsgan") == 0)
    *loss = DKG_GAN_LOSS_LSGAN;
  else
    return FALSE;
  return TRUE;
}

/** dkg_objective_to_string: Returns: "deepkeygen" (GAN) or "wgan-gp" */
const char *
dkg_objective_to_string (DkgObjective objective)
{
  return objective == DKG_OBJECTIVE_GAN ? "deepkeygen" : "wgan-gp";
}

/** dkg_objective_from_string: "deepkeygen" or "gan", "wgan-gp". Returns: %FALSE if unknown */
gboolean
dkg_objective_from_string (const char *name, DkgObjective *objective)
{
  if (g_strcmp0 (name, "deepkeygen") == 0 || g_strcmp0 (name, "gan") == 0)
    *objective = DKG_OBJECTIVE_GAN;
  else if (g_strcmp0 (name, "wgan-gp") == 0)
    *objective = DKG_OBJECTIVE_WGAN_GP;
  else
    return FALSE;
  return TRUE;
}

gboolean
_dkg_trainer_check_config (const DkgTrainConfig *c, GError **error)
{
  int multiple = c->generator == DKG_ARCH_ENCDEC ? 16 : 4;
  const char *why = NULL;

  if (c->generator != DKG_ARCH_RESNET && c->generator != DKG_ARCH_ENCDEC)
    why = "the generator must be resnet or encdec";
  else if (c->size < 32 || c->size > 4096 || c->size % multiple != 0)
    why = "the training size must be 32..4096 and a multiple of 4 (resnet) or 16 (encdec)";
  else if (c->batch < 1 || c->batch > 256)
    why = "the batch size must be 1..256";
  else if (c->generator == DKG_ARCH_RESNET && (c->n_blocks < 1 || c->n_blocks > 64))
    why = "a resnet generator has 1..64 residual blocks";
  else if (!(c->lr_g > 0 && c->lr_g < 1 && c->lr_d > 0 && c->lr_d < 1))
    why = "learning rates must be in (0, 1)";
  else if (!(c->beta1 >= 0 && c->beta1 < 1 && c->beta2 >= 0 && c->beta2 < 1))
    why = "Adam betas must be in [0, 1)";
  else if (c->objective == DKG_OBJECTIVE_WGAN_GP && (c->n_critic < 1 || c->n_critic > 100))
    why = "n_critic must be 1..100";
  else if (c->objective == DKG_OBJECTIVE_WGAN_GP && !(c->lambda_gp >= 0 && c->lambda_gp < 1e6))
    why = "λ must be non-negative";
  else if (c->objective == DKG_OBJECTIVE_GAN && c->discriminator != DKG_ARCH_PATCHGAN
           && c->discriminator != DKG_ARCH_PATCHGAN_NOBIAS
           && c->discriminator != DKG_ARCH_PATCHGAN_NONORM)
    why = "the GAN's discriminator must be patchgan, patchgan-nobias or patchgan-nonorm";
  else if (c->objective == DKG_OBJECTIVE_WGAN_GP && c->discriminator != DKG_ARCH_WGAN_CRITIC
           && c->discriminator != DKG_ARCH_WGAN_CRITIC_DEEP)
    why = "the WGAN-GP critic must be wgan-critic or wgan-critic-deep";
  else if (c->discriminator == DKG_ARCH_WGAN_CRITIC_DEEP && c->size < 64)
    why = "the wgan-critic-deep critic needs a training size of at least 64";
  else if (c->gan_loss != DKG_GAN_LOSS_BCE && c->gan_loss != DKG_GAN_LOSS_LSGAN)
    why = "the GAN loss must be bce or lsgan";
  else if (!(c->real_label >= 0.5f && c->real_label <= 1.0f))
    why = "the real label must be in [0.5, 1]";
  else if (c->pool_size < 0 || c->pool_size > 200)
    why = "the image pool holds 0..200 images";
  if (why != NULL)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT, "Invalid training settings: %s",
                   why);
      return FALSE;
    }
  return TRUE;
}

DkgTrainer *
_dkg_trainer_alloc (const DkgTrainConfig *config, DkgDataset *source, DkgDataset *domain)
{
  DkgTrainer *t = g_new0 (DkgTrainer, 1);
  gsize n = (gsize) config->batch * 3 * config->size * config->size;

  t->config = *config;
  t->g = dkg_net_new (config->generator, config->n_blocks);
  t->d = dkg_net_new (config->discriminator, 0);
  t->source = source;
  t->domain = domain;
  t->gp = dkg_gradient_penalty_new ();
  t->x = dkg_alloc_floats (n);
  t->y = dkg_alloc_floats (n);
  t->xhat = dkg_alloc_floats (n);
  t->fake = dkg_alloc_floats (n);
  t->checkpoint_every = 0;
  if (config->objective == DKG_OBJECTIVE_GAN && config->pool_size > 0)
    t->pool = dkg_alloc_floats ((gsize) config->pool_size * 3 * config->size * config->size);
  t->last.key.entropy = t->last.key.entropy_ideal = t->last.key.std = NAN;
  t->last.key.chi2_p = t->last.key.npcr = NAN;
  t->best = t->last.key;
  t->last.d_accuracy = t->last.wasserstein = t->last.gp = NAN;
  g_mutex_init (&t->lock);
  g_cond_init (&t->cond);
  return t;
}

gboolean
_dkg_trainer_check_datasets (const DkgTrainConfig *config, DkgDataset *source,
                             DkgDataset *domain, GError **error)
{
  if (dkg_dataset_get_size (source) != config->size || dkg_dataset_get_size (domain) != config->size)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT,
                   "The datasets were prepared for size %d/%d, the training uses %d",
                   dkg_dataset_get_size (source), dkg_dataset_get_size (domain), config->size);
      return FALSE;
    }
  return TRUE;
}

/**
 * dkg_trainer_new:
 * @config: the settings (checked)
 * @source: (transfer full): seed images X, prepared for @config->size
 * @domain: (transfer full): transformation-domain images Y, prepared for @config->size
 * @error: return location for a #GError
 *
 * A new training run at iteration 0, both networks initialised from the run's generator
 * (seeded or CSPRNG).
 *
 * Returns: (transfer full): the trainer, or %NULL with %DKG_ERROR_INVALID_ARGUMENT (the
 *   datasets are freed then too)
 */
DkgTrainer *
dkg_trainer_new (const DkgTrainConfig *config, DkgDataset *source, DkgDataset *domain,
                 GError **error)
{
  DkgTrainer *t;

  if (!_dkg_trainer_check_config (config, error)
      || !_dkg_trainer_check_datasets (config, source, domain, error))
    {
      dkg_dataset_free (source);
      dkg_dataset_free (domain);
      return NULL;
    }
  t = _dkg_trainer_alloc (config, source, domain);
  t->rand = config->seeded ? dkg_rand_new_seeded (config->seed) : dkg_rand_new_secure ();
  dkg_net_init_weights (t->g, t->rand);
  dkg_net_init_weights (t->d, t->rand);
  return t;
}

void
dkg_trainer_free (DkgTrainer *t)
{
  if (t == NULL)
    return;
  dkg_net_free (t->g);
  dkg_net_free (t->d);
  dkg_dataset_free (t->source);
  dkg_dataset_free (t->domain);
  dkg_rand_free (t->rand);
  dkg_gradient_penalty_free (t->gp);
  dkg_free_floats (t->x);
  dkg_free_floats (t->y);
  dkg_free_floats (t->xhat);
  dkg_free_floats (t->fake);
  dkg_free_floats (t->dlogits);
  dkg_free_floats (t->pool);
  g_free (t->best_path);
  g_free (t->checkpoint_path);
  g_free (t->source_dir);
  g_free (t->domain_dir);
  if (t->metrics != NULL)
    fclose (t->metrics);
  g_mutex_clear (&t->lock);
  g_cond_clear (&t->cond);
  g_free (t);
}

/**
 * dkg_trainer_set_dataset_dirs:
 * @trainer: a trainer
 * @source_dir: (nullable): where the seed images came from
 * @domain_dir: (nullable): where the domain images came from, or "chaotic" when generated
 *
 * Recorded in checkpoints so that `deepkeygen train --resume` can find the data again.
 */
void
dkg_trainer_set_dataset_dirs (DkgTrainer *t, const char *source_dir, const char *domain_dir)
{
  g_free (t->source_dir);
  g_free (t->domain_dir);
  t->source_dir = g_strdup (source_dir);
  t->domain_dir = g_strdup (domain_dir);
}

/**
 * dkg_trainer_set_checkpoint:
 * @trainer: a trainer
 * @path: (nullable): checkpoint file, rewritten atomically
 * @every: write it every @every iterations (0: only at the end and on cancellation)
 */
void
dkg_trainer_set_checkpoint (DkgTrainer *t, const char *path, guint every)
{
  g_free (t->checkpoint_path);
  t->checkpoint_path = g_strdup (path);
  t->checkpoint_every = every;
}

/**
 * dkg_trainer_set_key_quality:
 * @trainer: a trainer
 * @every: evaluate every @every iterations and at the last (0: never)
 * @func: (nullable): the measure, e.g. dkg_key_probe_evaluate()
 * @user_data: (nullable): for @func, owned by the caller and alive while the trainer runs
 *
 * Key quality during training (issue: model selection by key quality): every @every
 * iterations @func measures the generator's key on its probe; the result goes to the progress
 * (DkgTrainProgress.key), the metrics CSV (key_entropy, key_std, key_chi2_p, key_npcr) and the
 * best-generator file of dkg_trainer_set_keep_best().
 */
void
dkg_trainer_set_key_quality (DkgTrainer *t, guint every, DkgKeyQualityFunc func,
                             gpointer user_data)
{
  t->key_every = func != NULL ? every : 0;
  t->key_func = func;
  t->key_data = user_data;
}

/**
 * dkg_trainer_set_keep_best:
 * @trainer: a trainer
 * @path: (nullable): model file for the generator of the evaluation with the highest key
 *   entropy so far (written atomically when an evaluation beats it; %NULL: none)
 *
 * With dkg_trainer_set_key_quality(): keeps the best generator by probe-key entropy as well as
 * the last. Its metadata says at which iteration and what entropy; the best so far is in the
 * checkpoint, so a resumed run keeps comparing against it.
 */
void
dkg_trainer_set_keep_best (DkgTrainer *t, const char *path)
{
  g_free (t->best_path);
  t->best_path = g_strdup (path);
}

/**
 * dkg_trainer_set_metrics_path:
 * @trainer: a trainer
 * @path: metrics CSV file
 * @error: return location for a #GError
 *
 * Logs one row per iteration (header: iteration, loss_g, loss_d, d_real, d_fake, d_accuracy,
 * wasserstein, gp, its_per_sec, elapsed_s, key_entropy, key_std, key_chi2_p, key_npcr; NaN
 * fields empty, the key columns only on rows of a key-quality evaluation). An existing file is continued:
 * rows past the trainer's iteration (written after the checkpoint a run resumed from) and a
 * torn last line are dropped first, so a resumed run leaves one row per iteration.
 *
 * Returns: %FALSE with a %G_IO_ERROR naming the file if it cannot be written
 */
gboolean
dkg_trainer_set_metrics_path (DkgTrainer *t, const char *path, GError **error)
{
  g_autofree char *old = NULL;
  g_autoptr(GString) kept = g_string_new (CSV_HEADER);
  FILE *f;

  if (t->metrics != NULL)
    fclose (t->metrics);
  t->metrics = NULL;
  if (g_file_get_contents (path, &old, NULL, NULL))
    {
      g_auto(GStrv) lines = g_strsplit (old, "\n", -1);
      for (guint i = 1; lines[0] != NULL && lines[i] != NULL && lines[i + 1] != NULL; i++)
        {
          guint64 it = g_ascii_strtoull (lines[i], NULL, 10);
          if (it >= 1 && it <= t->iteration && strchr (lines[i], ',') != NULL)
            g_string_append_printf (kept, "%s\n", lines[i]);
        }
    }
  if (!dkg_file_set_contents (path, kept->str, kept->len, 0644, error))
    return FALSE;
  f = g_fopen (path, "a");
  if (f == NULL)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "Could not open the metrics file “%s”: %s", path, g_strerror (saved));
      return FALSE;
    }
  t->metrics = f;
  return TRUE;
}

/* ------------------------------------------------------------------------------------------ */
/* one iteration */

static void
sample_batch (DkgTrainer *t, DkgDataset *ds, float *out)
{
  gsize per = (gsize) 3 * t->config.size * t->config.size;

  for (int b = 0; b < t->config.batch; b++)
    dkg_dataset_sample (ds, t->rand, out + b * per);
}

static float *
dlogits_buffer (DkgTrainer *t, gsize n)
{
  if (t->dlogits_n < n)
    {
      dkg_free_floats (t->dlogits);
      t->dlogits = dkg_alloc_floats (n);
      t->dlogits_n = n;
    }
  memset (t->dlogits, 0, n * sizeof (float));
  return t->dlogits;
}

static const float *
forward (DkgNet *net, const float *x, const DkgTrainer *t, gsize *n_out, GError **error)
{
  int oc, oh, ow;
  const float *y = dkg_net_forward (net, x, t->config.batch, t->config.size, t->config.size,
                                    TRUE, &oc, &oh, &ow, error);

  *n_out = (gsize) t->config.batch * oc * oh * ow;
  return y;
}

static double
mean_sigmoid (const float *x, gsize n)
{
  double s = 0;

  for (gsize i = 0; i < n; i++)
    s += 1.0 / (1.0 + exp (-(double) x[i]));
  return s / n;
}

/* The GAN loss of @logits against @target (1 or the real label: real, 0: fake), and its
 * gradient accumulated into @dl with @scale. */
static double
gan_loss (const DkgTrainer *t, float *dl, const float *logits, float target, gsize n, float scale)
{
  if (t->config.gan_loss == DKG_GAN_LOSS_LSGAN)
    {
      if (dl != NULL)
        dkg_least_squares_backward (dl, logits, target, n, scale);
      return dkg_least_squares_forward (logits, target, n);
    }
  if (dl != NULL)
    dkg_bce_with_logits_backward (dl, logits, target, n, scale);
  return dkg_bce_with_logits_forward (logits, target, n);
}

/* GAN: the mean "probability" of real: σ(D) for BCE, the raw score for LSGAN. */
static double
mean_score (const DkgTrainer *t, const float *x, gsize n)
{
  return t->config.gan_loss == DKG_GAN_LOSS_LSGAN ? dkg_mean_forward (x, n) : mean_sigmoid (x, n);
}

/* CycleGAN's image pool (Shrivastava et al. 2017): while the pool is not full each generated
 * image goes in and is used; then with probability ½ a random stored image is used instead
 * and replaced by the new one. Writes the discriminator's fake batch to @out. */
static void
pool_query (DkgTrainer *t, const float *fake, float *out)
{
  gsize per = (gsize) 3 * t->config.size * t->config.size;

  for (int b = 0; b < t->config.batch; b++)
    {
      const float *img = fake + b * per;
      float *dst = out + b * per;

      if (t->pool_n < t->config.pool_size)
        {
          memcpy (t->pool + (gsize) t->pool_n++ * per, img, per * sizeof (float));
          memcpy (dst, img, per * sizeof (float));
        }
      else if (dkg_rand_double (t->rand) > 0.5)
        {
          float *slot = t->pool + (gsize) dkg_rand_below (t->rand, (guint32) t->pool_n) * per;
          memcpy (dst, slot, per * sizeof (float));
          memcpy (slot, img, per * sizeof (float));
        }
      else
        memcpy (dst, img, per * sizeof (float));
    }
}

static gboolean
step_gan (DkgTrainer *t, GError **error)
{
  DkgAdamConfig ad = { t->config.lr_d, t->config.beta1, t->config.beta2, 1e-8f };
  DkgAdamConfig ag = { t->config.lr_g, t->config.beta1, t->config.beta2, 1e-8f };
  gsize n_img = (gsize) t->config.batch * 3 * t->config.size * t->config.size, n;
  const float *fake, *logits, *dfake, *d_fake_in;
  float real = t->config.real_label;
  float threshold = t->config.gan_loss == DKG_GAN_LOSS_LSGAN ? 0.5f * real : 0.0f;
  double loss_real, loss_fake, correct = 0;
  float *dl;

  sample_batch (t, t->source, t->x);
  sample_batch (t, t->domain, t->y);
  fake = forward (t->g, t->x, t, &n, error);
  if (fake == NULL)
    return FALSE;
  memcpy (t->fake, fake, n_img * sizeof (float));
  /* The pool's picks go to xhat (unused by the GAN otherwise): G's step needs its own fake. */
  if (t->pool != NULL)
    pool_query (t, t->fake, t->xhat);
  d_fake_in = t->pool != NULL ? t->xhat : t->fake;

  /* D step: ½·[L(D(y), real) + L(D(fake), 0)] */
  dkg_params_zero_grad (t->d->params);
  logits = forward (t->d, t->y, t, &n, error);
  if (logits == NULL)
    return FALSE;
  dl = dlogits_buffer (t, n);
  loss_real = gan_loss (t, dl, logits, real, n, 0.5f);
  t->last.d_real = mean_score (t, logits, n);
  for (gsize i = 0; i < n; i++)
    correct += logits[i] > threshold;
  dkg_net_backward_full (t->d, dl, FALSE, TRUE);
  logits = forward (t->d, d_fake_in, t, &n, error);
  dl = dlogits_buffer (t, n);
  loss_fake = gan_loss (t, dl, logits, 0.0f, n, 0.5f);
  t->last.d_fake = mean_score (t, logits, n);
  for (gsize i = 0; i < n; i++)
    correct += logits[i] < threshold;
  dkg_net_backward_full (t->d, dl, FALSE, TRUE);
  dkg_params_adam_step (t->d->params, &ad);
  t->last.loss_d = 0.5 * (loss_real + loss_fake);
  t->last.d_accuracy = correct / (2.0 * n);

  /* G step: L(D(G(x)), real) — BCE: −log σ(D(G(x))), non-saturating — through the updated D. */
  logits = forward (t->d, t->fake, t, &n, error);
  dl = dlogits_buffer (t, n);
  t->last.loss_g = gan_loss (t, dl, logits, real, n, 1.0f);
  dfake = dkg_net_backward_full (t->d, dl, TRUE, FALSE);
  dkg_params_zero_grad (t->g->params);
  dkg_net_backward_full (t->g, dfake, FALSE, TRUE);
  dkg_params_adam_step (t->g->params, &ag);
  return TRUE;
}

static gboolean
step_wgan_gp (DkgTrainer *t, GError **error)
{
  DkgAdamConfig ad = { t->config.lr_d, t->config.beta1, t->config.beta2, 1e-8f };
  DkgAdamConfig ag = { t->config.lr_g, t->config.beta1, t->config.beta2, 1e-8f };
  int B = t->config.batch, S = t->config.size;
  gsize per = (gsize) 3 * S * S, n;
  const float *fake, *score, *dfake;
  float *ds;

  for (int k = 0; k < t->config.n_critic; k++)
    {
      double real_mean = 0, fake_mean = 0, gp;

      sample_batch (t, t->source, t->x);
      sample_batch (t, t->domain, t->y);
      fake = forward (t->g, t->x, t, &n, error);
      if (fake == NULL)
        return FALSE;
      memcpy (t->fake, fake, (gsize) B * per * sizeof (float));

      dkg_params_zero_grad (t->d->params);
      /* − mean D(y) */
      score = forward (t->d, t->y, t, &n, error);
      if (score == NULL)
        return FALSE;
      ds = dlogits_buffer (t, n);
      for (int b = 0; b < B; b++)
        {
          real_mean += score[b] / B;
          ds[b] = -1.0f / B;
        }
      dkg_net_backward_full (t->d, ds, FALSE, TRUE);
      /* + mean D(G(x)) */
      score = forward (t->d, t->fake, t, &n, error);
      ds = dlogits_buffer (t, n);
      for (int b = 0; b < B; b++)
        {
          fake_mean += score[b] / B;
          ds[b] = 1.0f / B;
        }
      dkg_net_backward_full (t->d, ds, FALSE, TRUE);
      /* + λ·GP at x̂ = α·y + (1 − α)·G(x), α ~ U(0, 1) per sample */
      for (int b = 0; b < B; b++)
        {
          float alpha = (float) dkg_rand_double (t->rand);
          for (gsize i = 0; i < per; i++)
            t->xhat[b * per + i] = alpha * t->y[b * per + i] + (1.0f - alpha) * t->fake[b * per + i];
        }
      gp = dkg_gradient_penalty_accumulate (t->gp, t->d, t->xhat, B, S, S, t->config.lambda_gp,
                                            NULL, error);
      if (gp < 0)
        return FALSE;
      dkg_params_adam_step (t->d->params, &ad);
      t->last.d_real = real_mean;
      t->last.d_fake = fake_mean;
      t->last.wasserstein = real_mean - fake_mean;
      t->last.gp = gp;
      t->last.loss_d = fake_mean - real_mean + t->config.lambda_gp * gp;
    }

  /* Generator: − mean D(G(x)) */
  sample_batch (t, t->source, t->x);
  fake = forward (t->g, t->x, t, &n, error);
  if (fake == NULL)
    return FALSE;
  score = forward (t->d, fake, t, &n, error);
  ds = dlogits_buffer (t, n);
  t->last.loss_g = 0;
  for (int b = 0; b < B; b++)
    {
      t->last.loss_g -= score[b] / B;
      ds[b] = -1.0f / B;
    }
  dfake = dkg_net_backward_full (t->d, ds, TRUE, FALSE);
  dkg_params_zero_grad (t->g->params);
  dkg_net_backward_full (t->g, dfake, FALSE, TRUE);
  dkg_params_adam_step (t->g->params, &ag);
  return TRUE;
}

/**
 * dkg_trainer_step:
 * @trainer: a trainer
 * @error: return location for a #GError
 *
 * One iteration (one generator step). After a NaN or infinite loss or weight the trainer's
 * networks are no longer usable: %DKG_ERROR_DIVERGED says at which iteration; the last
 * checkpoint on disk is untouched.
 *
 * Returns: %TRUE on success
 */
gboolean
dkg_trainer_step (DkgTrainer *t, GError **error)
{
  gboolean ok = t->config.objective == DKG_OBJECTIVE_GAN ? step_gan (t, error)
                                                         : step_wgan_gp (t, error);
  if (!ok)
    return FALSE;
  t->iteration++;
  t->last.iteration = t->iteration;
  if (!isfinite (t->last.loss_g) || !isfinite (t->last.loss_d)
      || !dkg_params_all_finite (t->g->params) || !dkg_params_all_finite (t->d->params))
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_DIVERGED,
                   "Training diverged at iteration %" G_GUINT64_FORMAT " (loss_G = %g, "
                   "loss_D = %g): NaN or infinite values%s%s", t->iteration, t->last.loss_g,
                   t->last.loss_d, t->checkpoint_path ? "; the last good checkpoint is " : "",
                   t->checkpoint_path ? t->checkpoint_path : "");
      return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------------------------------ */
/* run loop */

static void
csv_field (GString *s, double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append_c (s, ',');
  if (isfinite (v))
    g_string_append (s, g_ascii_formatd (buf, sizeof buf, "%.7g", v));
}

static void
log_metrics (DkgTrainer *t)
{
  g_autoptr(GString) row = g_string_new (NULL);
  const DkgTrainProgress *p = &t->last;

  if (t->metrics == NULL)
    return;
  g_string_append_printf (row, "%" G_GUINT64_FORMAT, p->iteration);
  csv_field (row, p->loss_g);
  csv_field (row, p->loss_d);
  csv_field (row, p->d_real);
  csv_field (row, p->d_fake);
  csv_field (row, p->d_accuracy);
  csv_field (row, p->wasserstein);
  csv_field (row, p->gp);
  csv_field (row, p->its_per_sec);
  csv_field (row, p->elapsed_s);
  if (p->key.iteration == p->iteration && p->iteration > 0)
    {
      csv_field (row, p->key.entropy);
      csv_field (row, p->key.std);
      csv_field (row, p->key.chi2_p);
      csv_field (row, p->key.npcr);
    }
  else
    g_string_append (row, ",,,,");
  g_string_append_c (row, '\n');
  fputs (row->str, t->metrics);
}

/* Every key_every iterations and at @total: measure the key, keep the best generator. */
static gboolean
evaluate_key (DkgTrainer *t, guint64 total, GError **error)
{
  DkgKeyQuality q;

  if (t->key_every == 0 || (t->iteration % t->key_every != 0 && t->iteration != total))
    return TRUE;
  if (!t->key_func (t->g, &q, t->key_data, error))
    {
      g_prefix_error (error, "Key-quality evaluation at iteration %" G_GUINT64_FORMAT ": ",
                      t->iteration);
      return FALSE;
    }
  q.iteration = t->iteration;
  t->last.key = q;
  if (isfinite (q.entropy) && (t->best.iteration == 0 || q.entropy > t->best.entropy))
    {
      t->best = q;
      if (t->best_path != NULL && !dkg_trainer_export_generator (t, t->best_path, error))
        return FALSE;
    }
  return TRUE;
}

/**
 * dkg_trainer_set_paused:
 * @trainer: a trainer
 * @paused: %TRUE to pause at the next iteration boundary, %FALSE to go on
 *
 * Thread-safe: the GUI calls it while dkg_trainer_run() works in a worker thread. A paused
 * run still ends promptly when its #GCancellable is cancelled.
 */
void
dkg_trainer_set_paused (DkgTrainer *t, gboolean paused)
{
  g_mutex_lock (&t->lock);
  t->paused = paused;
  g_cond_broadcast (&t->cond);
  g_mutex_unlock (&t->lock);
}

static void
wait_while_paused (DkgTrainer *t, GCancellable *cancellable)
{
  g_mutex_lock (&t->lock);
  while (t->paused && !g_cancellable_is_cancelled (cancellable))
    g_cond_wait_until (&t->cond, &t->lock, g_get_monotonic_time () + 100 * G_TIME_SPAN_MILLISECOND);
  g_mutex_unlock (&t->lock);
}

/**
 * dkg_trainer_run:
 * @trainer: a trainer
 * @total: train until this many iterations are done (counting those before a resume)
 * @progress: (nullable) (scope call): called after every iteration, in this thread
 * @user_data: for @progress
 * @cancellable: (nullable): checked once per iteration
 * @error: return location for a #GError
 *
 * Trains, logs each iteration to the metrics CSV, writes the checkpoint every N iterations
 * and at the end. On cancellation it writes a checkpoint at the last completed iteration
 * (so the run can be resumed) and fails with %G_IO_ERROR_CANCELLED. On divergence
 * (%DKG_ERROR_DIVERGED) no checkpoint is written: the last good one stays.
 *
 * Returns: %TRUE when @total is reached
 */
gboolean
dkg_trainer_run (DkgTrainer *t, guint64 total, DkgTrainProgressFunc progress,
                 gpointer user_data, GCancellable *cancellable, GError **error)
{
  gint64 start = g_get_monotonic_time ();
  guint64 first = t->iteration;

  t->last.total = total;
  while (t->iteration < total)
    {
      double run_s;

      wait_while_paused (t, cancellable);
      if (g_cancellable_is_cancelled (cancellable))
        {
          if (t->checkpoint_path != NULL && t->iteration > first
              && !dkg_trainer_save_checkpoint (t, t->checkpoint_path, error))
            return FALSE;
          return !g_cancellable_set_error_if_cancelled (cancellable, error);
        }
      if (!dkg_trainer_step (t, error) || !evaluate_key (t, total, error))
        return FALSE;
      run_s = (g_get_monotonic_time () - start) / 1e6;
      t->last.its_per_sec = (t->iteration - first) / MAX (run_s, 1e-9);
      t->last.eta_s = (total - t->iteration) / MAX (t->last.its_per_sec, 1e-9);
      t->last.elapsed_s = t->elapsed_before + run_s;
      log_metrics (t);
      if (progress != NULL)
        progress (&t->last, user_data);
      if (t->checkpoint_path != NULL
          && ((t->checkpoint_every > 0 && t->iteration % t->checkpoint_every == 0)
              || t->iteration == total))
        {
          if (!dkg_trainer_save_checkpoint (t, t->checkpoint_path, error))
            return FALSE;
        }
    }
  if (t->metrics != NULL)
    fflush (t->metrics);
  return TRUE;
}

guint64
dkg_trainer_get_iteration (const DkgTrainer *t)
{
  return t->iteration;
}

const DkgTrainConfig *
dkg_trainer_get_config (const DkgTrainer *t)
{
  return &t->config;
}

/** dkg_trainer_get_progress: Returns: (transfer none): the values of the last iteration */
const DkgTrainProgress *
dkg_trainer_get_progress (const DkgTrainer *t)
{
  return &t->last;
}

/** dkg_trainer_get_generator: Returns: (transfer none): the generator being trained */
DkgNet *
dkg_trainer_get_generator (DkgTrainer *t)
{
  return t->g;
}

/** dkg_trainer_get_discriminator: Returns: (transfer none): the discriminator or critic */
DkgNet *
dkg_trainer_get_discriminator (DkgTrainer *t)
{
  return t->d;
}
