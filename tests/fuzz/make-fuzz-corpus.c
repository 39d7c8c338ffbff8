/* make-fuzz-corpus.c — writes the seed corpora of tests/fuzz/corpus/ (see corpus/README.md)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: make-fuzz-corpus SOURCE_ROOT OUT_DIR   (OUT_DIR is normally tests/fuzz/corpus)
 *
 * Small valid files of every format and variant the loaders handle, so that the fuzzers start
 * deep inside each parser: PNG (each colour type and depth, palette with tRNS, interlaced, the
 * signed-16-bit and iTXt variants we write), JPEG (grey, 4:2:0 and 4:4:4 colour, progressive,
 * restart markers), TIFF (8/16-bit, signed, grey/alpha/RGB/RGBA, strips and tiles, separate
 * planes, LZW/Deflate/PackBits, big-endian), NIfTI-1 (uint8/int16/uint16/RGB24, 2-D and 3-D,
 * gzip), DICOM (the shipped MR_small.dcm re-encoded by GDCM: RLE, JPEG baseline and lossless,
 * JPEG-LS, JPEG 2000, two frames), safetensors (every dtype, scalars, empty tensors, metadata),
 * model files and checkpoints (their metadata, with few tensors — whole ones are megabytes;
 * scripts/fuzz.sh also seeds the model harness with the shipped model), containers (each
 * scheme, and their JSON headers alone for the iTXt path), LSB-stego images in fuzz-stego's
 * input format, and the wrapped-key chunk's JSON of tests/data/rsa/wrapped-container.png for
 * the RSA engineer's harness (tests/core/crypto/fuzz-rsa.c). Deterministic: fixed seeds; the
 * containers' salts and nonces are random.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>
#include <jpeglib.h>
#include <nifti1_io.h>
#include <png.h>
#include <tiffio.h>
#include <zlib.h>

#include "crypto-test.h"
#include "dkg-container.h"
#include "dkg-lsb-stego.h"
#include "dkg-test-dicom.h"
#include "dkg-image.h"
#include "dkg-safetensors.h"
#include "dkg-model-file.h"
#include "dkg-gan-trainer.h"

static const char *out_root;

static char *
out_path (const char *harness, const char *name)
{
  g_autofree char *dir = g_build_filename (out_root, harness, NULL);

  g_mkdir_with_parents (dir, 0755);
  return g_build_filename (dir, name, NULL);
}

static void
put (const char *harness, const char *name, const void *data, gsize len)
{
  g_autofree char *path = out_path (harness, name);
  g_autoptr(GError) error = NULL;

  if (!g_file_set_contents (path, data, (gssize) len, &error))
    g_error ("%s", error->message);
  printf ("%s (%" G_GSIZE_FORMAT " bytes)\n", path, len);
}

static void
put_bytes (const char *harness, const char *name, GBytes *b)
{
  gsize len;
  gconstpointer data = g_bytes_get_data (b, &len);

  put (harness, name, data, len);
}

static guint8
pattern (gsize i)
{
  return (guint8) (i * 37 + (i >> 3) * 11);
}

/* ---- PNG --------------------------------------------------------------------------------- */

static void
png_ours (const char *name, guint w, guint h, guint channels, guint depth, gboolean is_signed,
          const char *itxt)
{
  g_autoptr(DkgImage) im = dkg_image_new (w, h, channels, depth, is_signed, NULL);
  g_autoptr(GBytes) b = NULL;

  for (gsize i = 0; i < dkg_image_n_bytes (im); i++)
    im->data[i] = pattern (i);
  b = dkg_image_encode_png (im, itxt != NULL ? "deepkeygen" : NULL, itxt, NULL);
  put_bytes ("png", name, b);
}

typedef struct
{
  GByteArray *out;
} PngSink;

static void
png_sink_write (png_structp png, png_bytep data, png_size_t len)
{
  PngSink *s = png_get_io_ptr (png);

  g_byte_array_append (s->out, data, (guint) len);
}

static void
png_sink_flush (png_structp png)
{
}

/* A PNG written with libpng directly: palette, sub-byte grey, interlacing. */
static void
png_raw (const char *name, guint w, guint h, int color_type, int depth, int interlace,
         gboolean trns)
{
  png_structp png = png_create_write_struct (PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
  png_infop info = png_create_info_struct (png);
  PngSink sink = { g_byte_array_new () };
  int channels = color_type == PNG_COLOR_TYPE_RGB ? 3 : color_type == PNG_COLOR_TYPE_RGB_ALPHA ? 4
                 : color_type == PNG_COLOR_TYPE_GRAY_ALPHA ? 2 : 1;
  gsize rowbytes = ((gsize) w * channels * depth + 7) / 8;
  g_autofree guint8 *rows = g_malloc0 (rowbytes * h);
  g_autofree png_bytep *ptrs = g_new (png_bytep, h);

  if (setjmp (png_jmpbuf (png)))
    g_error ("libpng failed on %s", name);
  png_set_write_fn (png, &sink, png_sink_write, png_sink_flush);
  png_set_IHDR (png, info, w, h, depth, color_type, interlace, PNG_COMPRESSION_TYPE_DEFAULT,
                PNG_FILTER_TYPE_DEFAULT);
  if (color_type == PNG_COLOR_TYPE_PALETTE)
    {
      png_color palette[16];
      png_byte alpha[16];

      for (int i = 0; i < 16; i++)
        {
          palette[i].red = (png_byte) (i * 16);
          palette[i].green = (png_byte) (255 - i * 16);
          palette[i].blue = (png_byte) (i * 7);
          alpha[i] = (png_byte) (i * 17);
        }
      png_set_PLTE (png, info, palette, 1 << MIN (depth, 4));
      if (trns)
        png_set_tRNS (png, info, alpha, 1 << MIN (depth, 4), NULL);
    }
  else if (trns && color_type == PNG_COLOR_TYPE_GRAY)
    {
      png_color_16 c = { 0 };

      c.gray = 1;
      png_set_tRNS (png, info, NULL, 0, &c);
    }
  for (gsize i = 0; i < rowbytes * h; i++)
    rows[i] = color_type == PNG_COLOR_TYPE_PALETTE && depth == 8 ? pattern (i) % 16 : pattern (i);
  for (guint y = 0; y < h; y++)
    ptrs[y] = rows + y * rowbytes;
  png_set_rows (png, info, ptrs);
  png_write_png (png, info, PNG_TRANSFORM_IDENTITY, NULL);
  png_destroy_write_struct (&png, &info);
  put ("png", name, sink.out->data, sink.out->len);
  g_byte_array_unref (sink.out);
}

static void
make_png (void)
{
  png_ours ("grey8.png", 7, 5, 1, 8, FALSE, NULL);
  png_ours ("grey16.png", 4, 4, 1, 16, FALSE, NULL);
  png_ours ("grey-alpha8.png", 5, 3, 2, 8, FALSE, NULL);
  png_ours ("rgb8.png", 6, 4, 3, 8, FALSE, NULL);
  png_ours ("rgba16.png", 3, 3, 4, 16, FALSE, NULL);
  png_ours ("signed16.png", 4, 3, 1, 16, TRUE, NULL);
  png_ours ("itxt.png", 4, 2, 1, 8, FALSE, "{\"version\": 1}");
  png_raw ("palette4-trns.png", 9, 5, PNG_COLOR_TYPE_PALETTE, 4, PNG_INTERLACE_NONE, TRUE);
  png_raw ("palette8.png", 6, 6, PNG_COLOR_TYPE_PALETTE, 8, PNG_INTERLACE_NONE, FALSE);
  png_raw ("grey1.png", 13, 3, PNG_COLOR_TYPE_GRAY, 1, PNG_INTERLACE_NONE, FALSE);
  png_raw ("grey2-trns.png", 7, 4, PNG_COLOR_TYPE_GRAY, 2, PNG_INTERLACE_NONE, TRUE);
  png_raw ("rgb8-adam7.png", 11, 9, PNG_COLOR_TYPE_RGB, 8, PNG_INTERLACE_ADAM7, FALSE);
  png_raw ("grey-alpha16-adam7.png", 5, 7, PNG_COLOR_TYPE_GRAY_ALPHA, 16, PNG_INTERLACE_ADAM7,
           FALSE);
}

/* ---- JPEG -------------------------------------------------------------------------------- */

static void
jpeg_one (const char *name, int w, int h, int components, int h_samp, gboolean progressive,
          int restart_rows)
{
  struct jpeg_compress_struct c;
  struct jpeg_error_mgr err;
  unsigned char *mem = NULL;
  unsigned long size = 0;
  g_autofree guint8 *row = g_malloc ((gsize) w * components);

  c.err = jpeg_std_error (&err);
  jpeg_create_compress (&c);
  jpeg_mem_dest (&c, &mem, &size);
  c.image_width = (JDIMENSION) w;
  c.image_height = (JDIMENSION) h;
  c.input_components = components;
  c.in_color_space = components == 1 ? JCS_GRAYSCALE : JCS_RGB;
  jpeg_set_defaults (&c);
  jpeg_set_quality (&c, 80, TRUE);
  if (components == 3)
    {
      c.comp_info[0].h_samp_factor = h_samp;
      c.comp_info[0].v_samp_factor = h_samp;
    }
  if (progressive)
    jpeg_simple_progression (&c);
  c.restart_in_rows = restart_rows;
  jpeg_start_compress (&c, TRUE);
  while (c.next_scanline < c.image_height)
    {
      JSAMPROW r = row;

      for (int x = 0; x < w * components; x++)
        row[x] = pattern ((gsize) x + c.next_scanline * 5);
      jpeg_write_scanlines (&c, &r, 1);
    }
  jpeg_finish_compress (&c);
  jpeg_destroy_compress (&c);
  put ("jpeg", name, mem, size);
  free (mem);
}

static void
make_jpeg (void)
{
  jpeg_one ("grey.jpg", 16, 8, 1, 1, FALSE, 0);
  jpeg_one ("rgb-420.jpg", 17, 13, 3, 2, FALSE, 0);
  jpeg_one ("rgb-444.jpg", 8, 8, 3, 1, FALSE, 0);
  jpeg_one ("rgb-progressive.jpg", 16, 16, 3, 2, TRUE, 0);
  jpeg_one ("grey-restart.jpg", 24, 24, 1, 1, FALSE, 1);
}

/* ---- TIFF -------------------------------------------------------------------------------- */

static void
tiff_one (const char *name, guint32 w, guint32 h, int spp, int bps, int format, int compression,
          gboolean tiles, gboolean separate, gboolean big_endian)
{
  g_autofree char *path = out_path ("tiff", name);
  TIFF *t = TIFFOpen (path, big_endian ? "wb" : "wl");
  gsize sample_bytes = (gsize) bps / 8;
  int planes = separate ? spp : 1;
  int per_plane = separate ? 1 : spp;

  g_assert_nonnull (t);
  TIFFSetField (t, TIFFTAG_IMAGEWIDTH, w);
  TIFFSetField (t, TIFFTAG_IMAGELENGTH, h);
  TIFFSetField (t, TIFFTAG_SAMPLESPERPIXEL, spp);
  TIFFSetField (t, TIFFTAG_BITSPERSAMPLE, bps);
  TIFFSetField (t, TIFFTAG_SAMPLEFORMAT, format);
  TIFFSetField (t, TIFFTAG_COMPRESSION, compression);
  TIFFSetField (t, TIFFTAG_PHOTOMETRIC, spp >= 3 ? PHOTOMETRIC_RGB : PHOTOMETRIC_MINISBLACK);
  TIFFSetField (t, TIFFTAG_PLANARCONFIG, separate ? PLANARCONFIG_SEPARATE : PLANARCONFIG_CONTIG);
  if (spp == 2 || spp == 4)
    {
      guint16 extra = EXTRASAMPLE_UNASSALPHA;

      TIFFSetField (t, TIFFTAG_EXTRASAMPLES, 1, &extra);
    }
  if (tiles)
    {
      guint32 tw = 16, th = 16;
      gsize tile_bytes = (gsize) tw * th * per_plane * sample_bytes;
      g_autofree guint8 *buf = g_malloc (tile_bytes);

      TIFFSetField (t, TIFFTAG_TILEWIDTH, tw);
      TIFFSetField (t, TIFFTAG_TILELENGTH, th);
      for (int p = 0; p < planes; p++)
        for (guint32 y = 0; y < h; y += th)
          for (guint32 x = 0; x < w; x += tw)
            {
              for (gsize i = 0; i < tile_bytes; i++)
                buf[i] = pattern (i + x + y * 3 + (gsize) p * 101);
              TIFFWriteTile (t, buf, x, y, 0, (tsample_t) p);
            }
    }
  else
    {
      gsize row_bytes = (gsize) w * per_plane * sample_bytes;
      g_autofree guint8 *row = g_malloc (row_bytes);

      TIFFSetField (t, TIFFTAG_ROWSPERSTRIP, 4);
      for (int p = 0; p < planes; p++)
        for (guint32 y = 0; y < h; y++)
          {
            for (gsize i = 0; i < row_bytes; i++)
              row[i] = pattern (i + y * row_bytes + (gsize) p * 101);
            TIFFWriteScanline (t, row, y, (tsample_t) p);
          }
    }
  TIFFClose (t);
  printf ("%s\n", path);
}

static void
make_tiff (void)
{
  tiff_one ("grey8.tif", 9, 7, 1, 8, SAMPLEFORMAT_UINT, COMPRESSION_NONE, FALSE, FALSE, FALSE);
  tiff_one ("grey16-lzw.tif", 12, 10, 1, 16, SAMPLEFORMAT_UINT, COMPRESSION_LZW, FALSE, FALSE,
            FALSE);
  tiff_one ("int16-be.tif", 8, 6, 1, 16, SAMPLEFORMAT_INT, COMPRESSION_NONE, FALSE, FALSE, TRUE);
  tiff_one ("grey-alpha8-packbits.tif", 7, 5, 2, 8, SAMPLEFORMAT_UINT, COMPRESSION_PACKBITS,
            FALSE, FALSE, FALSE);
  tiff_one ("rgb8-deflate-tiles.tif", 20, 18, 3, 8, SAMPLEFORMAT_UINT, COMPRESSION_ADOBE_DEFLATE,
            TRUE, FALSE, FALSE);
  tiff_one ("rgb16-separate.tif", 6, 5, 3, 16, SAMPLEFORMAT_UINT, COMPRESSION_NONE, FALSE, TRUE,
            FALSE);
  tiff_one ("rgba8-separate-tiles.tif", 17, 16, 4, 8, SAMPLEFORMAT_UINT, COMPRESSION_LZW, TRUE,
            TRUE, TRUE);
}

/* ---- NIfTI-1 ----------------------------------------------------------------------------- */

static GBytes *
nifti_bytes (int nx, int ny, int nz, int datatype, int bytes_per_voxel)
{
  int dims[8] = { nz > 1 ? 3 : 2, nx, ny, nz, 1, 1, 1, 1 };
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
      guint8 b = pattern (i);

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
  gsize cap = compressBound ((uLong) len) + 64;
  guint8 *out = g_malloc (cap);

  g_assert_cmpint (deflateInit2 (&s, 9, Z_DEFLATED, 16 + 15, 8, Z_DEFAULT_STRATEGY), ==, Z_OK);
  s.next_in = (Bytef *) data;
  s.avail_in = (uInt) len;
  s.next_out = out;
  s.avail_out = (uInt) cap;
  g_assert_cmpint (deflate (&s, Z_FINISH), ==, Z_STREAM_END);
  deflateEnd (&s);
  return g_bytes_new_take (out, s.total_out);
}

static void
make_nifti (void)
{
  g_autoptr(GBytes) u8 = nifti_bytes (6, 5, 4, DT_UINT8, 1);
  g_autoptr(GBytes) i16 = nifti_bytes (4, 4, 3, DT_INT16, 2);
  g_autoptr(GBytes) u16 = nifti_bytes (5, 3, 2, DT_UINT16, 2);
  g_autoptr(GBytes) rgb = nifti_bytes (3, 3, 2, DT_RGB24, 3);
  g_autoptr(GBytes) flat = nifti_bytes (7, 5, 1, DT_UINT8, 1);
  g_autoptr(GBytes) gz = gzip_bytes (i16);

  put_bytes ("nifti", "uint8.nii", u8);
  put_bytes ("nifti", "int16.nii", i16);
  put_bytes ("nifti", "uint16.nii", u16);
  put_bytes ("nifti", "rgb24.nii", rgb);
  put_bytes ("nifti", "uint8-2d.nii", flat);
  put_bytes ("nifti", "int16.nii.gz", gz);
}

/* ---- DICOM ------------------------------------------------------------------------------- */

static void
make_dicom (const char *source_root)
{
  static const struct { const char *name; const char *uid; } syntaxes[] = {
    { "mr-rle.dcm", "1.2.840.10008.1.2.5" },
    { "mr-jpeg-lossless.dcm", "1.2.840.10008.1.2.4.70" },
    { "mr-jpegls.dcm", "1.2.840.10008.1.2.4.80" },
    { "mr-j2k-lossless.dcm", "1.2.840.10008.1.2.4.90" },
    { "mr-explicit-be.dcm", "1.2.840.10008.1.2.2" },
  };
  g_autofree char *mr = g_build_filename (source_root, "data", "samples", "MR_small.dcm", NULL);
  g_autoptr(GError) error = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (syntaxes); i++)
    {
      g_autofree char *path = out_path ("dicom", syntaxes[i].name);

      if (!dkg_test_dicom_transcode (mr, path, syntaxes[i].uid, 0, &error))
        g_error ("%s: %s", syntaxes[i].name, error->message);
      printf ("%s\n", path);
    }
  {
    g_autofree char *path = out_path ("dicom", "mr-2-frames.dcm");

    if (!dkg_test_dicom_make_multiframe (mr, path, 2, &error))
      g_error ("multiframe: %s", error->message);
    printf ("%s\n", path);
  }
}

/* ---- safetensors ------------------------------------------------------------------------- */

/* A safetensors file from a JSON header (padded to 8 bytes) and a data block. */
static void
st_raw (const char *harness, const char *name, const char *header, const void *data, gsize len)
{
  GByteArray *a = g_byte_array_new ();
  gsize n = strlen (header), padded = (n + 7) / 8 * 8;
  guint8 le[8];

  for (int i = 0; i < 8; i++)
    le[i] = (guint8) ((guint64) padded >> (8 * i));
  g_byte_array_append (a, le, 8);
  g_byte_array_append (a, (const guint8 *) header, (guint) n);
  for (gsize i = n; i < padded; i++)
    g_byte_array_append (a, (const guint8 *) " ", 1);
  g_byte_array_append (a, data, (guint) len);
  put (harness, name, a->data, a->len);
  g_byte_array_unref (a);
}

static void
make_safetensors (void)
{
  g_autoptr(DkgSafetensors) st = dkg_safetensors_new ();
  g_autoptr(GBytes) b = NULL;
  guint8 block[64];
  gint64 shape[2] = { 2, 3 }, one = 1;
  float f[6] = { 0, 1, -2, 3.5f, 1e-3f, -0.0f };
  gint64 i64 = -7;

  for (gsize i = 0; i < sizeof block; i++)
    block[i] = pattern (i);
  dkg_safetensors_add_f32 (st, "w", 2, shape, f);
  dkg_safetensors_add_i64 (st, "n", 0, NULL, &i64);
  dkg_safetensors_add_f32 (st, "b", 1, &one, f + 3);
  dkg_safetensors_set_metadata (st, "format", "pt");
  b = dkg_safetensors_serialize (st, NULL);
  put_bytes ("safetensors", "ours.safetensors", b);

  st_raw ("safetensors", "dtypes.safetensors",
          "{\"a\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]},"
          "\"b\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[4,8]},"
          "\"c\":{\"dtype\":\"I8\",\"shape\":[4],\"data_offsets\":[8,12]},"
          "\"d\":{\"dtype\":\"U8\",\"shape\":[4],\"data_offsets\":[12,16]},"
          "\"e\":{\"dtype\":\"I32\",\"shape\":[1,1],\"data_offsets\":[16,20]},"
          "\"f\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[20,28]},"
          "\"g\":{\"dtype\":\"BOOL\",\"shape\":[4],\"data_offsets\":[28,32]},"
          "\"h\":{\"dtype\":\"U16\",\"shape\":[2],\"data_offsets\":[32,36]},"
          "\"i\":{\"dtype\":\"I16\",\"shape\":[2],\"data_offsets\":[36,40]},"
          "\"j\":{\"dtype\":\"U32\",\"shape\":[1],\"data_offsets\":[40,44]},"
          "\"k\":{\"dtype\":\"U64\",\"shape\":[1],\"data_offsets\":[44,52]},"
          "\"l\":{\"dtype\":\"F8_E4M3\",\"shape\":[4],\"data_offsets\":[52,56]},"
          "\"m\":{\"dtype\":\"F8_E5M2\",\"shape\":[8],\"data_offsets\":[56,64]}}",
          block, 64);
  st_raw ("safetensors", "empty-tensor.safetensors",
          "{\"z\":{\"dtype\":\"F32\",\"shape\":[0,3],\"data_offsets\":[0,0]},"
          "\"s\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]}}", block, 4);
  st_raw ("safetensors", "metadata-only.safetensors",
          "{\"__metadata__\":{\"k\":\"v\",\"\\u00e9\":\"\\n\"}}", NULL, 0);
  st_raw ("safetensors", "empty.safetensors", "{}", NULL, 0);
  st_raw ("safetensors", "unaligned.safetensors",
          "{\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]},"
          "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[1,9]}}", block, 9);
}

/* ---- model files and checkpoints --------------------------------------------------------- */

static void
make_models (void)
{
  static const float w[2] = { 0.5f, -0.25f };
  gint64 two = 2;
  g_autoptr(DkgSafetensors) st = dkg_safetensors_new ();
  g_autoptr(GBytes) b = NULL;

  /* metadata of a resnet model, one tensor: the loader gets to its shape checks */
  dkg_safetensors_set_metadata (st, "format", DKG_MODEL_FORMAT);
  dkg_safetensors_set_metadata (st, "format_version", DKG_MODEL_FORMAT_VERSION);
  dkg_safetensors_set_metadata (st, "arch", "resnet");
  dkg_safetensors_set_metadata (st, "n_blocks", "1");
  dkg_safetensors_add_f32 (st, "model.0.weight", 1, &two, w);
  b = dkg_safetensors_serialize (st, NULL);
  put_bytes ("model", "resnet-metadata.safetensors", b);
  g_bytes_unref (g_steal_pointer (&b));
  dkg_safetensors_set_metadata (st, "arch", "encdec");
  b = dkg_safetensors_serialize (st, NULL);
  put_bytes ("model", "encdec-metadata.safetensors", b);
  g_clear_pointer (&b, g_bytes_unref);
}

static DkgSafetensors *
strip_tensors (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DkgSafetensors) full = dkg_safetensors_load (path, &error);
  DkgSafetensors *st = dkg_safetensors_new ();
  g_auto(GStrv) keys = NULL;
  guint ndim;
  gint64 shape[8];
  const gint64 *rng;

  g_assert_no_error (error);
  keys = dkg_safetensors_list_metadata_keys (full);
  for (guint i = 0; keys[i] != NULL; i++)
    dkg_safetensors_set_metadata (st, keys[i], dkg_safetensors_get_metadata (full, keys[i]));
  rng = dkg_safetensors_get_i64 (full, "rng_state", &ndim, shape);
  g_assert_nonnull (rng);
  dkg_safetensors_add_i64 (st, "rng_state", ndim, shape, rng);
  return st;
}

static void
make_checkpoints (void)
{
  static const DkgObjective objectives[] = { DKG_OBJECTIVE_GAN, DKG_OBJECTIVE_WGAN_GP };
  static const char *const names[] = { "gan-metadata.ckpt", "wgan-gp-metadata.ckpt" };
  g_autofree char *tmp = g_dir_make_tmp ("dkg-corpus-XXXXXX", NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (objectives); i++)
    {
      g_autoptr(DkgRand) r = dkg_rand_new_seeded (5);
      g_autoptr(DkgImage) a = dkg_image_new (32, 32, 1, 8, FALSE, NULL);
      g_autoptr(DkgImage) c = dkg_image_new (32, 32, 3, 8, FALSE, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(DkgTrainer) t = NULL;
      g_autoptr(DkgSafetensors) st = NULL;
      g_autoptr(GBytes) b = NULL;
      g_autofree char *path = g_build_filename (tmp, "c.ckpt", NULL);
      DkgTrainConfig config;

      for (gsize k = 0; k < dkg_image_n_bytes (a); k++)
        a->data[k] = pattern (k);
      for (gsize k = 0; k < dkg_image_n_bytes (c); k++)
        c->data[k] = pattern (k * 3);
      dkg_train_config_init (&config, objectives[i]);
      config.size = 32;
      config.n_blocks = 1;
      config.n_critic = 1;
      config.seeded = TRUE;
      config.seed = 5;
      t = dkg_trainer_new (&config, dkg_dataset_new_from_images (&a, 1, 32, "a"),
                           dkg_dataset_new_from_images (&c, 1, 32, "c"), &error);
      g_assert_no_error (error);
      g_assert_true (dkg_trainer_save_checkpoint (t, path, &error));
      st = strip_tensors (path);
      b = dkg_safetensors_serialize (st, NULL);
      put_bytes ("checkpoint", names[i], b);
      g_remove (path);
    }
  g_rmdir (tmp);
}

/* ---- containers -------------------------------------------------------------------------- */

static void
make_containers (void)
{
  static const DkgContainerScheme schemes[] = {
    DKG_CONTAINER_SCHEME_XOR, DKG_CONTAINER_SCHEME_ACM_XOR, DKG_CONTAINER_SCHEME_CHACHA20_POLY1305,
  };
  g_autoptr(DkgImage) plain = crypto_test_fixture_plain ();
  g_autoptr(DkgImage) key = crypto_test_fixture_key ();

  for (gsize i = 0; i < G_N_ELEMENTS (schemes); i++)
    {
      DkgContainerOptions opts = { schemes[i], 5 };
      g_autoptr(GBytes) file = dkg_container_encrypt (plain, key, &opts, NULL);
      g_autoptr(DkgContainerInfo) info = dkg_container_read_info (file, "fixture", NULL);
      g_autofree char *json = dkg_container_info_to_json (info);
      g_autofree char *name = g_strdup_printf ("%s.png", dkg_container_scheme_to_string (schemes[i]));
      g_autofree char *hname = g_strdup_printf ("%s-header.json",
                                                dkg_container_scheme_to_string (schemes[i]));

      put_bytes ("container", name, file);
      put ("container", hname, json, strlen (json));
    }
  /* version 2: the whole source file sealed in a "dkGf" chunk */
  {
    DkgContainerOptions opts = { DKG_CONTAINER_SCHEME_XOR, 5 };
    g_autoptr(GBytes) original = crypto_test_fixture_original ();
    g_autoptr(GBytes) file = dkg_container_encrypt_with_original (plain, original, key, &opts,
                                                                  NULL);

    g_assert_nonnull (file);
    put_bytes ("container", "xor-original.png", file);
  }
}

/* ---- LSB steganography (the fuzz-stego input format) ------------------------------------- */

static void
stego_one (const char *name, guint channels, guint depth, guint width, guint height,
           const char *text)
{
  g_autoptr(DkgImage) im = dkg_image_new (width, height, channels, depth, FALSE, NULL);
  g_autoptr(GError) error = NULL;
  GByteArray *a = g_byte_array_new ();
  guint8 head[3];

  for (gsize i = 0; i < dkg_image_n_bytes (im); i++)
    im->data[i] = pattern (i);
  if (text != NULL && !dkg_lsb_stego_embed (im, text, -1, &error))
    g_error ("%s: %s", name, error->message);
  head[0] = (guint8) ((channels - 1) | (depth == 16 ? 4 : 0));
  head[1] = (guint8) ((width - 1) & 0xff);
  head[2] = (guint8) ((width - 1) >> 8);
  g_byte_array_append (a, head, 3);
  g_byte_array_append (a, im->data, (guint) dkg_image_n_bytes (im));
  put ("stego", name, a->data, a->len);
  g_byte_array_unref (a);
}

static void
make_stego (void)
{
  stego_one ("grey8-text.bin", 1, 8, 24, 12, "Fixture: Zoë, 🩻 CT");
  stego_one ("rgb8-text.bin", 3, 8, 8, 8, "hello");
  stego_one ("rgba16-text.bin", 4, 16, 8, 8, "αβγ");
  stego_one ("grey8-none.bin", 1, 8, 8, 4, NULL);
}

/* ---- the wrapped-key chunk of tests/data/rsa/wrapped-container.png ------------------------ */

static guint32
be32 (const guint8 *p)
{
  return (guint32) p[0] << 24 | (guint32) p[1] << 16 | (guint32) p[2] << 8 | p[3];
}

static void
make_rsa (const char *source_root)
{
  g_autofree char *path = g_build_filename (source_root, "tests", "data", "rsa",
                                            "wrapped-container.png", NULL);
  g_autofree char *data = NULL;
  gsize len, pos = 8;

  if (!g_file_get_contents (path, &data, &len, NULL))
    g_error ("cannot read %s", path);
  while (pos + 12 <= len)
    {
      const guint8 *c = (const guint8 *) data + pos;
      guint32 n = be32 (c);
      static const char keyword[] = "deepkeygen-wrapped-key";

      if (pos + 12 + n > len)
        break;
      if (memcmp (c + 4, "iTXt", 4) == 0 && n > sizeof keyword
          && memcmp (c + 8, keyword, sizeof keyword) == 0)
        {
          /* keyword NUL, compression flag and method, language NUL, translated keyword NUL */
          const char *p = (const char *) c + 8 + sizeof keyword + 2;
          const char *end = (const char *) c + 8 + n;

          p = (const char *) memchr (p, '\0', (gsize) (end - p)) + 1;
          p = (const char *) memchr (p, '\0', (gsize) (end - p)) + 1;
          put ("rsa", "wrapped-key.json", p, (gsize) (end - p));
          return;
        }
      pos += 12 + n;
    }
  g_error ("%s has no wrapped-key chunk", path);
}

int
main (int argc, char **argv)
{
  if (argc != 3)
    {
      g_printerr ("usage: %s SOURCE_ROOT OUT_DIR\n", argv[0]);
      return 2;
    }
  out_root = argv[2];
  make_png ();
  make_jpeg ();
  make_tiff ();
  make_nifti ();
  make_dicom (argv[1]);
  make_safetensors ();
  make_models ();
  make_checkpoints ();
  make_containers ();
  make_stego ();
  make_rsa (argv[1]);
  return 0;
}
