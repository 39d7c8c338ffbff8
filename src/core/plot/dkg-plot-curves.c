/* dkg-plot-curves.c — training curves over iterations, decimated per pixel column
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The GUI redraws live curves about 20 times per second while they grow to 10⁵ points and
 * more. Stroking every point would cost milliseconds per curve for a picture of a few hundred
 * columns, so each run of points that falls into one device column is reduced to its first,
 * lowest, highest and last point, in their original order ("M4", Jugel et al., VLDB 2014):
 * the stroked polyline covers the pixels of the full one, with at most 4 vertices per column.
 * Noisy raw curves with several points per column are still slow to stroke as a zigzag, so
 * unless the target is a vector document they are filled as a band of per-column extents
 * instead (path_band()).
 * The y range comes from quantiles of a subsample of at most 16384 values (quickselect, O(n)).
 */
#include <math.h>
#include <string.h>

#include "dkg-plot-curves.h"
#include "dkg-plot-private.h"

#define MAX_CURVES       16
#define QUANTILE_SAMPLE  16384

static DkgPlotColor
curve_color (const DkgPlotStyle  *style,
             const DkgPlotCurves *d,
             guint                i)
{
  if (d->curves[i].color != NULL)
    return *d->curves[i].color;
  return *dkg_plot_style_series_color (style, i);
}

static double
curve_x (const DkgPlotCurve *c,
         gsize               i)
{
  return c->x != NULL ? c->x[i] : (double) i;
}

static gboolean
check_args (gconstpointer data)
{
  const DkgPlotCurves *d = data;

  g_return_val_if_fail (d != NULL, FALSE);
  g_return_val_if_fail (d->n_curves == 0 || d->curves != NULL, FALSE);
  g_return_val_if_fail (d->n_curves <= MAX_CURVES, FALSE);
  g_return_val_if_fail (d->smoothing >= 0 && d->smoothing < 1, FALSE);
  for (guint i = 0; i < d->n_curves; i++)
    g_return_val_if_fail (d->curves[i].n == 0 || d->curves[i].y != NULL, FALSE);
  return TRUE;
}

/* The k-th smallest of v[0 … n−1] (0-based, all finite); reorders v. Hoare's quickselect. */
static double
select_kth (double *v,
            gssize  n,
            gssize  k)
{
  gssize lo = 0, hi = n - 1;

  while (lo < hi)
    {
      double pivot = v[lo + (hi - lo) / 2];
      gssize i = lo, j = hi;

      while (i <= j)
        {
          while (v[i] < pivot)
            i++;
          while (v[j] > pivot)
            j--;
          if (i <= j)
            {
              double t = v[i];

              v[i++] = v[j];
              v[j--] = t;
            }
        }
      /* v[lo … j] ≤ pivot ≤ v[i … hi], and everything between equals the pivot */
      if (k <= j)
        hi = j;
      else if (k >= i)
        lo = i;
      else
        break;
    }
  return v[k];
}

/* The y range of the data as @d->y_range asks for it. FALSE when there is no finite value. */
static gboolean
data_y_range (const DkgPlotCurves *d,
              double              *lo,
              double              *hi)
{
  gsize total = 0, stride, m = 0;
  double *sample;
  double q = d->y_quantile > 0 ? MIN (d->y_quantile, 0.25) : 0.01;

  *lo = INFINITY;
  *hi = -INFINITY;
  for (guint c = 0; c < d->n_curves; c++)
    total += d->curves[c].n;
  if (d->y_range == DKG_PLOT_Y_RANGE_FULL || total == 0)
    {
      for (guint c = 0; c < d->n_curves; c++)
        for (gsize i = 0; i < d->curves[c].n; i++)
          {
            double y = d->curves[c].y[i];

            if (isfinite (y))
              {
                *lo = MIN (*lo, y);
                *hi = MAX (*hi, y);
              }
          }
      return isfinite (*lo);
    }

  /* Every stride-th value of every curve; the last values are always in. */
  stride = MAX (total / QUANTILE_SAMPLE, 1);
  sample = g_new (double, total / stride + d->n_curves + 1);
  for (guint c = 0; c < d->n_curves; c++)
    {
      const DkgPlotCurve *cv = &d->curves[c];

      for (gsize i = cv->n % stride; i < cv->n; i += stride)
        if (isfinite (cv->y[i]))
          sample[m++] = cv->y[i];
    }
  if (m > 0)
    {
      *lo = select_kth (sample, (gssize) m, (gssize) floor (q * (m - 1)));
      *hi = select_kth (sample, (gssize) m, (gssize) ceil ((1 - q) * (m - 1)));
    }
  g_free (sample);
  return m > 0;
}

/* The latest finite value of a curve, smoothed as drawn. NaN if it has none. */
static double
latest_value (const DkgPlotCurve *c,
              double              beta)
{
  double s = 0, w = 1, last = NAN;

  if (beta <= 0)
    {
      for (gsize i = c->n; i > 0; i--)
        if (isfinite (c->y[i - 1]))
          return c->y[i - 1];
      return NAN;
    }
  for (gsize i = 0; i < c->n; i++)
    if (isfinite (c->y[i]))
      {
        s = beta * s + (1 - beta) * c->y[i];
        w *= beta;
        last = s / (1 - w);
      }
  return last;
}

static void
curves_setup (cairo_t             *cr,
              double               width,
              double               height,
              const DkgPlotStyle  *style,
              gconstpointer        data,
              DkgPlotFrameSpec    *spec,
              DkgPlotFrame        *f)
{
  const DkgPlotCurves *d = data;
  double xlo = INFINITY, xhi = -INFINITY, ylo, yhi;

  memset (spec, 0, sizeof *spec);
  spec->title = d->title;
  spec->x_label = d->x_label;
  spec->y_label = d->y_label;
  spec->x_grid = spec->y_grid = TRUE;

  if (d->x_min < d->x_max)
    {
      xlo = d->x_min;
      xhi = d->x_max;
    }
  else
    for (guint c = 0; c < d->n_curves; c++)
      {
        const DkgPlotCurve *cv = &d->curves[c];

        /* x is ascending: its ends are the first and the last finite values */
        for (gsize i = 0; i < cv->n; i++)
          if (isfinite (curve_x (cv, i)))
            {
              xlo = MIN (xlo, curve_x (cv, i));
              break;
            }
        for (gsize i = cv->n; i > 0; i--)
          if (isfinite (curve_x (cv, i - 1)))
            {
              xhi = MAX (xhi, curve_x (cv, i - 1));
              break;
            }
      }
  if (!isfinite (xlo) || !isfinite (xhi))
    {
      xlo = 0;
      xhi = 1;
    }
  spec->x_lo = xlo;
  spec->x_hi = xhi;

  if (d->y_range == DKG_PLOT_Y_RANGE_FIXED && d->y_min < d->y_max)
    {
      spec->y_lo = d->y_min;
      spec->y_hi = d->y_max;
    }
  else
    {
      if (data_y_range (d, &ylo, &yhi))
        {
          double pad = (yhi - ylo) * 0.05;

          spec->y_lo = ylo - pad;
          spec->y_hi = yhi + pad;
        }
      else
        {
          spec->y_lo = 0;
          spec->y_hi = 1;
        }
      /* Not widened to whole ticks: the range follows the data smoothly as a live curve
       * grows, and no half-empty tick interval is wasted. */
    }

  for (guint c = 0; c < d->n_curves && spec->n_legend < DKG_PLOT_MAX_LEGEND; c++)
    if (d->curves[c].label != NULL)
      {
        char *text = spec->legend_text[spec->n_legend];
        DkgPlotLegendEntry *e = &spec->legend[spec->n_legend++];
        double last = d->legend_values ? latest_value (&d->curves[c], d->smoothing) : NAN;

        if (d->legend_values && isfinite (last))
          {
            g_snprintf (text, sizeof spec->legend_text[0], "%s  %s%.4g", d->curves[c].label,
                        last < 0 ? "−" : "", fabs (last));
            e->label = text;
          }
        else
          e->label = d->curves[c].label;
        e->color = curve_color (style, d, c);
        e->kind = DKG_PLOT_LEGEND_LINE;
      }
  _dkg_plot_frame_layout (f, cr, style, spec, width, height);
}

/* Column accumulator of the M4 reduction (see the file comment). */
typedef struct
{
  gsize   i;
  double  x;
  double  y;
} Vertex;

typedef struct
{
  cairo_t  *cr;
  double    scale;       /* device pixels per user unit along x */
  gboolean  pen_down;    /* the previous column ended with a point: continue the line */
  gboolean  open;        /* a column is being accumulated */
  guint     n_line;      /* vertices in the current line */
  Vertex    tail;        /* its last vertex */
  double    column;
  Vertex    first;
  Vertex    low;         /* smallest device y */
  Vertex    high;        /* largest device y */
  Vertex    last;
} Column;

static void
column_flush (Column *c)
{
  Vertex v[4];
  gsize prev = G_MAXSIZE;

  if (!c->open)
    return;
  /* first ≤ low, high ≤ last in index order: emit the four in order, each index once */
  v[0] = c->first;
  v[1] = c->low.i <= c->high.i ? c->low : c->high;
  v[2] = c->low.i <= c->high.i ? c->high : c->low;
  v[3] = c->last;
  for (guint k = 0; k < 4; k++)
    {
      if (v[k].i == prev)
        continue;
      prev = v[k].i;
      if (c->pen_down)
        cairo_line_to (c->cr, v[k].x, v[k].y);
      else
        {
          cairo_move_to (c->cr, v[k].x, v[k].y);
          c->n_line = 0;
        }
      c->pen_down = TRUE;
      c->n_line++;
      c->tail = v[k];
    }
  c->open = FALSE;
}

static void
column_add (Column *c,
            gsize   i,
            double  x,
            double  y)
{
  Vertex v = { i, x, y };
  double column = floor (x * c->scale);

  if (c->open && column != c->column)
    column_flush (c);
  if (!c->open)
    {
      c->open = TRUE;
      c->column = column;
      c->first = c->low = c->high = c->last = v;
      return;
    }
  if (y < c->low.y)
    c->low = v;
  if (y > c->high.y)
    c->high = v;
  c->last = v;
}

/* Ends the current line. A line of one vertex becomes a dot (a zero-length segment with
 * round caps), so an isolated point stays visible. */
static void
column_break (Column *c)
{
  column_flush (c);
  if (c->pen_down && c->n_line == 1)
    cairo_line_to (c->cr, c->tail.x, c->tail.y);
  c->pen_down = FALSE;
}

/* Appends the (decimated) polyline of one curve, raw (beta = 0) or smoothed, to @cr's path. */
static void
path_curve (cairo_t            *cr,
            const DkgPlotFrame *f,
            const DkgPlotCurve *cv,
            double              beta,
            double              scale)
{
  Column col = { .cr = cr, .scale = scale };
  double s = 0, w = 1;
  /* device coordinates far outside the figure are clamped, within cairo's fixed-point range */
  double ymin = f->y0 - 4 * f->h - 1e4, ymax = f->y0 + 5 * f->h + 1e4;
  double x_scale = f->w / (f->xt.hi - f->xt.lo);
  double xlo = f->xt.lo, x0 = f->x0;

  for (gsize i = 0; i < cv->n; i++)
    {
      double x = curve_x (cv, i), y = cv->y[i], px, py;

      if (!isfinite (x) || !isfinite (y))
        {
          column_break (&col);
          continue;
        }
      if (beta > 0)
        {
          s = beta * s + (1 - beta) * y;
          w *= beta;
          y = s / (1 - w);
        }
      px = x0 + (x - xlo) * x_scale;
      py = CLAMP (_dkg_plot_frame_y (f, y), ymin, ymax);
      if (px < f->x0 - 1e4 || px > f->x0 + f->w + 1e4)
        {
          column_break (&col);
          continue;
        }
      column_add (&col, i, px, py);
    }
  column_break (&col);
}

/* A dense smoothed curve: one vertex per device column, at the mean of the smoothed values in
 * it. Averaging over one column of an already smoothed curve changes nothing visible, and
 * the polyline is then as cheap to stroke as a curve of a few hundred points. */
static void
path_column_means (cairo_t            *cr,
                   const DkgPlotFrame *f,
                   const DkgPlotCurve *cv,
                   double              beta,
                   double              scale)
{
  double s = 0, w = 1, sum = 0, sum_x = 0, column = NAN;
  double x_scale = f->w / (f->xt.hi - f->xt.lo);
  double ymin = f->y0 - 4 * f->h - 1e4, ymax = f->y0 + 5 * f->h + 1e4;
  gsize count = 0;
  gboolean pen_down = FALSE;

  for (gsize i = 0; i <= cv->n; i++)
    {
      double x = i < cv->n ? curve_x (cv, i) : NAN, y = i < cv->n ? cv->y[i] : NAN;
      double px = NAN, c = NAN;
      gboolean finite = isfinite (x) && isfinite (y);

      if (finite)
        {
          s = beta * s + (1 - beta) * y;
          w *= beta;
          px = f->x0 + (x - f->xt.lo) * x_scale;
          c = floor (px * scale);
        }
      if (count > 0 && (!finite || c != column))
        {
          double mx = sum_x / count;
          double my = CLAMP (_dkg_plot_frame_y (f, sum / count), ymin, ymax);

          if (pen_down)
            cairo_line_to (cr, mx, my);
          else
            {
              cairo_move_to (cr, mx, my);
              cairo_line_to (cr, mx, my);   /* a dot, if the line stays this short */
            }
          pen_down = TRUE;
          count = 0;
          sum = sum_x = 0;
        }
      if (!finite)
        {
          pen_down = FALSE;
          continue;
        }
      column = c;
      sum += s / (1 - w);
      sum_x += px;
      count++;
    }
}

/* One column of a band: the device y extent of the points in it. */
typedef struct
{
  double  column;
  double  lo;
  double  hi;
} Span;

static void
band_flush (cairo_t *cr,
            Span    *sp,
            guint   *n_sp,
            double   half,
            double   scale)
{
  guint n = *n_sp;
  double xa, xb;

  if (n == 0)
    return;
  xa = sp[0].column / scale - half;
  xb = (sp[n - 1].column + 1) / scale + half;
  cairo_move_to (cr, xa, sp[0].lo - half);
  for (guint k = 0; k < n; k++)
    cairo_line_to (cr, (sp[k].column + 0.5) / scale, sp[k].lo - half);
  cairo_line_to (cr, xb, sp[n - 1].lo - half);
  cairo_line_to (cr, xb, sp[n - 1].hi + half);
  for (guint k = n; k > 0; k--)
    cairo_line_to (cr, (sp[k - 1].column + 0.5) / scale, sp[k - 1].hi + half);
  cairo_line_to (cr, xa, sp[0].hi + half);
  cairo_close_path (cr);
  *n_sp = 0;
}

/* A dense raw curve (several points per device column) as a filled band: per column, from the
 * highest to the lowest point in it (and the previous point, which the line joins from),
 * widened by the line width. Stroking the zigzag of noisy data instead makes cairo tessellate
 * thousands of overlapping segments, ten times slower for the same pixels. */
static void
path_band (cairo_t            *cr,
           const DkgPlotFrame *f,
           const DkgPlotCurve *cv,
           double              line_width,
           double              scale)
{
  guint cap = (guint) ceil (f->w * scale) + 4, n_sp = 0;
  Span *sp = g_new (Span, cap);
  double half = line_width / 2, prev = NAN;
  double x_scale = f->w / (f->xt.hi - f->xt.lo);
  double ymin = f->y0 - f->h - 10, ymax = f->y0 + 2 * f->h + 10;

  for (gsize i = 0; i < cv->n; i++)
    {
      double x = curve_x (cv, i), y = cv->y[i], px, py, column;

      if (!isfinite (x) || !isfinite (y))
        {
          band_flush (cr, sp, &n_sp, half, scale);
          prev = NAN;
          continue;
        }
      px = f->x0 + (x - f->xt.lo) * x_scale;
      py = CLAMP (_dkg_plot_frame_y (f, y), ymin, ymax);
      if (px < f->x0 - 1 || px > f->x0 + f->w + 1)
        {
          band_flush (cr, sp, &n_sp, half, scale);
          prev = py;
          continue;
        }
      column = floor (px * scale);
      if (n_sp > 0 && column == sp[n_sp - 1].column)
        {
          sp[n_sp - 1].lo = MIN (sp[n_sp - 1].lo, py);
          sp[n_sp - 1].hi = MAX (sp[n_sp - 1].hi, py);
        }
      else
        {
          if ((n_sp > 0 && column < sp[n_sp - 1].column) || n_sp == cap)
            band_flush (cr, sp, &n_sp, half, scale);   /* x went backwards */
          sp[n_sp].column = column;
          sp[n_sp].lo = sp[n_sp].hi = py;
          if (isfinite (prev))
            {
              sp[n_sp].lo = MIN (py, prev);
              sp[n_sp].hi = MAX (py, prev);
            }
          n_sp++;
        }
      prev = py;
    }
  band_flush (cr, sp, &n_sp, half, scale);
  g_free (sp);
}

/* Appends one curve to the path: as a band when it is dense and raw and the target ends up as
 * pixels, otherwise (PDF, SVG) as a decimated polyline. Returns TRUE for a band (to fill, not
 * stroke). */
static gboolean
path_any (cairo_t            *cr,
          const DkgPlotFrame *f,
          const DkgPlotCurve *cv,
          double              beta,
          double              line_width,
          double              scale)
{
  if (!_dkg_plot_target_is_vector (cr) && beta == 0 && cv->n >= 2 * f->w * scale)
    {
      path_band (cr, f, cv, line_width, scale);
      return TRUE;
    }
  path_curve (cr, f, cv, beta, scale);
  return FALSE;
}

static void
draw_curves (cairo_t             *cr,
             const DkgPlotFrame  *f,
             const DkgPlotStyle  *style,
             gconstpointer        data)
{
  const DkgPlotCurves *d = data;
  double sx = 1, sy = 1;
  double raw_width = d->smoothing > 0 ? MAX (0.75, 0.75 * style->line_width) : style->line_width;

  /* columns of device pixels; of user units under a rotation */
  if (!_dkg_plot_pixel_scale (cr, &sx, &sy))
    sx = 1;
  sx = CLAMP (sx, 0.25, 16);
  cairo_save (cr);
  _dkg_plot_frame_clip (f, cr);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  /* raw curves; with smoothing, faint and under all the smoothed ones */
  cairo_set_line_width (cr, raw_width);
  for (guint c = 0; c < d->n_curves; c++)
    {
      DkgPlotColor color = curve_color (style, d, c);
      gboolean band;

      cairo_new_path (cr);
      band = path_any (cr, f, &d->curves[c], 0, raw_width, sx);
      _dkg_plot_set_color (cr, &color, d->smoothing > 0 ? 0.25 : 1.0);
      if (band)
        cairo_fill (cr);
      else
        cairo_stroke (cr);
    }
  if (d->smoothing > 0)
    {
      cairo_set_line_width (cr, style->line_width);
      for (guint c = 0; c < d->n_curves; c++)
        {
          DkgPlotColor color = curve_color (style, d, c);

          cairo_new_path (cr);
          if (d->curves[c].n >= 2 * f->w * sx)
            path_column_means (cr, f, &d->curves[c], d->smoothing, sx);
          else
            path_curve (cr, f, &d->curves[c], d->smoothing, sx);
          _dkg_plot_set_color (cr, &color, 1.0);
          cairo_stroke (cr);
        }
    }
  cairo_restore (cr);
}

/**
 * dkg_plot_render_curves:
 * @cr: the cairo context to draw into
 * @width: figure width in device units (pixels on an image surface, points on PDF/SVG), > 0
 * @height: figure height in device units, > 0
 * @style: colours, fonts and @style->line_width
 * @curves: the data
 *
 * Draws line curves into the rectangle (0, 0)–(@width, @height) of @cr: title, legend, x axis
 * over the data's x range (or the fixed one), y axis as @curves->y_range says, with "nice"
 * ticks and a grid. Each curve is reduced to at most 4 vertices per device column, so the cost
 * is one pass over the points plus O(width) drawing: 10⁵ points per curve draw in a few
 * milliseconds. The state of @cr is left as it was.
 */
void
dkg_plot_render_curves (cairo_t             *cr,
                        double               width,
                        double               height,
                        const DkgPlotStyle  *style,
                        const DkgPlotCurves *curves)
{
  _dkg_plot_render_framed (cr, width, height, style, check_args, curves_setup, draw_curves,
                           curves);
}

/**
 * dkg_plot_curves_func:
 * @cr: the cairo context to draw into
 * @width: figure width in device units, > 0
 * @height: figure height in device units, > 0
 * @style: colours and fonts
 * @curves: a #DkgPlotCurves
 *
 * dkg_plot_render_curves() as a #DkgPlotRenderFunc, for dkg_plot_export() and #DkgPlotPdf.
 */
void
dkg_plot_curves_func (cairo_t            *cr,
                      double              width,
                      double              height,
                      const DkgPlotStyle *style,
                      gconstpointer       curves)
{
  dkg_plot_render_curves (cr, width, height, style, curves);
}

/**
 * dkg_plot_layout_curves:
 * @width: figure width in device units, > 0
 * @height: figure height in device units, > 0
 * @style: colours and fonts
 * @curves: the data
 * @area: (out caller-allocates): the plot area dkg_plot_render_curves() uses and the x and y
 *   ranges of its edges
 *
 * Lays the figure out as dkg_plot_render_curves() would, without drawing: for a read-out of
 * the iteration under the pointer.
 */
void
dkg_plot_layout_curves (double               width,
                        double               height,
                        const DkgPlotStyle  *style,
                        const DkgPlotCurves *curves,
                        DkgPlotArea         *area)
{
  _dkg_plot_layout_framed (width, height, style, check_args, curves_setup, curves, area);
}
