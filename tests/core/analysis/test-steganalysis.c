/* test-steganalysis.c — the chi-square attack (Westfeld & Pfitzmann, 1999) on LSB embedding
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "dkg-steganalysis.h"
#include "dkg-lsb-stego.h"
#include "dkg-error.h"
#include "dkg-rand.h"
#include "dkg-test-util.h"

static DkgImage *
load_sample (const char *relative)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = dkg_test_source_path (relative);
  DkgImage *im = dkg_image_load (path, NULL, &error);

  g_assert_no_error (error);
  return im;
}

/* Replaces the LSBs of the first @fraction of the carrier samples with uniformly random bits:
 * an encrypted or compressed message, the model of the attack. */
static void
embed_random (DkgImage *im,
              double    fraction,
              guint64   seed)
{
  g_autoptr(DkgRand) r = dkg_rand_new_seeded (seed);
  guint64 n = (guint64) (fraction * (double) dkg_lsb_stego_n_carriers (im)), k = 0;

  for (gsize i = 0; k < n; i++)
    if (dkg_lsb_stego_is_carrier (im->channels, (guint) (i % im->channels)))
      {
        im->data[i] = (guint8) ((im->data[i] & 0xfe) | (dkg_rand_uint32 (r) & 1));
        k++;
      }
}

static DkgSteganalysis *
attack (const DkgImage *im)
{
  g_autoptr(GError) error = NULL;
  DkgSteganalysis *s = dkg_steganalysis_chi2_attack (im, DKG_STEGANALYSIS_DEFAULT_POINTS, &error);

  g_assert_no_error (error);
  g_assert_nonnull (s);
  g_assert_cmpuint (s->n_points, ==, DKG_STEGANALYSIS_DEFAULT_POINTS);
  g_assert_cmpfloat (s->points[s->n_points - 1].fraction, ==, 1.0);
  g_assert_cmpuint (s->points[s->n_points - 1].n_samples, ==, s->n_carriers);
  g_test_message ("p(10%%) = %.4g, p(50%%) = %.4g, p(100%%) = %.4g, embedded ≈ %.0f%%, %s",
                  s->points[9].p_value, s->points[49].p_value, s->p_full,
                  100 * s->embedded_fraction, s->detected ? "detected" : "not detected");
  return s;
}

/* Hand-computed: pairs (10, 30) and (20, 20): χ² = (10 − 20)²/20 + 0 = 5 with 1 degree of
 * freedom, p = erfc(√2.5) = 0.0253473; equal pairs give χ² = 0, p = 1; pairs with an expected
 * count below 5 are not categories. */
static void
test_pairs_known (void)
{
  guint64 counts[256] = { 0 };
  double chi2, p;
  guint df;

  counts[0] = 10;
  counts[1] = 30;
  counts[2] = 20;
  counts[3] = 20;
  counts[100] = 9;     /* expected 4.5 < 5: ignored */
  p = dkg_steganalysis_pairs_test (counts, &chi2, &df);
  g_assert_cmpfloat_with_epsilon (chi2, 5.0, 1e-12);
  g_assert_cmpuint (df, ==, 1);
  g_assert_cmpfloat_with_epsilon (p, erfc (sqrt (2.5)), 1e-12);
  g_assert_cmpfloat_with_epsilon (p, 0.0253473, 1e-7);

  counts[1] = 10;
  p = dkg_steganalysis_pairs_test (counts, &chi2, &df);
  g_assert_cmpfloat (chi2, ==, 0.0);
  g_assert_cmpfloat (p, ==, 1.0);

  /* One category only: not applicable. */
  memset (counts, 0, sizeof counts);
  counts[0] = 1000;
  p = dkg_steganalysis_pairs_test (counts, &chi2, &df);
  g_assert_true (isnan (p) && isnan (chi2));
  g_assert_cmpuint (df, ==, 0);
}

/* Full-capacity embedding of a random (encrypted) message in the shipped natural image:
 * p ≈ 1 all along the curve. */
static void
test_detects_full_capacity (void)
{
  g_autoptr(DkgImage) im = load_sample ("data/samples/colin27_ch2_axial_z090_8bit.png");
  g_autoptr(DkgSteganalysis) s = NULL;

  embed_random (im, 1.0, 11);
  s = attack (im);
  g_assert_true (s->detected);
  g_assert_cmpfloat (s->embedded_fraction, ==, 1.0);
  g_assert_cmpfloat (s->p_full, >, 0.99);
  for (guint i = 19; i < s->n_points; i++)
    g_assert_cmpfloat (s->points[i].p_value, >, 0.9);
}

/* Full-capacity embedding of plain ASCII text through dkg_lsb_stego_embed() is detected too:
 * its bits are not uniform (bit 7 is always 0), which weakens the equalisation over the whole
 * image (p at 100 % may drop) but p stays high over much of the curve. */
static void
test_detects_full_capacity_text (void)
{
  g_autoptr(DkgImage) im = load_sample ("data/samples/colin27_ch2_axial_z090_8bit.png");
  g_autoptr(DkgRand) r = dkg_rand_new_seeded (12);
  g_autoptr(DkgSteganalysis) s = NULL;
  g_autoptr(GError) error = NULL;
  guint64 cap = dkg_lsb_stego_capacity (im);
  g_autofree char *text = g_malloc (cap + 1);

  for (guint64 i = 0; i < cap; i++)
    text[i] = (char) (' ' + dkg_rand_below (r, 95));
  text[cap] = '\0';
  g_assert_true (dkg_lsb_stego_embed (im, text, -1, &error));
  g_assert_no_error (error);
  s = attack (im);
  g_assert_true (s->detected);
  g_assert_cmpfloat (s->embedded_fraction, >=, 0.5);
  g_assert_cmpfloat (s->points[29].p_value, >, 0.9);
}

/* A message in the first quarter: p ≈ 1 at the start, ≈ 0 over the whole image, and the
 * estimated share lies near 25 %. */
static void
test_partial (void)
{
  g_autoptr(DkgImage) im = load_sample ("data/samples/colin27_ch2_axial_z090_8bit.png");
  g_autoptr(DkgSteganalysis) s = NULL;

  embed_random (im, 0.25, 13);
  s = attack (im);
  g_assert_true (s->detected);
  g_assert_cmpfloat (s->embedded_fraction, >=, 0.2);
  g_assert_cmpfloat (s->embedded_fraction, <=, 0.45);
  g_assert_cmpfloat (s->points[14].p_value, >, 0.9);
  g_assert_cmpfloat (s->p_full, <, 0.01);
}

/* The clean natural images are not flagged: p ≈ 0 wherever the test applies. */
static void
test_clean (void)
{
  const char *samples[] = {
    "data/samples/colin27_ch2_axial_z090_8bit.png", "data/samples/SC_rgb_jpeg_dcmd.dcm",
  };

  for (guint k = 0; k < G_N_ELEMENTS (samples); k++)
    {
      g_autoptr(DkgImage) im = load_sample (samples[k]);
      g_autoptr(DkgSteganalysis) s = attack (im);
      guint applicable = 0;

      g_assert_false (s->detected);
      g_assert_cmpfloat (s->embedded_fraction, ==, 0.0);
      g_assert_cmpfloat (s->p_full, <, 1e-6);
      for (guint i = 0; i < s->n_points; i++)
        if (!isnan (s->points[i].p_value))
          {
            g_assert_cmpfloat (s->points[i].p_value, <, 0.01);
            applicable++;
          }
      g_assert_cmpuint (applicable, >=, 90);
    }
}

/* Alpha is not a carrier: an RGBA image with constant alpha is analysed on its colour samples
 * only, in embedding order. */
static void
test_rgba (void)
{
  g_autoptr(DkgImage) rgb = load_sample ("data/samples/SC_rgb_jpeg_dcmd.dcm");
  g_autoptr(GError) error = NULL;
  g_autoptr(DkgImage) rgba = dkg_image_new (rgb->width, rgb->height, 4, 8, FALSE, &error);
  g_autoptr(DkgSteganalysis) clean = NULL;
  g_autoptr(DkgSteganalysis) s = NULL;

  g_assert_no_error (error);
  for (gsize p = 0; p < (gsize) rgb->width * rgb->height; p++)
    {
      memcpy (rgba->data + 4 * p, rgb->data + 3 * p, 3);
      rgba->data[4 * p + 3] = 0xff;
    }
  clean = attack (rgba);
  g_assert_false (clean->detected);
  g_assert_cmpuint (clean->n_carriers, ==, (guint64) rgb->width * rgb->height * 3);
  embed_random (rgba, 1.0, 14);
  s = attack (rgba);
  g_assert_true (s->detected);
  g_assert_cmpfloat (s->embedded_fraction, ==, 1.0);
  g_assert_cmpfloat (s->p_full, >, 0.5);
}

static void
test_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DkgImage) im16 = dkg_image_new (16, 16, 1, 16, FALSE, &error);
  g_autoptr(DkgImage) im8 = dkg_image_new (16, 16, 1, 8, FALSE, &error);

  g_assert_null (dkg_steganalysis_chi2_attack (im16, 100, &error));
  g_assert_error (error, DKG_ERROR, DKG_ERROR_UNSUPPORTED);
  g_clear_error (&error);
  g_assert_null (dkg_steganalysis_chi2_attack (im8, 0, &error));
  g_assert_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (dkg_steganalysis_chi2_attack (im8, DKG_STEGANALYSIS_MAX_POINTS + 1, &error));
  g_assert_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* More points than samples: the early points are empty and not applicable. */
  {
    g_autoptr(DkgSteganalysis) s = dkg_steganalysis_chi2_attack (im8, 1000, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (s->points[0].n_samples, ==, 0);
    g_assert_true (isnan (s->points[0].p_value));
    g_assert_true (isnan (s->p_full));       /* all zeros: one category */
    g_assert_false (s->detected);
  }
}

int
main (int argc, char **argv)
{
  dkg_test_init (&argc, &argv);
  g_test_add_func ("/core/steganalysis/pairs-known", test_pairs_known);
  g_test_add_func ("/core/steganalysis/detects-full-capacity", test_detects_full_capacity);
  g_test_add_func ("/core/steganalysis/detects-full-capacity-text",
                   test_detects_full_capacity_text);
  g_test_add_func ("/core/steganalysis/partial", test_partial);
  g_test_add_func ("/core/steganalysis/clean", test_clean);
  g_test_add_func ("/core/steganalysis/rgba", test_rgba);
  g_test_add_func ("/core/steganalysis/errors", test_errors);
  return g_test_run ();
}
