/* dkg-imitation.c — the imitation-learning attack and the one-time-pad experiment
 * (docs/SPECIFICATION.md §6.9, paper §III-E)
 *
 * Both experiments need DeepKeyGen generators trained like the victim: the paper's GAN
 * objective, the seeds X and their chaotic domain Y (dkg-domain.c), only at a reduced crop
 * size and number of iterations so that they finish in minutes on a CPU. The imitation attack
 * trains one attacker per block count (Table XVI: 3, 6, 9, 12) and compares its keys with the
 * victim's for the same seeds (dkg_attack_imitation_evaluate()); the one-time-pad experiment
 * trains K models alike with different randomness and decrypts each model's ciphertext with
 * every model's key (dkg_attack_mutual_decryption()).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "dkg-domain.h"
#include "dkg-error.h"
#include "dkg-gan-trainer.h"
#include "dkg-imitation.h"
#include "dkg-pipeline.h"
#include "dkg-keygen.h"
#include "dkg-keystream.h"

static void
announce (DkgImitationStepFunc step, gpointer user_data, const char *fmt, ...) G_GNUC_PRINTF (3, 4);

static void
announce (DkgImitationStepFunc step, gpointer user_data, const char *fmt, ...)
{
  g_autofree char *what = NULL;
  va_list ap;

  if (step == NULL)
    return;
  va_start (ap, fmt);
  what = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  step (what, user_data);
}

static gboolean
training_check (const DkgImitationTraining *t, GError **error)
{
  if (t->n_images == 0 || t->images == NULL)
    {
      g_set_error_literal (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT,
                           "The attack trainings need at least one seed image");
      return FALSE;
    }
  if (t->iterations == 0)
    {
      g_set_error_literal (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT,
                           "The attack trainings need at least one iteration");
      return FALSE;
    }
  /* The data set needs 8 pixels; dkg_trainer_new() checks the rest of the size rule. */
  if (t->size < 8)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT,
                   "Invalid training settings: the training size %d is below 8", t->size);
      return FALSE;
    }
  return TRUE;
}

/**
 * dkg_imitation_train:
 * @training: the seeds, size, length and randomness
 * @n_blocks: residual blocks of the generator, ≥ 1
 * @step: (nullable): told "Training … (B blocks, S×S, N iterations)…" before the training
 * @user_data: data for @step
 * @error: return location for a #GError
 *
 * Trains a DeepKeyGen GAN (resnet generator of @n_blocks blocks, the paper's objective and
 * optimiser) on @training's seeds and their chaotic domain at @training->size for
 * @training->iterations generator iterations. With @training->seeded the result is the same
 * for the same seed, bit for bit.
 *
 * Returns: (transfer full): the trained generator, or %NULL with %DKG_ERROR_INVALID_ARGUMENT
 *   (no images, no iterations) or the trainer's error (e.g. a size the trainer does not take)
 */
DkgNet *
dkg_imitation_train (const DkgImitationTraining *training, int n_blocks, DkgImitationStepFunc step,
                     gpointer user_data, GError **error)
{
  DkgTrainConfig c;
  g_autoptr(DkgTrainer) t = NULL;
  DkgDataset *src, *dom;
  DkgNet *net;

  g_return_val_if_fail (training != NULL && n_blocks >= 1, NULL);
  if (!training_check (training, error))
    return NULL;
  dkg_train_config_init (&c, DKG_OBJECTIVE_GAN);
  c.size = training->size;
  c.n_blocks = n_blocks;
  c.seeded = training->seeded;
  c.seed = training->seed;
  src = dkg_dataset_new_from_images ((DkgImage **) training->images, training->n_images,
                                     training->size, "report seeds");
  dom = dkg_dataset_new_chaotic_domain (src, NULL, "report domain", error);
  if (dom == NULL)
    {
      dkg_dataset_free (src);
      return NULL;
    }
  t = dkg_trainer_new (&c, src, dom, error);
  if (t == NULL || !dkg_trainer_run (t, training->iterations, NULL, NULL, NULL, error))
    return NULL;
  net = dkg_net_new (DKG_ARCH_RESNET, n_blocks);
  dkg_net_copy_weights (net, dkg_trainer_get_generator (t));
  return net;
}

/* One key per seed image, all of @width × @height. */
static GPtrArray *
keys_for_seeds (DkgNet *net, const DkgImitationTraining *training, guint width, guint height,
                GError **error)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func ((GDestroyNotify) dkg_image_free);

  for (guint i = 0; i < training->n_images; i++)
    {
      DkgImage *k = dkg_keygen_generate (net, training->images[i], width, height, error);
      if (k == NULL)
        return NULL;
      g_ptr_array_add (keys, k);
    }
  return g_steal_pointer (&keys);
}

/**
 * dkg_imitation_attack_run:
 * @victim: the victim's DeepKeyGen generator
 * @training: the attackers' seeds (also the seeds of the compared keys), size and length
 * @n_blocks: (array length=n_attackers): residual blocks of each attacker (the paper: 3, 6, 9, 12)
 * @n_attackers: how many attackers, ≥ 1
 * @key_size: the compared keys are @key_size × @key_size × 3
 * @step: (nullable): told about each training before it starts
 * @user_data: data for @step
 * @error: return location for a #GError
 *
 * The imitation-learning attack of paper §III-E: an attacker who knows the transformation
 * domain trains generators of each block count on the seeds; each attacker's keys are
 * compared with the victim's keys from the same seeds (dkg_attack_imitation_evaluate():
 * byte and bit match, NPCR/UACI with their critical values).
 *
 * Returns: (transfer full): the attackers' results, or %NULL with the error of a training,
 *   a key generation or the comparison
 */
DkgImitationAttack *
dkg_imitation_attack_run (DkgNet *victim, const DkgImitationTraining *training,
                          const int *n_blocks, guint n_attackers, guint key_size,
                          DkgImitationStepFunc step, gpointer user_data, GError **error)
{
  g_autoptr(DkgImitationAttack) attack = NULL;
  g_autoptr(GPtrArray) victim_keys = NULL;

  g_return_val_if_fail (victim != NULL && training != NULL && n_blocks != NULL, NULL);
  g_return_val_if_fail (n_attackers >= 1 && key_size >= 1, NULL);
  if (!training_check (training, error)
      || (victim_keys = keys_for_seeds (victim, training, key_size, key_size, error)) == NULL)
    return NULL;
  attack = g_new0 (DkgImitationAttack, 1);
  attack->n_blocks = g_memdup2 (n_blocks, n_attackers * sizeof (int));
  attack->results = g_new0 (DkgAttackImitation *, n_attackers);
  attack->n_attackers = n_attackers;
  for (guint b = 0; b < n_attackers; b++)
    {
      g_autoptr(DkgNet) atk = NULL;
      g_autoptr(GPtrArray) keys = NULL;

      announce (step, user_data, "Training an imitation attacker (%d blocks, %d×%d, %"
                G_GUINT64_FORMAT " iterations)…", n_blocks[b], training->size, training->size,
                training->iterations);
      if ((atk = dkg_imitation_train (training, n_blocks[b], NULL, NULL, error)) == NULL
          || (keys = keys_for_seeds (atk, training, key_size, key_size, error)) == NULL)
        return NULL;
      attack->results[b] = dkg_attack_imitation_evaluate ((const DkgImage *const *) victim_keys->pdata,
                                                          (const DkgImage *const *) keys->pdata,
                                                          keys->len, error);
      if (attack->results[b] == NULL)
        return NULL;
    }
  return g_steal_pointer (&attack);
}

/**
 * dkg_imitation_attack_free:
 * @attack: (nullable): a result of dkg_imitation_attack_run()
 */
void
dkg_imitation_attack_free (DkgImitationAttack *attack)
{
  if (attack == NULL)
    return;
  for (guint i = 0; i < attack->n_attackers; i++)
    dkg_attack_imitation_free (attack->results[i]);
  g_free (attack->results);
  g_free (attack->n_blocks);
  g_free (attack);
}

/**
 * dkg_imitation_mutual_run:
 * @training: the models' seeds, size and length; each model gets its own randomness (seed
 *   @training->seed + k when @training->seeded, else the CSPRNG)
 * @n_models: K, ≥ 2
 * @n_blocks: residual blocks of every model
 * @plain: the plaintext; every model's key comes from it as seed, sized for it
 *   (dkg_keygen_size_for() with dkg_keystream_size_for())
 * @step: (nullable): told about each training before it starts
 * @user_data: data for @step
 * @error: return location for a #GError
 *
 * The one-time-pad experiment: K models trained alike, differing only in their randomness;
 * the xor ciphertext made with model i's key is decrypted with model j's key
 * (dkg_attack_mutual_decryption()). Each model's keys should decrypt only its own ciphertexts.
 *
 * Returns: (transfer full): the K × K matrix, or %NULL with the error of a training, a key
 *   generation or the decryptions
 */
DkgAttackMutualDecryption *
dkg_imitation_mutual_run (const DkgImitationTraining *training, guint n_models, int n_blocks,
                          const DkgImage *plain, DkgImitationStepFunc step, gpointer user_data,
                          GError **error)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func ((GDestroyNotify) dkg_image_free);
  guint kw = 0, kh = 0;

  g_return_val_if_fail (training != NULL && plain != NULL && n_models >= 2 && n_blocks >= 1, NULL);
  if (!training_check (training, error))
    return NULL;
  for (guint k = 0; k < n_models; k++)
    {
      DkgImitationTraining tk = *training;
      g_autoptr(DkgNet) net = NULL;
      DkgImage *key;

      tk.seed = training->seed + k;
      announce (step, user_data, "Training model %u of %u for the one-time-pad matrix (%d blocks, "
                "%d×%d, %" G_GUINT64_FORMAT " iterations)…", k + 1, n_models, n_blocks,
                training->size, training->size, training->iterations);
      if ((net = dkg_imitation_train (&tk, n_blocks, NULL, NULL, error)) == NULL)
        return NULL;
      if (k == 0)
        dkg_pipeline_key_size (net, plain, DKG_CONTAINER_SCHEME_XOR, &kw, &kh);
      if ((key = dkg_keygen_generate (net, plain, kw, kh, error)) == NULL)
        return NULL;
      g_ptr_array_add (keys, key);
    }
  return dkg_attack_mutual_decryption ((const DkgImage *const *) keys->pdata, n_models, plain,
                                       DKG_CONTAINER_SCHEME_XOR, 5, error);
}
