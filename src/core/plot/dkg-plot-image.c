/* dkg-plot-image.c — figure grids of images with captions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "dkg-plot-image.h"
#include "dkg-plot-private.h"

#define GAP 1.0   /* between cells, in font sizes */

/**
 * dkg_plot_window_16:
 * @samples: (array length=n): 16-bit samples, guint16 (or gint16 when @is_signed) in host
 *   byte order, as #DkgImage stores them
 * @n: samples
 * @is_signed: the samples are gint16
 * @center: window centre (level), in sample values
 * @window_width: window width, ≥ 1, in sample values
 * @out: (out caller-allocates) (array length=n): the 8-bit values
 *
 * Maps 16-bit samples to 8-bit display values with the linear window of DICOM PS3.3
 * §C.11.2.1.2.1: values at or below @center − 0.5 − (@window_width − 1)/2 become 0, values
 * above @center − 0.5 + (@window_width − 1)/2 become 255, and values in between
 * ((x − (@center − 0.5))/(@window_width − 1) + 0.5)·255, rounded. For figures only:
 * histograms and metrics always use the original samples.
 */
void
dkg_plot_window_16 (const guint16 *samples,
                    gsize          n,
                    gboolean       is_signed,
                    double         center,
                    double         window_width,
                    guint8        *out)
{
  double lo, hi;

  g_return_if_fail (n == 0 || (samples != NULL && out != NULL));
  g_return_if_fail (window_width >= 1);

  lo = center - 0.5 - (window_width - 1) / 2;
  hi = center - 0.5 + (window_width - 1) / 2;
  for (gsize i = 0; i < n; i++)
    {
      double x = is_signed ? (double) (gint16) samples[i] : (double) samples[i];

      if (x <= lo)
        out[i] = 0;
      else if (x > hi || window_width <= 1)
        out[i] = 255;
      else
        out[i] = (guint8) CLAMP (lround (((x - (center - 0.5)) / (window_width - 1) + 0.5) * 255),
                                 0, 255);
    }
}

/* The panel as a cairo surface (ARGB32 premultiplied, or RGB24 when opaque). */
static cairo_surface_t *
image_surface (const DkgPlotImage *im)
{
  guint bpp = im->format;
  gsize stride = im->stride != 0 ? im->stride : (gsize) im->width * bpp;
  gboolean alpha = im->format == DKG_PLOT_PIXEL_GREY_ALPHA8 || im->format == DKG_PLOT_PIXEL_RGBA8;
  cairo_surface_t *s = cairo_image_surface_create (alpha ? CAIRO_FORMAT_ARGB32 : CAIRO_FORMAT_RGB24,
                                                   (int) im->width, (int) im->height);
  guint8 *data;
  int dstride;

  if (cairo_surface_status (s) != CAIRO_STATUS_SUCCESS)
    return s;
  cairo_surface_flush (s);
  data = cairo_image_surface_get_data (s);
  dstride = cairo_image_surface_get_stride (s);
  for (guint y = 0; y < im->height; y++)
    {
      const guint8 *src = im->pixels + y * stride;
      guint32 *dst = (guint32 *) (data + (gsize) y * dstride);

      for (guint x = 0; x < im->width; x++, src += bpp)
        {
          guint32 r, g, b, a = 255;

          switch (im->format)
            {
            case DKG_PLOT_PIXEL_GREY_ALPHA8:
              a = src[1];
              G_GNUC_FALLTHROUGH;
            case DKG_PLOT_PIXEL_GREY8:
            default:
              r = g = b = src[0];
              break;
            case DKG_PLOT_PIXEL_RGBA8:
              a = src[3];
              G_GNUC_FALLTHROUGH;
            case DKG_PLOT_PIXEL_RGB8:
              r = src[0];
              g = src[1];
              b = src[2];
              break;
            }
          if (a != 255)
            {
              r = (r * a + 127) / 255;
              g = (g * a + 127) / 255;
              b = (b * a + 127) / 255;
            }
          dst[x] = (a << 24) | (r << 16) | (g << 8) | b;
        }
    }
  cairo_surface_mark_dirty (s);
  return s;
}

typedef struct
{
  guint   columns;
  guint   rows;
  double  title_y;    /* top of the title */
  double  left;       /* top-left corner of the first cell */
  double  top;
  double  cell_w;     /* image part of a cell */
  double  cell_h;     /* image part of a cell, without the caption */
  double  caption_h;
  double  scale;      /* the smallest panel scale: what the choice of columns maximises */
} GridLayout;

/* Cells as large as @columns columns allow, then shrunk to what the panels use and centred
 * in the figure together with the title. */
static void
layout_grid (const DkgPlotStyle     *style,
             const DkgPlotImageGrid *d,
             double                  width,
             double                  height,
             guint                   columns,
             GridLayout             *g)
{
  double fs = style->font_size;
  double pad = 0.8 * fs, gap = GAP * fs;
  double title_h = 0, avail_w, avail_h, used_w = 1, used_h = 1, block_w, block_h;
  gboolean captions = FALSE;
  guint cols;

  for (guint i = 0; i < d->n_images; i++)
    captions |= d->images[i].caption != NULL && *d->images[i].caption != '\0';
  memset (g, 0, sizeof *g);
  g->columns = MAX (columns, 1);
  g->rows = MAX ((d->n_images + g->columns - 1) / g->columns, 1);
  cols = CLAMP (d->n_images, 1, g->columns);
  if (d->title != NULL && *d->title != '\0')
    title_h = _dkg_plot_font_size (style, DKG_PLOT_FONT_TITLE) + 0.7 * fs;
  g->caption_h = captions ? 1.6 * fs : 0;
  avail_w = width - 2 * pad;
  avail_h = height - 2 * pad - title_h;
  g->cell_w = MAX ((avail_w - (cols - 1) * gap) / cols, 1);
  g->cell_h = MAX ((avail_h - (g->rows - 1) * gap) / g->rows - g->caption_h, 1);
  g->scale = d->n_images > 0 ? G_MAXDOUBLE : 1;
  for (guint i = 0; i < d->n_images; i++)
    {
      const DkgPlotImage *im = &d->images[i];
      double s = MIN (g->cell_w / im->width, g->cell_h / im->height);

      g->scale = MIN (g->scale, s);
      used_w = MAX (used_w, im->width * s);
      used_h = MAX (used_h, im->height * s);
    }
  g->cell_w = MIN (g->cell_w, used_w);
  g->cell_h = MIN (g->cell_h, used_h);
  block_w = cols * g->cell_w + (cols - 1) * gap;
  block_h = title_h + g->rows * (g->cell_h + g->caption_h) + (g->rows - 1) * gap;
  g->left = pad + MAX ((avail_w - block_w) / 2, 0);
  g->title_y = pad + MAX ((height - 2 * pad - block_h) / 2, 0);
  g->top = g->title_y + title_h;
}

static void
draw_panel (cairo_t            *cr,
            const DkgPlotStyle *style,
            const DkgPlotImage *im,
            double              x,
            double              y,
            double              w,
            double              h,
            gboolean            smooth)
{
  cairo_surface_t *s = image_surface (im);
  double scale = MIN (w / im->width, h / im->height);
  double sw, sh, px, py, ds = 1, dsy;
  gboolean crisp = !_dkg_plot_target_is_vector (cr) && _dkg_plot_pixel_scale (cr, &ds, &dsy)
                   && ds == dsy;
  cairo_pattern_t *pattern;

  /* Whole numbers of device pixels per image pixel when enlarging for a screen or a PNG, so
   * that every image pixel has the same size. */
  if (crisp && !smooth && scale * ds >= 2)
    scale = floor (scale * ds) / ds;
  sw = im->width * scale;
  sh = im->height * scale;
  px = x + (w - sw) / 2;
  py = y + (h - sh) / 2;
  if (crisp)
    {
      px = round (px * ds) / ds;
      py = round (py * ds) / ds;
    }

  cairo_save (cr);
  cairo_rectangle (cr, px, py, sw, sh);
  cairo_clip (cr);
  cairo_translate (cr, px, py);
  cairo_scale (cr, scale, scale);
  cairo_set_source_surface (cr, s, 0, 0);
  pattern = cairo_get_source (cr);
  cairo_pattern_set_extend (pattern, CAIRO_EXTEND_PAD);
  cairo_pattern_set_filter (pattern,
                            scale < 1 || smooth ? CAIRO_FILTER_GOOD : CAIRO_FILTER_NEAREST);
  cairo_paint (cr);
  cairo_restore (cr);
  cairo_surface_destroy (s);

  /* hairline frame just outside the image */
  cairo_save (cr);
  cairo_set_line_width (cr, 1.0);
  _dkg_plot_set_color (cr, &style->secondary, 0.6);
  cairo_rectangle (cr, px - 0.5, py - 0.5, sw + 1, sh + 1);
  cairo_stroke (cr);
  cairo_restore (cr);
}

static gboolean
check_args (const DkgPlotImageGrid *d)
{
  g_return_val_if_fail (d != NULL, FALSE);
  g_return_val_if_fail (d->n_images == 0 || d->images != NULL, FALSE);
  for (guint i = 0; i < d->n_images; i++)
    {
      const DkgPlotImage *im = &d->images[i];

      g_return_val_if_fail (im->pixels != NULL && im->width >= 1 && im->height >= 1, FALSE);
      g_return_val_if_fail (im->format >= DKG_PLOT_PIXEL_GREY8
                            && im->format <= DKG_PLOT_PIXEL_RGBA8, FALSE);
      g_return_val_if_fail (im->stride == 0 || im->stride >= (gsize) im->width * im->format, FALSE);
      g_return_val_if_fail (im->width <= 32767 && im->height <= 32767, FALSE);
    }
  return TRUE;
}

/**
 * dkg_plot_render_image_grid:
 * @cr: the cairo context to draw into
 * @width: figure width in device units (pixels on an image surface, points on PDF/SVG), > 0
 * @height: figure height in device units, > 0
 * @style: colours and fonts
 * @grid: the images
 *
 * Draws a grid of images into the rectangle (0, 0)–(@width, @height) of @cr: the title, then
 * @grid->columns panels per row (or the number that makes them largest), each image scaled
 * to fit its cell with its aspect ratio kept, centred, framed by a hairline, with its caption
 * underneath. Unless the target is a vector document, enlargements of 2 device pixels per image
 * pixel or more are rounded down to whole numbers, so that all image pixels have the same size.
 * The state of @cr is left as it was.
 */
void
dkg_plot_render_image_grid (cairo_t                *cr,
                            double                  width,
                            double                  height,
                            const DkgPlotStyle     *style,
                            const DkgPlotImageGrid *grid)
{
  GridLayout g;
  double fs;

  g_return_if_fail (cr != NULL && style != NULL);
  g_return_if_fail (width > 0 && height > 0);
  if (!check_args (grid))
    return;

  fs = style->font_size;
  if (grid->columns > 0)
    layout_grid (style, grid, width, height, grid->columns, &g);
  else
    {
      GridLayout best;

      layout_grid (style, grid, width, height, 1, &best);
      for (guint c = 2; c <= grid->n_images; c++)
        {
          layout_grid (style, grid, width, height, c, &g);
          if (g.scale > best.scale)
            best = g;
        }
      g = best;
    }

  _dkg_plot_begin (cr, width, height, style);
  if (grid->title != NULL)
    _dkg_plot_text (cr, style, DKG_PLOT_FONT_TITLE, &style->foreground, grid->title,
                    width / 2, g.title_y, 0.5, DKG_PLOT_VALIGN_TOP);
  for (guint i = 0; i < grid->n_images; i++)
    {
      const DkgPlotImage *im = &grid->images[i];
      guint row = i / g.columns, col = i % g.columns;
      double x = g.left + col * (g.cell_w + GAP * fs);
      double y = g.top + row * (g.cell_h + g.caption_h + GAP * fs);

      draw_panel (cr, style, im, x, y, g.cell_w, g.cell_h, grid->smooth);
      if (im->caption != NULL)
        _dkg_plot_text (cr, style, DKG_PLOT_FONT_BODY, &style->foreground, im->caption,
                        x + g.cell_w / 2, y + g.cell_h + 0.45 * fs, 0.5, DKG_PLOT_VALIGN_TOP);
    }
  _dkg_plot_end (cr);
}

/**
 * dkg_plot_image_grid_func:
 * @cr: the cairo context to draw into
 * @width: figure width in device units, > 0
 * @height: figure height in device units, > 0
 * @style: colours and fonts
 * @grid: a #DkgPlotImageGrid
 *
 * dkg_plot_render_image_grid() as a #DkgPlotRenderFunc, for dkg_plot_export() and #DkgPlotPdf.
 */
void
dkg_plot_image_grid_func (cairo_t            *cr,
                          double              width,
                          double              height,
                          const DkgPlotStyle *style,
                          gconstpointer       grid)
{
  dkg_plot_render_image_grid (cr, width, height, style, grid);
}
