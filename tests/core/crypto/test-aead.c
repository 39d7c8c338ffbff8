/* test-aead.c — ChaCha20-Poly1305 through libgcrypt: RFC 8439 §2.8.2, tampering, image streaming
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "crypto-test.h"
#include "dkg-aead.h"
#include "dkg-keystream.h"
#include "dkg-xor-cipher.h"
#include "dkg-error.h"
#include "dkg-test-util.h"

static const char rfc_plaintext[] =
  "Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, "
  "sunscreen would be it.";
static const char rfc_key[] =
  "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f";
static const char rfc_nonce[] = "070000004041424344454647";
static const char rfc_aad[] = "50515253c0c1c2c3c4c5c6c7";
static const char rfc_ciphertext[] =
  "d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d6"
  "3dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b36"
  "92ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc"
  "3ff4def08e4b7a9de576d26586cec64b6116";
static const char rfc_tag[] = "1ae10b594f09e26a7e902ecbd0600691";

/* RFC 8439 §2.8.2: the AEAD_CHACHA20_POLY1305 example, both directions, out of place and in
 * place. */
static void
test_aead_rfc8439 (void)
{
  g_autoptr(GError) error = NULL;
  gsize n_key, n_nonce, n_aad, n_ct, n_tag, n = strlen (rfc_plaintext);
  g_autofree guint8 *key = crypto_test_unhex (rfc_key, &n_key);
  g_autofree guint8 *nonce = crypto_test_unhex (rfc_nonce, &n_nonce);
  g_autofree guint8 *aad = crypto_test_unhex (rfc_aad, &n_aad);
  g_autofree guint8 *ct = crypto_test_unhex (rfc_ciphertext, &n_ct);
  g_autofree guint8 *tag = crypto_test_unhex (rfc_tag, &n_tag);
  g_autofree guint8 *buf = g_malloc (n);
  guint8 tag_out[DKG_AEAD_TAG_SIZE];

  g_assert_cmpuint (n, ==, 114);
  g_assert_cmpuint (n_ct, ==, n);
  g_assert_cmpuint (n_key, ==, DKG_AEAD_KEY_SIZE);
  g_assert_cmpuint (n_nonce, ==, DKG_AEAD_NONCE_SIZE);

  g_assert_true (dkg_aead_encrypt (key, nonce, aad, n_aad, (const guint8 *) rfc_plaintext, buf, n,
                                   tag_out, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (buf, n, ct, n_ct);
  g_assert_cmpmem (tag_out, sizeof tag_out, tag, n_tag);

  g_assert_true (dkg_aead_decrypt (key, nonce, aad, n_aad, buf, buf, n, tag, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (buf, n, rfc_plaintext, n);

  memcpy (buf, rfc_plaintext, n);
  g_assert_true (dkg_aead_encrypt (key, nonce, aad, n_aad, buf, buf, n, tag_out, &error));
  g_assert_cmpmem (buf, n, ct, n_ct);
  g_assert_cmpmem (tag_out, sizeof tag_out, tag, n_tag);
}

/* Any changed bit of ciphertext, tag, associated data, nonce or key is DKG_ERROR_AUTH, and the
 * output buffer is wiped, never left holding unauthenticated plaintext. */
static void
test_aead_tamper (void)
{
  gsize n_key, n_nonce, n_aad, n_ct, n_tag, n = strlen (rfc_plaintext);
  g_autofree guint8 *key = crypto_test_unhex (rfc_key, &n_key);
  g_autofree guint8 *nonce = crypto_test_unhex (rfc_nonce, &n_nonce);
  g_autofree guint8 *aad = crypto_test_unhex (rfc_aad, &n_aad);
  g_autofree guint8 *ct = crypto_test_unhex (rfc_ciphertext, &n_ct);
  g_autofree guint8 *tag = crypto_test_unhex (rfc_tag, &n_tag);
  g_autofree guint8 *out = g_malloc (n);
  g_autofree guint8 *zeros = g_malloc0 (n);
  struct { guint8 *p; gsize len; } targets[] = {
    { ct, n_ct }, { tag, n_tag }, { aad, n_aad }, { nonce, n_nonce }, { key, n_key },
  };

  for (guint t = 0; t < G_N_ELEMENTS (targets); t++)
    for (gsize bit = 0; bit < 8 * targets[t].len; bit += 13)
      {
        g_autoptr(GError) error = NULL;

        targets[t].p[bit / 8] ^= (guint8) (1u << (bit % 8));
        memset (out, 0xa5, n);
        g_assert_false (dkg_aead_decrypt (key, nonce, aad, n_aad, ct, out, n, tag, &error));
        g_assert_error (error, DKG_ERROR, DKG_ERROR_AUTH);
        g_assert_cmpmem (out, n, zeros, n);
        targets[t].p[bit / 8] ^= (guint8) (1u << (bit % 8));
      }
}

/* The image functions equal the byte functions on the §5.3 bytes, across 64 KiB chunk
 * boundaries, for 8- and 16-bit data; decryption restores the image exactly. */
static void
test_aead_image_matches_bytes (void)
{
  g_autoptr(DkgRand) r = dkg_rand_new_seeded (8439);
  static const guint shapes[][4] = {
    { 1, 1, 1, 8 }, { 3, 517, 3, 16 }, { 255, 256, 4, 8 }, { 301, 257, 1, 16 }, { 7, 5, 2, 16 },
  };
  guint8 key[DKG_AEAD_KEY_SIZE], nonce[DKG_AEAD_NONCE_SIZE], aad[40];

  dkg_rand_bytes (r, key, sizeof key);
  dkg_rand_bytes (r, nonce, sizeof nonce);
  dkg_rand_bytes (r, aad, sizeof aad);
  for (guint s = 0; s < G_N_ELEMENTS (shapes); s++)
    {
      g_autoptr(GError) error = NULL;
      gboolean is_signed = shapes[s][3] == 16 && s % 2 == 1;
      g_autoptr(DkgImage) plain = crypto_test_random_image (r, shapes[s][0], shapes[s][1],
                                                            shapes[s][2], shapes[s][3],
                                                            is_signed);
      g_autoptr(DkgImage) cipher = NULL;
      g_autoptr(DkgImage) back = NULL;
      g_autofree guint8 *bytes = NULL;
      g_autofree guint8 *cbytes = NULL;
      guint8 tag[DKG_AEAD_TAG_SIZE], tag_bytes[DKG_AEAD_TAG_SIZE];
      gsize n;

      cipher = dkg_aead_encrypt_image (plain, key, nonce, aad, sizeof aad, tag, &error);
      g_assert_no_error (error);
      g_assert_false (cipher->is_signed);
      bytes = dkg_keystream_image_to_bytes (plain, &n);
      g_assert_true (dkg_aead_encrypt (key, nonce, aad, sizeof aad, bytes, bytes, n, tag_bytes,
                                       &error));
      cbytes = dkg_keystream_image_to_bytes (cipher, NULL);
      g_assert_cmpmem (cbytes, n, bytes, n);
      g_assert_cmpmem (tag, sizeof tag, tag_bytes, sizeof tag_bytes);

      back = dkg_aead_decrypt_image (cipher, key, nonce, aad, sizeof aad, tag, is_signed, &error);
      g_assert_no_error (error);
      g_assert_true (dkg_image_equal (back, plain));

      cipher->data[dkg_image_n_bytes (cipher) / 2] ^= 0x10;
      g_clear_pointer (&back, dkg_image_free);
      back = dkg_aead_decrypt_image (cipher, key, nonce, aad, sizeof aad, tag, is_signed, &error);
      g_assert_error (error, DKG_ERROR, DKG_ERROR_AUTH);
      g_assert_null (back);
    }
}

/* §5.5: k_enc is HKDF-SHA256 of the key bytes with the salt and the fixed info string; a
 * different salt gives an unrelated key. */
static void
test_aead_derive_key (void)
{
  g_autoptr(GError) error = NULL;
  guint8 ikm[100], salt[DKG_AEAD_SALT_SIZE], k1[32], k2[32];

  for (guint i = 0; i < sizeof ikm; i++)
    ikm[i] = (guint8) (i * 7);
  memset (salt, 0x33, sizeof salt);
  g_assert_true (dkg_aead_derive_key (ikm, sizeof ikm, salt, k1, &error));
  g_assert_no_error (error);
  g_assert_true (dkg_aead_derive_key (ikm, sizeof ikm, salt, k2, &error));
  g_assert_cmpmem (k1, 32, k2, 32);
  salt[31] ^= 1;
  g_assert_true (dkg_aead_derive_key (ikm, sizeof ikm, salt, k2, &error));
  g_assert_true (memcmp (k1, k2, 32) != 0);
}

/* Into existing images: a wrong tag wipes the output to zeros; shapes must agree. */
static void
test_aead_image_into (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DkgRand) r = dkg_rand_new_seeded (8440);
  g_autoptr(DkgImage) plain = crypto_test_random_image (r, 100, 700, 1, 16, TRUE);
  g_autoptr(DkgImage) cipher = dkg_image_new (100, 700, 1, 16, FALSE, &error);
  g_autoptr(DkgImage) out = dkg_image_new (100, 700, 1, 16, TRUE, &error);
  g_autoptr(DkgImage) wrong = dkg_image_new (700, 100, 1, 16, FALSE, &error);
  g_autoptr(DkgImage) zeros = dkg_image_new (100, 700, 1, 16, TRUE, &error);
  guint8 key[DKG_AEAD_KEY_SIZE] = { 1 }, nonce[DKG_AEAD_NONCE_SIZE] = { 2 };
  guint8 tag[DKG_AEAD_TAG_SIZE];

  g_assert_true (dkg_aead_encrypt_image_into (plain, key, nonce, NULL, 0, cipher, tag, &error));
  g_assert_no_error (error);
  g_assert_true (dkg_aead_decrypt_image_into (cipher, key, nonce, NULL, 0, tag, out, &error));
  g_assert_no_error (error);
  g_assert_true (dkg_image_equal (out, plain));
  tag[0] ^= 1;
  g_assert_false (dkg_aead_decrypt_image_into (cipher, key, nonce, NULL, 0, tag, out, &error));
  g_assert_error (error, DKG_ERROR, DKG_ERROR_AUTH);
  g_clear_error (&error);
  g_assert_true (dkg_image_equal (out, zeros));
  g_assert_false (dkg_aead_encrypt_image_into (plain, key, nonce, NULL, 0, wrong, tag, &error));
  g_assert_error (error, DKG_ERROR, DKG_ERROR_SHAPE);
}

int
main (int argc, char **argv)
{
  dkg_test_init (&argc, &argv);
  g_test_add_func ("/core/aead/rfc8439-2.8.2", test_aead_rfc8439);
  g_test_add_func ("/core/aead/tamper", test_aead_tamper);
  g_test_add_func ("/core/aead/image-matches-bytes", test_aead_image_matches_bytes);
  g_test_add_func ("/core/aead/derive-key", test_aead_derive_key);
  g_test_add_func ("/core/aead/image-into", test_aead_image_into);
  return g_test_run ();
}
