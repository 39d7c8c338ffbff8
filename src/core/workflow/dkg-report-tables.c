/* dkg-report-tables.c — the contents of `deepkeygen report`'s tables (docs/SPECIFICATION.md §6, §7)
 *
 * The report reproduces the paper's tables as far as they apply to our data and models: for
 * every table our values beside the published ones (dkg-report-published.c: ranges by table,
 * because the paper's images are not ours) and pass/fail wherever a statistical test applies,
 * worded by dkg-metric-rows.c. Every number of ours is computed here and now; the front end
 * (src/cli/dkg-cli-report.c) only writes the tables as Markdown, CSV and PDF pages and draws
 * the figures.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "dkg-arnold-cat-map.h"
#include "dkg-attacks.h"
#include "dkg-baseline-eval.h"
#include "dkg-container.h"
#include "dkg-keygen.h"
#include "dkg-keystream.h"
#include "dkg-metric-rows.h"
#include "dkg-report-published.h"
#include "dkg-pipeline.h"
#include "dkg-report-tables.h"

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

/* Appends the table made of @rows (its cells are shared) to @out. */
static void
table_push (GPtrArray *out, const char *id, const char *title, const char *const *header,
            Rows *rows, const char *note)
{
  DkgReportTable *t = g_new0 (DkgReportTable, 1);

  t->id = g_strdup (id);
  t->title = g_strdup (title);
  t->note = g_strdup (note);
  t->n_columns = rows->n_columns;
  t->header = g_ptr_array_new_with_free_func (g_free);
  for (guint c = 0; c < rows->n_columns; c++)
    g_ptr_array_add (t->header, g_strdup (header[c]));
  t->cells = g_ptr_array_ref (rows->cells);
  t->states = g_array_ref (rows->states);
  g_ptr_array_add (out, t);
}

/** dkg_report_table_get_n_rows: Returns: the rows of @table */
guint
dkg_report_table_get_n_rows (const DkgReportTable *table)
{
  g_return_val_if_fail (table != NULL, 0);
  return table->cells->len / table->n_columns;
}

/** dkg_report_table_free: @table: (nullable): a table */
void
dkg_report_table_free (DkgReportTable *table)
{
  if (table == NULL)
    return;
  g_free (table->id);
  g_free (table->title);
  g_free (table->note);
  g_ptr_array_unref (table->header);
  g_ptr_array_unref (table->cells);
  g_array_unref (table->states);
  g_free (table);
}

/* Adds one cell; a cell text starting with a verdict word (dkg_verdict_to_string()) is
 * coloured: "pass", "FAIL"; "—" and "n/a" are muted. */
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
  if (g_str_has_prefix (s, dkg_verdict_to_string (DKG_VERDICT_PASS)))
    st = DKG_PLOT_CELL_PASS;
  else if (g_str_has_prefix (s, dkg_verdict_to_string (DKG_VERDICT_FAIL)))
    st = DKG_PLOT_CELL_FAIL;
  else if (g_str_has_prefix (s, "—")
           || g_str_has_prefix (s, dkg_verdict_to_string (DKG_VERDICT_NOT_APPLICABLE)))
    st = DKG_PLOT_CELL_MUTED;
  g_ptr_array_add (r->cells, s);
  g_array_append_val (r->states, st);
}

/* The verdict cells of NPCR and UACI at α = 0.05 (dkg-metric-rows.c): "pass (≥ 99.5576)",
 * "FAIL (33.2295–33.6976)"; @with_ge prints "≥" before the critical NPCR. */
static void
cell_npcr (Rows *r, const DkgDifferentialStats *d, gboolean with_ge)
{
  g_autoptr(DkgMetricRow) m = dkg_metric_row_npcr (d, 0, NULL);

  if (with_ge)
    cell (r, "%s (≥ %.4f)", dkg_verdict_to_string (m->verdict), m->low);
  else
    cell (r, "%s (%.4f)", dkg_verdict_to_string (m->verdict), m->low);
}

static void
cell_uaci (Rows *r, const DkgDifferentialStats *d)
{
  g_autoptr(DkgMetricRow) m = dkg_metric_row_uaci (d, 0, NULL);

  cell (r, "%s (%.4f–%.4f)", dkg_verdict_to_string (m->verdict), m->low, m->high);
}

/** dkg_report_sample_free: @s: (nullable): a sample */
void
dkg_report_sample_free (DkgReportSample *s)
{
  if (s == NULL)
    return;
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

/**
 * dkg_report_sample_compute:
 * @g: the DeepKeyGen generator
 * @path: an image file
 * @error: return location for a #GError
 *
 * Loads the image and computes everything the report shows of it: its key from itself as
 * seed, sized for it (docs/SPECIFICATION.md §5.2), and the key from the seed with its first
 * sample + 1 (Table IV); the key's metrics and NIST SP 800-22; the xor ciphertext (§5.3),
 * its decryption and the metrics of plaintext against both.
 *
 * Returns: (transfer full): the sample, or %NULL with the error of loading, key generation,
 *   encryption or decryption (naming the file)
 */
DkgReportSample *
dkg_report_sample_compute (DkgNet *g, const char *path, GError **error)
{
  DkgReportSample *s = g_new0 (DkgReportSample, 1);
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
  dkg_pipeline_key_size (g, s->plain, DKG_CONTAINER_SCHEME_XOR, &kw, &kh);
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
  dkg_report_sample_free (s);
  return NULL;
}

/* The paper's columns of a generator in Tables XVII–XIX, or "—" where it has none. */
static void
cells_published_generator (Rows *r, const DkgPublishedGenerator *pg)
{
  if (pg == NULL)
    {
      for (int k = 0; k < 3; k++)
        cell (r, "—");
      return;
    }
  cell (r, "%.1f", pg->time_s * 1000);
  cell (r, "%.4f", pg->key_entropy);
  cell (r, "%.4g / %.4g / %.4g / %.4g", pg->nist_template, pg->nist_rank, pg->nist_universal,
        pg->nist_excursions_variant);
}

static gboolean
tables_fill (GPtrArray *out, GPtrArray *samples, DkgNet *g, const char *model_path,
             gboolean with_baselines, GError **error)
{
  /* Table III: key entropy. */
  {
    const char *h[] = { "image", "key size", "key entropy (bits/byte)", "ideal random, same size",
                        "local entropy (α = 0.05)", "paper (Table III)" };
    g_autoptr(Rows) r = rows_new (G_N_ELEMENTS (h));
    g_autofree char *paper = dkg_published_format_range ("III", "key entropy", 3);
    for (guint i = 0; i < samples->len; i++)
      {
        DkgReportSample *s = samples->pdata[i];
        const DkgLocalEntropy *le = s->key_analysis->local_entropy;
        cell (r, "%s", s->name);
        cell (r, "%u×%u×3", s->key->width, s->key->height);
        cell (r, "%.5f", s->key_analysis->entropy.all);
        cell (r, "%.5f", s->key_analysis->entropy.expected_all);
        if (le != NULL)
          {
            g_autoptr(DkgMetricRow) m = dkg_metric_row_local_entropy (s->key_analysis, s->key->width,
                                                                      s->key->height, s->name);
            cell (r, "%s %.4f %s (%.4f, %.4f)", dkg_verdict_to_string (m->verdict), m->number,
                  m->verdict == DKG_VERDICT_PASS ? "∈" : "∉", m->low, m->high);
          }
        else
          cell (r, "n/a (key too small)");
        cell (r, "%s", paper);
      }
    table_push (out, "table-03-key-entropy", "Table III — key entropy", h, r,
                       "Global Shannon entropy of all key bytes (docs/SPECIFICATION.md §6.1) beside the value "
                       "ideal random data of the same size has on average; local Shannon entropy "
                       "(Wu et al. 2013) with our exact critical interval (docs/DEVIATIONS.md).");
  }

  /* Table IV: key sensitivity. */
  {
    const char *h[] = { "image", "NPCR (%)", "NPCR ≥ N*₀.₀₅", "UACI (%)", "UACI in interval",
                        "paper NPCR (Table IV)" };
    g_autoptr(Rows) r = rows_new (G_N_ELEMENTS (h));
    g_autofree char *paper = dkg_published_format_range ("IV", "NPCR", 2);
    for (guint i = 0; i < samples->len; i++)
      {
        DkgReportSample *s = samples->pdata[i];
        const DkgDifferentialStats *d = &s->key_diff.all;
        cell (r, "%s", s->name);
        cell (r, "%.4f", d->npcr);
        cell_npcr (r, d, FALSE);
        cell (r, "%.4f", d->uaci);
        cell_uaci (r, d);
        cell (r, "%s", paper);
      }
    table_push (out, "table-04-key-sensitivity", "Table IV — key sensitivity", h, r,
                       "Keys from the seed and from the seed with its first sample + 1 (mod "
                       "2^bits), compared with NPCR/UACI and the Wu, Noonan & Agaian (2011) "
                       "critical values for the key's size (docs/SPECIFICATION.md §6.6).");
  }

  /* Cipher statistics: entropy, χ², correlation. */
  {
    const char *h[] = { "image", "plain entropy", "cipher entropy", "ideal", "cipher χ² p-value",
                        "plain r H/V/D", "cipher r H/V/D", "paper cipher entropy (Tables V–VII)",
                        "paper cipher r H/V/D (Tables XI–XIII)" };
    g_autoptr(Rows) r = rows_new (G_N_ELEMENTS (h));
    g_autofree char *paper_entropy = dkg_published_format_range ("V VI VII", "cipher entropy", 4);
    g_autofree char *paper_h = dkg_published_format_range ("XI XII XIII", "H*", 4);
    g_autofree char *paper_v = dkg_published_format_range ("XI XII XIII", "V*", 4);
    g_autofree char *paper_d = dkg_published_format_range ("XI XII XIII", "D*", 4);
    for (guint i = 0; i < samples->len; i++)
      {
        DkgReportSample *s = samples->pdata[i];
        const DkgCorrelation *cp = &s->pair->plain->correlation, *cc = &s->pair->cipher->correlation;
        cell (r, "%s", s->name);
        cell (r, "%.4f", s->pair->plain->entropy.all);
        cell (r, "%.4f", s->pair->cipher->entropy.all);
        cell (r, "%.4f", s->pair->cipher->entropy.expected_all);
        {
          g_autoptr(DkgMetricRow) chi2 = dkg_metric_row_chi2 (s->pair->cipher->histogram, s->name);
          cell (r, "%s p = %.3g", dkg_verdict_to_string (chi2->verdict), chi2->p_value);
        }
        cell (r, "%.4f / %.4f / %.4f", cp->value[0][0].r, cp->value[0][1].r, cp->value[0][2].r);
        cell (r, "%.4f / %.4f / %.4f", cc->value[0][0].r, cc->value[0][1].r, cc->value[0][2].r);
        cell (r, "%s", paper_entropy);
        cell (r, "%s / %s / %s", paper_h, paper_v, paper_d);
      }
    table_push (out, "table-cipher-statistics",
                       "Ciphertext statistics (xor, the DeepKeyGen scheme)", h, r,
                       "Entropy over the image's 2^bits levels; χ² of the ciphertext histogram "
                       "against uniform (pass: p ≥ 0.05); Pearson r of all adjacent pairs, "
                       "first channel (docs/SPECIFICATION.md §6.1, §6.2, §6.4). Paper: the range "
                       "over its three data sets (Tables V–VII, eight images each; Tables "
                       "XI–XIII, four images each, 256 pairs per direction); its vertical "
                       "ciphertext correlations are large for a cipher.");
  }

  /* NPCR/UACI plain vs cipher, MSE/PSNR/SSIM. */
  {
    const char *h[] = { "image", "NPCR (%)", "NPCR test", "UACI (%)", "UACI test", "MSE",
                        "PSNR (dB)", "SSIM", "decrypted: MSE / SSIM",
                        "paper MSE / SSIM (Tables VIII–X)" };
    g_autoptr(Rows) r = rows_new (G_N_ELEMENTS (h));
    g_autofree char *paper_mse = dkg_published_format_range ("VIII IX X", "MSE", 2);
    g_autofree char *paper_ssim = dkg_published_format_range ("VIII IX X", "SSIM", 4);
    for (guint i = 0; i < samples->len; i++)
      {
        DkgReportSample *s = samples->pdata[i];
        const DkgDifferentialStats *d = &s->pair->differential.all;
        const DkgSimilarity *m = &s->pair->similarity;
        cell (r, "%s", s->name);
        cell (r, "%.4f", d->npcr);
        cell_npcr (r, d, TRUE);
        cell (r, "%.4f", d->uaci);
        cell_uaci (r, d);
        cell (r, "%.6g", m->mse_all);
        cell (r, "%.3f", m->psnr_all);
        cell (r, "%.5f", m->ssim_defined ? m->ssim_mean : NAN);
        cell (r, "%.3g / %.5f", s->decrypted_sim.mse_all,
              s->decrypted_sim.ssim_defined ? s->decrypted_sim.ssim_mean : NAN);
        cell (r, "%s / %s", paper_mse, paper_ssim);
      }
    table_push (out, "table-plain-vs-cipher", "Plaintext vs ciphertext: NPCR, UACI, MSE, "
                       "PSNR, SSIM", h, r,
                       "Critical values at α = 0.05 (Wu, Noonan & Agaian 2011) for each image's "
                       "size and bit depth. The paper's UACI values of 20–24 % would FAIL this "
                       "test: its expectation for 8-bit images is 33.46 %. The decrypted image "
                       "equals the plaintext (MSE 0, SSIM 1). Paper: the range over its three "
                       "8-bit data sets (Tables VIII–X, eight images each).");
  }

  /* NIST on the keys. */
  {
    const char *h[] = { "test" };
    g_autoptr(GPtrArray) hdr = g_ptr_array_new ();
    g_autoptr(Rows) r = NULL;

    g_ptr_array_add (hdr, (gpointer) h[0]);
    for (guint i = 0; i < samples->len; i++)
      g_ptr_array_add (hdr, ((DkgReportSample *) samples->pdata[i])->name);
    r = rows_new (hdr->len);
    for (int t = 0; t < DKG_NIST_N_TESTS; t++)
      {
        cell (r, "%s", dkg_nist_test_get_id ((DkgNistTest) t));
        for (guint i = 0; i < samples->len; i++)
          {
            g_autoptr(DkgMetricRow) m = dkg_metric_row_nist (((DkgReportSample *) samples->pdata[i])->key_nist,
                                                             (DkgNistTest) t);
            if (m->verdict == DKG_VERDICT_NOT_APPLICABLE)
              cell (r, "%s", dkg_verdict_to_string (m->verdict));
            else
              cell (r, "%s %.4f", dkg_verdict_to_string (m->verdict), m->p_value);
          }
      }
    table_push (out, "table-nist-keys", "NIST SP 800-22 on the DeepKeyGen keys",
                       (const char *const *) hdr->pdata, r,
                       "One stream of all the key's bits (MSB first), sts-2.1.2 default "
                       "parameters, α = 0.01; for tests with several p-values the smallest is "
                       "shown and the pass rule is the proportion of §4.2.1.");
  }

  /* Table XIV: differential attack — one plaintext pixel changed, keys from each image. */
  {
    const char *h[] = { "image", "NPCR (%)", "NPCR test", "UACI (%)", "UACI test",
                        "paper NPCR / UACI (Table XIV)" };
    g_autoptr(Rows) r = rows_new (G_N_ELEMENTS (h));
    g_autofree char *paper_npcr = dkg_published_format_range ("XIV", "NPCR", 2);
    g_autofree char *paper_uaci = dkg_published_format_range ("XIV", "UACI", 2);
    for (guint i = 0; i < samples->len; i++)
      {
        DkgReportSample *s = samples->pdata[i];
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
        cell_npcr (r, &d.all, TRUE);
        cell (r, "%.4f", d.all.uaci);
        cell_uaci (r, &d.all);
        cell (r, "%s / %s", paper_npcr, paper_uaci);
      }
    table_push (out, "table-14-differential", "Table XIV — differential attack (plaintext "
                       "sensitivity)", h, r,
                       "The centre sample of the plaintext + 1; each plaintext keyed by its own "
                       "DeepKeyGen key (the seed is the image, the paper's default) and encrypted "
                       "with xor; NPCR/UACI between the two ciphertexts. A stream cipher without "
                       "diffusion changes only what the key changes. The paper's Table XIV "
                       "instead keys both ciphertexts of one plaintext from seeds one pixel apart.");
  }

  /* Table XV: chosen ciphertext — decrypting an all-zero ciphertext with the xor scheme. */
  {
    const char *h[] = { "image", "scheme", "result" };
    g_autoptr(Rows) r = rows_new (G_N_ELEMENTS (h));
    g_autofree char *paper_npcr = dkg_published_format_range ("XV", "NPCR", 2);
    g_autofree char *paper_uaci = dkg_published_format_range ("XV", "UACI", 2);
    g_autofree char *note = NULL;
    for (guint i = 0; i < samples->len; i++)
      {
        DkgReportSample *s = samples->pdata[i];
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
    note = g_strdup_printf ("With a decryption oracle for the paper's xor scheme (no authentication), "
                            "the ciphertext 0…0 decrypts to the keystream itself. Our container adds an "
                            "HMAC to xor and acm-xor, so the oracle refuses forged files — but the bare "
                            "ciphers of the papers have no such check. The paper's Table XV measures "
                            "something else: two decryptions of one ciphertext under keys from seeds "
                            "one pixel apart differ in NPCR %s %%, UACI %s %%.", paper_npcr, paper_uaci);
    table_push (out, "table-15-chosen-ciphertext", "Table XV — chosen-ciphertext attack", h, r, note);
  }

  /* Attacks on the schemes (docs/SPECIFICATION.md §6.9). */
  if (samples->len >= 2)
    {
      const char *h[] = { "attack", "xor", "acm-xor", "chacha20-poly1305" };
      const DkgContainerScheme sch[3] = { DKG_CONTAINER_SCHEME_XOR, DKG_CONTAINER_SCHEME_ACM_XOR,
                                          DKG_CONTAINER_SCHEME_CHACHA20_POLY1305 };
      DkgReportSample *a = samples->pdata[0], *b = NULL;
      g_autoptr(Rows) r = rows_new (G_N_ELEMENTS (h));
      g_autoptr(DkgImage) key = NULL;
      g_autoptr(DkgImage) pb = NULL;
      guint kw, kh;

      /* Two images of the same format; the second resized copy if none. */
      for (guint i = 1; i < samples->len && b == NULL; i++)
        {
          DkgReportSample *c = samples->pdata[i];
          if (c->plain->bit_depth == a->plain->bit_depth && c->plain->channels == a->plain->channels
              && c->plain->is_signed == a->plain->is_signed)
            b = c;
        }
      pb = b != NULL ? dkg_image_copy (b->plain) : dkg_image_copy (a->plain);
      if (b == NULL)
        for (gsize k = 0; k < dkg_image_n_bytes (pb); k++)
          pb->data[k] = (guint8) (255 - pb->data[k]);
      dkg_pipeline_key_size_for_shape (g, MAX (a->plain->width, pb->width),
                                       MAX (a->plain->height, pb->height), a->plain->channels,
                                       a->plain->bit_depth, DKG_CONTAINER_SCHEME_ACM_XOR, &kw, &kh);
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
      table_push (out, "table-attacks", "Attacks on the schemes (docs/SPECIFICATION.md §6.9)", h, r,
                         "One key for two images (the paper's schemes have no nonce): FAIL means "
                         "the attack works. acm-xor stores its round count in the clear (it is a "
                         "parameter, not a secret), so its permutation is public and adds nothing "
                         "against these attacks. chacha20-poly1305 derives a fresh key per file.");
    }

  /* Tables XVII–XIX: baseline key generators. */
  if (with_baselines)
    {
      const char *h[] = { "generator", "time (ms)", "entropy", "ideal", "χ² p", "NIST pass / fail / n.a.",
                          "paper time (ms, Table XIX)", "paper entropy (Table XVIII)",
                          "paper NIST p: template / rank / universal / excursions variant (Table XVII)" };
      g_autoptr(Rows) r = rows_new (G_N_ELEMENTS (h));
      DkgReportSample *s = samples->pdata[0];
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
      cells_published_generator (r, dkg_published_deepkeygen ());
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
          cells_published_generator (r, dkg_published_generator ((DkgBaseline) b));
        }
      table_push (out, "table-17-19-baselines", "Tables XVII–XIX — key generators compared",
                         h, r,
                         "256×256×3 keys (196,608 bytes) from the first sample as seed; time is "
                         "wall time on this machine (see bench/ for controlled figures). Paper: "
                         "Tables XVII–XIX for its keys from one chest X-ray seed, timed on the "
                         "authors' machine; “—” where the paper has no such generator.");
    }
  return TRUE;
}


/**
 * dkg_report_tables_compute:
 * @samples: (element-type DkgReportSample): the images, from dkg_report_sample_compute()
 * @generator: the DeepKeyGen generator that made their keys
 * @model_path: its file, named in the key generators' table
 * @with_baselines: also the key generators' table (Tables XVII–XIX: seconds of work)
 * @error: return location for a #GError
 *
 * The report's tables in order: III key entropy, IV key sensitivity, ciphertext statistics
 * (V–VII, XI–XIII), plaintext against ciphertext (VIII–X), NIST on the keys, XIV
 * differential attack, XV chosen ciphertext, the attacks on the schemes (with two images or
 * more) and, when asked, XVII–XIX. Each has our values, the paper's where it publishes them
 * (dkg-report-published.h) and the verdicts of dkg-metric-rows.h.
 *
 * Returns: (transfer full) (element-type DkgReportTable): the tables, or %NULL with the error
 *   of a key generation, encryption or attack
 */
GPtrArray *
dkg_report_tables_compute (GPtrArray *samples, DkgNet *generator, const char *model_path,
                           gboolean with_baselines, GError **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) dkg_report_table_free);

  g_return_val_if_fail (samples != NULL && samples->len > 0 && generator != NULL, NULL);
  if (!tables_fill (out, samples, generator, model_path, with_baselines, error))
    return NULL;
  return g_steal_pointer (&out);
}

/**
 * dkg_report_table_imitation:
 * @attack: the attackers' results (dkg_imitation_attack_run())
 * @training: how they were trained (its size and iterations are named in the note)
 *
 * The imitation-learning attack's table (paper §III-E): per attacker, the byte and bit match
 * of its keys with the victim's, NPCR/UACI and the NPCR test of every pair at α = 0.05.
 *
 * Returns: (transfer full): the table "table-imitation"
 */
DkgReportTable *
dkg_report_table_imitation (const DkgImitationAttack *attack, const DkgImitationTraining *training)
{
  const char *h[] = { "attack generator", "byte match (chance 1/256)", "bit match",
                      "NPCR vs victim key (%)", "UACI (%)", "NPCR test (α = 0.05)" };
  g_autoptr(GPtrArray) out = g_ptr_array_new ();
  g_autoptr(Rows) r = rows_new (G_N_ELEMENTS (h));
  g_autofree char *note = NULL;
  g_autofree char *blocks = NULL;
  g_autoptr(GString) bl = g_string_new (NULL);

  g_return_val_if_fail (attack != NULL && training != NULL, NULL);
  for (guint b = 0; b < attack->n_attackers; b++)
    {
      const DkgAttackImitation *im = attack->results[b];

      cell (r, "resnet, %d blocks", attack->n_blocks[b]);
      cell (r, "%.4f (max %.4f)", im->mean_byte_match, im->max_byte_match);
      cell (r, "%.4f", im->mean_bit_match);
      cell (r, "%.4f (min %.4f)", im->mean_npcr, im->min_npcr);
      cell (r, "%.4f", im->mean_uaci);
      cell (r, "%s: %u of %u pairs differ like random keys",
            dkg_verdict_to_string (dkg_verdict_from_pass (im->n_npcr_pass[0] == im->n_pairs)),
            im->n_npcr_pass[0], im->n_pairs);
      g_string_append_printf (bl, "%d%s", attack->n_blocks[b], b + 2 < attack->n_attackers ? ", "
                              : b + 2 == attack->n_attackers ? " and " : "");
    }
  note = g_strdup_printf ("Paper §III-E: an attacker who knows the transformation domain trains "
                          "generators of %s residual blocks to imitate the victim's "
                          "keys. Victim: the shipped model; attackers: %" G_GUINT64_FORMAT
                          " iterations at %d×%d on the report's images and their chaotic domain "
                          "(reduced size and length), %s; 128×128 keys from the "
                          "same seeds. A byte match near 1/256 and NPCR near 99.6 %% mean the "
                          "imitation does not reproduce the victim's keys; a FAIL of the NPCR "
                          "test means the keys are measurably closer than independent random keys "
                          "(e.g. both share a non-uniform histogram), not that they match.",
                          bl->str, training->iterations, training->size, training->size,
                          training->seeded ? "seeded randomness" : "CSPRNG randomness");
  table_push (out, "table-imitation", "Imitation-learning attack (paper §III-E)", h, r, note);
  return out->pdata[0];
}

/**
 * dkg_report_table_mutual:
 * @mutual: the K × K matrix (dkg_imitation_mutual_run())
 * @image_name: the plaintext's name
 * @training: how the models were trained
 * @n_blocks: their residual blocks
 *
 * The one-time-pad table: the fraction of the plaintext recovered when model i's ciphertext
 * is decrypted with model j's key.
 *
 * Returns: (transfer full): the table "table-mutual-decryption"
 */
DkgReportTable *
dkg_report_table_mutual (const DkgAttackMutualDecryption *mutual, const char *image_name,
                         const DkgImitationTraining *training, int n_blocks)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new ();
  g_autoptr(GPtrArray) hdr = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(Rows) r = NULL;
  g_autofree char *note = NULL;
  guint K;

  g_return_val_if_fail (mutual != NULL && image_name != NULL && training != NULL, NULL);
  K = mutual->n_models;
  g_ptr_array_add (hdr, g_strdup ("ciphertext of \\ key of"));
  for (guint j = 0; j < K; j++)
    g_ptr_array_add (hdr, g_strdup_printf ("model %u", j + 1));
  r = rows_new (K + 1);
  for (guint i = 0; i < K; i++)
    {
      cell (r, "model %u", i + 1);
      for (guint j = 0; j < K; j++)
        cell (r, "%.4f", mutual->success[i * K + j]);
    }
  note = g_strdup_printf ("Fraction of %s's samples recovered when the xor ciphertext made with "
                          "model i's key is decrypted with model j's key. %u models trained alike "
                          "(%d blocks, %" G_GUINT64_FORMAT " iterations at %d×%d) with different "
                          "%s randomness, keys from the same seed. Diagonal min %.4f; "
                          "off-diagonal mean %.4f, max %.4f (chance %.4f): each model's keys "
                          "decrypt only its own ciphertexts — the paper's one-time-pad property.",
                          image_name, K, n_blocks, training->iterations, training->size,
                          training->size, training->seeded ? "seeded" : "CSPRNG",
                          mutual->diagonal_min, mutual->off_diagonal_mean,
                          mutual->off_diagonal_max, mutual->chance_fraction);
  table_push (out, "table-mutual-decryption", "One-time-pad mutual decryption",
              (const char *const *) hdr->pdata, r, note);
  return out->pdata[0];
}
