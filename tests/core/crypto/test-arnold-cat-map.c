/* test-arnold-cat-map.c — the cat map of §5.4: period, composed permutation, padding, XOR
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "crypto-test.h"
#include "dkg-arnold-cat-map.h"
#include "dkg-keystream.h"
#include "dkg-error.h"
#include "dkg-test-util.h"

/* Brute force: the order of the permutation (x, y) → (x + y, x + 2y) mod N of the N² points,
 * as the lcm of its cycle lengths. */
static guint64
brute_force_period (guint n)
{
  g_autofree guint *next = g_new (guint, (gsize) n * n);
  g_autofree gboolean *seen = g_new0 (gboolean, (gsize) n * n);
  guint64 order = 1;

  for (guint y = 0; y < n; y++)
    for (guint x = 0; x < n; x++)
      next[y * n + x] = ((x + 2 * y) % n) * n + (x + y) % n;
  for (guint p = 0; p < n * n; p++)
    {
      guint64 len = 0, a, b;

      if (seen[p])
        continue;
      for (guint q = p; !seen[q]; q = next[q])
        {
          seen[q] = TRUE;
          len++;
        }
      /* order = lcm (order, len) */
      a = order;
      b = len;
      while (b != 0)
        {
          guint64 t = a % b;
          a = b;
          b = t;
        }
      order = order / a * len;
    }
  return order;
}

static void
test_acm_period_256 (void)
{
  g_assert_cmpuint (dkg_arnold_cat_map_period (256), ==, 192);
  g_assert_cmpuint (brute_force_period (256), ==, 192);
}

static void
test_acm_period_brute_force (void)
{
  for (guint n = 1; n <= 64; n++)
    {
      guint p = dkg_arnold_cat_map_period (n);

      g_assert_cmpuint (p, ==, brute_force_period (n));
      g_assert_cmpuint (p, <=, 3 * n);
    }
  /* a few larger sizes of the test images */
  g_assert_cmpuint (dkg_arnold_cat_map_period (517), ==, brute_force_period (517));
  g_assert_cmpuint (dkg_arnold_cat_map_period (100), ==, brute_force_period (100));
}

/* Aᵏ by square-and-multiply equals k single steps of the point map. */
static void
test_acm_matrix_is_k_steps (void)
{
  static const guint sizes[] = { 1, 2, 3, 7, 10, 64, 255, 256, 1023 };

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      guint n = sizes[s];

      for (guint64 k = 0; k <= 400; k += (k < 20 ? 1 : 37))
        {
          guint m[4], x = 1 % n, y = 3 % n;

          dkg_arnold_cat_map_matrix (n, k, m);
          for (guint64 i = 0; i < k; i++)
            {
              guint nx = (x + y) % n, ny = (x + 2 * y) % n;

              x = nx;
              y = ny;
            }
          g_assert_cmpuint (((guint64) m[0] * (1 % n) + (guint64) m[1] * (3 % n)) % n, ==, x);
          g_assert_cmpuint (((guint64) m[2] * (1 % n) + (guint64) m[3] * (3 % n)) % n, ==, y);
        }
    }
}

/* Reference: pad to N×N with zero pixels at the right and bottom, then k single rounds. */
static DkgImage *
naive_scramble (const DkgImage *image,
                guint           k)
{
  g_autoptr(GError) error = NULL;
  guint n = MAX (image->width, image->height);
  gsize pb = (gsize) image->channels * image->bit_depth / 8;
  DkgImage *cur = dkg_image_new (n, n, image->channels, image->bit_depth, image->is_signed, &error);
  g_autoptr(DkgImage) tmp = dkg_image_new (n, n, image->channels, image->bit_depth,
                                           image->is_signed, &error);

  g_assert_no_error (error);
  for (guint y = 0; y < image->height; y++)
    memcpy (cur->data + (gsize) y * n * pb, image->data + (gsize) y * image->width * pb,
            image->width * pb);
  for (guint i = 0; i < k; i++)
    {
      DkgImage *swap;

      for (guint y = 0; y < n; y++)
        for (guint x = 0; x < n; x++)
          memcpy (tmp->data + (((gsize) (x + 2 * y) % n) * n + (x + y) % n) * pb,
                  cur->data + ((gsize) y * n + x) * pb, pb);
      swap = cur;
      cur = tmp;
      tmp = swap;
    }
  return cur;
}

/* The composed O(N²) permutation equals k naive rounds, for every pixel size (1–8 bytes),
 * square and non-square images; unscrambling gives back the original, uncropped. */
static void
test_acm_scramble_matches_naive (void)
{
  g_autoptr(DkgRand) r = dkg_rand_new_seeded (54);
  static const guint shapes[][2] = { { 1, 1 }, { 2, 2 }, { 5, 3 }, { 3, 17 }, { 16, 16 }, { 31, 8 } };
  static const guint layouts[][3] = {
    { 1, 8, 0 }, { 2, 8, 0 }, { 3, 8, 0 }, { 4, 8, 0 }, { 1, 16, 1 }, { 3, 16, 0 }, { 4, 16, 0 },
  };

  for (guint s = 0; s < G_N_ELEMENTS (shapes); s++)
    for (guint l = 0; l < G_N_ELEMENTS (layouts); l++)
      {
        g_autoptr(DkgImage) img = crypto_test_random_image (r, shapes[s][0], shapes[s][1],
                                                            layouts[l][0], layouts[l][1],
                                                            layouts[l][2]);
        guint n = MAX (shapes[s][0], shapes[s][1]);
        guint period = dkg_arnold_cat_map_period (n);
        guint ks[] = { 1, 2, 5, period + 3, 3 * period - 1 };

        for (guint i = 0; i < G_N_ELEMENTS (ks); i++)
          {
            g_autoptr(GError) error = NULL;
            g_autoptr(DkgImage) fast = NULL;
            g_autoptr(DkgImage) naive = NULL;
            g_autoptr(DkgImage) back = NULL;

            if (n > 1 && ks[i] % period == 0)
              continue;
            fast = dkg_arnold_cat_map_scramble (img, ks[i], &error);
            g_assert_no_error (error);
            naive = naive_scramble (img, ks[i]);
            g_assert_true (dkg_image_equal (fast, naive));
            back = dkg_arnold_cat_map_unscramble (fast, ks[i], img->width, img->height, &error);
            g_assert_no_error (error);
            g_assert_true (dkg_image_equal (back, img));
          }
      }
}

/* k is reduced modulo the period: a huge k scrambles like k mod π. */
static void
test_acm_huge_k (void)
{
  g_autoptr(DkgRand) r = dkg_rand_new_seeded (55);
  g_autoptr(DkgImage) img = crypto_test_random_image (r, 40, 33, 1, 8, FALSE);
  g_autoptr(GError) error = NULL;
  guint period = dkg_arnold_cat_map_period (40);
  guint64 k = G_GUINT64_CONSTANT (1000000007) * period + 7;
  g_autoptr(DkgImage) a = dkg_arnold_cat_map_scramble (img, k, &error);
  g_autoptr(DkgImage) b = dkg_arnold_cat_map_scramble (img, 7, &error);

  g_assert_no_error (error);
  g_assert_true (dkg_image_equal (a, b));
}

/* k ≡ 0 (mod π(N)) leaves every image unchanged and is refused; N = 1 has only the identity. */
static void
test_acm_refuses_identity (void)
{
  g_autoptr(DkgRand) r = dkg_rand_new_seeded (56);
  g_autoptr(DkgImage) img = crypto_test_random_image (r, 256, 100, 1, 8, FALSE);
  g_autoptr(DkgImage) one = crypto_test_random_image (r, 1, 1, 1, 8, FALSE);
  g_autoptr(DkgImage) key = crypto_test_random_key (r, 256 * 256);
  static const guint64 bad[] = { 0, 192, 384, 192 * G_GUINT64_CONSTANT (1000000) };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_null (dkg_arnold_cat_map_scramble (img, bad[i], &error));
      g_assert_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT);
      g_clear_error (&error);
      g_assert_null (dkg_arnold_cat_map_encrypt (img, key, bad[i], &error));
      g_assert_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT);
      g_clear_error (&error);
      g_assert_false (dkg_arnold_cat_map_check_iterations (256, bad[i], &error));
      g_assert_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT);
    }
  g_assert_true (dkg_arnold_cat_map_check_iterations (256, 191, NULL));
  g_assert_true (dkg_arnold_cat_map_check_iterations (1, 1, NULL));
  g_assert_false (dkg_arnold_cat_map_check_iterations (1, 0, NULL));
  g_assert_false (dkg_arnold_cat_map_check_iterations (2, 3, NULL));
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(DkgImage) s = dkg_arnold_cat_map_scramble (one, 5, &error);

    g_assert_no_error (error);
    g_assert_true (dkg_image_equal (s, one));
  }
}

/* Encryption = the scrambled N×N image's §5.3 bytes ⊕ K; decryption undoes it and crops. */
static void
test_acm_encrypt_is_scramble_xor_key (void)
{
  g_autoptr(DkgRand) r = dkg_rand_new_seeded (57);
  static const guint layouts[][3] = {
    { 1, 8, 0 }, { 1, 16, 0 }, { 1, 16, 1 }, { 3, 8, 0 }, { 4, 8, 0 }, { 3, 16, 0 }, { 2, 8, 0 },
    { 2, 16, 0 }, { 4, 16, 1 },
  };

  for (guint l = 0; l < G_N_ELEMENTS (layouts); l++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DkgImage) img = crypto_test_random_image (r, 29, 41, layouts[l][0],
                                                          layouts[l][1], layouts[l][2]);
      g_autoptr(DkgImage) key = crypto_test_random_key (r, 41 * 41 * 8);
      g_autoptr(DkgImage) scr = dkg_arnold_cat_map_scramble (img, 11, &error);
      g_autoptr(DkgImage) enc = dkg_arnold_cat_map_encrypt (img, key, 11, &error);
      g_autoptr(DkgImage) dec = NULL;
      g_autofree guint8 *s = NULL;
      g_autofree guint8 *c = NULL;
      gsize n;

      g_assert_no_error (error);
      g_assert_cmpuint (enc->width, ==, 41);
      g_assert_cmpuint (enc->height, ==, 41);
      g_assert_false (enc->is_signed);
      s = dkg_keystream_image_to_bytes (scr, &n);
      c = dkg_keystream_image_to_bytes (enc, NULL);
      for (gsize i = 0; i < n; i++)
        g_assert_cmpuint (c[i], ==, s[i] ^ key->data[i]);
      dec = dkg_arnold_cat_map_decrypt (enc, key, 11, 29, 41, layouts[l][2], &error);
      g_assert_no_error (error);
      g_assert_true (dkg_image_equal (dec, img));
    }
}

/* The key must cover the padded N×N square; the message says so. A ciphertext of the wrong
 * size is a shape error. */
static void
test_acm_key_too_short (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DkgRand) r = dkg_rand_new_seeded (58);
  g_autoptr(DkgImage) img = crypto_test_random_image (r, 100, 10, 3, 16, FALSE);
  g_autoptr(DkgImage) key = crypto_test_random_image (r, 100, 10, 3, 16, FALSE);
  g_autoptr(DkgImage) enc = NULL;

  g_assert_null (dkg_arnold_cat_map_encrypt (img, key, 3, &error));
  g_assert_error (error, DKG_ERROR, DKG_ERROR_KEY_TOO_SHORT);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "100×100×3×2 = 60000 key bytes"));
  g_assert_nonnull (strstr (error->message, "pads this 100×10 image to 100×100"));
  g_clear_error (&error);

  g_assert_null (dkg_arnold_cat_map_unscramble (img, 3, 100, 10, &error));
  g_assert_error (error, DKG_ERROR, DKG_ERROR_SHAPE);
}

/* The partitioned kernel and the gather kernel (max scratch 0) give identical results for
 * every pixel size, both directions, with and without a keystream, square and cropped; a map
 * reused across calls gives the same result again. */
static void
test_acm_partition_matches_gather (void)
{
  g_autoptr(DkgRand) r = dkg_rand_new_seeded (59);
  static const guint shapes[][2] = { { 1, 1 }, { 300, 7 }, { 13, 257 }, { 256, 256 }, { 301, 300 } };
  static const guint layouts[][2] = { { 1, 8 }, { 2, 8 }, { 3, 8 }, { 4, 8 }, { 1, 16 }, { 3, 16 },
                                      { 4, 16 } };

  for (guint s = 0; s < G_N_ELEMENTS (shapes); s++)
    for (guint l = 0; l < G_N_ELEMENTS (layouts); l++)
      {
        g_autoptr(GError) error = NULL;
        guint w = shapes[s][0], h = shapes[s][1], n = MAX (w, h);
        guint c = layouts[l][0], bd = layouts[l][1];
        g_autoptr(DkgImage) plain = crypto_test_random_image (r, w, h, c, bd, FALSE);
        g_autoptr(DkgImage) key = crypto_test_random_key (r, (gsize) n * n * c * bd / 8);
        g_autoptr(DkgArnoldCatMap) fast = dkg_arnold_cat_map_new (w, h, c, bd, 7, &error);
        g_autoptr(DkgArnoldCatMap) slow = dkg_arnold_cat_map_new (w, h, c, bd, 7, &error);
        g_autoptr(DkgImage) c1 = dkg_image_new (n, n, c, bd, FALSE, &error);
        g_autoptr(DkgImage) c2 = dkg_image_new (n, n, c, bd, FALSE, &error);
        g_autoptr(DkgImage) p1 = dkg_image_new (w, h, c, bd, FALSE, &error);
        g_autoptr(DkgImage) p2 = dkg_image_new (w, h, c, bd, FALSE, &error);

        g_assert_no_error (error);
        g_assert_cmpuint (dkg_arnold_cat_map_get_n (fast), ==, n);
        g_assert_cmpuint (dkg_arnold_cat_map_get_period (fast), ==, dkg_arnold_cat_map_period (n));
        dkg_arnold_cat_map_set_max_scratch (slow, 0);
        for (int with_key = 0; with_key < 2; with_key++)
          for (int again = 0; again < 2; again++)
            {
              const DkgImage *k = with_key ? key : NULL;

              g_assert_true (dkg_arnold_cat_map_encrypt_into (fast, plain, k, c1, &error));
              g_assert_true (dkg_arnold_cat_map_encrypt_into (slow, plain, k, c2, &error));
              g_assert_no_error (error);
              g_assert_true (dkg_image_equal (c1, c2));
              g_assert_true (dkg_arnold_cat_map_decrypt_into (fast, c1, k, p1, &error));
              g_assert_true (dkg_arnold_cat_map_decrypt_into (slow, c1, k, p2, &error));
              g_assert_no_error (error);
              g_assert_true (dkg_image_equal (p1, plain));
              g_assert_true (dkg_image_equal (p2, plain));
            }
        /* wrong shapes are errors, not crashes */
        if (w != h)
          {
            g_assert_false (dkg_arnold_cat_map_encrypt_into (fast, c1, key, c2, &error));
            g_assert_error (error, DKG_ERROR, DKG_ERROR_SHAPE);
            g_clear_error (&error);
            g_assert_false (dkg_arnold_cat_map_decrypt_into (fast, plain, key, p1, &error));
            g_assert_error (error, DKG_ERROR, DKG_ERROR_SHAPE);
            g_clear_error (&error);
          }
      }
}

int
main (int argc, char **argv)
{
  dkg_test_init (&argc, &argv);
  g_test_add_func ("/core/arnold-cat-map/period-256", test_acm_period_256);
  g_test_add_func ("/core/arnold-cat-map/period-brute-force", test_acm_period_brute_force);
  g_test_add_func ("/core/arnold-cat-map/matrix-is-k-steps", test_acm_matrix_is_k_steps);
  g_test_add_func ("/core/arnold-cat-map/scramble-matches-naive", test_acm_scramble_matches_naive);
  g_test_add_func ("/core/arnold-cat-map/huge-k", test_acm_huge_k);
  g_test_add_func ("/core/arnold-cat-map/refuses-identity", test_acm_refuses_identity);
  g_test_add_func ("/core/arnold-cat-map/encrypt-is-scramble-xor-key",
                   test_acm_encrypt_is_scramble_xor_key);
  g_test_add_func ("/core/arnold-cat-map/key-too-short", test_acm_key_too_short);
  g_test_add_func ("/core/arnold-cat-map/partition-matches-gather",
                   test_acm_partition_matches_gather);
  return g_test_run ();
}
