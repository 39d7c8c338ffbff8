/* test-rand.c — ChaCha20 RNG: RFC 8439 vector, libgcrypt agreement, exact state round trip
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gcrypt.h>
#include <math.h>
#include <string.h>

#include "dkg-rand.h"
#include "dkg-test-util.h"

/* RFC 8439 Appendix A.1, test vector #1: key = 0, nonce = 0, block counter = 0. */
static void
test_rand_chacha20_rfc8439 (void)
{
  static const guint8 expected[64] = {
    0x76, 0xb8, 0xe0, 0xad, 0xa0, 0xf1, 0x3d, 0x90, 0x40, 0x5d, 0x6a, 0xe5, 0x53, 0x86, 0xbd, 0x28,
    0xbd, 0xd2, 0x19, 0xb8, 0xa0, 0x8d, 0xed, 0x1a, 0xa8, 0x36, 0xef, 0xcc, 0x8b, 0x77, 0x0d, 0xc7,
    0xda, 0x41, 0x59, 0x7c, 0x51, 0x57, 0x48, 0x8d, 0x77, 0x24, 0xe0, 0x3f, 0xb8, 0xd8, 0x4a, 0x37,
    0x6a, 0x43, 0xb8, 0xf4, 0x15, 0x18, 0xa1, 0x1c, 0xc3, 0x87, 0xb6, 0x69, 0xb2, 0xee, 0x65, 0x86,
  };
  guint32 key[8] = { 0 }, out[16];
  guint8 bytes[64];

  dkg_chacha20_block (key, 0, out);
  for (int i = 0; i < 64; i++)
    bytes[i] = (guint8) (out[i / 4] >> (8 * (i % 4)));
  g_assert_cmpmem (bytes, 64, expected, 64);
}

/* The same keystream as libgcrypt's ChaCha20 with an 8-byte zero nonce, over several blocks. */
static void
test_rand_chacha20_matches_libgcrypt (void)
{
  guint8 key[32], ours[256], theirs[256] = { 0 }, nonce[8] = { 0 };
  guint32 kw[8];
  gcry_cipher_hd_t hd;

  for (int i = 0; i < 32; i++)
    key[i] = (guint8) (37 * i + 11);
  for (int i = 0; i < 8; i++)
    kw[i] = (guint32) key[4 * i] | (guint32) key[4 * i + 1] << 8 | (guint32) key[4 * i + 2] << 16
          | (guint32) key[4 * i + 3] << 24;
  for (guint64 b = 0; b < 4; b++)
    {
      guint32 out[16];
      dkg_chacha20_block (kw, b, out);
      for (int i = 0; i < 64; i++)
        ours[64 * b + i] = (guint8) (out[i / 4] >> (8 * (i % 4)));
    }
  g_assert_cmpint (gcry_cipher_open (&hd, GCRY_CIPHER_CHACHA20, GCRY_CIPHER_MODE_STREAM, 0), ==, 0);
  g_assert_cmpint (gcry_cipher_setkey (hd, key, 32), ==, 0);
  g_assert_cmpint (gcry_cipher_setiv (hd, nonce, 8), ==, 0);
  g_assert_cmpint (gcry_cipher_encrypt (hd, theirs, sizeof theirs, NULL, 0), ==, 0);
  gcry_cipher_close (hd);
  g_assert_cmpmem (ours, sizeof ours, theirs, sizeof theirs);
}

static void
test_rand_seeded_reproducible (void)
{
  g_autoptr(DkgRand) a = dkg_rand_new_seeded (42);
  g_autoptr(DkgRand) b = dkg_rand_new_seeded (42);
  g_autoptr(DkgRand) c = dkg_rand_new_seeded (43);
  guint64 seed = 0;
  int same_c = 0;

  for (int i = 0; i < 1000; i++)
    {
      guint32 x = dkg_rand_uint32 (a);
      g_assert_cmpuint (x, ==, dkg_rand_uint32 (b));
      same_c += x == dkg_rand_uint32 (c);
    }
  g_assert_cmpint (same_c, <, 3);
  g_assert_true (dkg_rand_is_seeded (a, &seed));
  g_assert_cmpuint (seed, ==, 42);
}

static void
test_rand_state_round_trip (void)
{
  g_autoptr(DkgRand) a = dkg_rand_new_secure ();
  g_autoptr(DkgRand) b = dkg_rand_new_seeded (1);
  guint8 state[DKG_RAND_STATE_SIZE];

  /* Leave a in the middle of a block. */
  for (int i = 0; i < 7; i++)
    dkg_rand_uint32 (a);
  dkg_rand_get_state (a, state);
  dkg_rand_set_state (b, state);
  for (int i = 0; i < 100; i++)
    g_assert_cmpuint (dkg_rand_uint32 (a), ==, dkg_rand_uint32 (b));
  g_assert_false (dkg_rand_is_seeded (b, NULL));
}

/* Moments of the distributions: 10⁵ samples, bounds at about 5 standard errors. */
static void
test_rand_distributions (void)
{
  g_autoptr(DkgRand) r = dkg_rand_new_seeded (7);
  const int n = 100000;
  double s = 0, s2 = 0, u = 0;
  int below[10] = { 0 };

  for (int i = 0; i < n; i++)
    {
      double x = dkg_rand_normal (r, 0.0f, 0.02f);
      double d = dkg_rand_double (r);
      s += x;
      s2 += x * x;
      u += d;
      g_assert_true (d >= 0.0 && d < 1.0);
      below[dkg_rand_below (r, 10)]++;
    }
  g_assert_cmpfloat (fabs (s / n), <, 5 * 0.02 / sqrt (n));
  g_assert_cmpfloat (fabs (sqrt (s2 / n) - 0.02), <, 0.0005);
  g_assert_cmpfloat (fabs (u / n - 0.5), <, 5 * 0.2887 / sqrt (n));
  for (int k = 0; k < 10; k++)
    g_assert_cmpint (abs (below[k] - n / 10), <, 5 * 95);
}

/* A copy continues the same stream, independently of the original. */
static void
test_rand_copy (void)
{
  g_autoptr(DkgRand) a = dkg_rand_new_seeded (77);
  g_autoptr(DkgRand) b = NULL;
  guint32 first[5];

  for (int i = 0; i < 3; i++)
    dkg_rand_uint32 (a);
  b = dkg_rand_copy (a);
  for (int i = 0; i < 5; i++)
    first[i] = dkg_rand_uint32 (a);
  for (int i = 0; i < 5; i++)
    g_assert_cmpuint (dkg_rand_uint32 (b), ==, first[i]);
}

int
main (int argc, char **argv)
{
  dkg_test_init (&argc, &argv);
  gcry_check_version (NULL);
  g_test_add_func ("/core/rand/chacha20-rfc8439", test_rand_chacha20_rfc8439);
  g_test_add_func ("/core/rand/chacha20-matches-libgcrypt", test_rand_chacha20_matches_libgcrypt);
  g_test_add_func ("/core/rand/seeded-reproducible", test_rand_seeded_reproducible);
  g_test_add_func ("/core/rand/state-round-trip", test_rand_state_round_trip);
  g_test_add_func ("/core/rand/copy", test_rand_copy);
  g_test_add_func ("/core/rand/distributions", test_rand_distributions);
  return g_test_run ();
}
