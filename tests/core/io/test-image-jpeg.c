/* test-image-jpeg.c — JPEG in through dkg_image_load (libjpeg-turbo)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The JPEG files are written here with libjpeg; the loader's output is compared with an
 * independent decode by libjpeg and, within the loss of JPEG, with the samples written.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gio/gio.h>
#include <jpeglib.h>

#include "dkg-error.h"
#include "dkg-test-util.h"
#include "dkg-image.h"

static char *tmp_dir;

static guint8
pattern (guint x, guint y, guint c)
{
  /* smooth enough for JPEG to keep it close */
  return (guint8) (30 + x + y + c * 40);   /* at most 214 for 61 × 45: no wrap-around */
}

/* Writes @path: @w × @h, @components of @space, quality @quality, optionally progressive. */
static void
write_jpeg (const char *path, guint w, guint h, int components, J_COLOR_SPACE space,
            gboolean progressive)
{
  struct jpeg_compress_struct c;
  struct jpeg_error_mgr err;
  FILE *fp = fopen (path, "wb");
  g_autofree guint8 *row = g_malloc ((gsize) w * components);

  g_assert_nonnull (fp);
  c.err = jpeg_std_error (&err);
  jpeg_create_compress (&c);
  jpeg_stdio_dest (&c, fp);
  c.image_width = w;
  c.image_height = h;
  c.input_components = components;
  c.in_color_space = space;
  jpeg_set_defaults (&c);
  jpeg_set_quality (&c, 95, TRUE);
  if (progressive)
    jpeg_simple_progression (&c);
  jpeg_start_compress (&c, TRUE);
  while (c.next_scanline < c.image_height)
    {
      JSAMPROW r = row;

      for (guint x = 0; x < w; x++)
        for (int k = 0; k < components; k++)
          row[x * components + k] = pattern (x, c.next_scanline, k);
      jpeg_write_scanlines (&c, &r, 1);
    }
  jpeg_finish_compress (&c);
  jpeg_destroy_compress (&c);
  fclose (fp);
}

/* Decodes @path with plain libjpeg to grey or RGB: the reference. */
static guint8 *
reference_decode (const char *path, guint *w, guint *h, guint *channels)
{
  struct jpeg_decompress_struct d;
  struct jpeg_error_mgr err;
  FILE *fp = fopen (path, "rb");
  guint8 *out;

  g_assert_nonnull (fp);
  d.err = jpeg_std_error (&err);
  jpeg_create_decompress (&d);
  jpeg_stdio_src (&d, fp);
  jpeg_read_header (&d, TRUE);
  d.out_color_space = d.jpeg_color_space == JCS_GRAYSCALE ? JCS_GRAYSCALE : JCS_RGB;
  jpeg_start_decompress (&d);
  *w = d.output_width;
  *h = d.output_height;
  *channels = d.output_components;
  out = g_malloc ((gsize) *w * *h * *channels);
  while (d.output_scanline < d.output_height)
    {
      JSAMPROW r = out + (gsize) d.output_scanline * *w * *channels;

      jpeg_read_scanlines (&d, &r, 1);
    }
  jpeg_finish_decompress (&d);
  jpeg_destroy_decompress (&d);
  fclose (fp);
  return out;
}

static void
check_jpeg (const char *name, guint w, guint h, int components, J_COLOR_SPACE space,
            gboolean progressive)
{
  g_autofree char *path = g_build_filename (tmp_dir, name, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DkgImage) im = NULL;
  g_autofree guint8 *ref = NULL;
  guint rw, rh, rc;
  guint expected_channels = components == 1 ? 1 : 3;
  double sum = 0;
  int max_diff = 0;

  write_jpeg (path, w, h, components, space, progressive);
  im = dkg_image_load (path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (im->source_format, ==, "jpeg");
  g_assert_cmpuint (im->width, ==, w);
  g_assert_cmpuint (im->height, ==, h);
  g_assert_cmpuint (im->channels, ==, expected_channels);
  g_assert_cmpuint (im->bit_depth, ==, 8);
  g_assert_false (im->is_signed);

  ref = reference_decode (path, &rw, &rh, &rc);
  g_assert_cmpuint (rc, ==, expected_channels);
  g_assert_cmpmem (im->data, dkg_image_n_bytes (im), ref, (gsize) rw * rh * rc);

  for (guint y = 0; y < h; y++)
    for (guint x = 0; x < w; x++)
      for (guint c = 0; c < expected_channels; c++)
        {
          int d = abs ((int) im->data[((gsize) y * w + x) * expected_channels + c]
                       - (int) pattern (x, y, c));

          sum += d;
          max_diff = MAX (max_diff, d);
        }
  g_test_message ("%s: mean |error| %.3f, max %d", name, sum / dkg_image_n_samples (im), max_diff);
  g_assert_cmpfloat (sum / dkg_image_n_samples (im), <, 2.0);
  g_assert_cmpint (max_diff, <=, 16);
}

static void
test_grey (void)
{
  check_jpeg ("grey.jpg", 33, 17, 1, JCS_GRAYSCALE, FALSE);
}

static void
test_rgb (void)
{
  check_jpeg ("rgb.jpg", 40, 30, 3, JCS_RGB, FALSE);
}

static void
test_progressive (void)
{
  check_jpeg ("progressive.jpg", 61, 45, 3, JCS_RGB, TRUE);
}

static void
test_one_pixel (void)
{
  check_jpeg ("one.jpg", 1, 1, 3, JCS_RGB, FALSE);
}

/* Content decides, not the name
 * (docs/SPECIFICATION.md §5.8): a JPEG named .png loads as the JPEG it is. */
static void
test_named_png (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "really-a-jpeg.png", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DkgImage) im = NULL;

  write_jpeg (path, 20, 10, 1, JCS_GRAYSCALE, FALSE);
  im = dkg_image_load (path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (im->source_format, ==, "jpeg");
  g_assert_cmpuint (im->width, ==, 20);
  g_assert_cmpuint (im->channels, ==, 1);
}

static void
test_cmyk (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "cmyk.jpg", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DkgImage) im = NULL;

  write_jpeg (path, 16, 16, 4, JCS_CMYK, FALSE);
  im = dkg_image_load (path, NULL, &error);
  g_assert_null (im);
  g_assert_error (error, DKG_ERROR, DKG_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "CMYK"));
  g_assert_nonnull (strstr (error->message, "cmyk.jpg"));
}

/* Every truncation, from the 2-byte SOI on, is an error: libjpeg alone would pad the missing
 * rows with grey and call it a warning. */
static void
test_truncated (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "full.jpg", NULL);
  g_autofree char *cut_path = g_build_filename (tmp_dir, "cut.jpg", NULL);
  g_autofree char *data = NULL;
  gsize len;

  write_jpeg (path, 48, 40, 3, JCS_RGB, FALSE);
  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  for (gsize cut = 2; cut < len - 2; cut += (cut < 700 ? 7 : 101))
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DkgImage) im = NULL;

      g_assert_true (g_file_set_contents (cut_path, data, cut, NULL));
      im = dkg_image_load (cut_path, NULL, &error);
      g_assert_null (im);
      g_assert_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE);
      g_assert_nonnull (strstr (error->message, "cut.jpg"));
    }
}

int
main (int argc, char **argv)
{
  int result;

  dkg_test_init (&argc, &argv);
  tmp_dir = dkg_test_make_tmpdir ();

  g_test_add_func ("/core/image/jpeg/grey", test_grey);
  g_test_add_func ("/core/image/jpeg/rgb", test_rgb);
  g_test_add_func ("/core/image/jpeg/progressive", test_progressive);
  g_test_add_func ("/core/image/jpeg/one-pixel", test_one_pixel);
  g_test_add_func ("/core/image/jpeg/named-png", test_named_png);
  g_test_add_func ("/core/image/jpeg/cmyk-unsupported", test_cmyk);
  g_test_add_func ("/core/image/jpeg/truncated", test_truncated);

  result = g_test_run ();
  dkg_test_rm_rf (tmp_dir);
  g_free (tmp_dir);
  return result;
}
