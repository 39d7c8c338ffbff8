/* crypto-test.c — helpers shared by the tests of src/core/crypto/
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "crypto-test.h"

/** crypto_test_random_image: Returns: (transfer full): an image of uniformly random samples */
DkgImage *
crypto_test_random_image (DkgRand  *r,
                          guint     width,
                          guint     height,
                          guint     channels,
                          guint     bit_depth,
                          gboolean  is_signed)
{
  g_autoptr(GError) error = NULL;
  DkgImage *image = dkg_image_new (width, height, channels, bit_depth, is_signed, &error);

  g_assert_no_error (error);
  dkg_rand_bytes (r, image->data, dkg_image_n_bytes (image));
  return image;
}

/**
 * crypto_test_random_key:
 * Returns: (transfer full): an 8-bit RGB key image (like a GAN's, §5.2) of at least @n_bytes
 *   random bytes: 1024 pixels wide when that many are needed, as few rows as will do
 */
DkgImage *
crypto_test_random_key (DkgRand *r,
                        gsize    n_bytes)
{
  guint width = n_bytes >= 3 * 1024 ? 1024 : (guint) MAX ((n_bytes + 2) / 3, 1);
  guint height = (guint) MAX ((n_bytes + 3 * width - 1) / (3 * width), 1);

  return crypto_test_random_image (r, width, height, 3, 8, FALSE);
}

/** crypto_test_unhex: Returns: (transfer full): the bytes of @hex (whitespace ignored) */
guint8 *
crypto_test_unhex (const char *hex,
                   gsize      *n_bytes)
{
  GByteArray *b = g_byte_array_new ();
  int hi = -1;

  for (const char *p = hex; *p != '\0'; p++)
    {
      int v;

      if (g_ascii_isspace (*p) || *p == ':')
        continue;
      v = g_ascii_xdigit_value (*p);
      g_assert_cmpint (v, >=, 0);
      if (hi < 0)
        hi = v;
      else
        {
          guint8 byte = (guint8) (hi << 4 | v);

          g_byte_array_append (b, &byte, 1);
          hi = -1;
        }
    }
  g_assert_cmpint (hi, ==, -1);
  *n_bytes = b->len;
  return g_byte_array_free (b, FALSE);
}

/**
 * crypto_test_fixture_plain:
 * Returns: (transfer full): the plaintext of the tests/data/bad/container-* fixtures: 24×16
 *   greyscale 16-bit signed, samples from dkg_rand_new_seeded (20240501), source "dicom"
 */
DkgImage *
crypto_test_fixture_plain (void)
{
  g_autoptr(DkgRand) r = dkg_rand_new_seeded (20240501);
  DkgImage *plain = crypto_test_random_image (r, 24, 16, 1, 16, TRUE);

  plain->source_format = g_strdup ("dicom");
  return plain;
}

/**
 * crypto_test_fixture_key:
 * Returns: (transfer full): the key of the tests/data/bad/container-* fixtures: 32×24 RGB
 *   8-bit (2304 bytes, enough for the 24×24 padded square of acm-xor), from
 *   dkg_rand_new_seeded (20240502)
 */
DkgImage *
crypto_test_fixture_key (void)
{
  g_autoptr(DkgRand) r = dkg_rand_new_seeded (20240502);

  return crypto_test_random_image (r, 32, 24, 3, 8, FALSE);
}

/**
 * crypto_test_fixture_original:
 * Returns: (transfer full): the "source file" the version 2 fuzz seed
 *   (tests/fuzz/corpus/container/xor-original.png) carries: 300 bytes, a DICOM-like preamble,
 *   "DICM" and a patient name
 */
GBytes *
crypto_test_fixture_original (void)
{
  guint8 *b = g_malloc0 (300);

  memcpy (b + 128, "DICM", 4);
  memcpy (b + 140, "Doe^Jane 19700101 PATIENT-ID-0042", 33);
  for (gsize i = 180; i < 300; i++)
    b[i] = (guint8) (i * 13);
  return g_bytes_new_take (b, 300);
}
