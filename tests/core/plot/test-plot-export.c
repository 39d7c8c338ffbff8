/* test-plot-export.c — PNG, SVG and PDF files, the multi-page PDF writer, and failures that
 * leave no file behind
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "dkg-error.h"
#include "dkg-test-util.h"
#include "plot-test-util.h"

static guint64 counts[64];
static DkgPlotHistogramSeries series = { "Counts", counts, NULL };
static DkgPlotHistogram histogram = {
  .title = "Export", .x_label = "Value", .y_label = "Count",
  .n_bins = 64, .x_min = 0, .x_max = 256, .n_series = 1, .series = &series, .expected = 32,
};

static void
fill_counts (void)
{
  for (guint i = 0; i < 64; i++)
    counts[i] = 20 + (i * 37) % 25;
}

static char *
read_file (const char *path,
           gsize      *len)
{
  g_autoptr(GError) error = NULL;
  char *data = NULL;

  g_assert_true (g_file_get_contents (path, &data, len, &error));
  g_assert_no_error (error);
  return data;
}

/* Occurrences of @needle in @data (binary-safe). */
static guint
count_occurrences (const char *data,
                   gsize       len,
                   const char *needle)
{
  gsize n = strlen (needle);
  guint k = 0;

  for (gsize i = 0; i + n <= len; i++)
    if (memcmp (data + i, needle, n) == 0)
      k++;
  return k;
}

static void
test_png (void)
{
  g_autofree char *dir = dkg_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "figure.png", NULL);
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  DkgPlotStyle style;
  cairo_surface_t *s;
  gsize len;

  fill_counts ();
  dkg_plot_style_init_light (&style);
  g_assert_true (dkg_plot_export (path, DKG_PLOT_FORMAT_PNG, 640, 400, dkg_plot_histogram_func,
                                  &histogram, &style, &error));
  g_assert_no_error (error);
  data = read_file (path, &len);
  g_assert_cmpuint (len, >, 8);
  g_assert_cmpmem (data, 8, "\x89PNG\r\n\x1a\n", 8);
  s = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_surface_status (s), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (s), ==, 640);
  g_assert_cmpint (cairo_image_surface_get_height (s), ==, 400);
  /* opaque background: an RGB file */
  g_assert_cmpint (cairo_image_surface_get_format (s), ==, CAIRO_FORMAT_RGB24);
  g_assert_cmpuint (plot_test_count (s, 0, 0, 640, 400, plot_test_rgb (&style.series[0]), 1, TRUE),
                    >, 1000);
  cairo_surface_destroy (s);
  g_assert_cmpuint (dkg_test_count_files (dir), ==, 1);

  /* scale 2: twice the pixels, same layout; transparent background: RGBA */
  style.draw_background = FALSE;
  bytes = dkg_plot_render_to_bytes (DKG_PLOT_FORMAT_PNG, 320, 200, 2.0, dkg_plot_histogram_func,
                                    &histogram, &style, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (bytes, NULL),
                                      (gssize) g_bytes_get_size (bytes), &error));
  s = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_image_surface_get_width (s), ==, 640);
  g_assert_cmpint (cairo_image_surface_get_height (s), ==, 400);
  g_assert_cmpint (cairo_image_surface_get_format (s), ==, CAIRO_FORMAT_ARGB32);
  g_assert_cmpuint (plot_test_pixel (s, 0, 0), ==, 0);
  cairo_surface_destroy (s);
  dkg_test_rm_rf (dir);
}

/* Labels go through Pango: symbols that a plain Latin font may lack (α, χ², ≥) still get glyphs
 * (font fallback), and a PDF keeps them as text — embedded fonts, not painted paths. */
static void
test_pdf_text (void)
{
  g_autofree char *dir = dkg_test_make_tmpdir ();
  g_autofree char *pdf = g_build_filename (dir, "text.pdf", NULL);
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  DkgPlotText t = { "χ² ≥ 0, α = 0.01", "Ентропія 7.997 bits ≥ 7.99 — π, σ², μ ± 2σ" };
  DkgPlotStyle style;
  gsize len;

  dkg_plot_style_init_light (&style);
  g_assert_true (dkg_plot_export (pdf, DKG_PLOT_FORMAT_PDF, 400, 200, dkg_plot_text_func, &t,
                                  &style, &error));
  g_assert_no_error (error);
  data = read_file (pdf, &len);
  g_assert_cmpuint (count_occurrences (data, len, "/FontFile"), >=, 1);
  g_assert_cmpuint (count_occurrences (data, len, "/ToUnicode"), >=, 1);
  dkg_test_rm_rf (dir);
}

static void
test_svg_pdf (void)
{
  g_autofree char *dir = dkg_test_make_tmpdir ();
  g_autofree char *svg = g_build_filename (dir, "figure.svg", NULL);
  g_autofree char *pdf = g_build_filename (dir, "figure.pdf", NULL);
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  DkgPlotStyle style;
  gsize len;

  fill_counts ();
  dkg_plot_style_init_light (&style);
  g_assert_true (dkg_plot_export (svg, DKG_PLOT_FORMAT_SVG, 480, 300, dkg_plot_histogram_func,
                                  &histogram, &style, &error));
  g_assert_no_error (error);
  data = read_file (svg, &len);
  g_assert_true (g_str_has_prefix (data, "<?xml"));
  g_assert_nonnull (strstr (data, "<svg"));
  g_assert_nonnull (strstr (data, "width=\"480pt\""));
  g_assert_nonnull (strstr (data, "</svg>"));
  g_clear_pointer (&data, g_free);

  g_assert_true (dkg_plot_export (pdf, DKG_PLOT_FORMAT_PDF, 480, 300, dkg_plot_histogram_func,
                                  &histogram, &style, &error));
  g_assert_no_error (error);
  data = read_file (pdf, &len);
  g_assert_true (g_str_has_prefix (data, "%PDF-"));
  g_assert_cmpuint (count_occurrences (data, len, "%%EOF"), >=, 1);
  g_assert_cmpuint (count_occurrences (data, len, "/Type /Page\n")
                    + count_occurrences (data, len, "/Type /Page "), ==, 1);
  g_assert_cmpuint (dkg_test_count_files (dir), ==, 2);
  dkg_test_rm_rf (dir);
}

static void
test_pdf_writer (void)
{
  g_autofree char *dir = dkg_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "report.pdf", NULL);
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DkgPlotPdf) pdf = NULL;
  static const char *header[2] = { "Metric", "Value" };
  static const char *cells[4] = { "Entropy", "7.9972", "NPCR", "99.61 %" };
  DkgPlotTable table = { .title = "Metrics", .n_columns = 2, .n_rows = 2, .header = header,
                         .cells = cells };
  DkgPlotText text = { "Report", "Three pages: text and a figure, a landscape table, a figure." };
  gsize len;
  guint pages;

  fill_counts ();
  pdf = dkg_plot_pdf_new (path, "Test report", NULL);
  dkg_plot_pdf_draw (pdf, 56, 56, 480, 100, dkg_plot_text_func, &text);
  dkg_plot_pdf_draw (pdf, 56, 170, 480, 300, dkg_plot_histogram_func, &histogram);
  g_assert_cmpfloat_with_epsilon (dkg_plot_pdf_get_page_width (pdf), 595.2756, 1e-3);
  dkg_plot_pdf_begin_page (pdf, TRUE);
  g_assert_cmpfloat_with_epsilon (dkg_plot_pdf_get_page_width (pdf), 841.8898, 1e-3);
  g_assert_cmpfloat_with_epsilon (dkg_plot_pdf_get_page_height (pdf), 595.2756, 1e-3);
  dkg_plot_pdf_draw (pdf, 56, 56, 700, 400, dkg_plot_table_func, &table);
  dkg_plot_pdf_add_page (pdf, dkg_plot_histogram_func, &histogram);
  g_assert_cmpuint (dkg_plot_pdf_get_n_pages (pdf), ==, 3);
  /* nothing on disk before finish */
  g_assert_cmpuint (dkg_test_count_files (dir), ==, 0);
  g_assert_true (dkg_plot_pdf_finish (pdf, &error));
  g_assert_no_error (error);

  data = read_file (path, &len);
  g_assert_true (g_str_has_prefix (data, "%PDF-"));
  pages = count_occurrences (data, len, "/Type /Page\n")
          + count_occurrences (data, len, "/Type /Page ");
  g_assert_cmpuint (pages, ==, 3);
  g_assert_cmpuint (count_occurrences (data, len, "/Count 3"), ==, 1);
  g_assert_cmpuint (count_occurrences (data, len, "Test report"), >=, 1);
  /* the landscape page's media box */
  g_assert_cmpuint (count_occurrences (data, len, "841.889764 595.275591"), ==, 1);
  g_assert_cmpuint (dkg_test_count_files (dir), ==, 1);
  dkg_test_rm_rf (dir);
}

static void
test_pdf_empty (void)
{
  g_autofree char *dir = dkg_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "report.pdf", NULL);
  g_autoptr(GError) error = NULL;
  DkgPlotPdf *pdf;

  pdf = dkg_plot_pdf_new (path, NULL, NULL);
  g_assert_false (dkg_plot_pdf_finish (pdf, &error));
  g_assert_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT);
  dkg_plot_pdf_free (pdf);
  g_assert_cmpuint (dkg_test_count_files (dir), ==, 0);

  /* freed unfinished: nothing written */
  fill_counts ();
  pdf = dkg_plot_pdf_new (path, NULL, NULL);
  dkg_plot_pdf_add_page (pdf, dkg_plot_histogram_func, &histogram);
  dkg_plot_pdf_free (pdf);
  g_assert_cmpuint (dkg_test_count_files (dir), ==, 0);
  dkg_test_rm_rf (dir);
}

static gboolean
export_png (const char  *path,
            GError     **error)
{
  DkgPlotStyle style;

  dkg_plot_style_init_light (&style);
  return dkg_plot_export (path, DKG_PLOT_FORMAT_PNG, 200, 150, dkg_plot_histogram_func,
                          &histogram, &style, error);
}

/* Missing directory, a file where a directory should be, a read-only directory: a GError,
 * and no file (not even a temporary one) left behind. */
static void
test_failures (void)
{
  g_autofree char *dir = dkg_test_make_tmpdir ();
  g_autofree char *missing = g_build_filename (dir, "no-such-dir", "figure.png", NULL);
  g_autofree char *file = g_build_filename (dir, "file", NULL);
  g_autofree char *under_file = g_build_filename (file, "figure.png", NULL);
  g_autofree char *ro = g_build_filename (dir, "read-only", NULL);
  g_autofree char *ro_path = g_build_filename (ro, "figure.png", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DkgPlotPdf) pdf = NULL;

  fill_counts ();
  g_assert_false (export_png (missing, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));

  g_assert_true (g_file_set_contents (file, "x", 1, &error));
  g_assert_false (export_png (under_file, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOTDIR);
  g_clear_error (&error);

  g_assert_cmpint (g_mkdir (ro, 0555), ==, 0);
  g_assert_cmpint (g_chmod (ro, 0555), ==, 0);
  if (access (ro, W_OK) == 0)
    {
      /* running as root, which may write anywhere: a read-only file system instead */
      g_clear_pointer (&ro_path, g_free);
      ro_path = g_strdup ("/proc/dkg-plot-test.png");
    }
  g_assert_false (export_png (ro_path, &error));
  g_assert_nonnull (error);
  g_assert_true (error->domain == G_FILE_ERROR);
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  g_assert_false (g_file_test (ro_path, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (dkg_test_count_files (ro), ==, 0);

  /* the PDF writer fails the same way, at finish */
  pdf = dkg_plot_pdf_new (missing, NULL, NULL);
  dkg_plot_pdf_add_page (pdf, dkg_plot_histogram_func, &histogram);
  g_assert_false (dkg_plot_pdf_finish (pdf, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_clear_error (&error);

  /* only "file" and the empty "read-only" remain */
  g_assert_cmpuint (dkg_test_count_files (dir), ==, 2);
  g_chmod (ro, 0755);
  dkg_test_rm_rf (dir);
}

static void
test_replace_and_sizes (void)
{
  g_autofree char *dir = dkg_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "figure.png", NULL);
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  DkgPlotStyle style;
  GStatBuf st;
  gsize len;

  fill_counts ();
  dkg_plot_style_init_light (&style);
  g_assert_true (g_file_set_contents (path, "old contents", -1, &error));
  g_assert_true (export_png (path, &error));
  g_assert_no_error (error);
  data = read_file (path, &len);
  g_assert_cmpmem (data, 4, "\x89PNG", 4);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0644);
  g_assert_cmpuint (dkg_test_count_files (dir), ==, 1);

  /* sizes out of range: an error, and the old file untouched */
  g_assert_false (dkg_plot_export (path, DKG_PLOT_FORMAT_PNG, 0, 100, dkg_plot_histogram_func,
                                   &histogram, &style, &error));
  g_assert_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (dkg_plot_export (path, DKG_PLOT_FORMAT_PNG, 40000, 100, dkg_plot_histogram_func,
                                   &histogram, &style, &error));
  g_assert_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (dkg_plot_export (path, DKG_PLOT_FORMAT_PDF, 20000, 100, dkg_plot_histogram_func,
                                   &histogram, &style, &error));
  g_assert_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_clear_pointer (&data, g_free);
  data = read_file (path, &len);
  g_assert_cmpmem (data, 4, "\x89PNG", 4);
  g_assert_cmpuint (dkg_test_count_files (dir), ==, 1);
  dkg_test_rm_rf (dir);
}

static void
test_format_from_path (void)
{
  DkgPlotFormat f = DKG_PLOT_FORMAT_PDF;

  g_assert_true (dkg_plot_format_from_path ("a/b/figure.PNG", &f));
  g_assert_cmpint (f, ==, DKG_PLOT_FORMAT_PNG);
  g_assert_true (dkg_plot_format_from_path ("x.svg", &f));
  g_assert_cmpint (f, ==, DKG_PLOT_FORMAT_SVG);
  g_assert_true (dkg_plot_format_from_path ("report.pdf", &f));
  g_assert_cmpint (f, ==, DKG_PLOT_FORMAT_PDF);
  g_assert_false (dkg_plot_format_from_path ("figure.jpeg", &f));
  g_assert_false (dkg_plot_format_from_path ("dir.png/figure", &f));
  g_assert_false (dkg_plot_format_from_path ("figure", &f));
  g_assert_cmpstr (dkg_plot_format_extension (DKG_PLOT_FORMAT_SVG), ==, "svg");
}

int
main (int argc, char **argv)
{
  int ret;

  dkg_test_init (&argc, &argv);
  g_test_add_func ("/core/plot/export/png", test_png);
  g_test_add_func ("/core/plot/export/svg-pdf", test_svg_pdf);
  g_test_add_func ("/core/plot/export/pdf-writer", test_pdf_writer);
  g_test_add_func ("/core/plot/export/pdf-empty", test_pdf_empty);
  g_test_add_func ("/core/plot/export/failures", test_failures);
  g_test_add_func ("/core/plot/export/replace-and-sizes", test_replace_and_sizes);
  g_test_add_func ("/core/plot/export/format-from-path", test_format_from_path);
  g_test_add_func ("/core/plot/export/pdf-text", test_pdf_text);
  ret = g_test_run ();
  plot_test_teardown ();
  return ret;
}
