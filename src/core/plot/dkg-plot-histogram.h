/* dkg-plot-histogram.h — histograms of one or more series (docs/SPECIFICATION.md §6.2)
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
 * DkgPlotHistogramMode:
 * @DKG_PLOT_HISTOGRAM_BARS: filled bars; with several series, translucent fills with solid
 *   outlines so that every series stays visible
 * @DKG_PLOT_HISTOGRAM_STEPS: outlines only (step curves), for comparing many series
 */
typedef enum
{
  DKG_PLOT_HISTOGRAM_BARS,
  DKG_PLOT_HISTOGRAM_STEPS,
} DkgPlotHistogramMode;

/**
 * DkgPlotHistogramSeries:
 * @label: (nullable): legend text, e.g. "Plain", "Cipher", "R"; %NULL: not in the legend
 * @counts: (array): the counts of the plot's n_bins bins; #DkgHistogram's counts of channel c
 *   are `h->counts + c * h->n_bins`
 * @color: (nullable): the series colour; %NULL: the style's palette colour of the series' index
 */
typedef struct
{
  const char          *label;
  const guint64       *counts;
  const DkgPlotColor  *color;
} DkgPlotHistogramSeries;

/**
 * DkgPlotHistogram:
 * @title: (nullable): title above the plot
 * @x_label: (nullable): x-axis label, e.g. "Pixel value"
 * @y_label: (nullable): y-axis label, e.g. "Count"
 * @n_bins: bins per series, ≥ 1 (256 for 8-bit data; 16-bit data rebinned to 256 or 1024
 *   with dkg_plot_histogram_rebin())
 * @x_min: value at the left edge of bin 0, e.g. 0 (or −32768 for signed 16-bit)
 * @x_max: value at the right edge of the last bin, > @x_min, e.g. 256 or 65536; bin i covers
 *   [@x_min + i·w, @x_min + (i + 1)·w) with w = (@x_max − @x_min)/@n_bins
 * @n_series: series, 1 … 16
 * @series: (array length=n_series): the series, drawn in order (the first one underneath)
 * @mode: bars or steps
 * @log_y: logarithmic count axis; empty bins are then not drawn
 * @expected: counts per bin expected under a uniform distribution, drawn as a dashed line
 *   (n/@n_bins for n samples); 0 or NaN: no line
 * @expected_label: (nullable): legend text of that line; %NULL: "Uniform"
 */
typedef struct
{
  const char                    *title;
  const char                    *x_label;
  const char                    *y_label;
  guint                          n_bins;
  double                         x_min;
  double                         x_max;
  guint                          n_series;
  const DkgPlotHistogramSeries  *series;
  DkgPlotHistogramMode           mode;
  gboolean                       log_y;
  double                         expected;
  const char                    *expected_label;
} DkgPlotHistogram;

void  dkg_plot_render_histogram  (cairo_t                 *cr,
                                  double                   width,
                                  double                   height,
                                  const DkgPlotStyle      *style,
                                  const DkgPlotHistogram  *histogram);
void  dkg_plot_histogram_func    (cairo_t                 *cr,
                                  double                   width,
                                  double                   height,
                                  const DkgPlotStyle      *style,
                                  gconstpointer            histogram);
void  dkg_plot_layout_histogram  (double                   width,
                                  double                   height,
                                  const DkgPlotStyle      *style,
                                  const DkgPlotHistogram  *histogram,
                                  DkgPlotArea             *area);
void  dkg_plot_histogram_rebin   (const guint64           *counts,
                                  guint                    n_bins,
                                  guint64                 *out,
                                  guint                    n_out);

G_END_DECLS
