/* test-correlation.c — adjacent-pixel correlation (docs/SPECIFICATION.md §6.4)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "dkg-correlation.h"
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

static double
sample_value (const DkgImage *img, guint x, guint y, guint c)
{
  gsize i = ((gsize) y * img->width + x) * img->channels + c;

  if (img->bit_depth == 8)
    return img->data[i];
  if (img->is_signed)
    return ((const gint16 *) img->data)[i];
  return ((const guint16 *) img->data)[i];
}

/* Reference: two-pass Pearson r in double straight from Eqs. 15–17. */
static double
naive_r (const DkgImage *img, guint c, DkgDirection d)
{
  guint dx = d == DKG_DIRECTION_VERTICAL ? 0 : 1, dy = d == DKG_DIRECTION_HORIZONTAL ? 0 : 1;
  double n = (double) (img->width - dx) * (img->height - dy), mx = 0, my = 0, sxy = 0, sxx = 0,
         syy = 0;

  for (guint y = 0; y + dy < img->height; y++)
    for (guint x = 0; x + dx < img->width; x++)
      {
        mx += sample_value (img, x, y, c);
        my += sample_value (img, x + dx, y + dy, c);
      }
  mx /= n;
  my /= n;
  for (guint y = 0; y + dy < img->height; y++)
    for (guint x = 0; x + dx < img->width; x++)
      {
        double u = sample_value (img, x, y, c) - mx, v = sample_value (img, x + dx, y + dy, c) - my;

        sxy += u * v;
        sxx += u * u;
        syy += v * v;
      }
  return sxy / sqrt (sxx * syy);
}

/* A constant image: r is undefined (zero variance), reported as NaN with defined = FALSE. */
static void
test_correlation_constant (void)
{
  g_autoptr(DkgImage) img = new_image (9, 6, 1, 8, FALSE);
  DkgCorrelation corr;

  memset (img->data, 77, 54);
  dkg_correlation_compute_image (img, &corr);
  for (guint d = 0; d < DKG_N_DIRECTIONS; d++)
    {
      g_assert_false (corr.value[0][d].defined);
      g_assert_true (isnan (corr.value[0][d].r));
    }
  g_assert_cmpuint (corr.value[0][DKG_DIRECTION_HORIZONTAL].n_pairs, ==, 6 * 8);
  g_assert_cmpuint (corr.value[0][DKG_DIRECTION_VERTICAL].n_pairs, ==, 9 * 5);
  g_assert_cmpuint (corr.value[0][DKG_DIRECTION_DIAGONAL].n_pairs, ==, 8 * 5);
}

/* Checkerboard 0/255: horizontal and vertical neighbours always differ → r = −1 exactly;
 * diagonal neighbours are equal → r = +1 exactly. Alternating rows: H +1, V −1, D −1. */
static void
test_correlation_checkerboard (void)
{
  g_autoptr(DkgImage) img = new_image (8, 7, 1, 8, FALSE);
  g_autoptr(DkgImage) rows = new_image (5, 6, 1, 16, FALSE);
  DkgCorrelation corr;

  for (guint y = 0; y < 7; y++)
    for (guint x = 0; x < 8; x++)
      img->data[y * 8 + x] = (x + y) % 2 ? 255 : 0;
  dkg_correlation_compute_image (img, &corr);
  g_assert_cmpfloat (corr.value[0][DKG_DIRECTION_HORIZONTAL].r, ==, -1.0);
  g_assert_cmpfloat (corr.value[0][DKG_DIRECTION_VERTICAL].r, ==, -1.0);
  g_assert_cmpfloat (corr.value[0][DKG_DIRECTION_DIAGONAL].r, ==, 1.0);

  for (guint y = 0; y < 6; y++)
    for (guint x = 0; x < 5; x++)
      ((guint16 *) rows->data)[y * 5 + x] = y % 2 ? 65535 : 0;
  dkg_correlation_compute_image (rows, &corr);
  g_assert_cmpfloat (corr.value[0][DKG_DIRECTION_VERTICAL].r, ==, -1.0);
  g_assert_cmpfloat (corr.value[0][DKG_DIRECTION_DIAGONAL].r, ==, -1.0);
  /* Horizontal pairs are equal in each row and the rows differ: r = +1. */
  g_assert_cmpfloat (corr.value[0][DKG_DIRECTION_HORIZONTAL].r, ==, 1.0);
}

/* Ramp v = 3x + 1: every direction pairs v with v + 3 or v itself → r = 1 exactly. */
static void
test_correlation_ramp (void)
{
  g_autoptr(DkgImage) img = new_image (16, 8, 1, 8, FALSE);
  DkgCorrelation corr;

  for (guint y = 0; y < 8; y++)
    for (guint x = 0; x < 16; x++)
      img->data[y * 16 + x] = (guint8) (3 * x + 1);
  dkg_correlation_compute_image (img, &corr);
  for (guint d = 0; d < DKG_N_DIRECTIONS; d++)
    g_assert_cmpfloat (corr.value[0][d].r, ==, 1.0);
}

/* 3×2 by hand: rows 1 2 4 / 3 5 9.
 * H pairs (1,2) (2,4) (3,5) (5,9): Σdxdy = 15, Σdx² = 8.75, Σdy² = 26 → r = 15/√227.5.
 * V pairs (1,3) (2,5) (4,9): y = 2x + 1 → r = 1. D pairs (1,5) (2,9): two points → r = 1. */
static void
test_correlation_hand (void)
{
  const guint8 px[6] = { 1, 2, 4, 3, 5, 9 };
  DkgCorrelation corr;

  dkg_correlation_compute (px, 3, 2, 1, 8, FALSE, &corr);
  g_assert_cmpfloat_with_epsilon (corr.value[0][DKG_DIRECTION_HORIZONTAL].r,
                                  15.0 / sqrt (227.5), 1e-15);
  g_assert_cmpfloat (corr.value[0][DKG_DIRECTION_VERTICAL].r, ==, 1.0);
  g_assert_cmpfloat (corr.value[0][DKG_DIRECTION_DIAGONAL].r, ==, 1.0);
  g_assert_cmpuint (corr.value[0][DKG_DIRECTION_DIAGONAL].n_pairs, ==, 2);

  /* One row: no vertical pairs, undefined. */
  dkg_correlation_compute (px, 6, 1, 1, 8, FALSE, &corr);
  g_assert_false (corr.value[0][DKG_DIRECTION_VERTICAL].defined);
  g_assert_cmpuint (corr.value[0][DKG_DIRECTION_VERTICAL].n_pairs, ==, 0);
  g_assert_true (corr.value[0][DKG_DIRECTION_HORIZONTAL].defined);
}

/* Smooth + noise images of every format against the two-pass reference, to 1e-12. The
 * 16-bit image sits near 65,000 with a small spread, where a naive one-pass floating
 * formula would cancel. */
static void
test_correlation_reference (void)
{
  const struct { guint c, bits; gboolean is_signed; } fmt[] = {
    { 1, 8, FALSE }, { 3, 8, FALSE }, { 1, 16, FALSE }, { 4, 16, FALSE }, { 2, 16, TRUE },
  };
  g_autoptr(DkgRand) r = dkg_rand_new_seeded (15);
  double maxdiff = 0;

  for (guint f = 0; f < G_N_ELEMENTS (fmt); f++)
    {
      g_autoptr(DkgImage) img = new_image (37, 23, fmt[f].c, fmt[f].bits, fmt[f].is_signed);
      DkgCorrelation corr;

      for (guint y = 0; y < 23; y++)
        for (guint x = 0; x < 37; x++)
          for (guint c = 0; c < fmt[f].c; c++)
            {
              gsize i = ((gsize) y * 37 + x) * fmt[f].c + c;
              guint noise = dkg_rand_below (r, 4 + 20 * c);

              if (fmt[f].bits == 8)
                img->data[i] = (guint8) ((x * 3 + y * 2 + noise) % 256);
              else if (fmt[f].is_signed)
                ((gint16 *) img->data)[i] = (gint16) (-30000 + 900 * x + 50 * y + (int) noise);
              else
                ((guint16 *) img->data)[i] = (guint16) (65000 + x + 2 * y + noise);
            }
      dkg_correlation_compute_image (img, &corr);
      for (guint c = 0; c < fmt[f].c; c++)
        for (guint d = 0; d < DKG_N_DIRECTIONS; d++)
          {
            double ref = naive_r (img, c, d);

            g_assert_true (corr.value[c][d].defined);
            maxdiff = MAX (maxdiff, fabs (corr.value[c][d].r - ref));
            g_assert_cmpfloat (fabs (corr.value[c][d].r - ref), <, 1e-12);
          }
    }
  g_test_message ("maxdiff against the two-pass reference: %.3g", maxdiff);
}

/* Signed samples give the same r as the same bits read as offset-binary unsigned levels. */
static void
test_correlation_signed_offset (void)
{
  g_autoptr(DkgImage) s = new_image (20, 10, 1, 16, TRUE);
  g_autoptr(DkgImage) u = new_image (20, 10, 1, 16, FALSE);
  g_autoptr(DkgRand) r = dkg_rand_new_seeded (3);
  DkgCorrelation cs, cu;

  dkg_rand_bytes (r, s->data, 400);
  for (guint i = 0; i < 200; i++)
    ((guint16 *) u->data)[i] = (guint16) (((gint16 *) s->data)[i] + 32768);
  dkg_correlation_compute_image (s, &cs);
  dkg_correlation_compute_image (u, &cu);
  for (guint d = 0; d < DKG_N_DIRECTIONS; d++)
    g_assert_cmpfloat (cs.value[0][d].r, ==, cu.value[0][d].r);
}

/* Sampled pairs: reproducible from the seed, inside the image, values read back correctly,
 * r equal to the exact r of the returned pairs. */
static void
test_correlation_sample (void)
{
  g_autoptr(DkgImage) img = new_image (64, 48, 3, 16, TRUE);
  g_autoptr(DkgRand) r = dkg_rand_new_seeded (8);
  g_autoptr(GError) error = NULL;

  dkg_rand_bytes (r, img->data, dkg_image_n_bytes (img));
  for (guint d = 0; d < DKG_N_DIRECTIONS; d++)
    {
      g_autoptr(DkgCorrelationSample) s1 = NULL, s2 = NULL;
      guint dx = d == DKG_DIRECTION_VERTICAL ? 0 : 1, dy = d == DKG_DIRECTION_HORIZONTAL ? 0 : 1;
      double mu = 0, mv = 0, suv = 0, suu = 0, svv = 0;

      s1 = dkg_correlation_sample_image (img, d, 2, 3000, 1234, &error);
      g_assert_no_error (error);
      s2 = dkg_correlation_sample_image (img, d, 2, 3000, 1234, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (s1->n_pairs, ==, 3000);
      g_assert_cmpmem (s1->x, 3000 * sizeof (guint), s2->x, 3000 * sizeof (guint));
      g_assert_cmpmem (s1->y, 3000 * sizeof (guint), s2->y, 3000 * sizeof (guint));
      for (guint i = 0; i < 3000; i++)
        {
          g_assert_cmpuint (s1->x[i] + dx, <, 64);
          g_assert_cmpuint (s1->y[i] + dy, <, 48);
          g_assert_cmpfloat (s1->u[i], ==, sample_value (img, s1->x[i], s1->y[i], 2));
          g_assert_cmpfloat (s1->v[i], ==, sample_value (img, s1->x[i] + dx, s1->y[i] + dy, 2));
          mu += s1->u[i];
          mv += s1->v[i];
        }
      mu /= 3000;
      mv /= 3000;
      for (guint i = 0; i < 3000; i++)
        {
          suv += (s1->u[i] - mu) * (s1->v[i] - mv);
          suu += (s1->u[i] - mu) * (s1->u[i] - mu);
          svv += (s1->v[i] - mv) * (s1->v[i] - mv);
        }
      g_assert_true (s1->value.defined);
      g_assert_cmpfloat (fabs (s1->value.r - suv / sqrt (suu * svv)), <, 1e-12);
      /* Random samples: |r| small (≈ N(0, 1/3000)). */
      g_assert_cmpfloat (fabs (s1->value.r), <, 0.1);
    }

  g_assert_null (dkg_correlation_sample_image (img, DKG_DIRECTION_HORIZONTAL, 0, 0, 1, &error));
  g_assert_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  {
    g_autoptr(DkgImage) column = new_image (1, 10, 1, 8, FALSE);

    g_assert_null (dkg_correlation_sample_image (column, DKG_DIRECTION_DIAGONAL, 0, 10, 1,
                                                 &error));
    g_assert_error (error, DKG_ERROR, DKG_ERROR_NOT_APPLICABLE);
  }
}

int
main (int argc, char **argv)
{
  dkg_test_init (&argc, &argv);

  g_test_add_func ("/core/correlation/constant", test_correlation_constant);
  g_test_add_func ("/core/correlation/checkerboard", test_correlation_checkerboard);
  g_test_add_func ("/core/correlation/ramp", test_correlation_ramp);
  g_test_add_func ("/core/correlation/hand", test_correlation_hand);
  g_test_add_func ("/core/correlation/reference", test_correlation_reference);
  g_test_add_func ("/core/correlation/signed-offset", test_correlation_signed_offset);
  g_test_add_func ("/core/correlation/sample", test_correlation_sample);

  return g_test_run ();
}
