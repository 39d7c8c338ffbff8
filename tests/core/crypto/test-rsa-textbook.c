/* test-rsa-textbook.c — the paper's per-pixel textbook RSA (INSECURE, for comparison): exact
 * decryption, a permuted histogram, and the public-key dictionary attack
 * (docs/SPECIFICATION.md §5.6)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "dkg-histogram.h"
#include "dkg-rsa.h"
#include "dkg-error.h"
#include "dkg-rand.h"
#include "dkg-test-util.h"

static DkgImage *
load_sample (const char *relative)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = dkg_test_source_path (relative);
  DkgImage *im = dkg_image_load (path, NULL, &error);

  g_assert_no_error (error);
  return im;
}

static int
compare_u64 (gconstpointer a,
             gconstpointer b)
{
  guint64 x = *(const guint64 *) a, y = *(const guint64 *) b;

  return x < y ? -1 : x > y;
}

/* Non-zero counts of @counts (@n entries), sorted. */
static GArray *
sorted_nonzero (const guint64 *counts,
                gsize          n)
{
  GArray *a = g_array_new (FALSE, FALSE, sizeof (guint64));

  for (gsize i = 0; i < n; i++)
    if (counts[i] > 0)
      g_array_append_val (a, counts[i]);
  g_array_sort (a, compare_u64);
  return a;
}

/* The textbook example (p = 61, q = 53, e = 17): n = 3233, φ = 3120, d = 2753;
 * 65^17 mod 3233 = 2790 and back. */
static void
test_known_key (void)
{
  g_autoptr(GError) error = NULL;
  DkgRsaTextbookKey key;

  g_assert_true (dkg_rsa_textbook_key_from_primes (61, 53, 17, &key, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (key.n, ==, 3233);
  g_assert_cmpuint (key.bits, ==, 12);
  g_assert_cmpuint (key.d, ==, 2753);
  g_assert_cmpuint (dkg_rsa_textbook_pow (65, 17, 3233), ==, 2790);
  g_assert_cmpuint (dkg_rsa_textbook_pow (2790, 2753, 3233), ==, 65);
  g_assert_cmpuint (dkg_rsa_textbook_pow (0, 17, 3233), ==, 0);
  g_assert_cmpuint (dkg_rsa_textbook_pow (1, 17, 3233), ==, 1);
  /* 64-bit products of values near 2³² do not overflow. */
  g_assert_cmpuint (dkg_rsa_textbook_pow (4294967290u, 2, 4294967291u), ==, 1);

  g_assert_false (dkg_rsa_textbook_key_from_primes (61, 61, 17, &key, &error));
  g_assert_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (dkg_rsa_textbook_key_from_primes (61, 55, 17, &key, &error));
  g_assert_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (dkg_rsa_textbook_key_from_primes (61, 53, 3, &key, &error));   /* 3 | φ */
  g_assert_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (dkg_rsa_textbook_key_from_primes (7, 11, 7, &key, &error));   /* n < 2⁸ */
  g_assert_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT);
}

/* Every size from 9 to 32 bits: n has exactly that many bits, e·d ≡ 1 mod φ(n). */
static void
test_keygen_sizes (void)
{
  g_autoptr(GError) error = NULL;
  DkgRsaTextbookKey key;

  for (guint bits = DKG_RSA_TEXTBOOK_MIN_BITS; bits <= DKG_RSA_TEXTBOOK_MAX_BITS; bits++)
    {
      guint64 phi;

      g_assert_true (dkg_rsa_textbook_key_generate (bits, &key, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (key.bits, ==, bits);
      g_assert_cmpuint (key.n >> (bits - 1), ==, 1);
      g_assert_cmpuint (key.p * key.q, ==, key.n);
      g_assert_cmpuint (key.e, ==, 65537);
      phi = (key.p - 1) * (key.q - 1);
      g_assert_cmpuint ((key.e % phi) * (key.d % phi) % phi, ==, 1);
      g_assert_cmpuint (dkg_rsa_textbook_words (key.n), ==, bits <= 16 ? 1 : 2);
    }
  g_assert_false (dkg_rsa_textbook_key_generate (8, &key, &error));
  g_assert_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (dkg_rsa_textbook_key_generate (33, &key, &error));
  g_assert_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT);
}

/* 8-bit grey, the shipped natural image, 16-bit modulus: decryption is exact; the ciphertext
 * histogram (65536 bins) has exactly the plaintext's non-zero counts, bin v moved to E(v); the
 * dictionary attack recovers every pixel from the public key alone. */
static void
test_grey8 (void)
{
  g_autoptr(DkgImage) plain = load_sample ("data/samples/colin27_ch2_axial_z090_8bit.png");
  g_autoptr(GError) error = NULL;
  g_autoptr(DkgImage) cipher = NULL;
  g_autoptr(DkgImage) back = NULL;
  g_autoptr(DkgImage) attacked = NULL;
  g_autoptr(DkgHistogram) hp = NULL;
  g_autoptr(DkgHistogram) hc = NULL;
  g_autoptr(GArray) sp = NULL;
  g_autoptr(GArray) sc = NULL;
  DkgRsaTextbookKey key;
  guint64 recovered = 0;

  g_assert_true (dkg_rsa_textbook_key_generate (16, &key, &error));
  cipher = dkg_rsa_textbook_encrypt_image (plain, &key, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cipher->width, ==, plain->width);
  g_assert_cmpuint (cipher->height, ==, plain->height);
  g_assert_cmpuint (cipher->bit_depth, ==, 16);
  g_assert_false (dkg_image_equal (cipher, plain));

  back = dkg_rsa_textbook_decrypt_image (cipher, &key, 8, FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (dkg_image_equal (back, plain));

  hp = dkg_histogram_compute_image (plain);
  hc = dkg_histogram_compute_image (cipher);
  sp = sorted_nonzero (hp->counts, hp->n_bins);
  sc = sorted_nonzero (hc->counts, hc->n_bins);
  g_test_message ("%u distinct grey levels → %u distinct ciphertext values", sp->len, sc->len);
  g_assert_cmpuint (sp->len, >, 50);
  g_assert_cmpuint (sp->len, ==, sc->len);
  g_assert_cmpmem (sp->data, sp->len * sizeof (guint64), sc->data, sc->len * sizeof (guint64));
  for (guint v = 0; v < 256; v++)
    g_assert_cmpuint (hc->counts[dkg_rsa_textbook_pow (v, key.e, key.n)], ==, hp->counts[v]);
  /* Fixed points: 0 and 1 stay. */
  g_assert_cmpuint (hc->counts[0], ==, hp->counts[0]);
  g_assert_cmpuint (hp->counts[0], >, 0);

  attacked = dkg_rsa_textbook_dictionary_attack (cipher, key.n, key.e, 8, FALSE, &recovered,
                                                 &error);
  g_assert_no_error (error);
  g_assert_cmpuint (recovered, ==, dkg_image_n_samples (plain));
  g_assert_true (dkg_image_equal (attacked, plain));
}

/* Two 16-bit words per value (n > 2¹⁶): RGB 8-bit with a 32-bit modulus, 16-bit signed CT with
 * 17- and 32-bit moduli; decryption exact; the multiset of values is permuted. */
static void
test_two_words (void)
{
  struct { const char *sample; guint bits; } cases[] = {
    { "data/samples/SC_rgb_jpeg_dcmd.dcm", 32 },
    { "data/samples/CT_small.dcm", 17 },
    { "data/samples/CT_small.dcm", 32 },
  };

  for (guint k = 0; k < G_N_ELEMENTS (cases); k++)
    {
      g_autoptr(DkgImage) plain = load_sample (cases[k].sample);
      g_autoptr(GError) error = NULL;
      g_autoptr(DkgImage) cipher = NULL;
      g_autoptr(DkgImage) back = NULL;
      g_autoptr(DkgImage) attacked = NULL;
      g_autoptr(GHashTable) map = g_hash_table_new (g_direct_hash, g_direct_equal);
      const guint16 *c16;
      DkgRsaTextbookKey key;
      guint64 recovered = 0;
      gsize n = dkg_image_n_samples (plain), ch = plain->channels;

      g_assert_true (dkg_rsa_textbook_key_generate (cases[k].bits, &key, &error));
      cipher = dkg_rsa_textbook_encrypt_image (plain, &key, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (cipher->width, ==, 2 * plain->width);
      back = dkg_rsa_textbook_decrypt_image (cipher, &key, plain->bit_depth, plain->is_signed,
                                             &error);
      g_assert_no_error (error);
      g_assert_true (dkg_image_equal (back, plain));

      /* Deterministic and injective: value ↔ ciphertext is a bijection on the values used. */
      c16 = (const guint16 *) cipher->data;
      for (gsize i = 0; i < n; i++)
        {
          gsize pixel = i / ch, c = i % ch, y = pixel / plain->width, x = pixel % plain->width;
          gsize j = (y * plain->width * 2 + 2 * x) * ch + c;
          guint32 cv = ((guint32) c16[j] << 16) | c16[j + ch];
          guint32 m = plain->bit_depth == 8 ? plain->data[i] : ((const guint16 *) plain->data)[i];
          gpointer old = g_hash_table_lookup (map, GUINT_TO_POINTER (m + 1));

          g_assert_cmpuint (cv, <, key.n);
          g_assert_cmpuint (cv, ==, dkg_rsa_textbook_pow (m, key.e, key.n));
          if (old == NULL)
            g_hash_table_insert (map, GUINT_TO_POINTER (m + 1), GUINT_TO_POINTER (cv + 1));
          else
            g_assert_cmpuint (GPOINTER_TO_UINT (old), ==, cv + 1);
        }

      attacked = dkg_rsa_textbook_dictionary_attack (cipher, key.n, key.e, plain->bit_depth,
                                                     plain->is_signed, &recovered, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (recovered, ==, n);
      g_assert_true (dkg_image_equal (attacked, plain));
    }
}

static void
test_errors (void)
{
  g_autoptr(DkgImage) ct = load_sample ("data/samples/CT_small.dcm");
  g_autoptr(DkgImage) colin = load_sample ("data/samples/colin27_ch2_axial_z090_8bit.png");
  g_autoptr(GError) error = NULL;
  g_autoptr(DkgImage) cipher = NULL;
  DkgRsaTextbookKey small, k16, other;

  g_assert_true (dkg_rsa_textbook_key_from_primes (61, 53, 65537, &small, &error));
  g_assert_true (dkg_rsa_textbook_key_from_primes (181, 199, 65537, &k16, &error));
  g_assert_true (dkg_rsa_textbook_key_from_primes (191, 211, 65537, &other, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (k16.bits, ==, 16);
  g_assert_cmpuint (other.bits, ==, 16);

  /* A modulus below 2^16 cannot encrypt 16-bit samples. */
  g_assert_null (dkg_rsa_textbook_encrypt_image (ct, &small, &error));
  g_assert_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* Not a ciphertext: an 8-bit image; values ≥ n. */
  g_assert_null (dkg_rsa_textbook_decrypt_image (colin, &k16, 8, FALSE, &error));
  g_assert_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE);
  g_clear_error (&error);
  cipher = dkg_rsa_textbook_encrypt_image (colin, &k16, &error);
  g_assert_no_error (error);
  ((guint16 *) cipher->data)[0] = 65535;
  g_assert_null (dkg_rsa_textbook_decrypt_image (cipher, &k16, 8, FALSE, &error));
  g_assert_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE);
  g_clear_error (&error);

  /* Another key's ciphertext: values decrypt to more than 8 bits (or it fails the n check). */
  g_clear_pointer (&cipher, dkg_image_free);
  cipher = dkg_rsa_textbook_encrypt_image (colin, &other, &error);
  g_assert_no_error (error);
  g_assert_null (dkg_rsa_textbook_decrypt_image (cipher, &k16, 8, FALSE, &error));
  g_assert_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE);
}

int
main (int argc, char **argv)
{
  dkg_test_init (&argc, &argv);
  g_test_add_func ("/core/rsa-textbook/known-key", test_known_key);
  g_test_add_func ("/core/rsa-textbook/keygen-sizes", test_keygen_sizes);
  g_test_add_func ("/core/rsa-textbook/grey8-permuted-histogram", test_grey8);
  g_test_add_func ("/core/rsa-textbook/two-words", test_two_words);
  g_test_add_func ("/core/rsa-textbook/errors", test_errors);
  return g_test_run ();
}
