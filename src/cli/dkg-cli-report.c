/* dkg-cli-report.c — deepkeygen report (docs/SPECIFICATION.md §6, §7)
 *
 * The report reproduces the paper's tables as far as they apply to our data and models. The
 * core computes them (workflow/dkg-report-tables.h: our values beside the published ones,
 * pass/fail wherever a statistical test applies; workflow/dkg-imitation.h: the attack
 * trainings); this file writes each table as Markdown, a CSV file and a page of report.pdf,
 * and draws the figures as PNG and PDF with the core's cairo renderers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "dkg-cli.h"
#include "dkg-data.h"
#include "dkg-correlation.h"
#include "dkg-file.h"
#include "dkg-imitation.h"
#include "dkg-model-file.h"
#include "dkg-plot.h"
#include "dkg-report-tables.h"

/* ------------------------------------------------------------------------------------------ */
/* the report writer: Markdown + CSV + PDF pages + figure files */

typedef struct
{
  char         *dir;
  GString      *md;
  DkgPlotPdf   *pdf;
  DkgPlotStyle  style;
  guint         n_figures;
} Report;

static char *
csv_escape (const char *s)
{
  g_autoptr(GString) out = g_string_new ("\"");

  for (const char *p = s; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Writes @t as Markdown, as its CSV file and as a page of report.pdf. */
static gboolean
report_table (Report *rep, const DkgReportTable *t, GError **error)
{
  const char *id = t->id, *title = t->title, *note = t->note;
  const char *const *header = (const char *const *) t->header->pdata;
  guint nc = t->n_columns, nr = dkg_report_table_get_n_rows (t);
  g_autoptr(GString) csv = g_string_new (NULL);
  g_autofree char *path = g_strdup_printf ("%s/%s.csv", rep->dir, id);
  DkgPlotTable table = { 0 };

  g_string_append_printf (rep->md, "\n### %s\n\n|", title);
  for (guint c = 0; c < nc; c++)
    g_string_append_printf (rep->md, " %s |", header[c]);
  g_string_append (rep->md, "\n|");
  for (guint c = 0; c < nc; c++)
    g_string_append (rep->md, " --- |");
  g_string_append (rep->md, "\n");
  for (guint i = 0; i < nr; i++)
    {
      g_string_append (rep->md, "|");
      for (guint c = 0; c < nc; c++)
        g_string_append_printf (rep->md, " %s |", (char *) t->cells->pdata[i * nc + c]);
      g_string_append (rep->md, "\n");
    }
  if (note != NULL)
    g_string_append_printf (rep->md, "\n%s\n", note);
  g_string_append_printf (rep->md, "\nCSV: [%s.csv](%s.csv)\n", id, id);

  for (guint c = 0; c < nc; c++)
    {
      g_autofree char *e = csv_escape (header[c]);
      g_string_append_printf (csv, "%s%s", c ? "," : "", e);
    }
  g_string_append_c (csv, '\n');
  for (guint i = 0; i < nr; i++)
    {
      for (guint c = 0; c < nc; c++)
        {
          g_autofree char *e = csv_escape (t->cells->pdata[i * nc + c]);
          g_string_append_printf (csv, "%s%s", c ? "," : "", e);
        }
      g_string_append_c (csv, '\n');
    }
  if (!dkg_file_set_contents (path, csv->str, csv->len, 0644, error))
    return FALSE;

  table.title = title;
  table.n_columns = nc;
  table.n_rows = nr;
  table.header = header;
  table.cells = (const char *const *) t->cells->pdata;
  table.states = (const DkgPlotCellState *) t->states->data;
  table.note = note;
  dkg_plot_pdf_begin_page (rep->pdf, nc > 6);
  dkg_plot_pdf_draw (rep->pdf, 36, 36, dkg_plot_pdf_get_page_width (rep->pdf) - 72,
                     dkg_plot_pdf_get_page_height (rep->pdf) - 72, dkg_plot_table_func, &table);
  return TRUE;
}

static gboolean
report_figure (Report *rep, const char *name, const char *caption, double w, double h,
               DkgPlotRenderFunc render, gconstpointer data, GError **error)
{
  g_autofree char *png = g_strdup_printf ("%s/%s.png", rep->dir, name);
  g_autofree char *pdf = g_strdup_printf ("%s/%s.pdf", rep->dir, name);
  double pw, ph, s;

  if (!dkg_plot_export (png, DKG_PLOT_FORMAT_PNG, w, h, render, data, &rep->style, error)
      || !dkg_plot_export (pdf, DKG_PLOT_FORMAT_PDF, w, h, render, data, &rep->style, error))
    return FALSE;
  g_string_append_printf (rep->md, "\n![%s](%s.png)\n\n*%s* ([PDF](%s.pdf))\n", caption, name,
                          caption, name);
  pw = dkg_plot_pdf_get_page_width (rep->pdf) - 72;
  ph = dkg_plot_pdf_get_page_height (rep->pdf) - 72;
  s = MIN (pw / w, ph / h);
  dkg_plot_pdf_begin_page (rep->pdf, w > h);
  pw = dkg_plot_pdf_get_page_width (rep->pdf) - 72;
  ph = dkg_plot_pdf_get_page_height (rep->pdf) - 72;
  s = MIN (pw / w, ph / h);
  dkg_plot_pdf_draw (rep->pdf, 36, 36, w * s, h * s, render, data);
  rep->n_figures++;
  return TRUE;
}

/* ------------------------------------------------------------------------------------------ */
/* per-image material */

/* 8-bit RGB/grey pixels of any image for figures: 16-bit windowed over its own range. */
static guint8 *
display_pixels (const DkgImage *im, DkgPlotPixelFormat *format)
{
  gsize n = dkg_image_n_samples (im);
  guint8 *out = g_malloc (n);

  *format = im->channels == 1 ? DKG_PLOT_PIXEL_GREY8 : im->channels == 2 ? DKG_PLOT_PIXEL_GREY_ALPHA8
          : im->channels == 3 ? DKG_PLOT_PIXEL_RGB8 : DKG_PLOT_PIXEL_RGBA8;
  if (im->bit_depth == 8)
    memcpy (out, im->data, n);
  else
    {
      const guint16 *s = (const guint16 *) im->data;
      double lo = G_MAXDOUBLE, hi = -G_MAXDOUBLE;
      for (gsize i = 0; i < n; i++)
        {
          double v = im->is_signed ? (double) (gint16) s[i] : (double) s[i];
          lo = MIN (lo, v);
          hi = MAX (hi, v);
        }
      dkg_plot_window_16 (s, n, im->is_signed, 0.5 * (lo + hi), MAX (hi - lo, 1), out);
    }
  return out;
}

static gboolean
sample_figures (Report *rep, DkgReportSample *s, const char *stem, GError **error)
{
  const DkgImage *ims[4] = { s->plain, s->key, s->cipher, s->decrypted };
  const char *caps[4] = { "plaintext", "key", "ciphertext (xor)", "decrypted" };
  DkgPlotImage pi[4];
  guint8 *px[4];
  DkgPlotImageGrid grid = { 0 };
  g_autofree char *gname = g_strdup_printf ("%s-grid", stem);
  g_autofree char *gcap = g_strdup_printf ("%s: plaintext, key, ciphertext, decrypted", s->name);
  gboolean ok;

  for (int i = 0; i < 4; i++)
    {
      DkgPlotPixelFormat f;
      px[i] = display_pixels (ims[i], &f);
      pi[i] = (DkgPlotImage) { caps[i], px[i], ims[i]->width, ims[i]->height,
                               (gsize) ims[i]->width * ims[i]->channels, f };
    }
  grid.title = s->name;
  grid.n_images = 4;
  grid.images = pi;
  grid.columns = 4;
  ok = report_figure (rep, gname, gcap, 1200, 380, dkg_plot_image_grid_func, &grid, error);
  for (int i = 0; i < 4; i++)
    g_free (px[i]);
  if (!ok)
    return FALSE;

  /* Histograms: plaintext, key (all channels pooled), ciphertext; 256 bins. */
  {
    const DkgHistogram *hs[3] = { s->pair->plain->histogram, s->key_analysis->histogram,
                                  s->pair->cipher->histogram };
    const char *labels[3] = { "plaintext", "key", "ciphertext (xor)" };
    guint64 *binned[3];
    DkgPlotHistogramSeries series[3];
    DkgPlotHistogram h = { 0 };
    g_autofree char *hname = g_strdup_printf ("%s-histograms", stem);
    g_autofree char *hcap = g_strdup_printf ("%s: histograms (256 bins over each image's sample "
                                             "range; all channels pooled)", s->name);
    g_autofree char *htitle = g_strdup_printf ("Histograms — %s", s->name);

    for (int i = 0; i < 3; i++)
      {
        guint64 *pooled = g_new0 (guint64, hs[i]->n_bins);
        for (guint c = 0; c < hs[i]->channels; c++)
          for (guint b = 0; b < hs[i]->n_bins; b++)
            pooled[b] += hs[i]->counts[(gsize) c * hs[i]->n_bins + b];
        binned[i] = g_new0 (guint64, 256);
        dkg_plot_histogram_rebin (pooled, hs[i]->n_bins, binned[i], 256);
        g_free (pooled);
        series[i] = (DkgPlotHistogramSeries) { labels[i], binned[i],
                                               dkg_plot_style_series_color (&rep->style, (guint) i) };
      }
    h.title = htitle;
    h.x_label = "sample value (256 bins)";
    h.y_label = "count";
    h.n_bins = 256;
    h.x_min = 0;
    h.x_max = 256;
    h.n_series = 3;
    h.series = series;
    h.mode = DKG_PLOT_HISTOGRAM_STEPS;
    h.log_y = TRUE;
    h.expected = NAN;
    ok = report_figure (rep, hname, hcap, 900, 520, dkg_plot_histogram_func, &h, error);
    for (int i = 0; i < 3; i++)
      g_free (binned[i]);
    if (!ok)
      return FALSE;
  }

  /* Scatter plots: 3000 sampled adjacent pairs, plaintext vs ciphertext, H/V/D. */
  for (int d = 0; d < DKG_N_DIRECTIONS; d++)
    for (int which = 0; which < 2; which++)
      {
        const DkgImage *im = which == 0 ? s->plain : s->cipher;
        g_autoptr(DkgCorrelationSample) cs = dkg_correlation_sample_image (im, (DkgDirection) d, 0,
                                                                           3000, 1, error);
        g_autofree char *name = NULL;
        g_autofree char *cap = NULL;
        g_autofree char *title = NULL;
        DkgPlotScatter sc;

        if (cs == NULL)
          return FALSE;
        dkg_plot_scatter_init_from_sample (&sc, cs, im->bit_depth, im->is_signed);
        title = g_strdup_printf ("%s, %s — %s", which == 0 ? "plaintext" : "ciphertext",
                                 dkg_direction_to_string ((DkgDirection) d), s->name);
        sc.title = title;
        name = g_strdup_printf ("%s-scatter-%s-%s", stem, which == 0 ? "plain" : "cipher",
                                dkg_direction_to_string ((DkgDirection) d));
        cap = g_strdup_printf ("%s: %s adjacent pairs of the %s (3000 sampled, seed 1)", s->name,
                               dkg_direction_to_string ((DkgDirection) d),
                               which == 0 ? "plaintext" : "ciphertext");
        if (!report_figure (rep, name, cap, 520, 520, dkg_plot_scatter_func, &sc, error))
          return FALSE;
      }
  return TRUE;
}

/* ------------------------------------------------------------------------------------------ */

/* A model's metadata field, or "—" when the file does not record it. */
static const char *
metadata_or_dash (const char *value)
{
  return value != NULL ? value : "—";
}

/* Announces the trainings of the attack experiments on the terminal. */
static void
announce_step (const char *what, gpointer user_data)
{
  dkg_cli_progress ("%s", what);
}

/* The imitation attack and the one-time-pad matrix: trained and computed by the core
 * (dkg-imitation.h), tabled by dkg-report-tables.h. */
static gboolean
report_attack_trainings (Report *rep, GPtrArray *samples, DkgNet *victim, gboolean imitation,
                         guint mutual, int size, guint64 iterations, GError **error)
{
  static const int blocks[] = { 3, 6, 9, 12 };
  g_autoptr(GPtrArray) imgs = g_ptr_array_new ();
  DkgImitationTraining tr = { 0 };

  for (guint i = 0; i < samples->len; i++)
    g_ptr_array_add (imgs, ((DkgReportSample *) samples->pdata[i])->plain);
  tr.images = (DkgImage *const *) imgs->pdata;
  tr.n_images = imgs->len;
  tr.size = size;
  tr.iterations = iterations;
  if (imitation)
    {
      g_autoptr(DkgImitationAttack) atk = dkg_imitation_attack_run (victim, &tr, blocks,
                                                                    G_N_ELEMENTS (blocks), 128,
                                                                    announce_step, NULL, error);
      g_autoptr(DkgReportTable) t = NULL;

      if (atk == NULL)
        return FALSE;
      t = dkg_report_table_imitation (atk, &tr);
      if (!report_table (rep, t, error))
        return FALSE;
    }
  if (mutual >= 2)
    {
      DkgReportSample *first = samples->pdata[0];
      g_autoptr(DkgAttackMutualDecryption) m = dkg_imitation_mutual_run (&tr, mutual, 6,
                                                                         first->plain,
                                                                         announce_step, NULL,
                                                                         error);
      g_autoptr(DkgReportTable) t = NULL;

      if (m == NULL)
        return FALSE;
      t = dkg_report_table_mutual (m, first->name, &tr, 6);
      if (!report_table (rep, t, error))
        return FALSE;
    }
  return TRUE;
}

static void
md_model (GString *md, const char *label, const char *path, DkgSafetensors *st, DkgNet *g)
{
  g_string_append_printf (md, "- %s: `%s` — %s, %zu parameters, objective %s, %s iterations, "
                          "seed %s, trained on %s\n", label, path, dkg_arch_to_string (g->arch),
                          dkg_net_n_params (g),
                          metadata_or_dash (dkg_safetensors_get_metadata (st, "objective")),
                          metadata_or_dash (dkg_safetensors_get_metadata (st, "iterations")),
                          metadata_or_dash (dkg_safetensors_get_metadata (st, "seed")),
                          metadata_or_dash (dkg_safetensors_get_metadata (st, "source")));
}

static const char *default_images[] = {
  "data/samples/colin27_ch2_axial_z090_8bit.png",
  "data/samples/CT_small.dcm",
  "data/samples/MR_small.dcm",
  "data/samples/SC_rgb_jpeg_dcmd.dcm",
};

int
dkg_cli_report (int argc, char **argv)
{
  g_autofree char *model = NULL;
  g_autofree char *images_dir = NULL;
  g_autofree char *out_dir = NULL;
  gboolean no_figures = FALSE, no_baselines = FALSE, imitation = FALSE;
  int mutual = 0, train_size = 64;
  gint64 train_iterations = 300;
  GOptionEntry entries[] = {
    { "model", 'm', 0, G_OPTION_ARG_FILENAME, &model, "DeepKeyGen generator (default: the shipped model)", "MODEL" },
    { "images", 'i', 0, G_OPTION_ARG_FILENAME, &images_dir, "Folder of images (default: the shipped samples)", "DIR" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &out_dir, "Folder for report.md, report.pdf, CSV and figures", "DIR" },
    { "no-figures", 0, 0, G_OPTION_ARG_NONE, &no_figures, "Tables only", NULL },
    { "no-baselines", 0, 0, G_OPTION_ARG_NONE, &no_baselines, "Skip the baseline generators (Tables XVII–XIX)", NULL },
    { "imitation", 0, 0, G_OPTION_ARG_NONE, &imitation, "Also train imitation attackers with 3/6/9/12 blocks (paper §III-E)", NULL },
    { "mutual", 0, 0, G_OPTION_ARG_INT, &mutual, "Also train K models alike and print the mutual-decryption matrix", "K" },
    { "train-iterations", 0, 0, G_OPTION_ARG_INT64, &train_iterations, "Iterations of those trainings (default 300)", "N" },
    { "train-size", 0, 0, G_OPTION_ARG_INT, &train_size, "Crop size of those trainings (default 64)", "S" },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new ("— the paper's tables, ours beside the published values");
  g_autoptr(GError) error = NULL;
  g_autoptr(DkgNet) g = NULL;
  g_autoptr(DkgSafetensors) st = NULL;
  g_autoptr(GPtrArray) samples = g_ptr_array_new_with_free_func ((GDestroyNotify) dkg_report_sample_free);
  g_autoptr(GPtrArray) tables = NULL;
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *when = g_date_time_format_iso8601 (now);
  g_autofree char *md_path = NULL;
  g_autofree char *pdf_path = NULL;
  Report rep = { 0 };
  gint64 t0 = g_get_monotonic_time ();
  int code;

  g_option_context_set_summary (ctx,
    "Computes every analysis of docs/SPECIFICATION.md §6 on the images with the DeepKeyGen model and writes\n"
    "report.md (tables: ours beside the paper's published values where our sources give them,\n"
    "pass/fail where a statistical test applies), report.pdf, one CSV per table, and figures\n"
    "(key/cipher/decrypted grids, histograms, scatter plots) as PNG and PDF.");
  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!dkg_cli_parse (ctx, "report", &argc, &argv, &code))
    return code;
  if (out_dir == NULL)
    return dkg_cli_usage_error ("report", "-o DIR is required");
  if (model == NULL && (model = dkg_cli_default_model ("deepkeygen")) == NULL)
    return dkg_cli_usage_error ("report", "no shipped model found: give -m MODEL");
  if ((g = dkg_model_load (model, &st, &error)) == NULL)
    return dkg_cli_fail ("report", g_steal_pointer (&error));

  if (images_dir != NULL)
    {
      g_autoptr(GPtrArray) names = dkg_file_list_dir (images_dir, &error);
      if (names == NULL)
        return dkg_cli_fail ("report", g_steal_pointer (&error));
      for (guint i = 0; i < names->len; i++)
        g_ptr_array_add (paths, g_build_filename (images_dir, names->pdata[i], NULL));
    }
  else
    for (guint i = 0; i < G_N_ELEMENTS (default_images); i++)
      {
        char *p = dkg_data_find (default_images[i]);
        if (p == NULL)
          return dkg_cli_usage_error ("report", "the shipped sample %s was not found", default_images[i]);
        g_ptr_array_add (paths, p);
      }
  if (paths->len == 0)
    return dkg_cli_usage_error ("report", "no images");
  if (!dkg_file_make_dir (out_dir, &error))
    return dkg_cli_fail ("report", g_steal_pointer (&error));

  for (guint i = 0; i < paths->len; i++)
    {
      DkgReportSample *s;
      dkg_cli_progress ("Analysing %s (%u of %u)…", (char *) paths->pdata[i], i + 1, paths->len);
      s = dkg_report_sample_compute (g, paths->pdata[i], &error);
      if (s == NULL)
        return dkg_cli_fail ("report", g_steal_pointer (&error));
      g_ptr_array_add (samples, s);
    }

  rep.dir = out_dir;
  rep.md = g_string_new (NULL);
  dkg_plot_style_init_light (&rep.style);
  rep.style.font_size = 9;
  pdf_path = g_build_filename (out_dir, "report.pdf", NULL);
  rep.pdf = dkg_plot_pdf_new (pdf_path, "DeepKeyGen Studio — security report", &rep.style);

  g_string_append_printf (rep.md, "# DeepKeyGen Studio — security report\n\nGenerated %s by "
                          "deepkeygen %s. Every number below was computed for this report by the "
                          "project's own code; the “paper” columns quote the published values "
                          "where our sources (docs/SPECIFICATION.md) give them, and “—” where they do not.\n\n",
                          when, PACKAGE_VERSION);
  md_model (rep.md, "Model", model, st, g);
  g_string_append (rep.md, "- Images:");
  for (guint i = 0; i < samples->len; i++)
    {
      DkgReportSample *s = samples->pdata[i];
      g_string_append_printf (rep.md, " `%s` (%u×%u, %u ch, %u-bit%s)%s", s->name, s->plain->width,
                              s->plain->height, s->plain->channels, s->plain->bit_depth,
                              s->plain->is_signed ? " signed" : "", i + 1 < samples->len ? "," : "\n");
    }
  g_string_append (rep.md, "- Keys: from each image itself as seed (the paper's default), sized "
                   "for the image (docs/SPECIFICATION.md §5.2); ciphertexts with the xor scheme (§5.3).\n");
  {
    DkgPlotText intro = { "DeepKeyGen Studio — security report", rep.md->str };
    dkg_plot_pdf_begin_page (rep.pdf, FALSE);
    dkg_plot_pdf_draw (rep.pdf, 36, 36, dkg_plot_pdf_get_page_width (rep.pdf) - 72,
                       dkg_plot_pdf_get_page_height (rep.pdf) - 72, dkg_plot_text_func, &intro);
  }

  g_string_append (rep.md, "\n## Tables\n");
  dkg_cli_progress ("Computing the tables…");
  if ((tables = dkg_report_tables_compute (samples, g, model, !no_baselines, &error)) == NULL)
    return dkg_cli_fail ("report", g_steal_pointer (&error));
  for (guint i = 0; i < tables->len; i++)
    if (!report_table (&rep, tables->pdata[i], &error))
      return dkg_cli_fail ("report", g_steal_pointer (&error));

  if ((imitation || mutual >= 2)
      && !report_attack_trainings (&rep, samples, g, imitation, mutual >= 2 ? (guint) mutual : 0,
                                   train_size, (guint64) MAX (train_iterations, 1), &error))
    return dkg_cli_fail ("report", g_steal_pointer (&error));

  if (!no_figures)
    {
      g_string_append (rep.md, "\n## Figures\n");
      for (guint i = 0; i < samples->len; i++)
        {
          DkgReportSample *s = samples->pdata[i];
          g_autofree char *stem = g_strdup (s->name);
          char *dot = strrchr (stem, '.');
          if (dot != NULL)
            *dot = '\0';
          dkg_cli_progress ("Drawing the figures of %s…", s->name);
          if (!sample_figures (&rep, s, stem, &error))
            return dkg_cli_fail ("report", g_steal_pointer (&error));
        }
    }
  dkg_cli_progress_done ();

  md_path = g_build_filename (out_dir, "report.md", NULL);
  if (!dkg_file_set_contents (md_path, rep.md->str, rep.md->len, 0644, &error)
      || !dkg_plot_pdf_finish (rep.pdf, &error))
    return dkg_cli_fail ("report", g_steal_pointer (&error));
  printf ("Wrote %s, %s (%u pages), %u figures (PNG + PDF) and the CSV tables in %.1f s\n",
          md_path, pdf_path, dkg_plot_pdf_get_n_pages (rep.pdf), rep.n_figures,
          (g_get_monotonic_time () - t0) / 1e6);
  dkg_plot_pdf_free (rep.pdf);
  g_string_free (rep.md, TRUE);
  return DKG_EXIT_OK;
}
