/* dkg-imitation.h — the imitation-learning attack and the one-time-pad experiment: GANs trained
 * in-process at reduced size and length (docs/SPECIFICATION.md §6.9, paper §III-E)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "dkg-attacks.h"
#include "dkg-image.h"
#include "dkg-net.h"

G_BEGIN_DECLS

/**
 * DkgImitationTraining:
 * @images: (array length=n_images): the training seeds X (any size, channels and depth);
 *   their chaotic domain (dkg-domain.h) is the transformation domain Y
 * @n_images: how many, ≥ 1
 * @size: the crop size S of the training (32…4096, a multiple of 4: dkg_trainer_new())
 * @iterations: generator iterations, ≥ 1
 * @seeded: draw the training's randomness from @seed (reproducible) instead of the CSPRNG
 * @seed: the seed when @seeded
 *
 * How the small DeepKeyGen GANs of the attack experiments are trained: the paper's objective
 * and optimiser (dkg_train_config_init() with %DKG_OBJECTIVE_GAN), only smaller and shorter.
 */
typedef struct
{
  DkgImage *const *images;
  guint            n_images;
  int              size;
  guint64          iterations;
  gboolean         seeded;
  guint64          seed;
} DkgImitationTraining;

/**
 * DkgImitationStepFunc:
 * @what: the step about to start, in English, e.g. "Training an imitation attacker (3 blocks,
 *   64×64, 300 iterations)…"
 * @user_data: the data given with the function
 *
 * Announces each training before it starts (they take seconds to minutes each).
 */
typedef void (*DkgImitationStepFunc) (const char *what,
                                      gpointer    user_data);

/**
 * DkgImitationAttack:
 * @n_attackers: how many attack generators were trained
 * @n_blocks: (array length=n_attackers): each attacker's residual blocks
 * @results: *Owned*: (array length=n_attackers): each attacker's keys against the victim's
 *
 * The imitation-learning attack of paper §III-E (Table XVI's networks A–D).
 */
typedef struct
{
  guint                n_attackers;
  int                 *n_blocks;
  DkgAttackImitation **results;
} DkgImitationAttack;

DkgNet                    *dkg_imitation_train         (const DkgImitationTraining *training,
                                                        int                         n_blocks,
                                                        DkgImitationStepFunc        step,
                                                        gpointer                    user_data,
                                                        GError                    **error);
DkgImitationAttack        *dkg_imitation_attack_run    (DkgNet                     *victim,
                                                        const DkgImitationTraining *training,
                                                        const int                  *n_blocks,
                                                        guint                       n_attackers,
                                                        guint                       key_size,
                                                        DkgImitationStepFunc        step,
                                                        gpointer                    user_data,
                                                        GError                    **error);
void                       dkg_imitation_attack_free   (DkgImitationAttack         *attack);
DkgAttackMutualDecryption *dkg_imitation_mutual_run    (const DkgImitationTraining *training,
                                                        guint                       n_models,
                                                        int                         n_blocks,
                                                        const DkgImage             *plain,
                                                        DkgImitationStepFunc        step,
                                                        gpointer                    user_data,
                                                        GError                    **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DkgImitationAttack, dkg_imitation_attack_free)

G_END_DECLS
