/* test-image-dicom.c — DICOM through GDCM (dkg-dicom.h and dkg_image_load)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The shipped pydicom samples are checked against their documented sizes and value ranges
 * (data/samples/SOURCES.md) and, sample for sample, against the raw Pixel Data element parsed
 * here without GDCM. Re-encoded copies (RLE, JPEG lossless, JPEG-LS, JPEG 2000, planar RGB,
 * multi-frame), made with GDCM at test time, must load the same.
 */
#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "dkg-error.h"
#include "dkg-test-dicom.h"
#include "dkg-test-util.h"
#include "io/dkg-dicom.h"
#include "io/dkg-image.h"

#define TS_EXPLICIT_LE   "1.2.840.10008.1.2.1"
#define TS_RLE           "1.2.840.10008.1.2.5"
#define TS_JPEG_BASELINE "1.2.840.10008.1.2.4.50"
#define TS_JPEG_LOSSLESS "1.2.840.10008.1.2.4.70"
#define TS_JPEG_LS       "1.2.840.10008.1.2.4.80"
#define TS_J2K_LOSSLESS  "1.2.840.10008.1.2.4.90"

static char *tmp_dir;

static char *
sample_path (const char *name)
{
  g_autofree char *rel = g_build_filename ("data", "samples", name, NULL);

  return dkg_test_source_path (rel);
}

/* The value of the last (7FE0,0010) Pixel Data element of a native little-endian file, found
 * by its tag and a length equal to @expected_len (explicit VR: "OW"/"OB", 2 reserved bytes,
 * 32-bit length; implicit VR: 32-bit length). */
static GBytes *
raw_pixel_data (const char *path, gsize expected_len)
{
  g_autofree char *data = NULL;
  gsize len;
  static const guint8 tag[4] = { 0xe0, 0x7f, 0x10, 0x00 };

  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  for (gsize p = len - expected_len; p >= 8; p--)
    {
      guint32 n;

      if (memcmp (data + p - 8, tag, 4) == 0)
        {
          memcpy (&n, data + p - 4, 4);
          if (GUINT32_FROM_LE (n) == expected_len)
            return g_bytes_new (data + p, expected_len);
        }
      if (p >= 12 && memcmp (data + p - 12, tag, 4) == 0
          && (memcmp (data + p - 8, "OW", 2) == 0 || memcmp (data + p - 8, "OB", 2) == 0))
        {
          memcpy (&n, data + p - 4, 4);
          if (GUINT32_FROM_LE (n) == expected_len)
            return g_bytes_new (data + p, expected_len);
        }
    }
  g_error ("no Pixel Data element of %" G_GSIZE_FORMAT " bytes in %s", expected_len, path);
  return NULL;
}

static void
assert_range_signed (const DkgImage *im, int lo, int hi)
{
  int min = G_MAXINT, max = G_MININT;

  for (gsize i = 0; i < dkg_image_n_samples (im); i++)
    {
      min = MIN (min, ((const gint16 *) im->data)[i]);
      max = MAX (max, ((const gint16 *) im->data)[i]);
    }
  g_assert_cmpint (min, ==, lo);
  g_assert_cmpint (max, ==, hi);
}

static void
test_ct_small (void)
{
  g_autofree char *path = sample_path ("CT_small.dcm");
  g_autoptr(GError) error = NULL;
  g_autoptr(DkgImage) im = dkg_image_load (path, NULL, &error);
  g_autoptr(DkgImage) direct = NULL;
  g_autoptr(GBytes) raw = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (im->source_format, ==, "dicom");
  g_assert_cmpuint (im->width, ==, 128);
  g_assert_cmpuint (im->height, ==, 128);
  g_assert_cmpuint (im->channels, ==, 1);
  g_assert_cmpuint (im->bit_depth, ==, 16);
  g_assert_true (im->is_signed);
  assert_range_signed (im, 128, 2191);        /* data/samples/SOURCES.md */

  raw = raw_pixel_data (path, 128 * 128 * 2);
  g_assert_cmpmem (im->data, dkg_image_n_bytes (im), g_bytes_get_data (raw, NULL),
                   g_bytes_get_size (raw));

  direct = dkg_dicom_load (path, 0, &error);
  g_assert_no_error (error);
  g_assert_true (dkg_image_equal (im, direct));
  g_assert_cmpstr (direct->source_format, ==, "dicom");
}

static void
test_mr_small (void)
{
  g_autofree char *path = sample_path ("MR_small.dcm");
  g_autoptr(GError) error = NULL;
  g_autoptr(DkgImage) im = dkg_image_load (path, NULL, &error);
  g_autoptr(GBytes) raw = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (im->width, ==, 64);
  g_assert_cmpuint (im->height, ==, 64);
  g_assert_cmpuint (im->channels, ==, 1);
  g_assert_cmpuint (im->bit_depth, ==, 16);
  g_assert_true (im->is_signed);
  assert_range_signed (im, 127, 2145);
  raw = raw_pixel_data (path, 64 * 64 * 2);
  g_assert_cmpmem (im->data, dkg_image_n_bytes (im), g_bytes_get_data (raw, NULL),
                   g_bytes_get_size (raw));
}

static void
test_sc_rgb (void)
{
  g_autofree char *path = sample_path ("SC_rgb_jpeg_dcmd.dcm");
  g_autoptr(GError) error = NULL;
  g_autoptr(DkgImage) im = dkg_image_load (path, NULL, &error);
  g_autoptr(GBytes) raw = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (im->width, ==, 256);
  g_assert_cmpuint (im->height, ==, 256);
  g_assert_cmpuint (im->channels, ==, 3);
  g_assert_cmpuint (im->bit_depth, ==, 8);
  g_assert_false (im->is_signed);
  raw = raw_pixel_data (path, 256 * 256 * 3);
  g_assert_cmpmem (im->data, dkg_image_n_bytes (im), g_bytes_get_data (raw, NULL),
                   g_bytes_get_size (raw));
}

/* Lossless re-encodings load bit-exactly like the original. */
static void
check_transcoded (const char *sample, const char *uid, guint planar)
{
  g_autofree char *path = sample_path (sample);
  g_autofree char *out = g_strdup_printf ("%s/%s-%s-%u.dcm", tmp_dir, sample, uid, planar);
  g_autoptr(GError) error = NULL;
  g_autoptr(DkgImage) native = dkg_image_load (path, NULL, &error);
  g_autoptr(DkgImage) im = NULL;

  g_assert_no_error (error);
  g_assert_true (dkg_test_dicom_transcode (path, out, uid, planar, &error));
  g_assert_no_error (error);
  im = dkg_image_load (out, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (dkg_image_equal (native, im));
}

static void
test_rle (void)
{
  check_transcoded ("CT_small.dcm", TS_RLE, 0);
  check_transcoded ("MR_small.dcm", TS_RLE, 0);
  check_transcoded ("SC_rgb_jpeg_dcmd.dcm", TS_RLE, 0);
}

static void
test_jpeg_lossless (void)
{
  check_transcoded ("CT_small.dcm", TS_JPEG_LOSSLESS, 0);
  check_transcoded ("SC_rgb_jpeg_dcmd.dcm", TS_JPEG_LOSSLESS, 0);
}

static void
test_jpeg_ls (void)
{
  check_transcoded ("CT_small.dcm", TS_JPEG_LS, 0);
  check_transcoded ("SC_rgb_jpeg_dcmd.dcm", TS_JPEG_LS, 0);
}

static void
test_jpeg2000 (void)
{
  check_transcoded ("CT_small.dcm", TS_J2K_LOSSLESS, 0);
  check_transcoded ("MR_small.dcm", TS_J2K_LOSSLESS, 0);
  check_transcoded ("SC_rgb_jpeg_dcmd.dcm", TS_J2K_LOSSLESS, 0);
}

static void
test_planar (void)
{
  check_transcoded ("SC_rgb_jpeg_dcmd.dcm", TS_EXPLICIT_LE, 1);
}

/* JPEG baseline is lossy: RGB comes back close to the original. */
static void
test_jpeg_baseline (void)
{
  g_autofree char *path = sample_path ("SC_rgb_jpeg_dcmd.dcm");
  g_autofree char *out = g_build_filename (tmp_dir, "baseline.dcm", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DkgImage) native = dkg_image_load (path, NULL, &error);
  g_autoptr(DkgImage) im = NULL;
  double sum = 0;

  g_assert_true (dkg_test_dicom_transcode (path, out, TS_JPEG_BASELINE, 0, &error));
  g_assert_no_error (error);
  im = dkg_image_load (out, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (im->channels, ==, 3);
  g_assert_cmpuint (im->width, ==, 256);
  for (gsize i = 0; i < dkg_image_n_samples (im); i++)
    sum += ABS ((int) im->data[i] - (int) native->data[i]);
  g_test_message ("JPEG baseline: mean |error| %.3f", sum / dkg_image_n_samples (im));
  g_assert_cmpfloat (sum / dkg_image_n_samples (im), <, 6.0);
}

static void
test_multiframe (void)
{
  const char *samples[] = { "CT_small.dcm", "SC_rgb_jpeg_dcmd.dcm" };

  for (gsize s = 0; s < G_N_ELEMENTS (samples); s++)
    {
      g_autofree char *path = sample_path (samples[s]);
      g_autofree char *out = g_strdup_printf ("%s/multi-%s", tmp_dir, samples[s]);
      g_autoptr(GError) error = NULL;
      g_autoptr(DkgImage) first = dkg_image_load (path, NULL, &error);

      g_assert_true (dkg_test_dicom_make_multiframe (path, out, 3, &error));
      g_assert_no_error (error);
      for (guint f = 0; f < 3; f++)
        {
          DkgImageLoadOptions o = { f, 2, -1 };
          g_autoptr(DkgImage) im = dkg_image_load (out, &o, &error);

          g_assert_no_error (error);
          g_assert_cmpuint (im->width, ==, first->width);
          g_assert_cmpuint (im->channels, ==, first->channels);
          for (gsize i = 0; i < dkg_image_n_samples (im); i++)
            if (im->bit_depth == 8)
              g_assert_cmpuint (im->data[i], ==, (guint8) (first->data[i] + f));
            else
              g_assert_cmpint (((gint16 *) im->data)[i], ==,
                               ((gint16 *) first->data)[i] + 100 * (int) f);
        }
      {
        DkgImageLoadOptions o = { 3, 2, -1 };
        g_autoptr(DkgImage) im = dkg_image_load (out, &o, &error);

        g_assert_null (im);
        g_assert_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT);
      }
    }
}

static void
test_frame_out_of_range (void)
{
  g_autofree char *path = sample_path ("MR_small.dcm");
  g_autoptr(GError) error = NULL;
  g_autoptr(DkgImage) im = dkg_dicom_load (path, 1, &error);

  g_assert_null (im);
  g_assert_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "MR_small.dcm"));
}

/* A data set without the 128-byte preamble and "DICM" is still found by its content. */
static void
test_no_preamble (void)
{
  g_autofree char *path = sample_path ("MR_small.dcm");
  g_autofree char *out = g_build_filename (tmp_dir, "no-preamble.bin", NULL);
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DkgImage) native = dkg_image_load (path, NULL, &error);
  g_autoptr(DkgImage) im = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  g_assert_cmpmem (data + 128, 4, "DICM", 4);
  g_assert_true (g_file_set_contents (out, data + 132, len - 132, NULL));
  im = dkg_image_load (out, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (dkg_image_equal (native, im));
}

/* Cut just before the Pixel Data element: a valid data set with no image. */
static void
test_no_pixel_data (void)
{
  g_autofree char *path = sample_path ("CT_small.dcm");
  g_autofree char *out = g_build_filename (tmp_dir, "no-pixels.dcm", NULL);
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DkgImage) im = NULL;
  gsize len;
  gsize element = 0;

  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  for (gsize p = 132; p + 8 < len; p++)
    if (memcmp (data + p, "\xe0\x7f\x10\x00OW", 6) == 0)
      element = p;
  g_assert_cmpuint (element, >, 0);
  g_assert_true (g_file_set_contents (out, data, element, NULL));
  im = dkg_image_load (out, NULL, &error);
  g_assert_null (im);
  g_assert_error (error, DKG_ERROR, DKG_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "no-pixels.dcm"));
}

/* Every cut inside the pixel data and through the header is an error, never a crash. */
static void
test_truncated (void)
{
  g_autofree char *path = sample_path ("MR_small.dcm");
  g_autofree char *out = g_build_filename (tmp_dir, "cut.dcm", NULL);
  g_autofree char *data = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  for (gsize cut = 133; cut < len; cut += 61)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DkgImage) im = NULL;

      g_assert_true (g_file_set_contents (out, data, cut, NULL));
      im = dkg_image_load (out, NULL, &error);
      g_assert_null (im);
      g_assert_nonnull (error);
      g_assert_true (error->domain == DKG_ERROR);
      g_assert_true (error->code == DKG_ERROR_INVALID_FILE || error->code == DKG_ERROR_UNSUPPORTED);
      if (cut > len - 64 * 64 * 2)
        g_assert_cmpint (error->code, ==, DKG_ERROR_INVALID_FILE);
    }
}

static void
test_identifying (void)
{
  g_autofree char *ct = sample_path ("CT_small.dcm");
  g_autofree char *sc = sample_path ("SC_rgb_jpeg_dcmd.dcm");
  g_autofree char *missing = g_build_filename (tmp_dir, "missing.dcm", NULL);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) ct_ids = dkg_dicom_list_identifying (ct, &error);
  g_auto(GStrv) sc_ids = NULL;
  g_auto(GStrv) none = NULL;

  g_assert_no_error (error);
  g_assert_true (g_strv_contains ((const char *const *) ct_ids, "PatientName"));
  g_assert_true (g_strv_contains ((const char *const *) ct_ids, "PatientID"));
  g_assert_true (g_strv_contains ((const char *const *) ct_ids, "InstitutionName"));
  g_assert_true (g_strv_contains ((const char *const *) ct_ids, "StudyInstanceUID"));
  g_assert_false (g_strv_contains ((const char *const *) ct_ids, "PatientAddress"));

  sc_ids = dkg_dicom_list_identifying (sc, &error);
  g_assert_no_error (error);
  g_assert_false (g_strv_contains ((const char *const *) sc_ids, "PatientName"));
  g_assert_true (g_strv_contains ((const char *const *) sc_ids, "SOPInstanceUID"));

  none = dkg_dicom_list_identifying (missing, &error);
  g_assert_null (none);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

static void
test_missing (void)
{
  g_autofree char *missing = g_build_filename (tmp_dir, "missing.dcm", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DkgImage) im = dkg_dicom_load (missing, 0, &error);

  g_assert_null (im);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "missing.dcm"));
}

int
main (int argc, char **argv)
{
  int result;

  dkg_test_init (&argc, &argv);
  tmp_dir = dkg_test_make_tmpdir ();

  g_test_add_func ("/core/image/dicom/ct-small", test_ct_small);
  g_test_add_func ("/core/image/dicom/mr-small", test_mr_small);
  g_test_add_func ("/core/image/dicom/sc-rgb", test_sc_rgb);
  g_test_add_func ("/core/image/dicom/rle", test_rle);
  g_test_add_func ("/core/image/dicom/jpeg-lossless", test_jpeg_lossless);
  g_test_add_func ("/core/image/dicom/jpeg-ls", test_jpeg_ls);
  g_test_add_func ("/core/image/dicom/jpeg2000", test_jpeg2000);
  g_test_add_func ("/core/image/dicom/jpeg-baseline", test_jpeg_baseline);
  g_test_add_func ("/core/image/dicom/planar-rgb", test_planar);
  g_test_add_func ("/core/image/dicom/multi-frame", test_multiframe);
  g_test_add_func ("/core/image/dicom/frame-out-of-range", test_frame_out_of_range);
  g_test_add_func ("/core/image/dicom/no-preamble", test_no_preamble);
  g_test_add_func ("/core/image/dicom/no-pixel-data", test_no_pixel_data);
  g_test_add_func ("/core/image/dicom/truncated", test_truncated);
  g_test_add_func ("/core/image/dicom/identifying-attributes", test_identifying);
  g_test_add_func ("/core/image/dicom/missing-file", test_missing);

  result = g_test_run ();
  dkg_test_rm_rf (tmp_dir);
  g_free (tmp_dir);
  return result;
}
