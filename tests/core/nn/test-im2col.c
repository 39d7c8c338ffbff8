/* test-im2col.c — dkg-im2col.c against its definition, index by index, and col2im as its
 * adjoint (⟨im2col(x), y⟩ = ⟨x, col2im(y)⟩)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>

#include "dkg-rand.h"
#include "dkg-tensor.h"
#include "dkg-im2col.h"
#include "dkg-test-util.h"

/* col[(c·K + ki)·K + kj, (oh − oh0)·OW + ow] = im[c, oh·S − P + ki, ow·S − P + kj], 0 in the
 * padding: every entry, for strides 1, 2 and 3 (the vectorised paths and the general one),
 * whole images and bands. */
static void
check_case (int C, int H, int W, int K, int S, int P, int oh0, int oh1, DkgRand *r)
{
  int OW = (W + 2 * P - K) / S + 1, NR = oh1 - oh0;
  gsize n_col = (gsize) C * K * K * NR * OW, n_im = (gsize) C * H * W;
  float *im = dkg_alloc_floats (n_im), *col = dkg_alloc_floats (n_col);
  float *y = dkg_alloc_floats (n_col), *back = dkg_alloc_floats (n_im);
  double lhs = 0, rhs = 0;

  dkg_test_fill_uniform (r, im, n_im, -1, 1);
  dkg_im2col (col, im, C, H, W, K, S, P, OW, oh0, oh1);
  for (int c = 0; c < C; c++)
    for (int ki = 0; ki < K; ki++)
      for (int kj = 0; kj < K; kj++)
        for (int oh = oh0; oh < oh1; oh++)
          for (int ow = 0; ow < OW; ow++)
            {
              int iy = oh * S - P + ki, ix = ow * S - P + kj;
              float want = iy >= 0 && iy < H && ix >= 0 && ix < W ? im[((gsize) c * H + iy) * W + ix]
                                                                  : 0.0f;
              float got = col[((gsize) (c * K + ki) * K + kj) * NR * OW + (gsize) (oh - oh0) * OW + ow];
              if (got != want)
                g_error ("im2col C%d H%d W%d K%d S%d P%d band %d–%d: entry (%d,%d,%d,%d,%d) is %g, "
                         "not %g", C, H, W, K, S, P, oh0, oh1, c, ki, kj, oh, ow, got, want);
            }
  dkg_test_fill_uniform (r, y, n_col, -1, 1);
  for (gsize i = 0; i < n_im; i++)
    back[i] = 0;
  dkg_col2im (back, y, C, H, W, K, S, P, OW, oh0, oh1);
  for (gsize i = 0; i < n_col; i++)
    lhs += (double) col[i] * y[i];
  for (gsize i = 0; i < n_im; i++)
    rhs += (double) im[i] * back[i];
  g_assert_cmpfloat (fabs (lhs - rhs), <=, 1e-5 * (1 + fabs (lhs)));
  dkg_free_floats (im);
  dkg_free_floats (col);
  dkg_free_floats (y);
  dkg_free_floats (back);
}

static void
test_im2col_definition_and_adjoint (void)
{
  g_autoptr(DkgRand) r = dkg_rand_new_seeded (51);

  check_case (3, 9, 11, 3, 1, 1, 0, 9, r);     /* 3×3 same padding */
  check_case (2, 10, 13, 4, 2, 1, 0, 5, r);    /* PatchGAN's 4×4 stride 2 */
  check_case (2, 10, 13, 4, 2, 1, 2, 4, r);    /* a band of it */
  check_case (3, 12, 12, 7, 1, 3, 3, 8, r);    /* the generator's 7×7 */
  check_case (1, 11, 14, 3, 3, 0, 0, 3, r);    /* stride 3: the general path */
  check_case (2, 6, 5, 4, 1, 0, 0, 3, r);      /* no padding, output smaller */
}

/* The band size: at least one row, never more than the image's rows, enough for
 * DKG_IM2COL_MIN_COLUMNS GEMM columns when that fits, bounded by DKG_IM2COL_MAX_FLOATS. */
static void
test_im2col_band_rows (void)
{
  int rows;

  g_assert_cmpint (dkg_im2col_band_rows (1000, 1, 10), ==, 1);
  rows = dkg_im2col_band_rows (16 * 9 * 64, 64, 64);
  g_assert_cmpint (rows, >=, 1);
  g_assert_cmpint (rows, <=, 64);
  g_assert_cmpint (rows * 64, >=, MIN (DKG_IM2COL_MIN_COLUMNS, 64 * 64));
  rows = dkg_im2col_band_rows (DKG_IM2COL_MAX_FLOATS, 100, 100);
  g_assert_cmpint (rows, ==, 1);
  rows = dkg_im2col_band_rows (64 * 9 * 256, 256, 256);
  g_assert_cmpuint ((gsize) rows * 64 * 9 * 256, <=, DKG_IM2COL_MAX_FLOATS);
}

int
main (int argc, char **argv)
{
  dkg_test_init (&argc, &argv);
  g_test_add_func ("/core/im2col/definition-and-adjoint", test_im2col_definition_and_adjoint);
  g_test_add_func ("/core/im2col/band-rows", test_im2col_band_rows);
  return g_test_run ();
}
