/* make-image-bad-corpus.c — writes the damaged and hostile image files of tests/data/bad/image-*
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: make-image-bad-corpus SOURCE_ROOT OUTPUT_DIR
 * Reads data/samples/CT_small.dcm and data/samples/colin27_ch2_axial_z090_8bit.png below
 * SOURCE_ROOT; everything else is synthesised here with libpng, libjpeg, libtiff and zlib.
 * The output is deterministic. tests/data/bad/IMAGES.md lists each file and the error it must
 * give; test-image-bad checks them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <jpeglib.h>
#include <nifti1_io.h>
#include <tiffio.h>
#include <zlib.h>

static const char *out_dir;

static void
put (const char *name, const void *data, gsize len)
{
  g_autofree char *path = g_build_filename (out_dir, name, NULL);
  g_autoptr(GError) error = NULL;

  if (!g_file_set_contents (path, data, len, &error))
    g_error ("%s", error->message);
}

static GBytes *
get (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *data;
  gsize len;

  if (!g_file_get_contents (path, &data, &len, &error))
    g_error ("%s", error->message);
  return g_bytes_new_take (data, len);
}

static void
be32 (GByteArray *a, guint32 v)
{
  guint8 b[4] = { v >> 24, v >> 16, v >> 8, v };

  g_byte_array_append (a, b, 4);
}

/* Appends a PNG chunk with a correct CRC. */
static void
chunk (GByteArray *a, const char *type, const guint8 *data, guint32 len)
{
  guint32 crc = crc32 (0, (const Bytef *) type, 4);

  if (len > 0)
    crc = crc32 (crc, data, len);
  be32 (a, len);
  g_byte_array_append (a, (const guint8 *) type, 4);
  if (len > 0)
    g_byte_array_append (a, data, len);
  be32 (a, crc);
}

/* A PNG whose IHDR (valid CRC) claims @width × @height 8-bit grey, with a little image data. */
static void
png_claiming (const char *name, guint32 width, guint32 height)
{
  static const guint8 sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  GByteArray *a = g_byte_array_new ();
  guint8 ihdr[13] = { 0 };
  guint8 raw[64] = { 0 };
  guint8 z[128];
  uLongf zlen = sizeof z;

  g_byte_array_append (a, sig, 8);
  ihdr[0] = width >> 24; ihdr[1] = width >> 16; ihdr[2] = width >> 8; ihdr[3] = width;
  ihdr[4] = height >> 24; ihdr[5] = height >> 16; ihdr[6] = height >> 8; ihdr[7] = height;
  ihdr[8] = 8;          /* bit depth */
  ihdr[9] = 0;          /* grey */
  chunk (a, "IHDR", ihdr, 13);
  compress (z, &zlen, raw, sizeof raw);
  chunk (a, "IDAT", z, zlen);
  chunk (a, "IEND", NULL, 0);
  put (name, a->data, a->len);
  g_byte_array_unref (a);
}

static GBytes *
jpeg_bytes (int width, int height, int components, J_COLOR_SPACE space)
{
  struct jpeg_compress_struct c;
  struct jpeg_error_mgr err;
  unsigned char *mem = NULL;
  unsigned long size = 0;
  g_autofree guint8 *row = g_malloc ((gsize) width * components);
  GBytes *bytes;

  c.err = jpeg_std_error (&err);
  jpeg_create_compress (&c);
  jpeg_mem_dest (&c, &mem, &size);
  c.image_width = width;
  c.image_height = height;
  c.input_components = components;
  c.in_color_space = space;
  jpeg_set_defaults (&c);
  jpeg_set_quality (&c, 90, TRUE);
  jpeg_start_compress (&c, TRUE);
  while (c.next_scanline < c.image_height)
    {
      JSAMPROW r = row;

      for (int x = 0; x < width * components; x++)
        row[x] = (guint8) (x * 7 + c.next_scanline * 3);
      jpeg_write_scanlines (&c, &r, 1);
    }
  jpeg_finish_compress (&c);
  jpeg_destroy_compress (&c);
  bytes = g_bytes_new (mem, size);
  free (mem);
  return bytes;
}

static void
tiff_write (const char *name, guint32 width, guint32 height, int bps, int format,
            gboolean write_data)
{
  g_autofree char *path = g_build_filename (out_dir, name, NULL);
  TIFF *t = TIFFOpen (path, "w");
  gsize rowbytes = (gsize) width * bps / 8;
  g_autofree guint8 *row = NULL;

  TIFFSetField (t, TIFFTAG_IMAGEWIDTH, width);
  TIFFSetField (t, TIFFTAG_IMAGELENGTH, height);
  TIFFSetField (t, TIFFTAG_SAMPLESPERPIXEL, 1);
  TIFFSetField (t, TIFFTAG_BITSPERSAMPLE, bps);
  TIFFSetField (t, TIFFTAG_SAMPLEFORMAT, format);
  TIFFSetField (t, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_MINISBLACK);
  TIFFSetField (t, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
  TIFFSetField (t, TIFFTAG_COMPRESSION, COMPRESSION_NONE);
  if (write_data)
    {
      TIFFSetField (t, TIFFTAG_ROWSPERSTRIP, 8);
      row = g_malloc0 (rowbytes);
      for (guint32 y = 0; y < height; y++)
        {
          for (gsize i = 0; i < rowbytes; i++)
            row[i] = (guint8) (i + y);
          TIFFWriteScanline (t, row, y, 0);
        }
    }
  else
    {
      /* Only the directory: one strip that claims the whole image (no data follows). */
      TIFFSetField (t, TIFFTAG_ROWSPERSTRIP, height);
      TIFFWriteRawStrip (t, 0, (guint8[16]) { 0 }, 16);
    }
  TIFFClose (t);
}

/* A NIfTI-1 single file: @nx × @ny × @nz of @datatype, data filled with a ramp. */
static GBytes *
nifti_bytes (int nx, int ny, int nz, int datatype, int bytes_per_voxel)
{
  int dims[8] = { 3, nx, ny, nz, 1, 1, 1, 1 };
  nifti_1_header *h = nifti_make_new_header (dims, datatype);
  GByteArray *a = g_byte_array_new ();
  guint8 ext[4] = { 0 };
  gsize n = (gsize) nx * ny * nz * bytes_per_voxel;

  h->vox_offset = 352;
  memcpy (h->magic, "n+1\0", 4);
  g_byte_array_append (a, (const guint8 *) h, sizeof *h);
  g_byte_array_append (a, ext, 4);
  for (gsize i = 0; i < n; i++)
    {
      guint8 b = (guint8) (i * 13);

      g_byte_array_append (a, &b, 1);
    }
  free (h);
  return g_byte_array_free_to_bytes (a);
}

static GBytes *
gzip_bytes (GBytes *in)
{
  z_stream s = { 0 };
  gsize len;
  const guint8 *data = g_bytes_get_data (in, &len);
  gsize cap = compressBound (len) + 64;
  guint8 *out = g_malloc (cap);

  deflateInit2 (&s, 9, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  s.next_in = (Bytef *) data;
  s.avail_in = len;
  s.next_out = out;
  s.avail_out = cap;
  deflate (&s, Z_FINISH);
  deflateEnd (&s);
  return g_bytes_new_take (out, s.total_out);
}

static void
put_prefix (const char *name, GBytes *b, gsize len)
{
  g_assert (len <= g_bytes_get_size (b));
  put (name, g_bytes_get_data (b, NULL), len);
}

int
main (int argc, char **argv)
{
  g_autofree char *ct_path = NULL;
  g_autofree char *png_path = NULL;
  g_autoptr(GBytes) ct = NULL;
  g_autoptr(GBytes) png = NULL;
  g_autoptr(GBytes) jpeg = NULL;
  g_autoptr(GBytes) rgb_jpeg = NULL;
  g_autoptr(GBytes) cmyk = NULL;
  g_autoptr(GBytes) nii = NULL;
  g_autoptr(GBytes) nii_gz = NULL;
  g_autoptr(GBytes) tif = NULL;
  g_autoptr(GBytes) text_gz = NULL;
  g_autofree char *tif_path = NULL;
  guint8 *bytes;
  gsize len;
  static const char text[] = "This is not an image.\n";

  if (argc != 3)
    {
      g_printerr ("usage: %s SOURCE_ROOT OUTPUT_DIR\n", argv[0]);
      return 2;
    }
  out_dir = argv[2];
  ct_path = g_build_filename (argv[1], "data", "samples", "CT_small.dcm", NULL);
  png_path = g_build_filename (argv[1], "data", "samples", "colin27_ch2_axial_z090_8bit.png", NULL);
  ct = get (ct_path);
  png = get (png_path);

  /* Empty and foreign files */
  put ("image-empty.png", "", 0);
  put ("image-empty.dcm", "", 0);
  put ("image-wrong-magic.png", text, strlen (text));
  text_gz = gzip_bytes (g_bytes_new_static (text, strlen (text)));
  put ("image-not-nifti.nii.gz", g_bytes_get_data (text_gz, NULL), g_bytes_get_size (text_gz));

  /* PNG */
  put_prefix ("image-truncated.png", png, 3000);
  put_prefix ("image-truncated-signature.png", png, 5);
  bytes = g_bytes_unref_to_data (g_bytes_ref (png), &len);
  bytes[33 + 8 + 100] ^= 0x55;            /* inside the first IDAT (after signature and IHDR) */
  put ("image-crc-error.png", bytes, len);
  g_free (bytes);
  png_claiming ("image-100000x100000.png", 100000, 100000);
  png_claiming ("image-2147483647x2147483647.png", 2147483647u, 2147483647u);
  png_claiming ("image-zero-width.png", 0, 16);

  /* JPEG */
  jpeg = jpeg_bytes (24, 16, 1, JCS_GRAYSCALE);
  put ("image-jpeg-named.png", g_bytes_get_data (jpeg, NULL), g_bytes_get_size (jpeg));
  rgb_jpeg = jpeg_bytes (64, 48, 3, JCS_RGB);
  put_prefix ("image-truncated.jpg", rgb_jpeg, g_bytes_get_size (rgb_jpeg) / 2);
  put_prefix ("image-truncated-header.jpg", rgb_jpeg, 40);
  cmyk = jpeg_bytes (8, 8, 4, JCS_CMYK);
  put ("image-cmyk.jpg", g_bytes_get_data (cmyk, NULL), g_bytes_get_size (cmyk));

  /* TIFF */
  tiff_write ("image-float.tif", 4, 4, 32, SAMPLEFORMAT_IEEEFP, TRUE);
  tiff_write ("image-1bit.tif", 16, 4, 1, SAMPLEFORMAT_UINT, TRUE);
  tiff_write ("image-100000x100000.tif", 100000, 100000, 8, SAMPLEFORMAT_UINT, FALSE);
  tiff_write ("image-truncated.tif", 64, 48, 16, SAMPLEFORMAT_UINT, TRUE);
  tif_path = g_build_filename (out_dir, "image-truncated.tif", NULL);
  tif = get (tif_path);
  /* libtiff puts the directory after the data: keep the header and half of the data. */
  put_prefix ("image-truncated.tif", tif, 8 + 64 * 48);
  put_prefix ("image-truncated-header.tif", tif, 6);

  /* DICOM: CT_small is 39206 bytes, its last 32768 + 12 are the pixel data element. */
  put_prefix ("image-truncated-header.dcm", ct, 300);
  put_prefix ("image-truncated-pixels.dcm", ct, g_bytes_get_size (ct) - 10000);

  /* NIfTI-1 */
  nii = nifti_bytes (16, 16, 8, DT_INT16, 2);
  put_prefix ("image-truncated.nii", nii, 352 + 16 * 16 * 8);
  put_prefix ("image-truncated-header.nii", nii, 200);
  nii_gz = gzip_bytes (nii);
  put_prefix ("image-truncated.nii.gz", nii_gz, g_bytes_get_size (nii_gz) / 2);
  {
    g_autoptr(GBytes) f = nifti_bytes (4, 4, 2, DT_FLOAT32, 4);
    g_autoptr(GBytes) z = nifti_bytes (4, 4, 2, DT_UINT8, 1);
    g_autoptr(GBytes) v2 = nifti_bytes (4, 4, 2, DT_UINT8, 1);

    put ("image-float.nii", g_bytes_get_data (f, NULL), g_bytes_get_size (f));
    bytes = g_bytes_unref_to_data (g_steal_pointer (&z), &len);
    bytes[44] = 0;                        /* dim[2] = 0 */
    bytes[45] = 0;
    put ("image-zero-dim.nii", bytes, len);
    g_free (bytes);
    bytes = g_bytes_unref_to_data (g_steal_pointer (&v2), &len);
    bytes[0] = 0x1c;                      /* sizeof_hdr = 540: NIfTI-2 */
    bytes[1] = 0x02;
    put ("image-nifti2.nii", bytes, len);
    g_free (bytes);
  }
  return 0;
}
