/* dkg-im2col.c — im2col / col2im over a band of output rows
 *
 * im (C, H, W) → col (C·K·K, NR·OW) with NR = oh1 − oh0 (see dkg-im2col.h), and back.
 * Reference: darknet src/im2col.c and src/col2im.c, restricted to a band of output rows so the
 * column buffer stays bounded for large images.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "dkg-im2col.h"

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
 * dkg_im2col:
 * @col: (out): (C·K·K, (oh1 − oh0)·OW) column matrix of the band
 * @im: (C, H, W) image
 *
 * col[(c·K + ki)·K + kj, (oh − oh0)·OW + ow] = im[c, oh·S − P + ki, ow·S − P + kj], zero where
 * the index falls in the padding. (darknet im2col_cpu)
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
              const float *src;

              if (ih < 0 || ih >= H)
                {
                  memset (d, 0, sizeof (float) * OW);
                  continue;
                }
              src = im + ((gsize) c * H + ih) * W;
              for (int ow = 0; ow < lo; ow++)
                d[ow] = 0.0f;
              if (S == 1)
                memcpy (d + lo, src + lo + (kj - P), sizeof (float) * (hi - lo));
              else
                for (int ow = lo; ow < hi; ow++)
                  d[ow] = src[ow * S + kj - P];
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
              const float *s = srcrow + (gsize) (oh - oh0) * OW;
              float *d;

              if (ih < 0 || ih >= H)
                continue;
              d = im + ((gsize) c * H + ih) * W;
              for (int ow = lo; ow < hi; ow++)
                d[ow * S + kj - P] += s[ow];
            }
        }
}
