/* test-similarity.c — MSE, PSNR and SSIM (docs/SPECIFICATION.md §6.5)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "dkg-similarity.h"
#include "dkg-error.h"
#include "dkg-rand.h"
#include "dkg-test-util.h"

/*
 * SSIM reference values from scikit-image 0.19.3 (Debian 12 python3-skimage, scipy 1.10.1,
 * numpy 1.24.2), printed by /usr/bin/python3 on this script:
 *
 *   import numpy as np
 *   from skimage.metrics import structural_similarity as ssim
 *   y, x = np.mgrid[0:24, 0:32]
 *   a1 = ((x * 7 + y * 13) % 256).astype(np.uint8)
 *   b1 = np.clip(a1.astype(int) + (x * x + 3 * y) % 17 - 8, 0, 255).astype(np.uint8)
 *   y, x, c = np.mgrid[0:16, 0:20, 0:3]
 *   a2 = ((x * 11 + y * 5 + c * 50) % 256).astype(np.uint8)
 *   b2 = (a2 ^ ((x + 2 * y + c) & 7)).astype(np.uint8)
 *   y, x = np.mgrid[0:13, 0:17]
 *   a3 = ((x * 3001 + y * 7919) % 65536).astype(np.uint16)
 *   b3 = ((a3.astype(np.int64) * 3 + x * y * 101) % 65536).astype(np.uint16)
 *   y, x = np.mgrid[0:12, 0:15]
 *   a4 = ((x * 2521 + y * 4099) % 65536 - 32768).astype(np.int16)
 *   b4 = np.clip(a4.astype(int) // 2 + (x - y) * 100, -32768, 32767).astype(np.int16)
 *   a5 = np.full((11, 11), 100, np.uint8); b5 = np.full((11, 11), 150, np.uint8)
 *   kw = dict(gaussian_weights=True, sigma=1.5, use_sample_covariance=False)
 *   print("%.17g" % ssim(a1, b1, data_range=255, **kw))                   # 0.98768544989157503
 *   print("%.17g" % ssim(a2, b2, data_range=255, channel_axis=-1, **kw))  # 0.9906348386259517
 *   print("%.17g" % ssim(a3, b3, data_range=65535, **kw))                 # 0.2538871078232986
 *   print("%.17g" % ssim(a4, b4, data_range=65535, **kw))                 # 0.66990425296625911
 *   print("%.17g" % ssim(a5, b5, data_range=255, **kw))                   # 0.92309231053079299
 *   print("%.17g" % ssim(a1, a1, data_range=255, **kw))                   # 1
 *
 * The same script recomputed the SSIM formula with scipy.ndimage.gaussian_filter (σ = 1.5,
 * truncate = 3.5) in modes reflect, constant, wrap, nearest and mirror, cropped 5 pixels per
 * border: pairs 1, 3 and 4 gave bit-identical results in all five modes, confirming that the
 * border mode cannot matter after the crop.
 */

static DkgImage *
new_image (guint w, guint h, guint c, guint bits, gboolean is_signed)
{
  g_autoptr(GError) error = NULL;
  DkgImage *image = dkg_image_new (w, h, c, bits, is_signed, &error);

  g_assert_no_error (error);
  return image;
}

static int
pymod (int a, int m)
{
  return ((a % m) + m) % m;
}

/* Python's // on integers: floor division. */
static int
pyfloordiv (int a, int b)
{
  int q = a / b;

  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

static double
ssim_of (const DkgImage *a, const DkgImage *b)
{
  g_autoptr(GError) error = NULL;
  double per[4], mean;

  g_assert_true (dkg_similarity_ssim (a->data, b->data, a->width, a->height, a->channels,
                                      a->bit_depth, a->is_signed, per, &mean, &error));
  g_assert_no_error (error);
  return mean;
}

static void
check_ssim (const DkgImage *a, const DkgImage *b, double expected, const char *what)
{
  double s = ssim_of (a, b);

  g_test_message ("%s: SSIM %.17g, scikit-image %.17g, diff %.3g", what, s, expected,
                  fabs (s - expected));
  g_assert_cmpfloat (fabs (s - expected), <, 1e-9);
}

static void
test_ssim_skimage (void)
{
  g_autoptr(DkgImage) a1 = new_image (32, 24, 1, 8, FALSE);
  g_autoptr(DkgImage) b1 = new_image (32, 24, 1, 8, FALSE);
  g_autoptr(DkgImage) a2 = new_image (20, 16, 3, 8, FALSE);
  g_autoptr(DkgImage) b2 = new_image (20, 16, 3, 8, FALSE);
  g_autoptr(DkgImage) a3 = new_image (17, 13, 1, 16, FALSE);
  g_autoptr(DkgImage) b3 = new_image (17, 13, 1, 16, FALSE);
  g_autoptr(DkgImage) a4 = new_image (15, 12, 1, 16, TRUE);
  g_autoptr(DkgImage) b4 = new_image (15, 12, 1, 16, TRUE);
  g_autoptr(DkgImage) a5 = new_image (11, 11, 1, 8, FALSE);
  g_autoptr(DkgImage) b5 = new_image (11, 11, 1, 8, FALSE);

  for (int y = 0; y < 24; y++)
    for (int x = 0; x < 32; x++)
      {
        int a = (x * 7 + y * 13) % 256;

        a1->data[y * 32 + x] = (guint8) a;
        b1->data[y * 32 + x] = (guint8) CLAMP (a + (x * x + 3 * y) % 17 - 8, 0, 255);
      }
  for (int y = 0; y < 16; y++)
    for (int x = 0; x < 20; x++)
      for (int c = 0; c < 3; c++)
        {
          int a = (x * 11 + y * 5 + c * 50) % 256, i = (y * 20 + x) * 3 + c;

          a2->data[i] = (guint8) a;
          b2->data[i] = (guint8) (a ^ ((x + 2 * y + c) & 7));
        }
  for (int y = 0; y < 13; y++)
    for (int x = 0; x < 17; x++)
      {
        gint64 a = (x * 3001 + y * 7919) % 65536;

        ((guint16 *) a3->data)[y * 17 + x] = (guint16) a;
        ((guint16 *) b3->data)[y * 17 + x] = (guint16) ((a * 3 + x * y * 101) % 65536);
      }
  for (int y = 0; y < 12; y++)
    for (int x = 0; x < 15; x++)
      {
        int a = pymod (x * 2521 + y * 4099, 65536) - 32768;

        ((gint16 *) a4->data)[y * 15 + x] = (gint16) a;
        ((gint16 *) b4->data)[y * 15 + x] =
          (gint16) CLAMP (pyfloordiv (a, 2) + (x - y) * 100, -32768, 32767);
      }
  memset (a5->data, 100, 121);
  memset (b5->data, 150, 121);

  check_ssim (a1, b1, 0.98768544989157503, "8-bit grey 32x24");
  check_ssim (a2, b2, 0.9906348386259517, "8-bit RGB 20x16");
  check_ssim (a3, b3, 0.2538871078232986, "16-bit 17x13");
  check_ssim (a4, b4, 0.66990425296625911, "signed 16-bit 15x12");
  check_ssim (a5, b5, 0.92309231053079299, "constant 100 vs 150, 11x11");
  /* By hand: constant images have σ = 0, so SSIM is the luminance term alone,
   * (2·100·150 + C1)/(100² + 150² + C1), C1 = (0.01·255)². */
  g_assert_cmpfloat_with_epsilon (ssim_of (a5, b5), (30000 + 6.5025) / (32500 + 6.5025), 1e-15);
  g_assert_cmpfloat (ssim_of (a1, a1), ==, 1.0);
}

/* Identical images give 1 exactly in every format, random content included. */
static void
test_ssim_identical (void)
{
  const struct { guint w, h, c, bits; gboolean is_signed; } fmt[] = {
    { 64, 40, 1, 8, FALSE }, { 33, 21, 3, 8, FALSE }, { 50, 12, 1, 16, FALSE },
    { 11, 11, 4, 16, TRUE },
  };
  g_autoptr(DkgRand) r = dkg_rand_new_seeded (77);

  for (guint f = 0; f < G_N_ELEMENTS (fmt); f++)
    {
      g_autoptr(DkgImage) a = new_image (fmt[f].w, fmt[f].h, fmt[f].c, fmt[f].bits,
                                         fmt[f].is_signed);
      g_autoptr(DkgImage) b = NULL;
      double per[4];

      dkg_rand_bytes (r, a->data, dkg_image_n_bytes (a));
      b = dkg_image_copy (a);
      g_assert_true (dkg_similarity_ssim (a->data, b->data, a->width, a->height, a->channels,
                                          a->bit_depth, a->is_signed, per, NULL, NULL));
      for (guint c = 0; c < fmt[f].c; c++)
        g_assert_cmpfloat (per[c], ==, 1.0);
      g_assert_cmpfloat (ssim_of (a, b), ==, 1.0);
    }
}

/* Uncorrelated random images have SSIM ≈ 0; SSIM is symmetric. */
static void
test_ssim_random (void)
{
  g_autoptr(DkgImage) a = new_image (128, 96, 1, 8, FALSE);
  g_autoptr(DkgImage) b = new_image (128, 96, 1, 8, FALSE);
  g_autoptr(DkgRand) r = dkg_rand_new_seeded (5);
  double s;

  dkg_rand_bytes (r, a->data, 128 * 96);
  dkg_rand_bytes (r, b->data, 128 * 96);
  s = ssim_of (a, b);
  g_assert_cmpfloat (fabs (s), <, 0.05);
  g_assert_cmpfloat_with_epsilon (ssim_of (b, a), s, 1e-15);
}

/* MSE (Eq. 13) and PSNR by hand: a = 0 10 20 255, b = 0 20 10 0: Σd² = 0 + 100 + 100 + 65025
 * → MSE = 16306.25, PSNR = 10·log₁₀(255²/16306.25) = 6.007262644236 dB (python3 math.log10);
 * identical → MSE 0, PSNR +∞. */
static void
test_similarity_mse_psnr (void)
{
  const guint8 a[4] = { 0, 10, 20, 255 }, b[4] = { 0, 20, 10, 0 };
  const guint16 u[3] = { 0, 65535, 100 }, v[3] = { 65535, 65535, 101 };
  DkgSimilarity s;

  dkg_similarity_compute (a, b, 2, 2, 1, 8, FALSE, &s);
  g_assert_cmpfloat (s.mse[0], ==, 16306.25);
  g_assert_cmpfloat (s.mse_all, ==, 16306.25);
  g_assert_cmpfloat_with_epsilon (s.psnr[0], 10 * log10 (65025 / 16306.25), 1e-12);
  g_assert_cmpfloat (fabs (s.psnr[0] - 6.007262644236), <, 1e-11);
  g_assert_false (s.ssim_defined);
  g_assert_true (isnan (s.ssim_mean));

  dkg_similarity_compute (a, a, 2, 2, 1, 8, FALSE, &s);
  g_assert_cmpfloat (s.mse[0], ==, 0.0);
  g_assert_true (isinf (s.psnr[0]) && s.psnr[0] > 0);
  g_assert_true (isinf (dkg_similarity_psnr (0, 255)));

  /* 16-bit, L = 65535: Σd² = 65535² + 0 + 1. */
  dkg_similarity_compute (u, v, 3, 1, 1, 16, FALSE, &s);
  g_assert_cmpfloat (s.peak, ==, 65535.0);
  g_assert_cmpfloat (s.mse[0], ==, (65535.0 * 65535.0 + 1) / 3);
}

/* RGB: per-channel MSE and the pooled MSE, SSIM averaged over the channels. */
static void
test_similarity_rgb (void)
{
  g_autoptr(DkgImage) a = new_image (16, 16, 3, 8, FALSE);
  g_autoptr(DkgImage) b = new_image (16, 16, 3, 8, FALSE);
  g_autoptr(DkgImage) small = new_image (16, 10, 3, 8, FALSE);
  g_autoptr(GError) error = NULL;
  DkgSimilarity s;

  for (guint i = 0; i < 256; i++)
    {
      a->data[3 * i] = b->data[3 * i] = (guint8) i;
      a->data[3 * i + 1] = (guint8) i;
      b->data[3 * i + 1] = (guint8) (i ^ 1);
      a->data[3 * i + 2] = 10;
      b->data[3 * i + 2] = 13;
    }
  g_assert_true (dkg_similarity_compute_images (a, b, &s, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (s.mse[0], ==, 0.0);
  g_assert_cmpfloat (s.mse[1], ==, 1.0);
  g_assert_cmpfloat (s.mse[2], ==, 9.0);
  g_assert_cmpfloat_with_epsilon (s.mse_all, 10.0 / 3, 1e-15);
  g_assert_true (s.ssim_defined);
  g_assert_cmpfloat (s.ssim[0], ==, 1.0);
  g_assert_cmpfloat_with_epsilon (s.ssim_mean, (s.ssim[0] + s.ssim[1] + s.ssim[2]) / 3, 1e-15);
  /* Channel 2: constants 10 and 13, luminance term only. */
  g_assert_cmpfloat_with_epsilon (s.ssim[2], (2.0 * 10 * 13 + 6.5025) / (100 + 169 + 6.5025),
                                  1e-13);

  g_assert_false (dkg_similarity_compute_images (a, small, &s, &error));
  g_assert_error (error, DKG_ERROR, DKG_ERROR_SHAPE);
  g_clear_error (&error);
  g_assert_false (dkg_similarity_ssim (small->data, small->data, 16, 10, 3, 8, FALSE, NULL, NULL,
                                       &error));
  g_assert_error (error, DKG_ERROR, DKG_ERROR_NOT_APPLICABLE);
}

int
main (int argc, char **argv)
{
  dkg_test_init (&argc, &argv);

  g_test_add_func ("/core/similarity/ssim-skimage", test_ssim_skimage);
  g_test_add_func ("/core/similarity/ssim-identical", test_ssim_identical);
  g_test_add_func ("/core/similarity/ssim-random", test_ssim_random);
  g_test_add_func ("/core/similarity/mse-psnr", test_similarity_mse_psnr);
  g_test_add_func ("/core/similarity/rgb", test_similarity_rgb);

  return g_test_run ();
}
