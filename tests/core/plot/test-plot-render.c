/* test-plot-render.c — every renderer drawn on a cairo image surface, checked pixel by pixel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each test asserts properties that hold whatever fonts are installed: colours at points the
 * layout functions locate, counts of non-background pixels, and agreement of the decimated
 * curves with a naive full polyline. One deterministic, text-free figure is compared with a
 * golden image (tests/data/plot/README.md says how to regenerate it). Every figure is also
 * written to the build directory as a PNG for a person to look at.
 */
#include <cairo-script.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <math.h>
#include <string.h>

#include "dkg-correlation.h"
#include "dkg-test-util.h"
#include "plot-test-util.h"
#include "dkg-plot-private.h"
#include "dkg-plot-text.h"

#define TOL 1   /* colour levels: rounding of cairo's 16-bit colour to 8 bits */

/* ------------------------------------------------------------------------------------------
 * Histogram
 */

static void
test_histogram_bars (void)
{
  guint64 counts[16];
  DkgPlotHistogramSeries series = { "Cipher", counts, NULL };
  DkgPlotHistogram h = {
    .title = "Sixteen bins", .x_label = "Value", .y_label = "Count",
    .n_bins = 16, .x_min = 0, .x_max = 16, .n_series = 1, .series = &series,
  };
  DkgPlotStyle style;
  DkgPlotArea area;
  cairo_surface_t *s;
  guint32 ink;
  double covered, expected = 0;

  for (guint i = 0; i < 16; i++)
    counts[i] = 10 * (i + 1);
  dkg_plot_style_init_light (&style);
  s = plot_test_render (dkg_plot_histogram_func, &h, &style, 480, 320, "histogram-bars.png");
  dkg_plot_layout_histogram (480, 320, &style, &h, &area);
  ink = plot_test_rgb (&style.series[0]);
  g_assert_cmpfloat (area.x_lo, ==, 0);
  g_assert_cmpfloat (area.x_hi, ==, 16);
  g_assert_cmpfloat (area.y_lo, ==, 0);
  g_assert_cmpfloat (area.y_hi, >=, 160);
  g_assert_cmpfloat (area.y_hi, <=, 200);

  for (guint i = 0; i < 16; i++)
    {
      double x, top, base;

      dkg_plot_area_to_device (&area, i + 0.5, (double) counts[i], &x, &top);
      dkg_plot_area_to_device (&area, i + 0.5, 0, NULL, &base);
      /* the bar's interior has the series colour, the space above it does not */
      g_assert_true (plot_test_near (plot_test_pixel (s, (int) x, (int) ((top + base) / 2)), ink,
                                     TOL));
      g_assert_true (plot_test_near (plot_test_pixel (s, (int) x, (int) base - 2), ink, TOL));
      g_assert_false (plot_test_near (plot_test_pixel (s, (int) x, (int) top - 3), ink, 40));
      /* bars are separated by gaps at this bin width */
      dkg_plot_area_to_device (&area, i, 0, &x, NULL);
      if (i > 0)
        g_assert_false (plot_test_near (plot_test_pixel (s, (int) floor (x), (int) base - 2), ink,
                                        40));
      /* bar width: the bin less a gap of 15 % */
      expected += (area.width / 16) * 0.85 * counts[i] / area.y_hi * area.height;
    }
  /* the painted area is the sum of the bars' areas (the grid adds under 1 %) */
  covered = plot_test_coverage (s, (int) area.x, (int) area.y, (int) (area.x + area.width),
                                (int) (area.y + area.height), &style.series[0], &style.background);
  g_test_message ("bar area %.0f pixels, expected %.0f", covered, expected);
  g_assert_cmpfloat (fabs (covered - expected) / expected, <, 0.02);
  cairo_surface_destroy (s);
}

/* A series that is zero everywhere draws nothing above the axis, in any mode. */
static void
test_histogram_zero (void)
{
  guint64 zeros[256] = { 0 };
  DkgPlotHistogramSeries series[2] = { { "A", zeros, NULL }, { "B", zeros, NULL } };
  DkgPlotHistogram h = {
    .n_bins = 256, .x_min = 0, .x_max = 256, .n_series = 1, .series = series,
  };
  DkgPlotStyle style;

  plot_test_style_bare (&style);
  for (guint mode = 0; mode < 3; mode++)
    {
      DkgPlotArea area;
      cairo_surface_t *s;
      guint n;

      h.mode = mode == 1 ? DKG_PLOT_HISTOGRAM_STEPS : DKG_PLOT_HISTOGRAM_BARS;
      h.n_series = mode == 2 ? 2 : 1;
      s = plot_test_render (dkg_plot_histogram_func, &h, &style, 400, 260, NULL);
      dkg_plot_layout_histogram (400, 260, &style, &h, &area);
      n = plot_test_count (s, (int) area.x, (int) area.y, (int) (area.x + area.width),
                           (int) (area.y + area.height), plot_test_rgb (&style.background), 0,
                           FALSE);
      g_assert_cmpuint (n, ==, 0);
      /* the axis itself is drawn, just below the plot area */
      g_assert_false (plot_test_near (plot_test_pixel (s, (int) (area.x + area.width / 2),
                                                       (int) (area.y + area.height)),
                                      plot_test_rgb (&style.background), 10));
      cairo_surface_destroy (s);
    }
}

/* Log scale: a count of 1 is a visible bar, empty bins draw nothing. */
static void
test_histogram_log (void)
{
  guint64 counts[8] = { 1, 0, 1000, 0, 10, 0, 0, 100000 };
  DkgPlotHistogramSeries series = { NULL, counts, NULL };
  DkgPlotHistogram h = {
    .n_bins = 8, .x_min = 0, .x_max = 8, .n_series = 1, .series = &series, .log_y = TRUE,
  };
  DkgPlotStyle style;
  DkgPlotArea area;
  cairo_surface_t *s;
  guint32 ink;

  plot_test_style_bare (&style);
  s = plot_test_render (dkg_plot_histogram_func, &h, &style, 400, 300, NULL);
  dkg_plot_layout_histogram (400, 300, &style, &h, &area);
  ink = plot_test_rgb (&style.series[0]);
  g_assert_true (area.y_log);
  g_assert_cmpfloat (area.y_lo, <, 1);
  g_assert_cmpfloat (area.y_hi, >=, 100000);
  for (guint i = 0; i < 8; i++)
    {
      double x, top, base;
      guint n;

      dkg_plot_area_to_device (&area, i + 0.5, counts[i] > 0 ? (double) counts[i] : 1, &x, &top);
      base = area.y + area.height;
      n = plot_test_count (s, (int) x - 3, (int) area.y, (int) x + 3, (int) base, ink, TOL, TRUE);
      if (counts[i] == 0)
        g_assert_cmpuint (n, ==, 0);
      else
        g_assert_true (plot_test_near (plot_test_pixel (s, (int) x, (int) ((top + base) / 2)), ink,
                                       TOL));
    }
  cairo_surface_destroy (s);
}

/* Several series, steps and a uniform line: only checked to draw every series. */
static void
test_histogram_series (void)
{
  guint64 a[256], b[256], c[256];
  DkgPlotHistogramSeries series[3] = {
    { "Plain", a, NULL }, { "Key", b, NULL }, { "Cipher", c, NULL },
  };
  DkgPlotHistogram h = {
    .title = "Plain, key and cipher", .x_label = "Pixel value", .y_label = "Count",
    .n_bins = 256, .x_min = 0, .x_max = 256, .n_series = 3, .series = series,
    .expected = 256,
  };
  DkgPlotStyle style;
  g_autoptr(DkgRand) rand = dkg_rand_new_seeded (5);
  cairo_surface_t *s;

  memset (a, 0, sizeof a);
  memset (b, 0, sizeof b);
  memset (c, 0, sizeof c);
  for (guint k = 0; k < 65536; k++)
    {
      double g = 0;

      for (guint j = 0; j < 4; j++)
        g += dkg_rand_double (rand);
      a[CLAMP ((int) (g / 4 * 180 + 40), 0, 255)]++;
      b[(guint) (dkg_rand_double (rand) * 256)]++;
      c[(guint) (dkg_rand_double (rand) * 256)]++;
    }
  dkg_plot_style_init_light (&style);
  for (guint mode = 0; mode < 2; mode++)
    {
      h.mode = mode;
      s = plot_test_render (dkg_plot_histogram_func, &h, &style, 640, 400,
                            mode == 0 ? "histogram-series.png" : "histogram-steps.png");
      for (guint i = 0; i < 3; i++)
        g_assert_cmpuint (plot_test_count (s, 0, 0, 640, 400, plot_test_rgb (&style.series[i]), 2,
                                           TRUE), >, 50);
      cairo_surface_destroy (s);
    }
  h.log_y = TRUE;
  h.title = "Log scale";
  dkg_plot_style_init_dark (&style);
  s = plot_test_render (dkg_plot_histogram_func, &h, &style, 640, 400, "histogram-log-dark.png");
  g_assert_true (plot_test_near (plot_test_pixel (s, 1, 1), plot_test_rgb (&style.background), 0));
  cairo_surface_destroy (s);
}

static void
test_histogram_rebin (void)
{
  g_autofree guint64 *counts = g_new (guint64, 65536);
  guint64 out[1024], total = 0, sum = 0;

  for (guint i = 0; i < 65536; i++)
    {
      counts[i] = i % 7;
      total += counts[i];
    }
  dkg_plot_histogram_rebin (counts, 65536, out, 1024);
  for (guint j = 0; j < 1024; j++)
    {
      guint64 expected = 0;

      for (guint i = j * 64; i < (j + 1) * 64; i++)
        expected += counts[i];
      g_assert_cmpuint (out[j], ==, expected);
      sum += out[j];
    }
  g_assert_cmpuint (sum, ==, total);
}

/* The golden image: a small text-free histogram compared pixel by pixel with
 * tests/data/plot/histogram-golden.png, within 2 levels per channel (pixman's compositing
 * may round differently on other CPUs); the rendering is kept in the build directory. */
static void
test_histogram_golden (void)
{
  static const guint64 counts[16] = { 3, 5, 8, 12, 17, 22, 26, 28, 27, 24, 19, 14, 10, 6, 4, 2 };
  DkgPlotHistogramSeries series = { NULL, counts, NULL };
  DkgPlotHistogram h = {
    .n_bins = 16, .x_min = 0, .x_max = 256, .n_series = 1, .series = &series, .expected = 14.25,
  };
  DkgPlotStyle style;
  g_autofree char *path = dkg_test_source_path ("tests/data/plot/histogram-golden.png");
  cairo_surface_t *s, *golden;
  guint differ = 0;
  int worst = 0;

  dkg_plot_style_init_light (&style);
  style.draw_text = FALSE;
  s = plot_test_render (dkg_plot_histogram_func, &h, &style, 320, 200, "histogram-golden.png");
  golden = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_surface_status (golden), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (golden), ==, 320);
  g_assert_cmpint (cairo_image_surface_get_height (golden), ==, 200);
  for (int y = 0; y < 200; y++)
    for (int x = 0; x < 320; x++)
      {
        guint32 a = plot_test_pixel (s, x, y), b = plot_test_pixel (golden, x, y);

        for (int shift = 0; shift < 32; shift += 8)
          worst = MAX (worst, ABS ((int) ((a >> shift) & 0xff) - (int) ((b >> shift) & 0xff)));
        if (!plot_test_near (a, b, 2))
          differ++;
      }
  g_test_message ("golden: %u pixels differ by more than 2 levels; largest difference %d",
                  differ, worst);
  g_assert_cmpuint (differ, ==, 0);
  cairo_surface_destroy (golden);
  cairo_surface_destroy (s);
}

/* ------------------------------------------------------------------------------------------
 * Scatter
 */

/* Every pixel farther than the dot radius (plus anti-aliasing) from the diagonal is
 * background; dots are present all along it. */
static void
check_diagonal (cairo_surface_t    *s,
                const DkgPlotArea  *area,
                const DkgPlotStyle *style)
{
  double px_per_unit = area->width / (area->x_hi - area->x_lo);
  guint32 bg = plot_test_rgb (&style->background);

  g_assert_cmpfloat_with_epsilon (area->width, area->height, 1.0);
  for (int y = (int) area->y; y < (int) (area->y + area->height); y++)
    for (int x = (int) area->x; x < (int) (area->x + area->width); x++)
      {
        double a, b, dist;

        dkg_plot_area_to_data (area, x + 0.5, y + 0.5, &a, &b);
        dist = fabs (a - b) / G_SQRT2 * px_per_unit;
        if (dist > style->marker_size / 2 + 1.5)
          g_assert_true (plot_test_near (plot_test_pixel (s, x, y), bg, 0));
      }
  for (int v = 0; v <= 255; v += 15)
    {
      double x, y;

      dkg_plot_area_to_device (area, v, v, &x, &y);
      g_assert_false (plot_test_near (plot_test_pixel (s, (int) x, (int) y), bg, 30));
    }
}

/* Renders through a recording surface, as GTK 4 does for a GtkDrawingArea (the renderers
 * treat it as pixels to come), then replays it onto an image surface. */
static cairo_surface_t *
render_via_recording (DkgPlotRenderFunc   render,
                      gconstpointer       data,
                      const DkgPlotStyle *style,
                      int                 width,
                      int                 height)
{
  cairo_rectangle_t extents = { 0, 0, width, height };
  cairo_surface_t *rec = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, &extents);
  cairo_surface_t *img = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cairo_t *cr = cairo_create (rec);

  render (cr, width, height, style, data);
  cairo_destroy (cr);
  cr = cairo_create (img);
  cairo_set_source_surface (cr, rec, 0, 0);
  cairo_paint (cr);
  cairo_destroy (cr);
  cairo_surface_destroy (rec);
  cairo_surface_flush (img);
  return img;
}

static cairo_status_t
discard_cb (void                *closure,
            const unsigned char *data,
            unsigned int         length)
{
  return CAIRO_STATUS_SUCCESS;
}

/* Renders through a cairo-script surface that also draws into an image: the renderers see a
 * vector target and take the paths they take for PDF and SVG, and the pixels can be checked. */
static cairo_surface_t *
render_via_script (DkgPlotRenderFunc   render,
                   gconstpointer       data,
                   const DkgPlotStyle *style,
                   int                 width,
                   int                 height)
{
  cairo_device_t *script = cairo_script_create_for_stream (discard_cb, NULL);
  cairo_surface_t *img = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cairo_surface_t *proxy = cairo_script_surface_create_for_target (script, img);
  cairo_t *cr = cairo_create (proxy);

  g_assert_cmpint (cairo_surface_get_type (proxy), ==, CAIRO_SURFACE_TYPE_SCRIPT);
  render (cr, width, height, style, data);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_finish (proxy);
  cairo_surface_destroy (proxy);
  cairo_device_finish (script);
  cairo_device_destroy (script);
  cairo_surface_flush (img);
  return img;
}

static void
test_scatter_diagonal (void)
{
  gint32 u[2000];
  DkgPlotScatter sc = {
    .n_points = 2000, .u = u, .v = u, .min_value = 0, .max_value = 255, .r = 1.0,
  };
  DkgPlotStyle style;
  DkgPlotArea area;
  cairo_surface_t *s;

  for (guint i = 0; i < 2000; i++)
    u[i] = (gint32) (i % 256);
  plot_test_style_bare (&style);
  dkg_plot_layout_scatter (400, 400, &style, &sc, &area);
  g_assert_cmpfloat (area.x_lo, <, 0);
  g_assert_cmpfloat (area.x_hi, >, 255);

  s = plot_test_render (dkg_plot_scatter_func, &sc, &style, 400, 400, NULL);
  check_diagonal (s, &area, &style);
  cairo_surface_destroy (s);

  s = render_via_recording (dkg_plot_scatter_func, &sc, &style, 400, 400);
  check_diagonal (s, &area, &style);
  cairo_surface_destroy (s);

  s = render_via_script (dkg_plot_scatter_func, &sc, &style, 400, 400);
  check_diagonal (s, &area, &style);
  cairo_surface_destroy (s);

  /* not square: the plot area stays square, centred */
  dkg_plot_layout_scatter (640, 360, &style, &sc, &area);
  g_assert_cmpfloat_with_epsilon (area.width, area.height, 1.0);
  s = plot_test_render (dkg_plot_scatter_func, &sc, &style, 640, 360, NULL);
  check_diagonal (s, &area, &style);
  cairo_surface_destroy (s);
}

/* A point drawn n times has the opacity 1 − (1 − α)^n, on all three drawing paths: pixels,
 * pixels to come (recording), vectors (script, as PDF and SVG). */
static void
test_scatter_density (void)
{
  gint32 u[21], v[21];
  DkgPlotScatter sc = {
    .n_points = 21, .u = u, .v = v, .min_value = 0, .max_value = 255, .alpha = 0.2,
    .hide_r = TRUE,
  };
  DkgPlotStyle style;
  DkgPlotArea area;

  u[0] = v[0] = 60;
  for (guint i = 1; i < 21; i++)
    {
      u[i] = 200;
      v[i] = 100;
    }
  plot_test_style_bare (&style);
  style.marker_size = 5;
  dkg_plot_layout_scatter (300, 300, &style, &sc, &area);
  for (guint path = 0; path < 3; path++)
    {
      cairo_surface_t *s = path == 0
        ? plot_test_render (dkg_plot_scatter_func, &sc, &style, 300, 300, NULL)
        : path == 1 ? render_via_recording (dkg_plot_scatter_func, &sc, &style, 300, 300)
                    : render_via_script (dkg_plot_scatter_func, &sc, &style, 300, 300);
      double x, y;

      dkg_plot_area_to_device (&area, 60, 60, &x, &y);
      g_assert_true (plot_test_near (plot_test_pixel (s, (int) x, (int) y),
                                     plot_test_blend (&style.series[0], 0.2, &style.background),
                                     2));
      dkg_plot_area_to_device (&area, 200, 100, &x, &y);
      g_assert_true (plot_test_near (plot_test_pixel (s, (int) x, (int) y),
                                     plot_test_blend (&style.series[0], 1 - pow (0.8, 20),
                                                      &style.background), 2));
      cairo_surface_destroy (s);
    }
}

/* From the analysis module's sample to a figure: a smooth image is strongly correlated. */
static void
test_scatter_sample (void)
{
  guint8 img[96 * 96];
  g_autoptr(GError) error = NULL;
  g_autoptr(DkgCorrelationSample) sample = NULL;
  g_autoptr(DkgRand) rand = dkg_rand_new_seeded (9);
  DkgPlotScatter sc;
  DkgPlotStyle style;
  cairo_surface_t *s;
  gint32 *u, *v;

  for (guint y = 0; y < 96; y++)
    for (guint x = 0; x < 96; x++)
      {
        double v = x * 2 + y + 8 * dkg_rand_double (rand);   /* CLAMP evaluates it twice */

        img[y * 96 + x] = (guint8) CLAMP (v, 0, 255);
      }
  sample = dkg_correlation_sample (img, 96, 96, 1, 8, FALSE, DKG_DIRECTION_VERTICAL, 0, 3000, 3,
                                   &error);
  g_assert_no_error (error);
  dkg_plot_scatter_init_from_sample (&sc, sample, 8, FALSE);
  g_assert_cmpstr (sc.title, ==, "Vertical");
  g_assert_nonnull (strstr (sc.y_label, "(x, y + 1)"));
  g_assert_cmpuint (sc.n_points, ==, 3000);
  g_assert_cmpfloat (sc.min_value, ==, 0);
  g_assert_cmpfloat (sc.max_value, ==, 255);
  g_assert_cmpfloat (sc.r, ==, sample->value.r);
  g_assert_cmpfloat (sc.r, >, 0.9);

  dkg_plot_style_init_light (&style);
  s = plot_test_render (dkg_plot_scatter_func, &sc, &style, 480, 480, "scatter-sample.png");
  cairo_surface_destroy (s);

  /* a cipher-like sample: 10⁵ uniform pairs, fast and spread over the whole square */
  u = g_new (gint32, 100000);
  v = g_new (gint32, 100000);
  for (guint i = 0; i < 100000; i++)
    {
      u[i] = (gint32) (dkg_rand_double (rand) * 256);
      v[i] = (gint32) (dkg_rand_double (rand) * 256);
    }
  sc.n_points = 100000;
  sc.u = u;
  sc.v = v;
  sc.r = -0.0012;
  sc.title = "Cipher, 10⁵ pairs";
  {
    gint64 t0 = g_get_monotonic_time ();
    DkgPlotArea area;
    double x, y;

    s = plot_test_render (dkg_plot_scatter_func, &sc, &style, 480, 480, "scatter-cipher.png");
    g_test_message ("scatter of 1e5 points: %.1f ms", (g_get_monotonic_time () - t0) / 1000.0);
    dkg_plot_layout_scatter (480, 480, &style, &sc, &area);
    dkg_plot_area_to_device (&area, 200, 40, &x, &y);
    g_assert_cmpuint (plot_test_count (s, (int) x - 10, (int) y - 10, (int) x + 10, (int) y + 10,
                                       plot_test_rgb (&style.background), 2, FALSE), >, 300);
  }
  /* r undefined */
  sc.r = NAN;
  cairo_surface_destroy (s);
  s = plot_test_render (dkg_plot_scatter_func, &sc, &style, 320, 320, NULL);
  cairo_surface_destroy (s);
  g_free (u);
  g_free (v);
}

/* ------------------------------------------------------------------------------------------
 * Curves
 */

static double *
noisy_curve (gsize n,
             guint64 seed)
{
  g_autoptr(DkgRand) rand = dkg_rand_new_seeded (seed);
  double *y = g_new (double, n);

  for (gsize i = 0; i < n; i++)
    y[i] = 0.7 + 0.6 * exp (-8.0 * i / n) + 0.3 * (dkg_rand_double (rand) - 0.5);
  return y;
}

/* "Ink": pixels differing from the background by more than @threshold levels. */
static gboolean
is_ink (guint32 p,
        guint32 bg,
        int     threshold)
{
  return !plot_test_near (p, bg, threshold);
}

typedef struct
{
  guint  ink_renderer;
  guint  ink_reference;
  guint  both;
  guint  either;
} InkStats;

/* Compares the renderer's curve with a full polyline of the same points stroked by cairo in
 * the same plot area (the naive reference). The reference is stroked in chunks of 64 segments:
 * one stroke of 10⁵ zigzagging segments takes cairo minutes to tessellate, and for an opaque
 * colour the chunks cover the same pixels. */
static InkStats
compare_with_polyline (const DkgPlotCurves *d,
                       const double        *ref_y,
                       gsize                n,
                       const DkgPlotStyle  *style,
                       int                  threshold,
                       gboolean             vector,
                       const char          *name)
{
  DkgPlotColor none = style->series[0];
  DkgPlotCurve hidden = d->curves[0];
  DkgPlotCurves d_hidden = *d;
  DkgPlotArea area;
  cairo_surface_t *a, *b;
  cairo_t *cr;
  guint32 bg = plot_test_rgb (&style->background);
  InkStats st = { 0 };

  if (vector)
    a = render_via_script (dkg_plot_curves_func, d, style, 600, 360);
  else
    a = plot_test_render (dkg_plot_curves_func, d, style, 600, 360, name);
  dkg_plot_layout_curves (600, 360, style, d, &area);

  /* the same frame (the y range depends on the data), the curve itself transparent */
  none.a = 0;
  hidden.color = &none;
  d_hidden.curves = &hidden;
  d_hidden.smoothing = 0;
  b = plot_test_render (dkg_plot_curves_func, &d_hidden, style, 600, 360, NULL);
  cr = cairo_create (b);
  cairo_rectangle (cr, area.x, area.y, area.width, area.height);
  cairo_clip (cr);
  cairo_set_line_width (cr, style->line_width);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_source_rgb (cr, style->series[0].r, style->series[0].g, style->series[0].b);
  for (gsize i = 0; i < n; i++)
    {
      double x, y;

      dkg_plot_area_to_device (&area, (double) i, ref_y[i], &x, &y);
      cairo_line_to (cr, x, y);
      if (i % 64 == 63 || i == n - 1)
        {
          cairo_stroke (cr);
          cairo_move_to (cr, x, y);
        }
    }
  cairo_destroy (cr);
  cairo_surface_flush (b);

  for (int y = (int) area.y; y < (int) (area.y + area.height); y++)
    for (int x = (int) area.x; x < (int) (area.x + area.width); x++)
      {
        gboolean ia = is_ink (plot_test_pixel (a, x, y), bg, threshold);
        gboolean ib = is_ink (plot_test_pixel (b, x, y), bg, threshold);

        st.ink_renderer += ia;
        st.ink_reference += ib;
        st.both += ia && ib;
        st.either += ia || ib;
      }
  g_test_message ("%s: ink %u (renderer) vs %u (full polyline), in both %u, in either %u",
                  name, st.ink_renderer, st.ink_reference, st.both, st.either);
  g_assert_cmpuint (st.ink_reference, >, 1000);
  cairo_surface_destroy (a);
  cairo_surface_destroy (b);
  return st;
}

static void
test_curves_match_polyline (void)
{
  gsize n = 100000;
  g_autofree double *y = noisy_curve (n, 21);
  g_autofree double *ema = g_new (double, n);
  DkgPlotCurve curve = { "loss", NULL, y, n, NULL };
  DkgPlotCurves d = { .n_curves = 1, .curves = &curve, .y_range = DKG_PLOT_Y_RANGE_FULL };
  DkgPlotStyle style;
  double s = 0, w = 1, beta = 0.999;
  InkStats st;

  plot_test_style_bare (&style);
  /* raw, dense (167 points per column): the filled per-column band covers the same pixels */
  st = compare_with_polyline (&d, y, n, &style, 60, FALSE, "curves-raw-vs-polyline.png");
  g_assert_cmpfloat ((double) st.both / st.either, >, 0.95);
  /* the same for PDF and SVG, where it is the M4 polyline (first, lowest, highest, last point
   * of each column) */
  st = compare_with_polyline (&d, y, n, &style, 60, TRUE, "curves-raw-vector");
  g_assert_cmpfloat ((double) st.both / st.either, >, 0.95);

  /* sparse (fewer points than columns): the M4 polyline is the polyline */
  curve.n = 300;
  st = compare_with_polyline (&d, y, 300, &style, 60, FALSE, "curves-sparse-vs-polyline.png");
  g_assert_cmpfloat ((double) st.both / st.either, >, 0.95);

  /* smoothed with the documented debiased EMA, dense: one vertex per column at the column's
   * mean, so the line lies inside the full EMA polyline's trace (which also shows the
   * average's wiggles within each column) and follows all of it. The raw curve is drawn
   * under it at 25 % opacity, less than 70 levels from white: a threshold of 100 leaves it
   * out. */
  curve.n = n;
  for (gsize i = 0; i < n; i++)
    {
      s = beta * s + (1 - beta) * y[i];
      w *= beta;
      ema[i] = s / (1 - w);
    }
  d.smoothing = beta;
  d.y_range = DKG_PLOT_Y_RANGE_FIXED;
  d.y_min = 0.5;
  d.y_max = 1.5;
  st = compare_with_polyline (&d, ema, n, &style, 100, FALSE, "curves-ema-vs-polyline.png");
  g_assert_cmpfloat ((double) st.both / st.ink_renderer, >, 0.95);
  g_assert_cmpfloat ((double) st.ink_renderer / st.ink_reference, >, 0.6);
}

/* Live redraws: 10⁵ points per curve, timed (printed, not asserted). */
static void
test_curves_speed (void)
{
  gsize n = 100000;
  double *ys[6];
  DkgPlotCurve curves[6];
  static const char *names[6] = { "loss_G", "loss_D", "Wasserstein distance", "GP", "D(real)",
                                  "D(fake)" };
  DkgPlotCurves d = {
    .title = "Training", .x_label = "Iteration", .y_label = "Loss", .n_curves = 1,
    .curves = curves,
  };
  DkgPlotStyle style;
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 800, 480);
  cairo_t *cr = cairo_create (s);
  gint64 t0;

  for (guint c = 0; c < 6; c++)
    {
      ys[c] = noisy_curve (n, 100 + c);
      for (gsize i = 0; i < n; i++)
        ys[c][i] += 0.3 * c;
      curves[c] = (DkgPlotCurve) { names[c], NULL, ys[c], n, NULL };
    }
  dkg_plot_style_init_light (&style);
  dkg_plot_render_curves (cr, 800, 480, &style, &d);   /* fonts loaded */

  t0 = g_get_monotonic_time ();
  dkg_plot_render_curves (cr, 800, 480, &style, &d);
  g_test_message ("1 curve of 1e5 points: %.2f ms", (g_get_monotonic_time () - t0) / 1000.0);

  d.n_curves = 6;
  d.smoothing = 0.99;
  d.legend_values = TRUE;
  t0 = g_get_monotonic_time ();
  dkg_plot_render_curves (cr, 800, 480, &style, &d);
  g_test_message ("6 curves of 1e5 points with EMA: %.2f ms",
                  (g_get_monotonic_time () - t0) / 1000.0);
  cairo_destroy (cr);
  cairo_surface_flush (s);
  for (guint c = 0; c < 6; c++)
    g_assert_cmpuint (plot_test_count (s, 0, 0, 800, 480, plot_test_rgb (&style.series[c]), 2,
                                       TRUE), >, 100);
  {
    g_autofree char *path = g_test_build_filename (G_TEST_BUILT, "curves-training.png", NULL);

    g_assert_cmpint (cairo_surface_write_to_png (s, path), ==, CAIRO_STATUS_SUCCESS);
  }
  cairo_surface_destroy (s);
  for (guint c = 0; c < 6; c++)
    g_free (ys[c]);
}

static void
test_curves_range (void)
{
  gsize n = 100000;
  g_autofree double *y = g_new (double, n);
  DkgPlotCurve curve = { "GP", NULL, y, n, NULL };
  DkgPlotCurves d = {
    .title = "An early spike, robust y range", .x_label = "Iteration", .y_label = "GP",
    .n_curves = 1, .curves = &curve,
  };
  DkgPlotStyle style;
  DkgPlotArea area;
  cairo_surface_t *s;

  /* an early spike: the first 0.1 % of values are 1000 */
  for (gsize i = 0; i < n; i++)
    y[i] = i < n / 1000 ? 1000 : 0.5 + 0.1 * sin (i * (2 * G_PI / 25000));
  dkg_plot_style_init_light (&style);
  d.y_range = DKG_PLOT_Y_RANGE_ROBUST;
  dkg_plot_layout_curves (600, 360, &style, &d, &area);
  g_assert_cmpfloat (area.y_lo, <, 0.4);
  g_assert_cmpfloat (area.y_lo, >, 0.3);
  g_assert_cmpfloat (area.y_hi, >, 0.6);
  g_assert_cmpfloat (area.y_hi, <, 0.7);
  g_assert_cmpfloat (area.x_lo, ==, 0);
  g_assert_cmpfloat (area.x_hi, ==, n - 1);
  s = plot_test_render (dkg_plot_curves_func, &d, &style, 600, 360, "curves-spike-robust.png");
  cairo_surface_destroy (s);

  d.y_range = DKG_PLOT_Y_RANGE_FULL;
  dkg_plot_layout_curves (600, 360, &style, &d, &area);
  g_assert_cmpfloat (area.y_hi, >=, 1000);

  d.y_range = DKG_PLOT_Y_RANGE_FIXED;
  d.y_min = 0;
  d.y_max = 1;
  d.x_min = 1000;
  d.x_max = 2000;
  dkg_plot_layout_curves (600, 360, &style, &d, &area);
  g_assert_cmpfloat (area.y_lo, ==, 0);
  g_assert_cmpfloat (area.y_hi, ==, 1);
  g_assert_cmpfloat (area.x_lo, ==, 1000);
  g_assert_cmpfloat (area.x_hi, ==, 2000);
  s = plot_test_render (dkg_plot_curves_func, &d, &style, 600, 360, NULL);
  cairo_surface_destroy (s);
}

/* NaN breaks the line; a single point is a dot; no points draws nothing. */
static void
test_curves_gaps (void)
{
  double x[1000], y[1000];
  DkgPlotCurve curve = { NULL, x, y, 1000, NULL };
  DkgPlotCurves d = {
    .n_curves = 1, .curves = &curve, .y_range = DKG_PLOT_Y_RANGE_FIXED, .y_min = 0, .y_max = 2,
  };
  DkgPlotStyle style;
  DkgPlotArea area;
  cairo_surface_t *s;
  guint32 bg;
  double px, py, qx;

  for (guint i = 0; i < 1000; i++)
    {
      x[i] = i;
      y[i] = i >= 400 && i < 600 ? NAN : 1.0;
    }
  plot_test_style_bare (&style);
  bg = plot_test_rgb (&style.background);
  for (guint sparse = 0; sparse < 2; sparse++)
    {
      int w = sparse ? 1600 : 500;

      s = plot_test_render (dkg_plot_curves_func, &d, &style, w, 300, NULL);
      dkg_plot_layout_curves (w, 300, &style, &d, &area);
      dkg_plot_area_to_device (&area, 420, 1, &px, &py);
      dkg_plot_area_to_device (&area, 580, 1, &qx, NULL);
      g_assert_cmpuint (plot_test_count (s, (int) px, (int) area.y, (int) qx,
                                         (int) (area.y + area.height), bg, 0, FALSE), ==, 0);
      dkg_plot_area_to_device (&area, 100, 1, &px, NULL);
      dkg_plot_area_to_device (&area, 300, 1, &qx, NULL);
      g_assert_cmpuint (plot_test_count (s, (int) px, (int) py - 3, (int) qx, (int) py + 3,
                                         bg, 10, FALSE), >=, (guint) (qx - px));
      cairo_surface_destroy (s);
    }

  /* one point: a dot */
  curve.n = 1;
  x[0] = 5;
  y[0] = 1;
  s = plot_test_render (dkg_plot_curves_func, &d, &style, 300, 200, NULL);
  dkg_plot_layout_curves (300, 200, &style, &d, &area);
  dkg_plot_area_to_device (&area, 5, 1, &px, &py);
  g_assert_false (plot_test_near (plot_test_pixel (s, (int) px, (int) py), bg, 30));
  cairo_surface_destroy (s);

  /* none */
  curve.n = 0;
  d.y_range = DKG_PLOT_Y_RANGE_ROBUST;
  s = plot_test_render (dkg_plot_curves_func, &d, &style, 300, 200, NULL);
  dkg_plot_layout_curves (300, 200, &style, &d, &area);
  g_assert_cmpuint (plot_test_count (s, (int) area.x, (int) area.y, (int) (area.x + area.width),
                                     (int) (area.y + area.height), bg, 0, FALSE), ==, 0);
  cairo_surface_destroy (s);
}

/* ------------------------------------------------------------------------------------------
 * Images, tables, text
 */

static void
test_image_grid (void)
{
  static const guint8 rgb[2 * 2 * 3] = { 255, 0, 0, 0, 255, 0, 0, 0, 255, 128, 128, 128 };
  static const guint8 clear[2] = { 0, 0 };   /* grey + alpha, fully transparent */
  DkgPlotImage im = { NULL, rgb, 2, 2, 0, DKG_PLOT_PIXEL_RGB8 };
  DkgPlotImageGrid g = { .n_images = 1, .images = &im };
  DkgPlotStyle style;
  cairo_surface_t *s;

  dkg_plot_style_init_light (&style);
  s = plot_test_render (dkg_plot_image_grid_func, &g, &style, 200, 200, NULL);
  /* enlarged with sharp pixels: each quadrant is one image pixel */
  g_assert_true (plot_test_near (plot_test_pixel (s, 80, 80), 0xffff0000, 0));
  g_assert_true (plot_test_near (plot_test_pixel (s, 120, 80), 0xff00ff00, 0));
  g_assert_true (plot_test_near (plot_test_pixel (s, 80, 120), 0xff0000ff, 0));
  g_assert_true (plot_test_near (plot_test_pixel (s, 120, 120), 0xff808080, 0));
  g_assert_true (plot_test_near (plot_test_pixel (s, 99, 80), 0xffff0000, 0));
  g_assert_true (plot_test_near (plot_test_pixel (s, 101, 80), 0xff00ff00, 0));
  g_assert_true (plot_test_near (plot_test_pixel (s, 1, 1), plot_test_rgb (&style.background), 0));
  cairo_surface_destroy (s);

  im.pixels = clear;
  im.width = im.height = 1;
  im.format = DKG_PLOT_PIXEL_GREY_ALPHA8;
  s = plot_test_render (dkg_plot_image_grid_func, &g, &style, 200, 200, NULL);
  g_assert_true (plot_test_near (plot_test_pixel (s, 100, 100), plot_test_rgb (&style.background),
                                 0));
  cairo_surface_destroy (s);
}

static void
test_image_grid_figure (void)
{
  guint W = 128, H = 96;
  g_autofree guint8 *plain = g_new (guint8, W * H);
  g_autofree guint8 *key = g_new (guint8, W * H * 3);
  g_autofree guint8 *cipher = g_new (guint8, W * H);
  g_autoptr(DkgRand) rand = dkg_rand_new_seeded (4);
  DkgPlotImage ims[4] = {
    { "Plain", plain, W, H, 0, DKG_PLOT_PIXEL_GREY8 },
    { "Key", key, W, H, 0, DKG_PLOT_PIXEL_RGB8 },
    { "Cipher", cipher, W, H, 0, DKG_PLOT_PIXEL_GREY8 },
    { "Decrypted", plain, W, H, 0, DKG_PLOT_PIXEL_GREY8 },
  };
  DkgPlotImageGrid g = { .title = "Encryption", .n_images = 4, .images = ims };
  DkgPlotStyle style;
  cairo_surface_t *s;

  for (guint i = 0; i < W * H; i++)
    {
      plain[i] = (guint8) ((i % W) * 2);
      for (guint c = 0; c < 3; c++)
        key[i * 3 + c] = (guint8) (dkg_rand_double (rand) * 256);
      cipher[i] = plain[i] ^ key[i * 3];
    }
  dkg_plot_style_init_light (&style);
  /* wide: one row; tall: two columns */
  s = plot_test_render (dkg_plot_image_grid_func, &g, &style, 900, 260, "image-grid-row.png");
  cairo_surface_destroy (s);
  s = plot_test_render (dkg_plot_image_grid_func, &g, &style, 520, 520, "image-grid-2x2.png");
  /* the plain panel's gradient reaches white at its right edge: somewhere in the left half */
  g_assert_cmpuint (plot_test_count (s, 0, 0, 260, 260, 0xff000000, 3, TRUE), >, 100);
  cairo_surface_destroy (s);
}

static void
test_window_16 (void)
{
  static const guint16 in[6] = { 0, 899, 900, 1000, 1100, 65535 };
  guint8 out[6];
  gint16 sin[3] = { -1000, 0, 1000 };

  /* centre 1000, width 201: 899.5 … 1099.5 maps to 0 … 255 */
  dkg_plot_window_16 (in, 6, FALSE, 1000, 201, out);
  g_assert_cmpuint (out[0], ==, 0);
  g_assert_cmpuint (out[1], ==, 0);
  g_assert_cmpuint (out[2], ==, 1);
  g_assert_cmpuint (out[3], ==, 128);
  g_assert_cmpuint (out[4], ==, 255);
  g_assert_cmpuint (out[5], ==, 255);

  dkg_plot_window_16 ((const guint16 *) sin, 3, TRUE, 0, 400, out);
  g_assert_cmpuint (out[0], ==, 0);
  g_assert_cmpuint (out[1], ==, 128);
  g_assert_cmpuint (out[2], ==, 255);
}

static void
test_table (void)
{
  static const char *header[3] = { "Test", "P-value", "Result" };
  static const char *cells[] = {
    "Frequency", "0.953749", "PASS",
    "Runs", "0.561917", "PASS",
    "Serial", "0.000412", "FAIL",
    "Random excursions", NULL, "not applicable",
  };
  static const DkgPlotCellState states[] = {
    0, 0, DKG_PLOT_CELL_PASS,
    0, 0, DKG_PLOT_CELL_PASS,
    0, 0, DKG_PLOT_CELL_FAIL,
    0, 0, DKG_PLOT_CELL_MUTED,
  };
  DkgPlotTable t = {
    .title = "NIST SP 800-22", .n_columns = 3, .n_rows = 4, .header = header, .cells = cells,
    .states = states, .note = "α = 0.01",
  };
  DkgPlotStyle style;
  cairo_surface_t *s;
  guint pass, fail;
  const char **many;

  dkg_plot_style_init_light (&style);
  s = plot_test_render (dkg_plot_table_func, &t, &style, 480, 300, "table.png");
  /* row 0 lies on the background, row 1 on the stripe, row 2 on the background */
  pass = plot_test_count (s, 0, 0, 480, 300, plot_test_blend (&style.pass, 0.22, &style.background),
                          2, TRUE);
  fail = plot_test_count (s, 0, 0, 480, 300, plot_test_blend (&style.fail, 0.22, &style.background),
                          2, TRUE);
  g_test_message ("pass-tinted pixels %u, fail-tinted %u", pass, fail);
  g_assert_cmpuint (pass, >, 300);
  g_assert_cmpuint (fail, >, 300);
  g_assert_cmpfloat (dkg_plot_table_scale (480, 300, &style, &t), ==, 1.0);
  cairo_surface_destroy (s);

  /* too many rows: scaled down as a whole, never cut */
  many = g_new0 (const char *, 60 * 3);
  for (guint i = 0; i < 60 * 3; i++)
    many[i] = cells[i % 12];
  t.cells = many;
  t.states = NULL;
  t.n_rows = 60;
  g_assert_cmpfloat (dkg_plot_table_scale (480, 300, &style, &t), <, 0.5);
  s = plot_test_render (dkg_plot_table_func, &t, &style, 480, 300, "table-scaled.png");
  /* it reaches down to the bottom margin, where the last rows and the note are */
  g_assert_cmpuint (plot_test_count (s, 0, 260, 480, 300, plot_test_rgb (&style.background), 20,
                                     FALSE), >, 50);
  cairo_surface_destroy (s);
  g_free (many);

  dkg_plot_style_init_dark (&style);
  t.cells = cells;
  t.states = states;
  t.n_rows = 4;
  s = plot_test_render (dkg_plot_table_func, &t, &style, 480, 300, "table-dark.png");
  g_assert_cmpuint (plot_test_count (s, 0, 0, 480, 300,
                                     plot_test_blend (&style.fail, 0.22, &style.background), 2,
                                     TRUE), >, 300);
  cairo_surface_destroy (s);
}

static void
test_text (void)
{
  DkgPlotText t = {
    "Report",
    "A first paragraph that is long enough to be wrapped over several lines in a narrow "
    "column.\n\nA second paragraph.",
  };
  DkgPlotStyle style;
  double wide, narrow;
  cairo_surface_t *s;

  dkg_plot_style_init_light (&style);
  wide = dkg_plot_text_height (2000, &style, &t);
  narrow = dkg_plot_text_height (150, &style, &t);
  g_test_message ("text height %.1f (wide), %.1f (narrow)", wide, narrow);
  g_assert_cmpfloat (wide, >, 3 * style.font_size);
  g_assert_cmpfloat (narrow, >, wide + 2 * style.font_size);
  s = plot_test_render (dkg_plot_text_func, &t, &style, 300, 200, "text.png");
  /* no background: text only */
  g_assert_cmpuint (plot_test_pixel (s, 0, 0), ==, 0);
  g_assert_cmpuint (plot_test_count (s, 0, 0, 300, 200, 0, 0, FALSE), >, 200);
  cairo_surface_destroy (s);
}

/* Labels through Pango: every character of symbols and other scripts has a glyph (font
 * fallback, where cairo's toy API drew empty boxes), and dkg_plot_draw_label() centres the
 * text on its anchor. */
static void
test_label_fallback (void)
{
  static const char *const texts[] = { "χ² ≥ 0.01, α = 0.05, σ² ± μ", "Ентропія ≤ 8 біт" };
  const DkgPlotColor ink = { 0, 0, 0, 1 };
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 400, 60);
  cairo_t *cr = cairo_create (s);
  DkgPlotStyle style;
  double w, left = 400, right = 0;

  dkg_plot_style_init_light (&style);
  for (gsize i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(PangoLayout) layout = _dkg_plot_text_layout (cr, &style, DKG_PLOT_FONT_BODY,
                                                             texts[i]);

      g_test_message ("“%s”: %d unknown glyphs", texts[i],
                      pango_layout_get_unknown_glyphs_count (layout));
      g_assert_cmpint (pango_layout_get_unknown_glyphs_count (layout), ==, 0);
    }
  w = dkg_plot_draw_label (cr, &style, 20, TRUE, &ink, texts[0], 200, 40, 0.5);
  cairo_surface_flush (s);
  g_assert_cmpfloat (w, >, 20 * 0.4 * g_utf8_strlen (texts[0], -1));
  g_assert_cmpfloat (w, <, 400);
  /* the ink spans about [200 − w/2, 200 + w/2] */
  for (int y = 0; y < 60; y++)
    for (int x = 0; x < 400; x++)
      if ((plot_test_pixel (s, x, y) >> 24) > 128)
        {
          left = MIN (left, x);
          right = MAX (right, x);
        }
  g_test_message ("label width %.1f, ink from %.0f to %.0f", w, left, right);
  g_assert_cmpfloat (fabs (left - (200 - w / 2)), <, 4);
  g_assert_cmpfloat (fabs (right - (200 + w / 2)), <, 4);
  g_assert_cmpfloat (dkg_plot_draw_label (cr, &style, 20, TRUE, &ink, "", 0, 0, 0), ==, 0);
  cairo_destroy (cr);
  cairo_surface_destroy (s);
}

/* Every renderer at sizes from 1 × 1 to very wide, with degenerate data: no cairo error, no
 * critical warning (g_test_init makes them fatal), nothing drawn outside the figure. */
static void
test_sizes_and_degenerate_data (void)
{
  static const int sizes[][2] = { { 1, 1 }, { 24, 16 }, { 80, 50 }, { 2400, 120 }, { 90, 900 } };
  guint64 one[1] = { G_GUINT64_CONSTANT (1000000000000000) };
  DkgPlotHistogramSeries hs = { "huge", one, NULL };
  DkgPlotHistogram h = { .title = "A title longer than the figure is wide", .n_bins = 1,
                         .x_min = -32768, .x_max = 32768, .n_series = 1, .series = &hs,
                         .log_y = TRUE, .expected = 1 };
  gint32 neg[2] = { -32768, 32767 };
  DkgPlotScatter sc = { .title = "Signed", .n_points = 2, .u = neg, .v = neg,
                        .min_value = -32768, .max_value = 32767, .r = NAN };
  double nan_y[3] = { NAN, INFINITY, -INFINITY };
  double const_y[2] = { 5, 5 };
  DkgPlotCurve cv[2] = { { "NaN", NULL, nan_y, 3, NULL }, { "constant", NULL, const_y, 2, NULL } };
  DkgPlotCurves c = { .title = "Degenerate", .n_curves = 2, .curves = cv, .smoothing = 0.5,
                      .legend_values = TRUE };
  static const guint8 px[1] = { 200 };
  DkgPlotImage im = { "one pixel", px, 1, 1, 0, DKG_PLOT_PIXEL_GREY8 };
  DkgPlotImageGrid g = { .title = "Grid", .n_images = 1, .images = &im };
  DkgPlotImageGrid empty = { .title = "Empty" };
  static const char *cells[1] = { NULL };
  DkgPlotTable t = { .n_columns = 1, .n_rows = 1, .cells = cells };
  DkgPlotText text = { NULL, "" };
  struct { DkgPlotRenderFunc f; gconstpointer d; } figures[] = {
    { dkg_plot_histogram_func, &h }, { dkg_plot_scatter_func, &sc }, { dkg_plot_curves_func, &c },
    { dkg_plot_image_grid_func, &g }, { dkg_plot_image_grid_func, &empty },
    { dkg_plot_table_func, &t }, { dkg_plot_text_func, &text },
  };
  DkgPlotStyle style;

  dkg_plot_style_init_light (&style);
  for (guint k = 0; k < G_N_ELEMENTS (sizes); k++)
    for (guint i = 0; i < G_N_ELEMENTS (figures); i++)
      {
        int w = sizes[k][0], hh = sizes[k][1];
        cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w + 40, hh + 40);
        cairo_t *cr = cairo_create (s);

        /* drawn at (20, 20): the 20-pixel border must stay untouched */
        cairo_translate (cr, 20, 20);
        figures[i].f (cr, w, hh, &style, figures[i].d);
        g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
        cairo_destroy (cr);
        cairo_surface_flush (s);
        g_assert_cmpuint (plot_test_count (s, 0, 0, w + 40, 20, 0, 0, FALSE), ==, 0);
        g_assert_cmpuint (plot_test_count (s, 0, hh + 20, w + 40, hh + 40, 0, 0, FALSE), ==, 0);
        g_assert_cmpuint (plot_test_count (s, 0, 0, 20, hh + 40, 0, 0, FALSE), ==, 0);
        g_assert_cmpuint (plot_test_count (s, w + 20, 0, w + 40, hh + 40, 0, 0, FALSE), ==, 0);
        cairo_surface_destroy (s);
      }
}

/* The title keeps clear of DkgPlotStyle.title_inset_right (the app's Export button): no title
 * ink in the inset's columns of the title band, for a short title and for one too long for
 * its line (drawn smaller, down to 70 %), and the long title's ink stays inside the figure. */
static void
test_title_inset (void)
{
  const char *titles[] = { "Histogram of the key", "Histogram of the key bytes" };
  guint64 counts[4] = { 1, 2, 3, 4 };
  DkgPlotHistogramSeries series = { "Key", counts, NULL };
  DkgPlotStyle style;

  dkg_plot_style_init_light (&style);
  style.title_inset_right = 40;
  for (guint t = 0; t < G_N_ELEMENTS (titles); t++)
    {
      DkgPlotHistogram h = { .title = titles[t], .n_bins = 4, .x_min = 0, .x_max = 4,
                             .n_series = 1, .series = &series };
      cairo_surface_t *s = plot_test_render (dkg_plot_histogram_func, &h, &style, 240, 200,
                                             t == 0 ? "title-inset.png" : "title-inset-long.png");
      guint32 bg = plot_test_rgb (&style.background);
      int band = (int) ceil (style.font_size * 2.2);
      guint inked = plot_test_count (s, 0, 0, 200, band, bg, 60, FALSE);

      g_assert_cmpuint (inked, >, 20);                                   /* a title was drawn */
      g_assert_cmpuint (plot_test_count (s, 200, 0, 240, band, bg, 60, FALSE), ==, 0);
      g_assert_cmpuint (plot_test_count (s, 0, 0, 2, band, bg, 60, FALSE), ==, 0);
      cairo_surface_destroy (s);
    }
}

int
main (int argc, char **argv)
{
  int ret;

  dkg_test_init (&argc, &argv);
  g_test_add_func ("/core/plot/histogram/bars", test_histogram_bars);
  g_test_add_func ("/core/plot/histogram/zero-series", test_histogram_zero);
  g_test_add_func ("/core/plot/histogram/log", test_histogram_log);
  g_test_add_func ("/core/plot/histogram/series", test_histogram_series);
  g_test_add_func ("/core/plot/histogram/rebin", test_histogram_rebin);
  g_test_add_func ("/core/plot/histogram/golden", test_histogram_golden);
  g_test_add_func ("/core/plot/scatter/diagonal", test_scatter_diagonal);
  g_test_add_func ("/core/plot/scatter/density", test_scatter_density);
  g_test_add_func ("/core/plot/scatter/sample", test_scatter_sample);
  g_test_add_func ("/core/plot/curves/match-polyline", test_curves_match_polyline);
  g_test_add_func ("/core/plot/curves/speed", test_curves_speed);
  g_test_add_func ("/core/plot/curves/range", test_curves_range);
  g_test_add_func ("/core/plot/curves/gaps", test_curves_gaps);
  g_test_add_func ("/core/plot/image/grid", test_image_grid);
  g_test_add_func ("/core/plot/image/figure", test_image_grid_figure);
  g_test_add_func ("/core/plot/image/window-16", test_window_16);
  g_test_add_func ("/core/plot/table/states", test_table);
  g_test_add_func ("/core/plot/text/wrap", test_text);
  g_test_add_func ("/core/plot/text/label-fallback", test_label_fallback);
  g_test_add_func ("/core/plot/text/title-inset", test_title_inset);
  g_test_add_func ("/core/plot/robustness/sizes-and-data", test_sizes_and_degenerate_data);
  ret = g_test_run ();
  plot_test_teardown ();
  return ret;
}
