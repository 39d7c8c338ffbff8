/* test-attacks.c — key reuse, known and chosen plaintext against xor, acm-xor and
 * chacha20-poly1305 on the shipped samples and synthetic images; the imitation and
 * mutual-decryption evaluations on synthetic keys (docs/SPECIFICATION.md §6.9)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gio/gio.h>
#include <math.h>
#include <string.h>

#include "dkg-attacks.h"
#include "dkg-arnold-cat-map.h"
#include "dkg-error.h"
#include "dkg-rand.h"
#include "dkg-test-util.h"

static DkgImage *
load_sample (const char *name)
{
  g_autofree char *rel = g_build_filename ("data", "samples", name, NULL);
  g_autofree char *path = dkg_test_source_path (rel);
  g_autoptr(GError) error = NULL;
  DkgImage *image = dkg_image_load (path, NULL, &error);

  g_assert_no_error (error);
  return image;
}

/* The brain slice: 181×217, 8-bit grey (non-square: acm-xor pads it to 217×217). */
static DkgImage *
load_brain (void)
{
  DkgImage *image = load_sample ("colin27_ch2_axial_z090_8bit.png");

  g_assert_cmpuint (image->width, ==, 181);
  g_assert_cmpuint (image->height, ==, 217);
  g_assert_cmpuint (image->bit_depth, ==, 8);
  return image;
}

/* The CT slice: 128×128, 16-bit signed. */
static DkgImage *
load_ct (void)
{
  DkgImage *image = load_sample ("CT_small.dcm");

  g_assert_cmpuint (image->width, ==, 128);
  g_assert_cmpuint (image->bit_depth, ==, 16);
  g_assert_true (image->is_signed);
  return image;
}

/* A structured synthetic image: diagonal stripes plus a disc. */
static DkgImage *
make_pattern (guint    width,
              guint    height,
              guint    channels,
              guint    bit_depth,
              gboolean is_signed)
{
  DkgImage *image = dkg_image_new (width, height, channels, bit_depth, is_signed, NULL);

  for (guint y = 0; y < height; y++)
    for (guint x = 0; x < width; x++)
      for (guint c = 0; c < channels; c++)
        {
          gsize i = ((gsize) y * width + x) * channels + c;
          double dx = x - width / 2.0, dy = y - height / 2.0;
          guint v = (x * 3 + y * 5 + c * 40) % 200
                    + (dx * dx + dy * dy < width * height / 16.0 ? 50 : 0);

          if (bit_depth == 8)
            image->data[i] = (guint8) v;
          else
            ((guint16 *) image->data)[i] = (guint16) (v * 97 + (is_signed ? 0xf000 : 0));
        }
  return image;
}

/* Another "patient": the image mirrored left to right. */
static DkgImage *
make_mirror (const DkgImage *image)
{
  DkgImage *out = dkg_image_copy (image);
  gsize bpp = (gsize) image->channels * (image->bit_depth / 8);

  for (guint y = 0; y < image->height; y++)
    for (guint x = 0; x < image->width; x++)
      memcpy (out->data + ((gsize) y * image->width + x) * bpp,
              image->data + ((gsize) y * image->width + (image->width - 1 - x)) * bpp, bpp);
  return out;
}

static DkgImage *
make_random_key (guint64 seed,
                 guint   width,
                 guint   height)
{
  g_autoptr(DkgRand) r = dkg_rand_new_seeded (seed);
  DkgImage *key = dkg_image_new (width, height, 3, 8, FALSE, NULL);

  dkg_rand_bytes (r, key->data, dkg_image_n_bytes (key));
  return key;
}

static const DkgContainerOptions xor_options = { DKG_CONTAINER_SCHEME_XOR, 0 };
static const DkgContainerOptions acm_options = { DKG_CONTAINER_SCHEME_ACM_XOR, 5 };
static const DkgContainerOptions aead_options = { DKG_CONTAINER_SCHEME_CHACHA20_POLY1305, 0 };

static void
test_attacks_xor_images (void)
{
  g_autoptr(DkgImage) a = dkg_image_new (2, 1, 1, 16, TRUE, NULL);
  g_autoptr(DkgImage) b = dkg_image_new (2, 1, 1, 16, FALSE, NULL);
  g_autoptr(DkgImage) c = dkg_image_new (1, 2, 1, 16, FALSE, NULL);
  g_autoptr(DkgImage) x = NULL;
  g_autoptr(GError) error = NULL;

  ((gint16 *) a->data)[0] = -1;
  ((gint16 *) a->data)[1] = 0x1234;
  ((guint16 *) b->data)[0] = 0x00ff;
  ((guint16 *) b->data)[1] = 0x1200;
  x = dkg_attack_xor_images (a, b, &error);
  g_assert_no_error (error);
  g_assert_false (x->is_signed);
  g_assert_cmpuint (((guint16 *) x->data)[0], ==, 0xff00);
  g_assert_cmpuint (((guint16 *) x->data)[1], ==, 0x0034);
  g_assert_cmpuint (dkg_attack_count_equal_samples (a, b), ==, 0);
  ((guint16 *) b->data)[1] = 0x1234;
  g_assert_cmpuint (dkg_attack_count_equal_samples (a, b), ==, 1);

  g_assert_null (dkg_attack_xor_images (a, c, &error));
  g_assert_error (error, DKG_ERROR, DKG_ERROR_SHAPE);
}

/* The true acm-xor permutation against the cipher itself: scramble an image whose pixel p
 * holds p + 1 and read where each value went. */
static void
test_attacks_acm_permutation (void)
{
  const guint w = 181, h = 217, n = 217;
  g_autoptr(DkgImage) index = dkg_image_new (w, h, 1, 16, FALSE, NULL);
  g_autoptr(DkgImage) scrambled = NULL;
  g_autofree gsize *perm = g_new (gsize, (gsize) w * h);
  g_autoptr(GError) error = NULL;
  guint64 found = 0;

  for (gsize p = 0; p < (gsize) w * h; p++)
    ((guint16 *) index->data)[p] = (guint16) (p + 1);
  scrambled = dkg_arnold_cat_map_scramble (index, 7, &error);
  g_assert_no_error (error);
  g_assert_true (dkg_attack_acm_permutation (w, h, 7, perm, &error));
  g_assert_no_error (error);
  for (gsize q = 0; q < (gsize) n * n; q++)
    {
      guint v = ((guint16 *) scrambled->data)[q];

      if (v != 0)
        {
          g_assert_cmpuint (perm[v - 1], ==, q);
          found++;
        }
    }
  g_assert_cmpuint (found, ==, (guint64) w * h);

  /* k a multiple of the period moves nothing: refused, as by the cipher. */
  g_assert_false (dkg_attack_acm_permutation (w, h, dkg_arnold_cat_map_period (n), perm,
                                              &error));
  g_assert_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT);
}

/* xor: C₁ ⊕ C₂ is P₁ ⊕ P₂, exactly. */
static void
test_attacks_key_reuse_xor (void)
{
  g_autoptr(DkgImage) p1 = load_brain ();
  g_autoptr(DkgImage) p2 = make_mirror (p1);
  g_autoptr(DkgImage) key = make_random_key (1, 256, 256);
  g_autoptr(DkgAttackKeyReuse) r = NULL;
  g_autoptr(GError) error = NULL;

  r = dkg_attack_key_reuse (p1, p2, key, &xor_options, &error);
  g_assert_no_error (error);
  g_assert_cmpint (r->scheme, ==, DKG_CONTAINER_SCHEME_XOR);
  g_assert_cmpuint (r->n_samples, ==, 181 * 217);
  g_assert_cmpuint (r->n_equal, ==, r->n_samples);
  g_assert_cmpfloat (r->match_fraction, ==, 1.0);
  g_assert_true (r->leaks);
  g_assert_true (r->correlation.defined);
  g_assert_cmpfloat_with_epsilon (r->correlation.r, 1.0, 1e-12);
  g_assert_true (dkg_image_equal (r->cipher_xor, r->plain_xor));
  g_assert_true (dkg_image_equal (r->revealed, r->plain_xor));
  /* The leak has the plaintexts' structure: far from random entropy (the shared black
   * background cancels), strong correlation of neighbours. */
  g_assert_cmpfloat (r->cipher_xor_entropy.all, ==, r->plain_xor_entropy.all);
  g_assert_cmpfloat (r->cipher_xor_entropy.all, <, 7.0);
  g_assert_cmpfloat (r->revealed_adjacent.value[0][DKG_DIRECTION_VERTICAL].r, >, 0.5);
  g_test_message ("xor key reuse: match %.4f, r = %.4f, entropy %.4f, r_v %.4f",
                  r->match_fraction, r->correlation.r, r->cipher_xor_entropy.all,
                  r->revealed_adjacent.value[0][DKG_DIRECTION_VERTICAL].r);

  /* Shapes must agree. */
  {
    g_autoptr(DkgImage) other = make_pattern (100, 100, 1, 8, FALSE);

    g_assert_null (dkg_attack_key_reuse (p1, other, key, &xor_options, &error));
    g_assert_error (error, DKG_ERROR, DKG_ERROR_SHAPE);
  }
}

/* acm-xor: C₁ ⊕ C₂ is P₁ ⊕ P₂ permuted; the header's k undoes it; the histogram survives. */
static void
test_attacks_key_reuse_acm (void)
{
  g_autoptr(DkgImage) p1 = load_brain ();
  g_autoptr(DkgImage) p2 = make_mirror (p1);
  g_autoptr(DkgImage) key = make_random_key (2, 256, 256);
  g_autoptr(DkgAttackKeyReuse) r = NULL;
  g_autoptr(GError) error = NULL;
  guint64 hist_cipher[256] = { 0 }, hist_plain[256] = { 0 };

  r = dkg_attack_key_reuse (p1, p2, key, &acm_options, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (r->acm_iterations, ==, 5);
  g_assert_cmpuint (r->cipher_xor->width, ==, 217);
  g_assert_cmpuint (r->cipher_xor->height, ==, 217);
  g_assert_cmpuint (r->revealed->width, ==, 181);
  g_assert_true (r->leaks);
  g_assert_cmpfloat (r->match_fraction, ==, 1.0);
  g_assert_cmpfloat_with_epsilon (r->correlation.r, 1.0, 1e-12);
  /* Permuted, the XOR loses its neighbourhood structure but not its histogram: the same
   * values plus the padding's zeros. */
  for (gsize i = 0; i < dkg_image_n_samples (r->cipher_xor); i++)
    hist_cipher[r->cipher_xor->data[i]]++;
  for (gsize i = 0; i < dkg_image_n_samples (r->plain_xor); i++)
    hist_plain[r->plain_xor->data[i]]++;
  g_assert_cmpuint (hist_cipher[0], ==, hist_plain[0] + 217 * 217 - 181 * 217);
  for (guint v = 1; v < 256; v++)
    g_assert_cmpuint (hist_cipher[v], ==, hist_plain[v]);
  g_assert_cmpfloat (r->cipher_xor_entropy.all, <, 7.0);
  g_assert_cmpfloat (r->revealed_adjacent.value[0][DKG_DIRECTION_VERTICAL].r, >, 0.5);
  g_test_message ("acm-xor key reuse: match %.4f, entropy C1^C2 %.4f vs P1^P2 %.4f",
                  r->match_fraction, r->cipher_xor_entropy.all, r->plain_xor_entropy.all);
}

/* chacha20-poly1305: each container has its own keystream, C₁ ⊕ C₂ is noise. Also 16-bit. */
static void
test_attacks_key_reuse_aead (void)
{
  g_autoptr(DkgImage) p1 = load_brain ();
  g_autoptr(DkgImage) p2 = make_mirror (p1);
  g_autoptr(DkgImage) ct = load_ct ();
  g_autoptr(DkgImage) ct2 = make_mirror (ct);
  g_autoptr(DkgImage) key = make_random_key (3, 256, 256);
  g_autoptr(DkgAttackKeyReuse) r = NULL;
  g_autoptr(DkgAttackKeyReuse) r16 = NULL;
  g_autoptr(DkgAttackKeyReuse) x16 = NULL;
  g_autoptr(GError) error = NULL;

  r = dkg_attack_key_reuse (p1, p2, key, &aead_options, &error);
  g_assert_no_error (error);
  g_assert_false (r->leaks);
  g_assert_cmpfloat (r->chance_fraction, ==, 1.0 / 256);
  g_assert_cmpfloat (r->match_fraction, <, 0.01);
  g_assert_true (r->correlation.defined);
  g_assert_cmpfloat (fabs (r->correlation.r), <, 0.05);
  g_assert_cmpfloat (r->cipher_xor_entropy.all, >, 7.99);
  g_assert_cmpfloat (fabs (r->revealed_adjacent.value[0][DKG_DIRECTION_VERTICAL].r), <, 0.05);
  g_test_message ("chacha20-poly1305 key reuse: match %.5f (chance %.5f), r = %+.4f, "
                  "entropy %.4f", r->match_fraction, r->chance_fraction, r->correlation.r,
                  r->cipher_xor_entropy.all);

  /* 16-bit signed CT: xor leaks exactly, the hardened scheme does not. */
  x16 = dkg_attack_key_reuse (ct, ct2, key, &xor_options, &error);
  g_assert_no_error (error);
  g_assert_true (x16->leaks);
  r16 = dkg_attack_key_reuse (ct, ct2, key, &aead_options, &error);
  g_assert_no_error (error);
  g_assert_false (r16->leaks);
  g_assert_cmpuint (r16->n_equal, <, 10);

  /* P₁ = P₂: the XOR is constant zero and r is undefined, yet every sample matches. */
  {
    g_autoptr(DkgAttackKeyReuse) same = dkg_attack_key_reuse (p1, p1, key, &xor_options, &error);

    g_assert_no_error (error);
    g_assert_true (same->leaks);
    g_assert_false (same->correlation.defined);
    g_assert_true (isnan (same->correlation.r));
  }
}

/* xor, 8-bit: a 256×256 known image reveals enough keystream for the brain slice. */
static void
test_attacks_known_plaintext_xor (void)
{
  g_autoptr(DkgImage) p1 = make_pattern (256, 256, 1, 8, FALSE);
  g_autoptr(DkgImage) p2 = load_brain ();
  g_autoptr(DkgImage) small = make_pattern (100, 100, 1, 8, FALSE);
  g_autoptr(DkgImage) key = make_random_key (4, 256, 256);
  g_autoptr(DkgAttackKnownPlaintext) r = NULL;
  g_autoptr(DkgAttackKnownPlaintext) part = NULL;
  g_autoptr(GError) error = NULL;

  r = dkg_attack_known_plaintext (p1, p2, key, &xor_options, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (r->keystream_bytes, ==, 65536);
  g_assert_cmpuint (r->cipher2_bytes, ==, 181 * 217);
  g_assert_cmpfloat (r->keystream_match_fraction, ==, 1.0);
  g_assert_cmpmem (r->keystream->data, 65536, key->data, 65536);
  g_assert_cmpfloat (r->covered_fraction, ==, 1.0);
  g_assert_cmpuint (r->n_recovered, ==, r->n_samples);
  g_assert_cmpfloat (r->recovered_fraction, ==, 1.0);
  g_assert_true (dkg_image_equal (r->recovered, p2));

  /* A 100×100 known image covers the first 10,000 bytes: exactly those samples. */
  part = dkg_attack_known_plaintext (small, p2, key, &xor_options, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (part->n_covered, ==, 10000);
  g_assert_cmpuint (part->n_recovered, ==, 10000);
  g_assert_cmpfloat_with_epsilon (part->recovered_fraction, 10000.0 / (181 * 217), 1e-12);
  g_assert_cmpmem (part->recovered->data, 10000, p2->data, 10000);
}

/* acm-xor: the header's k is public, so the keystream comes out as easily. 8- and 16-bit. */
static void
test_attacks_known_plaintext_acm (void)
{
  g_autoptr(DkgImage) p1 = make_pattern (256, 256, 1, 8, FALSE);
  g_autoptr(DkgImage) p2 = load_brain ();
  g_autoptr(DkgImage) ct = load_ct ();
  g_autoptr(DkgImage) known16 = make_pattern (128, 128, 1, 16, TRUE);
  g_autoptr(DkgImage) key = make_random_key (5, 256, 256);
  g_autoptr(DkgAttackKnownPlaintext) r = NULL;
  g_autoptr(DkgAttackKnownPlaintext) r16 = NULL;
  g_autoptr(DkgAttackKnownPlaintext) x16 = NULL;
  g_autoptr(GError) error = NULL;

  r = dkg_attack_known_plaintext (p1, p2, key, &acm_options, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (r->acm_iterations, ==, 5);
  g_assert_cmpuint (r->cipher2->width, ==, 217);
  g_assert_cmpfloat (r->keystream_match_fraction, ==, 1.0);
  g_assert_cmpfloat (r->covered_fraction, ==, 1.0);
  g_assert_cmpfloat (r->recovered_fraction, ==, 1.0);
  g_assert_true (dkg_image_equal (r->recovered, p2));

  r16 = dkg_attack_known_plaintext (known16, ct, key, &acm_options, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (r16->recovered_fraction, ==, 1.0);
  g_assert_true (r16->recovered->is_signed);
  g_assert_true (dkg_image_equal (r16->recovered, ct));
  x16 = dkg_attack_known_plaintext (known16, ct, key, &xor_options, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (x16->recovered_fraction, ==, 1.0);
  g_assert_cmpfloat (x16->chance_fraction, ==, 1.0 / 65536);

  /* Channels must agree. */
  {
    g_autoptr(DkgImage) rgb = make_pattern (20, 20, 3, 8, FALSE);

    g_assert_null (dkg_attack_known_plaintext (rgb, p2, key, &xor_options, &error));
    g_assert_error (error, DKG_ERROR, DKG_ERROR_SHAPE);
  }
}

/* chacha20-poly1305: P₁ ⊕ C₁ is not the keystream of any other file. */
static void
test_attacks_known_plaintext_aead (void)
{
  g_autoptr(DkgImage) p1 = make_pattern (256, 256, 1, 8, FALSE);
  g_autoptr(DkgImage) p2 = load_brain ();
  g_autoptr(DkgImage) key = make_random_key (6, 256, 256);
  g_autoptr(DkgAttackKnownPlaintext) r = NULL;
  g_autoptr(GError) error = NULL;

  r = dkg_attack_known_plaintext (p1, p2, key, &aead_options, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (r->covered_fraction, ==, 1.0);
  g_assert_cmpfloat (r->keystream_match_fraction, <, 0.01);
  g_assert_cmpfloat (r->recovered_fraction, <, 0.01);
  g_assert_false (dkg_image_equal (r->recovered, p2));
  g_test_message ("chacha20-poly1305 known plaintext: recovered %.5f (chance %.5f), keystream "
                  "bytes equal to the key %.5f", r->recovered_fraction, r->chance_fraction,
                  r->keystream_match_fraction);
}

static void
test_attacks_chosen_plaintext_images (void)
{
  g_autoptr(DkgImage) img = NULL;
  g_autoptr(GError) error = NULL;

  /* Counts: 181×217 padded → codes 0 … 39277, 16 bits: packed 2 + 1, bit planes 16 + 1;
   * 256×256 unpadded → 16 bits; padded → 17 bits; 16-bit RGBA packs 64 bits an image. */
  g_assert_cmpuint (dkg_attack_chosen_plaintext_count (181, 217, 1, 8, TRUE,
                                                       DKG_ATTACK_ENCODING_PACKED), ==, 3);
  g_assert_cmpuint (dkg_attack_chosen_plaintext_count (181, 217, 1, 8, TRUE,
                                                       DKG_ATTACK_ENCODING_BIT_PLANES), ==, 17);
  g_assert_cmpuint (dkg_attack_chosen_plaintext_count (256, 256, 1, 8, FALSE,
                                                       DKG_ATTACK_ENCODING_PACKED), ==, 3);
  g_assert_cmpuint (dkg_attack_chosen_plaintext_count (256, 256, 1, 8, TRUE,
                                                       DKG_ATTACK_ENCODING_PACKED), ==, 4);
  g_assert_cmpuint (dkg_attack_chosen_plaintext_count (256, 256, 4, 16, TRUE,
                                                       DKG_ATTACK_ENCODING_PACKED), ==, 2);
  g_assert_cmpuint (dkg_attack_chosen_plaintext_count (1, 1, 1, 8, FALSE,
                                                       DKG_ATTACK_ENCODING_BIT_PLANES), ==, 2);

  /* 4×1, unpadded, bit planes: codes 0, 1, 2, 3. */
  img = dkg_attack_chosen_plaintext_make_image (4, 1, 1, 8, FALSE,
                                                DKG_ATTACK_ENCODING_BIT_PLANES, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (img->data, 4, "\x00\xff\x00\xff", 4);
  g_clear_pointer (&img, dkg_image_free);
  img = dkg_attack_chosen_plaintext_make_image (4, 1, 1, 8, FALSE,
                                                DKG_ATTACK_ENCODING_BIT_PLANES, 2, &error);
  g_assert_cmpmem (img->data, 4, "\x00\x00\xff\xff", 4);
  g_clear_pointer (&img, dkg_image_free);
  /* Padded: codes 1, 2, 3, 4 (0 is padding); 3 bits. */
  img = dkg_attack_chosen_plaintext_make_image (4, 1, 1, 8, TRUE,
                                                DKG_ATTACK_ENCODING_BIT_PLANES, 3, &error);
  g_assert_cmpmem (img->data, 4, "\x00\x00\x00\xff", 4);
  g_clear_pointer (&img, dkg_image_free);
  /* Packed, 16-bit grey, 300×300 padded: code p + 1 in the two bytes of the sample, least
   * significant byte first in memory; 17 bits, so a second image carries bit 16. */
  img = dkg_attack_chosen_plaintext_make_image (300, 300, 1, 16, TRUE,
                                                DKG_ATTACK_ENCODING_PACKED, 1, &error);
  g_assert_cmpuint (img->data[2 * 258], ==, 259 & 0xff);
  g_assert_cmpuint (img->data[2 * 258 + 1], ==, 259 >> 8);
  g_clear_pointer (&img, dkg_image_free);
  img = dkg_attack_chosen_plaintext_make_image (300, 300, 1, 16, TRUE,
                                                DKG_ATTACK_ENCODING_PACKED, 2, &error);
  g_assert_cmpuint (((guint16 *) img->data)[65535], ==, 1);
  g_assert_cmpuint (((guint16 *) img->data)[65534], ==, 0);
  g_clear_pointer (&img, dkg_image_free);

  g_assert_null (dkg_attack_chosen_plaintext_make_image (4, 1, 1, 8, FALSE,
                                                         DKG_ATTACK_ENCODING_BIT_PLANES, 3,
                                                         &error));
  g_assert_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT);
}

/* acm-xor through real containers: the whole permutation, then the target, exactly. */
static void
test_attacks_chosen_plaintext_acm (void)
{
  g_autoptr(DkgImage) target = load_brain ();
  g_autoptr(DkgImage) ct = load_ct ();
  g_autoptr(DkgImage) key = make_random_key (7, 256, 256);
  const DkgContainerOptions other_k = { DKG_CONTAINER_SCHEME_ACM_XOR, 100 };
  g_autoptr(GError) error = NULL;

  for (guint e = 0; e < 2; e++)
    {
      DkgAttackEncoding enc = e == 0 ? DKG_ATTACK_ENCODING_PACKED
                                     : DKG_ATTACK_ENCODING_BIT_PLANES;
      g_autoptr(DkgAttackChosenPlaintext) r = NULL;

      r = dkg_attack_acm_chosen_plaintext (target, key, e == 0 ? &acm_options : &other_k, enc,
                                           &error);
      g_assert_no_error (error);
      g_assert_cmpuint (r->cipher_width, ==, 217);
      g_assert_cmpuint (r->n_bits, ==, 16);
      g_assert_cmpuint (r->n_chosen, ==, e == 0 ? 3 : 17);
      g_assert_cmpuint (r->n_mapped, ==, 181 * 217);
      g_assert_cmpuint (r->n_padding, ==, 217 * 217 - 181 * 217);
      g_assert_cmpuint (r->n_invalid + r->n_collisions, ==, 0);
      g_assert_true (r->is_bijection);
      g_assert_true (r->has_truth);
      g_assert_cmpfloat (r->permutation_correct_fraction, ==, 1.0);
      g_assert_cmpfloat (r->recovered_fraction, ==, 1.0);
      g_assert_true (dkg_image_equal (r->recovered, target));
      /* C₀ is the key stream itself. */
      g_assert_cmpmem (r->keystream->data, 217 * 217, key->data, 217 * 217);
      g_test_message ("acm-xor chosen plaintext (%s, k = %" G_GUINT64_FORMAT "): %u chosen "
                      "images, permutation %.4f correct, target %.4f recovered",
                      e == 0 ? "packed" : "bit planes", r->acm_iterations, r->n_chosen,
                      r->permutation_correct_fraction, r->recovered_fraction);
    }

  /* 16-bit signed, square: no padding, 14-bit codes in one packed image. */
  {
    g_autoptr(DkgAttackChosenPlaintext) r = NULL;

    r = dkg_attack_acm_chosen_plaintext (ct, key, &acm_options, DKG_ATTACK_ENCODING_PACKED,
                                         &error);
    g_assert_no_error (error);
    g_assert_cmpuint (r->n_bits, ==, 14);
    g_assert_cmpuint (r->n_chosen, ==, 2);
    g_assert_cmpuint (r->n_padding, ==, 0);
    g_assert_true (r->is_bijection);
    g_assert_cmpfloat (r->permutation_correct_fraction, ==, 1.0);
    g_assert_true (dkg_image_equal (r->recovered, ct));
  }
}

/* The same against the others: xor has no permutation (the identity comes out); the hardened
 * scheme yields noise. */
static void
test_attacks_chosen_plaintext_others (void)
{
  g_autoptr(DkgImage) target = load_brain ();
  g_autoptr(DkgImage) key = make_random_key (8, 256, 256);
  g_autoptr(DkgAttackChosenPlaintext) x = NULL;
  g_autoptr(DkgAttackChosenPlaintext) a = NULL;
  g_autoptr(GError) error = NULL;

  x = dkg_attack_acm_chosen_plaintext (target, key, &xor_options, DKG_ATTACK_ENCODING_PACKED,
                                       &error);
  g_assert_no_error (error);
  g_assert_true (x->is_bijection);
  g_assert_cmpfloat (x->permutation_correct_fraction, ==, 1.0);
  g_assert_cmpfloat (x->recovered_fraction, ==, 1.0);

  a = dkg_attack_acm_chosen_plaintext (target, key, &aead_options, DKG_ATTACK_ENCODING_PACKED,
                                       &error);
  g_assert_no_error (error);
  g_assert_cmpint (a->scheme, ==, DKG_CONTAINER_SCHEME_CHACHA20_POLY1305);
  g_assert_false (a->is_bijection);
  g_assert_cmpuint (a->n_invalid + a->n_collisions, >, 0);
  g_assert_cmpfloat (a->permutation_correct_fraction, <, 0.001);
  g_assert_cmpfloat (a->recovered_fraction, <, 0.01);
  g_test_message ("chacha20-poly1305 chosen plaintext: %u chosen images, %" G_GUINT64_FORMAT
                  " of %u positions mapped, %.5f correct, target %.5f recovered (chance %.5f)",
                  a->n_chosen, a->n_mapped, 181 * 217, a->permutation_correct_fraction,
                  a->recovered_fraction, a->chance_fraction);
}

typedef struct
{
  const DkgImage *key;
  guint64         k;
  guint           calls;
  gboolean        fail;
} RawOracle;

static DkgImage *
raw_acm_oracle (const DkgImage  *plain,
                gpointer         user_data,
                GError         **error)
{
  RawOracle *o = user_data;

  o->calls++;
  if (o->fail && o->calls == 2)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE, "oracle gone");
      return NULL;
    }
  return dkg_arnold_cat_map_encrypt (plain, o->key, o->k, error);
}

/* The oracle interface on the bare cipher, RGB: 24 bits a pixel, so one chosen image. */
static void
test_attacks_chosen_plaintext_oracle (void)
{
  g_autoptr(DkgImage) target = make_pattern (50, 30, 3, 8, FALSE);
  g_autoptr(DkgImage) key = make_random_key (9, 64, 64);
  g_autoptr(DkgImage) cipher = NULL;
  g_autoptr(DkgAttackChosenPlaintext) r = NULL;
  g_autofree gsize *truth = g_new (gsize, 50 * 30);
  RawOracle o = { key, 11, 0, FALSE };
  g_autoptr(GError) error = NULL;

  cipher = dkg_arnold_cat_map_encrypt (target, key, 11, &error);
  g_assert_no_error (error);
  r = dkg_attack_chosen_plaintext_run (50, 30, 3, 8, DKG_ATTACK_ENCODING_PACKED, raw_acm_oracle,
                                       &o, cipher, target, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (r->n_chosen, ==, 2);
  g_assert_cmpuint (o.calls, ==, 2);
  g_assert_false (r->has_truth);
  g_assert_true (isnan (r->permutation_correct_fraction));
  g_assert_true (r->is_bijection);
  g_assert_true (dkg_attack_acm_permutation (50, 30, 11, truth, &error));
  for (gsize p = 0; p < 50 * 30; p++)
    g_assert_cmpuint (r->permutation[p], ==, truth[p]);
  g_assert_true (dkg_image_equal (r->recovered, target));

  /* Without the plaintext nothing is scored, but the decryption is the same. */
  {
    g_autoptr(DkgAttackChosenPlaintext) blind = NULL;

    o.calls = 0;
    blind = dkg_attack_chosen_plaintext_run (50, 30, 3, 8, DKG_ATTACK_ENCODING_BIT_PLANES,
                                             raw_acm_oracle, &o, cipher, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (o.calls, ==, blind->n_chosen);
    g_assert_true (isnan (blind->recovered_fraction));
    g_assert_cmpmem (blind->recovered->data, 4500, target->data, 4500);
  }

  /* The oracle's error comes through; a target of another shape is refused. */
  o.calls = 0;
  o.fail = TRUE;
  g_assert_null (dkg_attack_chosen_plaintext_run (50, 30, 3, 8, DKG_ATTACK_ENCODING_PACKED,
                                                  raw_acm_oracle, &o, cipher, target, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE);
  g_clear_error (&error);
  o.fail = FALSE;
  g_assert_null (dkg_attack_chosen_plaintext_run (50, 30, 3, 8, DKG_ATTACK_ENCODING_PACKED,
                                                  raw_acm_oracle, &o, key, target, &error));
  g_assert_error (error, DKG_ERROR, DKG_ERROR_SHAPE);
}

/* Imitation evaluation on synthetic keys with a known overlap. */
static void
test_attacks_imitation (void)
{
  g_autoptr(DkgImage) v1 = make_random_key (10, 64, 64);
  g_autoptr(DkgImage) v2 = make_random_key (11, 64, 64);
  g_autoptr(DkgImage) a1 = dkg_image_copy (v1);
  g_autoptr(DkgImage) a2 = make_random_key (12, 64, 64);
  g_autoptr(DkgImage) bad = make_random_key (13, 32, 64);
  g_autoptr(DkgAttackImitation) r = NULL;
  g_autoptr(GError) error = NULL;
  const DkgImage *victims[2] = { v1, v2 };
  const DkgImage *attacks[2] = { a1, a2 };
  gsize n = dkg_image_n_bytes (v1);
  guint64 equal = 0;

  /* a1 equals v1 in every fourth byte and differs by the lowest bit elsewhere:
   * bytes equal 1/4, bits equal 1/4 + 3/4·7/8, NPCR 75 %, UACI 75 %·1/255. */
  for (gsize i = 0; i < n; i++)
    if (i % 4 != 0)
      a1->data[i] ^= 1;
  for (gsize i = 0; i < n; i++)
    equal += v2->data[i] == a2->data[i];

  r = dkg_attack_imitation_evaluate (victims, attacks, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (r->n_pairs, ==, 2);
  g_assert_cmpuint (r->pairs[0].n_bytes, ==, n);
  g_assert_cmpfloat (r->pairs[0].byte_match_fraction, ==, 0.25);
  g_assert_cmpfloat_with_epsilon (r->pairs[0].bit_match_fraction, 0.25 + 0.75 * 7 / 8, 1e-12);
  g_assert_cmpfloat_with_epsilon (r->pairs[0].differential.all.npcr, 75.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (r->pairs[0].differential.all.uaci, 75.0 / 255, 1e-9);
  g_assert_false (r->pairs[0].differential.all.npcr_pass[0]);
  /* Independent keys: chance level, and they pass NPCR/UACI at α = 0.001. */
  g_assert_cmpfloat (r->pairs[1].byte_match_fraction, ==, (double) equal / n);
  g_assert_cmpfloat (fabs (r->pairs[1].byte_match_fraction - 1.0 / 256), <, 0.004);
  g_assert_cmpfloat (fabs (r->pairs[1].bit_match_fraction - 0.5), <, 0.01);
  g_assert_true (r->pairs[1].differential.all.npcr_pass[2]);
  g_assert_cmpfloat (r->max_byte_match, ==, 0.25);
  g_assert_cmpfloat_with_epsilon (r->mean_byte_match,
                                  (0.25 + r->pairs[1].byte_match_fraction) / 2, 1e-12);
  g_assert_cmpfloat (r->min_npcr, ==, r->pairs[0].differential.all.npcr);
  g_assert_cmpuint (r->n_npcr_pass[2], ==, 1);
  g_assert_cmpfloat (r->chance_byte_match, ==, 1.0 / 256);

  attacks[1] = bad;
  g_assert_null (dkg_attack_imitation_evaluate (victims, attacks, 2, &error));
  g_assert_error (error, DKG_ERROR, DKG_ERROR_SHAPE);
  g_clear_error (&error);
  g_assert_null (dkg_attack_imitation_evaluate (victims, attacks, 0, &error));
  g_assert_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT);
}

/* The K×K matrix: a diagonal of 1, chance elsewhere; two equal keys decrypt each other. */
static void
test_attacks_mutual_decryption (void)
{
  g_autoptr(DkgImage) plain = load_brain ();
  g_autoptr(DkgImage) k0 = make_random_key (20, 256, 256);
  g_autoptr(DkgImage) k1 = make_random_key (21, 256, 256);
  g_autoptr(DkgImage) k2 = make_random_key (22, 256, 256);
  g_autoptr(DkgImage) k3 = dkg_image_copy (k0);
  g_autoptr(DkgImage) tiny = make_random_key (23, 8, 8);
  const DkgImage *keys[4] = { k0, k1, k2, k3 };
  g_autoptr(GError) error = NULL;

  for (guint s = 0; s <= DKG_CONTAINER_SCHEME_CHACHA20_POLY1305; s++)
    {
      g_autoptr(DkgAttackMutualDecryption) m = NULL;

      m = dkg_attack_mutual_decryption (keys, 4, plain, (DkgContainerScheme) s, 9, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (m->n_models, ==, 4);
      g_assert_cmpfloat (m->diagonal_min, ==, 1.0);
      for (guint i = 0; i < 4; i++)
        for (guint j = 0; j < 4; j++)
          {
            double v = m->success[i * 4 + j];
            gboolean same = i == j || (i % 3 == 0 && j % 3 == 0);

            if (same)
              g_assert_cmpfloat (v, ==, 1.0);
            else
              g_assert_cmpfloat (v, <, 0.02);
            g_assert_true (m->refused[i * 4 + j]
                           == (s == DKG_CONTAINER_SCHEME_CHACHA20_POLY1305 && !same));
          }
      g_assert_cmpfloat (m->off_diagonal_max, ==, 1.0);
      g_test_message ("%s mutual decryption: off-diagonal mean %.5f (with 2 equal keys)",
                      dkg_container_scheme_to_string ((DkgContainerScheme) s),
                      m->off_diagonal_mean);
    }

  /* Without the duplicate: the off-diagonal sits at chance (colin27 is mostly one value, so
   * "recovered" here is the probability that noise hits it: ≈ 1/256). */
  {
    g_autoptr(DkgAttackMutualDecryption) m = NULL;

    m = dkg_attack_mutual_decryption (keys, 3, plain, DKG_CONTAINER_SCHEME_XOR, 0, &error);
    g_assert_no_error (error);
    g_assert_cmpfloat (m->off_diagonal_max, <, 0.01);
    g_assert_cmpfloat (fabs (m->off_diagonal_mean - m->chance_fraction), <, 0.002);
  }

  keys[1] = tiny;
  g_assert_null (dkg_attack_mutual_decryption (keys, 2, plain, DKG_CONTAINER_SCHEME_XOR, 0,
                                               &error));
  g_assert_error (error, DKG_ERROR, DKG_ERROR_KEY_TOO_SHORT);
  g_clear_error (&error);
  g_assert_null (dkg_attack_mutual_decryption (keys, 0, plain, DKG_CONTAINER_SCHEME_XOR, 0,
                                               &error));
  g_assert_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT);
}

int
main (int argc, char **argv)
{
  dkg_test_init (&argc, &argv);

  g_test_add_func ("/core/attacks/xor-images", test_attacks_xor_images);
  g_test_add_func ("/core/attacks/acm-permutation", test_attacks_acm_permutation);
  g_test_add_func ("/core/attacks/key-reuse/xor", test_attacks_key_reuse_xor);
  g_test_add_func ("/core/attacks/key-reuse/acm-xor", test_attacks_key_reuse_acm);
  g_test_add_func ("/core/attacks/key-reuse/chacha20-poly1305", test_attacks_key_reuse_aead);
  g_test_add_func ("/core/attacks/known-plaintext/xor", test_attacks_known_plaintext_xor);
  g_test_add_func ("/core/attacks/known-plaintext/acm-xor", test_attacks_known_plaintext_acm);
  g_test_add_func ("/core/attacks/known-plaintext/chacha20-poly1305",
                   test_attacks_known_plaintext_aead);
  g_test_add_func ("/core/attacks/chosen-plaintext/images", test_attacks_chosen_plaintext_images);
  g_test_add_func ("/core/attacks/chosen-plaintext/acm-xor", test_attacks_chosen_plaintext_acm);
  g_test_add_func ("/core/attacks/chosen-plaintext/others", test_attacks_chosen_plaintext_others);
  g_test_add_func ("/core/attacks/chosen-plaintext/oracle", test_attacks_chosen_plaintext_oracle);
  g_test_add_func ("/core/attacks/imitation", test_attacks_imitation);
  g_test_add_func ("/core/attacks/mutual-decryption", test_attacks_mutual_decryption);
  return g_test_run ();
}
