/* test-differential.c — NPCR/UACI and their critical values (docs/SPECIFICATION.md §6.3, §6.6)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "dkg-differential.h"
#include "dkg-error.h"
#include "dkg-rand.h"
#include "dkg-test-util.h"

static DkgImage *
new_image (guint w, guint h, guint c, guint bits, gboolean is_signed)
{
  g_autoptr(GError) error = NULL;
  DkgImage *image = dkg_image_new (w, h, c, bits, is_signed, &error);

  g_assert_no_error (error);
  return image;
}

/* docs/SPECIFICATION.md §6.3, 256×256 8-bit at α = 0.05: μ_N = 99.6094 %, N* = 99.5693 %,
 * μ_U = 33.4635 %, (U*−, U*+) = (33.2824 %, 33.6447 %) to 4 decimals. More digits from
 * scipy 1.10.1 (norm.ppf) with the same formulas: N* = 99.5692959502256,
 * U* = (33.282376385935464, 33.64470694739787). */
static void
test_differential_critical_256 (void)
{
  DkgDifferentialCritical c;

  dkg_differential_critical (256 * 256, 8, 0.05, &c);
  g_test_message ("muN %.10f N* %.10f muU %.10f U (%.10f, %.10f)", c.npcr_mu, c.npcr_critical,
                  c.uaci_mu, c.uaci_low, c.uaci_high);
  g_assert_cmpfloat (c.npcr_mu, ==, 99.609375);
  g_assert_cmpfloat (fabs (c.npcr_critical - 99.5693), <, 5e-5);
  g_assert_cmpfloat (fabs (c.uaci_mu - 33.4635), <, 5e-5);
  g_assert_cmpfloat (fabs (c.uaci_low - 33.2824), <, 5e-5);
  g_assert_cmpfloat (fabs (c.uaci_high - 33.6447), <, 5e-5);
  g_assert_cmpfloat (fabs (c.npcr_critical - 99.5692959502256), <, 1e-10);
  g_assert_cmpfloat (fabs (c.uaci_low - 33.282376385935464), <, 1e-10);
  g_assert_cmpfloat (fabs (c.uaci_high - 33.64470694739787), <, 1e-10);

  /* Stricter α: lower N*, wider UACI interval. */
  {
    DkgDifferentialCritical c01, c001;

    dkg_differential_critical (256 * 256, 8, 0.01, &c01);
    dkg_differential_critical (256 * 256, 8, 0.001, &c001);
    g_assert_cmpfloat (c001.npcr_critical, <, c01.npcr_critical);
    g_assert_cmpfloat (c01.npcr_critical, <, c.npcr_critical);
    g_assert_cmpfloat (c001.uaci_low, <, c01.uaci_low);
    g_assert_cmpfloat (c001.uaci_high, >, c01.uaci_high);
  }
}

/* 16 bits, F = 65535: μ_N = F/(F + 1), μ_U = (F + 2)/(3F + 3); σ from the formulas. */
static void
test_differential_critical_16bit (void)
{
  DkgDifferentialCritical c;
  double F = 65535, MN = 512.0 * 512;

  dkg_differential_critical (512 * 512, 16, 0.01, &c);
  g_assert_cmpfloat_with_epsilon (c.npcr_mu, 100 * F / (F + 1), 1e-12);
  g_assert_cmpfloat_with_epsilon (c.uaci_mu, 100 * (F + 2) / (3 * F + 3), 1e-12);
  g_assert_cmpfloat_with_epsilon (c.npcr_sigma, 100 * sqrt (F / ((F + 1) * (F + 1) * MN)),
                                  1e-15);
  g_assert_cmpfloat_with_epsilon (c.npcr_critical, c.npcr_mu - 2.3263478740408408 * c.npcr_sigma,
                                  1e-9);
  g_assert_cmpfloat_with_epsilon (c.uaci_high, c.uaci_mu + 2.5758293035489004 * c.uaci_sigma,
                                  1e-9);
}

/* 2×2 by hand: a = 0 10 20 255, b = 0 20 10 0: three pixels differ → NPCR 75 %;
 * Σ|a − b| = 0 + 10 + 10 + 255 = 275 → UACI = 275/(255·4) = 26.96078431372549 %. */
static void
test_differential_hand (void)
{
  const guint8 a[4] = { 0, 10, 20, 255 }, b[4] = { 0, 20, 10, 0 };
  DkgDifferential d;

  dkg_differential_compute (a, b, 2, 2, 1, 8, FALSE, &d);
  g_assert_cmpfloat (d.channel[0].npcr, ==, 75.0);
  g_assert_cmpfloat_with_epsilon (d.channel[0].uaci, 27500.0 / 1020.0, 1e-12);
  g_assert_cmpfloat (d.all.npcr, ==, 75.0);
  g_assert_cmpuint (d.all.n_samples, ==, 4);
  /* With 4 samples σ_N = 100·√255/(256·2) = 3.12 %, so N* ≤ 99.61 − 1.645·3.12 = 94.48 % and
   * 75 % fails; σ_U is as wide, so 26.96 % is inside the UACI interval at every α. */
  for (guint i = 0; i < DKG_ANALYSIS_N_ALPHAS; i++)
    {
      g_assert_false (d.channel[0].npcr_pass[i]);
      g_assert_true (d.channel[0].uaci_pass[i]);
      g_assert_cmpfloat (d.channel[0].critical[i].npcr_critical, <, 94.48);
    }

  dkg_differential_compute (a, a, 2, 2, 1, 8, FALSE, &d);
  g_assert_cmpfloat (d.channel[0].npcr, ==, 0.0);
  g_assert_cmpfloat (d.channel[0].uaci, ==, 0.0);
}

/* 16-bit extremes: 0 vs 65535 → 100 %, 100 %; signed −32768 vs 32767 likewise; signed −1 vs
 * 0 differs by one level → UACI = 100/65535 %. */
static void
test_differential_16bit (void)
{
  const guint16 u0[2] = { 0, 0 }, u1[2] = { 65535, 65535 };
  const gint16 s0[2] = { -32768, -1 }, s1[2] = { 32767, 0 };
  DkgDifferential d;

  dkg_differential_compute (u0, u1, 2, 1, 1, 16, FALSE, &d);
  g_assert_cmpfloat (d.channel[0].npcr, ==, 100.0);
  g_assert_cmpfloat (d.channel[0].uaci, ==, 100.0);
  dkg_differential_compute (s0, s1, 1, 1, 1, 16, TRUE, &d);
  g_assert_cmpfloat (d.channel[0].uaci, ==, 100.0);
  dkg_differential_compute (s0 + 1, s1 + 1, 1, 1, 1, 16, TRUE, &d);
  g_assert_cmpfloat (d.channel[0].npcr, ==, 100.0);
  g_assert_cmpfloat_with_epsilon (d.channel[0].uaci, 100.0 / 65535, 1e-15);
}

/* RGB: red identical, green +1 everywhere, blue 0 vs 255. Per channel NPCR 0, 100, 100 %;
 * UACI 0, 100/255, 100 %; pooled NPCR 200/3 %, UACI (0 + 100/255 + 100)/3 %. */
static void
test_differential_rgb (void)
{
  g_autoptr(DkgImage) a = new_image (7, 5, 3, 8, FALSE);
  g_autoptr(DkgImage) b = new_image (7, 5, 3, 8, FALSE);
  g_autoptr(GError) error = NULL;
  DkgDifferential d;

  for (guint i = 0; i < 35; i++)
    {
      a->data[3 * i] = b->data[3 * i] = (guint8) (i * 5);
      a->data[3 * i + 1] = (guint8) i;
      b->data[3 * i + 1] = (guint8) (i + 1);
      a->data[3 * i + 2] = 0;
      b->data[3 * i + 2] = 255;
    }
  g_assert_true (dkg_differential_compute_images (a, b, &d, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (d.channel[0].npcr, ==, 0.0);
  g_assert_cmpfloat (d.channel[1].npcr, ==, 100.0);
  g_assert_cmpfloat (d.channel[2].npcr, ==, 100.0);
  g_assert_cmpfloat (d.channel[0].uaci, ==, 0.0);
  g_assert_cmpfloat_with_epsilon (d.channel[1].uaci, 100.0 / 255, 1e-13);
  g_assert_cmpfloat (d.channel[2].uaci, ==, 100.0);
  g_assert_cmpfloat_with_epsilon (d.all.npcr, 200.0 / 3, 1e-12);
  g_assert_cmpfloat_with_epsilon (d.all.uaci, (100.0 / 255 + 100) / 3, 1e-12);
  g_assert_cmpuint (d.channel[0].n_samples, ==, 35);
  g_assert_cmpuint (d.all.n_samples, ==, 105);
  g_assert_cmpfloat (d.all.critical[0].npcr_sigma, <, d.channel[0].critical[0].npcr_sigma);
}

/* Two independent uniform random images pass every test; pass flags follow the thresholds. */
static void
test_differential_random (void)
{
  g_autoptr(DkgImage) a = new_image (256, 256, 1, 8, FALSE);
  g_autoptr(DkgImage) b = new_image (256, 256, 1, 8, FALSE);
  g_autoptr(DkgRand) r = dkg_rand_new_seeded (42);
  DkgDifferential d;

  dkg_rand_bytes (r, a->data, 65536);
  dkg_rand_bytes (r, b->data, 65536);
  g_assert_true (dkg_differential_compute_images (a, b, &d, NULL));
  g_test_message ("random: NPCR %.4f %% UACI %.4f %%", d.all.npcr, d.all.uaci);
  for (guint i = 0; i < DKG_ANALYSIS_N_ALPHAS; i++)
    {
      const DkgDifferentialCritical *c = &d.all.critical[i];

      g_assert_cmpfloat (c->alpha, ==, dkg_analysis_alpha (i));
      g_assert_true (d.all.npcr_pass[i] == (d.all.npcr >= c->npcr_critical));
      g_assert_true (d.all.uaci_pass[i] == (d.all.uaci >= c->uaci_low && d.all.uaci <= c->uaci_high));
      g_assert_true (d.all.npcr_pass[i]);
      g_assert_true (d.all.uaci_pass[i]);
    }
}

/* Key sensitivity (Table IV): +1 mod 2^bits on one sample, then NPCR/UACI of the two keys.
 * Here the "keys" are the seed and its perturbed copy: exactly one sample of n differs by 1. */
static void
test_differential_keys (void)
{
  g_autoptr(DkgImage) k1 = new_image (16, 16, 3, 8, FALSE);
  g_autoptr(DkgImage) k2 = NULL;
  g_autoptr(DkgImage) other = new_image (16, 8, 3, 8, FALSE);
  g_autoptr(DkgImage) w16 = new_image (2, 1, 1, 16, FALSE);
  g_autoptr(DkgImage) s16 = new_image (1, 1, 1, 16, TRUE);
  g_autoptr(GError) error = NULL;
  DkgDifferential d;

  memset (k1->data, 255, dkg_image_n_bytes (k1));
  k2 = dkg_image_copy (k1);
  g_assert_true (dkg_differential_perturb_sample (k2, 3, 4, 1, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (k2->data[(4 * 16 + 3) * 3 + 1], ==, 0);
  g_assert_true (dkg_differential_keys (k1, k2, &d, &error));
  g_assert_cmpfloat_with_epsilon (d.all.npcr, 100.0 / 768, 1e-13);
  g_assert_cmpfloat_with_epsilon (d.channel[1].npcr, 100.0 / 256, 1e-13);
  g_assert_cmpfloat_with_epsilon (d.channel[1].uaci, 100.0 / 256, 1e-13);
  g_assert_cmpfloat (d.channel[0].npcr, ==, 0.0);

  ((guint16 *) w16->data)[1] = 65535;
  g_assert_true (dkg_differential_perturb_sample (w16, 1, 0, 0, NULL));
  g_assert_cmpuint (((guint16 *) w16->data)[1], ==, 0);
  ((gint16 *) s16->data)[0] = 32767;
  g_assert_true (dkg_differential_perturb_sample (s16, 0, 0, 0, NULL));
  g_assert_cmpint (((gint16 *) s16->data)[0], ==, -32768);

  g_assert_false (dkg_differential_perturb_sample (k2, 16, 0, 0, &error));
  g_assert_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (dkg_differential_keys (k1, other, &d, &error));
  g_assert_error (error, DKG_ERROR, DKG_ERROR_SHAPE);
  g_clear_error (&error);
  g_assert_false (dkg_differential_compute_images (k1, other, &d, &error));
  g_assert_error (error, DKG_ERROR, DKG_ERROR_SHAPE);
}

int
main (int argc, char **argv)
{
  dkg_test_init (&argc, &argv);

  g_test_add_func ("/core/differential/critical-256", test_differential_critical_256);
  g_test_add_func ("/core/differential/critical-16bit", test_differential_critical_16bit);
  g_test_add_func ("/core/differential/hand", test_differential_hand);
  g_test_add_func ("/core/differential/16bit", test_differential_16bit);
  g_test_add_func ("/core/differential/rgb", test_differential_rgb);
  g_test_add_func ("/core/differential/random", test_differential_random);
  g_test_add_func ("/core/differential/keys", test_differential_keys);

  return g_test_run ();
}
