/* studio-cipher-task.c — key generation, encryption and decryption off the main thread
 *
 * The core's pipeline (src/core/workflow/dkg-pipeline.c, as `deepkeygen demo` runs it) for one
 * image and one scheme: the key is sized for the Arnold cat map's N×N padding so that one key
 * serves every scheme, the container is encrypted, its pixels are read back for display, and
 * it is verified and decrypted; this file runs it in a worker thread, reports its stages and
 * wraps the images for the page. Each task loads its own generator:
 * dkg_keygen_generate_full() writes into the net's activation buffers, so a net is never
 * shared between threads. Key generation stops
 * at the task's cancellable between the network's layers, and reports its progress as part
 * of the "Generating the key…" stage. Tasks also return on cancellation at once
 * (g_task_set_return_on_cancel): the worker's last layer ends unseen.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "dkg-keygen.h"
#include "dkg-model-file.h"
#include "dkg-pipeline.h"
#include "studio-data.h"
#include "studio-cipher-task.h"

typedef struct
{
  StudioImage        *plain;
  StudioImage        *seed;
  char               *model_path;
  char               *plain_path;     /* the file @plain came from, or NULL */
  DkgContainerScheme  scheme;
  guint64             acm_iterations;
  guint               width;
  guint               height;
  StudioStageFunc     stage_func;
} CipherJob;

typedef struct
{
  GObject         *source;
  GCancellable    *cancellable;
  StudioStageFunc  func;
  char            *stage;
  double           fraction;
} StageMessage;

/* Key generation's progress inside the run's "Generating the key…" stage. */
typedef struct
{
  GTask           *task;
  StudioStageFunc  func;
  gint64           last;
} KeyProgress;

#define KEY_STAGE_START 0.05
#define KEY_STAGE_END   0.6

static void
cipher_job_free (CipherJob *job)
{
  g_clear_object (&job->plain);
  g_clear_object (&job->seed);
  g_free (job->model_path);
  g_free (job->plain_path);
  g_free (job);
}

/**
 * studio_cipher_result_free:
 */
void
studio_cipher_result_free (StudioCipherResult *result)
{
  if (result == NULL)
    return;
  g_clear_object (&result->key);
  g_clear_object (&result->cipher);
  g_clear_object (&result->decrypted);
  g_clear_pointer (&result->container, g_bytes_unref);
  g_clear_pointer (&result->info, dkg_container_info_free);
  g_free (result->model_path);
  g_free (result->seed_name);
  g_free (result);
}

static void
stage_message_free (gpointer data)
{
  StageMessage *msg = data;

  g_clear_object (&msg->source);
  g_clear_object (&msg->cancellable);
  g_free (msg->stage);
  g_free (msg);
}

static gboolean
stage_message_dispatch (gpointer data)
{
  StageMessage *msg = data;

  /* A cancelled task's late messages would land on the next task's progress bar. */
  if (!g_cancellable_is_cancelled (msg->cancellable))
    msg->func (msg->source, msg->stage, msg->fraction);
  return G_SOURCE_REMOVE;
}

static void
report_stage (GTask *task, StudioStageFunc func, const char *stage, double fraction)
{
  StageMessage *msg;

  if (func == NULL || g_task_get_source_object (task) == NULL)
    return;
  msg = g_new0 (StageMessage, 1);
  msg->source = g_object_ref (g_task_get_source_object (task));
  if (g_task_get_cancellable (task) != NULL)
    msg->cancellable = g_object_ref (g_task_get_cancellable (task));
  msg->func = func;
  msg->stage = g_strdup (stage);
  msg->fraction = fraction;
  g_main_context_invoke_full (g_task_get_context (task), G_PRIORITY_DEFAULT,
                              stage_message_dispatch, msg, stage_message_free);
}

static void
key_progress_cb (double fraction, gpointer user_data)
{
  KeyProgress *kp = user_data;
  gint64 now = g_get_monotonic_time ();

  if (now - kp->last < G_USEC_PER_SEC / 20)      /* at most 20 messages a second */
    return;
  kp->last = now;
  report_stage (kp->task, kp->func, _("Generating the key…"),
                KEY_STAGE_START + (KEY_STAGE_END - KEY_STAGE_START) * fraction);
}

/* The pipeline's stages as the run's progress bar: the key up to 0.6, then encryption and
 * decryption. */
static void
pipeline_stage_cb (DkgPipelineStage stage, guint scheme_index, double fraction,
                   gpointer user_data)
{
  KeyProgress *kp = user_data;

  switch (stage)
    {
    case DKG_PIPELINE_STAGE_KEY:
      if (fraction > 0)
        key_progress_cb (fraction, kp);
      break;
    case DKG_PIPELINE_STAGE_ENCRYPT:
      report_stage (kp->task, kp->func, _("Encrypting…"), KEY_STAGE_END);
      break;
    case DKG_PIPELINE_STAGE_DECRYPT:
      report_stage (kp->task, kp->func, _("Verifying and decrypting…"), 0.8);
      break;
    case DKG_PIPELINE_STAGE_FIGURES:
    default:
      break;
    }
}

/**
 * studio_cipher_make_key:
 * @model_path: a generator model file
 * @seed: the seed image
 * @plain: the plaintext the key is for
 * @cancellable: (nullable): stops key generation between the network's layers
 * @progress: (nullable) (scope call): key generation's progress, 0…1
 *   (dkg_keygen_generate_full()), on the calling thread
 * @user_data: for @progress
 * @error: return location for a #GError
 *
 * Synchronous. A key as large as @plain needs under every scheme (dkg_pipeline_make_key() for
 * acm-xor: the cat map pads to N×N, N = max(width, height)).
 *
 * Returns: (transfer full): the key, or %NULL with @error set (%G_IO_ERROR_CANCELLED if
 *   cancelled)
 */
DkgImage *
studio_cipher_make_key (const char *model_path, const DkgImage *seed, const DkgImage *plain,
                        GCancellable *cancellable, DkgProgressFunc progress,
                        gpointer user_data, GError **error)
{
  g_autoptr(DkgNet) net = dkg_model_load (model_path, NULL, error);

  if (net == NULL)
    return NULL;
  return dkg_pipeline_make_key (net, seed, plain, DKG_CONTAINER_SCHEME_ACM_XOR, cancellable,
                                progress, user_data, error);
}

static void
studio_cipher_run_worker (GTask *task, gpointer source, gpointer task_data,
                          GCancellable *cancellable)
{
  CipherJob *job = task_data;
  StudioImage *seed_image = job->seed != NULL ? job->seed : job->plain;
  const DkgImage *plain = studio_image_get_image (job->plain);
  g_autoptr(StudioCipherResult) result = g_new0 (StudioCipherResult, 1);
  g_autoptr(DkgPipelineResult) run = NULL;
  g_autoptr(DkgNet) net = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) original = NULL;
  g_autofree char *key_name = NULL;
  g_autofree char *cipher_name = NULL;
  g_autofree char *back_name = NULL;
  KeyProgress kp = { task, job->stage_func, 0 };
  DkgPipelineOptions options = { .seed = studio_image_get_image (seed_image),
                                 .schemes = &job->scheme, .n_schemes = 1,
                                 .acm_iterations = job->acm_iterations,
                                 .cancellable = cancellable,
                                 .stage_func = job->stage_func != NULL ? pipeline_stage_cb : NULL,
                                 .user_data = &kp };
  DkgPipelineCipher *c;

  studio_data_background_thread ();

  report_stage (task, job->stage_func, _("Generating the key…"), KEY_STAGE_START);
  kp.last = g_get_monotonic_time ();
  /* DICOM, NIfTI and TIFF files travel whole, sealed (docs/SPECIFICATION.md §5.7 "Whole file") */
  if (job->plain_path != NULL)
    original = dkg_container_read_original_for (job->plain_path, plain, &error);
  if (error == NULL)
    net = dkg_model_load (job->model_path, NULL, &error);
  options.original = original;
  if (net != NULL)
    run = dkg_pipeline_run (net, plain, &options, &error);
  if (run == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  c = &run->ciphers[0];
  cipher_name = g_strdup_printf (_("ciphertext (%s)"),
                                 dkg_container_scheme_to_string (job->scheme));
  key_name = g_strdup_printf (_("key (%s)"), studio_image_get_name (seed_image));
  back_name = g_strdup_printf (_("decrypted %s"), studio_image_get_name (job->plain));
  result->scheme = job->scheme;
  result->model_path = g_strdup (job->model_path);
  result->seed_name = g_strdup (studio_image_get_name (seed_image));
  result->keygen_ms = run->keygen_ms;
  result->encrypt_ms = c->encrypt_ms;
  result->decrypt_ms = c->decrypt_ms;
  result->exact = c->exact;
  result->container = g_steal_pointer (&c->container);
  result->info = g_steal_pointer (&c->info);
  result->key = studio_image_new (g_steal_pointer (&run->key), key_name);
  result->cipher = studio_image_new (g_steal_pointer (&c->cipher), cipher_name);
  result->decrypted = studio_image_new (g_steal_pointer (&c->decrypted), back_name);
  report_stage (task, job->stage_func, _("Done"), 1.0);
  g_task_return_pointer (task, g_steal_pointer (&result),
                         (GDestroyNotify) studio_cipher_result_free);
}

/**
 * studio_cipher_run_async:
 * @source: (nullable): the object the stage messages and the callback are for
 * @plain: the plaintext
 * @seed: (nullable): the seed image; %NULL: the plaintext itself (the paper's default)
 * @model_path: the generator model file
 * @scheme: the cipher
 * @acm_iterations: cat map rounds (acm-xor only)
 * @stage_func: (nullable): progress on the main thread
 * @cancellable: (nullable): cancels; the callback then runs at once with %G_IO_ERROR_CANCELLED
 * @callback: called when done
 * @user_data: for @callback
 *
 * Generates the key, encrypts, reads the ciphertext back, verifies and decrypts, in a
 * worker thread.
 */
void
studio_cipher_run_async (GObject *source, StudioImage *plain, StudioImage *seed,
                         const char *model_path, DkgContainerScheme scheme,
                         guint64 acm_iterations, StudioStageFunc stage_func,
                         GCancellable *cancellable, GAsyncReadyCallback callback,
                         gpointer user_data)
{
  CipherJob *job = g_new0 (CipherJob, 1);

  job->plain = g_object_ref (plain);
  job->seed = seed != NULL ? g_object_ref (seed) : NULL;
  job->model_path = g_strdup (model_path);
  job->plain_path = g_strdup (studio_image_get_path (plain));
  job->scheme = scheme;
  job->acm_iterations = acm_iterations;
  job->stage_func = stage_func;
  studio_data_run_task (source, cancellable, callback, user_data,
                        studio_cipher_run_async, job,
                        (GDestroyNotify) cipher_job_free, studio_cipher_run_worker);
}

/**
 * studio_cipher_run_finish:
 *
 * Returns: (transfer full): the result, or %NULL with @error set
 */
StudioCipherResult *
studio_cipher_run_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
studio_cipher_keygen_worker (GTask *task, gpointer source, gpointer task_data,
                             GCancellable *cancellable)
{
  CipherJob *job = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(DkgNet) net = dkg_model_load (job->model_path, NULL, &error);
  g_autoptr(DkgImage) key = NULL;

  studio_data_background_thread ();

  if (net != NULL)
    key = dkg_keygen_generate_full (net, studio_image_get_image (job->seed), job->width,
                                    job->height, cancellable, NULL, NULL, &error);
  if (key == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, studio_image_new (g_steal_pointer (&key), _("key")),
                         g_object_unref);
}

/**
 * studio_cipher_keygen_async:
 * @width: key width (a multiple of the generator's size multiple)
 * @height: key height
 * @cancellable: (nullable): stops the generation between the network's layers; the callback
 *   then runs at once with %G_IO_ERROR_CANCELLED
 *
 * Generates one key of a given size in a worker thread.
 */
void
studio_cipher_keygen_async (GObject *source, const char *model_path, StudioImage *seed,
                            guint width, guint height, GCancellable *cancellable,
                            GAsyncReadyCallback callback, gpointer user_data)
{
  CipherJob *job = g_new0 (CipherJob, 1);

  job->seed = g_object_ref (seed);
  job->model_path = g_strdup (model_path);
  job->width = width;
  job->height = height;
  studio_data_run_task (source, cancellable, callback, user_data,
                        studio_cipher_keygen_async, job,
                        (GDestroyNotify) cipher_job_free, studio_cipher_keygen_worker);
}

/**
 * studio_cipher_keygen_finish:
 *
 * Returns: (transfer full): the key, or %NULL with @error set
 */
StudioImage *
studio_cipher_keygen_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
