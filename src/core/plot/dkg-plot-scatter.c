/* dkg-plot-scatter.c — adjacent-pixel correlation scatter plots (docs/SPECIFICATION.md §6.4)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pairs of 8-bit pixels repeat a lot (a smooth image has thousands of pairs (v, v ± 1)), so the
 * points are sorted and each distinct (u, v) is drawn once with the opacity that n stacked
 * points would have, 1 − (1 − α)^n: the picture is the same, the PDF and SVG are smaller and
 * drawing is faster. Unless the target is a vector document the dots are rasterised directly
 * (splat_points()).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dkg-plot-private.h"
#include "dkg-plot-scatter.h"

/**
 * dkg_plot_scatter_init_from_sample:
 * @scatter: (out caller-allocates): the plot data to fill
 * @sample: pairs drawn by dkg_correlation_sample(); borrowed, it must outlive @scatter
 * @bit_depth: bits per sample of the image, 8 or 16
 * @is_signed: the image's 16-bit samples are signed
 *
 * Fills @scatter from a correlation sample: the direction as title ("Horizontal", "Vertical",
 * "Diagonal"), axis labels naming the pixel pair, axes over the full sample range
 * (0 … 2^@bit_depth − 1, or −32768 … 32767) and the sample's r.
 */
void
dkg_plot_scatter_init_from_sample (DkgPlotScatter             *scatter,
                                   const DkgCorrelationSample *sample,
                                   guint                       bit_depth,
                                   gboolean                    is_signed)
{
  static const char *titles[DKG_N_DIRECTIONS] = { "Horizontal", "Vertical", "Diagonal" };
  static const char *y_labels[DKG_N_DIRECTIONS] = {
    "Pixel value at (x + 1, y)", "Pixel value at (x, y + 1)", "Pixel value at (x + 1, y + 1)",
  };

  g_return_if_fail (scatter != NULL && sample != NULL);
  g_return_if_fail (bit_depth == 8 || bit_depth == 16);
  g_return_if_fail (sample->direction < DKG_N_DIRECTIONS);

  memset (scatter, 0, sizeof *scatter);
  scatter->title = titles[sample->direction];
  scatter->x_label = "Pixel value at (x, y)";
  scatter->y_label = y_labels[sample->direction];
  scatter->n_points = sample->n_pairs;
  scatter->u = sample->u;
  scatter->v = sample->v;
  if (bit_depth == 16 && is_signed)
    {
      scatter->min_value = -32768;
      scatter->max_value = 32767;
    }
  else
    {
      scatter->min_value = 0;
      scatter->max_value = (1 << bit_depth) - 1;
    }
  scatter->r = sample->value.defined ? sample->value.r : NAN;
}

static gboolean
check_args (gconstpointer data)
{
  const DkgPlotScatter *d = data;

  g_return_val_if_fail (d != NULL, FALSE);
  g_return_val_if_fail (d->n_points == 0 || (d->u != NULL && d->v != NULL), FALSE);
  g_return_val_if_fail (d->max_value > d->min_value, FALSE);
  return TRUE;
}

static void
scatter_setup (cairo_t              *cr,
               double                width,
               double                height,
               const DkgPlotStyle   *style,
               gconstpointer         data,
               DkgPlotFrameSpec     *spec,
               DkgPlotFrame         *f)
{
  const DkgPlotScatter *d = data;
  /* A margin of 1.5 % keeps the points at 0 and at the maximum off the axes. */
  double m = 0.015 * (d->max_value - d->min_value);

  memset (spec, 0, sizeof *spec);
  spec->title = d->title;
  spec->x_label = d->x_label;
  spec->y_label = d->y_label;
  spec->x_lo = spec->y_lo = d->min_value - m;
  spec->x_hi = spec->y_hi = d->max_value + m;
  spec->aspect = 1.0;
  spec->x_grid = spec->y_grid = TRUE;
  _dkg_plot_frame_layout (f, cr, style, spec, width, height);
}

typedef struct
{
  guint64  key;
  guint    mult;
} Cell;

static int
compare_keys (const void *a,
              const void *b)
{
  guint64 x = *(const guint64 *) a, y = *(const guint64 *) b;

  return x < y ? -1 : x > y;
}

static int
compare_mult (const void *a,
              const void *b)
{
  const Cell *x = a, *y = b;

  if (x->mult != y->mult)
    return x->mult < y->mult ? -1 : 1;
  return x->key < y->key ? -1 : x->key > y->key;
}

/* (u, v) as one sortable key: u in the high half, v in the low half, offset to unsigned. */
static guint64
pack (gint32 u,
      gint32 v)
{
  return ((guint64) ((guint32) u ^ 0x80000000u) << 32) | ((guint32) v ^ 0x80000000u);
}

static void
unpack (guint64  key,
        gint32  *u,
        gint32  *v)
{
  *u = (gint32) ((guint32) (key >> 32) ^ 0x80000000u);
  *v = (gint32) ((guint32) key ^ 0x80000000u);
}

/* On targets that end up as pixels (not PDF or SVG), under a plain scale and translation, the
 * dots are accumulated into an offscreen image at device resolution: each pixel keeps its
 * transmittance T = Π (1 − a·c) over the dots that cover it (a: the dot's opacity, c: its
 * anti-aliased coverage of the pixel), exactly what stacking translucent discs gives, at a
 * cost of a few pixels per point instead of one tessellated polygon each (10⁵ overlapping
 * discs take cairo a few hundred milliseconds). A recording surface's final resolution is not
 * known, so there the image has twice the resolution and is filtered when replayed.
 * Returns FALSE, having drawn nothing, when the dots must be drawn as vectors. */
static gboolean
splat_points (cairo_t            *cr,
              const DkgPlotFrame *f,
              const DkgPlotColor *color,
              double              alpha,
              double              radius,
              const Cell         *cells,
              guint               n_cells)
{
  cairo_surface_t *img;
  float *t;
  guint8 *data;
  double sx, sy, r;
  int w, h, stride;
  gboolean exact;

  if (_dkg_plot_target_is_vector (cr) || !_dkg_plot_pixel_scale (cr, &sx, &sy))
    return FALSE;
  exact = cairo_surface_get_type (cairo_get_target (cr)) == CAIRO_SURFACE_TYPE_IMAGE;
  if (!exact)
    {
      sx *= 2;
      sy *= 2;
    }
  w = (int) ceil (f->w * sx);
  h = (int) ceil (f->h * sy);
  if (w <= 0 || h <= 0 || (gint64) w * h > 64 * 1024 * 1024)
    return FALSE;
  r = radius * sqrt (sx * sy);

  t = g_new (float, (gsize) w * h);
  for (gsize i = 0; i < (gsize) w * h; i++)
    t[i] = 1.0f;
  for (guint i = 0; i < n_cells; i++)
    {
      gint32 u, v;
      double cx, cy, a = 1 - pow (1 - alpha, cells[i].mult);
      int x_lo, x_hi, y_lo, y_hi;

      unpack (cells[i].key, &u, &v);
      cx = (_dkg_plot_frame_x (f, u) - f->x0) * sx;
      cy = (_dkg_plot_frame_y (f, v) - f->y0) * sy;
      x_lo = MAX ((int) floor (cx - r - 0.5), 0);
      x_hi = MIN ((int) ceil (cx + r + 0.5), w - 1);
      y_lo = MAX ((int) floor (cy - r - 0.5), 0);
      y_hi = MIN ((int) ceil (cy + r + 0.5), h - 1);
      for (int y = y_lo; y <= y_hi; y++)
        for (int x = x_lo; x <= x_hi; x++)
          {
            double dx = x + 0.5 - cx, dy = y + 0.5 - cy;
            /* coverage of the pixel by the disc, linear over the one-pixel-wide rim */
            double c = CLAMP (r + 0.5 - sqrt (dx * dx + dy * dy), 0.0, 1.0);

            if (c > 0)
              t[(gsize) y * w + x] *= (float) (1 - a * c);
          }
    }

  img = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
  if (cairo_surface_status (img) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (img);
      g_free (t);
      return FALSE;
    }
  cairo_surface_flush (img);
  data = cairo_image_surface_get_data (img);
  stride = cairo_image_surface_get_stride (img);
  for (int y = 0; y < h; y++)
    {
      guint32 *row = (guint32 *) (data + (gsize) y * stride);

      for (int x = 0; x < w; x++)
        {
          double a = (1 - t[(gsize) y * w + x]) * color->a;   /* premultiplied ARGB32 */
          guint32 A = (guint32) lround (a * 255);
          guint32 R = (guint32) lround (color->r * a * 255);
          guint32 G = (guint32) lround (color->g * a * 255);
          guint32 B = (guint32) lround (color->b * a * 255);

          row[x] = (A << 24) | (R << 16) | (G << 8) | B;
        }
    }
  cairo_surface_mark_dirty (img);
  g_free (t);

  cairo_save (cr);
  cairo_translate (cr, f->x0, f->y0);
  cairo_scale (cr, 1 / sx, 1 / sy);
  cairo_set_source_surface (cr, img, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr),
                            exact ? CAIRO_FILTER_NEAREST : CAIRO_FILTER_GOOD);
  cairo_paint (cr);
  cairo_restore (cr);
  cairo_surface_destroy (img);
  return TRUE;
}

static void
draw_points (cairo_t              *cr,
             const DkgPlotFrame   *f,
             const DkgPlotStyle   *style,
             const DkgPlotScatter *d)
{
  DkgPlotColor color = d->color != NULL ? *d->color : *dkg_plot_style_series_color (style, 0);
  const DkgPlotColor *color_ptr = &color;
  double alpha = d->alpha > 0 ? MIN (d->alpha, 1.0)
                              : CLAMP (sqrt (1500.0 / MAX (d->n_points, 1)), 0.12, 0.85);
  double radius = MAX (style->marker_size, 0.5) / 2;
  guint n = d->n_points, n_cells = 0;
  guint64 *keys;
  Cell *cells;

  if (n == 0)
    return;
  keys = g_new (guint64, n);
  for (guint i = 0; i < n; i++)
    keys[i] = pack (d->u[i], d->v[i]);
  qsort (keys, n, sizeof *keys, compare_keys);
  cells = g_new (Cell, n);
  for (guint i = 0, j; i < n; i = j)
    {
      for (j = i + 1; j < n && keys[j] == keys[i]; j++)
        ;
      cells[n_cells].key = keys[i];
      cells[n_cells].mult = j - i;
      n_cells++;
    }
  g_free (keys);
  qsort (cells, n_cells, sizeof *cells, compare_mult);

  cairo_save (cr);
  _dkg_plot_frame_clip (f, cr);
  if (!splat_points (cr, f, &color, alpha, radius, cells, n_cells))
    {
      /* Vector output: one path and one fill per multiplicity m — the points drawn m times
       * all have the same opacity — in ascending order of m, so that dense cells end on top. */
      for (guint i = 0, j; i < n_cells; i = j)
        {
          cairo_new_path (cr);
          for (j = i; j < n_cells && cells[j].mult == cells[i].mult; j++)
            {
              gint32 u, v;

              unpack (cells[j].key, &u, &v);
              cairo_new_sub_path (cr);
              cairo_arc (cr, _dkg_plot_frame_x (f, u), _dkg_plot_frame_y (f, v), radius,
                         0, 2 * G_PI);
            }
          _dkg_plot_set_color (cr, color_ptr, 1 - pow (1 - alpha, cells[i].mult));
          cairo_fill (cr);
        }
    }
  cairo_restore (cr);
  g_free (cells);
}

static void
draw_r (cairo_t              *cr,
        const DkgPlotFrame   *f,
        const DkgPlotStyle   *style,
        const DkgPlotScatter *d)
{
  char buf[64];

  if (d->hide_r)
    return;
  if (isnan (d->r))
    g_snprintf (buf, sizeof buf, "r undefined");
  else
    g_snprintf (buf, sizeof buf, "r = %s%.4f", d->r < 0 && d->r <= -0.00005 ? "−" : "",
                fabs (d->r));
  _dkg_plot_label_box (cr, style, buf, f->x0 + 0.4 * style->font_size,
                       f->y0 + 0.4 * style->font_size);
}

static void
draw_content (cairo_t            *cr,
              const DkgPlotFrame *f,
              const DkgPlotStyle *style,
              gconstpointer       data)
{
  draw_points (cr, f, style, data);
  draw_r (cr, f, style, data);
}

/**
 * dkg_plot_render_scatter:
 * @cr: the cairo context to draw into
 * @width: figure width in device units (pixels on an image surface, points on PDF/SVG), > 0
 * @height: figure height in device units, > 0
 * @style: colours, fonts and @style->marker_size (the point diameter)
 * @scatter: the points
 *
 * Draws a correlation scatter plot into the rectangle (0, 0)–(@width, @height) of @cr: a square
 * plot area centred in the figure, both axes over [@scatter->min_value,
 * @scatter->max_value] with "nice" ticks and a grid, one translucent dot per pair, and the
 * correlation coefficient in the top-left corner ("r = 0.9871", four decimals). Cost is
 * O(n log n) for n points (10⁵ points take a few tens of milliseconds). The state of @cr is left
 * as it was.
 */
void
dkg_plot_render_scatter (cairo_t              *cr,
                         double                width,
                         double                height,
                         const DkgPlotStyle   *style,
                         const DkgPlotScatter *scatter)
{
  _dkg_plot_render_framed (cr, width, height, style, check_args, scatter_setup, draw_content,
                           scatter);
}

/**
 * dkg_plot_scatter_func:
 * @cr: the cairo context to draw into
 * @width: figure width in device units, > 0
 * @height: figure height in device units, > 0
 * @style: colours and fonts
 * @scatter: a #DkgPlotScatter
 *
 * dkg_plot_render_scatter() as a #DkgPlotRenderFunc, for dkg_plot_export() and #DkgPlotPdf.
 */
void
dkg_plot_scatter_func (cairo_t            *cr,
                       double              width,
                       double              height,
                       const DkgPlotStyle *style,
                       gconstpointer       scatter)
{
  dkg_plot_render_scatter (cr, width, height, style, scatter);
}

/**
 * dkg_plot_layout_scatter:
 * @width: figure width in device units, > 0
 * @height: figure height in device units, > 0
 * @style: colours and fonts
 * @scatter: the points
 * @area: (out caller-allocates): the plot area dkg_plot_render_scatter() uses and the value
 *   ranges of its edges
 *
 * Lays the figure out as dkg_plot_render_scatter() would, without drawing.
 */
void
dkg_plot_layout_scatter (double                width,
                         double                height,
                         const DkgPlotStyle   *style,
                         const DkgPlotScatter *scatter,
                         DkgPlotArea          *area)
{
  _dkg_plot_layout_framed (width, height, style, check_args, scatter_setup, scatter, area);
}
