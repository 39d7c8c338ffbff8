/* test-image-dicom.c — DICOM through GDCM (dkg-dicom.h and dkg_image_load)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The shipped pydicom samples are checked against their documented sizes and value ranges
 * (data/samples/SOURCES.md) and, sample for sample, against the raw Pixel Data element parsed
 * here without GDCM. Re-encoded copies (RLE, JPEG lossless, JPEG-LS, JPEG 2000, planar RGB,
 * multi-frame), made with GDCM at test time, must load the same.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <jpeglib.h>

#include "dkg-error.h"
#include "dkg-test-dicom.h"
#include "dkg-test-util.h"
#include "dkg-dicom.h"
#include "dkg-image.h"

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

/* ---- RLE written here (PS3.5 Annex G), independent of GDCM's encoder --------------------- */

static void
rle_put16 (GByteArray *b, guint16 v)
{
  guint8 x[2] = { (guint8) v, (guint8) (v >> 8) };

  g_byte_array_append (b, x, 2);
}

static void
rle_put32 (GByteArray *b, guint32 v)
{
  rle_put16 (b, (guint16) v);
  rle_put16 (b, (guint16) (v >> 16));
}

/* An explicit VR little endian element with a 2-byte length. */
static void
rle_put_element (GByteArray *b, guint16 group, guint16 element, const char *vr, const void *value,
           guint16 len)
{
  rle_put16 (b, group);
  rle_put16 (b, element);
  g_byte_array_append (b, (const guint8 *) vr, 2);
  rle_put16 (b, len);
  g_byte_array_append (b, value, len);
}

static void
rle_put_us (GByteArray *b, guint16 element, guint16 v)
{
  guint8 x[2] = { (guint8) v, (guint8) (v >> 8) };

  rle_put_element (b, 0x0028, element, "US", x, 2);
}

/* Writes a W×H RGB 16-bit DICOM file, RLE Lossless, with @frames frames of @samples (W·H·3
 * per frame, host order): each frame one fragment of six segments (R high, R low, G high, …),
 * each segment PackBits with replicate runs where bytes repeat and literal runs elsewhere. */
static void
write_rle_rgb16 (const char *path, guint w, guint h, guint frames, const guint16 *samples)
{
  static const char ts[] = "1.2.840.10008.1.2.5\0";      /* 20 bytes, even */
  static const char sop[] = "1.2.840.10008.5.1.4.1.1.7\0"; /* 26 bytes, even */
  g_autoptr(GByteArray) meta = g_byte_array_new ();
  g_autoptr(GByteArray) f = g_byte_array_new ();
  g_autofree char *nframes = g_strdup_printf ("%u ", frames);
  guint8 zero[128] = { 0 };
  gsize n = (gsize) w * h;

  rle_put_element (meta, 0x0002, 0x0010, "UI", ts, sizeof ts - 1);
  g_byte_array_append (f, zero, 128);
  g_byte_array_append (f, (const guint8 *) "DICM", 4);
  {
    guint8 gl[4] = { (guint8) meta->len, (guint8) (meta->len >> 8), 0, 0 };

    rle_put_element (f, 0x0002, 0x0000, "UL", gl, 4);
  }
  g_byte_array_append (f, meta->data, meta->len);
  rle_put_element (f, 0x0008, 0x0016, "UI", sop, sizeof sop - 1);
  rle_put_us (f, 0x0002, 3);
  rle_put_element (f, 0x0028, 0x0004, "CS", "RGB ", 4);
  rle_put_us (f, 0x0006, 0);
  rle_put_element (f, 0x0028, 0x0008, "IS", nframes, (guint16) (strlen (nframes) & ~1u));
  rle_put_us (f, 0x0010, (guint16) h);
  rle_put_us (f, 0x0011, (guint16) w);
  rle_put_us (f, 0x0100, 16);
  rle_put_us (f, 0x0101, 16);
  rle_put_us (f, 0x0102, 15);
  rle_put_us (f, 0x0103, 0);
  rle_put16 (f, 0x7fe0);
  rle_put16 (f, 0x0010);
  g_byte_array_append (f, (const guint8 *) "OB\0\0", 4);
  rle_put32 (f, 0xffffffffu);
  rle_put16 (f, 0xfffe);
  rle_put16 (f, 0xe000);
  rle_put32 (f, 0);                                      /* empty basic offset table */
  for (guint fr = 0; fr < frames; fr++)
    {
      g_autoptr(GByteArray) frag = g_byte_array_new ();
      guint32 offsets[6];

      g_byte_array_set_size (frag, 64);
      memset (frag->data, 0, 64);
      for (guint seg = 0; seg < 6; seg++)
        {
          guint c = seg / 2, shift = seg % 2 == 0 ? 8 : 0;
          g_autofree guint8 *bytes = g_malloc (n);

          for (gsize i = 0; i < n; i++)
            bytes[i] = (guint8) (samples[(fr * n + i) * 3 + c] >> shift);
          offsets[seg] = frag->len;
          for (gsize i = 0; i < n;)
            {
              gsize run = 1;

              while (i + run < n && run < 128 && bytes[i + run] == bytes[i])
                run++;
              if (run >= 3)
                {
                  guint8 hdr[2] = { (guint8) (1 - (int) run), bytes[i] };

                  g_byte_array_append (frag, hdr, 2);
                  i += run;
                  continue;
                }
              run = MIN ((gsize) 128, n - i);
              for (gsize k = 2; k < run; k++)         /* stop a literal before a repeat */
                if (bytes[i + k] == bytes[i + k - 1] && bytes[i + k] == bytes[i + k - 2])
                  {
                    run = k - 2 > 0 ? k - 2 : 1;
                    break;
                  }
              {
                guint8 hdr = (guint8) (run - 1);

                g_byte_array_append (frag, &hdr, 1);
                g_byte_array_append (frag, bytes + i, (guint) run);
              }
              i += run;
            }
        }
      if (frag->len % 2 != 0)
        g_byte_array_append (frag, zero, 1);
      frag->data[0] = 6;
      for (guint seg = 0; seg < 6; seg++)
        for (guint k = 0; k < 4; k++)
          frag->data[4 + 4 * seg + k] = (guint8) (offsets[seg] >> (8 * k));
      rle_put16 (f, 0xfffe);
      rle_put16 (f, 0xe000);
      rle_put32 (f, frag->len);
      g_byte_array_append (f, frag->data, frag->len);
    }
  rle_put16 (f, 0xfffe);
  rle_put16 (f, 0xe0dd);
  rle_put32 (f, 0);
  g_assert_true (g_file_set_contents (path, (const char *) f->data, f->len, NULL));
}

/* 16-bit RGB RLE: every sample in its place (GDCM 3.0 mis-ordered the segments: red came out
 * as (0, 65280, 255) in pydicom's SC_rgb_rle_16bit.dcm), every frame. */
static void
test_rle_rgb16 (void)
{
  const guint w = 37, h = 23, frames = 3;
  g_autofree guint16 *samples = g_new (guint16, (gsize) w * h * 3 * frames);
  g_autofree char *path = g_build_filename (tmp_dir, "rle-rgb16.dcm", NULL);

  for (gsize i = 0; i < (gsize) w * h * 3 * frames; i++)
    samples[i] = (guint16) (i % 3 == 0 ? 0xffff - i * 7 : i % 3 == 1 ? (i / 7) * 0x0101 : i * 977);
  write_rle_rgb16 (path, w, h, frames, samples);
  for (guint fr = 0; fr < frames; fr++)
    {
      g_autoptr(GError) error = NULL;
      DkgImageLoadOptions o = { fr, 2, -1 };
      g_autoptr(DkgImage) im = dkg_image_load (path, &o, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (im->width, ==, w);
      g_assert_cmpuint (im->channels, ==, 3);
      g_assert_cmpuint (im->bit_depth, ==, 16);
      g_assert_cmpmem (im->data, dkg_image_n_bytes (im), samples + (gsize) fr * w * h * 3,
                       (gsize) w * h * 3 * 2);
    }
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


/* ---- DICOM files built here around a compressed stream -------------------------------------- */

static void
put_element (GByteArray *a, guint16 group, guint16 element, const char *vr, const void *value,
             guint32 length)
{
  guint8 h[12];
  gsize n;
  gboolean long_form = strcmp (vr, "OB") == 0 || strcmp (vr, "OW") == 0;

  h[0] = group & 0xff;
  h[1] = group >> 8;
  h[2] = element & 0xff;
  h[3] = element >> 8;
  h[4] = vr[0];
  h[5] = vr[1];
  if (long_form)
    {
      h[6] = h[7] = 0;
      h[8] = length & 0xff;
      h[9] = (length >> 8) & 0xff;
      h[10] = (length >> 16) & 0xff;
      h[11] = length >> 24;
      n = 12;
    }
  else
    {
      h[6] = length & 0xff;
      h[7] = length >> 8;
      n = 8;
    }
  g_byte_array_append (a, h, n);
  if (value != NULL && length != 0xffffffffu)
    g_byte_array_append (a, value, length);
}

static void
put_string (GByteArray *a, guint16 group, guint16 element, const char *vr, const char *s)
{
  char buffer[128];
  gsize n = strlen (s);

  memcpy (buffer, s, n);
  if (n % 2 == 1)
    buffer[n++] = strcmp (vr, "UI") == 0 ? '\0' : ' ';
  put_element (a, group, element, vr, buffer, n);
}

static void
put_us (GByteArray *a, guint16 group, guint16 element, guint16 v)
{
  guint8 le[2] = { v & 0xff, v >> 8 };

  put_element (a, group, element, "US", le, 2);
}

static void
put_u32 (GByteArray *a, guint32 v)
{
  guint8 le[4] = { v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, v >> 24 };

  g_byte_array_append (a, le, 4);
}

/* A Part 10 file, explicit VR little endian data set, with one encapsulated frame @stream. */
static void
write_encapsulated_dicom (const char *path, const char *ts_uid, const char *pi, guint width,
                          guint height, guint spp, guint bits, const guint8 *stream, gsize len)
{
  GByteArray *meta = g_byte_array_new ();
  GByteArray *file = g_byte_array_new ();
  static const guint8 version[2] = { 0, 1 };
  static const guint8 item[4] = { 0xfe, 0xff, 0x00, 0xe0 };
  static const guint8 end[8] = { 0xfe, 0xff, 0xdd, 0xe0, 0, 0, 0, 0 };
  guint8 preamble[128] = { 0 };
  guint32 group_length;

  put_element (meta, 0x0002, 0x0001, "OB", version, 2);
  put_string (meta, 0x0002, 0x0002, "UI", "1.2.840.10008.5.1.4.1.1.7");
  put_string (meta, 0x0002, 0x0003, "UI", "1.2.826.0.1.3680043.2.1125.1");
  put_string (meta, 0x0002, 0x0010, "UI", ts_uid);
  group_length = GUINT32_TO_LE (meta->len);

  g_byte_array_append (file, preamble, 128);
  g_byte_array_append (file, (const guint8 *) "DICM", 4);
  put_element (file, 0x0002, 0x0000, "UL", &group_length, 4);
  g_byte_array_append (file, meta->data, meta->len);
  put_string (file, 0x0008, 0x0016, "UI", "1.2.840.10008.5.1.4.1.1.7");
  put_string (file, 0x0008, 0x0018, "UI", "1.2.826.0.1.3680043.2.1125.1");
  put_us (file, 0x0028, 0x0002, spp);
  put_string (file, 0x0028, 0x0004, "CS", pi);
  if (spp == 3)
    put_us (file, 0x0028, 0x0006, 0);
  put_us (file, 0x0028, 0x0010, height);
  put_us (file, 0x0028, 0x0011, width);
  put_us (file, 0x0028, 0x0100, bits);
  put_us (file, 0x0028, 0x0101, bits);
  put_us (file, 0x0028, 0x0102, bits - 1);
  put_us (file, 0x0028, 0x0103, 0);
  put_element (file, 0x7fe0, 0x0010, "OB", NULL, 0xffffffffu);
  g_byte_array_append (file, item, 4);                       /* empty basic offset table */
  put_u32 (file, 0);
  g_byte_array_append (file, item, 4);
  put_u32 (file, (len + 1) & ~(gsize) 1);
  g_byte_array_append (file, stream, len);
  if (len % 2 == 1)
    g_byte_array_append (file, (const guint8 *) "", 1);
  g_byte_array_append (file, end, 8);
  g_assert_true (g_file_set_contents (path, (const char *) file->data, file->len, NULL));
  g_byte_array_unref (meta);
  g_byte_array_unref (file);
}

typedef enum { JPEG_YCBCR_JFIF, JPEG_YCBCR_422, JPEG_RGB_ADOBE, JPEG_GREY } JpegKind;

/* A baseline JPEG of a smooth pattern, and (out) its decode by libjpeg as grey or RGB. */
static GBytes *
make_jpeg (JpegKind kind, guint w, guint h, guint8 **decoded)
{
  struct jpeg_compress_struct c;
  struct jpeg_decompress_struct d;
  struct jpeg_error_mgr err;
  unsigned char *mem = NULL;
  unsigned long size = 0;
  int comps = kind == JPEG_GREY ? 1 : 3;
  g_autofree guint8 *row = g_malloc ((gsize) w * comps);
  GBytes *bytes;

  c.err = jpeg_std_error (&err);
  jpeg_create_compress (&c);
  jpeg_mem_dest (&c, &mem, &size);
  c.image_width = w;
  c.image_height = h;
  c.input_components = comps;
  c.in_color_space = comps == 3 ? JCS_RGB : JCS_GRAYSCALE;
  jpeg_set_defaults (&c);
  if (kind == JPEG_RGB_ADOBE)
    jpeg_set_colorspace (&c, JCS_RGB);           /* Adobe marker, transform 0 */
  if (kind == JPEG_YCBCR_422)
    {
      c.write_JFIF_header = FALSE;              /* only the component IDs say YCbCr */
      c.comp_info[0].h_samp_factor = 2;
      c.comp_info[0].v_samp_factor = 1;
    }
  jpeg_set_quality (&c, 95, TRUE);
  jpeg_start_compress (&c, TRUE);
  while (c.next_scanline < c.image_height)
    {
      JSAMPROW r = row;

      for (guint x = 0; x < w; x++)
        for (int k = 0; k < comps; k++)
          row[x * comps + k] = (guint8) (20 + x * 2 + c.next_scanline + k * 60);
      jpeg_write_scanlines (&c, &r, 1);
    }
  jpeg_finish_compress (&c);
  jpeg_destroy_compress (&c);

  d.err = jpeg_std_error (&err);
  jpeg_create_decompress (&d);
  jpeg_mem_src (&d, mem, size);
  jpeg_read_header (&d, TRUE);
  d.out_color_space = comps == 3 ? JCS_RGB : JCS_GRAYSCALE;
  jpeg_start_decompress (&d);
  *decoded = g_malloc ((gsize) w * h * comps);
  while (d.output_scanline < d.output_height)
    {
      JSAMPROW r = *decoded + (gsize) d.output_scanline * w * comps;

      jpeg_read_scanlines (&d, &r, 1);
    }
  jpeg_finish_decompress (&d);
  jpeg_destroy_decompress (&d);
  bytes = g_bytes_new (mem, size);
  free (mem);
  return bytes;
}

static void
check_jpeg_dicom (const char *name, JpegKind kind, const char *pi, int tolerance)
{
  g_autofree char *path = g_build_filename (tmp_dir, name, NULL);
  g_autofree guint8 *reference = NULL;
  g_autoptr(GBytes) jpeg = make_jpeg (kind, 40, 24, &reference);
  g_autoptr(GError) error = NULL;
  g_autoptr(DkgImage) im = NULL;
  guint spp = kind == JPEG_GREY ? 1 : 3;
  int max_diff = 0;

  write_encapsulated_dicom (path, TS_JPEG_BASELINE, pi, 40, 24, spp, 8,
                            g_bytes_get_data (jpeg, NULL), g_bytes_get_size (jpeg));
  im = dkg_image_load (path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (im->width, ==, 40);
  g_assert_cmpuint (im->height, ==, 24);
  g_assert_cmpuint (im->channels, ==, spp);
  for (gsize i = 0; i < dkg_image_n_samples (im); i++)
    max_diff = MAX (max_diff, ABS ((int) im->data[i] - (int) reference[i]));
  g_test_message ("%s: largest difference from libjpeg's decode %d", name, max_diff);
  g_assert_cmpint (max_diff, <=, tolerance);
}

/* The usual lossy colour DICOM (ultrasound, photographs): YBR_FULL_422, 4:2:2, no JFIF. */
static void
test_jpeg_ybr_full_422 (void)
{
  check_jpeg_dicom ("ybr422.dcm", JPEG_YCBCR_422, "YBR_FULL_422", 2);
}

/* PhotometricInterpretation RGB but a JFIF (YCbCr) stream: the stream decides. */
static void
test_jpeg_rgb_mislabelled (void)
{
  check_jpeg_dicom ("rgb-says-jfif.dcm", JPEG_YCBCR_JFIF, "RGB", 2);
}

/* An RGB-coded stream (Adobe transform 0): no colour conversion at all. */
static void
test_jpeg_rgb_adobe (void)
{
  check_jpeg_dicom ("rgb-adobe.dcm", JPEG_RGB_ADOBE, "RGB", 0);
}

static void
test_jpeg_grey (void)
{
  check_jpeg_dicom ("grey-jpeg.dcm", JPEG_GREY, "MONOCHROME2", 0);
}

/* A JPEG 2000 stream (from GDCM's encoder) labelled YBR_RCT: OpenJPEG inverts the colour
 * transform, so the original RGB comes back. */
static void
test_j2k_ybr_rct (void)
{
  g_autofree char *path = sample_path ("SC_rgb_jpeg_dcmd.dcm");
  g_autofree char *j2k = g_build_filename (tmp_dir, "sc-j2k.dcm", NULL);
  g_autofree char *rct = g_build_filename (tmp_dir, "sc-rct.dcm", NULL);
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DkgImage) native = dkg_image_load (path, NULL, &error);
  g_autoptr(DkgImage) im = NULL;
  static const guint8 start[12] = { 0xe0, 0x7f, 0x10, 0x00, 'O', 'B', 0, 0,
                                    0xff, 0xff, 0xff, 0xff };
  gsize len, p;
  guint32 table, frag;

  g_assert_true (dkg_test_dicom_transcode (path, j2k, TS_J2K_LOSSLESS, 0, &error));
  g_assert_true (g_file_get_contents (j2k, &data, &len, NULL));
  for (p = 0; p + 12 <= len && memcmp (data + p, start, 12) != 0; p++)
    ;
  g_assert_cmpuint (p + 12, <=, len);
  p += 12;
  memcpy (&table, data + p + 4, 4);                /* the basic offset table item */
  p += 8 + GUINT32_FROM_LE (table);
  memcpy (&frag, data + p + 4, 4);
  p += 8;
  g_assert_cmpmem (data + p, 2, "\xff\x4f", 2);    /* J2K codestream: SOC marker */
  write_encapsulated_dicom (rct, TS_J2K_LOSSLESS, "YBR_RCT", 256, 256, 3, 8,
                            (const guint8 *) data + p, GUINT32_FROM_LE (frag));
  im = dkg_image_load (rct, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (dkg_image_equal (native, im));
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

/* The modality rescale: CT_small's stored values are Hounsfield units + 1024 (its Rescale
 * Intercept is −1024, slope 1; Modality CT); an RGB secondary capture has none. */
static void
test_rescale (void)
{
  g_autofree char *ct = sample_path ("CT_small.dcm");
  g_autofree char *sc = sample_path ("SC_rgb_jpeg_dcmd.dcm");
  g_autofree char *units = NULL;
  g_autoptr(GError) error = NULL;
  double slope = 0, intercept = 0;

  g_assert_true (dkg_dicom_read_rescale (ct, &slope, &intercept, &units, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (slope, ==, 1.0);
  g_assert_cmpfloat (intercept, ==, -1024.0);
  g_assert_cmpstr (units, ==, "HU");
  g_clear_pointer (&units, g_free);
  g_assert_false (dkg_dicom_read_rescale (sc, &slope, &intercept, &units, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (slope, ==, 1.0);
  g_assert_cmpfloat (intercept, ==, 0.0);
  g_assert_null (units);
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
  g_test_add_func ("/core/image/dicom/rle-rgb16", test_rle_rgb16);
  g_test_add_func ("/core/image/dicom/jpeg-lossless", test_jpeg_lossless);
  g_test_add_func ("/core/image/dicom/jpeg-ls", test_jpeg_ls);
  g_test_add_func ("/core/image/dicom/jpeg2000", test_jpeg2000);
  g_test_add_func ("/core/image/dicom/jpeg-baseline", test_jpeg_baseline);
  g_test_add_func ("/core/image/dicom/planar-rgb", test_planar);
  g_test_add_func ("/core/image/dicom/jpeg-ybr-full-422", test_jpeg_ybr_full_422);
  g_test_add_func ("/core/image/dicom/jpeg-rgb-mislabelled", test_jpeg_rgb_mislabelled);
  g_test_add_func ("/core/image/dicom/jpeg-rgb-adobe", test_jpeg_rgb_adobe);
  g_test_add_func ("/core/image/dicom/jpeg-grey", test_jpeg_grey);
  g_test_add_func ("/core/image/dicom/j2k-ybr-rct", test_j2k_ybr_rct);
  g_test_add_func ("/core/image/dicom/multi-frame", test_multiframe);
  g_test_add_func ("/core/image/dicom/frame-out-of-range", test_frame_out_of_range);
  g_test_add_func ("/core/image/dicom/no-preamble", test_no_preamble);
  g_test_add_func ("/core/image/dicom/no-pixel-data", test_no_pixel_data);
  g_test_add_func ("/core/image/dicom/truncated", test_truncated);
  g_test_add_func ("/core/image/dicom/identifying-attributes", test_identifying);
  g_test_add_func ("/core/image/dicom/missing-file", test_missing);
  g_test_add_func ("/core/image/dicom/rescale", test_rescale);

  result = g_test_run ();
  dkg_test_rm_rf (tmp_dir);
  g_free (tmp_dir);
  return result;
}
