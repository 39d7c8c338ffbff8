/* reliability-util.c — the bad-input table and file checks shared by tests/reliability/
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The table gives each file of tests/data/bad/ the loader a user would feed it to and the
 * GError it must give (domain DKG_ERROR and this code), as the fixtures' documentation says:
 * IMAGES.md, README-safetensors.md, container-fixtures.md and REGRESSIONS.md there.
 */
#include <string.h>
#include <sys/stat.h>

#include "dkg-error.h"
#include "dkg-test-util.h"
#include "reliability-util.h"

const RelBadFile rel_bad_files[] = {
  /* IMAGES.md */
  { "image-empty.png",                          REL_KIND_IMAGE,       DKG_ERROR_INVALID_FILE },
  { "image-empty.dcm",                          REL_KIND_IMAGE,       DKG_ERROR_INVALID_FILE },
  { "image-wrong-magic.png",                    REL_KIND_IMAGE,       DKG_ERROR_UNSUPPORTED },
  { "image-not-nifti.nii.gz",                   REL_KIND_IMAGE,       DKG_ERROR_UNSUPPORTED },
  { "image-truncated.png",                      REL_KIND_IMAGE,       DKG_ERROR_INVALID_FILE },
  { "image-truncated-signature.png",            REL_KIND_IMAGE,       DKG_ERROR_INVALID_FILE },
  { "image-crc-error.png",                      REL_KIND_IMAGE,       DKG_ERROR_INVALID_FILE },
  { "image-100000x100000.png",                  REL_KIND_IMAGE,       DKG_ERROR_TOO_LARGE },
  { "image-2147483647x2147483647.png",          REL_KIND_IMAGE,       DKG_ERROR_TOO_LARGE },
  { "image-zero-width.png",                     REL_KIND_IMAGE,       DKG_ERROR_INVALID_FILE },
  { "image-jpeg-named.png",                     REL_KIND_IMAGE,       -1 },
  { "image-truncated.jpg",                      REL_KIND_IMAGE,       DKG_ERROR_INVALID_FILE },
  { "image-truncated-header.jpg",               REL_KIND_IMAGE,       DKG_ERROR_INVALID_FILE },
  { "image-cmyk.jpg",                           REL_KIND_IMAGE,       DKG_ERROR_UNSUPPORTED },
  { "image-float.tif",                          REL_KIND_IMAGE,       DKG_ERROR_UNSUPPORTED },
  { "image-1bit.tif",                           REL_KIND_IMAGE,       DKG_ERROR_UNSUPPORTED },
  { "image-100000x100000.tif",                  REL_KIND_IMAGE,       DKG_ERROR_TOO_LARGE },
  { "image-truncated.tif",                      REL_KIND_IMAGE,       DKG_ERROR_INVALID_FILE },
  { "image-truncated-header.tif",               REL_KIND_IMAGE,       DKG_ERROR_INVALID_FILE },
  { "image-truncated-header.dcm",               REL_KIND_IMAGE,       DKG_ERROR_INVALID_FILE },
  { "image-truncated-pixels.dcm",               REL_KIND_IMAGE,       DKG_ERROR_INVALID_FILE },
  { "image-gdcm-abort-jpeg.dcm",                REL_KIND_IMAGE,       DKG_ERROR_INVALID_FILE },
  { "image-gdcm-crash-j2k.dcm",                 REL_KIND_IMAGE,       DKG_ERROR_INVALID_FILE },
  { "image-gdcm-abort-attribute.dcm",           REL_KIND_IMAGE,       DKG_ERROR_INVALID_FILE },
  { "image-truncated.nii",                      REL_KIND_IMAGE,       DKG_ERROR_INVALID_FILE },
  { "image-truncated-header.nii",               REL_KIND_IMAGE,       DKG_ERROR_INVALID_FILE },
  { "image-truncated.nii.gz",                   REL_KIND_IMAGE,       DKG_ERROR_INVALID_FILE },
  { "image-float.nii",                          REL_KIND_IMAGE,       DKG_ERROR_UNSUPPORTED },
  { "image-zero-dim.nii",                       REL_KIND_IMAGE,       DKG_ERROR_INVALID_FILE },
  { "image-nifti2.nii",                         REL_KIND_IMAGE,       DKG_ERROR_UNSUPPORTED },
  /* REGRESSIONS.md: found by the fuzzers */
  { "regression-png-itxt-2gib.png",             REL_KIND_IMAGE,       DKG_ERROR_INVALID_FILE },
  { "regression-dicom-j2k-heap-damage.dcm",     REL_KIND_IMAGE,       DKG_ERROR_INVALID_FILE },
  { "regression-dicom-no-meta-3gb.dcm",         REL_KIND_IMAGE,       DKG_ERROR_INVALID_FILE },
  /* README-safetensors.md */
  { "safetensors-overlap.safetensors",          REL_KIND_SAFETENSORS, DKG_ERROR_INVALID_FILE },
  { "safetensors-out-of-range.safetensors",     REL_KIND_SAFETENSORS, DKG_ERROR_INVALID_FILE },
  { "safetensors-header-2e63.safetensors",      REL_KIND_SAFETENSORS, DKG_ERROR_INVALID_FILE },
  { "safetensors-truncated-header.safetensors", REL_KIND_SAFETENSORS, DKG_ERROR_INVALID_FILE },
  { "safetensors-truncated-data.safetensors",   REL_KIND_SAFETENSORS, DKG_ERROR_INVALID_FILE },
  { "safetensors-duplicate.safetensors",        REL_KIND_SAFETENSORS, DKG_ERROR_INVALID_FILE },
  /* container-fixtures.md (decrypted with crypto_test_fixture_key()) */
  { "container-bad-version.png",                REL_KIND_CONTAINER,   DKG_ERROR_BAD_VERSION },
  { "container-no-header.png",                  REL_KIND_CONTAINER,   DKG_ERROR_INVALID_FILE },
  { "container-truncated.png",                  REL_KIND_CONTAINER,   DKG_ERROR_INVALID_FILE },
  { "container-pixel-flipped.png",              REL_KIND_CONTAINER,   DKG_ERROR_AUTH },
  { "container-header-edited.png",              REL_KIND_CONTAINER,   DKG_ERROR_AUTH },
  { "container-unknown-member.png",             REL_KIND_CONTAINER,   DKG_ERROR_INVALID_FILE },
  { "container-bad-padding.png",                REL_KIND_CONTAINER,   DKG_ERROR_INVALID_FILE },
  { "container-acm-period.png",                 REL_KIND_CONTAINER,   DKG_ERROR_INVALID_FILE },
  { "container-shape-mismatch.png",             REL_KIND_CONTAINER,   DKG_ERROR_INVALID_FILE },
  { "container-missing-nonce.png",              REL_KIND_CONTAINER,   DKG_ERROR_INVALID_FILE },
};

const gsize rel_n_bad_files = G_N_ELEMENTS (rel_bad_files);

/** rel_bad_path: Returns: (transfer full): the absolute path of tests/data/bad/@file */
char *
rel_bad_path (const char *file)
{
  g_autofree char *rel = g_build_filename ("tests", "data", "bad", file, NULL);

  return dkg_test_source_path (rel);
}

/** rel_snapshot_take: records @path's bytes and modification time in @s. */
void
rel_snapshot_take (RelSnapshot *s, const char *path)
{
  struct stat st;
  char *data;
  gsize len;

  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  s->bytes = g_bytes_new_take (data, len);
  g_assert_cmpint (stat (path, &st), ==, 0);
  s->mtime_ns = (gint64) st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
}

/** rel_snapshot_assert_same: asserts that @path has the bytes and mtime of @s. */
void
rel_snapshot_assert_same (const RelSnapshot *s, const char *path)
{
  g_auto(RelSnapshot) now = { 0 };

  rel_snapshot_take (&now, path);
  g_assert_true (g_bytes_equal (s->bytes, now.bytes));
  g_assert_cmpint (s->mtime_ns, ==, now.mtime_ns);
}

/** rel_snapshot_clear: frees what @s holds. */
void
rel_snapshot_clear (RelSnapshot *s)
{
  g_clear_pointer (&s->bytes, g_bytes_unref);
}

/** rel_assert_dir_holds: asserts that @dir holds exactly the @n entries @names. */
void
rel_assert_dir_holds (const char *dir, guint n, const char *const *names)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint seen = 0;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      gboolean expected = FALSE;

      for (guint i = 0; i < n; i++)
        expected = expected || strcmp (name, names[i]) == 0;
      if (!expected)
        g_error ("unexpected file “%s” left in %s", name, dir);
      seen++;
    }
  g_assert_cmpuint (seen, ==, n);
}
