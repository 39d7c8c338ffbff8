/* dkg-test-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <math.h>

#include "dkg-blas.h"
#include "dkg-test-util.h"

/** dkg_test_init: g_test_init() plus one-thread OpenBLAS with the fast kernels. */
void
dkg_test_init (int *argc, char ***argv)
{
  dkg_blas_init (*argv);
  g_test_init (argc, argv, NULL);
  dkg_blas_set_threads (1);
}

/** dkg_test_fill_uniform: @x[i] ~ U(@lo, @hi) from @r. */
void
dkg_test_fill_uniform (DkgRand *r, float *x, gsize n, float lo, float hi)
{
  for (gsize i = 0; i < n; i++)
    x[i] = lo + (hi - lo) * (float) dkg_rand_double (r);
}

/** dkg_test_max_abs_diff: Returns: max |a[i] − b[i]| */
double
dkg_test_max_abs_diff (const float *a, const float *b, gsize n)
{
  double m = 0;

  for (gsize i = 0; i < n; i++)
    m = MAX (m, fabs ((double) a[i] - (double) b[i]));
  return m;
}

/** dkg_test_max_rel_diff: Returns: max |a[i] − b[i]| / max(|a[i]|, |b[i]|, @floor) */
double
dkg_test_max_rel_diff (const float *a, const float *b, gsize n, double floor)
{
  double m = 0;

  for (gsize i = 0; i < n; i++)
    {
      double d = fabs ((double) a[i] - (double) b[i]);
      double s = MAX (MAX (fabs (a[i]), fabs (b[i])), floor);
      m = MAX (m, d / s);
    }
  return m;
}

/** dkg_test_make_tmpdir: Returns: (transfer full): a new empty directory */
char *
dkg_test_make_tmpdir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("dkg-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

/** dkg_test_rm_rf: removes @path and everything below it. */
void
dkg_test_rm_rf (const char *path)
{
  GDir *dir;
  const char *name;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR) || g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_remove (path);
      return;
    }
  dir = g_dir_open (path, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      dkg_test_rm_rf (child);
    }
  if (dir != NULL)
    g_dir_close (dir);
  g_rmdir (path);
}

/** dkg_test_count_files: Returns: the number of entries in @dir (0 if it does not exist) */
gsize
dkg_test_count_files (const char *dir)
{
  GDir *d = g_dir_open (dir, 0, NULL);
  gsize n = 0;

  if (d == NULL)
    return 0;
  while (g_dir_read_name (d) != NULL)
    n++;
  g_dir_close (d);
  return n;
}

/**
 * dkg_test_source_path:
 * @relative: a path below the project's source root, e.g. "data/samples/CT_small.dcm"
 *
 * Returns: (transfer full): the absolute path
 */
char *
dkg_test_source_path (const char *relative)
{
  const char *root = g_getenv ("DKG_SOURCE_ROOT");

  g_assert_nonnull (root);
  return g_build_filename (root, relative, NULL);
}
