/* dkg-cli-curves.c — deepkeygen curves: training curves from a metrics CSV as a figure
 *
 * The CSV is read by the core's dkg_metrics_load() (src/core/train/dkg-metrics.c), as the
 * app's Training page reads it; this file lays out the panels and exports them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "dkg-cli.h"
#include "dkg-metrics.h"
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
  g_autoptr(DkgMetrics) metrics = NULL;
  const double *x;
  guint n_rows;
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
  metrics = dkg_metrics_load (inputs[0], &error);
  if (metrics == NULL)
    return dkg_cli_fail ("curves", g_steal_pointer (&error));
  x = dkg_metrics_get_iterations (metrics);
  n_rows = dkg_metrics_get_n_rows (metrics);

  dkg_plot_style_init_light (&style);
  for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
    {
      /* losses and W on top; D values below; key entropy, key std on their own */
      guint panel = c < 2 || c == 5 ? 0 : c < KEY_FIRST ? 1 : 2 + (c - KEY_FIRST);
      const double *y = dkg_metrics_get_column (metrics, columns[c]);

      kx[c] = g_array_new (FALSE, FALSE, sizeof (double));
      ky[c] = g_array_new (FALSE, FALSE, sizeof (double));
      for (guint k = 0; y != NULL && k < n_rows; k++)
        if (isfinite (y[k]))
          {
            g_array_append_val (kx[c], x[k]);
            g_array_append_val (ky[c], y[k]);
          }
      if (ky[c]->len == 0)
        continue;
      curves[panel][n_curves[panel]] = c < KEY_FIRST
        ? (DkgPlotCurve) { columns[c], x, y, n_rows, dkg_plot_style_series_color (&style, c) }
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
  printf ("Wrote %s (%u iterations)\n", wrote->str, n_rows);
  for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
    {
      g_array_unref (kx[c]);
      g_array_unref (ky[c]);
    }
  return DKG_EXIT_OK;
}
