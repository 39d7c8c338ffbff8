/* test-image.c — DkgImage basics, limits, and PNG in and out (docs/SPECIFICATION.md §5.8, §10)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The PNG files read here are written by libpng in this test, one per colour type, bit depth,
 * transparency and interlacing, with the expected samples worked out independently.
 */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <math.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <png.h>
#include <zlib.h>

#include "dkg-error.h"
#include "dkg-file.h"
#include "dkg-test-util.h"
#include "dkg-image.h"

/* ---- helpers ------------------------------------------------------------------------------ */

static guint
sample_at (const DkgImage *im, gsize i)
{
  return im->bit_depth == 8 ? im->data[i] : ((const guint16 *) im->data)[i];
}

static void
set_sample (DkgImage *im, gsize i, guint v)
{
  if (im->bit_depth == 8)
    im->data[i] = (guint8) v;
  else
    ((guint16 *) im->data)[i] = (guint16) v;
}

static void
assert_images_equal (const DkgImage *expected, const DkgImage *got)
{
  g_assert_cmpuint (got->width, ==, expected->width);
  g_assert_cmpuint (got->height, ==, expected->height);
  g_assert_cmpuint (got->channels, ==, expected->channels);
  g_assert_cmpuint (got->bit_depth, ==, expected->bit_depth);
  g_assert_cmpint (!!got->is_signed, ==, !!expected->is_signed);
  for (gsize i = 0; i < dkg_image_n_samples (expected); i++)
    if (sample_at (expected, i) != sample_at (got, i))
      g_error ("sample %" G_GSIZE_FORMAT " (x %u, y %u, channel %u): expected %u, got %u", i,
               (guint) (i / expected->channels % expected->width),
               (guint) (i / expected->channels / expected->width),
               (guint) (i % expected->channels), sample_at (expected, i), sample_at (got, i));
  g_assert_true (dkg_image_equal (expected, got));
}

static DkgImage *
random_image (GRand *r, guint w, guint h, guint channels, guint depth, gboolean is_signed)
{
  g_autoptr(GError) error = NULL;
  DkgImage *im = dkg_image_new (w, h, channels, depth, is_signed, &error);

  g_assert_no_error (error);
  for (gsize i = 0; i < dkg_image_n_bytes (im); i++)
    im->data[i] = (guint8) g_rand_int_range (r, 0, 256);
  /* make sure the extremes are there */
  if (depth == 16 && dkg_image_n_samples (im) >= 2)
    {
      ((guint16 *) im->data)[0] = 0x8000;     /* −32768 when signed */
      ((guint16 *) im->data)[1] = 0x7fff;
    }
  return im;
}

typedef struct
{
  GByteArray *out;
} MemWriter;

static void
mem_write_cb (png_structp png, png_bytep data, png_size_t len)
{
  MemWriter *w = png_get_io_ptr (png);

  g_byte_array_append (w->out, data, len);
}

static void
mem_flush_cb (png_structp png)
{
}

/* Reads a PNG with plain libpng, no transformations except 16-bit host order: the raw samples
 * and the text chunks, to look at what dkg_image_encode_png() really wrote. */
typedef struct
{
  const guint8 *data;
  gsize         len, pos;
} MemReader;

static void
mem_read_cb (png_structp png, png_bytep out, png_size_t len)
{
  MemReader *r = png_get_io_ptr (png);

  g_assert_cmpuint (len, <=, r->len - r->pos);
  memcpy (out, r->data + r->pos, len);
  r->pos += len;
}

static guint16 *
raw_read_png16 (GBytes *bytes, GHashTable *texts, guint *n_samples)
{
  png_structp png = png_create_read_struct (PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
  png_infop info = png_create_info_struct (png);
  MemReader r = { 0 };
  png_textp text;
  int n_text;
  guint16 *samples;
  png_bytepp rows;
  gsize rowbytes;

  r.data = g_bytes_get_data (bytes, &r.len);
  png_set_read_fn (png, &r, mem_read_cb);
  png_read_info (png, info);
  g_assert_cmpint (png_get_bit_depth (png, info), ==, 16);
  if (G_BYTE_ORDER == G_LITTLE_ENDIAN)
    png_set_swap (png);
  png_read_update_info (png, info);
  rowbytes = png_get_rowbytes (png, info);
  *n_samples = rowbytes / 2 * png_get_image_height (png, info);
  samples = g_malloc (rowbytes * png_get_image_height (png, info));
  rows = g_new (png_bytep, png_get_image_height (png, info));
  for (guint y = 0; y < png_get_image_height (png, info); y++)
    rows[y] = (png_bytep) samples + y * rowbytes;
  png_read_image (png, rows);
  png_read_end (png, info);
  if (png_get_text (png, info, &text, &n_text) > 0)
    for (int i = 0; i < n_text; i++)
      g_hash_table_insert (texts, g_strdup (text[i].key),
                           g_strdup_printf ("%d:%s", text[i].compression, text[i].text));
  g_free (rows);
  png_destroy_read_struct (&png, &info, NULL);
  return samples;
}

/* ---- basics and limits -------------------------------------------------------------------- */

static void
test_new_copy_equal (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DkgImage) a = dkg_image_new (5, 3, 3, 16, FALSE, &error);
  g_autoptr(DkgImage) b = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (a->width, ==, 5);
  g_assert_cmpuint (a->height, ==, 3);
  g_assert_cmpuint (dkg_image_n_samples (a), ==, 45);
  g_assert_cmpuint (dkg_image_n_bytes (a), ==, 90);
  g_assert_null (a->source_format);
  for (gsize i = 0; i < dkg_image_n_bytes (a); i++)
    g_assert_cmpuint (a->data[i], ==, 0);
  ((guint16 *) a->data)[44] = 65535;
  a->source_format = g_strdup ("png");

  b = dkg_image_copy (a);
  g_assert_true (b->data != a->data);
  g_assert_cmpstr (b->source_format, ==, "png");
  g_assert_true (dkg_image_equal (a, b));
  g_free (b->source_format);
  b->source_format = g_strdup ("dicom");
  g_assert_true (dkg_image_equal (a, b));          /* the source format is not compared */
  ((guint16 *) b->data)[44] = 65534;
  g_assert_false (dkg_image_equal (a, b));
  ((guint16 *) b->data)[44] = 65535;
  b->is_signed = TRUE;
  g_assert_false (dkg_image_equal (a, b));
  b->is_signed = FALSE;
  b->channels = 1;
  g_assert_false (dkg_image_equal (a, b));
  b->channels = 3;
  g_assert_true (dkg_image_equal (NULL, NULL));
  g_assert_false (dkg_image_equal (a, NULL));
}

static void
test_new_limits (void)
{
  GError *error = NULL;
  DkgImage *im;

  im = dkg_image_new (0, 5, 1, 8, FALSE, &error);
  g_assert_null (im);
  g_assert_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  im = dkg_image_new (5, 0, 1, 8, FALSE, &error);
  g_assert_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  im = dkg_image_new (5, 5, 5, 8, FALSE, &error);
  g_assert_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  im = dkg_image_new (5, 5, 0, 8, FALSE, &error);
  g_assert_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  im = dkg_image_new (5, 5, 1, 12, FALSE, &error);
  g_assert_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  im = dkg_image_new (5, 5, 1, 8, TRUE, &error);
  g_assert_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  im = dkg_image_new (DKG_IMAGE_MAX_DIM + 1, 1, 1, 8, FALSE, &error);
  g_assert_null (im);
  g_assert_error (error, DKG_ERROR, DKG_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "32769"));
  g_clear_error (&error);
  im = dkg_image_new (1, DKG_IMAGE_MAX_DIM + 1, 1, 8, FALSE, &error);
  g_assert_error (error, DKG_ERROR, DKG_ERROR_TOO_LARGE);
  g_clear_error (&error);

  /* The largest dimensions are accepted by the dimension check … */
  g_assert_true (dkg_image_check_size (DKG_IMAGE_MAX_DIM, 1, 1, 8, 0, "x", &error));
  g_assert_no_error (error);
  im = dkg_image_new (DKG_IMAGE_MAX_DIM, 2, 4, 16, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dkg_image_n_bytes (im), ==, (gsize) DKG_IMAGE_MAX_DIM * 2 * 4 * 2);
  dkg_image_free (im);

  /* … and 32768 × 32768 × 4 × 16-bit (8 GiB) is refused by the memory estimate under a
   * 64 MiB budget, before any allocation. */
  dkg_image_set_memory_limit (64 * 1024 * 1024);
  g_assert_cmpuint (dkg_image_get_available_memory (), <=, 64 * 1024 * 1024);
  im = dkg_image_new (DKG_IMAGE_MAX_DIM, DKG_IMAGE_MAX_DIM, 4, 16, FALSE, &error);
  g_assert_null (im);
  g_assert_error (error, DKG_ERROR, DKG_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "MiB"));
  g_clear_error (&error);
  /* extra bytes count too */
  g_assert_false (dkg_image_check_size (100, 100, 1, 8, 64 * 1024 * 1024, "x.png", &error));
  g_assert_error (error, DKG_ERROR, DKG_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "x.png"));
  g_clear_error (&error);
  g_assert_true (dkg_image_check_size (100, 100, 1, 8, 1024, "x.png", &error));
  dkg_image_set_memory_limit (0);
  g_assert_cmpuint (dkg_image_get_available_memory (), >, 64 * 1024 * 1024);
}

/* ---- PNG: every colour type and bit depth ------------------------------------------------- */

typedef struct
{
  int      color_type;
  int      depth;
  gboolean trns;
  gboolean interlace;
} PngCase;

/* Writes a @w × @h PNG of @c with libpng and returns it; *@expected gets what a loader must
 * return: sub-byte grey scaled to 8 bits (v·255/(2^d − 1)), palette looked up, tRNS turned into
 * an alpha channel (8- or 16-bit like the image). */
static GBytes *
write_case_png (const PngCase *c, guint w, guint h, DkgImage **expected)
{
  png_structp png = png_create_write_struct (PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
  png_infop info = png_create_info_struct (png);
  MemWriter mw = { g_byte_array_new () };
  int n_in = c->color_type == PNG_COLOR_TYPE_GRAY ? 1
             : c->color_type == PNG_COLOR_TYPE_GRAY_ALPHA ? 2
             : c->color_type == PNG_COLOR_TYPE_RGB ? 3
             : c->color_type == PNG_COLOR_TYPE_RGB_ALPHA ? 4 : 1;
  guint max = (1u << c->depth) - 1;
  guint out_depth = c->depth == 16 ? 16 : 8;
  guint out_max = (1u << out_depth) - 1;
  guint n_out;
  png_color palette[256];
  png_byte trans_alpha[256];
  int n_palette = 0, n_trans = 0;
  png_color_16 trans_color = { 0 };
  gsize in_rowbytes = (gsize) w * n_in * (c->depth == 16 ? 2 : 1);
  guint8 *raw = g_malloc0 (in_rowbytes * h);
  png_bytepp rows = g_new (png_bytep, h);
  g_autoptr(GError) error = NULL;
  guint *v = g_new (guint, 4);

  if (c->color_type == PNG_COLOR_TYPE_PALETTE)
    n_out = c->trns ? 4 : 3;
  else
    n_out = n_in + (c->trns ? 1 : 0);
  *expected = dkg_image_new (w, h, n_out, out_depth, FALSE, &error);
  g_assert_no_error (error);

  if (c->color_type == PNG_COLOR_TYPE_PALETTE)
    {
      n_palette = 1 << c->depth;
      for (int i = 0; i < n_palette; i++)
        palette[i] = (png_color) { (png_byte) (i * 37), (png_byte) (i * 91 + 5),
                                   (png_byte) (255 - i) };
      n_trans = MAX (1, n_palette / 2);
      for (int i = 0; i < n_trans; i++)
        trans_alpha[i] = (png_byte) (i * 50);
    }
  else if (c->color_type == PNG_COLOR_TYPE_GRAY)
    trans_color.gray = 1;
  else if (c->color_type == PNG_COLOR_TYPE_RGB)
    trans_color = (png_color_16) { 0, (png_uint_16) (3 % (max + 1)), (png_uint_16) (5 % (max + 1)),
                                   (png_uint_16) (7 % (max + 1)), 0 };

  for (guint y = 0; y < h; y++)
    for (guint x = 0; x < w; x++)
      {
        gsize o = ((gsize) y * w + x) * n_out;

        for (int ch = 0; ch < n_in; ch++)
          {
            gsize ri = ((gsize) y * w + x) * n_in + ch;

            /* every value occurs; pixel (1, 0) of RGB is the transparent colour */
            v[ch] = (x * 7 + y * 13 + ch * 5 + (guint) c->depth) % (max + 1);
            if (c->color_type == PNG_COLOR_TYPE_PALETTE)
              v[ch] %= (guint) n_palette;
            if (c->color_type == PNG_COLOR_TYPE_RGB && x == 1 && y == 0)
              v[ch] = (guint) (3 + 2 * ch) % (max + 1);
            if (c->depth == 16)
              {
                raw[2 * ri] = v[ch] >> 8;
                raw[2 * ri + 1] = v[ch] & 0xff;
              }
            else
              raw[ri] = (guint8) v[ch];
          }
        switch (c->color_type)
          {
          case PNG_COLOR_TYPE_PALETTE:
            set_sample (*expected, o, palette[v[0]].red);
            set_sample (*expected, o + 1, palette[v[0]].green);
            set_sample (*expected, o + 2, palette[v[0]].blue);
            if (c->trns)
              set_sample (*expected, o + 3, (int) v[0] < n_trans ? trans_alpha[v[0]] : 255);
            break;
          case PNG_COLOR_TYPE_GRAY:
            set_sample (*expected, o, c->depth < 8 ? v[0] * 255 / max : v[0]);
            if (c->trns)
              set_sample (*expected, o + 1, v[0] == trans_color.gray ? 0 : out_max);
            break;
          case PNG_COLOR_TYPE_RGB:
            for (int ch = 0; ch < 3; ch++)
              set_sample (*expected, o + ch, v[ch]);
            if (c->trns)
              set_sample (*expected, o + 3, v[0] == trans_color.red && v[1] == trans_color.green
                                            && v[2] == trans_color.blue ? 0 : out_max);
            break;
          default:
            for (int ch = 0; ch < n_in; ch++)
              set_sample (*expected, o + ch, v[ch]);
            break;
          }
      }

  png_set_write_fn (png, &mw, mem_write_cb, mem_flush_cb);
  png_set_IHDR (png, info, w, h, c->depth, c->color_type,
                c->interlace ? PNG_INTERLACE_ADAM7 : PNG_INTERLACE_NONE,
                PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  if (n_palette > 0)
    png_set_PLTE (png, info, palette, n_palette);
  if (c->trns)
    png_set_tRNS (png, info, trans_alpha, n_trans, &trans_color);
  png_write_info (png, info);
  if (c->depth < 8)
    png_set_packing (png);
  for (guint y = 0; y < h; y++)
    rows[y] = raw + y * in_rowbytes;
  png_write_image (png, rows);
  png_write_end (png, info);
  png_destroy_write_struct (&png, &info);
  g_free (rows);
  g_free (raw);
  g_free (v);
  return g_byte_array_free_to_bytes (mw.out);
}

static void
test_png_all_types (void)
{
  static const PngCase cases[] = {
    { PNG_COLOR_TYPE_GRAY, 1 }, { PNG_COLOR_TYPE_GRAY, 2 }, { PNG_COLOR_TYPE_GRAY, 4 },
    { PNG_COLOR_TYPE_GRAY, 8 }, { PNG_COLOR_TYPE_GRAY, 16 },
    { PNG_COLOR_TYPE_GRAY, 1, TRUE }, { PNG_COLOR_TYPE_GRAY, 2, TRUE },
    { PNG_COLOR_TYPE_GRAY, 4, TRUE }, { PNG_COLOR_TYPE_GRAY, 8, TRUE },
    { PNG_COLOR_TYPE_GRAY, 16, TRUE },
    { PNG_COLOR_TYPE_GRAY_ALPHA, 8 }, { PNG_COLOR_TYPE_GRAY_ALPHA, 16 },
    { PNG_COLOR_TYPE_RGB, 8 }, { PNG_COLOR_TYPE_RGB, 16 },
    { PNG_COLOR_TYPE_RGB, 8, TRUE }, { PNG_COLOR_TYPE_RGB, 16, TRUE },
    { PNG_COLOR_TYPE_RGB_ALPHA, 8 }, { PNG_COLOR_TYPE_RGB_ALPHA, 16 },
    { PNG_COLOR_TYPE_PALETTE, 1 }, { PNG_COLOR_TYPE_PALETTE, 2 },
    { PNG_COLOR_TYPE_PALETTE, 4 }, { PNG_COLOR_TYPE_PALETTE, 8 },
    { PNG_COLOR_TYPE_PALETTE, 1, TRUE }, { PNG_COLOR_TYPE_PALETTE, 2, TRUE },
    { PNG_COLOR_TYPE_PALETTE, 4, TRUE }, { PNG_COLOR_TYPE_PALETTE, 8, TRUE },
    /* Adam7 */
    { PNG_COLOR_TYPE_GRAY, 1, FALSE, TRUE }, { PNG_COLOR_TYPE_GRAY, 16, TRUE, TRUE },
    { PNG_COLOR_TYPE_RGB_ALPHA, 16, FALSE, TRUE }, { PNG_COLOR_TYPE_PALETTE, 4, TRUE, TRUE },
    { PNG_COLOR_TYPE_GRAY_ALPHA, 8, FALSE, TRUE },
  };
  g_autofree char *dir = dkg_test_make_tmpdir ();

  for (gsize k = 0; k < G_N_ELEMENTS (cases); k++)
    {
      const PngCase *c = &cases[k];
      g_autoptr(DkgImage) expected = NULL;
      g_autoptr(DkgImage) got = NULL;
      g_autoptr(DkgImage) from_file = NULL;
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *path = g_strdup_printf ("%s/case-%" G_GSIZE_FORMAT ".png", dir, k);
      char *text = (char *) "unset";

      g_test_message ("colour type %d, depth %d, tRNS %d, interlace %d", c->color_type, c->depth,
                      c->trns, c->interlace);
      /* 13 × 7: odd widths exercise the sub-byte packing and every Adam7 pass */
      bytes = write_case_png (c, 13, 7, &expected);
      got = dkg_image_load_png_bytes (bytes, "case.png", "deepkeygen", &text, &error);
      g_assert_no_error (error);
      g_assert_null (text);
      g_assert_cmpstr (got->source_format, ==, "png");
      assert_images_equal (expected, got);

      g_assert_true (g_file_set_contents (path, g_bytes_get_data (bytes, NULL),
                                          g_bytes_get_size (bytes), NULL));
      from_file = dkg_image_load (path, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (from_file->source_format, ==, "png");
      assert_images_equal (expected, from_file);
    }
  dkg_test_rm_rf (dir);
}

/* ---- PNG: our encoder --------------------------------------------------------------------- */

static void
test_png_round_trip (void)
{
  static const guint sizes[][2] = { { 1, 1 }, { 3, 517 }, { 517, 3 }, { 64, 64 } };
  g_autoptr(GRand) r = g_rand_new_with_seed (20240611);
  g_autofree char *dir = dkg_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "round-trip.png", NULL);

  for (gsize s = 0; s < G_N_ELEMENTS (sizes); s++)
    for (guint depth = 8; depth <= 16; depth += 8)
      for (guint channels = 1; channels <= 4; channels++)
        for (int is_signed = 0; is_signed <= (depth == 16); is_signed++)
          {
            g_autoptr(DkgImage) im = random_image (r, sizes[s][0], sizes[s][1], channels, depth,
                                                   is_signed);
            g_autoptr(DkgImage) back = NULL;
            g_autoptr(DkgImage) loaded = NULL;
            g_autoptr(GBytes) png = NULL;
            g_autoptr(GError) error = NULL;

            png = dkg_image_encode_png (im, NULL, NULL, &error);
            g_assert_no_error (error);
            back = dkg_image_load_png_bytes (png, NULL, NULL, NULL, &error);
            g_assert_no_error (error);
            assert_images_equal (im, back);

            g_assert_true (dkg_image_save_png (im, path, &error));
            g_assert_no_error (error);
            loaded = dkg_image_load (path, NULL, &error);
            g_assert_no_error (error);
            assert_images_equal (im, loaded);
            g_assert_cmpstr (loaded->source_format, ==, "png");
          }
  dkg_test_rm_rf (dir);
}

static void
test_png_signed (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DkgImage) im = dkg_image_new (4, 2, 1, 16, TRUE, &error);
  g_autoptr(DkgImage) back = NULL;
  g_autoptr(GBytes) png = NULL;
  g_autoptr(GHashTable) texts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  static const gint16 values[8] = { -32768, -1, 0, 1, 32767, -1000, 1000, 12345 };
  g_autofree guint16 *raw = NULL;
  guint n = 0;

  memcpy (im->data, values, sizeof values);
  png = dkg_image_encode_png (im, NULL, NULL, &error);
  g_assert_no_error (error);

  /* What is in the file: offset binary and the tEXt chunk that says so */
  raw = raw_read_png16 (png, texts, &n);
  g_assert_cmpuint (n, ==, 8);
  for (guint i = 0; i < n; i++)
    g_assert_cmpint (raw[i], ==, values[i] + 32768);
  g_assert_cmpstr (g_hash_table_lookup (texts, "deepkeygen-signed"), ==,
                   "-1:offset-32768");              /* −1 = PNG_TEXT_COMPRESSION_NONE: tEXt */

  back = dkg_image_load_png_bytes (png, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (back->is_signed);
  for (guint i = 0; i < 8; i++)
    g_assert_cmpint (((gint16 *) back->data)[i], ==, values[i]);

  /* An unsigned image has no such chunk */
  g_hash_table_remove_all (texts);
  g_clear_pointer (&raw, g_free);
  g_clear_pointer (&png, g_bytes_unref);
  im->is_signed = FALSE;
  png = dkg_image_encode_png (im, NULL, NULL, &error);
  raw = raw_read_png16 (png, texts, &n);
  g_assert_cmpuint (g_hash_table_size (texts), ==, 0);
  g_assert_cmpuint (raw[0], ==, 0x8000);
}

static GBytes *
png_with_text_chunk (const char *key, const char *value, gboolean itxt_after_idat)
{
  png_structp png = png_create_write_struct (PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
  png_infop info = png_create_info_struct (png);
  png_infop end = png_create_info_struct (png);
  MemWriter mw = { g_byte_array_new () };
  guint8 row[4] = { 0x80, 0x00, 0x80, 0x05 };    /* two 16-bit samples, stored big endian */
  png_text t = { 0 };

  png_set_write_fn (png, &mw, mem_write_cb, mem_flush_cb);
  png_set_IHDR (png, info, 2, 1, 16, PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_NONE,
                PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  t.key = (char *) key;
  t.text = (char *) value;
  if (itxt_after_idat)
    {
      t.compression = PNG_ITXT_COMPRESSION_zTXt;    /* compressed iTXt, after the image data */
      t.itxt_length = strlen (value);
      t.lang = (char *) "en";
      t.lang_key = (char *) "";
      png_set_text (png, end, &t, 1);
    }
  else
    {
      t.compression = PNG_TEXT_COMPRESSION_NONE;
      t.text_length = strlen (value);
      png_set_text (png, info, &t, 1);
    }
  png_write_info (png, info);
  png_write_row (png, row);
  png_write_end (png, end);
  png_destroy_info_struct (png, &end);
  png_destroy_write_struct (&png, &info);
  return g_byte_array_free_to_bytes (mw.out);
}

static void
test_png_signed_unknown_encoding (void)
{
  g_autoptr(GBytes) png = png_with_text_chunk ("deepkeygen-signed", "twos-complement", FALSE);
  g_autoptr(GBytes) ok = png_with_text_chunk ("deepkeygen-signed", "offset-32768", FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(DkgImage) im = NULL;

  im = dkg_image_load_png_bytes (png, "x.png", NULL, NULL, &error);
  g_assert_null (im);
  g_assert_error (error, DKG_ERROR, DKG_ERROR_UNSUPPORTED);
  g_clear_error (&error);

  /* A PNG from another writer that uses our convention is read signed too */
  im = dkg_image_load_png_bytes (ok, "x.png", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (im->is_signed);
  g_assert_cmpint (((gint16 *) im->data)[0], ==, 0);
  g_assert_cmpint (((gint16 *) im->data)[1], ==, 5);
}

/* Finds the first chunk of @type; returns its data and length. */
static const guint8 *
find_chunk (GBytes *png, const char *type, guint32 *length)
{
  gsize len;
  const guint8 *p = g_bytes_get_data (png, &len);
  gsize pos = 8;

  while (pos + 12 <= len)
    {
      guint32 n = (guint32) p[pos] << 24 | (guint32) p[pos + 1] << 16 | p[pos + 2] << 8
                  | p[pos + 3];

      if (memcmp (p + pos + 4, type, 4) == 0)
        {
          *length = n;
          return p + pos + 8;
        }
      pos += 12 + (gsize) n;
    }
  return NULL;
}

static void
test_png_itxt (void)
{
  static const char *json = "{\"format\":1,\"note\":\"Ω ü 漢字 — “quoted”\"}";
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) r = g_rand_new_with_seed (7);
  g_autoptr(DkgImage) im = random_image (r, 9, 4, 3, 16, FALSE);
  g_autoptr(DkgImage) back = NULL;
  g_autoptr(GBytes) png = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autofree char *text = NULL;
  char *none = (char *) "unset";
  const guint8 *chunk;
  guint32 chunk_len = 0;
  const guint8 *idat;
  guint32 idat_len = 0;
  char long_key[81];

  png = dkg_image_encode_png (im, "deepkeygen", json, &error);
  g_assert_no_error (error);

  /* iTXt, before IDAT: keyword NUL, compression flag 0, method 0, empty language tag NUL,
   * empty translated keyword NUL, then the UTF-8 text as it is */
  chunk = find_chunk (png, "iTXt", &chunk_len);
  idat = find_chunk (png, "IDAT", &idat_len);
  g_assert_nonnull (chunk);
  g_assert_true (chunk < idat);
  g_assert_cmpuint (chunk_len, ==, strlen ("deepkeygen") + 5 + strlen (json));
  g_assert_cmpmem (chunk, 11, "deepkeygen\0", 11);
  g_assert_cmpuint (chunk[11], ==, 0);
  g_assert_cmpuint (chunk[12], ==, 0);
  g_assert_cmpuint (chunk[13], ==, 0);
  g_assert_cmpuint (chunk[14], ==, 0);
  g_assert_cmpmem (chunk + 15, strlen (json), json, strlen (json));

  back = dkg_image_load_png_bytes (png, "c.png", "deepkeygen", &text, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, json);
  assert_images_equal (im, back);
  g_clear_pointer (&back, dkg_image_free);

  back = dkg_image_load_png_bytes (png, "c.png", "other", &none, &error);
  g_assert_no_error (error);
  g_assert_null (none);
  g_clear_pointer (&back, dkg_image_free);

  /* compressed iTXt after the image data (written by plain libpng) is found too */
  after = png_with_text_chunk ("deepkeygen", json, TRUE);
  g_clear_pointer (&text, g_free);
  back = dkg_image_load_png_bytes (after, "d.png", "deepkeygen", &text, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, json);
  g_clear_pointer (&back, dkg_image_free);

  /* a tEXt chunk of that keyword is not an iTXt chunk */
  g_clear_pointer (&after, g_bytes_unref);
  g_clear_pointer (&text, g_free);
  after = png_with_text_chunk ("deepkeygen", "latin-1 text", FALSE);
  back = dkg_image_load_png_bytes (after, "e.png", "deepkeygen", &text, &error);
  g_assert_no_error (error);
  g_assert_null (text);

  /* bad keywords and text */
  memset (long_key, 'k', 80);
  long_key[80] = '\0';
  {
    const char *bad_keys[] = { "", " lead", "trail ", "dou  ble", "tab\tkey", long_key,
                               "deepkeygen-signed", "\xc3\xa9t\xc3\xa9" };

    for (gsize i = 0; i < G_N_ELEMENTS (bad_keys); i++)
      {
        g_autoptr(GBytes) b = dkg_image_encode_png (im, bad_keys[i], "x", &error);

        g_assert_null (b);
        g_assert_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT);
        g_clear_error (&error);
      }
  }
  long_key[79] = '\0';
  {
    g_autoptr(GBytes) b = dkg_image_encode_png (im, long_key, "79 characters are fine", &error);

    g_assert_no_error (error);
    g_assert_nonnull (b);
  }
  {
    g_autoptr(GBytes) b = dkg_image_encode_png (im, "deepkeygen", "bad \xff utf-8", &error);

    g_assert_null (b);
    g_assert_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT);
    g_clear_error (&error);
  }
}

/* ---- saving ------------------------------------------------------------------------------- */

static DkgImage *
small_image (guint8 value)
{
  g_autoptr(GError) error = NULL;
  DkgImage *im = dkg_image_new (16, 16, 1, 8, FALSE, &error);

  g_assert_no_error (error);
  memset (im->data, value, dkg_image_n_bytes (im));
  return im;
}

static void
test_save_replaces_atomically (void)
{
  g_autofree char *dir = dkg_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "out.png", NULL);
  g_autofree char *missing = g_build_filename (dir, "no-such-dir", "out.png", NULL);
  g_autoptr(DkgImage) a = small_image (10);
  g_autoptr(DkgImage) b = small_image (20);
  g_autoptr(DkgImage) got = NULL;
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  g_assert_true (dkg_image_save_png (a, path, &error));
  g_assert_true (dkg_image_save_png (b, path, &error));
  g_assert_no_error (error);
  got = dkg_image_load (path, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (dkg_image_equal (b, got));
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0644);
  g_assert_cmpuint (dkg_test_count_files (dir), ==, 1);

  g_assert_false (dkg_image_save_png (a, missing, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "out.png"));
  g_clear_error (&error);

  /* a directory in the way */
  g_clear_pointer (&path, g_free);
  path = g_build_filename (dir, "sub", NULL);
  g_assert_cmpint (g_mkdir (path, 0755), ==, 0);
  g_assert_false (dkg_image_save_png (a, path, &error));
  g_assert_nonnull (error);
  g_assert_true (error->domain == G_IO_ERROR);
  g_clear_error (&error);
  g_assert_cmpuint (dkg_test_count_files (dir), ==, 2);
  dkg_test_rm_rf (dir);
}

/* dkg_image_write_png: the mode asked for, the iTXt chunk read back, the file error kept. */
static void
test_write_png_mode_and_itxt (void)
{
  g_autofree char *dir = dkg_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "key.png", NULL);
  g_autofree char *missing = g_build_filename (dir, "no-such-dir", "key.png", NULL);
  g_autoptr(DkgImage) a = small_image (42);
  g_autoptr(DkgImage) got = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  GStatBuf st;
  mode_t old_mask = umask (022);

  g_assert_true (dkg_image_write_png (a, "deepkeygen-test", "ünïcode text", path, 0600, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  bytes = dkg_file_get_bytes (path, &error);
  g_assert_no_error (error);
  got = dkg_image_load_png_bytes (bytes, "key.png", "deepkeygen-test", &text, &error);
  g_assert_no_error (error);
  g_assert_true (dkg_image_equal (a, got));
  g_assert_cmpstr (text, ==, "ünïcode text");
  g_assert_cmpuint (dkg_test_count_files (dir), ==, 1);

  g_assert_false (dkg_image_write_png (a, NULL, NULL, missing, 0666, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_assert_nonnull (strstr (error->message, "key.png"));
  umask (old_mask);
  dkg_test_rm_rf (dir);
}

/* A write that fails half-way (the file size limit, EFBIG) must leave the old file as it was
 * and no temporary file behind. Works as root too, unlike permissions. */
static void
test_save_failure_keeps_old_file (void)
{
  g_autofree char *dir = dkg_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "keep.png", NULL);
  g_autoptr(DkgImage) old_image = small_image (99);
  g_autoptr(GRand) r = g_rand_new_with_seed (3);
  g_autoptr(DkgImage) big = random_image (r, 256, 256, 3, 8, FALSE);
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize before_len, after_len;
  struct rlimit saved, small;
  void (*saved_handler) (int);
  gboolean ok;

  g_assert_true (dkg_image_save_png (old_image, path, &error));
  g_assert_true (g_file_get_contents (path, &before, &before_len, NULL));

  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &saved), ==, 0);
  small = saved;
  small.rlim_cur = 4096;
  saved_handler = signal (SIGXFSZ, SIG_IGN);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &small), ==, 0);
  ok = dkg_image_save_png (big, path, &error);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &saved), ==, 0);
  signal (SIGXFSZ, saved_handler);

  g_assert_false (ok);
  g_assert_nonnull (error);
  g_assert_true (error->domain == G_IO_ERROR);
  g_assert_nonnull (strstr (error->message, "keep.png"));
  g_test_message ("%s", error->message);
  g_assert_true (g_file_get_contents (path, &after, &after_len, NULL));
  g_assert_cmpmem (before, before_len, after, after_len);
  g_assert_cmpuint (dkg_test_count_files (dir), ==, 1);
  dkg_test_rm_rf (dir);
}

/* Saving into a read-only directory: runs in a subprocess that drops root (root ignores
 * directory permissions), then the parent checks that nothing changed. */
static char *readonly_dir;

static void
test_save_readonly_dir (void)
{
  g_autofree char *base = NULL;
  g_autofree char *path = NULL;
  g_autoptr(DkgImage) old_image = small_image (1);
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize before_len, after_len;

  if (g_test_subprocess ())
    {
      g_autoptr(DkgImage) other = small_image (2);

      if (geteuid () == 0)
        g_assert_true (setgid (65534) == 0 && setuid (65534) == 0);
      path = g_build_filename (g_getenv ("DKG_TEST_RO_DIR"), "keep.png", NULL);
      g_assert_false (dkg_image_save_png (other, path, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
      g_assert_nonnull (strstr (error->message, "keep.png"));
      return;
    }

  base = dkg_test_make_tmpdir ();
  readonly_dir = g_build_filename (base, "ro", NULL);
  path = g_build_filename (readonly_dir, "keep.png", NULL);
  g_assert_cmpint (g_chmod (base, 0755), ==, 0);
  g_assert_cmpint (g_mkdir (readonly_dir, 0755), ==, 0);
  g_assert_true (dkg_image_save_png (old_image, path, &error));
  g_assert_true (g_file_get_contents (path, &before, &before_len, NULL));
  g_assert_cmpint (g_chmod (readonly_dir, 0555), ==, 0);

  g_setenv ("DKG_TEST_RO_DIR", readonly_dir, TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();

  g_assert_true (g_file_get_contents (path, &after, &after_len, NULL));
  g_assert_cmpmem (before, before_len, after, after_len);
  g_assert_cmpuint (dkg_test_count_files (readonly_dir), ==, 1);
  g_chmod (readonly_dir, 0755);
  dkg_test_rm_rf (base);
  g_clear_pointer (&readonly_dir, g_free);
}

/* ---- loading: OS errors and the shipped sample ------------------------------------------- */

static void
test_load_os_errors (void)
{
  g_autofree char *dir = dkg_test_make_tmpdir ();
  g_autofree char *missing = g_build_filename (dir, "missing.png", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DkgImage) im = NULL;

  im = dkg_image_load (missing, NULL, &error);
  g_assert_null (im);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "missing.png"));
  g_clear_error (&error);

  im = dkg_image_load (dir, NULL, &error);
  g_assert_null (im);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY);
  g_clear_error (&error);
  dkg_test_rm_rf (dir);
}

static void
test_load_sample_png (void)
{
  g_autofree char *path = dkg_test_source_path ("data/samples/colin27_ch2_axial_z090_8bit.png");
  g_autoptr(GError) error = NULL;
  g_autoptr(DkgImage) im = dkg_image_load (path, NULL, &error);
  guint lo = 255, hi = 0;

  g_assert_no_error (error);
  g_assert_cmpuint (im->width, ==, 181);
  g_assert_cmpuint (im->height, ==, 217);
  g_assert_cmpuint (im->channels, ==, 1);
  g_assert_cmpuint (im->bit_depth, ==, 8);
  g_assert_false (im->is_signed);
  for (gsize i = 0; i < dkg_image_n_samples (im); i++)
    {
      lo = MIN (lo, im->data[i]);
      hi = MAX (hi, im->data[i]);
    }
  g_assert_cmpuint (lo, ==, 0);
  g_assert_cmpuint (hi, ==, 171);
  g_assert_cmpuint (im->data[0], ==, 0);           /* a corner is background */
}

/* A PNG whose bytes 128–131 read "DICM" (here in its iTXt text; found by fuzz-png in a
 * container header) is a PNG, not a DICOM file with a preamble: dkg_image_load() of the file
 * gives the image dkg_image_load_png_bytes() gives. */
static void
test_load_png_dicm_at_128 (void)
{
  g_autofree char *dir = dkg_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "dicm.png", NULL);
  g_autoptr(GRand) r = g_rand_new_with_seed (11);
  g_autoptr(DkgImage) im = random_image (r, 24, 24, 1, 16, FALSE);
  g_autoptr(DkgImage) back = NULL;
  g_autoptr(GBytes) png = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  const guint8 *p;
  gsize len, at;

  /* the text starts after signature, IHDR and the iTXt header: find where, then place "DICM" */
  png = dkg_image_encode_png (im, "deepkeygen", "@", &error);
  g_assert_no_error (error);
  p = g_bytes_get_data (png, &len);
  at = (const guint8 *) memchr (p, '@', len) - p;
  g_assert_cmpuint (at, <, 128);
  text = g_strdup_printf ("%*sDICM and more text", (int) (128 - at), "");
  g_clear_pointer (&png, g_bytes_unref);
  png = dkg_image_encode_png (im, "deepkeygen", text, &error);
  g_assert_no_error (error);
  p = g_bytes_get_data (png, &len);
  g_assert_cmpmem (p + 128, 4, "DICM", 4);
  g_assert_true (g_file_set_contents (path, (const char *) p, (gssize) len, NULL));

  back = dkg_image_load (path, NULL, &error);
  g_assert_no_error (error);
  assert_images_equal (im, back);
  g_assert_cmpstr (back->source_format, ==, "png");
  dkg_test_rm_rf (dir);
}

/* A PNG claiming 32768 × 32768 RGBA 16-bit (8 GiB) with a tiny IDAT: refused by the memory
 * estimate before allocation. */
static void
test_png_memory_estimate (void)
{
  static const guint8 sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  guint8 ihdr[17] = { 'I', 'H', 'D', 'R', 0, 0, 0x80, 0, 0, 0, 0x80, 0, 16, 6, 0, 0, 0 };
  GByteArray *a = g_byte_array_new ();
  g_autoptr(GBytes) png = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DkgImage) im = NULL;
  guint32 crc = crc32 (0, ihdr, 17);
  guint8 len[4] = { 0, 0, 0, 13 };
  guint8 crc_be[4] = { crc >> 24, crc >> 16, crc >> 8, crc };
  /* an empty IDAT and IEND, with their fixed CRCs */
  static const guint8 tail[24] = { 0, 0, 0, 0, 'I', 'D', 'A', 'T', 0x35, 0xaf, 0x06, 0x1e,
                                   0, 0, 0, 0, 'I', 'E', 'N', 'D', 0xae, 0x42, 0x60, 0x82 };

  g_byte_array_append (a, sig, 8);
  g_byte_array_append (a, len, 4);
  g_byte_array_append (a, ihdr, 17);
  g_byte_array_append (a, crc_be, 4);
  g_byte_array_append (a, tail, sizeof tail);
  png = g_byte_array_free_to_bytes (a);

  dkg_image_set_memory_limit (256 * 1024 * 1024);
  im = dkg_image_load_png_bytes (png, "claims-8GiB.png", NULL, NULL, &error);
  dkg_image_set_memory_limit (0);
  g_assert_null (im);
  g_assert_error (error, DKG_ERROR, DKG_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "claims-8GiB.png"));
}

static void
test_png_bytes_errors (void)
{
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  g_autoptr(GBytes) text = g_bytes_new_static ("hello, world", 12);
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) r = g_rand_new_with_seed (11);
  g_autoptr(DkgImage) im = random_image (r, 40, 30, 3, 8, FALSE);
  g_autoptr(GBytes) png = dkg_image_encode_png (im, "deepkeygen", "{}", &error);
  gsize len = g_bytes_get_size (png);
  char *itxt = (char *) "unset";

  g_assert_null (dkg_image_load_png_bytes (empty, NULL, NULL, NULL, &error));
  g_assert_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE);
  g_clear_error (&error);
  g_assert_null (dkg_image_load_png_bytes (text, "t.png", NULL, NULL, &error));
  g_assert_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE);
  g_assert_nonnull (strstr (error->message, "t.png"));
  g_clear_error (&error);

  /* every truncation of a valid PNG is an error, never a crash, and no text comes back */
  for (gsize cut = 0; cut < len; cut += (cut < 64 ? 1 : 37))
    {
      g_autoptr(GBytes) part = g_bytes_new_from_bytes (png, 0, cut);
      g_autoptr(DkgImage) got = dkg_image_load_png_bytes (part, "cut.png", "deepkeygen",
                                                         &itxt, &error);

      g_assert_null (got);
      g_assert_null (itxt);
      g_assert_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE);
      g_clear_error (&error);
      itxt = (char *) "unset";
    }
}

static DkgImage *
ramp (guint w, guint h, guint8 start)
{
  DkgImage *im = dkg_image_new (w, h, 1, 8, FALSE, NULL);

  for (guint i = 0; i < w * h; i++)
    im->data[i] = (guint8) (start + i);
  return im;
}

/* A folder's images come back sorted by file name, whatever the order they were written in;
 * an empty folder and an unreadable file are errors naming them. */
static void
test_image_dir_load (void)
{
  g_autofree char *dir = dkg_test_make_tmpdir ();
  g_autofree char *b = g_build_filename (dir, "b.png", NULL);
  g_autofree char *a = g_build_filename (dir, "a.png", NULL);
  g_autofree char *bad = g_build_filename (dir, "c.png", NULL);
  g_autofree char *empty = g_build_filename (dir, "empty", NULL);
  g_autoptr(DkgImage) ib = ramp (5, 3, 100);
  g_autoptr(DkgImage) ia = ramp (4, 2, 7);
  g_autoptr(GPtrArray) images = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (dkg_image_save_png (ib, b, &error));
  g_assert_true (dkg_image_save_png (ia, a, &error));
  images = dkg_image_dir_load (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (images->len, ==, 2);
  g_assert_cmpuint (((DkgImage *) images->pdata[0])->width, ==, 4);
  g_assert_cmpmem (((DkgImage *) images->pdata[0])->data, 8, ia->data, 8);
  g_assert_cmpuint (((DkgImage *) images->pdata[1])->width, ==, 5);
  g_clear_pointer (&images, g_ptr_array_unref);

  g_assert_true (g_file_set_contents (bad, "not a PNG", -1, NULL));
  g_assert_null (dkg_image_dir_load (dir, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "c.png"));
  g_clear_error (&error);

  g_mkdir (empty, 0755);
  g_assert_null (dkg_image_dir_load (empty, &error));
  g_assert_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, empty));
  dkg_test_rm_rf (dir);
}

/* The network input of docs/SPECIFICATION.md §3, by hand: 8-bit x/127.5 − 1, unsigned 16-bit
 * x/32767.5 − 1, signed 16-bit (x + 32768)/32767.5 − 1; grey replicated to three planes, RGB
 * in plane order, alpha dropped. */
static void
test_image_to_planes (void)
{
  g_autoptr(DkgImage) grey = dkg_image_new (2, 1, 1, 8, FALSE, NULL);
  g_autoptr(DkgImage) u16 = dkg_image_new (2, 1, 1, 16, FALSE, NULL);
  g_autoptr(DkgImage) s16 = dkg_image_new (2, 1, 1, 16, TRUE, NULL);
  g_autoptr(DkgImage) rgba = dkg_image_new (2, 1, 4, 8, FALSE, NULL);
  static const guint8 rgba_px[8] = { 0, 51, 255, 7, 102, 153, 204, 9 };
  float out[6];

  grey->data[0] = 0;
  grey->data[1] = 255;
  dkg_image_to_planes (grey, out);
  for (int c = 0; c < 3; c++)
    {
      g_assert_cmpfloat (out[2 * c], ==, -1.0f);
      g_assert_cmpfloat (out[2 * c + 1], ==, 1.0f);
    }
  ((guint16 *) u16->data)[0] = 0;
  ((guint16 *) u16->data)[1] = 65535;
  dkg_image_to_planes (u16, out);
  g_assert_cmpfloat (out[0], ==, -1.0f);
  g_assert_cmpfloat (fabsf (out[1] - 1.0f), <, 1e-6f);
  ((gint16 *) s16->data)[0] = -32768;
  ((gint16 *) s16->data)[1] = 0;
  dkg_image_to_planes (s16, out);
  g_assert_cmpfloat (out[0], ==, -1.0f);
  g_assert_cmpfloat (fabsf (out[1] - (32768.0f / 32767.5f - 1.0f)), <, 1e-7f);
  memcpy (rgba->data, rgba_px, sizeof rgba_px);
  dkg_image_to_planes (rgba, out);
  for (int c = 0; c < 3; c++)
    for (int p = 0; p < 2; p++)
      g_assert_cmpfloat (fabsf (out[2 * c + p] - (rgba_px[4 * p + c] / 127.5f - 1.0f)), <, 1e-7f);
}

int
main (int argc, char **argv)
{
  dkg_test_init (&argc, &argv);

  g_test_add_func ("/core/image/new-copy-equal", test_new_copy_equal);
  g_test_add_func ("/core/image/dir-load", test_image_dir_load);
  g_test_add_func ("/core/image/to-planes", test_image_to_planes);
  g_test_add_func ("/core/image/limits", test_new_limits);
  g_test_add_func ("/core/image/png/all-colour-types", test_png_all_types);
  g_test_add_func ("/core/image/png/round-trip", test_png_round_trip);
  g_test_add_func ("/core/image/png/signed-offset-binary", test_png_signed);
  g_test_add_func ("/core/image/png/signed-unknown-encoding", test_png_signed_unknown_encoding);
  g_test_add_func ("/core/image/png/itxt", test_png_itxt);
  g_test_add_func ("/core/image/png/memory-estimate", test_png_memory_estimate);
  g_test_add_func ("/core/image/png/bytes-errors", test_png_bytes_errors);
  g_test_add_func ("/core/image/save/replaces-atomically", test_save_replaces_atomically);
  g_test_add_func ("/core/image/save/write-png-mode-itxt", test_write_png_mode_and_itxt);
  g_test_add_func ("/core/image/save/failure-keeps-old-file", test_save_failure_keeps_old_file);
  g_test_add_func ("/core/image/save/read-only-dir", test_save_readonly_dir);
  g_test_add_func ("/core/image/load/os-errors", test_load_os_errors);
  g_test_add_func ("/core/image/load/sample-png", test_load_sample_png);
  g_test_add_func ("/core/image/load/png-dicm-at-128", test_load_png_dicm_at_128);
  return g_test_run ();
}
