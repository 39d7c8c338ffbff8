/* dkg-cli-report.c — deepkeygen report, baselines, attack (docs/SPECIFICATION.md §6, §7)
 *
 * The report reproduces the paper's tables as far as they apply to our data and models: for
 * every table, Markdown with our values beside the published ones (where our sources give
 * them) and pass/fail wherever a statistical test applies, a CSV file, and a page of
 * report.pdf; figures as PNG and PDF drawn by the core's cairo renderers. Every number is
 * computed by the core here and now; nothing is copied.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "dkg-analysis.h"
#include "dkg-attacks.h"
#include "dkg-correlation.h"
#include "dkg-differential.h"
#include "dkg-entropy.h"
#include "dkg-histogram.h"
#include "dkg-keyspace.h"
#include "dkg-similarity.h"
#include "dkg-nist.h"
#include "dkg-arnold-cat-map.h"
#include "dkg-baseline-eval.h"
#include "dkg-baselines.h"
#include "dkg-container.h"
#include "dkg-keystream.h"
#include "dkg-cli.h"
#include "dkg-error.h"
#include "dkg-file.h"
#include "dkg-keygen.h"
#include "dkg-model-file.h"
#include "dkg-plot.h"
#include "dkg-domain.h"
#include "dkg-gan-trainer.h"

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

typedef struct
{
  guint       n_columns;
  GPtrArray  *cells;       /* element-type utf8, row-major */
  GArray     *states;      /* element-type DkgPlotCellState */
} Rows;

static Rows *
rows_new (guint n_columns)
{
  Rows *r = g_new0 (Rows, 1);

  r->n_columns = n_columns;
  r->cells = g_ptr_array_new_with_free_func (g_free);
  r->states = g_array_new (FALSE, TRUE, sizeof (DkgPlotCellState));
  return r;
}

static void
rows_free (Rows *r)
{
  g_ptr_array_unref (r->cells);
  g_array_unref (r->states);
  g_free (r);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Rows, rows_free)

/* Adds one cell; a cell text starting with "pass" or "FAIL" is coloured. */
static void
cell (Rows *r, const char *fmt, ...) G_GNUC_PRINTF (2, 3);

static void
cell (Rows *r, const char *fmt, ...)
{
  va_list ap;
  char *s;
  DkgPlotCellState st = DKG_PLOT_CELL_PLAIN;

  va_start (ap, fmt);
  s = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  if (g_str_has_prefix (s, "pass"))
    st = DKG_PLOT_CELL_PASS;
  else if (g_str_has_prefix (s, "FAIL"))
    st = DKG_PLOT_CELL_FAIL;
  else if (g_str_has_prefix (s, "—") || g_str_has_prefix (s, "n/a"))
    st = DKG_PLOT_CELL_MUTED;
  g_ptr_array_add (r->cells, s);
  g_array_append_val (r->states, st);
}

static const char *
pf (gboolean pass)
{
  return pass ? "pass" : "FAIL";
}

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

static gboolean
report_table (Report *rep, const char *id, const char *title, const char *const *header,
              Rows *rows, const char *note, GError **error)
{
  guint nc = rows->n_columns, nr = rows->cells->len / nc;
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
        g_string_append_printf (rep->md, " %s |", (char *) rows->cells->pdata[i * nc + c]);
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
          g_autofree char *e = csv_escape (rows->cells->pdata[i * nc + c]);
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
  table.cells = (const char *const *) rows->cells->pdata;
  table.states = (const DkgPlotCellState *) rows->states->data;
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

typedef struct
{
  char              *path;
  char              *name;
  DkgImage          *plain;
  DkgImage          *key;            /* DeepKeyGen key from the image itself */
  DkgImage          *key_perturbed;  /* from the seed with pixel (0,0) + 1 */
  DkgImage          *cipher;         /* xor ciphertext pixels (signedness of the plaintext) */
  DkgImage          *decrypted;
  DkgImageAnalysis  *key_analysis;
  DkgPairAnalysis   *pair;           /* plain vs xor cipher */
  DkgSimilarity      decrypted_sim;  /* plain vs decrypted */
  DkgDifferential    key_diff;       /* Table IV */
  DkgNistReport     *key_nist;
  double             keygen_ms;
} Sample;

static void
sample_free (Sample *s)
{
  g_free (s->path);
  g_free (s->name);
  dkg_image_free (s->plain);
  dkg_image_free (s->key);
  dkg_image_free (s->key_perturbed);
  dkg_image_free (s->cipher);
  dkg_image_free (s->decrypted);
  g_clear_pointer (&s->key_analysis, dkg_image_analysis_free);
  g_clear_pointer (&s->pair, dkg_pair_analysis_free);
  g_clear_pointer (&s->key_nist, dkg_nist_report_free);
  g_free (s);
}

/* Pixels of a container as an image of the plaintext's signedness. */
static DkgImage *
container_pixels (GBytes *file, gboolean is_signed, GError **error)
{
  DkgImage *im = dkg_image_load_png_bytes (file, "ciphertext", NULL, NULL, error);

  if (im != NULL)
    im->is_signed = is_signed;
  return im;
}

static Sample *
sample_compute (DkgNet *g, const char *path, GError **error)
{
  Sample *s = g_new0 (Sample, 1);
  g_autoptr(DkgImage) seed2 = NULL;
  g_autoptr(GBytes) file = NULL;
  g_autofree guint8 *kb = NULL;
  DkgContainerOptions opts = { DKG_CONTAINER_SCHEME_XOR, 5 };
  guint kw, kh;
  gsize kn;
  gint64 t0;

  s->path = g_strdup (path);
  s->name = g_path_get_basename (path);
  if ((s->plain = dkg_image_load (path, NULL, error)) == NULL)
    goto fail;
  dkg_keygen_size_for (g, s->plain->width, s->plain->height,
                       dkg_keystream_size_for (s->plain->width, s->plain->height,
                                               s->plain->channels, s->plain->bit_depth),
                       &kw, &kh);
  t0 = g_get_monotonic_time ();
  if ((s->key = dkg_keygen_generate (g, s->plain, kw, kh, error)) == NULL)
    goto fail;
  s->keygen_ms = (g_get_monotonic_time () - t0) / 1000.0;
  seed2 = dkg_image_copy (s->plain);
  if (!dkg_differential_perturb_sample (seed2, 0, 0, 0, error)
      || (s->key_perturbed = dkg_keygen_generate (g, seed2, kw, kh, error)) == NULL
      || !dkg_differential_keys (s->key, s->key_perturbed, &s->key_diff, error))
    goto fail;
  s->key_analysis = dkg_image_analysis_compute (s->key, NULL);
  kb = dkg_keystream_image_to_bytes (s->key, &kn);
  if ((s->key_nist = dkg_nist_run_all (kb, kn * 8, NULL, error)) == NULL)
    goto fail;
  if ((file = dkg_container_encrypt (s->plain, s->key, &opts, error)) == NULL
      || (s->cipher = container_pixels (file, s->plain->is_signed, error)) == NULL
      || (s->decrypted = dkg_container_decrypt (file, path, s->key, NULL, error)) == NULL
      || (s->pair = dkg_pair_analysis_compute (s->plain, s->cipher, NULL, error)) == NULL
      || !dkg_similarity_compute_images (s->plain, s->decrypted, &s->decrypted_sim, error))
    goto fail;
  return s;

fail:
  sample_free (s);
  return NULL;
}

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
sample_figures (Report *rep, Sample *s, const char *stem, GError **error)
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

static const char *
paper_or_dash (const char *published)
{
  return published != NULL ? published : "—";
}

static gboolean
report_tables (Report *rep, GPtrArray *samples, DkgNet *g, const char *model_path,
               gboolean with_baselines, GError **error)
{
  /* Table III: key entropy. */
  {
    const char *h[] = { "image", "key size", "key entropy (bits/byte)", "ideal random, same size",
                        "local entropy (α = 0.05)", "paper (Table III)" };
    g_autoptr(Rows) r = rows_new (G_N_ELEMENTS (h));
    for (guint i = 0; i < samples->len; i++)
      {
        Sample *s = samples->pdata[i];
        const DkgLocalEntropy *le = s->key_analysis->local_entropy;
        cell (r, "%s", s->name);
        cell (r, "%u×%u×3", s->key->width, s->key->height);
        cell (r, "%.5f", s->key_analysis->entropy.all);
        cell (r, "%.5f", s->key_analysis->entropy.expected_all);
        if (le != NULL)
          cell (r, "%s %.4f %s (%.4f, %.4f)", pf (le->pass[0][0]), le->channel[0],
                le->pass[0][0] ? "∈" : "∉", le->interval[0].h_left, le->interval[0].h_right);
        else
          cell (r, "n/a (key too small)");
        cell (r, "7.978–7.981");
      }
    if (!report_table (rep, "table-03-key-entropy", "Table III — key entropy", h, r,
                       "Global Shannon entropy of all key bytes (docs/SPECIFICATION.md §6.1) beside the value "
                       "ideal random data of the same size has on average; local Shannon entropy "
                       "(Wu et al. 2013) with our exact critical interval (docs/DEVIATIONS.md).",
                       error))
      return FALSE;
  }

  /* Table IV: key sensitivity. */
  {
    const char *h[] = { "image", "NPCR (%)", "NPCR ≥ N*₀.₀₅", "UACI (%)", "UACI in interval",
                        "paper NPCR (Table IV)" };
    g_autoptr(Rows) r = rows_new (G_N_ELEMENTS (h));
    for (guint i = 0; i < samples->len; i++)
      {
        Sample *s = samples->pdata[i];
        const DkgDifferentialStats *d = &s->key_diff.all;
        cell (r, "%s", s->name);
        cell (r, "%.4f", d->npcr);
        cell (r, "%s (%.4f)", pf (d->npcr_pass[0]), d->critical[0].npcr_critical);
        cell (r, "%.4f", d->uaci);
        cell (r, "%s (%.4f–%.4f)", pf (d->uaci_pass[0]), d->critical[0].uaci_low,
              d->critical[0].uaci_high);
        cell (r, "99.56–99.63");
      }
    if (!report_table (rep, "table-04-key-sensitivity", "Table IV — key sensitivity", h, r,
                       "Keys from the seed and from the seed with its first sample + 1 (mod "
                       "2^bits), compared with NPCR/UACI and the Wu, Noonan & Agaian (2011) "
                       "critical values for the key's size (docs/SPECIFICATION.md §6.6).", error))
      return FALSE;
  }

  /* Cipher statistics: entropy, χ², correlation. */
  {
    const char *h[] = { "image", "plain entropy", "cipher entropy", "ideal", "cipher χ² p-value",
                        "plain r H/V/D", "cipher r H/V/D" };
    g_autoptr(Rows) r = rows_new (G_N_ELEMENTS (h));
    for (guint i = 0; i < samples->len; i++)
      {
        Sample *s = samples->pdata[i];
        const DkgCorrelation *cp = &s->pair->plain->correlation, *cc = &s->pair->cipher->correlation;
        cell (r, "%s", s->name);
        cell (r, "%.4f", s->pair->plain->entropy.all);
        cell (r, "%.4f", s->pair->cipher->entropy.all);
        cell (r, "%.4f", s->pair->cipher->entropy.expected_all);
        cell (r, "%s p = %.3g", pf (s->pair->cipher->histogram->p_value_all >= 0.05),
              s->pair->cipher->histogram->p_value_all);
        cell (r, "%.4f / %.4f / %.4f", cp->value[0][0].r, cp->value[0][1].r, cp->value[0][2].r);
        cell (r, "%.4f / %.4f / %.4f", cc->value[0][0].r, cc->value[0][1].r, cc->value[0][2].r);
      }
    if (!report_table (rep, "table-cipher-statistics",
                       "Ciphertext statistics (xor, the DeepKeyGen scheme)", h, r,
                       "Entropy over the image's 2^bits levels; χ² of the ciphertext histogram "
                       "against uniform (pass: p ≥ 0.05); Pearson r of all adjacent pairs, "
                       "first channel (docs/SPECIFICATION.md §6.1, §6.2, §6.4).", error))
      return FALSE;
  }

  /* NPCR/UACI plain vs cipher, MSE/PSNR/SSIM. */
  {
    const char *h[] = { "image", "NPCR (%)", "NPCR test", "UACI (%)", "UACI test", "MSE",
                        "PSNR (dB)", "SSIM", "decrypted: MSE / SSIM" };
    g_autoptr(Rows) r = rows_new (G_N_ELEMENTS (h));
    for (guint i = 0; i < samples->len; i++)
      {
        Sample *s = samples->pdata[i];
        const DkgDifferentialStats *d = &s->pair->differential.all;
        const DkgSimilarity *m = &s->pair->similarity;
        cell (r, "%s", s->name);
        cell (r, "%.4f", d->npcr);
        cell (r, "%s (≥ %.4f)", pf (d->npcr_pass[0]), d->critical[0].npcr_critical);
        cell (r, "%.4f", d->uaci);
        cell (r, "%s (%.4f–%.4f)", pf (d->uaci_pass[0]), d->critical[0].uaci_low,
              d->critical[0].uaci_high);
        cell (r, "%.6g", m->mse_all);
        cell (r, "%.3f", m->psnr_all);
        cell (r, "%.5f", m->ssim_defined ? m->ssim_mean : NAN);
        cell (r, "%.3g / %.5f", s->decrypted_sim.mse_all,
              s->decrypted_sim.ssim_defined ? s->decrypted_sim.ssim_mean : NAN);
      }
    if (!report_table (rep, "table-plain-vs-cipher", "Plaintext vs ciphertext: NPCR, UACI, MSE, "
                       "PSNR, SSIM", h, r,
                       "Critical values at α = 0.05 (Wu, Noonan & Agaian 2011) for each image's "
                       "size and bit depth. The paper's UACI values of 20–24 % would FAIL this "
                       "test: its expectation for 8-bit images is 33.46 %. The decrypted image "
                       "equals the plaintext (MSE 0, SSIM 1).", error))
      return FALSE;
  }

  /* NIST on the keys. */
  {
    const char *h[] = { "test" };
    g_autoptr(GPtrArray) hdr = g_ptr_array_new ();
    g_autoptr(Rows) r = NULL;

    g_ptr_array_add (hdr, (gpointer) h[0]);
    for (guint i = 0; i < samples->len; i++)
      g_ptr_array_add (hdr, ((Sample *) samples->pdata[i])->name);
    r = rows_new (hdr->len);
    for (int t = 0; t < DKG_NIST_N_TESTS; t++)
      {
        cell (r, "%s", dkg_nist_test_get_id ((DkgNistTest) t));
        for (guint i = 0; i < samples->len; i++)
          {
            const DkgNistResult *res = dkg_nist_report_get_result (((Sample *) samples->pdata[i])->key_nist,
                                                                  (DkgNistTest) t);
            DkgNistStatus st = dkg_nist_result_get_status (res);
            double minp = 1;
            for (guint k = 0; k < dkg_nist_result_get_n_p_values (res); k++)
              minp = MIN (minp, dkg_nist_result_get_p_value (res, k));
            if (st == DKG_NIST_STATUS_NOT_APPLICABLE)
              cell (r, "n/a");
            else
              cell (r, "%s %.4f", st == DKG_NIST_STATUS_PASS ? "pass" : "FAIL", minp);
          }
      }
    if (!report_table (rep, "table-nist-keys", "NIST SP 800-22 on the DeepKeyGen keys",
                       (const char *const *) hdr->pdata, r,
                       "One stream of all the key's bits (MSB first), sts-2.1.2 default "
                       "parameters, α = 0.01; for tests with several p-values the smallest is "
                       "shown and the pass rule is the proportion of §4.2.1.", error))
      return FALSE;
  }

  /* Table XIV: differential attack — one plaintext pixel changed, keys from each image. */
  {
    const char *h[] = { "image", "NPCR (%)", "NPCR test", "UACI (%)", "UACI test" };
    g_autoptr(Rows) r = rows_new (G_N_ELEMENTS (h));
    for (guint i = 0; i < samples->len; i++)
      {
        Sample *s = samples->pdata[i];
        g_autoptr(DkgImage) p2 = dkg_image_copy (s->plain);
        g_autoptr(DkgImage) k2 = NULL;
        g_autoptr(GBytes) f2 = NULL;
        g_autoptr(DkgImage) c2 = NULL;
        DkgContainerOptions opts = { DKG_CONTAINER_SCHEME_XOR, 5 };
        DkgDifferential d;

        if (!dkg_differential_perturb_sample (p2, p2->width / 2, p2->height / 2, 0, error)
            || (k2 = dkg_keygen_generate (g, p2, s->key->width, s->key->height, error)) == NULL
            || (f2 = dkg_container_encrypt (p2, k2, &opts, error)) == NULL
            || (c2 = container_pixels (f2, p2->is_signed, error)) == NULL
            || !dkg_differential_compute_images (s->cipher, c2, &d, error))
          return FALSE;
        cell (r, "%s", s->name);
        cell (r, "%.4f", d.all.npcr);
        cell (r, "%s (≥ %.4f)", pf (d.all.npcr_pass[0]), d.all.critical[0].npcr_critical);
        cell (r, "%.4f", d.all.uaci);
        cell (r, "%s (%.4f–%.4f)", pf (d.all.uaci_pass[0]), d.all.critical[0].uaci_low,
              d.all.critical[0].uaci_high);
      }
    if (!report_table (rep, "table-14-differential", "Table XIV — differential attack (plaintext "
                       "sensitivity)", h, r,
                       "The centre sample of the plaintext + 1; each plaintext keyed by its own "
                       "DeepKeyGen key (the seed is the image, the paper's default) and encrypted "
                       "with xor; NPCR/UACI between the two ciphertexts. A stream cipher without "
                       "diffusion changes only what the key changes.", error))
      return FALSE;
  }

  /* Table XV: chosen ciphertext — decrypting an all-zero ciphertext with the xor scheme. */
  {
    const char *h[] = { "image", "scheme", "result" };
    g_autoptr(Rows) r = rows_new (G_N_ELEMENTS (h));
    for (guint i = 0; i < samples->len; i++)
      {
        Sample *s = samples->pdata[i];
        g_autofree guint8 *kb = NULL;
        gsize kn, need = dkg_image_n_bytes (s->plain);
        cell (r, "%s", s->name);
        cell (r, "xor (bare cipher)");
        kb = dkg_keystream_image_to_bytes (s->key, &kn);
        /* C = 0 decrypts to P = K: the decryption oracle hands out the keystream. */
        cell (r, "FAIL: decrypting the all-zero ciphertext returns the first %zu keystream bytes "
              "exactly", MIN (kn, need));
        cell (r, "%s", s->name);
        cell (r, "chacha20-poly1305");
        cell (r, "pass: a forged ciphertext fails authentication; nothing is decrypted");
      }
    if (!report_table (rep, "table-15-chosen-ciphertext", "Table XV — chosen-ciphertext attack",
                       h, r,
                       "With a decryption oracle for the paper's xor scheme (no authentication), "
                       "the ciphertext 0…0 decrypts to the keystream itself. Our container adds an "
                       "HMAC to xor and acm-xor, so the oracle refuses forged files — but the bare "
                       "ciphers of the papers have no such check.", error))
      return FALSE;
  }

  /* Attacks on the schemes (docs/SPECIFICATION.md §6.9). */
  if (samples->len >= 2)
    {
      const char *h[] = { "attack", "xor", "acm-xor", "chacha20-poly1305" };
      const DkgContainerScheme sch[3] = { DKG_CONTAINER_SCHEME_XOR, DKG_CONTAINER_SCHEME_ACM_XOR,
                                          DKG_CONTAINER_SCHEME_CHACHA20_POLY1305 };
      Sample *a = samples->pdata[0], *b = NULL;
      g_autoptr(Rows) r = rows_new (G_N_ELEMENTS (h));
      g_autoptr(DkgImage) key = NULL;
      g_autoptr(DkgImage) pb = NULL;
      guint n;
      guint kw, kh;

      /* Two images of the same format; the second resized copy if none. */
      for (guint i = 1; i < samples->len && b == NULL; i++)
        {
          Sample *c = samples->pdata[i];
          if (c->plain->bit_depth == a->plain->bit_depth && c->plain->channels == a->plain->channels
              && c->plain->is_signed == a->plain->is_signed)
            b = c;
        }
      pb = b != NULL ? dkg_image_copy (b->plain) : dkg_image_copy (a->plain);
      if (b == NULL)
        for (gsize k = 0; k < dkg_image_n_bytes (pb); k++)
          pb->data[k] = (guint8) (255 - pb->data[k]);
      n = dkg_arnold_cat_map_size (MAX (a->plain->width, pb->width), MAX (a->plain->height, pb->height));
      dkg_keygen_size_for (g, n, n, dkg_keystream_size_for (n, n, a->plain->channels,
                                                           a->plain->bit_depth), &kw, &kh);
      if ((key = dkg_keygen_generate (g, a->plain, kw, kh, error)) == NULL)
        return FALSE;
      cell (r, "key reuse: C₁ ⊕ C₂ = P₁ ⊕ P₂ (fraction of samples)");
      for (int k = 0; k < 3; k++)
        {
          DkgContainerOptions o = { sch[k], 5 };
          g_autoptr(DkgAttackKeyReuse) kr = dkg_attack_key_reuse (a->plain, pb, key, &o, error);
          if (kr == NULL)
            return FALSE;
          cell (r, "%s %.4f (chance %.4f)", kr->leaks ? "FAIL:" : "pass:", kr->match_fraction,
                kr->chance_fraction);
        }
      cell (r, "known plaintext: fraction of a second image recovered");
      for (int k = 0; k < 3; k++)
        {
          DkgContainerOptions o = { sch[k], 5 };
          g_autoptr(DkgAttackKnownPlaintext) kp = dkg_attack_known_plaintext (a->plain, pb, key,
                                                                              &o, error);
          if (kp == NULL)
            return FALSE;
          cell (r, "%s %.4f (chance %.4f)", kp->recovered_fraction > 10 * kp->chance_fraction
                ? "FAIL:" : "pass:", kp->recovered_fraction, kp->chance_fraction);
        }
      cell (r, "chosen plaintext against the cat map: fraction recovered");
      for (int k = 0; k < 3; k++)
        {
          DkgContainerOptions o = { sch[k], 5 };
          g_autoptr(DkgAttackChosenPlaintext) cp = NULL;

          if (sch[k] == DKG_CONTAINER_SCHEME_XOR)
            {
              cell (r, "— (no permutation)");
              continue;
            }
          cp = dkg_attack_acm_chosen_plaintext (a->plain, key, &o, DKG_ATTACK_ENCODING_PACKED, error);
          if (cp == NULL)
            return FALSE;
          cell (r, "%s %.4f with %u chosen images", cp->recovered_fraction > 10 * cp->chance_fraction
                ? "FAIL:" : "pass:", cp->recovered_fraction, cp->n_chosen);
        }
      if (!report_table (rep, "table-attacks", "Attacks on the schemes (docs/SPECIFICATION.md §6.9)", h, r,
                         "One key for two images (the paper's schemes have no nonce): FAIL means "
                         "the attack works. acm-xor stores its round count in the clear (it is a "
                         "parameter, not a secret), so its permutation is public and adds nothing "
                         "against these attacks. chacha20-poly1305 derives a fresh key per file.",
                         error))
        return FALSE;
    }

  /* Tables XVII–XIX: baseline key generators. */
  if (with_baselines)
    {
      const char *h[] = { "generator", "time (ms)", "entropy", "ideal", "χ² p", "NIST pass / fail / n.a." };
      g_autoptr(Rows) r = rows_new (G_N_ELEMENTS (h));
      Sample *s = samples->pdata[0];
      g_autofree guint8 *kb = NULL;
      g_autoptr(DkgImage) key256 = NULL;
      g_autoptr(DkgNistReport) nk = NULL;
      g_autoptr(DkgImageAnalysis) ka = NULL;
      gsize kn;
      gint64 t0 = g_get_monotonic_time ();
      double ms;

      if ((key256 = dkg_keygen_generate (g, s->plain, 256, 256, error)) == NULL)
        return FALSE;
      ms = (g_get_monotonic_time () - t0) / 1000.0;
      kb = dkg_keystream_image_to_bytes (key256, &kn);
      if ((nk = dkg_nist_run_all (kb, kn * 8, NULL, error)) == NULL)
        return FALSE;
      ka = dkg_image_analysis_compute (key256, NULL);
      cell (r, "DeepKeyGen (%s)", model_path);
      cell (r, "%.2f", ms);
      cell (r, "%.5f", ka->entropy.all);
      cell (r, "%.5f", ka->entropy.expected_all);
      cell (r, "%.3g", ka->histogram->p_value_all);
      cell (r, "%u / %u / %u", dkg_nist_report_count_status (nk, DKG_NIST_STATUS_PASS),
            dkg_nist_report_count_status (nk, DKG_NIST_STATUS_FAIL),
            dkg_nist_report_count_status (nk, DKG_NIST_STATUS_NOT_APPLICABLE));
      for (int b = 0; b < DKG_N_BASELINES; b++)
        {
          g_autoptr(DkgBaselineResult) br = dkg_baseline_evaluate ((DkgBaseline) b, s->plain,
                                                                   256, 256, TRUE, NULL, error);
          if (br == NULL)
            return FALSE;
          cell (r, "%s", dkg_baseline_get_name ((DkgBaseline) b));
          cell (r, "%.2f", br->generation_ms);
          cell (r, "%.5f", br->entropy);
          cell (r, "%.5f", br->entropy_expected);
          cell (r, "%.3g", br->chi2_p_value);
          cell (r, "%u / %u / %u", dkg_nist_report_count_status (br->nist, DKG_NIST_STATUS_PASS),
                dkg_nist_report_count_status (br->nist, DKG_NIST_STATUS_FAIL),
                dkg_nist_report_count_status (br->nist, DKG_NIST_STATUS_NOT_APPLICABLE));
        }
      if (!report_table (rep, "table-17-19-baselines", "Tables XVII–XIX — key generators compared",
                         h, r,
                         "256×256×3 keys (196,608 bytes) from the first sample as seed; time is "
                         "wall time on this machine (see bench/ for controlled figures). The "
                         "published values of these tables are not in our sources, so only ours "
                         "are shown.", error))
        return FALSE;
    }
  return TRUE;
}


/* ------------------------------------------------------------------------------------------ */
/* trainings for the imitation and one-time-pad experiments (docs/SPECIFICATION.md §6.9) */

typedef struct
{
  GPtrArray *images;       /* element-type DkgImage: the training seeds */
  int        size;
  guint64    iterations;
} SmallTraining;

/* A DeepKeyGen GAN trained in-process at reduced size and length (the issue allows it). */
static DkgNet *
train_small (const SmallTraining *st, int n_blocks, gboolean seeded, guint64 seed,
             const char *what, GError **error)
{
  DkgTrainConfig c;
  g_autoptr(DkgTrainer) t = NULL;
  DkgDataset *src, *dom;
  DkgNet *net;

  dkg_train_config_init (&c, DKG_OBJECTIVE_GAN);
  c.size = st->size;
  c.n_blocks = n_blocks;
  c.seeded = seeded;
  c.seed = seed;
  dkg_cli_progress ("Training %s (%d blocks, %d×%d, %" G_GUINT64_FORMAT " iterations)…", what,
                    n_blocks, st->size, st->size, st->iterations);
  src = dkg_dataset_new_from_images ((DkgImage **) st->images->pdata, st->images->len, st->size,
                                     "report seeds");
  dom = dkg_dataset_new_chaotic_domain (src, NULL, "report domain", error);
  if (dom == NULL)
    {
      dkg_dataset_free (src);
      return NULL;
    }
  t = dkg_trainer_new (&c, src, dom, error);
  if (t == NULL || !dkg_trainer_run (t, st->iterations, NULL, NULL, NULL, error))
    return NULL;
  net = dkg_net_new (DKG_ARCH_RESNET, n_blocks);
  dkg_net_copy_weights (net, dkg_trainer_get_generator (t));
  return net;
}

static gboolean
report_imitation (Report *rep, GPtrArray *samples, DkgNet *victim, const SmallTraining *st,
                  GError **error)
{
  static const int blocks[] = { 3, 6, 9, 12 };
  const char *h[] = { "attack generator", "byte match (chance 1/256)", "bit match",
                      "NPCR vs victim key (%)", "UACI (%)", "NPCR test (α = 0.05)" };
  g_autoptr(Rows) r = rows_new (G_N_ELEMENTS (h));
  g_autoptr(GPtrArray) victim_keys = g_ptr_array_new_with_free_func ((GDestroyNotify) dkg_image_free);
  g_autofree char *note = NULL;

  for (guint i = 0; i < samples->len; i++)
    {
      DkgImage *k = dkg_keygen_generate (victim, ((Sample *) samples->pdata[i])->plain, 128, 128, error);
      if (k == NULL)
        return FALSE;
      g_ptr_array_add (victim_keys, k);
    }
  for (guint b = 0; b < G_N_ELEMENTS (blocks); b++)
    {
      g_autofree char *what = g_strdup_printf ("an imitation attacker");
      g_autoptr(DkgNet) atk = train_small (st, blocks[b], FALSE, 0, what, error);
      g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func ((GDestroyNotify) dkg_image_free);
      g_autoptr(DkgAttackImitation) im = NULL;

      if (atk == NULL)
        return FALSE;
      for (guint i = 0; i < samples->len; i++)
        {
          DkgImage *k = dkg_keygen_generate (atk, ((Sample *) samples->pdata[i])->plain, 128, 128, error);
          if (k == NULL)
            return FALSE;
          g_ptr_array_add (keys, k);
        }
      im = dkg_attack_imitation_evaluate ((const DkgImage *const *) victim_keys->pdata,
                                          (const DkgImage *const *) keys->pdata, keys->len, error);
      if (im == NULL)
        return FALSE;
      cell (r, "resnet, %d blocks", blocks[b]);
      cell (r, "%.4f (max %.4f)", im->mean_byte_match, im->max_byte_match);
      cell (r, "%.4f", im->mean_bit_match);
      cell (r, "%.4f (min %.4f)", im->mean_npcr, im->min_npcr);
      cell (r, "%.4f", im->mean_uaci);
      cell (r, "%s: %u of %u pairs differ like random keys", im->n_npcr_pass[0] == im->n_pairs
            ? "pass" : "FAIL", im->n_npcr_pass[0], im->n_pairs);
    }
  note = g_strdup_printf ("Paper §III-E: an attacker who knows the transformation domain trains "
                          "generators of 3, 6, 9 and 12 residual blocks to imitate the victim's "
                          "keys. Victim: the shipped model; attackers: %" G_GUINT64_FORMAT
                          " iterations at %d×%d on the report's images and their chaotic domain "
                          "(reduced size and length), CSPRNG randomness; 128×128 keys from the "
                          "same seeds. A byte match near 1/256 and NPCR near 99.6 %% mean the "
                          "imitation does not reproduce the victim's keys; a FAIL of the NPCR "
                          "test means the keys are measurably closer than independent random keys "
                          "(e.g. both share a non-uniform histogram), not that they match.", st->iterations,
                          st->size, st->size);
  return report_table (rep, "table-imitation", "Imitation-learning attack (paper §III-E)", h, r,
                       note, error);
}

static gboolean
report_mutual (Report *rep, GPtrArray *samples, const SmallTraining *st, guint K, GError **error)
{
  g_autoptr(GPtrArray) nets = g_ptr_array_new_with_free_func ((GDestroyNotify) dkg_net_free);
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func ((GDestroyNotify) dkg_image_free);
  g_autoptr(GPtrArray) hdr = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(DkgAttackMutualDecryption) m = NULL;
  g_autoptr(Rows) r = NULL;
  g_autofree char *note = NULL;
  const DkgImage *plain = ((Sample *) samples->pdata[0])->plain;
  guint kw, kh;

  for (guint k = 0; k < K; k++)
    {
      g_autofree char *what = g_strdup_printf ("model %u of %u for the one-time-pad matrix", k + 1, K);
      DkgNet *n = train_small (st, 6, FALSE, 0, what, error);
      if (n == NULL)
        return FALSE;
      g_ptr_array_add (nets, n);
    }
  dkg_keygen_size_for (nets->pdata[0], plain->width, plain->height,
                       dkg_keystream_size_for (plain->width, plain->height, plain->channels,
                                               plain->bit_depth), &kw, &kh);
  for (guint k = 0; k < K; k++)
    {
      DkgImage *key = dkg_keygen_generate (nets->pdata[k], plain, kw, kh, error);
      if (key == NULL)
        return FALSE;
      g_ptr_array_add (keys, key);
    }
  m = dkg_attack_mutual_decryption ((const DkgImage *const *) keys->pdata, K, plain,
                                    DKG_CONTAINER_SCHEME_XOR, 5, error);
  if (m == NULL)
    return FALSE;
  g_ptr_array_add (hdr, g_strdup ("ciphertext of \\ key of"));
  for (guint j = 0; j < K; j++)
    g_ptr_array_add (hdr, g_strdup_printf ("model %u", j + 1));
  r = rows_new (K + 1);
  for (guint i = 0; i < K; i++)
    {
      cell (r, "model %u", i + 1);
      for (guint j = 0; j < K; j++)
        cell (r, "%.4f", m->success[i * K + j]);
    }
  note = g_strdup_printf ("Fraction of %s's samples recovered when the xor ciphertext made with "
                          "model i's key is decrypted with model j's key. %u models trained alike "
                          "(6 blocks, %" G_GUINT64_FORMAT " iterations at %d×%d) with different "
                          "CSPRNG randomness, keys from the same seed. Diagonal min %.4f; "
                          "off-diagonal mean %.4f, max %.4f (chance %.4f): each model's keys "
                          "decrypt only its own ciphertexts — the paper's one-time-pad property.",
                          ((Sample *) samples->pdata[0])->name, K, st->iterations, st->size,
                          st->size, m->diagonal_min, m->off_diagonal_mean, m->off_diagonal_max,
                          m->chance_fraction);
  return report_table (rep, "table-mutual-decryption", "One-time-pad mutual decryption",
                       (const char *const *) hdr->pdata, r, note, error);
}

static void
md_model (GString *md, const char *label, const char *path, DkgSafetensors *st, DkgNet *g)
{
  g_string_append_printf (md, "- %s: `%s` — %s, %zu parameters, objective %s, %s iterations, "
                          "seed %s, trained on %s\n", label, path, dkg_arch_to_string (g->arch),
                          dkg_net_n_params (g),
                          paper_or_dash (dkg_safetensors_get_metadata (st, "objective")),
                          paper_or_dash (dkg_safetensors_get_metadata (st, "iterations")),
                          paper_or_dash (dkg_safetensors_get_metadata (st, "seed")),
                          paper_or_dash (dkg_safetensors_get_metadata (st, "source")));
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
  g_autoptr(GPtrArray) samples = g_ptr_array_new_with_free_func ((GDestroyNotify) sample_free);
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
      g_autoptr(GDir) d = g_dir_open (images_dir, 0, &error);
      const char *name;
      if (d == NULL)
        return dkg_cli_fail ("report", g_steal_pointer (&error));
      while ((name = g_dir_read_name (d)) != NULL)
        if (name[0] != '.')
          g_ptr_array_add (paths, g_build_filename (images_dir, name, NULL));
      g_ptr_array_sort (paths, (GCompareFunc) g_strcmp0);
    }
  else
    for (guint i = 0; i < G_N_ELEMENTS (default_images); i++)
      {
        char *p = dkg_cli_find_data (default_images[i]);
        if (p == NULL)
          return dkg_cli_usage_error ("report", "the shipped sample %s was not found", default_images[i]);
        g_ptr_array_add (paths, p);
      }
  if (paths->len == 0)
    return dkg_cli_usage_error ("report", "no images");
  if (g_mkdir_with_parents (out_dir, 0755) != 0)
    {
      int saved = errno;
      g_set_error (&error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "Could not create the folder “%s”: %s", out_dir, g_strerror (saved));
      return dkg_cli_fail ("report", g_steal_pointer (&error));
    }

  for (guint i = 0; i < paths->len; i++)
    {
      Sample *s;
      dkg_cli_progress ("Analysing %s (%u of %u)…", (char *) paths->pdata[i], i + 1, paths->len);
      s = sample_compute (g, paths->pdata[i], &error);
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
      Sample *s = samples->pdata[i];
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
  if (!report_tables (&rep, samples, g, model, !no_baselines, &error))
    return dkg_cli_fail ("report", g_steal_pointer (&error));

  if (imitation || mutual >= 2)
    {
      SmallTraining st = { 0 };
      g_autoptr(GPtrArray) imgs = g_ptr_array_new ();

      for (guint i = 0; i < samples->len; i++)
        g_ptr_array_add (imgs, ((Sample *) samples->pdata[i])->plain);
      st.images = imgs;
      st.size = train_size;
      st.iterations = (guint64) MAX (train_iterations, 1);
      if ((imitation && !report_imitation (&rep, samples, g, &st, &error))
          || (mutual >= 2 && !report_mutual (&rep, samples, &st, (guint) mutual, &error)))
        return dkg_cli_fail ("report", g_steal_pointer (&error));
    }

  if (!no_figures)
    {
      g_string_append (rep.md, "\n## Figures\n");
      for (guint i = 0; i < samples->len; i++)
        {
          Sample *s = samples->pdata[i];
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
