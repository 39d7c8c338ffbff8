/* test-lsb-stego.c — LSB text embedding: capacity, layout, Unicode round trips, no-text errors,
 * extraction after every container scheme (docs/SPECIFICATION.md §5.6)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <string.h>

#include "dkg-container.h"
#include "dkg-lsb-stego.h"
#include "dkg-error.h"
#include "dkg-rand.h"
#include "dkg-test-util.h"

/* Emoji (4-byte sequences, a ZWJ sequence), CJK, Hangul, Arabic, combining marks (NFD). */
static const char unicode_text[] =
  "Patient: 山田 太郎 (ヤマダ タロウ), 김민준, محمد — "
  "Zoe\xcc\x88 Nin\xcc\x83o Ame\xcc\x81lie, "
  "🩻 CT thorax 🫁 ok 👩🏽‍⚕️, ID #12345\nLine 2\ttab";

static DkgImage *
random_image (DkgRand  *r,
              guint     width,
              guint     height,
              guint     channels,
              guint     bit_depth,
              gboolean  is_signed)
{
  g_autoptr(GError) error = NULL;
  DkgImage *image = dkg_image_new (width, height, channels, bit_depth, is_signed, &error);

  g_assert_no_error (error);
  dkg_rand_bytes (r, image->data, dkg_image_n_bytes (image));
  return image;
}

static guint
sample_lsb (const DkgImage *im,
            gsize           i)
{
  return im->bit_depth == 8 ? im->data[i] & 1 : ((const guint16 *) im->data)[i] & 1;
}

static guint32
sample_value (const DkgImage *im,
              gsize           i)
{
  return im->bit_depth == 8 ? im->data[i] : ((const guint16 *) im->data)[i];
}

/* Embeds, checks that only least significant bits of colour samples changed, extracts. */
static void
check_round_trip (DkgImage   *cover,
                  const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DkgImage) stego = dkg_image_copy (cover);
  g_autofree char *out = NULL;
  gsize n_samples = dkg_image_n_samples (cover), len = 0, changed = 0;

  dkg_lsb_stego_embed (stego, text, -1, &error);
  g_assert_no_error (error);
  for (gsize i = 0; i < n_samples; i++)
    {
      guint32 a = sample_value (cover, i), b = sample_value (stego, i);

      g_assert_cmpuint (a >> 1, ==, b >> 1);
      if (!dkg_lsb_stego_is_carrier (cover->channels, (guint) (i % cover->channels)))
        g_assert_cmpuint (a, ==, b);
      changed += a != b;
    }
  g_assert_cmpuint (changed, >, 0);
  g_test_message ("%u×%u×%u %u-bit: %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT " samples changed",
                  cover->width, cover->height, cover->channels, cover->bit_depth, changed,
                  (gsize) (8 * (strlen (text) + 4)));

  out = dkg_lsb_stego_extract (stego, &len, &error);
  g_assert_no_error (error);
  g_assert_nonnull (out);
  g_assert_cmpuint (len, ==, strlen (text));
  g_assert_cmpmem (out, len, text, strlen (text));
  g_assert_cmpint (out[len], ==, '\0');
}

/* Capacity = floor(carriers / 8) − 4, alpha excluded; too much text is refused before
 * anything changes, with both sizes in the message. */
static void
test_capacity (void)
{
  g_autoptr(DkgRand) r = dkg_rand_new_seeded (1);
  g_autoptr(DkgImage) grey = random_image (r, 8, 8, 1, 8, FALSE);
  g_autoptr(DkgImage) rgba = random_image (r, 8, 8, 4, 8, FALSE);
  g_autoptr(DkgImage) ga16 = random_image (r, 10, 7, 2, 16, FALSE);
  g_autoptr(DkgImage) tiny = random_image (r, 2, 2, 3, 8, FALSE);
  g_autoptr(DkgImage) before = dkg_image_copy (grey);
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;

  g_assert_cmpuint (dkg_lsb_stego_n_carriers (grey), ==, 64);
  g_assert_cmpuint (dkg_lsb_stego_capacity (grey), ==, 4);
  g_assert_cmpuint (dkg_lsb_stego_n_carriers (rgba), ==, 192);
  g_assert_cmpuint (dkg_lsb_stego_capacity (rgba), ==, 20);
  g_assert_cmpuint (dkg_lsb_stego_n_carriers (ga16), ==, 70);
  g_assert_cmpuint (dkg_lsb_stego_capacity (ga16), ==, 4);
  g_assert_cmpuint (dkg_lsb_stego_capacity (tiny), ==, 0);

  g_assert_false (dkg_lsb_stego_embed (grey, "12345", -1, &error));
  g_assert_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "needs 9 bytes"));
  g_assert_nonnull (strstr (error->message, "at most 4 bytes"));
  g_assert_true (dkg_image_equal (grey, before));
  g_clear_error (&error);

  /* Exactly full: 4 bytes fit (a 4-byte emoji). */
  g_assert_true (dkg_lsb_stego_embed (grey, "🩻", -1, &error));
  g_assert_no_error (error);
  out = dkg_lsb_stego_extract (grey, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (out, ==, "🩻");

  g_assert_false (dkg_lsb_stego_embed (tiny, "a", -1, &error));
  g_assert_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "at most 0 bytes"));
  g_clear_error (&error);
  g_assert_null (dkg_lsb_stego_extract (tiny, NULL, &error));
  g_assert_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE);
  g_assert_nonnull (strstr (error->message, "no embedded text"));
}

/* The documented layout: 32-bit big-endian length, then the bytes, most significant bit first,
 * one bit per sample in raster order. */
static void
test_layout (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DkgImage) im = dkg_image_new (8, 8, 1, 8, FALSE, &error);
  g_autoptr(DkgImage) rgba = dkg_image_new (4, 4, 4, 8, FALSE, &error);
  /* "A" = 0x41 = 01000001 after the prefix 00000000 00000000 00000000 00000001 */
  static const guint8 expected[40] = {
    0, 0, 0, 0, 0, 0, 0, 0,  0, 0, 0, 0, 0, 0, 0, 0,  0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 1,  0, 1, 0, 0, 0, 0, 0, 1,
  };

  g_assert_no_error (error);
  memset (im->data, 0x80, dkg_image_n_bytes (im));
  g_assert_true (dkg_lsb_stego_embed (im, "A", -1, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < 40; i++)
    g_assert_cmpuint (sample_lsb (im, i), ==, expected[i]);
  for (guint i = 40; i < 64; i++)
    g_assert_cmpuint (im->data[i], ==, 0x80);

  /* RGBA: carrier k is sample (k / 3)·4 + k % 3; alpha stays 0xff. */
  memset (rgba->data, 0xff, dkg_image_n_bytes (rgba));
  g_assert_true (dkg_lsb_stego_embed (rgba, "A", -1, &error));
  g_assert_no_error (error);
  for (guint k = 0; k < 40; k++)
    g_assert_cmpuint (sample_lsb (rgba, (k / 3) * 4 + k % 3), ==, expected[k]);
  for (guint p = 0; p < 16; p++)
    g_assert_cmpuint (rgba->data[p * 4 + 3], ==, 0xff);
}

static void
test_unicode_grey8 (void)
{
  g_autoptr(DkgRand) r = dkg_rand_new_seeded (2);
  g_autoptr(DkgImage) cover = random_image (r, 64, 48, 1, 8, FALSE);

  check_round_trip (cover, unicode_text);
  check_round_trip (cover, "x");
}

static void
test_unicode_rgb8 (void)
{
  g_autoptr(DkgRand) r = dkg_rand_new_seeded (3);
  g_autoptr(DkgImage) rgb = random_image (r, 33, 17, 3, 8, FALSE);
  g_autoptr(DkgImage) rgba = random_image (r, 33, 17, 4, 8, FALSE);
  g_autoptr(DkgImage) ga = random_image (r, 60, 40, 2, 8, FALSE);

  check_round_trip (rgb, unicode_text);
  check_round_trip (rgba, unicode_text);
  check_round_trip (ga, unicode_text);
}

static void
test_unicode_16bit (void)
{
  g_autoptr(DkgRand) r = dkg_rand_new_seeded (4);
  g_autoptr(DkgImage) grey = random_image (r, 50, 40, 1, 16, FALSE);
  g_autoptr(DkgImage) sgn = random_image (r, 50, 40, 1, 16, TRUE);
  g_autoptr(DkgImage) rgb = random_image (r, 24, 24, 3, 16, FALSE);

  check_round_trip (grey, unicode_text);
  check_round_trip (sgn, unicode_text);
  check_round_trip (rgb, unicode_text);
}

/* Invalid UTF-8, a NUL inside the text and empty text are refused; the image is unchanged. */
static void
test_invalid_text (void)
{
  static const struct { const char *bytes; gssize len; const char *what; } bad[] = {
    { "\xff\xfe", 2, "invalid sequence" },
    { "\xc0\xaf", 2, "invalid sequence" },            /* overlong "/" */
    { "ab\xed\xa0\x80", 5, "invalid sequence" },      /* UTF-16 surrogate */
    { "caf\xc3", 4, "invalid sequence" },             /* truncated */
    { "a\0b", 3, "NUL" },
    { "", 0, "empty" },
  };
  g_autoptr(DkgRand) r = dkg_rand_new_seeded (5);
  g_autoptr(DkgImage) cover = random_image (r, 32, 32, 1, 8, FALSE);
  g_autoptr(DkgImage) before = dkg_image_copy (cover);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (dkg_lsb_stego_embed (cover, bad[i].bytes, bad[i].len, &error));
      g_assert_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT);
      g_assert_nonnull (strstr (error->message, bad[i].what));
      g_assert_true (dkg_image_equal (cover, before));
    }
}

static void
assert_no_text (const DkgImage *im)
{
  g_autoptr(GError) error = NULL;
  gsize len = 99;
  char *text = dkg_lsb_stego_extract (im, &len, &error);

  g_assert_null (text);
  g_assert_cmpuint (len, ==, 0);
  g_assert_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE);
  g_assert_true (g_str_has_prefix (error->message, "no embedded text"));
}

/* Images without embedded text give "no embedded text", never garbage: random images (the
 * length check fails with probability 1 − capacity/2³²), all-zero and all-one LSBs, and the
 * shipped natural image. */
static void
test_no_text (void)
{
  g_autoptr(DkgRand) r = dkg_rand_new_seeded (6);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = dkg_test_source_path ("data/samples/colin27_ch2_axial_z090_8bit.png");
  g_autoptr(DkgImage) colin = dkg_image_load (path, NULL, &error);
  g_autoptr(DkgImage) flat = NULL;

  g_assert_no_error (error);
  assert_no_text (colin);
  for (guint i = 0; i < 500; i++)
    {
      g_autoptr(DkgImage) im = random_image (r, 64, 64, 1 + i % 4, i % 3 == 0 ? 16 : 8, FALSE);
      assert_no_text (im);
    }
  flat = dkg_image_new (64, 64, 1, 8, FALSE, &error);
  assert_no_text (flat);
  memset (flat->data, 0xff, dkg_image_n_bytes (flat));
  assert_no_text (flat);

  /* A valid length prefix followed by bytes that are not UTF-8. */
  memset (flat->data, 0xff, dkg_image_n_bytes (flat));
  for (guint k = 0; k < 32; k++)
    flat->data[k] = k == 31 ? 0xff : 0xfe;     /* prefix 1 */
  assert_no_text (flat);
}

/* The text survives a container encrypt/decrypt round trip with every scheme (bit-exact
 * ciphers), for 8-bit grey (the shipped natural image), RGB and 16-bit images. */
static void
test_after_container (void)
{
  static const DkgContainerScheme schemes[] = {
    DKG_CONTAINER_SCHEME_XOR, DKG_CONTAINER_SCHEME_ACM_XOR,
    DKG_CONTAINER_SCHEME_CHACHA20_POLY1305,
  };
  g_autoptr(DkgRand) r = dkg_rand_new_seeded (7);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = dkg_test_source_path ("data/samples/colin27_ch2_axial_z090_8bit.png");
  DkgImage *covers[3] = {
    dkg_image_load (path, NULL, &error),
    random_image (r, 70, 45, 3, 8, FALSE),
    random_image (r, 60, 50, 1, 16, TRUE),
  };
  /* Large enough for acm-xor on every cover: 217² · 1 byte, 70² · 3, 60² · 2. */
  g_autoptr(DkgImage) key = random_image (r, 256, 256, 3, 8, FALSE);

  g_assert_no_error (error);
  for (guint c = 0; c < G_N_ELEMENTS (covers); c++)
    {
      g_assert_true (dkg_lsb_stego_embed (covers[c], unicode_text, -1, &error));
      g_assert_no_error (error);
      for (guint s = 0; s < G_N_ELEMENTS (schemes); s++)
        {
          DkgContainerOptions opts = { schemes[s], 7 };
          g_autoptr(GBytes) file = dkg_container_encrypt (covers[c], key, &opts, &error);
          g_autoptr(DkgImage) cipher_view = NULL;
          g_autoptr(DkgImage) plain = NULL;
          g_autofree char *text = NULL;

          g_assert_no_error (error);
          /* The ciphertext pixels carry no text. */
          cipher_view = dkg_image_load_png_bytes (file, "cipher", NULL, NULL, &error);
          g_assert_no_error (error);
          text = dkg_lsb_stego_extract (cipher_view, NULL, NULL);
          g_assert_true (text == NULL || strcmp (text, unicode_text) != 0);
          g_clear_pointer (&text, g_free);

          plain = dkg_container_decrypt (file, "cipher", key, NULL, &error);
          g_assert_no_error (error);
          g_assert_true (dkg_image_equal (plain, covers[c]));
          text = dkg_lsb_stego_extract (plain, NULL, &error);
          g_assert_no_error (error);
          g_assert_cmpstr (text, ==, unicode_text);
        }
      dkg_image_free (covers[c]);
    }
}

/* The file functions: lossless PNG out, never over the input, nothing written on error. */
static void
test_files (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = dkg_test_make_tmpdir ();
  g_autofree char *src = dkg_test_source_path ("data/samples/CT_small.dcm");
  g_autofree char *out = g_build_filename (dir, "stego.png", NULL);
  g_autofree char *out2 = g_build_filename (dir, "big.png", NULL);
  g_autofree char *text = NULL;
  g_autofree char *huge = g_strnfill (128 * 128 / 8, 'x');
  gsize len = 0;

  /* 16-bit signed DICOM in, PNG out (signedness kept), text back. */
  g_assert_true (dkg_lsb_stego_embed_file (src, unicode_text, -1, out, &error));
  g_assert_no_error (error);
  text = dkg_lsb_stego_extract_file (out, &len, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, unicode_text);
  g_assert_cmpuint (len, ==, strlen (unicode_text));

  g_assert_false (dkg_lsb_stego_embed_file (out, "x", -1, out, &error));
  g_assert_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  g_assert_false (dkg_lsb_stego_embed_file (src, huge, -1, out2, &error));
  g_assert_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "CT_small.dcm"));
  g_assert_false (g_file_test (out2, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  g_assert_null (dkg_lsb_stego_extract_file (src, NULL, &error));
  g_assert_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE);
  g_assert_nonnull (strstr (error->message, "no embedded text"));
  dkg_test_rm_rf (dir);
}

int
main (int argc, char **argv)
{
  dkg_test_init (&argc, &argv);
  g_test_add_func ("/core/lsb-stego/capacity", test_capacity);
  g_test_add_func ("/core/lsb-stego/layout", test_layout);
  g_test_add_func ("/core/lsb-stego/unicode-grey8", test_unicode_grey8);
  g_test_add_func ("/core/lsb-stego/unicode-rgb8", test_unicode_rgb8);
  g_test_add_func ("/core/lsb-stego/unicode-16bit", test_unicode_16bit);
  g_test_add_func ("/core/lsb-stego/invalid-text", test_invalid_text);
  g_test_add_func ("/core/lsb-stego/no-text", test_no_text);
  g_test_add_func ("/core/lsb-stego/after-container", test_after_container);
  g_test_add_func ("/core/lsb-stego/files", test_files);
  return g_test_run ();
}
