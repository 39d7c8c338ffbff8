/* test-hkdf.c — HKDF-SHA256 against RFC 5869 Appendix A, test cases 1–3
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "crypto-test.h"
#include "dkg-hkdf.h"
#include "dkg-error.h"
#include "dkg-test-util.h"

typedef struct
{
  const char *ikm;
  const char *salt;
  const char *info;
  gsize       length;
  const char *prk;
  const char *okm;
} HkdfCase;

/* RFC 5869 Appendix A.1, A.2, A.3 (SHA-256). */
static const HkdfCase cases[] = {
  {
    "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b",
    "000102030405060708090a0b0c",
    "f0f1f2f3f4f5f6f7f8f9",
    42,
    "077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5",
    "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865",
  },
  {
    "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
    "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f"
    "404142434445464748494a4b4c4d4e4f",
    "606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f"
    "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f"
    "a0a1a2a3a4a5a6a7a8a9aaabacadaeaf",
    "b0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecf"
    "d0d1d2d3d4d5d6d7d8d9dadbdcdddedfe0e1e2e3e4e5e6e7e8e9eaebecedeeef"
    "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff",
    82,
    "06a6b88c5853361a06104c9ceb35b45cef760014904671014a193f40c15fc244",
    "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c"
    "59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71"
    "cc30c58179ec3e87c14c01d5c1f3434f1d87",
  },
  {
    "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b",
    "",
    "",
    42,
    "19ef24a32c717b167f33a91d6f648bdf96596776afdb6377ac434c1c293ccb04",
    "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8",
  },
};

static void
test_hkdf_rfc5869 (gconstpointer data)
{
  const HkdfCase *c = data;
  g_autoptr(GError) error = NULL;
  gsize ikm_len, salt_len, info_len, prk_len, okm_len;
  g_autofree guint8 *ikm = crypto_test_unhex (c->ikm, &ikm_len);
  g_autofree guint8 *salt = crypto_test_unhex (c->salt, &salt_len);
  g_autofree guint8 *info = crypto_test_unhex (c->info, &info_len);
  g_autofree guint8 *prk = crypto_test_unhex (c->prk, &prk_len);
  g_autofree guint8 *okm = crypto_test_unhex (c->okm, &okm_len);
  g_autofree guint8 *out = g_malloc (c->length);
  guint8 prk_out[DKG_HKDF_SHA256_HASH_LEN];

  g_assert_cmpuint (okm_len, ==, c->length);
  g_assert_true (dkg_hkdf_sha256_extract (salt, salt_len, ikm, ikm_len, prk_out, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (prk_out, sizeof prk_out, prk, prk_len);
  g_assert_true (dkg_hkdf_sha256_expand (prk_out, info, info_len, out, c->length, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (out, c->length, okm, okm_len);

  memset (out, 0, c->length);
  g_assert_true (dkg_hkdf_sha256 (ikm, ikm_len, salt, salt_len, info, info_len, out, c->length,
                                  &error));
  g_assert_no_error (error);
  g_assert_cmpmem (out, c->length, okm, okm_len);
}

/* A prefix of a longer output is the shorter output (RFC 5869 §2.3), and the length limit of
 * 255·HashLen is enforced as an error. */
static void
test_hkdf_lengths (void)
{
  g_autoptr(GError) error = NULL;
  static const guint8 ikm[5] = { 1, 2, 3, 4, 5 };
  g_autofree guint8 *big = g_malloc (DKG_HKDF_SHA256_MAX_OUTPUT + 1);
  guint8 small[33];

  g_assert_true (dkg_hkdf_sha256 (ikm, sizeof ikm, NULL, 0, NULL, 0, big,
                                  DKG_HKDF_SHA256_MAX_OUTPUT, &error));
  g_assert_no_error (error);
  g_assert_true (dkg_hkdf_sha256 (ikm, sizeof ikm, NULL, 0, NULL, 0, small, sizeof small,
                                  &error));
  g_assert_cmpmem (small, sizeof small, big, sizeof small);
  g_assert_false (dkg_hkdf_sha256 (ikm, sizeof ikm, NULL, 0, NULL, 0, big,
                                   DKG_HKDF_SHA256_MAX_OUTPUT + 1, &error));
  g_assert_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT);
}

int
main (int argc, char **argv)
{
  dkg_test_init (&argc, &argv);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/core/hkdf/rfc5869-case-%u", i + 1);

      g_test_add_data_func (path, &cases[i], test_hkdf_rfc5869);
    }
  g_test_add_func ("/core/hkdf/lengths", test_hkdf_lengths);
  return g_test_run ();
}
