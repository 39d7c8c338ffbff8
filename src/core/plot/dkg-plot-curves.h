/* dkg-plot-curves.h — training curves (losses, Wasserstein distance, GP, D outputs) over iterations
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "dkg-plot-axis.h"
#include "dkg-plot-style.h"

G_BEGIN_DECLS

/**
 * DkgPlotCurve:
 * @label: (nullable): legend text, e.g. "loss_G"; %NULL: not in the legend
 * @x: (nullable) (array length=n): x values (iterations), ascending; %NULL: x_i = i
 * @y: (array length=n): y values; NaN and ±∞ break the line
 * @n: points, ≥ 0
 * @color: (nullable): line colour; %NULL: the style's palette colour of the curve's index
 */
typedef struct
{
  const char          *label;
  const double        *x;
  const double        *y;
  gsize                n;
  const DkgPlotColor  *color;
} DkgPlotCurve;

/**
 * DkgPlotYRange:
 * @DKG_PLOT_Y_RANGE_ROBUST: from the @y_quantile and 1 − @y_quantile quantiles of all y
 *   values, plus 5 % on each side: a few early spikes (a WGAN critic's first iterations) do
 *   not squash the rest of the curve; they are cut at the plot's edge
 * @DKG_PLOT_Y_RANGE_FULL: from the smallest to the largest finite y value
 * @DKG_PLOT_Y_RANGE_FIXED: [@y_min, @y_max] as given (e.g. 0 … 1 for D(real), D(fake))
 *
 * How #DkgPlotCurves chooses its y range. The first two are widened to "nice" ticks.
 */
typedef enum
{
  DKG_PLOT_Y_RANGE_ROBUST,
  DKG_PLOT_Y_RANGE_FULL,
  DKG_PLOT_Y_RANGE_FIXED,
} DkgPlotYRange;

/**
 * DkgPlotCurves:
 * @title: (nullable): title above the plot
 * @x_label: (nullable): x-axis label, e.g. "Iteration"
 * @y_label: (nullable): y-axis label, e.g. "Loss"
 * @n_curves: curves, 0 … 16
 * @curves: (array length=n_curves): the curves, drawn in order (the first one underneath)
 * @smoothing: weight β of an exponential moving average, 0 ≤ β < 1 (0.9 averages over
 *   about 10 points, 0.99 over about 100): s_i = β·s_{i−1} + (1 − β)·y_i, divided by 1 − β^i
 *   so that it starts at the data rather than at 0 (the debiasing of Adam, Kingma & Ba 2015,
 *   and TensorBoard). When > 0 the raw curves are drawn faint and the averages solid over them
 * @y_range: how the y range is chosen
 * @y_quantile: for %DKG_PLOT_Y_RANGE_ROBUST, the fraction of y values allowed outside the
 *   range at each end, 0 … 0.25; 0 means 0.01
 * @y_min: lower end of the y axis for %DKG_PLOT_Y_RANGE_FIXED
 * @y_max: upper end of the y axis for %DKG_PLOT_Y_RANGE_FIXED, > @y_min
 * @x_min: lower end of the x axis when @x_min < @x_max
 * @x_max: upper end of the x axis when @x_min < @x_max; otherwise the x axis spans the data
 * @legend_values: append each curve's latest value (smoothed, if @smoothing > 0) to its
 *   legend entry: "loss_G  0.693"
 *
 * Several named series over a common x axis, e.g. loss_G, loss_D, Wasserstein distance and
 * GP over training iterations. The arrays may grow between draws: the renderer reads them
 * only while it draws.
 */
typedef struct
{
  const char          *title;
  const char          *x_label;
  const char          *y_label;
  guint                n_curves;
  const DkgPlotCurve  *curves;
  double               smoothing;
  DkgPlotYRange        y_range;
  double               y_quantile;
  double               y_min;
  double               y_max;
  double               x_min;
  double               x_max;
  gboolean             legend_values;
} DkgPlotCurves;

void  dkg_plot_render_curves  (cairo_t              *cr,
                               double                width,
                               double                height,
                               const DkgPlotStyle   *style,
                               const DkgPlotCurves  *curves);
void  dkg_plot_curves_func    (cairo_t              *cr,
                               double                width,
                               double                height,
                               const DkgPlotStyle   *style,
                               gconstpointer         curves);
void  dkg_plot_layout_curves  (double                width,
                               double                height,
                               const DkgPlotStyle   *style,
                               const DkgPlotCurves  *curves,
                               DkgPlotArea          *area);

G_END_DECLS
