/* dkg-cli-train.c — deepkeygen train: a key generator, GAN or WGAN-GP (docs/SPECIFICATION.md §4, §7)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib-unix.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "dkg-blas.h"
#include "dkg-cli.h"
#include "dkg-data.h"
#include "dkg-error.h"
#include "dkg-key-quality.h"
#include "dkg-dataset.h"
#include "dkg-domain.h"
#include "dkg-gan-trainer.h"

typedef struct
{
  DkgTrainer   *trainer;
  guint64       total;
  GCancellable *cancel;
  GMainLoop    *loop;
  GError       *error;
  gboolean      ok;
  gboolean      quiet;
} TrainJob;

static void
progress_cb (const DkgTrainProgress *p, gpointer user_data)
{
  TrainJob *job = user_data;
  g_autofree char *eta = dkg_cli_format_seconds (p->eta_s);
  static gint64 last_print;
  gint64 now = g_get_monotonic_time ();

  if (job->quiet)
    return;
  if (dkg_cli_is_tty ())
    {
      if (now - last_print < 100000 && p->iteration != p->total)
        return;
      last_print = now;
      if (isnan (p->wasserstein))
        dkg_cli_progress ("iteration %" G_GUINT64_FORMAT "/%" G_GUINT64_FORMAT
                          "  loss_G %.4f  loss_D %.4f  D(real) %.3f  D(fake) %.3f  %.2f it/s  ETA %s",
                          p->iteration, p->total, p->loss_g, p->loss_d, p->d_real, p->d_fake,
                          p->its_per_sec, eta);
      else
        dkg_cli_progress ("iteration %" G_GUINT64_FORMAT "/%" G_GUINT64_FORMAT
                          "  loss_G %.4f  loss_critic %.4f  W %.4f  GP %.4f  %.2f it/s  ETA %s",
                          p->iteration, p->total, p->loss_g, p->loss_d, p->wasserstein, p->gp,
                          p->its_per_sec, eta);
    }
  else if (p->iteration % 50 == 0 || p->iteration == p->total)
    fprintf (stderr, "iteration %" G_GUINT64_FORMAT "/%" G_GUINT64_FORMAT " loss_G %.4f loss_D %.4f "
             "%.2f it/s ETA %s\n", p->iteration, p->total, p->loss_g, p->loss_d, p->its_per_sec, eta);
  if (p->key.iteration == p->iteration && p->iteration > 0)
    {
      dkg_cli_progress_done ();
      fprintf (stderr, "iteration %" G_GUINT64_FORMAT ": probe key entropy %.5f (ideal %.5f), "
               "std %.2f (uniform 73.90), χ² p %.3g, one-pixel NPCR %.4f%%\n", p->iteration,
               p->key.entropy, p->key.entropy_ideal, p->key.std, p->key.chi2_p, p->key.npcr);
    }
}

static gpointer
train_thread (gpointer data)
{
  TrainJob *job = data;

  job->ok = dkg_trainer_run (job->trainer, job->total, progress_cb, job, job->cancel, &job->error);
  dkg_cli_quit_loop_from_thread (job->loop);
  return NULL;
}

static gboolean
on_sigint (gpointer data)
{
  TrainJob *job = data;

  dkg_cli_progress_done ();
  fprintf (stderr, "Stopping after this iteration and writing a checkpoint…\n");
  g_cancellable_cancel (job->cancel);
  return G_SOURCE_CONTINUE;
}

int
dkg_cli_train (int argc, char **argv)
{
  g_autofree char *arch = NULL;
  g_autofree char *source = NULL;
  g_autofree char *domain = NULL;
  g_autofree char *output = NULL;
  g_autofree char *resume = NULL;
  g_autofree char *metrics = NULL;
  g_autofree char *checkpoint = NULL;
  g_autofree char *generator = NULL;
  g_autofree char *seed_text = NULL;
  g_autofree char *disc = NULL;
  g_autofree char *loss = NULL;
  g_auto(GStrv) probe_paths = NULL;
  g_autofree char *keep_best = NULL;
  g_autofree char *best_path = NULL;
  g_autoptr(DkgImage) probe_seed = NULL;
  g_autoptr(DkgKeyProbe) probe = NULL;
  gboolean chaotic = FALSE, quiet = FALSE, resized_domain = FALSE;
  double real_label = 0;
  int pool_size = -1, eval_every = 100, probe_size = 256, n_critic = 0;
  gint64 iterations = 0;
  int size = 0, batch = 0, threads = 0, checkpoint_every = 100, blocks = 0;
  double lr = 0;
  GOptionEntry entries[] = {
    { "arch", 'a', 0, G_OPTION_ARG_STRING, &arch, "deepkeygen (GAN, §4.1) or wgan-gp (§4.2)", "ARCH" },
    { "source", 's', 0, G_OPTION_ARG_FILENAME, &source, "Folder of seed images (domain X)", "DIR" },
    { "domain", 'd', 0, G_OPTION_ARG_FILENAME, &domain, "Folder of transformation-domain images (Y)", "DIR" },
    { "chaotic-domain", 0, 0, G_OPTION_ARG_NONE, &chaotic, "Make Y from the seeds with the logistic-map cipher (§4.3)", NULL },
    { "iterations", 'n', 0, G_OPTION_ARG_INT64, &iterations, "Train until this many iterations (generator steps)", "N" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Model file to write (the generator, safetensors)", "MODEL" },
    { "size", 0, 0, G_OPTION_ARG_INT, &size, "Training crop size (default 256)", "S" },
    { "batch", 'b', 0, G_OPTION_ARG_INT, &batch, "Batch size (default 1)", "B" },
    { "generator", 0, 0, G_OPTION_ARG_STRING, &generator, "resnet or encdec (default: resnet for deepkeygen, encdec for wgan-gp)", "NET" },
    { "blocks", 0, 0, G_OPTION_ARG_INT, &blocks, "Residual blocks of a resnet generator (default 6)", "N" },
    { "lr", 0, 0, G_OPTION_ARG_DOUBLE, &lr, "Learning rate of both networks (default 2e-4 / 1e-4)", "LR" },
    { "resume", 'r', 0, G_OPTION_ARG_FILENAME, &resume, "Continue from a checkpoint", "CKPT" },
    { "checkpoint", 0, 0, G_OPTION_ARG_FILENAME, &checkpoint, "Checkpoint file (default MODEL.ckpt)", "CKPT" },
    { "checkpoint-every", 'k', 0, G_OPTION_ARG_INT, &checkpoint_every, "Write the checkpoint every K iterations (default 100; 0: only at the end)", "K" },
    { "metrics", 'm', 0, G_OPTION_ARG_FILENAME, &metrics, "Log every iteration to this CSV file", "CSV" },
    { "seed", 0, 0, G_OPTION_ARG_STRING, &seed_text, "Reproducible run from this seed (default: OS CSPRNG)", "N" },
    { "threads", 't', 0, G_OPTION_ARG_INT, &threads, "OpenBLAS threads (default: all cores)", "T" },
    { "discriminator", 0, 0, G_OPTION_ARG_STRING, &disc, "GAN: patchgan (default), or the study variants patchgan-nobias, patchgan-nonorm; WGAN-GP: wgan-critic (default) or wgan-critic-deep", "NET" },
    { "gan-loss", 0, 0, G_OPTION_ARG_STRING, &loss, "GAN: bce (default) or lsgan", "LOSS" },
    { "real-label", 0, 0, G_OPTION_ARG_DOUBLE, &real_label, "GAN: target for real images, 0.5–1 (default 1; the authors' code: 0.9)", "R" },
    { "n-critic", 0, 0, G_OPTION_ARG_INT, &n_critic, "WGAN-GP: critic steps per generator step (default 5)", "N" },
    { "pool-size", 0, 0, G_OPTION_ARG_INT, &pool_size, "GAN: history of generated images for D (default 0; CycleGAN: 50)", "N" },
    { "probe", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &probe_paths, "Probe seed for key quality (default: the shipped Colin27 sample); repeat it to judge by the worst of several", "IMG" },
    { "probe-size", 0, 0, G_OPTION_ARG_INT, &probe_size, "Probe key size in pixels (default 256)", "S" },
    { "eval-every", 0, 0, G_OPTION_ARG_INT, &eval_every, "Measure the probe key every N iterations (default 100; 0: never)", "N" },
    { "chaotic-domain-resized", 0, 0, G_OPTION_ARG_NONE, &resized_domain, "Training study only: the first release's chaotic domain, encrypted at full size and then resized (blurred toward mid-grey)", NULL },
    { "keep-best", 0, 0, G_OPTION_ARG_STRING, &keep_best, "entropy: also write MODEL-best.safetensors, the generator of the best probe-key entropy", "MEASURE" },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "No progress output", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new ("— train a key generator");
  g_autoptr(GError) error = NULL;
  g_autoptr(DkgTrainer) trainer = NULL;
  g_autoptr(GCancellable) cancel = g_cancellable_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autofree char *src_dir = NULL;
  g_autofree char *dom_dir = NULL;
  DkgDataset *src_ds = NULL, *dom_ds = NULL;
  DkgTrainConfig config;
  TrainJob job = { 0 };
  GThread *thread;
  guint sig;
  int code;

  g_option_context_set_summary (ctx,
    "Trains a key generator: the DeepKeyGen GAN (resnet vs patchgan, BCE) or WGAN-GP\n"
    "(encdec vs wgan-critic, gradient penalty). Ctrl+C stops after the current iteration\n"
    "and leaves a checkpoint that --resume continues exactly.");
  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!dkg_cli_parse (ctx, "train", &argc, &argv, &code))
    return code;
  if (output == NULL)
    return dkg_cli_usage_error ("train", "-o MODEL is required");
  if (iterations <= 0)
    return dkg_cli_usage_error ("train", "--iterations N (N ≥ 1) is required");
  if (chaotic && domain != NULL)
    return dkg_cli_usage_error ("train", "give either --domain or --chaotic-domain, not both");
  if (keep_best != NULL && g_strcmp0 (keep_best, "entropy") != 0)
    return dkg_cli_usage_error ("train", "--keep-best takes “entropy”");
  if (keep_best != NULL && eval_every <= 0)
    return dkg_cli_usage_error ("train", "--keep-best needs key-quality evaluations (--eval-every N ≥ 1)");
  if (probe_size < 16 || probe_size > 4096 || probe_size % 16 != 0)
    return dkg_cli_usage_error ("train", "--probe-size must be a multiple of 16 in 16..4096");
  if (threads > 0)
    dkg_blas_set_threads (threads);
  if (checkpoint == NULL)
    checkpoint = g_strconcat (output, ".ckpt", NULL);
  /* no file is written over another this run reads or writes (the checkpoint may be the one
   * resumed from: it is replaced atomically by its own continuation) */
  if (keep_best != NULL)
    {
      g_autofree char *stem = g_str_has_suffix (output, ".safetensors")
                              ? g_strndup (output, strlen (output) - strlen (".safetensors"))
                              : g_strdup (output);
      best_path = g_strconcat (stem, "-best.safetensors", NULL);
    }
  if ((best_path != NULL && (dkg_cli_same_file (best_path, checkpoint)
                             || (metrics != NULL && dkg_cli_same_file (best_path, metrics))
                             || (resume != NULL && dkg_cli_same_file (best_path, resume))))
      || dkg_cli_same_file (output, checkpoint)
      || (metrics != NULL && (dkg_cli_same_file (metrics, output)
                              || dkg_cli_same_file (metrics, checkpoint)))
      || (resume != NULL && (dkg_cli_same_file (resume, output)
                             || (metrics != NULL && dkg_cli_same_file (resume, metrics)))))
    return dkg_cli_usage_error ("train", "-o MODEL, --checkpoint, --metrics and --resume must "
                                "name different files (the checkpoint may be the one resumed)");

  if (resume != NULL)
    {
      if (!dkg_checkpoint_peek_config (resume, &config, &src_dir, &dom_dir, &error))
        return dkg_cli_fail ("train", g_steal_pointer (&error));
      if (source != NULL)
        {
          g_free (src_dir);
          src_dir = g_strdup (source);
        }
      if (domain != NULL || chaotic)
        {
          g_free (dom_dir);
          dom_dir = g_strdup (chaotic ? "chaotic" : domain);
        }
      if (src_dir == NULL || dom_dir == NULL)
        return dkg_cli_usage_error ("train", "the checkpoint does not say where its images are: "
                                    "give --source and --domain or --chaotic-domain");
    }
  else
    {
      DkgObjective objective;

      if (arch == NULL || !dkg_objective_from_string (arch, &objective))
        return dkg_cli_usage_error ("train", "--arch must be deepkeygen or wgan-gp");
      if (source == NULL || (domain == NULL && !chaotic))
        return dkg_cli_usage_error ("train", "--source and --domain (or --chaotic-domain) are required");
      dkg_train_config_init (&config, objective);
      if (generator != NULL && !dkg_arch_from_string (generator, &config.generator))
        return dkg_cli_usage_error ("train", "--generator must be resnet or encdec");
      if (size > 0)
        config.size = size;
      if (batch > 0)
        config.batch = batch;
      if (blocks > 0)
        config.n_blocks = blocks;
      if (lr > 0)
        config.lr_g = config.lr_d = (float) lr;
      if (disc != NULL && !dkg_arch_from_string (disc, &config.discriminator))
        return dkg_cli_usage_error ("train", "--discriminator must be patchgan, patchgan-nobias, patchgan-nonorm, wgan-critic or wgan-critic-deep");
      if (loss != NULL && !dkg_gan_loss_from_string (loss, &config.gan_loss))
        return dkg_cli_usage_error ("train", "--gan-loss must be bce or lsgan");
      if (real_label != 0)
        config.real_label = (float) real_label;
      if (pool_size >= 0)
        config.pool_size = pool_size;
      if (n_critic > 0)
        config.n_critic = n_critic;
      if (seed_text != NULL)
        {
          if (!g_ascii_string_to_unsigned (seed_text, 10, 0, G_MAXUINT64, &config.seed, &error))
            return dkg_cli_usage_error ("train", "--seed: %s", error->message);
          config.seeded = TRUE;
        }
      src_dir = g_strdup (source);
      dom_dir = g_strdup (chaotic ? "chaotic" : domain);
    }

  if (resized_domain && g_strcmp0 (dom_dir, "chaotic") == 0)
    {
      g_autoptr(GPtrArray) images = dkg_image_dir_load (src_dir, &error);
      g_autoptr(GPtrArray) dom = images != NULL ? dkg_domain_images_new (images, NULL, &error) : NULL;

      if (dom == NULL)
        return dkg_cli_fail ("train", g_steal_pointer (&error));
      src_ds = dkg_dataset_new_from_images ((DkgImage **) images->pdata, images->len, config.size,
                                            src_dir);
      dom_ds = dkg_dataset_new_from_images ((DkgImage **) dom->pdata, dom->len, config.size,
                                            "chaotic domain encrypted at full size, then resized");
    }
  else if (!dkg_dataset_new_pair (src_dir, g_strcmp0 (dom_dir, "chaotic") == 0 ? NULL : dom_dir,
                                  config.size, &src_ds, &dom_ds, NULL, &error))
    return dkg_cli_fail ("train", g_steal_pointer (&error));
  if (eval_every > 0)
    {
      g_autofree char *found = probe_paths == NULL
                               ? dkg_data_find ("data/samples/colin27_ch2_axial_z090_8bit.png") : NULL;
      const char *pp = probe_paths != NULL ? probe_paths[0] : found;

      if (pp == NULL)
        return dkg_cli_usage_error ("train", "the default probe seed (data/samples/"
                                    "colin27_ch2_axial_z090_8bit.png) is not installed: give --probe IMG");
      probe_seed = dkg_image_load (pp, NULL, &error);
      if (probe_seed == NULL)
        return dkg_cli_fail ("train", g_steal_pointer (&error));
      probe = dkg_key_probe_new (probe_seed, (guint) probe_size, (guint) probe_size);
      for (guint i = 1; probe_paths != NULL && probe_paths[i] != NULL; i++)
        {
          g_autoptr(DkgImage) more = dkg_image_load (probe_paths[i], NULL, &error);

          if (more == NULL)
            return dkg_cli_fail ("train", g_steal_pointer (&error));
          dkg_key_probe_add_seed (probe, more);
        }
    }
  trainer = resume != NULL ? dkg_trainer_new_from_checkpoint (resume, src_ds, dom_ds, &error)
                           : dkg_trainer_new (&config, src_ds, dom_ds, &error);
  if (trainer == NULL)
    return dkg_cli_fail ("train", g_steal_pointer (&error));
  dkg_trainer_set_dataset_dirs (trainer, src_dir, dom_dir);
  dkg_trainer_set_checkpoint (trainer, checkpoint, (guint) MAX (checkpoint_every, 0));
  if (probe != NULL)
    dkg_trainer_set_key_quality (trainer, (guint) eval_every, dkg_key_probe_evaluate, probe);
  dkg_trainer_set_keep_best (trainer, best_path);
  if (metrics != NULL && !dkg_trainer_set_metrics_path (trainer, metrics, &error))
    return dkg_cli_fail ("train", g_steal_pointer (&error));
  if (dkg_trainer_get_iteration (trainer) >= (guint64) iterations)
    {
      /* Nothing to train: export the checkpoint's generator as it is. */
      if (!dkg_trainer_export_generator (trainer, output, &error))
        return dkg_cli_fail ("train", g_steal_pointer (&error));
      fprintf (stderr, "The checkpoint is at iteration %" G_GUINT64_FORMAT " (≥ %" G_GINT64_FORMAT
               "): wrote its generator to %s\n", dkg_trainer_get_iteration (trainer),
               iterations, output);
      return DKG_EXIT_OK;
    }
  if (!quiet)
    {
      const DkgTrainConfig *c = dkg_trainer_get_config (trainer);
      fprintf (stderr, "Training %s: %s generator (%zu parameters) vs %s, size %d, batch %d, "
               "%s, from iteration %" G_GUINT64_FORMAT " to %" G_GINT64_FORMAT "; checkpoint %s\n",
               dkg_objective_to_string (c->objective), dkg_arch_to_string (c->generator),
               dkg_net_n_params (dkg_trainer_get_generator (trainer)),
               dkg_arch_to_string (dkg_trainer_get_discriminator (trainer)->arch), c->size,
               c->batch, c->seeded ? "seeded" : "CSPRNG randomness",
               dkg_trainer_get_iteration (trainer), iterations, checkpoint);
    }

  job.trainer = trainer;
  job.total = (guint64) iterations;
  job.cancel = cancel;
  job.loop = loop;
  job.quiet = quiet;
  sig = g_unix_signal_add (SIGINT, on_sigint, &job);
  thread = g_thread_new ("train", train_thread, &job);
  g_main_loop_run (loop);
  g_thread_join (thread);
  g_source_remove (sig);
  dkg_cli_progress_done ();
  if (!job.ok)
    {
      if (g_error_matches (job.error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          fprintf (stderr, "Stopped at iteration %" G_GUINT64_FORMAT "; continue with "
                   "--resume %s\n", dkg_trainer_get_iteration (trainer), checkpoint);
          g_clear_error (&job.error);
          return 130;
        }
      return dkg_cli_fail ("train", job.error);
    }
  if (!dkg_trainer_export_generator (trainer, output, &error))
    return dkg_cli_fail ("train", g_steal_pointer (&error));
  if (!quiet)
    fprintf (stderr, "Wrote %s (generator) and %s (checkpoint)\n", output, checkpoint);
  if (!quiet && best_path != NULL && dkg_trainer_get_progress (trainer)->key.iteration > 0)
    fprintf (stderr, "Wrote %s: the generator of the best probe-key entropy so far\n", best_path);
  return DKG_EXIT_OK;
}
