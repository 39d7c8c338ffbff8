/* dkg-conv-transpose2d.c — ConvTranspose2d forward and backward (col2im + sgemm)
 *
 * Shapes (NCHW, row-major):
 *   inp  (B, C, H, W)
 *   w    (C, OC, K, K)   = a (C, OCKK) matrix, OCKK = OC·K·K (PyTorch's layout)
 *   b    (OC) or NULL
 *   out  (B, OC, OH, OW)  OH = (H − 1)·S − 2P + K + OP, OW likewise
 *   col  (OCKK, NR·W)     a band of NR input rows, in the caller's scratch
 *
 * A transposed convolution is the adjoint (input gradient) of the Conv2d that maps
 * (OC, OH, OW) to (C, H, W) with the same K, S, P; so, per band of input rows,
 * forward:   col = wᵀ · inp[b] ;  out[b] = col2im(col) + b
 * backward:  col = im2col(dout[b]) ;  dinp[b] += w · col ;  dw += inp[b] · colᵀ ;
 *            db += Σ_{b, oh, ow} dout
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <cblas.h>
#include <string.h>

#include "dkg-conv-transpose2d.h"
#include "dkg-im2col.h"

/** dkg_conv_transpose2d_out_h: Returns: OH = (H − 1)·S − 2P + K + OP */
int
dkg_conv_transpose2d_out_h (const DkgConvTranspose2dShape *s)
{
  return (s->H - 1) * s->S - 2 * s->P + s->K + s->OP;
}

/** dkg_conv_transpose2d_out_w: Returns: OW = (W − 1)·S − 2P + K + OP */
int
dkg_conv_transpose2d_out_w (const DkgConvTranspose2dShape *s)
{
  return (s->W - 1) * s->S - 2 * s->P + s->K + s->OP;
}

static int
band_rows (const DkgConvTranspose2dShape *s)
{
  gsize ockk = (gsize) s->OC * s->K * s->K;

  return dkg_im2col_band_rows (ockk * (gsize) s->W, s->H, s->W);
}

/**
 * dkg_conv_transpose2d_scratch_floats:
 * @s: the shape
 *
 * Returns: floats of scratch that dkg_conv_transpose2d_forward() and
 * dkg_conv_transpose2d_backward() need: one column band (OC·K·K, NR·W), NR input rows chosen
 * to keep the band in cache and never above %DKG_IM2COL_MAX_FLOATS (32 MiB) unless one row
 * needs more. Independent of B.
 */
gsize
dkg_conv_transpose2d_scratch_floats (const DkgConvTranspose2dShape *s)
{
  g_return_val_if_fail (s != NULL, 0);
  return (gsize) s->OC * s->K * s->K * (gsize) band_rows (s) * (gsize) s->W;
}

/**
 * dkg_conv_transpose2d_forward:
 * @out: (out): (B, OC, OH, OW), overwritten
 * @inp: (B, C, H, W)
 * @w: (C, OC, K, K)
 * @b: (nullable): (OC)
 * @scratch: dkg_conv_transpose2d_scratch_floats() floats
 * @s: the shape
 *
 * PyTorch nn.ConvTranspose2d(C, OC, K, S, P, output_padding=OP):
 * out[b, oc, h·S − P + ki, w·S − P + kj] += inp[b, c, h, w] · w[c, oc, ki, kj] summed over
 * c, h, w, ki, kj (positions outside the output dropped), plus b[oc].
 */
void
dkg_conv_transpose2d_forward (float *out, const float *inp, const float *w, const float *b,
                              float *scratch, const DkgConvTranspose2dShape *s)
{
  int OH, OW, OCKK, NR;
  gsize in_sz, out_sz, plane, in_plane;

  g_return_if_fail (out != NULL && inp != NULL && w != NULL && scratch != NULL && s != NULL);
  OH = dkg_conv_transpose2d_out_h (s);
  OW = dkg_conv_transpose2d_out_w (s);
  OCKK = s->OC * s->K * s->K;
  NR = band_rows (s);
  plane = (gsize) OH * OW;
  in_plane = (gsize) s->H * s->W;
  in_sz = (gsize) s->C * in_plane;
  out_sz = (gsize) s->OC * plane;

  for (int bi = 0; bi < s->B; bi++)
    {
      const float *x = inp + bi * in_sz;
      float *y = out + bi * out_sz;

      memset (y, 0, sizeof (float) * out_sz);
      for (int h0 = 0; h0 < s->H; h0 += NR)
        {
          int h1 = MIN (h0 + NR, s->H);
          int N = (h1 - h0) * s->W;

          /* col (OCKK, N) = wᵀ (OCKK, C) · x[:, band] (C, N) */
          cblas_sgemm (CblasRowMajor, CblasTrans, CblasNoTrans, OCKK, N, s->C, 1.0f, w, OCKK,
                       x + (gsize) h0 * s->W, (int) in_plane, 0.0f, scratch, N);
          dkg_col2im (y, scratch, s->OC, OH, OW, s->K, s->S, s->P, s->W, h0, h1);
        }
      if (b != NULL)
        for (int oc = 0; oc < s->OC; oc++)
          {
            float *yo = y + oc * plane;

            for (gsize i = 0; i < plane; i++)
              yo[i] += b[oc];
          }
    }
}

/**
 * dkg_conv_transpose2d_backward:
 * @dinp: (nullable) (inout): (B, C, H, W), accumulated into
 * @dw: (nullable) (inout): (C, OC, K, K), accumulated into
 * @db: (nullable) (inout): (OC), accumulated into
 * @dout: (B, OC, OH, OW)
 * @inp: (B, C, H, W), the forward input
 * @w: (C, OC, K, K)
 * @scratch: dkg_conv_transpose2d_scratch_floats() floats
 * @s: the shape
 *
 * The gradients of dkg_conv_transpose2d_forward(): with col = im2col(dout[b]) (the Conv2d
 * geometry OC·OH·OW → H·W), dinp[b] += w · col (a Conv2d forward), dw += inp[b] · colᵀ,
 * db[oc] += Σ dout[b, oc, :, :].
 */
void
dkg_conv_transpose2d_backward (float *dinp, float *dw, float *db, const float *dout,
                               const float *inp, const float *w, float *scratch,
                               const DkgConvTranspose2dShape *s)
{
  int OH, OW, OCKK, NR;
  gsize in_sz, out_sz, plane, in_plane;

  g_return_if_fail (dout != NULL && inp != NULL && w != NULL && scratch != NULL && s != NULL);
  OH = dkg_conv_transpose2d_out_h (s);
  OW = dkg_conv_transpose2d_out_w (s);
  OCKK = s->OC * s->K * s->K;
  NR = band_rows (s);
  plane = (gsize) OH * OW;
  in_plane = (gsize) s->H * s->W;
  in_sz = (gsize) s->C * in_plane;
  out_sz = (gsize) s->OC * plane;

  for (int bi = 0; bi < s->B; bi++)
    {
      const float *x = inp + bi * in_sz;
      const float *dy = dout + bi * out_sz;

      if (db != NULL)
        for (int oc = 0; oc < s->OC; oc++)
          {
            const float *d = dy + oc * plane;
            float acc = 0.0f;

            for (gsize i = 0; i < plane; i++)
              acc += d[i];
            db[oc] += acc;
          }
      if (dw == NULL && dinp == NULL)
        continue;
      for (int h0 = 0; h0 < s->H; h0 += NR)
        {
          int h1 = MIN (h0 + NR, s->H);
          int N = (h1 - h0) * s->W;

          dkg_im2col (scratch, dy, s->OC, OH, OW, s->K, s->S, s->P, s->W, h0, h1);
          if (dinp != NULL)
            /* dinp[:, band] (C, N) += w (C, OCKK) · col (OCKK, N) */
            cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans, s->C, N, OCKK, 1.0f, w, OCKK,
                         scratch, N, 1.0f, dinp + bi * in_sz + (gsize) h0 * s->W,
                         (int) in_plane);
          if (dw != NULL)
            /* dw (C, OCKK) += x[:, band] (C, N) · colᵀ (N, OCKK) */
            cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasTrans, s->C, OCKK, N, 1.0f,
                         x + (gsize) h0 * s->W, (int) in_plane, scratch, N, 1.0f, dw, OCKK);
        }
    }
}
