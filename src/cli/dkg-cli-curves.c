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
#include "plot/dkg-plot.h"
#include "train/dkg-metrics.h"

/* Column names of the trainer's metrics CSV (dkg_trainer_set_metrics_path). */
static const char *const columns[] = { "loss_g", "loss_d", "d_real", "d_fake", "d_accuracy",
                                       "wasserstein", "gp" };

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
  DkgPlotCurve curves[2][G_N_ELEMENTS (columns)];
  guint n_curves[2] = { 0, 0 };
  DkgPlotCurves plots[2];
  DkgPlotStyle style;
  DkgPlotFormat format;
  int code;

  g_option_context_set_summary (ctx,
    "Draws the losses (top) and the discriminator's or critic's values (bottom) logged by\n"
    "`deepkeygen train --metrics`, with an exponential moving average over the raw values.");
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
  n_rows = dkg_metrics_get_n_rows (metrics);
  x = dkg_metrics_get_iterations (metrics);

  dkg_plot_style_init_light (&style);
  for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
    {
      guint panel = c < 2 || c == 5 ? 0 : 1;        /* losses and W on top; D values below */
      if (!dkg_metrics_has_values (metrics, columns[c]))
        continue;
      curves[panel][n_curves[panel]] = (DkgPlotCurve) {
        columns[c], x, dkg_metrics_get_column (metrics, columns[c]), n_rows,
        dkg_plot_style_series_color (&style, c) };
      n_curves[panel]++;
    }
  for (int p = 0; p < 2; p++)
    {
      memset (&plots[p], 0, sizeof plots[p]);
      plots[p].title = p == 0 ? (title ? title : "Training losses") : "Discriminator / critic";
      plots[p].x_label = "iteration";
      plots[p].y_label = p == 0 ? "value" : "value";
      plots[p].n_curves = n_curves[p];
      plots[p].curves = curves[p];
      plots[p].smoothing = smoothing;
      plots[p].y_range = DKG_PLOT_Y_RANGE_ROBUST;
      plots[p].y_quantile = 0.01;
      plots[p].x_min = plots[p].x_max = NAN;
      plots[p].y_min = plots[p].y_max = NAN;
      plots[p].legend_values = TRUE;
    }
  if (!dkg_plot_export (output, format, 900, 420, dkg_plot_curves_func, &plots[0], &style, &error))
    return dkg_cli_fail ("curves", g_steal_pointer (&error));
  if (n_curves[1] > 0)
    {
      g_autofree char *stem = g_strdup (output);
      g_autofree char *second = NULL;
      char *dot = strrchr (stem, '.');
      *dot = '\0';
      second = g_strdup_printf ("%s-discriminator.%s", stem, dkg_plot_format_extension (format));
      if (!dkg_plot_export (second, format, 900, 420, dkg_plot_curves_func, &plots[1], &style, &error))
        return dkg_cli_fail ("curves", g_steal_pointer (&error));
      printf ("Wrote %s and %s (%u iterations)\n", output, second, n_rows);
    }
  else
    printf ("Wrote %s (%u iterations)\n", output, n_rows);
  return DKG_EXIT_OK;
}
