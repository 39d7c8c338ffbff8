/* dkg-cli-encrypt.c — deepkeygen encrypt, deepkeygen decrypt: an image into a PNG container
 * and back (docs/SPECIFICATION.md §5.7, §7)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>

#include "dkg-cli.h"
#include "dkg-container.h"

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
  plain = dkg_cli_load_image (inputs[0], frame, slice, &error);
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
    g_autofree char *desc = dkg_cli_describe_image (plain, TRUE);
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
