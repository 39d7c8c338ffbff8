/* dkg-cli-keygen.c — deepkeygen keygen: a key image from a trained generator
 * (docs/SPECIFICATION.md §5.2, §7)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib-unix.h>
#include <signal.h>
#include <stdio.h>

#include "dkg-cli.h"
#include "dkg-keygen.h"
#include "dkg-model-file.h"
#include "dkg-pipeline.h"

/* The network runs in a thread; the main loop catches Ctrl+C and cancels it (as in `train`). */

typedef struct
{
  DkgNet         *net;
  const DkgImage *seed;
  guint           width;
  guint           height;
  const char     *model;
  GCancellable   *cancel;
  GMainLoop      *loop;
  DkgImage       *key;
  GError         *error;
  gint64          last_print;
  gboolean        shown;                /* a percentage is on the progress line */
} KeygenJob;

static void
keygen_progress_cb (double fraction, gpointer user_data)
{
  KeygenJob *job = user_data;
  gint64 now = g_get_monotonic_time ();

  /* At most 10 lines a second; a key done within 0.1 s shows none. */
  if (fraction < 1.0 ? now - job->last_print < 100000 : !job->shown)
    return;
  job->last_print = now;
  job->shown = TRUE;
  dkg_cli_progress ("Generating a %u×%u key with %s… %.0f%%", job->width, job->height,
                    job->model, 100.0 * fraction);
}

static gpointer
keygen_thread (gpointer data)
{
  KeygenJob *job = data;

  job->key = dkg_keygen_generate_full (job->net, job->seed, job->width, job->height,
                                       job->cancel, keygen_progress_cb, job, &job->error);
  dkg_cli_quit_loop_from_thread (job->loop);
  return NULL;
}

static gboolean
on_keygen_sigint_cb (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_CONTINUE;
}

/* dkg_keygen_generate_full() with a progress line on a terminal; Ctrl+C gives
 * G_IO_ERROR_CANCELLED, also when it comes as the key is done. */
static DkgImage *
generate_key (DkgNet *net, const DkgImage *seed, guint width, guint height, const char *model,
              GError **error)
{
  g_autoptr(GCancellable) cancel = g_cancellable_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(DkgImage) key = NULL;
  KeygenJob job = { net, seed, width, height, model, cancel, loop, NULL, NULL,
                    g_get_monotonic_time (), FALSE };
  GThread *thread;
  guint sig;

  sig = g_unix_signal_add (SIGINT, on_keygen_sigint_cb, cancel);
  thread = g_thread_new ("keygen", keygen_thread, &job);
  g_main_loop_run (loop);
  g_thread_join (thread);
  g_source_remove (sig);
  key = job.key;
  if (key == NULL)
    {
      g_propagate_error (error, job.error);
      return NULL;
    }
  if (g_cancellable_set_error_if_cancelled (cancel, error))
    return NULL;
  return g_steal_pointer (&key);
}

int
dkg_cli_keygen (int argc, char **argv)
{
  g_autofree char *model = NULL;
  g_autofree char *seed = NULL;
  g_autofree char *size = NULL;
  g_autofree char *for_image = NULL;
  g_autofree char *scheme = NULL;
  g_autofree char *output = NULL;
  g_autofree char *slice = NULL;
  int frame = 0;
  GOptionEntry entries[] = {
    { "model", 'm', 0, G_OPTION_ARG_FILENAME, &model, "Generator model (default: the shipped DeepKeyGen model)", "MODEL" },
    { "seed", 's', 0, G_OPTION_ARG_FILENAME, &seed, "Seed image (any format the tool reads)", "IMG" },
    { "size", 0, 0, G_OPTION_ARG_STRING, &size, "Key size WxH (default 256x256), rounded up to what the generator needs", "WxH" },
    { "for", 'f', 0, G_OPTION_ARG_FILENAME, &for_image, "Make the key as large as this image needs", "IMG" },
    { "scheme", 0, 0, G_OPTION_ARG_STRING, &scheme, "With --for: the scheme the key is for (xor, acm-xor, chacha20-poly1305; default: large enough for all)", "SCHEME" },
    { "frame", 0, 0, G_OPTION_ARG_INT, &frame, "DICOM frame of the seed / --for image", "N" },
    { "slice", 0, 0, G_OPTION_ARG_STRING, &slice, "NIfTI slice AXIS:INDEX (default: middle axial)", "AXIS:INDEX" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Key file to write (PNG)", "KEY.png" },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new ("— generate a key image");
  g_autoptr(GError) error = NULL;
  g_autoptr(DkgNet) g = NULL;
  g_autoptr(DkgImage) seed_img = NULL;
  g_autoptr(DkgImage) key = NULL;
  guint w = 256, h = 256;
  gint64 t0;
  int code;

  g_option_context_set_summary (ctx,
    "key = round((G(seed) + 1)·127.5): an RGB 8-bit key image from a trained generator\n"
    "(docs/SPECIFICATION.md §5.2). The seed is resampled to the key size (area average when shrinking,\n"
    "bilinear when enlarging). Keys are written as PNG, never JPEG. Ctrl+C stops after\n"
    "the network layer running and writes nothing.");
  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!dkg_cli_parse (ctx, "keygen", &argc, &argv, &code))
    return code;
  if (seed == NULL || output == NULL)
    return dkg_cli_usage_error ("keygen", "--seed IMG and -o KEY.png are required");
  if (dkg_cli_same_file (seed, output)
      || (for_image != NULL && dkg_cli_same_file (for_image, output))
      || (model != NULL && dkg_cli_same_file (model, output)))
    return dkg_cli_usage_error ("keygen", "the output would overwrite the input “%s”", output);
  if (size != NULL && for_image != NULL)
    return dkg_cli_usage_error ("keygen", "give --size or --for, not both");
  if (size != NULL && !dkg_cli_parse_size (size, &w, &h))
    return dkg_cli_usage_error ("keygen", "--size must be WxH with 1 ≤ W, H ≤ 32768, not “%s”", size);
  if (model == NULL && (model = dkg_cli_default_model ("deepkeygen")) == NULL)
    return dkg_cli_usage_error ("keygen", "no shipped model found: give -m MODEL");

  g = dkg_model_load (model, NULL, &error);
  if (g == NULL)
    return dkg_cli_fail ("keygen", g_steal_pointer (&error));
  seed_img = dkg_cli_load_image (seed, frame, slice, &error);
  if (seed_img == NULL)
    return dkg_cli_fail ("keygen", g_steal_pointer (&error));
  if (for_image != NULL)
    {
      g_autoptr(DkgImage) target = dkg_cli_load_image (for_image, frame, slice, &error);
      DkgContainerScheme sc = DKG_CONTAINER_SCHEME_ACM_XOR;     /* serves every scheme */

      if (target == NULL)
        return dkg_cli_fail ("keygen", g_steal_pointer (&error));
      if (scheme != NULL && !dkg_container_scheme_from_string (scheme, &sc))
        return dkg_cli_usage_error ("keygen", "unknown scheme “%s”", scheme);
      dkg_pipeline_key_size (g, target, sc, &w, &h);
    }
  else
    dkg_keygen_size_for (g, w, h, 0, &w, &h);

  t0 = g_get_monotonic_time ();
  dkg_cli_progress ("Generating a %u×%u key with %s…", w, h, model);
  key = generate_key (g, seed_img, w, h, model, &error);
  dkg_cli_progress_done ();
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      fprintf (stderr, "deepkeygen keygen: interrupted; %s not written\n", output);
      return 130;
    }
  if (key == NULL || !dkg_image_save_png (key, output, &error))
    return dkg_cli_fail ("keygen", g_steal_pointer (&error));
  printf ("Wrote %s: a %u×%u×3 key (%u bytes) from %s in %.0f ms\n", output, w, h, w * h * 3,
          seed, (g_get_monotonic_time () - t0) / 1000.0);
  return DKG_EXIT_OK;
}
