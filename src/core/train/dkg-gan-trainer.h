/* dkg-gan-trainer.h — DeepKeyGen GAN and WGAN-GP training (DESIGN.md §4)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "models/dkg-net.h"
#include "train/dkg-dataset.h"

G_BEGIN_DECLS

/**
 * DkgObjective:
 * @DKG_OBJECTIVE_GAN: DeepKeyGen (§4.1): BCE-with-logits, non-saturating generator loss,
 *   resnet generator vs patchgan discriminator
 * @DKG_OBJECTIVE_WGAN_GP: WGAN-GP (§4.2): critic loss with gradient penalty, n_critic critic
 *   steps per generator step, encdec (or resnet) generator vs wgan-critic
 */
typedef enum
{
  DKG_OBJECTIVE_GAN,
  DKG_OBJECTIVE_WGAN_GP,
} DkgObjective;

/**
 * DkgTrainConfig:
 * @objective: GAN or WGAN-GP
 * @generator: %DKG_ARCH_RESNET or %DKG_ARCH_ENCDEC
 * @n_blocks: residual blocks of a resnet generator
 * @size: training crop size S in pixels (a multiple of the generator's
 *   dkg_net_size_multiple(), at least 16)
 * @batch: batch size, ≥ 1
 * @lr_g: generator learning rate
 * @lr_d: discriminator / critic learning rate
 * @beta1: Adam β₁
 * @beta2: Adam β₂
 * @n_critic: critic steps per generator step (WGAN-GP)
 * @lambda_gp: gradient penalty weight λ (WGAN-GP)
 * @seeded: %TRUE: all randomness from @seed; %FALSE: from the OS CSPRNG
 * @seed: the seed when @seeded
 */
typedef struct
{
  DkgObjective objective;
  DkgArch      generator;
  int          n_blocks;
  int          size;
  int          batch;
  float        lr_g;
  float        lr_d;
  float        beta1;
  float        beta2;
  int          n_critic;
  float        lambda_gp;
  gboolean     seeded;
  guint64      seed;
} DkgTrainConfig;

/**
 * DkgTrainProgress:
 * @iteration: iterations completed (generator steps)
 * @total: iterations the run goes to
 * @loss_g: generator loss
 * @loss_d: discriminator (GAN) or critic (WGAN-GP, with λ·GP) loss
 * @d_real: GAN: mean σ(D(y)); WGAN-GP: mean D(y)
 * @d_fake: GAN: mean σ(D(G(x))); WGAN-GP: mean D(G(x))
 * @d_accuracy: GAN: fraction of the discriminator's logits on the right side of 0; NaN for
 *   WGAN-GP
 * @wasserstein: WGAN-GP: mean D(y) − mean D(G(x)); NaN for GAN
 * @gp: WGAN-GP: the gradient penalty (without λ); NaN for GAN
 * @its_per_sec: iterations per second since this run started
 * @eta_s: seconds to @total at that rate
 * @elapsed_s: seconds of training so far, over all resumed runs
 *
 * The values of the last iteration: logged to the metrics CSV and given to the progress
 * callback.
 */
typedef struct
{
  guint64 iteration;
  guint64 total;
  double  loss_g;
  double  loss_d;
  double  d_real;
  double  d_fake;
  double  d_accuracy;
  double  wasserstein;
  double  gp;
  double  its_per_sec;
  double  eta_s;
  double  elapsed_s;
} DkgTrainProgress;

typedef void (*DkgTrainProgressFunc) (const DkgTrainProgress *progress,
                                      gpointer                user_data);

typedef struct _DkgTrainer DkgTrainer;

void                  dkg_train_config_init           (DkgTrainConfig        *config,
                                                       DkgObjective           objective);
const char           *dkg_objective_to_string         (DkgObjective           objective);
gboolean              dkg_objective_from_string       (const char            *name,
                                                       DkgObjective          *objective);
DkgTrainer           *dkg_trainer_new                 (const DkgTrainConfig  *config,
                                                       DkgDataset            *source,
                                                       DkgDataset            *domain,
                                                       GError               **error);
DkgTrainer           *dkg_trainer_new_from_checkpoint (const char            *path,
                                                       DkgDataset            *source,
                                                       DkgDataset            *domain,
                                                       GError               **error);
gboolean              dkg_checkpoint_peek_config      (const char            *path,
                                                       DkgTrainConfig        *config,
                                                       char                 **source_dir,
                                                       char                 **domain_dir,
                                                       GError               **error);
void                  dkg_trainer_free                (DkgTrainer            *trainer);
void                  dkg_trainer_set_dataset_dirs    (DkgTrainer            *trainer,
                                                       const char            *source_dir,
                                                       const char            *domain_dir);
void                  dkg_trainer_set_checkpoint      (DkgTrainer            *trainer,
                                                       const char            *path,
                                                       guint                  every);
gboolean              dkg_trainer_set_metrics_path    (DkgTrainer            *trainer,
                                                       const char            *path,
                                                       GError               **error);
gboolean              dkg_trainer_step                (DkgTrainer            *trainer,
                                                       GError               **error);
gboolean              dkg_trainer_run                 (DkgTrainer            *trainer,
                                                       guint64                total,
                                                       DkgTrainProgressFunc   progress,
                                                       gpointer               user_data,
                                                       GCancellable          *cancellable,
                                                       GError               **error);
void                  dkg_trainer_set_paused          (DkgTrainer            *trainer,
                                                       gboolean               paused);
gboolean              dkg_trainer_save_checkpoint     (DkgTrainer            *trainer,
                                                       const char            *path,
                                                       GError               **error);
gboolean              dkg_trainer_export_generator    (DkgTrainer            *trainer,
                                                       const char            *path,
                                                       GError               **error);
guint64               dkg_trainer_get_iteration       (const DkgTrainer      *trainer);
const DkgTrainConfig *dkg_trainer_get_config          (const DkgTrainer      *trainer);
const DkgTrainProgress *dkg_trainer_get_progress      (const DkgTrainer      *trainer);
DkgNet               *dkg_trainer_get_generator       (DkgTrainer            *trainer);
DkgNet               *dkg_trainer_get_discriminator   (DkgTrainer            *trainer);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DkgTrainer, dkg_trainer_free)

G_END_DECLS
