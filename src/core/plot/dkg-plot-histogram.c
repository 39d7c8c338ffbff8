/* dkg-plot-histogram.c — histograms of one or more series (docs/SPECIFICATION.md §6.2)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "dkg-plot-histogram.h"
#include "dkg-plot-private.h"

static DkgPlotColor
series_color (const DkgPlotStyle     *style,
              const DkgPlotHistogram *d,
              guint                   s)
{
  if (d->series[s].color != NULL)
    return *d->series[s].color;
  return *dkg_plot_style_series_color (style, s);
}

static gboolean
has_expected (const DkgPlotHistogram *d)
{
  return isfinite (d->expected) && d->expected > 0;
}

static void
histogram_setup (cairo_t                *cr,
                 double                  width,
                 double                  height,
                 const DkgPlotStyle     *style,
                 gconstpointer           data,
                 DkgPlotFrameSpec       *spec,
                 DkgPlotFrame           *f)
{
  const DkgPlotHistogram *d = data;
  guint64 max = 0, min_pos = G_MAXUINT64;
  double ymax;

  for (guint s = 0; s < d->n_series; s++)
    for (guint i = 0; i < d->n_bins; i++)
      {
        guint64 c = d->series[s].counts[i];

        max = MAX (max, c);
        if (c > 0)
          min_pos = MIN (min_pos, c);
      }
  ymax = (double) max;
  if (has_expected (d))
    ymax = MAX (ymax, d->expected);

  memset (spec, 0, sizeof *spec);
  spec->title = d->title;
  spec->x_label = d->x_label;
  spec->y_label = d->y_label;
  spec->x_lo = d->x_min;
  spec->x_hi = d->x_max;
  spec->y_grid = TRUE;
  if (d->log_y)
    {
      double lo = min_pos == G_MAXUINT64 ? 1 : (double) min_pos;

      if (has_expected (d))
        lo = MIN (lo, d->expected);
      /* Half a decade below the smallest count, so that a bin of count 1 is still a bar. */
      spec->y_lo = pow (10, floor (log10 (lo))) * 0.5;
      spec->y_hi = MAX (ymax, spec->y_lo * 10) * 2;
      spec->y_log = TRUE;
    }
  else
    {
      spec->y_lo = 0;
      spec->y_hi = ymax * 1.04;
      spec->y_extend = TRUE;
    }
  for (guint s = 0; s < d->n_series && spec->n_legend < DKG_PLOT_MAX_LEGEND; s++)
    if (d->series[s].label != NULL)
      {
        DkgPlotLegendEntry *e = &spec->legend[spec->n_legend++];

        e->label = d->series[s].label;
        e->color = series_color (style, d, s);
        if (d->mode == DKG_PLOT_HISTOGRAM_STEPS)
          e->kind = DKG_PLOT_LEGEND_LINE;
        else
          e->kind = d->n_series > 1 ? DKG_PLOT_LEGEND_PATCH_LIGHT : DKG_PLOT_LEGEND_PATCH;
      }
  if (has_expected (d) && spec->n_legend < DKG_PLOT_MAX_LEGEND)
    {
      DkgPlotLegendEntry *e = &spec->legend[spec->n_legend++];

      e->label = d->expected_label != NULL ? d->expected_label : "Uniform";
      e->color = style->foreground;
      e->kind = DKG_PLOT_LEGEND_DASH;
    }
  _dkg_plot_frame_layout (f, cr, style, spec, width, height);
}

static gboolean
check_args (gconstpointer data)
{
  const DkgPlotHistogram *d = data;

  g_return_val_if_fail (d != NULL, FALSE);
  g_return_val_if_fail (d->n_bins >= 1, FALSE);
  g_return_val_if_fail (d->n_series >= 1 && d->series != NULL, FALSE);
  g_return_val_if_fail (d->x_max > d->x_min, FALSE);
  for (guint s = 0; s < d->n_series; s++)
    g_return_val_if_fail (d->series[s].counts != NULL, FALSE);
  return TRUE;
}

/* The outline of the runs of non-empty bins: up from the axis, along the bar tops, down to
 * the axis. @close closes each run into a polygon (to fill); open runs are for stroking, so
 * that empty bins draw nothing at all. */
static void
path_runs (cairo_t                *cr,
           const DkgPlotFrame     *f,
           const DkgPlotHistogram *d,
           const guint64          *counts,
           gboolean                close)
{
  double base = f->y0 + f->h;
  double bw = (d->x_max - d->x_min) / d->n_bins;
  guint i = 0;

  while (i < d->n_bins)
    {
      guint j;

      if (counts[i] == 0)
        {
          i++;
          continue;
        }
      cairo_move_to (cr, _dkg_plot_frame_x (f, d->x_min + i * bw), base);
      for (j = i; j < d->n_bins && counts[j] > 0; j++)
        {
          double y = _dkg_plot_frame_y (f, (double) counts[j]);

          cairo_line_to (cr, _dkg_plot_frame_x (f, d->x_min + j * bw), y);
          cairo_line_to (cr, _dkg_plot_frame_x (f, d->x_min + (j + 1) * bw), y);
        }
      cairo_line_to (cr, _dkg_plot_frame_x (f, d->x_min + j * bw), base);
      if (close)
        cairo_close_path (cr);
      i = j;
    }
}

/* Separate bars with gaps, when bins are wide enough to show them. */
static void
path_bars (cairo_t                *cr,
           const DkgPlotFrame     *f,
           const DkgPlotHistogram *d,
           const guint64          *counts)
{
  double base = f->y0 + f->h;
  double bw = (d->x_max - d->x_min) / d->n_bins;
  double gap = MAX (1.0, 0.15 * f->w / d->n_bins);

  for (guint i = 0; i < d->n_bins; i++)
    {
      double xa, xb, y;

      if (counts[i] == 0)
        continue;
      xa = _dkg_plot_frame_x (f, d->x_min + i * bw) + gap / 2;
      xb = _dkg_plot_frame_x (f, d->x_min + (i + 1) * bw) - gap / 2;
      y = _dkg_plot_frame_y (f, (double) counts[i]);
      cairo_rectangle (cr, xa, y, xb - xa, base - y);
    }
}

static void
draw_series (cairo_t                *cr,
             const DkgPlotFrame     *f,
             const DkgPlotStyle     *style,
             gconstpointer           data)
{
  const DkgPlotHistogram *d = data;
  gboolean multi = d->n_series > 1;

  cairo_save (cr);
  _dkg_plot_frame_clip (f, cr);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_MITER);
  for (guint s = 0; s < d->n_series; s++)
    {
      const guint64 *counts = d->series[s].counts;
      DkgPlotColor color = series_color (style, d, s);

      cairo_new_path (cr);
      if (d->mode == DKG_PLOT_HISTOGRAM_STEPS)
        {
          path_runs (cr, f, d, counts, FALSE);
          cairo_set_line_width (cr, style->line_width);
          _dkg_plot_set_color (cr, &color, 1.0);
          cairo_stroke (cr);
        }
      else if (!multi)
        {
          if (f->w / d->n_bins >= 5)
            path_bars (cr, f, d, counts);
          else
            path_runs (cr, f, d, counts, TRUE);
          _dkg_plot_set_color (cr, &color, 1.0);
          cairo_fill (cr);
        }
      else
        {
          path_runs (cr, f, d, counts, TRUE);
          _dkg_plot_set_color (cr, &color, 0.3);
          cairo_fill (cr);
          path_runs (cr, f, d, counts, FALSE);
          cairo_set_line_width (cr, MAX (0.75, style->line_width * 0.75));
          _dkg_plot_set_color (cr, &color, 1.0);
          cairo_stroke (cr);
        }
    }
  if (has_expected (d))
    {
      double lw = MAX (1.0, style->line_width);
      double dash[2] = { 4 * lw, 3 * lw };
      double y = _dkg_plot_frame_y (f, d->expected);

      cairo_set_dash (cr, dash, 2, 0);
      cairo_set_line_width (cr, lw);
      _dkg_plot_set_color (cr, &style->foreground, 0.85);
      cairo_move_to (cr, f->x0, y);
      cairo_line_to (cr, f->x0 + f->w, y);
      cairo_stroke (cr);
    }
  cairo_restore (cr);
}

/**
 * dkg_plot_render_histogram:
 * @cr: the cairo context to draw into
 * @width: figure width in device units (pixels on an image surface, points on PDF/SVG), > 0
 * @height: figure height in device units, > 0
 * @style: colours, fonts and line widths
 * @histogram: the data
 *
 * Draws a histogram figure into the rectangle (0, 0)–(@width, @height) of @cr: title, legend
 * (one entry per labelled series, plus the uniform expectation), the count axis starting at 0
 * (or logarithmic, half a decade below the smallest non-zero count) with "nice" ticks and
 * horizontal grid lines, and the value axis spanning exactly [@histogram->x_min,
 * @histogram->x_max]. Empty bins draw nothing. The state of @cr is left as it was.
 */
void
dkg_plot_render_histogram (cairo_t                *cr,
                           double                  width,
                           double                  height,
                           const DkgPlotStyle     *style,
                           const DkgPlotHistogram *histogram)
{
  _dkg_plot_render_framed (cr, width, height, style, check_args, histogram_setup, draw_series,
                           histogram);
}

/**
 * dkg_plot_histogram_func:
 * @cr: the cairo context to draw into
 * @width: figure width in device units, > 0
 * @height: figure height in device units, > 0
 * @style: colours and fonts
 * @histogram: a #DkgPlotHistogram
 *
 * dkg_plot_render_histogram() as a #DkgPlotRenderFunc, for dkg_plot_export() and #DkgPlotPdf.
 */
void
dkg_plot_histogram_func (cairo_t            *cr,
                         double              width,
                         double              height,
                         const DkgPlotStyle *style,
                         gconstpointer       histogram)
{
  dkg_plot_render_histogram (cr, width, height, style, histogram);
}

/**
 * dkg_plot_layout_histogram:
 * @width: figure width in device units, > 0
 * @height: figure height in device units, > 0
 * @style: colours and fonts
 * @histogram: the data
 * @area: (out caller-allocates): where dkg_plot_render_histogram() puts the plot area and
 *   which value and count ranges its edges stand for
 *
 * Lays the figure out as dkg_plot_render_histogram() would, without drawing: for mapping a
 * pointer position to a bin. Text is measured on an image surface; on another surface type the
 * area may differ by a fraction of a unit.
 */
void
dkg_plot_layout_histogram (double                  width,
                           double                  height,
                           const DkgPlotStyle     *style,
                           const DkgPlotHistogram *histogram,
                           DkgPlotArea            *area)
{
  _dkg_plot_layout_framed (width, height, style, check_args, histogram_setup, histogram, area);
}

/**
 * dkg_plot_histogram_rebin:
 * @counts: (array length=n_bins): counts in @n_bins bins, e.g. the 65536 levels of a 16-bit
 *   channel
 * @n_bins: input bins, ≥ 1
 * @out: (out caller-allocates) (array length=n_out): the coarser counts
 * @n_out: output bins, 1 … @n_bins, e.g. 256 or 1024
 *
 * Sums adjacent bins: input bin i goes to output bin ⌊i·@n_out/@n_bins⌋, so the value range
 * is unchanged and every output bin gathers @n_bins/@n_out input bins when that divides
 * exactly (as 65536/1024 does). The total count is preserved.
 */
void
dkg_plot_histogram_rebin (const guint64 *counts,
                          guint          n_bins,
                          guint64       *out,
                          guint          n_out)
{
  g_return_if_fail (counts != NULL && out != NULL);
  g_return_if_fail (n_out >= 1 && n_out <= n_bins);

  memset (out, 0, n_out * sizeof *out);
  for (guint i = 0; i < n_bins; i++)
    out[(guint64) i * n_out / n_bins] += counts[i];
}
