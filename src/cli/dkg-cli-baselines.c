/* dkg-cli-baselines.c — deepkeygen baselines: classic key generators side by side
 * (docs/SPECIFICATION.md §6.10, §7)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>

#include "dkg-baseline-eval.h"
#include "dkg-baselines.h"
#include "dkg-cli.h"
#include "dkg-data.h"
#include "dkg-nist.h"

int
dkg_cli_baselines (int argc, char **argv)
{
  g_autofree char *seed_path = NULL;
  gboolean json = FALSE, no_nist = FALSE;
  GOptionEntry entries[] = {
    { "seed", 's', 0, G_OPTION_ARG_FILENAME, &seed_path, "Seed image (default: the shipped colin27 MRI slice)", "IMG" },
    { "no-nist", 0, 0, G_OPTION_ARG_NONE, &no_nist, "Skip NIST SP 800-22 (about 0.3 s per generator)", NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print JSON (docs/CLI-JSON.md)", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new ("— classic key generators side by side (Tables XVII–XIX)");
  g_autoptr(GError) error = NULL;
  g_autoptr(DkgImage) seed = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  int code;

  g_option_context_set_summary (ctx,
    "Generates a 256×256×3 key (196,608 bytes) with each baseline generator of docs/SPECIFICATION.md\n"
    "§6.10 — logistic-map chaotic, LCG, Mersenne Twister (GLib), RC4, textbook RSA-2048,\n"
    "ChaCha20, the OS CSPRNG — and reports generation time, entropy, χ² and NIST results.");
  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!dkg_cli_parse (ctx, "baselines", &argc, &argv, &code))
    return code;
  if (seed_path == NULL && (seed_path = dkg_data_find ("data/samples/colin27_ch2_axial_z090_8bit.png")) == NULL)
    return dkg_cli_usage_error ("baselines", "give --seed IMG");
  if ((seed = dkg_image_load (seed_path, NULL, &error)) == NULL)
    return dkg_cli_fail ("baselines", g_steal_pointer (&error));

  if (json)
    {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "format");
      json_builder_add_string_value (b, "deepkeygen-baselines-1");
      json_builder_set_member_name (b, "generators");
      json_builder_begin_array (b);
    }
  else
    printf ("%-26s %10s %9s %9s %10s  %s\n", "generator", "time (ms)", "entropy", "ideal",
            "χ² p", "NIST pass/fail/n.a.");
  for (int i = 0; i < DKG_N_BASELINES; i++)
    {
      g_autoptr(DkgBaselineResult) r = dkg_baseline_evaluate ((DkgBaseline) i, seed, 256, 256,
                                                              !no_nist, NULL, &error);
      guint np = 0, nf = 0, nn = 0;

      if (r == NULL)
        return dkg_cli_fail ("baselines", g_steal_pointer (&error));
      if (r->nist != NULL)
        {
          np = dkg_nist_report_count_status (r->nist, DKG_NIST_STATUS_PASS);
          nf = dkg_nist_report_count_status (r->nist, DKG_NIST_STATUS_FAIL);
          nn = dkg_nist_report_count_status (r->nist, DKG_NIST_STATUS_NOT_APPLICABLE);
        }
      if (json)
        {
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "id");
          json_builder_add_string_value (b, dkg_baseline_get_id ((DkgBaseline) i));
          json_builder_set_member_name (b, "name");
          json_builder_add_string_value (b, dkg_baseline_get_name ((DkgBaseline) i));
          dkg_cli_json_int (b, "bytes", (gint64) r->n_bytes);
          dkg_cli_json_number (b, "generation_ms", r->generation_ms);
          dkg_cli_json_number (b, "entropy", r->entropy);
          dkg_cli_json_number (b, "entropy_ideal", r->entropy_expected);
          dkg_cli_json_number (b, "chi2", r->chi2);
          dkg_cli_json_number (b, "chi2_p_value", r->chi2_p_value);
          json_builder_set_member_name (b, "deterministic");
          json_builder_add_boolean_value (b, r->deterministic);
          if (r->nist != NULL)
            {
              dkg_cli_json_int (b, "nist_passed", np);
              dkg_cli_json_int (b, "nist_failed", nf);
              dkg_cli_json_int (b, "nist_not_applicable", nn);
            }
          json_builder_end_object (b);
        }
      else
        printf ("%-26s %10.2f %9.5f %9.5f %10.3g  %s\n", dkg_baseline_get_name ((DkgBaseline) i),
                r->generation_ms, r->entropy, r->entropy_expected, r->chi2_p_value,
                r->nist ? g_strdup_printf ("%u/%u/%u", np, nf, nn) : "—");
    }
  if (json)
    {
      json_builder_end_array (b);
      json_builder_end_object (b);
      dkg_cli_print_json (b);
    }
  return DKG_EXIT_OK;
}
