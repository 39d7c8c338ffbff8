/* test-report-tables.c — dkg-report-published.c and dkg-report-tables.c: the paper's values as
 * published, their ranges, and the report's tables with their verdicts on known inputs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "dkg-model-file.h"
#include "dkg-report-published.h"
#include "dkg-report-tables.h"
#include "dkg-test-util.h"

/* Values copied from the paper's tables (one from each), and none for a table it lacks. */
static void
test_published_values (void)
{
  const DkgPublishedSeries *s;

  s = dkg_published_find ("III", NULL, "key entropy");
  g_assert_nonnull (s);
  g_assert_cmpuint (s->n_values, ==, 8);
  g_assert_cmpfloat (s->values[0], ==, 7.9807);
  g_assert_cmpfloat (s->values[7], ==, 7.9803);
  s = dkg_published_find ("IV", NULL, "UACI");
  g_assert_cmpfloat (s->values[3], ==, 23.20);
  s = dkg_published_find ("VII", "BraTS18", "plain entropy");
  g_assert_cmpfloat (s->values[7], ==, 5.2428);
  s = dkg_published_find ("IX", "US", "MSE");
  g_assert_cmpfloat (s->values[7], ==, 13072.60);
  s = dkg_published_find ("XI", "CXR", "V*");
  g_assert_cmpuint (s->n_values, ==, 4);
  g_assert_cmpfloat (s->values[0], ==, 0.2259);
  s = dkg_published_find ("XV", NULL, "NPCR");
  g_assert_cmpfloat (s->values[2], ==, 99.49);
  g_assert_null (dkg_published_find ("II", NULL, "NPCR"));
  g_assert_null (dkg_published_find ("V", NULL, "cipher entropy"));     /* V needs its data set */

  g_assert_cmpfloat (dkg_published_generator (DKG_BASELINE_RSA)->nist_rank, ==, 5.22e-88);
  g_assert_cmpfloat (dkg_published_generator (DKG_BASELINE_MT19937)->time_s, ==, 69.219);
  g_assert_cmpfloat (dkg_published_generator (DKG_BASELINE_CHAOTIC)->cipher_entropy, ==, 7.9974);
  g_assert_null (dkg_published_generator (DKG_BASELINE_CHACHA20));
  g_assert_null (dkg_published_generator (DKG_BASELINE_OS_CSPRNG));
  g_assert_cmpfloat (dkg_published_deepkeygen ()->key_entropy, ==, 7.9870);
  g_assert_cmpfloat (dkg_published_deepkeygen ()->nist_template, ==, 0.5671);
}

/* Ranges by table: by hand from the paper's rows. */
static void
test_published_ranges (void)
{
  g_autofree char *iii = dkg_published_format_range ("III", "key entropy", 3);
  g_autofree char *iv = dkg_published_format_range ("IV", "NPCR", 2);
  g_autofree char *v = dkg_published_format_range ("V VI VII", "cipher entropy", 4);
  g_autofree char *vstar = dkg_published_format_range ("XI XII XIII", "V*", 4);
  g_autofree char *none = dkg_published_format_range ("II", "NPCR", 2);
  double lo, hi;

  g_assert_cmpstr (iii, ==, "7.978–7.981");          /* 7.9782 … 7.9808 */
  g_assert_cmpstr (iv, ==, "99.56–99.63");
  g_assert_cmpstr (v, ==, "7.9929–7.9988");          /* BraTS18 image 3 … CXR image 8 */
  g_assert_cmpstr (vstar, ==, "0.1344–0.2938");      /* CXR image 2 … US image 2 */
  g_assert_cmpstr (none, ==, "—");
  g_assert_true (dkg_published_range ("VIII IX X", "SSIM", &lo, &hi));
  g_assert_cmpfloat (lo, ==, 0.0004);
  g_assert_cmpfloat (hi, ==, 0.0072);
  g_assert_false (dkg_published_range ("III", "NPCR", &lo, &hi));
}

static DkgPlotCellState
state_at (const DkgReportTable *t, guint row, guint column)
{
  return g_array_index (t->states, DkgPlotCellState, row * t->n_columns + column);
}

static const char *
cell_at (const DkgReportTable *t, guint row, guint column)
{
  return t->cells->pdata[row * t->n_columns + column];
}

/* The tables of one shipped image with the shipped model: their order, the paper's columns,
 * and each verdict cell's state agreeing with the test it shows. */
static void
test_tables (void)
{
  g_autofree char *model = dkg_test_source_path ("model/deepkeygen.safetensors");
  g_autofree char *image = dkg_test_source_path ("data/samples/MR_small.dcm");
  g_autoptr(GError) error = NULL;
  g_autoptr(DkgNet) g = dkg_model_load (model, NULL, &error);
  g_autoptr(GPtrArray) samples = g_ptr_array_new_with_free_func ((GDestroyNotify) dkg_report_sample_free);
  g_autoptr(GPtrArray) tables = NULL;
  const char *ids[] = { "table-03-key-entropy", "table-04-key-sensitivity",
                        "table-cipher-statistics", "table-plain-vs-cipher", "table-nist-keys",
                        "table-14-differential", "table-15-chosen-ciphertext" };
  DkgReportSample *s;
  const DkgReportTable *t;

  g_assert_no_error (error);
  s = dkg_report_sample_compute (g, image, &error);
  g_assert_no_error (error);
  g_ptr_array_add (samples, s);
  tables = dkg_report_tables_compute (samples, g, model, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tables->len, ==, G_N_ELEMENTS (ids));     /* one image: no attack table */
  for (guint i = 0; i < tables->len; i++)
    {
      t = tables->pdata[i];
      g_assert_cmpstr (t->id, ==, ids[i]);
      g_assert_cmpuint (t->header->len, ==, t->n_columns);
      g_assert_cmpuint (t->cells->len % t->n_columns, ==, 0);
      g_assert_cmpuint (t->states->len, ==, t->cells->len);
    }

  /* Table III: the paper's range; the local-entropy verdict is the analysis' */
  t = tables->pdata[0];
  g_assert_cmpuint (dkg_report_table_get_n_rows (t), ==, 1);
  g_assert_cmpstr (cell_at (t, 0, 0), ==, "MR_small.dcm");
  g_assert_cmpstr (cell_at (t, 0, 5), ==, "7.978–7.981");
  g_assert_nonnull (s->key_analysis->local_entropy);
  g_assert_cmpint (state_at (t, 0, 4), ==, s->key_analysis->local_entropy->pass[0][0]
                   ? DKG_PLOT_CELL_PASS : DKG_PLOT_CELL_FAIL);
  /* Table IV: keys from seeds one sample apart are nearly equal: NPCR and UACI FAIL */
  t = tables->pdata[1];
  g_assert_cmpfloat (s->key_diff.all.npcr, <, 50);
  g_assert_true (g_str_has_prefix (cell_at (t, 0, 2), "FAIL ("));
  g_assert_cmpint (state_at (t, 0, 2), ==, DKG_PLOT_CELL_FAIL);
  g_assert_cmpint (state_at (t, 0, 4), ==, DKG_PLOT_CELL_FAIL);
  /* Ciphertext statistics: χ² verdict at p = 0.05, the paper's entropy range */
  t = tables->pdata[2];
  g_assert_cmpint (state_at (t, 0, 4), ==, s->pair->cipher->histogram->p_value_all >= 0.05
                   ? DKG_PLOT_CELL_PASS : DKG_PLOT_CELL_FAIL);
  g_assert_cmpstr (cell_at (t, 0, 7), ==, "7.9929–7.9988");
  /* Plaintext vs ciphertext: the xor ciphertext of 16-bit data changes every sample: NPCR
   * passes; the paper's MSE/SSIM ranges */
  t = tables->pdata[3];
  g_assert_cmpint (state_at (t, 0, 2), ==, DKG_PLOT_CELL_PASS);
  g_assert_cmpstr (cell_at (t, 0, 9), ==, "8701.21–13072.60 / 0.0004–0.0072");
  /* NIST: one row per test, "n/a" muted */
  t = tables->pdata[4];
  g_assert_cmpuint (dkg_report_table_get_n_rows (t), ==, DKG_NIST_N_TESTS);
  for (guint r = 0; r < DKG_NIST_N_TESTS; r++)
    if (strcmp (cell_at (t, r, 1), "n/a") == 0)
      g_assert_cmpint (state_at (t, r, 1), ==, DKG_PLOT_CELL_MUTED);
  /* Table XV: the bare xor cipher fails, the AEAD passes */
  t = tables->pdata[6];
  g_assert_cmpint (state_at (t, 0, 2), ==, DKG_PLOT_CELL_FAIL);
  g_assert_cmpint (state_at (t, 1, 2), ==, DKG_PLOT_CELL_PASS);
  g_assert_nonnull (strstr (t->note, "NPCR 99.49–99.71 %"));
}

/* The attack tables from known results: all pairs pass → pass, one short → FAIL; the block
 * counts and the training in the note; the mutual matrix cell by cell. */
static void
test_attack_tables (void)
{
  DkgAttackImitation r0 = { 0 }, r1 = { 0 };
  DkgAttackImitation *results[2] = { &r0, &r1 };
  int blocks[2] = { 3, 6 };
  DkgImitationAttack atk = { 2, blocks, results };
  DkgImitationTraining tr = { NULL, 1, 64, 300, FALSE, 0 };
  double success[4] = { 1.0, 0.0039, 0.0041, 1.0 };
  DkgAttackMutualDecryption m = { 0 };
  g_autoptr(DkgReportTable) ti = NULL;
  g_autoptr(DkgReportTable) tm = NULL;

  r0.n_pairs = r1.n_pairs = 4;
  r0.n_npcr_pass[0] = 4;
  r1.n_npcr_pass[0] = 3;
  r0.mean_npcr = 99.6;
  ti = dkg_report_table_imitation (&atk, &tr);
  g_assert_cmpstr (ti->id, ==, "table-imitation");
  g_assert_cmpuint (dkg_report_table_get_n_rows (ti), ==, 2);
  g_assert_cmpstr (cell_at (ti, 0, 0), ==, "resnet, 3 blocks");
  g_assert_cmpstr (cell_at (ti, 0, 3), ==, "99.6000 (min 0.0000)");
  g_assert_cmpstr (cell_at (ti, 0, 5), ==, "pass: 4 of 4 pairs differ like random keys");
  g_assert_cmpint (state_at (ti, 0, 5), ==, DKG_PLOT_CELL_PASS);
  g_assert_cmpstr (cell_at (ti, 1, 5), ==, "FAIL: 3 of 4 pairs differ like random keys");
  g_assert_cmpint (state_at (ti, 1, 5), ==, DKG_PLOT_CELL_FAIL);
  g_assert_nonnull (strstr (ti->note, "generators of 3 and 6 residual blocks"));
  g_assert_nonnull (strstr (ti->note, "300 iterations at 64×64"));

  m.n_models = 2;
  m.success = success;
  m.diagonal_min = 1.0;
  m.off_diagonal_mean = 0.004;
  m.off_diagonal_max = 0.0041;
  m.chance_fraction = 1.0 / 256;
  tm = dkg_report_table_mutual (&m, "a.png", &tr, 6);
  g_assert_cmpuint (tm->n_columns, ==, 3);
  g_assert_cmpstr (tm->header->pdata[2], ==, "model 2");
  g_assert_cmpstr (cell_at (tm, 0, 2), ==, "0.0039");
  g_assert_cmpstr (cell_at (tm, 1, 1), ==, "0.0041");
  g_assert_cmpstr (cell_at (tm, 1, 2), ==, "1.0000");
  g_assert_nonnull (strstr (tm->note, "Fraction of a.png's samples"));
  g_assert_nonnull (strstr (tm->note, "off-diagonal mean 0.0040, max 0.0041 (chance 0.0039)"));
}

int
main (int argc, char **argv)
{
  dkg_test_init (&argc, &argv);
  g_test_add_func ("/core/report-published/values", test_published_values);
  g_test_add_func ("/core/report-published/ranges", test_published_ranges);
  g_test_add_func ("/core/report-tables/tables", test_tables);
  g_test_add_func ("/core/report-tables/attack-tables", test_attack_tables);
  return g_test_run ();
}
