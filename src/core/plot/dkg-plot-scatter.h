/* dkg-plot-scatter.h — adjacent-pixel correlation scatter plots (docs/SPECIFICATION.md §6.4)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "dkg-correlation.h"
#include "dkg-plot-axis.h"
#include "dkg-plot-style.h"

G_BEGIN_DECLS

/**
 * DkgPlotScatter:
 * @title: (nullable): title above the plot, e.g. "Horizontal"
 * @x_label: (nullable): x-axis label, e.g. "Pixel value at (x, y)"
 * @y_label: (nullable): y-axis label, e.g. "Pixel value at (x + 1, y)"
 * @n_points: points, ≥ 0
 * @u: (array length=n_points): x coordinates (first pixel of each pair)
 * @v: (array length=n_points): y coordinates (second pixel of each pair)
 * @min_value: lower end of both axes, e.g. 0 (−32768 for signed 16-bit)
 * @max_value: upper end of both axes, > @min_value, e.g. 2^bits − 1
 * @r: the correlation coefficient printed in the top-left corner, −1 … 1; NaN prints
 *   "r undefined"
 * @hide_r: print no correlation coefficient
 * @color: (nullable): point colour; %NULL: the style's first series colour
 * @alpha: opacity of one point, 0 … 1; 0 chooses it from @n_points (about 0.85 for a few
 *   hundred points down to 0.12 for 10⁵), so that dense regions look dense
 *
 * The points of a correlation scatter plot. Both axes span the same range, and the plot area
 * is square.
 */
typedef struct
{
  const char          *title;
  const char          *x_label;
  const char          *y_label;
  guint                n_points;
  const gint32        *u;
  const gint32        *v;
  double               min_value;
  double               max_value;
  double               r;
  gboolean             hide_r;
  const DkgPlotColor  *color;
  double               alpha;
} DkgPlotScatter;

void  dkg_plot_scatter_init_from_sample (DkgPlotScatter              *scatter,
                                         const DkgCorrelationSample  *sample,
                                         guint                        bit_depth,
                                         gboolean                     is_signed);
void  dkg_plot_render_scatter           (cairo_t                     *cr,
                                         double                       width,
                                         double                       height,
                                         const DkgPlotStyle          *style,
                                         const DkgPlotScatter        *scatter);
void  dkg_plot_scatter_func             (cairo_t                     *cr,
                                         double                       width,
                                         double                       height,
                                         const DkgPlotStyle          *style,
                                         gconstpointer                scatter);
void  dkg_plot_layout_scatter           (double                       width,
                                         double                       height,
                                         const DkgPlotStyle          *style,
                                         const DkgPlotScatter        *scatter,
                                         DkgPlotArea                 *area);

G_END_DECLS
