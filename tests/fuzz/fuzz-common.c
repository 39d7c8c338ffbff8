/* fuzz-common.c — shared set-up of the fuzz harnesses (see fuzz-common.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "dkg-blas.h"
#include "dkg-error.h"
#include "fuzz-common.h"
#include "dkg-image.h"

static GHashTable *scratch_paths;

static void
remove_scratch (void)
{
  GHashTableIter it;
  gpointer path;

  if (scratch_paths == NULL)
    return;
  g_hash_table_iter_init (&it, scratch_paths);
  while (g_hash_table_iter_next (&it, NULL, &path))
    g_remove (path);
}

/**
 * fuzz_init:
 *
 * Once per process: one OpenBLAS thread; a 64 MiB budget for image decodes (the harnesses run
 * with -rss_limit_mb=2048, and under AddressSanitizer every large image costs a zero-fill of
 * its whole size, which would slow the fuzzers to a hundred inputs a second; larger claims are
 * refused as DKG_ERROR_TOO_LARGE before any allocation, the path the bad corpus tests);
 * criticals and warnings fatal — a g_return_if_fail() that fires on bad input is a bug.
 */
void
fuzz_init (void)
{
  static gboolean done;

  if (done)
    return;
  done = TRUE;
  dkg_blas_set_threads (1);
  dkg_image_set_memory_limit (64u * 1024 * 1024);
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  scratch_paths = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  atexit (remove_scratch);
}

/**
 * fuzz_write_scratch:
 * @data: the input
 * @size: its length
 * @suffix: the file name's ending, e.g. ".nii.gz" (loaders that look at names see it)
 *
 * Writes @data to a file of this process in /dev/shm (or the temporary directory), reused from
 * one input to the next.
 *
 * Returns: (transfer none): its path
 */
const char *
fuzz_write_scratch (const guint8 *data, gsize size, const char *suffix)
{
  const char *path = g_hash_table_lookup (scratch_paths, suffix);
  FILE *fp;

  if (path == NULL)
    {
      const char *dir = g_file_test ("/dev/shm", G_FILE_TEST_IS_DIR) ? "/dev/shm" : g_get_tmp_dir ();
      char *p = g_strdup_printf ("%s/dkg-fuzz-%d%s", dir, (int) getpid (), suffix);

      g_hash_table_insert (scratch_paths, g_strdup (suffix), p);
      path = p;
    }
  fp = fopen (path, "wb");
  g_assert_nonnull (fp);
  g_assert_true (size == 0 || fwrite (data, 1, size, fp) == size);
  g_assert_cmpint (fclose (fp), ==, 0);
  return path;
}

/**
 * fuzz_check_error:
 * @error: (nullable): what a loader returned for a bad input
 *
 * A loader's error must be a user-facing one: %DKG_ERROR (not %DKG_ERROR_FAILED, the
 * "internal" code), %G_IO_ERROR or %G_FILE_ERROR, with a message. Anything else aborts.
 */
void
fuzz_check_error (const GError *error)
{
  if (error == NULL)
    return;
  if ((error->domain == DKG_ERROR && error->code != DKG_ERROR_FAILED)
      || error->domain == G_IO_ERROR || error->domain == G_FILE_ERROR)
    {
      g_assert_nonnull (error->message);
      g_assert_cmpuint (strlen (error->message), >, 0);
      return;
    }
  g_error ("unexpected error %s/%d: %s", g_quark_to_string (error->domain), error->code,
           error->message);
}
