/* dkg-cli-nist.c — deepkeygen nist (docs/SPECIFICATION.md §6.7, §7)
 *
 * NIST SP 800-22 rev 1a on a file's bits or a key image's bytes; every number comes from the
 * core's NIST module, this file only reads the input, cuts it into streams and prints.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>

#include "dkg-nist.h"
#include "dkg-keystream.h"
#include "dkg-cli.h"
#include "dkg-error.h"

int
dkg_cli_nist (int argc, char **argv)
{
  g_autofree char *key_path = NULL;
  g_auto(GStrv) inputs = NULL;
  gint64 n_bits = 0, n_streams = 1;
  gboolean ascii = FALSE, json = FALSE;
  GOptionEntry entries[] = {
    { "key", 'k', 0, G_OPTION_ARG_FILENAME, &key_path, "Test a key image's bytes (raster order, channels interleaved, MSB first)", "KEY.png" },
    { "ascii", 0, 0, G_OPTION_ARG_NONE, &ascii, "FILE holds ASCII 0/1 (whitespace ignored), like NIST's data.e", NULL },
    { "bits", 'n', 0, G_OPTION_ARG_INT64, &n_bits, "Bits per stream (default: all)", "N" },
    { "streams", 's', 0, G_OPTION_ARG_INT64, &n_streams, "Number of consecutive streams of N bits (default 1)", "S" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print JSON (the format of dkg_nist_report_to_json)", NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &inputs, NULL, "FILE" },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new ("FILE|--key KEY.png — NIST SP 800-22 rev 1a, all 15 tests");
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *bytes = NULL;
  gsize total_bits = 0;
  int code;

  g_option_context_set_summary (ctx,
    "Runs the 15 tests of NIST SP 800-22 rev 1a with the sts-2.1.2 default parameters\n"
    "(printed with the results); pass at α = 0.01; tests whose preconditions fail report\n"
    "“not applicable”. FILE is raw bytes (MSB first) or, with --ascii, 0/1 characters.");
  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!dkg_cli_parse (ctx, "nist", &argc, &argv, &code))
    return code;
  if ((key_path == NULL) == (inputs == NULL || inputs[0] == NULL))
    return dkg_cli_usage_error ("nist", "give either FILE or --key KEY.png");
  if (n_streams < 1 || n_bits < 0)
    return dkg_cli_usage_error ("nist", "--bits and --streams must be positive");

  if (key_path != NULL)
    {
      g_autoptr(DkgImage) key = dkg_image_load (key_path, NULL, &error);
      gsize n;
      if (key == NULL)
        return dkg_cli_fail ("nist", g_steal_pointer (&error));
      bytes = dkg_keystream_image_to_bytes (key, &n);
      total_bits = n * 8;
    }
  else
    {
      g_autofree char *text = NULL;
      gsize len;

      if (!g_file_get_contents (inputs[0], &text, &len, &error))
        return dkg_cli_fail ("nist", g_steal_pointer (&error));
      if (ascii)
        {
          bytes = dkg_nist_parse_ascii (text, (gssize) len, G_MAXSIZE, &total_bits, &error);
          if (bytes == NULL)
            {
              g_prefix_error (&error, "“%s”: ", inputs[0]);
              return dkg_cli_fail ("nist", g_steal_pointer (&error));
            }
        }
      else
        {
          bytes = (guint8 *) g_steal_pointer (&text);
          total_bits = len * 8;
        }
    }
  if (n_bits == 0)
    n_bits = (gint64) (total_bits / (gsize) n_streams);
  if ((guint64) n_bits * (guint64) n_streams > total_bits || n_bits == 0)
    return dkg_cli_usage_error ("nist", "%" G_GINT64_FORMAT " streams of %" G_GINT64_FORMAT
                                " bits need more than the %zu bits given", n_streams, n_bits,
                                total_bits);

  if (json && n_streams == 1)
    {
      g_autoptr(DkgNistReport) rep = dkg_nist_run_all (bytes, (gsize) n_bits, NULL, &error);
      g_autofree char *text = NULL;
      if (rep == NULL)
        return dkg_cli_fail ("nist", g_steal_pointer (&error));
      text = dkg_nist_report_to_json (rep, TRUE);
      printf ("%s\n", text);
      return DKG_EXIT_OK;
    }
  if (json)
    printf ("[\n");
  for (gint64 s = 0; s < n_streams; s++)
    {
      g_autofree guint8 *stream = NULL;
      g_autoptr(DkgNistReport) rep = NULL;
      gsize nbytes = ((gsize) n_bits + 7) / 8;
      guint64 start = (guint64) s * (guint64) n_bits;

      /* Extract bits [start, start + n_bits) MSB first. */
      stream = g_malloc0 (nbytes);
      for (gsize i = 0; i < (gsize) n_bits; i++)
        {
          guint64 bit = start + i;
          if (bytes[bit / 8] & (0x80 >> (bit % 8)))
            stream[i / 8] |= (guint8) (0x80 >> (i % 8));
        }
      rep = dkg_nist_run_all (stream, (gsize) n_bits, NULL, &error);
      if (rep == NULL)
        return dkg_cli_fail ("nist", g_steal_pointer (&error));
      if (json)
        {
          g_autofree char *text = dkg_nist_report_to_json (rep, TRUE);
          printf ("%s%s\n", text, s + 1 < n_streams ? "," : "");
          continue;
        }
      printf ("Stream %" G_GINT64_FORMAT " of %" G_GINT64_FORMAT ": %" G_GINT64_FORMAT " bits%s%s\n",
              s + 1, n_streams, n_bits, key_path ? " of " : " of ", key_path ? key_path : inputs[0]);
      printf ("  %-26s %-14s %10s  %s\n", "test", "status", "p-value", "details");
      for (int t = 0; t < DKG_NIST_N_TESTS; t++)
        {
          const DkgNistResult *r = dkg_nist_report_get_result (rep, (DkgNistTest) t);
          DkgNistStatus st = dkg_nist_result_get_status (r);
          guint np = dkg_nist_result_get_n_p_values (r);

          if (st == DKG_NIST_STATUS_NOT_APPLICABLE)
            printf ("  %-26s %-14s %10s  %s\n", dkg_nist_result_get_name (r), "not applicable",
                    "—", dkg_nist_result_get_reason (r));
          else if (np == 1)
            printf ("  %-26s %-14s %10.6f\n", dkg_nist_result_get_name (r),
                    dkg_nist_status_to_string (st), dkg_nist_result_get_p_value (r, 0));
          else
            {
              double minp = 1;
              for (guint i = 0; i < np; i++)
                minp = MIN (minp, dkg_nist_result_get_p_value (r, i));
              printf ("  %-26s %-14s %10.6f  min of %u p-values; %.1f%% pass (≥ %.1f%% needed)\n",
                      dkg_nist_result_get_name (r), dkg_nist_status_to_string (st), minp, np,
                      100 * dkg_nist_result_get_proportion (r),
                      100 * dkg_nist_result_get_min_proportion (r));
            }
        }
      printf ("  passed %u, failed %u, not applicable %u (α = 0.01)\n",
              dkg_nist_report_count_status (rep, DKG_NIST_STATUS_PASS),
              dkg_nist_report_count_status (rep, DKG_NIST_STATUS_FAIL),
              dkg_nist_report_count_status (rep, DKG_NIST_STATUS_NOT_APPLICABLE));
    }
  if (json)
    printf ("]\n");
  return DKG_EXIT_OK;
}
