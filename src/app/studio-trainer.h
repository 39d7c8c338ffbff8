/* studio-trainer.h — GAN training in a GTask, progress back on the main loop
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "dkg-gan-trainer.h"

G_BEGIN_DECLS

#define STUDIO_TYPE_TRAINER (studio_trainer_get_type ())

G_DECLARE_FINAL_TYPE (StudioTrainer, studio_trainer, STUDIO, TRAINER, GObject)

/**
 * StudioTrainRequest:
 * @config: hyperparameters of a new run (ignored when @resume_from is set)
 * @resume_from: (nullable): a checkpoint to continue
 * @source_dir: (nullable): folder of seed images; with @resume_from, %NULL means the
 *   checkpoint's own
 * @domain_dir: (nullable): folder of transformation-domain images; %NULL: the chaotic domain
 *   made from the seeds (docs/SPECIFICATION.md §4.3), or with @resume_from the checkpoint's own
 * @total: train until this many iterations
 * @checkpoint_path: where to write checkpoints
 * @checkpoint_every: iterations between checkpoints (0: only at the end and on Stop)
 * @preview_every: iterations between key previews (0: none)
 * @preview_size: side of the preview key (a multiple of 16)
 * @key_quality_every: iterations between key-quality measures on the probe seed (0: none);
 *   they arrive in #DkgTrainProgress.key
 */
typedef struct
{
  DkgTrainConfig  config;
  const char     *resume_from;
  const char     *source_dir;
  const char     *domain_dir;
  guint64         total;
  const char     *checkpoint_path;
  guint           checkpoint_every;
  guint           preview_every;
  guint           preview_size;
  guint           key_quality_every;
} StudioTrainRequest;

StudioTrainer *studio_trainer_new             (void);
void           studio_trainer_run_async       (StudioTrainer             *self,
                                               const StudioTrainRequest  *request,
                                               GCancellable              *cancellable,
                                               GAsyncReadyCallback        callback,
                                               gpointer                   user_data);
gboolean       studio_trainer_run_finish      (StudioTrainer             *self,
                                               GAsyncResult              *result,
                                               GError                   **error);
gboolean       studio_trainer_get_running     (StudioTrainer             *self);
void           studio_trainer_set_paused      (StudioTrainer             *self,
                                               gboolean                   paused);
gboolean       studio_trainer_get_paused      (StudioTrainer             *self);
DkgTrainer    *studio_trainer_get_trainer     (StudioTrainer             *self);
const char    *studio_trainer_get_checkpoint  (StudioTrainer             *self);
gboolean       studio_trainer_export          (StudioTrainer             *self,
                                               const char                *path,
                                               GError                   **error);

G_END_DECLS
