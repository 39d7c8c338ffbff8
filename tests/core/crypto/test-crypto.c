/* test-crypto.c — dkg-crypto.c: hex spelling of byte strings (lowercase only), constant-time
 * comparison, libgcrypt error codes as GErrors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "dkg-crypto.h"
#include "dkg-error.h"

static void
test_hex_round_trip (void)
{
  static const guint8 bytes[] = { 0x00, 0x01, 0x7f, 0x80, 0xab, 0xcd, 0xef, 0xff };
  g_autofree char *hex = dkg_crypto_to_hex (bytes, sizeof bytes);
  guint8 back[sizeof bytes];

  g_assert_cmpstr (hex, ==, "00017f80abcdefff");
  g_assert_true (dkg_crypto_from_hex (hex, back, sizeof back));
  g_assert_cmpmem (back, sizeof back, bytes, sizeof bytes);
}

/* One spelling per byte string: upper case, other letters, a wrong length are refused. */
static void
test_hex_refused (void)
{
  guint8 out[2];

  g_assert_true (dkg_crypto_from_hex ("09af", out, 2));
  g_assert_cmpuint (out[0], ==, 0x09);
  g_assert_cmpuint (out[1], ==, 0xaf);
  g_assert_false (dkg_crypto_from_hex ("09AF", out, 2));
  g_assert_false (dkg_crypto_from_hex ("09aF", out, 2));
  g_assert_false (dkg_crypto_from_hex ("09ag", out, 2));
  g_assert_false (dkg_crypto_from_hex ("09a", out, 2));
  g_assert_false (dkg_crypto_from_hex ("09af0", out, 2));
  g_assert_false (dkg_crypto_from_hex ("0 af", out, 2));
  g_assert_false (dkg_crypto_from_hex ("", out, 2));
  g_assert_true (dkg_crypto_from_hex ("", out, 0));
}

static void
test_equal (void)
{
  static const guint8 a[] = { 1, 2, 3, 4 }, b[] = { 1, 2, 3, 5 };

  g_assert_true (dkg_crypto_equal (a, a, sizeof a));
  g_assert_false (dkg_crypto_equal (a, b, sizeof a));
  g_assert_true (dkg_crypto_equal (a, b, 3));
}

static void
test_failed (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (dkg_crypto_failed (0, "gcry_md_open", &error));
  g_assert_no_error (error);
  g_assert_true (dkg_crypto_failed (gcry_error (GPG_ERR_INV_ARG), "gcry_md_setkey", &error));
  g_assert_error (error, DKG_ERROR, DKG_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "gcry_md_setkey failed: "));
  g_assert_nonnull (strstr (error->message, gcry_strerror (gcry_error (GPG_ERR_INV_ARG))));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  dkg_crypto_init ();
  g_test_add_func ("/core/crypto/hex/round-trip", test_hex_round_trip);
  g_test_add_func ("/core/crypto/hex/refused", test_hex_refused);
  g_test_add_func ("/core/crypto/equal", test_equal);
  g_test_add_func ("/core/crypto/failed", test_failed);
  return g_test_run ();
}
