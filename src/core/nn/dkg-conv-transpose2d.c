/* dkg-conv-transpose2d.c — ConvTranspose2d forward and backward
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
 * Each product runs as above (col2im/im2col + cblas_sgemm) or on the direct kernels of
 * dkg-conv-direct.c — the forward as that Conv2d's transpose product, the input gradient as
 * its forward product, the weight gradient as its weight product with inp in the role of the
 * output gradient — whichever _dkg_conv_use_direct() finds faster.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <cblas.h>
#include <string.h>

#include "dkg-conv-private.h"
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

/* The Conv2d (OC, OH, OW) → (C, H, W) whose adjoint this layer is. */
static DkgConvGeom
geom (const DkgConvTranspose2dShape *s)
{
  DkgConvGeom g = { s->OC, dkg_conv_transpose2d_out_h (s), dkg_conv_transpose2d_out_w (s), s->C,
                    s->K, s->S, s->P };

  return g;
}

/* The direct kernels need that Conv2d to map OH back onto exactly H (OP < S). */
static gboolean
use_direct (const DkgConvTranspose2dShape *s, DkgConvProduct product)
{
  DkgConvGeom g = geom (s);

  return s->OP < s->S && _dkg_conv_use_direct (&g, product);
}

/**
 * dkg_conv_transpose2d_scratch_floats:
 * @s: the shape
 *
 * Returns: floats of scratch that dkg_conv_transpose2d_forward() and
 * dkg_conv_transpose2d_backward() need: a column band (OC·K·K, NR·W), NR input rows chosen to
 * keep it in cache and never above %DKG_IM2COL_MAX_FLOATS (32 MiB) unless one row needs more,
 * and/or the direct kernels' packed weights and bands of a few padded rows. Independent of B.
 */
gsize
dkg_conv_transpose2d_scratch_floats (const DkgConvTranspose2dShape *s)
{
  DkgConvGeom g;
  gsize n;

  g_return_val_if_fail (s != NULL, 0);
  g = geom (s);
  /* enough for either path, whichever each product takes */
  n = (gsize) s->OC * s->K * s->K * (gsize) band_rows (s) * (gsize) s->W;
  if (s->OP < s->S && _dkg_conv_direct_supported (&g))
    n = MAX (n, _dkg_conv_direct_scratch_floats (&g));
  return MAX (n, 1);
}

/* One image by GEMM + col2im: y (OC, OH, OW) += col2im(wᵀ · x), band by band of input rows. */
static void
forward_gemm (float *y, const float *x, const float *w, float *col,
              const DkgConvTranspose2dShape *s)
{
  int OH = dkg_conv_transpose2d_out_h (s), OW = dkg_conv_transpose2d_out_w (s);
  int OCKK = s->OC * s->K * s->K, NR = band_rows (s);
  gsize in_plane = (gsize) s->H * s->W;

  for (int h0 = 0; h0 < s->H; h0 += NR)
    {
      int h1 = MIN (h0 + NR, s->H);
      int N = (h1 - h0) * s->W;

      /* col (OCKK, N) = wᵀ (OCKK, C) · x[:, band] (C, N) */
      cblas_sgemm (CblasRowMajor, CblasTrans, CblasNoTrans, OCKK, N, s->C, 1.0f, w, OCKK,
                   x + (gsize) h0 * s->W, (int) in_plane, 0.0f, col, N);
      dkg_col2im (y, col, s->OC, OH, OW, s->K, s->S, s->P, s->W, h0, h1);
    }
}

/* One image by im2col + GEMM: dx += w · im2col(dy) (if dx), dw += x · im2col(dy)ᵀ (if dw). */
static void
backward_gemm (float *dx, float *dw, const float *dy, const float *x, const float *w, float *col,
               const DkgConvTranspose2dShape *s)
{
  int OH = dkg_conv_transpose2d_out_h (s), OW = dkg_conv_transpose2d_out_w (s);
  int OCKK = s->OC * s->K * s->K, NR = band_rows (s);
  gsize in_plane = (gsize) s->H * s->W;

  for (int h0 = 0; h0 < s->H; h0 += NR)
    {
      int h1 = MIN (h0 + NR, s->H);
      int N = (h1 - h0) * s->W;

      dkg_im2col (col, dy, s->OC, OH, OW, s->K, s->S, s->P, s->W, h0, h1);
      if (dx != NULL)
        /* dx[:, band] (C, N) += w (C, OCKK) · col (OCKK, N) */
        cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans, s->C, N, OCKK, 1.0f, w, OCKK,
                     col, N, 1.0f, dx + (gsize) h0 * s->W, (int) in_plane);
      if (dw != NULL)
        /* dw (C, OCKK) += x[:, band] (C, N) · colᵀ (N, OCKK) */
        cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasTrans, s->C, OCKK, N, 1.0f,
                     x + (gsize) h0 * s->W, (int) in_plane, col, N, 1.0f, dw, OCKK);
    }
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
  DkgConvGeom g;
  gboolean direct;
  gsize in_sz, out_sz, plane;
  int OCKK;

  g_return_if_fail (out != NULL && inp != NULL && w != NULL && scratch != NULL && s != NULL);
  g = geom (s);
  direct = use_direct (s, DKG_CONV_TRANSPOSE);
  OCKK = s->OC * s->K * s->K;
  plane = (gsize) dkg_conv_transpose2d_out_h (s) * dkg_conv_transpose2d_out_w (s);
  in_sz = (gsize) s->C * s->H * s->W;
  out_sz = (gsize) s->OC * plane;

  for (int bi = 0; bi < s->B; bi++)
    {
      const float *x = inp + bi * in_sz;
      float *y = out + bi * out_sz;

      memset (y, 0, sizeof (float) * out_sz);
      if (direct)
        {
          DkgWeightView wv = { w, OCKK, s->K * s->K, s->K, 1 };

          _dkg_conv_direct_transpose (y, x, &wv, &g, scratch);
        }
      else
        forward_gemm (y, x, w, scratch, s);
      if (b != NULL)
        _dkg_conv_add_bias (y, b, s->OC, plane);
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
 * db[oc] += Σ dout[b, oc, :, :] — each as a GEMM or by the direct kernels.
 */
void
dkg_conv_transpose2d_backward (float *dinp, float *dw, float *db, const float *dout,
                               const float *inp, const float *w, float *scratch,
                               const DkgConvTranspose2dShape *s)
{
  DkgConvGeom g;
  gboolean direct_dx, direct_dw;
  gsize in_sz, out_sz, plane;
  int OCKK;

  g_return_if_fail (dout != NULL && inp != NULL && w != NULL && scratch != NULL && s != NULL);
  g = geom (s);
  direct_dx = use_direct (s, DKG_CONV_FORWARD);
  direct_dw = use_direct (s, DKG_CONV_WEIGHT);
  OCKK = s->OC * s->K * s->K;
  plane = (gsize) dkg_conv_transpose2d_out_h (s) * dkg_conv_transpose2d_out_w (s);
  in_sz = (gsize) s->C * s->H * s->W;
  out_sz = (gsize) s->OC * plane;

  for (int bi = 0; bi < s->B; bi++)
    {
      const float *x = inp + bi * in_sz;
      const float *dy = dout + bi * out_sz;
      float *dx = dinp != NULL ? dinp + bi * in_sz : NULL;
      DkgWeightView wv = { w, OCKK, s->K * s->K, s->K, 1 };
      DkgWeightGradView dwv = { dw, OCKK, s->K * s->K, s->K, 1 };

      if (db != NULL)
        _dkg_conv_bias_grad (db, dy, s->OC, plane);
      if ((dx != NULL && !direct_dx) || (dw != NULL && !direct_dw))
        backward_gemm (direct_dx ? NULL : dx, direct_dw ? NULL : dw, dy, x, w, scratch, s);
      if (dx != NULL && direct_dx)
        _dkg_conv_direct_forward (dx, TRUE, NULL, dy, &wv, &g, scratch);
      if (dw != NULL && direct_dw)
        _dkg_conv_direct_weight_grad (&dwv, x, dy, &g, scratch);
    }
}
