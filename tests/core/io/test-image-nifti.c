/* test-image-nifti.c — NIfTI-1 slices through dkg_image_load (niftilib)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Volumes are written here by niftilib's own writer (.nii, .nii.gz, .hdr/.img) with a value
 * that encodes each voxel's (i, j, k); every slice along every axis is then checked voxel by
 * voxel against the documented layout: x = first in-plane index, row 0 = the largest second
 * index.
 */
#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <nifti1_io.h>

#include "dkg-error.h"
#include "dkg-test-util.h"
#include "dkg-image.h"

#define NX 7
#define NY 5
#define NZ 3

static char *tmp_dir;

static int
voxel_value (int datatype, int i, int j, int k, int t)
{
  switch (datatype)
    {
    case DT_UINT8:  return (i + 7 * j + 35 * k + 100 * t) * 2 % 256;
    case DT_INT16:  return i * 1000 - j * 3000 + k * 7777 - 16000 + t;
    case DT_UINT16: return i * 3000 + j * 97 + k * 11 + 40000 + t;
    default:        g_assert_not_reached ();
    }
}

/* Writes an NX × NY × NZ (× nt) volume to @path with niftilib (the extension picks the kind). */
static void
write_volume (const char *path, int datatype, int nt)
{
  int dims[8] = { nt > 1 ? 4 : 3, NX, NY, NZ, nt, 1, 1, 1 };
  nifti_image *nim = nifti_make_new_nim (dims, datatype, 1);

  g_assert_nonnull (nim);
  for (int t = 0; t < nt; t++)
    for (int k = 0; k < NZ; k++)
      for (int j = 0; j < NY; j++)
        for (int i = 0; i < NX; i++)
          {
            gsize idx = (((gsize) t * NZ + k) * NY + j) * NX + i;
            int v = voxel_value (datatype, i, j, k, t);

            if (datatype == DT_UINT8)
              ((guint8 *) nim->data)[idx] = (guint8) v;
            else if (datatype == DT_INT16)
              ((gint16 *) nim->data)[idx] = (gint16) v;
            else
              ((guint16 *) nim->data)[idx] = (guint16) v;
          }
  g_assert_cmpint (nifti_set_filenames (nim, path, 0, 1), ==, 0);
  nifti_set_type_from_names (nim);
  nifti_image_write (nim);
  nifti_image_free (nim);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
}

static int
sample (const DkgImage *im, guint x, guint y)
{
  gsize i = (gsize) y * im->width + x;

  if (im->bit_depth == 8)
    return im->data[i];
  return im->is_signed ? ((gint16 *) im->data)[i] : ((guint16 *) im->data)[i];
}

static void
check_slice (const char *path, int datatype, int axis, int index)
{
  DkgImageLoadOptions o = { 0, axis, index };
  g_autoptr(GError) error = NULL;
  g_autoptr(DkgImage) im = dkg_image_load (path, &o, &error);
  int n_along = axis == 0 ? NX : axis == 1 ? NY : NZ;
  int fixed = index == -1 ? n_along / 2 : index;

  g_assert_no_error (error);
  g_assert_cmpstr (im->source_format, ==, "nifti");
  g_assert_cmpuint (im->channels, ==, 1);
  g_assert_cmpuint (im->bit_depth, ==, datatype == DT_UINT8 ? 8 : 16);
  g_assert_cmpint (!!im->is_signed, ==, datatype == DT_INT16);
  g_assert_cmpuint (im->width, ==, axis == 0 ? NY : NX);
  g_assert_cmpuint (im->height, ==, axis == 2 ? NY : NZ);
  for (guint y = 0; y < im->height; y++)
    for (guint x = 0; x < im->width; x++)
      {
        int up = (int) (im->height - 1 - y);     /* the second index grows upwards */
        int i = axis == 0 ? fixed : (int) x;
        int j = axis == 0 ? (int) x : axis == 1 ? fixed : up;
        int k = axis == 2 ? fixed : up;

        g_assert_cmpint (sample (im, x, y), ==, voxel_value (datatype, i, j, k, 0));
      }
}

static void
check_all_slices (const char *path, int datatype)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DkgImage) def = dkg_image_load (path, NULL, &error);
  DkgImageLoadOptions middle_axial = { 0, 2, NZ / 2 };
  g_autoptr(DkgImage) mid = dkg_image_load (path, &middle_axial, &error);

  /* NULL options: the middle axial slice */
  g_assert_no_error (error);
  g_assert_true (dkg_image_equal (def, mid));

  for (int axis = 0; axis < 3; axis++)
    {
      int n = axis == 0 ? NX : axis == 1 ? NY : NZ;

      for (int index = -1; index < n; index++)
        check_slice (path, datatype, axis, index);
    }
}

static void
test_nii (void)
{
  static const int types[] = { DT_UINT8, DT_INT16, DT_UINT16 };

  for (gsize t = 0; t < G_N_ELEMENTS (types); t++)
    {
      g_autofree char *path = g_strdup_printf ("%s/vol-%d.nii", tmp_dir, types[t]);

      write_volume (path, types[t], 1);
      check_all_slices (path, types[t]);
    }
}

static void
test_nii_gz (void)
{
  static const int types[] = { DT_UINT8, DT_INT16, DT_UINT16 };

  for (gsize t = 0; t < G_N_ELEMENTS (types); t++)
    {
      g_autofree char *path = g_strdup_printf ("%s/vol-%d.nii.gz", tmp_dir, types[t]);
      g_autofree char *head = NULL;

      write_volume (path, types[t], 1);
      g_assert_true (g_file_get_contents (path, &head, NULL, NULL));
      g_assert_cmpuint ((guint8) head[0], ==, 0x1f);          /* really gzip */
      g_assert_cmpuint ((guint8) head[1], ==, 0x8b);
      check_all_slices (path, types[t]);
    }
}

static void
test_hdr_img (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "pair.hdr", NULL);
  g_autofree char *img = g_build_filename (tmp_dir, "pair.img", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DkgImage) im = NULL;

  write_volume (path, DT_INT16, 1);
  g_assert_true (g_file_test (img, G_FILE_TEST_EXISTS));
  check_all_slices (path, DT_INT16);

  /* the data file missing: an OS error naming it */
  g_assert_cmpint (g_remove (img), ==, 0);
  im = dkg_image_load (path, NULL, &error);
  g_assert_null (im);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "pair.img"));
}

/* 4-D: the first volume */
static void
test_4d (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "vol4d.nii", NULL);

  write_volume (path, DT_UINT16, 2);
  check_all_slices (path, DT_UINT16);
}

/* A big-endian file (header and data byte-swapped) reads the same. */
static void
test_byte_swapped (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "native.nii", NULL);
  g_autofree char *swapped = g_build_filename (tmp_dir, "swapped.nii", NULL);
  g_autofree char *data = NULL;
  struct nifti_1_header h;
  gsize len;
  guint offset;

  write_volume (path, DT_INT16, 1);
  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  memcpy (&h, data, sizeof h);
  offset = (guint) h.vox_offset;
  swap_nifti_header (&h, 1);
  memcpy (data, &h, sizeof h);
  for (gsize i = offset; i + 1 < len; i += 2)
    {
      char c = data[i];

      data[i] = data[i + 1];
      data[i + 1] = c;
    }
  g_assert_true (g_file_set_contents (swapped, data, len, NULL));
  check_all_slices (swapped, DT_INT16);
}

/* Content decides: a .nii under another name still loads. */
static void
test_other_name (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "named.nii", NULL);
  g_autofree char *other = g_build_filename (tmp_dir, "volume.dat", NULL);
  g_autofree char *gz = g_build_filename (tmp_dir, "named.nii.gz", NULL);
  g_autofree char *gz_other = g_build_filename (tmp_dir, "compressed.bin", NULL);
  g_autofree char *data = NULL;
  gsize len;

  write_volume (path, DT_UINT8, 1);
  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  g_assert_true (g_file_set_contents (other, data, len, NULL));
  check_slice (other, DT_UINT8, 2, 0);
  g_clear_pointer (&data, g_free);

  write_volume (gz, DT_UINT16, 1);
  g_assert_true (g_file_get_contents (gz, &data, &len, NULL));
  g_assert_true (g_file_set_contents (gz_other, data, len, NULL));
  check_slice (gz_other, DT_UINT16, 1, 2);
}

static void
test_rgb24 (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "rgb.nii", NULL);
  int dims[8] = { 3, 4, 3, 2, 1, 1, 1, 1 };
  nifti_image *nim = nifti_make_new_nim (dims, DT_RGB24, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(DkgImage) im = NULL;
  DkgImageLoadOptions o = { 0, 2, 1 };

  for (int n = 0; n < 4 * 3 * 2 * 3; n++)
    ((guint8 *) nim->data)[n] = (guint8) (n * 5);
  nifti_set_filenames (nim, path, 0, 1);
  nifti_set_type_from_names (nim);
  nifti_image_write (nim);
  nifti_image_free (nim);

  im = dkg_image_load (path, &o, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (im->channels, ==, 3);
  g_assert_cmpuint (im->bit_depth, ==, 8);
  g_assert_cmpuint (im->width, ==, 4);
  g_assert_cmpuint (im->height, ==, 3);
  /* voxel (i, j, k = 1) channel c is byte ((k·3 + j)·4 + i)·3 + c; j = 2 is row 0 */
  for (guint y = 0; y < 3; y++)
    for (guint x = 0; x < 4; x++)
      for (guint c = 0; c < 3; c++)
        g_assert_cmpuint (im->data[(y * 4 + x) * 3 + c], ==,
                          (guint8) (((((1 * 3 + (2 - y)) * 4 + x) * 3 + c)) * 5));
}

static void
test_options_errors (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "opts.nii", NULL);
  const DkgImageLoadOptions bad[] = {
    { 0, 3, 0 }, { 0, -1, 0 }, { 0, 2, NZ }, { 0, 0, NX }, { 0, 1, -2 },
  };

  write_volume (path, DT_UINT8, 1);
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DkgImage) im = dkg_image_load (path, &bad[i], &error);

      g_assert_null (im);
      g_assert_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT);
      g_assert_nonnull (strstr (error->message, "opts.nii"));
    }
}

static void
test_unsupported_types (void)
{
  static const int types[] = { DT_FLOAT32, DT_FLOAT64, DT_INT32, DT_INT8, DT_UINT32,
                               DT_COMPLEX64 };

  for (gsize t = 0; t < G_N_ELEMENTS (types); t++)
    {
      g_autofree char *path = g_strdup_printf ("%s/type-%d.nii", tmp_dir, types[t]);
      int dims[8] = { 3, 2, 2, 2, 1, 1, 1, 1 };
      nifti_image *nim = nifti_make_new_nim (dims, types[t], 1);
      g_autoptr(GError) error = NULL;
      g_autoptr(DkgImage) im = NULL;

      nifti_set_filenames (nim, path, 0, 1);
      nifti_set_type_from_names (nim);
      nifti_image_write (nim);
      nifti_image_free (nim);
      im = dkg_image_load (path, NULL, &error);
      g_assert_null (im);
      g_assert_error (error, DKG_ERROR, DKG_ERROR_UNSUPPORTED);
      g_assert_nonnull (strstr (error->message, nifti_datatype_string (types[t])));
      g_test_message ("%s", error->message);
    }
}

/* Every truncation of a .nii and of a .nii.gz is an error, never a crash. */
static void
test_truncated (void)
{
  const char *names[] = { "cut-src.nii", "cut-src.nii.gz" };

  for (gsize n = 0; n < G_N_ELEMENTS (names); n++)
    {
      g_autofree char *path = g_build_filename (tmp_dir, names[n], NULL);
      g_autofree char *cut_path = g_build_filename (tmp_dir, n == 0 ? "cut.nii" : "cut.nii.gz",
                                                    NULL);
      g_autofree char *data = NULL;
      gsize len;

      write_volume (path, DT_INT16, 1);
      g_assert_true (g_file_get_contents (path, &data, &len, NULL));
      for (gsize cut = 4; cut < len; cut += 9)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(DkgImage) im = NULL;
          DkgImageLoadOptions last = { 0, 2, NZ - 1 };

          g_assert_true (g_file_set_contents (cut_path, data, cut, NULL));
          im = dkg_image_load (cut_path, &last, &error);
          if (im != NULL)
            g_error ("%s cut at %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT " bytes loaded",
                     names[n], cut, len);
          g_assert_nonnull (error);
          g_assert_true (error->domain == DKG_ERROR);
          g_assert_cmpint (error->code, ==, DKG_ERROR_INVALID_FILE);
        }
    }
}

int
main (int argc, char **argv)
{
  int result;

  dkg_test_init (&argc, &argv);
  nifti_set_debug_level (0);
  tmp_dir = dkg_test_make_tmpdir ();

  g_test_add_func ("/core/image/nifti/nii", test_nii);
  g_test_add_func ("/core/image/nifti/nii-gz", test_nii_gz);
  g_test_add_func ("/core/image/nifti/hdr-img", test_hdr_img);
  g_test_add_func ("/core/image/nifti/4d-first-volume", test_4d);
  g_test_add_func ("/core/image/nifti/byte-swapped", test_byte_swapped);
  g_test_add_func ("/core/image/nifti/other-name", test_other_name);
  g_test_add_func ("/core/image/nifti/rgb24", test_rgb24);
  g_test_add_func ("/core/image/nifti/options-errors", test_options_errors);
  g_test_add_func ("/core/image/nifti/unsupported-types", test_unsupported_types);
  g_test_add_func ("/core/image/nifti/truncated", test_truncated);

  result = g_test_run ();
  dkg_test_rm_rf (tmp_dir);
  g_free (tmp_dir);
  return result;
}
