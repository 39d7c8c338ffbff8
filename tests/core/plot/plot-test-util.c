/* plot-test-util.c — pixel helpers for the plot tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdlib.h>

#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>

#include "plot-test-util.h"

/* Renders into a new ARGB32 image surface; with @png_name, also writes it to the build
 * directory for a person to look at (STYLE.md §4.10). */
cairo_surface_t *
plot_test_render (DkgPlotRenderFunc   render,
                  gconstpointer       data,
                  const DkgPlotStyle *style,
                  int                 width,
                  int                 height,
                  const char         *png_name)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cairo_t *cr = cairo_create (surface);

  render (cr, width, height, style, data);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  if (png_name != NULL)
    {
      g_autofree char *path = g_test_build_filename (G_TEST_BUILT, png_name, NULL);

      g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
      g_test_message ("wrote %s", path);
    }
  return surface;
}

/* 0xAARRGGBB of the (premultiplied) pixel; equal to the colour when it is opaque. */
guint32
plot_test_pixel (cairo_surface_t *surface,
                 int              x,
                 int              y)
{
  const guint8 *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);

  g_assert_true (x >= 0 && y >= 0);
  g_assert_cmpint (x, <, cairo_image_surface_get_width (surface));
  g_assert_cmpint (y, <, cairo_image_surface_get_height (surface));
  return *(const guint32 *) (data + (gsize) y * stride + (gsize) x * 4);
}

static guint32
channel (double v)
{
  return (guint32) CLAMP (lround (v * 255), 0, 255);
}

/* The opaque 0xFFRRGGBB of a colour. */
guint32
plot_test_rgb (const DkgPlotColor *color)
{
  return 0xff000000u | channel (color->r) << 16 | channel (color->g) << 8 | channel (color->b);
}

/* The opaque pixel @over painted with @alpha over @under gives. */
guint32
plot_test_blend (const DkgPlotColor *over,
                 double              alpha,
                 const DkgPlotColor *under)
{
  DkgPlotColor c = {
    over->r * alpha + under->r * (1 - alpha),
    over->g * alpha + under->g * (1 - alpha),
    over->b * alpha + under->b * (1 - alpha),
    1.0,
  };

  return plot_test_rgb (&c);
}

/* Every channel (alpha included) within @tolerance levels. */
gboolean
plot_test_near (guint32 a,
                guint32 b,
                int     tolerance)
{
  for (int shift = 0; shift < 32; shift += 8)
    if (abs ((int) ((a >> shift) & 0xff) - (int) ((b >> shift) & 0xff)) > tolerance)
      return FALSE;
  return TRUE;
}

/* Pixels of [x0, x1) × [y0, y1) that are (@matching) or are not (!@matching) near @rgb. */
guint
plot_test_count (cairo_surface_t *surface,
                 int              x0,
                 int              y0,
                 int              x1,
                 int              y1,
                 guint32          rgb,
                 int              tolerance,
                 gboolean         matching)
{
  guint n = 0;

  for (int y = y0; y < y1; y++)
    for (int x = x0; x < x1; x++)
      if (plot_test_near (plot_test_pixel (surface, x, y), rgb, tolerance) == matching)
        n++;
  return n;
}

/* The area covered by @ink over @background in [x0, x1) × [y0, y1), in pixels: each pixel
 * counts for the fraction of the way it is from the background to the ink, measured on the
 * channel where the two differ most. Anti-aliased edges count for what they cover. */
double
plot_test_coverage (cairo_surface_t    *surface,
                    int                 x0,
                    int                 y0,
                    int                 x1,
                    int                 y1,
                    const DkgPlotColor *ink,
                    const DkgPlotColor *background)
{
  guint32 i = plot_test_rgb (ink), b = plot_test_rgb (background);
  int shift = 0, best = 0;
  double sum = 0;

  for (int sh = 0; sh < 24; sh += 8)
    {
      int d = abs ((int) ((i >> sh) & 0xff) - (int) ((b >> sh) & 0xff));

      if (d > best)
        {
          best = d;
          shift = sh;
        }
    }
  g_assert_cmpint (best, >, 0);
  for (int y = y0; y < y1; y++)
    for (int x = x0; x < x1; x++)
      {
        int p = (int) ((plot_test_pixel (surface, x, y) >> shift) & 0xff);
        int bb = (int) ((b >> shift) & 0xff), ii = (int) ((i >> shift) & 0xff);

        sum += CLAMP ((double) (p - bb) / (ii - bb), 0.0, 1.0);
      }
  return sum;
}

/* The light style without text and grid: what remains in the plot area is data only. */
void
plot_test_style_bare (DkgPlotStyle *style)
{
  dkg_plot_style_init_light (style);
  style->draw_text = FALSE;
  style->draw_grid = FALSE;
}

/**
 * plot_test_teardown:
 *
 * Drops Pango's, cairo's and fontconfig's caches at the end of a plot test, so that leak
 * checkers (the suite also runs under AddressSanitizer) see only the tests' own allocations.
 * Pango's fonts hold cairo's scaled fonts, so its font map goes first.
 */
void
plot_test_teardown (void)
{
  pango_cairo_font_map_set_default (NULL);
  cairo_debug_reset_static_data ();
  FcFini ();
}
