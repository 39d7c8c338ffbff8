/* dkg-cli-analyze.c — deepkeygen analyze (docs/SPECIFICATION.md §6, §7)
 *
 * Every number comes from the core's analysis module; this file only chooses and prints.
 * The --json output is documented in docs/CLI-JSON.md and its field names are stable.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "dkg-analysis.h"
#include "dkg-correlation.h"
#include "dkg-differential.h"
#include "dkg-entropy.h"
#include "dkg-histogram.h"
#include "dkg-keyspace.h"
#include "dkg-container.h"
#include "dkg-metric-rows.h"
#include "dkg-cli.h"
#include "dkg-error.h"

static const char *const dir_names[] = { "horizontal", "vertical", "diagonal" };

static void
json_image_metrics (JsonBuilder *b, const char *name, const DkgImage *im,
                    const DkgImageAnalysis *a)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_object (b);
  dkg_cli_json_int (b, "width", im->width);
  dkg_cli_json_int (b, "height", im->height);
  dkg_cli_json_int (b, "channels", im->channels);
  dkg_cli_json_int (b, "bit_depth", im->bit_depth);
  dkg_cli_json_number (b, "entropy", a->entropy.all);
  dkg_cli_json_number (b, "entropy_ideal", a->entropy.expected_all);
  json_builder_set_member_name (b, "entropy_per_channel");
  json_builder_begin_array (b);
  for (guint c = 0; c < im->channels; c++)
    json_builder_add_double_value (b, a->entropy.channel[c]);
  json_builder_end_array (b);
  dkg_cli_json_number (b, "chi2", a->histogram->chi2_all);
  dkg_cli_json_number (b, "chi2_p_value", a->histogram->p_value_all);
  dkg_cli_json_int (b, "chi2_df", a->histogram->df);
  json_builder_set_member_name (b, "correlation");
  json_builder_begin_object (b);
  for (int d = 0; d < DKG_N_DIRECTIONS; d++)
    {
      json_builder_set_member_name (b, dir_names[d]);
      json_builder_begin_array (b);
      for (guint c = 0; c < im->channels; c++)
        {
          const DkgCorrelationValue *v = &a->correlation.value[c][d];
          if (v->defined)
            json_builder_add_double_value (b, v->r);
          else
            json_builder_add_null_value (b);
        }
      json_builder_end_array (b);
    }
  json_builder_end_object (b);
  if (a->local_entropy != NULL)
    {
      const DkgLocalEntropy *le = a->local_entropy;
      json_builder_set_member_name (b, "local_entropy");
      json_builder_begin_object (b);
      dkg_cli_json_number (b, "mean", le->channel[0]);
      dkg_cli_json_int (b, "blocks", le->n_blocks);
      dkg_cli_json_int (b, "block_size", le->block_size);
      dkg_cli_json_number (b, "low_0_05", le->interval[0].h_left);
      dkg_cli_json_number (b, "high_0_05", le->interval[0].h_right);
      json_builder_set_member_name (b, "pass_0_05");
      json_builder_add_boolean_value (b, le->pass[0][0]);
      json_builder_end_object (b);
    }
  json_builder_end_object (b);
}

static void
print_image_metrics (const char *label, const char *path, const DkgImage *im,
                     const DkgImageAnalysis *a)
{
  g_autoptr(DkgMetricRow) chi2 = dkg_metric_row_chi2 (a->histogram, label);

  printf ("%s  %s (%u×%u, %u channel%s, %u-bit%s)\n", label, path, im->width, im->height,
          im->channels, im->channels == 1 ? "" : "s", im->bit_depth, im->is_signed ? " signed" : "");
  printf ("  entropy            %.5f bits (ideal random data of this size: %.5f; maximum %u)\n",
          a->entropy.all, a->entropy.expected_all, im->bit_depth);
  printf ("  histogram χ²       %.1f, df %u, p = %.4g (%s at α = 0.05)\n", chi2->number,
          a->histogram->df, chi2->p_value,
          chi2->verdict == DKG_VERDICT_PASS ? "uniform" : "not uniform");
  for (int d = 0; d < DKG_N_DIRECTIONS; d++)
    {
      printf ("  correlation %-6s", d == 0 ? "H" : d == 1 ? "V" : "D");
      for (guint c = 0; c < im->channels; c++)
        {
          const DkgCorrelationValue *v = &a->correlation.value[c][d];
          if (v->defined)
            printf (" %+.5f", v->r);
          else
            printf (" undefined");
        }
      printf ("\n");
    }
  if (a->local_entropy != NULL)
    {
      g_autoptr(DkgMetricRow) le = dkg_metric_row_local_entropy (a, im->width, im->height, label);
      printf ("  local entropy      %.5f over %u blocks of %u×%u pixels; interval at α = 0.05: "
              "(%.5f, %.5f) %s\n", le->number, a->local_entropy->n_blocks,
              a->local_entropy->block_size, a->local_entropy->block_size, le->low, le->high,
              dkg_verdict_to_string (le->verdict));
    }
  else if (a->local_entropy_note != NULL)
    printf ("  local entropy      %s\n", a->local_entropy_note);
}

/* A ciphertext may be a container: its pixels are read with the plaintext's signedness. */
static DkgImage *
load_cipher (const char *path, GError **error)
{
  g_autoptr(DkgContainerInfo) info = dkg_container_read_info_file (path, NULL);
  DkgImage *im = dkg_image_load (path, NULL, error);

  if (im != NULL && info != NULL)
    im->is_signed = info->is_signed;
  return im;
}

int
dkg_cli_analyze (int argc, char **argv)
{
  g_autofree char *plain_path = NULL;
  g_autofree char *cipher_path = NULL;
  g_autofree char *key_path = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "plain", 'p', 0, G_OPTION_ARG_FILENAME, &plain_path, "Plaintext image", "IMG" },
    { "cipher", 'c', 0, G_OPTION_ARG_FILENAME, &cipher_path, "Ciphertext (a container or any image)", "IMG" },
    { "key", 'k', 0, G_OPTION_ARG_FILENAME, &key_path, "Key image", "KEY.png" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print JSON (docs/CLI-JSON.md)", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new ("— security metrics of images, ciphertexts and keys");
  g_autoptr(GError) error = NULL;
  g_autoptr(DkgImage) plain = NULL;
  g_autoptr(DkgImage) cipher = NULL;
  g_autoptr(DkgImage) key = NULL;
  g_autoptr(DkgImageAnalysis) pa = NULL;
  g_autoptr(DkgImageAnalysis) ca = NULL;
  g_autoptr(DkgImageAnalysis) ka = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  DkgDifferential diff;
  DkgSimilarity sim;
  gboolean pair = FALSE;
  int code;

  g_option_context_set_summary (ctx,
    "Entropy (with the value ideal random data of the same size has), histogram χ² against\n"
    "uniform, adjacent-pixel correlation H/V/D over all pairs, local Shannon entropy with its\n"
    "critical interval; with --plain and --cipher also NPCR/UACI with the Wu et al. (2011)\n"
    "critical values for the actual size and bit depth, MSE, PSNR and SSIM (docs/SPECIFICATION.md §6).");
  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!dkg_cli_parse (ctx, "analyze", &argc, &argv, &code))
    return code;
  if (plain_path == NULL && cipher_path == NULL && key_path == NULL)
    return dkg_cli_usage_error ("analyze", "give at least one of --plain, --cipher, --key");

  if (plain_path != NULL && (plain = dkg_image_load (plain_path, NULL, &error)) == NULL)
    return dkg_cli_fail ("analyze", g_steal_pointer (&error));
  if (cipher_path != NULL && (cipher = load_cipher (cipher_path, &error)) == NULL)
    return dkg_cli_fail ("analyze", g_steal_pointer (&error));
  if (key_path != NULL && (key = dkg_image_load (key_path, NULL, &error)) == NULL)
    return dkg_cli_fail ("analyze", g_steal_pointer (&error));
  if (plain != NULL)
    pa = dkg_image_analysis_compute (plain, NULL);
  if (cipher != NULL)
    ca = dkg_image_analysis_compute (cipher, NULL);
  if (key != NULL)
    ka = dkg_image_analysis_compute (key, NULL);
  if (plain != NULL && cipher != NULL)
    {
      if (!dkg_differential_compute_images (plain, cipher, &diff, &error)
          || !dkg_similarity_compute_images (plain, cipher, &sim, &error))
        return dkg_cli_fail ("analyze", g_steal_pointer (&error));
      pair = TRUE;
    }

  if (json)
    {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "format");
      json_builder_add_string_value (b, "deepkeygen-analyze-1");
      if (pa != NULL)
        json_image_metrics (b, "plain", plain, pa);
      if (ca != NULL)
        json_image_metrics (b, "cipher", cipher, ca);
      if (ka != NULL)
        {
          json_image_metrics (b, "key", key, ka);
          dkg_cli_json_int (b, "key_space_bits",
                            (gint64) dkg_keyspace_nominal_bits (key->width, key->height,
                                                                key->channels, key->bit_depth));
        }
      if (pair)
        {
          json_builder_set_member_name (b, "differential");
          json_builder_begin_object (b);
          dkg_cli_json_number (b, "npcr", diff.all.npcr);
          dkg_cli_json_number (b, "uaci", diff.all.uaci);
          json_builder_set_member_name (b, "critical");
          json_builder_begin_array (b);
          for (int a = 0; a < DKG_ANALYSIS_N_ALPHAS; a++)
            {
              json_builder_begin_object (b);
              dkg_cli_json_number (b, "alpha", diff.all.critical[a].alpha);
              dkg_cli_json_number (b, "npcr_critical", diff.all.critical[a].npcr_critical);
              dkg_cli_json_number (b, "uaci_low", diff.all.critical[a].uaci_low);
              dkg_cli_json_number (b, "uaci_high", diff.all.critical[a].uaci_high);
              json_builder_set_member_name (b, "npcr_pass");
              json_builder_add_boolean_value (b, diff.all.npcr_pass[a]);
              json_builder_set_member_name (b, "uaci_pass");
              json_builder_add_boolean_value (b, diff.all.uaci_pass[a]);
              json_builder_end_object (b);
            }
          json_builder_end_array (b);
          json_builder_end_object (b);
          dkg_cli_json_number (b, "mse", sim.mse_all);
          dkg_cli_json_number (b, "psnr", sim.psnr_all);
          dkg_cli_json_number (b, "ssim", sim.ssim_defined ? sim.ssim_mean : NAN);
        }
      json_builder_end_object (b);
      dkg_cli_print_json (b);
      return DKG_EXIT_OK;
    }

  if (pa != NULL)
    print_image_metrics ("Plaintext ", plain_path, plain, pa);
  if (ca != NULL)
    print_image_metrics ("Ciphertext", cipher_path, cipher, ca);
  if (ka != NULL)
    {
      g_autofree char *ks = dkg_keyspace_describe (key->width, key->height, key->channels,
                                                   key->bit_depth);
      print_image_metrics ("Key       ", key_path, key, ka);
      printf ("  key space          %s\n  (%s)\n", ks, dkg_keyspace_caveat ());
    }
  if (pair)
    {
      printf ("Plaintext vs ciphertext\n");
      printf ("  NPCR %.4f%%   UACI %.4f%%\n", diff.all.npcr, diff.all.uaci);
      for (guint a = 0; a < DKG_ANALYSIS_N_ALPHAS; a++)
        {
          g_autoptr(DkgMetricRow) npcr = dkg_metric_row_npcr (&diff.all, a, NULL);
          g_autoptr(DkgMetricRow) uaci = dkg_metric_row_uaci (&diff.all, a, NULL);

          printf ("  α = %-5g  NPCR ≥ %.4f%%: %s   UACI in (%.4f%%, %.4f%%): %s\n",
                  diff.all.critical[a].alpha, npcr->low, dkg_verdict_to_string (npcr->verdict),
                  uaci->low, uaci->high, dkg_verdict_to_string (uaci->verdict));
        }
      if (sim.ssim_defined)
        printf ("  MSE %.6g   PSNR %.3f dB   SSIM %.6f\n", sim.mse_all, sim.psnr_all, sim.ssim_mean);
      else
        printf ("  MSE %.6g   PSNR %.3f dB   SSIM undefined (image smaller than 11×11)\n",
                sim.mse_all, sim.psnr_all);
    }
  return DKG_EXIT_OK;
}
