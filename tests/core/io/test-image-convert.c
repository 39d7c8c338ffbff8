/* test-image-convert.c — dkg-image-convert.c: one image brought to another's shape and format,
 * values by hand
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "dkg-image.h"
#include "dkg-test-util.h"

/* A 16-bit scan spanning 127..2145 becomes an 8-bit image over the full range: 127 → 0,
 * 2145 → 255, the middle (1136) → ((1136 − 127)·65535/2018) >> 8 = 127. Nearest neighbour:
 * a 2×1 image enlarged to 4×2 repeats each pixel. Grey is replicated to RGB; alpha opaque. */
static void
test_convert_range_and_size (void)
{
  g_autoptr(DkgImage) scan = dkg_image_new (3, 1, 1, 16, FALSE, NULL);
  g_autoptr(DkgImage) like8 = dkg_image_new (3, 1, 1, 8, FALSE, NULL);
  g_autoptr(DkgImage) like_rgba = dkg_image_new (6, 2, 4, 8, FALSE, NULL);
  g_autoptr(DkgImage) out = NULL;
  g_autoptr(GError) error = NULL;
  guint16 *s = (guint16 *) scan->data;

  s[0] = 127;
  s[1] = 1136;
  s[2] = 2145;
  out = dkg_image_convert_like (scan, like8, &error);
  g_assert_no_error (error);
  g_assert_true (out->width == 3 && out->height == 1 && out->channels == 1 && out->bit_depth == 8);
  g_assert_cmpuint (out->data[0], ==, 0);
  g_assert_cmpuint (out->data[1], ==, (guint) (((1136 - 127) * 65535ull / 2018) >> 8));
  g_assert_cmpuint (out->data[2], ==, 255);
  g_clear_pointer (&out, dkg_image_free);

  /* 3×1 grey to 6×2 RGBA: x′ = 0,1 ← 0; 2,3 ← 1; 4,5 ← 2; both rows alike. */
  out = dkg_image_convert_like (scan, like_rgba, &error);
  g_assert_no_error (error);
  for (guint y = 0; y < 2; y++)
    for (guint x = 0; x < 6; x++)
      {
        const guint8 *px = out->data + ((gsize) y * 6 + x) * 4;
        guint8 want = x < 2 ? 0 : x < 4 ? 127 : 255;

        g_assert_cmpuint (px[0], ==, want);
        g_assert_cmpuint (px[1], ==, want);
        g_assert_cmpuint (px[2], ==, want);
        g_assert_cmpuint (px[3], ==, 255);
      }
}

/* Colour to grey is the mean of R, G and B in 16-bit units (after the range stretch); to a
 * signed 16-bit target the full range is −32768..32767; a constant image maps to 0 (the
 * bottom of the range). */
static void
test_convert_colour_signed_constant (void)
{
  static const guint8 rgb[6] = { 0, 0, 0, 255, 0, 255 };
  g_autoptr(DkgImage) colour = dkg_image_new (2, 1, 3, 8, FALSE, NULL);
  g_autoptr(DkgImage) like_s16 = dkg_image_new (2, 1, 1, 16, TRUE, NULL);
  g_autoptr(DkgImage) flat = dkg_image_new (2, 1, 1, 8, FALSE, NULL);
  g_autoptr(DkgImage) like8 = dkg_image_new (2, 1, 1, 8, FALSE, NULL);
  g_autoptr(DkgImage) out = NULL;
  g_autoptr(GError) error = NULL;
  const gint16 *o;

  memcpy (colour->data, rgb, sizeof rgb);
  out = dkg_image_convert_like (colour, like_s16, &error);
  g_assert_no_error (error);
  o = (const gint16 *) out->data;
  g_assert_cmpint (o[0], ==, -32768);
  /* (255·257 + 0 + 255·257)/3 = 43690 in 16-bit units; range 0..65535 → 43690 − 32768 */
  g_assert_cmpint (o[1], ==, 43690 - 32768);
  g_clear_pointer (&out, dkg_image_free);

  memset (flat->data, 77, 2);
  out = dkg_image_convert_like (flat, like8, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (out->data[0], ==, 0);
  g_assert_cmpuint (out->data[1], ==, 0);
}

int
main (int argc, char **argv)
{
  dkg_test_init (&argc, &argv);
  g_test_add_func ("/core/image/convert/range-and-size", test_convert_range_and_size);
  g_test_add_func ("/core/image/convert/colour-signed-constant",
                   test_convert_colour_signed_constant);
  return g_test_run ();
}
