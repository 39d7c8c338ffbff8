/* test-xor-cipher.c — DeepKeyGen's C = P ⊕ K (§5.3): exactness on bytes and images, round trips
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "crypto-test.h"
#include "dkg-keystream.h"
#include "dkg-xor-cipher.h"
#include "dkg-error.h"
#include "dkg-test-util.h"

/* The word-wise loops against a byte loop, for every length and misalignment near the 64-byte
 * step. */
static void
test_xor_apply_matches_bytewise (void)
{
  g_autoptr(DkgRand) r = dkg_rand_new_seeded (1);
  guint8 src[300], ks[300], out[300], ref[300];

  dkg_rand_bytes (r, src, sizeof src);
  dkg_rand_bytes (r, ks, sizeof ks);
  for (gsize off = 0; off < 9; off++)
    for (gsize n = 0; n + off <= 200; n++)
      {
        for (gsize i = 0; i < n; i++)
          ref[i] = src[off + i] ^ ks[i];
        dkg_xor_cipher_apply (out, src + off, ks, n);
        g_assert_cmpmem (out, n, ref, n);
        if (n % 2 == 0)
          {
            /* samples: host-order 16-bit; their big-endian bytes XOR the keystream */
            guint8 be[300];

            dkg_xor_cipher_apply_samples (out, src + off, ks, n, 16);
            dkg_keystream_samples_to_bytes (out, be, n, 16);
            dkg_keystream_samples_to_bytes (src + off, ref, n, 16);
            for (gsize i = 0; i < n; i++)
              ref[i] ^= ks[i];
            g_assert_cmpmem (be, n, ref, n);
          }
      }
}

/* The ciphertext image's §5.3 bytes are exactly P ⊕ K[0..len(P)), and decrypting with the same
 * key gives the plaintext back bit for bit, signedness included. */
static void
test_xor_image_is_p_xor_k (void)
{
  g_autoptr(DkgRand) r = dkg_rand_new_seeded (2);
  static const guint layouts[][3] = {
    { 1, 8, 0 }, { 1, 16, 0 }, { 1, 16, 1 }, { 3, 8, 0 }, { 4, 8, 0 }, { 3, 16, 0 }, { 2, 16, 1 },
  };

  for (guint l = 0; l < G_N_ELEMENTS (layouts); l++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DkgImage) plain = crypto_test_random_image (r, 37, 11, layouts[l][0],
                                                            layouts[l][1], layouts[l][2]);
      g_autoptr(DkgImage) key = crypto_test_random_key (r, dkg_image_n_bytes (plain) + 5);
      g_autoptr(DkgImage) cipher = NULL;
      g_autoptr(DkgImage) back = NULL;
      g_autofree guint8 *p = NULL;
      g_autofree guint8 *c = NULL;
      gsize n;

      cipher = dkg_xor_cipher_encrypt (plain, key, &error);
      g_assert_no_error (error);
      g_assert_false (cipher->is_signed);
      p = dkg_keystream_image_to_bytes (plain, &n);
      c = dkg_keystream_image_to_bytes (cipher, NULL);
      for (gsize i = 0; i < n; i++)
        g_assert_cmpuint (c[i], ==, p[i] ^ key->data[i]);
      if (layouts[l][1] == 16)
        {
          /* in sample terms: C = P ⊕ (K[2i] << 8 | K[2i + 1]) */
          const guint16 *ps = (const guint16 *) plain->data, *cs = (const guint16 *) cipher->data;

          for (gsize i = 0; i < n / 2; i++)
            g_assert_cmpuint (cs[i], ==,
                              ps[i] ^ (guint16) (key->data[2 * i] << 8 | key->data[2 * i + 1]));
        }

      back = dkg_xor_cipher_decrypt (cipher, key, layouts[l][2], &error);
      g_assert_no_error (error);
      g_assert_true (dkg_image_equal (back, plain));
    }
}

/* One byte short is KEY_TOO_SHORT with the size in the message; exactly enough is fine. */
static void
test_xor_key_too_short (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DkgRand) r = dkg_rand_new_seeded (3);
  g_autoptr(DkgImage) plain = crypto_test_random_image (r, 20, 10, 1, 16, FALSE);
  g_autoptr(DkgImage) exact = crypto_test_random_image (r, 20, 20, 1, 8, FALSE);
  g_autoptr(DkgImage) shorter = crypto_test_random_image (r, 399, 1, 1, 8, FALSE);
  g_autoptr(DkgImage) cipher = NULL;

  cipher = dkg_xor_cipher_encrypt (plain, exact, &error);
  g_assert_no_error (error);
  g_assert_null (dkg_xor_cipher_encrypt (plain, shorter, &error));
  g_assert_error (error, DKG_ERROR, DKG_ERROR_KEY_TOO_SHORT);
  g_assert_nonnull (strstr (error->message, "20×10×1×2 = 400 key bytes"));
}

/* In place and into an existing image; a shape mismatch is DKG_ERROR_SHAPE. */
static void
test_xor_apply_image (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DkgRand) r = dkg_rand_new_seeded (4);
  g_autoptr(DkgImage) plain = crypto_test_random_image (r, 17, 9, 3, 16, TRUE);
  g_autoptr(DkgImage) key = crypto_test_random_key (r, dkg_image_n_bytes (plain));
  g_autoptr(DkgImage) copy = dkg_image_copy (plain);
  g_autoptr(DkgImage) expected = dkg_xor_cipher_encrypt (plain, key, &error);
  g_autoptr(DkgImage) wrong = crypto_test_random_image (r, 9, 17, 3, 16, FALSE);

  g_assert_no_error (error);
  g_assert_true (dkg_xor_cipher_apply_image (copy, key, copy, &error));
  g_assert_no_error (error);
  copy->is_signed = FALSE;
  g_assert_true (dkg_image_equal (copy, expected));
  g_assert_false (dkg_xor_cipher_apply_image (plain, key, wrong, &error));
  g_assert_error (error, DKG_ERROR, DKG_ERROR_SHAPE);
}

int
main (int argc, char **argv)
{
  dkg_test_init (&argc, &argv);
  g_test_add_func ("/core/xor-cipher/apply-matches-bytewise", test_xor_apply_matches_bytewise);
  g_test_add_func ("/core/xor-cipher/image-is-p-xor-k", test_xor_image_is_p_xor_k);
  g_test_add_func ("/core/xor-cipher/key-too-short", test_xor_key_too_short);
  g_test_add_func ("/core/xor-cipher/apply-image", test_xor_apply_image);
  return g_test_run ();
}
