/* studio-trainer.c — GAN training in a GTask, progress back on the main loop
 *
 * STYLE.md §4.7: the worker builds the datasets and the DkgTrainer, runs dkg_trainer_run() and
 * hands the trainer back to the main thread when it returns, so the UI never touches weights
 * that are training. The progress callback (worker thread, every iteration) appends the
 * iteration's values to a pending batch and, at most every 50 ms, schedules one dispatch on
 * the main context with g_main_context_invoke_full(); the dispatch takes the whole batch, so
 * the curves get every point while the main loop gets at most about 20 wake-ups a second
 * (the status line and the preview show the latest values). Every N iterations the worker
 * copies the generator's weights into a second net (dkg_net_copy_weights) and generates a small
 * key from it for the live preview. Pause goes through dkg_trainer_set_paused(), which is
 * thread-safe; Stop cancels, and the core then writes a checkpoint that Resume continues.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "dkg-data.h"
#include "dkg-key-quality.h"
#include "dkg-keygen.h"
#include "studio-data.h"
#include "studio-image.h"
#include "studio-trainer.h"
#include "dkg-domain.h"

#define DISPATCH_INTERVAL_US (50 * G_TIME_SPAN_MILLISECOND)

struct _StudioTrainer
{
  GObject       parent_instance;

  /* Owned, main thread */
  DkgTrainer   *trainer;          /* back from the worker; NULL while it runs */
  char         *checkpoint_path;
  gboolean      running;

  /* Shared with the worker, under lock */
  GMutex        lock;
  DkgTrainer   *running_trainer;  /* borrowed while the worker runs it */
  gboolean      paused;
  GArray       *pending;          /* element-type DkgTrainProgress */
  DkgImage     *pending_preview;
  guint64       pending_preview_iteration;
  gboolean      scheduled;
  gint64        last_dispatch;
  GMainContext *context;
};

typedef struct
{
  StudioTrainRequest  request;    /* strings owned below */
  char               *resume_from;
  char               *source_dir;
  char               *domain_dir;
  char               *checkpoint_path;
  /* worker state */
  DkgTrainer         *trainer;
  DkgNet             *preview_net;
  DkgImage           *preview_seed;
  DkgKeyProbe        *probe;        /* key quality on a fixed probe seed, or NULL */
} TrainJob;

enum
{
  PROGRESS,
  PREVIEW,
  N_SIGNALS
};

enum
{
  PROP_0,
  PROP_RUNNING,
  PROP_PAUSED,
  N_PROPS
};

static guint signals[N_SIGNALS];
static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (StudioTrainer, studio_trainer, G_TYPE_OBJECT)

static void
train_job_free (TrainJob *job)
{
  g_free (job->resume_from);
  g_free (job->source_dir);
  g_free (job->domain_dir);
  g_free (job->checkpoint_path);
  g_clear_pointer (&job->trainer, dkg_trainer_free);
  g_clear_pointer (&job->probe, dkg_key_probe_free);
  g_clear_pointer (&job->preview_net, dkg_net_free);
  g_clear_pointer (&job->preview_seed, dkg_image_free);
  g_free (job);
}

/* Main thread: hands the pending batch and preview to the signal handlers. */
static gboolean
dispatch_progress (gpointer data)
{
  StudioTrainer *self = data;
  g_autoptr(GArray) batch = NULL;
  g_autoptr(DkgImage) preview = NULL;
  guint64 preview_iteration;

  g_mutex_lock (&self->lock);
  batch = self->pending;
  self->pending = g_array_new (FALSE, FALSE, sizeof (DkgTrainProgress));
  preview = g_steal_pointer (&self->pending_preview);
  preview_iteration = self->pending_preview_iteration;
  self->scheduled = FALSE;
  self->last_dispatch = g_get_monotonic_time ();
  g_mutex_unlock (&self->lock);

  if (batch->len > 0)
    g_signal_emit (self, signals[PROGRESS], 0, batch);
  if (preview != NULL)
    {
      g_autofree char *name = g_strdup_printf (_("key at iteration %llu"),
                                               (unsigned long long) preview_iteration);
      g_autoptr(StudioImage) image = studio_image_new (g_steal_pointer (&preview), name);

      g_signal_emit (self, signals[PREVIEW], 0, image, preview_iteration);
    }
  return G_SOURCE_REMOVE;
}

/* Worker thread, after every iteration. */
static void
on_progress (const DkgTrainProgress *p, gpointer user_data)
{
  GTask *task = user_data;
  StudioTrainer *self = g_task_get_source_object (task);
  TrainJob *job = g_task_get_task_data (task);
  DkgImage *preview = NULL;
  gint64 now = g_get_monotonic_time ();
  gboolean schedule;

  if (job->request.preview_every > 0 && job->preview_net != NULL
      && (p->iteration % job->request.preview_every == 0 || p->iteration == p->total))
    {
      /* A copy of the generator at this moment; the training net is never shared. */
      dkg_net_copy_weights (job->preview_net, dkg_trainer_get_generator (job->trainer));
      preview = dkg_keygen_generate (job->preview_net, job->preview_seed,
                                     job->request.preview_size, job->request.preview_size, NULL);
    }

  g_mutex_lock (&self->lock);
  g_array_append_val (self->pending, *p);
  if (preview != NULL)
    {
      g_clear_pointer (&self->pending_preview, dkg_image_free);
      self->pending_preview = preview;
      self->pending_preview_iteration = p->iteration;
    }
  schedule = !self->scheduled && now - self->last_dispatch >= DISPATCH_INTERVAL_US;
  if (schedule)
    self->scheduled = TRUE;
  g_mutex_unlock (&self->lock);

  if (schedule)
    g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, dispatch_progress,
                                g_object_ref (self), g_object_unref);
}

static gboolean
make_datasets (TrainJob *job, int size, DkgDataset **source, DkgDataset **domain,
               GError **error)
{
  gboolean chaotic = job->domain_dir == NULL || g_str_equal (job->domain_dir, "chaotic");

  return dkg_dataset_new_pair (job->source_dir, chaotic ? NULL : job->domain_dir, size, source,
                               domain, &job->preview_seed, error);
}

static void
train_worker (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  StudioTrainer *self = source;
  TrainJob *job = task_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  DkgDataset *src_ds = NULL, *dom_ds = NULL;
  DkgTrainConfig config = job->request.config;
  const DkgTrainConfig *c;
  gboolean ok;

  studio_data_background_thread ();

  if (job->resume_from != NULL)
    {
      g_autofree char *ck_source = NULL;
      g_autofree char *ck_domain = NULL;

      if (!dkg_checkpoint_peek_config (job->resume_from, &config, &ck_source, &ck_domain,
                                       &error))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      if (job->source_dir == NULL)
        job->source_dir = g_steal_pointer (&ck_source);
      if (job->domain_dir == NULL)
        job->domain_dir = g_steal_pointer (&ck_domain);
      if (job->source_dir == NULL)
        {
          g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                                   _("The checkpoint “%s” does not say where its images are: "
                                     "choose the source folder"), job->resume_from);
          return;
        }
    }
  if (!make_datasets (job, config.size, &src_ds, &dom_ds, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  job->trainer = job->resume_from != NULL
                 ? dkg_trainer_new_from_checkpoint (job->resume_from, src_ds, dom_ds, &error)
                 : dkg_trainer_new (&config, src_ds, dom_ds, &error);
  if (job->trainer == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  dkg_trainer_set_dataset_dirs (job->trainer, job->source_dir,
                                job->domain_dir != NULL ? job->domain_dir : "chaotic");
  dir = g_path_get_dirname (job->checkpoint_path);
  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      int saved = errno;

      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved),
                               _("Could not create the folder “%s”: %s"), dir,
                               g_strerror (saved));
      return;
    }
  dkg_trainer_set_checkpoint (job->trainer, job->checkpoint_path, job->request.checkpoint_every);
  c = dkg_trainer_get_config (job->trainer);
  /* Key quality (entropy, std, χ², NPCR) of the generator's key for a seed it never trains
   * on, the shipped brain slice, as the CLI's `train` measures it. */
  if (job->request.key_quality_every > 0)
    {
      g_autofree char *probe_path =
        dkg_data_find ("data/samples/colin27_ch2_axial_z090_8bit.png");
      g_autoptr(DkgImage) probe_seed = probe_path != NULL
                                       ? dkg_image_load (probe_path, NULL, NULL) : NULL;

      if (probe_seed != NULL)
        {
          job->probe = dkg_key_probe_new (probe_seed, job->request.preview_size,
                                          job->request.preview_size);
          dkg_trainer_set_key_quality (job->trainer, job->request.key_quality_every,
                                       dkg_key_probe_evaluate, job->probe);
        }
    }
  if (job->request.preview_every > 0)
    job->preview_net = dkg_net_new (c->generator, c->n_blocks);

  g_mutex_lock (&self->lock);
  self->running_trainer = job->trainer;
  dkg_trainer_set_paused (job->trainer, self->paused);
  g_mutex_unlock (&self->lock);

  ok = dkg_trainer_run (job->trainer, job->request.total, on_progress, task, cancellable, &error);

  g_mutex_lock (&self->lock);
  self->running_trainer = NULL;
  g_mutex_unlock (&self->lock);
  if (!ok)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * studio_trainer_run_async:
 * @request: what to train
 * @cancellable: (nullable): Stop: the run ends after the current iteration with a checkpoint
 *
 * Trains in a worker thread. #StudioTrainer::progress and #StudioTrainer::preview are emitted
 * on the calling thread's main context while it runs.
 */
void
studio_trainer_run_async (StudioTrainer *self, const StudioTrainRequest *request,
                          GCancellable *cancellable, GAsyncReadyCallback callback,
                          gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  TrainJob *job;

  g_return_if_fail (STUDIO_IS_TRAINER (self));
  g_return_if_fail (!self->running);
  job = g_new0 (TrainJob, 1);
  job->request = *request;
  job->resume_from = g_strdup (request->resume_from);
  job->source_dir = g_strdup (request->source_dir);
  job->domain_dir = g_strdup (request->domain_dir);
  job->checkpoint_path = g_strdup (request->checkpoint_path);
  job->request.preview_size = MAX (16, request->preview_size / 16 * 16);
  g_clear_pointer (&self->trainer, dkg_trainer_free);
  g_free (self->checkpoint_path);
  self->checkpoint_path = g_strdup (request->checkpoint_path);
  g_clear_pointer (&self->context, g_main_context_unref);
  self->context = g_main_context_ref_thread_default ();
  self->running = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, studio_trainer_run_async);
  g_task_set_task_data (task, job, (GDestroyNotify) train_job_free);
  g_task_run_in_thread (task, train_worker);
}

/**
 * studio_trainer_run_finish:
 *
 * Delivers the last progress, takes the trainer back from the worker (for Save Model and
 * Resume) and reports how the run ended: %G_IO_ERROR_CANCELLED after Stop.
 *
 * Returns: %TRUE when the run reached its total
 */
gboolean
studio_trainer_run_finish (StudioTrainer *self, GAsyncResult *result, GError **error)
{
  TrainJob *job;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  job = g_task_get_task_data (G_TASK (result));
  dispatch_progress (self);
  g_clear_pointer (&self->trainer, dkg_trainer_free);
  self->trainer = g_steal_pointer (&job->trainer);
  /* the probe goes with the job */
  if (self->trainer != NULL)
    dkg_trainer_set_key_quality (self->trainer, 0, NULL, NULL);
  self->running = FALSE;
  self->paused = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSED]);
  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
studio_trainer_get_running (StudioTrainer *self)
{
  g_return_val_if_fail (STUDIO_IS_TRAINER (self), FALSE);
  return self->running;
}

/**
 * studio_trainer_set_paused:
 * @paused: %TRUE pauses at the next iteration boundary
 */
void
studio_trainer_set_paused (StudioTrainer *self, gboolean paused)
{
  g_return_if_fail (STUDIO_IS_TRAINER (self));
  g_mutex_lock (&self->lock);
  self->paused = paused;
  if (self->running_trainer != NULL)
    dkg_trainer_set_paused (self->running_trainer, paused);
  g_mutex_unlock (&self->lock);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSED]);
}

gboolean
studio_trainer_get_paused (StudioTrainer *self)
{
  g_return_val_if_fail (STUDIO_IS_TRAINER (self), FALSE);
  return self->paused;
}

/**
 * studio_trainer_get_trainer:
 *
 * Returns: (transfer none) (nullable): the trainer of the last finished run; %NULL while one
 *   runs
 */
DkgTrainer *
studio_trainer_get_trainer (StudioTrainer *self)
{
  g_return_val_if_fail (STUDIO_IS_TRAINER (self), NULL);
  return self->trainer;
}

/** studio_trainer_get_checkpoint: Returns: (transfer none) (nullable): the checkpoint file */
const char *
studio_trainer_get_checkpoint (StudioTrainer *self)
{
  g_return_val_if_fail (STUDIO_IS_TRAINER (self), NULL);
  return self->checkpoint_path;
}

/**
 * studio_trainer_export:
 * @path: the model file to write
 *
 * Writes the generator of the last finished run (dkg_trainer_export_generator()).
 */
gboolean
studio_trainer_export (StudioTrainer *self, const char *path, GError **error)
{
  g_return_val_if_fail (STUDIO_IS_TRAINER (self), FALSE);
  if (self->trainer == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           _("There is no trained model to save yet"));
      return FALSE;
    }
  return dkg_trainer_export_generator (self->trainer, path, error);
}

static void
studio_trainer_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  StudioTrainer *self = STUDIO_TRAINER (object);

  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;
    case PROP_PAUSED:
      g_value_set_boolean (value, self->paused);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
studio_trainer_finalize (GObject *object)
{
  StudioTrainer *self = STUDIO_TRAINER (object);

  g_clear_pointer (&self->trainer, dkg_trainer_free);
  g_clear_pointer (&self->pending, g_array_unref);
  g_clear_pointer (&self->pending_preview, dkg_image_free);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_free (self->checkpoint_path);
  g_mutex_clear (&self->lock);
  G_OBJECT_CLASS (studio_trainer_parent_class)->finalize (object);
}

static void
studio_trainer_class_init (StudioTrainerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = studio_trainer_finalize;
  object_class->get_property = studio_trainer_get_property;
  properties[PROP_RUNNING] = g_param_spec_boolean ("running", NULL, NULL, FALSE,
                                                   G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PAUSED] = g_param_spec_boolean ("paused", NULL, NULL, FALSE,
                                                  G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * StudioTrainer::progress:
   * @batch: (element-type DkgTrainProgress): every iteration since the last emission, in order
   */
  signals[PROGRESS] = g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                    NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
  /**
   * StudioTrainer::preview:
   * @key: a key from a copy of the generator
   * @iteration: the iteration the weights are from
   */
  signals[PREVIEW] = g_signal_new ("preview", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 2, STUDIO_TYPE_IMAGE,
                                   G_TYPE_UINT64);
}

static void
studio_trainer_init (StudioTrainer *self)
{
  g_mutex_init (&self->lock);
  self->pending = g_array_new (FALSE, FALSE, sizeof (DkgTrainProgress));
}

/** studio_trainer_new: Returns: (transfer full): an idle trainer */
StudioTrainer *
studio_trainer_new (void)
{
  return g_object_new (STUDIO_TYPE_TRAINER, NULL);
}
