/* test-metrics.c — reading the trainer's metrics CSV (dkg-metrics.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "dkg-error.h"
#include "dkg-metrics.h"
#include "dkg-test-util.h"

static char *
write_file (const char *dir, const char *name, const char *text)
{
  char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  return path;
}

/* The current header, empty fields, key columns on one row only, a torn last line. */
static void
test_metrics_columns (void)
{
  g_autofree char *dir = dkg_test_make_tmpdir ();
  g_autofree char *path = write_file (dir, "m.csv",
    "iteration,loss_g,loss_d,d_real,d_fake,d_accuracy,wasserstein,gp,its_per_sec,elapsed_s,"
    "key_entropy,key_std,key_chi2_p,key_npcr\n"
    "1,0.75,0.5,0.6,0.4,0.5,,,2.5,0.4,,,,\n"
    "2,0.25,1.5e-1,0.7,0.3,0.75,,,2.5,0.8,7.5,70.25,0.5,99.5\n"
    "3,0.1");
  g_autoptr(GError) error = NULL;
  g_autoptr(DkgMetrics) m = dkg_metrics_load (path, &error);
  const double *it, *lg, *ld, *w, *ke;

  g_assert_no_error (error);
  g_assert_cmpuint (dkg_metrics_get_n_rows (m), ==, 3);
  it = dkg_metrics_get_iterations (m);
  lg = dkg_metrics_get_column (m, "loss_g");
  ld = dkg_metrics_get_column (m, "loss_d");
  w = dkg_metrics_get_column (m, "wasserstein");
  ke = dkg_metrics_get_column (m, "key_entropy");
  g_assert_cmpfloat (it[0], ==, 1);
  g_assert_cmpfloat (it[2], ==, 3);
  g_assert_cmpfloat (lg[1], ==, 0.25);
  g_assert_cmpfloat (ld[1], ==, 0.15);
  g_assert_true (isnan (w[0]) && isnan (w[1]));
  g_assert_true (isnan (ke[0]));
  g_assert_cmpfloat (ke[1], ==, 7.5);
  /* the short last row: what it has, NaN for the rest */
  g_assert_cmpfloat (lg[2], ==, 0.1);
  g_assert_true (isnan (ld[2]));
  g_assert_true (dkg_metrics_has_values (m, "key_entropy"));
  g_assert_false (dkg_metrics_has_values (m, "wasserstein"));
  g_assert_null (dkg_metrics_get_column (m, "no_such_column"));
  g_assert_false (dkg_metrics_has_values (m, "no_such_column"));
  g_unlink (path);
  g_rmdir (dir);
}

/* A file of the first release (10 columns) reads; the key columns are absent. */
static void
test_metrics_old_header (void)
{
  g_autofree char *dir = dkg_test_make_tmpdir ();
  g_autofree char *path = write_file (dir, "old.csv",
    "iteration,loss_g,loss_d,d_real,d_fake,d_accuracy,wasserstein,gp,its_per_sec,elapsed_s\n"
    "1,-0.5,9.5,0.1,0.2,,0.25,0.9,1,1\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(DkgMetrics) m = dkg_metrics_load (path, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (dkg_metrics_get_n_rows (m), ==, 1);
  g_assert_cmpfloat (dkg_metrics_get_column (m, "wasserstein")[0], ==, 0.25);
  g_assert_null (dkg_metrics_get_column (m, "key_npcr"));
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_metrics_refused (void)
{
  g_autofree char *dir = dkg_test_make_tmpdir ();
  g_autofree char *not_csv = write_file (dir, "a.csv", "loss_g,loss_d\n1,2\n");
  g_autofree char *no_rows = write_file (dir, "b.csv", "iteration,loss_g\n");
  g_autofree char *missing = g_build_filename (dir, "missing.csv", NULL);
  g_autoptr(GError) e1 = NULL;
  g_autoptr(GError) e2 = NULL;
  g_autoptr(GError) e3 = NULL;

  g_assert_null (dkg_metrics_load (not_csv, &e1));
  g_assert_error (e1, DKG_ERROR, DKG_ERROR_INVALID_FILE);
  g_assert_nonnull (strstr (e1->message, "a.csv"));
  g_assert_null (dkg_metrics_load (no_rows, &e2));
  g_assert_error (e2, DKG_ERROR, DKG_ERROR_INVALID_FILE);
  g_assert_nonnull (strstr (e2->message, "no rows"));
  g_assert_null (dkg_metrics_load (missing, &e3));
  g_assert_error (e3, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_unlink (not_csv);
  g_unlink (no_rows);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/train/metrics/columns", test_metrics_columns);
  g_test_add_func ("/train/metrics/old-header", test_metrics_old_header);
  g_test_add_func ("/train/metrics/refused", test_metrics_refused);
  return g_test_run ();
}
