/* dkg-cli-stego.c — deepkeygen stego (embed, extract, analyze): LSB steganography of patient
 * text, the third seed system (docs/SPECIFICATION.md §5.6, §7)
 *
 * Every number comes from the core (crypto/dkg-lsb-stego.c, analysis/dkg-steganalysis.c);
 * this file parses options and prints.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "dkg-cli.h"
#include "dkg-error.h"
#include "dkg-file.h"
#include "dkg-lsb-stego.h"
#include "dkg-steganalysis.h"

/* Largest --text-file read (the capacity check refuses far less anyway). */
#define MAX_TEXT_FILE (64 * 1024 * 1024)

static int
stego_embed (int argc, char **argv)
{
  g_autofree char *text = NULL;
  g_autofree char *text_file = NULL;
  g_autofree char *output = NULL;
  g_auto(GStrv) inputs = NULL;
  GOptionEntry entries[] = {
    { "text", 't', 0, G_OPTION_ARG_FILENAME, &text, "The text to hide (UTF-8, or the locale's encoding)", "TEXT" },
    { "text-file", 0, 0, G_OPTION_ARG_FILENAME, &text_file, "Read the text from a UTF-8 file", "FILE" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Image to write (PNG, lossless)", "OUT.png" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &inputs, NULL, "IMG" },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx =
    g_option_context_new ("IMG — hide text in an image's least significant bits");
  g_autoptr(GError) error = NULL;
  g_autoptr(DkgImage) image = NULL;
  g_autofree char *desc = NULL;
  gsize len = 0;
  guint64 capacity;
  int code;

  g_option_context_set_summary (ctx,
    "Writes a 32-bit big-endian byte count and the UTF-8 text into the least significant bit of\n"
    "the image's samples, in raster order (grey; R, G, B; alpha is never used; a 16-bit sample\n"
    "uses its lowest bit): the scheme of Prakash et al. (docs/SPECIFICATION.md §5.6). Capacity: one bit per\n"
    "sample, less 4 bytes: the error says how many bytes fit. The output is a PNG: a lossy\n"
    "format would destroy the text.\n"
    "LSB embedding hides, it does not protect: encrypt the result before sending it.");
  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!dkg_cli_parse (ctx, "stego embed", &argc, &argv, &code))
    return code;
  if ((text == NULL) == (text_file == NULL))
    return dkg_cli_usage_error ("stego embed",
                                "give the text with --text TEXT or --text-file FILE");
  if (output == NULL || inputs == NULL || g_strv_length (inputs) != 1)
    return dkg_cli_usage_error ("stego embed", "-o OUT.png and one IMG are required");
  if (dkg_cli_same_file (inputs[0], output))
    return dkg_cli_usage_error ("stego embed", "the output would overwrite the input “%s”", output);
  if (text_file != NULL)
    {
      g_autoptr(GBytes) bytes = dkg_file_get_bytes (text_file, &error);

      if (bytes == NULL)
        return dkg_cli_fail ("stego embed", g_steal_pointer (&error));
      if (g_bytes_get_size (bytes) > MAX_TEXT_FILE)
        return dkg_cli_usage_error ("stego embed", "“%s” is too large for any image", text_file);
      len = g_bytes_get_size (bytes);
      text = g_malloc (len + 1);
      memcpy (text, g_bytes_get_data (bytes, NULL), len);
      text[len] = '\0';
    }
  else if (g_utf8_validate (text, -1, NULL))
    len = strlen (text);
  else
    {
      /* Taken as raw bytes so that UTF-8 passes even in a C locale; otherwise convert. */
      char *converted = g_locale_to_utf8 (text, -1, NULL, &len, NULL);

      if (converted == NULL)
        return dkg_cli_usage_error ("stego embed", "--text is neither UTF-8 nor valid in the "
                                    "locale's encoding");
      g_free (text);
      text = converted;
    }

  image = dkg_image_load (inputs[0], NULL, &error);
  if (image == NULL)
    return dkg_cli_fail ("stego embed", g_steal_pointer (&error));
  capacity = dkg_lsb_stego_capacity (image);
  if (!dkg_lsb_stego_embed (image, text, (gssize) len, &error))
    {
      g_prefix_error (&error, "“%s”: ", inputs[0]);
      return dkg_cli_fail ("stego embed", g_steal_pointer (&error));
    }
  if (!dkg_image_save_png (image, output, &error))
    return dkg_cli_fail ("stego embed", g_steal_pointer (&error));
  desc = dkg_cli_describe_image (image, FALSE);
  printf ("Wrote %s: %" G_GSIZE_FORMAT " bytes of UTF-8 text (%ld characters) in the least "
          "significant bits of %s (%s), %.1f%% of its capacity of %" G_GUINT64_FORMAT " bytes\n",
          output, len, g_utf8_strlen (text, (gssize) len), inputs[0], desc,
          100.0 * (double) len / (double) capacity, capacity);
  fflush (stdout);
  fprintf (stderr, "Note: LSB embedding is not encryption: anyone can read the text with "
           "“deepkeygen stego extract”. Encrypt the image before sending it.\n");
  return DKG_EXIT_OK;
}

static int
stego_extract (int argc, char **argv)
{
  g_autofree char *output = NULL;
  g_auto(GStrv) inputs = NULL;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Write the text, byte for byte, to FILE (mode 0600) instead of standard output", "FILE" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &inputs, NULL, "IMG" },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx =
    g_option_context_new ("IMG — read text hidden with “stego embed”");
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gsize len = 0;
  int code;

  g_option_context_set_summary (ctx,
    "Prints the hidden text followed by a newline; with -o FILE, writes exactly the embedded\n"
    "bytes. An image without embedded text is an error (exit status 2), never garbage: the\n"
    "length prefix is checked against the image's capacity and the text must be valid UTF-8.\n"
    "Run it on the decrypted image: the ciphers restore every bit, so the text survives.");
  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!dkg_cli_parse (ctx, "stego extract", &argc, &argv, &code))
    return code;
  if (inputs == NULL || g_strv_length (inputs) != 1)
    return dkg_cli_usage_error ("stego extract", "one IMG is required");
  if (output != NULL && dkg_cli_same_file (inputs[0], output))
    return dkg_cli_usage_error ("stego extract", "the output would overwrite the input “%s”",
                                output);
  text = dkg_lsb_stego_extract_file (inputs[0], &len, &error);
  if (text == NULL)
    return dkg_cli_fail ("stego extract", g_steal_pointer (&error));
  if (output != NULL)
    {
      if (!dkg_file_set_contents (output, text, len, 0600, &error))
        return dkg_cli_fail ("stego extract", g_steal_pointer (&error));
      printf ("Wrote %s: %" G_GSIZE_FORMAT " bytes of UTF-8 text from %s\n", output, len,
              inputs[0]);
      return DKG_EXIT_OK;
    }
  fwrite (text, 1, len, stdout);
  fputc ('\n', stdout);
  return DKG_EXIT_OK;
}

static int
stego_analyze (int argc, char **argv)
{
  g_auto(GStrv) inputs = NULL;
  int points = DKG_STEGANALYSIS_DEFAULT_POINTS;
  GOptionEntry entries[] = {
    { "points", 0, 0, G_OPTION_ARG_INT, &points, "Points of the curve (default 100: 1% steps)", "N" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &inputs, NULL, "IMG" },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new ("IMG — chi-square steganalysis");
  g_autoptr(GError) error = NULL;
  g_autoptr(DkgImage) image = NULL;
  g_autoptr(DkgSteganalysis) s = NULL;
  g_autofree char *desc = NULL;
  guint step;
  int code;

  g_option_context_set_summary (ctx,
    "The chi-square attack of Westfeld & Pfitzmann (1999) on LSB embedding in an 8-bit image:\n"
    "random message bits equalise the counts of each pair of values 2i, 2i + 1. For the first\n"
    "1%, 2%, … 100% of the samples (in embedding order) it prints p, the probability of\n"
    "embedding: near 1 where a message lies, near 0 in a natural image. Noise-like images\n"
    "(ciphertexts, keys) have equal pairs too and are flagged as well.");
  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!dkg_cli_parse (ctx, "stego analyze", &argc, &argv, &code))
    return code;
  if (inputs == NULL || g_strv_length (inputs) != 1)
    return dkg_cli_usage_error ("stego analyze", "one IMG is required");
  if (points < 1 || points > DKG_STEGANALYSIS_MAX_POINTS)
    return dkg_cli_usage_error ("stego analyze", "--points must be 1 to %d",
                                DKG_STEGANALYSIS_MAX_POINTS);
  image = dkg_image_load (inputs[0], NULL, &error);
  if (image == NULL)
    return dkg_cli_fail ("stego analyze", g_steal_pointer (&error));
  s = dkg_steganalysis_chi2_attack (image, (guint) points, &error);
  if (s == NULL)
    {
      g_prefix_error (&error, "“%s”: ", inputs[0]);
      return dkg_cli_fail ("stego analyze", g_steal_pointer (&error));
    }
  desc = dkg_cli_describe_image (image, FALSE);
  printf ("%s: %s; %" G_GUINT64_FORMAT " samples scanned in embedding order%s\n", inputs[0], desc,
          s->n_carriers, image->channels == 2 || image->channels == 4 ? " (alpha excluded)" : "");
  printf ("Chi-square attack (Westfeld & Pfitzmann 1999): probability of embedding p against the "
          "share of the image scanned\n\n");
  printf ("  scanned    samples  pairs           χ²          p\n");
  step = s->n_points >= 20 ? s->n_points / 20 : 1;
  for (guint i = 0; i < s->n_points; i++)
    {
      const DkgSteganalysisPoint *pt = &s->points[i];
      char bar[21];
      int n;

      if ((i + 1) % step != 0 && i + 1 != s->n_points)
        continue;
      if (isnan (pt->p_value))
        {
          printf ("  %6.1f%% %10" G_GUINT64_FORMAT "  %5s %12s %10s\n", 100 * pt->fraction,
                  pt->n_samples, "—", "—", "n/a");
          continue;
        }
      n = (int) lround (20 * pt->p_value);
      memset (bar, '#', (gsize) n);
      bar[n] = '\0';
      printf ("  %6.1f%% %10" G_GUINT64_FORMAT "  %5u %12.2f %10.4f  %s\n", 100 * pt->fraction,
              pt->n_samples, pt->df + 1, pt->chi2, pt->p_value, bar);
    }
  printf ("\n");
  if (s->detected)
    printf ("Verdict: LSB embedding detected in the first ~%.0f%% of the image (p > %.1f up to "
            "there; p = %.4g over the whole image)\n", 100 * s->embedded_fraction,
            DKG_STEGANALYSIS_THRESHOLD, s->p_full);
  else
    printf ("Verdict: no LSB embedding detected (p = %.4g over the whole image)\n", s->p_full);
  return DKG_EXIT_OK;
}

/**
 * dkg_cli_stego:
 * @argc: arguments after "deepkeygen"
 * @argv: argv[0] = "stego", argv[1] the subcommand
 *
 * `deepkeygen stego embed|extract|analyze …` (docs/SPECIFICATION.md §5.6, §7).
 *
 * Returns: the exit status: 0, 1 (internal error) or 2 (usage or input error)
 */
int
dkg_cli_stego (int argc, char **argv)
{
  static const DkgCliSubcommand subs[] = {
    { "embed", stego_embed, "hide UTF-8 text in an image's least significant bits" },
    { "extract", stego_extract, "read the hidden text back (after decryption too)" },
    { "analyze", stego_analyze, "chi-square steganalysis (Westfeld & Pfitzmann): is there hidden text?" },
  };

  return dkg_cli_run_subcommand ("stego", subs, G_N_ELEMENTS (subs),
                         "LSB steganography of patient text, the scheme of Prakash et al. (2023)",
                         argc, argv);
}
