/* studio-training-page.c — the Training page: data, hyperparameters, live curves and key
 *
 * The hyperparameters are bound to GSettings. Start builds a StudioTrainRequest and runs it
 * through StudioTrainer (a GTask, studio-trainer.c); each progress batch adds its points to
 * the curves (every logged quantity of docs/SPECIFICATION.md §4.1/§4.2) and updates the progress
 * bar with it/s and ETA. Stop leaves a checkpoint that Resume continues; Save Model writes the
 * generator of the last run.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "dkg-histogram.h"
#include "studio-data.h"
#include "studio-export.h"
#include "studio-image-view.h"
#include "studio-training-page.h"
#include "dkg-metrics.h"

struct _StudioTrainingPage
{
  GtkWidget        parent_instance;

  /* Template widgets */
  AdwFlap         *flap;
  AdwActionRow    *source_row;
  AdwComboRow     *domain_row;
  AdwActionRow    *domain_folder_row;
  AdwComboRow     *arch_row;
  GtkAdjustment   *size_adjustment;
  GtkAdjustment   *batch_adjustment;
  GtkAdjustment   *iterations_adjustment;
  GtkAdjustment   *lr_adjustment;
  GtkAdjustment   *n_critic_adjustment;
  GtkAdjustment   *lambda_adjustment;
  GtkAdjustment   *seed_adjustment;
  GtkAdjustment   *preview_adjustment;
  GtkSpinButton   *n_critic_spin;
  GtkSpinButton   *lambda_spin;
  GtkButton       *start_button;
  GtkButton       *restart_button;
  GtkToggleButton *clip_button;
  GtkLabel        *hint_label;
  GtkProgressBar  *progress_bar;
  GtkBox          *curves_box;
  StudioImageView *preview_view;
  GtkLabel        *preview_label;
  StudioPlotView  *preview_histogram;

  /* Borrowed (children of curves_box) */
  StudioPlotView  *curves[STUDIO_TRAINING_N_CURVES];

  /* Owned */
  GSettings       *settings;
  StudioTrainer   *trainer;
  StudioViewport  *preview_viewport;
  GCancellable    *cancellable;
  char            *source_dir;
  char            *domain_dir;
  char            *checkpoint;
  DkgObjective     objective;
  guint64          iteration;
  guint64          total;
  guint64          key_iteration;   /* the last key-quality measure plotted */
  gboolean         updating;
  gboolean         stopped;         /* the last run was stopped before its end: Resume */
};

enum
{
  ERROR,
  TOAST,
  MODEL_SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (StudioTrainingPage, studio_training_page, GTK_TYPE_WIDGET)

/**
 * studio_training_page_get_state:
 *
 * One state machine behind the primary button: Start (idle) → Pause (running) → Resume
 * (paused) → Pause …; Stop ends a running or paused run with a checkpoint, and the primary
 * button then resumes it (Start Over begins anew). A run that reaches its end is idle again.
 *
 * Returns: the page's training state
 */
StudioTrainingState
studio_training_page_get_state (StudioTrainingPage *self)
{
  g_return_val_if_fail (STUDIO_IS_TRAINING_PAGE (self), STUDIO_TRAINING_IDLE);
  if (studio_trainer_get_running (self->trainer))
    return studio_trainer_get_paused (self->trainer) ? STUDIO_TRAINING_PAUSED
                                                      : STUDIO_TRAINING_RUNNING;
  if (self->stopped && self->checkpoint != NULL
      && g_file_test (self->checkpoint, G_FILE_TEST_EXISTS))
    return STUDIO_TRAINING_STOPPED;
  return STUDIO_TRAINING_IDLE;
}

/** studio_training_page_get_hint: Returns: (transfer none): why Start is disabled, or "" */
const char *
studio_training_page_get_hint (StudioTrainingPage *self)
{
  g_return_val_if_fail (STUDIO_IS_TRAINING_PAGE (self), NULL);
  return gtk_label_get_label (self->hint_label);
}

static void
update_actions (StudioTrainingPage *self)
{
  GtkWidget *w = GTK_WIDGET (self);
  StudioTrainingState state = studio_training_page_get_state (self);
  gboolean running = state == STUDIO_TRAINING_RUNNING || state == STUDIO_TRAINING_PAUSED;
  gboolean can_start = self->source_dir != NULL;
  const char *hint = "";

  switch (state)
    {
    case STUDIO_TRAINING_IDLE:
      gtk_button_set_label (self->start_button, _("_Start"));
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->start_button),
                                   can_start ? _("Train a new generator with these settings")
                                   : _("Choose a folder of source images first (Data, on the "
                                       "left)"));
      if (!can_start)
        hint = _("Start needs training images: choose a folder of source images under Data.");
      break;
    case STUDIO_TRAINING_RUNNING:
      gtk_button_set_label (self->start_button, _("_Pause"));
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->start_button),
                                   _("Hold the run after this iteration"));
      break;
    case STUDIO_TRAINING_PAUSED:
      gtk_button_set_label (self->start_button, _("_Resume"));
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->start_button),
                                   _("Go on with the paused run"));
      break;
    case STUDIO_TRAINING_STOPPED:
      gtk_button_set_label (self->start_button, _("_Resume"));
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->start_button),
                                   _("Continue the stopped run from its checkpoint"));
      break;
    default:
      g_assert_not_reached ();
    }
  gtk_label_set_label (self->hint_label, hint);
  gtk_widget_set_visible (GTK_WIDGET (self->hint_label), hint[0] != '\0');
  gtk_widget_set_visible (GTK_WIDGET (self->restart_button), state == STUDIO_TRAINING_STOPPED);
  gtk_widget_action_set_enabled (w, "training.primary",
                                 state != STUDIO_TRAINING_IDLE || can_start);
  gtk_widget_action_set_enabled (w, "training.start", !running && can_start);
  gtk_widget_action_set_enabled (w, "training.stop", running);
  gtk_widget_action_set_enabled (w, "training.resume", state == STUDIO_TRAINING_STOPPED);
  gtk_widget_action_set_enabled (w, "training.resume-from", !running);
  gtk_widget_action_set_enabled (w, "training.open-metrics", !running);
  gtk_widget_action_set_enabled (w, "training.save-model",
                                 !running && studio_trainer_get_trainer (self->trainer) != NULL);
  gtk_widget_action_set_enabled (w, "training.choose-source", !running);
  gtk_widget_action_set_enabled (w, "training.choose-domain", !running);
}

static void
update_arch_rows (StudioTrainingPage *self)
{
  gboolean wgan = adw_combo_row_get_selected (self->arch_row) == 1;

  gtk_widget_set_sensitive (GTK_WIDGET (self->n_critic_spin), wgan);
  gtk_widget_set_sensitive (GTK_WIDGET (self->lambda_spin), wgan);
}

static void
on_arch_changed_cb (AdwComboRow *row, GParamSpec *pspec, StudioTrainingPage *self)
{
  DkgTrainConfig c;

  update_arch_rows (self);
  if (self->updating)
    return;
  /* A new architecture starts from its paper's learning rate (§4.1: 2e-4; §4.2: 1e-4). */
  dkg_train_config_init (&c, adw_combo_row_get_selected (row) == 1 ? DKG_OBJECTIVE_WGAN_GP
                                                                   : DKG_OBJECTIVE_GAN);
  gtk_adjustment_set_value (self->lr_adjustment, c.lr_g);
}

static void
on_domain_changed_cb (AdwComboRow *row, GParamSpec *pspec, StudioTrainingPage *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->domain_folder_row),
                          adw_combo_row_get_selected (row) == 1);
}

static void
set_curves (StudioTrainingPage *self, DkgObjective objective)
{
  static const char *gan_losses[] = { "loss_G", "loss_D", NULL };
  const char *gan_d[] = { "D(real)", "D(fake)", _("D accuracy"), NULL };
  static const char *wgan_losses[] = { "loss_G", "loss_critic", NULL };
  static const char *wgan_d[] = { "Wasserstein", "GP", "D(real)", "D(fake)", NULL };

  self->objective = objective;
  studio_plot_view_set_curves (self->curves[0],
                               objective == DKG_OBJECTIVE_GAN ? gan_losses : wgan_losses);
  studio_plot_view_set_curves (self->curves[1], objective == DKG_OBJECTIVE_GAN ? gan_d : wgan_d);
  studio_plot_view_set_title (self->curves[1], objective == DKG_OBJECTIVE_GAN
                                               ? _("Discriminator") : _("Critic"));
  {
    /* Both measures as a percentage of what a uniformly random key of the probe's size has
     * (entropy: its expected value; std: 73.9), so one axis serves both and 100 % is the
     * reference line */
    const char *quality[] = {
      /* xgettext:no-c-format */
      _("Entropy (% of ideal)"),
      /* xgettext:no-c-format */
      _("Std (% of 73.9)"),
      _("Ideal"),
      NULL
    };

    studio_plot_view_set_curves (self->curves[2], quality);
    studio_plot_view_set_title (self->curves[2], _("Key Quality"));
    self->key_iteration = 0;
  }
}

static void
set_status (StudioTrainingPage *self, const DkgTrainProgress *p)
{
  g_autofree char *eta = studio_data_format_duration (p->eta_s);
  g_autofree char *text = NULL;

  self->iteration = p->iteration;
  self->total = p->total;
  if (studio_trainer_get_paused (self->trainer))
    text = g_strdup_printf (_("Iteration %llu of %llu · paused"),
                            (unsigned long long) p->iteration, (unsigned long long) p->total);
  else
    text = g_strdup_printf (_("Iteration %llu of %llu · %.2f it/s · ETA %s"),
                            (unsigned long long) p->iteration, (unsigned long long) p->total,
                            p->its_per_sec, eta);
  gtk_progress_bar_set_text (self->progress_bar, text);
  gtk_progress_bar_set_fraction (self->progress_bar,
                                 p->total > 0 ? (double) p->iteration / p->total : 0);
}

/* Standard deviation of uniformly random bytes: √((256² − 1)/12) */
#define UNIFORM_STD 73.9004

static void
update_key_caption (StudioTrainingPage *self, const DkgKeyQuality *k)
{
  g_autofree char *text = NULL;
  g_autofree char *p = studio_data_format_p (k->chi2_p);

  /* Translators: the key-quality measures of the probe key, with their ideal values */
  text = g_strdup_printf (_("Probe key at iteration %llu: entropy %.4f bits (ideal %.4f), "
                            "std %.1f (uniform 73.9), χ² %s, NPCR %.2f %% (random 99.61 %%)"),
                          (unsigned long long) k->iteration, k->entropy, k->entropy_ideal,
                          k->std, p, k->npcr);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->curves[2]), text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->curves[2]),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);
}

static void
on_progress_cb (StudioTrainer *trainer, GArray *batch, StudioTrainingPage *self)
{
  for (guint i = 0; i < batch->len; i++)
    {
      const DkgTrainProgress *p = &g_array_index (batch, DkgTrainProgress, i);
      double x = (double) p->iteration;

      studio_plot_view_append (self->curves[0], 0, x, p->loss_g);
      studio_plot_view_append (self->curves[0], 1, x, p->loss_d);
      if (self->objective == DKG_OBJECTIVE_GAN)
        {
          studio_plot_view_append (self->curves[1], 0, x, p->d_real);
          studio_plot_view_append (self->curves[1], 1, x, p->d_fake);
          studio_plot_view_append (self->curves[1], 2, x, p->d_accuracy);
        }
      else
        {
          studio_plot_view_append (self->curves[1], 0, x, p->wasserstein);
          studio_plot_view_append (self->curves[1], 1, x, p->gp);
          studio_plot_view_append (self->curves[1], 2, x, p->d_real);
          studio_plot_view_append (self->curves[1], 3, x, p->d_fake);
        }
      if (p->key.iteration != 0 && p->key.iteration != self->key_iteration
          && p->key.entropy_ideal > 0)
        {
          double kx = (double) p->key.iteration;

          self->key_iteration = p->key.iteration;
          studio_plot_view_append (self->curves[2], 0, kx,
                                   100 * p->key.entropy / p->key.entropy_ideal);
          studio_plot_view_append (self->curves[2], 1, kx, 100 * p->key.std / UNIFORM_STD);
          studio_plot_view_append (self->curves[2], 2, kx, 100);
          update_key_caption (self, &p->key);
        }
    }
  if (batch->len > 0)
    set_status (self, &g_array_index (batch, DkgTrainProgress, batch->len - 1));
}

static void
on_preview_cb (StudioTrainer *trainer, StudioImage *key, guint64 iteration,
               StudioTrainingPage *self)
{
  g_autofree char *text = NULL;

  studio_image_view_set_image (self->preview_view, key);
  studio_viewport_set_reference (self->preview_viewport, studio_image_get_image (key)->width,
                                 studio_image_get_image (key)->height);
  text = g_strdup_printf (_("Key from the generator at iteration %llu"),
                          (unsigned long long) iteration);
  gtk_label_set_label (self->preview_label, text);
  {
    g_autoptr(DkgHistogram) h = dkg_histogram_compute_image (studio_image_get_image (key));

    if (h != NULL)
      studio_plot_view_set_histogram (self->preview_histogram, h, TRUE);
  }
}

static void
on_running_changed_cb (StudioTrainer *trainer, GParamSpec *pspec, StudioTrainingPage *self)
{
  update_actions (self);
}

static void
on_trained_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(StudioTrainingPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *msg = NULL;
  gboolean ok = studio_trainer_run_finish (STUDIO_TRAINER (source), result, &error);

  g_clear_object (&self->cancellable);
  self->stopped = !ok && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  update_actions (self);
  if (ok)
    {
      msg = g_strdup_printf (_("Training finished after %llu iterations"),
                             (unsigned long long) self->iteration);
      gtk_progress_bar_set_fraction (self->progress_bar, 1.0);
      g_signal_emit (self, signals[TOAST], 0, msg);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      msg = g_strdup_printf (_("Stopped at iteration %llu; Resume continues from the "
                               "checkpoint"), (unsigned long long) self->iteration);
      gtk_progress_bar_set_text (self->progress_bar, msg);
      g_signal_emit (self, signals[TOAST], 0, msg);
    }
  else
    {
      msg = g_strdup_printf (_("Training stopped at iteration %llu: %s"),
                             (unsigned long long) self->iteration, error->message);
      gtk_progress_bar_set_text (self->progress_bar, _("Failed"));
      g_signal_emit (self, signals[ERROR], 0, _("Training Failed"), msg);
    }
}

static char *
new_checkpoint_path (StudioTrainingPage *self, DkgObjective objective)
{
  g_autofree char *folder = g_settings_get_string (self->settings, "output-folder");
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *name = g_strdup_printf ("%s-%s.ckpt", dkg_objective_to_string (objective),
                                           stamp);

  if (folder[0] != '\0')
    return g_build_filename (folder, name, NULL);
  return g_build_filename (g_get_user_data_dir (), "deepkeygen", "training", name, NULL);
}

static void
run (StudioTrainingPage *self, const char *resume_from)
{
  StudioTrainRequest req = { 0 };
  DkgObjective objective = adw_combo_row_get_selected (self->arch_row) == 1
                           ? DKG_OBJECTIVE_WGAN_GP : DKG_OBJECTIVE_GAN;
  guint seed = (guint) gtk_adjustment_get_value (self->seed_adjustment);

  dkg_train_config_init (&req.config, objective);
  req.config.size = (int) gtk_adjustment_get_value (self->size_adjustment) / 16 * 16;
  req.config.batch = (int) gtk_adjustment_get_value (self->batch_adjustment);
  req.config.lr_g = req.config.lr_d = (float) gtk_adjustment_get_value (self->lr_adjustment);
  req.config.n_critic = (int) gtk_adjustment_get_value (self->n_critic_adjustment);
  req.config.lambda_gp = (float) gtk_adjustment_get_value (self->lambda_adjustment);
  req.config.seeded = seed != 0;
  req.config.seed = seed;
  req.resume_from = resume_from;
  req.source_dir = self->source_dir;
  req.domain_dir = adw_combo_row_get_selected (self->domain_row) == 1 ? self->domain_dir : NULL;
  req.total = (guint64) gtk_adjustment_get_value (self->iterations_adjustment);
  req.checkpoint_path = self->checkpoint;
  req.checkpoint_every = 100;
  req.preview_every = (guint) gtk_adjustment_get_value (self->preview_adjustment);
  req.preview_size = MIN (64, req.config.size);
  /* Key quality with every key preview (64 × 64: two generator passes), so the chart grows
   * as the preview changes; every 100 iterations without previews */
  req.key_quality_every = req.preview_every > 0 ? req.preview_every : 100;

  if (req.source_dir == NULL && resume_from == NULL)
    {
      g_signal_emit (self, signals[ERROR], 0, _("Cannot Start Training"),
                     _("Choose the folder of source images first"));
      return;
    }
  if (adw_combo_row_get_selected (self->domain_row) == 1 && self->domain_dir == NULL
      && resume_from == NULL)
    {
      g_signal_emit (self, signals[ERROR], 0, _("Cannot Start Training"),
                     _("Choose the folder of transformation-domain images, or use the "
                       "generated chaotic domain"));
      return;
    }
  self->cancellable = g_cancellable_new ();
  self->stopped = FALSE;
  gtk_progress_bar_set_text (self->progress_bar, _("Preparing the data…"));
  studio_trainer_run_async (self->trainer, &req, self->cancellable, on_trained_cb,
                            g_object_ref (self));
}

/** studio_training_page_start: a new run with the page's settings. */
void
studio_training_page_start (StudioTrainingPage *self)
{
  DkgObjective objective;

  g_return_if_fail (STUDIO_IS_TRAINING_PAGE (self));
  if (studio_trainer_get_running (self->trainer))
    return;
  objective = adw_combo_row_get_selected (self->arch_row) == 1 ? DKG_OBJECTIVE_WGAN_GP
                                                               : DKG_OBJECTIVE_GAN;
  g_free (self->checkpoint);
  self->checkpoint = new_checkpoint_path (self, objective);
  set_curves (self, objective);
  self->iteration = 0;
  self->stopped = FALSE;
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  run (self, NULL);
}

/** studio_training_page_stop: ends the run after the current iteration, with a checkpoint. */
void
studio_training_page_stop (StudioTrainingPage *self)
{
  g_return_if_fail (STUDIO_IS_TRAINING_PAGE (self));
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

/**
 * studio_training_page_resume:
 *
 * Continues the last run from its checkpoint, up to the Iterations setting; the curves go on.
 */
void
studio_training_page_resume (StudioTrainingPage *self)
{
  g_autofree char *ckpt = NULL;

  g_return_if_fail (STUDIO_IS_TRAINING_PAGE (self));
  if (studio_trainer_get_running (self->trainer) || self->checkpoint == NULL)
    return;
  ckpt = g_strdup (self->checkpoint);
  run (self, ckpt);
}

/**
 * studio_training_page_resume_from:
 * @checkpoint: a checkpoint file written by this app or `deepkeygen train`
 *
 * Shows the checkpoint's settings and continues it (its own data folders unless others are
 * chosen).
 */
void
studio_training_page_resume_from (StudioTrainingPage *self, const char *checkpoint)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *src = NULL;
  g_autofree char *dom = NULL;
  DkgTrainConfig c;

  g_return_if_fail (STUDIO_IS_TRAINING_PAGE (self));
  if (studio_trainer_get_running (self->trainer))
    return;
  if (!dkg_checkpoint_peek_config (checkpoint, &c, &src, &dom, &error))
    {
      g_signal_emit (self, signals[ERROR], 0, _("Could Not Resume"), error->message);
      return;
    }
  self->updating = TRUE;
  adw_combo_row_set_selected (self->arch_row, c.objective == DKG_OBJECTIVE_WGAN_GP ? 1 : 0);
  gtk_adjustment_set_value (self->size_adjustment, c.size);
  gtk_adjustment_set_value (self->batch_adjustment, c.batch);
  gtk_adjustment_set_value (self->lr_adjustment, c.lr_g);
  gtk_adjustment_set_value (self->n_critic_adjustment, c.n_critic);
  gtk_adjustment_set_value (self->lambda_adjustment, c.lambda_gp);
  self->updating = FALSE;
  if (src != NULL)
    studio_training_page_set_source_folder (self, src);
  if (dom != NULL && !g_str_equal (dom, "chaotic"))
    {
      studio_training_page_set_domain_folder (self, dom);
      adw_combo_row_set_selected (self->domain_row, 1);
    }
  else
    adw_combo_row_set_selected (self->domain_row, 0);
  g_free (self->checkpoint);
  self->checkpoint = g_strdup (checkpoint);
  set_curves (self, c.objective);
  run (self, checkpoint);
}

/**
 * studio_training_page_set_source_folder:
 * @path: folder of seed images
 */
void
studio_training_page_set_source_folder (StudioTrainingPage *self, const char *path)
{
  g_return_if_fail (STUDIO_IS_TRAINING_PAGE (self));
  g_free (self->source_dir);
  self->source_dir = g_strdup (path);
  adw_action_row_set_subtitle (self->source_row, path);
  update_actions (self);
}

/**
 * studio_training_page_set_domain_folder:
 * @path: (nullable): folder of domain images; %NULL: the generated chaotic domain
 */
void
studio_training_page_set_domain_folder (StudioTrainingPage *self, const char *path)
{
  g_return_if_fail (STUDIO_IS_TRAINING_PAGE (self));
  g_free (self->domain_dir);
  self->domain_dir = g_strdup (path);
  adw_combo_row_set_selected (self->domain_row, path != NULL ? 1 : 0);
  adw_action_row_set_subtitle (self->domain_folder_row, path != NULL ? path : "");
}

gboolean
studio_training_page_get_running (StudioTrainingPage *self)
{
  g_return_val_if_fail (STUDIO_IS_TRAINING_PAGE (self), FALSE);
  return studio_trainer_get_running (self->trainer);
}

/** studio_training_page_get_iteration: Returns: the last iteration reported */
guint64
studio_training_page_get_iteration (StudioTrainingPage *self)
{
  g_return_val_if_fail (STUDIO_IS_TRAINING_PAGE (self), 0);
  return self->iteration;
}

/** studio_training_page_get_trainer: Returns: (transfer none): the page's trainer */
StudioTrainer *
studio_training_page_get_trainer (StudioTrainingPage *self)
{
  g_return_val_if_fail (STUDIO_IS_TRAINING_PAGE (self), NULL);
  return self->trainer;
}

/**
 * studio_training_page_open_metrics:
 * @self: the page, not training
 * @path: a metrics CSV of `deepkeygen train` or tools/pytorch/train.py (dkg_metrics_load())
 * @error: return location for a #GError
 *
 * Shows the curves of a run trained elsewhere (a GPU machine, the command line): the GAN's or,
 * when the file has Wasserstein values, the WGAN-GP's plots, every row of the file, and the
 * key quality of the rows that measured it (relative to the default 256×256 probe's ideal).
 *
 * Returns: %FALSE with the reader's error (naming the file), or %G_IO_ERROR_BUSY while training
 */
gboolean
studio_training_page_open_metrics (StudioTrainingPage *self, const char *path, GError **error)
{
  static const char *const gan[2][4] = { { "loss_g", "loss_d", NULL },
                                         { "d_real", "d_fake", "d_accuracy", NULL } };
  static const char *const wgan[2][5] = { { "loss_g", "loss_d", NULL },
                                          { "wasserstein", "gp", "d_real", "d_fake", NULL } };
  /* The CSV does not say the probe's size: the ideal entropy of the default 256×256×3 probe
   * key (docs/SPECIFICATION.md §6.1), 0.001 bits from 8. */
  const double ideal = 8.0 - 255.0 / (2.0 * 196608 * G_LN2);
  const double *ke, *ks;
  g_autoptr(DkgMetrics) m = NULL;
  g_autofree char *name = NULL;
  g_autofree char *text = NULL;
  DkgObjective objective;
  const double *x;
  guint n;

  g_return_val_if_fail (STUDIO_IS_TRAINING_PAGE (self), FALSE);

  if (studio_trainer_get_running (self->trainer))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_BUSY, _("Stop the training first."));
      return FALSE;
    }
  m = dkg_metrics_load (path, error);
  if (m == NULL)
    return FALSE;
  objective = dkg_metrics_has_values (m, "wasserstein") ? DKG_OBJECTIVE_WGAN_GP
                                                         : DKG_OBJECTIVE_GAN;
  set_curves (self, objective);
  x = dkg_metrics_get_iterations (m);
  n = dkg_metrics_get_n_rows (m);
  for (guint p = 0; p < 2; p++)
    {
      const char *const *cols = objective == DKG_OBJECTIVE_GAN ? gan[p] : wgan[p];

      for (guint s = 0; cols[s] != NULL; s++)
        {
          const double *y = dkg_metrics_get_column (m, cols[s]);

          for (guint i = 0; i < n; i++)
            studio_plot_view_append (self->curves[p], s, x[i], y != NULL ? y[i] : NAN);
        }
    }
  /* Key quality: the rows that measured it, as on_progress_cb() draws them. */
  ke = dkg_metrics_get_column (m, "key_entropy");
  ks = dkg_metrics_get_column (m, "key_std");
  for (guint i = 0; ke != NULL && ks != NULL && i < n; i++)
    if (isfinite (ke[i]))
      {
        studio_plot_view_append (self->curves[2], 0, x[i], 100 * ke[i] / ideal);
        studio_plot_view_append (self->curves[2], 1, x[i], 100 * ks[i] / UNIFORM_STD);
        studio_plot_view_append (self->curves[2], 2, x[i], 100);
      }
  name = g_path_get_basename (path);
  text = g_strdup_printf (_("%s: %u iterations"), name, n);
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_progress_bar_set_text (self->progress_bar, text);
  return TRUE;
}

/** studio_training_page_get_curves: Returns: (transfer none): 0 losses, 1 discriminator */
StudioPlotView *
studio_training_page_get_curves (StudioTrainingPage *self, guint index)
{
  g_return_val_if_fail (STUDIO_IS_TRAINING_PAGE (self), NULL);
  g_return_val_if_fail (index < STUDIO_TRAINING_N_CURVES, NULL);
  return self->curves[index];
}

/**
 * studio_training_page_save_model:
 * @path: the .safetensors file to write
 *
 * Writes the generator of the last run and announces it (#StudioTrainingPage::model-saved).
 */
gboolean
studio_training_page_save_model (StudioTrainingPage *self, const char *path, GError **error)
{
  g_return_val_if_fail (STUDIO_IS_TRAINING_PAGE (self), FALSE);
  if (!studio_trainer_export (self->trainer, path, error))
    return FALSE;
  g_signal_emit (self, signals[MODEL_SAVED], 0, path);
  return TRUE;
}

/** studio_training_page_render_figure: the curve plots, one above the other. */
void
studio_training_page_render_figure (StudioTrainingPage *self, cairo_t *cr, double width,
                                    double height)
{
  for (guint i = 0; i < STUDIO_TRAINING_N_CURVES; i++)
    {
      cairo_save (cr);
      cairo_translate (cr, 0, i * height / STUDIO_TRAINING_N_CURVES);
      studio_plot_view_render (self->curves[i], cr, width, height / STUDIO_TRAINING_N_CURVES,
                               FALSE);
      cairo_restore (cr);
    }
}

static void
on_source_chosen_cb (GFile *file, gpointer user_data)
{
  g_autofree char *path = g_file_get_path (file);

  if (path != NULL)
    studio_training_page_set_source_folder (STUDIO_TRAINING_PAGE (user_data), path);
}

static void
on_domain_chosen_cb (GFile *file, gpointer user_data)
{
  g_autofree char *path = g_file_get_path (file);

  if (path != NULL)
    studio_training_page_set_domain_folder (STUDIO_TRAINING_PAGE (user_data), path);
}

static void
on_checkpoint_chosen_cb (GFile *file, gpointer user_data)
{
  g_autofree char *path = g_file_get_path (file);

  if (path != NULL)
    studio_training_page_resume_from (STUDIO_TRAINING_PAGE (user_data), path);
}

static void
on_metrics_chosen_cb (GFile *file, gpointer user_data)
{
  StudioTrainingPage *self = user_data;
  g_autofree char *path = g_file_get_path (file);
  g_autoptr(GError) error = NULL;

  if (path != NULL && !studio_training_page_open_metrics (self, path, &error))
    g_signal_emit (self, signals[ERROR], 0, _("Could Not Open the Metrics"), error->message);
}

static void
on_model_path_chosen_cb (GFile *file, gpointer user_data)
{
  StudioTrainingPage *self = user_data;
  g_autofree char *path = g_file_get_path (file);
  g_autoptr(GError) error = NULL;

  if (path == NULL)
    return;
  if (!studio_training_page_save_model (self, path, &error))
    g_signal_emit (self, signals[ERROR], 0, _("Could Not Save the Model"), error->message);
}

static void
action_cb (GtkWidget *widget, const char *action_name, GVariant *param)
{
  StudioTrainingPage *self = STUDIO_TRAINING_PAGE (widget);

  if (g_str_equal (action_name, "training.primary"))
    switch (studio_training_page_get_state (self))
      {
      case STUDIO_TRAINING_IDLE:
        studio_training_page_start (self);
        break;
      case STUDIO_TRAINING_RUNNING:
        studio_training_page_set_paused (self, TRUE);
        break;
      case STUDIO_TRAINING_PAUSED:
        studio_training_page_set_paused (self, FALSE);
        break;
      case STUDIO_TRAINING_STOPPED:
        studio_training_page_resume (self);
        break;
      default:
        g_assert_not_reached ();
      }
  else if (g_str_equal (action_name, "training.start"))
    studio_training_page_start (self);
  else if (g_str_equal (action_name, "training.stop"))
    studio_training_page_stop (self);
  else if (g_str_equal (action_name, "training.resume"))
    studio_training_page_resume (self);
  else if (g_str_equal (action_name, "training.choose-source"))
    studio_export_choose_open (widget, _("Folder of Source Images"), NULL, TRUE,
                               on_source_chosen_cb, g_object_ref (self), g_object_unref);
  else if (g_str_equal (action_name, "training.choose-domain"))
    studio_export_choose_open (widget, _("Folder of Transformation-Domain Images"), NULL, TRUE,
                               on_domain_chosen_cb, g_object_ref (self), g_object_unref);
  else if (g_str_equal (action_name, "training.resume-from"))
    {
      g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

      gtk_file_filter_set_name (filter, _("Training checkpoints"));
      gtk_file_filter_add_pattern (filter, "*.ckpt");
      studio_export_choose_open (widget, _("Resume from a Checkpoint"), filter, FALSE,
                                 on_checkpoint_chosen_cb, g_object_ref (self), g_object_unref);
    }
  else if (g_str_equal (action_name, "training.open-metrics"))
    {
      g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

      gtk_file_filter_set_name (filter, _("Metrics files (CSV)"));
      gtk_file_filter_add_pattern (filter, "*.csv");
      studio_export_choose_open (widget, _("Open Metrics"), filter, FALSE, on_metrics_chosen_cb,
                                 g_object_ref (self), g_object_unref);
    }
  else if (g_str_equal (action_name, "training.save-model"))
    {
      /* The user's model folder: models saved there are in the model menu next time too. */
      g_autofree char *models = studio_data_user_models_dir ();

      g_mkdir_with_parents (models, 0755);
      studio_export_choose_save (widget, _("Save the Generator"), models, "my-model.safetensors",
                                 FALSE, on_model_path_chosen_cb, g_object_ref (self),
                                 g_object_unref);
    }
}

/**
 * studio_training_page_set_paused:
 * @paused: hold (%TRUE) or go on with (%FALSE) the running training
 */
void
studio_training_page_set_paused (StudioTrainingPage *self, gboolean paused)
{
  g_return_if_fail (STUDIO_IS_TRAINING_PAGE (self));
  if (!studio_trainer_get_running (self->trainer))
    return;
  studio_trainer_set_paused (self->trainer, paused);
  if (paused)
    gtk_progress_bar_set_text (self->progress_bar, _("Paused"));
  update_actions (self);
}

static void
on_clip_toggled_cb (GtkToggleButton *button, StudioTrainingPage *self)
{
  for (guint i = 0; i < STUDIO_TRAINING_N_CURVES; i++)
    studio_plot_view_set_clip_outliers (self->curves[i], gtk_toggle_button_get_active (button));
}

static gboolean
get_arch (GValue *value, GVariant *variant, gpointer user_data)
{
  g_value_set_uint (value, g_str_equal (g_variant_get_string (variant, NULL), "wgan-gp") ? 1 : 0);
  return TRUE;
}

static GVariant *
set_arch (const GValue *value, const GVariantType *type, gpointer user_data)
{
  return g_variant_new_string (g_value_get_uint (value) == 1 ? "wgan-gp" : "deepkeygen");
}

static void
studio_training_page_dispose (GObject *object)
{
  StudioTrainingPage *self = STUDIO_TRAINING_PAGE (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  if (self->trainer != NULL)
    g_signal_handlers_disconnect_by_data (self->trainer, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), STUDIO_TYPE_TRAINING_PAGE);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->trainer);
  g_clear_object (&self->settings);
  g_clear_object (&self->preview_viewport);
  g_clear_pointer (&self->source_dir, g_free);
  g_clear_pointer (&self->domain_dir, g_free);
  g_clear_pointer (&self->checkpoint, g_free);
  G_OBJECT_CLASS (studio_training_page_parent_class)->dispose (object);
}

static void
studio_training_page_class_init (StudioTrainingPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = studio_training_page_dispose;

  /** StudioTrainingPage::error: @heading: what failed; @message: why */
  signals[ERROR] = g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                 NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
  /** StudioTrainingPage::toast: @message: a short notice */
  signals[TOAST] = g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                 NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /** StudioTrainingPage::model-saved: @path: the model file written */
  signals[MODEL_SAVED] = g_signal_new ("model-saved", G_TYPE_FROM_CLASS (klass),
                                       G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                       G_TYPE_STRING);

  g_type_ensure (STUDIO_TYPE_IMAGE_VIEW);
  g_type_ensure (STUDIO_TYPE_PLOT_VIEW);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/deepkeygen/"
                                               "Studio/ui/studio-training-page.ui");
  gtk_widget_class_bind_template_child (widget_class, StudioTrainingPage, flap);
  gtk_widget_class_bind_template_child (widget_class, StudioTrainingPage, source_row);
  gtk_widget_class_bind_template_child (widget_class, StudioTrainingPage, domain_row);
  gtk_widget_class_bind_template_child (widget_class, StudioTrainingPage, domain_folder_row);
  gtk_widget_class_bind_template_child (widget_class, StudioTrainingPage, arch_row);
  gtk_widget_class_bind_template_child (widget_class, StudioTrainingPage, size_adjustment);
  gtk_widget_class_bind_template_child (widget_class, StudioTrainingPage, batch_adjustment);
  gtk_widget_class_bind_template_child (widget_class, StudioTrainingPage, iterations_adjustment);
  gtk_widget_class_bind_template_child (widget_class, StudioTrainingPage, lr_adjustment);
  gtk_widget_class_bind_template_child (widget_class, StudioTrainingPage, n_critic_adjustment);
  gtk_widget_class_bind_template_child (widget_class, StudioTrainingPage, lambda_adjustment);
  gtk_widget_class_bind_template_child (widget_class, StudioTrainingPage, seed_adjustment);
  gtk_widget_class_bind_template_child (widget_class, StudioTrainingPage, preview_adjustment);
  gtk_widget_class_bind_template_child (widget_class, StudioTrainingPage, n_critic_spin);
  gtk_widget_class_bind_template_child (widget_class, StudioTrainingPage, lambda_spin);
  gtk_widget_class_bind_template_child (widget_class, StudioTrainingPage, start_button);
  gtk_widget_class_bind_template_child (widget_class, StudioTrainingPage, restart_button);
  gtk_widget_class_bind_template_child (widget_class, StudioTrainingPage, clip_button);
  gtk_widget_class_bind_template_child (widget_class, StudioTrainingPage, hint_label);
  gtk_widget_class_bind_template_child (widget_class, StudioTrainingPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, StudioTrainingPage, curves_box);
  gtk_widget_class_bind_template_child (widget_class, StudioTrainingPage, preview_view);
  gtk_widget_class_bind_template_child (widget_class, StudioTrainingPage, preview_label);
  gtk_widget_class_bind_template_child (widget_class, StudioTrainingPage, preview_histogram);

  gtk_widget_class_install_action (widget_class, "training.primary", NULL, action_cb);
  gtk_widget_class_install_action (widget_class, "training.start", NULL, action_cb);
  gtk_widget_class_install_action (widget_class, "training.stop", NULL, action_cb);
  gtk_widget_class_install_action (widget_class, "training.resume", NULL, action_cb);
  gtk_widget_class_install_action (widget_class, "training.resume-from", NULL, action_cb);
  gtk_widget_class_install_action (widget_class, "training.open-metrics", NULL, action_cb);
  gtk_widget_class_install_action (widget_class, "training.save-model", NULL, action_cb);
  gtk_widget_class_install_action (widget_class, "training.choose-source", NULL, action_cb);
  gtk_widget_class_install_action (widget_class, "training.choose-domain", NULL, action_cb);
}

static void
studio_training_page_init (StudioTrainingPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->settings = g_settings_new ("io.github.deepkeygen.Studio");
  self->trainer = studio_trainer_new ();
  self->preview_viewport = studio_viewport_new ();
  studio_image_view_set_viewport (self->preview_view, self->preview_viewport);
  studio_image_view_set_placeholder (self->preview_view, _("No key yet"));
  studio_plot_view_set_title (self->preview_histogram, _("Preview Key Histogram"));

  for (guint i = 0; i < STUDIO_TRAINING_N_CURVES; i++)
    {
      GtkWidget *plot = studio_plot_view_new ();

      gtk_box_append (self->curves_box, plot);
      self->curves[i] = STUDIO_PLOT_VIEW (plot);
    }
  studio_plot_view_set_title (self->curves[0], _("Losses"));
  studio_plot_view_set_export_name (self->curves[0], "training-losses.png");
  studio_plot_view_set_export_name (self->curves[1], "training-discriminator.png");
  studio_plot_view_set_export_name (self->curves[2], "training-key-quality.png");
  studio_plot_view_set_export_name (self->preview_histogram, "training-preview-key-histogram.png");
  set_curves (self, DKG_OBJECTIVE_GAN);

  self->updating = TRUE;
  g_settings_bind_with_mapping (self->settings, "training-architecture", self->arch_row,
                                "selected", G_SETTINGS_BIND_DEFAULT, get_arch, set_arch, NULL,
                                NULL);
  g_settings_bind (self->settings, "training-size", self->size_adjustment, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "training-batch", self->batch_adjustment, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "training-iterations", self->iterations_adjustment, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "training-learning-rate", self->lr_adjustment, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "training-n-critic", self->n_critic_adjustment, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "training-lambda-gp", self->lambda_adjustment, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "training-seed", self->seed_adjustment, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "training-preview-every", self->preview_adjustment, "value",
                   G_SETTINGS_BIND_DEFAULT);
  self->updating = FALSE;

  g_signal_connect (self->arch_row, "notify::selected", G_CALLBACK (on_arch_changed_cb), self);
  g_signal_connect (self->domain_row, "notify::selected", G_CALLBACK (on_domain_changed_cb),
                    self);
  g_signal_connect (self->clip_button, "toggled", G_CALLBACK (on_clip_toggled_cb), self);
  g_signal_connect (self->trainer, "notify::paused", G_CALLBACK (on_running_changed_cb), self);
  g_signal_connect (self->trainer, "progress", G_CALLBACK (on_progress_cb), self);
  g_signal_connect (self->trainer, "preview", G_CALLBACK (on_preview_cb), self);
  g_signal_connect (self->trainer, "notify::running", G_CALLBACK (on_running_changed_cb), self);
  update_arch_rows (self);
  update_actions (self);
}
