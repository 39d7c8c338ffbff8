/* dkg-cli-curves.c — deepkeygen curves: training curves from a metrics CSV as a figure
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "dkg-cli.h"
#include "dkg-error.h"
#include "dkg-plot.h"

/* Column names of the trainer's metrics CSV (dkg_trainer_set_metrics_path). */
static const char *const columns[] = { "loss_g", "loss_d", "d_real", "d_fake", "d_accuracy",
                                       "wasserstein", "gp", "key_entropy", "key_std" };
/* columns[KEY_FIRST…] are logged only on key-quality rows: drawn point to point, unsmoothed */
#define KEY_FIRST 7

/* Writes STEM-SUFFIX.EXT next to @output. */
static gboolean
export_beside (const char *output, const char *suffix, DkgPlotFormat format,
               const DkgPlotCurves *plot, const DkgPlotStyle *style, char **path, GError **error)
{
  g_autofree char *stem = g_strdup (output);
  char *dot = strrchr (stem, '.');

  *dot = '\0';
  *path = g_strdup_printf ("%s-%s.%s", stem, suffix, dkg_plot_format_extension (format));
  return dkg_plot_export (*path, format, 900, 420, dkg_plot_curves_func, plot, style, error);
}

int
dkg_cli_curves (int argc, char **argv)
{
  g_autofree char *output = NULL;
  g_autofree char *title = NULL;
  g_auto(GStrv) inputs = NULL;
  double smoothing = 0.98;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Figure to write: .png, .svg or .pdf", "FILE" },
    { "title", 0, 0, G_OPTION_ARG_STRING, &title, "Figure title", "TEXT" },
    { "smoothing", 0, 0, G_OPTION_ARG_DOUBLE, &smoothing, "EMA smoothing β in [0, 1) (default 0.98)", "B" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &inputs, NULL, "METRICS.csv" },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new ("METRICS.csv — training curves as PNG, SVG or PDF");
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) header = NULL;
  GArray *x = g_array_new (FALSE, FALSE, sizeof (double));
  GArray *ys[G_N_ELEMENTS (columns)];
  int col_index[G_N_ELEMENTS (columns)];
  DkgPlotCurve curves[4][G_N_ELEMENTS (columns)];
  guint n_curves[4] = { 0, 0, 0, 0 };
  DkgPlotCurves plots[4];
  GArray *kx[G_N_ELEMENTS (columns)], *ky[G_N_ELEMENTS (columns)];
  g_autoptr(GString) wrote = g_string_new (NULL);
  DkgPlotStyle style;
  DkgPlotFormat format;
  int code;

  g_option_context_set_summary (ctx,
    "Draws the losses, the discriminator's or critic's values (FILE-discriminator) and, when\n"
    "the run measured them, the probe key's entropy and standard deviation (FILE-key-entropy,\n"
    "FILE-key-std) logged by `deepkeygen train --metrics`; losses and D values with an\n"
    "exponential moving average over the raw values.");
  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!dkg_cli_parse (ctx, "curves", &argc, &argv, &code))
    return code;
  if (inputs == NULL || inputs[0] == NULL || output == NULL)
    return dkg_cli_usage_error ("curves", "give METRICS.csv and -o FILE");
  if (!dkg_plot_format_from_path (output, &format))
    return dkg_cli_usage_error ("curves", "-o must end in .png, .svg or .pdf");
  if (dkg_cli_same_file (inputs[0], output))
    return dkg_cli_usage_error ("curves", "-o would write over the metrics file");
  if (!(smoothing >= 0 && smoothing < 1))
    return dkg_cli_usage_error ("curves", "--smoothing must be in [0, 1)");
  if (!g_file_get_contents (inputs[0], &text, NULL, &error))
    return dkg_cli_fail ("curves", g_steal_pointer (&error));
  lines = g_strsplit (text, "\n", -1);
  if (lines[0] == NULL || !g_str_has_prefix (lines[0], "iteration,"))
    {
      g_set_error (&error, DKG_ERROR, DKG_ERROR_INVALID_FILE,
                   "“%s” is not a metrics CSV of deepkeygen train (no “iteration,” header)",
                   inputs[0]);
      return dkg_cli_fail ("curves", g_steal_pointer (&error));
    }
  header = g_strsplit (lines[0], ",", -1);
  for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
    {
      ys[c] = g_array_new (FALSE, FALSE, sizeof (double));
      col_index[c] = -1;
      for (int h = 0; header[h] != NULL; h++)
        if (strcmp (header[h], columns[c]) == 0)
          col_index[c] = h;
    }
  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_auto(GStrv) f = g_strsplit (lines[i], ",", -1);
      double it;

      if (g_strv_length (f) < 2)
        continue;
      it = g_ascii_strtod (f[0], NULL);
      g_array_append_val (x, it);
      for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
        {
          double v = NAN;
          if (col_index[c] >= 0 && (guint) col_index[c] < g_strv_length (f) && f[col_index[c]][0] != '\0')
            v = g_ascii_strtod (f[col_index[c]], NULL);
          g_array_append_val (ys[c], v);
        }
    }
  if (x->len == 0)
    {
      g_set_error (&error, DKG_ERROR, DKG_ERROR_INVALID_FILE, "“%s” has no rows", inputs[0]);
      return dkg_cli_fail ("curves", g_steal_pointer (&error));
    }

  dkg_plot_style_init_light (&style);
  for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
    {
      /* losses and W on top; D values below; key entropy, key std on their own */
      guint panel = c < 2 || c == 5 ? 0 : c < KEY_FIRST ? 1 : 2 + (c - KEY_FIRST);

      kx[c] = g_array_new (FALSE, FALSE, sizeof (double));
      ky[c] = g_array_new (FALSE, FALSE, sizeof (double));
      for (guint k = 0; k < ys[c]->len; k++)
        if (isfinite (g_array_index (ys[c], double, k)))
          {
            g_array_append_val (kx[c], g_array_index (x, double, k));
            g_array_append_val (ky[c], g_array_index (ys[c], double, k));
          }
      if (ky[c]->len == 0)
        continue;
      curves[panel][n_curves[panel]] = c < KEY_FIRST
        ? (DkgPlotCurve) { columns[c], (const double *) x->data, (const double *) ys[c]->data,
                           x->len, dkg_plot_style_series_color (&style, c) }
        : (DkgPlotCurve) { columns[c], (const double *) kx[c]->data, (const double *) ky[c]->data,
                           kx[c]->len, dkg_plot_style_series_color (&style, c - KEY_FIRST) };
      n_curves[panel]++;
    }
  for (int p = 0; p < 4; p++)
    {
      static const char *const titles[] = { NULL, "Discriminator / critic",
                                             "Probe key entropy (bits per byte; ideal ≈ 8)",
                                             "Probe key standard deviation (grey levels; uniform 73.9)" };
      memset (&plots[p], 0, sizeof plots[p]);
      plots[p].title = p == 0 ? (title ? title : "Training losses") : titles[p];
      plots[p].x_label = "iteration";
      plots[p].y_label = p == 2 ? "bits" : p == 3 ? "grey levels" : "value";
      plots[p].n_curves = n_curves[p];
      plots[p].curves = curves[p];
      plots[p].smoothing = p < 2 ? smoothing : 0;
      plots[p].y_range = p < 2 ? DKG_PLOT_Y_RANGE_ROBUST : DKG_PLOT_Y_RANGE_FULL;
      plots[p].y_quantile = 0.01;
      plots[p].x_min = plots[p].x_max = NAN;
      plots[p].y_min = plots[p].y_max = NAN;
      plots[p].legend_values = TRUE;
    }
  if (!dkg_plot_export (output, format, 900, 420, dkg_plot_curves_func, &plots[0], &style, &error))
    return dkg_cli_fail ("curves", g_steal_pointer (&error));
  g_string_append (wrote, output);
  for (int p = 1; p < 4; p++)
    {
      static const char *const suffixes[] = { NULL, "discriminator", "key-entropy", "key-std" };
      g_autofree char *path = NULL;

      if (n_curves[p] == 0)
        continue;
      if (!export_beside (output, suffixes[p], format, &plots[p], &style, &path, &error))
        return dkg_cli_fail ("curves", g_steal_pointer (&error));
      g_string_append_printf (wrote, ", %s", path);
    }
  printf ("Wrote %s (%u iterations)\n", wrote->str, x->len);
  for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
    {
      g_array_unref (ys[c]);
      g_array_unref (kx[c]);
      g_array_unref (ky[c]);
    }
  g_array_unref (x);
  return DKG_EXIT_OK;
}
