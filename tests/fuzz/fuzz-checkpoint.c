/* fuzz-checkpoint.c — the training checkpoint reader
 * (docs/SPECIFICATION.md §4.4), through a scratch file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * dkg_checkpoint_peek_config(), then — for settings small enough to run quickly (size ≤ 64,
 * batch ≤ 2, ≤ 2 residual blocks) — dkg_trainer_new_from_checkpoint() with matching random
 * datasets and, when that succeeds (and WGAN-GP has n_critic ≤ 5), one training step. Peek and restore must agree on the
 * settings; the step either succeeds or reports divergence (a checkpoint may hold anything
 * finite), never crashes.
 */
#include "dkg-error.h"
#include "dkg-rand.h"
#include "fuzz-common.h"
#include "dkg-dataset.h"
#include "dkg-gan-trainer.h"

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  fuzz_init ();
  return 0;
}

static DkgDataset *
random_dataset (int size, guint channels, guint64 seed)
{
  g_autoptr(DkgRand) r = dkg_rand_new_seeded (seed);
  g_autoptr(DkgImage) im = dkg_image_new ((guint) size, (guint) size, channels, 8, FALSE, NULL);

  g_assert_nonnull (im);
  for (gsize i = 0; i < dkg_image_n_bytes (im); i++)
    im->data[i] = (guint8) (dkg_rand_double (r) * 256);
  return dkg_dataset_new_from_images (&im, 1, size, "fuzz");
}

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DkgTrainer) t = NULL;
  g_autofree char *source_dir = NULL;
  g_autofree char *domain_dir = NULL;
  const char *path = fuzz_write_scratch (data, size, ".ckpt");
  DkgTrainConfig c;

  if (!dkg_checkpoint_peek_config (path, &c, &source_dir, &domain_dir, &error))
    {
      fuzz_check_error (error);
      g_assert_nonnull (error);
      return 0;
    }
  g_assert_no_error (error);
  if (c.size > 64 || c.batch > 2 || (c.generator == DKG_ARCH_RESNET && c.n_blocks > 2))
    return 0;
  t = dkg_trainer_new_from_checkpoint (path, random_dataset (c.size, 1, 1),
                                       random_dataset (c.size, 3, 2), &error);
  fuzz_check_error (error);
  if (t == NULL)
    return 0;
  g_assert_cmpint (dkg_trainer_get_config (t)->size, ==, c.size);
  g_assert_cmpint (dkg_trainer_get_config (t)->batch, ==, c.batch);
  if (c.objective == DKG_OBJECTIVE_WGAN_GP && c.n_critic > 5)
    return 0;
  if (!dkg_trainer_step (t, &error))
    g_assert_error (error, DKG_ERROR, DKG_ERROR_DIVERGED);
  return 0;
}
