/* test-container-original.c — whole source files through the container
 * (docs/SPECIFICATION.md §5.7 "Whole file")
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every DICOM file we read — the shipped samples (data/samples: the three DICOM files of
 * ../shared/data/dicom, byte for byte) and pydicom's test corpus when python3-pydicom is
 * installed (DKG_PYDICOM_TEST_FILES) — and NIfTI and TIFF files written here (a .hdr/.img pair
 * is not carried) are encrypted with each of the three schemes and must come back byte for byte
 * from dkg_container_decrypt_original(), with the viewable image equal to what was loaded. No
 * printable run of 8 or more bytes of the source file (names, IDs, dates, UIDs) may appear in
 * the container. A modified, missing or swapped original-file part is refused; a version 1
 * container still decrypts.
 */
#include <string.h>
#include <zlib.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <nifti1_io.h>
#include <tiffio.h>

#include "crypto-test.h"
#include "dkg-container.h"
#include "dkg-keystream.h"
#include "dkg-arnold-cat-map.h"
#include "dkg-error.h"
#include "dkg-test-util.h"

static char *tmp_dir;
static guint n_cut;     /* containers whose source file had the image's samples cut out */

/* A random key large enough for every scheme on @plain. */
static DkgImage *
key_for (DkgRand *r, const DkgImage *plain)
{
  guint n = dkg_arnold_cat_map_size (plain->width, plain->height);

  return crypto_test_random_key (r, MAX (dkg_keystream_size_for (n, n, plain->channels,
                                                                  plain->bit_depth), 64));
}

/* Does @hay contain any printable ASCII run of ≥ 8 bytes of @src? Returns the first found. */
static char *
find_leaked_text (GBytes *src, GBytes *hay)
{
  gsize n, m;
  const guint8 *s = g_bytes_get_data (src, &n);
  const guint8 *h = g_bytes_get_data (hay, &m);

  for (gsize i = 0; i < n;)
    {
      gsize j = i;

      while (j < n && s[j] >= 0x20 && s[j] < 0x7f)
        j++;
      if (j - i >= 8 && memmem (h, m, s + i, j - i) != NULL)
        return g_strndup ((const char *) s + i, j - i);
      i = j + 1;
    }
  return NULL;
}

/* Encrypts @path (frame @frame) with every scheme and checks the round trip; returns TRUE if
 * the file is read at all (files we refuse are not part of the round trip). */
static gboolean
round_trip_file (DkgRand *r, const char *path, guint frame)
{
  g_autoptr(GError) error = NULL;
  DkgImageLoadOptions lo = { frame, 2, -1 };
  g_autoptr(DkgImage) plain = dkg_image_load (path, &lo, &error);
  g_autoptr(DkgImage) key = NULL;
  g_autoptr(GBytes) original = NULL;

  if (plain == NULL)
    {
      g_test_message ("not read (not part of the round trip): %s", error->message);
      return FALSE;
    }
  key = key_for (r, plain);
  original = dkg_container_read_original_for (path, plain, &error);
  g_assert_no_error (error);
  g_assert_nonnull (original);
  for (int scheme = 0; scheme < 3; scheme++)
    {
      DkgContainerOptions opts = { scheme, 5 };
      g_autoptr(GBytes) container = NULL;
      g_autoptr(GBytes) back = NULL;
      g_autoptr(DkgImage) image = NULL;
      g_autoptr(DkgContainerInfo) info = NULL;
      g_autofree char *leak = NULL;

      if (scheme == DKG_CONTAINER_SCHEME_ACM_XOR
          && !dkg_arnold_cat_map_check_iterations (dkg_arnold_cat_map_size (plain->width,
                                                                            plain->height),
                                                   5, NULL))
        opts.acm_iterations = 7;
      container = dkg_container_encrypt_with_original (plain, original, key, &opts, &error);
      g_assert_no_error (error);
      leak = find_leaked_text (original, container);
      if (leak != NULL)
        g_error ("%s: “%s” of the source file is readable in the container", path, leak);
      back = dkg_container_decrypt_original (container, "c.png", key, &info, &error);
      g_assert_no_error (error);
      g_assert_true (g_bytes_equal (back, original));
      g_assert_cmpuint (info->version, ==, DKG_CONTAINER_VERSION_ORIGINAL);
      g_assert_cmpuint (info->original_len, ==, g_bytes_get_size (original));
      g_assert_true (info->pixels_len == 0 || info->pixels_len == dkg_image_n_bytes (plain));
      if (info->pixels_len > 0)
        n_cut++;
      image = dkg_container_decrypt (container, "c.png", key, NULL, &error);
      g_assert_no_error (error);
      g_assert_true (dkg_image_equal (image, plain));
    }
  return TRUE;
}

static guint
round_trip_dir (DkgRand *r, const char *dir, guint *n_seen)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;
  guint n_ok = 0;

  if (d == NULL)
    return 0;
  while ((name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir, names->pdata[i], NULL);
      g_autofree char *head = NULL;
      gsize len = 0;

      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR)
          || !g_file_get_contents (path, &head, &len, NULL))
        continue;
      /* DICOM only (the corpus also holds JSON, text and a gzip file) */
      if (!(len > 132 && memcmp (head + 128, "DICM", 4) == 0)
          && !(len > 8 && (head[0] == 0x08 || head[0] == 0x02) && head[1] == 0))
        continue;
      (*n_seen)++;
      g_test_message ("%s", path);
      if (round_trip_file (r, path, 0))
        n_ok++;
    }
  return n_ok;
}

static void
test_dicom_files (void)
{
  g_autoptr(DkgRand) r = dkg_rand_new_seeded (1313);
  g_autofree char *samples = dkg_test_source_path ("data/samples");
  const char *pydicom = g_getenv ("DKG_PYDICOM_TEST_FILES");
  guint n_seen = 0, n_ok = 0, n_pydicom = 0;

  n_cut = 0;

  n_ok += round_trip_dir (r, samples, &n_seen);
  g_assert_cmpuint (n_ok, >=, 3);
  if (pydicom != NULL && *pydicom != '\0')
    {
      guint seen = 0;

      n_pydicom = round_trip_dir (r, pydicom, &seen);
      n_seen += seen;
      n_ok += n_pydicom;
      /* 38 equal and 3 unchecked in docs/DICOM-CONFORMANCE.md */
      if (seen > 0)
        g_assert_cmpuint (n_pydicom, >=, 41);
    }
  else
    g_test_message ("python3-pydicom's test files not found: shipped samples only");
  g_test_message ("%u of %u DICOM files read; all %u round-trip byte for byte with 3 schemes "
                  "(%u from pydicom's corpus); %u of %u containers had the samples cut out",
                  n_ok, n_seen, n_ok, n_pydicom, n_cut, 3 * n_ok);
  /* the native little-endian samples at least: CT_small and MR_small, with each scheme. (This
   * once read ../shared/data/dicom too, which holds the same three files as data/samples, and
   * counted each of them twice.) */
  g_assert_cmpuint (n_cut, >=, 3 * 2);
}

/* The other frames come back too: frame 1 of a two-frame file is the viewable image, and the
 * whole file is restored. */
static void
test_dicom_other_frame (void)
{
  g_autoptr(DkgRand) r = dkg_rand_new_seeded (1314);
  const char *pydicom = g_getenv ("DKG_PYDICOM_TEST_FILES");
  g_autofree char *path = NULL;

  if (pydicom == NULL || *pydicom == '\0')
    {
      g_test_skip ("python3-pydicom's test files not found");
      return;
    }
  path = g_build_filename (pydicom, "SC_rgb_rle_2frame.dcm", NULL);
  g_assert_true (round_trip_file (r, path, 1));
}

static void
write_nifti (const char *path, int datatype)
{
  int dims[8] = { 3, 9, 7, 5, 1, 1, 1, 1 };
  nifti_image *nim = nifti_make_new_nim (dims, datatype, 1);

  g_assert_nonnull (nim);
  for (gsize i = 0; i < nim->nvox; i++)
    {
      if (datatype == DT_UINT8)
        ((guint8 *) nim->data)[i] = (guint8) (i * 7);
      else
        ((gint16 *) nim->data)[i] = (gint16) (i * 1237 - 20000);
    }
  nim->pixdim[1] = 0.75f;
  nim->pixdim[2] = 0.8f;
  nim->pixdim[3] = 2.5f;
  g_strlcpy (nim->descrip, "PatientName^Test volume", sizeof nim->descrip);
  g_assert_cmpint (nifti_set_filenames (nim, path, 0, 1), ==, 0);
  nifti_set_type_from_names (nim);
  nifti_image_write (nim);
  nifti_image_free (nim);
}

static void
write_tiff (const char *path, guint spp, guint bps)
{
  TIFF *t = TIFFOpen (path, "w");
  guint w = 13, h = 11;
  g_autofree guint8 *row = g_malloc ((gsize) w * spp * bps / 8);

  g_assert_nonnull (t);
  TIFFSetField (t, TIFFTAG_IMAGEWIDTH, w);
  TIFFSetField (t, TIFFTAG_IMAGELENGTH, h);
  TIFFSetField (t, TIFFTAG_SAMPLESPERPIXEL, spp);
  TIFFSetField (t, TIFFTAG_BITSPERSAMPLE, bps);
  TIFFSetField (t, TIFFTAG_PHOTOMETRIC, spp == 3 ? PHOTOMETRIC_RGB : PHOTOMETRIC_MINISBLACK);
  TIFFSetField (t, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
  TIFFSetField (t, TIFFTAG_IMAGEDESCRIPTION, "Patient Doe^Jane 19700101");
  for (guint y = 0; y < h; y++)
    {
      for (gsize i = 0; i < (gsize) w * spp * bps / 8; i++)
        row[i] = (guint8) (i * 31 + y * 7);
      g_assert_cmpint (TIFFWriteScanline (t, row, y, 0), ==, 1);
    }
  TIFFClose (t);
}

static void
test_nifti_and_tiff (void)
{
  g_autoptr(DkgRand) r = dkg_rand_new_seeded (1315);
  static const char *const nifti[] = { "v16.nii", "v8.nii.gz" };
  static const struct { const char *name; guint spp, bps; } tiffs[] = {
    { "rgb8.tif", 3, 8 }, { "grey16.tiff", 1, 16 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (nifti); i++)
    {
      g_autofree char *path = g_build_filename (tmp_dir, nifti[i], NULL);

      write_nifti (path, i == 0 ? DT_INT16 : DT_UINT8);
      g_assert_true (round_trip_file (r, path, 0));
    }
  /* a .hdr/.img pair is two files: nothing is carried (not half of it) */
  {
    g_autofree char *hdr = g_build_filename (tmp_dir, "pair.hdr", NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(DkgImage) plain = NULL;
    g_autoptr(GBytes) none = NULL;

    write_nifti (hdr, DT_INT16);
    plain = dkg_image_load (hdr, NULL, &error);
    g_assert_no_error (error);
    none = dkg_container_read_original_for (hdr, plain, &error);
    g_assert_no_error (error);
    g_assert_null (none);
  }
  for (gsize i = 0; i < G_N_ELEMENTS (tiffs); i++)
    {
      g_autofree char *path = g_build_filename (tmp_dir, tiffs[i].name, NULL);

      write_tiff (path, tiffs[i].spp, tiffs[i].bps);
      g_assert_true (round_trip_file (r, path, 0));
    }
}

/* Offset of the data of the container's "dkGf" chunk and its length. */
static gsize
original_chunk (GBytes *png, gsize *len)
{
  gsize n;
  const guint8 *p = g_bytes_get_data (png, &n);

  for (gsize pos = 8; pos + 12 <= n;)
    {
      guint32 l = (guint32) p[pos] << 24 | p[pos + 1] << 16 | p[pos + 2] << 8 | p[pos + 3];

      if (memcmp (p + pos + 4, DKG_CONTAINER_ORIGINAL_CHUNK, 4) == 0)
        {
          *len = l;
          return pos + 8;
        }
      pos += 12 + l;
    }
  g_assert_not_reached ();
  return 0;
}

static GBytes *
with_fixed_crc (guint8 *p, gsize n, gsize data_at, gsize len)
{
  uLong crc = crc32 (0L, p + data_at - 4, (uInt) (len + 4));

  p[data_at + len] = (guint8) (crc >> 24);
  p[data_at + len + 1] = (guint8) (crc >> 16);
  p[data_at + len + 2] = (guint8) (crc >> 8);
  p[data_at + len + 3] = (guint8) crc;
  return g_bytes_new (p, n);
}

static void
expect_refused (GBytes *file, const DkgImage *key, int code)
{
  g_autoptr(GError) e1 = NULL;
  g_autoptr(GError) e2 = NULL;
  g_autoptr(GBytes) o = dkg_container_decrypt_original (file, "bad.png", key, NULL, &e1);
  g_autoptr(DkgImage) im = dkg_container_decrypt (file, "bad.png", key, NULL, &e2);

  g_assert_null (o);
  g_assert_null (im);
  g_assert_error (e1, DKG_ERROR, code);
  g_assert_error (e2, DKG_ERROR, code);
  g_assert_nonnull (strstr (e1->message, "bad.png"));
}

static void
test_tampering (void)
{
  g_autoptr(DkgRand) r = dkg_rand_new_seeded (1316);
  g_autofree char *path = dkg_test_source_path ("data/samples/CT_small.dcm");
  g_autoptr(DkgImage) plain = dkg_image_load (path, NULL, NULL);
  g_autoptr(DkgImage) key = key_for (r, plain);
  g_autoptr(GBytes) original = dkg_container_read_original_for (path, plain, NULL);

  g_assert_nonnull (original);
  /* the leak detector of round_trip_file() sees the patient's name in the file itself */
  {
    g_autofree char *self = find_leaked_text (original, original);
    g_autoptr(GBytes) name = g_bytes_new_static ("CompressedSamples^CT1", 21);

    g_assert_nonnull (self);
    g_assert_nonnull (memmem (g_bytes_get_data (original, NULL), g_bytes_get_size (original),
                              g_bytes_get_data (name, NULL), 21));
  }
  for (int scheme = 0; scheme < 3; scheme++)
    {
      DkgContainerOptions opts = { scheme, 5 };
      g_autoptr(GBytes) good = dkg_container_encrypt_with_original (plain, original, key, &opts,
                                                                    NULL);
      g_autoptr(GBytes) other = dkg_container_encrypt_with_original (plain, original, key, &opts,
                                                                     NULL);
      gsize n = g_bytes_get_size (good), len, at = original_chunk (good, &len), other_len;
      gsize other_at = original_chunk (other, &other_len);
      g_autofree guint8 *p = g_memdup2 (g_bytes_get_data (good, NULL), n);
      const guint8 *q = g_bytes_get_data (other, NULL);

      /* CT_small.dcm is native little endian: its 128×128×2 sample bytes are cut out (the
       * container's pixels carry them), the rest is sealed */
      g_assert_cmpuint (len, ==, g_bytes_get_size (original) - 128 * 128 * 2);
      /* one bit of the sealed file, CRC fixed: the AEAD refuses it */
      for (gsize k = 0; k < 4; k++)
        {
          gsize i = at + (k * 7919) % len;
          g_autoptr(GBytes) bad = NULL;

          p[i] ^= 0x10;
          bad = with_fixed_crc (p, n, at, len);
          expect_refused (bad, key, DKG_ERROR_AUTH);
          p[i] ^= 0x10;
        }
      /* the same part from another container (same key, other salt and nonce) */
      {
        g_autoptr(GBytes) swapped = NULL;

        memcpy (p + at, q + other_at, len);
        swapped = with_fixed_crc (p, n, at, len);
        expect_refused (swapped, key, DKG_ERROR_AUTH);
        memcpy (p + at, (const guint8 *) g_bytes_get_data (good, NULL) + at, len + 4);
      }
      /* a flipped bit without the CRC fixed: damaged */
      {
        g_autoptr(GBytes) bad = NULL;

        p[at + 5] ^= 1;
        bad = g_bytes_new (p, n);
        expect_refused (bad, key, DKG_ERROR_INVALID_FILE);
        p[at + 5] ^= 1;
      }
      /* the chunk removed (as a PNG optimiser might) */
      {
        g_autoptr(GByteArray) cut = g_byte_array_new ();
        g_autoptr(GBytes) bad = NULL;

        g_byte_array_append (cut, p, (guint) (at - 8));
        g_byte_array_append (cut, p + at + len + 4, (guint) (n - at - len - 4));
        bad = g_bytes_new (cut->data, cut->len);
        expect_refused (bad, key, DKG_ERROR_INVALID_FILE);
      }
      /* untouched, it decrypts */
      {
        g_autoptr(GBytes) same = g_bytes_new (p, n);
        g_autoptr(GBytes) back = dkg_container_decrypt_original (same, "ok.png", key, NULL, NULL);

        g_assert_nonnull (back);
        g_assert_true (g_bytes_equal (back, original));
      }
    }
}

/* A version 1 container (no original) still decrypts; asking it for the original file is a
 * clear refusal. The files of dkg_container_encrypt_file() for PNG sources stay version 1. */
static void
test_version_1 (void)
{
  g_autoptr(DkgRand) r = dkg_rand_new_seeded (1317);
  g_autofree char *path = dkg_test_source_path ("data/samples/CT_small.dcm");
  g_autoptr(DkgImage) plain = dkg_image_load (path, NULL, NULL);
  g_autoptr(DkgImage) key = key_for (r, plain);
  g_autofree char *png = g_build_filename (tmp_dir, "plain.png", NULL);
  g_autofree char *c_png = g_build_filename (tmp_dir, "c-png.png", NULL);
  g_autofree char *c_dcm = g_build_filename (tmp_dir, "c-dcm.png", NULL);
  g_autofree char *out = g_build_filename (tmp_dir, "out.dcm", NULL);
  g_autofree char *want = NULL;
  g_autofree char *got = NULL;
  gsize want_len, got_len;

  for (int scheme = 0; scheme < 3; scheme++)
    {
      DkgContainerOptions opts = { scheme, 5 };
      g_autoptr(GBytes) v1 = dkg_container_encrypt (plain, key, &opts, NULL);
      g_autoptr(DkgContainerInfo) info = NULL;
      g_autoptr(DkgImage) im = dkg_container_decrypt (v1, "v1.png", key, &info, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) none = dkg_container_decrypt_original (v1, "v1.png", key, NULL, &error);

      g_assert_nonnull (im);
      g_assert_true (dkg_image_equal (im, plain));
      g_assert_cmpuint (info->version, ==, 1);
      g_assert_false (info->has_original);
      g_assert_null (none);
      g_assert_error (error, DKG_ERROR, DKG_ERROR_UNSUPPORTED);
    }

  /* the file functions: a DICOM source carries the original, a PNG source does not */
  {
    DkgContainerOptions opts = { DKG_CONTAINER_SCHEME_CHACHA20_POLY1305, 5 };
    g_autoptr(GError) error = NULL;
    g_autoptr(DkgContainerInfo) i_png = NULL;
    g_autoptr(DkgContainerInfo) i_dcm = NULL;

    g_assert_true (dkg_image_save_png (plain, png, NULL));
    g_assert_true (dkg_container_encrypt_file (png, NULL, key, &opts, c_png, &error));
    g_assert_no_error (error);
    g_assert_true (dkg_container_encrypt_file (path, NULL, key, &opts, c_dcm, &error));
    g_assert_no_error (error);
    i_png = dkg_container_read_info_file (c_png, NULL);
    i_dcm = dkg_container_read_info_file (c_dcm, NULL);
    g_assert_cmpuint (i_png->version, ==, 1);
    g_assert_cmpuint (i_dcm->version, ==, 2);
    g_assert_true (dkg_container_decrypt_original_to_file (c_dcm, key, out, NULL, &error));
    g_assert_no_error (error);
    g_assert_true (g_file_get_contents (path, &want, &want_len, NULL));
    g_assert_true (g_file_get_contents (out, &got, &got_len, NULL));
    g_assert_cmpmem (got, got_len, want, want_len);
    g_assert_false (dkg_container_decrypt_original_to_file (c_dcm, key, c_dcm, NULL, &error));
    g_assert_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT);
  }
}

int
main (int argc, char **argv)
{
  int result;

  dkg_test_init (&argc, &argv);
  tmp_dir = dkg_test_make_tmpdir ();
  g_test_add_func ("/core/container/original/dicom-files", test_dicom_files);
  g_test_add_func ("/core/container/original/dicom-other-frame", test_dicom_other_frame);
  g_test_add_func ("/core/container/original/nifti-and-tiff", test_nifti_and_tiff);
  g_test_add_func ("/core/container/original/tampering", test_tampering);
  g_test_add_func ("/core/container/original/version-1", test_version_1);
  result = g_test_run ();
  dkg_test_rm_rf (tmp_dir);
  g_free (tmp_dir);
  return result;
}
