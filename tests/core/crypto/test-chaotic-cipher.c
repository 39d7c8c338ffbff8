/* test-chaotic.c — the transformation-domain cipher (docs/SPECIFICATION.md §4.3): stored bit-exact
 * vectors, round trips, sensitivity, grey conversion, domain folders
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "dkg-error.h"
#include "dkg-test-util.h"
#include "dkg-image.h"
#include "dkg-chaotic-cipher.h"

#define SIDE 64

/* The 64×64 synthetic image of tools/chaotic_reference.py: (31r + 17c + (rc mod 13)) mod 256. */
static void
fill_synthetic (guint8 *p)
{
  for (int r = 0; r < SIDE; r++)
    for (int c = 0; c < SIDE; c++)
      p[r * SIDE + c] = (guint8) ((31 * r + 17 * c + (r * c) % 13) % 256);
}

/* Stored vectors. They were printed ONCE by tools/chaotic_reference.py, an independent
 * implementation of the definition in pure Python double-precision arithmetic, with the
 * default parameters (x0 = 0.3456789, perm_x0 = 0.7654321, discard = 1000); they are not
 * output of the C code. `chaotic_reference.py --check-asin` shows (with python3-mpmath) that
 * none of them depends on the last bit of the C library's asin: they hold for glibc and for
 * any correctly rounded asin. */

/* zeros: 64×64 zeros, s = 0 */
static const guint8 keystream_zeros[64] = {
  0x18, 0x31, 0x62, 0xc5, 0x74, 0x17, 0x2f, 0xa1, 0xbc, 0x79, 0x0c, 0xe7, 0xcf, 0x9f, 0xc1, 0x7c,
  0x06, 0xf3, 0x18, 0x31, 0x62, 0x3a, 0x8a, 0xeb, 0x2a, 0xab, 0xa8, 0x50, 0xa0, 0xbf, 0x81, 0xfc,
  0xf8, 0x0d, 0xe4, 0xc8, 0x90, 0x22, 0xbb, 0x76, 0xed, 0xdb, 0xb7, 0x6f, 0xde, 0x42, 0x85, 0xf5,
  0xeb, 0xd7, 0x51, 0x5d, 0xba, 0x8a, 0x14, 0xd8, 0xb0, 0x61, 0xc2, 0x84, 0x08, 0x11, 0xdd, 0xba,
};

/* synthetic 64×64, s = 93 */
static const guint8 keystream_synthetic[64] = {
  0x2f, 0x5e, 0xbc, 0x79, 0xf3, 0xe7, 0xcf, 0x9f, 0xc0, 0x80, 0xff, 0xfe, 0x04, 0xf8, 0xef, 0x20,
  0x40, 0x80, 0xff, 0x00, 0x00, 0x00, 0x00, 0x00, 0xfe, 0x02, 0x05, 0xf4, 0x17, 0x2f, 0x5e, 0x43,
  0x78, 0x0e, 0xe3, 0x38, 0x71, 0x1d, 0x3b, 0x89, 0xed, 0xda, 0xb4, 0x96, 0x2d, 0xa5, 0xb5, 0x6b,
  0x29, 0xac, 0xa7, 0x4e, 0x9c, 0xc7, 0x8e, 0xe3, 0x38, 0x70, 0x1e, 0xc2, 0x7b, 0x08, 0x11, 0x23,
};

/* ramp: the 100 bytes 0, 1, …, 99, s = 86 */
static const guint8 keystream_ramp[64] = {
  0x0d, 0xe5, 0x34, 0x96, 0xd3, 0xa6, 0x4d, 0x9a, 0x34, 0x69, 0x2c, 0x59, 0x4d, 0x64, 0xc8, 0x6f,
  0x20, 0xbe, 0x84, 0xf8, 0xf1, 0xe2, 0xc5, 0x75, 0x15, 0x2b, 0x56, 0xad, 0xa4, 0x48, 0x93, 0xdc,
  0xb8, 0x70, 0xe1, 0xc3, 0x87, 0x0e, 0xe2, 0x3a, 0x74, 0x17, 0x2e, 0xa3, 0xb8, 0x70, 0x1e, 0xc2,
  0x85, 0xf5, 0xea, 0x2b, 0x56, 0x52, 0xa4, 0x49, 0x6c, 0xd8, 0xb1, 0x9d, 0xc5, 0x8a, 0xeb, 0x29,
};

/* synthetic 64×64: SHA-256 of the whole ciphertext, XOR only and XOR + permutation */
static const char sha256_xor[] = "23d1c8cc4e1dc8d3216749f59b48f9bbf6bd062cf24e789eb87b69f8c0237d8d";
static const char sha256_permuted[] =
  "4844a881d9605bc3e09cc8afa9e0a05b50d6cf69c88b4064eee36e7e030bbacc";
/* synthetic 64×64: the permutation's first 16 entries */
static const gsize perm_synthetic[16] = {
  2164, 3075, 2015, 2165, 3076, 2016, 2166, 3077, 2017, 1577, 115, 2167, 3364, 3078, 2018, 1578,
};

static char *
sha256_hex (const guint8 *data, gsize n)
{
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, n);
}

static void
test_keystream_vectors (void)
{
  const DkgChaoticParams params = DKG_CHAOTIC_PARAMS_DEFAULT;
  guint8 zeros[SIDE * SIDE] = { 0 }, synthetic[SIDE * SIDE], ramp[100], ks[64];

  fill_synthetic (synthetic);
  for (int i = 0; i < 100; i++)
    ramp[i] = (guint8) i;
  g_assert_cmpuint (dkg_chaotic_plain_sum (zeros, sizeof zeros), ==, 0);
  g_assert_cmpuint (dkg_chaotic_plain_sum (synthetic, sizeof synthetic), ==, 93);
  g_assert_cmpuint (dkg_chaotic_plain_sum (ramp, sizeof ramp), ==, 86);

  dkg_chaotic_keystream (ks, 64, 0, &params);
  g_assert_cmpmem (ks, 64, keystream_zeros, 64);
  dkg_chaotic_keystream (ks, 64, 93, &params);
  g_assert_cmpmem (ks, 64, keystream_synthetic, 64);
  dkg_chaotic_keystream (ks, 64, 86, &params);
  g_assert_cmpmem (ks, 64, keystream_ramp, 64);

  /* The ciphertext of an all-zero plaintext is the keystream itself. */
  g_assert_cmpuint (dkg_chaotic_encrypt (zeros, zeros, sizeof zeros, &params), ==, 0);
  g_assert_cmpmem (zeros, 64, keystream_zeros, 64);
}

static void
test_ciphertext_sha256 (void)
{
  DkgChaoticParams params = DKG_CHAOTIC_PARAMS_DEFAULT;
  guint8 plain[SIDE * SIDE], cipher[SIDE * SIDE];
  gsize perm[SIDE * SIDE];
  g_autofree char *hex_xor = NULL;
  g_autofree char *hex_permuted = NULL;

  fill_synthetic (plain);
  g_assert_cmpuint (dkg_chaotic_encrypt (cipher, plain, sizeof plain, &params), ==, 93);
  hex_xor = sha256_hex (cipher, sizeof cipher);
  g_assert_cmpstr (hex_xor, ==, sha256_xor);

  params.permute = TRUE;
  g_assert_cmpuint (dkg_chaotic_encrypt (cipher, plain, sizeof plain, &params), ==, 93);
  hex_permuted = sha256_hex (cipher, sizeof cipher);
  g_assert_cmpstr (hex_permuted, ==, sha256_permuted);

  dkg_chaotic_permutation (perm, SIDE * SIDE, 93, &params);
  g_assert_cmpmem (perm, sizeof perm_synthetic, perm_synthetic, sizeof perm_synthetic);
}

static void
check_round_trip (const guint8 *plain, gsize n, const DkgChaoticParams *params)
{
  g_autofree guint8 *cipher = g_malloc (MAX (n, 1));
  g_autofree guint8 *back = g_malloc (MAX (n, 1));
  g_autofree guint8 *inplace = g_memdup2 (plain, MAX (n, 1));
  guint8 s;

  s = dkg_chaotic_encrypt (cipher, plain, n, params);
  g_assert_cmpuint (s, ==, dkg_chaotic_plain_sum (plain, n));
  dkg_chaotic_decrypt (back, cipher, n, s, params);
  g_assert_cmpmem (back, n, plain, n);

  /* in place, both ways */
  g_assert_cmpuint (dkg_chaotic_encrypt (inplace, inplace, n, params), ==, s);
  g_assert_cmpmem (inplace, n, cipher, n);
  dkg_chaotic_decrypt (inplace, inplace, n, s, params);
  g_assert_cmpmem (inplace, n, plain, n);
}

static void
test_round_trip (void)
{
  g_autoptr(DkgRand) rand = dkg_rand_new_seeded (7);
  guint8 synthetic[SIDE * SIDE], random[5000];
  const guint8 one = 200;

  fill_synthetic (synthetic);
  for (gsize i = 0; i < sizeof random; i++)
    random[i] = (guint8) (dkg_rand_double (rand) * 256);
  for (int permute = 0; permute < 2; permute++)
    {
      DkgChaoticParams params = DKG_CHAOTIC_PARAMS_DEFAULT;

      params.permute = permute;
      check_round_trip (synthetic, sizeof synthetic, &params);
      check_round_trip (random, sizeof random, &params);
      check_round_trip (&one, 1, &params);
      check_round_trip (&one, 0, &params);
      params.discard = 0;
      params.x0 = 0.123;
      check_round_trip (random, sizeof random, &params);
    }
}

static double
fraction_differing (const guint8 *a, const guint8 *b, gsize n)
{
  gsize d = 0;

  for (gsize i = 0; i < n; i++)
    d += a[i] != b[i];
  return (double) d / (double) n;
}

/* Changing x0 by 1e-15 (about 18 ulp) changes about 255/256 of the keystream, and a key
 * perturbation of one pixel (a different s) does too. */
static void
test_sensitivity (void)
{
  DkgChaoticParams params = DKG_CHAOTIC_PARAMS_DEFAULT, nudged = DKG_CHAOTIC_PARAMS_DEFAULT;
  guint8 a[SIDE * SIDE], b[SIDE * SIDE];
  gsize pa[SIDE * SIDE], pb[SIDE * SIDE], moved = 0;
  double f;

  nudged.x0 = params.x0 + 1e-15;
  g_assert_cmpfloat (nudged.x0, !=, params.x0);
  dkg_chaotic_keystream (a, sizeof a, 93, &params);
  dkg_chaotic_keystream (b, sizeof b, 93, &nudged);
  f = fraction_differing (a, b, sizeof a);
  g_test_message ("x0 + 1e-15: %.4f of the keystream bytes differ", f);
  g_assert_cmpfloat (f, >, 0.98);

  dkg_chaotic_keystream (b, sizeof b, 94, &params);
  f = fraction_differing (a, b, sizeof a);
  g_test_message ("s + 1: %.4f of the keystream bytes differ", f);
  g_assert_cmpfloat (f, >, 0.98);

  nudged = params;
  nudged.perm_x0 = params.perm_x0 + 1e-15;
  dkg_chaotic_permutation (pa, SIDE * SIDE, 93, &params);
  dkg_chaotic_permutation (pb, SIDE * SIDE, 93, &nudged);
  for (gsize i = 0; i < SIDE * SIDE; i++)
    moved += pa[i] != pb[i];
  g_test_message ("perm_x0 + 1e-15: %" G_GSIZE_FORMAT " of %d positions differ", moved,
                  SIDE * SIDE);
  g_assert_cmpuint (moved, >, SIDE * SIDE * 95 / 100);
}

static void
test_permutation_is_bijection (void)
{
  const DkgChaoticParams params = DKG_CHAOTIC_PARAMS_DEFAULT;
  const gsize n = 100003;
  g_autofree gsize *perm = g_new (gsize, n);
  g_autofree guint8 *seen = g_malloc0 (n);
  gsize fixed = 0;

  dkg_chaotic_permutation (perm, n, 17, &params);
  for (gsize j = 0; j < n; j++)
    {
      g_assert_cmpuint (perm[j], <, n);
      g_assert_cmpuint (seen[perm[j]], ==, 0);
      seen[perm[j]] = 1;
      fixed += perm[j] == j;
    }
  g_assert_cmpuint (fixed, <, 20);
}

static void
test_params_check (void)
{
  static const double bad_x0[] = { 0.0, 1.0, -0.5, 1.5, 0.5, 0.6 };
  DkgChaoticParams params = DKG_CHAOTIC_PARAMS_DEFAULT;
  g_autoptr(GError) error = NULL;

  g_assert_true (dkg_chaotic_params_check (&params, &error));
  g_assert_no_error (error);
  /* 0.5 starts on 1/4 for s = 0; 0.6 on 1/2 for s = 102 (then 1, then 0 for ever). */
  for (guint i = 0; i < G_N_ELEMENTS (bad_x0); i++)
    {
      params = (DkgChaoticParams) DKG_CHAOTIC_PARAMS_DEFAULT;
      params.x0 = bad_x0[i];
      g_assert_false (dkg_chaotic_params_check (&params, &error));
      g_assert_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT);
      g_clear_error (&error);
      params = (DkgChaoticParams) DKG_CHAOTIC_PARAMS_DEFAULT;
      params.perm_x0 = bad_x0[i];
      g_assert_false (dkg_chaotic_params_check (&params, &error));
      g_assert_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT);
      g_clear_error (&error);
    }
  params = (DkgChaoticParams) DKG_CHAOTIC_PARAMS_DEFAULT;
  params.x0 = NAN;
  g_assert_false (dkg_chaotic_params_check (&params, &error));
  g_assert_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  params = (DkgChaoticParams) DKG_CHAOTIC_PARAMS_DEFAULT;
  params.discard = DKG_CHAOTIC_MAX_DISCARD + 1;
  g_assert_false (dkg_chaotic_params_check (&params, &error));
  g_assert_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT);
}

/* For every s, the default keystream orbit stays chaotic over 2^16 iterates (no collapse onto 0
 * or a fixed point), and the keystream of the synthetic image's s is uniform (χ², 255 degrees of
 * freedom, below the 0.999 quantile 330.5; the value is deterministic). */
static void
test_no_collapse_and_uniform (void)
{
  const DkgChaoticParams params = DKG_CHAOTIC_PARAMS_DEFAULT;
  const gsize n = 65536;
  g_autofree guint8 *ks = g_malloc (n);
  guint counts[256] = { 0 };
  double chi2 = 0;

  for (guint s = 0; s < 256; s++)
    {
      guint distinct = 0;
      gboolean seen[256] = { FALSE };

      /* A collapsed orbit (onto 0, or the fixed point 3/4) repeats one byte for ever. */
      dkg_chaotic_keystream (ks, n, (guint8) s, &params);
      for (gsize i = n - 64; i < n; i++)
        if (!seen[ks[i]])
          {
            seen[ks[i]] = TRUE;
            distinct++;
          }
      g_assert_cmpuint (distinct, >, 16);
    }
  dkg_chaotic_keystream (ks, n, 93, &params);
  for (gsize i = 0; i < n; i++)
    counts[ks[i]]++;
  for (int v = 0; v < 256; v++)
    chi2 += (counts[v] - n / 256.0) * (counts[v] - n / 256.0) / (n / 256.0);
  g_test_message ("keystream chi2 = %.1f", chi2);
  g_assert_cmpfloat (chi2, <, 330.5);
}

/* The documented structure of the classic scheme (top of dkg-chaotic-cipher.c): through the
 * tent-map conjugacy, the next byte is one of four functions of the previous one in about 93%
 * of steps. Pinned so the documentation stays true; 4 random candidates would hit 1.6%. */
static void
test_tent_map_structure (void)
{
  const DkgChaoticParams params = DKG_CHAOTIC_PARAMS_DEFAULT;
  const gsize n = 65536;
  g_autofree guint8 *ks = g_malloc (n);
  gsize hits = 0;
  double f;

  dkg_chaotic_keystream (ks, n, 93, &params);
  for (gsize i = 0; i + 1 < n; i++)
    {
      guint8 a2 = (guint8) (2 * ks[i]), next = ks[i + 1];
      guint8 c1 = (guint8) (a2 + 1u), c2 = (guint8) (255u - a2), c3 = (guint8) (254u - a2);

      hits += next == a2 || next == c1 || next == c2 || next == c3;   /* −a−1 ≡ 255 − a */
    }
  f = (double) hits / (double) (n - 1);
  g_test_message ("next byte among the 4 tent-map candidates: %.4f", f);
  g_assert_cmpfloat (f, >, 0.90);
  g_assert_cmpfloat (f, <, 0.97);
}

static DkgImage *
new_image (guint w, guint h, guint channels, guint bit_depth, gboolean is_signed)
{
  g_autoptr(GError) error = NULL;
  DkgImage *image = dkg_image_new (w, h, channels, bit_depth, is_signed, &error);

  g_assert_no_error (error);
  return image;
}

static void
set16 (DkgImage *image, gsize idx, guint16 v)
{
  memcpy (image->data + 2 * idx, &v, 2);
}

static void
test_grey_conversion (void)
{
  g_autoptr(GError) error = NULL;

  {
    /* BT.601 luma, rounded: red 76, green 150, blue 29, white 255, (10, 20, 30) 18 */
    static const guint8 rgb[5][3] = { { 255, 0, 0 }, { 0, 255, 0 }, { 0, 0, 255 },
                                      { 255, 255, 255 }, { 10, 20, 30 } };
    static const guint8 want[5] = { 76, 150, 29, 255, 18 };
    g_autoptr(DkgImage) image = new_image (5, 1, 3, 8, FALSE);
    g_autoptr(DkgImage) rgba = new_image (5, 1, 4, 8, FALSE);
    g_autoptr(DkgImage) grey = NULL;
    g_autoptr(DkgImage) grey_a = NULL;

    for (int i = 0; i < 5; i++)
      for (int c = 0; c < 3; c++)
        {
          image->data[3 * i + c] = rgb[i][c];
          rgba->data[4 * i + c] = rgb[i][c];
          rgba->data[4 * i + 3] = (guint8) (i * 50);   /* alpha is dropped */
        }
    grey = dkg_chaotic_to_grey8 (image, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (grey->channels, ==, 1);
    g_assert_cmpuint (grey->bit_depth, ==, 8);
    g_assert_cmpmem (grey->data, 5, want, 5);
    grey_a = dkg_chaotic_to_grey8 (rgba, &error);
    g_assert_cmpmem (grey_a->data, 5, want, 5);
  }
  {
    /* grey + alpha: the grey sample */
    g_autoptr(DkgImage) image = new_image (2, 1, 2, 8, FALSE);
    g_autoptr(DkgImage) grey = NULL;

    memcpy (image->data, "\x07\xff\xc8\x00", 4);
    grey = dkg_chaotic_to_grey8 (image, &error);
    g_assert_cmpmem (grey->data, 2, "\x07\xc8", 2);
  }
  {
    /* 16-bit: v·255/65535 rounded; signed shifted by 32768 first */
    static const guint16 u[6] = { 0, 65535, 257, 32768, 128, 129 };
    static const guint8 want_u[6] = { 0, 255, 1, 128, 0, 1 };
    static const gint16 s[4] = { -32768, 32767, 0, -1 };
    static const guint8 want_s[4] = { 0, 255, 128, 127 };
    g_autoptr(DkgImage) image = new_image (6, 1, 1, 16, FALSE);
    g_autoptr(DkgImage) simage = new_image (4, 1, 1, 16, TRUE);
    g_autoptr(DkgImage) rgb16 = new_image (1, 1, 3, 16, FALSE);
    g_autoptr(DkgImage) grey = NULL;
    g_autoptr(DkgImage) sgrey = NULL;
    g_autoptr(DkgImage) rgb_grey = NULL;

    for (int i = 0; i < 6; i++)
      set16 (image, i, u[i]);
    for (int i = 0; i < 4; i++)
      set16 (simage, i, (guint16) s[i]);
    set16 (rgb16, 0, 65535);   /* 16-bit red: luma 19595 → 76 */
    set16 (rgb16, 1, 0);
    set16 (rgb16, 2, 0);
    grey = dkg_chaotic_to_grey8 (image, &error);
    g_assert_cmpmem (grey->data, 6, want_u, 6);
    sgrey = dkg_chaotic_to_grey8 (simage, &error);
    g_assert_cmpmem (sgrey->data, 4, want_s, 4);
    rgb_grey = dkg_chaotic_to_grey8 (rgb16, &error);
    g_assert_cmpuint (rgb_grey->data[0], ==, 76);
  }
}

static void
test_encrypt_image (void)
{
  DkgChaoticParams params = DKG_CHAOTIC_PARAMS_DEFAULT;
  g_autoptr(DkgImage) rgb = new_image (SIDE, SIDE, 3, 8, FALSE);
  g_autoptr(DkgImage) grey = NULL;
  g_autoptr(DkgImage) cipher = NULL;
  g_autoptr(DkgImage) back = NULL;
  g_autoptr(GError) error = NULL;
  guint8 expected[SIDE * SIDE], s = 0;
  guint8 dummy = 0;
  DkgImage huge = { 8193, 8193, 1, 8, FALSE, &dummy, NULL };

  for (gsize i = 0; i < (gsize) SIDE * SIDE * 3; i++)
    rgb->data[i] = (guint8) (i * 7 + i / 3);
  params.permute = TRUE;
  grey = dkg_chaotic_to_grey8 (rgb, &error);
  g_assert_no_error (error);
  dkg_chaotic_encrypt (expected, grey->data, sizeof expected, &params);

  cipher = dkg_chaotic_encrypt_image (rgb, &params, &s, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cipher->width, ==, SIDE);
  g_assert_cmpuint (cipher->height, ==, SIDE);
  g_assert_cmpuint (cipher->channels, ==, 1);
  g_assert_cmpuint (cipher->bit_depth, ==, 8);
  g_assert_cmpmem (cipher->data, sizeof expected, expected, sizeof expected);
  g_assert_cmpuint (s, ==, dkg_chaotic_plain_sum (grey->data, sizeof expected));

  back = dkg_chaotic_decrypt_image (cipher, s, &params, &error);
  g_assert_no_error (error);
  g_assert_true (dkg_image_equal (back, grey));

  g_assert_null (dkg_chaotic_decrypt_image (rgb, s, &params, &error));
  g_assert_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (dkg_chaotic_encrypt_image (&huge, &params, NULL, &error));
  g_assert_error (error, DKG_ERROR, DKG_ERROR_TOO_LARGE);
  g_clear_error (&error);
  params.x0 = 0.6;
  g_assert_null (dkg_chaotic_encrypt_image (rgb, &params, NULL, &error));
  g_assert_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT);
}

static void
save_png (DkgImage *image, const char *dir, const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (dkg_image_save_png (image, path, &error));
  g_assert_no_error (error);
}

static void
write_file (const char *dir, const char *name, const char *contents, gssize len)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, contents, len, &error));
}

static void
count_progress_cb (guint done, guint total, const char *name, gpointer user_data)
{
  guint *calls = user_data;

  g_assert_cmpuint (done, ==, *calls + 1);
  g_assert_cmpuint (total, ==, 4);
  g_assert_nonnull (name);
  (*calls)++;
}

static void
test_make_domain (void)
{
  const DkgChaoticParams params = DKG_CHAOTIC_PARAMS_DEFAULT;
  g_autofree char *root = dkg_test_make_tmpdir ();
  g_autofree char *src = g_build_filename (root, "source", NULL);
  g_autofree char *sub = g_build_filename (src, "subdir", NULL);
  g_autofree char *out = g_build_filename (root, "out", "domain", NULL);
  g_autoptr(DkgImage) grey = new_image (SIDE, SIDE, 1, 8, FALSE);
  g_autoptr(DkgImage) rgb = new_image (40, 24, 3, 8, FALSE);
  g_autoptr(DkgImage) deep = new_image (16, 8, 1, 16, FALSE);
  g_autoptr(GError) error = NULL;
  g_autofree char *a_before = NULL;
  g_autofree char *a_after = NULL;
  g_autofree char *a_path = NULL;
  static const char *names[] = { "a.png", "b.png", "c.png" };
  guint written = 99, skipped = 99, calls = 0;

  g_assert_cmpint (g_mkdir_with_parents (sub, 0755), ==, 0);
  fill_synthetic (grey->data);
  for (gsize i = 0; i < 40 * 24 * 3; i++)
    rgb->data[i] = (guint8) (i * 13);
  for (gsize i = 0; i < 16 * 8; i++)
    set16 (deep, i, (guint16) (i * 509));
  save_png (grey, src, "a.png");
  save_png (rgb, src, "b.png");
  save_png (deep, src, "c.png");
  write_file (src, "notes.txt", "not an image\n", -1);
  write_file (src, ".hidden.png", "ignored", -1);
  a_path = g_build_filename (src, "a.png", NULL);
  g_assert_true (g_file_get_contents (a_path, &a_before, NULL, NULL));

  g_assert_true (dkg_chaotic_make_domain (src, out, &params, count_progress_cb, &calls, &written,
                                          &skipped, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (written, ==, 3);
  g_assert_cmpuint (skipped, ==, 1);
  g_assert_cmpuint (calls, ==, 4);
  g_assert_cmpuint (dkg_test_count_files (out), ==, 3);
  g_assert_true (g_file_get_contents (a_path, &a_after, NULL, NULL));
  g_assert_cmpstr (a_before, ==, a_after);   /* the source is not touched */

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *in_path = g_build_filename (src, names[i], NULL);
      g_autofree char *out_path = g_build_filename (out, names[i], NULL);
      g_autoptr(DkgImage) source = dkg_image_load (in_path, NULL, &error);
      g_autoptr(DkgImage) expected = NULL;
      g_autoptr(DkgImage) got = NULL;

      g_assert_no_error (error);
      expected = dkg_chaotic_encrypt_image (source, &params, NULL, &error);
      g_assert_no_error (error);
      got = dkg_image_load (out_path, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (got->channels, ==, 1);
      g_assert_cmpuint (got->bit_depth, ==, 8);
      g_assert_true (dkg_image_equal (got, expected));
    }
  {
    /* the synthetic image's domain file holds the stored ciphertext */
    g_autofree char *path = g_build_filename (out, "a.png", NULL);
    g_autoptr(DkgImage) got = dkg_image_load (path, NULL, &error);
    g_autofree char *hex = sha256_hex (got->data, SIDE * SIDE);

    g_assert_cmpstr (hex, ==, sha256_xor);
  }

  /* the source folder itself as output */
  g_assert_false (dkg_chaotic_make_domain (src, src, &params, NULL, NULL, NULL, NULL, NULL,
                                           &error));
  g_assert_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* a missing source folder */
  {
    g_autofree char *missing = g_build_filename (root, "missing", NULL);

    g_assert_false (dkg_chaotic_make_domain (missing, out, &params, NULL, NULL, NULL, NULL, NULL,
                                             &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }

  /* cancelled */
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();

    g_cancellable_cancel (cancellable);
    g_assert_false (dkg_chaotic_make_domain (src, out, &params, NULL, NULL, &written, NULL,
                                             cancellable, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_assert_cmpuint (written, ==, 0);
    g_clear_error (&error);
  }

  /* two sources with one output name: a PNG named "a.dat" loads (by content) as "a" */
  {
    g_autofree char *a_dat = g_build_filename (src, "a.dat", NULL);

    save_png (grey, src, "a.dat");
    g_assert_false (dkg_chaotic_make_domain (src, out, &params, NULL, NULL, NULL, NULL, NULL,
                                             &error));
    g_assert_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT);
    g_assert_nonnull (strstr (error->message, "a.dat"));
    g_clear_error (&error);
    g_assert_cmpint (g_remove (a_dat), ==, 0);
  }

  /* a corrupt image stops the run with its error */
  {
    static const char bad_png[] = "\x89PNG\r\n\x1a\n garbage";

    write_file (src, "bad.png", bad_png, sizeof bad_png - 1);
  }
  g_assert_false (dkg_chaotic_make_domain (src, out, &params, NULL, NULL, &written, NULL, NULL,
                                           &error));
  g_assert_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE);
  g_assert_cmpuint (written, ==, 2);   /* a.png, b.png come before bad.png */
  g_clear_error (&error);

  dkg_test_rm_rf (root);
}

int
main (int argc, char **argv)
{
  dkg_test_init (&argc, &argv);
  g_test_add_func ("/core/chaotic/keystream-vectors", test_keystream_vectors);
  g_test_add_func ("/core/chaotic/ciphertext-sha256", test_ciphertext_sha256);
  g_test_add_func ("/core/chaotic/round-trip", test_round_trip);
  g_test_add_func ("/core/chaotic/sensitivity", test_sensitivity);
  g_test_add_func ("/core/chaotic/permutation-is-bijection", test_permutation_is_bijection);
  g_test_add_func ("/core/chaotic/params-check", test_params_check);
  g_test_add_func ("/core/chaotic/no-collapse-and-uniform", test_no_collapse_and_uniform);
  g_test_add_func ("/core/chaotic/tent-map-structure", test_tent_map_structure);
  g_test_add_func ("/core/chaotic/grey-conversion", test_grey_conversion);
  g_test_add_func ("/core/chaotic/encrypt-image", test_encrypt_image);
  g_test_add_func ("/core/chaotic/make-domain", test_make_domain);
  return g_test_run ();
}
