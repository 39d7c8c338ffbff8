/* dkg-data.c — finding the shipped models and sample images, installed or in a build tree
 *
 * The shipped data live in the source tree as model/ and data/samples/, and are installed to
 * PKGDATADIR (a path under the installation prefix) as model/ and samples/. An installed
 * program finds them there; nothing of the build machine's paths is compiled in. A program
 * run from its meson build tree (tests, benchmarks, ./build/src/cli/deepkeygen demo) finds
 * the source tree it was built from through the build tree's own description,
 * meson-info/meson-info.json, which meson writes at the build root and never installs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>

#include "dkg-data.h"

/* How many parent folders of the executable are searched for meson-info/ (build/src/cli/x
 * is three levels down; tests/core/<area>/x four). */
#define MAX_BUILD_DEPTH 8

/**
 * dkg_data_source_root_of_build:
 * @exe_path: an executable's absolute path
 *
 * When @exe_path lies inside a meson build tree, reads that tree's
 * meson-info/meson-info.json and returns the source folder it was configured from.
 *
 * Returns: (transfer full) (nullable): the source root, or %NULL for an installed program
 *   (no build tree above it) or when the source folder no longer exists
 */
char *
dkg_data_source_root_of_build (const char *exe_path)
{
  g_autofree char *dir = NULL;

  g_return_val_if_fail (exe_path != NULL, NULL);

  dir = g_path_get_dirname (exe_path);
  for (int depth = 0; depth < MAX_BUILD_DEPTH; depth++)
    {
      g_autofree char *info = g_build_filename (dir, "meson-info", "meson-info.json", NULL);
      g_autofree char *parent = NULL;

      if (g_file_test (info, G_FILE_TEST_IS_REGULAR))
        {
          g_autoptr(JsonParser) parser = json_parser_new ();
          JsonNode *root;
          JsonObject *dirs;
          const char *source;

          if (!json_parser_load_from_file (parser, info, NULL))
            return NULL;
          root = json_parser_get_root (parser);
          if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
            return NULL;
          dirs = json_object_get_object_member (json_node_get_object (root), "directories");
          if (dirs == NULL || !json_object_has_member (dirs, "source"))
            return NULL;
          source = json_object_get_string_member (dirs, "source");
          if (source == NULL || !g_file_test (source, G_FILE_TEST_IS_DIR))
            return NULL;
          return g_strdup (source);
        }
      parent = g_path_get_dirname (dir);
      if (g_str_equal (parent, dir))
        break;
      g_free (dir);
      dir = g_steal_pointer (&parent);
    }
  return NULL;
}

static gpointer
find_own_source_root (gpointer unused)
{
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);

  (void) unused;
  return exe != NULL ? dkg_data_source_root_of_build (exe) : NULL;
}

/**
 * dkg_data_find:
 * @relative: a path as in the source tree, e.g. "model/deepkeygen.safetensors" or
 *   "data/samples/CT_small.dcm"
 *
 * Looks in $DKG_DATA_DIR (a folder laid out like the source tree), then in the installed data
 * directory PKGDATADIR (where model/ and data/samples/ are installed as model/ and samples/),
 * then — only for a program running from a meson build tree — in the source tree that build
 * was configured from (dkg_data_source_root_of_build()).
 *
 * Returns: (transfer full) (nullable): the first existing path
 */
char *
dkg_data_find (const char *relative)
{
  static GOnce source_once = G_ONCE_INIT;
  const char *env = g_getenv ("DKG_DATA_DIR");
  const char *source_root;
  const char *installed_rel;
  char *candidates[3];
  char *found = NULL;

  g_return_val_if_fail (relative != NULL, NULL);

  source_root = g_once (&source_once, find_own_source_root, NULL);
  installed_rel = g_str_has_prefix (relative, "data/") ? relative + 5 : relative;
  candidates[0] = env != NULL && *env != '\0' ? g_build_filename (env, relative, NULL) : NULL;
  candidates[1] = g_build_filename (PKGDATADIR, installed_rel, NULL);
  candidates[2] = source_root != NULL ? g_build_filename (source_root, relative, NULL) : NULL;
  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    {
      if (found == NULL && candidates[i] != NULL && g_file_test (candidates[i], G_FILE_TEST_EXISTS))
        found = g_strdup (candidates[i]);
      g_free (candidates[i]);
    }
  return found;
}
