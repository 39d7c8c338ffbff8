/* test-baselines.c — the baseline key generators (docs/SPECIFICATION.md §6.10) against published
 * vectors: MT19937 (Matsumoto & Nishimura's mt19937ar and the C++ standard), RC4 (RFC 6229),
 * ChaCha20 (RFC 8439 A.1), the LCG by hand, textbook RSA against Python's pow(), the chaotic
 * keystream
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "dkg-baselines.h"
#include "dkg-error.h"
#include "dkg-test-util.h"
#include "dkg-chaotic-cipher.h"

/* SHA-256("abc") (FIPS 180-2, Appendix B.1). */
static const char sha256_abc[] =
  "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

/* RSA-2048 of the RSA Factoring Challenge, as RSA Laboratories published it (decimal). */
static const char rsa2048_decimal[] =
  "25195908475657893494027183240048398571429282126204032027777137836043662020707595556264018525"
  "88078440691829064124951508218929855914917618450280848912007284499268739280728777673597141834"
  "72702618963750149718246911650776133798590957000973304597488084284017974291006424586918171951"
  "18746121515172654632282216869987549182422433637259085141865462043576798423387184774447920739"
  "93423658482382428119816381501067481045166037730605620161967625613384414360383390441495263443"
  "21901146575444541784240209246165157233507787077498171257724679629263863563732899121548314381"
  "67899885040445364023527381951378636564391212010397122822120720357";

static guint8 *
unhex (const char *hex,
       gsize      *n)
{
  gsize len = strlen (hex);
  guint8 *out = g_malloc (len / 2 + 1);

  g_assert_cmpuint (len % 2, ==, 0);
  for (gsize i = 0; i < len / 2; i++)
    out[i] = (guint8) (g_ascii_xdigit_value (hex[2 * i]) * 16
                       + g_ascii_xdigit_value (hex[2 * i + 1]));
  *n = len / 2;
  return out;
}

static void
assert_hex (const guint8 *bytes,
            const char   *hex)
{
  gsize n;
  g_autofree guint8 *want = unhex (hex, &n);

  g_assert_cmpmem (bytes, n, want, n);
}

static void
test_baselines_ids (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint b = 0; b < DKG_N_BASELINES; b++)
    {
      DkgBaseline back = DKG_N_BASELINES;
      const char *id = dkg_baseline_get_id ((DkgBaseline) b);

      g_assert_nonnull (id);
      g_assert_false (g_hash_table_contains (seen, id));
      g_hash_table_add (seen, (gpointer) id);
      g_assert_true (dkg_baseline_from_id (id, &back));
      g_assert_cmpint (back, ==, b);
      g_assert_cmpuint (strlen (dkg_baseline_get_name ((DkgBaseline) b)), >, 2);
      g_assert_cmpuint (strlen (dkg_baseline_get_description ((DkgBaseline) b)), >, 20);
      g_assert_true (dkg_baseline_is_deterministic ((DkgBaseline) b)
                     == (b != DKG_BASELINE_OS_CSPRNG));
    }
  g_assert_cmpuint (g_hash_table_size (seen), ==, 7);
  {
    DkgBaseline b = DKG_BASELINE_LCG;

    g_assert_false (dkg_baseline_from_id ("mt19938", &b));
    g_assert_cmpint (b, ==, DKG_BASELINE_LCG);
    g_assert_true (dkg_baseline_from_id ("os-csprng", &b));
    g_assert_cmpint (b, ==, DKG_BASELINE_OS_CSPRNG);
  }
}

/* From x = 0: x₁ = 1013904223 = 0x3c6ef35f, x₂ = 1664525·x₁ + 1013904223 mod 2³² = 1196435762
 * = 0x4750a632, x₃ = 3519870697 = 0xd1cd1c49 (Numerical Recipes' ranqd1 sequence), then
 * 2868466484 = 0xaa…, 1649599747 = 0x62…, 2670642822 = 0x9f… */
static void
test_baselines_lcg_by_hand (void)
{
  static const guint8 seed[] = "abc";
  guint8 out[6], gen[4], want[4];
  guint32 state;

  state = dkg_baseline_lcg_fill (0, out, 6);
  assert_hex (out, "3c47d1aa629f");
  g_assert_cmpuint (state, ==, 2670642822u);
  /* Continuing from a state is the same as one longer call. */
  state = dkg_baseline_lcg_fill (0, out, 3);
  g_assert_cmpuint (state, ==, 3519870697u);
  dkg_baseline_lcg_fill (state, out + 3, 3);
  assert_hex (out, "3c47d1aa629f");

  /* x₀ = the first 4 bytes of SHA-256("abc") = 0xba7816bf; then by hand:
   * 0xba7816bf·1664525 + 1013904223 mod 2³² = 0xc6…, and so on (checked in Python). */
  g_assert_cmpuint (dkg_baseline_lcg_seed (seed, 3), ==, 0xba7816bfu);
  g_assert_true (dkg_baseline_generate (DKG_BASELINE_LCG, seed, 3, gen, 4, NULL, NULL));
  assert_hex (gen, "c6ab181c");
  dkg_baseline_lcg_fill (0xba7816bfu, want, 4);
  g_assert_cmpmem (gen, 4, want, 4);
}

static guint32
be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

/* MT19937: seed 5489 (init_genrand, GLib's g_rand_new_with_seed) gives 3499211612 first and
 * 4123659995 as its 10000th output (the C++ standard's check of std::mt19937);
 * init_by_array {0x123, 0x234, 0x345, 0x456} gives 1067595299 955945823 477289528 4107218783
 * 4228976476 (mt19937ar.out). The bytes are most significant first. */
static void
test_baselines_mt19937_reference (void)
{
  static const guint32 array[] = { 0x123, 0x234, 0x345, 0x456 };
  static const guint32 want_array[] = { 1067595299u, 955945823u, 477289528u, 4107218783u,
                                        4228976476u };
  static const guint8 seed[] = "abc";
  g_autoptr(GRand) r = g_rand_new_with_seed (5489);
  g_autoptr(GRand) a = g_rand_new_with_seed_array (array, G_N_ELEMENTS (array));
  g_autoptr(GRand) ours = NULL;
  g_autoptr(GRand) ref = NULL;
  g_autofree guint8 *buf = g_malloc (40000);
  g_autofree guint8 *digest = NULL;
  guint32 words[8];
  guint8 gen[64], want[64], odd[7];
  gsize n;

  dkg_baseline_mt19937_fill (r, buf, 40000);
  assert_hex (buf, "d091bb5c");
  g_assert_cmpuint (be32 (buf), ==, 3499211612u);
  g_assert_cmpuint (be32 (buf + 4 * 9999), ==, 4123659995u);

  dkg_baseline_mt19937_fill (a, buf, 20);
  for (guint i = 0; i < 5; i++)
    g_assert_cmpuint (be32 (buf + 4 * i), ==, want_array[i]);

  /* A partial last word gives its leading bytes: the second output is 581869302 = 0x22ae9ef6. */
  g_rand_set_seed (r, 5489);
  dkg_baseline_mt19937_fill (r, odd, 7);
  assert_hex (odd, "d091bb5c22ae9e");

  /* The baseline: seed array = the 8 big-endian words of SHA-256(seed). */
  digest = unhex (sha256_abc, &n);
  for (guint i = 0; i < 8; i++)
    words[i] = be32 (digest + 4 * i);
  ref = g_rand_new_with_seed_array (words, 8);
  dkg_baseline_mt19937_fill (ref, want, sizeof want);
  ours = dkg_baseline_mt19937_new (seed, 3);
  dkg_baseline_mt19937_fill (ours, gen, sizeof gen);
  g_assert_cmpmem (gen, sizeof gen, want, sizeof want);
  g_assert_true (dkg_baseline_generate (DKG_BASELINE_MT19937, seed, 3, gen, sizeof gen, NULL,
                                        NULL));
  g_assert_cmpmem (gen, sizeof gen, want, sizeof want);
}

/* RFC 6229 §2: keystream bytes at offsets 0, 16, 240, 256 and 4096 for a 40-bit and a
 * 128-bit key. */
static void
test_baselines_rc4_rfc6229 (void)
{
  static const struct
  {
    const char *key;
    guint       offset;
    const char *bytes;
  } v[] = {
    { "0102030405", 0, "b2396305f03dc027ccc3524a0a1118a8" },
    { "0102030405", 16, "6982944f18fc82d589c403a47a0d0919" },
    { "0102030405", 240, "28cb1132c96ce286421dcaadb8b69eae" },
    { "0102030405", 256, "1cfcf62b03eddb641d77dfcf7f8d8c93" },
    { "0102030405", 4096, "ff25b58995996707e51fbdf08b34d875" },
    { "0102030405060708090a0b0c0d0e0f10", 0, "9ac7cc9a609d1ef7b2932899cde41b97" },
    { "0102030405060708090a0b0c0d0e0f10", 16, "5248c4959014126a6e8a84f11d1a9e1c" },
    { "0102030405060708090a0b0c0d0e0f10", 240, "065902e4b620f6cc36c8589f66432f2b" },
    { "0102030405060708090a0b0c0d0e0f10", 256, "d39d566bc6bce3010768151549f3873f" },
    { "0102030405060708090a0b0c0d0e0f10", 4096, "a36a4c301ae8ac13610ccbc12256cacc" },
  };
  static const guint8 seed[] = "abc";
  g_autofree guint8 *ks = g_malloc (4112);
  g_autofree guint8 *digest = NULL;
  g_autoptr(GError) error = NULL;
  guint8 gen[100], want[100];
  gsize n;

  for (guint i = 0; i < G_N_ELEMENTS (v); i++)
    {
      g_autofree guint8 *key = unhex (v[i].key, &n);

      g_assert_true (dkg_baseline_rc4_keystream (key, n, ks, 4112, &error));
      g_assert_no_error (error);
      assert_hex (ks + v[i].offset, v[i].bytes);
    }

  digest = unhex (sha256_abc, &n);
  g_assert_true (dkg_baseline_rc4_keystream (digest, n, want, sizeof want, NULL));
  g_assert_true (dkg_baseline_generate (DKG_BASELINE_RC4, seed, 3, gen, sizeof gen, NULL, NULL));
  g_assert_cmpmem (gen, sizeof gen, want, sizeof want);

  g_assert_false (dkg_baseline_rc4_keystream (digest, 4, want, 10, &error));
  g_assert_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT);
}

/* RFC 8439 Appendix A.1, ChaCha20 block function test vectors 1–5 (block j of a stream is
 * bytes 64·j … 64·j + 63, so the vectors with counter 1 or 2 are later blocks). */
static void
test_baselines_chacha20_rfc8439 (void)
{
  static const guint8 seed[] = "abc";
  static const guint8 zero_nonce[12] = { 0 };
  guint8 key[32] = { 0 }, nonce[12] = { 0 }, ks[192], gen[200], want[200];
  g_autofree guint8 *digest = NULL;
  gsize n;

  /* #1 (counter 0) and #2 (counter 1): zero key and nonce. */
  g_assert_true (dkg_baseline_chacha20_keystream (key, nonce, ks, 128, NULL));
  assert_hex (ks, "76b8e0ada0f13d90405d6ae55386bd28bdd219b8a08ded1aa836efcc8b770dc7"
                  "da41597c5157488d7724e03fb8d84a376a43b8f41518a11cc387b669b2ee6586");
  assert_hex (ks + 64, "9f07e7be5551387a98ba977c732d080dcb0f29a048e3656912c6533e32ee7aed"
                       "29b721769ce64e43d57133b074d839d531ed1f28510afb45ace10a1f4b794d6f");
  /* #3: key 00…01, counter 1. */
  key[31] = 1;
  g_assert_true (dkg_baseline_chacha20_keystream (key, nonce, ks, 128, NULL));
  assert_hex (ks + 64, "3aeb5224ecf849929b9d828db1ced4dd832025e8018b8160b82284f3c949aa5a"
                       "8eca00bbb4a73bdad192b5c42f73f2fd4e273644c8b36125a64addeb006c13a0");
  /* #4: key 00 ff 00…, counter 2. */
  key[31] = 0;
  key[1] = 0xff;
  g_assert_true (dkg_baseline_chacha20_keystream (key, nonce, ks, 192, NULL));
  assert_hex (ks + 128, "72d54dfbf12ec44b362692df94137f328fea8da73990265ec1bbbea1ae9af0ca"
                        "13b25aa26cb4a648cb9b9d1be65b2c0924a66c54d545ec1b7374f4872e99f096");
  /* #5: zero key, nonce 00…02, counter 0. */
  key[1] = 0;
  nonce[11] = 2;
  g_assert_true (dkg_baseline_chacha20_keystream (key, nonce, ks, 64, NULL));
  assert_hex (ks, "c2c64d378cd536374ae204b9ef933fcd1a8b2288b3dfa49672ab765b54ee27c7"
                  "8a970e0e955c14f3a88e741b97c286f75f8fc299e8148362fa198a39531bed6d");

  /* The baseline: key SHA-256(seed), zero nonce. */
  digest = unhex (sha256_abc, &n);
  g_assert_true (dkg_baseline_chacha20_keystream (digest, zero_nonce, want, sizeof want, NULL));
  g_assert_true (dkg_baseline_generate (DKG_BASELINE_CHACHA20, seed, 3, gen, sizeof gen, NULL,
                                        NULL));
  g_assert_cmpmem (gen, sizeof gen, want, sizeof want);
}

/* Hex (big-endian) to decimal by repeated division by 10 on the byte array. */
static char *
hex_to_decimal (const char *hex)
{
  gsize n;
  g_autofree guint8 *num = unhex (hex, &n);
  GString *digits = g_string_new (NULL);
  gboolean nonzero = TRUE;

  while (nonzero)
    {
      guint rem = 0;

      nonzero = FALSE;
      for (gsize i = 0; i < n; i++)
        {
          guint cur = rem * 256 + num[i];

          num[i] = (guint8) (cur / 10);
          rem = cur % 10;
          nonzero |= num[i] != 0;
        }
      g_string_prepend_c (digits, (char) ('0' + rem));
    }
  return g_string_free (digits, FALSE);
}

/* Textbook RSA: the modulus is RSA-2048 (its published decimal digits); c = m^65537 mod n
 * compared with Python's pow(m, 65537, n) for two seeds; the deliberate weaknesses. */
static void
test_baselines_rsa (void)
{
  static const guint8 abc[] = "abc";
  g_autofree char *decimal = hex_to_decimal (dkg_baseline_rsa_modulus_hex ());
  g_autoptr(GError) error = NULL;
  guint8 seed[255], out[768], shorter[300];

  g_assert_cmpuint (strlen (dkg_baseline_rsa_modulus_hex ()), ==, 512);
  g_assert_cmpstr (decimal, ==, rsa2048_decimal);
  g_assert_cmpuint (strlen (decimal), ==, 617);

  /* "abc" repeated fills each 255-byte block identically: every output block is
   * pow(int.from_bytes(b"abc" * 85, "big"), 65537, n), 256 bytes. */
  g_assert_true (dkg_baseline_rsa_textbook (abc, 3, out, 768, &error));
  g_assert_no_error (error);
  assert_hex (out, "31a88357b3e13bd4b642c8c90df5494f");
  assert_hex (out + 240, "cc3df4a4b2dbcdf332a722ba050756aa");
  g_assert_cmpmem (out, 256, out + 256, 256);
  g_assert_cmpmem (out, 256, out + 512, 256);

  /* Seed 1, 2, …, 200 read cyclically: block i starts at byte 255·i mod 200. */
  for (guint i = 0; i < 200; i++)
    seed[i] = (guint8) (i + 1);
  g_assert_true (dkg_baseline_rsa_textbook (seed, 200, out, 768, &error));
  assert_hex (out, "48f1e8e4fd72b78aecbca8b336c8025c");
  assert_hex (out + 256, "440607da6eccfc9f3a2a8b8221b2ea13");
  assert_hex (out + 752, "159c0275638c6b45c37185ffe701ab91");
  /* A shorter output is a prefix; every block's first byte is below n's (0xc7). */
  g_assert_true (dkg_baseline_rsa_textbook (seed, 200, shorter, 300, &error));
  g_assert_cmpmem (shorter, 300, out, 300);
  for (guint b = 0; b < 3; b++)
    g_assert_cmpuint (out[256 * b], <=, 0xc7);

  /* m = 0 and m = 1 are fixed points: a black seed gives an all-zero key. */
  memset (seed, 0, 255);
  g_assert_true (dkg_baseline_rsa_textbook (seed, 255, out, 512, &error));
  for (guint i = 0; i < 512; i++)
    g_assert_cmpuint (out[i], ==, 0);
  seed[254] = 1;
  g_assert_true (dkg_baseline_rsa_textbook (seed, 255, out, 512, &error));
  for (guint i = 0; i < 512; i++)
    g_assert_cmpuint (out[i], ==, (i % 256 == 255) ? 1 : 0);

  g_assert_false (dkg_baseline_rsa_textbook (seed, 0, out, 16, &error));
  g_assert_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT);
}

/* The chaotic baseline is the chaotic domain's keystream with s = Σ seed mod 256: seeds with
 * the same sum give the same key. */
static void
test_baselines_chaotic (void)
{
  const DkgChaoticParams params = DKG_CHAOTIC_PARAMS_DEFAULT;
  static const guint8 seed1[] = { 10, 20, 30 }, seed2[] = { 60 }, seed3[] = { 61 };
  g_autofree guint8 *gen = g_malloc (5000);
  g_autofree guint8 *want = g_malloc (5000);

  g_assert_true (dkg_baseline_generate (DKG_BASELINE_CHAOTIC, seed1, 3, gen, 5000, NULL, NULL));
  dkg_chaotic_keystream (want, 5000, 60, &params);
  g_assert_cmpmem (gen, 5000, want, 5000);
  g_assert_true (dkg_baseline_generate (DKG_BASELINE_CHAOTIC, seed2, 1, gen, 5000, NULL, NULL));
  g_assert_cmpmem (gen, 5000, want, 5000);
  g_assert_true (dkg_baseline_generate (DKG_BASELINE_CHAOTIC, seed3, 1, gen, 5000, NULL, NULL));
  g_assert_true (memcmp (gen, want, 5000) != 0);
}

static void
test_baselines_deterministic (void)
{
  static const guint8 seed_a[] = "first seed", seed_b[] = "second seed";
  g_autofree guint8 *a1 = g_malloc (4096);
  g_autofree guint8 *a2 = g_malloc (4096);
  g_autofree guint8 *b = g_malloc (4096);
  g_autoptr(GError) error = NULL;

  for (guint k = 0; k < DKG_N_BASELINES; k++)
    {
      double ms = -1;

      g_assert_true (dkg_baseline_generate ((DkgBaseline) k, seed_a, sizeof seed_a, a1, 4096, &ms,
                                            &error));
      g_assert_no_error (error);
      g_assert_cmpfloat (ms, >=, 0);
      g_assert_true (dkg_baseline_generate ((DkgBaseline) k, seed_a, sizeof seed_a, a2, 4096,
                                            NULL, &error));
      g_assert_true (dkg_baseline_generate ((DkgBaseline) k, seed_b, sizeof seed_b, b, 4096, NULL,
                                            &error));
      if (dkg_baseline_is_deterministic ((DkgBaseline) k))
        g_assert_cmpmem (a1, 4096, a2, 4096);
      else
        g_assert_true (memcmp (a1, a2, 4096) != 0);
      g_assert_true (memcmp (a1, b, 4096) != 0);

      if (k != DKG_BASELINE_OS_CSPRNG)
        {
          g_assert_false (dkg_baseline_generate ((DkgBaseline) k, NULL, 0, a1, 16, NULL, &error));
          g_assert_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT);
          g_clear_error (&error);
        }
    }
  /* The OS CSPRNG needs no seed. */
  g_assert_true (dkg_baseline_generate (DKG_BASELINE_OS_CSPRNG, NULL, 0, a1, 4096, NULL, &error));
  g_assert_no_error (error);
}

static void
test_baselines_generate_key (void)
{
  g_autoptr(DkgImage) key = NULL;
  g_autoptr(GError) error = NULL;
  double ms = -1;

  key = dkg_baseline_generate_key (DKG_BASELINE_OS_CSPRNG, NULL, 3, 2, &ms, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dkg_image_n_bytes (key), ==, 18);
  g_assert_cmpfloat (ms, >=, 0);
  g_assert_null (dkg_baseline_generate_key (DKG_BASELINE_OS_CSPRNG, NULL, 0, 2, NULL, &error));
  g_assert_nonnull (error);
}

int
main (int argc, char **argv)
{
  dkg_test_init (&argc, &argv);

  g_test_add_func ("/core/baselines/ids", test_baselines_ids);
  g_test_add_func ("/core/baselines/lcg-by-hand", test_baselines_lcg_by_hand);
  g_test_add_func ("/core/baselines/mt19937-reference", test_baselines_mt19937_reference);
  g_test_add_func ("/core/baselines/rc4-rfc6229", test_baselines_rc4_rfc6229);
  g_test_add_func ("/core/baselines/chacha20-rfc8439", test_baselines_chacha20_rfc8439);
  g_test_add_func ("/core/baselines/rsa-textbook", test_baselines_rsa);
  g_test_add_func ("/core/baselines/chaotic", test_baselines_chaotic);
  g_test_add_func ("/core/baselines/deterministic", test_baselines_deterministic);
  g_test_add_func ("/core/baselines/generate-key", test_baselines_generate_key);
  return g_test_run ();
}
