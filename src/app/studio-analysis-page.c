/* studio-analysis-page.c — the Analysis page: histograms, correlation plots, metrics, NIST
 *
 * Everything shown is computed by the core (docs/SPECIFICATION.md §6) in a GTask: the pair analysis
 * of plaintext and ciphertext (histograms and χ², entropy, NPCR/UACI with the Wu–Noonan–Agaian
 * critical values, adjacent-pixel correlation, SSIM/PSNR), the key's histogram and entropy, and
 * seeded samples of adjacent pairs for the scatter plots. The NIST SP 800-22 battery on the key
 * runs on demand in a second task. The acm-xor ciphertext is padded to N×N; pair metrics then
 * use its top-left region of the plaintext's size.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "dkg-analysis.h"
#include "dkg-metric-rows.h"
#include "dkg-nist.h"
#include "studio-analysis-page.h"
#include "studio-data.h"
#include "dkg-plot-export.h"
#include "dkg-plot-image.h"
#include "dkg-plot-table.h"
#include "dkg-plot-text.h"
#include "studio-export.h"

#define SCATTER_PAIRS 3000
#define SCATTER_SEED  20220901

typedef struct
{
  StudioImage          *plain;
  StudioImage          *key;
  StudioImage          *cipher;
  gboolean              cropped;
  /* results */
  DkgPairAnalysis      *pair;
  DkgImageAnalysis     *key_analysis;
  DkgCorrelationSample *samples[STUDIO_ANALYSIS_N_SCATTERS];
} AnalysisJob;

struct _StudioAnalysisPage
{
  GtkWidget           parent_instance;

  /* Template widgets */
  GtkStack           *stack;
  GtkSpinner         *spinner;
  GtkLabel           *summary_label;
  GtkBox             *histogram_box;
  GtkGrid            *scatter_grid;
  AdwPreferencesGroup *metrics_group;
  AdwPreferencesGroup *nist_group;
  GtkSpinner         *nist_spinner;
  GtkButton          *nist_button;
  GtkSwitch          *log_switch;

  /* Borrowed (children) */
  StudioPlotView     *histograms[STUDIO_ANALYSIS_N_HISTOGRAMS];
  StudioPlotView     *scatters[STUDIO_ANALYSIS_N_SCATTERS];

  /* Owned */
  GPtrArray          *metric_rows;      /* element-type GtkWidget, in metrics_group */
  GPtrArray          *nist_rows;        /* element-type GtkWidget, in nist_group */
  GPtrArray          *metrics;          /* element-type DkgMetricRow */
  GPtrArray          *nist_lines;       /* element-type DkgMetricRow */
  StudioImage        *key;
  StudioImage        *plain;
  DkgContainerScheme  scheme;
  GCancellable       *cancellable;
  GCancellable       *nist_cancellable;
  gboolean            busy;
  gboolean            has_result;
};

enum
{
  PROP_0,
  PROP_BUSY,
  PROP_HAS_RESULT,
  N_PROPS
};

enum
{
  ERROR,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (StudioAnalysisPage, studio_analysis_page, GTK_TYPE_WIDGET)

static void
analysis_job_free (AnalysisJob *job)
{
  g_clear_object (&job->plain);
  g_clear_object (&job->key);
  g_clear_object (&job->cipher);
  g_clear_pointer (&job->pair, dkg_pair_analysis_free);
  g_clear_pointer (&job->key_analysis, dkg_image_analysis_free);
  for (guint i = 0; i < STUDIO_ANALYSIS_N_SCATTERS; i++)
    g_clear_pointer (&job->samples[i], dkg_correlation_sample_free);
  g_free (job);
}

/* The top-left region of @image of the given size (acm-xor ciphertexts are padded). */
static DkgImage *
crop_image (const DkgImage *image, guint width, guint height)
{
  DkgImage *out = dkg_image_new (width, height, image->channels, image->bit_depth,
                                 image->is_signed, NULL);
  gsize bps = image->bit_depth / 8 * image->channels;

  if (out == NULL)
    return NULL;
  for (guint y = 0; y < height; y++)
    memcpy (out->data + (gsize) y * width * bps, image->data + (gsize) y * image->width * bps,
            (gsize) width * bps);
  return out;
}

static void
analysis_worker (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  AnalysisJob *job = task_data;
  const DkgImage *plain = studio_image_get_image (job->plain);
  const DkgImage *cipher = studio_image_get_image (job->cipher);
  g_autoptr(DkgImage) cropped = NULL;
  g_autoptr(GError) error = NULL;

  studio_data_background_thread ();

  if (cipher->width != plain->width || cipher->height != plain->height)
    {
      cropped = crop_image (cipher, plain->width, plain->height);
      cipher = cropped;
      job->cropped = TRUE;
    }
  job->pair = dkg_pair_analysis_compute (plain, cipher, NULL, &error);
  if (job->pair == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;
  job->key_analysis = dkg_image_analysis_compute (studio_image_get_image (job->key), NULL);
  for (guint d = 0; d < DKG_N_DIRECTIONS; d++)
    {
      guint n = MIN (SCATTER_PAIRS, plain->width * plain->height / 2);

      job->samples[d] = dkg_correlation_sample_image (plain, d, 0, n, SCATTER_SEED, &error);
      if (job->samples[d] != NULL)
        job->samples[3 + d] = dkg_correlation_sample_image (cipher, d, 0, n, SCATTER_SEED, &error);
      if (job->samples[d] == NULL || job->samples[3 + d] == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
    }
  g_task_return_boolean (task, TRUE);
}

static void
show_error (StudioAnalysisPage *self, const char *message)
{
  g_signal_emit (self, signals[ERROR], 0, _("Could Not Analyse"), message);
}

static void
set_busy (StudioAnalysisPage *self, gboolean busy)
{
  self->busy = busy;
  gtk_spinner_set_spinning (self->spinner, busy);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
set_has_result (StudioAnalysisPage *self, gboolean has_result)
{
  self->has_result = has_result;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "analysis.run-nist", has_result);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_RESULT]);
}

static void
clear_rows (AdwPreferencesGroup *group, GPtrArray *rows)
{
  for (guint i = 0; i < rows->len; i++)
    adw_preferences_group_remove (group, rows->pdata[i]);
  g_ptr_array_set_size (rows, 0);
}

/* The CSS class of a verdict's badge. */
static const char *
verdict_css_class (DkgVerdict verdict)
{
  return verdict == DKG_VERDICT_PASS ? "success" : verdict == DKG_VERDICT_FAIL ? "error" : "info";
}

static GtkWidget *
make_row (const DkgMetricRow *m)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *value = gtk_label_new (m->value);
  GtkWidget *badge = gtk_label_new (dkg_verdict_get_label (m->verdict));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), m->name);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (m->criterion != NULL && m->criterion[0] != '\0')
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), m->criterion);
  gtk_widget_add_css_class (value, "numeric");
  gtk_label_set_selectable (GTK_LABEL (value), TRUE);
  gtk_widget_set_valign (value, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (badge, "badge");
  gtk_widget_add_css_class (badge, verdict_css_class (m->verdict));
  gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), value);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), badge);
  return row;
}

static void
show_metrics (StudioAnalysisPage *self)
{
  g_autofree char *line = NULL;
  g_autofree char *description = NULL;
  guint n_pass, n;

  dkg_metric_rows_count (self->metrics, &n_pass, &n);
  /* Translators: the verdict over the metrics table */
  line = g_strdup_printf (_("%u of %u checks pass"), n_pass, n);
  description = g_strdup_printf ("%s. %s", line,
                                 _("Plaintext against ciphertext; pass or fail at significance "
                                   "level α = 0.05"));
  adw_preferences_group_set_description (self->metrics_group, description);
  clear_rows (self->metrics_group, self->metric_rows);
  for (guint i = 0; i < self->metrics->len; i++)
    {
      GtkWidget *row = make_row (self->metrics->pdata[i]);

      adw_preferences_group_add (self->metrics_group, row);
      g_ptr_array_add (self->metric_rows, row);
    }
}

static void
scatter_range (StudioImage *image, double *lo, double *hi)
{
  const DkgImage *im = studio_image_get_image (image);

  if (im->bit_depth == 8)
    {
      *lo = 0;
      *hi = 255;
    }
  else
    {
      *lo = studio_image_get_min (image);
      *hi = studio_image_get_max (image);
    }
}

static void
on_analysis_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  StudioAnalysisPage *self = STUDIO_ANALYSIS_PAGE (source);
  g_autoptr(GError) error = NULL;
  AnalysisJob *job = g_task_get_task_data (G_TASK (result));
  g_autofree char *summary = NULL;
  g_autofree char *desc = NULL;
  double lo, hi;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_clear_object (&self->cancellable);
      set_busy (self, FALSE);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      show_error (self, error->message);
      return;
    }
  g_clear_object (&self->cancellable);
  set_busy (self, FALSE);

  studio_plot_view_set_histogram (self->histograms[0], job->pair->plain->histogram, FALSE);
  studio_plot_view_set_histogram (self->histograms[1], job->key_analysis->histogram, TRUE);
  studio_plot_view_set_histogram (self->histograms[2], job->pair->cipher->histogram, TRUE);
  {
    /* Export names from the image and the plot: colin27-…-cipher-scatter-horizontal.png */
    g_autofree char *stem = studio_export_file_stem (studio_image_get_name (job->plain));
    const char *hist[] = { "plain", "key", "cipher" };
    const char *dirs[] = { "horizontal", "vertical", "diagonal" };

    for (guint i = 0; i < 3; i++)
      {
        g_autofree char *h = g_strdup_printf ("%s-%s-histogram.png", stem, hist[i]);
        g_autofree char *sp = g_strdup_printf ("%s-plain-scatter-%s.png", stem, dirs[i]);
        g_autofree char *sc = g_strdup_printf ("%s-cipher-scatter-%s.png", stem, dirs[i]);

        studio_plot_view_set_export_name (self->histograms[i], h);
        studio_plot_view_set_export_name (self->scatters[i], sp);
        studio_plot_view_set_export_name (self->scatters[3 + i], sc);
      }
  }
  scatter_range (job->plain, &lo, &hi);
  for (guint i = 0; i < 3; i++)
    {
      studio_plot_view_set_scatter (self->scatters[i], job->samples[i], lo, hi);
      studio_plot_view_set_scatter_all_pairs (self->scatters[i],
                                              &job->pair->plain->correlation.value[0][i]);
    }
  /* Ciphertexts are noise over the whole range of their sample type. */
  {
    double clo, chi;

    studio_image_get_type_range (job->cipher, &clo, &chi);
    for (guint i = 3; i < 6; i++)
      {
        studio_plot_view_set_scatter (self->scatters[i], job->samples[i], clo, chi);
        studio_plot_view_set_scatter_all_pairs (self->scatters[i],
                                                &job->pair->cipher->correlation.value[0][i - 3]);
      }
  }

  g_ptr_array_unref (self->metrics);
  self->metrics = dkg_metric_rows_pair (job->pair, job->key_analysis,
                                        studio_image_get_image (job->cipher)->width,
                                        studio_image_get_image (job->cipher)->height);
  show_metrics (self);
  desc = studio_data_describe_image (studio_image_get_image (job->plain));
  summary = g_strdup_printf (_("%s (%s), %s ciphertext%s"), studio_image_get_name (job->plain),
                             desc, dkg_container_scheme_to_string (self->scheme),
                             job->cropped ? _("; the cat map pads the ciphertext to N × N, the "
                                              "pair metrics use its region of the plaintext's size")
                                          : "");
  gtk_label_set_label (self->summary_label, summary);
  gtk_stack_set_visible_child_name (self->stack, "results");
  set_has_result (self, TRUE);
}

/** studio_analysis_page_clear: forgets the analysis (a new plaintext was opened). */
void
studio_analysis_page_clear (StudioAnalysisPage *self)
{
  g_return_if_fail (STUDIO_IS_ANALYSIS_PAGE (self));
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->nist_cancellable);
  g_clear_object (&self->nist_cancellable);
  gtk_spinner_set_spinning (self->nist_spinner, FALSE);
  set_busy (self, FALSE);
  for (guint i = 0; i < STUDIO_ANALYSIS_N_HISTOGRAMS; i++)
    studio_plot_view_clear (self->histograms[i]);
  for (guint i = 0; i < STUDIO_ANALYSIS_N_SCATTERS; i++)
    studio_plot_view_clear (self->scatters[i]);
  clear_rows (self->metrics_group, self->metric_rows);
  clear_rows (self->nist_group, self->nist_rows);
  g_ptr_array_set_size (self->metrics, 0);
  g_ptr_array_set_size (self->nist_lines, 0);
  g_clear_object (&self->key);
  g_clear_object (&self->plain);
  gtk_stack_set_visible_child_name (self->stack, "empty");
  set_has_result (self, FALSE);
}

/**
 * studio_analysis_page_set_images:
 * @plain: the plaintext
 * @key: the key
 * @cipher: the ciphertext (possibly padded, see the file comment)
 * @scheme: the scheme that made it
 *
 * Starts the analysis in a worker thread; the page shows a spinner meanwhile.
 */
void
studio_analysis_page_set_images (StudioAnalysisPage *self, StudioImage *plain, StudioImage *key,
                                 StudioImage *cipher, DkgContainerScheme scheme)
{
  AnalysisJob *job;

  g_return_if_fail (STUDIO_IS_ANALYSIS_PAGE (self));
  studio_analysis_page_clear (self);
  self->key = g_object_ref (key);
  self->plain = g_object_ref (plain);
  self->scheme = scheme;
  job = g_new0 (AnalysisJob, 1);
  job->plain = g_object_ref (plain);
  job->key = g_object_ref (key);
  job->cipher = g_object_ref (cipher);
  self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE);
  gtk_stack_set_visible_child_name (self->stack, "busy");
  studio_data_run_task (self, self->cancellable, on_analysis_done_cb, NULL,
                        studio_analysis_page_set_images, job,
                        (GDestroyNotify) analysis_job_free, analysis_worker);
}

static void
nist_worker (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  const DkgImage *key = studio_image_get_image (task_data);
  g_autoptr(GError) error = NULL;
  DkgNistParams params;
  DkgNistReport *report;

  studio_data_background_thread ();

  dkg_nist_params_init (&params);
  report = dkg_nist_run_all (key->data, dkg_image_n_bytes (key) * 8, &params, &error);
  if (report == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, report, (GDestroyNotify) dkg_nist_report_free);
}

static void
on_nist_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  StudioAnalysisPage *self = STUDIO_ANALYSIS_PAGE (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(DkgNistReport) report = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->nist_cancellable);
  gtk_spinner_set_spinning (self->nist_spinner, FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->nist_button), TRUE);
  if (report == NULL)
    {
      show_error (self, error->message);
      return;
    }
  clear_rows (self->nist_group, self->nist_rows);
  g_ptr_array_unref (self->nist_lines);
  self->nist_lines = dkg_metric_rows_nist (report);
  for (guint t = 0; t < self->nist_lines->len; t++)
    {
      GtkWidget *row = make_row (self->nist_lines->pdata[t]);

      adw_preferences_group_add (self->nist_group, row);
      g_ptr_array_add (self->nist_rows, row);
    }
  {
    g_autofree char *line = NULL;
    g_autofree char *description = NULL;
    guint n_pass, n;

    dkg_metric_rows_count (self->nist_lines, &n_pass, &n);
    /* Translators: the verdict over the NIST table */
    line = g_strdup_printf (_("%u of %u NIST tests pass"), n_pass, n);
    description = g_strdup_printf ("%s. %s", line,
                                   _("All 15 statistical tests on the key's bits (most "
                                     "significant bit first), α = 0.01"));
    adw_preferences_group_set_description (self->nist_group, description);
  }
}

/** studio_analysis_page_run_nist: runs NIST SP 800-22 on the key in a worker thread. */
void
studio_analysis_page_run_nist (StudioAnalysisPage *self)
{

  g_return_if_fail (STUDIO_IS_ANALYSIS_PAGE (self));
  if (self->key == NULL || self->nist_cancellable != NULL)
    return;
  self->nist_cancellable = g_cancellable_new ();
  gtk_spinner_set_spinning (self->nist_spinner, TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->nist_button), FALSE);
  studio_data_run_task (self, self->nist_cancellable, on_nist_done_cb, NULL,
                        studio_analysis_page_run_nist, g_object_ref (self->key),
                        g_object_unref, nist_worker);
}

static void
run_nist_action_cb (GtkWidget *widget, const char *action_name, GVariant *param)
{
  studio_analysis_page_run_nist (STUDIO_ANALYSIS_PAGE (widget));
}

gboolean
studio_analysis_page_get_busy (StudioAnalysisPage *self)
{
  g_return_val_if_fail (STUDIO_IS_ANALYSIS_PAGE (self), FALSE);
  return self->busy;
}

gboolean
studio_analysis_page_get_has_result (StudioAnalysisPage *self)
{
  g_return_val_if_fail (STUDIO_IS_ANALYSIS_PAGE (self), FALSE);
  return self->has_result;
}

/** studio_analysis_page_get_has_nist: Returns: the NIST table is filled */
gboolean
studio_analysis_page_get_has_nist (StudioAnalysisPage *self)
{
  g_return_val_if_fail (STUDIO_IS_ANALYSIS_PAGE (self), FALSE);
  return self->nist_lines->len > 0;
}

/** studio_analysis_page_get_histogram: Returns: (transfer none): 0 plain, 1 key, 2 cipher */
StudioPlotView *
studio_analysis_page_get_histogram (StudioAnalysisPage *self, guint index)
{
  g_return_val_if_fail (index < STUDIO_ANALYSIS_N_HISTOGRAMS, NULL);
  return self->histograms[index];
}

/**
 * studio_analysis_page_get_verdict:
 * @nist: the NIST table's line (%TRUE) or the metrics table's
 *
 * Returns: (transfer none) (nullable): the one-line verdict over the table with its note
 */
const char *
studio_analysis_page_get_verdict (StudioAnalysisPage *self, gboolean nist)
{
  g_return_val_if_fail (STUDIO_IS_ANALYSIS_PAGE (self), NULL);
  return adw_preferences_group_get_description (nist ? self->nist_group : self->metrics_group);
}

/** studio_analysis_page_get_scatter: Returns: (transfer none): 0–2 plain H/V/D, 3–5 cipher */
StudioPlotView *
studio_analysis_page_get_scatter (StudioAnalysisPage *self, guint index)
{
  g_return_val_if_fail (index < STUDIO_ANALYSIS_N_SCATTERS, NULL);
  return self->scatters[index];
}

guint
studio_analysis_page_get_n_metrics (StudioAnalysisPage *self)
{
  g_return_val_if_fail (STUDIO_IS_ANALYSIS_PAGE (self), 0);
  return self->metrics->len;
}

/**
 * studio_analysis_page_get_table:
 * @nist: the NIST table instead of the metrics
 *
 * Returns: (transfer none): the group of rows with the metrics or the NIST results
 */
GtkWidget *
studio_analysis_page_get_table (StudioAnalysisPage *self, gboolean nist)
{
  g_return_val_if_fail (STUDIO_IS_ANALYSIS_PAGE (self), NULL);
  return GTK_WIDGET (nist ? self->nist_group : self->metrics_group);
}

static void
render_plot (StudioPlotView *plot, cairo_t *cr, double x, double y, double w, double h)
{
  cairo_save (cr);
  cairo_translate (cr, x, y);
  cairo_rectangle (cr, 0, 0, w, h);
  cairo_clip (cr);
  studio_plot_view_render (plot, cr, w, h, FALSE);
  cairo_restore (cr);
}

/**
 * studio_analysis_page_render_figure:
 *
 * The page's figure: the three histograms above, the six scatter plots below.
 */
void
studio_analysis_page_render_figure (StudioAnalysisPage *self, cairo_t *cr, double width,
                                    double height)
{
  double rh = height / 3;

  cairo_save (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  for (guint i = 0; i < 3; i++)
    render_plot (self->histograms[i], cr, i * width / 3, 0, width / 3 - 4, rh - 4);
  for (guint i = 0; i < 6; i++)
    render_plot (self->scatters[i], cr, (i % 3) * width / 3, rh * (1 + i / 3), width / 3 - 4,
                 rh - 4);
  cairo_restore (cr);
}

/* ------------------------------------------------------------------------------------------ */
/* PDF report: the core's multi-page writer (DkgPlotPdf) with its text, image-grid, plot and
 * table renderers, so that the report looks like the command line's. */

static GBytes *
report_pixels (StudioImage *image, gboolean windowed)
{
  const DkgImage *im = studio_image_get_image (image);
  double c, w, lo, hi;

  if (windowed && im->bit_depth == 16)
    studio_image_get_percentile_window (image, 0.5, 99.5, &c, &w);
  else
    {
      studio_image_get_type_range (image, &lo, &hi);
      c = (lo + hi + 1) / 2;
      w = hi - lo + 1;
    }
  return studio_image_render_rgb (image, c, w);
}

/* The metrics as a table: name, value, criterion, verdict. */
static void
report_table (DkgPlotPdf *pdf, const char *title, GPtrArray *lines, const char *note)
{
  const char *header[] = { _("Test"), _("Value"), _("Criterion"), _("Result") };
  const DkgPlotAlign align[] = { DKG_PLOT_ALIGN_LEFT, DKG_PLOT_ALIGN_RIGHT,
                                 DKG_PLOT_ALIGN_LEFT, DKG_PLOT_ALIGN_CENTER };
  g_autofree const char **cells = g_new0 (const char *, lines->len * 4);
  g_autofree DkgPlotCellState *states = g_new0 (DkgPlotCellState, lines->len * 4);
  DkgPlotTable table = { 0 };

  for (guint i = 0; i < lines->len; i++)
    {
      const DkgMetricRow *m = lines->pdata[i];
      DkgPlotCellState st = m->verdict == DKG_VERDICT_PASS ? DKG_PLOT_CELL_PASS
                            : m->verdict == DKG_VERDICT_FAIL ? DKG_PLOT_CELL_FAIL
                            : DKG_PLOT_CELL_MUTED;

      cells[i * 4] = m->name;
      cells[i * 4 + 1] = m->value;
      cells[i * 4 + 2] = m->criterion;
      cells[i * 4 + 3] = dkg_verdict_get_label (m->verdict);
      states[i * 4 + 3] = st;
    }
  table.title = title;
  table.n_columns = 4;
  table.n_rows = lines->len;
  table.header = header;
  table.cells = cells;
  table.states = states;
  table.align = align;
  table.note = note;
  dkg_plot_pdf_begin_page (pdf, TRUE);
  dkg_plot_pdf_draw (pdf, 36, 36, dkg_plot_pdf_get_page_width (pdf) - 72,
                     dkg_plot_pdf_get_page_height (pdf) - 72, dkg_plot_table_func, &table);
}

/**
 * studio_analysis_page_export_report:
 * @result: the encryption the analysis belongs to
 * @path: the PDF to write
 *
 * A multi-page A4 PDF: what was encrypted and the four images, the histograms, the scatter
 * plots, the metrics and (when run) the NIST table.
 */
gboolean
studio_analysis_page_export_report (StudioAnalysisPage *self, const StudioCipherResult *result,
                                    const char *path, GError **error)
{
  g_autoptr(DkgPlotPdf) pdf = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d %H:%M");
  g_autofree char *desc = NULL;
  g_autofree char *model = NULL;
  g_autofree char *body = NULL;
  g_autofree char *tk = NULL;
  g_autofree char *te = NULL;
  g_autofree char *td = NULL;
  StudioImage *images[4];
  GBytes *pixels[4];
  DkgPlotImage grid_images[4];
  DkgPlotImageGrid grid = { 0 };
  DkgPlotText text = { 0 };
  DkgPlotStyle style;
  double pw, ph;
  gboolean ok;

  g_return_val_if_fail (STUDIO_IS_ANALYSIS_PAGE (self), FALSE);
  if (!self->has_result || result == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           _("There is no analysis to report yet: encrypt an image first"));
      return FALSE;
    }
  dkg_plot_style_init_light (&style);
  pdf = dkg_plot_pdf_new (path, _("DeepKeyGen Studio — Security Report"), &style);

  /* page 1: what was encrypted, and the four images */
  desc = studio_data_describe_image (studio_image_get_image (self->plain));
  model = studio_data_model_label (result->model_path);
  tk = studio_data_format_ms (result->keygen_ms);
  te = studio_data_format_ms (result->encrypt_ms);
  td = studio_data_format_ms (result->decrypt_ms);
  body = g_strdup_printf (_("%s\n\nImage: %s (%s). Model: %s. Scheme: %s. Key: %u × %u RGB. "
                            "Decryption %s.\nKey generation %s, encryption %s, decryption %s."),
                          date, studio_image_get_name (self->plain), desc, model,
                          dkg_container_scheme_to_string (result->scheme),
                          studio_image_get_image (result->key)->width,
                          studio_image_get_image (result->key)->height,
                          result->exact ? _("restored the plaintext bit for bit")
                                        : _("did NOT restore the plaintext"), tk, te, td);
  text.title = _("DeepKeyGen Studio — Security Report");
  text.body = body;
  images[0] = self->plain;
  images[1] = result->key;
  images[2] = result->cipher;
  images[3] = result->decrypted;
  for (guint i = 0; i < 4; i++)
    {
      const DkgImage *im = studio_image_get_image (images[i]);
      const char *captions[4] = { _("Plaintext"), _("Key"), _("Ciphertext"), _("Decrypted") };

      pixels[i] = report_pixels (images[i], i == 0 || i == 3);
      grid_images[i].caption = captions[i];
      grid_images[i].pixels = g_bytes_get_data (pixels[i], NULL);
      grid_images[i].width = im->width;
      grid_images[i].height = im->height;
      grid_images[i].stride = (gsize) im->width * 3;
      grid_images[i].format = DKG_PLOT_PIXEL_RGB8;
    }
  grid.n_images = 4;
  grid.images = grid_images;
  grid.columns = 2;
  dkg_plot_pdf_begin_page (pdf, FALSE);
  pw = dkg_plot_pdf_get_page_width (pdf);
  ph = dkg_plot_pdf_get_page_height (pdf);
  dkg_plot_pdf_draw (pdf, 48, 48, pw - 96, 150, dkg_plot_text_func, &text);
  dkg_plot_pdf_draw (pdf, 48, 210, pw - 96, ph - 260, dkg_plot_image_grid_func, &grid);

  /* page 2: histograms; page 3: scatter plots */
  dkg_plot_pdf_begin_page (pdf, FALSE);
  for (guint i = 0; i < STUDIO_ANALYSIS_N_HISTOGRAMS; i++)
    dkg_plot_pdf_draw (pdf, 48, 48 + i * (ph - 96) / 3, pw - 96, (ph - 96) / 3 - 12,
                       studio_plot_view_render_func, self->histograms[i]);
  dkg_plot_pdf_begin_page (pdf, FALSE);
  for (guint i = 0; i < STUDIO_ANALYSIS_N_SCATTERS; i++)
    dkg_plot_pdf_draw (pdf, 48 + (i / 3) * (pw - 96) / 2, 48 + (i % 3) * (ph - 96) / 3,
                       (pw - 96) / 2 - 8, (ph - 96) / 3 - 12, studio_plot_view_render_func,
                       self->scatters[i]);

  /* page 4: metrics; page 5: NIST */
  report_table (pdf, _("Security Metrics (α = 0.05)"), self->metrics,
                _("NPCR and UACI critical values: Wu, Noonan and Agaian (2011); local entropy: "
                  "Wu et al. (2013); correlation: independence test on r·√n."));
  if (self->nist_lines->len > 0)
    report_table (pdf, _("NIST SP 800-22 on the Key (α = 0.01)"), self->nist_lines,
                  _("Parameters of sts-2.1.2; bits from the key bytes, most significant bit "
                    "first."));
  else
    {
      DkgPlotText note = { _("NIST SP 800-22 on the Key (α = 0.01)"),
                           _("The NIST tests were not run for this key: press “Run Tests” on "
                             "the Analysis page before exporting the report.") };

      dkg_plot_pdf_begin_page (pdf, FALSE);
      dkg_plot_pdf_draw (pdf, 48, 48, pw - 96, 200, dkg_plot_text_func, &note);
    }
  ok = dkg_plot_pdf_finish (pdf, error);
  for (guint i = 0; i < 4; i++)
    g_bytes_unref (pixels[i]);
  return ok;
}

/* ------------------------------------------------------------------------------------------ */

static void
studio_analysis_page_dispose (GObject *object)
{
  StudioAnalysisPage *self = STUDIO_ANALYSIS_PAGE (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  if (self->nist_cancellable != NULL)
    g_cancellable_cancel (self->nist_cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->nist_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), STUDIO_TYPE_ANALYSIS_PAGE);
  g_clear_pointer (&self->metric_rows, g_ptr_array_unref);
  g_clear_pointer (&self->nist_rows, g_ptr_array_unref);
  g_clear_pointer (&self->metrics, g_ptr_array_unref);
  g_clear_pointer (&self->nist_lines, g_ptr_array_unref);
  g_clear_object (&self->key);
  g_clear_object (&self->plain);
  G_OBJECT_CLASS (studio_analysis_page_parent_class)->dispose (object);
}

static void
studio_analysis_page_get_property (GObject *object, guint prop_id, GValue *value,
                                   GParamSpec *pspec)
{
  StudioAnalysisPage *self = STUDIO_ANALYSIS_PAGE (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    case PROP_HAS_RESULT:
      g_value_set_boolean (value, self->has_result);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
studio_analysis_page_class_init (StudioAnalysisPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = studio_analysis_page_dispose;
  object_class->get_property = studio_analysis_page_get_property;
  properties[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_HAS_RESULT] = g_param_spec_boolean ("has-result", NULL, NULL, FALSE,
                                                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  /**
   * StudioAnalysisPage::error:
   * @heading: what failed
   * @message: why
   */
  signals[ERROR] = g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                 NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/deepkeygen/"
                                               "Studio/ui/studio-analysis-page.ui");
  gtk_widget_class_bind_template_child (widget_class, StudioAnalysisPage, stack);
  gtk_widget_class_bind_template_child (widget_class, StudioAnalysisPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, StudioAnalysisPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, StudioAnalysisPage, histogram_box);
  gtk_widget_class_bind_template_child (widget_class, StudioAnalysisPage, scatter_grid);
  gtk_widget_class_bind_template_child (widget_class, StudioAnalysisPage, metrics_group);
  gtk_widget_class_bind_template_child (widget_class, StudioAnalysisPage, nist_group);
  gtk_widget_class_bind_template_child (widget_class, StudioAnalysisPage, nist_spinner);
  gtk_widget_class_bind_template_child (widget_class, StudioAnalysisPage, nist_button);
  gtk_widget_class_bind_template_child (widget_class, StudioAnalysisPage, log_switch);
  gtk_widget_class_install_action (widget_class, "analysis.run-nist", NULL, run_nist_action_cb);
}

static void
on_log_switch_cb (GtkSwitch *sw, GParamSpec *pspec, StudioAnalysisPage *self)
{
  for (guint i = 0; i < STUDIO_ANALYSIS_N_HISTOGRAMS; i++)
    studio_plot_view_set_log_y (self->histograms[i], gtk_switch_get_active (sw));
}

static void
studio_analysis_page_init (StudioAnalysisPage *self)
{
  const char *hist_titles[] = { N_("Plaintext histogram"), N_("Key histogram"),
                                N_("Ciphertext histogram") };
  const char *scatter_titles[] = { N_("Plaintext, horizontal"), N_("Plaintext, vertical"),
                                   N_("Plaintext, diagonal"), N_("Ciphertext, horizontal"),
                                   N_("Ciphertext, vertical"), N_("Ciphertext, diagonal") };

  gtk_widget_init_template (GTK_WIDGET (self));
  self->metric_rows = g_ptr_array_new ();
  self->nist_rows = g_ptr_array_new ();
  self->metrics = g_ptr_array_new_with_free_func ((GDestroyNotify) dkg_metric_row_free);
  self->nist_lines = g_ptr_array_new_with_free_func ((GDestroyNotify) dkg_metric_row_free);
  for (guint i = 0; i < STUDIO_ANALYSIS_N_HISTOGRAMS; i++)
    {
      GtkWidget *plot = studio_plot_view_new ();

      studio_plot_view_set_title (STUDIO_PLOT_VIEW (plot), _(hist_titles[i]));
      gtk_box_append (self->histogram_box, plot);
      self->histograms[i] = STUDIO_PLOT_VIEW (plot);
    }
  for (guint i = 0; i < STUDIO_ANALYSIS_N_SCATTERS; i++)
    {
      GtkWidget *plot = studio_plot_view_new ();

      studio_plot_view_set_title (STUDIO_PLOT_VIEW (plot), _(scatter_titles[i]));
      gtk_grid_attach (self->scatter_grid, plot, i % 3, i / 3, 1, 1);
      self->scatters[i] = STUDIO_PLOT_VIEW (plot);
    }
  g_signal_connect (self->log_switch, "notify::active", G_CALLBACK (on_log_switch_cb), self);
  set_has_result (self, FALSE);
}
