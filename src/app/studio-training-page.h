/* studio-training-page.h — the Training page: data, hyperparameters, live curves and key
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "studio-plot-view.h"
#include "studio-trainer.h"

G_BEGIN_DECLS

#define STUDIO_TYPE_TRAINING_PAGE (studio_training_page_get_type ())

G_DECLARE_FINAL_TYPE (StudioTrainingPage, studio_training_page, STUDIO, TRAINING_PAGE, GtkWidget)

/** STUDIO_TRAINING_N_CURVES: the losses, the discriminator/critic and the key quality */
#define STUDIO_TRAINING_N_CURVES 3

/**
 * StudioTrainingState:
 * @STUDIO_TRAINING_IDLE: no run, or the last one reached its end: Start
 * @STUDIO_TRAINING_RUNNING: Pause, Stop
 * @STUDIO_TRAINING_PAUSED: Resume, Stop
 * @STUDIO_TRAINING_STOPPED: stopped with a checkpoint: Resume, Start Over
 */
typedef enum
{
  STUDIO_TRAINING_IDLE,
  STUDIO_TRAINING_RUNNING,
  STUDIO_TRAINING_PAUSED,
  STUDIO_TRAINING_STOPPED,
} StudioTrainingState;

void            studio_training_page_set_source_folder (StudioTrainingPage  *self,
                                                        const char          *path);
void            studio_training_page_set_domain_folder (StudioTrainingPage  *self,
                                                        const char          *path);
void            studio_training_page_start             (StudioTrainingPage  *self);
void            studio_training_page_stop              (StudioTrainingPage  *self);
void            studio_training_page_resume            (StudioTrainingPage  *self);
void            studio_training_page_resume_from       (StudioTrainingPage  *self,
                                                        const char          *checkpoint);
gboolean        studio_training_page_get_running       (StudioTrainingPage  *self);
void            studio_training_page_set_paused        (StudioTrainingPage  *self,
                                                        gboolean             paused);
StudioTrainingState studio_training_page_get_state     (StudioTrainingPage  *self);
const char     *studio_training_page_get_hint          (StudioTrainingPage  *self);
guint64         studio_training_page_get_iteration     (StudioTrainingPage  *self);
StudioTrainer  *studio_training_page_get_trainer       (StudioTrainingPage  *self);
StudioPlotView *studio_training_page_get_curves        (StudioTrainingPage  *self,
                                                        guint                index);
gboolean        studio_training_page_open_metrics      (StudioTrainingPage  *self,
                                                        const char          *path,
                                                        GError             **error);
gboolean        studio_training_page_save_model        (StudioTrainingPage  *self,
                                                        const char          *path,
                                                        GError             **error);
void            studio_training_page_render_figure     (StudioTrainingPage  *self,
                                                        cairo_t             *cr,
                                                        double               width,
                                                        double               height);

G_END_DECLS
