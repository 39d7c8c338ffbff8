/* dkg-gan-trainer.h — DeepKeyGen GAN and WGAN-GP training (docs/SPECIFICATION.md §4)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "dkg-net.h"
#include "dkg-dataset.h"

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
 * DkgGanLoss:
 * @DKG_GAN_LOSS_BCE: BCE with logits, non-saturating generator loss (§4.1; the default)
 * @DKG_GAN_LOSS_LSGAN: least squares (Mao et al. 2017), as the DeepKeyGen authors' code:
 *   D loss ½[mean (D(y) − r)² + mean D(fake)²], G loss mean (D(G(x)) − r)², r the real label
 */
typedef enum
{
  DKG_GAN_LOSS_BCE,
  DKG_GAN_LOSS_LSGAN,
} DkgGanLoss;

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
 * @discriminator: GAN: %DKG_ARCH_PATCHGAN (default), or the study variants
 *   %DKG_ARCH_PATCHGAN_NOBIAS, %DKG_ARCH_PATCHGAN_NONORM; WGAN-GP: %DKG_ARCH_WGAN_CRITIC
 *   (default) or %DKG_ARCH_WGAN_CRITIC_DEEP
 * @gan_loss: GAN: BCE (default) or LSGAN
 * @real_label: GAN: the target for real images, 0.5…1 (default 1; the authors' code: 0.9)
 * @pool_size: GAN: 0 (default) or the size of the history of generated images the
 *   discriminator's fake inputs are drawn from (CycleGAN's image pool: 50), ≤ 200
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
  DkgArch      discriminator;
  DkgGanLoss   gan_loss;
  float        real_label;
  int          pool_size;
} DkgTrainConfig;

/**
 * DkgKeyQuality:
 * @iteration: the iteration it was measured at; 0 when never
 * @entropy: entropy of the probe key's bytes, bits per byte (docs/SPECIFICATION.md §6.1)
 * @entropy_ideal: what ideal random data of that many bytes has on average
 * @std: standard deviation of the key's bytes, grey levels (uniform: 73.90)
 * @chi2_p: p-value of the χ² test of the key's histogram against uniform (§6.2)
 * @npcr: NPCR in percent between the probe key and the key of the probe with one pixel
 *   changed by +1 (§6.6; random keys: 99.61)
 *
 * Key quality of the generator on a fixed probe seed, measured during training.
 */
typedef struct
{
  guint64 iteration;
  double  entropy;
  double  entropy_ideal;
  double  std;
  double  chi2_p;
  double  npcr;
} DkgKeyQuality;

/**
 * DkgKeyQualityFunc:
 * @generator: the generator at this iteration (do not train or free it)
 * @quality: (out caller-allocates): to fill, but for @quality->iteration
 * @user_data: the data given with the function
 * @error: return location for a #GError
 *
 * Measures key quality (dkg_key_probe_evaluate() is one). Called in the training thread.
 *
 * Returns: %FALSE with @error set to stop the training
 */
typedef gboolean (*DkgKeyQualityFunc) (DkgNet        *generator,
                                       DkgKeyQuality *quality,
                                       gpointer       user_data,
                                       GError       **error);

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
 * @key: the last key-quality evaluation (dkg_trainer_set_key_quality()); @key.iteration is 0
 *   before the first
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
  DkgKeyQuality key;
} DkgTrainProgress;

typedef void (*DkgTrainProgressFunc) (const DkgTrainProgress *progress,
                                      gpointer                user_data);

typedef struct _DkgTrainer DkgTrainer;

void                  dkg_train_config_init           (DkgTrainConfig        *config,
                                                       DkgObjective           objective);
const char           *dkg_gan_loss_to_string          (DkgGanLoss             loss);
gboolean              dkg_gan_loss_from_string        (const char            *name,
                                                       DkgGanLoss            *loss);
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
void                  dkg_trainer_set_key_quality     (DkgTrainer            *trainer,
                                                       guint                  every,
                                                       DkgKeyQualityFunc      func,
                                                       gpointer               user_data);
void                  dkg_trainer_set_keep_best       (DkgTrainer            *trainer,
                                                       const char            *path);
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
