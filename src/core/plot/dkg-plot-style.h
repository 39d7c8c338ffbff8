/* dkg-plot-style.h — colours, fonts and line widths shared by every plot renderer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

/** DKG_PLOT_N_SERIES_COLORS: number of colours in #DkgPlotStyle's series palette. */
#define DKG_PLOT_N_SERIES_COLORS 8

/**
 * DkgPlotColor:
 * @r: red, 0 … 1
 * @g: green, 0 … 1
 * @b: blue, 0 … 1
 * @a: opacity, 0 (transparent) … 1 (opaque)
 *
 * A non-premultiplied sRGB colour, as cairo_set_source_rgba() takes it.
 */
typedef struct
{
  double r;
  double g;
  double b;
  double a;
} DkgPlotColor;

/**
 * DkgPlotStyle:
 * @background: figure background
 * @foreground: axes, titles and axis labels
 * @secondary: tick labels, captions and legend text
 * @grid: grid lines and hairline frames around image panels
 * @stripe: shading of alternate table rows, of the table header and of legend boxes
 * @pass: table cells that passed a test (Okabe–Ito bluish green)
 * @fail: table cells that failed a test (Okabe–Ito vermillion)
 * @series: the palette of data series, in order of use: the Okabe–Ito colours (Okabe & Ito
 *   2008, "Color Universal Design"), which stay distinct under the common colour-vision
 *   deficiencies
 * @font_family: (not nullable): a fontconfig family for cairo_select_font_face(), e.g. "Sans";
 *   borrowed, it must outlive the style
 * @font_size: body text size (axis labels, legend, table) in device units: pixels on an image
 *   surface, points on PDF/SVG; tick labels use 0.92× and titles 1.2× of it. 6 … 72
 * @line_width: width of data lines in device units, 0.25 … 10; axes and grid lines are 1
 * @marker_size: diameter of scatter points in device units, 0.5 … 20
 * @draw_text: %FALSE draws no text at all, and lays out from @font_size alone, so that the
 *   picture does not depend on the fonts installed (golden-image tests)
 * @draw_grid: draw grid lines at the major ticks
 * @draw_background: fill the figure with @background first; %FALSE leaves it transparent
 * @title_inset_right: room kept free at the right end of the title line, in device units,
 *   for a button laid over the figure's top right corner (0: none; the title stays centred
 *   over the plot when it fits, and moves left of the inset when it does not)
 *
 * Everything a renderer takes from its surroundings: dark mode is just another style
 * (dkg_plot_style_init_dark()). Styles are plain values: copy them, change a field, pass a
 * pointer.
 */
typedef struct
{
  DkgPlotColor  background;
  DkgPlotColor  foreground;
  DkgPlotColor  secondary;
  DkgPlotColor  grid;
  DkgPlotColor  stripe;
  DkgPlotColor  pass;
  DkgPlotColor  fail;
  DkgPlotColor  series[DKG_PLOT_N_SERIES_COLORS];
  const char   *font_family;
  double        font_size;
  double        line_width;
  double        marker_size;
  gboolean      draw_text;
  gboolean      draw_grid;
  gboolean      draw_background;
  double        title_inset_right;
} DkgPlotStyle;

/**
 * DkgPlotRenderFunc:
 * @cr: the cairo context to draw into; its current transformation maps the figure's
 *   rectangle (0, 0)–(@width, @height) to where it should appear
 * @width: figure width in device units (pixels or points), > 0
 * @height: figure height in device units, > 0
 * @style: colours and fonts
 * @data: the renderer's data (a #DkgPlotHistogram, #DkgPlotCurves, …)
 *
 * The signature shared by every renderer's generic adapter (dkg_plot_histogram_func(), …),
 * as dkg_plot_export() and #DkgPlotPdf take it. A renderer draws only inside its rectangle and
 * leaves the state of @cr as it found it.
 */
typedef void (*DkgPlotRenderFunc) (cairo_t             *cr,
                                   double               width,
                                   double               height,
                                   const DkgPlotStyle  *style,
                                   gconstpointer        data);

void                dkg_plot_style_init_light    (DkgPlotStyle        *style);
void                dkg_plot_style_init_dark     (DkgPlotStyle        *style);
const DkgPlotColor *dkg_plot_style_series_color  (const DkgPlotStyle  *style,
                                                  guint                index);
DkgPlotColor        dkg_plot_style_channel_color (const DkgPlotStyle  *style,
                                                  guint                channel,
                                                  guint                channels);
void                dkg_plot_color_parse_hex     (DkgPlotColor        *color,
                                                  guint32              rgb);

G_END_DECLS
