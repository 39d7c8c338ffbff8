/* dkg-gan-trainer-checkpoint.c — a training run on disk: checkpoints and the exported
 * generator (docs/SPECIFICATION.md §4)
 *
 * A checkpoint is a safetensors file holding both networks, both Adam states, the generator
 * state of the run's DkgRand, the image pool and the settings as metadata, so that a resumed
 * run is bit-identical to an uninterrupted one. Version 1 checkpoints (the first release)
 * still resume, exactly as they were.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "dkg-error.h"
#include "dkg-gan-trainer-private.h"
#include "dkg-model-file.h"
#include "dkg-safetensors.h"

#define CHECKPOINT_FORMAT  "deepkeygen-checkpoint"
/* Version 2 added the discriminator's name, the GAN loss, real label, image pool and the best
 * key-quality evaluation; a version-1 checkpoint has the bias-free PatchGAN of the first
 * release (patchgan-nobias) and resumes with it, exactly as it was. */
#define CHECKPOINT_VERSION "2"

static char *
fmt_double (double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_dtostr (buf, sizeof buf, v));
}

static void
set_meta_u64 (DkgSafetensors *st, const char *key, guint64 v)
{
  g_autofree char *s = g_strdup_printf ("%" G_GUINT64_FORMAT, v);
  dkg_safetensors_set_metadata (st, key, s);
}

static void
set_meta_double (DkgSafetensors *st, const char *key, double v)
{
  g_autofree char *s = fmt_double (v);
  dkg_safetensors_set_metadata (st, key, s);
}

/* A float hyperparameter as the shortest decimal that parses back to the same float. */
static void
set_meta_float (DkgSafetensors *st, const char *key, float v)
{
  static const char *const formats[] = { "%.1g", "%.2g", "%.3g", "%.4g", "%.5g", "%.6g",
                                          "%.7g", "%.8g", "%.9g" };
  char buf[32];

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_ascii_formatd (buf, sizeof buf, formats[i], v);
      if ((float) g_ascii_strtod (buf, NULL) == v)
        break;
    }
  dkg_safetensors_set_metadata (st, key, buf);
}

static void
config_to_metadata (const DkgTrainer *t, DkgSafetensors *st)
{
  const DkgTrainConfig *c = &t->config;

  dkg_safetensors_set_metadata (st, "objective", dkg_objective_to_string (c->objective));
  dkg_safetensors_set_metadata (st, "generator", dkg_arch_to_string (c->generator));
  dkg_safetensors_set_metadata (st, "discriminator", dkg_arch_to_string (t->d->arch));
  if (c->objective == DKG_OBJECTIVE_GAN)
    {
      dkg_safetensors_set_metadata (st, "gan_loss", dkg_gan_loss_to_string (c->gan_loss));
      set_meta_float (st, "real_label", c->real_label);
      set_meta_u64 (st, "pool_size", (guint64) c->pool_size);
    }
  if (t->last.key.iteration > 0)
    {
      set_meta_u64 (st, "key_quality_iteration", t->last.key.iteration);
      set_meta_double (st, "key_entropy", t->last.key.entropy);
      set_meta_double (st, "key_std", t->last.key.std);
    }
  if (t->best.iteration > 0)
    {
      set_meta_u64 (st, "best_key_iteration", t->best.iteration);
      set_meta_double (st, "best_key_entropy", t->best.entropy);
      set_meta_double (st, "best_key_std", t->best.std);
    }
  set_meta_u64 (st, "n_blocks", (guint64) c->n_blocks);
  set_meta_u64 (st, "size", (guint64) c->size);
  set_meta_u64 (st, "batch", (guint64) c->batch);
  set_meta_float (st, "lr_g", c->lr_g);
  set_meta_float (st, "lr_d", c->lr_d);
  set_meta_float (st, "beta1", c->beta1);
  set_meta_float (st, "beta2", c->beta2);
  if (c->objective == DKG_OBJECTIVE_WGAN_GP)
    {
      set_meta_u64 (st, "n_critic", (guint64) c->n_critic);
      set_meta_float (st, "lambda_gp", c->lambda_gp);
    }
  if (c->seeded)
    set_meta_u64 (st, "seed", c->seed);
  else
    dkg_safetensors_set_metadata (st, "seed", "csprng");
  set_meta_u64 (st, "iterations", t->iteration);
  set_meta_double (st, "training_seconds", t->last.elapsed_s);
  dkg_safetensors_set_metadata (st, "source", dkg_dataset_get_description (t->source));
  dkg_safetensors_set_metadata (st, "domain", dkg_dataset_get_description (t->domain));
  if (t->source_dir != NULL)
    dkg_safetensors_set_metadata (st, "source_dir", t->source_dir);
  if (t->domain_dir != NULL)
    dkg_safetensors_set_metadata (st, "domain_dir", t->domain_dir);
  dkg_safetensors_set_metadata (st, "software", "deepkeygen " PACKAGE_VERSION);
}

static void
add_flat (DkgSafetensors *st, const char *name, const float *data, gsize n)
{
  gint64 shape[1] = { (gint64) n };
  dkg_safetensors_add_f32 (st, name, 1, shape, data);
}

/**
 * dkg_trainer_save_checkpoint:
 * @trainer: a trainer
 * @path: destination, written to a temporary file and renamed (never half-written)
 * @error: return location for a #GError
 *
 * A checkpoint is a safetensors file: generator.* and discriminator.* (state_dict names),
 * the Adam moments of both (…adam_m / …adam_v, flat), the generator state (rng_state, int64
 * ×6) and __metadata__ with format "deepkeygen-checkpoint", the settings, the iteration and
 * both Adam step counts.
 *
 * Returns: %TRUE on success
 */
gboolean
dkg_trainer_save_checkpoint (DkgTrainer *t, const char *path, GError **error)
{
  g_autoptr(DkgSafetensors) st = dkg_safetensors_new ();
  guint8 state[DKG_RAND_STATE_SIZE];
  gint64 words[DKG_RAND_STATE_SIZE / 8], shape[1] = { DKG_RAND_STATE_SIZE / 8 };

  dkg_net_add_to_safetensors (t->g, st, "generator.");
  dkg_net_add_to_safetensors (t->d, st, "discriminator.");
  add_flat (st, "generator_adam_m", t->g->params->m, t->g->params->n);
  add_flat (st, "generator_adam_v", t->g->params->v, t->g->params->n);
  add_flat (st, "discriminator_adam_m", t->d->params->m, t->d->params->n);
  add_flat (st, "discriminator_adam_v", t->d->params->v, t->d->params->n);
  if (t->pool_n > 0)
    add_flat (st, "image_pool", t->pool, (gsize) t->pool_n * 3 * t->config.size * t->config.size);
  dkg_rand_get_state (t->rand, state);
  memcpy (words, state, sizeof words);
  dkg_safetensors_add_i64 (st, "rng_state", 1, shape, words);
  dkg_safetensors_set_metadata (st, "format", CHECKPOINT_FORMAT);
  dkg_safetensors_set_metadata (st, "format_version", CHECKPOINT_VERSION);
  config_to_metadata (t, st);
  set_meta_u64 (st, "generator_adam_t", (guint64) t->g->params->adam_t);
  set_meta_u64 (st, "discriminator_adam_t", (guint64) t->d->params->adam_t);
  if (!dkg_safetensors_save (st, path, error))
    return FALSE;
  if (t->metrics != NULL)
    fflush (t->metrics);
  return TRUE;
}

static gboolean
meta_u64 (DkgSafetensors *st, const char *path, const char *key, guint64 max, guint64 *out,
          GError **error)
{
  const char *v = dkg_safetensors_get_metadata (st, key);

  if (v == NULL || !g_ascii_string_to_unsigned (v, 10, 0, max, out, NULL))
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE,
                   "Checkpoint “%s”: metadata “%s” is missing or not a number in 0..%"
                   G_GUINT64_FORMAT, path, key, max);
      return FALSE;
    }
  return TRUE;
}

static gboolean
meta_float (DkgSafetensors *st, const char *path, const char *key, float *out, GError **error)
{
  const char *v = dkg_safetensors_get_metadata (st, key);
  char *end = NULL;
  double d;

  if (v != NULL)
    d = g_ascii_strtod (v, &end);
  if (v == NULL || end == v || *end != '\0' || !isfinite (d))
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE,
                   "Checkpoint “%s”: metadata “%s” is missing or not a number", path, key);
      return FALSE;
    }
  *out = (float) d;
  return TRUE;
}

static DkgSafetensors *
open_checkpoint (const char *path, DkgTrainConfig *c, GError **error)
{
  g_autoptr(DkgSafetensors) st = dkg_safetensors_load (path, error);
  const char *seed, *version, *name;
  guint64 v;

  if (st == NULL)
    return NULL;
  if (g_strcmp0 (dkg_safetensors_get_metadata (st, "format"), CHECKPOINT_FORMAT) != 0)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE,
                   "“%s” is not a DeepKeyGen training checkpoint", path);
      return NULL;
    }
  version = dkg_safetensors_get_metadata (st, "format_version");
  if (g_strcmp0 (version, "1") != 0 && g_strcmp0 (version, CHECKPOINT_VERSION) != 0)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_BAD_VERSION,
                   "Checkpoint “%s” has format version %s; this program reads versions 1 and %s",
                   path, version, CHECKPOINT_VERSION);
      return NULL;
    }
  if (!dkg_objective_from_string (dkg_safetensors_get_metadata (st, "objective"), &c->objective)
      || !dkg_arch_from_string (dkg_safetensors_get_metadata (st, "generator"), &c->generator))
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE,
                   "Checkpoint “%s”: unknown objective or generator", path);
      return NULL;
    }
  dkg_train_config_init (c, c->objective);
  dkg_arch_from_string (dkg_safetensors_get_metadata (st, "generator"), &c->generator);
  if (!meta_u64 (st, path, "n_blocks", 64, &v, error))
    return NULL;
  c->n_blocks = (int) v;
  if (!meta_u64 (st, path, "size", 4096, &v, error))
    return NULL;
  c->size = (int) v;
  if (!meta_u64 (st, path, "batch", 256, &v, error))
    return NULL;
  c->batch = (int) v;
  if (!meta_float (st, path, "lr_g", &c->lr_g, error) || !meta_float (st, path, "lr_d", &c->lr_d, error)
      || !meta_float (st, path, "beta1", &c->beta1, error)
      || !meta_float (st, path, "beta2", &c->beta2, error))
    return NULL;
  if (c->objective == DKG_OBJECTIVE_WGAN_GP)
    {
      if (!meta_u64 (st, path, "n_critic", 100, &v, error)
          || !meta_float (st, path, "lambda_gp", &c->lambda_gp, error))
        return NULL;
      c->n_critic = (int) v;
    }
  /* Version 1: the bias-free PatchGAN, BCE, label 1, no pool (the defaults' other fields). */
  if (g_strcmp0 (version, "1") == 0)
    {
      if (c->objective == DKG_OBJECTIVE_GAN)
        c->discriminator = DKG_ARCH_PATCHGAN_NOBIAS;
    }
  else
    {
      if (!dkg_arch_from_string (dkg_safetensors_get_metadata (st, "discriminator"),
                                 &c->discriminator))
        {
          g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE,
                       "Checkpoint “%s”: unknown discriminator", path);
          return NULL;
        }
      if (c->objective == DKG_OBJECTIVE_GAN)
        {
          name = dkg_safetensors_get_metadata (st, "gan_loss");
          if (!dkg_gan_loss_from_string (name, &c->gan_loss))
            {
              g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE,
                           "Checkpoint “%s”: unknown GAN loss “%s”", path, name ? name : "");
              return NULL;
            }
          if (!meta_float (st, path, "real_label", &c->real_label, error)
              || !meta_u64 (st, path, "pool_size", 200, &v, error))
            return NULL;
          c->pool_size = (int) v;
        }
    }
  seed = dkg_safetensors_get_metadata (st, "seed");
  c->seeded = seed != NULL && g_strcmp0 (seed, "csprng") != 0;
  if (c->seeded && !meta_u64 (st, path, "seed", G_MAXUINT64, &c->seed, error))
    return NULL;
  if (!_dkg_trainer_check_config (c, error))
    {
      g_prefix_error (error, "Checkpoint “%s”: ", path);
      return NULL;
    }
  return g_steal_pointer (&st);
}

/**
 * dkg_checkpoint_peek_config:
 * @path: a checkpoint
 * @config: (out caller-allocates): its training settings
 * @source_dir: (out) (optional) (transfer full) (nullable): its recorded source folder
 * @domain_dir: (out) (optional) (transfer full) (nullable): its recorded domain folder or
 *   "chaotic"
 * @error: return location for a #GError
 *
 * Reads a checkpoint's settings without building the trainer (to prepare its datasets).
 *
 * Returns: %FALSE with an error naming the file when it is not a usable checkpoint
 */
gboolean
dkg_checkpoint_peek_config (const char *path, DkgTrainConfig *config, char **source_dir,
                            char **domain_dir, GError **error)
{
  g_autoptr(DkgSafetensors) st = open_checkpoint (path, config, error);

  if (st == NULL)
    return FALSE;
  if (source_dir != NULL)
    *source_dir = g_strdup (dkg_safetensors_get_metadata (st, "source_dir"));
  if (domain_dir != NULL)
    *domain_dir = g_strdup (dkg_safetensors_get_metadata (st, "domain_dir"));
  return TRUE;
}

static gboolean
load_flat (DkgSafetensors *st, const char *path, const char *name, float *dst, gsize n,
           GError **error)
{
  gint64 shape[1] = { (gint64) n };
  const float *data = dkg_safetensors_require_f32 (st, name, 1, shape, error);

  if (data == NULL)
    {
      g_prefix_error (error, "Checkpoint “%s”: ", path);
      return FALSE;
    }
  memcpy (dst, data, n * sizeof (float));
  return TRUE;
}

/**
 * dkg_trainer_new_from_checkpoint:
 * @path: a checkpoint written by dkg_trainer_save_checkpoint()
 * @source: (transfer full): the seed images, prepared for the checkpoint's size
 * @domain: (transfer full): the domain images, prepared likewise
 * @error: return location for a #GError
 *
 * Restores a run exactly: networks, Adam states and step counts, generator state, iteration.
 *
 * Returns: (transfer full): the trainer, or %NULL with an error naming the file
 */
DkgTrainer *
dkg_trainer_new_from_checkpoint (const char *path, DkgDataset *source, DkgDataset *domain,
                                 GError **error)
{
  DkgTrainConfig c;
  g_autoptr(DkgSafetensors) st = open_checkpoint (path, &c, error);
  g_autoptr(DkgTrainer) t = NULL;
  gint64 shape[1] = { DKG_RAND_STATE_SIZE / 8 };
  const gint64 *words;
  guint8 state[DKG_RAND_STATE_SIZE];
  guint64 v;
  double elapsed = 0;
  const char *es;

  if (st == NULL || !_dkg_trainer_check_datasets (&c, source, domain, error))
    {
      dkg_dataset_free (source);
      dkg_dataset_free (domain);
      return NULL;
    }
  t = _dkg_trainer_alloc (&c, source, domain);
  t->rand = dkg_rand_new_seeded (0);
  if (!dkg_net_load_from_safetensors (t->g, st, "generator.", path, error)
      || !dkg_net_load_from_safetensors (t->d, st, "discriminator.", path, error)
      || !load_flat (st, path, "generator_adam_m", t->g->params->m, t->g->params->n, error)
      || !load_flat (st, path, "generator_adam_v", t->g->params->v, t->g->params->n, error)
      || !load_flat (st, path, "discriminator_adam_m", t->d->params->m, t->d->params->n, error)
      || !load_flat (st, path, "discriminator_adam_v", t->d->params->v, t->d->params->n, error))
    return NULL;
  words = dkg_safetensors_require_i64 (st, "rng_state", 1, shape, error);
  if (words == NULL)
    {
      g_prefix_error (error, "Checkpoint “%s”: ", path);
      return NULL;
    }
  memcpy (state, words, sizeof state);
  dkg_rand_set_state (t->rand, state);
  if (!meta_u64 (st, path, "iterations", G_MAXUINT64, &t->iteration, error)
      || !meta_u64 (st, path, "generator_adam_t", G_MAXINT32, &v, error))
    return NULL;
  t->g->params->adam_t = (int) v;
  if (!meta_u64 (st, path, "discriminator_adam_t", G_MAXINT32, &v, error))
    return NULL;
  t->d->params->adam_t = (int) v;
  es = dkg_safetensors_get_metadata (st, "training_seconds");
  if (es != NULL)
    elapsed = g_ascii_strtod (es, NULL);
  t->elapsed_before = isfinite (elapsed) && elapsed >= 0 ? elapsed : 0;
  t->last.iteration = t->iteration;
  t->last.elapsed_s = t->elapsed_before;
  t->source_dir = g_strdup (dkg_safetensors_get_metadata (st, "source_dir"));
  t->domain_dir = g_strdup (dkg_safetensors_get_metadata (st, "domain_dir"));
  if (dkg_safetensors_get_metadata (st, "best_key_iteration") != NULL)
    {
      const char *be = dkg_safetensors_get_metadata (st, "best_key_entropy");
      const char *bs = dkg_safetensors_get_metadata (st, "best_key_std");

      if (!meta_u64 (st, path, "best_key_iteration", t->iteration, &t->best.iteration, error))
        return NULL;
      t->best.entropy = be != NULL ? g_ascii_strtod (be, NULL) : NAN;
      t->best.std = bs != NULL ? g_ascii_strtod (bs, NULL) : NAN;
    }
  if (t->pool != NULL && dkg_safetensors_get_metadata (st, "pool_size") != NULL)
    {
      gsize per = (gsize) 3 * c.size * c.size;
      guint ndim = 0;
      gint64 shape[4] = { 0 };

      if (dkg_safetensors_get_f32 (st, "image_pool", &ndim, shape) != NULL)
        {
          gsize n = ndim == 1 && shape[0] > 0 ? (gsize) shape[0] / per : 0;
          if (n < 1 || n > (gsize) c.pool_size || n * per != (gsize) shape[0]
              || !load_flat (st, path, "image_pool", t->pool, n * per, error))
            {
              if (error != NULL && *error == NULL)
                g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE,
                             "Checkpoint “%s”: the image pool has the wrong size", path);
              return NULL;
            }
          t->pool_n = (int) n;
        }
    }
  return g_steal_pointer (&t);
}

/**
 * dkg_trainer_export_generator:
 * @trainer: a trainer
 * @path: the model file, written atomically
 * @error: return location for a #GError
 *
 * Writes the generator alone as a model file (dkg_model_save()) whose metadata holds the
 * training settings, iterations, wall time, datasets, seed and software version.
 *
 * Returns: %TRUE on success
 */
gboolean
dkg_trainer_export_generator (DkgTrainer *t, const char *path, GError **error)
{
  g_autoptr(DkgSafetensors) tmp = dkg_safetensors_new ();
  g_autoptr(GHashTable) meta = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_auto(GStrv) keys = NULL;

  config_to_metadata (t, tmp);
  keys = dkg_safetensors_list_metadata_keys (tmp);
  for (guint i = 0; keys[i] != NULL; i++)
    g_hash_table_insert (meta, g_strdup (keys[i]),
                         g_strdup (dkg_safetensors_get_metadata (tmp, keys[i])));
  g_hash_table_insert (meta, g_strdup ("created"), g_date_time_format_iso8601 (now));
  return dkg_model_save (t->g, meta, path, error);
}
