/* dkg-plot-axis.h — "nice" tick positions and tick labels
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/** DKG_PLOT_MAX_TICKS: most ticks an axis carries. */
#define DKG_PLOT_MAX_TICKS 24

/**
 * DkgPlotTicks:
 * @lo: lower end of the axis (data units)
 * @hi: upper end of the axis, > @lo
 * @log: the axis is logarithmic (base 10): ticks are at powers of ten
 * @step: distance between ticks, 1, 2 or 5 × 10^k (linear axes); 10 (log axes: a factor)
 * @n: ticks, 0 … %DKG_PLOT_MAX_TICKS
 * @value: the tick positions, ascending, all within [@lo, @hi]
 */
typedef struct
{
  double    lo;
  double    hi;
  gboolean  log;
  double    step;
  guint     n;
  double    value[DKG_PLOT_MAX_TICKS];
} DkgPlotTicks;

/**
 * DkgPlotArea:
 * @x: left edge of the plot area (inside the axes), device units from the figure's left
 * @y: top edge of the plot area, device units from the figure's top
 * @width: width of the plot area, device units
 * @height: height of the plot area, device units
 * @x_lo: data value at the left edge
 * @x_hi: data value at the right edge
 * @y_lo: data value at the bottom edge
 * @y_hi: data value at the top edge
 * @y_log: the y axis is base-10 logarithmic
 *
 * Where a renderer put its data, as the dkg_plot_layout_*() functions report it: what a widget
 * needs to turn a pointer position into a data value (dkg_plot_area_to_data()) and a test to
 * find a bar or a point (dkg_plot_area_to_device()).
 */
typedef struct _DkgPlotArea
{
  double    x;
  double    y;
  double    width;
  double    height;
  double    x_lo;
  double    x_hi;
  double    y_lo;
  double    y_hi;
  gboolean  y_log;
} DkgPlotArea;

void    dkg_plot_area_to_device (const DkgPlotArea  *area,
                                 double              data_x,
                                 double              data_y,
                                 double             *device_x,
                                 double             *device_y);
void    dkg_plot_area_to_data   (const DkgPlotArea  *area,
                                 double              device_x,
                                 double              device_y,
                                 double             *data_x,
                                 double             *data_y);
gboolean dkg_plot_area_contains (const DkgPlotArea  *area,
                                 double              device_x,
                                 double              device_y);

void    dkg_plot_ticks_linear (DkgPlotTicks        *ticks,
                               double               lo,
                               double               hi,
                               guint                max_ticks,
                               gboolean             extend);
void    dkg_plot_ticks_log    (DkgPlotTicks        *ticks,
                               double               lo,
                               double               hi);
gsize   dkg_plot_ticks_format (const DkgPlotTicks  *ticks,
                               double               value,
                               char                *buf,
                               gsize                size);

G_END_DECLS
