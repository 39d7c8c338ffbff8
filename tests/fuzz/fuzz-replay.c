/* fuzz-replay.c — runs a fuzz harness once on each file given (or each file of each directory)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The meson build links every harness of tests/fuzz/ with this main() instead of libFuzzer's
 * and runs it on its seed corpus and on tests/data/bad/ (suite core, TAP: one line per file),
 * so the corpora stay regression tests in the normal and the sanitizer builds.
 *
 * Usage: fuzz-replay-HARNESS FILE|DIR…
 */
#include <stdio.h>

#include "fuzz-common.h"

static int
compare_paths (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(char *const *) a, *(char *const *) b);
}

static void
collect (const char *path, GPtrArray *files)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = NULL;
  const char *name;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_ptr_array_add (files, g_strdup (path));
      return;
    }
  dir = g_dir_open (path, 0, NULL);
  g_assert_nonnull (dir);
  names = g_ptr_array_new_with_free_func (g_free);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (!g_str_has_suffix (name, ".md"))
      g_ptr_array_add (names, g_build_filename (path, name, NULL));
  g_ptr_array_sort (names, compare_paths);
  for (guint i = 0; i < names->len; i++)
    if (g_file_test (names->pdata[i], G_FILE_TEST_IS_REGULAR))
      g_ptr_array_add (files, g_strdup (names->pdata[i]));
}

int
main (int argc, char **argv)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);

  if (argc < 2)
    {
      g_printerr ("usage: %s FILE|DIR…\n", argv[0]);
      return 2;
    }
  LLVMFuzzerInitialize (&argc, &argv);
  for (int i = 1; i < argc; i++)
    collect (argv[i], files);
  printf ("1..%u\n", files->len);
  fflush (stdout);
  for (guint i = 0; i < files->len; i++)
    {
      g_autofree char *data = NULL;
      gsize len;

      g_assert_true (g_file_get_contents (files->pdata[i], &data, &len, NULL));
      LLVMFuzzerTestOneInput ((const guint8 *) data, len);
      printf ("ok %u %s\n", i + 1, (const char *) files->pdata[i]);
      fflush (stdout);
    }
  return 0;
}
