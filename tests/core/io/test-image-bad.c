/* test-image-bad.c — the bad-input corpus tests/data/bad/image-* (see IMAGES.md there)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each file must give its specific GError (domain and code) naming the file — never a crash,
 * an abort, a huge allocation or a word on stderr.
 */
#include <string.h>

#include <gio/gio.h>

#include "dkg-error.h"
#include "dkg-test-util.h"
#include "dkg-dicom.h"
#include "dkg-image.h"

typedef struct
{
  const char *file;
  int         code;        /* a DkgError code */
} BadCase;

static const BadCase cases[] = {
  { "image-empty.png",                  DKG_ERROR_INVALID_FILE },
  { "image-empty.dcm",                  DKG_ERROR_INVALID_FILE },
  { "image-wrong-magic.png",            DKG_ERROR_UNSUPPORTED },
  { "image-not-nifti.nii.gz",           DKG_ERROR_UNSUPPORTED },
  { "image-truncated.png",              DKG_ERROR_INVALID_FILE },
  { "image-truncated-signature.png",    DKG_ERROR_INVALID_FILE },
  { "image-crc-error.png",              DKG_ERROR_INVALID_FILE },
  { "image-100000x100000.png",          DKG_ERROR_TOO_LARGE },
  { "image-2147483647x2147483647.png",  DKG_ERROR_TOO_LARGE },
  { "image-zero-width.png",             DKG_ERROR_INVALID_FILE },
  { "image-truncated.jpg",              DKG_ERROR_INVALID_FILE },
  { "image-truncated-header.jpg",       DKG_ERROR_INVALID_FILE },
  { "image-cmyk.jpg",                   DKG_ERROR_UNSUPPORTED },
  { "image-float.tif",                  DKG_ERROR_UNSUPPORTED },
  { "image-1bit.tif",                   DKG_ERROR_UNSUPPORTED },
  { "image-100000x100000.tif",          DKG_ERROR_TOO_LARGE },
  { "image-truncated.tif",              DKG_ERROR_INVALID_FILE },
  { "image-truncated-header.tif",       DKG_ERROR_INVALID_FILE },
  { "image-truncated-header.dcm",       DKG_ERROR_INVALID_FILE },
  { "image-truncated-pixels.dcm",       DKG_ERROR_INVALID_FILE },
  /* found by fuzz-image: GDCM aborts or crashes on these (the decoder runs in a child) */
  { "image-gdcm-abort-jpeg.dcm",        DKG_ERROR_INVALID_FILE },
  { "image-gdcm-crash-j2k.dcm",         DKG_ERROR_INVALID_FILE },
  { "image-gdcm-abort-attribute.dcm",   DKG_ERROR_INVALID_FILE },
  { "image-truncated.nii",              DKG_ERROR_INVALID_FILE },
  { "image-truncated-header.nii",       DKG_ERROR_INVALID_FILE },
  { "image-truncated.nii.gz",           DKG_ERROR_INVALID_FILE },
  { "image-float.nii",                  DKG_ERROR_UNSUPPORTED },
  { "image-zero-dim.nii",               DKG_ERROR_INVALID_FILE },
  { "image-nifti2.nii",                 DKG_ERROR_UNSUPPORTED },
};

static char *
corpus_path (const char *file)
{
  g_autofree char *rel = g_build_filename ("tests", "data", "bad", file, NULL);

  return dkg_test_source_path (rel);
}

static void
test_case (gconstpointer data)
{
  const BadCase *c = data;
  g_autofree char *path = corpus_path (c->file);
  g_autoptr(GError) error = NULL;
  g_autoptr(DkgImage) im = NULL;

  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  im = dkg_image_load (path, NULL, &error);
  g_assert_null (im);
  g_assert_error (error, DKG_ERROR, c->code);
  g_assert_nonnull (strstr (error->message, c->file));
  g_test_message ("%s", error->message);
}

/* The PNG decoder from memory says the same about the PNG files. */
static void
test_png_bytes (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = NULL;
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(DkgImage) im = NULL;
      char *data;
      gsize len;

      if (!g_str_has_suffix (cases[i].file, ".png")
          || strcmp (cases[i].file, "image-wrong-magic.png") == 0)
        continue;
      path = corpus_path (cases[i].file);
      g_assert_true (g_file_get_contents (path, &data, &len, NULL));
      bytes = g_bytes_new_take (data, len);
      im = dkg_image_load_png_bytes (bytes, cases[i].file, "deepkeygen", NULL, &error);
      g_assert_null (im);
      g_assert_error (error, DKG_ERROR, cases[i].code);
    }
}

/* Content decides: a JPEG named .png loads as a JPEG (docs/SPECIFICATION.md §5.8). */
static void
test_jpeg_named_png (void)
{
  g_autofree char *path = corpus_path ("image-jpeg-named.png");
  g_autoptr(GError) error = NULL;
  g_autoptr(DkgImage) im = dkg_image_load (path, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (im->source_format, ==, "jpeg");
  g_assert_cmpuint (im->width, ==, 24);
  g_assert_cmpuint (im->height, ==, 16);
  g_assert_cmpuint (im->channels, ==, 1);
}

/* The DICOM header reader rejects the broken DICOM files too. */
static void
test_dicom_identifying (void)
{
  const char *files[] = { "image-empty.dcm", "image-truncated-header.dcm" };

  for (gsize i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = corpus_path (files[i]);
      g_autoptr(GError) error = NULL;
      g_auto(GStrv) ids = dkg_dicom_list_identifying (path, &error);

      g_assert_null (ids);
      g_assert_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE);
    }
}

/* Nothing is printed: every load runs in a subprocess whose stdout and stderr must be empty. */
static void
test_silent (void)
{
  if (g_test_subprocess ())
    {
      for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
        {
          g_autofree char *path = corpus_path (cases[i].file);
          g_autoptr(GError) error = NULL;
          g_autoptr(DkgImage) im = dkg_image_load (path, NULL, &error);
          g_auto(GStrv) ids = NULL;

          g_assert_null (im);
          g_clear_error (&error);
          if (g_str_has_suffix (cases[i].file, ".dcm"))
            {
              ids = dkg_dicom_list_identifying (path, &error);
              g_clear_error (&error);
            }
        }
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("");
  g_test_trap_assert_stderr ("");
}

int
main (int argc, char **argv)
{
  dkg_test_init (&argc, &argv);

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *test_path = g_strdup_printf ("/core/image/bad/%s", cases[i].file);

      g_test_add_data_func (test_path, &cases[i], test_case);
    }
  g_test_add_func ("/core/image/bad/png-bytes", test_png_bytes);
  g_test_add_func ("/core/image/bad/jpeg-named-png-loads", test_jpeg_named_png);
  g_test_add_func ("/core/image/bad/dicom-identifying", test_dicom_identifying);
  g_test_add_func ("/core/image/bad/silent", test_silent);
  return g_test_run ();
}
