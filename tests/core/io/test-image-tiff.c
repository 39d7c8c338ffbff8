/* test-image-tiff.c — TIFF in through dkg_image_load (libtiff)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each file is written here with libtiff — 8/16-bit, signed, grey to RGBA, contiguous and
 * separate planes, strips and tiles, little and big endian, several codecs — and must load
 * bit-exactly.
 */
#include <stdlib.h>
#include <string.h>

#include <gio/gio.h>
#include <tiffio.h>

#include "dkg-error.h"
#include "dkg-test-util.h"
#include "dkg-image.h"

static char *tmp_dir;

typedef struct
{
  const char *name;
  guint       spp;
  guint       bps;
  gboolean    is_signed;
  gboolean    separate;
  guint       compression;
  guint       tile;            /* 0: strips */
  gboolean    big_endian;
} TiffCase;

static guint
pattern (const TiffCase *c, guint x, guint y, guint ch)
{
  guint v = x * 2654435761u + y * 40503u + ch * 977u;

  v ^= v >> 13;
  return c->bps == 8 ? (v & 0xff) : (v & 0xffff);
}

/* Writes the case with libtiff; returns the expected image. */
static DkgImage *
write_tiff (const TiffCase *c, const char *path, guint w, guint h)
{
  g_autoptr(GError) error = NULL;
  DkgImage *expected = dkg_image_new (w, h, c->spp, c->bps, c->is_signed, &error);
  TIFF *t = TIFFOpen (path, c->big_endian ? "wb" : "wl");
  guint bytes = c->bps / 8;
  guint planes = c->separate ? c->spp : 1;
  guint spp_in_buffer = c->separate ? 1 : c->spp;

  g_assert_no_error (error);
  g_assert_nonnull (t);
  for (guint y = 0; y < h; y++)
    for (guint x = 0; x < w; x++)
      for (guint ch = 0; ch < c->spp; ch++)
        {
          gsize i = ((gsize) y * w + x) * c->spp + ch;

          if (c->bps == 8)
            expected->data[i] = pattern (c, x, y, ch);
          else
            ((guint16 *) expected->data)[i] = pattern (c, x, y, ch);
        }

  TIFFSetField (t, TIFFTAG_IMAGEWIDTH, w);
  TIFFSetField (t, TIFFTAG_IMAGELENGTH, h);
  TIFFSetField (t, TIFFTAG_SAMPLESPERPIXEL, c->spp);
  TIFFSetField (t, TIFFTAG_BITSPERSAMPLE, c->bps);
  TIFFSetField (t, TIFFTAG_SAMPLEFORMAT, c->is_signed ? SAMPLEFORMAT_INT : SAMPLEFORMAT_UINT);
  TIFFSetField (t, TIFFTAG_PHOTOMETRIC, c->spp >= 3 ? PHOTOMETRIC_RGB : PHOTOMETRIC_MINISBLACK);
  TIFFSetField (t, TIFFTAG_PLANARCONFIG, c->separate ? PLANARCONFIG_SEPARATE : PLANARCONFIG_CONTIG);
  TIFFSetField (t, TIFFTAG_COMPRESSION, c->compression);
  if (c->spp == 2 || c->spp == 4)
    {
      guint16 extra = EXTRASAMPLE_UNASSALPHA;

      TIFFSetField (t, TIFFTAG_EXTRASAMPLES, 1, &extra);
    }
  if (c->tile > 0)
    {
      gsize tile_bytes = (gsize) c->tile * c->tile * spp_in_buffer * bytes;
      g_autofree guint8 *tile = g_malloc (tile_bytes);

      TIFFSetField (t, TIFFTAG_TILEWIDTH, c->tile);
      TIFFSetField (t, TIFFTAG_TILELENGTH, c->tile);
      for (guint s = 0; s < planes; s++)
        for (guint y0 = 0; y0 < h; y0 += c->tile)
          for (guint x0 = 0; x0 < w; x0 += c->tile)
            {
              memset (tile, 0xee, tile_bytes);     /* padding outside the image */
              for (guint y = y0; y < MIN (h, y0 + c->tile); y++)
                for (guint x = x0; x < MIN (w, x0 + c->tile); x++)
                  for (guint k = 0; k < spp_in_buffer; k++)
                    {
                      guint ch = c->separate ? s : k;
                      gsize o = (((gsize) (y - y0) * c->tile + (x - x0)) * spp_in_buffer + k)
                                * bytes;
                      guint v = pattern (c, x, y, ch);

                      memcpy (tile + o, bytes == 1 ? (void *) &(guint8) { v }
                                                   : (void *) &(guint16) { v }, bytes);
                    }
              g_assert_cmpint (TIFFWriteTile (t, tile, x0, y0, 0, s), >=, 0);
            }
    }
  else
    {
      gsize row_bytes = (gsize) w * spp_in_buffer * bytes;
      g_autofree guint8 *row = g_malloc (row_bytes);

      TIFFSetField (t, TIFFTAG_ROWSPERSTRIP, 3);
      for (guint s = 0; s < planes; s++)
        for (guint y = 0; y < h; y++)
          {
            for (guint x = 0; x < w; x++)
              for (guint k = 0; k < spp_in_buffer; k++)
                {
                  guint ch = c->separate ? s : k;
                  gsize o = ((gsize) x * spp_in_buffer + k) * bytes;
                  guint v = pattern (c, x, y, ch);

                  memcpy (row + o, bytes == 1 ? (void *) &(guint8) { v }
                                              : (void *) &(guint16) { v }, bytes);
                }
            g_assert_cmpint (TIFFWriteScanline (t, row, y, s), ==, 1);
          }
    }
  TIFFClose (t);
  return expected;
}

static void
test_cases (void)
{
  static const TiffCase cases[] = {
    { "grey8", 1, 8, FALSE, FALSE, COMPRESSION_NONE, 0, FALSE },
    { "grey16-lzw-be", 1, 16, FALSE, FALSE, COMPRESSION_LZW, 0, TRUE },
    { "grey16-signed-deflate", 1, 16, TRUE, FALSE, COMPRESSION_ADOBE_DEFLATE, 0, FALSE },
    { "grey16-signed-be", 1, 16, TRUE, FALSE, COMPRESSION_NONE, 0, TRUE },
    { "grey-alpha16-separate", 2, 16, FALSE, TRUE, COMPRESSION_NONE, 0, FALSE },
    { "grey-alpha8", 2, 8, FALSE, FALSE, COMPRESSION_PACKBITS, 0, FALSE },
    { "rgb8-packbits", 3, 8, FALSE, FALSE, COMPRESSION_PACKBITS, 0, FALSE },
    { "rgb8-separate", 3, 8, FALSE, TRUE, COMPRESSION_NONE, 0, FALSE },
    { "rgb16-separate-lzw-be", 3, 16, FALSE, TRUE, COMPRESSION_LZW, 0, TRUE },
    { "rgb16", 3, 16, FALSE, FALSE, COMPRESSION_NONE, 0, FALSE },
    { "rgba8-tiled", 4, 8, FALSE, FALSE, COMPRESSION_NONE, 16, FALSE },
    { "rgba16-tiled-deflate-be", 4, 16, FALSE, FALSE, COMPRESSION_ADOBE_DEFLATE, 16, TRUE },
    { "rgb16-separate-tiled", 3, 16, FALSE, TRUE, COMPRESSION_LZW, 16, FALSE },
    { "grey16-tiled", 1, 16, FALSE, FALSE, COMPRESSION_NONE, 32, FALSE },
  };

  for (gsize k = 0; k < G_N_ELEMENTS (cases); k++)
    {
      g_autofree char *path = g_strdup_printf ("%s/%s.tif", tmp_dir, cases[k].name);
      g_autoptr(DkgImage) expected = NULL;
      g_autoptr(DkgImage) got = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("%s", cases[k].name);
      /* 37 × 21: not a multiple of the strip height or the tile size */
      expected = write_tiff (&cases[k], path, 37, 21);
      got = dkg_image_load (path, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (got->source_format, ==, "tiff");
      g_assert_cmpuint (got->width, ==, 37);
      g_assert_cmpuint (got->height, ==, 21);
      g_assert_cmpuint (got->channels, ==, cases[k].spp);
      g_assert_cmpuint (got->bit_depth, ==, cases[k].bps);
      g_assert_cmpint (!!got->is_signed, ==, !!cases[k].is_signed);
      g_assert_cmpmem (got->data, dkg_image_n_bytes (got), expected->data,
                       dkg_image_n_bytes (expected));
    }
}

static void
test_signed_values (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "signed.tif", NULL);
  static const gint16 values[6] = { -32768, -1, 0, 1, 32767, -1234 };
  g_autoptr(GError) error = NULL;
  g_autoptr(DkgImage) im = NULL;
  TIFF *t = TIFFOpen (path, "w");

  TIFFSetField (t, TIFFTAG_IMAGEWIDTH, 3);
  TIFFSetField (t, TIFFTAG_IMAGELENGTH, 2);
  TIFFSetField (t, TIFFTAG_SAMPLESPERPIXEL, 1);
  TIFFSetField (t, TIFFTAG_BITSPERSAMPLE, 16);
  TIFFSetField (t, TIFFTAG_SAMPLEFORMAT, SAMPLEFORMAT_INT);
  TIFFSetField (t, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_MINISBLACK);
  TIFFWriteScanline (t, (void *) values, 0, 0);
  TIFFWriteScanline (t, (void *) (values + 3), 1, 0);
  TIFFClose (t);

  im = dkg_image_load (path, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (im->is_signed);
  for (guint i = 0; i < 6; i++)
    g_assert_cmpint (((gint16 *) im->data)[i], ==, values[i]);
}

/* JPEG-compressed YCbCr TIFF: libtiff converts to RGB; lossy, so compared within a bound. */
static void
test_jpeg_ycbcr (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "jpeg.tif", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DkgImage) im = NULL;
  guint8 row[48 * 3];
  TIFF *t = TIFFOpen (path, "w");
  double sum = 0;

  TIFFSetField (t, TIFFTAG_IMAGEWIDTH, 48);
  TIFFSetField (t, TIFFTAG_IMAGELENGTH, 32);
  TIFFSetField (t, TIFFTAG_SAMPLESPERPIXEL, 3);
  TIFFSetField (t, TIFFTAG_BITSPERSAMPLE, 8);
  TIFFSetField (t, TIFFTAG_COMPRESSION, COMPRESSION_JPEG);
  TIFFSetField (t, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_YCBCR);
  TIFFSetField (t, TIFFTAG_JPEGCOLORMODE, JPEGCOLORMODE_RGB);
  TIFFSetField (t, TIFFTAG_JPEGQUALITY, 95);
  TIFFSetField (t, TIFFTAG_ROWSPERSTRIP, 16);
  for (guint y = 0; y < 32; y++)
    {
      for (guint x = 0; x < 48 * 3; x++)
        row[x] = (guint8) (50 + x + y * 2);
      g_assert_cmpint (TIFFWriteScanline (t, row, y, 0), ==, 1);
    }
  TIFFClose (t);

  im = dkg_image_load (path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (im->channels, ==, 3);
  g_assert_cmpuint (im->width, ==, 48);
  g_assert_cmpuint (im->height, ==, 32);
  for (guint y = 0; y < 32; y++)
    for (guint x = 0; x < 48 * 3; x++)
      sum += abs ((int) im->data[y * 48 * 3 + x] - (int) (guint8) (50 + x + y * 2));
  g_test_message ("mean |error| %.3f", sum / (48 * 32 * 3));
  g_assert_cmpfloat (sum / (48 * 32 * 3), <, 4.0);
}

static void
expect_unsupported (const char *name, guint16 photometric, guint spp, guint bps, guint format,
                    gboolean palette)
{
  g_autofree char *path = g_build_filename (tmp_dir, name, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DkgImage) im = NULL;
  g_autofree guint8 *row = g_malloc0 (64);
  TIFF *t = TIFFOpen (path, "w");
  guint16 map[256];

  TIFFSetField (t, TIFFTAG_IMAGEWIDTH, 4);
  TIFFSetField (t, TIFFTAG_IMAGELENGTH, 2);
  TIFFSetField (t, TIFFTAG_SAMPLESPERPIXEL, spp);
  TIFFSetField (t, TIFFTAG_BITSPERSAMPLE, bps);
  TIFFSetField (t, TIFFTAG_SAMPLEFORMAT, format);
  TIFFSetField (t, TIFFTAG_PHOTOMETRIC, photometric);
  if (palette)
    {
      for (int i = 0; i < 256; i++)
        map[i] = (guint16) (i * 257);
      TIFFSetField (t, TIFFTAG_COLORMAP, map, map, map);
    }
  TIFFWriteScanline (t, row, 0, 0);
  TIFFWriteScanline (t, row, 1, 0);
  TIFFClose (t);

  im = dkg_image_load (path, NULL, &error);
  g_assert_null (im);
  g_assert_error (error, DKG_ERROR, DKG_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, name));
  g_test_message ("%s", error->message);
}

static void
test_unsupported (void)
{
  expect_unsupported ("float.tif", PHOTOMETRIC_MINISBLACK, 1, 32, SAMPLEFORMAT_IEEEFP, FALSE);
  expect_unsupported ("int32.tif", PHOTOMETRIC_MINISBLACK, 1, 32, SAMPLEFORMAT_INT, FALSE);
  expect_unsupported ("int8.tif", PHOTOMETRIC_MINISBLACK, 1, 8, SAMPLEFORMAT_INT, FALSE);
  expect_unsupported ("bilevel.tif", PHOTOMETRIC_MINISBLACK, 1, 1, SAMPLEFORMAT_UINT, FALSE);
  expect_unsupported ("palette.tif", PHOTOMETRIC_PALETTE, 1, 8, SAMPLEFORMAT_UINT, TRUE);
  expect_unsupported ("cmyk.tif", PHOTOMETRIC_SEPARATED, 4, 8, SAMPLEFORMAT_UINT, FALSE);
  expect_unsupported ("five.tif", PHOTOMETRIC_RGB, 5, 8, SAMPLEFORMAT_UINT, FALSE);
}

static void
test_truncated (void)
{
  static const TiffCase c = { "t", 1, 16, FALSE, FALSE, COMPRESSION_NONE, 0, FALSE };
  g_autofree char *path = g_build_filename (tmp_dir, "full.tif", NULL);
  g_autofree char *cut_path = g_build_filename (tmp_dir, "cut.tif", NULL);
  g_autoptr(DkgImage) expected = write_tiff (&c, path, 30, 20);
  g_autofree char *data = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  for (gsize cut = 3; cut < len; cut += (cut < 100 ? 1 : 53))
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DkgImage) im = NULL;

      g_assert_true (g_file_set_contents (cut_path, data, cut, NULL));
      im = dkg_image_load (cut_path, NULL, &error);
      g_assert_null (im);
      g_assert_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE);
      g_assert_nonnull (strstr (error->message, "cut.tif"));
    }
}

/* The directory intact, the image data cut short: a one-strip file (every IFD value inline)
 * rebuilt as header + first half of the data + directory. */
static void
test_truncated_data (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "one-strip.tif", NULL);
  g_autofree char *cut_path = g_build_filename (tmp_dir, "short-data.tif", NULL);
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DkgImage) im = NULL;
  GByteArray *out = g_byte_array_new ();
  guint16 row[40] = { 0 };
  gsize len, n_data = 40 * 30 * 2, half = n_data / 2;
  guint32 ifd_offset;
  TIFF *t = TIFFOpen (path, "wl");

  TIFFSetField (t, TIFFTAG_IMAGEWIDTH, 40);
  TIFFSetField (t, TIFFTAG_IMAGELENGTH, 30);
  TIFFSetField (t, TIFFTAG_SAMPLESPERPIXEL, 1);
  TIFFSetField (t, TIFFTAG_BITSPERSAMPLE, 16);
  TIFFSetField (t, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_MINISBLACK);
  TIFFSetField (t, TIFFTAG_ROWSPERSTRIP, 30);
  for (guint y = 0; y < 30; y++)
    TIFFWriteScanline (t, row, y, 0);
  TIFFClose (t);

  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  memcpy (&ifd_offset, data + 4, 4);
  g_assert_cmpuint (GUINT32_FROM_LE (ifd_offset), ==, 8 + n_data);
  ifd_offset = GUINT32_TO_LE (8 + half);
  g_byte_array_append (out, (guint8 *) data, 4);
  g_byte_array_append (out, (guint8 *) &ifd_offset, 4);
  g_byte_array_append (out, (guint8 *) data + 8, half);
  g_byte_array_append (out, (guint8 *) data + 8 + n_data, len - 8 - n_data);
  g_assert_true (g_file_set_contents (cut_path, (char *) out->data, out->len, NULL));
  g_byte_array_unref (out);

  im = dkg_image_load (cut_path, NULL, &error);
  g_assert_null (im);
  g_assert_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE);
  g_test_message ("%s", error->message);
}

int
main (int argc, char **argv)
{
  int result;

  dkg_test_init (&argc, &argv);
  tmp_dir = dkg_test_make_tmpdir ();

  g_test_add_func ("/core/image/tiff/layouts", test_cases);
  g_test_add_func ("/core/image/tiff/signed-values", test_signed_values);
  g_test_add_func ("/core/image/tiff/jpeg-ycbcr", test_jpeg_ycbcr);
  g_test_add_func ("/core/image/tiff/unsupported", test_unsupported);
  g_test_add_func ("/core/image/tiff/truncated", test_truncated);
  g_test_add_func ("/core/image/tiff/truncated-data", test_truncated_data);

  result = g_test_run ();
  dkg_test_rm_rf (tmp_dir);
  g_free (tmp_dir);
  return result;
}
