/* dkg-im2col.c — im2col / col2im over a band of output rows
 *
 * im (C, H, W) → col (C·K·K, NR·OW) with NR = oh1 − oh0 (see dkg-im2col.h), and back.
 * Reference: darknet src/im2col.c and src/col2im.c, restricted to a band of output rows so the
 * column buffer stays bounded for large images.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "dkg-conv-private.h"
#include "dkg-im2col.h"
#include "dkg-simd-private.h"

/* First and one-past-last ow with 0 ≤ ow·S − P + kj < W, clamped to [0, OW]. */
static inline void
valid_ow_range (int W, int S, int P, int kj, int OW, int *lo, int *hi)
{
  int off = kj - P;       /* iw = ow·S + off */
  int a = 0, b;

  if (off < 0)
    a = (-off + S - 1) / S;
  /* ow·S + off ≤ W − 1  ⇔  ow ≤ (W − 1 − off) / S */
  if (W - 1 - off < 0)
    b = 0;
  else
    b = (W - 1 - off) / S + 1;
  if (a > OW)
    a = OW;
  if (b > OW)
    b = OW;
  if (b < a)
    b = a;
  *lo = a;
  *hi = b;
}

/**
 * dkg_im2col_band_rows:
 * @floats_per_row: column-buffer floats needed for one output row (C·K·K·OW)
 * @rows: output rows in all (OH)
 * @row_width: GEMM columns per output row (OW)
 *
 * Returns: how many output rows one band holds: enough for %DKG_IM2COL_MIN_COLUMNS GEMM
 * columns, else as many as fit in %DKG_IM2COL_BAND_FLOATS; never more than
 * %DKG_IM2COL_MAX_FLOATS worth (but at least 1) nor more than @rows.
 */
int
dkg_im2col_band_rows (gsize floats_per_row, int rows, int row_width)
{
  gsize r, rmin, rmax;

  if (floats_per_row == 0 || rows <= 1)
    return MAX (rows, 1);
  r = DKG_IM2COL_BAND_FLOATS / floats_per_row;
  rmin = (DKG_IM2COL_MIN_COLUMNS + (gsize) MAX (row_width, 1) - 1) / (gsize) MAX (row_width, 1);
  rmax = MAX (DKG_IM2COL_MAX_FLOATS / floats_per_row, 1);
  r = MAX (r, rmin);
  r = MIN (r, rmax);
  r = CLAMP (r, 1, (gsize) rows);
  return (int) r;
}

/**
 * _dkg_gather_row:
 *
 * d[ow] = row[ow·S + off] for ow in [lo, hi), every index inside the row; strides 1 and 2
 * vectorised.
 */
DKG_HOT void
_dkg_gather_row (float *d, const float *row, int S, int off, int lo, int hi)
{
  int ow = lo;

  if (S == 1)
    {
      memcpy (d + lo, row + lo + off, sizeof (float) * (hi - lo));
      return;
    }
  if (S == 2)
    {
      const DkgV16i even = { 0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30 };

      /* ow + 16 < hi keeps the second load (up to 2·ow + off + 31) inside the row */
      for (; ow + DKG_VL < hi; ow += DKG_VL)
        {
          const float *p = row + 2 * ow + off;

          DKG_STOREU (d + ow, __builtin_shuffle (DKG_LOADU (p), DKG_LOADU (p + DKG_VL), even));
        }
    }
  for (; ow < hi; ow++)
    d[ow] = row[ow * S + off];
}

/* row[ow·S + off] += s[ow] for ow in [lo, hi) */
DKG_HOT static void
scatter_add_row (float *row, const float *s, int S, int off, int lo, int hi)
{
  int ow = lo;

  if (S == 1)
    {
      float *d = row + off;

      for (; ow + DKG_VL <= hi; ow += DKG_VL)
        DKG_STOREU (d + ow, DKG_LOADU (d + ow) + DKG_LOADU (s + ow));
    }
  else if (S == 2)
    {
      const DkgV16i lo_mask = { 0, 16, 1, 16, 2, 16, 3, 16, 4, 16, 5, 16, 6, 16, 7, 16 };
      const DkgV16i hi_mask = { 8, 16, 9, 16, 10, 16, 11, 16, 12, 16, 13, 16, 14, 16, 15, 16 };
      const DkgV16 zero = { 0 };

      /* ow + 16 < hi keeps the second vector (up to 2·ow + off + 31) inside the row; its odd
       * lanes add zeros */
      for (; ow + DKG_VL < hi; ow += DKG_VL)
        {
          float *p = row + 2 * ow + off;
          DkgV16 x = DKG_LOADU (s + ow);

          DKG_STOREU (p, DKG_LOADU (p) + __builtin_shuffle (x, zero, lo_mask));
          DKG_STOREU (p + DKG_VL, DKG_LOADU (p + DKG_VL) + __builtin_shuffle (x, zero, hi_mask));
        }
    }
  for (; ow < hi; ow++)
    row[ow * S + off] += s[ow];
}

/**
 * dkg_im2col:
 * @col: (out): (C·K·K, (oh1 − oh0)·OW) column matrix of the band
 * @im: (C, H, W) image
 *
 * col[(c·K + ki)·K + kj, (oh − oh0)·OW + ow] = im[c, oh·S − P + ki, ow·S − P + kj], zero where
 * the index falls in the padding. (darknet im2col_cpu; strides 1 and 2 vectorised)
 */
void
dkg_im2col (float *col, const float *im, int C, int H, int W, int K, int S, int P, int OW,
            int oh0, int oh1)
{
  int NR = oh1 - oh0;
  gsize N = (gsize) NR * OW;

  for (int c = 0; c < C; c++)
    for (int ki = 0; ki < K; ki++)
      for (int kj = 0; kj < K; kj++)
        {
          float *dst = col + ((gsize) (c * K + ki) * K + kj) * N;
          int lo, hi;

          valid_ow_range (W, S, P, kj, OW, &lo, &hi);
          for (int oh = oh0; oh < oh1; oh++)
            {
              int ih = oh * S - P + ki;
              float *d = dst + (gsize) (oh - oh0) * OW;

              if (ih < 0 || ih >= H)
                {
                  memset (d, 0, sizeof (float) * OW);
                  continue;
                }
              for (int ow = 0; ow < lo; ow++)
                d[ow] = 0.0f;
              _dkg_gather_row (d, im + ((gsize) c * H + ih) * W, S, kj - P, lo, hi);
              for (int ow = hi; ow < OW; ow++)
                d[ow] = 0.0f;
            }
        }
}

/**
 * dkg_col2im:
 * @im: (inout): (C, H, W) image, accumulated into
 * @col: (C·K·K, (oh1 − oh0)·OW) column matrix of the band
 *
 * im[c, oh·S − P + ki, ow·S − P + kj] += col[(c·K + ki)·K + kj, (oh − oh0)·OW + ow] for every
 * index inside the image; the adjoint of dkg_im2col(). (darknet col2im_cpu)
 */
void
dkg_col2im (float *im, const float *col, int C, int H, int W, int K, int S, int P, int OW,
            int oh0, int oh1)
{
  int NR = oh1 - oh0;
  gsize N = (gsize) NR * OW;

  for (int c = 0; c < C; c++)
    for (int ki = 0; ki < K; ki++)
      for (int kj = 0; kj < K; kj++)
        {
          const float *srcrow = col + ((gsize) (c * K + ki) * K + kj) * N;
          int lo, hi;

          valid_ow_range (W, S, P, kj, OW, &lo, &hi);
          for (int oh = oh0; oh < oh1; oh++)
            {
              int ih = oh * S - P + ki;

              if (ih < 0 || ih >= H)
                continue;
              scatter_add_row (im + ((gsize) c * H + ih) * W, srcrow + (gsize) (oh - oh0) * OW, S,
                               kj - P, lo, hi);
            }
        }
}
