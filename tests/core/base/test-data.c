/* test-data.c — finding the shipped models and samples (src/core/base/dkg-data.c): through
 * $DKG_DATA_DIR, and through the build tree's meson-info for a program that is not installed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>

#include "dkg-data.h"
#include "dkg-test-util.h"

static void
write_meson_info (const char *build_root, const char *source_root)
{
  g_autofree char *dir = g_build_filename (build_root, "meson-info", NULL);
  g_autofree char *path = g_build_filename (dir, "meson-info.json", NULL);
  g_autofree char *json = g_strdup_printf ("{\"directories\": {\"source\": \"%s\", "
                                           "\"build\": \"%s\"}}", source_root, build_root);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_assert_true (g_file_set_contents (path, json, -1, NULL));
}

/* This test program runs from the meson build tree: its source root is the one meson test
 * names in DKG_SOURCE_ROOT. */
static void
test_data_own_build_tree (void)
{
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *root = NULL;
  g_autofree char *want = NULL, *got = NULL;

  g_assert_nonnull (exe);
  root = dkg_data_source_root_of_build (exe);
  g_assert_nonnull (root);
  want = g_canonicalize_filename (g_getenv ("DKG_SOURCE_ROOT"), NULL);
  got = g_canonicalize_filename (root, NULL);
  g_assert_cmpstr (got, ==, want);
}

static void
test_data_fake_build_tree (void)
{
  g_autofree char *tmp = dkg_test_make_tmpdir ();
  g_autofree char *src = g_build_filename (tmp, "src", NULL);
  g_autofree char *build = g_build_filename (tmp, "build", NULL);
  g_autofree char *exe = g_build_filename (build, "src", "cli", "deepkeygen", NULL);
  g_autofree char *lonely = g_build_filename (tmp, "prefix", "bin", "deepkeygen", NULL);
  g_autofree char *found = NULL;
  g_autofree char *info = g_build_filename (build, "meson-info", "meson-info.json", NULL);

  g_assert_cmpint (g_mkdir_with_parents (src, 0755), ==, 0);
  write_meson_info (build, src);

  found = dkg_data_source_root_of_build (exe);
  g_assert_cmpstr (found, ==, src);
  g_clear_pointer (&found, g_free);

  /* an installed program: no meson-info above it */
  g_assert_null (dkg_data_source_root_of_build (lonely));

  /* the source tree is gone */
  g_assert_cmpint (g_rmdir (src), ==, 0);
  g_assert_null (dkg_data_source_root_of_build (exe));

  /* a damaged meson-info.json */
  g_assert_cmpint (g_mkdir_with_parents (src, 0755), ==, 0);
  g_assert_true (g_file_set_contents (info, "{\"directories\": ", -1, NULL));
  g_assert_null (dkg_data_source_root_of_build (exe));
  g_assert_true (g_file_set_contents (info, "{\"directories\": {\"build\": \"/\"}}", -1, NULL));
  g_assert_null (dkg_data_source_root_of_build (exe));

  dkg_test_rm_rf (tmp);
}

static void
test_data_find (void)
{
  g_autofree char *tmp = dkg_test_make_tmpdir ();
  g_autofree char *model_dir = g_build_filename (tmp, "model", NULL);
  g_autofree char *own = g_build_filename (model_dir, "deepkeygen.safetensors", NULL);
  g_autofree char *shipped = NULL, *sample = NULL, *overridden = NULL;
  g_autofree char *in_source = NULL;

  /* from the build tree: the source tree's model/ and data/samples/ */
  g_unsetenv ("DKG_DATA_DIR");
  shipped = dkg_data_find ("model/deepkeygen.safetensors");
  g_assert_nonnull (shipped);
  g_assert_true (g_file_test (shipped, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_str_has_suffix (shipped, "/model/deepkeygen.safetensors"));
  sample = dkg_data_find ("data/samples/CT_small.dcm");
  g_assert_nonnull (sample);
  g_assert_true (g_str_has_suffix (sample, "/samples/CT_small.dcm"));
  g_assert_null (dkg_data_find ("model/no-such-model.safetensors"));

  /* $DKG_DATA_DIR comes first */
  g_assert_cmpint (g_mkdir_with_parents (model_dir, 0755), ==, 0);
  g_assert_true (g_file_set_contents (own, "x", 1, NULL));
  g_setenv ("DKG_DATA_DIR", tmp, TRUE);
  overridden = dkg_data_find ("model/deepkeygen.safetensors");
  g_assert_cmpstr (overridden, ==, own);
  /* and what it lacks is still found elsewhere */
  in_source = dkg_data_find ("data/samples/CT_small.dcm");
  g_assert_cmpstr (in_source, ==, sample);
  g_unsetenv ("DKG_DATA_DIR");

  dkg_test_rm_rf (tmp);
}

int
main (int argc, char **argv)
{
  dkg_test_init (&argc, &argv);
  g_test_add_func ("/core/data/own-build-tree", test_data_own_build_tree);
  g_test_add_func ("/core/data/fake-build-tree", test_data_fake_build_tree);
  g_test_add_func ("/core/data/find", test_data_find);
  return g_test_run ();
}
