/* test-analysis-page.c — the Analysis page: plots, metrics, NIST, figure and report export
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>

#include <string.h>

#include "studio-export.h"
#include "studio-test-util.h"
#include "studio-window-private.h"

typedef struct
{
  StudioWindow *window;
  char         *error;
} Fixture;

static gboolean
has_plain (gpointer data)
{
  Fixture *f = data;

  return f->error != NULL || studio_encrypt_page_get_plain (f->window->encrypt_page) != NULL;
}

static gboolean
has_analysis (gpointer data)
{
  Fixture *f = data;

  return f->error != NULL || studio_analysis_page_get_has_result (f->window->analysis_page);
}

static gboolean
has_nist (gpointer data)
{
  Fixture *f = data;

  return f->error != NULL || studio_analysis_page_get_has_nist (f->window->analysis_page);
}

static void
on_error_cb (GtkWidget *page, const char *heading, const char *message, Fixture *f)
{
  g_free (f->error);
  f->error = g_strdup (message);
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autofree char *model = studio_test_model (0);
  g_autofree char *path = studio_test_sample (data);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  f->window = g_object_ref_sink (studio_window_new (NULL));
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1280, 1000);
  g_signal_connect (f->window->encrypt_page, "error", G_CALLBACK (on_error_cb), f);
  g_signal_connect (f->window->analysis_page, "error", G_CALLBACK (on_error_cb), f);
  studio_window_add_model (f->window, model, TRUE);
  gtk_window_present (GTK_WINDOW (f->window));
  studio_window_open_file (f->window, file);
  studio_test_wait (has_plain, f, 60, "the sample to load");
  g_assert_null (f->error);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.encrypt", NULL));
  studio_window_set_visible_page (f->window, "analysis");
  studio_test_wait (has_analysis, f, 120, "the analysis");
  g_assert_null (f->error);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  studio_test_screenshot_test (GTK_WIDGET (f->window));
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->window);
  g_free (f->error);
}

/* Ink inside the plot area of @plot's rendering (titles, ticks and labels are not data). */
static guint64
plot_ink (StudioPlotView *plot, const DkgPlotArea *area, guint64 *n)
{
  g_autoptr(GdkTexture) tex = studio_test_render (GTK_WIDGET (plot));

  return studio_test_count_ink (tex, (int) area->x + 2, (int) area->y + 2,
                                (int) (area->x + area->width) - 2,
                                (int) (area->y + area->height) - 2, n);
}

/* A plot draws its data: ink in the plot area, well beyond the grid lines of an empty one. */
static guint64
assert_plot_drawn (StudioPlotView *plot, const char *name, DkgPlotArea *area)
{
  g_autofree char *shot = studio_test_screenshot (GTK_WIDGET (plot), name);
  guint64 n = 0, ink;

  g_assert_true (studio_plot_view_get_area (plot, gtk_widget_get_width (GTK_WIDGET (plot)),
                                            gtk_widget_get_height (GTK_WIDGET (plot)), area));
  ink = plot_ink (plot, area, &n);
  g_test_message ("%s: %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " plot-area pixels drawn",
                  name, ink, n);
  g_assert_cmpuint (n, >, 5000);
  /* A medical plaintext's histogram is mostly one tall bar (the black background): a few
   * hundred pixels of bars; a scatter plot or a key's histogram far more. */
  g_assert_cmpuint (ink, >, MAX (50, n / 500));
  return ink;
}

static void
test_plots (Fixture *f, gconstpointer data)
{
  StudioAnalysisPage *page = f->window->analysis_page;
  g_autofree char *shot = NULL;

  for (guint i = 0; i < STUDIO_ANALYSIS_N_HISTOGRAMS; i++)
    {
      g_autofree char *name = g_strdup_printf ("analysis-histogram-%u.png", i);

      DkgPlotArea area;

      g_assert_cmpint (studio_plot_view_get_kind (studio_analysis_page_get_histogram (page, i)),
                       ==, STUDIO_PLOT_HISTOGRAM);
      assert_plot_drawn (studio_analysis_page_get_histogram (page, i), name, &area);
    }
  for (guint i = 0; i < STUDIO_ANALYSIS_N_SCATTERS; i++)
    {
      g_autofree char *name = g_strdup_printf ("analysis-scatter-%u.png", i);

      DkgPlotArea area;

      g_assert_cmpint (studio_plot_view_get_kind (studio_analysis_page_get_scatter (page, i)),
                       ==, STUDIO_PLOT_SCATTER);
      assert_plot_drawn (studio_analysis_page_get_scatter (page, i), name, &area);
    }
  g_assert_cmpuint (studio_analysis_page_get_n_metrics (page), >=, 10);
  /* Export names come from the image and the plot */
  {
    g_autofree char *h = studio_plot_view_get_export_name (studio_analysis_page_get_histogram (page, 1));
    g_autofree char *sc = studio_plot_view_get_export_name (studio_analysis_page_get_scatter (page, 3));
    g_autofree char *sp = studio_plot_view_get_export_name (studio_analysis_page_get_scatter (page, 2));
    const char *stem = g_str_has_prefix (data, "colin27") ? "colin27-ch2-axial-z090-8bit"
                                                          : "ct-small";
    g_autofree char *eh = g_strdup_printf ("%s-key-histogram.png", stem);
    g_autofree char *esc = g_strdup_printf ("%s-cipher-scatter-horizontal.png", stem);
    g_autofree char *esp = g_strdup_printf ("%s-plain-scatter-diagonal.png", stem);

    g_assert_cmpstr (h, ==, eh);
    g_assert_cmpstr (sc, ==, esc);
    g_assert_cmpstr (sp, ==, esp);
  }
  /* A logarithmic count axis still draws the plaintext's bars. */
  studio_plot_view_set_log_y (studio_analysis_page_get_histogram (page, 0), TRUE);
  {
    DkgPlotArea area;

    assert_plot_drawn (studio_analysis_page_get_histogram (page, 0), "analysis-histogram-log.png",
                       &area);
  }
  studio_plot_view_set_log_y (studio_analysis_page_get_histogram (page, 0), FALSE);
  {
    g_autofree char *stem = g_strndup (data, strcspn (data, "._"));
    g_autofree char *name = g_strdup_printf ("analysis-page-%s.png", stem);

    shot = studio_test_screenshot (GTK_WIDGET (f->window), name);
  }

  /* A new image clears the plots: the ink test is not fooled by an empty plot. */
  studio_analysis_page_clear (page);
  studio_window_set_visible_page (f->window, "analysis");
  gtk_widget_queue_draw (GTK_WIDGET (f->window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
  g_assert_false (studio_analysis_page_get_has_result (page));
}

static void
test_empty_plot (Fixture *f, gconstpointer data)
{
  StudioPlotView *plot = studio_analysis_page_get_scatter (f->window->analysis_page, 3);
  DkgPlotArea area, unused;
  guint64 before, after, n = 0;

  before = assert_plot_drawn (plot, "analysis-scatter-before-clear.png", &area);
  studio_plot_view_clear (plot);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (plot));
  /* Cleared: no plot area, and only the "No data yet" note where the points were. */
  g_assert_false (studio_plot_view_get_area (plot, area.width, area.height, &unused));
  after = plot_ink (plot, &area, &n);
  g_test_message ("ink before clearing %" G_GUINT64_FORMAT ", after %" G_GUINT64_FORMAT,
                  before, after);
  g_assert_cmpuint (after * 4, <, before);
}

static void
draw_analysis (cairo_t *cr, double width, double height, gpointer data)
{
  studio_analysis_page_render_figure (data, cr, width, height);
}

static void
test_nist_and_exports (Fixture *f, gconstpointer data)
{
  StudioAnalysisPage *page = f->window->analysis_page;
  g_autofree char *png = g_build_filename (studio_test_tmpdir (), "figure.png", NULL);
  g_autofree char *svg = g_build_filename (studio_test_tmpdir (), "figure.svg", NULL);
  g_autofree char *pdf = g_build_filename (studio_test_tmpdir (), "figure.pdf", NULL);
  g_autofree char *report = g_test_build_filename (G_TEST_BUILT, "analysis-report.pdf", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *shot = NULL;
  g_autoptr(GError) error = NULL;
  gsize len = 0;

  studio_analysis_page_run_nist (page);
  studio_test_wait (has_nist, f, 180, "the NIST tests");
  g_assert_null (f->error);
  /* One line over each table says how it came out: "N of 15 NIST tests pass" */
  {
    const char *v = studio_analysis_page_get_verdict (page, TRUE);
    const char *m = studio_analysis_page_get_verdict (page, FALSE);
    unsigned passed = 99, total = 0;

    g_test_message ("NIST: %s", v);
    g_test_message ("metrics: %s", m);
    g_assert_cmpint (sscanf (v, "%u of %u NIST tests pass", &passed, &total), ==, 2);
    /* n/a tests (too short a key for some) are not counted */
    g_assert_cmpuint (total, <=, 15);
    g_assert_cmpuint (total, >=, 10);
    g_assert_cmpuint (passed, <=, total);
    g_assert_cmpint (sscanf (m, "%u of %u checks pass", &passed, &total), ==, 2);
    g_assert_cmpuint (total, >=, 8);
  }

  g_assert_true (studio_plot_view_export (studio_analysis_page_get_histogram (page, 2), png,
                                          &error));
  g_assert_true (studio_plot_view_export (studio_analysis_page_get_histogram (page, 2), svg,
                                          &error));
  g_assert_true (studio_plot_view_export (studio_analysis_page_get_scatter (page, 0), pdf,
                                          &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (png, &contents, &len, NULL));
  g_assert_cmpmem (contents, 4, "\x89PNG", 4);
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (svg, &contents, &len, NULL));
  g_assert_nonnull (strstr (contents, "<svg"));
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (pdf, &contents, &len, NULL));
  g_assert_cmpmem (contents, 5, "%PDF-", 5);
  g_clear_pointer (&contents, g_free);

  /* Export Figure on this page: all nine plots in one file. */
  {
    g_autofree char *figure = g_test_build_filename (G_TEST_BUILT, "figure-analysis.png", NULL);

    g_assert_true (studio_export_figure (figure, 1200, 1000, draw_analysis, page, &error));
    g_assert_no_error (error);
  }
  g_assert_true (studio_analysis_page_export_report (page,
                                                     studio_encrypt_page_get_result (f->window->encrypt_page),
                                                     report, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (report, &contents, &len, NULL));
  g_assert_cmpmem (contents, 5, "%PDF-", 5);
  /* Five pages: images, histograms, scatter plots, metrics, NIST. */
  g_assert_nonnull (memmem (contents, len, "/Count 5", 8));
  shot = studio_test_screenshot (GTK_WIDGET (f->window), "analysis-page-nist.png");
  g_clear_pointer (&shot, g_free);
  shot = studio_test_screenshot (studio_analysis_page_get_table (page, FALSE),
                                 "analysis-metrics.png");
  g_clear_pointer (&shot, g_free);
  shot = studio_test_screenshot (studio_analysis_page_get_table (page, TRUE), "analysis-nist.png");
}

int
main (int argc, char **argv)
{
  studio_test_init (&argc, &argv);
  g_test_add ("/app/analysis/plots-8bit", Fixture, "colin27_ch2_axial_z090_8bit.png",
              fixture_setup, test_plots, fixture_teardown);
  g_test_add ("/app/analysis/plots-16bit-signed", Fixture, "CT_small.dcm", fixture_setup,
              test_plots, fixture_teardown);
  g_test_add ("/app/analysis/empty-plot", Fixture, "MR_small.dcm", fixture_setup,
              test_empty_plot, fixture_teardown);
  g_test_add ("/app/analysis/nist-and-exports", Fixture, "colin27_ch2_axial_z090_8bit.png",
              fixture_setup, test_nist_and_exports, fixture_teardown);
  return g_test_run ();
}
