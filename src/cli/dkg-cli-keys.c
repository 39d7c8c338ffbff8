/* dkg-cli-keys.c — deepkeygen keygen, encrypt, decrypt, info (docs/SPECIFICATION.md §5, §7)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib-unix.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "dkg-arnold-cat-map.h"
#include "dkg-container.h"
#include "dkg-keystream.h"
#include "dkg-cli.h"
#include "dkg-error.h"
#include "dkg-keygen.h"
#include "dkg-model-file.h"

static gboolean
parse_slice (const char *text, DkgImageLoadOptions *opts, GError **error)
{
  g_auto(GStrv) parts = NULL;
  gint64 index;

  if (text == NULL)
    return TRUE;
  parts = g_strsplit (text, ":", 2);
  if (g_strv_length (parts) != 2 || strlen (parts[0]) != 1 || strchr ("xyz", parts[0][0]) == NULL
      || !g_ascii_string_to_signed (parts[1], 10, 0, G_MAXINT32, &index, NULL))
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT,
                   "--slice must be AXIS:INDEX with AXIS x, y or z, e.g. z:77; not “%s”", text);
      return FALSE;
    }
  opts->slice_axis = parts[0][0] - 'x';
  opts->slice_index = (int) index;
  return TRUE;
}

/* Loads an image with the --frame / --slice options. */
static DkgImage *
load_image (const char *path, int frame, const char *slice, GError **error)
{
  DkgImageLoadOptions opts = { 0, 2, -1 };

  if (frame > 0)
    opts.frame = (guint) frame;
  if (!parse_slice (slice, &opts, error))
    return NULL;
  return dkg_image_load (path, &opts, error);
}

static char *
describe_image (const DkgImage *im)
{
  return g_strdup_printf ("%u×%u, %u channel%s, %u-bit%s%s%s", im->width, im->height,
                          im->channels, im->channels == 1 ? "" : "s", im->bit_depth,
                          im->is_signed ? " signed" : "",
                          im->source_format ? ", " : "", im->source_format ? im->source_format : "");
}

/* ------------------------------------------------------------------------------------------ */
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
  seed_img = load_image (seed, frame, slice, &error);
  if (seed_img == NULL)
    return dkg_cli_fail ("keygen", g_steal_pointer (&error));
  if (for_image != NULL)
    {
      g_autoptr(DkgImage) target = load_image (for_image, frame, slice, &error);
      DkgContainerScheme sc = DKG_CONTAINER_SCHEME_ACM_XOR;
      guint n;
      guint64 need;

      if (target == NULL)
        return dkg_cli_fail ("keygen", g_steal_pointer (&error));
      if (scheme != NULL && !dkg_container_scheme_from_string (scheme, &sc))
        return dkg_cli_usage_error ("keygen", "unknown scheme “%s”", scheme);
      if (sc == DKG_CONTAINER_SCHEME_ACM_XOR)
        {
          n = dkg_arnold_cat_map_size (target->width, target->height);
          need = dkg_keystream_size_for (n, n, target->channels, target->bit_depth);
          dkg_keygen_size_for (g, n, n, need, &w, &h);
        }
      else
        {
          need = dkg_keystream_size_for (target->width, target->height, target->channels,
                                         target->bit_depth);
          dkg_keygen_size_for (g, target->width, target->height, need, &w, &h);
        }
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

/* ------------------------------------------------------------------------------------------ */

int
dkg_cli_encrypt (int argc, char **argv)
{
  g_autofree char *keyfile = NULL;
  g_autofree char *scheme = NULL;
  g_autofree char *output = NULL;
  g_autofree char *slice = NULL;
  g_auto(GStrv) inputs = NULL;
  gint64 acm = 0;
  int frame = 0;
  GOptionEntry entries[] = {
    { "key", 'k', 0, G_OPTION_ARG_FILENAME, &keyfile, "Key image (PNG from deepkeygen keygen)", "KEY.png" },
    { "scheme", 0, 0, G_OPTION_ARG_STRING, &scheme, "xor (DeepKeyGen), acm-xor (WGAN-GP variant) or chacha20-poly1305 (hardened; default)", "SCHEME" },
    { "acm-iterations", 0, 0, G_OPTION_ARG_INT64, &acm, "Arnold cat map rounds k (acm-xor; default 5)", "K" },
    { "frame", 0, 0, G_OPTION_ARG_INT, &frame, "DICOM frame", "N" },
    { "slice", 0, 0, G_OPTION_ARG_STRING, &slice, "NIfTI slice AXIS:INDEX", "AXIS:INDEX" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Ciphertext file to write (PNG container)", "CIPHER.png" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &inputs, NULL, "IMG" },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new ("IMG — encrypt an image");
  g_autoptr(GError) error = NULL;
  g_autoptr(DkgImage) key = NULL;
  g_autoptr(DkgImage) plain = NULL;
  g_autoptr(GBytes) original = NULL;
  DkgContainerOptions opts = { DKG_CONTAINER_SCHEME_CHACHA20_POLY1305, 5 };
  gint64 t0;
  int code;

  g_option_context_set_summary (ctx,
    "Encrypts IMG into a PNG container (docs/SPECIFICATION.md §5.7): the ciphertext pixels, viewable in\n"
    "any image viewer, with an authenticated header. xor and acm-xor reproduce the papers and\n"
    "are broken by key reuse and known plaintext; chacha20-poly1305 derives a fresh key per\n"
    "file (HKDF, random salt and nonce).");
  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!dkg_cli_parse (ctx, "encrypt", &argc, &argv, &code))
    return code;
  if (keyfile == NULL || output == NULL || inputs == NULL || g_strv_length (inputs) != 1)
    return dkg_cli_usage_error ("encrypt", "-k KEY.png, -o CIPHER.png and one IMG are required");
  if (scheme != NULL && !dkg_container_scheme_from_string (scheme, &opts.scheme))
    return dkg_cli_usage_error ("encrypt", "unknown scheme “%s” (xor, acm-xor, chacha20-poly1305)", scheme);
  if (acm > 0)
    opts.acm_iterations = (guint64) acm;
  if (dkg_cli_same_file (inputs[0], output))
    return dkg_cli_usage_error ("encrypt", "the output would overwrite the input “%s”", output);
  key = dkg_image_load (keyfile, NULL, &error);
  if (key == NULL)
    return dkg_cli_fail ("encrypt", g_steal_pointer (&error));
  plain = load_image (inputs[0], frame, slice, &error);
  if (plain == NULL)
    return dkg_cli_fail ("encrypt", g_steal_pointer (&error));
  /* DICOM, NIfTI and TIFF travel whole, sealed (docs/SPECIFICATION.md §5.7 "Whole file") */
  original = dkg_container_read_original_for (inputs[0], plain, &error);
  if (error != NULL)
    return dkg_cli_fail ("encrypt", g_steal_pointer (&error));
  t0 = g_get_monotonic_time ();
  if (!dkg_container_encrypt_to_file_with_original (plain, original, key, &opts, output, &error))
    return dkg_cli_fail ("encrypt", g_steal_pointer (&error));
  {
    g_autofree char *desc = describe_image (plain);
    printf ("Wrote %s: %s, %s (%s%s) in %.1f ms\n", output, inputs[0], desc,
            dkg_container_scheme_to_string (opts.scheme),
            original != NULL ? "; the whole source file sealed inside" : "",
            (g_get_monotonic_time () - t0) / 1000.0);
  }
  if (opts.scheme != DKG_CONTAINER_SCHEME_CHACHA20_POLY1305)
    fprintf (stderr, "Note: %s is the paper's scheme, kept for comparison: reusing this key for "
             "another image reveals both (see `deepkeygen attack`).\n",
             dkg_container_scheme_to_string (opts.scheme));
  return DKG_EXIT_OK;
}

/* ------------------------------------------------------------------------------------------ */

/* Does @output's name ask for the original file (docs/SPECIFICATION.md §5.7 "Whole file")? */
static gboolean
output_names_original (const char *output)
{
  static const char *const suffixes[] = { ".dcm", ".dicom", ".nii", ".nii.gz", ".tif", ".tiff" };
  g_autofree char *lower = g_ascii_strdown (output, -1);

  for (gsize i = 0; i < G_N_ELEMENTS (suffixes); i++)
    if (g_str_has_suffix (lower, suffixes[i]))
      return TRUE;
  return FALSE;
}

int
dkg_cli_decrypt (int argc, char **argv)
{
  g_autofree char *keyfile = NULL;
  g_autofree char *output = NULL;
  g_autofree char *priv = NULL;
  g_auto(GStrv) inputs = NULL;
  gboolean want_original = FALSE;
  GOptionEntry entries[] = {
    { "key", 'k', 0, G_OPTION_ARG_FILENAME, &keyfile, "Key image", "KEY.png" },
    { "original", 0, 0, G_OPTION_ARG_NONE, &want_original, "Write the original source file (DICOM, NIfTI, TIFF) back byte for byte instead of the image; implied by -o *.dcm, *.nii, *.nii.gz, *.tif, *.tiff", NULL },
    { "private", 0, 0, G_OPTION_ARG_FILENAME, &priv, "Instead of -k: your RSA private key, to unwrap the key carried in CIPHER.png (deepkeygen rsa wrap)", "PRIV" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Decrypted image to write (PNG), or the original file (see --original)", "OUT.png" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &inputs, NULL, "CIPHER.png" },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new ("CIPHER.png — decrypt a container");
  g_autoptr(GError) error = NULL;
  g_autoptr(DkgImage) key = NULL;
  g_autoptr(DkgContainerInfo) info = NULL;
  gint64 t0;
  int code;

  g_option_context_set_summary (ctx,
    "Verifies the container's authentication tag first, then restores the original pixels\n"
    "bit-exactly. A wrong key or a modified file is an error and writes nothing. Containers of\n"
    "DICOM, NIfTI and TIFF files carry the whole file: --original (or an output named .dcm,\n"
    ".nii, .nii.gz, .tif or .tiff) writes it back byte for byte.");
  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!dkg_cli_parse (ctx, "decrypt", &argc, &argv, &code))
    return code;
  if ((keyfile == NULL) == (priv == NULL) || output == NULL || inputs == NULL || g_strv_length (inputs) != 1)
    return dkg_cli_usage_error ("decrypt", "-k KEY.png or --private PRIV, -o OUT.png and one CIPHER.png are required");
  if (dkg_cli_same_file (inputs[0], output))
    return dkg_cli_usage_error ("decrypt", "the output would overwrite the input “%s”", output);
  key = keyfile != NULL ? dkg_image_load (keyfile, NULL, &error)
                         : dkg_cli_key_from_private (inputs[0], priv, &error);
  if (key == NULL)
    return dkg_cli_fail ("decrypt", g_steal_pointer (&error));
  t0 = g_get_monotonic_time ();
  if (want_original || output_names_original (output))
    {
      if (!dkg_container_decrypt_original_to_file (inputs[0], key, output, &info, &error))
        return dkg_cli_fail ("decrypt", g_steal_pointer (&error));
      printf ("Wrote %s: the original %s file, %" G_GUINT64_FORMAT " bytes (%s, authenticated) "
              "in %.1f ms\n", output, info->source_format != NULL ? info->source_format : "source",
              info->original_len, dkg_container_scheme_to_string (info->scheme),
              (g_get_monotonic_time () - t0) / 1000.0);
      return DKG_EXIT_OK;
    }
  if (!dkg_container_decrypt_to_png_file (inputs[0], key, output, &info, &error))
    return dkg_cli_fail ("decrypt", g_steal_pointer (&error));
  printf ("Wrote %s: %u×%u, %u channel%s, %u-bit%s (%s, authenticated) in %.1f ms\n", output,
          info->width, info->height, info->channels, info->channels == 1 ? "" : "s",
          info->bit_depth, info->is_signed ? " signed" : "",
          dkg_container_scheme_to_string (info->scheme), (g_get_monotonic_time () - t0) / 1000.0);
  return DKG_EXIT_OK;
}

/* ------------------------------------------------------------------------------------------ */

int
dkg_cli_info (int argc, char **argv)
{
  g_auto(GStrv) inputs = NULL;
  GOptionEntry entries[] = {
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &inputs, NULL, "FILE" },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new ("FILE… — describe images, containers and models");
  int code;

  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!dkg_cli_parse (ctx, "info", &argc, &argv, &code))
    return code;
  if (inputs == NULL)
    return dkg_cli_usage_error ("info", "give at least one FILE");
  for (guint i = 0; inputs[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DkgContainerInfo) info = dkg_container_read_info_file (inputs[i], NULL);
      g_autoptr(DkgSafetensors) st = NULL;
      g_autoptr(DkgNet) net = NULL;
      g_autoptr(DkgImage) im = NULL;

      if (info != NULL)
        {
          g_autofree char *json = dkg_container_info_to_json (info);
          printf ("%s: DeepKeyGen container\n%s\n", inputs[i], json);
          continue;
        }
      net = dkg_model_load (inputs[i], &st, NULL);
      if (net != NULL)
        {
          g_auto(GStrv) keys = dkg_safetensors_list_metadata_keys (st);
          printf ("%s: %s model, %zu parameters\n", inputs[i], dkg_arch_to_string (net->arch),
                  dkg_net_n_params (net));
          for (guint k = 0; keys[k] != NULL; k++)
            printf ("  %s: %s\n", keys[k], dkg_safetensors_get_metadata (st, keys[k]));
          continue;
        }
      im = dkg_image_load (inputs[i], NULL, &error);
      if (im == NULL)
        return dkg_cli_fail ("info", g_steal_pointer (&error));
      {
        g_autofree char *desc = describe_image (im);
        printf ("%s: image, %s\n", inputs[i], desc);
      }
    }
  return DKG_EXIT_OK;
}
