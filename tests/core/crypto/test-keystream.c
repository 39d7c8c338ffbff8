/* test-keystream.c — §5.3 plaintext bytes of images and §5.2 keystreams
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "crypto-test.h"
#include "dkg-keystream.h"
#include "dkg-error.h"
#include "dkg-test-util.h"

/* 16-bit samples are big-endian, channels interleaved, raster order; signed samples keep their
 * two's-complement pattern; 8-bit data is the data itself. */
static void
test_keystream_bytes_order (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DkgImage) img = dkg_image_new (2, 1, 3, 16, TRUE, &error);
  g_autoptr(DkgImage) img8 = dkg_image_new (3, 2, 1, 8, FALSE, &error);
  g_autoptr(DkgImage) back = NULL;
  static const guint8 expected[12] = {
    0x12, 0x34, 0xff, 0xff, 0x80, 0x00, 0x7f, 0xff, 0x00, 0x01, 0xab, 0xcd,
  };
  gint16 *s;
  g_autofree guint8 *bytes = NULL;
  g_autofree guint8 *bytes8 = NULL;
  gsize n;

  g_assert_no_error (error);
  s = (gint16 *) img->data;
  s[0] = 0x1234;
  s[1] = -1;
  s[2] = G_MININT16;
  s[3] = G_MAXINT16;
  s[4] = 1;
  s[5] = (gint16) 0xabcd;
  bytes = dkg_keystream_image_to_bytes (img, &n);
  g_assert_cmpmem (bytes, n, expected, sizeof expected);

  back = dkg_keystream_image_from_bytes (bytes, n, 2, 1, 3, 16, TRUE, &error);
  g_assert_no_error (error);
  g_assert_true (dkg_image_equal (back, img));
  g_assert_null (dkg_keystream_image_from_bytes (bytes, n - 2, 2, 1, 3, 16, TRUE, &error));
  g_assert_error (error, DKG_ERROR, DKG_ERROR_SHAPE);

  for (guint i = 0; i < 6; i++)
    img8->data[i] = (guint8) (i * 40 + 1);
  bytes8 = dkg_keystream_image_to_bytes (img8, &n);
  g_assert_cmpmem (bytes8, n, img8->data, 6);
}

/* The in-place run conversion used by the streaming ciphers, over odd lengths. */
static void
test_keystream_samples_in_place (void)
{
  g_autoptr(DkgRand) r = dkg_rand_new_seeded (53);

  for (gsize n = 0; n < 80; n += 2)
    {
      g_autofree guint8 *a = g_malloc (n + 1);
      g_autofree guint8 *b = NULL;

      dkg_rand_bytes (r, a, n + 1);
      b = g_memdup2 (a, n + 1);
      dkg_keystream_samples_to_bytes (b, b, n, 16);
      for (gsize i = 0; i < n; i += 2)
        {
          guint16 x;

          memcpy (&x, a + i, 2);
          g_assert_cmpuint (b[i], ==, x >> 8);
          g_assert_cmpuint (b[i + 1], ==, x & 0xff);
        }
      dkg_keystream_bytes_to_samples (b, b, n, 16);
      g_assert_cmpmem (a, n + 1, b, n + 1);
    }
}

/* The keystream is the key's first bytes, borrowed for an 8-bit key; a 16-bit key gives its
 * samples big-endian, including an odd count. */
static void
test_keystream_from_key (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DkgRand) r = dkg_rand_new_seeded (52);
  g_autoptr(DkgImage) key8 = crypto_test_random_image (r, 16, 16, 3, 8, FALSE);
  g_autoptr(DkgImage) key16 = crypto_test_random_image (r, 5, 4, 1, 16, FALSE);
  g_autoptr(DkgKeystream) ks = NULL;
  g_autoptr(DkgKeystream) ks16 = NULL;
  g_autoptr(DkgKeystream) whole = NULL;
  g_autofree guint8 *key16_bytes = dkg_keystream_image_to_bytes (key16, NULL);

  ks = dkg_keystream_new (key8, 10, 10, 3, 16, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ks->n_bytes, ==, 600);
  g_assert_true (ks->bytes == key8->data);

  ks16 = dkg_keystream_new (key16, 13, 1, 3, 8, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (ks16->bytes, ks16->n_bytes, key16_bytes, 39);

  whole = dkg_keystream_new_whole_key (key16);
  g_assert_cmpmem (whole->bytes, whole->n_bytes, key16_bytes, 40);
}

/* A key one byte short is refused (never tiled), and the message states the size needed and
 * how to make such a key. */
static void
test_keystream_key_too_short (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DkgRand) r = dkg_rand_new_seeded (51);
  g_autoptr(DkgImage) key = crypto_test_random_image (r, 256, 256, 3, 8, FALSE);
  g_autoptr(DkgKeystream) ks = NULL;

  ks = dkg_keystream_new (key, 1024, 768, 3, 8, &error);
  g_assert_null (ks);
  g_assert_error (error, DKG_ERROR, DKG_ERROR_KEY_TOO_SHORT);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "1024×768×3 = 2359296 key bytes"));
  g_assert_nonnull (strstr (error->message, "196608 bytes (256×256×3)"));
  g_assert_nonnull (strstr (error->message, "--for IMAGE"));
  g_clear_error (&error);

  ks = dkg_keystream_new (key, 256, 128, 3, 16, &error);
  g_assert_no_error (error);
  g_clear_pointer (&ks, dkg_keystream_free);
  ks = dkg_keystream_new (key, 257, 128, 3, 16, &error);
  g_assert_error (error, DKG_ERROR, DKG_ERROR_KEY_TOO_SHORT);
  g_assert_nonnull (strstr (error->message, "257×128×3×2 = 197376 key bytes"));
}

int
main (int argc, char **argv)
{
  dkg_test_init (&argc, &argv);
  g_test_add_func ("/core/keystream/bytes-order", test_keystream_bytes_order);
  g_test_add_func ("/core/keystream/samples-in-place", test_keystream_samples_in_place);
  g_test_add_func ("/core/keystream/from-key", test_keystream_from_key);
  g_test_add_func ("/core/keystream/key-too-short", test_keystream_key_too_short);
  return g_test_run ();
}
