/* dkg-gan-trainer-private.h — what the trainer's files share (dkg-gan-trainer.c: settings and
 * the training steps; dkg-gan-trainer-checkpoint.c: checkpoints and export)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <stdio.h>

#include "dkg-gan-trainer.h"
#include "dkg-gradient-penalty.h"

G_BEGIN_DECLS

struct _DkgTrainer
{
  DkgTrainConfig      config;
  DkgNet             *g;
  DkgNet             *d;
  DkgDataset         *source;
  DkgDataset         *domain;
  DkgRand            *rand;
  DkgGradientPenalty *gp;
  guint64             iteration;
  double              elapsed_before;   /* seconds of earlier runs (from the checkpoint) */
  DkgTrainProgress    last;
  char               *source_dir;
  char               *domain_dir;
  /* buffers, (batch, 3, S, S) */
  float              *x, *y, *xhat, *fake, *dlogits;
  gsize               dlogits_n;
  /* outputs */
  char               *checkpoint_path;
  guint               checkpoint_every;
  FILE               *metrics;
  /* key quality and the best generator by key entropy */
  guint               key_every;
  DkgKeyQualityFunc   key_func;
  gpointer            key_data;
  char               *best_path;
  DkgKeyQuality       best;
  /* GAN: history of generated images, pool_n of config.pool_size, (3, S, S) each */
  float              *pool;
  int                 pool_n;
  /* pause */
  GMutex              lock;
  GCond               cond;
  gboolean            paused;
};

gboolean    _dkg_trainer_check_config   (const DkgTrainConfig  *c,
                                         GError               **error);
gboolean    _dkg_trainer_check_datasets (const DkgTrainConfig  *config,
                                         DkgDataset            *source,
                                         DkgDataset            *domain,
                                         GError               **error);
DkgTrainer *_dkg_trainer_alloc          (const DkgTrainConfig  *config,
                                         DkgDataset            *source,
                                         DkgDataset            *domain);

G_END_DECLS
